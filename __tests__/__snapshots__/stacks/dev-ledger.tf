terraform {
  required_providers {
    aws = {
      version = "6.25.0"
      source  = "hashicorp/aws"
    }
  }
  backend "s3" {
    bucket       = "biometric-vault-tfstate-dev-111111111111"
    key          = "dev/dev-ledger.tfstate"
    region       = "eu-west-1"
    encrypt      = true
    kms_key_id   = "arn:aws:kms:eu-west-1:111111111111:key/00000000-0000-4000-8000-000000000001"
    use_lockfile = true
  }


}

provider "aws" {
  allowed_account_ids = [
    "111111111111"
  ]
  region = "eu-west-1"
  default_tags {
    tags = {
      Project            = "biometric-vault"
      Environment        = "dev"
      DataClassification = "biometric"
      ManagedBy          = "cdktf"
      Stack              = "dev-ledger"
    }
  }
}
data "aws_caller_identity" "context_caller_CB9F32B7" {
}
data "aws_partition" "context_partition_B73F2326" {
}
data "aws_region" "context_region_3F66BB3A" {
}
resource "aws_dynamodb_table" "ledger_table_BE9C0D06" {
  billing_mode                = "PAY_PER_REQUEST"
  deletion_protection_enabled = true
  hash_key                    = "pk"
  name                        = "biometric-vault-dev-ledger"
  stream_enabled              = true
  stream_view_type            = "NEW_AND_OLD_IMAGES"
  table_class                 = "STANDARD"
  attribute {
    name = "pk"
    type = "S"
  }
  attribute {
    name = "subjectId"
    type = "S"
  }
  attribute {
    name = "recordedAt"
    type = "S"
  }
  global_secondary_index {
    hash_key        = "subjectId"
    name            = "bySubject"
    projection_type = "ALL"
    range_key       = "recordedAt"
  }
  point_in_time_recovery {
    enabled = true
  }
  server_side_encryption {
    enabled     = true
    kms_key_arn = "${data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyVaultKey_key_279D35AEarn}"
  }
  lifecycle {
    prevent_destroy = true
  }
}
data "aws_iam_policy_document" "ledger_immutability_56E5A3D4" {
  statement {
    actions = [
      "dynamodb:BatchWriteItem",
      "dynamodb:DeleteItem",
      "dynamodb:DeleteResourcePolicy",
      "dynamodb:DeleteTable",
      "dynamodb:PartiQLDelete",
      "dynamodb:PartiQLUpdate",
      "dynamodb:PutResourcePolicy",
      "dynamodb:UpdateContinuousBackups",
      "dynamodb:UpdateItem",
      "dynamodb:UpdateTable",
      "dynamodb:UpdateTimeToLive"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:dynamodb:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:table/biometric-vault-dev-ledger"
    ]
    sid = "DenyRecordMutationExceptBreakGlass"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
    principals {
      identifiers = [
        "*"
      ]
      type = "*"
    }
  }
}
data "aws_iam_policy_document" "ledger_reads_BC10E76E" {
  statement {
    actions = [
      "dynamodb:BatchGetItem",
      "dynamodb:GetItem",
      "dynamodb:PartiQLSelect",
      "dynamodb:Query",
      "dynamodb:Scan"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:dynamodb:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:table/biometric-vault-dev-ledger",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:dynamodb:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:table/biometric-vault-dev-ledger/index/*"
    ]
    sid = "DenyReadsExceptReaders"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-auditor",
        "arn:aws:iam::111111111111:role/biometric-vault-verification",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
    principals {
      identifiers = [
        "*"
      ]
      type = "*"
    }
  }
  statement {
    actions = [
      "dynamodb:CreateBackup",
      "dynamodb:EnableKinesisStreamingDestination",
      "dynamodb:ExportTableToPointInTime",
      "dynamodb:RestoreTableToPointInTime"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:dynamodb:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:table/biometric-vault-dev-ledger"
    ]
    sid = "DenyCopiesExceptReaders"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-auditor",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
    principals {
      identifiers = [
        "*"
      ]
      type = "*"
    }
  }
}
data "aws_iam_policy_document" "ledger_append_4310DEC9" {
  statement {
    actions = [
      "dynamodb:PartiQLInsert",
      "dynamodb:PutItem"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:dynamodb:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:table/biometric-vault-dev-ledger"
    ]
    sid = "DenyAppendExceptWriter"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-dev-verifier",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
    principals {
      identifiers = [
        "*"
      ]
      type = "*"
    }
  }
  statement {
    actions = [
      "dynamodb:PutItem"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:dynamodb:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:table/biometric-vault-dev-ledger"
    ]
    sid = "AllowWriterAppend"
    condition {
      test = "ArnEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-dev-verifier"
      ]
      variable = "aws:PrincipalArn"
    }
    principals {
      identifiers = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:root"
      ]
      type = "AWS"
    }
  }
}
data "aws_iam_policy_document" "ledger_policy-document_A8673B78" {
  source_policy_documents = [
    "${data.aws_iam_policy_document.ledger_immutability_56E5A3D4.json}",
    "${data.aws_iam_policy_document.ledger_reads_BC10E76E.json}",
    "${data.aws_iam_policy_document.ledger_append_4310DEC9.json}"
  ]
}
resource "aws_dynamodb_resource_policy" "ledger_resource-policy_C6B4DC08" {
  confirm_remove_self_resource_access = true
  policy                              = "${data.aws_iam_policy_document.ledger_policy-document_A8673B78.json}"
  resource_arn                        = "${aws_dynamodb_table.ledger_table_BE9C0D06.arn}"
}
data "aws_iam_policy_document" "ledger_stream-policy-document_B249EF5E" {
  statement {
    actions = [
      "dynamodb:DescribeStream",
      "dynamodb:GetRecords",
      "dynamodb:GetShardIterator"
    ]
    effect = "Deny"
    resources = [
      "${aws_dynamodb_table.ledger_table_BE9C0D06.stream_arn}"
    ]
    sid = "DenyStreamReadsExceptConsumer"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-dev-ledger-stream",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
    principals {
      identifiers = [
        "*"
      ]
      type = "*"
    }
  }
  statement {
    actions = [
      "dynamodb:DeleteResourcePolicy",
      "dynamodb:PutResourcePolicy"
    ]
    effect = "Deny"
    resources = [
      "${aws_dynamodb_table.ledger_table_BE9C0D06.stream_arn}"
    ]
    sid = "DenyStreamPolicyChangesExceptBreakGlass"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
    principals {
      identifiers = [
        "*"
      ]
      type = "*"
    }
  }
}
resource "aws_dynamodb_resource_policy" "ledger_stream-resource-policy_FB337F1D" {
  confirm_remove_self_resource_access = true
  policy                              = "${data.aws_iam_policy_document.ledger_stream-policy-document_B249EF5E.json}"
  resource_arn                        = "${aws_dynamodb_table.ledger_table_BE9C0D06.stream_arn}"
}

