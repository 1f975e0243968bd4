/**
 * Burst benchmark of the BUNDLED verifier, drained as in production: uploads arrive in the intake queue at
 * ten times the Rekognition quota, the event source mapping runs at most `--concurrency` instances of the
 * function (each a separate import of the bundle: its own clients, rate limiter and reference checks), and
 * a Rekognition stand-in enforces the quota per operation with a token bucket.
 *
 * - The AWS stand-ins run in their own process (bench/verifier-aws-stand-ins.ts): the versioned S3 stand-in,
 *   dynalite (table from `ledgerKeySchema`), the Rekognition stand-in (`--tps` per operation, `--latency` ms
 *   of service time). The bundle reaches them only through AWS_ENDPOINT_URL_S3 / _DYNAMODB / _REKOGNITION
 *   and is configured as the stack configures it (REKOGNITION_TPS = quota, REKOGNITION_CONCURRENCY = the
 *   event source's maximum concurrency).
 * - The queue and the event source are simulated (bench/queue-simulator.ts): visibility timeout 6x the
 *   function's 60 s, `maxReceiveCount` 10, partial batch failures. S3 delivers at least once: 5% of the
 *   uploads are announced twice; S3's test message arrives first.
 * - Uploads: 50 subjects, 40 with an enrolled reference; each image shows its subject.
 *
 * Reports, per run: time to drain (first arrival to last message deleted) against the theoretical minimum
 * (the Rekognition calls made, per operation, divided by the quota: the busiest operation sets it), the
 * failure queue (must be 0), duplicated records (0) and lost uploads (0); then medians over the runs. Exit
 * status 1 when any run lost, duplicated or dead-lettered an upload; the drain ratio is reported against
 * its 1.3 target, never asserted.
 *
 *   npm run bench:verifier
 *   node bench/verifier-bench.mjs load [--uploads 5000] [--tps 25] [--concurrency 5] [--batch 10]
 *                                      [--latency 100] [--runs 3] [--json]
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { buildVerifierZip } from '../scripts/build-verifier';
import {
  BUCKET,
  CREDENTIALS,
  REGION,
  TABLE,
  VAULT_KEY_ARN,
  jpegBytes,
  scanTable,
} from '../__tests__/verifier/support/local-aws';
import type { S3EventRecord } from '../__tests__/verifier/support/s3-stand-in';
import { parseCommandLine } from '../tools/cli/args';
import { median } from './statistics';
import { prng, type StandInStats } from './verifier-aws-stand-ins';
import { SimulatedQueue, runEventSource, type Invoke } from './queue-simulator';

interface Ready {
  type: 'ready';
  s3Endpoint: string;
  dynamodbEndpoint: string;
  rekognitionEndpoint: string;
}
type Message = Ready | StandInStats | { type: 'event'; record: S3EventRecord };

interface BundleModule {
  handler: Invoke;
}

export interface RunResult {
  readonly uploads: number;
  readonly deliveries: number;
  readonly drainSeconds: number;
  readonly minimumSeconds: number;
  readonly ratio: number;
  readonly calls: StandInStats['calls'];
  readonly records: number;
  readonly failureQueue: number;
  readonly duplicates: number;
  readonly lost: number;
  readonly invocations: number;
  readonly failedMessages: number;
  readonly verifierCpuMsPerUpload: number;
}

const VISIBILITY_TIMEOUT_MS = 360_000;
const MAX_RECEIVE_COUNT = 10;
const SUBJECTS = 50;
const ENROLLED = 40;

async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  const pending = items.values();
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      for (const item of pending) await fn(item);
    }),
  );
}

interface Options {
  uploads: number;
  tps: number;
  concurrency: number;
  batch: number;
  latency: number;
  run: number;
  bundlePath: string;
  log: (line: string) => void;
}

async function runOnce(o: Options): Promise<RunResult> {
  const random = prng(7 + o.run);
  const standIns = spawn(
    process.execPath,
    [join(__dirname, 'verifier-bench.mjs'), 'aws-stand-ins', String(o.tps), String(o.latency)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const exited = new Promise((resolve) => standIns.once('exit', resolve));
  const events: S3EventRecord[] = [];
  let onReady: (r: Ready) => void = () => undefined;
  let onStats: (s: StandInStats) => void = () => undefined;
  const ready = new Promise<Ready>((resolve) => (onReady = resolve));
  createInterface({ input: standIns.stdout }).on('line', (line) => {
    if (!line.startsWith('{')) return;
    const message = JSON.parse(line) as Message;
    if (message.type === 'ready') onReady(message);
    else if (message.type === 'stats') onStats(message);
    else events.push(message.record);
  });
  const stats = (): Promise<StandInStats> => {
    const answer = new Promise<StandInStats>((resolve) => (onStats = resolve));
    standIns.stdin.write('stats\n');
    return answer;
  };

  const endpoints = await ready;
  const s3 = new S3Client({
    region: REGION,
    endpoint: endpoints.s3Endpoint,
    forcePathStyle: true,
    credentials: CREDENTIALS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  const dynamodb = new DynamoDBClient({
    region: REGION,
    endpoint: endpoints.dynamodbEndpoint,
    credentials: CREDENTIALS,
  });
  const put = (key: string, seed: number): Promise<unknown> =>
    s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: key,
        Body: jpegBytes(2048, seed),
        ContentType: 'image/jpeg',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: VAULT_KEY_ARN,
      }),
    );
  try {
    // Prepare (untimed): references, uploads and the notifications S3 sends for them.
    for (let s = 0; s < ENROLLED; s++) await put(`references/subject-${s}.jpg`, s);
    const keys = Array.from({ length: o.uploads }, (_, i) => `uploads/subject-${i % SUBJECTS}/image ${i}.jpg`);
    o.log(`run ${o.run + 1}: storing ${o.uploads} uploads...`);
    await mapLimit(keys, 25, async (key) => {
      await put(key, key.length);
    });
    while (events.filter((e) => e.s3.object.key.startsWith('uploads/')).length < o.uploads)
      await new Promise((r) => setTimeout(r, 20));
    const bodies = events
      .filter((e) => e.s3.object.key.startsWith('uploads/'))
      .map((e) => JSON.stringify({ Records: [e] }));
    // S3 delivers at least once: 5% announced twice, 50 notifications later.
    const again = new Map<number, string[]>();
    bodies.forEach((b, i) => {
      if (random() < 0.05) again.set(i + 50, [...(again.get(i + 50) ?? []), b]);
    });
    const arrivals: string[] = [];
    bodies.forEach((b, i) => arrivals.push(b, ...(again.get(i) ?? [])));
    for (const [i, list] of again) if (i >= bodies.length) arrivals.push(...list);

    // The function instances, configured as the stack configures them.
    Object.assign(process.env, {
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_S3: endpoints.s3Endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodbEndpoint,
      AWS_ENDPOINT_URL_REKOGNITION: endpoints.rekognitionEndpoint,
      LEDGER_TABLE_NAME: TABLE,
      VAULT_KEY_ARN,
      AWS_LAMBDA_FUNCTION_VERSION: '1',
      REKOGNITION_TPS: String(o.tps),
      REKOGNITION_CONCURRENCY: String(o.concurrency),
      POWERTOOLS_METRICS_NAMESPACE: 'Bench',
    });
    const instances: Invoke[] = [];
    for (let i = 0; i < o.concurrency; i++) {
      const url = `${pathToFileURL(o.bundlePath).href}?run=${o.run}&instance=${i}`;
      instances.push((await (import(url) as Promise<BundleModule>)).handler);
    }

    // Act: arrivals at ten times the quota; the event source drains.
    const simulator = {
      visibilityTimeoutMs: VISIBILITY_TIMEOUT_MS,
      maxReceiveCount: MAX_RECEIVE_COUNT,
      batchSize: o.batch,
    };
    const queue = new SimulatedQueue(simulator);
    const arrivalRate = 10 * o.tps;
    const before = await stats();
    const write = process.stdout.write.bind(process.stdout);
    const writeErr = process.stderr.write.bind(process.stderr);
    // The functions' JSON logs and EMF metrics are produced (their cost is measured) but not printed.
    const sink = (() => true) as typeof process.stdout.write;
    process.stdout.write = sink;
    process.stderr.write = sink;
    const cpu0 = process.cpuUsage();
    const started = performance.now();
    let arrived = 0;
    let finished = 0;
    try {
      queue.send(
        JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Time: new Date().toISOString(), Bucket: BUCKET }),
      );
      const arrival = (async () => {
        while (arrived < arrivals.length) {
          const due = Math.min(arrivals.length, Math.floor(((performance.now() - started) / 1000) * arrivalRate) + 1);
          for (; arrived < due; arrived++) queue.send(arrivals[arrived] ?? '');
          await new Promise((r) => setTimeout(r, 10));
        }
      })();
      const drained = runEventSource(queue, instances, simulator, () => arrived >= arrivals.length && queue.size === 0);
      const [, source] = await Promise.all([arrival, drained]);
      finished = performance.now();
      const cpu = process.cpuUsage(cpu0);
      process.stdout.write = write;
      process.stderr.write = writeErr;
      const after = await stats();

      // Assess
      const items = (await scanTable(dynamodb, TABLE)).filter((i) => i.objectKey?.S?.startsWith('uploads/'));
      const perKey = new Map<string, number>();
      for (const item of items) perKey.set(item.objectKey?.S ?? '', (perKey.get(item.objectKey?.S ?? '') ?? 0) + 1);
      const deadKeys = new Set(
        queue.deadLetters.flatMap((m) => {
          const parsed = JSON.parse(m.body) as { Records?: S3EventRecord[] };
          return (parsed.Records ?? []).map((r) => decodeURIComponent(r.s3.object.key.replace(/\+/g, ' ')));
        }),
      );
      const calls = {
        DetectFaces: {
          ok: after.calls.DetectFaces.ok - before.calls.DetectFaces.ok,
          throttled: after.calls.DetectFaces.throttled - before.calls.DetectFaces.throttled,
          failed: after.calls.DetectFaces.failed - before.calls.DetectFaces.failed,
        },
        CompareFaces: {
          ok: after.calls.CompareFaces.ok - before.calls.CompareFaces.ok,
          throttled: after.calls.CompareFaces.throttled - before.calls.CompareFaces.throttled,
          failed: after.calls.CompareFaces.failed - before.calls.CompareFaces.failed,
        },
      };
      const drainSeconds = (finished - started) / 1000;
      const minimumSeconds = Math.max(calls.DetectFaces.ok, calls.CompareFaces.ok) / o.tps;
      return {
        uploads: o.uploads,
        deliveries: arrivals.length,
        drainSeconds,
        minimumSeconds,
        ratio: drainSeconds / minimumSeconds,
        calls,
        records: items.length,
        failureQueue: queue.deadLetters.length,
        duplicates: [...perKey.values()].filter((n) => n > 1).length,
        lost: keys.filter((k) => !perKey.has(k) && !deadKeys.has(k)).length,
        invocations: source.invocations,
        failedMessages: source.failedMessages,
        verifierCpuMsPerUpload: (cpu.user + cpu.system) / 1000 / o.uploads,
      };
    } finally {
      process.stdout.write = write;
      process.stderr.write = writeErr;
    }
  } finally {
    s3.destroy();
    dynamodb.destroy();
    standIns.stdin.end();
    await exited;
  }
}

export async function main(args: string[]): Promise<number> {
  const { values } = parseCommandLine(args, {
    uploads: { type: 'string', default: '5000' },
    tps: { type: 'string', default: '25' },
    concurrency: { type: 'string', default: '5' },
    batch: { type: 'string', default: '10' },
    latency: { type: 'string', default: '100' },
    runs: { type: 'string', default: '3' },
    json: { type: 'boolean', default: false },
  });
  const uploads = Number(values.uploads);
  const tps = Number(values.tps);
  const concurrency = Number(values.concurrency);
  const batch = Number(values.batch);
  const latency = Number(values.latency);
  const runs = Number(values.runs);
  const json = values.json;
  const log = (line: string): boolean => process.stderr.write(`${line}\n`);
  const build = buildVerifierZip();
  const results: RunResult[] = [];
  for (let run = 0; run < runs; run++) {
    const r = await runOnce({ uploads, tps, concurrency, batch, latency, run, bundlePath: build.bundlePath, log });
    results.push(r);
    log(
      `run ${run + 1}: drained ${r.uploads} uploads (${r.deliveries} deliveries) in ${r.drainSeconds.toFixed(1)} s; minimum ${r.minimumSeconds.toFixed(1)} s; ratio ${r.ratio.toFixed(3)}; failure queue ${r.failureQueue}, duplicates ${r.duplicates}, lost ${r.lost}`,
    );
  }
  const correct = results.every((r) => r.failureQueue === 0 && r.duplicates === 0 && r.lost === 0);
  const summary = {
    uploads,
    tpsQuota: tps,
    arrivalRate: 10 * tps,
    maxConcurrency: concurrency,
    batchSize: batch,
    serviceTimeMs: latency,
    runs: results,
    medianDrainSeconds: median(results.map((r) => r.drainSeconds)),
    medianMinimumSeconds: median(results.map((r) => r.minimumSeconds)),
    medianRatio: median(results.map((r) => r.ratio)),
    correct,
  };
  if (json) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } else {
    const calls = (r: RunResult): string =>
      `DetectFaces ${r.calls.DetectFaces.ok} (+${r.calls.DetectFaces.throttled} throttled), CompareFaces ${r.calls.CompareFaces.ok} (+${r.calls.CompareFaces.throttled} throttled)`;
    process.stdout.write(
      [
        `verifier burst: ${uploads} uploads arriving at ${10 * tps}/s (10x a quota of ${tps} TPS per operation), maximum concurrency ${concurrency}, batch ${batch}, Rekognition service time ${latency} ms, ${runs} run(s)`,
        ...results.map(
          (r, i) =>
            `  run ${i + 1}: drain ${r.drainSeconds.toFixed(1)} s vs minimum ${r.minimumSeconds.toFixed(1)} s = ${r.ratio.toFixed(3)}x; ${calls(r)}; ${r.invocations} invocations, ${r.failedMessages} message(s) reported failed; failure queue ${r.failureQueue}, duplicates ${r.duplicates}, lost ${r.lost}; verifier CPU ${r.verifierCpuMsPerUpload.toFixed(2)} ms/upload`,
        ),
        `  median ratio ${summary.medianRatio.toFixed(3)}x (target <= 1.3x: ${summary.medianRatio <= 1.3 ? 'OK' : 'MISSED'}); median drain ${summary.medianDrainSeconds.toFixed(1)} s, median minimum ${summary.medianMinimumSeconds.toFixed(1)} s`,
        `  ${correct ? 'OK' : 'FAILED'}: every upload decided exactly once, nothing on the failure queue`,
      ].join('\n') + '\n',
    );
  }
  return correct ? 0 : 1;
}
