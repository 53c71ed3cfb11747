"""Property: no configuration value widens a derived ARN or Kafka name (issue 13, "Widening
through parsed values").

For EVERY catalog kind (baselines: widening_baselines.json, at least one per kind) and EVERY
configuration property that kind reads (recorded by instrumenting ``Context.get``/``worker_get``,
through which ``list``/``flag``/``require`` read too, plus every property of the baseline, since
the config-provider and Glue rules scan the configuration directly), hypothesis puts a hostile
value into that one property: wildcards ``*``/``?`` inserted anywhere (also inside
``${provider:...}`` placeholders, and percent-encoded ``%2A``/``%3F``), policy-variable openers,
an empty value, another account, partition or region (``*`` as region too), or whole hostile
templates. The real derivation (``catalog.derive.derive``, the function the manifest loader calls)
runs on it, and the oracle, written without the builder (catalog/arnbuild.py), checks its output:

A. every ``*`` and ``?`` of a resource ARN or Kafka name also appears, at that position, in a
   resource or name of the same length (differing only where tokens were replaced) in the output
   for the same configuration with the *inserted* hostile characters replaced by plain letters
   (``*`` -> ``x``, ``?`` -> ``q``, ``%2A`` -> ``%78``, ``%3F`` -> ``%71``); for an empty value, with the
   value ``zz`` instead, or in the output without the property (what the rule grants by default
   or falls back to). So no wildcard in the output comes from the hostile text, and none exists
   only because a value was empty.
B. no resource or name holds ``${`` or ``&{``.
C. every ARN is in the connector's partition (aws), its region empty or a region of the partition
   (region table: data/regions.json), its account empty or 12 digits.

When the oracle fails, a located error at that property must have been reported (nothing would be
written). Hostile characters are not inserted as ``*`` or ``?`` into properties whose value is a
regex or KCQL (where ``.*``, ``x?`` and ``SELECT *`` are syntax; their translation is checked for
soundness by tests/catalog/test_regexcover.py and the kinds' own tests),
nor as a literal ``?`` inside a ``${...}`` placeholder (where it starts the provider's options).

Examples per run: ``MSK_CONNECT_IAM_HYPOTHESIS_EXAMPLES`` x 10 drawn (property, value) pairs
(default 150 x 10 = 1,500; about 10 s on one shared core).
"""

from __future__ import annotations

import json
import os
import urllib.parse
from pathlib import Path

from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st

from msk_connect_iam.policy.arns import parse_cluster_arn
from msk_connect_iam.catalog import base, kind_by_id
from msk_connect_iam.catalog.derive import derive
from msk_connect_iam.model import Cluster

HYPOTHESIS_EXAMPLES = int(os.environ.get("MSK_CONNECT_IAM_HYPOTHESIS_EXAMPLES", "150")) * 20
ACCOUNT = "123456789012"
CLUSTER = Cluster(parse_cluster_arn(
    f"arn:aws:kafka:us-east-1:{ACCOUNT}:cluster/analytics/7c1f0b2e-5a8d-4b1e-9f3a-2d6c8e4b1a90-3"))
BASELINES = json.loads((Path(__file__).parent / "widening_baselines.json").read_text())["kinds"]
REGIONS = {p: set(r) for p, r in json.loads(
    (Path(__file__).parents[2] / "generator/msk_connect_iam/catalog/data/regions.json").read_text())["partitions"].items()}
#: Properties whose value is a regex or KCQL: '*' is syntax there.
REGEX_PROPS = {"topics.regex", "topics", "groups", "topics.exclude", "groups.exclude", "topic.regex.list",
               "connect.s3.kcql"}


def run(kind_id: str, base_case: dict, config: dict, worker: dict):
    """(AWS resources and ``kafka:``-marked Kafka names, problems as (path tail, message)) of one derivation."""
    problems = []
    source = base_case.get("source_cluster")
    d = derive({"topics": base_case.get("topics", [])}, config, worker, name="c1", cluster=CLUSTER,
               source_cluster=Cluster(parse_cluster_arn(source)) if source else None,
               partition="aws", region="us-east-1", account=ACCOUNT,
               report=lambda tail, msg: problems.append((tail, msg)))
    a = d.analysis
    arns = {r for g in a.aws for r in g.resources}
    names = {n for g in a.kafka for n in g.names} | {t.name for t in d.topics} | {t.name for t in a.topics}
    # Kafka names are marked so that the ARN checks (C) apply to AWS resources only
    return arns | {"kafka:" + n for n in names}, problems


