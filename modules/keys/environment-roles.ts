import type { Construct } from 'constructs';
import { DataAwsIamSessionContext } from '@cdktf/provider-aws/lib/data-aws-iam-session-context';
import type { EnvironmentConfig } from '../../config/types';
import type { AwsContext } from '../core/aws-context';

/** The human and pipeline roles of an environment, by duty, resolved from config. */
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
  /**
   * `dev` convenience: config names no key administrators and no deployers, so the role running
   * Terraform holds every duty (administer, deploy, plan, sign, upload, enroll, read the ledger and audit logs) and the
   * pipeline's verification works with that one role. Config validation refuses it outside `dev`;
   * the synth report shows it as a suppressed separation-of-duties finding.
   */
  readonly oneRoleForAll: boolean;
}

/**
 * Resolves the roles of an environment. Only in the one-role mode does it read the running role
 * (`aws_iam_session_context`, which needs `iam:GetRole` on that role); with named roles it reads nothing.
 */
export function environmentRoles(scope: Construct, env: EnvironmentConfig, aws: AwsContext): EnvironmentRoles {
  const oneRoleForAll = env.keyAdministratorRoleArns.length === 0 && env.deployerRoleArns.length === 0;
  const data = env.dataAccess;
  if (!oneRoleForAll) {
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
      oneRoleForAll,
    };
  }
  const self = new DataAwsIamSessionContext(scope, 'deployer', { arn: aws.callerArn }).issuerArn;
  return {
    administrators: [self],
    deployers: [self],
    planReaders: [...env.planRoleArns, self],
    signers: [...env.signerRoleArns, self],
    uploaders: [...data.uploaderRoleArns, self],
    enrollers: [...data.enrollerRoleArns, self],
    ledgerReaders: [...data.ledgerReaderRoleArns, self],
    verifiers: [...data.verificationRoleArns, self],
    auditors: [...env.auditorRoleArns, self],
    oneRoleForAll,
  };
}
