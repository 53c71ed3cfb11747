"""Amazon Timestream sink: schema object, database and table checks, WriteRecords.

Expected pairs from awslabs/amazon-timestream-tools integrations/kafka_connector (case aws-timestream-sink-liveanalytics-readme)."""

from kindtest import ACCOUNT, baseline, generate, pairs, reads

def test_timestream_sink_grants_exactly_what_its_source_calls(tmp_path):
    config = {"connector.class": "software.amazon.timestream.TimestreamSinkConnector", "aws.region": "us-east-1",
              "topics": "purchase-history", "timestream.schema.s3.bucket.name": "msk-timestream-plugins",
              "timestream.schema.s3.key": "purchase_history.json", "timestream.target.liveanalytics": "true",
              "timestream.database.name": "kafkastream", "timestream.table.name": "purchase-history",
              "timestream.ingestion.endpoint": "https://ingest-cell1.timestream.us-east-1.amazonaws.com"}
    role = generate(tmp_path, {"name": "timestream-sink", "connector_configuration": config})
    db = f"arn:aws:timestream:us-east-1:{ACCOUNT}:database/kafkastream"
    aws = (pairs("s3:ListBucket", "arn:aws:s3:::msk-timestream-plugins")
           | pairs("s3:GetObject", "arn:aws:s3:::msk-timestream-plugins/purchase_history.json")
           | pairs("timestream:DescribeDatabase", db)
           | pairs(("timestream:DescribeTable", "timestream:WriteRecords"), db + "/table/purchase-history")
           | pairs("timestream:DescribeEndpoints", "*"))
    assert role.pairs == baseline("timestream-sink", "sink") | reads("purchase-history") | aws
