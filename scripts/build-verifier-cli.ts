// `npm run build:verifier` (run by tsx): builds dist/verifier/verifier.zip (scripts/build-verifier.ts)
// and prints its path, base64 SHA-256 and bundle size. `--force` rebuilds even when the inputs are
// unchanged. Exit status: 0 built or unchanged, 1 bundle over 500 KB, 64 usage error.
import { parseArgs } from 'node:util';
import { buildVerifierZip } from './build-verifier';

const BUNDLE_LIMIT_BYTES = 500 * 1000;

function main(argv: readonly string[]): number {
  let force: boolean;
  try {
    const { values } = parseArgs({ args: [...argv], options: { force: { type: 'boolean' } }, strict: true });
    force = values.force === true;
  } catch (error) {
    process.stderr.write(
      `build:verifier: ${error instanceof Error ? error.message : String(error)}\nusage: npm run build:verifier [-- --force]\n`,
    );
    return 64;
  }
  const started = performance.now();
  const build = buildVerifierZip({ force });
  const ms = performance.now() - started;
  process.stdout.write(
    `${build.cached ? 'unchanged (cached)' : 'built'}: ${build.zipPath}\n` +
      `  source_code_hash (base64 sha256): ${build.sha256Base64}\n` +
      `  bundle: ${build.bundleBytes} bytes (${(build.bundleBytes / 1024).toFixed(1)} KiB, limit 500 KB)\n` +
      `  ${ms.toFixed(0)} ms\n`,
  );
  if (build.bundleBytes > BUNDLE_LIMIT_BYTES) {
    process.stderr.write('bundle exceeds 500 KB\n');
    return 1;
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
