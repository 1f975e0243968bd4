/**
 * `npm run plan:fixtures -- [options]` (entry point: `tools/bin/plan-fixtures.ts`)
 *
 * Regenerates the committed real-plan fixtures: synthesizes the environments, plans every stack
 * offline (Terraform, the AWS provider from a filesystem mirror, a loopback stub for the few AWS
 * calls planning makes; see generator.ts) and writes each first plan as `<stack>.json` with a
 * `manifest.json` that records, per stack, every shim applied, where each upstream output came from
 * and the configuration's fingerprint. Where Terraform or the mirror is missing it skips, saying why.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { EXIT_USAGE, readCommandLine } from '../cli/args';
import type { CliIo } from '../cli/io';
import {
  checkPrerequisites,
  DEFAULT_MIRROR,
  fixtureText,
  MIRROR_PROVIDER_VERSION,
  pinnedProviderVersion,
  planStacks,
  writeFixtures,
} from './generator';
import { orderedStacks } from '../ci/ordered-stacks';

/** The repository root (this file is tools/offline-plan/cli.ts). */
const ROOT = resolve(__dirname, '..', '..');
export const DEFAULT_FIXTURE_DIR = join('__tests__', 'ops', 'fixtures', 'real-plans');
export const DEFAULT_ENVIRONMENTS = ['dev', 'prod'] as const;

const USAGE = `usage: plan-fixtures [options]

Plans every stack of the environments offline (a first plan, from an empty state) and writes each
plan as a test fixture, with a manifest of what differs from a plan with the pinned provider.

options:
  --env <name>        an environment to plan (repeatable; default: ${DEFAULT_ENVIRONMENTS.join(' and ')})
  --stack <name>      only this stack (repeatable) and, first, the stacks it reads; the other
                      fixtures are kept
  --out <dir>         fixture directory (default: ${DEFAULT_FIXTURE_DIR})
  --synth-dir <dir>   plan this synthesized output instead of synthesizing the environments
  --mirror <dir>      provider filesystem mirror (default: ${DEFAULT_MIRROR})
  --terraform <path>  Terraform binary (default: terraform on PATH)
  --work-dir <dir>    keep the scratch directory (copies, .terraform, plans, states) there;
                      default: a temporary directory, removed at the end
  --check             plan, compare with the committed fixtures and write nothing
  --require           a missing Terraform or mirror is an error (exit 1), not a skip
  -h, --help          print this help

exit status:
  0   fixtures written, identical (--check), or skipped because Terraform or the mirror is
      missing (the reason is printed)
  1   a plan failed, a fixture differs (--check), or a skip under --require
  64  bad usage`;

const OPTIONS = {
  env: { type: 'string', multiple: true },
  stack: { type: 'string', multiple: true },
  out: { type: 'string' },
  'synth-dir': { type: 'string' },
  mirror: { type: 'string' },
  terraform: { type: 'string' },
  'work-dir': { type: 'string' },
  check: { type: 'boolean' },
  require: { type: 'boolean' },
} as const;

