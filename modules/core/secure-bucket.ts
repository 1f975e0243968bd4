import { Construct } from 'constructs';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import {
  S3BucketLifecycleConfiguration,
  type S3BucketLifecycleConfigurationRule,
} from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketObjectLockConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { AwsContext } from './aws-context';

/** S3 Object Lock retention mode. */
export type ObjectLockMode = 'GOVERNANCE' | 'COMPLIANCE';

/** Default encryption of a bucket. */
export type BucketEncryption =
  /** SSE-KMS with a customer-managed key and an S3 Bucket Key. */
  | { readonly kind: 'kms'; readonly keyArn: string }
  /**
   * SSE-S3 (AES-256). Only for buckets where AWS does not support SSE-KMS, such as a server access
   * log target bucket (log delivery cannot use a customer-managed key).
   */
  | { readonly kind: 's3-managed'; readonly reason: string }
  /** SSE-KMS with the AWS-managed `aws/s3` key: for the state bucket, which exists before any customer key. */
  | { readonly kind: 'aws-managed-kms'; readonly reason: string };

/** One object key exempt from the SSE-KMS rules, and the only role that may write it. */
export interface KmsEnforcementExemption {
  readonly key: string;
  readonly writerArn: string;
}

/**
 * Bucket-level changes that remove or weaken a bucket's protections: its policy, versioning, Object
 * Lock, default encryption, public access block, ownership controls, lifecycle, logging and
 * replication (and the bucket itself). `s3:PutLifecycleConfiguration` also governs
 * DeleteBucketLifecycle, `s3:PutEncryptionConfiguration` DeleteBucketEncryption,
 * `s3:PutBucketPublicAccessBlock` DeletePublicAccessBlock and `s3:PutBucketOwnershipControls`
 * DeleteBucketOwnershipControls (Amazon S3 API reference, each Delete* page). Inventory and analytics
 * exports list every key (subject ids) into a bucket of the caller's choosing.
 */
export const BUCKET_CONFIGURATION_ACTIONS = [
  's3:DeleteBucket',
  's3:DeleteBucketPolicy',
  's3:PutAnalyticsConfiguration',
  's3:PutBucketAcl',
  's3:PutBucketLogging',
  's3:PutBucketObjectLockConfiguration',
  's3:PutBucketOwnershipControls',
  's3:PutBucketPolicy',
  's3:PutBucketPublicAccessBlock',
  's3:PutBucketVersioning',
  's3:PutEncryptionConfiguration',
  's3:PutInventoryConfiguration',
  's3:PutLifecycleConfiguration',
  's3:PutReplicationConfiguration',
] as const;

/**
 * Replacing the bucket's event notifications (an empty configuration stops every consumer, another
 * destination receives every key). Guarded like the configuration, with its own writers: the stack that
 * wires a consumer, and a service that manages its own notification (GuardDuty Malware Protection).
 */
export const BUCKET_NOTIFICATION_ACTIONS = ['s3:PutBucketNotification'] as const;

/** Who may change the bucket's protections (`BUCKET_CONFIGURATION_ACTIONS`) after the first apply. */
export type ConfigurationGuard =
  /**
   * Only these principals (the break-glass role); everyone else is denied by the bucket policy.
   * `notificationsBy`: who else may replace its event notifications (`BUCKET_NOTIFICATION_ACTIONS`);
   * @default [] (only `changeableBy`)
   */
  | { readonly changeableBy: readonly string[]; readonly notificationsBy?: readonly string[] }
  /** No guard, with the reason; shows in the synthesized tags. */
  | { readonly unguarded: true; readonly reason: string };

/** Where a bucket's server access logs go. */
export type AccessLogging =
  | { readonly targetBucket: string; readonly targetPrefix: string }
  /** Explicitly no access logging, with the reason; shows in the synthesized tags. */
  | { readonly disabled: true; readonly reason: string };

