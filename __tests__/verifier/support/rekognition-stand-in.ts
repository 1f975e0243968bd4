/**
 * A Rekognition stand-in on loopback (JSON 1.1 protocol, `x-amz-target: RekognitionService.<Operation>`) for
 * the verifier's tests and load benchmark: DetectFaces and CompareFaces in AWS's documented shapes, with the
 * documented limits and errors, so the real SDK parses every answer and classifies every error.
 *
 * - Images come as `Bytes` (base64 in JSON; more than 5,242,880 bytes is refused, the API model's limit) or as
 *   `S3Object` read through `readObject` (a missing object or version is `InvalidS3ObjectException`). Bytes
 *   that are not JPEG or PNG are `InvalidImageFormatException`.
 * - What an image shows is scripted by its SHA-256 (`scene`): its faces, each of one person. Unscripted images
 *   show one frontal, sharp face of an unnamed person. CompareFaces compares the source's largest face with
 *   every target face: similarity `matchSimilarity` for the same person, `strangerSimilarity` otherwise
 *   (`SimilarityThreshold` filters `FaceMatches`, the rest are `UnmatchedFaces`); no face on either side is
 *   `InvalidParameterException`, as AWS documents.
 * - A TPS quota per operation, enforced by a token bucket (capacity one second of quota):
 *   `ProvisionedThroughputExceededException` ("The number of requests exceeded your throughput limit").
 * - Scripted faults (`failNext`) and a log of every call.
 * https://docs.aws.amazon.com/rekognition/latest/APIReference/API_DetectFaces.html
 * https://docs.aws.amazon.com/rekognition/latest/APIReference/API_CompareFaces.html
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type RekognitionOperation = 'DetectFaces' | 'CompareFaces';

export interface ScriptedFace {
  readonly person: string;
  readonly confidence?: number;
  readonly yaw?: number;
  readonly pitch?: number;
  readonly brightness?: number;
  readonly sharpness?: number;
  /** Ratios of the image, as Rekognition reports them. */
  readonly box?: { readonly Left: number; readonly Top: number; readonly Width: number; readonly Height: number };
}

export interface Scene {
  readonly faces: readonly ScriptedFace[];
}

export interface ScriptedError {
  readonly name: string;
  readonly status: number;
  readonly message?: string;
  /** @default 1 */
  readonly times?: number;
  /** Calls of the operation to answer normally before failing. @default 0 */
  readonly after?: number;
}

export interface RekognitionCall {
  readonly operation: RekognitionOperation;
  readonly at: number;
  /** `bytes:<length>` or `s3:<bucket>/<key>#<version or "">`, per image, in request order. */
  readonly images: readonly string[];
  readonly qualityFilter: string | undefined;
  readonly similarityThreshold: number | undefined;
  /** Error name returned, if any. */
  readonly error: string | undefined;
}

export interface RekognitionStandInOptions {
  /** Reads an S3Object image (the S3 stand-in's `bytesOf`). */
  readonly readObject?: (bucket: string, key: string, versionId: string | undefined) => Buffer | undefined;
  /** Transactions per second per operation; unlimited when absent. */
  readonly tpsQuota?: number;
  /** Service time per call, ms. @default 0 */
  readonly latencyMs?: number;
  readonly matchSimilarity?: number;
  readonly strangerSimilarity?: number;
}

export interface RekognitionStandIn {
  readonly endpoint: string;
  readonly calls: RekognitionCall[];
  /** Scripts what the image with these bytes shows. */
  scene(bytes: Uint8Array, scene: Scene): void;
  failNext(operation: RekognitionOperation, error: ScriptedError): void;
  stop(): Promise<void>;
}

const MAX_BYTES = 5_242_880;
const DEFAULT_BOX = { Width: 0.2081, Height: 0.3859, Left: 0.3317, Top: 0.1536 };

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function isImage(bytes: Buffer): boolean {
  const jpeg = bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const png = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return jpeg || png;
}

function faceDetail(face: ScriptedFace): Record<string, unknown> {
  return {
    BoundingBox: face.box ?? DEFAULT_BOX,
    Landmarks: [
      { Type: 'eyeLeft', X: 0.3976, Y: 0.3211 },
      { Type: 'eyeRight', X: 0.4949, Y: 0.3165 },
      { Type: 'nose', X: 0.4545, Y: 0.3975 },
    ],
    Pose: { Roll: -1.7354, Yaw: face.yaw ?? 4.3125, Pitch: face.pitch ?? -2.6831 },
    Quality: { Brightness: face.brightness ?? 83.4279, Sharpness: face.sharpness ?? 67.2274 },
    Confidence: face.confidence ?? 99.9992,
  };
}

