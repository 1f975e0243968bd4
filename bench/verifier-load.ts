/**
 * Load benchmark of the BUNDLED verifier: 2,000 upload events at concurrency 50, 10% of Rekognition
 * calls throttled, and 5% of S3 events delivered twice (S3 delivers at least once).
 *
 * - The AWS stand-ins run in their own process (bench/verifier-aws-stand-ins.ts), so this process's CPU
 *   is the verifier's: s3rver behind the SSE-evidence proxy, dynalite (table from `ledgerKeySchema`),
 *   and a loopback Rekognition (JSON protocol) that answers 10% of calls, seeded, with ThrottlingException.
 *   The bundle reaches them only through AWS_ENDPOINT_URL_S3 / _DYNAMODB / _REKOGNITION, so the SDK's own
 *   retry strategy (backoff with jitter, retry quota) handles the throttling.
 * - The events are the ones s3rver emitted for the 2,000 uploads, encoded as S3 delivers them.
 * - Lambda's asynchronous invocation is simulated: a failed invocation is retried up to 2 times
 *   (`maxAsyncRetries`), then goes to the failure queue.
 *
 * Checks and prints: exactly one ledger record per object, none lost (records + failure queue = objects),
 * none duplicated; throughput; per-record time in the handler (p50/p99, wall, at concurrency 50) and the
 * verifier's CPU per record.
 *
 *   npm run bench:verifier
 *   node bench/verifier-bench.mjs load [--events 2000] [--concurrency 50] [--throttle 0.1]
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
  asDeliveredByS3,
  jpegBytes,
  scanTable,
  type S3rverEvent,
} from '../__tests__/verifier/support/local-aws';
import { parseCommandLine } from '../tools/cli/args';
import { prng } from './verifier-aws-stand-ins';

interface BundleModule {
  handler(event: unknown, context: { awsRequestId: string }): Promise<unknown>;
}
interface Ready {
  type: 'ready';
  s3Endpoint: string;
  dynamodbEndpoint: string;
  rekognitionEndpoint: string;
}
interface Stats {
  type: 'stats';
  calls: number;
  throttled: number;
  cpuMs: number;
}
type Message = Ready | Stats | { type: 'event'; event: S3rverEvent };

/** Nearest-rank percentile of ascending values; NaN when there are none. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  // One iterator shared by the workers: each item goes to exactly one of them.
  const pending = items.values();
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      for (const item of pending) await fn(item);
    }),
  );
}

/** Swaps two elements in place. */
function swap(items: unknown[], i: number, j: number): void {
  const a = items[i];
  const b = items[j];
  if (a === undefined || b === undefined) throw new RangeError(`swap(${i}, ${j}) outside 0..${items.length - 1}`);
  items[i] = b;
  items[j] = a;
}

