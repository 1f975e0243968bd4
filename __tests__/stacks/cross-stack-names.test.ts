import { ENVIRONMENTS } from '../../config/environments';
import { CONCERNS, PROJECT, resourceNames } from '../../config/names';
import { findingAlertRuleNames } from '../../modules/threat-detection/finding-alerts';
import { resourcesOf, stringAttribute, synthEnvironments, type JsonObject } from '../helpers/synth';
import { present } from '../helpers/present';

/**
 * Earlier stacks name resources of later stacks by deterministic names (config/names.ts) instead of
 * references, which would form cycles. This test is the contract: every such name is created, under
 * exactly that name, by the stack that owns it, and every derived role ARN in a policy names a role
 * that one of our stacks creates (or the pre-existing break-glass role / configured roles).
 */
const dev = ENVIRONMENTS.dev;
const names = resourceNames(dev);
const synth = synthEnvironments([dev]);
const stack = (concern: string): JsonObject => present(synth.stacks[`dev-${concern}`], `stack dev-${concern}`).json;
const valuesOf = (s: JsonObject, type: string, attribute: string): string[] =>
  Object.values(resourcesOf(s, type)).map((r) => stringAttribute(r[attribute], `${type}.${attribute}`));

test.each([
  ['verifier', 'aws_iam_role', 'name', names.verifierRole],
  ['verifier', 'aws_lambda_function', 'function_name', names.verifierFunction],
  ['verifier', 'aws_cloudwatch_log_group', 'name', names.verifierLogGroup],
  ['verifier', 'aws_sqs_queue', 'name', names.verifierFailureQueue],
  ['ledger', 'aws_dynamodb_table', 'name', names.ledgerTable],
  ['audit', 'aws_cloudtrail', 'name', names.trail],
  ['audit', 'aws_cloudwatch_log_group', 'name', names.trailLogGroup],
  ['audit', 'aws_iam_role', 'name', names.trailLogRole],
  ['audit', 'aws_sns_topic', 'name', names.alertPathWatchTopic],
  ['audit', 'aws_iam_role', 'name', names.globalEventsForwarderRole],
  ['alerting', 'aws_sns_topic', 'name', names.alertTopic],
  ['alerting', 'aws_sqs_queue', 'name', names.alertDeadLetterQueue],
  ['alerting', 'aws_cloudwatch_metric_alarm', 'alarm_name', names.alertCanaryAlarm],
  ['alerting', 'aws_cloudwatch_event_rule', 'name', names.alertCanaryRule],
  ['guardrails', 'aws_iam_policy', 'name', names.detectionGuardrailPolicy],
  ['threat-detection', 'aws_iam_role', 'name', names.malwareProtectionRole],
  ['threat-detection', 'aws_cloudwatch_event_rule', 'name', findingAlertRuleNames(`${PROJECT}-${dev.name}`).findings],
  // Named by the keys stack (VaultKey and signing key policies), the alerting stack (alert key and topic), the ledger's stream policy and the guardrails.
  ['ledger-integrity', 'aws_iam_role', 'name', names.ledgerStreamRole],
  ['ledger-integrity', 'aws_iam_role', 'name', names.ledgerDigestRole],
  ['ledger-integrity', 'aws_iam_role', 'name', names.ledgerDigestSchedulerRole],
  ['ledger-integrity', 'aws_lambda_function', 'function_name', names.ledgerStreamFunction],
  ['ledger-integrity', 'aws_lambda_function', 'function_name', names.ledgerDigestFunction],
  ['ledger-integrity', 'aws_cloudwatch_log_group', 'name', names.ledgerStreamLogGroup],
  ['ledger-integrity', 'aws_cloudwatch_log_group', 'name', names.ledgerDigestLogGroup],
  ['ledger-integrity', 'aws_sqs_queue', 'name', names.ledgerStreamFailureQueue],
  ['ledger-integrity', 'aws_sqs_queue', 'name', names.ledgerDigestDeadLetterQueue],
  ['ledger-integrity', 'aws_scheduler_schedule', 'name', names.ledgerDigestSchedule],
  ['keys', 'aws_kms_alias', 'name', names.ledgerSigningKeyAlias],
  // Named by the VaultKey, the vault bucket's and the ledger's policies.
  ['guardrails', 'aws_iam_role', 'name', names.erasureRole],
])('dev-%s creates %s %s = the derived name', (concern, type, attribute, expected) => {
  expect(valuesOf(stack(concern), type, attribute)).toContain(expected);
});

