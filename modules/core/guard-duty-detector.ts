import { Construct } from 'constructs';
import { GuarddutyDetector } from '@cdktf/provider-aws/lib/guardduty-detector';
import { GuarddutyDetectorFeature } from '@cdktf/provider-aws/lib/guardduty-detector-feature';
import { DataAwsGuarddutyDetector } from '@cdktf/provider-aws/lib/data-aws-guardduty-detector';

/** GuardDuty's finding publishing frequencies (`FindingPublishingFrequency`). */
export type FindingPublishingFrequency = 'FIFTEEN_MINUTES' | 'ONE_HOUR' | 'SIX_HOURS';

/** GuardDuty protection plans this construct can turn on (`DetectorFeature` names). */
export type DetectorFeatureName =
  | 'S3_DATA_EVENTS'
  | 'LAMBDA_NETWORK_LOGS'
  | 'EKS_AUDIT_LOGS'
  | 'EBS_MALWARE_PROTECTION'
  | 'RDS_LOGIN_EVENTS'
  | 'RUNTIME_MONITORING';

export interface GuardDutyDetectorProps {
  /**
   * Id of a detector that already exists in this account and region (GuardDuty allows one per
   * region). When set, it is adopted: read with a data source (plan fails if it does not exist)
   * and its features are managed here; the detector itself, and its publishing frequency, stay
   * with whoever created it. @default a new detector is created
   */
  readonly existingDetectorId?: string;
  /**
   * Finding publishing frequency of a created detector (updated findings to EventBridge and exports).
   * @default 'FIFTEEN_MINUTES'
   */
  readonly findingPublishingFrequency?: FindingPublishingFrequency;
  /**
   * Protection plans turned on.
   * @default ['S3_DATA_EVENTS', 'LAMBDA_NETWORK_LOGS']
   */
  readonly features?: readonly DetectorFeatureName[];
}

/**
 * The region's GuardDuty detector, created or adopted, with its protection plans managed as
 * `aws_guardduty_detector_feature` resources (the detector's `datasources` block is deprecated).
 */
export class GuardDutyDetector extends Construct {
  /** The created detector; undefined when an existing one was adopted. */
  public readonly detector: GuarddutyDetector | undefined;
  public readonly detectorId: string;
  public readonly detectorArn: string;
  public readonly features: Readonly<Partial<Record<DetectorFeatureName, GuarddutyDetectorFeature>>>;
  /** Whether the detector was adopted rather than created. */
  public readonly adopted: boolean;

  public constructor(scope: Construct, id: string, props: GuardDutyDetectorProps = {}) {
    super(scope, id);
    const features = props.features ?? ['S3_DATA_EVENTS', 'LAMBDA_NETWORK_LOGS'];
    const problems: string[] = [];
    if (props.existingDetectorId !== undefined && !/^[a-z0-9]{32}$/.test(props.existingDetectorId)) {
      problems.push(
        `existingDetectorId: must be a 32-character detector id (received ${JSON.stringify(props.existingDetectorId)})`,
      );
    }
    if (props.existingDetectorId !== undefined && props.findingPublishingFrequency !== undefined) {
      problems.push(
        `findingPublishingFrequency: cannot be set on an adopted detector (received ${JSON.stringify(props.findingPublishingFrequency)}); set it where the detector is managed`,
      );
    }
    if (new Set(features).size !== features.length)
      problems.push(`features: names a feature twice (received ${JSON.stringify(features)})`);
    if (problems.length > 0) throw new Error(`GuardDutyDetector "${id}": ${problems.join('; ')}`);

    this.adopted = props.existingDetectorId !== undefined;
    if (props.existingDetectorId !== undefined) {
      const existing = new DataAwsGuarddutyDetector(this, 'existing', { id: props.existingDetectorId });
      this.detector = undefined;
      this.detectorId = existing.id;
      this.detectorArn = existing.arn;
    } else {
      this.detector = new GuarddutyDetector(this, 'detector', {
        enable: true,
        findingPublishingFrequency: props.findingPublishingFrequency ?? 'FIFTEEN_MINUTES',
      });
      this.detectorId = this.detector.id;
      this.detectorArn = this.detector.arn;
    }

    const created: Partial<Record<DetectorFeatureName, GuarddutyDetectorFeature>> = {};
    for (const name of features) {
      created[name] = new GuarddutyDetectorFeature(this, `feature-${name.toLowerCase().replace(/_/g, '-')}`, {
        detectorId: this.detectorId,
        name,
        status: 'ENABLED',
      });
    }
    this.features = created;
  }
}
