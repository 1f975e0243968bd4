import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import type { AwsContext } from '../core/aws-context';

export interface PermissionsBoundaryProps {
  readonly aws: AwsContext;
  /** Name of the managed policy (deterministic: the roles of later stacks name its ARN). */
  readonly policyName: string;
  /** Name prefix of the environment's S3 buckets whose objects the workload roles read and tag. */
  readonly dataBucketPrefix: string;
  /** The key the workload roles use (through S3, DynamoDB and SQS only): the VaultKey. */
  readonly kmsKeyArn: string;
  /** Name of the ledger table the workload roles append to. */
  readonly ledgerTableName: string;
  /** Name prefix of the environment's SQS queues (the failure queues the workloads send to, the intake queue the verifier drains). */
  readonly queueNamePrefix: string;
  /** Log group name prefixes the workload roles write their own streams to. */
  readonly logGroupPrefixes: readonly string[];
  /** Name prefix of the EventBridge rules GuardDuty Malware Protection manages through its role. */
  readonly managedRulePrefix: string;
  /**
   * What the ledger-integrity roles need: reading the ledger's stream, the digest bucket's objects,
   * publishing to the alert topic (its key through SNS), signing with the digest key, and the scheduler
   * invoking the digest job. @default none of it
   */
  readonly ledgerIntegrity?: {
    readonly digestBucketName: string;
    readonly alertTopicArn: string;
    readonly alertTopicKeyArn: string;
    readonly signingKeyArn: string;
    readonly digestFunctionName: string;
  };
  /**
   * Event buses the roles may put events on (the environment's default bus, where the us-east-1 rule
   * forwards IAM's tamper events). @default []
   */
  readonly eventBusArns?: readonly string[];
  /**
   * Execution roles fenced to their function: the role's data actions (`FUNCTION_FENCED_ACTIONS`) are
   * refused unless called from within that function's execution environment. @default []
   */
  readonly functionFences?: readonly FunctionFence[];
}

/** An execution role and the one function whose code may use its data actions. */
export interface FunctionFence {
  readonly roleArn: string;
  readonly functionArn: string;
}

/**
 * The data actions a function's code calls itself, from within its execution environment (reading
 * images, listing keys and versions, appending ledger records, asking Rekognition). Lambda puts the
 * calling function's ARN in the request context of every such call (`lambda:SourceFunctionArn`); the
 * calls Lambda makes for the role outside the environment (polling the event source's queue, sending
 * to the on-failure destination, decrypting the environment) carry none, and are not among these.
 * https://docs.aws.amazon.com/lambda/latest/dg/permissions-source-function-arn.html
 */
export const FUNCTION_FENCED_ACTIONS = [
  'dynamodb:PutItem',
  'rekognition:CompareFaces',
  'rekognition:DetectFaces',
  's3:GetObject',
  's3:GetObjectTagging',
  's3:GetObjectVersion',
  's3:GetObjectVersionTagging',
  's3:ListBucket',
  's3:ListBucketVersions',
  's3:PutObject',
] as const;

/**
 * The permissions boundary of every role the project creates: the most any of them may ever do,
 * whatever identity policy is attached later. If someone rewrites or adds a policy of the verifier's
 * role (say `AdministratorAccess`), the role still reaches nothing outside this list: the vault
 * bucket's objects (and, for the verifier, the versions of a key), the ledger (append), the VaultKey only
 * through S3, DynamoDB and SQS, its queues (send, and drain the intake queue), its own log groups,
 * GuardDuty's managed rule, and Rekognition and X-Ray.
 *
 * Each function's execution role is fenced to its function: its data actions are refused unless the
 * call comes from within that function's execution environment (`lambda:SourceFunctionArn`, which
 * Lambda documents for identity policies and SCPs; `aws:SourceArn` only applies to a function's own
 * resource policy). Whoever passes the verifier's role to other code, or assumes it some other way,
 * gets a session that reads no image and writes no record. Calls an AWS service makes on the
 * function's behalf (Rekognition reading an S3 object, S3 asking KMS) are forward sessions
 * (`aws:ViaAWSService`) and pass; the function's own call to that service was fenced first.
 *
 * "The effective permissions are the intersection of both policy types"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html). A role that
 * needs a new action gets it here too: the least-privilege probes fail otherwise.
 */
export class PermissionsBoundary extends Construct {
  public readonly document: DataAwsIamPolicyDocument;
  public readonly policy: IamPolicy;
  /** Deterministic ARN (from the name), so a role in a later stack names it without a reference. */
  public readonly policyArn: string;

