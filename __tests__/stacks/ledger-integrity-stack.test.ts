import { ENVIRONMENTS } from '../../config/environments';
import {
  metadataPath,
  remoteOutput,
  resourceAt,
  resourcesOf,
  stringAttribute,
  synthEnvironments,
  type JsonObject,
} from '../helpers/synth';
import { present } from '../helpers/present';

/**
 * `<env>-ledger-integrity` as synthesized: what a reviewer of its plan checks first. The policies
 * themselves are proved from the attacker's side in __tests__/compliance (least-privilege and
 * threat-model probes).
 */
const synth = synthEnvironments([ENVIRONMENTS.dev, ENVIRONMENTS.prod]);
const dev = synth.stack('dev-ledger-integrity');
const prod = synth.stack('prod-ledger-integrity');

const functionNamed = (s: JsonObject, name: string): JsonObject =>
  present(
    Object.values(resourcesOf(s, 'aws_lambda_function')).find((f) => f.function_name === name),
    `function ${name}`,
  );
const lockOf = (s: JsonObject): JsonObject => {
  const lock = Object.values(resourcesOf(s, 'aws_s3_bucket_object_lock_configuration'));
  expect(lock).toHaveLength(1);
  return present(lock[0], 'object lock');
};

describe('ledger-integrity stack', () => {
  test('digests are Object-Locked: COMPLIANCE for 7 years in prod, GOVERNANCE in dev', () => {
    expect(lockOf(prod).rule).toEqual({ default_retention: { mode: 'COMPLIANCE', days: 2555 } });
    expect(lockOf(dev).rule).toEqual({ default_retention: { mode: 'GOVERNANCE', days: 30 } });
    const bucket = present(Object.values(resourcesOf(prod, 'aws_s3_bucket'))[0], 'bucket');
    expect(bucket.object_lock_enabled).toBe(true);
  });

  test('only staged batches expire, after their lock; digests never do', () => {
    const lifecycle = present(
      Object.values(resourcesOf(prod, 'aws_s3_bucket_lifecycle_configuration'))[0],
      'lifecycle',
    );
    const rules = lifecycle.rule as JsonObject[];
    const expiring = rules.filter((r) => r.expiration !== undefined);
    expect(expiring.map((r) => r.filter)).toEqual([[{ prefix: 'staging/' }]]);
    expect(expiring.map((r) => r.expiration)).toEqual([[{ days: 2556 }]]);
  });

  test('the stream consumer and the digest job run as their own roles, not the verifier', () => {
    const stream = functionNamed(dev, 'biometric-vault-dev-ledger-stream');
    const digest = functionNamed(dev, 'biometric-vault-dev-ledger-digest');
    const roles = Object.entries(resourcesOf(dev, 'aws_iam_role')).map(([id, r]) => [id, r.name]);
    const roleRef = (name: string): string =>
      `\${aws_iam_role.${present(roles.find(([, n]) => n === name)?.[0] as string | undefined, name)}.arn}`;
    expect(stream.role).toBe(roleRef('biometric-vault-dev-ledger-stream'));
    expect(digest.role).toBe(roleRef('biometric-vault-dev-ledger-digest'));
    expect(roles.map(([, n]) => n).sort()).toEqual([
      'biometric-vault-dev-ledger-digest',
      'biometric-vault-dev-ledger-digest-scheduler',
      'biometric-vault-dev-ledger-stream',
    ]);
    // One digest run at a time: a run continues the chain the previous one left.
    expect(digest.reserved_concurrent_executions).toBe(1);
  });

  test('the stream is read from the ledger stack, failures go to a queue, and the digest job runs every 15 minutes after the settle time', () => {
    const mapping = present(Object.values(resourcesOf(dev, 'aws_lambda_event_source_mapping'))[0], 'mapping');
    expect(mapping.event_source_arn).toMatch(
      remoteOutput('dev-ledger', 'aws_dynamodb_tableledger_table', 'stream_arn'),
    );
    expect(mapping.bisect_batch_on_function_error).toBe(true);
    expect(mapping.maximum_retry_attempts).toBe(10);
    const failures = resourceAt(dev, 'aws_sqs_queue', 'stream-failure-queue/queue');
    expect(failures.name).toBe('biometric-vault-dev-ledger-stream-failures');
    expect(JSON.stringify(mapping.destination_config)).toContain('stream-failure-queue');

    const schedule = present(Object.values(resourcesOf(dev, 'aws_scheduler_schedule'))[0], 'schedule');
    // 180 s settle: three minutes past each quarter hour.
    expect(schedule.schedule_expression).toBe('cron(3/15 * * * ? *)');
    expect(schedule.schedule_expression_timezone).toBe('UTC');
    expect(JSON.stringify(schedule.target)).toContain('<aws.scheduler.scheduled-time>');
  });

  test('alarms: changed or deleted records, failed batches, a digest missing or behind, late records', () => {
    const names = Object.values(resourcesOf(dev, 'aws_cloudwatch_metric_alarm'))
      .map((a) => stringAttribute(a.alarm_name))
      .sort();
    expect(names.length).toBe(10);
    for (const expected of [
      'record-modified',
      'record-removed',
      'stream-failure-queue',
      'digest-missing',
      'late-records',
    ])
      expect(names.some((n) => n.endsWith(`ledger-${expected}`))).toBe(true);
    const missing = present(
      Object.values(resourcesOf(dev, 'aws_cloudwatch_metric_alarm')).find((a) =>
        stringAttribute(a.alarm_name).endsWith('ledger-digest-missing'),
      ),
      'digest-missing alarm',
    );
    // No digest at all is the alarm, not silence.
    expect(missing.treat_missing_data).toBe('breaching');
    expect(metadataPath(missing)).toContain('dev-ledger-integrity/alarms');
  });
});
