/**
 * CloudTrail log-file integrity validation, as `aws cloudtrail validate-logs` does it, following
 * AWS's "CloudTrail digest file structure" and "custom implementation of CloudTrail log file
 * integrity validation":
 *
 * - digest files live at `<prefix/>AWSLogs/<account>/CloudTrail-Digest/<region>/YYYY/MM/DD/
 *   <account>_CloudTrail-Digest_<region>_<trail>_<region>_<YYYYMMDDTHHMMSSZ>.json.gz` (gzipped JSON);
 * - each digest is signed SHA256withRSA over the string
 *   `<digestEndTime>\n<digestS3Bucket>/<digestS3Object>\n<hex SHA-256 of the uncompressed digest>\n<previousDigestSignature or "null">`;
 *   the hex signature is the object's `x-amz-meta-signature` metadata (`signature-algorithm` beside it),
 *   the public key is the one `ListPublicKeys` returns under the digest's `digestPublicKeyFingerprint`;
 * - each digest lists the log files delivered in its hour with the hex SHA-256 of their
 *   uncompressed content, and names the previous digest (object, hash of its content, signature),
 *   which chains the digests: removing or altering one breaks the next one's reference.
 *
 * Findings report digests and log files that are missing, changed, unsigned or out of chain.
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { isJsonObject } from '../plan-summary/plan-types';

/** The S3 operations the validator needs: enough to run against a real bucket, s3rver, or a fake. */
export interface IntegrityStore {
  /** Keys (and last-modified times) under a prefix, all pages. */
  list(bucket: string, prefix: string): Promise<{ key: string; lastModified?: Date }[]>;
  /** The object's bytes and user metadata (lower-case keys without `x-amz-meta-`); `undefined` when it does not exist. */
  get(bucket: string, key: string): Promise<{ body: Uint8Array; metadata: Record<string, string> } | undefined>;
}

export interface TrailPublicKey {
  readonly fingerprint: string;
  /** The key as ListPublicKeys returns it: DER (PKCS#1 RSAPublicKey or SPKI), or base64 text of it. */
  readonly value: Uint8Array;
}

/** CloudTrail's `ListPublicKeys` for a time range (all pages). */
export type PublicKeySource = (start: Date, end: Date) => Promise<readonly TrailPublicKey[]>;

export interface DigestValidationTarget {
  readonly bucket: string;
  /** The trail's S3 key prefix, without a trailing slash; empty when none. */
  readonly prefix?: string;
  readonly accountId: string;
  /** Regions whose digests to validate (a multi-region trail writes one chain per region). */
  readonly regions: readonly string[];
  /** Trail name, to ignore other trails' digests in a shared bucket. */
  readonly trailName?: string;
  readonly start: Date;
  readonly end: Date;
}

export type FindingKind =
  | 'digest-invalid-signature'
  | 'digest-unsigned'
  | 'digest-unreadable'
  | 'digest-wrong-location'
  | 'digest-no-public-key'
  | 'digest-missing'
  | 'chain-broken'
  | 'chain-start'
  | 'log-missing'
  | 'log-changed'
  | 'log-unsigned';

/** `chain-start` (logging was started, or restarted after a stop) is reported but is not a failure. */
export const NON_FAILING: ReadonlySet<FindingKind> = new Set(['chain-start']);

export interface IntegrityFinding {
  readonly kind: FindingKind;
  /** `s3://bucket/key` of the object concerned. */
  readonly object: string;
  readonly detail: string;
}

export interface IntegrityReport {
  readonly digestsChecked: number;
  readonly digestsValid: number;
  readonly logsChecked: number;
  readonly logsValid: number;
  readonly findings: readonly IntegrityFinding[];
  readonly ok: boolean;
  /** Oldest digest start and newest digest end covered, ISO 8601; undefined when no digest was found. */
  readonly covered?: { readonly from: string; readonly to: string };
}

/** Fields of a digest file this validator relies on. */
export interface DigestFile {
  readonly awsAccountId: string;
  readonly digestStartTime: string;
  readonly digestEndTime: string;
  readonly digestS3Bucket: string;
  readonly digestS3Object: string;
  readonly digestPublicKeyFingerprint: string;
  readonly digestSignatureAlgorithm: string;
  readonly previousDigestS3Bucket: string | null;
  readonly previousDigestS3Object: string | null;
  readonly previousDigestHashValue: string | null;
  readonly previousDigestHashAlgorithm: string | null;
  readonly previousDigestSignature: string | null;
  readonly logFiles: readonly {
    readonly s3Bucket: string;
    readonly s3Object: string;
    readonly hashValue: string;
    readonly hashAlgorithm: string;
  }[];
}

