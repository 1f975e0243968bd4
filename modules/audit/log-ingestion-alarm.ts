import { Construct } from 'constructs';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';

export interface LogIngestionAlarmProps {
  /** The alarm's name (starts with the environment's alarm prefix, so it may publish). */
  readonly alarmName: string;
  /** The log group that must keep ingesting. */
  readonly logGroupName: string;
  /** Topics notified when ingestion stops. */
  readonly topicArns: readonly string[];
  /**
   * Consecutive 5-minute periods without an ingested event before the alarm fires.
   * @default 3
   */
  readonly periods?: number;
}

/**
 * A heartbeat on a log group that always receives events (a multi-region trail's): fires when the
 * group ingests nothing for `periods` × 5 minutes, and treats missing data as breaching, so a group
 * whose key was swapped and disabled, whose delivery role broke, or whose trail stopped is reported
 * although every metric filter on it has gone quiet. `IncomingLogEvents` per `LogGroupName` is a
 * metric CloudWatch Logs publishes in `AWS/Logs`
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CloudWatch-Logs-Monitoring-CloudWatch-Metrics.html).
 */
export class LogIngestionAlarm extends Construct {
  public readonly alarm: CloudwatchMetricAlarm;

  public constructor(scope: Construct, id: string, props: LogIngestionAlarmProps) {
    super(scope, id);
    const periods = props.periods ?? 3;
    const problems: string[] = [];
    if (!Number.isInteger(periods) || periods < 1 || periods > 288)
      problems.push(`periods: must be an integer from 1 to 288 (received ${JSON.stringify(periods)})`);
    if (props.topicArns.length === 0) problems.push('topicArns: must name at least one topic (received [])');
    if (problems.length > 0) throw new Error(`LogIngestionAlarm "${id}": ${problems.join('; ')}`);
    this.alarm = new CloudwatchMetricAlarm(this, 'alarm', {
      alarmName: props.alarmName,
      alarmDescription: `No event ingested by ${props.logGroupName} for ${periods * 5} minutes: the trail, its delivery or the log group's key is broken, and its metric filters see nothing`,
      namespace: 'AWS/Logs',
      metricName: 'IncomingLogEvents',
      dimensions: { LogGroupName: props.logGroupName },
      statistic: 'Sum',
      period: 300,
      evaluationPeriods: periods,
      datapointsToAlarm: periods,
      threshold: 1,
      comparisonOperator: 'LessThanThreshold',
      treatMissingData: 'breaching',
      actionsEnabled: true,
      alarmActions: [...props.topicArns],
    });
  }
}
