import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { RekognitionClient } from '@aws-sdk/client-rekognition';
import { S3Client } from '@aws-sdk/client-s3';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { SERVICE_NAME } from './telemetry-names';

/** The AWS SDK clients of the verifier: created once per container, injectable in tests. */
export interface VerifierClients {
  readonly s3: S3Client;
  readonly dynamodb: DynamoDBClient;
  readonly rekognition: RekognitionClient;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Whether the SDK will send S3 requests to a custom endpoint (a local server): then addressing must be path-style. */
export function hasCustomS3Endpoint(env: Env): boolean {
  const ignored = (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '').toLowerCase() === 'true';
  const endpoint = env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  return !ignored && endpoint !== undefined && endpoint.trim() !== '';
}

/**
 * Socket timeouts per client, in milliseconds, so that a hung connection fails one attempt (which the SDK
 * retries) instead of eating the function's 60 s. The SDK's defaults are 0: no timeout at all.
 * - `connectionTimeout`: TCP/TLS connection set-up.
 * - `requestTimeout`: until the response headers arrive; only enforced with `throwOnRequestTimeout` (without
 *   it the SDK merely logs a warning). Rekognition answers after analysing the image, so its bound is the
 *   longest; S3 sends headers before the body.
 * - `socketTimeout`: a socket idle for this long is closed; it stays armed while a GetObject body streams, so
 *   a stalled download fails too.
 * https://github.com/smithy-lang/smithy-typescript/blob/main/packages/types/src/http/httpHandlerInitialization.ts
 */
export const CLIENT_TIMEOUTS = {
  s3: { connectionTimeout: 2_000, requestTimeout: 5_000, socketTimeout: 10_000 },
  dynamodb: { connectionTimeout: 2_000, requestTimeout: 3_000, socketTimeout: 3_000 },
  rekognition: { connectionTimeout: 2_000, requestTimeout: 10_000, socketTimeout: 10_000 },
} as const;

function handler(timeouts: (typeof CLIENT_TIMEOUTS)[keyof typeof CLIENT_TIMEOUTS]) {
  return { ...timeouts, throwOnRequestTimeout: true };
}

/**
 * Creates the clients, each traced by Powertools Tracer (an X-Ray subsegment per AWS call, with its
 * retries, throttles and faults; off outside Lambda). Only AWS calls are traced, not raw HTTPS requests,
 * whose URLs would carry object keys (subject ids); which request parameters a subsegment may carry is
 * fixed at build time (`xray-aws-whitelist.json`: bucket and table names, never a key).
 *
 * The SDK reads `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL_DYNAMODB` and `AWS_ENDPOINT_URL_REKOGNITION` (or
 * `AWS_ENDPOINT_URL`) itself, so local servers need no code change; with a custom S3 endpoint, virtual-host
 * addressing (`<bucket>.<host>`) cannot resolve, so path-style is forced. Throttling, 5xx, timeouts and
 * network errors are retried by the SDK's standard strategy (3 attempts, exponential backoff with jitter).
 */
export function createClients(env: Env): VerifierClients {
  const tracer = new Tracer({ serviceName: SERVICE_NAME, captureHTTPsRequests: false });
  return {
    s3: tracer.captureAWSv3Client(
      new S3Client({ forcePathStyle: hasCustomS3Endpoint(env), requestHandler: handler(CLIENT_TIMEOUTS.s3) }),
    ),
    dynamodb: tracer.captureAWSv3Client(new DynamoDBClient({ requestHandler: handler(CLIENT_TIMEOUTS.dynamodb) })),
    rekognition: tracer.captureAWSv3Client(
      new RekognitionClient({ requestHandler: handler(CLIENT_TIMEOUTS.rekognition) }),
    ),
  };
}
