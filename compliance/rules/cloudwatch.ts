import { blocks, bool, num, shown, str } from '../engine/model';
import type { ModelQuery, Rule, TfElement } from '../engine/types';
import { arnOf, ckv, cmkOf, fsbp, guardrailDenials, nag, nist, ok, when } from './helpers';

/** Reading a log group's events: what the guardrail must refuse all but the named readers. */
const LOG_READS = ['logs:GetLogEvents', 'logs:FilterLogEvents', 'logs:StartQuery', 'logs:StartLiveTail'] as const;

/** Metric filters on the trail's log group whose pattern contains every token, with an alarm on their metric. */
function monitored(q: ModelQuery, trail: TfElement, tokens: readonly string[]): boolean {
  const group = q.target(trail, str(trail.config.cloud_watch_logs_group_arn)?.replace(/:\*$/, ''));
  if (group === undefined) return false;
  const filters = q
    .all('aws_cloudwatch_log_metric_filter')
    .filter((f) => q.target(f, f.config.log_group_name)?.element === group.element);
  const alarms = q.all('aws_cloudwatch_metric_alarm');
  return filters.some((f) => {
    const pattern = q.render(f, f.config.pattern) ?? '';
    if (!tokens.every((t) => pattern.includes(t))) return false;
    const metrics = blocks(f.config.metric_transformation).map((m) => ({
      name: q.render(f, m.name),
      ns: q.render(f, m.namespace),
    }));
    return alarms.some((a) =>
      metrics.some((m) => m.name === q.render(a, a.config.metric_name) && m.ns === q.render(a, a.config.namespace)),
    );
  });
}
function metricRule(
  id: string,
  title: string,
  control: string,
  tokens: readonly string[],
  severity: 'error' | 'warning' = 'error',
): Rule {
  return {
    id,
    title,
    severity,
    resourceTypes: ['aws_cloudtrail'],
    rationale: `Without a metric filter and alarm, ${title.toLowerCase()} goes unnoticed until someone reads the logs.`,
    fix: `Add an aws_cloudwatch_log_metric_filter on the trail's log group matching ${tokens.join(' + ')} and an aws_cloudwatch_metric_alarm on its metric.`,
    controls: control.startsWith('CloudWatch.') ? fsbp(control) : nist(control),
    check: (t, q) =>
      when(!monitored(q, t, tokens), `no metric filter + alarm on the trail log group for ${tokens.join(', ')}`),
  };
}

