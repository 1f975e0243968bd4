import type { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { AwsContext } from './aws-context';
import { SecureBucket } from './secure-bucket';

export interface AccessLogTargetProps {
  readonly aws: AwsContext;
  /** Bucket name (may contain tokens, for example the account id). */
  readonly bucketName: string;
  /** Key prefix, ending in "/", under which S3 delivers the logs. */
  readonly logPrefix: string;
  /** ARNs (patterns allowed) of the buckets that may deliver their server access logs here. */
  readonly sourceBucketArns: readonly string[];
  /** The only principals that may read logs (the audit-log readers and break-glass): logs name every object key. */
  readonly readerArns: readonly string[];
  /** The only role that may delete logs or change the bucket's configuration (break-glass). */
  readonly breakGlassRoleArn: string;
  /** Days a log object is kept. */
  readonly retentionDays: number;
  /** Construct id of the delivery policy document (ids keep Terraform addresses stable). */
  readonly deliveryPolicyId: string;
}

/**
 * A server-access-log target bucket: a `SecureBucket` with SSE-S3 (log delivery supports no SSE-KMS
 * default on the target) and no Object Lock or logging of its own, that only the S3 logging service
 * writes, for the named source buckets of this account, only the named readers read, and only
 * break-glass deletes from or reconfigures (https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html).
 */
export function accessLogTargetBucket(scope: Construct, id: string, props: AccessLogTargetProps): SecureBucket {
  const { aws } = props;
  const bucketArn = aws.bucketArn(props.bucketName);
  const delivery = new DataAwsIamPolicyDocument(scope, props.deliveryPolicyId, {
    statement: [
      {
        sid: 'S3ServerAccessLogDelivery',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['logging.s3.amazonaws.com'] }],
        actions: ['s3:PutObject'],
        resources: [`${bucketArn}/${props.logPrefix}*`],
        condition: [
          { test: 'StringEquals', variable: 'aws:SourceAccount', values: [aws.accountId] },
          { test: 'ArnLike', variable: 'aws:SourceArn', values: [...props.sourceBucketArns] },
        ],
      },
      {
        sid: 'DenyLogTamperingExceptBreakGlass',
        effect: 'Deny',
        principals: [{ type: '*', identifiers: ['*'] }],
        actions: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
        resources: [`${bucketArn}/*`],
        condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [props.breakGlassRoleArn] }],
      },
    ],
  });
  return new SecureBucket(scope, id, {
    aws,
    bucketName: props.bucketName,
    // Server access log delivery supports only SSE-S3 on the target bucket, and a target must not
    // have Object Lock default retention, or logs stop being delivered.
    encryption: {
      kind: 's3-managed',
      reason: 'S3 server access log delivery supports only SSE-S3 on the target bucket',
    },
    accessLogging: { disabled: true, reason: 'this is the access-log target; logging to itself would loop' },
    configurationGuard: { changeableBy: [props.breakGlassRoleArn] },
    objectReaders: [...props.readerArns],
    policyDocuments: [delivery.json],
    lifecycleRules: [
      {
        id: 'expire-access-logs',
        status: 'Enabled',
        filter: [{ prefix: props.logPrefix }],
        expiration: [{ days: props.retentionDays }],
        noncurrentVersionExpiration: [{ noncurrentDays: 30 }],
      },
    ],
  });
}
