import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { AwsContext } from '../core/aws-context';
import { KMS_DECRYPT_ACTIONS, KMS_PUBLISH_ACTIONS, actions } from '../core/kms-actions';
import { rolesUseKeyVia } from '../keys/key-policy-statements';

export interface AlertKeyPolicyProps {
  readonly aws: AwsContext;
  /** Key administration statements (`KeyAdministrationPolicy.document.json`) naming the alert administrators. */
  readonly administration: string;
  /** Roles that read the alert dead-letter queue (decrypt through SQS only): break-glass. @default [] */
  readonly readerArns?: readonly string[];
  /**
   * Roles that publish to the alert topic themselves (through SNS only): break-glass, to redrive the
   * dead-letter queue; any later publisher (a function's role) is added here and to the topic's
   * `publisherArns`. @default []
   */
  readonly publisherArns?: readonly string[];
}

/**
 * The alert key's policy. The key encrypts the alert topic and its dead-letter queue and nothing
 * else: alarm and finding payloads carry no biometric data, and a key of their own means that
 * disabling the VaultKey or the audit key (or their administrators' mistakes) cannot stop the alerts
 * that report it. Its administrators are not the VaultKey's and the audit key's.
 *
 * Publishers, each as AWS documents it:
 * - CloudWatch alarms (`cloudwatch.amazonaws.com`): cannot use the AWS-managed `alias/aws/sns` key, only
 *   a customer-managed key whose policy allows them `kms:GenerateDataKey*` and `kms:Decrypt`
 *   (https://repost.aws/knowledge-center/cloudwatch-configure-alarm-sns), bound to this account with
 *   `aws:SourceAccount` (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html, step 3);
 * - EventBridge rules (`events.amazonaws.com`), for the topic and for the dead-letter queue: no
 *   `aws:SourceAccount`, `aws:SourceArn` or `aws:SourceOrgID` condition, which "is not supported for
 *   EventBridge-to-encrypted topics" and would drop every EventBridge alert
 *   (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html). The topic policy and the
 *   queue policy name the environment's rules instead.
 * - named roles, only through SNS (publish) or SQS (read the dead-letter queue).
 */
export class AlertKeyPolicy extends Construct {
  public readonly publishers: DataAwsIamPolicyDocument;
  public readonly document: DataAwsIamPolicyDocument;

  public constructor(scope: Construct, id: string, props: AlertKeyPolicyProps) {
    super(scope, id);
    const { aws } = props;
    const account = aws.accountId;
    this.publishers = new DataAwsIamPolicyDocument(this, 'publishers', {
      statement: [
        {
          // https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html (steps 2 and 3)
          sid: 'CloudWatchAlarmsPublish',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }],
          actions: actions(KMS_PUBLISH_ACTIONS),
          resources: ['*'],
          condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [account] }],
        },
        {
          // No source condition: unsupported for EventBridge-to-encrypted topics (sns-key-management.html).
          sid: 'EventBridgePublishAndDeadLetter',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['events.amazonaws.com'] }],
          actions: actions(KMS_PUBLISH_ACTIONS),
          resources: ['*'],
        },
        ...rolesUseKeyVia(aws, 'AlertQueueReadersViaSqs', props.readerArns, KMS_DECRYPT_ACTIONS, 'sqs'),
        ...rolesUseKeyVia(
          aws,
          'AlertPublishersViaSns',
          props.publisherArns,
          [...KMS_PUBLISH_ACTIONS, 'kms:DescribeKey'],
          'sns',
        ),
      ],
    });
    this.document = new DataAwsIamPolicyDocument(this, 'document', {
      sourcePolicyDocuments: [props.administration, this.publishers.json],
    });
  }
}
