/**
 * The decision policy: a pure function of what was observed and the settings. No I/O, no clock,
 * no randomness, so it is table-tested exhaustively (`__tests__/verifier/policy.test.ts`).
 *
 * Only properties of the image (and of the subject's enrolled reference) decide. Faults (throttling, a
 * permission or key problem, a malformed request, anything unexpected) never reach the policy: they fail
 * the record, which is retried (see `faults.ts`).
 */
import { MIN_IMAGE_DIMENSION, type ImageDimensions, type ImageFormat } from './image';
import { LEDGER_REASONS } from './ledger-schema';
export type Decision = 'AUTHORIZED' | 'UNAUTHORIZED';

/** Machine-readable reasons for an UNAUTHORIZED decision, in a fixed order of evaluation (the record's vocabulary). */
export const REASONS = LEDGER_REASONS;
export type Reason = (typeof REASONS)[number];

/**
 * Reasons decided from the object key alone (`s3-event.ts`), before any byte is read: the key is not
 * `uploads/<subjectId>/<file>` with a valid subject id, or the file name has no `.jpg`/`.jpeg`/`.png`
 * suffix (any case). Such an upload is recorded UNAUTHORIZED and never sent to Rekognition.
 */
export type KeyReason = Extract<Reason, 'INVALID_KEY' | 'NOT_AN_IMAGE_SUFFIX'>;

/**
 * Rekognition's answers about the image itself (AWS: "The provided image format is not supported", "The input
 * image size exceeds the allowed limit"): decisions. Every other Rekognition error is a fault.
 */
export type ImageRejection = 'InvalidImageFormatException' | 'ImageTooLargeException';

export const REJECTION_REASON: Readonly<Record<ImageRejection, Reason>> = {
  InvalidImageFormatException: 'REKOGNITION_INVALID_IMAGE_FORMAT',
  ImageTooLargeException: 'REKOGNITION_IMAGE_TOO_LARGE',
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
  /** From the image's header; absent when not read or not found there (Rekognition then decides). */
  readonly dimensions?: ImageDimensions | undefined;
}

/** Whether the header states an image smaller than Rekognition accepts (80 pixels either way). */
export function tooSmall(dimensions: ImageDimensions | undefined): boolean {
  return (
    dimensions !== undefined && (dimensions.width < MIN_IMAGE_DIMENSION || dimensions.height < MIN_IMAGE_DIMENSION)
  );
}

