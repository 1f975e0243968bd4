/**
 * The alert path, end to end: a test alert through each way alerts are published (a CloudWatch alarm
 * and an EventBridge rule) reaches the alert topic, observed through a temporary SQS subscription;
 * no alert waits undelivered. Everything the check creates is removed whatever happens.
 *
 * - Alarm path: `SetAlarmState` of the canary alarm to ALARM "invokes the action configured for the
 *   appropriate state" when the state differs
 *   (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_SetAlarmState.html), so
 *   an alarm already in ALARM is set to OK first, and the check reads `ActionsEnabled` before.
 * - EventBridge path: one custom event (`source` = the canary source) that the canary rule routes to
 *   the topic: EventBridge, the alert key without source conditions and the topic policy together.
 * - Observation: a queue with SQS-managed encryption, a policy admitting only the topic
 *   (`aws:SourceArn`), subscribed without raw delivery, so each body is SNS's envelope with the
 *   topic's ARN (https://docs.aws.amazon.com/sns/latest/dg/subscribe-sqs-queue-to-sns-topic.html).
 *   Same-account SQS subscriptions need no confirmation.
 * - Subscribers: the alert topic and the alert-path watch topic each keep at least one confirmed
 *   subscription. A topic without one accepts every alert and delivers it to nobody, and the test
 *   messages above would still arrive (the probe subscribes its own queue). `ListSubscriptionsByTopic`
 *   lists an unconfirmed subscription with the ARN `PendingConfirmation`
 *   (https://docs.aws.amazon.com/sns/latest/api/API_Subscription.html).
 * - Cleanup: unsubscribe, delete the queue, set the canary back to OK (no action fires on OK). The
 *   unsubscribe is a call the SNS tamper rule reports: every run sends that alert, naming the
 *   verification role and a subscription ARN of the probe.
 */
import { DescribeAlarmHistoryCommand, DescribeAlarmsCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { ListSubscriptionsByTopicCommand, SubscribeCommand, UnsubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import { errorName, errorText, type VerifyContext } from '../context';
import { fail, judge, type CheckResult } from '../report';

const ID = 'alert-path';
const TITLE =
  'Alert path: both alert topics have a confirmed subscriber; a test alarm and a test event reach the alert topic; no alert undelivered';

/** What the check created, for cleanup. */
interface Probe {
  queueUrl?: string | undefined;
  subscriptionArn?: string | undefined;
  alarmFired: boolean;
}

export function alertTopicArn(ctx: VerifyContext): string {
  return topicArnOf(ctx, ctx.names.alertTopic);
}

function topicArnOf(ctx: VerifyContext, name: string): string {
  return `arn:${ctx.partition}:sns:${ctx.env.region}:${ctx.accountId}:${name}`;
}

/** Name of the temporary queue of one run (SQS: 80 characters, letters, digits, `-` and `_`). */
export function probeQueueName(ctx: VerifyContext): string {
  const run = ctx.options.runId.replace(/[^A-Za-z0-9_-]/g, '-');
  return `${ctx.names.eventRulePrefix}alert-probe-${run}`.slice(0, 80);
}

export async function checkAlertPath(ctx: VerifyContext): Promise<CheckResult> {
  const evidence: string[] = [];
  const problems: [boolean, string][] = [];
  const topicArn = alertTopicArn(ctx);
  const probe: Probe = { alarmFired: false };
  // Before the probe subscribes its own queue, which would count.
  for (const [label, name] of [
    ['alert topic', ctx.names.alertTopic],
    ['alert-path watch topic', ctx.names.alertPathWatchTopic],
  ] as const) {
    const found = await confirmedSubscribers(ctx, topicArnOf(ctx, name));
    evidence.push(
      found.evidence === undefined
        ? `${label} ${name}: ${found.confirmed} confirmed subscriber(s), ${found.pending} pending`
        : `${label} ${name}: ${found.evidence}`,
    );
    problems.push([
      found.confirmed > 0,
      `the ${label} ${name} has no confirmed subscriber: every alert it receives is delivered to nobody`,
    ]);
  }
  try {
    const canary = await canaryAlarm(ctx, evidence);
    if (canary.problem !== undefined) return fail(ID, TITLE, [...evidence, `FAILED: ${canary.problem}`]);
    await subscribe(ctx, probe, topicArn);
    evidence.push(`subscribed ${probe.subscriptionArn ?? '?'} (temporary queue ${probeQueueName(ctx)})`);

    const started = ctx.now().getTime();
    if (canary.state === 'ALARM') await setState(ctx, 'OK', 'verify:deployment: reset before the test alarm');
    await setState(ctx, 'ALARM', `verify:deployment test alert, run ${ctx.options.runId}`);
    probe.alarmFired = true;
    const put = await ctx.clients.events.send(
      new PutEventsCommand({
        Entries: [
          {
            Source: ctx.names.alertCanarySource,
            DetailType: ctx.names.alertCanaryDetailType,
            Detail: JSON.stringify({ runId: ctx.options.runId, environment: ctx.env.name }),
            EventBusName: 'default',
          },
        ],
      }),
    );
    if ((put.FailedEntryCount ?? 0) > 0)
      problems.push([false, `PutEvents refused the canary event: ${put.Entries?.[0]?.ErrorMessage ?? '?'}`]);

    const seen = await receive(ctx, probe, topicArn, started);
    const seconds = (t: number | undefined): string =>
      t === undefined ? '' : ` after ${((t - started) / 1000).toFixed(0)} s`;
    evidence.push(
      seen.alarm === undefined
        ? 'alarm path: no message'
        : `alarm path: ${ctx.names.alertCanaryAlarm} delivered${seconds(seen.alarm)}`,
      seen.event === undefined
        ? 'EventBridge path: no message'
        : `EventBridge path: ${ctx.names.alertCanaryRule} delivered${seconds(seen.event)}`,
    );
    if (seen.alarm === undefined) evidence.push(...(await alarmHistory(ctx)));
    problems.push(
      [
        seen.alarm !== undefined,
        `no alarm notification within ${ctx.options.alertTimeoutMs / 1000} s (alarm action, topic policy or alert key)`,
      ],
      [
        seen.event !== undefined,
        `no EventBridge notification within ${ctx.options.alertTimeoutMs / 1000} s (canary rule, topic policy or alert key; see the dead-letter queue)`,
      ],
    );
  } catch (error) {
    problems.push([false, errorText(error)]);
  } finally {
    evidence.push(...(await cleanUp(ctx, probe)));
  }
  const waiting = await undelivered(ctx);
  evidence.push(waiting.evidence);
  if (waiting.problem !== undefined) problems.push([false, waiting.problem]);
  return judge(ID, TITLE, evidence, problems);
}

/** Confirmed and pending subscriptions of a topic (every page). */
async function confirmedSubscribers(
  ctx: VerifyContext,
  topicArn: string,
): Promise<{ confirmed: number; pending: number; evidence?: string }> {
  let confirmed = 0;
  let pending = 0;
  let token: string | undefined;
  try {
    do {
      const page = await ctx.clients.sns.send(
        new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken: token }),
      );
      for (const s of page.Subscriptions ?? []) {
        if (s.SubscriptionArn?.startsWith(`${topicArn}:`) === true) confirmed += 1;
        else pending += 1;
      }
      token = page.NextToken;
    } while (token !== undefined);
  } catch (error) {
    return { confirmed: 0, pending: 0, evidence: `cannot list subscriptions: ${errorText(error)}` };
  }
  return { confirmed, pending };
}

