import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { s3IntegrityStore } from '../../tools/verify-deployment/aws-adapters';
import {
  digestEndFromKey,
  digestSigningString,
  loadPublicKey,
  validateLogIntegrity,
  type DigestFile,
  type DigestValidationTarget,
  type FindingKind,
  type IntegrityStore,
  type PublicKeySource,
} from '../../tools/verify-deployment/digest-validator';
import { startS3, type LocalS3 } from './helpers/local-servers';
import { present } from '../helpers/present';

const ACCOUNT = '111111111111';
const REGION = 'eu-west-1';
const TRAIL = 'biometric-vault-dev-trail';
/** The chains the tests tamper with, one bucket each. */
type Case =
  | 'intact'
  | 'changed-log'
  | 'changed-digest'
  | 'removed-log'
  | 'removed-digest'
  | 'broken-link'
  | 'bad-signature'
  | 'unsigned-digest'
  | 'unsigned-log'
  | 'other-key';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicDer = publicKey.export({ format: 'der', type: 'pkcs1' });
const FINGERPRINT = createHash('md5').update(publicDer).digest('hex');
const publicKeys: PublicKeySource = () => Promise.resolve([{ fingerprint: FINGERPRINT, value: publicDer }]);

const NOW = new Date();
const HOUR = 3600_000;

function stamp(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function datePath(d: Date): string {
  return d.toISOString().slice(0, 10).replace(/-/g, '/');
}

interface Chain {
  readonly digests: { key: string; body: DigestFile; signature: string }[];
  readonly logs: string[];
}

/**
 * The string CloudTrail signs, written here from AWS's documentation, not taken from the validator
 * ("Custom implementations of CloudTrail log file integrity validation",
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-custom-validation.html):
 * the digest's end time in UTC extended format, the digest's S3 path (bucket/key), the hex SHA-256 of
 * the uncompressed digest file and the previous digest's hex signature, each on its own line. A
 * starting digest has no previous signature; AWS's sample code passes the JSON null, as "null".
 */
function documentedSigningString(digest: DigestFile, uncompressed: Buffer): string {
  return [
    digest.digestEndTime,
    `${digest.digestS3Bucket}/${digest.digestS3Object}`,
    createHash('sha256').update(uncompressed).digest('hex'),
    digest.previousDigestSignature ?? 'null',
  ].join('\n');
}

/** Signs a digest as CloudTrail does: SHA256withRSA over the documented string, hex-encoded. */
function signDigest(digest: DigestFile, key: KeyObject = privateKey): { gz: Buffer; signature: string } {
  const content = Buffer.from(JSON.stringify(digest));
  const signature = sign('sha256', Buffer.from(documentedSigningString(digest, content), 'utf8'), key).toString('hex');
  return { gz: gzipSync(content), signature };
}

async function put(
  s3: S3Client,
  bucket: string,
  key: string,
  body: Buffer,
  metadata?: Record<string, string>,
): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: body,
      ...(metadata !== undefined ? { Metadata: metadata } : {}),
    }),
  );
}

/** Writes one object: to s3rver, or to the in-memory store. */
type Writer = (bucket: string, key: string, body: Buffer, metadata?: Record<string, string>) => Promise<void>;

interface ChainOptions {
  /** The trail's key prefix, with its trailing slash ("" for none). */
  readonly prefix?: string;
  readonly region?: string;
  readonly trail?: string;
  /** The digests' end times (default: two hours ago, an hour ago, in ten minutes). */
  readonly ends?: readonly Date[];
  /** What the first digest names as its previous digest (default: none, it starts the chain). */
  readonly previous?: { key: string; sha: string; signature: string };
  /** The bucket the first digest names for its previous digest (default: the chain's bucket). */
  readonly previousBucket?: string;
  /** Backfill digests (`..._backfill.json.gz`), which CloudTrail writes outside the chain. */
  readonly backfill?: boolean;
}

