import type { Construct } from 'constructs';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { suppressRule } from '../compliance/engine/suppression';
import type { EnvironmentConfig } from '../config/types';
import { StateStack } from './state-stack';
import { GuardrailsStack } from './guardrails-stack';
import { KeysStack } from './keys-stack';
import { AlertingStack } from './alerting-stack';
import { StorageStack } from './storage-stack';
import { LedgerStack } from './ledger-stack';
import { AuditStack } from './audit-stack';
import { ThreatDetectionStack } from './threat-detection-stack';
import { VerifierStack } from './verifier-stack';
import { LedgerIntegrityStack } from './ledger-integrity-stack';
import type { SignedVerifierPackage } from '../modules/verifier/verifier-function';

/** Every stack of one environment, in dependency order. */
export interface EnvironmentStacks {
  readonly state: StateStack;
  readonly guardrails: GuardrailsStack;
  readonly keys: KeysStack;
  readonly alerting: AlertingStack;
  readonly storage: StorageStack;
  readonly ledger: LedgerStack;
  readonly audit: AuditStack;
  readonly threatDetection: ThreatDetectionStack;
  readonly verifier: VerifierStack;
  readonly ledgerIntegrity: LedgerIntegrityStack;
}

/** What the environment is built with besides its configuration. */
export interface BuildOptions {
  /**
   * The signed verifier package to deploy (the deploy workflow's signing step).
   * @default a local, unsigned build (deploys only where code signing warns)
   */
  readonly verifierPackage?: SignedVerifierPackage;
  /**
   * The signed ledger-integrity package (both of its functions), from the same signing step.
   * @default a local, unsigned build
   */
  readonly ledgerIntegrityPackage?: SignedVerifierPackage;
}

/**
 * Instantiates one environment's stacks. Dependencies flow one way:
 * state -> keys, alerting -> guardrails, storage, ledger -> audit, threat-detection, verifier,
 * ledger-integrity.
 * cdktf turns each cross-stack reference into an output plus a remote-state data source.
 */
export function buildEnvironment(
  scope: Construct,
  env: EnvironmentConfig,
  options: BuildOptions = {},
): EnvironmentStacks {
  const state = new StateStack(scope, env);
  const keys = new KeysStack(scope, env);
  const alerting = new AlertingStack(scope, env);
  const guardrails = new GuardrailsStack(scope, env, {
    vaultKeyArn: keys.vaultKey.keyArn,
    alertKeyArn: alerting.alertKeyArn,
    ledgerSigningKeyArn: keys.ledgerSigningKey.keyArn,
  });
  const storage = new StorageStack(scope, env, { vaultKeyArn: keys.vaultKey.keyArn });
  const ledger = new LedgerStack(scope, env, { vaultKeyArn: keys.vaultKey.keyArn });
  for (const stack of [guardrails, keys, alerting, storage, ledger]) stack.addDependency(state);
  const audit = new AuditStack(scope, env, {
    auditKeyArn: keys.auditKey.keyArn,
    vaultKeyArn: keys.vaultKey.keyArn,
    watchedKeys: [keys.vaultKey, keys.auditKey, alerting.alertKey, keys.ledgerSigningKey].map((k) => ({
      arn: k.keyArn,
      id: k.keyId,
    })),
    alertTopicArn: alerting.alertTopicArn,
    alertKeyArn: alerting.alertKeyArn,
    alertDeadLetterQueueArn: alerting.deadLetterQueueArn,
    vaultBucketName: storage.vaultBucket.bucketName,
    vaultBucketArn: storage.vaultBucket.bucketArn,
    accessLogBucketName: storage.accessLogBucket.bucketName,
    ledgerTableArn: ledger.ledger.tableArn,
  });
  const threatDetection = new ThreatDetectionStack(scope, env, {
    vaultBucketName: storage.vaultBucket.bucketName,
    vaultKeyArn: keys.vaultKey.keyArn,
    auditKeyArn: keys.auditKey.keyArn,
    alertTopicArn: alerting.alertTopicArn,
    alertDeadLetterQueueArn: alerting.deadLetterQueueArn,
    findingsDestinationArn: audit.findingsDestinationArn,
  });
  const verifier = new VerifierStack(scope, env, {
    vaultKeyArn: keys.vaultKey.keyArn,
    vaultBucketName: storage.vaultBucket.bucketName,
    vaultBucketArn: storage.vaultBucket.bucketArn,
    ledgerTableName: ledger.ledger.tableName,
    ledgerTableArn: ledger.ledger.tableArn,
    alertTopicArn: alerting.alertTopicArn,
    codeSigningConfigArn: guardrails.codeSigningConfigArn,
    ...(options.verifierPackage !== undefined && { package: options.verifierPackage }),
  });
  // Both write the vault bucket's notification settings (GuardDuty turns on EventBridge delivery,
  // the verifier owns the Lambda notification): apply them one after the other.
  verifier.addDependency(threatDetection);
  const ledgerIntegrity = new LedgerIntegrityStack(scope, env, {
    vaultKeyArn: keys.vaultKey.keyArn,
    alertTopicKeyArn: alerting.alertKeyArn,
    signingKeyArn: keys.ledgerSigningKey.keyArn,
    ledgerTableName: ledger.ledger.tableName,
    ledgerStreamArn: ledger.ledger.streamArn ?? '',
    alertTopicArn: alerting.alertTopicArn,
    accessLogBucketName: storage.accessLogBucket.bucketName,
    codeSigningConfigArn: guardrails.codeSigningConfigArn,
    ...(options.ledgerIntegrityPackage !== undefined && { package: options.ledgerIntegrityPackage }),
  });
  // The roles of these stacks carry the permissions boundary the guardrails stack creates.
  for (const stack of [audit, threatDetection, verifier, ledgerIntegrity]) stack.addDependency(guardrails);
  if (!env.alerting.eventBridgeSourceArnCondition) allowUnconditionedEventBridge([audit, threatDetection, alerting]);
  return { state, guardrails, keys, alerting, storage, ledger, audit, threatDetection, verifier, ledgerIntegrity };
}

/**
 * `alerting.eventBridgeSourceArnCondition: false`: the alert topic admits EventBridge without
 * `aws:SourceArn`. VAULT-EVB-002 then fails on every target of the topic; the configuration says why.
 */
function allowUnconditionedEventBridge(stacks: readonly Construct[]): void {
  for (const stack of stacks) {
    for (const c of stack.node.findAll()) {
      if (c instanceof CloudwatchEventTarget)
        suppressRule(
          c,
          'VAULT-EVB-002',
          'config alerting.eventBridgeSourceArnCondition is false: the alert topic admits events.amazonaws.com without aws:SourceArn, the form the EventBridge user guide documents for SNS topic policies',
        );
    }
  }
}
