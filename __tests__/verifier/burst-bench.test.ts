/**
 * The burst benchmark's assertions, on a small burst: the bench script itself (bench/verifier-load.ts, the
 * bundled verifier behind the simulated intake queue and event source, against the stand-ins with a TPS
 * quota) must decide every upload exactly once with nothing on the failure queue. Its times are reported by
 * `npm run bench:verifier`, never asserted here.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

interface Summary {
  correct: boolean;
  runs: {
    uploads: number;
    deliveries: number;
    drainSeconds: number;
    minimumSeconds: number;
    records: number;
    failureQueue: number;
    duplicates: number;
    lost: number;
    calls: { DetectFaces: { ok: number }; CompareFaces: { ok: number } };
  }[];
}

describe('burst benchmark (small)', () => {
  it('decides 120 uploads exactly once at ten times a 40 TPS quota: nothing lost, duplicated or dead-lettered', () => {
    // Act
    const run = spawnSync(
      process.execPath,
      [
        join(__dirname, '..', '..', 'bench', 'verifier-bench.mjs'),
        'load',
        '--uploads',
        '120',
        '--tps',
        '40',
        '--concurrency',
        '4',
        '--latency',
        '20',
        '--runs',
        '1',
        '--json',
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );

    // Assess
    expect(run.status).toBe(0);
    const summary = JSON.parse(run.stdout) as Summary;
    expect(summary.correct).toBe(true);
    const [r] = summary.runs;
    expect(r).toMatchObject({ uploads: 120, records: 120, failureQueue: 0, duplicates: 0, lost: 0 });
    // 5% of the uploads are announced twice: more deliveries than uploads, still one record each.
    expect(r?.deliveries).toBeGreaterThan(120);
    // Every upload was analysed (one DetectFaces each at least) and the minimum is the busiest operation's share.
    expect(r?.calls.DetectFaces.ok).toBeGreaterThanOrEqual(120);
    expect(r?.minimumSeconds).toBe(Math.max(r?.calls.DetectFaces.ok ?? 0, r?.calls.CompareFaces.ok ?? 0) / 40);
  }, 150_000);
});
