"""Debezium include lists narrow the data change topics (issue 12, "Debezium include lists").

Expected topics written by hand from the Debezium source (debezium/debezium@aad55199, docs/catalog.md
"Include lists"): MySQL <prefix>.<db>.<table>, PostgreSQL/Oracle <prefix>.<schema>.<table>, SQL Server
<prefix>.<db>.<schema>.<table>, MongoDB <prefix>.<db>.<collection>; the entries are whole-identifier
regexes, so only literal entries or literal prefixes narrow, and exclude lists never do.
"""

import pytest

from kindtest import T, generate
from msk_connect_iam.catalog.kinds._debezium import include_patterns

MYSQL = {"connector.class": "io.debezium.connector.mysql.MySqlConnector", "database.hostname": "db",
         "database.server.id": "1", "topic.prefix": "app", "include.schema.changes": "false",
         "schema.history.internal.kafka.topic": "history.app",
         "schema.history.internal.producer.sasl.mechanism": "AWS_MSK_IAM",
         "schema.history.internal.consumer.sasl.mechanism": "AWS_MSK_IAM"}
POSTGRES = {"connector.class": "io.debezium.connector.postgresql.PostgresConnector", "database.hostname": "db",
            "database.dbname": "main", "topic.prefix": "pg"}
SQLSERVER = {**MYSQL, "connector.class": "io.debezium.connector.sqlserver.SqlServerConnector"}
ORACLE = {**MYSQL, "connector.class": "io.debezium.connector.oracle.OracleConnector"}
MONGO = {"connector.class": "io.debezium.connector.mongodb.MongoDbConnector",
         "mongodb.connection.string": "mongodb://db:27017/?replicaSet=rs0", "topic.prefix": "mg"}


def written(tmp_path, config) -> tuple[set[str], tuple[str, ...]]:
    """The topics the role may write (WriteData), relative to the cluster, and the warnings (the
    schema history topics history.* left out)."""
    role = generate(tmp_path, {"name": "cdc", "connector_configuration": config})
    base = T("")
    topics = {r[len(base):] for a, r in role.pairs if a == "kafka-cluster:WriteData" and r.startswith(base)}
    return {t for t in topics if not t.startswith("history.")} - {"__amazon_msk_connect_*"}, role.warnings


@pytest.mark.parametrize("value, qualified, expected", [
    ("inventory.customers", True, [("inventory.customers", False)]),
    ("inventory\\.customers,inventory.orders", True, [("inventory.customers", False), ("inventory.orders", False)]),
    ("inventory.(customers|orders)", True, [("inventory.customers", False), ("inventory.orders", False)]),
    ("public.(.*)", True, [("public.", True)]),            # the '.' before '(' is the separator
    ("inventory\\..*", True, [("inventory.", True)]),
    ("inventory.*", True, [("inventory", True)]),          # '.*' is any text: inventory2.t matches too
    ("^shop\\.orders$", True, [("shop.orders", False)]),
    ("customers", True, None),                              # matches no <db>.<table>: nothing left
    ("customers,shop.orders", True, [("shop.orders", False)]),
    ("inventory", False, [("inventory", False)]),
    ("inventory_[0-9]+", False, None),                      # a character class: one-character wildcard
    (".*", False, None),
    ("(?i)inventory", False, None),                         # flags are outside the subset
    ("a\\,b", False, None),                                 # an escaped comma: Debezium's own splitting
    ("my db", False, None),                                 # a space becomes '_' in the topic name
    ("", False, None),
    (None, False, None),
])
def test_include_patterns(value, qualified, expected):
    assert include_patterns(value, qualified=qualified) == expected


def test_mysql_table_list_wins_over_the_database_list(tmp_path):
    topics, _ = written(tmp_path, {**MYSQL, "database.include.list": "shop",
                                   "table.include.list": "shop.orders,shop.order_lines"})
    assert topics == {"app.shop.orders", "app.shop.order_lines"}


def test_mysql_database_list_gives_a_prefix_per_database(tmp_path):
    topics, _ = written(tmp_path, {**MYSQL, "database.include.list": "shop,billing"})
    assert topics == {"app.shop.*", "app.billing.*"}


def test_a_non_literal_entry_keeps_the_wider_pattern(tmp_path):
    topics, _ = written(tmp_path, {**MYSQL, "table.include.list": "shop.orders,shop\\.order_[a-z]+"})
    assert topics == {"app.*"}
    # ... but a narrowable database list still applies
    topics, _ = written(tmp_path, {**MYSQL, "database.include.list": "shop",
                                   "table.include.list": "shop.order_[a-z]+"})
    assert topics == {"app.shop.*"}


def test_exclude_lists_never_narrow(tmp_path):
    topics, _ = written(tmp_path, {**MYSQL, "database.exclude.list": "mysql", "table.exclude.list": "shop.audit"})
    assert topics == {"app.*"}


