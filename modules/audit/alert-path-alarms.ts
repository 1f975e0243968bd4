import type { SecurityAlarmDefinition } from '../core/security-alarms';

/** The alert path's own resources, and the topic that reports on them. */
export interface AlertPathTargets {
  readonly alertKeyArn: string;
  readonly alertTopicArn: string;
  /** The alert-path watch topic (audit key): notified besides the alert topic. */
  readonly watchTopicArn: string;
}

/** Calls that stop the alert key from encrypting, or hand it to someone else. */
export const ALERT_KEY_TAMPER_EVENTS = [
  'DisableKey',
  'DisableKeyRotation',
  'PutKeyPolicy',
  'ScheduleKeyDeletion',
] as const;
/** Calls that delete the alert topic or change its policy or encryption. */
export const ALERT_TOPIC_TAMPER_EVENTS = [
  'AddPermission',
  'DeleteTopic',
  'RemovePermission',
  'SetTopicAttributes',
] as const;

const anyOf = (field: string, values: readonly string[]): string =>
  `(${values.map((v) => `(${field} = "${v}")`).join(' || ')})`;

/**
 * Alarms on the alert path itself, over the trail's log group (audit key): when the alert key is
 * disabled or the alert topic deleted, the EventBridge tamper rules cannot deliver, so these go to
 * the watch topic as well, which depends on neither.
 */
export function alertPathAlarmDefinitions(t: AlertPathTargets): SecurityAlarmDefinition[] {
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
      description: 'The alert topic was deleted, or its policy or attributes changed',
      pattern: `{ ($.eventSource = "sns.amazonaws.com") && ${anyOf('$.eventName', ALERT_TOPIC_TAMPER_EVENTS)} && ($.requestParameters.topicArn = "%s") }`,
      values: [t.alertTopicArn],
      alsoNotify: [t.watchTopicArn],
    },
  ];
}