output "ledger_table_name" {
  value = "${aws_dynamodb_table.ledger_table_BE9C0D06.name}"
}

output "ledger_table_arn" {
  value = "${aws_dynamodb_table.ledger_table_BE9C0D06.arn}"
}

output "ledger_stream_arn" {
  value = "${aws_dynamodb_table.ledger_table_BE9C0D06.stream_arn}"
}
data "terraform_remote_state" "cross-stack-reference-input-dev-keys" {
  backend   = "s3"
  workspace = "${terraform.workspace}"
  config = {
    bucket     = "biometric-vault-tfstate-dev-111111111111"
    key        = "dev/dev-keys.tfstate"
    region     = "eu-west-1"
    encrypt    = true
    kms_key_id = "arn:aws:kms:eu-west-1:111111111111:key/00000000-0000-4000-8000-000000000001"
  }
}

output "cross-stack-output-aws_dynamodb_tableledger_table_BE9C0D06arn" {
  value     = "${aws_dynamodb_table.ledger_table_BE9C0D06.arn}"
  sensitive = true
}

output "cross-stack-output-aws_dynamodb_tableledger_table_BE9C0D06name" {
  value     = "${aws_dynamodb_table.ledger_table_BE9C0D06.name}"
  sensitive = true
}

output "cross-stack-output-aws_dynamodb_tableledger_table_BE9C0D06stream_arn" {
  value     = "${aws_dynamodb_table.ledger_table_BE9C0D06.stream_arn}"
  sensitive = true
}