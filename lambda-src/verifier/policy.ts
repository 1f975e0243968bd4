/**
 * The decision policy: a pure function of what was observed and the settings. No I/O, no clock,
 * no randomness, so it is table-tested exhaustively (`__tests__/verifier/policy.test.ts`).
 */
import type { ImageFormat } from './image';
export type Decision = 'AUTHORIZED' | 'UNAUTHORIZED';

/** Machine-readable reasons for an UNAUTHORIZED decision, in a fixed order of evaluation. */
export const REASONS = [
  'INVALID_KEY',
  'NOT_AN_IMAGE_SUFFIX',
  'OBJECT_NOT_FOUND',
  'TOO_LARGE',
  'NOT_ENCRYPTED_WITH_VAULT_KEY',
  'NOT_AN_IMAGE',
  'REKOGNITION_INVALID_IMAGE_FORMAT',
  'REKOGNITION_IMAGE_TOO_LARGE',
  'REKOGNITION_INVALID_S3_OBJECT',
  'REKOGNITION_INVALID_PARAMETER',
  'NO_FACE',
  'MULTIPLE_FACES',
  'LOW_CONFIDENCE',
  'POSE_OUT_OF_BOUNDS',
  'LOW_QUALITY',
  'NO_REFERENCE',
  'REFERENCE_UNUSABLE',
  'NO_MATCH',
] as const;
export type Reason = (typeof REASONS)[number];

/**
 * Reasons decided from the object key alone (`s3-event.ts`), before any byte is read: the key is not
 * `uploads/<subjectId>/<file>` with a valid subject id, or the file name has no `.jpg`/`.jpeg`/`.png`
 * suffix (any case). Such an upload is recorded UNAUTHORIZED and never sent to Rekognition.
 */
export type KeyReason = Extract<Reason, 'INVALID_KEY' | 'NOT_AN_IMAGE_SUFFIX'>;

/** Rekognition's rejections of an image: decisions, never retries. */
export type RekognitionRejection =
  'InvalidImageFormatException' | 'ImageTooLargeException' | 'InvalidS3ObjectException' | 'InvalidParameterException';

export const REJECTION_REASON: Readonly<Record<RekognitionRejection, Reason>> = {
  InvalidImageFormatException: 'REKOGNITION_INVALID_IMAGE_FORMAT',
  ImageTooLargeException: 'REKOGNITION_IMAGE_TOO_LARGE',
  InvalidS3ObjectException: 'REKOGNITION_INVALID_S3_OBJECT',
  InvalidParameterException: 'REKOGNITION_INVALID_PARAMETER',
};

export interface PolicySettings {
  readonly faceConfidenceThreshold: number;
  readonly similarityThreshold: number;
  readonly allowDetectionOnlyWithoutReference: boolean;
  readonly maxAbsYawDegrees: number;
  readonly maxAbsPitchDegrees: number;
  readonly minBrightness: number;
  readonly minSharpness: number;
  readonly maxImageBytes: number;
}

/** What S3 said about the object, and what its bytes turned out to be. */
export interface ObjectFacts {
  readonly found: boolean;
  readonly sizeBytes: number;
  readonly encryptedWithVaultKey: boolean;
  /** `unread` when the checks before reading already refused the object. */
  readonly format: ImageFormat;
}

/** The non-biometric summary of one detected face that the policy needs (no landmarks, no box). */
export interface FaceSummary {
  readonly confidence: number | undefined;
  readonly yaw: number | undefined;
  readonly pitch: number | undefined;
  readonly brightness: number | undefined;
  readonly sharpness: number | undefined;
}

export type DetectionOutcome =
  | { readonly kind: 'faces'; readonly faces: readonly FaceSummary[] }
  | { readonly kind: 'rejected'; readonly rejection: RekognitionRejection };

export type ComparisonOutcome =
  | { readonly kind: 'no-reference' }
  | { readonly kind: 'not-compared' }
  /** `similarity` is the best match's similarity, `undefined` when CompareFaces matched no face. */
  | { readonly kind: 'compared'; readonly similarity: number | undefined }
  | { readonly kind: 'rejected'; readonly rejection: RekognitionRejection };

export interface PolicyInput {
  /** Why the key itself is refused; absent or empty for a well-formed upload key. */
  readonly keyReasons?: readonly KeyReason[];
  readonly object: ObjectFacts;
  /** Absent or undefined when the object was refused before Rekognition was called. */
  readonly detection?: DetectionOutcome | undefined;
  /**
   * Absent or undefined when CompareFaces was not considered (object refused, or detection did not find
   * exactly one face).
   */
  readonly comparison?: ComparisonOutcome | undefined;
}

export interface PolicyResult {
  readonly decision: Decision;
  readonly reasons: readonly Reason[];
}

