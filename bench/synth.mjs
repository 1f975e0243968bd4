#!/usr/bin/env node
// Synth benchmark. Prints medians; never asserts timings in tests.
//
//   node bench/synth.mjs [runs]
//
// Measures, in the same run on the same machine:
//   - `npm run synth` of the default environment, wall time: as users run it (the esbuild compile is
//     skipped when no input changed) and with the compile forced (`--force-build`);
//   - the synth process alone (`node scripts/synth.mjs`): wall time and peak RSS;
//   - all three environments (`VAULT_ENV=all`);
//   - a baseline that only imports the root of @cdktf/provider-aws (what a barrel import costs).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 7);
const scratch = mkdtempSync(join(tmpdir(), 'vault-bench-'));

// Runs a node script and returns wall ms and the child's peak RSS in MB (printed by the wrapper).
const RSS_WRAPPER = `
const { performance } = require('node:perf_hooks');
process.on('exit', () => {
  process.stderr.write('\\n@@maxrss ' + process.resourceUsage().maxRSS + '\\n');
});
`;

function run(cmd, args, env = {}) {
  const start = process.hrtime.bigint();
  const res = spawnSync(cmd, args, { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${res.stderr}`);
  const m = /@@maxrss (\d+)/.exec(res.stderr ?? '');
  return { ms, rssMb: m ? Number(m[1]) / 1024 : NaN };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/**
 * Runs every case once per round, round after round (interleaved), so slow drift of this shared
 * machine affects all cases alike; reports medians and the median of the per-round ratios.
 */
function measureAll(cases) {
  for (const c of cases) c.fn(); // warm-up (file cache)
  const samples = cases.map(() => []);
  for (let round = 0; round < runs; round++) cases.forEach((c, i) => samples[i].push(c.fn()));
  return cases.map((c, i) => {
    const result = {
      label: c.label,
      samples: samples[i],
      ms: median(samples[i].map((s) => s.ms)),
      rssMb: median(samples[i].map((s) => s.rssMb)),
    };
    console.log(
      `${c.label.padEnd(52)} median ${result.ms.toFixed(0).padStart(6)} ms   peak RSS ${Number.isNaN(result.rssMb) ? '   n/a' : result.rssMb.toFixed(0).padStart(4) + ' MB'}`,
    );
    return result;
  });
}

const ratio = (a, b) => median(a.samples.map((s, i) => s.ms / b.samples[i].ms));

const wrapper = join(scratch, 'rss.cjs');
await import('node:fs').then((fs) => fs.writeFileSync(wrapper, RSS_WRAPPER));
const out = (n) => ({ VAULT_SYNTH_OUTDIR: join(scratch, `out-${n}`) });

console.log(
  `synth benchmark: ${runs} runs each, medians (node ${process.version}, ${(await import('node:os')).cpus().length} cores)\n`,
);
const [baseline, npmSynth, npmCold, one, three] = measureAll([
  {
    label: 'baseline: require("@cdktf/provider-aws") root only',
    fn: () => run(process.execPath, ['-r', wrapper, '-e', 'require("@cdktf/provider-aws")']),
  },
  { label: 'npm run synth (dev; compile cached)', fn: () => run('npm', ['run', '--silent', 'synth'], out('npm')) },
  {
    label: 'npm run synth (dev; forced esbuild compile)',
    fn: () => run('npm', ['run', '--silent', 'synth', '--', '--force-build'], out('cold')),
  },
  {
    label: 'node scripts/synth.mjs (dev)',
    fn: () => run(process.execPath, ['-r', wrapper, 'scripts/synth.mjs'], out('one')),
  },
  {
    label: 'node scripts/synth.mjs (VAULT_ENV=all, 3 envs)',
    fn: () => run(process.execPath, ['-r', wrapper, 'scripts/synth.mjs'], { ...out('all'), VAULT_ENV: 'all' }),
  },
]);

console.log('');
console.log(
  `npm run synth / baseline wall:        ${ratio(npmSynth, baseline).toFixed(2)}x   (median of per-round ratios; target <= 0.30x)`,
);
console.log(
  `  with a forced compile:              ${ratio(npmCold, baseline).toFixed(2)}x, ${npmCold.ms.toFixed(0)} ms`,
);
console.log(`synth process / baseline peak RSS:    ${(one.rssMb / baseline.rssMb).toFixed(2)}x`);
console.log(`npm run synth median wall:            ${npmSynth.ms.toFixed(0)} ms   (target <= 1500 ms)`);
console.log(`synth process peak RSS:               ${one.rssMb.toFixed(0)} MB   (target <= 250 MB)`);
console.log(
  `three environments / one:             ${ratio(three, one).toFixed(2)}x   (median of per-round ratios; target <= 2x)`,
);
rmSync(scratch, { recursive: true, force: true });
