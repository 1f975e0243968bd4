import { blocks, bool, str } from '../engine/model';
import { hasCondition, isPublicAllow, principalIds } from '../engine/policy';
import type { Rule } from '../engine/types';
import {
  allows,
  arnOf,
  awsDocs,
  bucketEncryption,
  bucketOf,
  bucketPolicy,
  cis,
  ckv,
  cmkOf,
  companions,
  fail,
  fsbp,
  guardrailDenials,
  nag,
  nist,
  ok,
  stateBucketNameOf,
  trailBuckets,
  when,
} from './helpers';

/** CloudTrail rules, in report order. */
export const CLOUDTRAIL_RULES: readonly Rule[] = [
  {
    id: 'VAULT-CT-001',
    title: 'Trail is multi-region with global service events',
    severity: 'error',
    resourceTypes: ['aws_cloudtrail'],
    rationale: 'Activity in any region (and IAM, a global service) must be recorded.',
    fix: 'Set is_multi_region_trail = true and include_global_service_events = true.',
    controls: [...fsbp('CloudTrail.1'), ...cis('3.1'), ...ckv('CKV_AWS_67')],
    check: (t) =>
      when(
        bool(t.config.is_multi_region_trail) !== true || bool(t.config.include_global_service_events) === false,
        'not multi-region with global service events',
      ),
  },
  {
    id: 'VAULT-CT-002',
    title: 'Trail log file validation is on',
    severity: 'error',
    resourceTypes: ['aws_cloudtrail'],
    rationale: 'Signed digests prove delivered logs were not modified or deleted.',
    fix: 'Set enable_log_file_validation = true.',
    controls: [
      ...fsbp('CloudTrail.4'),
      ...cis('3.2'),
      ...ckv('CKV_AWS_36'),
      ...nag('NIST.800.53.R5-CloudTrailLogFileValidationEnabled'),
    ],
    check: (t) => when(bool(t.config.enable_log_file_validation) !== true, 'enable_log_file_validation is not true'),
  },
  {
    id: 'VAULT-CT-003',
    title: 'Trail is encrypted with a customer-managed key',
    severity: 'error',
    resourceTypes: ['aws_cloudtrail'],
    rationale: 'SSE-KMS under our key adds a key-policy check to every log read.',
    fix: 'Set kms_key_id to the audit aws_kms_key ARN.',
    controls: [
      ...fsbp('CloudTrail.2'),
      ...cis('3.5'),
      ...ckv('CKV_AWS_35'),
      ...nag('NIST.800.53.R5-CloudTrailEncryptionEnabled'),
    ],
    check: (t, q) => when(cmkOf(q, t, t.config.kms_key_id) === undefined, 'kms_key_id is not a customer-managed key'),
  },
  {
    id: 'VAULT-CT-004',
    title: 'Trail delivers to CloudWatch Logs',
    severity: 'error',
    resourceTypes: ['aws_cloudtrail'],
    rationale: 'Metric filters and alarms need the events in CloudWatch Logs.',
    fix: 'Set cloud_watch_logs_group_arn ("<group arn>:*") and cloud_watch_logs_role_arn.',
    controls: [
      ...fsbp('CloudTrail.5'),
      ...ckv('CKV2_AWS_10'),
      ...nag('NIST.800.53.R5-CloudTrailCloudWatchLogsEnabled'),
    ],
    check: (t, q) => {
      const g = q.target(t, str(t.config.cloud_watch_logs_group_arn)?.replace(/:\*$/, ''));
      const group = g ?? q.target(t, t.config.cloud_watch_logs_group_arn);
      return when(
        group === undefined || t.config.cloud_watch_logs_role_arn === undefined,
        'no CloudWatch Logs group and role',
      );
    },
  },
  {
    id: 'VAULT-CT-005',
    title: "Data event selectors never select the trail's own bucket",
    severity: 'error',
    resourceTypes: ['aws_cloudtrail'],
    rationale: 'Logging object events of the trail bucket logs every log delivery, forever (a known cost trap).',
    fix: 'Select only the vault bucket ARN prefix in resources.ARN, never the trail bucket (or all buckets).',
    controls: awsDocs('CloudTrail-logging-data-events'),
    check: (t, q) => {
      const own = bucketOf(q, t, 's3_bucket_name');
      const ownArn = own === undefined ? undefined : `arn:aws:s3:::${q.render(own, own.config.bucket) ?? ''}`;
      const bad: string[] = [];
      for (const sel of blocks(t.config.advanced_event_selector)) {
        const fields = blocks(sel.field_selector);
        const isS3 = fields.some(
          (f) => str(f.field) === 'resources.type' && q.renderList(t, f.equals).includes('AWS::S3::Object'),
        );
        if (!isS3) continue;
        const arnFields = fields.filter((f) => str(f.field) === 'resources.ARN');
        if (arnFields.length === 0) bad.push(`${str(sel.name) ?? 'selector'} selects every bucket`);
        for (const f of arnFields) {
          for (const v of [...q.renderList(t, f.equals), ...q.renderList(t, f.starts_with)]) {
            if (ownArn !== undefined && (v.startsWith(ownArn) || ownArn.startsWith(v)))
              bad.push(`${str(sel.name) ?? 'selector'} selects ${v}`);
          }
          if (
            ownArn !== undefined &&
            f.not_starts_with === undefined &&
            f.not_equals === undefined &&
            f.equals === undefined &&
            f.starts_with === undefined
          )
            bad.push('empty ARN selector');
        }
      }
      for (const sel of blocks(t.config.event_selector)) {
        for (const dr of blocks(sel.data_resource)) {
          if (str(dr.type) !== 'AWS::S3::Object') continue;
          for (const v of q.renderList(t, dr.values))
            if (v === 'arn:aws:s3' || v === 'arn:aws:s3:::' || (ownArn !== undefined && v.startsWith(ownArn)))
              bad.push(`event_selector selects ${v}`);
        }
      }
      return when(bad.length > 0, bad.join('; '));
    },
  },
  {
    id: 'VAULT-CT-006',
    title: 'Trail records S3 object-level reads and writes',
    severity: 'error',
    resourceTypes: ['aws_cloudtrail'],
    rationale: 'Who read or wrote a biometric image is only in S3 data events.',
    fix: 'Add an advanced_event_selector with eventCategory = Data, resources.type = AWS::S3::Object and the vault bucket ARN prefix (readOnly unset).',
    controls: cis('3.8', '3.9'),
    check: (t, q) => {
      const ok3 = blocks(t.config.advanced_event_selector).some((sel) => {
        const fields = blocks(sel.field_selector);
        const isS3 = fields.some(
          (f) => str(f.field) === 'resources.type' && q.renderList(t, f.equals).includes('AWS::S3::Object'),
        );
        const readOnly = fields.some((f) => str(f.field) === 'readOnly');
        return isS3 && !readOnly;
      });
      return when(!ok3, 'no S3 data event selector covering reads and writes');
    },
  },
  {
    id: 'VAULT-CT-007',
    title: 'Trail bucket has server access logging',
    severity: 'error',
    resourceTypes: ['aws_cloudtrail'],
    rationale: 'Access to the trail logs themselves must be recorded.',
    fix: 'Add aws_s3_bucket_logging to the trail bucket.',
    controls: [...fsbp('CloudTrail.7'), ...cis('3.4')],
    check: (t, q) => {
      const b = bucketOf(q, t, 's3_bucket_name');
      return when(
        b === undefined || companions(q, b, 'aws_s3_bucket_logging').length === 0,
        'trail bucket has no access logging',
      );
    },
  },
  {
    id: 'VAULT-CT-008',
    title: 'Trail bucket is not public',
    severity: 'error',
    resourceTypes: ['aws_cloudtrail'],
    rationale: 'Trail logs map the whole account for an attacker.',
    fix: 'Block all public access on the trail bucket and keep its policy free of public Allows.',
    controls: fsbp('CloudTrail.6'),
    check: (t, q) => {
      const b = bucketOf(q, t, 's3_bucket_name');
      if (b === undefined) return fail('trail bucket is not in the synthesized stacks');
      const pab = companions(q, b, 'aws_s3_bucket_public_access_block')[0];
      const blocked =
        pab !== undefined &&
        ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'].every(
          (k) => bool(pab.config[k]) === true,
        );
      return when(!blocked || (bucketPolicy(q, b) ?? []).some(isPublicAllow), 'trail bucket may be public');
    },
  },
  {
    id: 'VAULT-CT-009',
    title: 'CloudTrail may write only its own prefix, for our trail',
    severity: 'error',
    resourceTypes: ['aws_cloudtrail'],
    rationale:
      'Without aws:SourceArn/aws:SourceAccount any trail in any account could write into our bucket (confused deputy).',
    fix: 'Scope the cloudtrail.amazonaws.com PutObject statement to <bucket>/<prefix>/AWSLogs/<account>/* with aws:SourceArn = the trail ARN.',
    controls: awsDocs('CloudTrail-create-s3-bucket-policy-for-cloudtrail'),
    check: (t, q) => {
      const b = bucketOf(q, t, 's3_bucket_name');
      if (b === undefined) return ok;
      const st = allows(bucketPolicy(q, b) ?? [], 's3:PutObject').filter((s) =>
        principalIds(s, 'Service').includes('cloudtrail.amazonaws.com'),
      );
      if (st.length === 0) return fail('no bucket policy Allow for cloudtrail.amazonaws.com');
      const name = q.render(b, b.config.bucket) ?? '';
      const bad = st.filter(
        (s) =>
          !(hasCondition(s, 'aws:SourceArn') || hasCondition(s, 'aws:SourceAccount')) ||
          s.resources.some((r) => r === `arn:aws:s3:::${name}/*` || r === '*'),
      );
      return when(bad.length > 0, 'CloudTrail write is not scoped by prefix and aws:SourceArn/aws:SourceAccount');
    },
  },
  {
    id: 'VAULT-CT-010',
    title: 'Trail is created after its bucket policy',
    severity: 'error',
    resourceTypes: ['aws_cloudtrail'],
    rationale: 'CreateTrail fails with InsufficientS3BucketPolicyException when the policy does not exist yet.',
    fix: 'Add depends_on = [<aws_s3_bucket_policy>] to the trail.',
    controls: awsDocs('CloudTrail-InsufficientS3BucketPolicyException'),
    check: (t, q) => {
      const b = bucketOf(q, t, 's3_bucket_name');
      if (b === undefined) return ok;
      const deps = Array.isArray(t.config.depends_on) ? t.config.depends_on.map(String) : [];
      const pols = companions(q, b, 'aws_s3_bucket_policy').filter((p) => p.stack === t.stack);
      return when(
        pols.length > 0 && !pols.some((p) => deps.includes(p.address)),
        'trail does not depend_on the bucket policy',
      );
    },
  },
  {
    id: 'VAULT-CT-011',
    title: 'Audit logs use a key separate from biometric data',
    severity: 'warning',
    resourceTypes: ['aws_cloudtrail'],
    rationale: 'Who can decrypt biometric data should not be able to read or alter the audit trail.',
    fix: 'Encrypt the trail with a dedicated audit key, not the vault bucket key.',
    controls: nist('AC-5'),
    check: (t, q) => {
      const key = cmkOf(q, t, t.config.kms_key_id);
      const dataKeys = q
        .all('aws_s3_bucket')
        .filter((b) => !trailBuckets(q).includes(b))
        .map((b) => bucketEncryption(q, b)?.key);
      return when(key !== undefined && dataKeys.includes(key), 'trail shares its key with a data bucket');
    },
  },
  {
    id: 'VAULT-CT-012',
    title: 'Trail records data events of the Terraform state bucket',
    severity: 'error',
    resourceTypes: ['aws_cloudtrail'],
    rationale:
      "Management events do not show who read or rewrote a state file; only S3 data events on the state bucket (the one the trail's own stack keeps its state in) do.",
    fix: 'Add the state bucket ARN prefix (arn:<partition>:s3:::<state bucket>/) to the S3 data event selector.',
    controls: awsDocs('CloudTrail-logging-data-events'),
    check: (t, q) => {
      const prefixes = blocks(t.config.advanced_event_selector).flatMap((sel) => {
        const fields = blocks(sel.field_selector);
        const isS3 = fields.some(
          (f) => str(f.field) === 'resources.type' && q.renderList(t, f.equals).includes('AWS::S3::Object'),
        );
        const arns = fields.find((f) => str(f.field) === 'resources.ARN');
        return isS3 && arns !== undefined ? q.renderList(t, arns.starts_with) : [];
      });
      // The state bucket of the trail's own deployment: where its stack keeps its state.
      const name = stateBucketNameOf(q, t.stack);
      return when(
        name !== undefined && !prefixes.some((p) => p.endsWith(`:s3:::${name}/`)),
        `no data events for the state bucket ${name ?? ''}`,
      );
    },
  },
  {
    id: 'VAULT-CT-013',
    title: 'Only named principals may stop, delete or narrow the trail (guardrail)',
    severity: 'error',
    resourceTypes: ['aws_cloudtrail'],
    rationale:
      'After StopLogging nothing sees the next call: EventBridge receives CloudTrail events only while a trail logs, so deleting GuardDuty next would go unreported. Only prevention closes that order of steps.',
    fix: 'Deny cloudtrail:StopLogging, DeleteTrail, UpdateTrail and PutEventSelectors on the trail to all but the pipeline and break-glass (ArnNotEquals aws:PrincipalArn) in the guardrail policy (and its SCP).',
    controls: nist('AU-9', 'SI-4'),
    check: (t, q) => {
      const arn = arnOf(q, t);
      const open = [
        'cloudtrail:StopLogging',
        'cloudtrail:DeleteTrail',
        'cloudtrail:UpdateTrail',
        'cloudtrail:PutEventSelectors',
      ].filter((a) => guardrailDenials(q, a, arn).length === 0);
      return when(open.length > 0, `no guardrail denies ${open.join(', ')} to all but named principals`);
    },
  },
];
