/**
 * The digest job's interval rule and chain handling, in memory (`LedgerWorld`): empty intervals, catching
 * up after missed runs, the scheduled time, bounded runs, and refusing to continue a damaged chain.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { canonicalJson } from '../../lambda-src/ledger-integrity/canonical';
import { parseDigest } from '../../lambda-src/ledger-integrity/digest-format';
import { ChainIntegrityError, runDigestJob } from '../../lambda-src/ledger-integrity/digest-job';
import { readDigestJobConfig, readStreamConsumerConfig } from '../../lambda-src/ledger-integrity/config';
import { present } from '../helpers/present';
import { LedgerWorld, MINUTE, T0, ledgerItem } from './support/ledger-world';

const end = (key: string): string => /(\d{8}T\d{4})00Z\.json\.gz$/.exec(key)?.[1] ?? key;
const digestOf = (w: LedgerWorld, key: string): ReturnType<typeof parseDigest> =>
  parseDigest(JSON.parse(gunzipSync(present(w.bucket.objects.get(key), key).body).toString('utf8')));

test('with nothing staged yet, the first digest is an empty one for the last closable interval', async () => {
  const w = new LedgerWorld();
  const run = await w.at(T0 + 20 * MINUTE).digest();
  expect(run.sealed.map((s) => [s.key, s.recordCount, s.sequence])).toEqual([
    ['digests/2025/03/01/dev-ledger-digest-20250301T001500Z.json.gz', 0, 0],
  ]);
  const d = digestOf(w, 'digests/2025/03/01/dev-ledger-digest-20250301T001500Z.json.gz');
  expect([d.digestStartTime, d.digestEndTime, d.previousDigestS3Object, d.merkleRoot]).toEqual([
    '2025-03-01T00:00:00Z',
    '2025-03-01T00:15:00Z',
    null,
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  ]);
});

test('an interval is sealed only once its settle time has passed', async () => {
  const w = new LedgerWorld();
  await w.at(T0 + 4 * MINUTE).digest();
  w.at(T0 + 5 * MINUTE).put(ledgerItem(1, w.now));
  await w.deliver();
  expect((await w.at(T0 + 17 * MINUTE + 59_000).digest()).sealed).toEqual([]);
  expect((await w.at(T0 + 18 * MINUTE).digest()).sealed.map((s) => s.recordCount)).toEqual([1]);
});

test('missed runs are caught up interval by interval, empty intervals included, chained in order', async () => {
  const w = new LedgerWorld();
  w.at(T0 + 1 * MINUTE).put(ledgerItem(1, w.now));
  await w.deliver();
  await w.at(T0 + 20 * MINUTE).digest();
  w.at(T0 + 62 * MINUTE).put(ledgerItem(2, w.now));
  await w.deliver();
  // The next run comes two hours later.
  const run = await w.at(T0 + 2 * 60 * MINUTE + 4 * MINUTE).digest();
  expect(run.sealed.map((s) => [end(s.key), s.recordCount, s.sequence])).toEqual([
    ['20250301T0030', 0, 1],
    ['20250301T0045', 0, 2],
    ['20250301T0100', 0, 3],
    ['20250301T0115', 1, 4],
    ['20250301T0130', 0, 5],
    ['20250301T0145', 0, 6],
    ['20250301T0200', 0, 7],
  ]);
  expect(run.intervalsBehind).toBe(0);
  const second = digestOf(w, present(run.sealed[0], 'the first caught-up digest').key);
  expect(second.previousDigestS3Object).toBe('digests/2025/03/01/dev-ledger-digest-20250301T001500Z.json.gz');
});

test('a run closes at most maxIntervalsPerRun, stops when time runs short, and says how far behind it is', async () => {
  const w = new LedgerWorld();
  await w.at(T0 + 20 * MINUTE).digest();
  w.at(T0 + 6 * 60 * MINUTE);
  const bounded = await runDigestJob({}, { ...w.jobDeps(), maxIntervalsPerRun: 4 });
  expect([bounded.sealed.length, bounded.intervalsBehind]).toEqual([4, 18]);
  const short = await runDigestJob({}, { ...w.jobDeps(), remainingMs: () => 10_000 });
  expect([short.sealed.length, short.intervalsBehind]).toEqual([0, 18]);
});

test('the scheduled time decides what a (late or retried) invocation closes, never later than now', async () => {
  const w = new LedgerWorld();
  await w.at(T0 + 20 * MINUTE).digest();
  w.at(T0 + 3 * 60 * MINUTE);
  const run = await w.digest('2025-03-01T00:48:00Z');
  expect(run.sealed.map((s) => end(s.key))).toEqual(['20250301T0030', '20250301T0045']);
  const future = await w.digest('2030-01-01T00:00:00Z');
  expect(future.sealed.at(-1)?.key).toBe('digests/2025/03/01/dev-ledger-digest-20250301T024500Z.json.gz');
  await expect(w.digest('yesterday')).rejects.toThrow('scheduledTime must be an ISO 8601 time (received "yesterday")');
});

test('a redelivered batch adds nothing: duplicates are dropped and counted', async () => {
  const w = new LedgerWorld();
  w.at(T0 + 1 * MINUTE)
    .put(ledgerItem(1, w.now))
    .put(ledgerItem(2, w.now));
  const records = [...w.pending];
  await w.deliver();
  // Lambda delivers the first record again, in a batch of its own (a split retry).
  w.pending.push(present(records[0], 'the first stream record'));
  await w.at(T0 + 2 * MINUTE).deliver();
  const run = await w.at(T0 + 20 * MINUTE).digest();
  const d = digestOf(w, present(run.sealed[0], 'the digest').key);
  expect([d.recordCount, d.duplicatesDropped, d.stagedBatches]).toEqual([2, 1, 2]);
});

describe('a damaged chain head stops the job instead of being chained onto', () => {
  async function sealed(): Promise<LedgerWorld> {
    const w = new LedgerWorld();
    w.at(T0 + 1 * MINUTE).put(ledgerItem(1, w.now));
    await w.deliver();
    await w.at(T0 + 20 * MINUTE).digest();
    return w.at(T0 + 40 * MINUTE);
  }
  const HEAD = 'digests/2025/03/01/dev-ledger-digest-20250301T001500Z.json.gz';

  test('its signature removed', async () => {
    const w = await sealed();
    w.bucket.objects.delete(`${HEAD}.sig`);
    await expect(w.digest()).rejects.toThrow(
      `the newest digest ${HEAD} or its signature cannot be read; not continuing`,
    );
  });

  test('the digest removed, its signature left', async () => {
    const w = await sealed();
    w.bucket.objects.delete(HEAD);
    await expect(w.digest()).rejects.toThrow(ChainIntegrityError);
  });

  test('its content changed (the signature object no longer matches)', async () => {
    const w = await sealed();
    const d = JSON.parse(gunzipSync(present(w.bucket.objects.get(HEAD), HEAD).body).toString('utf8')) as {
      records: unknown[];
    };
    d.records = [];
    w.bucket.objects.set(HEAD, { body: gzipSync(canonicalJson(d)), lastModified: 0 });
    await expect(w.digest()).rejects.toThrow(
      `the newest digest ${HEAD} does not match its location or its signature object`,
    );
  });

  test('its signature changed', async () => {
    const w = await sealed();
    const sig = JSON.parse(present(w.bucket.objects.get(`${HEAD}.sig`), 'sig').body.toString('utf8')) as {
      signature: string;
    };
    sig.signature = `00${sig.signature.slice(2)}`;
    w.bucket.objects.set(`${HEAD}.sig`, { body: Buffer.from(canonicalJson(sig)), lastModified: 0 });
    await expect(w.digest()).rejects.toThrow(`the signature of the newest digest ${HEAD} does not verify`);
  });

  test('something that is not a digest', async () => {
    const w = await sealed();
    w.bucket.objects.set(HEAD, { body: Buffer.from('junk'), lastModified: 0 });
    await expect(w.digest()).rejects.toThrow(`the newest digest ${HEAD} does not parse`);
  });
});

describe('configuration from the environment', () => {
  const job = {
    ENVIRONMENT_NAME: 'dev',
    LEDGER_TABLE_NAME: 'biometric-vault-dev-ledger',
    DIGEST_BUCKET: 'biometric-vault-dev-ledger-digests-111111111111',
    DIGEST_BUCKET_KEY_ARN: 'arn:aws:kms:eu-west-1:111111111111:key/abc',
    SIGNING_KEY_ARN: 'arn:aws:kms:eu-west-1:111111111111:key/def',
  };

  test('defaults: 15-minute intervals, 3 minutes to settle, 96 intervals a run', () => {
    expect(readDigestJobConfig(job)).toEqual(
      expect.objectContaining({ intervalSeconds: 900, settleSeconds: 180, maxIntervalsPerRun: 96 }),
    );
  });

  test('every problem is named with the value received', () => {
    expect(() =>
      readDigestJobConfig({ ...job, INTERVAL_SECONDS: '1000', SETTLE_SECONDS: 'x', SIGNING_KEY_ARN: 'key' }),
    ).toThrow(
      /INTERVAL_SECONDS: must be an integer from 60 to 900 \(received "1000"\)[\s\S]*SETTLE_SECONDS: must be an integer from 60 to 3600 \(received "x"\)/,
    );
    expect(() => readDigestJobConfig({ ...job, INTERVAL_SECONDS: '420' })).toThrow(
      'INTERVAL_SECONDS: must divide a day (86400) evenly',
    );
    expect(() => readDigestJobConfig({ ...job, SIGNING_KEY_ARN: 'key' })).toThrow(
      'SIGNING_KEY_ARN: must be the ARN of the digest signing key (received "key")',
    );
    expect(() => readStreamConsumerConfig({})).toThrow(
      /ENVIRONMENT_NAME[\s\S]*DIGEST_BUCKET[\s\S]*ALERT_TOPIC_ARN[\s\S]*LEDGER_KEY_ATTRIBUTES/,
    );
  });
});
