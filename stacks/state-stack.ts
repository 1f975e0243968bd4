import type { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { EnvironmentConfig } from '../config/types';
import { VaultStack } from './vault-stack';
import { SecureBucket } from '../modules/core/secure-bucket';
import { suppressRule } from '../compliance/engine/suppression';

/**
 * `<env>-state`: the versioned, encrypted S3 bucket that holds every other stack's Terraform
 * state (S3-native locking, `use_lockfile`). It bootstraps on a local backend (`stateBackend:
 * 'local'`); after the first apply, `stateBackend: 's3'` and `terraform init -migrate-state` move
 * its own state into the bucket (see docs/operations.md).
 */
export class StateStack extends VaultStack {
  public readonly stateBucket: SecureBucket;

  public constructor(scope: Construct, env: EnvironmentConfig) {
    super(scope, { env, concern: 'state', backend: env.stateBackend });
    const bucketArn = `arn:${this.aws.partition}:s3:::${env.stateBucketName}`;
    const history = new DataAwsIamPolicyDocument(this, 'state-history', {
      statement: [
        {
          // State versions are the recovery path for a corrupted or deleted state file.
          sid: 'DenyStateVersionDeletionExceptBreakGlass',
          effect: 'Deny',
          principals: [{ type: '*', identifiers: ['*'] }],
          actions: ['s3:DeleteObjectVersion'],
          resources: [`${bucketArn}/*`],
          condition: [
            { test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [this.aws.roleArn(env.breakGlassRoleName)] },
          ],
        },
      ],
    });
    this.stateBucket = new SecureBucket(this, 'state', {
      bucketName: env.stateBucketName,
      // The state bucket exists before the customer-managed keys (which keep their state in it).
      encryption: { kind: 'aws-managed-kms', reason: 'state bucket is created before the customer-managed keys' },
      accessLogging: {
        disabled: true,
        reason:
          'bootstrap bucket created before the access-log bucket; state access is recorded by CloudTrail management events',
      },
      policyDocuments: [history.json],
      lifecycleRules: [
        {
          id: 'expire-old-state-versions',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          noncurrentVersionExpiration: [{ noncurrentDays: 365, newerNoncurrentVersions: 50 }],
        },
      ],
      preventDestroy: true,
    });
    suppressRule(
      this.stateBucket.bucket,
      'VAULT-S3-005',
      'The state bucket is bootstrapped before the keys stack, whose own state it holds: a customer-managed key here would be circular. SSE-KMS with the AWS-managed aws/s3 key, TLS-only, versioned.',
    );
    suppressRule(
      this.stateBucket.bucket,
      'VAULT-S3-008',
      'The access-log bucket is created later by the storage stack, whose state lives here. Access to state objects is recorded by CloudTrail management events and S3 data events of the account trail.',
    );
    new TerraformOutput(this, 'state_bucket_name', { value: this.stateBucket.bucketName });
  }
}
