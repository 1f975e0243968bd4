import { Construct } from 'constructs';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';

/**
 * The account, partition and region a stack deploys into, read from data sources at plan time.
 * Constructs build ARNs from these instead of hard-coding account ids, regions or `arn:aws:`.
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

  /** ARN of an IAM role in this account. */
  public roleArn(roleName: string): string {
    return this.arn('iam', `role/${roleName}`, { region: '' });
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
