#!/usr/bin/env node
// Runs a verifier benchmark written in TypeScript: `node bench/verifier-bench.mjs load|bundle`
// (`aws-stand-ins` is the load benchmark's server process).
// Strips types with esbuild into node_modules/.cache (scripts/ts-bundle.mjs) and runs the result.
// Benchmarks print figures; they are never timed assertions in tests.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { bundleTs, root } from '../scripts/ts-bundle.mjs';

const name = process.argv[2];
const entries = {
  load: 'verifier-load.ts',
  bundle: 'verifier-bundle.ts',
  'aws-stand-ins': 'verifier-aws-stand-ins.ts',
};
if (!(name in entries)) {
  process.stderr.write('usage: node bench/verifier-bench.mjs load|bundle\n');
  process.exit(64);
}
const outfile = bundleTs({
  entry: join('bench', entries[name]),
  outfile: join(root, 'node_modules', '.cache', 'verifier-bench', `${name}.cjs`),
  // Sources find the repository from their own location.
  define: { __dirname: JSON.stringify(join(root, 'bench')) },
});
const { main } = createRequire(import.meta.url)(outfile);
// main returns an exit code, or a promise of one.
Promise.resolve()
  .then(() => main(process.argv.slice(3)))
  .then(
    (code) => process.exit(code ?? 0),
    (error) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
