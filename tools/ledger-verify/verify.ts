/**
 * The ledger check behind `npm run ledger:verify`: the signed digest chain against the ledger's records,
 * with memory that does not grow with the ledger.
 *
 * 1. Digests, oldest first: each one's signature (with the public key its fingerprint names), its location,
 *    its Merkle root over its entries, its counts, and its link to the previous digest (object, content hash,
 *    signature, sequence, adjacent interval): a removed, reordered, replaced or forged digest breaks a link.
 *    Every entry goes to one of P partition files on disk, by a hash of the record's key.
 * 2. Records, as the source streams them (a DynamoDB Scan, or the data files of an export): each record's
 *    canonical hash goes to the partition of its key.
 * 3. Partition by partition (one in memory at a time): each record is compared with its digest entries.
 *    A record must have been inserted once and never changed or removed, and hash to what its insert
 *    recorded; every digested record must still be there.
 *
 * Inputs that cannot be checked (an export that is empty, truncated or malformed, a digest that does not
 * parse, a missing public key) stop the check with a `VerifyInputError`: never "intact".
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KeyObject } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { canonicalKey, displayKey, itemHash, keyHash } from '../../lambda-src/ledger-integrity/canonical';
import {
  DIGEST_PREFIX,
  digestEndFromKey,
  entriesRoot,
  isoSeconds,
  parseDigest,
  parseSignature,
  sha256Hex,
  signatureObjectKey,
  signingString,
  type DigestEntry,
  type DigestSignature,
  type LedgerDigest,
} from '../../lambda-src/ledger-integrity/digest-format';
import { verifyDigestSignature } from '../../lambda-src/ledger-integrity/digest-job';

/** Input that cannot be verified: the check stops, and the command exits 2. */
export class VerifyInputError extends Error {
  public override readonly name: string = 'VerifyInputError';
}

export type Severity = 'tampering' | 'unverifiable' | 'notice';

export type FindingKind =
  | 'digest-unsigned'
  | 'signature-invalid'
  | 'signature-mismatch'
  | 'wrong-key'
  | 'digest-wrong-location'
  | 'merkle-root-mismatch'
  | 'count-mismatch'
  | 'chain-broken'
  | 'chain-gap'
  | 'chain-fork'
  | 'chain-stale'
  | 'chain-start'
  | 'unexpected-object'
  | 'record-changed'
  | 'record-missing'
  | 'record-deleted'
  | 'record-modified'
  | 'record-reinserted'
  | 'record-not-digested'
  | 'record-not-yet-digested'
  | 'record-before-chain'
  | 'record-late'
  | 'event-conflict';

export const SEVERITY: Readonly<Record<FindingKind, Severity>> = {
  'digest-unsigned': 'tampering',
  'signature-invalid': 'tampering',
  'signature-mismatch': 'tampering',
  'wrong-key': 'tampering',
  'digest-wrong-location': 'tampering',
  'merkle-root-mismatch': 'tampering',
  'count-mismatch': 'tampering',
  'chain-broken': 'tampering',
  'chain-gap': 'tampering',
  'chain-fork': 'tampering',
  'chain-stale': 'tampering',
  'chain-start': 'notice',
  'unexpected-object': 'notice',
  'record-changed': 'tampering',
  'record-missing': 'tampering',
  'record-deleted': 'tampering',
  'record-modified': 'tampering',
  'record-reinserted': 'tampering',
  'record-not-digested': 'tampering',
  'record-not-yet-digested': 'notice',
  'record-before-chain': 'notice',
  'record-late': 'notice',
  'event-conflict': 'tampering',
};

export interface Finding {
  readonly kind: FindingKind;
  readonly severity: Severity;
  /** The record's key (`pk=…`) for record findings. */
  readonly record?: string;
  /** The digest object concerned. */
  readonly digest?: string;
  readonly message: string;
}

/** The digest bucket, or a copy of it: keys under `digests/` and their bytes. */
export interface DigestSource {
  readonly location: string;
  listKeys(): Promise<string[]>;
  read(key: string): Promise<Buffer | undefined>;
}

/**
 * A public key the check trusts: `explicit` when the operator named it (`--public-key`) or KMS gave it for
 * the environment's signing-key alias; not explicit when it was only found in a copy of the bucket.
 */
