import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { suppressRule } from '../../compliance/engine/suppression';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { AwsContext } from './aws-context';
import { CLOUDWATCH_LOGS_RETENTION_DAYS } from './log-retention';

export interface TrailLogDeliveryProps {
  readonly aws: AwsContext;
  /** Log group name (the audit key policy names it in its encryption-context condition). */
  readonly logGroupName: string;
  /** Name of the role CloudTrail assumes to write to the log group. */
  readonly roleName: string;
  /** Name of the trail that may assume the role (its home-region ARN is derived). */
  readonly trailName: string;
  /** Customer-managed key ARN that encrypts the log group (the audit key). */
  readonly kmsKeyArn: string;
  /** Retention in days; one of `CLOUDWATCH_LOGS_RETENTION_DAYS`. */
  readonly retentionDays: number;
  /**
   * ARN of the permissions boundary the role carries: the most it may ever do, whatever policy is
   * attached to it later. No default: every role the project creates has one.
   */
  readonly permissionsBoundaryArn: string;
  /**
   * CloudWatch Logs deletion protection and Terraform `prevent_destroy` on the log group.
   * Turning it off is a deliberate weakening.
   * @default true
   */
  readonly deletionProtection?: boolean;
}

/**
 * Where CloudTrail also delivers events for metric filters and alarms: a log group encrypted with
 * the audit key, and the role CloudTrail assumes to write into it. The role trusts only CloudTrail
 * acting for this trail in this account, and may only create CloudTrail's log streams and put
 * events into this one log group.
 */
export class TrailLogDelivery extends Construct {
  public readonly logGroup: CloudwatchLogGroup;
  public readonly role: IamRole;
  public readonly rolePolicy: IamRolePolicy;
  /** The log group ARN in the form CloudTrail requires (`...:log-group:<name>:*`). */
  public readonly cloudTrailLogGroupArn: string;
  public readonly logGroupName: string;

  public constructor(scope: Construct, id: string, props: TrailLogDeliveryProps) {
    super(scope, id);
    const { aws } = props;
    if (!(CLOUDWATCH_LOGS_RETENTION_DAYS as readonly number[]).includes(props.retentionDays)) {
      throw new Error(
        `TrailLogDelivery "${id}": retentionDays: must be one of ${CLOUDWATCH_LOGS_RETENTION_DAYS.join(', ')} (received ${JSON.stringify(props.retentionDays)})`,
      );
    }
    const protect = props.deletionProtection ?? true;

    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: props.logGroupName,
      kmsKeyId: props.kmsKeyArn,
      retentionInDays: props.retentionDays,
      logGroupClass: 'STANDARD',
      deletionProtectionEnabled: protect,
      lifecycle: { preventDestroy: protect },
    });
    this.logGroupName = this.logGroup.name;
    this.cloudTrailLogGroupArn = `${this.logGroup.arn}:*`;

    const trust = new DataAwsIamPolicyDocument(this, 'trust', {
      statement: [
        {
          // No aws:SourceArn / aws:SourceAccount: CloudTrail's user guide states that confused-deputy
          // prevention does not apply to the CloudWatch Logs role, whose trust policy does not support
          // those keys (with them, CreateTrail fails with InvalidCloudWatchLogsRoleArnException).
          // The role can only write this trail's streams of this log group.
          sid: 'CloudTrailDeliversToLogs',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }],
          actions: ['sts:AssumeRole'],
        },
      ],
    });
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description: `CloudTrail ${props.trailName} delivers events to ${props.logGroupName}`,
      assumeRolePolicy: trust.json,
      permissionsBoundary: props.permissionsBoundaryArn,
      maxSessionDuration: 3600,
      forceDetachPolicies: false,
    });
    suppressRule(
      this.role,
      'VAULT-IAM-006',
      "CloudTrail user guide: confused-deputy prevention is not applicable to the role for CloudWatch Logs monitoring; its trust policy does not support aws:SourceArn or aws:SourceAccount. The role may only write this trail's streams.",
    );

    // CloudTrail names its streams `<account>_CloudTrail_<region>[...]`, one per source region of
    // a multi-region trail.
    const streams = `${aws.logGroupArn(props.logGroupName)}:log-stream:${aws.accountId}_CloudTrail_*`;
    const permissions = new DataAwsIamPolicyDocument(this, 'permissions', {
      statement: [
        {
          sid: 'CreateCloudTrailStreams',
          effect: 'Allow',
          actions: ['logs:CreateLogStream'],
          resources: [streams],
        },
        {
          sid: 'PutCloudTrailEvents',
          effect: 'Allow',
          actions: ['logs:PutLogEvents'],
          resources: [streams],
        },
      ],
    });
    this.rolePolicy = new IamRolePolicy(this, 'policy', {
      name: 'cloudtrail-log-delivery',
      role: this.role.id,
      policy: permissions.json,
    });
  }
}
