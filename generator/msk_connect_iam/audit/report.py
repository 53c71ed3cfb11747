"""Text, JSON and SARIF 2.1.0 renderings of audit and diagnose results."""

from __future__ import annotations

import json

from .. import __version__
from .audit import EXCESS, MISSING, TRUST, UNKNOWN, AuditResult
from .diagnose import Finding as DiagnoseFinding

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFO_URI = "https://docs.aws.amazon.com/msk/latest/developerguide/msk-connect-service-execution-role.html"

AUDIT_RULES = {
    MISSING: ("MissingGrant", "The existing role lacks a permission the connector needs; the connector will fail."),
    EXCESS: ("ExcessGrant", "The existing role grants more than the connector needs."),
    TRUST: ("TrustPolicy", "The trust policy does not restrict the role to this connector, or MSK Connect cannot assume it."),
    UNKNOWN: ("NotEvaluated", "A decision depends on a condition or document that cannot be evaluated offline."),
}
DIAGNOSE_RULE = ("AuthorizationFailure", "The connector's log shows an authorization failure.")


# --------------------------------------------------------------------------- audit


def audit_text(result: AuditResult) -> str:
    out = []
    for c in result.connectors:
        out.append(c.summary)
        for kind, title in ((MISSING, "missing"), (EXCESS, "excess"), (TRUST, "trust policy"), (UNKNOWN, "not evaluated")):
            items = [f for f in c.findings if f.kind == kind]
            if not items:
                continue
            out.append(f"  {title}:")
            for f in items:
                out.append(f"    - {f.message}")
                for cause in f.causes:
                    out.append(f"        needed because {cause}")
        for n in c.notes:
            out.append(f"  note: {n}")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def audit_json(result: AuditResult) -> str:
    doc = {"manifest": result.manifest, "connectors": [
        {"connector": c.connector, "role": c.role, "role_source": c.role_source or None, "summary": c.summary,
         "counts": {k: c.count(k) for k in (MISSING, EXCESS, TRUST, UNKNOWN)},
         "findings": [f.as_dict() for f in c.findings], "notes": c.notes} for c in result.connectors]}
    return json.dumps(doc, indent=2, sort_keys=False) + "\n"


def _sarif(rules: list[tuple[str, str]], results: list[dict]) -> str:
    doc = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "msk-connect-iam", "version": __version__, "informationUri": INFO_URI,
                "rules": [{"id": rid, "name": rid, "shortDescription": {"text": text},
                           "helpUri": INFO_URI} for rid, text in rules]}},
            "results": results,
        }],
    }
    return json.dumps(doc, indent=2) + "\n"


def _location(uri: str, line: int = 0, text: str = "") -> dict:
    loc: dict = {"physicalLocation": {"artifactLocation": {"uri": uri.replace("\\", "/")}}}
    if line > 0:
        loc["physicalLocation"]["region"] = {"startLine": line}
        if text:
            loc["physicalLocation"]["region"]["snippet"] = {"text": text}
    return loc


def _file_of(source: str, default: str) -> str:
    """The file part of a source like ``main.tf (aws_iam_role.x)``."""
    return (source.split(" (", 1)[0] if source else "") or default


def audit_sarif(result: AuditResult) -> str:
    rules = list(AUDIT_RULES.values())
    ids = {k: i for i, k in enumerate(AUDIT_RULES)}
    results = []
    for c in result.connectors:
        for f in c.findings:
            rid, _ = AUDIT_RULES[f.kind]
            level = {"error": "error", "warning": "warning", "note": "note"}[f.severity]
            where = result.manifest if f.kind == MISSING else _file_of(f.source or c.role_source, result.manifest)
            results.append({
                "ruleId": rid, "ruleIndex": ids[f.kind], "level": level,
                "message": {"text": f"connector {c.connector} (role {c.role}): {f.message}"},
                "locations": [_location(where)],
                "properties": {k: v for k, v in f.as_dict().items() if k not in ("message",)},
            })
    return _sarif(rules, results)


# --------------------------------------------------------------------------- diagnose


def diagnose_text(findings: list[DiagnoseFinding], with_manifest: bool) -> str:
    if not findings:
        return "no authorization failure recognised in the log\n"
    out = []
    for n, f in enumerate(findings, 1):
        r = f.refusal
        line, text = f.lines[0]
        more = f" (and {len(f.lines) - 1} more line(s))" if len(f.lines) > 1 else ""
        out.append(f"{n}. line {line}{more}: {text}")
        out.append(f"   error: {r.error}")
        target = f.resource or r.resource or (f"{r.kind} {r.name}" if r.name else f"{r.kind} (not named in the log)")
        out.append(f"   missing: {r.actions[0]} on {target}")
        if len(r.actions) > 1:
            out.append(f"   (or: {', '.join(r.actions[1:])})")
        if r.refused_by:
            out.append(f"   refused by: {r.refused_by}")
        if r.note:
            out.append(f"   note: {r.note}")
        if with_manifest and f.granted is not None:
            if f.granted:
                out.append(f"   the manifest already grants it (connector {f.connector}): " + "; ".join(f.granted_by[:3]))
                out.append(f"   so the cause is elsewhere: {f.elsewhere}")
            else:
                out.append(f"   the manifest does not grant it (connector {f.connector})")
                out.append(f"   fix: {f.fix}")
                if f.elsewhere:
                    out.append(f"   also: {f.elsewhere}")
        out.append("")
    out.append(f"{len(findings)} authorization failure(s) recognised")
    return "\n".join(out) + "\n"


def diagnose_json(findings: list[DiagnoseFinding], source: str) -> str:
    return json.dumps({"log": source, "findings": [f.as_dict() for f in findings]}, indent=2) + "\n"


def diagnose_sarif(findings: list[DiagnoseFinding], source: str) -> str:
    results = []
    for f in findings:
        line, text = f.lines[0]
        r = f.refusal
        msg = f"{r.error}: missing {r.actions[0]} on {f.resource or r.resource or r.name or r.kind}"
        if f.granted:
            msg += f"; the manifest grants it, the cause is elsewhere: {f.elsewhere}"
        elif f.fix:
            msg += f"; fix: {f.fix}"
        results.append({"ruleId": DIAGNOSE_RULE[0], "ruleIndex": 0, "level": "error", "message": {"text": msg},
                        "locations": [_location(source if source != "-" else "stdin", line, text)],
                        "properties": f.as_dict()})
    return _sarif([DIAGNOSE_RULE], results)
