import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { attributeChanges, type AttributeChange } from '../../tools/plan-summary/attribute-diff';
import { CATEGORY_LABELS, changeKind, classify } from '../../tools/plan-summary/classify';
import type { CliIo } from '../../tools/cli/io';
import { runCli, stackNameFor } from '../../tools/plan-summary/cli';
import {
  parsePlan,
  PlanFormatError,
  type JsonValue,
  type PlanAction,
  type ResourceChange,
  type TerraformPlan,
} from '../../tools/plan-summary/plan-types';
import { render } from '../../tools/plan-summary/render';
import { needsSecondReview, summarizeStack, type StackSummary } from '../../tools/plan-summary/summary';

const FIXTURES = join(__dirname, 'fixtures', 'plans');

function fixtureText(name: string): string {
  return readFileSync(join(FIXTURES, `${name}.json`), 'utf8');
}

function fixture(name: string): TerraformPlan {
  return parsePlan(fixtureText(name), name);
}

function summary(name: string, stack = `prod-${name}`): StackSummary {
  return summarizeStack(stack, fixture(name));
}

function cli(argv: string[]): { code: number; stdout: string; stderr: string; written: Map<string, string> } {
  let stdout = '';
  let stderr = '';
  const written = new Map<string, string>();
  const io: CliIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readFile: (p) => readFileSync(join(FIXTURES, p), 'utf8'),
    writeFile: (p, t) => written.set(p, t),
  };
  const code = runCli(argv, io);
  return { code, stdout, stderr, written };
}

describe('plan JSON parsing', () => {
  it('accepts every fixture in the documented format', () => {
    // Prepare
    const names = [
      'create',
      'update',
      'delete',
      'replace-delete-before-create',
      'replace-create-before-destroy',
      'no-op',
      'read',
      'unknown-after-apply',
      'sensitive',
      'nothing-to-change',
      'empty-stack',
      'drift-only',
      'drift-not-security',
    ];
    // Act
    const plans = names.map(fixture);
    // Assess
    expect(plans.every((p) => p.format_version.startsWith('1.'))).toBe(true);
  });

  it('refuses an unsupported major version and a state file, naming each problem', () => {
    // Prepare
    const v2 = JSON.stringify({ format_version: '2.0', resource_changes: [] });
    const state = JSON.stringify({ format_version: '1.0', values: { root_module: {} } });
    // Act
    const errors = [v2, state].map((text) => {
      try {
        parsePlan(text, 'x.json');
        return undefined;
      } catch (error) {
        return error;
      }
    });
    // Assess
    expect(errors[0]).toBeInstanceOf(PlanFormatError);
    expect((errors[0] as PlanFormatError).problems[0]).toMatchObject({ path: '$.format_version', value: '2.0' });
    expect((errors[1] as PlanFormatError).message).toContain('a state file, not a plan');
  });

  it('collects every malformed resource change, not only the first', () => {
    // Prepare
    const text = JSON.stringify({
      format_version: '1.2',
      resource_changes: [
        { address: 'a.b', mode: 'managed', type: 'a', name: 'b', provider_name: 'p', change: { actions: ['explode'] } },
        {
          address: 'c.d',
          mode: 'weird',
          type: 'c',
          name: 'd',
          provider_name: 'p',
          change: { actions: ['update', 'delete'] },
        },
      ],
    });
    // Act
    let error: unknown;
    try {
      parsePlan(text, 'bad.json');
    } catch (e) {
      error = e;
    }
    // Assess
    expect((error as PlanFormatError).problems.map((p) => p.path)).toEqual([
      '$.resource_changes[0].change.actions[0]',
      '$.resource_changes[1].mode',
      '$.resource_changes[1].change.actions',
    ]);
  });
});

describe('change kinds', () => {
  it.each([
    [['create'], 'create'],
    [['update'], 'update'],
    [['delete'], 'delete'],
    [['delete', 'create'], 'replace'],
    [['create', 'delete'], 'replace'],
    [['no-op'], 'no-op'],
    [['read'], 'read'],
    [['forget'], 'forget'],
  ] as const)('%j is a %s', (actions, kind) => {
    expect(changeKind(actions)).toBe(kind);
  });
});

describe('per-stack counts', () => {
  it.each([
    ['create', { create: 2, update: 0, replace: 0, delete: 0, read: 0, 'no-op': 0 }],
    ['update', { create: 0, update: 2, replace: 0, delete: 0, read: 0, 'no-op': 1 }],
    ['delete', { create: 0, update: 0, replace: 0, delete: 1, read: 0, 'no-op': 0 }],
    ['replace-delete-before-create', { create: 0, update: 0, replace: 1, delete: 0, read: 0, 'no-op': 0 }],
    ['replace-create-before-destroy', { create: 0, update: 0, replace: 2, delete: 0, read: 0, 'no-op': 0 }],
    ['no-op', { create: 0, update: 1, replace: 0, delete: 0, read: 0, 'no-op': 2 }],
    ['read', { create: 0, update: 0, replace: 0, delete: 0, read: 2, 'no-op': 0 }],
    ['nothing-to-change', { create: 0, update: 0, replace: 0, delete: 0, read: 0, 'no-op': 2 }],
    ['empty-stack', { create: 0, update: 0, replace: 0, delete: 0, read: 0, 'no-op': 0 }],
  ])('%s', (name, expected) => {
    // Act
    const s = summary(name);
    // Assess
    expect(s.counts).toMatchObject(expected);
    expect(s.changes.some((c) => c.kind === 'no-op')).toBe(false);
  });
});

