/** Image headers with stated dimensions, for tests: only the bytes the verifier reads (no pixel data). */

/** A PNG: signature, then an IHDR chunk stating `width` x `height`, padded with zeros to `size`. */
export function pngWithSize(width: number, height: number, size = 1024): Uint8Array {
  const bytes = Buffer.alloc(size);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes, 0);
  bytes.writeUInt32BE(13, 8);
  bytes.write('IHDR', 12, 'latin1');
  bytes.writeUInt32BE(width, 16);
  bytes.writeUInt32BE(height, 20);
  bytes.set([8, 6, 0, 0, 0], 24);
  return new Uint8Array(bytes);
}

/**
 * A JPEG: SOI, an APP0 (JFIF) segment, an APP1 segment of `metadataBytes` (EXIF-like), then a
 * start-of-frame segment (`sof`, default baseline 0xC0) stating `width` x `height`, padded to `size`.
 */
export function jpegWithSize(
  width: number,
  height: number,
  options: { metadataBytes?: number; sof?: number; size?: number } = {},
): Uint8Array {
  const metadata = options.metadataBytes ?? 100;
  const parts = [
    Buffer.from([0xff, 0xd8]),
    Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    Buffer.concat([
      Buffer.from([0xff, 0xe1, (metadata + 2) >> 8, (metadata + 2) & 0xff]),
      Buffer.alloc(metadata, 0xab),
    ]),
    Buffer.from([0xff, options.sof ?? 0xc0, 0x00, 0x11, 8, height >> 8, height & 0xff, width >> 8, width & 0xff, 3]),
    Buffer.alloc(9, 0x11),
  ];
  const head = Buffer.concat(parts);
  return new Uint8Array(Buffer.concat([head, Buffer.alloc(Math.max(0, (options.size ?? 0) - head.length), 0x22)]));
}
