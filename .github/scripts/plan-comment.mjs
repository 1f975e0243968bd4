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
// statement saying so and pointing at the job summary, never silently cut. Prints `review=required`
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
        options: [
          `## \`${env}\`\n\n:x: No plan verdict: see the \`plan ${env}\` job. The gate does not pass without it.`,
        ],
      };
    const options = [asSection(env, short)];
    if (full !== undefined && full !== short) options.unshift(asSection(env, full));
    const sensitive = (verdict.stacks ?? []).reduce((n, s) => n + (s.sensitive?.length ?? 0), 0);
    options.push(
      `## \`${env}\`\n\n> [!WARNING]\n> The summary of \`${env}\` (${sensitive} security-sensitive change(s)` +
        `${verdict.reviewRequired ? ', a second reviewer is required' : ''}) is longer than this comment can hold: ` +
        `read it in ${url !== undefined ? `[the job summary](${url})` : 'the job summary'}.`,
    );
    return { env, options };
  });
  const head = required
    ? '> [!IMPORTANT]\n> A second review is required: the `security-review` job waits for approval on the `security-review` environment, and `plan gate` passes only after it.'
    : '';
  const body = (choice) =>
    `${MARKER}\n## Terraform plan summary\n\n${head}\n\n${parts.map((p, i) => p.options[choice[i]]).join('\n\n---\n\n')}\n`;
  // Start from each environment's shortened summary (the last option but the statement).
  const choice = parts.map((p) => Math.max(0, p.options.length - 2));
  // Too long even so: replace the longest sections by the statement, one by one.
  while (body(choice).length > COMMENT_LIMIT) {
    const candidates = parts
      .map((p, i) => ({ i, length: p.options[choice[i]].length, last: choice[i] === p.options.length - 1 }))
      .filter((c) => !c.last)
      .sort((a, b) => b.length - a.length);
    if (candidates.length === 0) break;
    choice[candidates[0].i] = parts[candidates[0].i].options.length - 1;
  }
  // Room to spare: the full reports, in the order given, where they fit.
  parts.forEach((p, i) => {
    if (choice[i] === 0 || p.options.length < 3) return;
    const trial = choice.map((c, j) => (j === i ? 0 : c));
    if (body(trial).length <= COMMENT_LIMIT) choice[i] = 0;
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
