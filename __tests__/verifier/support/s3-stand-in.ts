/**
 * A small S3 stand-in on loopback, for the verifier's tests and load benchmark: one bucket, in memory, with
 * the behaviour AWS documents for what the verifier does, which s3rver does not have (versions, the 403 a
 * caller without list permission gets for a missing key, delete markers):
 *
 * - Versioning `Enabled` (every PUT a new version id), `Suspended` (every PUT replaces the `"null"` version)
 *   or `Disabled` (never versioned: no version id header, listings show `"null"`).
 *   https://docs.aws.amazon.com/AmazonS3/latest/userguide/AddingObjectstoVersionSuspendedBuckets.html
 * - HeadObject/GetObject (with `versionId` and `If-Match`), ListObjectVersions, ListObjectsV2, PutObject,
 *   DeleteObject (a delete marker when versioned), path-style.
 * - A missing key or version: 404 to a caller allowed to list the key (`listablePrefixes`), 403 otherwise; a
 *   version that is a delete marker: 405; a current delete marker: 404/403 with `x-amz-delete-marker: true`.
 *   HEAD errors have no body. https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html
 * - SSE: the `x-amz-server-side-encryption*` headers a PUT carried (SSE-S3 `AES256` by default) come back on
 *   HEAD and GET.
 * - An event notification per PUT in the documented shape (key URL-encoded with `+` for spaces, `eTag`
 *   without quotes, `versionId` when versioned — the string `"null"` while suspended, `sequencer`
 *   increasing). https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
 * - Fault injection by operation and key (`failNext`), and a log of every request.
 *
 * Signatures are not checked.
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Versioning = 'Enabled' | 'Suspended' | 'Disabled';
export type S3Operation =
  'HeadObject' | 'GetObject' | 'PutObject' | 'DeleteObject' | 'ListObjectVersions' | 'ListObjectsV2';

interface StoredVersion {
  readonly key: string;
  readonly versionId: string;
  readonly deleteMarker: boolean;
  readonly body: Buffer;
  readonly eTag: string;
  readonly contentType: string;
  readonly sse: Readonly<Record<string, string>>;
  readonly lastModified: Date;
}

/** An S3 event notification record, as S3 sends it. */
export interface S3EventRecord {
  eventVersion: string;
  eventSource: 'aws:s3';
  awsRegion: string;
  eventTime: string;
  eventName: string;
  s3: {
    s3SchemaVersion: string;
    configurationId: string;
    bucket: { name: string; arn: string };
    object: { key: string; size: number; eTag: string; versionId?: string; sequencer: string };
  };
}

export interface InjectedFault {
  readonly operation: S3Operation;
  /** Only requests for this key (exact). @default every key */
  readonly key?: string;
  readonly status: number;
  /** S3 error code (HEAD responses carry none). */
  readonly code: string;
  /** How many matching requests fail. @default 1 */
  readonly times?: number;
  /** Matching requests to answer normally before failing. @default 0 */
  readonly after?: number;
}

export interface LoggedRequest {
  readonly operation: S3Operation;
  readonly key: string;
  readonly versionId: string | undefined;
  readonly ifMatch: string | undefined;
  readonly status: number;
}

export interface S3StandInOptions {
  readonly bucket: string;
  readonly region?: string;
  readonly versioning?: Versioning;
  /** Key prefixes the caller may list: a missing key there answers 404, elsewhere 403. @default [] */
  readonly listablePrefixes?: readonly string[];
  /** Called with every notification, as S3 would deliver it to a queue. */
  readonly onEvent?: (record: S3EventRecord) => void;
}

export interface S3StandIn {
  readonly endpoint: string;
  readonly requests: LoggedRequest[];
  versioning: Versioning;
  /** Stores an object as a PUT would and returns its notification. */
  put(
    key: string,
    body: Uint8Array,
    options?: { contentType?: string; sse?: Readonly<Record<string, string>> },
  ): S3EventRecord;
  /** The bytes of a version (the current one without `versionId`), as Rekognition would read them. */
  bytesOf(key: string, versionId?: string): Buffer | undefined;
  /** Deletes as S3 does: a delete marker when versioned, the object otherwise (or exactly one version). */
  remove(key: string, versionId?: string): void;
  failNext(fault: InjectedFault): void;
  stop(): Promise<void>;
}

