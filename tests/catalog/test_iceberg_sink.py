"""Apache Iceberg sink with the AWS Glue catalog: control topic and group, transactional ids
(KIP-447 exactly-once), Glue table access and the S3 warehouse.

Expected pairs written from https://iceberg.apache.org/docs/latest/kafka-connect/ (control topic,
group-id prefix, coordinator transactional prefix, Glue example) and
https://iceberg.apache.org/docs/latest/aws/; Glue and S3 action lists are unconfirmed (docs/catalog.md).
"""

from kindtest import CLUSTER, G, T, X, baseline, generate, kc, pairs, reads, s3_bucket, s3_objects

DOC = "https://iceberg.apache.org/docs/latest/kafka-connect/"
GLUE = "arn:aws:glue:us-east-1:123456789012"

CONFIG = {
    "connector.class": "org.apache.iceberg.connect.IcebergSinkConnector",
    "tasks.max": "2",
    "topics": "orders",
    "iceberg.tables": "lake.orders",
    "iceberg.tables.auto-create-enabled": "true",
    "iceberg.tables.evolve-schema-enabled": "true",
    "iceberg.catalog.catalog-impl": "org.apache.iceberg.aws.glue.GlueCatalog",
    "iceberg.catalog.warehouse": "s3://acme-lakehouse/warehouse",
    "iceberg.catalog.io-impl": "org.apache.iceberg.aws.s3.S3FileIO",
    "iceberg.catalog.client.region": "us-east-1",
    "iceberg.control.topic": "control-orders-iceberg",
    "iceberg.control.commit.interval-ms": "120000",
    "iceberg.coordinator.transactional.prefix": "orders-iceberg-",
    "value.converter": "org.apache.kafka.connect.json.JsonConverter",
    "value.converter.schemas.enable": "false",
}


def test_iceberg_sink_grants_exactly_what_its_documentation_implies(tmp_path):
    role = generate(tmp_path, {"name": "orders-to-iceberg", "connector_configuration": CONFIG})
    control = pairs(kc("ReadData", "WriteData", "DescribeTopic"), T("control-orders-iceberg"))
    control_group = pairs(kc("DescribeGroup", "AlterGroup"), G("cg-control-*"))
    # apache/iceberg@7f879b11 kafka-connect Channel.java L67-68: <prefix>coordinator-txn-... / <prefix>worker-txn-...
    txn = pairs(kc("DescribeTransactionalId", "AlterTransactionalId"),
                [X("orders-iceberg-coordinator-txn-*"), X("orders-iceberg-worker-txn-*")])
    # Coordinator.java L97: the coordinator's group is <connect group>-coord
    coord = pairs(kc("DescribeGroup", "AlterGroup"), G("connect-orders-to-iceberg-coord"))
    idempotent = pairs(kc("WriteDataIdempotently"), CLUSTER)
    # GlueTableOperations.java L279, L332 (GetTable, UpdateTable); auto-create: IcebergWriterFactory.java
    # L61-82 and GlueCatalog.java L469, L525 (GetDatabase, CreateDatabase, CreateTable)
    glue = pairs(("glue:GetDatabase", "glue:GetTable", "glue:UpdateTable", "glue:CreateTable", "glue:CreateDatabase"),
                 [f"{GLUE}:catalog", f"{GLUE}:database/lake", f"{GLUE}:table/lake/orders"])
    s3 = (pairs(("s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:AbortMultipartUpload"),
                s3_objects("acme-lakehouse", "warehouse/"))
          | pairs("s3:ListBucket", s3_bucket("acme-lakehouse")))
    assert role.pairs == (baseline("orders-to-iceberg", "sink") | reads("orders") | control | control_group | txn
                          | coord | idempotent | glue | s3)
    role.assert_source(control, "iceberg.control.topic", DOC)
    role.assert_source(txn, "iceberg.coordinator.transactional.prefix", "https://github.com/apache/iceberg/")
    role.assert_source(pairs("glue:CreateTable", f"{GLUE}:table/lake/orders"), "iceberg.tables.auto-create-enabled",
                       "https://iceberg.apache.org/")
    role.assert_source(s3, "iceberg.catalog.warehouse", "https://iceberg.apache.org/")


def test_iceberg_sink_on_minio_with_static_keys_is_not_the_role_for_s3(tmp_path):
    config = dict(CONFIG, **{"iceberg.catalog.s3.endpoint": "http://minio:9000",
                             "iceberg.catalog.s3.access-key-id": "minioadmin",
                             "iceberg.catalog.s3.secret-access-key": "${secretsmanager:minio:secret}"})
    del config["iceberg.coordinator.transactional.prefix"]
    role = generate(tmp_path, {"name": "orders-to-iceberg", "connector_configuration": config})
    assert not {p for p in role.pairs if p[0].startswith("s3:")}
    assert any("minio:9000 is not an AWS endpoint" in w for w in role.warnings)
    # without a prefix the ids are still narrowed to the two families, with no warning
    txn = {r for (a, r) in role.pairs if a == "kafka-cluster:AlterTransactionalId"}
    assert txn == {X("coordinator-txn-*"), X("worker-txn-*")}
    assert not any("transactional.prefix" in w for w in role.warnings)
