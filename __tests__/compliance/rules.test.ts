import { IamUser } from '@cdktf/provider-aws/lib/iam-user';
import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import {
  GuarddutyMalwareProtectionPlan,
  type GuarddutyMalwareProtectionPlanActions,
} from '@cdktf/provider-aws/lib/guardduty-malware-protection-plan';
import {
  S3BucketServerSideEncryptionConfigurationA,
  type S3BucketServerSideEncryptionConfigurationRuleA,
} from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import type { CloudtrailAdvancedEventSelector } from '@cdktf/provider-aws/lib/cloudtrail';
import { RULES } from '../../compliance/rules';
import type { StackJson } from '../../compliance/engine/model';
import type { Json, JsonObject } from '../../compliance/engine/types';
import { buildFixture, type Fixture } from './fixture';
import {
  JsonFixture,
  addOverride,
  evaluateApp,
  synthesizeStacks,
  synthesizedAttribute,
  synthesizedFixture,
} from './harness';

/**
 * Every rule: the compliant fixture passes it (baseline.test.ts) and the fixture weakened in exactly
 * one synthesized property fails with that rule's id.
 *
 * Speed without weakening: the fixture is synthesized once; each case weakens a deep copy of the
 * synthesized JSON, which is all rules read. Weakenings use cdktf's own semantics: `ov` is
 * `addOverride` (same deep merge), block setters (`stmts`, `encRule`, ...) take the block as the
 * provider's own `toTerraform` renders it. The two weakenings that change the construct graph (a new
 * cross-stack reference, a new resource) still run on a freshly built fixture (`viaConstructs`), and
 * "JSON weakenings equal construct weakenings" below proves the JSON helpers against the construct API.
 */
const ACCT = '111122223333';
const ANY = [{ type: '*', identifiers: ['*'] }];
const tls = (svc: string, resources: string[]): DataAwsIamPolicyDocumentStatement => ({
  sid: 'DenyInsecureTransport',
  effect: 'Deny',
  actions: [`${svc}:*`],
  resources,
  principals: ANY,
  condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
});
const publicAllow = (action: string, resource: string): DataAwsIamPolicyDocumentStatement => ({
  sid: 'Public',
  effect: 'Allow',
  actions: [action],
  resources: [resource],
  principals: ANY,
});
/** `addOverride(path, value)` on the synthesized element. */
const ov = (fx: JsonFixture, part: string, path: string, value: Json | undefined): void =>
  addOverride(fx.config(part), path, value);
/** Removes an attribute (the typed `reset*()` / `dependsOn = []`). */
const unset = (fx: JsonFixture, part: string, attribute: string): void => {
  Reflect.deleteProperty(fx.config(part), attribute);
};
/** `putStatement(statements)`: replaces the document's statements. */
const stmts = (fx: JsonFixture, part: string, statement: DataAwsIamPolicyDocumentStatement[]): void => {
  fx.config(part).statement = synthesizedAttribute(
    (s) => new DataAwsIamPolicyDocument(s, 'doc', { statement }),
    'statement',
  );
};
/** `putRule(rule)` of a bucket encryption configuration. */
const encRule = (fx: JsonFixture, part: string, rule: S3BucketServerSideEncryptionConfigurationRuleA[]): void => {
  fx.config(part).rule = synthesizedAttribute(
    (s) => new S3BucketServerSideEncryptionConfigurationA(s, 'enc', { bucket: 'b', rule }),
    'rule',
  );
};
const selectors = (fx: JsonFixture, part: string, advancedEventSelector: CloudtrailAdvancedEventSelector[]): void => {
  fx.config(part).advanced_event_selector = synthesizedAttribute(
    (s) => new Cloudtrail(s, 'trail', { name: 't', s3BucketName: 'b', advancedEventSelector }),
    'advanced_event_selector',
  );
};
const planActions = (fx: JsonFixture, part: string, actions: GuarddutyMalwareProtectionPlanActions[]): void => {
  fx.config(part).actions = synthesizedAttribute(
    (s) =>
      new GuarddutyMalwareProtectionPlan(s, 'plan', {
        role: 'r',
        protectedResource: [{ s3Bucket: [{ bucketName: 'b' }] }],
        actions,
      }),
    'actions',
  );
};
const filter = (part: string) => (fx: JsonFixture) => ov(fx, part, 'pattern', '{ $.eventName = Nothing }');
const trust = (principal: Record<string, string>) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }],
  });

/** A weakening that changes the construct graph: runs on a freshly built fixture. */
interface ConstructWeakening {
  readonly constructs: (fx: Fixture) => void;
}
type Weakening = ((fx: JsonFixture) => void) | ConstructWeakening;
const viaConstructs = (constructs: (fx: Fixture) => void): ConstructWeakening => ({ constructs });

