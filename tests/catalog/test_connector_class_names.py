"""connector.class matched as Kafka Connect matches it: full class name, simple class name, or the
simple name without ``Connector`` (apache/kafka connect/runtime/.../isolation/PluginUtils.java
L398-446 ``simpleName``/``prunedName``/``computeAliases``; DelegatingClassLoader.java L91, L107, L115).
An alias naming classes of several kinds is a located error naming them; an unknown class gets a
"did you mean" with the closest real class."""

from kindtest import baseline, generate, load_errors, reads

from msk_connect_iam.catalog import pruned_name, resolve, simple_name


def test_connector_class_names_aliases_follow_kafka_connect():
    assert simple_name("io.confluent.connect.s3.S3SinkConnector") == "S3SinkConnector"
    assert pruned_name("io.confluent.connect.s3.S3SinkConnector") == "S3Sink"
    # Kafka cuts at the LAST 'Connector', kept whole when the name starts with it
    assert pruned_name("a.ConnectorX") == "ConnectorX"
    assert resolve("MongoSinkConnector").kind.id == "mongodb_sink"
    assert resolve("MongoSink").kind.id == "mongodb_sink"
    assert resolve("  com.mongodb.kafka.connect.MongoSinkConnector ").kind.id == "mongodb_sink"
    # two classes of one kind (Confluent's and Debezium's JDBC sinks): still that kind
    assert resolve("JdbcSink").kind.id == "jdbc_sink"


def test_connector_class_names_simple_name_gets_the_kind(tmp_path):
    config = {"connector.class": "DatagenConnector", "kafka.topic": "pageviews", "quickstart": "pageviews"}
    role = generate(tmp_path, {"name": "dg", "connector_configuration": config})
    assert role.role.connector.kind == "datagen"
    assert not any("not in the catalog" in w for w in role.warnings)


def test_connector_class_names_ambiguous_alias_is_an_error_naming_the_candidates(tmp_path):
    text = load_errors(tmp_path, {"name": "s3", "connector_configuration": {
        "connector.class": "S3SinkConnector", "topics": "orders", "s3.bucket.name": "acme-raw"}})
    assert "connector.class" in text and "io.confluent.connect.s3.S3SinkConnector" in text
    assert "io.lenses.streamreactor.connect.aws.s3.sink.S3SinkConnector" in text


def test_connector_class_names_misspelt_class_gets_did_you_mean(tmp_path):
    config = {"connector.class": "io.confluent.connect.s3.S3SinkConnecter", "topics": "orders", "s3.bucket.name": "acme"}
    role = generate(tmp_path, {"name": "s3", "type": "sink", "connector_configuration": config})
    assert role.pairs == baseline("s3", "sink") | reads("orders")
    (w,) = [w for w in role.warnings if "not in the catalog" in w]
    assert w.startswith("connector_configuration.connector.class:")
    assert "did you mean io.confluent.connect.s3.S3SinkConnector?" in w


def test_connector_class_names_wrong_case_and_missing_type_error_suggests(tmp_path):
    text = load_errors(tmp_path, {"name": "m", "connector_configuration": {
        "connector.class": "com.mongodb.kafka.connect.mongosinkconnector", "topics": "orders"}})
    assert "did you mean com.mongodb.kafka.connect.MongoSinkConnector?" in text


def test_connector_class_names_unrelated_class_has_no_suggestion():
    assert resolve("com.example.CustomSink").suggestion is None
