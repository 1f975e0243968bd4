import { App, S3Backend, TerraformStack, type TerraformResource } from 'cdktf';
import type { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketObjectLockConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { DynamodbResourcePolicy } from '@cdktf/provider-aws/lib/dynamodb-resource-policy';
import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { GuarddutyDetector } from '@cdktf/provider-aws/lib/guardduty-detector';
import { GuarddutyDetectorFeature } from '@cdktf/provider-aws/lib/guardduty-detector-feature';
import { GuarddutyMalwareProtectionPlan } from '@cdktf/provider-aws/lib/guardduty-malware-protection-plan';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import { LambdaEventSourceMapping } from '@cdktf/provider-aws/lib/lambda-event-source-mapping';
import { Fn } from 'cdktf';
import { LambdaCodeSigningConfig } from '@cdktf/provider-aws/lib/lambda-code-signing-config';
import { SignerSigningProfile } from '@cdktf/provider-aws/lib/signer-signing-profile';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { present } from '../helpers/present';

/**
 * A small, fully compliant vault used to prove every rule: each test weakens exactly one property
 * (through `addOverride`, i.e. on the synthesized JSON) and expects exactly that rule to fire.
 * Keys live in their own stack, so every reference to them is a cross-stack remote-state output.
 */
const ACCOUNT = '${data.aws_caller_identity.me.account_id}';
const TLS = (service: string, resources: string[]): DataAwsIamPolicyDocumentStatement => ({
  sid: 'DenyInsecureTransport',
  effect: 'Deny',
  actions: [`${service}:*`],
  resources,
  principals: [{ type: '*', identifiers: ['*'] }],
  condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
});

/** The fixture's Terraform state bucket (a backend names it literally) and the key state is encrypted with. */
const STATE_BUCKET = 'fx-tfstate';
const STATE_KEY = 'arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-4000-8000-000000000000';
const BREAK_GLASS = `arn:aws:iam::${ACCOUNT}:role/break-glass`;
const EXCEPT_BREAK_GLASS = [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [BREAK_GLASS] }];
const ANYONE = [{ type: '*', identifiers: ['*'] }];
const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/fx-boundary`;

function base(app: App, name: string): TerraformStack {
  const s = new TerraformStack(app, name);
  new AwsProvider(s, 'aws', { region: 'eu-west-1' });
  new DataAwsCallerIdentity(s, 'me');
  new S3Backend(s, {
    bucket: STATE_BUCKET,
    key: `${name}.tfstate`,
    region: 'eu-west-1',
    encrypt: true,
    kmsKeyId: STATE_KEY,
  });
  return s;
}

function doc(scope: Construct, id: string, statement: DataAwsIamPolicyDocumentStatement[]): DataAwsIamPolicyDocument {
  return new DataAwsIamPolicyDocument(scope, id, { statement });
}

function key(
  scope: Construct,
  id: string,
  services: DataAwsIamPolicyDocumentStatement[],
  administrator = 'key-admin',
): { key: KmsKey; policy: DataAwsIamPolicyDocument } {
  const policy = doc(scope, `${id}-policy`, [
    {
      sid: 'Root',
      actions: ['kms:*'],
      resources: ['*'],
      principals: [{ type: 'AWS', identifiers: [`arn:aws:iam::${ACCOUNT}:root`] }],
    },
    {
      sid: 'Admins',
      actions: ['kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy', 'kms:DisableKey', 'kms:DescribeKey'],
      resources: ['*'],
      principals: [{ type: 'AWS', identifiers: [`arn:aws:iam::${ACCOUNT}:role/${administrator}`] }],
    },
    {
      sid: 'Users',
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: ['*'],
      principals: [{ type: 'AWS', identifiers: [`arn:aws:iam::${ACCOUNT}:role/verifier`] }],
      condition: [{ test: 'StringEquals', variable: 'kms:ViaService', values: ['s3.eu-west-1.amazonaws.com'] }],
    },
    ...services,
  ]);
  const k = new KmsKey(scope, id, {
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    policy: policy.json,
    lifecycle: { preventDestroy: true },
  });
  return { key: k, policy };
}

function bucket(
  scope: Construct,
  id: string,
  opts: {
    keyArn?: string;
    logTarget?: S3Bucket;
    objectLock?: boolean;
    extra?: DataAwsIamPolicyDocumentStatement[];
    name?: string;
  },
) {
  const b = new S3Bucket(scope, id, {
    bucket: opts.name ?? `${id}-${ACCOUNT}`,
    ...(opts.objectLock === true && { objectLockEnabled: true }),
  });
  const pab = new S3BucketPublicAccessBlock(scope, `${id}-pab`, {
    bucket: b.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  const own = new S3BucketOwnershipControls(scope, `${id}-own`, {
    bucket: b.id,
    rule: { objectOwnership: 'BucketOwnerEnforced' },
  });
  const ver = new S3BucketVersioningA(scope, `${id}-ver`, {
    bucket: b.id,
    versioningConfiguration: { status: 'Enabled' },
  });
  const enc = new S3BucketServerSideEncryptionConfigurationA(scope, `${id}-enc`, {
    bucket: b.id,
    rule: [
      {
        applyServerSideEncryptionByDefault:
          opts.keyArn === undefined
            ? { sseAlgorithm: 'AES256' }
            : { sseAlgorithm: 'aws:kms', kmsMasterKeyId: opts.keyArn },
        bucketKeyEnabled: opts.keyArn !== undefined,
      },
    ],
  });
  const log =
    opts.logTarget === undefined
      ? undefined
      : new S3BucketLoggingA(scope, `${id}-log`, {
          bucket: b.id,
          targetBucket: opts.logTarget.id,
          targetPrefix: `${id}/`,
        });
  const lc = new S3BucketLifecycleConfiguration(scope, `${id}-lc`, {
    bucket: b.id,
    rule: [
      { id: 'old', status: 'Enabled', filter: [{ prefix: '' }], noncurrentVersionExpiration: [{ noncurrentDays: 30 }] },
    ],
  });
  const statements: DataAwsIamPolicyDocumentStatement[] = [
    TLS('s3', [b.arn, `${b.arn}/*`]),
    {
      sid: 'Guard',
      effect: 'Deny',
      actions: [
        's3:DeleteBucketPolicy',
        's3:PutAnalyticsConfiguration',
        's3:PutBucketLogging',
        's3:PutBucketNotification',
        's3:PutBucketObjectLockConfiguration',
        's3:PutBucketOwnershipControls',
        's3:PutBucketPolicy',
        's3:PutBucketPublicAccessBlock',
        's3:PutBucketVersioning',
        's3:PutEncryptionConfiguration',
        's3:PutInventoryConfiguration',
        's3:PutLifecycleConfiguration',
        's3:PutReplicationConfiguration',
      ],
      resources: [b.arn],
      principals: ANYONE,
      condition: EXCEPT_BREAK_GLASS,
    },
    ...(opts.keyArn === undefined
      ? []
      : [
          {
            sid: 'Readers',
            effect: 'Deny',
            actions: ['s3:GetObject*'],
            resources: [`${b.arn}/*`],
            principals: ANYONE,
            condition: [
              {
                test: 'ArnNotEquals',
                variable: 'aws:PrincipalArn',
                values: [`arn:aws:iam::${ACCOUNT}:role/verifier`, BREAK_GLASS],
              },
            ],
          },
        ]),
    ...(opts.extra ?? []),
  ];
  if (opts.keyArn !== undefined && opts.objectLock !== true) {
    statements.push({
      sid: 'DenyOtherKeys',
      effect: 'Deny',
      actions: ['s3:PutObject'],
      resources: [`${b.arn}/*`],
      principals: [{ type: '*', identifiers: ['*'] }],
      condition: [
        { test: 'StringNotEquals', variable: 's3:x-amz-server-side-encryption-aws-kms-key-id', values: [opts.keyArn] },
      ],
    });
  }
  const policyDoc = doc(scope, `${id}-policy-doc`, statements);
  const policy = new S3BucketPolicy(scope, `${id}-policy`, { bucket: b.id, policy: policyDoc.json });
  const lock =
    opts.objectLock === true
      ? new S3BucketObjectLockConfigurationA(scope, `${id}-lock`, {
          bucket: b.id,
          rule: { defaultRetention: { mode: 'GOVERNANCE', days: 30 } },
        })
      : undefined;
  return { bucket: b, pab, own, ver, enc, log, lc, policyDoc, policy, lock };
}

/** The fixture's app, its stacks (keys, storage, ledger, audit, threat detection, verifier) and its parts by name. */
export type Fixture = ReturnType<typeof buildFixture>;

