/**
 * Markdown rendering of plan summaries for a pull-request comment and for the full report.
 *
 * Layout: the verdict, stateful replacements and deletions, a table of counts per stack, then one
 * section per stack (always, in the order given): its summary line, every security-sensitive change
 * with its reasons, and its details in a collapsed block (attributes, and policies as statements).
 * Sensitive values are never rendered, only that they change.
 *
 * A comment has a length limit (GitHub: 65,536 characters). What gives way is only the collapsed
 * details, and it gives way evenly: every stack first loses the details of its other changes, then of
 * its security-sensitive attributes (their policies stay), then its details altogether, and stacks
 * get richer details back in order while they fit. A stack section, its summary line and its
 * security-sensitive changes are never left out; in the extreme where even those do not fit, their
 * reasons are shortened, then the changes are listed by address only. Whatever is shortened is said
 * at the top, with a link to the full report when one is given.
 */
import type { AttributeChange, Shown } from './attribute-diff';
import { CATEGORY_LABELS, type ChangeKind, type ClassifiedChange } from './classify';
import { diffHeadline, diffLines } from './policy-diff';
import { destructiveChanges, needsSecondReview, securityChanges, type StackSummary } from './summary';

/** Hidden marker the workflow looks for to update its one comment in place. */
export const COMMENT_MARKER = '<!-- biometric-vault:plan-summary -->';

/** GitHub's limit on the body of an issue or pull-request comment, in characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

export interface RenderOptions {
  /**
   * Longest output, in characters. Details give way first (see above). Default 60,000, a margin
   * under GitHub's comment limit; `Infinity` for the full report.
   */
  readonly maxLength?: number;
  /** Free text under the title (for example the environment and commit). */
  readonly subtitle?: string;
  /** Stacks that should have a plan and have none: reviewed as unknown changes. */
  readonly missing?: readonly string[];
  /** Where the full report is (the job summary and artifact): linked when anything is shortened. */
  readonly fullReportUrl?: string;
}

const SYMBOL: Readonly<Record<ChangeKind, string>> = {
  create: '+',
  update: '~',
  replace: '-/+',
  delete: '-',
  read: '<=',
  'no-op': ' ',
  forget: '.',
};

/**
 * How much of a stack's details is rendered: everything; the security-sensitive changes in full and
 * the others one line each; only policies in full (every change one line); nothing.
 */
type Detail = 'full' | 'security' | 'policies' | 'none';
const DETAILS: readonly Detail[] = ['full', 'security', 'policies', 'none'];

/** How much of the security-sensitive listing is rendered: reasons in full, by category, addresses only. */
type Listing = 'reasons' | 'categories' | 'addresses';
const LISTINGS: readonly Listing[] = ['reasons', 'categories', 'addresses'];

interface Section {
  readonly stack: string;
  /** The heading, summary line and security listing: always rendered. */
  readonly head: string;
  /** The details at each level. */
  readonly details: Readonly<Record<Detail, string>>;
}

export function render(summaries: readonly StackSummary[], options: RenderOptions = {}): string {
  const maxLength = options.maxLength ?? 60_000;
  const missing = options.missing ?? [];
  const tail = footer(summaries);
  const attempt = (listing: Listing, overLimit: boolean): string => {
    const sections = [...summaries.map((s) => section(s, listing)), ...missing.map((stack) => missingSection(stack))];
    const levels = chooseDetails(sections, maxLength, (trial) =>
      assemble(summaries, options, sections, trial, listing, tail),
    );
    return assemble(summaries, options, sections, levels, listing, tail, overLimit);
  };
  for (const listing of LISTINGS) {
    const text = attempt(listing, false);
    if (text.length <= maxLength) return text;
  }
  // Even the addresses alone do not fit: say so, and still leave no stack or change out.
  return attempt('addresses', true);
}