/** CloudWatch Logs and alarm rules, in report order. */
export const CLOUDWATCH_RULES: readonly Rule[] = [
  {
    id: 'VAULT-CW-001',
    title: 'Log groups are encrypted with a customer-managed key',
    severity: 'error',
    resourceTypes: ['aws_cloudwatch_log_group'],
    rationale: 'Logs may contain identifiers; a customer key puts reads under our key policy.',
    fix: 'Set kms_key_id to an aws_kms_key ARN.',
    controls: [...ckv('CKV_AWS_158'), ...nag('NIST.800.53.R5-CloudWatchLogGroupEncrypted')],
    check: (g, q) => when(cmkOf(q, g, g.config.kms_key_id) === undefined, 'kms_key_id is not a customer-managed key'),
  },
  {
    id: 'VAULT-CW-002',
    title: 'Log groups have a retention period',
    severity: 'error',
    resourceTypes: ['aws_cloudwatch_log_group'],
    rationale: 'Without retention logs are kept forever (cost, data minimisation) or deleted by hand.',
    fix: 'Set retention_in_days from config.',
    controls: [
      ...ckv('CKV_AWS_66'),
      ...nag('NIST.800.53.R5-CloudWatchLogGroupRetentionPeriod', 'Serverless-CloudWatchLogGroupRetentionPeriod'),
    ],
    check: (g) => when((num(g.config.retention_in_days) ?? 0) <= 0, 'retention_in_days not set'),
  },
  {
    id: 'VAULT-CW-003',
    title: 'Log groups keep at least one year',
    severity: 'warning',
    resourceTypes: ['aws_cloudwatch_log_group'],
    rationale: 'Investigations reach back months; one year is the common audit floor (prod uses >= 365).',
    fix: 'Set retention_in_days >= 365 (config logRetentionDays).',
    controls: [...fsbp('CloudWatch.16'), ...ckv('CKV_AWS_338')],
    check: (g) =>
      when((num(g.config.retention_in_days) ?? 0) < 365, `retention_in_days is ${shown(g.config.retention_in_days)}`),
  },
  {
    id: 'VAULT-CW-004',
    title: 'Alarms notify someone',
    severity: 'error',
    resourceTypes: ['aws_cloudwatch_metric_alarm'],
    rationale: 'An alarm without an action changes state silently.',
    fix: 'Set alarm_actions to the alert topic ARN.',
    controls: [...fsbp('CloudWatch.15'), ...nag('NIST.800.53.R5-CloudWatchAlarmAction')],
    check: (a) =>
      when(!Array.isArray(a.config.alarm_actions) || a.config.alarm_actions.length === 0, 'no alarm_actions'),
  },
  {
    id: 'VAULT-CW-005',
    title: 'Alarm actions are activated',
    severity: 'error',
    resourceTypes: ['aws_cloudwatch_metric_alarm'],
    rationale: 'actions_enabled = false mutes the alarm.',
    fix: 'Remove actions_enabled = false.',
    controls: fsbp('CloudWatch.17'),
    check: (a) => when(bool(a.config.actions_enabled) === false, 'actions_enabled = false'),
  },
  metricRule('VAULT-CW-006', 'Root account use', 'CloudWatch.1', ['userIdentity.type', 'Root']),
  metricRule('VAULT-CW-007', 'Unauthorized API calls', 'CloudWatch.2', ['UnauthorizedOperation', 'AccessDenied']),
  metricRule('VAULT-CW-008', 'IAM policy changes', 'CloudWatch.4', [
    'PutRolePolicy',
    'AttachRolePolicy',
    'CreatePolicyVersion',
  ]),
  metricRule('VAULT-CW-009', 'CloudTrail configuration changes', 'CloudWatch.5', [
    'StopLogging',
    'UpdateTrail',
    'DeleteTrail',
  ]),
  metricRule('VAULT-CW-010', 'KMS key disabling or scheduled deletion', 'CloudWatch.7', [
    'DisableKey',
    'ScheduleKeyDeletion',
  ]),
  metricRule('VAULT-CW-011', 'S3 bucket policy changes', 'CloudWatch.8', ['PutBucketPolicy', 'DeleteBucketPolicy']),
  metricRule('VAULT-CW-012', 'Ledger item updates or deletes', 'AU-9', ['UpdateItem', 'DeleteItem']),
  metricRule('VAULT-CW-013', 'Vault key policy changes', 'AU-6', ['PutKeyPolicy']),
  {
    id: 'VAULT-CW-014',
    title: "The trail's log group is read only by named readers (guardrail)",
    severity: 'error',
    resourceTypes: ['aws_cloudwatch_log_group'],
    rationale:
      "CloudTrail's events name S3 object keys, which carry subject ids. A log group's resource policy cannot restrict IAM readers and its key does not gate them (CloudWatch Logs decrypts for whoever may read), so only an identity-side deny does.",
    fix: 'Deny logs:GetLogEvents, FilterLogEvents, StartQuery and StartLiveTail on the log group to all but the auditors and break-glass (ArnNotEquals aws:PrincipalArn) in the guardrail policy (and its SCP).',
    controls: nist('AC-3', 'AU-9'),
    check: (g, q) => {
      const fed = q
        .all('aws_cloudtrail')
        .some((t) => q.target(t, str(t.config.cloud_watch_logs_group_arn)?.replace(/:\*$/, ''))?.element === g);
      if (!fed) return ok;
      const arn = arnOf(q, g);
      // GetLogEvents is authorized on the log stream, the others on the log group (Service Authorization Reference).
      const open = LOG_READS.filter(
        (a) => guardrailDenials(q, a, a === 'logs:GetLogEvents' ? `${arn}:log-stream:x` : arn).length === 0,
      );
      return when(open.length > 0, `no guardrail denies ${open.join(', ')} to all but named readers`);
    },
  },
];
