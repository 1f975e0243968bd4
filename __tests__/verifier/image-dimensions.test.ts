import { Readable } from 'node:stream';
import { DIMENSIONS_HEADER_BYTES, imageDimensions, readStream } from '../../lambda-src/verifier/image';
import { decide, mayAnalyze, type PolicySettings } from '../../lambda-src/verifier/policy';
import { jpegWithSize, pngWithSize } from './support/image-headers';

const SETTINGS: PolicySettings = {
  faceConfidenceThreshold: 90,
  similarityThreshold: 95,
  allowDetectionOnlyWithoutReference: false,
  maxAbsYawDegrees: 45,
  maxAbsPitchDegrees: 30,
  minBrightness: 20,
  minSharpness: 20,
  maxImageBytes: 15 * 1024 * 1024,
};

describe("image dimensions from the header (Rekognition's 80-pixel minimum)", () => {
  it('reads a PNG IHDR chunk', () => {
    expect(imageDimensions('png', pngWithSize(640, 480))).toEqual({ width: 640, height: 480 });
    expect(imageDimensions('png', pngWithSize(79, 4000))).toEqual({ width: 79, height: 4000 });
  });

  it("reads a JPEG's first start-of-frame segment past the metadata segments, baseline or progressive", () => {
    expect(imageDimensions('jpeg', jpegWithSize(1024, 768))).toEqual({ width: 1024, height: 768 });
    expect(imageDimensions('jpeg', jpegWithSize(60, 60, { metadataBytes: 60_000 }))).toEqual({ width: 60, height: 60 });
    expect(imageDimensions('jpeg', jpegWithSize(300, 200, { sof: 0xc2 }))).toEqual({ width: 300, height: 200 });
  });

  it('gives no dimensions for a header it cannot find or trust (Rekognition decides then)', () => {
    const jpeg = jpegWithSize(50, 50);
    expect(imageDimensions('jpeg', jpeg.subarray(0, 30))).toBeUndefined(); // cut before the frame
    expect(imageDimensions('jpeg', jpegWithSize(50, 0))).toBeUndefined(); // height in a DNL segment
    expect(imageDimensions('jpeg', Uint8Array.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x08]))).toBeUndefined();
    expect(imageDimensions('jpeg', Uint8Array.from([0xff, 0xd8, 0x12, 0x34]))).toBeUndefined();
    const notIhdr = pngWithSize(10, 10);
    notIhdr.set(Buffer.from('tEXt'), 12);
    expect(imageDimensions('png', notIhdr)).toBeUndefined();
    expect(imageDimensions('unknown', pngWithSize(10, 10))).toBeUndefined();
  });

  it('finds the dimensions while streaming, across chunk boundaries, and not past the header window', async () => {
    const bytes = jpegWithSize(64, 64, { metadataBytes: 5000, size: 20_000 });
    const chunks = [1, 3, 7, 4096, 100_000].reduce<{ at: number; out: Uint8Array[] }>(
      (acc, n) => ({ at: acc.at + n, out: [...acc.out, bytes.subarray(acc.at, acc.at + n)] }),
      { at: 0, out: [] },
    ).out;
    expect((await readStream(Readable.from(chunks), 1e6)).dimensions).toEqual({ width: 64, height: 64 });
    // A frame header beyond the window is not looked for: five metadata segments of 65,533 bytes first.
    const far = Buffer.concat([
      Buffer.from([0xff, 0xd8]),
      ...Array.from({ length: 5 }, () => Buffer.concat([Buffer.from([0xff, 0xe1, 0xff, 0xff]), Buffer.alloc(65_533)])),
      Buffer.from(jpegWithSize(10, 10).subarray(2)),
    ]);
    expect(far.length).toBeGreaterThan(DIMENSIONS_HEADER_BYTES);
    expect((await readStream(Readable.from([far]), 1e7)).dimensions).toBeUndefined();
  });
});

describe('the decision for an image under 80 pixels', () => {
  const object = (width: number, height: number) =>
    ({
      found: true,
      sizeBytes: 5000,
      encryptedWithVaultKey: true,
      format: 'png',
      dimensions: { width, height },
    }) as const;

  it.each([
    [79, 800],
    [800, 79],
    [1, 1],
  ])('%i x %i is UNAUTHORIZED IMAGE_TOO_SMALL and never analysed', (width, height) => {
    expect(decide({ object: object(width, height) }, SETTINGS)).toEqual({
      decision: 'UNAUTHORIZED',
      reasons: ['IMAGE_TOO_SMALL'],
    });
    expect(mayAnalyze(object(width, height), SETTINGS)).toBe(false);
  });

  it('80 x 80, and an image whose size is unknown, go to Rekognition', () => {
    expect(mayAnalyze(object(80, 80), SETTINGS)).toBe(true);
    expect(mayAnalyze({ found: true, sizeBytes: 5000, encryptedWithVaultKey: true, format: 'jpeg' }, SETTINGS)).toBe(
      true,
    );
    expect(decide({ object: object(80, 80) }, SETTINGS).reasons).toEqual(['NO_FACE']);
  });
});
