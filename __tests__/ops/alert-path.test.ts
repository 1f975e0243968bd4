/**
 * The alert-path check of verify:deployment against a stand-in of CloudWatch, EventBridge, SNS and
 * SQS (helpers/alert-fabric.ts) set up as dev's alerting stack synthesizes it: the canary alarm and
 * its action, the canary rule's pattern as synthesized, the topic policy's admission by name prefix.
 */
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { ENVIRONMENTS } from '../../config/environments';
import { resourceNames } from '../../config/names';
import { checkAlertPath, classify, probeQueueName } from '../../tools/verify-deployment/checks/alerting';
import type { VerifyContext } from '../../tools/verify-deployment/context';
import { probePng } from '../../tools/verify-deployment/probe-image';
import { synthesizeModel } from '../compliance/iam-probe';
import { present } from '../helpers/present';
import { AlertFabric } from './helpers/alert-fabric';

const ENV = ENVIRONMENTS.dev;
const ACCOUNT = '111111111111';
const names = resourceNames(ENV);
const TOPIC = 'arn:aws:sns:eu-west-1:111111111111:biometric-vault-dev-alerts';
const WATCH_TOPIC = 'arn:aws:sns:eu-west-1:111111111111:biometric-vault-dev-alert-path-watch';
const STANDING = 'arn:aws:sns:eu-west-1:111111111111:biometric-vault-dev-alerts:5f0c1e2a-0000-4000-8000-000000000001';
const CANARY_ALARM = 'biometric-vault-dev-alert-canary';
const DEAD_LETTERS = 'biometric-vault-dev-alerts-undelivered';
const RUN = '2026-01-10T12-00-00-000Z-4242';

// The canary rule as dev-alerting synthesizes it.
const model = synthesizeModel(ENV, ACCOUNT);
const canaryRule = present(
  model.all('aws_cloudwatch_event_rule').find((r) => r.stack === 'dev-alerting'),
  'the canary rule',
);
const CANARY_PATTERN = present(model.jsonValue(canaryRule, canaryRule.config.event_pattern), 'its pattern');

/** dev's alert path as deployed: healthy unless a test breaks it. */
function deployed(): AlertFabric {
  const f = new AlertFabric(ACCOUNT, 'eu-west-1');
  f.alarms.set(CANARY_ALARM, { state: 'OK', actionsEnabled: true, actions: [TOPIC], history: [] });
  // The topic policy: alarms and rules named with the environment's prefix.
  f.topics.set(TOPIC, {
    keyEnabled: true,
    admits: (service, source) =>
      (service === 'cloudwatch.amazonaws.com' &&
        source.startsWith('arn:aws:cloudwatch:eu-west-1:111111111111:alarm:biometric-vault-dev-')) ||
      (service === 'events.amazonaws.com' &&
        source.startsWith('arn:aws:events:eu-west-1:111111111111:rule/biometric-vault-dev-')),
    subscriptions: new Map([[STANDING, 'security@example.com']]),
  });
  f.topics.set(WATCH_TOPIC, {
    keyEnabled: true,
    admits: () => false,
    subscriptions: new Map([[`${WATCH_TOPIC}:7d1e2f3a-0000-4000-8000-000000000002`, 'security@example.com']]),
  });
  f.addQueue(DEAD_LETTERS);
  f.rules.push({
    arn: 'arn:aws:events:eu-west-1:111111111111:rule/biometric-vault-dev-alert-canary',
    pattern: CANARY_PATTERN,
    targets: [{ arn: TOPIC, deadLetterArn: f.queueArn(DEAD_LETTERS) }],
  });
  return f;
}

function context(f: AlertFabric): VerifyContext {
  let clock = Date.parse('2026-01-10T12:00:00Z');
  const region = 'eu-west-1';
  return {
    env: ENV,
    accountId: ACCOUNT,
    partition: 'aws',
    names,
    clients: {
      s3: new S3Client({ region }),
      kms: new KMSClient({ region }),
      cloudtrail: new CloudTrailClient({ region }),
      guardduty: new GuardDutyClient({ region }),
      dynamodb: new DynamoDBClient({ region }),
      ...f.clients(),
    },
    options: { digestHours: 24, e2eTimeoutMs: 30_000, alertTimeoutMs: 60_000, runId: RUN, probeImage: probePng() },
    synth: () => undefined,
    state: () => Promise.resolve(undefined),
    now: () => new Date(clock),
    sleep: (ms) => {
      clock += ms;
      return Promise.resolve();
    },
  };
}

