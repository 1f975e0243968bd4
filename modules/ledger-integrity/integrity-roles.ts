import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { AwsContext } from '../core/aws-context';
import { KMS_PUBLISH_ACTIONS, KMS_PUBLIC_KEY_ACTIONS, KMS_SIGN_ACTIONS, actions } from '../core/kms-actions';
import { DIGEST_SIGNING_ALGORITHM } from '../keys/ledger-signing-key-policy';
import { LEDGER_STREAM_READ_ACTIONS } from '../ledger/append-only-ledger';
import { DIGEST_PREFIX, PUBLIC_KEY_PREFIX, STAGING_PREFIX } from '../../lambda-src/ledger-integrity/digest-format';

/** A role Lambda (or EventBridge Scheduler) assumes, with the project's permissions boundary and one inline policy. */
class ServiceRole extends Construct {
  public readonly role: IamRole;
  public readonly policy: IamRolePolicy;
  public readonly document: DataAwsIamPolicyDocument;
  public readonly roleArn: string;

  public constructor(
    scope: Construct,
    id: string,
    props: {
      readonly roleName: string;
      readonly description: string;
      readonly trust: DataAwsIamPolicyDocumentStatement;
      readonly permissionsBoundaryArn: string;
      readonly statements: DataAwsIamPolicyDocumentStatement[];
    },
  ) {
    super(scope, id);
    const trust = new DataAwsIamPolicyDocument(this, 'trust', { statement: [props.trust] });
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: trust.json,
      permissionsBoundary: props.permissionsBoundaryArn,
    });
    this.roleArn = this.role.arn;
    this.document = new DataAwsIamPolicyDocument(this, 'document', { statement: props.statements });
    this.policy = new IamRolePolicy(this, 'policy', { name: id, role: this.role.id, policy: this.document.json });
  }
}

const lambdaTrust: DataAwsIamPolicyDocumentStatement = {
  sid: 'LambdaAssumesRole',
  effect: 'Allow',
  principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }],
  actions: ['sts:AssumeRole'],
};

/** Writing its own log streams and X-Ray segments: every function role. */
function observe(aws: AwsContext, logGroupName: string): DataAwsIamPolicyDocumentStatement[] {
  return [
    {
      sid: 'WriteOwnLogs',
      effect: 'Allow',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [`${aws.logGroupArn(logGroupName)}:log-stream:*`],
    },
    {
      sid: 'WriteTraces',
      effect: 'Allow',
      actions: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'],
      // X-Ray's PutTraceSegments and PutTelemetryRecords have no resource-level permissions.
      resources: ['*'],
    },
  ];
}

/** Sending to an SQS queue encrypted with the VaultKey: the queue, and the key through SQS only. */
function sendTo(
  aws: AwsContext,
  sid: string,
  queueArn: string,
  vaultKeyArn: string,
): DataAwsIamPolicyDocumentStatement[] {
  return [
    { sid: `SendTo${sid}`, effect: 'Allow', actions: ['sqs:SendMessage'], resources: [queueArn] },
    {
      sid: `Encrypt${sid}MessagesViaSqs`,
      effect: 'Allow',
      actions: actions(KMS_PUBLISH_ACTIONS),
      resources: [vaultKeyArn],
      condition: [
        { test: 'StringEquals', variable: 'kms:ViaService', values: [aws.viaService('sqs')] },
        { test: 'StringEquals', variable: 'kms:CallerAccount', values: [aws.accountId] },
      ],
    },
  ];
}

/** The VaultKey through S3, for the digest bucket's objects only. */
function digestObjectsKey(
  aws: AwsContext,
  sid: string,
  kmsActions: readonly string[],
  vaultKeyArn: string,
  bucketArn: string,
): DataAwsIamPolicyDocumentStatement {
  return {
    sid,
    effect: 'Allow',
    actions: actions(kmsActions),
    resources: [vaultKeyArn],
    condition: [
      { test: 'StringEquals', variable: 'kms:ViaService', values: [aws.viaService('s3')] },
      { test: 'StringEquals', variable: 'kms:CallerAccount', values: [aws.accountId] },
      { test: 'ArnLike', variable: 'kms:EncryptionContext:aws:s3:arn', values: [`${bucketArn}/*`] },
    ],
  };
}

