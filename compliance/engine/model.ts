import type { Json, JsonObject, ModelQuery, PolicyStatement, TfElement } from './types';
import { statementsFromDataSource, statementsFromJson } from './policy';
import { jsonencodeValue } from './hcl-value';

/**
 * The synthesized model of an app: the Terraform JSON of every stack (from `TerraformStack.toTerraform()`,
 * tokens already resolved by cdktf) and a resolver for the `${...}` references left in it.
 *
 * References resolve across stacks: cdktf turns a cross-stack reference into
 * `${data.terraform_remote_state.<input>.outputs.<output>}` in the consumer and an `output` holding
 * `${<type>.<name>.<attr>}` in the producer; `target()` and `render()` follow that chain.
 */
export interface StackJson {
  readonly name: string;
  readonly json: JsonObject;
}

const REF = /\$\{([^{}]*)\}/g;
const SIMPLE_REF = /^(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)((?:\.[A-Za-z0-9_-]+|\[\d+\])*)$/;

export function isObject(v: Json | undefined): v is JsonObject {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);
}

/** Terraform blocks synthesize as a list or (single nested blocks) an object: always a list here. */
export function blocks(v: Json | undefined): JsonObject[] {
  if (Array.isArray(v)) return v.filter(isObject);
  return isObject(v) ? [v] : [];
}

export function bool(v: Json | undefined): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

export function num(v: Json | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return undefined;
}