export interface TrustedKey {
  readonly key: KeyObject;
  readonly explicit: boolean;
}

/** The trusted public key of a fingerprint (hex SHA-256 of its DER SPKI); undefined when it is not trusted. */
export type PublicKeyResolver = (fingerprint: string) => TrustedKey | undefined;

/** The ledger's records: a live table or an export. */
export interface RecordSource {
  readonly description: string;
  /** Time the records were read (the export's time, or now): digests are expected up to it. */
  readonly cutoffMs: number;
  /** Records the source says it holds (an export's manifest), when known. */
  readonly expectedCount?: number;
  items(): AsyncIterable<Readonly<Record<string, unknown>>>;
}

export interface VerifyOptions {
  /** The table's key attributes (`pk`). */
  readonly keyAttributes: readonly string[];
  /** Check only digests and records of [from, to) (epoch ms), with digests up to an hour after `to`. */
  readonly from?: number;
  readonly to?: number;
  /** The bucket digests must name (live mode); undefined: whatever the first digest names. */
  readonly bucket?: string;
  /** Progress lines (to stderr). */
  readonly progress?: (message: string) => void;
  /** Each finding as it is found. */
  readonly onFinding?: (finding: Finding) => void;
  /** Directory for the partition files. @default the OS temporary directory */
  readonly tmpDir?: string;
  /** Records per partition kept in memory at once. @default 10000 */
  readonly partitionSize?: number;
}

export interface VerifySummary {
  readonly digests: number;
  readonly digestsValid: number;
  readonly entries: number;
  readonly records: number;
  readonly recordsIntact: number;
  readonly duplicateEntries: number;
  readonly covered?: { readonly from: string; readonly to: string };
  readonly counts: Readonly<Partial<Record<FindingKind, number>>>;
  readonly tampering: number;
  readonly unverifiable: number;
  readonly notices: number;
  readonly intact: boolean;
}

/** Digests up to this long after `to` are read too: a record of the window may be streamed a little later. */
const LATE_MARGIN_MS = 60 * 60 * 1000;
/**
 * A record in no digest is "not yet digested" when recorded this close to (or after) the newest digest's end:
 * a write lands within the verifier's timeout and is streamed within seconds, so an older record in no digest
 * was never streamed (or its stream record was lost: the stream's failure queue says).
 */
const NOT_YET_MARGIN_MS = 5 * 60 * 1000;

interface DigestMeta {
  readonly key: string;
  readonly start: number;
  readonly end: number;
  readonly sequence: number;
  readonly hash: string;
  readonly signature: string | undefined;
  readonly previous: string | null;
  readonly fingerprint: string | undefined;
}

/** Appends lines to P files, buffered: writes are synchronous and bounded, so memory stays flat. */
class Partitions {
  private readonly fds: number[];
  private readonly buffers: string[][];
  private readonly sizes: number[];

  public constructor(
    private readonly dir: string,
    public readonly count: number,
    private readonly tag: string,
  ) {
    this.fds = Array.from({ length: count }, (_, i) => openSync(join(dir, `${tag}-${i}`), 'w'));
    this.buffers = Array.from({ length: count }, () => []);
    this.sizes = new Array<number>(count).fill(0);
  }

  public static of(key: string, count: number): number {
    // FNV-1a, 32 bits.
    let h = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) {
      h ^= key.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    return (h >>> 0) % count;
  }

  public add(key: string, line: string): void {
    const p = Partitions.of(key, this.count);
    (this.buffers[p] as string[]).push(line);
    this.sizes[p] = (this.sizes[p] ?? 0) + line.length + 1;
    if ((this.sizes[p] ?? 0) > 64 * 1024) this.flush(p);
  }

  private flush(p: number): void {
    const buffer = this.buffers[p] as string[];
    if (buffer.length === 0) return;
    writeSync(this.fds[p] as number, `${buffer.join('\n')}\n`);
    this.buffers[p] = [];
    this.sizes[p] = 0;
  }

  public close(): void {
    for (let p = 0; p < this.count; p++) this.flush(p);
    for (const fd of this.fds) closeSync(fd);
  }

  public read(p: number): string[] {
    const text = readFileSync(join(this.dir, `${this.tag}-${p}`), 'utf8');
    return text === '' ? [] : text.slice(0, -1).split('\n');
  }
}