const WEAKEN: Record<string, Weakening> = {
  'VAULT-KMS-001': (fx) => ov(fx, 'vaultKey', 'enable_key_rotation', false),
  'VAULT-KMS-002': (fx) => ov(fx, 'vaultKey', 'deletion_window_in_days', 7),
  // The signing key's policy allows the signer but no longer denies signing to everyone else.
  'VAULT-KMS-012': (fx) =>
    stmts(fx, 'signingKeyPolicy', [
      {
        sid: 'Signer',
        actions: ['kms:Sign'],
        resources: ['*'],
        principals: [{ type: 'AWS', identifiers: [`arn:aws:iam::${ACCT}:role/digest-job`] }],
      },
    ]),
  'VAULT-KMS-003': (fx) => unset(fx, 'vaultKey', 'policy'),
  'VAULT-KMS-004': (fx) =>
    stmts(fx, 'vaultKeyPolicy', [{ sid: 'Open', actions: ['kms:Decrypt'], resources: ['*'], principals: ANY }]),
  'VAULT-KMS-005': (fx) =>
    stmts(fx, 'vaultKeyPolicy', [
      {
        sid: 'AdminAndUser',
        actions: ['kms:ScheduleKeyDeletion', 'kms:Decrypt'],
        resources: ['*'],
        principals: [{ type: 'AWS', identifiers: [`arn:aws:iam::${ACCT}:role/key-admin`] }],
      },
    ]),
  'VAULT-KMS-006': (fx) =>
    stmts(fx, 'vaultKeyPolicy', [
      {
        sid: 'S3',
        actions: ['kms:Decrypt'],
        resources: ['*'],
        principals: [{ type: 'Service', identifiers: ['s3.amazonaws.com'] }],
      },
    ]),
  'VAULT-KMS-007': (fx) => ov(fx, 'vaultKey', 'customer_master_key_spec', 'RSA_2048'),
  'VAULT-KMS-008': (fx) =>
    stmts(fx, 'vdoc', [
      {
        sid: 'Decrypt',
        actions: ['kms:Decrypt'],
        resources: ['*'],
        condition: [{ test: 'StringEquals', variable: 'kms:ViaService', values: ['s3.eu-west-1.amazonaws.com'] }],
      },
    ]),
  'VAULT-KMS-009': (fx) => ov(fx, 'vaultKey', 'lifecycle.prevent_destroy', false),
  'VAULT-S3-001': (fx) => ov(fx, 'dataPab', 'block_public_policy', false),
  'VAULT-S3-002': (fx) => ov(fx, 'dataOwn', 'rule', { object_ownership: 'ObjectWriter' }),
  'VAULT-S3-003': (fx) => ov(fx, 'dataVer', 'versioning_configuration', { status: 'Suspended' }),
  'VAULT-S3-004': (fx) => encRule(fx, 'dataEnc', []),
  'VAULT-S3-005': (fx) => encRule(fx, 'dataEnc', [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }]),
  'VAULT-S3-006': (fx) =>
    stmts(fx, 'dataPolicyDoc', [
      {
        sid: 'Reader',
        actions: ['s3:GetObject'],
        resources: ['arn:aws:s3:::x/*'],
        principals: [{ type: 'AWS', identifiers: [`arn:aws:iam::${ACCT}:role/verifier`] }],
      },
    ]),
  'VAULT-S3-007': (fx) =>
    stmts(fx, 'dataPolicyDoc', [tls('s3', ['*']), publicAllow('s3:GetObject', 'arn:aws:s3:::x/*')]),
  'VAULT-S3-008': (fx) => ov(fx, 'dataLog', 'bucket', 'some-other-bucket'),
  'VAULT-S3-009': (fx) => ov(fx, 'logsBucket', 'object_lock_enabled', true),
  'VAULT-S3-010': (fx) => encRule(fx, 'logsEnc', [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms' } }]),
  'VAULT-S3-011': (fx) => stmts(fx, 'logsPolicyDoc', [tls('s3', ['*'])]),
  'VAULT-S3-012': (fx) => ov(fx, 'dataLog', 'target_bucket', '${aws_s3_bucket.vault-data.id}'),
  'VAULT-S3-013': (fx) => ov(fx, 'dataLc', 'bucket', 'some-other-bucket'),
  'VAULT-S3-014': (fx) => ov(fx, 'dataBucket', 'acl', 'public-read'),
  'VAULT-S3-015': (fx) => stmts(fx, 'dataPolicyDoc', [tls('s3', ['*'])]),
  'VAULT-S3-016': (fx) => ov(fx, 'dataBucket', 'force_destroy', true),
  'VAULT-S3-017': (fx) => ov(fx, 'trailLock', 'bucket', 'some-other-bucket'),
  // The digest bucket's deletion deny is gone (Object Lock still on).
  'VAULT-S3-022': (fx) =>
    stmts(fx, 'digestPolicyDoc', [
      tls('s3', ['*']),
      {
        sid: 'Guard',
        effect: 'Deny',
        actions: [
          's3:DeleteBucketPolicy',
          's3:PutBucketLogging',
          's3:PutBucketObjectLockConfiguration',
          's3:PutBucketOwnershipControls',
          's3:PutBucketPolicy',
          's3:PutBucketPublicAccessBlock',
          's3:PutBucketVersioning',
          's3:PutEncryptionConfiguration',
          's3:PutLifecycleConfiguration',
          's3:PutReplicationConfiguration',
        ],
        resources: ['*'],
        principals: ANY,
        condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [`arn:aws:iam::${ACCT}:role/bg`] }],
      },
      {
        sid: 'Readers',
        effect: 'Deny',
        actions: ['s3:GetObject*'],
        resources: ['*'],
        principals: ANY,
        condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [`arn:aws:iam::${ACCT}:role/bg`] }],
      },
    ]),
  'VAULT-S3-018': (fx) =>
    stmts(fx, 'dataPolicyDoc', [
      tls('s3', ['*']),
      {
        sid: 'Partner',
        actions: ['s3:PutBucketPolicy'],
        resources: ['arn:aws:s3:::x'],
        principals: [{ type: 'AWS', identifiers: ['arn:aws:iam::999999999999:root'] }],
      },
    ]),
  'VAULT-DDB-001': (fx) => ov(fx, 'table', 'point_in_time_recovery.enabled', false),
  'VAULT-DDB-002': (fx) => ov(fx, 'table', 'server_side_encryption.kms_key_arn', 'alias/aws/dynamodb'),
  'VAULT-DDB-003': (fx) => ov(fx, 'table', 'deletion_protection_enabled', false),
  'VAULT-DDB-004': (fx) => ov(fx, 'table', 'billing_mode', 'PROVISIONED'),
  'VAULT-DDB-005': (fx) =>
    stmts(fx, 'ledgerDoc', [
      {
        sid: 'Writer',
        actions: ['dynamodb:PutItem'],
        resources: ['*'],
        principals: [{ type: 'AWS', identifiers: [`arn:aws:iam::${ACCT}:role/verifier`] }],
      },
    ]),
  'VAULT-DDB-006': (fx) =>
    stmts(fx, 'ledgerDoc', [
      publicAllow('dynamodb:GetItem', '*'),
      {
        sid: 'AppendOnly',
        effect: 'Deny',
        actions: ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:DeleteTable'],
        resources: ['*'],
        principals: ANY,
      },
    ]),
  'VAULT-CT-001': (fx) => ov(fx, 'trail', 'is_multi_region_trail', false),
  'VAULT-CT-002': (fx) => ov(fx, 'trail', 'enable_log_file_validation', false),
  'VAULT-CT-003': (fx) => ov(fx, 'trail', 'kms_key_id', 'alias/aws/cloudtrail'),
  'VAULT-CT-004': (fx) =>
    ov(fx, 'trail', 'cloud_watch_logs_group_arn', 'arn:aws:logs:eu-west-1:111122223333:log-group:elsewhere:*'),
  'VAULT-CT-005': (fx) =>
    ov(fx, 'trail', 'advanced_event_selector', [
      {
        name: 'all-objects',
        field_selector: [
          { field: 'eventCategory', equals: ['Data'] },
          { field: 'resources.type', equals: ['AWS::S3::Object'] },
        ],
      },
    ]),
  'VAULT-CT-006': (fx) =>
    selectors(fx, 'trail', [
      { name: 'management', fieldSelector: [{ field: 'eventCategory', equalTo: ['Management'] }] },
    ]),
  'VAULT-CT-007': (fx) => ov(fx, 'trailBucketLog', 'bucket', 'some-other-bucket'),
  'VAULT-CT-008': (fx) =>
    stmts(fx, 'trailPolicyDoc', [tls('s3', ['*']), publicAllow('s3:GetObject', 'arn:aws:s3:::x/*')]),
  'VAULT-CT-009': (fx) =>
    stmts(fx, 'trailPolicyDoc', [
      tls('s3', ['*']),
      {
        sid: 'Write',
        actions: ['s3:PutObject'],
        resources: [`arn:aws:s3:::trail-logs-${ACCT}/*`],
        principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }],
      },
    ]),
  'VAULT-CT-010': (fx) => {
    fx.config('trail').depends_on = []; // `dependsOn = []` synthesizes an empty list
  },
  'VAULT-CT-011': viaConstructs((fx) => {
    fx.p.trail.kmsKeyId = fx.p.vaultKey.arn;
  }),
  'VAULT-CW-001': (fx) => ov(fx, 'trailGroup', 'kms_key_id', 'alias/aws/logs'),
  'VAULT-CW-002': (fx) => ov(fx, 'trailGroup', 'retention_in_days', 0),
  'VAULT-CW-003': (fx) => ov(fx, 'trailGroup', 'retention_in_days', 90),
  'VAULT-CW-004': (fx) => unset(fx, 'alarmRoot', 'alarm_actions'),
  'VAULT-CW-005': (fx) => ov(fx, 'alarmRoot', 'actions_enabled', false),
  'VAULT-CW-006': filter('filterRoot'),
  'VAULT-CW-007': filter('filterUnauthorized'),
  'VAULT-CW-008': filter('filterIam'),
  'VAULT-CW-009': filter('filterTrail'),
  'VAULT-CW-010': filter('filterKms'),
  'VAULT-CW-011': filter('filterS3'),
  'VAULT-CW-012': filter('filterLedger'),
  'VAULT-CW-013': filter('filterKms'),
  'VAULT-GD-001': (fx) => ov(fx, 'detector', 'enable', false),
  'VAULT-GD-002': (fx) => ov(fx, 'detector', 'finding_publishing_frequency', 'SIX_HOURS'),
  'VAULT-GD-003': (fx) => ov(fx, 's3Feature', 'status', 'DISABLED'),
  'VAULT-GD-004': (fx) => ov(fx, 'lambdaFeature', 'status', 'DISABLED'),
  'VAULT-GD-005': (fx) => ov(fx, 'target', 'rule', 'some-other-rule'),
  'VAULT-GD-006': (fx) => planActions(fx, 'malware', [{ tagging: [{ status: 'DISABLED' }] }]),
  'VAULT-LAM-001': (fx) => ov(fx, 'fn', 'tracing_config', { mode: 'PassThrough' }),
  'VAULT-LAM-002': (fx) => ov(fx, 'fn', 'reserved_concurrent_executions', -1),
  'VAULT-LAM-003': (fx) => ov(fx, 'fn', 'kms_key_arn', 'alias/aws/lambda'),
  'VAULT-LAM-004': (fx) => ov(fx, 'invoke', 'function_name', 'some-other-function'),
  'VAULT-LAM-005': (fx) => ov(fx, 'fn', 'runtime', 'nodejs16.x'),
  'VAULT-LAM-006': (fx) => unset(fx, 'fn', 'timeout'),
  'VAULT-LAM-007': (fx) => ov(fx, 'fn', 'environment.variables.DB_PASSWORD', 'hunter2'),
  'VAULT-LAM-008': (fx) => unset(fx, 'permission', 'source_account'),
  'VAULT-LAM-009': (fx) => {
    fx.config('permission').principal = '*';
    unset(fx, 'permission', 'source_account');
  },
  'VAULT-LAM-010': (fx) => ov(fx, 'fnGroup', 'name', '/aws/lambda/something-else'),
  'VAULT-LAM-012': (fx) => unset(fx, 'mapping', 'function_response_types'),
  'VAULT-LAM-013': (fx) => ov(fx, 'mapping', 'scaling_config.maximum_concurrency', 11),
  'VAULT-IAM-001': (fx) => stmts(fx, 'vdoc', [{ actions: ['*'], resources: ['*'] }]),
  'VAULT-IAM-002': (fx) => stmts(fx, 'vdoc', [{ actions: ['s3:*'], resources: ['arn:aws:s3:::x/*'] }]),
  'VAULT-IAM-003': (fx) => stmts(fx, 'vdoc', [{ actions: ['s3:GetObject'], resources: ['*'] }]),
  'VAULT-IAM-004': (fx) =>
    stmts(fx, 'vdoc', [{ actions: ['iam:PassRole'], resources: [`arn:aws:iam::${ACCT}:role/x`] }]),
  'VAULT-IAM-005': (fx) => ov(fx, 'trailRole', 'assume_role_policy', trust({ AWS: 'arn:aws:iam::999999999999:root' })),
  'VAULT-IAM-006': (fx) => ov(fx, 'trailRole', 'assume_role_policy', trust({ Service: 'cloudtrail.amazonaws.com' })),
  'VAULT-IAM-007': (fx) => ov(fx, 'vrole', 'managed_policy_arns', ['arn:aws:iam::aws:policy/AdministratorAccess']),
  'VAULT-IAM-008': viaConstructs((fx) => {
    new IamUser(fx.stacks[5], 'user', { name: 'someone' });
  }),
  'VAULT-IAM-009': (fx) =>
    stmts(fx, 'vdoc', [{ actions: ['iam:PutRolePolicy'], resources: [`arn:aws:iam::${ACCT}:role/x`] }]),
  'VAULT-IAM-010': (fx) =>
    stmts(fx, 'vdoc', [{ actions: ['kms:Decrypt'], resources: [`arn:aws:kms:eu-west-1:${ACCT}:key/x`] }]),
  'VAULT-SNS-001': (fx) => ov(fx, 'topic', 'kms_master_key_id', 'alias/aws/sns'),
  'VAULT-SNS-002': (fx) =>
    stmts(fx, 'topicDoc', [
      {
        sid: 'Events',
        actions: ['sns:Publish'],
        resources: ['*'],
        principals: [{ type: 'Service', identifiers: ['events.amazonaws.com'] }],
        condition: [
          {
            test: 'ArnEquals',
            variable: 'aws:SourceArn',
            values: ['arn:aws:events:eu-west-1:111122223333:rule/fx-findings'],
          },
        ],
      },
    ]),
  'VAULT-SNS-003': (fx) => stmts(fx, 'topicDoc', [tls('sns', ['*']), publicAllow('sns:Subscribe', '*')]),
  'VAULT-SQS-001': (fx) => ov(fx, 'failures', 'kms_master_key_id', 'alias/aws/sqs'),
  'VAULT-SQS-002': (fx) => stmts(fx, 'failuresDoc', [tls('sqs', ['*']), publicAllow('sqs:SendMessage', '*')]),
  'VAULT-SQS-003': (fx) =>
    stmts(fx, 'failuresDoc', [
      {
        sid: 'Verifier',
        actions: ['sqs:SendMessage'],
        resources: ['*'],
        principals: [{ type: 'AWS', identifiers: [`arn:aws:iam::${ACCT}:role/verifier`] }],
      },
    ]),
  'VAULT-SQS-004': (fx) => ov(fx, 'failures', 'message_retention_seconds', 345600),
  'VAULT-SQS-005': (fx) =>
    stmts(fx, 'intakeDoc', [
      tls('sqs', ['*']),
      {
        sid: 'S3Notifies',
        actions: ['sqs:SendMessage'],
        resources: ['*'],
        principals: [{ type: 'Service', identifiers: ['s3.amazonaws.com'] }],
        condition: [{ test: 'ArnLike', variable: 'aws:SourceArn', values: ['arn:aws:s3:::some-bucket'] }],
      },
    ]),
  'VAULT-SQS-006': (fx) => ov(fx, 'intake', 'message_retention_seconds', 1209600),
  'VAULT-SQS-007': (fx) => ov(fx, 'intake', 'visibility_timeout_seconds', 179),
  'VAULT-SQS-008': (fx) => stmts(fx, 'intakeDoc', [tls('sqs', ['*'])]),
  'VAULT-EVB-001': (fx) => ov(fx, 'target', 'dead_letter_config', undefined),
  'VAULT-EVB-002': (fx) => stmts(fx, 'topicDoc', [tls('sns', ['*'])]),
  'VAULT-EVB-003': (fx) =>
    ov(
      fx,
      'rule',
      'event_pattern',
      JSON.stringify({ source: ['aws.guardduty'], 'detail-type': ['GuardDuty Finding'] }),
    ),
  // The bucket tamper rule disabled: no rule reports a changed bucket policy any more.
  'VAULT-EVB-004': (fx) => ov(fx, 'tamperS3', 'state', 'DISABLED'),
  // Findings routed by severity alone: Stealth:IAMUser/CloudTrailLoggingDisabled (Low) is dropped.
  'VAULT-GD-007': (fx) =>
    ov(
      fx,
      'rule',
      'event_pattern',
      JSON.stringify({
        source: ['aws.guardduty'],
        'detail-type': ['GuardDuty Finding'],
        detail: { severity: [{ numeric: ['>=', 4] }] },
      }),
    ),
  // The alert topic under the audit key, which also encrypts the trail and its log group.
  'VAULT-SNS-004': (fx) => ov(fx, 'topic', 'kms_master_key_id', fx.config('trail').kms_key_id ?? null),
  // The key administrator of the audit key also administers the alert key.
  'VAULT-KMS-011': (fx) =>
    stmts(fx, 'alertKeyPolicy', [
      {
        sid: 'Admins',
        actions: ['kms:DisableKey', 'kms:ScheduleKeyDeletion'],
        resources: ['*'],
        principals: [{ type: 'AWS', identifiers: [`arn:aws:iam::${ACCT}:role/key-admin`] }],
      },
    ]),
  'VAULT-CT-013': (fx) =>
    stmts(fx, 'detectionGuardrailDoc', [
      {
        sid: 'OnlyDelete',
        effect: 'Deny',
        actions: ['cloudtrail:DeleteTrail'],
        resources: ['*'],
        condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: ['arn:aws:iam::1:role/x'] }],
      },
    ]),
  // The detection guardrail left out of the detach statement (rewrite still guarded).
  'VAULT-IAM-015': (fx) =>
    stmts(fx, 'guardrailDoc', [
      {
        sid: 'GuardrailsOnlyByBreakGlass',
        effect: 'Deny',
        actions: ['iam:CreatePolicyVersion', 'iam:DeletePolicy', 'iam:SetDefaultPolicyVersion'],
        resources: [`arn:aws:iam::${ACCT}:policy/fx-guardrail`, `arn:aws:iam::${ACCT}:policy/fx-detection-guardrail`],
        condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: ['arn:aws:iam::1:role/x'] }],
      },
      {
        sid: 'GuardrailDetachOnlyByBreakGlass',
        effect: 'Deny',
        actions: ['iam:DetachRolePolicy', 'iam:DetachUserPolicy'],
        resources: ['*'],
        condition: [
          { test: 'ArnEquals', variable: 'iam:PolicyARN', values: [`arn:aws:iam::${ACCT}:policy/fx-guardrail`] },
          { test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: ['arn:aws:iam::1:role/x'] },
        ],
      },
    ]),
  // Subscribers guarded on the topic's ARN only: a subscription ARN (`<topic>:<id>`) is left open.
  'VAULT-SNS-005': (fx) =>
    stmts(fx, 'detectionGuardrailDoc', [
      {
        sid: 'TopicOnly',
        effect: 'Deny',
        actions: ['sns:SetSubscriptionAttributes', 'sns:Unsubscribe'],
        resources: [`arn:aws:sns:eu-west-1:${ACCT}:fx-alerts`],
        condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: ['arn:aws:iam::1:role/x'] }],
      },
    ]),
  'VAULT-CW-014': (fx) =>
    stmts(fx, 'detectionGuardrailDoc', [
      {
        sid: 'OnlyGetLogEvents',
        effect: 'Deny',
        actions: ['logs:GetLogEvents'],
        resources: ['*'],
        condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: ['arn:aws:iam::1:role/x'] }],
      },
    ]),
  'VAULT-SQS-009': (fx) => stmts(fx, 'dlqDoc', [tls('sqs', ['*'])]),
  'VAULT-SQS-010': (fx) => ov(fx, 'dlqAlarm', 'dimensions', { QueueName: 'another-queue' }),
  // Reads of a customer-key bucket: the read deny exempts everyone through a condition on another key.
  'VAULT-S3-019': (fx) =>
    stmts(fx, 'dataPolicyDoc', [
      {
        sid: 'Readers',
        effect: 'Deny',
        actions: ['s3:GetObject*'],
        resources: ['${aws_s3_bucket.vault-data.arn}/*'],
        principals: ANY,
        condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
      },
    ]),
  // Writes are confined to two prefixes, but nothing says who writes which.
  'VAULT-S3-021': (fx) =>
    stmts(fx, 'dataPolicyDoc', [
      {
        sid: 'Prefixes',
        effect: 'Deny',
        actions: ['s3:PutObject'],
        notResources: [`arn:aws:s3:::vault-data-${ACCT}/uploads/*`, `arn:aws:s3:::vault-data-${ACCT}/references/*`],
        principals: ANY,
      },
    ]),
  // The configuration guard misses one protection (versioning).
  'VAULT-S3-020': (fx) =>
    stmts(fx, 'logsPolicyDoc', [
      {
        sid: 'Guard',
        effect: 'Deny',
        actions: [
          's3:DeleteBucketPolicy',
          's3:PutBucketLogging',
          's3:PutBucketObjectLockConfiguration',
          's3:PutBucketOwnershipControls',
          's3:PutBucketPolicy',
          's3:PutBucketPublicAccessBlock',
          's3:PutEncryptionConfiguration',
          's3:PutLifecycleConfiguration',
          's3:PutReplicationConfiguration',
        ],
        resources: ['${aws_s3_bucket.access-logs.arn}'],
        principals: ANY,
        condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [`arn:aws:iam::${ACCT}:role/bg`] }],
      },
    ]),
  'VAULT-TF-001': viaConstructs((fx) => {
    fx.stacks[1].addOverride('terraform.backend.s3.encrypt', false);
  }),
  // State writes are denied to nobody (the writers' deny is gone).
  'VAULT-TF-002': (fx) =>
    stmts(fx, 'statePolicyDoc', [
      {
        sid: 'Readers',
        effect: 'Deny',
        actions: ['s3:GetObject*'],
        resources: ['${aws_s3_bucket.state.arn}/*'],
        principals: ANY,
        condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [`arn:aws:iam::${ACCT}:role/bg`] }],
      },
    ]),
  'VAULT-CT-012': (fx) =>
    selectors(fx, 'trail', [
      { name: 'management', fieldSelector: [{ field: 'eventCategory', equalTo: ['Management'] }] },
      {
        name: 'vault-objects',
        fieldSelector: [
          { field: 'eventCategory', equalTo: ['Data'] },
          { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
          { field: 'resources.ARN', startsWith: ['${aws_s3_bucket.trail-logs.arn}-other/'] },
        ],
      },
    ]),
  // The ledger streams keys only: changes without the records' images.
  'VAULT-DDB-009': (fx) => ov(fx, 'table', 'stream_view_type', 'KEYS_ONLY'),
  // The stream's reads are restricted, but its policy may be replaced by anyone.
  'VAULT-DDB-010': (fx) =>
    stmts(fx, 'streamDoc', [
      {
        sid: 'StreamReads',
        effect: 'Deny',
        actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
        resources: ['*'],
        principals: ANY,
        condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [`arn:aws:iam::${ACCT}:role/bg`] }],
      },
    ]),
  // Copies are denied except to readers, but Kinesis streaming is left out.
  'VAULT-DDB-007': (fx) =>
    stmts(fx, 'ledgerDoc', [
      {
        sid: 'Copies',
        effect: 'Deny',
        actions: ['dynamodb:CreateBackup', 'dynamodb:ExportTableToPointInTime', 'dynamodb:RestoreTableToPointInTime'],
        resources: ['*'],
        principals: ANY,
        condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [`arn:aws:iam::${ACCT}:role/bg`] }],
      },
    ]),
  // Break-glass may correct records but is denied the append that puts a lost one back.
  'VAULT-DDB-008': (fx) =>
    stmts(fx, 'ledgerDoc', [
      {
        sid: 'AppendOnly',
        effect: 'Deny',
        actions: ['dynamodb:UpdateItem'],
        resources: ['*'],
        principals: ANY,
        condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [`arn:aws:iam::${ACCT}:role/bg`] }],
      },
      {
        sid: 'OnlyTheWriterAppends',
        effect: 'Deny',
        actions: ['dynamodb:PutItem'],
        resources: ['*'],
        principals: ANY,
        condition: [
          { test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [`arn:aws:iam::${ACCT}:role/verifier`] },
        ],
      },
    ]),
  'VAULT-IAM-011': (fx) => unset(fx, 'vrole', 'permissions_boundary'),
  // The guardrail leaves iam:PassRole out: the verifier role could be handed to new code.
  'VAULT-IAM-012': (fx) =>
    stmts(fx, 'guardrailDoc', [
      {
        sid: 'RolesOnlyByPipeline',
        effect: 'Deny',
        actions: [
          'iam:AttachRolePolicy',
          'iam:CreateRole',
          'iam:DeleteRole',
          'iam:PutRolePolicy',
          'iam:UpdateAssumeRolePolicy',
        ],
        resources: [`arn:aws:iam::${ACCT}:role/*`],
      },
    ]),
  'VAULT-LAM-011': (fx) => ov(fx, 'signing', 'policies', { untrusted_artifact_on_deployment: 'Warn' }),
  // The pipeline may re-trust and delete roles too (two principals excepted).
  'VAULT-IAM-013': (fx) =>
    stmts(fx, 'guardrailDoc', [
      {
        sid: 'RolesOnlyByPipeline',
        effect: 'Deny',
        actions: ['iam:DeleteRole', 'iam:UpdateAssumeRolePolicy'],
        resources: [`arn:aws:iam::${ACCT}:role/*`],
        condition: [
          {
            test: 'ArnNotEquals',
            variable: 'aws:PrincipalArn',
            values: [`arn:aws:iam::${ACCT}:role/deployer`, `arn:aws:iam::${ACCT}:role/break-glass`],
          },
        ],
      },
      {
        sid: 'AssumedByNobody',
        effect: 'Deny',
        actions: ['sts:AssumeRole'],
        resources: [`arn:aws:iam::${ACCT}:role/*`],
      },
    ]),
  // The boundary lets the verifier's role read from anywhere (no fence).
  'VAULT-IAM-014': (fx) =>
    stmts(fx, 'boundaryDoc', [
      { sid: 'Work', actions: ['s3:GetObject', 'dynamodb:PutItem'], resources: [`arn:aws:s3:::vault-data-${ACCT}/*`] },
    ]),
  // Any code-signing config of the account satisfies the guardrail.
  'VAULT-LAM-015': (fx) =>
    stmts(fx, 'guardrailDoc', [
      {
        sid: 'AnyCodeSigningConfig',
        effect: 'Deny',
        actions: ['lambda:CreateFunction', 'lambda:PutFunctionCodeSigningConfig'],
        resources: [`arn:aws:lambda:eu-west-1:${ACCT}:function:fx-verifier*`],
        condition: [
          {
            test: 'ArnNotLike',
            variable: 'lambda:CodeSigningConfigArn',
            values: [`arn:aws:lambda:eu-west-1:${ACCT}:code-signing-config:*`],
          },
        ],
      },
    ]),
  // The deployer may still invoke the function directly.
  'VAULT-LAM-016': (fx) =>
    stmts(fx, 'guardrailDoc', [
      {
        sid: 'InvokedOnlyByPipeline',
        effect: 'Deny',
        actions: ['lambda:InvokeAsync', 'lambda:InvokeFunction', 'lambda:InvokeFunctionUrl'],
        resources: [`arn:aws:lambda:eu-west-1:${ACCT}:function:fx-verifier*`],
        condition: [
          { test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [`arn:aws:iam::${ACCT}:role/deployer`] },
        ],
      },
    ]),
  // The verifier may use the key through DynamoDB for any table.
  'VAULT-KMS-010': (fx) =>
    stmts(fx, 'vaultKeyPolicy', [
      {
        sid: 'TablesViaDynamoDB',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        principals: [{ type: 'AWS', identifiers: [`arn:aws:iam::${ACCT}:role/verifier`] }],
        condition: [{ test: 'StringEquals', variable: 'kms:ViaService', values: ['dynamodb.eu-west-1.amazonaws.com'] }],
      },
    ]),
  // Node loads the module NODE_OPTIONS names before the handler: code no signature covers.
  'VAULT-LAM-014': (fx) =>
    ov(fx, 'fn', 'environment.variables.NODE_OPTIONS', '--enable-source-maps --import=data:text/javascript,0'),
};

