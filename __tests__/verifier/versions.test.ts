/**
 * The verifier on a versioned bucket, driven by the intake queue, against the S3 and Rekognition stand-ins
 * (support/harness.ts): the analysed bytes are the recorded bytes, the reference is pinned, absence is
 * confirmed before it is recorded, a "null" version never merges two uploads, S3's test message is ignored,
 * and the face that decides is the one that was checked.
 */
import { createHash } from 'node:crypto';
import { ledgerItemProblems } from '../../lambda-src/verifier/ledger-schema';
import { captureOutput, logEntries, startHarness, type Harness } from './support/harness';
import { BUCKET, jpegBytes } from './support/local-aws';

let h: Harness;
const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const pkOf = (key: string, version: string): string => `UPLOAD#${BUCKET}/${key}#${version}`;
const ALICE_REFERENCE = jpegBytes(1500, 90);

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.stop());
beforeEach(() => {
  h.s3.versioning = 'Enabled';
  h.inject();
  captureOutput(h.output);
  h.rekognition.scene(ALICE_REFERENCE, { faces: [{ person: 'alice' }] });
});
afterEach(() => jest.restoreAllMocks());

let seed = 1000;
/** A new image showing these people (one face each, default box unless given). */
function image(faces: Parameters<Harness['rekognition']['scene']>[1]['faces'], size = 3000): Uint8Array {
  seed += 1;
  const bytes = jpegBytes(size, seed);
  h.rekognition.scene(bytes, { faces });
  return bytes;
}

