/**
 * Changes that weaken a decision or a guarantee of the vault without touching a policy or a key:
 * the verifier's decision settings, a function's environment, code and code signing, the path of uploads
 * to it (event source, queues, failure destination), detection (alarms, metric filters, event rules,
 * subscriptions, log retention), data protection (Object Lock, lifecycle, point-in-time recovery and its
 * period, deletion protection, time to live) and Terraform state. Each rule returns the reasons it finds, in words a
 * reviewer can check against the attribute table; an empty list means the rule does not apply.
 */
import { isJsonObject, type JsonValue, type ResourceChange } from './plan-types';
import type { ChangeKind, SecurityReason } from './classify';
import { CODE_INJECTION_VARIABLES } from '../../modules/core/lambda-environment';

/**
 * The verifier's decision settings, which way weakens each, and the verifier's own default (used when
 * the variable is unset or blank), written out here as `lambda-src/verifier/config.ts` defines them: a
 * setting added, removed or set in a new function is compared with that default.
 */
const DECISION_SETTINGS: Readonly<
  Record<
    string,
    {
      readonly weakens: 'lower' | 'higher' | 'true';
      readonly default: number | boolean;
      /** The values the verifier accepts: a score above 1 up to 100, degrees up to 180, a percentage up to 100. */
      readonly range?: readonly [above: number, atMost: number];
    }
  >