describe('security classification', () => {
  it('flags a key policy and rotation change and compares the policy statement by statement', () => {
    // Act
    const s = summary('update');
    const key = s.changes.find((c) => c.resource.type === 'aws_kms_key');
    const policy = key?.attributes[1]?.policy;
    // Assess
    expect(key?.security.map((r) => r.category)).toEqual(['keys']);
    expect(key?.attributes.map((a) => a.path)).toEqual(['enable_key_rotation', 'policy']);
    expect(policy?.diff).toMatchObject({ added: [], removed: [], unchanged: 1 });
    expect(policy?.diff.changed.map((c) => [c.after.sid, c.changes])).toEqual([
      ['VerifierUse', ['action + `kms:GenerateDataKey`']],
    ]);
    expect(s.changes.find((c) => c.resource.type === 'aws_lambda_function')?.security).toEqual([]);
  });

  it('flags drift of a bucket policy made outside Terraform', () => {
    // Act
    const s = summary('update');
    // Assess
    expect(s.drift[0]?.security.map((r) => r.category)).toEqual(['resource-policy']);
  });

  it('flags a public access block but not an alarm', () => {
    // Act
    const s = summary('create');
    // Assess
    expect(s.changes.map((c) => [c.resource.type, c.security.length > 0])).toEqual([
      ['aws_cloudwatch_metric_alarm', false],
      ['aws_s3_bucket_public_access_block', true],
    ]);
  });

  it('flags deletion and replacement of stateful resources as destructive, with the forcing attribute', () => {
    // Act
    const deleted = summary('delete').changes[0];
    const replaced = summary('replace-delete-before-create').changes[0];
    const cbd = summary('replace-create-before-destroy').changes;
    // Assess
    expect(deleted).toMatchObject({ kind: 'delete', stateful: true, destructive: true });
    expect(replaced).toMatchObject({ kind: 'replace', destructive: true });
    expect(replaced?.attributes.filter((a) => a.forcesReplacement).map((a) => a.path)).toEqual(['bucket']);
    expect(cbd.map((c) => [c.resource.type, c.destructive, c.security.map((r) => r.category)])).toEqual([
      ['aws_iam_role', false, ['iam']],
      ['aws_cloudtrail', true, ['audit', 'data-protection']],
    ]);
  });

  it('does not flag data source reads or a tag change', () => {
    // Act
    const summaries = [summary('read'), summary('no-op'), summary('nothing-to-change')];
    // Assess
    expect(needsSecondReview(summaries)).toBe(false);
  });
});

describe('attribute values', () => {
  it('shows values known only after apply as such', () => {
    // Act
    const [lambda, alias] = summary('unknown-after-apply').changes;
    // Assess
    expect(lambda?.attributes.find((a) => a.path === 'version')).toMatchObject({
      before: { kind: 'value', text: '"7"' },
      after: { kind: 'unknown' },
    });
    expect(lambda?.attributes.find((a) => a.path === 'source_code_hash')?.after).toEqual({
      kind: 'value',
      text: '"z9x8c7"',
    });
    expect(alias?.attributes.find((a) => a.path === 'target_key_id')).toMatchObject({
      before: { kind: 'absent' },
      after: { kind: 'unknown' },
    });
  });

  it('masks sensitive values on both sides, whole or nested, but says that they change', () => {
    // Act
    const changes = summary('sensitive').changes;
    // Assess
    expect(changes[0]?.attributes).toEqual([
      expect.objectContaining({
        path: 'environment[0].variables',
        before: { kind: 'sensitive' },
        after: { kind: 'sensitive' },
      }),
    ]);
    expect(changes[1]?.attributes.find((a) => a.path === 'value')?.after).toEqual({ kind: 'sensitive' });
    expect(changes[2]?.attributes).toEqual([
      expect.objectContaining({ before: { kind: 'sensitive' }, after: { kind: 'sensitive' } }),
    ]);
  });

  it('lists no attribute for an unchanged sensitive value', () => {
    // Prepare
    const change = {
      actions: ['update'] as const,
      before: { token: 's3cr3t', size: 1 },
      after: { token: 's3cr3t', size: 2 },
      after_unknown: {},
      before_sensitive: { token: true },
      after_sensitive: { token: true },
    };
    // Act
    const attrs = attributeChanges(change);
    // Assess
    expect(attrs.map((a) => a.path)).toEqual(['size']);
  });
});

