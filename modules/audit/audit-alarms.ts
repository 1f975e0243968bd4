import type { SecurityAlarmDefinition } from '../core/security-alarms';

/** Names of the vault resources the vault-specific alarms watch. */
export interface VaultAlarmTargets {
  readonly vaultKeyArn: string;
  readonly auditKeyArn: string;
  readonly vaultBucketName: string;
  readonly ledgerTableArn: string;
}

const anyOf = (field: string, values: readonly string[]): string =>
  `(${values.map((v) => `(${field} = "${v}")`).join(' || ')})`;
/** `count` placeholders for referenced values, as alternatives of one field. */
const anyOfValues = (field: string, count: number): string =>
  anyOf(
    field,
    Array.from({ length: count }, () => '%s'),
  );

/** IAM actions that change a policy (CIS AWS Foundations 3.0, 4.4). */
export const IAM_POLICY_CHANGE_EVENTS = [
  'DeleteGroupPolicy',
  'DeleteRolePolicy',
  'DeleteUserPolicy',
  'PutGroupPolicy',
  'PutRolePolicy',
  'PutUserPolicy',
  'CreatePolicy',
  'DeletePolicy',
  'CreatePolicyVersion',
  'DeletePolicyVersion',
  'AttachRolePolicy',
  'DetachRolePolicy',
  'AttachUserPolicy',
  'DetachUserPolicy',
  'AttachGroupPolicy',
  'DetachGroupPolicy',
] as const;

/** CloudTrail configuration changes (CIS 4.5, plus selector changes that narrow what is recorded). */
export const CLOUDTRAIL_CHANGE_EVENTS = [
  'CreateTrail',
  'UpdateTrail',
  'DeleteTrail',
  'StartLogging',
  'StopLogging',
  'PutEventSelectors',
  'PutInsightSelectors',
] as const;

/** S3 bucket policy and configuration changes (CIS 4.8). */
export const S3_BUCKET_POLICY_CHANGE_EVENTS = [
  'PutBucketAcl',
  'PutBucketPolicy',
  'PutBucketCors',
  'PutBucketLifecycle',
  'PutBucketReplication',
  'DeleteBucketPolicy',
  'DeleteBucketCors',
  'DeleteBucketLifecycle',
  'DeleteBucketReplication',
] as const;

/** Ledger item operations that update or delete records (PartiQL statements included). */
export const LEDGER_MUTATION_EVENTS = [
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
  'ExecuteStatement',
  'BatchExecuteStatement',
  'ExecuteTransaction',
] as const;

/**
 * The audit alarms: CIS AWS Foundations Benchmark 3.0 section 4 (formerly 3.x) patterns, and the
 * vault-specific ones (key, vault bucket and ledger policy changes, ledger item mutation attempts).
 */
export function auditAlarmDefinitions(t: VaultAlarmTargets): SecurityAlarmDefinition[] {
  return [
    {
      id: 'unauthorized-api-calls',
      description: 'API calls denied for lack of authorization',
      control: 'CIS AWS 3.0 4.1',
      pattern:
        '{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }',
    },
    {
      id: 'root-account-usage',
      description: 'The root user made a request',
      control: 'CIS AWS 3.0 4.3',
      pattern:
        '{ ($.userIdentity.type = "Root") && ($.userIdentity.invokedBy NOT EXISTS) && ($.eventType != "AwsServiceEvent") }',
    },
    {
      id: 'iam-policy-changes',
      description: 'An IAM policy was created, changed, attached or detached',
      control: 'CIS AWS 3.0 4.4',
      pattern: `{ ($.eventSource = "iam.amazonaws.com") && ${anyOf('$.eventName', IAM_POLICY_CHANGE_EVENTS)} }`,
    },
    {
      id: 'cloudtrail-changes',
      description: 'A trail was created, changed, stopped or deleted, or its selectors changed',
      control: 'CIS AWS 3.0 4.5',
      pattern: `{ ($.eventSource = "cloudtrail.amazonaws.com") && ${anyOf('$.eventName', CLOUDTRAIL_CHANGE_EVENTS)} }`,
    },
    {
      id: 'kms-key-disabled-or-deletion-scheduled',
      description: 'A customer-managed KMS key was disabled or scheduled for deletion',
      control: 'CIS AWS 3.0 4.7',
      pattern: `{ ($.eventSource = "kms.amazonaws.com") && ${anyOf('$.eventName', ['DisableKey', 'ScheduleKeyDeletion'])} }`,
    },
    {
      id: 's3-bucket-policy-changes',
      description: 'An S3 bucket policy, ACL, CORS, lifecycle or replication configuration changed',
      control: 'CIS AWS 3.0 4.8',
      pattern: `{ ($.eventSource = "s3.amazonaws.com") && ${anyOf('$.eventName', S3_BUCKET_POLICY_CHANGE_EVENTS)} }`,
    },
    {
      id: 'vault-key-policy-changes',
      description: 'The key policy of the VaultKey or the audit key changed',
      pattern: `{ ($.eventSource = "kms.amazonaws.com") && ($.eventName = "PutKeyPolicy") && ${anyOfValues('$.resources[0].ARN', 2)} }`,
      values: [t.vaultKeyArn, t.auditKeyArn],
    },
    {
      id: 'vault-bucket-policy-changes',
      description: 'The vault bucket policy was changed or deleted',
      pattern: `{ ($.eventSource = "s3.amazonaws.com") && ${anyOf('$.eventName', ['PutBucketPolicy', 'DeleteBucketPolicy'])} && ($.requestParameters.bucketName = "%s") }`,
      values: [t.vaultBucketName],
    },
    {
      id: 'ledger-resource-policy-changes',
      description: "The ledger table's resource policy was changed or deleted",
      pattern: `{ ($.eventSource = "dynamodb.amazonaws.com") && ${anyOf('$.eventName', ['PutResourcePolicy', 'DeleteResourcePolicy'])} && ($.requestParameters.resourceArn = "%s") }`,
      values: [t.ledgerTableArn],
    },
    {
      id: 'ledger-item-mutation-attempts',
      description: 'An attempt (allowed or denied) to update or delete ledger records',
      pattern: `{ ($.eventSource = "dynamodb.amazonaws.com") && ${anyOf('$.eventName', LEDGER_MUTATION_EVENTS)} && ($.resources[0].ARN = "%s") }`,
      values: [t.ledgerTableArn],
    },
  ];
}
