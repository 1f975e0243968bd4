/**
 * Attribute-level before/after of one change, leaf by leaf, honouring Terraform's value marks:
 * a value marked in `before_sensitive`/`after_sensitive` is never rendered (only whether it
 * changed), and a value marked in `after_unknown` is shown as known after apply.
 *
 * Strings holding IAM policy documents (identity, trust, key, bucket, queue, topic and table
 * policies) become one change each, compared statement by statement (`policy-diff.ts`), so a reviewer
 * sees which statements are added, removed or changed rather than JSON leaves; other JSON documents
 * in strings are opened and compared leaf by leaf.
 *
 * In a create, what the configuration does not set is left out of the rows: attributes the provider
 * computes (known only after apply; listed by `computedAttributes`) and empty values. Tags are one
 * row, and `tags_all` only the tags that `tags` does not already show (the provider's default tags).
 */
import { diffPolicies, parsePolicy, type PolicyDiff, type PolicyDocument } from './policy-diff';
import { isJsonObject, type JsonValue, type PlanChange } from './plan-types';

/** How one side of an attribute is shown. `absent`: the attribute is not set on that side. */
export type Shown =
  | { readonly kind: 'value'; readonly text: string }
  | { readonly kind: 'sensitive' }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'absent' };

export interface AttributeChange {
  /** Dotted path, `[i]` for list elements, ` » ` where the walk entered a JSON document held in a string. */
  readonly path: string;
  /** Top-level attribute name (first path element), for classification. */
  readonly attribute: string;
  readonly before: Shown;
  readonly after: Shown;
  /** The path is (under) one of the change's `replace_paths`. */
  readonly forcesReplacement: boolean;
  /** Set when the value is an IAM policy document on either side: the statements, compared. */
  readonly policy?: PolicyChange;
}

/** A policy document attribute: both versions and their statement diff. */
export interface PolicyChange {
  /** Undefined: the attribute was not set before (a create, or a policy added). */
  readonly before?: PolicyDocument;
  readonly after?: PolicyDocument;
  readonly diff: PolicyDiff;
}

export interface DiffOptions {
  /** Longest rendered value, in characters, before it is cut with an ellipsis. Default 120. Policies are never cut. */
  readonly maxValueLength?: number;
  /**
   * The top-level arguments the configuration sets for this resource (from the plan's
   * `configuration`); undefined when unknown. In a create, an attribute that is unknown and not set
   * here is computed by the provider and gets no row.
   */
  readonly configured?: ReadonlySet<string>;
}

/** Top-level attributes of a create that the provider computes: unknown, and not set by the configuration. */
export function computedAttributes(change: PlanChange, configured: ReadonlySet<string> | undefined): string[] {
  const isCreate = change.actions.length === 1 && change.actions[0] === 'create';
  if (!isCreate || configured === undefined || !isJsonObject(change.after_unknown)) return [];
  return Object.entries(change.after_unknown)
    .filter(([name, mark]) => mark === true && !configured.has(name))
    .map(([name]) => name)
    .sort();
}

const TAG_ATTRIBUTES = new Set(['tags', 'tags_all']);

type Mark = JsonValue | undefined;
interface Segment {
  readonly key: string | number;
  readonly json?: boolean;
}

const ABSENT = Symbol('absent');
type Value = JsonValue | typeof ABSENT;

const SENSITIVE: Shown = { kind: 'sensitive' };
const UNKNOWN: Shown = { kind: 'unknown' };
const ABSENT_SHOWN: Shown = { kind: 'absent' };

/**
 * The attribute changes of one resource change. A create lists every attribute it sets, an update
 * or replacement every attribute that differs; a delete, read, forget or no-op lists none.
 */
export function attributeChanges(change: PlanChange, options: DiffOptions = {}): AttributeChange[] {
  const actions = change.actions;
  const isCreate = actions.includes('create');
  const isUpdate = actions.includes('update');
  if (!isCreate && !isUpdate) return [];
  const maxLength = options.maxValueLength ?? 120;
  const out: AttributeChange[] = [];
  const created = actions.length === 1 && isCreate;
  const before: Value = created ? ABSENT : toValue(change.before);
  const after: Value = toValue(change.after);
  const replacePaths = (change.replace_paths ?? []).map((p) => p.map(String));
  const ctx: WalkContext = { out, maxLength, replacePaths, created };
  if (!created) {
    walk(before, after, change.before_sensitive, change.after_sensitive, change.after_unknown, [], ctx);
    return out;
  }
  const computed = new Set(computedAttributes(change, options.configured));
  const names = new Set([
    ...(isJsonObject(after) ? Object.keys(after) : []),
    ...(isJsonObject(change.after_unknown) ? Object.keys(change.after_unknown) : []),
  ]);
  for (const name of names) {
    if (computed.has(name)) continue;
    const aSens = child(change.after_sensitive, name);
    const aUnk = child(change.after_unknown, name);
    const value = childValue(after, name);
    if (TAG_ATTRIBUTES.has(name) && !hasMark(aUnk) && !hasMark(aSens) && isJsonObject(value)) {
      const tags = name === 'tags_all' ? withoutShownTags(value, childValue(after, 'tags')) : value;
      if (Object.keys(tags).length > 0)
        emit([{ key: name }], ABSENT_SHOWN, { kind: 'value', text: tagText(tags, maxLength) }, ctx);
      continue;
    }
    walk(ABSENT, value, undefined, aSens, aUnk, [{ key: name }], ctx);
  }
  return out;
}

