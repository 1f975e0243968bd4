import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/types';
import { StateStack } from './state-stack';
import { KeysStack } from './keys-stack';
import { StorageStack } from './storage-stack';
import { LedgerStack } from './ledger-stack';
import { AuditStack } from './audit-stack';
import { ThreatDetectionStack } from './threat-detection-stack';
import { VerifierStack } from './verifier-stack';

/** Every stack of one environment, in dependency order. */
export interface EnvironmentStacks {
  readonly state: StateStack;
  readonly keys: KeysStack;
  readonly storage: StorageStack;
  readonly ledger: LedgerStack;
  readonly audit: AuditStack;
  readonly threatDetection: ThreatDetectionStack;
  readonly verifier: VerifierStack;
}

/**
 * Instantiates one environment's stacks. Dependencies flow one way:
 * state -> keys -> storage, ledger -> audit, threat-detection, verifier.
 * cdktf turns each cross-stack reference into an output plus a remote-state data source.
 */
export function buildEnvironment(scope: Construct, env: EnvironmentConfig): EnvironmentStacks {
  const state = new StateStack(scope, env);
  const keys = new KeysStack(scope, env);
  const storage = new StorageStack(scope, env, { vaultKeyArn: keys.vaultKey.keyArn });
  const ledger = new LedgerStack(scope, env, { vaultKeyArn: keys.vaultKey.keyArn });
  for (const stack of [keys, storage, ledger]) stack.addDependency(state);
  const audit = new AuditStack(scope, env, {
    auditKeyArn: keys.auditKey.keyArn,
    vaultKeyArn: keys.vaultKey.keyArn,
    vaultBucketName: storage.vaultBucket.bucketName,
    vaultBucketArn: storage.vaultBucket.bucketArn,
    accessLogBucketName: storage.accessLogBucket.bucketName,
    ledgerTableArn: ledger.ledger.tableArn,
  });
  const threatDetection = new ThreatDetectionStack(scope, env, {
    vaultBucketName: storage.vaultBucket.bucketName,
    vaultKeyArn: keys.vaultKey.keyArn,
    auditKeyArn: keys.auditKey.keyArn,
    alertTopicArn: audit.alertTopicArn,
    findingsDestinationArn: audit.findingsDestinationArn,
  });
  const verifier = new VerifierStack(scope, env, {
    vaultKeyArn: keys.vaultKey.keyArn,
    vaultBucketName: storage.vaultBucket.bucketName,
    vaultBucketArn: storage.vaultBucket.bucketArn,
    ledgerTableName: ledger.ledger.tableName,
    ledgerTableArn: ledger.ledger.tableArn,
    alertTopicArn: audit.alertTopicArn,
  });
  // Both write the vault bucket's notification settings (GuardDuty turns on EventBridge delivery,
  // the verifier owns the Lambda notification): apply them one after the other.
  verifier.addDependency(threatDetection);
  return { state, keys, storage, ledger, audit, threatDetection, verifier };
}
