import { Construct } from 'constructs';
import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { AwsContext } from '../core/aws-context';
import {
  KMS_DECRYPT_ACTIONS,
  KMS_DYNAMODB_DEPLOY_ACTIONS,
  KMS_LAMBDA_DEPLOY_ACTIONS,
  KMS_PUBLISH_ACTIONS,
  KMS_S3_PUT_ACTIONS,
  KMS_S3_WRITE_ACTIONS,
  actions,
} from '../core/kms-actions';
import { logGroupsUseKey } from './key-policy-statements';

export interface VaultKeyPolicyProps {
  readonly aws: AwsContext;
  /** Key administration statements (`KeyAdministrationPolicy.document.json`). */
  readonly administration: string;
  /** Roles that decrypt biometric data through S3 and DynamoDB of this account (the verifier). */
  readonly dataUserArns: readonly string[];
  /**
   * Roles that put objects through S3 (uploaders, enrollers): data keys only, via S3 only. No
   * decrypt: they cannot read back what they or anyone else uploaded. @default []
   */
  readonly s3WriterArns?: readonly string[];
  /**
   * Roles that restore objects through S3 (break-glass copies an older version on top): decrypt and
   * data keys, via S3 only. @default []
   */
  readonly s3RestorerArns?: readonly string[];
  /** Roles that read ledger records: decrypt via DynamoDB only. @default [] */
  readonly ledgerReaderArns?: readonly string[];
  /**
   * Role that scans objects through S3 and writes its validation object (GuardDuty Malware
   * Protection): decrypt and data keys, via S3 only. @default []
   */
  readonly s3ScannerArns?: readonly string[];
  /**
   * Roles that apply the data stacks. AWS requires the principal that creates a CMK-encrypted
   * DynamoDB table, or sets a CMK on a Lambda environment, to use the key through that service.
   * @default []
   */
  readonly deployerArns?: readonly string[];
  /**
   * Roles that read the verifier's environment variables through Lambda (plan roles refresh the
   * function; without Decrypt Lambda returns no variables and every plan shows a change). @default []
   */
  readonly functionEnvironmentReaderArns?: readonly string[];
  /** Name of the function whose environment those roles may decrypt (Lambda's encryption context). */
  readonly functionName?: string;
  /** Roles that restore the ledger from point-in-time recovery (break-glass), via DynamoDB. @default [] */
  readonly restorerArns?: readonly string[];
  /** Roles that send to and receive from SQS queues encrypted with this key (the verifier). @default [] */
  readonly queueUserArns?: readonly string[];
  /** Roles that read (and redrive) those queues' messages (break-glass). @default [] */
  readonly queueReaderArns?: readonly string[];
  /** CloudWatch Logs log group names whose events this key encrypts. @default [] */
  readonly logGroupNames?: readonly string[];
  /**
   * Queues encrypted with this key that an AWS service sends to (S3 notifies the verifier's intake queue):
   * the service may make data keys only for those queues (SQS encryption context `aws:sqs:arn`). @default []
   */
  readonly queueServicePublishers?: readonly { readonly service: string; readonly queueNames: readonly string[] }[];
}

/**
 * The VaultKey's policy: biometric data (uploads, references, ledger records, the verifier's
 * environment, logs and failure queue). Every principal uses the key only through one AWS service
 * of this account (`kms:ViaService` + `kms:CallerAccount`), named by `aws:PrincipalArn`, with the
 * narrowest actions its job needs; CloudWatch Logs only for named log groups (encryption context).
 * Administrators cannot use it; deployers use it only through DynamoDB and Lambda, as AWS requires.
 */
export class VaultKeyPolicy extends Construct {
  public readonly dataUse: DataAwsIamPolicyDocument;
  public readonly deployment: DataAwsIamPolicyDocument | undefined;
  public readonly serviceUse: DataAwsIamPolicyDocument | undefined;
  public readonly document: DataAwsIamPolicyDocument;

