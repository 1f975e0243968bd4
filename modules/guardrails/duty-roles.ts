import type { EnvironmentConfig } from '../../config/types';
import { resourceNames } from '../../config/names';
import type { AwsContext } from '../core/aws-context';
import { environmentRoles } from '../keys/environment-roles';
import { ledgerWriterArns } from '../ledger/ledger-writers';

/**
 * The roles the vault's policies name by ARN that the project does not create: every duty role of
 * config (key and alert-key administrators, deployers, plan roles, signers, uploaders, enrollment,
 * ledger readers, verification, auditors, a ledger writer other than the verifier) and break-glass.
 * Nobody but break-glass may change them (the guardrail), and changes to them alert.
 */
export function dutyRoleArns(env: EnvironmentConfig, aws: AwsContext): string[] {
  const roles = environmentRoles(env);
  const verifierRole = aws.roleArn(resourceNames(env).verifierRole);
  return [
    ...new Set([
      ...roles.administrators,
      ...env.alerting.keyAdministratorRoleArns,
      ...roles.deployers,
      ...roles.planReaders,
      ...roles.signers,
      ...roles.uploaders,
      ...roles.enrollers,
      ...roles.ledgerReaders,
      ...roles.verifiers,
      ...roles.auditors,
      ...ledgerWriterArns(env, aws).filter((a) => a !== verifierRole),
      aws.roleArn(env.breakGlassRoleName),
    ]),
  ];
}
