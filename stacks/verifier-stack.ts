import type { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import type { EnvironmentConfig } from '../config/types';
import { resourceNames } from '../config/names';
import { VaultStack } from './vault-stack';
import { EncryptedQueue } from '../modules/core/encrypted-queue';
import { VerifierRole } from '../modules/verifier/verifier-role';
import {
  VerifierFunction,
  type SignedVerifierPackage,
  type VerifierPackage,
} from '../modules/verifier/verifier-function';
import { S3LambdaTrigger } from '../modules/core/s3-lambda-trigger';
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
 * `<env>-verifier`: the verifier Lambda (lambda-src/verifier) triggered by uploads to the vault bucket.
 *
 * Names come from `config/names.ts` (function, role, log group, failure queue): earlier stacks derive
 * ARNs from them (the key policy names the role and the log group, the ledger policy the role, the
 * trail the function). Thresholds and the detection-only switch come from the environment's
 * `verifier` config and reach the function as environment variables, encrypted with the VaultKey.
 */
export class VerifierStack extends VaultStack {
  public readonly role: VerifierRole;
  public readonly failureQueue: EncryptedQueue;
  public readonly verifier: VerifierFunction;
  public readonly trigger: S3LambdaTrigger;
  public readonly alarms: VerifierAlarms;

  public constructor(scope: Construct, env: EnvironmentConfig, props: VerifierStackProps) {
    super(scope, { env, concern: 'verifier' });
    const names = resourceNames(env);
    const v = env.verifier;
    const pkg = props.package ?? buildVerifierZip();

    this.failureQueue = new EncryptedQueue(this, 'failure-queue', {
      queueName: names.verifierFailureQueue,
      kmsKeyArn: props.vaultKeyArn,
    });
    this.role = new VerifierRole(this, 'role', {
      aws: this.aws,
      roleName: names.verifierRole,
      bucketArn: props.vaultBucketArn,
      readPrefixes: [UPLOADS_PREFIX, REFERENCES_PREFIX],
      listPrefix: REFERENCES_PREFIX,
      ledgerTableArn: props.ledgerTableArn,
      vaultKeyArn: props.vaultKeyArn,
      failureQueueArn: this.failureQueue.queueArn,
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
        NODE_OPTIONS: '--enable-source-maps',
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
    this.trigger = new S3LambdaTrigger(this, 'trigger', {
      aws: this.aws,
      bucketName: props.vaultBucketName,
      bucketArn: props.vaultBucketArn,
      functionArn: this.verifier.functionArn,
      functionName: this.verifier.functionName,
      prefix: UPLOADS_PREFIX,
    });
    this.alarms = new VerifierAlarms(this, 'alarms', {
      alarmNamePrefix: alarmNamePrefix(env),
      functionName: this.verifier.functionName,
      failureQueueName: this.failureQueue.queueName,
      metricsNamespace: METRICS_NAMESPACE,
      serviceDimension: SERVICE_NAME,
      unauthorizedMetricName: METRIC.unauthorized,
      unauthorizedThreshold: v.unauthorizedAlarmThreshold,
      ...(props.alertTopicArn !== undefined && { alarmTopicArn: props.alertTopicArn }),
    });

    new TerraformOutput(this, 'verifier_function_arn', { value: this.verifier.functionArn });
    new TerraformOutput(this, 'verifier_role_arn', { value: this.role.roleArn });
    new TerraformOutput(this, 'verifier_failure_queue_url', { value: this.failureQueue.queueUrl });
  }
}
