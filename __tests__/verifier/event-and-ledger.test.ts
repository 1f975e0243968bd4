import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DependencyError, EventError, LedgerWriteError } from '../../lambda-src/verifier/errors';
import { readStream, sniffImageFormat, StreamTooLargeError } from '../../lambda-src/verifier/image';
import { putRecord, toItem, type LedgerRecord } from '../../lambda-src/verifier/ledger';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  LEDGER_GSI_BY_SUBJECT,
  LEDGER_NO_SUBJECT,
  LEDGER_REASONS_V1,
  LEDGER_RECORD_ATTRIBUTES,
  LEDGER_ERASURE_RECORD_ATTRIBUTES_V1,
  LEDGER_SUBJECT_ATTRIBUTE,
  ledgerItemProblems,
  ledgerKeySchema,
  ledgerPartitionKey,
} from '../../lambda-src/verifier/ledger-schema';
import { REASONS } from '../../lambda-src/verifier/policy';
import {
  decodeS3Key,
  eventRecords,
  isTestEvent,
  parseRecord,
  parseS3Event,
  queueMessages,
  routeRecord,
} from '../../lambda-src/verifier/s3-event';
import { present } from '../helpers/present';

function s3Event(key: string, extra: Record<string, unknown> = {}, eventName = 'ObjectCreated:Put'): unknown {
  return {
    Records: [
      {
        eventName,
        eventTime: '2026-01-02T03:04:05.000Z',
        s3: { bucket: { name: 'vault' }, object: { key, size: 12, sequencer: '0055AED6DCD90281E5', ...extra } },
      },
    ],
  };
}

