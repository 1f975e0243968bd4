import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { S3BucketNotification } from '@cdktf/provider-aws/lib/s3-bucket-notification';

export interface S3QueueNotificationProps {
  readonly bucketName: string;
  /** The queue S3 sends to: a standard queue (S3 does not send to FIFO queues) in the bucket's region. */
  readonly queueArn: string;
  /** Key prefix that is notified, ending in "/". */
  readonly prefix: string;
  /**
   * Keep the bucket's EventBridge notification on. GuardDuty Malware Protection for S3 turns it on and
   * needs it; this resource owns the bucket's whole notification configuration and would otherwise turn it off.
   * @default true
   */
  readonly eventBridge?: boolean;
  /**
   * What S3 needs before it accepts the configuration: it sends a test message to the queue at once, so the
   * queue policy (and the key policy, for an encrypted queue) must already let it. @default []
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Sends every `s3:ObjectCreated:*` under a prefix to a queue.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html
 *
 * The filter is by prefix only: S3 suffix filters are case-sensitive, and `.Jpg` must not escape
 * verification. The consumer decides case-insensitively which keys are images.
 */
export class S3QueueNotification extends Construct {
  public readonly notification: S3BucketNotification;

  public constructor(scope: Construct, id: string, props: S3QueueNotificationProps) {
    super(scope, id);
    if (!/^[A-Za-z0-9!_.'()-]+\/$/.test(props.prefix)) {
      throw new Error(
        `S3QueueNotification ${id}: invalid props:\n  - prefix: must be a key prefix ending in "/" (received ${JSON.stringify(props.prefix)})`,
      );
    }
    this.notification = new S3BucketNotification(this, 'notification', {
      bucket: props.bucketName,
      eventbridge: props.eventBridge ?? true,
      queue: [
        {
          id: 'verify-uploads',
          queueArn: props.queueArn,
          events: ['s3:ObjectCreated:*'],
          filterPrefix: props.prefix,
        },
      ],
      dependsOn: props.dependsOn ?? [],
    });
  }
}