describe('rendering', () => {
  it('never prints a sensitive value, in Markdown or on stderr', () => {
    // Act
    const result = cli(['sensitive.json']);
    // Assess
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/SECRET-|hunter2|correcthorse|p4ssw0rd/);
    expect(result.stdout).toContain('_(sensitive)_');
  });

  it('puts the loud stateful section and the per-stack counts first, then each stack with its security-sensitive changes', () => {
    // Act
    const md = render([summary('update', 'prod-keys'), summary('delete', 'prod-ledger')]);
    // Assess
    const loud = md.indexOf('Stateful resources replaced or deleted');
    const perStack = md.indexOf('### Per stack');
    const keys = md.indexOf('### <code>prod-keys</code>: 2 to update, 1 drifted · 1 security-sensitive');
    const ledger = md.indexOf('### <code>prod-ledger</code>: 1 to delete · 1 security-sensitive');
    // The marker the workflow finds its earlier comment by.
    expect(md.startsWith('<!-- biometric-vault:plan-summary -->')).toBe(true);
    expect(loud).toBeGreaterThan(0);
    expect(loud).toBeLessThan(perStack);
    expect(perStack).toBeLessThan(keys);
    expect(keys).toBeLessThan(ledger);
    expect(md.slice(keys, ledger)).toContain(
      '| update | <code>aws_kms_key.vault_key</code> | **KMS keys and key policies**',
    );
    expect(md).toContain('| <code>prod-ledger</code> | 0 | 0 | 0 | 1 | 0 | 1 |');
    expect(md).toContain(
      '**DELETE** <code>aws_dynamodb_table.ledger</code> in <code>prod-ledger</code> (delete_because_no_resource_config)',
    );
  });

  it('renders the comment a reviewer sees (snapshot)', () => {
    // Act
    const md = render([
      summary('update', 'prod-keys'),
      summary('replace-create-before-destroy', 'prod-audit'),
      summary('sensitive', 'prod-verifier'),
    ]);
    // Assess
    expect(md).toMatchSnapshot();
  });

  it('says so when nothing changes', () => {
    // Act
    const md = render([summary('nothing-to-change'), summary('empty-stack')]);
    // Assess
    expect(md).toContain('No changes. The infrastructure matches the configuration.');
    expect(md).not.toContain('<details>');
  });

  it('escapes table-breaking characters in values', () => {
    // Prepare
    const plan = parsePlan(
      JSON.stringify({
        format_version: '1.2',
        resource_changes: [
          {
            address: 'aws_ssm_parameter.x',
            mode: 'managed',
            type: 'aws_ssm_parameter',
            name: 'x',
            provider_name: 'aws',
            change: { actions: ['update'], before: { description: 'a' }, after: { description: 'a|b`<c>' } },
          },
        ],
      }),
      'inline',
    );
    // Act
    const md = render([summarizeStack('dev-x', plan)]);
    // Assess
    expect(md).toContain('<code>"a&#124;b&#96;&lt;c&gt;"</code>');
  });

  it('shortens the details, not the stack sections, to fit a comment, and says so', () => {
    // Act
    const md = render([summary('sensitive'), summary('unknown-after-apply'), summary('update')], {
      maxLength: 3000,
      fullReportUrl: 'https://example.test/run/1',
    });
    // Assess
    expect(md.length).toBeLessThanOrEqual(3000);
    for (const stack of ['prod-sensitive', 'prod-unknown-after-apply', 'prod-update'])
      expect(md).toContain(`### <code>${stack}</code>:`);
    expect(md).toContain('> To fit the comment limit, the details of');
    expect(md).toContain('[the full report](https://example.test/run/1)');
  });
});

describe('command line', () => {
  it('exits 0 when nothing security-sensitive changes and 2 when something does', () => {
    // Act
    const quiet = cli(['no-op.json', 'read.json']);
    const loud = cli(['no-op.json', 'update.json']);
    // Assess
    expect(quiet.code).toBe(0);
    expect(loud.code).toBe(2);
  });

  it('names stacks from stack=path, the file name, or the directory of plan.json', () => {
    // Act
    const result = cli(['prod-keys=update.json', 'create.json', '--output', 'out.md']);
    // Assess
    expect(result.stdout).toContain('<code>prod-keys</code>');
    expect(result.stdout).toContain('<code>create</code>');
    expect(stackNameFor('cdktf.out/stacks/prod-audit/plan.json')).toBe('prod-audit');
    expect(result.written.get('out.md')).toBe(result.stdout);
  });

  it('exits 1 on an unreadable plan and 64 on bad usage, and says why', () => {
    // Act
    const missing = cli(['does-not-exist.json']);
    const none = cli([]);
    const badOption = cli(['--frobnicate', 'create.json']);
    // Assess
    expect([missing.code, none.code, badOption.code]).toEqual([1, 64, 64]);
    expect(missing.stderr).toContain('does-not-exist.json');
    expect(none.stderr).toContain('no plan given');
    expect(badOption.stderr).toContain('unknown option --frobnicate');
  });
});

