import { Construct } from 'constructs';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { S3BucketNotification } from '@cdktf/provider-aws/lib/s3-bucket-notification';
import type { AwsContext } from './aws-context';

export interface S3LambdaTriggerProps {
  readonly aws: AwsContext;
  readonly bucketName: string;
  readonly bucketArn: string;
  readonly functionArn: string;
  readonly functionName: string;
  /** Key prefix that triggers the function, ending in "/". */
  readonly prefix: string;
  /**
   * Keep the bucket's EventBridge notification on. GuardDuty Malware Protection for S3 turns it on and
   * needs it; this resource owns the bucket's whole notification configuration and would otherwise turn it off.
   * @default true
   */
  readonly eventBridge?: boolean;
}

/**
 * Invokes a function for every `s3:ObjectCreated:*` under a prefix. The invoke permission is scoped to
 * that bucket (`source_arn`) in this account (`source_account`), so no other bucket, even one of the
 * same name in another account, can invoke the function.
 *
 * The filter is by prefix only: S3 suffix filters are case-sensitive, and `.Jpg` must not escape
 * verification. The function decides case-insensitively which keys are images.
 */
export class S3LambdaTrigger extends Construct {
  public readonly permission: LambdaPermission;
  public readonly notification: S3BucketNotification;

  public constructor(scope: Construct, id: string, props: S3LambdaTriggerProps) {
    super(scope, id);
    if (!/^[A-Za-z0-9!_.'()-]+\/$/.test(props.prefix)) {
      throw new Error(
        `S3LambdaTrigger ${id}: invalid props:\n  - prefix: must be a key prefix ending in "/" (received ${JSON.stringify(props.prefix)})`,
      );
    }
    this.permission = new LambdaPermission(this, 'permission', {
      statementId: 'AllowVaultBucketObjectCreated',
      action: 'lambda:InvokeFunction',
      functionName: props.functionName,
      principal: 's3.amazonaws.com',
      sourceArn: props.bucketArn,
      sourceAccount: props.aws.accountId,
    });
    this.notification = new S3BucketNotification(this, 'notification', {
      bucket: props.bucketName,
      eventbridge: props.eventBridge ?? true,
      lambdaFunction: [
        {
          id: 'verify-uploads',
          lambdaFunctionArn: props.functionArn,
          events: ['s3:ObjectCreated:*'],
          filterPrefix: props.prefix,
        },
      ],
      dependsOn: [this.permission],
    });
  }
}
