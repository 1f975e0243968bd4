/**
 * `npm run plan:summary -- [options] <plan.json | stack=plan.json>...` (entry point: `tools/bin/plan-summary.ts`)
 *
 * Renders the Markdown summary of one or more `terraform show -json` plans (one per stack, in the
 * order given) to stdout, and to `--output <file>` when set.
 *
 * Exit status: 0 nothing security-sensitive changes; 2 a security-sensitive change (or drift of a
 * security control), so a workflow can require a second reviewer; 1 an unreadable plan; 64 bad usage.
 *
 * A plan's stack name is `stack=` when given, else the file name without `.json`, or the parent
 * directory's name for a file named `plan.json` / `tfplan.json` (as in `cdktf.out/stacks/<stack>/plan.json`).
 */
import { basename, dirname } from 'node:path';
import { EXIT_USAGE, readCommandLine } from '../cli/args';
import type { CliIo } from '../cli/io';
import { parsePlan, PlanFormatError } from './plan-types';
import { render } from './render';
import { needsSecondReview, summarizeStack, type StackSummary } from './summary';

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_SECURITY_SENSITIVE = 2;

const USAGE =
  'usage: plan-summary [--output <file>] [--max-length <chars>] [--subtitle <text>] <plan.json | stack=plan.json>...';

export function stackNameFor(file: string): string {
  const base = basename(file);
  if (/^(tf)?plan\.json$/i.test(base)) return basename(dirname(file));
  return base.replace(/\.json$/i, '');
}

export function runCli(argv: readonly string[], io: CliIo): number {
  const line = readCommandLine(
    'plan-summary',
    USAGE,
    argv,
    { output: { type: 'string', short: 'o' }, 'max-length': { type: 'string' }, subtitle: { type: 'string' } },
    io,
  );
  if (typeof line === 'number') return line;
  const { values, positionals } = line;
  const { output, subtitle } = values;
  let maxLength: number | undefined;
  if (values['max-length'] !== undefined) {
    const v = Number(values['max-length']);
    if (!Number.isInteger(v) || v < 1000) {
      io.stderr(`plan-summary: --max-length must be an integer >= 1000 (received ${values['max-length']})\n`);
      return EXIT_USAGE;
    }
    maxLength = v;
  }
  const files = positionals.map((arg) => {
    const eq = arg.indexOf('=');
    return eq > 0 ? { stack: arg.slice(0, eq), path: arg.slice(eq + 1) } : { stack: stackNameFor(arg), path: arg };
  });
  if (files.length === 0) {
    io.stderr(`plan-summary: no plan given\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  const summaries: StackSummary[] = [];
  const problems: string[] = [];
  for (const f of files) {
    try {
      summaries.push(summarizeStack(f.stack, parsePlan(io.readFile(f.path), f.path)));
    } catch (error) {
      problems.push(
        error instanceof PlanFormatError
          ? error.message
          : `${f.path}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  if (problems.length > 0) {
    io.stderr(`plan-summary: ${problems.join('\n')}\n`);
    return EXIT_ERROR;
  }
  const markdown = render(summaries, {
    ...(maxLength !== undefined ? { maxLength } : {}),
    ...(subtitle !== undefined ? { subtitle } : {}),
  });
  io.stdout(markdown);
  if (output !== undefined) io.writeFile(output, markdown);
  const sensitive = needsSecondReview(summaries);
  io.stderr(
    `plan-summary: ${summaries.length} stack(s); ${sensitive ? 'security-sensitive changes: second reviewer required (exit 2)' : 'no security-sensitive changes'}\n`,
  );
  return sensitive ? EXIT_SECURITY_SENSITIVE : EXIT_OK;
}
