/**
 * KMS permissions as named constants (after aws-cdk's aws-kms): exact actions, no wildcards,
 * so a policy scanner and a reviewer see precisely what each party may do.
 */

/** Administer a key: never encrypt, decrypt or generate data keys. */
export const KMS_ADMIN_ACTIONS = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListGrants',
  'kms:ListKeyRotations',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:RevokeGrant',
  'kms:RotateKeyOnDemand',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
] as const;

/** Recover a key whose policy or state went wrong (root user only). */
export const KMS_RECOVERY_ACTIONS = [
  'kms:CancelKeyDeletion',
  'kms:DescribeKey',
  'kms:EnableKey',
  'kms:GetKeyPolicy',
  'kms:PutKeyPolicy',
] as const;

/** Decrypt only (readers). */
export const KMS_DECRYPT_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey'] as const;

/** What CloudWatch Logs needs to encrypt a log group. */
export const KMS_LOGS_ACTIONS = [
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
] as const;

/** What an AWS service that publishes to an encrypted SNS topic or SQS queue needs. */
export const KMS_PUBLISH_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey'] as const;

/** Read a key's metadata and policy (what `terraform plan` refreshes). */
export const KMS_METADATA_ACTIONS = [
  'kms:DescribeKey',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListKeyRotations',
  'kms:ListResourceTags',
] as const;

/**
 * Read and write objects through S3 (a GetObject decrypts; a multipart upload also decrypts the
 * data key of its parts).
 */
export const KMS_S3_WRITE_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey'] as const;

/**
 * Put objects through S3 in single requests, never read them: "To upload an object encrypted with an
 * AWS KMS key to Amazon S3, you need kms:GenerateDataKey permissions on the key"
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html). Multipart uploads
 * would also need kms:Decrypt, and are refused.
 */
export const KMS_S3_PUT_ACTIONS = ['kms:DescribeKey', 'kms:GenerateDataKey'] as const;

/**
 * What a deployer needs to create a CMK-encrypted DynamoDB table (and restore one) through
 * DynamoDB: AWS documents these as the minimum for the principal that selects the key.
 */
export const KMS_DYNAMODB_DEPLOY_ACTIONS = ['kms:CreateGrant', ...KMS_LOGS_ACTIONS] as const;

/** What a deployer needs to set a CMK on a Lambda function's environment, through Lambda. */
export const KMS_LAMBDA_DEPLOY_ACTIONS = ['kms:CreateGrant', 'kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt'] as const;

/** Every action that uses key material: none of these may appear in an administrator statement. */
export const KMS_CRYPTO_ACTIONS = [
  'kms:Decrypt',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyPair',
  'kms:GenerateDataKeyPairWithoutPlaintext',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:Sign',
] as const;

/** Sign digests with an asymmetric key: the signer alone. */
export const KMS_SIGN_ACTIONS = ['kms:Sign'] as const;

/** Read an asymmetric key's public half and metadata: anyone in the account, to verify offline. */
export const KMS_PUBLIC_KEY_ACTIONS = ['kms:DescribeKey', 'kms:GetPublicKey'] as const;

/** Mutable copy for provider props, which take `string[]`. */
export function actions(list: readonly string[]): string[] {
  return [...list];
}
