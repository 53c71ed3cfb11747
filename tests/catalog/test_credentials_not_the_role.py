"""Credentials that are not the role (issue 12): static keys or a non-AWS endpoint make a plugin
call AWS with other credentials or not at all, so nothing is granted for that service, and a
warning says so. The shared helper is catalog/kinds/_shared.py ``not_the_role``; the S3 kinds
use it with their vendors' properties (``S3_CREDENTIALS``)."""

from kindtest import baseline, generate, kc, pairs, reads, T

LICENSE = pairs(kc("CreateTopic", "DescribeTopic", "ReadData", "WriteData"), T("_confluent-command"))


def test_confluent_s3_sink_static_keys_grant_no_s3(tmp_path):
    config = {"connector.class": "io.confluent.connect.s3.S3SinkConnector", "topics": "orders",
              "s3.bucket.name": "acme-raw", "aws.access.key.id": "REDACTED", "aws.secret.access.key": "REDACTED"}
    role = generate(tmp_path, {"name": "s3", "connector_configuration": config})
    assert role.pairs == baseline("s3", "sink") | reads("orders")
    assert any("aws.access.key.id and aws.secret.access.key set static credentials" in w for w in role.warnings)


def test_confluent_s3_sink_minio_store_url_grants_no_s3(tmp_path):
    config = {"connector.class": "io.confluent.connect.s3.S3SinkConnector", "topics": "orders",
              "s3.bucket.name": "acme-raw", "store.url": "http://minio:9000"}
    role = generate(tmp_path, {"name": "s3", "connector_configuration": config})
    assert role.pairs == baseline("s3", "sink") | reads("orders")
    assert any("store.url=http://minio:9000 is not an AWS endpoint" in w for w in role.warnings)


def test_confluent_s3_sink_vpc_endpoint_is_still_the_role(tmp_path):
    config = {"connector.class": "io.confluent.connect.s3.S3SinkConnector", "topics": "orders",
              "s3.bucket.name": "acme-raw", "store.url": "https://bucket.vpce-0a1b2c3d-e4f5g6h7.s3.us-east-1.vpce.amazonaws.com"}
    role = generate(tmp_path, {"name": "s3", "connector_configuration": config})
    assert ("s3:PutObject", "arn:aws:s3:::acme-raw/topics/*") in role.pairs


def test_confluent_s3_source_static_keys_keep_topics_and_license(tmp_path):
    config = {"connector.class": "io.confluent.connect.s3.source.S3SourceConnector", "s3.bucket.name": "acme-raw",
              "topic.regex.list": "orders:.*", "aws.access.key.id": "A", "aws.secret.access.key": "B",
              "confluent.topic.bootstrap.servers": "b-1:9098"}
    role = generate(tmp_path, {"name": "s3src", "connector_configuration": config})
    assert not any(a.startswith("s3:") for a, _ in role.pairs)
    assert ("kafka-cluster:WriteData", T("orders")) in role.pairs and LICENSE <= role.pairs


def test_aiven_s3_sink_custom_endpoint_grants_no_s3(tmp_path):
    config = {"connector.class": "io.aiven.kafka.connect.s3.AivenKafkaConnectS3SinkConnector", "topics": "orders",
              "aws.s3.bucket.name": "acme-raw", "aws.s3.endpoint": "http://localstack:4566", "aws.s3.region": "us-east-1"}
    role = generate(tmp_path, {"name": "aiven", "connector_configuration": config})
    assert role.pairs == baseline("aiven", "sink") | reads("orders")


def test_lenses_s3_sink_credentials_mode_grants_no_s3_but_an_aws_custom_endpoint_does(tmp_path):
    base = {"connector.class": "io.lenses.streamreactor.connect.aws.s3.sink.S3SinkConnector", "topics": "orders",
            "connect.s3.kcql": "INSERT INTO acme-lake:raw SELECT * FROM orders"}
    role = generate(tmp_path, {"name": "lenses", "connector_configuration": dict(
        base, **{"connect.s3.aws.auth.mode": "Credentials", "connect.s3.aws.access.key": "A",
                 "connect.s3.aws.secret.key": "B"})})
    assert role.pairs == baseline("lenses", "sink") | reads("orders")
    role = generate(tmp_path, {"name": "lenses", "connector_configuration": dict(
        base, **{"aws.custom.endpoint": "https://s3.us-east-1.amazonaws.com/"})})
    assert ("s3:PutObject", "arn:aws:s3:::acme-lake/raw/*") in role.pairs  # the KCQL prefix (stream-reactor)
