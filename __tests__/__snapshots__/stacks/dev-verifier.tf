terraform {
  required_providers {
    aws = {
      version = "6.25.0"
      source  = "hashicorp/aws"
    }
  }
  backend "s3" {
    bucket       = "biometric-vault-tfstate-dev-111111111111"
    key          = "dev/dev-verifier.tfstate"
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
      Stack              = "dev-verifier"
    }
  }
}
data "aws_caller_identity" "context_caller_CB9F32B7" {
}
data "aws_partition" "context_partition_B73F2326" {
}
data "aws_region" "context_region_3F66BB3A" {
}
resource "aws_sqs_queue" "failure-queue_3729AB57" {
  kms_data_key_reuse_period_seconds = 300
  kms_master_key_id                 = "${data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyVaultKey_key_279D35AEarn}"
  message_retention_seconds         = 1209600
  name                              = "biometric-vault-dev-verifier-failures"
}
data "aws_iam_policy_document" "failure-queue_tls-only_6775A2FA" {
  statement {
    actions = [
      "sqs:*"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sqs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-verifier-failures"
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
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sqs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-verifier-failures"
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
resource "aws_sqs_queue_policy" "failure-queue_policy_FC8C155D" {
  policy    = "${data.aws_iam_policy_document.failure-queue_tls-only_6775A2FA.json}"
  queue_url = "${aws_sqs_queue.failure-queue_3729AB57.url}"
}
resource "aws_sqs_queue_redrive_allow_policy" "failure-queue_redrive-from-intake_D2CED8D4" {
  queue_url            = "${aws_sqs_queue.failure-queue_3729AB57.url}"
  redrive_allow_policy = "${jsonencode({ "redrivePermission" = "byQueue", "sourceQueueArns" = [aws_sqs_queue.intake-queue_48004449.arn] })}"
}
resource "aws_sqs_queue" "intake-queue_48004449" {
  kms_data_key_reuse_period_seconds = 300
  kms_master_key_id                 = "${data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyVaultKey_key_279D35AEarn}"
  message_retention_seconds         = 604800
  name                              = "biometric-vault-dev-verifier-intake"
  redrive_policy                    = "${jsonencode({ "deadLetterTargetArn" = aws_sqs_queue.failure-queue_3729AB57.arn, "maxReceiveCount" = 10 })}"
  visibility_timeout_seconds        = 360
}
data "aws_iam_policy_document" "intake-queue_tls-only_9640EF24" {
  statement {
    actions = [
      "sqs:*"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sqs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-verifier-intake"
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
      "sqs:SendMessage"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sqs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-verifier-intake"
    ]
    sid = "ServicePublisher0"
    condition {
      test = "ArnLike"
      values = [
        "${data.terraform_remote_state.cross-stack-reference-input-dev-storage.outputs.cross-stack-output-aws_s3_bucketvault_bucket_AA1E6FBEarn}"
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
        "s3.amazonaws.com"
      ]
      type = "Service"
    }
  }
  statement {
    actions = [
      "sqs:SendMessage"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sqs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-verifier-intake"
    ]
    sid = "OnlyNamedSendersSend"
    condition {
      test = "StringNotEquals"
      values = [
        "s3.amazonaws.com"
      ]
      variable = "aws:PrincipalServiceName"
    }
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
      "sqs:ChangeMessageVisibility",
      "sqs:DeleteMessage",
      "sqs:PurgeQueue",
      "sqs:ReceiveMessage"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sqs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-verifier-intake"
    ]
    sid = "OnlyNamedConsumersConsume"
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
}
resource "aws_sqs_queue_policy" "intake-queue_policy_A18B6EF3" {
  policy    = "${data.aws_iam_policy_document.intake-queue_tls-only_9640EF24.json}"
  queue_url = "${aws_sqs_queue.intake-queue_48004449.url}"
}
data "aws_iam_policy_document" "role_trust_1AF84ADF" {
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
resource "aws_iam_role" "role_3D9F059D" {
  assume_role_policy   = "${data.aws_iam_policy_document.role_trust_1AF84ADF.json}"
  description          = "Biometric vault verifier: reads uploads, calls Rekognition, appends ledger records"
  name                 = "biometric-vault-dev-verifier"
  permissions_boundary = "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:policy/biometric-vault-dev-boundary"
}
data "aws_iam_policy_document" "role_read-images_81C395A2" {
  statement {
    actions = [
      "s3:GetObject",
      "s3:GetObjectVersion"
    ]
    effect = "Allow"
    resources = [
      "${data.terraform_remote_state.cross-stack-reference-input-dev-storage.outputs.cross-stack-output-aws_s3_bucketvault_bucket_AA1E6FBEarn}/uploads/*",
      "${data.terraform_remote_state.cross-stack-reference-input-dev-storage.outputs.cross-stack-output-aws_s3_bucketvault_bucket_AA1E6FBEarn}/references/*"
    ]
    sid = "ReadUploadsAndReferences"
  }
  statement {
    actions = [
      "s3:ListBucket"
    ]
    effect = "Allow"
    resources = [
      "${data.terraform_remote_state.cross-stack-reference-input-dev-storage.outputs.cross-stack-output-aws_s3_bucketvault_bucket_AA1E6FBEarn}"
    ]
    sid = "ListReferencesOnly"
    condition {
      test = "StringLike"
      values = [
        "references/*"
      ]
      variable = "s3:prefix"
    }
  }
  statement {
    actions = [
      "s3:ListBucketVersions"
    ]
    effect = "Allow"
    resources = [
      "${data.terraform_remote_state.cross-stack-reference-input-dev-storage.outputs.cross-stack-output-aws_s3_bucketvault_bucket_AA1E6FBEarn}"
    ]
    sid = "ListUploadVersionsOnly"
    condition {
      test = "StringLike"
      values = [
        "uploads/*"
      ]
      variable = "s3:prefix"
    }
  }
}
data "aws_iam_policy_document" "role_drain-intake_44EA7FC2" {
  statement {
    actions = [
      "sqs:DeleteMessage",
      "sqs:GetQueueAttributes",
      "sqs:ReceiveMessage"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sqs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-verifier-intake"
    ]
    sid = "DrainIntakeQueue"
  }
}
data "aws_iam_policy_document" "role_analyse-faces_50641D56" {
  statement {
    actions = [
      "rekognition:CompareFaces",
      "rekognition:DetectFaces"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "DetectAndCompareFaces"
  }
}
data "aws_iam_policy_document" "role_append-ledger_9212145A" {
  statement {
    actions = [
      "dynamodb:PutItem"
    ]
    effect = "Allow"
    resources = [
      "${data.terraform_remote_state.cross-stack-reference-input-dev-ledger.outputs.cross-stack-output-aws_dynamodb_tableledger_table_BE9C0D06arn}"
    ]
    sid = "AppendLedgerRecords"
  }
}
data "aws_iam_policy_document" "role_vault-key_F8F567D8" {
  statement {
    actions = [
      "kms:Decrypt"
    ]
    effect = "Allow"
    resources = [
      "${data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyVaultKey_key_279D35AEarn}"
    ]
    sid = "DecryptViaS3AndDynamoDB"
    condition {
      test = "StringEquals"
      values = [
        "s3.${data.aws_region.context_region_3F66BB3A.region}.${data.aws_partition.context_partition_B73F2326.dns_suffix}",
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
}
data "aws_iam_policy_document" "role_failure-queue_AC2F9317" {
  statement {
    actions = [
      "sqs:SendMessage"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sqs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-verifier-failures"
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
    sid = "EncryptFailureMessagesViaSqs"
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
data "aws_iam_policy_document" "role_observe_1253FCCA" {
  statement {
    actions = [
      "logs:CreateLogStream",
      "logs:PutLogEvents"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:logs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:log-group:/aws/lambda/biometric-vault-dev-verifier:log-stream:*"
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
data "aws_iam_policy_document" "role_document_605E76B9" {
  source_policy_documents = [
    "${data.aws_iam_policy_document.role_read-images_81C395A2.json}",
    "${data.aws_iam_policy_document.role_drain-intake_44EA7FC2.json}",
    "${data.aws_iam_policy_document.role_analyse-faces_50641D56.json}",
    "${data.aws_iam_policy_document.role_append-ledger_9212145A.json}",
    "${data.aws_iam_policy_document.role_vault-key_F8F567D8.json}",
    "${data.aws_iam_policy_document.role_failure-queue_AC2F9317.json}",
    "${data.aws_iam_policy_document.role_observe_1253FCCA.json}"
  ]
}
resource "aws_iam_role_policy" "role_policy_391A1A04" {
  name   = "verifier"
  policy = "${data.aws_iam_policy_document.role_document_605E76B9.json}"
  role   = "${aws_iam_role.role_3D9F059D.id}"
}
resource "aws_cloudwatch_log_group" "function_log-group_80261432" {
  kms_key_id        = "${data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyVaultKey_key_279D35AEarn}"
  name              = "/aws/lambda/biometric-vault-dev-verifier"
  retention_in_days = 90
}
resource "aws_lambda_function" "function_679B3B5A" {
  architectures = [
    "arm64"
  ]
  code_signing_config_arn        = "${data.terraform_remote_state.cross-stack-reference-input-dev-guardrails.outputs.cross-stack-output-aws_lambda_code_signing_configverifier-code-signing_config_6261402Carn}"
  description                    = "Biometric vault verifier: Rekognition face verification with an append-only ledger record"
  filename                       = "assets/function_package_1F05042C/CD5547D81AFF6CDC11948AFB467BE25E/verifier.zip"
  function_name                  = "biometric-vault-dev-verifier"
  handler                        = "index.handler"
  kms_key_arn                    = "${data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyVaultKey_key_279D35AEarn}"
  memory_size                    = 512
  reserved_concurrent_executions = 10
  role                           = "${aws_iam_role.role_3D9F059D.arn}"
  runtime                        = "nodejs22.x"
  source_code_hash               = "ASNdWvMg0fC2SOAj6FxU2WzloCHsknTweUdEQHseyvM="
  timeout                        = 60
  environment {
    variables = {
      LEDGER_TABLE_NAME                      = "${data.terraform_remote_state.cross-stack-reference-input-dev-ledger.outputs.cross-stack-output-aws_dynamodb_tableledger_table_BE9C0D06name}"
      VAULT_KEY_ARN                          = "${data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyVaultKey_key_279D35AEarn}"
      FACE_CONFIDENCE_THRESHOLD              = "90"
      SIMILARITY_THRESHOLD                   = "95"
      ALLOW_DETECTION_ONLY_WITHOUT_REFERENCE = "true"
      REKOGNITION_TPS                        = "5"
      REKOGNITION_CONCURRENCY                = "2"
    }
  }
  tracing_config {
    mode = "Active"
  }
  depends_on = [
    "aws_cloudwatch_log_group.function_log-group_80261432",
    "aws_iam_role_policy.role_policy_391A1A04",
  ]
}
resource "aws_lambda_function_event_invoke_config" "function_async_24ED407D" {
  function_name                = "${aws_lambda_function.function_679B3B5A.function_name}"
  maximum_event_age_in_seconds = 21600
  maximum_retry_attempts       = 2
  destination_config {
    on_failure {
      destination = "${aws_sqs_queue.failure-queue_3729AB57.arn}"
    }
  }
}
resource "aws_lambda_event_source_mapping" "intake_mapping_EA0A859C" {
  batch_size       = 5
  event_source_arn = "${aws_sqs_queue.intake-queue_48004449.arn}"
  function_name    = "${aws_lambda_function.function_679B3B5A.function_name}"
  function_response_types = [
    "ReportBatchItemFailures"
  ]
  scaling_config {
    maximum_concurrency = 2
  }
}
resource "aws_s3_bucket_notification" "notification_B8C6A1B8" {
  bucket      = "${data.terraform_remote_state.cross-stack-reference-input-dev-storage.outputs.cross-stack-output-aws_s3_bucketvault_bucket_AA1E6FBEbucket}"
  eventbridge = true
  queue {
    events = [
      "s3:ObjectCreated:*"
    ]
    filter_prefix = "uploads/"
    id            = "verify-uploads"
    queue_arn     = "${aws_sqs_queue.intake-queue_48004449.arn}"
  }
  depends_on = [
    "aws_sqs_queue_policy.intake-queue_policy_A18B6EF3",
  ]
}
resource "aws_cloudwatch_metric_alarm" "alarms_errors_C2C1967B" {
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  ]
  alarm_description   = "The verifier failed an invocation (after the SDK retries); Lambda retries it, then sends it to the failure queue."
  alarm_name          = "biometric-vault-dev-verifier-errors"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  dimensions = {
    FunctionName = "${aws_lambda_function.function_679B3B5A.function_name}"
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
resource "aws_cloudwatch_metric_alarm" "alarms_throttles_3E27267A" {
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  ]
  alarm_description   = "The verifier was throttled: its reserved concurrency is below the intake queue's maximum concurrency, or direct invocations compete with it."
  alarm_name          = "biometric-vault-dev-verifier-throttles"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  dimensions = {
    FunctionName = "${aws_lambda_function.function_679B3B5A.function_name}"
  }
  evaluation_periods = 1
  metric_name        = "Throttles"
  namespace          = "AWS/Lambda"
  ok_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  ]
  period             = 300
  statistic          = "Sum"
  threshold          = 1
  treat_missing_data = "notBreaching"
}
resource "aws_cloudwatch_metric_alarm" "alarms_failure-queue_C43DDD32" {
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  ]
  alarm_description   = "An uploaded image ended on the failure queue without a ledger record: investigate and redrive."
  alarm_name          = "biometric-vault-dev-verifier-failure-queue"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  dimensions = {
    QueueName = "${aws_sqs_queue.failure-queue_3729AB57.name}"
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
resource "aws_cloudwatch_metric_alarm" "alarms_intake-age_58DF6D6F" {
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  ]
  alarm_description   = "An upload has waited more than 3600 s for verification: check that the intake queue's event source is enabled and the function succeeds, and the Rekognition quota."
  alarm_name          = "biometric-vault-dev-verifier-intake-age"
  comparison_operator = "GreaterThanThreshold"
  dimensions = {
    QueueName = "${aws_sqs_queue.intake-queue_48004449.name}"
  }
  evaluation_periods = 1
  metric_name        = "ApproximateAgeOfOldestMessage"
  namespace          = "AWS/SQS"
  ok_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  ]
  period             = 300
  statistic          = "Maximum"
  threshold          = 3600
  treat_missing_data = "notBreaching"
}
resource "aws_cloudwatch_metric_alarm" "alarms_unauthorized-rate_1F03411C" {
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  ]
  alarm_description   = "More than 50 UNAUTHORIZED decisions in 5 minutes: probing, a misconfigured threshold or a broken capture device."
  alarm_name          = "biometric-vault-dev-verifier-unauthorized-rate"
  comparison_operator = "GreaterThanThreshold"
  dimensions = {
    service = "verifier"
  }
  evaluation_periods = 1
  metric_name        = "DecisionUnauthorized"
  namespace          = "BiometricVault"
  ok_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  ]
  period             = 300
  statistic          = "Sum"
  threshold          = 50
  treat_missing_data = "notBreaching"
}
resource "aws_cloudwatch_metric_alarm" "alarms_reference-unusable_872341E4" {
  alarm_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  ]
  alarm_description   = "An upload was refused because its subject's enrolled reference has no single usable face: re-enroll the subject named in the verifier's warning."
  alarm_name          = "biometric-vault-dev-verifier-reference-unusable"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  dimensions = {
    service = "verifier"
  }
  evaluation_periods = 1
  metric_name        = "ReferenceUnusable"
  namespace          = "BiometricVault"
  ok_actions = [
    "${data.terraform_remote_state.cross-stack-reference-input-dev-alerting.outputs.cross-stack-output-aws_sns_topicalert-topic_8C7D3EFDarn}"
  ]
  period             = 300
  statistic          = "Sum"
  threshold          = 1
  treat_missing_data = "notBreaching"
}

output "verifier_function_arn" {
  value = "${aws_lambda_function.function_679B3B5A.arn}"
}

output "verifier_role_arn" {
  value = "${aws_iam_role.role_3D9F059D.arn}"
}

output "verifier_failure_queue_url" {
  value = "${aws_sqs_queue.failure-queue_3729AB57.url}"
}

output "verifier_intake_queue_url" {
  value = "${aws_sqs_queue.intake-queue_48004449.url}"
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