async function canaryAlarm(ctx: VerifyContext, evidence: string[]): Promise<{ state?: string; problem?: string }> {
  const name = ctx.names.alertCanaryAlarm;
  const r = await ctx.clients.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [name] }));
  const alarm = r.MetricAlarms?.[0];
  if (alarm === undefined) return { problem: `canary alarm ${name} not found (apply ${ctx.env.name}-alerting)` };
  evidence.push(
    `canary alarm ${name}: ${alarm.StateValue ?? '?'}, actions ${alarm.ActionsEnabled === true ? 'enabled' : 'DISABLED'}`,
  );
  if (alarm.ActionsEnabled !== true)
    return { problem: `actions of ${name} are disabled (DisableAlarmActions): no alarm would notify` };
  if (!(alarm.AlarmActions ?? []).includes(alertTopicArn(ctx)))
    return { problem: `${name} does not notify ${alertTopicArn(ctx)}` };
  return { ...(alarm.StateValue !== undefined && { state: alarm.StateValue }) };
}

function setState(ctx: VerifyContext, state: 'OK' | 'ALARM', reason: string): Promise<unknown> {
  return ctx.clients.cloudwatch.send(
    new SetAlarmStateCommand({ AlarmName: ctx.names.alertCanaryAlarm, StateValue: state, StateReason: reason }),
  );
}

async function subscribe(ctx: VerifyContext, probe: Probe, topicArn: string): Promise<void> {
  const name = probeQueueName(ctx);
  const queueArn = `arn:${ctx.partition}:sqs:${ctx.env.region}:${ctx.accountId}:${name}`;
  const policy = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AlertTopicOnly',
        Effect: 'Allow',
        Principal: { Service: 'sns.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: queueArn,
        Condition: { ArnEquals: { 'aws:SourceArn': topicArn } },
      },
    ],
  };
  const created = await ctx.clients.sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: { SqsManagedSseEnabled: 'true', MessageRetentionPeriod: '600', Policy: JSON.stringify(policy) },
    }),
  );
  probe.queueUrl = created.QueueUrl;
  const sub = await ctx.clients.sns.send(
    new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: queueArn, ReturnSubscriptionArn: true }),
  );
  probe.subscriptionArn = sub.SubscriptionArn;
}

