import type { Construct } from 'constructs';
import { Fn, TerraformOutput } from 'cdktf';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { EnvironmentConfig } from '../config/types';
import { PROJECT, resourceNames } from '../config/names';
import { VaultStack } from './vault-stack';
import { AlertTopic } from '../modules/core/alert-topic';
import { CustomerManagedKey } from '../modules/core/customer-managed-key';
import { EventDeadLetterQueue } from '../modules/core/event-dead-letter-queue';
import { KeyAdministrationPolicy } from '../modules/keys/key-administration-policy';
import { AlertKeyPolicy } from '../modules/alerting/alert-key-policy';
import { environmentRoles } from '../modules/keys/environment-roles';
import { suppressRule } from '../compliance/engine/suppression';

/**
 * `<env>-alerting`: the path every alert takes, independent of the keys and resources it reports on.
 *
 * - The alert key: encrypts the alert topic and its dead-letter queue, nothing else; administered by
 *   the alert administrators (`alerting.keyAdministratorRoleArns`), who are not the VaultKey's and
 *   the audit key's administrators. Disabling the audit key (which stops the trail's log files and
 *   its log group) cannot stop the alerts that report it.
 * - The alert topic: only the environment's alarms and EventBridge rules, and named roles
 *   (break-glass redriving undelivered alerts), may publish; only the alert administrators and
 *   break-glass may change it.
 * - The dead-letter queue of every EventBridge target that publishes to the topic, with an alarm;
 *   only break-glass reads it.
 * - The canary alarm and canary rule `verify:deployment` fires to prove both publishing paths (alarm
 *   and EventBridge) end to end.
 *
 * Applied by the alert administrators; depends on nothing but the state bucket, so the audit,
 * threat-detection and verifier stacks read the topic from it.
 */
export class AlertingStack extends VaultStack {
  public readonly alertKey: CustomerManagedKey;
  public readonly alertTopic: AlertTopic;
  public readonly deadLetterQueue: EventDeadLetterQueue;
  public readonly canaryAlarm: CloudwatchMetricAlarm;
  public readonly canaryRule: CloudwatchEventRule;
  /** The alert topic's ARN (input of the stacks whose alarms and rules publish to it). */
  public readonly alertTopicArn: string;
  /** The dead-letter queue every EventBridge target of the alert topic uses. */
  public readonly deadLetterQueueArn: string;
  public readonly alertKeyArn: string;

  public constructor(scope: Construct, env: EnvironmentConfig) {
    super(scope, { env, concern: 'alerting' });
    const names = resourceNames(env);
    const aws = this.aws;
    const roles = environmentRoles(env);
    const breakGlass = aws.roleArn(env.breakGlassRoleName);
    const administrators = [...env.alerting.keyAdministratorRoleArns];
    const changers = [...new Set([...administrators, breakGlass])];
    // Break-glass redrives undelivered alerts; the ledger's stream consumer (`<env>-ledger-integrity`)
    // reports every change to a ledger record.
    const publishers = [breakGlass, aws.roleArn(names.ledgerStreamRole)];

    const administration = new KeyAdministrationPolicy(this, 'alert-key-administration', {
      aws,
      administratorArns: administrators,
      metadataReaderArns: roles.planReaders,
    });
    const keyPolicy = new AlertKeyPolicy(this, 'alert-key-policy', {
      aws,
      administration: administration.document.json,
      readerArns: [breakGlass],
      publisherArns: publishers,
    });
    this.alertKey = new CustomerManagedKey(this, 'AlertKey', {
      description: `Biometric identity vault (${env.name}): alert topic and its dead-letter queue (no biometric data)`,
      alias: env.alerting.keyAlias,
      policy: keyPolicy.document.json,
    });
    this.alertKeyArn = this.alertKey.keyArn;
    suppressRule(
      this.alertKey.key,
      'VAULT-KMS-006',
      'EventBridge publishes to an encrypted SNS topic only through an unconditioned statement: "Adding the aws:SourceAccount, aws:SourceArn, and aws:SourceOrgID to a AWS KMS policy is not supported for EventBridge-to-encrypted topics" (Amazon SNS developer guide, sns-key-management). The key encrypts the alert topic and its dead-letter queue only, whose policies name the environment rules.',
    );

    this.alertTopic = new AlertTopic(this, 'alert-topic', {
      aws,
      topicName: names.alertTopic,
      kmsKeyArn: this.alertKey.keyArn,
      alarmNamePrefix: names.alarmPrefix,
      eventRuleNamePrefix: names.eventRulePrefix,
      eventBridgeSourceArnCondition: env.alerting.eventBridgeSourceArnCondition,
      publisherArns: publishers,
      changeableBy: changers,
      ...(env.alertEmail !== undefined && { email: env.alertEmail }),
    });
    this.alertTopicArn = this.alertTopic.topicArn;

    this.deadLetterQueue = new EventDeadLetterQueue(this, 'alert-dead-letter-queue', {
      aws,
      queueName: names.alertDeadLetterQueue,
      kmsKeyArn: this.alertKey.keyArn,
      eventRuleNamePrefix: names.eventRulePrefix,
      readerArns: [breakGlass],
      changeableBy: changers,
      alarm: {
        name: `${names.alarmPrefix}alerts-undelivered`,
        // Also to the alert-path watch topic (`<env>-audit`, audit key): an alert that cannot reach the
        // alert topic is reported where the alert key is not needed.
        topicArns: [this.alertTopic.topicArn, aws.topicArn(names.alertPathWatchTopic)],
        description:
          'An alert EventBridge could not deliver to the alert topic is waiting in its dead-letter queue (break-glass reads and redrives it)',
      },
    });
    this.deadLetterQueueArn = this.deadLetterQueue.queueArn;

    // Proves the alarm path: `verify:deployment` sets it to ALARM (SetAlarmState); its metric never
    // has data, so it returns to OK on its own.
    this.canaryAlarm = new CloudwatchMetricAlarm(this, 'canary-alarm', {
      alarmName: names.alertCanaryAlarm,
      alarmDescription: `Test alert: verify:deployment fired it to prove the alarm path of ${env.name} (no action needed)`,
      namespace: `${PROJECT}/${env.name}/alerting`,
      metricName: 'AlertCanary',
      statistic: 'Maximum',
      period: 300,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      treatMissingData: 'notBreaching',
      actionsEnabled: true,
      alarmActions: [this.alertTopic.topicArn],
    });
    // Proves the EventBridge path (EventBridge, the alert key, the topic policy): `verify:deployment`
    // puts one custom event with this source (custom sources cannot start with "aws.").
    this.canaryRule = new CloudwatchEventRule(this, 'canary-rule', {
      name: names.alertCanaryRule,
      description: `Test alert: verify:deployment's canary event of ${env.name} to the alert topic`,
      state: 'ENABLED',
      eventPattern: Fn.jsonencode({ source: [names.alertCanarySource], 'detail-type': [names.alertCanaryDetailType] }),
    });
    new CloudwatchEventTarget(this, 'canary-target', {
      rule: this.canaryRule.name,
      targetId: 'alert-topic',
      arn: this.alertTopic.topicArn,
      deadLetterConfig: { arn: this.deadLetterQueue.queueArn },
    });

    new TerraformOutput(this, 'alert_key_arn', { value: this.alertKey.keyArn });
    new TerraformOutput(this, 'alert_topic_arn', { value: this.alertTopic.topicArn });
    new TerraformOutput(this, 'alert_dead_letter_queue_arn', { value: this.deadLetterQueue.queueArn });
  }
}
