/**
 * `npm run plan:summary -- [options] <plan.json | stack=plan.json>...` (entry point: `tools/bin/plan-summary.ts`)
 *
 * Renders the Markdown summary of one or more `terraform show -json` plans (one per stack, in the
 * order given) to stdout, to `--output <file>` when set, and a machine-readable verdict to
 * `--json <file>` (what the plan workflow reads). Options and exit codes: `USAGE` below.
 *
 * A plan's stack name is `stack=` when given, else the file name without `.json`, or the parent
 * directory's name for a file named `plan.json` / `tfplan.json` (as in `cdktf.out/stacks/<stack>/plan.json`).
 */
import { basename, dirname, join, resolve } from 'node:path';
import { EXIT_USAGE, readCommandLine } from '../cli/args';
import type { CliIo } from '../cli/io';
import { isJsonObject, parsePlan, PlanFormatError, type JsonValue } from './plan-types';
import { render } from './render';
import { needsSecondReview, summarizeStack, type StackSummary } from './summary';
import { withoutMetadata } from '../ci/synthesized';

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_SECURITY_SENSITIVE = 2;

const USAGE = `usage: plan-summary [options] <plan.json | stack=plan.json>...

Summarizes \`terraform show -json\` plans for a pull-request comment: security-sensitive changes
first (each with its reason), stateful replacements and deletions, counts per stack, details.

options:
  -o, --output <file>         also write the Markdown (the comment, within --max-length) to <file>
  --full-output <file>        write the full report to <file>: every stack, change, attribute and
                              policy statement, with no length limit (for the job summary and an
                              artifact)
  --full-report-url <url>     where the full report can be read (linked from the comment when its
                              details are shortened to fit)
  --json <file>               write the verdict as JSON (review required or not, and why, per stack)
  --expect <stack>            a stack that must have a plan (repeatable); a missing one requires review
  --synth-dir <dir>           synthesized output of this change (default: none); with
  --base-synth-dir <dir>      the synthesis of the base branch: a stack whose state backend differs,
                              or that is new, requires review
  --unplanned <stack>         a stack CI cannot plan (local backend), compared between the two
                              synthesized outputs instead: if its configuration changes, review
  --max-length <chars>        longest Markdown output, at least 1000 (default 60000, under GitHub's
                              65536-character comment limit). Only collapsed details give way, evenly;
                              every stack keeps its section and its security-sensitive changes, and the
                              comment says what was shortened
  --subtitle <text>           a line under the title (for example the environment and commit)
  --allow-empty               accept a run in which no stack has a plan (without it, no planned
                              stack is an error: a verdict over nothing would pass)
  -h, --help                  print this help

exit status:
  0   nothing security-sensitive changes
  2   a second reviewer is required: a security-sensitive change, drift of a security control, an
      errored or partial plan, an expected stack without a plan, or a state backend change
  1   a plan could not be read, a synthesized stack could not be read, an output file could not
      be written, or no stack has a plan (without --allow-empty): nothing is decided, treat as a failure
  64  bad usage (unknown option, missing value, no plan given, one stack given two plans, one plan
      file given under two stack names)`;

const OPTIONS = {
  output: { type: 'string', short: 'o' },
  'full-output': { type: 'string' },
  'full-report-url': { type: 'string' },
  json: { type: 'string' },
  expect: { type: 'string', multiple: true },
  unplanned: { type: 'string', multiple: true },
  'synth-dir': { type: 'string' },
  'base-synth-dir': { type: 'string' },
  'max-length': { type: 'string' },
  subtitle: { type: 'string' },
  'allow-empty': { type: 'boolean' },
} as const;

export function stackNameFor(file: string): string {
  const base = basename(file);
  if (/^(tf)?plan\.json$/i.test(base)) return basename(dirname(file));
  return base.replace(/\.json$/i, '');
}

