import type { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import type { EnvironmentConfig } from '../config/types';
import { resourceNames } from '../config/names';
import { VaultStack } from './vault-stack';
import { CustomerManagedKey } from '../modules/core/customer-managed-key';
import { KeyAdministrationPolicy } from '../modules/keys/key-administration-policy';
import { VaultKeyPolicy } from '../modules/keys/vault-key-policy';
import { AuditKeyPolicy } from '../modules/keys/audit-key-policy';
import { LedgerSigningKeyPolicy } from '../modules/keys/ledger-signing-key-policy';
import { ledgerWriterArns } from '../modules/ledger/ledger-writers';
import { environmentRoles, type EnvironmentRoles } from '../modules/keys/environment-roles';
import { REFERENCES_PREFIX, UPLOADS_PREFIX } from '../modules/storage/bucket-layout';

/**
 * `<env>-keys`: two customer-managed keys with separated duties.
 *
 * - `VaultKey` (alias from config) encrypts biometric data: the vault bucket, the ledger, the
 *   verifier's environment, logs and failure queue.
 * - The audit key encrypts the audit trail: CloudTrail files, the trail's log group, exported
 *   GuardDuty findings and the alert-path watch topic (the alert topic has a key of its own, in
 *   `<env>-alerting`, administered by other roles). Who can read biometric data cannot read the audit
 *   trail through the key, and the audit pipeline cannot decrypt biometric data.
 * - The ledger signing key (asymmetric, `SIGN_VERIFY`) signs the ledger's digests: only the digest
 *   job's role signs, everyone in the account may read its public key. The VaultKey also encrypts the
 *   ledger's stream, digest bucket and the ledger-integrity functions' environment, logs and queues.
 *
 * Later stacks' principals (verifier role, trail, log groups) are named by deterministic names
 * from `config/names.ts`, not references, so the graph stays acyclic.
 */
export class KeysStack extends VaultStack {
  public readonly vaultKey: CustomerManagedKey;
  public readonly auditKey: CustomerManagedKey;
  /** The ledger digest signing key (asymmetric, SIGN_VERIFY): only the digest job signs with it. */
  public readonly ledgerSigningKey: CustomerManagedKey;
  /** The environment's roles by duty (administrators, deployers, data access). */
  public readonly roles: EnvironmentRoles;

  public constructor(scope: Construct, env: EnvironmentConfig) {
    super(scope, { env, concern: 'keys' });
    const names = resourceNames(env);
    const aws = this.aws;

    // Every duty is a named role from config (validation requires key administrators and deployers
    // in every environment), so the key policies do not depend on who runs Terraform.
    const roles = environmentRoles(env);
    this.roles = roles;

    const breakGlass = aws.roleArn(env.breakGlassRoleName);
    const verifierRole = aws.roleArn(names.verifierRole);
    const ledgerWriters = ledgerWriterArns(env, aws);
    // The ledger-integrity stack's roles (a later stack: named, not referenced).
    const streamRole = aws.roleArn(names.ledgerStreamRole);
    const digestRole = aws.roleArn(names.ledgerDigestRole);
    const schedulerRole = aws.roleArn(names.ledgerDigestSchedulerRole);
    const vaultBucket = aws.bucketArn(`${names.uploadsBucketPrefix}-${aws.accountId}`);

    const vaultAdministration = new KeyAdministrationPolicy(this, 'vault-key-administration', {
      aws,
      administratorArns: roles.administrators,
      metadataReaderArns: roles.planReaders,
    });
    const vaultPolicy = new VaultKeyPolicy(this, 'vault-key-policy', {
      aws,
      administration: vaultAdministration.document.json,
      dataUserArns: [verifierRole, ...ledgerWriters.filter((a) => a !== verifierRole)],
      ledgerTableName: names.ledgerTable,
      // Uploaders write uploads, enrollment writes references: each gets data keys only for its own
      // prefix of the vault bucket (S3 names the object in the encryption context: no Bucket Key).
      s3Writers: [
        { sid: 'PutUploadsViaS3', arns: roles.uploaders, objects: [`${vaultBucket}/${UPLOADS_PREFIX}*`] },
        { sid: 'PutReferencesViaS3', arns: roles.enrollers, objects: [`${vaultBucket}/${REFERENCES_PREFIX}*`] },
      ],
      s3RestorerArns: [breakGlass],
      // The stream consumer reads the ledger's stream, which DynamoDB encrypts with the table's key.
      ledgerReaderArns: [...roles.ledgerReaders, breakGlass, streamRole],
      functionEnvironmentReaderArns: roles.planReaders,
      functionNames: [names.verifierFunction, names.ledgerStreamFunction, names.ledgerDigestFunction],
      s3ScannerArns: [aws.roleArn(names.malwareProtectionRole)],
      deployerArns: roles.deployers,
      restorerArns: [breakGlass],
      queueUserArns: [verifierRole, streamRole, schedulerRole],
      queueReaderArns: [breakGlass],
      logGroupNames: [names.verifierLogGroup, names.ledgerStreamLogGroup, names.ledgerDigestLogGroup],
      queueServicePublishers: [{ service: 's3.amazonaws.com', queueNames: [names.verifierIntakeQueue] }],
      digestBucket: {
        arn: aws.bucketArn(`${names.ledgerDigestBucketPrefix}-${aws.accountId}`),
        writerArns: [streamRole, digestRole],
        readerArns: [...roles.ledgerReaders, breakGlass, digestRole],
      },
    });
    this.vaultKey = new CustomerManagedKey(this, 'VaultKey', {
      description: `Biometric identity vault (${env.name}): uploads, reference images, ledger records`,
      alias: env.keyAlias,
      policy: vaultPolicy.document.json,
    });

    const auditAdministration = new KeyAdministrationPolicy(this, 'audit-key-administration', {
      aws,
      administratorArns: roles.administrators,
      metadataReaderArns: roles.planReaders,
    });
    const auditPolicy = new AuditKeyPolicy(this, 'audit-key-policy', {
      aws,
      administration: auditAdministration.document.json,
      trailName: names.trail,
      trailBucketName: `${names.trailBucketPrefix}-${aws.accountId}`,
      watchTopicName: names.alertPathWatchTopic,
      logGroupNames: [names.trailLogGroup],
      readerArns: [breakGlass, ...roles.auditors],
    });
    this.auditKey = new CustomerManagedKey(this, 'AuditKey', {
      description: `Biometric identity vault (${env.name}): audit trail, audit log group, findings, alert-path watch`,
      alias: env.auditKeyAlias,
      policy: auditPolicy.document.json,
    });

    const signingAdministration = new KeyAdministrationPolicy(this, 'ledger-signing-key-administration', {
      aws,
      administratorArns: roles.administrators,
      metadataReaderArns: roles.planReaders,
    });
    const signingPolicy = new LedgerSigningKeyPolicy(this, 'ledger-signing-key-policy', {
      aws,
      administration: signingAdministration.document.json,
      signerRoleArn: digestRole,
    });
    this.ledgerSigningKey = new CustomerManagedKey(this, 'LedgerSigningKey', {
      description: `Biometric identity vault (${env.name}): signs the ledger's digests (RSASSA-PKCS1-v1_5 SHA-256)`,
      alias: names.ledgerSigningKeyAlias,
      policy: signingPolicy.document.json,
      // RSA 3072: 128-bit security, for signatures that must stay unforgeable as long as the digests are kept.
      purpose: { usage: 'sign', keySpec: 'RSA_3072' },
    });

    new TerraformOutput(this, 'vault_key_arn', { value: this.vaultKey.keyArn });
    new TerraformOutput(this, 'audit_key_arn', { value: this.auditKey.keyArn });
    new TerraformOutput(this, 'ledger_signing_key_arn', { value: this.ledgerSigningKey.keyArn });
  }
}
