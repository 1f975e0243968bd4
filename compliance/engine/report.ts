import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../rules';
import type { Finding, Rule } from './types';

/**
 * Compliance reports written next to the stacks: `compliance-report.md` (people),
 * `compliance-report.json` (tools) and `compliance-report.sarif` (SARIF 2.1.0 for GitHub code scanning).
 * Output is deterministic: findings are sorted, no timestamps.
 */
export interface ComplianceReport {
  readonly rules: number;
  readonly errors: number;
  readonly warnings: number;
  readonly suppressed: number;
  readonly findings: readonly Finding[];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sorted(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) =>
    // Plain code-unit order: deterministic on every machine and locale, and cheap.
    compare(
      `${a.stack}\0${a.address}\0${a.ruleId}\0${a.message}`,
      `${b.stack}\0${b.address}\0${b.ruleId}\0${b.message}`,
    ),
  );
}

export function summarize(findings: readonly Finding[], rules: readonly Rule[] = RULES): ComplianceReport {
  const active = findings.filter((f) => f.suppressed === undefined);
  return {
    rules: rules.length,
    errors: active.filter((f) => f.severity === 'error').length,
    warnings: active.filter((f) => f.severity === 'warning').length,
    suppressed: findings.length - active.length,
    findings: sorted(findings),
  };
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function toMarkdown(report: ComplianceReport): string {
  const lines = [
    '# Compliance report',
    '',
    `${report.rules} rules; ${report.errors} error(s), ${report.warnings} warning(s), ${report.suppressed} suppressed finding(s).`,
    '',
  ];
  const active = report.findings.filter((f) => f.suppressed === undefined);
  lines.push('## Findings', '');
  if (active.length === 0) lines.push('None.', '');
  else {
    lines.push('| Severity | Rule | Stack | Resource | Finding | Fix |', '|---|---|---|---|---|---|');
    for (const f of active)
      lines.push(
        `| ${f.severity} | ${f.ruleId} | ${f.stack} | \`${f.address}\` | ${cell(f.message)} | ${cell(f.fix)} |`,
      );
    lines.push('');
  }
  lines.push('## Suppressions', '');
  const supp = report.findings.filter((f) => f.suppressed !== undefined);
  if (supp.length === 0) lines.push('None.', '');
  else {
    lines.push('| Rule | Stack | Resource | Reason |', '|---|---|---|---|');
    for (const f of supp)
      lines.push(`| ${f.ruleId} | ${f.stack} | \`${f.address}\` | ${cell(f.suppressed?.reason ?? '')} |`);
    lines.push('');
  }
  return lines.join('\n');
}

export function toJson(report: ComplianceReport): string {
  return `${JSON.stringify({ version: 1, ...report }, null, 2)}\n`;
}

/** SARIF 2.1.0: one run, the catalogue as `tool.driver.rules`, findings located at the stack's cdk.tf.json. */
export function toSarif(report: ComplianceReport, rules: readonly Rule[] = RULES): string {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'vault-compliance',
            informationUri: 'https://github.com/',
            semanticVersion: '1.0.0',
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id.replace(/-/g, ''),
              shortDescription: { text: r.title },
              fullDescription: { text: r.rationale },
              help: { text: `${r.fix} Controls: ${r.controls.map((c) => `${c.framework} ${c.id}`).join(', ')}` },
              defaultConfiguration: { level: r.severity === 'error' ? 'error' : 'warning' },
              properties: { tags: ['security', ...r.controls.map((c) => `${c.framework}:${c.id}`)] },
            })),
          },
        },
        results: report.findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: index.get(f.ruleId) ?? -1,
          level: f.severity === 'error' ? 'error' : 'warning',
          message: { text: `[${f.stack}] ${f.address}: ${f.message}. Fix: ${f.fix}` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: `cdktf.out/stacks/${f.stack}/cdk.tf.json` },
                region: { startLine: 1 },
              },
              logicalLocations: [{ name: f.address, fullyQualifiedName: f.constructPath, kind: 'resource' }],
            },
          ],
          partialFingerprints: { vaultFinding: `${f.ruleId}/${f.stack}/${f.address}` },
          ...(f.suppressed === undefined
            ? {}
            : { suppressions: [{ kind: 'inSource', justification: f.suppressed.reason }] }),
        })),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

/** Writes the three reports into `outdir` (next to `stacks/`). Returns the written paths. */
export function writeComplianceReports(outdir: string, findings: readonly Finding[]): string[] {
  const report = summarize(findings);
  fs.mkdirSync(outdir, { recursive: true });
  const files: [string, string][] = [
    ['compliance-report.md', toMarkdown(report)],
    ['compliance-report.json', toJson(report)],
    ['compliance-report.sarif', toSarif(report)],
  ];
  return files.map(([name, text]) => {
    const p = path.join(outdir, name);
    fs.writeFileSync(p, text);
    return p;
  });
}

/** The security-controls table of docs/controls.md, generated from the catalogue (`npm run controls:table`). */
export function controlsTable(rules: readonly Rule[] = RULES): string {
  const lines = ['| Rule | Severity | Controls | What it checks | Status |', '|---|---|---|---|---|'];
  for (const r of rules) {
    const label: Record<string, string> = {
      'AWS-docs': 'AWS docs: ',
      'CIS-AWS-3.0': 'CIS v3.0 ',
      'NIST-800-53-r5': 'NIST 800-53 ',
    };
    const controls = r.controls.map((c) => `${label[c.framework] ?? ''}${c.id}`).join(', ');
    lines.push(`| ${r.id} | ${r.severity} | ${cell(controls)} | ${cell(r.title)} | enforced on every synth |`);
  }
  return lines.join('\n');
}