describe('every rule fails a deliberately weakened resource with its own id', () => {
  it('has a weakening for every rule in the catalogue', () => {
    expect(RULES.map((r) => r.id).filter((id) => WEAKEN[id] === undefined)).toEqual([]);
  });

  it.each(RULES.map((r) => [r.id, r.severity]))('%s (%s)', (id) => {
    // Prepare
    const weaken = WEAKEN[id];
    if (weaken === undefined) throw new Error(`${id} has no weakening`);
    let findings;
    if (typeof weaken === 'function') {
      const fx = new JsonFixture();
      weaken(fx);
      // Act
      findings = fx.findings();
    } else {
      const fx = buildFixture();
      weaken.constructs(fx);
      // Act
      findings = evaluateApp(fx.app, fx.stacks).findings;
    }
    // Assess
    expect(findings.filter((f) => f.suppressed === undefined).map((f) => f.ruleId)).toContain(id);
  });
});

/**
 * The JSON helpers are exactly the construct API: for one weakening of each kind, the fixture weakened
 * through constructs and synthesized equals the synthesized fixture weakened as JSON.
 */
const CONSTRUCT_EQUIVALENTS: Record<string, (fx: Fixture) => void> = {
  'VAULT-KMS-001': (fx) => fx.p.vaultKey.addOverride('enable_key_rotation', false), // scalar override
  'VAULT-DDB-001': (fx) => fx.p.table.addOverride('point_in_time_recovery.enabled', false), // nested override
  'VAULT-CT-005': (fx) =>
    fx.p.trail.addOverride('advanced_event_selector', [
      {
        name: 'all-objects',
        field_selector: [
          { field: 'eventCategory', equals: ['Data'] },
          { field: 'resources.type', equals: ['AWS::S3::Object'] },
        ],
      },
    ]), // array override appends
  'VAULT-EVB-001': (fx) => fx.p.target.addOverride('dead_letter_config', undefined), // override deletes
  'VAULT-IAM-003': (fx) => fx.p.vdoc.putStatement([{ actions: ['s3:GetObject'], resources: ['*'] }]),
  'VAULT-S3-005': (fx) => fx.p.dataEnc.putRule([{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }]),
  'VAULT-CT-006': (fx) =>
    fx.p.trail.putAdvancedEventSelector([
      { name: 'management', fieldSelector: [{ field: 'eventCategory', equalTo: ['Management'] }] },
    ]),
  'VAULT-GD-006': (fx) => fx.p.malware.putActions([{ tagging: [{ status: 'DISABLED' }] }]),
  'VAULT-CT-010': (fx) => {
    fx.p.trail.dependsOn = [];
  },
  'VAULT-CW-004': (fx) => fx.p.alarmRoot.resetAlarmActions(),
  'VAULT-LAM-009': (fx) => {
    const p = fx.p.permission;
    p.principal = '*';
    p.resetSourceAccount();
  },
  'VAULT-LAM-006': (fx) => fx.p.fn.resetTimeout(),
};