describe('drift (objects changed outside Terraform)', () => {
  it('classifies drift like changes: a bucket policy emptied outside Terraform is a security control, an alarm tag is not', () => {
    // Act
    const s = summary('drift-only');
    // Assess
    expect(s.changes).toEqual([]);
    expect(s.drift.map((d) => [d.resource.address, d.kind, d.security.map((r) => r.category)])).toEqual([
      ['aws_s3_bucket_policy.uploads', 'update', ['resource-policy']],
      ['aws_cloudwatch_metric_alarm.errors', 'update', []],
    ]);
    expect(s.drift[0]?.attributes.map((a) => a.path)).toEqual(['policy']);
  });

  it('needs a second reviewer, and exits 2, for drift of a security control even when nothing is to change', () => {
    // Act
    const result = cli(['prod-storage=drift-only.json']);
    // Assess
    expect(needsSecondReview([summary('drift-only')])).toBe(true);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('second reviewer required (exit 2)');
    expect(result.stdout).toContain('### <code>prod-storage</code>: 2 drifted');
    expect(result.stdout).toContain(
      '| drift (update) | <code>aws_s3_bucket_policy.uploads</code> | changed outside Terraform: **resource policies**: resource policy |',
    );
    expect(result.stdout).toContain('**0 security-sensitive changes** and 1 drifted security control');
  });

  it('exits 0 for drift that touches no security control', () => {
    // Act
    const result = cli(['drift-not-security.json']);
    // Assess
    expect(needsSecondReview([summary('drift-not-security')])).toBe(false);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('<code>aws_cloudwatch_metric_alarm.errors</code>: update');
  });
});

