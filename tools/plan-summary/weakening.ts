/**
 * Changes that weaken a decision or a guarantee of the vault without touching a policy or a key:
 * the verifier's decision settings and code, the path of uploads to it, detection (alarms, metric filters, event rules,
 * subscriptions, log retention), data protection (Object Lock, lifecycle, point-in-time recovery,
 * deletion protection) and Terraform state. Each rule returns the reasons it finds, in words a
 * reviewer can check against the attribute table; an empty list means the rule does not apply.
 */
import { isJsonObject, type JsonValue, type ResourceChange } from './plan-types';
import type { ChangeKind, SecurityReason } from './classify';
import { CODE_INJECTION_VARIABLES } from '../../modules/core/lambda-environment';

/** The verifier's decision settings (lambda-src/verifier/config.ts) and which way weakens each. */
const DECISION_SETTINGS: Readonly<Record<string, 'lower-weakens' | 'higher-weakens' | 'true-weakens'>> = {
  FACE_CONFIDENCE_THRESHOLD: 'lower-weakens',
  SIMILARITY_THRESHOLD: 'lower-weakens',
  MIN_BRIGHTNESS: 'lower-weakens',
  MIN_SHARPNESS: 'lower-weakens',
  MAX_ABS_YAW_DEGREES: 'higher-weakens',
  MAX_ABS_PITCH_DEGREES: 'higher-weakens',
  ALLOW_DETECTION_ONLY_WITHOUT_REFERENCE: 'true-weakens',
};

/** Lambda attributes that change which code runs. */
const CODE_ATTRIBUTES = [
  'filename',
  'source_code_hash',
  's3_bucket',
  's3_key',
  's3_object_version',
  'image_uri',
  'handler',
  'runtime',
  'layers',
  'code_signing_config_arn',
  'architectures',
];

/** Types whose deletion or change blinds detection; creating one is never a weakening. */
const DETECTION_TYPES: Readonly<Record<string, string>> = {
  aws_cloudwatch_metric_alarm: 'alarm',
  aws_cloudwatch_composite_alarm: 'alarm',
  aws_cloudwatch_log_metric_filter: 'metric filter',
  aws_cloudwatch_event_rule: 'EventBridge rule',
  aws_cloudwatch_event_target: 'EventBridge target',
  aws_sns_topic_subscription: 'alert subscription',
};

/** Attributes that never weaken anything (labels). */
const IGNORED = new Set(['tags', 'tags_all', 'description', 'alarm_description']);

function get(value: JsonValue | undefined, ...path: (string | number)[]): JsonValue | undefined {
  let v = value;
  for (const key of path) {
    if (Array.isArray(v) && typeof key === 'number') v = v[key];
    else if (isJsonObject(v) && typeof key === 'string') v = v[key];
    else return undefined;
  }
  return v;
}

