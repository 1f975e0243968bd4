/**
 * Offline `terraform plan` of synthesized stacks, written as plan fixtures for the tests.
 *
 * For each stack, in dependency order (upstream stacks first, pulled in when a selected stack reads
 * them): the shimmed copy (`shim.ts`) in a scratch directory, `terraform init` against the provider's
 * filesystem mirror (an unpacked mirror is symlinked, never copied), `terraform plan -out`,
 * `terraform show -json`, then the stack's outputs as a local state file for the stacks that read
 * them (`outputs.ts`). AWS calls go to the loopback stub (`aws-stub.ts`) with a fake key naming the
 * stack's allowed account, so the provider's account guard is exercised. The scratch directory
 * (providers' links, lock files, plans, states) never enters the repository: only the fixtures
 * (`fixture.ts`) and their manifest are written to the output directory.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { orderedStacks, type OrderedStack } from '../ci/ordered-stacks';
import { isJsonObject, type JsonObject, type JsonValue, type TerraformPlan } from '../plan-summary/plan-types';
import { startAwsStub, stubAccessKey, type AwsStub } from './aws-stub';
import { planFixture, stackFingerprint, STRIPPED_FIELDS } from './fixture';
import { deriveOutputs, outputsState, type Provenance } from './outputs';
import { shimStack, type ShimRecord } from './shim';
import { unknownPolicies } from './unknown-policies';

/** The provider version the machine's mirror holds, and the one the stacks pin. */
export const MIRROR_PROVIDER_VERSION = '5.100.0';
export const DEFAULT_MIRROR = '/opt/tf-plugins';

export interface Prerequisites {
  readonly terraform: string;
  readonly mirror: string;
  readonly providerVersion: string;
}

/** Whether an offline plan can run here: Terraform's version, or why not. */
export async function checkPrerequisites(
  p: Prerequisites,
): Promise<{ ok: true; terraformVersion: string } | { ok: false; why: string }> {
  const version = await run(p.terraform, ['version', '-json'], process.cwd(), { PATH: process.env.PATH ?? '' });
  if (version.status !== 0)
    return { ok: false, why: `no Terraform binary (${p.terraform}: ${version.error ?? `exit ${version.status}`})` };
  let terraformVersion: string;
  try {
    const parsed = JSON.parse(version.stdout) as { terraform_version?: unknown };
    terraformVersion = String(parsed.terraform_version);
  } catch {
    return { ok: false, why: `${p.terraform} version -json printed no version` };
  }
  const provider = join(p.mirror, 'registry.terraform.io', 'hashicorp', 'aws', p.providerVersion, 'linux_amd64');
  if (!existsSync(provider))
    return {
      ok: false,
      why: `the provider mirror has no hashicorp/aws ${p.providerVersion} for linux_amd64 (${provider})`,
    };
  return { ok: true, terraformVersion };
}

export interface GeneratorOptions extends Prerequisites {
  /** A synthesized app: `manifest.json` and `stacks/<stack>/cdk.tf.json`. */
  readonly synthDir: string;
  /** The stacks to write fixtures for; the stacks they read are planned first, not written. */
  readonly stacks: readonly string[];
  /** Scratch directory (copies, `.terraform`, states); not inside the repository. */
  readonly workDir: string;
  /** Where the fixtures and `manifest.json` go; undefined: write none (a check). */
  readonly outDir?: string;
  readonly terraformVersion: string;
  /** One line per step, as it happens. */
  readonly progress: (line: string) => void;
}

export interface StackResult {
  readonly stack: string;
  readonly status: 'planned' | 'failed' | 'blocked';
  /** Terraform's error (first lines), for a failed or blocked stack. */
  readonly error?: string;
  readonly seconds: number;
  readonly fixture?: JsonObject;
  readonly entry?: ManifestEntry;
}

