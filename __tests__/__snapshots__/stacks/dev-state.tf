terraform {
  required_providers {
    aws = {
      version = "6.25.0"
      source  = "hashicorp/aws"
    }
  }
  backend "local" {
    path = "../../../terraform-state/dev-state.tfstate"
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
      Stack              = "dev-state"
    }
  }
}
data "aws_caller_identity" "context_caller_CB9F32B7" {
}
data "aws_partition" "context_partition_B73F2326" {
}
data "aws_region" "context_region_3F66BB3A" {
}
data "aws_iam_policy_document" "state-key-administration_document_F2560602" {
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
        "arn:aws:iam::111111111111:role/biometric-vault-verification",
        "arn:aws:iam::111111111111:role/biometric-vault-deployer"
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
data "aws_iam_policy_document" "state-key-policy_state-use_5968F145" {
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
    sid = "ReadWriteStateViaS3"
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
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-tfstate-dev-111111111111/*"
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
    sid = "ReadStateViaS3"
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
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-tfstate-dev-111111111111/*"
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
    sid = "ReadWriteOwnStateViaS3"
    condition {
      test = "ArnEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-key-admin"
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
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-tfstate-dev-111111111111/dev/dev-state.tfstate*",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-tfstate-dev-111111111111/dev/dev-keys.tfstate*"
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
    sid = "ReadWriteAlertingStateViaS3"
    condition {
      test = "ArnEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-alert-admin"
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
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-tfstate-dev-111111111111/dev/dev-alerting.tfstate*"
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
}
data "aws_iam_policy_document" "state-key-policy_document_6153DF09" {
  source_policy_documents = [
    "${data.aws_iam_policy_document.state-key-administration_document_F2560602.json}",
    "${data.aws_iam_policy_document.state-key-policy_state-use_5968F145.json}"
  ]
}
resource "aws_kms_key" "StateKey_key_AA598777" {
  bypass_policy_lockout_safety_check = false
  customer_master_key_spec           = "SYMMETRIC_DEFAULT"
  deletion_window_in_days            = 30
  description                        = "Biometric identity vault (dev): Terraform state"
  enable_key_rotation                = true
  is_enabled                         = true
  key_usage                          = "ENCRYPT_DECRYPT"
  multi_region                       = false
  policy                             = "${data.aws_iam_policy_document.state-key-policy_document_6153DF09.json}"
  rotation_period_in_days            = 365
  lifecycle {
    prevent_destroy = true
  }
}
resource "aws_kms_alias" "StateKey_alias_5F1729EB" {
  name          = "alias/biometric-vault-dev-state"
  target_key_id = "${aws_kms_key.StateKey_key_AA598777.key_id}"
}
data "aws_iam_policy_document" "state-access-log-delivery" {
  statement {
    actions = [
      "s3:PutObject"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-state-logs-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/s3-access-logs/*"
    ]
    sid = "S3ServerAccessLogDelivery"
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
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-tfstate-dev-111111111111"
      ]
      variable = "aws:SourceArn"
    }
    principals {
      identifiers = [
        "logging.s3.amazonaws.com"
      ]
      type = "Service"
    }
  }
  statement {
    actions = [
      "s3:DeleteObject",
      "s3:DeleteObjectVersion"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-state-logs-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/*"
    ]
    sid = "DenyLogTamperingExceptBreakGlass"
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
resource "aws_s3_bucket" "state-access-logs_bucket_2091920F" {
  bucket        = "biometric-vault-dev-state-logs-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
  force_destroy = false
  tags = {
    AccessLogging = "disabled: this is the access-log target; logging to itself would loop"
  }
  lifecycle {
    prevent_destroy = true
  }
}
resource "aws_s3_bucket_public_access_block" "state-access-logs_public-access-block_FFD38ECF" {
  block_public_acls       = true
  block_public_policy     = true
  bucket                  = "${aws_s3_bucket.state-access-logs_bucket_2091920F.id}"
  ignore_public_acls      = true
  restrict_public_buckets = true
}
resource "aws_s3_bucket_ownership_controls" "state-access-logs_ownership_C89B5EEC" {
  bucket = "${aws_s3_bucket.state-access-logs_bucket_2091920F.id}"
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}
resource "aws_s3_bucket_versioning" "state-access-logs_versioning_349B5945" {
  bucket = "${aws_s3_bucket.state-access-logs_bucket_2091920F.id}"
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_s3_bucket_server_side_encryption_configuration" "state-access-logs_encryption_24622DD4" {
  bucket = "${aws_s3_bucket.state-access-logs_bucket_2091920F.id}"
  rule {
    blocked_encryption_types = [
      "SSE-C"
    ]
    bucket_key_enabled = false
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}
resource "aws_s3_bucket_lifecycle_configuration" "state-access-logs_lifecycle_F908DFB1" {
  bucket = "${aws_s3_bucket.state-access-logs_bucket_2091920F.id}"
  rule {
    id     = "abort-incomplete-multipart-uploads"
    status = "Enabled"
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
    filter {
      prefix = ""
    }
  }
  rule {
    id     = "expire-access-logs"
    status = "Enabled"
    expiration {
      days = 365
    }
    filter {
      prefix = "s3-access-logs/"
    }
    noncurrent_version_expiration {
      noncurrent_days = 30
    }
  }
  depends_on = [
    "aws_s3_bucket_versioning.state-access-logs_versioning_349B5945",
  ]
}
data "aws_iam_policy_document" "state-access-logs_deny-insecure-transport_533D56BE" {
  statement {
    actions = [
      "s3:*"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-state-logs-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-state-logs-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/*"
    ]
    sid = "DenyInsecureTransport"
    condition {
      test = "Bool"
      values = [
        "false"
      ]
      variable = "aws:SecureTransport"
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
      "s3:*"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-state-logs-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-state-logs-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/*"
    ]
    sid = "DenyOutdatedTls"
    condition {
      test = "NumericLessThan"
      values = [
        "1.2"
      ]
      variable = "s3:TlsVersion"
    }
    principals {
      identifiers = [
        "*"
      ]
      type = "*"
    }
  }
}
data "aws_iam_policy_document" "state-access-logs_deny-configuration-changes_B0B1634A" {
  statement {
    actions = [
      "s3:DeleteBucket",
      "s3:DeleteBucketPolicy",
      "s3:PutAnalyticsConfiguration",
      "s3:PutBucketAcl",
      "s3:PutBucketLogging",
      "s3:PutBucketObjectLockConfiguration",
      "s3:PutBucketOwnershipControls",
      "s3:PutBucketPolicy",
      "s3:PutBucketPublicAccessBlock",
      "s3:PutBucketVersioning",
      "s3:PutEncryptionConfiguration",
      "s3:PutInventoryConfiguration",
      "s3:PutLifecycleConfiguration",
      "s3:PutReplicationConfiguration",
      "s3:PutBucketNotification"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-state-logs-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
    ]
    sid = "DenyConfigurationChangesExceptBreakGlass"
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
data "aws_iam_policy_document" "state-access-logs_deny-object-reads_AFDD9D7B" {
  statement {
    actions = [
      "s3:GetObject*"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-state-logs-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/*"
    ]
    sid = "DenyObjectReadsExceptReaders"
    condition {
      test = "ArnNotEquals"
      values = [
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
}
data "aws_iam_policy_document" "state-access-logs_policy-document_D760F80A" {
  source_policy_documents = [
    "${data.aws_iam_policy_document.state-access-logs_deny-insecure-transport_533D56BE.json}",
    "${data.aws_iam_policy_document.state-access-logs_deny-configuration-changes_B0B1634A.json}",
    "${data.aws_iam_policy_document.state-access-logs_deny-object-reads_AFDD9D7B.json}",
    "${data.aws_iam_policy_document.state-access-log-delivery.json}"
  ]
}
resource "aws_s3_bucket_policy" "state-access-logs_policy_9DC1521B" {
  bucket = "${aws_s3_bucket.state-access-logs_bucket_2091920F.id}"
  policy = "${data.aws_iam_policy_document.state-access-logs_policy-document_D760F80A.json}"
  depends_on = [
    "aws_s3_bucket_public_access_block.state-access-logs_public-access-block_FFD38ECF",
    "aws_s3_bucket_ownership_controls.state-access-logs_ownership_C89B5EEC",
    "aws_s3_bucket_versioning.state-access-logs_versioning_349B5945",
    "aws_s3_bucket_server_side_encryption_configuration.state-access-logs_encryption_24622DD4",
    "aws_s3_bucket_lifecycle_configuration.state-access-logs_lifecycle_F908DFB1",
  ]
}
data "aws_iam_policy_document" "state-access" {
  statement {
    actions = [
      "s3:DeleteObject",
      "s3:DeleteObjectVersion"
    ]
    effect = "Deny"
    not_resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-tfstate-dev-111111111111/*.tflock"
    ]
    sid = "DenyStateDeletionExceptBreakGlass"
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
  statement {
    actions = [
      "s3:DeleteObject",
      "s3:PutObject"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-tfstate-dev-111111111111/*"
    ]
    sid = "DenyStateWritesExceptAppliers"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-deployer",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass",
        "arn:aws:iam::111111111111:role/biometric-vault-key-admin",
        "arn:aws:iam::111111111111:role/biometric-vault-alert-admin"
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
      "s3:DeleteObject",
      "s3:PutObject"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-tfstate-dev-111111111111/dev/dev-state.tfstate*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-tfstate-dev-111111111111/dev/dev-keys.tfstate*"
    ]
    sid = "DenyKeyStackStateWritesExceptKeyAdministrators"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-key-admin",
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
      "s3:DeleteObject",
      "s3:PutObject"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-tfstate-dev-111111111111/dev/dev-alerting.tfstate*"
    ]
    sid = "DenyAlertingStackStateWritesExceptAlertAdministrators"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-alert-admin",
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
      "s3:DeleteObject",
      "s3:PutObject"
    ]
    effect = "Deny"
    not_resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-tfstate-dev-111111111111/dev/dev-alerting.tfstate*"
    ]
    sid = "DenyAlertAdministratorWritesElsewhere"
    condition {
      test = "ArnEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-alert-admin"
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
      "s3:DeleteObject",
      "s3:PutObject"
    ]
    effect = "Deny"
    not_resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-tfstate-dev-111111111111/dev/dev-state.tfstate*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-tfstate-dev-111111111111/dev/dev-keys.tfstate*"
    ]
    sid = "DenyKeyAdministratorWritesElsewhere"
    condition {
      test = "ArnEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-key-admin"
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
resource "aws_s3_bucket" "state_bucket_803B4E61" {
  bucket        = "biometric-vault-tfstate-dev-111111111111"
  force_destroy = false
  lifecycle {
    prevent_destroy = true
  }
}
resource "aws_s3_bucket_public_access_block" "state_public-access-block_ADE6B831" {
  block_public_acls       = true
  block_public_policy     = true
  bucket                  = "${aws_s3_bucket.state_bucket_803B4E61.id}"
  ignore_public_acls      = true
  restrict_public_buckets = true
}
resource "aws_s3_bucket_ownership_controls" "state_ownership_D3E5679B" {
  bucket = "${aws_s3_bucket.state_bucket_803B4E61.id}"
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}
resource "aws_s3_bucket_versioning" "state_versioning_27DF9ED5" {
  bucket = "${aws_s3_bucket.state_bucket_803B4E61.id}"
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_s3_bucket_server_side_encryption_configuration" "state_encryption_3FDA0990" {
  bucket = "${aws_s3_bucket.state_bucket_803B4E61.id}"
  rule {
    blocked_encryption_types = [
      "SSE-C"
    ]
    bucket_key_enabled = false
    apply_server_side_encryption_by_default {
      kms_master_key_id = "${aws_kms_key.StateKey_key_AA598777.arn}"
      sse_algorithm     = "aws:kms"
    }
  }
}
resource "aws_s3_bucket_logging" "state_access-logging_1429A7F3" {
  bucket        = "${aws_s3_bucket.state_bucket_803B4E61.id}"
  target_bucket = "${aws_s3_bucket.state-access-logs_bucket_2091920F.bucket}"
  target_prefix = "s3-access-logs/state/"
  target_object_key_format {
    partitioned_prefix {
      partition_date_source = "EventTime"
    }
  }
}
resource "aws_s3_bucket_lifecycle_configuration" "state_lifecycle_9EBA48F5" {
  bucket = "${aws_s3_bucket.state_bucket_803B4E61.id}"
  rule {
    id     = "abort-incomplete-multipart-uploads"
    status = "Enabled"
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
    filter {
      prefix = ""
    }
  }
  rule {
    id     = "expire-old-state-versions"
    status = "Enabled"
    filter {
      prefix = ""
    }
    noncurrent_version_expiration {
      newer_noncurrent_versions = 50
      noncurrent_days           = 365
    }
  }
  depends_on = [
    "aws_s3_bucket_versioning.state_versioning_27DF9ED5",
  ]
}
data "aws_iam_policy_document" "state_deny-insecure-transport_2FE096F9" {
  statement {
    actions = [
      "s3:*"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-tfstate-dev-111111111111",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-tfstate-dev-111111111111/*"
    ]
    sid = "DenyInsecureTransport"
    condition {
      test = "Bool"
      values = [
        "false"
      ]
      variable = "aws:SecureTransport"
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
      "s3:*"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-tfstate-dev-111111111111",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-tfstate-dev-111111111111/*"
    ]
    sid = "DenyOutdatedTls"
    condition {
      test = "NumericLessThan"
      values = [
        "1.2"
      ]
      variable = "s3:TlsVersion"
    }
    principals {
      identifiers = [
        "*"
      ]
      type = "*"
    }
  }
}
data "aws_iam_policy_document" "state_deny-configuration-changes_95DA41C0" {
  statement {
    actions = [
      "s3:DeleteBucket",
      "s3:DeleteBucketPolicy",
      "s3:PutAnalyticsConfiguration",
      "s3:PutBucketAcl",
      "s3:PutBucketLogging",
      "s3:PutBucketObjectLockConfiguration",
      "s3:PutBucketOwnershipControls",
      "s3:PutBucketPolicy",
      "s3:PutBucketPublicAccessBlock",
      "s3:PutBucketVersioning",
      "s3:PutEncryptionConfiguration",
      "s3:PutInventoryConfiguration",
      "s3:PutLifecycleConfiguration",
      "s3:PutReplicationConfiguration",
      "s3:PutBucketNotification"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-tfstate-dev-111111111111"
    ]
    sid = "DenyConfigurationChangesExceptBreakGlass"
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
data "aws_iam_policy_document" "state_deny-object-reads_64A92BB3" {
  statement {
    actions = [
      "s3:GetObject*"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-tfstate-dev-111111111111/*"
    ]
    sid = "DenyObjectReadsExceptReaders"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-deployer",
        "arn:aws:iam::111111111111:role/biometric-vault-plan",
        "arn:aws:iam::111111111111:role/biometric-vault-verification",
        "arn:aws:iam::111111111111:role/biometric-vault-key-admin",
        "arn:aws:iam::111111111111:role/biometric-vault-alert-admin",
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
data "aws_iam_policy_document" "state_deny-unencrypted-put_A1A7654E" {
  statement {
    actions = [
      "s3:PutObject"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-tfstate-dev-111111111111/*"
    ]
    sid = "DenyPutWithoutSseKms"
    condition {
      test = "StringNotEquals"
      values = [
        "aws:kms"
      ]
      variable = "s3:x-amz-server-side-encryption"
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
      "s3:PutObject"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-tfstate-dev-111111111111/*"
    ]
    sid = "DenyPutWithOtherKmsKey"
    condition {
      test = "StringNotEquals"
      values = [
        "${aws_kms_key.StateKey_key_AA598777.arn}"
      ]
      variable = "s3:x-amz-server-side-encryption-aws-kms-key-id"
    }
    principals {
      identifiers = [
        "*"
      ]
      type = "*"
    }
  }
}
data "aws_iam_policy_document" "state_policy-document_488DF7D5" {
  source_policy_documents = [
    "${data.aws_iam_policy_document.state_deny-insecure-transport_2FE096F9.json}",
    "${data.aws_iam_policy_document.state_deny-configuration-changes_95DA41C0.json}",
    "${data.aws_iam_policy_document.state_deny-object-reads_64A92BB3.json}",
    "${data.aws_iam_policy_document.state_deny-unencrypted-put_A1A7654E.json}",
    "${data.aws_iam_policy_document.state-access.json}"
  ]
}
resource "aws_s3_bucket_policy" "state_policy_DB2E7E78" {
  bucket = "${aws_s3_bucket.state_bucket_803B4E61.id}"
  policy = "${data.aws_iam_policy_document.state_policy-document_488DF7D5.json}"
  depends_on = [
    "aws_s3_bucket_public_access_block.state_public-access-block_ADE6B831",
    "aws_s3_bucket_ownership_controls.state_ownership_D3E5679B",
    "aws_s3_bucket_versioning.state_versioning_27DF9ED5",
    "aws_s3_bucket_server_side_encryption_configuration.state_encryption_3FDA0990",
    "aws_s3_bucket_lifecycle_configuration.state_lifecycle_9EBA48F5",
    "aws_s3_bucket_logging.state_access-logging_1429A7F3",
  ]
}

output "state_bucket_name" {
  value = "${aws_s3_bucket.state_bucket_803B4E61.bucket}"
}

output "state_key_arn" {
  value       = "${aws_kms_key.StateKey_key_AA598777.arn}"
  description = "Set config stateKeyArn to this value before the first S3 backend (stateBackend \"s3\")"
}