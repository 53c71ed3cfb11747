"""The catalog framework: manifest integration, generic Kafka Connect rules, the Confluent S3 sink
kind, explain and the README provenance.

Expected (action, resource) sets are written by hand from the documentation each rule cites
(Kafka Connect configuration reference, MSK Developer Guide, Confluent S3 sink "IAM Policy for
S3", aws-samples/msk-config-providers), never computed by generator code.
"""

from __future__ import annotations

import json
import textwrap

import pytest
from click.testing import CliRunner

from msk_connect_iam import manifest
from msk_connect_iam.cli import main
from msk_connect_iam.errors import ManifestError
from msk_connect_iam.render.explain import explain
from msk_connect_iam.policy.permissions import execution_role
from msk_connect_iam.manifest.build import build_record
from msk_connect_iam.render.module import render_module

ACCOUNT = "123456789012"
CLUSTER = "arn:aws:kafka:us-east-1:123456789012:cluster/analytics/7c1f0b2e-5a8d-4b1e-9f3a-2d6c8e4b1a90-3"
SOURCE = "arn:aws:kafka:eu-west-1:123456789012:cluster/legacy/0d3c5e7a-8b9f-4a2c-b1d4-6e8f0a2c4b6d-2"
KT = "arn:aws:kafka:us-east-1:123456789012:topic/analytics/7c1f0b2e-5a8d-4b1e-9f3a-2d6c8e4b1a90-3/"
KG = "arn:aws:kafka:us-east-1:123456789012:group/analytics/7c1f0b2e-5a8d-4b1e-9f3a-2d6c8e4b1a90-3/"
KX = "arn:aws:kafka:us-east-1:123456789012:transactional-id/analytics/7c1f0b2e-5a8d-4b1e-9f3a-2d6c8e4b1a90-3/"


def kc(*actions):
    return [f"kafka-cluster:{a}" for a in actions]


def pairs(actions, resources):
    return {(a, r) for a in actions for r in resources}


def baseline(type_, topics, group=None, create=False):
    """The AWS page's statements for CLUSTER, spelled out by hand."""
    out = pairs(kc("Connect", "DescribeCluster"), [CLUSTER])
    if type_ == "sink":
        out |= pairs(kc("ReadData", "DescribeTopic"), [KT + t for t in topics])
    else:
        out |= pairs(kc("WriteData", "DescribeTopic") + (kc("CreateTopic") if create else []), [KT + t for t in topics])
    out |= pairs(kc("CreateTopic", "WriteData", "ReadData", "DescribeTopic"), [KT + "__amazon_msk_connect_*"])
    groups = [KG + "__amazon_msk_connect_*"] + ([KG + group] if group else [])
    out |= pairs(kc("AlterGroup", "DescribeGroup"), groups)
    return out


def load(tmp_path, body: str):
    path = tmp_path / "connectors.yaml"
    path.write_text(textwrap.dedent(body))
    return manifest.load(path)


def granted(connector):
    return {(a, r) for s in execution_role(connector).statements for a in s.actions for r in s.resources}


def one(tmp_path, connector_yaml: str, extra: str = ""):
    body = f"""\
version: 1
clusters:
  analytics: {{arn: "{CLUSTER}"}}
  legacy: {{arn: "{SOURCE}"}}
defaults:
  cluster: analytics
{extra}connectors:
{textwrap.indent(textwrap.dedent(connector_yaml), '  ')}"""
    return load(tmp_path, body).connectors[0]


def problems(tmp_path, connector_yaml: str):
    with pytest.raises(ManifestError) as exc:
        one(tmp_path, connector_yaml)
    return [p.format() for p in exc.value.problems]


# -- Confluent S3 sink ------------------------------------------------------------------------------

