# Root configuration for examples/s3-sink/connectors.yaml: the role modules generated into
# modules/ (msk-connect-iam generate examples/s3-sink/connectors.yaml -o modules/) and the two
# S3 sink connectors that run with them. The connector_configuration maps are the ones in
# connectors.yaml, from which msk-connect-iam derived each role's permissions: keep them equal.

################################################################################
# Service execution roles (generated)
################################################################################

module "clickstream_s3_archive_role" {
  source = "../../modules/clickstream-s3-archive"
}

module "audit_s3_archive_role" {
  source = "../../modules/audit-s3-archive"
}

################################################################################
# Connectors
################################################################################

locals {
  vpc = {
    security_groups = var.security_group_ids
    subnets         = var.subnet_ids
  }
}

resource "aws_mskconnect_connector" "clickstream_s3_archive" {
  count = var.create_connector ? 1 : 0

  name                       = "clickstream-s3-archive"
  description                = "Archives the clickstream topics to the data lake bucket, encrypted with the lake's KMS key."
  kafkaconnect_version       = var.kafkaconnect_version
  service_execution_role_arn = module.clickstream_s3_archive_role.arn

  connector_configuration = {
    "connector.class"                                 = "io.confluent.connect.s3.S3SinkConnector"
    "tasks.max"                                       = "4"
    "topics"                                          = "clickstream.pageviews,clickstream.sessions"
    "s3.region"                                       = "us-east-1"
    "s3.bucket.name"                                  = "acme-data-lake"
    "topics.dir"                                      = "raw/clickstream"
    "s3.ssea.name"                                    = "aws:kms"
    "s3.sse.kms.key.id"                               = "arn:aws:kms:us-east-1:123456789012:key/4f1e2d3c-5b6a-4789-9abc-def012345678"
    "s3.object.tagging"                               = "true"
    "storage.class"                                   = "io.confluent.connect.s3.storage.S3Storage"
    "format.class"                                    = "io.confluent.connect.s3.format.parquet.ParquetFormat"
    "partitioner.class"                               = "io.confluent.connect.storage.partitioner.TimeBasedPartitioner"
    "path.format"                                     = "'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH"
    "partition.duration.ms"                           = "3600000"
    "locale"                                          = "en-US"
    "timezone"                                        = "UTC"
    "flush.size"                                      = "10000"
    "errors.tolerance"                                = "all"
    "errors.deadletterqueue.topic.name"               = "dlq.clickstream-s3-archive"
    "errors.deadletterqueue.topic.replication.factor" = "3"
    "consumer.override.group.id"                      = "clickstream-archiver"
  }

  capacity {
    autoscaling {
      mcu_count        = 1
      min_worker_count = 1
      max_worker_count = 4

      scale_in_policy {
        cpu_utilization_percentage = 20
      }

      scale_out_policy {
        cpu_utilization_percentage = 80
      }
    }
  }

  kafka_cluster {
    apache_kafka_cluster {
      bootstrap_servers = var.bootstrap_servers

      vpc {
        security_groups = local.vpc.security_groups
        subnets         = local.vpc.subnets
      }
    }
  }

  kafka_cluster_client_authentication {
    authentication_type = "IAM"
  }

  kafka_cluster_encryption_in_transit {
    encryption_type = "TLS"
  }

  plugin {
    custom_plugin {
      arn      = var.s3_sink_plugin_arn
      revision = 1
    }
  }
}

resource "aws_mskconnect_connector" "audit_s3_archive" {
  count = var.create_connector ? 1 : 0

  name                       = "audit-s3-archive"
  description                = "Archives every audit.* topic; the bucket uses SSE-S3, so no KMS permission is needed."
  kafkaconnect_version       = var.kafkaconnect_version
  service_execution_role_arn = module.audit_s3_archive_role.arn

  connector_configuration = {
    "connector.class" = "io.confluent.connect.s3.S3SinkConnector"
    "tasks.max"       = "2"
    "topics.regex"    = "audit\\..*"
    "s3.region"       = "us-east-1"
    "s3.bucket.name"  = "acme-audit-archive"
    "storage.class"   = "io.confluent.connect.s3.storage.S3Storage"
    "format.class"    = "io.confluent.connect.s3.format.json.JsonFormat"
    "flush.size"      = "1000"
  }

  capacity {
    provisioned_capacity {
      mcu_count    = 1
      worker_count = 1
    }
  }

  kafka_cluster {
    apache_kafka_cluster {
      bootstrap_servers = var.bootstrap_servers

      vpc {
        security_groups = local.vpc.security_groups
        subnets         = local.vpc.subnets
      }
    }
  }

  kafka_cluster_client_authentication {
    authentication_type = "IAM"
  }

  kafka_cluster_encryption_in_transit {
    encryption_type = "TLS"
  }

  plugin {
    custom_plugin {
      arn      = var.s3_sink_plugin_arn
      revision = 1
    }
  }
}
