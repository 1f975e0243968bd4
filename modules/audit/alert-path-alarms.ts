import type { SecurityAlarmDefinition } from '../core/security-alarms';

/** The alert path's own resources, and the topic that reports on them. */
export interface AlertPathTargets {
  readonly alertKeyArn: string;
  readonly alertTopicArn: string;
  /** The alert-path watch topic (audit key): notified besides the alert topic. */
  readonly watchTopicArn: string;
  /**
   * The rule that forwards IAM's events from us-east-1 (its region and name prefix), when the
   * environment is elsewhere. @default none
   */
  readonly forwarder?: { readonly region: string; readonly ruleNamePrefix: string };
}

/** Calls that stop the alert key from encrypting, or hand it to someone else. */
export const ALERT_KEY_TAMPER_EVENTS = [
  'DisableKey',
  'DisableKeyRotation',
  'PutKeyPolicy',
  'ScheduleKeyDeletion',
] as const;
/**
 * Calls that delete an alert topic, change its policy or encryption, or remove or mute (a filter
 * policy that matches nothing) its subscriber.
 */
export const ALERT_TOPIC_TAMPER_EVENTS = [
  'AddPermission',
  'DeleteTopic',
  'RemovePermission',
  'SetSubscriptionAttributes',
  'SetTopicAttributes',
  'Unsubscribe',
] as const;
/** Calls that stop, delete or retarget an EventBridge rule. */
export const FORWARDER_TAMPER_EVENTS = ['DeleteRule', 'DisableRule', 'PutRule', 'PutTargets', 'RemoveTargets'] as const;

const anyOf = (field: string, values: readonly string[]): string =>
  `(${values.map((v) => `(${field} = "${v}")`).join(' || ')})`;

/**
 * Alarms on the alert path itself, over the trail's log group (audit key): when the alert key is
 * disabled or the alert topic deleted, the EventBridge tamper rules cannot deliver, so these go to
 * the watch topic as well, which depends on neither.
 */
export function alertPathAlarmDefinitions(t: AlertPathTargets): SecurityAlarmDefinition[] {
  // A topic by its ARN (topic calls), or a subscription of it by `<topic-arn>:<id>` (Unsubscribe,
  // SetSubscriptionAttributes); a trailing "*" matches by prefix in a JSON filter pattern
  // (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html).
  const topicTampered = `{ ($.eventSource = "sns.amazonaws.com") && ${anyOf('$.eventName', ALERT_TOPIC_TAMPER_EVENTS)} && (($.requestParameters.topicArn = "%s") || ($.requestParameters.subscriptionArn = "%s:*")) }`;
  return [
    {
      id: 'alert-key-tampered',
      description: 'The alert key was disabled, scheduled for deletion, or its policy or rotation changed',
      pattern: `{ ($.eventSource = "kms.amazonaws.com") && ${anyOf('$.eventName', ALERT_KEY_TAMPER_EVENTS)} && ($.resources[0].ARN = "%s") }`,
      values: [t.alertKeyArn],
      alsoNotify: [t.watchTopicArn],
    },
    {
      id: 'alert-topic-tampered',
      description:
        'The alert topic was deleted, its policy or attributes changed, or a subscriber removed or muted (reported on the watch topic as well)',
      pattern: topicTampered,
      values: [t.alertTopicArn, t.alertTopicArn],
      alsoNotify: [t.watchTopicArn],
    },
    {
      // The watch topic's own tampering reaches the alert topic (alert key), which it does not share.
      id: 'watch-topic-tampered',
      description:
        'The alert-path watch topic was deleted, its policy or attributes changed, or a subscriber removed or muted (reported on the alert topic)',
      pattern: topicTampered,
      values: [t.watchTopicArn, t.watchTopicArn],
      alsoNotify: [t.watchTopicArn],
    },
    ...(t.forwarder === undefined
      ? []
      : [
          {
            // The trail is multi-region: us-east-1's calls reach this log group, while an EventBridge
            // rule sees only its own region's events (eb-service-event-cloudtrail).
            id: 'global-events-forwarder-tampered',
            description: `A rule of the environment in ${t.forwarder.region} (the forwarder of IAM's tamper events) was disabled, deleted or retargeted`,
            pattern: `{ ($.eventSource = "events.amazonaws.com") && ($.awsRegion = "${t.forwarder.region}") && ${anyOf('$.eventName', FORWARDER_TAMPER_EVENTS)} && (($.requestParameters.name = "${t.forwarder.ruleNamePrefix}*") || ($.requestParameters.rule = "${t.forwarder.ruleNamePrefix}*")) }`,
            alsoNotify: [t.watchTopicArn],
          },
        ]),
  ];
}
