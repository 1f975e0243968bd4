/**
 * The erasure's side of the ledger: the hashes the verifier recorded for the subject's versions, and the one
 * erasure record of a request.
 *
 * Hashes come from the verifier's decision records (`bySubject` index), never from the images: `imageSha256`
 * of the record `UPLOAD#<bucket>/<key>#<versionId>` is the SHA-256 of that upload version's bytes as the
 * verifier analysed them, and `referenceSha256` with `referenceKey`/`referenceVersionId` the SHA-256 of the
 * reference version it compared against. S3's ETag is no content hash for an SSE-KMS object
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html), and the erasure role
 * may not read images.
 */
import { createHash } from 'node:crypto';
import {
  ConditionalCheckFailedException,
  PutItemCommand,
  QueryCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import {
  LEDGER_ERASURE_PK_PREFIX,
  LEDGER_ERASURE_SCHEMA_VERSION,
  LEDGER_GSI_BY_SUBJECT,
  LEDGER_PARTITION_KEY,
  LEDGER_PK_PREFIX,
  LEDGER_SUBJECT_ATTRIBUTE,
} from '../../lambda-src/verifier/ledger-schema';
import type { SubjectEntry } from './objects';

/** A hash the verifier recorded for one version, and the record it is read from. */
export interface RecordedHash {
  readonly sha256: string;
  /** The `pk` of the verifier's record that holds it. */
  readonly recordPk: string;
}

/** An erasure record already in the ledger for the subject. */
export interface PriorErasure {
  readonly requestId: string;
  readonly recordedAt: string;
}

export interface SubjectLedger {
  /** By `versionKey(key, versionId)`. */
  readonly hashes: ReadonlyMap<string, RecordedHash>;
  readonly erasures: readonly PriorErasure[];
}

/** Above this many distinct hashes the record carries only the manifest's hash (items are at most 400 KB). */
export const MAX_INLINE_HASHES = 2000;

export function versionKey(key: string, versionId: string): string {
  return `${key}\u0000${versionId}`;
}

function s(item: Record<string, AttributeValue>, name: string): string | undefined {
  const value = item[name];
  return value !== undefined && 'S' in value && typeof value.S === 'string' ? value.S : undefined;
}

/** The subject's records in the `bySubject` index: hashes of this bucket's versions, and earlier erasures. */
export async function readSubjectLedger(
  dynamodb: DynamoDBClient,
  table: string,
  bucket: string,
  subjectId: string,
): Promise<SubjectLedger> {
  const hashes = new Map<string, RecordedHash>();
  const erasures: PriorErasure[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await dynamodb.send(
      new QueryCommand({
        TableName: table,
        IndexName: LEDGER_GSI_BY_SUBJECT,
        KeyConditionExpression: '#s = :s',
        ExpressionAttributeNames: { '#s': LEDGER_SUBJECT_ATTRIBUTE },
        ExpressionAttributeValues: { ':s': { S: subjectId } },
        ...(start !== undefined ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      const pk = s(item, LEDGER_PARTITION_KEY) ?? '';
      if (pk.startsWith(LEDGER_ERASURE_PK_PREFIX)) {
        erasures.push({ requestId: s(item, 'requestId') ?? '', recordedAt: s(item, 'recordedAt') ?? '' });
        continue;
      }
      if (!pk.startsWith(LEDGER_PK_PREFIX) || s(item, 'bucket') !== bucket) continue;
      const key = s(item, 'objectKey');
      const imageSha256 = s(item, 'imageSha256');
      // A record without a versionId is of an unversioned write: S3 lists it as the "null" version.
      if (key !== undefined && imageSha256 !== undefined)
        hashes.set(versionKey(key, s(item, 'versionId') ?? 'null'), { sha256: imageSha256, recordPk: pk });
      const referenceKey = s(item, 'referenceKey');
      const referenceSha256 = s(item, 'referenceSha256');
      if (referenceKey !== undefined && referenceSha256 !== undefined)
        hashes.set(versionKey(referenceKey, s(item, 'referenceVersionId') ?? 'null'), {
          sha256: referenceSha256,
          recordPk: pk,
        });
    }
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return { hashes, erasures };
}

/** One line per destroyed version or marker: key, version, kind, size, the recorded SHA-256 and its record. */
export function manifestLines(entries: readonly SubjectEntry[], hashes: ReadonlyMap<string, RecordedHash>): string[] {
  return [...entries]
    .sort(
      (a, b) =>
        Buffer.compare(Buffer.from(a.key, 'utf8'), Buffer.from(b.key, 'utf8')) ||
        (a.versionId < b.versionId ? -1 : a.versionId > b.versionId ? 1 : 0),
    )
    .map((e) => {
      const hash = hashes.get(versionKey(e.key, e.versionId));
      return JSON.stringify({
        key: e.key,
        versionId: e.versionId,
        kind: e.deleteMarker ? 'delete-marker' : 'version',
        size: e.size ?? 0,
        sha256: hash?.sha256 ?? null,
        hashFrom: hash?.recordPk ?? null,
      });
    });
}

export interface ErasureFacts {
  readonly requestId: string;
  readonly subjectId: string;
  readonly reason: string;
  readonly requestedBy: string;
  readonly bucket: string;
  readonly prefixes: readonly string[];
  readonly startedAt: string;
  readonly recordedAt: string;
  readonly runs: number;
  /** Every version and marker the request deleted, over all its runs. */
  readonly deleted: readonly SubjectEntry[];
  readonly hashes: ReadonlyMap<string, RecordedHash>;
}

export interface ErasureSummary {
  readonly keysErased: number;
  readonly versionsDeleted: number;
  readonly deleteMarkersDeleted: number;
  readonly bytesDeleted: number;
  readonly hashedVersions: number;
  readonly destroyedSha256: readonly string[];
  readonly hashesInline: boolean;
  readonly manifestSha256: string;
}

export function summarize(deleted: readonly SubjectEntry[], hashes: ReadonlyMap<string, RecordedHash>): ErasureSummary {
  const versions = deleted.filter((e) => !e.deleteMarker);
  const recorded = versions.flatMap((e) => {
    const hash = hashes.get(versionKey(e.key, e.versionId));
    return hash === undefined ? [] : [hash.sha256];
  });
  const distinct = [...new Set(recorded)].sort();
  const lines = manifestLines(deleted, hashes);
  return {
    keysErased: new Set(deleted.map((e) => e.key)).size,
    versionsDeleted: versions.length,
    deleteMarkersDeleted: deleted.length - versions.length,
    bytesDeleted: versions.reduce((sum, e) => sum + (e.size ?? 0), 0),
    hashedVersions: recorded.length,
    destroyedSha256: distinct.length <= MAX_INLINE_HASHES ? distinct : [],
    hashesInline: distinct.length <= MAX_INLINE_HASHES,
    manifestSha256: createHash('sha256')
      .update(lines.map((l) => `${l}\n`).join(''))
      .digest('hex'),
  };
}

/** The erasure record's key: one per request, so a resumed run writes the same record. */
export function erasurePk(requestId: string): string {
  return `${LEDGER_ERASURE_PK_PREFIX}${requestId}`;
}

/** The erasure record as an item (layout: `LEDGER_ERASURE_RECORD_ATTRIBUTES_V1`). */
export function erasureItem(facts: ErasureFacts, summary: ErasureSummary): Record<string, AttributeValue> {
  const n = (value: number): AttributeValue => ({ N: String(value) });
  return {
    pk: { S: erasurePk(facts.requestId) },
    schemaVersion: n(LEDGER_ERASURE_SCHEMA_VERSION),
    recordedAt: { S: facts.recordedAt },
    subjectId: { S: facts.subjectId },
    requestId: { S: facts.requestId },
    reason: { S: facts.reason },
    requestedBy: { S: facts.requestedBy },
    startedAt: { S: facts.startedAt },
    runs: n(facts.runs),
    bucket: { S: facts.bucket },
    prefixes: { L: facts.prefixes.map((p) => ({ S: p })) },
    keysErased: n(summary.keysErased),
    versionsDeleted: n(summary.versionsDeleted),
    deleteMarkersDeleted: n(summary.deleteMarkersDeleted),
    bytesDeleted: n(summary.bytesDeleted),
    hashedVersions: n(summary.hashedVersions),
    destroyedSha256: { L: summary.destroyedSha256.map((h) => ({ S: h })) },
    manifestSha256: { S: summary.manifestSha256 },
    remainingAfter: n(0),
  };
}

/**
 * Appends the record once: `attribute_not_exists(pk)` makes a second put of the same request a no-op
 * ("already-recorded"), never a second record or an overwrite.
 */
export async function putErasureRecord(
  dynamodb: DynamoDBClient,
  table: string,
  item: Record<string, AttributeValue>,
): Promise<'written' | 'already-recorded'> {
  try {
    await dynamodb.send(
      new PutItemCommand({
        TableName: table,
        Item: item,
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': LEDGER_PARTITION_KEY },
      }),
    );
    return 'written';
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'already-recorded';
    throw error;
  }
}
