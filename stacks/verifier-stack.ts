import type { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import type { EnvironmentConfig } from '../config/types';
import { resourceNames } from '../config/names';
import { VaultStack } from './vault-stack';
import { EncryptedQueue } from '../modules/core/encrypted-queue';
import { QueueEventSource } from '../modules/core/queue-event-source';
import { S3QueueNotification } from '../modules/core/s3-queue-notification';
import { VerifierRole } from '../modules/verifier/verifier-role';
import {
  VERIFIER_TIMEOUT_SECONDS,
  VerifierFunction,
  type SignedVerifierPackage,
  type VerifierPackage,
} from '../modules/verifier/verifier-function';
import { VerifierAlarms } from '../modules/verifier/verifier-alarms';
import { alarmNamePrefix } from './audit-stack';
import { REFERENCES_PREFIX, UPLOADS_PREFIX } from '../modules/storage/bucket-layout';
import { buildVerifierZip, VERIFIER_HANDLER } from '../scripts/build-verifier';
import { METRIC, METRICS_NAMESPACE, SERVICE_NAME } from '../lambda-src/verifier/telemetry-names';
import { suppressRule } from '../compliance/engine/suppression';

export interface VerifierStackProps {
  /** ARN of the VaultKey (keys stack): objects must be encrypted under it; it encrypts the function's environment, logs and failure queue. */
  readonly vaultKeyArn: string;
  /** Vault bucket (storage stack). */
  readonly vaultBucketName: string;
  readonly vaultBucketArn: string;
  /** Ledger table (ledger stack). */
  readonly ledgerTableName: string;
  readonly ledgerTableArn: string;
  /** Alert topic (audit stack). @default none: the alarms exist but notify nobody */
  readonly alertTopicArn?: string;
  /** The code-signing config every new package is checked against (guardrails stack). */
  readonly codeSigningConfigArn: string;
  /**
   * The deployment package: the signed package the deploy workflow's signing step wrote (required
   * where code signing is enforced), or a local build.
   * @default `buildVerifierZip()`: built from `lambda-src/verifier` (cached by input hash), unsigned
   */
  readonly package?: VerifierPackage | SignedVerifierPackage;
}

/**
 * Visibility timeout of the intake queue: six times the function's timeout, as AWS advises, so a message
 * is not handed out again while an invocation (or Lambda's retry of a throttled one) may still hold it.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
 */
export const INTAKE_VISIBILITY_TIMEOUT_SECONDS = 6 * VERIFIER_TIMEOUT_SECONDS;

/**
 * Retention of the intake queue: 7 days, half the failure queue's 14. SQS keeps a message's original
 * enqueue time when it moves to the dead-letter queue, so the failure queue keeps every message at least
 * 7 days more. Uploads that wait longer than an hour raise the `intake-age` alarm.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/setting-up-dead-letter-queue-retention.html
 */
export const INTAKE_RETENTION_SECONDS = 7 * 24 * 3600;

/**
 * `<env>-verifier`: the verifier Lambda (lambda-src/verifier), draining the intake queue that S3 notifies
 * of every upload to the vault bucket.
 *
 * Bursts drain by themselves: S3 -> intake queue (VaultKey-encrypted, 7 days) -> event source mapping with
 * at most `maxConcurrency` concurrent instances (reserved concurrency at least that, so none is throttled),
 * each calling Rekognition at `rekognitionTpsQuota / maxConcurrency` per second and operation, so together
 * they stay under the quota. Partial batch failures send only failed messages back; after
 * `maxReceiveCount` receives SQS moves a message to the failure queue (alarmed).
 *
 * Names come from `config/names.ts` (function, role, log group, queues): earlier stacks derive
 * ARNs from them (the key policy names the role, the log group and the intake queue, the ledger policy the
 * role, the trail the function). Thresholds, the quota and the detection-only switch come from the
 * environment's `verifier` config and reach the function as environment variables, encrypted with the VaultKey.
 */
export class VerifierStack extends VaultStack {
  public readonly role: VerifierRole;
  public readonly failureQueue: EncryptedQueue;
  public readonly intakeQueue: EncryptedQueue;
  public readonly verifier: VerifierFunction;
  public readonly eventSource: QueueEventSource;
  public readonly notification: S3QueueNotification;
  public readonly alarms: VerifierAlarms;

  public constructor(scope: Construct, env: EnvironmentConfig, props: VerifierStackProps) {
    super(scope, { env, concern: 'verifier' });
    const names = resourceNames(env);
    const v = env.verifier;
    const pkg = props.package ?? buildVerifierZip();

    const breakGlass = this.aws.roleArn(env.breakGlassRoleName);
    const verifierRole = this.aws.roleArn(names.verifierRole);
    this.failureQueue = new EncryptedQueue(this, 'failure-queue', {
      aws: this.aws,
      queueName: names.verifierFailureQueue,
      kmsKeyArn: props.vaultKeyArn,
      // Only break-glass reads, redrives or purges what could not be verified.
      exclusiveAccess: { consume: { principalArns: [breakGlass] } },
    });
    this.intakeQueue = new EncryptedQueue(this, 'intake-queue', {
      aws: this.aws,
      queueName: names.verifierIntakeQueue,
      kmsKeyArn: props.vaultKeyArn,
      messageRetentionSeconds: INTAKE_RETENTION_SECONDS,
      visibilityTimeoutSeconds: INTAKE_VISIBILITY_TIMEOUT_SECONDS,
      deadLetter: { queueArn: this.failureQueue.queueArn, maxReceiveCount: v.maxReceiveCount },
      servicePublishers: [
        { service: 's3.amazonaws.com', sourceArn: props.vaultBucketArn, sourceAccount: this.aws.accountId },
      ],
      // Only S3 (for the vault bucket, above) announces uploads and only the verifier consumes them: nobody
      // can slip in an event or make one disappear. Break-glass may redrive failures back and drain.
      exclusiveAccess: {
        send: { principalArns: [breakGlass], servicePrincipals: ['s3.amazonaws.com'] },
        consume: { principalArns: [verifierRole, breakGlass] },
      },
    });
    this.failureQueue.allowRedriveFrom('redrive-from-intake', [this.intakeQueue.queueArn]);
    this.role = new VerifierRole(this, 'role', {
      aws: this.aws,
      roleName: names.verifierRole,
      bucketArn: props.vaultBucketArn,
      readPrefixes: [UPLOADS_PREFIX, REFERENCES_PREFIX],
      listPrefix: REFERENCES_PREFIX,
      listVersionsPrefix: UPLOADS_PREFIX,
      // Both queues by the ARN of their names: the role's policy is then known in the first plan.
      intakeQueueArn: this.intakeQueue.knownArn,
      ledgerTableArn: props.ledgerTableArn,
      vaultKeyArn: props.vaultKeyArn,
      failureQueueArn: this.failureQueue.knownArn,
      logGroupName: names.verifierLogGroup,
      permissionsBoundaryArn: this.aws.policyArn(names.permissionsBoundaryPolicy),
    });
    this.verifier = new VerifierFunction(this, 'function', {
      functionName: names.verifierFunction,
      logGroupName: names.verifierLogGroup,
      roleArn: this.role.roleArn,
      package: pkg,
      codeSigningConfigArn: props.codeSigningConfigArn,
      handler: VERIFIER_HANDLER,
      kmsKeyArn: props.vaultKeyArn,
      logRetentionDays: env.logRetentionDays,
      reservedConcurrency: v.reservedConcurrency,
      maxAsyncRetries: v.maxAsyncRetries,
      onFailureDestinationArn: this.failureQueue.queueArn,
      environment: {
        LEDGER_TABLE_NAME: props.ledgerTableName,
        VAULT_KEY_ARN: props.vaultKeyArn,
        FACE_CONFIDENCE_THRESHOLD: String(v.faceConfidenceThreshold),
        SIMILARITY_THRESHOLD: String(v.similarityThreshold),
        ALLOW_DETECTION_ONLY_WITHOUT_REFERENCE: String(v.allowDetectionOnlyWithoutReference),
        REKOGNITION_TPS: String(v.rekognitionTpsQuota),
        REKOGNITION_CONCURRENCY: String(v.maxConcurrency),
      },
      dependsOn: [this.role.policy],
    });
    if (env.verifier.codeSigning === 'Warn') {
      suppressRule(
        this.verifier.function,
        'VAULT-LAM-011',
        'dev only: code signing warns, so a developer can deploy a local, unsigned build; the deploy workflow still deploys the signed package. Config validation requires Enforce outside dev.',
      );
    }
    this.eventSource = new QueueEventSource(this, 'intake', {
      queueArn: this.intakeQueue.queueArn,
      functionName: this.verifier.functionName,
      maximumConcurrency: v.maxConcurrency,
      batchSize: v.batchSize,
    });
    this.notification = new S3QueueNotification(this, 'notification', {
      bucketName: props.vaultBucketName,
      queueArn: this.intakeQueue.queueArn,
      prefix: UPLOADS_PREFIX,
      // S3 sends its test message as soon as the configuration is applied.
      dependsOn: [this.intakeQueue.policy],
    });
    this.alarms = new VerifierAlarms(this, 'alarms', {
      alarmNamePrefix: alarmNamePrefix(env),
      functionName: this.verifier.functionName,
      failureQueueName: this.failureQueue.queueName,
      intakeQueueName: this.intakeQueue.queueName,
      referenceUnusableMetricName: METRIC.referenceUnusable,
      metricsNamespace: METRICS_NAMESPACE,
      serviceDimension: SERVICE_NAME,
      unauthorizedMetricName: METRIC.unauthorized,
      unauthorizedThreshold: v.unauthorizedAlarmThreshold,
      ...(props.alertTopicArn !== undefined && { alarmTopicArn: props.alertTopicArn }),
    });

    new TerraformOutput(this, 'verifier_function_arn', { value: this.verifier.functionArn });
    new TerraformOutput(this, 'verifier_role_arn', { value: this.role.roleArn });
    new TerraformOutput(this, 'verifier_failure_queue_url', { value: this.failureQueue.queueUrl });
    new TerraformOutput(this, 'verifier_intake_queue_url', { value: this.intakeQueue.queueUrl });
  }
}
