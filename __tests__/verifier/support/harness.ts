/**
 * The verifier against AWS stand-ins on loopback, as the intake queue drives it: the S3 stand-in (versioned
 * by default), the Rekognition stand-in (reading S3 objects from it), dynalite with the ledger table behind a
 * fault proxy. Clients make one attempt per call, so a scripted fault reaches the verifier at once (the
 * SDK's own retries are not what these tests are about).
 */
import { DynamoDBClient, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { RekognitionClient } from '@aws-sdk/client-rekognition';
import { S3Client } from '@aws-sdk/client-s3';
import {
  handler,
  injectDependencies,
  type BatchResponse,
  type InvocationContext,
  type SqsEvent,
} from '../../../lambda-src/verifier/handler';
import { startJsonFaultProxy, type JsonFaultProxy } from './json-fault-proxy';
import { BUCKET, CREDENTIALS, REGION, TABLE, VAULT_KEY_ARN, startLedger, type LocalLedger } from './local-aws';
import { startRekognitionStandIn, type RekognitionStandIn } from './rekognition-stand-in';
import { startS3StandIn, type S3EventRecord, type S3StandIn } from './s3-stand-in';

export const VAULT_KEY_SSE = {
  'x-amz-server-side-encryption': 'aws:kms',
  'x-amz-server-side-encryption-aws-kms-key-id': VAULT_KEY_ARN,
} as const;

export interface Harness {
  readonly s3: S3StandIn;
  readonly rekognition: RekognitionStandIn;
  readonly ledger: LocalLedger;
  readonly dynamodbFaults: JsonFaultProxy;
  /** Everything the verifier wrote to stdout and stderr (logs and metrics), one JSON object per line. */
  readonly output: string[];
  /** (Re)creates the verifier's container with these extra environment variables. */
  inject(env?: Record<string, string>): void;
  /** Stores an image encrypted with the vault key (unless `sse` says otherwise) and returns its notification. */
  upload(key: string, bytes: Uint8Array, sse?: Readonly<Record<string, string>>): S3EventRecord;
  /** Delivers notifications as the intake queue does: one SQS message per notification. */
  deliver(records: readonly (S3EventRecord | string)[], context?: Partial<InvocationContext>): Promise<BatchResponse>;
  item(pk: string): Promise<Record<string, AttributeValue> | undefined>;
  stop(): Promise<void>;
}

let messages = 0;

/** The SQS event an event source mapping hands the function for these message bodies. */
export function sqsEvent(bodies: readonly string[]): SqsEvent {
  return {
    Records: bodies.map((body) => {
      messages += 1;
      return {
        messageId: `msg-${messages}`,
        receiptHandle: `handle-${messages}`,
        body,
        attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.now()) },
        eventSource: 'aws:sqs',
        eventSourceARN: `arn:aws:sqs:${REGION}:111111111111:intake`,
        awsRegion: REGION,
      };
    }),
  };
}

export async function startHarness(): Promise<Harness> {
  const s3 = await startS3StandIn({ bucket: BUCKET, region: REGION, listablePrefixes: ['references/'] });
  const rekognition = await startRekognitionStandIn({ readObject: (_b, key, version) => s3.bytesOf(key, version) });
  const ledger = await startLedger();
  const dynamodbFaults = await startJsonFaultProxy(ledger.endpoint);
  const common = { region: REGION, credentials: CREDENTIALS, maxAttempts: 1 };
  const clients = {
    s3: new S3Client({ ...common, endpoint: s3.endpoint, forcePathStyle: true }),
    dynamodb: new DynamoDBClient({ ...common, endpoint: dynamodbFaults.endpoint }),
    rekognition: new RekognitionClient({ ...common, endpoint: rekognition.endpoint }),
  };
  const output: string[] = [];
  const harness: Harness = {
    s3,
    rekognition,
    ledger,
    dynamodbFaults,
    output,
    inject(env = {}) {
      injectDependencies({
        // A quota the tests never reach, unless a test sets its own.
        env: {
          LEDGER_TABLE_NAME: TABLE,
          VAULT_KEY_ARN,
          AWS_LAMBDA_FUNCTION_VERSION: '9',
          REKOGNITION_TPS: '10000',
          ...env,
        },
        clients,
      });
    },
    upload(key, bytes, sse = VAULT_KEY_SSE) {
      return s3.put(key, bytes, { contentType: 'image/jpeg', sse });
    },
    async deliver(records, context = {}) {
      const bodies = records.map((r) => (typeof r === 'string' ? r : JSON.stringify({ Records: [r] })));
      return handler(sqsEvent(bodies), { awsRequestId: 'req', ...context });
    },
    async item(pk) {
      return (await ledger.scan()).find((i) => i.pk?.S === pk);
    },
    async stop() {
      for (const c of Object.values(clients)) c.destroy();
      await Promise.all([s3.stop(), rekognition.stop(), dynamodbFaults.stop()]);
      await ledger.stop();
    },
  };
  return harness;
}

/** Captures what Powertools writes (INFO and metrics to stdout, WARN and ERROR to stderr) into `output`. */
export function captureOutput(output: string[]): void {
  output.length = 0;
  for (const stream of [process.stdout, process.stderr]) {
    jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      output.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    });
  }
}

/** The JSON log lines and metric documents written so far. */
export function logEntries(output: readonly string[]): Record<string, unknown>[] {
  return output
    .join('')
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