/** Reads the probe queue until both test alerts arrived or the time is up; returns when each arrived. */
async function receive(
  ctx: VerifyContext,
  probe: Probe,
  topicArn: string,
  started: number,
): Promise<{ alarm?: number; event?: number }> {
  const seen: { alarm?: number; event?: number } = {};
  const deadline = started + ctx.options.alertTimeoutMs;
  while ((seen.alarm === undefined || seen.event === undefined) && ctx.now().getTime() < deadline) {
    const r = await ctx.clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: probe.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 10 }),
    );
    for (const m of r.Messages ?? []) {
      const kind = classify(ctx, m.Body, topicArn);
      if (kind !== undefined && seen[kind] === undefined) seen[kind] = ctx.now().getTime();
      if (m.ReceiptHandle !== undefined)
        await ctx.clients.sqs.send(
          new DeleteMessageCommand({ QueueUrl: probe.queueUrl, ReceiptHandle: m.ReceiptHandle }),
        );
    }
    if ((r.Messages ?? []).length === 0) await ctx.sleep(2000);
  }
  return seen;
}

/** Which test alert an SNS envelope carries (this run's, through the alert topic), if any. */
export function classify(
  ctx: VerifyContext,
  body: string | undefined,
  topicArn: string,
): 'alarm' | 'event' | undefined {
  const envelope = parse(body);
  if (envelope?.TopicArn !== topicArn || typeof envelope.Message !== 'string') return undefined;
  const message = parse(envelope.Message);
  if (message === undefined) return undefined;
  if (
    message.AlarmName === ctx.names.alertCanaryAlarm &&
    message.NewStateValue === 'ALARM' &&
    typeof message.NewStateReason === 'string' &&
    message.NewStateReason.includes(ctx.options.runId)
  )
    return 'alarm';
  const detail = message.detail as Record<string, unknown> | undefined;
  if (message.source === ctx.names.alertCanarySource && detail?.runId === ctx.options.runId) return 'event';
  return undefined;
}

function parse(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The canary's recent action failures ("Failed to execute action ..."), for a precise error. */
async function alarmHistory(ctx: VerifyContext): Promise<string[]> {
  try {
    const h = await ctx.clients.cloudwatch.send(
      new DescribeAlarmHistoryCommand({
        AlarmName: ctx.names.alertCanaryAlarm,
        HistoryItemType: 'Action',
        MaxRecords: 3,
      }),
    );
    return (h.AlarmHistoryItems ?? []).map((i) => `alarm history: ${i.HistorySummary ?? '?'}`);
  } catch (error) {
    return [`alarm history: ${errorText(error)}`];
  }
}

async function cleanUp(ctx: VerifyContext, probe: Probe): Promise<string[]> {
  const notes: string[] = [];
  const attempt = async (what: string, f: () => Promise<unknown>): Promise<void> => {
    try {
      await f();
      notes.push(`cleanup: ${what}`);
    } catch (error) {
      notes.push(`cleanup FAILED: ${what}: ${errorText(error)}`);
    }
  };
  const { subscriptionArn, queueUrl } = probe;
  if (subscriptionArn !== undefined)
    await attempt(`unsubscribed ${subscriptionArn}`, () =>
      ctx.clients.sns.send(new UnsubscribeCommand({ SubscriptionArn: subscriptionArn })),
    );
  if (queueUrl !== undefined)
    await attempt(`deleted ${queueUrl}`, () => ctx.clients.sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl })));
  if (probe.alarmFired)
    await attempt(`${ctx.names.alertCanaryAlarm} back to OK`, () =>
      setState(ctx, 'OK', 'verify:deployment: back to OK after the test alarm'),
    );
  return notes;
}

/** Messages waiting in the alert dead-letter queue. */
async function undelivered(ctx: VerifyContext): Promise<{ evidence: string; problem?: string }> {
  const name = ctx.names.alertDeadLetterQueue;
  try {
    const url = (await ctx.clients.sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl;
    const a = await ctx.clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    const count = Number(a.Attributes?.ApproximateNumberOfMessages ?? '0');
    return {
      evidence: `dead-letter queue ${name}: ${count} message(s)`,
      ...(count > 0 && {
        problem: `${count} alert(s) wait undelivered in ${name} (redrive: docs/disaster-recovery.md, 5a)`,
      }),
    };
  } catch (error) {
    return {
      evidence: `dead-letter queue ${name}: ${errorText(error)}`,
      problem:
        errorName(error) === 'QueueDoesNotExist'
          ? `the dead-letter queue ${name} does not exist (apply ${ctx.env.name}-alerting)`
          : `the dead-letter queue ${name} cannot be read: ${errorText(error)}`,
    };
  }
}
