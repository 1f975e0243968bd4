import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { AwsContext } from '../core/aws-context';
import { SecureBucket, type ObjectLockMode } from '../core/secure-bucket';

/** Prefix (inside the bucket) under which CloudTrail delivers log and digest files. */
export const TRAIL_PREFIX = 'cloudtrail';
/** Prefix (inside the bucket) under which GuardDuty exports findings. */
export const FINDINGS_PREFIX = 'guardduty-findings';

/**
 * Object-level changes that could erase the audit trail. Only the break-glass role may make them;
 * bucket-level changes (policy, lifecycle, versioning, Object Lock, ...) are guarded by `SecureBucket`'s
 * configuration guard, also for break-glass alone.
 */
export const TRAIL_BUCKET_PROTECTED_ACTIONS = [
  's3:BypassGovernanceRetention',
  's3:DeleteObject',
  's3:DeleteObjectVersion',
] as const;

export interface IsolatedTrailBucketProps {
  readonly aws: AwsContext;
  /** Bucket name (may contain tokens, for example the account id). */
  readonly bucketName: string;
  /** Name of the one CloudTrail trail that may deliver here (its ARN is derived, home region). */
  readonly trailName: string;
  /** Customer-managed key ARN for default encryption and for GuardDuty findings (the audit key). */
  readonly kmsKeyArn: string;
  /** Role ARN of the break-glass role: the only principal that may delete objects or change policy/lifecycle. */
  readonly breakGlassRoleArn: string;
  /**
   * Roles that may read log files, digests and findings (auditors); break-glass always can. Everyone
   * else is denied `s3:GetObject*` by the bucket policy. @default [] (break-glass only)
   */
  readonly readerArns?: readonly string[];
  /** Where this bucket's server access logs go (the access-log bucket, which has no Object Lock). */
  readonly accessLogging: { readonly targetBucket: string; readonly targetPrefix: string };
  /** S3 Object Lock default retention. Required: the audit trail is always write-once. */
  readonly objectLock: { readonly mode: ObjectLockMode; readonly days: number };
  /** Days after which objects move to Glacier Instant Retrieval. */
  readonly transitionToColdDays: number;
  /** Days after which objects expire (must exceed `transitionToColdDays` and the Object Lock days). */
  readonly retentionDays: number;
  /**
   * Days a non-current version (left by expiry) is kept before it is removed.
   * @default 30
   */
  readonly noncurrentVersionDays?: number;
  /**
   * Let GuardDuty (a detector of this account and region) export findings under `guardduty-findings/`,
   * encrypted with exactly `kmsKeyArn`.
   * @default true
   */
  readonly allowGuardDutyFindings?: boolean;
}

/**
 * The dedicated, isolated CloudTrail bucket: a `SecureBucket` (versioning, public access block,
 * `BucketOwnerEnforced`, SSE-KMS with the audit key, TLS-only, access logging) plus
 *
 * - CloudTrail may check the ACL and write only under `cloudtrail/AWSLogs/<account>/`, bound to the
 *   exact trail (`aws:SourceArn`) and account (`aws:SourceAccount`);
 * - GuardDuty may write findings only under `guardduty-findings/`, SSE-KMS with exactly the audit key;
 * - no IAM principal may write objects at all (only those two AWS services);
 * - only the auditors and break-glass may read objects;
 * - nobody but the break-glass role may delete objects or versions, bypass governance retention,
 *   or change the policy, lifecycle, versioning, Object Lock or any other bucket configuration;
 * - Object Lock default retention (mode and days from config), transition to Glacier IR, expiry.
 *
 * The S3 Bucket Key is off: CloudTrail documents that a bucket key requires `kms:Decrypt` for
 * CloudTrail on the key, which this key policy does not grant (and CloudTrail's writes gain nothing
 * from it: CloudTrail's own KMS use is free).
 *
 * Ordering: the bucket policy denies every configuration change to the deployer, so `SecureBucket`
 * creates those configurations before the policy (`depends_on`). Changing them later needs an apply
 * as the break-glass role.
 */
