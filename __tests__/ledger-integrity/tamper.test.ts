/**
 * The tamper suite: a ledger with four sealed intervals (one of them empty), exported and its digest bucket
 * copied, then tampered with in one way per test. `ledger:verify --export` must find each tampering, name
 * the record or digest, and exit 1; the untouched ledger is intact (exit 0). Inputs it cannot check exit 2.
 *
 * Prepare: a `LedgerWorld` (the table, its stream, the stream consumer and the digest job, in memory).
 * Act: tamper, write the export and the bucket copy, run the command line.
 * Assess: exit status and the problems printed.
 */
import { createHash, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { canonicalJson } from '../../lambda-src/ledger-integrity/canonical';
import { publicKeyPem } from '../../lambda-src/ledger-integrity/digest-job';
import { runLedgerVerify } from '../../tools/ledger-verify/cli';
import { present } from '../helpers/present';
import { LedgerWorld, LocalSigner, MINUTE, T0, ledgerItem } from './support/ledger-world';

const DIGESTS = [
  'digests/2025/03/01/dev-ledger-digest-20250301T001500Z.json.gz',
  'digests/2025/03/01/dev-ledger-digest-20250301T003000Z.json.gz',
  'digests/2025/03/01/dev-ledger-digest-20250301T004500Z.json.gz',
  'digests/2025/03/01/dev-ledger-digest-20250301T010000Z.json.gz',
] as const;

/** How digests and reports name a record that is no longer in the ledger: the SHA-256 of its canonical key. */
const keySha = (n: number): string =>
  createHash('sha256')
    .update(`{"pk":{"S":"${pk(n)}"}}`)
    .digest('hex');
const pk = (n: number): string =>
  `UPLOAD#biometric-vault-dev-vault-111111111111/uploads/subject-${n % 97}/img-${n}.jpg#v${n}`;

/** Four intervals: 10 records, 10 records, none, 5 records; sealed at 01:04 (settle 3 min). */
async function sealedWorld(): Promise<LedgerWorld> {
  const w = new LedgerWorld();
  w.at(T0 + 1 * MINUTE);
  for (let n = 1; n <= 10; n++) w.put(ledgerItem(n, w.now - 2000));
  await w.at(T0 + 1 * MINUTE + 5000).deliver(4);
  w.at(T0 + 16 * MINUTE);
  for (let n = 11; n <= 20; n++) w.put(ledgerItem(n, w.now - 2000));
  await w.at(T0 + 16 * MINUTE + 3000).deliver();
  w.at(T0 + 50 * MINUTE);
  for (let n = 21; n <= 25; n++) w.put(ledgerItem(n, w.now - 2000));
  await w.at(T0 + 50 * MINUTE + 1000).deliver();
  const run = await w.at(T0 + 64 * MINUTE).digest();
  expect(run.sealed.map((s) => s.key)).toEqual([...DIGESTS]);
  return w;
}

interface Outcome {
  readonly status: number;
  readonly out: string;
  readonly err: string;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Writes the export and the bucket copy of `w`, lets `tamper` change the files, runs the command. */
async function verify(
  w: LedgerWorld,
  tamper: (dir: string) => void = () => undefined,
  extra: string[] = [],
): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), 'tamper-'));
  dirs.push(dir);
  w.writeExport(dir);
  w.bucket.writeTo(dir, (k) => !k.startsWith('staging/'));
  const keyFile = join(dir, 'signing-key.pem');
  writeFileSync(keyFile, publicKeyPem(await w.signer.publicKey()));
  tamper(dir);
  let out = '';
  let err = '';
  const status = await runLedgerVerify(['--export', dir, '--public-key', keyFile, '--quiet', ...extra], {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
  });
  return { status, out, err };
}

const digestPath = (dir: string, i: number): string => join(dir, ...present(DIGESTS[i], `digest ${i}`).split('/'));
const readDigest = (dir: string, i: number): Record<string, unknown> =>
  JSON.parse(gunzipSync(readFileSync(digestPath(dir, i))).toString('utf8')) as Record<string, unknown>;

test('the untouched ledger is intact: exit 0, every record and digest counted', async () => {
  const w = await sealedWorld();
  const r = await verify(w);
  expect(r.err).toContain('trusting signing key(s)');
  expect(r.out).toContain('digests: 4 checked, 4 valid, covering 2025-03-01T00:00:00Z .. 2025-03-01T01:00:00Z');
  expect(r.out).toContain('records: 25 read, 25 intact');
  expect(r.out).toContain('INTACT');
  expect(r.status).toBe(0);
});

