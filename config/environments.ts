import type { EnvironmentConfig } from './types';

/**
 * The environments of the vault, checked into the repository.
 *
 * Pick one with `VAULT_ENV` (default `dev`); `VAULT_ENV=dev,prod` or `VAULT_ENV=all` synthesizes
 * several at once. Account ids and role ARNs below are placeholders: set yours before `cdktf deploy`
 * (synth needs no AWS credentials and no edits).
 */
export const DEFAULT_ENVIRONMENT = 'dev';

/**
 * The roles of an environment with separated duties (every environment, dev too), named
 * `biometric-vault-<duty>` in its account: key administrators, deployers, plan roles, package
 * signers, uploaders, enrollers, ledger readers and auditors. The verification role
 * (`verify:deployment`) refreshes plans, uploads a probe, reads its metadata and its ledger record
 * and validates the trail's digest chain, so it is a plan role, an uploader, a verification role, a
 * ledger reader and an auditor.
 */
function separatedDuties(
  account: string,
): Pick<
  EnvironmentConfig,
  'keyAdministratorRoleArns' | 'deployerRoleArns' | 'planRoleArns' | 'signerRoleArns' | 'dataAccess' | 'auditorRoleArns'
> {
  const role = (duty: string): string => `arn:aws:iam::${account}:role/biometric-vault-${duty}`;
  const verification = role('verification');
  return {
    keyAdministratorRoleArns: [role('key-admin')],
    deployerRoleArns: [role('deployer')],
    planRoleArns: [role('plan'), verification],
    signerRoleArns: [role('signer')],
    dataAccess: {
      uploaderRoleArns: [role('uploader'), verification],
      enrollerRoleArns: [role('enrollment')],
      ledgerReaderRoleArns: [role('auditor'), verification],
      verificationRoleArns: [verification],
    },
    auditorRoleArns: [verification],
  };
}

/**
 * The alert path of an environment: the alert key's alias and its administrators
 * (`biometric-vault-alert-admin`), who are neither the key administrators nor the deployers.
 */
function alertPath(name: string, account: string): EnvironmentConfig['alerting'] {
  return {
    keyAlias: `alias/biometric-vault-alerts-${name}`,
    keyAdministratorRoleArns: [`arn:aws:iam::${account}:role/biometric-vault-alert-admin`],
    eventBridgeSourceArnCondition: true,
  };
}

