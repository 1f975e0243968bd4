/**
 * Recovery of deleted or overwritten objects from S3 versions (vault images, Terraform state).
 *
 * - deleted (the newest entry is a delete marker): remove the delete marker(s) above the newest
 *   version, which makes that version current again, byte for byte, with its original encryption;
 * - overwritten, or a chosen older version: copy that version onto the key (a new, current version;
 *   history is kept), re-encrypted under the given KMS key so the bucket policy accepts it.
 *
 * Every function plans first; nothing changes unless `apply` is set.
 */
import { CopyObjectCommand, DeleteObjectCommand, ListObjectVersionsCommand, type S3Client } from '@aws-sdk/client-s3';

export interface ObjectVersion {
  readonly versionId: string;
  readonly isLatest: boolean;
  readonly deleteMarker: boolean;
  readonly lastModified?: Date;
  readonly size?: number;
  readonly etag?: string;
}

/** Versions of exactly `key`, newest first (delete markers included). */
export async function listVersions(s3: S3Client, bucket: string, key: string): Promise<ObjectVersion[]> {
  const out: ObjectVersion[] = [];
  let keyMarker: string | undefined;
  let versionMarker: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectVersionsCommand({
        Bucket: bucket,
        Prefix: key,
        ...(keyMarker !== undefined ? { KeyMarker: keyMarker } : {}),
        ...(versionMarker !== undefined ? { VersionIdMarker: versionMarker } : {}),
      }),
    );
    for (const v of page.Versions ?? []) {
      if (v.Key !== key || v.VersionId === undefined) continue;
      out.push({
        versionId: v.VersionId,
        isLatest: v.IsLatest === true,
        deleteMarker: false,
        ...(v.LastModified ? { lastModified: v.LastModified } : {}),
        ...(v.Size !== undefined ? { size: v.Size } : {}),
        ...(v.ETag ? { etag: v.ETag } : {}),
      });
    }
    for (const m of page.DeleteMarkers ?? []) {
      if (m.Key !== key || m.VersionId === undefined) continue;
      out.push({
        versionId: m.VersionId,
        isLatest: m.IsLatest === true,
        deleteMarker: true,
        ...(m.LastModified ? { lastModified: m.LastModified } : {}),
      });
    }
    keyMarker = page.IsTruncated === true ? page.NextKeyMarker : undefined;
    versionMarker = page.IsTruncated === true ? page.NextVersionIdMarker : undefined;
  } while (keyMarker !== undefined);
  return out.sort(
    (a, b) =>
      (b.lastModified?.getTime() ?? 0) - (a.lastModified?.getTime() ?? 0) || Number(b.isLatest) - Number(a.isLatest),
  );
}

export type RestoreAction =
  | { readonly kind: 'remove-delete-markers'; readonly markers: readonly string[]; readonly restores: string }
  | { readonly kind: 'copy-version'; readonly versionId: string }
  | { readonly kind: 'nothing'; readonly reason: string };

export interface RestoreRequest {
  readonly bucket: string;
  readonly key: string;
  /** Version to make current; default: the newest version that is not a delete marker. */
  readonly versionId?: string;
  /** KMS key for a copied version (the vault bucket requires its VaultKey ARN); omit to use the bucket default. */
  readonly kmsKeyId?: string;
  readonly apply: boolean;
}

export class RecoveryError extends Error {
  public constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RecoveryError';
  }
}

/** Decides how to make a version current again. */
export function planRestore(versions: readonly ObjectVersion[], versionId?: string): RestoreAction {
  if (versions.length === 0)
    return { kind: 'nothing', reason: 'no version of this key exists (never written, or its versions were deleted)' };
  const newestData = versions.find((v) => !v.deleteMarker);
  if (newestData === undefined)
    return { kind: 'nothing', reason: 'only delete markers remain: every data version was permanently deleted' };
  const target = versionId === undefined ? newestData : versions.find((v) => v.versionId === versionId);
  if (target === undefined) throw new RecoveryError(`version ${versionId ?? ''} is not a version of this key`);
  if (target.deleteMarker) throw new RecoveryError(`version ${target.versionId} is a delete marker, not data`);
  if (target.isLatest) return { kind: 'nothing', reason: `version ${target.versionId} is already current` };
  const index = versions.indexOf(target);
  const above = versions.slice(0, index);
  if (above.every((v) => v.deleteMarker))
    return { kind: 'remove-delete-markers', markers: above.map((v) => v.versionId), restores: target.versionId };
  return { kind: 'copy-version', versionId: target.versionId };
}

export async function restoreObject(
  s3: S3Client,
  request: RestoreRequest,
): Promise<{ action: RestoreAction; applied: boolean }> {
  const action = planRestore(await listVersions(s3, request.bucket, request.key), request.versionId);
  if (!request.apply || action.kind === 'nothing') return { action, applied: false };
  if (action.kind === 'remove-delete-markers') {
    for (const marker of action.markers)
      await s3.send(new DeleteObjectCommand({ Bucket: request.bucket, Key: request.key, VersionId: marker }));
  } else {
    await s3.send(
      new CopyObjectCommand({
        Bucket: request.bucket,
        Key: request.key,
        CopySource: `${request.bucket}/${encodeURIComponent(request.key).replace(/%2F/g, '/')}?versionId=${encodeURIComponent(action.versionId)}`,
        MetadataDirective: 'COPY',
        ...(request.kmsKeyId !== undefined
          ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: request.kmsKeyId }
          : { ServerSideEncryption: 'aws:kms' }),
      }),
    );
  }
  return { action, applied: true };
}
