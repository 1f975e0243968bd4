// Jest's globals from the package: its asymmetric matchers are typed (the ambient @types/jest ones are `any`).
import { expect } from '@jest/globals';
import { Testing } from 'cdktf';
import { ENVIRONMENTS } from '../../config/environments';
import { resourceNames } from '../../config/names';
import { VaultStack } from '../../stacks/vault-stack';
import { AuditKeyPolicy } from '../../modules/keys/audit-key-policy';
import { advancedEventSelectors } from '../../modules/audit/cloud-trail';
import { IsolatedTrailBucket } from '../../modules/audit/isolated-trail-bucket';
import { buildEnvironment } from '../../stacks/environment';
import {
  conditionValues,
  dataOf,
  documentIdOf,
  metadataPath,
  stringAttribute,
  policyStatements,
  resourceAt,
  resourcesOf,
  statement,
  synthEnvironments,
  type JsonObject,
  type Statement,
  remoteOutput,
} from '../helpers/synth';
import { present } from '../helpers/present';
import { BUCKET_CONFIGURATION, TRAIL_OBJECT_TAMPERING } from '../helpers/expected-actions';

const dev = ENVIRONMENTS.dev;
const prod = ENVIRONMENTS.prod;
const synth = synthEnvironments([dev, prod]);
const stack = synth.stack;
const audit = stack('dev-audit');
const names = resourceNames(dev);

const remote = remoteOutput;
const VAULT_BUCKET_ARN = remote('dev-storage', 'aws_s3_bucketvault_bucket', 'arn');
const VAULT_BUCKET_NAME = remote('dev-storage', 'aws_s3_bucketvault_bucket', 'bucket');
const LEDGER_ARN = remote('dev-ledger', 'aws_dynamodb_tableledger_table', 'arn');
const AUDIT_KEY_ARN = remote('dev-keys', 'aws_kms_keyAuditKey_key', 'arn');
const VAULT_KEY_ARN = remote('dev-keys', 'aws_kms_keyVaultKey_key', 'arn');
const ALERT_TOPIC_ARN = remote('dev-alerting', 'aws_sns_topicalert-topic', 'arn');

const localRef = (type: string, path: string, attribute: string, s: JsonObject = audit): string => {
  const id = Object.entries(resourcesOf(s, type)).find(([, r]) => metadataPath(r).endsWith(path))?.[0];
  if (id === undefined) throw new Error(`no ${type} at ${path}`);
  return `${type}.${id}${attribute === '' ? '' : `.${attribute}`}`;
};

function bucketPolicy(s: JsonObject): Statement[] {
  const policy = resourceAt(s, 'aws_s3_bucket_policy', 'trail-bucket/bucket/policy');
  return policyStatements(s, documentIdOf(policy.policy));
}

interface FieldSelector {
  field: string;
  equals?: string[];
  starts_with?: string[];
  not_equals?: string[];
  not_starts_with?: string[];
  ends_with?: string[];
  not_ends_with?: string[];
}
interface Selector {
  name: string;
  field_selector: FieldSelector[];
}
const trail = resourceAt(audit, 'aws_cloudtrail', 'trail/trail');
const selectors = trail.advanced_event_selector as unknown as Selector[];
const selector = (name: string): Selector => {
  const found = selectors.find((s) => s.name === name);
  if (found === undefined) throw new Error(`no selector ${name}`);
  return found;
};
const field = (s: Selector, name: string): FieldSelector => {
  const found = s.field_selector.find((f) => f.field === name);
  if (found === undefined) throw new Error(`selector ${s.name} has no field ${name}`);
  return found;
};