/** The machine-readable verdict written by `--json`. */
export interface Verdict {
  readonly version: 1;
  readonly reviewRequired: boolean;
  readonly exitCode: number;
  readonly missing: readonly string[];
  readonly stacks: readonly {
    readonly stack: string;
    readonly errored: boolean;
    readonly complete: boolean;
    readonly outputChanges: readonly string[];
    readonly stackReasons: readonly string[];
    readonly sensitive: readonly {
      readonly address: string;
      readonly kind: string;
      readonly reasons: readonly string[];
    }[];
  }[];
}

/** The `terraform.backend` block of a synthesized stack, or undefined when the stack is not there. */
function backendOf(io: CliIo, synthDir: string, stack: string): JsonValue | undefined {
  let text: string;
  try {
    text = io.readFile(join(synthDir, 'stacks', stack, 'cdk.tf.json'));
  } catch {
    return undefined;
  }
  const json = JSON.parse(text) as JsonValue;
  const terraform = isJsonObject(json) ? json.terraform : undefined;
  return isJsonObject(terraform) ? (terraform.backend ?? null) : null;
}

/** Why an unplanned stack needs review: its synthesized configuration differs from the base's. */
function unplannedReasons(io: CliIo, stack: string, synthDir: string, baseDir: string): string[] {
  const read = (dir: string): string | undefined => {
    try {
      return JSON.stringify(
        withoutMetadata(JSON.parse(io.readFile(join(dir, 'stacks', stack, 'cdk.tf.json'))) as JsonValue),
      );
    } catch {
      return undefined;
    }
  };
  const after = read(synthDir);
  if (after === undefined) throw new Error(`${join(synthDir, 'stacks', stack, 'cdk.tf.json')}: not found`);
  const before = read(baseDir);
  if (before === after) return [];
  return [
    `not planned here (local backend) and its configuration ${before === undefined ? 'is new' : 'changes'}: review its cdk.tf.json and plan it by hand (docs/bootstrap.md)`,
  ];
}

function backendReasons(io: CliIo, stack: string, synthDir: string, baseDir: string): string[] {
  const after = backendOf(io, synthDir, stack);
  if (after === undefined) throw new Error(`${join(synthDir, 'stacks', stack, 'cdk.tf.json')}: not found`);
  const before = backendOf(io, baseDir, stack);
  if (before === undefined) return [`new stack: its state backend ${JSON.stringify(after)} is not in the base branch`];
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [`state backend changes from ${JSON.stringify(before)} to ${JSON.stringify(after)}`];
}

