terraform {
  required_providers {
    aws = {
      version = "6.25.0"
      source  = "hashicorp/aws"
    }
  }
  backend "s3" {
    bucket       = "biometric-vault-tfstate-dev-111111111111"
    key          = "dev/dev-audit.tfstate"
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
      Stack              = "dev-audit"
    }
  }
}
data "aws_caller_identity" "context_caller_CB9F32B7" {
}
data "aws_partition" "context_partition_B73F2326" {
}
data "aws_region" "context_region_3F66BB3A" {
}
data "aws_iam_policy_document" "trail-bucket_cloudtrail-access_192A2816" {
  statement {
    actions = [
      "s3:GetBucketAcl"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-trail-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
    ]
    sid = "CloudTrailAclCheck"
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
        "${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
      ]
      variable = "aws:SourceAccount"
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
      "s3:PutObject"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-trail-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/cloudtrail/AWSLogs/${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/*"
    ]
    sid = "CloudTrailWriteOwnPrefix"
    condition {
      test = "StringEquals"
      values = [
        "bucket-owner-full-control"
      ]
      variable = "s3:x-amz-acl"
    }
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
        "${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
      ]
      variable = "aws:SourceAccount"
    }
    principals {
      identifiers = [
        "cloudtrail.amazonaws.com"
      ]
      type = "Service"
    }
  }
}
data "aws_iam_policy_document" "trail-bucket_isolation_86D4561C" {
  statement {
    actions = [
      "s3:PutObject"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-trail-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/*"
    ]
    sid = "DenyObjectWritesByIamPrincipals"
    condition {
      test = "BoolIfExists"
      values = [
        "false"
      ]
      variable = "aws:PrincipalIsAWSService"
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
      "s3:BypassGovernanceRetention",
      "s3:DeleteObject",
      "s3:DeleteObjectVersion"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-trail-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/*"
    ]
    sid = "DenyTamperingExceptBreakGlass"
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
data "aws_iam_policy_document" "trail-bucket_guardduty-access_19B0221E" {
  statement {
    actions = [
      "s3:GetBucketLocation"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-trail-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
    ]
    sid = "GuardDutyGetBucketLocation"
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
  statement {
    actions = [
      "s3:PutObject"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-trail-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/guardduty-findings/*"
    ]
    sid = "GuardDutyWriteFindings"
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
  statement {
    actions = [
      "s3:PutObject"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-trail-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/guardduty-findings/*"
    ]
    sid = "DenyFindingsWithoutSseKms"
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
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-trail-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/guardduty-findings/*"
    ]
    sid = "DenyFindingsWithOtherKey"
    condition {
      test = "StringNotEquals"
      values = [
        "${data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyAuditKey_key_2A3E472Carn}"
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
resource "aws_s3_bucket" "trail-bucket_387B0865" {
  bucket              = "biometric-vault-dev-trail-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
  force_destroy       = false
  object_lock_enabled = true
  lifecycle {
    prevent_destroy = true
  }
}
resource "aws_s3_bucket_public_access_block" "trail-bucket_public-access-block_6A6C91DB" {
  block_public_acls       = true
  block_public_policy     = true
  bucket                  = "${aws_s3_bucket.trail-bucket_387B0865.id}"
  ignore_public_acls      = true
  restrict_public_buckets = true
}
resource "aws_s3_bucket_ownership_controls" "trail-bucket_ownership_ECA51AB4" {
  bucket = "${aws_s3_bucket.trail-bucket_387B0865.id}"
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}
resource "aws_s3_bucket_versioning" "trail-bucket_versioning_535DADF4" {
  bucket = "${aws_s3_bucket.trail-bucket_387B0865.id}"
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_s3_bucket_server_side_encryption_configuration" "trail-bucket_encryption_4E949FF7" {
  bucket = "${aws_s3_bucket.trail-bucket_387B0865.id}"
  rule {
    blocked_encryption_types = [
      "SSE-C"
    ]
    bucket_key_enabled = false
    apply_server_side_encryption_by_default {
      kms_master_key_id = "${data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyAuditKey_key_2A3E472Carn}"
      sse_algorithm     = "aws:kms"
    }
  }
}
resource "aws_s3_bucket_object_lock_configuration" "trail-bucket_object-lock_918FFB36" {
  bucket = "${aws_s3_bucket.trail-bucket_387B0865.id}"
  rule {
    default_retention {
      days = 30
      mode = "GOVERNANCE"
    }
  }
  depends_on = [
    "aws_s3_bucket_versioning.trail-bucket_versioning_535DADF4",
  ]
}
resource "aws_s3_bucket_logging" "trail-bucket_access-logging_BB2AAADB" {
  bucket        = "${aws_s3_bucket.trail-bucket_387B0865.id}"
  target_bucket = "${data.terraform_remote_state.cross-stack-reference-input-dev-storage.outputs.cross-stack-output-aws_s3_bucketaccess-logs_bucket_7E528747bucket}"
  target_prefix = "s3-access-logs/trail/"
  target_object_key_format {
    partitioned_prefix {
      partition_date_source = "EventTime"
    }
  }
}
resource "aws_s3_bucket_lifecycle_configuration" "trail-bucket_lifecycle_0109996F" {
  bucket = "${aws_s3_bucket.trail-bucket_387B0865.id}"
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
    id     = "audit-logs-cold-then-expire"
    status = "Enabled"
    expiration {
      days = 400
    }
    filter {
      prefix = ""
    }
    noncurrent_version_expiration {
      noncurrent_days = 30
    }
    transition {
      days          = 90
      storage_class = "GLACIER_IR"
    }
  }
  rule {
    id     = "remove-expired-delete-markers"
    status = "Enabled"
    expiration {
      expired_object_delete_marker = true
    }
    filter {
      prefix = ""
    }
  }
  depends_on = [
    "aws_s3_bucket_versioning.trail-bucket_versioning_535DADF4",
  ]
}
data "aws_iam_policy_document" "trail-bucket_deny-insecure-transport_719B1BCE" {
  statement {
    actions = [
      "s3:*"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-trail-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-trail-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/*"
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
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-trail-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-trail-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/*"
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
data "aws_iam_policy_document" "trail-bucket_deny-configuration-changes_986E95CB" {
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
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-trail-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
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
data "aws_iam_policy_document" "trail-bucket_deny-object-reads_A6F1A3C1" {
  statement {
    actions = [
      "s3:GetObject*"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-trail-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/*"
    ]
    sid = "DenyObjectReadsExceptReaders"
    condition {
      test = "ArnNotEquals"
      values = [
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
data "aws_iam_policy_document" "trail-bucket_policy-document_BA1B2865" {
  source_policy_documents = [
    "${data.aws_iam_policy_document.trail-bucket_deny-insecure-transport_719B1BCE.json}",
    "${data.aws_iam_policy_document.trail-bucket_deny-configuration-changes_986E95CB.json}",
    "${data.aws_iam_policy_document.trail-bucket_deny-object-reads_A6F1A3C1.json}",
    "${data.aws_iam_policy_document.trail-bucket_cloudtrail-access_192A2816.json}",
    "${data.aws_iam_policy_document.trail-bucket_isolation_86D4561C.json}",
    "${data.aws_iam_policy_document.trail-bucket_guardduty-access_19B0221E.json}"
  ]
}
resource "aws_s3_bucket_policy" "trail-bucket_policy_318385D5" {
  bucket = "${aws_s3_bucket.trail-bucket_387B0865.id}"
  policy = "${data.aws_iam_policy_document.trail-bucket_policy-document_BA1B2865.json}"
  depends_on = [
    "aws_s3_bucket_public_access_block.trail-bucket_public-access-block_6A6C91DB",
    "aws_s3_bucket_ownership_controls.trail-bucket_ownership_ECA51AB4",
    "aws_s3_bucket_versioning.trail-bucket_versioning_535DADF4",
    "aws_s3_bucket_server_side_encryption_configuration.trail-bucket_encryption_4E949FF7",
    "aws_s3_bucket_lifecycle_configuration.trail-bucket_lifecycle_0109996F",
    "aws_s3_bucket_object_lock_configuration.trail-bucket_object-lock_918FFB36",
    "aws_s3_bucket_logging.trail-bucket_access-logging_BB2AAADB",
  ]
}
resource "aws_cloudwatch_log_group" "trail-log-delivery_log-group_F0DB76BC" {
  deletion_protection_enabled = true
  kms_key_id                  = "${data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyAuditKey_key_2A3E472Carn}"
  log_group_class             = "STANDARD"
  name                        = "/aws/cloudtrail/biometric-vault-dev"
  retention_in_days           = 90
  lifecycle {
    prevent_destroy = true
  }
}
data "aws_iam_policy_document" "trail-log-delivery_trust_8B791F9F" {
  statement {
    actions = [
      "sts:AssumeRole"
    ]
    effect = "Allow"
    sid    = "CloudTrailDeliversToLogs"
    principals {
      identifiers = [
        "cloudtrail.amazonaws.com"
      ]
      type = "Service"
    }
  }
}
resource "aws_iam_role" "trail-log-delivery_role_D06B8BBD" {
  assume_role_policy    = "${data.aws_iam_policy_document.trail-log-delivery_trust_8B791F9F.json}"
  description           = "CloudTrail biometric-vault-dev-trail delivers events to /aws/cloudtrail/biometric-vault-dev"
  force_detach_policies = false
  max_session_duration  = 3600
  name                  = "biometric-vault-dev-cloudtrail-logs"
  permissions_boundary  = "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:policy/biometric-vault-dev-boundary"
}
data "aws_iam_policy_document" "trail-log-delivery_permissions_3E0097B0" {
  statement {
    actions = [
      "logs:CreateLogStream"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:logs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:log-group:/aws/cloudtrail/biometric-vault-dev:log-stream:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}_CloudTrail_*"
    ]
    sid = "CreateCloudTrailStreams"
  }
  statement {
    actions = [
      "logs:PutLogEvents"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:logs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:log-group:/aws/cloudtrail/biometric-vault-dev:log-stream:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}_CloudTrail_*"
    ]
    sid = "PutCloudTrailEvents"
  }
}
resource "aws_iam_role_policy" "trail-log-delivery_policy_072DC876" {
  name   = "cloudtrail-log-delivery"
  policy = "${data.aws_iam_policy_document.trail-log-delivery_permissions_3E0097B0.json}"
  role   = "${aws_iam_role.trail-log-delivery_role_D06B8BBD.id}"
}
resource "aws_cloudtrail" "trail_3987B402" {
  cloud_watch_logs_group_arn    = "${aws_cloudwatch_log_group.trail-log-delivery_log-group_F0DB76BC.arn}:*"
  cloud_watch_logs_role_arn     = "${aws_iam_role.trail-log-delivery_role_D06B8BBD.arn}"
  enable_log_file_validation    = true
  enable_logging                = true
  include_global_service_events = true
  is_multi_region_trail         = true
  is_organization_trail         = false
  kms_key_id                    = "${data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyAuditKey_key_2A3E472Carn}"
  name                          = "biometric-vault-dev-trail"
  s3_bucket_name                = "${aws_s3_bucket.trail-bucket_387B0865.bucket}"
  s3_key_prefix                 = "cloudtrail"
  advanced_event_selector {
    name = "All management events"
    field_selector {
      equals = [
        "Management"
      ]
      field = "eventCategory"
    }
  }
  advanced_event_selector {
    name = "S3 object reads and writes"
    field_selector {
      equals = [
        "Data"
      ]
      field = "eventCategory"
    }
    field_selector {
      equals = [
        "AWS::S3::Object"
      ]
      field = "resources.type"
    }
    field_selector {
      field = "resources.ARN"
      starts_with = [
        "${data.terraform_remote_state.cross-stack-reference-input-dev-storage.outputs.cross-stack-output-aws_s3_bucketvault_bucket_AA1E6FBEarn}/",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-tfstate-dev-111111111111/"
      ]
    }
  }
  advanced_event_selector {
    name = "Ledger item events"
    field_selector {
      equals = [
        "Data"
      ]
      field = "eventCategory"
    }
    field_selector {
      equals = [
        "AWS::DynamoDB::Table"
      ]
      field = "resources.type"
    }
    field_selector {
      equals = [
        "${data.terraform_remote_state.cross-stack-reference-input-dev-ledger.outputs.cross-stack-output-aws_dynamodb_tableledger_table_BE9C0D06arn}"
      ]
      field = "resources.ARN"
    }
  }
  advanced_event_selector {
    name = "Verifier invocations"
    field_selector {
      equals = [
        "Data"
      ]
      field = "eventCategory"
    }
    field_selector {
      equals = [
        "AWS::Lambda::Function"
      ]
      field = "resources.type"
    }
    field_selector {
      equals = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:lambda:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:function:biometric-vault-dev-verifier"
      ]
      field = "resources.ARN"
    }
  }
  depends_on = [
    "aws_s3_bucket_policy.trail-bucket_policy_318385D5",
    "aws_iam_role_policy.trail-log-delivery_policy_072DC876",
    "aws_cloudwatch_log_group.trail-log-delivery_log-group_F0DB76BC",
  ]
}
resource "aws_sns_topic" "alert-path-watch-topic_83869B08" {
  kms_master_key_id = "${data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyAuditKey_key_2A3E472Carn}"
  name              = "biometric-vault-dev-alert-path-watch"
  signature_version = 2
}
data "aws_iam_policy_document" "alert-path-watch-topic_deny-insecure-publish_1B6857A5" {
  statement {
    actions = [
      "sns:Publish"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sns:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-alert-path-watch"
    ]
    sid = "DenyPublishWithoutTls"
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
      "sns:AddPermission",
      "sns:DeleteTopic",
      "sns:PutDataProtectionPolicy",
      "sns:RemovePermission",
      "sns:SetTopicAttributes"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sns:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-alert-path-watch"
    ]
    sid = "DenyTopicChangesExceptAdministrators"
    condition {
      test = "ArnNotEquals"
      values = [
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
data "aws_iam_policy_document" "alert-path-watch-topic_alert-sources_F9ADBB38" {
  statement {
    actions = [
      "sns:Publish"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sns:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-alert-path-watch"
    ]
    sid = "CloudWatchAlarmsOfThisEnvironment"
    condition {
      test = "ArnLike"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:cloudwatch:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:alarm:biometric-vault-dev-*"
      ]
      variable = "aws:SourceArn"
    }
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
}
data "aws_iam_policy_document" "alert-path-watch-topic_policy-document_C9340F9B" {
  source_policy_documents = [
    "${data.aws_iam_policy_document.alert-path-watch-topic_deny-insecure-publish_1B6857A5.json}",
    "${data.aws_iam_policy_document.alert-path-watch-topic_alert-sources_F9ADBB38.json}"
  ]
}
resource "aws_sns_topic_policy" "alert-path-watch-topic_policy_ABE868D8" {
  arn    = "${aws_sns_topic.alert-path-watch-topic_83869B08.arn}"
  policy = "${data.aws_iam_policy_document.alert-path-watch-topic_policy-document_C9340F9B.json}"
}
resource "aws_cloudwatch_log_metric_filter" "alarms_unauthorized-api-calls-filter_F35A79D3" {
  log_group_name = "${aws_cloudwatch_log_group.trail-log-delivery_log-group_F0DB76BC.name}"
  name           = "biometric-vault-dev-audit-unauthorized-api-calls"
  pattern        = "{ (($.errorCode = \"*UnauthorizedOperation\") || ($.errorCode = \"AccessDenied*\")) && ($.sourceIPAddress != \"delivery.logs.amazonaws.com\") && ($.eventName != \"HeadBucket\") }"
  metric_transformation {
    name      = "UnauthorizedApiCalls"
    namespace = "biometric-vault/dev/audit"
    value     = "1"
  }
}
resource "aws_cloudwatch_metric_alarm" "alarms_unauthorized-api-calls-alarm_94047371" {
  actions_enabled = true
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  ]
  alarm_description   = "API calls denied for lack of authorization (CIS AWS 3.0 4.1)"
  alarm_name          = "biometric-vault-dev-audit-unauthorized-api-calls"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  datapoints_to_alarm = 1
  evaluation_periods  = 1
  metric_name         = "UnauthorizedApiCalls"
  namespace           = "biometric-vault/dev/audit"
  period              = 300
  statistic           = "Sum"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  depends_on = [
    "aws_cloudwatch_log_metric_filter.alarms_unauthorized-api-calls-filter_F35A79D3",
  ]
}
resource "aws_cloudwatch_log_metric_filter" "alarms_root-account-usage-filter_E577171A" {
  log_group_name = "${aws_cloudwatch_log_group.trail-log-delivery_log-group_F0DB76BC.name}"
  name           = "biometric-vault-dev-audit-root-account-usage"
  pattern        = "{ ($.userIdentity.type = \"Root\") && ($.userIdentity.invokedBy NOT EXISTS) && ($.eventType != \"AwsServiceEvent\") }"
  metric_transformation {
    name      = "RootAccountUsage"
    namespace = "biometric-vault/dev/audit"
    value     = "1"
  }
}
resource "aws_cloudwatch_metric_alarm" "alarms_root-account-usage-alarm_F86CE110" {
  actions_enabled = true
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  ]
  alarm_description   = "The root user made a request (CIS AWS 3.0 4.3)"
  alarm_name          = "biometric-vault-dev-audit-root-account-usage"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  datapoints_to_alarm = 1
  evaluation_periods  = 1
  metric_name         = "RootAccountUsage"
  namespace           = "biometric-vault/dev/audit"
  period              = 300
  statistic           = "Sum"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  depends_on = [
    "aws_cloudwatch_log_metric_filter.alarms_root-account-usage-filter_E577171A",
  ]
}
resource "aws_cloudwatch_log_metric_filter" "alarms_iam-policy-changes-filter_43DF528C" {
  log_group_name = "${aws_cloudwatch_log_group.trail-log-delivery_log-group_F0DB76BC.name}"
  name           = "biometric-vault-dev-audit-iam-policy-changes"
  pattern        = "{ ($.eventSource = \"iam.amazonaws.com\") && (($.eventName = \"DeleteGroupPolicy\") || ($.eventName = \"DeleteRolePolicy\") || ($.eventName = \"DeleteUserPolicy\") || ($.eventName = \"PutGroupPolicy\") || ($.eventName = \"PutRolePolicy\") || ($.eventName = \"PutUserPolicy\") || ($.eventName = \"CreatePolicy\") || ($.eventName = \"DeletePolicy\") || ($.eventName = \"CreatePolicyVersion\") || ($.eventName = \"DeletePolicyVersion\") || ($.eventName = \"AttachRolePolicy\") || ($.eventName = \"DetachRolePolicy\") || ($.eventName = \"AttachUserPolicy\") || ($.eventName = \"DetachUserPolicy\") || ($.eventName = \"AttachGroupPolicy\") || ($.eventName = \"DetachGroupPolicy\")) }"
  metric_transformation {
    name      = "IamPolicyChanges"
    namespace = "biometric-vault/dev/audit"
    value     = "1"
  }
}
resource "aws_cloudwatch_metric_alarm" "alarms_iam-policy-changes-alarm_06F0AE26" {
  actions_enabled = true
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  ]
  alarm_description   = "An IAM policy was created, changed, attached or detached (CIS AWS 3.0 4.4)"
  alarm_name          = "biometric-vault-dev-audit-iam-policy-changes"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  datapoints_to_alarm = 1
  evaluation_periods  = 1
  metric_name         = "IamPolicyChanges"
  namespace           = "biometric-vault/dev/audit"
  period              = 300
  statistic           = "Sum"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  depends_on = [
    "aws_cloudwatch_log_metric_filter.alarms_iam-policy-changes-filter_43DF528C",
  ]
}
resource "aws_cloudwatch_log_metric_filter" "alarms_cloudtrail-changes-filter_D206A92F" {
  log_group_name = "${aws_cloudwatch_log_group.trail-log-delivery_log-group_F0DB76BC.name}"
  name           = "biometric-vault-dev-audit-cloudtrail-changes"
  pattern        = "{ ($.eventSource = \"cloudtrail.amazonaws.com\") && (($.eventName = \"CreateTrail\") || ($.eventName = \"UpdateTrail\") || ($.eventName = \"DeleteTrail\") || ($.eventName = \"StartLogging\") || ($.eventName = \"StopLogging\") || ($.eventName = \"PutEventSelectors\") || ($.eventName = \"PutInsightSelectors\")) }"
  metric_transformation {
    name      = "CloudtrailChanges"
    namespace = "biometric-vault/dev/audit"
    value     = "1"
  }
}
resource "aws_cloudwatch_metric_alarm" "alarms_cloudtrail-changes-alarm_2791B2F7" {
  actions_enabled = true
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  ]
  alarm_description   = "A trail was created, changed, stopped or deleted, or its selectors changed (CIS AWS 3.0 4.5)"
  alarm_name          = "biometric-vault-dev-audit-cloudtrail-changes"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  datapoints_to_alarm = 1
  evaluation_periods  = 1
  metric_name         = "CloudtrailChanges"
  namespace           = "biometric-vault/dev/audit"
  period              = 300
  statistic           = "Sum"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  depends_on = [
    "aws_cloudwatch_log_metric_filter.alarms_cloudtrail-changes-filter_D206A92F",
  ]
}
resource "aws_cloudwatch_log_metric_filter" "alarms_kms-key-disabled-or-deletion-scheduled-filter_50598074" {
  log_group_name = "${aws_cloudwatch_log_group.trail-log-delivery_log-group_F0DB76BC.name}"
  name           = "biometric-vault-dev-audit-kms-key-disabled-or-deletion-scheduled"
  pattern        = "{ ($.eventSource = \"kms.amazonaws.com\") && (($.eventName = \"DisableKey\") || ($.eventName = \"ScheduleKeyDeletion\")) }"
  metric_transformation {
    name      = "KmsKeyDisabledOrDeletionScheduled"
    namespace = "biometric-vault/dev/audit"
    value     = "1"
  }
}
resource "aws_cloudwatch_metric_alarm" "alarms_kms-key-disabled-or-deletion-scheduled-alarm_E81890D2" {
  actions_enabled = true
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  ]
  alarm_description   = "A customer-managed KMS key was disabled or scheduled for deletion (CIS AWS 3.0 4.7)"
  alarm_name          = "biometric-vault-dev-audit-kms-key-disabled-or-deletion-scheduled"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  datapoints_to_alarm = 1
  evaluation_periods  = 1
  metric_name         = "KmsKeyDisabledOrDeletionScheduled"
  namespace           = "biometric-vault/dev/audit"
  period              = 300
  statistic           = "Sum"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  depends_on = [
    "aws_cloudwatch_log_metric_filter.alarms_kms-key-disabled-or-deletion-scheduled-filter_50598074",
  ]
}
resource "aws_cloudwatch_log_metric_filter" "alarms_s3-bucket-policy-changes-filter_F45AA323" {
  log_group_name = "${aws_cloudwatch_log_group.trail-log-delivery_log-group_F0DB76BC.name}"
  name           = "biometric-vault-dev-audit-s3-bucket-policy-changes"
  pattern        = "{ ($.eventSource = \"s3.amazonaws.com\") && (($.eventName = \"PutBucketAcl\") || ($.eventName = \"PutBucketPolicy\") || ($.eventName = \"PutBucketCors\") || ($.eventName = \"PutBucketLifecycle\") || ($.eventName = \"PutBucketReplication\") || ($.eventName = \"DeleteBucketPolicy\") || ($.eventName = \"DeleteBucketCors\") || ($.eventName = \"DeleteBucketLifecycle\") || ($.eventName = \"DeleteBucketReplication\")) }"
  metric_transformation {
    name      = "S3BucketPolicyChanges"
    namespace = "biometric-vault/dev/audit"
    value     = "1"
  }
}
resource "aws_cloudwatch_metric_alarm" "alarms_s3-bucket-policy-changes-alarm_6096AA2A" {
  actions_enabled = true
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  ]
  alarm_description   = "An S3 bucket policy, ACL, CORS, lifecycle or replication configuration changed (CIS AWS 3.0 4.8)"
  alarm_name          = "biometric-vault-dev-audit-s3-bucket-policy-changes"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  datapoints_to_alarm = 1
  evaluation_periods  = 1
  metric_name         = "S3BucketPolicyChanges"
  namespace           = "biometric-vault/dev/audit"
  period              = 300
  statistic           = "Sum"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  depends_on = [
    "aws_cloudwatch_log_metric_filter.alarms_s3-bucket-policy-changes-filter_F45AA323",
  ]
}
resource "aws_cloudwatch_log_metric_filter" "alarms_vault-key-policy-changes-filter_C0F2475A" {
  log_group_name = "${aws_cloudwatch_log_group.trail-log-delivery_log-group_F0DB76BC.name}"
  name           = "biometric-vault-dev-audit-vault-key-policy-changes"
  pattern        = "${format("{ ($.eventSource = \"kms.amazonaws.com\") && ($.eventName = \"PutKeyPolicy\") && (($.resources[0].ARN = \"%s\") || ($.resources[0].ARN = \"%s\")) }", data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyVaultKey_key_279D35AEarn, data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyAuditKey_key_2A3E472Carn)}"
  metric_transformation {
    name      = "VaultKeyPolicyChanges"
    namespace = "biometric-vault/dev/audit"
    value     = "1"
  }
}
resource "aws_cloudwatch_metric_alarm" "alarms_vault-key-policy-changes-alarm_B44B449B" {
  actions_enabled = true
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  ]
  alarm_description   = "The key policy of the VaultKey or the audit key changed"
  alarm_name          = "biometric-vault-dev-audit-vault-key-policy-changes"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  datapoints_to_alarm = 1
  evaluation_periods  = 1
  metric_name         = "VaultKeyPolicyChanges"
  namespace           = "biometric-vault/dev/audit"
  period              = 300
  statistic           = "Sum"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  depends_on = [
    "aws_cloudwatch_log_metric_filter.alarms_vault-key-policy-changes-filter_C0F2475A",
  ]
}
resource "aws_cloudwatch_log_metric_filter" "alarms_vault-bucket-policy-changes-filter_2DED5429" {
  log_group_name = "${aws_cloudwatch_log_group.trail-log-delivery_log-group_F0DB76BC.name}"
  name           = "biometric-vault-dev-audit-vault-bucket-policy-changes"
  pattern        = "${format("{ ($.eventSource = \"s3.amazonaws.com\") && (($.eventName = \"PutBucketPolicy\") || ($.eventName = \"DeleteBucketPolicy\")) && ($.requestParameters.bucketName = \"%s\") }", data.terraform_remote_state.cross-stack-reference-input-dev-storage.outputs.cross-stack-output-aws_s3_bucketvault_bucket_AA1E6FBEbucket)}"
  metric_transformation {
    name      = "VaultBucketPolicyChanges"
    namespace = "biometric-vault/dev/audit"
    value     = "1"
  }
}
resource "aws_cloudwatch_metric_alarm" "alarms_vault-bucket-policy-changes-alarm_42E93C47" {
  actions_enabled = true
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  ]
  alarm_description   = "The vault bucket policy was changed or deleted"
  alarm_name          = "biometric-vault-dev-audit-vault-bucket-policy-changes"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  datapoints_to_alarm = 1
  evaluation_periods  = 1
  metric_name         = "VaultBucketPolicyChanges"
  namespace           = "biometric-vault/dev/audit"
  period              = 300
  statistic           = "Sum"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  depends_on = [
    "aws_cloudwatch_log_metric_filter.alarms_vault-bucket-policy-changes-filter_2DED5429",
  ]
}
resource "aws_cloudwatch_log_metric_filter" "alarms_ledger-resource-policy-changes-filter_A41A4857" {
  log_group_name = "${aws_cloudwatch_log_group.trail-log-delivery_log-group_F0DB76BC.name}"
  name           = "biometric-vault-dev-audit-ledger-resource-policy-changes"
  pattern        = "${format("{ ($.eventSource = \"dynamodb.amazonaws.com\") && (($.eventName = \"PutResourcePolicy\") || ($.eventName = \"DeleteResourcePolicy\")) && ($.requestParameters.resourceArn = \"%s\") }", data.terraform_remote_state.cross-stack-reference-input-dev-ledger.outputs.cross-stack-output-aws_dynamodb_tableledger_table_BE9C0D06arn)}"
  metric_transformation {
    name      = "LedgerResourcePolicyChanges"
    namespace = "biometric-vault/dev/audit"
    value     = "1"
  }
}
resource "aws_cloudwatch_metric_alarm" "alarms_ledger-resource-policy-changes-alarm_62BC519B" {
  actions_enabled = true
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  ]
  alarm_description   = "The ledger table's resource policy was changed or deleted"
  alarm_name          = "biometric-vault-dev-audit-ledger-resource-policy-changes"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  datapoints_to_alarm = 1
  evaluation_periods  = 1
  metric_name         = "LedgerResourcePolicyChanges"
  namespace           = "biometric-vault/dev/audit"
  period              = 300
  statistic           = "Sum"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  depends_on = [
    "aws_cloudwatch_log_metric_filter.alarms_ledger-resource-policy-changes-filter_A41A4857",
  ]
}
resource "aws_cloudwatch_log_metric_filter" "alarms_ledger-item-mutation-attempts-filter_B6702B88" {
  log_group_name = "${aws_cloudwatch_log_group.trail-log-delivery_log-group_F0DB76BC.name}"
  name           = "biometric-vault-dev-audit-ledger-item-mutation-attempts"
  pattern        = "${format("{ ($.eventSource = \"dynamodb.amazonaws.com\") && (($.eventName = \"UpdateItem\") || ($.eventName = \"DeleteItem\") || ($.eventName = \"BatchWriteItem\") || ($.eventName = \"TransactWriteItems\") || ($.eventName = \"ExecuteStatement\") || ($.eventName = \"BatchExecuteStatement\") || ($.eventName = \"ExecuteTransaction\")) && ($.resources[0].ARN = \"%s\") }", data.terraform_remote_state.cross-stack-reference-input-dev-ledger.outputs.cross-stack-output-aws_dynamodb_tableledger_table_BE9C0D06arn)}"
  metric_transformation {
    name      = "LedgerItemMutationAttempts"
    namespace = "biometric-vault/dev/audit"
    value     = "1"
  }
}
resource "aws_cloudwatch_metric_alarm" "alarms_ledger-item-mutation-attempts-alarm_9670DA03" {
  actions_enabled = true
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  ]
  alarm_description   = "An attempt (allowed or denied) to update or delete ledger records"
  alarm_name          = "biometric-vault-dev-audit-ledger-item-mutation-attempts"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  datapoints_to_alarm = 1
  evaluation_periods  = 1
  metric_name         = "LedgerItemMutationAttempts"
  namespace           = "biometric-vault/dev/audit"
  period              = 300
  statistic           = "Sum"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  depends_on = [
    "aws_cloudwatch_log_metric_filter.alarms_ledger-item-mutation-attempts-filter_B6702B88",
  ]
}
resource "aws_cloudwatch_log_metric_filter" "alarms_alert-key-tampered-filter_81EE24A1" {
  log_group_name = "${aws_cloudwatch_log_group.trail-log-delivery_log-group_F0DB76BC.name}"
  name           = "biometric-vault-dev-audit-alert-key-tampered"
  pattern        = "${format("{ ($.eventSource = \"kms.amazonaws.com\") && (($.eventName = \"DisableKey\") || ($.eventName = \"DisableKeyRotation\") || ($.eventName = \"PutKeyPolicy\") || ($.eventName = \"ScheduleKeyDeletion\")) && ($.resources[0].ARN = \"%s\") }", data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_kms_keyAlertKey_key_B9208D7Aarn)}"
  metric_transformation {
    name      = "AlertKeyTampered"
    namespace = "biometric-vault/dev/audit"
    value     = "1"
  }
}
resource "aws_cloudwatch_metric_alarm" "alarms_alert-key-tampered-alarm_83844348" {
  actions_enabled = true
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}",
    "arn:${data.aws_partition.context_partition_B73F2326.partition}:sns:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-alert-path-watch"
  ]
  alarm_description   = "The alert key was disabled, scheduled for deletion, or its policy or rotation changed"
  alarm_name          = "biometric-vault-dev-audit-alert-key-tampered"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  datapoints_to_alarm = 1
  evaluation_periods  = 1
  metric_name         = "AlertKeyTampered"
  namespace           = "biometric-vault/dev/audit"
  period              = 300
  statistic           = "Sum"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  depends_on = [
    "aws_cloudwatch_log_metric_filter.alarms_alert-key-tampered-filter_81EE24A1",
  ]
}
resource "aws_cloudwatch_log_metric_filter" "alarms_alert-topic-tampered-filter_F0A55E53" {
  log_group_name = "${aws_cloudwatch_log_group.trail-log-delivery_log-group_F0DB76BC.name}"
  name           = "biometric-vault-dev-audit-alert-topic-tampered"
  pattern        = "${format("{ ($.eventSource = \"sns.amazonaws.com\") && (($.eventName = \"AddPermission\") || ($.eventName = \"DeleteTopic\") || ($.eventName = \"RemovePermission\") || ($.eventName = \"SetSubscriptionAttributes\") || ($.eventName = \"SetTopicAttributes\") || ($.eventName = \"Unsubscribe\")) && (($.requestParameters.topicArn = \"%s\") || ($.requestParameters.subscriptionArn = \"%s:*\")) }", "arn:${data.aws_partition.context_partition_B73F2326.partition}:sns:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-alerts", "arn:${data.aws_partition.context_partition_B73F2326.partition}:sns:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-alerts")}"
  metric_transformation {
    name      = "AlertTopicTampered"
    namespace = "biometric-vault/dev/audit"
    value     = "1"
  }
}
resource "aws_cloudwatch_metric_alarm" "alarms_alert-topic-tampered-alarm_093F9AF0" {
  actions_enabled = true
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}",
    "arn:${data.aws_partition.context_partition_B73F2326.partition}:sns:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-alert-path-watch"
  ]
  alarm_description   = "The alert topic was deleted, its policy or attributes changed, or a subscriber removed or muted (reported on the watch topic as well)"
  alarm_name          = "biometric-vault-dev-audit-alert-topic-tampered"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  datapoints_to_alarm = 1
  evaluation_periods  = 1
  metric_name         = "AlertTopicTampered"
  namespace           = "biometric-vault/dev/audit"
  period              = 300
  statistic           = "Sum"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  depends_on = [
    "aws_cloudwatch_log_metric_filter.alarms_alert-topic-tampered-filter_F0A55E53",
  ]
}
resource "aws_cloudwatch_log_metric_filter" "alarms_watch-topic-tampered-filter_8587BFBA" {
  log_group_name = "${aws_cloudwatch_log_group.trail-log-delivery_log-group_F0DB76BC.name}"
  name           = "biometric-vault-dev-audit-watch-topic-tampered"
  pattern        = "${format("{ ($.eventSource = \"sns.amazonaws.com\") && (($.eventName = \"AddPermission\") || ($.eventName = \"DeleteTopic\") || ($.eventName = \"RemovePermission\") || ($.eventName = \"SetSubscriptionAttributes\") || ($.eventName = \"SetTopicAttributes\") || ($.eventName = \"Unsubscribe\")) && (($.requestParameters.topicArn = \"%s\") || ($.requestParameters.subscriptionArn = \"%s:*\")) }", "arn:${data.aws_partition.context_partition_B73F2326.partition}:sns:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-alert-path-watch", "arn:${data.aws_partition.context_partition_B73F2326.partition}:sns:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-alert-path-watch")}"
  metric_transformation {
    name      = "WatchTopicTampered"
    namespace = "biometric-vault/dev/audit"
    value     = "1"
  }
}
resource "aws_cloudwatch_metric_alarm" "alarms_watch-topic-tampered-alarm_66F39CD7" {
  actions_enabled = true
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}",
    "arn:${data.aws_partition.context_partition_B73F2326.partition}:sns:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-alert-path-watch"
  ]
  alarm_description   = "The alert-path watch topic was deleted, its policy or attributes changed, or a subscriber removed or muted (reported on the alert topic)"
  alarm_name          = "biometric-vault-dev-audit-watch-topic-tampered"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  datapoints_to_alarm = 1
  evaluation_periods  = 1
  metric_name         = "WatchTopicTampered"
  namespace           = "biometric-vault/dev/audit"
  period              = 300
  statistic           = "Sum"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  depends_on = [
    "aws_cloudwatch_log_metric_filter.alarms_watch-topic-tampered-filter_8587BFBA",
  ]
}
resource "aws_cloudwatch_log_metric_filter" "alarms_global-events-forwarder-tampered-filter_5B29842C" {
  log_group_name = "${aws_cloudwatch_log_group.trail-log-delivery_log-group_F0DB76BC.name}"
  name           = "biometric-vault-dev-audit-global-events-forwarder-tampered"
  pattern        = "{ ($.eventSource = \"events.amazonaws.com\") && ($.awsRegion = \"us-east-1\") && (($.eventName = \"DeleteRule\") || ($.eventName = \"DisableRule\") || ($.eventName = \"PutRule\") || ($.eventName = \"PutTargets\") || ($.eventName = \"RemoveTargets\")) && (($.requestParameters.name = \"biometric-vault-dev-*\") || ($.requestParameters.rule = \"biometric-vault-dev-*\")) }"
  metric_transformation {
    name      = "GlobalEventsForwarderTampered"
    namespace = "biometric-vault/dev/audit"
    value     = "1"
  }
}
resource "aws_cloudwatch_metric_alarm" "alarms_global-events-forwarder-tampered-alarm_E4D686EE" {
  actions_enabled = true
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}",
    "arn:${data.aws_partition.context_partition_B73F2326.partition}:sns:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-alert-path-watch"
  ]
  alarm_description   = "A rule of the environment in us-east-1 (the forwarder of IAM's tamper events) was disabled, deleted or retargeted"
  alarm_name          = "biometric-vault-dev-audit-global-events-forwarder-tampered"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  datapoints_to_alarm = 1
  evaluation_periods  = 1
  metric_name         = "GlobalEventsForwarderTampered"
  namespace           = "biometric-vault/dev/audit"
  period              = 300
  statistic           = "Sum"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  depends_on = [
    "aws_cloudwatch_log_metric_filter.alarms_global-events-forwarder-tampered-filter_5B29842C",
  ]
}

provider "aws" {
  allowed_account_ids = [
    "111111111111"
  ]
  region = "us-east-1"
  alias  = "global_events"
  default_tags {
    tags = {
      Project            = "biometric-vault"
      Environment        = "dev"
      DataClassification = "biometric"
      ManagedBy          = "cdktf"
      Stack              = "dev-audit"
    }
  }
}
resource "aws_cloudwatch_event_rule" "tamper-alerts_kms-rule_86D76A6F" {
  description   = "Tamper alert: A project key's state, deletion or policy changed"
  event_pattern = "${jsonencode({ "source" = ["aws.kms"], "detail-type" = ["AWS API Call via CloudTrail"], "detail" = { "eventSource" = ["kms.amazonaws.com"], "eventName" = ["CancelKeyDeletion", "DisableKey", "DisableKeyRotation", "PutKeyPolicy", "ScheduleKeyDeletion"], "$or" = [{ "requestParameters" = { "keyId" = [data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyVaultKey_key_279D35AEarn, data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyAuditKey_key_2A3E472Carn, data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_kms_keyAlertKey_key_B9208D7Aarn, data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyLedgerSigningKey_key_DEA90042arn, "arn:aws:kms:eu-west-1:111111111111:key/00000000-0000-4000-8000-000000000001", data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyVaultKey_key_279D35AEkey_id, data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyAuditKey_key_2A3E472Ckey_id, data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_kms_keyAlertKey_key_B9208D7Akey_id, data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyLedgerSigningKey_key_DEA90042key_id, "00000000-0000-4000-8000-000000000001"] } }, { "resources" = { "ARN" = [data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyVaultKey_key_279D35AEarn, data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyAuditKey_key_2A3E472Carn, data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_kms_keyAlertKey_key_B9208D7Aarn, data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyLedgerSigningKey_key_DEA90042arn, "arn:aws:kms:eu-west-1:111111111111:key/00000000-0000-4000-8000-000000000001"] } }] } })}"
  name          = "biometric-vault-dev-tamper-kms"
  state         = "ENABLED"
}
resource "aws_cloudwatch_event_target" "tamper-alerts_kms-target_790C1C24" {
  arn       = "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  rule      = "${aws_cloudwatch_event_rule.tamper-alerts_kms-rule_86D76A6F.name}"
  target_id = "alert-topic"
  dead_letter_config {
    arn = "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sqs_queuealert-dead-letter-queue_15DBC6E9arn}"
  }
}
resource "aws_cloudwatch_event_rule" "tamper-alerts_cloudtrail-rule_56F410D7" {
  description   = "Tamper alert: The trail was stopped, deleted, changed, or its selectors changed"
  event_pattern = "${jsonencode({ "source" = ["aws.cloudtrail"], "detail-type" = ["AWS API Call via CloudTrail"], "detail" = { "eventSource" = ["cloudtrail.amazonaws.com"], "eventName" = ["DeleteTrail", "PutEventSelectors", "PutInsightSelectors", "StopLogging", "UpdateTrail"], "$or" = [{ "requestParameters" = { "name" = ["biometric-vault-dev-trail", "arn:${data.aws_partition.context_partition_B73F2326.partition}:cloudtrail:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:trail/biometric-vault-dev-trail"] } }, { "requestParameters" = { "trailName" = ["biometric-vault-dev-trail", "arn:${data.aws_partition.context_partition_B73F2326.partition}:cloudtrail:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:trail/biometric-vault-dev-trail"] } }] } })}"
  name          = "biometric-vault-dev-tamper-cloudtrail"
  state         = "ENABLED"
}
resource "aws_cloudwatch_event_target" "tamper-alerts_cloudtrail-target_F74415B5" {
  arn       = "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  rule      = "${aws_cloudwatch_event_rule.tamper-alerts_cloudtrail-rule_56F410D7.name}"
  target_id = "alert-topic"
  dead_letter_config {
    arn = "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sqs_queuealert-dead-letter-queue_15DBC6E9arn}"
  }
}
resource "aws_cloudwatch_event_rule" "tamper-alerts_guardduty-rule_833E5EEE" {
  description   = "Tamper alert: GuardDuty was deleted or changed, its malware protection or findings export changed, findings were suppressed or archived, IPs trusted or threat lists changed"
  event_pattern = "${jsonencode({ "source" = ["aws.guardduty"], "detail-type" = ["AWS API Call via CloudTrail"], "detail" = { "eventSource" = ["guardduty.amazonaws.com"], "eventName" = ["ArchiveFindings", "CreateFilter", "CreateIPSet", "DeleteDetector", "DeleteMalwareProtectionPlan", "DeletePublishingDestination", "DeleteThreatIntelSet", "UpdateDetector", "UpdateFilter", "UpdateIPSet", "UpdateMalwareProtectionPlan", "UpdatePublishingDestination", "UpdateThreatIntelSet"] } })}"
  name          = "biometric-vault-dev-tamper-guardduty"
  state         = "ENABLED"
}
resource "aws_cloudwatch_event_target" "tamper-alerts_guardduty-target_5A16939C" {
  arn       = "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  rule      = "${aws_cloudwatch_event_rule.tamper-alerts_guardduty-rule_833E5EEE.name}"
  target_id = "alert-topic"
  dead_letter_config {
    arn = "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sqs_queuealert-dead-letter-queue_15DBC6E9arn}"
  }
}
resource "aws_cloudwatch_event_rule" "tamper-alerts_events-rule_7BF7CCA0" {
  description   = "Tamper alert: An EventBridge rule of the environment was disabled, deleted, retargeted or rewritten"
  event_pattern = "${jsonencode({ "source" = ["aws.events"], "detail-type" = ["AWS API Call via CloudTrail"], "detail" = { "eventSource" = ["events.amazonaws.com"], "eventName" = ["DeleteRule", "DisableRule", "PutRule", "PutTargets", "RemoveTargets"], "$or" = [{ "requestParameters" = { "name" = [{ "prefix" = "biometric-vault-dev-" }, { "prefix" = "DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3" }] } }, { "requestParameters" = { "rule" = [{ "prefix" = "biometric-vault-dev-" }, { "prefix" = "DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3" }] } }] } })}"
  name          = "biometric-vault-dev-tamper-events"
  state         = "ENABLED"
}
resource "aws_cloudwatch_event_target" "tamper-alerts_events-target_DFBD5BE9" {
  arn       = "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  rule      = "${aws_cloudwatch_event_rule.tamper-alerts_events-rule_7BF7CCA0.name}"
  target_id = "alert-topic"
  dead_letter_config {
    arn = "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sqs_queuealert-dead-letter-queue_15DBC6E9arn}"
  }
}
resource "aws_cloudwatch_event_rule" "tamper-alerts_events-witness-rule_9AED701C" {
  description   = "Tamper alert: An EventBridge rule of the environment was disabled, deleted, retargeted or rewritten (second rule)"
  event_pattern = "${jsonencode({ "source" = ["aws.events"], "detail-type" = ["AWS API Call via CloudTrail"], "detail" = { "eventSource" = ["events.amazonaws.com"], "eventName" = ["DeleteRule", "DisableRule", "PutRule", "PutTargets", "RemoveTargets"], "$or" = [{ "requestParameters" = { "name" = [{ "prefix" = "biometric-vault-dev-" }, { "prefix" = "DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3" }] } }, { "requestParameters" = { "rule" = [{ "prefix" = "biometric-vault-dev-" }, { "prefix" = "DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3" }] } }] } })}"
  name          = "biometric-vault-dev-tamper-events-witness"
  state         = "ENABLED"
}
resource "aws_cloudwatch_event_target" "tamper-alerts_events-witness-target_380955A0" {
  arn       = "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  rule      = "${aws_cloudwatch_event_rule.tamper-alerts_events-witness-rule_9AED701C.name}"
  target_id = "alert-topic"
  dead_letter_config {
    arn = "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sqs_queuealert-dead-letter-queue_15DBC6E9arn}"
  }
}
resource "aws_cloudwatch_event_rule" "tamper-alerts_logs-rule_4CD08596" {
  description   = "Tamper alert: A watched log group's metric filters, retention, key, masking or existence changed, or it was exported"
  event_pattern = "${jsonencode({ "source" = ["aws.logs"], "detail-type" = ["AWS API Call via CloudTrail"], "detail" = { "eventSource" = ["logs.amazonaws.com"], "eventName" = ["AssociateKmsKey", "CreateExportTask", "DeleteLogGroup", "DeleteMetricFilter", "DisassociateKmsKey", "PutDataProtectionPolicy", "PutMetricFilter", "PutRetentionPolicy", "PutSubscriptionFilter"], "$or" = [{ "requestParameters" = { "logGroupName" = ["/aws/cloudtrail/biometric-vault-dev", "/aws/lambda/biometric-vault-dev-verifier"] } }, { "requestParameters" = { "logGroupIdentifier" = ["/aws/cloudtrail/biometric-vault-dev", "/aws/lambda/biometric-vault-dev-verifier"] } }] } })}"
  name          = "biometric-vault-dev-tamper-logs"
  state         = "ENABLED"
}
resource "aws_cloudwatch_event_target" "tamper-alerts_logs-target_7FF7AE2B" {
  arn       = "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  rule      = "${aws_cloudwatch_event_rule.tamper-alerts_logs-rule_4CD08596.name}"
  target_id = "alert-topic"
  dead_letter_config {
    arn = "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sqs_queuealert-dead-letter-queue_15DBC6E9arn}"
  }
}
resource "aws_cloudwatch_event_rule" "tamper-alerts_logs-account-rule_E2CDE7C4" {
  description   = "Tamper alert: An account-wide CloudWatch Logs policy (subscription filter, data protection) was put or deleted"
  event_pattern = "${jsonencode({ "source" = ["aws.logs"], "detail-type" = ["AWS API Call via CloudTrail"], "detail" = { "eventSource" = ["logs.amazonaws.com"], "eventName" = ["DeleteAccountPolicy", "PutAccountPolicy"] } })}"
  name          = "biometric-vault-dev-tamper-logs-account"
  state         = "ENABLED"
}
resource "aws_cloudwatch_event_target" "tamper-alerts_logs-account-target_E23F6968" {
  arn       = "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  rule      = "${aws_cloudwatch_event_rule.tamper-alerts_logs-account-rule_E2CDE7C4.name}"
  target_id = "alert-topic"
  dead_letter_config {
    arn = "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sqs_queuealert-dead-letter-queue_15DBC6E9arn}"
  }
}
resource "aws_cloudwatch_event_rule" "tamper-alerts_cloudwatch-rule_99D3DF4D" {
  description   = "Tamper alert: An alarm of the environment was deleted, silenced or rewritten"
  event_pattern = "${jsonencode({ "source" = ["aws.monitoring"], "detail-type" = ["AWS API Call via CloudTrail"], "detail" = { "eventSource" = ["monitoring.amazonaws.com"], "eventName" = ["DeleteAlarms", "DisableAlarmActions", "PutMetricAlarm"], "$or" = [{ "requestParameters" = { "alarmNames" = [{ "prefix" = "biometric-vault-dev-" }] } }, { "requestParameters" = { "alarmName" = [{ "prefix" = "biometric-vault-dev-" }] } }] } })}"
  name          = "biometric-vault-dev-tamper-cloudwatch"
  state         = "ENABLED"
}
resource "aws_cloudwatch_event_target" "tamper-alerts_cloudwatch-target_A154B2F2" {
  arn       = "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  rule      = "${aws_cloudwatch_event_rule.tamper-alerts_cloudwatch-rule_99D3DF4D.name}"
  target_id = "alert-topic"
  dead_letter_config {
    arn = "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sqs_queuealert-dead-letter-queue_15DBC6E9arn}"
  }
}
resource "aws_cloudwatch_event_rule" "tamper-alerts_sns-rule_4D1E5824" {
  description   = "Tamper alert: An alert topic, its policy or a subscription changed, or a subscription was removed"
  event_pattern = "${jsonencode({ "source" = ["aws.sns"], "detail-type" = ["AWS API Call via CloudTrail"], "detail" = { "eventSource" = ["sns.amazonaws.com"], "eventName" = ["AddPermission", "DeleteTopic", "PutDataProtectionPolicy", "RemovePermission", "SetSubscriptionAttributes", "SetTopicAttributes", "Unsubscribe"], "$or" = [{ "requestParameters" = { "topicArn" = ["arn:${data.aws_partition.context_partition_B73F2326.partition}:sns:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-alerts", "arn:${data.aws_partition.context_partition_B73F2326.partition}:sns:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-alert-path-watch"] } }, { "requestParameters" = { "resourceArn" = ["arn:${data.aws_partition.context_partition_B73F2326.partition}:sns:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-alerts", "arn:${data.aws_partition.context_partition_B73F2326.partition}:sns:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-alert-path-watch"] } }, { "requestParameters" = { "subscriptionArn" = [{ "prefix" = "arn:${data.aws_partition.context_partition_B73F2326.partition}:sns:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-alerts:" }, { "prefix" = "arn:${data.aws_partition.context_partition_B73F2326.partition}:sns:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-alert-path-watch:" }] } }] } })}"
  name          = "biometric-vault-dev-tamper-sns"
  state         = "ENABLED"
}
resource "aws_cloudwatch_event_target" "tamper-alerts_sns-target_A967F98B" {
  arn       = "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  rule      = "${aws_cloudwatch_event_rule.tamper-alerts_sns-rule_4D1E5824.name}"
  target_id = "alert-topic"
  dead_letter_config {
    arn = "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sqs_queuealert-dead-letter-queue_15DBC6E9arn}"
  }
}
resource "aws_cloudwatch_event_rule" "tamper-alerts_lambda-rule_36911EB6" {
  description   = "Tamper alert: A function's code, configuration, permissions, concurrency or code signing changed"
  event_pattern = "${jsonencode({ "source" = ["aws.lambda"], "detail-type" = ["AWS API Call via CloudTrail"], "detail" = { "eventSource" = ["lambda.amazonaws.com"], "eventName" = [{ "prefix" = "AddPermission" }, { "prefix" = "CreateAlias" }, { "prefix" = "DeleteFunction" }, { "prefix" = "PublishVersion" }, { "prefix" = "PutFunctionCodeSigningConfig" }, { "prefix" = "PutFunctionConcurrency" }, { "prefix" = "PutFunctionEventInvokeConfig" }, { "prefix" = "RemovePermission" }, { "prefix" = "UpdateAlias" }, { "prefix" = "UpdateFunctionCode" }, { "prefix" = "UpdateFunctionConfiguration" }, { "prefix" = "UpdateFunctionEventInvokeConfig" }], "requestParameters" = { "functionName" = ["biometric-vault-dev-verifier", { "prefix" = "biometric-vault-dev-verifier:" }, { "prefix" = "arn:${data.aws_partition.context_partition_B73F2326.partition}:lambda:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:function:biometric-vault-dev-verifier" }, { "prefix" = "${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:function:biometric-vault-dev-verifier" }, "biometric-vault-dev-ledger-stream", { "prefix" = "biometric-vault-dev-ledger-stream:" }, { "prefix" = "arn:${data.aws_partition.context_partition_B73F2326.partition}:lambda:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:function:biometric-vault-dev-ledger-stream" }, { "prefix" = "${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:function:biometric-vault-dev-ledger-stream" }, "biometric-vault-dev-ledger-digest", { "prefix" = "biometric-vault-dev-ledger-digest:" }, { "prefix" = "arn:${data.aws_partition.context_partition_B73F2326.partition}:lambda:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:function:biometric-vault-dev-ledger-digest" }, { "prefix" = "${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:function:biometric-vault-dev-ledger-digest" }] } } })}"
  name          = "biometric-vault-dev-tamper-lambda"
  state         = "ENABLED"
}
resource "aws_cloudwatch_event_target" "tamper-alerts_lambda-target_64044A1F" {
  arn       = "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  rule      = "${aws_cloudwatch_event_rule.tamper-alerts_lambda-rule_36911EB6.name}"
  target_id = "alert-topic"
  dead_letter_config {
    arn = "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sqs_queuealert-dead-letter-queue_15DBC6E9arn}"
  }
}
resource "aws_cloudwatch_event_rule" "tamper-alerts_iam-rule_092AA0D5" {
  description   = "Tamper alert: A project role's trust, policies or boundary changed, or the boundary or a guardrail was rewritten"
  event_pattern = "${jsonencode({ "source" = ["aws.iam"], "detail-type" = ["AWS API Call via CloudTrail"], "detail" = { "eventSource" = ["iam.amazonaws.com"], "eventName" = ["AttachRolePolicy", "CreatePolicyVersion", "CreateRole", "DeletePolicy", "DeletePolicyVersion", "DeleteRole", "DeleteRolePermissionsBoundary", "DeleteRolePolicy", "DetachRolePolicy", "PutRolePermissionsBoundary", "PutRolePolicy", "SetDefaultPolicyVersion", "UpdateAssumeRolePolicy", "UpdateRole"], "$or" = [{ "requestParameters" = { "roleName" = [{ "prefix" = "biometric-vault-dev-" }, "biometric-vault-key-admin", "biometric-vault-alert-admin", "biometric-vault-deployer", "biometric-vault-plan", "biometric-vault-verification", "biometric-vault-signer", "biometric-vault-uploader", "biometric-vault-enrollment", "biometric-vault-auditor", "biometric-vault-break-glass"] } }, { "requestParameters" = { "policyArn" = ["arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:policy/biometric-vault-dev-boundary", "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:policy/biometric-vault-dev-guardrail", "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:policy/biometric-vault-dev-detection-guardrail"] } }] } })}"
  name          = "biometric-vault-dev-tamper-iam"
  state         = "ENABLED"
}
resource "aws_cloudwatch_event_target" "tamper-alerts_iam-target_A4AB1204" {
  arn       = "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  rule      = "${aws_cloudwatch_event_rule.tamper-alerts_iam-rule_092AA0D5.name}"
  target_id = "alert-topic"
  dead_letter_config {
    arn = "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sqs_queuealert-dead-letter-queue_15DBC6E9arn}"
  }
}
resource "aws_cloudwatch_event_rule" "tamper-alerts_dynamodb-rule_C32A97F7" {
  description   = "Tamper alert: The ledger's resource policy, point-in-time recovery, deletion protection, stream or TTL changed"
  event_pattern = "${jsonencode({ "source" = ["aws.dynamodb"], "detail-type" = ["AWS API Call via CloudTrail"], "detail" = { "eventSource" = ["dynamodb.amazonaws.com"], "eventName" = ["DeleteResourcePolicy", "DeleteTable", "PutResourcePolicy", "UpdateContinuousBackups", "UpdateTable", "UpdateTimeToLive"], "$or" = [{ "requestParameters" = { "tableName" = ["biometric-vault-dev-ledger", data.terraform_remote_state.cross-stack-reference-input-dev-ledger.outputs.cross-stack-output-aws_dynamodb_tableledger_table_BE9C0D06arn] } }, { "requestParameters" = { "resourceArn" = [data.terraform_remote_state.cross-stack-reference-input-dev-ledger.outputs.cross-stack-output-aws_dynamodb_tableledger_table_BE9C0D06arn, { "prefix" = "${data.terraform_remote_state.cross-stack-reference-input-dev-ledger.outputs.cross-stack-output-aws_dynamodb_tableledger_table_BE9C0D06arn}/stream/" }] } }] } })}"
  name          = "biometric-vault-dev-tamper-dynamodb"
  state         = "ENABLED"
}
resource "aws_cloudwatch_event_target" "tamper-alerts_dynamodb-target_C5832857" {
  arn       = "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  rule      = "${aws_cloudwatch_event_rule.tamper-alerts_dynamodb-rule_C32A97F7.name}"
  target_id = "alert-topic"
  dead_letter_config {
    arn = "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sqs_queuealert-dead-letter-queue_15DBC6E9arn}"
  }
}
resource "aws_cloudwatch_event_rule" "tamper-alerts_s3-rule_ED688275" {
  description   = "Tamper alert: A project bucket's policy, lifecycle, versioning, Object Lock, logging, encryption or public access block changed"
  event_pattern = "${jsonencode({ "source" = ["aws.s3"], "detail-type" = ["AWS API Call via CloudTrail"], "detail" = { "eventSource" = ["s3.amazonaws.com"], "eventName" = ["DeleteBucket", "DeleteBucketEncryption", "DeleteBucketLifecycle", "DeleteBucketPolicy", "DeleteBucketPublicAccessBlock", "DeleteBucketReplication", "PutBucketEncryption", "PutBucketLifecycle", "PutBucketLogging", "PutBucketObjectLockConfiguration", "PutBucketOwnershipControls", "PutBucketPolicy", "PutBucketPublicAccessBlock", "PutBucketReplication", "PutBucketVersioning", "PutObjectLockConfiguration"], "requestParameters" = { "bucketName" = [{ "prefix" = "biometric-vault-dev-" }, "biometric-vault-tfstate-dev-111111111111"] } } })}"
  name          = "biometric-vault-dev-tamper-s3"
  state         = "ENABLED"
}
resource "aws_cloudwatch_event_target" "tamper-alerts_s3-target_E081202D" {
  arn       = "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  rule      = "${aws_cloudwatch_event_rule.tamper-alerts_s3-rule_ED688275.name}"
  target_id = "alert-topic"
  dead_letter_config {
    arn = "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sqs_queuealert-dead-letter-queue_15DBC6E9arn}"
  }
}
data "aws_iam_policy_document" "tamper-alerts_forwarder-trust_7D27C17A" {
  statement {
    actions = [
      "sts:AssumeRole"
    ]
    effect = "Allow"
    condition {
      test = "StringEquals"
      values = [
        "${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
      ]
      variable = "aws:SourceAccount"
    }
    condition {
      test = "ArnEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:events:us-east-1:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:rule/biometric-vault-dev-global-events-to-eu-west-1"
      ]
      variable = "aws:SourceArn"
    }
    principals {
      identifiers = [
        "events.amazonaws.com"
      ]
      type = "Service"
    }
  }
}
resource "aws_iam_role" "tamper-alerts_forwarder-role_DAA26EA4" {
  assume_role_policy   = "${data.aws_iam_policy_document.tamper-alerts_forwarder-trust_7D27C17A.json}"
  description          = "EventBridge forwards global services' tamper events from us-east-1 to eu-west-1"
  name                 = "biometric-vault-dev-global-events-forwarder"
  permissions_boundary = "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:policy/biometric-vault-dev-boundary"
}
data "aws_iam_policy_document" "tamper-alerts_forwarder-policy_87966BF4" {
  statement {
    actions = [
      "events:PutEvents"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:events:eu-west-1:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:event-bus/default"
    ]
    sid = "PutEventsOnHomeBus"
  }
}
resource "aws_iam_role_policy" "tamper-alerts_forwarder-role-policy_46D2E4C3" {
  name   = "put-events-on-home-bus"
  policy = "${data.aws_iam_policy_document.tamper-alerts_forwarder-policy_87966BF4.json}"
  role   = "${aws_iam_role.tamper-alerts_forwarder-role_DAA26EA4.name}"
}
resource "aws_sqs_queue" "tamper-alerts_forwarder-dead-letter-queue_78EFD8CB" {
  message_retention_seconds = 1209600
  name                      = "biometric-vault-dev-global-events-undelivered"
  sqs_managed_sse_enabled   = true
  provider                  = "aws.global_events"
}
data "aws_iam_policy_document" "tamper-alerts_forwarder-dead-letter-queue-policy_392F51AC" {
  statement {
    actions = [
      "sqs:SendMessage"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sqs:us-east-1:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-global-events-undelivered"
    ]
    sid = "ForwarderDeadLetters"
    condition {
      test = "ArnEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:events:us-east-1:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:rule/biometric-vault-dev-global-events-to-eu-west-1"
      ]
      variable = "aws:SourceArn"
    }
    principals {
      identifiers = [
        "events.amazonaws.com"
      ]
      type = "Service"
    }
  }
  statement {
    actions = [
      "sqs:*"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sqs:us-east-1:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-global-events-undelivered"
    ]
    sid = "DenyWithoutTls"
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
}
resource "aws_sqs_queue_policy" "tamper-alerts_forwarder-dead-letter-queue-access_41F44547" {
  policy    = "${data.aws_iam_policy_document.tamper-alerts_forwarder-dead-letter-queue-policy_392F51AC.json}"
  queue_url = "${aws_sqs_queue.tamper-alerts_forwarder-dead-letter-queue_78EFD8CB.url}"
  provider  = "aws.global_events"
}
resource "aws_cloudwatch_event_rule" "tamper-alerts_forwarder-rule_A781D535" {
  description   = "Forwards IAM tamper events to the eu-west-1 default bus, where the tamper rules alert"
  event_pattern = "${jsonencode({ "source" = ["aws.iam"], "detail-type" = ["AWS API Call via CloudTrail"], "detail" = { "eventSource" = ["iam.amazonaws.com"], "eventName" = ["AttachRolePolicy", "CreatePolicyVersion", "CreateRole", "DeletePolicy", "DeletePolicyVersion", "DeleteRole", "DeleteRolePermissionsBoundary", "DeleteRolePolicy", "DetachRolePolicy", "PutRolePermissionsBoundary", "PutRolePolicy", "SetDefaultPolicyVersion", "UpdateAssumeRolePolicy", "UpdateRole"], "$or" = [{ "requestParameters" = { "roleName" = [{ "prefix" = "biometric-vault-dev-" }, "biometric-vault-key-admin", "biometric-vault-alert-admin", "biometric-vault-deployer", "biometric-vault-plan", "biometric-vault-verification", "biometric-vault-signer", "biometric-vault-uploader", "biometric-vault-enrollment", "biometric-vault-auditor", "biometric-vault-break-glass"] } }, { "requestParameters" = { "policyArn" = ["arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:policy/biometric-vault-dev-boundary", "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:policy/biometric-vault-dev-guardrail", "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:policy/biometric-vault-dev-detection-guardrail"] } }] } })}"
  name          = "biometric-vault-dev-global-events-to-eu-west-1"
  state         = "ENABLED"
  provider      = "aws.global_events"
}
resource "aws_cloudwatch_event_target" "tamper-alerts_forwarder-target_6BF93A14" {
  arn       = "arn:${data.aws_partition.context_partition_B73F2326.partition}:events:eu-west-1:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:event-bus/default"
  role_arn  = "${aws_iam_role.tamper-alerts_forwarder-role_DAA26EA4.arn}"
  rule      = "${aws_cloudwatch_event_rule.tamper-alerts_forwarder-rule_A781D535.name}"
  target_id = "home-region-bus"
  dead_letter_config {
    arn = "${aws_sqs_queue.tamper-alerts_forwarder-dead-letter-queue_78EFD8CB.arn}"
  }
  depends_on = [
    "aws_iam_role_policy.tamper-alerts_forwarder-role-policy_46D2E4C3",
  ]
  provider = "aws.global_events"
}
resource "aws_cloudwatch_metric_alarm" "trail-log-ingestion_alarm_00DD7D6F" {
  actions_enabled = true
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}",
    "arn:${data.aws_partition.context_partition_B73F2326.partition}:sns:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-alert-path-watch"
  ]
  alarm_description   = "No event ingested by /aws/cloudtrail/biometric-vault-dev for 15 minutes: the trail, its delivery or the log group's key is broken, and its metric filters see nothing"
  alarm_name          = "biometric-vault-dev-audit-trail-log-ingestion"
  comparison_operator = "LessThanThreshold"
  datapoints_to_alarm = 3
  dimensions = {
    LogGroupName = "/aws/cloudtrail/biometric-vault-dev"
  }
  evaluation_periods = 3
  metric_name        = "IncomingLogEvents"
  namespace          = "AWS/Logs"
  period             = 300
  statistic          = "Sum"
  threshold          = 1
  treat_missing_data = "breaching"
}

output "trail_arn" {
  value = "${aws_cloudtrail.trail_3987B402.arn}"
}

output "trail_bucket_name" {
  value = "${aws_s3_bucket.trail-bucket_387B0865.bucket}"
}

output "trail_log_group_name" {
  value = "${aws_cloudwatch_log_group.trail-log-delivery_log-group_F0DB76BC.name}"
}

output "alert_path_watch_topic_arn" {
  value = "${aws_sns_topic.alert-path-watch-topic_83869B08.arn}"
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
data "terraform_remote_state" "cross-stack-reference-input-dev-storage" {
  backend   = "s3"
  workspace = "${terraform.workspace}"
  config = {
    bucket     = "biometric-vault-tfstate-dev-111111111111"
    key        = "dev/dev-storage.tfstate"
    region     = "eu-west-1"
    encrypt    = true
    kms_key_id = "arn:aws:kms:eu-west-1:111111111111:key/00000000-0000-4000-8000-000000000001"
  }
}
data "terraform_remote_state" "cross-stack-reference-input-dev-ledger" {
  backend   = "s3"
  workspace = "${terraform.workspace}"
  config = {
    bucket     = "biometric-vault-tfstate-dev-111111111111"
    key        = "dev/dev-ledger.tfstate"
    region     = "eu-west-1"
    encrypt    = true
    kms_key_id = "arn:aws:kms:eu-west-1:111111111111:key/00000000-0000-4000-8000-000000000001"
  }
}
data "terraform_remote_state" "cross-stack-reference-input-dev-alerting" {
  backend   = "s3"
  workspace = "${terraform.workspace}"
  config = {
    bucket     = "biometric-vault-tfstate-dev-111111111111"
    key        = "dev/dev-alerting.tfstate"
    region     = "eu-west-1"
    encrypt    = true
    kms_key_id = "arn:aws:kms:eu-west-1:111111111111:key/00000000-0000-4000-8000-000000000001"
  }
}

output "cross-stack-output-aws_s3_buckettrail-bucket_387B0865arn" {
  value     = "${aws_s3_bucket.trail-bucket_387B0865.arn}"
  sensitive = true
}