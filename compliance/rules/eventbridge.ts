import { blocks } from '../engine/model';
import { hasCondition, principalIds } from '../engine/policy';
import type { Rule } from '../engine/types';
import { allows, nag, nist, ok, when } from './helpers';

/** EventBridge rules, in report order. */
export const EVENTBRIDGE_RULES: readonly Rule[] = [
  {
    id: 'VAULT-EVB-001',
    title: 'EventBridge targets have a dead-letter queue',
    severity: 'warning',
    resourceTypes: ['aws_cloudwatch_event_target'],
    rationale: 'Undeliverable events (e.g. a KMS-denied publish) are otherwise dropped after retries.',
    fix: 'Set dead_letter_config { arn = <encrypted SQS queue> }.',
    controls: nag('Serverless-EventBusDLQ'),
    check: (t) => when(blocks(t.config.dead_letter_config).length === 0, 'no dead_letter_config'),
  },
  {
    id: 'VAULT-EVB-002',
    title: 'EventBridge may publish only for its own rules',
    severity: 'error',
    resourceTypes: ['aws_cloudwatch_event_target'],
    rationale:
      'The target topic must admit events.amazonaws.com scoped by aws:SourceArn, or publishing fails / is open to other rules.',
    fix: 'In the topic policy allow events.amazonaws.com sns:Publish with ArnEquals aws:SourceArn = the rule ARN.',
    controls: nist('AC-6'),
    check: (t, q) => {
      const topic = q.target(t, t.config.arn)?.element;
      if (topic?.type !== 'aws_sns_topic') return ok;
      const st = q.referencing(topic, 'aws_sns_topic_policy', 'arn').flatMap((p) => q.policy(p, p.config.policy) ?? []);
      const allow = allows(st, 'sns:Publish').filter((s) =>
        principalIds(s, 'Service').includes('events.amazonaws.com'),
      );
      return when(
        allow.length === 0 || !allow.every((s) => hasCondition(s, 'aws:SourceArn')),
        'topic policy does not allow events.amazonaws.com with aws:SourceArn',
      );
    },
  },
  {
    id: 'VAULT-EVB-003',
    title: 'Finding rules filter by severity',
    severity: 'warning',
    resourceTypes: ['aws_cloudwatch_event_rule'],
    rationale: 'Routing every low-severity finding buries the important ones.',
    fix: 'Add detail.severity [{ "numeric": [">=", <threshold>] }] to the pattern.',
    controls: nist('SI-4'),
    check: (r, q) => {
      const p = q.render(r, r.config.event_pattern) ?? '';
      return when(
        p.includes('GuardDuty Finding') && !p.includes('severity'),
        'GuardDuty finding pattern without severity filter',
      );
    },
  },
];
