import { Construct } from 'constructs';
import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
  type DataAwsIamPolicyDocumentStatementCondition,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { AwsContext } from '../core/aws-context';
import {
  KMS_DECRYPT_ACTIONS,
  KMS_LAMBDA_DEPLOY_ACTIONS,
  KMS_PUBLISH_ACTIONS,
  KMS_S3_PUT_ACTIONS,
  KMS_S3_WRITE_ACTIONS,
  actions,
} from '../core/kms-actions';
import { logGroupsUseKey } from './key-policy-statements';

/** DynamoDB's encryption context key naming the table. */
const TABLE_CONTEXT = 'kms:EncryptionContext:aws:dynamodb:tableName';

/** The cryptographic calls DynamoDB makes for a CMK-encrypted table (each naming the table). */
const KMS_TABLE_CRYPTO_ACTIONS = [
  'kms:Decrypt',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
] as const;

export interface VaultKeyPolicyProps {
  readonly aws: AwsContext;
  /** Key administration statements (`KeyAdministrationPolicy.document.json`). */
  readonly administration: string;
  /** Roles that decrypt biometric data through S3, and the ledger's records through DynamoDB (the verifier). */
  readonly dataUserArns: readonly string[];
  /**
   * Name of the ledger table: every use of the key through DynamoDB names a table in its encryption
   * context (`aws:dynamodb:tableName`), and only the ledger (readers and restorers: the ledger and
   * tables named after it, `<ledger>-restored-...`) is allowed. A copy restored under any other name,
   * or any other table under this key, is then unreadable and unwritable for everyone.
   * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.usagenotes.html
   */
  readonly ledgerTableName: string;
  /**
   * Roles that put objects through S3, each group only under its own keys (uploaders under `uploads/`,
   * enrollment under `references/`): data keys only, via S3 only, for objects whose ARN (S3's encryption
   * context without a Bucket Key) matches `objects`. No decrypt: they cannot read back what they or
   * anyone else uploaded. @default []
   */
  readonly s3Writers?: readonly S3Writers[];
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
  /** Names of the functions whose environment those roles may decrypt (Lambda's encryption context). @default [] */
  readonly functionNames?: readonly string[];
  /** Roles that restore the ledger from point-in-time recovery (break-glass), via DynamoDB. @default [] */
  readonly restorerArns?: readonly string[];
  /** Roles that send to and receive from SQS queues encrypted with this key (the verifier). @default [] */
  readonly queueUserArns?: readonly string[];
  /** Roles that read (and redrive) those queues' messages (break-glass). @default [] */
  readonly queueReaderArns?: readonly string[];
  /** CloudWatch Logs log group names whose events this key encrypts. @default [] */
  readonly logGroupNames?: readonly string[];
  /**
   * The ledger's digest bucket, encrypted with this key without an S3 Bucket Key (so S3's encryption
   * context names each object): `writerArns` put objects (data keys only), `readerArns` read them (decrypt),
   * both through S3 and only for objects of that bucket. @default no digest bucket
   */
  readonly digestBucket?: {
    readonly arn: string;
    readonly writerArns: readonly string[];
    readonly readerArns: readonly string[];
  };
  /**
   * Queues encrypted with this key that an AWS service sends to (S3 notifies the verifier's intake queue):
   * the service may make data keys only for those queues (SQS encryption context `aws:sqs:arn`). @default []
   */
  readonly queueServicePublishers?: readonly { readonly service: string; readonly queueNames: readonly string[] }[];
}

