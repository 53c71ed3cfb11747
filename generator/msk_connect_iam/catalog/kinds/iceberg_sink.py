"""Apache Iceberg sink with the AWS Glue catalog (``org.apache.iceberg.connect.IcebergSinkConnector``,
and the Tabular original ``io.tabular.iceberg.connect.IcebergSinkConnector``).

Source: Apache Iceberg, "Kafka Connect" (https://iceberg.apache.org/docs/latest/kafka-connect/):

- control topic ``iceberg.control.topic`` (default ``control-iceberg``): workers and the
  coordinator produce and consume commit events on it -> ReadData, WriteData, DescribeTopic;
- control consumer groups ``iceberg.control.group-id-prefix`` (default ``cg-control-``) followed
  by a random UUID (``Worker``, source code) -> AlterGroup, DescribeGroup on ``<prefix>*``; the
  Tabular connector's ``iceberg.control.group-id`` names the group exactly;
- the coordinator's consumer group ``<connect group>-coord``, the connect group being
  ``iceberg.connect.group-id`` or ``connect-<connector name>`` (apache/iceberg@7f879b11
  kafka-connect ``Coordinator.java`` L97, ``IcebergSinkConfig.java`` L414-422; ``Channel.java`` L151
  commitSync) -> AlterGroup, DescribeGroup;
- "The sink relies on KIP-447 for exactly-once semantics": transactional producers whose ids are
  ``<iceberg.coordinator.transactional.prefix>coordinator-txn-<...>`` and ``<prefix>worker-txn-<...>``
  (``Channel.java`` L67-68, ``IcebergSinkConnector.java`` L52-57, ``IcebergSinkConfig.java``
  L437-443; the prefix defaults to empty) -> DescribeTransactionalId, AlterTransactionalId on
  those two prefixes, and WriteDataIdempotently on the cluster (a transactional producer is
  idempotent; ``KafkaClientFactory.java`` L43-50). The Tabular original's ids are not read from
  source: it keeps ``<prefix>*`` (every id when the prefix is unset, with a warning). The sink
  group's offsets are committed in those transactions (the AWS page's group grant);
- Glue catalog (``iceberg.catalog.catalog-impl=org.apache.iceberg.aws.glue.GlueCatalog`` or
  ``iceberg.catalog.type=glue``), catalog id ``iceberg.catalog.glue.id`` (default: the account),
  region ``iceberg.catalog.client.region``: loading and committing tables of ``iceberg.tables``
  calls glue:GetTable and glue:UpdateTable (``GlueTableOperations.java`` L279, L332) on the
  catalog, database and table ARNs; ``iceberg.tables.auto-create-enabled`` adds glue:GetDatabase,
  glue:CreateDatabase and glue:CreateTable (``IcebergWriterFactory.java`` L61-82
  createNamespaceIfNotExist, ``GlueCatalog.java`` L469, L525, ``GlueTableOperations.java`` L231, L335);
- S3FileIO under ``iceberg.catalog.warehouse`` (``s3://bucket/path``): data and metadata files are
  written, read and deleted (s3:PutObject, s3:GetObject, s3:DeleteObject,
  s3:AbortMultipartUpload on ``<bucket>/<path>/*``; s3:ListBucket on the bucket) - *unconfirmed*
  (Iceberg AWS docs, not line-read). Static keys (``iceberg.catalog.s3.access-key-id`` and
  ``iceberg.catalog.s3.secret-access-key``) or a non-AWS ``iceberg.catalog.s3.endpoint`` (MinIO)
  mean S3FileIO does not use the role: no S3 grant (a warning says so). Tables located outside the
  warehouse need declared permissions.
"""

from __future__ import annotations

import re

from ..base import ANY, Analysis, ConnectorKind, Context, Grant, KafkaGrant, kafka
from ._shared import not_the_role, region

DOC = "https://iceberg.apache.org/docs/latest/kafka-connect/"
DOC_AWS = "https://iceberg.apache.org/docs/latest/aws/"
TITLE = "Apache Iceberg sink"
GLUE_CATALOG = "org.apache.iceberg.aws.glue.GlueCatalog"
APACHE_CLASS = "org.apache.iceberg.connect.IcebergSinkConnector"
_SRC = "https://github.com/apache/iceberg/blob/7f879b11/kafka-connect/kafka-connect/src/main/java/org/apache/iceberg/connect"
DOC_CHANNEL = f"{_SRC}/channel/Channel.java"
DOC_COORDINATOR = f"{_SRC}/channel/Coordinator.java"
_S3_RE = re.compile(r"^s3[an]?://([^/]+)/?(.*)$")


