/**
 * Types for Terraform's machine-readable plan, as printed by `terraform show -json <planfile>`
 * (format_version 1.x, documented in Terraform's "JSON Output Format"), and a parser that checks
 * the parts the summary relies on. Unknown properties are ignored, as the format's compatibility
 * promise asks of consumers; an unsupported major version is refused.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = Record<string, JsonValue>;

/** One action of a change. A replacement is two: `["delete","create"]` or `["create","delete"]`. */
export type PlanAction = 'no-op' | 'create' | 'read' | 'update' | 'delete' | 'forget';
export const PLAN_ACTIONS: readonly PlanAction[] = ['no-op', 'create', 'read', 'update', 'delete', 'forget'];

/** The change representation shared by resource changes and output changes. */
export interface PlanChange {
  readonly actions: readonly PlanAction[];
  /** Value before the change; `null` for a create. Sensitive values ARE present here in clear text. */
  readonly before: JsonValue;
  /** Value after the change; `null` for a delete. Unknown values are absent or `null` here. */
  readonly after: JsonValue;
  /** Mirrors `after`: `true` where the value is known only after apply. */
  readonly after_unknown?: JsonValue;
  /** Mirrors `before`: `true` where the value is sensitive (a bare `true`: the whole value). */
  readonly before_sensitive?: JsonValue;
  /** Mirrors `after`: `true` where the value is sensitive. */
  readonly after_sensitive?: JsonValue;
  /** Attribute paths that force replacement (each a list of keys and indices). */
  readonly replace_paths?: readonly (readonly (string | number)[])[];
  /** Present when the change imports an existing object. */
  readonly importing?: { readonly id?: string; readonly identity?: JsonValue };
}

/** Why Terraform chose an action, when it is not the obvious one. */
export type ActionReason =
  | 'replace_because_tainted'
  | 'replace_because_cannot_update'
  | 'replace_by_request'
  | 'replace_by_triggers'
  | 'delete_because_no_resource_config'
  | 'delete_because_wrong_repetition'
  | 'delete_because_count_index'
  | 'delete_because_each_key'
  | 'delete_because_no_module'
  | 'delete_because_no_move_target'
  | 'read_because_config_unknown'
  | 'read_because_dependency_pending'
  | 'read_because_check_nested'
  // Any other reason a newer Terraform may add (the intersection keeps the known names above in the type).
  | (string & Record<never, never>);

export interface ResourceChange {
  readonly address: string;
  readonly previous_address?: string;
  readonly module_address?: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly index?: string | number;
  readonly provider_name: string;
  /** Set when the change concerns a deposed object (left over by a create-before-destroy). */
  readonly deposed?: string;
  readonly change: PlanChange;
  readonly action_reason?: ActionReason;
}

export interface TerraformPlan {
  readonly format_version: string;
  readonly terraform_version?: string;
  readonly resource_changes?: readonly ResourceChange[];
  /** Changes Terraform detected outside of Terraform since the last apply. */
  readonly resource_drift?: readonly ResourceChange[];
  readonly output_changes?: Readonly<Record<string, PlanChange>>;
  readonly errored?: boolean;
  readonly applyable?: boolean;
  readonly complete?: boolean;
  /**
   * The configuration as Terraform read it: per resource, the `expressions` it sets (constant values
   * and `references`). Tells an attribute set by the configuration from one the provider computes.
   */
  readonly configuration?: JsonValue;
  /** Resource values after the plan (the same values as `resource_changes[].change.after`). */
  readonly planned_values?: JsonValue;
  /** The state the plan started from, with the data sources read while planning. */
  readonly prior_state?: JsonValue;
  readonly relevant_attributes?: JsonValue;
  readonly timestamp?: string;
}

/** One problem found in a plan document: the JSON path and the value received. */
export interface PlanProblem {
  readonly path: string;
  readonly message: string;
  readonly value: unknown;
}

/** Thrown when a file is not a plan this tool understands; lists every problem found. */
export class PlanFormatError extends Error {
  public readonly problems: readonly PlanProblem[];

