import { blocks, str } from '../engine/model';
import { matchesEventPattern } from '../engine/event-pattern';
import type { JsonObject, ModelQuery, TfElement } from '../engine/types';
import { arnOf, stateBuckets } from './helpers';

/**
 * The calls that would stop or blind detection, per resource type, as CloudTrail delivers them to
 * EventBridge ("AWS API Call via CloudTrail"), built for the resources of a synthesized model: the
 * compliance rules ask whether an enabled rule routed to an SNS topic matches each. Field names
 * follow each API's request members (CloudTrail record contents: requestParameters "are documented in
 * the API reference documentation for the appropriate AWS service").
 */

/** Where AWS global services (IAM) deliver their events to EventBridge. */
export const GLOBAL_EVENTS_REGION = 'us-east-1';

export interface TamperSample {
  /** What the call does, for messages (`DisableKey`). */
  readonly call: string;
  readonly event: JsonObject;
  /** Delivered only in us-east-1 (IAM): needs a rule there that forwards it, unless the environment is there. */
  readonly global: boolean;
}

function event(
  region: string,
  account: string,
  service: string,
  eventName: string,
  requestParameters: JsonObject,
  resources?: JsonObject[],
): JsonObject {
  const source = service === 'monitoring' ? 'aws.monitoring' : `aws.${service}`;
  return {
    version: '0',
    'detail-type': 'AWS API Call via CloudTrail',
    source,
    account,
    region,
    resources: [],
    detail: {
      eventSource: `${service}.amazonaws.com`,
      eventName,
      awsRegion: region,
      requestParameters,
      ...(resources !== undefined && { resources }),
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: account,
    },
  };
}

/** The element types whose tampering must alert (alert topics, rules and alarms only when they alert). */
export const TAMPER_RESOURCE_TYPES = [
  'aws_kms_key',
  'aws_cloudtrail',
  'aws_guardduty_detector',
  'aws_guardduty_malware_protection_plan',
  'aws_cloudwatch_event_rule',
  'aws_cloudwatch_log_group',
  'aws_cloudwatch_metric_alarm',
  'aws_sns_topic',
  'aws_lambda_function',
  'aws_iam_role',
  'aws_dynamodb_table',
  'aws_s3_bucket',
] as const;

/** Whether an element is an SNS topic. */
const isTopic = (q: ModelQuery, from: TfElement, value: unknown): boolean =>
  q.target(from, value as string)?.element.type === 'aws_sns_topic';

/** The topics an alarm notifies. */
function alarmTopics(q: ModelQuery, alarm: TfElement): TfElement[] {
  const actions = alarm.config.alarm_actions;
  return (Array.isArray(actions) ? actions : [])
    .map((a) => q.target(alarm, a)?.element)
    .filter((t): t is TfElement => t?.type === 'aws_sns_topic');
}

/** EventBridge targets of a rule. */
export function targetsOf(q: ModelQuery, rule: TfElement): TfElement[] {
  return q.all('aws_cloudwatch_event_target').filter((t) => q.target(t, t.config.rule)?.element === rule);
}

/** Whether a rule delivers to an SNS topic. */
export function alertsTopic(q: ModelQuery, rule: TfElement): boolean {
  return targetsOf(q, rule).some((t) => isTopic(q, t, t.config.arn));
}

/** The topics that carry alerts: an alarm's action or an EventBridge rule's target. */
export function alertTopics(q: ModelQuery): TfElement[] {
  const out = new Set<TfElement>();
  for (const a of q.all('aws_cloudwatch_metric_alarm')) for (const t of alarmTopics(q, a)) out.add(t);
  for (const t of q.all('aws_cloudwatch_event_target')) {
    const topic = q.target(t, t.config.arn)?.element;
    if (topic?.type === 'aws_sns_topic') out.add(topic);
  }
  return [...out];
}

/** Keys of the buckets that hold Terraform state: named from config by the stacks, never referenced. */
function stateKeys(q: ModelQuery): Set<TfElement> {
  const out = new Set<TfElement>();
  for (const b of stateBuckets(q)) {
    for (const c of q.referencing(b, 'aws_s3_bucket_server_side_encryption_configuration', 'bucket')) {
      for (const rule of blocks(c.config.rule))
        for (const d of blocks(rule.apply_server_side_encryption_by_default)) {
          const key = q.target(c, d.kms_master_key_id)?.element;
          if (key?.type === 'aws_kms_key') out.add(key);
        }
    }
  }
  return out;
}

/**
 * The tamper calls on one element, or none when the element is not one whose tampering must alert
 * (a rule, alarm or topic that carries no alert; a log group without metric filters; the state key,
 * which the stacks name from configuration, so the model cannot tie the two).
 */