class Rejection extends Error {
  public constructor(
    public readonly errorName: string,
    public readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A token bucket of capacity `rate` refilled at `rate` per second. */
class Quota {
  private tokens: number;
  private last = performance.now();
  public constructor(private readonly rate: number) {
    this.tokens = rate;
  }
  public take(): boolean {
    const now = performance.now();
    this.tokens = Math.min(this.rate, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export async function startRekognitionStandIn(options: RekognitionStandInOptions = {}): Promise<RekognitionStandIn> {
  const scenes = new Map<string, Scene>();
  const failures = new Map<RekognitionOperation, (ScriptedError & { remaining: number; skip: number })[]>();
  const calls: RekognitionCall[] = [];
  const quotas =
    options.tpsQuota === undefined
      ? undefined
      : { DetectFaces: new Quota(options.tpsQuota), CompareFaces: new Quota(options.tpsQuota) };
  let counter = 0;

  function image(value: unknown, described: string[]): Buffer {
    const img = (value ?? {}) as { Bytes?: string; S3Object?: { Bucket?: string; Name?: string; Version?: string } };
    if (typeof img.Bytes === 'string') {
      const bytes = Buffer.from(img.Bytes, 'base64');
      described.push(`bytes:${bytes.length}`);
      if (bytes.length > MAX_BYTES)
        throw new Rejection('InvalidParameterException', 400, 'Image.Bytes is larger than 5242880 bytes');
      if (!isImage(bytes)) throw new Rejection('InvalidImageFormatException', 400, 'Request has invalid image format');
      return bytes;
    }
    const o = img.S3Object ?? {};
    described.push(`s3:${o.Bucket ?? ''}/${o.Name ?? ''}#${o.Version ?? ''}`);
    const bytes =
      o.Bucket === undefined || o.Name === undefined ? undefined : options.readObject?.(o.Bucket, o.Name, o.Version);
    if (bytes === undefined)
      throw new Rejection(
        'InvalidS3ObjectException',
        400,
        'Unable to get object metadata from S3. Check object key, region and/or access permissions.',
      );
    if (!isImage(bytes)) throw new Rejection('InvalidImageFormatException', 400, 'Request has invalid image format');
    return bytes;
  }

  function facesOf(bytes: Buffer): readonly ScriptedFace[] {
    return (scenes.get(sha256(bytes)) ?? { faces: [{ person: 'unnamed' }] }).faces;
  }

  function answer(operation: RekognitionOperation, input: Record<string, unknown>, described: string[]): unknown {
    if (operation === 'DetectFaces') {
      const faces = facesOf(image(input.Image, described));
      return { FaceDetails: faces.map(faceDetail) };
    }
    const source = facesOf(image(input.SourceImage, described));
    const target = facesOf(image(input.TargetImage, described));
    const largest = [...source].sort(
      (a, b) =>
        (b.box ?? DEFAULT_BOX).Width * (b.box ?? DEFAULT_BOX).Height -
        (a.box ?? DEFAULT_BOX).Width * (a.box ?? DEFAULT_BOX).Height,
    )[0];
    if (largest === undefined || target.length === 0)
      throw new Rejection('InvalidParameterException', 400, 'There are no faces in the image. Should be at least 1.');
    const threshold = typeof input.SimilarityThreshold === 'number' ? input.SimilarityThreshold : 80;
    const compared = target.map((f) => ({
      Similarity:
        f.person === largest.person ? (options.matchSimilarity ?? 99.1324) : (options.strangerSimilarity ?? 12.3),
      Face: { BoundingBox: f.box ?? DEFAULT_BOX, Confidence: f.confidence ?? 99.9992 },
    }));
    return {
      SourceImageFace: { BoundingBox: largest.box ?? DEFAULT_BOX, Confidence: largest.confidence ?? 99.9989 },
      FaceMatches: compared.filter((c) => c.Similarity >= threshold).sort((a, b) => b.Similarity - a.Similarity),
      UnmatchedFaces: compared.filter((c) => c.Similarity < threshold).map((c) => c.Face),
    };
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      counter += 1;
      const target = String(req.headers['x-amz-target'] ?? '');
      const named = target.split('.').pop() ?? '';
      const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `standin-${counter}` };
      const described: string[] = [];
      let input: Record<string, unknown> = {};
      try {
        input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        // an unparsable body is answered below as a bad request
      }
      const send = (status: number, body: unknown, error?: string): void => {
        calls.push({
          operation,
          at: performance.now(),
          images: described,
          qualityFilter: typeof input.QualityFilter === 'string' ? input.QualityFilter : undefined,
          similarityThreshold: typeof input.SimilarityThreshold === 'number' ? input.SimilarityThreshold : undefined,
          error,
        });
        const respond = (): void => {
          res.writeHead(status, headers).end(JSON.stringify(body));
        };
        if ((options.latencyMs ?? 0) > 0) setTimeout(respond, options.latencyMs);
        else respond();
      };
      if (named !== 'DetectFaces' && named !== 'CompareFaces') {
        res.writeHead(400, headers).end(JSON.stringify({ __type: 'UnknownOperationException', message: target }));
        return;
      }
      const operation: RekognitionOperation = named;
      const scripted = failures.get(operation)?.[0];
      if (scripted !== undefined && scripted.skip > 0) scripted.skip -= 1;
      else if (scripted !== undefined) {
        scripted.remaining -= 1;
        if (scripted.remaining <= 0) failures.get(operation)?.shift();
        send(scripted.status, { __type: scripted.name, message: scripted.message ?? scripted.name }, scripted.name);
        return;
      }
      if (quotas !== undefined && !quotas[operation].take()) {
        send(
          400,
          {
            __type: 'ProvisionedThroughputExceededException',
            message: 'The number of requests exceeded your throughput limit.',
          },
          'ProvisionedThroughputExceededException',
        );
        return;
      }
      try {
        send(200, answer(operation, input, described));
      } catch (error) {
        if (!(error instanceof Rejection)) throw error;
        send(error.status, { __type: error.errorName, Message: error.message }, error.errorName);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    scene: (bytes, scene) => scenes.set(sha256(bytes), scene),
    failNext: (operation, error) =>
      failures.set(operation, [
        ...(failures.get(operation) ?? []),
        { ...error, remaining: error.times ?? 1, skip: error.after ?? 0 },
      ]),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
