/**
 * The formats of the ledger's integrity evidence, shared by the stream consumer (which writes staged
 * batches), the digest job (which seals them into signed digests) and `ledger:verify` (which checks them).
 *
 * Modelled on CloudTrail's digest files: a digest names its interval, its own location, and the location,
 * content hash and signature of the previous digest (a chain: removing, reordering or replacing a digest
 * breaks the next one's reference); it is signed over
 *
 *   `<digestEndTime>\n<bucket>/<object>\n<hex SHA-256 of the digest's bytes>\n<previous signature, hex, or "null">`
 *
 * with an asymmetric KMS key (RSASSA-PKCS1-v1_5 with SHA-256, deterministic: a retry signs identically).
 * The signature is kept next to the digest, in `<object>.sig`, so a copy of the bucket carries everything an
 * offline check needs. A digest lists one entry per ledger change its interval sealed, and the Merkle root
 * (RFC 6962) over the entries; an entry carries the record's key, the change (INSERT, MODIFY, REMOVE), the
 * stream's sequence number and server time, and the canonical hash of the record as DynamoDB stored it.
 *
 * Digest objects are gzip-compressed canonical JSON; hashes are over the uncompressed bytes.
 */
import { createHash } from 'node:crypto';
import { canonicalJson, compareCodePoints } from './canonical';
import { leafHash, merkleRoot } from './merkle';

export const DIGEST_FORMAT = 'biometric-vault/ledger-digest/1';
export const SIGNATURE_FORMAT = 'biometric-vault/ledger-digest-signature/1';
export const STAGED_BATCH_FORMAT = 'biometric-vault/ledger-stream-batch/1';
/** KMS `SigningAlgorithm` of every digest signature; Node verifies it as `sha256` with PKCS#1 v1.5 padding. */
export const SIGNATURE_ALGORITHM = 'RSASSA_PKCS1_V1_5_SHA_256';
export const MERKLE_TREE = 'RFC6962-SHA-256';

/** Where the evidence lives in the digest bucket. */
export const DIGEST_PREFIX = 'digests/';
export const STAGING_PREFIX = 'staging/';
export const PUBLIC_KEY_PREFIX = 'public-keys/';

export type ChangeEvent = 'INSERT' | 'MODIFY' | 'REMOVE';
export const CHANGE_EVENTS: readonly ChangeEvent[] = ['INSERT', 'MODIFY', 'REMOVE'];

/** One ledger change, as the stream delivered it. */
export interface DigestEntry {
  /** The stream record's `eventID` (globally unique): a redelivered record has the same one. */
  readonly eventId: string;
  readonly event: ChangeEvent;
  /**
   * Hex SHA-256 of the record's canonical key (`{"pk":{"S":"…"}}`). Digests are write-once for years and a
   * ledger key carries a subject id, so digests name records only by this hash; `ledger:verify` hashes each
   * record's key the same way to find its entries.
   */
  readonly keySha256: string;
  /** The stream's sequence number (order of changes within a shard). */
  readonly sequenceNumber: string;
  /** The change's server time (stream `ApproximateCreationDateTime`, whole seconds), ISO 8601 UTC. */
  readonly eventTime: string;
  /** The record's own `recordedAt` (writer's clock), when it has one; null otherwise. */
  readonly recordedAt: string | null;
  /** Canonical hash of the record after the change; null for REMOVE. */
  readonly sha256: string | null;
  /** Canonical hash of the record before the change; null for INSERT. */
  readonly previousSha256: string | null;
  /** Names of the attributes a MODIFY changed, added or removed (never values); empty otherwise. */
  readonly changedAttributes: readonly string[];
  /** Who made the change when DynamoDB says (`dynamodb.amazonaws.com` for a TTL delete); null otherwise. */
  readonly principal: string | null;
}

/** What the stream consumer writes under `staging/` for one batch. */
export interface StagedBatch {
  readonly format: typeof STAGED_BATCH_FORMAT;
  readonly streamArn: string;
  readonly entries: readonly DigestEntry[];
}

export interface EventCounts {
  readonly INSERT: number;
  readonly MODIFY: number;
  readonly REMOVE: number;
}

