import { Construct } from 'constructs';
import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatementCondition,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import type { AwsContext } from '../core/aws-context';
import { compact, type GuardrailRule } from './account-guardrail';

/**
 * CloudWatch Logs actions that return a log group's events, or send them elsewhere: reading
 * (`GetLogEvents`, `FilterLogEvents`, `StartQuery`, `StartLiveTail`, `Unmask`) and exporting
 * (`CreateExportTask` to S3, `PutSubscriptionFilter` to a stream or function). The AWS-managed
 * `CloudWatchLogsReadOnlyAccess` grants the readers; the query results of a query that could not be
 * started do not exist.
 */
export const LOG_READ_ACTIONS = [
  'logs:CreateExportTask',
  'logs:FilterLogEvents',
  'logs:GetLogEvents',
  'logs:PutSubscriptionFilter',
  'logs:StartLiveTail',
  'logs:StartQuery',
  'logs:Unmask',
] as const;

/** Stopping the trail, deleting it, or narrowing what it records. */
export const TRAIL_TAMPER_ACTIONS = [
  'cloudtrail:DeleteTrail',
  'cloudtrail:PutEventSelectors',
  'cloudtrail:PutInsightSelectors',
  'cloudtrail:StopLogging',
  'cloudtrail:UpdateTrail',
] as const;

/**
 * Turning GuardDuty off, suppressing or archiving its findings, changing trusted addresses or threat
 * lists, redirecting their export.
 */
export const GUARDDUTY_TAMPER_ACTIONS = [
  'guardduty:CreateFilter',
  'guardduty:DeleteDetector',
  'guardduty:DeletePublishingDestination',
  'guardduty:DeleteThreatIntelSet',
  'guardduty:UpdateDetector',
  'guardduty:UpdateFilter',
  'guardduty:UpdateIPSet',
  'guardduty:UpdatePublishingDestination',
  'guardduty:UpdateThreatIntelSet',
] as const;

/** Removing or changing a Malware Protection for S3 plan. */
export const MALWARE_PLAN_TAMPER_ACTIONS = [
  'guardduty:DeleteMalwareProtectionPlan',
  'guardduty:UpdateMalwareProtectionPlan',
] as const;

/** Disabling, deleting, retargeting or rewriting an EventBridge rule. */
export const RULE_TAMPER_ACTIONS = [
  'events:DeleteRule',
  'events:DisableRule',
  'events:PutRule',
  'events:PutTargets',
  'events:RemoveTargets',
] as const;

/**
 * Removing or muting a subscriber of an alert topic (a filter policy that matches nothing). Not
 * topic-policy actions: a topic policy accepts only the topic's own actions
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-language-api-permissions-reference.html),
 * so only an identity policy or an SCP can deny them; both are authorized against the `topic`
 * resource type (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsns.html).
 */
export const SUBSCRIPTION_TAMPER_ACTIONS = ['sns:SetSubscriptionAttributes', 'sns:Unsubscribe'] as const;

/** Deleting, silencing or rewriting an alarm. */
export const ALARM_TAMPER_ACTIONS = [
  'cloudwatch:DeleteAlarms',
  'cloudwatch:DisableAlarmActions',
  'cloudwatch:PutMetricAlarm',
] as const;

/**
 * Deleting a log group, its metric filters, replacing or removing its key, or shortening what it
 * keeps. `AssociateKmsKey` "overrides any existing associations" and encrypts new events under the
 * caller's key (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_AssociateKmsKey.html):
 * a key the caller then disables blinds every metric filter on the group.
 */
export const LOG_GROUP_TAMPER_ACTIONS = [
  'logs:AssociateKmsKey',
  'logs:DeleteLogGroup',
  'logs:DeleteMetricFilter',
  'logs:DisassociateKmsKey',
  'logs:PutDataProtectionPolicy',
  'logs:PutMetricFilter',
  'logs:PutRetentionPolicy',
] as const;

