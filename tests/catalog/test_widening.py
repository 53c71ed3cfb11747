"""Values parsed before they reach an ARN or a Kafka name cannot widen the role (issue 13,
"Widening through parsed values").

Each reproducer went through the real loader and derivation (``manifests.problems``) and, before
the ARN builder (catalog/arnbuild.py), reached main.tf with exit 0 and no warning. The expected
messages are located at the property the hostile text came from.
"""

from __future__ import annotations

import pytest

from manifests import model, problems
from msk_connect_iam.catalog.arnbuild import REGIONS, is_region
from msk_connect_iam.model import BuiltArn, BuiltName, Grant, KafkaGrant, TopicUse
from msk_connect_iam.policy.permissions import execution_role

HEADER = """\
version: 1
defaults:
  cluster:
    arn: arn:aws:kafka:us-east-1:123456789012:cluster/analytics/7c1f0b2e-5a8d-4b1e-9f3a-2d6c8e4b1a90-3
connectors:
"""

PROVIDERS = """\
    worker_configuration:
      config.providers: secretsmanager,ssm,s3import
      config.providers.secretsmanager.class: com.amazonaws.kafka.config.providers.SecretsManagerConfigProvider
      config.providers.ssm.class: com.amazonaws.kafka.config.providers.SsmParamStoreConfigProvider
      config.providers.s3import.class: com.amazonaws.kafka.config.providers.S3ImportConfigProvider
"""


def custom_sink(prop: str, value: str, worker_extra: str = "", extra: str = "") -> str:
    return HEADER + f"""\
  - name: custom
    type: sink
    connector_configuration:
      connector.class: com.example.CustomSink
      topics: orders
      {prop}: "{value}"
{PROVIDERS}{worker_extra}{extra}"""


def located(found, section, prop):
    return [p for p in found if f"{section}.{prop}" in p.replace('["', ".").replace('"]', "")]


def widen_problem(found, prop, section="connector_configuration"):
    hits = [p for p in located(found, section, prop) if "widen the grant" in p or "not the connector's" in p
            or "partition" in p or "not a region" in p]
    assert hits, found
    return hits


@pytest.mark.parametrize("placeholder", ["${ssm::*}", "${ssm:*:x}", "${ssm::/a/*}", "${ssm::/a/b*?ttl=5}",
                                         "${s3import:us-east-1:*/x}", "${s3import:us-east-1:bkt/*}",
                                         "${secretsmanager:prod/*:password}", "${ssm::}"])
def test_config_provider_placeholders_cannot_widen(placeholder):
    found = problems(custom_sink("connection.password", placeholder))
    assert located(found, "connector_configuration", "connection.password"), found


@pytest.mark.parametrize("arn", [
    "arn%3Aaws%3Asecretsmanager%3Aus-east-1%3A123456789012%3Asecret%3A*",
    "arn%3Aaws%3Asecretsmanager%3Aus-east-1%3A123456789012%3Asecret%3Aprod-%3F%3F",
    "arn%3Aaws%3Asecretsmanager%3Aus-east-1%3A210987654321%3Asecret%3Aprod-db-AbCdEf",
    "arn%3Aaws-cn%3Asecretsmanager%3Acn-north-1%3A123456789012%3Asecret%3Aprod-db-AbCdEf",
    "arn%3Aaws%3Asecretsmanager%3A*%3A123456789012%3Asecret%3Aprod-db-AbCdEf",
])
def test_url_encoded_secret_arn_cannot_widen(arn):
    found = problems(custom_sink("connection.password", "${secretsmanager:" + arn + ":password}"))
    assert located(found, "connector_configuration", "connection.password"), found


def test_an_exact_url_encoded_secret_arn_is_granted():
    arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod-db-AbCdEf"
    m = model(custom_sink("connection.password", "${secretsmanager:" + arn.replace(":", "%3A") + ":password}"))
    res = {r for s in execution_role(m.connectors[0]).statements for r in s.resources}
    assert arn in res


@pytest.mark.parametrize("region", ["*", "us-east-?", "eu-west-9", "cn-north-1"])
def test_provider_region_cannot_widen(region):
    found = problems(custom_sink("connection.password", "${secretsmanager:prod-db:password}",
                                 worker_extra=f'      config.providers.secretsmanager.param.region: "{region}"\n'))
    widen_problem(found, "config.providers.secretsmanager.param.region", "worker_configuration")


