import { blocks, bool, isObject, str } from '../engine/model';
import {
  conditionValues,
  coversAction,
  deniesInsecureTransport,
  hasPublicPrincipal,
  isPublicAllow,
  wildcardMatch,
} from '../engine/policy';
import { backendType } from '../engine/model';
import type {
  ControlRef,
  Framework,
  Json,
  ModelQuery,
  PolicyStatement,
  Rule,
  TfElement,
  Violation,
} from '../engine/types';

/** Small helpers shared by the rule catalogue. */
export const c = (framework: Framework, ...ids: string[]): ControlRef[] => ids.map((id) => ({ framework, id }));
export const fsbp = (...ids: string[]): ControlRef[] => c('AWS-FSBP', ...ids);
export const cis = (...ids: string[]): ControlRef[] => c('CIS-AWS-3.0', ...ids);
export const ckv = (...ids: string[]): ControlRef[] => c('checkov', ...ids);
export const nag = (...ids: string[]): ControlRef[] => c('cdk-nag', ...ids);
export const nist = (...ids: string[]): ControlRef[] => c('NIST-800-53-r5', ...ids);
export const awsDocs = (...ids: string[]): ControlRef[] => c('AWS-docs', ...ids);

export const ok: readonly Violation[] = [];
export const fail = (message: string, element?: TfElement): Violation[] => [
  { message, ...(element ? { element } : {}) },
];
export const when = (bad: boolean, message: string, element?: TfElement): readonly Violation[] =>
  bad ? fail(message, element) : ok;

/** The Allow statements that cover `action`. */
export function allows(statements: readonly PolicyStatement[], action: string): PolicyStatement[] {
  return statements.filter((s) => s.effect === 'Allow' && coversAction(s, action));
}

/** Companion resources of a bucket (`aws_s3_bucket_*` whose `bucket` refers to it). */
export function companions(q: ModelQuery, bucket: TfElement, type: string): TfElement[] {
  return q.referencing(bucket, type, 'bucket');
}

/** The bucket a companion or other resource points at through `attribute`, if it is in the model. */
export function bucketOf(q: ModelQuery, el: TfElement, attribute = 'bucket'): TfElement | undefined {
  const t = q.target(el, el.config[attribute]);
  return t?.element.type === 'aws_s3_bucket' ? t.element : undefined;
}

/** Buckets that receive server access logs (targets of `aws_s3_bucket_logging`). */
export function accessLogTargets(q: ModelQuery): TfElement[] {
  const out: TfElement[] = [];
  for (const l of q.all('aws_s3_bucket_logging')) {
    const b = bucketOf(q, l, 'target_bucket');
    if (b !== undefined && !out.includes(b)) out.push(b);
  }
  return out;
}

/** Buckets CloudTrail trails deliver to. */
export function trailBuckets(q: ModelQuery): TfElement[] {
  const out: TfElement[] = [];
  for (const t of q.all('aws_cloudtrail')) {
    const b = bucketOf(q, t, 's3_bucket_name');
    if (b !== undefined && !out.includes(b)) out.push(b);
  }
  return out;
}

/** Statements of every `aws_s3_bucket_policy` on a bucket (and the legacy inline `policy`). */
export function bucketPolicy(q: ModelQuery, bucket: TfElement): PolicyStatement[] | undefined {
  const policies = companions(q, bucket, 'aws_s3_bucket_policy');
  const inline = bucket.config.policy;
  if (policies.length === 0 && inline === undefined) return undefined;
  return [
    ...policies.flatMap((p) => q.policy(p, p.config.policy) ?? []),
    ...(inline === undefined ? [] : (q.policy(bucket, inline) ?? [])),
  ];
}

/** SSE rule of a bucket: algorithm and key, with the key's element when it is a key in the model. */
export function bucketEncryption(
  q: ModelQuery,
  bucket: TfElement,
):
  | {
      algorithm: string | undefined;
      keyRef: Json | undefined;
      key: TfElement | undefined;
      bucketKey: boolean | undefined;
      config: TfElement | undefined;
    }
  | undefined {
  const cfg = companions(q, bucket, 'aws_s3_bucket_server_side_encryption_configuration')[0];
  const rules =
    cfg !== undefined
      ? blocks(cfg.config.rule)
      : blocks(bucket.config.server_side_encryption_configuration).flatMap((s) => blocks(s.rule));
  const rule = rules[0];
  if (rule === undefined) return undefined;
  const def = blocks(rule.apply_server_side_encryption_by_default)[0];
  const keyRef = def?.kms_master_key_id;
  const t = keyRef === undefined ? undefined : q.target(cfg ?? bucket, keyRef);
  return {
    algorithm: str(def?.sse_algorithm),
    keyRef,
    key: t?.element.type === 'aws_kms_key' ? t.element : undefined,
    bucketKey: bool(rule.bucket_key_enabled),
    config: cfg,
  };
}

/** The customer-managed key a `kms_key_id`-like attribute refers to (through an alias too). */
export function cmkOf(q: ModelQuery, el: TfElement, value: Json | undefined): TfElement | undefined {
  const t = q.target(el, value);
  if (t === undefined) return undefined;
  if (t.element.type === 'aws_kms_key') return t.element;
  if (t.element.type === 'aws_kms_alias') return cmkOf(q, t.element, t.element.config.target_key_id);
  return undefined;
}