def test_another_delimiter_keeps_the_wider_pattern(tmp_path):
    topics, _ = written(tmp_path, {**MYSQL, "topic.delimiter": "_", "table.include.list": "shop.orders"})
    assert topics == {"app_*"}


def test_postgres_schema_and_table_lists(tmp_path):
    topics, _ = written(tmp_path, {**POSTGRES, "schema.include.list": "inventory"})
    assert topics == {"pg.inventory.*"}
    topics, _ = written(tmp_path, {**POSTGRES, "table.include.list": "public.(.*)"})
    assert topics == {"pg.public.*"}


def test_signal_table_outside_the_list_gets_its_topic(tmp_path):
    topics, _ = written(tmp_path, {**POSTGRES, "table.include.list": "public.characters",
                                   "signal.data.collection": "public.debezium_signal"})
    assert topics == {"pg.public.characters", "pg.public.debezium_signal"}
    # Oracle's signal.data.collection is <database>.<schema>.<table>; its topic has no database
    topics, _ = written(tmp_path, {**ORACLE, "table.include.list": "DEBEZIUM.CUSTOMERS",
                                   "signal.data.collection": "ORCLPDB1.DEBEZIUM.SIGNALS"})
    assert topics == {"app.DEBEZIUM.CUSTOMERS", "app.DEBEZIUM.SIGNALS"}


def test_sqlserver_database_names_are_a_topic_part(tmp_path):
    topics, _ = written(tmp_path, {**SQLSERVER, "database.names": "sales,hr"})
    assert topics == {"app.sales.*", "app.hr.*"}
    topics, _ = written(tmp_path, {**SQLSERVER, "database.names": "sales,hr", "table.include.list": "dbo.orders"})
    assert topics == {"app.sales.dbo.orders", "app.hr.dbo.orders"}


def test_sqlserver_1x_single_database_names_schema_and_table(tmp_path):
    config = {k: v for k, v in SQLSERVER.items() if not k.startswith(("topic.", "schema.history"))}
    config.update({"database.server.name": "legacy", "database.dbname": "sales", "table.include.list": "dbo.orders",
                   "database.history.kafka.topic": "history.legacy",
                   "database.history.producer.sasl.mechanism": "AWS_MSK_IAM",
                   "database.history.consumer.sasl.mechanism": "AWS_MSK_IAM"})
    topics, _ = written(tmp_path, config)
    assert topics == {"legacy.dbo.orders"}
    # 1.9 multi-partition mode (database.names): the database is in the name
    config["database.names"] = "sales"
    topics, _ = written(tmp_path, config)
    assert topics == {"legacy.sales.dbo.orders"}


def test_mongodb_database_and_collection_lists(tmp_path):
    topics, _ = written(tmp_path, {**MONGO, "database.include.list": "inventory"})
    assert topics == {"mg.inventory.*"}
    topics, _ = written(tmp_path, {**MONGO, "collection.include.list": "inventory.customers"})
    assert topics == {"mg.inventory.customers"}


def test_1x_whitelist_names_narrow_only_under_1x(tmp_path):
    legacy = {k: v for k, v in MYSQL.items() if not k.startswith(("topic.", "schema.history"))}
    legacy.update({"database.server.name": "dbserver1", "database.whitelist": "inventory",
                   "database.history.kafka.topic": "history.dbserver1",
                   "database.history.producer.sasl.mechanism": "AWS_MSK_IAM",
                   "database.history.consumer.sasl.mechanism": "AWS_MSK_IAM"})
    topics, _ = written(tmp_path, legacy)
    assert topics == {"dbserver1.inventory.*"}
    topics, warnings = written(tmp_path, {**MYSQL, "database.whitelist": "inventory"})
    assert topics == {"app.*"}
    assert any("database.whitelist is the Debezium 1.x name of database.include.list" in w for w in warnings)


def test_topic_prefix_and_database_server_name_together_warn(tmp_path):
    topics, warnings = written(tmp_path, {**POSTGRES, "database.server.name": "test1", "table.include.list": "public.t"})
    assert topics == {"pg.public.t"}
    assert any("database.server.name=test1" in w and "topic.prefix" in w for w in warnings)


def test_a_filter_name_without_list_is_warned_and_ignored(tmp_path):
    topics, warnings = written(tmp_path, {**POSTGRES, "schema.include": "ods"})
    assert topics == {"pg.*"}
    assert any("schema.include is not a Debezium property (did you mean schema.include.list?)" in w
               for w in warnings)


def test_heartbeat_name_and_prefixed_heartbeat_topic(tmp_path):
    topics, _ = written(tmp_path, {**POSTGRES, "schema.include.list": "s", "heartbeat.interval.ms": "1000",
                                   "topic.heartbeat.name": "shared-heartbeats"})
    # Debezium 3.6+ writes topic.heartbeat.name; earlier versions ignore it: both are granted
    assert topics == {"pg.s.*", "shared-heartbeats", "__debezium-heartbeat.pg"}
