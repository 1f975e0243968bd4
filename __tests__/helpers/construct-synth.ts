/**
 * Unit tests of one construct: a bare stack (provider and account context only) to build it in, its
 * synthesized JSON, and the synthesized policy statements with Terraform references written as a
 * reviewer reads them (`arn:<partition>:iam::<account>:root`), so expected policies are literal.
 */
import { TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AwsContext } from '../../modules/core/aws-context';
import { dataOf, metadataPath, policyStatements, type Json, type JsonObject, type Statement } from './synth';

export interface BareStack {
  readonly stack: TerraformStack;
  readonly aws: AwsContext;
}

/** A stack with an AWS provider and the account/partition/region context, nothing else. */
export function bareStack(): BareStack {
  const stack = new TerraformStack(Testing.app(), 'unit');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  return { stack, aws: new AwsContext(stack, 'context') };
}

/** The stack's synthesized JSON, construct paths (`//` metadata) included. */
export function synthesized(stack: TerraformStack): JsonObject {
  return JSON.parse(JSON.stringify(stack.toTerraform())) as JsonObject;
}

let outputs = 0;
/** A value holding tokens, resolved as Terraform will see it (through an output of the stack). */
export function resolved(stack: TerraformStack, value: unknown): Json {
  const id = `resolved-${++outputs}`;
  new TerraformOutput(stack, id, { value });
  return ((synthesized(stack).output as JsonObject)[id] as JsonObject).value as Json;
}

const PLACEHOLDERS: readonly (readonly [RegExp, string])[] = [
  [/\$\{data\.aws_caller_identity\.[^.}]+\.account_id\}/g, '<account>'],
  [/\$\{data\.aws_partition\.[^.}]+\.partition\}/g, '<partition>'],
  [/\$\{data\.aws_partition\.[^.}]+\.dns_suffix\}/g, '<dns-suffix>'],
  [/\$\{data\.aws_region\.[^.}]+\.region\}/g, '<region>'],
  // A resource of the stack: `${aws_s3_bucket.b_bucket_1A2B3C4D.arn}` -> `<aws_s3_bucket.b_bucket.arn>`.
  [/\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+?)_[A-F0-9]{8}\.([a-z_]+)\}/g, '<$1.$2.$3>'],
];

/** Terraform references of the account context and of the stack's resources as readable placeholders. */
export function readable(text: string): string {
  return PLACEHOLDERS.reduce((t, [pattern, name]) => t.replace(pattern, name), text);
}

function readableJson(value: Json): Json {
  if (typeof value === 'string') return readable(value);
  if (Array.isArray(value)) return value.map(readableJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, readableJson(v)]));
  }
  return value;
}

/**
 * Every statement of the policy document whose construct path ends with `pathSuffix` (for example
 * `vault/document`), following its source documents, readable.
 */
export function readableStatements(stackJson: JsonObject, pathSuffix: string): Statement[] {
  const ids = Object.entries(dataOf(stackJson, 'aws_iam_policy_document'))
    .filter(([, doc]) => metadataPath(doc).endsWith(`/${pathSuffix}`))
    .map(([id]) => id);
  const [id, ...more] = ids;
  if (id === undefined || more.length > 0)
    throw new Error(`expected one policy document at */${pathSuffix}, found ${ids.length}`);
  return policyStatements(stackJson, id).map((s) => readableJson(s as unknown as Json) as unknown as Statement);
}
