import { Construct } from 'constructs';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';

export interface LedgerIntegrityAlarmsProps {
  /** Prefix of every alarm name (the alert topic accepts alarms with the environment's prefix). */
  readonly alarmNamePrefix: string;
  readonly streamFunctionName: string;
  readonly streamFailureQueueName: string;
  readonly digestFunctionName: string;
  readonly digestDeadLetterQueueName: string;
  /** Namespace of the functions' embedded-format metrics, their `service` dimensions and metric names. */
  readonly metricsNamespace: string;
  readonly streamService: string;
  readonly digestService: string;
  readonly metrics: {
    readonly modified: string;
    readonly removed: string;
    readonly digestWritten: string;
    readonly intervalsBehind: string;
    readonly lateRecords: string;
  };
  /** Topic notified on alarm and on recovery. */
  readonly alarmTopicArn: string;
}

type AlarmName =
  | 'record-modified'
  | 'record-removed'
  | 'stream-failure-queue'
  | 'stream-errors'
  | 'stream-iterator-age'
  | 'digest-errors'
  | 'digest-dead-letters'
  | 'digest-missing'
  | 'digest-behind'
  | 'late-records';

/**
 * The ledger-integrity alarms, all to the alert topic:
 * - a record changed or deleted (the metric beside the stream consumer's own alert message);
 * - the stream consumer failing, falling behind (iterator age over 10 minutes: records near the stream's
 *   24-hour retention are lost) or dead-lettering a batch (its changes reach no digest);
 * - the digest job failing, dead-lettered, behind, or writing no digest for an hour (missing data breaches:
 *   a job that stopped running is the failure to catch);
 * - a record written late or backdated (its `recordedAt` well before the interval that streamed it).
 */
export class LedgerIntegrityAlarms extends Construct {
  public readonly alarms: Readonly<Record<AlarmName, CloudwatchMetricAlarm>>;

  public constructor(scope: Construct, id: string, props: LedgerIntegrityAlarmsProps) {
    super(scope, id);
    const actions = { alarmActions: [props.alarmTopicArn], okActions: [props.alarmTopicArn] };
    const alarm = (
      name: AlarmName,
      description: string,
      metric: {
        namespace: string;
        metricName: string;
        dimensions: Record<string, string>;
        statistic: 'Sum' | 'Maximum';
        threshold: number;
        comparisonOperator?: string;
        period?: number;
        treatMissingData?: string;
      },
    ): CloudwatchMetricAlarm =>
      new CloudwatchMetricAlarm(this, name, {
        alarmName: `${props.alarmNamePrefix}ledger-${name}`,
        alarmDescription: description,
        namespace: metric.namespace,
        metricName: metric.metricName,
        dimensions: metric.dimensions,
        statistic: metric.statistic,
        comparisonOperator: metric.comparisonOperator ?? 'GreaterThanOrEqualToThreshold',
        threshold: metric.threshold,
        period: metric.period ?? 300,
        evaluationPeriods: 1,
        treatMissingData: metric.treatMissingData ?? 'notBreaching',
        ...actions,
      });
    const custom = (service: string, metricName: string) => ({
      namespace: props.metricsNamespace,
      metricName,
      dimensions: { service },
    });
    const lambda = (functionName: string, metricName: string) => ({
      namespace: 'AWS/Lambda',
      metricName,
      dimensions: { FunctionName: functionName },
    });
    const queue = (queueName: string) => ({
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: queueName },
    });
    this.alarms = {
      'record-modified': alarm(
        'record-modified',
        'A ledger record was changed (MODIFY on the ledger stream): the alert message names the record and the attributes.',
        { ...custom(props.streamService, props.metrics.modified), statistic: 'Sum', threshold: 1 },
      ),
      'record-removed': alarm(
        'record-removed',
        'A ledger record was deleted (REMOVE on the ledger stream): the alert message names the record.',
        { ...custom(props.streamService, props.metrics.removed), statistic: 'Sum', threshold: 1 },
      ),
      'stream-failure-queue': alarm(
        'stream-failure-queue',
        'A batch of ledger changes could not be staged or alerted and was dead-lettered: its changes reach no digest (ledger:verify reports them); the stream keeps them 24 hours.',
        { ...queue(props.streamFailureQueueName), statistic: 'Maximum', threshold: 1 },
      ),
      'stream-errors': alarm('stream-errors', 'The ledger stream consumer failed a batch; Lambda retries it.', {
        ...lambda(props.streamFunctionName, 'Errors'),
        statistic: 'Sum',
        threshold: 1,
      }),
      'stream-iterator-age': alarm(
        'stream-iterator-age',
        'The ledger stream consumer is more than 10 minutes behind: changes are alerted and staged late; past 24 hours the stream drops them.',
        { ...lambda(props.streamFunctionName, 'IteratorAge'), statistic: 'Maximum', threshold: 600_000 },
      ),
      'digest-errors': alarm(
        'digest-errors',
        'The ledger digest job failed; it is retried and the next run catches up.',
        {
          ...lambda(props.digestFunctionName, 'Errors'),
          statistic: 'Sum',
          threshold: 1,
        },
      ),
      'digest-dead-letters': alarm(
        'digest-dead-letters',
        'An invocation of the ledger digest job was dead-lettered after its retries.',
        { ...queue(props.digestDeadLetterQueueName), statistic: 'Maximum', threshold: 1 },
      ),
      'digest-missing': alarm(
        'digest-missing',
        'No ledger digest was written for an hour: the digest job is not running (or cannot continue a damaged chain).',
        {
          ...custom(props.digestService, props.metrics.digestWritten),
          statistic: 'Sum',
          threshold: 1,
          comparisonOperator: 'LessThanThreshold',
          period: 3600,
          treatMissingData: 'breaching',
        },
      ),
      'digest-behind': alarm('digest-behind', 'The ledger digest job is two or more intervals behind.', {
        ...custom(props.digestService, props.metrics.intervalsBehind),
        statistic: 'Maximum',
        threshold: 2,
      }),
      'late-records': alarm(
        'late-records',
        'A ledger record was streamed well after its recordedAt: written late (a retry, clock skew) or backdated.',
        { ...custom(props.digestService, props.metrics.lateRecords), statistic: 'Sum', threshold: 1 },
      ),
    };
  }
}
