"""Topic-routing transforms applied to a source's derived topics (catalog/transforms.py).

Expected names are worked out by hand from the transforms' sources: Apache Kafka RegexRouter.java
(``matcher.matches()`` on the whole topic, then ``replaceFirst``), TimestampRouter.java
(``topic.format`` default ``${topic}-${timestamp}``), Debezium EventRouterDelegate.java /
EventRouterConfigDefinition.java (default ``route.topic.replacement`` ``outbox.event.${routedByValue}``),
Confluent's ExtractTopic docs (the topic is a record field).
"""

from __future__ import annotations

import fnmatch
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kindtest import T, generate, load_errors
from msk_connect_iam.catalog.transforms import STAR, Unsupported, route_regex

MYSQL = {
    "connector.class": "io.debezium.connector.mysql.MySqlConnector",
    "tasks.max": "1",
    "topic.prefix": "dbserver1",
    "database.hostname": "mysql",
    "database.server.id": "184054",
    "database.user": "debezium",
    "database.password": "${secretsmanager:db:password}",
    "include.schema.changes": "false",
    "schema.history.internal.kafka.bootstrap.servers": "b-1.example:9098",
    "schema.history.internal.kafka.topic": "schema-changes.inventory",
}


def _written(role) -> set[str]:
    prefix = T("")
    return {r[len(prefix):] for (a, r) in role.pairs
            if a == "kafka-cluster:WriteData" and r.startswith(prefix) and "__amazon_msk_connect" not in r}


# --- route_regex on one pattern ---------------------------------------------------------------

def test_exact_name_is_routed_by_the_replacement():
    assert route_regex(("dbserver1.inventory.addresses",), r"([^.]+)\.([^.]+)\.([^.]+)", "$3") == \
        (False, [("addresses",)])


def test_exact_name_the_regex_does_not_match_keeps_its_topic():
    # matches() needs the whole topic: two parts do not match a three-part regex
    assert route_regex(("dbserver1",), r"([^.]+)\.([^.]+)\.([^.]+)", "$3") == (True, [])


def test_prefix_routed_by_a_catch_all_regex_gets_a_suffix():
    keep, routed = route_regex(("asgard.", STAR), "(.*)", "$1-raw")
    assert keep is False
    assert routed == [("asgard.", STAR, "-raw")]


def test_prefix_with_a_part_regex_keeps_the_unmatched_names():
    # asgard.x.y matches; asgard.x does not (no second dot) and keeps its topic
    keep, routed = route_regex(("asgard.", STAR), r"asgard\.([^.]+)\.([^.]+)", "$2")
    assert keep is True
    assert routed == [(STAR,)]


def test_unsupported_regex_is_said_not_guessed():
    for regex in ("a|b", "(a(b))", r"\d+", "a{2}", "(?=x)a"):
        try:
            route_regex(("a", STAR), regex, "x")
        except Unsupported:
            continue
        raise AssertionError(f"{regex!r} was accepted")


# soundness: every real name of a prefix pattern ends, after Java's RegexRouter, in the kept
# pattern or in one of the routed patterns
_ATOMS = st.sampled_from(["a", "b", ".", r"\.", "[^.]", "[a-z]", "-"])
_QUANT = st.sampled_from(["", "", "*", "+", "?"])


@st.composite
def _regexes(draw):
    atoms = draw(st.lists(st.tuples(_ATOMS, _QUANT), min_size=1, max_size=5))
    body = [a + q for a, q in atoms]
    if draw(st.booleans()):
        i = draw(st.integers(0, len(body) - 1))
        j = draw(st.integers(i + 1, len(body)))
        body = body[:i] + ["("] + body[i:j] + [")"] + body[j:]
        return "".join(body), 1
    return "".join(body), 0


@settings(max_examples=300, deadline=None)
@given(_regexes(), st.text("ab.-", min_size=1, max_size=4), st.text("ab.-", max_size=6),
       st.sampled_from(["x", "$1", "$1-y", "p.$1"]))
