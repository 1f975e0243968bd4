import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { BuildOptions } from 'esbuild';
import type { ZipOptions } from 'fflate';

// esbuild (in a child process, see `bundle`) and fflate load only when a rebuild is needed: a cached
// build (every synth of unchanged sources) costs one hash of the inputs, not the ~50 ms of loading the bundler.
function fflate(): typeof import('fflate') {
  return require('fflate') as typeof import('fflate');
}
function esbuildVersion(): string {
  return (JSON.parse(readFileSync(require.resolve('esbuild/package.json'), 'utf8')) as { version: string }).version;
}

/**
 * Builds the verifier Lambda package: an esbuild bundle (ESM `.mjs`, Node.js 22, minified, tree-shaken,
 * linked source map) in a byte-for-byte reproducible zip, `dist/verifier/verifier.zip`.
 *
 * Reproducible: the same sources and lockfile give the same zip bytes, and so the same
 * `source_code_hash`, on any machine: esbuild output is deterministic, zip entries are sorted and have
 * a fixed timestamp (1980-01-01 00:00, the DOS epoch, written from local-time fields so the time zone
 * cannot leak in), fixed Unix permissions (0644) and fixed compression.
 *
 * Fast: the build is cached by a SHA-256 of its inputs (every file of `lambda-src/verifier`, the
 * lockfile, this file and the esbuild version); an unchanged source returns the cached zip after one
 * hash, so synth pays nothing (see `bench/verifier-bundle.mjs` for the figures).
 *
 * The AWS SDK is bundled (pinned by the lockfile, not whatever the Lambda runtime ships), with a few
 * exact substitutions that keep the bundle within its 500 KB and the traces free of subject ids:
 * - the SDK's default credential chain is replaced by the environment provider Lambda needs
 *   (`lambda-src/verifier/lambda-credentials.ts`);
 * - `semver`, which the X-Ray SDK's dependencies load for one version comparison, by that comparison
 *   (`lambda-src/verifier/semver-gte.ts`);
 * - the SDK's schema modules are bundled with their computed keys written as the literals they name, and
 *   the X-Ray SDK's parameter whitelist is the verifier's own (`scripts/verifier-esbuild.mjs`).
 */

export interface VerifierBuild {
  /** Absolute path of the zip. */
  readonly zipPath: string;
  /** Base64 SHA-256 of the zip: Terraform's `filebase64sha256`, the function's `source_code_hash`. */
  readonly sha256Base64: string;
  /**
   * Absolute path of the bundled handler module (`verifier.mjs`, also inside the zip); the function's
   * entry `index.mjs` turns on source maps and imports it.
   */
  readonly bundlePath: string;
  /** Size of the minified bundle, bytes. */
  readonly bundleBytes: number;
  /** Whether the cached build was reused. */
  readonly cached: boolean;
}

export interface BuildVerifierOptions {
  /** Repository root. @default found by walking up from this file to `lambda-src/verifier/handler.ts` */
  readonly root?: string;
  /** Rebuild even when the inputs are unchanged. @default false */
  readonly force?: boolean;
}

/** Handler setting of the function: `index.handler`. */
export const VERIFIER_HANDLER = 'index.handler';

/**
 * A function's entry module: turns on source-mapped stack traces, then loads the bundle. Node parses the
 * source maps of modules loaded after `setSourceMapsEnabled(true)`
 * (https://nodejs.org/api/process.html#processsetsourcemapsenabledval), so the bundle is a module of
 * its own; the function then needs no `NODE_OPTIONS`, an environment variable that can make Node load
 * code no signature covers, and that the compliance rules therefore refuse.
 */
export function entryModule(bundleFile: string): string {
  return `process.setSourceMapsEnabled(true);export const{handler}=await import('./${bundleFile}');\n`;
}

/**
 * One Lambda package: its name (`dist/<name>/<name>.zip`), its handlers (entry module name -> bundle name ->
 * source; the first bundle is the one reported as `bundlePath`), and the source directories whose files
 * key the build cache.
 */
export interface LambdaPackageSpec {
  readonly name: string;
  readonly handlers: readonly { readonly entry: string; readonly bundle: string; readonly source: string }[];
  readonly sourceDirs: readonly string[];
}

