/**
 * The policies of a plan that cannot be read at plan time, and why: every IAM-policy attribute
 * (`policy-attributes.ts`) that the configuration sets and the plan leaves unknown, with the
 * managed-resource attributes that make it unknown, found by following the configuration's
 * references through the policy documents (`aws_iam_policy_document` reads deferred to apply).
 *
 * A typical cause: a document that names a resource of the same stack by its computed `arn`, which
 * a create knows only after apply. Building that ARN from the resource's deterministic name instead
 * (`modules/core/arn-formats.ts`) makes the policy readable in the first plan.
 */
import { isPolicyAttribute } from '../plan-summary/policy-attributes';
import { isJsonObject, type JsonValue, type ResourceChange, type TerraformPlan } from '../plan-summary/plan-types';

export interface UnknownPolicy {
  /** `aws_s3_bucket_policy.vault_policy_B095D638` */
  readonly address: string;
  readonly attribute: string;
  /** The unknown attributes it depends on (`aws_s3_bucket.vault_bucket_AA1E6FBE.arn`), each with the documents in between. */
  readonly causes: readonly { readonly reference: string; readonly through: readonly string[] }[];
}

function hasUnknown(mark: JsonValue | undefined): boolean {
  if (mark === true) return true;
  if (Array.isArray(mark)) return mark.some(hasUnknown);
  if (isJsonObject(mark)) return Object.values(mark).some(hasUnknown);
  return false;
}

/** Every reference inside an expression tree. */
function references(expression: JsonValue | undefined, out = new Set<string>()): Set<string> {
  if (Array.isArray(expression)) expression.forEach((e) => references(e, out));
  else if (isJsonObject(expression)) {
    const refs = expression.references;
    if (Array.isArray(refs)) for (const r of refs) if (typeof r === 'string') out.add(r);
    for (const [key, value] of Object.entries(expression)) if (key !== 'references') references(value, out);
  }
  return out;
}

/** `data.t.n.attr` / `t.n.attr` split into the object's address and the attribute (undefined: a bare object). */
function split(reference: string): { address: string; attribute?: string } {
  const parts = reference.split('.');
  const size = parts[0] === 'data' ? 3 : 2;
  const attribute = parts.slice(size).join('.');
  return { address: parts.slice(0, size).join('.'), ...(attribute !== '' ? { attribute } : {}) };
}

export function unknownPolicies(plan: TerraformPlan): UnknownPolicy[] {
  const configuration = isJsonObject(plan.configuration) ? plan.configuration.root_module : undefined;
  const resources =
    isJsonObject(configuration) && Array.isArray(configuration.resources) ? configuration.resources : [];
  const expressionsOf = new Map<string, Record<string, JsonValue>>();
  for (const r of resources)
    if (isJsonObject(r) && typeof r.address === 'string')
      expressionsOf.set(r.address, isJsonObject(r.expressions) ? r.expressions : {});
  const changes = new Map<string, ResourceChange>((plan.resource_changes ?? []).map((rc) => [rc.address, rc]));
  const isUnknown = (address: string, attribute: string): boolean => {
    const rc = changes.get(address);
    const marks = rc !== undefined && isJsonObject(rc.change.after_unknown) ? rc.change.after_unknown : {};
    return hasUnknown(marks[attribute.split('.')[0] ?? attribute]);
  };
  /** Unknown managed attributes reached from `address` through deferred data sources. */
  const causesOf = (address: string, seen: Set<string>): { reference: string; through: string[] }[] => {
    if (seen.has(address)) return [];
    seen.add(address);
    const found: { reference: string; through: string[] }[] = [];
    for (const reference of references(expressionsOf.get(address) ?? {})) {
      const target = split(reference);
      if (target.attribute === undefined || target.address.startsWith('data.terraform_remote_state.')) continue;
      if (target.address.startsWith('data.')) {
        // A data source read at plan time is not in resource_changes: it is known.
        if (changes.has(target.address))
          found.push(...causesOf(target.address, seen).map((c) => ({ ...c, through: [target.address, ...c.through] })));
      } else if (isUnknown(target.address, target.attribute)) found.push({ reference, through: [] });
    }
    return found;
  };
  const out: UnknownPolicy[] = [];
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode !== 'managed' || (rc.change.actions.includes('delete') && !rc.change.actions.includes('create')))
      continue;
    const expressions = expressionsOf.get(rc.address) ?? {};
    const marks = isJsonObject(rc.change.after_unknown) ? rc.change.after_unknown : {};
    for (const attribute of Object.keys(expressions)) {
      if (!isPolicyAttribute(rc.type, attribute) || !hasUnknown(marks[attribute])) continue;
      const causes = new Map<string, string[]>();
      for (const reference of references(expressions[attribute])) {
        const target = split(reference);
        if (target.attribute === undefined) continue;
        const found = target.address.startsWith('data.')
          ? causesOf(target.address, new Set()).map((c) => ({ ...c, through: [target.address, ...c.through] }))
          : isUnknown(target.address, target.attribute)
            ? [{ reference, through: [] }]
            : [];
        for (const c of found) if (!causes.has(c.reference)) causes.set(c.reference, c.through);
      }
      out.push({
        address: rc.address,
        attribute,
        causes: [...causes].map(([reference, through]) => ({ reference, through })),
      });
    }
  }
  return out;
}
