import { blocks } from '../engine/model';
import type { Rule, TfElement } from '../engine/types';
import { bucketEncryption, ckv, cmkOf, fsbp, nag, nist, ok, publicPolicyRule, tlsRule, when } from './helpers';
import { alertTopicKeys } from './kms';

/** SNS rules, in report order. */
export const SNS_RULES: readonly Rule[] = [
  {
    id: 'VAULT-SNS-001',
    title: 'Topics are encrypted with a customer-managed key',
    severity: 'error',
    resourceTypes: ['aws_sns_topic'],
    rationale: 'Alerts describe findings; encrypt them at rest under our key.',
    fix: 'Set kms_master_key_id to an aws_kms_key ARN.',
    controls: [...fsbp('SNS.1'), ...ckv('CKV_AWS_26'), ...nag('AwsSolutions-SNS2', 'NIST.800.53.R5-SNSEncryptedKMS')],
    check: (t, q) =>
      when(cmkOf(q, t, t.config.kms_master_key_id) === undefined, 'kms_master_key_id is not a customer-managed key'),
  },
  tlsRule('VAULT-SNS-002', 'aws_sns_topic_policy', 'policy', 'sns', 'Topic', 'error', nist('SC-8'), ['sns:Publish']),
  publicPolicyRule('VAULT-SNS-003', 'aws_sns_topic_policy', 'policy', 'Topic', ckv('CKV_AWS_169')),
  {
    id: 'VAULT-SNS-004',
    title: 'Alert topics have a key of their own',
    severity: 'error',
    resourceTypes: ['aws_sns_topic'],
    rationale:
      'A topic encrypted with the key of the trail, a log group, a bucket or a table stops publishing when that key is disabled: the alert about it is lost with it.',
    fix: 'Encrypt the topic EventBridge rules publish to with a customer-managed key that encrypts nothing else (its dead-letter queue aside).',
    controls: nist('SI-4', 'SC-12'),
    check: (t, q) => {
      const key = cmkOf(q, t, t.config.kms_master_key_id);
      if (key === undefined || !alertTopicKeys(q).includes(key)) return ok;
      const users: TfElement[] = [
        ...q.all('aws_cloudtrail').filter((e) => cmkOf(q, e, e.config.kms_key_id) === key),
        ...q.all('aws_cloudwatch_log_group').filter((e) => cmkOf(q, e, e.config.kms_key_id) === key),
        ...q.all('aws_s3_bucket').filter((b) => bucketEncryption(q, b)?.key === key),
        ...q
          .all('aws_dynamodb_table')
          .filter((d) => blocks(d.config.server_side_encryption).some((x) => cmkOf(q, d, x.kms_key_arn) === key)),
      ];
      return when(users.length > 0, `its key also encrypts ${users.map((u) => u.address).join(', ')}`);
    },
  },
];
