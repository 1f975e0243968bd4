/**
 * IAM policy documents (identity policies, trust policies, key policies, bucket, queue, topic and
 * table policies) as a reviewer reads them: statements, not JSON leaves. A policy is normalised
 * (single values become lists, lists are sorted, condition blocks are flattened to operator, key and
 * values), then two versions are compared statement by statement: matched by `Sid` where a statement
 * has one, by content otherwise. Every statement is kept: nothing here cuts a list short.
 *
 * Grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
import { isJsonObject, type JsonValue } from './plan-types';

/** `Principal` / `NotPrincipal`: per principal type (`AWS`, `Service`, `Federated`, `*`), its ids. */
export interface PrincipalBlock {
  readonly not: boolean;
  readonly entries: readonly { readonly type: string; readonly ids: readonly string[] }[];
}

/** `Action` / `NotAction`, `Resource` / `NotResource`. */
export interface ListBlock {
  readonly not: boolean;
  readonly values: readonly string[];
}

export interface Condition {
  readonly operator: string;
  readonly key: string;
  readonly values: readonly string[];
}

export interface Statement {
  readonly sid?: string;
  readonly effect: string;
  readonly principal?: PrincipalBlock;
  readonly action?: ListBlock;
  readonly resource?: ListBlock;
  readonly conditions: readonly Condition[];
}

export interface PolicyDocument {
  readonly version?: string;
  readonly id?: string;
  readonly statements: readonly Statement[];
}

export interface ChangedStatement {
  readonly before: Statement;
  readonly after: Statement;
  /** What differs, one phrase per element ("action + `kms:Decrypt`", "effect Allow → Deny"). */
  readonly changes: readonly string[];
}

export interface PolicyDiff {
  readonly added: readonly Statement[];
  readonly removed: readonly Statement[];
  readonly changed: readonly ChangedStatement[];
  readonly unchanged: number;
  /** Document-level differences (`Version`, `Id`). */
  readonly document: readonly string[];
}

/** Whether a parsed JSON value is a policy document (an object with `Statement`). */
export function isPolicyDocument(value: JsonValue | undefined): boolean {
  return isJsonObject(value) && (Array.isArray(value.Statement) || isJsonObject(value.Statement));
}

function strings(value: JsonValue | undefined): string[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).sort();
}

function listBlock(statement: Record<string, JsonValue>, name: string): ListBlock | undefined {
  const plain = statement[name];
  const negated = statement[`Not${name}`];
  if (plain !== undefined) return { not: false, values: strings(plain) };
  if (negated !== undefined) return { not: true, values: strings(negated) };
  return undefined;
}

function principalBlock(statement: Record<string, JsonValue>): PrincipalBlock | undefined {
  const plain = statement.Principal;
  const negated = statement.NotPrincipal;
  const value = plain ?? negated;
  if (value === undefined) return undefined;
  const not = plain === undefined;
  if (!isJsonObject(value)) return { not, entries: [{ type: '*', ids: strings(value) }] };
  return {
    not,
    entries: Object.keys(value)
      .sort()
      .map((type) => ({ type, ids: strings(value[type]) })),
  };
}

function conditions(value: JsonValue | undefined): Condition[] {
  if (!isJsonObject(value)) return [];
  const out: Condition[] = [];
  for (const operator of Object.keys(value).sort()) {
    const block = value[operator];
    if (!isJsonObject(block)) continue;
    for (const key of Object.keys(block).sort()) out.push({ operator, key, values: strings(block[key]) });
  }
  return out;
}

/** The normalised statements of a policy document (undefined when the value is not one). */
export function parsePolicy(value: JsonValue | undefined): PolicyDocument | undefined {
  if (!isPolicyDocument(value) || !isJsonObject(value)) return undefined;
  const raw = Array.isArray(value.Statement) ? value.Statement : [value.Statement];
  const statements = raw.filter(isJsonObject).map((s): Statement => {
    const principal = principalBlock(s);
    const action = listBlock(s, 'Action');
    const resource = listBlock(s, 'Resource');
    return {
      ...(typeof s.Sid === 'string' && s.Sid !== '' ? { sid: s.Sid } : {}),
      effect: typeof s.Effect === 'string' ? s.Effect : JSON.stringify(s.Effect ?? null),
      ...(principal !== undefined ? { principal } : {}),
      ...(action !== undefined ? { action } : {}),
      ...(resource !== undefined ? { resource } : {}),
      conditions: conditions(s.Condition),
    };
  });
  return {
    ...(typeof value.Version === 'string' ? { version: value.Version } : {}),
    ...(typeof value.Id === 'string' ? { id: value.Id } : {}),
    statements,
  };
}

