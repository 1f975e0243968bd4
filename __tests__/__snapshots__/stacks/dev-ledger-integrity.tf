terraform {
  required_providers {
    aws = {
      version = "6.25.0"
      source  = "hashicorp/aws"
    }
  }
  backend "s3" {
    bucket       = "biometric-vault-tfstate-dev-111111111111"
    key          = "dev/dev-ledger-integrity.tfstate"
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
      Stack              = "dev-ledger-integrity"
    }
  }
}
data "aws_caller_identity" "context_caller_CB9F32B7" {
}
data "aws_partition" "context_partition_B73F2326" {
}
data "aws_region" "context_region_3F66BB3A" {
}
resource "aws_sqs_queue" "stream-failure-queue_381A2CB3" {
  kms_data_key_reuse_period_seconds = 300
  kms_master_key_id                 = "${data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyVaultKey_key_279D35AEarn}"
  message_retention_seconds         = 1209600
  name                              = "biometric-vault-dev-ledger-stream-failures"
}
data "aws_iam_policy_document" "stream-failure-queue_tls-only_A205E231" {
  statement {
    actions = [
      "sqs:*"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sqs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-ledger-stream-failures"
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
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sqs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-ledger-stream-failures"
    ]
    sid = "OnlyNamedConsumersConsume"
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
resource "aws_sqs_queue_policy" "stream-failure-queue_policy_208545F4" {
  policy    = "${data.aws_iam_policy_document.stream-failure-queue_tls-only_A205E231.json}"
  queue_url = "${aws_sqs_queue.stream-failure-queue_381A2CB3.url}"
}
resource "aws_sqs_queue" "digest-dead-letter-queue_BE03B2AF" {
  kms_data_key_reuse_period_seconds = 300
  kms_master_key_id                 = "${data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyVaultKey_key_279D35AEarn}"
  message_retention_seconds         = 1209600
  name                              = "biometric-vault-dev-ledger-digest-failures"
}
data "aws_iam_policy_document" "digest-dead-letter-queue_tls-only_DA4A1596" {
  statement {
    actions = [
      "sqs:*"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sqs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-ledger-digest-failures"
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
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sqs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-ledger-digest-failures"
    ]
    sid = "OnlyNamedConsumersConsume"
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
resource "aws_sqs_queue_policy" "digest-dead-letter-queue_policy_771650C4" {
  policy    = "${data.aws_iam_policy_document.digest-dead-letter-queue_tls-only_DA4A1596.json}"
  queue_url = "${aws_sqs_queue.digest-dead-letter-queue_BE03B2AF.url}"
}
data "aws_iam_policy_document" "stream-role_trust_A498FA57" {
  statement {
    actions = [
      "sts:AssumeRole"
    ]
    effect = "Allow"
    sid    = "LambdaAssumesRole"
    principals {
      identifiers = [
        "lambda.amazonaws.com"
      ]
      type = "Service"
    }
  }
}
resource "aws_iam_role" "stream-role_291B1636" {
  assume_role_policy   = "${data.aws_iam_policy_document.stream-role_trust_A498FA57.json}"
  description          = "Biometric vault ledger stream consumer: alerts on changed records, stages every change for the digests"
  name                 = "biometric-vault-dev-ledger-stream"
  permissions_boundary = "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:policy/biometric-vault-dev-boundary"
}
data "aws_iam_policy_document" "stream-role_document_F3CCC0E3" {
  statement {
    actions = [
      "dynamodb:ListStreams"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "ListStreams"
  }
  statement {
    actions = [
      "dynamodb:DescribeStream",
      "dynamodb:GetRecords",
      "dynamodb:GetShardIterator"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:dynamodb:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:table/biometric-vault-dev-ledger/stream/*"
    ]
    sid = "ReadLedgerStream"
  }
  statement {
    actions = [
      "kms:Decrypt"
    ]
    effect = "Allow"
    resources = [
      "${data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyVaultKey_key_279D35AEarn}"
    ]
    sid = "DecryptStreamViaDynamoDB"
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
  }
  statement {
    actions = [
      "s3:PutObject"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-ledger-digests-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/staging/*"
    ]
    sid = "StageBatches"
  }
  statement {
    actions = [
      "kms:GenerateDataKey"
    ]
    effect = "Allow"
    resources = [
      "${data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyVaultKey_key_279D35AEarn}"
    ]
    sid = "EncryptBatchesViaS3"
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
  }
  statement {
    actions = [
      "sns:Publish"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sns:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-alerts"
    ]
    sid = "PublishAlerts"
  }
  statement {
    actions = [
      "kms:Decrypt",
      "kms:GenerateDataKey"
    ]
    effect = "Allow"
    resources = [
      "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_kms_keyAlertKey_key_B9208D7Aarn}"
    ]
    sid = "EncryptAlertsViaSns"
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
  }
  statement {
    actions = [
      "sqs:SendMessage"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sqs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-ledger-stream-failures"
    ]
    sid = "SendToFailureQueue"
  }
  statement {
    actions = [
      "kms:Decrypt",
      "kms:GenerateDataKey"
    ]
    effect = "Allow"
    resources = [
      "${data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyVaultKey_key_279D35AEarn}"
    ]
    sid = "EncryptFailureQueueMessagesViaSqs"
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
  }
  statement {
    actions = [
      "logs:CreateLogStream",
      "logs:PutLogEvents"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:logs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:log-group:/aws/lambda/biometric-vault-dev-ledger-stream:log-stream:*"
    ]
    sid = "WriteOwnLogs"
  }
  statement {
    actions = [
      "xray:PutTelemetryRecords",
      "xray:PutTraceSegments"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "WriteTraces"
  }
}
resource "aws_iam_role_policy" "stream-role_policy_1692A569" {
  name   = "stream-role"
  policy = "${data.aws_iam_policy_document.stream-role_document_F3CCC0E3.json}"
  role   = "${aws_iam_role.stream-role_291B1636.id}"
}
data "aws_iam_policy_document" "digest-role_trust_7D5D8088" {
  statement {
    actions = [
      "sts:AssumeRole"
    ]
    effect = "Allow"
    sid    = "LambdaAssumesRole"
    principals {
      identifiers = [
        "lambda.amazonaws.com"
      ]
      type = "Service"
    }
  }
}
resource "aws_iam_role" "digest-role_349129AE" {
  assume_role_policy   = "${data.aws_iam_policy_document.digest-role_trust_7D5D8088.json}"
  description          = "Biometric vault ledger digest job: seals staged ledger changes into signed, chained digests"
  name                 = "biometric-vault-dev-ledger-digest"
  permissions_boundary = "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:policy/biometric-vault-dev-boundary"
}
data "aws_iam_policy_document" "digest-role_document_532A3820" {
  statement {
    actions = [
      "s3:ListBucket"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-ledger-digests-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
    ]
    sid = "ListEvidence"
    condition {
      test = "StringLike"
      values = [
        "digests/*",
        "public-keys/*",
        "staging/*"
      ]
      variable = "s3:prefix"
    }
  }
  statement {
    actions = [
      "s3:GetObject"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-ledger-digests-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/digests/*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-ledger-digests-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/public-keys/*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-ledger-digests-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/staging/*"
    ]
    sid = "ReadEvidence"
  }
  statement {
    actions = [
      "s3:PutObject"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-ledger-digests-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/digests/*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-ledger-digests-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/public-keys/*"
    ]
    sid = "WriteDigests"
  }
  statement {
    actions = [
      "kms:Decrypt",
      "kms:GenerateDataKey"
    ]
    effect = "Allow"
    resources = [
      "${data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyVaultKey_key_279D35AEarn}"
    ]
    sid = "EvidenceKeyViaS3"
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
  }
  statement {
    actions = [
      "kms:Sign"
    ]
    effect = "Allow"
    resources = [
      "${data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyLedgerSigningKey_key_DEA90042arn}"
    ]
    sid = "SignDigests"
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
  }
  statement {
    actions = [
      "kms:DescribeKey",
      "kms:GetPublicKey"
    ]
    effect = "Allow"
    resources = [
      "${data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyLedgerSigningKey_key_DEA90042arn}"
    ]
    sid = "ReadPublicKey"
  }
  statement {
    actions = [
      "sqs:SendMessage"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sqs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-ledger-digest-failures"
    ]
    sid = "SendToFailureQueue"
  }
  statement {
    actions = [
      "kms:Decrypt",
      "kms:GenerateDataKey"
    ]
    effect = "Allow"
    resources = [
      "${data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyVaultKey_key_279D35AEarn}"
    ]
    sid = "EncryptFailureQueueMessagesViaSqs"
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
  }
  statement {
    actions = [
      "logs:CreateLogStream",
      "logs:PutLogEvents"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:logs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:log-group:/aws/lambda/biometric-vault-dev-ledger-digest:log-stream:*"
    ]
    sid = "WriteOwnLogs"
  }
  statement {
    actions = [
      "xray:PutTelemetryRecords",
      "xray:PutTraceSegments"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "WriteTraces"
  }
}
resource "aws_iam_role_policy" "digest-role_policy_C3A34B9B" {
  name   = "digest-role"
  policy = "${data.aws_iam_policy_document.digest-role_document_532A3820.json}"
  role   = "${aws_iam_role.digest-role_349129AE.id}"
}
data "aws_iam_policy_document" "scheduler-role_trust_219B7336" {
  statement {
    actions = [
      "sts:AssumeRole"
    ]
    effect = "Allow"
    sid    = "SchedulerAssumesRoleForThisSchedule"
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
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:scheduler:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:schedule/default/biometric-vault-dev-ledger-digest"
      ]
      variable = "aws:SourceArn"
    }
    principals {
      identifiers = [
        "scheduler.amazonaws.com"
      ]
      type = "Service"
    }
  }
}
resource "aws_iam_role" "scheduler-role_BE64BF57" {
  assume_role_policy   = "${data.aws_iam_policy_document.scheduler-role_trust_219B7336.json}"
  description          = "Biometric vault: EventBridge Scheduler invokes the ledger digest job"
  name                 = "biometric-vault-dev-ledger-digest-scheduler"
  permissions_boundary = "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:policy/biometric-vault-dev-boundary"
}
data "aws_iam_policy_document" "scheduler-role_document_E85E4FCA" {
  statement {
    actions = [
      "lambda:InvokeFunction"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:lambda:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:function:biometric-vault-dev-ledger-digest",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:lambda:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:function:biometric-vault-dev-ledger-digest:*"
    ]
    sid = "InvokeDigestJob"
  }
  statement {
    actions = [
      "sqs:SendMessage"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sqs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-ledger-digest-failures"
    ]
    sid = "SendToDeadLetterQueue"
  }
  statement {
    actions = [
      "kms:Decrypt",
      "kms:GenerateDataKey"
    ]
    effect = "Allow"
    resources = [
      "${data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyVaultKey_key_279D35AEarn}"
    ]
    sid = "EncryptDeadLetterQueueMessagesViaSqs"
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
  }
}
resource "aws_iam_role_policy" "scheduler-role_policy_B20D71F2" {
  name   = "scheduler-role"
  policy = "${data.aws_iam_policy_document.scheduler-role_document_E85E4FCA.json}"
  role   = "${aws_iam_role.scheduler-role_BE64BF57.id}"
}
data "aws_iam_policy_document" "digest-bucket_evidence-guards_FCB2EB46" {
  statement {
    actions = [
      "s3:PutObject"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-ledger-digests-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/digests/*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-ledger-digests-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/public-keys/*"
    ]
    sid = "DenyDigestWritesExceptDigestJob"
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
      "s3:PutObject"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-ledger-digests-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/staging/*"
    ]
    sid = "DenyStagingWritesExceptStreamConsumer"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-dev-ledger-stream"
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
    not_resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-ledger-digests-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/digests/*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-ledger-digests-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/public-keys/*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-ledger-digests-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/staging/*"
    ]
    sid = "DenyWritesOutsideTheEvidencePrefixes"
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
      "s3:DeleteObjectVersion",
      "s3:PutObjectLegalHold",
      "s3:PutObjectRetention"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-ledger-digests-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/*"
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
resource "aws_s3_bucket" "digest-bucket_9E359B9E" {
  bucket              = "biometric-vault-dev-ledger-digests-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
  force_destroy       = false
  object_lock_enabled = true
  lifecycle {
    prevent_destroy = true
  }
}
resource "aws_s3_bucket_public_access_block" "digest-bucket_public-access-block_14DEC597" {
  block_public_acls       = true
  block_public_policy     = true
  bucket                  = "${aws_s3_bucket.digest-bucket_9E359B9E.id}"
  ignore_public_acls      = true
  restrict_public_buckets = true
}
resource "aws_s3_bucket_ownership_controls" "digest-bucket_ownership_447061A4" {
  bucket = "${aws_s3_bucket.digest-bucket_9E359B9E.id}"
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}
resource "aws_s3_bucket_versioning" "digest-bucket_versioning_3153D2FF" {
  bucket = "${aws_s3_bucket.digest-bucket_9E359B9E.id}"
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_s3_bucket_server_side_encryption_configuration" "digest-bucket_encryption_9918DE5E" {
  bucket = "${aws_s3_bucket.digest-bucket_9E359B9E.id}"
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
resource "aws_s3_bucket_object_lock_configuration" "digest-bucket_object-lock_98DFF00C" {
  bucket = "${aws_s3_bucket.digest-bucket_9E359B9E.id}"
  rule {
    default_retention {
      days = 30
      mode = "GOVERNANCE"
    }
  }
  depends_on = [
    "aws_s3_bucket_versioning.digest-bucket_versioning_3153D2FF",
  ]
}
resource "aws_s3_bucket_logging" "digest-bucket_access-logging_27D7C462" {
  bucket        = "${aws_s3_bucket.digest-bucket_9E359B9E.id}"
  target_bucket = "${data.terraform_remote_state.cross-stack-reference-input-dev-storage.outputs.cross-stack-output-aws_s3_bucketaccess-logs_bucket_7E528747bucket}"
  target_prefix = "s3-access-logs/ledger-digests/"
  target_object_key_format {
    partitioned_prefix {
      partition_date_source = "EventTime"
    }
  }
}
resource "aws_s3_bucket_lifecycle_configuration" "digest-bucket_lifecycle_1C0CBE84" {
  bucket = "${aws_s3_bucket.digest-bucket_9E359B9E.id}"
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
    id     = "expire-staged-batches-after-their-lock"
    status = "Enabled"
    expiration {
      days = 31
    }
    filter {
      prefix = "staging/"
    }
    noncurrent_version_expiration {
      noncurrent_days = 1
    }
  }
  depends_on = [
    "aws_s3_bucket_versioning.digest-bucket_versioning_3153D2FF",
  ]
}
data "aws_iam_policy_document" "digest-bucket_deny-insecure-transport_A2CCB84F" {
  statement {
    actions = [
      "s3:*"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-ledger-digests-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-ledger-digests-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/*"
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
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-ledger-digests-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-ledger-digests-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/*"
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
data "aws_iam_policy_document" "digest-bucket_deny-configuration-changes_C4679BF6" {
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
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-ledger-digests-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
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
data "aws_iam_policy_document" "digest-bucket_deny-object-reads_AF75BB1E" {
  statement {
    actions = [
      "s3:GetObject*"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-ledger-digests-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/*"
    ]
    sid = "DenyObjectReadsExceptReaders"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-dev-ledger-digest",
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
}
data "aws_iam_policy_document" "digest-bucket_deny-unencrypted-put_FDB0D6AF" {
  statement {
    actions = [
      "s3:PutObject"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-ledger-digests-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/*"
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
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-ledger-digests-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/*"
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
}
data "aws_iam_policy_document" "digest-bucket_policy-document_E0130CB8" {
  source_policy_documents = [
    "${data.aws_iam_policy_document.digest-bucket_deny-insecure-transport_A2CCB84F.json}",
    "${data.aws_iam_policy_document.digest-bucket_deny-configuration-changes_C4679BF6.json}",
    "${data.aws_iam_policy_document.digest-bucket_deny-object-reads_AF75BB1E.json}",
    "${data.aws_iam_policy_document.digest-bucket_deny-unencrypted-put_FDB0D6AF.json}",
    "${data.aws_iam_policy_document.digest-bucket_evidence-guards_FCB2EB46.json}"
  ]
}
resource "aws_s3_bucket_policy" "digest-bucket_policy_EFBBAEE3" {
  bucket = "${aws_s3_bucket.digest-bucket_9E359B9E.id}"
  policy = "${data.aws_iam_policy_document.digest-bucket_policy-document_E0130CB8.json}"
  depends_on = [
    "aws_s3_bucket_public_access_block.digest-bucket_public-access-block_14DEC597",
    "aws_s3_bucket_ownership_controls.digest-bucket_ownership_447061A4",
    "aws_s3_bucket_versioning.digest-bucket_versioning_3153D2FF",
    "aws_s3_bucket_server_side_encryption_configuration.digest-bucket_encryption_9918DE5E",
    "aws_s3_bucket_lifecycle_configuration.digest-bucket_lifecycle_1C0CBE84",
    "aws_s3_bucket_object_lock_configuration.digest-bucket_object-lock_98DFF00C",
    "aws_s3_bucket_logging.digest-bucket_access-logging_27D7C462",
  ]
}
resource "aws_cloudwatch_log_group" "stream-function_log-group_84249FB0" {
  kms_key_id        = "${data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyVaultKey_key_279D35AEarn}"
  name              = "/aws/lambda/biometric-vault-dev-ledger-stream"
  retention_in_days = 90
}
resource "aws_lambda_function" "stream-function_1E34A5E0" {
  architectures = [
    "arm64"
  ]
  code_signing_config_arn        = "${data.terraform_remote_state.cross-stack-reference-input-dev-guardrails.outputs.cross-stack-output-aws_lambda_code_signing_configverifier-code-signing_config_6261402Carn}"
  description                    = "Biometric vault ledger stream consumer: change alerts and staging for the signed digests"
  filename                       = "assets/stream-function_package_B54D4293/E8C3273D0E760257039794F67775BE47/ledger-integrity.zip"
  function_name                  = "biometric-vault-dev-ledger-stream"
  handler                        = "stream.handler"
  kms_key_arn                    = "${data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyVaultKey_key_279D35AEarn}"
  memory_size                    = 512
  reserved_concurrent_executions = 10
  role                           = "${aws_iam_role.stream-role_291B1636.arn}"
  runtime                        = "nodejs22.x"
  source_code_hash               = "980IENueUT2Jbz+JncppXY3rSrcQrBHFKmt+Kx0h3z0="
  timeout                        = 60
  environment {
    variables = {
      ENVIRONMENT_NAME      = "dev"
      DIGEST_BUCKET         = "biometric-vault-dev-ledger-digests-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
      DIGEST_BUCKET_KEY_ARN = "${data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyVaultKey_key_279D35AEarn}"
      ALERT_TOPIC_ARN       = "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
      LEDGER_KEY_ATTRIBUTES = "pk"
    }
  }
  tracing_config {
    mode = "Active"
  }
  depends_on = [
    "aws_cloudwatch_log_group.stream-function_log-group_84249FB0",
    "aws_iam_role_policy.stream-role_policy_1692A569",
  ]
}
resource "aws_lambda_function_event_invoke_config" "stream-function_async_1682F692" {
  function_name                = "${aws_lambda_function.stream-function_1E34A5E0.function_name}"
  maximum_event_age_in_seconds = 21600
  maximum_retry_attempts       = 0
  destination_config {
    on_failure {
      destination = "${aws_sqs_queue.stream-failure-queue_381A2CB3.arn}"
    }
  }
}
resource "aws_cloudwatch_log_group" "digest-function_log-group_F860D302" {
  kms_key_id        = "${data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyVaultKey_key_279D35AEarn}"
  name              = "/aws/lambda/biometric-vault-dev-ledger-digest"
  retention_in_days = 90
}
resource "aws_lambda_function" "digest-function_85530D32" {
  architectures = [
    "arm64"
  ]
  code_signing_config_arn        = "${data.terraform_remote_state.cross-stack-reference-input-dev-guardrails.outputs.cross-stack-output-aws_lambda_code_signing_configverifier-code-signing_config_6261402Carn}"
  description                    = "Biometric vault ledger digest job: signed, chained digests of every ledger change"
  filename                       = "assets/digest-function_package_619B7470/E8C3273D0E760257039794F67775BE47/ledger-integrity.zip"
  function_name                  = "biometric-vault-dev-ledger-digest"
  handler                        = "digest.handler"
  kms_key_arn                    = "${data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyVaultKey_key_279D35AEarn}"
  memory_size                    = 1024
  reserved_concurrent_executions = 1
  role                           = "${aws_iam_role.digest-role_349129AE.arn}"
  runtime                        = "nodejs22.x"
  source_code_hash               = "980IENueUT2Jbz+JncppXY3rSrcQrBHFKmt+Kx0h3z0="
  timeout                        = 900
  environment {
    variables = {
      ENVIRONMENT_NAME      = "dev"
      LEDGER_TABLE_NAME     = "biometric-vault-dev-ledger"
      DIGEST_BUCKET         = "biometric-vault-dev-ledger-digests-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
      DIGEST_BUCKET_KEY_ARN = "${data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyVaultKey_key_279D35AEarn}"
      SIGNING_KEY_ARN       = "${data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyLedgerSigningKey_key_DEA90042arn}"
      INTERVAL_SECONDS      = "900"
      SETTLE_SECONDS        = "180"
    }
  }
  tracing_config {
    mode = "Active"
  }
  depends_on = [
    "aws_cloudwatch_log_group.digest-function_log-group_F860D302",
    "aws_iam_role_policy.digest-role_policy_C3A34B9B",
  ]
}
resource "aws_lambda_function_event_invoke_config" "digest-function_async_3344858E" {
  function_name                = "${aws_lambda_function.digest-function_85530D32.function_name}"
  maximum_event_age_in_seconds = 21600
  maximum_retry_attempts       = 2
  destination_config {
    on_failure {
      destination = "${aws_sqs_queue.digest-dead-letter-queue_BE03B2AF.arn}"
    }
  }
}
resource "aws_lambda_event_source_mapping" "stream-source" {
  batch_size                         = 100
  bisect_batch_on_function_error     = true
  event_source_arn                   = "${data.terraform_remote_state.cross-stack-reference-input-dev-ledger.outputs.cross-stack-output-aws_dynamodb_tableledger_table_BE9C0D06stream_arn}"
  function_name                      = "${aws_lambda_function.stream-function_1E34A5E0.arn}"
  maximum_batching_window_in_seconds = 1
  maximum_record_age_in_seconds      = 21600
  maximum_retry_attempts             = 10
  parallelization_factor             = 1
  starting_position                  = "TRIM_HORIZON"
  destination_config {
    on_failure {
      destination_arn = "${aws_sqs_queue.stream-failure-queue_381A2CB3.arn}"
    }
  }
  depends_on = [
    "aws_iam_role_policy.stream-role_policy_1692A569",
  ]
}
resource "aws_scheduler_schedule" "digest-schedule" {
  description                  = "Every 15 minutes: seal the ledger changes of the last closed interval"
  kms_key_arn                  = "${data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyVaultKey_key_279D35AEarn}"
  name                         = "biometric-vault-dev-ledger-digest"
  schedule_expression          = "cron(3/15 * * * ? *)"
  schedule_expression_timezone = "UTC"
  state                        = "ENABLED"
  flexible_time_window {
    mode = "OFF"
  }
  target {
    arn      = "${aws_lambda_function.digest-function_85530D32.arn}"
    input    = "{\"scheduledTime\":\"<aws.scheduler.scheduled-time>\"}"
    role_arn = "${aws_iam_role.scheduler-role_BE64BF57.arn}"
    dead_letter_config {
      arn = "${aws_sqs_queue.digest-dead-letter-queue_BE03B2AF.arn}"
    }
    retry_policy {
      maximum_event_age_in_seconds = 3600
      maximum_retry_attempts       = 10
    }
  }
  depends_on = [
    "aws_iam_role_policy.scheduler-role_policy_B20D71F2",
  ]
}
resource "aws_cloudwatch_metric_alarm" "alarms_record-modified_8972C4FF" {
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  ]
  alarm_description   = "A ledger record was changed (MODIFY on the ledger stream): the alert message names the record and the attributes."
  alarm_name          = "biometric-vault-dev-ledger-record-modified"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  dimensions = {
    service = "ledger-stream"
  }
  evaluation_periods = 1
  metric_name        = "LedgerRecordModified"
  namespace          = "BiometricVault"
  ok_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  ]
  period             = 300
  statistic          = "Sum"
  threshold          = 1
  treat_missing_data = "notBreaching"
}
resource "aws_cloudwatch_metric_alarm" "alarms_record-removed_88CA13B7" {
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  ]
  alarm_description   = "A ledger record was deleted (REMOVE on the ledger stream): the alert message names the record."
  alarm_name          = "biometric-vault-dev-ledger-record-removed"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  dimensions = {
    service = "ledger-stream"
  }
  evaluation_periods = 1
  metric_name        = "LedgerRecordRemoved"
  namespace          = "BiometricVault"
  ok_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  ]
  period             = 300
  statistic          = "Sum"
  threshold          = 1
  treat_missing_data = "notBreaching"
}
resource "aws_cloudwatch_metric_alarm" "alarms_stream-failure-queue_F85907DE" {
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  ]
  alarm_description   = "A batch of ledger changes could not be staged or alerted and was dead-lettered: its changes reach no digest (ledger:verify reports them); the stream keeps them 24 hours."
  alarm_name          = "biometric-vault-dev-ledger-stream-failure-queue"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  dimensions = {
    QueueName = "${aws_sqs_queue.stream-failure-queue_381A2CB3.name}"
  }
  evaluation_periods = 1
  metric_name        = "ApproximateNumberOfMessagesVisible"
  namespace          = "AWS/SQS"
  ok_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  ]
  period             = 300
  statistic          = "Maximum"
  threshold          = 1
  treat_missing_data = "notBreaching"
}
resource "aws_cloudwatch_metric_alarm" "alarms_stream-errors_B81F1F2C" {
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  ]
  alarm_description   = "The ledger stream consumer failed a batch; Lambda retries it."
  alarm_name          = "biometric-vault-dev-ledger-stream-errors"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  dimensions = {
    FunctionName = "${aws_lambda_function.stream-function_1E34A5E0.function_name}"
  }
  evaluation_periods = 1
  metric_name        = "Errors"
  namespace          = "AWS/Lambda"
  ok_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  ]
  period             = 300
  statistic          = "Sum"
  threshold          = 1
  treat_missing_data = "notBreaching"
}
resource "aws_cloudwatch_metric_alarm" "alarms_stream-iterator-age_7CB736AF" {
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  ]
  alarm_description   = "The ledger stream consumer is more than 10 minutes behind: changes are alerted and staged late; past 24 hours the stream drops them."
  alarm_name          = "biometric-vault-dev-ledger-stream-iterator-age"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  dimensions = {
    FunctionName = "${aws_lambda_function.stream-function_1E34A5E0.function_name}"
  }
  evaluation_periods = 1
  metric_name        = "IteratorAge"
  namespace          = "AWS/Lambda"
  ok_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  ]
  period             = 300
  statistic          = "Maximum"
  threshold          = 600000
  treat_missing_data = "notBreaching"
}
resource "aws_cloudwatch_metric_alarm" "alarms_digest-errors_D3DC8781" {
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  ]
  alarm_description   = "The ledger digest job failed; it is retried and the next run catches up."
  alarm_name          = "biometric-vault-dev-ledger-digest-errors"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  dimensions = {
    FunctionName = "${aws_lambda_function.digest-function_85530D32.function_name}"
  }
  evaluation_periods = 1
  metric_name        = "Errors"
  namespace          = "AWS/Lambda"
  ok_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  ]
  period             = 300
  statistic          = "Sum"
  threshold          = 1
  treat_missing_data = "notBreaching"
}
resource "aws_cloudwatch_metric_alarm" "alarms_digest-dead-letters_29B4A271" {
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  ]
  alarm_description   = "An invocation of the ledger digest job was dead-lettered after its retries."
  alarm_name          = "biometric-vault-dev-ledger-digest-dead-letters"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  dimensions = {
    QueueName = "${aws_sqs_queue.digest-dead-letter-queue_BE03B2AF.name}"
  }
  evaluation_periods = 1
  metric_name        = "ApproximateNumberOfMessagesVisible"
  namespace          = "AWS/SQS"
  ok_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  ]
  period             = 300
  statistic          = "Maximum"
  threshold          = 1
  treat_missing_data = "notBreaching"
}
resource "aws_cloudwatch_metric_alarm" "alarms_digest-missing_CE67BDC7" {
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  ]
  alarm_description   = "No ledger digest was written for an hour: the digest job is not running (or cannot continue a damaged chain)."
  alarm_name          = "biometric-vault-dev-ledger-digest-missing"
  comparison_operator = "LessThanThreshold"
  dimensions = {
    service = "ledger-digest"
  }
  evaluation_periods = 1
  metric_name        = "LedgerDigestWritten"
  namespace          = "BiometricVault"
  ok_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  ]
  period             = 3600
  statistic          = "Sum"
  threshold          = 1
  treat_missing_data = "breaching"
}
resource "aws_cloudwatch_metric_alarm" "alarms_digest-behind_56F24677" {
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  ]
  alarm_description   = "The ledger digest job is two or more intervals behind."
  alarm_name          = "biometric-vault-dev-ledger-digest-behind"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  dimensions = {
    service = "ledger-digest"
  }
  evaluation_periods = 1
  metric_name        = "LedgerDigestIntervalsBehind"
  namespace          = "BiometricVault"
  ok_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  ]
  period             = 300
  statistic          = "Maximum"
  threshold          = 2
  treat_missing_data = "notBreaching"
}
resource "aws_cloudwatch_metric_alarm" "alarms_late-records_FCCAA17E" {
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  ]
  alarm_description   = "A ledger record was streamed well after its recordedAt: written late (a retry, clock skew) or backdated."
  alarm_name          = "biometric-vault-dev-ledger-late-records"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  dimensions = {
    service = "ledger-digest"
  }
  evaluation_periods = 1
  metric_name        = "LedgerLateRecords"
  namespace          = "BiometricVault"
  ok_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  ]
  period             = 300
  statistic          = "Sum"
  threshold          = 1
  treat_missing_data = "notBreaching"
}

output "ledger_digest_bucket_name" {
  value = "${aws_s3_bucket.digest-bucket_9E359B9E.bucket}"
}

output "ledger_stream_function_arn" {
  value = "${aws_lambda_function.stream-function_1E34A5E0.arn}"
}

output "ledger_digest_function_arn" {
  value = "${aws_lambda_function.digest-function_85530D32.arn}"
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
data "terraform_remote_state" "cross-stack-reference-input-dev-guardrails" {
  backend   = "s3"
  workspace = "${terraform.workspace}"
  config = {
    bucket     = "biometric-vault-tfstate-dev-111111111111"
    key        = "dev/dev-guardrails.tfstate"
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