describe('trail', () => {
  test('multi-region, global service events, log-file validation, logging on, not an organization trail', () => {
    expect(trail).toMatchObject({
      name: names.trail,
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      enable_logging: true,
      is_organization_trail: false,
      s3_key_prefix: 'cloudtrail',
    });
  });

  test('encrypted with the audit key, delivered to the isolated bucket and to its log group', () => {
    expect(trail.kms_key_id).toMatch(AUDIT_KEY_ARN);
    expect(trail.s3_bucket_name).toBe(`\${${localRef('aws_s3_bucket', 'trail-bucket/bucket/bucket', 'bucket')}}`);
    expect(trail.cloud_watch_logs_group_arn).toBe(
      `\${${localRef('aws_cloudwatch_log_group', 'trail-log-delivery/log-group', 'arn')}}:*`,
    );
    expect(trail.cloud_watch_logs_role_arn).toBe(`\${${localRef('aws_iam_role', 'trail-log-delivery/role', 'arn')}}`);
  });

  test('depends on the bucket policy, the log role policy and the log group (classic creation failures)', () => {
    expect(trail.depends_on).toEqual(
      expect.arrayContaining([
        localRef('aws_s3_bucket_policy', 'trail-bucket/bucket/policy', ''),
        localRef('aws_iam_role_policy', 'trail-log-delivery/policy', ''),
        localRef('aws_cloudwatch_log_group', 'trail-log-delivery/log-group', ''),
      ]),
    );
  });

  test('the audit stack comes after the keys stack (the key policy exists before the trail)', () => {
    const manifest = JSON.parse(synth.manifest) as { stacks: Record<string, { dependencies: string[] }> };
    expect(manifest.stacks['dev-audit']?.dependencies).toEqual(
      expect.arrayContaining(['dev-keys', 'dev-storage', 'dev-ledger']),
    );
  });

  test('every field selector uses a known field and an operator (a misspelt attribute would vanish)', () => {
    const fields = ['eventCategory', 'resources.type', 'resources.ARN', 'eventName', 'readOnly', 'eventSource'];
    const operators = ['equals', 'starts_with', 'not_equals', 'not_starts_with', 'ends_with', 'not_ends_with'];
    for (const s of selectors) {
      for (const f of s.field_selector) {
        expect([s.name, fields.includes(f.field)]).toEqual([s.name, true]);
        const present = Object.keys(f).filter((k) => operators.includes(k));
        expect([s.name, f.field, present.length]).toEqual([s.name, f.field, 1]);
        expect(Object.keys(f).filter((k) => k !== 'field' && !operators.includes(k))).toEqual([]);
      }
    }
  });

  test('all management events, reads and writes', () => {
    expect(selector('All management events').field_selector).toEqual([
      { field: 'eventCategory', equals: ['Management'] },
    ]);
  });

  test('S3 object data events of exactly the vault bucket and the state bucket (with the trailing slash)', () => {
    const s3 = selector('S3 object reads and writes');
    expect(field(s3, 'eventCategory').equals).toEqual(['Data']);
    expect(field(s3, 'resources.type').equals).toEqual(['AWS::S3::Object']);
    const prefixes = field(s3, 'resources.ARN').starts_with ?? [];
    expect(prefixes).toHaveLength(2);
    expect(prefixes[0]).toMatch(VAULT_BUCKET_ARN);
    expect(prefixes[0]?.endsWith('}/')).toBe(true);
    // Who read or rewrote a state file.
    expect(prefixes[1]).toBe(
      'arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-tfstate-dev-111111111111/',
    );
    expect(field(s3, 'resources.ARN')).not.toHaveProperty('readOnly');
  });

  test('ledger item events of exactly the ledger table', () => {
    const ddb = selector('Ledger item events');
    expect(field(ddb, 'resources.type').equals).toEqual(['AWS::DynamoDB::Table']);
    expect(field(ddb, 'resources.ARN').equals).toEqual([expect.stringMatching(LEDGER_ARN)]);
  });

  test("Lambda invocations of the verifier, by the ARN derived from the verifier stack's function name", () => {
    const fn = selector('Verifier invocations');
    expect(field(fn, 'resources.type').equals).toEqual(['AWS::Lambda::Function']);
    expect(field(fn, 'resources.ARN').equals).toEqual([
      expect.stringMatching(
        new RegExp(
          `^arn:\\$\\{data\\.aws_partition\\.[^}]+\\}:lambda:\\$\\{data\\.aws_region\\.[^}]+\\}:\\$\\{data\\.aws_caller_identity\\.[^}]+\\}:function:${names.verifierFunction}$`,
        ),
      ),
    ]);
  });

  test('never selects its own bucket: no selector value refers to the trail bucket or the whole of S3', () => {
    const trailBucketRef = localRef('aws_s3_bucket', 'trail-bucket/bucket/bucket', '').replace(/\.$/, '');
    const values = selectors.flatMap((s) =>
      s.field_selector.flatMap((f) => [...(f.equals ?? []), ...(f.starts_with ?? [])]),
    );
    for (const v of values) {
      expect(v).not.toContain(trailBucketRef);
      expect(v).not.toContain(names.trailBucketPrefix);
      expect(v).not.toMatch(/:s3:::\/?$/);
    }
    // The selected S3 prefix is the vault bucket's, which is a different bucket than the trail's.
    expect(names.uploadsBucketPrefix).not.toEqual(names.trailBucketPrefix);
  });

  test('the selector builder refuses to select the trail bucket, all buckets, or a prefix without "/"', () => {
    const app = Testing.app();
    const scope = new VaultStack(app, { env: dev, concern: 'audit' });
    const bucket = new IsolatedTrailBucket(scope, 'b', {
      aws: scope.aws,
      bucketName: 'biometric-vault-dev-trail-x',
      trailName: names.trail,
      kmsKeyArn: 'key',
      breakGlassRoleArn: 'role',
      accessLogging: { targetBucket: 'logs', targetPrefix: 'p/' },
      objectLock: { mode: 'GOVERNANCE', days: 1 },
      transitionToColdDays: 1,
      retentionDays: 2,
    });
    const build = (prefix: string): unknown =>
      advancedEventSelectors('t', {
        bucketArn: bucket.bucketArn,
        bucketName: bucket.bucketName,
        dataEvents: { s3ObjectArnPrefixes: [prefix] },
      });
    expect(() => build(`${bucket.bucketArn}/`)).toThrow(/selects the trail's own bucket/);
    expect(() => build(`arn:${scope.aws.partition}:s3:::${bucket.bucketName}/cloudtrail/`)).toThrow(
      /selects the trail's own bucket/,
    );
    expect(() => build('arn:aws:s3:::')).toThrow(/must name a bucket/);
    expect(() => build('arn:aws:s3:::/')).toThrow(/must name a bucket/);
    expect(() => build('arn:aws:s3:::biometric-vault-dev-vault')).toThrow(/must end with "\/"/);
    expect(build('arn:aws:s3:::biometric-vault-dev-vault/')).toHaveLength(2);
  });
});

describe('isolated trail bucket', () => {
  const statements = bucketPolicy(audit);
  const bucketArnPattern =
    /^arn:\$\{data\.aws_partition\.[^}]+\}:s3:::biometric-vault-dev-trail-\$\{data\.aws_caller_identity\.[^}]+\.account_id\}$/;

  test('deterministic name, Object Lock enabled, prevent_destroy, no force_destroy', () => {
    expect(resourceAt(audit, 'aws_s3_bucket', 'trail-bucket/bucket/bucket')).toMatchObject({
      bucket: `${names.trailBucketPrefix}-\${data.aws_caller_identity.context_caller_CB9F32B7.account_id}`,
      object_lock_enabled: true,
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
  });

  test.each([
    ['dev-audit', dev],
    ['prod-audit', prod],
  ])('%s: Object Lock mode and retention from config', (name, env) => {
    expect(
      resourceAt(stack(name), 'aws_s3_bucket_object_lock_configuration', 'trail-bucket/bucket/object-lock').rule,
    ).toEqual({
      default_retention: { mode: env.audit.objectLockMode, days: env.audit.objectLockDays },
    });
  });

  test('versioning, all public access blocks, BucketOwnerEnforced', () => {
    expect(
      resourceAt(audit, 'aws_s3_bucket_versioning', 'trail-bucket/bucket/versioning').versioning_configuration,
    ).toEqual({ status: 'Enabled' });
    expect(
      resourceAt(audit, 'aws_s3_bucket_public_access_block', 'trail-bucket/bucket/public-access-block'),
    ).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(resourceAt(audit, 'aws_s3_bucket_ownership_controls', 'trail-bucket/bucket/ownership').rule).toEqual({
      object_ownership: 'BucketOwnerEnforced',
    });
  });

  test('SSE-KMS with the audit key, SSE-C blocked, no S3 Bucket Key (CloudTrail would need kms:Decrypt)', () => {
    const rule = present(
      (
        resourceAt(audit, 'aws_s3_bucket_server_side_encryption_configuration', 'trail-bucket/bucket/encryption')
          .rule as JsonObject[]
      )[0],
      'the encryption rule',
    );
    expect(rule.apply_server_side_encryption_by_default).toEqual({
      sse_algorithm: 'aws:kms',
      kms_master_key_id: expect.stringMatching(AUDIT_KEY_ARN),
    });
    expect(rule.bucket_key_enabled).toBe(false);
    expect(rule.blocked_encryption_types).toEqual(['SSE-C']);
  });

  test('server access logs go to the access-log bucket (which has no Object Lock)', () => {
    const logging = resourceAt(audit, 'aws_s3_bucket_logging', 'trail-bucket/bucket/access-logging');
    expect(logging.target_bucket).toMatch(remote('dev-storage', 'aws_s3_bucketaccess-logs_bucket', 'bucket'));
    expect(logging.target_prefix).toBe('s3-access-logs/trail/');
    expect(Object.keys(resourcesOf(stack('dev-storage'), 'aws_s3_bucket_object_lock_configuration'))).toHaveLength(0);
  });

  test.each([
    ['dev-audit', dev],
    ['prod-audit', prod],
  ])('%s: lifecycle to Glacier IR then expiry after the configured audit retention', (name, env) => {
    const rules = resourceAt(stack(name), 'aws_s3_bucket_lifecycle_configuration', 'trail-bucket/bucket/lifecycle')
      .rule as JsonObject[];
    const main = present(
      rules.find((r) => r.id === 'audit-logs-cold-then-expire'),
      'the audit-logs-cold-then-expire rule',
    );
    expect(main).toMatchObject({
      status: 'Enabled',
      transition: [{ days: env.audit.transitionToColdDays, storage_class: 'GLACIER_IR' }],
      expiration: [{ days: env.audit.trailRetentionDays }],
      noncurrent_version_expiration: [{ noncurrent_days: 30 }],
    });
    expect(rules.map((r) => r.id)).toEqual(
      expect.arrayContaining(['abort-incomplete-multipart-uploads', 'remove-expired-delete-markers']),
    );
  });

  test('CloudTrail may check the ACL and write only its own prefix, bound to the trail and the account', () => {
    const acl = statement(statements, 'CloudTrailAclCheck');
    expect(acl.principals).toEqual([{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }]);
    expect(acl.actions).toEqual(['s3:GetBucketAcl']);
    expect(acl.resources).toEqual([expect.stringMatching(bucketArnPattern)]);
    const write = statement(statements, 'CloudTrailWriteOwnPrefix');
    expect(write.actions).toEqual(['s3:PutObject']);
    expect(write.resources).toEqual([
      expect.stringMatching(
        /:s3:::biometric-vault-dev-trail-\$\{[^}]+\}\/cloudtrail\/AWSLogs\/\$\{data\.aws_caller_identity\.[^}]+\.account_id\}\/\*$/,
      ),
    ]);
    for (const s of [acl, write]) {
      expect(conditionValues(s, 'StringEquals', 'aws:SourceArn')).toEqual([
        expect.stringMatching(
          new RegExp(`:cloudtrail:\\$\\{data\\.aws_region\\.[^}]+\\}:\\$\\{[^}]+\\}:trail/${names.trail}$`),
        ),
      ]);
      expect(conditionValues(s, 'StringEquals', 'aws:SourceAccount')).toEqual([
        '${data.aws_caller_identity.context_caller_CB9F32B7.account_id}',
      ]);
    }
    expect(conditionValues(write, 'StringEquals', 's3:x-amz-acl')).toEqual(['bucket-owner-full-control']);
  });

  test('no workload writes here: every IAM principal is denied PutObject', () => {
    const deny = statement(statements, 'DenyObjectWritesByIamPrincipals');
    expect(deny).toMatchObject({
      effect: 'Deny',
      actions: ['s3:PutObject'],
      principals: [{ type: '*', identifiers: ['*'] }],
    });
    expect(conditionValues(deny, 'BoolIfExists', 'aws:PrincipalIsAWSService')).toEqual(['false']);
    // Only two AWS services are allowed anything at all.
    const allowed = statements
      .filter((s) => s.effect !== 'Deny')
      .flatMap((s) => s.principals?.flatMap((p) => p.identifiers) ?? []);
    expect([...new Set(allowed)].sort()).toEqual(['cloudtrail.amazonaws.com', 'guardduty.amazonaws.com']);
  });

  test('deletion and policy/lifecycle/versioning/Object Lock changes: break-glass only', () => {
    const deny = statement(statements, 'DenyTamperingExceptBreakGlass');
    expect(deny.effect).toBe('Deny');
    expect(deny.actions).toEqual(TRAIL_OBJECT_TAMPERING);
    expect(deny.resources).toEqual([expect.stringMatching(/\/\*$/)]);
    const breakGlassOnly = [expect.stringMatching(new RegExp(`:role/${dev.breakGlassRoleName}$`))];
    expect(conditionValues(deny, 'ArnNotEquals', 'aws:PrincipalArn')).toEqual(breakGlassOnly);
    // Bucket configuration (policy, lifecycle, versioning, Object Lock, ...): the shared guard.
    const guard = statement(statements, 'DenyConfigurationChangesExceptBreakGlass');
    expect(guard.actions).toEqual(BUCKET_CONFIGURATION);
    // The bucket by the ARN of its name (known in the first plan), which is the name it is created with.
    expect(guard.resources).toEqual([
      'arn:${data.aws_partition.context_partition_B73F2326.partition}:s3:::biometric-vault-dev-trail-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}',
    ]);
    expect(resourceAt(audit, 'aws_s3_bucket', 'trail-bucket/bucket/bucket').bucket).toBe(
      'biometric-vault-dev-trail-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}',
    );
    expect(conditionValues(guard, 'ArnNotEquals', 'aws:PrincipalArn')).toEqual(breakGlassOnly);
  });

  test('log files and digests are read only by break-glass and the audit-log readers', () => {
    const reads = statement(statements, 'DenyObjectReadsExceptReaders');
    expect(reads.actions).toEqual(['s3:GetObject*']);
    expect(conditionValues(reads, 'ArnNotEquals', 'aws:PrincipalArn')).toEqual([
      expect.stringMatching(new RegExp(`:role/${dev.breakGlassRoleName}$`)),
      // dev's audit-log reader: its verification role.
      'arn:aws:iam::111111111111:role/biometric-vault-verification',
    ]);
  });

  test('TLS only (and TLS >= 1.2)', () => {
    expect(conditionValues(statement(statements, 'DenyInsecureTransport'), 'Bool', 'aws:SecureTransport')).toEqual([
      'false',
    ]);
    expect(conditionValues(statement(statements, 'DenyOutdatedTls'), 'NumericLessThan', 's3:TlsVersion')).toEqual([
      '1.2',
    ]);
  });

  test('GuardDuty findings: own prefix, detector of this account and region, SSE-KMS with exactly the audit key', () => {
    const write = statement(statements, 'GuardDutyWriteFindings');
    expect(write.resources).toEqual([expect.stringMatching(/\/guardduty-findings\/\*$/)]);
    expect(conditionValues(write, 'ArnLike', 'aws:SourceArn')).toEqual([
      expect.stringMatching(/:guardduty:\$\{data\.aws_region\.[^}]+\}:\$\{[^}]+\}:detector\/\*$/),
    ]);
    expect(conditionValues(write, 'StringEquals', 'aws:SourceAccount')).toHaveLength(1);
    expect(
      conditionValues(
        statement(statements, 'DenyFindingsWithoutSseKms'),
        'StringNotEquals',
        's3:x-amz-server-side-encryption',
      ),
    ).toEqual(['aws:kms']);
    expect(
      conditionValues(
        statement(statements, 'DenyFindingsWithOtherKey'),
        'StringNotEquals',
        's3:x-amz-server-side-encryption-aws-kms-key-id',
      ),
    ).toEqual([expect.stringMatching(AUDIT_KEY_ARN)]);
  });

  test('the bucket policy comes after what it forbids the deployer to change', () => {
    const policy = resourceAt(audit, 'aws_s3_bucket_policy', 'trail-bucket/bucket/policy');
    expect(policy.depends_on).toEqual(
      expect.arrayContaining([
        localRef('aws_s3_bucket_public_access_block', 'trail-bucket/bucket/public-access-block', ''),
        localRef('aws_s3_bucket_versioning', 'trail-bucket/bucket/versioning', ''),
        localRef('aws_s3_bucket_lifecycle_configuration', 'trail-bucket/bucket/lifecycle', ''),
        localRef('aws_s3_bucket_object_lock_configuration', 'trail-bucket/bucket/object-lock', ''),
        localRef('aws_s3_bucket_logging', 'trail-bucket/bucket/access-logging', ''),
      ]),
    );
  });

  test("the access-log bucket accepts this bucket's logs (it names the trail bucket exactly)", () => {
    const storage = stack('dev-storage');
    const policy = resourceAt(storage, 'aws_s3_bucket_policy', 'access-logs/policy');
    const delivery = statement(policyStatements(storage, documentIdOf(policy.policy)), 'S3ServerAccessLogDelivery');
    const sources = (conditionValues(delivery, 'ArnLike', 'aws:SourceArn') ?? []).map((a) =>
      a.replace(/\$\{[^}]+\}/g, 'T'),
    );
    const trailBucket = resourceAt(stack('dev-audit'), 'aws_s3_bucket', 'trail-bucket/bucket/bucket').bucket as string;
    expect(trailBucket.replace(/\$\{[^}]+\}/g, 'T')).toBe(`${names.trailBucketPrefix}-T`);
    expect(sources).toContain(`arn:T:s3:::${names.trailBucketPrefix}-T`);
  });
});

