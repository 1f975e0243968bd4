import { blocks, bool, str } from '../engine/model';
import {
  coversAction,
  deniesInsecureTransport,
  hasCondition,
  hasPublicPrincipal,
  isPublicAllow,
  principalIds,
} from '../engine/policy';
import type { ModelQuery, Rule, TfElement } from '../engine/types';
import {
  accessLogTargets,
  allows,
  arnOf,
  awsDocs,
  bucketEncryption,
  bucketOf,
  bucketPolicy,
  ckv,
  companions,
  denialsExceptNamed,
  fail,
  fsbp,
  keyPolicy,
  nag,
  nist,
  ok,
  trailBuckets,
  when,
} from './helpers';

/** S3 rules, in report order. */
export const S3_RULES: readonly Rule[] = [
  {
    id: 'VAULT-S3-001',
    title: 'Bucket blocks all public access',
    severity: 'error',
    resourceTypes: ['aws_s3_bucket'],
    rationale: 'Block Public Access overrides any public ACL or policy added later.',
    fix: 'Add aws_s3_bucket_public_access_block with all four settings true.',
    controls: [
      ...fsbp('S3.8'),
      ...ckv('CKV2_AWS_6', 'CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56'),
      ...nag('AwsSolutions-S2', 'NIST.800.53.R5-S3BucketLevelPublicAccessProhibited'),
    ],
    check: (b, q) => {
      const pab = companions(q, b, 'aws_s3_bucket_public_access_block')[0];
      if (pab === undefined) return fail('no aws_s3_bucket_public_access_block');
      const off = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'].filter(
        (k) => bool(pab.config[k]) !== true,
      );
      return when(off.length > 0, `public access block settings not true: ${off.join(', ')}`, pab);
    },
  },
  {
    id: 'VAULT-S3-002',
    title: 'Bucket ACLs are disabled (BucketOwnerEnforced)',
    severity: 'error',
    resourceTypes: ['aws_s3_bucket'],
    rationale: 'With ACLs disabled, only policies grant access and the bucket owner owns every object.',
    fix: 'Add aws_s3_bucket_ownership_controls with object_ownership = BucketOwnerEnforced.',
    controls: [...fsbp('S3.12'), ...ckv('CKV2_AWS_65')],
    check: (b, q) => {
      const oc = companions(q, b, 'aws_s3_bucket_ownership_controls')[0];
      const mode = oc === undefined ? undefined : str(blocks(oc.config.rule)[0]?.object_ownership);
      return when(mode !== 'BucketOwnerEnforced', `object ownership is ${mode ?? 'not set'}`);
    },
  },
  {
    id: 'VAULT-S3-003',
    title: 'Bucket versioning is enabled',
    severity: 'error',
    resourceTypes: ['aws_s3_bucket'],
    rationale: 'Versions recover overwritten or deleted objects and are required by Object Lock.',
    fix: 'Add aws_s3_bucket_versioning with status = Enabled.',
    controls: [...fsbp('S3.14'), ...ckv('CKV_AWS_21'), ...nag('NIST.800.53.R5-S3BucketVersioningEnabled')],
    check: (b, q) => {
      const v = companions(q, b, 'aws_s3_bucket_versioning')[0];
      const status = v === undefined ? undefined : str(blocks(v.config.versioning_configuration)[0]?.status);
      return when(status !== 'Enabled', `versioning status is ${status ?? 'not set'}`);
    },
  },
  {
    id: 'VAULT-S3-004',
    title: 'Bucket has default encryption',
    severity: 'error',
    resourceTypes: ['aws_s3_bucket'],
    rationale: 'Every object must be encrypted at rest without relying on each writer.',
    fix: 'Add aws_s3_bucket_server_side_encryption_configuration.',
    controls: [
      ...fsbp('S3.4'),
      ...ckv('CKV_AWS_19'),
      ...nag('AwsSolutions-S3', 'NIST.800.53.R5-S3BucketServerSideEncryptionEnabled'),
    ],
    check: (b, q) => when(bucketEncryption(q, b)?.algorithm === undefined, 'no default encryption rule'),
  },
  {
    id: 'VAULT-S3-005',
    title: 'Data buckets use SSE-KMS with a customer-managed key',
    severity: 'error',
    resourceTypes: ['aws_s3_bucket'],
    rationale:
      'A customer-managed key puts reads under a key policy we control (data sovereignty); the access-log destination is exempt (see VAULT-S3-010).',
    fix: 'Set sse_algorithm = aws:kms and kms_master_key_id to an aws_kms_key ARN.',
    controls: [...ckv('CKV_AWS_145'), ...nag('NIST.800.53.R5-S3DefaultEncryptionKMS')],
    check: (b, q) => {
      if (accessLogTargets(q).includes(b)) return ok;
      const e = bucketEncryption(q, b);
      return when(
        e?.algorithm !== 'aws:kms' || e.key === undefined,
        `encryption is ${e?.algorithm ?? 'none'} ${e?.key === undefined ? 'without a customer-managed key' : ''}`.trim(),
      );
    },
  },
  {
    id: 'VAULT-S3-006',
    title: 'Bucket policy denies requests without TLS',
    severity: 'error',
    resourceTypes: ['aws_s3_bucket'],
    rationale: 'Requests over plain HTTP expose data and credentials in transit.',
    fix: 'Add a bucket policy statement denying s3:* when aws:SecureTransport is false.',
    controls: [...fsbp('S3.5'), ...nag('AwsSolutions-S10'), ...nist('SC-8')],
    check: (b, q) =>
      when(!deniesInsecureTransport(bucketPolicy(q, b) ?? [], 's3'), 'no Deny on aws:SecureTransport=false'),
  },
  {
    id: 'VAULT-S3-007',
    title: 'Bucket policy grants nothing to the public',
    severity: 'error',
    resourceTypes: ['aws_s3_bucket'],
    rationale: 'A public Allow exposes objects to anyone on the internet.',
    fix: 'Remove "*" principals from Allow statements or restrict them with aws:SourceAccount / aws:SourceArn.',
    controls: [
      ...fsbp('S3.2', 'S3.3'),
      ...ckv('CKV_AWS_70'),
      ...nag('NIST.800.53.R5-S3BucketPublicReadProhibited', 'NIST.800.53.R5-S3BucketPublicWriteProhibited'),
    ],
    check: (b, q) => when((bucketPolicy(q, b) ?? []).some(isPublicAllow), 'public Allow in bucket policy'),
  },
  {
    id: 'VAULT-S3-008',
    title: 'Bucket has server access logging',
    severity: 'error',
    resourceTypes: ['aws_s3_bucket'],
    rationale:
      'Access logs record every request, including those CloudTrail data events do not select; the access-log destination itself is exempt (logging to itself loops).',
    fix: 'Add aws_s3_bucket_logging to the access-log bucket.',
    controls: [
      ...fsbp('S3.9'),
      ...ckv('CKV_AWS_18'),
      ...nag('AwsSolutions-S1', 'NIST.800.53.R5-S3BucketLoggingEnabled'),
    ],
    check: (b, q) => {
      if (accessLogTargets(q).includes(b)) return ok;
      return when(companions(q, b, 'aws_s3_bucket_logging').length === 0, 'no aws_s3_bucket_logging');
    },
  },
  {
    id: 'VAULT-S3-009',
    title: 'Access-log destination has no Object Lock',
    severity: 'error',
    resourceTypes: ['aws_s3_bucket'],
    rationale: 'S3 does not deliver server access logs to buckets with Object Lock: logging silently stops.',
    fix: 'Keep Object Lock off the access-log bucket (protect it with versioning and a deny-delete policy instead).',
    controls: awsDocs('S3-object-lock-configure'),
    check: (b, q) => {
      if (!accessLogTargets(q).includes(b)) return ok;
      const locked =
        bool(b.config.object_lock_enabled) === true ||
        companions(q, b, 'aws_s3_bucket_object_lock_configuration').length > 0;
      return when(locked, 'access-log destination has Object Lock');
    },
  },
  {
    id: 'VAULT-S3-010',
    title: 'Access-log destination uses SSE-S3 or a customer-managed key',
    severity: 'error',
    resourceTypes: ['aws_s3_bucket'],
    rationale:
      'Log delivery cannot use the AWS-managed aws/s3 key; SSE-S3 always works, a customer key only if its policy admits logging.s3.amazonaws.com.',
    fix: 'Use sse_algorithm = AES256 on the access-log bucket (or aws:kms with a customer key that allows the logging service).',
    controls: awsDocs('S3-enable-server-access-logging'),
    check: (b, q) => {
      if (!accessLogTargets(q).includes(b)) return ok;
      const e = bucketEncryption(q, b);
      if (e?.algorithm === 'AES256') return ok;
      if (e?.algorithm === 'aws:kms' && e.key !== undefined) {
        const admits = (keyPolicy(q, e.key) ?? []).some(
          (s) => s.effect === 'Allow' && principalIds(s, 'Service').includes('logging.s3.amazonaws.com'),
        );
        return when(!admits, 'SSE-KMS key policy does not allow logging.s3.amazonaws.com');
      }
      return fail(`access-log destination encryption is ${e?.algorithm ?? 'none'} without a customer-managed key`);
    },
  },
  {
    id: 'VAULT-S3-011',
    title: 'Access-log destination admits the S3 logging service by policy',
    severity: 'error',
    resourceTypes: ['aws_s3_bucket'],
    rationale:
      'With ACLs disabled, logs are delivered only if the bucket policy allows logging.s3.amazonaws.com s3:PutObject, scoped to our account.',
    fix: 'Allow logging.s3.amazonaws.com s3:PutObject on the log prefix with an aws:SourceAccount condition.',
    controls: awsDocs('S3-enable-server-access-logging'),
    check: (b, q) => {
      if (!accessLogTargets(q).includes(b)) return ok;
      const st = allows(bucketPolicy(q, b) ?? [], 's3:PutObject').filter((s) =>
        principalIds(s, 'Service').includes('logging.s3.amazonaws.com'),
      );
      if (st.length === 0) return fail('no Allow for logging.s3.amazonaws.com s3:PutObject');
      return when(
        !st.every((s) => hasCondition(s, 'aws:SourceAccount') || hasCondition(s, 'aws:SourceArn')),
        'logging service Allow lacks aws:SourceAccount/aws:SourceArn',
      );
    },
  },
  {
    id: 'VAULT-S3-012',
    title: 'Buckets do not log to themselves',
    severity: 'error',
    resourceTypes: ['aws_s3_bucket_logging'],
    rationale: 'Logging a bucket into itself writes a log record for every log record.',
    fix: 'Point target_bucket at the dedicated access-log bucket.',
    controls: awsDocs('S3-enable-server-access-logging'),
    check: (l, q) => {
      const src = bucketOf(q, l, 'bucket');
      return when(
        src !== undefined && src === bucketOf(q, l, 'target_bucket'),
        'source and target bucket are the same',
      );
    },
  },
  {
    id: 'VAULT-S3-013',
    title: 'Bucket has a lifecycle configuration',
    severity: 'warning',
    resourceTypes: ['aws_s3_bucket'],
    rationale: 'Lifecycle rules expire data we must not keep (biometric minimisation) and old versions.',
    fix: 'Add aws_s3_bucket_lifecycle_configuration.',
    controls: [...fsbp('S3.10', 'S3.13')],
    check: (b, q) =>
      when(companions(q, b, 'aws_s3_bucket_lifecycle_configuration').length === 0, 'no lifecycle configuration'),
  },
  {
    id: 'VAULT-S3-014',
    title: 'No public canned ACLs',
    severity: 'error',
    resourceTypes: ['aws_s3_bucket_acl', 'aws_s3_bucket'],
    rationale: 'public-read / public-read-write / authenticated-read ACLs expose objects.',
    fix: 'Remove the ACL; ownership controls disable ACLs.',
    controls: [...fsbp('S3.2', 'S3.3'), ...ckv('CKV_AWS_20', 'CKV_AWS_57')],
    check: (e) => {
      const acl = str(e.config.acl);
      return when(
        acl !== undefined && ['public-read', 'public-read-write', 'authenticated-read'].includes(acl),
        `acl = ${acl ?? ''}`,
      );
    },
  },
  {
    id: 'VAULT-S3-015',
    title: 'KMS data buckets refuse uploads with another encryption',
    severity: 'warning',
    resourceTypes: ['aws_s3_bucket'],
    rationale: 'A Deny on s3:PutObject without SSE-KMS under our key stops uploads encrypted otherwise.',
    fix: 'Deny s3:PutObject when s3:x-amz-server-side-encryption-aws-kms-key-id is not the bucket key.',
    controls: fsbp('S3.4'),
    check: (b, q) => {
      const e = bucketEncryption(q, b);
      if (e?.key === undefined || trailBuckets(q).includes(b)) return ok;
      const denies = (bucketPolicy(q, b) ?? []).some(
        (s) =>
          s.effect === 'Deny' &&
          coversAction(s, 's3:PutObject') &&
          s.conditions.some((c) => c.variable.toLowerCase().startsWith('s3:x-amz-server-side-encryption')),
      );
      return when(!denies, 'no Deny of PutObject without SSE-KMS');
    },
  },
  {
    id: 'VAULT-S3-016',
    title: 'Buckets holding data are not force-destroyed',
    severity: 'error',
    resourceTypes: ['aws_s3_bucket'],
    rationale: 'force_destroy deletes every object and version on terraform destroy.',
    fix: 'Remove force_destroy (default false).',
    controls: nist('CP-9', 'SI-12'),
    check: (b) => when(bool(b.config.force_destroy) === true, 'force_destroy = true'),
  },
  {
    id: 'VAULT-S3-017',
    title: 'Trail bucket has Object Lock',
    severity: 'error',
    resourceTypes: ['aws_s3_bucket'],
    rationale: 'WORM retention keeps delivered trail logs from being deleted or overwritten (tamper evidence).',
    fix: 'Create the trail bucket with object_lock_enabled = true and an aws_s3_bucket_object_lock_configuration default retention.',
    controls: [...ckv('CKV_AWS_143'), ...nist('AU-9')],
    check: (b, q) => {
      if (!trailBuckets(q).includes(b)) return ok;
      const cfg = companions(q, b, 'aws_s3_bucket_object_lock_configuration')[0];
      return when(
        bool(b.config.object_lock_enabled) !== true || cfg === undefined,
        'trail bucket has no Object Lock default retention',
      );
    },
  },
  {
    id: 'VAULT-S3-018',
    title: 'Bucket policy grants no sensitive actions to other accounts',
    severity: 'error',
    resourceTypes: ['aws_s3_bucket'],
    rationale: 'Another account able to change policy, ACLs or encryption controls the bucket.',
    fix: 'Remove other-account principals from statements allowing s3:PutBucketPolicy, s3:DeleteBucketPolicy, s3:PutBucketAcl, s3:PutEncryptionConfiguration, s3:PutObjectAcl.',
    controls: fsbp('S3.6'),
    check: (b, q) => {
      const sensitive = [
        's3:DeleteBucketPolicy',
        's3:PutBucketAcl',
        's3:PutBucketPolicy',
        's3:PutEncryptionConfiguration',
        's3:PutObjectAcl',
      ];
      const bad = (bucketPolicy(q, b) ?? []).filter(
        (s) =>
          s.effect === 'Allow' &&
          sensitive.some((a) => coversAction(s, a)) &&
          principalIds(s, 'AWS').some((p) => !p.includes(`:${q.accountId}:`) && p !== q.accountId),
      );
      return when(bad.length > 0, 'other-account principal allowed a sensitive bucket action');
    },
  },
  {
    id: 'VAULT-S3-019',
    title: 'Customer-key buckets deny object reads to all but named readers',
    severity: 'error',
    resourceTypes: ['aws_s3_bucket'],
    rationale:
      'An identity policy with s3:* (an uploader, an administrator) must not read biometric images, state or audit logs: only the bucket policy binds every principal.',
    fix: 'Add a bucket policy Deny of s3:GetObject* on <bucket>/* for Principal "*" with Condition ArnNotEquals aws:PrincipalArn = the readers (SecureBucket objectReaders).',
    controls: nist('AC-3', 'AC-6'),
    check: (b, q) => {
      if (bucketEncryption(q, b)?.key === undefined) return ok;
      const object = `${arnOf(q, b)}/any-object`;
      const policy = bucketPolicy(q, b) ?? [];
      const open = ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectAttributes'].filter(
        (a) => denialsExceptNamed(policy, a, object).length === 0,
      );
      return when(open.length > 0, `no Deny except named readers for ${open.join(', ')}`);
    },
  },
  {
    id: 'VAULT-S3-020',
    title: 'Bucket protections are changed only by named principals (break-glass)',
    severity: 'error',
    resourceTypes: ['aws_s3_bucket'],
    rationale:
      'Whoever can remove lifecycle, policy, versioning, Object Lock, encryption, public access block, ownership controls, logging or replication can undo every other control of the bucket; whoever can replace its notifications cuts its consumers off, and inventory or analytics exports list every key elsewhere.',
    fix: 'Add a bucket policy Deny of those s3:Put*/Delete* bucket actions for Principal "*" with Condition ArnNotEquals aws:PrincipalArn = the break-glass role (SecureBucket configurationGuard).',
    controls: nist('AC-3', 'AU-9'),
    check: (b, q) => {
      const bucket = arnOf(q, b);
      const policy = bucketPolicy(q, b) ?? [];
      const open = [
        's3:DeleteBucketPolicy',
        's3:PutAnalyticsConfiguration',
        's3:PutBucketLogging',
        's3:PutBucketNotification',
        's3:PutBucketObjectLockConfiguration',
        's3:PutBucketOwnershipControls',
        's3:PutBucketPolicy',
        's3:PutBucketPublicAccessBlock',
        's3:PutBucketVersioning',
        's3:PutEncryptionConfiguration',
        's3:PutInventoryConfiguration',
        's3:PutLifecycleConfiguration',
        's3:PutReplicationConfiguration',
      ].filter((a) => denialsExceptNamed(policy, a, bucket).length === 0);
      return when(open.length > 0, `not denied to all but named principals: ${open.join(', ')}`);
    },
  },
  {
    id: 'VAULT-S3-022',
    title:
      "The ledger's digest bucket is write-once: Object Lock, and deletion or retention changes only by named principals",
    severity: 'error',
    resourceTypes: ['aws_s3_bucket'],
    rationale:
      'Signed digests prove the ledger intact only while they exist: a digest that can be deleted, or whose retention can be lifted, lets whoever tampered with the ledger remove the proof.',
    fix: 'Create the digest bucket with Object Lock default retention, and a bucket policy denying s3:DeleteObject, s3:DeleteObjectVersion, s3:BypassGovernanceRetention, s3:PutObjectRetention and s3:PutObjectLegalHold to Principal "*" except break-glass (LedgerDigestBucket).',
    controls: [...nist('AU-9', 'AU-10'), ...ckv('CKV_AWS_143')],
    check: (b, q) => {
      if (!digestBuckets(q).includes(b)) return ok;
      const lock = companions(q, b, 'aws_s3_bucket_object_lock_configuration')[0];
      if (bool(b.config.object_lock_enabled) !== true || lock === undefined)
        return fail('digest bucket has no Object Lock default retention');
      const objects = `${arnOf(q, b)}/digests/x`;
      const policy = bucketPolicy(q, b) ?? [];
      const open = [
        's3:BypassGovernanceRetention',
        's3:DeleteObject',
        's3:DeleteObjectVersion',
        's3:PutObjectLegalHold',
        's3:PutObjectRetention',
      ].filter((a) => denialsExceptNamed(policy, a, objects).length === 0);
      return when(open.length > 0, `digest objects: not denied to all but named principals: ${open.join(', ')}`);
    },
  },
  {
    id: 'VAULT-S3-021',
    title: 'Each prefix a bucket confines writes to is written only by named principals',
    severity: 'error',
    resourceTypes: ['aws_s3_bucket'],
    rationale:
      'Where a bucket keeps objects of different duties apart by prefix (uploads to verify, enrolled references), a writer of one prefix must not write another: whoever writes both a reference and an upload for a subject has that subject verified.',
    fix: 'For each prefix of the bucket policy\'s "Deny s3:PutObject NotResource <prefixes>" statement, add a Deny of s3:PutObject on <bucket>/<prefix>* for Principal "*" with Condition ArnNotEquals aws:PrincipalArn = that prefix\'s writers.',
    controls: nist('AC-3', 'AC-5'),
    check: (b, q) => {
      const policy = bucketPolicy(q, b) ?? [];
      const bucket = arnOf(q, b);
      // The confinement: Deny PutObject to everyone, outside the listed prefixes (NotResource).
      const prefixes = policy
        .filter(
          (s) =>
            s.effect === 'Deny' &&
            s.conditions.length === 0 &&
            s.notResources.length > 0 &&
            coversAction(s, 's3:PutObject') &&
            hasPublicPrincipal(s),
        )
        .flatMap((s) => s.notResources)
        .filter((r) => r.startsWith(`${bucket}/`) && r.endsWith('*'));
      const open = prefixes.filter(
        (prefix) => denialsExceptNamed(policy, 's3:PutObject', `${prefix.slice(0, -1)}any-object`).length === 0,
      );
      return when(open.length > 0, `no Deny except named writers for ${open.join(', ')}`);
    },
  },
];

/** Buckets a function keeps the ledger's digests in (its `DIGEST_BUCKET` environment variable names them). */
function digestBuckets(q: ModelQuery): TfElement[] {
  const names = q
    .all('aws_lambda_function')
    .flatMap((f) =>
      blocks(f.config.environment).map((e) =>
        typeof e.variables === 'object' && e.variables !== null && !Array.isArray(e.variables)
          ? q.render(f, e.variables.DIGEST_BUCKET)
          : undefined,
      ),
    )
    .filter((n): n is string => n !== undefined);
  return q.all('aws_s3_bucket').filter((b) => names.includes(q.render(b, b.config.bucket) ?? ''));
}
