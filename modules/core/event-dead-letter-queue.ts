import { Construct } from 'constructs';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatementCondition,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { AwsContext } from './aws-context';

/** Reading a queue's messages, or throwing them away. */
export const QUEUE_READ_ACTIONS = [
  'sqs:ChangeMessageVisibility',
  'sqs:DeleteMessage',
  'sqs:PurgeQueue',
  'sqs:ReceiveMessage',
] as const;

/** Changes to a queue's policy, encryption or retention, or its deletion. */
export const QUEUE_CHANGE_ACTIONS = [
  'sqs:AddPermission',
  'sqs:DeleteQueue',
  'sqs:RemovePermission',
  'sqs:SetQueueAttributes',
  'sqs:TagQueue',
  'sqs:UntagQueue',
] as const;

export interface EventDeadLetterQueueProps {
  readonly aws: AwsContext;
  readonly queueName: string;
  /** Customer-managed key of the queue; its policy must let `events.amazonaws.com` use it. */
  readonly kmsKeyArn: string;
  /** Name prefix of the EventBridge rules (default bus, this account and region) whose targets use the queue. */
  readonly eventRuleNamePrefix: string;
  /** The only roles that may receive, delete or purge messages (break-glass). */
  readonly readerArns: readonly string[];
  /** The only roles that may change or delete the queue (those that apply it, and break-glass). */
  readonly changeableBy: readonly string[];
  /** An alarm on the first message: its name and the topics it notifies. @default no alarm */
  readonly alarm?: { readonly name: string; readonly topicArns: readonly string[]; readonly description?: string };
}

/**
 * The dead-letter queue of EventBridge targets: an event a rule could not deliver (a KMS or policy
 * denial goes there at once, other failures after EventBridge's 24 hours of retries) is kept 14 days
 * instead of dropped, and its arrival raises an alarm. Only rules of this account named with the
 * prefix may send (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html: the
 * queue policy allows `events.amazonaws.com` with `aws:SourceArn` of the rule); only the readers may
 * read or purge it, only `changeableBy` may change it, nobody without TLS.
 */
export class EventDeadLetterQueue extends Construct {
  public readonly queue: SqsQueue;
  public readonly queueArn: string;
  public readonly policyDocument: DataAwsIamPolicyDocument;
  public readonly alarm: CloudwatchMetricAlarm | undefined;

  public constructor(scope: Construct, id: string, props: EventDeadLetterQueueProps) {
    super(scope, id);
    const { aws } = props;
    const problems: string[] = [];
    if (props.readerArns.length === 0) problems.push('readerArns: must name at least one role (received [])');
    if (props.changeableBy.length === 0) problems.push('changeableBy: must name at least one role (received [])');
    if (!/^[A-Za-z0-9_.-]{1,60}$/.test(props.eventRuleNamePrefix))
      problems.push(
        `eventRuleNamePrefix: must be the start of an EventBridge rule name (received ${JSON.stringify(props.eventRuleNamePrefix)})`,
      );
    if (problems.length > 0) throw new Error(`EventDeadLetterQueue "${id}": ${problems.join('; ')}`);

    this.queue = new SqsQueue(this, 'queue', {
      name: props.queueName,
      kmsMasterKeyId: props.kmsKeyArn,
      kmsDataKeyReusePeriodSeconds: 300,
      messageRetentionSeconds: 14 * 24 * 3600,
    });
    this.queueArn = this.queue.arn;
    // Derived from the name: the policy does not wait for the queue it is attached to.
    const queueArn = aws.queueArn(props.queueName);
    const everyone = [{ type: '*', identifiers: ['*'] }];
    const except = (arns: readonly string[]): DataAwsIamPolicyDocumentStatementCondition[] => [
      { test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [...arns] },
    ];
    this.policyDocument = new DataAwsIamPolicyDocument(this, 'policy-document', {
      statement: [
        {
          sid: 'EventRulesOfThisEnvironmentDeadLetters',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['events.amazonaws.com'] }],
          actions: ['sqs:SendMessage'],
          resources: [queueArn],
          condition: [
            {
              test: 'ArnLike',
              variable: 'aws:SourceArn',
              values: [aws.arn('events', `rule/${props.eventRuleNamePrefix}*`)],
            },
          ],
        },
        {
          sid: 'DenyWithoutTls',
          effect: 'Deny',
          principals: everyone,
          actions: ['sqs:*'],
          resources: [queueArn],
          condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
        },
        {
          sid: 'DenyReadsExceptReaders',
          effect: 'Deny',
          principals: everyone,
          actions: [...QUEUE_READ_ACTIONS],
          resources: [queueArn],
          condition: except(props.readerArns),
        },
        {
          sid: 'DenyQueueChangesExceptAdministrators',
          effect: 'Deny',
          principals: everyone,
          actions: [...QUEUE_CHANGE_ACTIONS],
          resources: [queueArn],
          condition: except(props.changeableBy),
        },
      ],
    });
    new SqsQueuePolicy(this, 'policy', { queueUrl: this.queue.url, policy: this.policyDocument.json });

    this.alarm =
      props.alarm === undefined
        ? undefined
        : new CloudwatchMetricAlarm(this, 'alarm', {
            alarmName: props.alarm.name,
            alarmDescription:
              props.alarm.description ?? 'An alert EventBridge could not deliver is waiting in its dead-letter queue',
            namespace: 'AWS/SQS',
            metricName: 'ApproximateNumberOfMessagesVisible',
            dimensions: { QueueName: props.queueName },
            statistic: 'Maximum',
            period: 300,
            evaluationPeriods: 1,
            threshold: 1,
            comparisonOperator: 'GreaterThanOrEqualToThreshold',
            treatMissingData: 'notBreaching',
            alarmActions: [...props.alarm.topicArns],
            dependsOn: [this.queue],
          });
  }
}
