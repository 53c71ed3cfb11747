"""Aiven S3 sink: the five actions of Aiven's "Prepare AWS for Amazon S3 sink" page, each on the
resource type it applies to, narrowed to file.name.prefix; or only sts:AssumeRole with aws.sts.role.arn.

Expected pairs written from https://aiven.io/docs/products/kafka/kafka-connect/howto/s3-sink-prereq and
https://aiven.io/docs/products/kafka/kafka-connect/howto/s3-iam-assume-role.
"""

from kindtest import T, baseline, generate, kc, pairs, reads, s3_bucket, s3_objects

DOC = "https://aiven.io/docs/products/kafka/kafka-connect/howto/s3-sink-prereq"

CONFIG = {
    "connector.class": "io.aiven.kafka.connect.s3.AivenKafkaConnectS3SinkConnector",
    "tasks.max": "2",
    "topics": "orders,payments",
    "aws.s3.bucket.name": "acme-orders-archive",
    "aws.s3.region": "us-east-1",
    "file.name.prefix": "raw/",
    "file.compression.type": "gzip",
    "format.output.type": "jsonl",
    "format.output.fields": "key,value,offset,timestamp",
    "key.converter": "org.apache.kafka.connect.storage.StringConverter",
    "value.converter": "org.apache.kafka.connect.json.JsonConverter",
    "value.converter.schemas.enable": "false",
    "errors.tolerance": "all",
    "errors.deadletterqueue.topic.name": "orders-archive-dlq",
}


def test_aiven_s3_sink_grants_exactly_what_its_documentation_implies(tmp_path):
    role = generate(tmp_path, {"name": "orders-archive", "connector_configuration": CONFIG})
    objects = pairs(("s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"),
                    s3_objects("acme-orders-archive", "raw/"))
    bucket = pairs("s3:ListBucketMultipartUploads", s3_bucket("acme-orders-archive"))
    dlq = pairs(kc("CreateTopic", "DescribeTopic", "WriteData"), T("orders-archive-dlq"))
    assert role.pairs == baseline("orders-archive", "sink") | reads("orders", "payments") | objects | bucket | dlq
    role.assert_source(objects | bucket, "aws.s3.bucket.name", DOC)


def test_aiven_s3_sink_with_assume_role_grants_only_the_assume_role(tmp_path):
    config = dict(CONFIG, **{"aws.sts.role.arn": "arn:aws:iam::210987654321:role/archive-writer",
                             "aws.sts.config.endpoint": "https://sts.us-east-1.amazonaws.com"})
    del config["errors.deadletterqueue.topic.name"]
    role = generate(tmp_path, {"name": "orders-archive", "connector_configuration": config})
    assume = pairs("sts:AssumeRole", "arn:aws:iam::210987654321:role/archive-writer")
    assert role.pairs == baseline("orders-archive", "sink") | reads("orders", "payments") | assume
    role.assert_source(assume, "aws.sts.role.arn", "https://aiven.io/docs/products/kafka/kafka-connect/howto/s3-iam-assume-role")


def test_aiven_s3_sink_requires_the_bucket(tmp_path):
    from kindtest import load_errors
    config = {k: v for k, v in CONFIG.items() if k != "aws.s3.bucket.name"}
    assert "aws.s3.bucket.name" in load_errors(tmp_path, {"name": "orders-archive", "connector_configuration": config})
