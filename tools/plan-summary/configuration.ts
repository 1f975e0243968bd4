/**
 * What the configuration sets, per resource, from the plan's `configuration` section: the names of
 * the top-level arguments a resource block writes (constants or references). An attribute that is
 * not among them and is unknown in a create is computed by the provider (`arn`, `id`, ...): it is
 * shown as such and is never a reason for review on its own.
 */
import { isJsonObject, type JsonValue, type ResourceChange, type TerraformPlan } from './plan-types';

/** The arguments set for a resource change; undefined when the plan's configuration does not show it. */
export type ConfiguredLookup = (rc: ResourceChange) => ReadonlySet<string> | undefined;

function collect(module: JsonValue | undefined, prefix: string, out: Map<string, Set<string>>): void {
  if (!isJsonObject(module)) return;
  const resources = Array.isArray(module.resources) ? module.resources : [];
  for (const r of resources) {
    if (!isJsonObject(r) || typeof r.address !== 'string') continue;
    const expressions = isJsonObject(r.expressions) ? Object.keys(r.expressions) : [];
    out.set(`${prefix}${r.address}`, new Set(expressions));
  }
  const calls = isJsonObject(module.module_calls) ? module.module_calls : {};
  for (const [name, call] of Object.entries(calls)) {
    if (isJsonObject(call)) collect(call.module, `${prefix}module.${name}.`, out);
  }
}

/** The configured-arguments lookup of a plan. */
export function configuredAttributes(plan: TerraformPlan): ConfiguredLookup {
  const configuration = plan.configuration;
  if (!isJsonObject(configuration)) return () => undefined;
  const byAddress = new Map<string, Set<string>>();
  collect(configuration.root_module, '', byAddress);
  return (rc) => {
    // A configuration address has no instance key: `aws_x.y`, not `aws_x.y[0]` or `aws_x.y["k"]`.
    const module = rc.module_address !== undefined ? `${rc.module_address.replace(/\[[^\]]*\]/g, '')}.` : '';
    const prefix = rc.mode === 'data' ? 'data.' : '';
    // Not in the configuration (a trimmed plan, or a resource being removed): unknown, not "nothing set".
    return byAddress.get(`${module}${prefix}${rc.type}.${rc.name}`);
  };
}
