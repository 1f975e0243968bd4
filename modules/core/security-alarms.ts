import { Construct } from 'constructs';
import { Fn, Token } from 'cdktf';
import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';

/** One CloudTrail metric filter with its alarm. */
export interface SecurityAlarmDefinition {
  /** Short kebab-case id: part of the filter, metric and alarm names. */
  readonly id: string;
  /** Alarm description: what happened, and the control it implements. */
  readonly description: string;
  /**
   * CloudWatch Logs filter pattern over CloudTrail's JSON events. Values that are Terraform
   * references go in `values` and appear here as `%s` (rendered with Terraform's `format()`:
   * cdktf's HCL output does not escape quotes around references inside a plain string).
   */
  readonly pattern: string;
  /** Values substituted for the `%s` in `pattern`, in order. @default [] */
  readonly values?: readonly string[];
  /** The public control this implements, for the docs table (e.g. `CIS AWS 3.0 4.1`). @default none */
  readonly control?: string;
  /**
   * Further topics the alarm notifies besides `alarmTopicArn` (an alarm about the alert path itself
   * also goes to a topic that does not depend on it). @default []
   */
  readonly alsoNotify?: readonly string[];
}

export interface SecurityAlarmsProps {
  /** The log group CloudTrail delivers to. */
  readonly logGroupName: string;
  /** Metric namespace. */
  readonly namespace: string;
  /** Prefix of every alarm name (the alert topic lets alarms with this prefix publish). */
  readonly alarmNamePrefix: string;
  /** Topic the alarms notify. */
  readonly alarmTopicArn: string;
  readonly alarms: readonly SecurityAlarmDefinition[];
  /**
   * Matching events within one 5-minute period that raise the alarm.
   * @default 1 (any occurrence)
   */
  readonly threshold?: number;
}

/**
 * CloudWatch Logs metric filters over the trail's log group, each with an alarm that notifies the
 * alert topic on the first matching event in a 5-minute period. Missing data is not breaching
 * (no events means nothing happened).
 */
export class SecurityAlarms extends Construct {
  public readonly filters: Readonly<Record<string, CloudwatchLogMetricFilter>>;
  public readonly alarms: Readonly<Record<string, CloudwatchMetricAlarm>>;

  public constructor(scope: Construct, id: string, props: SecurityAlarmsProps) {
    super(scope, id);
    const threshold = props.threshold ?? 1;
    const problems: string[] = [];
    if (!Number.isInteger(threshold) || threshold < 1)
      problems.push(`threshold: must be a positive integer (received ${JSON.stringify(threshold)})`);
    const seen = new Set<string>();
    props.alarms.forEach((a, i) => {
      if (!/^[a-z][a-z0-9-]{1,62}$/.test(a.id))
        problems.push(`alarms[${i}].id: must be kebab-case (received ${JSON.stringify(a.id)})`);
      if (seen.has(a.id)) problems.push(`alarms[${i}].id: repeated (received ${JSON.stringify(a.id)})`);
      seen.add(a.id);
      if (!/^\{.*\}$/s.test(a.pattern.trim()))
        problems.push(
          `alarms[${i}].pattern: must be a JSON filter pattern "{ ... }" (received ${JSON.stringify(a.pattern)})`,
        );
      const placeholders = (a.pattern.match(/%s/g) ?? []).length;
      if (placeholders !== (a.values ?? []).length || /%(?!s)/.test(a.pattern)) {
        problems.push(
          `alarms[${i}].values: must fill exactly the ${placeholders} "%s" of the pattern, and the pattern may hold no other "%" (received ${(a.values ?? []).length} values)`,
        );
      }
    });
    if (problems.length > 0) throw new Error(`SecurityAlarms "${id}": ${problems.join('; ')}`);

    const filters: Record<string, CloudwatchLogMetricFilter> = {};
    const alarms: Record<string, CloudwatchMetricAlarm> = {};
    for (const def of props.alarms) {
      const metricName = pascal(def.id);
      const filter = new CloudwatchLogMetricFilter(this, `${def.id}-filter`, {
        name: `${props.alarmNamePrefix}${def.id}`,
        logGroupName: props.logGroupName,
        pattern:
          (def.values ?? []).length === 0
            ? def.pattern
            : Token.asString(Fn.format(Fn.rawString(def.pattern), [...(def.values ?? [])])),
        metricTransformation: { name: metricName, namespace: props.namespace, value: '1' },
      });
      filters[def.id] = filter;
      alarms[def.id] = new CloudwatchMetricAlarm(this, `${def.id}-alarm`, {
        alarmName: `${props.alarmNamePrefix}${def.id}`,
        alarmDescription: def.control === undefined ? def.description : `${def.description} (${def.control})`,
        namespace: props.namespace,
        metricName,
        statistic: 'Sum',
        period: 300,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        threshold,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        treatMissingData: 'notBreaching',
        actionsEnabled: true,
        alarmActions: [props.alarmTopicArn, ...(def.alsoNotify ?? [])],
        // The alarm must not exist before its metric's filter (an alarm on a metric with no filter never fires).
        dependsOn: [filter],
      });
    }
    this.filters = filters;
    this.alarms = alarms;
  }
}

function pascal(id: string): string {
  return id
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}
