import { Construct } from 'constructs';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import {
  cloudTrailArn,
  dynamodbTableArn,
  iamRoleArn,
  lambdaFunctionArn,
  logGroupArn,
  s3BucketArn,
  snsTopicArn,
  sqsQueueArn,
  type ArnScope,
} from './arn-formats';

/**
 * The account, partition and region a stack deploys into, read from data sources at plan time.
 * Constructs build ARNs from these instead of hard-coding account ids, regions or `arn:aws:`.
 *
 * The ARN of a resource with a deterministic name is built from that name (`bucketArn`, `tableArn`,
 * `queueArn`, ...; formats in `arn-formats.ts`) rather than read from the resource's computed `arn`:
 * a policy that names a resource created in the same apply is then known in the first plan, and a
 * stack can name a resource of a later stack without a dependency cycle.
 */
export class AwsContext extends Construct {
  public readonly accountId: string;
  public readonly partition: string;
  public readonly region: string;
  /** DNS suffix of the partition (`amazonaws.com`, `amazonaws.com.cn`). */
  public readonly dnsSuffix: string;
  /** The principal running Terraform (an assumed-role session ARN, or a user ARN). */
  public readonly callerArn: string;

  public constructor(scope: Construct, id: string) {
    super(scope, id);
    const identity = new DataAwsCallerIdentity(this, 'caller');
    const partition = new DataAwsPartition(this, 'partition');
    const region = new DataAwsRegion(this, 'region');
    this.accountId = identity.accountId;
    this.partition = partition.partition;
    this.dnsSuffix = partition.dnsSuffix;
    this.region = region.region;
    this.callerArn = identity.arn;
  }

  /** `arn:<partition>:<service>:<region>:<account>:<resource>`; pass `''` for global services' region. */
  public arn(service: string, resource: string, opts: { region?: string; account?: string } = {}): string {
    const region = opts.region ?? this.region;
    const account = opts.account ?? this.accountId;
    return `arn:${this.partition}:${service}:${region}:${account}:${resource}`;
  }

  /** Partition, region and account, for the formats of `arn-formats.ts`. */
  public get scope(): ArnScope {
    return { partition: this.partition, region: this.region, account: this.accountId };
  }

  /** ARN of an IAM role in this account. */
  public roleArn(roleName: string): string {
    return iamRoleArn(this.partition, this.accountId, roleName);
  }

  /** ARN of an S3 bucket, from its name. */
  public bucketArn(bucketName: string): string {
    return s3BucketArn(this.partition, bucketName);
  }

  /** ARN of a DynamoDB table in this account and region, from its name. */
  public tableArn(tableName: string): string {
    return dynamodbTableArn(this.scope, tableName);
  }

  /** ARN of an SQS queue in this account and region, from its name. */
  public queueArn(queueName: string): string {
    return sqsQueueArn(this.scope, queueName);
  }

  /** ARN of an SNS topic in this account and region, from its name. */
  public topicArn(topicName: string): string {
    return snsTopicArn(this.scope, topicName);
  }

  /** ARN of a trail in this account, from its name; `region: '*'` matches any region (a multi-region trail). */
  public trailArn(trailName: string, opts: { region?: string } = {}): string {
    return cloudTrailArn({ ...this.scope, region: opts.region ?? this.region }, trailName);
  }

  /** ARN of a Lambda function in this account and region, from its name. */
  public functionArn(functionName: string): string {
    return lambdaFunctionArn(this.scope, functionName);
  }

  /** ARN of a CloudWatch Logs log group in this account and region, from its name (no `:*` suffix). */
  public logGroupArn(logGroupName: string): string {
    return logGroupArn(this.scope, logGroupName);
  }

  /** ARN of a customer-managed IAM policy in this account. */
  public policyArn(policyName: string): string {
    return this.arn('iam', `policy/${policyName}`, { region: '' });
  }

  /** The account's root principal ARN (`arn:<partition>:iam::<account>:root`). */
  public get rootArn(): string {
    return this.arn('iam', 'root', { region: '' });
  }

  /** Service principal in this partition, for example `logs.<region>.amazonaws.com`. */
  public regionalServicePrincipal(service: string): string {
    return `${service}.${this.region}.${this.dnsSuffix}`;
  }

  /** `kms:ViaService` value for a service in this region, for example `s3.<region>.amazonaws.com`. */
  public viaService(service: string): string {
    return `${service}.${this.region}.${this.dnsSuffix}`;
  }
}