/** Roles that put objects through S3 under some keys only (`sid` names the statement). */
export interface S3Writers {
  readonly sid: string;
  readonly arns: readonly string[];
  /** Object ARN patterns (`arn:aws:s3:::bucket/uploads/*`). */
  readonly objects: readonly string[];
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
      services: readonly string[],
      extra: readonly DataAwsIamPolicyDocumentStatementCondition[] = [],
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
                ...extra,
              ],
            },
          ];
    // DynamoDB names the table in the encryption context of every cryptographic call it makes.
    const theLedger = { test: 'StringEquals', variable: TABLE_CONTEXT, values: [props.ledgerTableName] };
    const ledgerOrItsCopies = {
      test: 'StringLike',
      variable: TABLE_CONTEXT,
      values: [props.ledgerTableName, `${props.ledgerTableName}-*`],
    };

    // The digest bucket's objects only: without an S3 Bucket Key, S3's encryption context is the object's ARN.
    const digest = props.digestBucket;
    const digestObjects = {
      test: 'ArnLike',
      variable: 'kms:EncryptionContext:aws:s3:arn',
      values: [`${digest?.arn ?? ''}/*`],
    };

    this.dataUse = new DataAwsIamPolicyDocument(this, 'data-use', {
      statement: [
        ...forRoles('DataUseViaS3', props.dataUserArns, KMS_DECRYPT_ACTIONS, ['s3']),
        ...forRoles('LedgerUseViaDynamoDB', props.dataUserArns, ['kms:Decrypt'], ['dynamodb'], [theLedger]),
        ...(props.s3Writers ?? []).flatMap((w) =>
          forRoles(
            w.sid,
            w.arns,
            ['kms:GenerateDataKey'],
            ['s3'],
            [{ test: 'StringLike', variable: 'kms:EncryptionContext:aws:s3:arn', values: [...w.objects] }],
          ),
        ),
        ...forRoles('RestoreObjectsViaS3', props.s3RestorerArns, KMS_S3_WRITE_ACTIONS, ['s3']),
        ...forRoles(
          'ReadLedgerViaDynamoDB',
          props.ledgerReaderArns,
          ['kms:Decrypt'],
          ['dynamodb'],
          [ledgerOrItsCopies],
        ),
        ...forRoles('ScanObjectsViaS3', props.s3ScannerArns, KMS_S3_WRITE_ACTIONS, ['s3']),
        ...forRoles('QueueUseViaSqs', props.queueUserArns, KMS_PUBLISH_ACTIONS, ['sqs']),
        ...forRoles('QueueReadViaSqs', props.queueReaderArns, KMS_DECRYPT_ACTIONS, ['sqs']),
        ...(digest === undefined
          ? []
          : [
              ...forRoles('WriteLedgerDigestsViaS3', digest.writerArns, KMS_S3_PUT_ACTIONS, ['s3'], [digestObjects]),
              ...forRoles('ReadLedgerDigestsViaS3', digest.readerArns, KMS_DECRYPT_ACTIONS, ['s3'], [digestObjects]),
            ]),
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

    // Creating (or restoring) a CMK-encrypted table: the grant DynamoDB creates for itself and the key's
    // metadata, then the cryptographic calls, which name the table. The deployer creates the ledger only;
    // break-glass restores it under its own name or a name derived from it.
    const tableCreators = [...(props.deployerArns ?? []), ...(props.restorerArns ?? [])];
    const deployment = [
      ...forRoles('CreateTablesViaDynamoDB', tableCreators, ['kms:CreateGrant', 'kms:DescribeKey'], ['dynamodb']),
      ...forRoles('DeployLedgerViaDynamoDB', props.deployerArns, KMS_TABLE_CRYPTO_ACTIONS, ['dynamodb'], [theLedger]),
      ...forRoles(
        'RestoreLedgerViaDynamoDB',
        props.restorerArns,
        KMS_TABLE_CRYPTO_ACTIONS,
        ['dynamodb'],
        [ledgerOrItsCopies],
      ),
      ...forRoles('DeployFunctionEnvironmentViaLambda', props.deployerArns, KMS_LAMBDA_DEPLOY_ACTIONS, ['lambda']),
    ];
    const envReaders = props.functionEnvironmentReaderArns ?? [];
    const functionNames = props.functionNames ?? [];
    if (envReaders.length > 0 && functionNames.length > 0) {
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
          { test: 'StringEquals', variable: 'kms:EncryptionContext:LambdaFunctionName', values: [...functionNames] },
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
