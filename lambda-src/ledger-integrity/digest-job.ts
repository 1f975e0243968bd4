/**
 * The digest job: every interval (15 minutes or less) it seals the ledger changes staged in the interval
 * into one signed digest, chained to the previous one.
 *
 * The interval rule (why no record can fall through). A change belongs to the interval in which its staged
 * batch was written, by S3's clock (`LastModified`), not to the interval of the record's own `recordedAt`:
 *
 * - every change to the table produces exactly one stream record (DynamoDB Streams), which the stream
 *   consumer stages or, after the event source mapping's retries, sends to the failure queue (alarm);
 * - a staged batch is listable as soon as its PutObject returns (S3 is strongly consistent), and the
 *   consumer's write takes far less than `settleSeconds`, so when the job seals [start, end) at
 *   end + settle, every batch with `LastModified` in [start, end) is there, and a retry sees the same set:
 *   the same digest, byte for byte;
 * - consecutive digests cover consecutive intervals with no gap (the chain says so, and a missed run is
 *   caught up by the next, interval by interval, never skipped).
 *
 * So a record written late (clock skew, a retried write, a backdated `recordedAt`) lands in the digest of the
 * interval in which DynamoDB streamed it; its `recordedAt` is kept in the entry, and the digest counts it
 * as late. `ledger:verify` then finds every record of the table in exactly one digest, or reports it.
 * CloudTrail's digest files follow the same rule: a log file belongs to the hour it was delivered in.
 */
import { createPublicKey, verify as verifySignature, type KeyObject } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { CANONICALIZATION, canonicalJson } from './canonical';
import {
  DIGEST_FORMAT,
  DIGEST_PREFIX,
  MERKLE_TREE,
  PUBLIC_KEY_PREFIX,
  SIGNATURE_ALGORITHM,
  SIGNATURE_FORMAT,
  STAGING_PREFIX,
  compareEntries,
  digestBytes,
  digestDayPrefix,
  digestEndFromKey,
  digestObjectKey,
  entriesRoot,
  isoSeconds,
  parseDigest,
  parseSignature,
  parseStagedBatch,
  sha256Hex,
  signatureObjectKey,
  signingString,
  stagingHourPrefix,
  type DigestEntry,
  type DigestSignature,
  type LedgerDigest,
} from './digest-format';

/** The digest bucket, as the job uses it. */
export interface DigestStore {
  /** Every object under a prefix, all pages, with S3's `LastModified` in epoch milliseconds. */
  list(prefix: string): Promise<{ key: string; lastModified: number }[]>;
  /** The object's bytes, or undefined when there is none. */
  get(key: string): Promise<Buffer | undefined>;
  /** Writes the object unless one exists under the key. */
  putIfAbsent(key: string, body: Buffer, contentType?: string): Promise<'written' | 'exists'>;
}

/** The asymmetric signing key (KMS in AWS). */
export interface DigestSigner {
  readonly keyArn: string;
  /** The public key, DER SubjectPublicKeyInfo. */
  publicKey(): Promise<Buffer>;
  /** RSASSA-PKCS1-v1_5 SHA-256 signature of `message`. */
  sign(message: Buffer): Promise<Buffer>;
}

export interface DigestJobDependencies {
  readonly environment: string;
  readonly ledgerTable: string;
  readonly bucket: string;
  readonly store: DigestStore;
  readonly signer: DigestSigner;
  readonly intervalSeconds: number;
  readonly settleSeconds: number;
  readonly maxIntervalsPerRun: number;
  readonly now: () => number;
  /** Milliseconds the invocation has left; the job stops closing intervals when fewer than 20 s remain. */
  readonly remainingMs?: () => number;
  readonly log?: (message: string, fields: Record<string, unknown>) => void;
  /** How many days back to look for the latest digest by day prefix before listing every digest. @default 35 */
  readonly lookbackDays?: number;
}

export interface DigestJobInput {
  /** EventBridge Scheduler's `<aws.scheduler.scheduled-time>`: a retried or late invocation closes the same intervals. */
  readonly scheduledTime?: string;
}

export interface SealedDigest {
  readonly key: string;
  readonly endMs: number;
  readonly sequence: number;
  readonly hash: string;
  readonly signature: string;
  readonly recordCount: number;
  readonly lateRecords: number;
  readonly outcome: 'written' | 'already-written';
}

