"""The ``msk-connect-iam`` command line: a thin adapter over the library.

Commands gather options and call :mod:`msk_connect_iam.manifest` and :mod:`msk_connect_iam.output`;
one handler turns :class:`~msk_connect_iam.errors.MskConnectIamError` into messages on stderr and
the exit codes of :mod:`msk_connect_iam.errors`.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import click

from . import __version__
from .errors import EXIT_CODES, EXIT_DRIFT, EXIT_OK, ManifestError, MskConnectIamError, OutputError

EXIT_CODES_HELP = "\b\nExit codes:\n" + "\n".join(f"  {code}  {meaning}" for code, meaning in EXIT_CODES)


def _safe_streams() -> None:
    """Never crash while reporting: characters the terminal cannot encode become escapes."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError):  # pragma: no cover - replaced streams (tests, pipes)
            pass


def _handle_errors(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        _safe_streams()
        try:
            return func(*args, **kwargs)
        except ManifestError as exc:
            for problem in exc.problems:
                click.echo(f"error: {problem.format()}", err=True)
            n = len(exc.problems)
            click.echo(f"{n} problem{'s' if n != 1 else ''} found; nothing was written.", err=True)
            sys.exit(exc.exit_code)
        except MskConnectIamError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)
    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_CODES_HELP)
@click.version_option(__version__, prog_name="msk-connect-iam")
def main() -> None:
    """Generate Terraform modules for Amazon MSK Connect service execution roles.

    Reads a YAML manifest of connectors (see docs/manifest.md) and writes one least-privilege
    IAM role module per connector.
    """


class _NonEmptyPath(click.Path):
    """click.Path that refuses an empty argument (``-o "$UNSET"`` would otherwise mean the current folder)."""

    def convert(self, value, param, ctx):
        if isinstance(value, str) and not value.strip():
            self.fail("found an empty path; name the folder or file (the current folder is '.')", param, ctx)
        return super().convert(value, param, ctx)


_manifest_arg = click.argument("manifest", type=click.Path(exists=True, dir_okay=False, path_type=Path))
_output_opt = click.option("-o", "--output", "output", required=True,
                           type=_NonEmptyPath(file_okay=False, path_type=Path),
                           help="Output folder; each connector's module goes to OUTPUT/<connector-name>/.")


def _layout_opts(func):
    func = click.option("--namespace", metavar="NS", default=None,
                        help="With --layout registry: the registry namespace the README's usage names "
                             "(source = \"NS/<name>/aws\"; default example-org).")(func)
    func = click.option("--connector", "connectors", metavar="NAME", multiple=True,
                        help="With --layout registry: only this connector (repeatable; default all).")(func)
    func = click.option("--layout", type=click.Choice(["modules", "registry"]), default="modules", show_default=True,
                        help="modules: OUTPUT/<connector>/; registry: OUTPUT/terraform-aws-<name>/, a repository "
                             "ready to tag and publish to a Terraform registry.")(func)
    return func


_root_opt = click.option("--root-module", "root_module", type=click.Path(file_okay=False, path_type=Path),
                         help="Also a root configuration in this folder (versions.tf, variables.tf, main.tf, "
                              "outputs.tf) calling every connector's module and defining its "
                              "aws_mskconnect_connector behind var.create_connector.")