describe('verifier on a versioned bucket', () => {
  it('analyses the very bytes it hashed, pins the reference version and hash, and writes a version-3 record', async () => {
    // Prepare
    const reference = h.upload('references/alice.jpg', ALICE_REFERENCE);
    const bytes = image([{ person: 'alice' }]);
    const event = h.upload('uploads/alice/pinned.jpg', bytes);
    const version = event.s3.object.versionId ?? '';
    const calls = h.rekognition.calls.length;

    // Act
    const result = await h.deliver([event]);

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    const item = await h.item(pkOf('uploads/alice/pinned.jpg', version));
    expect(item).toMatchObject({
      schemaVersion: { N: '3' },
      versionId: { S: version },
      decision: { S: 'AUTHORIZED' },
      reasons: { L: [] },
      imageSha256: { S: sha(bytes) },
      rekognitionInput: { S: 'bytes' },
      referenceKey: { S: 'references/alice.jpg' },
      referenceVersionId: { S: reference.s3.object.versionId ?? '' },
      referenceSha256: { S: sha(ALICE_REFERENCE) },
      referenceFaceCount: { N: '1' },
      faceCount: { N: '1' },
      usableFaceCount: { N: '1' },
      faceConfidence: { N: '99.9992' },
      similarity: { N: '99.1324' },
    });
    expect(ledgerItemProblems(item ?? {})).toEqual([]);
    // DetectFaces on the upload's bytes, DetectFaces on the reference's bytes, then CompareFaces of the two.
    expect(
      h.rekognition.calls.slice(calls).map((c) => [c.operation, c.images, c.qualityFilter, c.similarityThreshold]),
    ).toEqual([
      ['DetectFaces', ['bytes:3000'], undefined, undefined],
      ['DetectFaces', ['bytes:1500'], undefined, undefined],
      ['CompareFaces', ['bytes:1500', 'bytes:3000'], 'AUTO', 0],
    ]);
  });

  it('sends an upload above 5 MB as the exact S3 object version whose bytes it hashed', async () => {
    h.upload('references/alice.jpg', ALICE_REFERENCE);
    const bytes = image([{ person: 'alice' }], 5 * 1024 * 1024 + 1);
    const event = h.upload('uploads/alice/large.jpg', bytes);
    const version = event.s3.object.versionId ?? '';
    const calls = h.rekognition.calls.length;

    await h.deliver([event]);

    expect(await h.item(pkOf('uploads/alice/large.jpg', version))).toMatchObject({
      decision: { S: 'AUTHORIZED' },
      rekognitionInput: { S: 's3-object-version' },
      imageSha256: { S: sha(bytes) },
      sizeBytes: { N: String(5 * 1024 * 1024 + 1) },
    });
    const [detect, , compare] = h.rekognition.calls.slice(calls);
    expect(detect?.images).toEqual([`s3:${BUCKET}/uploads/alice/large.jpg#${version}`]);
    expect(compare?.images).toEqual(['bytes:1500', `s3:${BUCKET}/uploads/alice/large.jpg#${version}`]);
  });

  it('compares with the reference version current at the time, checking each version once per container', async () => {
    // Prepare: two uploads against the first reference version, then a re-enrolment, then a third upload.
    const first = h.upload('references/alice.jpg', ALICE_REFERENCE);
    const e1 = h.upload('uploads/alice/one.jpg', image([{ person: 'alice' }]));
    const e2 = h.upload('uploads/alice/two.jpg', image([{ person: 'alice' }]));
    const reenrolled = image([{ person: 'alice' }], 1700);
    const calls = h.rekognition.calls.length;

    // Act
    await h.deliver([e1]);
    await h.deliver([e2]);
    const second = h.upload('references/alice.jpg', reenrolled);
    const e3 = h.upload('uploads/alice/three.jpg', image([{ person: 'alice' }]));
    await h.deliver([e3]);

    // Assess
    const referenceVersion = async (e: typeof e1): Promise<string | undefined> =>
      (await h.item(pkOf(e.s3.object.key, e.s3.object.versionId ?? '')))?.referenceVersionId?.S;
    expect(await referenceVersion(e1)).toBe(first.s3.object.versionId);
    expect(await referenceVersion(e2)).toBe(first.s3.object.versionId);
    expect(await referenceVersion(e3)).toBe(second.s3.object.versionId);
    expect((await h.item(pkOf(e3.s3.object.key, e3.s3.object.versionId ?? '')))?.referenceSha256).toEqual({
      S: sha(reenrolled),
    });
    // Reference DetectFaces: once for the first version, once for the second.
    const referenceChecks = h.rekognition.calls
      .slice(calls)
      .filter((c) => c.operation === 'DetectFaces' && (c.images[0] === 'bytes:1500' || c.images[0] === 'bytes:1700'));
    expect(referenceChecks.map((c) => c.images[0])).toEqual(['bytes:1500', 'bytes:1700']);
  });

  it('verifies the version the event names, even after the key was overwritten', async () => {
    h.upload('references/alice.jpg', ALICE_REFERENCE);
    const original = h.upload('uploads/alice/overwritten.jpg', image([{ person: 'alice' }]));
    const replacement = h.upload('uploads/alice/overwritten.jpg', image([]));

    await h.deliver([original, replacement]);

    const key = 'uploads/alice/overwritten.jpg';
    expect((await h.item(pkOf(key, original.s3.object.versionId ?? '')))?.decision).toEqual({ S: 'AUTHORIZED' });
    expect((await h.item(pkOf(key, replacement.s3.object.versionId ?? '')))?.reasons).toEqual({
      L: [{ S: 'NO_FACE' }],
    });
  });

  it('records a version that is gone as OBJECT_NOT_FOUND only after a listing confirms it', async () => {
    // Prepare: S3 answers 403 for a missing version (the role may not list uploads/ with ListBucket).
    const event = h.upload('uploads/alice/deleted.jpg', image([{ person: 'alice' }]));
    const version = event.s3.object.versionId ?? '';
    h.s3.remove('uploads/alice/deleted.jpg', version);
    const requests = h.s3.requests.length;

    // Act
    const result = await h.deliver([event]);

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(await h.item(pkOf('uploads/alice/deleted.jpg', version))).toMatchObject({
      decision: { S: 'UNAUTHORIZED' },
      reasons: { L: [{ S: 'OBJECT_NOT_FOUND' }] },
      detectedFormat: { S: 'unread' },
    });
    expect(h.s3.requests.slice(requests).map((r) => [r.operation, r.key, r.status])).toEqual([
      ['HeadObject', 'uploads/alice/deleted.jpg', 403],
      ['ListObjectVersions', '', 200],
    ]);
  });

  it('fails, and records nothing, when S3 denies an object that exists; the retry records the real verdict', async () => {
    h.upload('references/alice.jpg', ALICE_REFERENCE);
    const event = h.upload('uploads/alice/denied.jpg', image([{ person: 'alice' }]));
    const pk = pkOf('uploads/alice/denied.jpg', event.s3.object.versionId ?? '');
    h.s3.failNext({ operation: 'HeadObject', key: 'uploads/alice/denied.jpg', status: 403, code: 'AccessDenied' });

    const first = await h.deliver([event]);
    const nothing = await h.item(pk);
    const retried = await h.deliver([event]);

    expect(first.batchItemFailures).toHaveLength(1);
    expect(nothing).toBeUndefined();
    expect(retried.batchItemFailures).toEqual([]);
    expect((await h.item(pk))?.decision).toEqual({ S: 'AUTHORIZED' });
  });
});

