terraform {
  required_providers {
    aws = {
      version = "6.25.0"
      source  = "hashicorp/aws"
    }
  }
  backend "s3" {
    bucket       = "biometric-vault-tfstate-dev-111111111111"
    key          = "dev/dev-guardrails.tfstate"
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
      Stack              = "dev-guardrails"
    }
  }
}
data "aws_caller_identity" "context_caller_CB9F32B7" {
}
data "aws_partition" "context_partition_B73F2326" {
}
data "aws_region" "context_region_3F66BB3A" {
}
data "aws_iam_policy_document" "boundary_document_F996CD28" {
  statement {
    actions = [
      "s3:GetObject",
      "s3:GetObjectTagging",
      "s3:GetObjectVersion",
      "s3:GetObjectVersionTagging",
      "s3:PutObject",
      "s3:PutObjectTagging",
      "s3:PutObjectVersionTagging"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-vault-*/*"
    ]
    sid = "VaultObjects"
  }
  statement {
    actions = [
      "s3:GetBucketNotification",
      "s3:ListBucket",
      "s3:ListBucketVersions",
      "s3:PutBucketNotification"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-vault-*"
    ]
    sid = "VaultBucket"
  }
  statement {
    actions = [
      "dynamodb:PutItem"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:dynamodb:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:table/biometric-vault-dev-ledger"
    ]
    sid = "AppendLedger"
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
    sid = "KeysThroughServices"
    condition {
      test = "StringEquals"
      values = [
        "s3.${data.aws_region.context_region_3F66BB3A.region}.${data.aws_partition.context_partition_B73F2326.dns_suffix}",
        "dynamodb.${data.aws_region.context_region_3F66BB3A.region}.${data.aws_partition.context_partition_B73F2326.dns_suffix}",
        "sqs.${data.aws_region.context_region_3F66BB3A.region}.${data.aws_partition.context_partition_B73F2326.dns_suffix}"
      ]
      variable = "kms:ViaService"
    }
  }
  statement {
    actions = [
      "sqs:SendMessage"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sqs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-*"
    ]
    sid = "SendToQueues"
  }
  statement {
    actions = [
      "sqs:DeleteMessage",
      "sqs:GetQueueAttributes",
      "sqs:ReceiveMessage"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sqs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-*"
    ]
    sid = "DrainQueues"
  }
  statement {
    actions = [
      "logs:CreateLogStream",
      "logs:PutLogEvents"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:logs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:log-group:/aws/lambda/biometric-vault-dev-*:log-stream:*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:logs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:log-group:/aws/cloudtrail/biometric-vault-dev*:log-stream:*"
    ]
    sid = "WriteOwnLogs"
  }
  statement {
    actions = [
      "events:DeleteRule",
      "events:DescribeRule",
      "events:ListTargetsByRule",
      "events:PutRule",
      "events:PutTargets",
      "events:RemoveTargets"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:events:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*"
    ]
    sid = "ManagedMalwareRule"
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
    sid = "LedgerStream"
  }
  statement {
    actions = [
      "s3:GetObject",
      "s3:PutObject"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-ledger-digests-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}/*"
    ]
    sid = "LedgerDigestObjects"
  }
  statement {
    actions = [
      "s3:ListBucket"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-ledger-digests-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}"
    ]
    sid = "LedgerDigestBucket"
  }
  statement {
    actions = [
      "sns:Publish"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sns:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-alerts"
    ]
    sid = "LedgerAlerts"
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
    sid = "LedgerAlertsKeyThroughSns"
    condition {
      test = "StringEquals"
      values = [
        "sns.${data.aws_region.context_region_3F66BB3A.region}.${data.aws_partition.context_partition_B73F2326.dns_suffix}"
      ]
      variable = "kms:ViaService"
    }
  }
  statement {
    actions = [
      "kms:DescribeKey",
      "kms:GetPublicKey",
      "kms:Sign"
    ]
    effect = "Allow"
    resources = [
      "${data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.cross-stack-output-aws_kms_keyLedgerSigningKey_key_DEA90042arn}"
    ]
    sid = "LedgerDigestSigning"
  }
  statement {
    actions = [
      "lambda:InvokeFunction"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:lambda:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:function:biometric-vault-dev-ledger-digest",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:lambda:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:function:biometric-vault-dev-ledger-digest:*"
    ]
    sid = "LedgerDigestJobInvocation"
  }
  statement {
    actions = [
      "events:PutEvents"
    ]
    effect = "Allow"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:events:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:event-bus/default"
    ]
    sid = "ForwardEventsToBus"
  }
  statement {
    actions = [
      "dynamodb:PutItem",
      "rekognition:CompareFaces",
      "rekognition:DetectFaces",
      "s3:GetObject",
      "s3:GetObjectTagging",
      "s3:GetObjectVersion",
      "s3:GetObjectVersionTagging",
      "s3:ListBucket",
      "s3:ListBucketVersions",
      "s3:PutObject"
    ]
    effect = "Deny"
    resources = [
      "*"
    ]
    sid = "FencedToItsFunction"
    condition {
      test = "ArnEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-dev-verifier"
      ]
      variable = "aws:PrincipalArn"
    }
    condition {
      test = "ArnNotLike"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:lambda:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:function:biometric-vault-dev-verifier",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:lambda:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:function:biometric-vault-dev-verifier:*"
      ]
      variable = "lambda:SourceFunctionArn"
    }
    condition {
      test = "BoolIfExists"
      values = [
        "false"
      ]
      variable = "aws:ViaAWSService"
    }
  }
  statement {
    actions = [
      "dynamodb:PutItem",
      "rekognition:CompareFaces",
      "rekognition:DetectFaces",
      "s3:GetObject",
      "s3:GetObjectTagging",
      "s3:GetObjectVersion",
      "s3:GetObjectVersionTagging",
      "s3:ListBucket",
      "s3:ListBucketVersions",
      "s3:PutObject"
    ]
    effect = "Deny"
    resources = [
      "*"
    ]
    sid = "FencedToItsFunction2"
    condition {
      test = "ArnEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-dev-ledger-stream"
      ]
      variable = "aws:PrincipalArn"
    }
    condition {
      test = "ArnNotLike"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:lambda:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:function:biometric-vault-dev-ledger-stream",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:lambda:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:function:biometric-vault-dev-ledger-stream:*"
      ]
      variable = "lambda:SourceFunctionArn"
    }
    condition {
      test = "BoolIfExists"
      values = [
        "false"
      ]
      variable = "aws:ViaAWSService"
    }
  }
  statement {
    actions = [
      "dynamodb:PutItem",
      "rekognition:CompareFaces",
      "rekognition:DetectFaces",
      "s3:GetObject",
      "s3:GetObjectTagging",
      "s3:GetObjectVersion",
      "s3:GetObjectVersionTagging",
      "s3:ListBucket",
      "s3:ListBucketVersions",
      "s3:PutObject"
    ]
    effect = "Deny"
    resources = [
      "*"
    ]
    sid = "FencedToItsFunction3"
    condition {
      test = "ArnEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-dev-ledger-digest"
      ]
      variable = "aws:PrincipalArn"
    }
    condition {
      test = "ArnNotLike"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:lambda:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:function:biometric-vault-dev-ledger-digest",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:lambda:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:function:biometric-vault-dev-ledger-digest:*"
      ]
      variable = "lambda:SourceFunctionArn"
    }
    condition {
      test = "BoolIfExists"
      values = [
        "false"
      ]
      variable = "aws:ViaAWSService"
    }
  }
  statement {
    actions = [
      "dynamodb:ListStreams",
      "rekognition:CompareFaces",
      "rekognition:DetectFaces",
      "xray:PutTelemetryRecords",
      "xray:PutTraceSegments"
    ]
    effect = "Allow"
    resources = [
      "*"
    ]
    sid = "ActionsWithoutResourceLevelPermissions"
  }
}
resource "aws_iam_policy" "boundary_policy_A8BEFB25" {
  description = "Permissions boundary of every role the biometric vault creates"
  name        = "biometric-vault-dev-boundary"
  policy      = "${data.aws_iam_policy_document.boundary_document_F996CD28.json}"
}
resource "aws_signer_signing_profile" "verifier-code-signing_profile_5830F99A" {
  name        = "biometric_vault_dev_verifier"
  platform_id = "AWSLambda-SHA384-ECDSA"
  signature_validity_period {
    type  = "MONTHS"
    value = 12
  }
  lifecycle {
    prevent_destroy = true
  }
}
resource "aws_lambda_code_signing_config" "verifier-code-signing_config_6261402C" {
  description = "Biometric vault (dev): the verifier runs only packages signed by biometric_vault_dev_verifier"
  allowed_publishers {
    signing_profile_version_arns = [
      "${aws_signer_signing_profile.verifier-code-signing_profile_5830F99A.version_arn}"
    ]
  }
  policies {
    untrusted_artifact_on_deployment = "Warn"
  }
}
data "aws_iam_policy_document" "guardrail_document_FBE6BB45" {
  statement {
    actions = [
      "iam:AttachRolePolicy",
      "iam:CreateRole",
      "iam:DeleteRolePolicy",
      "iam:DetachRolePolicy",
      "iam:PassRole",
      "iam:PutRolePermissionsBoundary",
      "iam:PutRolePolicy",
      "iam:UpdateRole"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-dev-*"
    ]
    sid = "ProjectRolesOnlyByPipeline"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-deployer",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
  }
  statement {
    actions = [
      "iam:DeleteRole",
      "iam:DeleteRolePermissionsBoundary",
      "iam:UpdateAssumeRolePolicy"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-dev-*"
    ]
    sid = "ProjectRoleTrustOnlyByBreakGlass"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
  }
  statement {
    actions = [
      "sts:AssumeRole",
      "sts:AssumeRoleWithSAML",
      "sts:AssumeRoleWithWebIdentity"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-dev-*"
    ]
    sid = "ProjectRolesAssumedOnlyByServices"

  }
  statement {
    actions = [
      "iam:PassRole"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-dev-*"
    ]
    sid = "ProjectRolesPassedOnlyToTheirServices"
    condition {
      test = "StringNotEquals"
      values = [
        "cloudtrail.amazonaws.com",
        "lambda.amazonaws.com",
        "malware-protection-plan.guardduty.amazonaws.com"
      ]
      variable = "iam:PassedToService"
    }
  }
  statement {
    actions = [
      "iam:CreatePolicyVersion",
      "iam:DeletePolicy",
      "iam:DeletePolicyVersion",
      "iam:SetDefaultPolicyVersion"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:policy/biometric-vault-dev-boundary",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:policy/biometric-vault-dev-guardrail",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:policy/biometric-vault-dev-detection-guardrail"
    ]
    sid = "GuardrailsOnlyByBreakGlass"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
  }
  statement {
    actions = [
      "lambda:AddPermission",
      "lambda:CreateFunction",
      "lambda:CreateFunctionUrlConfig",
      "lambda:DeleteFunction",
      "lambda:DeleteFunctionConcurrency",
      "lambda:DeleteFunctionEventInvokeConfig",
      "lambda:PublishVersion",
      "lambda:PutFunctionConcurrency",
      "lambda:PutFunctionEventInvokeConfig",
      "lambda:RemovePermission",
      "lambda:UpdateFunctionCode",
      "lambda:UpdateFunctionConfiguration",
      "lambda:UpdateFunctionEventInvokeConfig"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:lambda:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:function:biometric-vault-dev-*"
    ]
    sid = "VerifierOnlyByPipeline"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-deployer",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
  }
  statement {
    actions = [
      "lambda:InvokeAsync",
      "lambda:InvokeFunction",
      "lambda:InvokeFunctionUrl"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:lambda:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:function:biometric-vault-dev-*"
    ]
    sid = "VerifierInvokedByNobody"

  }
  statement {
    actions = [
      "dynamodb:DeleteResourcePolicy",
      "dynamodb:PutResourcePolicy",
      "s3:DeleteBucketPolicy",
      "s3:PutBucketPolicy"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-vault-*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-access-logs-*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-trail-*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-artifacts-*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-ledger-digests-*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:dynamodb:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:table/biometric-vault-dev-ledger"
    ]
    sid = "ResourcePoliciesOnlyByPipeline"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-deployer",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
  }
  statement {
    actions = [
      "s3:DeleteBucketPolicy",
      "s3:PutBucketPolicy"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-tfstate-dev-111111111111",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-state-logs-*"
    ]
    sid = "StatePoliciesOnlyByKeyAdministrators"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-key-admin",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
  }
  statement {
    actions = [
      "sqs:AddPermission",
      "sqs:DeleteQueue",
      "sqs:RemovePermission",
      "sqs:SetQueueAttributes"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sqs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-*"
    ]
    sid = "QueuesOnlyByPipeline"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-deployer",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
  }
  statement {
    actions = [
      "lambda:CreateEventSourceMapping",
      "lambda:DeleteEventSourceMapping",
      "lambda:UpdateEventSourceMapping"
    ]
    effect = "Deny"
    resources = [
      "*"
    ]
    sid = "VerifierEventSourceOnlyByPipeline"
    condition {
      test = "ArnLike"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:lambda:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:function:biometric-vault-dev-*"
      ]
      variable = "lambda:FunctionArn"
    }
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-deployer",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
  }
  statement {
    actions = [
      "iam:AttachRolePolicy",
      "iam:CreateRole",
      "iam:DeleteRole",
      "iam:DeleteRolePolicy",
      "iam:DetachRolePolicy",
      "iam:PassRole",
      "iam:PutRolePolicy",
      "iam:UpdateAssumeRolePolicy",
      "iam:UpdateRole",
      "iam:DeleteRolePermissionsBoundary",
      "iam:PutRolePermissionsBoundary"
    ]
    effect = "Deny"
    resources = [
      "arn:aws:iam::111111111111:role/biometric-vault-key-admin",
      "arn:aws:iam::111111111111:role/biometric-vault-alert-admin",
      "arn:aws:iam::111111111111:role/biometric-vault-deployer",
      "arn:aws:iam::111111111111:role/biometric-vault-plan",
      "arn:aws:iam::111111111111:role/biometric-vault-verification",
      "arn:aws:iam::111111111111:role/biometric-vault-signer",
      "arn:aws:iam::111111111111:role/biometric-vault-uploader",
      "arn:aws:iam::111111111111:role/biometric-vault-enrollment",
      "arn:aws:iam::111111111111:role/biometric-vault-auditor",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
    ]
    sid = "NamedRolesOnlyByBreakGlass"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
  }
  statement {
    actions = [
      "lambda:DeleteCodeSigningConfig",
      "lambda:DeleteFunctionCodeSigningConfig",
      "lambda:PutFunctionCodeSigningConfig",
      "lambda:UpdateCodeSigningConfig",
      "signer:AddProfilePermission",
      "signer:CancelSigningProfile",
      "signer:RevokeSignature",
      "signer:RevokeSigningProfile"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:lambda:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:function:biometric-vault-dev-*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:lambda:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:code-signing-config:*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:signer:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:/signing-profiles/biometric_vault_dev_verifier*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:signer:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:/signing-jobs/*"
    ]
    sid = "CodeSigningOnlyByBreakGlass"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
  }
  statement {
    actions = [
      "iam:CreateRole",
      "iam:PutRolePermissionsBoundary"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-dev-*"
    ]
    sid = "ProjectRolesKeepBoundary"
    condition {
      test = "StringNotEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:policy/biometric-vault-dev-boundary"
      ]
      variable = "iam:PermissionsBoundary"
    }
  }
  statement {
    actions = [
      "iam:DetachGroupPolicy",
      "iam:DetachRolePolicy",
      "iam:DetachUserPolicy"
    ]
    effect = "Deny"
    resources = [
      "*"
    ]
    sid = "GuardrailDetachOnlyByBreakGlass"
    condition {
      test = "ArnEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:policy/biometric-vault-dev-guardrail",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:policy/biometric-vault-dev-detection-guardrail"
      ]
      variable = "iam:PolicyARN"
    }
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
  }
  statement {
    actions = [
      "lambda:CreateFunction",
      "lambda:PutFunctionCodeSigningConfig"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:lambda:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:function:biometric-vault-dev-*"
    ]
    sid = "VerifierOnlySignedCode"
    condition {
      test = "ArnNotEquals"
      values = [
        "${aws_lambda_code_signing_config.verifier-code-signing_config_6261402C.arn}"
      ]
      variable = "lambda:CodeSigningConfigArn"
    }
  }
  statement {
    actions = [
      "lambda:CreateCodeSigningConfig"
    ]
    effect = "Deny"
    resources = [
      "*"
    ]
    sid = "CodeSigningConfigsOnlyByPipeline"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-deployer",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
  }
  statement {
    actions = [
      "signer:StartSigningJob"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:signer:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:/signing-profiles/biometric_vault_dev_verifier*"
    ]
    sid = "SigningOnlyBySigners"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-signer"
      ]
      variable = "aws:PrincipalArn"
    }
  }
  statement {
    actions = [
      "dynamodb:RestoreTableFromAwsBackup",
      "dynamodb:RestoreTableFromBackup",
      "dynamodb:StartAwsBackupJob"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:dynamodb:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:table/biometric-vault-dev-ledger",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:dynamodb:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:table/biometric-vault-dev-ledger/backup/*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:dynamodb:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:table/biometric-vault-dev-ledger-*"
    ]
    sid = "LedgerBackupsOnlyByReaders"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-auditor",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
  }
}
data "aws_iam_policy_document" "guardrail_scp-document_404A2BEB" {
  statement {
    actions = [
      "iam:AttachRolePolicy",
      "iam:CreateRole",
      "iam:DeleteRolePolicy",
      "iam:DetachRolePolicy",
      "iam:PassRole",
      "iam:PutRolePermissionsBoundary",
      "iam:PutRolePolicy",
      "iam:UpdateRole",
      "lambda:AddPermission",
      "lambda:CreateFunction",
      "lambda:CreateFunctionUrlConfig",
      "lambda:DeleteFunction",
      "lambda:DeleteFunctionConcurrency",
      "lambda:DeleteFunctionEventInvokeConfig",
      "lambda:PublishVersion",
      "lambda:PutFunctionConcurrency",
      "lambda:PutFunctionEventInvokeConfig",
      "lambda:RemovePermission",
      "lambda:UpdateFunctionCode",
      "lambda:UpdateFunctionConfiguration",
      "lambda:UpdateFunctionEventInvokeConfig"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-dev-*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:lambda:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:function:biometric-vault-dev-*"
    ]
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-deployer",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
  }
  statement {
    actions = [
      "iam:DeleteRole",
      "iam:DeleteRolePermissionsBoundary",
      "iam:UpdateAssumeRolePolicy"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-dev-*"
    ]
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
  }
  statement {
    actions = [
      "sts:AssumeRole",
      "sts:AssumeRoleWithSAML",
      "sts:AssumeRoleWithWebIdentity"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-dev-*"
    ]

  }
  statement {
    actions = [
      "iam:PassRole"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-dev-*"
    ]
    condition {
      test = "StringNotEquals"
      values = [
        "cloudtrail.amazonaws.com",
        "lambda.amazonaws.com",
        "malware-protection-plan.guardduty.amazonaws.com"
      ]
      variable = "iam:PassedToService"
    }
  }
  statement {
    actions = [
      "iam:CreatePolicyVersion",
      "iam:DeletePolicy",
      "iam:DeletePolicyVersion",
      "iam:SetDefaultPolicyVersion",
      "iam:AttachRolePolicy",
      "iam:CreateRole",
      "iam:DeleteRole",
      "iam:DeleteRolePolicy",
      "iam:DetachRolePolicy",
      "iam:PassRole",
      "iam:PutRolePolicy",
      "iam:UpdateAssumeRolePolicy",
      "iam:UpdateRole",
      "iam:DeleteRolePermissionsBoundary",
      "iam:PutRolePermissionsBoundary",
      "lambda:DeleteCodeSigningConfig",
      "lambda:DeleteFunctionCodeSigningConfig",
      "lambda:PutFunctionCodeSigningConfig",
      "lambda:UpdateCodeSigningConfig",
      "signer:AddProfilePermission",
      "signer:CancelSigningProfile",
      "signer:RevokeSignature",
      "signer:RevokeSigningProfile"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:policy/biometric-vault-dev-boundary",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:policy/biometric-vault-dev-guardrail",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:policy/biometric-vault-dev-detection-guardrail",
      "arn:aws:iam::111111111111:role/biometric-vault-key-admin",
      "arn:aws:iam::111111111111:role/biometric-vault-alert-admin",
      "arn:aws:iam::111111111111:role/biometric-vault-deployer",
      "arn:aws:iam::111111111111:role/biometric-vault-plan",
      "arn:aws:iam::111111111111:role/biometric-vault-verification",
      "arn:aws:iam::111111111111:role/biometric-vault-signer",
      "arn:aws:iam::111111111111:role/biometric-vault-uploader",
      "arn:aws:iam::111111111111:role/biometric-vault-enrollment",
      "arn:aws:iam::111111111111:role/biometric-vault-auditor",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:lambda:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:function:biometric-vault-dev-*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:lambda:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:code-signing-config:*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:signer:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:/signing-profiles/biometric_vault_dev_verifier*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:signer:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:/signing-jobs/*"
    ]
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
  }
  statement {
    actions = [
      "iam:CreateRole",
      "iam:PutRolePermissionsBoundary"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-dev-*"
    ]
    condition {
      test = "StringNotEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:policy/biometric-vault-dev-boundary"
      ]
      variable = "iam:PermissionsBoundary"
    }
  }
  statement {
    actions = [
      "iam:DetachGroupPolicy",
      "iam:DetachRolePolicy",
      "iam:DetachUserPolicy"
    ]
    effect = "Deny"
    resources = [
      "*"
    ]
    condition {
      test = "ArnEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:policy/biometric-vault-dev-guardrail",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:policy/biometric-vault-dev-detection-guardrail"
      ]
      variable = "iam:PolicyARN"
    }
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
  }
}
data "aws_iam_policy_document" "guardrail_scp-data-document_0FD5167C" {
  statement {
    actions = [
      "lambda:InvokeAsync",
      "lambda:InvokeFunction",
      "lambda:InvokeFunctionUrl"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:lambda:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:function:biometric-vault-dev-*"
    ]

  }
  statement {
    actions = [
      "dynamodb:DeleteResourcePolicy",
      "dynamodb:PutResourcePolicy",
      "s3:DeleteBucketPolicy",
      "s3:PutBucketPolicy",
      "sqs:AddPermission",
      "sqs:DeleteQueue",
      "sqs:RemovePermission",
      "sqs:SetQueueAttributes"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-vault-*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-access-logs-*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-trail-*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-artifacts-*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-ledger-digests-*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:dynamodb:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:table/biometric-vault-dev-ledger",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sqs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-*"
    ]
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-deployer",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
  }
  statement {
    actions = [
      "s3:DeleteBucketPolicy",
      "s3:PutBucketPolicy"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-tfstate-dev-111111111111",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-state-logs-*"
    ]
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-key-admin",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
  }
  statement {
    actions = [
      "lambda:CreateEventSourceMapping",
      "lambda:DeleteEventSourceMapping",
      "lambda:UpdateEventSourceMapping"
    ]
    effect = "Deny"
    resources = [
      "*"
    ]
    condition {
      test = "ArnLike"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:lambda:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:function:biometric-vault-dev-*"
      ]
      variable = "lambda:FunctionArn"
    }
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-deployer",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
  }
  statement {
    actions = [
      "lambda:CreateFunction",
      "lambda:PutFunctionCodeSigningConfig"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:lambda:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:function:biometric-vault-dev-*"
    ]
    condition {
      test = "ArnNotEquals"
      values = [
        "${aws_lambda_code_signing_config.verifier-code-signing_config_6261402C.arn}"
      ]
      variable = "lambda:CodeSigningConfigArn"
    }
  }
  statement {
    actions = [
      "lambda:CreateCodeSigningConfig"
    ]
    effect = "Deny"
    resources = [
      "*"
    ]
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-deployer",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
  }
  statement {
    actions = [
      "signer:StartSigningJob"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:signer:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:/signing-profiles/biometric_vault_dev_verifier*"
    ]
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-signer"
      ]
      variable = "aws:PrincipalArn"
    }
  }
  statement {
    actions = [
      "dynamodb:RestoreTableFromAwsBackup",
      "dynamodb:RestoreTableFromBackup",
      "dynamodb:StartAwsBackupJob"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:dynamodb:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:table/biometric-vault-dev-ledger",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:dynamodb:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:table/biometric-vault-dev-ledger/backup/*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:dynamodb:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:table/biometric-vault-dev-ledger-*"
    ]
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-auditor",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
  }
}
resource "aws_iam_policy" "guardrail_policy_367614D9" {
  description = "Biometric vault guardrail: attach to every administrator of a single account (in an organization, use the same rules as SCPs)"
  name        = "biometric-vault-dev-guardrail"
  policy      = "${data.aws_iam_policy_document.guardrail_document_FBE6BB45.json}"
}
data "aws_iam_policy_document" "detection-guardrail_document_23799434" {
  statement {
    actions = [
      "logs:CreateExportTask",
      "logs:FilterLogEvents",
      "logs:GetLogEvents",
      "logs:PutSubscriptionFilter",
      "logs:StartLiveTail",
      "logs:StartQuery",
      "logs:Unmask"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:logs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:log-group:/aws/cloudtrail/biometric-vault-dev",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:logs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:log-group:/aws/cloudtrail/biometric-vault-dev:*"
    ]
    sid = "TrailLogGroupReadsOnlyByAuditors"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-verification",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
  }
  statement {
    actions = [
      "logs:DeleteAccountPolicy",
      "logs:PutAccountPolicy"
    ]
    effect = "Deny"
    resources = [
      "*"
    ]
    sid = "AccountLogPoliciesOnlyByBreakGlass"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
  }
  statement {
    actions = [
      "cloudtrail:DeleteTrail",
      "cloudtrail:PutEventSelectors",
      "cloudtrail:PutInsightSelectors",
      "cloudtrail:StopLogging",
      "cloudtrail:UpdateTrail"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:cloudtrail:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:trail/biometric-vault-dev-trail"
    ]
    sid = "TrailOnlyByPipeline"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-deployer",
        "arn:aws:iam::111111111111:role/biometric-vault-alert-admin",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
  }
  statement {
    actions = [
      "guardduty:CreateFilter",
      "guardduty:DeleteDetector",
      "guardduty:DeletePublishingDestination",
      "guardduty:DeleteThreatIntelSet",
      "guardduty:UpdateDetector",
      "guardduty:UpdateFilter",
      "guardduty:UpdateIPSet",
      "guardduty:UpdatePublishingDestination",
      "guardduty:UpdateThreatIntelSet"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:guardduty:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:detector/*"
    ]
    sid = "GuardDutyOnlyByPipeline"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-deployer",
        "arn:aws:iam::111111111111:role/biometric-vault-alert-admin",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
  }
  statement {
    actions = [
      "guardduty:ArchiveFindings",
      "guardduty:CreateIPSet"
    ]
    effect = "Deny"
    resources = [
      "*"
    ]
    sid = "TrustedIpListsOnlyByPipeline"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-deployer",
        "arn:aws:iam::111111111111:role/biometric-vault-alert-admin",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
  }
  statement {
    actions = [
      "guardduty:DeleteMalwareProtectionPlan",
      "guardduty:UpdateMalwareProtectionPlan"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:guardduty:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:malware-protection-plan/*"
    ]
    sid = "MalwareProtectionOnlyByPipeline"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-deployer",
        "arn:aws:iam::111111111111:role/biometric-vault-alert-admin",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
  }
  statement {
    actions = [
      "events:DeleteRule",
      "events:DisableRule",
      "events:PutRule",
      "events:PutTargets",
      "events:RemoveTargets"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:events:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:rule/biometric-vault-dev-*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:events:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:events:us-east-1:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:rule/biometric-vault-dev-*"
    ]
    sid = "RulesOnlyByPipeline"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-deployer",
        "arn:aws:iam::111111111111:role/biometric-vault-alert-admin",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
  }
  statement {
    actions = [
      "sns:SetSubscriptionAttributes",
      "sns:Unsubscribe"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sns:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-alerts",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sns:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-alerts:*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sns:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-alert-path-watch",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sns:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-alert-path-watch:*"
    ]
    sid = "SubscriptionsOnlyByPipeline"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-deployer",
        "arn:aws:iam::111111111111:role/biometric-vault-alert-admin",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
  }
  statement {
    actions = [
      "cloudwatch:DeleteAlarms",
      "cloudwatch:DisableAlarmActions",
      "cloudwatch:PutMetricAlarm"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:cloudwatch:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:alarm:biometric-vault-dev-*"
    ]
    sid = "AlarmsOnlyByPipeline"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-deployer",
        "arn:aws:iam::111111111111:role/biometric-vault-alert-admin",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
  }
  statement {
    actions = [
      "logs:AssociateKmsKey",
      "logs:DeleteLogGroup",
      "logs:DeleteMetricFilter",
      "logs:DisassociateKmsKey",
      "logs:PutDataProtectionPolicy",
      "logs:PutMetricFilter",
      "logs:PutRetentionPolicy"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:logs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:log-group:/aws/cloudtrail/biometric-vault-dev",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:logs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:log-group:/aws/cloudtrail/biometric-vault-dev:*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:logs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:log-group:/aws/lambda/biometric-vault-dev-verifier",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:logs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:log-group:/aws/lambda/biometric-vault-dev-verifier:*"
    ]
    sid = "WatchedLogGroupsOnlyByPipeline"
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-deployer",
        "arn:aws:iam::111111111111:role/biometric-vault-alert-admin",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
  }
}
data "aws_iam_policy_document" "detection-guardrail_scp-document_F2847D24" {
  statement {
    actions = [
      "logs:CreateExportTask",
      "logs:FilterLogEvents",
      "logs:GetLogEvents",
      "logs:PutSubscriptionFilter",
      "logs:StartLiveTail",
      "logs:StartQuery",
      "logs:Unmask"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:logs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:log-group:/aws/cloudtrail/biometric-vault-dev",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:logs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:log-group:/aws/cloudtrail/biometric-vault-dev:*"
    ]
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-verification",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
  }
  statement {
    actions = [
      "logs:DeleteAccountPolicy",
      "logs:PutAccountPolicy"
    ]
    effect = "Deny"
    resources = [
      "*"
    ]
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
  }
  statement {
    actions = [
      "cloudtrail:DeleteTrail",
      "cloudtrail:PutEventSelectors",
      "cloudtrail:PutInsightSelectors",
      "cloudtrail:StopLogging",
      "cloudtrail:UpdateTrail",
      "guardduty:CreateFilter",
      "guardduty:DeleteDetector",
      "guardduty:DeletePublishingDestination",
      "guardduty:DeleteThreatIntelSet",
      "guardduty:UpdateDetector",
      "guardduty:UpdateFilter",
      "guardduty:UpdateIPSet",
      "guardduty:UpdatePublishingDestination",
      "guardduty:UpdateThreatIntelSet",
      "guardduty:DeleteMalwareProtectionPlan",
      "guardduty:UpdateMalwareProtectionPlan",
      "events:DeleteRule",
      "events:DisableRule",
      "events:PutRule",
      "events:PutTargets",
      "events:RemoveTargets",
      "sns:SetSubscriptionAttributes",
      "sns:Unsubscribe",
      "cloudwatch:DeleteAlarms",
      "cloudwatch:DisableAlarmActions",
      "cloudwatch:PutMetricAlarm",
      "logs:AssociateKmsKey",
      "logs:DeleteLogGroup",
      "logs:DeleteMetricFilter",
      "logs:DisassociateKmsKey",
      "logs:PutDataProtectionPolicy",
      "logs:PutMetricFilter",
      "logs:PutRetentionPolicy"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:cloudtrail:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:trail/biometric-vault-dev-trail",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:guardduty:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:detector/*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:guardduty:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:malware-protection-plan/*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:events:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:rule/biometric-vault-dev-*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:events:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:events:us-east-1:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:rule/biometric-vault-dev-*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sns:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-alerts",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sns:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-alerts:*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sns:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-alert-path-watch",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:sns:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:biometric-vault-dev-alert-path-watch:*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:cloudwatch:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:alarm:biometric-vault-dev-*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:logs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:log-group:/aws/cloudtrail/biometric-vault-dev",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:logs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:log-group:/aws/cloudtrail/biometric-vault-dev:*",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:logs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:log-group:/aws/lambda/biometric-vault-dev-verifier",
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:logs:${data.aws_region.context_region_3F66BB3A.region}:${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:log-group:/aws/lambda/biometric-vault-dev-verifier:*"
    ]
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-deployer",
        "arn:aws:iam::111111111111:role/biometric-vault-alert-admin",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
  }
  statement {
    actions = [
      "guardduty:ArchiveFindings",
      "guardduty:CreateIPSet"
    ]
    effect = "Deny"
    resources = [
      "*"
    ]
    condition {
      test = "ArnNotEquals"
      values = [
        "arn:aws:iam::111111111111:role/biometric-vault-deployer",
        "arn:aws:iam::111111111111:role/biometric-vault-alert-admin",
        "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:role/biometric-vault-break-glass"
      ]
      variable = "aws:PrincipalArn"
    }
  }
}
resource "aws_iam_policy" "detection-guardrail_policy_736ABE17" {
  description = "Biometric vault detection guardrail: attach to every administrator of a single account (in an organization, use the same rules as an SCP)"
  name        = "biometric-vault-dev-detection-guardrail"
  policy      = "${data.aws_iam_policy_document.detection-guardrail_document_23799434.json}"
}

output "permissions_boundary_arn" {
  value = "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:policy/biometric-vault-dev-boundary"
}

output "guardrail_policy_arn" {
  value = "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:policy/biometric-vault-dev-guardrail"
}

output "guardrail_scp_json" {
  value       = "${data.aws_iam_policy_document.guardrail_scp-document_404A2BEB.minified_json}"
  description = "The guardrail's identity rules as an SCP (minified, at most 5,120 characters): attach it to this account in AWS Organizations"
}

output "guardrail_data_scp_json" {
  value       = "${data.aws_iam_policy_document.guardrail_scp-data-document_0FD5167C.minified_json}"
  description = "The guardrail's code-signing and data-path rules as a second SCP (minified, at most 5,120 characters): attach it with the first"
}

output "detection_guardrail_policy_arn" {
  value = "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::${data.aws_caller_identity.context_caller_CB9F32B7.account_id}:policy/biometric-vault-dev-detection-guardrail"
}

output "detection_guardrail_scp_json" {
  value       = "${data.aws_iam_policy_document.detection-guardrail_scp-document_F2847D24.minified_json}"
  description = "The detection guardrail as a third SCP (minified, at most 5,120 characters): attach it with the other two"
}

output "code_signing_config_arn" {
  value = "${aws_lambda_code_signing_config.verifier-code-signing_config_6261402C.arn}"
}

output "signing_profile_name" {
  value = "${aws_signer_signing_profile.verifier-code-signing_profile_5830F99A.name}"
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

output "cross-stack-output-aws_lambda_code_signing_configverifier-code-signing_config_6261402Carn" {
  value     = "${aws_lambda_code_signing_config.verifier-code-signing_config_6261402C.arn}"
  sensitive = true
}