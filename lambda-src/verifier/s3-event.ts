import { EventError } from './errors';
import { LEDGER_NO_SUBJECT } from './ledger-schema';
import type { KeyReason } from './policy';

/** One S3 `ObjectCreated` record, parsed and with its key decoded. */
export interface UploadRecord {
  readonly index: number;
  readonly eventName: string;
  readonly eventTime: string;
  readonly bucket: string;
  /** The decoded object key. */
  readonly key: string;
  /**
   * The object's version id when it has a distinct one (a versioning-enabled bucket). Undefined on an
   * unversioned bucket and for the `"null"` version of a bucket whose versioning is suspended: S3 reuses
   * that id for every upload of the key, so it cannot tell two uploads apart (the sequencer does).
   */
  readonly versionId: string | undefined;
  /** Always present in S3 notifications; orders writes to one key. */
  readonly sequencer: string;
  readonly size: number;
  /** The object's ETag as the event reports it (no quotes), when present: identifies the write on an unversioned key. */
  readonly eTag: string | undefined;
}

/**
 * What to do with a record: verify an upload; refuse it (an upload under `uploads/` whose key is not
 * `uploads/<subjectId>/<file>.(jpg|jpeg|png)`: recorded UNAUTHORIZED, never analysed); or ignore it (not
 * an upload: not `ObjectCreated`, or not under `uploads/`).
 */
export type RecordRoute =
  | { readonly kind: 'verify'; readonly subjectId: string; readonly fileName: string }
  | {
      readonly kind: 'refuse';
      /** The key's subject when it names a valid one, else `LEDGER_NO_SUBJECT`. */
      readonly subjectId: string;
      /** Never empty. */
      readonly reasons: readonly KeyReason[];
    }
  | { readonly kind: 'ignore'; readonly reason: 'NOT_OBJECT_CREATED' | 'NOT_AN_UPLOAD_KEY' };

const UPLOADS_PREFIX = 'uploads/';
/** The version id S3 gives every object written while versioning is off or suspended. */
export const NULL_VERSION_ID = 'null';
const IMAGE_SUFFIX = /\.(jpe?g|png)$/i;
const MAX_SUBJECT_ID_LENGTH = 256;
// Control characters have no place in a subject id (the ledger's GSI key, read by people and tools) or a file name.
// eslint-disable-next-line no-control-regex -- matching control characters is the point: keys and subject ids must not contain them
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

/**
 * The `Records` array of an S3 notification event, unparsed: each record is parsed with `parseRecord`
 * on its own, so one malformed record cannot stop the others. Throws `EventError` when there is no
 * `Records` array (nothing in the event can be attributed to an object).
 */
export function eventRecords(event: unknown): readonly unknown[] {
  if (!isObject(event) || !Array.isArray(event.Records)) {
    throw new EventError('event is not an S3 notification: no Records array');
  }
  return event.Records;
}

/**
 * Whether a message is S3's test notification, which S3 sends when a notification configuration is created
 * or changed: `{"Service":"Amazon S3","Event":"s3:TestEvent",...}`, no `Records`. It names no object.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
 */
export function isTestEvent(event: unknown): boolean {
  return isObject(event) && event.Event === 's3:TestEvent' && event.Records === undefined;
}

/** One SQS message of an event source mapping's batch, as far as the verifier reads it. */
export interface QueueMessage {
  readonly messageId: string;
  readonly body: string;
  /** How many times SQS has handed this message out, this time included. */
  readonly receiveCount: number;
}

/**
 * The SQS messages of a Lambda event from an SQS event source mapping, or undefined when the event is not
 * one (a direct S3 notification). Throws `EventError` for an SQS record without a message id or body.
 * https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
 */
export function queueMessages(event: unknown): QueueMessage[] | undefined {
  if (!isObject(event) || !Array.isArray(event.Records) || event.Records.length === 0) return undefined;
  const records: readonly unknown[] = event.Records;
  if (!records.every((r) => isObject(r) && r.eventSource === 'aws:sqs')) return undefined;
  return records.map((r, index) => {
    const record = r as Record<string, unknown>;
    const messageId = str(record.messageId);
    if (messageId === undefined || typeof record.body !== 'string')
      throw new EventError(`Records[${index}] is an SQS record without a messageId or body`, index);
    const attributes = isObject(record.attributes) ? record.attributes : {};
    const receiveCount = Number(attributes.ApproximateReceiveCount ?? '1');
    return { messageId, body: record.body, receiveCount: Number.isFinite(receiveCount) ? receiveCount : 1 };
  });
}