describe('verifier on a bucket whose versioning is suspended ("null" versions)', () => {
  it('keeps two uploads of the same key apart (the sequencer keys them), never merging them', async () => {
    // Prepare
    h.s3.versioning = 'Suspended';
    h.upload('references/alice.jpg', ALICE_REFERENCE);
    const key = 'uploads/alice/same-key.jpg';
    const first = h.upload(key, image([{ person: 'alice' }]));

    // Act
    await h.deliver([first]);
    const second = h.upload(key, image([{ person: 'bob' }]));
    await h.deliver([second]);

    // Assess
    expect(first.s3.object.versionId).toBe('null');
    const one = await h.item(pkOf(key, first.s3.object.sequencer));
    const two = await h.item(pkOf(key, second.s3.object.sequencer));
    expect(one).toMatchObject({ decision: { S: 'AUTHORIZED' } });
    expect(two).toMatchObject({ decision: { S: 'UNAUTHORIZED' }, reasons: { L: [{ S: 'NO_MATCH' }] } });
    expect(one).not.toHaveProperty('versionId');
    expect(await h.item(pkOf(key, 'null'))).toBeUndefined();
  });

  it("never records another upload's bytes under an event whose write was overwritten before it was handled", async () => {
    h.s3.versioning = 'Suspended';
    const key = 'uploads/alice/late.jpg';
    const late = h.upload(key, image([{ person: 'alice' }]));
    h.upload(key, image([{ person: 'mallory' }]));

    await h.deliver([late]);

    expect(await h.item(pkOf(key, late.s3.object.sequencer))).toMatchObject({
      reasons: { L: [{ S: 'OBJECT_NOT_FOUND' }] },
      detectedFormat: { S: 'unread' },
    });
  });
});

describe('images above the 5 MB Rekognition takes as bytes, without a distinct version', () => {
  it('sends the object by name and confirms by ETag afterwards that Rekognition saw the hashed bytes', async () => {
    h.s3.versioning = 'Suspended';
    h.upload('references/alice.jpg', ALICE_REFERENCE);
    const bytes = image([{ person: 'alice' }], 5 * 1024 * 1024 + 7);
    const event = h.upload('uploads/alice/large-null.jpg', bytes);
    const requests = h.s3.requests.length;

    await h.deliver([event]);

    expect(await h.item(pkOf('uploads/alice/large-null.jpg', event.s3.object.sequencer))).toMatchObject({
      decision: { S: 'AUTHORIZED' },
      rekognitionInput: { S: 's3-object' },
      imageSha256: { S: sha(bytes) },
    });
    const uploadRequests = h.s3.requests.slice(requests).filter((r) => r.key === 'uploads/alice/large-null.jpg');
    expect(uploadRequests.map((r) => [r.operation, r.ifMatch !== undefined])).toEqual([
      ['HeadObject', false],
      ['GetObject', true],
      ['HeadObject', true],
    ]);
  });

  it('fails the record, recording nothing, when the object changed while Rekognition read it', async () => {
    h.s3.versioning = 'Suspended';
    const event = h.upload('uploads/alice/changed.jpg', image([], 5 * 1024 * 1024 + 9));
    // The ETag check after DetectFaces (the second HeadObject) finds another object.
    h.s3.failNext({
      operation: 'HeadObject',
      key: 'uploads/alice/changed.jpg',
      status: 412,
      code: 'PreconditionFailed',
      after: 1,
    });

    const result = await h.deliver([event]);

    expect(result.batchItemFailures).toHaveLength(1);
    expect(await h.item(pkOf('uploads/alice/changed.jpg', event.s3.object.sequencer))).toBeUndefined();
    expect(logEntries(h.output)).toContainEqual(
      expect.objectContaining({ level: 'ERROR', errorName: 'ObjectChangedError' }),
    );
  });
});

