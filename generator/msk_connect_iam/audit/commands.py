"""The click commands ``audit`` and ``diagnose`` (standalone; cli.py's group registers them with
``main.add_command(audit_command)`` and ``main.add_command(diagnose_command)``).

Exit codes: 0 nothing found (audit: every audited role is sufficient and minimal; diagnose: no
authorization failure in the log); :data:`EXIT_FINDINGS` (6) findings; 1 invalid input (located
problems on stderr, no traceback); 2 usage error.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from msk_connect_iam.errors import EXIT_FINDINGS, ManifestError, MskConnectIamError

_FORMATS = click.Choice(["text", "json", "sarif"])


def _handle_errors(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except ManifestError as exc:
            for p in exc.problems:
                click.echo(f"error: {p.format()}", err=True)
            n = len(exc.problems)
            click.echo(f"{n} problem{'s' if n != 1 else ''} found.", err=True)
            sys.exit(exc.exit_code)
        except MskConnectIamError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)
    return wrapper


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    from msk_connect_iam.write import write_file

    write_file(output, text)  # atomic: the one writer (OutputError, exit 4, when it cannot)


_EPILOG = ("Exit codes: 0 nothing found; 6 findings (see docs/audit.md); 1 invalid input (located problems); "
           "2 usage error.")


@click.command("audit", epilog=_EPILOG)
@click.argument("manifest", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--connector", metavar="NAME", help="Audit only this connector of the manifest.")
@click.option("--role", metavar="NAME|ARN", help="The role to audit (default: the connector's serviceExecutionRoleArn "
                                                 "in the inputs, else the role name the manifest gives it).")
@click.option("--format", "fmt", type=_FORMATS, default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report to this file.")
@_handle_errors
def audit_command(manifest: Path, inputs: tuple[Path, ...], connector: str | None, role: str | None, fmt: str,
                  output: Path | None) -> None:
    """Compare existing service execution roles with what the manifest's connectors need.

    INPUTS are any of: `aws iam get-account-authorization-details` JSON; `aws iam get-role`,
    `get-role-policy`, `list-attached-role-policies` and `get-policy-version` JSON files;
    `terraform show -json` of a plan or state; .tf files or folders; create-connector JSON (for the
    connector's serviceExecutionRoleArn). Reports missing grants (with the error the connector
    will raise and the configuration property behind each), excess grants, and trust-policy findings.
    """
    from . import report
    from .audit import run

    result = run(manifest, list(inputs), connector, role)
    text = {"text": report.audit_text, "json": report.audit_json, "sarif": report.audit_sarif}[fmt](result)
    _emit(text, output)
    sys.exit(EXIT_FINDINGS if result.has_findings else 0)


@click.command("diagnose", epilog=_EPILOG)
@click.argument("log", required=False, default="-", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--manifest", "manifest_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Say for each failure which manifest change grants it, or that it is already granted.")
@click.option("--connector", metavar="NAME", help="With --manifest: the connector whose log this is.")
@click.option("--format", "fmt", type=_FORMATS, default="text", show_default=True)
@_handle_errors
def diagnose_command(log: Path, manifest_path: Path | None, connector: str | None, fmt: str) -> None:
    """Find authorization failures in a connector's log (a file, or - for stdin).

    Reads CloudWatch Logs exports, `aws logs tail` output or stack traces; recognises Kafka
    authorization exceptions, the MSK IAM library's "Access denied" and AWS SDK access-denied
    messages, and names the refused action and resource.
    """
    from . import needs, report
    from .diagnose import run

    if connector and not manifest_path:
        raise click.UsageError("--connector applies only with --manifest")
    source = str(log)
    if source == "-":
        with click.open_file("-", "rb") as stream:
            data = stream.read()
    else:
        try:
            data = log.read_bytes()
        except FileNotFoundError:
            raise needs.AuditInputError([needs.problem(source, "file not found")]) from None
        except OSError as exc:
            raise needs.AuditInputError([needs.problem(source, f"cannot read: {exc.strerror or exc}")]) from None
    text = data.decode("utf-8", errors="replace")
    if "\x00" in text:
        raise needs.AuditInputError([needs.problem(source, "not a text log (binary data)")])
    manifest = needs.load_manifest(manifest_path) if manifest_path else None
    findings = run(text, manifest, connector)
    out = {"text": lambda: report.diagnose_text(findings, manifest is not None),
           "json": lambda: report.diagnose_json(findings, source),
           "sarif": lambda: report.diagnose_sarif(findings, source)}[fmt]()
    click.echo(out, nl=False)
    sys.exit(EXIT_FINDINGS if findings else 0)
