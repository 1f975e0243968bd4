/**
 * Where `ledger:verify` reads from: a DynamoDB export on disk (DYNAMODB_JSON, as `ExportTableToPointInTime`
 * writes it) with a copy of the digest bucket next to it, or the live table, bucket and key.
 *
 * Export layout (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/S3DataExport.Output.html):
 * `manifest-summary.json` (`itemCount`, `outputFormat`, `exportTime`), `manifest-files.json` (JSON lines:
 * `itemCount`, `md5Checksum`, `dataFileS3Key` per data file) and `data/<name>.json.gz` (JSON lines
 * `{"Item":{…}}`). Each data file's MD5 and item count, and the total, are checked as it streams: a missing,
 * truncated or changed file stops the check.
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { GetPublicKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { DIGEST_PREFIX, PUBLIC_KEY_PREFIX, sha256Hex } from '../../lambda-src/ledger-integrity/digest-format';
import {
  VerifyInputError,
  type DigestSource,
  type PublicKeyResolver,
  type RecordSource,
  type TrustedKey,
} from './verify';

// ------------------------------------------------------------------ export on disk

interface ManifestFile {
  readonly itemCount: number;
  readonly md5Checksum: string;
  readonly dataFileS3Key: string;
}

/** The export's directory: `dir` itself, or the one `AWSDynamoDB/<export id>/` below it. */
export function findExportDirectory(dir: string): string {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new VerifyInputError(`--export ${dir}: no such directory`);
  if (existsSync(join(dir, 'manifest-summary.json'))) return dir;
  const base = join(dir, 'AWSDynamoDB');
  const candidates = existsSync(base)
    ? readdirSync(base)
        .map((id) => join(base, id))
        .filter((d) => existsSync(join(d, 'manifest-summary.json')))
    : [];
  if (candidates.length === 1 && candidates[0] !== undefined) return candidates[0];
  throw new VerifyInputError(
    candidates.length === 0
      ? `--export ${dir}: no manifest-summary.json in it or in AWSDynamoDB/<export id>/: not a DynamoDB export`
      : `--export ${dir}: ${candidates.length} exports under AWSDynamoDB/; name one of them`,
  );
}

