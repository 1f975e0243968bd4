import { Construct } from 'constructs';
import { SignerSigningProfile } from '@cdktf/provider-aws/lib/signer-signing-profile';
import { LambdaCodeSigningConfig } from '@cdktf/provider-aws/lib/lambda-code-signing-config';

/** What Lambda does with a package not signed by an allowed profile. */
export type UntrustedArtifactPolicy = 'Enforce' | 'Warn';

export interface LambdaCodeSigningProps {
  /** Signer profile name: letters, digits and underscores, 2-64 (no hyphens). */
  readonly profileName: string;
  /** `Enforce` refuses unsigned or foreign-signed packages; `Warn` deploys them with a warning. */
  readonly untrustedArtifactOnDeployment: UntrustedArtifactPolicy;
  /** Human-readable purpose of the code-signing config. */
  readonly description: string;
  /**
   * How long a signature stays valid for new deployments, in months (code already deployed keeps
   * running after it expires). @default 12
   */
  readonly signatureValidityMonths?: number;
}

/**
 * An AWS Signer profile for Lambda (`AWSLambda-SHA384-ECDSA`) and a Lambda code-signing config that
 * trusts exactly that profile version. Attach `codeSigningConfigArn` to a function: Lambda then
 * checks every new package (integrity always; signer, expiry and revocation per the policy).
 * "Code signing configurations only prevent new deployments of unsigned code"
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-codesigning.html); container images
 * cannot be signed. The allowed publisher is the profile's *version* ARN, which is what the
 * `SigningProfileVersionArns` field and the console ask for.
 */
export class LambdaCodeSigning extends Construct {
  public readonly profile: SignerSigningProfile;
  public readonly config: LambdaCodeSigningConfig;
  public readonly codeSigningConfigArn: string;
  public readonly profileName: string;

  public constructor(scope: Construct, id: string, props: LambdaCodeSigningProps) {
    super(scope, id);
    const months = props.signatureValidityMonths ?? 12;
    const problems: string[] = [];
    if (!/^[A-Za-z0-9_]{2,64}$/.test(props.profileName)) {
      problems.push(
        `profileName: must be 2-64 letters, digits or underscores (AWS Signer allows no hyphens) (received ${JSON.stringify(props.profileName)})`,
      );
    }
    if (!Number.isInteger(months) || months < 1 || months > 135) {
      problems.push(`signatureValidityMonths: must be an integer from 1 to 135 (received ${JSON.stringify(months)})`);
    }
    // Checked as a value: props may come from configuration.
    const policy: string = props.untrustedArtifactOnDeployment;
    if (policy !== 'Enforce' && policy !== 'Warn') {
      problems.push(`untrustedArtifactOnDeployment: must be "Enforce" or "Warn" (received ${JSON.stringify(policy)})`);
    }
    if (problems.length > 0) throw new Error(`LambdaCodeSigning "${id}": ${problems.join('; ')}`);

    this.profile = new SignerSigningProfile(this, 'profile', {
      name: props.profileName,
      platformId: 'AWSLambda-SHA384-ECDSA',
      signatureValidityPeriod: { type: 'MONTHS', value: months },
      // Profile names cannot be reused once cancelled: never let Terraform destroy it.
      lifecycle: { preventDestroy: true },
    });
    this.profileName = this.profile.name;
    this.config = new LambdaCodeSigningConfig(this, 'config', {
      description: props.description,
      allowedPublishers: { signingProfileVersionArns: [this.profile.versionArn] },
      policies: { untrustedArtifactOnDeployment: props.untrustedArtifactOnDeployment },
    });
    this.codeSigningConfigArn = this.config.arn;
  }
}