/**
 * What rules read of a stack: its resources, data sources and provider, and the outputs other stacks
 * reference. Left out: the stack-level "//" metadata (names of overridden attributes, for cdktf's
 * tooling) and cross-stack outputs nothing references any more (cdktf drops an output when a
 * construct-level change removes its last reference; a JSON weakening leaves it, unread).
 */
const elementsOnly = (s: StackJson, _i: number, all: readonly StackJson[]): JsonObject => {
  const referenced = (name: string): boolean => all.some((o) => JSON.stringify(o.json).includes(`.outputs.${name}}`));
  const outputs = Object.entries((s.json.output ?? {}) as JsonObject).filter(([name]) => referenced(name));
  return {
    name: s.name,
    resource: s.json.resource ?? null,
    data: s.json.data ?? null,
    provider: s.json.provider ?? null,
    output: Object.fromEntries(outputs),
  };
};

/**
 * Two groups (a build each, instead of one per weakening): weakenings within a group touch different
 * attributes, so applying them together is the same as applying them one by one.
 */
const EQUIVALENCE_GROUPS: readonly (readonly string[])[] = [
  ['VAULT-KMS-001', 'VAULT-DDB-001', 'VAULT-CT-005', 'VAULT-EVB-001', 'VAULT-IAM-003', 'VAULT-GD-006'],
  ['VAULT-S3-005', 'VAULT-CT-006', 'VAULT-CT-010', 'VAULT-CW-004', 'VAULT-LAM-009', 'VAULT-LAM-006'],
];

