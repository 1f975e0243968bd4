import { Construct } from 'constructs';
import { Fn, type TerraformProvider } from 'cdktf';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { AwsContext } from '../core/aws-context';
import { suppressRule } from '../../compliance/engine/suppression';

/**
 * The region where AWS global services (IAM among them) deliver their CloudTrail events to
 * EventBridge: "AWS global services, such as AWS Identity and Access Management (IAM) ... deliver
 * events only to us-east-1 Region" (https://repost.aws/knowledge-center/use-eventbridge-rule-across-regions).
 * Commercial partition only (China and GovCloud have their own).
 */
export const GLOBAL_SERVICE_EVENTS_REGION = 'us-east-1';

/** `detail-type` of CloudTrail management events on the default bus (EventBridge user guide, eb-service-event-cloudtrail). */
export const CLOUDTRAIL_API_CALL = 'AWS API Call via CloudTrail';

/** The resources whose tampering alerts, by service. Values may be Terraform references. */
export interface TamperTargets {
  /** The project's keys: ARN and key id of each (the VaultKey, the audit key, the alert key, the ledger signing key, the state key). */
  readonly keys: readonly { readonly arn: string; readonly id: string }[];
  readonly trail: { readonly name: string; readonly arn: string };
  /** Name prefix of the environment's EventBridge rules. */
  readonly eventRuleNamePrefix: string;
  /**
   * Name prefixes of rules AWS services manage for the project's detection (GuardDuty Malware
   * Protection's `DO-NOT-DELETE-…` rule): force-deleting or retargeting them stops scan results.
   * @default []
   */
  readonly managedRuleNamePrefixes?: readonly string[];
  /** The log groups whose filters, retention, key or existence matter (the trail's, the verifier's). */
  readonly logGroupNames: readonly string[];
  /** Name prefix of the environment's alarms. */
  readonly alarmNamePrefix: string;
  /** The topics alerts travel through (the alert topic, the alert-path watch topic). */
  readonly topicArns: readonly string[];
  /**
   * The environment's functions (the verifier, the ledger's stream consumer and digest job): each one's
   * name, unqualified ARN and partial ARN (`<account>:function:<name>`).
   */
  readonly functions: readonly { readonly name: string; readonly arn: string; readonly partialArn: string }[];
  /** The project's roles: the prefix of those it creates, and the duty roles' names. */
  readonly roles: { readonly namePrefix: string; readonly names: readonly string[] };
  /** Managed policies whose versions matter (the permissions boundary, the guardrails). */
  readonly policyArns: readonly string[];
  /** The ledger table. */
  readonly table: { readonly name: string; readonly arn: string };
  /** The project's buckets: the prefix of those it names, and others by name (the state bucket). */
  readonly buckets: { readonly namePrefix: string; readonly names: readonly string[] };
}

/** One EventBridge tamper rule: the service's CloudTrail source, the calls, and the resources they must name. */
export interface TamperRule {
  /** Suffix of the rule's name (`<prefix>tamper-<id>`). */
  readonly id: string;
  readonly description: string;
  /** EventBridge `source` (`aws.kms`, `aws.monitoring` for CloudWatch). */
  readonly source: string;
  /** CloudTrail `eventSource` (`kms.amazonaws.com`). */
  readonly eventSource: string;
  /** `eventName` values; a string ending in `*` matches by prefix (Lambda's versioned names). */
  readonly eventNames: readonly string[];
  /** Further `detail` pattern: which resources (an object with `$or` alternatives), or none for the whole service. */
  readonly resources?: Readonly<Record<string, unknown>>;
  /** Whether the service delivers its events only to us-east-1 (IAM). */
  readonly global?: boolean;
}

const prefix = (p: string): { prefix: string } => ({ prefix: p });
const requestParameters = (field: string, values: readonly unknown[]): Record<string, unknown> => ({
  requestParameters: { [field]: [...values] },
});

/**
 * Every call that could stop, blind or redirect detection, by service, on the project's resources.
 * Events are CloudTrail management events, write calls only (matched by rules in the `ENABLED`
 * state); failed and denied calls are delivered too and alert as well. Field names in
 * `requestParameters` follow each API's request members (CloudTrail record contents:
 * "The parameters ... are documented in the API reference documentation for the appropriate AWS
 * service").
 */