export function buildFixture() {
  const app = new App({ outdir: '/tmp/vault-compliance-fixture', skipValidation: true });
  const keys = base(app, 'fx-keys');
  const vault = key(keys, 'vault-key', []);
  const audit = key(keys, 'audit-key', [
    {
      sid: 'CloudTrail',
      actions: ['kms:GenerateDataKey*'],
      resources: ['*'],
      principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }],
      condition: [
        {
          test: 'StringLike',
          variable: 'kms:EncryptionContext:aws:cloudtrail:arn',
          values: [`arn:aws:cloudtrail:*:${ACCOUNT}:trail/*`],
        },
      ],
    },
    {
      sid: 'Logs',
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:GenerateDataKey*'],
      resources: ['*'],
      principals: [{ type: 'Service', identifiers: ['logs.eu-west-1.amazonaws.com'] }],
      condition: [
        {
          test: 'ArnLike',
          variable: 'kms:EncryptionContext:aws:logs:arn',
          values: [`arn:aws:logs:eu-west-1:${ACCOUNT}:*`],
        },
      ],
    },
  ]);

  // The alert topic and its dead-letter queue have a key of their own, with other administrators.
  const alerting = key(
    keys,
    'alert-key',
    [
      {
        sid: 'Publishers',
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'],
        principals: [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com', 'events.amazonaws.com'] }],
        condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [ACCOUNT] }],
      },
    ],
    'alert-admin',
  );

  // Every role carries the boundary (the verifier's role fenced to its function); the guardrail denies their
  // takeover to all but the pipeline, their trust and deletion to all but break-glass, assuming them to all.
  const verifierFn = `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:fx-verifier`;
  const boundaryDoc = doc(keys, 'boundary-doc', [
    { sid: 'Work', actions: ['s3:GetObject', 'dynamodb:PutItem'], resources: [`arn:aws:s3:::vault-data-${ACCOUNT}/*`] },
    {
      sid: 'Fence',
      effect: 'Deny',
      actions: ['s3:GetObject', 'dynamodb:PutItem'],
      resources: ['*'],
      condition: [
        { test: 'ArnEquals', variable: 'aws:PrincipalArn', values: [`arn:aws:iam::${ACCOUNT}:role/verifier`] },
        { test: 'ArnNotLike', variable: 'lambda:SourceFunctionArn', values: [verifierFn, `${verifierFn}:*`] },
      ],
    },
  ]);
  const boundary = new IamPolicy(keys, 'boundary', { name: 'fx-boundary', policy: boundaryDoc.json });
  // The digest signing key: asymmetric (no rotation), and only the digest job signs.
  const signingKeyPolicy = doc(keys, 'signing-key-policy', [
    {
      sid: 'Admins',
      actions: ['kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy', 'kms:DisableKey', 'kms:DescribeKey'],
      resources: ['*'],
      principals: [{ type: 'AWS', identifiers: [`arn:aws:iam::${ACCOUNT}:role/key-admin`] }],
    },
    {
      sid: 'Signer',
      actions: ['kms:Sign'],
      resources: ['*'],
      principals: [{ type: 'AWS', identifiers: [`arn:aws:iam::${ACCOUNT}:role/digest-job`] }],
    },
    {
      sid: 'OnlyTheSignerSigns',
      effect: 'Deny',
      actions: ['kms:Sign'],
      resources: ['*'],
      principals: ANYONE,
      condition: [
        { test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [`arn:aws:iam::${ACCOUNT}:role/digest-job`] },
      ],
    },
  ]);
  const signingKey = new KmsKey(keys, 'signing-key', {
    keyUsage: 'SIGN_VERIFY',
    customerMasterKeySpec: 'RSA_3072',
    enableKeyRotation: false,
    deletionWindowInDays: 30,
    policy: signingKeyPolicy.json,
    lifecycle: { preventDestroy: true },
  });
  const guardrailDoc = doc(keys, 'guardrail-doc', [
    {
      sid: 'RolesOnlyByPipeline',
      effect: 'Deny',
      actions: ['iam:AttachRolePolicy', 'iam:CreateRole', 'iam:PassRole', 'iam:PutRolePolicy'],
      resources: [`arn:aws:iam::${ACCOUNT}:role/*`],
      condition: [
        {
          test: 'ArnNotEquals',
          variable: 'aws:PrincipalArn',
          values: [`arn:aws:iam::${ACCOUNT}:role/deployer`, BREAK_GLASS],
        },
      ],
    },
    {
      sid: 'TrustOnlyByBreakGlass',
      effect: 'Deny',
      actions: ['iam:DeleteRole', 'iam:UpdateAssumeRolePolicy'],
      resources: [`arn:aws:iam::${ACCOUNT}:role/*`],
      condition: EXCEPT_BREAK_GLASS,
    },
    {
      sid: 'AssumedByNobody',
      effect: 'Deny',
      actions: ['sts:AssumeRole'],
      resources: [`arn:aws:iam::${ACCOUNT}:role/*`],
    },
    {
      sid: 'InvokedByNobody',
      effect: 'Deny',
      actions: ['lambda:InvokeAsync', 'lambda:InvokeFunction', 'lambda:InvokeFunctionUrl'],
      resources: [`${verifierFn}*`],
    },
    {
      // The model renders a code-signing config's ARN from its stack and name (AWS assigns the id).
      sid: 'OnlyItsCodeSigningConfig',
      effect: 'Deny',
      actions: ['lambda:CreateFunction', 'lambda:PutFunctionCodeSigningConfig'],
      resources: [`${verifierFn}*`],
      condition: [
        {
          test: 'ArnNotEquals',
          variable: 'lambda:CodeSigningConfigArn',
          values: [`arn:aws:lambda:eu-west-1:${ACCOUNT}:code-signing-config:csc-fx-verifier-signing`],
        },
      ],
    },
    {
      sid: 'CodeSigningOnlyByBreakGlass',
      effect: 'Deny',
      actions: ['lambda:DeleteFunctionCodeSigningConfig', 'lambda:PutFunctionCodeSigningConfig'],
      resources: [`${verifierFn}*`],
      condition: EXCEPT_BREAK_GLASS,
    },
    {
      sid: 'GuardrailsOnlyByBreakGlass',
      effect: 'Deny',
      actions: [
        'iam:CreatePolicyVersion',
        'iam:DeletePolicy',
        'iam:DeletePolicyVersion',
        'iam:SetDefaultPolicyVersion',
      ],
      resources: [
        `arn:aws:iam::${ACCOUNT}:policy/fx-guardrail`,
        `arn:aws:iam::${ACCOUNT}:policy/fx-detection-guardrail`,
      ],
      condition: EXCEPT_BREAK_GLASS,
    },
    {
      sid: 'GuardrailDetachOnlyByBreakGlass',
      effect: 'Deny',
      actions: ['iam:DetachGroupPolicy', 'iam:DetachRolePolicy', 'iam:DetachUserPolicy'],
      resources: ['*'],
      condition: [
        {
          test: 'ArnEquals',
          variable: 'iam:PolicyARN',
          values: [
            `arn:aws:iam::${ACCOUNT}:policy/fx-guardrail`,
            `arn:aws:iam::${ACCOUNT}:policy/fx-detection-guardrail`,
          ],
        },
        ...EXCEPT_BREAK_GLASS,
      ],
    },
  ]);
  const guardrail = new IamPolicy(keys, 'guardrail', { name: 'fx-guardrail', policy: guardrailDoc.json });
  // Detection: only the pipeline stops the trail; only auditors read its log group.
  const detectionGuardrailDoc = doc(keys, 'detection-guardrail-doc', [
    {
      sid: 'TrailOnlyByPipeline',
      effect: 'Deny',
      actions: [
        'cloudtrail:DeleteTrail',
        'cloudtrail:PutEventSelectors',
        'cloudtrail:StopLogging',
        'cloudtrail:UpdateTrail',
      ],
      resources: [`arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/fx-trail`],
      condition: [
        {
          test: 'ArnNotEquals',
          variable: 'aws:PrincipalArn',
          values: [`arn:aws:iam::${ACCOUNT}:role/deployer`, BREAK_GLASS],
        },
      ],
    },
    {
      sid: 'SubscriptionsOnlyByPipeline',
      effect: 'Deny',
      actions: ['sns:SetSubscriptionAttributes', 'sns:Unsubscribe'],
      resources: [`arn:aws:sns:eu-west-1:${ACCOUNT}:fx-alerts`, `arn:aws:sns:eu-west-1:${ACCOUNT}:fx-alerts:*`],
      condition: [
        {
          test: 'ArnNotEquals',
          variable: 'aws:PrincipalArn',
          values: [`arn:aws:iam::${ACCOUNT}:role/deployer`, BREAK_GLASS],
        },
      ],
    },
    {
      sid: 'TrailLogsOnlyByAuditors',
      effect: 'Deny',
      actions: ['logs:FilterLogEvents', 'logs:GetLogEvents', 'logs:StartLiveTail', 'logs:StartQuery'],
      resources: [
        `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/cloudtrail/fx`,
        `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/cloudtrail/fx:*`,
      ],
      condition: [
        {
          test: 'ArnNotEquals',
          variable: 'aws:PrincipalArn',
          values: [`arn:aws:iam::${ACCOUNT}:role/auditor`, BREAK_GLASS],
        },
      ],
    },
  ]);
  const detectionGuardrail = new IamPolicy(keys, 'detection-guardrail', {
    name: 'fx-detection-guardrail',
    policy: detectionGuardrailDoc.json,
  });

  // storage: access-log bucket (SSE-S3, no Object Lock, logging service by policy) and the vault bucket.
  const storage = base(app, 'fx-storage');
  const logs = bucket(storage, 'access-logs', {
    extra: [
      {
        sid: 'S3ServerAccessLogs',
        actions: ['s3:PutObject'],
        resources: [`arn:aws:s3:::access-logs-${ACCOUNT}/*`],
        principals: [{ type: 'Service', identifiers: ['logging.s3.amazonaws.com'] }],
        condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [ACCOUNT] }],
      },
    ],
  });
  const dataArn = `arn:aws:s3:::vault-data-${ACCOUNT}`;
  const writersOf = (prefix: string, role: string): DataAwsIamPolicyDocumentStatement => ({
    sid: `Writers${role}`,
    effect: 'Deny',
    actions: ['s3:PutObject'],
    resources: [`${dataArn}/${prefix}*`],
    principals: ANYONE,
    condition: [
      { test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [`arn:aws:iam::${ACCOUNT}:role/${role}`] },
    ],
  });
  const data = bucket(storage, 'vault-data', {
    keyArn: vault.key.arn,
    logTarget: logs.bucket,
    extra: [
      {
        sid: 'Prefixes',
        effect: 'Deny',
        actions: ['s3:PutObject'],
        notResources: [`${dataArn}/uploads/*`, `${dataArn}/references/*`],
        principals: ANYONE,
      },
      writersOf('uploads/', 'uploader'),
      writersOf('references/', 'enroller'),
    ],
  });
  const state = bucket(storage, 'state', {
    name: STATE_BUCKET,
    keyArn: vault.key.arn,
    logTarget: logs.bucket,
    extra: [
      {
        sid: 'StateWriters',
        effect: 'Deny',
        actions: ['s3:PutObject', 's3:DeleteObjectVersion'],
        resources: [`arn:aws:s3:::${STATE_BUCKET}/*`],
        principals: ANYONE,
        condition: [
          {
            test: 'ArnNotEquals',
            variable: 'aws:PrincipalArn',
            values: [`arn:aws:iam::${ACCOUNT}:role/deployer`, BREAK_GLASS],
          },
        ],
      },
    ],
  });

  // ledger
  const ledger = base(app, 'fx-ledger');
  const table = new DynamodbTable(ledger, 'ledger', {
    name: 'fx-ledger',
    billingMode: 'PAY_PER_REQUEST',
    hashKey: 'pk',
    attribute: [{ name: 'pk', type: 'S' }],
    pointInTimeRecovery: { enabled: true },
    serverSideEncryption: { enabled: true, kmsKeyArn: vault.key.arn },
    deletionProtectionEnabled: true,
    streamEnabled: true,
    streamViewType: 'NEW_AND_OLD_IMAGES',
  });
  const ledgerDoc = doc(ledger, 'ledger-policy-doc', [
    {
      sid: 'AppendOnly',
      effect: 'Deny',
      actions: ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:DeleteTable'],
      resources: ['*'],
      principals: [{ type: '*', identifiers: ['*'] }],
      condition: EXCEPT_BREAK_GLASS,
    },
    {
      sid: 'Copies',
      effect: 'Deny',
      actions: [
        'dynamodb:CreateBackup',
        'dynamodb:EnableKinesisStreamingDestination',
        'dynamodb:ExportTableToPointInTime',
        'dynamodb:RestoreTableToPointInTime',
      ],
      resources: ['*'],
      principals: ANYONE,
      condition: EXCEPT_BREAK_GLASS,
    },
    {
      sid: 'Writer',
      actions: ['dynamodb:PutItem'],
      resources: ['*'],
      principals: [{ type: 'AWS', identifiers: [`arn:aws:iam::${ACCOUNT}:role/verifier`] }],
    },
  ]);
  const ledgerPolicy = new DynamodbResourcePolicy(ledger, 'ledger-policy', {
    resourceArn: table.arn,
    policy: ledgerDoc.json,
  });
  // The ledger's stream has a policy of its own: only its consumer (and break-glass) reads it.
  const streamDoc = doc(ledger, 'stream-policy-doc', [
    {
      sid: 'StreamReads',
      effect: 'Deny',
      actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
      resources: [table.streamArn],
      principals: ANYONE,
      condition: [
        {
          test: 'ArnNotEquals',
          variable: 'aws:PrincipalArn',
          values: [`arn:aws:iam::${ACCOUNT}:role/stream-consumer`, BREAK_GLASS],
        },
      ],
    },
    {
      sid: 'StreamPolicy',
      effect: 'Deny',
      actions: ['dynamodb:DeleteResourcePolicy', 'dynamodb:PutResourcePolicy'],
      resources: [table.streamArn],
      principals: ANYONE,
      condition: EXCEPT_BREAK_GLASS,
    },
  ]);
  const streamPolicy = new DynamodbResourcePolicy(ledger, 'stream-policy', {
    resourceArn: table.streamArn,
    policy: streamDoc.json,
  });

  // audit
  const auditStack = base(app, 'fx-audit');
  const topic = new SnsTopic(auditStack, 'alerts', { name: 'fx-alerts', kmsMasterKeyId: alerting.key.arn });
  const trailArn = `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/fx-trail`;
  const trailB = bucket(auditStack, 'trail-logs', {
    keyArn: audit.key.arn,
    logTarget: logs.bucket,
    objectLock: true,
    extra: [
      {
        sid: 'AclCheck',
        actions: ['s3:GetBucketAcl'],
        resources: [`arn:aws:s3:::trail-logs-${ACCOUNT}`],
        principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }],
        condition: [{ test: 'StringEquals', variable: 'aws:SourceArn', values: [trailArn] }],
      },
      {
        sid: 'Write',
        actions: ['s3:PutObject'],
        resources: [`arn:aws:s3:::trail-logs-${ACCOUNT}/trail/AWSLogs/${ACCOUNT}/*`],
        principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }],
        condition: [{ test: 'StringEquals', variable: 'aws:SourceArn', values: [trailArn] }],
      },
    ],
  });
  const trailGroup = new CloudwatchLogGroup(auditStack, 'trail-group', {
    name: '/aws/cloudtrail/fx',
    retentionInDays: 400,
    kmsKeyId: audit.key.arn,
  });
  const trustDoc = (id: string, service: string, scoped: boolean) =>
    doc(auditStack, id, [
      {
        actions: ['sts:AssumeRole'],
        principals: [{ type: 'Service', identifiers: [service] }],
        ...(scoped ? { condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [ACCOUNT] }] } : {}),
      },
    ]);
  const trailRole = new IamRole(auditStack, 'trail-role', {
    name: 'fx-trail-logs',
    permissionsBoundary: BOUNDARY,
    assumeRolePolicy: trustDoc('trail-trust', 'cloudtrail.amazonaws.com', true).json,
  });
  const trailRolePolicyDoc = doc(auditStack, 'trail-role-doc', [
    { actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${trailGroup.arn}:*`] },
  ]);
  const trailRolePolicy = new IamRolePolicy(auditStack, 'trail-role-policy', {
    role: trailRole.id,
    policy: trailRolePolicyDoc.json,
  });
  const trail = new Cloudtrail(auditStack, 'trail', {
    name: 'fx-trail',
    s3BucketName: trailB.bucket.id,
    s3KeyPrefix: 'trail',
    isMultiRegionTrail: true,
    includeGlobalServiceEvents: true,
    enableLogFileValidation: true,
    kmsKeyId: audit.key.arn,
    cloudWatchLogsGroupArn: `${trailGroup.arn}:*`,
    cloudWatchLogsRoleArn: trailRole.arn,
    dependsOn: [trailB.policy],
    advancedEventSelector: [
      { name: 'management', fieldSelector: [{ field: 'eventCategory', equalTo: ['Management'] }] },
      {
        name: 'vault-objects',
        fieldSelector: [
          { field: 'eventCategory', equalTo: ['Data'] },
          { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
          { field: 'resources.ARN', startsWith: [`${data.bucket.arn}/`, `arn:aws:s3:::${STATE_BUCKET}/`] },
        ],
      },
    ],
  });
  const alarms = {
    root: '{ $.userIdentity.type = "Root" }',
    unauthorized: '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
    iam: '{ ($.eventName = PutRolePolicy) || ($.eventName = AttachRolePolicy) || ($.eventName = CreatePolicyVersion) }',
    trail: '{ ($.eventName = StopLogging) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) }',
    kms: '{ ($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion) || ($.eventName = PutKeyPolicy) }',
    s3: '{ ($.eventName = PutBucketPolicy) || ($.eventName = DeleteBucketPolicy) }',
    ledger: '{ ($.eventName = UpdateItem) || ($.eventName = DeleteItem) }',
  };
  const monitored = mapValues(alarms, (pattern, n) => ({
    filter: new CloudwatchLogMetricFilter(auditStack, `filter-${n}`, {
      name: n,
      logGroupName: trailGroup.name,
      pattern,
      metricTransformation: { name: n, namespace: 'Vault', value: '1' },
    }),
    alarm: new CloudwatchMetricAlarm(auditStack, `alarm-${n}`, {
      alarmName: n,
      metricName: n,
      namespace: 'Vault',
      statistic: 'Sum',
      period: 300,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      alarmActions: [topic.arn],
    }),
  }));

  // threat detection
  const threat = base(app, 'fx-threat');
  const detector = new GuarddutyDetector(threat, 'detector', {
    enable: true,
    findingPublishingFrequency: 'FIFTEEN_MINUTES',
  });
  const s3Feature = new GuarddutyDetectorFeature(threat, 's3-feature', {
    detectorId: detector.id,
    name: 'S3_DATA_EVENTS',
    status: 'ENABLED',
  });
  const lambdaFeature = new GuarddutyDetectorFeature(threat, 'lambda-feature', {
    detectorId: detector.id,
    name: 'LAMBDA_NETWORK_LOGS',
    status: 'ENABLED',
  });
  const rule = new CloudwatchEventRule(threat, 'findings', {
    name: 'fx-findings',
    eventPattern: JSON.stringify({
      source: ['aws.guardduty'],
      'detail-type': ['GuardDuty Finding'],
      detail: {
        $or: [
          { severity: [{ numeric: ['>=', 4] }] },
          { type: ['Stealth:', 'Policy:', 'PenTest:', 'CredentialAccess:'].map((prefix) => ({ prefix })) },
        ],
      },
    }),
  });
  const dlq = new SqsQueue(threat, 'events-dlq', {
    name: 'fx-events-dlq',
    kmsMasterKeyId: alerting.key.arn,
    messageRetentionSeconds: 1209600,
  });
  const dlqDoc = doc(threat, 'events-dlq-doc', [
    TLS('sqs', [dlq.arn]),
    {
      sid: 'ReadsOnlyByBreakGlass',
      effect: 'Deny',
      actions: ['sqs:DeleteMessage', 'sqs:PurgeQueue', 'sqs:ReceiveMessage'],
      resources: [dlq.arn],
      principals: ANYONE,
      condition: EXCEPT_BREAK_GLASS,
    },
  ]);
  const dlqPolicy = new SqsQueuePolicy(threat, 'events-dlq-policy', { queueUrl: dlq.url, policy: dlqDoc.json });
  const dlqAlarm = new CloudwatchMetricAlarm(threat, 'events-dlq-alarm', {
    alarmName: 'fx-events-undelivered',
    namespace: 'AWS/SQS',
    metricName: 'ApproximateNumberOfMessagesVisible',
    dimensions: { QueueName: 'fx-events-dlq' },
    statistic: 'Maximum',
    period: 300,
    evaluationPeriods: 1,
    threshold: 1,
    comparisonOperator: 'GreaterThanOrEqualToThreshold',
    alarmActions: [topic.arn],
  });
  const target = new CloudwatchEventTarget(threat, 'findings-target', {
    rule: rule.name,
    arn: topic.arn,
    deadLetterConfig: { arn: dlq.arn },
  });
  const topicDoc = doc(threat, 'topic-doc', [
    TLS('sns', [topic.arn]),
    {
      sid: 'Events',
      actions: ['sns:Publish'],
      resources: [topic.arn],
      principals: [{ type: 'Service', identifiers: ['events.amazonaws.com'] }],
      condition: [{ test: 'ArnEquals', variable: 'aws:SourceArn', values: [rule.arn] }],
    },
  ]);
  const topicPolicy = new SnsTopicPolicy(threat, 'topic-policy', { arn: topic.arn, policy: topicDoc.json });
  const malwareRole = new IamRole(threat, 'malware-role', {
    name: 'fx-malware',
    permissionsBoundary: BOUNDARY,
    assumeRolePolicy: doc(threat, 'malware-trust', [
      {
        actions: ['sts:AssumeRole'],
        principals: [{ type: 'Service', identifiers: ['malware-protection-plan.guardduty.amazonaws.com'] }],
        condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [ACCOUNT] }],
      },
    ]).json,
  });
  const malware = new GuarddutyMalwareProtectionPlan(threat, 'malware', {
    role: malwareRole.arn,
    protectedResource: [{ s3Bucket: [{ bucketName: data.bucket.id, objectPrefixes: ['uploads/'] }] }],
    actions: [{ tagging: [{ status: 'ENABLED' }] }],
  });

  // verifier
  const verifier = base(app, 'fx-verifier');
  const vrole = new IamRole(verifier, 'verifier-role', {
    name: 'verifier',
    permissionsBoundary: BOUNDARY,
    assumeRolePolicy: doc(verifier, 'verifier-trust', [
      { actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }] },
    ]).json,
  });
  const failures = new SqsQueue(verifier, 'failures', {
    name: 'fx-failures',
    kmsMasterKeyId: vault.key.arn,
    messageRetentionSeconds: 1209600,
  });
  const failuresDoc = doc(verifier, 'failures-doc', [TLS('sqs', [failures.arn])]);
  // The ledger's digest bucket: Object Lock, and nobody but break-glass deletes or unlocks a digest.
  const digests = bucket(verifier, 'ledger-digests', {
    keyArn: vault.key.arn,
    logTarget: logs.bucket,
    objectLock: true,
    extra: [
      {
        sid: 'Tampering',
        effect: 'Deny',
        actions: [
          's3:BypassGovernanceRetention',
          's3:DeleteObject',
          's3:DeleteObjectVersion',
          's3:PutObjectLegalHold',
          's3:PutObjectRetention',
        ],
        resources: [`arn:aws:s3:::ledger-digests-${ACCOUNT}/*`],
        principals: ANYONE,
        condition: EXCEPT_BREAK_GLASS,
      },
      {
        sid: 'DenyOtherKeys',
        effect: 'Deny',
        actions: ['s3:PutObject'],
        resources: [`arn:aws:s3:::ledger-digests-${ACCOUNT}/*`],
        principals: ANYONE,
        condition: [
          {
            test: 'StringNotEquals',
            variable: 's3:x-amz-server-side-encryption-aws-kms-key-id',
            values: [vault.key.arn],
          },
        ],
      },
    ],
  });
  const failuresPolicy = new SqsQueuePolicy(verifier, 'failures-policy', {
    queueUrl: failures.url,
    policy: failuresDoc.json,
  });
  const profile = new SignerSigningProfile(verifier, 'profile', {
    name: 'fx_verifier',
    platformId: 'AWSLambda-SHA384-ECDSA',
  });
  const signing = new LambdaCodeSigningConfig(verifier, 'signing', {
    allowedPublishers: { signingProfileVersionArns: [profile.versionArn] },
    policies: { untrustedArtifactOnDeployment: 'Enforce' },
  });
  const fn = new LambdaFunction(verifier, 'fn', {
    codeSigningConfigArn: signing.arn,
    functionName: 'fx-verifier',
    role: vrole.arn,
    runtime: 'nodejs22.x',
    handler: 'index.handler',
    filename: 'fn.zip',
    timeout: 30,
    memorySize: 512,
    reservedConcurrentExecutions: 10,
    tracingConfig: { mode: 'Active' },
    kmsKeyArn: vault.key.arn,
    environment: { variables: { LEDGER_TABLE_NAME: table.name, DIGEST_BUCKET: digests.bucket.bucket } },
  });
  const fnGroup = new CloudwatchLogGroup(verifier, 'fn-group', {
    name: '/aws/lambda/fx-verifier',
    retentionInDays: 400,
    kmsKeyId: audit.key.arn,
  });
  const invoke = new LambdaFunctionEventInvokeConfig(verifier, 'invoke', {
    functionName: fn.functionName,
    maximumRetryAttempts: 2,
    destinationConfig: { onFailure: { destination: failures.arn } },
  });
  const permission = new LambdaPermission(verifier, 'permission', {
    action: 'lambda:InvokeFunction',
    functionName: fn.functionName,
    principal: 's3.amazonaws.com',
    sourceArn: data.bucket.arn,
    sourceAccount: ACCOUNT,
  });
  // The intake queue S3 notifies and the function drains: redrive to the failure queue, which keeps longer.
  const intake = new SqsQueue(verifier, 'intake', {
    name: 'fx-intake',
    kmsMasterKeyId: vault.key.arn,
    messageRetentionSeconds: 345600,
    visibilityTimeoutSeconds: 180,
    redrivePolicy: Fn.jsonencode({ deadLetterTargetArn: failures.arn, maxReceiveCount: 10 }),
  });
  const intakeDoc = doc(verifier, 'intake-doc', [
    TLS('sqs', [intake.arn]),
    {
      sid: 'S3Notifies',
      actions: ['sqs:SendMessage'],
      resources: [intake.arn],
      principals: [{ type: 'Service', identifiers: ['s3.amazonaws.com'] }],
      condition: [
        { test: 'ArnLike', variable: 'aws:SourceArn', values: [data.bucket.arn] },
        { test: 'StringEquals', variable: 'aws:SourceAccount', values: [ACCOUNT] },
      ],
    },
    {
      sid: 'OnlyTheVerifierConsumes',
      effect: 'Deny',
      actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:PurgeQueue'],
      resources: [intake.arn],
      principals: [{ type: '*', identifiers: ['*'] }],
      condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [vrole.arn] }],
    },
  ]);
  const intakePolicy = new SqsQueuePolicy(verifier, 'intake-policy', { queueUrl: intake.url, policy: intakeDoc.json });
  const mapping = new LambdaEventSourceMapping(verifier, 'mapping', {
    eventSourceArn: intake.arn,
    functionName: fn.functionName,
    batchSize: 10,
    functionResponseTypes: ['ReportBatchItemFailures'],
    scalingConfig: { maximumConcurrency: 5 },
  });
  const vdoc = doc(verifier, 'verifier-doc', [
    {
      sid: 'Read',
      actions: ['s3:GetObject'],
      resources: [`${data.bucket.arn}/uploads/*`, `${data.bucket.arn}/references/*`],
    },
    { sid: 'Rekognition', actions: ['rekognition:DetectFaces', 'rekognition:CompareFaces'], resources: ['*'] },
    { sid: 'Ledger', actions: ['dynamodb:PutItem'], resources: [table.arn] },
    {
      sid: 'Decrypt',
      actions: ['kms:Decrypt'],
      resources: [vault.key.arn],
      condition: [
        {
          test: 'StringEquals',
          variable: 'kms:ViaService',
          values: ['s3.eu-west-1.amazonaws.com', 'dynamodb.eu-west-1.amazonaws.com'],
        },
      ],
    },
  ]);
  const vpolicy = new IamRolePolicy(verifier, 'verifier-policy', { role: vrole.id, policy: vdoc.json });

  // detection: every call that would silence or weaken detection alerts (IAM's forwarded from us-east-1)
  const detect = base(app, 'fx-detect');
  const east = new AwsProvider(detect, 'east', { region: 'us-east-1', alias: 'east' });
  const prefixed = (values: readonly string[]): { prefix: string }[] => values.map((prefix) => ({ prefix }));
  const tamper: Record<string, { source: string; names: string[]; detail?: Record<string, unknown> }> = {
    kms: {
      source: 'kms',
      names: ['CancelKeyDeletion', 'DisableKey', 'PutKeyPolicy', 'ScheduleKeyDeletion'],
      detail: { resources: { ARN: [vault.key.arn, audit.key.arn, alerting.key.arn, signingKey.arn] } },
    },
    trail: {
      source: 'cloudtrail',
      names: ['DeleteTrail', 'PutEventSelectors', 'PutInsightSelectors', 'StopLogging', 'UpdateTrail'],
      detail: {
        $or: [{ requestParameters: { name: ['fx-trail'] } }, { requestParameters: { trailName: ['fx-trail'] } }],
      },
    },
    guardduty: {
      source: 'guardduty',
      names: [
        'CreateFilter',
        'DeleteDetector',
        'DeletePublishingDestination',
        'DeleteMalwareProtectionPlan',
        'UpdateDetector',
        'UpdateMalwareProtectionPlan',
      ],
    },
    rules: {
      source: 'events',
      names: ['DeleteRule', 'DisableRule', 'RemoveTargets'],
      detail: {
        $or: [{ requestParameters: { name: prefixed(['fx-']) } }, { requestParameters: { rule: prefixed(['fx-']) } }],
      },
    },
    logs: {
      source: 'logs',
      names: ['DeleteLogGroup', 'DeleteMetricFilter', 'PutRetentionPolicy'],
      detail: { requestParameters: { logGroupName: ['/aws/cloudtrail/fx'] } },
    },
    alarms: {
      source: 'monitoring',
      names: ['DeleteAlarms', 'DisableAlarmActions'],
      detail: { requestParameters: { alarmNames: [{ exists: true }] } },
    },
    topics: {
      source: 'sns',
      names: ['DeleteTopic', 'SetTopicAttributes', 'Unsubscribe'],
      detail: {
        $or: [
          { requestParameters: { topicArn: [topic.arn] } },
          { requestParameters: { subscriptionArn: [{ prefix: `${topic.arn}:` }] } },
        ],
      },
    },
    lambda: {
      source: 'lambda',
      names: [],
      detail: { requestParameters: { functionName: ['fx-verifier'] } },
    },
    iam: {
      source: 'iam',
      names: ['AttachRolePolicy', 'DeleteRolePermissionsBoundary', 'PutRolePolicy', 'UpdateAssumeRolePolicy'],
      detail: { requestParameters: { roleName: ['fx-trail-logs', 'fx-malware', 'verifier', 'fx-forwarder'] } },
    },
    ledger: {
      source: 'dynamodb',
      names: ['DeleteResourcePolicy', 'PutResourcePolicy', 'UpdateContinuousBackups', 'UpdateTable'],
      detail: {
        $or: [{ requestParameters: { tableName: ['fx-ledger'] } }, { requestParameters: { resourceArn: [table.arn] } }],
      },
    },
    buckets: {
      source: 's3',
      names: ['PutBucketLifecycle', 'PutBucketPolicy', 'PutBucketVersioning', 'PutObjectLockConfiguration'],
      detail: {
        requestParameters: {
          bucketName: [...prefixed(['access-logs-', 'trail-logs-', 'vault-data-', 'ledger-digests-']), STATE_BUCKET],
        },
      },
    },
  };
  const pattern = (t: { source: string; names: string[]; detail?: Record<string, unknown> }): string =>
    JSON.stringify({
      source: [`aws.${t.source}`],
      'detail-type': ['AWS API Call via CloudTrail'],
      detail: {
        eventSource: [`${t.source}.amazonaws.com`],
        // Lambda's CloudTrail names carry an API version suffix: matched by prefix.
        eventName:
          t.source === 'lambda'
            ? prefixed(['AddPermission', 'UpdateFunctionCode', 'UpdateFunctionConfiguration'])
            : t.names,
        ...(t.detail ?? {}),
      },
    });
  const tamperRules = Object.fromEntries(
    [...Object.entries(tamper), ['rules-witness', tamper.rules] as const].map(([n, t]) => {
      if (t === undefined) throw new Error(`no tamper pattern ${n}`);
      const r = new CloudwatchEventRule(detect, `tamper-${n}`, { name: `fx-tamper-${n}`, eventPattern: pattern(t) });
      new CloudwatchEventTarget(detect, `tamper-${n}-target`, {
        rule: r.name,
        arn: topic.arn,
        deadLetterConfig: { arn: dlq.arn },
      });
      return [n, r];
    }),
  );
  const forwarderRole = new IamRole(detect, 'forwarder-role', {
    name: 'fx-forwarder',
    permissionsBoundary: BOUNDARY,
    assumeRolePolicy: doc(detect, 'forwarder-trust', [
      {
        actions: ['sts:AssumeRole'],
        principals: [{ type: 'Service', identifiers: ['events.amazonaws.com'] }],
        condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [ACCOUNT] }],
      },
    ]).json,
  });
  const forwarderPolicy = new IamRolePolicy(detect, 'forwarder-policy', {
    role: forwarderRole.id,
    policy: doc(detect, 'forwarder-doc', [
      { actions: ['events:PutEvents'], resources: [`arn:aws:events:eu-west-1:${ACCOUNT}:event-bus/default`] },
    ]).json,
  });
  const iamPattern = tamper.iam;
  if (iamPattern === undefined) throw new Error('no IAM tamper pattern');
  const forwarder = new CloudwatchEventRule(detect, 'forwarder', {
    provider: east,
    name: 'fx-iam-to-eu-west-1',
    eventPattern: pattern(iamPattern),
  });
  // The fixture proves rules, not a deployment: its dead letters share the queue of the other rules.
  new CloudwatchEventTarget(detect, 'forwarder-target', {
    provider: east,
    rule: forwarder.name,
    arn: `arn:aws:events:eu-west-1:${ACCOUNT}:event-bus/default`,
    roleArn: forwarderRole.arn,
    deadLetterConfig: { arn: dlq.arn },
  });

  return {
    app,
    stacks: [keys, storage, ledger, auditStack, threat, verifier, detect] as const,
    p: {
      vaultKey: vault.key,
      vaultKeyPolicy: vault.policy,
      auditKey: audit.key,
      alertKey: alerting.key,
      alertKeyPolicy: alerting.policy,
      detectionGuardrailDoc,
      detectionGuardrail,
      dlqDoc,
      dlqPolicy,
      dlqAlarm,
      tamperS3: present(tamperRules.buckets, 'the bucket tamper rule'),
      tamperKms: present(tamperRules.kms, 'the key tamper rule'),
      forwarder,
      forwarderRole,
      forwarderPolicy,
      logsBucket: logs.bucket,
      logsEnc: logs.enc,
      logsPolicyDoc: logs.policyDoc,
      dataBucket: data.bucket,
      dataPab: data.pab,
      dataOwn: data.own,
      dataVer: data.ver,
      dataEnc: data.enc,
      dataLog: present(data.log, 'the data bucket access logging'),
      dataLc: data.lc,
      dataPolicyDoc: data.policyDoc,
      stateBucket: state.bucket,
      statePolicyDoc: state.policyDoc,
      boundary,
      boundaryDoc,
      guardrail,
      guardrailDoc,
      signing,
      table,
      ledgerDoc,
      ledgerPolicy,
      streamDoc,
      streamPolicy,
      signingKey,
      signingKeyPolicy,
      digestBucket: digests.bucket,
      digestLock: present(digests.lock, 'the digest bucket object lock'),
      digestPolicyDoc: digests.policyDoc,
      topic,
      trailBucket: trailB.bucket,
      trailLock: present(trailB.lock, 'the trail bucket object lock'),
      trailBucketLog: present(trailB.log, 'the trail bucket access logging'),
      trailPolicyDoc: trailB.policyDoc,
      trailGroup,
      trailRole,
      trailRolePolicy,
      trailRolePolicyDoc,
      trail,
      filterRoot: monitored.root.filter,
      filterUnauthorized: monitored.unauthorized.filter,
      filterIam: monitored.iam.filter,
      filterTrail: monitored.trail.filter,
      filterKms: monitored.kms.filter,
      filterS3: monitored.s3.filter,
      filterLedger: monitored.ledger.filter,
      alarmRoot: monitored.root.alarm,
      detector,
      s3Feature,
      lambdaFeature,
      rule,
      target,
      topicDoc,
      topicPolicy,
      malware,
      dlq,
      vrole,
      failures,
      failuresDoc,
      failuresPolicy,
      intake,
      intakeDoc,
      intakePolicy,
      mapping,
      fn,
      fnGroup,
      invoke,
      permission,
      vdoc,
      vpolicy,
    } satisfies Record<string, TerraformResource | DataAwsIamPolicyDocument>,
  };
}

/** An object with the same keys, each value mapped by `fn`, in key order. */
function mapValues<K extends string, V, R>(object: Readonly<Record<K, V>>, fn: (value: V, key: K) => R): Record<K, R> {
  const entries = Object.entries(object) as [K, V][]; // Object.entries widens the keys to string
  return Object.fromEntries(entries.map(([key, value]) => [key, fn(value, key)])) as Record<K, R>;
}
