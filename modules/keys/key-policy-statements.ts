import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
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
