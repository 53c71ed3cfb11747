variable "create_connector" {
  description = "Whether to create the MSK Connect connectors. The apply tests set it to false (TF_VAR_create_connector=false): the local AWS mock has no MSK Connect."
  type        = bool
  default     = true
}

variable "region" {
  description = "Region of the cluster and the connectors (the cluster ARN's region in connectors.yaml)."
  type        = string
  default     = "us-east-1"
}

variable "bootstrap_servers" {
  description = "IAM bootstrap broker string of the analytics cluster (port 9098)."
  type        = string
}

variable "subnet_ids" {
  description = "Subnets the connectors' workers run in (the cluster's subnets)."
  type        = list(string)
}

variable "security_group_ids" {
  description = "Security groups of the connectors' workers; they must reach the brokers."
  type        = list(string)
}

variable "kafkaconnect_version" {
  description = "Apache Kafka Connect version of the connectors."
  type        = string
  default     = "2.7.1"
}

variable "s3_sink_plugin_arn" {
  description = "ARN of the custom plugin holding the Confluent S3 sink connector."
  type        = string
}
