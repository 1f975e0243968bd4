/**
 * Integration: the BUNDLED artifact (index.mjs as extracted from dist/verifier/verifier.zip) runs in a
 * separate Node.js ESM process (support/bundle-runner.mjs) against AWS stand-ins on loopback, driven by
 * the intake queue's SQS batches: the S3 stand-in (versioned, as the vault bucket is), the Rekognition
 * stand-in and dynalite with the ledger table created from the same `ledgerKeySchema` the ledger stack
 * synthesizes. The bundle creates its own clients (timeouts, Powertools Tracer) and reaches the stand-ins
 * only through the SDK's `AWS_ENDPOINT_URL_*` variables.
 *
 * The process runs with the variables the Lambda runtime sets (`AWS_EXECUTION_ENV`, `LAMBDA_TASK_ROOT`,
 * `_X_AMZN_TRACE_ID`) and an X-Ray daemon address on a loopback UDP socket, so the Tracer is on and the
 * test reads the subsegments it emits.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { unzipSync } from 'fflate';
import { buildVerifierZip } from '../../scripts/build-verifier';
import { present } from '../helpers/present';
import { VAULT_KEY_SSE, sqsEvent } from './support/harness';
import {
  BUCKET,
  CREDENTIALS,
  REGION,
  TABLE,
  VAULT_KEY_ARN,
  jpegBytes,
  startLedger,
  type LocalLedger,
} from './support/local-aws';
import { startRekognitionStandIn, type RekognitionStandIn } from './support/rekognition-stand-in';
import { startS3StandIn, type S3EventRecord, type S3StandIn } from './support/s3-stand-in';

interface Reply {
  id: string;
  result?: { batchItemFailures: { itemIdentifier: string }[] };
  error?: { name: string; message: string; causeName?: string };
}

let s3: S3StandIn;
let rekognition: RekognitionStandIn;
let ledger: LocalLedger;
let daemon: Socket;
const traces: Record<string, unknown>[] = [];
let workdir: string;
let runner: ChildProcessWithoutNullStreams | undefined;
let logs = '';
const pending = new Map<string, (reply: Reply) => void>();
let invocations = 0;
const REFERENCE = jpegBytes(900, 4);

function invoke(records: readonly S3EventRecord[]): Promise<Reply> {
  invocations += 1;
  const id = `inv-${invocations}`;
  const event = sqsEvent(records.map((r) => JSON.stringify({ Records: [r] })));
  return new Promise((resolve) => {
    pending.set(id, resolve);
    present(runner, 'the bundle runner (beforeAll)').stdin.write(JSON.stringify({ id, event }) + '\n');
  });
}

const pkOf = (e: S3EventRecord): string =>
  `UPLOAD#${BUCKET}/${decodeURIComponent(e.s3.object.key.replace(/\+/g, ' '))}#${e.s3.object.versionId ?? ''}`;
const itemsOf = async (e: S3EventRecord) => (await ledger.scan()).filter((i) => i.pk?.S === pkOf(e));

beforeAll(async () => {
  // Prepare: the artifact exactly as deployed, extracted from the zip.
  const build = buildVerifierZip();
  const files = unzipSync(readFileSync(build.zipPath));
  expect(Object.keys(files).sort()).toEqual(['index.mjs', 'verifier.mjs', 'verifier.mjs.map']);
  workdir = mkdtempSync(join(tmpdir(), 'verifier-bundle-'));
  for (const [name, contents] of Object.entries(files)) writeFileSync(join(workdir, name), contents);

  s3 = await startS3StandIn({ bucket: BUCKET, region: REGION });
  rekognition = await startRekognitionStandIn({ readObject: (_b, key, version) => s3.bytesOf(key, version) });
  ledger = await startLedger();
  daemon = createSocket('udp4');
  daemon.on('message', (datagram) => {
    // X-Ray daemon protocol: a JSON header line, then the segment document.
    const [, document] = datagram.toString('utf8').split('\n');
    if (document !== undefined) traces.push(JSON.parse(document) as Record<string, unknown>);
  });
  await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
  rekognition.scene(REFERENCE, { faces: [{ person: 'erin' }] });
  s3.put('references/erin.png', REFERENCE, { sse: VAULT_KEY_SSE });

  const child = spawn(process.execPath, [join(__dirname, 'support', 'bundle-runner.mjs'), join(workdir, 'index.mjs')], {
    stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: ledger.endpoint,
      AWS_ENDPOINT_URL_REKOGNITION: rekognition.endpoint,
      // Two attempts per call: the SDK's retry is exercised, its throttling backoff stays under a second.
      AWS_MAX_ATTEMPTS: '2',
      LEDGER_TABLE_NAME: TABLE,
      VAULT_KEY_ARN,
      FACE_CONFIDENCE_THRESHOLD: '90',
      SIMILARITY_THRESHOLD: '95',
      REKOGNITION_TPS: '50',
      REKOGNITION_CONCURRENCY: '1',
      AWS_LAMBDA_FUNCTION_VERSION: '3',
      // What the Lambda runtime sets, so Powertools Tracer is on.
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      LAMBDA_TASK_ROOT: workdir,
      AWS_LAMBDA_FUNCTION_NAME: 'biometric-vault-test-verifier',
      _X_AMZN_TRACE_ID: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
      AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemon.address().port}`,
    },
  });
  runner = child;
  child.stdout.on('data', (chunk: Buffer) => (logs += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (logs += chunk.toString('utf8')));
  const replies = (child.stdio as unknown as [Writable, Readable, Readable, Readable])[3];
  createInterface({ input: replies }).on('line', (line) => {
    const reply = JSON.parse(line) as Reply;
    pending.get(reply.id)?.(reply);
    pending.delete(reply.id);
  });
});

afterAll(async () => {
  const child = runner;
  if (child?.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.stdin.end();
    child.kill();
    await exited;
  }
  daemon.close();
  await Promise.all([s3.stop(), rekognition.stop()]);
  await ledger.stop();
  rmSync(workdir, { recursive: true, force: true });
});

describe('bundled verifier on loopback stand-ins', () => {
  it('authorizes a matching upload and writes one version-3 record keyed by the object version', async () => {
    // Prepare
    const bytes = jpegBytes(3000, 8);
    rekognition.scene(bytes, { faces: [{ person: 'erin' }] });
    const event = s3.put('uploads/erin/passport photo ü.JPG', bytes, { contentType: 'image/jpeg', sse: VAULT_KEY_SSE });

    // Act
    const reply = await invoke([event]);

    // Assess
    expect(reply).toEqual({ id: reply.id, result: { batchItemFailures: [] } });
    const items = await itemsOf(event);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      schemaVersion: { N: '3' },
      objectKey: { S: 'uploads/erin/passport photo ü.JPG' },
      versionId: { S: event.s3.object.versionId },
      subjectId: { S: 'erin' },
      decision: { S: 'AUTHORIZED' },
      referenceKey: { S: 'references/erin.png' },
      referenceSha256: { S: createHash('sha256').update(REFERENCE).digest('hex') },
      imageSha256: { S: createHash('sha256').update(bytes).digest('hex') },
      rekognitionInput: { S: 'bytes' },
      sseAlgorithm: { S: 'aws:kms' },
      similarity: { N: '99.1324' },
      functionVersion: { S: '3' },
    });
  });

  it('absorbs a redelivered message: no second record, no failure', async () => {
    const event = s3.put('uploads/erin/again.jpg', jpegBytes(3100, 8), {
      contentType: 'image/jpeg',
      sse: VAULT_KEY_SSE,
    });
    const first = await invoke([event]);
    const second = await invoke([event]);
    expect([first.result, second.result]).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
    expect(await itemsOf(event)).toHaveLength(1);
  });

  it('refuses an upload without the vault key', async () => {
    const event = s3.put('uploads/erin/plain.jpg', jpegBytes(), { sse: { 'x-amz-server-side-encryption': 'AES256' } });
    await invoke([event]);
    expect((await itemsOf(event))[0]?.reasons).toEqual({ L: [{ S: 'NOT_ENCRYPTED_WITH_VAULT_KEY' }] });
  });

  it('reports throttling past the SDK retries as a failed message, then records exactly once on redelivery', async () => {
    // Prepare
    const bytes = jpegBytes(3200, 8);
    rekognition.scene(bytes, { faces: [{ person: 'erin', confidence: 60 }] });
    const event = s3.put('uploads/erin/busy.jpg', bytes, { contentType: 'image/jpeg', sse: VAULT_KEY_SSE });
    rekognition.failNext('DetectFaces', { name: 'ProvisionedThroughputExceededException', status: 400, times: 2 });

    // Act
    const failed = await invoke([event]);
    const afterFailure = (await itemsOf(event)).length;
    const retried = await invoke([event]);

    // Assess
    expect(failed.result?.batchItemFailures).toHaveLength(1);
    expect(afterFailure).toBe(0);
    expect(retried.result).toEqual({ batchItemFailures: [] });
    const items = await itemsOf(event);
    expect(items.map((i) => i.reasons)).toEqual([{ L: [{ S: 'LOW_CONFIDENCE' }] }]);
  });

  it('logs JSON lines with correlation ids and EMF metrics, and no biometric data', () => {
    const lines = logs.split('\n').filter((l) => l.startsWith('{'));
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries.some((e) => e.message === 'decision recorded' && typeof e.correlationId === 'string')).toBe(true);
    expect(entries.some((e) => e._aws !== undefined && e.DecisionUnauthorized !== undefined)).toBe(true);
    for (const forbidden of ['Landmarks', 'BoundingBox', 'Pose', 'Quality', 'eyeLeft', '99.9992'])
      expect(logs).not.toContain(forbidden);
  });

  it('traces every AWS call as an X-Ray subsegment, with bucket and table names but never an object key', () => {
    const subsegments = traces.filter((t) => t.namespace === 'aws');
    const calls = new Set(
      subsegments.map((s) => `${String(s.name)} ${String((s.aws as { operation?: string }).operation)}`),
    );
    for (const call of [
      'S3 HeadObject',
      'S3 GetObject',
      'S3 ListObjectsV2',
      'Rekognition DetectFaces',
      'Rekognition CompareFaces',
      'DynamoDB PutItem',
    ])
      expect(calls).toContain(call);
    expect(subsegments.every((s) => s.trace_id === '1-5759e988-bd862e3fe1be46a994272793')).toBe(true);
    // The throttled DetectFaces shows as throttled, with its retry.
    expect(subsegments.some((s) => s.name === 'Rekognition' && s.throttle === true)).toBe(true);
    expect(subsegments.find((s) => s.name === 'DynamoDB')?.aws).toMatchObject({ table_name: TABLE });
    expect(subsegments.find((s) => s.name === 'S3')?.aws).toMatchObject({ bucket_name: BUCKET });
    const all = JSON.stringify(traces);
    for (const secret of ['uploads/erin', 'passport', 'references/erin', 'erin.png']) expect(all).not.toContain(secret);
  });
});