/** The string CloudTrail signs for a digest. `digestSha256Hex` is of the uncompressed digest file. */
export function digestSigningString(digest: DigestFile, digestSha256Hex: string): string {
  return `${digest.digestEndTime}\n${digest.digestS3Bucket}/${digest.digestS3Object}\n${digestSha256Hex}\n${digest.previousDigestSignature ?? 'null'}`;
}

/** Timestamp at the end of a digest object's name, or undefined if the key is not a digest. */
export function digestEndFromKey(key: string): Date | undefined {
  const m = /_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z(_backfill)?\.json\.gz$/.exec(key);
  if (m === null) return undefined;
  return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
}

export function loadPublicKey(value: Uint8Array): KeyObject {
  const attempts: Buffer[] = [Buffer.from(value)];
  const text = Buffer.from(value).toString('ascii');
  if (/^[A-Za-z0-9+/=\s]+$/.test(text)) attempts.push(Buffer.from(text, 'base64'));
  let last: unknown;
  for (const der of attempts) {
    for (const type of ['pkcs1', 'spki'] as const) {
      try {
        return createPublicKey({ key: der, format: 'der', type });
      } catch (error) {
        last = error;
      }
    }
  }
  throw new Error('public key is neither DER PKCS#1, DER SPKI nor base64 of either', { cause: last });
}

const s3url = (bucket: string, key: string): string => `s3://${bucket}/${key}`;

interface LoadedDigest {
  readonly key: string;
  readonly end: Date;
  readonly backfill: boolean;
  readonly digest?: DigestFile;
  readonly sha256?: string;
  readonly signature?: string;
  readonly valid: boolean;
}

