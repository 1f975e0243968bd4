import { blocks } from '../engine/model';
import type { Rule, TfElement } from '../engine/types';
import {
  arnOf,
  bucketEncryption,
  ckv,
  cmkOf,
  fsbp,
  guardrailDenials,
  nag,
  nist,
  ok,
  publicPolicyRule,
  tlsRule,
  when,
} from './helpers';
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
  {
    id: 'VAULT-SNS-005',
    title: "Only named principals may remove or mute a topic's subscribers (guardrail)",
    severity: 'error',
    resourceTypes: ['aws_sns_topic'],
    rationale:
      'A topic without a subscriber accepts every alert and delivers it to nobody; a filter policy that matches nothing does the same. A topic policy cannot deny Unsubscribe or SetSubscriptionAttributes (they are not topic-policy actions), so only an identity policy or an SCP can.',
    fix: 'Deny sns:Unsubscribe and sns:SetSubscriptionAttributes on the topic ARN and on "<topic-arn>:*" to all but the pipeline and break-glass (ArnNotEquals aws:PrincipalArn) in the detection guardrail (and its SCP).',
    controls: nist('SI-4', 'AU-5'),
    check: (t, q) => {
      const arn = arnOf(q, t);
      const open = ['sns:Unsubscribe', 'sns:SetSubscriptionAttributes'].filter(
        (a) => guardrailDenials(q, a, arn).length === 0 || guardrailDenials(q, a, `${arn}:0f1e2d3c`).length === 0,
      );
      return when(open.length > 0, `no guardrail denies ${open.join(', ')} on the topic and its subscriptions`);
    },
  },
];
