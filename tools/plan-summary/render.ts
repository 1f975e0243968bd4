/**
 * Markdown rendering of plan summaries for a pull-request comment: the security-sensitive changes
 * and any stateful replacement or deletion first, then counts per stack, then attribute-level
 * details in collapsed sections. Sensitive values are never rendered, only that they change.
 */
import type { AttributeChange, Shown } from './attribute-diff';
import { CATEGORY_LABELS, type ChangeKind, type ClassifiedChange } from './classify';
import { destructiveChanges, needsSecondReview, securityChanges, type StackSummary } from './summary';

/** Hidden marker the workflow looks for to update its one comment in place. */
export const COMMENT_MARKER = '<!-- biometric-vault:plan-summary -->';

export interface RenderOptions {
  /** Longest output, in characters (GitHub comments hold 65,536). Details are cut first. Default 60,000. */
  readonly maxLength?: number;
  /** Most attribute rows shown per resource. Default 40. */
  readonly maxAttributesPerResource?: number;
  /** Free text under the title (for example the commit). */
  readonly subtitle?: string;
  /** Stacks that should have a plan and have none: reviewed as unknown changes. */
  readonly missing?: readonly string[];
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

export function render(summaries: readonly StackSummary[], options: RenderOptions = {}): string {
  const maxLength = options.maxLength ?? 60_000;
  const head: string[] = [COMMENT_MARKER, '## Terraform plan summary', ''];
  if (options.subtitle !== undefined) head.push(options.subtitle, '');

  const sensitive = securityChanges(summaries);
  const destructive = destructiveChanges(summaries);
  const errored = summaries.filter((s) => s.errored);
  const missing = options.missing ?? [];
  const stackWide = summaries.flatMap((s) => s.stackReasons.map((reason) => ({ stack: s.stack, reason })));
  const driftSensitive = summaries.flatMap((s) =>
    s.drift.filter((d) => d.security.length > 0).map((change) => ({ stack: s.stack, change })),
  );
  const total = summaries.reduce((n, s) => n + s.changes.filter((c) => c.kind !== 'read').length, 0);

  if (errored.length > 0) {
    head.push(
      `> [!CAUTION]`,
      `> The plan of ${errored.map((s) => code(s.stack)).join(', ')} did not complete: this summary is partial.`,
      '',
    );
  }
  if (missing.length > 0) {
    head.push(
      `> [!CAUTION]`,
      `> No plan for ${missing.map(code).join(', ')}: their changes are unknown, so a second reviewer is required.`,
      '',
    );
  }
  if (needsSecondReview(summaries) || missing.length > 0) {
    head.push(
      `> [!WARNING]`,
      `> **${sensitive.length} security-sensitive change${sensitive.length === 1 ? '' : 's'}**` +
        (driftSensitive.length > 0
          ? ` and ${driftSensitive.length} drifted security control${driftSensitive.length === 1 ? '' : 's'}`
          : '') +
        (stackWide.length + missing.length > 0
          ? `, ${stackWide.length + missing.length} stack${stackWide.length + missing.length === 1 ? '' : 's'} without a complete plan or with a backend change`
          : '') +
        ': a second reviewer is required.',
      '',
    );
  } else if (total === 0) {
    head.push('No changes. The infrastructure matches the configuration.', '');
  } else {
    head.push('No security-sensitive changes.', '');
  }

  if (destructive.length > 0) {
    head.push('### :rotating_light: Stateful resources replaced or deleted', '');
    for (const { stack, change } of destructive) {
      const forced = change.attributes.filter((a) => a.forcesReplacement).map((a) => code(a.path));
      const reason = change.resource.action_reason !== undefined ? ` (${change.resource.action_reason})` : '';
      head.push(
        `- **${change.kind.toUpperCase()}** ${code(change.resource.address)} in ${code(stack)}${reason}` +
          (forced.length > 0 ? `; forced by ${forced.join(', ')}` : '') +
          ` — ${consequence(change)}`,
      );
    }
    head.push('');
  }

  if (sensitive.length > 0 || driftSensitive.length > 0 || stackWide.length > 0 || missing.length > 0) {
    head.push('### Security-sensitive changes', '', '| Stack | Change | Resource | Why |', '| --- | --- | --- | --- |');
    for (const stack of missing)
      head.push(`| ${code(stack)} | no plan | (whole stack) | no plan was produced for it |`);
    for (const { stack, reason } of stackWide)
      head.push(`| ${code(stack)} | stack | (whole stack) | ${escapeHtml(reason)} |`);
    for (const { stack, change } of sensitive) {
      head.push(`| ${code(stack)} | ${change.kind} | ${code(change.resource.address)} | ${reasons(change)} |`);
    }
    for (const { stack, change } of driftSensitive) {
      head.push(
        `| ${code(stack)} | drift (${change.kind}) | ${code(change.resource.address)} | changed outside Terraform: ${reasons(change)} |`,
      );
    }
    head.push('');
  }

  head.push(
    '### Per stack',
    '',
    '| Stack | Create | Update | Replace | Delete | Read | Security-sensitive |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const s of summaries) {
    const c = s.counts;
    const sens = s.changes.filter((x) => x.security.length > 0).length;
    head.push(
      `| ${code(s.stack)} | ${c.create} | ${c.update} | ${c.replace} | ${c.delete + c.forget} | ${c.read} | ${sens} |`,
    );
  }
  head.push('');

  const details: string[] = [];
  for (const s of summaries) {
    const shown = s.changes.filter((c) => c.kind !== 'read');
    if (shown.length === 0 && s.drift.length === 0) continue;
    details.push(`<details><summary><code>${escapeHtml(s.stack)}</code>: ${countsText(s)}</summary>`, '');
    for (const change of shown) details.push(...renderChange(change, options.maxAttributesPerResource ?? 40));
    if (s.drift.length > 0) {
      details.push(`**Drift** (changed outside Terraform since the last apply):`, '');
      for (const d of s.drift) details.push(`- ${code(d.resource.address)}: ${d.kind}`);
      details.push('');
    }
    details.push('</details>', '');
  }

  const headText = head.join('\n');
  const footer = summaries.map((s) => s.terraformVersion).find((v) => v !== undefined);
  const tail =
    footer !== undefined ? `\n<sub>Terraform ${escapeHtml(footer)} · rendered by \`npm run plan:summary\`</sub>\n` : '';
  let body = details.join('\n');
  const room = maxLength - headText.length - tail.length - 200;
  if (body.length > room) {
    body = room > 0 ? `${body.slice(0, body.lastIndexOf('\n', room))}\n\n</details>\n` : '';
    body += `\n_Details cut to fit the comment: run \`terraform show\` on the plan artifact for the rest._\n`;
  }
  return `${headText}\n${body}${tail}`;
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

function reasons(change: ClassifiedChange): string {
  const byCategory = new Map<string, string[]>();
  for (const r of change.security) {
    const label = CATEGORY_LABELS[r.category];
    byCategory.set(label, [...(byCategory.get(label) ?? []), r.reason]);
  }
  return [...byCategory.entries()].map(([label, rs]) => `**${label}**: ${[...new Set(rs)].join('; ')}`).join('<br>');
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

function renderChange(change: ClassifiedChange, maxRows: number): string[] {
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
  if (change.attributes.length > 0) {
    out.push('| Attribute | Before | After |', '| --- | --- | --- |');
    for (const a of change.attributes.slice(0, maxRows)) out.push(attributeRow(a));
    if (change.attributes.length > maxRows)
      out.push(`| _${change.attributes.length - maxRows} more attribute(s) not shown_ | | |`);
    out.push('');
  } else if (change.kind === 'delete' || change.kind === 'forget') {
    out.push(`_All attributes ${change.kind === 'delete' ? 'destroyed' : 'left unmanaged'}._`, '');
  }
  return out;
}

function attributeRow(a: AttributeChange): string {
  const path = `<code>${escapeHtml(a.path)}</code>${a.forcesReplacement ? ' **forces replacement**' : ''}`;
  return `| ${path} | ${cell(a.before)} | ${cell(a.after)} |`;
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