export async function validateLogIntegrity(
  target: DigestValidationTarget,
  store: IntegrityStore,
  publicKeys: PublicKeySource,
): Promise<IntegrityReport> {
  const findings: IntegrityFinding[] = [];
  const prefix = target.prefix !== undefined && target.prefix !== '' ? `${target.prefix.replace(/\/+$/, '')}/` : '';
  // Keys valid at any point of the range; a digest is signed with the key of its hour.
  const keys = new Map<string, KeyObject>();
  for (const k of await publicKeys(target.start, target.end)) {
    try {
      keys.set(k.fingerprint, loadPublicKey(k.value));
    } catch {
      // Unusable key: digests signed with it are reported as having no public key.
    }
  }
  let digestsChecked = 0;
  let digestsValid = 0;
  let logsChecked = 0;
  let logsValid = 0;
  let coveredFrom: Date | undefined;
  let coveredTo: Date | undefined;

  for (const region of target.regions) {
    const digestPrefix = `${prefix}AWSLogs/${target.accountId}/CloudTrail-Digest/${region}/`;
    const trailPart =
      target.trailName !== undefined
        ? `_CloudTrail-Digest_${region}_${target.trailName}_${region}_`
        : '_CloudTrail-Digest_';
    const listed = (await store.list(target.bucket, digestPrefix))
      .map((o) => ({ key: o.key, end: digestEndFromKey(o.key) }))
      .filter((o): o is { key: string; end: Date } => o.end !== undefined && o.key.includes(trailPart))
      .filter((o) => o.end >= target.start && o.end <= target.end)
      .sort((a, b) => a.end.getTime() - b.end.getTime() || a.key.localeCompare(b.key));

    const loaded: LoadedDigest[] = [];
    for (const entry of listed) {
      digestsChecked += 1;
      const d = await loadDigest(target.bucket, entry.key, entry.end, store, keys, findings);
      if (d.valid) digestsValid += 1;
      loaded.push(d);
    }
    const chain = loaded.filter((d) => !d.backfill);
    const byKey = new Map(chain.map((d) => [d.key, d]));

    // Chain links, newest to oldest, as validate-logs walks them.
    for (let i = chain.length - 1; i >= 0; i--) {
      const current = chain[i];
      if (current?.digest === undefined || !current.valid) continue;
      const previousInRange = i > 0 ? chain[i - 1] : undefined;
      const prevKey = current.digest.previousDigestS3Object;
      const url = s3url(target.bucket, current.key);
      if (prevKey === null || current.digest.previousDigestSignature === null) {
        findings.push({
          kind: 'chain-start',
          object: url,
          detail: 'first digest of a chain (logging started or restarted here)',
        });
        continue;
      }
      if (current.digest.previousDigestS3Bucket !== null && current.digest.previousDigestS3Bucket !== target.bucket) {
        findings.push({
          kind: 'chain-broken',
          object: url,
          detail: `previous digest is in another bucket: ${current.digest.previousDigestS3Bucket}`,
        });
        continue;
      }
      const previous = byKey.get(prevKey);
      if (previous === undefined) {
        const prevEnd = digestEndFromKey(prevKey);
        if (prevEnd !== undefined && prevEnd >= target.start) {
          findings.push({
            kind: 'digest-missing',
            object: s3url(target.bucket, prevKey),
            detail: `referenced by ${current.key} as its previous digest, not found`,
          });
        }
        continue;
      }
      if (previousInRange !== undefined && previousInRange.key !== previous.key) {
        findings.push({
          kind: 'chain-broken',
          object: s3url(target.bucket, previousInRange.key),
          detail: `not referenced by the next digest ${current.key}, which names ${prevKey}`,
        });
      }
      if (previous.signature !== undefined && previous.signature !== current.digest.previousDigestSignature) {
        findings.push({
          kind: 'chain-broken',
          object: url,
          detail: `previousDigestSignature does not match the signature of ${prevKey}`,
        });
      }
      if (previous.sha256 !== undefined && current.digest.previousDigestHashValue !== previous.sha256) {
        findings.push({
          kind: 'chain-broken',
          object: url,
          detail: `previousDigestHashValue does not match the content of ${prevKey}`,
        });
      }
    }

    // Log files of every valid digest.
    const referenced = new Set<string>();
    for (const d of loaded) {
      if (d.digest === undefined) continue;
      const start = new Date(d.digest.digestStartTime);
      if (coveredFrom === undefined || start < coveredFrom) coveredFrom = start;
      if (coveredTo === undefined || d.end > coveredTo) coveredTo = d.end;
      for (const log of d.digest.logFiles) referenced.add(s3url(log.s3Bucket, log.s3Object));
      if (!d.valid) continue;
      for (const log of d.digest.logFiles) {
        logsChecked += 1;
        const url = s3url(log.s3Bucket, log.s3Object);
        const object = await store.get(log.s3Bucket, log.s3Object);
        if (object === undefined) {
          findings.push({ kind: 'log-missing', object: url, detail: `listed in ${d.key}, not found` });
          continue;
        }
        let hash: string;
        try {
          hash = createHash('sha256').update(gunzipSync(object.body)).digest('hex');
        } catch {
          findings.push({ kind: 'log-changed', object: url, detail: 'not a gzip file any more' });
          continue;
        }
        if (hash !== log.hashValue) {
          findings.push({
            kind: 'log-changed',
            object: url,
            detail: `SHA-256 ${hash} differs from ${log.hashValue} in ${d.key}`,
          });
          continue;
        }
        logsValid += 1;
      }
    }

    // Log files delivered within the covered hours that no digest lists.
    const regionFrom = loaded[0]?.digest?.digestStartTime;
    const regionTo = loaded[loaded.length - 1]?.end;
    if (regionFrom !== undefined && regionTo !== undefined) {
      const logPrefix = `${prefix}AWSLogs/${target.accountId}/CloudTrail/${region}/`;
      for (const o of await store.list(target.bucket, logPrefix)) {
        if (o.lastModified === undefined || o.lastModified < new Date(regionFrom) || o.lastModified > regionTo)
          continue;
        const url = s3url(target.bucket, o.key);
        if (!referenced.has(url))
          findings.push({
            kind: 'log-unsigned',
            object: url,
            detail: `delivered ${o.lastModified.toISOString()}, listed in no digest`,
          });
      }
    }
  }

  const failing = findings.filter((f) => !NON_FAILING.has(f.kind));
  return {
    digestsChecked,
    digestsValid,
    logsChecked,
    logsValid,
    findings,
    ok: failing.length === 0,
    ...(coveredFrom !== undefined && coveredTo !== undefined
      ? { covered: { from: coveredFrom.toISOString(), to: coveredTo.toISOString() } }
      : {}),
  };
}

