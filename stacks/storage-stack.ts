import type { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { EnvironmentConfig } from '../config/types';
import { resourceNames } from '../config/names';
import { VaultStack } from './vault-stack';
import { SecureBucket } from '../modules/core/secure-bucket';
import { accessLogTargetBucket } from '../modules/core/access-log-target';
import { environmentRoles } from '../modules/keys/environment-roles';
import {
  ACCESS_LOG_PREFIX,
  ARTIFACT_SIGNED_PREFIX,
  ARTIFACT_UNSIGNED_PREFIX,
  DEPLOYMENT_PROBE_SUBJECT,
  REFERENCES_PREFIX,
  UPLOADS_PREFIX,
} from '../modules/storage/bucket-layout';
import { MALWARE_VALIDATION_OBJECT } from '../modules/threat-detection/malware-protection';
import { suppressRule } from '../compliance/engine/suppression';

export interface StorageStackProps {
  /** ARN of the VaultKey (from the keys stack). */
  readonly vaultKeyArn: string;
}

/**
 * `<env>-storage`: the vault bucket (uploads and enrolled reference images), the hardened bucket
 * that receives server access logs of every vault bucket, and the versioned artifact bucket the
 * verifier's packages are signed in and deployed from.
 *
 * Every bucket's configuration (policy, lifecycle, versioning, encryption, ...) is changed only by
 * break-glass after the first apply; images are read only by the verifier, GuardDuty Malware
 * Protection and break-glass (the verification role reads the metadata of its own probe uploads).
 */
export class StorageStack extends VaultStack {
  public readonly vaultBucket: SecureBucket;
  public readonly accessLogBucket: SecureBucket;
  public readonly artifactBucket: SecureBucket;

  public constructor(scope: Construct, env: EnvironmentConfig, props: StorageStackProps) {
    super(scope, { env, concern: 'storage' });
    const names = resourceNames(env);
    const aws = this.aws;
    const account = aws.accountId;
    const breakGlass = aws.roleArn(env.breakGlassRoleName);
    const roles = environmentRoles(env);
    const everyone = [{ type: '*', identifiers: ['*'] }];

    this.accessLogBucket = accessLogTargetBucket(this, 'access-logs', {
      aws,
      bucketName: `${names.accessLogBucketPrefix}-${account}`,
      logPrefix: ACCESS_LOG_PREFIX,
      // Only this environment's buckets that log here may deliver logs here: the vault, the artifact and
      // the trail bucket (audit stack), each by its exact name.
      sourceBucketArns: [names.uploadsBucketPrefix, names.artifactBucketPrefix, names.trailBucketPrefix].map((prefix) =>
        aws.bucketArn(`${prefix}-${account}`),
      ),
      // Access logs name every object key (subject ids): read by the audit-log readers and break-glass.
      readerArns: [...roles.auditors, breakGlass],
      breakGlassRoleArn: breakGlass,
      retentionDays: Math.max(env.logRetentionDays, env.imageRetentionDays),
      deliveryPolicyId: 'access-log-delivery',
    });

    const vaultBucketName = `${names.uploadsBucketPrefix}-${account}`;
    const vaultBucketArn = aws.bucketArn(vaultBucketName);
    const vaultGuards = new DataAwsIamPolicyDocument(this, 'vault-guards', {
      statement: [
        {
          sid: 'DenyWritesOutsideVaultPrefixes',
          effect: 'Deny',
          principals: everyone,
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
          principals: everyone,
          actions: ['s3:DeleteObject', 's3:PutObject'],
          resources: [`${vaultBucketArn}/${REFERENCES_PREFIX}*`],
          condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [...roles.enrollers, breakGlass] }],
        },
        {
          sid: 'DenyVersionDeletionExceptBreakGlass',
          effect: 'Deny',
          principals: everyone,
          actions: ['s3:DeleteObjectVersion'],
          resources: [`${vaultBucketArn}/*`],
          condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [breakGlass] }],
        },
        {
          // Uploads decide what gets verified as whom: only the capture devices (and break-glass) write them.
          sid: 'DenyUploadWritesExceptUploaders',
          effect: 'Deny',
          principals: everyone,
          actions: ['s3:PutObject'],
          resources: [`${vaultBucketArn}/${UPLOADS_PREFIX}*`],
          condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [...roles.uploaders, breakGlass] }],
        },
        {
          // Object keys name subjects: only the verifier (its references and upload versions), GuardDuty
          // Malware Protection and break-glass (the runbook lists versions) list the bucket.
          sid: 'DenyListingExceptReaders',
          effect: 'Deny',
          principals: everyone,
          actions: ['s3:ListBucket', 's3:ListBucketMultipartUploads', 's3:ListBucketVersions'],
          resources: [vaultBucketArn],
          condition: [
            {
              test: 'ArnNotEquals',
              variable: 'aws:PrincipalArn',
              values: [aws.roleArn(names.verifierRole), aws.roleArn(names.malwareProtectionRole), breakGlass],
            },
          ],
        },
        ...(roles.verifiers.length === 0
          ? []
          : [
              {
                // The verification role writes and reads only its own probe uploads: HeadObject
                // (s3:GetObject) checks their encryption; it has no key-policy Decrypt, so no image bytes.
                sid: 'DenyVerificationOutsideProbeUploads',
                effect: 'Deny',
                principals: everyone,
                actions: ['s3:GetObject*', 's3:PutObject'],
                notResources: [`${vaultBucketArn}/${UPLOADS_PREFIX}${DEPLOYMENT_PROBE_SUBJECT}/*`],
                condition: [{ test: 'ArnEquals', variable: 'aws:PrincipalArn', values: [...roles.verifiers] }],
              },
            ]),
      ],
    });
    this.vaultBucket = new SecureBucket(this, 'vault', {
      aws,
      bucketName: vaultBucketName,
      encryption: { kind: 'kms', keyArn: props.vaultKeyArn },
      // No S3 Bucket Key: a single PutObject then needs only kms:GenerateDataKey, so uploaders and
      // enrollment get no kms:Decrypt (https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html).
      // Whether a Bucket Key adds a Decrypt for the uploader is not documented; without one, every
      // object also carries its own ARN as encryption context in CloudTrail.
      bucketKey: false,
      // Only GuardDuty's malware-protection role may write its validation object, without SSE headers.
      kmsEnforcementExemptions: [
        { key: MALWARE_VALIDATION_OBJECT, writerArn: aws.roleArn(names.malwareProtectionRole) },
      ],
      accessLogging: { targetBucket: this.accessLogBucket.bucketName, targetPrefix: `${ACCESS_LOG_PREFIX}vault/` },
      // The verifier stack (deployer) points the uploads' notifications at its intake queue; GuardDuty
      // Malware Protection turns on EventBridge notifications through its role.
      configurationGuard: {
        changeableBy: [breakGlass],
        notificationsBy: [...roles.deployers, aws.roleArn(names.malwareProtectionRole)],
      },
      // Who must read images: the verifier, GuardDuty Malware Protection, break-glass (the runbook's
      // restore of an overwritten image copies it), and the verification role for its probe only.
      objectReaders: [
        aws.roleArn(names.verifierRole),
        aws.roleArn(names.malwareProtectionRole),
        breakGlass,
        ...roles.verifiers,
      ],
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

    // The verifier's packages: the signing step uploads the build under verifier/unsigned/ and AWS
    // Signer (as the signing role) writes the signed copy under verifier/signed/, from where Lambda
    // deploys it. Signer needs a versioned source bucket
    // (https://docs.aws.amazon.com/signer/latest/api/API_StartSigningJob.html).
    const artifactBucketName = `${names.artifactBucketPrefix}-${account}`;
    const artifactBucketArn = aws.bucketArn(artifactBucketName);
    const artifactGuards = new DataAwsIamPolicyDocument(this, 'artifact-guards', {
      statement: [
        {
          sid: 'DenyPackageWritesExceptSigners',
          effect: 'Deny',
          principals: everyone,
          actions: ['s3:PutObject'],
          resources: [`${artifactBucketArn}/*`],
          condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [...roles.signers, breakGlass] }],
        },
        {
          sid: 'DenyPackageDeletionExceptBreakGlass',
          effect: 'Deny',
          principals: everyone,
          actions: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
          resources: [`${artifactBucketArn}/*`],
          condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [breakGlass] }],
        },
      ],
    });
    this.artifactBucket = new SecureBucket(this, 'artifacts', {
      aws,
      bucketName: artifactBucketName,
      // Code is not secret (it is built from the repository); its integrity comes from the signature.
      // What AWS Signer needs from KMS for an SSE-KMS source or destination bucket is not documented.
      encryption: {
        kind: 's3-managed',
        reason: 'AWS Signer does not document its KMS needs on SSE-KMS buckets; packages are public code, signed',
      },
      accessLogging: {
        targetBucket: this.accessLogBucket.bucketName,
        targetPrefix: `${ACCESS_LOG_PREFIX}artifacts/`,
      },
      configurationGuard: { changeableBy: [breakGlass] },
      // Signers read the source through Signer; deployers' Lambda calls read the signed package.
      objectReaders: [...new Set([...roles.signers, ...roles.deployers, breakGlass])],
      policyDocuments: [artifactGuards.json],
      lifecycleRules: [
        {
          id: 'expire-unsigned-packages',
          status: 'Enabled',
          filter: [{ prefix: ARTIFACT_UNSIGNED_PREFIX }],
          expiration: [{ days: 30 }],
          noncurrentVersionExpiration: [{ noncurrentDays: 30 }],
        },
        {
          id: 'expire-signed-packages',
          status: 'Enabled',
          filter: [{ prefix: ARTIFACT_SIGNED_PREFIX }],
          expiration: [{ days: 400 }],
          noncurrentVersionExpiration: [{ noncurrentDays: 30 }],
        },
      ],
    });
    suppressRule(
      this.artifactBucket.bucket,
      'VAULT-S3-005',
      'Verifier packages are code built from the repository (not data); their integrity is the AWS Signer signature Lambda checks. AWS Signer does not document its KMS needs on SSE-KMS buckets, so SSE-S3.',
    );

    new TerraformOutput(this, 'vault_bucket_name', { value: this.vaultBucket.bucketName });
    new TerraformOutput(this, 'vault_bucket_arn', { value: this.vaultBucket.bucketArn });
    new TerraformOutput(this, 'access_log_bucket_name', { value: this.accessLogBucket.bucketName });
    new TerraformOutput(this, 'artifact_bucket_name', { value: this.artifactBucket.bucketName });
  }
}
