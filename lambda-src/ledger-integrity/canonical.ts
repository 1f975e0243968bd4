/**
 * Canonical form and hash of a DynamoDB item, exactly as a reader gets it back (a `Scan`, a stream
 * image, a line of a DynamoDB JSON export), so that the digest job and `ledger:verify` hash the same
 * bytes for the same record whichever way they read it.
 *
 * The canonical form is compact JSON of the item in DynamoDB's typed shape (`{"name":{"S":"…"}}`) with:
 * - attribute names (and map keys) in Unicode code point order (which is UTF-8 byte order);
 * - numbers in DynamoDB's normalized decimal form: no exponent, no leading zeros, no trailing fractional
 *   zeros, no `-0` ("Leading and trailing zeroes are trimmed",
 *   https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html);
 *   a number DynamoDB would refuse (more than 38 significant digits, outside 1E-130 .. 9.99…E+125) is refused;
 * - binary values as standard base64 with padding, whether they arrive as bytes (SDK) or base64 text (JSON);
 * - set members (SS, NS, BS) sorted (DynamoDB returns a set's members in no defined order);
 * - strings as JSON escapes them (no Unicode normalization: DynamoDB stores and returns the bytes it was given).
 *
 * Every attribute type DynamoDB has is supported, so any record type the ledger may hold is covered.
 * Dependency-free: the Lambda bundle and the operator tool share it.
 */
import { createHash } from 'node:crypto';

/** Identifier of this canonical form, written into every digest. */
export const CANONICALIZATION = 'biometric-vault/dynamodb-item/1';

/** A DynamoDB attribute value as the SDK (bytes) or DynamoDB JSON (base64 text) gives it. */
export type AttributeValueLike =
  | { readonly S: string }
  | { readonly N: string }
  | { readonly B: Uint8Array | string }
  | { readonly BOOL: boolean }
  | { readonly NULL: true }
  | { readonly L: readonly AttributeValueLike[] }
  | { readonly M: Readonly<Record<string, AttributeValueLike>> }
  | { readonly SS: readonly string[] }
  | { readonly NS: readonly string[] }
  | { readonly BS: readonly (Uint8Array | string)[] };

export type ItemLike = Readonly<Record<string, AttributeValueLike>>;

/** An item or value that is not a DynamoDB attribute value, or a number DynamoDB would refuse. */
export class CanonicalFormError extends Error {
  public override readonly name: string = 'CanonicalFormError';
}

const NUMBER = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * A DynamoDB number in the plain decimal form DynamoDB returns it in (`1.5E2` → `150`, `-0` → `0`,
 * `1e-7` → `0.0000001`, `00042.500` → `42.5`). Throws `CanonicalFormError` for anything DynamoDB refuses.
 */
export function normalizeNumber(text: string): string {
  const m = NUMBER.exec(text.trim());
  const intPart = m?.[2] ?? '';
  const fracPart = m?.[3] ?? '';
  if (m === null || (intPart === '' && fracPart === '') || text.trim() !== text) {
    throw new CanonicalFormError(`not a DynamoDB number: ${JSON.stringify(text)}`);
  }
  const exponentText = m[4] ?? '0';
  if (exponentText.replace(/^[+-]?0*/, '').length > 6) {
    throw new CanonicalFormError(`number out of DynamoDB's range: ${JSON.stringify(text)}`);
  }
  let digits = intPart + fracPart;
  let exponent = Number(exponentText) - fracPart.length;
  digits = digits.replace(/^0+/, '');
  if (digits === '') return '0';
  const trailing = /0+$/.exec(digits);
  if (trailing !== null) {
    digits = digits.slice(0, digits.length - trailing[0].length);
    exponent += trailing[0].length;
  }
  if (digits.length > 38) {
    throw new CanonicalFormError(`number has more than 38 significant digits: ${JSON.stringify(text)}`);
  }
  const magnitude = digits.length - 1 + exponent;
  if (magnitude > 125 || magnitude < -130) {
    throw new CanonicalFormError(`number out of DynamoDB's range: ${JSON.stringify(text)}`);
  }
  const sign = m[1] === '-' ? '-' : '';
  if (exponent >= 0) return `${sign}${digits}${'0'.repeat(exponent)}`;
  const point = digits.length + exponent;
  return point > 0
    ? `${sign}${digits.slice(0, point)}.${digits.slice(point)}`
    : `${sign}0.${'0'.repeat(-point)}${digits}`;
}