export class IsolatedTrailBucket extends Construct {
  public readonly bucket: SecureBucket;
  public readonly bucketName: string;
  public readonly bucketArn: string;
  /** ARN of the trail allowed to write here (home-region ARN). */
  public readonly trailArn: string;
  /** GuardDuty publishing destination (folder ARN, `arn:<p>:s3:::<bucket>/guardduty-findings/`). */
  public readonly findingsDestinationArn: string;
  public readonly cloudTrailAccess: DataAwsIamPolicyDocument;
  public readonly isolation: DataAwsIamPolicyDocument;
  public readonly guardDutyAccess: DataAwsIamPolicyDocument | undefined;

  public constructor(scope: Construct, id: string, props: IsolatedTrailBucketProps) {
    super(scope, id);
    validate(id, props);
    const { aws } = props;
    const noncurrentDays = props.noncurrentVersionDays ?? 30;
    const allowGuardDuty = props.allowGuardDutyFindings ?? true;

    // The bucket ARN is derived from the name, so the policy documents need no reference to the
    // bucket resource (the bucket policy is the only resource that uses them).
    const bucketArn = aws.bucketArn(props.bucketName);
    const objects = `${bucketArn}/*`;
    this.trailArn = aws.trailArn(props.trailName);
    const sourceAccount = { test: 'StringEquals', variable: 'aws:SourceAccount', values: [aws.accountId] };

    this.cloudTrailAccess = new DataAwsIamPolicyDocument(this, 'cloudtrail-access', {
      statement: [
        {
          sid: 'CloudTrailAclCheck',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }],
          actions: ['s3:GetBucketAcl'],
          resources: [bucketArn],
          condition: [{ test: 'StringEquals', variable: 'aws:SourceArn', values: [this.trailArn] }, sourceAccount],
        },
        {
          sid: 'CloudTrailWriteOwnPrefix',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }],
          actions: ['s3:PutObject'],
          resources: [`${bucketArn}/${TRAIL_PREFIX}/AWSLogs/${aws.accountId}/*`],
          condition: [
            { test: 'StringEquals', variable: 's3:x-amz-acl', values: ['bucket-owner-full-control'] },
            { test: 'StringEquals', variable: 'aws:SourceArn', values: [this.trailArn] },
            sourceAccount,
          ],
        },
      ],
    });

    this.isolation = new DataAwsIamPolicyDocument(this, 'isolation', {
      statement: [
        {
          // Dedicated bucket: no workload (no IAM principal, not even break-glass) writes objects.
          // AWS service principals are allowed only by the statements above, each to its prefix.
          sid: 'DenyObjectWritesByIamPrincipals',
          effect: 'Deny',
          principals: [{ type: '*', identifiers: ['*'] }],
          actions: ['s3:PutObject'],
          resources: [objects],
          condition: [{ test: 'BoolIfExists', variable: 'aws:PrincipalIsAWSService', values: ['false'] }],
        },
        {
          sid: 'DenyTamperingExceptBreakGlass',
          effect: 'Deny',
          principals: [{ type: '*', identifiers: ['*'] }],
          actions: [...TRAIL_BUCKET_PROTECTED_ACTIONS],
          resources: [objects],
          condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [props.breakGlassRoleArn] }],
        },
      ],
    });

    const findingsObjects = `${bucketArn}/${FINDINGS_PREFIX}/*`;
    // One detector per account and region: `detector/*` of this account and region is that detector,
    // whether this stack created it or adopted an existing one.
    const detectorSource = [
      sourceAccount,
      { test: 'ArnLike', variable: 'aws:SourceArn', values: [aws.arn('guardduty', 'detector/*')] },
    ];
    this.guardDutyAccess = allowGuardDuty
      ? new DataAwsIamPolicyDocument(this, 'guardduty-access', {
          statement: [
            {
              sid: 'GuardDutyGetBucketLocation',
              effect: 'Allow',
              principals: [{ type: 'Service', identifiers: ['guardduty.amazonaws.com'] }],
              actions: ['s3:GetBucketLocation'],
              resources: [bucketArn],
              condition: detectorSource,
            },
            {
              sid: 'GuardDutyWriteFindings',
              effect: 'Allow',
              principals: [{ type: 'Service', identifiers: ['guardduty.amazonaws.com'] }],
              actions: ['s3:PutObject'],
              resources: [findingsObjects],
              condition: detectorSource,
            },
            {
              sid: 'DenyFindingsWithoutSseKms',
              effect: 'Deny',
              principals: [{ type: '*', identifiers: ['*'] }],
              actions: ['s3:PutObject'],
              resources: [findingsObjects],
              condition: [
                { test: 'StringNotEquals', variable: 's3:x-amz-server-side-encryption', values: ['aws:kms'] },
              ],
            },
            {
              sid: 'DenyFindingsWithOtherKey',
              effect: 'Deny',
              principals: [{ type: '*', identifiers: ['*'] }],
              actions: ['s3:PutObject'],
              resources: [findingsObjects],
              condition: [
                {
                  test: 'StringNotEquals',
                  variable: 's3:x-amz-server-side-encryption-aws-kms-key-id',
                  values: [props.kmsKeyArn],
                },
              ],
            },
          ],
        })
      : undefined;

    this.bucket = new SecureBucket(this, 'bucket', {
      aws,
      bucketName: props.bucketName,
      encryption: { kind: 'kms', keyArn: props.kmsKeyArn },
      // CloudTrail sets its own SSE-KMS headers on log files; the encryption headers of digest files
      // are not documented, so the generic "every PutObject states the key" deny would risk
      // breaking log-file validation. Writes are restricted by writer instead (above), and
      // GuardDuty's prefix keeps the exact-key deny.
      enforceKmsOnPut: false,
      accessLogging: props.accessLogging,
      configurationGuard: { changeableBy: [props.breakGlassRoleArn] },
      objectReaders: [props.breakGlassRoleArn, ...(props.readerArns ?? [])],
      objectLock: props.objectLock,
      policyDocuments: [
        this.cloudTrailAccess.json,
        this.isolation.json,
        ...(this.guardDutyAccess !== undefined ? [this.guardDutyAccess.json] : []),
      ],
      lifecycleRules: [
        {
          id: 'audit-logs-cold-then-expire',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          transition: [{ days: props.transitionToColdDays, storageClass: 'GLACIER_IR' }],
          expiration: [{ days: props.retentionDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: noncurrentDays }],
        },
        {
          id: 'remove-expired-delete-markers',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          expiration: [{ expiredObjectDeleteMarker: true }],
        },
      ],
      preventDestroy: true,
      // S3 Bucket Key off (see class comment): it would need kms:Decrypt for CloudTrail.
      bucketKey: false,
    });
    this.bucketName = this.bucket.bucketName;
    this.bucketArn = this.bucket.bucketArn;
    this.findingsDestinationArn = `${this.bucket.bucketArn}/${FINDINGS_PREFIX}/`;
  }
}