describe('JSON weakenings equal construct weakenings', () => {
  it('covers every equivalent once', () => {
    expect(EQUIVALENCE_GROUPS.flat().sort()).toEqual(Object.keys(CONSTRUCT_EQUIVALENTS).sort());
  });

  it.each(EQUIVALENCE_GROUPS.map((g) => [g.join(', '), g]))('%s', (_title, ids) => {
    // Prepare
    const viaJson = new JsonFixture();
    const viaConstructsFx = buildFixture();
    // Act
    for (const id of ids) {
      const weaken = WEAKEN[id];
      if (typeof weaken !== 'function') throw new Error(`${id} is not a JSON weakening`);
      const equivalent = CONSTRUCT_EQUIVALENTS[id];
      if (equivalent === undefined) throw new Error(`${id} has no construct equivalent`);
      weaken(viaJson);
      equivalent(viaConstructsFx);
    }
    const expected = synthesizeStacks(viaConstructsFx.stacks);
    // Assess
    expect(viaJson.stacks.map(elementsOnly)).toEqual(expected.map(elementsOnly));
  });

  it('the base JSON is the synthesized fixture (a weakening never leaks into the next case)', () => {
    expect(new JsonFixture().stacks).toEqual(synthesizedFixture().stacks);
    expect(new JsonFixture().stacks).toEqual(synthesizeStacks(buildFixture().stacks));
  });
});