export interface LedgerStreamRoleProps {
  readonly aws: AwsContext;
  readonly roleName: string;
  readonly permissionsBoundaryArn: string;
  readonly ledgerTableName: string;
  readonly vaultKeyArn: string;
  readonly digestBucketArn: string;
  readonly alertTopicArn: string;
  /** The key that encrypts the alert topic (the alert key, `<env>-alerting`). */
  readonly alertTopicKeyArn: string;
  readonly failureQueueArn: string;
  readonly logGroupName: string;
}

/**
 * The stream consumer's role: read the ledger's stream (and decrypt it through DynamoDB), write staged
 * batches under `staging/` (data keys through S3, for that bucket only), publish alerts to the alert topic
 * (its key through SNS only), send failed batches' details to its failure queue. It cannot read or write the
 * ledger table, read the digest bucket, or write a digest.
 */
export class LedgerStreamRole extends ServiceRole {
  public constructor(scope: Construct, id: string, props: LedgerStreamRoleProps) {
    const { aws } = props;
    super(scope, id, {
      roleName: props.roleName,
      description:
        'Biometric vault ledger stream consumer: alerts on changed records, stages every change for the digests',
      trust: lambdaTrust,
      permissionsBoundaryArn: props.permissionsBoundaryArn,
      statements: [
        {
          // ListStreams has no resource-level permissions; it returns stream ARNs, never records.
          sid: 'ListStreams',
          effect: 'Allow',
          actions: ['dynamodb:ListStreams'],
          resources: ['*'],
        },
        {
          sid: 'ReadLedgerStream',
          effect: 'Allow',
          actions: [...LEDGER_STREAM_READ_ACTIONS],
          // The stream ARN ends in the time it was enabled; `stream/*` names the table's streams only
          // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/iam-policy-read-stream-only.html).
          resources: [aws.arn('dynamodb', `table/${props.ledgerTableName}/stream/*`)],
        },
        {
          // DynamoDB encrypts the stream with the table's key; reading it needs Decrypt through DynamoDB
          // (not documented for streams; aws-cdk's grantStreamRead adds it since aws/aws-cdk#22796).
          sid: 'DecryptStreamViaDynamoDB',
          effect: 'Allow',
          actions: ['kms:Decrypt'],
          resources: [props.vaultKeyArn],
          condition: [
            { test: 'StringEquals', variable: 'kms:ViaService', values: [aws.viaService('dynamodb')] },
            { test: 'StringEquals', variable: 'kms:CallerAccount', values: [aws.accountId] },
          ],
        },
        {
          sid: 'StageBatches',
          effect: 'Allow',
          actions: ['s3:PutObject'],
          resources: [`${props.digestBucketArn}/${STAGING_PREFIX}*`],
        },
        digestObjectsKey(aws, 'EncryptBatchesViaS3', ['kms:GenerateDataKey'], props.vaultKeyArn, props.digestBucketArn),
        { sid: 'PublishAlerts', effect: 'Allow', actions: ['sns:Publish'], resources: [props.alertTopicArn] },
        {
          sid: 'EncryptAlertsViaSns',
          effect: 'Allow',
          actions: actions(KMS_PUBLISH_ACTIONS),
          resources: [props.alertTopicKeyArn],
          condition: [
            { test: 'StringEquals', variable: 'kms:ViaService', values: [aws.viaService('sns')] },
            { test: 'StringEquals', variable: 'kms:CallerAccount', values: [aws.accountId] },
          ],
        },
        ...sendTo(aws, 'FailureQueue', props.failureQueueArn, props.vaultKeyArn),
        ...observe(aws, props.logGroupName),
      ],
    });
  }
}

export interface LedgerDigestRoleProps {
  readonly aws: AwsContext;
  readonly roleName: string;
  readonly permissionsBoundaryArn: string;
  readonly vaultKeyArn: string;
  readonly signingKeyArn: string;
  readonly digestBucketArn: string;
  /** The queue failed invocations go to (shared with the schedule's dead-letter queue). */
  readonly failureQueueArn: string;
  readonly logGroupName: string;
}

