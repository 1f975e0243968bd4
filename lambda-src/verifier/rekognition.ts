import {
  CompareFacesCommand,
  DetectFacesCommand,
  type FaceDetail,
  type RekognitionClient,
} from '@aws-sdk/client-rekognition';
import { DependencyError, describeAwsError } from './errors';
import type { ComparisonOutcome, DetectionOutcome, FaceSummary, RekognitionRejection } from './policy';

/** An image in S3, pinned to a version when the bucket is versioned. */
export interface S3ImageRef {
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string | undefined;
}

const REJECTIONS: ReadonlySet<string> = new Set<RekognitionRejection>([
  'InvalidImageFormatException',
  'ImageTooLargeException',
  'InvalidS3ObjectException',
  'InvalidParameterException',
]);

function isRejection(name: string): name is RekognitionRejection {
  return REJECTIONS.has(name);
}

function s3Image(ref: S3ImageRef): { S3Object: { Bucket: string; Name: string; Version?: string } } {
  return {
    S3Object: { Bucket: ref.bucket, Name: ref.key, ...(ref.versionId === undefined ? {} : { Version: ref.versionId }) },
  };
}

/**
 * Keeps only what the policy needs from a face: confidence, yaw/pitch and brightness/sharpness.
 * Landmarks, bounding boxes and every other attribute are dropped here, so they never reach a log or record.
 */
export function summarizeFace(face: FaceDetail): FaceSummary {
  return {
    confidence: face.Confidence,
    yaw: face.Pose?.Yaw,
    pitch: face.Pose?.Pitch,
    brightness: face.Quality?.Brightness,
    sharpness: face.Quality?.Sharpness,
  };
}

export interface Analysis<T> {
  readonly outcome: T;
  /** Rekognition request id (absent when the call was rejected before reaching the service). */
  readonly requestId: string | undefined;
}

/**
 * Rekognition's image rejections (invalid format, too large, invalid S3 object, invalid parameter) become
 * outcomes; anything else (throttling after the SDK's retries, 5xx, access denied) is a `DependencyError`
 * that fails the invocation.
 */
function classify(
  operation: string,
  error: unknown,
): { rejection: RekognitionRejection; requestId: string | undefined } {
  const { errorName, httpStatus } = describeAwsError(error);
  if (isRejection(errorName)) {
    const requestId = (error as { $metadata?: { requestId?: string } }).$metadata?.requestId;
    return { rejection: errorName, requestId };
  }
  throw new DependencyError({ service: 'Rekognition', operation, errorName, httpStatus }, error);
}

/** DetectFaces on the S3 object (the bytes never pass through the function). */
export async function detectFaces(client: RekognitionClient, image: S3ImageRef): Promise<Analysis<DetectionOutcome>> {
  try {
    const out = await client.send(new DetectFacesCommand({ Image: s3Image(image), Attributes: ['DEFAULT'] }));
    return {
      outcome: { kind: 'faces', faces: (out.FaceDetails ?? []).map(summarizeFace) },
      requestId: out.$metadata.requestId,
    };
  } catch (error) {
    const { rejection, requestId } = classify('DetectFaces', error);
    return { outcome: { kind: 'rejected', rejection }, requestId };
  }
}

/**
 * CompareFaces: the enrolled reference is the source (its largest face is used), the upload is the target.
 * `SimilarityThreshold: 0` makes Rekognition return the actual similarity, which the policy compares with
 * its own threshold and the ledger records.
 */
export async function compareFaces(
  client: RekognitionClient,
  reference: S3ImageRef,
  upload: S3ImageRef,
): Promise<Analysis<ComparisonOutcome>> {
  try {
    const out = await client.send(
      new CompareFacesCommand({
        SourceImage: s3Image(reference),
        TargetImage: s3Image(upload),
        SimilarityThreshold: 0,
      }),
    );
    const similarities = (out.FaceMatches ?? [])
      .map((m) => m.Similarity)
      .filter((s): s is number => typeof s === 'number');
    const similarity = similarities.length === 0 ? undefined : Math.max(...similarities);
    return { outcome: { kind: 'compared', similarity }, requestId: out.$metadata.requestId };
  } catch (error) {
    const { rejection, requestId } = classify('CompareFaces', error);
    return { outcome: { kind: 'rejected', rejection }, requestId };
  }
}
