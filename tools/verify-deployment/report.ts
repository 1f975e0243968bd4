/**
 * Results of deployment checks and their rendering as a pass/fail table with evidence.
 */

export type CheckStatus = 'pass' | 'fail' | 'skip';

export interface CheckResult {
  /** Stable id, for `--only`. */
  readonly id: string;
  readonly title: string;
  readonly status: CheckStatus;
  /** What was observed: ids, ARNs, timestamps; or why it failed or was skipped. */
  readonly evidence: readonly string[];
}

export function pass(id: string, title: string, evidence: readonly string[]): CheckResult {
  return { id, title, status: 'pass', evidence };
}

export function fail(id: string, title: string, evidence: readonly string[]): CheckResult {
  return { id, title, status: 'fail', evidence };
}

export function skip(id: string, title: string, reason: string): CheckResult {
  return { id, title, status: 'skip', evidence: [reason] };
}

/** `pass` when every condition holds; evidence lists observations, then each failed condition. */
export function judge(
  id: string,
  title: string,
  observed: readonly string[],
  conditions: readonly [boolean, string][],
): CheckResult {
  const failed = conditions.filter(([ok]) => !ok).map(([, why]) => `FAILED: ${why}`);
  return failed.length === 0 ? pass(id, title, observed) : fail(id, title, [...observed, ...failed]);
}

const LABEL: Readonly<Record<CheckStatus, string>> = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' };

/** Plain-text table for a terminal or a CI log. */
export function renderTable(results: readonly CheckResult[]): string {
  const titleWidth = Math.max(5, ...results.map((r) => r.title.length));
  const lines = [
    `${'CHECK'.padEnd(titleWidth)}  STATUS  EVIDENCE`,
    `${'-'.repeat(titleWidth)}  ------  ${'-'.repeat(40)}`,
  ];
  for (const r of results) {
    const [first, ...rest] = r.evidence.length > 0 ? r.evidence : [''];
    lines.push(`${r.title.padEnd(titleWidth)}  ${LABEL[r.status].padEnd(6)}  ${first ?? ''}`);
    for (const e of rest) lines.push(`${''.padEnd(titleWidth)}          ${e}`);
  }
  const failed = results.filter((r) => r.status === 'fail').length;
  const skipped = results.filter((r) => r.status === 'skip').length;
  lines.push('', `${results.length - failed - skipped} passed, ${failed} failed, ${skipped} skipped`);
  return `${lines.join('\n')}\n`;
}

/** Markdown table, for `$GITHUB_STEP_SUMMARY`. */
export function renderMarkdown(results: readonly CheckResult[], heading: string): string {
  const esc = (t: string): string => t.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const rows = results.map(
    (r) =>
      `| ${esc(r.title)} | ${r.status === 'pass' ? ':white_check_mark: PASS' : r.status === 'fail' ? ':x: FAIL' : 'SKIP'} | ${r.evidence.map(esc).join('<br>')} |`,
  );
  return [`### ${heading}`, '', '| Check | Status | Evidence |', '| --- | --- | --- |', ...rows, ''].join('\n');
}
