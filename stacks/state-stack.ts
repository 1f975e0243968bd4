import type { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { EnvironmentConfig } from '../config/types';
import { resourceNames, stateKey } from '../config/names';
import { VaultStack } from './vault-stack';
import { SecureBucket } from '../modules/core/secure-bucket';
import { accessLogTargetBucket } from '../modules/core/access-log-target';
import { CustomerManagedKey } from '../modules/core/customer-managed-key';
import { KeyAdministrationPolicy } from '../modules/keys/key-administration-policy';
import { environmentRoles } from '../modules/keys/environment-roles';
import { StateKeyPolicy } from '../modules/state/state-key-policy';
import { ACCESS_LOG_PREFIX } from '../modules/storage/bucket-layout';
import { suppressRule } from '../compliance/engine/suppression';

/**
 * `<env>-state`: the versioned bucket that holds every stack's Terraform state (S3-native locking,
 * `use_lockfile`), encrypted under a customer-managed key of its own, its server access logs, and
 * who may touch state:
 *
 * - read state: deployers, plan roles, key and alert administrators, break-glass (every other principal is
 *   denied by the bucket policy, and cannot decrypt through the key policy);
 * - write state: deployers (the data stacks), key administrators (only the state and keys stacks'
 *   state, which the deployers read but cannot rewrite), alert administrators (only the alerting
 *   stack's state), break-glass; plan roles write nothing (plans run with `-lock=false`);
 * - delete anything but a lock file, or change the bucket's configuration: break-glass only.
 *
 * Bootstrap: the stack is applied by a key administrator on a local backend (`stateBackend:
 * 'local'`): it creates the key, the log bucket and the state bucket, the bucket policy last. Its
 * `state_key_arn` output goes into config (`stateKeyArn`), which every S3 backend sends as
 * `kms_key_id`; then `stateBackend: 's3'` and `terraform init -migrate-state` move its own state in.
 * From then on a postcondition fails any plan whose key is not the configured one (see
 * docs/operations.md and docs/threat-model.md).
 */
export class StateStack extends VaultStack {
  public readonly stateKey: CustomerManagedKey;
  public readonly accessLogBucket: SecureBucket;
  public readonly stateBucket: SecureBucket;

  public constructor(scope: Construct, env: EnvironmentConfig) {
    super(scope, { env, concern: 'state', backend: env.stateBackend });
    const aws = this.aws;
    const names = resourceNames(env);
    const roles = environmentRoles(env);
    const breakGlass = aws.roleArn(env.breakGlassRoleName);
    const bucketArn = aws.bucketArn(env.stateBucketName);
    const objectArn = (key: string): string => `${bucketArn}/${key}`;
    // The key administrators apply these two stacks (the deployers only read their state).
    const keyAdministratorStacks = [stateKey(env, 'state'), stateKey(env, 'keys')];
    // The alert administrators apply the alerting stack, and only it.
    const alertAdministrators = [...env.alerting.keyAdministratorRoleArns];
    const alertingStacks = [stateKey(env, 'alerting')];
    const everyone = [{ type: '*', identifiers: ['*'] }];

    const administration = new KeyAdministrationPolicy(this, 'state-key-administration', {
      aws,
      administratorArns: roles.administrators,
      metadataReaderArns: [...new Set([...roles.planReaders, ...roles.deployers])],
    });
    const keyPolicy = new StateKeyPolicy(this, 'state-key-policy', {
      aws,
      administration: administration.document.json,
      stateBucketName: env.stateBucketName,
      writerArns: [...new Set([...roles.deployers, breakGlass])],
      readerArns: roles.planReaders,
      ownStateWriterArns: roles.administrators,
      ownStateKeys: keyAdministratorStacks,
      alertingStateWriterArns: alertAdministrators,
      alertingStateKeys: alertingStacks,
    });
    this.stateKey = new CustomerManagedKey(this, 'StateKey', {
      description: `Biometric identity vault (${env.name}): Terraform state`,
      alias: names.stateKeyAlias,
      policy: keyPolicy.document.json,
      // Once the backends send this key (stateBackend "s3"), a replaced key would lock every stack
      // out of its state: fail the plan instead.
      ...(env.stateBackend === 's3' && {
        expectedArn: {
          arn: env.stateKeyArn,
          errorMessage: `config stateKeyArn (${env.stateKeyArn}) is not this environment's state key: set it to the state_key_arn output of ${env.name}-state`,
        },
      }),
    });
    suppressRule(
      this.stateKey.key,
      'VAULT-KMS-005',
      'The key administrators apply the state and keys stacks, whose state this key encrypts: they use it only through S3 and only for those two state objects (encryption context), never for data.',
    );

    this.accessLogBucket = accessLogTargetBucket(this, 'state-access-logs', {
      aws,
      bucketName: `${names.stateAccessLogBucketPrefix}-${aws.accountId}`,
      logPrefix: ACCESS_LOG_PREFIX,
      sourceBucketArns: [bucketArn],
      readerArns: [...roles.auditors, breakGlass],
      breakGlassRoleArn: breakGlass,
      retentionDays: Math.max(env.logRetentionDays, 365),
      deliveryPolicyId: 'state-access-log-delivery',
    });

    const writers = [...new Set([...roles.deployers, breakGlass])];
    const guards = new DataAwsIamPolicyDocument(this, 'state-access', {
      statement: [
        {
          // State versions are the recovery path for a corrupted or deleted state file.
          sid: 'DenyStateDeletionExceptBreakGlass',
          effect: 'Deny',
          principals: everyone,
          actions: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
          notResources: [objectArn('*.tflock')],
          condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [breakGlass] }],
        },
        {
          // Terraform writes state and lock files (PutObject) and deletes lock files (DeleteObject):
          // https://developer.hashicorp.com/terraform/language/backend/s3#s3-bucket-permissions
          sid: 'DenyStateWritesExceptAppliers',
          effect: 'Deny',
          principals: everyone,
          actions: ['s3:DeleteObject', 's3:PutObject'],
          resources: [objectArn('*')],
          condition: [
            {
              test: 'ArnNotEquals',
              variable: 'aws:PrincipalArn',
              values: [...new Set([...writers, ...roles.administrators, ...alertAdministrators])],
            },
          ],
        },
        {
          // The keys stack's outputs tell every data stack which key to encrypt with: the deployers
          // read them but only the key administrators (and break-glass) may rewrite them.
          sid: 'DenyKeyStackStateWritesExceptKeyAdministrators',
          effect: 'Deny',
          principals: everyone,
          actions: ['s3:DeleteObject', 's3:PutObject'],
          resources: keyAdministratorStacks.map((k) => objectArn(`${k}*`)),
          condition: [
            { test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [...roles.administrators, breakGlass] },
          ],
        },
        {
          // The alerting stack's outputs tell the other stacks where alerts go: only the alert
          // administrators (and break-glass) may rewrite them.
          sid: 'DenyAlertingStackStateWritesExceptAlertAdministrators',
          effect: 'Deny',
          principals: everyone,
          actions: ['s3:DeleteObject', 's3:PutObject'],
          resources: alertingStacks.map((k) => objectArn(`${k}*`)),
          condition: [
            { test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [...alertAdministrators, breakGlass] },
          ],
        },
        {
          // The alert administrators write only the alerting stack's state.
          sid: 'DenyAlertAdministratorWritesElsewhere',
          effect: 'Deny',
          principals: everyone,
          actions: ['s3:DeleteObject', 's3:PutObject'],
          notResources: alertingStacks.map((k) => objectArn(`${k}*`)),
          condition: [
            {
              test: 'ArnEquals',
              variable: 'aws:PrincipalArn',
              values: alertAdministrators.filter((a) => !writers.includes(a)),
            },
          ],
        },
        {
          // The key administrators write only the state of the stacks they apply.
          sid: 'DenyKeyAdministratorWritesElsewhere',
          effect: 'Deny',
          principals: everyone,
          actions: ['s3:DeleteObject', 's3:PutObject'],
          notResources: keyAdministratorStacks.map((k) => objectArn(`${k}*`)),
          condition: [
            {
              test: 'ArnEquals',
              variable: 'aws:PrincipalArn',
              values: roles.administrators.filter((a) => !writers.includes(a)),
            },
          ],
        },
      ].filter((s) => s.condition.every((c) => c.values.length > 0)),
    });
    this.stateBucket = new SecureBucket(this, 'state', {
      aws,
      bucketName: env.stateBucketName,
      encryption: { kind: 'kms', keyArn: this.stateKey.keyArn },
      // No S3 Bucket Key: each state object is then its own encryption context, which the key policy
      // uses to confine the key administrators to their two state files.
      bucketKey: false,
      accessLogging: { targetBucket: this.accessLogBucket.bucketName, targetPrefix: `${ACCESS_LOG_PREFIX}state/` },
      configurationGuard: { changeableBy: [breakGlass] },
      objectReaders: [
        ...new Set([
          ...roles.deployers,
          ...roles.planReaders,
          ...roles.administrators,
          ...alertAdministrators,
          breakGlass,
        ]),
      ],
      policyDocuments: [guards.json],
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
    new TerraformOutput(this, 'state_bucket_name', { value: this.stateBucket.bucketName });
    new TerraformOutput(this, 'state_key_arn', {
      value: this.stateKey.keyArn,
      description: 'Set config stateKeyArn to this value before the first S3 backend (stateBackend "s3")',
    });
  }
}
