import type { EnvironmentConfig } from './types';

/** Project prefix of every resource name. */
export const PROJECT = 'biometric-vault';

/** The concerns, one Terraform stack each, in dependency order. */
export const CONCERNS = [
  'state',
  'keys',
  'alerting',
  'guardrails',
  'storage',
  'ledger',
  'audit',
  'threat-detection',
  'verifier',
  'ledger-integrity',
] as const;
export type Concern = (typeof CONCERNS)[number];

/** Stack name `<env>-<concern>`. */
export function stackName(env: EnvironmentConfig, concern: Concern): string {
  return `${env.name}-${concern}`;
}

/** S3 key of a stack's state in the state bucket: `<env>/<stack>.tfstate`. */
export function stateKey(env: EnvironmentConfig, concern: Concern): string {
  return `${env.name}/${stackName(env, concern)}.tfstate`;
}

/**
 * Directory, relative to the repository root, that keeps the local Terraform state of a stack on a
 * local backend (the `<env>-state` stack until its state is migrated into its own bucket). It is
 * outside `cdktf.out` on purpose: synthesis replaces `cdktf.out`, and state must survive it.
 */
export const LOCAL_STATE_DIR = 'terraform-state';

/**
 * Path of a stack's local state as its backend block names it. Terraform resolves it from the
 * stack's working directory, `cdktf.out/stacks/<stack>/`, so three levels up is the repository root.
 */
export function localStatePath(env: EnvironmentConfig, concern: Concern): string {
  return `../../../${LOCAL_STATE_DIR}/${stackName(env, concern)}.tfstate`;
}

/**
 * Deterministic names of the resources that two stacks would otherwise need from each other.
 *
 * The stack graph is acyclic (state -> keys, alerting -> guardrails, storage, ledger -> audit,
 * threat-detection, verifier, ledger-integrity).
 * Where an earlier stack must name a resource of a later one (the key policy names the verifier's
 * role and the trail; the ledger policy names its writer role; the trail selects the verifier's
 * function), it derives the ARN from these names instead of holding a reference, which would
 * create a cycle. Tests check that the later stack creates the resource under exactly this name.
 */
export interface ResourceNames {
  /** Alias of the key that encrypts Terraform state (created by `<env>-state`). */
  readonly stateKeyAlias: string;
  /** Bucket receiving the state bucket's server access logs (created by `<env>-state`). */
  readonly stateAccessLogBucketPrefix: string;
  /** Managed policy set as the permissions boundary of every role the project creates. */
  readonly permissionsBoundaryPolicy: string;
  /** Managed policy with the account guardrail (also rendered as an SCP document). */
  readonly guardrailPolicy: string;
  /**
   * Managed policy with the detection guardrail (also an SCP document): who may stop or blind the
   * trail, GuardDuty, the rules, alarms and log groups, and who may read the trail's log group.
   */
  readonly detectionGuardrailPolicy: string;
  /** Role EventBridge assumes in us-east-1 to forward IAM's events to the environment's region. */
  readonly globalEventsForwarderRole: string;
  /** AWS Signer profile that signs the verifier's package (letters, digits and underscores only). */
  readonly signingProfile: string;
  /** Versioned bucket holding the verifier's unsigned and signed packages (storage stack). */
  readonly artifactBucketPrefix: string;
  readonly uploadsBucketPrefix: string;
  readonly accessLogBucketPrefix: string;
  readonly trailBucketPrefix: string;
  readonly ledgerTable: string;
  readonly verifierFunction: string;
  readonly verifierRole: string;
  readonly verifierLogGroup: string;
  readonly verifierFailureQueue: string;
  /** The queue S3 notifies of uploads and the verifier drains (the key policy lets S3 use the key for it). */
  readonly verifierIntakeQueue: string;
  readonly trail: string;
  readonly trailLogGroup: string;
  readonly trailLogRole: string;
  /** The alert topic (`<env>-alerting`), encrypted with the alert key. */
  readonly alertTopic: string;
  /**
   * The alert-path watch topic (`<env>-audit`), encrypted with the audit key: the alarms that report
   * the alert key and the alert topic themselves, which the alert topic cannot carry.
   */
  readonly alertPathWatchTopic: string;
  /** Where the alerts EventBridge could not deliver to the alert topic are kept (`<env>-alerting`). */
  readonly alertDeadLetterQueue: string;
  /**
   * Prefix of every CloudWatch alarm of the environment: only alarms named with it may publish to
   * the alert topic.
   */
  readonly alarmPrefix: string;
  /**
   * Prefix of every EventBridge rule of the environment (default bus): only rules named with it may
   * publish to the alert topic and use its dead-letter queue.
   */
  readonly eventRulePrefix: string;
  /** Alarm that `verify:deployment` sets to ALARM to prove the alarm path (`<env>-alerting`). */
  readonly alertCanaryAlarm: string;
  /** EventBridge rule that routes `verify:deployment`'s canary event to the alert topic (`<env>-alerting`). */
  readonly alertCanaryRule: string;
  /** `source` of the canary event (custom events may not start with `aws.`). */
  readonly alertCanarySource: string;
  /** `detail-type` of the canary event. */
  readonly alertCanaryDetailType: string;
  readonly malwareProtectionRole: string;
  /** Bucket of the ledger's signed digests and staged stream batches (`<env>-ledger-integrity`). */
  readonly ledgerDigestBucketPrefix: string;
  /** The ledger's stream consumer: function, role, log group and failure queue (`<env>-ledger-integrity`). */
  readonly ledgerStreamFunction: string;
  readonly ledgerStreamRole: string;
  readonly ledgerStreamLogGroup: string;
  readonly ledgerStreamFailureQueue: string;
  /** The digest job: function, role, log group, schedule, its scheduler role and dead-letter queue. */
  readonly ledgerDigestFunction: string;
  readonly ledgerDigestRole: string;
  readonly ledgerDigestLogGroup: string;
  readonly ledgerDigestSchedule: string;
  readonly ledgerDigestSchedulerRole: string;
  readonly ledgerDigestDeadLetterQueue: string;
  /** Aliases of the digest signing key (asymmetric) and of the key of the digest bucket, logs and queues (`<env>-keys`). */
  readonly ledgerSigningKeyAlias: string;
  readonly ledgerIntegrityKeyAlias: string;
}

