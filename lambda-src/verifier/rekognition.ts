import {
  CompareFacesCommand,
  DetectFacesCommand,
  type BoundingBox,
  type FaceDetail,
  type Image,
  type RekognitionClient,
} from '@aws-sdk/client-rekognition';
import { MAX_INLINE_IMAGE_BYTES } from './config';
import { DependencyError, VerifierError, describeAwsError } from './errors';
import type { S3ObjectRef } from './object-store';
import {
  similarityOfCheckedFace,
  type Box,
  type DetectionOutcome,
  type FaceSummary,
  type ImageRejection,
} from './policy';
import type { RekognitionOperation, TokenBucket } from './rate-limiter';

/**
 * An image for Rekognition: the bytes that were read and hashed (up to 5 MB), or, above that, the exact S3
 * object version whose bytes were hashed (`versionId` undefined only on an unversioned key, which the caller
 * re-checks by ETag after the call).
 */
export type ImageSource = { readonly bytes: Uint8Array } | { readonly object: S3ObjectRef };

/** How an image reached Rekognition, as recorded (`rekognitionInput`). */
export function inputKind(image: ImageSource): 'bytes' | 's3-object-version' | 's3-object' {
  if ('bytes' in image) return 'bytes';
  return image.object.versionId === undefined ? 's3-object' : 's3-object-version';
}

function toImage(image: ImageSource): Image {
  if ('bytes' in image) {
    // The SDK does not check Rekognition's 5 MB limit; a larger blob is the caller's bug, not a verdict.
    if (image.bytes.byteLength > MAX_INLINE_IMAGE_BYTES)
      throw new VerifierError(
        `image of ${image.bytes.byteLength} bytes is over the ${MAX_INLINE_IMAGE_BYTES} sent as bytes`,
      );
    return { Bytes: image.bytes };
  }
  const { bucket, key, versionId } = image.object;
  return { S3Object: { Bucket: bucket, Name: key, ...(versionId === undefined ? {} : { Version: versionId }) } };
}

/** The operations' rate limiters and the latest time (`performance.now()` clock) a call may start. */
export interface CallBudget {
  readonly limiter: Readonly<Record<RekognitionOperation, TokenBucket>>;
  readonly deadline: number;
}

function toBox(box: BoundingBox | undefined): Box | undefined {
  if (box?.Left === undefined || box.Top === undefined || box.Width === undefined || box.Height === undefined)
    return undefined;
  return { left: box.Left, top: box.Top, width: box.Width, height: box.Height };
}

/**
 * Keeps only what the policy needs from a face: confidence, yaw/pitch, brightness/sharpness and the box that
 * ties a CompareFaces match to it. Landmarks and every other attribute are dropped here; the box is never
 * logged or recorded.
 */
export function summarizeFace(face: FaceDetail): FaceSummary {
  return {
    confidence: face.Confidence,
    yaw: face.Pose?.Yaw,
    pitch: face.Pose?.Pitch,
    brightness: face.Quality?.Brightness,
    sharpness: face.Quality?.Sharpness,
    box: toBox(face.BoundingBox),
  };
}

export interface Analysis<T> {
  readonly outcome: T;
  /** Rekognition request id (absent when the call was rejected before reaching the service). */
  readonly requestId: string | undefined;
}

/**
 * Rekognition's errors that describe the image itself, and are therefore decisions. An allow-list: every
 * other error, including ones the SDK does not model, is a fault. `InvalidS3ObjectException` ("unable to
 * access the S3 object": permissions, KMS, a throttled read inside Rekognition) and `InvalidParameterException`
 * ("input parameter violated a constraint") say nothing about the image, and `AccessDeniedException`,
 * throttling, 5xx and timeouts are about the service or our configuration.
 * https://docs.aws.amazon.com/rekognition/latest/APIReference/API_DetectFaces.html
 */
const IMAGE_REJECTIONS: ReadonlySet<string> = new Set<ImageRejection>([
  'InvalidImageFormatException',
  'ImageTooLargeException',
]);

function isImageRejection(name: string): name is ImageRejection {
  return IMAGE_REJECTIONS.has(name);
}

function fault(operation: string, error: unknown): never {
  const { errorName, httpStatus } = describeAwsError(error);
  throw new DependencyError({ service: 'Rekognition', operation, errorName, httpStatus }, error);
}

/**
 * DetectFaces with the DEFAULT attributes (bounding box, confidence, pose, quality, landmarks). The image's
 * own rejections become outcomes; anything else fails the record (`DependencyError`), to be retried.
 */
export async function detectFaces(
  client: RekognitionClient,
  budget: CallBudget,
  image: ImageSource,
): Promise<Analysis<DetectionOutcome>> {
  const request = new DetectFacesCommand({ Image: toImage(image), Attributes: ['DEFAULT'] });
  await budget.limiter.DetectFaces.take(budget.deadline);
  try {
    const out = await client.send(request);
    return {
      outcome: { kind: 'faces', faces: (out.FaceDetails ?? []).map(summarizeFace) },
      requestId: out.$metadata.requestId,
    };
  } catch (error) {
    const { errorName } = describeAwsError(error);
    if (!isImageRejection(errorName)) return fault('DetectFaces', error);
    const requestId = (error as { $metadata?: { requestId?: string } }).$metadata?.requestId;
    return { outcome: { kind: 'rejected', rejection: errorName }, requestId };
  }
}

/**
 * CompareFaces: the enrolled reference is the source, the upload the target. Called only after DetectFaces
 * found exactly one usable face in each, on the same bytes, so every error here is a fault (an
 * `InvalidParameterException`, AWS's answer when either image has no face, cannot be about these images).
 * `SimilarityThreshold: 0` returns the actual similarity of every compared target face, which the policy
 * compares with its own threshold and the ledger records; `QualityFilter: AUTO` lets Rekognition leave out
 * faces too poor to compare. The similarity kept is the one of the match whose box is the checked face.
 * https://docs.aws.amazon.com/rekognition/latest/APIReference/API_CompareFaces.html
 */
export async function compareFaces(
  client: RekognitionClient,
  budget: CallBudget,
  reference: ImageSource,
  upload: ImageSource,
  checked: Box | undefined,
): Promise<Analysis<{ readonly similarity: number | undefined }>> {
  const request = new CompareFacesCommand({
    SourceImage: toImage(reference),
    TargetImage: toImage(upload),
    SimilarityThreshold: 0,
    QualityFilter: 'AUTO',
  });
  await budget.limiter.CompareFaces.take(budget.deadline);
  try {
    const out = await client.send(request);
    const matches = (out.FaceMatches ?? []).map((m) => ({ similarity: m.Similarity, box: toBox(m.Face?.BoundingBox) }));
    return { outcome: { similarity: similarityOfCheckedFace(checked, matches) }, requestId: out.$metadata.requestId };
  } catch (error) {
    return fault('CompareFaces', error);
  }
}