/** A signed digest of one interval. */
export interface LedgerDigest {
  readonly format: typeof DIGEST_FORMAT;
  readonly environment: string;
  readonly ledgerTable: string;
  readonly digestS3Bucket: string;
  readonly digestS3Object: string;
  /** Interval [start, end): the changes staged (S3 `LastModified`) in it. ISO 8601 UTC, whole seconds. */
  readonly digestStartTime: string;
  readonly digestEndTime: string;
  /** Position in the chain: 0 for the first digest. */
  readonly sequence: number;
  /** Seconds the digest job waited after the interval's end before sealing it. */
  readonly settleSeconds: number;
  readonly previousDigestS3Object: string | null;
  readonly previousDigestHashValue: string | null;
  readonly previousDigestSignature: string | null;
  readonly hashAlgorithm: 'SHA-256';
  readonly canonicalization: string;
  readonly merkleTree: typeof MERKLE_TREE;
  readonly merkleRoot: string;
  readonly recordCount: number;
  readonly eventCounts: EventCounts;
  /** Staged batches sealed, and entries dropped because another batch already carried the same change. */
  readonly stagedBatches: number;
  readonly duplicatesDropped: number;
  /** Entries whose `recordedAt` is earlier than the interval's start by more than the settle time. */
  readonly lateRecords: number;
  readonly oldestEventTime: string | null;
  readonly newestEventTime: string | null;
  readonly signingKeyArn: string;
  /** Hex SHA-256 of the signing key's public key (DER SubjectPublicKeyInfo). */
  readonly publicKeyFingerprint: string;
  readonly signatureAlgorithm: typeof SIGNATURE_ALGORITHM;
  readonly records: readonly DigestEntry[];
}

/** The `.sig` object next to a digest. */
export interface DigestSignature {
  readonly format: typeof SIGNATURE_FORMAT;
  readonly digestS3Object: string;
  /** Hex SHA-256 of the digest's (uncompressed) bytes. */
  readonly digestHashValue: string;
  /** Hex signature over `signingString(...)`. */
  readonly signature: string;
  readonly signatureAlgorithm: typeof SIGNATURE_ALGORITHM;
  readonly signingKeyArn: string;
  readonly publicKeyFingerprint: string;
}

/** A digest or batch that does not have the expected shape: the message names the field. */
export class DigestFormatError extends Error {
  public override readonly name: string = 'DigestFormatError';
}

/** ISO 8601 UTC with whole seconds: `2025-01-01T00:15:00Z`. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** `digests/2025/01/01/<env>-ledger-digest-20250101T001500Z.json.gz`: sorted by name is sorted by time. */
export function digestObjectKey(environment: string, endMs: number): string {
  const iso = isoSeconds(endMs);
  const [y, mo, d] = [iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10)];
  const compact = iso.replace(/[-:]/g, '');
  return `${DIGEST_PREFIX}${y}/${mo}/${d}/${environment}-ledger-digest-${compact}.json.gz`;
}

/** The day prefix (`digests/2025/01/01/`) of a time. */
export function digestDayPrefix(ms: number): string {
  const iso = isoSeconds(ms);
  return `${DIGEST_PREFIX}${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}/`;
}

/** End time of a digest object's interval from its name; undefined for anything else. */
export function digestEndFromKey(key: string): number | undefined {
  const m =
    /^digests\/\d{4}\/\d{2}\/\d{2}\/[a-z0-9]+-ledger-digest-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\.json\.gz$/.exec(
      key,
    );
  if (m === null) return undefined;
  return Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
}

export function signatureObjectKey(digestKey: string): string {
  return `${digestKey}.sig`;
}

