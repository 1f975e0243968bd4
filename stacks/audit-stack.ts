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
import { findingAlertRuleNames } from '../modules/threat-detection/finding-alerts';
import { ACCESS_LOG_PREFIX } from '../modules/storage/bucket-layout';
import { environmentRoles } from '../modules/keys/environment-roles';

export interface AuditStackProps {
  /** ARN of the audit key (keys stack): trail files, the trail's log group, the alert topic. */
  readonly auditKeyArn: string;
  /** ARN of the VaultKey (keys stack): its policy changes raise an alarm. */
  readonly vaultKeyArn: string;
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
  return `${PROJECT}-${env.name}-`;
}

/**
 * `<env>-audit`: the CloudTrail trail with its dedicated, isolated log bucket, delivery to an
 * encrypted CloudWatch Logs group with metric filters and alarms, and the encrypted alert topic
 * that alarms (this stack's and the verifier's) and the threat-detection rules publish to.
 */
export class AuditStack extends VaultStack {
  public readonly trailBucket: IsolatedTrailBucket;
  public readonly logDelivery: TrailLogDelivery;
  public readonly trail: CloudTrail;
  public readonly alertTopic: AlertTopic;
  public readonly alarms: SecurityAlarms;
  /** The alert topic's ARN: the verifier stack's alarms take it as an input. */
  public readonly alertTopicArn: string;
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

    const rules = findingAlertRuleNames(resourcePrefix);
    this.alertTopic = new AlertTopic(this, 'alert-topic', {
      aws,
      topicName: names.alertTopic,
      kmsKeyArn: props.auditKeyArn,
      alarmNamePrefix: this.alarmNamePrefix,
      eventRuleNames: [rules.findings, rules.malware],
      ...(env.alertEmail !== undefined && { email: env.alertEmail }),
    });
    this.alertTopicArn = this.alertTopic.topicArn;

    this.alarms = new SecurityAlarms(this, 'alarms', {
      logGroupName: this.logDelivery.logGroupName,
      namespace: `${PROJECT}/${env.name}/audit`,
      alarmNamePrefix: `${this.alarmNamePrefix}audit-`,
      alarmTopicArn: this.alertTopic.topicArn,
      alarms: auditAlarmDefinitions({
        vaultKeyArn: props.vaultKeyArn,
        auditKeyArn: props.auditKeyArn,
        vaultBucketName: props.vaultBucketName,
        ledgerTableArn: props.ledgerTableArn,
      }),
    });

    new TerraformOutput(this, 'trail_arn', { value: this.trail.trailArn });
    new TerraformOutput(this, 'trail_bucket_name', { value: this.trailBucket.bucketName });
    new TerraformOutput(this, 'trail_log_group_name', { value: this.logDelivery.logGroupName });
    new TerraformOutput(this, 'alert_topic_arn', { value: this.alertTopic.topicArn });
  }
}