test('a changed decision (the table differs from its digest) is found and named', async () => {
  const w = await sealedWorld();
  present(w.table.get(pk(3)), 'record 3').decision = { S: 'UNAUTHORIZED' };
  const r = await verify(w);
  expect(r.status).toBe(1);
  expect(r.out).toContain(`TAMPERING record-changed: record pk=${pk(3)}: its content hash is`);
  expect(r.out).toContain('changed since it was digested');
  expect(r.out).toContain('NOT INTACT: 1 problem(s) show tampering');
});

test('a changed reason made through DynamoDB is in a later digest as a MODIFY naming the attribute', async () => {
  const w = await sealedWorld();
  w.at(T0 + 70 * MINUTE).update(pk(12), { reasons: { L: [{ S: 'NO_FACE' }] } });
  await w.at(T0 + 70 * MINUTE + 1000).deliver();
  await w.at(T0 + 79 * MINUTE).digest();
  expect(w.alerts).toEqual([expect.objectContaining({ event: 'MODIFY', changedAttributes: ['reasons'] })]);
  const r = await verify(w);
  expect(r.status).toBe(1);
  expect(r.out).toContain(
    `TAMPERING record-modified: record pk=${pk(12)}: changed in digests/2025/03/01/dev-ledger-digest-20250301T011500Z.json.gz (2025-03-01T01:10:00Z): reasons`,
  );
});

test('a deleted record: absent from the export, or deleted through DynamoDB (REMOVE in a later digest)', async () => {
  const w = await sealedWorld();
  w.table.delete(pk(5));
  let r = await verify(w);
  expect(r.status).toBe(1);
  expect(r.out).toContain(`TAMPERING record-missing: record with key SHA-256 ${keySha(5)}: digested in ${DIGESTS[0]}`);

  const v = await sealedWorld();
  v.at(T0 + 66 * MINUTE).remove(pk(7), 'dynamodb.amazonaws.com');
  await v.deliver();
  await v.at(T0 + 79 * MINUTE).digest();
  r = await verify(v);
  expect(r.status).toBe(1);
  expect(r.out).toContain(`TAMPERING record-deleted: record with key SHA-256 ${keySha(7)}: deleted in`);
  expect(r.out).toContain('by dynamodb.amazonaws.com: missing from the ledger');
});

test('an inserted record that never went through the stream is in no digest', async () => {
  const w = await sealedWorld();
  const forged = ledgerItem(99, T0 + 20 * MINUTE);
  w.table.set((forged.pk as { S: string }).S, forged);
  const r = await verify(w);
  expect(r.status).toBe(1);
  expect(r.out).toContain(
    `TAMPERING record-not-digested: record pk=${pk(99)}: recorded 2025-03-01T00:20:00.000Z, in no digest`,
  );
});

test('a record moved across intervals (deleted, then written again identically later) is found', async () => {
  const w = await sealedWorld();
  const original = structuredClone(present(w.table.get(pk(2)), 'record 2'));
  w.at(T0 + 66 * MINUTE).remove(pk(2));
  w.at(T0 + 67 * MINUTE).put(original);
  await w.at(T0 + 67 * MINUTE + 1000).deliver();
  await w.at(T0 + 79 * MINUTE).digest();
  const r = await verify(w);
  expect(r.status).toBe(1);
  expect(r.out).toContain(`TAMPERING record-reinserted: record pk=${pk(2)}: inserted 2 times`);
  expect(r.out).toContain(`TAMPERING record-deleted: record pk=${pk(2)}: deleted in`);
  expect(r.out).toContain('and present again');
});

test('a removed digest breaks the chain: a gap and a dangling reference', async () => {
  const w = await sealedWorld();
  const r = await verify(w, (dir) => {
    unlinkSync(digestPath(dir, 1));
    unlinkSync(`${digestPath(dir, 1)}.sig`);
  });
  expect(r.status).toBe(1);
  expect(r.out).toContain(
    `TAMPERING chain-gap: digest ${DIGESTS[2]}: no digest covers 2025-03-01T00:15:00Z..2025-03-01T00:30:00Z`,
  );
  expect(r.out).toContain(`names ${DIGESTS[1]} as its previous digest, not ${DIGESTS[0]}`);
  // The records of the removed interval are now in no digest.
  expect(r.out).toContain(`TAMPERING record-not-digested: record pk=${pk(11)}`);
});

