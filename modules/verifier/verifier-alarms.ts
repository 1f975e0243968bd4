import { Construct } from 'constructs';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';

export interface VerifierAlarmsProps {
  /** Prefix of every alarm name (the alert topic accepts alarms with the environment's prefix). */
  readonly alarmNamePrefix: string;
  readonly functionName: string;
  readonly failureQueueName: string;
  /** Namespace and `service` dimension of the function's embedded-format metrics. */
  readonly metricsNamespace: string;
  readonly serviceDimension: string;
  /** Name of the metric counting UNAUTHORIZED decisions. */
  readonly unauthorizedMetricName: string;
  /** Alarm when more UNAUTHORIZED decisions than this are recorded in 5 minutes. */
  readonly unauthorizedThreshold: number;
  /** Topic notified on alarm and on recovery. @default none: alarms change state without notifying */
  readonly alarmTopicArn?: string;
}

/**
 * The verifier's alarms, each over one 5-minute period: any function error, any throttle, any message
 * on the failure queue (an image that ended without a ledger record), and an unusual number of
 * UNAUTHORIZED decisions (a probing or a broken camera). Missing data is not breaching.
 */
export class VerifierAlarms extends Construct {
  public readonly alarms: Readonly<
    Record<'errors' | 'throttles' | 'failure-queue' | 'unauthorized-rate', CloudwatchMetricAlarm>
  >;

  public constructor(scope: Construct, id: string, props: VerifierAlarmsProps) {
    super(scope, id);
    if (!Number.isInteger(props.unauthorizedThreshold) || props.unauthorizedThreshold < 1) {
      throw new Error(
        `VerifierAlarms ${id}: invalid props:\n  - unauthorizedThreshold: must be a positive integer (received ${JSON.stringify(props.unauthorizedThreshold)})`,
      );
    }
    const actions =
      props.alarmTopicArn === undefined
        ? {}
        : { alarmActions: [props.alarmTopicArn], okActions: [props.alarmTopicArn] };
    const common = { period: 300, evaluationPeriods: 1, treatMissingData: 'notBreaching', ...actions } as const;
    const lambda = (name: string, description: string): CloudwatchMetricAlarm =>
      new CloudwatchMetricAlarm(this, name, {
        alarmName: `${props.alarmNamePrefix}verifier-${name}`,
        alarmDescription: description,
        namespace: 'AWS/Lambda',
        metricName: name === 'errors' ? 'Errors' : 'Throttles',
        dimensions: { FunctionName: props.functionName },
        statistic: 'Sum',
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        threshold: 1,
        ...common,
      });
    this.alarms = {
      errors: lambda(
        'errors',
        'The verifier failed an invocation (after the SDK retries); Lambda retries it, then sends it to the failure queue.',
      ),
      throttles: lambda(
        'throttles',
        'The verifier was throttled at its reserved concurrency; events wait in the asynchronous queue.',
      ),
      'failure-queue': new CloudwatchMetricAlarm(this, 'failure-queue', {
        alarmName: `${props.alarmNamePrefix}verifier-failure-queue`,
        alarmDescription:
          'An uploaded image ended on the failure queue without a ledger record: investigate and redrive.',
        namespace: 'AWS/SQS',
        metricName: 'ApproximateNumberOfMessagesVisible',
        dimensions: { QueueName: props.failureQueueName },
        statistic: 'Maximum',
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        threshold: 1,
        ...common,
      }),
      'unauthorized-rate': new CloudwatchMetricAlarm(this, 'unauthorized-rate', {
        alarmName: `${props.alarmNamePrefix}verifier-unauthorized-rate`,
        alarmDescription: `More than ${props.unauthorizedThreshold} UNAUTHORIZED decisions in 5 minutes: probing, a misconfigured threshold or a broken capture device.`,
        namespace: props.metricsNamespace,
        metricName: props.unauthorizedMetricName,
        dimensions: { service: props.serviceDimension },
        statistic: 'Sum',
        comparisonOperator: 'GreaterThanThreshold',
        threshold: props.unauthorizedThreshold,
        ...common,
      }),
    };
  }
}
