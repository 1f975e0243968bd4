/**
 * `ledger:verify`'s command line: usage (exit 64 with the nearest option), help (exit 0), and inputs it
 * cannot verify, each with its own message and exit 2, never "intact": an empty, truncated, malformed or
 * changed export, a digest that does not parse, a missing public key. Also the time window and --json.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { publicKeyPem } from '../../lambda-src/ledger-integrity/digest-job';
import { EXIT_UNVERIFIABLE, runLedgerVerify, USAGE } from '../../tools/ledger-verify/cli';
import { LedgerWorld, MINUTE, T0, ledgerItem, writeExport } from './support/ledger-world';

interface Outcome {
  readonly status: number;
  readonly out: string;
  readonly err: string;
}

async function run(args: readonly string[]): Promise<Outcome> {
  let out = '';
  let err = '';
  const status = await runLedgerVerify(args, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { status, out, err };
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Two sealed intervals of 6 records each, exported (2 data files) and the bucket copied; returns the directory. */
async function exported(): Promise<{ dir: string; key: string; w: LedgerWorld }> {
  const w = new LedgerWorld();
  w.at(T0 + 2 * MINUTE);
  for (let n = 1; n <= 6; n++) w.put(ledgerItem(n, w.now));
  await w.deliver();
  w.at(T0 + 20 * MINUTE);
  for (let n = 7; n <= 12; n++) w.put(ledgerItem(n, w.now));
  await w.deliver();
  await w.at(T0 + 34 * MINUTE).digest();
  const dir = mkdtempSync(join(tmpdir(), 'verify-cli-'));
  dirs.push(dir);
  w.writeExport(dir);
  w.bucket.writeTo(dir, (k) => !k.startsWith('staging/'));
  const key = join(dir, 'key.pem');
  writeFileSync(key, publicKeyPem(await w.signer.publicKey()));
  return { dir, key, w };
}

describe('usage', () => {
  test('--help prints the usage and the exit codes, exit 0', async () => {
    const r = await run(['--help']);
    expect(r.status).toBe(0);
    expect(r.out).toContain('usage: ledger-verify --env <name>');
    expect(r.out).toContain('2   cannot verify: an empty, truncated or malformed export');
  });

  test.each([
    [['--evn', 'dev'], 'unknown option --evn; did you mean --env?'],
    [[], '--env <name> (live) or --export <dir> (offline) is required'],
    [['--env', 'qa'], 'qa'],
    [['--env', 'dev,prod'], '--env takes one environment'],
    [
      ['--env', 'dev', '--from', 'yesterday'],
      '--from must be an ISO 8601 time such as 2025-01-31T00:00:00Z (received "yesterday")',
    ],
    [['--env', 'dev', '--from', '2025-02-01', '--to', '2025-01-01'], '--from must be before --to'],
    [['--env', 'dev', '--max-problems', 'all'], '--max-problems must be a whole number'],
    [['--env', 'dev', '--trust-copied-keys'], '--trust-copied-keys is for --export'],
    [['--env', 'dev', 'extra'], 'unexpected argument "extra"'],
  ])('%j is refused with exit 64: %s', async (args, message) => {
    const r = await run(args);
    expect(r.status).toBe(64);
    expect(r.err).toContain(message);
    expect(r.err).toContain(USAGE.split('\n')[0]);
  });
});

