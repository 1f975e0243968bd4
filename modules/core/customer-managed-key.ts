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
   * Automatic rotation period in days (90-2560). Rotation is always on.
   * @default 365
   */
  readonly rotationPeriodInDays?: number;
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

/**
 * A symmetric customer-managed KMS key with an alias: automatic rotation on, a 30-day deletion
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

    this.key = new KmsKey(this, 'key', {
      description: props.description,
      keyUsage: 'ENCRYPT_DECRYPT',
      customerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      isEnabled: true,
      enableKeyRotation: true,
      rotationPeriodInDays: rotation,
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
