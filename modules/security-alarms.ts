import { Construct } from 'constructs';
import { Fn } from 'cdktf';
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
    if (!Number.isInteger(threshold) || threshold < 1) problems.push(`threshold: must be a positive integer (received ${JSON.stringify(threshold)})`);
    const seen = new Set<string>();
    props.alarms.forEach((a, i) => {
      if (!/^[a-z][a-z0-9-]{1,62}$/.test(a.id)) problems.push(`alarms[${i}].id: must be kebab-case (received ${JSON.stringify(a.id)})`);
      if (seen.has(a.id)) problems.push(`alarms[${i}].id: repeated (received ${JSON.stringify(a.id)})`);
      seen.add(a.id);
      if (!/^\{.*\}$/s.test(a.pattern.trim())) problems.push(`alarms[${i}].pattern: must be a JSON filter pattern "{ ... }" (received ${JSON.stringify(a.pattern)})`);
      const placeholders = (a.pattern.match(/%s/g) ?? []).length;
      if (placeholders !== (a.values ?? []).length || /%(?!s)/.test(a.pattern)) {
        problems.push(`alarms[${i}].values: must fill exactly the ${placeholders} "%s" of the pattern, and the pattern may hold no other "%" (received ${(a.values ?? []).length} values)`);
      }
    });
    if (problems.length > 0) throw new Error(`SecurityAlarms "${id}": ${problems.join('; ')}`);

    const filters: Record<string, CloudwatchLogMetricFilter> = {};
    const alarms: Record<string, CloudwatchMetricAlarm> = {};
    for (const def of props.alarms) {
      const metricName = pascal(def.id);
      filters[def.id] = new CloudwatchLogMetricFilter(this, `${def.id}-filter`, {
        name: `${props.alarmNamePrefix}${def.id}`,
        logGroupName: props.logGroupName,
        pattern: (def.values ?? []).length === 0 ? def.pattern : Fn.format(Fn.rawString(def.pattern), [...(def.values ?? [])]),
        metricTransformation: { name: metricName, namespace: props.namespace, value: '1' },
      });
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
        alarmActions: [props.alarmTopicArn],
        // The alarm must not exist before its metric's filter (an alarm on a metric with no filter never fires).
        dependsOn: [filters[def.id] as CloudwatchLogMetricFilter],
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

/** Names of the vault resources the vault-specific alarms watch. */
export interface VaultAlarmTargets {
  readonly vaultKeyArn: string;
  readonly auditKeyArn: string;
  readonly vaultBucketName: string;
  readonly ledgerTableArn: string;
}

const anyOf = (field: string, values: readonly string[]): string =>
  `(${values.map((v) => `(${field} = "${v}")`).join(' || ')})`;
/** `count` placeholders for referenced values, as alternatives of one field. */
const anyOfValues = (field: string, count: number): string => anyOf(field, Array.from({ length: count }, () => '%s'));

/** IAM actions that change a policy (CIS AWS Foundations 3.0, 4.4). */
export const IAM_POLICY_CHANGE_EVENTS = [
  'DeleteGroupPolicy', 'DeleteRolePolicy', 'DeleteUserPolicy', 'PutGroupPolicy', 'PutRolePolicy', 'PutUserPolicy',
  'CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion', 'DeletePolicyVersion', 'AttachRolePolicy', 'DetachRolePolicy',
  'AttachUserPolicy', 'DetachUserPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy',
] as const;

/** CloudTrail configuration changes (CIS 4.5, plus selector changes that narrow what is recorded). */
export const CLOUDTRAIL_CHANGE_EVENTS = [
  'CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging', 'PutEventSelectors', 'PutInsightSelectors',
] as const;

/** S3 bucket policy and configuration changes (CIS 4.8). */
export const S3_BUCKET_POLICY_CHANGE_EVENTS = [
  'PutBucketAcl', 'PutBucketPolicy', 'PutBucketCors', 'PutBucketLifecycle', 'PutBucketReplication',
  'DeleteBucketPolicy', 'DeleteBucketCors', 'DeleteBucketLifecycle', 'DeleteBucketReplication',
] as const;

/** Ledger item operations that update or delete records (PartiQL statements included). */
export const LEDGER_MUTATION_EVENTS = [
  'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems', 'ExecuteStatement', 'BatchExecuteStatement', 'ExecuteTransaction',
] as const;

/**
 * The audit alarms: CIS AWS Foundations Benchmark 3.0 section 4 (formerly 3.x) patterns, and the
 * vault-specific ones (key, vault bucket and ledger policy changes, ledger item mutation attempts).
 */
export function auditAlarmDefinitions(t: VaultAlarmTargets): SecurityAlarmDefinition[] {
  return [
    {
      id: 'unauthorized-api-calls',
      description: 'API calls denied for lack of authorization',
      control: 'CIS AWS 3.0 4.1',
      pattern:
        '{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }',
    },
    {
      id: 'root-account-usage',
      description: 'The root user made a request',
      control: 'CIS AWS 3.0 4.3',
      pattern: '{ ($.userIdentity.type = "Root") && ($.userIdentity.invokedBy NOT EXISTS) && ($.eventType != "AwsServiceEvent") }',
    },
    {
      id: 'iam-policy-changes',
      description: 'An IAM policy was created, changed, attached or detached',
      control: 'CIS AWS 3.0 4.4',
      pattern: `{ ($.eventSource = "iam.amazonaws.com") && ${anyOf('$.eventName', IAM_POLICY_CHANGE_EVENTS)} }`,
    },
    {
      id: 'cloudtrail-changes',
      description: 'A trail was created, changed, stopped or deleted, or its selectors changed',
      control: 'CIS AWS 3.0 4.5',
      pattern: `{ ($.eventSource = "cloudtrail.amazonaws.com") && ${anyOf('$.eventName', CLOUDTRAIL_CHANGE_EVENTS)} }`,
    },
    {
      id: 'kms-key-disabled-or-deletion-scheduled',
      description: 'A customer-managed KMS key was disabled or scheduled for deletion',
      control: 'CIS AWS 3.0 4.7',
      pattern: `{ ($.eventSource = "kms.amazonaws.com") && ${anyOf('$.eventName', ['DisableKey', 'ScheduleKeyDeletion'])} }`,
    },
    {
      id: 's3-bucket-policy-changes',
      description: 'An S3 bucket policy, ACL, CORS, lifecycle or replication configuration changed',
      control: 'CIS AWS 3.0 4.8',
      pattern: `{ ($.eventSource = "s3.amazonaws.com") && ${anyOf('$.eventName', S3_BUCKET_POLICY_CHANGE_EVENTS)} }`,
    },
    {
      id: 'vault-key-policy-changes',
      description: 'The key policy of the VaultKey or the audit key changed',
      pattern: `{ ($.eventSource = "kms.amazonaws.com") && ($.eventName = "PutKeyPolicy") && ${anyOfValues('$.resources[0].ARN', 2)} }`,
      values: [t.vaultKeyArn, t.auditKeyArn],
    },
    {
      id: 'vault-bucket-policy-changes',
      description: 'The vault bucket policy was changed or deleted',
      pattern: `{ ($.eventSource = "s3.amazonaws.com") && ${anyOf('$.eventName', ['PutBucketPolicy', 'DeleteBucketPolicy'])} && ($.requestParameters.bucketName = "%s") }`,
      values: [t.vaultBucketName],
    },
    {
      id: 'ledger-resource-policy-changes',
      description: "The ledger table's resource policy was changed or deleted",
      pattern: `{ ($.eventSource = "dynamodb.amazonaws.com") && ${anyOf('$.eventName', ['PutResourcePolicy', 'DeleteResourcePolicy'])} && ($.requestParameters.resourceArn = "%s") }`,
      values: [t.ledgerTableArn],
    },
    {
      id: 'ledger-item-mutation-attempts',
      description: 'An attempt (allowed or denied) to update or delete ledger records',
      pattern: `{ ($.eventSource = "dynamodb.amazonaws.com") && ${anyOf('$.eventName', LEDGER_MUTATION_EVENTS)} && ($.resources[0].ARN = "%s") }`,
      values: [t.ledgerTableArn],
    },
  ];
}
