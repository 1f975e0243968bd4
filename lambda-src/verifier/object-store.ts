import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { DependencyError, describeAwsError } from './errors';
import { digestStream, type StreamDigest } from './image';

/** What HeadObject reports about an upload. No byte is read. */
export interface ObjectHead {
  readonly found: boolean;
  readonly sizeBytes: number;
  readonly contentType: string;
  readonly eTag: string | undefined;
  /** `aws:kms`, `aws:kms:dsse`, `AES256` or "" when S3 reports none. */
  readonly sseAlgorithm: string;
  readonly sseKmsKeyId: string | undefined;
}

const KMS_ALGORITHMS: ReadonlySet<string> = new Set(['aws:kms', 'aws:kms:dsse']);

/** True only for SSE-KMS (or DSSE-KMS) under exactly the vault key ARN. */
export function isEncryptedWithKey(
  head: Pick<ObjectHead, 'sseAlgorithm' | 'sseKmsKeyId'>,
  vaultKeyArn: string,
): boolean {
  return KMS_ALGORITHMS.has(head.sseAlgorithm) && head.sseKmsKeyId === vaultKeyArn;
}

function fail(operation: string, error: unknown): never {
  const { errorName, httpStatus } = describeAwsError(error);
  throw new DependencyError({ service: 'S3', operation, errorName, httpStatus }, error);
}

/** HeadObject; a missing object (404) is a fact, not a failure (it may have been deleted or expired). */
export async function headObject(
  s3: S3Client,
  bucket: string,
  key: string,
  versionId: string | undefined,
): Promise<ObjectHead> {
  try {
    const out = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
    return {
      found: true,
      sizeBytes: out.ContentLength ?? 0,
      contentType: out.ContentType ?? '',
      eTag: out.ETag,
      sseAlgorithm: out.ServerSideEncryption ?? '',
      sseKmsKeyId: out.SSEKMSKeyId,
    };
  } catch (error) {
    const { errorName, httpStatus } = describeAwsError(error);
    if (httpStatus === 404 || errorName === 'NotFound' || errorName === 'NoSuchKey' || errorName === 'NoSuchVersion') {
      return { found: false, sizeBytes: 0, contentType: '', eTag: undefined, sseAlgorithm: '', sseKmsKeyId: undefined };
    }
    return fail('HeadObject', error);
  }
}

/**
 * Streams the object through SHA-256 and sniffs its format. Pinned to the version (or, on an unversioned
 * bucket, to the ETag seen by HeadObject), so the bytes hashed are the bytes that were checked.
 */
export async function digestObject(
  s3: S3Client,
  bucket: string,
  key: string,
  versionId: string | undefined,
  eTag: string | undefined,
  maxBytes: number,
): Promise<StreamDigest> {
  let body: unknown;
  try {
    const out = await s3.send(
      new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        VersionId: versionId,
        IfMatch: versionId === undefined ? eTag : undefined,
      }),
    );
    body = out.Body;
  } catch (error) {
    return fail('GetObject', error);
  }
  if (!isAsyncIterable(body))
    throw new DependencyError(
      { service: 'S3', operation: 'GetObject', errorName: 'NoBody', httpStatus: undefined },
      body,
    );
  try {
    return await digestStream(body, maxBytes);
  } catch (error) {
    return fail('GetObject(body)', error);
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
