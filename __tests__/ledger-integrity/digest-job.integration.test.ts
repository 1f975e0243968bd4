/**
 * The stream consumer and the digest job against local servers on loopback: dynalite (the ledger table, as
 * the ledger stack creates it), s3rver (the digest bucket) and a KMS stand-in (the signing key). dynalite has
 * no streams, so the stream records are simulated from what the table returns (NewImage = the item as a
 * Scan returns it, numbers normalized by the server). Then `ledger:verify` runs live against the same servers
 * (STS, which has no stand-in, through aws-sdk-client-mock).
 *
 * Intervals are one minute and the settle time one minute. s3rver stamps `LastModified` with the real time,
 * so the tests keep a virtual clock: each test moves it ahead, and the bucket as the job lists it shifts each
 * object's `LastModified` by the offset of the moment it was written (as if that much time had passed).
 */
import {
  CreateTableCommand,
  PutItemCommand,
  ScanCommand,
  UpdateItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { ENVIRONMENTS } from '../../config/environments';
import { resourceNames } from '../../config/names';
import { KmsDigestSigner, S3DigestStore } from '../../lambda-src/ledger-integrity/aws';
import { digestObjectKey, parseDigest } from '../../lambda-src/ledger-integrity/digest-format';
import {
  DigestConflictError,
  runDigestJob,
  type DigestJobDependencies,
  type DigestStore,
} from '../../lambda-src/ledger-integrity/digest-job';
import { consumeBatch, type ChangeAlert, type StreamRecord } from '../../lambda-src/ledger-integrity/stream-consumer';
import { ledgerKeySchema } from '../../lambda-src/verifier/ledger-schema';
import { runLedgerVerify } from '../../tools/ledger-verify/cli';
import { startDynamo, startS3, type LocalDynamo, type LocalS3 } from '../ops/helpers/local-servers';
import { present } from '../helpers/present';
import { ledgerItem } from './support/ledger-world';
import { rsaKey, startKms, type KmsStandIn, type StandInKey } from './support/kms-stand-in';

const env = ENVIRONMENTS.dev;
const names = resourceNames(env);
const ACCOUNT = '111111111111';
const BUCKET = `${names.ledgerDigestBucketPrefix}-${ACCOUNT}`;
const KEY_ARN = 'arn:aws:kms:eu-west-1:111111111111:key/0f0f0f0f-1111-4222-8333-444444444444';
const BUCKET_KEY_ARN = 'arn:aws:kms:eu-west-1:111111111111:key/abababab-1111-4222-8333-444444444444';
const MINUTE = 60_000;

let s3: LocalS3;
let dynamo: LocalDynamo;
let kms: KmsStandIn;
let key: StandInKey;
let s3Store: S3DigestStore;
const alerts: ChangeAlert[] = [];
let sequence = 5000;
let offset = 0;
const vnow = (): number => Date.now() + offset;
/** The virtual time moves 10 minutes ahead: earlier intervals are long closed. */
const advance = (): void => {
  offset += 10 * MINUTE;
};
const shiftedAt = new Map<string, number>();
/** The digest bucket on s3rver, with `LastModified` in virtual time. */
const store: DigestStore = {
  list: async (prefix) =>
    (await s3Store.list(prefix)).map((o) => ({ ...o, lastModified: o.lastModified + (shiftedAt.get(o.key) ?? 0) })),
  get: (k) => s3Store.get(k),
  putIfAbsent: async (k, b, t) => {
    const r = await s3Store.putIfAbsent(k, b, t);
    if (r === 'written') shiftedAt.set(k, offset);
    return r;
  },
};

beforeAll(async () => {
  key = rsaKey(KEY_ARN, [names.ledgerSigningKeyAlias]);
  [s3, dynamo, kms] = await Promise.all([startS3([BUCKET]), startDynamo(), startKms([key])]);
  await dynamo.client.send(
    new CreateTableCommand({
      TableName: names.ledgerTable,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: ledgerKeySchema.hashKey, KeyType: 'HASH' }],
      AttributeDefinitions: ledgerKeySchema.attributes.map((a) => ({ AttributeName: a.name, AttributeType: a.type })),
      GlobalSecondaryIndexes: ledgerKeySchema.globalSecondaryIndexes.map((g) => ({
        IndexName: g.name,
        KeySchema: [
          { AttributeName: g.hashKey, KeyType: 'HASH' },
          { AttributeName: g.rangeKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: g.projectionType },
      })),
    }),
  );
  s3Store = new S3DigestStore(s3.client, BUCKET, BUCKET_KEY_ARN);
});

afterAll(async () => {
  await Promise.all([s3.close(), dynamo.close(), kms.close()]);
});

async function scan(): Promise<Record<string, AttributeValue>[]> {
  return (await dynamo.client.send(new ScanCommand({ TableName: names.ledgerTable }))).Items ?? [];
}

