import type { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import type { EnvironmentConfig } from '../config/types';
import { PROJECT, resourceNames } from '../config/names';
import { VaultStack } from './vault-stack';
import { GuardDutyDetector } from '../modules/core/guard-duty-detector';
import { MalwareProtection } from '../modules/threat-detection/malware-protection';
import { FindingAlerts } from '../modules/threat-detection/finding-alerts';
import { FindingsExport } from '../modules/core/findings-export';
import { UPLOADS_PREFIX } from '../modules/storage/bucket-layout';

export interface ThreatDetectionStackProps {
  /** The vault bucket (storage stack), whose uploads are scanned for malware. */
  readonly vaultBucketName: string;
  /** ARN of the VaultKey (keys stack), which encrypts the scanned objects. */
  readonly vaultKeyArn: string;
  /** ARN of the audit key (keys stack), which encrypts exported findings. */
  readonly auditKeyArn: string;
  /** The alert topic (alerting stack). */
  readonly alertTopicArn: string;
  /** Dead-letter queue of the alert topic's EventBridge targets (alerting stack). */
  readonly alertDeadLetterQueueArn: string;
  /** Findings export folder in the isolated trail bucket (audit stack). */
  readonly findingsDestinationArn: string;
}

/**
 * `<env>-threat-detection`: the region's GuardDuty detector (created, or adopted from config) with
 * 15-minute publishing, S3 data event protection and Lambda network activity monitoring; findings
 * exported to the isolated log bucket under the audit key; Malware Protection for S3 on the vault
 * bucket's `uploads/` with result tagging; EventBridge rules routing findings at or above the
 * configured severity (Stealth, Policy, PenTest and CredentialAccess findings at any severity) and
 * malware scan results with threats (or no verdict) to the alert topic.
 */
export class ThreatDetectionStack extends VaultStack {
  public readonly detector: GuardDutyDetector;
  public readonly findingsExport: FindingsExport;
  public readonly malwareProtection: MalwareProtection;
  public readonly findingAlerts: FindingAlerts;

  public constructor(scope: Construct, env: EnvironmentConfig, props: ThreatDetectionStackProps) {
    super(scope, { env, concern: 'threat-detection' });
    const names = resourceNames(env);
    const aws = this.aws;

    const existingDetectorId = env.threatDetection.existingDetectorId;
    this.detector = new GuardDutyDetector(this, 'guardduty', {
      // Adopt the account's detector, or create one that publishes updated findings every 15 minutes.
      ...(existingDetectorId === undefined
        ? { findingPublishingFrequency: 'FIFTEEN_MINUTES' }
        : { existingDetectorId }),
      features: ['S3_DATA_EVENTS', 'LAMBDA_NETWORK_LOGS'],
    });

    this.findingsExport = new FindingsExport(this, 'findings-export', {
      detectorId: this.detector.detectorId,
      destinationArn: props.findingsDestinationArn,
      kmsKeyArn: props.auditKeyArn,
      dependsOn: Object.values(this.detector.features),
    });

    this.malwareProtection = new MalwareProtection(this, 'malware-protection', {
      aws,
      bucketName: props.vaultBucketName,
      objectPrefixes: [UPLOADS_PREFIX],
      kmsKeyArn: props.vaultKeyArn,
      roleName: names.malwareProtectionRole,
      permissionsBoundaryArn: aws.policyArn(names.permissionsBoundaryPolicy),
      tagScannedObjects: true,
    });

    this.findingAlerts = new FindingAlerts(this, 'finding-alerts', {
      resourcePrefix: `${PROJECT}-${env.name}`,
      topicArn: props.alertTopicArn,
      deadLetterQueueArn: props.alertDeadLetterQueueArn,
      minimumSeverity: env.threatDetection.findingSeverityThreshold,
      scannedBucketName: props.vaultBucketName,
    });

    new TerraformOutput(this, 'detector_id', { value: this.detector.detectorId });
    new TerraformOutput(this, 'malware_protection_plan_arn', { value: this.malwareProtection.planArn });
  }
}