describe('S3 event parsing', () => {
  it.each([
    ['uploads/alice/photo.jpg', 'uploads/alice/photo.jpg'],
    ['uploads/anna+maria/my+photo.JPG', 'uploads/anna maria/my photo.JPG'],
    ['uploads/j%C3%BCrgen/%E5%86%99%E7%9C%9F.png', 'uploads/jürgen/写真.png'],
    ['uploads/a%2Bb/c%2B1.jpeg', 'uploads/a+b/c+1.jpeg'],
    ['uploads/x/100%25.jpg', 'uploads/x/100%.jpg'],
  ])('decodes %s as S3 encodes it', (encoded, decoded) => {
    expect(decodeS3Key(encoded)).toBe(decoded);
  });

  it('parses every record, with versionId when the bucket is versioned', () => {
    const [r] = parseS3Event(s3Event('uploads/alice/a.jpg', { versionId: '3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY' }));
    expect(r).toEqual({
      index: 0,
      eventName: 'ObjectCreated:Put',
      eventTime: '2026-01-02T03:04:05.000Z',
      bucket: 'vault',
      key: 'uploads/alice/a.jpg',
      versionId: '3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY',
      sequencer: '0055AED6DCD90281E5',
      size: 12,
      eTag: undefined,
    });
  });

  it.each([
    ['the string "null" (versioning suspended)', 'null'],
    ['JSON null', null],
    ['absent', undefined],
  ])('treats a versionId that is %s as no distinct version, so the sequencer keys the record', (_name, versionId) => {
    const [r] = parseS3Event(s3Event('uploads/alice/a.jpg', { versionId, eTag: 'd41d8cd98f00b204e9800998ecf8427e' }));
    expect(r).toMatchObject({ versionId: undefined, sequencer: '0055AED6DCD90281E5' });
    expect(r?.eTag).toBe('d41d8cd98f00b204e9800998ecf8427e');
  });

  it("recognises S3's test message (no Records), and nothing else, as the test event", () => {
    const test = {
      Service: 'Amazon S3',
      Event: 's3:TestEvent',
      Time: '2014-10-13T15:57:02.089Z',
      Bucket: 'bucketname',
      RequestId: '5582815E1AEA5ADF',
      HostId: '8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE',
    };
    expect(isTestEvent(test)).toBe(true);
    expect(isTestEvent({ ...test, Records: [] })).toBe(false);
    expect(isTestEvent({ ...test, Event: 's3:ObjectCreated:Put' })).toBe(false);
    expect(isTestEvent(s3Event('uploads/alice/a.jpg'))).toBe(false);
  });

  it('reads the messages of an SQS batch, and only of an SQS batch', () => {
    const sqs = {
      Records: [
        {
          messageId: '059f36b4-87a3-44ab-83d2-661975830a7d',
          receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a',
          body: '{"Records":[]}',
          attributes: { ApproximateReceiveCount: '3', SentTimestamp: '1545082649183' },
          messageAttributes: {},
          md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
          eventSource: 'aws:sqs',
          eventSourceARN: 'arn:aws:sqs:eu-west-1:111111111111:intake',
          awsRegion: 'eu-west-1',
        },
      ],
    };
    expect(queueMessages(sqs)).toEqual([
      { messageId: '059f36b4-87a3-44ab-83d2-661975830a7d', body: '{"Records":[]}', receiveCount: 3 },
    ]);
    expect(queueMessages(s3Event('uploads/alice/a.jpg'))).toBeUndefined();
    expect(queueMessages({ Records: [] })).toBeUndefined();
    expect(() => queueMessages({ Records: [{ eventSource: 'aws:sqs', body: '{}' }] })).toThrow(
      new EventError('Records[0] is an SQS record without a messageId or body'),
    );
  });

  it('fails with the record and field named on a malformed record', () => {
    expect(() =>
      parseS3Event({
        Records: [
          { eventName: 'ObjectCreated:Put', eventTime: 't', s3: { bucket: { name: 'b' }, object: { key: 'k' } } },
        ],
      }),
    ).toThrow(new EventError('Records[0].s3.object.sequencer is missing or invalid (received undefined)'));
    expect(() => parseS3Event({})).toThrow(EventError);
    expect(() => parseS3Event(s3Event('uploads/a/%E0%A4%A.jpg'))).toThrow(/not valid URL encoding/);
  });

  it('parses each record on its own: a malformed record does not stop parsing the others', () => {
    // Prepare
    const valid = (s3Event('uploads/alice/a.jpg') as { Records: unknown[] }).Records[0];
    const records = eventRecords({
      Records: [valid, { eventName: 'ObjectCreated:Put', s3: { bucket: {}, object: {} } }, valid],
    });

    // Act
    const outcomes = records.map((r, i) => {
      try {
        return parseRecord(r, i).key;
      } catch (error) {
        return error;
      }
    });

    // Assess
    expect(outcomes[0]).toBe('uploads/alice/a.jpg');
    expect(outcomes[1]).toBeInstanceOf(EventError);
    expect(outcomes[1]).toMatchObject({
      recordIndex: 1,
      message: expect.stringMatching(/^Records\[1\]\.eventTime is missing/) as unknown,
    });
    expect(outcomes[2]).toBe('uploads/alice/a.jpg');
    expect(() => eventRecords({ Records: 'x' })).toThrow(
      new EventError('event is not an S3 notification: no Records array'),
    );
  });

  it.each([
    ['uploads/alice/photo.jpg', 'ObjectCreated:Put', 'verify alice'],
    ['uploads/alice/photo.JPEG', 'ObjectCreated:CompleteMultipartUpload', 'verify alice'],
    ['uploads/alice/photo.PnG', 'ObjectCreated:Copy', 'verify alice'],
    ['uploads/a b/ü.jpg', 'ObjectCreated:Put', 'verify a b'],
    ['uploads/alice/notes.txt', 'ObjectCreated:Put', 'refuse alice NOT_AN_IMAGE_SUFFIX'],
    ['uploads/alice/photo.jpg.exe', 'ObjectCreated:Put', 'refuse alice NOT_AN_IMAGE_SUFFIX'],
    ['uploads/alice/photo', 'ObjectCreated:Put', 'refuse alice NOT_AN_IMAGE_SUFFIX'],
    ['uploads/photo.jpg', 'ObjectCreated:Put', 'refuse (none) INVALID_KEY'],
    ['uploads//photo.jpg', 'ObjectCreated:Put', 'refuse (none) INVALID_KEY'],
    ['uploads/(none)/photo.jpg', 'ObjectCreated:Put', 'refuse (none) INVALID_KEY'],
    [`uploads/${'s'.repeat(257)}/photo.jpg`, 'ObjectCreated:Put', 'refuse (none) INVALID_KEY'],
    [`uploads/${'s'.repeat(256)}/photo.jpg`, 'ObjectCreated:Put', `verify ${'s'.repeat(256)}`],
    ['uploads/al\u0007ice/photo.jpg', 'ObjectCreated:Put', 'refuse (none) INVALID_KEY'],
    ['uploads/alice/pho\u0000to.jpg', 'ObjectCreated:Put', 'refuse alice INVALID_KEY'],
    ['uploads/alice/nested/photo.jpg', 'ObjectCreated:Put', 'refuse alice INVALID_KEY'],
    ['uploads/alice/nested/doc.txt', 'ObjectCreated:Put', 'refuse alice INVALID_KEY,NOT_AN_IMAGE_SUFFIX'],
    ['uploads/alice/', 'ObjectCreated:Put', 'refuse alice INVALID_KEY,NOT_AN_IMAGE_SUFFIX'],
    ['uploads/', 'ObjectCreated:Put', 'refuse (none) INVALID_KEY,NOT_AN_IMAGE_SUFFIX'],
    ['references/alice.jpg', 'ObjectCreated:Put', 'ignore NOT_AN_UPLOAD_KEY'],
    ['Uploads/alice/photo.jpg', 'ObjectCreated:Put', 'ignore NOT_AN_UPLOAD_KEY'],
    ['uploads/alice/photo.jpg', 'ObjectRemoved:Delete', 'ignore NOT_OBJECT_CREATED'],
    ['uploads/photo.jpg', 'ObjectRemoved:Delete', 'ignore NOT_OBJECT_CREATED'],
  ])('routes %j (%s): %s', (key, eventName, expected) => {
    // Prepare
    const [record] = parseS3Event(s3Event(encodeURIComponent(key).replace(/%2F/g, '/'), {}, eventName));
    // Act
    const route = routeRecord(present(record, 'the parsed record'));
    // Assess
    const summary =
      route.kind === 'verify'
        ? `verify ${route.subjectId}`
        : route.kind === 'refuse'
          ? `refuse ${route.subjectId} ${route.reasons.join(',')}`
          : `ignore ${route.reason}`;
    expect(summary).toBe(expected);
    if (route.kind === 'refuse') expect(route.subjectId).not.toBe('');
  });
});

