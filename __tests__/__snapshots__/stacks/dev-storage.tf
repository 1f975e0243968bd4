terraform {
  required_providers {
    aws = {
      version = "6.25.0"
      source  = "hashicorp/aws"
    }
  }
  backend "s3" {
    bucket       = "biometric-vault-tfstate-dev-111111111111"
    key          = "dev/dev-storage.tfstate"
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
      Stack              = "dev-storage"
    }
  }
}
data "aws_caller_identity" "context_caller_CB9F32B7" {
}
data "aws_partition" "context_partition_B73F2326" {
}
data "aws_region" "context_region_3F66BB3A" {
}
data "aws_iam_policy_document" "access-log-delivery" {
  statement {
    actions = [
      "s3:PutObject"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-access-logs-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/s3-access-logs/*"
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
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-vault-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-artifacts-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-trail-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
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
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-access-logs-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/*"
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
resource "aws_s3_bucket" "access-logs_bucket_7E528747" {
  bucket        = "biometric-vault-dev-access-logs-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
  force_destroy = false
  tags = {
    AccessLogging = "disabled: this is the access-log target; logging to itself would loop"
  }
  lifecycle {
    prevent_destroy = true
  }
}
resource "aws_s3_bucket_public_access_block" "access-logs_public-access-block_D609401A" {
  block_public_acls       = true
  block_public_policy     = true
  bucket                  = "${aws_s3_bucket.access-logs_bucket_7E528747.id}"
  ignore_public_acls      = true
  restrict_public_buckets = true
}
resource "aws_s3_bucket_ownership_controls" "access-logs_ownership_91D96E82" {
  bucket = "${aws_s3_bucket.access-logs_bucket_7E528747.id}"
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}
resource "aws_s3_bucket_versioning" "access-logs_versioning_750A4974" {
  bucket = "${aws_s3_bucket.access-logs_bucket_7E528747.id}"
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_s3_bucket_server_side_encryption_configuration" "access-logs_encryption_D38AB668" {
  bucket = "${aws_s3_bucket.access-logs_bucket_7E528747.id}"
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
resource "aws_s3_bucket_lifecycle_configuration" "access-logs_lifecycle_CF942975" {
  bucket = "${aws_s3_bucket.access-logs_bucket_7E528747.id}"
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
      days = 90
    }
    filter {
      prefix = "s3-access-logs/"
    }
    noncurrent_version_expiration {
      noncurrent_days = 30
    }
  }
  depends_on = [
    "aws_s3_bucket_versioning.access-logs_versioning_750A4974",
  ]
}
data "aws_iam_policy_document" "access-logs_deny-insecure-transport_2C034822" {
  statement {
    actions = [
      "s3:*"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-access-logs-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-access-logs-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/*"
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
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-access-logs-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-access-logs-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/*"
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
data "aws_iam_policy_document" "access-logs_deny-configuration-changes_9C97D2AE" {
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
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-access-logs-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
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
data "aws_iam_policy_document" "access-logs_deny-object-reads_8FEDD4F6" {
  statement {
    actions = [
      "s3:GetObject*"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-access-logs-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/*"
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
data "aws_iam_policy_document" "access-logs_policy-document_F9BB8C51" {
  source_policy_documents = [
    "${data.aws_iam_policy_document.access-logs_deny-insecure-transport_2C034822.json}",
    "${data.aws_iam_policy_document.access-logs_deny-configuration-changes_9C97D2AE.json}",
    "${data.aws_iam_policy_document.access-logs_deny-object-reads_8FEDD4F6.json}",
    "${data.aws_iam_policy_document.access-log-delivery.json}"
  ]
}
resource "aws_s3_bucket_policy" "access-logs_policy_2426E534" {
  bucket = "${aws_s3_bucket.access-logs_bucket_7E528747.id}"
  policy = "${data.aws_iam_policy_document.access-logs_policy-document_F9BB8C51.json}"
  depends_on = [
    "aws_s3_bucket_public_access_block.access-logs_public-access-block_D609401A",
    "aws_s3_bucket_ownership_controls.access-logs_ownership_91D96E82",
    "aws_s3_bucket_versioning.access-logs_versioning_750A4974",
    "aws_s3_bucket_server_side_encryption_configuration.access-logs_encryption_D38AB668",
    "aws_s3_bucket_lifecycle_configuration.access-logs_lifecycle_CF942975",
  ]
}
data "aws_iam_policy_document" "vault-guards" {
  statement {
    actions = [
      "s3:PutObject"
    ]
    effect = "Deny"
    not_resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-vault-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/uploads/*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-vault-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/references/*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-vault-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/malware-protection-resource-validation-object"
    ]
    sid = "DenyWritesOutsideVaultPrefixes"
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
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-vault-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/references/*"
    ]
    sid = "DenyReferenceWritesExceptEnrollment"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-enrollment",
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
      "s3:DeleteObjectVersion"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-vault-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/*"
    ]
    sid = "DenyVersionDeletionExceptBreakGlass"
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
      "s3:PutObject"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-vault-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/uploads/*"
    ]
    sid = "DenyUploadWritesExceptUploaders"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-uploader",
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
      "s3:ListBucket",
      "s3:ListBucketMultipartUploads",
      "s3:ListBucketVersions"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-vault-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
    ]
    sid = "DenyListingExceptReaders"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-dev-verifier",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-dev-malware-protection",
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
      "s3:GetObject*",
      "s3:PutObject"
    ]
    effect = "Deny"
    not_resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-vault-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/uploads/deployment-probe/*"
    ]
    sid = "DenyVerificationOutsideProbeUploads"
    condition {
      test = "ArnEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-verification"
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
resource "aws_s3_bucket" "vault_bucket_AA1E6FBE" {
  bucket        = "biometric-vault-dev-vault-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
  force_destroy = false
  lifecycle {
    prevent_destroy = true
  }
}
resource "aws_s3_bucket_public_access_block" "vault_public-access-block_D7AB4259" {
  block_public_acls       = true
  block_public_policy     = true
  bucket                  = "${aws_s3_bucket.vault_bucket_AA1E6FBE.id}"
  ignore_public_acls      = true
  restrict_public_buckets = true
}
resource "aws_s3_bucket_ownership_controls" "vault_ownership_BA8546D1" {
  bucket = "${aws_s3_bucket.vault_bucket_AA1E6FBE.id}"
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}
resource "aws_s3_bucket_versioning" "vault_versioning_95F9C203" {
  bucket = "${aws_s3_bucket.vault_bucket_AA1E6FBE.id}"
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_s3_bucket_server_side_encryption_configuration" "vault_encryption_3EBD1C68" {
  bucket = "${aws_s3_bucket.vault_bucket_AA1E6FBE.id}"
  rule {
    blocked_encryption_types = [
      "SSE-C"
    ]
    bucket_key_enabled = false
    apply_server_side_encryption_by_default {
      kms_master_key_id = "${data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyVaultKey_key_279D35AEarn}"
      sse_algorithm     = "aws:kms"
    }
  }
}
resource "aws_s3_bucket_logging" "vault_access-logging_CCC4750C" {
  bucket        = "${aws_s3_bucket.vault_bucket_AA1E6FBE.id}"
  target_bucket = "${aws_s3_bucket.access-logs_bucket_7E528747.bucket}"
  target_prefix = "s3-access-logs/vault/"
  target_object_key_format {
    partitioned_prefix {
      partition_date_source = "EventTime"
    }
  }
}
resource "aws_s3_bucket_lifecycle_configuration" "vault_lifecycle_277AACA0" {
  bucket = "${aws_s3_bucket.vault_bucket_AA1E6FBE.id}"
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
    id     = "expire-uploaded-images"
    status = "Enabled"
    expiration {
      days = 30
    }
    filter {
      prefix = "uploads/"
    }
    noncurrent_version_expiration {
      noncurrent_days = 30
    }
  }
  rule {
    id     = "remove-expired-upload-delete-markers"
    status = "Enabled"
    expiration {
      expired_object_delete_marker = true
    }
    filter {
      prefix = "uploads/"
    }
  }
  depends_on = [
    "aws_s3_bucket_versioning.vault_versioning_95F9C203",
  ]
}
data "aws_iam_policy_document" "vault_deny-insecure-transport_B963642C" {
  statement {
    actions = [
      "s3:*"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-vault-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-vault-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/*"
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
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-vault-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-vault-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/*"
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
data "aws_iam_policy_document" "vault_deny-configuration-changes_7FCF174F" {
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
      "s3:PutReplicationConfiguration"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-vault-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
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
  statement {
    actions = [
      "s3:PutBucketNotification"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-vault-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
    ]
    sid = "DenyNotificationChangesExceptNotifiers"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass",
        "arn:aws:iam::111111111111:role/biometric-vault-deployer",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-dev-malware-protection"
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
data "aws_iam_policy_document" "vault_deny-object-reads_732B5D1B" {
  statement {
    actions = [
      "s3:GetObject*"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-vault-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/*"
    ]
    sid = "DenyObjectReadsExceptReaders"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-dev-verifier",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-dev-malware-protection",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass",
        "arn:aws:iam::111111111111:role/biometric-vault-verification"
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
data "aws_iam_policy_document" "vault_deny-unencrypted-put_261622CF" {
  statement {
    actions = [
      "s3:PutObject"
    ]
    effect = "Deny"
    not_resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-vault-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/malware-protection-resource-validation-object"
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
    not_resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-vault-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/malware-protection-resource-validation-object"
    ]
    sid = "DenyPutWithOtherKmsKey"
    condition {
      test = "StringNotEquals"
      values = [
        "${data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyVaultKey_key_279D35AEarn}"
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
  statement {
    actions = [
      "s3:PutObject"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-vault-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/malware-protection-resource-validation-object"
    ]
    sid = "DenyExemptKeyExceptItsWriter"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-dev-malware-protection"
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
data "aws_iam_policy_document" "vault_policy-document_E79D6CA2" {
  source_policy_documents = [
    "${data.aws_iam_policy_document.vault_deny-insecure-transport_B963642C.json}",
    "${data.aws_iam_policy_document.vault_deny-configuration-changes_7FCF174F.json}",
    "${data.aws_iam_policy_document.vault_deny-object-reads_732B5D1B.json}",
    "${data.aws_iam_policy_document.vault_deny-unencrypted-put_261622CF.json}",
    "${data.aws_iam_policy_document.vault-guards.json}"
  ]
}
resource "aws_s3_bucket_policy" "vault_policy_B095D638" {
  bucket = "${aws_s3_bucket.vault_bucket_AA1E6FBE.id}"
  policy = "${data.aws_iam_policy_document.vault_policy-document_E79D6CA2.json}"
  depends_on = [
    "aws_s3_bucket_public_access_block.vault_public-access-block_D7AB4259",
    "aws_s3_bucket_ownership_controls.vault_ownership_BA8546D1",
    "aws_s3_bucket_versioning.vault_versioning_95F9C203",
    "aws_s3_bucket_server_side_encryption_configuration.vault_encryption_3EBD1C68",
    "aws_s3_bucket_lifecycle_configuration.vault_lifecycle_277AACA0",
    "aws_s3_bucket_logging.vault_access-logging_CCC4750C",
  ]
}
data "aws_iam_policy_document" "artifact-guards" {
  statement {
    actions = [
      "s3:PutObject"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-artifacts-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/*"
    ]
    sid = "DenyPackageWritesExceptSigners"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-signer",
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
      "s3:DeleteObjectVersion"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-artifacts-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/*"
    ]
    sid = "DenyPackageDeletionExceptBreakGlass"
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
resource "aws_s3_bucket" "artifacts_bucket_A41425E9" {
  bucket        = "biometric-vault-dev-artifacts-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
  force_destroy = false
  lifecycle {
    prevent_destroy = true
  }
}
resource "aws_s3_bucket_public_access_block" "artifacts_public-access-block_A0DA185D" {
  block_public_acls       = true
  block_public_policy     = true
  bucket                  = "${aws_s3_bucket.artifacts_bucket_A41425E9.id}"
  ignore_public_acls      = true
  restrict_public_buckets = true
}
resource "aws_s3_bucket_ownership_controls" "artifacts_ownership_C9878968" {
  bucket = "${aws_s3_bucket.artifacts_bucket_A41425E9.id}"
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}
resource "aws_s3_bucket_versioning" "artifacts_versioning_77526F6F" {
  bucket = "${aws_s3_bucket.artifacts_bucket_A41425E9.id}"
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_s3_bucket_server_side_encryption_configuration" "artifacts_encryption_C1F4F272" {
  bucket = "${aws_s3_bucket.artifacts_bucket_A41425E9.id}"
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
resource "aws_s3_bucket_logging" "artifacts_access-logging_E674CC2D" {
  bucket        = "${aws_s3_bucket.artifacts_bucket_A41425E9.id}"
  target_bucket = "${aws_s3_bucket.access-logs_bucket_7E528747.bucket}"
  target_prefix = "s3-access-logs/artifacts/"
  target_object_key_format {
    partitioned_prefix {
      partition_date_source = "EventTime"
    }
  }
}
resource "aws_s3_bucket_lifecycle_configuration" "artifacts_lifecycle_85D31407" {
  bucket = "${aws_s3_bucket.artifacts_bucket_A41425E9.id}"
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
    id     = "expire-unsigned-packages"
    status = "Enabled"
    expiration {
      days = 30
    }
    filter {
      prefix = "verifier/unsigned/"
    }
    noncurrent_version_expiration {
      noncurrent_days = 30
    }
  }
  rule {
    id     = "expire-signed-packages"
    status = "Enabled"
    expiration {
      days = 400
    }
    filter {
      prefix = "verifier/signed/"
    }
    noncurrent_version_expiration {
      noncurrent_days = 30
    }
  }
  depends_on = [
    "aws_s3_bucket_versioning.artifacts_versioning_77526F6F",
  ]
}
data "aws_iam_policy_document" "artifacts_deny-insecure-transport_53747D8F" {
  statement {
    actions = [
      "s3:*"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-artifacts-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-artifacts-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/*"
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
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-artifacts-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-artifacts-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/*"
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
data "aws_iam_policy_document" "artifacts_deny-configuration-changes_137C369F" {
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
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-artifacts-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
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
data "aws_iam_policy_document" "artifacts_deny-object-reads_0303748C" {
  statement {
    actions = [
      "s3:GetObject*"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-artifacts-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/*"
    ]
    sid = "DenyObjectReadsExceptReaders"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-signer",
        "arn:aws:iam::111111111111:role/biometric-vault-deployer",
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
data "aws_iam_policy_document" "artifacts_policy-document_3C9E7B8B" {
  source_policy_documents = [
    "${data.aws_iam_policy_document.artifacts_deny-insecure-transport_53747D8F.json}",
    "${data.aws_iam_policy_document.artifacts_deny-configuration-changes_137C369F.json}",
    "${data.aws_iam_policy_document.artifacts_deny-object-reads_0303748C.json}",
    "${data.aws_iam_policy_document.artifact-guards.json}"
  ]
}
resource "aws_s3_bucket_policy" "artifacts_policy_007ABD72" {
  bucket = "${aws_s3_bucket.artifacts_bucket_A41425E9.id}"
  policy = "${data.aws_iam_policy_document.artifacts_policy-document_3C9E7B8B.json}"
  depends_on = [
    "aws_s3_bucket_public_access_block.artifacts_public-access-block_A0DA185D",
    "aws_s3_bucket_ownership_controls.artifacts_ownership_C9878968",
    "aws_s3_bucket_versioning.artifacts_versioning_77526F6F",
    "aws_s3_bucket_server_side_encryption_configuration.artifacts_encryption_C1F4F272",
    "aws_s3_bucket_lifecycle_configuration.artifacts_lifecycle_85D31407",
    "aws_s3_bucket_logging.artifacts_access-logging_E674CC2D",
  ]
}

output "vault_bucket_name" {
  value = "${aws_s3_bucket.vault_bucket_AA1E6FBE.bucket}"
}

output "vault_bucket_arn" {
  value = "${aws_s3_bucket.vault_bucket_AA1E6FBE.arn}"
}

output "access_log_bucket_name" {
  value = "${aws_s3_bucket.access-logs_bucket_7E528747.bucket}"
}

output "artifact_bucket_name" {
  value = "${aws_s3_bucket.artifacts_bucket_A41425E9.bucket}"
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

output "cross-stack-output-aws_s3_bucketaccess-logs_bucket_7E528747bucket" {
  value     = "${aws_s3_bucket.access-logs_bucket_7E528747.bucket}"
  sensitive = true
}

output "cross-stack-output-aws_s3_bucketvault_bucket_AA1E6FBEarn" {
  value     = "${aws_s3_bucket.vault_bucket_AA1E6FBE.arn}"
  sensitive = true
}

output "cross-stack-output-aws_s3_bucketvault_bucket_AA1E6FBEbucket" {
  value     = "${aws_s3_bucket.vault_bucket_AA1E6FBE.bucket}"
  sensitive = true
}