async function loadDigest(
  bucket: string,
  key: string,
  end: Date,
  store: IntegrityStore,
  keys: ReadonlyMap<string, KeyObject>,
  findings: IntegrityFinding[],
): Promise<LoadedDigest> {
  const url = s3url(bucket, key);
  const backfill = key.endsWith('_backfill.json.gz');
  const object = await store.get(bucket, key);
  if (object === undefined) {
    findings.push({ kind: 'digest-missing', object: url, detail: 'listed but not readable' });
    return { key, end, backfill, valid: false };
  }
  let content: Buffer;
  let digest: DigestFile;
  try {
    content = gunzipSync(object.body);
    digest = parseDigest(JSON.parse(content.toString('utf8')));
  } catch (error) {
    findings.push({
      kind: 'digest-unreadable',
      object: url,
      detail: error instanceof Error ? error.message : String(error),
    });
    return { key, end, backfill, valid: false };
  }
  const sha256 = createHash('sha256').update(content).digest('hex');
  const signature = object.metadata.signature;
  const base = { key, end, backfill, digest, sha256, ...(signature !== undefined ? { signature } : {}) };
  if (signature === undefined || signature === '') {
    findings.push({ kind: 'digest-unsigned', object: url, detail: 'no x-amz-meta-signature' });
    return { ...base, valid: false };
  }
  if (digest.digestS3Bucket !== bucket || digest.digestS3Object !== key) {
    findings.push({
      kind: 'digest-wrong-location',
      object: url,
      detail: `says it is s3://${digest.digestS3Bucket}/${digest.digestS3Object}`,
    });
    return { ...base, valid: false };
  }
  const algorithm = object.metadata['signature-algorithm'] ?? digest.digestSignatureAlgorithm;
  if (algorithm !== 'SHA256withRSA') {
    findings.push({
      kind: 'digest-invalid-signature',
      object: url,
      detail: `unsupported signature algorithm ${algorithm}`,
    });
    return { ...base, valid: false };
  }
  const publicKey = keys.get(digest.digestPublicKeyFingerprint);
  if (publicKey === undefined) {
    findings.push({
      kind: 'digest-no-public-key',
      object: url,
      detail: `no public key with fingerprint ${digest.digestPublicKeyFingerprint} for the range`,
    });
    return { ...base, valid: false };
  }
  let valid: boolean;
  try {
    valid =
      /^[0-9a-f]+$/i.test(signature) &&
      verify(
        'sha256',
        Buffer.from(digestSigningString(digest, sha256), 'utf8'),
        publicKey,
        Buffer.from(signature, 'hex'),
      );
  } catch {
    valid = false;
  }
  if (!valid)
    findings.push({
      kind: 'digest-invalid-signature',
      object: url,
      detail: 'RSA signature does not verify: the digest or its metadata changed',
    });
  return { ...base, valid };
}

function parseDigest(raw: unknown): DigestFile {
  if (!isJsonObject(raw)) throw new Error('digest is not a JSON object');
  const str = (f: string): string => {
    const v = raw[f];
    if (typeof v !== 'string') throw new Error(`digest field ${f} must be a string (received ${JSON.stringify(v)})`);
    return v;
  };
  const opt = (f: string): string | null => {
    const v = raw[f];
    if (v === null || v === undefined) return null;
    if (typeof v !== 'string')
      throw new Error(`digest field ${f} must be a string or null (received ${JSON.stringify(v)})`);
    return v;
  };
  const logs = raw.logFiles;
  if (!Array.isArray(logs)) throw new Error('digest field logFiles must be a list');
  return {
    awsAccountId: str('awsAccountId'),
    digestStartTime: str('digestStartTime'),
    digestEndTime: str('digestEndTime'),
    digestS3Bucket: str('digestS3Bucket'),
    digestS3Object: str('digestS3Object'),
    digestPublicKeyFingerprint: str('digestPublicKeyFingerprint'),
    digestSignatureAlgorithm: str('digestSignatureAlgorithm'),
    previousDigestS3Bucket: opt('previousDigestS3Bucket'),
    previousDigestS3Object: opt('previousDigestS3Object'),
    previousDigestHashValue: opt('previousDigestHashValue'),
    previousDigestHashAlgorithm: opt('previousDigestHashAlgorithm'),
    previousDigestSignature: opt('previousDigestSignature'),
    logFiles: logs.map((l, i) => {
      if (!isJsonObject(l)) throw new Error(`logFiles[${i}] must be an object`);
      const s = (f: string): string => {
        const v = l[f];
        if (typeof v !== 'string') throw new Error(`logFiles[${i}].${f} must be a string`);
        return v;
      };
      return {
        s3Bucket: s('s3Bucket'),
        s3Object: s('s3Object'),
        hashValue: s('hashValue'),
        hashAlgorithm: s('hashAlgorithm'),
      };
    }),
  };
}
