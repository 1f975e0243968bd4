import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { createClients, type VerifierClients } from './clients';
import { MAX_IMAGE_BYTES, MAX_INLINE_IMAGE_BYTES, loadSettings, type VerifierSettings } from './config';
import { EventError, RecordsFailedError, VerifierError, describeAwsError } from './errors';
import { LEDGER_SCHEMA_VERSION, ledgerPartitionKey } from './ledger-schema';
import { putRecord, type LedgerRecord, type PutOutcome } from './ledger';
import {
  ObjectTooLargeError,
  ensureUnchanged,
  findReference,
  headUpload,
  isEncryptedWithKey,
  readObject,
  type ObjectRead,
  type S3ObjectRef,
} from './object-store';
import {
  checkedFace,
  decide,
  mayAnalyze,
  objectPrechecks,
  referenceOutcome,
  tooSmall,
  usableFaces,
  type ComparisonOutcome,
  type Decision,
  type DetectionOutcome,
  type KeyReason,
  type PolicySettings,
  type Reason,
  type ReferenceOutcome,
} from './policy';
import { rekognitionLimiter } from './rate-limiter';
import { compareFaces, detectFaces, inputKind, type CallBudget, type ImageSource } from './rekognition';
import {
  eventRecords,
  isTestEvent,
  parseRecord,
  queueMessages,
  routeRecord,
  type QueueMessage,
  type UploadRecord,
} from './s3-event';
import { METRIC, METRICS_NAMESPACE, SERVICE_NAME } from './telemetry-names';

/** A reference version's check, kept per container: the same bytes always give the same answer. */
interface ReferenceCheck {
  readonly outcome: ReferenceOutcome;
  /** Faces at or above the confidence threshold (undefined when Rekognition could not analyse it). */
  readonly usableFaceCount: number | undefined;
}

/** What the handler needs; built once per container. Every part can be injected (tests, the load bench). */
export interface VerifierDependencies {
  readonly clients: VerifierClients;
  readonly settings: VerifierSettings;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly now: () => Date;
  /** Rekognition rate limiters, one per operation, at this container's share of the quota. */
  readonly limiter: CallBudget['limiter'];
  /** Reference checks by `<key>#<versionId>#<sha256>`. */
  readonly references: Map<string, ReferenceCheck>;
}

/** The subset of the Lambda context the handler reads. */
export interface InvocationContext {
  readonly awsRequestId: string;
  /** Lambda's remaining time; without it (tests, benches) there is no deadline. */
  readonly getRemainingTimeInMillis?: () => number;
}

export type RecordResult =
  | { readonly index: number; readonly correlationId: string; readonly outcome: 'ignored'; readonly reason: string }
  | {
      readonly index: number;
      readonly correlationId: string;
      readonly outcome: PutOutcome;
      readonly pk: string;
      readonly decision: Decision;
      readonly reasons: readonly Reason[];
    };

/** The answer to a direct S3 notification. */
export interface VerifierResult {
  readonly records: readonly RecordResult[];
}

/** A batch from an SQS event source mapping, as far as its type tells the handler's result apart. */
export interface SqsEvent {
  readonly Records: readonly { readonly eventSource: 'aws:sqs'; readonly messageId: string; readonly body: string }[];
}

/** The answer to an SQS batch: the messages to receive again (`ReportBatchItemFailures`). */
export interface BatchResponse {
  readonly batchItemFailures: readonly { readonly itemIdentifier: string }[];
}

type Env = Readonly<Record<string, string | undefined>>;

/** Parts a test or benchmark may inject; clients individually (the others are created from the environment). */
export type InjectedDependencies = Partial<Omit<VerifierDependencies, 'clients' | 'limiter' | 'references'>> & {
  clients?: Partial<VerifierClients>;
  env?: Env;
};

let injected: InjectedDependencies = {};
let container: VerifierDependencies | undefined;

/**
 * Container set-up seam: replaces parts of the dependencies before the next invocation builds them
 * (tests inject a mocked Rekognition client or settings; the bench injects its fakes). Clears the cached
 * container, so the next invocation starts as a cold start would.
 */
export function injectDependencies(parts: InjectedDependencies): void {
  injected = parts;
  container = undefined;
}

/** Reference checks kept per container; the oldest is dropped beyond this. */
const REFERENCE_CACHE_SIZE = 1000;

/**
 * Margin kept before Lambda's deadline: no Rekognition call starts later than this before it, so the call
 * (10 s request timeout) and the ledger write finish in time; the record is retried instead.
 */
const DEADLINE_MARGIN_MS = 15_000;

