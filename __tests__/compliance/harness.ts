import type { App, TerraformStack } from 'cdktf';
import { evaluateStack } from '../../modules/compliance/aspect';
import { RULES } from '../../modules/compliance/catalogue';
import { SynthesizedModel } from '../../modules/compliance/model';
import { suppressionsByPath } from '../../modules/compliance/suppression';
import type { Finding, JsonObject } from '../../modules/compliance/types';

/** Evaluates every rule on every stack of an app, as the aspect does, without writing files. */
export function evaluateApp(app: App, stacks: readonly TerraformStack[]): { findings: Finding[]; model: SynthesizedModel } {
  stacks.forEach((s) => s.prepareStack());
  const model = new SynthesizedModel(stacks.map((s) => ({ name: s.node.id, json: s.toTerraform() as JsonObject })));
  const supp = suppressionsByPath(app);
  return { findings: stacks.flatMap((s) => evaluateStack(model, s.node.id, RULES, supp)), model };
}
