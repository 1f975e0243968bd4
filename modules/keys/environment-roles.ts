import type { EnvironmentConfig } from '../../config/types';

/** The human and pipeline roles of an environment, by duty, as config names them. */
export interface EnvironmentRoles {
  readonly administrators: readonly string[];
  readonly deployers: readonly string[];
  readonly planReaders: readonly string[];
  /** Roles that sign the verifier's package with the environment's signing profile. */
  readonly signers: readonly string[];
  readonly uploaders: readonly string[];
  readonly enrollers: readonly string[];
  readonly ledgerReaders: readonly string[];
  /** Roles that run `verify:deployment` (read the metadata of their own probe uploads). */
  readonly verifiers: readonly string[];
  readonly auditors: readonly string[];
}

/**
 * The roles of an environment. Every duty is a named role from config, never "whoever runs
 * Terraform": the key policies then render the same for the plan role and for the deployer, so a
 * pull-request plan shows no key-policy difference that an apply would not make.
 */
export function environmentRoles(env: EnvironmentConfig): EnvironmentRoles {
  const data = env.dataAccess;
  return {
    administrators: [...env.keyAdministratorRoleArns],
    deployers: [...env.deployerRoleArns],
    planReaders: [...env.planRoleArns],
    signers: [...env.signerRoleArns],
    uploaders: [...data.uploaderRoleArns],
    enrollers: [...data.enrollerRoleArns],
    ledgerReaders: [...data.ledgerReaderRoleArns],
    verifiers: [...data.verificationRoleArns],
    auditors: [...env.auditorRoleArns],
  };
}
