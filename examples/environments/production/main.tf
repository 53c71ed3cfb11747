# Root configuration for examples/environments/production/connectors.yaml: the role modules generated into
# modules/environments/production/ (msk-connect-iam generate examples/environments/production/connectors.yaml
# -o modules/environments/production/) and the two MSK Connect connectors of the production environment. Each
# connector passes its module's `arn` output to service_execution_role_arn.

################################################################################
# Service execution roles (generated)
################################################################################

module "orders_s3_sink_role" {
  source = "../../../modules/environments/production/orders-s3-sink"
}

module "inventory_cdc_role" {
  source = "../../../modules/environments/production/inventory-cdc"
}

################################################################################
# Connectors
################################################################################

resource "aws_mskconnect_connector" "orders_s3_sink" {
  count = var.create_connector ? 1 : 0

  name                       = "orders-s3-sink"
  kafkaconnect_version       = var.kafkaconnect_version
  service_execution_role_arn = module.orders_s3_sink_role.arn

  connector_configuration = {
    "connector.class" = "io.confluent.connect.s3.S3SinkConnector"
    "tasks.max"       = "2"
    "topics"          = "orders,payments"
    "s3.region"       = var.region
    "s3.bucket.name"  = "acme-orders-archive-production"
    "flush.size"      = "1000"
    "storage.class"   = "io.confluent.connect.s3.storage.S3Storage"
    "format.class"    = "io.confluent.connect.s3.format.json.JsonFormat"
  }

  capacity {
    autoscaling {
      mcu_count        = 1
      min_worker_count = 1
      max_worker_count = 2

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
        security_groups = var.security_group_ids
        subnets         = var.subnet_ids
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

resource "aws_mskconnect_connector" "inventory_cdc" {
  count = var.create_connector ? 1 : 0

  name                       = "inventory-cdc"
  kafkaconnect_version       = var.kafkaconnect_version
  service_execution_role_arn = module.inventory_cdc_role.arn

  connector_configuration = {
    "connector.class"                           = "io.debezium.connector.mysql.MySqlConnector"
    "tasks.max"                                 = "1"
    "topic.prefix"                              = "inventory"
    "database.hostname"                         = var.inventory_database.hostname
    "database.port"                             = tostring(var.inventory_database.port)
    "database.user"                             = var.inventory_database.user
    "database.server.id"                        = "184054"
    "topic.creation.default.partitions"         = "3"
    "topic.creation.default.replication.factor" = "3"
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
    authentication_type = "IAM"
  }

  kafka_cluster_encryption_in_transit {
    encryption_type = "TLS"
  }

  plugin {
    custom_plugin {
      arn      = var.debezium_plugin_arn
      revision = 1
    }
  }
}