function same(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** Top-level attributes whose value differs (or becomes unknown) between before and after. */
function changedAttributes(rc: ResourceChange): string[] {
  const before = isJsonObject(rc.change.before) ? rc.change.before : {};
  const after = isJsonObject(rc.change.after) ? rc.change.after : {};
  const unknown = isJsonObject(rc.change.after_unknown) ? rc.change.after_unknown : {};
  const keys = new Set([...Object.keys(before), ...Object.keys(after), ...Object.keys(unknown)]);
  return [...keys].filter((k) => !IGNORED.has(k) && (unknown[k] === true || !same(before[k], after[k]))).sort();
}

function show(v: JsonValue | undefined): string {
  return v === undefined ? 'unset' : JSON.stringify(v);
}

function verifierDecisionReasons(rc: ResourceChange, kind: ChangeKind): SecurityReason[] {
  const before = get(rc.change.before, 'environment', 0, 'variables');
  const after = get(rc.change.after, 'environment', 0, 'variables');
  const reasons: SecurityReason[] = [];
  const unknownVars =
    get(rc.change.after_unknown, 'environment') === true ||
    get(rc.change.after_unknown, 'environment', 0, 'variables') === true;
  const hiddenVars =
    get(rc.change.after_sensitive, 'environment') === true ||
    get(rc.change.after_sensitive, 'environment', 0, 'variables') === true;
  if (unknownVars || hiddenVars) {
    return [
      {
        category: 'verifier',
        reason: `decision settings cannot be read in the plan (${unknownVars ? 'known after apply' : 'sensitive'})`,
      },
    ];
  }
  for (const [name, weakens] of Object.entries(DECISION_SETTINGS)) {
    const b = kind === 'create' ? undefined : get(before, name);
    const a = get(after, name);
    if (same(b, a)) continue;
    const from = Number(b);
    const to = Number(a);
    let weaker: boolean;
    if (weakens === 'true-weakens') weaker = a === 'true';
    else if (kind === 'create' || b === undefined) weaker = false;
    else if (a === undefined || Number.isNaN(to)) weaker = true;
    else weaker = weakens === 'lower-weakens' ? to < from : to > from;
    if (!weaker) continue;
    const verb =
      weakens === 'true-weakens'
        ? 'switched on (a subject without a reference image can be AUTHORIZED on detection alone)'
        : a === undefined
          ? `removed (was ${show(b)}; the verifier falls back to its default)`
          : `${weakens === 'lower-weakens' ? 'lowered' : 'raised'} from ${show(b)} to ${show(a)}`;
    reasons.push({ category: 'verifier', reason: `verifier decision setting \`${name}\` ${verb}` });
  }
  return reasons;
}

function injectionReasons(rc: ResourceChange, kind: ChangeKind): SecurityReason[] {
  const before = kind === 'create' ? undefined : get(rc.change.before, 'environment', 0, 'variables');
  const after = get(rc.change.after, 'environment', 0, 'variables');
  return CODE_INJECTION_VARIABLES.filter(
    (name) => get(after, name) !== undefined && !same(get(before, name), get(after, name)),
  ).map((name) => ({
    category: 'verifier',
    reason: `environment variable \`${name}\` set to ${show(get(after, name))}: code or trust outside the signed package`,
  }));
}

function lambdaReasons(rc: ResourceChange, kind: ChangeKind): SecurityReason[] {
  const reasons = [...verifierDecisionReasons(rc, kind), ...injectionReasons(rc, kind)];
  if (kind === 'update' || kind === 'replace') {
    const code = changedAttributes(rc).filter((a) => CODE_ATTRIBUTES.includes(a));
    if (code.length > 0)
      reasons.push({
        category: 'verifier',
        reason: `function code changed (${code.map((a) => `\`${a}\``).join(', ')}): the new code runs with the function's access to biometric data`,
      });
  }
  return reasons;
}