/**
 * The richest detail levels that fit in `maxLength`: the richest level every stack can have, then one
 * level richer at a time, stack by stack in order while the whole still fits, so that every stack
 * gets its policies before any stack gets its other attributes.
 */
function chooseDetails(
  sections: readonly Section[],
  maxLength: number,
  text: (levels: readonly Detail[]) => string,
): Detail[] {
  const fits = (levels: readonly Detail[]): boolean => text(levels).length <= maxLength;
  const uniform = DETAILS.find((d) => fits(sections.map(() => d))) ?? 'none';
  const levels = sections.map(() => uniform);
  for (const richer of DETAILS.slice(0, DETAILS.indexOf(uniform)).reverse()) {
    for (let i = 0; i < levels.length; i++) {
      const current = levels[i] ?? 'none';
      if (DETAILS.indexOf(current) !== DETAILS.indexOf(richer) + 1) continue;
      const trial = levels.map((l, j) => (j === i ? richer : l));
      if (fits(trial)) levels[i] = richer;
    }
  }
  return levels;
}

function assemble(
  summaries: readonly StackSummary[],
  options: RenderOptions,
  sections: readonly Section[],
  levels: readonly Detail[],
  listing: Listing,
  tail: string,
  overLimit = false,
): string {
  const shortened = sections.filter((s, i) => levels[i] !== 'full' && s.details.full !== '').map((s) => s.stack);
  const out = [...verdict(summaries, options), ...shortenedNote(shortened, listing, overLimit, options.fullReportUrl)];
  out.push(...destructiveSection(summaries), ...countsTable(summaries));
  sections.forEach((s, i) => {
    out.push(s.head);
    const level = levels[i] ?? 'none';
    const details = s.details[level];
    if (details !== '') out.push(details);
    else if (s.details.full !== '')
      out.push(`_Details left out to fit the comment${linkText(options.fullReportUrl, '; they are in')}._`, '');
  });
  return `${out.join('\n')}${tail}`;
}

function linkText(url: string | undefined, lead: string): string {
  return url !== undefined ? `${lead} [the full report](${url})` : `${lead} the full report (the job summary)`;
}

function shortenedNote(
  shortened: readonly string[],
  listing: Listing,
  overLimit: boolean,
  url: string | undefined,
): string[] {
  if (shortened.length === 0 && listing === 'reasons') return [];
  const what = [
    shortened.length > 0 ? `the details of ${shortened.map(code).join(', ')} are shortened or left out` : '',
    listing === 'categories' ? 'reasons are shown by category' : '',
    listing === 'addresses' ? 'security-sensitive changes are listed by address only' : '',
  ].filter((w) => w !== '');
  return [
    '> [!NOTE]',
    `> To fit the comment limit, ${what.join('; ')}. Every stack and every security-sensitive change is listed below.` +
      (overLimit ? ' **Even so this summary is longer than the limit.**' : '') +
      ` Everything is in${linkText(url, '')}.`,
    '',
  ];
}

function verdict(summaries: readonly StackSummary[], options: RenderOptions): string[] {
  const head: string[] = [COMMENT_MARKER, '## Terraform plan summary', ''];
  if (options.subtitle !== undefined) head.push(options.subtitle, '');
  const sensitive = securityChanges(summaries);
  const errored = summaries.filter((s) => s.errored);
  const missing = options.missing ?? [];
  const stackWide = summaries.reduce((n, s) => n + s.stackReasons.length, 0);
  const drifted = summaries.reduce((n, s) => n + s.drift.filter((d) => d.security.length > 0).length, 0);
  const total = summaries.reduce((n, s) => n + s.changes.filter((c) => c.kind !== 'read').length, 0);
  if (errored.length > 0)
    head.push(
      `> [!CAUTION]`,
      `> The plan of ${errored.map((s) => code(s.stack)).join(', ')} did not complete: this summary is partial.`,
      '',
    );
  if (missing.length > 0)
    head.push(
      `> [!CAUTION]`,
      `> No plan for ${missing.map(code).join(', ')}: their changes are unknown, so a second reviewer is required.`,
      '',
    );
  if (needsSecondReview(summaries) || missing.length > 0) {
    const incomplete = stackWide + missing.length;
    head.push(
      `> [!WARNING]`,
      `> **${plural(sensitive.length, 'security-sensitive change')}**` +
        (drifted > 0 ? ` and ${plural(drifted, 'drifted security control')}` : '') +
        (incomplete > 0 ? `, ${plural(incomplete, 'stack')} without a complete plan or with a backend change` : '') +
        ': a second reviewer is required.',
      '',
    );
  } else if (total === 0) head.push('No changes. The infrastructure matches the configuration.', '');
  else head.push('No security-sensitive changes.', '');
  return head;
}

