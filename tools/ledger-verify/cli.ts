/**
 * `npm run ledger:verify -- --env <env> [--from <time>] [--to <time>]` and
 * `npm run ledger:verify -- --export <dir>` (entry point: `tools/bin/ledger-verify.ts`).
 *
 * Proves the ledger intact against its signed digest chain, or names every record and digest that is not:
 * live (the table, the digest bucket and the signing key's public key of an environment, with the default
 * AWS credentials of a ledger reader) or offline (a DynamoDB export with the digest bucket copied next to
 * it: no AWS access). Problems are printed as they are found, then a summary. Options and exit codes: USAGE.
 */
import { writeFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { resourceNames } from '../../config/names';
import { selectEnvironments } from '../../config/select';
import type { EnvironmentConfig } from '../../config/types';
import { ledgerKeySchema } from '../../lambda-src/verifier/ledger-schema';
import { EXIT_USAGE, readCommandLine } from '../cli/args';
import { awsFailureKind, describeAwsFailure } from '../cli/aws-errors';
import type { CliIo } from '../cli/io';
import {
  copiedPublicKeys,
  directoryDigests,
  exportRecords,
  kmsPublicKey,
  readPublicKeys,
  s3Digests,
  tableRecords,
  trustedKeys,
} from './sources';
import { VerifyInputError, verifyLedger, type Finding, type VerifySummary } from './verify';

export const EXIT_INTACT = 0;
export const EXIT_TAMPERING = 1;
export const EXIT_UNVERIFIABLE = 2;
export const EXIT_AWS = 3;

export const USAGE = `usage: ledger-verify --env <name> [--from <time>] [--to <time>] [options]
       ledger-verify --export <dir> (--public-key <file>... | --trust-copied-keys) [--from <time>] [--to <time>] [options]

Checks every digest's signature, the digest chain (no gap, fork or removed digest), each record's hash
against its digest's Merkle root, and that no record is missing, added or changed since its digest.

  live     the environment's ledger table (a Scan), digest bucket and signing key (KMS GetPublicKey), in
           its region (config/environments.ts), with the default AWS credentials of a ledger reader
  offline  a DynamoDB export (DYNAMODB_JSON) in <dir>, and the digest bucket copied next to it
           (aws s3 sync s3://<digest bucket>/ <dir>/): <dir>/digests/ and <dir>/public-keys/; no AWS access

options:
  --env <name>          environment of config/environments.ts (required live)
  --export <dir>        verify an export offline instead of the live table
  --from <time>         ISO 8601: only digests and records from this time
  --to <time>           ISO 8601: only digests and records before this time
  --public-key <file>   a PEM or DER public key of the signing key to trust (repeatable: a rotated key too);
                        get it from KMS: aws kms get-public-key --key-id alias/<signing key alias>
  --trust-copied-keys   offline: trust the keys in <dir>/public-keys/ (their fingerprints are printed:
                        compare them with KMS; a forger who replaced every digest and key would pass)
  --bucket <name>       the digest bucket (default: the environment's, in the credentials' account)
  --max-problems <n>    problems printed (default 200; every problem is counted in the summary)
  --json <file>         also write the summary and the first 1000 problems as JSON
  --quiet               no progress lines on stderr
  -h, --help            this help

exit status:
  0   intact: every record is in its digest, every digest is signed and chained
  1   tampering found (each problem names the record key or digest, and what is wrong)
  2   cannot verify: an empty, truncated or malformed export, a digest that does not parse, a missing public key
  3   AWS could not be reached or refused a read (the message says network, credentials or access)
  64  bad usage`;

export interface LiveClients {
  readonly s3: S3Client;
  readonly dynamodb: DynamoDBClient;
  readonly kms: KMSClient;
  readonly sts: STSClient;
}

export interface LedgerVerifyDeps {
  readonly environments?: Readonly<Record<string, EnvironmentConfig>>;
  readonly clients?: (region: string) => LiveClients;
  readonly now?: () => number;
}

function defaultClients(region: string): LiveClients {
  return {
    s3: new S3Client({ region }),
    dynamodb: new DynamoDBClient({ region }),
    kms: new KMSClient({ region }),
    sts: new STSClient({ region }),
  };
}

const TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

function label(f: Finding): string {
  return f.severity === 'tampering' ? 'TAMPERING' : f.severity === 'unverifiable' ? 'UNVERIFIABLE' : 'notice';
}

export function renderFinding(f: Finding): string {
  const subject = f.record !== undefined ? `record ${f.record}` : f.digest !== undefined ? `digest ${f.digest}` : '';
  return `${label(f)} ${f.kind}: ${subject}${subject === '' ? '' : ': '}${f.message}`;
}

export function renderSummary(s: VerifySummary, source: string): string {
  const kinds = Object.entries(s.counts)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, n]) => `  ${k}: ${String(n)}`);
  const verdict = s.intact
    ? 'INTACT: every record is in its digest, unchanged; every digest is signed and chained'
    : `NOT INTACT: ${s.tampering} problem(s) show tampering`;
  return [
    `Ledger verification of ${source}`,
    `  digests: ${s.digests} checked, ${s.digestsValid} valid${s.covered === undefined ? '' : `, covering ${s.covered.from} .. ${s.covered.to}`}`,
    `  records: ${s.records} read, ${s.recordsIntact} intact; ${s.entries} digest entries (${s.duplicateEntries} redelivered)`,
    ...(kinds.length === 0 ? [] : ['  findings:', ...kinds.map((k) => `  ${k}`)]),
    verdict,
  ].join('\n');
}

