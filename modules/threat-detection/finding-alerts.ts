import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { AwsContext } from '../core/aws-context';

/** Malware scan outcomes that leave an object unscanned or flagged. */
export type MalwareScanStatus = 'THREATS_FOUND' | 'UNSUPPORTED' | 'ACCESS_DENIED' | 'FAILED';

/**
 * Names of the EventBridge rules that route findings to the alert topic. The audit stack (which
 * comes first) names them in the topic policy, so they are derived, not referenced.
 */
export function findingAlertRuleNames(resourcePrefix: string): {
  readonly findings: string;
  readonly malware: string;
  readonly deadLetterQueue: string;
} {
  return {
    findings: `${resourcePrefix}-guardduty-findings`,
    malware: `${resourcePrefix}-malware-scan-alerts`,
    deadLetterQueue: `${resourcePrefix}-finding-alerts-dlq`,
  };
}

export interface FindingAlertsProps {
  readonly aws: AwsContext;
  /** Prefix of the rule names (`<project>-<env>`), see `findingAlertRuleNames`. */
  readonly resourcePrefix: string;
  /** The alert topic. */
  readonly topicArn: string;
  /** Customer-managed key (the audit key) of the dead-letter queue; its policy must let EventBridge use it for that queue. */
  readonly deadLetterKmsKeyArn: string;
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
  /**
   * Name prefix of the dead-letter-queue alarm; the alert topic only accepts alarms named with the
   * environment's prefix. @default `${resourcePrefix}-`
   */
  readonly alarmNamePrefix?: string;
}

/**
 * EventBridge rules on the default bus that send GuardDuty findings at or above a severity, and
 * Malware Protection for S3 scan results with threats (or no verdict), to the alert topic, with a
 * dead-letter queue (and an alarm on it) so that an alert EventBridge cannot deliver is not lost.
 */
export class FindingAlerts extends Construct {
  public readonly findingsRule: CloudwatchEventRule;
  public readonly malwareRule: CloudwatchEventRule;
  /** Where undeliverable alert events go (with an alarm on arrival). */
  public readonly deadLetterQueue: SqsQueue;
  public readonly deadLetterAlarm: CloudwatchMetricAlarm;

  public constructor(scope: Construct, id: string, props: FindingAlertsProps) {
    super(scope, id);
    const statuses = props.malwareScanStatuses ?? ['THREATS_FOUND', 'UNSUPPORTED', 'ACCESS_DENIED', 'FAILED'];
    const problems: string[] = [];
    if (typeof props.minimumSeverity !== 'number' || !(props.minimumSeverity >= 0 && props.minimumSeverity <= 10)) {
      problems.push(
        `minimumSeverity: must be a number from 0 to 10 (received ${JSON.stringify(props.minimumSeverity)})`,
      );
    }
    if (!statuses.includes('THREATS_FOUND')) {
      problems.push(`malwareScanStatuses: must include "THREATS_FOUND" (received ${JSON.stringify(statuses)})`);
    }
    if (problems.length > 0) throw new Error(`FindingAlerts "${id}": ${problems.join('; ')}`);
    const names = findingAlertRuleNames(props.resourcePrefix);
    const { aws } = props;

    // Events EventBridge could not deliver to the topic (after its 24 h of retries) are kept here
    // for 14 days instead of being dropped, and their arrival raises an alarm. Encrypted with the
    // audit key, whose policy lets EventBridge use it for this queue only.
    this.deadLetterQueue = new SqsQueue(this, 'dead-letter-queue', {
      name: names.deadLetterQueue,
      kmsMasterKeyId: props.deadLetterKmsKeyArn,
      kmsDataKeyReusePeriodSeconds: 300,
      messageRetentionSeconds: 14 * 24 * 3600,
    });
    const queueArn = aws.queueArn(names.deadLetterQueue);
    const queuePolicy = new DataAwsIamPolicyDocument(this, 'dead-letter-queue-policy', {
      statement: [
        {
          sid: 'FindingRulesDeadLetters',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['events.amazonaws.com'] }],
          actions: ['sqs:SendMessage'],
          resources: [queueArn],
          condition: [
            {
              test: 'ArnEquals',
              variable: 'aws:SourceArn',
              values: [aws.arn('events', `rule/${names.findings}`), aws.arn('events', `rule/${names.malware}`)],
            },
          ],
        },
        {
          sid: 'DenyWithoutTls',
          effect: 'Deny',
          principals: [{ type: '*', identifiers: ['*'] }],
          actions: ['sqs:*'],
          resources: [queueArn],
          condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
        },
      ],
    });
    new SqsQueuePolicy(this, 'dead-letter-queue-access', {
      queueUrl: this.deadLetterQueue.url,
      policy: queuePolicy.json,
    });
    this.deadLetterAlarm = new CloudwatchMetricAlarm(this, 'dead-letter-alarm', {
      alarmName: `${props.alarmNamePrefix ?? `${props.resourcePrefix}-`}finding-alerts-undelivered`,
      alarmDescription: 'A GuardDuty finding or malware scan alert could not be delivered to the alert topic',
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: names.deadLetterQueue },
      statistic: 'Maximum',
      period: 300,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      treatMissingData: 'notBreaching',
      alarmActions: [props.topicArn],
      dependsOn: [this.deadLetterQueue],
    });
    const deadLetterConfig = { arn: this.deadLetterQueue.arn };

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