export interface DetectionGuardrailProps {
  readonly aws: AwsContext;
  /** Name of the managed policy (single-account use); the same rules are the SCP document. */
  readonly policyName: string;
  /** The trail's name. */
  readonly trailName: string;
  /** The trail's log group: read only by `logReaderArns`. */
  readonly trailLogGroupName: string;
  /** Log groups whose metric filters, retention and key only the pipeline changes (the trail's, the verifier's). */
  readonly watchedLogGroupNames: readonly string[];
  /** Name prefix of the environment's EventBridge rules. */
  readonly eventRuleNamePrefix: string;
  /** Name prefix of the environment's alarms. */
  readonly alarmNamePrefix: string;
  /** The topics alerts travel through (the alert topic, the alert-path watch topic): their subscriptions only by the pipeline. */
  readonly alertTopicArns: readonly string[];
  /**
   * Name prefixes of rules AWS services create for the project's detection (GuardDuty Malware
   * Protection's managed rule): deleting them stops the service's results. @default []
   */
  readonly managedRuleNamePrefixes?: readonly string[];
  /** Region whose rule forwards global services' events home (us-east-1): its rules are guarded as well. */
  readonly globalEventsRegion?: string;
  /** May change the trail, GuardDuty, the rules, alarms, log groups and subscriptions: deployers, alert administrators, break-glass. */
  readonly pipelineArns: readonly string[];
  /** May put or delete account-wide log policies: break-glass. */
  readonly breakGlassArns: readonly string[];
  /** May read the trail's log group: auditors and break-glass. */
  readonly logReaderArns: readonly string[];
}

/**
 * The detection guardrail: what no principal but the pipeline may do to the trail, GuardDuty, the
 * environment's EventBridge rules, alarms and watched log groups, and who may read the trail's log
 * group at all. Like the account guardrail, deny statements without `Principal`: `document` is the
 * managed IAM policy (attach it to every administrator of a single account), `scpDocument` the SCP
 * (an account can have five SCPs; each within 5,120 characters).
 *
 * Why an identity-side rule for the trail's log group: a log group's resource policy "only supports
 * logs:PutLogEvents and logs:CreateLogStream" and is not enforced for IAM users or roles
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutResourcePolicy.html),
 * and its KMS key does not gate readers: CloudWatch Logs decrypts for whoever may read
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html). The trail's
 * events name S3 object keys, which carry subject ids.
 *
 * A preventive rule on the detection itself matters most where detection is blind: once the trail
 * is stopped, nothing sees the next call (EventBridge receives CloudTrail events only "with a
 * CloudTrail trail with logging", eb-service-event-cloudtrail), so deleting GuardDuty afterwards
 * would go unreported. With the SCP, only the pipeline can take either step.
 */
export class DetectionGuardrail extends Construct {
  public readonly document: DataAwsIamPolicyDocument;
  public readonly scpDocument: DataAwsIamPolicyDocument;
  public readonly policy: IamPolicy;
  public readonly policyArn: string;
  public readonly rules: readonly GuardrailRule[];