function dependencies(): VerifierDependencies {
  if (container !== undefined) return container;
  const env = injected.env ?? process.env;
  // Settings first: an invalid environment fails before any client exists, with every problem listed.
  const settings = injected.settings ?? loadSettings(env);
  const given = injected.clients ?? {};
  const complete = given.s3 !== undefined && given.dynamodb !== undefined && given.rekognition !== undefined;
  const created: Partial<VerifierClients> = complete ? {} : createClients(env);
  const clients: VerifierClients = {
    s3: given.s3 ?? created.s3 ?? missing('s3'),
    dynamodb: given.dynamodb ?? created.dynamodb ?? missing('dynamodb'),
    rekognition: given.rekognition ?? created.rekognition ?? missing('rekognition'),
  };
  container = {
    settings,
    clients,
    logger: injected.logger ?? new Logger({ serviceName: SERVICE_NAME }),
    metrics: injected.metrics ?? new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME }),
    now: injected.now ?? (() => new Date()),
    limiter: rekognitionLimiter(settings.rekognitionTps, settings.rekognitionConcurrency),
    references: new Map(),
  };
  return container;
}

function missing(name: string): never {
  throw new VerifierError(`no ${name} client`);
}

function policySettings(s: VerifierSettings): PolicySettings {
  return {
    faceConfidenceThreshold: s.faceConfidenceThreshold,
    similarityThreshold: s.similarityThreshold,
    allowDetectionOnlyWithoutReference: s.allowDetectionOnlyWithoutReference,
    maxAbsYawDegrees: s.maxAbsYawDegrees,
    maxAbsPitchDegrees: s.maxAbsPitchDegrees,
    minBrightness: s.minBrightness,
    minSharpness: s.minSharpness,
    maxImageBytes: MAX_IMAGE_BYTES,
  };
}

/** The image Rekognition gets: the bytes read and hashed when they were kept (up to 5 MB), else that exact version. */
function imageSource(ref: S3ObjectRef, read: ObjectRead): ImageSource {
  return read.data !== undefined ? { bytes: read.data } : { object: { ...ref, versionId: read.versionId } };
}

/** What the verifier learnt about the subject's reference, for the policy and the record. */
interface ReferenceFindings {
  readonly outcome: ReferenceOutcome;
  readonly key?: string;
  readonly read?: ObjectRead;
  readonly usableFaceCount?: number | undefined;
}

/**
 * Finds the subject's reference and pins it: reads its current version through SHA-256 (the version id S3
 * served is the one compared and recorded) and checks, once per container and version, that it has exactly
 * one usable face. An unusable reference is reported (metric and warning) so that the alarm fires: every
 * upload of that subject is refused until it is re-enrolled.
 */
async function examineReference(
  deps: VerifierDependencies,
  budget: CallBudget,
  bucket: string,
  subjectId: string,
  correlationId: string,
): Promise<ReferenceFindings> {
  const { s3, rekognition } = deps.clients;
  const ps = policySettings(deps.settings);
  const key = await findReference(s3, bucket, subjectId);
  if (key === undefined) return { outcome: { kind: 'none' } };
  let read: ObjectRead;
  try {
    read = await readObject(
      s3,
      { bucket, key, versionId: undefined },
      {
        maxBytes: MAX_IMAGE_BYTES,
        keepUpTo: MAX_INLINE_IMAGE_BYTES,
      },
    );
  } catch (error) {
    if (!(error instanceof ObjectTooLargeError)) throw error;
    return reportUnusable(deps, { outcome: { kind: 'unusable', why: 'not-analysable' }, key }, correlationId);
  }
  const cacheKey = `${key}#${read.versionId ?? ''}#${read.sha256Hex}`;
  let check = deps.references.get(cacheKey);
  if (check === undefined) {
    // Not an image Rekognition takes (not JPEG or PNG, or under its 80-pixel minimum): never sent.
    if ((read.format !== 'jpeg' && read.format !== 'png') || tooSmall(read.dimensions)) {
      check = { outcome: { kind: 'unusable', why: 'not-analysable' }, usableFaceCount: undefined };
    } else {
      const detected = await detectFaces(rekognition, budget, imageSource({ bucket, key, versionId: undefined }, read));
      check =
        detected.outcome.kind === 'rejected'
          ? { outcome: { kind: 'unusable', why: 'not-analysable' }, usableFaceCount: undefined }
          : {
              outcome: referenceOutcome(detected.outcome.faces, ps),
              usableFaceCount: usableFaces(detected.outcome.faces, ps).length,
            };
      if (read.versionId === undefined && read.data === undefined)
        await ensureUnchanged(s3, { bucket, key, versionId: undefined }, read.eTag);
    }
    if (deps.references.size >= REFERENCE_CACHE_SIZE) {
      const oldest = deps.references.keys().next();
      if (oldest.done !== true) deps.references.delete(oldest.value);
    }
    deps.references.set(cacheKey, check);
  }
  const findings = { outcome: check.outcome, key, read, usableFaceCount: check.usableFaceCount };
  return check.outcome.kind === 'unusable' ? reportUnusable(deps, findings, correlationId) : findings;
}

