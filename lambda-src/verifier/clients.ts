import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { RekognitionClient } from '@aws-sdk/client-rekognition';
import { S3Client } from '@aws-sdk/client-s3';

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
 * Creates the clients. The SDK reads `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL_DYNAMODB` and
 * `AWS_ENDPOINT_URL_REKOGNITION` (or `AWS_ENDPOINT_URL`) itself, so local servers need no code change;
 * with a custom S3 endpoint, virtual-host addressing (`<bucket>.<host>`) cannot resolve, so path-style is forced.
 * Throttling and 5xx errors are retried by the SDK's standard retry strategy (3 attempts, exponential backoff with jitter).
 */
export function createClients(env: Env): VerifierClients {
  return {
    s3: new S3Client({ forcePathStyle: hasCustomS3Endpoint(env) }),
    dynamodb: new DynamoDBClient({}),
    rekognition: new RekognitionClient({}),
  };
}