function destructiveSection(summaries: readonly StackSummary[]): string[] {
  const destructive = destructiveChanges(summaries);
  if (destructive.length === 0) return [];
  const out = ['### :rotating_light: Stateful resources replaced or deleted', ''];
  for (const { stack, change } of destructive) {
    const forced = change.attributes.filter((a) => a.forcesReplacement).map((a) => code(a.path));
    const reason = change.resource.action_reason !== undefined ? ` (${change.resource.action_reason})` : '';
    out.push(
      `- **${change.kind.toUpperCase()}** ${code(change.resource.address)} in ${code(stack)}${reason}` +
        (forced.length > 0 ? `; forced by ${forced.join(', ')}` : '') +
        ` — ${consequence(change)}`,
    );
  }
  out.push('');
  return out;
}

function countsTable(summaries: readonly StackSummary[]): string[] {
  const out = [
    '### Per stack',
    '',
    '| Stack | Create | Update | Replace | Delete | Read | Security-sensitive |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const s of summaries) {
    const c = s.counts;
    out.push(
      `| ${code(s.stack)} | ${c.create} | ${c.update} | ${c.replace} | ${c.delete + c.forget} | ${c.read} | ${sensitiveCount(s)} |`,
    );
  }
  out.push('');
  return out;
}

function sensitiveCount(s: StackSummary): number {
  return s.changes.filter((x) => x.security.length > 0).length;
}

function section(s: StackSummary, listing: Listing): Section {
  const sensitive = s.changes.filter((c) => c.security.length > 0);
  const driftSensitive = s.drift.filter((d) => d.security.length > 0);
  const line = [countsText(s), sensitive.length > 0 ? `${sensitive.length} security-sensitive` : '']
    .filter((p) => p !== '')
    .join(' · ');
  const head = [`### ${code(s.stack)}: ${line}`, ''];
  for (const reason of s.stackReasons) head.push(`- :x: **whole stack**: ${escapeHtml(reason)}`);
  if (s.stackReasons.length > 0) head.push('');
  if (sensitive.length > 0 || driftSensitive.length > 0) {
    if (listing === 'addresses') {
      const list = [
        ...sensitive.map((c) => `${c.kind} ${code(c.resource.address)}`),
        ...driftSensitive.map((d) => `drift ${code(d.resource.address)}`),
      ];
      head.push(`Security-sensitive: ${list.join(', ')}`, '');
    } else {
      head.push('| Change | Resource | Why |', '| --- | --- | --- |');
      for (const c of sensitive) head.push(`| ${c.kind} | ${code(c.resource.address)} | ${reasons(c, listing)} |`);
      for (const d of driftSensitive)
        head.push(
          `| drift (${d.kind}) | ${code(d.resource.address)} | changed outside Terraform: ${reasons(d, listing)} |`,
        );
      head.push('');
    }
  }
  const shown = s.changes.filter((c) => c.kind !== 'read');
  const details = Object.fromEntries(
    DETAILS.map((level) => [level, shown.length === 0 && s.drift.length === 0 ? '' : detailsBlock(s, shown, level)]),
  ) as Record<Detail, string>;
  return { stack: s.stack, head: head.join('\n'), details };
}