S3_SINK = """\
- name: clickstream-s3-archive
  connector_configuration:
    connector.class: io.confluent.connect.s3.S3SinkConnector
    tasks.max: 4
    topics: clickstream.pageviews, clickstream.sessions
    s3.region: us-east-1
    s3.bucket.name: acme-data-lake
    topics.dir: raw/clickstream
    s3.ssea.name: aws:kms
    s3.sse.kms.key.id: arn:aws:kms:us-east-1:123456789012:key/4f1e2d3c-5b6a-4789-9abc-def012345678
    s3.object.tagging: true
    format.class: io.confluent.connect.s3.format.parquet.ParquetFormat
    flush.size: 10000
"""


def test_confluent_s3_sink(tmp_path):
    c = one(tmp_path, S3_SINK)
    assert c.type == "sink" and c.kind == "confluent_s3_sink"
    key = "arn:aws:kms:us-east-1:123456789012:key/4f1e2d3c-5b6a-4789-9abc-def012345678"
    # kafka-connect-storage-cloud@87eb7d39: HeadBucket on start (S3FileUtils.java L43: s3:ListBucket),
    # multipart uploads, their abort and HeadObject on objects under topics.dir (S3OutputStream.java
    # L249/L327/L370/L410, S3FileUtils.java L64), PutObjectTagging for s3.object.tagging (S3Storage.java
    # L280), and the SSE-KMS key. Confluent's page also lists GetBucketLocation and the multipart
    # listing actions, which no call needs (tests/corpus/EVIDENCE-aws.md).
    expected = baseline("sink", ["clickstream.pageviews", "clickstream.sessions"], group="connect-clickstream-s3-archive")
    expected |= pairs(["s3:ListBucket"], ["arn:aws:s3:::acme-data-lake"])
    expected |= pairs(["s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload",
                       "s3:PutObjectTagging"], ["arn:aws:s3:::acme-data-lake/raw/clickstream/*"])
    expected |= pairs(["kms:GenerateDataKey", "kms:Decrypt"], [key])
    assert granted(c) == expected
    # provenance: the bucket grant names the property that caused it
    rows = [r for r in explain(manifest_of(c)) if r.action == "s3:ListBucket"]
    assert [(r.cause, r.doc) for r in rows] == [
        ("connector_configuration: s3.bucket.name=acme-data-lake",
         "https://github.com/confluentinc/kafka-connect-storage-cloud/blob/87eb7d39/kafka-connect-s3/src/main/java/"
         "io/confluent/connect/s3/util/S3FileUtils.java")]


def manifest_of(connector):
    from msk_connect_iam.model import Manifest
    return Manifest(path="m.yaml", builds=(build_record(connector),))


def test_s3_sink_defaults_topics_dir_and_no_kms(tmp_path):
    c = one(tmp_path, """\
        - name: audit
          connector_configuration:
            connector.class: io.confluent.connect.s3.S3SinkConnector
            topics: audit
            s3.bucket.name: acme-audit
        """)
    aws = {p for p in granted(c) if not p[0].startswith("kafka-cluster:")}
    assert aws == (pairs(["s3:ListBucket"], ["arn:aws:s3:::acme-audit"])
                   | pairs(["s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload"],
                           ["arn:aws:s3:::acme-audit/topics/*"]))


def test_s3_sink_kms_alias_uses_resource_aliases_condition(tmp_path):
    c = one(tmp_path, """\
        - name: audit
          connector_configuration:
            connector.class: io.confluent.connect.s3.S3SinkConnector
            topics: audit
            s3.bucket.name: acme-audit
            s3.ssea.name: aws:kms
            s3.sse.kms.key.id: alias/lake
        """)
    kms = [s for s in execution_role(c).statements if s.sid == "S3SinkKms"]
    assert len(kms) == 1
    assert kms[0].resources == ("arn:aws:kms:us-east-1:123456789012:key/*",)
    assert [(x.test, x.variable, x.values) for x in kms[0].conditions] == [
        ("ForAnyValue:StringEquals", "kms:ResourceAliases", ("alias/lake",))]