/** Staged batches are filed under the hour of the consumer's clock: `staging/2025/01/01/13/`. */
export function stagingHourPrefix(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${STAGING_PREFIX}${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(11, 13)}/`;
}

/** The string the signing key signs (CloudTrail's digest signing string, with our digest's fields). */
export function signingString(
  digest: Pick<LedgerDigest, 'digestEndTime' | 'digestS3Bucket' | 'digestS3Object' | 'previousDigestSignature'>,
  digestHashHex: string,
): string {
  return `${digest.digestEndTime}\n${digest.digestS3Bucket}/${digest.digestS3Object}\n${digestHashHex}\n${digest.previousDigestSignature ?? 'null'}`;
}

/** The Merkle leaf of an entry: SHA-256(0x00 ‖ canonical JSON of the entry). */
export function entryLeaf(entry: DigestEntry): Buffer {
  return leafHash(canonicalJson(entry));
}

/** Hex Merkle root over the entries, in order. */
export function entriesRoot(entries: readonly DigestEntry[]): string {
  return merkleRoot(entries.map(entryLeaf)).toString('hex');
}

/** Orders entries deterministically: server time, then sequence number (numeric), then event id. */
export function compareEntries(a: DigestEntry, b: DigestEntry): number {
  if (a.eventTime !== b.eventTime) return a.eventTime < b.eventTime ? -1 : 1;
  if (a.sequenceNumber.length !== b.sequenceNumber.length) return a.sequenceNumber.length - b.sequenceNumber.length;
  if (a.sequenceNumber !== b.sequenceNumber) return a.sequenceNumber < b.sequenceNumber ? -1 : 1;
  return compareCodePoints(a.eventId, b.eventId);
}

/** The stored bytes of a digest (before gzip): its canonical JSON. */
export function digestBytes(digest: LedgerDigest): Buffer {
  return Buffer.from(canonicalJson(digest), 'utf8');
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

// ------------------------------------------------------------------ parsing (untrusted input)

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function isObject(v: unknown): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class Fields {
  public constructor(
    private readonly obj: Record<string, Json>,
    private readonly where: string,
  ) {}

  public str(name: string, pattern?: RegExp): string {
    const v = this.obj[name];
    if (typeof v !== 'string' || (pattern !== undefined && !pattern.test(v)))
      throw new DigestFormatError(
        `${this.where}.${name}: must be ${pattern === undefined ? 'a string' : `a string matching ${String(pattern)}`} (received ${v === undefined ? 'nothing' : JSON.stringify(v)})`,
      );
    return v;
  }

  public optStr(name: string, pattern?: RegExp): string | null {
    const v = this.obj[name];
    if (v === null) return null;
    return this.str(name, pattern);
  }

  public int(name: string): number {
    const v = this.obj[name];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
      throw new DigestFormatError(
        `${this.where}.${name}: must be a non-negative integer (received ${v === undefined ? 'nothing' : JSON.stringify(v)})`,
      );
    return v;
  }

  public literal<T extends string>(name: string, value: T): T {
    const v = this.obj[name];
    if (v !== value)
      throw new DigestFormatError(
        `${this.where}.${name}: must be ${JSON.stringify(value)} (received ${v === undefined ? 'nothing' : JSON.stringify(v)})`,
      );
    return value;
  }

  public list(name: string): Json[] {
    const v = this.obj[name];
    if (!Array.isArray(v)) throw new DigestFormatError(`${this.where}.${name}: must be a list`);
    return v;
  }
}

const HEX64 = /^[0-9a-f]{64}$/;
const HEX = /^[0-9a-f]+$/;

export function parseEntry(raw: unknown, where: string): DigestEntry {
  if (!isObject(raw)) throw new DigestFormatError(`${where}: must be an object`);
  const f = new Fields(raw, where);
  const event = f.str('event', /^(INSERT|MODIFY|REMOVE)$/) as ChangeEvent;
  const changed = f.list('changedAttributes').map((a, i) => {
    if (typeof a !== 'string') throw new DigestFormatError(`${where}.changedAttributes[${i}]: must be a string`);
    return a;
  });
  const entry: DigestEntry = {
    eventId: f.str('eventId', /^\S+$/),
    event,
    keySha256: f.str('keySha256', HEX64),
    sequenceNumber: f.str('sequenceNumber', /^\d+$/),
    eventTime: f.str('eventTime', ISO_SECONDS),
    recordedAt: f.optStr('recordedAt'),
    sha256: f.optStr('sha256', HEX64),
    previousSha256: f.optStr('previousSha256', HEX64),
    changedAttributes: changed,
    principal: f.optStr('principal'),
  };
  if ((event === 'REMOVE') !== (entry.sha256 === null))
    throw new DigestFormatError(`${where}.sha256: must be null exactly for a REMOVE`);
  if ((event === 'INSERT') !== (entry.previousSha256 === null))
    throw new DigestFormatError(`${where}.previousSha256: must be null exactly for an INSERT`);
  return entry;
}

export function parseStagedBatch(raw: unknown, where: string): StagedBatch {
  if (!isObject(raw)) throw new DigestFormatError(`${where}: must be a JSON object`);
  const f = new Fields(raw, where);
  return {
    format: f.literal('format', STAGED_BATCH_FORMAT),
    streamArn: f.str('streamArn'),
    entries: f.list('entries').map((e, i) => parseEntry(e, `${where}.entries[${i}]`)),
  };
}

/** Parses a digest's JSON; throws `DigestFormatError` naming the first field that is wrong. */
export function parseDigest(raw: unknown, where = 'digest'): LedgerDigest {
  if (!isObject(raw)) throw new DigestFormatError(`${where}: must be a JSON object`);
  const f = new Fields(raw, where);
  const format = f.literal('format', DIGEST_FORMAT);
  const counts = raw.eventCounts;
  if (!isObject(counts)) throw new DigestFormatError(`${where}.eventCounts: must be an object`);
  const c = new Fields(counts, `${where}.eventCounts`);
  return {
    format,
    environment: f.str('environment'),
    ledgerTable: f.str('ledgerTable'),
    digestS3Bucket: f.str('digestS3Bucket'),
    digestS3Object: f.str('digestS3Object'),
    digestStartTime: f.str('digestStartTime', ISO_SECONDS),
    digestEndTime: f.str('digestEndTime', ISO_SECONDS),
    sequence: f.int('sequence'),
    settleSeconds: f.int('settleSeconds'),
    previousDigestS3Object: f.optStr('previousDigestS3Object'),
    previousDigestHashValue: f.optStr('previousDigestHashValue', HEX64),
    previousDigestSignature: f.optStr('previousDigestSignature', HEX),
    hashAlgorithm: f.literal('hashAlgorithm', 'SHA-256'),
    canonicalization: f.str('canonicalization'),
    merkleTree: f.literal('merkleTree', MERKLE_TREE),
    merkleRoot: f.str('merkleRoot', HEX64),
    recordCount: f.int('recordCount'),
    eventCounts: { INSERT: c.int('INSERT'), MODIFY: c.int('MODIFY'), REMOVE: c.int('REMOVE') },
    stagedBatches: f.int('stagedBatches'),
    duplicatesDropped: f.int('duplicatesDropped'),
    lateRecords: f.int('lateRecords'),
    oldestEventTime: f.optStr('oldestEventTime', ISO_SECONDS),
    newestEventTime: f.optStr('newestEventTime', ISO_SECONDS),
    signingKeyArn: f.str('signingKeyArn'),
    publicKeyFingerprint: f.str('publicKeyFingerprint', HEX64),
    signatureAlgorithm: f.literal('signatureAlgorithm', SIGNATURE_ALGORITHM),
    records: f.list('records').map((e, i) => parseEntry(e, `${where}.records[${i}]`)),
  };
}

export function parseSignature(raw: unknown, where = 'signature'): DigestSignature {
  if (!isObject(raw)) throw new DigestFormatError(`${where}: must be a JSON object`);
  const f = new Fields(raw, where);
  return {
    format: f.literal('format', SIGNATURE_FORMAT),
    digestS3Object: f.str('digestS3Object'),
    digestHashValue: f.str('digestHashValue', HEX64),
    signature: f.str('signature', HEX),
    signatureAlgorithm: f.literal('signatureAlgorithm', SIGNATURE_ALGORITHM),
    signingKeyArn: f.str('signingKeyArn'),
    publicKeyFingerprint: f.str('publicKeyFingerprint', HEX64),
  };
}
