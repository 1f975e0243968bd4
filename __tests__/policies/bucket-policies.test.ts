/**
 * The bucket policies of the generic secure bucket and of the isolated trail bucket, built from
 * literal inputs and compared with the policy a reviewer expects, statement by statement.
 */
import { expect } from '@jest/globals';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IsolatedTrailBucket, type IsolatedTrailBucketProps } from '../../modules/audit/isolated-trail-bucket';
import { SecureBucket, type SecureBucketProps } from '../../modules/core/secure-bucket';
import { BUCKET_CONFIGURATION, TRAIL_OBJECT_TAMPERING } from '../helpers/expected-actions';
import { bareStack, readable, readableStatements, synthesized } from '../helpers/construct-synth';
import {
  metadataPath,
  resourceAt,
  resourcesOf,
  type JsonObject,
  type Statement,
  stringAttribute,
} from '../helpers/synth';

const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const OTHER_ROLE = 'arn:aws:iam::123456789012:role/malware-scan';
const BREAK_GLASS = 'arn:aws:iam::123456789012:role/break-glass';
const AUDITOR = 'arn:aws:iam::123456789012:role/auditor';
const EVERYONE = [{ type: '*', identifiers: ['*'] }];

/** The two transport statements every secure bucket starts with, for a bucket ARN. */
function transport(bucket: string): Statement[] {
  return [
    {
      sid: 'DenyInsecureTransport',
      effect: 'Deny',
      principals: EVERYONE,
      actions: ['s3:*'],
      resources: [bucket, `${bucket}/*`],
      condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
    },
    {
      sid: 'DenyOutdatedTls',
      effect: 'Deny',
      principals: EVERYONE,
      actions: ['s3:*'],
      resources: [bucket, `${bucket}/*`],
      condition: [{ test: 'NumericLessThan', variable: 's3:TlsVersion', values: ['1.2'] }],
    },
  ];
}

/** The configuration guard: only the named principals change the bucket's protections. */
function guard(bucket: string, ...changeableBy: string[]): Statement {
  return {
    sid: 'DenyConfigurationChangesExceptBreakGlass',
    effect: 'Deny',
    principals: EVERYONE,
    actions: BUCKET_CONFIGURATION,
    resources: [bucket],
    condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: changeableBy }],
  };
}

function secureBucket(props: Partial<SecureBucketProps> = {}): JsonObject {
  const { stack, aws } = bareStack();
  new SecureBucket(stack, 'b', {
    aws,
    bucketName: 'vault-test-bucket',
    encryption: { kind: 'kms', keyArn: KEY },
    accessLogging: { targetBucket: 'vault-test-logs', targetPrefix: 'logs/b/' },
    configurationGuard: { changeableBy: [BREAK_GLASS] },
    ...props,
  });
  return synthesized(stack);
}

/** The bucket's ARN as the policy names it: built from its name, so it is known in the first plan. */
const BUCKET = 'arn:<partition>:s3:::vault-test-bucket';
/** A `depends_on` entry without the logical id's hash: `aws_s3_bucket_versioning.b_versioning`. */
const withoutHash = (address: string): string => address.replace(/_[A-F0-9]{8}$/, '');