  public constructor(scope: Construct, id: string, props: PermissionsBoundaryProps) {
    super(scope, id);
    const { aws } = props;
    const buckets = aws.bucketArn(`${props.dataBucketPrefix}-*`);
    this.document = new DataAwsIamPolicyDocument(this, 'document', {
      statement: [
        {
          sid: 'VaultObjects',
          effect: 'Allow',
          actions: [
            's3:GetObject',
            's3:GetObjectTagging',
            's3:GetObjectVersion',
            's3:GetObjectVersionTagging',
            's3:PutObject',
            's3:PutObjectTagging',
            's3:PutObjectVersionTagging',
          ],
          resources: [`${buckets}/*`],
        },
        {
          sid: 'VaultBucket',
          effect: 'Allow',
          actions: ['s3:GetBucketNotification', 's3:ListBucket', 's3:ListBucketVersions', 's3:PutBucketNotification'],
          resources: [buckets],
        },
        {
          sid: 'AppendLedger',
          effect: 'Allow',
          actions: ['dynamodb:PutItem'],
          resources: [aws.tableArn(props.ledgerTableName)],
        },
        {
          sid: 'KeysThroughServices',
          effect: 'Allow',
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: [props.kmsKeyArn],
          condition: [
            {
              test: 'StringEquals',
              variable: 'kms:ViaService',
              values: [aws.viaService('s3'), aws.viaService('dynamodb'), aws.viaService('sqs')],
            },
          ],
        },
        {
          sid: 'SendToQueues',
          effect: 'Allow',
          actions: ['sqs:SendMessage'],
          resources: [aws.queueArn(`${props.queueNamePrefix}-*`)],
        },
        {
          // What the verifier's event source does as the function's role to drain the intake queue.
          sid: 'DrainQueues',
          effect: 'Allow',
          actions: ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'],
          resources: [aws.arn('sqs', `${props.queueNamePrefix}-*`)],
        },
        {
          sid: 'WriteOwnLogs',
          effect: 'Allow',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: props.logGroupPrefixes.map((p) => `${aws.logGroupArn(`${p}*`)}:log-stream:*`),
        },
        {
          sid: 'ManagedMalwareRule',
          effect: 'Allow',
          actions: [
            'events:DeleteRule',
            'events:DescribeRule',
            'events:ListTargetsByRule',
            'events:PutRule',
            'events:PutTargets',
            'events:RemoveTargets',
          ],
          resources: [aws.arn('events', `rule/${props.managedRulePrefix}*`)],
        },
        ...(props.ledgerIntegrity === undefined
          ? []
          : [
              {
                sid: 'LedgerStream',
                effect: 'Allow',
                actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
                resources: [aws.arn('dynamodb', `table/${props.ledgerTableName}/stream/*`)],
              },
              {
                sid: 'LedgerDigestObjects',
                effect: 'Allow',
                actions: ['s3:GetObject', 's3:PutObject'],
                resources: [`${aws.bucketArn(props.ledgerIntegrity.digestBucketName)}/*`],
              },
              {
                sid: 'LedgerDigestBucket',
                effect: 'Allow',
                actions: ['s3:ListBucket'],
                resources: [aws.bucketArn(props.ledgerIntegrity.digestBucketName)],
              },
              {
                sid: 'LedgerAlerts',
                effect: 'Allow',
                actions: ['sns:Publish'],
                resources: [props.ledgerIntegrity.alertTopicArn],
              },
              {
                sid: 'LedgerAlertsKeyThroughSns',
                effect: 'Allow',
                actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
                resources: [props.ledgerIntegrity.alertTopicKeyArn],
                condition: [{ test: 'StringEquals', variable: 'kms:ViaService', values: [aws.viaService('sns')] }],
              },
              {
                sid: 'LedgerDigestSigning',
                effect: 'Allow',
                actions: ['kms:DescribeKey', 'kms:GetPublicKey', 'kms:Sign'],
                resources: [props.ledgerIntegrity.signingKeyArn],
              },
              {
                sid: 'LedgerDigestJobInvocation',
                effect: 'Allow',
                actions: ['lambda:InvokeFunction'],
                resources: [
                  aws.arn('lambda', `function:${props.ledgerIntegrity.digestFunctionName}`),
                  aws.arn('lambda', `function:${props.ledgerIntegrity.digestFunctionName}:*`),
                ],
              },
            ]),
        ...((props.eventBusArns ?? []).length === 0
          ? []
          : [
              {
                sid: 'ForwardEventsToBus',
                effect: 'Allow',
                actions: ['events:PutEvents'],
                resources: [...(props.eventBusArns ?? [])],
              },
            ]),
        ...(props.functionFences ?? []).map((f, i) => ({
          sid: `FencedToItsFunction${i === 0 ? '' : i + 1}`,
          effect: 'Deny',
          actions: [...FUNCTION_FENCED_ACTIONS],
          resources: ['*'],
          condition: [
            { test: 'ArnEquals', variable: 'aws:PrincipalArn', values: [f.roleArn] },
            // Absent (a session used outside Lambda) or another function's ARN: refused. Versions and
            // aliases of the function itself are its ARN with a qualifier.
            { test: 'ArnNotLike', variable: 'lambda:SourceFunctionArn', values: [f.functionArn, `${f.functionArn}:*`] },
            { test: 'BoolIfExists', variable: 'aws:ViaAWSService', values: ['false'] },
          ],
        })),
        {
          sid: 'ActionsWithoutResourceLevelPermissions',
          effect: 'Allow',
          actions: [
            'dynamodb:ListStreams',
            'rekognition:CompareFaces',
            'rekognition:DetectFaces',
            'xray:PutTelemetryRecords',
            'xray:PutTraceSegments',
          ],
          // Rekognition's image operations, X-Ray's writes and DynamoDB's ListStreams have no resource-level permissions.
          resources: ['*'],
        },
      ],
    });
    this.policyArn = aws.policyArn(props.policyName);
    this.policy = new IamPolicy(this, 'policy', {
      name: props.policyName,
      description: 'Permissions boundary of every role the biometric vault creates',
      policy: this.document.json,
    });
  }
}
