/**
 * The typed environment configuration of the vault.
 *
 * One `EnvironmentConfig` per deployment environment lives in `config/environments.ts`.
 * Every value is validated by `validateEnvironment` before any construct is created,
 * so a bad value stops synth with a message that names the field and the value received.
 */

import type { ObjectLockMode } from '../modules/core/secure-bucket';

export interface VerifierConfig {
  /** Minimum Rekognition face confidence, on Rekognition's 0-100 scale. */
  readonly faceConfidenceThreshold: number;
  /** Minimum CompareFaces similarity, on Rekognition's 0-100 scale. */
  readonly similarityThreshold: number;
  /**
   * Whether a subject with no enrolled reference image can be AUTHORIZED on face detection alone.
   * Weakens verification: off by default outside `dev`.
   */
  readonly allowDetectionOnlyWithoutReference: boolean;
  /**
   * Reserved concurrency of the verifier function (bounds Rekognition spend and blast radius). At least
   * `maxConcurrency`: the intake queue's event source does not count reserved concurrency and would otherwise
   * be throttled into redelivering messages.
   */
  readonly reservedConcurrency: number;
  /**
   * Rekognition transactions per second, per operation (DetectFaces and CompareFaces each), that the verifier
   * may use in this account and region: the account's quota (`aws service-quotas list-service-quotas
   * --service-code rekognition`), or the share of it left to the verifier. All instances together stay under it.
   */
  readonly rekognitionTpsQuota: number;
  /** Maximum concurrent instances the intake queue's event source invokes (2-1000; they share the quota). */
  readonly maxConcurrency: number;
  /** Intake messages (uploads) per invocation (1-10). */
  readonly batchSize: number;
  /**
   * Receives of an intake message before SQS moves it to the failure queue (5-1000). Faults are retried
   * after the queue's visibility timeout (6 minutes), so 10 gives about an hour of retries.
   */
  readonly maxReceiveCount: number;
  /** Asynchronous retries of a direct invocation (not from the intake queue) before the failure queue (0-2). */
  readonly maxAsyncRetries: number;
  /** Alarm when more than this many UNAUTHORIZED decisions are recorded in 5 minutes. */
  readonly unauthorizedAlarmThreshold: number;
  /**
   * What Lambda does with a package that is not signed by the environment's signing profile:
   * `Enforce` refuses the deployment, `Warn` deploys it and logs a warning. Must be `Enforce`
   * outside `dev` (where `Warn` lets a developer deploy a local, unsigned build).
   */
  readonly codeSigning: CodeSigningPolicy;
}

/** Lambda code-signing policy for packages not signed by an allowed profile. */
export type CodeSigningPolicy = 'Enforce' | 'Warn';

export interface AuditConfig {
  /** Days CloudTrail log files are kept before expiry (>= 365 in prod). */
  readonly trailRetentionDays: number;
  /** Days after which trail logs move to Glacier Instant Retrieval. */
  readonly transitionToColdDays: number;
  /** S3 Object Lock mode of the isolated trail bucket. */
  readonly objectLockMode: ObjectLockMode;
  /** Default Object Lock retention, in days. */
  readonly objectLockDays: number;
}

/** The ledger's tamper evidence: change alerts from its stream, and signed, chained digests. */
export interface LedgerIntegrityConfig {
  /**
   * Minutes per digest interval: a digest seals the ledger changes streamed in each interval. At most 15
   * and dividing an hour (1, 2, 3, 4, 5, 6, 10, 12, 15), so intervals start at the same minutes every hour.
   */
  readonly digestIntervalMinutes: number;
  /**
   * Seconds the digest job waits after an interval ends before sealing it: longer than any staged batch
   * write can take (the stream consumer's timeout is 60 s), so every batch of the interval is there. 60-3600.
   */
  readonly settleSeconds: number;
  /** S3 Object Lock mode of the digest bucket: `COMPLIANCE` in prod (nobody, root included, deletes a locked digest). */
  readonly objectLockMode: ObjectLockMode;
  /** Default Object Lock retention of digests, in days (at least 365 in prod). Digests never expire. */
  readonly objectLockDays: number;
  /** Memory of the digest job, MB (its CPU share scales with it; 100,000 changes an interval need about 1024). */
  readonly digestMemoryMb: number;
}

export interface ThreatDetectionConfig {
  /**
   * Id of a GuardDuty detector that already exists in the account and region (only one is allowed
   * per region). When set, the stack adopts it for its features instead of creating one.
   */
  readonly existingDetectorId?: string;
  /** Minimum GuardDuty finding severity (0-10) routed to the alert topic. */
  readonly findingSeverityThreshold: number;
}

/**
 * The alert path: the alert topic and its dead-letter queue, encrypted with a key of their own so that
 * no key they report on (the VaultKey, the audit key) can silence them.
 */
