import { blocks } from '../engine/model';
import { hasCondition, principalIds } from '../engine/policy';
import type { Rule } from '../engine/types';
import { allows, nag, nist, ok, when } from './helpers';
import { TAMPER_RESOURCE_TYPES, enabledRules, tamperSamples, unreported } from './tamper-events';

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
  {
    id: 'VAULT-EVB-004',
    title: 'Tampering with detection and with the vault alerts at any severity',
    severity: 'error',
    resourceTypes: [...TAMPER_RESOURCE_TYPES],
    rationale:
      'Disabling a key, stopping the trail, deleting GuardDuty, a rule, an alarm, a filter or a subscription, or loosening a role, the ledger or a bucket silences or weakens detection: each call must alert, whatever its severity.',
    fix: "Add an enabled EventBridge rule on CloudTrail's management events (source aws.<service>, detail-type \"AWS API Call via CloudTrail\") that matches the call on this resource and targets an SNS topic; IAM's events also need a us-east-1 rule forwarding them to the environment's bus.",
    controls: nist('SI-4', 'AU-9', 'IR-4(1)'),
    check: (e, q) => {
      // Only where the model records management events at all: an environment with a trail.
      if (q.all('aws_cloudtrail').length === 0) return ok;
      const samples = tamperSamples(q, e);
      if (samples.length === 0) return ok;
      const rules = enabledRules(q);
      const missing = samples.map((s) => unreported(q, e, s, rules)).filter((m): m is string => m !== undefined);
      return when(missing.length > 0, missing.join('; '));
    },
  },
];