/** Synthesizes the environments with the project's synth (`scripts/synth.mjs`) into `outdir`. */
function synthesize(envs: readonly string[], outdir: string): string | undefined {
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'synth.mjs')], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, VAULT_ENV: envs.join(','), VAULT_SYNTH_OUTDIR: outdir },
  });
  return result.status === 0 ? undefined : `${result.stderr}${result.stdout}`.trim() || `exit ${String(result.status)}`;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const line = readCommandLine('plan-fixtures', USAGE, argv, OPTIONS, io);
  if (typeof line === 'number') return line;
  const { values, positionals } = line;
  if (positionals.length > 0) {
    io.stderr(`plan-fixtures: unexpected argument ${positionals.join(' ')}\nplan-fixtures --help lists the options\n`);
    return EXIT_USAGE;
  }
  const envs = [...new Set(values.env ?? DEFAULT_ENVIRONMENTS)];
  const bad = envs.filter((e) => !/^[a-z][a-z0-9-]*$/.test(e));
  if (bad.length > 0) {
    io.stderr(`plan-fixtures: --env ${bad.join(', ')}: not an environment name (lowercase letters, digits, -)\n`);
    return EXIT_USAGE;
  }
  const terraform = values.terraform ?? 'terraform';
  const mirror = values.mirror ?? DEFAULT_MIRROR;
  const outDir = resolve(values.out ?? join(ROOT, DEFAULT_FIXTURE_DIR));
  const pre = await checkPrerequisites({ terraform, mirror, providerVersion: MIRROR_PROVIDER_VERSION });
  if (!pre.ok) {
    io.stderr(`plan-fixtures: skipped: an offline plan is not possible here: ${pre.why}\n`);
    return values.require === true ? 1 : 0;
  }
  const keep = values['work-dir'] !== undefined;
  const workDir = keep ? resolve(values['work-dir'] ?? '') : mkdtempSync(join(tmpdir(), 'vault-plan-fixtures-'));
  try {
    let synthDir = values['synth-dir'] !== undefined ? resolve(values['synth-dir']) : undefined;
    if (synthDir === undefined) {
      synthDir = join(workDir, 'synth');
      io.stderr(`plan-fixtures: synthesizing ${envs.join(', ')}\n`);
      const failure = synthesize(envs, synthDir);
      if (failure !== undefined) {
        io.stderr(`plan-fixtures: synth failed:\n${failure}\n`);
        return 1;
      }
    }
    let inEnvs: string[];
    try {
      inEnvs = orderedStacks(synthDir)
        .filter((s) => envs.includes(s.env))
        .map((s) => s.name);
    } catch (error) {
      io.stderr(`plan-fixtures: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
    const wanted = values.stack !== undefined ? [...new Set(values.stack)] : inEnvs;
    const unknown = wanted.filter((s) => !inEnvs.includes(s));
    if (unknown.length > 0) {
      io.stderr(
        `plan-fixtures: --stack ${unknown.join(', ')}: not a stack of ${envs.join(', ')} (${inEnvs.join(', ')})\n`,
      );
      return EXIT_USAGE;
    }
    const pinned = pinnedProviderVersion(synthDir, wanted[0] ?? '');
    io.stderr(
      `plan-fixtures: Terraform ${pre.terraformVersion}, hashicorp/aws ${MIRROR_PROVIDER_VERSION} from ${mirror} (the stacks pin ${pinned}); ${wanted.length} stack(s)\n`,
    );
    const results = await planStacks({
      synthDir,
      stacks: wanted,
      workDir,
      terraform,
      mirror,
      providerVersion: MIRROR_PROVIDER_VERSION,
      terraformVersion: pre.terraformVersion,
      progress: (text) => io.stderr(`${text}\n`),
    });
    const failed = results.filter((r) => r.status !== 'planned');
    if (failed.length > 0) {
      io.stderr(
        `plan-fixtures: ${failed.length} stack(s) not planned: ${failed.map((r) => r.stack).join(', ')}; nothing written\n`,
      );
      return 1;
    }
    if (values.check === true) return check(io, outDir, wanted, results);
    const written = writeFixtures(outDir, wanted, results, {
      terraformVersion: pre.terraformVersion,
      pinned,
      planned: MIRROR_PROVIDER_VERSION,
      replace: values.stack === undefined,
    });
    const seconds = results.reduce((n, r) => n + r.seconds, 0);
    io.stdout(
      `plan-fixtures: ${written.length} fixture(s) written to ${outDir} (${seconds.toFixed(1)} s of Terraform)\n`,
    );
    return 0;
  } finally {
    if (!keep) rmSync(workDir, { recursive: true, force: true });
  }
}

/** `--check`: every planned fixture equals the committed file. */
function check(
  io: CliIo,
  outDir: string,
  stacks: readonly string[],
  results: Awaited<ReturnType<typeof planStacks>>,
): number {
  const differ: string[] = [];
  for (const r of results) {
    if (!stacks.includes(r.stack) || r.fixture === undefined) continue;
    let committed: string | undefined;
    try {
      committed = readFileSync(join(outDir, `${r.stack}.json`), 'utf8');
    } catch {
      committed = undefined;
    }
    if (committed !== fixtureText(r.fixture)) differ.push(r.stack);
  }
  if (differ.length > 0) {
    io.stderr(
      `plan-fixtures: the committed fixtures of ${differ.join(', ')} differ from a fresh plan: run npm run plan:fixtures\n`,
    );
    return 1;
  }
  io.stdout(`plan-fixtures: ${stacks.length} fixture(s) match a fresh plan\n`);
  return 0;
}
