"""Config providers beyond AWS's own: jcustenborder's Secrets Manager provider, Kafka's file /
directory / environment providers, providers declared in the connector configuration (KIP-421),
and provider names that differ only in case.

Expected pairs written from jcustenborder/kafka-config-provider-aws SecretsManagerConfigProvider.java
(``get``: ``GetSecretValueRequest().withSecretId(Paths.get(prefix, path))``) and
SecretsManagerConfigProviderConfig.java (``aws.region``, ``secret.prefix``, ``aws.access.key``),
apache/kafka AbstractConfig.java ``resolveConfigVariables`` (KIP-421) and
org.apache.kafka.common.config.provider.{File,Directory,EnvVar}ConfigProvider (no AWS calls).
"""

from __future__ import annotations

from kindtest import ACCOUNT, generate, load_errors

JC = "com.github.jcustenborder.kafka.config.aws.SecretsManagerConfigProvider"
SINK = {"connector.class": "com.mongodb.kafka.connect.MongoSinkConnector", "topics": "orders",
        "database": "shop", "collection": "orders"}


def _aws(role) -> set[tuple[str, str]]:
    return {p for p in role.pairs if not p[0].startswith("kafka-cluster:")}


def _secret(name: str, region: str = "us-west-2") -> tuple[str, str]:
    return ("secretsmanager:GetSecretValue", f"arn:aws:secretsmanager:{region}:{ACCOUNT}:secret:{name}-??????")


def test_jcustenborder_provider_reads_the_named_secret_in_its_region(tmp_path):
    role = generate(tmp_path, {
        "name": "m", "connector_configuration": {**SINK, "connection.uri": "${secretManager:AuroraSecret-Xy12:uri}"},
        "worker_configuration": {"config.providers": "secretManager", "config.providers.secretManager.class": JC,
                                 "config.providers.secretManager.param.aws.region": "us-west-2"}})
    assert _aws(role) == {_secret("AuroraSecret-Xy12")}


def test_jcustenborder_secret_prefix_is_joined_as_a_path(tmp_path):
    role = generate(tmp_path, {
        "name": "m", "connector_configuration": {**SINK, "connection.uri": "${sm:orders/db:uri}"},
        "worker_configuration": {"config.providers": "sm", "config.providers.sm.class": JC,
                                 "config.providers.sm.param.secret.prefix": "prod/",
                                 "config.providers.sm.param.aws.region": "eu-west-1"}})
    assert _aws(role) == {_secret("prod/orders/db", "eu-west-1")}


def test_jcustenborder_with_static_keys_is_not_the_role(tmp_path):
    role = generate(tmp_path, {
        "name": "m", "connector_configuration": {**SINK, "connection.uri": "${sm:orders-db:uri}"},
        "worker_configuration": {"config.providers": "sm", "config.providers.sm.class": JC,
                                 "config.providers.sm.param.aws.access.key": "AKIAEXAMPLEEXAMPLE00"}})
    assert _aws(role) == set()
    assert any("static" in w and "config.providers.sm.param.aws.access.key" in w for w in role.warnings)


def test_kafka_file_provider_needs_no_aws_access_and_no_warning(tmp_path):
    role = generate(tmp_path, {
        "name": "m", "connector_configuration": {**SINK, "connection.uri": "${file:/opt/secrets.properties:uri}"},
        "worker_configuration": {"config.providers": "file",
                                 "config.providers.file.class": "org.apache.kafka.common.config.provider.FileConfigProvider"}})
    assert _aws(role) == set()
    assert not any("config provider" in w for w in role.warnings)


def test_a_provider_name_differing_only_in_case_is_an_error(tmp_path):
    text = load_errors(tmp_path, {
        "name": "m", "connector_configuration": {**SINK, "connection.uri": "${SecretsManager:orders-db:uri}"},
        "worker_configuration": {"config.providers": "secretsmanager",
                                 "config.providers.secretsmanager.class":
                                     "com.amazonaws.kafka.config.providers.SecretsManagerConfigProvider"}})
    assert "connector_configuration.connection.uri" in text and "case-sensitive" in text and "'secretsmanager'" in text


def test_connector_level_providers_are_granted_with_a_warning(tmp_path):
    role = generate(tmp_path, {"name": "m", "connector_configuration": {
        **SINK, "config.providers": "s3import,ssm",
        "config.providers.s3import.class": "com.amazonaws.kafka.config.providers.S3ImportConfigProvider",
        "connection.ssl.truststore": "${s3import:us-east-1:certs-bucket/truststore.jks}"}})
    assert _aws(role) == {("s3:GetObject", "arn:aws:s3:::certs-bucket/truststore.jks")}
    assert any(w.startswith("connector_configuration.config.providers:") and "KIP-421" in w for w in role.warnings)
    assert any("lists 'ssm' without config.providers.ssm.class" in w for w in role.warnings)