  public constructor(scope: Construct, id: string, props: DetectionGuardrailProps) {
    super(scope, id);
    const { aws } = props;
    const problems: string[] = [];
    if (props.pipelineArns.length === 0) problems.push('pipelineArns: must name at least one role (received [])');
    if (props.logReaderArns.length === 0) problems.push('logReaderArns: must name at least one role (received [])');
    if (props.breakGlassArns.length === 0) problems.push('breakGlassArns: must name at least one role (received [])');
    if (props.alertTopicArns.length === 0) problems.push('alertTopicArns: must name at least one topic (received [])');
    if (problems.length > 0) throw new Error(`DetectionGuardrail "${id}": ${problems.join('; ')}`);
    const except = (arns: readonly string[]): DataAwsIamPolicyDocumentStatementCondition[] => [
      { test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [...new Set(arns)] },
    ];
    // A log group's ARN, and the form with `:*` some actions are authorized against.
    const logGroup = (name: string): string[] => [aws.logGroupArn(name), `${aws.logGroupArn(name)}:*`];
    this.policyArn = aws.policyArn(props.policyName);
    const pipeline = except(props.pipelineArns);
    this.rules = [
      {
        sid: 'TrailLogGroupReadsOnlyByAuditors',
        actions: [...LOG_READ_ACTIONS],
        resources: logGroup(props.trailLogGroupName),
        condition: except(props.logReaderArns),
      },
      {
        // An account-level subscription-filter policy streams "all log groups or a subset" (chosen
        // by name) without naming a log group, so the rule above cannot see it; the action has no
        // resource type (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutAccountPolicy.html).
        sid: 'AccountLogPoliciesOnlyByBreakGlass',
        actions: ['logs:DeleteAccountPolicy', 'logs:PutAccountPolicy'],
        resources: ['*'],
        condition: except(props.breakGlassArns),
      },
      {
        sid: 'TrailOnlyByPipeline',
        actions: [...TRAIL_TAMPER_ACTIONS],
        resources: [aws.trailArn(props.trailName)],
        condition: pipeline,
        group: 'pipeline',
      },
      {
        sid: 'GuardDutyOnlyByPipeline',
        actions: [...GUARDDUTY_TAMPER_ACTIONS],
        resources: [aws.arn('guardduty', 'detector/*')],
        condition: pipeline,
        group: 'pipeline',
      },
      {
        // CreateIPSet and ArchiveFindings have no resource-level permissions (they name the detector
        // in the request): denied on "*" (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonguardduty.html).
        // "GuardDuty does not generate ... findings for IP addresses on trusted IP lists"
        // (GuardDuty user guide, guardduty_upload-lists); archiving hides a finding from analysts.
        sid: 'TrustedIpListsOnlyByPipeline',
        actions: ['guardduty:ArchiveFindings', 'guardduty:CreateIPSet'],
        resources: ['*'],
        condition: pipeline,
      },
      {
        sid: 'MalwareProtectionOnlyByPipeline',
        actions: [...MALWARE_PLAN_TAMPER_ACTIONS],
        resources: [aws.arn('guardduty', 'malware-protection-plan/*')],
        condition: pipeline,
        group: 'pipeline',
      },
      {
        sid: 'RulesOnlyByPipeline',
        actions: [...RULE_TAMPER_ACTIONS],
        // The environment's rules in its region and in the forwarding region (a rule ARN names its
        // region), and the rules AWS services manage for the project (their service-linked roles
        // are bound by neither an SCP nor this policy).
        resources: [
          ...new Set([
            ...[props.eventRuleNamePrefix, ...(props.managedRuleNamePrefixes ?? [])].map((p) =>
              aws.arn('events', `rule/${p}*`),
            ),
            ...(props.globalEventsRegion === undefined
              ? []
              : [aws.arn('events', `rule/${props.eventRuleNamePrefix}*`, { region: props.globalEventsRegion })]),
          ]),
        ],
        condition: pipeline,
        group: 'pipeline',
      },
      {
        // The topic's ARN, and the subscription ARN (`<topic-arn>:<id>`) the request names.
        sid: 'SubscriptionsOnlyByPipeline',
        actions: [...SUBSCRIPTION_TAMPER_ACTIONS],
        resources: props.alertTopicArns.flatMap((a) => [a, `${a}:*`]),
        condition: pipeline,
        group: 'pipeline',
      },
      {
        sid: 'AlarmsOnlyByPipeline',
        actions: [...ALARM_TAMPER_ACTIONS],
        resources: [aws.arn('cloudwatch', `alarm:${props.alarmNamePrefix}*`)],
        condition: pipeline,
        group: 'pipeline',
      },
      {
        sid: 'WatchedLogGroupsOnlyByPipeline',
        actions: [...LOG_GROUP_TAMPER_ACTIONS],
        resources: props.watchedLogGroupNames.flatMap(logGroup),
        condition: pipeline,
        group: 'pipeline',
      },
    ];
    this.document = new DataAwsIamPolicyDocument(this, 'document', {
      statement: this.rules.map((r) => ({
        sid: r.sid,
        effect: 'Deny',
        actions: [...r.actions],
        resources: [...r.resources],
        condition: [...r.condition],
      })),
    });
    this.scpDocument = new DataAwsIamPolicyDocument(this, 'scp-document', { statement: compact(id, this.rules) });
    this.policy = new IamPolicy(this, 'policy', {
      name: props.policyName,
      description:
        'Biometric vault detection guardrail: attach to every administrator of a single account (in an organization, use the same rules as an SCP)',
      policy: this.document.json,
    });
  }
}
