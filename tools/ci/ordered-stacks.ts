/**
 * `npx tsx tools/bin/ordered-stacks.ts [--synth-dir cdktf.out] [--env <name>] [--remote-only] [--with-reads]`
 *
 * Prints the synthesized stacks in dependency order (the order of CONCERNS in config/names.ts), one
 * per line, for workflows that run Terraform stack by stack. `--with-reads` adds, after a tab, the
 * stacks whose outputs it reads through remote state (comma-separated): a stack planned while one
 * of those changes its outputs would be planned on old values. `--remote-only` leaves out stacks on a
 * local backend (the `<env>-state` stack before its state is migrated into its own bucket): their
 * state would not survive the runner, so an operator applies them (docs/bootstrap.md).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONCERNS } from '../../config/names';
import { readCommandLine } from '../cli/args';
import type { CliIo } from '../cli/io';

const USAGE = `usage: ordered-stacks [--synth-dir <dir>] [--env <name>] [--remote-only] [--with-reads]
  --synth-dir <dir>   synthesized output (default cdktf.out)
  --env <name>        only this environment's stacks
  --remote-only       leave out stacks on a local backend (bootstrapped by hand)
  --with-reads        add a tab and the stacks each one reads through remote state
exit: 0 done, 1 no synthesized stacks, 64 bad usage`;

export interface OrderedStack {
  readonly name: string;
  readonly env: string;
  readonly concern: string;
  readonly backend: string;
  /** Stacks whose outputs this one reads (`terraform_remote_state` keys `<env>/<stack>.tfstate`). */
  readonly reads: readonly string[];
}

/** Stacks under `<synthDir>/stacks`, ordered by environment (as found) then concern dependency order. */
export function orderedStacks(synthDir: string): OrderedStack[] {
  const dir = join(synthDir, 'stacks');
  if (!existsSync(dir)) throw new Error(`no synthesized stacks in ${dir}: run \`npm run synth\` first`);
  const out: OrderedStack[] = [];
  const unknown: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    // A directory without cdk.tf.json holds only Terraform working files kept by synth for a
    // stack that is no longer synthesized (scripts/synth-output.mjs): nothing to run there.
    if (!existsSync(join(dir, name, 'cdk.tf.json'))) continue;
    const concern = CONCERNS.find((c) => name.endsWith(`-${c}`));
    if (concern === undefined) {
      unknown.push(name);
      continue;
    }
    const json = JSON.parse(readFileSync(join(dir, name, 'cdk.tf.json'), 'utf8')) as {
      terraform?: { backend?: Record<string, unknown> };
      data?: { terraform_remote_state?: Record<string, { config?: { key?: string } }> };
    };
    const backend = Object.keys(json.terraform?.backend ?? { local: {} })[0] ?? 'local';
    const reads = Object.values(json.data?.terraform_remote_state ?? {})
      .map((r) => /([^/]+)\.tfstate$/.exec(r.config?.key ?? '')?.[1])
      .filter((r): r is string => r !== undefined)
      .sort();
    out.push({ name, env: name.slice(0, -(concern.length + 1)), concern, backend, reads: [...new Set(reads)] });
  }
  if (unknown.length > 0) throw new Error(`stacks not named <env>-<concern>: ${unknown.join(', ')}`);
  const envs = [...new Set(out.map((s) => s.env))];
  return out.sort(
    (a, b) =>
      envs.indexOf(a.env) - envs.indexOf(b.env) ||
      CONCERNS.indexOf(a.concern as (typeof CONCERNS)[number]) -
        CONCERNS.indexOf(b.concern as (typeof CONCERNS)[number]),
  );
}

/** The command: prints the stacks in order, one per line; returns the exit status. */
export function runOrderedStacks(argv: readonly string[], io: Pick<CliIo, 'stdout' | 'stderr'>): number {
  const line = readCommandLine(
    'ordered-stacks',
    USAGE,
    argv,
    {
      'synth-dir': { type: 'string' },
      env: { type: 'string' },
      'remote-only': { type: 'boolean' },
      'with-reads': { type: 'boolean' },
    },
    io,
  );
  if (typeof line === 'number') return line;
  const { values } = line;
  try {
    for (const s of orderedStacks(values['synth-dir'] ?? 'cdktf.out')) {
      if (values.env !== undefined && s.env !== values.env) continue;
      if (values['remote-only'] === true && s.backend === 'local') {
        io.stderr(
          `ordered-stacks: ${s.name} is on a local backend; skipped (bootstrap it by hand, see docs/bootstrap.md)\n`,
        );
        continue;
      }
      io.stdout(values['with-reads'] === true ? `${s.name}\t${s.reads.join(',')}\n` : `${s.name}\n`);
    }
  } catch (error) {
    io.stderr(`ordered-stacks: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  return 0;
}
