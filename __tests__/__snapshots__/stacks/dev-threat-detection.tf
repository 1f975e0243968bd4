terraform {
  required_providers {
    aws = {
      version = "6.25.0"
      source  = "hashicorp/aws"
    }
  }
  backend "s3" {
    bucket       = "biometric-vault-tfstate-dev-111111111111"
    key          = "dev/dev-threat-detection.tfstate"
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
      Stack              = "dev-threat-detection"
    }
  }
}
data "aws_caller_identity" "context_caller_CB9F32B7" {
}
data "aws_partition" "context_partition_B73F2326" {
}
data "aws_region" "context_region_3F66BB3A" {
}
resource "aws_guardduty_detector" "guardduty_detector_FDD96483" {
  enable                       = true
  finding_publishing_frequency = "FIFTEEN_MINUTES"
}
resource "aws_guardduty_detector_feature" "guardduty_feature-s3-data-events_5AEDADE5" {
  detector_id = "${aws_guardduty_detector.guardduty_detector_FDD96483.id}"
  name        = "S3_DATA_EVENTS"
  status      = "ENABLED"
}
resource "aws_guardduty_detector_feature" "guardduty_feature-lambda-network-logs_33C015F6" {
  detector_id = "${aws_guardduty_detector.guardduty_detector_FDD96483.id}"
  name        = "LAMBDA_NETWORK_LOGS"
  status      = "ENABLED"
}
resource "aws_guardduty_publishing_destination" "findings-export_destination_D8B5A154" {
  destination_arn  = "${data.terraform_remote_state.cross-stack-reference-input-dev-audit.outputs.cross-stack-output-aws_s3_buckettrail-bucket_387B0865arn}/guardduty-findings/"
  destination_type = "S3"
  detector_id      = "${aws_guardduty_detector.guardduty_detector_FDD96483.id}"
  kms_key_arn      = "${data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyAuditKey_key_2A3E472Carn}"
  depends_on = [
    "aws_guardduty_detector_feature.guardduty_feature-s3-data-events_5AEDADE5",
    "aws_guardduty_detector_feature.guardduty_feature-lambda-network-logs_33C015F6",
  ]
}
data "aws_iam_policy_document" "malware-protection_trust_3EF96E3D" {
  statement {
    actions = [
      "sts:AssumeRole"
    ]
    effect = "Allow"
    sid    = "GuardDutyMalwareProtectionForS3"
    condition {
      test = "StringEquals"
      values = [
        "${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
      ]
      variable = "aws:SourceAccount"
    }
    principals {
      identifiers = [
        "malware-protection-plan.guardduty.amazonaws.com"
      ]
      type = "Service"
    }
  }
}
resource "aws_iam_role" "malware-protection_role_A3AF94BF" {
  assume_role_policy    = "${data.aws_iam_policy_document.malware-protection_trust_3EF96E3D.json}"
  description           = "GuardDuty Malware Protection for S3 scans uploads/ of the vault bucket"
  force_detach_policies = false
  max_session_duration  = 3600
  name                  = "biometric-vault-dev-malware-protection"
  permissions_boundary  = "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:policy/biometric-vault-dev-boundary"
}
data "aws_iam_policy_document" "malware-protection_managed-rule_0AFA1102" {
  statement {
    actions = [
      "events:DeleteRule",
      "events:PutRule",
      "events:PutTargets",
      "events:RemoveTargets"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:events:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*"
    ]
    sid = "ManageOwnEventBridgeRule"
    condition {
      test = "StringEquals"
      values = [
        "malware-protection-plan.guardduty.amazonaws.com"
      ]
      variable = "events:ManagedBy"
    }
  }
  statement {
    actions = [
      "events:DescribeRule",
      "events:ListTargetsByRule"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:events:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*"
    ]
    sid = "MonitorOwnEventBridgeRule"
  }
}
data "aws_iam_policy_document" "malware-protection_bucket_EDCB3E58" {
  statement {
    actions = [
      "s3:GetBucketNotification",
      "s3:PutBucketNotification"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::${data.terraform_remote_state.cross-stack-reference-input-dev-storage.outputs.cross-stack-output-aws_s3_bucketvault_bucket_AA1E6FBEbucket}"
    ]
    sid = "EnableBucketEventBridgeNotifications"
  }
  statement {
    actions = [
      "s3:ListBucket"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::${data.terraform_remote_state.cross-stack-reference-input-dev-storage.outputs.cross-stack-output-aws_s3_bucketvault_bucket_AA1E6FBEbucket}"
    ]
    sid = "CheckBucketOwnership"
  }
  statement {
    actions = [
      "s3:PutObject"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::${data.terraform_remote_state.cross-stack-reference-input-dev-storage.outputs.cross-stack-output-aws_s3_bucketvault_bucket_AA1E6FBEbucket}/malware-protection-resource-validation-object"
    ]
    sid = "PutValidationObject"
  }
  statement {
    actions = [
      "s3:GetObject",
      "s3:GetObjectVersion"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::${data.terraform_remote_state.cross-stack-reference-input-dev-storage.outputs.cross-stack-output-aws_s3_bucketvault_bucket_AA1E6FBEbucket}/uploads/*"
    ]
    sid = "ReadScannedObjects"
  }
  statement {
    actions = [
      "s3:GetObjectTagging",
      "s3:GetObjectVersionTagging",
      "s3:PutObjectTagging",
      "s3:PutObjectVersionTagging"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::${data.terraform_remote_state.cross-stack-reference-input-dev-storage.outputs.cross-stack-output-aws_s3_bucketvault_bucket_AA1E6FBEbucket}/uploads/*"
    ]
    sid = "TagScanResults"
  }
}
data "aws_iam_policy_document" "malware-protection_key_F85A2638" {
  statement {
    actions = [
      "kms:Decrypt",
      "kms:GenerateDataKey"
    ]
    effect = "Allow"
    resources = [
      "${data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyVaultKey_key_279D35AEarn}"
    ]
    sid = "VaultKeyViaS3"
    condition {
      test = "StringEquals"
      values = [
        "s3.${data.aws_region.context_region_3F66BB3A.region}.${data.aws_partition.context_partition_B73F2326.dns_suffix}"
      ]
      variable = "kms:ViaService"
    }
  }
}
data "aws_iam_policy_document" "malware-protection_permissions_A370CB39" {
  source_policy_documents = [
    "${data.aws_iam_policy_document.malware-protection_managed-rule_0AFA1102.json}",
    "${data.aws_iam_policy_document.malware-protection_bucket_EDCB3E58.json}",
    "${data.aws_iam_policy_document.malware-protection_key_F85A2638.json}"
  ]
}
resource "aws_iam_role_policy" "malware-protection_policy_F49BCA85" {
  name   = "malware-protection-s3"
  policy = "${data.aws_iam_policy_document.malware-protection_permissions_A370CB39.json}"
  role   = "${aws_iam_role.malware-protection_role_A3AF94BF.id}"
}
resource "aws_guardduty_malware_protection_plan" "malware-protection_plan_E10AF83E" {
  actions {
    tagging {
      status = "ENABLED"
    }
  }
  role = "${aws_iam_role.malware-protection_role_A3AF94BF.arn}"
  protected_resource {
    s3_bucket {
      bucket_name = "${data.terraform_remote_state.cross-stack-reference-input-dev-storage.outputs.cross-stack-output-aws_s3_bucketvault_bucket_AA1E6FBEbucket}"
      object_prefixes = [
        "uploads/"
      ]
    }
  }
  depends_on = [
    "aws_iam_role_policy.malware-protection_policy_F49BCA85",
  ]
}
resource "aws_cloudwatch_event_rule" "finding-alerts_findings-rule_49C98E23" {
  description   = "GuardDuty findings with severity >= 4, and Stealth: Policy: PenTest: CredentialAccess: findings at any severity, to the alert topic"
  event_pattern = "${jsonencode({ "source" = ["aws.guardduty"], "detail-type" = ["GuardDuty Finding"], "detail" = { "$or" = [{ "severity" = [{ "numeric" = [">=", 4] }] }, { "type" = [{ "prefix" = "Stealth:" }, { "prefix" = "Policy:" }, { "prefix" = "PenTest:" }, { "prefix" = "CredentialAccess:" }] }] } })}"
  name          = "biometric-vault-dev-guardduty-findings"
  state         = "ENABLED"
}
resource "aws_cloudwatch_event_target" "finding-alerts_findings-target_249B1516" {
  arn       = "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  rule      = "${aws_cloudwatch_event_rule.finding-alerts_findings-rule_49C98E23.name}"
  target_id = "alert-topic"
  dead_letter_config {
    arn = "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sqs_queuealert-dead-letter-queue_15DBC6E9arn}"
  }
}
resource "aws_cloudwatch_event_rule" "finding-alerts_malware-rule_AC36DE4E" {
  description   = "Malware scan results (THREATS_FOUND, UNSUPPORTED, ACCESS_DENIED, FAILED) of the vault bucket to the alert topic"
  event_pattern = "${jsonencode({ "source" = ["aws.guardduty"], "detail-type" = ["GuardDuty Malware Protection Object Scan Result"], "detail" = { "s3ObjectDetails" = { "bucketName" = [data.terraform_remote_state.cross-stack-reference-input-dev-storage.outputs.cross-stack-output-aws_s3_bucketvault_bucket_AA1E6FBEbucket] }, "scanResultDetails" = { "scanResultStatus" = ["THREATS_FOUND", "UNSUPPORTED", "ACCESS_DENIED", "FAILED"] } } })}"
  name          = "biometric-vault-dev-malware-scan-alerts"
  state         = "ENABLED"
}
resource "aws_cloudwatch_event_target" "finding-alerts_malware-target_0E28E89F" {
  arn       = "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  rule      = "${aws_cloudwatch_event_rule.finding-alerts_malware-rule_AC36DE4E.name}"
  target_id = "alert-topic"
  dead_letter_config {
    arn = "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sqs_queuealert-dead-letter-queue_15DBC6E9arn}"
  }
}

output "detector_id" {
  value = "${aws_guardduty_detector.guardduty_detector_FDD96483.id}"
}

output "malware_protection_plan_arn" {
  value = "${aws_guardduty_malware_protection_plan.malware-protection_plan_E10AF83E.arn}"
}
data "terraform_remote_state" "cross-stack-reference-input-dev-audit" {
  backend   = "s3"
  workspace = "${terraform.workspace}"
  config = {
    bucket     = "biometric-vault-tfstate-dev-111111111111"
    key        = "dev/dev-audit.tfstate"
    region     = "eu-west-1"
    encrypt    = true
    kms_key_id = "arn:aws:kms:eu-west-1:111111111111:key/00000000-0000-4000-8000-000000000001"
  }
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