import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { DependencyError, VerifierError, describeAwsError } from './errors';
import { readStream, type StreamRead } from './image';
import { NULL_VERSION_ID } from './s3-event';

/** An object in S3, pinned to a version when it has a distinct one. */
export interface S3ObjectRef {
  readonly bucket: string;
  readonly key: string;
  /** Undefined on an unversioned bucket and for the `"null"` version. */
  readonly versionId: string | undefined;
}

/** What HeadObject reports about an upload. No byte is read. */
export interface ObjectHead {
  readonly sizeBytes: number;
  readonly contentType: string;
  readonly eTag: string | undefined;
  /** `aws:kms`, `aws:kms:dsse`, `AES256` or "" when S3 reports none. */
  readonly sseAlgorithm: string;
  readonly sseKmsKeyId: string | undefined;
  /** The version HeadObject answered for (undefined when unversioned or the `"null"` version). */
  readonly versionId: string | undefined;
}

/** The upload the event names exists (with what HeadObject said), or it is confirmed gone. */
export type HeadResult = { readonly found: true; readonly head: ObjectHead } | { readonly found: false };

const KMS_ALGORITHMS: ReadonlySet<string> = new Set(['aws:kms', 'aws:kms:dsse']);

/** True only for SSE-KMS (or DSSE-KMS) under exactly the vault key ARN. */
export function isEncryptedWithKey(
  head: Pick<ObjectHead, 'sseAlgorithm' | 'sseKmsKeyId'>,
  vaultKeyArn: string,
): boolean {
  return KMS_ALGORITHMS.has(head.sseAlgorithm) && head.sseKmsKeyId === vaultKeyArn;
}

/**
 * The object changed between two reads that had to see the same bytes (an unversioned key overwritten):
 * a fault, so the record is retried and then sees the key as it is.
 */
export class ObjectChangedError extends VerifierError {
  public override readonly name: string = 'ObjectChangedError';
}

/** The object is larger than the caller can take (checked from `Content-Length` before reading a byte). */
export class ObjectTooLargeError extends VerifierError {
  public override readonly name: string = 'ObjectTooLargeError';
}

/** An S3 error about a failed `If-Match` is `ObjectChangedError`; any other, a `DependencyError` of `operation`. */
function failRead(operation: string, ref: S3ObjectRef, error: unknown, when: string): never {
  const { errorName, httpStatus } = describeAwsError(error);
  if (httpStatus === 412 || errorName === 'PreconditionFailed')
    throw new ObjectChangedError(`s3://${ref.bucket}/${ref.key} changed ${when}`, { cause: error });
  return fail(operation, error);
}

function fail(operation: string, error: unknown): never {
  const { errorName, httpStatus } = describeAwsError(error);
  throw new DependencyError({ service: 'S3', operation, errorName, httpStatus }, error);
}

/** ETags compare without their quotes (S3 quotes them in headers, not in event notifications). */
function unquote(eTag: string | undefined): string | undefined {
  return eTag?.replace(/^"|"$/g, '');
}

/**
 * S3 answers a request for a missing object with 404 only to callers allowed to list the bucket, and with
 * 403 otherwise (HEAD has no body, so its 403 arrives named `Unknown`); a version that is a delete marker
 * answers 405. Each of these may also mean a real denial or an inconsistent read, so absence is confirmed
 * by a listing before it is recorded.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
 */
function mayMeanAbsent(error: unknown): boolean {
  const { errorName, httpStatus } = describeAwsError(error);
  return (
    httpStatus === 403 ||
    httpStatus === 404 ||
    httpStatus === 405 ||
    ['NotFound', 'NoSuchKey', 'NoSuchVersion'].includes(errorName)
  );
}

/**
 * Whether the exact upload still exists, from a `ListObjectVersions` of exactly its key (the role may list
 * versions only under `uploads/`). A versioned upload exists while its version is listed; an unversioned one
 * while the key's current version is there and, when the event gave one, has the event's ETag (otherwise
 * the write the event announced was overwritten). Strongly consistent, like every S3 listing.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html
 */
export async function uploadExists(s3: S3Client, ref: S3ObjectRef, eventETag: string | undefined): Promise<boolean> {
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  for (;;) {
    let page;
    try {
      page = await s3.send(
        new ListObjectVersionsCommand({
          Bucket: ref.bucket,
          Prefix: ref.key,
          KeyMarker: keyMarker,
          VersionIdMarker: versionIdMarker,
        }),
      );
    } catch (error) {
      return fail('ListObjectVersions', error);
    }
    for (const v of page.Versions ?? []) {
      if (v.Key !== ref.key) continue;
      if (ref.versionId !== undefined ? v.VersionId === ref.versionId : v.IsLatest === true)
        return ref.versionId !== undefined || eventETag === undefined || unquote(v.ETag) === eventETag;
    }
    // Keys are listed in order and the exact key sorts before every longer key with it as prefix.
    const passedKey = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].some(
      (v) => v.Key !== undefined && v.Key > ref.key,
    );
    if (page.IsTruncated !== true || passedKey) return false;
    keyMarker = page.NextKeyMarker;
    versionIdMarker = page.NextVersionIdMarker;
  }
}

