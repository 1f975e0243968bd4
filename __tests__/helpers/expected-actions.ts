/**
 * The action lists the vault's policies must hold, written out as a reviewer reads them. Tests
 * compare the synthesized policies with these, never with the constants the policies are built from
 * (a test that did would stay green when an action is dropped from the constant).
 */

/** What the account's root user may do with a key: repair its policy and state, nothing else. */
export const KEY_RECOVERY = [
  'kms:CancelKeyDeletion',
  'kms:DescribeKey',
  'kms:EnableKey',
  'kms:GetKeyPolicy',
  'kms:PutKeyPolicy',
];

/** What key administrators may do: manage the key, never use its material. */
export const KEY_ADMINISTRATION = [
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
];

/** What plan roles may do with a key: read what `terraform plan` refreshes. */
export const KEY_METADATA = [
  'kms:DescribeKey',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListKeyRotations',
  'kms:ListResourceTags',
];

/** Actions that use key material: no administrator, root-user or plan statement may hold one. */
export const KEY_MATERIAL = [
  'kms:Decrypt',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyPair',
  'kms:GenerateDataKeyPairWithoutPlaintext',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
];

/** What CloudWatch Logs needs to encrypt a log group with a customer-managed key. */
export const LOG_GROUP_ENCRYPTION = [
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
];

/** What changes or removes ledger records or the table's protections: break-glass only. */
export const LEDGER_MUTATIONS = [
  'dynamodb:BatchWriteItem',
  'dynamodb:DeleteItem',
  'dynamodb:DeleteResourcePolicy',
  'dynamodb:DeleteTable',
  'dynamodb:PartiQLDelete',
  'dynamodb:PartiQLUpdate',
  'dynamodb:PutResourcePolicy',
  'dynamodb:UpdateContinuousBackups',
  'dynamodb:UpdateItem',
  'dynamodb:UpdateTable',
  'dynamodb:UpdateTimeToLive',
];

/** What reads ledger records: readers and break-glass only. */
export const LEDGER_READS = [
  'dynamodb:BatchGetItem',
  'dynamodb:GetItem',
  'dynamodb:PartiQLSelect',
  'dynamodb:Query',
  'dynamodb:Scan',
];

/** What copies the ledger where its read restrictions do not follow: readers and break-glass only. */
export const LEDGER_COPIES = [
  'dynamodb:CreateBackup',
  'dynamodb:EnableKinesisStreamingDestination',
  'dynamodb:ExportTableToPointInTime',
  'dynamodb:RestoreTableToPointInTime',
];

/** What could erase the audit trail's objects: break-glass only. */
export const TRAIL_OBJECT_TAMPERING = ['s3:BypassGovernanceRetention', 's3:DeleteObject', 's3:DeleteObjectVersion'];

/** What changes a guarded bucket's protections (policy, versioning, Object Lock, ...): break-glass only. */
export const BUCKET_CONFIGURATION = [
  's3:DeleteBucket',
  's3:DeleteBucketPolicy',
  's3:PutAnalyticsConfiguration',
  's3:PutBucketAcl',
  's3:PutBucketLogging',
  's3:PutBucketObjectLockConfiguration',
  's3:PutBucketOwnershipControls',
  's3:PutBucketPolicy',
  's3:PutBucketPublicAccessBlock',
  's3:PutBucketVersioning',
  's3:PutEncryptionConfiguration',
  's3:PutInventoryConfiguration',
  's3:PutLifecycleConfiguration',
  's3:PutReplicationConfiguration',
  's3:PutBucketNotification',
];