export const ENVIRONMENTS: Readonly<Record<'dev' | 'staging' | 'prod', EnvironmentConfig>> = {
  dev: {
    name: 'dev',
    region: 'eu-west-1',
    allowedAccountIds: ['111111111111'],
    stateBucketName: 'biometric-vault-tfstate-dev-111111111111',
    stateBackend: 'local',
    // Placeholder until bootstrap: set to the `state_key_arn` output of dev-state.
    stateKeyArn: 'arn:aws:kms:eu-west-1:111111111111:key/00000000-0000-4000-8000-000000000001',
    keyAlias: 'alias/biometric-vault-dev',
    auditKeyAlias: 'alias/biometric-vault-audit-dev',
    imageRetentionDays: 30,
    logRetentionDays: 90,
    deletionProtection: true,
    // Named roles in dev too: the key policies never depend on who runs Terraform.
    ...separatedDuties('111111111111'),
    alerting: alertPath('dev', '111111111111'),
    breakGlassRoleName: 'biometric-vault-break-glass',
    verifier: {
      faceConfidenceThreshold: 90,
      similarityThreshold: 95,
      allowDetectionOnlyWithoutReference: true,
      reservedConcurrency: 10,
      rekognitionTpsQuota: 5,
      maxConcurrency: 2,
      batchSize: 5,
      maxReceiveCount: 10,
      maxAsyncRetries: 2,
      unauthorizedAlarmThreshold: 50,
      // dev only: a developer may deploy a local, unsigned build (Lambda logs a warning).
      codeSigning: 'Warn',
    },
    audit: {
      trailRetentionDays: 400,
      transitionToColdDays: 90,
      objectLockMode: 'GOVERNANCE',
      objectLockDays: 30,
    },
    threatDetection: { findingSeverityThreshold: 4 },
    ledgerIntegrity: {
      digestIntervalMinutes: 15,
      settleSeconds: 180,
      objectLockMode: 'GOVERNANCE',
      objectLockDays: 30,
      digestMemoryMb: 1024,
    },
  },
  staging: {
    name: 'staging',
    region: 'eu-west-1',
    allowedAccountIds: ['222222222222'],
    stateBucketName: 'biometric-vault-tfstate-staging-222222222222',
    stateBackend: 'local',
    stateKeyArn: 'arn:aws:kms:eu-west-1:222222222222:key/00000000-0000-4000-8000-000000000002',
    keyAlias: 'alias/biometric-vault-staging',
    auditKeyAlias: 'alias/biometric-vault-audit-staging',
    imageRetentionDays: 30,
    logRetentionDays: 365,
    deletionProtection: true,
    ...separatedDuties('222222222222'),
    alerting: alertPath('staging', '222222222222'),
    breakGlassRoleName: 'biometric-vault-break-glass',
    verifier: {
      faceConfidenceThreshold: 90,
      similarityThreshold: 95,
      allowDetectionOnlyWithoutReference: false,
      reservedConcurrency: 20,
      rekognitionTpsQuota: 25,
      maxConcurrency: 5,
      batchSize: 10,
      maxReceiveCount: 10,
      maxAsyncRetries: 2,
      unauthorizedAlarmThreshold: 50,
      codeSigning: 'Enforce',
    },
    audit: {
      trailRetentionDays: 400,
      transitionToColdDays: 90,
      objectLockMode: 'GOVERNANCE',
      objectLockDays: 90,
    },
    threatDetection: { findingSeverityThreshold: 4 },
    ledgerIntegrity: {
      digestIntervalMinutes: 15,
      settleSeconds: 180,
      objectLockMode: 'GOVERNANCE',
      objectLockDays: 90,
      digestMemoryMb: 1024,
    },
  },
  prod: {
    name: 'prod',
    region: 'eu-central-1',
    allowedAccountIds: ['333333333333'],
    stateBucketName: 'biometric-vault-tfstate-prod-333333333333',
    stateBackend: 'local',
    stateKeyArn: 'arn:aws:kms:eu-central-1:333333333333:key/00000000-0000-4000-8000-000000000003',
    keyAlias: 'alias/biometric-vault-prod',
    auditKeyAlias: 'alias/biometric-vault-audit-prod',
    imageRetentionDays: 14,
    logRetentionDays: 400,
    deletionProtection: true,
    ...separatedDuties('333333333333'),
    alerting: alertPath('prod', '333333333333'),
    breakGlassRoleName: 'biometric-vault-break-glass',
    alertEmail: 'security-alerts@example.com',
    verifier: {
      faceConfidenceThreshold: 95,
      similarityThreshold: 98,
      allowDetectionOnlyWithoutReference: false,
      reservedConcurrency: 50,
      rekognitionTpsQuota: 50,
      maxConcurrency: 10,
      batchSize: 10,
      maxReceiveCount: 10,
      maxAsyncRetries: 2,
      unauthorizedAlarmThreshold: 100,
      codeSigning: 'Enforce',
    },
    audit: {
      trailRetentionDays: 2555,
      transitionToColdDays: 90,
      objectLockMode: 'COMPLIANCE',
      objectLockDays: 365,
    },
    threatDetection: { findingSeverityThreshold: 4 },
    ledgerIntegrity: {
      digestIntervalMinutes: 15,
      settleSeconds: 180,
      // COMPLIANCE: no principal, root and break-glass included, can delete a digest for 7 years.
      objectLockMode: 'COMPLIANCE',
      objectLockDays: 2555,
      digestMemoryMb: 1024,
    },
  },
};
