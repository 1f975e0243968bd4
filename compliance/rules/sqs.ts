import { blocks, isObject, num, shown } from '../engine/model';
import type { ModelQuery, Rule, TfElement } from '../engine/types';
import { ckv, cmkOf, denialsExceptNamed, fsbp, nag, nist, ok, publicPolicyRule, arnOf, tlsRule, when } from './helpers';
import { alertsTopic } from './tamper-events';

/** Whether a queue keeps the events EventBridge could not deliver to an alert topic. */
function isAlertDeadLetterQueue(q: ModelQuery, queue: TfElement): boolean {
  return q.all('aws_cloudwatch_event_target').some((t) => {
    const rule = q.target(t, t.config.rule)?.element;
    return (
      rule !== undefined &&
      alertsTopic(q, rule) &&
      blocks(t.config.dead_letter_config).some((d) => q.target(t, d.arn)?.element === queue)
    );
  });
}

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
  {
    id: 'VAULT-SQS-005',
    title: 'Alert dead-letter queues are read and purged only by named principals',
    severity: 'error',
    resourceTypes: ['aws_sqs_queue'],
    rationale: 'An undelivered alert is the last copy of a report of tampering: whoever can purge it can hide it.',
    fix: 'Deny sqs:ReceiveMessage, DeleteMessage and PurgeQueue in the queue policy to all but break-glass (ArnNotEquals aws:PrincipalArn).',
    controls: nist('AU-9', 'SI-4'),
    check: (queue, q) => {
      if (!isAlertDeadLetterQueue(q, queue)) return ok;
      const arn = arnOf(q, queue);
      const statements = q
        .referencing(queue, 'aws_sqs_queue_policy', 'queue_url')
        .flatMap((p) => q.policy(p, p.config.policy) ?? []);
      const open = ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:PurgeQueue'].filter(
        (a) => denialsExceptNamed(statements, a, arn).length === 0,
      );
      return when(open.length > 0, `no Deny of ${open.join(', ')} to all but named principals`);
    },
  },
  {
    id: 'VAULT-SQS-006',
    title: 'An undelivered alert raises an alarm',
    severity: 'error',
    resourceTypes: ['aws_sqs_queue'],
    rationale: 'An alert waiting in a dead-letter queue reports nothing until someone looks.',
    fix: 'Add an aws_cloudwatch_metric_alarm on AWS/SQS ApproximateNumberOfMessagesVisible of the queue (>= 1) whose alarm_actions name an SNS topic.',
    controls: nist('SI-4', 'IR-4(1)'),
    check: (queue, q) => {
      if (!isAlertDeadLetterQueue(q, queue)) return ok;
      const name = q.render(queue, queue.config.name);
      const alarmed = q.all('aws_cloudwatch_metric_alarm').some((a) => {
        const dims = a.config.dimensions;
        const actions = a.config.alarm_actions;
        return (
          q.render(a, a.config.namespace) === 'AWS/SQS' &&
          isObject(dims) &&
          q.render(a, dims.QueueName) === name &&
          (Array.isArray(actions) ? actions : []).some((x) => q.target(a, x)?.element.type === 'aws_sns_topic')
        );
      });
      return when(!alarmed, `no alarm on the depth of ${name ?? queue.address} notifies an SNS topic`);
    },
  },
];
