/**
 * The outputs a planned stack hands to the stacks that read it through `terraform_remote_state`,
 * written as a local state file. In the real workflow a downstream stack is planned only after its
 * upstream is applied, so it always sees known values; offline, after a first plan, they are:
 * the plan's own value where it is known (bucket and table names), else the ARN computed from the
 * resource's known name with the format of `modules/core/arn-formats.ts`. Only the ids of KMS keys
 * and Lambda code signing configs, and the label of a DynamoDB stream (the time it was enabled), are
 * assigned by AWS at creation; a deterministic placeholder (which starts with `0ff11e00`) stands in for them.
 *
 * Pure: no file system.
 */
import { createHash } from 'node:crypto';
import {
  cloudTrailArn,
  dynamodbTableArn,
  iamRoleArn,
  lambdaFunctionArn,
  s3BucketArn,
  snsTopicArn,
  sqsQueueArn,
  type ArnScope,
} from '../../modules/core/arn-formats';
import { isJsonObject, type JsonObject, type JsonValue, type TerraformPlan } from '../plan-summary/plan-types';

/** Marks an id invented offline, where AWS would assign one (a KMS key id). */
export const PLACEHOLDER_PREFIX = '0ff11e00-';

/** Where an output value came from. */
export type Provenance = 'plan' | 'derived' | 'placeholder';

export interface StackOutput {
  readonly value: JsonValue;
  readonly sensitive: boolean;
  readonly provenance: Provenance;
}

export interface DerivedOutputs {
  readonly outputs: Readonly<Record<string, StackOutput>>;
  /** Outputs unknown in the plan that no format derives (left out; a reader of one fails loudly). */
  readonly underivable: readonly string[];
}

/** A UUID-shaped id, stable for one stack and resource, starting with `0ff11e00-`. */
export function placeholderUuid(stack: string, address: string): string {
  const h = createHash('sha256').update(`${stack}/${address}`).digest('hex');
  return `${PLACEHOLDER_PREFIX}${h.slice(0, 4)}-4${h.slice(5, 8)}-8${h.slice(9, 12)}-${h.slice(12, 24)}`;
}

type Values = Readonly<Record<string, JsonValue>>;
type Template = (values: Values, scope: ArnScope, placeholder: string) => string | undefined;

const text = (v: JsonValue | undefined): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const when = <T extends unknown[]>(fn: (...a: T) => string, ...args: { [K in keyof T]: T[K] | undefined }) =>
  args.every((a) => a !== undefined) ? fn(...(args as T)) : undefined;

/** `<type>.<attribute>` of an attribute a first plan leaves unknown, computed from known values. */
const TEMPLATES: Readonly<Record<string, Template>> = {
  'aws_s3_bucket.arn': (v, s) => when(s3BucketArn, s.partition, text(v.bucket)),
  'aws_s3_bucket.id': (v) => text(v.bucket),
  'aws_dynamodb_table.arn': (v, s) => when(dynamodbTableArn, s, text(v.name)),
  'aws_dynamodb_table.id': (v) => text(v.name),
  // `<table ARN>/stream/<label>`: the label is the time the stream was enabled, assigned by DynamoDB.
  'aws_dynamodb_table.stream_arn': (v, s, id) => {
    const table = v.stream_enabled === true ? when(dynamodbTableArn, s, text(v.name)) : undefined;
    return table === undefined ? undefined : `${table}/stream/${id}`;
  },
  'aws_sns_topic.arn': (v, s) => when(snsTopicArn, s, text(v.name)),
  'aws_sqs_queue.arn': (v, s) => when(sqsQueueArn, s, text(v.name)),
  'aws_cloudtrail.arn': (v, s) => when(cloudTrailArn, s, text(v.name)),
  'aws_iam_role.arn': (v, s) => when(iamRoleArn, s.partition, s.account, text(v.name), text(v.path) ?? '/'),
  'aws_lambda_function.arn': (v, s) => when(lambdaFunctionArn, s, text(v.function_name)),
  'aws_kms_key.arn': (_v, s, id) => `arn:${s.partition}:kms:${s.region}:${s.account}:key/${id}`,
  'aws_kms_key.key_id': (_v, _s, id) => id,
  // `csc-` and 17 hexadecimal digits, assigned by Lambda.
  'aws_lambda_code_signing_config.arn': (_v, s, id) =>
    `arn:${s.partition}:lambda:${s.region}:${s.account}:code-signing-config:csc-${id.replace(/-/g, '').slice(0, 17)}`,
};

