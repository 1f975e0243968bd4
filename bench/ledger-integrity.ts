/**
 * `npm run bench:ledger -- [verify|digest|all] [--records <n>] [--interval-records <n>] [--runs <n>]`
 *
 * Benchmarks of the ledger's tamper evidence (figures in docs/ledger-integrity.md):
 *
 * - verify: builds a synthetic ledger of `--records` records (default 1,000,000), streamed and sealed into
 *   signed, chained digests interval by interval (`--interval-records` per 15-minute interval, default
 *   10,000), writes it as a DynamoDB export with the digest bucket copied next to it, then runs
 *   `ledger:verify --export` over it `--runs` times as its own process and reports the wall time and the
 *   peak resident memory of each run (GNU time's maximum RSS) and their medians.
 * - digest: stages one 15-minute interval of `--records` records (default 100,000) as the stream consumer
 *   would (batches of 100), then times the digest job sealing it, `--runs` times (a fresh ledger each run),
 *   and reports the medians of the job's wall and CPU time and of its heap growth while sealing (sampled;
 *   reads answered on the next event-loop turn, as a network read would be). The digest bucket is held
 *   in memory: the S3 reads and writes of a real run come on top (docs/ledger-integrity.md states the
 *   estimate).
 *
 * Prints figures; asserts nothing (benchmarks are never timed assertions in tests).
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createGzip, type Gzip } from 'node:zlib';
import { median } from './statistics';
import {
  LedgerWorld,
  MINUTE,
  T0,
  ledgerItem,
  writeExportManifests,
} from '../__tests__/ledger-integrity/support/ledger-world';
import { STAGING_PREFIX } from '../lambda-src/ledger-integrity/digest-format';
import { runDigestJob, type DigestStore } from '../lambda-src/ledger-integrity/digest-job';

const ROOT = resolve(__dirname, '..');
const USAGE = `usage: npm run bench:ledger -- [verify|digest|all] [--records <n>] [--interval-records <n>] [--runs <n>]
  verify               ledger:verify --export over a synthetic export (default 1,000,000 records)
  digest               the digest job sealing one interval (default 100,000 records)
  all                  both, with their defaults (the default)
  --records <n>        records of the ledger (verify) or of the interval (digest)
  --interval-records <n>  records per 15-minute interval of the verify ledger (default 10000)
  --runs <n>           measured runs (default 3)
  --keep-dir <dir>     verify: build the ledger in <dir> and keep it; reuse it when it is already there
exit: 0 done, 1 a run failed, 64 bad usage`;

const FILES = 8;

/** A full garbage collection, so that heap figures count live memory only. */
function collectGarbage(): void {
  setFlagsFromString('--expose_gc');
  (runInNewContext('gc') as () => void)();
}

/**
 * The in-memory digest bucket, answering reads on the next turn of the event loop as a network read would:
 * the digest job's working memory can then be sampled while it runs.
 */
function yieldingReads(world: LedgerWorld): DigestStore {
  const bucket = world.bucket;
  return {
    list: (prefix) => bucket.list(prefix),
    get: (key) => new Promise((ok) => setImmediate(() => ok(bucket.get(key)))),
    putIfAbsent: (key, body) => bucket.putIfAbsent(key, body),
  };
}

/** One gzip-compressed data file of the export, written as the ledger grows. */
class ExportFile {
  private readonly gzip: Gzip = createGzip();
  private readonly done: Promise<void>;
  public count = 0;

  public constructor(public readonly path: string) {
    const out = createWriteStream(path);
    this.gzip.pipe(out);
    this.done = new Promise((ok, fail) => {
      out.on('finish', ok);
      out.on('error', fail);
    });
  }

  public async write(line: string): Promise<void> {
    this.count += 1;
    if (!this.gzip.write(line)) await new Promise((ok) => this.gzip.once('drain', ok));
  }

  public async close(): Promise<void> {
    this.gzip.end();
    await this.done;
  }
}

