// `npm run build:verifier` and `npm run build:ledger-integrity` (run by tsx): builds a function package,
// dist/<package>/<package>.zip (scripts/build-verifier.ts), and prints its path, base64 SHA-256 and bundle
// size. `--force` rebuilds even when the inputs are unchanged; `--package <name>` picks the package
// (verifier by default). Exit status: 0 built or unchanged, 1 bundle over 500 KB, 64 usage error.
import { parseArgs } from 'node:util';
import { buildLambdaZip, LEDGER_INTEGRITY_PACKAGE, VERIFIER_PACKAGE, type LambdaPackageSpec } from './build-verifier';

const BUNDLE_LIMIT_BYTES = 500 * 1000;
const PACKAGES: Readonly<Record<string, LambdaPackageSpec>> = {
  verifier: VERIFIER_PACKAGE,
  'ledger-integrity': LEDGER_INTEGRITY_PACKAGE,
};
const USAGE = 'usage: npm run build:verifier [-- --force] | npm run build:ledger-integrity [-- --force]';

function main(argv: readonly string[]): number {
  let force: boolean;
  let spec: LambdaPackageSpec | undefined;
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: { force: { type: 'boolean' }, package: { type: 'string' } },
      strict: true,
    });
    force = values.force === true;
    const name = values.package ?? 'verifier';
    spec = Object.prototype.hasOwnProperty.call(PACKAGES, name) ? PACKAGES[name] : undefined;
    if (spec === undefined)
      throw new Error(`--package must be ${Object.keys(PACKAGES).join(' or ')} (received "${name}")`);
  } catch (error) {
    process.stderr.write(`build: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 64;
  }
  const started = performance.now();
  const build = buildLambdaZip(spec, { force });
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
