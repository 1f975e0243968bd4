import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONCERNS } from '../../config/names';
import {
  parsePlan,
  type JsonObject,
  type JsonValue,
  type PlanAction,
  type TerraformPlan,
} from '../../tools/plan-summary/plan-types';
import { diffPolicies, parsePolicy, statementLine } from '../../tools/plan-summary/policy-diff';
import { isPolicyAttribute } from '../../tools/plan-summary/policy-attributes';
import { GITHUB_COMMENT_LIMIT, render } from '../../tools/plan-summary/render';
import { needsSecondReview, summarizeStack, type StackSummary } from '../../tools/plan-summary/summary';
import { present } from '../helpers/present';

/** A one-resource plan, with the configuration section a real plan has (the arguments it sets). */
function planOf(
  type: string,
  actions: readonly PlanAction[],
  change: { before?: JsonObject; after: JsonObject; unknown?: JsonObject },
  configured: readonly string[],
): TerraformPlan {
  return {
    format_version: '1.2',
    resource_changes: [
      {
        address: `${type}.r`,
        mode: 'managed',
        type,
        name: 'r',
        provider_name: 'registry.terraform.io/hashicorp/aws',
        change: {
          actions,
          before: change.before ?? null,
          after: change.after,
          after_unknown: change.unknown ?? {},
        },
      },
    ],
    configuration: {
      root_module: {
        resources: [
          {
            address: `${type}.r`,
            mode: 'managed',
            type,
            name: 'r',
            expressions: Object.fromEntries(configured.map((a) => [a, { constant_value: 'x' }])),
          },
        ],
      },
    },
  };
}

function reasonsOf(plan: TerraformPlan, stack = 'prod-x'): string[] {
  return summarizeStack(stack, plan).changes.flatMap((c) => c.security.map((r) => r.reason));
}

const policyJson = (...statements: JsonObject[]): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements });
const tls = {
  Sid: 'DenyInsecureTransport',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: ['arn:aws:s3:::b/*', 'arn:aws:s3:::b'],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
};