const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** S3 URL-encodes keys in notifications with form encoding (space as `+`). */
function eventKey(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');
}

export async function startS3StandIn(options: S3StandInOptions): Promise<S3StandIn> {
  const bucket = options.bucket;
  const region = options.region ?? 'us-east-1';
  const listable = options.listablePrefixes ?? [];
  /** Every version of every key, oldest first. */
  const versions = new Map<string, StoredVersion[]>();
  const faults: (InjectedFault & { remaining: number; skip: number })[] = [];
  const requests: LoggedRequest[] = [];
  let sequence = 0;

  const state = { versioning: options.versioning ?? 'Enabled' };

  function current(key: string): StoredVersion | undefined {
    return versions.get(key)?.at(-1);
  }
  function find(key: string, versionId: string | undefined): StoredVersion | undefined {
    if (versionId === undefined) return current(key);
    return versions.get(key)?.find((v) => v.versionId === versionId);
  }
  function newVersionId(): string {
    if (state.versioning === 'Enabled') return randomBytes(24).toString('base64url').slice(0, 32);
    return 'null';
  }
  function store(version: StoredVersion): void {
    const list = (versions.get(version.key) ?? []).filter((v) => v.versionId !== version.versionId);
    list.push(version);
    versions.set(version.key, list);
  }

  function put(
    key: string,
    body: Uint8Array,
    o: { contentType?: string; sse?: Readonly<Record<string, string>> } = {},
  ): S3EventRecord {
    const bytes = Buffer.from(body);
    const eTag = createHash('md5').update(bytes).digest('hex');
    const versionId = newVersionId();
    const now = new Date();
    store({
      key,
      versionId,
      deleteMarker: false,
      body: bytes,
      eTag,
      contentType: o.contentType ?? 'binary/octet-stream',
      sse: o.sse ?? { 'x-amz-server-side-encryption': 'AES256' },
      lastModified: now,
    });
    sequence += 1;
    const record: S3EventRecord = {
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: region,
      eventTime: now.toISOString(),
      eventName: 'ObjectCreated:Put',
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'verify-uploads',
        bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` },
        object: {
          key: eventKey(key),
          size: bytes.byteLength,
          eTag,
          ...(state.versioning === 'Disabled' ? {} : { versionId }),
          sequencer: sequence.toString(16).toUpperCase().padStart(18, '0'),
        },
      },
    };
    options.onEvent?.(record);
    return record;
  }

  function remove(key: string, versionId?: string): void {
    if (versionId !== undefined) {
      versions.set(
        key,
        (versions.get(key) ?? []).filter((v) => v.versionId !== versionId),
      );
      return;
    }
    if (state.versioning === 'Disabled') {
      versions.delete(key);
      return;
    }
    store({
      key,
      versionId: newVersionId(),
      deleteMarker: true,
      body: Buffer.alloc(0),
      eTag: '',
      contentType: '',
      sse: {},
      lastModified: new Date(),
    });
  }

  function injected(operation: S3Operation, key: string): InjectedFault | undefined {
    const fault = faults.find((f) => f.operation === operation && (f.key === undefined || f.key === key));
    if (fault === undefined) return undefined;
    if (fault.skip > 0) {
      fault.skip -= 1;
      return undefined;
    }
    fault.remaining -= 1;
    if (fault.remaining <= 0) faults.splice(faults.indexOf(fault), 1);
    return fault;
  }

  function listVersionsXml(query: URLSearchParams): string {
    const prefix = query.get('prefix') ?? '';
    const keyMarker = query.get('key-marker') ?? '';
    const versionIdMarker = query.get('version-id-marker') ?? '';
    const maxKeys = Number(query.get('max-keys') ?? '1000');
    const entries: StoredVersion[] = [];
    for (const key of [...versions.keys()].filter((k) => k.startsWith(prefix)).sort()) {
      // Newest first within a key, as S3 lists them.
      const list = [...(versions.get(key) ?? [])].reverse();
      for (const v of list) entries.push(v);
    }
    let start = 0;
    if (keyMarker !== '') {
      start = entries.findIndex((v) =>
        versionIdMarker === '' ? v.key > keyMarker : v.key === keyMarker && v.versionId === versionIdMarker,
      );
      if (versionIdMarker !== '' && start >= 0) start += 1;
      if (start < 0) start = entries.length;
    }
    const page = entries.slice(start, start + maxKeys);
    const truncated = start + maxKeys < entries.length;
    const last = page.at(-1);
    const body = page
      .map((v) => {
        const isLatest = current(v.key) === v;
        return v.deleteMarker
          ? `<DeleteMarker><Key>${xml(v.key)}</Key><VersionId>${v.versionId}</VersionId><IsLatest>${isLatest}</IsLatest><LastModified>${v.lastModified.toISOString()}</LastModified></DeleteMarker>`
          : `<Version><Key>${xml(v.key)}</Key><VersionId>${v.versionId}</VersionId><IsLatest>${isLatest}</IsLatest><LastModified>${v.lastModified.toISOString()}</LastModified><ETag>&quot;${v.eTag}&quot;</ETag><Size>${v.body.byteLength}</Size><StorageClass>STANDARD</StorageClass></Version>`;
      })
      .join('');
    const next =
      truncated && last !== undefined
        ? `<NextKeyMarker>${xml(last.key)}</NextKeyMarker><NextVersionIdMarker>${last.versionId}</NextVersionIdMarker>`
        : '';
    return `<?xml version="1.0" encoding="UTF-8"?><ListVersionsResult xmlns="${XMLNS}"><Name>${bucket}</Name><Prefix>${xml(prefix)}</Prefix><KeyMarker>${xml(keyMarker)}</KeyMarker><VersionIdMarker>${versionIdMarker}</VersionIdMarker><MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${body}${next}</ListVersionsResult>`;
  }

  function listObjectsXml(query: URLSearchParams): string {
    const prefix = query.get('prefix') ?? '';
    const maxKeys = Number(query.get('max-keys') ?? '1000');
    const live = [...versions.keys()]
      .filter((k) => k.startsWith(prefix))
      .sort()
      .map((k) => current(k))
      .filter((v): v is StoredVersion => v !== undefined && !v.deleteMarker);
    const page = live.slice(0, maxKeys);
    const contents = page
      .map(
        (v) =>
          `<Contents><Key>${xml(v.key)}</Key><LastModified>${v.lastModified.toISOString()}</LastModified><ETag>&quot;${v.eTag}&quot;</ETag><Size>${v.body.byteLength}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
      )
      .join('');
    return `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="${XMLNS}"><Name>${bucket}</Name><Prefix>${xml(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${live.length > maxKeys}</IsTruncated>${contents}</ListBucketResult>`;
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const [, bucketName = '', ...rest] = url.pathname.split('/');
      const key = decodeURIComponent(rest.join('/'));
      const query = url.searchParams;
      const method = req.method ?? 'GET';
      const versionParam = query.get('versionId') ?? undefined;
      const ifMatch = typeof req.headers['if-match'] === 'string' ? req.headers['if-match'] : undefined;
      const operation: S3Operation =
        key === ''
          ? query.has('versions')
            ? 'ListObjectVersions'
            : 'ListObjectsV2'
          : method === 'HEAD'
            ? 'HeadObject'
            : method === 'PUT'
              ? 'PutObject'
              : method === 'DELETE'
                ? 'DeleteObject'
                : 'GetObject';
      const requestId = randomBytes(8).toString('hex').toUpperCase();
      const base = { 'x-amz-request-id': requestId, 'x-amz-id-2': requestId };
      const log = (status: number): void => {
        requests.push({ operation, key, versionId: versionParam, ifMatch, status });
      };
      const error = (status: number, code: string, extra: Record<string, string> = {}): void => {
        log(status);
        if (method === 'HEAD') {
          res.writeHead(status, { ...base, ...extra }).end();
          return;
        }
        const body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message><RequestId>${requestId}</RequestId></Error>`;
        res.writeHead(status, { ...base, ...extra, 'content-type': 'application/xml' }).end(body);
      };
      if (bucketName !== bucket) {
        error(404, 'NoSuchBucket');
        return;
      }
      const fault = injected(operation, key);
      if (fault !== undefined) {
        error(fault.status, fault.code);
        return;
      }

      if (operation === 'ListObjectVersions' || operation === 'ListObjectsV2') {
        log(200);
        const body = operation === 'ListObjectVersions' ? listVersionsXml(query) : listObjectsXml(query);
        res.writeHead(200, { ...base, 'content-type': 'application/xml' }).end(body);
        return;
      }
      if (operation === 'PutObject') {
        if (req.headers['content-encoding'] === 'aws-chunked') {
          error(501, 'NotImplemented');
          return;
        }
        const sse: Record<string, string> = {
          'x-amz-server-side-encryption':
            typeof req.headers['x-amz-server-side-encryption'] === 'string'
              ? req.headers['x-amz-server-side-encryption']
              : 'AES256',
        };
        const keyId = req.headers['x-amz-server-side-encryption-aws-kms-key-id'];
        if (typeof keyId === 'string') sse['x-amz-server-side-encryption-aws-kms-key-id'] = keyId;
        const contentType = typeof req.headers['content-type'] === 'string' ? req.headers['content-type'] : undefined;
        const record = put(key, Buffer.concat(chunks), { ...(contentType ? { contentType } : {}), sse });
        log(200);
        res
          .writeHead(200, {
            ...base,
            etag: `"${record.s3.object.eTag}"`,
            ...(record.s3.object.versionId === undefined ? {} : { 'x-amz-version-id': record.s3.object.versionId }),
          })
          .end();
        return;
      }
      if (operation === 'DeleteObject') {
        remove(key, versionParam);
        log(204);
        res.writeHead(204, base).end();
        return;
      }
      // HeadObject / GetObject
      const missing = (): void => error(listable.some((p) => key.startsWith(p)) ? 404 : 403, missingCode());
      const missingCode = (): string =>
        listable.some((p) => key.startsWith(p))
          ? versionParam === undefined
            ? 'NoSuchKey'
            : 'NoSuchVersion'
          : 'AccessDenied';
      const found = find(key, versionParam);
      if (found === undefined) {
        missing();
        return;
      }
      if (found.deleteMarker) {
        if (versionParam !== undefined) {
          error(405, 'MethodNotAllowed', { 'x-amz-delete-marker': 'true' });
          return;
        }
        log(listable.some((p) => key.startsWith(p)) ? 404 : 403);
        const status = listable.some((p) => key.startsWith(p)) ? 404 : 403;
        res.writeHead(status, { ...base, 'x-amz-delete-marker': 'true' }).end();
        return;
      }
      if (ifMatch !== undefined && ifMatch.replace(/^"|"$/g, '') !== found.eTag) {
        error(412, 'PreconditionFailed');
        return;
      }
      const headers = {
        ...base,
        'content-length': String(found.body.byteLength),
        'content-type': found.contentType,
        etag: `"${found.eTag}"`,
        'last-modified': found.lastModified.toUTCString(),
        ...(state.versioning === 'Disabled' && found.versionId === 'null'
          ? {}
          : { 'x-amz-version-id': found.versionId }),
        ...found.sse,
      };
      log(200);
      res.writeHead(200, headers);
      res.end(method === 'HEAD' ? undefined : found.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    get versioning() {
      return state.versioning;
    },
    set versioning(value: Versioning) {
      state.versioning = value;
    },
    put,
    bytesOf: (key, versionId) => {
      const v = find(key, versionId);
      return v === undefined || v.deleteMarker ? undefined : v.body;
    },
    remove,
    failNext: (fault) => faults.push({ ...fault, remaining: fault.times ?? 1, skip: fault.after ?? 0 }),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
