import type {
  DataAwsIamPolicyDocumentStatement,
  DataAwsIamPolicyDocumentStatementCondition,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { AwsContext } from '../core/aws-context';
import { KMS_LOGS_ACTIONS, actions } from '../core/kms-actions';

/**
 * Key-policy statement letting CloudWatch Logs of this region use the key for the named log groups
 * only (its encryption context carries the log group's ARN).
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 */
export function logGroupsUseKey(
  aws: AwsContext,
  sid: string,
  logGroupNames: readonly string[],
): DataAwsIamPolicyDocumentStatement {
  return {
    sid,
    effect: 'Allow',
    principals: [{ type: 'Service', identifiers: [aws.regionalServicePrincipal('logs')] }],
    actions: actions(KMS_LOGS_ACTIONS),
    resources: ['*'],
    condition: [
      {
        test: 'ArnEquals',
        variable: 'kms:EncryptionContext:aws:logs:arn',
        values: logGroupNames.map((name) => aws.logGroupArn(name)),
      },
    ],
  };
}

/**
 * Key-policy statement letting the named roles of this account use the key only through one AWS
 * service of this region (`kms:ViaService`), with any further conditions (an encryption context).
 * No statement when no role is named (a principal condition with no value would match nobody).
 */
export function rolesUseKeyVia(
  aws: AwsContext,
  sid: string,
  roleArns: readonly string[] | undefined,
  keyActions: readonly string[],
  service: string,
  further: readonly DataAwsIamPolicyDocumentStatementCondition[] = [],
): DataAwsIamPolicyDocumentStatement[] {
  if (roleArns === undefined || roleArns.length === 0) return [];
  return [
    {
      sid,
      effect: 'Allow',
      principals: [{ type: 'AWS', identifiers: [aws.rootArn] }],
      actions: actions(keyActions),
      resources: ['*'],
      condition: [
        { test: 'ArnEquals', variable: 'aws:PrincipalArn', values: [...roleArns] },
        { test: 'StringEquals', variable: 'kms:ViaService', values: [aws.viaService(service)] },
        { test: 'StringEquals', variable: 'kms:CallerAccount', values: [aws.accountId] },
        ...further,
      ],
    },
  ];
}