describe('policies as statements', () => {
  it('renders a statement on one line with every element: Sid, effect, principal, actions, resources, conditions', () => {
    // Act
    const [line] = present(parsePolicy(JSON.parse(policyJson(tls)) as JsonValue), 'policy').statements.map(
      statementLine,
    );
    // Assess
    expect(line).toBe(
      '`DenyInsecureTransport` **Deny** · principal `*` · action `s3:*` · resource `arn:aws:s3:::b`, `arn:aws:s3:::b/*` · if `Bool` `aws:SecureTransport` = `false`',
    );
  });

  it('shows negated elements and several principal types as such', () => {
    // Prepare
    const doc = {
      Statement: [
        {
          Effect: 'Allow',
          NotPrincipal: { AWS: ['arn:aws:iam::1:role/b', 'arn:aws:iam::1:role/a'], Service: 'logs.amazonaws.com' },
          NotAction: 'kms:ScheduleKeyDeletion',
          NotResource: 'arn:aws:s3:::b/exempt',
        },
      ],
    };
    // Act
    const line = statementLine(present(parsePolicy(doc)?.statements[0], 'statement'));
    // Assess
    expect(line).toBe(
      '(no Sid) **Allow** · not principal AWS `arn:aws:iam::1:role/a`, `arn:aws:iam::1:role/b`; Service `logs.amazonaws.com` · not action `kms:ScheduleKeyDeletion` · not resource `arn:aws:s3:::b/exempt`',
    );
  });

  it('compares by Sid (changed), by content without a Sid, and ignores order and single-value lists', () => {
    // Prepare
    const before = parsePolicy({
      Statement: [
        { Sid: 'Read', Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' },
        { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:q' },
        { Sid: 'Old', Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' },
        { Effect: 'Deny', Action: 'kms:Encrypt', Resource: '*' },
      ],
    });
    const after = parsePolicy({
      Statement: [
        { Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: ['arn:q'] },
        {
          Sid: 'Read',
          Effect: 'Deny',
          Action: ['s3:GetObject', 's3:PutObject'],
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalAccount': '1' } },
        },
        { Sid: 'New', Effect: 'Allow', Action: 'kms:Encrypt', Resource: '*' },
      ],
    });
    // Act
    const diff = diffPolicies(before, after);
    // Assess
    expect(diff.unchanged).toBe(1);
    expect(diff.added.map((s) => s.sid)).toEqual(['New']);
    expect(diff.removed.map((s) => s.sid ?? '(no Sid)')).toEqual(['Old', '(no Sid)']);
    expect(diff.changed.map((c) => [c.after.sid, c.changes])).toEqual([
      [
        'Read',
        ['effect Allow → Deny', 'action + `s3:PutObject`', 'condition `StringEquals` `aws:PrincipalAccount` + `1`'],
      ],
    ]);
  });

  it('shows a new policy whole and a changed one as its differences, with no row limit', () => {
    // Prepare: 45 statements, more than any row limit a table would have had.
    const statements = Array.from({ length: 45 }, (_, i) => ({
      Sid: `S${i}`,
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: `arn:k${i}`,
    }));
    const created = planOf('aws_kms_key', ['create'], { after: { policy: policyJson(...statements) } }, ['policy']);
    const updated = planOf(
      'aws_kms_key',
      ['update'],
      {
        before: { policy: policyJson(...statements) },
        after: { policy: policyJson(...statements.slice(1), { ...statements[0], Action: 'kms:*' }) },
      },
      ['policy'],
    );
    // Act
    const full = render([summarizeStack('prod-keys', created)], { maxLength: Infinity });
    const diff = render([summarizeStack('prod-keys', updated)], { maxLength: Infinity });
    // Assess
    expect(full).toContain('**`policy`** (policy: 45 statements):');
    for (let i = 0; i < 45; i++)
      expect(full).toContain(`- \`S${i}\` **Allow** · action \`kms:Decrypt\` · resource \`arn:k${i}\``);
    expect(diff).toContain('**`policy`** (policy change: 1 changed, 44 unchanged):');
    expect(diff).toContain('- `~` `S0`: action + `kms:*` − `kms:Decrypt`');
    expect(diff).not.toContain('`S1`');
  });

  it('knows which attributes are IAM policies and which only share the word', () => {
    expect(
      [
        ['aws_sqs_queue', 'policy'],
        ['aws_iam_role', 'assume_role_policy'],
        ['aws_s3_bucket_policy', 'policy'],
        ['aws_glacier_vault', 'access_policy'],
      ].map(([t, a]) => isPolicyAttribute(t ?? '', a ?? '')),
    ).toEqual([true, true, true, true]);
    expect(
      [
        ['aws_sqs_queue', 'redrive_policy'],
        ['aws_sqs_queue', 'redrive_allow_policy'],
        ['aws_cloudwatch_event_target', 'retry_policy'],
        ['aws_sns_topic', 'delivery_policy'],
        ['aws_ecr_lifecycle_policy', 'lifecycle_policy'],
      ].map(([t, a]) => isPolicyAttribute(t ?? '', a ?? '')),
    ).toEqual([false, false, false, false, false]);
  });
});

describe('reasons only for what changes: each rule, positive and negative', () => {
  const computedBucket = {
    after: { bucket: 'b', force_destroy: false },
    unknown: {
      acl: true,
      grant: true,
      cors_rule: true,
      website: true,
      website_domain: true,
      website_endpoint: true,
      policy: true,
      versioning: true,
      object_lock_enabled: true,
      server_side_encryption_configuration: true,
    },
  };

  it.each([
    // [rule, what, plan, expected reason]
    [
      'iam-policy',
      'a queue created with its policy',
      planOf('aws_sqs_queue', ['create'], { after: { name: 'q', policy: policyJson(tls) } }, ['name', 'policy']),
      'policy `policy` set',
    ],
    [
      'iam-policy',
      'a topic policy changed',
      planOf(
        'aws_sns_topic',
        ['update'],
        { before: { policy: policyJson(tls) }, after: { policy: policyJson({ ...tls, Action: 'sns:*' }) } },
        ['policy'],
      ),
      'policy `policy` changed',
    ],
    [
      'iam-policy (unknown)',
      'a bucket policy whose document is known only after apply',
      planOf('aws_s3_bucket_policy', ['create'], { after: { bucket: 'b' }, unknown: { policy: true } }, [
        'bucket',
        'policy',
      ]),
      'policy `policy` set, but known only after apply: it cannot be reviewed in this plan',
    ],
    [
      'encryption',
      'a queue created with a customer-managed key',
      planOf('aws_sqs_queue', ['create'], { after: { name: 'q', kms_master_key_id: 'arn:k' } }, [
        'name',
        'kms_master_key_id',
      ]),
      'encryption key `kms_master_key_id` set (the key that protects the data)',
    ],
    [
      'encryption',
      "a function's key changed",
      planOf(
        'aws_lambda_function',
        ['update'],
        { before: { kms_key_arn: 'arn:k1' }, after: { kms_key_arn: 'arn:k2' } },
        ['kms_key_arn'],
      ),
      'encryption setting `kms_key_arn` changed from "arn:k1" to "arn:k2"',
    ],
    [
      'encryption',
      "a queue created with its data key's reuse period",
      planOf('aws_sqs_queue', ['create'], { after: { name: 'q', kms_data_key_reuse_period_seconds: 300 } }, [
        'name',
        'kms_data_key_reuse_period_seconds',
      ]),
      'encryption setting `kms_data_key_reuse_period_seconds` set',
    ],
    [
      'exposure',
      'a bucket created with an ACL',
      planOf('aws_s3_bucket', ['create'], { after: { bucket: 'b', acl: 'public-read' } }, ['bucket', 'acl']),
      'access or exposure setting `acl` set',
    ],
    [
      'execution-role',
      'a function created with its role',
      planOf('aws_lambda_function', ['create'], { after: { role: 'arn:r' } }, ['role']),
      'runs as the role in `role`',
    ],
    [
      'execution-role',
      "a function's role replaced",
      planOf('aws_lambda_function', ['update'], { before: { role: 'arn:r1' }, after: { role: 'arn:r2' } }, ['role']),
      'execution role `role` changed from "arn:r1" to "arn:r2"',
    ],
    [
      'protection',
      'a bucket created with force_destroy on',
      planOf('aws_s3_bucket', ['create'], { after: { bucket: 'b', force_destroy: true } }, ['bucket', 'force_destroy']),
      '`force_destroy` on: destroying it deletes everything it holds',
    ],
    [
      'protection',
      "an instance's deletion protection turned off",
      planOf(
        'aws_db_instance',
        ['update'],
        { before: { deletion_protection: true }, after: { deletion_protection: false } },
        ['deletion_protection'],
      ),
      'recovery or deletion protection `deletion_protection` changed from true to false',
    ],
  ])('%s: %s is a reason', (_rule, _what, plan, reason) => {
    expect(reasonsOf(plan)).toContain(reason);
  });

  it.each([
    // [rule, what, plan]
    [
      'iam-policy, exposure, protection, encryption',
      'a bucket created without acl, grant, cors_rule, website*, policy, versioning or encryption in its configuration (all known after apply)',
      planOf('aws_s3_bucket', ['create'], computedBucket, ['bucket', 'force_destroy']),
    ],
    [
      'iam-policy',
      'a queue created with a redrive policy (not an IAM policy)',
      planOf(
        'aws_sqs_queue',
        ['create'],
        {
          after: { name: 'q', redrive_policy: JSON.stringify({ deadLetterTargetArn: 'arn:dlq', maxReceiveCount: 3 }) },
          unknown: { policy: true, redrive_allow_policy: true },
        },
        ['name', 'redrive_policy'],
      ),
    ],
    [
      'iam-policy, protection',
      'an EventBridge target created with a retry policy and force_destroy = false',
      planOf(
        'aws_cloudwatch_event_target',
        ['create'],
        { after: { rule: 'r', retry_policy: [{ maximum_retry_attempts: 4 }], force_destroy: false } },
        ['rule', 'retry_policy'],
      ),
    ],
    [
      'protection',
      'an EventBridge rule created with force_destroy = false (the safe value)',
      planOf('aws_cloudwatch_event_rule', ['create'], { after: { name: 'r', force_destroy: false } }, [
        'name',
        'force_destroy',
      ]),
    ],
    [
      'encryption',
      'a queue whose SSE flag the provider computes',
      planOf('aws_sqs_queue', ['create'], { after: { name: 'q' }, unknown: { sqs_managed_sse_enabled: true } }, [
        'name',
      ]),
    ],
    [
      'encryption, execution-role',
      'a function update that changes neither key nor role',
      planOf(
        'aws_lambda_function',
        ['update'],
        {
          before: { kms_key_arn: 'arn:k', role: 'arn:r', memory_size: 512 },
          after: { kms_key_arn: 'arn:k', role: 'arn:r', memory_size: 1024 },
        },
        ['kms_key_arn', 'role', 'memory_size'],
      ),
    ],
    [
      'exposure',
      'a database created with publicly_accessible = false (the closed value)',
      planOf('aws_db_instance', ['create'], { after: { publicly_accessible: false } }, ['publicly_accessible']),
    ],
    [
      'iam-policy (unknown)',
      'a bucket policy whose document is known at plan time',
      planOf('aws_s3_bucket_policy', ['create'], { after: { bucket: 'b', policy: policyJson(tls) } }, [
        'bucket',
        'policy',
      ]),
    ],
    [
      'protection',
      'a replacement that makes a computed versioning attribute unknown',
      planOf(
        'aws_s3_bucket',
        ['delete', 'create'],
        {
          before: { bucket: 'a', versioning: [{ enabled: true }] },
          after: { bucket: 'b' },
          unknown: { versioning: true },
        },
        ['bucket'],
      ),
    ],
  ])('%s: %s is not a reason', (_rule, _what, plan) => {
    // Act
    const reasons = reasonsOf(plan);
    // Assess: an attribute reason names its attribute (`name`); the type's own reasons do not.
    expect(reasons.filter((r) => r.includes('`'))).toEqual([]);
  });
});

/**
 * A stack summary with `n` security-sensitive creates, each with a policy of `statements` statements
 * and `attributes` other attributes.
 */
function bigStack(name: string, n: number, statements: number, attributes = 0): StackSummary {
  const resource_changes = Array.from({ length: n }, (_, i) => ({
    address: `aws_iam_role_policy.p${i}`,
    mode: 'managed' as const,
    type: 'aws_iam_role_policy',
    name: `p${i}`,
    provider_name: 'registry.terraform.io/hashicorp/aws',
    change: {
      actions: ['create'] as const,
      before: null,
      after: {
        ...Object.fromEntries(Array.from({ length: attributes }, (_, k) => [`setting_${k}`, `value ${k} `.repeat(6)])),
        name: `policy-${i}`,
        policy: policyJson(
          ...Array.from({ length: statements }, (_, j) => ({
            Sid: `Statement${j}`,
            Effect: 'Allow',
            Action: ['s3:GetObject', 's3:PutObject'],
            Resource: `arn:aws:s3:::bucket-${i}/prefix-${j}/*`,
          })),
        ),
      },
      after_unknown: { id: true },
    },
  }));
  return summarizeStack(name, { format_version: '1.2', resource_changes });
}

describe('a comment that never drops a stack', () => {
  const stacks = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((s) => bigStack(`prod-${s}`, 6, 12));

  it('fits the limit by shortening details evenly, keeping every stack section and security-sensitive change', () => {
    // Act
    const full = render(stacks, { maxLength: Infinity });
    const comment = render(stacks, { maxLength: 20_000, fullReportUrl: 'https://ci.example/run/7' });
    // Assess
    expect(full.length).toBeGreaterThan(20_000);
    expect(comment.length).toBeLessThanOrEqual(20_000);
    for (const s of stacks) {
      expect(comment).toContain(`### <code>${s.stack}</code>: 6 to create · 6 security-sensitive`);
      for (let i = 0; i < 6; i++) expect(comment).toContain(`| create | <code>aws_iam_role_policy.p${i}</code> |`);
    }
    expect(comment).toContain('> To fit the comment limit, the details of');
    expect(comment).toContain('Everything is in [the full report](https://ci.example/run/7).');
    expect(full).not.toContain('To fit the comment limit');
  });

  it('gives every stack its policies before any stack its other attributes', () => {
    // Prepare
    const heavy = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((s) => bigStack(`prod-${s}`, 6, 3, 25));
    // Act
    const full = render(heavy, { maxLength: Infinity });
    const comment = render(heavy, { maxLength: 40_000 });
    // Assess: every policy of every stack is shown, the other attributes of none.
    expect(full.length).toBeGreaterThan(80_000);
    expect(comment.length).toBeLessThanOrEqual(40_000);
    expect(comment.match(/\*\*`policy`\*\* \(policy: 3 statements\):/g)).toHaveLength(42);
    expect(comment).not.toContain('<code>setting_0</code>');
    for (const s of heavy) expect(comment).toContain(`Details of <code>${s.stack}</code>: 6 changes (shortened)`);
    expect(comment).toContain('_Left out here, in the full report: the other attributes of these changes._');
  });

  it('at the extreme, lists the security-sensitive changes by address, and says when even that is too long', () => {
    // Prepare
    const many = ['a', 'b', 'c'].map((s) => bigStack(`prod-${s}`, 60, 1));
    // Act
    const addresses = render(many, { maxLength: 12_000 });
    const over = render(many, { maxLength: 1_000 });
    // Assess
    expect(addresses.length).toBeLessThanOrEqual(12_000);
    expect(addresses).toContain('security-sensitive changes are listed by address only');
    for (const s of many)
      expect(addresses).toContain(`### <code>${s.stack}</code>: 60 to create · 60 security-sensitive`);
    expect(addresses).toContain('create <code>aws_iam_role_policy.p59</code>');
    expect(over).toContain('**Even so this summary is longer than the limit.**');
    expect(over).toContain('create <code>aws_iam_role_policy.p59</code>');
    expect(needsSecondReview(many)).toBe(true);
  });

  it('keeps a margin under GitHub comment limit by default', () => {
    // Act
    const comment = render(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((s) => bigStack(`prod-${s}`, 10, 20)));
    // Assess
    expect(comment.length).toBeLessThanOrEqual(60_000);
    expect(GITHUB_COMMENT_LIMIT - comment.length).toBeGreaterThan(5_000);
  });
});

describe('the real first plans of dev and prod (committed fixtures, npm run plan:fixtures)', () => {
  const REAL = join(__dirname, 'fixtures', 'real-plans');
  const manifest = JSON.parse(readFileSync(join(REAL, 'manifest.json'), 'utf8')) as { stacks: Record<string, unknown> };
  const envs = ['dev', 'prod'] as const;
  const plans = (env: string): { stack: string; plan: TerraformPlan }[] =>
    Object.keys(manifest.stacks)
      .filter((s) => s.startsWith(`${env}-`))
      .sort((a, b) => CONCERNS.indexOf(concernOf(a)) - CONCERNS.indexOf(concernOf(b)))
      .map((stack) => ({ stack, plan: parsePlan(readFileSync(join(REAL, `${stack}.json`), 'utf8'), stack) }));
  const concernOf = (stack: string): (typeof CONCERNS)[number] =>
    present(
      CONCERNS.find((c) => stack.endsWith(`-${c}`)),
      `the concern of ${stack}`,
    );
  const summaries = (env: string): StackSummary[] => plans(env).map(({ stack, plan }) => summarizeStack(stack, plan));

  it.each(envs)('%s: every stack of the environment has a fixture', (env) => {
    expect(plans(env).map((p) => concernOf(p.stack))).toEqual([...CONCERNS]);
  });

  it.each(envs)(
    '%s: a comment within one third of the limit shows every stack and every security-sensitive change',
    (env) => {
      // Prepare
      const s = summaries(env);
      // Act
      const comment = render(s, { maxLength: 20_000, fullReportUrl: 'https://ci.example/run/1' });
      // Assess
      expect(needsSecondReview(s)).toBe(true);
      expect(comment.length).toBeLessThanOrEqual(20_000);
      for (const stack of s) {
        expect(comment).toContain(`### <code>${stack.stack}</code>: `);
        for (const c of stack.changes.filter((x) => x.security.length > 0))
          expect(comment).toContain(`<code>${c.resource.address}</code>`);
      }
    },
  );

  it.each(envs)('%s: the full report shows every statement of every policy, one line each', (env) => {
    // Prepare
    const s = summaries(env);
    // Act
    const full = render(s, { maxLength: Infinity });
    // Assess
    let statements = 0;
    for (const { plan } of plans(env))
      for (const rc of plan.resource_changes ?? []) {
        const after = rc.change.after;
        if (rc.mode !== 'managed' || typeof after !== 'object' || after === null || Array.isArray(after)) continue;
        for (const [attribute, value] of Object.entries(after)) {
          if (!isPolicyAttribute(rc.type, attribute) || typeof value !== 'string') continue;
          for (const st of present(parsePolicy(JSON.parse(value) as JsonValue), `${rc.address}.${attribute}`)
            .statements) {
            expect(full).toContain(`- ${statementLine(st)}\n`);
            statements += 1;
          }
        }
      }
    expect(statements).toBeGreaterThan(40);
  });

  it.each(envs)(
    '%s: no reason names an attribute the configuration does not set, or a setting that is not an IAM policy',
    (env) => {
      // Act
      const reasons = summaries(env).flatMap((s) =>
        s.changes.flatMap((c) => c.security.map((r) => `${c.resource.address}: ${r.reason}`)),
      );
      // Assess
      const noise =
        /`(acl|grant|cors_rule|website\w*|versioning|object_lock_\w+|redrive_policy|redrive_allow_policy|retry_policy|force_destroy|sqs_managed_sse_enabled|server_side_encryption_configuration)`/;
      // Two settings of the us-east-1 forwarder that its configuration sets, and the summary names as
      // it should: its dead-letter queue's SSE-SQS (the regional alert key cannot encrypt a queue in
      // us-east-1), and the role its target puts events on the home bus with.
      const forwarder = [
        /^aws_sqs_queue\.tamper-alerts_forwarder-dead-letter-queue_[0-9A-F]+: .*`sqs_managed_sse_enabled`/,
        /^aws_cloudwatch_event_target\.tamper-alerts_forwarder-target_[0-9A-F]+: runs as the role in `role_arn`$/,
      ];
      const deliberate = (r: string): boolean => forwarder.some((p) => p.test(r));
      for (const p of forwarder) expect(reasons.filter((r) => p.test(r))).toHaveLength(1);
      expect(reasons.filter((r) => noise.test(r) && !deliberate(r))).toEqual([]);
      expect(reasons.filter((r) => /^aws_cloudwatch_event_(rule|target)\./.test(r) && !deliberate(r))).toEqual([]);
      expect(reasons.filter((r) => /^aws_s3_bucket\.[^:]+: .*`/.test(r))).toEqual([]);
    },
  );
});
