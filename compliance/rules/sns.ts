import type { Rule } from '../engine/types';
import { ckv, cmkOf, fsbp, nag, nist, publicPolicyRule, tlsRule, when } from './helpers';

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
];
