/**
 * Handler tests against real local servers on loopback (s3rver behind the SSE-evidence proxy, dynalite;
 * see support/local-aws.ts) with Rekognition, which has no local server, mocked by aws-sdk-client-mock
 * using AWS's documented response shapes and error types.
 */
import { createHash } from 'node:crypto';
import { DynamoDBClient, QueryCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { CompareFacesCommand, DetectFacesCommand, RekognitionClient } from '@aws-sdk/client-rekognition';
import { S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { DependencyError, EventError, RecordsFailedError } from '../../lambda-src/verifier/errors';
import { handler, injectDependencies } from '../../lambda-src/verifier/handler';
import { LEDGER_RECORD_ATTRIBUTES } from '../../lambda-src/verifier/ledger-schema';
import { compareFacesOutput, detectFacesOutput, faceDetail, rekognitionErrors } from './support/rekognition-fixtures';
import {
  BUCKET,
  CREDENTIALS,
  OTHER_KEY_ARN,
  REGION,
  TABLE,
  VAULT_KEY_ARN,
  asDeliveredByS3,
  jpegBytes,
  startLocalAws,
  type LocalAws,
  type S3Notification,
  type S3rverEvent,
} from './support/local-aws';
import { jpegWithSize, pngWithSize } from './support/image-headers';

const rekognition = new RekognitionClient({ region: REGION, credentials: CREDENTIALS });
const rekMock = mockClient(rekognition);
const vaultKey = { algorithm: 'aws:kms', keyArn: VAULT_KEY_ARN } as const;
let local: LocalAws;
let s3: S3Client;
let dynamodb: DynamoDBClient;
/** Everything the handler wrote to stdout and stderr during a test. */
let stdout: string[] = [];

function inject(env: Record<string, string> = {}): void {
  injectDependencies({
    env: {
      LEDGER_TABLE_NAME: TABLE,
      VAULT_KEY_ARN,
      AWS_LAMBDA_FUNCTION_VERSION: '7',
      REKOGNITION_TPS: '10000',
      ...env,
    },
    clients: { s3, dynamodb, rekognition },
  });
}

let uploads = 0;
/** Uploads an object and returns the notification s3rver emitted for it, encoded as S3 delivers it. */
async function upload(
  key: string,
  bytes: Uint8Array = jpegBytes(),
  sse: Parameters<LocalAws['upload']>[2] = vaultKey,
): Promise<S3rverEvent> {
  uploads += 1;
  await local.upload(key, bytes, sse);
  const event = [...local.events].reverse().find((e) => e.Records[0].s3.object.key === key);
  if (event === undefined) throw new Error(`s3rver emitted no event for ${key}`);
  return asDeliveredByS3(event);
}

async function item(pk: string): Promise<Record<string, AttributeValue> | undefined> {
  return (await local.scanLedger()).find((i) => i.pk?.S === pk);
}

beforeAll(async () => {
  local = await startLocalAws();
  s3 = new S3Client({ region: REGION, endpoint: local.s3Endpoint, forcePathStyle: true, credentials: CREDENTIALS });
  dynamodb = new DynamoDBClient({ region: REGION, endpoint: local.dynamodbEndpoint, credentials: CREDENTIALS });
  await local.upload('references/alice.jpg', jpegBytes(1500, 9), vaultKey);
});

afterAll(async () => {
  s3.destroy();
  dynamodb.destroy();
  await local.stop();
});

beforeEach(() => {
  rekMock.reset();
  inject();
  stdout = [];
  // Powertools writes INFO and the EMF metrics to stdout, WARN and ERROR to stderr: capture both.
  for (const stream of [process.stdout, process.stderr]) {
    jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    });
  }
});

afterEach(() => jest.restoreAllMocks());