describe('image sniffing and streamed hashing', () => {
  it('recognises JPEG and PNG by magic number only', () => {
    expect(sniffImageFormat(Uint8Array.from([0xff, 0xd8, 0xff, 0xe1]))).toBe('jpeg');
    expect(sniffImageFormat(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('png');
    expect(sniffImageFormat(Buffer.from('GIF89a...'))).toBe('unknown');
    expect(sniffImageFormat(Uint8Array.from([0xff, 0xd8]))).toBe('unknown');
  });

  it('hashes a stream split into odd chunks like the whole, and sniffs across chunk boundaries', async () => {
    const bytes = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e]),
      Buffer.from([0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(5000, 7),
    ]);
    const chunks = [bytes.subarray(0, 2), bytes.subarray(2, 5), bytes.subarray(5, 4096), bytes.subarray(4096)];
    const digest = await readStream(Readable.from(chunks), 1e6);
    expect(digest).toEqual({
      sha256Hex: createHash('sha256').update(bytes).digest('hex'),
      bytes: bytes.length,
      format: 'png',
      data: undefined,
    });
  });

  it('keeps the very bytes it hashed up to the limit for Rekognition, and only the hash beyond it', async () => {
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 6]);
    const kept = await readStream(Readable.from([bytes.subarray(0, 4), bytes.subarray(4)]), 100, 10);
    expect(Buffer.from(kept.data ?? [])).toEqual(bytes);
    expect(kept.sha256Hex).toBe(createHash('sha256').update(bytes).digest('hex'));
    const over = await readStream(Readable.from([bytes.subarray(0, 4), bytes.subarray(4)]), 100, 9);
    expect(over).toMatchObject({ data: undefined, bytes: 10, format: 'jpeg' });
  });

  it('stops past the byte limit', async () => {
    await expect(readStream(Readable.from([Buffer.alloc(10), Buffer.alloc(10)]), 15)).rejects.toBeInstanceOf(
      StreamTooLargeError,
    );
  });
});

