/**
 * A fault is never a verdict: every error each AWS call of the verifier can return (the SDK's models and the
 * API references), sent over the wire by the stand-ins and parsed by the real SDK, ends either as a decision
 * about the image (recorded) or as a fault (the message is received again, nothing is recorded). After a
 * fault, the retry records the real verdict. `docs/verifier.md` lists the same table.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { captureOutput, startHarness, type Harness } from './support/harness';
import { BUCKET, jpegBytes } from './support/local-aws';
import type { S3Operation } from './support/s3-stand-in';

let h: Harness;
const REFERENCE = jpegBytes(1500, 77);

beforeAll(async () => {
  h = await startHarness();
  h.inject();
  h.rekognition.scene(REFERENCE, { faces: [{ person: 'erin' }] });
  h.upload('references/erin.jpg', REFERENCE);
});
afterAll(async () => h.stop());
beforeEach(() => captureOutput(h.output));
afterEach(() => jest.restoreAllMocks());

type Outcome = 'fault' | `verdict ${string}`;
/**
 * Where an error is injected: the service and call, which of the verifier's calls of that operation
 * (`DetectFaces` is called for the upload, then for the reference), the error name and HTTP status.
 */
type Row = readonly [call: string, error: string, status: number, outcome: Outcome];

// Rekognition DetectFaces and CompareFaces declare the same eight errors; the SDK also surfaces unmodelled ones.
const REKOGNITION_ERRORS = [
  ['AccessDeniedException', 400],
  ['ImageTooLargeException', 400],
  ['InternalServerError', 500],
  ['InvalidImageFormatException', 400],
  ['InvalidParameterException', 400],
  ['InvalidS3ObjectException', 400],
  ['ProvisionedThroughputExceededException', 400],
  ['ThrottlingException', 500],
  ['ExpiredTokenException', 400],
  ['ServiceUnavailableException', 503],
] as const;

const IMAGE_VERDICTS: Readonly<Record<string, string>> = {
  InvalidImageFormatException: 'REKOGNITION_INVALID_IMAGE_FORMAT',
  ImageTooLargeException: 'REKOGNITION_IMAGE_TOO_LARGE',
};

const ERROR_TABLE: readonly Row[] = [
  ...REKOGNITION_ERRORS.map(([name, status]): Row => [
    'Rekognition DetectFaces (upload)',
    name,
    status,
    IMAGE_VERDICTS[name] === undefined ? 'fault' : `verdict ${IMAGE_VERDICTS[name]}`,
  ]),
  ...REKOGNITION_ERRORS.map(([name, status]): Row => [
    'Rekognition DetectFaces (reference)',
    name,
    status,
    IMAGE_VERDICTS[name] === undefined ? 'fault' : 'verdict REFERENCE_UNUSABLE',
  ]),
  ...REKOGNITION_ERRORS.map(([name, status]): Row => ['Rekognition CompareFaces', name, status, 'fault']),
  ['S3 HeadObject (upload exists)', 'AccessDenied', 403, 'fault'],
  ['S3 HeadObject (upload exists)', 'NoSuchVersion', 404, 'fault'],
  ['S3 HeadObject (upload exists)', 'MethodNotAllowed', 405, 'fault'],
  ['S3 HeadObject (upload exists)', 'BadRequest', 400, 'fault'],
  ['S3 HeadObject (upload exists)', 'SlowDown', 503, 'fault'],
  ['S3 HeadObject (upload exists)', 'InternalError', 500, 'fault'],
  ['S3 GetObject (upload)', 'AccessDenied', 403, 'fault'],
  ['S3 GetObject (upload)', 'NoSuchVersion', 404, 'fault'],
  ['S3 GetObject (upload)', 'PreconditionFailed', 412, 'fault'],
  ['S3 GetObject (upload)', 'InvalidObjectState', 403, 'fault'],
  ['S3 GetObject (upload)', 'KMS.DisabledException', 400, 'fault'],
  ['S3 GetObject (upload)', 'KMS.KMSInvalidStateException', 400, 'fault'],
  ['S3 GetObject (upload)', 'SlowDown', 503, 'fault'],
  ['S3 ListObjectVersions (absence check)', 'AccessDenied', 403, 'fault'],
  ['S3 ListObjectVersions (absence check)', 'SlowDown', 503, 'fault'],
  ['S3 ListObjectsV2 (reference)', 'AccessDenied', 403, 'fault'],
  ['S3 ListObjectsV2 (reference)', 'NoSuchBucket', 404, 'fault'],
  ['S3 ListObjectsV2 (reference)', 'SlowDown', 503, 'fault'],
  ['S3 GetObject (reference)', 'AccessDenied', 403, 'fault'],
  ['S3 GetObject (reference)', 'NoSuchKey', 404, 'fault'],
  ['S3 GetObject (reference)', 'KMS.DisabledException', 400, 'fault'],
  ['DynamoDB PutItem', 'ProvisionedThroughputExceededException', 400, 'fault'],
  ['DynamoDB PutItem', 'RequestLimitExceeded', 400, 'fault'],
  ['DynamoDB PutItem', 'ThrottlingException', 400, 'fault'],
  ['DynamoDB PutItem', 'InternalServerError', 500, 'fault'],
  ['DynamoDB PutItem', 'TransactionConflictException', 400, 'fault'],
  ['DynamoDB PutItem', 'ReplicatedWriteConflictException', 400, 'fault'],
  ['DynamoDB PutItem', 'ItemCollectionSizeLimitExceededException', 400, 'fault'],
  ['DynamoDB PutItem', 'ResourceNotFoundException', 400, 'fault'],
  ['DynamoDB PutItem', 'ValidationException', 400, 'fault'],
  ['DynamoDB PutItem', 'AccessDeniedException', 400, 'fault'],
  ['DynamoDB PutItem', 'UnrecognizedClientException', 400, 'fault'],
];

