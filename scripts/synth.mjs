#!/usr/bin/env node
// `npm run synth`: type-stripping build of main.ts with esbuild, then synthesis in this process
// into a fresh directory that replaces `cdktf.out` only when synthesis succeeded, so an invalid
// configuration never leaves a half-written `cdktf.out`.
//
// `npx cdktf synth` runs the same bundle through cdktf.json's `app` (no ts-node).
import { buildSync } from 'esbuild';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Bundles main.ts to dist/main.js; node_modules stay external (resolved by Node). */
export function buildApp() {
  const outfile = join(root, 'dist', 'main.js');
  buildSync({
    entryPoints: [join(root, 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  return outfile;
}

function main() {
  const outdir = resolve(root, process.env.VAULT_SYNTH_OUTDIR ?? 'cdktf.out');
  const staging = `${outdir}.tmp-${process.pid}`;
  const app = buildApp();
  if (process.argv.includes('--build-only')) return;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  process.env.CDKTF_OUTDIR = staging;
  try {
    createRequire(import.meta.url)(app);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`synth failed; ${existsSync(outdir) ? 'previous cdktf.out left unchanged' : 'no cdktf.out written'}\n${message}\n`);
    process.exit(1);
  }
  rmSync(outdir, { recursive: true, force: true });
  renameSync(staging, outdir);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
