/**
 * An erasure keeps the ledger verifiable: the subject's decision records stay as they were, the erasure record
 * is appended, streamed and sealed into a signed digest like any record, and `ledger:verify` finds every
 * record intact. Rewriting an earlier record instead (pseudonymising its subject id in place) is caught.
 */
import { PutItemCommand, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publicKeyPem } from '../../lambda-src/ledger-integrity/digest-job';
import { runErase } from '../../tools/erasure/cli';
import { memoryJournal } from '../../tools/erasure/journal';
import { runLedgerVerify } from '../../tools/ledger-verify/cli';
import { LedgerWorld, MINUTE, T0, ledgerItem, type Item } from '../ledger-integrity/support/ledger-world';
import { createLedgerTable, startDynamo, type LocalDynamo } from '../ops/helpers/local-servers';
import { startS3StandIn, type S3StandIn } from '../verifier/support/s3-stand-in';

const ACCOUNT = '111111111111';
const BUCKET = `biometric-vault-dev-vault-${ACCOUNT}`;
const TABLE = 'biometric-vault-dev-ledger';
const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

let s3: S3StandIn;
let ddb: LocalDynamo;
let s3Client: S3Client;
let dir: string;
const sts = mockClient(STSClient);

beforeAll(async () => {
  s3 = await startS3StandIn({ bucket: BUCKET, region: 'eu-west-1' });
  ddb = await startDynamo();
  s3Client = new S3Client({
    region: 'eu-west-1',
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: CREDENTIALS,
  });
  await createLedgerTable(ddb.client, TABLE);
  sts
    .on(GetCallerIdentityCommand)
    .resolves({ Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/erasure/dpo` });
  dir = mkdtempSync(join(tmpdir(), 'erasure-ledger-'));
});

afterAll(async () => {
  s3Client.destroy();
  await s3.stop();
  await ddb.close();
  rmSync(dir, { recursive: true, force: true });
});

async function verify(exportDir: string, key: string): Promise<{ status: number; out: string }> {
  let out = '';
  const status = await runLedgerVerify(['--export', exportDir, '--public-key', key, '--quiet'], {
    stdout: (t) => (out += t),
    stderr: () => undefined,
  });
  return { status, out };
}

it('ledger:verify passes after an erasure, and fails when an earlier record is rewritten instead', async () => {
  // Prepare: decision records of subject-5 (uploads 5 and 102) and of others, in the ledger and its stream.
  const w = new LedgerWorld();
  w.at(T0 + 2 * MINUTE);
  // The verifier's records name the S3 version they decided on.
  const versionOf = new Map<number, string>();
  for (const n of [5, 102])
    versionOf.set(n, s3.put(`uploads/subject-5/img-${n}.jpg`, Buffer.from(`image-${n}`)).s3.object.versionId ?? '');
  s3.put('references/subject-5.jpg', Buffer.from('reference'));
  const decisions: Item[] = [1, 2, 5, 102, 7].map((n) => {
    const version = versionOf.get(n) ?? `v${n}`;
    const key = `uploads/subject-${n % 97}/img-${n}.jpg`;
    return ledgerItem(n, w.now, { pk: { S: `UPLOAD#${BUCKET}/${key}#${version}` }, versionId: { S: version } });
  });
  for (const item of decisions) {
    w.put(item);
    await ddb.client.send(new PutItemCommand({ TableName: TABLE, Item: item as Record<string, AttributeValue> }));
  }
  await w.deliver();
  const before = structuredClone([...w.table.values()]);

  // Act: erase subject-5; its record is appended to the ledger, and so reaches the stream and a digest.
  const code = await runErase(
    ['--env', 'dev', '--subject', 'subject-5', '--reason', 'consent withdrawn', '--apply', '--request-id', 'DSR-7'],
    {
      clients: (region) => ({
        s3: s3Client,
        dynamodb: ddb.client,
        sts: new STSClient({ region, credentials: CREDENTIALS }),
      }),
      journal: () => memoryJournal(),
      now: () => new Date(T0 + 20 * MINUTE),
    },
    { stdout: () => undefined, stderr: () => undefined, readFile: () => '', writeFile: () => undefined },
  );
  expect(code).toBe(0);
  const scanned = await ddb.client.send(new ScanCommand({ TableName: TABLE }));
  const erasure = (scanned.Items ?? []).find((i) => i.pk?.S === 'ERASURE#DSR-7');
  expect(erasure).toMatchObject({
    subjectId: { S: 'subject-5' },
    versionsDeleted: { N: '3' },
    hashedVersions: { N: '2' },
  });
  w.at(T0 + 20 * MINUTE).put(erasure as Item);
  await w.deliver();
  await w.at(T0 + 34 * MINUTE).digest();

  // Assess: the earlier records are unchanged, and the whole ledger verifies against the signed digests.
  expect([...w.table.values()].filter((i) => (i.pk as { S: string }).S.startsWith('UPLOAD#'))).toEqual(before);
  w.writeExport(dir);
  w.bucket.writeTo(dir, (k) => !k.startsWith('staging/'));
  const key = join(dir, 'key.pem');
  writeFileSync(key, publicKeyPem(await w.signer.publicKey()));
  const intact = await verify(dir, key);
  expect(intact.out).toContain('records: 6 read, 6 intact');
  expect(intact.status).toBe(0);

  // A pseudonymisation in place of an earlier record breaks the evidence: ledger:verify reports it.
  const earlier = w.table.get((decisions[2]?.pk as { S: string }).S) as Item;
  earlier.subjectId = { S: 'pseudonym-1' };
  w.writeExport(dir);
  const rewritten = await verify(dir, key);
  expect(rewritten.out).toContain('record-changed: 1');
  expect(rewritten.status).toBe(1);
});
