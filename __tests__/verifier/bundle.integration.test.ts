/**
 * Integration: the BUNDLED artifact (index.mjs as extracted from dist/verifier/verifier.zip) runs in a
 * separate Node.js ESM process (support/bundle-runner.mjs) against real local servers on loopback:
 * s3rver for the vault bucket and dynalite for the ledger, whose table is created from the same
 * `ledgerKeySchema` the ledger stack synthesizes. The events are the ones s3rver itself emits.
 *
 * Fidelity notes, decided here:
 * - Encryption evidence: s3rver keeps no SSE headers, so a thin loopback proxy in front of it stores the
 *   `x-amz-server-side-encryption*` headers each PutObject carried and returns them on HeadObject/GetObject,
 *   as S3 does (support/local-aws.ts). The bundle talks to the proxy as it would to S3.
 * - Versions: s3rver keeps none, so its events carry no versionId and the bundle keys records by the
 *   event's `sequencer`, the unversioned-bucket path.
 * - Keys: s3rver emits keys raw; S3 URL-encodes them. `asDeliveredByS3` applies S3's encoding.
 * - Rekognition: no local server exists; the runner injects an aws-sdk-client-mock'ed client.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { unzipSync } from 'fflate';
import { buildVerifierZip } from '../../scripts/build-verifier';
import { present } from '../helpers/present';
import { compareFacesOutput, detectFacesOutput, faceDetail } from './support/rekognition-fixtures';
import {
  BUCKET,
  CREDENTIALS,
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

interface Reply {
  id: string;
  result?: { records: { outcome: string; pk?: string; decision?: string; reasons?: string[] }[] };
  error?: { name: string; message: string; causeName?: string };
}
interface Script {
  detect?: unknown[];
  compare?: unknown[];
}

let local: LocalAws | undefined;
let workdir: string;
let runner: ChildProcessWithoutNullStreams | undefined;
let logs = '';
const pending = new Map<string, (reply: Reply) => void>();
let invocations = 0;
const vaultKey = { algorithm: 'aws:kms', keyArn: VAULT_KEY_ARN } as const;

/** The local servers started by beforeAll. */
function servers(): LocalAws {
  return present(local, 'the local servers (beforeAll)');
}

function invoke(event: S3Notification, rekognition: Script = {}): Promise<Reply> {
  invocations += 1;
  const id = `inv-${invocations}`;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    present(runner, 'the bundle runner (beforeAll)').stdin.write(JSON.stringify({ id, event, rekognition }) + '\n');
  });
}

async function uploadEvent(
  key: string,
  bytes: Uint8Array,
  sse: Parameters<LocalAws['upload']>[2] = vaultKey,
): Promise<S3rverEvent> {
  await servers().upload(key, bytes, sse);
  const event = [...servers().events].reverse().find((e) => e.Records[0].s3.object.key === key);
  if (event === undefined) throw new Error(`no s3rver event for ${key}`);
  return asDeliveredByS3(event);
}