describe('references that cannot be analysed', () => {
  it.each([
    ['over 15 MB', () => jpegBytes(15 * 1024 * 1024 + 1, 3)],
    ['not JPEG or PNG', () => Buffer.from('GIF89a, not a face')],
  ])('refuses the uploads of a subject whose reference is %s, without analysing the reference', async (_name, make) => {
    seed += 1;
    const subject = `frank${seed}`;
    h.upload(`references/${subject}.jpg`, make());
    const event = h.upload(`uploads/${subject}/selfie.jpg`, image([{ person: 'frank' }]));
    const calls = h.rekognition.calls.length;

    await h.deliver([event]);

    const item = await h.item(pkOf(event.s3.object.key, event.s3.object.versionId ?? ''));
    expect(item).toMatchObject({ reasons: { L: [{ S: 'REFERENCE_UNUSABLE' }] } });
    expect(item).not.toHaveProperty('referenceFaceCount');
    // Only the upload's DetectFaces: the reference was never sent to Rekognition.
    expect(h.rekognition.calls.slice(calls).map((c) => c.operation)).toEqual(['DetectFaces']);
  });
});

describe('intake queue messages', () => {
  it("ignores S3's test message: no record, no failure, counted as ignored", async () => {
    const before = (await h.ledger.scan()).length;
    const test = JSON.stringify({
      Service: 'Amazon S3',
      Event: 's3:TestEvent',
      Time: '2014-10-13T15:57:02.089Z',
      Bucket: BUCKET,
      RequestId: '5582815E1AEA5ADF',
      HostId: '8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE',
    });

    const result = await h.deliver([test]);

    expect(result).toEqual({ batchItemFailures: [] });
    expect((await h.ledger.scan()).length).toBe(before);
    expect(logEntries(h.output)).toContainEqual(expect.objectContaining({ level: 'WARN', reason: 'TEST_EVENT' }));
  });

  it('reports only the failed messages of a batch; the others are recorded', async () => {
    h.upload('references/alice.jpg', ALICE_REFERENCE);
    const a = h.upload('uploads/alice/batch-a.jpg', image([{ person: 'alice' }]));
    const b = h.upload('uploads/alice/batch-b.jpg', image([{ person: 'alice' }]));
    h.s3.failNext({ operation: 'GetObject', key: 'uploads/alice/batch-b.jpg', status: 503, code: 'SlowDown' });

    const result = await h.deliver([a, 'not json', b, '{"Message":"not an S3 notification"}']);

    expect(result.batchItemFailures).toHaveLength(3);
    const failed = new Set(result.batchItemFailures.map((f) => f.itemIdentifier));
    expect((await h.item(pkOf(a.s3.object.key, a.s3.object.versionId ?? '')))?.decision).toEqual({ S: 'AUTHORIZED' });
    expect(await h.item(pkOf(b.s3.object.key, b.s3.object.versionId ?? ''))).toBeUndefined();
    expect(failed.size).toBe(3);
  });

  it('fails a record, instead of waiting, when its Rekognition turn would come past the deadline', async () => {
    // Prepare: 1 transaction per second shared by 1 instance; the first call takes the only slot now.
    h.inject({ REKOGNITION_TPS: '1', REKOGNITION_CONCURRENCY: '1' });
    const a = h.upload('uploads/alice/deadline-a.jpg', image([]));
    const b = h.upload('uploads/alice/deadline-b.jpg', image([]));

    // Act: 15.5 s left, 15 s kept as margin: only calls starting within 0.5 s may go.
    const result = await h.deliver([a, b], { getRemainingTimeInMillis: () => 15_500 });

    // Assess
    expect(result.batchItemFailures).toHaveLength(1);
    const written = await Promise.all(
      [a, b].map(async (e) => h.item(pkOf(e.s3.object.key, e.s3.object.versionId ?? ''))),
    );
    expect(written.filter((i) => i !== undefined)).toHaveLength(1);
  });
});