def test_routing_a_prefix_is_sound(rx, prefix, rest, replacement):
    regex, groups = rx
    if "$1" in replacement and not groups:
        replacement = "x"
    try:
        keep, routed = route_regex((prefix, STAR), regex, replacement)
    except Unsupported:
        return
    name = prefix + rest
    m = re.fullmatch(regex, name)
    if not m:
        assert keep, f"{name!r} keeps its topic, but the result says no name does"
        return
    actual = m.expand(replacement.replace("$1", r"\1"))
    globs = ["".join("*" if x is STAR else x.replace("*", "[*]").replace("?", "[?]") for x in r) for r in routed]
    assert any(fnmatch.fnmatchcase(actual, g) for g in globs), (name, actual, routed)


# --- the chain applied to a real configuration ------------------------------------------------

def test_regex_router_renames_the_matching_part_of_the_derived_prefix(tmp_path):
    config = {**MYSQL, "transforms": "route", "transforms.route.type": "org.apache.kafka.connect.transforms.RegexRouter",
              "transforms.route.regex": r"dbserver1\.inventory\.(.*)", "transforms.route.replacement": "inv-$1"}
    role = generate(tmp_path, {"name": "inv", "connector_configuration": config})
    written = _written(role)
    # dbserver1.inventory.<t> becomes inv-<t>; dbserver1.<other db>.<t> does not match and keeps its topic
    assert {"inv-*", "dbserver1.*"} <= written
    assert any("routes the topics" in w for w in role.warnings)


def test_routing_to_a_name_chosen_by_table_grants_nothing_for_it_and_asks(tmp_path):
    config = {**MYSQL, "transforms": "route", "transforms.route.type": "org.apache.kafka.connect.transforms.RegexRouter",
              "transforms.route.regex": r"([^.]+)\.([^.]+)\.([^.]+)", "transforms.route.replacement": "$3"}
    role = generate(tmp_path, {"name": "inv", "connector_configuration": config})
    written = _written(role)
    assert "*" not in written and written >= {"dbserver1.*"}
    assert any("needs editing" in w and "transforms.route.replacement" in w for w in role.warnings)


def test_regex_router_on_the_derived_prefix_adds_a_suffix(tmp_path):
    config = {**MYSQL, "transforms": "suffix", "transforms.suffix.type": "org.apache.kafka.connect.transforms.RegexRouter",
              "transforms.suffix.regex": "(.*)", "transforms.suffix.replacement": "$1-raw"}
    role = generate(tmp_path, {"name": "inv", "connector_configuration": config})
    written = _written(role)
    assert "dbserver1.*-raw" in written
    assert "dbserver1.*" not in written  # every record matches '(.*)': nothing keeps its topic


def test_a_predicate_keeps_the_unrouted_topics(tmp_path):
    config = {**MYSQL, "transforms": "suffix", "transforms.suffix.type": "org.apache.kafka.connect.transforms.RegexRouter",
              "transforms.suffix.regex": "(.*)", "transforms.suffix.replacement": "$1-raw",
              "transforms.suffix.predicate": "isOrders", "predicates": "isOrders",
              "predicates.isOrders.type": "org.apache.kafka.connect.transforms.predicates.TopicNameMatches",
              "predicates.isOrders.pattern": ".*orders"}
    written = _written(generate(tmp_path, {"name": "inv", "connector_configuration": config}))
    assert {"dbserver1.*-raw", "dbserver1.*"} <= written


def test_timestamp_router_appends_any_text(tmp_path):
    config = {**MYSQL, "transforms": "ts", "transforms.ts.type": "org.apache.kafka.connect.transforms.TimestampRouter"}
    written = _written(generate(tmp_path, {"name": "inv", "connector_configuration": config}))
    assert "dbserver1.*-*" in written
    assert "dbserver1.*" not in written  # every record is routed


def test_outbox_event_router_grants_the_replacement_pattern_and_asks_for_the_topics(tmp_path):
    config = {"connector.class": "io.debezium.connector.postgresql.PostgresConnector", "topic.prefix": "dbserver1",
              "database.hostname": "postgres", "database.user": "u", "database.password": "${secretsmanager:db:pw}",
              "database.dbname": "orders", "table.include.list": "outboxevent",
              "transforms": "outbox", "transforms.outbox.type": "io.debezium.transforms.outbox.EventRouter"}
    role = generate(tmp_path, {"name": "ob", "connector_configuration": config})
    assert "outbox.event.*" in _written(role)
    assert any("needs editing" in w and "route.topic.replacement" in w for w in role.warnings)


