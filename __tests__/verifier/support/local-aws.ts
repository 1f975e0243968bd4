/**
 * Real local AWS stand-ins on loopback, on ephemeral ports, for the verifier's tests and benchmarks:
 *
 * - `dynalite` (DynamoDB) with the ledger table created from the SAME `ledgerKeySchema` the ledger stack synthesizes;
 * - `s3rver` (S3) with the vault bucket, capturing the S3 notifications s3rver itself emits;
 * - a thin loopback proxy in front of s3rver that supplies the encryption evidence. s3rver keeps no SSE
 *   headers (and no versions), so the proxy does what S3 does: it remembers the `x-amz-server-side-encryption*`
 *   headers a PutObject carried (or applies the bucket default, SSE-S3 `AES256`, as S3 has since January 2023)
 *   and returns them on HeadObject and GetObject. Everything else is passed through unchanged.
 *
 * `stop()` closes every server; nothing is left listening.
 */
import { CreateTableCommand, DynamoDBClient, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ledgerKeySchema } from '../../../lambda-src/verifier/ledger-schema';

export const REGION = 'us-east-1';
export const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;
export const BUCKET = 'biometric-vault-test-vault';
export const TABLE = 'biometric-vault-test-ledger';
export const VAULT_KEY_ARN = 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
export const OTHER_KEY_ARN = 'arn:aws:kms:us-east-1:111111111111:key/99999999-0000-4000-8000-000000000000';

/** One S3 event notification record, as s3rver writes it. */
export interface S3rverRecord {
  eventName: string;
  eventTime: string;
  s3: { bucket: { name: string }; object: { key: string; size?: number; sequencer: string; versionId?: string } };
}

/** The S3 notification s3rver emits: exactly one record per event. */
export interface S3rverEvent {
  Records: [S3rverRecord];
}

/** An S3 notification as Lambda may deliver it: one record or several. */
export interface S3Notification {
  Records: S3rverRecord[];
}

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  on(event: 'event', listener: (event: S3rverEvent) => void): void;
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;
type DynaliteFactory = (options: Record<string, unknown>) => http.Server;

// Neither package ships types; their shapes are declared above, locally.
const S3rver = require('s3rver') as S3rverConstructor;
const dynalite = require('dynalite') as DynaliteFactory;

export interface LocalAws {
  readonly s3Endpoint: string;
  readonly dynamodbEndpoint: string;
  /** Every notification s3rver emitted, in order. */
  readonly events: S3rverEvent[];
  /** A test-side S3 client (uploads through the SSE proxy). */
  readonly s3: S3Client;
  readonly dynamodb: DynamoDBClient;
  upload(
    key: string,
    body: Uint8Array,
    sse?: { algorithm: 'aws:kms'; keyArn: string } | { algorithm: 'AES256' },
  ): Promise<void>;
  /** Every ledger item, unmarshalled only as far as the raw AttributeValues. */
  scanLedger(): Promise<Record<string, AttributeValue>[]>;
  stop(): Promise<void>;
}

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/** The proxy that gives s3rver's objects the SSE headers S3 would return. */
function sseProxy(targetPort: number, sseByKey: Map<string, Record<string, string>>): http.Server {
  return http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const objectPath = decodeURIComponent(url.pathname);
    if (req.method === 'PUT' && !url.searchParams.has('uploadId')) {
      const algorithm = req.headers['x-amz-server-side-encryption'];
      const keyId = req.headers['x-amz-server-side-encryption-aws-kms-key-id'];
      const stored: Record<string, string> = {
        'x-amz-server-side-encryption': typeof algorithm === 'string' ? algorithm : 'AES256',
      };
      if (typeof keyId === 'string') stored['x-amz-server-side-encryption-aws-kms-key-id'] = keyId;
      sseByKey.set(objectPath, stored);
    }
    const upstream = http.request(
      { host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        const headers = { ...up.headers };
        const sse = sseByKey.get(objectPath);
        if ((req.method === 'HEAD' || req.method === 'GET') && sse !== undefined && (up.statusCode ?? 500) < 300)
          Object.assign(headers, sse);
        res.writeHead(up.statusCode ?? 502, headers);
        up.pipe(res);
      },
    );
    upstream.on('error', (error) => {
      res.writeHead(502);
      res.end(String(error));
    });
    req.pipe(upstream);
  });
}

