// The one way this repository turns a TypeScript entry into a runnable CommonJS file: esbuild
// strips the types (unchecked: `npm run typecheck` checks them) and bundles the project's sources.
// The result is cached by content: it is rebuilt only when one of the inputs recorded in esbuild's
// metafile at the last build changed, and esbuild itself is loaded only when a build is needed.
// Used by `npm run synth` and the verifier benchmarks (bench/verifier-bench.mjs).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function sha256(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function upToDate(outfile, inputsFile) {
  if (!existsSync(outfile) || !existsSync(inputsFile)) return false;
  try {
    const inputs = JSON.parse(readFileSync(inputsFile, 'utf8'));
    return Object.entries(inputs).every(
      ([file, hash]) => existsSync(join(root, file)) && sha256(join(root, file)) === hash,
    );
  } catch {
    return false;
  }
}

/**
 * Bundles `entry` (relative to the root or absolute) to `outfile` unless nothing changed, and returns
 * `outfile`. `external` lists packages left to Node (default: every package under node_modules);
 * `define` replaces identifiers (a bundle's `__dirname` is its own folder); `sourcemap: true` inlines one.
 */
export function bundleTs({ entry, outfile, external, define, sourcemap = false, force = false }) {
  const inputsFile = `${outfile.replace(/\.c?js$/, '')}.inputs.json`;
  if (!force && upToDate(outfile, inputsFile)) return outfile;
  const { buildSync } = require('esbuild');
  mkdirSync(dirname(outfile), { recursive: true });
  rmSync(inputsFile, { force: true });
  // Build beside the target and rename: concurrent runs never see half a file.
  const tmp = `${outfile}.${process.pid}.tmp`;
  const result = buildSync({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    ...(external === undefined ? { packages: 'external' } : { external }),
    ...(define === undefined ? {} : { define }),
    sourcemap: sourcemap ? 'inline' : false,
    metafile: true,
    logLevel: 'warning',
  });
  renameSync(tmp, outfile);
  const inputs = Object.fromEntries(
    Object.keys(result.metafile.inputs)
      .sort()
      .map((file) => [file, sha256(join(root, file))]),
  );
  writeFileSync(inputsFile, `${JSON.stringify(inputs, null, 1)}\n`);
  return outfile;
}
