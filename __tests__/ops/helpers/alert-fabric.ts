/**
 * A stand-in for the services the alert path crosses (CloudWatch alarms, EventBridge, SNS, SQS), in
 * memory, behind real SDK v3 clients (aws-sdk-client-mock routes each command here). It follows the
 * behaviour AWS documents and the check relies on:
 *
 * - `SetAlarmState` invokes the alarm's actions only when the state changes and actions are enabled
 *   (CloudWatch API reference, SetAlarmState); a failed action is written to the alarm's history.
 * - `PutEvents` delivers the event to every enabled rule whose pattern matches (the project's
 *   EventBridge pattern matcher), each rule to its targets; a target EventBridge cannot deliver to
 *   (KMS or policy denied, topic gone) goes to the target's dead-letter queue at once, with
 *   `ERROR_CODE` (EventBridge user guide, eb-rule-dlq).
 * - `Publish` to a topic fails when its key is disabled (`KMSDisabledException`) or its policy does not
 *   admit the publisher; otherwise every SQS subscription whose queue policy admits the topic receives
 *   SNS's JSON envelope (`Type`, `MessageId`, `TopicArn`, `Message`).
 * - Same-account SQS subscriptions are confirmed at once; a queue keeps a message until deleted.
 */
import {
  CloudWatchClient,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { ListSubscriptionsByTopicCommand, SNSClient, SubscribeCommand, UnsubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { matchesEventPattern } from '../../../compliance/engine/event-pattern';
import type { Json } from '../../../compliance/engine/types';

class ServiceError extends Error {
  public constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

interface Alarm {
  state: string;
  actionsEnabled: boolean;
  actions: string[];
  history: string[];
}
interface Topic {
  keyEnabled: boolean;
  /** Whether the topic policy admits a service publisher with this source ARN. */
  admits: (service: string, sourceArn: string) => boolean;
  subscriptions: Map<string, string>;
  /** Endpoints subscribed but not confirmed (listed with the ARN `PendingConfirmation`). @default [] */
  pending?: string[];
}
interface Message {
  id: string;
  body: string;
  receipt: string;
  attributes: Record<string, string>;
}
interface Queue {
  url: string;
  arn: string;
  policy?: string;
  messages: Message[];
}
interface Rule {
  arn: string;
  pattern: Json;
  targets: { arn: string; deadLetterArn?: string }[];
}

export class AlertFabric {
  public readonly alarms = new Map<string, Alarm>();
  public readonly topics = new Map<string, Topic>();
  public readonly queues = new Map<string, Queue>();
  public readonly rules: Rule[] = [];
  /** Every call made, `Service.Command`, in order. */
  public readonly calls: string[] = [];
  private next = 0;

  public constructor(
    public readonly account: string,
    public readonly region: string,
  ) {}

  public queueArn(name: string): string {
    return `arn:aws:sqs:${this.region}:${this.account}:${name}`;
  }

  public addQueue(name: string, policy?: string): Queue {
    const q: Queue = {
      url: `https://sqs.${this.region}.amazonaws.com/${this.account}/${name}`,
      arn: this.queueArn(name),
      messages: [],
      ...(policy !== undefined && { policy }),
    };
    this.queues.set(name, q);
    return q;
  }

  private id(): string {
    this.next += 1;
    return `00000000-0000-4000-8000-${String(this.next).padStart(12, '0')}`;
  }

  private queueByArn(arn: string): Queue | undefined {
    return [...this.queues.values()].find((q) => q.arn === arn);
  }

  /** SNS Publish on behalf of a service; throws as SNS would. */
  public publish(topicArn: string, message: string, service: string, sourceArn: string): void {
    const topic = this.topics.get(topicArn);
    if (topic === undefined) throw new ServiceError('NotFoundException', `Topic does not exist: ${topicArn}`);
    if (!topic.keyEnabled) throw new ServiceError('KMSDisabledException', 'the specified KMS key is not enabled');
    if (!topic.admits(service, sourceArn))
      throw new ServiceError('AuthorizationErrorException', `${sourceArn} is not authorized to perform: SNS:Publish`);
    for (const endpoint of topic.subscriptions.values()) {
      const queue = this.queueByArn(endpoint);
      if (queue === undefined || !queueAdmits(queue.policy, topicArn)) continue;
      const body = JSON.stringify({
        Type: 'Notification',
        MessageId: this.id(),
        TopicArn: topicArn,
        Message: message,
        Timestamp: '2026-01-10T12:00:00.000Z',
      });
      queue.messages.push({ id: this.id(), body, receipt: this.id(), attributes: {} });
    }
  }

  /** Routes every SDK client of the four services to this stand-in. */
  public clients(): { sns: SNSClient; sqs: SQSClient; cloudwatch: CloudWatchClient; events: EventBridgeClient } {
    const region = this.region;
    const cloudwatch = new CloudWatchClient({ region });
    const cw = mockClient(cloudwatch);
    cw.on(DescribeAlarmsCommand).callsFake((input: { AlarmNames?: string[] }) => {
      this.calls.push('CloudWatch.DescribeAlarms');
      return {
        MetricAlarms: (input.AlarmNames ?? []).flatMap((name) => {
          const a = this.alarms.get(name);
          return a === undefined
            ? []
            : [{ AlarmName: name, StateValue: a.state, ActionsEnabled: a.actionsEnabled, AlarmActions: a.actions }];
        }),
      };
    });
    cw.on(SetAlarmStateCommand).callsFake((input: { AlarmName: string; StateValue: string; StateReason: string }) => {
      this.calls.push(`CloudWatch.SetAlarmState ${input.StateValue}`);
      const a = this.alarms.get(input.AlarmName);
      if (a === undefined) throw new ServiceError('ResourceNotFound', `alarm ${input.AlarmName}`);
      if (a.state === input.StateValue) return {};
      a.state = input.StateValue;
      if (!a.actionsEnabled || input.StateValue !== 'ALARM') return {};
      const alarmArn = `arn:aws:cloudwatch:${region}:${this.account}:alarm:${input.AlarmName}`;
      for (const action of a.actions) {
        const message = JSON.stringify({
          AlarmName: input.AlarmName,
          NewStateValue: input.StateValue,
          NewStateReason: input.StateReason,
          AlarmArn: alarmArn,
        });
        try {
          this.publish(action, message, 'cloudwatch.amazonaws.com', alarmArn);
        } catch (error) {
          a.history.push(`Failed to execute action ${action}. Received error: "${(error as Error).message}"`);
        }
      }
      return {};
    });
    cw.on(DescribeAlarmHistoryCommand).callsFake((input: { AlarmName: string }) => ({
      AlarmHistoryItems: (this.alarms.get(input.AlarmName)?.history ?? []).map((h) => ({ HistorySummary: h })),
    }));

    const events = new EventBridgeClient({ region });
    mockClient(events)
      .on(PutEventsCommand)
      .callsFake((input: { Entries: { Source: string; DetailType: string; Detail: string }[] }) => {
        this.calls.push('EventBridge.PutEvents');
        for (const entry of input.Entries) {
          const event = {
            version: '0',
            id: this.id(),
            'detail-type': entry.DetailType,
            source: entry.Source,
            account: this.account,
            time: '2026-01-10T12:00:00Z',
            region,
            resources: [],
            detail: JSON.parse(entry.Detail) as Json,
          };
          for (const rule of this.rules.filter((r) => matchesEventPattern(r.pattern, event))) {
            for (const target of rule.targets) {
              try {
                this.publish(target.arn, JSON.stringify(event), 'events.amazonaws.com', rule.arn);
              } catch (error) {
                const dlq = target.deadLetterArn === undefined ? undefined : this.queueByArn(target.deadLetterArn);
                dlq?.messages.push({
                  id: this.id(),
                  body: JSON.stringify(event),
                  receipt: this.id(),
                  attributes: {
                    ERROR_CODE: 'NO_PERMISSIONS',
                    ERROR_MESSAGE: (error as Error).message,
                    RULE_ARN: rule.arn,
                  },
                });
              }
            }
          }
        }
        return { FailedEntryCount: 0, Entries: input.Entries.map(() => ({ EventId: this.id() })) };
      });

    const sns = new SNSClient({ region });
    const snsMock = mockClient(sns);
    snsMock.on(SubscribeCommand).callsFake((input: { TopicArn: string; Protocol: string; Endpoint: string }) => {
      this.calls.push('SNS.Subscribe');
      const topic = this.topics.get(input.TopicArn);
      if (topic === undefined) throw new ServiceError('NotFoundException', 'Topic does not exist');
      const arn = `${input.TopicArn}:${this.id()}`;
      topic.subscriptions.set(arn, input.Endpoint);
      return { SubscriptionArn: arn };
    });
    // One page of at most 100 subscriptions (SNS API reference, ListSubscriptionsByTopic).
    snsMock.on(ListSubscriptionsByTopicCommand).callsFake((input: { TopicArn: string }) => {
      this.calls.push('SNS.ListSubscriptionsByTopic');
      const topic = this.topics.get(input.TopicArn);
      if (topic === undefined) throw new ServiceError('NotFoundException', 'Topic does not exist');
      return {
        Subscriptions: [
          ...[...topic.subscriptions].map(([arn, endpoint]) => ({
            SubscriptionArn: arn,
            Endpoint: endpoint,
            TopicArn: input.TopicArn,
          })),
          ...(topic.pending ?? []).map((endpoint) => ({
            SubscriptionArn: 'PendingConfirmation',
            Endpoint: endpoint,
            TopicArn: input.TopicArn,
          })),
        ],
      };
    });
    snsMock.on(UnsubscribeCommand).callsFake((input: { SubscriptionArn: string }) => {
      this.calls.push('SNS.Unsubscribe');
      for (const t of this.topics.values()) t.subscriptions.delete(input.SubscriptionArn);
      return {};
    });

    const sqs = new SQSClient({ region });
    const sqsMock = mockClient(sqs);
    const byUrl = (url: string | undefined): Queue => {
      const q = [...this.queues.values()].find((x) => x.url === url);
      if (q === undefined)
        throw new ServiceError('QueueDoesNotExist', `The specified queue does not exist: ${url ?? ''}`);
      return q;
    };
    sqsMock.on(CreateQueueCommand).callsFake((input: { QueueName: string; Attributes?: Record<string, string> }) => {
      this.calls.push('SQS.CreateQueue');
      return { QueueUrl: this.addQueue(input.QueueName, input.Attributes?.Policy).url };
    });
    sqsMock.on(GetQueueUrlCommand).callsFake((input: { QueueName: string }) => {
      const q = this.queues.get(input.QueueName);
      if (q === undefined) throw new ServiceError('QueueDoesNotExist', 'The specified queue does not exist');
      return { QueueUrl: q.url };
    });
    sqsMock.on(GetQueueAttributesCommand).callsFake((input: { QueueUrl: string }) => ({
      Attributes: { ApproximateNumberOfMessages: String(byUrl(input.QueueUrl).messages.length) },
    }));
    sqsMock.on(ReceiveMessageCommand).callsFake((input: { QueueUrl: string; MaxNumberOfMessages?: number }) => ({
      Messages: byUrl(input.QueueUrl)
        .messages.slice(0, input.MaxNumberOfMessages ?? 1)
        .map((m) => ({ MessageId: m.id, Body: m.body, ReceiptHandle: m.receipt })),
    }));
    sqsMock.on(DeleteMessageCommand).callsFake((input: { QueueUrl: string; ReceiptHandle: string }) => {
      const q = byUrl(input.QueueUrl);
      q.messages = q.messages.filter((m) => m.receipt !== input.ReceiptHandle);
      return {};
    });
    sqsMock.on(DeleteQueueCommand).callsFake((input: { QueueUrl: string }) => {
      this.calls.push('SQS.DeleteQueue');
      const q = byUrl(input.QueueUrl);
      for (const [name, x] of this.queues) if (x === q) this.queues.delete(name);
      return {};
    });
    return { sns, sqs, cloudwatch, events };
  }
}

/** Whether a queue policy lets SNS deliver from this topic (`sns.amazonaws.com`, `aws:SourceArn`). */
function queueAdmits(policy: string | undefined, topicArn: string): boolean {
  if (policy === undefined) return false;
  const statements = (JSON.parse(policy) as { Statement: Record<string, unknown>[] }).Statement;
  return statements.some((s) => {
    const principal = s.Principal as { Service?: string } | undefined;
    const condition = s.Condition as { ArnEquals?: Record<string, string> } | undefined;
    return (
      s.Effect === 'Allow' &&
      principal?.Service === 'sns.amazonaws.com' &&
      s.Action === 'sqs:SendMessage' &&
      condition?.ArnEquals?.['aws:SourceArn'] === topicArn
    );
  });
}
