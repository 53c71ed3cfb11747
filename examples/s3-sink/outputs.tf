output "role_arns" {
  description = "Service execution role ARN of each connector, by connector name."
  value = {
    "clickstream-s3-archive" = module.clickstream_s3_archive_role.arn
    "audit-s3-archive"       = module.audit_s3_archive_role.arn
  }
}

output "connector_arns" {
  description = "ARN of each connector, by connector name (empty when create_connector is false)."
  value = {
    for name, c in {
      "clickstream-s3-archive" = aws_mskconnect_connector.clickstream_s3_archive
      "audit-s3-archive"       = aws_mskconnect_connector.audit_s3_archive
    } : name => c[0].arn if length(c) > 0
  }
}