describe('the face that decides', () => {
  it('does not let a spurious low-confidence detection refuse a genuine subject', async () => {
    h.upload('references/alice.jpg', ALICE_REFERENCE);
    const event = h.upload(
      'uploads/alice/background.jpg',
      image([
        { person: 'alice' },
        { person: 'poster', confidence: 38.2, box: { Left: 0.75, Top: 0.05, Width: 0.08, Height: 0.12 } },
      ]),
    );

    await h.deliver([event]);

    expect(await h.item(pkOf(event.s3.object.key, event.s3.object.versionId ?? ''))).toMatchObject({
      decision: { S: 'AUTHORIZED' },
      faceCount: { N: '2' },
      usableFaceCount: { N: '1' },
    });
  });

  it("takes the similarity at the checked face's box: the subject's face elsewhere in the image does not count", async () => {
    // Prepare: mallory holds up a small photo of alice; only mallory's face is confident enough to check.
    h.upload('references/alice.jpg', ALICE_REFERENCE);
    const event = h.upload(
      'uploads/alice/photo-of-photo.jpg',
      image([
        { person: 'mallory' },
        { person: 'alice', confidence: 61.5, box: { Left: 0.7, Top: 0.6, Width: 0.1, Height: 0.15 } },
      ]),
    );

    // Act
    await h.deliver([event]);

    // Assess: CompareFaces matched alice at 99.13 elsewhere, mallory at 12.3 at the checked box.
    expect(await h.item(pkOf(event.s3.object.key, event.s3.object.versionId ?? ''))).toMatchObject({
      decision: { S: 'UNAUTHORIZED' },
      reasons: { L: [{ S: 'NO_MATCH' }] },
      similarity: { N: '12.3' },
    });
  });

  it.each([
    ['no face', []],
    ['two faces', [{ person: 'dave' }, { person: 'dave-twin', box: { Left: 0.6, Top: 0.2, Width: 0.2, Height: 0.3 } }]],
  ] as const)(
    'reports a reference with %s as REFERENCE_UNUSABLE, raises its metric, never calls CompareFaces',
    async (_name, faces) => {
      // Prepare
      const subject = `dave${seed}`;
      h.upload(`references/${subject}.jpg`, image([...faces]));
      const event = h.upload(`uploads/${subject}/selfie.jpg`, image([{ person: 'dave' }]));
      const calls = h.rekognition.calls.length;

      // Act
      await h.deliver([event]);

      // Assess
      expect(await h.item(pkOf(event.s3.object.key, event.s3.object.versionId ?? ''))).toMatchObject({
        decision: { S: 'UNAUTHORIZED' },
        reasons: { L: [{ S: 'REFERENCE_UNUSABLE' }] },
        referenceFaceCount: { N: String(faces.length) },
      });
      expect(h.rekognition.calls.slice(calls).map((c) => c.operation)).toEqual(['DetectFaces', 'DetectFaces']);
      const entries = logEntries(h.output);
      expect(entries).toContainEqual(expect.objectContaining({ ReferenceUnusable: 1 }));
      expect(entries).toContainEqual(
        expect.objectContaining({ level: 'WARN', referenceKey: `references/${subject}.jpg` }),
      );
    },
  );
});