/** Policy statements of the key policy (inline `policy` or an `aws_kms_key_policy`). */
export function keyPolicy(q: ModelQuery, key: TfElement): PolicyStatement[] | undefined {
  if (key.config.policy !== undefined) return q.policy(key, key.config.policy);
  const kp = q.referencing(key, 'aws_kms_key_policy', 'key_id')[0];
  return kp === undefined ? undefined : q.policy(kp, kp.config.policy);
}

/** Identity policies: inline role policies, managed policies and `inline_policy` blocks of roles. */
export function identityPolicy(q: ModelQuery, el: TfElement): PolicyStatement[] {
  if (el.type === 'aws_iam_role') return blocks(el.config.inline_policy).flatMap((p) => q.policy(el, p.policy) ?? []);
  return q.policy(el, el.config.policy) ?? [];
}

export const IDENTITY_POLICY_TYPES = ['aws_iam_role_policy', 'aws_iam_policy', 'aws_iam_role'] as const;

/** Negated operators a Deny uses to except named principals (`aws:PrincipalArn` not in the list). */
const EXCEPTING = ['ArnNotEquals', 'ArnNotLike', 'StringNotEquals', 'StringNotLike'];

/** The principals a Deny statement excepts by `aws:PrincipalArn` (empty when it excepts nobody that way). */
export function principalExceptions(s: PolicyStatement): string[] {
  return conditionValues(s, 'aws:PrincipalArn', EXCEPTING);
}

/**
 * Deny statements for everyone (`Principal: "*"`) that cover `action` on `resource` and are lifted only
 * for principals named by `aws:PrincipalArn`: no other condition narrows them. This is how a resource
 * policy says "nobody but these roles", whatever their identity policies allow.
 */
export function denialsExceptNamed(
  statements: readonly PolicyStatement[],
  action: string,
  resource: string,
): PolicyStatement[] {
  return statements.filter(
    (s) =>
      s.effect === 'Deny' &&
      hasPublicPrincipal(s) &&
      coversAction(s, action) &&
      (s.resources.some((r) => wildcardMatch(r, resource)) ||
        (s.notResources.length > 0 && !s.notResources.some((r) => wildcardMatch(r, resource)))) &&
      principalExceptions(s).length > 0 &&
      s.conditions.every(
        (c) => c.variable.toLowerCase() === 'aws:principalarn' && EXCEPTING.includes(c.test) && c.values.length > 0,
      ),
  );
}

/**
 * Deny statements of the model's customer-managed IAM policies (a guardrail attached to
 * administrators, or rendered as an SCP) that cover `action` on `resource` and are lifted only for
 * principals named by `aws:PrincipalArn`.
 */
export function guardrailDenials(q: ModelQuery, action: string, resource: string): PolicyStatement[] {
  return q
    .all('aws_iam_policy')
    .flatMap((p) => q.policy(p, p.config.policy) ?? [])
    .filter(
      (s) =>
        s.effect === 'Deny' &&
        s.principals.length === 0 &&
        coversAction(s, action) &&
        s.resources.some((r) => wildcardMatch(r, resource)) &&
        principalExceptions(s).length > 0 &&
        s.conditions.every(
          (c) => c.variable.toLowerCase() === 'aws:principalarn' && EXCEPTING.includes(c.test) && c.values.length > 0,
        ),
    );
}

/** The rendered ARN of an element's `arn` attribute (`arn:aws:s3:::<name>` for a bucket). */
export function arnOf(q: ModelQuery, el: TfElement): string {
  return q.render(el, `\${${el.address}.arn}`) ?? '';
}

/** Buckets that hold Terraform state: the `bucket` of every stack's S3 backend, when in the model. */
export function stateBuckets(q: ModelQuery): TfElement[] {
  const names = new Set(q.all(backendType('s3')).map((b) => str(b.config.bucket)));
  return q.all('aws_s3_bucket').filter((b) => names.has(q.render(b, b.config.bucket)));
}

/** Name of the bucket a stack keeps its state in (its S3 backend's `bucket`), if it has one. */
export function stateBucketNameOf(q: ModelQuery, stack: string): string | undefined {
  return str(q.all(backendType('s3')).find((b) => b.stack === stack)?.config.bucket);
}

