output "role_arns" {
  description = "Service execution role ARN of each connector, by connector name."
  value = {
    "orders-s3-sink" = module.orders_s3_sink_role.arn
    "inventory-cdc"  = module.inventory_cdc_role.arn
  }
}

output "connector_arns" {
  description = "ARN of each connector, by connector name (empty when create_connector is false)."
  value = {
    for name, c in {
      "orders-s3-sink" = aws_mskconnect_connector.orders_s3_sink
      "inventory-cdc"  = aws_mskconnect_connector.inventory_cdc
    } : name => c[0].arn if length(c) > 0
  }
}