export function tamperRules(t: TamperTargets): TamperRule[] {
  const keyArns = t.keys.map((k) => k.arn);
  const rulePrefixes = [t.eventRuleNamePrefix, ...(t.managedRuleNamePrefixes ?? [])].map(prefix);
  const logGroups = t.logGroupNames;
  const alarms = prefix(t.alarmNamePrefix);
  return [
    {
      id: 'kms',
      description: "A project key's state, deletion or policy changed",
      source: 'aws.kms',
      eventSource: 'kms.amazonaws.com',
      eventNames: ['CancelKeyDeletion', 'DisableKey', 'DisableKeyRotation', 'PutKeyPolicy', 'ScheduleKeyDeletion'],
      // keyId is what the caller passed (key id or key ARN); resources[].ARN is the key's ARN.
      resources: {
        $or: [requestParameters('keyId', [...keyArns, ...t.keys.map((k) => k.id)]), { resources: { ARN: keyArns } }],
      },
    },
    {
      id: 'cloudtrail',
      description: 'The trail was stopped, deleted, changed, or its selectors changed',
      source: 'aws.cloudtrail',
      eventSource: 'cloudtrail.amazonaws.com',
      eventNames: ['DeleteTrail', 'PutEventSelectors', 'PutInsightSelectors', 'StopLogging', 'UpdateTrail'],
      // A trail is named by its name or ARN: `name` (StopLogging, DeleteTrail, UpdateTrail), `trailName` (selectors).
      resources: {
        $or: [
          requestParameters('name', [t.trail.name, t.trail.arn]),
          requestParameters('trailName', [t.trail.name, t.trail.arn]),
        ],
      },
    },
    {
      id: 'guardduty',
      description:
        'GuardDuty was deleted or changed, its malware protection or findings export changed, findings were suppressed or archived, IPs trusted or threat lists changed',
      source: 'aws.guardduty',
      eventSource: 'guardduty.amazonaws.com',
      // One detector per account and region: every such call concerns ours. Suppression filters and
      // trusted IP lists silence findings before EventBridge sees them (GuardDuty user guide,
      // findings_suppression-rule, guardduty_upload-lists); archiving hides a finding from the
      // console after EventBridge saw it; a threat list removed or emptied yields fewer findings.
      eventNames: [
        'ArchiveFindings',
        'CreateFilter',
        'CreateIPSet',
        'DeleteDetector',
        'DeleteMalwareProtectionPlan',
        'DeletePublishingDestination',
        'DeleteThreatIntelSet',
        'UpdateDetector',
        'UpdateFilter',
        'UpdateIPSet',
        'UpdateMalwareProtectionPlan',
        'UpdatePublishingDestination',
        'UpdateThreatIntelSet',
      ],
    },
    ...(['events', 'events-witness'] as const).map((id): TamperRule => ({
      id,
      // Two rules with the same pattern: a rule that is disabled or loses its targets cannot report
      // that about itself, the other one does.
      description: `An EventBridge rule of the environment was disabled, deleted, retargeted or rewritten${id === 'events-witness' ? ' (second rule)' : ''}`,
      source: 'aws.events',
      eventSource: 'events.amazonaws.com',
      eventNames: ['DeleteRule', 'DisableRule', 'PutRule', 'PutTargets', 'RemoveTargets'],
      resources: { $or: [requestParameters('name', rulePrefixes), requestParameters('rule', rulePrefixes)] },
    })),
    {
      id: 'logs',
      description:
        "A watched log group's metric filters, retention, key, masking or existence changed, or it was exported",
      source: 'aws.logs',
      eventSource: 'logs.amazonaws.com',
      eventNames: [
        'AssociateKmsKey',
        'CreateExportTask',
        'DeleteLogGroup',
        'DeleteMetricFilter',
        'DisassociateKmsKey',
        'PutDataProtectionPolicy',
        'PutMetricFilter',
        'PutRetentionPolicy',
        'PutSubscriptionFilter',
      ],
      resources: {
        $or: [requestParameters('logGroupName', logGroups), requestParameters('logGroupIdentifier', logGroups)],
      },
    },
    {
      id: 'logs-account',
      description: 'An account-wide CloudWatch Logs policy (subscription filter, data protection) was put or deleted',
      source: 'aws.logs',
      eventSource: 'logs.amazonaws.com',
      // An account policy names no log group: a subscription-filter policy streams "all log groups
      // or a subset" elsewhere (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutAccountPolicy.html).
      eventNames: ['DeleteAccountPolicy', 'PutAccountPolicy'],
    },
    {
      id: 'cloudwatch',
      description: 'An alarm of the environment was deleted, silenced or rewritten',
      source: 'aws.monitoring',
      eventSource: 'monitoring.amazonaws.com',
      eventNames: ['DeleteAlarms', 'DisableAlarmActions', 'PutMetricAlarm'],
      // alarmNames is a list: a pattern matches when any element matches.
      resources: { $or: [requestParameters('alarmNames', [alarms]), requestParameters('alarmName', [alarms])] },
    },
    {
      id: 'sns',
      description: 'An alert topic, its policy or a subscription changed, or a subscription was removed',
      source: 'aws.sns',
      eventSource: 'sns.amazonaws.com',
      eventNames: [
        'AddPermission',
        'DeleteTopic',
        'PutDataProtectionPolicy',
        'RemovePermission',
        'SetSubscriptionAttributes',
        'SetTopicAttributes',
        'Unsubscribe',
      ],
      // A subscription ARN is the topic's ARN, ":" and the subscription id.
      resources: {
        $or: [
          requestParameters('topicArn', t.topicArns),
          requestParameters('resourceArn', t.topicArns),
          requestParameters(
            'subscriptionArn',
            t.topicArns.map((a) => prefix(`${a}:`)),
          ),
        ],
      },
    },
    {
      id: 'lambda',
      description: "A function's code, configuration, permissions, concurrency or code signing changed",
      source: 'aws.lambda',
      eventSource: 'lambda.amazonaws.com',
      // CloudTrail names carry an API version suffix ("GetFunction20150331", Lambda developer guide,
      // logging-using-cloudtrail): matched by prefix.
      eventNames: [
        'AddPermission*',
        'CreateAlias*',
        'DeleteFunction*',
        'PublishVersion*',
        'PutFunctionCodeSigningConfig*',
        'PutFunctionConcurrency*',
        'PutFunctionEventInvokeConfig*',
        'RemovePermission*',
        'UpdateAlias*',
        'UpdateFunctionCode*',
        'UpdateFunctionConfiguration*',
        'UpdateFunctionEventInvokeConfig*',
      ],
      // FunctionName: the name, the name with a qualifier, the ARN or the partial ARN (with qualifiers).
      resources: requestParameters(
        'functionName',
        t.functions.flatMap((f) => [f.name, prefix(`${f.name}:`), prefix(f.arn), prefix(f.partialArn)]),
      ),
    },
    {
      id: 'iam',
      description: "A project role's trust, policies or boundary changed, or the boundary or a guardrail was rewritten",
      source: 'aws.iam',
      eventSource: 'iam.amazonaws.com',
      eventNames: [
        'AttachRolePolicy',
        'CreatePolicyVersion',
        'CreateRole',
        'DeletePolicy',
        'DeletePolicyVersion',
        'DeleteRole',
        'DeleteRolePermissionsBoundary',
        'DeleteRolePolicy',
        'DetachRolePolicy',
        'PutRolePermissionsBoundary',
        'PutRolePolicy',
        'SetDefaultPolicyVersion',
        'UpdateAssumeRolePolicy',
        'UpdateRole',
      ],
      resources: {
        $or: [
          requestParameters('roleName', [prefix(t.roles.namePrefix), ...t.roles.names]),
          requestParameters('policyArn', t.policyArns),
        ],
      },
      global: true,
    },
    {
      id: 'dynamodb',
      description: "The ledger's resource policy, point-in-time recovery, deletion protection, stream or TTL changed",
      source: 'aws.dynamodb',
      eventSource: 'dynamodb.amazonaws.com',
      eventNames: [
        'DeleteResourcePolicy',
        'DeleteTable',
        'PutResourcePolicy',
        'UpdateContinuousBackups',
        'UpdateTable',
        'UpdateTimeToLive',
      ],
      // A resource policy belongs to the table or to one of its streams.
      resources: {
        $or: [
          requestParameters('tableName', [t.table.name, t.table.arn]),
          requestParameters('resourceArn', [t.table.arn, prefix(`${t.table.arn}/stream/`)]),
        ],
      },
    },
    {
      id: 's3',
      description:
        "A project bucket's policy, lifecycle, versioning, Object Lock, logging, encryption or public access block changed",
      source: 'aws.s3',
      eventSource: 's3.amazonaws.com',
      // CloudTrail names PutBucketLifecycleConfiguration "PutBucketLifecycle" (S3 user guide,
      // cloudtrail-logging-s3-info); both spellings of the Object Lock call are matched.
      eventNames: [
        'DeleteBucket',
        'DeleteBucketEncryption',
        'DeleteBucketLifecycle',
        'DeleteBucketPolicy',
        'DeleteBucketPublicAccessBlock',
        'DeleteBucketReplication',
        'PutBucketEncryption',
        'PutBucketLifecycle',
        'PutBucketLogging',
        'PutBucketObjectLockConfiguration',
        'PutBucketOwnershipControls',
        'PutBucketPolicy',
        'PutBucketPublicAccessBlock',
        'PutBucketReplication',
        'PutBucketVersioning',
        'PutObjectLockConfiguration',
      ],
      resources: requestParameters('bucketName', [prefix(t.buckets.namePrefix), ...t.buckets.names]),
    },
  ];
}