/** The verifier: `index.mjs` loading `verifier.mjs`, from `lambda-src/verifier/handler.ts`. */
export const VERIFIER_PACKAGE: LambdaPackageSpec = {
  name: 'verifier',
  handlers: [{ entry: 'index', bundle: 'verifier', source: 'lambda-src/verifier/handler.ts' }],
  sourceDirs: ['lambda-src/verifier'],
};

/**
 * The ledger-integrity functions, one package with two handlers (`stream.handler`, `digest.handler`); the
 * verifier's Lambda credential provider is an input too.
 */
export const LEDGER_INTEGRITY_PACKAGE: LambdaPackageSpec = {
  name: 'ledger-integrity',
  handlers: [
    { entry: 'stream', bundle: 'stream-consumer', source: 'lambda-src/ledger-integrity/stream-handler.ts' },
    { entry: 'digest', bundle: 'digest-job', source: 'lambda-src/ledger-integrity/digest-handler.ts' },
  ],
  sourceDirs: ['lambda-src/ledger-integrity', 'lambda-src/verifier/lambda-credentials.ts'],
};

/** The verifier's entry module. */
export const VERIFIER_ENTRY = entryModule('verifier.mjs');
const BUILDER_VERSION = '4';
/** 1980-01-01 00:00 in local time: fflate encodes DOS time from local fields, so this is the same in every time zone. */
const ZIP_MTIME = (): Date => new Date(1980, 0, 1, 0, 0, 0);
const FILE_ATTRS = (0o100644 << 16) >>> 0;

export function findRoot(start: string = __dirname): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'lambda-src', 'verifier', 'handler.ts'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`build-verifier: no lambda-src/verifier/handler.ts above ${start}`);
    dir = parent;
  }
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]))
    .sort();
}

/** esbuild options shared by the build and the bundle benchmark. */
export function verifierBuildOptions(root: string, spec: LambdaPackageSpec = VERIFIER_PACKAGE): BuildOptions {
  return {
    absWorkingDir: root,
    entryPoints: Object.fromEntries(spec.handlers.map((h) => [h.bundle, join(root, h.source)])),
    outExtension: { '.js': '.mjs' },
    outdir: join(root, 'dist', spec.name),
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    // Prefer the SDK's ES module builds: they tree-shake, the CommonJS builds do not.
    mainFields: ['module', 'main'],
    minify: true,
    treeShaking: true,
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'none',
    charset: 'utf8',
    define: { 'process.env.NODE_ENV': '"production"' },
    // A few bundled CommonJS modules call require() for Node built-ins; ESM has no require, so provide one.
    banner: {
      js: "import{createRequire as __vaultRequire}from'node:module';const require=__vaultRequire(import.meta.url);",
    },
    alias: {
      // Lambda's credentials are in the environment: replace the SDK's default chain (ini, SSO, IMDS, ...).
      '@aws-sdk/credential-provider-node': './lambda-src/verifier/lambda-credentials.ts',
      // The X-Ray SDK's dependencies use only semver's gte.
      semver: './lambda-src/verifier/semver-gte.ts',
    },
    write: false,
    logLevel: 'silent',
  };
}

/**
 * Runs esbuild with `verifierBuildOptions` and the source transforms of `scripts/verifier-esbuild.mjs`.
 * esbuild runs plugins only asynchronously and this builder is synchronous (a stack calls it during
 * synthesis), so the build runs in a child process.
 */
function bundle(root: string, spec: LambdaPackageSpec): { path: string; contents: Uint8Array }[] {
  const run = spawnSync(process.execPath, [join(root, 'scripts', 'verifier-esbuild.mjs')], {
    cwd: root,
    input: JSON.stringify(verifierBuildOptions(root, spec)),
    maxBuffer: 256 * 1024 * 1024,
    encoding: 'utf8',
  });
  if (run.status !== 0)
    throw new Error(`build-verifier: esbuild process failed (status ${String(run.status)}): ${run.stderr}`);
  const result = JSON.parse(run.stdout) as { errors: string[]; outputFiles: { path: string; contents: string }[] };
  if (result.errors.length > 0) throw new Error(`build-verifier: esbuild failed: ${result.errors.join('; ')}`);
  return result.outputFiles.map((f) => ({ path: f.path, contents: new Uint8Array(Buffer.from(f.contents, 'base64')) }));
}