export function str(v: Json | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** A value as a finding message shows it: a scalar as `String()` does, an object or a list as JSON. */
export function shown(v: Json | undefined): string {
  return typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
}

/** Type of the pseudo-element for a stack's backend (`terraform.backend.s3` is `terraform_backend_s3`). */
export function backendType(kind: string): string {
  return `terraform_backend_${kind}`;
}

function elementsOf(stack: string, json: JsonObject): TfElement[] {
  const out: TfElement[] = [];
  const backends = isObject(json.terraform) && isObject(json.terraform.backend) ? json.terraform.backend : {};
  for (const [kind, config] of Object.entries(backends)) {
    if (!isObject(config)) continue;
    out.push({
      stack,
      mode: 'backend',
      type: backendType(kind),
      name: kind,
      address: `terraform.backend.${kind}`,
      config,
      constructPath: `${stack}/backend`,
    });
  }
  for (const mode of ['resource', 'data'] as const) {
    const byType = json[mode];
    if (!isObject(byType)) continue;
    for (const [type, byName] of Object.entries(byType)) {
      if (!isObject(byName)) continue;
      for (const [name, config] of Object.entries(byName)) {
        if (!isObject(config)) continue;
        const meta = isObject(config['//']) && isObject(config['//'].metadata) ? config['//'].metadata : {};
        out.push({
          stack,
          mode,
          type,
          name,
          address: mode === 'data' ? `data.${type}.${name}` : `${type}.${name}`,
          config,
          constructPath: str(meta.path) ?? `${stack}/${name}`,
        });
      }
    }
  }
  return out;
}

export interface ModelOptions {
  /** Account id used to render `data.aws_caller_identity.*.account_id` (default 111122223333). */
  readonly accountId?: string;
}

export class SynthesizedModel implements ModelQuery {
  public readonly accountId: string;
  private readonly stacks = new Map<
    string,
    { json: JsonObject; elements: TfElement[]; byAddress: Map<string, TfElement> }
  >();
  private readonly byType = new Map<string, TfElement[]>();
  private readonly policyCache = new Map<string, PolicyStatement[]>();

  public constructor(stacks: readonly StackJson[], options: ModelOptions = {}) {
    this.accountId = options.accountId ?? '111122223333';
    for (const s of stacks) {
      const elements = elementsOf(s.name, s.json);
      this.stacks.set(s.name, { json: s.json, elements, byAddress: new Map(elements.map((e) => [e.address, e])) });
      for (const e of elements) {
        const key = e.mode === 'data' ? `data.${e.type}` : e.type;
        const list = this.byType.get(key) ?? [];
        list.push(e);
        this.byType.set(key, list);
      }
    }
  }

  public stackNames(): string[] {
    return [...this.stacks.keys()];
  }

  public elements(stack: string): readonly TfElement[] {
    return this.stacks.get(stack)?.elements ?? [];
  }

  public all(type: string): readonly TfElement[] {
    return this.byType.get(type) ?? [];
  }

  public region(stack: string): string {
    const provider = this.stacks.get(stack)?.json.provider;
    const aws = isObject(provider) ? blocks(provider.aws).find((p) => p.alias === undefined) : undefined;
    return str(aws?.region) ?? 'us-east-1';
  }

  /** Region of an element: its stack's, or that of the aliased provider it names (`provider = "aws.<alias>"`). */
  public elementRegion(element: TfElement): string {
    const alias = /^aws\.([A-Za-z0-9_-]+)$/.exec(str(element.config.provider) ?? '')?.[1];
    if (alias === undefined) return this.region(element.stack);
    const provider = this.stacks.get(element.stack)?.json.provider;
    const aliased = isObject(provider) ? blocks(provider.aws).find((p) => p.alias === alias) : undefined;
    return str(aliased?.region) ?? this.region(element.stack);
  }

  /** Follows one reference expression (without `${}`) to an element, across stacks. */
  private follow(stack: string, expr: string, depth = 0): { element: TfElement; attribute: string } | undefined {
    if (depth > 8) return undefined;
    const m = SIMPLE_REF.exec(expr.trim());
    if (m === null) return undefined;
    const [, dataPrefix, type, name, rest] = m;
    if (type === undefined || name === undefined) return undefined; // both groups are mandatory in a match
    const address = `${dataPrefix ?? ''}${type}.${name}`;
    const attribute = (rest ?? '').replace(/^\./, '');
    if (dataPrefix !== undefined && type === 'terraform_remote_state') {
      const output = /^outputs\.([A-Za-z0-9_-]+)/.exec(attribute)?.[1];
      if (output === undefined) return undefined;
      const producer = this.producerOf(stack, name, output);
      if (producer === undefined) return undefined;
      const value = producer.output;
      const inner = typeof value === 'string' ? /^\$\{([^{}]*)\}$/.exec(value)?.[1] : undefined;
      return inner === undefined ? undefined : this.follow(producer.stack, inner, depth + 1);
    }
    const element = this.stacks.get(stack)?.byAddress.get(address);
    return element === undefined ? undefined : { element, attribute };
  }

  private producerOf(
    stack: string,
    remoteStateName: string,
    output: string,
  ): { stack: string; output: Json } | undefined {
    const candidates: { stack: string; output: Json }[] = [];
    for (const [name, s] of this.stacks) {
      if (name === stack) continue;
      const outputs = s.json.output;
      if (!isObject(outputs) || !isObject(outputs[output])) continue;
      candidates.push({ stack: name, output: outputs[output].value ?? null });
    }
    if (candidates.length <= 1) return candidates[0];
    return candidates.find((c) => remoteStateName.endsWith(c.stack)) ?? candidates[0];
  }

  public target(from: TfElement, value: Json | undefined): { element: TfElement; attribute: string } | undefined {
    if (typeof value !== 'string') return undefined;
    const inner = /^\$\{([^{}]*)\}$/.exec(value.trim())?.[1];
    return inner === undefined ? undefined : this.follow(from.stack, inner);
  }

  /** Concrete value of one attribute of an element, e.g. the ARN of a bucket from its name. */
  private attributeValue(element: TfElement, attribute: string, depth: number): string | undefined {
    const c = element.config;
    const region = this.elementRegion(element);
    const acct = this.accountId;
    const r = (v: Json | undefined): string | undefined => this.renderIn(element.stack, v, depth + 1);
    const partition = 'aws';
    switch (element.mode === 'data' ? `data.${element.type}` : element.type) {
      case 'data.aws_caller_identity':
        if (attribute === 'account_id' || attribute === 'id') return acct;
        if (attribute === 'arn') return `arn:${partition}:iam::${acct}:root`;
        return undefined;
      case 'data.aws_partition':
        if (attribute === 'partition' || attribute === 'id') return partition;
        if (attribute === 'dns_suffix') return 'amazonaws.com';
        return undefined;
      case 'data.aws_region':
        return attribute === 'name' || attribute === 'region' || attribute === 'id' ? region : undefined;
      case 'data.aws_iam_policy_document':
        return undefined;
      case 'aws_s3_bucket': {
        const bucket = r(c.bucket) ?? r(c.bucket_prefix) ?? element.name;
        if (['id', 'bucket'].includes(attribute)) return bucket;
        if (attribute === 'arn') return `arn:${partition}:s3:::${bucket}`;
        return undefined;
      }
      case 'aws_kms_key':
        if (attribute === 'arn') return `arn:${partition}:kms:${region}:${acct}:key/${element.stack}-${element.name}`;
        if (attribute === 'key_id' || attribute === 'id') return `${element.stack}-${element.name}`;
        return undefined;
      case 'aws_kms_alias':
        if (attribute === 'arn') return `arn:${partition}:kms:${region}:${acct}:${r(c.name) ?? ''}`;
        if (attribute === 'name' || attribute === 'id') return r(c.name);
        if (attribute === 'target_key_arn') return r(c.target_key_id);
        return undefined;
      case 'aws_dynamodb_table':
        if (attribute === 'arn')
          return `arn:${partition}:dynamodb:${region}:${acct}:table/${r(c.name) ?? element.name}`;
        if (attribute === 'name' || attribute === 'id') return r(c.name);
        return undefined;
      case 'aws_iam_role': {
        const path = r(c.path) ?? '/';
        if (attribute === 'arn') return `arn:${partition}:iam::${acct}:role${path}${r(c.name) ?? element.name}`;
        if (attribute === 'name' || attribute === 'id') return r(c.name);
        return undefined;
      }
      case 'aws_iam_policy': {
        const path = r(c.path) ?? '/';
        if (attribute === 'arn' || attribute === 'id')
          return `arn:${partition}:iam::${acct}:policy${path}${r(c.name) ?? element.name}`;
        if (attribute === 'name') return r(c.name);
        return undefined;
      }
      // Ids AWS generates are rendered from the element, as for keys: stable, and recognisable.
      case 'aws_lambda_code_signing_config':
        if (attribute === 'arn')
          return `arn:${partition}:lambda:${region}:${acct}:code-signing-config:csc-${element.stack}-${element.name}`;
        return undefined;
      case 'aws_signer_signing_profile': {
        const profile = `arn:${partition}:signer:${region}:${acct}:/signing-profiles/${r(c.name) ?? element.name}`;
        if (attribute === 'arn') return profile;
        if (attribute === 'version_arn') return `${profile}/version-${element.stack}`;
        if (attribute === 'name' || attribute === 'id') return r(c.name);
        return undefined;
      }
      case 'aws_lambda_function':
        if (attribute === 'arn' || attribute === 'qualified_arn')
          return `arn:${partition}:lambda:${region}:${acct}:function:${r(c.function_name) ?? element.name}`;
        if (attribute === 'function_name' || attribute === 'id') return r(c.function_name);
        return undefined;
      case 'aws_sqs_queue':
        if (attribute === 'arn') return `arn:${partition}:sqs:${region}:${acct}:${r(c.name) ?? element.name}`;
        if (attribute === 'url' || attribute === 'id')
          return `https://sqs.${region}.amazonaws.com/${acct}/${r(c.name) ?? element.name}`;
        if (attribute === 'name') return r(c.name);
        return undefined;
      case 'aws_sns_topic':
        if (attribute === 'arn' || attribute === 'id')
          return `arn:${partition}:sns:${region}:${acct}:${r(c.name) ?? element.name}`;
        if (attribute === 'name') return r(c.name);
        return undefined;
      case 'aws_cloudtrail':
        if (attribute === 'arn')
          return `arn:${partition}:cloudtrail:${region}:${acct}:trail/${r(c.name) ?? element.name}`;
        if (attribute === 'name' || attribute === 'id') return r(c.name);
        return undefined;
      case 'aws_cloudwatch_log_group':
        if (attribute === 'arn')
          return `arn:${partition}:logs:${region}:${acct}:log-group:${r(c.name) ?? element.name}`;
        if (attribute === 'name' || attribute === 'id') return r(c.name);
        return undefined;
      case 'aws_cloudwatch_event_rule':
        if (attribute === 'arn') return `arn:${partition}:events:${region}:${acct}:rule/${r(c.name) ?? element.name}`;
        if (attribute === 'name' || attribute === 'id') return r(c.name);
        return undefined;
      case 'aws_guardduty_detector':
        if (attribute === 'id') return `detector-${element.stack}`;
        if (attribute === 'arn')
          return `arn:${partition}:guardduty:${region}:${acct}:detector/detector-${element.stack}`;
        return undefined;
      default:
        if (attribute === 'arn' && typeof c.arn === 'string') return r(c.arn);
        return undefined;
    }
  }

  private renderIn(stack: string, value: Json | undefined, depth = 0): string | undefined {
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (typeof value !== 'string') return undefined;
    if (depth > 10) return value;
    return value.replace(REF, (_whole: string, expr: string) => {
      const t = this.follow(stack, expr);
      if (t === undefined) return `«${expr}»`;
      const v = this.attributeValue(t.element, t.attribute, depth);
      return v ?? `«${t.element.stack}:${t.element.address}.${t.attribute}»`;
    });
  }

  public render(from: TfElement, value: Json | undefined): string | undefined {
    return this.renderIn(from.stack, value);
  }

  public renderList(from: TfElement, value: Json | undefined): string[] {
    if (value === undefined || value === null) return [];
    const list = Array.isArray(value) ? value : [value];
    return list.map((v) => this.render(from, v)).filter((v): v is string => v !== undefined);
  }

  public jsonValue(from: TfElement, value: Json | undefined): Json | undefined {
    if (typeof value !== 'string') return undefined;
    try {
      const encoded = jsonencodeValue(value, (reference) => this.render(from, `\${${reference}}`) ?? `«${reference}»`);
      if (encoded !== undefined) return encoded;
      const text = this.render(from, value);
      return text === undefined ? undefined : (JSON.parse(text) as Json);
    } catch {
      return undefined;
    }
  }

  public policy(from: TfElement, value: Json | undefined): PolicyStatement[] | undefined {
    const t = this.target(from, value);
    if (t?.element.mode === 'data' && t.element.type === 'aws_iam_policy_document') {
      return this.documentStatements(t.element);
    }
    const text = this.render(from, value);
    if (text === undefined) return undefined;
    try {
      const parsed = JSON.parse(text) as Json;
      return statementsFromJson(parsed);
    } catch {
      return undefined;
    }
  }

  /** Statements of an `aws_iam_policy_document`, with `source_policy_documents` and overrides merged by Sid. */
  public documentStatements(doc: TfElement): PolicyStatement[] {
    const key = `${doc.stack}:${doc.address}`;
    const cached = this.policyCache.get(key);
    if (cached !== undefined) return cached;
    this.policyCache.set(key, []); // cycle guard
    const merged: PolicyStatement[] = [];
    const put = (s: PolicyStatement): void => {
      const i = s.sid === undefined || s.sid === '' ? -1 : merged.findIndex((m) => m.sid === s.sid);
      if (i >= 0) merged[i] = s;
      else merged.push(s);
    };
    const fromList = (v: Json | undefined): void => {
      for (const item of Array.isArray(v) ? v : []) for (const s of this.policy(doc, item) ?? []) put(s);
    };
    fromList(doc.config.source_policy_documents);
    for (const s of statementsFromDataSource(
      doc.config,
      (v) => this.render(doc, v),
      (v) => this.renderList(doc, v),
    ))
      put(s);
    fromList(doc.config.override_policy_documents);
    this.policyCache.set(key, merged);
    return merged;
  }

  public referencing(target: TfElement, type: string, attribute: string): TfElement[] {
    return this.all(type).filter((e) => {
      const t = this.target(e, e.config[attribute]);
      return t?.element === target;
    });
  }
}