/** What the manifest records of each fixture. */
export interface ManifestEntry {
  readonly fingerprint: string;
  /** Resource changes by action (managed resources). */
  readonly changes: Readonly<Record<string, number>>;
  /** Every change the shim made to plan it offline (the version differences first of all). */
  readonly shims: readonly ShimRecord[];
  /** Per upstream stack read, where each output value came from. */
  readonly upstreamOutputs: Readonly<Record<string, Readonly<Record<string, Provenance>>>>;
  /** The AWS calls the plan made (to the stub). */
  readonly awsCalls: readonly string[];
  /** Policy attributes the plan cannot show (known only after apply): `<address>.<attribute>`. */
  readonly unknownPolicies: readonly string[];
}

export interface Manifest {
  readonly generator: string;
  readonly terraform: string;
  readonly provider: { readonly pinned: string; readonly planned: string };
  readonly strippedFields: readonly string[];
  readonly stacks: Readonly<Record<string, ManifestEntry>>;
}

export const MANIFEST_FILE = 'manifest.json';

interface RunResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly error?: string;
}

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(command, [...args], { cwd, env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (error) => {
      resolve({ status: 127, stdout: '', stderr: '', error: error.message });
    });
    child.on('close', (status) => {
      resolve({ status: status ?? 1, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() });
    });
  });
}

/** The CLI configuration: providers from the filesystem mirror only, never from a registry. */
export function cliConfig(mirror: string): string {
  return [
    '# Offline provider installation: the local filesystem mirror only, never a registry.',
    'provider_installation {',
    '  filesystem_mirror {',
    `    path    = ${JSON.stringify(mirror)}`,
    '    include = ["registry.terraform.io/hashicorp/aws"]',
    '  }',
    '  direct {',
    '    exclude = ["*/*/*"]',
    '  }',
    '}',
    '',
  ].join('\n');
}

/** `stacks` and every stack they read, transitively, in dependency order. */
export function withUpstreams(all: readonly OrderedStack[], stacks: readonly string[]): OrderedStack[] {
  const byName = new Map(all.map((s) => [s.name, s]));
  const unknown = stacks.filter((s) => !byName.has(s));
  if (unknown.length > 0)
    throw new Error(`no synthesized stack ${unknown.join(', ')}; synthesized: ${all.map((s) => s.name).join(', ')}`);
  const needed = new Set<string>();
  const add = (name: string): void => {
    if (needed.has(name)) return;
    needed.add(name);
    for (const up of byName.get(name)?.reads ?? []) add(up);
  };
  stacks.forEach(add);
  return all.filter((s) => needed.has(s.name));
}

/** The first lines of Terraform's error output, from the first `Error`. */
function errorExcerpt(result: RunResult): string {
  if (result.error !== undefined) return result.error;
  const lines = `${result.stderr}\n${result.stdout}`.split('\n').filter((l) => l.trim() !== '');
  const at = Math.max(
    0,
    lines.findIndex((l) => l.includes('Error')),
  );
  return lines.slice(at, at + 10).join('\n');
}

function counts(plan: TerraformPlan): Record<string, number> {
  const out: Record<string, number> = {};
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode !== 'managed') continue;
    const kind = rc.change.actions.length === 2 ? 'replace' : (rc.change.actions[0] ?? 'no-op');
    out[kind] = (out[kind] ?? 0) + 1;
  }
  return out;
}

function readJson(path: string): JsonObject {
  const value = JSON.parse(readFileSync(path, 'utf8')) as JsonValue;
  if (!isJsonObject(value)) throw new Error(`${path}: not a JSON object`);
  return value;
}

/** The allowed account of a stack's AWS provider: the account the stub answers as. */
function accountOf(stack: string, cdkJson: JsonObject): string {
  const provider = isJsonObject(cdkJson.provider) ? cdkJson.provider.aws : undefined;
  const first = Array.isArray(provider) ? provider[0] : provider;
  const ids = isJsonObject(first) ? first.allowed_account_ids : undefined;
  const account = Array.isArray(ids) ? ids[0] : undefined;
  if (typeof account !== 'string' || !/^\d{12}$/.test(account))
    throw new Error(`${stack}: the AWS provider names no allowed account (allowed_account_ids)`);
  return account;
}

/**
 * Plans the stacks offline. Returns one result per stack planned (upstreams included), in order.
 * A stack whose upstream failed is `blocked`, not planned against missing or stale outputs.
 */