/** The stream record DynamoDB would emit for a change, from the items as the table returns them. */
function streamRecord(
  eventName: 'INSERT' | 'MODIFY',
  item: Record<string, AttributeValue>,
  old?: Record<string, AttributeValue>,
): StreamRecord {
  sequence += 1;
  return {
    eventID: `evt-${sequence}`,
    eventName,
    eventSourceARN: `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/${names.ledgerTable}/stream/2025-01-01T00:00:00.000`,
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(vnow() / 1000),
      Keys: { pk: item.pk },
      NewImage: item,
      ...(old !== undefined && { OldImage: old }),
      SequenceNumber: String(sequence).padStart(21, '0'),
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

async function consume(records: StreamRecord[]): Promise<void> {
  await consumeBatch(
    { Records: records },
    {
      environment: env.name,
      keyAttributes: ['pk'],
      staging: store,
      alerts: { publish: (a) => Promise.resolve(void alerts.push(...a)) },
      counters: { count: () => undefined },
      now: vnow,
    },
  );
}

function jobDeps(now: number, over: Partial<DigestJobDependencies> = {}): DigestJobDependencies {
  return {
    environment: env.name,
    ledgerTable: names.ledgerTable,
    bucket: BUCKET,
    store,
    signer: new KmsDigestSigner(kms.client, KEY_ARN),
    intervalSeconds: 60,
    settleSeconds: 60,
    maxIntervalsPerRun: 100,
    now: () => now,
    ...over,
  };
}

async function liveVerify(): Promise<{ status: number; out: string; err: string }> {
  const sts = new STSClient({ region: env.region });
  const m = mockClient(sts);
  m.on(GetCallerIdentityCommand).resolves({
    Account: ACCOUNT,
    Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/biometric-vault-auditor/x`,
  });
  let out = '';
  let err = '';
  const status = await runLedgerVerify(
    ['--env', 'dev', '--quiet'],
    { stdout: (t) => (out += t), stderr: (t) => (err += t) },
    {
      clients: () => ({ s3: s3.client, dynamodb: dynamo.client, kms: kms.client, sts }),
      now: () => vnow() + 3 * MINUTE,
    },
  );
  m.restore();
  return { status, out, err };
}

test('records written to the table are staged, sealed into signed digests, and verify live as intact', async () => {
  // Prepare: twelve records written as a writer sends them (numbers as text, some unnormalized).
  for (let n = 1; n <= 12; n++) {
    const item = ledgerItem(n, vnow(), { sizeBytes: { N: '2.048E4' }, faceConfidence: { N: '99.870' } });
    await dynamo.client.send(
      new PutItemCommand({ TableName: names.ledgerTable, Item: item as Record<string, AttributeValue> }),
    );
  }
  const items = await scan();
  expect(items.map((i) => i.sizeBytes?.N)).toContain('20480');
  // Act: the consumer gets them in two batches; the job runs three minutes later.
  await consume(items.slice(0, 5).map((i) => streamRecord('INSERT', i)));
  await consume(items.slice(5).map((i) => streamRecord('INSERT', i)));
  const run = await runDigestJob({}, jobDeps(vnow() + 3 * MINUTE));
  // Assess: the digests hold the twelve records; KMS signed SHA-256 digests with PKCS#1 v1.5.
  expect(run.sealed.length).toBeGreaterThanOrEqual(1);
  expect(run.sealed.reduce((n, s) => n + s.recordCount, 0)).toBe(12);
  expect(run.sealed.every((s) => s.outcome === 'written')).toBe(true);
  const signs = kms.requests.filter((r) => r.target === 'TrentService.Sign');
  expect(signs.length).toBe(run.sealed.length);
  expect(
    signs.map((r) => [
      r.body.MessageType,
      r.body.SigningAlgorithm,
      Buffer.from(String(r.body.Message), 'base64').length,
    ]),
  ).toEqual(run.sealed.map(() => ['DIGEST', 'RSASSA_PKCS1_V1_5_SHA_256', 32]));
  const listed = await store.list('public-keys/');
  expect(listed.map((o) => o.key)).toEqual([`public-keys/${run.publicKeyFingerprint}.pem`]);

  const verified = await liveVerify();
  expect(verified.out).toContain('records: 12 read, 12 intact');
  expect(verified.out).toContain('INTACT');
  expect(verified.status).toBe(0);
});

test('a retry of the same interval writes nothing new: the identical digest and signature are found', async () => {
  // Prepare: a record, staged and sealed.
  advance();
  const item = ledgerItem(100, vnow());
  await dynamo.client.send(
    new PutItemCommand({ TableName: names.ledgerTable, Item: item as Record<string, AttributeValue> }),
  );
  const stored = present(
    (await scan()).find((i) => i.pk?.S === (item.pk as { S: string }).S),
    'record 100',
  );
  await consume([streamRecord('INSERT', stored)]);
  const now = vnow() + 3 * MINUTE;
  const first = await runDigestJob({}, jobDeps(now));
  const last = present(first.sealed[first.sealed.length - 1], 'a sealed digest');
  const read = async (k: string): Promise<Buffer> =>
    Buffer.from(
      await present(
        (await s3.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: k }))).Body,
        k,
      ).transformToByteArray(),
    );
  const before = [await read(last.key), await read(`${last.key}.sig`)];
  // Act: a second invocation that listed the bucket before the first one wrote (it does not see the digest).
  const hiding: DigestStore = {
    list: async (prefix) => (await store.list(prefix)).filter((o) => !o.key.startsWith(last.key)),
    get: (k) => store.get(k),
    putIfAbsent: (k, b, t) => store.putIfAbsent(k, b, t),
  };
  const retry = await runDigestJob({}, jobDeps(now, { store: hiding }));
  // Assess: the same interval, the same content hash and signature; the objects are unchanged.
  const again = present(
    retry.sealed.find((s) => s.key === last.key),
    'the retried digest',
  );
  expect(again.outcome).toBe('already-written');
  expect([again.hash, again.signature]).toEqual([last.hash, last.signature]);
  expect([await read(last.key), await read(`${last.key}.sig`)]).toEqual(before);
});

test('a late record (recordedAt an hour back) is sealed in the interval it was streamed in, counted as late', async () => {
  advance();
  const recordedAt = vnow() - 60 * MINUTE;
  const item = ledgerItem(200, recordedAt);
  await dynamo.client.send(
    new PutItemCommand({ TableName: names.ledgerTable, Item: item as Record<string, AttributeValue> }),
  );
  const stored = present(
    (await scan()).find((i) => i.pk?.S === (item.pk as { S: string }).S),
    'record 200',
  );
  await consume([streamRecord('INSERT', stored)]);
  const run = await runDigestJob({}, jobDeps(vnow() + 3 * MINUTE));
  const sealed = present(
    run.sealed.find((s) => s.recordCount > 0),
    'the digest of the late record',
  );
  expect(sealed.lateRecords).toBe(1);
  const digest = parseDigest(JSON.parse(gunzipSync(present(await store.get(sealed.key), sealed.key)).toString('utf8')));
  expect(digest.records.map((r) => [r.keySha256, r.recordedAt])).toEqual([
    [
      createHash('sha256')
        .update(`{"pk":{"S":"${(item.pk as { S: string }).S}"}}`)
        .digest('hex'),
      new Date(recordedAt).toISOString(),
    ],
  ]);
  expect(Date.parse(digest.digestStartTime)).toBeGreaterThan(recordedAt);

  const verified = await liveVerify();
  expect(verified.out).toContain(
    `notice record-late: record pk=${(item.pk as { S: string }).S}: recorded ${new Date(recordedAt).toISOString()}`,
  );
  expect(verified.status).toBe(0);
});

test('a change made in the table is alerted at once (key and attribute names only) and found by ledger:verify', async () => {
  advance();
  const target = present(
    (await scan()).find((i) => i.pk?.S?.endsWith('img-3.jpg#v3') === true),
    'record 3',
  );
  // Act: break-glass changes a decision; the stream delivers the MODIFY.
  await dynamo.client.send(
    new UpdateItemCommand({
      TableName: names.ledgerTable,
      Key: { pk: present(target.pk, 'pk') },
      UpdateExpression: 'SET decision = :d',
      ExpressionAttributeValues: { ':d': { S: 'UNAUTHORIZED' } },
    }),
  );
  const after = present(
    (await scan()).find((i) => i.pk?.S === target.pk?.S),
    'record 3 after',
  );
  await consume([streamRecord('MODIFY', after, target)]);
  // Assess: an alert naming the record and the attribute, without any value.
  const alert = present(alerts[alerts.length - 1], 'the alert');
  expect(alert).toEqual(
    expect.objectContaining({
      event: 'MODIFY',
      key: `{"pk":{"S":"${String(target.pk?.S)}"}}`,
      changedAttributes: ['decision'],
    }),
  );
  expect(JSON.stringify(alert)).not.toContain('UNAUTHORIZED');
  await runDigestJob({}, jobDeps(vnow() + 3 * MINUTE));
  const verified = await liveVerify();
  expect(verified.out).not.toContain('record-changed');
  expect(verified.out).toContain(`TAMPERING record-modified: record pk=${String(target.pk?.S)}: changed in`);
  expect(verified.status).toBe(1);
});

test('a different digest already at the interval key (written after the job listed) is a conflict, never overwritten', async () => {
  advance();
  const now = vnow() + 3 * MINUTE;
  const end = Math.floor((now - MINUTE) / MINUTE) * MINUTE;
  const squatted = digestObjectKey(env.name, end);
  await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: squatted, Body: Buffer.from('not this digest') }));
  const racing: DigestStore = {
    ...store,
    list: async (prefix) => (await store.list(prefix)).filter((o) => o.key !== squatted),
  };
  await expect(runDigestJob({}, jobDeps(now, { store: racing }))).rejects.toThrow(DigestConflictError);
  // Seen in the listing, the unreadable newest digest stops the job instead of being chained onto.
  await expect(runDigestJob({}, jobDeps(now))).rejects.toThrow(
    `the newest digest ${squatted} or its signature cannot be read; not continuing`,
  );
});
