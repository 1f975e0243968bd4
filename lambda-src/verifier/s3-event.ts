import { EventError } from './errors';

/** One S3 `ObjectCreated` record, parsed and with its key decoded. */
export interface UploadRecord {
  readonly index: number;
  readonly eventName: string;
  readonly eventTime: string;
  readonly bucket: string;
  /** The decoded object key. */
  readonly key: string;
  /** Present on a versioned bucket. */
  readonly versionId: string | undefined;
  /** Always present in S3 notifications; orders writes to one key. */
  readonly sequencer: string;
  readonly size: number;
}

/** What to do with a record: verify an upload, or ignore it (and why). */
export type RecordRoute =
  | { readonly kind: 'verify'; readonly subjectId: string; readonly fileName: string }
  | { readonly kind: 'ignore'; readonly reason: 'NOT_OBJECT_CREATED' | 'NOT_AN_UPLOAD_KEY' | 'NOT_AN_IMAGE_SUFFIX' };

const IMAGE_SUFFIX = /\.(jpe?g|png)$/i;
const UPLOAD_KEY = /^uploads\/([^/]+)\/([^/]+)$/;
// Control characters in a subject id would corrupt logs and the ledger's GSI key.
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Decodes an S3 event key: S3 URL-encodes keys in notifications, with spaces as `+`
 * (form encoding), so `+` must become a space before percent-decoding (a literal `+` arrives as `%2B`).
 */
export function decodeS3Key(encoded: string): string {
  return decodeURIComponent(encoded.replace(/\+/g, ' '));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Parses every record of an S3 notification event. Throws `EventError` naming the record and field. */
export function parseS3Event(event: unknown): UploadRecord[] {
  if (!isObject(event) || !Array.isArray(event.Records)) {
    throw new EventError('event is not an S3 notification: no Records array');
  }
  return event.Records.map((record: unknown, index: number) => parseRecord(record, index));
}

function parseRecord(record: unknown, index: number): UploadRecord {
  const fail = (field: string, value: unknown): never => {
    throw new EventError(`Records[${index}].${field} is missing or invalid (received ${JSON.stringify(value) ?? 'undefined'})`, index);
  };
  if (!isObject(record)) return fail('', record);
  const s3 = isObject(record.s3) ? record.s3 : fail('s3', record.s3);
  const bucketObj = isObject(s3.bucket) ? s3.bucket : fail('s3.bucket', s3.bucket);
  const object = isObject(s3.object) ? s3.object : fail('s3.object', s3.object);
  const eventName = str(record.eventName) ?? fail('eventName', record.eventName);
  const eventTime = str(record.eventTime) ?? fail('eventTime', record.eventTime);
  const bucket = str(bucketObj.name) ?? fail('s3.bucket.name', bucketObj.name);
  const rawKey = str(object.key) ?? fail('s3.object.key', object.key);
  const sequencer = str(object.sequencer) ?? fail('s3.object.sequencer', object.sequencer);
  const versionId = object.versionId === undefined || object.versionId === null ? undefined : str(object.versionId) ?? fail('s3.object.versionId', object.versionId);
  const size = object.size === undefined ? 0 : object.size;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) fail('s3.object.size', object.size);
  let key: string;
  try {
    key = decodeS3Key(rawKey);
  } catch (cause) {
    throw new EventError(`Records[${index}].s3.object.key is not valid URL encoding (received ${JSON.stringify(rawKey)})`, index, { cause });
  }
  return { index, eventName, eventTime, bucket, key, versionId, sequencer, size: size as number };
}

/** Routes a record: only `ObjectCreated` events for `uploads/<subjectId>/<file>.(jpg|jpeg|png)` are verified. */
export function routeRecord(record: UploadRecord): RecordRoute {
  if (!record.eventName.startsWith('ObjectCreated:')) return { kind: 'ignore', reason: 'NOT_OBJECT_CREATED' };
  const match = UPLOAD_KEY.exec(record.key);
  if (match === null || CONTROL.test(record.key) || match[1].length > 256) return { kind: 'ignore', reason: 'NOT_AN_UPLOAD_KEY' };
  if (!IMAGE_SUFFIX.test(match[2])) return { kind: 'ignore', reason: 'NOT_AN_IMAGE_SUFFIX' };
  return { kind: 'verify', subjectId: match[1], fileName: match[2] };
}
