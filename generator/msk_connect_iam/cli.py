"""The ``msk-connect-iam`` command line: a thin adapter over the library.

Commands gather options, call :mod:`msk_connect_iam.api` and print its results; one handler
turns :class:`~msk_connect_iam.errors.MskConnectIamError` into messages on stderr and the exit
codes of :mod:`msk_connect_iam.errors` (its :class:`~msk_connect_iam.errors.UsageError` as
click's usage error, exit 2).
"""

from __future__ import annotations

import functools
import gc
import json
import sys
from pathlib import Path

import click

from msk_connect_iam import __version__
from msk_connect_iam.errors import EXIT_CODES, EXIT_NEEDS_EDITING, ManifestError, MskConnectIamError, UsageError

EXIT_CODES_HELP = "\b\nExit codes:\n" + "\n".join(f"  {code}  {meaning}" for code, meaning in EXIT_CODES)


#: Garbage-collector thresholds for a run of the ``msk-connect-iam`` command (Python's defaults
#: are 700, 10, 10). A run builds its whole model, every rendered file and the YAML node tree,
#: almost all of it alive until the end and free of reference cycles; at the defaults each new
#: batch of objects is traversed again and again. Measured on a 1,000-connector manifest with
#: ``aws_permissions``: 2.1 s CPU at the defaults, 1.6 s with these, the same as with no
#: collection at all, and the same peak memory (65 MB): the run makes no cyclic garbage worth
#: collecting. Cycles are still collected.
GC_THRESHOLDS = (10_000, 50, 100)


def run() -> None:
    """Console-script entry (``msk-connect-iam``): :func:`main` with the garbage collector set for
    one short run: what the imports created is frozen out of every collection (``gc.freeze``)
    and the thresholds are :data:`GC_THRESHOLDS`. Library use and ``click.testing`` call
    :func:`main` and keep the interpreter's settings."""
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    main()


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
        except UsageError as exc:
            for line in exc.details:
                click.echo(line, err=True)
            raise click.UsageError(str(exc)) from None
        except ManifestError as exc:
            for problem in exc.problems:
                click.echo(f"error: {problem.format()}", err=True)
            n = len(exc.problems)
            click.echo(f"{n} problem{'s' if n != 1 else ''} found; nothing was written.", err=True)
            sys.exit(exc.exit_code)
        except MskConnectIamError as exc:
            for line in exc.details:
                click.echo(line, err=True)
            click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)
    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_CODES_HELP)
