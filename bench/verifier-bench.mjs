#!/usr/bin/env node
// Runs a verifier benchmark written in TypeScript: `node bench/verifier-bench.mjs load|bundle`
// (`aws-stand-ins` is the load benchmark's server process).
// Strips types with esbuild into node_modules/.cache (packages stay external) and runs the result.
// Benchmarks print figures; they are never timed assertions in tests.
import { buildSync } from 'esbuild';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const name = process.argv[2];
const entries = { load: 'verifier-load.ts', bundle: 'verifier-bundle.ts', 'aws-stand-ins': 'verifier-aws-stand-ins.ts' };
if (!(name in entries)) {
  process.stderr.write('usage: node bench/verifier-bench.mjs load|bundle\n');
  process.exit(64);
}
const outfile = join(root, 'node_modules', '.cache', 'verifier-bench', `${name}.cjs`);
buildSync({
  entryPoints: [join(root, 'bench', entries[name])],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  logLevel: 'warning',
  // Sources find the repository from their own location.
  define: { __dirname: JSON.stringify(join(root, 'bench')) },
});
const { main } = createRequire(import.meta.url)(outfile);
main(process.argv.slice(3)).then(
  (code) => process.exit(code ?? 0),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
