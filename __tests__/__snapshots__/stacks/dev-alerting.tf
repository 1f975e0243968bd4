terraform {
  required_providers {
    aws = {
      version = "6.25.0"
      source  = "hashicorp/aws"
    }
  }
  backend "s3" {
    bucket       = "biometric-vault-tfstate-dev-111111111111"
    key          = "dev/dev-alerting.tfstate"
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
      Stack              = "dev-alerting"
    }
  }
}
data "aws_caller_identity" "context_caller_CB9F32B7" {
}
data "aws_partition" "context_partition_B73F2326" {
}
data "aws_region" "context_region_3F66BB3A" {
}
data "aws_iam_policy_document" "alert-key-administration_document_41B092DB" {
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
        "arn:aws:iam::111111111111:role/biometric-vault-alert-admin"
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
data "aws_iam_policy_document" "alert-key-policy_publishers_80BA73BA" {
  statement {
    actions = [
      "kms:Decrypt",
      "kms:GenerateDataKey"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "CloudWatchAlarmsPublish"
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
      "kms:Decrypt",
      "kms:GenerateDataKey"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "EventBridgePublishAndDeadLetter"
    principals {
      identifiers = [
        "events.amazonaws.com"
      ]
      type = "Service"
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
    sid = "AlertQueueReadersViaSqs"
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
      "kms:Decrypt",
      "kms:GenerateDataKey",
      "kms:DescribeKey"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "AlertPublishersViaSns"
    condition {
      test = "ArnEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-dev-ledger-stream"
      ]
      variable = "aws:PrincipalArn"
    }
    condition {
      test = "StringEquals"
      values = [
        "sns.${data.aws_region.context_region_3F66BB3A.region}.${data.aws_partition.context_partition_B73F2326.dns_suffix}"
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
data "aws_iam_policy_document" "alert-key-policy_document_DAB57C56" {
  source_policy_documents = [
    "${data.aws_iam_policy_document.alert-key-administration_document_41B092DB.json}",
    "${data.aws_iam_policy_document.alert-key-policy_publishers_80BA73BA.json}"
  ]
}
resource "aws_kms_key" "AlertKey_key_B9208D7A" {
  bypass_policy_lockout_safety_check = false
  customer_master_key_spec           = "SYMMETRIC_DEFAULT"
  deletion_window_in_days            = 30
  description                        = "Biometric identity vault (dev): alert topic and its dead-letter queue (no biometric data)"
  enable_key_rotation                = true
  is_enabled                         = true
  key_usage                          = "ENCRYPT_DECRYPT"
  multi_region                       = false
  policy                             = "${data.aws_iam_policy_document.alert-key-policy_document_DAB57C56.json}"
  rotation_period_in_days            = 365
  lifecycle {
    prevent_destroy = true
  }
}
resource "aws_kms_alias" "AlertKey_alias_B015F4CD" {
  name          = "alias/biometric-vault-alerts-dev"
  target_key_id = "${aws_kms_key.AlertKey_key_B9208D7A.key_id}"
}
resource "aws_sns_topic" "alert-topic_8C7D3EFD" {
  kms_master_key_id = "${aws_kms_key.AlertKey_key_B9208D7A.arn}"
  name              = "biometric-vault-dev-alerts"
  signature_version = 2
}
data "aws_iam_policy_document" "alert-topic_deny-insecure-publish_07864718" {
  statement {
    actions = [
      "sns:Publish"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sns:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-alerts"
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
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sns:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-alerts"
    ]
    sid = "DenyTopicChangesExceptAdministrators"
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
}
data "aws_iam_policy_document" "alert-topic_alert-sources_922597CA" {
  statement {
    actions = [
      "sns:Publish"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sns:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-alerts"
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
  statement {
    actions = [
      "sns:Publish"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sns:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-alerts"
    ]
    sid = "EventBridgeRulesOfThisEnvironment"
    condition {
      test = "ArnLike"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:events:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:rule/biometric-vault-dev-*"
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
      "sns:Publish"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sns:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-alerts"
    ]
    sid = "NamedPublishers"
    principals {
      identifiers = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-dev-ledger-stream"
      ]
      type = "AWS"
    }
  }
}
data "aws_iam_policy_document" "alert-topic_policy-document_7675081D" {
  source_policy_documents = [
    "${data.aws_iam_policy_document.alert-topic_deny-insecure-publish_07864718.json}",
    "${data.aws_iam_policy_document.alert-topic_alert-sources_922597CA.json}"
  ]
}
resource "aws_sns_topic_policy" "alert-topic_policy_0B1A9095" {
  arn    = "${aws_sns_topic.alert-topic_8C7D3EFD.arn}"
  policy = "${data.aws_iam_policy_document.alert-topic_policy-document_7675081D.json}"
}
resource "aws_sqs_queue" "alert-dead-letter-queue_15DBC6E9" {
  kms_data_key_reuse_period_seconds = 300
  kms_master_key_id                 = "${aws_kms_key.AlertKey_key_B9208D7A.arn}"
  message_retention_seconds         = 1209600
  name                              = "biometric-vault-dev-alerts-undelivered"
}
data "aws_iam_policy_document" "alert-dead-letter-queue_policy-document_F4FADDF3" {
  statement {
    actions = [
      "sqs:SendMessage"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sqs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-alerts-undelivered"
    ]
    sid = "EventRulesOfThisEnvironmentDeadLetters"
    condition {
      test = "ArnLike"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:events:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:rule/biometric-vault-dev-*"
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
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sqs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-alerts-undelivered"
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
  statement {
    actions = [
      "sqs:ChangeMessageVisibility",
      "sqs:DeleteMessage",
      "sqs:PurgeQueue",
      "sqs:ReceiveMessage"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sqs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-alerts-undelivered"
    ]
    sid = "DenyReadsExceptReaders"
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
      "sqs:AddPermission",
      "sqs:DeleteQueue",
      "sqs:RemovePermission",
      "sqs:SetQueueAttributes",
      "sqs:TagQueue",
      "sqs:UntagQueue"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sqs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-alerts-undelivered"
    ]
    sid = "DenyQueueChangesExceptAdministrators"
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
}
resource "aws_sqs_queue_policy" "alert-dead-letter-queue_policy_EC3D2576" {
  policy    = "${data.aws_iam_policy_document.alert-dead-letter-queue_policy-document_F4FADDF3.json}"
  queue_url = "${aws_sqs_queue.alert-dead-letter-queue_15DBC6E9.url}"
}
resource "aws_cloudwatch_metric_alarm" "alert-dead-letter-queue_alarm_DD71D1F7" {
  alarm_actions = [
    "${aws_sns_topic.alert-topic_8C7D3EFD.arn}",
    "arn:${data.aws_partition.context_partition_B73F2326.partition}:sns:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-alert-path-watch"
  ]
  alarm_description   = "An alert EventBridge could not deliver to the alert topic is waiting in its dead-letter queue (break-glass reads and redrives it)"
  alarm_name          = "biometric-vault-dev-alerts-undelivered"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  dimensions = {
    QueueName = "biometric-vault-dev-alerts-undelivered"
  }
  evaluation_periods = 1
  metric_name        = "ApproximateNumberOfMessagesVisible"
  namespace          = "AWS/SQS"
  period             = 300
  statistic          = "Maximum"
  threshold          = 1
  treat_missing_data = "notBreaching"
  depends_on = [
    "aws_sqs_queue.alert-dead-letter-queue_15DBC6E9",
  ]
}
resource "aws_cloudwatch_metric_alarm" "canary-alarm" {
  actions_enabled = true
  alarm_actions = [
    "${aws_sns_topic.alert-topic_8C7D3EFD.arn}"
  ]
  alarm_description   = "Test alert: verify:deployment fired it to prove the alarm path of dev (no action needed)"
  alarm_name          = "biometric-vault-dev-alert-canary"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 1
  metric_name         = "AlertCanary"
  namespace           = "biometric-vault/dev/alerting"
  period              = 300
  statistic           = "Maximum"
  threshold           = 1
  treat_missing_data  = "notBreaching"
}
resource "aws_cloudwatch_event_rule" "canary-rule" {
  description   = "Test alert: verify:deployment's canary event of dev to the alert topic"
  event_pattern = "${jsonencode({ "source" = ["biometric-vault.dev.canary"], "detail-type" = ["Alert path canary"] })}"
  name          = "biometric-vault-dev-alert-canary"
  state         = "ENABLED"
}
resource "aws_cloudwatch_event_target" "canary-target" {
  arn       = "${aws_sns_topic.alert-topic_8C7D3EFD.arn}"
  rule      = "${aws_cloudwatch_event_rule.canary-rule.name}"
  target_id = "alert-topic"
  dead_letter_config {
    arn = "${aws_sqs_queue.alert-dead-letter-queue_15DBC6E9.arn}"
  }
}

output "alert_key_arn" {
  value = "${aws_kms_key.AlertKey_key_B9208D7A.arn}"
}

output "alert_topic_arn" {
  value = "${aws_sns_topic.alert-topic_8C7D3EFD.arn}"
}

output "alert_dead_letter_queue_arn" {
  value = "${aws_sqs_queue.alert-dead-letter-queue_15DBC6E9.arn}"
}

output "cross-stack-output-aws_kms_keyAlertKey_key_B9208D7Aarn" {
  value     = "${aws_kms_key.AlertKey_key_B9208D7A.arn}"
  sensitive = true
}

output "cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn" {
  value     = "${aws_sns_topic.alert-topic_8C7D3EFD.arn}"
  sensitive = true
}

output "cross-stack-output-aws_kms_keyAlertKey_key_B9208D7Akey_id" {
  value     = "${aws_kms_key.AlertKey_key_B9208D7A.key_id}"
  sensitive = true
}

output "cross-stack-output-aws_sqs_queuealert-dead-letter-queue_15DBC6E9arn" {
  value     = "${aws_sqs_queue.alert-dead-letter-queue_15DBC6E9.arn}"
  sensitive = true
}