export interface SecureBucketProps {
  /** The account, partition and region: the bucket policy names the bucket by the ARN of its name. */
  readonly aws: AwsContext;
  /** Bucket name (may contain tokens, for example the account id). */
  readonly bucketName: string;
  /** Default encryption. No default: every bucket states its encryption. */
  readonly encryption: BucketEncryption;
  /** Server access logging. No default: a bucket states where its logs go, or why it has none. */
  readonly accessLogging: AccessLogging;
  /**
   * Who may change the bucket's configuration once it exists. No default: a bucket names its
   * break-glass role, or states why it has no guard. The configuration resources are created before
   * the policy (`depends_on`), so the first apply is not refused by the policy it creates; later
   * changes need an apply by one of `changeableBy`.
   */
  readonly configurationGuard: ConfigurationGuard;
  /**
   * The only principals that may read objects (`s3:GetObject*`: data, versions, tags, ACLs,
   * attributes), by `aws:PrincipalArn`; everyone else is denied by the bucket policy, whatever
   * their identity policies allow. @default no read restriction in the bucket policy
   */
  readonly objectReaders?: readonly string[];
  /**
   * Deny any `PutObject` that does not use SSE-KMS with exactly the bucket's key.
   * Only with `encryption.kind === 'kms'`.
   * @default true for KMS-encrypted buckets
   */
  readonly enforceKmsOnPut?: boolean;
  /**
   * S3 Bucket Key for SSE-KMS buckets (fewer KMS calls). Turn off where a writer cannot be granted
   * `kms:Decrypt`, which a Bucket Key requires (CloudTrail delivering to its bucket).
   * @default true for KMS-encrypted buckets
   */
  readonly bucketKey?: boolean;
  /**
   * Exact object keys exempt from `enforceKmsOnPut`, for an AWS service that writes a fixed object
   * without SSE headers (GuardDuty Malware Protection's validation object). Each exemption is one
   * named key, never a prefix, bound to the one role that may write it: the key shows in the
   * synthesized policy as a `NotResource` of the SSE rules, and everyone else is denied writing it.
   * @default []
   */
  readonly kmsEnforcementExemptions?: readonly KmsEnforcementExemption[];
  /** Lifecycle rules; an "abort incomplete multipart uploads after 7 days" rule is always added. @default [] */
  readonly lifecycleRules?: readonly S3BucketLifecycleConfigurationRule[];
  /** Further policy documents (`DataAwsIamPolicyDocument.json`) merged into the bucket policy. @default [] */
  readonly policyDocuments?: readonly string[];
  /** S3 Object Lock default retention. Requires versioning (always on). @default no Object Lock */
  readonly objectLock?: { readonly mode: ObjectLockMode; readonly days: number };
  /**
   * Terraform `prevent_destroy` on the bucket. Turning it off is a deliberate weakening.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/** Minimum TLS version accepted by every bucket policy. */
export const MINIMUM_TLS_VERSION = '1.2';

/**
 * An S3 bucket with the vault's secure defaults: versioning, all four public access blocks,
 * `BucketOwnerEnforced` (ACLs disabled), default encryption with SSE-C blocked, a bucket policy
 * that denies non-TLS and TLS < 1.2 requests (and, for KMS buckets, any PutObject not using
 * exactly the bucket's key), server access logging, `prevent_destroy`, no `force_destroy`; and,
 * per props, a guard that leaves changes to those protections to the break-glass role, and a list of
 * the only principals that may read objects.
 */
export class SecureBucket extends Construct {
  public readonly bucket: S3Bucket;
  public readonly policy: S3BucketPolicy;
  /** The merged bucket policy document. */
  public readonly policyDocument: DataAwsIamPolicyDocument;
  public readonly versioning: S3BucketVersioningA;
  public readonly publicAccessBlock: S3BucketPublicAccessBlock;
  public readonly encryption: S3BucketServerSideEncryptionConfigurationA;
  public readonly lifecycle: S3BucketLifecycleConfiguration;
  public readonly ownership: S3BucketOwnershipControls;
  public readonly logging: S3BucketLoggingA | undefined;
  public readonly objectLock: S3BucketObjectLockConfigurationA | undefined;
  public readonly bucketName: string;
  /** The bucket resource's `arn` attribute (a reference: known after the bucket is created). */
  public readonly bucketArn: string;
  /**
   * The bucket's ARN built from its name: known in the first plan. The bucket policy uses it, so
   * that the policy can be reviewed before the bucket exists; it carries no dependency on the bucket.
   */
  public readonly knownArn: string;

  public constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    validateProps(id, props);
    const preventDestroy = props.preventDestroy ?? true;

    this.bucket = new S3Bucket(this, 'bucket', {
      bucket: props.bucketName,
      forceDestroy: false,
      ...(props.objectLock !== undefined && { objectLockEnabled: true }),
      ...(('disabled' in props.accessLogging || 'unguarded' in props.configurationGuard) && {
        tags: {
          ...('disabled' in props.accessLogging && { AccessLogging: `disabled: ${props.accessLogging.reason}` }),
          ...('unguarded' in props.configurationGuard && {
            ConfigurationGuard: `none: ${props.configurationGuard.reason}`,
          }),
        },
      }),
      lifecycle: { preventDestroy },
    });
    this.bucketName = this.bucket.bucket;
    this.bucketArn = this.bucket.arn;
    this.knownArn = props.aws.bucketArn(props.bucketName);
    const bucketArn = this.knownArn;

