# Root configuration for examples/tls-cluster/connectors.yaml: the role module generated into
# modules/ (msk-connect-iam generate examples/tls-cluster/connectors.yaml -o modules/) and the
# MSK Connect connector that runs with it. The cluster authenticates clients without IAM, so the
# connector uses authentication type NONE and the role holds only the plugin's S3 permissions.

################################################################################
# Service execution role (generated)
################################################################################

module "ledger_s3_sink_role" {
  source = "../../modules/ledger-s3-sink"
}

################################################################################
# Connector
################################################################################

resource "aws_mskconnect_connector" "ledger_s3_sink" {
  count = var.create_connector ? 1 : 0

  name                       = "ledger-s3-sink"
  description                = "Archives the ledger topic to S3 for the finance data lake."
  kafkaconnect_version       = var.kafkaconnect_version
  service_execution_role_arn = module.ledger_s3_sink_role.arn

  connector_configuration = {
    "connector.class" = "io.confluent.connect.s3.S3SinkConnector"
    "tasks.max"       = "1"
    "topics"          = "ledger.entries"
    "s3.region"       = var.region
    "s3.bucket.name"  = "acme-ledger-archive"
    "flush.size"      = "500"
    "storage.class"   = "io.confluent.connect.s3.storage.S3Storage"
    "format.class"    = "io.confluent.connect.s3.format.json.JsonFormat"
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
        security_groups = var.security_group_ids
        subnets         = var.subnet_ids
      }
    }
  }

  kafka_cluster_client_authentication {
    authentication_type = "NONE"
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
