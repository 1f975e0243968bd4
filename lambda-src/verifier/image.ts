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

/** Width and height in pixels, as the image's header states them. */
export interface ImageDimensions {
  readonly width: number;
  readonly height: number;
}

/**
 * Rekognition's smallest image: "The minimum image dimensions is 80 pixels for both height and width"
 * (https://docs.aws.amazon.com/rekognition/latest/dg/limits.html). A smaller image is a property of the
 * upload, decided before any call (`IMAGE_TOO_SMALL`), not an error to retry.
 */
export const MIN_IMAGE_DIMENSION = 80;

/** How much of the start of an image is kept to find its dimensions (JPEG metadata segments come first). */
export const DIMENSIONS_HEADER_BYTES = 256 * 1024;

/** JPEG start-of-frame markers (SOF0-3, 5-7, 9-11, 13-15): the frame header that holds the dimensions. */
const JPEG_SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

/**
 * The dimensions stated by a PNG's IHDR chunk (always the first chunk) or a JPEG's first start-of-frame
 * segment, read from the first bytes of the image. Undefined when the header is not within `head`, is
 * malformed, or states 0 (a JPEG whose height follows in a DNL segment): the image then goes to
 * Rekognition, which decides.
 */
export function imageDimensions(format: 'jpeg' | 'png' | 'unknown', head: Uint8Array): ImageDimensions | undefined {
  const u16 = (i: number): number => ((head[i] ?? 0) << 8) | (head[i + 1] ?? 0);
  const u32 = (i: number): number => u16(i) * 0x10000 + u16(i + 2);
  const known = (width: number, height: number): ImageDimensions | undefined =>
    width > 0 && height > 0 ? { width, height } : undefined;
  if (format === 'png') {
    // Signature (8), then the IHDR chunk: length (4), type "IHDR" (4), width (4), height (4).
    if (head.length < 24 || Buffer.from(head.subarray(12, 16)).toString('latin1') !== 'IHDR') return undefined;
    return known(u32(16), u32(20));
  }
  if (format !== 'jpeg') return undefined;
  let i = 2; // after SOI (FF D8)
  while (i < head.length) {
    if (head[i] !== 0xff) return undefined;
    while (i < head.length && head[i] === 0xff) i += 1; // fill bytes
    const marker = head[i];
    i += 1;
    if (marker === undefined) return undefined;
    if (marker === 0x01 || marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7)) continue; // no length
    if (marker === 0xd9 || marker === 0xda) return undefined; // end of image, or scan data, before any frame
    if (i + 2 > head.length) return undefined;
    const length = u16(i);
    // Segment: length (2, counts itself), precision (1), height (2), width (2), ...
    if (JPEG_SOF.has(marker)) return i + 7 <= head.length ? known(u16(i + 5), u16(i + 3)) : undefined;
    if (length < 2) return undefined;
    i += length;
  }
  return undefined;
}

export interface StreamRead {
  readonly sha256Hex: string;
  readonly bytes: number;
  readonly format: ReturnType<typeof sniffImageFormat>;
  /** From the header within the first `DIMENSIONS_HEADER_BYTES`; undefined when not found there. */
  readonly dimensions: ImageDimensions | undefined;
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
  const head = new Uint8Array(DIMENSIONS_HEADER_BYTES);
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
  const format = sniffImageFormat(head.subarray(0, Math.min(headLength, PNG_SIGNATURE.length)));
  return {
    sha256Hex: hash.digest('hex'),
    bytes,
    format,
    dimensions: imageDimensions(format, head.subarray(0, headLength)),
    data: kept === undefined ? undefined : new Uint8Array(Buffer.concat(kept)),
  };
}
