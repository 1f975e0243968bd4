import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { createClients, type VerifierClients } from './clients';
import { MAX_IMAGE_BYTES, loadSettings, type VerifierSettings } from './config';
import { RecordsFailedError, VerifierError, describeAwsError } from './errors';
import { ledgerPartitionKey } from './ledger-schema';
import { putRecord, type LedgerRecord, type PutOutcome } from './ledger';
import { digestObject, findReference, headObject, isEncryptedWithKey } from './object-store';
import {
  decide,
  mayAnalyze,
  objectPrechecks,
  type ComparisonOutcome,
  type Decision,
  type DetectionOutcome,
  type KeyReason,
  type PolicySettings,
  type Reason,
} from './policy';
import { compareFaces, detectFaces } from './rekognition';
import { eventRecords, parseRecord, routeRecord, type UploadRecord } from './s3-event';
import { METRIC, METRICS_NAMESPACE, SERVICE_NAME } from './telemetry-names';

/** What the handler needs; built once per container. Every part can be injected (tests, the load bench). */
export interface VerifierDependencies {
  readonly clients: VerifierClients;
  readonly settings: VerifierSettings;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly now: () => Date;
}

/** The subset of the Lambda context the handler reads. */
export interface InvocationContext {
  readonly awsRequestId: string;
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

export interface VerifierResult {
  readonly records: readonly RecordResult[];
}

type Env = Readonly<Record<string, string | undefined>>;

/** Parts a test or benchmark may inject; clients individually (the others are created from the environment). */
export type InjectedDependencies = Partial<Omit<VerifierDependencies, 'clients'>> & {
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

/**
 * Verifies one upload and appends its ledger record. Throws (after the SDK's retries) on any fault that
 * is not a decision, so the invocation fails and Lambda retries it, then sends it to the failure queue.
 *
 * With `keyReasons` (a key under `uploads/` that is not `uploads/<subjectId>/<file>.(jpg|jpeg|png)`) the
 * upload is refused: HeadObject still supplies the record's size, content type and encryption evidence,
 * but no byte is read and Rekognition is never called.
 */
async function verifyUpload(
  deps: VerifierDependencies,
  record: UploadRecord,
  subjectId: string,
  keyReasons: readonly KeyReason[],
  correlationId: string,
): Promise<RecordResult> {
  const started = performance.now();
  const { s3, rekognition, dynamodb } = deps.clients;
  const { settings, logger } = deps;
  const ps = policySettings(settings);
  const version = record.versionId ?? record.sequencer;
  const pk = ledgerPartitionKey(record.bucket, record.key, version);
  const upload = { bucket: record.bucket, key: record.key, versionId: record.versionId };

  const head = await headObject(s3, record.bucket, record.key, record.versionId);
  const encryptedWithVaultKey = head.found && isEncryptedWithKey(head, settings.vaultKeyArn);
  const sizeBytes = head.found ? head.sizeBytes : record.size;
  const prechecks = objectPrechecks({ found: head.found, sizeBytes, encryptedWithVaultKey }, ps);

  let format: 'jpeg' | 'png' | 'unknown' | 'unread' = 'unread';
  let imageSha256: string | undefined;
  if (keyReasons.length === 0 && prechecks.length === 0) {
    const digest = await digestObject(s3, record.bucket, record.key, record.versionId, head.eTag, MAX_IMAGE_BYTES);
    format = digest.format;
    imageSha256 = digest.sha256Hex;
  }
  const object = { found: head.found, sizeBytes, encryptedWithVaultKey, format };

  let detection: DetectionOutcome | undefined;
  let comparison: ComparisonOutcome | undefined;
  let detectFacesRequestId: string | undefined;
  let compareFacesRequestId: string | undefined;
  let referenceKey: string | undefined;
  if (keyReasons.length === 0 && mayAnalyze(object, ps)) {
    const [detected, reference] = await Promise.all([
      detectFaces(rekognition, upload),
      findReference(s3, record.bucket, subjectId),
    ]);
    detection = detected.outcome;
    detectFacesRequestId = detected.requestId;
    if (detection.kind === 'faces' && detection.faces.length === 1) {
      if (reference === undefined) {
        comparison = { kind: 'no-reference' };
      } else {
        referenceKey = reference;
        const compared = await compareFaces(
          rekognition,
          { bucket: record.bucket, key: reference, versionId: undefined },
          upload,
        );
        comparison = compared.outcome;
        compareFacesRequestId = compared.requestId;
      }
    }
  }

  const { decision, reasons } = decide({ keyReasons, object, detection, comparison }, ps);
  const singleFace = detection?.kind === 'faces' && detection.faces.length === 1 ? detection.faces[0] : undefined;
  const ledgerRecord: LedgerRecord = {
    pk,
    schemaVersion: 1,
    recordedAt: deps.now().toISOString(),
    eventTime: record.eventTime,
    subjectId,
    bucket: record.bucket,
    objectKey: record.key,
    versionId: record.versionId,
    sequencer: record.sequencer,
    sizeBytes,
    contentType: head.contentType,
    detectedFormat: format,
    sseAlgorithm: head.sseAlgorithm,
    imageSha256,
    referenceKey,
    faceCount: detection?.kind === 'faces' ? detection.faces.length : undefined,
    faceConfidence: singleFace?.confidence,
    similarity: comparison?.kind === 'compared' ? comparison.similarity : undefined,
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

async function handleRecord(
  deps: VerifierDependencies,
  record: UploadRecord,
  correlationId: string,
): Promise<RecordResult> {
  const route = routeRecord(record);
  if (route.kind === 'ignore') {
    deps.metrics.addMetric(METRIC.ignored, MetricUnit.Count, 1);
    deps.logger.warn('record ignored', {
      correlationId,
      reason: route.reason,
      eventName: record.eventName,
      bucket: record.bucket,
      key: record.key,
    });
    return { index: record.index, correlationId, outcome: 'ignored', reason: route.reason };
  }
  return verifyUpload(deps, record, route.subjectId, route.kind === 'refuse' ? route.reasons : [], correlationId);
}

function errorSummary(error: unknown): Record<string, unknown> {
  const { errorName, httpStatus } = describeAwsError(error);
  return { errorName, httpStatus, errorMessage: error instanceof Error ? error.message : String(error) };
}

/**
 * Lambda entry point for S3 `ObjectCreated` notifications. Each record is parsed and handled on its own;
 * when any fails (a fault after the SDK's retries, or a malformed record: `EventError`), the others are
 * still recorded and then the invocation fails with `RecordsFailedError`, so Lambda's retries and then the
 * on-failure destination keep the event (a retry re-records nothing: the ledger put is conditional).
 * Only an event without a `Records` array fails at once, with `EventError`.
 */
export async function handler(event: unknown, context?: InvocationContext): Promise<VerifierResult> {
  const deps = dependencies();
  const invocationId = context?.awsRequestId ?? 'local';
  try {
    const records = eventRecords(event);
    // Parsing inside the per-record promise: a malformed record rejects its own entry, not the event.
    const settled = await Promise.allSettled(
      records.map(async (raw, index) => handleRecord(deps, parseRecord(raw, index), `${invocationId}/${index}`)),
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
      deps.logger.error('record failed; the invocation will fail and be retried', {
        correlationId: `${invocationId}/${i}`,
        ...errorSummary(error),
      });
    });
    if (failures.length > 0) throw new RecordsFailedError(failures, records.length);
    return { records: results };
  } finally {
    if (deps.metrics.hasStoredMetrics()) deps.metrics.publishStoredMetrics();
  }
}
