/**
 * The load benchmark's AWS stand-ins, in their own process so that their CPU is not counted as the
 * verifier's: the versioned S3 stand-in (the vault bucket), dynalite with the ledger table, and the
 * Rekognition stand-in enforcing a TPS quota per operation with a token bucket (capacity: one second of
 * quota), answering after a service time, reading S3 objects from the S3 stand-in.
 *
 * Protocol (JSON lines): argv `<tps quota> <service time ms>`; stdout `{"type":"ready",...endpoints}`, then
 * `{"type":"event","record":...}` for every notification S3 would send; stdin `stats` -> stdout
 * `{"type":"stats",...}`. Stops everything when stdin ends.
 */
import { createInterface } from 'node:readline';
import { BUCKET, REGION, startLedger } from '../__tests__/verifier/support/local-aws';
import { startRekognitionStandIn } from '../__tests__/verifier/support/rekognition-stand-in';
import { startS3StandIn } from '../__tests__/verifier/support/s3-stand-in';

/** Deterministic PRNG (mulberry32), so every run makes the same choices. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface StandInStats {
  readonly type: 'stats';
  /** Calls answered, throttled (quota) and failed otherwise, per operation. */
  readonly calls: Readonly<Record<'DetectFaces' | 'CompareFaces', { ok: number; throttled: number; failed: number }>>;
  readonly cpuMs: number;
}

export async function main(args: string[]): Promise<number> {
  const tpsQuota = Number(args[0] ?? '50');
  const latencyMs = Number(args[1] ?? '100');
  const print = (value: unknown): boolean => process.stdout.write(JSON.stringify(value) + '\n');
  const s3 = await startS3StandIn({
    bucket: BUCKET,
    region: REGION,
    onEvent: (record) => print({ type: 'event', record }),
  });
  const rekognition = await startRekognitionStandIn({
    tpsQuota,
    latencyMs,
    readObject: (_bucket, key, version) => s3.bytesOf(key, version),
  });
  const ledger = await startLedger();
  print({
    type: 'ready',
    s3Endpoint: s3.endpoint,
    dynamodbEndpoint: ledger.endpoint,
    rekognitionEndpoint: rekognition.endpoint,
  });
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() !== 'stats') continue;
    const calls = { DetectFaces: { ok: 0, throttled: 0, failed: 0 }, CompareFaces: { ok: 0, throttled: 0, failed: 0 } };
    for (const c of rekognition.calls) {
      const count = calls[c.operation];
      if (c.error === undefined) count.ok += 1;
      else if (c.error === 'ProvisionedThroughputExceededException') count.throttled += 1;
      else count.failed += 1;
    }
    const usage = process.cpuUsage();
    print({ type: 'stats', calls, cpuMs: (usage.user + usage.system) / 1000 } satisfies StandInStats);
  }
  await Promise.all([s3.stop(), rekognition.stop()]);
  await ledger.stop();
  return 0;
}