/** Attributes AWS assigns at creation (`<type>.<attribute>`): their outputs get a placeholder. */
const ASSIGNED = new Set([
  'aws_kms_key.arn',
  'aws_kms_key.key_id',
  'aws_lambda_code_signing_config.arn',
  'aws_dynamodb_table.stream_arn',
]);

function resourcesOf(section: JsonValue | undefined): JsonObject[] {
  const root = isJsonObject(section) && isJsonObject(section.root_module) ? section.root_module : {};
  return Array.isArray(root.resources) ? root.resources.filter(isJsonObject) : [];
}

/** Partition, region and account of a plan, from the data sources it read (prior_state). */
export function scopeOf(plan: TerraformPlan): ArnScope | undefined {
  const state = isJsonObject(plan.prior_state) ? plan.prior_state.values : undefined;
  let partition: string | undefined;
  let region: string | undefined;
  let account: string | undefined;
  for (const r of resourcesOf(state)) {
    const values = isJsonObject(r.values) ? r.values : {};
    if (r.type === 'aws_partition') partition = text(values.partition);
    // `name` in provider 5.x, `region` in 6.x.
    if (r.type === 'aws_region') region = text(values.region) ?? text(values.name);
    if (r.type === 'aws_caller_identity') account = text(values.account_id);
  }
  return partition !== undefined && region !== undefined && account !== undefined
    ? { partition, region, account }
    : undefined;
}

/** The value of every output of a planned stack that a downstream stack can be given. */
export function deriveOutputs(stack: string, plan: TerraformPlan): DerivedOutputs {
  const scope = scopeOf(plan);
  const planned = new Map(
    resourcesOf(plan.planned_values).map((r) => [
      typeof r.address === 'string' ? r.address : '',
      isJsonObject(r.values) ? r.values : {},
    ]),
  );
  const config =
    isJsonObject(plan.configuration) && isJsonObject(plan.configuration.root_module)
      ? plan.configuration.root_module
      : {};
  const declared = isJsonObject(config.outputs) ? config.outputs : {};
  const outputs: Record<string, StackOutput> = {};
  const underivable: string[] = [];
  for (const [name, change] of Object.entries(plan.output_changes ?? {})) {
    const declaration = declared[name];
    const sensitive = isJsonObject(declaration) && declaration.sensitive === true;
    if (change.after_unknown !== true) {
      outputs[name] = { value: change.after, sensitive, provenance: 'plan' };
      continue;
    }
    const expression = isJsonObject(declaration) && isJsonObject(declaration.expression) ? declaration.expression : {};
    const references = Array.isArray(expression.references) ? expression.references : [];
    // The attribute reference (`aws_s3_bucket.vault.arn`), not the bare resource (`aws_s3_bucket.vault`).
    const reference = references.find((r): r is string => typeof r === 'string' && r.split('.').length === 3);
    const [type, resourceName, attribute] = reference?.split('.') ?? [];
    const template = TEMPLATES[`${type ?? ''}.${attribute ?? ''}`];
    const values = planned.get(`${type ?? ''}.${resourceName ?? ''}`);
    const value =
      template !== undefined && values !== undefined && scope !== undefined
        ? template(values, scope, placeholderUuid(stack, `${type ?? ''}.${resourceName ?? ''}`))
        : undefined;
    if (value === undefined) {
      underivable.push(name);
      continue;
    }
    outputs[name] = {
      value,
      sensitive,
      provenance: ASSIGNED.has(`${type ?? ''}.${attribute ?? ''}`) ? 'placeholder' : 'derived',
    };
  }
  return { outputs, underivable };
}

/** A Terraform state (format 4) holding only outputs: what a local `terraform_remote_state` reads. */
export function outputsState(
  stack: string,
  outputs: Readonly<Record<string, StackOutput>>,
  terraformVersion: string,
): JsonObject {
  return {
    version: 4,
    terraform_version: terraformVersion,
    serial: 1,
    lineage: placeholderUuid('lineage', stack),
    outputs: Object.fromEntries(
      Object.entries(outputs).map(([name, o]) => [
        name,
        { value: o.value, type: ctyType(o.value), ...(o.sensitive ? { sensitive: true } : {}) },
      ]),
    ),
    resources: [],
  };
}

/** The type of a JSON value as Terraform's state records it (cty's JSON type notation). */
export function ctyType(value: JsonValue): JsonValue {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return ['tuple', value.map(ctyType)];
  if (isJsonObject(value))
    return ['object', Object.fromEntries(Object.entries(value).map(([k, v]) => [k, ctyType(v)]))];
  return 'dynamic';
}