export interface AlertingConfig {
  /** Alias of the alert key (`alias/...`): encrypts the alert topic and its dead-letter queue only. */
  readonly keyAlias: string;
  /**
   * IAM role ARNs that administer the alert key and apply the `<env>-alerting` stack. At least one;
   * none of them may administer the VaultKey and the audit key (`keyAdministratorRoleArns`) or deploy
   * the data stacks: whoever can disable the audit key must not also be able to disable the key of
   * the alerts that report it.
   */
  readonly keyAdministratorRoleArns: readonly string[];
  /**
   * Whether the alert topic's policy admits EventBridge only for the environment's named rules
   * (`aws:SourceArn`). AWS's EventBridge guide says condition blocks are not supported in SNS topic
   * policies for EventBridge, while `aws:SourceArn` is widely used there; `verify:deployment` proves
   * the EventBridge path on every run. `false` admits `events.amazonaws.com` without a condition
   * (any rule may then publish, which can spoof alerts but not hide them): set it only if the check
   * fails with the condition. @default true
   */
  readonly eventBridgeSourceArnCondition: boolean;
}

export interface DataAccessConfig {
  /** Roles that upload images under `uploads/` (SSE-KMS with the VaultKey, through S3 only). */
  readonly uploaderRoleArns: readonly string[];
  /** Roles that enroll reference images under `references/` (the only writers there, with break-glass). */
  readonly enrollerRoleArns: readonly string[];
  /** Roles that read ledger records (decrypt through DynamoDB only). */
  readonly ledgerReaderRoleArns: readonly string[];
  /**
   * Roles that check a deployment end to end (`npm run verify:deployment`): besides what their other
   * duties give them, they may read the metadata (`HeadObject`) of their own probe uploads under
   * `uploads/<probe subject>/`, and nothing else of the vault bucket. They get no decrypt of images.
   * @default []
   */
  readonly verificationRoleArns: readonly string[];
}

export interface EnvironmentConfig {
  /** Environment name: lower case letters and digits, used in every stack and resource name. */
  readonly name: string;
  /** AWS region, for example `eu-west-1`. */
  readonly region: string;
  /** Twelve-digit account ids the AWS provider may act in (`allowed_account_ids`). */
  readonly allowedAccountIds: readonly string[];
  /** Name of the S3 bucket that holds Terraform state (created by the `<env>-state` stack). */
  readonly stateBucketName: string;
  /**
   * Backend of the `<env>-state` stack itself: `local` to bootstrap the state bucket, then `s3`
   * once the bucket exists and its state was moved in with `terraform init -migrate-state`.
   */
  readonly stateBackend: 'local' | 's3';
  /**
   * Full ARN (`arn:<partition>:kms:<region>:<account>:key/<id>`) of the customer-managed key that
   * encrypts Terraform state: created by `<env>-state` (its `state_key_arn` output) and written into
   * every S3 backend (`kms_key_id`), which cannot read it from Terraform. The value checked in is a
   * placeholder until the environment is bootstrapped (docs/threat-model.md, "Bootstrap order").
   */
  readonly stateKeyArn: string;
  /** Alias of the customer-managed key for biometric data (`alias/...`). */
  readonly keyAlias: string;
  /** Alias of the separate customer-managed key for audit logs and alerts (`alias/...`). */
  readonly auditKeyAlias: string;
  /** Days an uploaded image (and any non-current version) is kept: biometric data minimisation. */
  readonly imageRetentionDays: number;
  /** Days CloudWatch log groups keep their events. */
  readonly logRetentionDays: number;
  /** DynamoDB deletion protection and `prevent_destroy` on stateful resources. */
  readonly deletionProtection: boolean;
  /** Optional e-mail address subscribed to the alert topic. */
  readonly alertEmail?: string;
  /** The alert topic's own key and its administrators. */
  readonly alerting: AlertingConfig;
  /**
   * IAM role ARNs that administer the keys and apply the `<env>-keys` stack; they never use the keys.
   * At least one, in every environment: the key policies name them, so they never depend on who
   * runs Terraform. Roles of the environment's `allowedAccountIds` only.
   */
  readonly keyAdministratorRoleArns: readonly string[];
  /**
   * IAM role ARNs that apply the data stacks. AWS requires their key use at deploy time, only through
   * DynamoDB (creating the CMK-encrypted ledger) and Lambda (encrypting the verifier's environment).
   * At least one, in every environment, and none of them a key administrator.
   */
  readonly deployerRoleArns: readonly string[];
  /** IAM role ARNs that run `terraform plan` in pull requests: read key metadata only. @default [] */
  readonly planRoleArns: readonly string[];
  /**
   * IAM role ARNs that sign the verifier's deployment package with the environment's AWS Signer
   * profile (the deploy workflow's signing step). Nobody else may start a signing job with it (the
   * guardrail), so a deployer alone cannot deploy code of its own. Must be named outside `dev`, and
   * must differ from the deployers. @default []
   */
  readonly signerRoleArns: readonly string[];
  /** Who may put and read biometric data, outside the vault's own functions. */
  readonly dataAccess: DataAccessConfig;
  /**
   * IAM role ARNs of auditors allowed to decrypt and read audit logs (CloudTrail files, findings).
   * The break-glass role always can. @default []
   */
  readonly auditorRoleArns: readonly string[];
  /** Name of the pre-existing break-glass IAM role: the only principal that may alter ledger items or delete audit logs. */
  readonly breakGlassRoleName: string;
  /**
   * ARN of the role allowed to write ledger records. Empty: the verifier's role, whose name is
   * derived from the environment (see `config/names.ts`).
   */
  readonly ledgerWriterRoleArn?: string;
  readonly verifier: VerifierConfig;
  readonly audit: AuditConfig;
  readonly threatDetection: ThreatDetectionConfig;
  readonly ledgerIntegrity: LedgerIntegrityConfig;
}
