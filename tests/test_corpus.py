"""The public evaluation corpus (issue 12): the harness's matching rules, and README's score.

The unit tests (glob inclusion, action matching, key paths, scoring of a given plan) need no
terraform. ``test_readme_score_is_the_measured_one`` (marked terraform) runs the whole corpus
through the CLI and one terraform plan, and fails when README.md's score block differs from the
measured one (``make corpus`` rewrites it), so the README cannot claim a score the code does not
reach. The accuracy targets of issue 12 are checked only when ``MSK_CONNECT_IAM_CORPUS_TARGETS=1``
(off by default until the engine fixes land).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import corpus_harness as h
from corpus_glob import action_includes, applies, concrete_kafka_actions, counterexample, includes, intersects, matches

#: Issue 12's targets: share of cases whose role is sufficient / minimal.
TARGETS = {"sufficient": 0.95, "minimal": 0.90}
TARGETS_ENV = "MSK_CONNECT_IAM_CORPUS_TARGETS"

CLUSTER = "arn:aws:kafka:us-east-1:123456789012:cluster/demo/11111111-2222-3333-4444-555555555555-1"
TOPIC = "arn:aws:kafka:us-east-1:123456789012:topic/demo/11111111-2222-3333-4444-555555555555-1/"
GROUP = "arn:aws:kafka:us-east-1:123456789012:group/demo/11111111-2222-3333-4444-555555555555-1/"


# --- glob inclusion ----------------------------------------------------------------------------

@pytest.mark.parametrize("outer, inner", [
    ("a*", "ab*"), ("a*", "a"), ("*", "anything/at:all"), ("a*", "a/b/c"), ("*", "*"), ("a*c", "a?c"),
    ("a*b*", "a?b"), ("*a*", "*a"), ("*a*", "a*"), ("??*", "?*?"), ("a**", "a*"), ("a*", "a**"),
    ("ab", "ab"), ("a?", "ab"), ("*/*", "x/y*"), ("a*b", "a*xb"), ("a*b", "ab"), ("*ab*", "*aab*"),
    ("orders*", "orders.v1.*"), ("arn:aws:s3:::b/*", "arn:aws:s3:::b/topics/*"),
    (TOPIC + "dbserver1.*", TOPIC + "dbserver1.inventory.*"),
])
def test_included(outer, inner):
    assert includes(outer, inner)
    assert counterexample(inner, outer) is None


@pytest.mark.parametrize("outer, inner", [
    ("ab*", "a*"), ("a?c", "a*c"), ("a", "a*"), ("a*a", "a*"), ("a?", "a"), ("?*?", "?"),
    ("a*", "*a"), ("a/*", "a*"), ("*a", "a*"), ("a*b*", "a*"), ("x", "?"), ("a?b", "a*b"),
    ("arn:aws:s3:::b/topics/*", "arn:aws:s3:::b/*"), (TOPIC + "orders", TOPIC + "orders*"),
    (TOPIC + "dbserver1.inventory.*", TOPIC + "dbserver1.*"), ("*ab*", "*a*b*"),
])
def test_not_included_with_a_counterexample(outer, inner):
    assert not includes(outer, inner)
    witness = counterexample(inner, outer)
    assert witness is not None and matches(inner, witness) and not matches(outer, witness)


def test_star_spans_slash_and_colon():
    assert matches("arn:aws:kafka:*", TOPIC + "a/b")
    assert includes(TOPIC + "*", TOPIC + "a/b/*")
    assert not includes(TOPIC + "?", TOPIC + "a/")


def test_wildcards_are_literal_in_the_matched_text():
    assert matches("a?c", "a*c") and not matches("a*c", "a") and matches("a*c", "ac")


def test_intersection():
    assert intersects("a*", "*b") and intersects("a?c", "a*") and not intersects("a*", "b*")
    assert not intersects("a?", "abc") and intersects("*", "x")


# --- actions -----------------------------------------------------------------------------------

def test_action_matching_is_case_insensitive_with_wildcards():
    assert action_includes("kafka-cluster:*", "kafka-cluster:ReadData")
    assert action_includes("Kafka-Cluster:readdata", "kafka-cluster:ReadData")
    assert action_includes("s3:Get*", "s3:GetObject") and not action_includes("s3:Get*", "s3:PutObject")
    assert action_includes("*", "secretsmanager:GetSecretValue")
    assert not action_includes("kafka-cluster:ReadData", "kafka-cluster:*")
    assert action_includes("kafka-cluster:Describe*", "kafka-cluster:DescribeTopicDynamicConfiguration")


def test_kafka_actions_apply_to_their_resource_type_only():
    assert applies("kafka-cluster:ReadData", TOPIC + "x") and not applies("kafka-cluster:ReadData", GROUP + "x")
    assert applies("kafka-cluster:AlterGroup", GROUP + "x") and not applies("kafka-cluster:Connect", TOPIC + "x")
    assert applies("kafka-cluster:ReadData", "arn:aws:kafka:us-east-1:123456789012:*")
    assert applies("s3:GetObject", GROUP + "x")
    assert set(concrete_kafka_actions("kafka-cluster:*Group")) == {
        "kafka-cluster:AlterGroup", "kafka-cluster:DescribeGroup", "kafka-cluster:DeleteGroup"}
    assert concrete_kafka_actions("s3:*") is None and len(concrete_kafka_actions("kafka-cluster:*")) == 19


# --- answers -----------------------------------------------------------------------------------

def test_key_paths_with_dotted_property_names():
    data = {"connectors": [{"name": "x", "connector_configuration": {"topics.regex": "a"}}]}
    h.set_path(data, "connectors[0].connector_configuration.topics.regex", "b")
    h.set_path(data, "connectors[0].connector_configuration.s3.bucket.name", "bucket")
    h.set_path(data, "connectors[0].type", "sink")
    h.set_path(data, 'connectors[0].role.tags["cost center"]', "x")
    assert data["connectors"][0] == {"name": "x", "connector_configuration": {"topics.regex": "b", "s3.bucket.name": "bucket"},
                                     "type": "sink", "role": {"tags": {"cost center": "x"}}}


def test_only_answers_a_needs_editing_line_asks_for():
    problems = h.problem_lines("note: x\nneeds editing: manifest.yaml:8:3: connectors[0]: missing 'type': connector.class "
                               "com.example.X is not in the catalog\nneeds editing: manifest.yaml:9:5: "
                               "connectors[0].connector_configuration.s3.bucket.name: placeholder\n")
    assert problems[0] == ("connectors[0]", "missing 'type': connector.class com.example.X is not in the catalog")
    assert h.answer_asked("connectors[0].type", problems)
    assert h.answer_asked("connectors[0].connector_configuration.s3.bucket.name", problems)
    assert not h.answer_asked("connectors[0].topics", problems)
    assert not h.answer_asked("connectors[1].type", problems)


def test_an_alternative_key_the_message_names_is_asked_for():
    problems = h.problem_lines("error: manifest.yaml:14:5: connectors[0].connector_configuration.groups: groups is "
                               "not set; expected group names, or allow_wildcards: [{property: groups, reason: ...}] "
                               "on the connector\n")
    assert h.answer_asked("connectors[0].allow_wildcards", problems)
    assert not h.answer_asked("connectors[1].allow_wildcards", problems)
    assert not h.answer_asked("connectors[0].topics", problems)  # 'groups' is named, 'topics' is not


def test_worker_properties_escaping():
    assert h.properties_text({"a=b": " x\\y\n", "k": "#v"}) == "a\\=b=\\ x\\\\y\\n\nk=\\#v\n"


# --- scoring of a given plan (no terraform) -----------------------------------------------------

def _run(entries, statements, **case_extra):
    data = {"id": "t-case", "connector_class": "x.Y", "cluster": {"authentication": "iam", "arn": CLUSTER},
            "configuration": {"connector.class": "x.Y"}, "expected_result": "ok",
            "expected_permissions": entries, **case_extra}
    run = h.Run(h.Case(Path("t-case.yaml"), data), Path("."))
    run.module = Path(".")
    run.policies = [{"name": "inline", "document": {"Version": "2012-10-17", "Statement": statements}}]
    return h.score(run)


BASE = [
    {"Effect": "Allow", "Action": ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster"], "Resource": CLUSTER},
    {"Effect": "Allow", "Action": ["kafka-cluster:CreateTopic", "kafka-cluster:WriteData", "kafka-cluster:ReadData",
                                   "kafka-cluster:DescribeTopic"], "Resource": [TOPIC + "__amazon_msk_connect_*"]},
    {"Effect": "Allow", "Action": ["kafka-cluster:AlterGroup", "kafka-cluster:DescribeGroup"],
     "Resource": [GROUP + "__amazon_msk_connect_*", GROUP + "connect-t-case"]},
]
READ = {"actions": ["kafka-cluster:ReadData", "kafka-cluster:DescribeTopic"], "resource": TOPIC + "orders.*",
        "why": "w", "evidence": "e"}


def test_sufficient_and_minimal_with_a_narrower_grant_that_covers_everything():
    r = _run([READ], BASE + [{"Effect": "Allow", "Action": ["kafka-cluster:ReadData", "kafka-cluster:DescribeTopic"],
                              "Resource": TOPIC + "orders*"}])
    assert r["sufficient"] and r["missing"] == []
    assert r["unexplained"] == ["ReadData topic/.../orders*", "DescribeTopic topic/.../orders*"]  # orders* ⊋ orders.*
    r = _run([READ], BASE + [{"Effect": "Allow", "Action": "kafka-cluster:*", "Resource": TOPIC + "orders.*"}])
    assert r["sufficient"] and not r["minimal"] and any("WriteData" in u for u in r["unexplained"])
    r = _run([READ], BASE + [{"Effect": "Allow", "Action": ["kafka-cluster:readdata", "kafka-cluster:describetopic"],
                              "Resource": TOPIC + "orders.*"}])
    assert r["sufficient"] and r["minimal"]


def test_too_narrow_is_insufficient_and_says_why():
    r = _run([READ], BASE + [{"Effect": "Allow", "Action": ["kafka-cluster:ReadData", "kafka-cluster:DescribeTopic"],
                              "Resource": TOPIC + "orders.v1"}])
    assert not r["sufficient"] and r["minimal"] and "narrower" in r["missing"][0]


def test_baseline_required_and_explained():
    r = _run([READ], BASE[1:] + [{"Effect": "Allow", "Action": ["kafka-cluster:ReadData", "kafka-cluster:DescribeTopic"],
                                  "Resource": TOPIC + "orders.*"}])
    assert not r["sufficient"] and any(m.startswith("Connect ") for m in r["missing"])
    wide = [dict(BASE[2], Resource=[GROUP + "__amazon_msk_connect_*", GROUP + "connect-*"])]
    r = _run([READ], BASE[:2] + wide + [{"Effect": "Allow", "Action": ["kafka-cluster:ReadData", "kafka-cluster:DescribeTopic"],
                                         "Resource": TOPIC + "orders.*"}])
    assert r["minimal"]


def test_conditional_entries_are_scored_apart_and_conditions_counted():
    cond = {"actions": ["kms:GenerateDataKey"], "resource": "arn:aws:kms:us-east-1:123456789012:key/*",
            "why": "w", "evidence": "e", "conditional": "only with SSE-KMS"}
    stmt = {"Effect": "Allow", "Action": ["kafka-cluster:ReadData", "kafka-cluster:DescribeTopic"], "Resource": TOPIC + "orders.*",
            "Condition": {"Bool": {"aws:SecureTransport": "true"}}}
    r = _run([READ, cond], BASE + [stmt])
    assert r["sufficient"] and not r["sufficient_with_conditional"] and r["minimal"] and r["conditioned_statements"] == 1
    r = _run([READ, cond], BASE + [stmt, {"Effect": "Allow", "Action": "kms:GenerateDataKey",
                                           "Resource": "arn:aws:kms:us-east-1:123456789012:key/*"}])
    assert r["sufficient_with_conditional"] and r["minimal"] and not r["minimal_strict"]


def test_action_on_another_resource_type_grants_nothing():
    r = _run([READ], BASE + [{"Effect": "Allow", "Action": ["kafka-cluster:ReadData", "kafka-cluster:DescribeTopic",
                                                            "kafka-cluster:AlterGroup"],
                              "Resource": [TOPIC + "orders.*"]}])
    assert r["sufficient"] and r["minimal"]  # AlterGroup on a topic ARN is no grant (nor an explanation needed)


def test_deny_statement_blocks():
    r = _run([READ], BASE + [{"Effect": "Allow", "Action": "kafka-cluster:*", "Resource": TOPIC + "*"},
                             {"Effect": "Deny", "Action": "kafka-cluster:ReadData", "Resource": TOPIC + "orders.secret"}])
    assert any("denied" in m for m in r["missing"])


def test_error_case_needs_a_located_message():
    case = h.Case(Path("t-err.yaml"), {"id": "t-err", "cluster": {"authentication": "iam", "arn": CLUSTER},
                                       "configuration": {}, "expected_result": "error",
                                       "expected_messages": ["did you mean", "S3SinkConnector"]})
    run = h.Run(case, Path("."), failure="generate exit 1",
                error_lines=["error: manifest.yaml:8:3: connectors[0]: unknown class S3SinkConnectr; did you mean "
                             "io.confluent.connect.s3.S3SinkConnector?"])
    assert h.score(run)["sufficient"]
    run.error_lines = ["error: unknown class; did you mean S3SinkConnector"]
    assert not h.score(run)["sufficient"]
    assert not h.score(h.Run(case, Path(".")))["sufficient"]


# --- the corpus itself --------------------------------------------------------------------------

@pytest.mark.terraform
def test_readme_score_is_the_measured_one():
    results, timing = h.run_corpus(h.CASES)
    measured = h.readme_block(results)
    assert h.read_readme_block() == measured, (
        "README.md's corpus score is not the measured one: run `make corpus` and commit README.md\n" + measured)
    if os.environ.get(TARGETS_ENV) == "1" and results:
        t = h.totals(results)
        for key, target in TARGETS.items():
            assert t[key] / t["cases"] >= target, f"{key} {t[key]}/{t['cases']} is below {target:.0%}"


# --- inputs and one case through the CLI (no terraform) -----------------------------------------

def _case(tmp_path, **data):
    base = {"id": "t-cli", "source": {"url": "https://example.com", "title": "t"}, "connector_class": "com.example.FooSinkConnector",
            "connector_name": "foo-sink", "cluster": {"authentication": "iam", "arn": CLUSTER},
            "configuration": {"connector.class": "com.example.FooSinkConnector", "topics": "a,b"},
            "expected_result": "ok", "expected_permissions": []}
    base.update(data)
    return h.Case(tmp_path / "t-cli.yaml", base)


def test_create_connector_json_and_worker_properties(tmp_path):
    case = _case(tmp_path, worker_configuration={"offset.storage.topic": "offsets_x"},
                 cluster={"authentication": "none", "arn": CLUSTER, "bootstrap_servers": "b-1.demo:9092"})
    json_file, props = h.write_inputs(case, tmp_path / "in")
    doc = __import__("json").loads(json_file.read_text())
    assert doc["connectorName"] == "foo-sink" and doc["connectorConfiguration"]["topics"] == "a,b"
    assert doc["kafkaCluster"]["apacheKafkaCluster"]["bootstrapServers"] == "b-1.demo:9092"
    assert doc["kafkaClusterClientAuthentication"]["authenticationType"] == "NONE"
    assert doc["workerConfiguration"]["workerConfigurationArn"].startswith("arn:aws:kafkaconnect:us-east-1:123456789012:")
    assert props.read_text() == "offset.storage.topic=offsets_x\n"


def test_answers_applied_only_when_asked(tmp_path):
    case = _case(tmp_path, answers=[{"key": "connectors[0].type", "value": "sink", "why": "README"},
                                    {"key": "connectors[0].description", "value": "x", "why": "never asked"}])
    run = h.run_case(case, tmp_path / "work")
    assert run.failure is None, run.steps
    assert run.applied == ["connectors[0].type"] and run.unasked == ["connectors[0].description"]
    assert run.module is not None and (run.module / "main.tf").is_file()
    assert [s["command"] for s in run.steps] == ["import", "generate"] and run.steps[0]["exit"] == 5


def test_without_the_answer_the_located_error_is_recorded(tmp_path):
    case = _case(tmp_path, expected_result="error", expected_messages=["missing 'type'"])
    run = h.run_case(case, tmp_path / "work")
    assert run.failure == "generate exit 1" and run.module is None
    r = h.score(run)
    assert r["sufficient"] and r["minimal"] and r["outcome"].startswith("located error: error: manifest.yaml:")