describe('secure bucket', () => {
  test('KMS bucket: TLS 1.2+ only, and every PutObject states SSE-KMS with exactly the bucket key', () => {
    const json = secureBucket();
    const policy = resourceAt(json, 'aws_s3_bucket_policy', 'b/policy');
    expect(readableStatements(json, 'b/policy-document')).toEqual([
      ...transport(BUCKET),
      guard(BUCKET, BREAK_GLASS),
      {
        sid: 'DenyPutWithoutSseKms',
        effect: 'Deny',
        principals: EVERYONE,
        actions: ['s3:PutObject'],
        resources: [`${BUCKET}/*`],
        condition: [{ test: 'StringNotEquals', variable: 's3:x-amz-server-side-encryption', values: ['aws:kms'] }],
      },
      {
        sid: 'DenyPutWithOtherKmsKey',
        effect: 'Deny',
        principals: EVERYONE,
        actions: ['s3:PutObject'],
        resources: [`${BUCKET}/*`],
        condition: [
          { test: 'StringNotEquals', variable: 's3:x-amz-server-side-encryption-aws-kms-key-id', values: [KEY] },
        ],
      },
    ]);
    expect(readable(stringAttribute(policy.bucket))).toBe('<aws_s3_bucket.b_bucket.id>');
    // The policy waits for what it protects, and for the public access block.
    expect((policy.depends_on as string[]).map(withoutHash)).toEqual([
      'aws_s3_bucket_public_access_block.b_public-access-block',
      'aws_s3_bucket_ownership_controls.b_ownership',
      'aws_s3_bucket_versioning.b_versioning',
      'aws_s3_bucket_server_side_encryption_configuration.b_encryption',
      'aws_s3_bucket_lifecycle_configuration.b_lifecycle',
      'aws_s3_bucket_logging.b_access-logging',
    ]);
  });

  test('the bucket itself: versioned, all public access blocked, ACLs off, SSE-C blocked, logged, kept', () => {
    const json = secureBucket();
    expect(resourceAt(json, 'aws_s3_bucket', 'b/bucket')).toMatchObject({
      bucket: 'vault-test-bucket',
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(resourceAt(json, 'aws_s3_bucket', 'b/bucket')).not.toHaveProperty('object_lock_enabled');
    expect(resourceAt(json, 'aws_s3_bucket_public_access_block', 'b/public-access-block')).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(resourceAt(json, 'aws_s3_bucket_ownership_controls', 'b/ownership').rule).toEqual({
      object_ownership: 'BucketOwnerEnforced',
    });
    expect(resourceAt(json, 'aws_s3_bucket_versioning', 'b/versioning').versioning_configuration).toEqual({
      status: 'Enabled',
    });
    expect(resourceAt(json, 'aws_s3_bucket_server_side_encryption_configuration', 'b/encryption').rule).toEqual([
      {
        apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: KEY },
        bucket_key_enabled: true,
        blocked_encryption_types: ['SSE-C'],
      },
    ]);
    expect(resourceAt(json, 'aws_s3_bucket_logging', 'b/access-logging')).toMatchObject({
      target_bucket: 'vault-test-logs',
      target_prefix: 'logs/b/',
      target_object_key_format: { partitioned_prefix: { partition_date_source: 'EventTime' } },
    });
    // Lifecycle rules on a versioned bucket need versioning first.
    expect(
      (resourceAt(json, 'aws_s3_bucket_lifecycle_configuration', 'b/lifecycle').depends_on as string[]).map(
        withoutHash,
      ),
    ).toEqual(['aws_s3_bucket_versioning.b_versioning']);
    expect(resourceAt(json, 'aws_s3_bucket_lifecycle_configuration', 'b/lifecycle').rule).toEqual([
      {
        id: 'abort-incomplete-multipart-uploads',
        status: 'Enabled',
        filter: [{ prefix: '' }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      },
    ]);
    expect(Object.keys(resourcesOf(json, 'aws_s3_bucket_object_lock_configuration'))).toEqual([]);
  });

  test('an exempt object: out of the SSE rules by exact name, writable only by its one writer', () => {
    const json = secureBucket({
      kmsEnforcementExemptions: [
        { key: 'validation-object', writerArn: OTHER_ROLE },
        { key: 'second-object', writerArn: BREAK_GLASS },
      ],
    });
    const statements = readableStatements(json, 'b/policy-document');
    expect(statements.slice(3)).toEqual([
      {
        sid: 'DenyPutWithoutSseKms',
        effect: 'Deny',
        principals: EVERYONE,
        actions: ['s3:PutObject'],
        not_resources: [`${BUCKET}/validation-object`, `${BUCKET}/second-object`],
        condition: [{ test: 'StringNotEquals', variable: 's3:x-amz-server-side-encryption', values: ['aws:kms'] }],
      },
      {
        sid: 'DenyPutWithOtherKmsKey',
        effect: 'Deny',
        principals: EVERYONE,
        actions: ['s3:PutObject'],
        not_resources: [`${BUCKET}/validation-object`, `${BUCKET}/second-object`],
        condition: [
          { test: 'StringNotEquals', variable: 's3:x-amz-server-side-encryption-aws-kms-key-id', values: [KEY] },
        ],
      },
      {
        sid: 'DenyExemptKeyExceptItsWriter',
        effect: 'Deny',
        principals: EVERYONE,
        actions: ['s3:PutObject'],
        resources: [`${BUCKET}/validation-object`],
        condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [OTHER_ROLE] }],
      },
      {
        sid: 'DenyExemptKeyExceptItsWriter2',
        effect: 'Deny',
        principals: EVERYONE,
        actions: ['s3:PutObject'],
        resources: [`${BUCKET}/second-object`],
        condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [BREAK_GLASS] }],
      },
    ]);
  });

  test('weakening is explicit: no PutObject rule when turned off, no bucket key, no prevent_destroy', () => {
    const json = secureBucket({
      enforceKmsOnPut: false,
      bucketKey: false,
      preventDestroy: false,
      configurationGuard: { unguarded: true, reason: 'a scratch bucket' },
    });
    expect(readableStatements(json, 'b/policy-document')).toEqual(transport(BUCKET));
    expect(resourceAt(json, 'aws_s3_bucket', 'b/bucket').tags).toEqual({
      ConfigurationGuard: 'none: a scratch bucket',
    });
    expect(resourceAt(json, 'aws_s3_bucket_server_side_encryption_configuration', 'b/encryption').rule).toEqual([
      expect.objectContaining({ bucket_key_enabled: false }),
    ]);
    expect(resourceAt(json, 'aws_s3_bucket', 'b/bucket').lifecycle).toEqual({ prevent_destroy: false });
  });

  test('SSE-S3 and AWS-managed KMS buckets: transport rules only, no bucket key for SSE-S3', () => {
    const s3Managed = secureBucket({ encryption: { kind: 's3-managed', reason: 'log delivery' } });
    expect(readableStatements(s3Managed, 'b/policy-document')).toEqual([
      ...transport(BUCKET),
      guard(BUCKET, BREAK_GLASS),
    ]);
    expect(resourceAt(s3Managed, 'aws_s3_bucket_server_side_encryption_configuration', 'b/encryption').rule).toEqual([
      {
        apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' },
        bucket_key_enabled: false,
        blocked_encryption_types: ['SSE-C'],
      },
    ]);
    const awsManaged = secureBucket({ encryption: { kind: 'aws-managed-kms', reason: 'state before keys' } });
    expect(readableStatements(awsManaged, 'b/policy-document')).toEqual([
      ...transport(BUCKET),
      guard(BUCKET, BREAK_GLASS),
    ]);
    expect(resourceAt(awsManaged, 'aws_s3_bucket_server_side_encryption_configuration', 'b/encryption').rule).toEqual([
      {
        apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms' },
        bucket_key_enabled: true,
        blocked_encryption_types: ['SSE-C'],
      },
    ]);
  });

  test('access logging off only with a reason, which shows as a tag; Object Lock and extra rules and documents', () => {
    const { stack, aws } = bareStack();
    const extra = new DataAwsIamPolicyDocument(stack, 'extra', {
      statement: [
        { sid: 'Extra', effect: 'Deny', principals: EVERYONE, actions: ['s3:DeleteBucket'], resources: ['*'] },
      ],
    });
    new SecureBucket(stack, 'b', {
      aws,
      bucketName: 'vault-test-bucket',
      encryption: { kind: 'kms', keyArn: KEY },
      accessLogging: { disabled: true, reason: 'it is the log target' },
      configurationGuard: { changeableBy: [BREAK_GLASS] },
      objectReaders: [BREAK_GLASS, OTHER_ROLE],
      objectLock: { mode: 'COMPLIANCE', days: 10 },
      lifecycleRules: [
        { id: 'expire', status: 'Enabled', filter: [{ prefix: 'uploads/' }], expiration: [{ days: 3 }] },
      ],
      policyDocuments: [extra.json],
    });
    const json = synthesized(stack);
    expect(resourceAt(json, 'aws_s3_bucket', 'b/bucket')).toMatchObject({
      object_lock_enabled: true,
      tags: { AccessLogging: 'disabled: it is the log target' },
    });
    expect(Object.keys(resourcesOf(json, 'aws_s3_bucket_logging'))).toEqual([]);
    const lock = resourceAt(json, 'aws_s3_bucket_object_lock_configuration', 'b/object-lock');
    expect(lock.rule).toEqual({ default_retention: { mode: 'COMPLIANCE', days: 10 } });
    expect((lock.depends_on as string[]).map(withoutHash)).toEqual(['aws_s3_bucket_versioning.b_versioning']);
    expect(resourceAt(json, 'aws_s3_bucket_lifecycle_configuration', 'b/lifecycle').rule).toEqual([
      expect.objectContaining({ id: 'abort-incomplete-multipart-uploads' }),
      { id: 'expire', status: 'Enabled', filter: [{ prefix: 'uploads/' }], expiration: [{ days: 3 }] },
    ]);
    expect(readableStatements(json, 'b/policy-document').map((s) => s.sid)).toEqual([
      'DenyInsecureTransport',
      'DenyOutdatedTls',
      'DenyConfigurationChangesExceptBreakGlass',
      'DenyObjectReadsExceptReaders',
      'DenyPutWithoutSseKms',
      'DenyPutWithOtherKmsKey',
      'Extra',
    ]);
    expect(readableStatements(json, 'b/policy-document')[3]).toEqual({
      sid: 'DenyObjectReadsExceptReaders',
      effect: 'Deny',
      principals: EVERYONE,
      actions: ['s3:GetObject*'],
      resources: [`${BUCKET}/*`],
      condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [BREAK_GLASS, OTHER_ROLE] }],
    });
  });

  test('refuses inconsistent props, naming every problem', () => {
    const build = (props: Partial<SecureBucketProps>) => () => secureBucket(props);
    expect(
      build({
        encryption: { kind: 's3-managed', reason: ' ' },
        enforceKmsOnPut: true,
        accessLogging: { disabled: true, reason: '  ' },
        configurationGuard: { unguarded: true, reason: ' ' },
        objectReaders: [],
        kmsEnforcementExemptions: [
          { key: '', writerArn: OTHER_ROLE },
          { key: 'uploads/*', writerArn: OTHER_ROLE },
          { key: 'uploads/', writerArn: OTHER_ROLE },
        ],
        objectLock: { mode: 'GOVERNANCE', days: 0 },
      }),
    ).toThrow(
      new Error(
        'SecureBucket "b": enforceKmsOnPut: true needs encryption.kind "kms" (received "s3-managed"); ' +
          'kmsEnforcementExemptions: each key must be one exact object key, not a prefix or pattern (received ""); ' +
          'kmsEnforcementExemptions: each key must be one exact object key, not a prefix or pattern (received "uploads/*"); ' +
          'kmsEnforcementExemptions: each key must be one exact object key, not a prefix or pattern (received "uploads/"); ' +
          'configurationGuard.reason: must explain why the configuration is unguarded (received ""); ' +
          'objectReaders: must name at least one principal, or be left out (received []); ' +
          'accessLogging.reason: must explain why access logging is disabled (received ""); ' +
          'encryption.reason: must explain why "s3-managed" is used (received ""); ' +
          'objectLock.days: must be a positive integer (received 0)',
      ),
    );
    expect(build({ objectLock: { mode: 'GOVERNANCE', days: 1.5 } })).toThrow(/objectLock\.days: .*\(received 1\.5\)$/);
    expect(
      build({ enforceKmsOnPut: true, kmsEnforcementExemptions: [{ key: 'a/b.txt', writerArn: OTHER_ROLE }] }),
    ).not.toThrow();
    expect(build({ objectLock: { mode: 'GOVERNANCE', days: 1 } })).not.toThrow();
    expect(build({ configurationGuard: { changeableBy: [] } })).toThrow(
      /configurationGuard\.changeableBy: must name at least one principal \(the break-glass role\) \(received \[\]\)$/,
    );
  });
});