/**
 * Checks made before any byte or Rekognition call: the object exists, fits Rekognition's S3 limit and
 * is encrypted under the vault key. A non-empty result means: do not read it, do not send it to Rekognition.
 */
export function objectPrechecks(
  object: Pick<ObjectFacts, 'found' | 'sizeBytes' | 'encryptedWithVaultKey'>,
  settings: Pick<PolicySettings, 'maxImageBytes'>,
): Reason[] {
  if (!object.found) return ['OBJECT_NOT_FOUND'];
  const reasons: Reason[] = [];
  if (object.sizeBytes > settings.maxImageBytes) reasons.push('TOO_LARGE');
  if (!object.encryptedWithVaultKey) reasons.push('NOT_ENCRYPTED_WITH_VAULT_KEY');
  return reasons;
}

/** Whether the bytes may go to Rekognition: pre-checks passed and they are JPEG or PNG. */
export function mayAnalyze(object: ObjectFacts, settings: Pick<PolicySettings, 'maxImageBytes'>): boolean {
  return objectPrechecks(object, settings).length === 0 && (object.format === 'jpeg' || object.format === 'png');
}

/** Whether a face summary is within the pose and quality bounds. Missing values fail closed. */
function poseOk(face: FaceSummary, s: PolicySettings): boolean {
  return (
    face.yaw !== undefined &&
    face.pitch !== undefined &&
    Math.abs(face.yaw) <= s.maxAbsYawDegrees &&
    Math.abs(face.pitch) <= s.maxAbsPitchDegrees
  );
}

function qualityOk(face: FaceSummary, s: PolicySettings): boolean {
  return (
    face.brightness !== undefined &&
    face.sharpness !== undefined &&
    face.brightness >= s.minBrightness &&
    face.sharpness >= s.minSharpness
  );
}

/**
 * The decision. AUTHORIZED only when every one of these holds:
 * - the object exists, is at most `maxImageBytes`, is encrypted with the vault key and is JPEG or PNG;
 * - DetectFaces found exactly one face, with confidence >= `faceConfidenceThreshold`, |yaw| and |pitch|
 *   within bounds and brightness and sharpness at least their minimums;
 * - a reference exists and CompareFaces' best similarity >= `similarityThreshold`, or no reference exists and
 *   `allowDetectionOnlyWithoutReference` is set.
 * Anything else is UNAUTHORIZED with every applicable reason, in `REASONS` order. Fails closed on
 * missing inputs (a missing confidence, pose or quality never passes).
 *
 * A refused key (`keyReasons`) is UNAUTHORIZED whatever else was observed: its reasons plus the object's
 * pre-check reasons (the bytes of such an object are never read, so no `NOT_AN_IMAGE`).
 */
export function decide(input: PolicyInput, settings: PolicySettings): PolicyResult {
  const keyReasons = input.keyReasons ?? [];
  const reasons = new Set<Reason>([...keyReasons, ...objectPrechecks(input.object, settings)]);
  if (keyReasons.length > 0) return result(reasons);
  if (reasons.size === 0 && input.object.format !== 'jpeg' && input.object.format !== 'png')
    reasons.add('NOT_AN_IMAGE');
  if (reasons.size > 0) return result(reasons);

  const detection = input.detection;
  if (detection === undefined) {
    // Bytes were fine but no analysis happened: never authorize without Rekognition's word.
    reasons.add('NO_FACE');
    return result(reasons);
  }
  if (detection.kind === 'rejected') {
    reasons.add(REJECTION_REASON[detection.rejection]);
    return result(reasons);
  }
  const [face, ...otherFaces] = detection.faces;
  if (face === undefined) reasons.add('NO_FACE');
  else if (otherFaces.length > 0) reasons.add('MULTIPLE_FACES');
  else {
    if (face.confidence === undefined || face.confidence < settings.faceConfidenceThreshold)
      reasons.add('LOW_CONFIDENCE');
    if (!poseOk(face, settings)) reasons.add('POSE_OUT_OF_BOUNDS');
    if (!qualityOk(face, settings)) reasons.add('LOW_QUALITY');
    const comparison = input.comparison ?? { kind: 'not-compared' };
    switch (comparison.kind) {
      case 'no-reference':
        if (!settings.allowDetectionOnlyWithoutReference) reasons.add('NO_REFERENCE');
        break;
      case 'not-compared':
        reasons.add('NO_MATCH');
        break;
      case 'rejected':
        reasons.add('REFERENCE_UNUSABLE');
        break;
      case 'compared':
        if (comparison.similarity === undefined || comparison.similarity < settings.similarityThreshold)
          reasons.add('NO_MATCH');
        break;
    }
  }
  return result(reasons);
}

function result(reasons: Set<Reason>): PolicyResult {
  const ordered = REASONS.filter((r) => reasons.has(r));
  return { decision: ordered.length === 0 ? 'AUTHORIZED' : 'UNAUTHORIZED', reasons: ordered };
}
