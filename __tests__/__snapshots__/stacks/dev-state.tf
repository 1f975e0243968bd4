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
data "aws_iam_policy_document" "state-history" {
  statement {
    actions = [
      "s3:DeleteObjectVersion"
    ]
    effect = "Deny"
    resources = [
      "arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-tfstate-dev-111111111111/*"
    ]
    sid = "DenyStateVersionDeletionExceptBreakGlass"
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
resource "aws_s3_bucket" "state_bucket_803B4E61" {
  bucket        = "biometric-vault-tfstate-dev-111111111111"
  force_destroy = false
  tags = {
    AccessLogging = "disabled: bootstrap bucket created before the access-log bucket; state access is recorded by CloudTrail management events"
  }
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
    bucket_key_enabled = true
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
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
      "${aws_s3_bucket.state_bucket_803B4E61.arn}",
      "${aws_s3_bucket.state_bucket_803B4E61.arn}/*"
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
      "${aws_s3_bucket.state_bucket_803B4E61.arn}",
      "${aws_s3_bucket.state_bucket_803B4E61.arn}/*"
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
data "aws_iam_policy_document" "state_policy-document_488DF7D5" {
  source_policy_documents = [
    "${data.aws_iam_policy_document.state_deny-insecure-transport_2FE096F9.json}",
    "${data.aws_iam_policy_document.state-history.json}"
  ]
}
resource "aws_s3_bucket_policy" "state_policy_DB2E7E78" {
  bucket = "${aws_s3_bucket.state_bucket_803B4E61.id}"
  policy = "${data.aws_iam_policy_document.state_policy-document_488DF7D5.json}"
  depends_on = [
    "aws_s3_bucket_public_access_block.state_public-access-block_ADE6B831",
    "aws_s3_bucket_versioning.state_versioning_27DF9ED5",
    "aws_s3_bucket_server_side_encryption_configuration.state_encryption_3FDA0990",
    "aws_s3_bucket_lifecycle_configuration.state_lifecycle_9EBA48F5",
  ]
}

output "state_bucket_name" {
  value = "${aws_s3_bucket.state_bucket_803B4E61.bucket}"
}