#!/usr/bin/env node
// Runs a TypeScript entry point with plain `node`: bundles it with esbuild (types stripped, not
// checked; `npm run typecheck` checks them) to a cached CommonJS file and runs that in a child
// process, passing the arguments through and exiting with the child's status.
//
//   node scripts/run-ts.mjs tools/plan-summary/main.ts -- plan.json ...
//
// Packages under node_modules stay external (loaded by node as usual), so a bundle holds only the
// project's own sources and builds in tens of milliseconds. The bundle is rebuilt only when one of
// its input files changed (content hash of every input recorded in esbuild's metafile).
//
// In a bundle every module shares one `module` object, so an entry's `if (require.main === module)`
// guard is true in any module bundled with it: keep CLI guards in entry files that nothing imports.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
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

const cacheDir = join(root, 'node_modules', '.cache', 'run-ts');
const id = createHash('sha256').update(relative(root, entry)).digest('hex').slice(0, 16);
const bundle = join(cacheDir, `${id}.cjs`);
const manifest = join(cacheDir, `${id}.inputs.json`);

function hashFile(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function upToDate() {
  if (!existsSync(bundle) || !existsSync(manifest)) return false;
  try {
    const inputs = JSON.parse(readFileSync(manifest, 'utf8'));
    return Object.entries(inputs).every(([file, hash]) => existsSync(join(root, file)) && hashFile(join(root, file)) === hash);
  } catch {
    return false;
  }
}

if (!upToDate()) {
  mkdirSync(cacheDir, { recursive: true });
  const tmp = `${bundle}.${process.pid}.tmp`;
  const result = await build({
    entryPoints: [entry],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    sourcemap: 'inline',
    metafile: true,
    logLevel: 'warning',
    absWorkingDir: root,
  });
  const inputs = {};
  for (const file of Object.keys(result.metafile.inputs)) inputs[file] = hashFile(join(root, file));
  renameSync(tmp, bundle);
  writeFileSync(manifest, JSON.stringify(inputs));
}

const child = spawn(process.execPath, ['--enable-source-maps', bundle, ...args], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  if (signal !== null) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
