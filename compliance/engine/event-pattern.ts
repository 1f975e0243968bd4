import type { Json, JsonObject } from './types';

/**
 * An EventBridge event-pattern matcher, after the semantics AWS documents (EventBridge user guide:
 * "Creating event patterns", "Comparison operators for use in event patterns", "Arrays in event
 * patterns"), so tests and compliance rules can ask whether a synthesized rule matches an event:
 *
 * - every field the pattern names must be in the event (only `{"exists": false}` matches a missing
 *   field), and every field must match;
 * - a leaf is a list of alternatives: the field matches when it matches any of them; literals match
 *   exactly (strings case-sensitively, numbers numerically);
 * - when the event's value is a list, the field matches when any element matches ("the intersection
 *   of the event pattern array and the event array is non-empty"); a nested pattern over a list of
 *   objects matches when one element matches all of it (Event Ruler's JSON-event semantics);
 * - operators: `prefix`, `suffix`, `equals-ignore-case` (also inside prefix and suffix), `wildcard`,
 *   `anything-but` (a value, a list, or a prefix, suffix, equals-ignore-case or wildcard), `numeric`,
 *   `exists`, and `$or` at any object level. `cidr` is not implemented: it throws.
 *
 * Invalid patterns (a leaf that is not a non-empty list, an unknown operator) throw
 * `EventPatternError` naming the path, as PutRule would refuse them.
 */
export class EventPatternError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'EventPatternError';
  }
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether `pattern` matches `event`. Throws `EventPatternError` on an invalid pattern. */
export function matchesEventPattern(pattern: Json, event: Json): boolean {
  if (!isObject(pattern)) throw new EventPatternError('pattern: must be a JSON object');
  validate(pattern, '');
  return matchObject(pattern, event);
}

function matchObject(pattern: JsonObject, value: Json | undefined): boolean {
  if (Array.isArray(value)) return value.some((element) => isObject(element) && matchObject(pattern, element));
  const object = isObject(value) ? value : undefined;
  for (const [key, sub] of Object.entries(pattern)) {
    if (key === '$or') continue;
    const field = object?.[key];
    if (Array.isArray(sub)) {
      if (!matchLeaf(sub, field)) return false;
    } else if (isObject(sub)) {
      if (field === undefined && !allowsAbsence(sub)) return false;
      if (!matchObject(sub, field)) return false;
    }
  }
  const alternatives = pattern.$or;
  if (Array.isArray(alternatives)) return alternatives.some((alt) => isObject(alt) && matchObject(alt, value));
  return true;
}

/** Whether a nested pattern can match a missing field (only through `exists: false` everywhere it names). */
function allowsAbsence(pattern: JsonObject): boolean {
  return Object.entries(pattern).every(([key, sub]) => {
    if (key === '$or') return Array.isArray(sub) && sub.some((alt) => isObject(alt) && allowsAbsence(alt));
    if (Array.isArray(sub)) return sub.some((m) => isObject(m) && m.exists === false);
    return isObject(sub) && allowsAbsence(sub);
  });
}

function matchLeaf(matchers: readonly Json[], value: Json | undefined): boolean {
  if (value === undefined) return matchers.some((m) => isObject(m) && m.exists === false);
  if (isObject(value)) return false;
  const values = Array.isArray(value) ? value : [value];
  return matchers.some((m) => {
    if (isObject(m) && 'exists' in m) return m.exists === true;
    return values.some((v) => !isObject(v) && !Array.isArray(v) && matchOne(m, v));
  });
}

type Scalar = string | number | boolean | null;

function matchOne(matcher: Json, value: Scalar): boolean {
  if (!isObject(matcher)) return literalEquals(matcher, value);
  const [operator = ''] = Object.keys(matcher);
  const arg = matcher[operator];
  switch (operator) {
    case 'prefix':
    case 'suffix':
    case 'equals-ignore-case':
    case 'wildcard':
      return typeof value === 'string' && stringOperator(operator, arg, value);
    case 'anything-but':
      return anythingBut(arg, value);
    case 'numeric':
      return typeof value === 'number' && numeric(arg as Json[], value);
    default:
      throw new EventPatternError(`unsupported operator ${JSON.stringify(operator)}`);
  }
}

function literalEquals(literal: Json, value: Scalar): boolean {
  if (typeof literal === 'number' && typeof value === 'number') return literal === value;
  return literal === value;
}

