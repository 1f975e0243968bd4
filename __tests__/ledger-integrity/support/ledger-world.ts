/**
 * An in-memory ledger world for the integrity tests and benchmarks: a table whose every change becomes a
 * DynamoDB Streams record (as Lambda delivers them: NEW_AND_OLD_IMAGES, server time in whole seconds,
 * increasing sequence numbers, unique event ids), the stream consumer staging them into a digest bucket held
 * in memory with S3's `LastModified` from a controllable clock, the digest job sealing intervals with a local
 * RSA key, and writers of a DynamoDB export and of a copy of the digest bucket on disk.
 */
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  consumeBatch,
  type ChangeAlert,
  type StreamRecord,
} from '../../../lambda-src/ledger-integrity/stream-consumer';
import {
  runDigestJob,
  type DigestRunResult,
  type DigestSigner,
  type DigestStore,
} from '../../../lambda-src/ledger-integrity/digest-job';

export type Item = Record<string, unknown>;

/** The digest bucket in memory; `clock` stamps `LastModified` (whole seconds, as S3 lists it). */
export class MemoryBucket implements DigestStore {
  public readonly objects = new Map<string, { body: Buffer; lastModified: number }>();

  public constructor(public clock: () => number) {}

  public list(prefix: string): Promise<{ key: string; lastModified: number }[]> {
    return Promise.resolve(
      [...this.objects.entries()]
        .filter(([k]) => k.startsWith(prefix))
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, o]) => ({ key, lastModified: o.lastModified })),
    );
  }

  public get(key: string): Promise<Buffer | undefined> {
    return Promise.resolve(this.objects.get(key)?.body);
  }

  public putIfAbsent(key: string, body: Buffer): Promise<'written' | 'exists'> {
    if (this.objects.has(key)) return Promise.resolve('exists');
    this.objects.set(key, { body: Buffer.from(body), lastModified: Math.floor(this.clock() / 1000) * 1000 });
    return Promise.resolve('written');
  }

  /** Writes every object under `root`, as `aws s3 sync s3://<bucket>/ <root>/` would. */
  public writeTo(root: string, filter: (key: string) => boolean = () => true): void {
    for (const [key, o] of this.objects) {
      if (!filter(key)) continue;
      const path = join(root, ...key.split('/'));
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, o.body);
    }
  }
}

/** A signing key held locally (the same algorithm KMS uses for the digests). */
export class LocalSigner implements DigestSigner {
  public readonly privateKey: KeyObject;
  private readonly der: Buffer;

  public constructor(public readonly keyArn: string) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = privateKey;
    this.der = publicKey.export({ format: 'der', type: 'spki' });
  }

  public publicKey(): Promise<Buffer> {
    return Promise.resolve(this.der);
  }

  public sign(message: Buffer): Promise<Buffer> {
    return Promise.resolve(sign('sha256', message, this.privateKey));
  }
}

export const T0 = Date.parse('2025-03-01T00:00:00Z');
export const MINUTE = 60_000;

/** A ledger record as the verifier writes it (version 1), numbers as DynamoDB returns them. */
export function ledgerItem(n: number, recordedAt: number, overrides: Item = {}): Item {
  const subject = `subject-${n % 97}`;
  return {
    pk: { S: `UPLOAD#biometric-vault-dev-vault-111111111111/uploads/${subject}/img-${n}.jpg#v${n}` },
    schemaVersion: { N: '1' },
    recordedAt: { S: new Date(recordedAt).toISOString() },
    eventTime: { S: new Date(recordedAt - 900).toISOString() },
    subjectId: { S: subject },
    bucket: { S: 'biometric-vault-dev-vault-111111111111' },
    objectKey: { S: `uploads/${subject}/img-${n}.jpg` },
    versionId: { S: `v${n}` },
    sequencer: { S: `0055AED6DCD9028${n.toString(16).padStart(8, '0')}` },
    sizeBytes: { N: String(20_000 + (n % 5000)) },
    contentType: { S: 'image/jpeg' },
    detectedFormat: { S: 'jpeg' },
    sseAlgorithm: { S: 'aws:kms' },
    imageSha256: { S: createHash('sha256').update(`image-${n}`).digest('hex') },
    faceCount: { N: '1' },
    faceConfidence: { N: '99.87' },
    similarity: { N: n % 10 === 0 ? '12.5' : '99.25' },
    decision: { S: n % 10 === 0 ? 'UNAUTHORIZED' : 'AUTHORIZED' },
    reasons: { L: n % 10 === 0 ? [{ S: 'NO_MATCH' }] : [] },
    faceConfidenceThreshold: { N: '90' },
    similarityThreshold: { N: '95' },
    detectionOnlyAllowed: { BOOL: false },
    functionVersion: { S: '7' },
    correlationId: { S: `corr-${n}` },
    ...overrides,
  };
}