def test_s3_sink_without_bucket_is_a_located_error(tmp_path):
    msgs = problems(tmp_path, """\
        - name: audit
          connector_configuration:
            connector.class: io.confluent.connect.s3.S3SinkConnector
            topics: audit
        """)
    assert len(msgs) == 1 and "connectors[0].connector_configuration" in msgs[0] and "s3.bucket.name" in msgs[0]


# -- manifest integration -------------------------------------------------------------------------

def test_type_contradicting_connector_class_is_an_error(tmp_path):
    msgs = problems(tmp_path, """\
        - name: audit
          type: source
          connector_configuration:
            connector.class: io.confluent.connect.s3.S3SinkConnector
            topics: audit
            s3.bucket.name: acme-audit
        """)
    assert len(msgs) == 1
    assert ":6:" in msgs[0].split(" ")[0] + ":" or "connectors[0].type" in msgs[0]
    assert "connectors[0].type" in msgs[0] and "sink connector" in msgs[0]


def test_consumer_group_contradiction_is_an_error(tmp_path):
    msgs = problems(tmp_path, """\
        - name: audit
          consumer_group: other
          connector_configuration:
            connector.class: io.confluent.connect.s3.S3SinkConnector
            topics: audit
            s3.bucket.name: acme-audit
            consumer.override.group.id: audit-archiver
        """)
    assert len(msgs) == 1 and "connectors[0].consumer_group" in msgs[0] and "audit-archiver" in msgs[0]


def test_explicit_topics_add_to_configuration(tmp_path):
    c = one(tmp_path, """\
        - name: audit
          topics: [extra]
          connector_configuration:
            connector.class: io.confluent.connect.s3.S3SinkConnector
            topics: audit
            s3.bucket.name: acme-audit
        """)
    assert set(c.topics) == {"extra", "audit"}


def test_unknown_class_gets_kafka_permissions_and_a_warning(tmp_path, capsys):
    c = one(tmp_path, """\
        - name: custom
          type: sink
          connector_configuration:
            connector.class: com.example.CustomSink
            topics: orders
        """)
    assert granted(c) == baseline("sink", ["orders"], group="connect-custom")
    assert any("com.example.CustomSink is not in the catalog" in w and "aws_permissions" in w
               for w in c.analysis.warnings)
    readme = render_module(build_record(c), "m.yaml")["README.md"]
    assert "### Warnings" in readme and "com.example.CustomSink is not in the catalog" in readme


def test_unknown_class_without_type_is_an_error(tmp_path):
    msgs = problems(tmp_path, """\
        - name: custom
          connector_configuration:
            connector.class: com.example.CustomSink
            topics: orders
        """)
    assert len(msgs) == 1 and "missing 'type'" in msgs[0] and "com.example.CustomSink" in msgs[0]


def test_unknown_cluster_name_is_an_error(tmp_path):
    msgs = problems(tmp_path, """\
        - name: custom
          type: sink
          cluster: nowhere
          topics: [orders]
        """)
    assert len(msgs) == 1 and "connectors[0].cluster" in msgs[0] and "unknown cluster 'nowhere'" in msgs[0]


def test_numbers_and_booleans_become_strings(tmp_path):
    c = one(tmp_path, S3_SINK)
    config = dict(c.configuration)
    assert config["tasks.max"] == "4" and config["s3.object.tagging"] == "true"


# -- generic rules --------------------------------------------------------------------------------

def test_topics_regex_plain_prefix_becomes_prefix_wildcard(tmp_path):
    c = one(tmp_path, r"""
        - name: audit
          type: sink
          connector_configuration:
            connector.class: com.example.CustomSink
            topics.regex: ^audit\..*$
        """)
    assert c.topics == ("audit.*",)


def test_topics_regex_unescaped_dot_warns(tmp_path):
    c = one(tmp_path, r"""
        - name: audit
          type: sink
          connector_configuration:
            connector.class: com.example.CustomSink
            topics.regex: audit.eu.*
        """)
    assert c.topics == ("audit.eu*",)
    assert any("unescaped '.'" in w for w in c.analysis.warnings)


