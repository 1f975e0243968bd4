import { blocks, isObject, num, shown } from '../engine/model';
import { coversAction } from '../engine/policy';
import type { ModelQuery, Rule, TfElement } from '../engine/types';
import {
  arnOf,
  awsDocs,
  ckv,
  cmkOf,
  denialsExceptNamed,
  failureQueues,
  fsbp,
  functionOf,
  nag,
  nist,
  ok,
  publicPolicyRule,
  queuePolicy,
  redriveOf,
  sourceQueueOf,
  tlsRule,
  when,
} from './helpers';
import { alertsTopic } from './tamper-events';

/** SQS's default retention (4 days) and visibility timeout (30 s); Lambda's default timeout (3 s). */
const SQS_DEFAULT_RETENTION = 345_600;
const SQS_DEFAULT_VISIBILITY = 30;
const LAMBDA_DEFAULT_TIMEOUT = 3;

/** Actions that consume a queue's messages. */
const CONSUME = ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:PurgeQueue'];

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
    rationale:
      'A dead-letter queue or failure destination is the last copy of an event: keep it as long as SQS allows.',
    fix: 'Set message_retention_seconds = 1209600.',
    controls: nag('AwsSolutions-SQS3', 'Serverless-SQSRedrivePolicy'),
    check: (s, q) =>
      when(
        failureQueues(q).includes(s) && (num(s.config.message_retention_seconds) ?? SQS_DEFAULT_RETENTION) < 1209600,
        `message_retention_seconds is ${shown(s.config.message_retention_seconds ?? SQS_DEFAULT_RETENTION)}`,
      ),
  },
  {
    id: 'VAULT-SQS-005',
    title: 'Services send to queues only for a named source resource',
    severity: 'error',
    resourceTypes: ['aws_sqs_queue_policy'],
    rationale:
      'A service principal allowed without aws:SourceArn (and, for an S3 bucket, whose ARN names no account, aws:SourceAccount) lets other resources or accounts inject messages (confused deputy).',
    fix: 'Add aws:SourceArn to every statement allowing a service principal, and aws:SourceAccount when the source is an S3 bucket.',
    controls: awsDocs('S3-grant-destinations-permissions-to-s3'),
    check: (p, q) => {
      const bad = (q.policy(p, p.config.policy) ?? []).filter((st) => {
        if (st.effect !== 'Allow' || !st.principals.some((pr) => pr.type === 'Service')) return false;
        const sourceArn = st.conditions.filter((c) => c.variable.toLowerCase() === 'aws:sourcearn');
        const bucketSource = sourceArn.some((c) => c.values.some((v) => /^arn:[^:]+:s3:::/.test(v)));
        const account = st.conditions.some((c) => c.variable.toLowerCase() === 'aws:sourceaccount');
        return sourceArn.length === 0 || (bucketSource && !account);
      });
      return when(
        bad.length > 0,
        `service statement(s) without source conditions: ${bad.map((st) => st.sid ?? '(no sid)').join(', ')}`,
      );
    },
  },
  {
    id: 'VAULT-SQS-006',
    title: 'Dead-letter queues keep messages longer than their source queues',
    severity: 'error',
    resourceTypes: ['aws_sqs_queue'],
    rationale:
      'A message moved to a standard dead-letter queue keeps its original enqueue time: with no longer retention there, it can expire as soon as it arrives.',
    fix: "Make the dead-letter queue's message_retention_seconds longer than the source queue's.",
    controls: [...awsDocs('SQS-setting-up-dead-letter-queue-retention'), ...nag('Serverless-SQSRedrivePolicy')],
    check: (s, q) => {
      const dlq = redriveOf(q, s)?.deadLetter;
      if (dlq === undefined) return [];
      const mine = num(s.config.message_retention_seconds) ?? SQS_DEFAULT_RETENTION;
      const theirs = num(dlq.config.message_retention_seconds) ?? SQS_DEFAULT_RETENTION;
      return when(theirs <= mine, `dead-letter queue keeps ${theirs} s, this queue ${mine} s`);
    },
  },
  {
    id: 'VAULT-SQS-007',
    title: "Lambda source queues' visibility timeout is six times the function timeout",
    severity: 'warning',
    resourceTypes: ['aws_lambda_event_source_mapping'],
    rationale:
      'A shorter visibility timeout hands a message out again while an invocation, or Lambda retrying a throttled one, still holds it.',
    fix: "Set the queue's visibility_timeout_seconds to at least 6 x the function timeout.",
    controls: awsDocs('Lambda-services-sqs-configure'),
    check: (m, q) => {
      const queue = sourceQueueOf(q, m);
      const fn = functionOf(q, m);
      if (queue === undefined || fn === undefined) return [];
      const visibility = num(queue.config.visibility_timeout_seconds) ?? SQS_DEFAULT_VISIBILITY;
      const timeout = num(fn.config.timeout) ?? LAMBDA_DEFAULT_TIMEOUT;
      return when(visibility < 6 * timeout, `visibility timeout ${visibility} s < 6 x function timeout ${timeout} s`);
    },
  },
  {
    id: 'VAULT-SQS-008',
    title: 'Only their consumer may consume Lambda source queues',
    severity: 'error',
    resourceTypes: ['aws_lambda_event_source_mapping'],
    rationale:
      "Whoever may receive, delete or purge a source queue's messages can make events disappear before they are processed.",
    fix: 'Deny sqs:ReceiveMessage, DeleteMessage, ChangeMessageVisibility and PurgeQueue in the queue policy unless aws:PrincipalArn is the function role (or break-glass).',
    controls: nist('AC-3', 'SI-7'),
    check: (m, q) => {
      const queue = sourceQueueOf(q, m);
      if (queue === undefined) return [];
      const denies = queuePolicy(q, queue).filter(
        (st) =>
          st.effect === 'Deny' &&
          st.principals.some((pr) => pr.identifiers.includes('*')) &&
          st.conditions.some((c) => c.test === 'ArnNotEquals' && c.variable.toLowerCase() === 'aws:principalarn'),
      );
      const open = CONSUME.filter((action) => !denies.some((st) => coversAction(st, action)));
      return when(open.length > 0, `no deny for other principals on ${open.join(', ')}`);
    },
  },
  {
    id: 'VAULT-SQS-009',
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
      const open = CONSUME.filter((a) => denialsExceptNamed(statements, a, arn).length === 0);
      return when(open.length > 0, `no Deny of ${open.join(', ')} to all but named principals`);
    },
  },
  {
    id: 'VAULT-SQS-010',
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
