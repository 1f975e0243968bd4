/**
 * Which attributes hold an IAM policy document: identity and trust policies, key policies and the
 * resource policies of buckets, queues, topics and tables. Named explicitly per type: an attribute
 * whose name merely ends in `policy` (`redrive_policy`, `retry_policy`, `delivery_policy`,
 * `lifecycle_policy`, ...) is a setting, not an access policy.
 */

/** Policy-valued attributes per resource type. */
export const POLICY_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_kms_key: ['policy'],
  aws_kms_key_policy: ['policy'],
  aws_s3_bucket_policy: ['policy'],
  aws_s3_bucket: ['policy'],
  aws_s3_access_point: ['policy'],
  aws_s3control_access_point_policy: ['policy'],
  aws_sqs_queue_policy: ['policy'],
  aws_sqs_queue: ['policy'],
  aws_sns_topic_policy: ['policy'],
  aws_sns_topic: ['policy'],
  aws_dynamodb_resource_policy: ['policy'],
  aws_iam_role: ['assume_role_policy', 'inline_policy'],
  aws_iam_role_policy: ['policy'],
  aws_iam_policy: ['policy'],
  aws_iam_user_policy: ['policy'],
  aws_iam_group_policy: ['policy'],
  aws_cloudwatch_log_resource_policy: ['policy_document'],
  aws_cloudwatch_event_bus_policy: ['policy'],
  aws_ecr_repository_policy: ['policy'],
  aws_secretsmanager_secret_policy: ['policy'],
  aws_secretsmanager_secret: ['policy'],
  aws_lambda_layer_version_permission: ['policy'],
  aws_glacier_vault: ['access_policy'],
  aws_backup_vault_policy: ['policy'],
};

/** Names that hold a policy document on a type the table does not list. */
const GENERIC = /^(policy|access_policy|access_policies|assume_role_policy|inline_policy|resource_policy|key_policy)$/;

/** Whether `attribute` of a `type` resource holds an IAM policy document. */
export function isPolicyAttribute(type: string, attribute: string): boolean {
  const listed = POLICY_ATTRIBUTES[type];
  return listed !== undefined ? listed.includes(attribute) : GENERIC.test(attribute);
}