function detectionReasons(rc: ResourceChange, kind: ChangeKind, what: string): SecurityReason[] {
  if (kind === 'delete' || kind === 'forget')
    return [{ category: 'detection', reason: `${what} ${kind === 'delete' ? 'deleted' : 'no longer managed'}` }];
  if (kind === 'replace')
    return [{ category: 'detection', reason: `${what} replaced: detection is off between delete and create` }];
  if (kind !== 'update') return [];
  const changed = changedAttributes(rc);
  if (rc.type === 'aws_cloudwatch_event_rule' && get(rc.change.after, 'state') === 'DISABLED')
    return [{ category: 'detection', reason: `${what} disabled` }];
  if (get(rc.change.before, 'actions_enabled') === true && get(rc.change.after, 'actions_enabled') === false)
    return [{ category: 'detection', reason: `${what} actions disabled` }];
  return changed.length === 0
    ? []
    : [{ category: 'detection', reason: `${what} changed (${changed.map((a) => `\`${a}\``).join(', ')})` }];
}

/** Days a log group keeps events; 0 (or unset) means forever. */
function retentionDays(v: JsonValue | undefined): number {
  return typeof v === 'number' && v > 0 ? v : Number.POSITIVE_INFINITY;
}

function logGroupReasons(rc: ResourceChange, kind: ChangeKind): SecurityReason[] {
  if (kind !== 'update' && kind !== 'replace') return [];
  const before = retentionDays(get(rc.change.before, 'retention_in_days'));
  const after = retentionDays(get(rc.change.after, 'retention_in_days'));
  if (!(after < before)) return [];
  return [
    {
      category: 'detection',
      reason: `log retention shortened from ${Number.isFinite(before) ? `${before} days` : 'never expiring'} to ${after} days`,
    },
  ];
}

function tableReasons(rc: ResourceChange, kind: ChangeKind): SecurityReason[] {
  if (kind !== 'update' && kind !== 'replace' && kind !== 'create') return [];
  const reasons: SecurityReason[] = [];
  const pitrAfter = get(rc.change.after, 'point_in_time_recovery', 0, 'enabled');
  const pitrBefore = kind === 'create' ? undefined : get(rc.change.before, 'point_in_time_recovery', 0, 'enabled');
  if (pitrAfter === false && pitrBefore !== false)
    reasons.push({ category: 'data-protection', reason: 'point-in-time recovery turned off' });
  const dpAfter = get(rc.change.after, 'deletion_protection_enabled');
  const dpBefore = kind === 'create' ? undefined : get(rc.change.before, 'deletion_protection_enabled');
  if (dpAfter === false && dpBefore !== false)
    reasons.push({ category: 'data-protection', reason: 'deletion protection turned off' });
  return reasons;
}

/**
 * The path of every upload to the verifier: S3's notification (to the intake queue) and the queue's event
 * source. Deleting or disabling either leaves uploads unverified (the intake-age alarm fires only after an
 * hour).
 */
function verificationPathReasons(rc: ResourceChange, kind: ChangeKind): SecurityReason[] {
  const what =
    rc.type === 'aws_lambda_event_source_mapping'
      ? "the verifier's event source (intake queue to function)"
      : "the vault bucket's upload notification";
  if (kind === 'delete' || kind === 'forget' || kind === 'replace')
    return [{ category: 'verifier', reason: `${what} ${verbOf(kind)}: uploads are not verified meanwhile` }];
  if (kind !== 'update') return [];
  if (rc.type === 'aws_lambda_event_source_mapping') {
    if (get(rc.change.after, 'enabled') === false && get(rc.change.before, 'enabled') !== false)
      return [{ category: 'verifier', reason: `${what} disabled: uploads wait unverified` }];
    // A filter deletes the messages it does not match without invoking the function; another function
    // or queue is another path.
    const rerouted = ['event_source_arn', 'filter_criteria', 'function_name'].filter(
      (a) => !same(get(rc.change.before, a), get(rc.change.after, a)),
    );
    return rerouted.length === 0
      ? []
      : [
          {
            category: 'verifier',
            reason: `${what} changed (${rerouted.map((a) => `\`${a}\``).join(', ')}): uploads may be dropped or go elsewhere`,
          },
        ];
  }
  const before = get(rc.change.before, 'queue');
  const after = get(rc.change.after, 'queue');
  return same(before, after)
    ? []
    : [{ category: 'verifier', reason: `${what} changed (\`queue\`): uploads may no longer reach the verifier` }];
}

const VERIFICATION_PATH = new Set(['aws_lambda_event_source_mapping', 'aws_s3_bucket_notification']);

/** Queues keep uploads awaiting verification and failures: deleting one, or keeping messages shorter, loses them. */
function queueReasons(rc: ResourceChange, kind: ChangeKind): SecurityReason[] {
  const name = show(get(rc.change.before, 'name') ?? get(rc.change.after, 'name'));
  if (kind === 'delete' || kind === 'forget' || kind === 'replace')
    return [{ category: 'verifier', reason: `queue ${name} ${verbOf(kind)}: the messages in it are lost` }];
  if (kind !== 'update') return [];
  const reasons: SecurityReason[] = [];
  const before = get(rc.change.before, 'message_retention_seconds');
  const after = get(rc.change.after, 'message_retention_seconds');
  if (typeof before === 'number' && typeof after === 'number' && after < before)
    reasons.push({
      category: 'verifier',
      reason: `queue ${name} keeps messages ${after} s instead of ${before} s: older ones expire unseen`,
    });
  if (!same(get(rc.change.before, 'redrive_policy'), get(rc.change.after, 'redrive_policy')))
    reasons.push({ category: 'verifier', reason: `queue ${name}: redrive policy (failure queue) changed` });
  return reasons;
}