function reportUnusable(
  deps: VerifierDependencies,
  findings: ReferenceFindings,
  correlationId: string,
): ReferenceFindings {
  deps.metrics.addMetric(METRIC.referenceUnusable, MetricUnit.Count, 1);
  deps.logger.warn('reference unusable: the subject cannot be verified until it is re-enrolled', {
    correlationId,
    referenceKey: findings.key,
    referenceVersionId: findings.read?.versionId,
    why: findings.outcome.kind === 'unusable' ? findings.outcome.why : undefined,
  });
  return findings;
}

/**
 * Verifies one upload and appends its ledger record. Throws on any fault that is not a decision (after the
 * SDK's retries), so the record is retried and finally kept on the failure queue; nothing a fault caused
 * is ever recorded.
 *
 * With `keyReasons` (a key under `uploads/` that is not `uploads/<subjectId>/<file>.(jpg|jpeg|png)`) the
 * upload is refused: HeadObject still supplies the record's size, content type and encryption evidence,
 * but no byte is read and Rekognition is never called.
 */
async function verifyUpload(
  deps: VerifierDependencies,
  budget: CallBudget,
  record: UploadRecord,
  subjectId: string,
  keyReasons: readonly KeyReason[],
  correlationId: string,
): Promise<RecordResult> {
  const started = performance.now();
  const { s3, rekognition, dynamodb } = deps.clients;
  const { settings, logger } = deps;
  const ps = policySettings(settings);
  const pk = ledgerPartitionKey(record.bucket, record.key, record.versionId ?? record.sequencer);
  const upload: S3ObjectRef = { bucket: record.bucket, key: record.key, versionId: record.versionId };

  const headed = await headUpload(s3, upload, record.eTag);
  const head = headed.found ? headed.head : undefined;
  // S3 names the version of every object it announces from a versioned bucket. An event without one for
  // an object that has one did not come from S3 (a hand-made message): a fault, never a verdict, so
  // nobody can have a stored upload verified again under a record key of their choosing.
  if (record.versionId === undefined && head?.versionId !== undefined)
    throw new EventError(
      `s3://${record.bucket}/${record.key}: the event names no version, but the object has version ${head.versionId}; S3 names it in every event of a versioned bucket`,
    );
  const encryptedWithVaultKey = head !== undefined && isEncryptedWithKey(head, settings.vaultKeyArn);
  const sizeBytes = head?.sizeBytes ?? record.size;
  const prechecks = objectPrechecks({ found: headed.found, sizeBytes, encryptedWithVaultKey }, ps);

  let read: ObjectRead | undefined;
  if (keyReasons.length === 0 && prechecks.length === 0)
    read = await readObject(s3, upload, {
      eTag: head?.eTag,
      maxBytes: MAX_IMAGE_BYTES,
      keepUpTo: MAX_INLINE_IMAGE_BYTES,
    });
  const object = {
    found: headed.found,
    sizeBytes,
    encryptedWithVaultKey,
    format: read?.format ?? 'unread',
    dimensions: read?.dimensions,
  } as const;

  let detection: DetectionOutcome | undefined;
  let detectFacesRequestId: string | undefined;
  let uploadImage: ImageSource | undefined;
  let reference: ReferenceFindings | undefined;
  let comparison: ComparisonOutcome | undefined;
  let compareFacesRequestId: string | undefined;
  if (keyReasons.length === 0 && read !== undefined && mayAnalyze(object, ps)) {
    uploadImage = imageSource(upload, read);
    const detected = await detectFaces(rekognition, budget, uploadImage);
    detection = detected.outcome;
    detectFacesRequestId = detected.requestId;
    const face = checkedFace(detection, ps);
    if (face !== undefined) {
      reference = await examineReference(deps, budget, record.bucket, subjectId, correlationId);
      if (reference.outcome.kind === 'usable' && reference.read !== undefined && reference.key !== undefined) {
        const referenceRef = { bucket: record.bucket, key: reference.key, versionId: undefined };
        const compared = await compareFaces(
          rekognition,
          budget,
          imageSource(referenceRef, reference.read),
          uploadImage,
          face.box,
        );
        comparison = { kind: 'compared', similarity: compared.outcome.similarity };
        compareFacesRequestId = compared.requestId;
        if (reference.read.data === undefined) await ensureUnchanged(s3, referenceRef, reference.read.eTag);
      }
    }
    if (read.data === undefined) await ensureUnchanged(s3, upload, read.eTag);
  }

  const { decision, reasons } = decide(
    { keyReasons, object, detection, reference: reference?.outcome, comparison },
    ps,
  );
  const faces = detection?.kind === 'faces' ? detection.faces : undefined;
  const usable = faces === undefined ? undefined : usableFaces(faces, ps);
  const single = usable?.length === 1 ? usable[0] : undefined;
  const ledgerRecord: LedgerRecord = {
    pk,
    schemaVersion: LEDGER_SCHEMA_VERSION,
    recordedAt: deps.now().toISOString(),
    eventTime: record.eventTime,
    subjectId,
    bucket: record.bucket,
    objectKey: record.key,
    versionId: record.versionId,
    sequencer: record.sequencer,
    sizeBytes,
    contentType: head?.contentType ?? '',
    detectedFormat: object.format,
    sseAlgorithm: head?.sseAlgorithm ?? '',
    imageSha256: read?.sha256Hex,
    rekognitionInput: uploadImage === undefined ? undefined : inputKind(uploadImage),
    referenceKey: reference?.key,
    referenceVersionId: reference?.read?.versionId,
    referenceSha256: reference?.read?.sha256Hex,
    referenceFaceCount: reference?.usableFaceCount,
    faceCount: faces?.length,
    usableFaceCount: usable?.length,
    faceConfidence: single?.confidence,
    similarity: comparison?.similarity,
    decision,
    reasons: [...reasons],
    faceConfidenceThreshold: settings.faceConfidenceThreshold,
    similarityThreshold: settings.similarityThreshold,
    detectionOnlyAllowed: settings.allowDetectionOnlyWithoutReference,
    detectFacesRequestId,
    compareFacesRequestId,
    functionVersion: settings.functionVersion,
    correlationId,
  };
  const outcome = await putRecord(dynamodb, settings.ledgerTableName, ledgerRecord);

  const latencyMs = performance.now() - started;
  deps.metrics.addMetric(
    outcome === 'already-recorded'
      ? METRIC.alreadyRecorded
      : decision === 'AUTHORIZED'
        ? METRIC.authorized
        : METRIC.unauthorized,
    MetricUnit.Count,
    1,
  );
  deps.metrics.addMetric(METRIC.latency, MetricUnit.Milliseconds, latencyMs);
  // Never logged: face details, landmarks, bounding boxes, image bytes, confidence or similarity scores.
  logger.info(outcome === 'written' ? 'decision recorded' : 'decision already recorded (redelivered event)', {
    correlationId,
    pk,
    decision,
    reasons,
    outcome,
    latencyMs: Math.round(latencyMs),
  });
  return { index: record.index, correlationId, outcome, pk, decision, reasons };
}