export interface WorldOptions {
  readonly intervalSeconds?: number;
  readonly settleSeconds?: number;
  readonly environment?: string;
}

/**
 * The table, its stream and the pipeline. Time moves only through `at(ms)`. Changes are streamed when
 * `deliver()` runs the consumer (batches of up to `batchSize`), like Lambda polling the shard.
 */
export class LedgerWorld {
  public readonly table = new Map<string, Item>();
  public readonly pending: StreamRecord[] = [];
  public readonly alerts: ChangeAlert[] = [];
  public readonly bucket: MemoryBucket;
  public readonly signer: LocalSigner;
  public now = T0;
  private sequence = 1000;
  private event = 0;
  public readonly environment: string;
  public readonly intervalSeconds: number;
  public readonly settleSeconds: number;

  public constructor(options: WorldOptions = {}) {
    this.bucket = new MemoryBucket(() => this.now);
    this.signer = new LocalSigner('arn:aws:kms:eu-west-1:111111111111:key/11111111-2222-4333-8444-555555555555');
    this.environment = options.environment ?? 'dev';
    this.intervalSeconds = options.intervalSeconds ?? 900;
    this.settleSeconds = options.settleSeconds ?? 180;
  }

  public at(ms: number): this {
    this.now = ms;
    return this;
  }

  private stream(
    eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
    keys: Item,
    newImage?: Item,
    oldImage?: Item,
    principal?: string,
  ): void {
    this.sequence += 1;
    this.event += 1;
    this.pending.push({
      eventID: createHash('md5').update(`event-${this.event}`).digest('hex'),
      eventName,
      eventSourceARN:
        'arn:aws:dynamodb:eu-west-1:111111111111:table/biometric-vault-dev-ledger/stream/2025-01-01T00:00:00.000',
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(this.now / 1000),
        Keys: keys,
        ...(newImage !== undefined && { NewImage: structuredClone(newImage) }),
        ...(oldImage !== undefined && { OldImage: structuredClone(oldImage) }),
        SequenceNumber: String(this.sequence).padStart(21, '0'),
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
      ...(principal !== undefined && { userIdentity: { type: 'Service', principalId: principal } }),
    });
  }

  /** A PutItem. Overwriting an existing item streams a MODIFY (a no-op overwrite streams nothing). */
  public put(item: Item): this {
    const pk = (item.pk as { S: string }).S;
    const old = this.table.get(pk);
    this.table.set(pk, structuredClone(item));
    if (old === undefined) this.stream('INSERT', { pk: item.pk }, item);
    else if (JSON.stringify(old) !== JSON.stringify(item)) this.stream('MODIFY', { pk: item.pk }, item, old);
    return this;
  }

  public update(pk: string, changes: Item): this {
    const old = this.table.get(pk);
    if (old === undefined) throw new Error(`no item ${pk}`);
    return this.put({ ...old, ...changes });
  }

  public remove(pk: string, principal?: string): this {
    const old = this.table.get(pk);
    if (old === undefined) throw new Error(`no item ${pk}`);
    this.table.delete(pk);
    this.stream('REMOVE', { pk: old.pk }, undefined, old, principal);
    return this;
  }

