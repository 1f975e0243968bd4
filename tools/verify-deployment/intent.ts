/**
 * The synthesized intent a live account is checked against, read from `cdktf.out` (what the code
 * says) and from the stacks' Terraform state (the same configuration as rendered by Terraform at
 * the last apply: policies built by `aws_iam_policy_document` data sources only exist there).
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../plan-summary/plan-types';

/** A stack's `cdk.tf.json`. */
export type SynthesizedStack = JsonObject;

/** Thrown when the synthesized output or state lacks what a check needs; names what is missing. */
export class IntentError extends Error {
  public constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IntentError';
  }
}

function block(stack: SynthesizedStack, kind: 'resource' | 'data', type: string): Record<string, JsonObject> {
  const section = stack[kind];
  const typed = isJsonObject(section) ? section[type] : undefined;
  const out: Record<string, JsonObject> = {};
  if (isJsonObject(typed)) for (const [name, body] of Object.entries(typed)) if (isJsonObject(body)) out[name] = body;
  return out;
}

/** A synthesized value as text: a string as it is, nothing as '', anything else as JSON. */
function text(value: JsonValue | undefined): string {
  if (typeof value === 'string') return value;
  return value === undefined || value === null ? '' : JSON.stringify(value);
}

const REF = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)\}$/;
const DATA_REF = /^\$\{data\.([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)\}$/;

/** Where the key policy of the key behind `alias` comes from in the synthesized keys stack. */
export type KeyPolicySource =
  | { readonly kind: 'literal'; readonly keyResource: string; readonly policy: string }
  | { readonly kind: 'policy-document'; readonly keyResource: string; readonly dataSource: string };

export function keyPolicySource(keysStack: SynthesizedStack, alias: string): KeyPolicySource {
  const aliases = Object.values(block(keysStack, 'resource', 'aws_kms_alias'));
  const found = aliases.find((a) => a.name === alias);
  if (found === undefined) throw new IntentError(`no aws_kms_alias named ${alias} in the synthesized keys stack`);
  const target = text(found.target_key_id);
  const ref = REF.exec(target);
  if (ref?.[1] !== 'aws_kms_key')
    throw new IntentError(`alias ${alias} targets ${target}, not an aws_kms_key of the stack`);
  const keyName = ref[2] ?? '';
  const key = block(keysStack, 'resource', 'aws_kms_key')[keyName];
  if (key === undefined) throw new IntentError(`aws_kms_key.${keyName} (target of ${alias}) is not in the stack`);
  let policy: JsonValue | undefined = key.policy;
  if (policy === undefined) {
    const separate = Object.values(block(keysStack, 'resource', 'aws_kms_key_policy')).find((p) =>
      text(p.key_id).includes(`aws_kms_key.${keyName}.`),
    );
    policy = separate?.policy;
  }
  if (typeof policy !== 'string')
    throw new IntentError(`aws_kms_key.${keyName} has no policy in the synthesized stack`);
  const data = DATA_REF.exec(policy);
  if (data !== null && data[1] === 'aws_iam_policy_document' && data[3] === 'json') {
    return { kind: 'policy-document', keyResource: keyName, dataSource: data[2] ?? '' };
  }
  if (policy.includes('${'))
    throw new IntentError(
      `aws_kms_key.${keyName} policy is an expression this tool cannot resolve: ${policy.slice(0, 80)}`,
    );
  return { kind: 'literal', keyResource: keyName, policy };
}

/** Attribute `attribute` of the first instance of a resource or data source in a Terraform state (v4). */
export function stateAttribute(
  stateText: string,
  mode: 'managed' | 'data',
  type: string,
  name: string,
  attribute: string,
): JsonValue | undefined {
  let state: unknown;
  try {
    state = JSON.parse(stateText);
  } catch (error) {
    throw new IntentError('Terraform state is not JSON', { cause: error });
  }
  if (!isJsonObject(state) || !Array.isArray(state.resources))
    throw new IntentError('Terraform state has no resources list');
  for (const r of state.resources) {
    if (!isJsonObject(r) || r.mode !== mode || r.type !== type || r.name !== name) continue;
    const instances = r.instances;
    const first = Array.isArray(instances) ? instances[0] : undefined;
    const attrs = isJsonObject(first) ? first.attributes : undefined;
    return isJsonObject(attrs) ? attrs[attribute] : undefined;
  }
  return undefined;
}

/** GuardDuty detector features the threat-detection stack enables (name -> additional configuration names enabled). */
export function expectedGuardDutyFeatures(threatStack: SynthesizedStack): Map<string, string[]> {
  const features = new Map<string, string[]>();
  for (const f of Object.values(block(threatStack, 'resource', 'aws_guardduty_detector_feature'))) {
    if (f.status !== 'ENABLED' || typeof f.name !== 'string') continue;
    const extra = Array.isArray(f.additional_configuration) ? f.additional_configuration : [];
    features.set(
      f.name,
      extra
        .filter(isJsonObject)
        .filter((c) => c.status === 'ENABLED')
        .map((c) => text(c.name)),
    );
  }
  return features;
}

/** Whether the threat-detection stack creates a malware protection plan. */
export function expectsMalwareProtection(threatStack: SynthesizedStack): boolean {
  return Object.keys(block(threatStack, 'resource', 'aws_guardduty_malware_protection_plan')).length > 0;
}

// ---- policy comparison ----

type Canonical = string | number | boolean | null | Canonical[] | { [key: string]: Canonical };

/**
 * A policy in a canonical form for comparison: keys sorted, single values and one-element lists
 * unified, list elements sorted, statements keyed by Sid (or their canonical text). IAM treats
 * `"Action": "x"` and `"Action": ["x"]` alike; KMS returns the policy text as stored.
 */
export function canonicalPolicy(text: string): Canonical {
  return canonical(JSON.parse(text) as JsonValue);
}

function canonical(v: JsonValue): Canonical {
  if (Array.isArray(v)) {
    const items = v.map(canonical);
    if (items.length === 1) return items[0] ?? null;
    return items.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }
  if (isJsonObject(v)) {
    const out: Record<string, Canonical> = {};
    for (const k of Object.keys(v).sort()) {
      const value = v[k];
      if (value !== undefined) out[k] = canonical(value);
    }
    return out;
  }
  return v;
}

/** Differences between two policies, statement by statement (empty when equivalent). */
export function policyDifferences(liveText: string, intendedText: string): string[] {
  const live = statements(liveText);
  const intended = statements(intendedText);
  const diffs: string[] = [];
  for (const [id, s] of intended) {
    const l = live.get(id);
    if (l === undefined) diffs.push(`statement ${id} missing from the live policy`);
    else if (JSON.stringify(l) !== JSON.stringify(s)) diffs.push(`statement ${id} differs`);
  }
  for (const id of live.keys())
    if (!intended.has(id)) diffs.push(`statement ${id} is live but not in the synthesized policy`);
  return diffs;
}

function statements(text: string): Map<string, Canonical> {
  const doc = canonicalPolicy(text);
  const out = new Map<string, Canonical>();
  const raw = typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? doc.Statement : undefined;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  for (const s of list) {
    const sid =
      typeof s === 'object' && s !== null && !Array.isArray(s) && typeof s.Sid === 'string' ? s.Sid : JSON.stringify(s);
    out.set(sid, s);
  }
  return out;
}