/** The EventBridge event pattern of a tamper rule. */
export function tamperPattern(rule: TamperRule): Record<string, unknown> {
  return {
    source: [rule.source],
    'detail-type': [CLOUDTRAIL_API_CALL],
    detail: {
      eventSource: [rule.eventSource],
      eventName: rule.eventNames.map((n) => (n.endsWith('*') ? prefix(n.slice(0, -1)) : n)),
      ...(rule.resources ?? {}),
    },
  };
}

export interface TamperAlertsProps {
  readonly aws: AwsContext;
  /** Prefix of the rules' names (the environment's EventBridge rule prefix). */
  readonly ruleNamePrefix: string;
  readonly targets: TamperTargets;
  /** The alert topic. */
  readonly topicArn: string;
  /** Dead-letter queue of every target (the alert topic's). */
  readonly deadLetterQueueArn: string;
  /**
   * Where IAM's events are picked up: IAM delivers them to EventBridge only in us-east-1, so unless
   * the environment is there, a rule in us-east-1 forwards them to this region's default bus (the
   * trail is multi-region, as a rule's region needs: "a trail must exist in the same Region as the
   * EventBridge rule", https://repost.aws/knowledge-center/iam-eventbridge-sns-rule).
   */
  readonly globalEvents: {
    /** Region of the environment. */
    readonly homeRegion: string;
    /** Provider for us-east-1 (unused when the environment is in us-east-1). */
    readonly provider: TerraformProvider;
    /** Name of the forwarding role (carries the permissions boundary). */
    readonly roleName: string;
    readonly permissionsBoundaryArn: string;
  };
}