function missingSection(stack: string): Section {
  return {
    stack,
    head: [
      `### ${code(stack)}: no plan`,
      '',
      '- :x: **whole stack**: no plan was produced for it: its changes are unknown',
      '',
    ].join('\n'),
    details: { full: '', security: '', policies: '', none: '' },
  };
}

function detailsBlock(s: StackSummary, shown: readonly ClassifiedChange[], level: Detail): string {
  if (level === 'none') return '';
  const out = [
    `<details><summary>Details of ${code(s.stack)}: ${plural(shown.length, 'change')}${level === 'full' ? '' : ' (shortened)'}</summary>`,
    '',
  ];
  let others = 0;
  let policyOnly = 0;
  for (const change of shown) {
    const inFull = level === 'full' || (level === 'security' && change.security.length > 0);
    if (inFull) out.push(...renderChange(change, level === 'full'));
    else if (level === 'policies' && change.attributes.some((a) => a.policy !== undefined)) {
      out.push(...renderChange(change, false, true));
      policyOnly += 1;
    } else others += 1;
  }
  const left = [
    policyOnly > 0 ? 'the other attributes of these changes' : '',
    others > 0 ? plural(others, others === shown.length ? 'change' : 'other change') : '',
  ].filter((p) => p !== '');
  if (left.length > 0) out.push(`_Left out here, in the full report: ${left.join(' and ')}._`, '');
  if (s.drift.length > 0) {
    out.push(`**Drift** (changed outside Terraform since the last apply):`, '');
    for (const d of s.drift) out.push(`- ${code(d.resource.address)}: ${d.kind}`);
    out.push('');
  }
  out.push('</details>', '');
  return out.join('\n');
}