function inputsHash(root: string, spec: LambdaPackageSpec): string {
  const hash = createHash('sha256').update(`builder ${BUILDER_VERSION}\0esbuild ${esbuildVersion()}\0`);
  const files = [
    ...spec.sourceDirs.flatMap((d) => (d.endsWith('.ts') ? [join(root, d)] : listFiles(join(root, d)))),
    join(root, 'package-lock.json'),
    join(root, 'scripts', 'build-verifier.ts'),
    join(root, 'scripts', 'verifier-esbuild.mjs'),
  ];
  for (const file of files) {
    if (!existsSync(file)) continue;
    hash.update(relative(root, file).split('\\').join('/')).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

interface Manifest {
  readonly inputsHash: string;
  readonly sha256Base64: string;
  readonly bundleBytes: number;
}

function writeAtomic(path: string, data: Uint8Array | string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/** Builds (or reuses) `dist/verifier/verifier.zip`. Synchronous: a Terraform stack calls it while synthesizing. */
export function buildVerifierZip(options: BuildVerifierOptions = {}): VerifierBuild {
  return buildLambdaZip(VERIFIER_PACKAGE, options);
}

/** Builds (or reuses) `dist/<name>/<name>.zip` of a package, reproducibly and cached by its inputs. */
export function buildLambdaZip(spec: LambdaPackageSpec, options: BuildVerifierOptions = {}): VerifierBuild {
  const root = options.root ?? findRoot();
  const outdir = join(root, 'dist', spec.name);
  const zipPath = join(outdir, `${spec.name}.zip`);
  const bundleName = `${spec.handlers[0]?.bundle ?? spec.name}.mjs`;
  const bundlePath = join(outdir, bundleName);
  const manifestPath = join(outdir, 'build-manifest.json');
  const key = inputsHash(root, spec);

  if (!options.force && existsSync(manifestPath) && existsSync(zipPath) && existsSync(bundlePath)) {
    try {
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
      if (
        manifest.inputsHash === key &&
        createHash('sha256').update(readFileSync(zipPath)).digest('base64') === manifest.sha256Base64
      ) {
        return {
          zipPath,
          sha256Base64: manifest.sha256Base64,
          bundlePath,
          bundleBytes: manifest.bundleBytes,
          cached: true,
        };
      }
    } catch {
      // Unreadable manifest: rebuild.
    }
  }

  const files: Record<string, Uint8Array> = {};
  for (const file of bundle(root, spec)) files[relative(outdir, file.path).split('\\').join('/')] = file.contents;
  const bundled = files[bundleName];
  if (bundled === undefined) throw new Error(`build-verifier: esbuild produced no ${bundleName}`);
  for (const h of spec.handlers) files[`${h.entry}.mjs`] = new TextEncoder().encode(entryModule(`${h.bundle}.mjs`));

  const entryOptions: ZipOptions = { level: 9, mtime: ZIP_MTIME(), os: 3, attrs: FILE_ATTRS };
  const entries: Record<string, [Uint8Array, ZipOptions]> = {};
  const byName = ([a]: [string, Uint8Array], [b]: [string, Uint8Array]): number => (a < b ? -1 : a > b ? 1 : 0);
  for (const [name, contents] of Object.entries(files).sort(byName)) entries[name] = [contents, entryOptions];
  const zip = fflate().zipSync(entries);
  const sha256Base64 = createHash('sha256').update(zip).digest('base64');

  mkdirSync(outdir, { recursive: true });
  for (const [name, contents] of Object.entries(files)) writeAtomic(join(outdir, name), contents);
  writeAtomic(zipPath, zip);
  const manifest: Manifest = { inputsHash: key, sha256Base64, bundleBytes: bundled.byteLength };
  writeAtomic(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  return { zipPath, sha256Base64, bundlePath, bundleBytes: bundled.byteLength, cached: false };
}
