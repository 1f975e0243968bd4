#!/usr/bin/env node
// The plan workflow's pull-request comment: one body for every environment, within GitHub's comment
// limit, and the review verdict.
//
//   node .github/scripts/plan-comment.mjs --dir summary --out comment.md [--url <run url>] dev staging prod >> "$GITHUB_OUTPUT"
//
// Reads, per environment, what `plan:summary` wrote in the plan job: <env>.json (the verdict),
// <env>.md (the summary shortened to a third of the limit: every stack and every security-sensitive
// change, details given way evenly) and <env>.full.md (the full report). Environments get their full
// report where the whole still fits, in the order given, else the shortened one; nothing is cut
// mid-text. If even the shortened summaries do not fit (they should), the longest are replaced by a
// statement saying so and pointing at the job summary, which still lists every security-sensitive
// change on one line (stack, address, reasons; the reasons shortened if need be), never silently cut. Prints `review=required`
// (any environment requires review or has no verdict) or `review=none`.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

export const MARKER = '<!-- biometric-vault:plan-summary -->';
/** GitHub's comment body limit is 65,536 characters; this leaves a margin. */
export const COMMENT_LIMIT = 65_000;

const read = (path) => (existsSync(path) ? readFileSync(path, 'utf8') : undefined);

/** An environment's summary as a section of the comment: its own marker and title replaced. */
function asSection(env, markdown) {
  return markdown.replaceAll(MARKER, '').replace('## Terraform plan summary', `## \`${env}\``).trim();
}

/** One line per security-sensitive change: stack, address, kind and reasons (each reason cut to `cap` characters). */
function sensitiveLines(verdict, cap) {
  const oneLine = (text) => String(text).replace(/\s+/g, ' ').replaceAll('`', "'");
  const cut = (text) => (text.length > cap ? `${text.slice(0, Math.max(0, cap - 1))}…` : text);
  return (verdict.stacks ?? []).flatMap((s) =>
    (s.sensitive ?? []).map((c) => {
      const reasons = cap === 0 ? '' : `: ${(c.reasons ?? []).map((r) => cut(oneLine(r))).join('; ')}`;
      return `- \`${oneLine(s.stack)}\` \`${oneLine(c.address)}\` (${oneLine(c.kind ?? 'change')})${reasons}`;
    }),
  );
}

/** Reason lengths tried, longest first, when even the shortened summaries do not fit. */
const REASON_CAPS = [Infinity, 160, 60, 0];

/**
 * The comment body and the verdict. `sources[env]` holds { verdict, short, full } (any may be
 * undefined: a plan job that failed).
 */
export function buildComment(envs, sources, url) {
  let required = false;
  const parts = envs.map((env) => {
    const { verdict, short, full } = sources[env] ?? {};
    if (verdict?.reviewRequired !== false) required = true;
    if (verdict === undefined || short === undefined)
      return {
        env,
        full: undefined,
        options: [
          `## \`${env}\`\n\n:x: No plan verdict: see the \`plan ${env}\` job. The gate does not pass without it.`,
        ],
      };
    const options = [asSection(env, short)];
    const sensitive = (verdict.stacks ?? []).reduce((n, s) => n + (s.sensitive?.length ?? 0), 0);
    // Past the shortened summary: a statement with every security-sensitive change on one line, the
    // reasons shortened step by step if need be; the addresses always stay.
    for (const cap of REASON_CAPS)
      options.push(
        `## \`${env}\`\n\n> [!WARNING]\n> The summary of \`${env}\` (${sensitive} security-sensitive change(s)` +
          `${verdict.reviewRequired ? ', a second reviewer is required' : ''}) is longer than this comment can hold: ` +
          `read it in ${url !== undefined ? `[the job summary](${url})` : 'the job summary'}.` +
          `${cap === Infinity ? '' : ' Reasons are shortened here.'}` +
          (sensitive > 0 ? `\n\nSecurity-sensitive changes:\n\n${sensitiveLines(verdict, cap).join('\n')}` : ''),
      );
    return { env, full: full !== undefined && full !== short ? asSection(env, full) : undefined, options };
  });
  const head = required
    ? '> [!IMPORTANT]\n> A second review is required: the `security-review` job waits for approval on the `security-review` environment, and `plan gate` passes only after it.'
    : '';
  const section = (p, c) => (c === -1 ? p.full : p.options[c]);
  const body = (choice) =>
    `${MARKER}\n## Terraform plan summary\n\n${head}\n\n${parts.map((p, i) => section(p, choice[i])).join('\n\n---\n\n')}\n`;
  // Start from each environment's shortened summary.
  const choice = parts.map(() => 0);
  // Too long even so: the longest section gives way by one step, until the comment fits.
  while (body(choice).length > COMMENT_LIMIT) {
    const candidates = parts
      .map((p, i) => ({ i, length: section(p, choice[i]).length, last: choice[i] === p.options.length - 1 }))
      .filter((c) => !c.last)
      .sort((a, b) => b.length - a.length);
    if (candidates.length === 0) break;
    choice[candidates[0].i] += 1;
  }
  // Room to spare: the full reports, in the order given, where they fit.
  parts.forEach((p, i) => {
    if (choice[i] !== 0 || p.full === undefined) return;
    const trial = choice.map((c, j) => (j === i ? -1 : c));
    if (body(trial).length <= COMMENT_LIMIT) choice[i] = -1;
  });
  return { body: body(choice), review: required ? 'required' : 'none' };
}

function main() {
  const { values, positionals } = parseArgs({
    options: { dir: { type: 'string' }, out: { type: 'string' }, url: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.dir === undefined || values.out === undefined || positionals.length === 0) {
    process.stderr.write('usage: plan-comment.mjs --dir <summary dir> --out <comment.md> [--url <run url>] <env>...\n');
    process.exit(64);
  }
  const sources = {};
  for (const env of positionals) {
    let verdict;
    try {
      verdict = JSON.parse(read(join(values.dir, `${env}.json`)) ?? 'null') ?? undefined;
    } catch {
      verdict = undefined;
    }
    sources[env] = {
      verdict,
      short: read(join(values.dir, `${env}.md`)),
      full: read(join(values.dir, `${env}.full.md`)),
    };
  }
  const { body, review } = buildComment(positionals, sources, values.url);
  writeFileSync(values.out, body);
  process.stdout.write(`review=${review}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
