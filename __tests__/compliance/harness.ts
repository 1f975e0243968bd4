import { App, TerraformDataSource, TerraformStack, type TerraformResource } from 'cdktf';
import { evaluateStack } from '../../compliance/engine/aspect';
import { RULES } from '../../compliance/rules';
import { SynthesizedModel, type StackJson } from '../../compliance/engine/model';
import { suppressionsByPath } from '../../compliance/engine/suppression';
import type { Finding, Json, JsonObject } from '../../compliance/engine/types';
import { buildFixture } from './fixture';

/** Evaluates every rule on every stack of an app, as the aspect does, without writing files. */
export function evaluateApp(
  app: App,
  stacks: readonly TerraformStack[],
): { findings: Finding[]; model: SynthesizedModel } {
  stacks.forEach((s) => s.prepareStack());
  const model = new SynthesizedModel(stacks.map((s) => ({ name: s.node.id, json: s.toTerraform() as JsonObject })));
  const supp = suppressionsByPath(app);
  return { findings: stacks.flatMap((s) => evaluateStack(model, s.node.id, RULES, supp)), model };
}

/**
 * The rule table's fast path: the fixture is built and synthesized ONCE; each weakened case mutates a
 * deep copy of the synthesized JSON (the only input rules read) and evaluates it. Mutations follow
 * cdktf's own semantics (`addOverride` deep merge, typed block setters converted by the provider's
 * own `toTerraform`), and `rules.test.ts` proves them equal to the construct-level weakenings.
 */
export interface PartRef {
  readonly stack: string;
  readonly mode: 'resource' | 'data';
  readonly type: string;
  readonly name: string;
}

export interface SynthesizedFixture {
  readonly stacks: readonly StackJson[];
  readonly parts: Readonly<Record<string, PartRef>>;
  readonly suppressions: ReturnType<typeof suppressionsByPath>;
}

/** Synthesized JSON of every stack of a fixture app (after `prepareStack`, as the aspect sees it). */
export function synthesizeStacks(stacks: readonly TerraformStack[]): StackJson[] {
  stacks.forEach((s) => s.prepareStack());
  return stacks.map((s) => ({ name: s.node.id, json: s.toTerraform() as JsonObject }));
}

let base: SynthesizedFixture | undefined;

/** The compliant fixture, synthesized once per test file. */
export function synthesizedFixture(): SynthesizedFixture {
  if (base !== undefined) return base;
  const fx = buildFixture();
  const parts: Record<string, PartRef> = {};
  for (const [part, el] of Object.entries(fx.p)) {
    parts[part] = {
      stack: TerraformStack.of(el).node.id,
      mode: el instanceof TerraformDataSource ? 'data' : 'resource',
      type: el.terraformResourceType,
      name: el.friendlyUniqueId,
    };
  }
  base = { stacks: synthesizeStacks(fx.stacks), parts, suppressions: suppressionsByPath(fx.app) };
  return base;
}

/** A deep copy of the synthesized fixture that a weakening may change. */
export class JsonFixture {
  public readonly stacks: StackJson[];
  public constructor(private readonly from: SynthesizedFixture = synthesizedFixture()) {
    this.stacks = structuredClone(from.stacks) as StackJson[];
  }

  /** The synthesized configuration of a fixture part (`vaultKey`, `trail`, ...). */
  public config(part: string): JsonObject {
    const ref = this.from.parts[part];
    if (ref === undefined) throw new Error(`no fixture part ${part}`);
    return this.element(ref.stack, ref.mode, ref.type, ref.name);
  }

  public element(stack: string, mode: 'resource' | 'data', type: string, name: string): JsonObject {
    const json = this.stacks.find((s) => s.name === stack)?.json;
    const byType = json?.[mode] as JsonObject | undefined;
    const config = (byType?.[type] as JsonObject | undefined)?.[name];
    if (config === undefined || config === null || typeof config !== 'object' || Array.isArray(config)) {
      throw new Error(`no ${mode} ${type}.${name} in ${stack}`);
    }
    return config;
  }

  public findings(): Finding[] {
    const model = new SynthesizedModel(this.stacks);
    return this.stacks.flatMap((s) => evaluateStack(model, s.name, RULES, this.from.suppressions));
  }
}

type OverrideValue = Json | undefined;

/** cdktf's `addOverride(path, value)` followed by its deep merge into the synthesized element. */
export function addOverride(config: JsonObject, path: string, value: OverrideValue): void {
  const override: Record<string, unknown> = {};
  const keys = path.split('.');
  const leaf = keys.pop();
  if (leaf === undefined) throw new Error('addOverride: split() returned no segment');
  let curr = override;
  for (const key of keys) {
    curr[key] = {};
    curr = curr[key] as Record<string, unknown>;
  }
  curr[leaf] = value;
  deepMerge(config, override);
}

/** Same algorithm as cdktf's `deepMerge` (lib/util.js): objects recurse, arrays append, undefined deletes. */
function deepMerge(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      if (typeof target[key] !== 'object') target[key] = {};
      deepMerge(target[key] as Record<string, unknown>, value as Record<string, unknown>);
    } else if (Array.isArray(value)) {
      const existing = target[key];
      target[key] = Array.isArray(existing) ? [...(existing as unknown[]), ...(value as unknown[])] : value;
    } else if (value === undefined) {
      Reflect.deleteProperty(target, key);
    } else {
      target[key] = value;
    }
  }
}

/**
 * One attribute of an element as the provider synthesizes it: the element is built in a scratch
 * stack (so typed block setters such as `putStatement` convert exactly as they would in the fixture).
 */
export function synthesizedAttribute(
  build: (scope: TerraformStack) => TerraformResource | TerraformDataSource,
  attribute: string,
): Json {
  const stack = new TerraformStack(
    new App({ outdir: '/tmp/vault-compliance-scratch', skipValidation: true }),
    'scratch',
  );
  const el = build(stack);
  const json = stack.toTerraform() as JsonObject;
  const mode = el instanceof TerraformDataSource ? 'data' : 'resource';
  const config = ((json[mode] as JsonObject)[el.terraformResourceType] as JsonObject)[
    el.friendlyUniqueId
  ] as JsonObject;
  const value = config[attribute];
  if (value === undefined) throw new Error(`scratch ${el.terraformResourceType} has no ${attribute}`);
  return value;
}