export async function planStacks(options: GeneratorOptions): Promise<StackResult[]> {
  const all = orderedStacks(options.synthDir);
  const order = withUpstreams(all, options.stacks);
  const work = options.workDir;
  const remoteDir = join(work, 'remote-state');
  mkdirSync(remoteDir, { recursive: true });
  const config = join(work, 'terraformrc');
  writeFileSync(config, cliConfig(options.mirror));
  const stub = await startAwsStub();
  const results: StackResult[] = [];
  try {
    for (const stack of order) {
      const blockers = stack.reads.filter((up) => !existsSync(join(remoteDir, `${up}.tfstate`)));
      if (blockers.length > 0) {
        const error = `not planned: the plan of ${blockers.join(', ')}, whose outputs it reads, did not succeed`;
        options.progress(`${stack.name}: blocked (${error})`);
        results.push({ stack: stack.name, status: 'blocked', error, seconds: 0 });
        continue;
      }
      results.push(await planOne(stack, options, { work, remoteDir, config, stub }));
    }
  } finally {
    await stub.close();
  }
  return results;
}

async function planOne(
  stack: OrderedStack,
  options: GeneratorOptions,
  ctx: { work: string; remoteDir: string; config: string; stub: AwsStub },
): Promise<StackResult> {
  const started = Date.now();
  const seconds = (): number => Math.round((Date.now() - started) / 100) / 10;
  const source = join(options.synthDir, 'stacks', stack.name);
  const original = readJson(join(source, 'cdk.tf.json'));
  const dir = join(ctx.work, 'stacks', stack.name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const { json, shims } = shimStack(original, {
    // Relative, so no machine path enters the plan's `configuration`.
    remoteStatePath: (up) => relative(dir, join(ctx.remoteDir, `${up}.tfstate`)),
    providerVersion: options.providerVersion,
  });
  writeFileSync(join(dir, 'cdk.tf.json'), `${JSON.stringify(json, null, 2)}\n`);
  if (existsSync(join(source, 'assets'))) cpSync(join(source, 'assets'), join(dir, 'assets'), { recursive: true });
  const account = accountOf(stack.name, original);
  // The whole environment is replaced: no host credentials, profiles or CLI configuration leak in.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    TF_CLI_CONFIG_FILE: ctx.config,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    AWS_ACCESS_KEY_ID: stubAccessKey(account),
    AWS_SECRET_ACCESS_KEY: 'stub-secret',
    AWS_ENDPOINT_URL: ctx.stub.endpoint,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    NO_PROXY: '127.0.0.1',
  };
  const firstRequest = ctx.stub.requests.length;
  const steps: [string, string[]][] = [
    ['init', ['init', '-input=false', '-no-color']],
    ['plan', ['plan', '-input=false', '-no-color', '-lock=false', '-out=plan.bin']],
    ['show', ['show', '-json', 'plan.bin']],
  ];
  let shown = '';
  for (const [name, args] of steps) {
    const result = await run(options.terraform, args, dir, env);
    if (result.status !== 0) {
      const error = `terraform ${name} failed:\n${errorExcerpt(result)}`;
      options.progress(`${stack.name}: FAILED at ${name} after ${seconds()} s\n  ${error.replace(/\n/g, '\n  ')}`);
      return { stack: stack.name, status: 'failed', error, seconds: seconds() };
    }
    if (name === 'show') shown = result.stdout;
  }
  const plan = JSON.parse(shown) as JsonObject;
  const typed = plan as unknown as TerraformPlan;
  const { outputs, underivable } = deriveOutputs(stack.name, typed);
  writeFileSync(
    join(ctx.remoteDir, `${stack.name}.tfstate`),
    `${JSON.stringify(outputsState(stack.name, outputs, options.terraformVersion), null, 2)}\n`,
  );
  const upstreamOutputs: Record<string, Record<string, Provenance>> = {};
  for (const up of stack.reads) {
    const state = readJson(join(ctx.remoteDir, `${up}.provenance.json`));
    upstreamOutputs[up] = Object.fromEntries(
      Object.entries(state).filter((e): e is [string, Provenance] => typeof e[1] === 'string'),
    );
  }
  writeFileSync(
    join(ctx.remoteDir, `${stack.name}.provenance.json`),
    `${JSON.stringify(Object.fromEntries(Object.entries(outputs).map(([k, o]) => [k, o.provenance])), null, 2)}\n`,
  );
  const awsCalls = ctx.stub.requests
    .slice(firstRequest)
    .map((r) => `${r.service}:${r.action}${r.handled ? '' : ' (refused)'}`);
  const unknown = unknownPolicies(typed);
  const entry: ManifestEntry = {
    fingerprint: stackFingerprint(original),
    changes: counts(typed),
    shims,
    upstreamOutputs,
    awsCalls,
    unknownPolicies: unknown.map((u) => `${u.address}.${u.attribute}`),
  };
  const changeText = Object.entries(entry.changes)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  options.progress(
    `${stack.name}: planned in ${seconds()} s (${changeText || 'no changes'}; AWS calls: ${awsCalls.join(', ') || 'none'})` +
      (underivable.length > 0 ? `; outputs not derivable offline: ${underivable.join(', ')}` : '') +
      unknown
        .map(
          (u) =>
            `\n  policy unknown at plan time: ${u.address}.${u.attribute}, because of ${u.causes.map((c) => c.reference).join(', ') || 'an unknown input'}`,
        )
        .join(''),
  );
  return { stack: stack.name, status: 'planned', seconds: seconds(), fixture: planFixture(plan), entry };
}