function footer(summaries: readonly StackSummary[]): string {
  const version = summaries.map((s) => s.terraformVersion).find((v) => v !== undefined);
  return version !== undefined
    ? `\n<sub>Terraform ${escapeHtml(version)} · rendered by \`npm run plan:summary\`</sub>\n`
    : '';
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function consequence(change: ClassifiedChange): string {
  const t = change.resource.type;
  if (change.kind === 'forget') return 'Terraform stops managing it; it is left in place unmanaged.';
  if (t.startsWith('aws_kms_'))
    return 'a key deletion is scheduled: data encrypted under it is unrecoverable once the waiting period ends.';
  if (t === 'aws_s3_bucket')
    return 'the bucket and every object version in it are lost (unless force_destroy is off and the bucket is not empty).';
  if (t === 'aws_dynamodb_table')
    return 'the table and its records are lost (point-in-time recovery keeps a system backup for 35 days).';
  if (t.startsWith('aws_cloudtrail'))
    return 'audit logging stops until the new trail exists; a new trail starts a new digest chain.';
  if (t === 'aws_cloudwatch_log_group') return 'the log events in it are deleted.';
  if (t === 'aws_guardduty_detector') return 'existing findings are deleted with the detector.';
  return 'data held by it is lost.';
}

function reasons(change: ClassifiedChange, listing: Listing): string {
  const byCategory = new Map<string, string[]>();
  for (const r of change.security) {
    const label = CATEGORY_LABELS[r.category];
    byCategory.set(label, [...(byCategory.get(label) ?? []), r.reason]);
  }
  if (listing === 'categories') return [...byCategory.keys()].join('; ');
  return [...byCategory.entries()]
    .map(([label, rs]) => `**${label}**: ${[...new Set(rs)].map(cellText).join('; ')}`)
    .join('<br>');
}

function countsText(s: StackSummary): string {
  const c = s.counts;
  const parts = [
    c.create > 0 ? `${c.create} to create` : '',
    c.update > 0 ? `${c.update} to update` : '',
    c.replace > 0 ? `${c.replace} to replace` : '',
    c.delete > 0 ? `${c.delete} to delete` : '',
    c.forget > 0 ? `${c.forget} to forget` : '',
    s.drift.length > 0 ? `${s.drift.length} drifted` : '',
  ].filter((p) => p !== '');
  return parts.length > 0 ? parts.join(', ') : 'no changes';
}

/** One change: its heading, attribute table, policies as statements, and (full) computed attributes. */
function renderChange(change: ClassifiedChange, withComputed: boolean, policiesOnly = false): string[] {
  const r = change.resource;
  const flags = [
    change.security.length > 0 ? ':warning: security-sensitive' : '',
    change.destructive ? ':rotating_light: stateful' : '',
    r.action_reason !== undefined ? `reason: \`${r.action_reason}\`` : '',
    r.previous_address !== undefined ? `moved from ${code(r.previous_address)}` : '',
    r.deposed !== undefined ? `deposed object \`${r.deposed}\`` : '',
    r.change.importing !== undefined ? 'import' : '',
  ].filter((f) => f !== '');
  const out = [
    `#### \`${SYMBOL[change.kind]}\` ${change.kind} ${code(r.address)}${flags.length > 0 ? ` — ${flags.join(' · ')}` : ''}`,
    '',
  ];
  const plain = policiesOnly ? [] : change.attributes.filter((a) => a.policy === undefined);
  const policies = change.attributes.filter((a) => a.policy !== undefined);
  if (plain.length > 0) {
    if (change.kind === 'create') {
      out.push('| Attribute | Value |', '| --- | --- |');
      for (const a of plain) out.push(`| ${pathCell(a)} | ${cell(a.after)} |`);
    } else {
      out.push('| Attribute | Before | After |', '| --- | --- | --- |');
      for (const a of plain) out.push(`| ${pathCell(a)} | ${cell(a.before)} | ${cell(a.after)} |`);
    }
    out.push('');
  }
  for (const a of policies) out.push(...policyBlock(a), '');
  if (withComputed && change.computed.length > 0)
    out.push(
      `_Known after apply (computed by the provider):_ ${change.computed.map((c) => `\`${c}\``).join(', ')}`,
      '',
    );
  if (plain.length === 0 && policies.length === 0 && (change.kind === 'delete' || change.kind === 'forget'))
    out.push(`_All attributes ${change.kind === 'delete' ? 'destroyed' : 'left unmanaged'}._`, '');
  return out;
}

function policyBlock(a: AttributeChange): string[] {
  const policy = a.policy;
  if (policy === undefined) return [];
  const isNew = policy.before === undefined;
  const gone = policy.after === undefined;
  const headline = gone
    ? `removed (${plural(policy.before?.statements.length ?? 0, 'statement')})`
    : diffHeadline(policy.diff, isNew);
  return [`**\`${a.path}\`** (policy${isNew ? '' : ' change'}: ${headline}):`, '', ...diffLines(policy.diff, isNew)];
}

function pathCell(a: AttributeChange): string {
  return `<code>${escapeHtml(a.path)}</code>${a.forcesReplacement ? ' **forces replacement**' : ''}`;
}

function cell(s: Shown): string {
  switch (s.kind) {
    case 'sensitive':
      return '_(sensitive)_';
    case 'unknown':
      return '_(known after apply)_';
    case 'absent':
      return '—';
    case 'value':
      return `<code>${escapeHtml(s.text)}</code>`;
  }
}

/** Our own Markdown (reasons) in a table cell: only what would break the row is escaped. */
function cellText(text: string): string {
  return text.replace(/\|/g, '&#124;').replace(/\r?\n/g, ' ');
}

function code(text: string): string {
  return `<code>${escapeHtml(text)}</code>`;
}

/** Escapes text for an HTML element inside a Markdown table cell. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '&#124;')
    .replace(/`/g, '&#96;')
    .replace(/\r?\n/g, ' ');
}