function canonical(statement: Statement): string {
  return JSON.stringify(statement);
}

/** Sids that name exactly one statement in the document (a repeated Sid cannot match). */
function uniqueSids(statements: readonly Statement[]): Set<string> {
  const counts = new Map<string, number>();
  for (const s of statements) if (s.sid !== undefined) counts.set(s.sid, (counts.get(s.sid) ?? 0) + 1);
  return new Set([...counts].filter(([, n]) => n === 1).map(([sid]) => sid));
}

/** Compares two versions of a policy; `before` undefined is a new policy (every statement added). */
export function diffPolicies(before: PolicyDocument | undefined, after: PolicyDocument | undefined): PolicyDiff {
  const b = before?.statements ?? [];
  const a = after?.statements ?? [];
  const matchedB = new Set<number>();
  const matchedA = new Set<number>();
  // Identical statements are unchanged, wherever they moved.
  a.forEach((s, i) => {
    const j = b.findIndex((x, k) => !matchedB.has(k) && canonical(x) === canonical(s));
    if (j === -1) return;
    matchedA.add(i);
    matchedB.add(j);
  });
  const unchanged = matchedA.size;
  // The same (unique) Sid on both sides is one statement that changed.
  const sidsB = uniqueSids(b);
  const sidsA = uniqueSids(a);
  const changed: ChangedStatement[] = [];
  a.forEach((s, i) => {
    if (matchedA.has(i) || s.sid === undefined || !sidsA.has(s.sid) || !sidsB.has(s.sid)) return;
    const j = b.findIndex((x, k) => !matchedB.has(k) && x.sid === s.sid);
    const old = b[j];
    if (old === undefined) return;
    matchedA.add(i);
    matchedB.add(j);
    changed.push({ before: old, after: s, changes: statementChanges(old, s) });
  });
  const added = a.filter((_, i) => !matchedA.has(i));
  const removed = b.filter((_, j) => !matchedB.has(j));
  const document = [
    ...(before !== undefined && before.version !== after?.version
      ? [`Version ${before.version ?? 'unset'} → ${after?.version ?? 'unset'}`]
      : []),
    ...(before !== undefined && before.id !== after?.id
      ? [`Id ${before.id ?? 'unset'} → ${after?.id ?? 'unset'}`]
      : []),
  ];
  return { added, removed, changed, unchanged, document };
}

function setDiff(before: readonly string[], after: readonly string[]): { plus: string[]; minus: string[] } {
  return { plus: after.filter((v) => !before.includes(v)), minus: before.filter((v) => !after.includes(v)) };
}

function plusMinus(label: string, before: readonly string[], after: readonly string[]): string | undefined {
  const { plus, minus } = setDiff(before, after);
  if (plus.length === 0 && minus.length === 0) return undefined;
  const parts = [
    ...(plus.length > 0 ? [`+ ${plus.map(tick).join(', ')}`] : []),
    ...(minus.length > 0 ? [`− ${minus.map(tick).join(', ')}`] : []),
  ];
  return `${label} ${parts.join(' ')}`;
}

function blockChanges(label: string, before: ListBlock | undefined, after: ListBlock | undefined): string[] {
  const out: string[] = [];
  if ((before?.not ?? false) !== (after?.not ?? false) && before !== undefined && after !== undefined)
    out.push(`${label} → ${after.not ? `Not${label}` : label}`);
  const change = plusMinus(after?.not === true ? `not ${label}` : label, before?.values ?? [], after?.values ?? []);
  if (change !== undefined) out.push(change);
  return out;
}

