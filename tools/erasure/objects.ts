/**
 * A subject's object versions in the vault bucket: listing every version and delete marker under its two
 * prefixes, and deleting exactly those versions.
 *
 * - ListObjectVersions with no delimiter (a delimiter would fold nested keys into `CommonPrefixes`), paged
 *   with `NextKeyMarker`/`NextVersionIdMarker`, and `EncodingType: 'url'` so that a key with a character
 *   XML 1.0 cannot carry still lists (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html).
 * - Every listed key is filtered exactly (`isSubjectKey`) before anything is deleted: the reference prefix
 *   `references/<id>.` also lists other subjects' references.
 * - Deletes always name the version: a DeleteObject without a version id only adds a delete marker and the
 *   bytes stay (https://docs.aws.amazon.com/AmazonS3/latest/userguide/DeletingObjectVersions.html). Batches
 *   of at most 1000 in DeleteObjects, quiet mode; a 200 answer can still carry per-object errors, and S3
 *   reports a missing version as deleted, so success is proven by listing again, never by the answer
 *   (https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html).
 */
import { DeleteObjectsCommand, type S3Client } from '@aws-sdk/client-s3';
import { objectVersionPages } from '../cli/s3-versions';
import { decodeS3Key } from '../../lambda-src/verifier/s3-event';
import { isSubjectKey, subjectPrefixes } from './subject';

/** One version or delete marker of one of the subject's keys. */
export interface SubjectEntry {
  readonly key: string;
  /** The version id; `"null"` for a version written while versioning was off or suspended. */
  readonly versionId: string;
  readonly deleteMarker: boolean;
  /** Whether it is the key's current version (or current delete marker). */
  readonly isLatest: boolean;
  /** Bytes (versions only). */
  readonly size?: number;
  readonly lastModified?: string;
}

export interface SubjectListing {
  /** The subject's entries, in S3's listing order (uploads first, then references). */
  readonly entries: readonly SubjectEntry[];
  /** Keys under the reference prefix that are not the subject's (another subject's, or outside the layout). */
  readonly othersUnderPrefix: number;
}

/** Page size of the listing; S3 returns at most 1000 entries a page. */
export const LIST_PAGE_SIZE = 1000;
/** DeleteObjects accepts at most 1000 objects a request. */
export const DELETE_BATCH_SIZE = 1000;

function decoded(text: string | undefined): string | undefined {
  return text === undefined ? undefined : decodeS3Key(text);
}

/** Every version and delete marker of the subject's keys; `progress` hears the count after each page. */
export async function listSubject(
  s3: S3Client,
  bucket: string,
  subjectId: string,
  progress: (listed: number) => void = () => undefined,
): Promise<SubjectListing> {
  const entries: SubjectEntry[] = [];
  const others = new Set<string>();
  for (const prefix of subjectPrefixes(subjectId)) {
    const input = { Bucket: bucket, Prefix: prefix, EncodingType: 'url' as const, MaxKeys: LIST_PAGE_SIZE };
    for await (const page of objectVersionPages(s3, input, decodeS3Key)) {
      const found: SubjectEntry[] = [];
      for (const v of page.Versions ?? []) {
        const key = decoded(v.Key);
        if (key === undefined || v.VersionId === undefined) continue;
        found.push({
          key,
          versionId: v.VersionId,
          deleteMarker: false,
          isLatest: v.IsLatest === true,
          ...(v.Size !== undefined ? { size: v.Size } : {}),
          ...(v.LastModified !== undefined ? { lastModified: v.LastModified.toISOString() } : {}),
        });
      }
      for (const m of page.DeleteMarkers ?? []) {
        const key = decoded(m.Key);
        if (key === undefined || m.VersionId === undefined) continue;
        found.push({
          key,
          versionId: m.VersionId,
          deleteMarker: true,
          isLatest: m.IsLatest === true,
          ...(m.LastModified !== undefined ? { lastModified: m.LastModified.toISOString() } : {}),
        });
      }
      // S3 returns versions and delete markers in two lists: put each key's entries back together, newest first.
      found.sort(
        (a, b) =>
          Buffer.compare(Buffer.from(a.key, 'utf8'), Buffer.from(b.key, 'utf8')) ||
          (b.lastModified ?? '').localeCompare(a.lastModified ?? ''),
      );
      for (const entry of found) {
        if (isSubjectKey(subjectId, entry.key)) entries.push(entry);
        else others.add(entry.key);
      }
      progress(entries.length);
    }
  }
  return { entries, othersUnderPrefix: others.size };
}

/** An entry S3 did not delete, with S3's error code. */
export interface DeleteFailure {
  readonly key: string;
  readonly versionId: string;
  readonly code: string;
}

/**
 * Deletes exactly these versions and markers, in batches of `DELETE_BATCH_SIZE`. `afterBatch` hears each
 * batch's deleted entries (to journal them) before the next batch starts. Returns the entries S3 reported
 * an error for; a failed request (network, throttling beyond the SDK's retries) throws.
 */
export async function deleteEntries(
  s3: S3Client,
  bucket: string,
  entries: readonly SubjectEntry[],
  afterBatch: (deleted: readonly SubjectEntry[]) => void,
): Promise<DeleteFailure[]> {
  const failures: DeleteFailure[] = [];
  for (let start = 0; start < entries.length; start += DELETE_BATCH_SIZE) {
    const batch = entries.slice(start, start + DELETE_BATCH_SIZE);
    const out = await s3.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Quiet: true, Objects: batch.map((e) => ({ Key: e.key, VersionId: e.versionId })) },
      }),
    );
    const failed = new Set<string>();
    for (const error of out.Errors ?? []) {
      const key = error.Key ?? '';
      const versionId = error.VersionId ?? '';
      failed.add(`${key}\u0000${versionId}`);
      failures.push({ key, versionId, code: error.Code ?? 'unknown' });
    }
    afterBatch(batch.filter((e) => !failed.has(`${e.key}\u0000${e.versionId}`)));
  }
  return failures;
}