/** Three hourly digests, two log files each, chained and signed as CloudTrail does. */
async function writeChain(write: Writer, bucket: string, options: ChainOptions = {}): Promise<Chain> {
  const { prefix = '', region = REGION, trail = TRAIL } = options;
  const digests: Chain['digests'] = [];
  const logs: string[] = [];
  let previous = options.previous;
  const ends = options.ends ?? [
    new Date(NOW.getTime() - 2 * HOUR),
    new Date(NOW.getTime() - HOUR),
    new Date(NOW.getTime() + 10 * 60_000),
  ];
  for (const [i, end] of ends.entries()) {
    const start = new Date(end.getTime() - HOUR);
    const logFiles: { s3Bucket: string; s3Object: string; hashValue: string; hashAlgorithm: string }[] = [];
    for (const n of [1, 2]) {
      const key = `${prefix}AWSLogs/${ACCOUNT}/CloudTrail/${region}/${datePath(end)}/${ACCOUNT}_CloudTrail_${region}_${stamp(end)}_log${i}${n}.json.gz`;
      const content = Buffer.from(
        JSON.stringify({ Records: [{ eventName: 'PutObject', eventID: `${i}-${n}`, eventTime: start.toISOString() }] }),
      );
      await write(bucket, key, gzipSync(content));
      logs.push(key);
      logFiles.push({
        s3Bucket: bucket,
        s3Object: key,
        hashValue: createHash('sha256').update(content).digest('hex'),
        hashAlgorithm: 'SHA-256',
      });
    }
    const key = `${prefix}AWSLogs/${ACCOUNT}/CloudTrail-Digest/${region}/${datePath(end)}/${ACCOUNT}_CloudTrail-Digest_${region}_${trail}_${region}_${stamp(end)}${options.backfill === true ? '_backfill' : ''}.json.gz`;
    const body: DigestFile = {
      awsAccountId: ACCOUNT,
      digestStartTime: start.toISOString().replace(/\.\d{3}/, ''),
      digestEndTime: end.toISOString().replace(/\.\d{3}/, ''),
      digestS3Bucket: bucket,
      digestS3Object: key,
      digestPublicKeyFingerprint: FINGERPRINT,
      digestSignatureAlgorithm: 'SHA256withRSA',
      previousDigestS3Bucket: previous === undefined ? null : i === 0 ? (options.previousBucket ?? bucket) : bucket,
      previousDigestS3Object: previous?.key ?? null,
      previousDigestHashValue: previous?.sha ?? null,
      previousDigestHashAlgorithm: previous === undefined ? null : 'SHA-256',
      previousDigestSignature: previous?.signature ?? null,
      logFiles,
    };
    const { gz, signature } = signDigest(body);
    await write(bucket, key, gz, { signature, 'signature-algorithm': 'SHA256withRSA' });
    digests.push({ key, body, signature });
    previous = { key, sha: createHash('sha256').update(JSON.stringify(body)).digest('hex'), signature };
  }
  return { digests, logs };
}

function target(bucket: string): DigestValidationTarget {
  return {
    bucket,
    accountId: ACCOUNT,
    regions: [REGION],
    trailName: TRAIL,
    start: new Date(NOW.getTime() - 24 * HOUR),
    end: new Date(NOW.getTime() + HOUR),
  };
}

let s3: LocalS3;
/** Each test writes into buckets of its own: no test reads objects another test rewrote. */
let round = 0;
beforeEach(() => {
  round += 1;
});
const bucketOf = (c: Case): string => `trail-${c}-${round}`;
/** Writes a case's chain into its own bucket: each test writes only what it validates. */
async function chainOf(c: Case): Promise<Chain> {
  await s3.client.send(new CreateBucketCommand({ Bucket: bucketOf(c) })).catch((error: unknown) => {
    if (!(error instanceof Error && error.name === 'BucketAlreadyOwnedByYou')) throw error;
  });
  return writeChain((bucket, key, body, metadata) => put(s3.client, bucket, key, body, metadata), bucketOf(c));
}

beforeAll(async () => {
  s3 = await startS3([]);
});

afterAll(async () => {
  await s3.close();
});

async function validate(c: Case) {
  return validateLogIntegrity(target(bucketOf(c)), s3IntegrityStore(s3.client), publicKeys);
}

function kinds(findings: readonly { kind: FindingKind }[]): FindingKind[] {
  return findings.map((f) => f.kind).filter((k) => k !== 'chain-start');
}