  public constructor(scope: Construct, id: string, props: VaultKeyPolicyProps) {
    super(scope, id);
    const { aws } = props;
    const root = aws.rootArn;
    const callerAccount = { test: 'StringEquals', variable: 'kms:CallerAccount', values: [aws.accountId] };
    const via = (...services: string[]) => ({
      test: 'StringEquals',
      variable: 'kms:ViaService',
      values: services.map((s) => aws.viaService(s)),
    });
    /** One Allow statement for named roles, through named services; omitted when no role is named. */
    const forRoles = (
      sid: string,
      arns: readonly string[] | undefined,
      acts: readonly string[],
      ...services: string[]
    ): DataAwsIamPolicyDocumentStatement[] =>
      arns === undefined || arns.length === 0
        ? []
        : [
            {
              sid,
              effect: 'Allow',
              principals: [{ type: 'AWS', identifiers: [root] }],
              actions: actions(acts),
              resources: ['*'],
              condition: [
                { test: 'ArnEquals', variable: 'aws:PrincipalArn', values: [...arns] },
                via(...services),
                callerAccount,
              ],
            },
          ];

    this.dataUse = new DataAwsIamPolicyDocument(this, 'data-use', {
      statement: [
        ...forRoles('DataUseViaS3AndDynamoDB', props.dataUserArns, KMS_DECRYPT_ACTIONS, 's3', 'dynamodb'),
        ...forRoles('PutObjectsViaS3', props.s3WriterArns, KMS_S3_PUT_ACTIONS, 's3'),
        ...forRoles('RestoreObjectsViaS3', props.s3RestorerArns, KMS_S3_WRITE_ACTIONS, 's3'),
        ...forRoles('ReadLedgerViaDynamoDB', props.ledgerReaderArns, KMS_DECRYPT_ACTIONS, 'dynamodb'),
        ...forRoles('ScanObjectsViaS3', props.s3ScannerArns, KMS_S3_WRITE_ACTIONS, 's3'),
        ...forRoles('QueueUseViaSqs', props.queueUserArns, KMS_PUBLISH_ACTIONS, 'sqs'),
        ...forRoles('QueueReadViaSqs', props.queueReaderArns, KMS_DECRYPT_ACTIONS, 'sqs'),
        {
          // DynamoDB checks the table key's state to report an inaccessible key.
          sid: 'DynamoDBDescribesKey',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['dynamodb.amazonaws.com'] }],
          actions: ['kms:DescribeKey'],
          resources: ['*'],
          condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [aws.accountId] }],
        },
      ],
    });

    const deployment = [
      ...forRoles(
        'DeployEncryptedTablesViaDynamoDB',
        [...(props.deployerArns ?? []), ...(props.restorerArns ?? [])],
        KMS_DYNAMODB_DEPLOY_ACTIONS,
        'dynamodb',
      ),
      ...forRoles('DeployFunctionEnvironmentViaLambda', props.deployerArns, KMS_LAMBDA_DEPLOY_ACTIONS, 'lambda'),
    ];
    const envReaders = props.functionEnvironmentReaderArns ?? [];
    if (envReaders.length > 0 && props.functionName !== undefined) {
      deployment.push({
        sid: 'ReadFunctionEnvironmentViaLambda',
        effect: 'Allow',
        principals: [{ type: 'AWS', identifiers: [root] }],
        actions: ['kms:Decrypt'],
        resources: ['*'],
        condition: [
          { test: 'ArnEquals', variable: 'aws:PrincipalArn', values: [...envReaders] },
          via('lambda'),
          callerAccount,
          { test: 'StringEquals', variable: 'kms:EncryptionContext:LambdaFunctionName', values: [props.functionName] },
        ],
      });
    }
    this.deployment =
      deployment.length === 0 ? undefined : new DataAwsIamPolicyDocument(this, 'deployment', { statement: deployment });

    const logGroups = props.logGroupNames ?? [];
    const publishers = (props.queueServicePublishers ?? []).filter((p) => p.queueNames.length > 0);
    const serviceStatements: DataAwsIamPolicyDocumentStatement[] = [
      ...(logGroups.length === 0 ? [] : [logGroupsUseKey(aws, 'CloudWatchLogsForNamedLogGroups', logGroups)]),
      ...publishers.map((p, i): DataAwsIamPolicyDocumentStatement => ({
        // SQS asks KMS for the data keys of a sender's messages with the queue's ARN as encryption context.
        // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html
        sid: `ServicePublishesToNamedQueues${i}`,
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: [p.service] }],
        actions: actions(KMS_PUBLISH_ACTIONS),
        resources: ['*'],
        condition: [
          {
            test: 'StringEquals',
            variable: 'kms:EncryptionContext:aws:sqs:arn',
            values: p.queueNames.map((name) => aws.arn('sqs', name)),
          },
        ],
      })),
    ];
    this.serviceUse =
      serviceStatements.length === 0
        ? undefined
        : new DataAwsIamPolicyDocument(this, 'service-use', { statement: serviceStatements });

    this.document = new DataAwsIamPolicyDocument(this, 'document', {
      sourcePolicyDocuments: [
        props.administration,
        this.dataUse.json,
        ...(this.deployment ? [this.deployment.json] : []),
        ...(this.serviceUse ? [this.serviceUse.json] : []),
      ],
    });
  }
}