def test_provider_region_of_the_partition_is_granted():
    text = custom_sink("connection.password", "${secretsmanager:prod-db:password}",
                       worker_extra="      config.providers.secretsmanager.param.region: eu-west-1\n")
    m = model(text)
    res = {r for s in execution_role(m.connectors[0]).statements for r in s.resources}
    assert "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod-db-??????" in res


S3_SINK = """\
  - name: audit
    connector_configuration:
      connector.class: io.confluent.connect.s3.S3SinkConnector
      topics: audit
      s3.bucket.name: acme-audit
      s3.ssea.name: aws:kms
      s3.sse.kms.key.id: "{key}"
"""


@pytest.mark.parametrize("key", ["arn:aws:kms:us-east-1:123456789012:key/*",
                                 "arn:aws:kms:us-east-1:123456789012:alias/*",
                                 "arn:aws:kms:*:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                                 "arn:aws-cn:kms:cn-north-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                                 "arn%3Aaws%3Akms%3Aus-east-1%3A123456789012%3Akey%2F*",
                                 "alias/*", "1234abcd-*"])
def test_kms_key_cannot_widen(key):
    found = problems(HEADER + S3_SINK.format(key=key))
    assert located(found, "connector_configuration", "s3.sse.kms.key.id"), found


@pytest.mark.parametrize("bus", ["arn:aws:events:us-east-1:123456789012:event-bus/*",
                                 "arn:aws:events:*:123456789012:event-bus/default",
                                 "arn:aws:events:us-east-1:*:event-bus/default",
                                 "arn:aws-cn:events:cn-north-1:123456789012:event-bus/default"])
def test_eventbridge_bus_cannot_widen(bus):
    found = problems(HEADER + f"""\
  - name: events
    connector_configuration:
      connector.class: software.amazon.event.kafkaconnector.EventBridgeSinkConnector
      topics: orders
      aws.eventbridge.eventbus.arn: "{bus}"
      aws.eventbridge.region: us-east-1
      aws.eventbridge.connector.id: orders
""")
    assert located(found, "connector_configuration", "aws.eventbridge.eventbus.arn"), found


@pytest.mark.parametrize("fn", ["arn:aws:lambda:*:123456789012:function:*",
                                "arn:aws:lambda:us-east-1:123456789012:function:*",
                                "arn:aws:lambda:us-east-1:123456789012:function:ingest:*",
                                "arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:ingest"])
def test_lambda_function_arn_cannot_widen(fn):
    found = problems(HEADER + f"""\
  - name: invoke
    connector_configuration:
      connector.class: io.confluent.connect.aws.lambda.AwsLambdaSinkConnector
      topics: orders
      aws.lambda.function.name: "{fn}"
""")
    assert located(found, "connector_configuration", "aws.lambda.function.name"), found


@pytest.mark.parametrize("kcql", ["INSERT INTO orders SELECT * FROM bkt1:a*",
                                  "INSERT INTO orders SELECT * FROM bkt1:a?b",
                                  "INSERT INTO orders SELECT * FROM bkt*"])
def test_lenses_kcql_location_cannot_widen(kcql):
    found = problems(HEADER + f"""\
  - name: restore
    connector_configuration:
      connector.class: io.lenses.streamreactor.connect.aws.s3.source.S3SourceConnector
      connect.s3.kcql: "{kcql}"
""")
    assert located(found, "connector_configuration", "connect.s3.kcql") or any(
        "connect.s3.kcql" in p for p in found), found


# The Apache connector's transactional ids are <prefix>coordinator-txn-... / <prefix>worker-txn-...
# (apache/iceberg Channel.java L67-68): an empty prefix leaves no bare prefix there, so the
# Tabular original (ids <prefix>*) is the one whose empty prefix must be refused.
@pytest.mark.parametrize("prop, cls", [("iceberg.control.group-id-prefix", "org.apache.iceberg.connect.IcebergSinkConnector"),
                                       ("iceberg.coordinator.transactional.prefix",
                                        "io.tabular.iceberg.connect.IcebergSinkConnector")])
