import { Construct } from 'constructs';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';

export interface VerifierAlarmsProps {
  /** Prefix of every alarm name (the alert topic accepts alarms with the environment's prefix). */
  readonly alarmNamePrefix: string;
  readonly functionName: string;
  readonly failureQueueName: string;
  /** The queue of uploads waiting for verification. */
  readonly intakeQueueName: string;
  /**
   * Alarm when the oldest waiting upload is older than this: the queue is not draining (the event source is
   * off, every invocation fails) or a burst exceeds what the Rekognition quota drains in that time.
   * @default 3600 (an hour: a 5-minute burst at ten times the quota drains in under an hour)
   */
  readonly intakeAgeAlarmSeconds?: number;
  /** Name of the metric counting uses of an unusable reference. */
  readonly referenceUnusableMetricName: string;
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
 * on the failure queue (an image that ended without a ledger record), uploads waiting too long in the
 * intake queue, an unusual number of UNAUTHORIZED decisions (a probing or a broken camera), and any upload
 * refused because its subject's reference is unusable. Missing data is not breaching.
 */
export class VerifierAlarms extends Construct {
  public readonly alarms: Readonly<
    Record<
      'errors' | 'throttles' | 'failure-queue' | 'intake-age' | 'unauthorized-rate' | 'reference-unusable',
      CloudwatchMetricAlarm
    >
  >;

  public constructor(scope: Construct, id: string, props: VerifierAlarmsProps) {
    super(scope, id);
    const intakeAge = props.intakeAgeAlarmSeconds ?? 3600;
    const problems: string[] = [];
    if (!Number.isInteger(props.unauthorizedThreshold) || props.unauthorizedThreshold < 1)
      problems.push(
        `unauthorizedThreshold: must be a positive integer (received ${JSON.stringify(props.unauthorizedThreshold)})`,
      );
    if (!Number.isInteger(intakeAge) || intakeAge < 60)
      problems.push(`intakeAgeAlarmSeconds: must be an integer of at least 60 (received ${JSON.stringify(intakeAge)})`);
    if (problems.length > 0) throw new Error(`VerifierAlarms ${id}: invalid props:\n  - ${problems.join('\n  - ')}`);
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
        "The verifier was throttled: its reserved concurrency is below the intake queue's maximum concurrency, or direct invocations compete with it.",
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
      'intake-age': new CloudwatchMetricAlarm(this, 'intake-age', {
        alarmName: `${props.alarmNamePrefix}verifier-intake-age`,
        alarmDescription: `An upload has waited more than ${intakeAge} s for verification: check that the intake queue's event source is enabled and the function succeeds, and the Rekognition quota.`,
        namespace: 'AWS/SQS',
        metricName: 'ApproximateAgeOfOldestMessage',
        dimensions: { QueueName: props.intakeQueueName },
        statistic: 'Maximum',
        comparisonOperator: 'GreaterThanThreshold',
        threshold: intakeAge,
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
      'reference-unusable': new CloudwatchMetricAlarm(this, 'reference-unusable', {
        alarmName: `${props.alarmNamePrefix}verifier-reference-unusable`,
        alarmDescription:
          "An upload was refused because its subject's enrolled reference has no single usable face: re-enroll the subject named in the verifier's warning.",
        namespace: props.metricsNamespace,
        metricName: props.referenceUnusableMetricName,
        dimensions: { service: props.serviceDimension },
        statistic: 'Sum',
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        threshold: 1,
        ...common,
      }),
    };
  }
}
