import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { AwsContext } from '../core/aws-context';
import { KMS_DECRYPT_ACTIONS, KMS_PUBLISH_ACTIONS, actions } from '../core/kms-actions';
import { logGroupsUseKey, rolesUseKeyVia } from './key-policy-statements';

export interface AuditKeyPolicyProps {
  readonly aws: AwsContext;
  /** Key administration statements (`KeyAdministrationPolicy.document.json`). */
  readonly administration: string;
  /** Name of the CloudTrail trail whose log files this key encrypts. */
  readonly trailName: string;
  /** CloudWatch Logs log group names this key encrypts (the trail's log group). */
  readonly logGroupNames: readonly string[];
  /** Role ARNs that may decrypt audit logs and findings, only through S3 (auditors, break-glass). */
  readonly readerArns: readonly string[];
  /**
   * Name of the alert-path watch topic encrypted with this key: CloudWatch alarms of this account may
   * publish to it (the alarms that report the alert key itself, which the alert topic cannot carry).
   * @default unset: no topic uses this key
   */
  readonly watchTopicName?: string;
  /**
   * Name of the isolated trail bucket. When set, S3 may encrypt the trail's objects under the
   * bucket's default SSE-KMS on CloudTrail's behalf (objects CloudTrail writes without its own
   * SSE-KMS headers), bound to the trail, S3 in this region and the trail's prefix.
   * @default unset: only CloudTrail's own SSE-KMS requests (pass `<trailBucketPrefix>-<account>`)
   */
  readonly trailBucketName?: string;
  /** Key prefix of the trail in that bucket. @default 'cloudtrail' */
  readonly trailKeyPrefix?: string;
}

/**
 * The audit key's policy: CloudTrail log files, the trail's log group, exported GuardDuty findings
 * and the alert-path watch topic (never the alert topic, which has a key of its own). Separate from the VaultKey, so that nobody who can read biometric data can
 * read or forge the audit trail through the key, and vice versa. Every service statement is bound
 * to this account and to the exact trail (`aws:SourceArn`, CloudTrail encryption context).
 */
export class AuditKeyPolicy extends Construct {
  public readonly cloudTrail: DataAwsIamPolicyDocument;
  public readonly logDelivery: DataAwsIamPolicyDocument;
  public readonly alerting: DataAwsIamPolicyDocument;
  public readonly readers: DataAwsIamPolicyDocument;
  public readonly document: DataAwsIamPolicyDocument;

  public constructor(scope: Construct, id: string, props: AuditKeyPolicyProps) {
    super(scope, id);
    const { aws } = props;
    const trailArn = aws.trailArn(props.trailName);
    // CloudTrail's encryption context names the trail with a wildcard region for multi-region trails.
    const trailContext = aws.trailArn(props.trailName, { region: '*' });
    const sourceAccount = { test: 'StringEquals', variable: 'aws:SourceAccount', values: [aws.accountId] };

    this.cloudTrail = new DataAwsIamPolicyDocument(this, 'cloudtrail', {
      statement: [
        {
          sid: 'CloudTrailEncryptLogsOfThisTrail',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }],
          actions: ['kms:GenerateDataKey'],
          resources: ['*'],
          condition: [
            { test: 'StringLike', variable: 'kms:EncryptionContext:aws:cloudtrail:arn', values: [trailContext] },
            { test: 'StringEquals', variable: 'aws:SourceArn', values: [trailArn] },
          ],
        },
        ...(props.trailBucketName === undefined
          ? []
          : [
              {
                sid: 'CloudTrailObjectsUnderBucketDefaultEncryption',
                effect: 'Allow',
                principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }],
                actions: ['kms:GenerateDataKey'],
                resources: ['*'],
                condition: [
                  { test: 'StringEquals', variable: 'aws:SourceArn', values: [trailArn] },
                  { test: 'StringEquals', variable: 'kms:ViaService', values: [aws.viaService('s3')] },
                  {
                    test: 'ArnLike',
                    variable: 'kms:EncryptionContext:aws:s3:arn',
                    values: [
                      `${aws.bucketArn(props.trailBucketName)}/${props.trailKeyPrefix ?? 'cloudtrail'}/AWSLogs/${aws.accountId}/*`,
                    ],
                  },
                ],
              },
            ]),
        {
          sid: 'CloudTrailDescribeKey',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }],
          actions: ['kms:DescribeKey'],
          resources: ['*'],
          condition: [{ test: 'StringEquals', variable: 'aws:SourceArn', values: [trailArn] }],
        },
      ],
    });

    this.logDelivery = new DataAwsIamPolicyDocument(this, 'log-delivery', {
      statement: [logGroupsUseKey(aws, 'CloudWatchLogsForAuditLogGroups', props.logGroupNames)],
    });

    this.alerting = new DataAwsIamPolicyDocument(this, 'alerting', {
      statement: [
        ...(props.watchTopicName === undefined
          ? []
          : [
              {
                // CloudWatch alarms need kms:GenerateDataKey* and kms:Decrypt on a customer-managed key
                // (https://repost.aws/knowledge-center/cloudwatch-configure-alarm-sns), bound to this
                // account (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html, step 3).
                // EventBridge does not publish with this key: the alert topic has a key of its own.
                sid: 'AlarmsPublishToWatchTopic',
                effect: 'Allow',
                principals: [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }],
                actions: actions(KMS_PUBLISH_ACTIONS),
                resources: ['*'],
                condition: [sourceAccount],
              },
            ]),
        {
          sid: 'GuardDutyExportsFindings',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['guardduty.amazonaws.com'] }],
          actions: ['kms:GenerateDataKey'],
          resources: ['*'],
          condition: [
            sourceAccount,
            { test: 'ArnLike', variable: 'aws:SourceArn', values: [aws.arn('guardduty', 'detector/*')] },
          ],
        },
      ],
    });

    this.readers = new DataAwsIamPolicyDocument(this, 'readers', {
      statement: rolesUseKeyVia(aws, 'AuditReadersViaS3', props.readerArns, KMS_DECRYPT_ACTIONS, 's3'),
    });

    this.document = new DataAwsIamPolicyDocument(this, 'document', {
      sourcePolicyDocuments: [
        props.administration,
        this.cloudTrail.json,
        this.logDelivery.json,
        this.alerting.json,
        this.readers.json,
      ],
    });
  }
}