export async function main(args: string[]): Promise<number> {
  const { values } = parseCommandLine(args, {
    events: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '50' },
    throttle: { type: 'string', default: '0.1' },
  });
  const objects = Number(values.events);
  const concurrency = Number(values.concurrency);
  const throttleShare = Number(values.throttle);
  const maxAsyncRetries = 2;
  const random = prng(7);
  const build = buildVerifierZip();

  // The stand-ins' process: started here, stopped (stdin closed, then awaited) in `finally`.
  const standIns = spawn(
    process.execPath,
    [join(__dirname, 'verifier-bench.mjs'), 'aws-stand-ins', String(throttleShare)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const exited = new Promise((resolve) => standIns.once('exit', resolve));
  const events: S3rverEvent[] = [];
  let onReady: (r: Ready) => void = () => undefined;
  let onStats: (s: Stats) => void = () => undefined;
  const ready = new Promise<Ready>((resolve) => (onReady = resolve));
  createInterface({ input: standIns.stdout }).on('line', (line) => {
    if (!line.startsWith('{')) return;
    const message = JSON.parse(line) as Message;
    if (message.type === 'ready') onReady(message);
    else if (message.type === 'stats') onStats(message);
    else events.push(message.event);
  });
  const stats = (): Promise<Stats> => {
    const answer = new Promise<Stats>((resolve) => (onStats = resolve));
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
    // Prepare: 50 subjects, 40 of them with an enrolled reference; 2,000 uploads and their events.
    for (let s = 0; s < 40; s++) await put(`references/subject-${s}.jpg`, s);
    const keys = Array.from({ length: objects }, (_, i) => `uploads/subject-${i % 50}/image ${i}.jpg`);
    process.stderr.write(`uploading ${objects} objects to s3rver...\n`);
    await mapLimit(keys, 25, async (key) => {
      await put(key, key.length);
    });
    const deadline = Date.now() + 10_000;
    while (
      events.filter((e) => e.Records[0].s3.object.key.startsWith('uploads/')).length < objects &&
      Date.now() < deadline
    )
      await new Promise((r) => setTimeout(r, 20));
    const uploadEvents = events.filter((e) => e.Records[0].s3.object.key.startsWith('uploads/')).map(asDeliveredByS3);
    if (uploadEvents.length !== objects)
      throw new Error(`s3rver emitted ${uploadEvents.length} upload events for ${objects} uploads`);
    const deliveries = [...uploadEvents];
    for (const e of uploadEvents) if (random() < 0.05) deliveries.push(e);
    for (let i = deliveries.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      swap(deliveries, i, j);
    }

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
    });
    const bundle = (await import(pathToFileURL(build.bundlePath).href)) as BundleModule;

    // Act
    const queue = deliveries.map((event) => ({ event, attempt: 0 }));
    const failureQueue: S3rverEvent[] = [];
    const durations: number[] = [];
    let invocations = 0;
    let failedInvocations = 0;
    let logBytes = 0;
    const write = process.stdout.write.bind(process.stdout);
    const writeErr = process.stderr.write.bind(process.stderr);
    // The function's JSON logs and EMF metrics are produced (their cost is measured) but not printed.
    const sink = ((chunk: string | Uint8Array) => {
      logBytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
      return true;
    }) as typeof process.stdout.write;
    process.stdout.write = sink;
    process.stderr.write = sink;
    const before = await stats();
    const cpu0 = process.cpuUsage();
    const started = performance.now();
    try {
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          // Retries are appended to the queue while the workers drain it.
          for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
            invocations += 1;
            const t0 = performance.now();
            try {
              await bundle.handler(job.event, { awsRequestId: `bench-${invocations}` });
              durations.push(performance.now() - t0);
            } catch {
              failedInvocations += 1;
              if (job.attempt < maxAsyncRetries) queue.push({ event: job.event, attempt: job.attempt + 1 });
              else failureQueue.push(job.event);
            }
          }
        }),
      );
    } finally {
      process.stdout.write = write;
      process.stderr.write = writeErr;
    }
    const elapsedMs = performance.now() - started;
    const cpu = process.cpuUsage(cpu0);
    const after = await stats();

    // Assess
    const items = await scanTable(dynamodb, TABLE);
    const perKey = new Map<string, number>();
    for (const item of items) perKey.set(item.objectKey?.S ?? '', (perKey.get(item.objectKey?.S ?? '') ?? 0) + 1);
    const duplicated = [...perKey.values()].filter((n) => n > 1).length;
    const failedKeys = new Set(
      failureQueue.map((e) => decodeURIComponent(e.Records[0].s3.object.key.replace(/\+/g, ' '))),
    );
    const lost = keys.filter((k) => !perKey.has(k) && !failedKeys.has(k)).length;
    const sorted = [...durations].sort((a, b) => a - b);
    const ok = duplicated === 0 && lost === 0 && items.length + failedKeys.size === objects;
    const calls = after.calls - before.calls;
    const throttled = after.throttled - before.throttled;
    const verifierCpuMs = (cpu.user + cpu.system) / 1000;

    process.stdout.write(
      [
        `verifier load (bundle ${(build.bundleBytes / 1024).toFixed(0)} KiB): ${objects} objects, ${deliveries.length} deliveries (${deliveries.length - objects} redelivered), concurrency ${concurrency}`,
        `  rekognition: ${calls} calls, ${throttled} throttled (${((100 * throttled) / calls).toFixed(1)}%) and retried by the SDK`,
        `  invocations ${invocations}: failed ${failedInvocations} (throttled past the SDK's retries; retried as Lambda would), failure queue ${failureQueue.length}`,
        `  ledger: ${items.length} records, ${[...perKey.values()].filter((n) => n === 1).length} objects with exactly one, duplicated ${duplicated}, lost ${lost}`,
        `  throughput ${(objects / (elapsedMs / 1000)).toFixed(0)} records/s (${(elapsedMs / 1000).toFixed(1)} s wall, 2 cores shared with the stand-ins)`,
        `  per-record time in the handler at concurrency ${concurrency}: p50 ${percentile(sorted, 50).toFixed(0)} ms, p99 ${percentile(sorted, 99).toFixed(0)} ms (queueing on local servers + SDK backoff on throttled calls)`,
        `  verifier CPU per delivery: ${(verifierCpuMs / invocations).toFixed(2)} ms (stand-ins: ${((after.cpuMs - before.cpuMs) / invocations).toFixed(2)} ms); logs+metrics ${(logBytes / invocations).toFixed(0)} bytes per delivery`,
        `  ${ok ? 'OK' : 'FAILED'}: exactly one record per object, none lost, none duplicated${failureQueue.length > 0 ? ` (${failureQueue.length} on the failure queue)` : ''}`,
      ].join('\n') + '\n',
    );
    return ok ? 0 : 1;
  } finally {
    s3.destroy();
    dynamodb.destroy();
    standIns.stdin.end();
    await exited;
  }
}
