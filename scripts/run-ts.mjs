#!/usr/bin/env node
// Runs a TypeScript entry point with plain `node`: bundles it with esbuild (types stripped, not
// checked; `npm run typecheck` checks them) to a cached CommonJS file and runs that in a child
// process, passing the arguments through and exiting with the child's status.
//
//   node scripts/run-ts.mjs tools/bin/plan-summary.ts -- plan.json ...
//
// Packages under node_modules stay external (loaded by node as usual), so a bundle holds only the
// project's own sources and builds in tens of milliseconds. The bundle is cached by content
// (scripts/ts-bundle.mjs).
//
// In a bundle every module shares one `module` object, so an `if (require.main === module)` guard is
// true in any module bundled with it: the tools' entry points (tools/bin/) run unconditionally and
// nothing imports them; the libraries they call (tools/<tool>/) have no side effects at import.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { bundleTs, root } from './ts-bundle.mjs';

const [entryArg, ...rest] = process.argv.slice(2);
if (entryArg === undefined || entryArg.startsWith('-')) {
  process.stderr.write('usage: node scripts/run-ts.mjs <entry.ts> [--] [args...]\n');
  process.exit(64);
}
const args = rest[0] === '--' ? rest.slice(1) : rest;
const entry = resolve(process.cwd(), entryArg);
if (!existsSync(entry)) {
  process.stderr.write(`run-ts: entry not found: ${entryArg}\n`);
  process.exit(66);
}

const id = createHash('sha256').update(relative(root, entry)).digest('hex').slice(0, 16);
const bundle = bundleTs({
  entry,
  outfile: join(root, 'node_modules', '.cache', 'run-ts', `${id}.cjs`),
  sourcemap: true,
});

const child = spawn(process.execPath, ['--enable-source-maps', bundle, ...args], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  if (signal !== null) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