describe('inputs that cannot be verified: exit 2 with their own message', () => {
  const unverifiable = async (args: readonly string[], message: string): Promise<void> => {
    const r = await run(['--quiet', ...args]);
    expect(r.err).toContain(message);
    expect(r.out).not.toContain('INTACT');
    expect(r.status).toBe(EXIT_UNVERIFIABLE);
  };

  test('a directory that is not an export', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verify-cli-'));
    dirs.push(dir);
    await unverifiable(
      ['--export', dir, '--trust-copied-keys'],
      'no manifest-summary.json in it or in AWSDynamoDB/<export id>/',
    );
    await unverifiable(['--export', join(dir, 'missing'), '--trust-copied-keys'], 'no such directory');
  });

  test('an empty export with no digests', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verify-cli-'));
    dirs.push(dir);
    writeExport(dir, [], 0, 1, T0);
    const { key } = await exported();
    writeFileSync(join(dir, 'digests'), '');
    unlinkSync(join(dir, 'digests'));
    const w = new LedgerWorld();
    await w.at(T0 + 20 * MINUTE).digest();
    await unverifiable(['--export', dir, '--public-key', key], 'no digests/ directory');
    w.bucket.writeTo(dir);
    writeFileSync(join(dir, 'own.pem'), publicKeyPem(await w.signer.publicKey()));
    await unverifiable(
      ['--export', dir, '--public-key', join(dir, 'own.pem')],
      'holds no records and there are no digest entries: nothing to verify',
    );
  });

  test('a truncated data file', async () => {
    const { dir, key } = await exported();
    const file = join(dir, 'data', 'file-1.json.gz');
    const body = readFileSync(file);
    writeFileSync(file, body.subarray(0, body.length - 20));
    await unverifiable(['--export', dir, '--public-key', key], `data file ${file} is not a complete gzip file`);
  });

  test('a data file with fewer items than its manifest says, and a changed one', async () => {
    const { dir, key, w } = await exported();
    const file = join(dir, 'data', 'file-0.json.gz');
    const lines = [...w.table.values()].filter((_, i) => i % 2 === 0).map((item) => JSON.stringify({ Item: item }));
    writeFileSync(file, gzipSync(`${lines.slice(1).join('\n')}\n`));
    await unverifiable(
      ['--export', dir, '--public-key', key],
      `data file ${file} holds 5 items, manifest-files.json says 6: the export is truncated`,
    );
    writeFileSync(file, gzipSync(`${lines.join('\n')}\n\n`));
    await unverifiable(
      ['--export', dir, '--public-key', key],
      `data file ${file} does not match its MD5 in manifest-files.json`,
    );
  });

  test('a missing data file, and manifests that disagree', async () => {
    const { dir, key } = await exported();
    unlinkSync(join(dir, 'data', 'file-1.json.gz'));
    await unverifiable(
      ['--export', dir, '--public-key', key],
      'listed in manifest-files.json is missing: the export is incomplete',
    );
    const summary = JSON.parse(readFileSync(join(dir, 'manifest-summary.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'manifest-summary.json'), JSON.stringify({ ...summary, itemCount: 13 }));
    await unverifiable(
      ['--export', dir, '--public-key', key],
      'manifest-files.json lists 12 items, manifest-summary.json says 13',
    );
    writeFileSync(join(dir, 'manifest-summary.json'), JSON.stringify({ ...summary, outputFormat: 'ION' }));
    await unverifiable(['--export', dir, '--public-key', key], 'only DYNAMODB_JSON exports can be verified');
  });

  test('a line that is not an item', async () => {
    const { dir, key, w } = await exported();
    const file = join(dir, 'data', 'file-0.json.gz');
    const items = [...w.table.values()].filter((_, i) => i % 2 === 0);
    const lines = items.map((item, i) =>
      JSON.stringify({ Item: i === 2 ? { ...item, sizeBytes: { N: 'twelve' } } : item }),
    );
    const body = gzipSync(`${lines.join('\n')}\n`);
    writeFileSync(file, body);
    const manifest = readFileSync(join(dir, 'manifest-files.json'), 'utf8').split('\n');
    manifest[0] =
      manifest[0]?.replace(
        /"md5Checksum":"[^"]+"/,
        `"md5Checksum":"${createHash('md5').update(body).digest('base64')}"`,
      ) ?? '';
    writeFileSync(join(dir, 'manifest-files.json'), manifest.join('\n'));
    await unverifiable(
      ['--export', dir, '--public-key', key],
      'is not a DynamoDB item: sizeBytes: not a DynamoDB number: "twelve"',
    );
  });

  test('a digest that does not parse', async () => {
    const { dir, key } = await exported();
    writeFileSync(
      join(dir, 'digests', '2025', '03', '01', 'dev-ledger-digest-20250301T001500Z.json.gz'),
      gzipSync('{"format":"something else"}'),
    );
    await unverifiable(
      ['--export', dir, '--public-key', key],
      'digest digests/2025/03/01/dev-ledger-digest-20250301T001500Z.json.gz does not parse (digests/2025/03/01/dev-ledger-digest-20250301T001500Z.json.gz.format: must be "biometric-vault/ledger-digest/1"',
    );
  });

  test('no public key: none given, or a file that is not one', async () => {
    const { dir } = await exported();
    await unverifiable(['--export', dir], 'no public key to check signatures with: pass --public-key <file>');
    writeFileSync(join(dir, 'not-a-key.pem'), 'hello');
    await unverifiable(
      ['--export', dir, '--public-key', join(dir, 'not-a-key.pem')],
      'not-a-key.pem is not a PEM or DER public key',
    );
  });
});

describe('window, copied keys and JSON', () => {
  test('--trust-copied-keys uses public-keys/ of the copy and says which keys it trusts', async () => {
    const { dir } = await exported();
    const r = await run(['--export', dir, '--trust-copied-keys', '--quiet']);
    expect(r.err).toMatch(/trusting signing key\(s\) [0-9a-f]{64}/);
    expect(r.status).toBe(0);
  });

  test('--from/--to check only the digests and records of the window', async () => {
    const { dir, key, w } = await exported();
    // A record of the first interval changed: outside the window, it is not checked.
    const first = [...w.table.values()][0] as Record<string, unknown>;
    first.decision = { S: 'UNAUTHORIZED' };
    w.writeExport(dir);
    const inWindow = await run([
      '--export',
      dir,
      '--public-key',
      key,
      '--quiet',
      '--from',
      '2025-03-01T00:15:00Z',
      '--to',
      '2025-03-01T00:30:00Z',
    ]);
    expect(inWindow.out).toContain(
      'digests: 1 checked, 1 valid, covering 2025-03-01T00:15:00Z .. 2025-03-01T00:30:00Z',
    );
    expect(inWindow.out).toContain('records: 12 read, 6 intact');
    expect(inWindow.status).toBe(0);
    const all = await run(['--export', dir, '--public-key', key, '--quiet', '--json', join(dir, 'out.json')]);
    expect(all.status).toBe(1);
    const json = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as {
      summary: { tampering: number };
      problems: { kind: string }[];
    };
    expect(json.summary.tampering).toBe(1);
    expect(json.problems.map((p) => p.kind)).toEqual(['chain-start', 'record-changed']);
  });

  test('--max-problems limits the lines printed, not the count', async () => {
    const { dir, key, w } = await exported();
    for (const item of w.table.values()) item.decision = { S: 'UNAUTHORIZED' };
    w.writeExport(dir);
    const r = await run(['--export', dir, '--public-key', key, '--quiet', '--max-problems', '2']);
    expect(r.out.split('\n').filter((l) => l.startsWith('TAMPERING') || l.startsWith('notice'))).toHaveLength(2);
    expect(r.out).toContain('... 10 more problem(s) not printed (--max-problems)');
    expect(r.out).toContain('record-changed: 11');
    expect(r.status).toBe(1);
  });
});