def test_outbox_router_whose_result_is_any_topic_grants_nothing_for_it(tmp_path):
    config = {"connector.class": "io.debezium.connector.postgresql.PostgresConnector", "topic.prefix": "dbserver1",
              "database.hostname": "postgres", "database.user": "u", "database.password": "${secretsmanager:db:pw}",
              "database.dbname": "orders", "table.include.list": "outboxevent",
              "transforms": "outbox", "transforms.outbox.type": "io.debezium.transforms.outbox.EventRouter",
              "transforms.outbox.route.topic.replacement": "${routedByValue}"}
    role = generate(tmp_path, {"name": "ob", "connector_configuration": config, "topics": ["orders.events"]})
    assert "*" not in _written(role)
    assert any("any topic" in w for w in role.warnings)


def test_extract_topic_says_the_topic_is_chosen_by_data(tmp_path):
    config = {**MYSQL, "transforms": "et", "transforms.et.type": "io.confluent.connect.transforms.ExtractTopic$Value",
              "transforms.et.field": "tenant"}
    role = generate(tmp_path, {"name": "inv", "connector_configuration": config})
    assert "dbserver1.*" in _written(role)
    assert any("transforms.et.field" in w and "needs editing" in w for w in role.warnings)


def test_a_sinks_transforms_change_nothing_it_reads(tmp_path):
    config = {"connector.class": "io.confluent.connect.s3.S3SinkConnector", "topics": "orders",
              "s3.bucket.name": "lake-bucket", "s3.region": "us-east-1",
              "storage.class": "io.confluent.connect.s3.storage.S3Storage",
              "format.class": "io.confluent.connect.s3.format.json.JsonFormat", "flush.size": "100",
              "transforms": "r", "transforms.r.type": "org.apache.kafka.connect.transforms.RegexRouter",
              "transforms.r.regex": "(.*)", "transforms.r.replacement": "$1-copy"}
    role = generate(tmp_path, {"name": "s3", "connector_configuration": config})
    reads = {r for (a, r) in role.pairs if a == "kafka-cluster:ReadData" and "__amazon" not in r}
    assert reads == {T("orders")}


def test_a_wildcard_in_the_replacement_cannot_widen_the_grant(tmp_path):
    config = {**MYSQL, "transforms": "r", "transforms.r.type": "org.apache.kafka.connect.transforms.RegexRouter",
              "transforms.r.regex": "(.*)", "transforms.r.replacement": "*"}
    text = load_errors(tmp_path, {"name": "inv", "connector_configuration": config})
    assert "transforms.r.replacement" in text


def test_import_asks_for_the_topics_a_transform_chooses_by_data(tmp_path):
    """The needs-editing line names connectors[i].topics (what answers it) and the transform key;
    import exits 5; generate of the same manifest only warns (the grant is sound without it)."""
    import json

    from click.testing import CliRunner

    from msk_connect_iam.cli import main
    from kindtest import CLUSTER

    config = {**MYSQL, "transforms": "route", "transforms.route.type": "org.apache.kafka.connect.transforms.RegexRouter",
              "transforms.route.regex": r"([^.]+)\.([^.]+)\.([^.]+)", "transforms.route.replacement": "$3"}
    doc = {"connectorName": "inventory", "connectorConfiguration": config,
           "kafkaCluster": {"apacheKafkaCluster": {"bootstrapServers": "b-1.analytics.abc.c2.kafka.us-east-1.amazonaws.com:9098"}},
           "kafkaClusterClientAuthentication": {"authenticationType": "IAM"}}
    (tmp_path / "c.json").write_text(json.dumps(doc))
    out = tmp_path / "m.yaml"
    res = CliRunner().invoke(main, ["import", str(tmp_path / "c.json"), "--cluster-arn", CLUSTER, "-o", str(out)])
    assert res.exit_code == 5, res.output
    edit = [ln for ln in res.stderr.splitlines() if ln.startswith("needs editing: ")]
    assert len(edit) == 1 and "connectors[0].topics:" in edit[0] and "transforms.route.replacement" in edit[0]
    gen = CliRunner().invoke(main, ["generate", str(out), "-o", str(tmp_path / "modules")])
    assert gen.exit_code == 0, gen.output
    assert "transforms.route.replacement: needs editing" in gen.stderr
