/**
 * `npm run erase -- --env <env> --subject <id> --reason <text> [--apply]` (entry point: `tools/bin/erase.ts`):
 * erases one subject's biometric data from the vault bucket and records it in the ledger. A dry run unless
 * `--apply`. Options and exit codes: `USAGE` below; how it works and what it keeps: docs/privacy.md.
 */
import { createHash } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { resourceNames } from '../../config/names';
import { selectEnvironments } from '../../config/select';
import type { EnvironmentConfig } from '../../config/types';
import { EXIT_USAGE, readCommandLine } from '../cli/args';
import { describeAwsFailure } from '../cli/aws-errors';
import type { CliIo } from '../cli/io';
import type { JournalState, JournalStore } from './journal';
import {
  erasureItem,
  manifestLines,
  putErasureRecord,
  readSubjectLedger,
  summarize,
  versionKey,
  type ErasureSummary,
} from './ledger';
import { deleteEntries, listSubject, type SubjectEntry } from './objects';
import { subjectIdProblems, subjectPrefixes } from './subject';

/** Exit status: versions remain after deletion, or the request was recorded before and the subject has data again. */
export const EXIT_NOT_ERASED = 2;

export const USAGE = `usage: erase --env <name> --subject <id> --reason <text> [--apply] [options]

Lists every version and delete marker of a subject's images (uploads/<id>/...) and enrolled references
(references/<id>.jpg|jpeg|png) in the environment's vault bucket; with --apply deletes them all, lists
again to prove nothing remains, and appends one erasure record to the ledger. Run it as the erasure role.

options:
  --env <name>           environment of config/environments.ts (its region, bucket and ledger)
  --subject <id>         the subject id, exactly as enrolled (one path segment: no "/", "..", wildcards,
                         control characters or surrounding spaces; at most 256 characters)
  --reason <text>        why (withdrawn consent, purpose ended, ...): recorded in the ledger
  --apply                delete and record (without it: list what would be deleted, change nothing)
  --request-id <id>      the erasure request's id (letters, digits, . _ : -; at most 128); the record's key.
                         Default: derived from environment, subject and reason, so the same command resumes
  --journal-dir <dir>    where a run keeps what it deleted until the record is written (default .erasure)
  --manifest <file>      also write the manifest: one JSON line per deleted version (its SHA-256 is recorded)
  --json                 print the result as JSON
  -h, --help             this help

exit status:
  0   listed (dry run), or erased and recorded, or nothing left to erase (the record names the request)
  1   AWS failed or refused part of it (the message says: network, credentials, access or which versions):
      nothing is recorded yet; run the same command again to resume
  2   versions remain after deletion, or this request was recorded before and the subject has data again
      (use a new --request-id)
  64  bad usage: unknown option, missing value, a subject id outside the layout, an empty reason`;

const OPTIONS = {
  env: { type: 'string' },
  subject: { type: 'string' },
  reason: { type: 'string' },
  apply: { type: 'boolean' },
  'request-id': { type: 'string' },
  'journal-dir': { type: 'string' },
  manifest: { type: 'string' },
  json: { type: 'boolean' },
} as const;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const MAX_REASON_LENGTH = 1000;
// eslint-disable-next-line no-control-regex -- a reason is one line of text for the ledger
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;

export interface ErasureClients {
  readonly s3: S3Client;
  readonly dynamodb: DynamoDBClient;
  readonly sts: STSClient;
}

export interface ErasureDeps {
  readonly clients: (region: string) => ErasureClients;
  /** The journal of a request (files under `--journal-dir`, or memory in tests). */
  readonly journal: (directory: string) => JournalStore;
  readonly now?: () => Date;
}

interface Request {
  readonly env: EnvironmentConfig;
  readonly subjectId: string;
  readonly reason: string;
  readonly requestId: string;
  readonly apply: boolean;
  readonly json: boolean;
  readonly journalDir: string;
  readonly manifest: string | undefined;
}