export function runCli(argv: readonly string[], io: CliIo): number {
  const line = readCommandLine('plan-summary', USAGE, argv, OPTIONS, io);
  if (typeof line === 'number') return line;
  const { values, positionals } = line;
  const { output, subtitle, json } = values;
  const usage = (message: string): number => {
    io.stderr(`plan-summary: ${message}\nplan-summary --help lists the options and exit codes\n`);
    return EXIT_USAGE;
  };
  let maxLength: number | undefined;
  if (values['max-length'] !== undefined) {
    const v = Number(values['max-length']);
    if (!Number.isInteger(v) || v < 1000)
      return usage(`--max-length must be an integer >= 1000 (received ${values['max-length']})`);
    maxLength = v;
  }
  const synthDir = values['synth-dir'];
  const baseDir = values['base-synth-dir'];
  if ((synthDir === undefined) !== (baseDir === undefined))
    return usage('--synth-dir and --base-synth-dir go together (the backend of each stack is compared)');
  const unplanned = [...new Set(values.unplanned ?? [])];
  if (unplanned.length > 0 && synthDir === undefined)
    return usage('--unplanned needs --synth-dir and --base-synth-dir (its configuration is compared)');
  if (positionals.length === 0 && unplanned.length === 0) return usage('no plan given');
  // The same file given twice is one plan; one stack given two different plans is a mistake.
  const files: { stack: string; path: string }[] = [];
  for (const arg of positionals) {
    const eq = arg.indexOf('=');
    const f = eq > 0 ? { stack: arg.slice(0, eq), path: arg.slice(eq + 1) } : { stack: stackNameFor(arg), path: arg };
    const earlier = files.find((e) => e.stack === f.stack);
    const sameFile = files.find((e) => e.stack !== f.stack && resolve(e.path) === resolve(f.path));
    if (sameFile !== undefined)
      return usage(`${f.path} is given as the plan of two stacks: ${sameFile.stack} and ${f.stack}`);
    if (earlier === undefined) files.push(f);
    else if (resolve(earlier.path) !== resolve(f.path))
      return usage(`stack ${f.stack} is given two plans: ${earlier.path} and ${f.path}`);
  }
  if (files.length === 0 && values['allow-empty'] !== true) {
    io.stderr(
      'plan-summary: no stack has a plan (only --unplanned stacks given): nothing is decided; pass --allow-empty if that is intended\n',
    );
    return EXIT_ERROR;
  }
  const summaries: StackSummary[] = [];
  const problems: string[] = [];
  for (const f of files) {
    try {
      const extra =
        synthDir !== undefined && baseDir !== undefined ? backendReasons(io, f.stack, synthDir, baseDir) : [];
      summaries.push(summarizeStack(f.stack, parsePlan(io.readFile(f.path), f.path), {}, extra));
    } catch (error) {
      problems.push(
        error instanceof PlanFormatError
          ? error.message
          : `${f.path}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  for (const stack of unplanned) {
    if (synthDir === undefined || baseDir === undefined) break;
    try {
      const reasons = unplannedReasons(io, stack, synthDir, baseDir);
      if (reasons.length > 0)
        summaries.push(summarizeStack(stack, { format_version: '1.2', resource_changes: [] }, {}, reasons));
      else io.stderr(`plan-summary: ${stack} is not planned here (local backend); its configuration is unchanged\n`);
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (problems.length > 0) {
    io.stderr(`plan-summary: ${problems.join('\n')}\n`);
    return EXIT_ERROR;
  }
  const missing = [...new Set(values.expect ?? [])].filter(
    (s) => !files.some((f) => f.stack === s) && !unplanned.includes(s),
  );
  const fullReportUrl = values['full-report-url'];
  const common = {
    ...(subtitle !== undefined ? { subtitle } : {}),
    ...(fullReportUrl !== undefined ? { fullReportUrl } : {}),
    missing,
  };
  const markdown = render(summaries, { ...common, ...(maxLength !== undefined ? { maxLength } : {}) });
  const limit = maxLength ?? 60_000;
  if (markdown.length > limit)
    io.stderr(
      `plan-summary: warning: even shortened, the summary is ${markdown.length} characters (limit ${limit}); it says so at the top\n`,
    );
  const full = values['full-output'] !== undefined ? render(summaries, { ...common, maxLength: Infinity }) : '';
  const review = needsSecondReview(summaries) || missing.length > 0;
  const code = review ? EXIT_SECURITY_SENSITIVE : EXIT_OK;
  const verdict: Verdict = {
    version: 1,
    reviewRequired: review,
    exitCode: code,
    missing,
    stacks: summaries.map((s) => ({
      stack: s.stack,
      errored: s.errored,
      complete: s.complete,
      outputChanges: s.outputChanges,
      stackReasons: s.stackReasons,
      sensitive: s.changes
        .filter((c) => c.security.length > 0)
        .map((c) => ({ address: c.resource.address, kind: c.kind, reasons: c.security.map((r) => r.reason) })),
    })),
  };
  for (const [option, path, text] of [
    ['--output', output, markdown],
    ['--full-output', values['full-output'], full],
    ['--json', json, `${JSON.stringify(verdict, null, 2)}\n`],
  ] as const) {
    if (path === undefined) continue;
    try {
      io.writeFile(path, text);
    } catch (error) {
      io.stderr(
        `plan-summary: cannot write ${option} ${path}: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      return EXIT_ERROR;
    }
  }
  io.stdout(markdown);
  io.stderr(
    `plan-summary: ${summaries.length} stack(s)${missing.length > 0 ? `, ${missing.length} without a plan` : ''}; ${review ? 'second reviewer required (exit 2)' : 'no security-sensitive changes'}\n`,
  );
  return code;
}