/** A face's bounding box, as ratios of the image's width and height (Rekognition's coordinates). */
export interface Box {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/**
 * The non-biometric summary of one detected face that the policy needs. The box only ties the CompareFaces
 * match to this face; it is never logged or recorded.
 */
export interface FaceSummary {
  readonly confidence: number | undefined;
  readonly yaw: number | undefined;
  readonly pitch: number | undefined;
  readonly brightness: number | undefined;
  readonly sharpness: number | undefined;
  readonly box: Box | undefined;
}

export type DetectionOutcome =
  | { readonly kind: 'faces'; readonly faces: readonly FaceSummary[] }
  | { readonly kind: 'rejected'; readonly rejection: ImageRejection };

/**
 * The subject's enrolled reference: none, or found and checked (DetectFaces on the exact version compared).
 * `usable` only with exactly one face at or above the confidence threshold, within the pose and quality bounds.
 */
export type ReferenceOutcome =
  | { readonly kind: 'none' }
  | { readonly kind: 'usable' }
  | { readonly kind: 'unusable'; readonly why: ReferenceProblem };

export type ReferenceProblem = 'no-usable-face' | 'several-usable-faces' | 'face-out-of-bounds' | 'not-analysable';

/** CompareFaces' answer for the checked face: the similarity of the match whose box is that face, if any. */
export interface ComparisonOutcome {
  readonly kind: 'compared';
  readonly similarity: number | undefined;
}

export interface PolicyInput {
  /** Why the key itself is refused; absent or empty for a well-formed upload key. */
  readonly keyReasons?: readonly KeyReason[];
  readonly object: ObjectFacts;
  /** Absent or undefined when the object was refused before Rekognition was called. */
  readonly detection?: DetectionOutcome | undefined;
  /** Absent or undefined when the checked face failed already (no reference was needed). */
  readonly reference?: ReferenceOutcome | undefined;
  /** Absent or undefined when CompareFaces was not called. */
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

/** Whether the bytes may go to Rekognition: pre-checks passed, they are JPEG or PNG, and not too small. */
export function mayAnalyze(object: ObjectFacts, settings: Pick<PolicySettings, 'maxImageBytes'>): boolean {
  return (
    objectPrechecks(object, settings).length === 0 &&
    (object.format === 'jpeg' || object.format === 'png') &&
    !tooSmall(object.dimensions)
  );
}

/**
 * Faces at or above the confidence threshold: the ones that count. A spurious low-confidence detection (a
 * pattern in the background) neither refuses a genuine subject as "several faces" nor is ever checked.
 */
export function usableFaces(
  faces: readonly FaceSummary[],
  settings: Pick<PolicySettings, 'faceConfidenceThreshold'>,
): FaceSummary[] {
  return faces.filter((f) => f.confidence !== undefined && f.confidence >= settings.faceConfidenceThreshold);
}

/** Whether a face is within the pose bounds. Missing values fail closed. */
export function poseOk(face: FaceSummary, s: Pick<PolicySettings, 'maxAbsYawDegrees' | 'maxAbsPitchDegrees'>): boolean {
  return (
    face.yaw !== undefined &&
    face.pitch !== undefined &&
    Math.abs(face.yaw) <= s.maxAbsYawDegrees &&
    Math.abs(face.pitch) <= s.maxAbsPitchDegrees
  );
}

/** Whether a face is within the quality bounds. Missing values fail closed. */
export function qualityOk(face: FaceSummary, s: Pick<PolicySettings, 'minBrightness' | 'minSharpness'>): boolean {
  return (
    face.brightness !== undefined &&
    face.sharpness !== undefined &&
    face.brightness >= s.minBrightness &&
    face.sharpness >= s.minSharpness
  );
}

/**
 * The one face to verify, when there is exactly one usable face and it is within the pose and quality
 * bounds: only then are the reference and CompareFaces needed.
 */
export function checkedFace(
  detection: DetectionOutcome | undefined,
  settings: PolicySettings,
): FaceSummary | undefined {
  if (detection?.kind !== 'faces') return undefined;
  const [face, ...others] = usableFaces(detection.faces, settings);
  if (face === undefined || others.length > 0) return undefined;
  return poseOk(face, settings) && qualityOk(face, settings) ? face : undefined;
}

/**
 * Whether the reference's faces make it usable: exactly one face at or above the confidence threshold, within
 * the pose and quality bounds (a reference is held to the standard of an upload).
 */
export function referenceOutcome(faces: readonly FaceSummary[], settings: PolicySettings): ReferenceOutcome {
  const usable = usableFaces(faces, settings);
  const [face] = usable;
  if (face === undefined) return { kind: 'unusable', why: 'no-usable-face' };
  if (usable.length > 1) return { kind: 'unusable', why: 'several-usable-faces' };
  if (!poseOk(face, settings) || !qualityOk(face, settings)) return { kind: 'unusable', why: 'face-out-of-bounds' };
  return { kind: 'usable' };
}

/** Intersection over union of two boxes (0 when they do not overlap). */
export function intersectionOverUnion(a: Box, b: Box): number {
  const width = Math.min(a.left + a.width, b.left + b.width) - Math.max(a.left, b.left);
  const height = Math.min(a.top + a.height, b.top + b.height) - Math.max(a.top, b.top);
  if (width <= 0 || height <= 0) return 0;
  const intersection = width * height;
  const union = a.width * a.height + b.width * b.height - intersection;
  return union <= 0 ? 0 : intersection / union;
}

/**
 * The smallest overlap (intersection over union) at which a CompareFaces match is taken to be the face that
 * DetectFaces found and the policy checked. Both operations report boxes of the same bytes in the same
 * normalised coordinates; AWS does not document that the numbers are identical, so they are matched by
 * overlap, not equality.
 */
export const MATCH_MIN_IOU = 0.5;

/**
 * The similarity of the CompareFaces match that is the checked face: the match whose box overlaps the
 * checked face's box most, at least `MATCH_MIN_IOU`. A match on another face of the image never counts.
 */
export function similarityOfCheckedFace(
  checked: Box | undefined,
  matches: readonly { readonly similarity: number | undefined; readonly box: Box | undefined }[],
): number | undefined {
  if (checked === undefined) return undefined;
  let best: { iou: number; similarity: number } | undefined;
  for (const m of matches) {
    if (m.box === undefined || m.similarity === undefined) continue;
    const iou = intersectionOverUnion(checked, m.box);
    if (iou >= MATCH_MIN_IOU && (best === undefined || iou > best.iou)) best = { iou, similarity: m.similarity };
  }
  return best?.similarity;
}

/**
 * The decision. AUTHORIZED only when every one of these holds:
 * - the object exists, is at most `maxImageBytes`, is encrypted with the vault key, is JPEG or PNG and is
 *   at least 80 pixels wide and high (when its header says);
 * - DetectFaces found exactly one face at or above `faceConfidenceThreshold` (lower-confidence detections
 *   do not count), with |yaw| and |pitch| within bounds and brightness and sharpness at least their minimums;
 * - the subject's reference has exactly one usable face and CompareFaces' similarity for the checked face is
 *   at least `similarityThreshold`, or no reference exists and `allowDetectionOnlyWithoutReference` is set.
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
  if (reasons.size === 0 && tooSmall(input.object.dimensions)) reasons.add('IMAGE_TOO_SMALL');
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
  const usable = usableFaces(detection.faces, settings);
  const [face, ...others] = usable;
  if (detection.faces.length === 0) reasons.add('NO_FACE');
  else if (face === undefined) reasons.add('LOW_CONFIDENCE');
  else if (others.length > 0) reasons.add('MULTIPLE_FACES');
  else {
    if (!poseOk(face, settings)) reasons.add('POSE_OUT_OF_BOUNDS');
    if (!qualityOk(face, settings)) reasons.add('LOW_QUALITY');
    if (reasons.size > 0) return result(reasons);
    const reference = input.reference ?? { kind: 'none' };
    if (reference.kind === 'none') {
      if (!settings.allowDetectionOnlyWithoutReference) reasons.add('NO_REFERENCE');
    } else if (reference.kind === 'unusable') {
      reasons.add('REFERENCE_UNUSABLE');
    } else {
      const similarity = input.comparison?.similarity;
      if (similarity === undefined || similarity < settings.similarityThreshold) reasons.add('NO_MATCH');
    }
  }
  return result(reasons);
}

function result(reasons: Set<Reason>): PolicyResult {
  const ordered = REASONS.filter((r) => reasons.has(r));
  return { decision: ordered.length === 0 ? 'AUTHORIZED' : 'UNAUTHORIZED', reasons: ordered };
}
