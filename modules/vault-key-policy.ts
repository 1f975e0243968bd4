import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { AwsContext } from './aws-context';
import { KMS_DECRYPT_ACTIONS, KMS_ENCRYPT_DECRYPT_ACTIONS, KMS_LOGS_ACTIONS, KMS_PUBLISH_ACTIONS, actions } from './kms-actions';

export interface VaultKeyPolicyProps {
  readonly aws: AwsContext;
  /** Key administration statements (`KeyAdministrationPolicy.document.json`). */
  readonly administration: string;
  /**
   * Role ARNs that encrypt and decrypt biometric data, only through S3 and DynamoDB of this
   * account (the verifier, the ledger writer).
   */
  readonly dataUserArns: readonly string[];
  /**
   * Role ARNs that read objects through S3 and write one small object (the malware scanner, which
   * decrypts uploads to scan them and writes its validation object): Decrypt and GenerateDataKey,
   * only via S3 of this account. @default []
   */
  readonly s3ScannerArns?: readonly string[];
  /** Role ARNs that send to and receive from SQS queues encrypted with this key (failure queue). @default [] */
  readonly queueUserArns?: readonly string[];
  /** CloudWatch Logs log group names whose events this key encrypts. @default [] */
  readonly logGroupNames?: readonly string[];
}

/**
 * The VaultKey's policy: biometric data (uploads, references, ledger records, the verifier's
 * environment, logs and failure queue). Users may use the key only through S3, DynamoDB and SQS
 * of this account (`kms:ViaService` + `kms:CallerAccount`); CloudWatch Logs only for named log
 * groups (encryption context). No principal here can administer it, and administrators cannot use it.
 */
export class VaultKeyPolicy extends Construct {
  public readonly dataUse: DataAwsIamPolicyDocument;
  public readonly serviceUse: DataAwsIamPolicyDocument | undefined;
  public readonly document: DataAwsIamPolicyDocument;

  public constructor(scope: Construct, id: string, props: VaultKeyPolicyProps) {
    super(scope, id);
    const { aws } = props;
    const root = aws.rootArn;
    const callerAccount = { test: 'StringEquals', variable: 'kms:CallerAccount', values: [aws.accountId] };
    const s3Scanners = props.s3ScannerArns ?? [];
    const queueUsers = props.queueUserArns ?? [];
    const logGroups = props.logGroupNames ?? [];

    this.dataUse = new DataAwsIamPolicyDocument(this, 'data-use', {
      statement: [
        {
          sid: 'DataUseViaS3AndDynamoDB',
          effect: 'Allow',
          principals: [{ type: 'AWS', identifiers: [root] }],
          actions: actions(KMS_ENCRYPT_DECRYPT_ACTIONS),
          resources: ['*'],
          condition: [
            { test: 'ArnEquals', variable: 'aws:PrincipalArn', values: [...props.dataUserArns] },
            { test: 'StringEquals', variable: 'kms:ViaService', values: [aws.viaService('s3'), aws.viaService('dynamodb')] },
            callerAccount,
          ],
        },
        {
          // DynamoDB checks the table key's state to report an inaccessible key.
          sid: 'DynamoDBDescribesKey',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['dynamodb.amazonaws.com'] }],
          actions: ['kms:DescribeKey'],
          resources: ['*'],
          condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [aws.accountId] }],
        },
        ...(s3Scanners.length === 0
          ? []
          : [
              {
                sid: 'ScanObjectsViaS3',
                effect: 'Allow',
                principals: [{ type: 'AWS', identifiers: [root] }],
                actions: [...actions(KMS_DECRYPT_ACTIONS), 'kms:GenerateDataKey'],
                resources: ['*'],
                condition: [
                  { test: 'ArnEquals', variable: 'aws:PrincipalArn', values: [...s3Scanners] },
                  { test: 'StringEquals', variable: 'kms:ViaService', values: [aws.viaService('s3')] },
                  callerAccount,
                ],
              },
            ]),
        ...(queueUsers.length === 0
          ? []
          : [
              {
                sid: 'QueueUseViaSqs',
                effect: 'Allow',
                principals: [{ type: 'AWS', identifiers: [root] }],
                actions: actions(KMS_PUBLISH_ACTIONS),
                resources: ['*'],
                condition: [
                  { test: 'ArnEquals', variable: 'aws:PrincipalArn', values: [...queueUsers] },
                  { test: 'StringEquals', variable: 'kms:ViaService', values: [aws.viaService('sqs')] },
                  callerAccount,
                ],
              },
            ]),
      ],
    });

    this.serviceUse =
      logGroups.length === 0
        ? undefined
        : new DataAwsIamPolicyDocument(this, 'service-use', {
            statement: [
              {
                sid: 'CloudWatchLogsForNamedLogGroups',
                effect: 'Allow',
                principals: [{ type: 'Service', identifiers: [aws.regionalServicePrincipal('logs')] }],
                actions: actions(KMS_LOGS_ACTIONS),
                resources: ['*'],
                condition: [
                  {
                    test: 'ArnEquals',
                    variable: 'kms:EncryptionContext:aws:logs:arn',
                    values: logGroups.map((name) => aws.arn('logs', `log-group:${name}`)),
                  },
                ],
              },
            ],
          });

    this.document = new DataAwsIamPolicyDocument(this, 'document', {
      sourcePolicyDocuments: [props.administration, this.dataUse.json, ...(this.serviceUse ? [this.serviceUse.json] : [])],
    });
  }
}
