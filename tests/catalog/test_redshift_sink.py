"""Confluent Redshift sink: JDBC (no Redshift IAM action), the license topic.

Expected pairs from https://docs.confluent.io/kafka-connectors/aws-redshift/current/overview.html and the MSK guide example."""

from kindtest import baseline, generate, kc, pairs, reads, T

def test_redshift_sink_license_topic_only(tmp_path):
    config = {"connector.class": "io.confluent.connect.aws.redshift.RedshiftSinkConnector", "topics": "orders",
              "aws.redshift.domain": "my-cluster.abcdefghijkl.us-east-1.redshift.amazonaws.com", "aws.redshift.port": "5439",
              "aws.redshift.database": "dev", "aws.redshift.user": "awsuser", "aws.redshift.password": "not-a-real-secret",
              "confluent.topic.bootstrap.servers": "b-1:9098", "pk.mode": "kafka", "auto.create": "true"}
    role = generate(tmp_path, {"name": "redshift", "connector_configuration": config})
    lic = pairs(kc("CreateTopic", "DescribeTopic", "ReadData", "WriteData"), T("_confluent-command"))
    assert role.pairs == baseline("redshift", "sink") | reads("orders") | lic