> = {
  FACE_CONFIDENCE_THRESHOLD: { weakens: 'lower', default: 90, range: [1, 100] },
  SIMILARITY_THRESHOLD: { weakens: 'lower', default: 95, range: [1, 100] },
  MIN_BRIGHTNESS: { weakens: 'lower', default: 20, range: [-1, 100] },
  MIN_SHARPNESS: { weakens: 'lower', default: 20, range: [-1, 100] },
  MAX_ABS_YAW_DEGREES: { weakens: 'higher', default: 45, range: [-1, 180] },
  MAX_ABS_PITCH_DEGREES: { weakens: 'higher', default: 30, range: [-1, 180] },
  ALLOW_DETECTION_ONLY_WITHOUT_REFERENCE: { weakens: 'true', default: false },
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

/** The function's environment variables before (undefined in a create) and after. */
function environmentOf(
  rc: ResourceChange,
  kind: ChangeKind,
): { before: JsonValue | undefined; after: JsonValue | undefined } {
  return {
    before: kind === 'create' ? undefined : get(rc.change.before, 'environment', 0, 'variables'),
    after: get(rc.change.after, 'environment', 0, 'variables'),
  };
}

/**
 * A decision setting as the verifier reads it (`lambda-src/verifier/config.ts`): trimmed, blank or unset
 * means the default; `invalid` when the verifier would refuse to start (every upload then fails).
 */
function effectiveSetting(
  raw: JsonValue | undefined,
  rule: (typeof DECISION_SETTINGS)[string],
): number | boolean | 'invalid' {
  if (raw === undefined || raw === null) return rule.default;
  if (typeof raw !== 'string') return 'invalid';
  const value = raw.trim();
  if (value === '') return rule.default;
  if (typeof rule.default === 'boolean') return value === 'true' ? true : value === 'false' ? false : 'invalid';
  const n = Number(value);
  const [above, atMost] = rule.range ?? [-1, 100];
  return /^\d{1,3}(\.\d+)?$/.test(value) && n > above && n <= atMost ? n : 'invalid';
}

/** An environment variable's value for a reason: never a value the plan marks sensitive. */
function envValue(rc: ResourceChange, side: 'before' | 'after', name: string): string {
  const marks = side === 'before' ? rc.change.before_sensitive : rc.change.after_sensitive;
  if (get(marks, 'environment', 0, 'variables', name) === true) return '(sensitive)';
  return show(get(rc.change[side], 'environment', 0, 'variables', name));
}

/** The whole environment is unknown or sensitive in the plan: no variable can be read. */
function unreadableEnvironment(rc: ResourceChange): 'known after apply' | 'sensitive' | undefined {
  const whole = (marks: JsonValue | undefined): boolean =>
    get(marks, 'environment') === true ||
    get(marks, 'environment', 0) === true ||
    get(marks, 'environment', 0, 'variables') === true;
  if (whole(rc.change.after_unknown)) return 'known after apply';
  if (whole(rc.change.after_sensitive)) return 'sensitive';
  return undefined;
}

function verifierDecisionReasons(rc: ResourceChange, kind: ChangeKind): SecurityReason[] {
  const { before, after } = environmentOf(rc, kind);
  const reasons: SecurityReason[] = [];
  const unreadable = unreadableEnvironment(rc);
  if (unreadable !== undefined)
    return [{ category: 'verifier', reason: `decision settings cannot be read in the plan (${unreadable})` }];
  const unknown = Object.keys(DECISION_SETTINGS).filter(
    (name) =>
      get(rc.change.after_unknown, 'environment', 0, 'variables', name) === true ||
      get(rc.change.after_sensitive, 'environment', 0, 'variables', name) === true,
  );
  for (const name of unknown)
    reasons.push({
      category: 'verifier',
      reason: `verifier decision setting \`${name}\` cannot be read in the plan (${get(rc.change.after_unknown, 'environment', 0, 'variables', name) === true ? 'known after apply' : 'sensitive'})`,
    });
  for (const [name, rule] of Object.entries(DECISION_SETTINGS)) {
    if (unknown.includes(name)) continue;
    const b = get(before, name);
    const a = get(after, name);
    if (kind !== 'create' && same(b, a)) continue;
    const previous = effectiveSetting(b, rule);
    // A value the verifier refused before left it not deciding at all: compare with its default.
    const from = previous === 'invalid' ? rule.default : previous;
    const to = effectiveSetting(a, rule);
    const was = b === undefined ? `unset (default ${String(rule.default)})` : show(b);
    let verb: string | undefined;
    if (to === 'invalid')
      verb = `set to ${show(a)}, which the verifier refuses: it stops deciding and every upload fails`;
    else if (from === to) verb = undefined;
    else if (rule.weakens === 'true') {
      if (to === true)
        verb = `switched on${a === 'true' ? '' : ` (${show(a)})`} (a subject without a reference image can be AUTHORIZED on detection alone)`;
    } else if (rule.weakens === 'lower' ? Number(to) < Number(from) : Number(to) > Number(from)) {
      verb =
        a === undefined
          ? `removed (was ${was}; the verifier falls back to its default ${String(rule.default)})`
          : `${rule.weakens === 'lower' ? 'lowered' : 'raised'} from ${was} to ${show(a)}`;
    }
    if (verb !== undefined)
      reasons.push({ category: 'verifier', reason: `verifier decision setting \`${name}\` ${verb}` });
  }
  return reasons;
}

function injectionReasons(rc: ResourceChange, kind: ChangeKind): SecurityReason[] {
  const { before, after } = environmentOf(rc, kind);
  return CODE_INJECTION_VARIABLES.filter(
    (name) => get(after, name) !== undefined && !same(get(before, name), get(after, name)),
  ).map((name) => ({
    category: 'verifier',
    reason: `environment variable \`${name}\` set to ${envValue(rc, 'after', name)}: code or trust outside the signed package`,
  }));
}

/**
 * Any other environment variable added, removed or changed on an existing function: the environment
 * decides what the function runs and where it reads and writes (`LEDGER_TABLE_NAME`, `VAULT_KEY_ARN`, ...).
 * Decision settings (compared above by direction) and injection variables set (named above) are left out.
 */
function environmentReasons(rc: ResourceChange, kind: ChangeKind): SecurityReason[] {
  // A whole environment that cannot be read is named once, by the decision-settings rule.
  if ((kind !== 'update' && kind !== 'replace') || unreadableEnvironment(rc) !== undefined) return [];
  const { before, after } = environmentOf(rc, kind);
  const names = new Set([
    ...(isJsonObject(before) ? Object.keys(before) : []),
    ...(isJsonObject(after) ? Object.keys(after) : []),
  ]);
  const unknown = get(rc.change.after_unknown, 'environment', 0, 'variables');
  if (isJsonObject(unknown)) for (const name of Object.keys(unknown)) names.add(name);
  const injected = new Set<string>(CODE_INJECTION_VARIABLES);
  const reasons: SecurityReason[] = [];
  for (const name of [...names].sort()) {
    const b = get(before, name);
    const a = get(after, name);
    const later = get(unknown, name) === true;
    if (name in DECISION_SETTINGS || (!later && (same(b, a) || (injected.has(name) && a !== undefined)))) continue;
    const what = later
      ? 'known only after apply'
      : b === undefined
        ? `added (${envValue(rc, 'after', name)})`
        : a === undefined
          ? `removed (was ${envValue(rc, 'before', name)})`
          : `changed from ${envValue(rc, 'before', name)} to ${envValue(rc, 'after', name)}`;
    reasons.push({
      category: 'verifier',
      reason: `environment variable \`${name}\` ${what}: the environment decides what the function runs and where it reads and writes`,
    });
  }
  return reasons;
}

function lambdaReasons(rc: ResourceChange, kind: ChangeKind): SecurityReason[] {
  const reasons = [
    ...verifierDecisionReasons(rc, kind),
    ...injectionReasons(rc, kind),
    ...environmentReasons(rc, kind),
  ];
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

function recoveryDays(v: JsonValue | undefined): number {
  return typeof v === 'number' && v > 0 ? v : 35;
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
  // Expired items are deleted by DynamoDB itself, which no deny on a principal's DeleteItem stops.
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TTL.html
  const ttlAfter = get(rc.change.after, 'ttl', 0, 'enabled');
  const ttlBefore = kind === 'create' ? undefined : get(rc.change.before, 'ttl', 0, 'enabled');
  const ttlAttribute = get(rc.change.after, 'ttl', 0, 'attribute_name');
  if (
    ttlAfter === true &&
    (ttlBefore !== true || !same(get(rc.change.before, 'ttl', 0, 'attribute_name'), ttlAttribute))
  )
    reasons.push({
      category: 'data-protection',
      reason: `time to live turned on (attribute ${show(ttlAttribute)}): DynamoDB deletes every item whose attribute is a past epoch time`,
    });
  // Unset means the 35-day default. https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PointInTimeRecoverySpecification.html
  const periodAfter = recoveryDays(get(rc.change.after, 'point_in_time_recovery', 0, 'recovery_period_in_days'));
  const periodBefore =
    kind === 'create'
      ? 35
      : recoveryDays(get(rc.change.before, 'point_in_time_recovery', 0, 'recovery_period_in_days'));
  if (pitrAfter !== false && periodAfter < periodBefore)
    reasons.push({
      category: 'data-protection',
      reason: `point-in-time recovery period shortened from ${periodBefore} to ${periodAfter} days`,
    });
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
    const changed = changedAttributes(rc).filter((a) => !ESM_NEUTRAL.has(a));
    const rerouted = changed.filter((a) => ['event_source_arn', 'filter_criteria', 'function_name'].includes(a));
    const reasons: SecurityReason[] = [];
    if (rerouted.length > 0)
      reasons.push({
        category: 'verifier',
        reason: `${what} changed (${rerouted.map((a) => `\`${a}\``).join(', ')}): uploads may be dropped or go elsewhere`,
      });
    // The handler answers faults with `batchItemFailures`; without ReportBatchItemFailures Lambda deletes
    // the whole batch when the function returns, failed messages included.
    // https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
    const types = get(rc.change.after, 'function_response_types');
    const reportsFailures = Array.isArray(types) && types.includes('ReportBatchItemFailures');
    if (changed.includes('function_response_types') && !reportsFailures)
      reasons.push({
        category: 'verifier',
        reason: `${what} no longer reports batch item failures: a batch with a failed upload is deleted whole`,
      });
    const other = changed.filter(
      (a) => !rerouted.includes(a) && !(a === 'function_response_types' && !reportsFailures),
    );
    if (other.length > 0)
      reasons.push({
        category: 'verifier',
        reason: `${what} changed (${other.map((a) => `\`${a}\``).join(', ')}): it decides which uploads reach the verifier, how many at once and what happens to failures`,
      });
    return reasons;
  }
  const before = get(rc.change.before, 'queue');
  const after = get(rc.change.after, 'queue');
  return same(before, after)
    ? []
    : [{ category: 'verifier', reason: `${what} changed (\`queue\`): uploads may no longer reach the verifier` }];
}

