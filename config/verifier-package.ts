import type { EnvironmentConfig } from './types';
import { resourceNames } from './names';
import { ConfigValidationError, type ConfigProblem } from './validate';
import type { SignedVerifierPackage } from '../modules/verifier/verifier-function';
import { ARTIFACT_SIGNED_PREFIX } from '../modules/storage/bucket-layout';

/** Environment variable naming the signed verifier package to deploy (the deploy workflow's signing step). */
export const VERIFIER_PACKAGE_VARIABLE = 'VAULT_VERIFIER_PACKAGE';
/** Environment variable naming the signed ledger-integrity package (its stream consumer and digest job). */
export const LEDGER_INTEGRITY_PACKAGE_VARIABLE = 'VAULT_LEDGER_INTEGRITY_PACKAGE';

const FORMAT = `s3://<bucket>/${ARTIFACT_SIGNED_PREFIX}<key>?versionId=<version>`;

/**
 * Reads `VAULT_VERIFIER_PACKAGE` or `VAULT_LEDGER_INTEGRITY_PACKAGE` (`variable`;
 * `s3://<artifact bucket>/verifier/signed/<key>?versionId=<version>`, what `.github/scripts/sign-verifier.sh`
 * prints: every function package of the project is signed under the artifact bucket's `verifier/` prefixes)
 * for the one environment being synthesized.
 * Unset or empty: undefined (the verifier deploys a local, unsigned build, which Lambda refuses where
 * code signing is enforced). Anything else must be exactly a signed package of that environment's
 * artifact bucket; a problem names the variable, the value and the expected form.
 */
export function signedVerifierPackage(
  value: string | undefined,
  environments: readonly EnvironmentConfig[],
  variable: string = VERIFIER_PACKAGE_VARIABLE,
): SignedVerifierPackage | undefined {
  const raw = (value ?? '').trim();
  if (raw === '') return undefined;
  const problems: ConfigProblem[] = [];
  const problem = (message: string): void => {
    problems.push({ field: variable, value: raw, message });
  };
  const [env, ...others] = environments;
  if (env === undefined || others.length > 0) {
    problem(
      `names one environment's package: select exactly one environment with VAULT_ENV (selected: ${environments.map((e) => e.name).join(', ') || 'none'})`,
    );
    throw new ConfigValidationError(variable, problems);
  }
  const m = /^s3:\/\/([^/?#]+)\/([^?#]+)\?versionId=([^&#]+)$/.exec(raw);
  if (m === null) {
    problem(`must be ${FORMAT}`);
    throw new ConfigValidationError(variable, problems);
  }
  const [, bucket = '', key = '', versionId = ''] = m;
  const prefix = `${resourceNames(env).artifactBucketPrefix}-`;
  const account = bucket.startsWith(prefix) ? bucket.slice(prefix.length) : undefined;
  if (account === undefined || !env.allowedAccountIds.includes(account)) {
    problem(
      `bucket must be ${env.name}'s artifact bucket, ${prefix}<one of ${env.allowedAccountIds.join(', ')}> (received bucket "${bucket}")`,
    );
  }
  if (!key.startsWith(ARTIFACT_SIGNED_PREFIX) || key.length === ARTIFACT_SIGNED_PREFIX.length) {
    problem(`key must be under ${ARTIFACT_SIGNED_PREFIX}, where AWS Signer writes signed packages (received "${key}")`);
  }
  if (versionId === 'null') problem('versionId must be a real version id (the artifact bucket is versioned)');
  if (problems.length > 0) throw new ConfigValidationError(variable, problems);
  return { s3Bucket: bucket, s3Key: key, s3ObjectVersion: decodeURIComponent(versionId) };
}
