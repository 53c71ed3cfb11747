"""Amazon Data Firehose sink (awslabs kinesis-kafka-connector): describe the delivery stream and put
records on it.

Expected pairs written from https://github.com/awslabs/kinesis-kafka-connector (README,
kafka-kinesis-firehose-connector.properties).
"""

from kindtest import baseline, generate, pairs, reads

DOC = "https://github.com/awslabs/kinesis-kafka-connector"


def test_firehose_sink_grants_exactly_what_its_documentation_implies(tmp_path):
    config = {
        "connector.class": "com.amazon.kinesis.kafka.FirehoseSinkConnector",
        "tasks.max": "2",
        "topics": "clickstream",
        "region": "eu-west-1",
        "batch": "true",
        "batchSize": "500",
        "batchSizeInBytes": "3670016",
        "deliveryStream": "clickstream-to-s3",
    }
    role = generate(tmp_path, {"name": "clickstream-to-firehose", "connector_configuration": config})
    stream = pairs(("firehose:DescribeDeliveryStream", "firehose:PutRecord", "firehose:PutRecordBatch"),
                   "arn:aws:firehose:eu-west-1:123456789012:deliverystream/clickstream-to-s3")
    assert role.pairs == baseline("clickstream-to-firehose", "sink") | reads("clickstream") | stream
    role.assert_source(stream, "deliveryStream", DOC)