/** The tags of `all` that `shown` does not already hold with the same value. */
function withoutShownTags(all: Record<string, JsonValue>, shown: Value): Record<string, JsonValue> {
  const own = isJsonObject(shown) ? shown : {};
  return Object.fromEntries(Object.entries(all).filter(([k, v]) => !deepEqual(own[k], v)));
}

function tagText(tags: Record<string, JsonValue>, maxLength: number): string {
  return Object.entries(tags)
    .map(([k, v]) => {
      const text = typeof v === 'string' ? v : JSON.stringify(v);
      return `${k}=${text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text}`;
    })
    .join(', ');
}

/** Nothing set: null, an empty string, list or object (in a create, not worth a row). */
function isEmptyValue(v: Value): boolean {
  if (v === ABSENT || v === null || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  return isJsonObject(v) && Object.keys(v).length === 0;
}

interface WalkContext {
  readonly out: AttributeChange[];
  readonly maxLength: number;
  readonly replacePaths: readonly (readonly string[])[];
  /** A create: empty values are not rows. */
  readonly created: boolean;
}

function toValue(v: JsonValue | undefined): Value {
  return v ?? ABSENT;
}

function child(mark: Mark, key: string | number): Mark {
  if (mark === true) return true;
  if (Array.isArray(mark) && typeof key === 'number') return mark[key];
  if (isJsonObject(mark) && typeof key === 'string') return mark[key];
  return undefined;
}

function childValue(v: Value, key: string | number): Value {
  if (v === ABSENT) return ABSENT;
  if (Array.isArray(v) && typeof key === 'number') return toValue(v[key]);
  if (isJsonObject(v) && typeof key === 'string') return toValue(v[key]);
  return ABSENT;
}

function isContainer(v: Value): v is JsonValue[] | Record<string, JsonValue> {
  return v !== ABSENT && typeof v === 'object' && v !== null;
}

function walk(
  before: Value,
  after: Value,
  bSens: Mark,
  aSens: Mark,
  aUnk: Mark,
  path: Segment[],
  ctx: WalkContext,
): void {
  // Whole-value marks first: never look inside a sensitive or unknown value.
  if (aUnk === true || bSens === true || aSens === true) {
    if (aUnk !== true && before === ABSENT && after === ABSENT) return;
    if (aUnk !== true && deepEqual(before, after)) return;
    emit(
      path,
      shownMasked(before, bSens === true, ctx),
      aUnk === true ? UNKNOWN : shownMasked(after, aSens === true, ctx),
      ctx,
    );
    return;
  }
  const beforeJson = parseJsonDocument(before);
  const afterJson = parseJsonDocument(after);
  const beforePolicy = parsePolicy(beforeJson);
  const afterPolicy = parsePolicy(afterJson);
  if (
    (beforePolicy !== undefined || afterPolicy !== undefined) &&
    (beforePolicy !== undefined || before === ABSENT || before === null) &&
    (afterPolicy !== undefined || after === ABSENT || after === null)
  ) {
    if (deepEqual(beforeJson ?? null, afterJson ?? null)) return;
    const policy: PolicyChange = {
      ...(beforePolicy !== undefined ? { before: beforePolicy } : {}),
      ...(afterPolicy !== undefined ? { after: afterPolicy } : {}),
      diff: diffPolicies(beforePolicy, afterPolicy),
    };
    emit(path, policyShown(beforePolicy), policyShown(afterPolicy), ctx, policy);
    return;
  }
  if (
    (beforeJson !== undefined || before === ABSENT) &&
    (afterJson !== undefined || after === ABSENT) &&
    (beforeJson ?? afterJson) !== undefined
  ) {
    if (before !== ABSENT && after !== ABSENT && deepEqual(beforeJson ?? null, afterJson ?? null)) return;
    walkChildren(beforeJson ?? ABSENT, afterJson ?? ABSENT, undefined, undefined, undefined, path, ctx, true);
    return;
  }
  if (isContainer(before) || isContainer(after)) {
    const sameShape = before === ABSENT || after === ABSENT || Array.isArray(before) === Array.isArray(after);
    if (sameShape) {
      walkChildren(before, after, bSens, aSens, aUnk, path, ctx, false);
      return;
    }
  }
  if (deepEqual(before, after)) return;
  if (ctx.created && isEmptyValue(after)) return;
  // Shapes differ (a string became a list, as policies often do): show small values whole unless
  // anything inside them is marked sensitive.
  emit(path, shown(before, ctx, !hasMark(bSens)), shown(after, ctx, !hasMark(aSens)), ctx);
}

function hasMark(mark: Mark): boolean {
  if (mark === true) return true;
  if (Array.isArray(mark)) return mark.some(hasMark);
  if (isJsonObject(mark)) return Object.values(mark).some(hasMark);
  return false;
}

function walkChildren(
  before: Value,
  after: Value,
  bSens: Mark,
  aSens: Mark,
  aUnk: Mark,
  path: Segment[],
  ctx: WalkContext,
  json: boolean,
): void {
  const keys: (string | number)[] = [];
  const seen = new Set<string>();
  const add = (k: string | number): void => {
    const id = `${typeof k}:${k}`;
    if (!seen.has(id)) {
      seen.add(id);
      keys.push(k);
    }
  };
  const sources: Value[] = [before, after, aUnk === undefined ? ABSENT : toValue(aUnk)];
  for (const source of sources) {
    if (Array.isArray(source)) source.forEach((_, i) => add(i));
    else if (isContainer(source)) Object.keys(source).forEach((k) => add(k));
  }
  const countBefore = Array.isArray(before) ? before.length : isContainer(before) ? Object.keys(before).length : 0;
  const countAfter = Array.isArray(after) ? after.length : isContainer(after) ? Object.keys(after).length : 0;
  if (keys.length === 0) {
    // An empty container replacing a value or nothing: show the container itself.
    if (ctx.created) return;
    if (!deepEqual(before, after) && (countBefore === 0 || countAfter === 0))
      emit(path, shown(before, ctx), shown(after, ctx), ctx);
    return;
  }
  for (const key of keys) {
    const segment: Segment = json ? { key, json: true } : { key };
    walk(
      childValue(before, key),
      childValue(after, key),
      child(bSens, key),
      child(aSens, key),
      child(aUnk, key),
      [...path, segment],
      ctx,
    );
  }
}

/** A string holding a JSON object or list (a policy document), parsed; otherwise undefined. */
function parseJsonDocument(v: Value): JsonValue | undefined {
  if (typeof v !== 'string') return undefined;
  const t = v.trimStart();
  if (!t.startsWith('{') && !t.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(v);
    return typeof parsed === 'object' && parsed !== null ? (parsed as JsonValue) : undefined;
  } catch {
    return undefined;
  }
}

function policyShown(policy: PolicyDocument | undefined): Shown {
  if (policy === undefined) return ABSENT_SHOWN;
  const n = policy.statements.length;
  return { kind: 'value', text: `policy document (${n} statement${n === 1 ? '' : 's'})` };
}

function emit(path: Segment[], before: Shown, after: Shown, ctx: WalkContext, policy?: PolicyChange): void {
  const attribute = path.length > 0 ? String(path[0]?.key) : '';
  const firstJson = path.findIndex((s) => s.json === true);
  const plain = (firstJson === -1 ? path : path.slice(0, firstJson)).map((s) => String(s.key));
  const isPrefix = (a: readonly string[], b: readonly string[]): boolean =>
    a.length <= b.length && a.every((k, i) => b[i] === k);
  const forcesReplacement = ctx.replacePaths.some(
    (rp) => rp.length > 0 && (isPrefix(rp, plain) || isPrefix(plain, rp)),
  );
  ctx.out.push({
    path: formatPath(path),
    attribute,
    before,
    after,
    forcesReplacement,
    ...(policy !== undefined ? { policy } : {}),
  });
}

export function formatPath(path: readonly Segment[]): string {
  let text = '';
  for (const s of path) {
    if (s.json) text += ' » ';
    if (typeof s.key === 'number') text += `[${s.key}]`;
    else text += text === '' || text.endsWith(' » ') ? s.key : `.${s.key}`;
  }
  return text === '' ? '(whole object)' : text;
}

function shownMasked(v: Value, sensitive: boolean, ctx: WalkContext): Shown {
  if (v === ABSENT) return ABSENT_SHOWN;
  return sensitive ? SENSITIVE : shown(v, ctx);
}

function shown(v: Value, ctx: WalkContext, openContainers = false): Shown {
  if (v === ABSENT) return ABSENT_SHOWN;
  if (openContainers && isContainer(v)) {
    const whole = JSON.stringify(v);
    if (whole.length <= ctx.maxLength) return { kind: 'value', text: whole };
  }
  if (Array.isArray(v)) return { kind: 'value', text: v.length === 0 ? '[]' : `list of ${v.length}` };
  if (isContainer(v)) return { kind: 'value', text: Object.keys(v).length === 0 ? '{}' : 'object' };
  const text = JSON.stringify(v);
  return { kind: 'value', text: text.length > ctx.maxLength ? `${text.slice(0, ctx.maxLength - 1)}…` : text };
}

export function deepEqual(a: Value | undefined, b: Value | undefined): boolean {
  if (a === b) return true;
  if (a === ABSENT || b === ABSENT || a === undefined || b === undefined) return false;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  const ao = a as Record<string, JsonValue>;
  const bo = b as Record<string, JsonValue>;
  const ak = Object.keys(ao);
  const bk = Object.keys(bo);
  return (
    ak.length === bk.length && ak.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && deepEqual(ao[k], bo[k]))
  );
}
