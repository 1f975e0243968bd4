import { expect } from '@jest/globals';
/**
 * The erase tool against a versioned S3 stand-in (versions and delete markers as S3 documents them) and the
 * ledger in dynalite: dry run and apply, a second run, unicode subject ids, a subject with thousands of
 * versions, a subject with none, failures part-way and the resumed run that records the request once.
 */
import { PutItemCommand, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ledgerItemProblems } from '../../lambda-src/verifier/ledger-schema';
import { runErase, defaultRequestId, type ErasureClients } from '../../tools/erasure/cli';
import { fileJournal, memoryJournal } from '../../tools/erasure/journal';
import { isSubjectKey, subjectPrefixes } from '../../tools/erasure/subject';
import type { CliIo } from '../../tools/cli/io';
import { createLedgerTable, startDynamo, type LocalDynamo } from '../ops/helpers/local-servers';
import { startS3StandIn, type S3StandIn } from '../verifier/support/s3-stand-in';

const ACCOUNT = '111111111111';
const BUCKET = `biometric-vault-dev-vault-${ACCOUNT}`;
const TABLE = 'biometric-vault-dev-ledger';
const CALLER = `arn:aws:sts::${ACCOUNT}:assumed-role/biometric-vault-dev-erasure/dpo-session`;
const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };
const SHA_A = 'a'.repeat(64);
const SHA_B = 'b'.repeat(64);
const SHA_R = 'c'.repeat(64);

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let s3: S3StandIn;
let ddb: LocalDynamo;
let s3Client: S3Client;
const sts = mockClient(STSClient);
const clientsCalled: string[] = [];
let journals = memoryJournal();

function clients(region: string): ErasureClients {
  clientsCalled.push(region);
  return { s3: s3Client, dynamodb: ddb.client, sts: new STSClient({ region, credentials: CREDENTIALS }) };
}

async function erase(...argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const files = new Map<string, string>();
  const io: CliIo = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    readFile: (p) => files.get(p) ?? '',
    writeFile: (p, t) => files.set(p, t),
  };
  const code = await runErase(
    argv,
    { clients, journal: () => journals, now: () => new Date('2026-11-30T01:00:00Z') },
    io,
  );
  return { code, stdout: out.join(''), stderr: err.join('') };
}

async function erasureRecords(): Promise<Record<string, AttributeValue>[]> {
  const out = await ddb.client.send(new ScanCommand({ TableName: TABLE }));
  return (out.Items ?? []).filter((i) => i.pk?.S?.startsWith('ERASURE#') === true);
}

/** A verifier decision record for one upload version (the fields the erasure reads, and the rest of version 2). */
async function decision(
  subjectId: string,
  key: string,
  versionId: string,
  imageSha256: string,
  reference?: { key: string; versionId: string; sha256: string },
): Promise<void> {
  await ddb.client.send(
    new PutItemCommand({
      TableName: TABLE,
      Item: {
        pk: { S: `UPLOAD#${BUCKET}/${key}#${versionId}` },
        subjectId: { S: subjectId },
        recordedAt: { S: '2026-11-01T00:00:00.000Z' },
        bucket: { S: BUCKET },
        objectKey: { S: key },
        versionId: { S: versionId },
        imageSha256: { S: imageSha256 },
        decision: { S: 'AUTHORIZED' },
        ...(reference !== undefined
          ? {
              referenceKey: { S: reference.key },
              referenceVersionId: { S: reference.versionId },
              referenceSha256: { S: reference.sha256 },
            }
          : {}),
      },
    }),
  );
}

function keysOf(prefix = ''): string[] {
  return [...new Set(s3.entries(prefix).map((e) => e.key))];
}

beforeAll(async () => {
  s3 = await startS3StandIn({ bucket: BUCKET, region: 'eu-west-1' });
  ddb = await startDynamo();
  s3Client = new S3Client({
    region: 'eu-west-1',
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: CREDENTIALS,
    maxAttempts: 1,
  });
  await createLedgerTable(ddb.client, TABLE);
});

afterAll(async () => {
  s3Client.destroy();
  await s3.stop();
  await ddb.close();
});

beforeEach(() => {
  sts.reset();
  sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: CALLER, UserId: 'AROAEXAMPLE:dpo-session' });
  clientsCalled.length = 0;
  journals = memoryJournal();
});

