#!/usr/bin/env node
// `npm run build:verifier`: builds dist/verifier/verifier.zip (see scripts/build-verifier.ts; the CLI has its own name so no resolver picks it for `scripts/build-verifier`) and prints
// its path, base64 SHA-256 and bundle size. `--force` rebuilds even when the inputs are unchanged.
//
// The builder is TypeScript (so the Terraform stack imports it with types); this wrapper strips its
// types with esbuild into node_modules/.cache (scripts/ts-bundle.mjs) and loads it.
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleTs, root } from './ts-bundle.mjs';

/** @returns {typeof import('./build-verifier')} */
function loadVerifierBuilder() {
  const outfile = bundleTs({
    entry: join('scripts', 'build-verifier.ts'),
    outfile: join(root, 'node_modules', '.cache', 'verifier-build', 'build-verifier.cjs'),
    // The builder finds the repository from its own location: keep that location meaningful.
    define: { __dirname: JSON.stringify(join(root, 'scripts')) },
  });
  return createRequire(import.meta.url)(outfile);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let flags;
  try {
    ({ values: flags } = parseArgs({ options: { force: { type: 'boolean' } }, strict: true }));
  } catch (error) {
    process.stderr.write(
      `build:verifier: ${error instanceof Error ? error.message : String(error)}\nusage: npm run build:verifier [-- --force]\n`,
    );
    process.exit(64);
  }
  const started = performance.now();
  const { buildVerifierZip } = loadVerifierBuilder();
  const build = buildVerifierZip({ root, force: flags.force === true });
  const ms = performance.now() - started;
  process.stdout.write(
    `${build.cached ? 'unchanged (cached)' : 'built'}: ${build.zipPath}\n` +
      `  source_code_hash (base64 sha256): ${build.sha256Base64}\n` +
      `  bundle: ${build.bundleBytes} bytes (${(build.bundleBytes / 1024).toFixed(1)} KiB, limit 500 KB)\n` +
      `  ${ms.toFixed(0)} ms\n`,
  );
  if (build.bundleBytes > 500 * 1000) {
    process.stderr.write('bundle exceeds 500 KB\n');
    process.exit(1);
  }
}
