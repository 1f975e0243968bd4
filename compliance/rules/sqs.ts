import { num, shown } from '../engine/model';
import type { Rule } from '../engine/types';
import { ckv, cmkOf, fsbp, nag, nist, publicPolicyRule, tlsRule, when } from './helpers';

/** SQS rules, in report order. */
export const SQS_RULES: readonly Rule[] = [
  {
    id: 'VAULT-SQS-001',
    title: 'Queues are encrypted with a customer-managed key',
    severity: 'error',
    resourceTypes: ['aws_sqs_queue'],
    rationale: 'Failed events carry object keys and subject ids.',
    fix: 'Set kms_master_key_id to an aws_kms_key ARN.',
    controls: [...fsbp('SQS.1'), ...ckv('CKV_AWS_27'), ...nag('AwsSolutions-SQS2')],
    check: (s, q) =>
      when(cmkOf(q, s, s.config.kms_master_key_id) === undefined, 'kms_master_key_id is not a customer-managed key'),
  },
  publicPolicyRule('VAULT-SQS-002', 'aws_sqs_queue_policy', 'policy', 'Queue', ckv('CKV_AWS_168', 'CKV_AWS_72')),
  tlsRule('VAULT-SQS-003', 'aws_sqs_queue_policy', 'policy', 'sqs', 'Queue', 'warning', nist('SC-8'), [
    'sqs:SendMessage',
    'sqs:ReceiveMessage',
  ]),
  {
    id: 'VAULT-SQS-004',
    title: 'Failure queues keep messages 14 days',
    severity: 'warning',
    resourceTypes: ['aws_sqs_queue'],
    rationale: 'A failure destination is the last copy of an event: keep it as long as SQS allows.',
    fix: 'Set message_retention_seconds = 1209600.',
    controls: nag('AwsSolutions-SQS3', 'Serverless-SQSRedrivePolicy'),
    check: (s) =>
      when(
        (num(s.config.message_retention_seconds) ?? 345600) < 1209600,
        `message_retention_seconds is ${shown(s.config.message_retention_seconds ?? 345600)}`,
      ),
  },
];
