import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { AwsContext } from '../core/aws-context';
import { KMS_ADMIN_ACTIONS, KMS_METADATA_ACTIONS, KMS_RECOVERY_ACTIONS, actions } from '../core/kms-actions';

export interface KeyAdministrationPolicyProps {
  readonly aws: AwsContext;
  /** IAM role ARNs that administer the key. Must not be empty. */
  readonly administratorArns: readonly string[];
  /** Role ARNs that read key metadata only (pull-request plans refresh the key). @default [] */
  readonly metadataReaderArns?: readonly string[];
}

/**
 * Key-policy statements for the key's lifecycle, separated from its use:
 * - `RootUserRecovery`: the account's root user only (not IAM principals of the account) may
 *   read and repair the policy, re-enable the key and cancel a scheduled deletion;
 * - `KeyAdministration`: the administrators may manage the key but have no cryptographic action;
 * - `KeyMetadataForPlans`: plan roles may read the key's metadata and policy, nothing else.
 */
export class KeyAdministrationPolicy extends Construct {
  public readonly document: DataAwsIamPolicyDocument;

  public constructor(scope: Construct, id: string, props: KeyAdministrationPolicyProps) {
    super(scope, id);
    if (props.administratorArns.length === 0) {
      throw new Error(`KeyAdministrationPolicy "${id}": administratorArns must not be empty (received [])`);
    }
    const root = props.aws.rootArn;
    const readers = props.metadataReaderArns ?? [];
    this.document = new DataAwsIamPolicyDocument(this, 'document', {
      statement: [
        {
          sid: 'RootUserRecovery',
          effect: 'Allow',
          principals: [{ type: 'AWS', identifiers: [root] }],
          actions: actions(KMS_RECOVERY_ACTIONS),
          resources: ['*'],
          condition: [{ test: 'StringEquals', variable: 'aws:PrincipalType', values: ['Account'] }],
        },
        {
          sid: 'KeyAdministration',
          effect: 'Allow',
          principals: [{ type: 'AWS', identifiers: [root] }],
          actions: actions(KMS_ADMIN_ACTIONS),
          resources: ['*'],
          condition: [{ test: 'ArnEquals', variable: 'aws:PrincipalArn', values: [...props.administratorArns] }],
        },
        ...(readers.length === 0
          ? []
          : [
              {
                sid: 'KeyMetadataForPlans',
                effect: 'Allow',
                principals: [{ type: 'AWS', identifiers: [root] }],
                actions: actions(KMS_METADATA_ACTIONS),
                resources: ['*'],
                condition: [{ test: 'ArnEquals', variable: 'aws:PrincipalArn', values: [...readers] }],
              },
            ]),
      ],
    });
  }
}