beforeAll(async () => {
  // Prepare: the artifact exactly as deployed, extracted from the zip.
  const build = buildVerifierZip();
  const files = unzipSync(readFileSync(build.zipPath));
  expect(Object.keys(files).sort()).toEqual(['index.mjs', 'index.mjs.map']);
  workdir = mkdtempSync(join(tmpdir(), 'verifier-bundle-'));
  writeFileSync(join(workdir, 'index.mjs'), present(files['index.mjs'], 'index.mjs in the zip'));

  const started = await startLocalAws();
  local = started;
  await started.upload('references/erin.png', jpegBytes(900, 4), vaultKey);
  const child = spawn(process.execPath, [join(__dirname, 'support', 'bundle-runner.mjs'), join(workdir, 'index.mjs')], {
    stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_S3: started.s3Endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: started.dynamodbEndpoint,
      // Never reached (the runner injects Rekognition); a stray call would fail, not leave the machine.
      AWS_ENDPOINT_URL_REKOGNITION: 'http://127.0.0.1:9',
      LEDGER_TABLE_NAME: TABLE,
      VAULT_KEY_ARN,
      FACE_CONFIDENCE_THRESHOLD: '90',
      SIMILARITY_THRESHOLD: '95',
      AWS_LAMBDA_FUNCTION_VERSION: '3',
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
  await local?.stop();
  rmSync(workdir, { recursive: true, force: true });
});

describe('bundled verifier on loopback servers', () => {
  it('authorizes a matching upload and writes one schema-typed record keyed by the sequencer', async () => {
    // Prepare
    const bytes = jpegBytes(3000, 8);
    const event = await uploadEvent('uploads/erin/passport photo ü.JPG', bytes);
    const script = { detect: [detectFacesOutput([faceDetail()])], compare: [compareFacesOutput(98.4)] };

    // Act
    const reply = await invoke(event, script);

    // Assess
    const sequencer = event.Records[0].s3.object.sequencer;
    const pk = `UPLOAD#${BUCKET}/uploads/erin/passport photo ü.JPG#${sequencer}`;
    expect(reply.error).toBeUndefined();
    expect(reply.result?.records).toEqual([
      { index: 0, correlationId: `${reply.id}/0`, outcome: 'written', pk, decision: 'AUTHORIZED', reasons: [] },
    ]);
    const items = (await servers().scanLedger()).filter((i) => i.pk?.S === pk);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      objectKey: { S: 'uploads/erin/passport photo ü.JPG' },
      subjectId: { S: 'erin' },
      referenceKey: { S: 'references/erin.png' },
      imageSha256: { S: createHash('sha256').update(bytes).digest('hex') },
      sseAlgorithm: { S: 'aws:kms' },
      similarity: { N: '98.4' },
      functionVersion: { S: '3' },
    });
  });

  it('absorbs a redelivered event: no second record, no error', async () => {
    const event = await uploadEvent('uploads/erin/again.jpg', jpegBytes());
    const script = { detect: [detectFacesOutput([faceDetail()])], compare: [compareFacesOutput(99)] };
    const first = await invoke(event, script);
    const second = await invoke(event, {
      detect: [detectFacesOutput([faceDetail()])],
      compare: [compareFacesOutput(99)],
    });
    expect([first.result?.records[0]?.outcome, second.result?.records[0]?.outcome]).toEqual([
      'written',
      'already-recorded',
    ]);
    expect((await servers().scanLedger()).filter((i) => i.objectKey?.S === 'uploads/erin/again.jpg')).toHaveLength(1);
  });

  it("refuses an upload without the vault key, using the proxy's SSE evidence", async () => {
    const event = await uploadEvent('uploads/erin/plain.jpg', jpegBytes(), { algorithm: 'AES256' });
    const reply = await invoke(event);
    expect(reply.result?.records[0]).toMatchObject({
      decision: 'UNAUTHORIZED',
      reasons: ['NOT_ENCRYPTED_WITH_VAULT_KEY'],
    });
  });

  it('fails the invocation on throttling, then records exactly once when Lambda retries', async () => {
    // Prepare
    const event = await uploadEvent('uploads/erin/busy.jpg', jpegBytes());

    // Act
    const failed = await invoke(event, { detect: [{ error: 'ThrottlingException', status: 500 }] });
    const countAfterFailure = (await servers().scanLedger()).filter(
      (i) => i.objectKey?.S === 'uploads/erin/busy.jpg',
    ).length;
    const retried = await invoke(event, {
      detect: [detectFacesOutput([faceDetail({ confidence: 60 })])],
      compare: [compareFacesOutput(99)],
    });

    // Assess
    expect(failed.error).toMatchObject({ name: 'RecordsFailedError', causeName: 'DependencyError' });
    expect(countAfterFailure).toBe(0);
    expect(retried.result?.records[0]).toMatchObject({
      outcome: 'written',
      decision: 'UNAUTHORIZED',
      reasons: ['LOW_CONFIDENCE'],
    });
    expect((await servers().scanLedger()).filter((i) => i.objectKey?.S === 'uploads/erin/busy.jpg')).toHaveLength(1);
  });

  it('logs JSON lines with correlation ids and EMF metrics, and no biometric data', () => {
    const lines = logs.split('\n').filter((l) => l.startsWith('{'));
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries.some((e) => e.message === 'decision recorded' && typeof e.correlationId === 'string')).toBe(true);
    expect(entries.some((e) => e._aws !== undefined && e.DecisionUnauthorized !== undefined)).toBe(true);
    for (const forbidden of ['Landmarks', 'BoundingBox', 'Pose', 'Quality', 'eyeLeft', '99.9992'])
      expect(logs).not.toContain(forbidden);
  });
});
