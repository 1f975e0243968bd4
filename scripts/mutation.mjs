// `npm run test:mutation [-- <area>...]`: StrykerJS over the security-critical code, one area after
// the other (the areas are in stryker.config.mjs), then one table of the scores per file, printed and
// written to reports/mutation/summary.md. Each area keeps an incremental file, so a second run only
// tests the mutants whose code or tests changed. Not part of `npm test` (CONTRIBUTING.md, "Mutation
// testing", says how long a full run takes).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

// Loading the config needs an area; any one will do to read the list.
process.env.STRYKER_AREA ??= 'keys';
const { AREAS } = await import('../stryker.config.mjs');
delete process.env.STRYKER_AREA;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { help: { type: 'boolean', short: 'h' }, 'report-only': { type: 'boolean' } },
});
const names = Object.keys(AREAS);
if (values.help) {
  process.stdout.write(
    `usage: npm run test:mutation [-- [--report-only] <area>...]\nareas: ${names.join(', ')} (default: all)\n` +
      '--report-only: print the table of the last run without running Stryker\n' +
      'exit status: 0 done (whatever the scores), 1 Stryker failed, 64 bad usage\n',
  );
  process.exit(0);
}
const unknown = positionals.filter((p) => !names.includes(p));
if (unknown.length > 0) {
  process.stderr.write(`mutation: unknown area ${unknown.join(', ')}; areas: ${names.join(', ')}\n`);
  process.exit(64);
}
const selected = positionals.length > 0 ? positionals : names;

const seconds = {};
if (!values['report-only']) {
  for (const area of selected) {
    process.stderr.write(`mutation: ${area}: ${AREAS[area].mutate.join(' ')}\n`);
    const started = Date.now();
    const run = spawnSync(join('node_modules', '.bin', 'stryker'), ['run'], {
      stdio: 'inherit',
      env: { ...process.env, STRYKER_AREA: area },
    });
    seconds[area] = Math.round((Date.now() - started) / 1000);
    if (run.status !== 0) {
      process.stderr.write(`mutation: Stryker failed on area ${area} (exit ${run.status ?? run.signal})\n`);
      process.exit(1);
    }
  }
}

/** Stryker's mutation score: detected (killed, timeout) over valid mutants (detected, survived, no coverage). */
function row(file, mutants) {
  const count = (status) => mutants.filter((m) => m.status === status).length;
  const killed = count('Killed');
  const survived = count('Survived');
  const noCoverage = count('NoCoverage');
  const timeout = count('Timeout');
  const valid = killed + survived + noCoverage + timeout;
  const score = valid === 0 ? 100 : (100 * (killed + timeout)) / valid;
  return `| \`${file}\` | ${killed} | ${survived} | ${noCoverage} | ${timeout} | ${score.toFixed(1)} % |`;
}

const lines = [
  '| Area | File | Killed | Survived | No coverage | Timeout | Score |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
];
for (const area of names) {
  const report = join('reports', 'mutation', area, 'mutation.json');
  if (!existsSync(report)) continue;
  const { files } = JSON.parse(readFileSync(report, 'utf8'));
  for (const [file, { mutants }] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`| ${area} ${row(file, mutants)}`);
  }
}
const timing = Object.entries(seconds)
  .map(([area, s]) => `${area} ${s} s`)
  .join(', ');
const summary = `${lines.join('\n')}\n${timing === '' ? '' : `\nWall time: ${timing}.\n`}`;
mkdirSync(join('reports', 'mutation'), { recursive: true });
writeFileSync(join('reports', 'mutation', 'summary.md'), summary);
process.stdout.write(`\n${summary}`);