function validate(id: string, props: IsolatedTrailBucketProps): void {
  const problems: string[] = [];
  const positive = (field: string, value: number): void => {
    if (!Number.isInteger(value) || value < 1)
      problems.push(`${field}: must be a positive integer (received ${JSON.stringify(value)})`);
  };
  positive('transitionToColdDays', props.transitionToColdDays);
  positive('retentionDays', props.retentionDays);
  positive('objectLock.days', props.objectLock.days);
  if (props.noncurrentVersionDays !== undefined) positive('noncurrentVersionDays', props.noncurrentVersionDays);
  if (props.transitionToColdDays >= props.retentionDays) {
    problems.push(
      `transitionToColdDays: must be less than retentionDays ${props.retentionDays} (received ${props.transitionToColdDays})`,
    );
  }
  if (props.objectLock.days > props.retentionDays) {
    problems.push(
      `objectLock.days: must not exceed retentionDays ${props.retentionDays} (received ${props.objectLock.days})`,
    );
  }
  // Checked as a value, not trusted as a type: props may come from configuration or untyped callers.
  const mode: string = props.objectLock.mode;
  if (mode !== 'GOVERNANCE' && mode !== 'COMPLIANCE') {
    problems.push(`objectLock.mode: must be "GOVERNANCE" or "COMPLIANCE" (received ${JSON.stringify(mode)})`);
  }
  if (problems.length > 0) throw new Error(`IsolatedTrailBucket "${id}": ${problems.join('; ')}`);
}