/**
 * EventBridge rules on CloudTrail management events that alert, at any severity, on every call in
 * `tamperRules` against the project's resources, each with the alert topic's dead-letter queue.
 * IAM's events are forwarded from us-east-1 to the environment's region first.
 */
export class TamperAlerts extends Construct {
  public readonly rules: Readonly<Record<string, CloudwatchEventRule>>;
  /** The us-east-1 rule that forwards IAM's events; undefined when the environment is in us-east-1. */
  public readonly forwarder: CloudwatchEventRule | undefined;
  public readonly definitions: readonly TamperRule[];

  public constructor(scope: Construct, id: string, props: TamperAlertsProps) {
    super(scope, id);
    const { aws } = props;
    this.definitions = tamperRules(props.targets);
    const rules: Record<string, CloudwatchEventRule> = {};
    for (const def of this.definitions) {
      const rule = new CloudwatchEventRule(this, `${def.id}-rule`, {
        name: `${props.ruleNamePrefix}tamper-${def.id}`,
        description: `Tamper alert: ${def.description}`,
        state: 'ENABLED',
        eventPattern: Fn.jsonencode(tamperPattern(def)),
      });
      new CloudwatchEventTarget(this, `${def.id}-target`, {
        rule: rule.name,
        targetId: 'alert-topic',
        arn: props.topicArn,
        deadLetterConfig: { arn: props.deadLetterQueueArn },
      });
      rules[def.id] = rule;
    }
    this.rules = rules;

    const global = this.definitions.filter((d) => d.global === true);
    const g = props.globalEvents;
    if (global.length === 0 || g.homeRegion === GLOBAL_SERVICE_EVENTS_REGION) {
      this.forwarder = undefined;
      return;
    }
    const forwarderName = `${props.ruleNamePrefix}global-events-to-${g.homeRegion}`;
    const forwarderArn = aws.arn('events', `rule/${forwarderName}`, { region: GLOBAL_SERVICE_EVENTS_REGION });
    const homeBus = aws.arn('events', 'event-bus/default', { region: g.homeRegion });
    const trust = new DataAwsIamPolicyDocument(this, 'forwarder-trust', {
      statement: [
        {
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['events.amazonaws.com'] }],
          actions: ['sts:AssumeRole'],
          condition: [
            { test: 'StringEquals', variable: 'aws:SourceAccount', values: [aws.accountId] },
            { test: 'ArnEquals', variable: 'aws:SourceArn', values: [forwarderArn] },
          ],
        },
      ],
    });
    const role = new IamRole(this, 'forwarder-role', {
      name: g.roleName,
      description: `EventBridge forwards global services' tamper events from ${GLOBAL_SERVICE_EVENTS_REGION} to ${g.homeRegion}`,
      assumeRolePolicy: trust.json,
      permissionsBoundary: g.permissionsBoundaryArn,
    });
    const put = new DataAwsIamPolicyDocument(this, 'forwarder-policy', {
      statement: [{ sid: 'PutEventsOnHomeBus', effect: 'Allow', actions: ['events:PutEvents'], resources: [homeBus] }],
    });
    const rolePolicy = new IamRolePolicy(this, 'forwarder-role-policy', {
      name: 'put-events-on-home-bus',
      role: role.name,
      policy: put.json,
    });
    // A dead-letter queue must be in the rule's region (eb-rule-dlq): SQS-managed encryption, as the
    // alert key is a key of the environment's region. The events carry role and policy names only.
    const queueName = `${props.ruleNamePrefix}global-events-undelivered`;
    const queue = new SqsQueue(this, 'forwarder-dead-letter-queue', {
      provider: g.provider,
      name: queueName,
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: 14 * 24 * 3600,
    });
    suppressRule(
      queue,
      'VAULT-SQS-001',
      'Dead letters of the us-east-1 forwarding rule: a queue must be in the rule region, the alert key is a key of the environment region, and the events hold IAM role and policy names only (SSE-SQS encrypts them at rest).',
    );
    const queueArn = aws.arn('sqs', queueName, { region: GLOBAL_SERVICE_EVENTS_REGION });
    const queuePolicy = new DataAwsIamPolicyDocument(this, 'forwarder-dead-letter-queue-policy', {
      statement: [
        {
          sid: 'ForwarderDeadLetters',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['events.amazonaws.com'] }],
          actions: ['sqs:SendMessage'],
          resources: [queueArn],
          condition: [{ test: 'ArnEquals', variable: 'aws:SourceArn', values: [forwarderArn] }],
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
    new SqsQueuePolicy(this, 'forwarder-dead-letter-queue-access', {
      provider: g.provider,
      queueUrl: queue.url,
      policy: queuePolicy.json,
    });
    const patterns = global.map((d) => tamperPattern(d));
    this.forwarder = new CloudwatchEventRule(this, 'forwarder-rule', {
      provider: g.provider,
      name: forwarderName,
      description: `Forwards IAM tamper events to the ${g.homeRegion} default bus, where the tamper rules alert`,
      state: 'ENABLED',
      eventPattern: Fn.jsonencode(patterns.length === 1 ? patterns[0] : { $or: patterns }),
    });
    new CloudwatchEventTarget(this, 'forwarder-target', {
      provider: g.provider,
      rule: this.forwarder.name,
      targetId: 'home-region-bus',
      arn: homeBus,
      roleArn: role.arn,
      deadLetterConfig: { arn: queue.arn },
      dependsOn: [rolePolicy],
    });
  }
}
