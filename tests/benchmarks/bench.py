"""End-to-end benchmark of the msk-connect-iam command line (run: ``make bench``; not part of
the test suite, which never times anything).

For 1, 10, 100 and 1,000 sink connectors, once without ``aws_permissions`` and once with two
``aws_permissions`` statements each, it runs ``msk-connect-iam generate`` into a new folder and
then ``msk-connect-iam check`` on the result, the two alternating, each ``--repeat`` times (3x as
often for the import floors and sizes under 100 connectors, whose short runs are noisier) as
separate processes (the
median counts: of the CPU time, user + system, by default, as it does not depend on what else
the machine runs; ``--clock wall`` for elapsed time), and records every process's peak resident memory (``os.wait4``
rusage). It also times ``python -c "import click, jinja2, yaml"`` (the import floor of our stack)
and ``python -c "import msk_connect_iam.cli"``.

Before timing, it byte-compiles the msk_connect_iam package (``compileall``), as installing the
wheel with pip does: with ``PYTHONDONTWRITEBYTECODE`` set and an editable install, every run
would otherwise compile our sources again (about 80 ms). The user cache (compiled templates, the
IAM database index; README "Speed") is warm after the first run; ``--cold-cache`` gives every
process an empty ``XDG_CACHE_HOME`` instead.

Output folders: every ``generate`` writes into a folder of its own that did not exist before,
under ``--out-dir`` (default: a new folder in tmpfs, ``/dev/shm``, where it exists, else in the
system's temporary folder), and nothing is deleted until every measurement is taken. The
default keeps the figures about this tool: on this machine's ext4 disk (a virtual disk mounted
with ``discard``), creating files and folders after a large deletion anywhere on the disk costs
up to ten times the system time of creating them otherwise (measured: 6,000 empty files in one
folder, 0.1 s of system time normally, 1.1-1.7 s after an ``rm -rf`` of 6,000 files of 3 KB;
a 1,000-connector ``generate``, 0.2-0.5 s of system time normally, 1.7-7 s after such a
deletion), and the state lasts until new files have reused the freed space. The table gives
generate's system time apart, so what the file system costs stays visible; ``--out-dir`` on a
disk measures that disk.

It prints a table with the per-connector marginal cost ((t(N) - t(1)) / (N - 1)) and checks the
targets of issue 6, as ratios measured in the same run:

- generate for 1 connector within 2x the import floor;
- generate for 1,000 connectors within 8x generate for 1;
- check no slower than generate (1,000 connectors);
- peak memory for 1,000 connectors under 200 MB.

Exit status 0 when every target holds, 1 otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZES = (1, 10, 100, 1000)
#: Short runs (import floors, fewer than 100 connectors) are repeated this many times more.
SHORT_RUNS_FACTOR = 3
CLUSTER = "arn:aws:kafka:us-east-1:123456789012:cluster/analytics/7c1f0b2e-5a8d-4b1e-9f3a-2d6c8e4b1a90-3"


def manifest_text(n: int, aws_permissions: bool) -> str:
    """A manifest of ``n`` sink connectors reading two topics each, optionally with two
    ``aws_permissions`` statements (S3 objects and bucket) each."""
    lines = ["version: 1", "defaults:", "  cluster:", f"    arn: {CLUSTER}", "    authentication: iam",
             "  role:", "    path: /msk-connect/", "    tags: {team: data-platform}", "connectors:"]
    for i in range(n):
        lines += [f"  - name: sink-{i:04d}", "    type: sink", f"    topics: [orders-{i}, payments-{i}]"]
        if aws_permissions:
            lines += ["    aws_permissions:",
                      "      - sid: Objects",
                      "        actions: [s3:PutObject, s3:AbortMultipartUpload]",
                      f'        resources: ["arn:aws:s3:::archive-{i:04d}/*"]',
                      "      - sid: Bucket",
                      "        actions: [s3:ListBucket, s3:GetBucketLocation]",
                      f'        resources: ["arn:aws:s3:::archive-{i:04d}"]']
    return "\n".join(lines) + "\n"


COLD_CACHE: Path | None = None  # set by --cold-cache: an XDG_CACHE_HOME emptied before every run
CLOCK = "cpu"  # --clock: "cpu" (user + system time of the process) or "wall"


def run(cmd: list[str], expect: int = 0) -> tuple[float, float, float]:
    """Run ``cmd``; return (seconds by ``CLOCK``, peak RSS in MB, system CPU seconds) of that
    process. Fails on another exit code."""
    env = None
    if COLD_CACHE is not None:
        shutil.rmtree(COLD_CACHE, ignore_errors=True)
        env = dict(os.environ, XDG_CACHE_HOME=str(COLD_CACHE))
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code
    if code != expect:
        raise SystemExit(f"{' '.join(cmd)} exited {code}:\n{proc.stderr.read().decode(errors='replace')}")
    proc.stderr.close()
    cpu = usage.ru_utime + usage.ru_stime
    return (cpu if CLOCK == "cpu" else wall), usage.ru_maxrss / 1024.0, usage.ru_stime


def median_run(cmd: list[str], repeat: int) -> tuple[float, float]:
    """Median time (``CLOCK``) and max peak RSS over ``repeat`` runs of ``cmd``."""
    runs = [run(cmd) for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5,
                        help="runs per measurement (the median counts); the import floors and sizes under 100 "
                             f"connectors, whose runs are short and so noisier, get {SHORT_RUNS_FACTOR}x as many")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--cold-cache", action="store_true",
                        help="run every process with an empty user cache (XDG_CACHE_HOME)")
    parser.add_argument("--out-dir", type=Path, default=None,
                        help="a new folder to generate into (created; must not exist); default: a new folder in /dev/shm "
                             "(tmpfs) where it exists, else in the temporary folder. It is deleted at the end")
    parser.add_argument("--clock", choices=("cpu", "wall"), default="cpu",
                        help="cpu: user+system time of each process (default; stable on a shared machine); "
                             "wall: elapsed time")
    args = parser.parse_args(argv)
    global CLOCK
    CLOCK = args.clock
    import compileall

    import msk_connect_iam

    compileall.compile_dir(str(Path(msk_connect_iam.__file__).parent), quiet=1)
    exe = shutil.which("msk-connect-iam", path=str(Path(sys.executable).parent)) or "msk-connect-iam"
    py = sys.executable

    short = args.repeat * SHORT_RUNS_FACTOR
    floor, _ = median_run([py, "-c", "import click, jinja2, yaml"], short)
    cli_import, cli_import_mem = median_run([py, "-c", "import msk_connect_iam.cli"], short)
    print(f"clock: {CLOCK} time (median of {args.repeat} runs; of {short} for the import floors and "
          "fewer than 100 connectors)")
    print(f"import floor (python -c 'import click, jinja2, yaml'): {floor * 1000:7.1f} ms")
    print(f"CLI import   (python -c 'import msk_connect_iam.cli'): {cli_import * 1000:7.1f} ms, "
          f"peak {cli_import_mem:.0f} MB")
    print()

    if args.out_dir is not None:
        args.out_dir.mkdir(parents=True)
        scratch = contextlib.nullcontext(str(args.out_dir))
    else:
        shm = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
        scratch = tempfile.TemporaryDirectory(prefix="msk-bench-", dir=shm)
    try:
        with scratch as tmp:
            tmp = Path(tmp)
            print(f"output folders under {tmp}: {_filesystem(tmp)}\n")
            results = measure(exe, args, tmp)
    finally:
        if args.out_dir is not None:
            shutil.rmtree(args.out_dir, ignore_errors=True)
    return report(results, args, floor)


def _filesystem(path: Path) -> str:
    """The file system type of ``path`` (from /proc/mounts: the longest mount point above it)."""
    best, kind = "", "unknown file system"
    try:
        with open("/proc/mounts", encoding="utf-8") as mounts:
            for line in mounts:
                _, point, fstype, *_ = line.split()
                if (str(path.resolve()) + "/").startswith(point.rstrip("/") + "/") and len(point) >= len(best):
                    best, kind = point, f"{fstype} (mounted at {point})"
    except OSError:
        pass
    return kind


def measure(exe: str, args, tmp: Path) -> dict:
    """Time generate (each run into a new folder) and check for every size and variant."""
    global COLD_CACHE
    results: dict[tuple[str, int], dict] = {}
    if args.cold_cache:
        COLD_CACHE = tmp / "xdg-cache"
        print("user cache: cold (empty XDG_CACHE_HOME for every process)\n")
    for variant, aws in (("no aws_permissions", False), ("aws_permissions", True)):
        for n in args.sizes:
            m = tmp / f"{'aws' if aws else 'plain'}-{n}.yaml"
            m.write_text(manifest_text(n, aws))
            runs = args.repeat * (SHORT_RUNS_FACTOR if n < 100 else 1)
            gens, checks = [], []
            for k in range(runs):  # generate and check alternate, so that drift hits both alike
                out = str(tmp / f"out-{'aws' if aws else 'plain'}-{n}-{k}")
                gens.append(run([exe, "generate", str(m), "-o", out]))
                checks.append(run([exe, "check", str(m), "-o", out]))
            results[(variant, n)] = {"generate": statistics.median(g[0] for g in gens),
                                     "generate_sys": statistics.median(g[2] for g in gens),
                                     "check": statistics.median(c[0] for c in checks),
                                     "peak": max(r[1] for r in gens + checks)}
    return results


def report(results: dict, args, floor: float) -> int:
    """Print the table and the targets; 0 when every target holds, else 1."""
    header = (f"{'connectors':>10} | {'variant':<18} | {'generate s':>10} | {'of it sys':>9} | {'check s':>8} | "
              f"{'marginal ms/conn (gen)':>22} | {'marginal ms/conn (check)':>24} | {'peak MB':>7}")
    print(header)
    print("-" * len(header))
    for (variant, n), r in results.items():
        base = results[(variant, args.sizes[0])]
        if n == args.sizes[0]:
            mg = mc = "-"
        else:
            mg = f"{(r['generate'] - base['generate']) / (n - args.sizes[0]) * 1000:.2f}"
            mc = f"{(r['check'] - base['check']) / (n - args.sizes[0]) * 1000:.2f}"
        print(f"{n:>10} | {variant:<18} | {r['generate']:>10.3f} | {r['generate_sys']:>9.3f} | {r['check']:>8.3f} | "
              f"{mg:>22} | {mc:>24} | "
              f"{r['peak']:>7.0f}")
    print()

    failures = []

    def target(label: str, ok: bool, detail: str) -> None:
        print(f"[{'ok' if ok else 'FAIL'}] {label}: {detail}")
        if not ok:
            failures.append(label)

    small, big = min(args.sizes), max(args.sizes)
    for variant in ("no aws_permissions", "aws_permissions"):
        g1, gbig = results[(variant, small)]["generate"], results[(variant, big)]["generate"]
        cbig, peak = results[(variant, big)]["check"], results[(variant, big)]["peak"]
        target(f"{variant}: generate {small} within 2x import floor", g1 <= 2 * floor,
               f"{g1 * 1000:.0f} ms = {g1 / floor:.2f}x floor {floor * 1000:.0f} ms")
        target(f"{variant}: generate {big} within 8x generate {small}", gbig <= 8 * g1,
               f"{gbig:.3f} s = {gbig / g1:.2f}x")
        target(f"{variant}: check {big} no slower than generate {big}", cbig <= gbig,
               f"check {cbig:.3f} s vs generate {gbig:.3f} s ({cbig / gbig:.2f}x)")
        target(f"{variant}: peak memory {big} under 200 MB", peak < 200, f"{peak:.0f} MB")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