/** Parses every record of an S3 notification event, all or nothing. Throws `EventError` naming the record and field. */
export function parseS3Event(event: unknown): UploadRecord[] {
  return eventRecords(event).map((record, index) => parseRecord(record, index));
}

/** Parses one record of an S3 notification event. Throws `EventError` naming the record and field. */
export function parseRecord(record: unknown, index: number): UploadRecord {
  const fail = (field: string, value: unknown): never => {
    throw new EventError(
      // JSON.stringify returns undefined for undefined (lib.d.ts declares string only).
      `Records[${index}].${field} is missing or invalid (received ${(JSON.stringify(value) as string | undefined) ?? 'undefined'})`,
      index,
    );
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
  // AWS documents versionId as "object version if bucket is versioning-enabled, otherwise null" without saying
  // whether "null" is absent, JSON null or the string "null": all three mean no distinct version.
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
  const versionId =
    object.versionId === undefined || object.versionId === null || object.versionId === NULL_VERSION_ID
      ? undefined
      : (str(object.versionId) ?? fail('s3.object.versionId', object.versionId));
  const eTag =
    object.eTag === undefined || object.eTag === null
      ? undefined
      : (str(object.eTag) ?? fail('s3.object.eTag', object.eTag)).replace(/^"|"$/g, '');
  const size = object.size === undefined ? 0 : object.size;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) fail('s3.object.size', object.size);
  let key: string;
  try {
    key = decodeS3Key(rawKey);
  } catch (cause) {
    throw new EventError(
      `Records[${index}].s3.object.key is not valid URL encoding (received ${JSON.stringify(rawKey)})`,
      index,
      { cause },
    );
  }
  return { index, eventName, eventTime, bucket, key, versionId, sequencer, size: size as number, eTag };
}

function isValidSubjectId(candidate: string): boolean {
  return (
    candidate !== '' &&
    candidate !== LEDGER_NO_SUBJECT &&
    candidate.length <= MAX_SUBJECT_ID_LENGTH &&
    !CONTROL.test(candidate)
  );
}

/**
 * Routes a record. Only `ObjectCreated` events for `uploads/<subjectId>/<file>.(jpg|jpeg|png)` (suffix in
 * any case) are verified. Every other `ObjectCreated` key under `uploads/` is an upload too, so it is
 * refused, never dropped: `INVALID_KEY` when it is not exactly `uploads/<subjectId>/<file>` with a valid
 * subject id (non-empty, at most 256 characters, no control characters, not the reserved `(none)`) and a
 * file name without control characters; `NOT_AN_IMAGE_SUFFIX` when the last path segment lacks an image
 * suffix. Its subject is the first segment after `uploads/` when that is a valid subject id followed by
 * more of the key (so `uploads/alice/nested/x.jpg` is alice's), else `LEDGER_NO_SUBJECT`.
 */
export function routeRecord(record: UploadRecord): RecordRoute {
  if (!record.eventName.startsWith('ObjectCreated:')) return { kind: 'ignore', reason: 'NOT_OBJECT_CREATED' };
  if (!record.key.startsWith(UPLOADS_PREFIX)) return { kind: 'ignore', reason: 'NOT_AN_UPLOAD_KEY' };
  // split() returns at least one segment, so the `?? ''` fallbacks never apply.
  const segments = record.key.slice(UPLOADS_PREFIX.length).split('/');
  const fileName = segments.at(-1) ?? '';
  const first = segments[0] ?? '';
  const subjectId = segments.length >= 2 && isValidSubjectId(first) ? first : undefined;
  const reasons: KeyReason[] = [];
  if (subjectId === undefined || segments.length !== 2 || fileName === '' || CONTROL.test(record.key))
    reasons.push('INVALID_KEY');
  if (!IMAGE_SUFFIX.test(fileName)) reasons.push('NOT_AN_IMAGE_SUFFIX');
  if (subjectId !== undefined && reasons.length === 0) return { kind: 'verify', subjectId, fileName };
  return { kind: 'refuse', subjectId: subjectId ?? LEDGER_NO_SUBJECT, reasons };
}