function readJson(path: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new VerifyInputError(
      `${what} (${path}) is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function md5Matches(expected: string, actual: Buffer): boolean {
  return expected === actual.toString('base64') || expected.toLowerCase() === actual.toString('hex');
}

/** The records of a DynamoDB export (DYNAMODB_JSON), streamed file by file, checked against its manifests. */
export function exportRecords(dir: string): RecordSource {
  const exportDir = findExportDirectory(dir);
  const summary = readJson(join(exportDir, 'manifest-summary.json'), 'manifest-summary.json') as Record<
    string,
    unknown
  >;
  const format = summary.outputFormat ?? 'DYNAMODB_JSON';
  if (format !== 'DYNAMODB_JSON')
    throw new VerifyInputError(
      `the export's outputFormat is ${JSON.stringify(format)}: only DYNAMODB_JSON exports can be verified (export again with --export-format DYNAMODB_JSON)`,
    );
  if (summary.exportType !== undefined && summary.exportType !== 'FULL_EXPORT')
    throw new VerifyInputError(
      `the export is ${JSON.stringify(summary.exportType)}: verify a full export (an incremental one holds only changes)`,
    );
  const itemCount = summary.itemCount;
  if (typeof itemCount !== 'number' || !Number.isSafeInteger(itemCount) || itemCount < 0)
    throw new VerifyInputError('manifest-summary.json has no itemCount: not a complete DynamoDB export');
  const exportTime = typeof summary.exportTime === 'string' ? Date.parse(summary.exportTime) : Number.NaN;
  if (Number.isNaN(exportTime)) throw new VerifyInputError('manifest-summary.json has no valid exportTime');
  const manifestPath = join(exportDir, 'manifest-files.json');
  if (!existsSync(manifestPath))
    throw new VerifyInputError(`no manifest-files.json in ${exportDir}: the export is incomplete`);
  const files: ManifestFile[] = readFileSync(manifestPath, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line, i) => {
      let raw: Record<string, unknown>;
      try {
        raw = JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new VerifyInputError(`manifest-files.json line ${i + 1} is not JSON`);
      }
      const { itemCount: n, md5Checksum, dataFileS3Key } = raw;
      if (typeof n !== 'number' || typeof md5Checksum !== 'string' || typeof dataFileS3Key !== 'string')
        throw new VerifyInputError(`manifest-files.json line ${i + 1} lacks itemCount, md5Checksum or dataFileS3Key`);
      return { itemCount: n, md5Checksum, dataFileS3Key };
    });
  const listed = files.reduce((n, f) => n + f.itemCount, 0);
  if (listed !== itemCount)
    throw new VerifyInputError(
      `manifest-files.json lists ${listed} items, manifest-summary.json says ${itemCount}: the export is incomplete`,
    );
  return {
    description: `the export ${exportDir}`,
    cutoffMs: exportTime,
    expectedCount: itemCount,
    items: async function* () {
      for (const file of files) {
        const path = join(exportDir, 'data', basename(file.dataFileS3Key));
        if (!existsSync(path))
          throw new VerifyInputError(
            `data file ${path} listed in manifest-files.json is missing: the export is incomplete`,
          );
        const md5 = createHash('md5');
        const raw = createReadStream(path);
        raw.on('data', (chunk) => md5.update(chunk));
        const gunzip = createGunzip();
        const lines = createInterface({ input: raw.pipe(gunzip), crlfDelay: Infinity });
        let broken: Error | undefined;
        const fail = (error: Error): void => {
          broken ??= error;
          lines.close();
        };
        gunzip.on('error', fail);
        raw.on('error', fail);
        let n = 0;
        try {
          for await (const line of lines) {
            if (broken !== undefined) break;
            if (line.trim() === '') continue;
            let parsed: unknown;
            try {
              parsed = JSON.parse(line);
            } catch {
              throw new VerifyInputError(`data file ${path} line ${n + 1} is not JSON: the export is damaged`);
            }
            const item = (parsed as { Item?: unknown } | null)?.Item;
            if (typeof item !== 'object' || item === null || Array.isArray(item))
              throw new VerifyInputError(
                `data file ${path} line ${n + 1} has no "Item": not a DYNAMODB_JSON export line`,
              );
            n += 1;
            yield item as Record<string, unknown>;
          }
        } catch (error) {
          if (error instanceof VerifyInputError) throw error;
          broken ??= error instanceof Error ? error : new Error(String(error));
        }
        if (broken !== undefined)
          throw new VerifyInputError(
            `data file ${path} is not a complete gzip file (${broken.message}): the export is truncated or damaged`,
          );
        if (n !== file.itemCount)
          throw new VerifyInputError(
            `data file ${path} holds ${n} items, manifest-files.json says ${file.itemCount}: the export is truncated`,
          );
        if (!md5Matches(file.md5Checksum, md5.digest()))
          throw new VerifyInputError(`data file ${path} does not match its MD5 in manifest-files.json: it was changed`);
      }
    },
  };
}

/** A copy of the digest bucket on disk (`aws s3 sync s3://<digest bucket>/ <dir>/`). */
export function directoryDigests(root: string): DigestSource {
  const digestsDir = join(root, DIGEST_PREFIX);
  if (!existsSync(digestsDir))
    throw new VerifyInputError(
      `no ${DIGEST_PREFIX} directory in ${root}: copy the digest bucket next to the export (aws s3 sync s3://<digest bucket>/digests ${join(root, 'digests')})`,
    );
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
    );
  return {
    location: root,
    listKeys: () => Promise.resolve(walk(digestsDir).map((f) => relative(root, f).split(sep).join('/'))),
    read: (key) => {
      const path = join(root, ...key.split('/'));
      return Promise.resolve(existsSync(path) ? readFileSync(path) : undefined);
    },
  };
}