export function tamperSamples(q: ModelQuery, e: TfElement): TamperSample[] {
  const region = q.elementRegion(e);
  const account = q.accountId;
  const name = (attribute: string): string => q.render(e, e.config[attribute]) ?? e.name;
  const one = (
    service: string,
    calls: readonly string[],
    parameters: (call: string) => JsonObject,
    resources?: JsonObject[],
  ): TamperSample[] =>
    calls.map((call) => ({
      call,
      event: event(
        service === 'iam' ? GLOBAL_EVENTS_REGION : region,
        account,
        service,
        call,
        parameters(call),
        resources,
      ),
      global: service === 'iam',
    }));
  switch (e.type) {
    case 'aws_kms_key': {
      if (stateKeys(q).has(e)) return [];
      const arn = arnOf(q, e);
      return one(
        'kms',
        ['DisableKey', 'ScheduleKeyDeletion', 'PutKeyPolicy', 'CancelKeyDeletion'],
        () => ({ keyId: arn }),
        [{ accountId: account, type: 'AWS::KMS::Key', ARN: arn }],
      );
    }
    case 'aws_cloudtrail':
      return one(
        'cloudtrail',
        ['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors', 'PutInsightSelectors'],
        (c) => (c.startsWith('Put') ? { trailName: name('name') } : { name: name('name') }),
      );
    case 'aws_guardduty_detector':
      return one(
        'guardduty',
        ['DeleteDetector', 'UpdateDetector', 'DeletePublishingDestination', 'CreateFilter'],
        () => ({
          detectorId: q.render(e, `\${${e.address}.id}`) ?? e.name,
        }),
      );
    case 'aws_guardduty_malware_protection_plan':
      return one('guardduty', ['DeleteMalwareProtectionPlan', 'UpdateMalwareProtectionPlan'], () => ({
        malwareProtectionPlanId: e.name,
      }));
    case 'aws_cloudwatch_event_rule':
      if (!alertsTopic(q, e)) return [];
      return one('events', ['DisableRule', 'DeleteRule', 'RemoveTargets'], (c) =>
        c === 'RemoveTargets' ? { rule: name('name'), ids: ['x'] } : { name: name('name') },
      );
    case 'aws_cloudwatch_log_group': {
      const filtered = q
        .all('aws_cloudwatch_log_metric_filter')
        .some((f) => q.target(f, f.config.log_group_name)?.element === e);
      if (!filtered) return [];
      return one('logs', ['DeleteMetricFilter', 'DeleteLogGroup', 'PutRetentionPolicy'], () => ({
        logGroupName: name('name'),
      }));
    }
    case 'aws_cloudwatch_metric_alarm':
      if (alarmTopics(q, e).length === 0) return [];
      return one('monitoring', ['DeleteAlarms', 'DisableAlarmActions'], () => ({ alarmNames: [name('alarm_name')] }));
    case 'aws_sns_topic': {
      if (!alertTopics(q).includes(e)) return [];
      const arn = arnOf(q, e);
      return one('sns', ['Unsubscribe', 'SetTopicAttributes', 'DeleteTopic'], (c) =>
        c === 'Unsubscribe' ? { subscriptionArn: `${arn}:0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0` } : { topicArn: arn },
      );
    }
    case 'aws_lambda_function':
      // CloudTrail names carry an API version ("GetFunction20150331", Lambda developer guide).
      return one(
        'lambda',
        ['UpdateFunctionCode20150331v2', 'UpdateFunctionConfiguration20150331v2', 'AddPermission20150331v2'],
        () => ({
          functionName: name('function_name'),
        }),
      );
    case 'aws_iam_role':
      return one(
        'iam',
        ['AttachRolePolicy', 'PutRolePolicy', 'UpdateAssumeRolePolicy', 'DeleteRolePermissionsBoundary'],
        () => ({
          roleName: name('name'),
        }),
      );
    case 'aws_dynamodb_table':
      return one(
        'dynamodb',
        ['PutResourcePolicy', 'DeleteResourcePolicy', 'UpdateContinuousBackups', 'UpdateTable'],
        (c) => (c.endsWith('ResourcePolicy') ? { resourceArn: arnOf(q, e) } : { tableName: name('name') }),
      );
    case 'aws_s3_bucket':
      return one(
        's3',
        ['PutBucketPolicy', 'PutBucketLifecycle', 'PutBucketVersioning', 'PutObjectLockConfiguration'],
        () => ({
          bucketName: name('bucket'),
        }),
      );
    default:
      return [];
  }
}

/** Enabled EventBridge rules of the default bus with their patterns, as the model renders them. */
export function enabledRules(q: ModelQuery): { rule: TfElement; pattern: JsonObject }[] {
  return q
    .all('aws_cloudwatch_event_rule')
    .filter((r) => str(r.config.state) !== 'DISABLED' && r.config.is_enabled !== false)
    .flatMap((rule) => {
      const pattern = q.jsonValue(rule, rule.config.event_pattern);
      return pattern !== null && typeof pattern === 'object' && !Array.isArray(pattern) ? [{ rule, pattern }] : [];
    });
}

/** Whether a rule's pattern matches an event, an unreadable pattern counting as no match. */
export function ruleMatches(pattern: JsonObject, e: JsonObject): boolean {
  try {
    return matchesEventPattern(pattern, e);
  } catch {
    return false;
  }
}

/**
 * Why a tamper sample would go unreported, or undefined when an enabled rule of its region routes it
 * to an SNS topic (not the element itself, for rules: a rule cannot report its own disabling), and,
 * for IAM, a rule in us-east-1 forwards it to an event bus when the alerting rule is elsewhere.
 */
export function unreported(
  q: ModelQuery,
  element: TfElement,
  sample: TamperSample,
  rules: readonly { rule: TfElement; pattern: JsonObject }[],
): string | undefined {
  const home = q.elementRegion(element);
  const alerting = rules.filter(
    (r) =>
      r.rule !== element &&
      q.elementRegion(r.rule) === home &&
      alertsTopic(q, r.rule) &&
      ruleMatches(r.pattern, sample.event),
  );
  if (alerting.length === 0) return `${sample.call} reaches no enabled EventBridge rule that notifies an SNS topic`;
  if (!sample.global || home === GLOBAL_EVENTS_REGION) return undefined;
  const forwarded = rules.some(
    (r) =>
      q.elementRegion(r.rule) === GLOBAL_EVENTS_REGION &&
      ruleMatches(r.pattern, sample.event) &&
      targetsOf(q, r.rule).some((t) => (q.render(t, t.config.arn) ?? '').includes(':event-bus/')),
  );
  return forwarded
    ? undefined
    : `${sample.call} is delivered only in ${GLOBAL_EVENTS_REGION}, and no rule there forwards it to an event bus`;
}
