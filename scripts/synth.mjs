#!/usr/bin/env node
// `npm run synth`: type-stripping build of main.ts with esbuild, then synthesis in this process
// into a fresh directory that replaces `cdktf.out` only when synthesis succeeded, so an invalid
// configuration never leaves a half-written `cdktf.out`. Terraform's working files in the stack
// directories (`.terraform/`, lock files, any state) are carried over (scripts/synth-output.mjs):
// re-synthesizing never loses what `terraform init`/`apply` wrote. Prints one compliance line.
//
// `npx cdktf synth` runs the same bundle through cdktf.json's `app` (no ts-node).
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { installLockFile, replaceOutput } from './synth-output.mjs';
import { bundleTs, root } from './ts-bundle.mjs';

/** The project's pinned provider checksums, copied into every stack (docs/bootstrap.md). */
const LOCK_FILE = join(root, '.terraform.lock.hcl');

const require = createRequire(import.meta.url);

/**
 * Packages loaded by Node at run time rather than bundled: cdktf and constructs must be the single
 * copies every construct shares; esbuild and fflate are loaded lazily by the verifier build.
 * Provider classes (imported by deep path) are bundled: one file instead of a hundred module loads.
 */
const EXTERNAL = ['cdktf', 'constructs', 'esbuild', 'fflate'];

/**
 * Bundles main.ts to dist/main.js (types stripped; `npm run typecheck` checks them). Rebuilds only
 * when one of the bundle's inputs changed, so an unchanged app does not even load esbuild.
 */
export function buildApp({ force = false } = {}) {
  return bundleTs({ entry: 'main.ts', outfile: join(root, 'dist', 'main.js'), external: EXTERNAL, force });
}

function main() {
  let flags;
  try {
    ({ values: flags } = parseArgs({
      options: { 'build-only': { type: 'boolean' }, 'force-build': { type: 'boolean' } },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(
      `synth: ${error instanceof Error ? error.message : String(error)}\nusage: node scripts/synth.mjs [--build-only] [--force-build]\n`,
    );
    process.exit(64);
  }
  const outdir = resolve(root, process.env.VAULT_SYNTH_OUTDIR ?? 'cdktf.out');
  const staging = `${outdir}.tmp-${process.pid}`;
  const app = buildApp({ force: flags['force-build'] === true });
  if (flags['build-only'] === true) return;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  process.env.CDKTF_OUTDIR = staging;
  try {
    require(app);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `synth failed; ${existsSync(outdir) ? 'previous cdktf.out left unchanged' : 'no cdktf.out written'}\n${message}\n`,
    );
    process.exit(1);
  }
  installLockFile(staging, LOCK_FILE);
  const kept = replaceOutput(staging, outdir);
  const shown = relative(process.cwd(), outdir) || '.';
  if (kept.length > 0) process.stdout.write(`kept Terraform working files: ${kept.join(', ')}\n`);
  process.stdout.write(`${complianceLine(outdir, shown)}\n`);
}

/** One line: the compliance report's counts and where the report is. */
function complianceLine(outdir, shown) {
  const file = join(outdir, 'compliance-report.json');
  if (!existsSync(file)) return `compliance: no report written (${file} missing)`;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  return (
    `compliance: ${r.errors} error(s), ${r.warnings} warning(s), ${r.suppressed} suppressed, ${r.rules} rules; ` +
    `report: ${shown}/compliance-report.md (.json, .sarif)`
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