def analyze(ctx: Context) -> Analysis:
    """Control topic, group and transactions; Glue and S3 (see the module docstring)."""
    control = ctx.get("iceberg.control.topic", "control-iceberg")
    group_prefix = ctx.get("iceberg.control.group-id-prefix", "cg-control-")
    txn_prefix = ctx.get("iceberg.coordinator.transactional.prefix", "")
    # the alias IcebergSinkConnector names both classes (the installed plugin decides): only the
    # full Apache class name gets the Apache id families
    apache = (ctx.get("connector.class") or "").strip() == APACHE_CLASS
    if not txn_prefix and not apache:
        ctx.warn(f"{TITLE}: iceberg.coordinator.transactional.prefix is not set, so its transactional ids have no "
                 "fixed prefix and every transactional id of the cluster is granted; set a prefix to narrow it")
    kgrants = [
        KafkaGrant("IcebergControlTopic", kafka("DescribeTopic", "ReadData", "WriteData"), "topic", (ctx.kafka_name(control, key="iceberg.control.topic"),),
                   ctx.cause("iceberg.control.topic", control),
                   f"{TITLE}: workers and the coordinator exchange commit events on the control topic", DOC),
        KafkaGrant("IcebergControlGroup", kafka("AlterGroup", "DescribeGroup"), "group",
                   (ctx.kafka_name(ctx.get("iceberg.control.group-id"), kind="group", key="iceberg.control.group-id"),)
                   if ctx.get("iceberg.control.group-id") else
                   (ctx.kafka_name(group_prefix, ANY, kind="group", key="iceberg.control.group-id-prefix"),),
                   ctx.cause("iceberg.control.group-id") if ctx.get("iceberg.control.group-id") else
                   ctx.cause("iceberg.control.group-id-prefix", group_prefix),
                   f"{TITLE}: control topic consumers use groups <group-id-prefix><uuid> (the Tabular connector: "
                   "iceberg.control.group-id)", DOC),
        KafkaGrant("IcebergTransactions", kafka("AlterTransactionalId", "DescribeTransactionalId"), "transactional-id",
                   _transactional_ids(ctx, txn_prefix, apache),
                   ctx.cause("iceberg.coordinator.transactional.prefix", txn_prefix),
                   f"{TITLE}: exactly-once commits use transactional producers (KIP-447)"
                   + (": ids <prefix>coordinator-txn-... and <prefix>worker-txn-..." if apache else ""),
                   DOC_CHANNEL if apache else DOC),
        KafkaGrant("IcebergCoordinatorGroup", kafka("AlterGroup", "DescribeGroup"), "group",
                   (ctx.kafka_name(ctx.get("iceberg.connect.group-id") or f"connect-{ctx.name}", "-coord", kind="group",
                                   key="iceberg.connect.group-id"),),
                   ctx.cause("iceberg.connect.group-id", ctx.get("iceberg.connect.group-id") or f"connect-{ctx.name}"),
                   f"{TITLE}: the coordinator's consumer group is <connect group id>-coord", DOC_COORDINATOR),
        KafkaGrant("IcebergIdempotence", kafka("WriteDataIdempotently"), "cluster", (),
                   ctx.cause("iceberg.coordinator.transactional.prefix", txn_prefix),
                   f"{TITLE}: its transactional producers are idempotent", DOC),
    ]
    aws: list[Grant] = []
    impl = ctx.get("iceberg.catalog.catalog-impl") or ""
    ctype = (ctx.get("iceberg.catalog.type") or "").lower()
    if impl == GLUE_CATALOG or ctype == "glue":
        aws += _glue(ctx, "iceberg.catalog.catalog-impl" if impl else "iceberg.catalog.type")
    elif impl or ctype:
        ctx.warn(f"{TITLE}: catalog {impl or ctype} is not the Glue catalog: declare its access in aws_permissions")
    warehouse = ctx.get("iceberg.catalog.warehouse")
    if warehouse and not_the_role(ctx, TITLE, "S3", keys=("iceberg.catalog.s3.access-key-id",
                                                          "iceberg.catalog.s3.secret-access-key"),
                                  endpoints=("iceberg.catalog.s3.endpoint",)):
        warehouse = None
    if warehouse:
        m = _S3_RE.match(warehouse)
        if m:
            bucket, path = m.group(1), m.group(2).strip("/")
            cause = ctx.cause("iceberg.catalog.warehouse")
            aws.append(Grant("IcebergWarehouseObjects", ("s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject",
                                                         "s3:PutObject"),
                             (ctx.s3_objects(bucket, path, key="iceberg.catalog.warehouse"),), cause,
                             f"{TITLE}: S3FileIO writes, reads and deletes data and metadata files in the warehouse",
                             DOC_AWS))
            aws.append(Grant("IcebergWarehouseBucket", ("s3:ListBucket",), (ctx.s3_bucket(bucket, key="iceberg.catalog.warehouse"),), cause,
                             f"{TITLE}: lists the warehouse", DOC_AWS))
        else:
            ctx.warn(f"{TITLE}: iceberg.catalog.warehouse={warehouse} is not an s3:// location: declare its access")
    return Analysis(kafka=tuple(kgrants), aws=tuple(aws))