function ignore(
  deps: VerifierDependencies,
  index: number,
  correlationId: string,
  reason: string,
  detail: object,
): RecordResult {
  deps.metrics.addMetric(METRIC.ignored, MetricUnit.Count, 1);
  deps.logger.warn('record ignored', { correlationId, reason, ...detail });
  return { index, correlationId, outcome: 'ignored', reason };
}

async function handleRecord(
  deps: VerifierDependencies,
  budget: CallBudget,
  record: UploadRecord,
  correlationId: string,
): Promise<RecordResult> {
  const route = routeRecord(record);
  if (route.kind === 'ignore')
    return ignore(deps, record.index, correlationId, route.reason, {
      eventName: record.eventName,
      bucket: record.bucket,
      key: record.key,
    });
  return verifyUpload(
    deps,
    budget,
    record,
    route.subjectId,
    route.kind === 'refuse' ? route.reasons : [],
    correlationId,
  );
}

function errorSummary(error: unknown): Record<string, unknown> {
  const { errorName, httpStatus } = describeAwsError(error);
  return { errorName, httpStatus, errorMessage: error instanceof Error ? error.message : String(error) };
}

/** Handles every record of an S3 notification on its own; throws `RecordsFailedError` when any failed. */
async function handleNotification(
  deps: VerifierDependencies,
  budget: CallBudget,
  rawRecords: readonly unknown[],
  correlationId: (index: number) => string,
): Promise<RecordResult[]> {
  // Parsing inside the per-record promise: a malformed record rejects its own entry, not the event.
  const settled = await Promise.allSettled(
    rawRecords.map(async (raw, index) => handleRecord(deps, budget, parseRecord(raw, index), correlationId(index))),
  );
  const failures: Error[] = [];
  const results: RecordResult[] = [];
  settled.forEach((s, i) => {
    if (s.status === 'fulfilled') {
      results.push(s.value);
      return;
    }
    const error = s.reason instanceof Error ? s.reason : new VerifierError(String(s.reason));
    failures.push(error);
    deps.metrics.addMetric(METRIC.failed, MetricUnit.Count, 1);
    deps.logger.error('record failed; it will be retried', { correlationId: correlationId(i), ...errorSummary(error) });
  });
  if (failures.length > 0) throw new RecordsFailedError(failures, rawRecords.length);
  return results;
}