@main.command(epilog=EXIT_CODES_HELP)
@_manifest_arg
@_output_opt
@click.option("--prune", is_flag=True, help="Remove modules this manifest generated earlier for connectors it no longer has.")
@_root_opt
@_layout_opts
@_handle_errors
def generate(manifest: Path, output: Path, prune: bool, root_module: Path | None, layout: str,
             connectors: tuple[str, ...], namespace: str | None) -> None:
    """Write one Terraform module per connector of MANIFEST into OUTPUT.

    Validates and renders everything before writing anything; replaces files atomically and
    leaves unchanged files alone.
    """
    from . import manifest as manifest_mod
    from . import output as output_mod

    model = manifest_mod.load(manifest)
    plan = output_mod.plan(model, manifest, output, layout, connectors, namespace)
    root_plan = output_mod.plan_root(model, manifest, output, root_module) if root_module else None
    output_mod.check_writable(plan)
    if root_plan:
        output_mod.check_writable(root_plan)
        output_mod.check_overwritable(root_plan)
    try:
        drift = output_mod.write(plan, prune=prune)
        root_drift = output_mod.write(root_plan) if root_plan else None
    except OSError as exc:  # disk full, read-only file system, ... after the checks above
        raise OutputError(f"cannot write into {output}: {exc.strerror or exc}"
                          f"{f' ({exc.filename})' if exc.filename else ''}") from exc
    if root_plan:
        n = len(root_drift.missing) + len(root_drift.changed)
        click.echo(f"root configuration in {root_module}: {n} file(s) written, {len(root_plan.files) - n} unchanged.")
    _print_warnings(model)
    written = len(drift.missing) + len(drift.changed)
    n_modules = len({rel.split("/", 1)[0] for rel in plan.files})
    click.echo(f"{n_modules} module(s) in {output}: {written} file(s) written, "
               f"{len(plan.files) - written} unchanged.")
    for rel in drift.leftover:
        click.echo(f"{rel}: removed (temporary file of an interrupted run)")
    for rel in drift.extra:
        verb = "removed" if prune else "stale (connector no longer in the manifest; use --prune to remove)"
        click.echo(f"{rel}: {verb}")


@main.command(epilog=EXIT_CODES_HELP)
@_manifest_arg
@_output_opt
@_root_opt
@_layout_opts
@_handle_errors
def check(manifest: Path, output: Path, root_module: Path | None, layout: str, connectors: tuple[str, ...],
          namespace: str | None) -> None:
    """Check that OUTPUT holds exactly what MANIFEST generates; write nothing.

    Renders in memory and compares with OUTPUT: prints a unified diff of changed files plus the
    missing ones and the extra (stale) modules this manifest generated earlier, and exits 3 when
    they differ. Modules of other manifests sharing OUTPUT are ignored (their header names their
    own manifest). Suitable as a CI step or pre-commit hook (.pre-commit-hooks.yaml).
    """
    from . import manifest as manifest_mod
    from . import output as output_mod

    model = manifest_mod.load(manifest)
    drift = output_mod.check(output_mod.plan(model, manifest, output, layout, connectors, namespace))
    if root_module:
        root_drift = output_mod.check(output_mod.plan_root(model, manifest, output, root_module))
        prefix = root_module.as_posix().rstrip("/") + "/"
        drift.missing += [prefix + r for r in root_drift.missing]
        drift.changed += [prefix + r for r in root_drift.changed]
        drift.diff += root_drift.diff
    if drift.clean:
        click.echo(f"{output} is up to date with {manifest}.")
        sys.exit(EXIT_OK)
    if drift.diff:
        click.echo(drift.diff, nl=False)
    for rel in drift.missing:
        click.echo(f"missing: {rel}")
    for rel in drift.changed:
        click.echo(f"changed: {rel}")
    for rel in drift.extra:
        click.echo(f"extra: {rel}")
    for rel in drift.leftover:
        click.echo(f"leftover: {rel} (temporary file of an interrupted run)")
    click.echo(f"{output} differs from what {manifest} generates; run msk-connect-iam generate.", err=True)
    sys.exit(EXIT_DRIFT)


def _print_warnings(model) -> None:
    for c in model.connectors:
        for w in c.analysis.warnings:
            click.echo(f"warning: connector {c.name}: {w}", err=True)


@main.command(epilog=EXIT_CODES_HELP)
@_manifest_arg
@click.option("--connector", "connector", metavar="NAME", help="Explain this connector only.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json (a list of objects) for tools.")
@_handle_errors
def explain(manifest: Path, connector: str | None, fmt: str) -> None:
    """Print every (action, resource) the roles of MANIFEST grant, and why.

    For each pair: the manifest key or connector/worker configuration property that caused it,
    the rule (AWS page, Kafka Connect or catalog kind) and its documentation link. Writes nothing.
    """
    from dataclasses import asdict

    from . import manifest as manifest_mod
    from .explain import explain as explain_rows
    from .explain import format_text

    model = manifest_mod.load(manifest)
    if connector is not None and connector not in {c.name for c in model.connectors}:
        names = ", ".join(c.name for c in model.connectors)
        raise click.UsageError(f"no connector named '{connector}' in {manifest} (it has: {names})")
    rows = explain_rows(model, connector)
    if fmt == "json":
        click.echo(json.dumps([asdict(r) for r in rows], indent=2))
    else:
        warnings = {c.name: c.analysis.warnings for c in model.connectors}
        click.echo(format_text(rows, warnings), nl=False)


