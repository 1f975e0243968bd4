/**
 * Attribute-level before/after of one change, leaf by leaf, honouring Terraform's value marks:
 * a value marked in `before_sensitive`/`after_sensitive` is never rendered (only whether it
 * changed), and a value marked in `after_unknown` is shown as known after apply.
 *
 * Strings holding JSON documents (IAM, key, bucket and table policies) are opened and compared
 * statement by statement, so a reviewer sees which statement changed rather than two long strings.
 */
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
}

export interface DiffOptions {
  /** Longest rendered value, in characters, before it is cut with an ellipsis. Default 120. */
  readonly maxValueLength?: number;
}

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
  const before: Value = actions.length === 1 && isCreate ? ABSENT : toValue(change.before);
  const after: Value = toValue(change.after);
  const replacePaths = (change.replace_paths ?? []).map((p) => p.map(String));
  walk(before, after, change.before_sensitive, change.after_sensitive, change.after_unknown, [], {
    out,
    maxLength,
    replacePaths,
  });
  return out;
}

interface WalkContext {
  readonly out: AttributeChange[];
  readonly maxLength: number;
  readonly replacePaths: readonly (readonly string[])[];
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

function emit(path: Segment[], before: Shown, after: Shown, ctx: WalkContext): void {
  const attribute = path.length > 0 ? String(path[0]?.key) : '';
  const firstJson = path.findIndex((s) => s.json === true);
  const plain = (firstJson === -1 ? path : path.slice(0, firstJson)).map((s) => String(s.key));
  const isPrefix = (a: readonly string[], b: readonly string[]): boolean =>
    a.length <= b.length && a.every((k, i) => b[i] === k);
  const forcesReplacement = ctx.replacePaths.some(
    (rp) => rp.length > 0 && (isPrefix(rp, plain) || isPrefix(plain, rp)),
  );
  ctx.out.push({ path: formatPath(path), attribute, before, after, forcesReplacement });
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