/**
 * The digest job's role: list and read the digest bucket's evidence, write digests and the public key,
 * sign with the digest signing key (only RSASSA-PKCS1-v1_5 SHA-256 digests), send failures to its queue. It
 * has no access to the ledger table at all (it reads the staged stream batches), so it cannot write it.
 */
export class LedgerDigestRole extends ServiceRole {
  public constructor(scope: Construct, id: string, props: LedgerDigestRoleProps) {
    const { aws } = props;
    const bucket = props.digestBucketArn;
    const prefixes = [DIGEST_PREFIX, PUBLIC_KEY_PREFIX, STAGING_PREFIX];
    super(scope, id, {
      roleName: props.roleName,
      description: 'Biometric vault ledger digest job: seals staged ledger changes into signed, chained digests',
      trust: lambdaTrust,
      permissionsBoundaryArn: props.permissionsBoundaryArn,
      statements: [
        {
          sid: 'ListEvidence',
          effect: 'Allow',
          actions: ['s3:ListBucket'],
          resources: [bucket],
          condition: [{ test: 'StringLike', variable: 's3:prefix', values: prefixes.map((p) => `${p}*`) }],
        },
        {
          sid: 'ReadEvidence',
          effect: 'Allow',
          actions: ['s3:GetObject'],
          resources: prefixes.map((p) => `${bucket}/${p}*`),
        },
        {
          sid: 'WriteDigests',
          effect: 'Allow',
          actions: ['s3:PutObject'],
          resources: [`${bucket}/${DIGEST_PREFIX}*`, `${bucket}/${PUBLIC_KEY_PREFIX}*`],
        },
        digestObjectsKey(aws, 'EvidenceKeyViaS3', ['kms:Decrypt', 'kms:GenerateDataKey'], props.vaultKeyArn, bucket),
        {
          sid: 'SignDigests',
          effect: 'Allow',
          actions: actions(KMS_SIGN_ACTIONS),
          resources: [props.signingKeyArn],
          condition: [
            { test: 'StringEquals', variable: 'kms:SigningAlgorithm', values: [DIGEST_SIGNING_ALGORITHM] },
            { test: 'StringEquals', variable: 'kms:MessageType', values: ['DIGEST'] },
          ],
        },
        {
          sid: 'ReadPublicKey',
          effect: 'Allow',
          actions: actions(KMS_PUBLIC_KEY_ACTIONS),
          resources: [props.signingKeyArn],
        },
        ...sendTo(aws, 'FailureQueue', props.failureQueueArn, props.vaultKeyArn),
        ...observe(aws, props.logGroupName),
      ],
    });
  }
}

export interface DigestSchedulerRoleProps {
  readonly aws: AwsContext;
  readonly roleName: string;
  readonly permissionsBoundaryArn: string;
  readonly scheduleName: string;
  readonly functionName: string;
  readonly deadLetterQueueArn: string;
  readonly vaultKeyArn: string;
}

/**
 * The role EventBridge Scheduler invokes the digest job as: invoke that one function, send undeliverable
 * invocations to the dead-letter queue. Only Scheduler, for this account's schedule, may assume it.
 */
export class DigestSchedulerRole extends ServiceRole {
  public constructor(scope: Construct, id: string, props: DigestSchedulerRoleProps) {
    const { aws } = props;
    const fn = aws.functionArn(props.functionName);
    super(scope, id, {
      roleName: props.roleName,
      description: 'Biometric vault: EventBridge Scheduler invokes the ledger digest job',
      trust: {
        // https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role
        sid: 'SchedulerAssumesRoleForThisSchedule',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['scheduler.amazonaws.com'] }],
        actions: ['sts:AssumeRole'],
        condition: [
          { test: 'StringEquals', variable: 'aws:SourceAccount', values: [aws.accountId] },
          {
            test: 'ArnEquals',
            variable: 'aws:SourceArn',
            values: [aws.arn('scheduler', `schedule/default/${props.scheduleName}`)],
          },
        ],
      },
      permissionsBoundaryArn: props.permissionsBoundaryArn,
      statements: [
        { sid: 'InvokeDigestJob', effect: 'Allow', actions: ['lambda:InvokeFunction'], resources: [fn, `${fn}:*`] },
        ...sendTo(aws, 'DeadLetterQueue', props.deadLetterQueueArn, props.vaultKeyArn),
      ],
    });
  }
}