export async function startLocalAws(): Promise<LocalAws> {
  const directory = mkdtempSync(join(tmpdir(), 'verifier-s3rver-'));
  const s3rver = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory,
    resetOnClose: true,
    // The proxy forwards the client's signature unchanged; s3rver recomputes it with its own view of the request.
    allowMismatchedSignatures: true,
    configureBuckets: [{ name: BUCKET }],
  });
  const events: S3rverEvent[] = [];
  s3rver.on('event', (event) => events.push(event));
  const s3rverAddress = await s3rver.run();

  const sseByKey = new Map<string, Record<string, string>>();
  const proxy = sseProxy(s3rverAddress.port, sseByKey);
  const proxyPort = await listen(proxy);

  const ledger = await startLedger();

  const s3Endpoint = `http://127.0.0.1:${proxyPort}`;
  const dynamodbEndpoint = ledger.endpoint;
  const s3 = new S3Client({
    region: REGION,
    endpoint: s3Endpoint,
    forcePathStyle: true,
    credentials: CREDENTIALS,
    // s3rver predates flexible checksums (aws-chunked bodies with trailers): send plain bodies.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const dynamodb = ledger.dynamodb;

  return {
    s3Endpoint,
    dynamodbEndpoint,
    events,
    s3,
    dynamodb,
    async upload(key, body, sse) {
      await s3.send(
        new PutObjectCommand({
          Bucket: BUCKET,
          Key: key,
          Body: body,
          ContentType: key.toLowerCase().endsWith('.png') ? 'image/png' : 'image/jpeg',
          ...(sse === undefined
            ? {}
            : sse.algorithm === 'aws:kms'
              ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: sse.keyArn }
              : { ServerSideEncryption: 'AES256' }),
        }),
      );
    },
    scanLedger: () => scanTable(dynamodb, TABLE),
    async stop() {
      s3.destroy();
      await close(proxy);
      await s3rver.close();
      await ledger.stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** dynalite on loopback with the ledger table, created from the same `ledgerKeySchema` the ledger stack synthesizes. */
export interface LocalLedger {
  readonly endpoint: string;
  readonly dynamodb: DynamoDBClient;
  scan(): Promise<Record<string, AttributeValue>[]>;
  stop(): Promise<void>;
}

export async function startLedger(): Promise<LocalLedger> {
  const dynamo = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const endpoint = `http://127.0.0.1:${await listen(dynamo)}`;
  const dynamodb = new DynamoDBClient({ region: REGION, endpoint, credentials: CREDENTIALS });
  const schema = ledgerKeySchema;
  await dynamodb.send(
    new CreateTableCommand({
      TableName: TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: schema.hashKey, KeyType: 'HASH' }],
      AttributeDefinitions: schema.attributes.map((a) => ({ AttributeName: a.name, AttributeType: a.type })),
      GlobalSecondaryIndexes: schema.globalSecondaryIndexes.map((g) => ({
        IndexName: g.name,
        KeySchema: [
          { AttributeName: g.hashKey, KeyType: 'HASH' },
          { AttributeName: g.rangeKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: g.projectionType },
      })),
    }),
  );
  return {
    endpoint,
    dynamodb,
    scan: () => scanTable(dynamodb, TABLE),
    async stop() {
      dynamodb.destroy();
      await close(dynamo);
    },
  };
}

/**
 * s3rver emits keys as stored; S3 URL-encodes them in notifications (form encoding: space as `+`).
 * This applies S3's encoding, so the handler decodes exactly what it would receive from S3.
 */
/** Every item of a table, page by page. */
export async function scanTable(dynamodb: DynamoDBClient, table: string): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await dynamodb.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items;
}

export function asDeliveredByS3(event: S3rverEvent): S3rverEvent {
  const [r] = event.Records;
  return {
    Records: [
      {
        ...r,
        s3: {
          ...r.s3,
          object: {
            ...r.s3.object,
            key: encodeURIComponent(r.s3.object.key).replace(/%20/g, '+').replace(/%2F/g, '/'),
          },
        },
      },
    ],
  };
}

/** A minimal valid JPEG header (SOI + APP0) followed by filler: enough for sniffing and hashing. */
export function jpegBytes(size = 2048, seed = 1): Uint8Array {
  const bytes = new Uint8Array(size);
  bytes.set([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);
  for (let i = 11; i < size; i++) bytes[i] = (i * 31 + seed) & 0xff;
  return bytes;
}

export function pngBytes(size = 1024): Uint8Array {
  const bytes = new Uint8Array(size);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return bytes;
}