/**
 * HeadObject of the upload, pinned to its version. A 403, 404 or 405 is absence only when a listing confirms
 * the upload is gone; when it still exists, the error is a fault (a permission or key problem). Every other
 * error is a fault. On an unversioned key, a current object whose ETag is not the event's is a later write:
 * this upload is gone.
 */
export async function headUpload(s3: S3Client, ref: S3ObjectRef, eventETag: string | undefined): Promise<HeadResult> {
  try {
    const out = await s3.send(new HeadObjectCommand({ Bucket: ref.bucket, Key: ref.key, VersionId: ref.versionId }));
    if (ref.versionId === undefined && eventETag !== undefined && unquote(out.ETag) !== eventETag)
      return { found: false };
    return {
      found: true,
      head: {
        sizeBytes: out.ContentLength ?? 0,
        contentType: out.ContentType ?? '',
        eTag: out.ETag,
        sseAlgorithm: out.ServerSideEncryption ?? '',
        sseKmsKeyId: out.SSEKMSKeyId,
        versionId: distinctVersion(out.VersionId),
      },
    };
  } catch (error) {
    if (mayMeanAbsent(error) && !(await uploadExists(s3, ref, eventETag))) return { found: false };
    return fail('HeadObject', error);
  }
}

/** An object read through SHA-256, with the version S3 served. */
export interface ObjectRead extends StreamRead {
  /** The version S3 served (undefined when unversioned or the `"null"` version). */
  readonly versionId: string | undefined;
  readonly eTag: string | undefined;
}

export interface ReadOptions {
  /** On an unversioned key: only these bytes (`If-Match`), else the read fails with `ObjectChangedError`. */
  readonly eTag?: string | undefined;
  /** Refuse a body longer than this (the object changed since it was measured). */
  readonly maxBytes: number;
  /** Keep the bytes in memory when the body is at most this long (they are sent to Rekognition as bytes). */
  readonly keepUpTo: number;
}

/**
 * GetObject, streamed through SHA-256 and sniffed; the bytes are kept when small enough to send to
 * Rekognition as they are. Pinned to the version (or to the ETag on an unversioned key), so the bytes
 * hashed are the bytes that were checked. A 403/404 here is a fault: the caller established that the
 * object existed, and the retry confirms whether it is gone.
 */
export async function readObject(s3: S3Client, ref: S3ObjectRef, options: ReadOptions): Promise<ObjectRead> {
  let out;
  try {
    out = await s3.send(
      new GetObjectCommand({
        Bucket: ref.bucket,
        Key: ref.key,
        VersionId: ref.versionId,
        IfMatch: ref.versionId === undefined ? options.eTag : undefined,
      }),
    );
  } catch (error) {
    return failRead('GetObject', ref, error, 'while it was being verified');
  }
  if (out.ContentLength !== undefined && out.ContentLength > options.maxBytes) {
    (out.Body as { destroy?: () => void } | undefined)?.destroy?.();
    throw new ObjectTooLargeError(
      `s3://${ref.bucket}/${ref.key} has ${out.ContentLength} bytes, over ${options.maxBytes}`,
    );
  }
  const body: unknown = out.Body;
  if (!isAsyncIterable(body))
    throw new DependencyError(
      { service: 'S3', operation: 'GetObject', errorName: 'NoBody', httpStatus: undefined },
      body,
    );
  try {
    const read = await readStream(body, options.maxBytes, options.keepUpTo);
    return { ...read, versionId: distinctVersion(out.VersionId), eTag: out.ETag };
  } catch (error) {
    return fail('GetObject(body)', error);
  }
}

/** A version id S3 returned, unless it is the shared `"null"` version. */
function distinctVersion(versionId: string | undefined): string | undefined {
  return versionId === undefined || versionId === NULL_VERSION_ID ? undefined : versionId;
}

/**
 * Confirms that an unversioned object still has the ETag whose bytes were hashed, after Rekognition read it
 * from S3 (only for images above the 5 MB Rekognition takes as bytes): otherwise Rekognition may have
 * analysed other bytes, and the record is retried (`ObjectChangedError`).
 */
export async function ensureUnchanged(s3: S3Client, ref: S3ObjectRef, eTag: string | undefined): Promise<void> {
  if (ref.versionId !== undefined) return;
  try {
    await s3.send(new HeadObjectCommand({ Bucket: ref.bucket, Key: ref.key, IfMatch: eTag }));
  } catch (error) {
    return failRead('HeadObject', ref, error, 'while Rekognition analysed it');
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<Uint8Array> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

const REFERENCE_SUFFIX = /^\.(jpe?g|png)$/i;

/**
 * The subject's enrolled reference image `references/<subjectId>.(jpg|jpeg|png)`, or undefined.
 * One ListObjectsV2 call on the exact prefix (the role may list only `references/`), rather than
 * three HeadObject calls, which without list permission would answer 403 for a missing key.
 * When several extensions exist, the first in key order is used.
 */
export async function findReference(s3: S3Client, bucket: string, subjectId: string): Promise<string | undefined> {
  const prefix = `references/${subjectId}.`;
  try {
    const out = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: 10 }));
    const keys = (out.Contents ?? [])
      .map((o) => o.Key)
      .filter((k): k is string => typeof k === 'string' && REFERENCE_SUFFIX.test(k.slice(prefix.length - 1)))
      .sort();
    return keys[0];
  } catch (error) {
    return fail('ListObjectsV2', error);
  }
}
