import { blocks, bool, str } from '../engine/model';
import type { Rule } from '../engine/types';
import { awsDocs, ckv, fsbp, nist, when } from './helpers';
import { alertsTopic, enabledRules, ruleMatches } from './tamper-events';

/** Finding types that hide or weaken detection, one per prefix routed at every severity, at GuardDuty's lowest. */
const HIDING_FINDINGS = [
  'Stealth:IAMUser/CloudTrailLoggingDisabled',
  'Policy:IAMUser/RootCredentialUsage',
  'PenTest:IAMUser/KaliLinux',
  'CredentialAccess:IAMUser/AnomalousBehavior',
] as const;

/** GuardDuty rules, in report order. */
export const GUARDDUTY_RULES: readonly Rule[] = [
  {
    id: 'VAULT-GD-001',
    title: 'GuardDuty detector is enabled',
    severity: 'error',
    resourceTypes: ['aws_guardduty_detector'],
    rationale: 'GuardDuty is how the vault detects unauthorized access and malware in uploads.',
    fix: 'Set enable = true.',
    controls: [...fsbp('GuardDuty.1'), ...ckv('CKV2_AWS_3')],
    check: (d) => when(bool(d.config.enable) === false, 'enable = false'),
  },
  {
    id: 'VAULT-GD-002',
    title: 'Findings publish every 15 minutes',
    severity: 'warning',
    resourceTypes: ['aws_guardduty_detector'],
    rationale: 'Default publishing (6 hours) delays alerts on updated findings.',
    fix: 'Set finding_publishing_frequency = FIFTEEN_MINUTES.',
    controls: nist('SI-4'),
    check: (d) =>
      when(
        str(d.config.finding_publishing_frequency) !== 'FIFTEEN_MINUTES',
        `finding_publishing_frequency is ${str(d.config.finding_publishing_frequency) ?? 'default'}`,
      ),
  },
  ...(['S3_DATA_EVENTS', 'LAMBDA_NETWORK_LOGS'] as const).map((feature, i): Rule => ({
    id: `VAULT-GD-00${3 + i}`,
    title: `GuardDuty ${feature === 'S3_DATA_EVENTS' ? 'S3 Protection' : 'Lambda Protection'} is on`,
    severity: 'error',
    resourceTypes: ['aws_guardduty_detector'],
    rationale:
      feature === 'S3_DATA_EVENTS'
        ? 'S3 Protection analyses data events on the vault bucket for suspicious access.'
        : 'Lambda Protection watches the verifier for network activity of compromised code.',
    fix: `Add aws_guardduty_detector_feature name = ${feature}, status = ENABLED.`,
    controls: [
      ...nist('SI-4'),
      ...awsDocs(
        feature === 'S3_DATA_EVENTS' ? 'GuardDuty-s3-protection' : 'Config-guardduty-lambda-protection-enabled',
      ),
    ],
    check: (d, q) => {
      const on = q
        .all('aws_guardduty_detector_feature')
        .some(
          (f) =>
            q.target(f, f.config.detector_id)?.element === d &&
            str(f.config.name) === feature &&
            str(f.config.status) === 'ENABLED',
        );
      return when(!on, `${feature} feature not ENABLED`);
    },
  })),
  {
    id: 'VAULT-GD-005',
    title: 'GuardDuty findings reach the alert topic',
    severity: 'error',
    resourceTypes: ['aws_guardduty_detector'],
    rationale: 'A finding nobody sees detects nothing.',
    fix: 'Add an aws_cloudwatch_event_rule with source aws.guardduty and an aws_cloudwatch_event_target on the alert SNS topic.',
    controls: nist('SI-4', 'IR-4(1)'),
    check: (_d, q) => {
      const rules = q.all('aws_cloudwatch_event_rule').filter((r) => {
        // Findings, not GuardDuty's own API calls (which a tamper rule matches with the same source).
        const pattern = q.render(r, r.config.event_pattern) ?? '';
        return pattern.includes('aws.guardduty') && pattern.includes('GuardDuty Finding');
      });
      const routed = rules.some((r) =>
        q
          .all('aws_cloudwatch_event_target')
          .some(
            (t) =>
              q.target(t, t.config.rule)?.element === r && q.target(t, t.config.arn)?.element.type === 'aws_sns_topic',
          ),
      );
      return when(!routed, 'no EventBridge rule routes aws.guardduty findings to an SNS topic');
    },
  },
  {
    id: 'VAULT-GD-006',
    title: 'Malware scans tag scanned objects',
    severity: 'warning',
    resourceTypes: ['aws_guardduty_malware_protection_plan'],
    rationale: 'Scan-result tags let policies block infected objects.',
    fix: 'Set actions { tagging { status = ENABLED } }.',
    controls: nist('SI-3'),
    check: (p) =>
      when(str(blocks(blocks(p.config.actions)[0]?.tagging)[0]?.status) !== 'ENABLED', 'tagging not ENABLED'),
  },
  {
    id: 'VAULT-GD-007',
    title: 'Findings that hide or weaken detection alert at any severity',
    severity: 'error',
    resourceTypes: ['aws_guardduty_detector'],
    rationale:
      'Stealth:IAMUser/CloudTrailLoggingDisabled, what reports a stopped trail, is Low: a severity threshold alone drops it, and Policy:, PenTest: and CredentialAccess: findings with it.',
    fix: 'Route GuardDuty findings whose detail.type starts with Stealth:, Policy:, PenTest: or CredentialAccess: to the alert topic at every severity ($or with the severity threshold).',
    controls: nist('SI-4', 'AU-9'),
    check: (_d, q) => {
      const rules = enabledRules(q).filter((r) => alertsTopic(q, r.rule));
      const dropped = HIDING_FINDINGS.filter(
        (type) =>
          !rules.some((r) =>
            ruleMatches(r.pattern, {
              'detail-type': 'GuardDuty Finding',
              source: 'aws.guardduty',
              detail: { type, severity: 1 },
            }),
          ),
      );
      return when(dropped.length > 0, `not routed at severity 1: ${dropped.join(', ')}`);
    },
  },
];
