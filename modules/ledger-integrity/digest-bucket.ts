import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { AwsContext } from '../core/aws-context';
import { SecureBucket, type ObjectLockMode } from '../core/secure-bucket';
import { DIGEST_PREFIX, PUBLIC_KEY_PREFIX, STAGING_PREFIX } from '../../lambda-src/ledger-integrity/digest-format';

/**
 * Object-level changes that could erase or unlock the ledger's evidence: deleting objects or versions,
 * bypassing or changing their retention, placing or lifting a legal hold. Only break-glass may request them
 * (and under `COMPLIANCE` Object Lock, S3 refuses even break-glass until the retention ends).
 */
export const DIGEST_BUCKET_PROTECTED_ACTIONS = [
  's3:BypassGovernanceRetention',
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:PutObjectLegalHold',
  's3:PutObjectRetention',
] as const;

export interface LedgerDigestBucketProps {
  readonly aws: AwsContext;
  /** Bucket name (`<ledgerDigestBucketPrefix>-<account>`). */
  readonly bucketName: string;
  /** The key that encrypts the objects (the VaultKey): no S3 Bucket Key, so S3 names each object to KMS. */
  readonly kmsKeyArn: string;
  /** The digest job's role: the only writer of `digests/` and `public-keys/`. */
  readonly digestRoleArn: string;
  /** The stream consumer's role: the only writer of `staging/`. */
  readonly streamRoleArn: string;
  /** Who may read objects besides the digest job (ledger readers, who run ledger:verify). */
  readonly readerArns: readonly string[];
  readonly breakGlassRoleArn: string;
  /** Where this bucket's server access logs go. */
  readonly accessLogging: { readonly targetBucket: string; readonly targetPrefix: string };
  /** S3 Object Lock default retention of every object. */
  readonly objectLock: { readonly mode: ObjectLockMode; readonly days: number };
}

/**
 * The ledger's evidence: signed digests (`digests/`), the signing key's public key (`public-keys/`) and the
 * stream consumer's staged batches (`staging/`). A `SecureBucket` (versioning, public access block, SSE-KMS
 * with the VaultKey, TLS only, access logging, a configuration guard for break-glass) plus:
 *
 * - Object Lock default retention on every object (mode and days from config; `COMPLIANCE` in prod);
 * - each prefix has one writer (the digest job, the stream consumer), nothing else may be written anywhere,
 *   and no principal (break-glass included) may write a digest;
 * - only the digest job, the ledger readers and break-glass read objects;
 * - only break-glass may delete objects or versions, bypass governance retention, change retention or legal
 *   holds (in `COMPLIANCE` mode S3 refuses deleting a locked version to everyone, root included);
 * - digests and public keys never expire (the ledger keeps its records indefinitely, and the digests must
 *   outlive them); staged batches, whose content the digests carry, expire once their lock ends.
 */
export class LedgerDigestBucket extends Construct {
  public readonly bucket: SecureBucket;
  public readonly bucketName: string;
  public readonly bucketArn: string;

  public constructor(scope: Construct, id: string, props: LedgerDigestBucketProps) {
    super(scope, id);
    const arn = props.aws.bucketArn(props.bucketName);
    const everyone = [{ type: '*', identifiers: ['*'] }];
    const except = (arns: readonly string[]) => [
      { test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [...arns] },
    ];
    const guards = new DataAwsIamPolicyDocument(this, 'evidence-guards', {
      statement: [
        {
          sid: 'DenyDigestWritesExceptDigestJob',
          effect: 'Deny',
          principals: everyone,
          actions: ['s3:PutObject'],
          resources: [`${arn}/${DIGEST_PREFIX}*`, `${arn}/${PUBLIC_KEY_PREFIX}*`],
          condition: except([props.digestRoleArn]),
        },
        {
          sid: 'DenyStagingWritesExceptStreamConsumer',
          effect: 'Deny',
          principals: everyone,
          actions: ['s3:PutObject'],
          resources: [`${arn}/${STAGING_PREFIX}*`],
          condition: except([props.streamRoleArn]),
        },
        {
          sid: 'DenyWritesOutsideTheEvidencePrefixes',
          effect: 'Deny',
          principals: everyone,
          actions: ['s3:PutObject'],
          notResources: [`${arn}/${DIGEST_PREFIX}*`, `${arn}/${PUBLIC_KEY_PREFIX}*`, `${arn}/${STAGING_PREFIX}*`],
        },
        {
          sid: 'DenyTamperingExceptBreakGlass',
          effect: 'Deny',
          principals: everyone,
          actions: [...DIGEST_BUCKET_PROTECTED_ACTIONS],
          resources: [`${arn}/*`],
          condition: except([props.breakGlassRoleArn]),
        },
      ],
    });
    this.bucket = new SecureBucket(this, 'bucket', {
      aws: props.aws,
      bucketName: props.bucketName,
      encryption: { kind: 'kms', keyArn: props.kmsKeyArn },
      // Without a Bucket Key, S3's encryption context is the object's ARN: the key policy binds each
      // role's use of the VaultKey to this bucket's objects.
      bucketKey: false,
      accessLogging: props.accessLogging,
      configurationGuard: { changeableBy: [props.breakGlassRoleArn] },
      objectReaders: [...new Set([props.digestRoleArn, ...props.readerArns, props.breakGlassRoleArn])],
      policyDocuments: [guards.json],
      objectLock: props.objectLock,
      lifecycleRules: [
        {
          id: 'expire-staged-batches-after-their-lock',
          status: 'Enabled',
          filter: [{ prefix: STAGING_PREFIX }],
          expiration: [{ days: props.objectLock.days + 1 }],
          noncurrentVersionExpiration: [{ noncurrentDays: 1 }],
        },
      ],
    });
    this.bucketName = this.bucket.bucketName;
    this.bucketArn = this.bucket.bucketArn;
  }
}