describe('erase: the subject id is checked before anything is listed', () => {
  it.each([
    ['', 'it is empty'],
    ['/', 'contains "/"'],
    ['alice/../bob', 'contains "/"'],
    ['..', 'it is ".."'],
    ['.', 'it is "."'],
    ['*', 'wildcard'],
    ['al?ce', 'wildcard'],
    ['[a-z]', 'wildcard'],
    ['alice\u0000', 'control character'],
    ['alice\n', 'control character'],
    ['alice\u0085', 'control character'],
    ['\uD800alice', 'lone surrogate'],
    [' alice', 'white space'],
    ['(none)', 'reserved'],
    ['x'.repeat(257), '257 characters long'],
  ])('refuses %j with exit 64 (%s) and never calls AWS', async (subject, problem) => {
    const run = await erase('--env', 'dev', '--subject', subject, '--reason', 'consent withdrawn', '--apply');
    expect(run.code).toBe(64);
    expect(run.stderr).toContain('outside the enrollment layout');
    expect(run.stderr).toContain(problem);
    expect(clientsCalled).toEqual([]);
  });

  it('accepts the longest id the verifier accepts, dots inside an id and unicode', async () => {
    for (const subject of ['x'.repeat(256), 'a.b', 'zoë-名前-🙂']) {
      const run = await erase('--env', 'dev', '--subject', subject, '--reason', 'r');
      expect(run.code).toBe(0);
    }
  });

  it('names the nearest option for a misspelt one, and every missing option at once', async () => {
    const misspelt = await erase('--env', 'dev', '--subjet', 'alice', '--reason', 'r');
    expect(misspelt.code).toBe(64);
    expect(misspelt.stderr).toContain('unknown option --subjet; did you mean --subject?');
    const missing = await erase();
    expect(missing.code).toBe(64);
    expect(missing.stderr).toContain('--env <name> is required');
    expect(missing.stderr).toContain('--subject <id> is required');
    expect(missing.stderr).toContain('--reason <text> is required');
    const blank = await erase('--env', 'dev', '--subject', 'alice', '--reason', '  ', '--request-id', 'a b');
    expect(blank.stderr).toContain('--reason is empty');
    expect(blank.stderr).toContain('--request-id "a b" is not 1-128 letters');
    expect(clientsCalled).toEqual([]);
  });

  it('prints its help with the exit codes', async () => {
    const help = await erase('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('usage: erase --env <name> --subject <id> --reason <text> [--apply]');
    expect(help.stdout).toContain('64  bad usage');
    expect(help.stdout).toContain('2   versions remain after deletion');
  });

  it('refuses credentials of another account before listing', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: '999999999999', Arn: 'arn:aws:sts::999999999999:x' });
    const run = await erase('--env', 'dev', '--subject', 'alice', '--reason', 'r');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('not of dev (111111111111)');
  });
});