describe('verify:deployment alert-path', () => {
  it('passes when the test alarm and the test event both arrive through the alert topic, and removes what it created', async () => {
    // Prepare
    const f = deployed();
    // Act
    const result = await checkAlertPath(context(f));
    // Assess
    expect(result.status).toBe('pass');
    expect(result.evidence).toEqual(
      expect.arrayContaining([
        `canary alarm ${CANARY_ALARM}: OK, actions enabled`,
        `alarm path: ${CANARY_ALARM} delivered after 0 s`,
        'EventBridge path: biometric-vault-dev-alert-canary delivered after 0 s',
        `dead-letter queue ${DEAD_LETTERS}: 0 message(s)`,
        `cleanup: ${CANARY_ALARM} back to OK`,
      ]),
    );
    // Nothing left behind: the standing subscription only, the temporary queue gone, the alarm OK again.
    expect([...present(f.topics.get(TOPIC), 'topic').subscriptions.keys()]).toEqual([STANDING]);
    expect([...f.queues.keys()]).toEqual([DEAD_LETTERS]);
    expect(f.alarms.get(CANARY_ALARM)?.state).toBe('OK');
    expect(f.calls.filter((c) => /Unsubscribe|DeleteQueue|SetAlarmState OK/.test(c))).toEqual([
      'SNS.Unsubscribe',
      'SQS.DeleteQueue',
      'CloudWatch.SetAlarmState OK',
    ]);
  });

  it('names the confirmed subscribers of both topics', async () => {
    const result = await checkAlertPath(context(deployed()));
    expect(result.evidence).toEqual(
      expect.arrayContaining([
        'alert topic biometric-vault-dev-alerts: 1 confirmed subscriber(s), 0 pending',
        'alert-path watch topic biometric-vault-dev-alert-path-watch: 1 confirmed subscriber(s), 0 pending',
      ]),
    );
  });

  it.each([
    ['alert topic', TOPIC, 'the alert topic biometric-vault-dev-alerts'],
    ['watch topic', WATCH_TOPIC, 'the alert-path watch topic biometric-vault-dev-alert-path-watch'],
  ])(
    'fails when the %s has lost its subscriber or has only a pending one, although the test messages arrive',
    async (_label, arn, named) => {
      // Prepare: the subscriber removed (Unsubscribe), a new address not yet confirmed.
      const f = deployed();
      const topic = present(f.topics.get(arn), 'topic');
      topic.subscriptions.clear();
      topic.pending = ['attacker@example.com'];
      // Act
      const result = await checkAlertPath(context(f));
      // Assess
      expect(result.status).toBe('fail');
      expect(result.evidence).toEqual(
        expect.arrayContaining([
          `FAILED: ${named} has no confirmed subscriber: every alert it receives is delivered to nobody`,
          'EventBridge path: biometric-vault-dev-alert-canary delivered after 0 s',
        ]),
      );
    },
  );

  it('sets an alarm already in ALARM to OK first, so that its action fires', async () => {
    // Prepare
    const f = deployed();
    present(f.alarms.get(CANARY_ALARM), 'alarm').state = 'ALARM';
    // Act
    const result = await checkAlertPath(context(f));
    // Assess
    expect(result.status).toBe('pass');
    expect(f.calls.filter((c) => c.startsWith('CloudWatch.SetAlarmState'))).toEqual([
      'CloudWatch.SetAlarmState OK',
      'CloudWatch.SetAlarmState ALARM',
      'CloudWatch.SetAlarmState OK',
    ]);
  });

  it('fails both paths when the alert key is disabled, names the alarm failure and the waiting dead letter, and still cleans up', async () => {
    // Prepare
    const f = deployed();
    present(f.topics.get(TOPIC), 'topic').keyEnabled = false;
    // Act
    const result = await checkAlertPath(context(f));
    // Assess
    expect(result.status).toBe('fail');
    expect(result.evidence).toEqual(
      expect.arrayContaining([
        'alarm path: no message',
        'EventBridge path: no message',
        `alarm history: Failed to execute action ${TOPIC}. Received error: "the specified KMS key is not enabled"`,
        `dead-letter queue ${DEAD_LETTERS}: 1 message(s)`,
        'FAILED: no alarm notification within 60 s (alarm action, topic policy or alert key)',
        'FAILED: no EventBridge notification within 60 s (canary rule, topic policy or alert key; see the dead-letter queue)',
        `FAILED: 1 alert(s) wait undelivered in ${DEAD_LETTERS} (redrive: docs/disaster-recovery.md, 5a)`,
      ]),
    );
    expect([...f.queues.keys()]).toEqual([DEAD_LETTERS]);
    expect(f.alarms.get(CANARY_ALARM)?.state).toBe('OK');
  });

  it('fails only the EventBridge path when the topic policy does not admit EventBridge', async () => {
    // Prepare: the condition EventBridge does not send, as AWS documents for some publishers.
    const f = deployed();
    const topic = present(f.topics.get(TOPIC), 'topic');
    const admits = topic.admits;
    topic.admits = (service, source) => service !== 'events.amazonaws.com' && admits(service, source);
    // Act
    const result = await checkAlertPath(context(f));
    // Assess
    expect(result.status).toBe('fail');
    expect(result.evidence).toContain(`alarm path: ${CANARY_ALARM} delivered after 0 s`);
    expect(result.evidence).toContain('EventBridge path: no message');
    expect(result.evidence.filter((e) => e.startsWith('FAILED'))).toEqual([
      'FAILED: no EventBridge notification within 60 s (canary rule, topic policy or alert key; see the dead-letter queue)',
      `FAILED: 1 alert(s) wait undelivered in ${DEAD_LETTERS} (redrive: docs/disaster-recovery.md, 5a)`,
    ]);
  });

  it('fails before creating anything when the canary alarm has its actions disabled', async () => {
    // Prepare
    const f = deployed();
    present(f.alarms.get(CANARY_ALARM), 'alarm').actionsEnabled = false;
    // Act
    const result = await checkAlertPath(context(f));
    // Assess
    expect(result.status).toBe('fail');
    expect(result.evidence).toContain(
      `FAILED: actions of ${CANARY_ALARM} are disabled (DisableAlarmActions): no alarm would notify`,
    );
    expect(f.calls).not.toContain('SQS.CreateQueue');
    expect(f.calls).not.toContain('CloudWatch.SetAlarmState ALARM');
  });

  it('fails when the canary alarm or the dead-letter queue is missing', async () => {
    // Prepare
    const f = deployed();
    f.alarms.delete(CANARY_ALARM);
    f.queues.delete(DEAD_LETTERS);
    // Act
    const result = await checkAlertPath(context(f));
    // Assess
    expect(result.status).toBe('fail');
    expect(result.evidence).toContain(`FAILED: canary alarm ${CANARY_ALARM} not found (apply dev-alerting)`);
  });

  it('counts only this run, through the alert topic', () => {
    // Prepare
    const ctx = context(deployed());
    const envelope = (topic: string, message: object): string =>
      JSON.stringify({ Type: 'Notification', TopicArn: topic, Message: JSON.stringify(message) });
    const alarm = { AlarmName: CANARY_ALARM, NewStateValue: 'ALARM', NewStateReason: `run ${RUN}` };
    const event = { source: 'biometric-vault.dev.canary', detail: { runId: RUN } };
    // Act / Assess
    expect(classify(ctx, envelope(TOPIC, alarm), TOPIC)).toBe('alarm');
    expect(classify(ctx, envelope(TOPIC, event), TOPIC)).toBe('event');
    expect(classify(ctx, envelope(TOPIC, { ...alarm, NewStateReason: 'run another' }), TOPIC)).toBeUndefined();
    expect(classify(ctx, envelope(TOPIC, { ...event, detail: { runId: 'another' } }), TOPIC)).toBeUndefined();
    expect(classify(ctx, envelope(`${TOPIC}-other`, event), TOPIC)).toBeUndefined();
    expect(classify(ctx, 'not json', TOPIC)).toBeUndefined();
    expect(probeQueueName(ctx)).toBe('biometric-vault-dev-alert-probe-2026-01-10T12-00-00-000Z-4242');
  });
});