describe('classification rules, one by one', () => {
  const change = (type: string, actions: PlanAction[], mode: 'managed' | 'data' = 'managed'): ResourceChange => ({
    address: `${type}.x`,
    mode,
    type,
    name: 'x',
    provider_name: 'registry.terraform.io/hashicorp/aws',
    change: { actions, before: {}, after: {} },
  });
  const attribute = (name: string): AttributeChange => ({
    path: name,
    attribute: name,
    before: { kind: 'absent' },
    after: { kind: 'value', text: '"x"' },
    forcesReplacement: false,
  });

  it.each([
    ['aws_kms_key', 'keys', 'KMS key: policy, rotation, state or deletion window'],
    ['aws_kms_key_policy', 'keys', 'KMS key policy'],
    ['aws_kms_alias', 'keys', 'KMS alias, grant or key'],
    ['aws_kms_grant', 'keys', 'KMS alias, grant or key'],
    ['aws_s3_bucket_policy', 'resource-policy', 'resource policy'],
    ['aws_s3_access_point_policy', 'resource-policy', 'resource policy'],
    ['aws_s3control_bucket_policy', 'resource-policy', 'resource policy'],
    ['aws_dynamodb_resource_policy', 'resource-policy', 'resource policy'],
    ['aws_sns_topic_policy', 'resource-policy', 'resource policy'],
    ['aws_sqs_queue_policy', 'resource-policy', 'resource policy'],
    ['aws_cloudwatch_log_resource_policy', 'resource-policy', 'resource policy'],
    ['aws_lambda_permission', 'resource-policy', 'resource policy'],
    ['aws_ecr_repository_policy', 'resource-policy', 'resource policy'],
    ['aws_secretsmanager_secret_policy', 'resource-policy', 'resource policy'],
    ['aws_iam_role', 'iam', 'IAM identity or policy'],
    ['aws_iam_role_policy', 'iam', 'IAM identity or policy'],
    ['aws_s3_bucket_server_side_encryption_configuration', 'encryption', 'bucket default encryption'],
    ['aws_s3_bucket_public_access_block', 'public-access', 'S3 public access block'],
    ['aws_s3_account_public_access_block', 'public-access', 'S3 public access block'],
    ['aws_s3_bucket_acl', 'public-access', 'bucket ACL, ownership or exposure'],
    ['aws_s3_bucket_ownership_controls', 'public-access', 'bucket ACL, ownership or exposure'],
    ['aws_s3_bucket_cors_configuration', 'public-access', 'bucket ACL, ownership or exposure'],
    ['aws_s3_bucket_website_configuration', 'public-access', 'bucket ACL, ownership or exposure'],
    ['aws_lambda_function_url', 'public-access', 'Lambda function URL'],
    ['aws_cloudtrail', 'audit', 'CloudTrail setting'],
    ['aws_cloudtrail_event_data_store', 'audit', 'CloudTrail setting'],
    ['aws_s3_bucket_logging', 'audit', 'bucket access logging'],
    ['aws_config_config_rule', 'audit', 'AWS Config recording or rule'],
    // GuardDuty features, bucket versioning, Object Lock and lifecycle changes carry the specific
    // reasons of the weakening rules instead (tested with their plans above).
  ])('an update of %s is security-sensitive: %s, "%s"', (type, category, reason) => {
    expect(classify(change(type, ['update']), []).security).toEqual([{ category, reason }]);
  });

  it.each([
    'aws_kmsx_key',
    'aws_s3_bucket_policy_extra',
    'aws_iam',
    'aws_s3_bucket_server_side_encryption_configuration_v2',
    'aws_s3_bucket_acl_v2',
    'aws_lambda_function_url_config',
    'aws_s3_bucket_logging_v2',
    'aws_cloudwatch_metric_alarm',
    'aws_s3_bucket_versioning_v2',
    'xaws_iam_role',
    'xaws_guardduty_detector',
    'xaws_cloudtrail',
    'xaws_config_rule',
    'xaws_kms_key',
  ])('an update of %s with no security attribute is not', (type) => {
    expect(classify(change(type, ['update']), []).security).toEqual([]);
  });

  /** An update of a function that changes one attribute from "a" to "b" (or the given values). */
  const updating = (before: Record<string, JsonValue>, after: Record<string, JsonValue>): ResourceChange => ({
    ...change('aws_lambda_function', ['update']),
    change: { actions: ['update'], before, after },
  });

  it.each([
    ['kms_key_id', 'encryption', 'encryption setting'],
    ['server_side_encryption', 'encryption', 'encryption setting'],
    ['sse', 'encryption', 'encryption setting'],
    ['bucket_sse_config', 'encryption', 'encryption setting'],
    ['customer_master_key_spec', 'encryption', 'encryption setting'],
    ['acl', 'public-access', 'access or exposure setting'],
    ['canned_acl', 'public-access', 'access or exposure setting'],
    ['publicly_accessible', 'public-access', 'access or exposure setting'],
    ['grant', 'public-access', 'access or exposure setting'],
    ['cors_rule', 'public-access', 'access or exposure setting'],
    ['website', 'public-access', 'access or exposure setting'],
    ['role', 'iam', 'execution role'],
    ['execution_role_arn', 'iam', 'execution role'],
    ['task_role_arn', 'iam', 'execution role'],
    ['point_in_time_recovery', 'data-protection', 'recovery or deletion protection'],
    ['deletion_protection_enabled', 'data-protection', 'recovery or deletion protection'],
    ['object_lock_enabled', 'data-protection', 'recovery or deletion protection'],
    ['versioning', 'data-protection', 'recovery or deletion protection'],
    ['force_destroy', 'data-protection', 'recovery or deletion protection'],
    ['deletion_window_in_days', 'data-protection', 'recovery or deletion protection'],
  ])('attribute %s of any resource, changed, is security-sensitive: %s', (name, category, reason) => {
    expect(classify(updating({ [name]: 'a' }, { [name]: 'b' }), []).security).toEqual([
      { category, reason: `${reason} \`${name}\` changed from "a" to "b"` },
    ]);
    // The same value before and after is no change.
    expect(classify(updating({ [name]: 'a' }, { [name]: 'a' }), []).security).toEqual([]);
  });

  it.each(['policy', 'access_policy', 'assume_role_policy', 'inline_policy', 'resource_policy', 'key_policy'])(
    'policy attribute %s of any resource, changed or removed, is security-sensitive',
    (name) => {
      expect(classify(updating({ [name]: '{"a":1}' }, { [name]: '{"a":2}' }), []).security).toEqual([
        { category: 'resource-policy', reason: `policy \`${name}\` changed` },
      ]);
      expect(classify(updating({ [name]: '{"a":1}' }, { [name]: '' }), []).security).toEqual([
        { category: 'resource-policy', reason: `policy \`${name}\` removed` },
      ]);
    },
  );

  it.each(['tags', 'description', 'memory_size', 'versioning_enabled_note', 'roles', 'assess', 'aclx', 'xgrant'])(
    'attribute %s is not',
    (name) => {
      expect(classify(updating({ [name]: 'a' }, { [name]: 'b' }), []).security).toEqual([]);
    },
  );

  it('names each security attribute once, in name order', () => {
    const before = { tags: { a: '1' }, role: 'r1', kms_key_arn: 'k1' };
    const after = { tags: { a: '2' }, role: 'r2', kms_key_arn: 'k2' };
    expect(classify(updating(before, after), []).security).toEqual([
      { category: 'encryption', reason: 'encryption setting `kms_key_arn` changed from "k1" to "k2"' },
      { category: 'iam', reason: 'execution role `role` changed from "r1" to "r2"' },
    ]);
  });

  it.each([
    'aws_kms_key',
    'aws_kms_replica_key',
    'aws_kms_external_key',
    'aws_s3_bucket',
    'aws_dynamodb_table',
    'aws_cloudtrail',
    'aws_cloudtrail_event_data_store',
    'aws_cloudwatch_log_group',
    'aws_guardduty_detector',
  ])('%s holds data, keys or evidence: deleting, replacing or forgetting it is destructive', (type) => {
    const deleted = classify(change(type, ['delete']), []);
    const replaced = classify(change(type, ['delete', 'create']), []);
    const forgotten = classify(change(type, ['forget']), []);
    const updated = classify(change(type, ['update']), []);
    expect([deleted, replaced, forgotten].map((c) => [c.stateful, c.destructive])).toEqual([
      [true, true],
      [true, true],
      [true, true],
    ]);
    expect([updated.stateful, updated.destructive]).toEqual([true, false]);
    expect(deleted.security.at(-1)).toEqual({ category: 'data-protection', reason: 'stateful resource deleted' });
    expect(replaced.security.at(-1)).toEqual({ category: 'data-protection', reason: 'stateful resource replaced' });
    expect(forgotten.security.at(-1)).toEqual({
      category: 'data-protection',
      reason: 'stateful resource removed from state (no longer managed)',
    });
  });

  it('a stateless resource deleted, a data source read and a no-op are not security-sensitive', () => {
    expect(classify(change('aws_ssm_parameter', ['delete']), [])).toMatchObject({
      stateful: false,
      destructive: false,
      security: [],
    });
    expect(classify(change('aws_s3_bucket', ['read'], 'data'), [attribute('policy')])).toMatchObject({
      kind: 'read',
      stateful: false,
      security: [],
    });
    expect(classify(change('aws_s3_bucket', ['delete'], 'data'), [])).toMatchObject({
      stateful: false,
      destructive: false,
    });
    expect(classify(change('aws_kms_key', ['no-op']), [attribute('policy')]).security).toEqual([]);
    expect(classify(change('aws_iam_role', ['read']), []).security).toEqual([]);
  });

  it('the category labels a reviewer sees', () => {
    expect(CATEGORY_LABELS).toEqual({
      keys: 'KMS keys and key policies',
      'resource-policy': 'resource policies',
      iam: 'IAM roles and policies',
      encryption: 'encryption settings',
      audit: 'CloudTrail and audit logging',
      'threat-detection': 'GuardDuty',
      'public-access': 'public access',
      'data-protection': 'data protection and stateful resources',
      verifier: "the verifier's decisions and code",
      detection: 'alarms, detection and log retention',
      state: 'Terraform state and backends',
    });
  });
});