describe('verifier handler', () => {
  it('authorizes one confident face matching the reference, and records every attribute with its one type', async () => {
    // Prepare
    const bytes = jpegBytes(4096, 3);
    const event = await upload('uploads/alice/selfie 1.jpg', bytes);
    rekMock.on(DetectFacesCommand).resolves(detectFacesOutput([faceDetail()]));
    rekMock.on(CompareFacesCommand).resolves(compareFacesOutput(99.3));

    // Act
    const result = await handler(event, { awsRequestId: 'req-1' });

    // Assess
    const sequencer = event.Records[0].s3.object.sequencer;
    const pk = `UPLOAD#${BUCKET}/uploads/alice/selfie 1.jpg#${sequencer}`;
    expect(result.records).toEqual([
      { index: 0, correlationId: 'req-1/0', outcome: 'written', pk, decision: 'AUTHORIZED', reasons: [] },
    ]);
    const written = await item(pk);
    expect(written).toBeDefined();
    for (const [name, value] of Object.entries(written ?? {})) {
      expect([name, Object.keys(value)]).toEqual([
        name,
        [LEDGER_RECORD_ATTRIBUTES[name as keyof typeof LEDGER_RECORD_ATTRIBUTES].type],
      ]);
    }
    expect(written).toMatchObject({
      subjectId: { S: 'alice' },
      objectKey: { S: 'uploads/alice/selfie 1.jpg' },
      sequencer: { S: sequencer },
      sizeBytes: { N: '4096' },
      contentType: { S: 'image/jpeg' },
      detectedFormat: { S: 'jpeg' },
      sseAlgorithm: { S: 'aws:kms' },
      imageSha256: { S: createHash('sha256').update(bytes).digest('hex') },
      referenceKey: { S: 'references/alice.jpg' },
      faceCount: { N: '1' },
      faceConfidence: { N: '99.9992' },
      similarity: { N: '99.3' },
      decision: { S: 'AUTHORIZED' },
      reasons: { L: [] },
      faceConfidenceThreshold: { N: '90' },
      similarityThreshold: { N: '95' },
      detectionOnlyAllowed: { BOOL: false },
      functionVersion: { S: '7' },
      correlationId: { S: 'req-1/0' },
    });
    expect(written?.recordedAt?.S).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(written?.detectFacesRequestId?.S).toMatch(/^8d7c7a3e-/);
    expect(written?.compareFacesRequestId?.S).toMatch(/^8d7c7a3e-/);
    expect(written).not.toHaveProperty('versionId');
    expect(written).not.toHaveProperty('referenceVersionId');
    expect(written).toMatchObject({
      schemaVersion: { N: '3' },
      rekognitionInput: { S: 'bytes' },
      referenceSha256: { S: createHash('sha256').update(jpegBytes(1500, 9)).digest('hex') },
      referenceFaceCount: { N: '1' },
      usableFaceCount: { N: '1' },
    });
    // Rekognition gets the bytes that were read and hashed: the upload, then the reference (checked once),
    // then both compared, the reference as the source and the upload as the target.
    const detect = rekMock.commandCalls(DetectFacesCommand).map((c) => c.args[0].input);
    expect(detect).toEqual([
      { Image: { Bytes: new Uint8Array(bytes) }, Attributes: ['DEFAULT'] },
      { Image: { Bytes: new Uint8Array(jpegBytes(1500, 9)) }, Attributes: ['DEFAULT'] },
    ]);
    expect(rekMock.commandCalls(CompareFacesCommand)[0]?.args[0].input).toEqual({
      SourceImage: { Bytes: new Uint8Array(jpegBytes(1500, 9)) },
      TargetImage: { Bytes: new Uint8Array(bytes) },
      SimilarityThreshold: 0,
      QualityFilter: 'AUTO',
    });
  });

  it('logs structured JSON with a correlation id and no biometric data', async () => {
    // Prepare
    const event = await upload('uploads/alice/log-check.jpg');
    rekMock.on(DetectFacesCommand).resolves(detectFacesOutput([faceDetail({ confidence: 97.123456 })]));
    rekMock.on(CompareFacesCommand).resolves(compareFacesOutput(98.765432));

    // Act
    await handler(event, { awsRequestId: 'req-log' });

    // Assess
    const lines = stdout
      .join('')
      .split('\n')
      .filter((l) => l.trim() !== '');
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const decisionLog = entries.find((e) => e.message === 'decision recorded');
    expect(decisionLog).toMatchObject({
      level: 'INFO',
      service: 'verifier',
      correlationId: 'req-log/0',
      decision: 'AUTHORIZED',
      reasons: [],
    });
    const metricsLog = entries.find((e) => e._aws !== undefined);
    expect(metricsLog).toMatchObject({ DecisionAuthorized: 1, service: 'verifier' });
    const all = lines.join('\n');
    for (const forbidden of [
      'Landmarks',
      'eyeLeft',
      'BoundingBox',
      'Pose',
      'Yaw',
      'Quality',
      'Sharpness',
      '97.123456',
      '98.765432',
      'imageSha256',
    ]) {
      expect(all).not.toContain(forbidden);
    }
  });

  it.each([
    ['no face', [], ['NO_FACE'], '0'],
    ['several faces', [faceDetail(), faceDetail({ yaw: -20 })], ['MULTIPLE_FACES'], '2'],
    [
      'one low-confidence face (dark and blurred too)',
      [faceDetail({ confidence: 71.5, brightness: 8.2, sharpness: 4.1 })],
      ['LOW_CONFIDENCE'],
      '1',
    ],
    ['turned away', [faceDetail({ yaw: 62.4 })], ['POSE_OUT_OF_BOUNDS'], '1'],
  ])('refuses %s, without comparing', async (_name, faces, reasons, faceCount) => {
    // Prepare
    const event = await upload(`uploads/alice/case-${uploads}.jpg`);
    rekMock.on(DetectFacesCommand).resolves(detectFacesOutput(faces));
    rekMock.on(CompareFacesCommand).resolves(compareFacesOutput(undefined));

    // Act
    const result = await handler(event, { awsRequestId: 'req' });

    // Assess
    expect(result.records[0]).toMatchObject({ outcome: 'written', decision: 'UNAUTHORIZED', reasons });
    const written = await item((result.records[0] as { pk: string }).pk);
    expect(written?.faceCount).toEqual({ N: faceCount });
    expect(written?.reasons).toEqual({ L: reasons.map((r) => ({ S: r })) });
    // CompareFaces only for one usable face within the bounds: none of these.
    expect(rekMock.commandCalls(CompareFacesCommand)).toHaveLength(0);
  });

  it('refuses a face that does not match the reference, without a similarity attribute', async () => {
    // Prepare
    const event = await upload('uploads/alice/stranger.jpg');
    rekMock.on(DetectFacesCommand).resolves(detectFacesOutput([faceDetail()]));
    rekMock.on(CompareFacesCommand).resolves(compareFacesOutput(undefined));
    // Act
    const result = await handler(event, { awsRequestId: 'req' });
    // Assess
    expect(result.records[0]).toMatchObject({ decision: 'UNAUTHORIZED', reasons: ['NO_MATCH'] });
    expect(await item((result.records[0] as { pk: string }).pk)).not.toHaveProperty('similarity');
  });

  it('refuses a subject without a reference unless detection-only is allowed', async () => {
    // Prepare
    const strict = await upload('uploads/bob/first.jpg');
    const lenient = await upload('uploads/bob/second.png', jpegBytes());
    rekMock.on(DetectFacesCommand).resolves(detectFacesOutput([faceDetail()]));

    // Act
    const refused = await handler(strict, { awsRequestId: 'strict' });
    inject({ ALLOW_DETECTION_ONLY_WITHOUT_REFERENCE: 'true' });
    const allowed = await handler(lenient, { awsRequestId: 'lenient' });

    // Assess
    expect(refused.records[0]).toMatchObject({ decision: 'UNAUTHORIZED', reasons: ['NO_REFERENCE'] });
    expect(allowed.records[0]).toMatchObject({ decision: 'AUTHORIZED', reasons: [] });
    expect(await item((allowed.records[0] as { pk: string }).pk)).toMatchObject({
      detectionOnlyAllowed: { BOOL: true },
    });
    expect(rekMock.commandCalls(CompareFacesCommand)).toHaveLength(0);
  });

  it.each([
    ['InvalidImageFormatException', 'REKOGNITION_INVALID_IMAGE_FORMAT'],
    ['ImageTooLargeException', 'REKOGNITION_IMAGE_TOO_LARGE'],
  ] as const)("records Rekognition's %s as a decision, not a retry", async (errorName, reason) => {
    // Prepare
    const event = await upload(`uploads/alice/rejected-${uploads}.jpg`);
    rekMock.on(DetectFacesCommand).rejects(rekognitionErrors[errorName]());
    // Act
    const result = await handler(event, { awsRequestId: 'req' });
    // Assess
    expect(result.records[0]).toMatchObject({ outcome: 'written', decision: 'UNAUTHORIZED', reasons: [reason] });
    const written = await item((result.records[0] as { pk: string }).pk);
    expect(written?.detectFacesRequestId?.S).toMatch(/^8d7c7a3e-/);
    expect(written).not.toHaveProperty('faceCount');
  });

  it.each([
    'ThrottlingException',
    'ProvisionedThroughputExceededException',
    'InternalServerError',
    'InvalidS3ObjectException',
    'InvalidParameterException',
  ] as const)(
    'fails the invocation on %s (a fault, after the SDK retries) and writes nothing, so Lambda retries it',
    async (errorName) => {
      // Prepare
      const event = await upload(`uploads/alice/transient-${uploads}.jpg`);
      rekMock.on(DetectFacesCommand).rejects(rekognitionErrors[errorName]());
      const pk = `UPLOAD#${BUCKET}/uploads/alice/transient-${uploads}.jpg#${event.Records[0].s3.object.sequencer}`;

      // Act
      const failure = await handler(event, { awsRequestId: 'req' }).catch((e: unknown) => e);

      // Assess
      expect(failure).toBeInstanceOf(RecordsFailedError);
      const cause = (failure as RecordsFailedError).failures[0];
      expect(cause).toBeInstanceOf(DependencyError);
      expect((cause as DependencyError).failure).toMatchObject({
        service: 'Rekognition',
        operation: 'DetectFaces',
        errorName,
      });
      expect(cause?.cause).toBeInstanceOf(Error);
      expect(await item(pk)).toBeUndefined();
    },
  );

  it.each([
    ['encrypted under another KMS key', { algorithm: 'aws:kms', keyArn: OTHER_KEY_ARN } as const, 'aws:kms'],
    ['encrypted with SSE-S3 only', { algorithm: 'AES256' } as const, 'AES256'],
  ])('refuses an object %s without reading it or calling Rekognition', async (_name, sse, algorithm) => {
    const event = await upload(`uploads/alice/unencrypted-${uploads}.jpg`, jpegBytes(), sse);
    const result = await handler(event, { awsRequestId: 'req' });
    expect(result.records[0]).toMatchObject({ decision: 'UNAUTHORIZED', reasons: ['NOT_ENCRYPTED_WITH_VAULT_KEY'] });
    const written = await item((result.records[0] as { pk: string }).pk);
    expect(written).toMatchObject({ sseAlgorithm: { S: algorithm }, detectedFormat: { S: 'unread' } });
    expect(written).not.toHaveProperty('imageSha256');
    expect(rekMock.calls()).toHaveLength(0);
  });

  it('refuses bytes that are not JPEG or PNG whatever the suffix says, with their hash', async () => {
    const bytes = Buffer.from('%PDF-1.7 not a face');
    const event = await upload('uploads/alice/document.jpg', bytes);
    const result = await handler(event, { awsRequestId: 'req' });
    expect(result.records[0]).toMatchObject({ decision: 'UNAUTHORIZED', reasons: ['NOT_AN_IMAGE'] });
    expect(await item((result.records[0] as { pk: string }).pk)).toMatchObject({
      detectedFormat: { S: 'unknown' },
      imageSha256: { S: createHash('sha256').update(bytes).digest('hex') },
    });
    expect(rekMock.calls()).toHaveLength(0);
  });

  it("refuses an image under Rekognition's 80-pixel minimum before any Rekognition call, with its hash", async () => {
    // Prepare
    const bytes = pngWithSize(79, 640);
    const event = await upload('uploads/alice/tiny.png', bytes);
    // Act
    const result = await handler(event, { awsRequestId: 'req' });
    // Assess
    expect(result.records[0]).toMatchObject({ decision: 'UNAUTHORIZED', reasons: ['IMAGE_TOO_SMALL'] });
    expect(await item((result.records[0] as { pk: string }).pk)).toMatchObject({
      schemaVersion: { N: '3' },
      detectedFormat: { S: 'png' },
      imageSha256: { S: createHash('sha256').update(bytes).digest('hex') },
      reasons: { L: [{ S: 'IMAGE_TOO_SMALL' }] },
    });
    expect(rekMock.calls()).toHaveLength(0);
  });

  it('reports a reference under 80 pixels as unusable without sending it to Rekognition', async () => {
    // Prepare
    await local.upload('references/tiny-ref.png', jpegWithSize(64, 64, { size: 2000 }), vaultKey);
    const event = await upload('uploads/tiny-ref/selfie.jpg', jpegBytes(4096, 5));
    rekMock.on(DetectFacesCommand).resolves(detectFacesOutput([faceDetail()]));
    // Act
    const result = await handler(event, { awsRequestId: 'req' });
    // Assess
    expect(result.records[0]).toMatchObject({ decision: 'UNAUTHORIZED', reasons: ['REFERENCE_UNUSABLE'] });
    expect(rekMock.commandCalls(DetectFacesCommand)).toHaveLength(1);
    expect(rekMock.commandCalls(CompareFacesCommand)).toHaveLength(0);
  });

  it("refuses an object over Rekognition's 15 MB S3 limit without reading it", async () => {
    const event = await upload('uploads/alice/huge.jpg', jpegBytes(15 * 1024 * 1024 + 1));
    const result = await handler(event, { awsRequestId: 'req' });
    expect(result.records[0]).toMatchObject({ decision: 'UNAUTHORIZED', reasons: ['TOO_LARGE'] });
    expect(await item((result.records[0] as { pk: string }).pk)).toMatchObject({
      sizeBytes: { N: String(15 * 1024 * 1024 + 1) },
      detectedFormat: { S: 'unread' },
    });
    expect(rekMock.calls()).toHaveLength(0);
  });

  it('treats a redelivered event as done: no second record, no error', async () => {
    // Prepare
    const event = await upload('uploads/alice/twice.jpg');
    rekMock.on(DetectFacesCommand).resolves(detectFacesOutput([faceDetail()]));
    rekMock.on(CompareFacesCommand).resolves(compareFacesOutput(99));
    const first = await handler(event, { awsRequestId: 'first' });

    // Act
    const second = await handler(event, { awsRequestId: 'second' });

    // Assess
    expect(first.records[0]).toMatchObject({ outcome: 'written' });
    expect(second.records[0]).toMatchObject({ outcome: 'already-recorded', decision: 'AUTHORIZED' });
    const pk = (first.records[0] as { pk: string }).pk;
    const items = (await local.scanLedger()).filter((i) => i.pk?.S === pk);
    expect(items).toHaveLength(1);
    expect(items[0]?.correlationId).toEqual({ S: 'first/0' });
  });

  it('handles each record of an event on its own; a retry completes the failed one without duplicating the other', async () => {
    // Prepare
    const a = await upload('uploads/alice/batch-a.jpg', jpegBytes(2100));
    const b = await upload('uploads/carol/batch-b.jpg', jpegBytes(2200));
    const event: S3Notification = { Records: [...a.Records, ...b.Records] };
    // Rekognition answers by image: batch-a (2,100 bytes) has no face, batch-b (2,200 bytes) is throttled once.
    let throttled = false;
    rekMock.on(DetectFacesCommand).callsFake((input: { Image?: { Bytes?: Uint8Array } }) => {
      if (input.Image?.Bytes?.byteLength === 2200 && !throttled) {
        throttled = true;
        throw rekognitionErrors.ThrottlingException();
      }
      return detectFacesOutput([]);
    });

    // Act
    const failed = await handler(event, { awsRequestId: 'try-1' }).catch((e: unknown) => e);
    const retried = await handler(event, { awsRequestId: 'try-2' });

    // Assess
    expect(failed).toBeInstanceOf(RecordsFailedError);
    expect(retried.records.map((r) => r.outcome)).toEqual(['already-recorded', 'written']);
    const keys = (await local.scanLedger()).map((i) => i.objectKey?.S).filter((k) => k?.includes('batch-'));
    expect(keys.sort()).toEqual(['uploads/alice/batch-a.jpg', 'uploads/carol/batch-b.jpg']);
  });

  it('handles every valid record of an event even when another is malformed, then fails so the event is kept', async () => {
    // Prepare
    const a = await upload('uploads/alice/mixed-a.jpg');
    const b = await upload('uploads/carol/mixed-b.jpg');
    const malformed = {
      eventName: 'ObjectCreated:Put',
      eventTime: a.Records[0].eventTime,
      s3: { bucket: { name: BUCKET }, object: { size: 3, sequencer: '00AA' } },
    };
    const event = { Records: [a.Records[0], malformed, b.Records[0]] };
    rekMock.on(DetectFacesCommand).resolves(detectFacesOutput([]));

    // Act
    const first = await handler(event, { awsRequestId: 'try-1' }).catch((e: unknown) => e);
    const retried = await handler(event, { awsRequestId: 'try-2' }).catch((e: unknown) => e);

    // Assess
    // The malformed record fails the invocation (Lambda retries, then the on-failure queue keeps the event)...
    for (const failure of [first, retried]) {
      expect(failure).toBeInstanceOf(RecordsFailedError);
      const failures = (failure as RecordsFailedError).failures;
      expect(failures).toHaveLength(1);
      expect(failures[0]).toBeInstanceOf(EventError);
      expect(failures[0]).toMatchObject({
        recordIndex: 1,
        message: 'Records[1].s3.object.key is missing or invalid (received undefined)',
      });
    }
    // ...only after both valid records were written, once each: the retry's puts are absorbed by the condition.
    const written = (await local.scanLedger()).filter((i) => i.objectKey?.S?.includes('/mixed-'));
    expect(written.map((i) => [i.objectKey?.S, i.decision?.S, i.correlationId?.S]).sort()).toEqual([
      ['uploads/alice/mixed-a.jpg', 'UNAUTHORIZED', 'try-1/0'],
      ['uploads/carol/mixed-b.jpg', 'UNAUTHORIZED', 'try-1/2'],
    ]);
    const entries = stdout
      .join('')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries).toContainEqual(
      expect.objectContaining({ level: 'ERROR', correlationId: 'try-1/1', errorName: 'EventError' }),
    );
  });

  it("ignores S3's test message when it arrives directly: nothing written, nothing failed", async () => {
    const before = (await local.scanLedger()).length;
    const result = await handler(
      { Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: BUCKET },
      { awsRequestId: 'req' },
    );
    expect(result).toEqual({ records: [] });
    expect((await local.scanLedger()).length).toBe(before);
  });

  it('fails at once, with EventError, on an event that has no Records array', async () => {
    // Act
    const failure = await handler({ records: [] }, { awsRequestId: 'req' }).catch((e: unknown) => e);
    // Assess
    expect(failure).toBeInstanceOf(EventError);
  });

  it('records an upload whose key is not uploads/<subjectId>/<file>.(jpg|jpeg|png) as UNAUTHORIZED, without reading it or calling Rekognition', async () => {
    // Prepare
    const noSubject = await upload('uploads/no-subject.jpg');
    const notAnImage = await upload('uploads/alice/doc.txt', Buffer.from('hello'));
    const nested = await upload('uploads/alice/nested/deep.jpg', jpegBytes(), { algorithm: 'AES256' });
    const event: S3Notification = { Records: [...noSubject.Records, ...notAnImage.Records, ...nested.Records] };
    rekMock.on(DetectFacesCommand).resolves(detectFacesOutput([faceDetail()]));
    rekMock.on(CompareFacesCommand).resolves(compareFacesOutput(99.9));

    // Act
    const result = await handler(event, { awsRequestId: 'keys' });
    const redelivered = await handler(event, { awsRequestId: 'keys-again' });

    // Assess
    expect(
      result.records.map((r) => [
        r.outcome,
        'decision' in r ? r.decision : undefined,
        'reasons' in r ? r.reasons : undefined,
      ]),
    ).toEqual([
      ['written', 'UNAUTHORIZED', ['INVALID_KEY']],
      ['written', 'UNAUTHORIZED', ['NOT_AN_IMAGE_SUFFIX']],
      ['written', 'UNAUTHORIZED', ['INVALID_KEY', 'NOT_ENCRYPTED_WITH_VAULT_KEY']],
    ]);
    expect(redelivered.records.map((r) => r.outcome)).toEqual([
      'already-recorded',
      'already-recorded',
      'already-recorded',
    ]);
    expect(rekMock.calls()).toHaveLength(0);
    const items = (await local.scanLedger()).filter((i) =>
      ['uploads/no-subject.jpg', 'uploads/alice/doc.txt', 'uploads/alice/nested/deep.jpg'].includes(
        i.objectKey?.S ?? '',
      ),
    );
    expect(items).toHaveLength(3);
    const byKey = new Map(items.map((i) => [i.objectKey?.S, i]));
    expect(byKey.get('uploads/no-subject.jpg')).toMatchObject({
      subjectId: { S: '(none)' },
      sseAlgorithm: { S: 'aws:kms' },
      reasons: { L: [{ S: 'INVALID_KEY' }] },
    });
    expect(byKey.get('uploads/alice/doc.txt')).toMatchObject({
      subjectId: { S: 'alice' },
      sizeBytes: { N: '5' },
      reasons: { L: [{ S: 'NOT_AN_IMAGE_SUFFIX' }] },
    });
    expect(byKey.get('uploads/alice/nested/deep.jpg')).toMatchObject({
      subjectId: { S: 'alice' },
      sseAlgorithm: { S: 'AES256' },
    });
    for (const written of items) {
      expect(written).toMatchObject({
        decision: { S: 'UNAUTHORIZED' },
        detectedFormat: { S: 'unread' },
        correlationId: { S: expect.stringMatching(/^keys\//) as unknown },
      });
      for (const absent of [
        'imageSha256',
        'faceCount',
        'faceConfidence',
        'similarity',
        'referenceKey',
        'detectFacesRequestId',
        'compareFacesRequestId',
      ]) {
        expect(written).not.toHaveProperty(absent);
      }
      for (const [name, value] of Object.entries(written)) {
        expect([name, Object.keys(value)]).toEqual([
          name,
          [LEDGER_RECORD_ATTRIBUTES[name as keyof typeof LEDGER_RECORD_ATTRIBUTES].type],
        ]);
      }
    }
    // The sentinel subject is a valid GSI key: the unattributable upload is listed under it.
    const unattributed = await dynamodb.send(
      new QueryCommand({
        TableName: TABLE,
        IndexName: 'bySubject',
        KeyConditionExpression: '#s = :s',
        ExpressionAttributeNames: { '#s': 'subjectId' },
        ExpressionAttributeValues: { ':s': { S: '(none)' } },
      }),
    );
    expect((unattributed.Items ?? []).map((i) => i.objectKey?.S)).toContain('uploads/no-subject.jpg');
  });

  it('ignores records that are not uploads (outside uploads/, or not ObjectCreated), writing nothing', async () => {
    // Prepare
    const reference = await upload('references/dave.jpg');
    const removal = await upload('uploads/alice/removed.jpg');
    removal.Records[0].eventName = 'ObjectRemoved:Delete';
    const before = (await local.scanLedger()).length;

    // Act
    const result = await handler({ Records: [...reference.Records, ...removal.Records] }, { awsRequestId: 'req' });

    // Assess
    expect(result.records).toEqual([
      { index: 0, correlationId: 'req/0', outcome: 'ignored', reason: 'NOT_AN_UPLOAD_KEY' },
      { index: 1, correlationId: 'req/1', outcome: 'ignored', reason: 'NOT_OBJECT_CREATED' },
    ]);
    expect((await local.scanLedger()).length).toBe(before);
  });

  it('fails at start-up on a fraction threshold, naming the variable', async () => {
    injectDependencies({
      env: { LEDGER_TABLE_NAME: TABLE, VAULT_KEY_ARN, FACE_CONFIDENCE_THRESHOLD: '0.9' },
      clients: { s3, dynamodb, rekognition },
    });
    await expect(handler({ Records: [] }, { awsRequestId: 'req' })).rejects.toThrow(
      /FACE_CONFIDENCE_THRESHOLD: looks like a 0-1 fraction/,
    );
  });
});