describe('erase: dry run, apply, second run', () => {
  const img = Buffer.from('image bytes');

  beforeAll(async () => {
    // alice: several versions and delete markers per key, a nested key, a key S3 must URL-encode, references.
    s3.put('uploads/alice/1.jpg', img);
    s3.put('uploads/alice/1.jpg', img);
    s3.remove('uploads/alice/1.jpg'); // delete marker
    s3.put('uploads/alice/1.jpg', img);
    s3.remove('uploads/alice/1.jpg'); // current delete marker
    s3.remove('uploads/alice/1.jpg'); // a second marker on top of a marker
    s3.put('uploads/alice/nested/2.png', img);
    s3.put('uploads/alice/a b+c%.jpg', img);
    s3.put('references/alice.jpg', img);
    s3.put('references/alice.jpg', img);
    s3.remove('references/alice.jpg');
    s3.put('references/alice.PNG', img);
    // Other subjects whose keys share a prefix string with alice's: never touched.
    s3.put('references/alice.b.jpg', img);
    s3.put('references/alice.gif', img);
    s3.put('uploads/alice.b/1.jpg', img);
    s3.put('uploads/alicex/1.jpg', img);
    s3.put('uploads/bob/1.jpg', img);
    const first = s3.entries('uploads/alice/1.jpg').filter((e) => !e.deleteMarker);
    const reference = s3.entries('references/alice.jpg').filter((e) => !e.deleteMarker);
    await decision('alice', 'uploads/alice/1.jpg', first[0]?.versionId ?? '', SHA_A, {
      key: 'references/alice.jpg',
      versionId: reference[0]?.versionId ?? '',
      sha256: SHA_R,
    });
    await decision('alice', 'uploads/alice/1.jpg', first[1]?.versionId ?? '', SHA_B);
    await decision('alice.b', 'uploads/alice.b/1.jpg', 'v', 'd'.repeat(64));
  });

  it('a dry run lists every version and delete marker of the subject and changes nothing', async () => {
    const before = s3.entries();
    const run = await erase('--env', 'dev', '--subject', 'alice', '--reason', 'consent withdrawn');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('DRY RUN (add --apply to delete)');
    expect(run.stdout).toContain('would delete 12:');
    expect(run.stdout).toContain('keys: 5; versions: 8 (88 bytes); delete markers: 4');
    expect(run.stdout).toContain('uploads/alice/a b+c%.jpg');
    expect(run.stdout).toContain('versions with a SHA-256 recorded by the verifier: 3 (3 distinct hashes)');
    expect(run.stdout).toContain('not touched: 2 key(s) under references/alice.');
    expect(run.stdout).not.toContain('alice.b/');
    expect(s3.entries()).toEqual(before);
    expect(await erasureRecords()).toEqual([]);
  });

  it("--apply deletes exactly the subject's versions and markers, proves nothing remains and records it once", async () => {
    const run = await erase('--env', 'dev', '--subject', 'alice', '--reason', 'consent withdrawn', '--apply');
    expect(run.stderr).toBe('erase: deleted 12/12\n');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('deleted 12 (this run 12); listed again: nothing remains');
    expect(keysOf('uploads/alice/')).toEqual([]);
    expect(keysOf('references/alice.')).toEqual(['references/alice.b.jpg', 'references/alice.gif']);
    expect(keysOf('uploads/alice')).toEqual(['uploads/alice.b/1.jpg', 'uploads/alicex/1.jpg']);
    expect(keysOf('uploads/bob/')).toEqual(['uploads/bob/1.jpg']);
    const records = await erasureRecords();
    expect(records).toHaveLength(1);
    const record = records[0] ?? {};
    expect(ledgerItemProblems(record)).toEqual([]);
    const requestId = defaultRequestId('dev', 'alice', 'consent withdrawn');
    expect(record).toMatchObject({
      pk: { S: `ERASURE#${requestId}` },
      schemaVersion: { N: '1' },
      subjectId: { S: 'alice' },
      reason: { S: 'consent withdrawn' },
      requestedBy: { S: CALLER },
      recordedAt: { S: '2026-11-30T01:00:00.000Z' },
      startedAt: { S: '2026-11-30T01:00:00.000Z' },
      runs: { N: '1' },
      bucket: { S: BUCKET },
      prefixes: { L: [{ S: 'uploads/alice/' }, { S: 'references/alice.' }] },
      keysErased: { N: '5' },
      versionsDeleted: { N: '8' },
      deleteMarkersDeleted: { N: '4' },
      bytesDeleted: { N: '88' },
      hashedVersions: { N: '3' },
      destroyedSha256: { L: [{ S: SHA_A }, { S: SHA_B }, { S: SHA_R }] },
      remainingAfter: { N: '0' },
    });
    expect(record.manifestSha256?.S).toMatch(/^[0-9a-f]{64}$/);
    // No image bytes, nothing but the listed attributes.
    expect(JSON.stringify(record)).not.toContain('image bytes');
  });

  it('a second run finds nothing, says so, and writes no second record', async () => {
    const run = await erase('--env', 'dev', '--subject', 'alice', '--reason', 'consent withdrawn', '--apply');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('nothing to erase: no version or delete marker remains; request erase-');
    expect(await erasureRecords()).toHaveLength(1);
    const dry = await erase('--env', 'dev', '--subject', 'alice', '--reason', 'consent withdrawn');
    expect(dry.stdout).toContain('nothing to erase: no version or delete marker under these prefixes');
    expect(dry.stdout).toContain('recorded before: erasure request erase-');
  });

  it('refuses to reuse a recorded request for data uploaded since (exit 2), and erases it as a new request', async () => {
    s3.put('uploads/alice/3.jpg', img);
    const again = await erase('--env', 'dev', '--subject', 'alice', '--reason', 'consent withdrawn', '--apply');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('has 1 version(s) and marker(s) again');
    expect(keysOf('uploads/alice/')).toEqual(['uploads/alice/3.jpg']);
    const fresh = await erase(
      ...['--env', 'dev', '--subject', 'alice', '--reason', 'consent withdrawn', '--apply', '--request-id', 'DSR-2'],
      '--json',
    );
    expect(fresh.code).toBe(0);
    expect(JSON.parse(fresh.stdout)).toMatchObject({ outcome: 'written', requestId: 'DSR-2', remaining: 0 });
    expect(await erasureRecords()).toHaveLength(2);
  });

  it('erases a unicode subject byte for byte: another normalization of the same name is another subject', async () => {
    const nfc = 'zoë-名前-🙂';
    const nfd = nfc.normalize('NFD');
    s3.put(`uploads/${nfc}/1.jpg`, img);
    s3.remove(`uploads/${nfc}/1.jpg`);
    s3.put(`references/${nfc}.jpeg`, img);
    s3.put(`uploads/${nfd}/1.jpg`, img);
    const run = await erase('--env', 'dev', '--subject', nfc, '--reason', 'purpose ended', '--apply', '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      subjectId: nfc,
      summary: { keysErased: 2, versionsDeleted: 2, deleteMarkersDeleted: 1 },
    });
    expect(keysOf(`uploads/${nfc}/`)).toEqual([]);
    expect(keysOf(`references/${nfc}.`)).toEqual([]);
    expect(keysOf(`uploads/${nfd}/`)).toEqual([`uploads/${nfd}/1.jpg`]);
  });

  it('a subject with nothing stored: the dry run says so; --apply records that nothing was held, once', async () => {
    const dry = await erase('--env', 'dev', '--subject', 'nobody', '--reason', 'r');
    expect(dry.stdout).toContain('nothing to erase');
    const first = await erase('--env', 'dev', '--subject', 'nobody', '--reason', 'r', '--apply', '--request-id', 'N-1');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('ledger: erasure record ERASURE#N-1 appended');
    const second = await erase(
      '--env',
      'dev',
      '--subject',
      'nobody',
      '--reason',
      'r',
      '--apply',
      '--request-id',
      'N-1',
    );
    expect(second.code).toBe(0);
    const records = (await erasureRecords()).filter((r) => r.subjectId?.S === 'nobody');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ versionsDeleted: { N: '0' }, deleteMarkersDeleted: { N: '0' } });
  });
});