describe('command line options and errors', () => {
  it('takes --max-length (at least 1000) and --subtitle, and refuses a shorter or non-integer length', () => {
    // Act
    const cut = cli(['--max-length', '1000', '--subtitle', 'Pull request 7', 'sensitive.json', 'update.json']);
    const short = cli(['--max-length', '999', 'create.json']);
    const fraction = cli(['--max-length', '1500.5', 'create.json']);
    // Assess
    expect(cut.code).toBe(2);
    // The headline sections are never cut (they exceed 1000 here); the details are.
    expect(cut.stdout).toContain(
      '_Details left out to fit the comment; they are in the full report (the job summary)._',
    );
    expect(cut.stdout).not.toContain('<details>');
    expect(cut.stdout).toContain('Pull request 7');
    expect([short.code, fraction.code]).toEqual([64, 64]);
    expect(short.stderr).toBe(
      'plan-summary: --max-length must be an integer >= 1000 (received 999)\nplan-summary --help lists the options and exit codes\n',
    );
    expect(fraction.stderr).toContain('(received 1500.5)');
    expect(short.stdout).toBe('');
  });

  it('reports every unreadable plan, each with its file, and writes nothing', () => {
    // Act
    const result = cli(['prod-x=does-not-exist.json', 'create.json', 'missing-too.json', '--output', 'out.md']);
    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.written.size).toBe(0);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    // (Jest runs tests in another realm: Node's fs errors are not its `Error`, so they print as "Error: ...".)
    expect(lines[0]).toMatch(/^plan-summary: does-not-exist\.json: (Error: )?ENOENT/);
    expect(lines[1]).toMatch(/^missing-too\.json: (Error: )?ENOENT/);
  });

  it('says how many stacks it summarized and whether a second reviewer is needed', () => {
    // Act
    const quiet = cli(['no-op.json', 'read.json']);
    const loud = cli(['update.json']);
    // Assess
    expect(quiet.stderr).toBe('plan-summary: 2 stack(s); no security-sensitive changes\n');
    expect(loud.stderr).toBe('plan-summary: 1 stack(s); second reviewer required (exit 2)\n');
  });

  it('names a stack from the directory of plan.json or tfplan.json, any case, and keeps other names', () => {
    expect(stackNameFor('cdktf.out/stacks/dev-keys/tfplan.json')).toBe('dev-keys');
    expect(stackNameFor('cdktf.out/stacks/dev-keys/PLAN.JSON')).toBe('dev-keys');
    expect(stackNameFor('plans/dev-audit.JSON')).toBe('dev-audit');
    expect(stackNameFor('plans/myplan.json')).toBe('myplan');
    expect(stackNameFor('plans/dev-audit.json.bak')).toBe('dev-audit.json.bak');
  });

  it('treats a leading "=" as part of the path, not an empty stack name', () => {
    // Act
    const result = cli(['=create.json']);
    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('=create.json');
  });
});

