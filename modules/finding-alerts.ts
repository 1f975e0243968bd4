import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';

/** Malware scan outcomes that leave an object unscanned or flagged. */
export type MalwareScanStatus = 'THREATS_FOUND' | 'UNSUPPORTED' | 'ACCESS_DENIED' | 'FAILED';

/**
 * Names of the EventBridge rules that route findings to the alert topic. The audit stack (which
 * comes first) names them in the topic policy, so they are derived, not referenced.
 */
export function findingAlertRuleNames(resourcePrefix: string): { readonly findings: string; readonly malware: string } {
  return { findings: `${resourcePrefix}-guardduty-findings`, malware: `${resourcePrefix}-malware-scan-alerts` };
}

export interface FindingAlertsProps {
  /** Prefix of the rule names (`<project>-<env>`), see `findingAlertRuleNames`. */
  readonly resourcePrefix: string;
  /** The alert topic. */
  readonly topicArn: string;
  /** Lowest GuardDuty finding severity (0-10) routed. */
  readonly minimumSeverity: number;
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
 * EventBridge rules on the default bus that send GuardDuty findings at or above a severity, and
 * Malware Protection for S3 scan results with threats (or no verdict), to the alert topic.
 */
export class FindingAlerts extends Construct {
  public readonly findingsRule: CloudwatchEventRule;
  public readonly malwareRule: CloudwatchEventRule;

  public constructor(scope: Construct, id: string, props: FindingAlertsProps) {
    super(scope, id);
    const statuses = props.malwareScanStatuses ?? ['THREATS_FOUND', 'UNSUPPORTED', 'ACCESS_DENIED', 'FAILED'];
    const problems: string[] = [];
    if (typeof props.minimumSeverity !== 'number' || !(props.minimumSeverity >= 0 && props.minimumSeverity <= 10)) {
      problems.push(`minimumSeverity: must be a number from 0 to 10 (received ${JSON.stringify(props.minimumSeverity)})`);
    }
    if (!statuses.includes('THREATS_FOUND')) {
      problems.push(`malwareScanStatuses: must include "THREATS_FOUND" (received ${JSON.stringify(statuses)})`);
    }
    if (problems.length > 0) throw new Error(`FindingAlerts "${id}": ${problems.join('; ')}`);
    const names = findingAlertRuleNames(props.resourcePrefix);

    this.findingsRule = new CloudwatchEventRule(this, 'findings-rule', {
      name: names.findings,
      description: `GuardDuty findings with severity >= ${props.minimumSeverity} to the alert topic`,
      state: 'ENABLED',
      eventPattern: Fn.jsonencode({
        source: ['aws.guardduty'],
        'detail-type': ['GuardDuty Finding'],
        detail: { severity: [{ numeric: ['>=', props.minimumSeverity] }] },
      }),
    });
    new CloudwatchEventTarget(this, 'findings-target', {
      rule: this.findingsRule.name,
      targetId: 'alert-topic',
      arn: props.topicArn,
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
    });
  }
}
