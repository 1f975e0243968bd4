import type { EnvironmentConfig } from '../../config/types';
import { resourceNames } from '../../config/names';
import type { AwsContext } from '../core/aws-context';

/**
 * Roles that may append ledger records: the verifier's role (derived from its deterministic name),
 * plus `ledgerWriterRoleArn` from config when set. The ledger's resource policy and the VaultKey
 * policy both use this list, so adding a writer never locks the verifier out.
 */
export function ledgerWriterArns(env: EnvironmentConfig, aws: AwsContext): string[] {
  const verifier = aws.roleArn(resourceNames(env).verifierRole);
  return env.ledgerWriterRoleArn === undefined || env.ledgerWriterRoleArn === verifier
    ? [verifier]
    : [verifier, env.ledgerWriterRoleArn];
}
