/**
 * `npm run recover -- <command> [options]` (entry point: `tools/bin/recover.ts`): the automated
 * procedures of docs/disaster-recovery.md. Nothing changes without `--apply`: every command first
 * prints what it would do. Commands, options and exit codes: `USAGE` below (`recover --help`, and
 * `recover <command> --help` for one command). The region always comes from the environment's
 * config (`--env`) or an explicit `--region`: there is no default region.
 */
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { CONCERNS, resourceNames, stateKey, type Concern } from '../../config/names';
import { selectEnvironments } from '../../config/select';
import type { EnvironmentConfig } from '../../config/types';
import { parseCommandLine, UsageError, type CommandLine } from '../cli/args';
import { rescueKey } from './key';
import { diffLedgers, mergeMissing, protectRestoredTable, restoreToPointInTime, scanAll } from './ledger';
import { listVersions, RecoveryError, restoreObject, type RestoreAction } from './objects';

export interface RecoveryClients {
  readonly s3: S3Client;
  readonly dynamodb: DynamoDBClient;
  readonly kms: KMSClient;
}

/** One line per command: its options. */
const COMMANDS: Readonly<Record<string, string>> = {
  versions: '(--env <e> | --region <r>) --bucket <b> --key <k>',
  'restore-object':
    '(--env <e> | --region <r>) --bucket <b> --key <k> [--version-id <v>] [--kms-key-id <arn>] [--apply]',
  'restore-state': '--env <e> --stack <concern> [--version-id <v>] [--apply]',
  'restore-ledger': '--env <e> [--to <ISO time>] [--target <table>] [--apply]',
  'protect-restored': '--env <e> --table <table> [--apply]',
  'ledger-diff': '--env <e> --restored <table>',
  'ledger-merge': '--env <e> --restored <table> [--apply]',
  'rescue-key': '--env <e> [--audit] [--apply]',
};

const EXIT_CODES =
  'exit: 0 done (or planned), 1 failed (the message says whether AWS, the network or credentials), 64 bad usage';

const OPTION_HELP = `options:
  --env <name>        environment of config/environments.ts: names, buckets, tables, keys and the region
  --region <region>   region, for versions and restore-object without --env (no default)
  --bucket <b>, --key <k>, --version-id <v>, --kms-key-id <arn>   the object and version
  --stack <concern>   state, keys, guardrails, storage, ledger, audit, threat-detection, verifier or ledger-integrity
  --to <ISO time>     restore point (default: the latest restorable time)
  --target <table>    restored table name (default: <ledger>-restored-<timestamp>)
  --restored <table>  a restored ledger table to compare or merge from
  --table <table>     a table restored from the ledger (protect-restored: attach the break-glass-only policy)
  --audit             the audit key instead of the VaultKey
  --apply             change things (without it: print the plan, change nothing)
  -h, --help          this help; <command> --help for one command`;

export const USAGE = `usage: recover <command> [options]   (nothing changes without --apply)
${Object.entries(COMMANDS)
  .map(([c, o]) => `  ${c.padEnd(15)} ${o}`)
  .join('\n')}
${OPTION_HELP}
${EXIT_CODES}`;

function commandUsage(command: string): string {
  return `usage: recover ${command} ${COMMANDS[command] ?? ''}\n${OPTION_HELP}\n${EXIT_CODES}`;
}

const OPTIONS = {
  apply: { type: 'boolean' },
  audit: { type: 'boolean' },
  bucket: { type: 'string' },
  env: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  key: { type: 'string' },
  'kms-key-id': { type: 'string' },
  region: { type: 'string' },
  restored: { type: 'string' },
  stack: { type: 'string' },
  table: { type: 'string' },
  target: { type: 'string' },
  to: { type: 'string' },
  'version-id': { type: 'string' },
} as const;

type Options = CommandLine<typeof OPTIONS>['values'];
type StringOption = { [K in keyof Options]-?: NonNullable<Options[K]> extends string ? K : never }[keyof Options];