def _transactional_ids(ctx: Context, txn_prefix: str, apache: bool) -> tuple:
    """The transactional-id names (see the module docstring): Apache's two id families, or the
    Tabular connector's ``<prefix>*`` (unset: every id, with a warning; set to '' by the
    configuration: a bare prefix, which the builder refuses)."""
    key = "iceberg.coordinator.transactional.prefix"
    if apache:
        return tuple(ctx.kafka_name(*((txn_prefix,) if txn_prefix else ()), family, ANY, kind="transactional-id",
                                    key=key) for family in ("coordinator-txn-", "worker-txn-"))
    if ctx.get(key) is None:
        return (ctx.kafka_name(ANY, kind="transactional-id"),)
    return (ctx.kafka_name(txn_prefix, ANY, kind="transactional-id", key=key),)


def _glue(ctx: Context, impl_key: str) -> list[Grant]:
    account = ctx.get("iceberg.catalog.glue.id") or ctx.account
    reg = region(ctx, "iceberg.catalog.client.region")
    # iceberg.catalog.glue.id names the catalog's account: another account is what it is for
    arn = lambda *res: ctx.arn("glue", *res, region=reg, account=account, other_account=True)  # noqa: E731
    dynamic = ctx.flag("iceberg.tables.dynamic-enabled")
    tables = [] if dynamic else ctx.list("iceberg.tables")
    resources = {arn("catalog")}
    if dynamic or not tables:
        ctx.warn(f"{TITLE}: the destination tables are named at run time (iceberg.tables.dynamic-enabled) or not "
                 "listed: every Glue table of the catalog is granted; list iceberg.tables to narrow it")
        resources |= {arn("database/", ANY), arn("table/", ANY, "/", ANY)}
    for table in tables:
        db, _, name = table.rpartition(".")
        if not db:
            ctx.error("iceberg.tables", f"found '{table}'; expected <database>.<table>")
            continue
        resources |= {arn("database/", db), arn("table/", db, "/", name)}
    cause = f"{ctx.cause(impl_key)}; {ctx.cause('iceberg.tables')}"
    out = [Grant("IcebergGlueTables", ("glue:GetTable", "glue:UpdateTable"),
                 tuple(sorted(resources)), cause,
                 f"{TITLE}: the Glue catalog loads tables and commits new metadata locations", DOC_AWS)]
    if ctx.flag("iceberg.tables.auto-create-enabled"):
        out.append(Grant("IcebergGlueCreate", ("glue:CreateDatabase", "glue:CreateTable", "glue:GetDatabase"),
                         tuple(sorted(resources)), ctx.cause("iceberg.tables.auto-create-enabled"),
                         f"{TITLE}: iceberg.tables.auto-create-enabled creates missing databases "
                         "(createNamespaceIfNotExist) and tables in Glue", DOC_AWS))
    return out


KIND = ConnectorKind(
    id="iceberg_sink",
    title=TITLE,
    classes=("org.apache.iceberg.connect.IcebergSinkConnector", "io.tabular.iceberg.connect.IcebergSinkConnector"),
    type="sink",
    doc=DOC,
    analyze=analyze,
)
