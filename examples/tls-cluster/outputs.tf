output "role_arn" {
  description = "Service execution role ARN of the ledger-s3-sink connector."
  value       = module.ledger_s3_sink_role.arn
}

output "connector_arn" {
  description = "ARN of the ledger-s3-sink connector, or null when create_connector is false."
  value       = one(aws_mskconnect_connector.ledger_s3_sink[*].arn)
}
