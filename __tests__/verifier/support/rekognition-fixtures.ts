/**
 * Rekognition responses and errors in the shapes AWS documents for DetectFaces and CompareFaces
 * (Attributes DEFAULT: BoundingBox, Confidence, Landmarks, Pose, Quality; CompareFaces: SourceImageFace,
 * FaceMatches[{ Similarity, Face }], UnmatchedFaces). Values are typical of real responses.
 */
import {
  ImageTooLargeException,
  InternalServerError,
  InvalidImageFormatException,
  InvalidParameterException,
  InvalidS3ObjectException,
  ProvisionedThroughputExceededException,
  ThrottlingException,
  type CompareFacesCommandOutput,
  type ComparedFace,
  type DetectFacesCommandOutput,
  type FaceDetail,
  type Landmark,
} from '@aws-sdk/client-rekognition';

const landmarks: Landmark[] = [
  { Type: 'eyeLeft', X: 0.3976, Y: 0.3211 },
  { Type: 'eyeRight', X: 0.4949, Y: 0.3165 },
  { Type: 'mouthLeft', X: 0.4136, Y: 0.4621 },
  { Type: 'mouthRight', X: 0.4943, Y: 0.4584 },
  { Type: 'nose', X: 0.4545, Y: 0.3975 },
];

export function faceDetail(
  over: { confidence?: number; yaw?: number; pitch?: number; brightness?: number; sharpness?: number } = {},
): FaceDetail {
  return {
    BoundingBox: { Width: 0.2081, Height: 0.3859, Left: 0.3317, Top: 0.1536 },
    Landmarks: landmarks,
    Pose: { Roll: -1.7354, Yaw: over.yaw ?? 4.3125, Pitch: over.pitch ?? -2.6831 },
    Quality: { Brightness: over.brightness ?? 83.4279, Sharpness: over.sharpness ?? 67.2274 },
    Confidence: over.confidence ?? 99.9992,
  };
}

let counter = 0;
export function requestId(): string {
  counter += 1;
  return `8d7c7a3e-1f2b-4c5d-9e6f-${String(counter).padStart(12, '0')}`;
}

export function detectFacesOutput(faces: FaceDetail[]): DetectFacesCommandOutput {
  return {
    $metadata: { httpStatusCode: 200, requestId: requestId(), attempts: 1, totalRetryDelay: 0 },
    FaceDetails: faces,
  };
}

function comparedFace(face: FaceDetail): ComparedFace {
  return {
    BoundingBox: face.BoundingBox,
    Confidence: face.Confidence,
    Landmarks: face.Landmarks,
    Pose: face.Pose,
    Quality: face.Quality,
  };
}

/** A match at `similarity`, or (undefined) the upload's face listed as unmatched. */
export function compareFacesOutput(similarity: number | undefined): CompareFacesCommandOutput {
  const target = faceDetail();
  return {
    $metadata: { httpStatusCode: 200, requestId: requestId(), attempts: 1, totalRetryDelay: 0 },
    SourceImageFace: { BoundingBox: { Width: 0.1948, Height: 0.3912, Left: 0.3478, Top: 0.1497 }, Confidence: 99.9989 },
    FaceMatches: similarity === undefined ? [] : [{ Similarity: similarity, Face: comparedFace(target) }],
    UnmatchedFaces: similarity === undefined ? [comparedFace(target)] : [],
  };
}

const meta = (status: number) => ({
  $metadata: { httpStatusCode: status, requestId: requestId(), attempts: 3, totalRetryDelay: 0 },
});

/** Rekognition's rejections of an image (decisions) and its transient faults (retried, then failure). */
export const rekognitionErrors = {
  InvalidImageFormatException: () =>
    new InvalidImageFormatException({ message: 'Request has invalid image format', ...meta(400) }),
  ImageTooLargeException: () => new ImageTooLargeException({ message: 'Image size is too large', ...meta(400) }),
  InvalidS3ObjectException: () =>
    new InvalidS3ObjectException({
      message: 'Unable to get object metadata from S3. Check object key, region and/or access permissions.',
      ...meta(400),
    }),
  InvalidParameterException: () =>
    new InvalidParameterException({ message: 'There are no faces in the image. Should be at least 1.', ...meta(400) }),
  ThrottlingException: () => new ThrottlingException({ message: 'Rate exceeded', ...meta(500) }),
  ProvisionedThroughputExceededException: () =>
    new ProvisionedThroughputExceededException({ message: 'Provisioned rate exceeded', ...meta(400) }),
  InternalServerError: () => new InternalServerError({ message: 'Internal server error', ...meta(500) }),
} as const;
