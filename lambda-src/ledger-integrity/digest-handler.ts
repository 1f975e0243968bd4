/**
 * Lambda entry point of the digest job (EventBridge Scheduler, every interval, with
 * `{"scheduledTime": "<aws.scheduler.scheduled-time>"}`). Wiring only: the logic is `runDigestJob`.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { KmsDigestSigner, S3DigestStore } from './aws';
import { DIGEST_SERVICE, INTEGRITY_METRIC, INTEGRITY_METRICS_NAMESPACE, readDigestJobConfig } from './config';
import { runDigestJob, type DigestJobDependencies, type DigestJobInput, type DigestRunResult } from './digest-job';

type Env = Readonly<Record<string, string | undefined>>;

/** Builds the job's dependencies from the environment (once per container). */
export function digestJobDependencies(env: Env, logger: Logger): Omit<DigestJobDependencies, 'remainingMs'> {
  const config = readDigestJobConfig(env);
  const custom = (env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL ?? '').trim() !== '';
  return {
    environment: config.environment,
    ledgerTable: config.ledgerTable,
    bucket: config.digestBucket,
    store: new S3DigestStore(new S3Client({ forcePathStyle: custom }), config.digestBucket, config.digestBucketKeyArn),
    signer: new KmsDigestSigner(new KMSClient({}), config.signingKeyArn),
    intervalSeconds: config.intervalSeconds,
    settleSeconds: config.settleSeconds,
    maxIntervalsPerRun: config.maxIntervalsPerRun,
    now: Date.now,
    log: (message, fields) => logger.info(message, fields),
  };
}

const logger = new Logger({ serviceName: DIGEST_SERVICE });
const metrics = new Metrics({ namespace: INTEGRITY_METRICS_NAMESPACE, serviceName: DIGEST_SERVICE });
let deps: Omit<DigestJobDependencies, 'remainingMs'> | undefined;

export async function handler(
  event: DigestJobInput | undefined,
  context: { getRemainingTimeInMillis?: () => number } = {},
): Promise<DigestRunResult> {
  deps ??= digestJobDependencies(process.env, logger);
  try {
    const scheduledTime = typeof event?.scheduledTime === 'string' ? event.scheduledTime : undefined;
    const result = await runDigestJob(scheduledTime === undefined ? {} : { scheduledTime }, {
      ...deps,
      ...(context.getRemainingTimeInMillis !== undefined && { remainingMs: context.getRemainingTimeInMillis }),
    });
    metrics.addMetric(INTEGRITY_METRIC.digestWritten, MetricUnit.Count, result.sealed.length);
    metrics.addMetric(INTEGRITY_METRIC.intervalsBehind, MetricUnit.Count, result.intervalsBehind);
    metrics.addMetric(
      INTEGRITY_METRIC.lateRecords,
      MetricUnit.Count,
      result.sealed.reduce((n, s) => n + s.lateRecords, 0),
    );
    logger.info('digest run complete', {
      sealed: result.sealed.map((s) => s.key),
      intervalsBehind: result.intervalsBehind,
    });
    return result;
  } catch (error) {
    logger.error('digest run failed', {
      error: error instanceof Error ? { name: error.name, message: error.message } : String(error),
    });
    throw error;
  } finally {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  }
}
