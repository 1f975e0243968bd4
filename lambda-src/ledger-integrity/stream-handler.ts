/**
 * Lambda entry point of the ledger's stream consumer (event source mapping on the ledger's stream).
 * Wiring only: the logic is `consumeBatch` (stream-consumer.ts).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { S3DigestStore, SnsAlertPublisher } from './aws';
import { INTEGRITY_METRIC, INTEGRITY_METRICS_NAMESPACE, STREAM_SERVICE, readStreamConsumerConfig } from './config';
import { consumeBatch, type ConsumerDependencies, type ConsumerResult, type StreamEvent } from './stream-consumer';

type Env = Readonly<Record<string, string | undefined>>;

export interface StreamHandlerParts {
  readonly deps: ConsumerDependencies;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/** Builds the consumer's dependencies from the environment (once per container); parts can be injected. */
export function streamHandlerParts(
  env: Env,
  injected: Partial<Pick<ConsumerDependencies, 'staging' | 'alerts' | 'now'>> = {},
): StreamHandlerParts {
  const config = readStreamConsumerConfig(env);
  const custom = (env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL ?? '').trim() !== '';
  // Write-only: the consumer may not read the bucket, so a redelivered batch is found by If-None-Match alone.
  const store = new S3DigestStore(
    new S3Client({ forcePathStyle: custom }),
    config.digestBucket,
    config.digestBucketKeyArn,
    false,
  );
  const logger = new Logger({ serviceName: STREAM_SERVICE });
  const metrics = new Metrics({ namespace: INTEGRITY_METRICS_NAMESPACE, serviceName: STREAM_SERVICE });
  return {
    logger,
    metrics,
    deps: {
      environment: config.environment,
      keyAttributes: config.keyAttributes,
      staging: injected.staging ?? store,
      alerts: injected.alerts ?? new SnsAlertPublisher(new SNSClient({}), config.alertTopicArn),
      now: injected.now ?? Date.now,
      counters: {
        count: (metric, n) => {
          if (n > 0) metrics.addMetric(INTEGRITY_METRIC[metric], MetricUnit.Count, n);
        },
      },
    },
  };
}

let parts: StreamHandlerParts | undefined;

export async function handler(event: StreamEvent): Promise<ConsumerResult> {
  parts ??= streamHandlerParts(process.env);
  const { deps, logger, metrics } = parts;
  try {
    const result = await consumeBatch(event, deps);
    logger.info('stream batch handled', { ...result });
    return result;
  } catch (error) {
    // The whole batch fails: Lambda retries it, splits it, and finally sends it to the failure queue.
    logger.error('stream batch failed', {
      error: error instanceof Error ? { name: error.name, message: error.message } : String(error),
    });
    throw error;
  } finally {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  }
}
