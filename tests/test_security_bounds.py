"""Issue 13, "Bypasses of the wildcard opt-in" and "Bounds and validation", and import's
non-string values: each reproducer through the real validator (or the real CLI), and a
hypothesis property per mechanism.

- An action or resource is judged by what it matches, not by its spelling: ``s3:?*`` is
  ``s3:*``, ``arn:aws:*:*:*:*`` is ``*`` (:func:`msk_connect_iam.policy.lint.is_wildcard_action`,
  :func:`~msk_connect_iam.policy.lint.every_resource`).
- ``kafka-cluster`` resources in ``aws_permissions`` name one cluster and never every topic or
  group of it without a stated reason (:func:`~msk_connect_iam.policy.lint.kafka_resource_findings`).
- A ``*`` before a later ``/`` warns; a generated Sid is refused; a region must be one of the
  ARN's partition; at most MAX_CONNECTORS connectors.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from manifests import CLUSTER, connectors, model, problems
from msk_connect_iam.catalog.arnbuild import REGIONS
from msk_connect_iam.manifest.loader import MAX_CONNECTORS
from msk_connect_iam.policy.lint import (every_resource, is_wildcard_action, kafka_resource_findings,
                                        lint_statement, slash_spanning_star)
from msk_connect_iam.policy.permissions import BASE_SIDS, kafka_statements
from tfharness import REPO

#: Examples per property test and CI run (each runs the real lint or validator).
EXAMPLES = 150
_SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))

wild = st.text(alphabet="*?", min_size=1, max_size=6).filter(lambda s: "*" in s)
PREFIX = "arn:aws:kafka:us-east-1:123456789012:"
NAME, UUID = CLUSTER.rsplit("/", 2)[1:]


def _perm(actions, resources, reason=None):
    body = (f"  - name: c\n    type: sink\n    topics: [orders]\n    aws_permissions:\n"
            f"      - actions: {json.dumps(actions)}\n        resources: {json.dumps(resources)}\n")
    if reason:
        body += f"        wildcard_reason: {json.dumps(reason)}\n"
    return "version: 1\ndefaults:\n  cluster:\n    arn: " + CLUSTER + "\nconnectors:\n" + body


# -- reproducers ------------------------------------------------------------------------------

def test_spelled_wildcards_need_a_reason():
    found = problems(_perm(["s3:?*", "secretsmanager:*?"], ["arn:aws:*:*:*:*"]))
    assert len(found) == 3, found
    assert "'s3:?*' grants every action of the service" in found[0]
    assert "'secretsmanager:*?' grants every action of the service" in found[1]
    assert "'arn:aws:*:*:*:*' matches every resource of every service" in found[2]
    built = model(_perm(["s3:?*"], ["arn:aws:*:*:*:*"], "migration tool, reviewed"))
    assert built.connectors[0].aws_permissions[0].wildcard_reason == "migration tool, reviewed"


def test_a_pattern_that_matches_every_action_of_the_service_is_service_wide():
    assert is_wildcard_action("sts:*")
    assert is_wildcard_action("kafka-cluster:*?")
    assert not is_wildcard_action("s3:Get*")
    assert not is_wildcard_action("s3:PutObject")


def test_kafka_cluster_in_aws_permissions_keeps_the_topic_rules():
    found = problems(_perm(["kafka-cluster:ReadData"], [PREFIX + "topic/*"]))
    assert found and "spans every cluster of the account" in found[0]
    found = problems(_perm(["kafka-cluster:ReadData"], [PREFIX + f"topic/{NAME}/{UUID}/*"]))
    assert found and "'*' alone is every topic of the cluster" in found[0]
    # a prefix on one cluster is what the manifest's topics allow too
    ok = model(_perm(["kafka-cluster:ReadData"], [PREFIX + f"topic/{NAME}/{UUID}/orders.*"]))
    assert ok.connectors[0].aws_permissions


def test_star_before_a_slash_warns():
    warnings = model(_perm(["s3:GetObject"], ["arn:aws:s3:::tenant-*/public/*"])).connectors[0].analysis.warnings
    assert any("aws_permissions[0].resources[0]" in w and "also matches '/'" in w for w in warnings), warnings
    built = model(_perm(["s3:GetObject"], ["arn:aws:s3:::tenant-a/public/*"]))
    assert not any("also matches '/'" in w for w in built.connectors[0].analysis.warnings)


@pytest.mark.parametrize("sid", sorted(BASE_SIDS))
def test_generated_sids_are_refused(sid):
    text = _perm(["s3:GetObject"], ["arn:aws:s3:::b/*"]).replace("      - actions", f"      - sid: {sid}\n        actions")
    found = problems(text)
    assert found and f"sid '{sid}' is a statement id the generated policy uses itself" in found[0]


def test_base_sids_are_every_sid_kafka_statements_writes():
    body = """\
    connectors:
      - {name: s, type: source, topics: [orders], create_topics: true}
      - {name: k, type: sink, topics: [orders]}
    """
    sids = {s.sid for c in connectors(body).connectors for s in kafka_statements(c)}
    assert sids == set(BASE_SIDS)


@pytest.mark.parametrize("region,partition,says", [
    ("eu-west-9", "aws", "is not a region of partition 'aws'"),
    ("cn-north-1", "aws", "belongs to partition aws-cn, not 'aws'"),
    ("us-east-1", "aws-us-gov", "belongs to partition aws, not 'aws-us-gov'"),
])
def test_cluster_region_must_be_of_its_partition(region, partition, says):
    arn = f"arn:{partition}:kafka:{region}:123456789012:cluster/{NAME}/{UUID}"
    found = problems(f"version: 1\nconnectors:\n  - {{name: c, type: sink, topics: [o], cluster: {{arn: '{arn}'}}}}\n")
    assert found and says in found[0], found


def test_every_shipped_region_is_accepted_in_its_partition():
    from msk_connect_iam.policy.arns import PARTITIONS

    for partition, regions in sorted(REGIONS.items()):
        if partition not in PARTITIONS:
            continue  # isolated partitions are refused as such (bad_manifests/unknown_partition)
        for region in sorted(regions)[:3]:
            arn = f"arn:{partition}:kafka:{region}:123456789012:cluster/{NAME}/{UUID}"
            m = model(
                f"version: 1\nconnectors:\n  - {{name: c, type: sink, topics: [o], cluster: {{arn: '{arn}'}}}}\n")
            assert m.connectors[0].cluster.arn.region == region


def test_more_connectors_than_the_bound_are_refused_before_the_work():
    text = "version: 1\ndefaults:\n  cluster: {arn: " + CLUSTER + "}\nconnectors:\n" + "".join(
        f"  - {{name: c{i}, type: sink, topics: [o]}}\n" for i in range(MAX_CONNECTORS + 1))
    found = problems(text)
    assert found == [f"m.yaml:4:1: connectors: {MAX_CONNECTORS + 1:,} connectors; a manifest holds at most "
                     f"{MAX_CONNECTORS:,} (the bound that keeps one run's time and memory in check); expected a "
                     "smaller manifest: split the connectors into several manifests, one output folder each"]


# -- import: what MSK Connect would receive ---------------------------------------------------

def _import(tmp_path, config):
    path = tmp_path / "c.json"
    path.write_text(config if isinstance(config, str) else json.dumps(
        {"connectorName": "x", "connectorConfiguration": config}), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "msk_connect_iam.cli", "import", str(path), "--cluster-arn", CLUSTER],
                          capture_output=True, text=True, cwd=REPO)
    return proc


@pytest.mark.parametrize("value,kind", [(None, "null"), ({"a": 1}, "an object"), ([1], "an array")])
def test_import_refuses_values_msk_connect_would_not_receive(tmp_path, value, kind):
    proc = _import(tmp_path, {"connector.class": "io.confluent.connect.s3.S3SinkConnector", "bad": value})
    assert proc.returncode == 1
    assert f"connectorConfiguration.bad: found {kind}; expected a string" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_import_writes_numbers_and_booleans_as_json_text(tmp_path):
    proc = _import(tmp_path, {"connector.class": "io.confluent.connect.s3.S3SinkConnector", "topics": "a",
                              "s3.bucket.name": "b", "s3.region": "us-east-1", "tasks.max": 2, "x.enabled": True})
    assert "'True'" not in proc.stdout and "tasks.max: '2'" in proc.stdout and "x.enabled: 'true'" in proc.stdout, (
        proc.stdout + proc.stderr)


def test_import_of_deeply_nested_json_is_a_located_error(tmp_path):
    deep = '{"connectorName": "x", "connectorConfiguration": ' + '{"a":' * 100_000 + "1" + "}" * 100_001
    proc = _import(tmp_path, deep)
    assert proc.returncode == 1 and "c.json: cannot read create-connector JSON: nested too deeply" in proc.stderr
    assert "Traceback" not in proc.stderr


# -- properties -------------------------------------------------------------------------------

@_SETTINGS
@given(name=wild, service=st.sampled_from(["s3", "secretsmanager", "kms", "glue", "kafka-cluster"]))
def test_property_any_spelling_of_a_service_wildcard_needs_a_reason(name, service):
    action = f"{service}:{name}"
    found = lint_statement([action], ["*"], wildcard_reason=None)
    assert any(f.where == ("actions", 0) and "grants every action" in f.message for f in found)
    assert not any("grants every action" in f.message for f in lint_statement([action], ["*"], wildcard_reason="r"))


@_SETTINGS
@given(seg=wild, at=st.integers(1, 5))
def test_property_a_wildcard_field_of_every_service_is_everything(seg, at):
    fields = ["arn", "aws", seg, "us-east-1", "123456789012", "x"]
    if at >= 2:
        fields[2] = seg
    resource = ":".join(fields)
    assert every_resource(resource)
    assert every_resource(seg)
    assert not every_resource("arn:aws:s3:::bucket/" + seg)


@_SETTINGS
@given(part=st.sampled_from(["region", "account", "name", "uuid", "topic"]), w=wild,
       kind=st.sampled_from(["topic", "group", "transactional-id"]),
       keep=st.text(alphabet="abc", max_size=3))
def test_property_a_wildcard_in_any_cluster_field_of_a_kafka_arn_is_refused(part, w, kind, keep):
    fields = {"region": "us-east-1", "account": "123456789012", "name": NAME, "uuid": UUID, "topic": "orders"}
    fields[part] = keep + w if part != "topic" else w
    resource = (f"arn:aws:kafka:{fields['region']}:{fields['account']}:{kind}/{fields['name']}/{fields['uuid']}/"
                f"{fields['topic']}")
    assert kafka_resource_findings(resource), resource
    assert not kafka_resource_findings(f"arn:aws:kafka:us-east-1:123456789012:{kind}/{NAME}/{UUID}/{keep}x{w}")


@_SETTINGS
@given(head=st.text(alphabet="ab-", max_size=4), mid=st.text(alphabet="ab/", max_size=5),
       tail=st.text(alphabet="ab", max_size=3))
def test_property_star_before_slash(head, mid, tail):
    resource = f"arn:aws:s3:::{head}*{mid}{tail}"
    assert slash_spanning_star(resource) == ("/" in mid)