/** Builds the verify benchmark's ledger under `dir`: export, digests, signatures and public key. */
async function buildLedger(dir: string, records: number, perInterval: number): Promise<{ digests: number }> {
  const world = new LedgerWorld({ intervalSeconds: 900, settleSeconds: 180 });
  mkdirSync(join(dir, 'data'), { recursive: true });
  const files = Array.from({ length: FILES }, (_, f) => new ExportFile(join(dir, 'data', `file-${f}.json.gz`)));
  const intervals = Math.ceil(records / perInterval);
  const step = Math.floor((15 * MINUTE) / perInterval);
  let n = 0;
  let digests = 0;
  for (let i = 0; i < intervals; i += 1) {
    const start = T0 + i * 15 * MINUTE;
    for (let j = 0; j < perInterval && n < records; j += 1, n += 1)
      world.at(start + j * step).put(ledgerItem(n, world.now));
    await world.deliver(100);
    let f = 0;
    for (const item of world.table.values())
      await (files[f++ % FILES] as ExportFile).write(`${JSON.stringify({ Item: item })}\n`);
    world.table.clear();
    world.at(start + 15 * MINUTE + 181_000);
    digests += (await world.digest()).sealed.length;
    // Sealed: the staged batches are not evidence (ledger:verify reads digests and public keys only).
    for (const key of [...world.bucket.objects.keys()])
      if (key.startsWith(STAGING_PREFIX)) world.bucket.objects.delete(key);
    if ((i + 1) % 10 === 0) process.stderr.write(`  built ${n} records, ${digests} digests\n`);
  }
  await Promise.all(files.map((f) => f.close()));
  writeExportManifests(
    dir,
    files.map((file, f) => ({ name: `data/file-${f}.json.gz`, itemCount: file.count, body: readFileSync(file.path) })),
    records,
    world.now,
  );
  world.bucket.writeTo(dir);
  return { digests };
}

interface VerifyRun {
  readonly seconds: number;
  /** User + system CPU seconds (GNU time), NaN without it: the figure that a busy machine distorts least. */
  readonly cpuSeconds: number;
  readonly peakMb: number;
  readonly exit: number;
}

/**
 * The baseline, measured in the same run: one process that only reads the export (gunzip every data file,
 * JSON.parse every line), the least any check of the records must do.
 */
const BASELINE = `const { createReadStream, readdirSync } = require('node:fs');
const { createGunzip } = require('node:zlib');
const { createInterface } = require('node:readline');
const { join } = require('node:path');
(async () => {
  let n = 0;
  const dir = join(process.argv[1], 'data');
  for (const f of readdirSync(dir).sort())
    for await (const line of createInterface({ input: createReadStream(join(dir, f)).pipe(createGunzip()) }))
      if (line !== '') n += JSON.parse(line).Item === undefined ? 0 : 1;
  if (n === 0) process.exit(1);
})();`;

/** One run of `command` as its own process, timed, with its peak RSS (GNU time, where there is one). */
function measure(command: readonly string[]): VerifyRun {
  const time = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
  const started = process.hrtime.bigint();
  const run =
    time === undefined
      ? spawnSync(command[0] as string, command.slice(1), { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 })
      : spawnSync(time, ['-f', 'maxrss-kb %M cpu %U %S', ...command], {
          cwd: ROOT,
          encoding: 'utf8',
          maxBuffer: 64 * 2 ** 20,
        });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const kb = /maxrss-kb (\d+)/.exec(run.stderr)?.[1];
  const cpu = /cpu ([\d.]+) ([\d.]+)/.exec(run.stderr);
  if (run.status !== 0) process.stderr.write(run.stdout + run.stderr);
  return {
    seconds,
    cpuSeconds: cpu === null ? Number.NaN : Number(cpu[1]) + Number(cpu[2]),
    peakMb: kb === undefined ? Number.NaN : Number(kb) / 1024,
    exit: run.status ?? -1,
  };
}

/** One `ledger:verify --export` run, as `npm run ledger:verify` runs it (package.json), without npm's start-up. */
function verifyOnce(dir: string, json: string): VerifyRun {
  return measure([
    process.execPath,
    '--max-old-space-size=192',
    '--import',
    'tsx',
    join(ROOT, 'tools', 'bin', 'ledger-verify.ts'),
    '--export',
    dir,
    '--trust-copied-keys',
    '--quiet',
    '--json',
    json,
  ]);
}