/** What differs between two statements with the same Sid. */
export function statementChanges(before: Statement, after: Statement): string[] {
  const out: string[] = [];
  if (before.effect !== after.effect) out.push(`effect ${before.effect} → ${after.effect}`);
  if ((before.principal?.not ?? false) !== (after.principal?.not ?? false))
    out.push(`principal → ${after.principal?.not === true ? 'NotPrincipal' : 'Principal'}`);
  const types = [
    ...new Set([...(before.principal?.entries ?? []), ...(after.principal?.entries ?? [])].map((e) => e.type)),
  ];
  for (const type of types.sort()) {
    const ids = (p: PrincipalBlock | undefined): readonly string[] =>
      p?.entries.find((e) => e.type === type)?.ids ?? [];
    const change = plusMinus(`principal ${type}`, ids(before.principal), ids(after.principal));
    if (change !== undefined) out.push(change);
  }
  out.push(...blockChanges('action', before.action, after.action));
  out.push(...blockChanges('resource', before.resource, after.resource));
  const keys = [...new Set([...before.conditions, ...after.conditions].map((c) => `${c.operator}\u0000${c.key}`))];
  for (const k of keys.sort()) {
    const [operator = '', key = ''] = k.split('\u0000');
    const values = (cs: readonly Condition[]): readonly string[] =>
      cs.find((c) => c.operator === operator && c.key === key)?.values ?? [];
    const change = plusMinus(
      `condition ${tick(operator)} ${tick(key)}`,
      values(before.conditions),
      values(after.conditions),
    );
    if (change !== undefined) out.push(change);
  }
  return out;
}

/** Inline code in Markdown, whatever backticks the text holds. */
export function tick(text: string): string {
  const clean = text.replace(/\r?\n/g, ' ');
  return clean.includes('`') ? `\`\` ${clean} \`\`` : `\`${clean}\``;
}

function principalText(p: PrincipalBlock): string {
  const label = p.not ? 'not principal' : 'principal';
  return `${label} ${p.entries
    .map((e) => (e.type === '*' ? e.ids.map(tick).join(', ') : `${e.type} ${e.ids.map(tick).join(', ')}`))
    .join('; ')}`;
}

/**
 * One statement on one line, every element in full:
 * `` `Sid` Allow · principal AWS `arn…` · action `kms:Decrypt` · resource `*` · if `StringEquals` `kms:ViaService` = `s3…` ``
 */
export function statementLine(s: Statement): string {
  const parts = [`${s.sid !== undefined ? tick(s.sid) : '(no Sid)'} **${s.effect}**`];
  if (s.principal !== undefined) parts.push(principalText(s.principal));
  if (s.action !== undefined)
    parts.push(`${s.action.not ? 'not action' : 'action'} ${s.action.values.map(tick).join(', ')}`);
  if (s.resource !== undefined)
    parts.push(`${s.resource.not ? 'not resource' : 'resource'} ${s.resource.values.map(tick).join(', ')}`);
  if (s.conditions.length > 0)
    parts.push(
      `if ${s.conditions.map((c) => `${tick(c.operator)} ${tick(c.key)} = ${c.values.map(tick).join(' or ')}`).join(' and ')}`,
    );
  return parts.join(' · ');
}

/**
 * The diff as Markdown list lines: `+` added, `−` removed, `~` changed (with the statement as it
 * becomes). For a new policy (`isNew`), its statements without a marker.
 */
export function diffLines(diff: PolicyDiff, isNew = false): string[] {
  const out: string[] = [];
  for (const d of diff.document) out.push(`- ~ ${d}`);
  for (const s of diff.added) out.push(isNew ? `- ${statementLine(s)}` : `- \`+\` ${statementLine(s)}`);
  for (const s of diff.removed) out.push(`- \`−\` ${statementLine(s)}`);
  for (const c of diff.changed) {
    out.push(`- \`~\` ${c.after.sid !== undefined ? tick(c.after.sid) : '(no Sid)'}: ${c.changes.join('; ')}`);
    out.push(`  - now: ${statementLine(c.after)}`);
  }
  return out;
}

/** "14 statements" or "1 added, 1 changed, 12 unchanged". */
export function diffHeadline(diff: PolicyDiff, isNew: boolean): string {
  if (isNew) return `${diff.added.length} statement${diff.added.length === 1 ? '' : 's'}`;
  const parts = [
    diff.added.length > 0 ? `${diff.added.length} added` : '',
    diff.removed.length > 0 ? `${diff.removed.length} removed` : '',
    diff.changed.length > 0 ? `${diff.changed.length} changed` : '',
    diff.unchanged > 0 ? `${diff.unchanged} unchanged` : '',
  ].filter((p) => p !== '');
  return parts.join(', ') || 'no statement changes';
}