/**
 * One SQS message: an S3 notification (one record, as S3 sends them, or several) or S3's test message,
 * which names no object and is ignored. A body that is not JSON or not a notification fails the message,
 * like a fault: SQS hands it out again and, after `maxReceiveCount` receives, moves it to the failure queue.
 */
async function handleMessage(
  deps: VerifierDependencies,
  budget: CallBudget,
  message: QueueMessage,
  correlationPrefix: string,
): Promise<void> {
  let body: unknown;
  try {
    body = JSON.parse(message.body);
  } catch (cause) {
    throw new EventError(`SQS message ${message.messageId} is not JSON`, undefined, { cause });
  }
  if (isTestEvent(body)) {
    ignore(deps, 0, correlationPrefix, 'TEST_EVENT', { messageId: message.messageId });
    return;
  }
  const records = eventRecords(body);
  await handleNotification(deps, budget, records, (index) =>
    records.length === 1 ? correlationPrefix : `${correlationPrefix}.${index}`,
  );
}

/**
 * Lambda entry point.
 *
 * From the intake queue (an SQS event source mapping with `ReportBatchItemFailures`): each message is handled
 * on its own, in parallel; the messages that failed (a fault after the SDK's retries, a malformed message)
 * are returned in `batchItemFailures`, so SQS hands out only those again, and moves them to the failure
 * queue after `maxReceiveCount` receives. The rest are deleted: their records are written (a redelivery
 * re-records nothing: the ledger put is conditional).
 *
 * From S3 directly (the asynchronous trigger of earlier deployments, or a manual invocation): every record is
 * handled, then the invocation fails with `RecordsFailedError` when any failed, so Lambda's retries and then
 * the on-failure destination keep the event. An event without a `Records` array fails at once with `EventError`;
 * S3's test message is ignored.
 */
export async function handler(event: SqsEvent, context?: InvocationContext): Promise<BatchResponse>;
export async function handler(event: unknown, context?: InvocationContext): Promise<VerifierResult>;
export async function handler(event: unknown, context?: InvocationContext): Promise<VerifierResult | BatchResponse> {
  const deps = dependencies();
  const invocationId = context?.awsRequestId ?? 'local';
  const remaining = context?.getRemainingTimeInMillis?.();
  const budget: CallBudget = {
    limiter: deps.limiter,
    deadline: remaining === undefined ? Number.POSITIVE_INFINITY : performance.now() + remaining - DEADLINE_MARGIN_MS,
  };
  try {
    const messages = queueMessages(event);
    if (messages !== undefined) {
      const settled = await Promise.allSettled(
        messages.map(async (m, i) => handleMessage(deps, budget, m, `${invocationId}/${i}`)),
      );
      const batchItemFailures: { itemIdentifier: string }[] = [];
      settled.forEach((s, i) => {
        const message = messages[i];
        if (s.status === 'fulfilled' || message === undefined) return;
        batchItemFailures.push({ itemIdentifier: message.messageId });
        if (!(s.reason instanceof RecordsFailedError)) {
          deps.metrics.addMetric(METRIC.failed, MetricUnit.Count, 1);
          deps.logger.error('message failed; it will be received again', {
            correlationId: `${invocationId}/${i}`,
            messageId: message.messageId,
            receiveCount: message.receiveCount,
            ...errorSummary(s.reason),
          });
        }
      });
      return { batchItemFailures };
    }
    if (isTestEvent(event)) {
      ignore(deps, 0, `${invocationId}/0`, 'TEST_EVENT', {});
      return { records: [] };
    }
    return {
      records: await handleNotification(deps, budget, eventRecords(event), (index) => `${invocationId}/${index}`),
    };
  } finally {
    if (deps.metrics.hasStoredMetrics()) deps.metrics.publishStoredMetrics();
  }
}
