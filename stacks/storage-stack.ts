import type { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { EnvironmentConfig } from '../config/types';
import { PROJECT, resourceNames } from '../config/names';
import { VaultStack } from './vault-stack';
import { SecureBucket } from '../modules/core/secure-bucket';
import { environmentRoles } from '../modules/keys/environment-roles';
import { ACCESS_LOG_PREFIX, REFERENCES_PREFIX, UPLOADS_PREFIX } from '../modules/storage/bucket-layout';
import { MALWARE_VALIDATION_OBJECT } from '../modules/threat-detection/malware-protection';

export interface StorageStackProps {
  /** ARN of the VaultKey (from the keys stack). */
  readonly vaultKeyArn: string;
}

/**
 * `<env>-storage`: the vault bucket (uploads and enrolled reference images) and the hardened
 * bucket that receives server access logs of every vault bucket.
 */
export class StorageStack extends VaultStack {
  public readonly vaultBucket: SecureBucket;
  public readonly accessLogBucket: SecureBucket;

  public constructor(scope: Construct, env: EnvironmentConfig, props: StorageStackProps) {
    super(scope, { env, concern: 'storage' });
    const names = resourceNames(env);
    const aws = this.aws;
    const account = aws.accountId;
    const breakGlass = aws.roleArn(env.breakGlassRoleName);

    const accessLogBucketName = `${names.accessLogBucketPrefix}-${account}`;
    const accessLogBucketArn = `arn:${aws.partition}:s3:::${accessLogBucketName}`;
    const logDelivery = new DataAwsIamPolicyDocument(this, 'access-log-delivery', {
      statement: [
        {
          sid: 'S3ServerAccessLogDelivery',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['logging.s3.amazonaws.com'] }],
          actions: ['s3:PutObject'],
          resources: [`${accessLogBucketArn}/${ACCESS_LOG_PREFIX}*`],
          condition: [
            { test: 'StringEquals', variable: 'aws:SourceAccount', values: [account] },
            // Only this environment's buckets may deliver logs here.
            {
              test: 'ArnLike',
              variable: 'aws:SourceArn',
              values: [`arn:${aws.partition}:s3:::${PROJECT}-${env.name}-*`],
            },
          ],
        },
        {
          sid: 'DenyLogTamperingExceptBreakGlass',
          effect: 'Deny',
          principals: [{ type: '*', identifiers: ['*'] }],
          actions: ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:PutLifecycleConfiguration'],
          resources: [accessLogBucketArn, `${accessLogBucketArn}/*`],
          condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [breakGlass] }],
        },
      ],
    });
    this.accessLogBucket = new SecureBucket(this, 'access-logs', {
      bucketName: accessLogBucketName,
      // Server access log delivery supports only SSE-S3 on the target bucket, and a target must not
      // have Object Lock default retention, or logs stop being delivered.
      encryption: {
        kind: 's3-managed',
        reason: 'S3 server access log delivery supports only SSE-S3 on the target bucket',
      },
      accessLogging: { disabled: true, reason: 'this is the access-log target; logging to itself would loop' },
      policyDocuments: [logDelivery.json],
      lifecycleRules: [
        {
          id: 'expire-access-logs',
          status: 'Enabled',
          filter: [{ prefix: ACCESS_LOG_PREFIX }],
          expiration: [{ days: Math.max(env.logRetentionDays, env.imageRetentionDays) }],
          noncurrentVersionExpiration: [{ noncurrentDays: 30 }],
        },
      ],
    });

    const vaultBucketName = `${names.uploadsBucketPrefix}-${account}`;
    const vaultBucketArn = `arn:${aws.partition}:s3:::${vaultBucketName}`;
    const vaultGuards = new DataAwsIamPolicyDocument(this, 'vault-guards', {
      statement: [
        {
          sid: 'DenyWritesOutsideVaultPrefixes',
          effect: 'Deny',
          principals: [{ type: '*', identifiers: ['*'] }],
          actions: ['s3:PutObject'],
          notResources: [
            `${vaultBucketArn}/${UPLOADS_PREFIX}*`,
            `${vaultBucketArn}/${REFERENCES_PREFIX}*`,
            `${vaultBucketArn}/${MALWARE_VALIDATION_OBJECT}`,
          ],
        },
        {
          // Enrolled reference images decide who is authorized: only enrollment (and break-glass) writes them.
          sid: 'DenyReferenceWritesExceptEnrollment',
          effect: 'Deny',
          principals: [{ type: '*', identifiers: ['*'] }],
          actions: ['s3:DeleteObject', 's3:PutObject'],
          resources: [`${vaultBucketArn}/${REFERENCES_PREFIX}*`],
          condition: [
            {
              test: 'ArnNotEquals',
              variable: 'aws:PrincipalArn',
              values: [...environmentRoles(env).enrollers, breakGlass],
            },
          ],
        },
        {
          sid: 'DenyVersionDeletionExceptBreakGlass',
          effect: 'Deny',
          principals: [{ type: '*', identifiers: ['*'] }],
          actions: ['s3:DeleteObjectVersion'],
          resources: [`${vaultBucketArn}/*`],
          condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [breakGlass] }],
        },
      ],
    });
    this.vaultBucket = new SecureBucket(this, 'vault', {
      bucketName: vaultBucketName,
      encryption: { kind: 'kms', keyArn: props.vaultKeyArn },
      // Only GuardDuty's malware-protection role may write its validation object, without SSE headers.
      kmsEnforcementExemptions: [
        { key: MALWARE_VALIDATION_OBJECT, writerArn: aws.roleArn(names.malwareProtectionRole) },
      ],
      accessLogging: { targetBucket: this.accessLogBucket.bucketName, targetPrefix: `${ACCESS_LOG_PREFIX}vault/` },
      policyDocuments: [vaultGuards.json],
      lifecycleRules: [
        {
          // Biometric data minimisation: uploaded images, their old versions and delete markers
          // go after the retention period. References (enrolled subjects) are never expired.
          id: 'expire-uploaded-images',
          status: 'Enabled',
          filter: [{ prefix: UPLOADS_PREFIX }],
          expiration: [{ days: env.imageRetentionDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: env.imageRetentionDays }],
        },
        {
          id: 'remove-expired-upload-delete-markers',
          status: 'Enabled',
          filter: [{ prefix: UPLOADS_PREFIX }],
          expiration: [{ expiredObjectDeleteMarker: true }],
        },
      ],
    });

    new TerraformOutput(this, 'vault_bucket_name', { value: this.vaultBucket.bucketName });
    new TerraformOutput(this, 'vault_bucket_arn', { value: this.vaultBucket.bucketArn });
    new TerraformOutput(this, 'access_log_bucket_name', { value: this.accessLogBucket.bucketName });
  }
}