describe('log delivery', () => {
  test.each([
    ['dev-audit', dev],
    ['prod-audit', prod],
  ])('%s: log group encrypted with the audit key, retention from config, deletion protection', (name, env) => {
    const group = resourceAt(stack(name), 'aws_cloudwatch_log_group', 'trail-log-delivery/log-group');
    expect(group).toMatchObject({
      name: resourceNames(env).trailLogGroup,
      retention_in_days: env.logRetentionDays,
      deletion_protection_enabled: true,
      lifecycle: { prevent_destroy: true },
    });
    expect(group.kms_key_id).toMatch(new RegExp(AUDIT_KEY_ARN.source.replace('dev-keys', `${env.name}-keys`)));
  });

  test('prod keeps trail events in CloudWatch Logs for 400 days (at least a year)', () => {
    expect(
      resourceAt(stack('prod-audit'), 'aws_cloudwatch_log_group', 'trail-log-delivery/log-group').retention_in_days,
    ).toBe(400);
  });

  test('the role trusts only CloudTrail (no source keys: not supported for this role), and writes only CloudTrail streams of this log group', () => {
    const role = resourceAt(audit, 'aws_iam_role', 'trail-log-delivery/role');
    expect(role.name).toBe(names.trailLogRole);
    const trust = statement(policyStatements(audit, documentIdOf(role.assume_role_policy)), 'CloudTrailDeliversToLogs');
    expect(trust.principals).toEqual([{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }]);
    expect(trust.actions).toEqual(['sts:AssumeRole']);
    expect(trust.condition).toBeUndefined();
    const policy = resourceAt(audit, 'aws_iam_role_policy', 'trail-log-delivery/policy');
    const statements = policyStatements(audit, documentIdOf(policy.policy));
    expect(statements.flatMap((s) => s.actions).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    for (const s of statements) {
      expect(s.resources).toEqual([
        expect.stringMatching(
          new RegExp(
            `:log-group:${names.trailLogGroup.replace(/\//g, '\\/')}:log-stream:\\$\\{[^}]+\\}_CloudTrail_\\*$`,
          ),
        ),
      ]);
    }
  });
});

describe('alarms', () => {
  const filters = Object.values(resourcesOf(audit, 'aws_cloudwatch_log_metric_filter'));
  // The metric-filter alarms (the log group's heartbeat has its own test).
  const alarms = Object.values(resourcesOf(audit, 'aws_cloudwatch_metric_alarm')).filter(
    (a) => a.namespace !== 'AWS/Logs',
  );
  const patternOf = (id: string): string =>
    stringAttribute(
      filters.find((f) => f.name === `biometric-vault-dev-audit-${id}`)?.pattern,
      `the ${id} filter pattern`,
    );

  test('one filter and one alarm per concern, named with the environment prefix', () => {
    const ids = [
      'unauthorized-api-calls',
      'root-account-usage',
      'iam-policy-changes',
      'cloudtrail-changes',
      'kms-key-disabled-or-deletion-scheduled',
      's3-bucket-policy-changes',
      'vault-key-policy-changes',
      'vault-bucket-policy-changes',
      'ledger-resource-policy-changes',
      'ledger-item-mutation-attempts',
      'alert-key-tampered',
      'alert-topic-tampered',
      'watch-topic-tampered',
      'global-events-forwarder-tampered',
    ];
    expect(filters.map((f) => f.name).sort()).toEqual(ids.map((i) => `biometric-vault-dev-audit-${i}`).sort());
    expect(alarms.map((a) => a.alarm_name).sort()).toEqual(ids.map((i) => `biometric-vault-dev-audit-${i}`).sort());
  });

  test('filters read the trail log group; alarms fire on the first event and notify the alert topic (of the alerting stack)', () => {
    const group = `\${${localRef('aws_cloudwatch_log_group', 'trail-log-delivery/log-group', 'name')}}`;
    for (const f of filters) {
      expect(f.log_group_name).toBe(group);
      expect((f.metric_transformation as JsonObject).value).toBe('1');
    }
    for (const a of alarms) {
      expect(a).toMatchObject({
        threshold: 1,
        comparison_operator: 'GreaterThanOrEqualToThreshold',
        statistic: 'Sum',
        period: 300,
        treat_missing_data: 'notBreaching',
        actions_enabled: true,
      });
      expect(stringAttribute(present((a.alarm_actions as string[] | undefined)?.[0], 'an alarm action'))).toMatch(
        ALERT_TOPIC_ARN,
      );
      const filter = present(
        filters.find((f) => f.name === a.alarm_name),
        `the filter of ${JSON.stringify(a.alarm_name)}`,
      );
      expect([a.metric_name, a.namespace]).toEqual([
        (filter.metric_transformation as JsonObject).name,
        (filter.metric_transformation as JsonObject).namespace,
      ]);
    }
  });

  test('CIS-style patterns', () => {
    expect(patternOf('unauthorized-api-calls')).toContain('$.errorCode = "*UnauthorizedOperation"');
    expect(patternOf('unauthorized-api-calls')).toContain('$.errorCode = "AccessDenied*"');
    expect(patternOf('root-account-usage')).toContain('$.userIdentity.type = "Root"');
    expect(patternOf('root-account-usage')).toContain('$.userIdentity.invokedBy NOT EXISTS');
    expect(patternOf('iam-policy-changes')).toContain('($.eventName = "AttachRolePolicy")');
    for (const e of ['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors'])
      expect(patternOf('cloudtrail-changes')).toContain(`($.eventName = "${e}")`);
    for (const e of ['DisableKey', 'ScheduleKeyDeletion'])
      expect(patternOf('kms-key-disabled-or-deletion-scheduled')).toContain(`($.eventName = "${e}")`);
    for (const e of ['PutBucketPolicy', 'DeleteBucketPolicy', 'PutBucketAcl'])
      expect(patternOf('s3-bucket-policy-changes')).toContain(`($.eventName = "${e}")`);
  });

  /** A referenced pattern is `${format("<template>", ref, ...)}`: the template and the references, with `${}` around each. */
  const formatted = (pattern: string): { template: string; values: string[] } => {
    const m = /^\$\{format\("((?:[^"\\]|\\.)*)", (.*)\)\}$/.exec(pattern);
    if (m === null) throw new Error(`not a format() pattern: ${pattern}`);
    return {
      template: present(m[1], 'the format() template').replace(/\\"/g, '"'),
      values: present(m[2], 'the format() arguments')
        .split(', ')
        .map((v) => `\${${v}}`),
    };
  };
  /** The values compared with a field, in order, after substituting the references. */
  const valuesOf = (pattern: string, fieldName: string): string[] => {
    const { template, values } = formatted(pattern);
    const queue = [...values];
    const filled = template.replace(/%s/g, () => queue.shift() ?? '');
    const quoted = fieldName.replace(/[$.[\]]/g, '\\$&');
    return [...filled.matchAll(new RegExp(`\\(${quoted} = "([^"]+)"\\)`, 'g'))].map((x) =>
      present(x[1], `a value of ${fieldName}`),
    );
  };

  test('vault-specific patterns name the VaultKey, the vault bucket and the ledger (rendered with format(), valid HCL)', () => {
    expect(valuesOf(patternOf('vault-key-policy-changes'), '$.resources[0].ARN')).toEqual([
      expect.stringMatching(VAULT_KEY_ARN),
      expect.stringMatching(AUDIT_KEY_ARN),
    ]);
    expect(formatted(patternOf('vault-key-policy-changes')).template).toContain('($.eventName = "PutKeyPolicy")');
    expect(valuesOf(patternOf('vault-bucket-policy-changes'), '$.requestParameters.bucketName')).toEqual([
      expect.stringMatching(VAULT_BUCKET_NAME),
    ]);
    expect(valuesOf(patternOf('ledger-resource-policy-changes'), '$.requestParameters.resourceArn')).toEqual([
      expect.stringMatching(LEDGER_ARN),
    ]);
    const mutation = formatted(patternOf('ledger-item-mutation-attempts')).template;
    for (const e of ['UpdateItem', 'DeleteItem', 'BatchWriteItem', 'ExecuteStatement'])
      expect(mutation).toContain(`($.eventName = "${e}")`);
    expect(mutation).not.toContain('"PutItem"');
    expect(valuesOf(patternOf('ledger-item-mutation-attempts'), '$.resources[0].ARN')).toEqual([
      expect.stringMatching(LEDGER_ARN),
    ]);
  });
});

describe('alert-path watch topic', () => {
  const topic = resourceAt(audit, 'aws_sns_topic', 'alert-path-watch-topic/topic');
  const policy = resourceAt(audit, 'aws_sns_topic_policy', 'alert-path-watch-topic/policy');
  const statements = policyStatements(audit, documentIdOf(policy.policy));
  const filters = Object.values(resourcesOf(audit, 'aws_cloudwatch_log_metric_filter'));
  const patternOf = (id: string): string =>
    stringAttribute(
      filters.find((f) => f.name === `biometric-vault-dev-audit-${id}`)?.pattern,
      `the ${id} filter pattern`,
    );
  const alarm = (id: string): JsonObject =>
    present(
      Object.values(resourcesOf(audit, 'aws_cloudwatch_metric_alarm')).find(
        (a) => a.alarm_name === `biometric-vault-dev-audit-${id}`,
      ),
      id,
    );

  test('deterministic name, encrypted with the audit key (not the alert key it reports on), SHA-256 signatures', () => {
    expect(topic.name).toBe('biometric-vault-dev-alert-path-watch');
    expect(topic.kms_master_key_id).toMatch(AUDIT_KEY_ARN);
    expect(topic.signature_version).toBe(2);
  });

  test("only this environment's alarms publish; only the deployers and break-glass change it; no TLS, no publish", () => {
    const allows = statements.filter((s) => s.effect !== 'Deny');
    expect(allows.map((s) => s.sid)).toEqual(['CloudWatchAlarmsOfThisEnvironment']);
    const deny = statement(statements, 'DenyTopicChangesExceptAdministrators');
    expect(deny.actions).toEqual([
      'sns:AddPermission',
      'sns:DeleteTopic',
      'sns:PutDataProtectionPolicy',
      'sns:RemovePermission',
      'sns:SetTopicAttributes',
    ]);
    expect(conditionValues(deny, 'ArnNotEquals', 'aws:PrincipalArn')).toEqual([
      'arn:aws:iam::111111111111:role/biometric-vault-deployer',
      expect.stringMatching(/:role\/biometric-vault-break-glass$/),
    ]);
    expect(conditionValues(statement(statements, 'DenyPublishWithoutTls'), 'Bool', 'aws:SecureTransport')).toEqual([
      'false',
    ]);
  });

  test('the alert key and the alert topic being tampered with alarm on both topics', () => {
    const watch = `\${${localRef('aws_sns_topic', 'alert-path-watch-topic/topic', 'arn')}}`;
    for (const id of [
      'alert-key-tampered',
      'alert-topic-tampered',
      'watch-topic-tampered',
      'global-events-forwarder-tampered',
    ]) {
      const actions = alarm(id).alarm_actions as string[];
      expect(actions).toHaveLength(2);
      expect(present(actions[0], 'the first action')).toMatch(ALERT_TOPIC_ARN);
      expect(actions[1]).toMatch(/:sns:\$\{[^}]+\}:\$\{[^}]+\}:biometric-vault-dev-alert-path-watch$/);
    }
    expect(watch).toMatch(/aws_sns_topic\./);
    const key = present(
      filters.find((f) => f.name === 'biometric-vault-dev-audit-alert-key-tampered'),
      'the alert key filter',
    );
    expect(stringAttribute(key.pattern)).toContain(
      '"{ ($.eventSource = \\"kms.amazonaws.com\\") && (($.eventName = \\"DisableKey\\") || ($.eventName = \\"DisableKeyRotation\\") || ($.eventName = \\"PutKeyPolicy\\") || ($.eventName = \\"ScheduleKeyDeletion\\")) && ($.resources[0].ARN = \\"%s\\") }"',
    );
    expect(stringAttribute(key.pattern)).toMatch(
      /", data\.terraform_remote_state\.cross-stack-reference-input-dev-alerting\.outputs\.cross-stack-output-aws_kms_keyAlertKey_key[A-Za-z0-9_]*arn\)\}$/,
    );
    expect(
      conditionValues(statement(statements, 'CloudWatchAlarmsOfThisEnvironment'), 'ArnLike', 'aws:SourceArn'),
    ).toEqual([expect.stringMatching(/:cloudwatch:\$\{[^}]+\}:\$\{[^}]+\}:alarm:biometric-vault-dev-\*$/)]);
    expect(
      conditionValues(statement(statements, 'CloudWatchAlarmsOfThisEnvironment'), 'StringEquals', 'aws:SourceAccount'),
    ).toEqual([expect.stringMatching(/^\$\{data\.aws_caller_identity\./)]);
  });

  test("removing or muting either topic's subscriber alarms through the other topic", () => {
    const topicPattern =
      '"{ ($.eventSource = \\"sns.amazonaws.com\\") && (($.eventName = \\"AddPermission\\") || ($.eventName = \\"DeleteTopic\\") || ($.eventName = \\"RemovePermission\\") || ($.eventName = \\"SetSubscriptionAttributes\\") || ($.eventName = \\"SetTopicAttributes\\") || ($.eventName = \\"Unsubscribe\\")) && (($.requestParameters.topicArn = \\"%s\\") || ($.requestParameters.subscriptionArn = \\"%s:*\\")) }"';
    for (const [id, topic] of [
      ['alert-topic-tampered', 'biometric-vault-dev-alerts'],
      ['watch-topic-tampered', 'biometric-vault-dev-alert-path-watch'],
    ] as const) {
      const pattern = patternOf(id);
      expect(pattern).toContain(topicPattern);
      // Both placeholders are the topic's ARN.
      expect(pattern.split(`:${topic}"`).length - 1).toBe(2);
    }
  });

  test("a rule of the environment disabled in us-east-1 (IAM's forwarder) alarms, from the trail's multi-region events", () => {
    expect(patternOf('global-events-forwarder-tampered')).toBe(
      '{ ($.eventSource = "events.amazonaws.com") && ($.awsRegion = "us-east-1") && (($.eventName = "DeleteRule") || ($.eventName = "DisableRule") || ($.eventName = "PutRule") || ($.eventName = "PutTargets") || ($.eventName = "RemoveTargets")) && (($.requestParameters.name = "biometric-vault-dev-*") || ($.requestParameters.rule = "biometric-vault-dev-*")) }',
    );
  });

  test("the trail's log group ingesting nothing for 15 minutes alarms on both topics (missing data breaches)", () => {
    const heartbeat = Object.values(resourcesOf(audit, 'aws_cloudwatch_metric_alarm')).filter(
      (a) => a.namespace === 'AWS/Logs',
    );
    expect(heartbeat).toHaveLength(1);
    expect(heartbeat[0]).toMatchObject({
      alarm_name: 'biometric-vault-dev-audit-trail-log-ingestion',
      metric_name: 'IncomingLogEvents',
      dimensions: { LogGroupName: '/aws/cloudtrail/biometric-vault-dev' },
      statistic: 'Sum',
      period: 300,
      evaluation_periods: 3,
      datapoints_to_alarm: 3,
      threshold: 1,
      comparison_operator: 'LessThanThreshold',
      treat_missing_data: 'breaching',
      actions_enabled: true,
    });
    const actions = heartbeat[0]?.alarm_actions as string[];
    expect(actions).toHaveLength(2);
    expect(present(actions[0], 'the first action')).toMatch(ALERT_TOPIC_ARN);
    expect(actions[1]).toMatch(/:biometric-vault-dev-alert-path-watch$/);
  });

  test('e-mail subscription only where config names an address', () => {
    expect(Object.keys(resourcesOf(audit, 'aws_sns_topic_subscription'))).toHaveLength(0);
    expect(resourceAt(stack('prod-audit'), 'aws_sns_topic_subscription', 'alert-path-watch-topic/email')).toMatchObject(
      { protocol: 'email', endpoint: prod.alertEmail },
    );
  });

  test('the alarm name prefix is a public property later stacks use', () => {
    const stacks = buildEnvironment(Testing.app(), dev);
    expect(stacks.audit.alarmNamePrefix).toBe('biometric-vault-dev-');
  });
});