describe('changes that weaken a decision or a guarantee: one plan per class, exit code pinned', () => {
  const weakening = (name: string): string => `weakening/${name}.json`;

  it.each([
    // [fixture, stack, exit code, the reason the comment names]
    [
      'verifier-threshold-lowered',
      'prod-verifier',
      2,
      'verifier decision setting `SIMILARITY_THRESHOLD` lowered from "98" to "90"',
    ],
    [
      'verifier-detection-only',
      'prod-verifier',
      2,
      'verifier decision setting `ALLOW_DETECTION_ONLY_WITHOUT_REFERENCE` switched on',
    ],
    ['verifier-code', 'prod-verifier', 2, 'function code changed (`source_code_hash`)'],
    ['verifier-role-policy', 'prod-verifier', 2, 'IAM identity or policy'],
    [
      'event-source-disabled',
      'prod-verifier',
      2,
      "the verifier's event source (intake queue to function) disabled: uploads wait unverified",
    ],
    [
      'notification-removed',
      'prod-verifier',
      2,
      "the vault bucket's upload notification changed (`queue`): uploads may no longer reach the verifier",
    ],
    [
      'verifier-node-options',
      'prod-verifier',
      2,
      'environment variable `NODE_OPTIONS` set to "--import=data:text/javascript,0": code or trust outside the signed package',
    ],
    [
      'event-source-filtered',
      'prod-verifier',
      2,
      "the verifier's event source (intake queue to function) changed (`filter_criteria`): uploads may be dropped or go elsewhere",
    ],
    [
      'queue-retention-shortened',
      'prod-verifier',
      2,
      'queue "biometric-vault-prod-verifier-intake" keeps messages 60 s instead of 604800 s: older ones expire unseen',
    ],
    ['queue-retention-shortened', 'prod-verifier', 2, 'redrive policy (failure queue) changed'],
    [
      'failure-destination-removed',
      'prod-verifier',
      2,
      "the verifier's failure destination changed (`destination_config`)",
    ],
    ['alarm-deleted', 'prod-audit', 2, 'alarm deleted'],
    ['alarm-weakened', 'prod-audit', 2, 'alarm changed (`threshold`)'],
    ['metric-filter-changed', 'prod-audit', 2, 'metric filter changed (`pattern`)'],
    ['event-rule-disabled', 'prod-threat-detection', 2, 'EventBridge rule disabled'],
    ['subscription-deleted', 'prod-audit', 2, 'alert subscription deleted'],
    ['guardduty-feature-disabled', 'prod-threat-detection', 2, 'GuardDuty feature "S3_DATA_EVENTS" disabled'],
    ['malware-plan-deleted', 'prod-threat-detection', 2, 'Malware Protection plan deleted'],
    ['log-retention-shortened', 'prod-verifier', 2, 'log retention shortened from 400 days to 30 days'],
    ['object-lock-changed', 'prod-audit', 2, "protected bucket's Object Lock configuration changed"],
    ['lifecycle-changed', 'prod-storage', 2, "protected bucket's lifecycle (expiry and transitions) changed"],
    ['pitr-off', 'prod-ledger', 2, 'point-in-time recovery turned off'],
    ['deletion-protection-off', 'prod-ledger', 2, 'deletion protection turned off'],
    ['state-bucket-changed', 'prod-state', 2, 'the Terraform state bucket'],
    ['errored', 'prod-audit', 2, 'the plan did not complete'],
    ['partial', 'prod-audit', 2, 'the plan is partial'],
  ])('%s in %s exits %i and names why', (name, stack, code, reason) => {
    // Act
    const result = cli([`${stack}=${weakening(name)}`]);
    // Assess
    expect(result.code).toBe(code);
    expect(result.stdout).toContain(reason);
  });

  it.each([
    ['verifier-threshold-raised', 'prod-verifier'],
    ['alarm-created', 'prod-audit'],
    ['log-retention-lengthened', 'prod-verifier'],
    ['outputs-change', 'prod-keys'],
  ])('%s (a strengthening or a neutral change) exits 0', (name, stack) => {
    // Act
    const result = cli([`${stack}=${weakening(name)}`]);
    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('a second reviewer is required');
  });

  it('lists the output values a plan changes, for the stacks that read them', () => {
    expect(summarizeStack('prod-keys', fixture('weakening/outputs-change')).outputChanges).toEqual(['vault_key_arn']);
  });
});