describe('isolated trail bucket', () => {
  const TRAIL_BUCKET = 'arn:<partition>:s3:::vault-trail-<account>';
  const TRAIL = 'arn:<partition>:cloudtrail:<region>:<account>:trail/vault-trail';
  const SOURCE_ACCOUNT = { test: 'StringEquals', variable: 'aws:SourceAccount', values: ['<account>'] };
  const DETECTOR = [
    SOURCE_ACCOUNT,
    { test: 'ArnLike', variable: 'aws:SourceArn', values: ['arn:<partition>:guardduty:<region>:<account>:detector/*'] },
  ];

  function trailBucket(props: Partial<IsolatedTrailBucketProps> = {}): {
    json: JsonObject;
    bucket: IsolatedTrailBucket;
  } {
    const { stack, aws } = bareStack();
    const bucket = new IsolatedTrailBucket(stack, 't', {
      aws,
      bucketName: `vault-trail-${aws.accountId}`,
      trailName: 'vault-trail',
      kmsKeyArn: KEY,
      breakGlassRoleArn: BREAK_GLASS,
      readerArns: [AUDITOR],
      accessLogging: { targetBucket: 'vault-test-logs', targetPrefix: 'logs/trail/' },
      objectLock: { mode: 'GOVERNANCE', days: 30 },
      transitionToColdDays: 90,
      retentionDays: 400,
      ...props,
    });
    return { json: synthesized(stack), bucket };
  }

  test('CloudTrail writes its own prefix for this trail; no IAM principal writes; only break-glass tampers; GuardDuty findings under SSE-KMS', () => {
    const { json } = trailBucket();
    expect(readableStatements(json, 't/bucket/policy-document')).toEqual([
      ...transport(TRAIL_BUCKET),
      guard(TRAIL_BUCKET, BREAK_GLASS),
      {
        // Log files, digests and findings: read by break-glass and the auditors only.
        sid: 'DenyObjectReadsExceptReaders',
        effect: 'Deny',
        principals: EVERYONE,
        actions: ['s3:GetObject*'],
        resources: [`${TRAIL_BUCKET}/*`],
        condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [BREAK_GLASS, AUDITOR] }],
      },
      {
        sid: 'CloudTrailAclCheck',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }],
        actions: ['s3:GetBucketAcl'],
        resources: [TRAIL_BUCKET],
        condition: [{ test: 'StringEquals', variable: 'aws:SourceArn', values: [TRAIL] }, SOURCE_ACCOUNT],
      },
      {
        sid: 'CloudTrailWriteOwnPrefix',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }],
        actions: ['s3:PutObject'],
        resources: [`${TRAIL_BUCKET}/cloudtrail/AWSLogs/<account>/*`],
        condition: [
          { test: 'StringEquals', variable: 's3:x-amz-acl', values: ['bucket-owner-full-control'] },
          { test: 'StringEquals', variable: 'aws:SourceArn', values: [TRAIL] },
          SOURCE_ACCOUNT,
        ],
      },
      {
        sid: 'DenyObjectWritesByIamPrincipals',
        effect: 'Deny',
        principals: EVERYONE,
        actions: ['s3:PutObject'],
        resources: [`${TRAIL_BUCKET}/*`],
        condition: [{ test: 'BoolIfExists', variable: 'aws:PrincipalIsAWSService', values: ['false'] }],
      },
      {
        sid: 'DenyTamperingExceptBreakGlass',
        effect: 'Deny',
        principals: EVERYONE,
        actions: TRAIL_OBJECT_TAMPERING,
        resources: [`${TRAIL_BUCKET}/*`],
        condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [BREAK_GLASS] }],
      },
      {
        sid: 'GuardDutyGetBucketLocation',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['guardduty.amazonaws.com'] }],
        actions: ['s3:GetBucketLocation'],
        resources: [TRAIL_BUCKET],
        condition: DETECTOR,
      },
      {
        sid: 'GuardDutyWriteFindings',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['guardduty.amazonaws.com'] }],
        actions: ['s3:PutObject'],
        resources: [`${TRAIL_BUCKET}/guardduty-findings/*`],
        condition: DETECTOR,
      },
      {
        sid: 'DenyFindingsWithoutSseKms',
        effect: 'Deny',
        principals: EVERYONE,
        actions: ['s3:PutObject'],
        resources: [`${TRAIL_BUCKET}/guardduty-findings/*`],
        condition: [{ test: 'StringNotEquals', variable: 's3:x-amz-server-side-encryption', values: ['aws:kms'] }],
      },
      {
        sid: 'DenyFindingsWithOtherKey',
        effect: 'Deny',
        principals: EVERYONE,
        actions: ['s3:PutObject'],
        resources: [`${TRAIL_BUCKET}/guardduty-findings/*`],
        condition: [
          { test: 'StringNotEquals', variable: 's3:x-amz-server-side-encryption-aws-kms-key-id', values: [KEY] },
        ],
      },
    ]);
  });

  test('Object Lock, no bucket key, cold storage then expiry, and the policy after what it protects', () => {
    const { json, bucket } = trailBucket();
    const s3Bucket = resourceAt(json, 'aws_s3_bucket', 't/bucket/bucket');
    expect(readable(stringAttribute(s3Bucket.bucket))).toBe('vault-trail-<account>');
    expect(s3Bucket).toMatchObject({
      object_lock_enabled: true,
      lifecycle: { prevent_destroy: true },
    });
    expect(resourceAt(json, 'aws_s3_bucket_object_lock_configuration', 't/bucket/object-lock').rule).toEqual({
      default_retention: { mode: 'GOVERNANCE', days: 30 },
    });
    expect(resourceAt(json, 'aws_s3_bucket_server_side_encryption_configuration', 't/bucket/encryption').rule).toEqual([
      {
        apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: KEY },
        bucket_key_enabled: false,
        blocked_encryption_types: ['SSE-C'],
      },
    ]);
    expect(resourceAt(json, 'aws_s3_bucket_lifecycle_configuration', 't/bucket/lifecycle').rule).toEqual([
      expect.objectContaining({ id: 'abort-incomplete-multipart-uploads' }),
      {
        id: 'audit-logs-cold-then-expire',
        status: 'Enabled',
        filter: [{ prefix: '' }],
        transition: [{ days: 90, storage_class: 'GLACIER_IR' }],
        expiration: [{ days: 400 }],
        noncurrent_version_expiration: [{ noncurrent_days: 30 }],
      },
      {
        id: 'remove-expired-delete-markers',
        status: 'Enabled',
        filter: [{ prefix: '' }],
        expiration: [{ expired_object_delete_marker: true }],
      },
    ]);
    const policy = resourceAt(json, 'aws_s3_bucket_policy', 't/bucket/policy');
    const dependsOn = (policy.depends_on as string[]).map(withoutHash);
    expect(dependsOn).toEqual([
      'aws_s3_bucket_public_access_block.t_bucket_public-access-block',
      'aws_s3_bucket_ownership_controls.t_bucket_ownership',
      'aws_s3_bucket_versioning.t_bucket_versioning',
      'aws_s3_bucket_server_side_encryption_configuration.t_bucket_encryption',
      'aws_s3_bucket_lifecycle_configuration.t_bucket_lifecycle',
      'aws_s3_bucket_object_lock_configuration.t_bucket_object-lock',
      'aws_s3_bucket_logging.t_bucket_access-logging',
    ]);
    expect(readable(bucket.findingsDestinationArn)).toMatch(/guardduty-findings\/$/);
    expect(Object.values(resourcesOf(json, 'aws_s3_bucket_logging')).map(metadataPath)).toEqual([
      'unit/t/bucket/access-logging',
    ]);
  });

  test('without GuardDuty findings and with a set non-current version period', () => {
    const { json, bucket } = trailBucket({ allowGuardDutyFindings: false, noncurrentVersionDays: 7 });
    expect(bucket.guardDutyAccess).toBeUndefined();
    expect(readableStatements(json, 't/bucket/policy-document').map((s) => s.sid)).toEqual([
      'DenyInsecureTransport',
      'DenyOutdatedTls',
      'DenyConfigurationChangesExceptBreakGlass',
      'DenyObjectReadsExceptReaders',
      'CloudTrailAclCheck',
      'CloudTrailWriteOwnPrefix',
      'DenyObjectWritesByIamPrincipals',
      'DenyTamperingExceptBreakGlass',
    ]);
    expect(resourceAt(json, 'aws_s3_bucket_lifecycle_configuration', 't/bucket/lifecycle').rule).toEqual(
      expect.arrayContaining([expect.objectContaining({ noncurrent_version_expiration: [{ noncurrent_days: 7 }] })]),
    );
  });

  test('refuses retention that is not consistent, naming every problem', () => {
    expect(() =>
      trailBucket({
        transitionToColdDays: 400,
        retentionDays: 400,
        objectLock: { mode: 'LEGAL' as 'GOVERNANCE', days: 401 },
        noncurrentVersionDays: 0,
      }),
    ).toThrow(
      new Error(
        'IsolatedTrailBucket "t": noncurrentVersionDays: must be a positive integer (received 0); ' +
          'transitionToColdDays: must be less than retentionDays 400 (received 400); ' +
          'objectLock.days: must not exceed retentionDays 400 (received 401); ' +
          'objectLock.mode: must be "GOVERNANCE" or "COMPLIANCE" (received "LEGAL")',
      ),
    );
    expect(() =>
      trailBucket({ transitionToColdDays: 0.5, retentionDays: -1, objectLock: { mode: 'COMPLIANCE', days: 0 } }),
    ).toThrow(
      /transitionToColdDays: must be a positive integer \(received 0\.5\); retentionDays: must be a positive integer \(received -1\); objectLock\.days: must be a positive integer \(received 0\)/,
    );
    expect(() =>
      trailBucket({ transitionToColdDays: 399, retentionDays: 400, objectLock: { mode: 'COMPLIANCE', days: 400 } }),
    ).not.toThrow();
    // One day is a positive number of days.
    expect(() =>
      trailBucket({
        transitionToColdDays: 1,
        retentionDays: 2,
        objectLock: { mode: 'GOVERNANCE', days: 1 },
        noncurrentVersionDays: 1,
      }),
    ).not.toThrow();
  });
});