export function tags(el: TfElement): Record<string, string> {
  const t = el.config.tags;
  const out: Record<string, string> = {};
  if (isObject(t)) for (const [k, v] of Object.entries(t)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** A rule: the resource policy in `attribute` of `type` allows nothing to the public. */
export function publicPolicyRule(
  id: string,
  type: string,
  attribute: string,
  what: string,
  controls: Rule['controls'],
): Rule {
  return {
    id,
    title: `${what} policy grants nothing to the public`,
    severity: 'error',
    resourceTypes: [type],
    rationale: `A "*" principal without an account or source condition opens the ${what.toLowerCase()} to every AWS account and anonymous callers.`,
    fix: 'Name exact principals, or add aws:SourceAccount / aws:SourceArn / aws:PrincipalOrgID conditions to the Allow.',
    controls,
    check: (e, q) => {
      const st = q.policy(e, e.config[attribute]) ?? [];
      const bad = st.filter(isPublicAllow);
      return when(bad.length > 0, `public Allow in statement(s) ${bad.map((s) => s.sid ?? '(no sid)').join(', ')}`);
    },
  };
}

/** A rule: the resource policy in `attribute` of `type` denies `actions` without TLS. */
export function tlsRule(
  id: string,
  type: string,
  attribute: string,
  service: string,
  what: string,
  severity: 'error' | 'warning',
  controls: Rule['controls'],
  actions: readonly string[],
): Rule {
  return {
    id,
    title: `${what} policy denies requests without TLS`,
    severity,
    resourceTypes: [type],
    rationale: 'Requests over plain HTTP expose data and credentials in transit.',
    fix: `Add a Deny of ${actions.join(', ')} (or ${service}:*) for Principal "*" with Condition Bool aws:SecureTransport = false.`,
    controls,
    check: (e, q) =>
      when(
        !deniesInsecureTransport(q.policy(e, e.config[attribute]) ?? [], service, actions),
        `no Deny on aws:SecureTransport=false covering ${actions.join(', ')}`,
      ),
  };
}

/**
 * A queue's redrive policy: its dead-letter queue (when it is in the model) and `maxReceiveCount`. Reads
 * both forms Terraform takes: a JSON string, or a `jsonencode({...})` expression (what cdktf's `Fn.jsonencode`
 * writes).
 */
export function redriveOf(
  q: ModelQuery,
  queue: TfElement,
): { deadLetter: TfElement | undefined; maxReceiveCount: number | undefined } | undefined {
  const policy = queue.config.redrive_policy;
  if (typeof policy !== 'string') return undefined;
  const encoded = /^\$\{jsonencode\((.*)\)\}$/s.exec(policy.trim())?.[1];
  let target: string | undefined;
  let count: string | undefined;
  if (encoded !== undefined) {
    target = /"deadLetterTargetArn"\s*=\s*([^,}\s]+)/.exec(encoded)?.[1];
    target = target === undefined ? undefined : `\${${target}}`;
    count = /"maxReceiveCount"\s*=\s*(\d+)/.exec(encoded)?.[1];
  } else {
    try {
      const parsed = JSON.parse(policy) as Record<string, unknown>;
      target = typeof parsed.deadLetterTargetArn === 'string' ? parsed.deadLetterTargetArn : undefined;
      count = typeof parsed.maxReceiveCount === 'number' ? String(parsed.maxReceiveCount) : undefined;
    } catch {
      return { deadLetter: undefined, maxReceiveCount: undefined };
    }
  }
  const element = target === undefined ? undefined : q.target(queue, target)?.element;
  return {
    deadLetter: element?.type === 'aws_sqs_queue' ? element : undefined,
    maxReceiveCount: count === undefined ? undefined : Number(count),
  };
}

/**
 * Queues that keep what could not be delivered or processed: dead-letter queues of other queues, on-failure
 * destinations of Lambda's asynchronous invocations, and dead-letter queues of EventBridge targets.
 */
export function failureQueues(q: ModelQuery): TfElement[] {
  const out = new Set<TfElement>();
  const add = (from: TfElement, value: Json | undefined): void => {
    const t = q.target(from, value);
    if (t?.element.type === 'aws_sqs_queue') out.add(t.element);
  };
  for (const queue of q.all('aws_sqs_queue')) {
    const dlq = redriveOf(q, queue)?.deadLetter;
    if (dlq !== undefined) out.add(dlq);
  }
  for (const e of q.all('aws_lambda_function_event_invoke_config'))
    for (const d of blocks(e.config.destination_config)) for (const f of blocks(d.on_failure)) add(e, f.destination);
  for (const t of q.all('aws_cloudwatch_event_target'))
    for (const d of blocks(t.config.dead_letter_config)) add(t, d.arn);
  return [...out];
}

/** The SQS queue an event source mapping reads, if it is one in the model. */
export function sourceQueueOf(q: ModelQuery, mapping: TfElement): TfElement | undefined {
  const t = q.target(mapping, mapping.config.event_source_arn);
  return t?.element.type === 'aws_sqs_queue' ? t.element : undefined;
}

/** The function an event source mapping invokes, if it is one in the model. */
export function functionOf(q: ModelQuery, mapping: TfElement): TfElement | undefined {
  const t = q.target(mapping, mapping.config.function_name);
  return t?.element.type === 'aws_lambda_function' ? t.element : undefined;
}

/** The statements of the policies attached to a queue (`aws_sqs_queue_policy`, or the queue's own `policy`). */
export function queuePolicy(q: ModelQuery, queue: TfElement): PolicyStatement[] {
  return [
    ...q.referencing(queue, 'aws_sqs_queue_policy', 'queue_url').flatMap((p) => q.policy(p, p.config.policy) ?? []),
    ...(queue.config.policy === undefined ? [] : (q.policy(queue, queue.config.policy) ?? [])),
  ];
}
