"""Confluent JDBC source: topic.prefix + table name per table, or exactly topic.prefix in query mode.

Expected pairs written from
https://docs.confluent.io/kafka-connectors/jdbc/current/source-connector/source_config_options.html.
"""

from kindtest import baseline, generate, pairs, writes

DOC = "https://docs.confluent.io/kafka-connectors/jdbc/"

CONFIG = {
    "connector.class": "io.confluent.connect.jdbc.JdbcSourceConnector",
    "tasks.max": "2",
    "connection.url": "jdbc:postgresql://orders-db.cluster-c1a2b3c4d5e6.us-east-1.rds.amazonaws.com:5432/orders",
    "connection.user": "${secretsmanager:orders-db-reader:username}",
    "connection.password": "${secretsmanager:orders-db-reader:password}",
    "mode": "timestamp+incrementing",
    "incrementing.column.name": "id",
    "timestamp.column.name": "updated_at",
    "table.whitelist": "orders,order_lines",
    "topic.prefix": "jdbc.orders.",
    "poll.interval.ms": "5000",
    "topic.creation.default.replication.factor": "3",
    "topic.creation.default.partitions": "3",
}


def test_jdbc_source_grants_exactly_what_its_documentation_implies(tmp_path):
    role = generate(tmp_path, {"name": "orders-jdbc", "connector_configuration": CONFIG})
    secret = pairs("secretsmanager:GetSecretValue",
                   "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-db-reader-??????")
    # table.whitelist names the tables exactly: one topic <topic.prefix><table> each
    topics = writes("jdbc.orders.orders", "jdbc.orders.order_lines", create=True)
    assert role.pairs == baseline("orders-jdbc", "source") | topics | secret
    role.assert_source(writes("jdbc.orders.orders", "jdbc.orders.order_lines"), "table.whitelist", DOC)


def test_jdbc_source_whitelist_entries_name_the_unqualified_table(tmp_path):
    """A qualified entry (public.orders) still names the topic after the table alone; an entry with
    quotes keeps the prefix (the quoted form's table name is not parsed)."""
    config = {**CONFIG, "table.whitelist": "public.orders, sales.public.order_lines"}
    role = generate(tmp_path, {"name": "orders-jdbc", "connector_configuration": config})
    assert {r for _, r in role.pairs if "/jdbc.orders" in r} == {
        "arn:aws:kafka:us-east-1:123456789012:topic/analytics/7c1f0b2e-5a8d-4b1e-9f3a-2d6c8e4b1a90-3/jdbc.orders.orders",
        "arn:aws:kafka:us-east-1:123456789012:topic/analytics/7c1f0b2e-5a8d-4b1e-9f3a-2d6c8e4b1a90-3/"
        "jdbc.orders.order_lines"}
    config = {**CONFIG, "table.whitelist": '"public"."orders"'}
    role = generate(tmp_path, {"name": "orders-jdbc", "connector_configuration": config})
    assert {r for _, r in role.pairs if "/jdbc.orders" in r} == {
        "arn:aws:kafka:us-east-1:123456789012:topic/analytics/7c1f0b2e-5a8d-4b1e-9f3a-2d6c8e4b1a90-3/jdbc.orders.*"}


def test_jdbc_source_query_mode_writes_exactly_the_prefix(tmp_path):
    config = {k: v for k, v in CONFIG.items() if not k.startswith("topic.creation") and k != "table.whitelist"}
    config.update({"query": "SELECT id, total, updated_at FROM orders JOIN customers USING (customer_id)",
                   "topic.prefix": "orders-enriched"})
    role = generate(tmp_path, {"name": "orders-jdbc", "connector_configuration": config})
    secret = pairs("secretsmanager:GetSecretValue",
                   "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-db-reader-??????")
    assert role.pairs == baseline("orders-jdbc", "source") | writes("orders-enriched") | secret