@main.command("import", epilog=EXIT_CODES_HELP)
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--cluster-arn", "cluster_arns", multiple=True, metavar="[TEXT=]ARN",
              help="MSK cluster ARN of the connectors (the inputs only name bootstrap servers). Repeat as "
                   "TEXT=ARN to pick the cluster whose bootstrap servers contain TEXT (a host name, or a "
                   "Terraform reference such as aws_msk_cluster.main); also used for MirrorMaker 2's "
                   "source.cluster.bootstrap.servers.")
@click.option("--worker-properties", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Worker configuration properties file (create-connector JSON names the worker "
                   "configuration only by ARN).")
@click.option("--format", "fmt", type=click.Choice(["auto", "json", "terraform"]), default="auto", show_default=True,
              help="Input format; auto: .tf files and folders are Terraform, anything else create-connector JSON.")
@click.option("-o", "--output", "output", type=_NonEmptyPath(dir_okay=False, path_type=Path),
              help="Write the manifest to this file (refused if it exists, unless --force); default: stdout.")
@click.option("--force", is_flag=True, help="Overwrite --output if it exists.")
@_handle_errors
def import_(inputs, cluster_arns, worker_properties, fmt, output, force) -> None:
    """Write a manifest from existing connector definitions.

    INPUTS are JSON files of 'aws kafkaconnect create-connector --cli-input-json' and/or Terraform
    .tf files or folders with aws_mskconnect_connector and aws_mskconnect_worker_configuration
    resources. Credentials in clear text are written as REDACTED. The result is validated: what
    needs editing (for example 'type' for a connector class the catalog does not know) is printed
    as warnings on stderr.
    """
    import os

    from . import importer
    from .loader import load_yaml
    from .manifest import validate

    terraform = {"auto": None, "json": False, "terraform": True}[fmt]
    text, notes = importer.run(list(inputs), worker_properties, cluster_arns, terraform)
    for note in notes:
        click.echo(f"note: {note}", err=True)
    display = str(output) if output else "<imported manifest>"
    try:
        model = validate(load_yaml(text, display))
        for c in model.connectors:
            for w in c.analysis.warnings:
                click.echo(f"warning: connector {c.name}: {w}", err=True)
    except ManifestError as exc:
        for problem in exc.problems:
            click.echo(f"needs editing: {problem.format()}", err=True)
    if output is None:
        click.echo(text, nl=False)
        return
    if output.exists() and not force:
        raise click.UsageError(f"{output} exists; pass --force to overwrite it")
    import tempfile

    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=output.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, output)
    except OSError as exc:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
        raise OutputError(f"cannot write {output}: {exc.strerror or exc}") from exc
    click.echo(f"wrote {output}", err=True)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
def kinds(fmt: str) -> None:
    """List the catalog's connector kinds: id, sink/source, connector.class values, documentation.

    A connector whose connector.class is listed gets its type, topics and permissions derived from
    its connector_configuration; docs/catalog.md says which document each permission rests on.
    The AWS Glue Schema Registry converters are recognised in any connector.
    """
    from .catalog import KINDS

    rows = [{"id": k.id, "type": k.type, "title": k.title, "classes": list(k.classes), "doc": k.doc} for k in KINDS]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        click.echo(f"{row['id']} ({row['type']}): {row['title']}")
        for cls in row["classes"]:
            click.echo(f"    {cls}")
        click.echo(f"    see {row['doc']}")


@main.command()
def schema() -> None:
    """Print the manifest's JSON Schema (for editors and validators)."""
    from .manifest import schema as load_schema

    click.echo(json.dumps(load_schema(), indent=2))


if __name__ == "__main__":  # pragma: no cover
    main()