export function loadPublicKey(bytes: Buffer): KeyObject {
  const text = bytes.toString('utf8');
  return text.includes('-----BEGIN PUBLIC KEY-----')
    ? createPublicKey({ key: text, format: 'pem' })
    : createPublicKey({ key: bytes, format: 'der', type: 'spki' });
}

/** SHA-256 of a key's DER SubjectPublicKeyInfo: the fingerprint digests name. */
export function fingerprintOf(key: KeyObject): string {
  return sha256Hex(key.export({ format: 'der', type: 'spki' }));
}

/** Public keys from files (PEM or DER). */
export function readPublicKeys(paths: readonly string[]): KeyObject[] {
  return paths.map((path) => {
    try {
      return loadPublicKey(readFileSync(path));
    } catch (error) {
      throw new VerifyInputError(
        `${path} is not a PEM or DER public key: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  });
}

/** The `public-keys/` files of a copy of the digest bucket. */
export function copiedPublicKeys(root: string): KeyObject[] {
  const dir = join(root, PUBLIC_KEY_PREFIX);
  return existsSync(dir) ? readPublicKeys(readdirSync(dir).map((f) => join(dir, f))) : [];
}

/**
 * The keys a check trusts, each indexed by the fingerprint computed from the key itself (never a file
 * name): `explicit` ones (named by the operator, or KMS's for the alias) and copied ones.
 */
export function trustedKeys(
  explicit: readonly KeyObject[],
  copied: readonly KeyObject[] = [],
): { readonly resolve: PublicKeyResolver; readonly fingerprints: readonly string[] } {
  const keys = new Map<string, TrustedKey>();
  for (const key of copied) keys.set(fingerprintOf(key), { key, explicit: false });
  for (const key of explicit) keys.set(fingerprintOf(key), { key, explicit: true });
  return { resolve: (fingerprint) => keys.get(fingerprint), fingerprints: [...keys.keys()] };
}

// ------------------------------------------------------------------ live

export function s3Digests(s3: S3Client, bucket: string): DigestSource {
  return {
    location: `s3://${bucket}`,
    listKeys: async () => {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await s3.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: DIGEST_PREFIX,
            ...(token !== undefined && { ContinuationToken: token }),
          }),
        );
        for (const o of page.Contents ?? []) if (o.Key !== undefined) keys.push(o.Key);
        token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
      } while (token !== undefined);
      return keys;
    },
    read: async (key) => {
      try {
        const r = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return r.Body === undefined ? Buffer.alloc(0) : Buffer.from(await r.Body.transformToByteArray());
      } catch (error) {
        if (error instanceof Error && error.name === 'NoSuchKey') return undefined;
        throw error;
      }
    },
  };
}

/**
 * The environment's signing key from KMS, by its alias (never by the ARN a digest names: anyone who can
 * create a key could name their own). Every principal of the account may call GetPublicKey on it.
 */
export async function kmsPublicKey(kms: KMSClient, alias: string): Promise<KeyObject> {
  const r = await kms.send(new GetPublicKeyCommand({ KeyId: alias }));
  if (r.PublicKey === undefined) throw new VerifyInputError(`KMS returned no public key for ${alias}`);
  return createPublicKey({ key: Buffer.from(r.PublicKey), format: 'der', type: 'spki' });
}

/** Every item of the ledger table (a paged Scan; eventually consistent reads, numbers as DynamoDB returns them). */
export function tableRecords(dynamodb: DynamoDBClient, table: string, now: number): RecordSource {
  return {
    description: `the table ${table}`,
    cutoffMs: now,
    items: async function* () {
      let start: Record<string, unknown> | undefined;
      do {
        const page = await dynamodb.send(
          new ScanCommand({ TableName: table, ...(start !== undefined && { ExclusiveStartKey: start as never }) }),
        );
        for (const item of page.Items ?? []) yield item;
        start = page.LastEvaluatedKey;
      } while (start !== undefined);
    },
  };
}