function parse(argv: readonly string[]): { command: string; options: Options } {
  const { values, positionals } = parseCommandLine(argv, OPTIONS);
  const [command = '', ...rest] = positionals;
  if (rest.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])}`);
  return { command, options: values };
}

function str(options: Options, name: StringOption): string {
  const v = options[name];
  if (v === undefined) throw new UsageError(`--${name} <value> is required`);
  return v;
}

function opt(options: Options, name: StringOption): string | undefined {
  return options[name];
}

/** The region: the environment's (`--env`), or `--region`; never a default. */
function region(options: Options): string {
  const r = opt(options, 'region');
  if (options.env !== undefined) {
    const e = env(options);
    if (r !== undefined && r !== e.region)
      throw new UsageError(`--region ${r} contradicts environment ${e.name}, which is in ${e.region}`);
    return e.region;
  }
  if (r === undefined)
    throw new UsageError('--env <name> or --region <region> is required (there is no default region)');
  return r;
}

function env(options: Options): EnvironmentConfig {
  const name = str(options, 'env');
  const [selected] = selectEnvironments(name);
  if (selected === undefined || name.includes(',') || name === 'all')
    throw new UsageError(`--env takes one environment (received ${JSON.stringify(name)})`);
  return selected;
}

/** A table's ARN (DescribeTable, read-only). */
async function tableArnOf(ddb: DynamoDBClient, table: string): Promise<string> {
  const arn = (await ddb.send(new DescribeTableCommand({ TableName: table }))).Table?.TableArn;
  if (arn === undefined) throw new RecoveryError(`DescribeTable ${table}: no table ARN`);
  return arn;
}

function describeAction(a: RestoreAction): string {
  switch (a.kind) {
    case 'nothing':
      return `nothing to do: ${a.reason}`;
    case 'remove-delete-markers':
      return `remove delete marker(s) ${a.markers.join(', ')}, making version ${a.restores} current`;
    case 'copy-version':
      return `copy version ${a.versionId} onto the key as a new current version`;
  }
}

/**
 * Runs one command; returns the lines to print. Clients are injected (tests use mocks and dynalite);
 * `progress` hears long operations as they go (restore polling, records scanned).
 */
export async function runRecovery(
  argv: readonly string[],
  clients: (region: string) => RecoveryClients,
  now: () => Date = () => new Date(),
  sleep?: (ms: number) => Promise<void>,
  progress: (message: string) => void = () => undefined,
): Promise<string[]> {
  const { command, options } = parse(argv);
  if (options.help === true) return [command in COMMANDS ? commandUsage(command) : USAGE];
  const apply = options.apply === true;
  const out: string[] = [];
  const mode = apply ? 'APPLIED' : 'PLAN (add --apply to change anything)';
  switch (command) {
    case 'versions': {
      const c = clients(region(options));
      for (const v of await listVersions(c.s3, str(options, 'bucket'), str(options, 'key'))) {
        out.push(
          `${v.versionId}  ${v.lastModified?.toISOString() ?? '?'}  ${v.deleteMarker ? 'DELETE MARKER' : `${v.size ?? '?'} bytes`}${v.isLatest ? '  (current)' : ''}`,
        );
      }
      return out;
    }
    case 'restore-object':
    case 'restore-state': {
      let bucket: string;
      let key: string;
      let where: string;
      let kmsKeyId = opt(options, 'kms-key-id');
      if (command === 'restore-state') {
        const e = env(options);
        const stack = str(options, 'stack');
        if (!(CONCERNS as readonly string[]).includes(stack))
          throw new UsageError(`--stack must be one of ${CONCERNS.join(', ')} (received ${JSON.stringify(stack)})`);
        bucket = e.stateBucketName;
        key = stateKey(e, stack as Concern);
        where = e.region;
        // The state bucket refuses any write not encrypted under exactly the state key.
        kmsKeyId ??= e.stateKeyArn;
      } else {
        bucket = str(options, 'bucket');
        key = str(options, 'key');
        where = region(options);
      }
      const versionId = opt(options, 'version-id');
      const r = await restoreObject(clients(where).s3, {
        bucket,
        key,
        apply,
        ...(versionId !== undefined ? { versionId } : {}),
        ...(kmsKeyId !== undefined ? { kmsKeyId } : {}),
      });
      out.push(`${mode}: s3://${bucket}/${key}: ${describeAction(r.action)}`);
      if (command === 'restore-state')
        out.push(
          `then: terraform -chdir=cdktf.out/stacks/<env>-<stack> init && terraform plan  (expect no changes; a stale lock is ${key}.tflock)`,
        );
      return out;
    }
    case 'restore-ledger': {
      const e = env(options);
      const c = clients(e.region);
      const source = resourceNames(e).ledgerTable;
      const to = opt(options, 'to');
      const restoreTime = to !== undefined ? new Date(to) : undefined;
      if (restoreTime !== undefined && Number.isNaN(restoreTime.getTime()))
        throw new UsageError(`--to must be an ISO 8601 time (received ${JSON.stringify(to)})`);
      const target =
        opt(options, 'target') ?? `${source}-restored-${now().toISOString().replace(/[-:]/g, '').slice(0, 15)}`;
      const keyArn = (await c.kms.send(new DescribeKeyCommand({ KeyId: e.keyAlias }))).KeyMetadata?.Arn;
      if (keyArn === undefined) throw new Error(`DescribeKey ${e.keyAlias}: no ARN`);
      const r = await restoreToPointInTime(c.dynamodb, {
        sourceTable: source,
        targetTable: target,
        kmsKeyArn: keyArn,
        apply,
        ...(restoreTime !== undefined ? { restoreTime } : {}),
        ...(sleep !== undefined ? { sleep } : {}),
        onProgress: progress,
      });
      out.push(`${mode}: ${r.status}${r.targetArn !== undefined ? ` (${r.targetArn})` : ''}`);
      // The copy gets its break-glass-only policy before anything reads or merges it.
      if (apply) {
        const targetArn = r.targetArn ?? (await tableArnOf(c.dynamodb, target));
        out.push(`${mode}: ${await protectRestoredTable(c.dynamodb, targetArn, e.breakGlassRoleName, true)}`);
      } else out.push(`${mode}: would attach the break-glass-only policy to ${target} once it is ACTIVE`);
      out.push(`next: npm run recover -- ledger-diff --env ${e.name} --restored ${target}`);
      return out;
    }
    case 'protect-restored': {
      const e = env(options);
      const c = clients(e.region);
      const table = str(options, 'table');
      const tableArn = await tableArnOf(c.dynamodb, table);
      out.push(`${mode}: ${await protectRestoredTable(c.dynamodb, tableArn, e.breakGlassRoleName, apply)}`);
      return out;
    }
    case 'ledger-diff':
    case 'ledger-merge': {
      const e = env(options);
      const c = clients(e.region);
      const live = resourceNames(e).ledgerTable;
      const restoredTable = str(options, 'restored');
      const [restored, current] = await Promise.all([
        scanAll(c.dynamodb, restoredTable, progress),
        scanAll(c.dynamodb, live, progress),
      ]);
      const diff = diffLedgers(restored, current);
      out.push(`${restoredTable}: ${restored.size} records; ${live}: ${current.size} records`);
      out.push(
        `record versions in ${restoredTable}: ${
          Object.entries(diff.versions)
            .sort(([a], [b]) => Number(a) - Number(b))
            .map(([v, n]) => `${v}: ${n}`)
            .join(', ') || 'none'
        }`,
      );
      if (diff.unreadable.length > 0)
        out.push(
          `not a ledger record of a known version (never put back): ${diff.unreadable.length}`,
          ...diff.unreadable.map((u) => `  ! ${u.pk}: ${u.problems.join('; ')}`),
        );
      out.push(
        `missing from the live ledger (deleted since the restore point): ${diff.missing.length}`,
        ...diff.missing.map((pk) => `  - ${pk}`),
      );
      out.push(
        `altered since the restore point (break-glass review, not changed here): ${diff.altered.length}`,
        ...diff.altered.map((pk) => `  ~ ${pk}`),
      );
      out.push(`written after the restore point: ${diff.newer.length}`);
      if (command === 'ledger-merge') {
        const written = await mergeMissing(c.dynamodb, live, restored, diff, apply);
        out.push(
          `${mode}: ${written.length} missing record(s) ${apply ? 'put back' : 'would be put back'} into ${live} with attribute_not_exists(pk)`,
        );
      }
      return out;
    }
    case 'rescue-key': {
      const e = env(options);
      const alias = options.audit === true ? e.auditKeyAlias : e.keyAlias;
      const r = await rescueKey(clients(e.region).kms, alias, apply);
      out.push(
        `${alias} -> ${r.keyArn}: ${r.before}${r.deletionDate !== undefined ? ` (deletion scheduled for ${r.deletionDate.toISOString()})` : ''}`,
      );
      out.push(
        r.steps.length === 0 ? 'nothing to do: the key is enabled' : `${mode}: ${r.steps.join(', ')}; now ${r.after}`,
      );
      return out;
    }
    default:
      throw new UsageError(
        `unknown command ${JSON.stringify(command)}; one of versions, restore-object, restore-state, restore-ledger, protect-restored, ledger-diff, ledger-merge, rescue-key`,
      );
  }
}
