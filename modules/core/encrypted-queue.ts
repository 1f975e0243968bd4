import { Construct } from 'constructs';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { AwsContext } from './aws-context';

export interface EncryptedQueueProps {
  /** The account, partition and region: the queue policy names the queue by the ARN of its name. */
  readonly aws: AwsContext;
  readonly queueName: string;
  /** Customer-managed key encrypting messages at rest. */
  readonly kmsKeyArn: string;
  /**
   * Seconds a message is kept. Failure-queue messages are evidence: keep them as long as SQS allows.
   * @default 1209600 (14 days, the SQS maximum)
   */
  readonly messageRetentionSeconds?: number;
  /**
   * Seconds a data key is reused before SQS asks KMS again.
   * @default 300
   */
  readonly kmsDataKeyReusePeriodSeconds?: number;
}

/**
 * An SQS queue encrypted with a customer-managed key whose policy refuses any request not made over
 * TLS. It grants nothing: senders and readers need identity-based permissions (and the key's).
 */
export class EncryptedQueue extends Construct {
  public readonly queue: SqsQueue;
  public readonly policyDocument: DataAwsIamPolicyDocument;
  /** The queue resource's `arn` attribute (a reference: known after the queue is created). */
  public readonly queueArn: string;
  /**
   * The queue's ARN built from its name: known in the first plan, for policies (the queue's own and
   * its senders'). It carries no dependency on the queue: anything that needs the queue to exist
   * (an event source, a destination) takes `queueArn`.
   */
  public readonly knownArn: string;
  public readonly queueName: string;
  public readonly queueUrl: string;

  public constructor(scope: Construct, id: string, props: EncryptedQueueProps) {
    super(scope, id);
    const retention = props.messageRetentionSeconds ?? 1_209_600;
    const reuse = props.kmsDataKeyReusePeriodSeconds ?? 300;
    const problems: string[] = [];
    if (!Number.isInteger(retention) || retention < 60 || retention > 1_209_600) {
      problems.push(
        `messageRetentionSeconds: must be an integer from 60 to 1209600 (received ${JSON.stringify(retention)})`,
      );
    }
    if (!Number.isInteger(reuse) || reuse < 60 || reuse > 86_400) {
      problems.push(
        `kmsDataKeyReusePeriodSeconds: must be an integer from 60 to 86400 (received ${JSON.stringify(reuse)})`,
      );
    }
    if (problems.length > 0) throw new Error(`EncryptedQueue ${id}: invalid props:\n  - ${problems.join('\n  - ')}`);

    this.queue = new SqsQueue(this, 'queue', {
      name: props.queueName,
      kmsMasterKeyId: props.kmsKeyArn,
      kmsDataKeyReusePeriodSeconds: reuse,
      messageRetentionSeconds: retention,
    });
    this.queueArn = this.queue.arn;
    this.knownArn = props.aws.queueArn(props.queueName);
    this.queueName = this.queue.name;
    this.queueUrl = this.queue.url;
    this.policyDocument = new DataAwsIamPolicyDocument(this, 'tls-only', {
      statement: [
        {
          sid: 'DenyWithoutTls',
          effect: 'Deny',
          principals: [{ type: '*', identifiers: ['*'] }],
          actions: ['sqs:*'],
          resources: [this.knownArn],
          condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
        },
      ],
    });
    new SqsQueuePolicy(this, 'policy', { queueUrl: this.queue.url, policy: this.policyDocument.json });
  }
}
