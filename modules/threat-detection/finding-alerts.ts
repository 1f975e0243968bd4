import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';

/** Malware scan outcomes that leave an object unscanned or flagged. */
export type MalwareScanStatus = 'THREATS_FOUND' | 'UNSUPPORTED' | 'ACCESS_DENIED' | 'FAILED';

/**
 * GuardDuty finding types that reach the alert topic at every severity: what an attacker does to
 * hide (`Stealth:IAMUser/CloudTrailLoggingDisabled` is Low), weakened policies (`Policy:`), known
 * attack tooling (`PenTest:`) and credential theft (`CredentialAccess:`).
 */
export const ALWAYS_ROUTED_FINDING_PREFIXES = ['Stealth:', 'Policy:', 'PenTest:', 'CredentialAccess:'] as const;

/** Names of the EventBridge rules that route findings to the alert topic (named with the environment's rule prefix). */
export function findingAlertRuleNames(resourcePrefix: string): {
  readonly findings: string;
  readonly malware: string;
} {
  return {
    findings: `${resourcePrefix}-guardduty-findings`,
    malware: `${resourcePrefix}-malware-scan-alerts`,
  };
}

export interface FindingAlertsProps {
  /** Prefix of the rule names (`<project>-<env>`), see `findingAlertRuleNames`. */
  readonly resourcePrefix: string;
  /** The alert topic. */
  readonly topicArn: string;
  /** Dead-letter queue of the targets (the alert topic's, in `<env>-alerting`). */
  readonly deadLetterQueueArn: string;
  /** Lowest GuardDuty finding severity (0-10) routed for other finding types. */
  readonly minimumSeverity: number;
  /**
   * Finding type prefixes routed at every severity.
   * @default ALWAYS_ROUTED_FINDING_PREFIXES (Stealth:, Policy:, PenTest:, CredentialAccess:)
   */
  readonly alwaysRoutedTypePrefixes?: readonly string[];
  /** Bucket whose malware scan results are routed. */
  readonly scannedBucketName: string;
  /**
   * Scan outcomes routed. Objects GuardDuty could not scan are a gap an attacker can aim for
   * (for example a password-protected archive), so they alert as well.
   * @default ['THREATS_FOUND', 'UNSUPPORTED', 'ACCESS_DENIED', 'FAILED']
   */
  readonly malwareScanStatuses?: readonly MalwareScanStatus[];
}

/**
 * EventBridge rules on the default bus that send GuardDuty findings at or above a severity (and the
 * finding types that hide or weaken detection at every severity), and Malware Protection for S3 scan
 * results with threats (or no verdict), to the alert topic, with the topic's dead-letter queue so that
 * an alert EventBridge cannot deliver is kept and alarmed.
 */
export class FindingAlerts extends Construct {
  public readonly findingsRule: CloudwatchEventRule;
  public readonly malwareRule: CloudwatchEventRule;

  public constructor(scope: Construct, id: string, props: FindingAlertsProps) {
    super(scope, id);
    const statuses = props.malwareScanStatuses ?? ['THREATS_FOUND', 'UNSUPPORTED', 'ACCESS_DENIED', 'FAILED'];
    const problems: string[] = [];
    if (typeof props.minimumSeverity !== 'number' || !(props.minimumSeverity >= 0 && props.minimumSeverity <= 10)) {
      problems.push(
        `minimumSeverity: must be a number from 0 to 10 (received ${JSON.stringify(props.minimumSeverity)})`,
      );
    }
    const always = props.alwaysRoutedTypePrefixes ?? ALWAYS_ROUTED_FINDING_PREFIXES;
    for (const required of ALWAYS_ROUTED_FINDING_PREFIXES) {
      if (!always.includes(required))
        problems.push(
          `alwaysRoutedTypePrefixes: must include ${JSON.stringify(required)} (received ${JSON.stringify(always)})`,
        );
    }
    if (!statuses.includes('THREATS_FOUND')) {
      problems.push(`malwareScanStatuses: must include "THREATS_FOUND" (received ${JSON.stringify(statuses)})`);
    }
    if (problems.length > 0) throw new Error(`FindingAlerts "${id}": ${problems.join('; ')}`);
    const names = findingAlertRuleNames(props.resourcePrefix);
    const deadLetterConfig = { arn: props.deadLetterQueueArn };

    this.findingsRule = new CloudwatchEventRule(this, 'findings-rule', {
      name: names.findings,
      description: `GuardDuty findings with severity >= ${props.minimumSeverity}, and ${always.join(' ')} findings at any severity, to the alert topic`,
      state: 'ENABLED',
      // `type` and `severity` are top-level members of the finding in `detail`
      // (https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings_cloudwatch.html).
      eventPattern: Fn.jsonencode({
        source: ['aws.guardduty'],
        'detail-type': ['GuardDuty Finding'],
        detail: {
          $or: [
            { severity: [{ numeric: ['>=', props.minimumSeverity] }] },
            { type: always.map((p) => ({ prefix: p })) },
          ],
        },
      }),
    });
    new CloudwatchEventTarget(this, 'findings-target', {
      rule: this.findingsRule.name,
      targetId: 'alert-topic',
      arn: props.topicArn,
      deadLetterConfig,
    });

    this.malwareRule = new CloudwatchEventRule(this, 'malware-rule', {
      name: names.malware,
      description: `Malware scan results (${statuses.join(', ')}) of the vault bucket to the alert topic`,
      state: 'ENABLED',
      eventPattern: Fn.jsonencode({
        source: ['aws.guardduty'],
        'detail-type': ['GuardDuty Malware Protection Object Scan Result'],
        detail: {
          s3ObjectDetails: { bucketName: [props.scannedBucketName] },
          scanResultDetails: { scanResultStatus: [...statuses] },
        },
      }),
    });
    new CloudwatchEventTarget(this, 'malware-target', {
      rule: this.malwareRule.name,
      targetId: 'alert-topic',
      arn: props.topicArn,
      deadLetterConfig,
    });
  }
}