const dash = (v: string | null): string => v ?? '-';
const undash = (v: string | undefined): string | null => (v === undefined || v === '-' ? null : v);

interface Slot {
  entries: EntryRow[];
  record?: { hash: string; recordedAt: string | null; key: string };
  copies: number;
}

interface EntryRow {
  readonly digest: number;
  readonly entry: DigestEntry;
}

function entryLine(digestIndex: number, e: DigestEntry): string {
  return [
    e.keySha256,
    'E',
    String(digestIndex),
    e.event,
    dash(e.sha256),
    dash(e.previousSha256),
    e.eventId,
    e.sequenceNumber,
    e.eventTime,
    dash(e.recordedAt === null ? null : encodeURIComponent(e.recordedAt)),
    e.changedAttributes.map(encodeURIComponent).join(',') || '-',
    dash(e.principal === null ? null : encodeURIComponent(e.principal)),
  ].join('\t');
}

function parseEntryLine(fields: string[]): EntryRow {
  const [
    keySha256 = '',
    ,
    digest = '0',
    event = 'INSERT',
    sha,
    prev,
    eventId = '',
    seq = '0',
    time = '',
    rec,
    changed,
    principal,
  ] = fields;
  const recordedAt = undash(rec);
  const by = undash(principal);
  return {
    digest: Number(digest),
    entry: {
      keySha256,
      event: event as DigestEntry['event'],
      sha256: undash(sha),
      previousSha256: undash(prev),
      eventId,
      sequenceNumber: seq,
      eventTime: time,
      recordedAt: recordedAt === null ? null : decodeURIComponent(recordedAt),
      changedAttributes: changed === undefined || changed === '-' ? [] : changed.split(',').map(decodeURIComponent),
      principal: by === null ? null : decodeURIComponent(by),
    },
  };
}

