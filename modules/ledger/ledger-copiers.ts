import type { EnvironmentConfig } from '../../config/types';
import { environmentRoles } from '../keys/environment-roles';

/**
 * Roles that may copy the ledger (back it up, export it, restore it): the ledger readers, except the
 * verification role, which reads its probe's record and has no reason to copy the table.
 */
export function ledgerCopierArns(env: EnvironmentConfig): string[] {
  const roles = environmentRoles(env);
  return roles.ledgerReaders.filter((arn) => !roles.verifiers.includes(arn));
}