let n = 0;

/** Scripts the error on the call the row names, for an upload of subject erin whose key is `key`. */
function inject(call: string, name: string, status: number, key: string): void {
  const s3 = (operation: S3Operation, on: string): void => h.s3.failNext({ operation, key: on, status, code: name });
  switch (call) {
    case 'Rekognition DetectFaces (upload)': {
      h.rekognition.failNext('DetectFaces', { name, status });
      return;
    }
    case 'Rekognition DetectFaces (reference)': {
      h.rekognition.failNext('DetectFaces', { name, status, after: 1 });
      return;
    }
    case 'Rekognition CompareFaces': {
      h.rekognition.failNext('CompareFaces', { name, status });
      return;
    }
    case 'S3 HeadObject (upload exists)': {
      s3('HeadObject', key);
      return;
    }
    case 'S3 GetObject (upload)': {
      s3('GetObject', key);
      return;
    }
    case 'S3 ListObjectVersions (absence check)':
      // Reached only after HeadObject answers 403 for the upload.
      h.s3.failNext({ operation: 'HeadObject', key, status: 403, code: 'AccessDenied' });
      {
        s3('ListObjectVersions', '');
        return;
      }
    case 'S3 ListObjectsV2 (reference)': {
      s3('ListObjectsV2', '');
      return;
    }
    case 'S3 GetObject (reference)': {
      s3('GetObject', 'references/erin.jpg');
      return;
    }
    case 'DynamoDB PutItem': {
      h.dynamodbFaults.failNext({ target: 'DynamoDB_20120810.PutItem', name, status });
      return;
    }
    default:
      throw new Error(`unknown call ${call}`);
  }
}

describe('every AWS error is a verdict about the image or a fault', () => {
  it.each(ERROR_TABLE)('%s answering %s (HTTP %d): %s', async (call, name, status, outcome) => {
    // Prepare: a fresh reference version per row, so no reference check is cached across rows.
    n += 1;
    h.upload('references/erin.jpg', jpegBytes(1500 + n, 77));
    h.rekognition.scene(jpegBytes(1500 + n, 77), { faces: [{ person: 'erin' }] });
    const bytes = jpegBytes(2500 + n, 5);
    h.rekognition.scene(bytes, { faces: [{ person: 'erin' }] });
    const key = `uploads/erin/case-${n}.jpg`;
    const event = h.upload(key, bytes);
    const pk = `UPLOAD#${BUCKET}/${key}#${event.s3.object.versionId ?? ''}`;
    inject(call, name, status, key);

    // Act
    const first = await h.deliver([event]);
    const afterFirst = await h.item(pk);
    const retried = await h.deliver([event]);

    // Assess
    if (outcome === 'fault') {
      expect(first.batchItemFailures).toHaveLength(1);
      expect(afterFirst).toBeUndefined();
      // The retry, without the fault, records the real verdict.
      expect(retried.batchItemFailures).toEqual([]);
      expect((await h.item(pk))?.decision).toEqual({ S: 'AUTHORIZED' });
    } else {
      expect(first.batchItemFailures).toEqual([]);
      expect(afterFirst?.reasons).toEqual({ L: [{ S: outcome.slice('verdict '.length) }] });
      expect(afterFirst?.decision).toEqual({ S: 'UNAUTHORIZED' });
    }
  });

  it('a redelivered message whose record exists is done: ConditionalCheckFailedException means already recorded', async () => {
    const bytes = jpegBytes(4100, 6);
    const event = h.upload('uploads/erin/twice.jpg', bytes);

    const first = await h.deliver([event]);
    const second = await h.deliver([event]);

    expect([first, second]).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
    const items = (await h.ledger.scan()).filter((i) => i.objectKey?.S === 'uploads/erin/twice.jpg');
    expect(items).toHaveLength(1);
  });

  it('a hand-made message without the version id of a versioned upload is a fault, never a verdict: nothing is recorded', async () => {
    // Prepare: a genuine upload (versioned), announced again without its version and with a new sequencer,
    // as someone replaying it to get a second record would write it.
    const bytes = jpegBytes(4200, 8);
    const genuine = h.upload('uploads/erin/replayed.jpg', bytes);
    const { versionId, ...object } = genuine.s3.object;
    expect(versionId).toMatch(/\S/);
    const forged = { ...genuine, s3: { ...genuine.s3, object: { ...object, sequencer: 'FFFFFFFFFFFFFFFF00' } } };

    // Act
    const result = await h.deliver([forged]);

    // Assess
    expect(result.batchItemFailures).toHaveLength(1);
    const items = (await h.ledger.scan()).filter((i) => i.objectKey?.S === 'uploads/erin/replayed.jpg');
    expect(items).toEqual([]);
  });

  it('docs/verifier.md lists exactly this table', () => {
    const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'verifier.md'), 'utf8');
    const section = doc.slice(doc.indexOf('<!-- error-table:start -->'), doc.indexOf('<!-- error-table:end -->'));
    const rows = [...section.matchAll(/^\| ([^|]+) \| `([^`]+)` \| (\d+) \| ([^|]+) \|/gm)].map((m) => [
      m[1]?.trim(),
      m[2],
      Number(m[3]),
      m[4]?.trim().replace(/^verdict `([A-Z_]+)`$/, 'verdict $1'),
    ]);
    expect(rows).toEqual(ERROR_TABLE.map((r) => [...r]));
  });
});
