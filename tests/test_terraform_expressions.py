"""Terraform expressions left in manifest values (rules.terraform_expression_problem): the forms
only Terraform writes are refused; the other ${...} syntaxes that real connector configurations
and policies use are accepted (config providers, Kafka Connect, IAM policy variables, Camel's
simple language, Freemarker)."""

from __future__ import annotations

import pytest

from msk_connect_iam.manifest.rules import terraform_expression_problem

TERRAFORM = [
    "${var.x}", "${ var.x }", "${var.x[0]}", "${upper(var.x)}", "${(var.x)}", "${!var.enabled}",
    "${local.prefix}", "${module.lake.bucket}", 'raw/${join("/", [local.prefix, "raw"])}',
    "${aws_kms_key.lake.arn}", "${aws_s3_bucket.b[0].arn}", "${aws_s3_bucket.b[*].arn}",
    "${awscc_s3_bucket.b.arn}", "${random_id.x.hex}", "${google_storage_bucket.b.name}",
    "${data.aws_s3_bucket.b.id}", "${each.key}", "${count.index}", "${path.module}", "${terraform.workspace}",
    "${provider::aws::arn_build(1)}", "${jsonencode({a = 1})}", "%{ if var.prod }${var.x}%{ endif }",
    "arn:aws:s3:::${module.lake.bucket}/*",
]
OTHER = [
    "${topic}", "${source.table}", "${secretsmanager:prod/db:password}", "${ssm::/x}",
    "${file:/a.properties:k}", "${env:X}", "${aws:username}", "arn:aws:s3:::home/${aws:username}/*",
    "${header.x}", "${header.var.x}", "${bodyAs(String)}", "${random(100000)}",
    "${date:now:yyyyMMdd}-${uuid(short)}.json", "${join(',')}", "${substring(0,5)}",
    "${hash(${body},SHA-256)}", "${data.customer_id}", "${path.to.value}", "${self.x}", "${count.total}",
    "${each.record}", "${offset.timestamp?long}", "%d{yyyy-MM-dd}", "plain text", "",
    # directive text is written escaped and reaches AWS as written (tests/injection.py)
    "%{ if true }", "%{endif}",
]


@pytest.mark.parametrize("value", TERRAFORM)
def test_terraform_expressions_are_refused(value):
    problem = terraform_expression_problem(value)
    assert problem and "Terraform expression" in problem and "expected the value itself" in problem


@pytest.mark.parametrize("value", OTHER)
def test_other_placeholder_syntaxes_are_accepted(value):
    assert terraform_expression_problem(value) is None
