import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { GuarddutyPublishingDestination } from '@cdktf/provider-aws/lib/guardduty-publishing-destination';

export interface FindingsExportProps {
  /** The detector whose findings are exported. */
  readonly detectorId: string;
  /**
   * S3 folder ARN, `arn:<partition>:s3:::<bucket>/<prefix>/`. The bucket policy must let
   * `guardduty.amazonaws.com` get the bucket location and put objects there.
   */
  readonly destinationArn: string;
  /** Customer-managed key ARN GuardDuty encrypts findings with (its key policy must allow GuardDuty). */
  readonly kmsKeyArn: string;
  /** What must exist first (the detector's features, so the export follows a complete detector). @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** GuardDuty findings exported to S3, encrypted with a customer-managed key. */
export class FindingsExport extends Construct {
  public readonly destination: GuarddutyPublishingDestination;

  public constructor(scope: Construct, id: string, props: FindingsExportProps) {
    super(scope, id);
    if (!props.destinationArn.endsWith('/')) {
      throw new Error(
        `FindingsExport "${id}": destinationArn: must be a folder ARN ending in "/" (received ${JSON.stringify(props.destinationArn)})`,
      );
    }
    this.destination = new GuarddutyPublishingDestination(this, 'destination', {
      detectorId: props.detectorId,
      destinationType: 'S3',
      destinationArn: props.destinationArn,
      kmsKeyArn: props.kmsKeyArn,
      dependsOn: [...(props.dependsOn ?? [])],
    });
  }
}
