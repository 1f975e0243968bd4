import { Construct } from 'constructs';
import { LocalBackend, S3Backend, TerraformStack } from 'cdktf';
import { AwsProvider, type AwsProviderConfig } from '@cdktf/provider-aws/lib/provider';
import type { EnvironmentConfig } from '../config/types';
import { localStatePath, PROJECT, stackName, stateKey, type Concern } from '../config/names';
import { AwsContext } from '../modules/core/aws-context';

export interface VaultStackProps {
  readonly env: EnvironmentConfig;
  readonly concern: Concern;
  /**
   * Where the stack keeps its state. Only the `state` stack, which creates the state bucket,
   * bootstraps on a local backend, whose state file lives outside `cdktf.out` (`terraform-state/`,
   * see `localStatePath`); it is migrated into the bucket afterwards (docs/bootstrap.md).
   * @default 's3'
   */
  readonly backend?: 's3' | 'local';
}

/**
 * Base of every vault stack: names the stack `<env>-<concern>`, configures the AWS provider
 * (region, allowed accounts, default tags) and the remote S3 state backend with SSE-KMS under the
 * state key and S3-native locking, and exposes the account/partition/region context.
 */
export class VaultStack extends TerraformStack {
  public readonly env: EnvironmentConfig;
  public readonly concern: Concern;
  public readonly aws: AwsContext;
  public readonly provider: AwsProvider;

  public constructor(scope: Construct, props: VaultStackProps) {
    super(scope, stackName(props.env, props.concern));
    this.env = props.env;
    this.concern = props.concern;

    this.provider = new AwsProvider(this, 'aws', this.providerConfig(props.env.region));

    if ((props.backend ?? 's3') === 'local') {
      // Outside cdktf.out: a later synth replaces cdktf.out, and the bootstrap state must reach
      // `terraform init -migrate-state` intact.
      new LocalBackend(this, { path: localStatePath(props.env, props.concern) });
    } else {
      new S3Backend(this, {
        bucket: props.env.stateBucketName,
        key: stateKey(props.env, props.concern),
        region: props.env.region,
        // SSE-KMS under the state key for the state and the lock file; Terraform sends kms_key_id
        // only with encrypt = true, verbatim as the SSE header the state bucket policy checks.
        // A backend block cannot read Terraform values, hence the key ARN from config.
        encrypt: true,
        kmsKeyId: props.env.stateKeyArn,
      });
      // S3-native state locking (Terraform >= 1.10). cdktf 0.21's S3BackendConfig has no prop for it.
      this.addOverride('terraform.backend.s3.use_lockfile', true);
    }

    // Name the provider's registry source explicitly. Terraform >= 1.10 is required by
    // `use_lockfile` itself (older versions reject the argument) and pinned by the workflow; a
    // `required_version` override is not used because cdktf 0.21 renders extra `terraform` block
    // attributes as invalid HCL (`0 = "required_version"`), which the HCL parse-back test catches.
    this.addOverride('terraform.required_providers.aws.source', 'hashicorp/aws');

    this.aws = new AwsContext(this, 'context');
  }

  /**
   * A second AWS provider, for resources that must live in another region of the same account (an
   * EventBridge rule where a global service delivers its events), with the same accounts and tags.
   */
  public additionalProvider(alias: string, region: string): AwsProvider {
    return new AwsProvider(this, `aws-${alias}`, { ...this.providerConfig(region), alias: alias.replace(/-/g, '_') });
  }

  private providerConfig(region: string): AwsProviderConfig {
    return {
      region,
      allowedAccountIds: [...this.env.allowedAccountIds],
      defaultTags: [
        {
          tags: {
            Project: PROJECT,
            Environment: this.env.name,
            DataClassification: 'biometric',
            ManagedBy: 'cdktf',
            Stack: stackName(this.env, this.concern),
          },
        },
      ],
    };
  }
}