  public constructor(source: string, problems: readonly PlanProblem[], options?: { cause?: unknown }) {
    super(
      `${source} is not a Terraform JSON plan this tool understands:\n` +
        problems.map((p) => `  - ${p.path}: ${p.message} (received ${describe(p.value)})`).join('\n'),
      options,
    );
    this.name = 'PlanFormatError';
    this.problems = problems;
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const SUPPORTED_MAJOR = 1;

/** Parses and checks the text of `terraform show -json`. Throws `PlanFormatError` with every problem. */
export function parsePlan(text: string, source: string): TerraformPlan {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new PlanFormatError(source, [{ path: '$', message: 'is not valid JSON', value: text.slice(0, 40) }], {
      cause: error,
    });
  }
  const problems: PlanProblem[] = [];
  if (!isJsonObject(raw)) {
    throw new PlanFormatError(source, [{ path: '$', message: 'must be a JSON object', value: raw }]);
  }
  const version = raw.format_version;
  if (typeof version !== 'string' || !/^\d+\.\d+$/.test(version)) {
    problems.push({ path: '$.format_version', message: 'must be a "major.minor" string', value: version });
  } else if (Number(version.split('.')[0]) !== SUPPORTED_MAJOR) {
    problems.push({
      path: '$.format_version',
      message: `major version ${SUPPORTED_MAJOR} is supported`,
      value: version,
    });
  }
  if (raw.planned_values === undefined && raw.resource_changes === undefined && raw.prior_state === undefined) {
    // A state file (`terraform show -json` without a plan) has `values` and no plan fields.
    problems.push({
      path: '$',
      message: 'has no plan fields (resource_changes, planned_values): a state file, not a plan?',
      value: Object.keys(raw),
    });
  }
  for (const field of ['resource_changes', 'resource_drift'] as const) {
    const list = raw[field];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      problems.push({ path: `$.${field}`, message: 'must be a list', value: list });
      continue;
    }
    list.forEach((rc, i) => checkResourceChange(rc, `$.${field}[${i}]`, problems));
  }
  const outputs = raw.output_changes;
  if (outputs !== undefined) {
    if (!isJsonObject(outputs))
      problems.push({ path: '$.output_changes', message: 'must be an object', value: outputs });
    else
      for (const [name, change] of Object.entries(outputs)) checkChange(change, `$.output_changes.${name}`, problems);
  }
  if (problems.length > 0) throw new PlanFormatError(source, problems);
  return raw as unknown as TerraformPlan;
}

function checkResourceChange(rc: unknown, path: string, problems: PlanProblem[]): void {
  if (!isJsonObject(rc)) {
    problems.push({ path, message: 'must be an object', value: rc });
    return;
  }
  for (const field of ['address', 'type', 'name', 'provider_name'] as const) {
    if (typeof rc[field] !== 'string')
      problems.push({ path: `${path}.${field}`, message: 'must be a string', value: rc[field] });
  }
  if (rc.mode !== 'managed' && rc.mode !== 'data') {
    problems.push({ path: `${path}.mode`, message: 'must be "managed" or "data"', value: rc.mode });
  }
  if (rc.action_reason !== undefined && typeof rc.action_reason !== 'string') {
    problems.push({ path: `${path}.action_reason`, message: 'must be a string', value: rc.action_reason });
  }
  checkChange(rc.change, `${path}.change`, problems);
}

function checkChange(change: unknown, path: string, problems: PlanProblem[]): void {
  if (!isJsonObject(change)) {
    problems.push({ path, message: 'must be an object', value: change });
    return;
  }
  const actions = change.actions;
  if (!Array.isArray(actions) || actions.length === 0) {
    problems.push({ path: `${path}.actions`, message: 'must be a non-empty list of actions', value: actions });
    return;
  }
  actions.forEach((a, i) => {
    if (typeof a !== 'string' || !(PLAN_ACTIONS as readonly string[]).includes(a)) {
      problems.push({ path: `${path}.actions[${i}]`, message: `must be one of ${PLAN_ACTIONS.join(', ')}`, value: a });
    }
  });
  if (actions.length === 2) {
    const [first, second] = actions;
    if (!(first === 'delete' && second === 'create') && !(first === 'create' && second === 'delete')) {
      problems.push({
        path: `${path}.actions`,
        message: 'two actions must be a replacement: ["delete","create"] or ["create","delete"]',
        value: actions,
      });
    }
  } else if (actions.length > 2) {
    problems.push({ path: `${path}.actions`, message: 'has more than two actions', value: actions });
  }
}