function stringOperator(operator: string, arg: Json | undefined, value: string): boolean {
  // prefix and suffix may wrap equals-ignore-case: {"prefix": {"equals-ignore-case": "x"}}.
  const wrapped = isObject(arg) ? arg['equals-ignore-case'] : undefined;
  const ignoreCase = typeof wrapped === 'string';
  const text = typeof wrapped === 'string' ? wrapped : typeof arg === 'string' ? arg : '';
  const [v, t] = ignoreCase ? [value.toLowerCase(), text.toLowerCase()] : [value, text];
  switch (operator) {
    case 'prefix':
      return v.startsWith(t);
    case 'suffix':
      return v.endsWith(t);
    case 'equals-ignore-case':
      return value.toLowerCase() === text.toLowerCase();
    default:
      return wildcard(text, value);
  }
}

/** `*` matches any run of characters (possibly empty); `\*` is a literal star. */
function wildcard(pattern: string, value: string): boolean {
  const source = pattern
    .split(/(\\\*|\*)/)
    .map((part) => (part === '*' ? '.*' : part === '\\*' ? '\\*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 's').test(value);
}

function anythingBut(arg: Json | undefined, value: Scalar): boolean {
  if (isObject(arg)) {
    const [operator = ''] = Object.keys(arg);
    return !(typeof value === 'string' && stringOperator(operator, arg[operator], value));
  }
  const excluded = Array.isArray(arg) ? arg : [arg ?? null];
  return !excluded.some((e) => literalEquals(e, value));
}

function numeric(conditions: readonly Json[], value: number): boolean {
  for (let i = 0; i < conditions.length; i += 2) {
    const op = conditions[i];
    const bound = conditions[i + 1];
    if (typeof bound !== 'number') return false;
    const ok =
      op === '<'
        ? value < bound
        : op === '<='
          ? value <= bound
          : op === '='
            ? value === bound
            : op === '>='
              ? value >= bound
              : op === '>'
                ? value > bound
                : false;
    if (!ok) return false;
  }
  return true;
}

const STRING_OPERATORS = ['prefix', 'suffix', 'equals-ignore-case', 'wildcard'];

function validate(pattern: JsonObject, path: string): void {
  for (const [key, sub] of Object.entries(pattern)) {
    const at = path === '' ? key : `${path}.${key}`;
    if (key === '$or') {
      if (!Array.isArray(sub) || sub.length === 0 || !sub.every(isObject))
        throw new EventPatternError(`${at}: must be a non-empty list of patterns`);
      sub.forEach((alt, i) => {
        if (isObject(alt)) validate(alt, `${at}[${i}]`);
      });
    } else if (isObject(sub)) {
      validate(sub, at);
    } else if (Array.isArray(sub)) {
      if (sub.length === 0) throw new EventPatternError(`${at}: must list at least one value`);
      sub.forEach((m, i) => validateMatcher(m, `${at}[${i}]`));
    } else {
      throw new EventPatternError(
        `${at}: must be a list of values or a nested pattern (received ${JSON.stringify(sub)})`,
      );
    }
  }
}

function validateMatcher(m: Json, at: string): void {
  if (!isObject(m)) {
    if (Array.isArray(m)) throw new EventPatternError(`${at}: a value cannot be a list`);
    return;
  }
  const keys = Object.keys(m);
  const [operator = ''] = keys;
  const arg = m[operator];
  if (keys.length !== 1) throw new EventPatternError(`${at}: an operator object has exactly one key`);
  const stringArg = (v: Json | undefined): boolean =>
    typeof v === 'string' || (isObject(v) && typeof v['equals-ignore-case'] === 'string');
  if (STRING_OPERATORS.includes(operator)) {
    if (!stringArg(arg)) throw new EventPatternError(`${at}: ${operator} takes a string`);
  } else if (operator === 'exists') {
    if (typeof arg !== 'boolean') throw new EventPatternError(`${at}: exists takes true or false`);
  } else if (operator === 'numeric') {
    if (!Array.isArray(arg) || arg.length === 0 || arg.length % 2 !== 0 || arg.length > 4)
      throw new EventPatternError(`${at}: numeric takes one or two [operator, number] pairs`);
  } else if (operator === 'anything-but') {
    if (isObject(arg)) {
      const [inner = ''] = Object.keys(arg);
      if (!STRING_OPERATORS.includes(inner) || !stringArg(arg[inner]))
        throw new EventPatternError(`${at}: anything-but takes a value, a list, or a string operator`);
    }
  } else if (operator === 'cidr') {
    throw new EventPatternError(`${at}: cidr is not implemented by this matcher`);
  } else {
    throw new EventPatternError(`${at}: unknown operator ${JSON.stringify(operator)}`);
  }
}
