/**
 * What every check receives: the environment, the AWS clients (injected, so tests point them at
 * s3rver, dynalite or mocks), the synthesized stacks and the stacks' Terraform state.
 */
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { GuardDutyClient } from '@aws-sdk/client-guardduty';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Concern, ResourceNames } from '../../config/names';
import type { EnvironmentConfig } from '../../config/types';
import type { SynthesizedStack } from './intent';
import { DEPLOYMENT_PROBE_SUBJECT } from '../../modules/storage/bucket-layout';

export interface VerifyClients {
  readonly s3: S3Client;
  readonly kms: KMSClient;
  readonly cloudtrail: CloudTrailClient;
  readonly guardduty: GuardDutyClient;
  readonly dynamodb: DynamoDBClient;
  readonly sns: SNSClient;
  readonly sqs: SQSClient;
  readonly cloudwatch: CloudWatchClient;
  readonly events: EventBridgeClient;
}

export interface VerifyOptions {
  /** Hours of CloudTrail digests to validate, ending now. Default 24. */
  readonly digestHours: number;
  /** How long the end-to-end probe waits for its ledger record. Default 90 s. */
  readonly e2eTimeoutMs: number;
  /** How long the alert-path check waits for its two test alerts. Default 180 s. */
  readonly alertTimeoutMs: number;
  /** Unique id of this run, used in probe object keys. */
  readonly runId: string;
  /** Probe image bytes (PNG). */
  readonly probeImage: Uint8Array;
}

export interface VerifyContext {
  readonly env: EnvironmentConfig;
  readonly accountId: string;
  readonly partition: string;
  readonly names: ResourceNames;
  readonly clients: VerifyClients;
  readonly options: VerifyOptions;
  /** A synthesized stack's `cdk.tf.json` by concern; undefined when not synthesized. */
  readonly synth: (concern: Concern) => SynthesizedStack | undefined;
  /** A stack's Terraform state text from the state bucket; undefined when absent. */
  readonly state: (concern: Concern) => Promise<string | undefined>;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
}

/** Bucket that receives uploads: `<uploadsBucketPrefix>-<account id>` (see stacks/storage-stack.ts). */
export function vaultBucketName(ctx: VerifyContext): string {
  return `${ctx.names.uploadsBucketPrefix}-${ctx.accountId}`;
}

/**
 * Subject id of the deployment probe: its ledger records are recognisable and kept (append-only), and
 * the vault bucket lets the verification role read the metadata of these uploads only.
 */
export const PROBE_SUBJECT = DEPLOYMENT_PROBE_SUBJECT;

/** Message of an AWS SDK error, with its name, for evidence. */
export function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : '';
}
