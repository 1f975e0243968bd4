import { Construct } from 'constructs';
import { Token, type ITerraformDependable } from 'cdktf';
import { Cloudtrail, type CloudtrailAdvancedEventSelector } from '@cdktf/provider-aws/lib/cloudtrail';

/** Data events the trail records, by resource. */
export interface TrailDataEvents {
  /**
   * S3 object ARN prefixes whose object-level reads and writes are recorded, each
   * `arn:<partition>:s3:::<bucket>/` (with the trailing slash, so `vault/` never also matches
   * `vault-other`). Never the trail's own bucket.
   * @default []
   */
  readonly s3ObjectArnPrefixes?: readonly string[];
  /** DynamoDB table ARNs whose item-level events are recorded. @default [] */
  readonly dynamoDbTableArns?: readonly string[];
  /** Lambda function ARNs (unqualified) whose invocations are recorded. @default [] */
  readonly lambdaFunctionArns?: readonly string[];
}

export interface CloudTrailProps {
  /** Trail name (the audit key and the bucket policy derive its ARN from this name). */
  readonly name: string;
  /** The isolated bucket the trail delivers to. */
  readonly bucketName: string;
  /** ARN of that bucket: the trail refuses any data-event selector that would select it. */
  readonly bucketArn: string;
  /** Key prefix in the bucket (no leading or trailing slash). */
  readonly s3KeyPrefix: string;
  /** Customer-managed key ARN that encrypts log and digest files (the audit key). */
  readonly kmsKeyArn: string;
  /** Log group ARN in CloudTrail's form (`...:log-group:<name>:*`). */
  readonly cloudWatchLogsGroupArn: string;
  /** Role CloudTrail assumes to write to the log group. */
  readonly cloudWatchLogsRoleArn: string;
  /** Data events to record, besides all management events. */
  readonly dataEvents: TrailDataEvents;
  /**
   * What must exist before the trail: the bucket policy (else `InsufficientS3BucketPolicyException`),
   * the log role's policy (else `InvalidCloudWatchLogsRoleArnException`). The key policy lives in
   * the earlier keys stack, which the audit stack depends on.
   */
  readonly dependsOn: readonly ITerraformDependable[];
}

/**
 * A multi-region CloudTrail trail with global service events, log-file validation, SSE-KMS with
 * the audit key, delivery to CloudWatch Logs, and advanced event selectors: every management
 * event (read and write) plus data events of exactly the named resources. Secure settings are not
 * options: a weaker trail is a different construct.
 */
export class CloudTrail extends Construct {
  public readonly trail: Cloudtrail;
  public readonly trailArn: string;
  public readonly selectors: readonly CloudtrailAdvancedEventSelector[];

  public constructor(scope: Construct, id: string, props: CloudTrailProps) {
    super(scope, id);
    this.selectors = advancedEventSelectors(id, props);

    this.trail = new Cloudtrail(this, 'trail', {
      name: props.name,
      s3BucketName: props.bucketName,
      s3KeyPrefix: props.s3KeyPrefix,
      kmsKeyId: props.kmsKeyArn,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      isOrganizationTrail: false,
      cloudWatchLogsGroupArn: props.cloudWatchLogsGroupArn,
      cloudWatchLogsRoleArn: props.cloudWatchLogsRoleArn,
      advancedEventSelector: [...this.selectors],
      dependsOn: [...props.dependsOn],
    });
    this.trailArn = this.trail.arn;
  }
}

/** The trail's advanced event selectors; throws when a selector would select the trail's own bucket. */
export function advancedEventSelectors(
  id: string,
  props: Pick<CloudTrailProps, 'bucketArn' | 'bucketName' | 'dataEvents'>,
): CloudtrailAdvancedEventSelector[] {
  const s3 = props.dataEvents.s3ObjectArnPrefixes ?? [];
  const tables = props.dataEvents.dynamoDbTableArns ?? [];
  const functions = props.dataEvents.lambdaFunctionArns ?? [];

  const problems: string[] = [];
  s3.forEach((prefix, i) => {
    const field = `dataEvents.s3ObjectArnPrefixes[${i}]`;
    const bucketPart = prefix.split(':s3:::')[1];
    if (bucketPart === undefined ? !Token.isUnresolved(prefix) : bucketPart === '' || bucketPart === '/') {
      problems.push(
        `${field}: must name a bucket, "arn:<partition>:s3:::<bucket>/"; all buckets would include the trail's own bucket (received ${JSON.stringify(prefix)})`,
      );
    } else if (!prefix.endsWith('/')) {
      problems.push(
        `${field}: must end with "/" so that it cannot match other buckets sharing the name prefix (received ${JSON.stringify(prefix)})`,
      );
    }
    // Token strings are stable, so the trail bucket's own ARN or name is recognised here even unresolved.
    if (prefix.startsWith(props.bucketArn) || prefix.includes(props.bucketName)) {
      problems.push(
        `${field}: selects the trail's own bucket; every log delivery would log itself (received ${JSON.stringify(prefix)})`,
      );
    }
  });
  const emptyArn = (list: readonly string[], field: string): void =>
    list.forEach((arn, i) => {
      if (arn.trim() === '') problems.push(`dataEvents.${field}[${i}]: must be an ARN (received "")`);
    });
  emptyArn(tables, 'dynamoDbTableArns');
  emptyArn(functions, 'lambdaFunctionArns');
  if (problems.length > 0) throw new Error(`CloudTrail "${id}": ${problems.join('; ')}`);

  const selectors: CloudtrailAdvancedEventSelector[] = [
    { name: 'All management events', fieldSelector: [{ field: 'eventCategory', equalTo: ['Management'] }] },
  ];
  if (s3.length > 0) {
    selectors.push({
      name: 'S3 object reads and writes',
      fieldSelector: [
        { field: 'eventCategory', equalTo: ['Data'] },
        { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
        { field: 'resources.ARN', startsWith: [...s3] },
      ],
    });
  }
  if (tables.length > 0) {
    selectors.push({
      name: 'Ledger item events',
      fieldSelector: [
        { field: 'eventCategory', equalTo: ['Data'] },
        { field: 'resources.type', equalTo: ['AWS::DynamoDB::Table'] },
        { field: 'resources.ARN', equalTo: [...tables] },
      ],
    });
  }
  if (functions.length > 0) {
    selectors.push({
      name: 'Verifier invocations',
      fieldSelector: [
        { field: 'eventCategory', equalTo: ['Data'] },
        { field: 'resources.type', equalTo: ['AWS::Lambda::Function'] },
        { field: 'resources.ARN', equalTo: [...functions] },
      ],
    });
  }
  return selectors;
}