/** The command: returns the exit status. */
export async function runLedgerVerify(
  argv: readonly string[],
  io: Pick<CliIo, 'stdout' | 'stderr'>,
  deps: LedgerVerifyDeps = {},
): Promise<number> {
  const line = readCommandLine(
    'ledger-verify',
    USAGE,
    argv,
    {
      env: { type: 'string' },
      export: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'public-key': { type: 'string', multiple: true },
      bucket: { type: 'string' },
      'max-problems': { type: 'string' },
      json: { type: 'string' },
      quiet: { type: 'boolean' },
      'trust-copied-keys': { type: 'boolean' },
    },
    io,
  );
  if (typeof line === 'number') return line;
  const { values, positionals } = line;
  const problems: string[] = positionals.map((p) => `unexpected argument ${JSON.stringify(p)}`);
  let env: EnvironmentConfig | undefined;
  if (values.env !== undefined) {
    try {
      const selected = selectEnvironments(values.env, deps.environments);
      if (selected.length !== 1) problems.push(`--env takes one environment (received ${JSON.stringify(values.env)})`);
      env = selected[0];
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  } else if (values.export === undefined) problems.push('--env <name> (live) or --export <dir> (offline) is required');
  const time = (name: 'from' | 'to'): number | undefined => {
    const raw = values[name];
    if (raw === undefined) return undefined;
    const ms = Date.parse(raw);
    if (!TIME.test(raw) || Number.isNaN(ms)) {
      problems.push(
        `--${name} must be an ISO 8601 time such as 2025-01-31T00:00:00Z (received ${JSON.stringify(raw)})`,
      );
      return undefined;
    }
    return ms;
  };
  const from = time('from');
  const to = time('to');
  if (from !== undefined && to !== undefined && from >= to)
    problems.push(`--from must be before --to (received ${values.from ?? ''} and ${values.to ?? ''})`);
  let maxProblems = 200;
  if (values['max-problems'] !== undefined) {
    maxProblems = Number(values['max-problems']);
    if (!/^\d+$/.test(values['max-problems']))
      problems.push(`--max-problems must be a whole number (received ${JSON.stringify(values['max-problems'])})`);
  }
  if (values.export === undefined && values['trust-copied-keys'] === true)
    problems.push('--trust-copied-keys is for --export; live, the key comes from KMS');
  if (problems.length > 0) {
    io.stderr(`ledger-verify: ${problems.join('\n')}\n${USAGE}\n`);
    return EXIT_USAGE;
  }

  let printed = 0;
  const kept: Finding[] = [];
  const onFinding = (f: Finding): void => {
    if (kept.length < 1000) kept.push(f);
    if (printed < maxProblems) {
      io.stdout(`${renderFinding(f)}\n`);
      printed += 1;
    }
  };
  const progress = values.quiet === true ? undefined : (m: string): void => io.stderr(`ledger-verify: ${m}\n`);
  const keyAttributes = [ledgerKeySchema.hashKey];
  const region = env?.region ?? "the environment's region";
  let source: string;
  let summary: VerifySummary;
  try {
    const explicit = readPublicKeys(values['public-key'] ?? []);
    if (values.export !== undefined) {
      const dir = values.export;
      const records = exportRecords(dir);
      const digests = directoryDigests(dir);
      const keys = trustedKeys(explicit, values['trust-copied-keys'] === true ? copiedPublicKeys(dir) : []);
      if (keys.fingerprints.length === 0)
        throw new VerifyInputError(
          `no public key to check signatures with: pass --public-key <file> (the signing key's public key from KMS), or --trust-copied-keys to trust ${dir}/public-keys/`,
        );
      source = records.description;
      io.stderr(`ledger-verify: trusting signing key(s) ${keys.fingerprints.join(', ')}\n`);
      summary = await verifyLedger(digests, keys.resolve, records, {
        keyAttributes,
        ...(from !== undefined && { from }),
        ...(to !== undefined && { to }),
        ...(values.bucket !== undefined && { bucket: values.bucket }),
        ...(progress !== undefined && { progress }),
        onFinding,
      });
    } else {
      const e = env as EnvironmentConfig;
      const clients = (deps.clients ?? defaultClients)(e.region);
      const identity = await clients.sts.send(new GetCallerIdentityCommand({}));
      const account = identity.Account ?? '';
      if (!e.allowedAccountIds.includes(account)) {
        io.stderr(
          `ledger-verify: the credentials are for account ${account}; ${e.name} allows ${e.allowedAccountIds.join(', ')}\n`,
        );
        return EXIT_AWS;
      }
      const names = resourceNames(e);
      const bucket = values.bucket ?? `${names.ledgerDigestBucketPrefix}-${account}`;
      const now = (deps.now ?? Date.now)();
      const records = tableRecords(clients.dynamodb, names.ledgerTable, now);
      const keys = trustedKeys([await kmsPublicKey(clients.kms, names.ledgerSigningKeyAlias), ...explicit]);
      source = `${records.description} against s3://${bucket}`;
      progress?.(
        `verifying ${e.name} (${account}, ${e.region}): ${source}, signing key(s) ${keys.fingerprints.join(', ')}`,
      );
      summary = await verifyLedger(s3Digests(clients.s3, bucket), keys.resolve, records, {
        keyAttributes,
        bucket,
        ...(from !== undefined && { from }),
        ...(to !== undefined && { to }),
        ...(progress !== undefined && { progress }),
        onFinding,
      });
    }
  } catch (error) {
    if (error instanceof VerifyInputError) {
      io.stderr(`ledger-verify: cannot verify: ${error.message}\n`);
      return EXIT_UNVERIFIABLE;
    }
    if (awsFailureKind(error) !== 'other' || (error as { $metadata?: unknown } | null)?.$metadata !== undefined) {
      io.stderr(`ledger-verify: ${describeAwsFailure(error, region)}\n`);
      return EXIT_AWS;
    }
    throw error;
  }
  if (printed < kept.length || kept.length === 1000) {
    const total = summary.tampering + summary.unverifiable + summary.notices;
    if (total > printed) io.stdout(`... ${total - printed} more problem(s) not printed (--max-problems)\n`);
  }
  io.stdout(`\n${renderSummary(summary, source)}\n`);
  if (values.json !== undefined) {
    writeFileSync(
      values.json,
      `${JSON.stringify({ source, summary, problems: kept.map((f) => ({ ...f, ...(f.record !== undefined && { record: f.record }) })) }, null, 2)}\n`,
    );
  }
  return summary.tampering > 0 ? EXIT_TAMPERING : summary.intact ? EXIT_INTACT : EXIT_UNVERIFIABLE;
}