def _reads(kind_id: str, case: dict) -> list[tuple[str, bool]]:
    seen: list[tuple[str, bool]] = []
    get, wget = base.Context.get, base.Context.worker_get

    def rec_get(self, key, default=None):
        seen.append((key, False))
        return get(self, key, default)

    def rec_wget(self, key, default=None):
        seen.append((key, True))
        return wget(self, key, default)

    base.Context.get, base.Context.worker_get = rec_get, rec_wget
    try:
        _, problems = run(kind_id, case, dict(case["connector_configuration"]), dict(case["worker_configuration"]))
    finally:
        base.Context.get, base.Context.worker_get = get, wget
    assert not problems, (kind_id, problems)
    seen += [(k, False) for k in case["connector_configuration"] if k != "connector.class"]
    seen += [(k, True) for k in case["worker_configuration"]]
    return list(dict.fromkeys(k for k in seen if k[0] != "connector.class"))


CASES = [(kind_id, i, key, worker) for kind_id, cases in sorted(BASELINES.items())
         for i, case in enumerate(cases) for key, worker in _reads(kind_id, case)]


def test_every_kind_has_a_baseline():
    from msk_connect_iam.catalog import KINDS

    assert {k.id for k in KINDS} <= set(BASELINES)
    assert all(kind_by_id(k) is not None for k in BASELINES)
    assert len(CASES) > 300


_TOKENS = {"*": "x", "?": "q", "%2A": "%78", "%3F": "%71", "%2a": "%78"}


@st.composite
def hostile(draw, original: str, regex: bool):
    """(hostile value, the same with the inserted wildcard tokens replaced by letters)."""
    how = draw(st.sampled_from(["insert", "insert", "insert", "empty", "substitute", "template"]))
    if how == "empty" or (how == "substitute" and not original):
        return "", "zz"
    if how == "insert":
        text = original or draw(st.sampled_from(["abc", "x1", "orders"]))
        tokens = ["%3F", "${", "&{"] + ([] if regex else ["?", "*", "%2A", "%2a"])
        n = draw(st.integers(1, 3))
        positions = sorted(draw(st.lists(st.integers(0, len(text)), min_size=n, max_size=n)))
        hv, pv, last = [], [], 0
        for pos in positions:
            inside = text.rfind("${", 0, pos) > text.rfind("}", 0, pos)
            # a literal '?' inside a placeholder starts the provider's options (ttl=...): syntax
            tok = draw(st.sampled_from([t for t in tokens if not (inside and t == "?")]))
            hv.append(text[last:pos] + tok)
            pv.append(text[last:pos] + _TOKENS.get(tok, tok))
            last = pos
        hv.append(text[last:])
        pv.append(text[last:])
        return "".join(hv), "".join(pv)
    if how == "substitute":
        subs = [(ACCOUNT, "210987654321"), (ACCOUNT, "*"), ("us-east-1", "*"), ("us-east-1", "eu-west-9"),
                ("us-east-1", "cn-north-1"), ("arn:aws:", "arn:aws-cn:"), ("arn%3Aaws%3A", "arn%3Aaws-us-gov%3A"),
                (ACCOUNT, "%2A")]
        old, new = draw(st.sampled_from(subs))
        value = original.replace(old, new) if old in original else new
        plain = value.replace("%2A", "%78").replace("*", "x") if new in ("*", "%2A") else value
        return value, plain
    templates = [("${ssm::*}", "${ssm::x}"), ("${ssm:*:x}", "${ssm:x:x}"), ("${ssm::/a/*}", "${ssm::/a/x}"),
                 ("${s3import:us-east-1:*/x}", "${s3import:us-east-1:x/x}"),
                 ("${secretsmanager:prod-%3F:k}", "${secretsmanager:prod-%71:k}"), ("${secretsmanager:prod-*:k}", "${secretsmanager:prod-x:k}"),
                 ("${secretsmanager:arn%3Aaws%3Asecretsmanager%3Aus-east-1%3A" + ACCOUNT + "%3Asecret%3A*:k}",
                  "${secretsmanager:arn%3Aaws%3Asecretsmanager%3Aus-east-1%3A" + ACCOUNT + "%3Asecret%3Ax:k}"),
                 ("arn:aws:kms:us-east-1:" + ACCOUNT + ":key/*", "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/x"),
                 ("arn:aws:lambda:*:" + ACCOUNT + ":function:*", "arn:aws:lambda:x:" + ACCOUNT + ":function:x"),
                 ("arn:aws:events:us-east-1:" + ACCOUNT + ":event-bus/*",
                  "arn:aws:events:us-east-1:" + ACCOUNT + ":event-bus/x"),
                 ("arn:aws:iam::" + ACCOUNT + ":role/*", "arn:aws:iam::" + ACCOUNT + ":role/x"),
                 ("*", "x"), ("?", "q"), (" * ", " x ")]
    if regex:
        templates = [t for t in templates if not ("*" in t[0] or "?" in t[0]) or "${" in t[0]]
    return draw(st.sampled_from(templates))