test('bucket names carry the derived prefix and the account id', () => {
  const account = /-\$\{data\.aws_caller_identity\.[^}]+\.account_id\}$/;
  const buckets: string[] = [
    ...valuesOf(stack('storage'), 'aws_s3_bucket', 'bucket'),
    ...valuesOf(stack('audit'), 'aws_s3_bucket', 'bucket'),
  ];
  buckets.push(...valuesOf(stack('ledger-integrity'), 'aws_s3_bucket', 'bucket'));
  for (const prefix of [
    names.uploadsBucketPrefix,
    names.accessLogBucketPrefix,
    names.trailBucketPrefix,
    names.ledgerDigestBucketPrefix,
  ]) {
    const found = buckets.filter((b) => b.startsWith(`${prefix}-`));
    expect([prefix, found.length]).toEqual([prefix, 1]);
    expect(found[0]).toMatch(account);
  }
});

test('every role ARN derived in a policy names a role our stacks create, the break-glass role or a configured one', () => {
  const created = new Set(Object.values(synth.stacks).flatMap((s) => valuesOf(s.json, 'aws_iam_role', 'name')));
  const allowed = new Set([...created, dev.breakGlassRoleName]);
  const derived = new Set<string>();
  for (const s of Object.values(synth.stacks)) {
    for (const m of s.text.matchAll(/:iam::\$\{[^}]+\}:role\/([A-Za-z0-9+=,.@_-]+)"/g))
      derived.add(present(m[1], 'a role name'));
  }
  expect(derived.size).toBeGreaterThan(2);
  for (const role of derived) expect([role, allowed.has(role)]).toEqual([role, true]);
});

test('the stacks are created, and depend on each other, in the documented order', () => {
  const manifest = JSON.parse(synth.manifest) as { stacks: Record<string, { dependencies: string[] }> };
  expect(Object.keys(manifest.stacks).sort()).toEqual(CONCERNS.map((c) => `dev-${c}`).sort());
  const rank = (n: string): number => CONCERNS.indexOf(n.slice('dev-'.length) as (typeof CONCERNS)[number]);
  for (const [name, entry] of Object.entries(manifest.stacks)) {
    for (const dep of entry.dependencies) expect([name, dep, rank(dep) < rank(name)]).toEqual([name, dep, true]);
  }
  // The verifier and the audit stacks name each other only through derived names: no reference from
  // audit back to verifier (the trail's Lambda data events). The alert topic comes from the alerting
  // stack, which depends on nothing but the state bucket.
  expect(manifest.stacks['dev-audit']?.dependencies).not.toContain('dev-verifier');
  for (const consumer of ['dev-audit', 'dev-threat-detection', 'dev-verifier'])
    expect([consumer, manifest.stacks[consumer]?.dependencies.includes('dev-alerting')]).toEqual([consumer, true]);
  expect(manifest.stacks['dev-alerting']?.dependencies).toEqual(['dev-state']);
  // The ledger-integrity stack reads the keys, alerting, storage, ledger and guardrails stacks; nothing reads it.
  expect(manifest.stacks['dev-ledger-integrity']?.dependencies.sort()).toEqual(
    ['dev-alerting', 'dev-guardrails', 'dev-keys', 'dev-ledger', 'dev-storage'].sort(),
  );
  for (const [name, entry] of Object.entries(manifest.stacks))
    expect([name, entry.dependencies.includes('dev-ledger-integrity')]).toEqual([name, false]);
});
