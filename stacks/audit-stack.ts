import type { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import type { EnvironmentConfig } from '../config/types';
import { PROJECT, resourceNames } from '../config/names';
import { VaultStack } from './vault-stack';
import { IsolatedTrailBucket, TRAIL_PREFIX } from '../modules/audit/isolated-trail-bucket';
import { TrailLogDelivery } from '../modules/core/trail-log-delivery';
import { CloudTrail } from '../modules/audit/cloud-trail';
import { AlertTopic } from '../modules/core/alert-topic';
import { SecurityAlarms } from '../modules/core/security-alarms';
import { auditAlarmDefinitions } from '../modules/audit/audit-alarms';
import { alertPathAlarmDefinitions } from '../modules/audit/alert-path-alarms';
import { LogIngestionAlarm } from '../modules/audit/log-ingestion-alarm';
import { MALWARE_MANAGED_RULE_PREFIX } from '../modules/threat-detection/malware-protection';
import { TamperAlerts, GLOBAL_SERVICE_EVENTS_REGION } from '../modules/audit/tamper-alerts';
import { ACCESS_LOG_PREFIX } from '../modules/storage/bucket-layout';
import { environmentRoles } from '../modules/keys/environment-roles';
import { dutyRoleArns } from '../modules/guardrails/duty-roles';

/** A key the tamper alerts watch: its ARN and key id (callers may name a key by either). */
export interface WatchedKey {
  readonly arn: string;
  readonly id: string;
}

export interface AuditStackProps {
  /** ARN of the audit key (keys stack): trail files, the trail's log group, the alert-path watch topic. */
  readonly auditKeyArn: string;
  /**
   * The keys whose state, deletion and policy changes alert: the VaultKey, the audit key, the alert key,
   * the ledger signing key.
   */
  readonly watchedKeys: readonly WatchedKey[];
  /** ARN of the VaultKey (keys stack): its policy changes raise an alarm. */
  readonly vaultKeyArn: string;
  /** The alert topic (alerting stack): every alarm and tamper rule publishes to it. */
  readonly alertTopicArn: string;
  /** The alert key (alerting stack): its tampering is reported on the watch topic too. */
  readonly alertKeyArn: string;
  /** Dead-letter queue of the alert topic's EventBridge targets (alerting stack). */
  readonly alertDeadLetterQueueArn: string;
  /** The vault bucket (storage stack): object-level data events, policy-change alarm. */
  readonly vaultBucketName: string;
  readonly vaultBucketArn: string;
  /** The access-log bucket (storage stack): the trail bucket's server access logs. */
  readonly accessLogBucketName: string;
  /** ARN of the ledger table (ledger stack): item data events and alarms. */
  readonly ledgerTableArn: string;
  /**
   * ARN of the verifier function whose invocations are recorded. The verifier stack comes later,
   * so the default is derived from its deterministic name.
   * @default `arn:<partition>:lambda:<region>:<account>:function:<resourceNames(env).verifierFunction>`
   */
  readonly verifierFunctionArn?: string;
}

/** Prefix of every CloudWatch alarm of an environment: only alarms named with it may publish to the alert topic. */
export function alarmNamePrefix(env: EnvironmentConfig): string {
  return resourceNames(env).alarmPrefix;
}

/**
 * `<env>-audit`: the CloudTrail trail with its dedicated, isolated log bucket, delivery to an
 * encrypted CloudWatch Logs group with metric filters and alarms, the EventBridge tamper rules
 * (every call that could stop or blind detection alerts at any severity, IAM's forwarded from
 * us-east-1), and the alert-path watch topic (audit key) that reports the alert key and the alert
 * topic themselves. Alarms and rules publish to the alert topic of `<env>-alerting`.
 */
export class AuditStack extends VaultStack {
  public readonly trailBucket: IsolatedTrailBucket;
  public readonly logDelivery: TrailLogDelivery;
  public readonly trail: CloudTrail;
  /** The alert-path watch topic: alarms about the alert key and the alert topic themselves. */
  public readonly watchTopic: AlertTopic;
  public readonly alarms: SecurityAlarms;
  public readonly tamperAlerts: TamperAlerts;
  /** Heartbeat of the trail's log group: no event ingested for 15 minutes. */
  public readonly ingestionAlarm: LogIngestionAlarm;
  /** Prefix the verifier's alarm names must start with to be allowed to publish. */
  public readonly alarmNamePrefix: string;
  /** GuardDuty findings export folder in the trail bucket (threat-detection stack input). */
  public readonly findingsDestinationArn: string;

  public constructor(scope: Construct, env: EnvironmentConfig, props: AuditStackProps) {
    super(scope, { env, concern: 'audit' });
    const names = resourceNames(env);
    const aws = this.aws;
    const resourcePrefix = `${PROJECT}-${env.name}`;
    this.alarmNamePrefix = alarmNamePrefix(env);

    this.trailBucket = new IsolatedTrailBucket(this, 'trail-bucket', {
      aws,
      bucketName: `${names.trailBucketPrefix}-${aws.accountId}`,
      trailName: names.trail,
      kmsKeyArn: props.auditKeyArn,
      breakGlassRoleArn: aws.roleArn(env.breakGlassRoleName),
      readerArns: environmentRoles(env).auditors,
      accessLogging: { targetBucket: props.accessLogBucketName, targetPrefix: `${ACCESS_LOG_PREFIX}trail/` },
      objectLock: { mode: env.audit.objectLockMode, days: env.audit.objectLockDays },
      transitionToColdDays: env.audit.transitionToColdDays,
      retentionDays: env.audit.trailRetentionDays,
    });
    this.findingsDestinationArn = this.trailBucket.findingsDestinationArn;

    this.logDelivery = new TrailLogDelivery(this, 'trail-log-delivery', {
      aws,
      logGroupName: names.trailLogGroup,
      roleName: names.trailLogRole,
      trailName: names.trail,
      kmsKeyArn: props.auditKeyArn,
      retentionDays: env.logRetentionDays,
      deletionProtection: env.deletionProtection,
      permissionsBoundaryArn: aws.policyArn(names.permissionsBoundaryPolicy),
    });

    this.trail = new CloudTrail(this, 'trail', {
      name: names.trail,
      bucketName: this.trailBucket.bucketName,
      bucketArn: this.trailBucket.bucketArn,
      s3KeyPrefix: TRAIL_PREFIX,
      kmsKeyArn: props.auditKeyArn,
      cloudWatchLogsGroupArn: this.logDelivery.cloudTrailLogGroupArn,
      cloudWatchLogsRoleArn: this.logDelivery.role.arn,
      dataEvents: {
        // The vault's objects, and Terraform state: who read or rewrote which state file.
        s3ObjectArnPrefixes: [`${props.vaultBucketArn}/`, `${aws.bucketArn(env.stateBucketName)}/`],
        dynamoDbTableArns: [props.ledgerTableArn],
        lambdaFunctionArns: [props.verifierFunctionArn ?? aws.functionArn(names.verifierFunction)],
      },
      // InsufficientS3BucketPolicyException / InvalidCloudWatchLogsRoleArnException otherwise.
      dependsOn: [this.trailBucket.bucket.policy, this.logDelivery.rolePolicy, this.logDelivery.logGroup],
    });

    const roles = environmentRoles(env);
    const breakGlass = aws.roleArn(env.breakGlassRoleName);
    // Encrypted with the audit key, not the alert key: it carries what the alert topic cannot, the
    // alarms about the alert key and the alert topic themselves.
    this.watchTopic = new AlertTopic(this, 'alert-path-watch-topic', {
      aws,
      topicName: names.alertPathWatchTopic,
      kmsKeyArn: props.auditKeyArn,
      alarmNamePrefix: this.alarmNamePrefix,
      changeableBy: [...new Set([...roles.deployers, breakGlass])],
      ...(env.alertEmail !== undefined && { email: env.alertEmail }),
    });
    const watchTopicArn = aws.topicArn(names.alertPathWatchTopic);
    const alertTopicArn = aws.topicArn(names.alertTopic);

    this.alarms = new SecurityAlarms(this, 'alarms', {
      logGroupName: this.logDelivery.logGroupName,
      namespace: `${PROJECT}/${env.name}/audit`,
      alarmNamePrefix: `${this.alarmNamePrefix}audit-`,
      alarmTopicArn: props.alertTopicArn,
      alarms: [
        ...auditAlarmDefinitions({
          vaultKeyArn: props.vaultKeyArn,
          auditKeyArn: props.auditKeyArn,
          vaultBucketName: props.vaultBucketName,
          ledgerTableArn: props.ledgerTableArn,
        }),
        ...alertPathAlarmDefinitions({
          alertKeyArn: props.alertKeyArn,
          alertTopicArn,
          watchTopicArn,
          ...(env.region !== GLOBAL_SERVICE_EVENTS_REGION && {
            forwarder: { region: GLOBAL_SERVICE_EVENTS_REGION, ruleNamePrefix: names.eventRulePrefix },
          }),
        }),
      ],
    });

    const stateKeyId = env.stateKeyArn.split('/').pop() ?? env.stateKeyArn;
    this.tamperAlerts = new TamperAlerts(this, 'tamper-alerts', {
      aws,
      ruleNamePrefix: names.eventRulePrefix,
      topicArn: props.alertTopicArn,
      deadLetterQueueArn: props.alertDeadLetterQueueArn,
      targets: {
        keys: [...props.watchedKeys, { arn: env.stateKeyArn, id: stateKeyId }],
        trail: { name: names.trail, arn: aws.trailArn(names.trail) },
        eventRuleNamePrefix: names.eventRulePrefix,
        managedRuleNamePrefixes: [MALWARE_MANAGED_RULE_PREFIX],
        logGroupNames: [names.trailLogGroup, names.verifierLogGroup],
        alarmNamePrefix: this.alarmNamePrefix,
        topicArns: [alertTopicArn, watchTopicArn],
        functions: [names.verifierFunction, names.ledgerStreamFunction, names.ledgerDigestFunction].map((name) => ({
          name,
          arn: aws.functionArn(name),
          partialArn: `${aws.accountId}:function:${name}`,
        })),
        roles: {
          namePrefix: `${resourcePrefix}-`,
          names: [...dutyRoleArns(env, aws)].map((arn) => arn.split('/').pop() ?? arn),
        },
        policyArns: [
          aws.policyArn(names.permissionsBoundaryPolicy),
          aws.policyArn(names.guardrailPolicy),
          aws.policyArn(names.detectionGuardrailPolicy),
        ],
        table: { name: names.ledgerTable, arn: props.ledgerTableArn },
        buckets: { namePrefix: `${resourcePrefix}-`, names: [env.stateBucketName] },
      },
      globalEvents: {
        homeRegion: env.region,
        provider: this.additionalProvider('global-events', GLOBAL_SERVICE_EVENTS_REGION),
        roleName: names.globalEventsForwarderRole,
        permissionsBoundaryArn: aws.policyArn(names.permissionsBoundaryPolicy),
      },
    });

    // A blinded log group silences every alarm above: its heartbeat reports that on both topics.
    this.ingestionAlarm = new LogIngestionAlarm(this, 'trail-log-ingestion', {
      alarmName: `${this.alarmNamePrefix}audit-trail-log-ingestion`,
      logGroupName: names.trailLogGroup,
      topicArns: [props.alertTopicArn, watchTopicArn],
    });

    new TerraformOutput(this, 'trail_arn', { value: this.trail.trailArn });
    new TerraformOutput(this, 'trail_bucket_name', { value: this.trailBucket.bucketName });
    new TerraformOutput(this, 'trail_log_group_name', { value: this.logDelivery.logGroupName });
    new TerraformOutput(this, 'alert_path_watch_topic_arn', { value: this.watchTopic.topicArn });
  }
}