    this.publicAccessBlock = new S3BucketPublicAccessBlock(this, 'public-access-block', {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });

    this.ownership = new S3BucketOwnershipControls(this, 'ownership', {
      bucket: this.bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });

    this.versioning = new S3BucketVersioningA(this, 'versioning', {
      bucket: this.bucket.id,
      versioningConfiguration: { status: 'Enabled' },
    });

    const enc = props.encryption;
    this.encryption = new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket: this.bucket.id,
      rule: [
        {
          applyServerSideEncryptionByDefault:
            enc.kind === 'kms'
              ? { sseAlgorithm: 'aws:kms', kmsMasterKeyId: enc.keyArn }
              : enc.kind === 'aws-managed-kms'
                ? { sseAlgorithm: 'aws:kms' }
                : { sseAlgorithm: 'AES256' },
          bucketKeyEnabled: enc.kind !== 's3-managed' && (props.bucketKey ?? true),
          blockedEncryptionTypes: ['SSE-C'],
        },
      ],
    });

    this.objectLock =
      props.objectLock === undefined
        ? undefined
        : new S3BucketObjectLockConfigurationA(this, 'object-lock', {
            bucket: this.bucket.id,
            rule: { defaultRetention: { mode: props.objectLock.mode, days: props.objectLock.days } },
            dependsOn: [this.versioning],
          });

    this.logging =
      'disabled' in props.accessLogging
        ? undefined
        : new S3BucketLoggingA(this, 'access-logging', {
            bucket: this.bucket.id,
            targetBucket: props.accessLogging.targetBucket,
            targetPrefix: props.accessLogging.targetPrefix,
            targetObjectKeyFormat: {
              partitionedPrefix: { partitionDateSource: 'EventTime' },
            },
          });

    this.lifecycle = new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket: this.bucket.id,
      rule: [
        {
          id: 'abort-incomplete-multipart-uploads',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
        ...(props.lifecycleRules ?? []),
      ],
      // Lifecycle rules on a versioned bucket need versioning to exist first.
      dependsOn: [this.versioning],
    });

    const objects = `${bucketArn}/*`;
    const transport = new DataAwsIamPolicyDocument(this, 'deny-insecure-transport', {
      statement: [
        {
          sid: 'DenyInsecureTransport',
          effect: 'Deny',
          principals: [{ type: '*', identifiers: ['*'] }],
          actions: ['s3:*'],
          resources: [bucketArn, objects],
          condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
        },
        {
          sid: 'DenyOutdatedTls',
          effect: 'Deny',
          principals: [{ type: '*', identifiers: ['*'] }],
          actions: ['s3:*'],
          resources: [bucketArn, objects],
          condition: [{ test: 'NumericLessThan', variable: 's3:TlsVersion', values: [MINIMUM_TLS_VERSION] }],
        },
      ],
    });
    const sources = [transport.json];

    const guard = props.configurationGuard;
    if ('changeableBy' in guard) {
      const notifiers = guard.notificationsBy ?? [];
      const configuration = new DataAwsIamPolicyDocument(this, 'deny-configuration-changes', {
        statement: [
          {
            sid: 'DenyConfigurationChangesExceptBreakGlass',
            effect: 'Deny',
            principals: [{ type: '*', identifiers: ['*'] }],
            actions: [...BUCKET_CONFIGURATION_ACTIONS, ...(notifiers.length === 0 ? BUCKET_NOTIFICATION_ACTIONS : [])],
            resources: [bucketArn],
            condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [...guard.changeableBy] }],
          },
          ...(notifiers.length === 0
            ? []
            : [
                {
                  sid: 'DenyNotificationChangesExceptNotifiers',
                  effect: 'Deny',
                  principals: [{ type: '*', identifiers: ['*'] }],
                  actions: [...BUCKET_NOTIFICATION_ACTIONS],
                  resources: [bucketArn],
                  condition: [
                    {
                      test: 'ArnNotEquals',
                      variable: 'aws:PrincipalArn',
                      values: [...new Set([...guard.changeableBy, ...notifiers])],
                    },
                  ],
                },
              ]),
        ],
      });
      sources.push(configuration.json);
    }
    if (props.objectReaders !== undefined) {
      const reads = new DataAwsIamPolicyDocument(this, 'deny-object-reads', {
        statement: [
          {
            sid: 'DenyObjectReadsExceptReaders',
            effect: 'Deny',
            principals: [{ type: '*', identifiers: ['*'] }],
            actions: ['s3:GetObject*'],
            resources: [objects],
            condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [...props.objectReaders] }],
          },
        ],
      });
      sources.push(reads.json);
    }

    const exemptions = props.kmsEnforcementExemptions ?? [];
    const exemptArn = (e: KmsEnforcementExemption): string => `${bucketArn}/${e.key}`;
    const exempt = exemptions.map(exemptArn);
    const putTargets = exempt.length === 0 ? { resources: [objects] } : { notResources: exempt };
    if (enc.kind === 'kms' && (props.enforceKmsOnPut ?? true)) {
      // Negated string operators are true when the key is absent, so a PutObject that omits the
      // SSE headers (relying on default encryption) is refused as well: uploads must state
      // SSE-KMS and exactly this key's ARN.
      const putEncryption = new DataAwsIamPolicyDocument(this, 'deny-unencrypted-put', {
        statement: [
          {
            sid: 'DenyPutWithoutSseKms',
            effect: 'Deny',
            principals: [{ type: '*', identifiers: ['*'] }],
            actions: ['s3:PutObject'],
            ...putTargets,
            condition: [{ test: 'StringNotEquals', variable: 's3:x-amz-server-side-encryption', values: ['aws:kms'] }],
          },
          {
            sid: 'DenyPutWithOtherKmsKey',
            effect: 'Deny',
            principals: [{ type: '*', identifiers: ['*'] }],
            actions: ['s3:PutObject'],
            ...putTargets,
            condition: [
              {
                test: 'StringNotEquals',
                variable: 's3:x-amz-server-side-encryption-aws-kms-key-id',
                values: [enc.keyArn],
              },
            ],
          },
          ...exemptions.map((e, i) => ({
            sid: `DenyExemptKeyExceptItsWriter${i === 0 ? '' : i + 1}`,
            effect: 'Deny',
            principals: [{ type: '*', identifiers: ['*'] }],
            actions: ['s3:PutObject'],
            resources: [exemptArn(e)],
            condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [e.writerArn] }],
          })),
        ],
      });
      sources.push(putEncryption.json);
    }

    this.policyDocument = new DataAwsIamPolicyDocument(this, 'policy-document', {
      sourcePolicyDocuments: [...sources, ...(props.policyDocuments ?? [])],
    });
    this.policy = new S3BucketPolicy(this, 'policy', {
      bucket: this.bucket.id,
      policy: this.policyDocument.json,
      // A policy that grants to principals must not race the public access block, and a policy that
      // denies configuration changes must come after every configuration it protects: created in the
      // same apply by the same principal, they exist before the deny does.
      dependsOn: [
        this.publicAccessBlock,
        this.ownership,
        this.versioning,
        this.encryption,
        this.lifecycle,
        ...(this.objectLock === undefined ? [] : [this.objectLock]),
        ...(this.logging === undefined ? [] : [this.logging]),
      ],
    });
  }
}