describe('command line: fail closed', () => {
  it('documents every exit code in --help', () => {
    // Act
    const help = cli(['--help']);
    // Assess
    expect(help.code).toBe(0);
    for (const code of ['0 ', '1 ', '2 ', '64 ']) expect(help.stdout).toContain(`\n  ${code}`);
    expect(help.stdout).toContain('--expect <stack>');
  });

  it('requires review for an expected stack without a plan', () => {
    // Act
    const result = cli(['--expect', 'prod-keys', '--expect', 'prod-audit', 'prod-keys=no-op.json', '--json', 'v.json']);
    // Assess
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('No plan for <code>prod-audit</code>');
    expect(JSON.parse(result.written.get('v.json') ?? '{}')).toMatchObject({
      reviewRequired: true,
      exitCode: 2,
      missing: ['prod-audit'],
    });
  });

  it('counts the same plan file given twice once, and refuses two plans for one stack', () => {
    // Act
    const twice = cli(['prod-keys=update.json', 'prod-keys=update.json']);
    const clash = cli(['prod-keys=update.json', 'prod-keys=create.json']);
    // Assess
    expect(twice.stdout.match(/\| <code>prod-keys<\/code> \| 0 \| 2 \|/g)).toHaveLength(1);
    expect(twice.stderr).toContain('1 stack(s)');
    expect([clash.code, clash.stderr]).toEqual([64, expect.stringContaining('stack prod-keys is given two plans')]);
  });

  it('reports an unwritable --output as an error, not a stack trace', () => {
    // Prepare
    let stderr = '';
    const io: CliIo = {
      stdout: () => undefined,
      stderr: (t) => (stderr += t),
      readFile: (p) => readFileSync(join(FIXTURES, p), 'utf8'),
      writeFile: (p) => {
        throw Object.assign(new Error(`ENOENT: no such file or directory, open '${p}'`), { code: 'ENOENT' });
      },
    };
    // Act
    const code = runCli(['--output', '/no/such/dir/out.md', 'update.json'], io);
    // Assess
    expect(code).toBe(1);
    expect(stderr).toBe(
      "plan-summary: cannot write --output /no/such/dir/out.md: ENOENT: no such file or directory, open '/no/such/dir/out.md'\n",
    );
  });

  it('suggests the nearest option for a misspelt one', () => {
    // Act
    const result = cli(['--outptu', 'x.md', 'update.json']);
    // Assess
    expect([result.code, result.stderr]).toEqual([
      64,
      expect.stringContaining('unknown option --outptu; did you mean --output?'),
    ]);
  });

  it('requires review when a stack state backend changes or the stack is new', () => {
    // Prepare
    const synth = (backend: unknown): string => JSON.stringify({ terraform: { backend } });
    const files: Record<string, string> = {
      'head/stacks/prod-keys/cdk.tf.json': synth({
        s3: { bucket: 'b', key: 'prod/prod-keys.tfstate', kms_key_id: 'k' },
      }),
      'base/stacks/prod-keys/cdk.tf.json': synth({ s3: { bucket: 'b', key: 'prod/prod-keys.tfstate' } }),
      'head/stacks/prod-audit/cdk.tf.json': synth({ s3: { bucket: 'b', key: 'prod/prod-audit.tfstate' } }),
      'base/stacks/prod-audit/cdk.tf.json': synth({ s3: { bucket: 'b', key: 'prod/prod-audit.tfstate' } }),
      'head/stacks/prod-new/cdk.tf.json': synth({ s3: { bucket: 'b', key: 'prod/prod-new.tfstate' } }),
    };
    let stdout = '';
    const io: CliIo = {
      stdout: (t) => (stdout += t),
      stderr: () => undefined,
      readFile: (p) => {
        const text =
          files[p] ?? (p.endsWith('.json') && !p.includes('/') ? readFileSync(join(FIXTURES, p), 'utf8') : undefined);
        if (text === undefined) throw new Error(`ENOENT ${p}`);
        return text;
      },
      writeFile: () => undefined,
    };
    const run = (stack: string): number =>
      runCli(['--synth-dir', 'head', '--base-synth-dir', 'base', `${stack}=nothing-to-change.json`], io);
    // Act
    const codes = [run('prod-keys'), run('prod-audit'), run('prod-new')];
    // Assess
    expect(codes).toEqual([2, 0, 2]);
    expect(stdout).toContain('state backend changes from');
    expect(stdout).toContain('new stack: its state backend');
  });
});

describe('command line: stacks CI cannot plan', () => {
  function ioWith(files: Record<string, string>): CliIo & { out: () => string } {
    let stdout = '';
    return {
      stdout: (t) => (stdout += t),
      stderr: () => undefined,
      readFile: (p) => {
        const text = files[p];
        if (text === undefined) throw new Error(`ENOENT ${p}`);
        return text;
      },
      writeFile: () => undefined,
      out: () => stdout,
    };
  }
  const stack = (bucket: string, version: string): string =>
    JSON.stringify({ '//': { metadata: { version } }, resource: { aws_s3_bucket: { state: { bucket } } } });
  const args = ['--synth-dir', 'head', '--base-synth-dir', 'base', '--unplanned', 'dev-state', '--allow-empty'];

  it('requires review when the configuration of a local-backend stack changes', () => {
    // Prepare
    const io = ioWith({
      'head/stacks/dev-state/cdk.tf.json': stack('new-name', '0.21.0'),
      'base/stacks/dev-state/cdk.tf.json': stack('old-name', '0.21.0'),
    });
    // Act
    const code = runCli(args, io);
    // Assess
    expect(code).toBe(2);
    expect(io.out()).toContain('not planned here (local backend) and its configuration changes');
  });

  it('passes when only cdktf metadata differs', () => {
    // Prepare
    const io = ioWith({
      'head/stacks/dev-state/cdk.tf.json': stack('same', '0.21.1'),
      'base/stacks/dev-state/cdk.tf.json': stack('same', '0.21.0'),
    });
    // Act
    const code = runCli(args, io);
    // Assess
    expect(code).toBe(0);
  });
});
