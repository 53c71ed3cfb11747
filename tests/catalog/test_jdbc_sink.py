"""Confluent JDBC sink: Kafka access only (reads its topics).

Expected pairs written from https://docs.confluent.io/kafka-connectors/jdbc/current/sink-connector/sink_config_options.html.
"""

from kindtest import baseline, generate, reads


def test_jdbc_sink_grants_exactly_what_its_documentation_implies(tmp_path):
    config = {
        "connector.class": "io.confluent.connect.jdbc.JdbcSinkConnector",
        "tasks.max": "2",
        "topics": "orders,customers",
        "connection.url": "jdbc:postgresql://reporting.cluster-c1a2b3c4d5e6.us-east-1.rds.amazonaws.com:5432/reporting",
        "connection.user": "reporting_writer",
        "connection.password": "not-a-real-secret",
        "insert.mode": "upsert",
        "pk.mode": "record_key",
        "pk.fields": "id",
        "auto.create": "true",
        "auto.evolve": "true",
        "consumer.override.group.id": "reporting-jdbc",
    }
    role = generate(tmp_path, {"name": "reporting-jdbc", "connector_configuration": config})
    assert role.pairs == baseline("reporting-jdbc", "sink", group="reporting-jdbc") | reads("orders", "customers")
    assert role.role.connector.kind == "jdbc_sink"


def test_debezium_jdbc_sink_is_the_same_kind_of_access(tmp_path):
    config = {
        "connector.class": "io.debezium.connector.jdbc.JdbcSinkConnector",
        "topics": "shop.shop.orders",
        "connection.url": "jdbc:mysql://replica.internal:3306/shop",
        "connection.username": "replica",
        "connection.password": "not-a-real-secret",
        "insert.mode": "upsert",
        "primary.key.mode": "record_key",
        "schema.evolution": "basic",
    }
    role = generate(tmp_path, {"name": "shop-replica", "connector_configuration": config})
    assert role.pairs == baseline("shop-replica", "sink") | reads("shop.shop.orders")
