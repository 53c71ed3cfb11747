variable "create_connector" {
  description = "Whether to create the MSK Connect connector. The apply tests set it to false (TF_VAR_create_connector=false): the local AWS mock has no MSK Connect."
  type        = bool
  default     = true
}

variable "region" {
  description = "Region of the cluster and the connector (the cluster ARN's region in connectors.yaml)."
  type        = string
  default     = "eu-west-1"
}

variable "bootstrap_servers" {
  description = "TLS bootstrap broker string of the legacy-tls cluster (port 9094)."
  type        = string
}

variable "subnet_ids" {
  description = "Subnets the connector's workers run in (the cluster's subnets)."
  type        = list(string)
}

variable "security_group_ids" {
  description = "Security groups of the connector's workers; they must reach the brokers."
  type        = list(string)
}

variable "kafkaconnect_version" {
  description = "Apache Kafka Connect version of the connector."
  type        = string
  default     = "2.7.1"
}

variable "s3_sink_plugin_arn" {
  description = "ARN of the custom plugin holding the Confluent S3 sink connector."
  type        = string
}