describe('queue event-source rules: the other forms a configuration takes', () => {
  const ids = (fx: JsonFixture): string[] =>
    fx
      .findings()
      .filter((f) => f.suppressed === undefined)
      .map((f) => f.ruleId);

  it('reads a redrive policy written as a JSON string, with the dead-letter queue ARN interpolated', () => {
    // Prepare: the same redrive policy as a plain JSON string, whose retention then equals the DLQ's.
    const fx = new JsonFixture();
    const failures = synthesizedFixture().parts.failures?.name ?? '';
    fx.config('intake').redrive_policy =
      `{"deadLetterTargetArn":"\${aws_sqs_queue.${failures}.arn}","maxReceiveCount":10}`;
    expect(fx.config('failures').message_retention_seconds).toBe(1209600);
    // Act / Assess: still compliant as it stands...
    expect(ids(fx)).not.toContain('VAULT-SQS-006');
    expect(ids(fx)).not.toContain('VAULT-LAM-012');
    // ...and the retention rule reads it.
    ov(fx, 'intake', 'message_retention_seconds', 1209600);
    expect(ids(fx)).toContain('VAULT-SQS-006');
  });

  it('an unparsable redrive policy names no dead-letter queue', () => {
    const fx = new JsonFixture();
    fx.config('intake').redrive_policy = 'not json';
    expect(ids(fx)).toContain('VAULT-LAM-012');
  });

  it('a source queue without visibility timeout uses the SQS default of 30 s', () => {
    const fx = new JsonFixture();
    unset(fx, 'intake', 'visibility_timeout_seconds');
    expect(ids(fx)).toContain('VAULT-SQS-007');
  });

  it('an event source without maximum concurrency, or a function without reserved concurrency, is unbounded', () => {
    const withoutScaling = new JsonFixture();
    unset(withoutScaling, 'mapping', 'scaling_config');
    expect(ids(withoutScaling)).toContain('VAULT-LAM-013');
    const withoutReserved = new JsonFixture();
    unset(withoutReserved, 'fn', 'reserved_concurrent_executions');
    expect(ids(withoutReserved)).toContain('VAULT-LAM-013');
  });
});