/** Where a direct invocation's failures go: removing the destination loses them. */
function invokeConfigReasons(rc: ResourceChange, kind: ChangeKind): SecurityReason[] {
  if (kind === 'delete' || kind === 'forget' || kind === 'replace')
    return [{ category: 'verifier', reason: `the verifier's failure destination ${verbOf(kind)}` }];
  if (
    kind !== 'update' ||
    same(get(rc.change.before, 'destination_config'), get(rc.change.after, 'destination_config'))
  )
    return [];
  return [{ category: 'verifier', reason: "the verifier's failure destination changed (`destination_config`)" }];
}

const BUCKET_PROTECTION: Readonly<Record<string, string>> = {
  aws_s3_bucket_object_lock_configuration: 'Object Lock configuration',
  aws_s3_bucket_lifecycle_configuration: 'lifecycle (expiry and transitions)',
  aws_s3_bucket_versioning: 'versioning',
};

/**
 * The reasons a change weakens a decision or a guarantee. `stack` is the stack's name: every change
 * in the `<env>-state` stack touches the bucket that holds all Terraform state.
 */
export function weakeningReasons(rc: ResourceChange, kind: ChangeKind, stack: string): SecurityReason[] {
  if (rc.mode !== 'managed' || kind === 'no-op' || kind === 'read') return [];
  const reasons: SecurityReason[] = [];
  if (rc.type === 'aws_lambda_function') reasons.push(...lambdaReasons(rc, kind));
  if (VERIFICATION_PATH.has(rc.type)) reasons.push(...verificationPathReasons(rc, kind));
  if (rc.type === 'aws_sqs_queue') reasons.push(...queueReasons(rc, kind));
  if (rc.type === 'aws_lambda_function_event_invoke_config') reasons.push(...invokeConfigReasons(rc, kind));
  const detection = DETECTION_TYPES[rc.type];
  if (detection !== undefined) reasons.push(...detectionReasons(rc, kind, detection));
  if (rc.type === 'aws_cloudwatch_log_group') reasons.push(...logGroupReasons(rc, kind));
  if (rc.type === 'aws_dynamodb_table') reasons.push(...tableReasons(rc, kind));
  const protection = BUCKET_PROTECTION[rc.type];
  if (protection !== undefined && kind !== 'create')
    reasons.push({ category: 'data-protection', reason: `protected bucket's ${protection} ${verbOf(kind)}` });
  if (rc.type.startsWith('aws_guardduty_') && kind !== 'create')
    reasons.push({ category: 'threat-detection', reason: guardDutyReason(rc, kind) });
  if (stack.endsWith('-state'))
    reasons.push({ category: 'state', reason: 'the Terraform state bucket (every stack keeps its state there)' });
  return reasons;
}

function verbOf(kind: ChangeKind): string {
  return kind === 'delete' ? 'deleted' : kind === 'replace' ? 'replaced' : kind === 'forget' ? 'unmanaged' : 'changed';
}

function guardDutyReason(rc: ResourceChange, kind: ChangeKind): string {
  const what =
    rc.type === 'aws_guardduty_malware_protection_plan'
      ? 'Malware Protection plan'
      : rc.type === 'aws_guardduty_detector_feature'
        ? `GuardDuty feature ${show(get(rc.change.before, 'name') ?? get(rc.change.after, 'name'))}`
        : 'GuardDuty setting';
  if (get(rc.change.after, 'status') === 'DISABLED' && get(rc.change.before, 'status') !== 'DISABLED')
    return `${what} disabled`;
  if (get(rc.change.before, 'enable') === true && get(rc.change.after, 'enable') === false)
    return `${what}: detector disabled`;
  return `${what} ${verbOf(kind)}`;
}