def test_topics_regex_not_a_prefix_needs_topics_or_opt_in(tmp_path):
    regex = """\
        - name: audit
          type: sink
          {extra}
          connector_configuration:
            connector.class: com.example.CustomSink
            topics.regex: audit\\.(eu|us)
        """
    msgs = problems(tmp_path, regex.format(extra=""))
    assert len(msgs) == 1 and "connector_configuration.topics.regex" in msgs[0] and "widen_topics_regex" in msgs[0]
    c = one(tmp_path, regex.format(extra="topics: [audit.eu, audit.us]"))
    assert c.topics == ("audit.eu", "audit.us")
    c = one(tmp_path, regex.format(extra="widen_topics_regex: true"))
    assert c.topics == ("audit.*",)
    msgs = problems(tmp_path, regex.format(extra="widen_topics_regex: true").replace("audit\\.(eu|us)", "(eu|us)"))
    assert len(msgs) == 1 and "every topic" in msgs[0]


def test_dead_letter_queue_and_group_override(tmp_path):
    c = one(tmp_path, """\
        - name: custom
          type: sink
          connector_configuration:
            connector.class: com.example.CustomSink
            topics: orders
            errors.tolerance: all
            errors.deadletterqueue.topic.name: dlq.orders
            consumer.override.group.id: orders-writer
        """)
    expected = baseline("sink", ["orders"], group="orders-writer")
    expected |= pairs(kc("CreateTopic", "DescribeTopic", "WriteData"), [KT + "dlq.orders"])
    assert granted(c) == expected


def test_exactly_once_source_offsets_and_topic_creation(tmp_path):
    c = one(tmp_path, """\
        - name: custom-src
          type: source
          topics: [events]
          connector_configuration:
            connector.class: com.example.CustomSource
            topic.creation.default.replication.factor: 3
            topic.creation.default.partitions: 6
          worker_configuration:
            exactly.once.source.support: enabled
            offset.storage.topic: custom-src-offsets
        """)
    expected = baseline("source", ["events"], create=True)
    expected |= pairs(kc("CreateTopic", "ReadData", "WriteData", "DescribeTopic"), [KT + "custom-src-offsets"])
    expected |= pairs(kc("WriteDataIdempotently"), [CLUSTER])
    expected |= pairs(kc("DescribeTransactionalId", "AlterTransactionalId"),
                      [KX + "*-custom-src-*", KX + "__amazon_msk_connect_*"])
    assert granted(c) == expected


def test_idempotent_producer_override(tmp_path):
    c = one(tmp_path, """\
        - name: custom-src
          type: source
          topics: [events]
          connector_configuration:
            connector.class: com.example.CustomSource
            producer.override.enable.idempotence: "true"
        """)
    assert granted(c) == baseline("source", ["events"]) | pairs(kc("WriteDataIdempotently"), [CLUSTER])


