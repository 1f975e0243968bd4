import { Construct } from 'constructs';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';

export interface CustomerManagedKeyProps {
  /** Human-readable purpose, stored as the key description. */
  readonly description: string;
  /** Alias, `alias/<name>`. */
  readonly alias: string;
  /** The key policy (`DataAwsIamPolicyDocument.json`). No default: a key states who may do what. */
  readonly policy: string;
  /**
   * Waiting period before a scheduled deletion takes effect, in days (7-30).
   * @default 30
   */
  readonly deletionWindowInDays?: number;
  /**
   * Automatic rotation period in days (90-2560). Rotation is always on for encryption keys.
   * @default 365
   */
  readonly rotationPeriodInDays?: number;
  /**
   * What the key is for: a symmetric encryption key (rotated automatically), or an asymmetric signing key
   * (`SIGN_VERIFY`), which KMS cannot rotate: "Automatic key rotation is supported only on symmetric
   * encryption KMS keys" (https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKeyRotation.html);
   * a signing key is rotated by creating a new key, and its signatures name the key that made them.
   * @default { usage: 'encrypt' }
   */
  readonly purpose?: { readonly usage: 'encrypt' } | { readonly usage: 'sign'; readonly keySpec: SigningKeySpec };
  /**
   * Terraform `prevent_destroy`. Turning it off is a deliberate weakening.
   * @default true
   */
  readonly preventDestroy?: boolean;
  /**
   * The ARN something outside Terraform already holds for this key (a backend's `kms_key_id`): plan
   * and apply fail with `errorMessage` when the key's ARN differs, instead of writing with another key.
   * @default no check
   */
  readonly expectedArn?: { readonly arn: string; readonly errorMessage: string };
}

/** Key specs of asymmetric signing keys. */
export type SigningKeySpec = 'RSA_2048' | 'RSA_3072' | 'RSA_4096' | 'ECC_NIST_P256' | 'ECC_NIST_P384';

/**
 * A customer-managed KMS key with an alias (symmetric, or an asymmetric signing key per `purpose`): automatic rotation on, a 30-day deletion
 * window, `prevent_destroy`, and the key policy's lockout safety check left on.
 */
export class CustomerManagedKey extends Construct {
  public readonly key: KmsKey;
  public readonly alias: KmsAlias;
  public readonly keyArn: string;
  public readonly keyId: string;
  public readonly aliasName: string;

  public constructor(scope: Construct, id: string, props: CustomerManagedKeyProps) {
    super(scope, id);
    const deletionWindow = props.deletionWindowInDays ?? 30;
    const rotation = props.rotationPeriodInDays ?? 365;
    const problems: string[] = [];
    if (!Number.isInteger(deletionWindow) || deletionWindow < 7 || deletionWindow > 30) {
      problems.push(
        `deletionWindowInDays: must be an integer from 7 to 30 (received ${JSON.stringify(deletionWindow)})`,
      );
    }
    if (!Number.isInteger(rotation) || rotation < 90 || rotation > 2560) {
      problems.push(`rotationPeriodInDays: must be an integer from 90 to 2560 (received ${JSON.stringify(rotation)})`);
    }
    if (!/^alias\/(?!aws\/)[a-zA-Z0-9/_-]+$/.test(props.alias)) {
      problems.push(`alias: must be "alias/<name>" outside "alias/aws/" (received ${JSON.stringify(props.alias)})`);
    }
    if (problems.length > 0) throw new Error(`CustomerManagedKey "${id}": ${problems.join('; ')}`);

    const purpose = props.purpose ?? { usage: 'encrypt' };
    this.key = new KmsKey(this, 'key', {
      description: props.description,
      ...(purpose.usage === 'sign'
        ? { keyUsage: 'SIGN_VERIFY', customerMasterKeySpec: purpose.keySpec, enableKeyRotation: false }
        : {
            keyUsage: 'ENCRYPT_DECRYPT',
            customerMasterKeySpec: 'SYMMETRIC_DEFAULT',
            enableKeyRotation: true,
            rotationPeriodInDays: rotation,
          }),
      isEnabled: true,
      deletionWindowInDays: deletionWindow,
      multiRegion: false,
      bypassPolicyLockoutSafetyCheck: false,
      policy: props.policy,
      lifecycle: {
        preventDestroy: props.preventDestroy ?? true,
        ...(props.expectedArn !== undefined && {
          postcondition: [
            {
              condition: `\${self.arn == ${JSON.stringify(props.expectedArn.arn)}}`,
              errorMessage: props.expectedArn.errorMessage,
            },
          ],
        }),
      },
    });
    this.alias = new KmsAlias(this, 'alias', { name: props.alias, targetKeyId: this.key.keyId });
    this.keyArn = this.key.arn;
    this.keyId = this.key.keyId;
    this.aliasName = this.alias.name;
  }
}
