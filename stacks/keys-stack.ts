import type { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { DataAwsIamSessionContext } from '@cdktf/provider-aws/lib/data-aws-iam-session-context';
import type { EnvironmentConfig } from '../config/types';
import { PROJECT, resourceNames } from '../config/names';
import { VaultStack } from '../modules/vault-stack';
import { CustomerManagedKey } from '../modules/customer-managed-key';
import { KeyAdministrationPolicy } from '../modules/key-administration-policy';
import { VaultKeyPolicy } from '../modules/vault-key-policy';
import { AuditKeyPolicy } from '../modules/audit-key-policy';
import { findingAlertRuleNames } from '../modules/finding-alerts';

/**
 * `<env>-keys`: two customer-managed keys with separated duties.
 *
 * - `VaultKey` (alias from config) encrypts biometric data: the vault bucket, the ledger, the
 *   verifier's environment, logs and failure queue.
 * - The audit key encrypts the audit trail: CloudTrail files, the trail's log group, exported
 *   GuardDuty findings and the alert topic. Who can read biometric data cannot read the audit
 *   trail through the key, and the audit pipeline cannot decrypt biometric data.
 *
 * Later stacks' principals (verifier role, trail, log groups) are named by deterministic names
 * from `config/names.ts`, not references, so the graph stays acyclic.
 */
export class KeysStack extends VaultStack {
  public readonly vaultKey: CustomerManagedKey;
  public readonly auditKey: CustomerManagedKey;
  /** Roles that administer both keys. */
  public readonly administratorArns: readonly string[];

  public constructor(scope: Construct, env: EnvironmentConfig) {
    super(scope, { env, concern: 'keys' });
    const names = resourceNames(env);
    const aws = this.aws;

    // With no administrators configured, the role running Terraform administers the keys, so a
    // deploy can always update the policy it wrote (KMS's lockout safety check stays on).
    const deployer = new DataAwsIamSessionContext(this, 'deployer', { arn: aws.callerArn });
    this.administratorArns =
      env.keyAdministratorRoleArns.length > 0 ? [...env.keyAdministratorRoleArns] : [deployer.issuerArn];

    const breakGlass = aws.roleArn(env.breakGlassRoleName);
    const verifierRole = aws.roleArn(names.verifierRole);
    const dataUsers = [verifierRole, ...(env.ledgerWriterRoleArn !== undefined ? [env.ledgerWriterRoleArn] : [])];

    const vaultAdministration = new KeyAdministrationPolicy(this, 'vault-key-administration', {
      aws,
      administratorArns: this.administratorArns,
      grantServices: ['dynamodb', 'lambda'],
    });
    const vaultPolicy = new VaultKeyPolicy(this, 'vault-key-policy', {
      aws,
      administration: vaultAdministration.document.json,
      dataUserArns: dataUsers,
      s3ScannerArns: [aws.roleArn(names.malwareProtectionRole)],
      queueUserArns: [verifierRole],
      logGroupNames: [names.verifierLogGroup],
    });
    this.vaultKey = new CustomerManagedKey(this, 'VaultKey', {
      description: `Biometric identity vault (${env.name}): uploads, reference images, ledger records`,
      alias: env.keyAlias,
      policy: vaultPolicy.document.json,
    });

    const auditAdministration = new KeyAdministrationPolicy(this, 'audit-key-administration', {
      aws,
      administratorArns: this.administratorArns,
    });
    const auditPolicy = new AuditKeyPolicy(this, 'audit-key-policy', {
      aws,
      administration: auditAdministration.document.json,
      trailName: names.trail,
      trailBucketName: `${names.trailBucketPrefix}-${aws.accountId}`,
      alertTopicName: names.alertTopic,
      alertDeadLetterQueueName: findingAlertRuleNames(`${PROJECT}-${env.name}`).deadLetterQueue,
      logGroupNames: [names.trailLogGroup],
      readerArns: [breakGlass, ...env.auditorRoleArns],
    });
    this.auditKey = new CustomerManagedKey(this, 'AuditKey', {
      description: `Biometric identity vault (${env.name}): audit trail, audit log group, findings, alerts`,
      alias: env.auditKeyAlias,
      policy: auditPolicy.document.json,
    });

    new TerraformOutput(this, 'vault_key_arn', { value: this.vaultKey.keyArn });
    new TerraformOutput(this, 'audit_key_arn', { value: this.auditKey.keyArn });
  }
}