export interface DigestRunResult {
  readonly sealed: readonly SealedDigest[];
  /** Closable intervals still without a digest after this run. */
  readonly intervalsBehind: number;
  readonly publicKeyFingerprint: string;
}

/** The chain cannot be continued safely (a digest or signature is missing, changed or unreadable). */
export class ChainIntegrityError extends Error {
  public override readonly name: string = 'ChainIntegrityError';
}

/** A digest already exists for the interval with different content than this run computed. */
export class DigestConflictError extends Error {
  public override readonly name: string = 'DigestConflictError';
}

interface ChainHead {
  readonly key: string;
  readonly endMs: number;
  readonly sequence: number;
  readonly hash: string;
  readonly signature: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** PEM text of a DER SubjectPublicKeyInfo. */
export function publicKeyPem(der: Buffer): string {
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN PUBLIC KEY-----\n${b64.endsWith('\n') ? b64 : `${b64}\n`}-----END PUBLIC KEY-----\n`;
}

export function verifyDigestSignature(key: KeyObject, message: string, signatureHex: string): boolean {
  try {
    return verifySignature('sha256', Buffer.from(message, 'utf8'), key, Buffer.from(signatureHex, 'hex'));
  } catch {
    return false;
  }
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export async function runDigestJob(input: DigestJobInput, deps: DigestJobDependencies): Promise<DigestRunResult> {
  const interval = deps.intervalSeconds * 1000;
  const settle = deps.settleSeconds * 1000;
  const now = deps.now();
  const scheduled = input.scheduledTime === undefined ? Number.NaN : Date.parse(input.scheduledTime);
  if (input.scheduledTime !== undefined && Number.isNaN(scheduled))
    throw new Error(`scheduledTime must be an ISO 8601 time (received ${JSON.stringify(input.scheduledTime)})`);
  const reference = Number.isNaN(scheduled) ? now : Math.min(scheduled, now);
  const targetEnd = Math.floor((reference - settle) / interval) * interval;
  const log = deps.log ?? ((): void => undefined);

  const der = await deps.signer.publicKey();
  const fingerprint = sha256Hex(der);
  const publicKey = createPublicKey({ key: der, format: 'der', type: 'spki' });
  await deps.store.putIfAbsent(
    `${PUBLIC_KEY_PREFIX}${fingerprint}.pem`,
    Buffer.from(publicKeyPem(der)),
    'application/x-pem-file',
  );

  let head = await findChainHead(deps, now, publicKey, fingerprint);
  let nextEnd = head === undefined ? await genesisEnd(deps, targetEnd, interval) : head.endMs + interval;
  if (head === undefined) log('starting a new digest chain', { firstIntervalEnd: isoSeconds(nextEnd) });
  const sealed: SealedDigest[] = [];
  while (nextEnd <= targetEnd && sealed.length < deps.maxIntervalsPerRun) {
    if (deps.remainingMs !== undefined && deps.remainingMs() < 20_000) break;
    const result = await sealInterval(deps, nextEnd - interval, nextEnd, head, fingerprint, publicKey);
    sealed.push(result);
    head = result;
    nextEnd += interval;
  }
  const behind = head === undefined ? 0 : Math.max(0, Math.round((targetEnd - head.endMs) / interval));
  return { sealed, intervalsBehind: behind, publicKeyFingerprint: fingerprint };
}

/** The interval end of a new chain: the interval of the first staged batch, or the last closable one. */
async function genesisEnd(deps: DigestJobDependencies, targetEnd: number, interval: number): Promise<number> {
  const staged = await deps.store.list(STAGING_PREFIX);
  if (staged.length === 0) return targetEnd;
  const first = Math.min(...staged.map((o) => o.lastModified));
  return Math.min(targetEnd, Math.floor(first / interval) * interval + interval);
}

/**
 * The newest digest, checked: its signature object exists, names it, matches its content hash and (when the
 * same key signed it) verifies. Undefined only when the bucket holds no digest and no signature at all.
 */
async function findChainHead(
  deps: DigestJobDependencies,
  now: number,
  publicKey: KeyObject,
  fingerprint: string,
): Promise<ChainHead | undefined> {
  const lookback = deps.lookbackDays ?? 35;
  let keys: string[] = [];
  for (let day = 0; day <= lookback && keys.length === 0; day++) {
    keys = (await deps.store.list(digestDayPrefix(now - day * DAY))).map((o) => o.key);
  }
  if (keys.length === 0) keys = (await deps.store.list(DIGEST_PREFIX)).map((o) => o.key);
  if (keys.length === 0) return undefined;
  const digests = keys.filter((k) => digestEndFromKey(k) !== undefined).sort();
  const signatures = keys
    .filter((k) => k.endsWith('.sig'))
    .map((k) => k.slice(0, -'.sig'.length))
    .sort();
  const latestDigest = digests[digests.length - 1];
  const latestSignature = signatures[signatures.length - 1];
  if (latestDigest === undefined || (latestSignature !== undefined && latestSignature > latestDigest)) {
    throw new ChainIntegrityError(
      `the newest digest ${latestSignature ?? '(none)'} has a signature but no digest object: the chain head is missing; not continuing`,
    );
  }
  const body = await deps.store.get(latestDigest);
  const sigBody = await deps.store.get(signatureObjectKey(latestDigest));
  if (body === undefined || sigBody === undefined)
    throw new ChainIntegrityError(`the newest digest ${latestDigest} or its signature cannot be read; not continuing`);
  let digest: LedgerDigest;
  let signature: DigestSignature;
  let hash: string;
  try {
    const bytes = gunzipSync(body);
    hash = sha256Hex(bytes);
    digest = parseDigest(JSON.parse(bytes.toString('utf8')), latestDigest);
    signature = parseSignature(JSON.parse(sigBody.toString('utf8')), signatureObjectKey(latestDigest));
  } catch (error) {
    throw new ChainIntegrityError(`the newest digest ${latestDigest} does not parse; not continuing`, { cause: error });
  }
  if (
    digest.digestS3Object !== latestDigest ||
    signature.digestS3Object !== latestDigest ||
    signature.digestHashValue !== hash
  )
    throw new ChainIntegrityError(
      `the newest digest ${latestDigest} does not match its location or its signature object; not continuing`,
    );
  if (
    signature.publicKeyFingerprint === fingerprint &&
    !verifyDigestSignature(publicKey, signingString(digest, hash), signature.signature)
  )
    throw new ChainIntegrityError(`the signature of the newest digest ${latestDigest} does not verify; not continuing`);
  const endMs = Date.parse(digest.digestEndTime);
  return { key: latestDigest, endMs, sequence: digest.sequence, hash, signature: signature.signature };
}

/** Staged batches written (by S3's clock) in [start, end): listed under the hours around the interval. */
async function stagedIn(deps: DigestJobDependencies, start: number, end: number): Promise<string[]> {
  const prefixes = new Set<string>();
  for (let t = Math.floor((start - 10 * MINUTE) / HOUR) * HOUR; t <= end + 10 * MINUTE; t += HOUR)
    prefixes.add(stagingHourPrefix(t));
  const keys: string[] = [];
  for (const prefix of prefixes) {
    for (const o of await deps.store.list(prefix))
      if (o.lastModified >= start && o.lastModified < end) keys.push(o.key);
  }
  return keys.sort();
}

async function sealInterval(
  deps: DigestJobDependencies,
  start: number,
  end: number,
  previous: ChainHead | undefined,
  fingerprint: string,
  publicKey: KeyObject,
): Promise<SealedDigest> {
  const batchKeys = await stagedIn(deps, start, end);
  const batches = await mapLimit(batchKeys, 16, async (key) => {
    const body = await deps.store.get(key);
    if (body === undefined) throw new ChainIntegrityError(`staged batch ${key} was listed but cannot be read`);
    return parseStagedBatch(JSON.parse(body.toString('utf8')), key);
  });
  const byEvent = new Map<string, string[]>();
  const entries: DigestEntry[] = [];
  let duplicates = 0;
  for (const batch of batches) {
    for (const entry of batch.entries) {
      const text = canonicalJson(entry);
      const known = byEvent.get(entry.eventId);
      if (known?.includes(text) === true) {
        duplicates += 1;
        continue;
      }
      // Two different entries under one event id are both kept: ledger:verify reports the conflict.
      byEvent.set(entry.eventId, [...(known ?? []), text]);
      entries.push(entry);
    }
  }
  entries.sort(compareEntries);
  const lateBefore = start - deps.settleSeconds * 1000;
  const late = entries.filter((e) => e.recordedAt !== null && Date.parse(e.recordedAt) < lateBefore).length;
  const key = digestObjectKey(deps.environment, end);
  const counts = { INSERT: 0, MODIFY: 0, REMOVE: 0 };
  for (const e of entries) counts[e.event] += 1;
  const times = entries.map((e) => e.eventTime).sort();
  const digest: LedgerDigest = {
    format: DIGEST_FORMAT,
    environment: deps.environment,
    ledgerTable: deps.ledgerTable,
    digestS3Bucket: deps.bucket,
    digestS3Object: key,
    digestStartTime: isoSeconds(start),
    digestEndTime: isoSeconds(end),
    sequence: previous === undefined ? 0 : previous.sequence + 1,
    settleSeconds: deps.settleSeconds,
    previousDigestS3Object: previous?.key ?? null,
    previousDigestHashValue: previous?.hash ?? null,
    previousDigestSignature: previous?.signature ?? null,
    hashAlgorithm: 'SHA-256',
    canonicalization: CANONICALIZATION,
    merkleTree: MERKLE_TREE,
    merkleRoot: entriesRoot(entries),
    recordCount: entries.length,
    eventCounts: { INSERT: counts.INSERT, MODIFY: counts.MODIFY, REMOVE: counts.REMOVE },
    stagedBatches: batchKeys.length,
    duplicatesDropped: duplicates,
    lateRecords: late,
    oldestEventTime: times[0] ?? null,
    newestEventTime: times[times.length - 1] ?? null,
    signingKeyArn: deps.signer.keyArn,
    publicKeyFingerprint: fingerprint,
    signatureAlgorithm: SIGNATURE_ALGORITHM,
    records: entries,
  };
  const bytes = digestBytes(digest);
  const hash = sha256Hex(bytes);
  const message = signingString(digest, hash);
  const signed = (await deps.signer.sign(Buffer.from(message, 'utf8'))).toString('hex');

  let outcome: SealedDigest['outcome'] = 'written';
  if ((await deps.store.putIfAbsent(key, gzipSync(bytes), 'application/json')) === 'exists') {
    const existing = await deps.store.get(key);
    let existingHash: string | undefined;
    try {
      existingHash = existing === undefined ? undefined : sha256Hex(gunzipSync(existing));
    } catch {
      existingHash = 'an object that is not a gzip-compressed digest';
    }
    if (existingHash !== hash)
      throw new DigestConflictError(
        `a digest for ${isoSeconds(start)}..${isoSeconds(end)} already exists at ${key} with different content (SHA-256 ${String(existingHash)}, computed ${hash})`,
      );
    outcome = 'already-written';
  }
  const signatureDoc: DigestSignature = {
    format: SIGNATURE_FORMAT,
    digestS3Object: key,
    digestHashValue: hash,
    signature: signed,
    signatureAlgorithm: SIGNATURE_ALGORITHM,
    signingKeyArn: deps.signer.keyArn,
    publicKeyFingerprint: fingerprint,
  };
  let stored = signed;
  const sigKey = signatureObjectKey(key);
  if (
    (await deps.store.putIfAbsent(sigKey, Buffer.from(canonicalJson(signatureDoc)), 'application/json')) === 'exists'
  ) {
    const existing = await deps.store.get(sigKey);
    const parsed = existing === undefined ? undefined : parseSignature(JSON.parse(existing.toString('utf8')), sigKey);
    if (parsed?.digestHashValue !== hash || !verifyDigestSignature(publicKey, message, parsed.signature))
      throw new DigestConflictError(`the signature object ${sigKey} exists and does not sign this digest`);
    // The chain continues from the signature that is stored.
    stored = parsed.signature;
  }
  deps.log?.('digest sealed', { key, records: entries.length, late, outcome });
  return {
    key,
    endMs: end,
    sequence: digest.sequence,
    hash,
    signature: stored,
    recordCount: entries.length,
    lateRecords: late,
    outcome,
  };
}
