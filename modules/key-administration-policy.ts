import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { AwsContext } from './aws-context';
import { KMS_ADMIN_ACTIONS, KMS_RECOVERY_ACTIONS, KMS_RESOURCE_GRANT_ACTIONS, actions } from './kms-actions';

export interface KeyAdministrationPolicyProps {
  readonly aws: AwsContext;
  /** IAM role ARNs that administer the key. Must not be empty. */
  readonly administratorArns: readonly string[];
  /**
   * Services that create grants on the key for their own resources when an administrator deploys
   * them (for example `dynamodb`, `lambda`). Grants are limited to AWS resources (`kms:GrantIsForAWSResource`).
   * @default []
   */
  readonly grantServices?: readonly string[];
}

/**
 * Key-policy statements for the key's lifecycle, separated from its use:
 * - `RootUserRecovery`: the account's root user only (not IAM principals of the account) may
 *   read and repair the policy, re-enable the key and cancel a scheduled deletion;
 * - `KeyAdministration`: the administrators may manage the key but have no cryptographic action;
 * - `AwsResourceGrantsForDeployment`: administrators may let named services create grants for AWS resources.
 */
export class KeyAdministrationPolicy extends Construct {
  public readonly document: DataAwsIamPolicyDocument;

  public constructor(scope: Construct, id: string, props: KeyAdministrationPolicyProps) {
    super(scope, id);
    if (props.administratorArns.length === 0) {
      throw new Error(`KeyAdministrationPolicy "${id}": administratorArns must not be empty (received [])`);
    }
    const root = props.aws.rootArn;
    const grantServices = props.grantServices ?? [];
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
        ...(grantServices.length === 0
          ? []
          : [
              {
                sid: 'AwsResourceGrantsForDeployment',
                effect: 'Allow',
                principals: [{ type: 'AWS', identifiers: [root] }],
                actions: actions(KMS_RESOURCE_GRANT_ACTIONS),
                resources: ['*'],
                condition: [
                  { test: 'ArnEquals', variable: 'aws:PrincipalArn', values: [...props.administratorArns] },
                  { test: 'Bool', variable: 'kms:GrantIsForAWSResource', values: ['true'] },
                  {
                    test: 'StringEquals',
                    variable: 'kms:ViaService',
                    values: grantServices.map((s) => props.aws.viaService(s)),
                  },
                ],
              },
            ]),
      ],
    });
  }
}