/**
 * Compares two strings by Unicode code point (UTF-8 byte order). JavaScript's `<` compares UTF-16 code
 * units, which puts U+10000 and above (surrogate pairs) before U+E000..U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800) x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
    if (y >= 0xd800) y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    return x - y;
  }
  return a.length - b.length;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function bytesOf(value: Uint8Array | string, where: string): Buffer {
  if (typeof value === 'string') {
    if (!BASE64.test(value)) throw new CanonicalFormError(`${where}: binary value is not base64`);
    return Buffer.from(value, 'base64');
  }
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  throw new CanonicalFormError(`${where}: binary value must be bytes or base64 text`);
}

function numberAt(text: string, where: string): string {
  try {
    return normalizeNumber(text);
  } catch (error) {
    throw new CanonicalFormError(`${where}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const TYPES = new Set(['S', 'N', 'B', 'BOOL', 'NULL', 'L', 'M', 'SS', 'NS', 'BS']);

function stringArray(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string'))
    throw new CanonicalFormError(`${where}: set must be a list of strings`);
  return value;
}

function encodeValue(value: unknown, where: string): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CanonicalFormError(`${where}: not a DynamoDB attribute value`);
  }
  const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined);
  const [type] = keys;
  if (keys.length !== 1 || type === undefined || !TYPES.has(type)) {
    throw new CanonicalFormError(
      `${where}: must have exactly one DynamoDB type (received ${keys.join(', ') || 'none'})`,
    );
  }
  const v = (value as Record<string, unknown>)[type];
  switch (type) {
    case 'S':
      if (typeof v !== 'string') throw new CanonicalFormError(`${where}: S must be a string`);
      return `{"S":${JSON.stringify(v)}}`;
    case 'N':
      if (typeof v !== 'string') throw new CanonicalFormError(`${where}: N must be a string`);
      return `{"N":"${numberAt(v, where)}"}`;
    case 'B':
      return `{"B":"${bytesOf(v as Uint8Array | string, where).toString('base64')}"}`;
    case 'BOOL':
      if (typeof v !== 'boolean') throw new CanonicalFormError(`${where}: BOOL must be true or false`);
      return `{"BOOL":${v ? 'true' : 'false'}}`;
    case 'NULL':
      if (v !== true) throw new CanonicalFormError(`${where}: NULL must be true`);
      return '{"NULL":true}';
    case 'L':
      if (!Array.isArray(v)) throw new CanonicalFormError(`${where}: L must be a list`);
      return `{"L":[${v.map((e, i) => encodeValue(e, `${where}[${i}]`)).join(',')}]}`;
    case 'M':
      if (typeof v !== 'object' || v === null || Array.isArray(v))
        throw new CanonicalFormError(`${where}: M must be a map`);
      return `{"M":${encodeMap(v as Record<string, unknown>, where)}}`;
    case 'SS':
      return `{"SS":[${stringArray(v, where)
        .slice()
        .sort(compareCodePoints)
        .map((s) => JSON.stringify(s))
        .join(',')}]}`;
    case 'NS':
      return `{"NS":[${stringArray(v, where)
        .map((n) => numberAt(n, where))
        .sort(compareCodePoints)
        .map((s) => `"${s}"`)
        .join(',')}]}`;
    default: {
      if (!Array.isArray(v)) throw new CanonicalFormError(`${where}: BS must be a list`);
      const members = v.map((b, i) => bytesOf(b as Uint8Array | string, `${where}[${i}]`));
      members.sort((a, b) => Buffer.compare(a, b));
      return `{"BS":[${members.map((b) => `"${b.toString('base64')}"`).join(',')}]}`;
    }
  }
}

function encodeMap(map: Readonly<Record<string, unknown>>, where: string): string {
  const names = Object.keys(map)
    .filter((k) => map[k] !== undefined)
    .sort(compareCodePoints);
  return `{${names.map((n) => `${JSON.stringify(n)}:${encodeValue(map[n], where === '' ? n : `${where}.${n}`)}`).join(',')}}`;
}

/** The canonical text of an item (see the module comment). Throws `CanonicalFormError` naming the attribute. */
export function canonicalItem(item: ItemLike | Readonly<Record<string, unknown>>): string {
  if (typeof item !== 'object' || Array.isArray(item)) throw new CanonicalFormError('an item must be a map');
  return encodeMap(item, '');
}

/** Hex SHA-256 of the canonical text (UTF-8): the record hash written into digests. */
export function itemHash(item: ItemLike | Readonly<Record<string, unknown>>): string {
  return createHash('sha256').update(canonicalItem(item), 'utf8').digest('hex');
}

/**
 * The canonical text of an item's key attributes, which names a record in digests and reports
 * (`{"pk":{"S":"UPLOAD#…"}}`). `keyNames` are the table's key attributes.
 */
export function canonicalKey(item: ItemLike | Readonly<Record<string, unknown>>, keyNames: readonly string[]): string {
  const key: Record<string, unknown> = {};
  for (const name of keyNames) {
    const v = (item as Readonly<Record<string, unknown>>)[name];
    if (v === undefined) throw new CanonicalFormError(`key attribute ${name} is missing`);
    key[name] = v;
  }
  return encodeMap(key, '');
}

/** Hex SHA-256 of a canonical key: how digests name a record. */
export function keyHash(canonical: string): string {
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** A reader's view of a canonical key: `pk=UPLOAD#…` for string and number keys, the canonical text otherwise. */
export function displayKey(canonical: string): string {
  try {
    const parsed = JSON.parse(canonical) as Record<string, Record<string, unknown>>;
    const parts = Object.entries(parsed).map(([name, v]) => {
      const s = v.S ?? v.N;
      return typeof s === 'string' ? `${name}=${s}` : `${name}=${JSON.stringify(v)}`;
    });
    return parts.join(', ');
  } catch {
    return canonical;
  }
}

/**
 * Canonical JSON of plain data (digests and their entries): keys in code point order, no whitespace.
 * Only strings, booleans, null, safe integers, arrays and objects: a fraction or an unsafe integer would
 * depend on the number formatting of the writer.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isSafeInteger(value))
        throw new CanonicalFormError(`canonical JSON holds integers only (received ${value})`);
      return String(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      const obj = value as Record<string, unknown>;
      const names = Object.keys(obj)
        .filter((k) => obj[k] !== undefined)
        .sort(compareCodePoints);
      return `{${names.map((n) => `${JSON.stringify(n)}:${canonicalJson(obj[n])}`).join(',')}}`;
    }
    default:
      throw new CanonicalFormError(`canonical JSON cannot hold a ${typeof value}`);
  }
}
