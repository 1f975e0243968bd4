import type { Rule } from '../engine/types';
import { KMS_RULES } from './kms';
import { S3_RULES } from './s3';
import { DYNAMODB_RULES } from './dynamodb';
import { CLOUDTRAIL_RULES } from './cloudtrail';
import { CLOUDWATCH_RULES } from './cloudwatch';
import { GUARDDUTY_RULES } from './guardduty';
import { LAMBDA_RULES } from './lambda';
import { IAM_RULES } from './iam';
import { SNS_RULES } from './sns';
import { SQS_RULES } from './sqs';
import { EVENTBRIDGE_RULES } from './eventbridge';
import { TERRAFORM_RULES } from './terraform';

export { NO_RESOURCE_LEVEL_ACTIONS } from './iam';

/**
 * The rule catalogue, one file per AWS service (as cdk-nag splits its rules by service). Every
 * control id is taken from a source listed in docs/compliance-sources.md. Rules read synthesized
 * values through `ModelQuery`; ids are stable and never reused. The order below is the order of
 * every report.
 */
export const RULES: readonly Rule[] = [
  ...KMS_RULES,
  ...S3_RULES,
  ...DYNAMODB_RULES,
  ...CLOUDTRAIL_RULES,
  ...CLOUDWATCH_RULES,
  ...GUARDDUTY_RULES,
  ...LAMBDA_RULES,
  ...IAM_RULES,
  ...SNS_RULES,
  ...SQS_RULES,
  ...EVENTBRIDGE_RULES,
  ...TERRAFORM_RULES,
];

/** Ids must be unique and stable; checked at load so a duplicate fails every synth. */
const seen = new Set<string>();
for (const r of RULES) {
  if (seen.has(r.id)) throw new Error(`duplicate compliance rule id ${r.id}`);
  seen.add(r.id);
}
