import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/types';
import { StateStack } from './state-stack';
import { KeysStack } from './keys-stack';
import { StorageStack } from './storage-stack';
import { LedgerStack } from './ledger-stack';

/** Every stack of one environment, in dependency order. */
export interface EnvironmentStacks {
  readonly state: StateStack;
  readonly keys: KeysStack;
  readonly storage: StorageStack;
  readonly ledger: LedgerStack;
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
  return { state, keys, storage, ledger };
}