async function benchVerify(
  records: number,
  perInterval: number,
  runs: number,
  keepDir: string | undefined,
): Promise<number> {
  const dir = keepDir ?? mkdtempSync(join(tmpdir(), 'ledger-bench-'));
  try {
    if (keepDir !== undefined && existsSync(join(keepDir, 'manifest-summary.json'))) {
      process.stdout.write(`verify: the ledger already built in ${keepDir}\n`);
    } else {
      process.stderr.write(`building a ledger of ${records} records (${perInterval} per interval) in ${dir}\n`);
      const built = process.hrtime.bigint();
      const { digests } = await buildLedger(dir, records, perInterval);
      process.stdout.write(
        `verify: ${records} records, ${digests} digests, built in ${(Number(process.hrtime.bigint() - built) / 1e9).toFixed(1)} s\n`,
      );
    }
    const results: VerifyRun[] = [];
    const ratios: number[] = [];
    const cpuRatios: number[] = [];
    for (let r = 0; r < runs; r += 1) {
      // Interleaved: the baseline and the check in the same round, so a noisy neighbour hits both.
      const baseline = measure([process.execPath, '-e', BASELINE, dir]);
      const result = verifyOnce(dir, join(dir, `summary-${r}.json`));
      results.push(result);
      ratios.push(result.seconds / baseline.seconds);
      cpuRatios.push(result.cpuSeconds / baseline.cpuSeconds);
      process.stdout.write(
        `  round ${r + 1}: verify ${result.seconds.toFixed(1)} s (${result.cpuSeconds.toFixed(1)} s of CPU), peak RSS ${result.peakMb.toFixed(0)} MB, exit ${result.exit}; baseline (read the export) ${baseline.seconds.toFixed(1)} s (${baseline.cpuSeconds.toFixed(1)} s of CPU), ${baseline.peakMb.toFixed(0)} MB\n`,
      );
    }
    const summary = JSON.parse(readFileSync(join(dir, 'summary-0.json'), 'utf8')) as { summary?: unknown };
    process.stdout.write(`  summary of run 1: ${JSON.stringify(summary.summary ?? summary).slice(0, 400)}\n`);
    process.stdout.write(
      `verify median: ${median(results.map((r) => r.seconds)).toFixed(1)} s (${median(ratios).toFixed(2)}x the baseline), ${median(results.map((r) => r.cpuSeconds)).toFixed(1)} s of CPU (${median(cpuRatios).toFixed(2)}x), peak RSS ${median(results.map((r) => r.peakMb)).toFixed(0)} MB (targets: <= 60 s, <= 300 MB)\n`,
    );
    return results.every((r) => r.exit === 0) ? 0 : 1;
  } finally {
    if (keepDir === undefined) rmSync(dir, { recursive: true, force: true });
  }
}

async function benchDigest(records: number, runs: number): Promise<number> {
  const seconds: number[] = [];
  const cpu: number[] = [];
  const heaps: number[] = [];
  for (let r = 0; r < runs; r += 1) {
    const world = new LedgerWorld({ intervalSeconds: 900, settleSeconds: 180 });
    const step = (15 * MINUTE) / records;
    for (let n = 0; n < records; n += 1) world.at(T0 + Math.floor(n * step)).put(ledgerItem(n, world.now));
    await world.deliver(100);
    world.table.clear();
    world.pending.length = 0;
    world.at(T0 + 15 * MINUTE + 181_000);
    collectGarbage();
    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    const sampler = setInterval(() => {
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    }, 2);
    const cpuBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    const result = await runDigestJob({}, world.jobDeps(yieldingReads(world)));
    const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
    const used = process.cpuUsage(cpuBefore);
    clearInterval(sampler);
    const heapMb = (Math.max(heapPeak, process.memoryUsage().heapUsed) - heapBefore) / 2 ** 20;
    heaps.push(heapMb);
    const cpuSeconds = (used.user + used.system) / 1e6;
    const sealed = result.sealed.reduce((sum, d) => sum + d.recordCount, 0);
    seconds.push(elapsed);
    cpu.push(cpuSeconds);
    process.stdout.write(
      `  run ${r + 1}: sealed ${result.sealed.length} digest(s) of ${sealed} entries in ${elapsed.toFixed(2)} s (${cpuSeconds.toFixed(2)} s of CPU), heap growth while sealing ${heapMb.toFixed(0)} MB\n`,
    );
  }
  process.stdout.write(
    `digest median: ${median(seconds).toFixed(2)} s, ${median(cpu).toFixed(2)} s of CPU, for ${records} records; heap growth while sealing ${median(heaps).toFixed(0)} MB (target: <= 30 s)\n`,
  );
  return 0;
}

export async function main(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        records: { type: 'string' },
        'interval-records': { type: 'string' },
        runs: { type: 'string' },
        'keep-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 64;
  }
  if (parsed.values.help === true) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const mode = parsed.positionals[0] ?? 'all';
  const int = (value: string | undefined, fallback: number, name: string): number => {
    const n = value === undefined ? fallback : Number(value);
    if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`--${name} must be a positive integer`);
    return n;
  };
  if (!['verify', 'digest', 'all'].includes(mode) || parsed.positionals.length > 1) {
    process.stderr.write(`unknown mode ${JSON.stringify(parsed.positionals.join(' '))}\n${USAGE}\n`);
    return 64;
  }
  let runs: number;
  let perInterval: number;
  let records: number | undefined;
  try {
    runs = int(parsed.values.runs, 3, 'runs');
    perInterval = int(parsed.values['interval-records'], 10_000, 'interval-records');
    records = parsed.values.records === undefined ? undefined : int(parsed.values.records, 1, 'records');
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 64;
  }
  process.stdout.write(`node ${process.version}, ${new Date().toISOString()}\n`);
  let code = 0;
  if (mode === 'digest' || mode === 'all') code = Math.max(code, await benchDigest(records ?? 100_000, runs));
  if (mode === 'verify' || mode === 'all')
    code = Math.max(code, await benchVerify(records ?? 1_000_000, perInterval, runs, parsed.values['keep-dir']));
  return code;
}

if (require.main === module)
  void main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