/** Event source mapping attributes that change neither which uploads are verified nor what happens to failures. */
const ESM_NEUTRAL = new Set([
  'batch_size',
  'last_modified',
  'last_processing_result',
  'state',
  'state_transition_reason',
  'uuid',
  'arn',
]);

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
  const redriveBefore = get(rc.change.before, 'redrive_policy');
  const redriveAfter = get(rc.change.after, 'redrive_policy');
  if (!same(redriveBefore, redriveAfter)) {
    const from = maxReceiveCount(redriveBefore);
    const to = maxReceiveCount(redriveAfter);
    const detail =
      to === undefined
        ? ': removed, so failing messages stay until they expire instead of reaching the failure queue'
        : from !== undefined && to > from
          ? `: \`maxReceiveCount\` raised from ${from} to ${to}, so a failing message is retried longer before it reaches the failure queue`
          : '';
    reasons.push({ category: 'verifier', reason: `queue ${name}: redrive policy (failure queue) changed${detail}` });
  }
  // The key is also named by the encryption attribute rule; here it is said what it protects.
  if (!same(get(rc.change.before, 'kms_master_key_id'), get(rc.change.after, 'kms_master_key_id')))
    reasons.push({
      category: 'verifier',
      reason: `queue ${name}: encryption key changed (\`kms_master_key_id\`): who can read the uploads' messages changes`,
    });
  return reasons;
}