def test_iceberg_empty_prefix_is_an_error(prop, cls):
    found = problems(HEADER + f"""\
  - name: lake
    connector_configuration:
      connector.class: {cls}
      topics: orders
      iceberg.tables: db.orders
      {prop}: ""
""")
    hits = located(found, "connector_configuration", prop)
    assert hits and any("empty" in p for p in hits), found


def test_allow_wildcards_lets_the_property_through_and_says_why(tmp_path):
    from msk_connect_iam.render.module import render_manifest

    text = HEADER + """\
  - name: lake
    connector_configuration:
      connector.class: org.apache.iceberg.connect.IcebergSinkConnector
      topics: orders
      iceberg.tables: db.orders
      iceberg.control.group-id-prefix: ""
    allow_wildcards:
      - property: iceberg.control.group-id-prefix
        reason: the control groups of this connector have random names
"""
    m = model(text)
    role = execution_role(m.connectors[0])
    res = {r for s in role.statements for r in s.resources}
    assert any(r.endswith("/analytics/7c1f0b2e-5a8d-4b1e-9f3a-2d6c8e4b1a90-3/*") and ":group/" in r for r in res)
    files = render_manifest(m, "../m.yaml")
    readme = next(v for k, v in files.items() if str(k).endswith("README.md"))
    assert "the control groups of this connector have random names" in readme


def test_an_unused_allow_wildcards_entry_is_an_error():
    found = problems(HEADER + """\
  - name: lake
    connector_configuration:
      connector.class: org.apache.iceberg.connect.IcebergSinkConnector
      topics: orders
      iceberg.tables: db.orders
    allow_wildcards:
      - property: iceberg.control.group-id-prefix
        reason: just in case
""")
    assert any("allow_wildcards" in p and "remove the entry" in p for p in found), found


def test_allow_wildcards_needs_a_reason():
    found = problems(HEADER + """\
  - name: lake
    connector_configuration:
      connector.class: org.apache.iceberg.connect.IcebergSinkConnector
      topics: orders
      iceberg.control.group-id-prefix: ""
    allow_wildcards:
      - property: iceberg.control.group-id-prefix
""")
    assert any("reason" in p for p in found), found


def test_grants_refuse_text_the_builder_did_not_make():
    arn = "arn:aws:s3:::acme/*"
    with pytest.raises(TypeError, match="builder"):
        Grant("S", ("s3:GetObject",), (arn,), "c", "r", "d")
    with pytest.raises(TypeError, match="builder"):
        KafkaGrant("S", ("kafka-cluster:ReadData",), "topic", ("orders",), "c", "r", "d")
    with pytest.raises(TypeError, match="builder"):
        TopicUse("orders", "c", "r", "d")
    with pytest.raises(TypeError):
        BuiltArn(arn)
    with pytest.raises(TypeError):
        BuiltName("orders")


def test_region_table():
    assert is_region("aws", "us-east-1") and is_region("aws-cn", "cn-north-1")
    assert not is_region("aws", "eu-west-9") and not is_region("aws", "cn-north-1")
    assert set(REGIONS) >= {"aws", "aws-cn", "aws-us-gov"}


DYNAMO = HEADER + """\
  - name: ddb
    topics: [orders, payments]
    connector_configuration:
      connector.class: io.confluent.connect.aws.dynamodb.DynamoDbSinkConnector
      topics.regex: "orders|payments"
      aws.dynamodb.region: us-east-1
"""


def test_a_rule_that_would_grant_everything_needs_allow_wildcards():
    found = problems(DYNAMO)
    hits = located(found, "connector_configuration", "topics.regex")
    assert any("every DynamoDB table" in p for p in hits), found
    m = model(DYNAMO + """\
    allow_wildcards:
      - property: topics.regex
        reason: the tables are created per topic at run time
""")
    res = {r for s in execution_role(m.connectors[0]).statements for r in s.resources}
    assert "arn:aws:dynamodb:us-east-1:123456789012:table/*" in res


def test_an_allowance_never_covers_text_another_property_holds():
    # '*' is in s3.bucket.name (allowed) and in topics.dir (not allowed): neither gets through
    found = problems(HEADER + """\
  - name: audit
    connector_configuration:
      connector.class: io.confluent.connect.s3.S3SinkConnector
      topics: audit
      s3.bucket.name: "*"
      topics.dir: "*"
    allow_wildcards:
      - property: s3.bucket.name
        reason: test
""")
    assert any("widen the grant" in p for p in found), found