describe('ledger schema and marshalling', () => {
  const record: LedgerRecord = {
    pk: ledgerPartitionKey('vault', 'uploads/alice/a.jpg', 'v1'),
    schemaVersion: 3,
    recordedAt: '2026-01-02T03:04:06.000Z',
    eventTime: '2026-01-02T03:04:05.000Z',
    subjectId: 'alice',
    bucket: 'vault',
    objectKey: 'uploads/alice/a.jpg',
    sequencer: '0A',
    sizeBytes: 1234,
    contentType: 'image/jpeg',
    detectedFormat: 'jpeg',
    sseAlgorithm: 'aws:kms',
    decision: 'UNAUTHORIZED',
    reasons: ['NO_FACE'],
    faceConfidenceThreshold: 90,
    similarityThreshold: 95,
    detectionOnlyAllowed: false,
    functionVersion: '3',
    correlationId: 'req/0',
    faceCount: 0,
  };

  it('writes every attribute with exactly its schema type and omits the absent ones (never NULL)', () => {
    expect(toItem(record)).toEqual({
      pk: { S: 'UPLOAD#vault/uploads/alice/a.jpg#v1' },
      schemaVersion: { N: '3' },
      recordedAt: { S: '2026-01-02T03:04:06.000Z' },
      eventTime: { S: '2026-01-02T03:04:05.000Z' },
      subjectId: { S: 'alice' },
      bucket: { S: 'vault' },
      objectKey: { S: 'uploads/alice/a.jpg' },
      sequencer: { S: '0A' },
      sizeBytes: { N: '1234' },
      contentType: { S: 'image/jpeg' },
      detectedFormat: { S: 'jpeg' },
      sseAlgorithm: { S: 'aws:kms' },
      decision: { S: 'UNAUTHORIZED' },
      reasons: { L: [{ S: 'NO_FACE' }] },
      faceConfidenceThreshold: { N: '90' },
      similarityThreshold: { N: '95' },
      detectionOnlyAllowed: { BOOL: false },
      functionVersion: { S: '3' },
      correlationId: { S: 'req/0' },
      faceCount: { N: '0' },
    });
  });

  it('writes the optional attributes with their one type when present', () => {
    const full: LedgerRecord = {
      ...record,
      versionId: 'v1',
      imageSha256: 'ab'.repeat(32),
      referenceKey: 'references/alice.jpg',
      faceConfidence: 99.5,
      similarity: 97.25,
      detectFacesRequestId: 'req-detect',
      compareFacesRequestId: 'req-compare',
      rekognitionInput: 'bytes',
      usableFaceCount: 1,
      referenceVersionId: 'r1',
      referenceSha256: 'cd'.repeat(32),
      referenceFaceCount: 1,
      decision: 'AUTHORIZED',
      reasons: [],
      detectionOnlyAllowed: true,
    };
    expect(toItem(full)).toMatchObject({
      versionId: { S: 'v1' },
      imageSha256: { S: 'ab'.repeat(32) },
      referenceKey: { S: 'references/alice.jpg' },
      faceConfidence: { N: '99.5' },
      similarity: { N: '97.25' },
      detectFacesRequestId: { S: 'req-detect' },
      compareFacesRequestId: { S: 'req-compare' },
      rekognitionInput: { S: 'bytes' },
      usableFaceCount: { N: '1' },
      referenceVersionId: { S: 'r1' },
      referenceSha256: { S: 'cd'.repeat(32) },
      referenceFaceCount: { N: '1' },
      decision: { S: 'AUTHORIZED' },
      reasons: { L: [] },
      detectionOnlyAllowed: { BOOL: true },
    });
  });

  it('refuses a record without a required attribute, naming each', () => {
    const partial: Record<string, unknown> = { ...record };
    delete partial.decision;
    delete partial.correlationId;
    expect(() => toItem(partial as unknown as LedgerRecord)).toThrow(
      new LedgerWriteError('ledger record does not match the schema: decision: required; correlationId: required'),
    );
  });

  it('writes what readers accept as version 3', () => {
    expect(toItem(record).schemaVersion).toEqual({ N: '3' });
    expect(ledgerItemProblems(toItem({ ...record, reasons: ['IMAGE_TOO_SMALL'] }))).toEqual([]);
    expect(ledgerItemProblems(toItem({ ...record, reasons: ['REFERENCE_UNUSABLE'] }))).toEqual([]);
  });

  it("refuses a value of the wrong type before any write (a Number sent for a String: DynamoDB's ValidationException)", () => {
    const wrong = { ...record, recordedAt: 1767322800 } as unknown as LedgerRecord;
    expect(() => toItem(wrong)).toThrow(
      new LedgerWriteError('ledger record does not match the schema: recordedAt: must be a string (S)'),
    );
    const nan = { ...record, similarity: Number.NaN };
    expect(() => toItem(nan)).toThrow(/similarity: must be a finite number/);
    const extra = { ...record, faceLandmarks: 'x' } as unknown as LedgerRecord;
    expect(() => toItem(extra)).toThrow(/faceLandmarks: not in the ledger schema/);
    const wrongTypes = {
      ...record,
      detectionOnlyAllowed: 'no',
      reasons: ['NO_FACE', 3],
      sizeBytes: Number.POSITIVE_INFINITY,
    } as unknown as LedgerRecord;
    expect(() => toItem(wrongTypes)).toThrow(
      new LedgerWriteError(
        'ledger record does not match the schema: sizeBytes: must be a finite number (N); reasons: must be a list of strings (L of S); detectionOnlyAllowed: must be a boolean (BOOL)',
      ),
    );
    expect(() => toItem({ ...record, reasons: 'NO_FACE' } as unknown as LedgerRecord)).toThrow(
      /reasons: must be a list/,
    );
    expect(() => toItem({ ...record, schemaVersion: '1' } as unknown as LedgerRecord)).toThrow(
      /schemaVersion: must be a finite number \(N\)/,
    );
  });

  it('keys the table by upload attempt with a subject/time GSI, every key attribute a string', () => {
    expect(ledgerKeySchema).toEqual({
      hashKey: 'pk',
      attributes: [
        { name: 'pk', type: 'S' },
        { name: 'subjectId', type: 'S' },
        { name: 'recordedAt', type: 'S' },
      ],
      globalSecondaryIndexes: [
        { name: 'bySubject', hashKey: 'subjectId', rangeKey: 'recordedAt', projectionType: 'ALL' },
      ],
    });
    for (const a of ledgerKeySchema.attributes)
      expect(LEDGER_RECORD_ATTRIBUTES[a.name as keyof typeof LEDGER_RECORD_ATTRIBUTES]).toMatchObject({
        type: a.type,
        always: true,
      });
    expect(Object.isFrozen(ledgerKeySchema)).toBe(true);
    expect(Object.isFrozen(ledgerKeySchema.attributes)).toBe(true);
    expect(Object.isFrozen(ledgerKeySchema.attributes[0])).toBe(true);
    expect(Object.isFrozen(ledgerKeySchema.globalSecondaryIndexes[0])).toBe(true);
    expect(ledgerPartitionKey('vault', 'uploads/a b/c.jpg', 'seq')).toBe('UPLOAD#vault/uploads/a b/c.jpg#seq');
  });

  it('reads a conditional-check failure as already recorded, whatever realm its error class comes from', async () => {
    // A client whose send rejects with the given error (the ledger's one DynamoDB call).
    const failing = (error: Error) => ({ send: () => Promise.reject(error) }) as unknown as DynamoDBClient;
    const conditional = Object.assign(new Error('The conditional request failed'), {
      name: 'ConditionalCheckFailedException',
    });
    await expect(putRecord(failing(conditional), 'ledger', record)).resolves.toBe('already-recorded');
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'ProvisionedThroughputExceededException',
      $metadata: { httpStatusCode: 400 },
    });
    const error = await putRecord(failing(throttled), 'ledger', record).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DependencyError);
    expect((error as DependencyError).failure).toEqual({
      service: 'DynamoDB',
      operation: 'PutItem',
      errorName: 'ProvisionedThroughputExceededException',
      httpStatus: 400,
    });
    expect((error as DependencyError).cause).toBe(throttled);
    // Not an Error at all: a dependency failure, never "already recorded".
    await expect(
      putRecord(failing({ name: 'ConditionalCheckFailedException' } as unknown as Error), 'ledger', record),
    ).rejects.toBeInstanceOf(DependencyError);
  });

  it('has exactly these record attributes, each with one DynamoDB type, always present or omitted when not applicable', () => {
    expect(Object.entries(LEDGER_RECORD_ATTRIBUTES).map(([name, spec]) => [name, spec.type, spec.always])).toEqual([
      ['pk', 'S', true],
      ['schemaVersion', 'N', true],
      ['recordedAt', 'S', true],
      ['eventTime', 'S', true],
      ['subjectId', 'S', true],
      ['bucket', 'S', true],
      ['objectKey', 'S', true],
      ['versionId', 'S', false],
      ['sequencer', 'S', true],
      ['sizeBytes', 'N', true],
      ['contentType', 'S', true],
      ['detectedFormat', 'S', true],
      ['sseAlgorithm', 'S', true],
      ['imageSha256', 'S', false],
      ['referenceKey', 'S', false],
      ['faceCount', 'N', false],
      ['faceConfidence', 'N', false],
      ['similarity', 'N', false],
      ['decision', 'S', true],
      ['reasons', 'L', true],
      ['faceConfidenceThreshold', 'N', true],
      ['similarityThreshold', 'N', true],
      ['detectionOnlyAllowed', 'BOOL', true],
      ['detectFacesRequestId', 'S', false],
      ['compareFacesRequestId', 'S', false],
      ['functionVersion', 'S', true],
      ['correlationId', 'S', true],
      ['rekognitionInput', 'S', false],
      ['usableFaceCount', 'N', false],
      ['referenceVersionId', 'S', false],
      ['referenceSha256', 'S', false],
      ['referenceFaceCount', 'N', false],
    ]);
  });

  it('names the unattributable subject and the subject index', () => {
    expect([LEDGER_NO_SUBJECT, LEDGER_GSI_BY_SUBJECT, LEDGER_SUBJECT_ATTRIBUTE]).toEqual([
      '(none)',
      'bySubject',
      'subjectId',
    ]);
  });
});