/** A redrive policy's `maxReceiveCount`, or undefined when there is no (readable) policy. */
function maxReceiveCount(policy: JsonValue | undefined): number | undefined {
  if (typeof policy !== 'string' || policy.trim() === '') return undefined;
  try {
    const parsed = JSON.parse(policy) as JsonValue;
    const count = get(parsed, 'maxReceiveCount');
    return typeof count === 'number' ? count : typeof count === 'string' ? Number(count) : undefined;
  } catch {
    return undefined;
  }
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

/**
 * Code signing decides which code a function accepts: the trusted signing profiles (a profile of another
 * account lets its owner sign code the function runs) and whether unsigned code is refused (`Enforce`)
 * or only logged (`Warn`). https://docs.aws.amazon.com/lambda/latest/dg/configuration-codesigning.html
 * Only labels (tags, description) change nothing.
 */
function codeSigningReasons(rc: ResourceChange, kind: ChangeKind): SecurityReason[] {
  const what =
    rc.type === 'aws_lambda_code_signing_config'
      ? 'code signing config (which code the verifier accepts)'
      : rc.type === 'aws_signer_signing_profile'
        ? 'signing profile (the signature the verifier trusts)'
        : 'signing profile permission (who may sign code the verifier trusts)';
  if (kind === 'create') return [{ category: 'verifier', reason: `${what} created` }];
  if (kind !== 'update') return [{ category: 'verifier', reason: `${what} ${verbOf(kind)}` }];
  const changed = changedAttributes(rc);
  if (changed.length === 0) return [];
  const reasons: SecurityReason[] = [];
  const enforce = (v: JsonValue | undefined): JsonValue | undefined =>
    get(v, 'policies', 0, 'untrusted_artifact_on_deployment');
  const warnOnly = enforce(rc.change.before) !== 'Warn' && enforce(rc.change.after) === 'Warn';
  if (warnOnly)
    reasons.push({
      category: 'verifier',
      reason: `${what}: unsigned or untrusted code is deployed with a warning only (\`Warn\`)`,
    });
  const other = changed.filter((a) => !(warnOnly && a === 'policies'));
  if (other.length > 0)
    reasons.push({ category: 'verifier', reason: `${what} changed (${other.map((a) => `\`${a}\``).join(', ')})` });
  return reasons;
}

const CODE_SIGNING = new Set([
  'aws_lambda_code_signing_config',
  'aws_signer_signing_profile',
  'aws_signer_signing_profile_permission',
]);

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
  if (CODE_SIGNING.has(rc.type)) reasons.push(...codeSigningReasons(rc, kind));
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
