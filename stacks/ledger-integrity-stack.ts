import type { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { LambdaEventSourceMapping } from '@cdktf/provider-aws/lib/lambda-event-source-mapping';
import { SchedulerSchedule } from '@cdktf/provider-aws/lib/scheduler-schedule';
import type { EnvironmentConfig } from '../config/types';
import { resourceNames } from '../config/names';
import { VaultStack } from './vault-stack';
import { alarmNamePrefix } from './audit-stack';
import { EncryptedQueue } from '../modules/core/encrypted-queue';
import { ACCESS_LOG_PREFIX } from '../modules/storage/bucket-layout';
import { environmentRoles } from '../modules/keys/environment-roles';
import { LedgerDigestBucket } from '../modules/ledger-integrity/digest-bucket';
import { DigestSchedulerRole, LedgerDigestRole, LedgerStreamRole } from '../modules/ledger-integrity/integrity-roles';
import { LedgerIntegrityAlarms } from '../modules/ledger-integrity/integrity-alarms';
import {
  VerifierFunction,
  type SignedVerifierPackage,
  type VerifierPackage,
} from '../modules/verifier/verifier-function';
import { buildLambdaZip, LEDGER_INTEGRITY_PACKAGE } from '../scripts/build-verifier';
import { suppressRule } from '../compliance/engine/suppression';
import { ledgerKeySchema } from '../lambda-src/verifier/ledger-schema';
import {
  DIGEST_SERVICE,
  INTEGRITY_METRIC,
  INTEGRITY_METRICS_NAMESPACE,
  STREAM_SERVICE,
} from '../lambda-src/ledger-integrity/config';

export interface LedgerIntegrityStackProps {
  /** The VaultKey (keys stack): the ledger's stream, the digest bucket, the functions' environment, logs, queues. */
  readonly vaultKeyArn: string;
  /** The key of the alert topic (the alert key, alerting stack): the stream consumer publishes alerts itself. */
  readonly alertTopicKeyArn: string;
  /** The digest signing key (keys stack). */
  readonly signingKeyArn: string;
  /** The ledger (ledger stack): its table and its stream. */
  readonly ledgerTableName: string;
  readonly ledgerStreamArn: string;
  /** The alert topic (audit stack). */
  readonly alertTopicArn: string;
  /** Where the digest bucket's access logs go (storage stack). */
  readonly accessLogBucketName: string;
  /** The code-signing config every package is checked against (guardrails stack). */
  readonly codeSigningConfigArn: string;
  /**
   * The package of both functions: the signed package the deploy workflow's signing step wrote, or a local build.
   * @default `buildLambdaZip(LEDGER_INTEGRITY_PACKAGE)`: built from `lambda-src/ledger-integrity`, unsigned
   */
  readonly package?: VerifierPackage | SignedVerifierPackage;
}

/**
 * `<env>-ledger-integrity`: tamper evidence for the append-only ledger.
 *
 * - The stream consumer (its own role: not the verifier's, not the deployer's) reads every change on the
 *   ledger's stream, publishes an alert for each MODIFY and REMOVE (record key and changed attribute names,
 *   no value) with a metric and an alarm, and stages every change in the digest bucket. Failed batches go
 *   to a failure queue with an alarm.
 * - The digest job, every `digestIntervalMinutes` (EventBridge Scheduler), seals the changes staged in each
 *   closed interval into a digest: canonical record hashes, Merkle root, count, interval, the previous
 *   digest's hash and signature; signed with the asymmetric signing key only its role may use.
 * - The digest bucket: Object Lock (`COMPLIANCE` in prod), one writer per prefix, deletions by break-glass
 *   only (and under `COMPLIANCE` by nobody until the retention ends), digests never expire.
 *
 * Its own stack, after the ledger and the audit stack (the stream, the alert topic), so no earlier stack
 * depends on it: the keys stack and the ledger's stream policy name its roles by deterministic names.
 * docs/ledger-integrity.md explains the design, the interval rule and `npm run ledger:verify`.
 */
export class LedgerIntegrityStack extends VaultStack {
  public readonly bucket: LedgerDigestBucket;
  public readonly streamRole: LedgerStreamRole;
  public readonly digestRole: LedgerDigestRole;
  public readonly schedulerRole: DigestSchedulerRole;
  public readonly streamFunction: VerifierFunction;
  public readonly digestFunction: VerifierFunction;
  public readonly streamFailureQueue: EncryptedQueue;
  public readonly digestDeadLetterQueue: EncryptedQueue;
  public readonly eventSource: LambdaEventSourceMapping;
  public readonly schedule: SchedulerSchedule;
  public readonly alarms: LedgerIntegrityAlarms;

  public constructor(scope: Construct, env: EnvironmentConfig, props: LedgerIntegrityStackProps) {
    super(scope, { env, concern: 'ledger-integrity' });
    const names = resourceNames(env);
    const aws = this.aws;
    const li = env.ledgerIntegrity;
    const roles = environmentRoles(env);
    const breakGlass = aws.roleArn(env.breakGlassRoleName);
    const boundary = aws.policyArn(names.permissionsBoundaryPolicy);
    const pkg = props.package ?? buildLambdaZip(LEDGER_INTEGRITY_PACKAGE);
    const bucketName = `${names.ledgerDigestBucketPrefix}-${aws.accountId}`;
    // Derived from names, so every policy below is known in the first plan.
    const bucketArn = aws.bucketArn(bucketName);

    this.streamFailureQueue = new EncryptedQueue(this, 'stream-failure-queue', {
      aws,
      queueName: names.ledgerStreamFailureQueue,
      kmsKeyArn: props.vaultKeyArn,
      // Only break-glass reads, redrives or purges what failed: a failure cannot be made to disappear.
      exclusiveAccess: { consume: { principalArns: [breakGlass] } },
    });
    this.digestDeadLetterQueue = new EncryptedQueue(this, 'digest-dead-letter-queue', {
      aws,
      queueName: names.ledgerDigestDeadLetterQueue,
      kmsKeyArn: props.vaultKeyArn,
      // Only break-glass reads, redrives or purges what failed: a failure cannot be made to disappear.
      exclusiveAccess: { consume: { principalArns: [breakGlass] } },
    });
    this.streamRole = new LedgerStreamRole(this, 'stream-role', {
      aws,
      roleName: names.ledgerStreamRole,
      permissionsBoundaryArn: boundary,
      ledgerTableName: names.ledgerTable,
      vaultKeyArn: props.vaultKeyArn,
      digestBucketArn: bucketArn,
      alertTopicArn: aws.topicArn(names.alertTopic),
      alertTopicKeyArn: props.alertTopicKeyArn,
      failureQueueArn: aws.queueArn(names.ledgerStreamFailureQueue),
      logGroupName: names.ledgerStreamLogGroup,
    });
    this.digestRole = new LedgerDigestRole(this, 'digest-role', {
      aws,
      roleName: names.ledgerDigestRole,
      permissionsBoundaryArn: boundary,
      vaultKeyArn: props.vaultKeyArn,
      signingKeyArn: props.signingKeyArn,
      digestBucketArn: bucketArn,
      failureQueueArn: aws.queueArn(names.ledgerDigestDeadLetterQueue),
      logGroupName: names.ledgerDigestLogGroup,
    });
    this.schedulerRole = new DigestSchedulerRole(this, 'scheduler-role', {
      aws,
      roleName: names.ledgerDigestSchedulerRole,
      permissionsBoundaryArn: boundary,
      scheduleName: names.ledgerDigestSchedule,
      functionName: names.ledgerDigestFunction,
      deadLetterQueueArn: aws.queueArn(names.ledgerDigestDeadLetterQueue),
      vaultKeyArn: props.vaultKeyArn,
    });

    this.bucket = new LedgerDigestBucket(this, 'digest-bucket', {
      aws,
      bucketName,
      kmsKeyArn: props.vaultKeyArn,
      digestRoleArn: aws.roleArn(names.ledgerDigestRole),
      streamRoleArn: aws.roleArn(names.ledgerStreamRole),
      readerArns: roles.ledgerReaders,
      breakGlassRoleArn: breakGlass,
      accessLogging: { targetBucket: props.accessLogBucketName, targetPrefix: `${ACCESS_LOG_PREFIX}ledger-digests/` },
      objectLock: { mode: li.objectLockMode, days: li.objectLockDays },
    });

    const common = {
      package: pkg,
      codeSigningConfigArn: props.codeSigningConfigArn,
      kmsKeyArn: props.vaultKeyArn,
      logRetentionDays: env.logRetentionDays,
    };
    this.streamFunction = new VerifierFunction(this, 'stream-function', {
      ...common,
      functionName: names.ledgerStreamFunction,
      logGroupName: names.ledgerStreamLogGroup,
      roleArn: this.streamRole.roleArn,
      handler: 'stream.handler',
      description: 'Biometric vault ledger stream consumer: change alerts and staging for the signed digests',
      // One shard is read by one invocation at a time; this bounds concurrent shards.
      reservedConcurrency: 10,
      maxAsyncRetries: 0,
      onFailureDestinationArn: this.streamFailureQueue.queueArn,
      memorySize: 512,
      timeoutSeconds: 60,
      environment: {
        ENVIRONMENT_NAME: env.name,
        DIGEST_BUCKET: bucketName,
        DIGEST_BUCKET_KEY_ARN: props.vaultKeyArn,
        ALERT_TOPIC_ARN: props.alertTopicArn,
        LEDGER_KEY_ATTRIBUTES: ledgerKeySchema.hashKey,
      },
      dependsOn: [this.streamRole.policy],
    });
    this.digestFunction = new VerifierFunction(this, 'digest-function', {
      ...common,
      functionName: names.ledgerDigestFunction,
      logGroupName: names.ledgerDigestLogGroup,
      roleArn: this.digestRole.roleArn,
      handler: 'digest.handler',
      description: 'Biometric vault ledger digest job: signed, chained digests of every ledger change',
      // One run at a time: a run continues the chain the previous one left.
      reservedConcurrency: 1,
      maxAsyncRetries: 2,
      onFailureDestinationArn: this.digestDeadLetterQueue.queueArn,
      memorySize: li.digestMemoryMb,
      timeoutSeconds: 900,
      environment: {
        ENVIRONMENT_NAME: env.name,
        LEDGER_TABLE_NAME: names.ledgerTable,
        DIGEST_BUCKET: bucketName,
        DIGEST_BUCKET_KEY_ARN: props.vaultKeyArn,
        SIGNING_KEY_ARN: props.signingKeyArn,
        INTERVAL_SECONDS: String(li.digestIntervalMinutes * 60),
        SETTLE_SECONDS: String(li.settleSeconds),
      },
      dependsOn: [this.digestRole.policy],
    });
    if (env.verifier.codeSigning === 'Warn') {
      for (const fn of [this.streamFunction, this.digestFunction]) {
        suppressRule(
          fn.function,
          'VAULT-LAM-011',
          'dev only: code signing warns, so a developer can deploy a local, unsigned build; the deploy workflow still deploys the signed package. Config validation requires Enforce outside dev.',
        );
      }
    }

    // Failed batches go to the failure queue after bounded retries, so one bad batch cannot hold a
    // shard for the stream's 24 hours (https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html).
    this.eventSource = new LambdaEventSourceMapping(this, 'stream-source', {
      eventSourceArn: props.ledgerStreamArn,
      functionName: this.streamFunction.functionArn,
      startingPosition: 'TRIM_HORIZON',
      batchSize: 100,
      maximumBatchingWindowInSeconds: 1,
      parallelizationFactor: 1,
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: 10,
      maximumRecordAgeInSeconds: 21_600,
      destinationConfig: { onFailure: { destinationArn: this.streamFailureQueue.queueArn } },
      dependsOn: [this.streamRole.policy],
    });

    // Fire `settle` after each interval's end (cron minutes offset/interval, UTC), passing the scheduled time
    // so a retried or late invocation closes the same intervals
    // (https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-context-attributes.html).
    const offset = Math.ceil(li.settleSeconds / 60) % li.digestIntervalMinutes;
    this.schedule = new SchedulerSchedule(this, 'digest-schedule', {
      name: names.ledgerDigestSchedule,
      description: `Every ${li.digestIntervalMinutes} minutes: seal the ledger changes of the last closed interval`,
      scheduleExpression: `cron(${offset}/${li.digestIntervalMinutes} * * * ? *)`,
      scheduleExpressionTimezone: 'UTC',
      flexibleTimeWindow: { mode: 'OFF' },
      kmsKeyArn: props.vaultKeyArn,
      state: 'ENABLED',
      target: {
        arn: this.digestFunction.functionArn,
        roleArn: this.schedulerRole.roleArn,
        input: JSON.stringify({ scheduledTime: '<aws.scheduler.scheduled-time>' }),
        retryPolicy: { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 10 },
        deadLetterConfig: { arn: this.digestDeadLetterQueue.queueArn },
      },
      dependsOn: [this.schedulerRole.policy],
    });

    this.alarms = new LedgerIntegrityAlarms(this, 'alarms', {
      alarmNamePrefix: alarmNamePrefix(env),
      streamFunctionName: this.streamFunction.functionName,
      streamFailureQueueName: this.streamFailureQueue.queueName,
      digestFunctionName: this.digestFunction.functionName,
      digestDeadLetterQueueName: this.digestDeadLetterQueue.queueName,
      metricsNamespace: INTEGRITY_METRICS_NAMESPACE,
      streamService: STREAM_SERVICE,
      digestService: DIGEST_SERVICE,
      metrics: INTEGRITY_METRIC,
      alarmTopicArn: props.alertTopicArn,
    });

    new TerraformOutput(this, 'ledger_digest_bucket_name', { value: this.bucket.bucketName });
    new TerraformOutput(this, 'ledger_stream_function_arn', { value: this.streamFunction.functionArn });
    new TerraformOutput(this, 'ledger_digest_function_arn', { value: this.digestFunction.functionArn });
  }
}