function validateProps(id: string, props: SecureBucketProps): void {
  const problems: string[] = [];
  if (props.enforceKmsOnPut === true && props.encryption.kind !== 'kms') {
    problems.push(`enforceKmsOnPut: true needs encryption.kind "kms" (received "${props.encryption.kind}")`);
  }
  for (const { key } of props.kmsEnforcementExemptions ?? []) {
    if (key === '' || key.includes('*') || key.endsWith('/')) {
      problems.push(
        `kmsEnforcementExemptions: each key must be one exact object key, not a prefix or pattern (received ${JSON.stringify(key)})`,
      );
    }
  }
  if ('unguarded' in props.configurationGuard && props.configurationGuard.reason.trim() === '') {
    problems.push('configurationGuard.reason: must explain why the configuration is unguarded (received "")');
  }
  if ('changeableBy' in props.configurationGuard && props.configurationGuard.changeableBy.length === 0) {
    problems.push(
      'configurationGuard.changeableBy: must name at least one principal (the break-glass role) (received [])',
    );
  }
  if (props.objectReaders?.length === 0) {
    problems.push('objectReaders: must name at least one principal, or be left out (received [])');
  }
  if ('disabled' in props.accessLogging && props.accessLogging.reason.trim() === '') {
    problems.push('accessLogging.reason: must explain why access logging is disabled (received "")');
  }
  if (props.encryption.kind !== 'kms' && props.encryption.reason.trim() === '') {
    problems.push(`encryption.reason: must explain why "${props.encryption.kind}" is used (received "")`);
  }
  if (props.objectLock !== undefined && !(Number.isInteger(props.objectLock.days) && props.objectLock.days >= 1)) {
    problems.push(`objectLock.days: must be a positive integer (received ${JSON.stringify(props.objectLock.days)})`);
  }
  if (problems.length > 0) throw new Error(`SecureBucket "${id}": ${problems.join('; ')}`);
}