describe('CloudTrail digest chain validation', () => {
  it('passes an untouched chain: every digest signed and linked, every log file intact', async () => {
    // Prepare
    await chainOf('intact');
    // Act
    const report = await validate('intact');
    // Assess
    expect(report).toMatchObject({ ok: true, digestsChecked: 3, digestsValid: 3, logsChecked: 6, logsValid: 6 });
    expect(report.findings.map((f) => f.kind)).toEqual(['chain-start']);
  });

  it('detects one changed byte in a log file', async () => {
    // Prepare
    const chain = await chainOf('changed-log');
    const log = chain.digests[1]?.body.logFiles[0];
    const stored = await s3IntegrityStore(s3.client).get(bucketOf('changed-log'), log?.s3Object ?? '');
    const content = gunzipSync(stored?.body ?? new Uint8Array());
    const at = content.indexOf('PutObject');
    content.writeUInt8(content.readUInt8(at) ^ 0x20, at); // 'P' -> 'p': one byte
    await put(s3.client, bucketOf('changed-log'), log?.s3Object ?? '', gzipSync(content));
    // Act
    const report = await validate('changed-log');
    // Assess
    expect(report.ok).toBe(false);
    expect(kinds(report.findings)).toEqual(['log-changed']);
    expect(report.findings.find((f) => f.kind === 'log-changed')?.object).toBe(
      `s3://${bucketOf('changed-log')}/${log?.s3Object}`,
    );
  });

  it('detects one changed byte in a digest file (its signature no longer verifies)', async () => {
    // Prepare
    const d = (await chainOf('changed-digest')).digests[1];
    const tampered = { ...present(d?.body, 'the second digest'), newestEventTime: 'x' };
    await put(s3.client, bucketOf('changed-digest'), d?.key ?? '', gzipSync(Buffer.from(JSON.stringify(tampered))), {
      signature: d?.signature ?? '',
      'signature-algorithm': 'SHA256withRSA',
    });
    // Act
    const report = await validate('changed-digest');
    // Assess
    expect(report.ok).toBe(false);
    expect(kinds(report.findings)).toContain('digest-invalid-signature');
    expect(kinds(report.findings)).toContain('chain-broken');
  });

  it('detects a removed log file', async () => {
    // Prepare
    const removed = (await chainOf('removed-log')).logs[3] ?? '';
    await s3.client.send(new DeleteObjectCommand({ Bucket: bucketOf('removed-log'), Key: removed }));
    // Act
    const report = await validate('removed-log');
    // Assess
    expect(kinds(report.findings)).toEqual(['log-missing']);
    expect(report.findings[report.findings.length - 1]?.object).toContain(removed);
    expect(report.ok).toBe(false);
  });

  it('detects a removed digest file from the next digest’s reference', async () => {
    // Prepare
    const removed = (await chainOf('removed-digest')).digests[1]?.key ?? '';
    await s3.client.send(new DeleteObjectCommand({ Bucket: bucketOf('removed-digest'), Key: removed }));
    // Act
    const report = await validate('removed-digest');
    // Assess
    expect(report.ok).toBe(false);
    expect(report.findings.find((f) => f.kind === 'digest-missing')?.object).toBe(
      `s3://${bucketOf('removed-digest')}/${removed}`,
    );
    // The orphaned logs of the removed hour are now listed in no digest.
    expect(kinds(report.findings).filter((k) => k === 'log-unsigned')).toHaveLength(2);
  });

  it('detects a broken chain link even when the digest itself is validly signed', async () => {
    // Prepare: the newest digest names the right previous object, but a different hash of it.
    const d = (await chainOf('broken-link')).digests[2];
    const relinked: DigestFile = { ...present(d?.body, 'the second digest'), previousDigestHashValue: '0'.repeat(64) };
    const { gz, signature } = signDigest(relinked);
    await put(s3.client, bucketOf('broken-link'), d?.key ?? '', gz, {
      signature,
      'signature-algorithm': 'SHA256withRSA',
    });
    // Act
    const report = await validate('broken-link');
    // Assess
    expect(report.ok).toBe(false);
    expect(report.digestsValid).toBe(3);
    expect(kinds(report.findings)).toEqual(['chain-broken']);
  });

  it('detects a bad signature', async () => {
    // Prepare
    const d = (await chainOf('bad-signature')).digests[0];
    const badSignature = sign('sha256', Buffer.from('something else'), privateKey).toString('hex');
    await put(
      s3.client,
      bucketOf('bad-signature'),
      d?.key ?? '',
      signDigest(present(d?.body, 'the second digest')).gz,
      {
        signature: badSignature,
        'signature-algorithm': 'SHA256withRSA',
      },
    );
    // Act
    const report = await validate('bad-signature');
    // Assess
    expect(report.ok).toBe(false);
    expect(report.digestsValid).toBe(2);
    expect(kinds(report.findings)).toContain('digest-invalid-signature');
  });

  it('detects a digest signed by a key CloudTrail did not publish', async () => {
    // Prepare
    const d = (await chainOf('other-key')).digests[2];
    const { gz, signature } = signDigest(present(d?.body, 'the second digest'), other.privateKey);
    await put(s3.client, bucketOf('other-key'), d?.key ?? '', gz, {
      signature,
      'signature-algorithm': 'SHA256withRSA',
    });
    // Act
    const report = await validate('other-key');
    // Assess
    expect(kinds(report.findings)).toEqual(['digest-invalid-signature']);
  });

  it('reports an unsigned digest and a log file listed in no digest', async () => {
    // Prepare
    const d = (await chainOf('unsigned-digest')).digests[1];
    await put(
      s3.client,
      bucketOf('unsigned-digest'),
      d?.key ?? '',
      signDigest(present(d?.body, 'the second digest')).gz,
    );
    await chainOf('unsigned-log');
    const stray = `AWSLogs/${ACCOUNT}/CloudTrail/${REGION}/${datePath(NOW)}/${ACCOUNT}_CloudTrail_${REGION}_${stamp(NOW)}_stray.json.gz`;
    await put(s3.client, bucketOf('unsigned-log'), stray, gzipSync(Buffer.from('{"Records":[]}')));
    // Act
    const unsignedDigest = await validate('unsigned-digest');
    const unsignedLog = await validate('unsigned-log');
    // Assess
    expect(kinds(unsignedDigest.findings)).toEqual(['digest-unsigned']);
    expect(unsignedLog.findings.filter((f) => f.kind === 'log-unsigned').map((f) => f.object)).toEqual([
      `s3://${bucketOf('unsigned-log')}/${stray}`,
    ]);
  });

  it('reads the end time from a digest object name, backfill included', () => {
    expect(
      digestEndFromKey('x/111_CloudTrail-Digest_eu-west-1_t_eu-west-1_20250817T150131Z.json.gz')?.toISOString(),
    ).toBe('2025-08-17T15:01:31.000Z');
    expect(
      digestEndFromKey('x/111_CloudTrail-Digest_eu-west-1_t_eu-west-1_20250817T150131Z_backfill.json.gz'),
    ).toBeDefined();
    expect(digestEndFromKey('x/111_CloudTrail_eu-west-1_20250817T1500Z_abc.json.gz')).toBeUndefined();
  });

  it('builds the documented signing string: end time, S3 path, hex SHA-256, previous signature, one per line', async () => {
    // Prepare
    const digest = present((await chainOf('intact')).digests[1]?.body, 'the second digest');
    const sha = 'a'.repeat(64);
    // Act
    const text = digestSigningString(digest, sha);
    // Assess
    expect(text.split('\n')).toEqual([
      digest.digestEndTime,
      `${bucketOf('intact')}/${digest.digestS3Object}`,
      sha,
      present(digest.previousDigestSignature, 'the previous signature'),
    ]);
    expect(digestSigningString({ ...digest, previousDigestSignature: null }, sha).endsWith(`\n${sha}\nnull`)).toBe(
      true,
    );
    expect(
      digestSigningString(
        {
          ...digest,
          digestEndTime: '2015-08-17T15:01:31Z',
          digestS3Bucket: 'trail-bucket',
          digestS3Object: 'AWSLogs/1/CloudTrail-Digest/x.json.gz',
          previousDigestSignature: 'beef',
        },
        'abc',
      ),
    ).toBe('2015-08-17T15:01:31Z\ntrail-bucket/AWSLogs/1/CloudTrail-Digest/x.json.gz\nabc\nbeef');
  });

  it('reads CloudTrail public keys as DER (PKCS#1 or SPKI) or base64 text of either, and refuses anything else', () => {
    const pkcs1 = publicKey.export({ format: 'der', type: 'pkcs1' });
    const spki = publicKey.export({ format: 'der', type: 'spki' });
    for (const value of [pkcs1, spki, Buffer.from(pkcs1.toString('base64')), Buffer.from(spki.toString('base64'))]) {
      expect(loadPublicKey(value).export({ format: 'der', type: 'spki' })).toEqual(spki);
    }
    expect(() => loadPublicKey(Buffer.from('not a key!'))).toThrow(
      'public key is neither DER PKCS#1, DER SPKI nor base64 of either',
    );
  });

  describe('full reports, as verify:deployment prints them', () => {
    const url = (c: Case, key: string): string => `s3://${bucketOf(c)}/${key}`;
    const START = 'first digest of a chain (logging started or restarted here)';

    it('an untouched chain: counts, the covered range and the one chain-start note', async () => {
      // Prepare
      const chain = await chainOf('intact');
      const [first, , last] = chain.digests;
      // Act
      const report = await validate('intact');
      // Assess
      expect(report).toEqual({
        digestsChecked: 3,
        digestsValid: 3,
        logsChecked: 6,
        logsValid: 6,
        findings: [{ kind: 'chain-start', object: url('intact', first?.key ?? ''), detail: START }],
        ok: true,
        covered: {
          from: new Date(first?.body.digestStartTime ?? '').toISOString(),
          to: new Date(last?.body.digestEndTime ?? '').toISOString(),
        },
      });
    });

    it('a changed log file: both hashes and the digest that lists it', async () => {
      // Prepare
      const chain = await chainOf('changed-log');
      const digest = present(chain.digests[1], 'the second digest');
      const log = present(digest.body.logFiles[1], 'its second log file');
      const stored = await s3IntegrityStore(s3.client).get(bucketOf('changed-log'), log.s3Object);
      const content = gunzipSync(stored?.body ?? new Uint8Array());
      content.writeUInt8(content.readUInt8(2) ^ 0x01, 2);
      await put(s3.client, bucketOf('changed-log'), log.s3Object, gzipSync(content));
      const sha = createHash('sha256').update(content).digest('hex');
      // Act
      const report = await validate('changed-log');
      // Assess
      expect(report).toMatchObject({ digestsValid: 3, logsChecked: 6, ok: false });
      expect(report.findings.filter((f) => f.kind === 'log-changed')).toEqual([
        {
          kind: 'log-changed',
          object: url('changed-log', log.s3Object),
          detail: `SHA-256 ${sha} differs from ${log.hashValue} in ${digest.key}`,
        },
      ]);
    });

    it('a log file that is no longer gzip', async () => {
      // Prepare
      const chain = await chainOf('changed-log');
      const log = present(chain.digests[0]?.body.logFiles[0], 'a log file');
      await put(s3.client, bucketOf('changed-log'), log.s3Object, Buffer.from('plain text'));
      // Act
      const report = await validate('changed-log');
      // Assess
      expect(report.findings.filter((f) => f.kind === 'log-changed')).toEqual([
        { kind: 'log-changed', object: url('changed-log', log.s3Object), detail: 'not a gzip file any more' },
      ]);
      expect(report.logsValid).toBe(5);
    });

    it('a removed log file and a removed digest: what refers to them', async () => {
      // Prepare
      const logs = await chainOf('removed-log');
      const digest = present(logs.digests[2], 'the newest digest');
      const log = present(digest.body.logFiles[0], 'its first log file');
      await s3.client.send(new DeleteObjectCommand({ Bucket: bucketOf('removed-log'), Key: log.s3Object }));
      const digests = await chainOf('removed-digest');
      const removed = present(digests.digests[1], 'the second digest');
      const next = present(digests.digests[2], 'the newest digest');
      await s3.client.send(new DeleteObjectCommand({ Bucket: bucketOf('removed-digest'), Key: removed.key }));
      // Act
      const missingLog = await validate('removed-log');
      const missingDigest = await validate('removed-digest');
      // Assess
      expect(missingLog.findings.filter((f) => f.kind === 'log-missing')).toEqual([
        { kind: 'log-missing', object: url('removed-log', log.s3Object), detail: `listed in ${digest.key}, not found` },
      ]);
      expect(missingDigest).toMatchObject({ digestsChecked: 2, digestsValid: 2, logsChecked: 4, ok: false });
      expect(missingDigest.findings.filter((f) => f.kind === 'digest-missing')).toEqual([
        {
          kind: 'digest-missing',
          object: url('removed-digest', removed.key),
          detail: `referenced by ${next.key} as its previous digest, not found`,
        },
      ]);
      expect(
        missingDigest.findings.filter((f) => f.kind === 'log-unsigned').map((f) => f.detail.replace(/\S+Z,/, 'T,')),
      ).toEqual(['delivered T, listed in no digest', 'delivered T, listed in no digest']);
    });

    it('a bad signature and a broken link: which digest, and which field does not match', async () => {
      // Prepare
      const chain = await chainOf('bad-signature');
      const [first, second] = chain.digests;
      await put(
        s3.client,
        bucketOf('bad-signature'),
        first?.key ?? '',
        signDigest(present(first?.body, 'the first digest')).gz,
        { signature: 'ab'.repeat(256), 'signature-algorithm': 'SHA256withRSA' },
      );
      // Act
      const report = await validate('bad-signature');
      // Assess
      expect(report).toMatchObject({ digestsChecked: 3, digestsValid: 2, logsChecked: 4, logsValid: 4, ok: false });
      expect(report.findings).toEqual([
        {
          kind: 'digest-invalid-signature',
          object: url('bad-signature', first?.key ?? ''),
          detail: 'RSA signature does not verify: the digest or its metadata changed',
        },
        {
          kind: 'chain-broken',
          object: url('bad-signature', second?.key ?? ''),
          detail: `previousDigestSignature does not match the signature of ${first?.key ?? ''}`,
        },
      ]);
    });

    it('an unsigned digest, one in the wrong place, one with another algorithm, one unreadable', async () => {
      // Prepare
      const chain = await chainOf('unsigned-digest');
      const [first, second, third] = chain.digests;
      await put(s3.client, bucketOf('unsigned-digest'), first?.key ?? '', signDigest(present(first?.body, 'd')).gz);
      const moved = { ...present(second?.body, 'd'), digestS3Object: 'elsewhere.json.gz' };
      const signedMoved = signDigest(moved);
      await put(s3.client, bucketOf('unsigned-digest'), second?.key ?? '', signedMoved.gz, {
        signature: signedMoved.signature,
        'signature-algorithm': 'SHA256withRSA',
      });
      await put(
        s3.client,
        bucketOf('unsigned-digest'),
        third?.key ?? '',
        gzipSync(Buffer.from('{"awsAccountId": 1, "logFiles": []}')),
        {
          signature: 'ab',
          'signature-algorithm': 'SHA256withRSA',
        },
      );
      // Act
      const report = await validate('unsigned-digest');
      // Assess
      expect(report).toMatchObject({ digestsChecked: 3, digestsValid: 0, logsChecked: 0, ok: false });
      // The unreadable digest's log files are listed in no readable digest.
      expect(report.findings.slice(3).map((f) => f.kind)).toEqual(['log-unsigned', 'log-unsigned']);
      expect(report.findings.slice(0, 3)).toEqual([
        {
          kind: 'digest-unsigned',
          object: url('unsigned-digest', first?.key ?? ''),
          detail: 'no x-amz-meta-signature',
        },
        {
          kind: 'digest-wrong-location',
          object: url('unsigned-digest', second?.key ?? ''),
          detail: `says it is s3://${bucketOf('unsigned-digest')}/elsewhere.json.gz`,
        },
        {
          kind: 'digest-unreadable',
          object: url('unsigned-digest', third?.key ?? ''),
          detail: 'digest field awsAccountId must be a string (received 1)',
        },
      ]);
    });

    it('a digest signed with an algorithm other than SHA256withRSA, or by a key not published for the range', async () => {
      // Prepare
      const chain = await chainOf('other-key');
      const [first, second] = chain.digests;
      const signed = signDigest(present(first?.body, 'd'));
      await put(s3.client, bucketOf('other-key'), first?.key ?? '', signed.gz, {
        signature: signed.signature,
        'signature-algorithm': 'SHA1withRSA',
      });
      const unknownKey = { ...present(second?.body, 'd'), digestPublicKeyFingerprint: 'f'.repeat(32) };
      const signedUnknown = signDigest(unknownKey);
      await put(s3.client, bucketOf('other-key'), second?.key ?? '', signedUnknown.gz, {
        signature: signedUnknown.signature,
        'signature-algorithm': 'SHA256withRSA',
      });
      // Act
      const report = await validate('other-key');
      // Assess
      expect(report.findings.slice(0, 2)).toEqual([
        {
          kind: 'digest-invalid-signature',
          object: url('other-key', first?.key ?? ''),
          detail: 'unsupported signature algorithm SHA1withRSA',
        },
        {
          kind: 'digest-no-public-key',
          object: url('other-key', second?.key ?? ''),
          detail: `no public key with fingerprint ${'f'.repeat(32)} for the range`,
        },
      ]);
    });
  });
});