def test_config_providers_resolve_to_precise_arns(tmp_path):
    c = one(tmp_path, """\
        - name: custom
          type: sink
          connector_configuration:
            connector.class: com.example.CustomSink
            topics: orders
            connection.password: ${secretsmanager:prod/orders-db:password}
            connection.user: ${secretsmanager:prod/orders-db:username}
            api.token: ${ssm::/msk/orders/token}
            ssl.truststore.location: ${s3import:us-east-1:acme-certs/truststores/orders.jks}
            other.secret: ${sm2:arn%3Aaws%3Asecretsmanager%3Aeu-west-1%3A123456789012%3Asecret%3Aother-AbCdEf:key}
          worker_configuration:
            config.providers: secretsmanager,ssm,s3import,sm2
            config.providers.secretsmanager.class: com.amazonaws.kafka.config.providers.SecretsManagerConfigProvider
            config.providers.secretsmanager.param.region: eu-west-1
            config.providers.ssm.class: com.amazonaws.kafka.config.providers.SsmParamStoreConfigProvider
            config.providers.s3import.class: com.amazonaws.kafka.config.providers.S3ImportConfigProvider
            config.providers.sm2.class: com.amazonaws.kafka.config.providers.SecretsManagerConfigProvider
        """)
    aws = {p for p in granted(c) if not p[0].startswith("kafka-cluster:")}
    assert aws == {
        ("secretsmanager:GetSecretValue", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/orders-db-??????"),
        ("secretsmanager:GetSecretValue", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:other-AbCdEf"),
        ("ssm:GetParameter", "arn:aws:ssm:us-east-1:123456789012:parameter/msk/orders/token"),
        ("s3:GetObject", "arn:aws:s3:::acme-certs/truststores/orders.jks"),
    }


def test_undeclared_config_provider_is_an_error_when_worker_given(tmp_path):
    msgs = problems(tmp_path, """\
        - name: custom
          type: sink
          connector_configuration:
            connector.class: com.example.CustomSink
            topics: orders
            connection.password: ${secretsmanager:db:password}
          worker_configuration:
            config.providers: ssm
            config.providers.ssm.class: com.amazonaws.kafka.config.providers.SsmParamStoreConfigProvider
        """)
    assert len(msgs) == 1 and "connector_configuration.connection.password" in msgs[0]


def test_two_clusters_source_cluster_reference(tmp_path):
    c = one(tmp_path, """\
        - name: custom
          type: source
          topics: [events]
          source_cluster: legacy
          connector_configuration:
            connector.class: com.example.CustomSource
        """)
    assert c.source_cluster is not None and c.source_cluster.arn.arn == SOURCE


# -- explain and README -----------------------------------------------------------------------------

def test_explain_cli_text_and_json(tmp_path):
    path = tmp_path / "connectors.yaml"
    other = "- name: other\n  type: sink\n  topics: [x]\n"
    path.write_text(f'version: 1\ndefaults:\n  cluster: {{arn: "{CLUSTER}"}}\nconnectors:\n'
                    + textwrap.indent(S3_SINK + other, "  "))
    runner = CliRunner()
    res = runner.invoke(main, ["explain", str(path), "--connector", "clickstream-s3-archive", "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    assert {r["connector"] for r in rows} == {"clickstream-s3-archive"}
    got = {(r["action"], r["resource"]) for r in rows}
    c = manifest.load(path).connectors[0]
    assert got == granted(c)
    tagging = [r for r in rows if r["action"] == "s3:PutObjectTagging"]
    assert tagging[0]["cause"] == "connector_configuration: s3.object.tagging=true"
    res = runner.invoke(main, ["explain", str(path)])
    assert res.exit_code == 0
    assert "because connector_configuration: s3.bucket.name=acme-data-lake" in res.output
    assert "connector other:" in res.output
    res = runner.invoke(main, ["explain", str(path), "--connector", "nope"])
    assert res.exit_code == 2 and "no connector named 'nope'" in res.output


def test_readme_has_provenance(tmp_path):
    c = one(tmp_path, S3_SINK)
    readme = render_module(build_record(c), "m.yaml")["README.md"]
    assert "### Where each permission comes from" in readme
    assert "`connector_configuration: s3.sse.kms.key.id=arn:aws:kms" in readme
    assert "Confluent Amazon S3 Sink" in readme


def test_unicode_in_unrelated_property_is_fine_but_not_in_a_derived_arn(tmp_path):
    c = one(tmp_path, """\
        - name: audit
          connector_configuration:
            connector.class: io.confluent.connect.s3.S3SinkConnector
            topics: audit
            s3.bucket.name: acme-audit
            transforms.label.replacement: "→ archived"
        """)
    assert dict(c.configuration)["transforms.label.replacement"] == "→ archived"
    msgs = problems(tmp_path, """\
        - name: audit
          connector_configuration:
            connector.class: io.confluent.connect.s3.S3SinkConnector
            topics: audit
            s3.bucket.name: "acme-\u2192"
        """)
    assert msgs and all("connectors[0].connector_configuration" in m for m in msgs)
    assert any("S3 bucket name 'acme-→'" in m for m in msgs)


def test_wildcards_in_configuration_values_never_widen_a_grant(tmp_path):
    msgs = problems(tmp_path, """\
        - name: audit
          connector_configuration:
            connector.class: io.confluent.connect.s3.S3SinkConnector
            topics: audit
            s3.bucket.name: "*"
        """)
    assert any("S3 bucket name '*'" in m for m in msgs)
    msgs = problems(tmp_path, """\
        - name: custom
          type: sink
          connector_configuration:
            connector.class: com.example.CustomSink
            topics: orders
            connection.password: ${secretsmanager:prod/*:password}
        """)
    assert any("secret name 'prod/*'" in m for m in msgs)



@pytest.mark.parametrize("bucket", ["*", "acme-?", "${ssm::/archive/bucket}", "acme-*"])
def test_config_value_cannot_widen_an_aws_resource(bucket):
    from manifests import problems

    found = problems(HEADER_FOR_WIDENING + f"""\
connectors:
  - name: audit
    connector_configuration:
      connector.class: io.confluent.connect.s3.S3SinkConnector
      topics: audit
      s3.bucket.name: "{bucket}"
""")
    assert any("connector_configuration.s3.bucket.name" in p and "would widen the grant" in p for p in found), found


def test_config_value_with_wildcard_outside_aws_arns_is_accepted():
    from manifests import connectors

    m = connectors("""\
        connectors:
          - name: audit
            connector_configuration:
              connector.class: io.confluent.connect.s3.S3SinkConnector
              topics: audit
              s3.bucket.name: acme-audit
              transforms.mask.fields: "*"
        """)
    assert m.connectors[0].name == "audit"


HEADER_FOR_WIDENING = """\
version: 1
defaults:
  cluster:
    arn: arn:aws:kafka:us-east-1:123456789012:cluster/analytics/7c1f0b2e-5a8d-4b1e-9f3a-2d6c8e4b1a90-3
"""


def test_wildcard_in_a_dynamodb_table_name_is_refused():
    from manifests import problems

    found = problems(HEADER_FOR_WIDENING + """\
connectors:
  - name: ddb
    connector_configuration:
      connector.class: io.confluent.connect.aws.dynamodb.DynamoDbSinkConnector
      topics: orders
      aws.dynamodb.region: us-east-1
      table.name.format: "orders-*"
""")
    assert any("table.name.format" in p and "would widen the grant" in p for p in found), found


@pytest.mark.parametrize("prop, value", [("topics", "a*,b"), ("errors.deadletterqueue.topic.name", "dlq*")])
def test_wildcard_in_a_config_topic_name_is_refused(prop, value):
    from manifests import problems

    extra = f'      {prop}: "{value}"\n' if prop != "topics" else ""
    topics = value if prop == "topics" else "audit"
    found = problems(HEADER_FOR_WIDENING + f"""\
connectors:
  - name: audit
    connector_configuration:
      connector.class: io.confluent.connect.s3.S3SinkConnector
      topics: "{topics}"
      s3.bucket.name: acme-audit
{extra}""")
    assert any(f"connector_configuration.{prop}" in p.replace('["', ".").replace('"]', "")
               and "would widen the grant" in p for p in found), found


def test_prefix_regex_still_becomes_a_prefix_grant():
    from manifests import connectors

    m = connectors("""\
        connectors:
          - name: audit
            connector_configuration:
              connector.class: io.confluent.connect.s3.S3SinkConnector
              topics.regex: "orders\\\\..*"
              s3.bucket.name: acme-audit
        """)
    assert m.connectors[0].name == "audit"