@click.version_option(__version__, prog_name="msk-connect-iam")
def main() -> None:
    """Generate Terraform modules for Amazon MSK Connect service execution roles.

    Reads a YAML manifest of connectors and writes one least-privilege IAM role module per
    connector.

    \b
    The manifest reference:
    https://github.com/msk-connect-iam/msk-connect-iam/blob/main/docs/manifest.md
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
    from msk_connect_iam import api

    result = api.generate(manifest, output, prune=prune, root_module=root_module, layout=layout,
                          connectors=connectors, namespace=namespace)
    _print_generated(result, prune)


def _print_generated(result, prune: bool) -> None:
    """What ``generate`` reports: the root configuration's files, the connectors' warnings, the
    modules' files, then leftovers removed, stale modules and foreign files."""
    from msk_connect_iam.api import FOREIGN_HINT

    if result.root:
        root = result.root
        click.echo(f"root configuration in {root.folder}: {root.written} file(s) written, "
                   f"{root.files - root.written} unchanged.")
    _print_warnings(result.manifest)
    modules, drift = result.modules, result.modules.drift
    click.echo(f"{result.module_count} module(s) in {modules.folder}: {modules.written} file(s) written, "
               f"{modules.files - modules.written} unchanged.")
    for rel in drift.leftover:
        click.echo(f"{rel}: removed (temporary file of an interrupted run)")
    for rel in drift.extra:
        verb = "removed" if prune else "stale (connector no longer in the manifest; use --prune to remove)"
        click.echo(f"{rel}: {verb}")
    for rel in drift.foreign:
        click.echo(f"warning: {modules.folder / rel}: {FOREIGN_HINT}", err=True)


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
    missing ones, the extra (stale) modules this manifest generated earlier, and foreign files
    terraform would read with a generated module (a *.tf, *.tf.json or auto-loaded *.tfvars of
    your own in a module or example folder), and exits 3 when there is any. Modules of other manifests sharing OUTPUT are ignored (their header names their
    own manifest); a file MANIFEST would write that another manifest generated exits 4, as
    generate would refuse it. Suitable as a CI step or pre-commit hook
    (.pre-commit-hooks.yaml).
    """
    from msk_connect_iam import api

    result = api.check(manifest, output, root_module=root_module, layout=layout, connectors=connectors,
                       namespace=namespace)
    if result.drift.clean:
        click.echo(f"{output} is up to date with {manifest}.")
    else:
        _print_drift(result.drift)
        click.echo(f"{output} differs from what {manifest} generates; run msk-connect-iam generate.", err=True)
    sys.exit(result.exit_code)


def _print_drift(drift) -> None:
    """What ``check`` reports of a drift: the diff, then missing, changed, extra, leftover and
    foreign files."""
    from msk_connect_iam.api import FOREIGN_HINT

    if drift.diff:
        click.echo(drift.diff, nl=False)
    for label, rels in (("missing", drift.missing), ("changed", drift.changed), ("extra", drift.extra)):
        for rel in rels:
            click.echo(f"{label}: {rel}")
    for rel in drift.leftover:
        click.echo(f"leftover: {rel} (temporary file of an interrupted run)")
    for rel in drift.foreign:
        click.echo(f"foreign: {rel} ({FOREIGN_HINT})")


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
    from msk_connect_iam import api

    result = api.explain(manifest, connector)
    click.echo(result.json() if fmt == "json" else result.text(), nl=fmt == "json")


@main.command("import", epilog=EXIT_CODES_HELP)
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--cluster-arn", "cluster_arns", multiple=True, metavar="[TEXT=]ARN",
              help="MSK cluster ARN of the connectors (the inputs only name bootstrap servers). Repeat as "
                   "TEXT=ARN to pick the cluster whose bootstrap servers contain TEXT (a host name, or a "
                   "Terraform reference such as aws_msk_cluster.main); also used for MirrorMaker 2's "
                   "source.cluster.bootstrap.servers. Required: a "
                   "connector whose bootstrap servers no value matches is an error (exit 1, nothing written).")
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
    resources. Credentials in clear text (by key name and by value shape: connection-string
    passwords, tokens, PEM keys, AWS keys) are written as REDACTED, each listed on stderr as a
    'redacted:' line naming the key, and the exit code is 5. The result is validated: what
    needs editing (for example 'type' for a connector class the catalog does not know) is printed
    on stderr as located 'needs editing:' lines; the manifest is still written (or printed), and
    the exit code is then 5 instead of 0, so a script can tell a manifest ready to generate from
    one that is not.
    """
    from msk_connect_iam import api

    result = api.import_(inputs, cluster_arns=cluster_arns, worker_properties=worker_properties, fmt=fmt,
                         output=output, force=force)
    for line in result.messages():
        click.echo(line, err=True)
    if result.written is None:
        click.echo(result.text, nl=False)
    else:
        click.echo(f"wrote {result.written}", err=True)
    if result.problems or result.redacted:
        n = len(result.problems)
        r = len(result.redacted)
        parts = [f"{n} problem{'s' if n != 1 else ''}"] if n else []
        parts += [f"{r} redacted value{'s' if r != 1 else ''} (replace with config-provider placeholders)"] if r else []
        click.echo(f"{' and '.join(parts)} to edit before the manifest can be used "
                   f"(exit code {EXIT_NEEDS_EDITING}).", err=True)
    sys.exit(result.exit_code)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
def kinds(fmt: str) -> None:
    """List the catalog's connector kinds: id, sink/source, connector.class values, documentation.

    A connector whose connector.class is listed gets its type, topics and permissions derived from
    its connector_configuration; docs/catalog.md says which document each permission rests on.
    The AWS Glue Schema Registry converters are recognised in any connector.
    """
    from msk_connect_iam.catalog import KINDS

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
    from msk_connect_iam.manifest import schema as load_schema

    click.echo(json.dumps(load_schema(), indent=2))


def _register_audit_commands() -> None:
    """``audit`` and ``diagnose`` (msk_connect_iam.audit.commands)."""
    from msk_connect_iam.audit.commands import audit_command, diagnose_command

    main.add_command(audit_command)
    main.add_command(diagnose_command)


_register_audit_commands()

if __name__ == "__main__":  # pragma: no cover
    run()