export function resourceNames(env: EnvironmentConfig): ResourceNames {
  const base = `${PROJECT}-${env.name}`;
  return {
    stateKeyAlias: `alias/${base}-state`,
    stateAccessLogBucketPrefix: `${base}-state-logs`,
    permissionsBoundaryPolicy: `${base}-boundary`,
    guardrailPolicy: `${base}-guardrail`,
    detectionGuardrailPolicy: `${base}-detection-guardrail`,
    globalEventsForwarderRole: `${base}-global-events-forwarder`,
    // Signer profile names allow only [a-zA-Z0-9_]{2,64}: no hyphens.
    signingProfile: `${PROJECT.replace(/-/g, '_')}_${env.name}_verifier`,
    artifactBucketPrefix: `${base}-artifacts`,
    // Bucket names are global: the account id is appended at synth time from aws_caller_identity.
    uploadsBucketPrefix: `${base}-vault`,
    accessLogBucketPrefix: `${base}-access-logs`,
    trailBucketPrefix: `${base}-trail`,
    ledgerTable: `${base}-ledger`,
    verifierFunction: `${base}-verifier`,
    verifierRole: `${base}-verifier`,
    verifierLogGroup: `/aws/lambda/${base}-verifier`,
    verifierFailureQueue: `${base}-verifier-failures`,
    verifierIntakeQueue: `${base}-verifier-intake`,
    trail: `${base}-trail`,
    trailLogGroup: `/aws/cloudtrail/${base}`,
    trailLogRole: `${base}-cloudtrail-logs`,
    alertTopic: `${base}-alerts`,
    alertDeadLetterQueue: `${base}-alerts-undelivered`,
    alertPathWatchTopic: `${base}-alert-path-watch`,
    alarmPrefix: `${base}-`,
    eventRulePrefix: `${base}-`,
    alertCanaryAlarm: `${base}-alert-canary`,
    alertCanaryRule: `${base}-alert-canary`,
    alertCanarySource: `${PROJECT}.${env.name}.canary`,
    alertCanaryDetailType: 'Alert path canary',
    malwareProtectionRole: `${base}-malware-protection`,
    ledgerDigestBucketPrefix: `${base}-ledger-digests`,
    ledgerStreamFunction: `${base}-ledger-stream`,
    ledgerStreamRole: `${base}-ledger-stream`,
    ledgerStreamLogGroup: `/aws/lambda/${base}-ledger-stream`,
    ledgerStreamFailureQueue: `${base}-ledger-stream-failures`,
    ledgerDigestFunction: `${base}-ledger-digest`,
    ledgerDigestRole: `${base}-ledger-digest`,
    ledgerDigestLogGroup: `/aws/lambda/${base}-ledger-digest`,
    ledgerDigestSchedule: `${base}-ledger-digest`,
    ledgerDigestSchedulerRole: `${base}-ledger-digest-scheduler`,
    ledgerDigestDeadLetterQueue: `${base}-ledger-digest-failures`,
    ledgerSigningKeyAlias: `alias/${base}-ledger-digest-signing`,
    ledgerIntegrityKeyAlias: `alias/${base}-ledger-integrity`,
  };
}
