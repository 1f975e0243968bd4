/**
 * ARN formats of the resources whose ARN the stacks build from a deterministic name instead of the
 * resource's computed `arn` attribute. Pure string functions: constructs pass Terraform tokens
 * (partition, region and account from `AwsContext`), tools pass plain values (the offline plan
 * generator derives upstream outputs with them), so there is one definition of each format.
 *
 * Formats as the services' "Actions, resources, and condition keys" pages give them
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html).
 */

/** Where a regional ARN points: partition, region and account id. */
export interface ArnScope {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

/** `arn:<partition>:s3:::<bucket>` (bucket names are global: no region, no account). */
export function s3BucketArn(partition: string, bucket: string): string {
  return `arn:${partition}:s3:::${bucket}`;
}

/** `arn:<partition>:dynamodb:<region>:<account>:table/<name>` */
export function dynamodbTableArn(scope: ArnScope, table: string): string {
  return `arn:${scope.partition}:dynamodb:${scope.region}:${scope.account}:table/${table}`;
}

/** `arn:<partition>:sqs:<region>:<account>:<name>` */
export function sqsQueueArn(scope: ArnScope, queue: string): string {
  return `arn:${scope.partition}:sqs:${scope.region}:${scope.account}:${queue}`;
}

/** `arn:<partition>:sns:<region>:<account>:<name>` */
export function snsTopicArn(scope: ArnScope, topic: string): string {
  return `arn:${scope.partition}:sns:${scope.region}:${scope.account}:${topic}`;
}

/** `arn:<partition>:cloudtrail:<region>:<account>:trail/<name>` */
export function cloudTrailArn(scope: ArnScope, trail: string): string {
  return `arn:${scope.partition}:cloudtrail:${scope.region}:${scope.account}:trail/${trail}`;
}

/** `arn:<partition>:lambda:<region>:<account>:function:<name>` */
export function lambdaFunctionArn(scope: ArnScope, fn: string): string {
  return `arn:${scope.partition}:lambda:${scope.region}:${scope.account}:function:${fn}`;
}

/** `arn:<partition>:logs:<region>:<account>:log-group:<name>` (without the `:*` stream suffix). */
export function logGroupArn(scope: ArnScope, logGroup: string): string {
  return `arn:${scope.partition}:logs:${scope.region}:${scope.account}:log-group:${logGroup}`;
}

/** `arn:<partition>:iam::<account>:role<path><name>`; `path` starts and ends with `/` (default `/`). */
export function iamRoleArn(partition: string, account: string, role: string, path = '/'): string {
  return `arn:${partition}:iam::${account}:role${path}${role}`;
}
