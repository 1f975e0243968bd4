import { ENVIRONMENTS } from '../../config/environments';
import { resourceNames } from '../../config/names';
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
  ['verifier', 'aws_iam_role', 'name', names.verifierRole, 'biometric-vault-dev-verifier'],
  ['verifier', 'aws_lambda_function', 'function_name', names.verifierFunction, 'biometric-vault-dev-verifier'],
  ['verifier', 'aws_cloudwatch_log_group', 'name', names.verifierLogGroup, '/aws/lambda/biometric-vault-dev-verifier'],
  ['verifier', 'aws_sqs_queue', 'name', names.verifierFailureQueue, 'biometric-vault-dev-verifier-failures'],
  ['ledger', 'aws_dynamodb_table', 'name', names.ledgerTable, 'biometric-vault-dev-ledger'],
  ['audit', 'aws_cloudtrail', 'name', names.trail, 'biometric-vault-dev-trail'],
  ['audit', 'aws_cloudwatch_log_group', 'name', names.trailLogGroup, '/aws/cloudtrail/biometric-vault-dev'],
  ['audit', 'aws_iam_role', 'name', names.trailLogRole, 'biometric-vault-dev-cloudtrail-logs'],
  ['audit', 'aws_sns_topic', 'name', names.alertPathWatchTopic, 'biometric-vault-dev-alert-path-watch'],
  ['audit', 'aws_iam_role', 'name', names.globalEventsForwarderRole, 'biometric-vault-dev-global-events-forwarder'],
  ['alerting', 'aws_sns_topic', 'name', names.alertTopic, 'biometric-vault-dev-alerts'],
  ['alerting', 'aws_sqs_queue', 'name', names.alertDeadLetterQueue, 'biometric-vault-dev-alerts-undelivered'],
  ['alerting', 'aws_cloudwatch_metric_alarm', 'alarm_name', names.alertCanaryAlarm, 'biometric-vault-dev-alert-canary'],
  ['alerting', 'aws_cloudwatch_event_rule', 'name', names.alertCanaryRule, 'biometric-vault-dev-alert-canary'],
  ['guardrails', 'aws_iam_policy', 'name', names.detectionGuardrailPolicy, 'biometric-vault-dev-detection-guardrail'],
  ['threat-detection', 'aws_iam_role', 'name', names.malwareProtectionRole, 'biometric-vault-dev-malware-protection'],
  // Named by the alert topic's EventBridge statement (rule prefix), created by threat detection.
  ['threat-detection', 'aws_cloudwatch_event_rule', 'name', undefined, 'biometric-vault-dev-guardduty-findings'],
  ['threat-detection', 'aws_cloudwatch_event_rule', 'name', undefined, 'biometric-vault-dev-malware-scan-alerts'],
  // Named by the keys stack (VaultKey and signing key policies), the alerting stack (alert key and topic), the ledger's stream policy and the guardrails.
  ['ledger-integrity', 'aws_iam_role', 'name', names.ledgerStreamRole, 'biometric-vault-dev-ledger-stream'],
  ['ledger-integrity', 'aws_iam_role', 'name', names.ledgerDigestRole, 'biometric-vault-dev-ledger-digest'],
  [
    'ledger-integrity',
    'aws_iam_role',
    'name',
    names.ledgerDigestSchedulerRole,
    'biometric-vault-dev-ledger-digest-scheduler',
  ],
  [
    'ledger-integrity',
    'aws_lambda_function',
    'function_name',
    names.ledgerStreamFunction,
    'biometric-vault-dev-ledger-stream',
  ],
  [
    'ledger-integrity',
    'aws_lambda_function',
    'function_name',
    names.ledgerDigestFunction,
    'biometric-vault-dev-ledger-digest',
  ],
  [
    'ledger-integrity',
    'aws_cloudwatch_log_group',
    'name',
    names.ledgerStreamLogGroup,
    '/aws/lambda/biometric-vault-dev-ledger-stream',
  ],
  [
    'ledger-integrity',
    'aws_cloudwatch_log_group',
    'name',
    names.ledgerDigestLogGroup,
    '/aws/lambda/biometric-vault-dev-ledger-digest',
  ],
  [
    'ledger-integrity',
    'aws_sqs_queue',
    'name',
    names.ledgerStreamFailureQueue,
    'biometric-vault-dev-ledger-stream-failures',
  ],
  [
    'ledger-integrity',
    'aws_sqs_queue',
    'name',
    names.ledgerDigestDeadLetterQueue,
    'biometric-vault-dev-ledger-digest-failures',
  ],
  [
    'ledger-integrity',
    'aws_scheduler_schedule',
    'name',
    names.ledgerDigestSchedule,
    'biometric-vault-dev-ledger-digest',
  ],
  ['keys', 'aws_kms_alias', 'name', names.ledgerSigningKeyAlias, 'alias/biometric-vault-dev-ledger-digest-signing'],
  // Named by the VaultKey, the vault bucket's and the ledger's policies.
  ['guardrails', 'aws_iam_role', 'name', names.erasureRole, 'biometric-vault-dev-erasure'],
])('dev-%s creates %s %s = the derived name', (concern, type, attribute, derived, literal) => {
  // The name the other stacks derive is the name written here, and the owning stack creates it.
  if (derived !== undefined) expect(derived).toBe(literal);
  expect(valuesOf(stack(concern), type, attribute)).toContain(literal);
});

test('bucket names carry the derived prefix and the account id', () => {
  const account = /-\$\{data\.aws_caller_identity\.[^}]+\.account_id\}$/;
  const buckets: string[] = [
    ...valuesOf(stack('storage'), 'aws_s3_bucket', 'bucket'),
    ...valuesOf(stack('audit'), 'aws_s3_bucket', 'bucket'),
  ];
  buckets.push(...valuesOf(stack('ledger-integrity'), 'aws_s3_bucket', 'bucket'));
  expect([
    names.uploadsBucketPrefix,
    names.accessLogBucketPrefix,
    names.trailBucketPrefix,
    names.ledgerDigestBucketPrefix,
  ]).toEqual([
    'biometric-vault-dev-vault',
    'biometric-vault-dev-access-logs',
    'biometric-vault-dev-trail',
    'biometric-vault-dev-ledger-digests',
  ]);
  for (const prefix of [
    'biometric-vault-dev-vault',
    'biometric-vault-dev-access-logs',
    'biometric-vault-dev-trail',
    'biometric-vault-dev-ledger-digests',
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
  expect([...derived].sort()).toEqual([
    'biometric-vault-break-glass',
    'biometric-vault-dev-erasure',
    'biometric-vault-dev-ledger-digest',
    'biometric-vault-dev-ledger-digest-scheduler',
    'biometric-vault-dev-ledger-stream',
    'biometric-vault-dev-malware-protection',
    'biometric-vault-dev-verifier',
  ]);
  for (const role of derived) expect([role, allowed.has(role)]).toEqual([role, true]);
});

test('the stacks are created, and depend on each other, in the documented order', () => {
  const manifest = JSON.parse(synth.manifest) as { stacks: Record<string, { dependencies: string[] }> };
  const order = [
    'state',
    'keys',
    'alerting',
    'guardrails',
    'storage',
    'ledger',
    'audit',
    'threat-detection',
    'verifier',
    'ledger-integrity',
  ];
  expect(Object.keys(manifest.stacks).sort()).toEqual(order.map((c) => `dev-${c}`).sort());
  const rank = (n: string): number => order.indexOf(n.slice('dev-'.length));
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