describe('audit key policy (optional bindings for the keys stack)', () => {
  const app = Testing.app();
  const scope = new VaultStack(app, { env: dev, concern: 'keys' });
  new AuditKeyPolicy(scope, 'bound', {
    aws: scope.aws,
    administration: '{}',
    trailName: names.trail,
    logGroupNames: [names.trailLogGroup],
    readerArns: ['arn:aws:iam::111111111111:role/auditor'],
    watchTopicName: names.alertPathWatchTopic,
    trailBucketName: `${names.trailBucketPrefix}-\${account}`,
  });
  new AuditKeyPolicy(scope, 'unbound', {
    aws: scope.aws,
    administration: '{}',
    trailName: names.trail,
    logGroupNames: [names.trailLogGroup],
    readerArns: [],
  });
  const synthesized = JSON.parse(Testing.synth(scope)) as JsonObject;
  const docId = (path: string): string => {
    const prefix = `${path.replace('/', '_')}_`;
    const found = Object.entries(dataOf(synthesized, 'aws_iam_policy_document')).find(([id]) => id.startsWith(prefix));
    if (found === undefined) throw new Error(`no document ${path}`);
    return found[0];
  };

  test('alarms of this account may publish to the watch topic; EventBridge never uses the audit key', () => {
    const s = statement(policyStatements(synthesized, docId('bound/alerting')), 'AlarmsPublishToWatchTopic');
    expect(s.principals).toEqual([{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }]);
    expect(s.actions).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    expect(conditionValues(s, 'StringEquals', 'aws:SourceAccount')).toHaveLength(1);
    const all = [
      ...policyStatements(synthesized, docId('bound/alerting')),
      ...policyStatements(synthesized, docId('unbound/alerting')),
    ];
    expect(all.flatMap((x) => x.principals?.flatMap((p) => p.identifiers) ?? [])).not.toContain('events.amazonaws.com');
    expect(policyStatements(synthesized, docId('unbound/alerting')).map((x) => x.sid)).not.toContain(
      'AlarmsPublishToWatchTopic',
    );
  });

  test("S3 default encryption on CloudTrail's behalf: only this trail, via S3, under the trail's prefix", () => {
    const s = statement(
      policyStatements(synthesized, docId('bound/cloudtrail')),
      'CloudTrailObjectsUnderBucketDefaultEncryption',
    );
    expect(s.actions).toEqual(['kms:GenerateDataKey']);
    expect(conditionValues(s, 'StringEquals', 'aws:SourceArn')).toEqual([
      expect.stringMatching(new RegExp(`:trail/${names.trail}$`)),
    ]);
    expect(conditionValues(s, 'StringEquals', 'kms:ViaService')).toEqual([expect.stringMatching(/^s3\./)]);
    expect(conditionValues(s, 'ArnLike', 'kms:EncryptionContext:aws:s3:arn')).toEqual([
      expect.stringMatching(/:s3:::biometric-vault-dev-trail-\$\{account\}\/cloudtrail\/AWSLogs\/\$\{[^}]+\}\/\*$/),
    ]);
    const unbound = policyStatements(synthesized, docId('unbound/cloudtrail'));
    expect(unbound.map((x) => x.sid)).not.toContain('CloudTrailObjectsUnderBucketDefaultEncryption');
  });
});

// JSON and formatted-HCL snapshots of this stack, with the HCL parse-back check, are in
// __tests__/synth-output.test.ts, which covers every stack of the environment.
