/**
 * Bundle benchmark: size of the verifier bundle and its cold-start module initialisation time, against
 * a naive CommonJS bundle of the same handler built and measured in the same run.
 *
 * - optimized: what ships (scripts/build-verifier.ts): ESM, minified, tree-shaken, SDK ES module builds,
 *   the SDK's default credential chain replaced by the environment provider;
 * - naive: esbuild's defaults for a Node.js CommonJS bundle of lambda-src/verifier/handler.ts: not minified,
 *   the SDK's CommonJS builds (`main`), the full credential chain.
 *
 * Cold start = a fresh `node` process importing the bundle (module evaluation, what Lambda's init phase
 * does before the first event), timed inside the process; runs alternate between the two bundles;
 * the median is reported.
 *
 *   node bench/verifier-bench.mjs bundle [--runs 15]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { buildVerifierZip, findRoot } from '../scripts/build-verifier';
import { parseCommandLine } from '../tools/cli/args';
import { median } from './statistics';

const PROBE =
  'const t0 = performance.now(); const m = await import(process.argv[1]); const t1 = performance.now();' +
  "if (typeof (m.handler ?? m.default?.handler) !== 'function') throw new Error('no handler');" +
  'process.stdout.write(String(t1 - t0));';

function coldStartMs(file: string): number {
  const out = execFileSync(process.execPath, ['--input-type=module', '--no-warnings', '-e', PROBE, file], {
    env: { PATH: process.env.PATH ?? '', AWS_REGION: 'eu-west-1' },
    encoding: 'utf8',
  });
  return Number(out);
}

export function main(args: string[]): number {
  const { values } = parseCommandLine(args, { runs: { type: 'string', default: '15' } });
  const runs = Number(values.runs);
  const root = findRoot(__dirname);
  const optimized = buildVerifierZip({ root });
  const naiveDir = join(root, 'node_modules', '.cache', 'verifier-bench', 'naive');
  mkdirSync(naiveDir, { recursive: true });
  const naive = join(naiveDir, 'index.js');
  const t0 = performance.now();
  buildSync({
    entryPoints: [join(root, 'lambda-src', 'verifier', 'handler.ts')],
    outfile: naive,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    logLevel: 'silent',
  });
  const naiveBuildMs = performance.now() - t0;

  const optimizedTimes: number[] = [];
  const naiveTimes: number[] = [];
  coldStartMs(optimized.bundlePath); // warm the OS file cache for both before measuring
  coldStartMs(naive);
  for (let i = 0; i < runs; i++) {
    optimizedTimes.push(coldStartMs(optimized.bundlePath));
    naiveTimes.push(coldStartMs(naive));
  }
  const o = median(optimizedTimes);
  const n = median(naiveTimes);
  const ratio = o / n;
  const naiveBytes = statSync(naive).size;
  const zipBytes = statSync(optimized.zipPath).size;
  process.stdout.write(
    [
      `verifier bundle (node ${process.version}, ${runs} runs each, alternating; medians)`,
      `  optimized ESM: ${optimized.bundleBytes} bytes (${(optimized.bundleBytes / 1024).toFixed(1)} KiB; limit 500 KB: ${optimized.bundleBytes <= 500_000 ? 'OK' : 'OVER'}), zip ${zipBytes} bytes, init ${o.toFixed(1)} ms (min ${Math.min(...optimizedTimes).toFixed(1)}, max ${Math.max(...optimizedTimes).toFixed(1)})`,
      `  naive CJS:     ${naiveBytes} bytes (${(naiveBytes / 1024).toFixed(1)} KiB), built in ${naiveBuildMs.toFixed(0)} ms, init ${n.toFixed(1)} ms (min ${Math.min(...naiveTimes).toFixed(1)}, max ${Math.max(...naiveTimes).toFixed(1)})`,
      `  init ratio optimized/naive: ${ratio.toFixed(2)}x (target <= 0.6x: ${ratio <= 0.6 ? 'OK' : 'MISSED'}); size ratio ${(optimized.bundleBytes / naiveBytes).toFixed(2)}x`,
    ].join('\n') + '\n',
  );
  return optimized.bundleBytes <= 500_000 ? 0 : 1;
}
