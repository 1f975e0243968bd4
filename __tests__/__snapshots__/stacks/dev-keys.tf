terraform {
  required_providers {
    aws = {
      version = "6.25.0"
      source  = "hashicorp/aws"
    }
  }
  backend "s3" {
    bucket       = "biometric-vault-tfstate-dev-111111111111"
    key          = "dev/dev-keys.tfstate"
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
      Stack              = "dev-keys"
    }
  }
}
data "aws_caller_identity" "context_caller_CB9F32B7" {
}
data "aws_partition" "context_partition_B73F2326" {
}
data "aws_region" "context_region_3F66BB3A" {
}
data "aws_iam_policy_document" "vault-key-administration_document_D6F660DE" {
  statement {
    actions = [
      "kms:CancelKeyDeletion",
      "kms:DescribeKey",
      "kms:EnableKey",
      "kms:GetKeyPolicy",
      "kms:PutKeyPolicy"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "RootUserRecovery"
    condition {
      test = "StringEquals"
      values = [
        "Account"
      ]
      variable = "aws:PrincipalType"
    }
    principals {
      identifiers = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:root"
      ]
      type = "AWS"
    }
  }
  statement {
    actions = [
      "kms:CancelKeyDeletion",
      "kms:CreateAlias",
      "kms:DeleteAlias",
      "kms:DescribeKey",
      "kms:DisableKey",
      "kms:DisableKeyRotation",
      "kms:EnableKey",
      "kms:EnableKeyRotation",
      "kms:GetKeyPolicy",
      "kms:GetKeyRotationStatus",
      "kms:ListGrants",
      "kms:ListKeyRotations",
      "kms:ListResourceTags",
      "kms:PutKeyPolicy",
      "kms:RevokeGrant",
      "kms:RotateKeyOnDemand",
      "kms:ScheduleKeyDeletion",
      "kms:TagResource",
      "kms:UntagResource",
      "kms:UpdateAlias",
      "kms:UpdateKeyDescription"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "KeyAdministration"
    condition {
      test = "ArnEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-key-admin"
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
  statement {
    actions = [
      "kms:DescribeKey",
      "kms:GetKeyPolicy",
      "kms:GetKeyRotationStatus",
      "kms:ListKeyRotations",
      "kms:ListResourceTags"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "KeyMetadataForPlans"
    condition {
      test = "ArnEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-plan",
        "arn:aws:iam::111111111111:role/biometric-vault-verification"
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
data "aws_iam_policy_document" "vault-key-policy_data-use_ED5986AF" {
  statement {
    actions = [
      "kms:Decrypt",
      "kms:DescribeKey"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "DataUseViaS3"
    condition {
      test = "ArnEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-dev-verifier"
      ]
      variable = "aws:PrincipalArn"
    }
    condition {
      test = "StringEquals"
      values = [
        "s3.${data.aws_region.context_region_3F66BB3A.region}.${data.aws_partition.context_partition_B73F2326.dns_suffix}"
      ]
      variable = "kms:ViaService"
    }
    condition {
      test = "StringEquals"
      values = [
        "${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
      ]
      variable = "kms:CallerAccount"
    }
    principals {
      identifiers = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:root"
      ]
      type = "AWS"
    }
  }
  statement {
    actions = [
      "kms:Decrypt"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "LedgerUseViaDynamoDB"
    condition {
      test = "ArnEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-dev-verifier"
      ]
      variable = "aws:PrincipalArn"
    }
    condition {
      test = "StringEquals"
      values = [
        "dynamodb.${data.aws_region.context_region_3F66BB3A.region}.${data.aws_partition.context_partition_B73F2326.dns_suffix}"
      ]
      variable = "kms:ViaService"
    }
    condition {
      test = "StringEquals"
      values = [
        "${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
      ]
      variable = "kms:CallerAccount"
    }
    condition {
      test = "StringEquals"
      values = [
        "biometric-vault-dev-ledger"
      ]
      variable = "kms:EncryptionContext:aws:dynamodb:tableName"
    }
    principals {
      identifiers = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:root"
      ]
      type = "AWS"
    }
  }
  statement {
    actions = [
      "kms:GenerateDataKey"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "PutUploadsViaS3"
    condition {
      test = "ArnEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-uploader",
        "arn:aws:iam::111111111111:role/biometric-vault-verification"
      ]
      variable = "aws:PrincipalArn"
    }
    condition {
      test = "StringEquals"
      values = [
        "s3.${data.aws_region.context_region_3F66BB3A.region}.${data.aws_partition.context_partition_B73F2326.dns_suffix}"
      ]
      variable = "kms:ViaService"
    }
    condition {
      test = "StringEquals"
      values = [
        "${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
      ]
      variable = "kms:CallerAccount"
    }
    condition {
      test = "StringLike"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-vault-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/uploads/*"
      ]
      variable = "kms:EncryptionContext:aws:s3:arn"
    }
    principals {
      identifiers = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:root"
      ]
      type = "AWS"
    }
  }
  statement {
    actions = [
      "kms:GenerateDataKey"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "PutReferencesViaS3"
    condition {
      test = "ArnEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-enrollment"
      ]
      variable = "aws:PrincipalArn"
    }
    condition {
      test = "StringEquals"
      values = [
        "s3.${data.aws_region.context_region_3F66BB3A.region}.${data.aws_partition.context_partition_B73F2326.dns_suffix}"
      ]
      variable = "kms:ViaService"
    }
    condition {
      test = "StringEquals"
      values = [
        "${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
      ]
      variable = "kms:CallerAccount"
    }
    condition {
      test = "StringLike"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-vault-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/references/*"
      ]
      variable = "kms:EncryptionContext:aws:s3:arn"
    }
    principals {
      identifiers = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:root"
      ]
      type = "AWS"
    }
  }
  statement {
    actions = [
      "kms:Decrypt",
      "kms:DescribeKey",
      "kms:GenerateDataKey"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "RestoreObjectsViaS3"
    condition {
      test = "ArnEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
    condition {
      test = "StringEquals"
      values = [
        "s3.${data.aws_region.context_region_3F66BB3A.region}.${data.aws_partition.context_partition_B73F2326.dns_suffix}"
      ]
      variable = "kms:ViaService"
    }
    condition {
      test = "StringEquals"
      values = [
        "${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
      ]
      variable = "kms:CallerAccount"
    }
    principals {
      identifiers = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:root"
      ]
      type = "AWS"
    }
  }
  statement {
    actions = [
      "kms:Decrypt"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "ReadLedgerViaDynamoDB"
    condition {
      test = "ArnEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-auditor",
        "arn:aws:iam::111111111111:role/biometric-vault-verification",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-dev-ledger-stream"
      ]
      variable = "aws:PrincipalArn"
    }
    condition {
      test = "StringEquals"
      values = [
        "dynamodb.${data.aws_region.context_region_3F66BB3A.region}.${data.aws_partition.context_partition_B73F2326.dns_suffix}"
      ]
      variable = "kms:ViaService"
    }
    condition {
      test = "StringEquals"
      values = [
        "${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
      ]
      variable = "kms:CallerAccount"
    }
    condition {
      test = "StringLike"
      values = [
        "biometric-vault-dev-ledger",
        "biometric-vault-dev-ledger-*"
      ]
      variable = "kms:EncryptionContext:aws:dynamodb:tableName"
    }
    principals {
      identifiers = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:root"
      ]
      type = "AWS"
    }
  }
  statement {
    actions = [
      "kms:Decrypt",
      "kms:DescribeKey",
      "kms:GenerateDataKey"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "ScanObjectsViaS3"
    condition {
      test = "ArnEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-dev-malware-protection"
      ]
      variable = "aws:PrincipalArn"
    }
    condition {
      test = "StringEquals"
      values = [
        "s3.${data.aws_region.context_region_3F66BB3A.region}.${data.aws_partition.context_partition_B73F2326.dns_suffix}"
      ]
      variable = "kms:ViaService"
    }
    condition {
      test = "StringEquals"
      values = [
        "${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
      ]
      variable = "kms:CallerAccount"
    }
    principals {
      identifiers = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:root"
      ]
      type = "AWS"
    }
  }
  statement {
    actions = [
      "kms:Decrypt",
      "kms:GenerateDataKey"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "QueueUseViaSqs"
    condition {
      test = "ArnEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-dev-verifier",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-dev-ledger-stream",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-dev-ledger-digest-scheduler"
      ]
      variable = "aws:PrincipalArn"
    }
    condition {
      test = "StringEquals"
      values = [
        "sqs.${data.aws_region.context_region_3F66BB3A.region}.${data.aws_partition.context_partition_B73F2326.dns_suffix}"
      ]
      variable = "kms:ViaService"
    }
    condition {
      test = "StringEquals"
      values = [
        "${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
      ]
      variable = "kms:CallerAccount"
    }
    principals {
      identifiers = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:root"
      ]
      type = "AWS"
    }
  }
  statement {
    actions = [
      "kms:Decrypt",
      "kms:DescribeKey"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "QueueReadViaSqs"
    condition {
      test = "ArnEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
    condition {
      test = "StringEquals"
      values = [
        "sqs.${data.aws_region.context_region_3F66BB3A.region}.${data.aws_partition.context_partition_B73F2326.dns_suffix}"
      ]
      variable = "kms:ViaService"
    }
    condition {
      test = "StringEquals"
      values = [
        "${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
      ]
      variable = "kms:CallerAccount"
    }
    principals {
      identifiers = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:root"
      ]
      type = "AWS"
    }
  }
  statement {
    actions = [
      "kms:DescribeKey",
      "kms:GenerateDataKey"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "WriteLedgerDigestsViaS3"
    condition {
      test = "ArnEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-dev-ledger-stream",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-dev-ledger-digest"
      ]
      variable = "aws:PrincipalArn"
    }
    condition {
      test = "StringEquals"
      values = [
        "s3.${data.aws_region.context_region_3F66BB3A.region}.${data.aws_partition.context_partition_B73F2326.dns_suffix}"
      ]
      variable = "kms:ViaService"
    }
    condition {
      test = "StringEquals"
      values = [
        "${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
      ]
      variable = "kms:CallerAccount"
    }
    condition {
      test = "ArnLike"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-ledger-digests-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/*"
      ]
      variable = "kms:EncryptionContext:aws:s3:arn"
    }
    principals {
      identifiers = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:root"
      ]
      type = "AWS"
    }
  }
  statement {
    actions = [
      "kms:Decrypt",
      "kms:DescribeKey"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "ReadLedgerDigestsViaS3"
    condition {
      test = "ArnEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-auditor",
        "arn:aws:iam::111111111111:role/biometric-vault-verification",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-dev-ledger-digest"
      ]
      variable = "aws:PrincipalArn"
    }
    condition {
      test = "StringEquals"
      values = [
        "s3.${data.aws_region.context_region_3F66BB3A.region}.${data.aws_partition.context_partition_B73F2326.dns_suffix}"
      ]
      variable = "kms:ViaService"
    }
    condition {
      test = "StringEquals"
      values = [
        "${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
      ]
      variable = "kms:CallerAccount"
    }
    condition {
      test = "ArnLike"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-ledger-digests-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/*"
      ]
      variable = "kms:EncryptionContext:aws:s3:arn"
    }
    principals {
      identifiers = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:root"
      ]
      type = "AWS"
    }
  }
  statement {
    actions = [
      "kms:DescribeKey"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "DynamoDBDescribesKey"
    condition {
      test = "StringEquals"
      values = [
        "${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
      ]
      variable = "aws:SourceAccount"
    }
    principals {
      identifiers = [
        "dynamodb.amazonaws.com"
      ]
      type = "Service"
    }
  }
}
data "aws_iam_policy_document" "vault-key-policy_deployment_73AE1062" {
  statement {
    actions = [
      "kms:CreateGrant",
      "kms:DescribeKey"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "CreateTablesViaDynamoDB"
    condition {
      test = "ArnEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-deployer",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
    condition {
      test = "StringEquals"
      values = [
        "dynamodb.${data.aws_region.context_region_3F66BB3A.region}.${data.aws_partition.context_partition_B73F2326.dns_suffix}"
      ]
      variable = "kms:ViaService"
    }
    condition {
      test = "StringEquals"
      values = [
        "${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
      ]
      variable = "kms:CallerAccount"
    }
    principals {
      identifiers = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:root"
      ]
      type = "AWS"
    }
  }
  statement {
    actions = [
      "kms:Decrypt",
      "kms:Encrypt",
      "kms:GenerateDataKey",
      "kms:GenerateDataKeyWithoutPlaintext",
      "kms:ReEncryptFrom",
      "kms:ReEncryptTo"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "DeployLedgerViaDynamoDB"
    condition {
      test = "ArnEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-deployer"
      ]
      variable = "aws:PrincipalArn"
    }
    condition {
      test = "StringEquals"
      values = [
        "dynamodb.${data.aws_region.context_region_3F66BB3A.region}.${data.aws_partition.context_partition_B73F2326.dns_suffix}"
      ]
      variable = "kms:ViaService"
    }
    condition {
      test = "StringEquals"
      values = [
        "${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
      ]
      variable = "kms:CallerAccount"
    }
    condition {
      test = "StringEquals"
      values = [
        "biometric-vault-dev-ledger"
      ]
      variable = "kms:EncryptionContext:aws:dynamodb:tableName"
    }
    principals {
      identifiers = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:root"
      ]
      type = "AWS"
    }
  }
  statement {
    actions = [
      "kms:Decrypt",
      "kms:Encrypt",
      "kms:GenerateDataKey",
      "kms:GenerateDataKeyWithoutPlaintext",
      "kms:ReEncryptFrom",
      "kms:ReEncryptTo"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "RestoreLedgerViaDynamoDB"
    condition {
      test = "ArnEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
    condition {
      test = "StringEquals"
      values = [
        "dynamodb.${data.aws_region.context_region_3F66BB3A.region}.${data.aws_partition.context_partition_B73F2326.dns_suffix}"
      ]
      variable = "kms:ViaService"
    }
    condition {
      test = "StringEquals"
      values = [
        "${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
      ]
      variable = "kms:CallerAccount"
    }
    condition {
      test = "StringLike"
      values = [
        "biometric-vault-dev-ledger",
        "biometric-vault-dev-ledger-*"
      ]
      variable = "kms:EncryptionContext:aws:dynamodb:tableName"
    }
    principals {
      identifiers = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:root"
      ]
      type = "AWS"
    }
  }
  statement {
    actions = [
      "kms:CreateGrant",
      "kms:Decrypt",
      "kms:DescribeKey",
      "kms:Encrypt"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "DeployFunctionEnvironmentViaLambda"
    condition {
      test = "ArnEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-deployer"
      ]
      variable = "aws:PrincipalArn"
    }
    condition {
      test = "StringEquals"
      values = [
        "lambda.${data.aws_region.context_region_3F66BB3A.region}.${data.aws_partition.context_partition_B73F2326.dns_suffix}"
      ]
      variable = "kms:ViaService"
    }
    condition {
      test = "StringEquals"
      values = [
        "${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
      ]
      variable = "kms:CallerAccount"
    }
    principals {
      identifiers = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:root"
      ]
      type = "AWS"
    }
  }
  statement {
    actions = [
      "kms:Decrypt"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "ReadFunctionEnvironmentViaLambda"
    condition {
      test = "ArnEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-plan",
        "arn:aws:iam::111111111111:role/biometric-vault-verification"
      ]
      variable = "aws:PrincipalArn"
    }
    condition {
      test = "StringEquals"
      values = [
        "lambda.${data.aws_region.context_region_3F66BB3A.region}.${data.aws_partition.context_partition_B73F2326.dns_suffix}"
      ]
      variable = "kms:ViaService"
    }
    condition {
      test = "StringEquals"
      values = [
        "${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
      ]
      variable = "kms:CallerAccount"
    }
    condition {
      test = "StringEquals"
      values = [
        "biometric-vault-dev-verifier",
        "biometric-vault-dev-ledger-stream",
        "biometric-vault-dev-ledger-digest"
      ]
      variable = "kms:EncryptionContext:LambdaFunctionName"
    }
    principals {
      identifiers = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:root"
      ]
      type = "AWS"
    }
  }
}
data "aws_iam_policy_document" "vault-key-policy_service-use_6B94C8B5" {
  statement {
    actions = [
      "kms:Decrypt",
      "kms:DescribeKey",
      "kms:Encrypt",
      "kms:GenerateDataKey",
      "kms:GenerateDataKeyWithoutPlaintext",
      "kms:ReEncryptFrom",
      "kms:ReEncryptTo"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "CloudWatchLogsForNamedLogGroups"
    condition {
      test = "ArnEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:logs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:log-group:/aws/lambda/biometric-vault-dev-verifier",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:logs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:log-group:/aws/lambda/biometric-vault-dev-ledger-stream",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:logs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:log-group:/aws/lambda/biometric-vault-dev-ledger-digest"
      ]
      variable = "kms:EncryptionContext:aws:logs:arn"
    }
    principals {
      identifiers = [
        "logs.${data.aws_region.context_region_3F66BB3A.region}.${data.aws_partition.context_partition_B73F2326.dns_suffix}"
      ]
      type = "Service"
    }
  }
  statement {
    actions = [
      "kms:Decrypt",
      "kms:GenerateDataKey"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "ServicePublishesToNamedQueues0"
    condition {
      test = "StringEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:sqs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-verifier-intake"
      ]
      variable = "kms:EncryptionContext:aws:sqs:arn"
    }
    principals {
      identifiers = [
        "s3.amazonaws.com"
      ]
      type = "Service"
    }
  }
}
data "aws_iam_policy_document" "vault-key-policy_document_B87D4AD0" {
  source_policy_documents = [
    "${data.aws_iam_policy_document.vault-key-administration_document_D6F660DE.json}",
    "${data.aws_iam_policy_document.vault-key-policy_data-use_ED5986AF.json}",
    "${data.aws_iam_policy_document.vault-key-policy_deployment_73AE1062.json}",
    "${data.aws_iam_policy_document.vault-key-policy_service-use_6B94C8B5.json}"
  ]
}
resource "aws_kms_key" "VaultKey_key_279D35AE" {
  bypass_policy_lockout_safety_check = false
  customer_master_key_spec           = "SYMMETRIC_DEFAULT"
  deletion_window_in_days            = 30
  description                        = "Biometric identity vault (dev): uploads, reference images, ledger records"
  enable_key_rotation                = true
  is_enabled                         = true
  key_usage                          = "ENCRYPT_DECRYPT"
  multi_region                       = false
  policy                             = "${data.aws_iam_policy_document.vault-key-policy_document_B87D4AD0.json}"
  rotation_period_in_days            = 365
  lifecycle {
    prevent_destroy = true
  }
}
resource "aws_kms_alias" "VaultKey_alias_83EDB160" {
  name          = "alias/biometric-vault-dev"
  target_key_id = "${aws_kms_key.VaultKey_key_279D35AE.key_id}"
}
data "aws_iam_policy_document" "audit-key-administration_document_58BB4560" {
  statement {
    actions = [
      "kms:CancelKeyDeletion",
      "kms:DescribeKey",
      "kms:EnableKey",
      "kms:GetKeyPolicy",
      "kms:PutKeyPolicy"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "RootUserRecovery"
    condition {
      test = "StringEquals"
      values = [
        "Account"
      ]
      variable = "aws:PrincipalType"
    }
    principals {
      identifiers = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:root"
      ]
      type = "AWS"
    }
  }
  statement {
    actions = [
      "kms:CancelKeyDeletion",
      "kms:CreateAlias",
      "kms:DeleteAlias",
      "kms:DescribeKey",
      "kms:DisableKey",
      "kms:DisableKeyRotation",
      "kms:EnableKey",
      "kms:EnableKeyRotation",
      "kms:GetKeyPolicy",
      "kms:GetKeyRotationStatus",
      "kms:ListGrants",
      "kms:ListKeyRotations",
      "kms:ListResourceTags",
      "kms:PutKeyPolicy",
      "kms:RevokeGrant",
      "kms:RotateKeyOnDemand",
      "kms:ScheduleKeyDeletion",
      "kms:TagResource",
      "kms:UntagResource",
      "kms:UpdateAlias",
      "kms:UpdateKeyDescription"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "KeyAdministration"
    condition {
      test = "ArnEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-key-admin"
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
  statement {
    actions = [
      "kms:DescribeKey",
      "kms:GetKeyPolicy",
      "kms:GetKeyRotationStatus",
      "kms:ListKeyRotations",
      "kms:ListResourceTags"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "KeyMetadataForPlans"
    condition {
      test = "ArnEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-plan",
        "arn:aws:iam::111111111111:role/biometric-vault-verification"
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
data "aws_iam_policy_document" "audit-key-policy_cloudtrail_1CA4DCB1" {
  statement {
    actions = [
      "kms:GenerateDataKey"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "CloudTrailEncryptLogsOfThisTrail"
    condition {
      test = "StringLike"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:cloudtrail:*:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:trail/biometric-vault-dev-trail"
      ]
      variable = "kms:EncryptionContext:aws:cloudtrail:arn"
    }
    condition {
      test = "StringEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:cloudtrail:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:trail/biometric-vault-dev-trail"
      ]
      variable = "aws:SourceArn"
    }
    principals {
      identifiers = [
        "cloudtrail.amazonaws.com"
      ]
      type = "Service"
    }
  }
  statement {
    actions = [
      "kms:GenerateDataKey"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "CloudTrailObjectsUnderBucketDefaultEncryption"
    condition {
      test = "StringEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:cloudtrail:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:trail/biometric-vault-dev-trail"
      ]
      variable = "aws:SourceArn"
    }
    condition {
      test = "StringEquals"
      values = [
        "s3.${data.aws_region.context_region_3F66BB3A.region}.${data.aws_partition.context_partition_B73F2326.dns_suffix}"
      ]
      variable = "kms:ViaService"
    }
    condition {
      test = "ArnLike"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-trail-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/cloudtrail/AWSLogs/${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/*"
      ]
      variable = "kms:EncryptionContext:aws:s3:arn"
    }
    principals {
      identifiers = [
        "cloudtrail.amazonaws.com"
      ]
      type = "Service"
    }
  }
  statement {
    actions = [
      "kms:DescribeKey"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "CloudTrailDescribeKey"
    condition {
      test = "StringEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:cloudtrail:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:trail/biometric-vault-dev-trail"
      ]
      variable = "aws:SourceArn"
    }
    principals {
      identifiers = [
        "cloudtrail.amazonaws.com"
      ]
      type = "Service"
    }
  }
}
data "aws_iam_policy_document" "audit-key-policy_log-delivery_7AF31443" {
  statement {
    actions = [
      "kms:Decrypt",
      "kms:DescribeKey",
      "kms:Encrypt",
      "kms:GenerateDataKey",
      "kms:GenerateDataKeyWithoutPlaintext",
      "kms:ReEncryptFrom",
      "kms:ReEncryptTo"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "CloudWatchLogsForAuditLogGroups"
    condition {
      test = "ArnEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:logs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:log-group:/aws/cloudtrail/biometric-vault-dev"
      ]
      variable = "kms:EncryptionContext:aws:logs:arn"
    }
    principals {
      identifiers = [
        "logs.${data.aws_region.context_region_3F66BB3A.region}.${data.aws_partition.context_partition_B73F2326.dns_suffix}"
      ]
      type = "Service"
    }
  }
}
data "aws_iam_policy_document" "audit-key-policy_alerting_1B986D69" {
  statement {
    actions = [
      "kms:Decrypt",
      "kms:GenerateDataKey"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "AlarmsPublishToWatchTopic"
    condition {
      test = "StringEquals"
      values = [
        "${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
      ]
      variable = "aws:SourceAccount"
    }
    principals {
      identifiers = [
        "cloudwatch.amazonaws.com"
      ]
      type = "Service"
    }
  }
  statement {
    actions = [
      "kms:GenerateDataKey"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "GuardDutyExportsFindings"
    condition {
      test = "StringEquals"
      values = [
        "${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
      ]
      variable = "aws:SourceAccount"
    }
    condition {
      test = "ArnLike"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:guardduty:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:detector/*"
      ]
      variable = "aws:SourceArn"
    }
    principals {
      identifiers = [
        "guardduty.amazonaws.com"
      ]
      type = "Service"
    }
  }
}
data "aws_iam_policy_document" "audit-key-policy_readers_47B1F785" {
  statement {
    actions = [
      "kms:Decrypt",
      "kms:DescribeKey"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "AuditReadersViaS3"
    condition {
      test = "ArnEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass",
        "arn:aws:iam::111111111111:role/biometric-vault-verification"
      ]
      variable = "aws:PrincipalArn"
    }
    condition {
      test = "StringEquals"
      values = [
        "s3.${data.aws_region.context_region_3F66BB3A.region}.${data.aws_partition.context_partition_B73F2326.dns_suffix}"
      ]
      variable = "kms:ViaService"
    }
    condition {
      test = "StringEquals"
      values = [
        "${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
      ]
      variable = "kms:CallerAccount"
    }
    principals {
      identifiers = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:root"
      ]
      type = "AWS"
    }
  }
}
data "aws_iam_policy_document" "audit-key-policy_document_63090964" {
  source_policy_documents = [
    "${data.aws_iam_policy_document.audit-key-administration_document_58BB4560.json}",
    "${data.aws_iam_policy_document.audit-key-policy_cloudtrail_1CA4DCB1.json}",
    "${data.aws_iam_policy_document.audit-key-policy_log-delivery_7AF31443.json}",
    "${data.aws_iam_policy_document.audit-key-policy_alerting_1B986D69.json}",
    "${data.aws_iam_policy_document.audit-key-policy_readers_47B1F785.json}"
  ]
}
resource "aws_kms_key" "AuditKey_key_2A3E472C" {
  bypass_policy_lockout_safety_check = false
  customer_master_key_spec           = "SYMMETRIC_DEFAULT"
  deletion_window_in_days            = 30
  description                        = "Biometric identity vault (dev): audit trail, audit log group, findings, alert-path watch"
  enable_key_rotation                = true
  is_enabled                         = true
  key_usage                          = "ENCRYPT_DECRYPT"
  multi_region                       = false
  policy                             = "${data.aws_iam_policy_document.audit-key-policy_document_63090964.json}"
  rotation_period_in_days            = 365
  lifecycle {
    prevent_destroy = true
  }
}
resource "aws_kms_alias" "AuditKey_alias_C8272EA5" {
  name          = "alias/biometric-vault-audit-dev"
  target_key_id = "${aws_kms_key.AuditKey_key_2A3E472C.key_id}"
}
data "aws_iam_policy_document" "ledger-signing-key-administration_document_55DBDD2F" {
  statement {
    actions = [
      "kms:CancelKeyDeletion",
      "kms:DescribeKey",
      "kms:EnableKey",
      "kms:GetKeyPolicy",
      "kms:PutKeyPolicy"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "RootUserRecovery"
    condition {
      test = "StringEquals"
      values = [
        "Account"
      ]
      variable = "aws:PrincipalType"
    }
    principals {
      identifiers = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:root"
      ]
      type = "AWS"
    }
  }
  statement {
    actions = [
      "kms:CancelKeyDeletion",
      "kms:CreateAlias",
      "kms:DeleteAlias",
      "kms:DescribeKey",
      "kms:DisableKey",
      "kms:DisableKeyRotation",
      "kms:EnableKey",
      "kms:EnableKeyRotation",
      "kms:GetKeyPolicy",
      "kms:GetKeyRotationStatus",
      "kms:ListGrants",
      "kms:ListKeyRotations",
      "kms:ListResourceTags",
      "kms:PutKeyPolicy",
      "kms:RevokeGrant",
      "kms:RotateKeyOnDemand",
      "kms:ScheduleKeyDeletion",
      "kms:TagResource",
      "kms:UntagResource",
      "kms:UpdateAlias",
      "kms:UpdateKeyDescription"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "KeyAdministration"
    condition {
      test = "ArnEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-key-admin"
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
  statement {
    actions = [
      "kms:DescribeKey",
      "kms:GetKeyPolicy",
      "kms:GetKeyRotationStatus",
      "kms:ListKeyRotations",
      "kms:ListResourceTags"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "KeyMetadataForPlans"
    condition {
      test = "ArnEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-plan",
        "arn:aws:iam::111111111111:role/biometric-vault-verification"
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
data "aws_iam_policy_document" "ledger-signing-key-policy_signing_D5E1962B" {
  statement {
    actions = [
      "kms:Sign"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "SignDigestsOnlyByTheDigestJob"
    condition {
      test = "ArnEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-dev-ledger-digest"
      ]
      variable = "aws:PrincipalArn"
    }
    condition {
      test = "StringEquals"
      values = [
        "RSASSA_PKCS1_V1_5_SHA_256"
      ]
      variable = "kms:SigningAlgorithm"
    }
    condition {
      test = "StringEquals"
      values = [
        "DIGEST"
      ]
      variable = "kms:MessageType"
    }
    condition {
      test = "StringEquals"
      values = [
        "${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
      ]
      variable = "kms:CallerAccount"
    }
    principals {
      identifiers = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:root"
      ]
      type = "AWS"
    }
  }
  statement {
    actions = [
      "kms:Sign"
    ]
    effect = "Deny"
    resources = [
      "*"
    ]
    sid = "DenySigningExceptTheDigestJob"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-dev-ledger-digest"
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
      "kms:DescribeKey",
      "kms:GetPublicKey"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "PublicKeyForTheAccount"
    condition {
      test = "StringEquals"
      values = [
        "${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
      ]
      variable = "kms:CallerAccount"
    }
    principals {
      identifiers = [
        "*"
      ]
      type = "AWS"
    }
  }
}
data "aws_iam_policy_document" "ledger-signing-key-policy_document_7E92EB42" {
  source_policy_documents = [
    "${data.aws_iam_policy_document.ledger-signing-key-administration_document_55DBDD2F.json}",
    "${data.aws_iam_policy_document.ledger-signing-key-policy_signing_D5E1962B.json}"
  ]
}
resource "aws_kms_key" "LedgerSigningKey_key_DEA90042" {
  bypass_policy_lockout_safety_check = false
  customer_master_key_spec           = "RSA_3072"
  deletion_window_in_days            = 30
  description                        = "Biometric identity vault (dev): signs the ledger's digests (RSASSA-PKCS1-v1_5 SHA-256)"
  enable_key_rotation                = false
  is_enabled                         = true
  key_usage                          = "SIGN_VERIFY"
  multi_region                       = false
  policy                             = "${data.aws_iam_policy_document.ledger-signing-key-policy_document_7E92EB42.json}"
  lifecycle {
    prevent_destroy = true
  }
}
resource "aws_kms_alias" "LedgerSigningKey_alias_28714183" {
  name          = "alias/biometric-vault-dev-ledger-digest-signing"
  target_key_id = "${aws_kms_key.LedgerSigningKey_key_DEA90042.key_id}"
}

output "vault_key_arn" {
  value = "${aws_kms_key.VaultKey_key_279D35AE.arn}"
}

output "audit_key_arn" {
  value = "${aws_kms_key.AuditKey_key_2A3E472C.arn}"
}

output "ledger_signing_key_arn" {
  value = "${aws_kms_key.LedgerSigningKey_key_DEA90042.arn}"
}

output "cross-stack-output-aws_kms_keyVaultKey_key_279D35AEarn" {
  value     = "${aws_kms_key.VaultKey_key_279D35AE.arn}"
  sensitive = true
}

output "cross-stack-output-aws_kms_keyLedgerSigningKey_key_DEA90042arn" {
  value     = "${aws_kms_key.LedgerSigningKey_key_DEA90042.arn}"
  sensitive = true
}

output "cross-stack-output-aws_kms_keyAuditKey_key_2A3E472Carn" {
  value     = "${aws_kms_key.AuditKey_key_2A3E472C.arn}"
  sensitive = true
}

output "cross-stack-output-aws_kms_keyVaultKey_key_279D35AEkey_id" {
  value     = "${aws_kms_key.VaultKey_key_279D35AE.key_id}"
  sensitive = true
}

output "cross-stack-output-aws_kms_keyAuditKey_key_2A3E472Ckey_id" {
  value     = "${aws_kms_key.AuditKey_key_2A3E472C.key_id}"
  sensitive = true
}

output "cross-stack-output-aws_kms_keyLedgerSigningKey_key_DEA90042key_id" {
  value     = "${aws_kms_key.LedgerSigningKey_key_DEA90042.key_id}"
  sensitive = true
}