export async function verifyLedger(
  digests: DigestSource,
  publicKeys: PublicKeyResolver,
  records: RecordSource,
  options: VerifyOptions,
): Promise<VerifySummary> {
  const counts: Partial<Record<FindingKind, number>> = {};
  let tampering = 0;
  let unverifiable = 0;
  let notices = 0;
  const report = (kind: FindingKind, message: string, where: { record?: string; digest?: string } = {}): void => {
    const severity = SEVERITY[kind];
    counts[kind] = (counts[kind] ?? 0) + 1;
    if (severity === 'tampering') tampering += 1;
    else if (severity === 'unverifiable') unverifiable += 1;
    else notices += 1;
    options.onFinding?.({ kind, severity, ...where, message });
  };
  const progress = options.progress ?? ((): void => undefined);
  const from = options.from;
  const to = options.to;

  // ---------------------------------------------------------------- 1. digests
  const allKeys = await digests.listKeys();
  const keySet = new Set(allKeys);
  const digestKeys = allKeys.filter((k) => digestEndFromKey(k) !== undefined).sort();
  for (const k of allKeys) {
    if (
      digestEndFromKey(k) === undefined &&
      !(k.endsWith('.sig') && keySet.has(k.slice(0, -4))) &&
      k.startsWith(DIGEST_PREFIX)
    ) {
      if (k.endsWith('.sig'))
        report('digest-unsigned', `signature ${k} has no digest next to it: its digest was removed`, {
          digest: k.slice(0, -4),
        });
      else report('unexpected-object', `${k} is not a digest or a signature`, { digest: k });
    }
  }
  const selected = digestKeys.filter((k) => {
    const end = digestEndFromKey(k) as number;
    return (from === undefined || end > from) && (to === undefined || end <= to + LATE_MARGIN_MS + 15 * 60 * 1000);
  });
  const expected = Math.max(records.expectedCount ?? 0, 1);
  const partitionCount = Math.max(1, Math.ceil(expected / (options.partitionSize ?? 10_000)));
  const dir = mkdtempSync(join(options.tmpDir ?? tmpdir(), 'ledger-verify-'));
  try {
    const entryParts = new Partitions(dir, partitionCount, 'entries');
    const metas: DigestMeta[] = [];
    let digestsValid = 0;
    let entries = 0;
    let bucket = options.bucket;
    let lastProgress = Date.now();

    const load = async (key: string): Promise<{ digest: LedgerDigest; hash: string; signature?: DigestSignature }> => {
      const body = await digests.read(key);
      if (body === undefined)
        throw new VerifyInputError(`digest ${key} was listed but cannot be read from ${digests.location}`);
      let bytes: Buffer;
      let digest: LedgerDigest;
      try {
        bytes = gunzipSync(body);
        digest = parseDigest(JSON.parse(bytes.toString('utf8')), key);
      } catch (error) {
        throw new VerifyInputError(
          `digest ${key} does not parse (${error instanceof Error ? error.message : String(error)}): it cannot be checked`,
        );
      }
      const sigBody = keySet.has(signatureObjectKey(key)) ? await digests.read(signatureObjectKey(key)) : undefined;
      let signature: DigestSignature | undefined;
      if (sigBody !== undefined) {
        try {
          signature = parseSignature(JSON.parse(sigBody.toString('utf8')), signatureObjectKey(key));
        } catch (error) {
          report(
            'signature-invalid',
            `signature object does not parse: ${error instanceof Error ? error.message : String(error)}`,
            { digest: key },
          );
        }
      }
      return { digest, hash: sha256Hex(bytes), ...(signature !== undefined && { signature }) };
    };

    for (const [index, key] of selected.entries()) {
      const { digest, hash, signature } = await load(key);
      const start = Date.parse(digest.digestStartTime);
      const end = Date.parse(digest.digestEndTime);
      bucket ??= digest.digestS3Bucket;
      let valid = true;
      const problem = (kind: FindingKind, message: string): void => {
        valid = false;
        report(kind, message, { digest: key });
      };
      if (digest.digestS3Object !== key || digest.digestS3Bucket !== bucket || digestEndFromKey(key) !== end)
        problem(
          'digest-wrong-location',
          `says it is s3://${digest.digestS3Bucket}/${digest.digestS3Object} ending ${digest.digestEndTime}, found at ${key} (bucket ${bucket})`,
        );
      if (signature === undefined) {
        if (!keySet.has(signatureObjectKey(key)))
          problem('digest-unsigned', `no signature object ${signatureObjectKey(key)}: it was removed`);
        else valid = false;
      } else {
        if (signature.digestS3Object !== key || signature.digestHashValue !== hash)
          problem(
            'signature-mismatch',
            `the signature object names ${signature.digestS3Object} with SHA-256 ${signature.digestHashValue}; the digest's SHA-256 is ${hash}: the digest was changed or replaced`,
          );
        if (
          signature.publicKeyFingerprint !== digest.publicKeyFingerprint ||
          signature.signingKeyArn !== digest.signingKeyArn
        )
          problem(
            'wrong-key',
            `signed with ${signature.signingKeyArn} (${signature.publicKeyFingerprint}), the digest names ${digest.signingKeyArn} (${digest.publicKeyFingerprint})`,
          );
        const trusted = publicKeys(signature.publicKeyFingerprint);
        const previousKey = metas[metas.length - 1]?.fingerprint;
        if (trusted === undefined)
          problem(
            'wrong-key',
            `signed by key ${signature.publicKeyFingerprint} (${signature.signingKeyArn}), which is not the ledger's signing key: a forged digest`,
          );
        else if (!trusted.explicit && previousKey !== undefined && previousKey !== signature.publicKeyFingerprint)
          problem(
            'wrong-key',
            `the chain switches from key ${previousKey} to ${signature.publicKeyFingerprint}, a key found only in the copied bucket: name it with --public-key if the signing key was rotated`,
          );
        else if (!verifyDigestSignature(trusted.key, signingString(digest, hash), signature.signature))
          problem(
            'signature-invalid',
            `the signature does not verify with key ${signature.publicKeyFingerprint}: the digest, its chain fields or the signature were changed`,
          );
      }
      if (entriesRoot(digest.records) !== digest.merkleRoot)
        problem(
          'merkle-root-mismatch',
          `the Merkle root of its ${digest.records.length} entries differs from the signed root ${digest.merkleRoot}: an entry was added, removed, changed or reordered`,
        );
      const events = { INSERT: 0, MODIFY: 0, REMOVE: 0 };
      for (const e of digest.records) events[e.event] += 1;
      if (
        digest.recordCount !== digest.records.length ||
        events.INSERT !== digest.eventCounts.INSERT ||
        events.MODIFY !== digest.eventCounts.MODIFY ||
        events.REMOVE !== digest.eventCounts.REMOVE
      )
        problem(
          'count-mismatch',
          `recordCount ${digest.recordCount} / eventCounts do not match its ${digest.records.length} entries`,
        );

      // Chain link to the previous digest.
      const prev = metas[metas.length - 1];
      if (prev === undefined) {
        if (digest.previousDigestS3Object === null)
          report('chain-start', `first digest of the chain (${digest.digestStartTime})`, { digest: key });
        else if (from === undefined)
          problem(
            'chain-broken',
            `names ${digest.previousDigestS3Object} as its previous digest, which is not in ${digests.location}: a digest was removed`,
          );
        else {
          const before = digestKeys[digestKeys.indexOf(key) - 1];
          if (before !== digest.previousDigestS3Object)
            problem(
              'chain-broken',
              `names ${digest.previousDigestS3Object} as its previous digest; the digest before it is ${before ?? '(none)'}`,
            );
          else {
            const p = await load(before);
            if (p.hash !== digest.previousDigestHashValue || p.signature?.signature !== digest.previousDigestSignature)
              problem(
                'chain-broken',
                `its previous digest ${before} has changed since it was chained (hash or signature differs)`,
              );
          }
        }
      } else {
        if (start < prev.end)
          problem(
            'chain-fork',
            `its interval ${digest.digestStartTime}..${digest.digestEndTime} overlaps the previous digest ${prev.key}`,
          );
        else if (start > prev.end)
          problem(
            'chain-gap',
            `no digest covers ${isoSeconds(prev.end)}..${digest.digestStartTime}: digests were removed`,
          );
        if (digest.previousDigestS3Object !== prev.key)
          problem(
            digest.previousDigestS3Object === null ? 'chain-fork' : 'chain-broken',
            digest.previousDigestS3Object === null
              ? `starts a new chain after ${prev.key}`
              : `names ${digest.previousDigestS3Object} as its previous digest, not ${prev.key}: digests were removed or reordered`,
          );
        else if (digest.previousDigestHashValue !== prev.hash)
          problem(
            'chain-broken',
            `previousDigestHashValue does not match the content of ${prev.key}: that digest was changed`,
          );
        else if (digest.previousDigestSignature !== (prev.signature ?? null))
          problem('chain-broken', `previousDigestSignature does not match the signature of ${prev.key}`);
        if (digest.sequence !== prev.sequence + 1)
          problem('chain-broken', `sequence ${digest.sequence} does not follow ${prev.sequence} of ${prev.key}`);
      }
      if (valid) digestsValid += 1;
      metas.push({
        key,
        start,
        end,
        sequence: digest.sequence,
        hash,
        signature: signature?.signature,
        previous: digest.previousDigestS3Object,
        fingerprint: signature?.publicKeyFingerprint,
      });
      for (const e of digest.records) entryParts.add(e.keySha256, entryLine(index, e));
      entries += digest.records.length;
      if (Date.now() - lastProgress > 2000) {
        lastProgress = Date.now();
        progress(`digests: ${index + 1}/${selected.length} checked, ${entries} entries`);
      }
    }
    entryParts.close();
    const first = metas[0];
    const last = metas[metas.length - 1];
    progress(`digests: ${metas.length} checked, ${entries} entries`);
    if (last !== undefined) {
      const interval = last.end - last.start;
      const expectedUntil = records.cutoffMs - 2 * interval - 60 * 60 * 1000;
      if (last.end < expectedUntil && (to === undefined || last.end < to))
        report(
          'chain-stale',
          `the newest digest ends ${isoSeconds(last.end)}; digests up to ${isoSeconds(expectedUntil)} are missing: they were removed, or the digest job has stopped (see its alarms)`,
          { digest: last.key },
        );
    }

    // ---------------------------------------------------------------- 2. records
    const recordParts = new Partitions(dir, partitionCount, 'records');
    let recordCount = 0;
    lastProgress = Date.now();
    for await (const item of records.items()) {
      let key: string;
      let hash: string;
      try {
        key = canonicalKey(item, options.keyAttributes);
        hash = itemHash(item);
      } catch (error) {
        throw new VerifyInputError(
          `record ${recordCount + 1} of ${records.description} is not a DynamoDB item: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      const rec = item.recordedAt as { S?: unknown } | undefined;
      const recordedAt = typeof rec?.S === 'string' ? rec.S : null;
      const keySha256 = keyHash(key);
      // The record's key in clear, for the report (the key's own JSON escapes tabs and newlines).
      recordParts.add(
        keySha256,
        [keySha256, 'R', hash, dash(recordedAt === null ? null : encodeURIComponent(recordedAt)), key].join('\t'),
      );
      recordCount += 1;
      if (recordCount % 10_000 === 0 && Date.now() - lastProgress > 2000) {
        lastProgress = Date.now();
        progress(
          `records: ${recordCount}${records.expectedCount === undefined ? '' : `/${records.expectedCount}`} read`,
        );
      }
    }
    recordParts.close();
    progress(`records: ${recordCount} read`);
    if (records.expectedCount !== undefined && recordCount !== records.expectedCount)
      throw new VerifyInputError(
        `${records.description} holds ${recordCount} records, its manifest says ${records.expectedCount}: the export is truncated or changed`,
      );
    if (recordCount === 0 && entries === 0)
      throw new VerifyInputError(
        `${records.description} holds no records and there are no digest entries: nothing to verify`,
      );

    // ---------------------------------------------------------------- 3. join
    const chainStart = first?.start;
    const lastEnd = last?.end;
    let intact = 0;
    let duplicates = 0;
    const inWindow = (t: number): boolean => (from === undefined || t >= from) && (to === undefined || t < to);
    for (let p = 0; p < partitionCount; p++) {
      const byKey = new Map<string, Slot>();
      const slot = (key: string): Slot => {
        let s = byKey.get(key);
        if (s === undefined) {
          s = { entries: [], copies: 0 };
          byKey.set(key, s);
        }
        return s;
      };
      for (const line of entryParts.read(p)) {
        const fields = line.split('\t');
        slot(fields[0] ?? '').entries.push(parseEntryLine(fields));
      }
      for (const line of recordParts.read(p)) {
        const [keySha256 = '', , hash = '', rec, key = ''] = line.split('\t');
        const recordedAt = undash(rec);
        const s = slot(keySha256);
        s.copies += 1;
        s.record = { hash, recordedAt: recordedAt === null ? null : decodeURIComponent(recordedAt), key };
      }
      for (const [keySha256, s] of byKey) {
        // Digests name records by key hash; the ledger's own record (when there is one) gives the key.
        const name = s.record === undefined ? `with key SHA-256 ${keySha256}` : displayKey(s.record.key);
        const where = { record: name };
        const at = (row: EntryRow): string => `${metas[row.digest]?.key ?? '?'} (${row.entry.eventTime})`;
        if (s.copies > 1)
          throw new VerifyInputError(
            `${records.description} holds ${name} ${s.copies} times: a table holds one item per key`,
          );
        // One change per stream event: exact repeats are redeliveries; differing repeats are forged.
        const byEvent = new Map<string, EntryRow>();
        const rows: EntryRow[] = [];
        for (const row of s.entries) {
          const seen = byEvent.get(row.entry.eventId);
          if (seen === undefined) {
            byEvent.set(row.entry.eventId, row);
            rows.push(row);
          } else if (JSON.stringify({ ...seen.entry }) === JSON.stringify({ ...row.entry })) duplicates += 1;
          else
            report(
              'event-conflict',
              `stream event ${row.entry.eventId} appears in ${at(seen)} and ${at(row)} with different content`,
              where,
            );
        }
        rows.sort(
          (a, b) =>
            a.digest - b.digest ||
            a.entry.sequenceNumber.length - b.entry.sequenceNumber.length ||
            (a.entry.sequenceNumber < b.entry.sequenceNumber
              ? -1
              : a.entry.sequenceNumber > b.entry.sequenceNumber
                ? 1
                : 0),
        );
        const recordedAt = s.record?.recordedAt ?? rows[0]?.entry.recordedAt ?? null;
        const recordedMs = recordedAt === null ? Number.NaN : Date.parse(recordedAt);
        const inScope =
          from === undefined && to === undefined
            ? true
            : rows.length > 0 || (!Number.isNaN(recordedMs) && inWindow(recordedMs));
        if (!inScope) continue;

        if (rows.length === 0) {
          if (s.record === undefined) continue;
          if (chainStart === undefined || (!Number.isNaN(recordedMs) && recordedMs < chainStart))
            report(
              'record-before-chain',
              `recorded ${recordedAt ?? '(no recordedAt)'}, before the first digest (${chainStart === undefined ? 'none' : isoSeconds(chainStart)}): digests cannot vouch for it`,
              where,
            );
          else if (
            lastEnd !== undefined &&
            !Number.isNaN(recordedMs) &&
            recordedMs >= lastEnd - NOT_YET_MARGIN_MS &&
            recordedMs <= records.cutoffMs + 5 * 60 * 1000
          )
            report(
              'record-not-yet-digested',
              `recorded ${recordedAt ?? ''}, after the newest digest's interval: the next digest will cover it`,
              where,
            );
          else
            report(
              'record-not-digested',
              `recorded ${recordedAt ?? '(no recordedAt)'}, in no digest: it was added without passing through the ledger's stream (or its stream record was lost: see the stream failure queue)`,
              where,
            );
          continue;
        }
        const inserts = rows.filter((r) => r.entry.event === 'INSERT');
        const modifies = rows.filter((r) => r.entry.event === 'MODIFY');
        const removes = rows.filter((r) => r.entry.event === 'REMOVE');
        const lastRow = rows[rows.length - 1] as EntryRow;
        let bad = false;
        for (const m of modifies) {
          bad = true;
          report(
            'record-modified',
            `changed in ${at(m)}: ${m.entry.changedAttributes.join(', ') || '(no attribute named)'}${m.entry.principal === null ? '' : ` by ${m.entry.principal}`}`,
            where,
          );
        }
        if (inserts.length > 1) {
          bad = true;
          report(
            'record-reinserted',
            `inserted ${inserts.length} times (${inserts.map(at).join('; ')}): deleted and written again, moved from its first interval`,
            where,
          );
        }
        for (const r of removes) {
          if (s.record !== undefined || r !== lastRow) {
            bad = true;
            report(
              'record-deleted',
              `deleted in ${at(r)}${r.entry.principal === null ? '' : ` by ${r.entry.principal}`}${s.record === undefined ? '' : ', and present again'}`,
              where,
            );
          }
        }
        if (s.record === undefined) {
          bad = true;
          if (lastRow.entry.event === 'REMOVE')
            report(
              'record-deleted',
              `deleted in ${at(lastRow)}${lastRow.entry.principal === null ? '' : ` by ${lastRow.entry.principal}`}: missing from the ledger`,
              where,
            );
          else
            report(
              'record-missing',
              `digested in ${at(lastRow)}, missing from ${records.description}: deleted without a trace in the stream, or the export is incomplete`,
              where,
            );
        } else if (lastRow.entry.sha256 !== s.record.hash) {
          bad = true;
          report(
            'record-changed',
            `its content hash is ${s.record.hash}; ${at(lastRow)} recorded ${String(lastRow.entry.sha256)}: changed since it was digested`,
            where,
          );
        }
        const firstInsert = inserts[0];
        if (!bad && firstInsert !== undefined) {
          const meta = metas[firstInsert.digest];
          const settle = 15 * 60 * 1000;
          if (meta !== undefined && !Number.isNaN(recordedMs) && recordedMs < meta.start - settle)
            report(
              'record-late',
              `recorded ${recordedAt ?? ''} but streamed in ${at(firstInsert)}: written late (clock skew, a retry) or backdated`,
              where,
            );
          intact += 1;
        }
      }
      if (Date.now() - lastProgress > 2000) {
        lastProgress = Date.now();
        progress(`compared: ${p + 1}/${partitionCount} partitions`);
      }
    }

    return {
      digests: metas.length,
      digestsValid,
      entries,
      records: recordCount,
      recordsIntact: intact,
      duplicateEntries: duplicates,
      ...(first !== undefined && last !== undefined
        ? { covered: { from: isoSeconds(first.start), to: isoSeconds(last.end) } }
        : {}),
      counts,
      tampering,
      unverifiable,
      notices,
      intact: tampering === 0 && unverifiable === 0,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