def _same_wildcards(r: str, p: str) -> bool:
    """``p`` (plain output) has every ``*``/``?`` of ``r`` at the same position, and differs from
    ``r`` only in a few places (where the hostile tokens were replaced by letters)."""
    if len(p) != len(r):
        return False
    if any(p[i] != c for i, c in enumerate(r) if c in "*?"):
        return False
    return sum(a != b for a, b in zip(r, p)) <= 9


def _oracle(out: set[str], plain_out: set[str]) -> list[str]:
    bad = []
    for r in sorted(out):
        if ("*" in r or "?" in r) and not any(_same_wildcards(r, p) for p in plain_out):
            bad.append(f"A: {r} holds a wildcard that the plain configuration does not give")
        if "${" in r or "&{" in r:
            bad.append(f"B: {r} holds a policy variable")
        if not r.startswith("kafka:") and r != "*":  # "*": actions without resource-level permissions
            fields = urllib.parse.unquote(r).split(":", 5)
            if len(fields) < 6:
                bad.append(f"C: {r} is not an ARN")
                continue
            _, partition, _, region, account, _ = fields
            if partition != "aws":
                bad.append(f"C: {r} is in partition {partition}")
            if region and region not in REGIONS["aws"]:
                bad.append(f"C: {r} has region {region!r}")
            if account and not (len(account) == 12 and account.isdigit()):
                bad.append(f"C: {r} has account {account!r}")
    return bad


@settings(max_examples=HYPOTHESIS_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_no_configuration_value_widens_a_resource_or_name(data):
    kind_id, i, key, worker = data.draw(st.sampled_from(CASES), label="case")
    case = BASELINES[kind_id][i]
    section = "worker_configuration" if worker else "connector_configuration"
    original = str(case[section].get(key, ""))
    value, plain = data.draw(hostile(original, key in REGEX_PROPS), label="value")
    note(f"{kind_id}[{i}] {section}.{key}: {original!r} -> {value!r} (plain {plain!r})")

    def configured(v):
        config, wconf = dict(case["connector_configuration"]), dict(case["worker_configuration"])
        if v is None:
            (wconf if worker else config).pop(key, None)
        else:
            (wconf if worker else config)[key] = v
        return config, wconf

    out, problems = run(kind_id, case, *configured(value))
    plain_out, _ = run(kind_id, case, *configured(plain))
    absent_out, _ = run(kind_id, case, *configured(None))
    bad = _oracle(out, plain_out | absent_out)
    event(f"{'widening found (located error)' if bad else 'no widening'}")
    if bad:
        located = [m for tail, m in problems if tail[:1] == (section,) and key in tail]
        assert located, (f"{kind_id}[{i}] {section}.{key}={value!r} widened without a located error there", bad,
                         problems)