/** A bucket in memory: what the validator reads, listed newest first, with delivery times a test can set. */
function memoryStore(): IntegrityStore & {
  readonly write: Writer;
  readonly objects: Map<string, { body: Uint8Array; metadata: Record<string, string>; lastModified?: Date }>;
} {
  const objects = new Map<string, { body: Uint8Array; metadata: Record<string, string>; lastModified?: Date }>();
  return {
    objects,
    write: (bucket, key, body, metadata = {}) => {
      objects.set(`${bucket}/${key}`, { body, metadata, lastModified: new Date() });
      return Promise.resolve();
    },
    list: (bucket, prefix) =>
      Promise.resolve(
        [...objects]
          .filter(([name]) => name.startsWith(`${bucket}/${prefix}`))
          .map(([name, o]) => ({
            key: name.slice(bucket.length + 1),
            ...(o.lastModified !== undefined ? { lastModified: o.lastModified } : {}),
          }))
          .reverse(),
      ),
    get: (bucket, key) => {
      const o = objects.get(`${bucket}/${key}`);
      return Promise.resolve(o === undefined ? undefined : { body: o.body, metadata: o.metadata });
    },
  };
}

describe('digest selection and chain edges (in-memory bucket)', () => {
  const B = 'trail-bucket';
  const range = (over: Partial<DigestValidationTarget> = {}): DigestValidationTarget => ({ ...target(B), ...over });
  const START = 'first digest of a chain (logging started or restarted here)';

  it('finds the digests under the trail prefix, with or without its trailing slash, and nothing elsewhere', async () => {
    // Prepare
    const store = memoryStore();
    await writeChain(store.write, B, { prefix: 'audit/' });
    // Act
    const reports = await Promise.all(
      ['audit', 'audit/', 'audit//'].map((prefix) => validateLogIntegrity(range({ prefix }), store, publicKeys)),
    );
    const unprefixed = await validateLogIntegrity(range({ prefix: '' }), store, publicKeys);
    // Assess
    expect(reports.map((r) => [r.ok, r.digestsValid, r.logsValid])).toEqual([
      [true, 3, 6],
      [true, 3, 6],
      [true, 3, 6],
    ]);
    expect(unprefixed).toEqual({
      digestsChecked: 0,
      digestsValid: 0,
      logsChecked: 0,
      logsValid: 0,
      findings: [],
      ok: true,
    });
  });

  it("checks only the named trail's digests, in every region named and only those", async () => {
    // Prepare
    const store = memoryStore();
    await writeChain(store.write, B);
    await writeChain(store.write, B, { trail: 'other-trail' });
    await writeChain(store.write, B, { region: 'us-east-1' });
    // Act
    const one = await validateLogIntegrity(range(), store, publicKeys);
    const two = await validateLogIntegrity(range({ regions: ['us-east-1', REGION] }), store, publicKeys);
    const every = await validateLogIntegrity(
      { bucket: B, accountId: ACCOUNT, regions: [REGION], start: range().start, end: range().end },
      store,
      publicKeys,
    );
    // Assess
    expect([one.ok, one.digestsChecked, one.logsValid]).toEqual([true, 3, 6]);
    expect([two.ok, two.digestsChecked, two.logsValid]).toEqual([true, 6, 12]);
    expect(two.findings.map((f) => f.kind)).toEqual(['chain-start', 'chain-start']);
    // Without a trail name, both trails' digests of the region are read (and their chains interleave).
    expect([every.digestsChecked, every.digestsValid, every.logsValid]).toEqual([6, 6, 12]);
  });

  it('checks only the digests that end within the range, its bounds included', async () => {
    // Prepare
    const store = memoryStore();
    const { digests } = await writeChain(store.write, B);
    const middle = new Date(present(digests[1], 'the second digest').body.digestEndTime);
    // Act
    const report = await validateLogIntegrity(range({ start: middle, end: middle }), store, publicKeys);
    // Assess: its previous digest ends before the range, so it is neither missing nor a chain start.
    expect(report).toEqual({
      digestsChecked: 1,
      digestsValid: 1,
      logsChecked: 2,
      logsValid: 2,
      findings: [],
      ok: true,
      covered: { from: new Date(middle.getTime() - HOUR).toISOString(), to: middle.toISOString() },
    });
  });

  it('breaks the chain at a previous digest in another bucket, and ignores a previous name that is no digest', async () => {
    // Prepare
    const store = memoryStore();
    const previous = {
      key: `AWSLogs/${ACCOUNT}/CloudTrail-Digest/${REGION}/2026/01/01/${ACCOUNT}_CloudTrail-Digest_${REGION}_${TRAIL}_${REGION}_${stamp(NOW)}.json.gz`,
      sha: '0'.repeat(64),
      signature: 'ab',
    };
    const { digests } = await writeChain(store.write, B, { previous, previousBucket: 'elsewhere' });
    const other = memoryStore();
    await writeChain(other.write, B, { previous: { ...previous, key: 'not-a-digest.json' } });
    // Act
    const moved = await validateLogIntegrity(range(), store, publicKeys);
    const unnamed = await validateLogIntegrity(range(), other, publicKeys);
    // Assess
    expect(moved.findings).toEqual([
      {
        kind: 'chain-broken',
        object: `s3://${B}/${digests[0]?.key ?? ''}`,
        detail: 'previous digest is in another bucket: elsewhere',
      },
    ]);
    expect(moved.ok).toBe(false);
    expect(unnamed).toMatchObject({ findings: [], ok: true, digestsValid: 3 });
  });

  it('checks a backfill digest and its log files outside the chain', async () => {
    // Prepare
    const store = memoryStore();
    const { digests } = await writeChain(store.write, B);
    await writeChain(store.write, B, { ends: [new Date(NOW.getTime() - 90 * 60_000)], backfill: true });
    // Act
    const report = await validateLogIntegrity(range(), store, publicKeys);
    // Assess
    expect(report).toMatchObject({ digestsChecked: 4, digestsValid: 4, logsChecked: 8, logsValid: 8, ok: true });
    expect(report.findings).toEqual([
      { kind: 'chain-start', object: `s3://${B}/${digests[0]?.key ?? ''}`, detail: START },
    ]);
  });

  it('verifies hex signatures only, in either case, and reads the algorithm from the digest when the metadata has none', async () => {
    // Prepare
    const store = memoryStore();
    const { digests } = await writeChain(store.write, B);
    const [first, , last] = digests;
    const at = (d: typeof first) => present(store.objects.get(`${B}/${d?.key ?? ''}`), 'the stored digest');
    at(last).metadata = { signature: present(last, 'd').signature.toUpperCase() };
    const trailing = memoryStore();
    const chain = await writeChain(trailing.write, B);
    const stored = present(trailing.objects.get(`${B}/${chain.digests[0]?.key ?? ''}`), 'the stored digest');
    stored.metadata = {
      signature: `${present(chain.digests[0], 'd').signature}zz`,
      'signature-algorithm': 'SHA256withRSA',
    };
    // Act
    const upper = await validateLogIntegrity(range(), store, publicKeys);
    const notHex = await validateLogIntegrity(range(), trailing, publicKeys);
    // Assess
    expect(upper).toMatchObject({ digestsValid: 3, ok: true });
    expect(at(first).metadata['signature-algorithm']).toBe('SHA256withRSA');
    expect(notHex.findings[0]).toEqual({
      kind: 'digest-invalid-signature',
      object: `s3://${B}/${chain.digests[0]?.key ?? ''}`,
      detail: 'RSA signature does not verify: the digest or its metadata changed',
    });
  });

  it('asks for the keys of the range, and skips a key it cannot read', async () => {
    // Prepare
    const store = memoryStore();
    await writeChain(store.write, B);
    const asked: [Date, Date][] = [];
    const keys: PublicKeySource = (start, end) => {
      asked.push([start, end]);
      return Promise.resolve([
        { fingerprint: 'unreadable', value: Buffer.from('not a key!') },
        { fingerprint: FINGERPRINT, value: publicDer },
      ]);
    };
    // Act
    const report = await validateLogIntegrity(range(), store, keys);
    // Assess
    expect(report).toMatchObject({ digestsValid: 3, ok: true });
    expect(asked).toEqual([[range().start, range().end]]);
  });

  it('reports a log file delivered within the covered hours and listed in no digest, and none delivered outside them', async () => {
    // Prepare
    const store = memoryStore();
    const { digests } = await writeChain(store.write, B);
    const from = new Date(present(digests[0], 'd').body.digestStartTime);
    const to = new Date(present(digests[2], 'd').body.digestEndTime);
    const stray = (name: string, lastModified: Date | undefined) => {
      const key = `AWSLogs/${ACCOUNT}/CloudTrail/${REGION}/2026/01/01/${name}.json.gz`;
      store.objects.set(`${B}/${key}`, {
        body: gzipSync('{}'),
        metadata: {},
        ...(lastModified ? { lastModified } : {}),
      });
      return key;
    };
    const atStart = stray('at-start', from);
    const atEnd = stray('at-end', to);
    stray('before', new Date(from.getTime() - 1));
    stray('after', new Date(to.getTime() + 1));
    stray('undated', undefined);
    // Act
    const report = await validateLogIntegrity(range(), store, publicKeys);
    // Assess
    expect(report.findings.filter((f) => f.kind === 'log-unsigned')).toEqual([
      {
        kind: 'log-unsigned',
        object: `s3://${B}/${atEnd}`,
        detail: `delivered ${to.toISOString()}, listed in no digest`,
      },
      {
        kind: 'log-unsigned',
        object: `s3://${B}/${atStart}`,
        detail: `delivered ${from.toISOString()}, listed in no digest`,
      },
    ]);
  });

  it.each([
    ['a JSON list', () => '[]', 'digest is not a JSON object'],
    [
      'log files not a list',
      (d: DigestFile) => JSON.stringify({ ...d, logFiles: {} }),
      'digest field logFiles must be a list',
    ],
    [
      'a log file not an object',
      (d: DigestFile) => JSON.stringify({ ...d, logFiles: [1] }),
      'logFiles[0] must be an object',
    ],
    [
      'a log file hash not a string',
      (d: DigestFile) =>
        JSON.stringify({ ...d, logFiles: [{ s3Bucket: B, s3Object: 'o', hashValue: 1, hashAlgorithm: 'SHA-256' }] }),
      'logFiles[0].hashValue must be a string',
    ],
    [
      'a previous signature not a string',
      (d: DigestFile) => JSON.stringify({ ...d, previousDigestSignature: 5 }),
      'digest field previousDigestSignature must be a string or null (received 5)',
    ],
    [
      'a previous signature missing',
      (d: DigestFile) => JSON.stringify({ ...d, previousDigestSignature: undefined, logFiles: [] }),
      undefined,
    ],
  ] as const)('reads a digest with %s as unreadable, naming the field', async (_, text, detail) => {
    // Prepare
    const store = memoryStore();
    const { digests } = await writeChain(store.write, B);
    const last = present(digests[2], 'the newest digest');
    await store.write(B, last.key, gzipSync(text(last.body)), { signature: last.signature });
    // Act
    const report = await validateLogIntegrity(range(), store, publicKeys);
    // Assess
    const unreadable = report.findings.filter((f) => f.kind === 'digest-unreadable');
    if (detail === undefined) {
      // Absent is null: the digest reads (its changed content no longer verifies).
      expect(unreadable).toEqual([]);
      expect(report.findings.map((f) => f.kind)).toContain('digest-invalid-signature');
    } else expect(unreadable).toEqual([{ kind: 'digest-unreadable', object: `s3://${B}/${last.key}`, detail }]);
  });
});