test('reordered digests (two swapped) are at the wrong place and out of chain', async () => {
  const w = await sealedWorld();
  const r = await verify(w, (dir) => {
    const a = readFileSync(digestPath(dir, 0));
    const b = readFileSync(digestPath(dir, 1));
    writeFileSync(digestPath(dir, 0), b);
    writeFileSync(digestPath(dir, 1), a);
  });
  expect(r.status).toBe(1);
  expect(r.out).toContain(
    `TAMPERING digest-wrong-location: digest ${DIGESTS[0]}: says it is s3://biometric-vault-dev-ledger-digests-111111111111/${DIGESTS[1]}`,
  );
  expect(r.out).toContain('TAMPERING signature-mismatch');
  expect(r.out).toContain('TAMPERING chain-fork');
});

test('a forged signature does not verify', async () => {
  const w = await sealedWorld();
  const r = await verify(w, (dir) => {
    const path = `${digestPath(dir, 2)}.sig`;
    const sig = JSON.parse(readFileSync(path, 'utf8')) as { signature: string };
    sig.signature = sig.signature.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    writeFileSync(path, canonicalJson(sig));
  });
  expect(r.status).toBe(1);
  expect(r.out).toContain(`TAMPERING signature-invalid: digest ${DIGESTS[2]}: the signature does not verify with key`);
  // The next digest chained the genuine signature.
  expect(r.out).toContain(
    `TAMPERING chain-broken: digest ${DIGESTS[3]}: previousDigestSignature does not match the signature of ${DIGESTS[2]}`,
  );
});

test('a digest re-signed by another key (an entry dropped) is refused, even with that key copied into the bucket', async () => {
  const w = await sealedWorld();
  const forger = new LocalSigner('arn:aws:kms:eu-west-1:111111111111:key/99999999-9999-4999-8999-999999999999');
  const forgerPem = publicKeyPem(await forger.publicKey());
  const tamper = (dir: string): void => {
    const d = readDigest(dir, 3);
    const records = d.records as unknown[];
    d.records = records.slice(1);
    d.recordCount = records.length - 1;
    d.eventCounts = { INSERT: records.length - 1, MODIFY: 0, REMOVE: 0 };
    d.signingKeyArn = forger.keyArn;
    d.publicKeyFingerprint = 'f'.repeat(64);
    const bytes = Buffer.from(canonicalJson(d));
    writeFileSync(digestPath(dir, 3), gzipSync(bytes));
    const hash = createHash('sha256').update(bytes).digest('hex');
    const message = `${String(d.digestEndTime)}\n${String(d.digestS3Bucket)}/${String(d.digestS3Object)}\n${hash}\n${String(d.previousDigestSignature)}`;
    writeFileSync(
      `${digestPath(dir, 3)}.sig`,
      canonicalJson({
        format: 'biometric-vault/ledger-digest-signature/1',
        digestS3Object: d.digestS3Object,
        digestHashValue: hash,
        signature: sign('sha256', Buffer.from(message), forger.privateKey).toString('hex'),
        signatureAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256',
        signingKeyArn: forger.keyArn,
        publicKeyFingerprint: 'f'.repeat(64),
      }),
    );
    writeFileSync(join(dir, 'public-keys', 'forged.pem'), forgerPem);
  };
  const r = await verify(w, tamper);
  expect(r.status).toBe(1);
  expect(r.out).toContain(
    `TAMPERING wrong-key: digest ${DIGESTS[3]}: signed by key ${'f'.repeat(64)} (${forger.keyArn}), which is not the ledger's signing key`,
  );
  expect(r.out).toMatch(/TAMPERING merkle-root-mismatch: digest .*T010000Z/);
  expect(r.out).toContain(`TAMPERING record-not-digested: record pk=${pk(21)}`);
});

test('a gap in the chain: a digest chained to one two intervals back', async () => {
  const w = await sealedWorld();
  const r = await verify(w, (dir) => {
    // Removing the empty interval's digest: nothing else names its records, only the chain shows it.
    unlinkSync(digestPath(dir, 2));
    unlinkSync(`${digestPath(dir, 2)}.sig`);
  });
  expect(r.status).toBe(1);
  expect(r.out).toContain(
    `TAMPERING chain-gap: digest ${DIGESTS[3]}: no digest covers 2025-03-01T00:30:00Z..2025-03-01T00:45:00Z`,
  );
});