/** The default request id: the same environment, subject and reason name the same request. */
export function defaultRequestId(env: string, subjectId: string, reason: string): string {
  const digest = createHash('sha256').update(`${env}\u0000${subjectId}\u0000${reason}`, 'utf8').digest('hex');
  return `erase-${digest.slice(0, 32)}`;
}

/** Every problem of the command line, each naming the option, the value and the fix. */
function request(values: Record<string, string | boolean | undefined>): Request | string[] {
  const problems: string[] = [];
  const text = (name: string): string | undefined => {
    const v = values[name];
    return typeof v === 'string' ? v : undefined;
  };
  let env: EnvironmentConfig | undefined;
  const envName = text('env');
  if (envName === undefined) problems.push('--env <name> is required');
  else if (envName.includes(',') || envName === 'all')
    problems.push(`--env takes one environment (received ${JSON.stringify(envName)})`);
  else {
    try {
      env = selectEnvironments(envName)[0];
    } catch (error) {
      problems.push(`--env: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const subjectId = text('subject');
  if (subjectId === undefined) problems.push('--subject <id> is required');
  else
    for (const problem of subjectIdProblems(subjectId))
      problems.push(
        `--subject ${JSON.stringify(subjectId)} is outside the enrollment layout: ${problem}; give the id exactly as enrolled (uploads/<id>/, references/<id>.jpg)`,
      );
  const reason = text('reason');
  if (reason === undefined) problems.push('--reason <text> is required (it is recorded in the ledger)');
  else if (reason.trim() === '') problems.push('--reason is empty: say why the data is erased');
  else if (reason.length > MAX_REASON_LENGTH)
    problems.push(`--reason is ${reason.length} characters long (at most ${MAX_REASON_LENGTH})`);
  else if (CONTROL.test(reason)) problems.push('--reason contains a control character: give one line of text');
  const requestId = text('request-id');
  if (requestId !== undefined && !REQUEST_ID.test(requestId))
    problems.push(
      `--request-id ${JSON.stringify(requestId)} is not 1-128 letters, digits, ".", "_", ":" or "-" (it is the record's key)`,
    );
  if (problems.length > 0 || env === undefined || subjectId === undefined || reason === undefined) return problems;
  return {
    env,
    subjectId,
    reason,
    requestId: requestId ?? defaultRequestId(env.name, subjectId, reason),
    apply: values.apply === true,
    json: values.json === true,
    journalDir: text('journal-dir') ?? '.erasure',
    manifest: text('manifest'),
  };
}

function describe(e: SubjectEntry, hashed: boolean): string {
  const kind = e.deleteMarker ? 'delete marker' : `${e.size ?? 0} bytes${hashed ? ', sha256 recorded' : ''}`;
  return `  ${e.key}  version ${e.versionId}  ${kind}${e.isLatest ? '  (current)' : ''}`;
}

function summaryLines(summary: ErasureSummary): string[] {
  return [
    `keys: ${summary.keysErased}; versions: ${summary.versionsDeleted} (${summary.bytesDeleted} bytes); delete markers: ${summary.deleteMarkersDeleted}`,
    `versions with a SHA-256 recorded by the verifier: ${summary.hashedVersions} (${summary.destroyedSha256.length} distinct hashes${summary.hashesInline ? '' : ', too many to inline: the manifest hash covers them'})`,
    `manifest sha256: ${summary.manifestSha256}`,
  ];
}

/** Runs the command line; returns the exit status. Output goes to `io`, progress to `io.stderr`. */
export async function runErase(argv: readonly string[], deps: ErasureDeps, io: CliIo): Promise<number> {
  const line = readCommandLine('erase', USAGE, argv, OPTIONS, io);
  if (typeof line === 'number') return line;
  if (line.positionals.length > 0) {
    io.stderr(`erase: unexpected argument ${JSON.stringify(line.positionals[0])}\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  const parsed = request(line.values);
  if (Array.isArray(parsed)) {
    io.stderr(`${parsed.map((p) => `erase: ${p}`).join('\n')}\nnpm run erase -- --help lists the options\n`);
    return EXIT_USAGE;
  }
  try {
    return await erase(parsed, deps, io);
  } catch (error) {
    io.stderr(`erase: ${describeAwsFailure(error, parsed.env.region)}\n`);
    io.stderr('erase: nothing is recorded yet; run the same command again to resume\n');
    return 1;
  }
}

async function erase(req: Request, deps: ErasureDeps, io: CliIo): Promise<number> {
  const now = deps.now ?? (() => new Date());
  const progress = (message: string): void => io.stderr(`erase: ${message}\n`);
  const { s3, dynamodb, sts } = deps.clients(req.env.region);
  const caller = await sts.send(new GetCallerIdentityCommand({}));
  const account = caller.Account ?? '';
  if (!req.env.allowedAccountIds.includes(account)) {
    io.stderr(
      `erase: the credentials are of account ${JSON.stringify(account)}, not of ${req.env.name} (${req.env.allowedAccountIds.join(', ')}): assume the erasure role of ${req.env.name}\n`,
    );
    return 1;
  }
  const names = resourceNames(req.env);
  const bucket = `${names.uploadsBucketPrefix}-${account}`;
  const table = names.ledgerTable;
  const prefixes = subjectPrefixes(req.subjectId);

  const listing = await listSubject(s3, bucket, req.subjectId, (n) => {
    if (n > 0 && n % 1000 === 0) progress(`listed ${n} versions and delete markers`);
  });
  const ledger = await readSubjectLedger(dynamodb, table, bucket, req.subjectId);
  const journal = deps.journal(req.journalDir);
  const resumed = journal.load(req.requestId);
  const prior = ledger.erasures.find((e) => e.requestId === req.requestId);
  const entries = listing.entries;
  const report: string[] = [];
  const head = `${req.env.name}: subject ${JSON.stringify(req.subjectId)} in s3://${bucket}/ (${prefixes.join(', ')}); request ${req.requestId}`;

  if (!req.apply) {
    const summary = summarize(entries, ledger.hashes);
    if (req.json)
      io.stdout(
        `${JSON.stringify({ mode: 'dry-run', env: req.env.name, bucket, subjectId: req.subjectId, requestId: req.requestId, entries, summary, priorErasures: ledger.erasures, othersUnderPrefix: listing.othersUnderPrefix }, null, 2)}\n`,
      );
    else {
      report.push(`DRY RUN (add --apply to delete): ${head}`);
      report.push(...entries.map((e) => describe(e, ledger.hashes.has(versionKey(e.key, e.versionId)))));
      report.push(
        entries.length === 0
          ? 'nothing to erase: no version or delete marker under these prefixes'
          : `would delete ${entries.length}:`,
      );
      if (entries.length > 0) report.push(...summaryLines(summary).map((l) => `  ${l}`));
      if (listing.othersUnderPrefix > 0)
        report.push(
          `not touched: ${listing.othersUnderPrefix} key(s) under ${prefixes[1]} that are another subject's or outside the layout`,
        );
      for (const e of ledger.erasures)
        report.push(`recorded before: erasure request ${e.requestId} at ${e.recordedAt}`);
      if (resumed !== undefined)
        report.push(
          `an unfinished run of this request deleted ${resumed.deleted.length} already (journal in ${req.journalDir})`,
        );
      io.stdout(`${report.join('\n')}\n`);
    }
    return 0;
  }

  if (prior !== undefined && resumed === undefined) {
    if (entries.length === 0) {
      io.stdout(
        req.json
          ? `${JSON.stringify({ mode: 'apply', outcome: 'already-recorded', requestId: req.requestId, recordedAt: prior.recordedAt, remaining: 0 })}\n`
          : `${head}\nnothing to erase: no version or delete marker remains; request ${req.requestId} was recorded at ${prior.recordedAt}\n`,
      );
      return 0;
    }
    io.stderr(
      `erase: request ${req.requestId} was recorded at ${prior.recordedAt}, but subject ${JSON.stringify(req.subjectId)} has ${entries.length} version(s) and marker(s) again: erase them as a new request (--request-id)\n`,
    );
    return EXIT_NOT_ERASED;
  }

  let state: JournalState = resumed ?? {
    requestId: req.requestId,
    subjectId: req.subjectId,
    bucket,
    startedAt: now().toISOString(),
    runs: 0,
    deleted: [],
  };
  if (state.subjectId !== req.subjectId || state.bucket !== bucket) {
    io.stderr(
      `erase: the journal of request ${req.requestId} in ${req.journalDir} is of subject ${JSON.stringify(state.subjectId)} in ${state.bucket}: use another --request-id\n`,
    );
    return EXIT_USAGE;
  }
  if (resumed !== undefined)
    progress(`resuming request ${req.requestId}: ${resumed.deleted.length} deleted by earlier runs`);
  state = { ...state, runs: state.runs + 1 };
  journal.save(state);

  let done = 0;
  const failures = await deleteEntries(s3, bucket, entries, (deleted) => {
    state = { ...state, deleted: [...state.deleted, ...deleted] };
    journal.save(state);
    done += deleted.length;
    progress(`deleted ${done}/${entries.length}`);
  });
  if (failures.length > 0) {
    const codes = [...new Set(failures.map((f) => f.code))].join(', ');
    io.stderr(
      `erase: S3 did not delete ${failures.length} of ${entries.length} (${codes}), first: ${failures
        .slice(0, 5)
        .map((f) => `${f.key} version ${f.versionId}`)
        .join(
          '; ',
        )}\nerase: nothing is recorded yet; run the same command again to resume (journal in ${req.journalDir})\n`,
    );
    return 1;
  }

  const remaining = (await listSubject(s3, bucket, req.subjectId)).entries;
  if (remaining.length > 0) {
    io.stderr(
      `erase: ${remaining.length} version(s) and marker(s) remain after deletion, first: ${remaining
        .slice(0, 5)
        .map((e) => `${e.key} version ${e.versionId}`)
        .join('; ')}; nothing is recorded; run again to retry, or check the bucket's Object Lock and policy\n`,
    );
    return EXIT_NOT_ERASED;
  }

  const summary = summarize(state.deleted, ledger.hashes);
  const recordedAt = now().toISOString();
  const item = erasureItem(
    {
      requestId: req.requestId,
      subjectId: req.subjectId,
      reason: req.reason,
      requestedBy: caller.Arn ?? '',
      bucket,
      prefixes,
      startedAt: state.startedAt,
      recordedAt,
      runs: state.runs,
      deleted: state.deleted,
      hashes: ledger.hashes,
    },
    summary,
  );
  const outcome = await putErasureRecord(dynamodb, table, item);
  if (req.manifest !== undefined)
    io.writeFile(
      req.manifest,
      manifestLines(state.deleted, ledger.hashes)
        .map((l) => `${l}\n`)
        .join(''),
    );
  journal.remove(req.requestId);
  if (req.json)
    io.stdout(
      `${JSON.stringify({ mode: 'apply', outcome, env: req.env.name, bucket, subjectId: req.subjectId, requestId: req.requestId, recordedAt, requestedBy: caller.Arn ?? '', runs: state.runs, summary, remaining: 0 }, null, 2)}\n`,
    );
  else
    io.stdout(
      `${[
        `APPLIED: ${head}`,
        `deleted ${state.deleted.length} (this run ${done}); listed again: nothing remains`,
        ...summaryLines(summary),
        outcome === 'written'
          ? `ledger: erasure record ERASURE#${req.requestId} appended to ${table} at ${recordedAt}`
          : `ledger: erasure record ERASURE#${req.requestId} was already in ${table}: not written again`,
        ...(req.manifest !== undefined ? [`manifest written to ${req.manifest}`] : []),
      ].join('\n')}\n`,
    );
  return 0;
}