  /** Runs the stream consumer over the pending stream records, `batchSize` at a time. */
  public async deliver(batchSize = 100): Promise<this> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, batchSize);
      await consumeBatch(
        { Records: batch },
        {
          environment: this.environment,
          keyAttributes: ['pk'],
          staging: this.bucket,
          alerts: { publish: (a) => Promise.resolve(void this.alerts.push(...a)) },
          counters: { count: () => undefined },
          now: () => this.now,
        },
      );
    }
    return this;
  }

  /** Runs the digest job at the current time. */
  public digest(scheduledTime?: string): Promise<DigestRunResult> {
    return runDigestJob(scheduledTime === undefined ? {} : { scheduledTime }, this.jobDeps());
  }

  public jobDeps(store: DigestStore = this.bucket): Parameters<typeof runDigestJob>[1] {
    return {
      environment: this.environment,
      ledgerTable: 'biometric-vault-dev-ledger',
      bucket: 'biometric-vault-dev-ledger-digests-111111111111',
      store,
      signer: this.signer,
      intervalSeconds: this.intervalSeconds,
      settleSeconds: this.settleSeconds,
      maxIntervalsPerRun: 2976,
      now: () => this.now,
    };
  }

  /** Writes a DynamoDB export of the table (DYNAMODB_JSON) under `dir`, in `files` data files. */
  public writeExport(dir: string, files = 2, exportTime = this.now): void {
    writeExport(dir, this.table.values(), this.table.size, files, exportTime);
  }
}

/** Writes a DYNAMODB_JSON export: manifest-summary.json, manifest-files.json, data/*.json.gz. */
export function writeExport(
  dir: string,
  items: Iterable<Item>,
  count: number,
  files: number,
  exportTime: number,
): void {
  mkdirSync(join(dir, 'data'), { recursive: true });
  const lines: string[][] = Array.from({ length: files }, () => []);
  let i = 0;
  for (const item of items) (lines[i++ % files] as string[]).push(JSON.stringify({ Item: item }));
  const written = lines.map((l, f) => {
    const name = `data/file-${f}.json.gz`;
    const body = gzipSync(l.length === 0 ? '' : `${l.join('\n')}\n`);
    writeFileSync(join(dir, name), body);
    return { name, itemCount: l.length, body };
  });
  writeExportManifests(dir, written, count, exportTime);
}

/**
 * Writes the manifests of a DYNAMODB_JSON export whose data files (`data/<name>.json.gz`, gzip-compressed
 * JSON lines) are written: manifest-files.json (item count and MD5 of each) and manifest-summary.json.
 */
export function writeExportManifests(
  dir: string,
  files: readonly { readonly name: string; readonly itemCount: number; readonly body: Buffer }[],
  count: number,
  exportTime: number,
): void {
  const manifest = files.map((file) =>
    JSON.stringify({
      itemCount: file.itemCount,
      md5Checksum: createHash('md5').update(file.body).digest('base64'),
      etag: createHash('md5').update(file.body).digest('hex'),
      dataFileS3Key: `exports/AWSDynamoDB/01234567890123-abcdefgh/${file.name}`,
    }),
  );
  writeFileSync(join(dir, 'manifest-files.json'), `${manifest.join('\n')}\n`);
  writeFileSync(
    join(dir, 'manifest-summary.json'),
    JSON.stringify({
      version: '2020-06-30',
      exportArn:
        'arn:aws:dynamodb:eu-west-1:111111111111:table/biometric-vault-dev-ledger/export/01234567890123-abcdefgh',
      startTime: new Date(exportTime - 60_000).toISOString(),
      endTime: new Date(exportTime + 300_000).toISOString(),
      tableArn: 'arn:aws:dynamodb:eu-west-1:111111111111:table/biometric-vault-dev-ledger',
      exportTime: new Date(exportTime).toISOString(),
      s3Bucket: 'exports',
      s3Prefix: 'exports',
      itemCount: count,
      outputFormat: 'DYNAMODB_JSON',
      exportType: 'FULL_EXPORT',
    }),
  );
}
