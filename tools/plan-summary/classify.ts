/**
 * Classification of resource changes: the kind of change (create, update, replace, ...), whether it
 * is security-sensitive (and why), and whether it replaces, deletes or forgets a stateful resource.
 *
 * A change is security-sensitive when it touches a resource type that is a security control as a
 * whole (key policies and keys, resource policies, IAM, CloudTrail, GuardDuty, public access blocks,
 * encryption configuration), when it sets or changes a security attribute of any other resource
 * (`attribute-rules.ts`: encryption, policies, ACLs, public access, execution roles, deletion
 * protection, versioning), or
 * when it weakens a decision or a guarantee (`weakening.ts`: the verifier's decision settings, a
 * function's environment, code and code signing, the path of uploads to the verifier, alarms and other
 * detection, log retention, bucket protections, recovery settings and time to live, state).
 */
import type { AttributeChange } from './attribute-diff';
import { attributeReasons } from './attribute-rules';
import type { PlanAction, ResourceChange } from './plan-types';
import { weakeningReasons } from './weakening';

export type ChangeKind = 'create' | 'update' | 'replace' | 'delete' | 'read' | 'no-op' | 'forget';

export type SecurityCategory =
  | 'keys'
  | 'resource-policy'
  | 'iam'
  | 'encryption'
  | 'audit'
  | 'threat-detection'
  | 'public-access'
  | 'data-protection'
  | 'verifier'
  | 'detection'
  | 'state';

export const CATEGORY_LABELS: Readonly<Record<SecurityCategory, string>> = {
  keys: 'KMS keys and key policies',
  'resource-policy': 'resource policies',
  iam: 'IAM roles and policies',
  encryption: 'encryption settings',
  audit: 'CloudTrail and audit logging',
  'threat-detection': 'GuardDuty',
  'public-access': 'public access',
  'data-protection': 'data protection and stateful resources',
  verifier: "the verifier's decisions and code",
  detection: 'alarms, detection and log retention',
  state: 'Terraform state and backends',
};

export interface SecurityReason {
  readonly category: SecurityCategory;
  /** Why, in a few words, for the reviewer. */
  readonly reason: string;
}

export interface ClassifiedChange {
  readonly resource: ResourceChange;
  readonly kind: ChangeKind;
  /** Empty when the change is not security-sensitive. */
  readonly security: readonly SecurityReason[];
  /** The resource holds data or identity that a replacement, deletion or forget loses. */
  readonly stateful: boolean;
  /** A stateful resource replaced, deleted or forgotten: flagged loudly. */
  readonly destructive: boolean;
  readonly attributes: readonly AttributeChange[];
  /** In a create: attributes the provider computes (known after apply, not set by the configuration). */
  readonly computed: readonly string[];
}

/** The kind of a change from its actions, as Terraform documents them. */
export function changeKind(actions: readonly PlanAction[]): ChangeKind {
  if (actions.length === 2) return 'replace';
  const [only] = actions;
  switch (only) {
    case 'create':
    case 'update':
    case 'delete':
    case 'read':
    case 'forget':
      return only;
    default:
      return 'no-op';
  }
}

/** Resource types that are security controls as a whole: any change to them is sensitive. */
const TYPE_RULES: readonly { readonly match: RegExp; readonly category: SecurityCategory; readonly reason: string }[] =
  [
    { match: /^aws_kms_key$/, category: 'keys', reason: 'KMS key: policy, rotation, state or deletion window' },
    { match: /^aws_kms_key_policy$/, category: 'keys', reason: 'KMS key policy' },
    { match: /^aws_kms_/, category: 'keys', reason: 'KMS alias, grant or key' },
    {
      match:
        /^aws_(s3_bucket_policy|s3_access_point_policy|s3control_.*policy|dynamodb_resource_policy|sns_topic_policy|sqs_queue_policy|cloudwatch_log_resource_policy|lambda_permission|ecr_repository_policy|secretsmanager_secret_policy)$/,
      category: 'resource-policy',
      reason: 'resource policy',
    },
    { match: /^aws_iam_/, category: 'iam', reason: 'IAM identity or policy' },
    {
      match: /^aws_s3_bucket_server_side_encryption_configuration$/,
      category: 'encryption',
      reason: 'bucket default encryption',
    },
    {
      match: /^aws_s3_(bucket|account)_public_access_block$/,
      category: 'public-access',
      reason: 'S3 public access block',
    },
    {
      match: /^aws_s3_bucket_(acl|ownership_controls|cors_configuration|website_configuration)$/,
      category: 'public-access',
      reason: 'bucket ACL, ownership or exposure',
    },
    { match: /^aws_lambda_function_url$/, category: 'public-access', reason: 'Lambda function URL' },
    { match: /^aws_cloudtrail/, category: 'audit', reason: 'CloudTrail setting' },
    { match: /^aws_s3_bucket_logging$/, category: 'audit', reason: 'bucket access logging' },
    { match: /^aws_config_/, category: 'audit', reason: 'AWS Config recording or rule' },
    { match: /^aws_guardduty_/, category: 'threat-detection', reason: 'GuardDuty setting' },
    {
      match: /^aws_s3_bucket_(versioning|object_lock_configuration|lifecycle_configuration)$/,
      category: 'data-protection',
      reason: 'bucket versioning, object lock or retention',
    },
  ];

/** Types whose replacement or deletion loses data, keys or audit evidence. */
const STATEFUL_TYPES = new Set([
  'aws_kms_key',
  'aws_kms_replica_key',
  'aws_kms_external_key',
  'aws_s3_bucket',
  'aws_dynamodb_table',
  'aws_cloudtrail',
  'aws_cloudtrail_event_data_store',
  'aws_cloudwatch_log_group',
  'aws_guardduty_detector',
]);

/**
 * Classifies one resource change. `stack` names the stack the plan belongs to (changes in the
 * `<env>-state` stack touch the state bucket).
 */
export function classify(
  resource: ResourceChange,
  attributes: readonly AttributeChange[],
  stack = '',
  configured?: ReadonlySet<string>,
  computed: readonly string[] = [],
): ClassifiedChange {
  const kind = changeKind(resource.change.actions);
  const stateful = resource.mode === 'managed' && STATEFUL_TYPES.has(resource.type);
  const destructive = stateful && (kind === 'replace' || kind === 'delete' || kind === 'forget');
  const security: SecurityReason[] = [];
  if (resource.mode === 'managed' && kind !== 'no-op' && kind !== 'read') {
    const typeRule = TYPE_RULES.find((r) => r.match.test(resource.type));
    if (typeRule !== undefined) {
      security.push({ category: typeRule.category, reason: typeRule.reason });
      // The control's own policy unreadable in the plan is a reason of its own.
      security.push(
        ...attributeReasons(resource, kind, configured, (rule, ctx) => rule.id === 'iam-policy' && ctx.unknown),
      );
    } else security.push(...attributeReasons(resource, kind, configured));
    const weakening = weakeningReasons(resource, kind, stack);
    // A specific reason replaces the generic one of its category ("GuardDuty setting").
    const specific = new Set(weakening.map((r) => r.category));
    if (typeRule !== undefined && specific.has(typeRule.category)) security.splice(0, 1);
    security.push(...weakening);
    if (destructive) {
      const verb =
        kind === 'forget' ? 'removed from state (no longer managed)' : kind === 'replace' ? 'replaced' : 'deleted';
      security.push({ category: 'data-protection', reason: `stateful resource ${verb}` });
    }
  }
  return { resource, kind, security, stateful, destructive, attributes, computed };
}