describe('ledger records as readers see them: every version ever written', () => {
  /** A version-1 record as the table returns it (written before the analysed bytes were pinned). */
  const v1 = {
    pk: { S: 'UPLOAD#vault/uploads/alice/a.jpg#0055AED6DCD90281E5' },
    schemaVersion: { N: '1' },
    recordedAt: { S: '2026-01-02T03:04:06.000Z' },
    eventTime: { S: '2026-01-02T03:04:05.000Z' },
    subjectId: { S: 'alice' },
    bucket: { S: 'vault' },
    objectKey: { S: 'uploads/alice/a.jpg' },
    sequencer: { S: '0055AED6DCD90281E5' },
    sizeBytes: { N: '1234' },
    contentType: { S: 'image/jpeg' },
    detectedFormat: { S: 'jpeg' },
    sseAlgorithm: { S: 'aws:kms' },
    imageSha256: { S: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
    faceCount: { N: '1' },
    decision: { S: 'UNAUTHORIZED' },
    reasons: { L: [{ S: 'REKOGNITION_INVALID_S3_OBJECT' }] },
    faceConfidenceThreshold: { N: '90' },
    similarityThreshold: { N: '95' },
    detectionOnlyAllowed: { BOOL: false },
    detectFacesRequestId: { S: '8d7c7a3e-1f2b-4c5d-9e6f-000000000001' },
    functionVersion: { S: '3' },
    correlationId: { S: 'req/0' },
  };
  /** The same upload as a version-2 record. */
  const v2 = {
    ...v1,
    schemaVersion: { N: '2' },
    reasons: { L: [{ S: 'NO_MATCH' }] },
    rekognitionInput: { S: 'bytes' },
    usableFaceCount: { N: '1' },
    referenceKey: { S: 'references/alice.jpg' },
    referenceVersionId: { S: '3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY' },
    referenceSha256: { S: '2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae' },
    referenceFaceCount: { N: '1' },
    similarity: { N: '41.5' },
  };

  it('keeps the reasons version 1 could carry', () => {
    expect(LEDGER_REASONS_V1).toEqual([
      'INVALID_KEY',
      'NOT_AN_IMAGE_SUFFIX',
      'OBJECT_NOT_FOUND',
      'TOO_LARGE',
      'NOT_ENCRYPTED_WITH_VAULT_KEY',
      'NOT_AN_IMAGE',
      'REKOGNITION_INVALID_IMAGE_FORMAT',
      'REKOGNITION_IMAGE_TOO_LARGE',
      'REKOGNITION_INVALID_S3_OBJECT',
      'REKOGNITION_INVALID_PARAMETER',
      'NO_FACE',
      'MULTIPLE_FACES',
      'LOW_CONFIDENCE',
      'POSE_OUT_OF_BOUNDS',
      'LOW_QUALITY',
      'NO_REFERENCE',
      'REFERENCE_UNUSABLE',
      'NO_MATCH',
    ]);
  });

  it('accepts a version-1, a version-2 and a version-3 record', () => {
    expect(ledgerItemProblems(v1)).toEqual([]);
    expect(ledgerItemProblems(v2)).toEqual([]);
    expect(
      ledgerItemProblems({ ...v2, schemaVersion: { N: '3' }, reasons: { L: [{ S: 'IMAGE_TOO_SMALL' }] } }),
    ).toEqual([]);
  });

  it('knows IMAGE_TOO_SMALL from version 3 on only (versions 1 and 2 stay as written)', () => {
    expect(ledgerItemProblems({ ...v2, reasons: { L: [{ S: 'IMAGE_TOO_SMALL' }] } })).toEqual([
      'reasons: "IMAGE_TOO_SMALL" is not a reason of version 2',
    ]);
    expect(LEDGER_REASONS_V1).not.toContain('IMAGE_TOO_SMALL');
  });

  it('holds each record to its own version: attributes, types, required attributes and reasons', () => {
    expect(ledgerItemProblems({ ...v1, referenceVersionId: { S: 'x' } })).toEqual([
      'referenceVersionId: not an attribute of version 1',
    ]);
    expect(ledgerItemProblems({ ...v2, reasons: { L: [{ S: 'REKOGNITION_INVALID_S3_OBJECT' }] } })).toEqual([
      'reasons: "REKOGNITION_INVALID_S3_OBJECT" is not a reason of version 2',
    ]);
    expect(ledgerItemProblems({ ...v2, sizeBytes: { S: '1234' } })).toEqual([
      'sizeBytes: must be of type N (received S)',
    ]);
    const withoutDecision: Record<string, object> = { ...v2 };
    Reflect.deleteProperty(withoutDecision, 'decision');
    expect(ledgerItemProblems(withoutDecision)).toEqual(['decision: required in version 2']);
    expect(ledgerItemProblems({ ...v2, decision: { S: 'MAYBE' } })).toEqual([
      'decision: must be AUTHORIZED or UNAUTHORIZED (received "MAYBE")',
    ]);
  });

  it('refuses a record of an unknown version, naming the versions it knows', () => {
    expect(ledgerItemProblems({ ...v2, schemaVersion: { N: '4' } })).toEqual([
      'schemaVersion: not a known record version (1, 2, 3); received {"N":"4"}',
    ]);
    expect(ledgerItemProblems({ pk: { S: 'x' } })).toEqual([
      'schemaVersion: not a known record version (1, 2, 3); received undefined',
    ]);
  });
});

describe('docs/ledger-schema.md and docs/verifier.md', () => {
  const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'verifier.md'), 'utf8');

  it('docs/ledger-schema.md documents every ledger attribute with its one DynamoDB type, and nothing else', () => {
    const whole = readFileSync(join(__dirname, '..', '..', 'docs', 'ledger-schema.md'), 'utf8');
    const rowsOf = (text: string): unknown[] =>
      [...text.matchAll(/^\| `([A-Za-z0-9]+)` \| (S|N|BOOL|L) \| (always|when applicable) \|/gm)].map((m) => [
        m[1],
        m[2],
        m[3] === 'always',
      ]);
    const split = whole.indexOf('## Erasure records');
    expect(split).toBeGreaterThan(0);
    expect(rowsOf(whole.slice(0, split))).toEqual(
      Object.entries(LEDGER_RECORD_ATTRIBUTES).map(([name, spec]) => [name, spec.type, spec.always]),
    );
    expect(rowsOf(whole.slice(split))).toEqual(
      Object.entries(LEDGER_ERASURE_RECORD_ATTRIBUTES_V1).map(([name, spec]) => [name, spec.type, spec.always]),
    );
  });

  it('docs/verifier.md documents every decision reason', () => {
    const section = doc.slice(doc.indexOf('| Reason | Meaning |'), doc.indexOf('Version-1 records (written before'));
    const rows = [...section.matchAll(/^\| `([A-Z0-9_]+)` \| /gm)].map((m) => m[1]);
    expect(rows).toEqual([...REASONS]);
    expect(REASONS).toEqual([
      'INVALID_KEY',
      'NOT_AN_IMAGE_SUFFIX',
      'OBJECT_NOT_FOUND',
      'TOO_LARGE',
      'NOT_ENCRYPTED_WITH_VAULT_KEY',
      'NOT_AN_IMAGE',
      'IMAGE_TOO_SMALL',
      'REKOGNITION_INVALID_IMAGE_FORMAT',
      'REKOGNITION_IMAGE_TOO_LARGE',
      'NO_FACE',
      'MULTIPLE_FACES',
      'LOW_CONFIDENCE',
      'POSE_OUT_OF_BOUNDS',
      'LOW_QUALITY',
      'NO_REFERENCE',
      'REFERENCE_UNUSABLE',
      'NO_MATCH',
    ]);
  });
});
