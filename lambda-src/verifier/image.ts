import { createHash } from 'node:crypto';

/** Image format recognised from the first bytes; `unread` when the bytes were never read. */
export type ImageFormat = ReturnType<typeof sniffImageFormat> | 'unread';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Recognises JPEG (FF D8 FF) and PNG (the 8-byte signature) by their magic numbers. */
export function sniffImageFormat(head: Uint8Array): 'jpeg' | 'png' | 'unknown' {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head.length >= PNG_SIGNATURE.length && PNG_SIGNATURE.every((b, i) => head[i] === b)) return 'png';
  return 'unknown';
}

export interface StreamRead {
  readonly sha256Hex: string;
  readonly bytes: number;
  readonly format: ReturnType<typeof sniffImageFormat>;
  /** The bytes themselves, when there were at most `keepUpTo` of them; undefined otherwise. */
  readonly data: Uint8Array | undefined;
}

/** Thrown when a stream carries more than the allowed bytes (the object changed since it was measured). */
export class StreamTooLargeError extends Error {
  public constructor(public readonly limit: number) {
    super(`stream exceeds ${limit} bytes`);
    this.name = 'StreamTooLargeError';
  }
}

/**
 * Hashes a byte stream with SHA-256 chunk by chunk and sniffs its format from the first bytes. Keeps the
 * bytes while there are at most `keepUpTo` of them (so the very bytes hashed can be analysed); beyond that,
 * only the hash is kept, never the whole image. Stops, and throws, past `maxBytes`.
 */
export async function readStream(
  body: AsyncIterable<Uint8Array | string>,
  maxBytes: number,
  keepUpTo = 0,
): Promise<StreamRead> {
  const hash = createHash('sha256');
  const head = new Uint8Array(PNG_SIGNATURE.length);
  let headLength = 0;
  let bytes = 0;
  let kept: Uint8Array[] | undefined = [];
  for await (const piece of body) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
    bytes += chunk.byteLength;
    if (bytes > maxBytes) throw new StreamTooLargeError(maxBytes);
    if (headLength < head.length) {
      const take = Math.min(head.length - headLength, chunk.byteLength);
      head.set(chunk.subarray(0, take), headLength);
      headLength += take;
    }
    hash.update(chunk);
    if (kept !== undefined && bytes <= keepUpTo) kept.push(chunk);
    else kept = undefined;
  }
  return {
    sha256Hex: hash.digest('hex'),
    bytes,
    format: sniffImageFormat(head.subarray(0, headLength)),
    data: kept === undefined ? undefined : new Uint8Array(Buffer.concat(kept)),
  };
}