/** The text of a fixture file: two-space JSON and a final newline, as committed. */
export function fixtureText(value: JsonValue): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * Writes the fixtures of `results` whose stack is in `stacks`, and their manifest entries. With
 * `replace`, the directory then holds exactly these stacks (a fixture of a stack no longer planned is
 * removed); otherwise the other stacks' fixtures and entries are kept, so one stack can be
 * regenerated alone.
 */
export function writeFixtures(
  outDir: string,
  stacks: readonly string[],
  results: readonly StackResult[],
  meta: { terraformVersion: string; pinned: string; planned: string; replace: boolean },
): string[] {
  mkdirSync(outDir, { recursive: true });
  const manifestPath = join(outDir, MANIFEST_FILE);
  const previous =
    !meta.replace && existsSync(manifestPath) ? (readJson(manifestPath) as unknown as Partial<Manifest>) : {};
  const entries: Record<string, ManifestEntry> = { ...(previous.stacks ?? {}) };
  if (meta.replace)
    for (const stale of fixtureStacks(outDir).filter((s) => !stacks.includes(s))) rmSync(join(outDir, `${stale}.json`));
  const written: string[] = [];
  for (const r of results) {
    if (!stacks.includes(r.stack) || r.fixture === undefined || r.entry === undefined) continue;
    writeFileSync(join(outDir, `${r.stack}.json`), fixtureText(r.fixture));
    entries[r.stack] = r.entry;
    written.push(r.stack);
  }
  const manifest: Manifest = {
    generator: 'npm run plan:fixtures (tools/offline-plan)',
    terraform: meta.terraformVersion,
    provider: { pinned: meta.pinned, planned: meta.planned },
    strippedFields: [...STRIPPED_FIELDS],
    stacks: Object.fromEntries(Object.entries(entries).sort(([a], [b]) => a.localeCompare(b))),
  };
  writeFileSync(manifestPath, fixtureText(manifest as unknown as JsonValue));
  return written;
}

/** The fixture files in a directory (every `<stack>.json` but the manifest). */
export function fixtureStacks(outDir: string): string[] {
  if (!existsSync(outDir)) return [];
  return readdirSync(outDir)
    .filter((f) => f.endsWith('.json') && f !== MANIFEST_FILE)
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/** The AWS provider version a synthesized stack pins (`terraform.required_providers.aws.version`). */
export function pinnedProviderVersion(synthDir: string, stack: string): string {
  const json = readJson(join(synthDir, 'stacks', stack, 'cdk.tf.json'));
  const terraform = isJsonObject(json.terraform) ? json.terraform : {};
  const providers = isJsonObject(terraform.required_providers) ? terraform.required_providers : {};
  const aws = isJsonObject(providers.aws) ? providers.aws : {};
  return typeof aws.version === 'string' ? aws.version : 'unpinned';
}