describe('erase: thousands of versions, failures part-way, resume', () => {
  const bulk = (subject: string, keys: number): void => {
    for (let i = 0; i < keys; i += 1) {
      const key = `uploads/${subject}/${String(i).padStart(5, '0')}.jpg`;
      s3.put(key, Buffer.from([i % 256]));
      if (i % 2 === 0) s3.put(key, Buffer.from([1, 2]));
      if (i % 5 === 0) s3.remove(key);
    }
  };

  it('pages through and deletes 2,550 versions and markers in batches of 1000, with progress', async () => {
    bulk('bulk', 1500);
    const total = s3.entries('uploads/bulk/').length;
    expect(total).toBe(2550);
    const run = await erase('--env', 'dev', '--subject', 'bulk', '--reason', 'r', '--apply');
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('erase: listed 1000 versions and delete markers');
    expect(run.stderr).toContain('erase: deleted 1000/2550\nerase: deleted 2000/2550\nerase: deleted 2550/2550\n');
    expect(s3.entries('uploads/bulk/')).toEqual([]);
    const lists = s3.requests.filter((r) => r.operation === 'ListObjectVersions');
    expect(lists.length).toBeGreaterThanOrEqual(3);
    const record = (await erasureRecords()).find((r) => r.subjectId?.S === 'bulk');
    expect(record).toMatchObject({ versionsDeleted: { N: '2250' }, deleteMarkersDeleted: { N: '300' } });
  });

  it('a request that fails mid-way records nothing; the same command resumes and records every deletion once', async () => {
    bulk('partial', 1500);
    const dir = mkdtempSync(join(tmpdir(), 'erasure-journal-'));
    try {
      // The second DeleteObjects request fails as a whole (S3 500), after the first 1000 were deleted.
      s3.failNext({ operation: 'DeleteObjects', status: 500, code: 'InternalError', after: 1 });
      const argv = ['--env', 'dev', '--subject', 'partial', '--reason', 'r', '--apply', '--journal-dir', dir];
      journals = memoryJournal();
      const failing = await runWithFiles(argv, dir);
      expect(failing.code).toBe(1);
      expect(failing.stderr).toContain('nothing is recorded yet; run the same command again to resume');
      expect(s3.entries('uploads/partial/')).toHaveLength(1550);
      expect((await erasureRecords()).filter((r) => r.subjectId?.S === 'partial')).toEqual([]);
      const journalFile = join(dir, `${defaultRequestId('dev', 'partial', 'r')}.json`);
      expect((JSON.parse(readFileSync(journalFile, 'utf8')) as { deleted: unknown[] }).deleted).toHaveLength(1000);

      // Then one object is refused (a per-object error in a 200 answer): the rest go, still nothing recorded.
      const refused = s3.entries('uploads/partial/').at(-1)?.key ?? '';
      s3.failNext({ operation: 'DeleteObjects', key: refused, status: 200, code: 'AccessDenied' });
      const partly = await runWithFiles(argv, dir);
      expect(partly.code).toBe(1);
      expect(partly.stderr).toContain(`S3 did not delete 1 of 1550 (AccessDenied), first: ${refused} version`);
      expect(s3.entries('uploads/partial/')).toHaveLength(1);

      const resumed = await runWithFiles(argv, dir);
      expect(resumed.code).toBe(0);
      expect(resumed.stderr).toContain('resuming request');
      expect(s3.entries('uploads/partial/')).toEqual([]);
      const records = (await erasureRecords()).filter((r) => r.subjectId?.S === 'partial');
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({
        runs: { N: '3' },
        versionsDeleted: { N: '2250' },
        deleteMarkersDeleted: { N: '300' },
        keysErased: { N: '1500' },
      });
      expect(existsSync(journalFile)).toBe(false);
      const again = await runWithFiles(argv, dir);
      expect(again.code).toBe(0);
      expect((await erasureRecords()).filter((r) => r.subjectId?.S === 'partial')).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

async function runWithFiles(argv: readonly string[], dir: string): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    readFile: () => '',
    writeFile: () => undefined,
  };
  const code = await runErase(argv, { clients, journal: () => fileJournal(dir) }, io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe("the layout: which keys are the subject's", () => {
  it.each([
    ['alice', 'uploads/alice/1.jpg', true],
    ['alice', 'uploads/alice/nested/2.png', true],
    ['alice', 'uploads/alice/', true],
    ['alice', 'uploads/alicex/1.jpg', false],
    ['alice', 'uploads/alice.b/1.jpg', false],
    ['alice', 'references/alice.jpg', true],
    ['alice', 'references/alice.JPEG', true],
    ['alice', 'references/alice.png', true],
    ['alice', 'references/alice.b.jpg', false],
    ['alice', 'references/alice.gif', false],
    ['alice', 'references/alice.jpg.bak', false],
    ['alice', 'references/alice.', false],
    ['a.b', 'references/a.b.jpg', true],
    ['a.b', 'references/a.jpg', false],
    ['alice', 'malware-protection-resource-validation-object', false],
  ])('%s owns %j: %s', (subject, key, owned) => {
    expect(isSubjectKey(subject, key)).toBe(owned);
  });

  it('lists exactly two prefixes', () => {
    expect(subjectPrefixes('zoë')).toEqual(['uploads/zoë/', 'references/zoë.']);
  });
});

describe('erasure records in the ledger schema', () => {
  const valid: Record<string, AttributeValue> = {
    pk: { S: 'ERASURE#r-1' },
    schemaVersion: { N: '1' },
    recordedAt: { S: '2026-11-30T01:00:00.000Z' },
    subjectId: { S: 'alice' },
    requestId: { S: 'r-1' },
    reason: { S: 'consent withdrawn' },
    requestedBy: { S: CALLER },
    startedAt: { S: '2026-11-30T01:00:00.000Z' },
    runs: { N: '1' },
    bucket: { S: BUCKET },
    prefixes: { L: [{ S: 'uploads/alice/' }, { S: 'references/alice.' }] },
    keysErased: { N: '0' },
    versionsDeleted: { N: '0' },
    deleteMarkersDeleted: { N: '0' },
    bytesDeleted: { N: '0' },
    hashedVersions: { N: '0' },
    destroyedSha256: { L: [] },
    manifestSha256: { S: SHA_A },
    remainingAfter: { N: '0' },
  };

  it('checks an ERASURE# item against the erasure layout, not the decision layout', () => {
    expect(ledgerItemProblems(valid)).toEqual([]);
    const withoutReason = Object.fromEntries(Object.entries(valid).filter(([name]) => name !== 'reason'));
    expect(ledgerItemProblems(withoutReason)).toEqual(['reason: required in erasure record version 1']);
    expect(ledgerItemProblems({ ...valid, decision: { S: 'AUTHORIZED' } })).toEqual([
      'decision: not an attribute of erasure record version 1',
    ]);
    expect(ledgerItemProblems({ ...valid, runs: { S: '1' } })).toEqual(['runs: must be of type N (received S)']);
    expect(ledgerItemProblems({ ...valid, schemaVersion: { N: '2' } })).toEqual([
      'schemaVersion: not a known erasure record version (1); received {"N":"2"}',
    ]);
  });
});
