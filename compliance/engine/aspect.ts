import { Annotations, App, Aspects, TerraformStack, type IAspect } from 'cdktf';
import type { IConstruct } from 'constructs';
import { RULES } from '../rules';
import { SynthesizedModel, type ModelOptions } from './model';
import { suppressionsByPath } from './suppression';
import type { Finding, JsonObject, Rule, TfElement } from './types';

/**
 * The compliance aspect.
 *
 * How it reads synthesized values: cdktf invokes aspects inside `StackSynthesizer.synthesize()`
 * (and inside `Testing.synth()`), after `App.synth()` has run `prepareStack()` on every stack, so
 * cross-stack references already exist as `terraform_remote_state` data sources and outputs. The
 * aspect waits until the traversal reaches the *last* construct of the stack (pre-order), so every
 * aspect added before it has visited every construct, then calls `stack.toTerraform()`: the exact
 * JSON cdktf writes to `cdk.tf.json`, with tokens resolved. `SynthesizedModel` resolves the `${...}`
 * references that remain (same stack, `data.aws_iam_policy_document.*.json`, remote-state outputs
 * of other stacks, whose JSON is computed once per aspect and cached).
 */
export class ComplianceError extends Error {
  public readonly findings: readonly Finding[];
  public constructor(findings: readonly Finding[]) {
    super(
      `Compliance check failed with ${findings.length} error-level finding(s):\n` +
        findings
          .map(
            (f) => `  - [${f.stack}] ${f.address} (${f.constructPath}): ${f.ruleId} ${f.message}\n      fix: ${f.fix}`,
          )
          .join('\n'),
    );
    this.name = 'ComplianceError';
    this.findings = findings;
  }
}

export interface ComplianceOptions extends ModelOptions {
  /** `throw` (default): error-level findings fail synth. `collect`: only record them (reports, rule tests). */
  readonly mode?: 'throw' | 'collect';
  /** Rules to run (default: the whole catalogue). */
  readonly rules?: readonly Rule[];
}

export class ComplianceAspect implements IAspect {
  private readonly pending = new Map<IConstruct, TerraformStack>();
  private readonly results = new Map<string, Finding[]>();
  /** Milliseconds spent evaluating (model building + rules), for the synth budget. */
  public elapsedMs = 0;

  public constructor(private readonly options: ComplianceOptions = {}) {}

  public visit(node: IConstruct): void {
    if (TerraformStack.isStack(node)) {
      let last: IConstruct = node;
      for (let child = node.node.children.at(-1); child !== undefined; child = child.node.children.at(-1)) last = child;
      if (last === node) this.evaluate(node);
      else this.pending.set(last, node);
      return;
    }
    const stack = this.pending.get(node);
    if (stack !== undefined) {
      this.pending.delete(node);
      this.evaluate(stack);
    }
  }

  /** Every finding (including suppressed ones) of every stack evaluated so far, in stack order. */
  public findings(): Finding[] {
    return [...this.results.values()].flat();
  }

  /**
   * One model of every stack per synthesis: App.synth() prepares every stack (cross-stack outputs and
   * remote-state data sources included) before it synthesizes the first one, so the stacks' JSON is
   * final when the first stack is evaluated. Evaluating a stack a second time means a new synthesis
   * (tests re-synthesize), which rebuilds the model. Building it once keeps the cost linear in the
   * number of stacks rather than quadratic (one model per stack, each holding every stack).
   */
  private shared: { model: SynthesizedModel; evaluated: Set<TerraformStack> } | undefined;

  private modelFor(stack: TerraformStack): SynthesizedModel {
    if (
      this.shared === undefined ||
      this.shared.evaluated.has(stack) ||
      !this.shared.model.stackNames().includes(stack.node.id)
    ) {
      let stacks: TerraformStack[];
      try {
        stacks = App.of(stack)
          .node.findAll()
          .filter((c) => TerraformStack.isStack(c));
      } catch {
        stacks = [stack];
      }
      const model = new SynthesizedModel(
        stacks.map((s) => ({ name: s.node.id, json: s.toTerraform() as JsonObject })),
        this.options,
      );
      this.shared = { model, evaluated: new Set() };
    }
    this.shared.evaluated.add(stack);
    return this.shared.model;
  }

  private evaluate(stack: TerraformStack): void {
    const started = performance.now();
    const name = stack.node.id;
    const model = this.modelFor(stack);
    const findings = evaluateStack(model, name, this.options.rules ?? RULES, suppressionsByPath(stack));
    this.results.set(name, findings);
    this.elapsedMs += performance.now() - started;
    for (const f of findings.filter((x) => x.severity === 'warning' && x.suppressed === undefined)) {
      Annotations.of(stack).addWarning(`${f.ruleId} ${f.address}: ${f.message} (fix: ${f.fix})`);
    }
    const errors = findings.filter((f) => f.severity === 'error' && f.suppressed === undefined);
    if (errors.length > 0 && (this.options.mode ?? 'throw') === 'throw') throw new ComplianceError(errors);
  }
}

/** Runs the rules on the elements of one stack of the model. */
export function evaluateStack(
  model: SynthesizedModel,
  stack: string,
  rules: readonly Rule[],
  suppressions: ReadonlyMap<string, readonly { ruleId: string; reason: string }[]> = new Map(),
): Finding[] {
  const findings: Finding[] = [];
  const elements = model.elements(stack);
  const byType = new Map<string, TfElement[]>();
  for (const e of elements) {
    const key = e.mode === 'data' ? `data.${e.type}` : e.type;
    byType.set(key, [...(byType.get(key) ?? []), e]);
  }
  for (const rule of rules) {
    for (const type of rule.resourceTypes) {
      for (const element of byType.get(type) ?? []) {
        for (const v of rule.check(element, model)) {
          const on = v.element ?? element;
          const suppression = (suppressions.get(on.constructPath) ?? []).find((s) => s.ruleId === rule.id);
          findings.push({
            ruleId: rule.id,
            severity: rule.severity,
            stack: on.stack,
            address: on.address,
            constructPath: on.constructPath,
            message: v.message,
            fix: rule.fix,
            ...(suppression === undefined ? {} : { suppressed: { reason: suppression.reason } }),
          });
        }
      }
    }
  }
  return findings;
}

/**
 * Applies the compliance aspect to an app (every stack in it, present and future) or to one stack.
 * Returns the aspect, whose `findings()` feed `writeComplianceReports()`.
 */
export function applyCompliance(scope: App | TerraformStack, options: ComplianceOptions = {}): ComplianceAspect {
  const aspect = new ComplianceAspect(options);
  Aspects.of(scope).add(aspect);
  // Testing.synth(stack) invokes only the stack's own aspects: add the same instance to every stack.
  // cdktf invokes one aspect instance once per construct, so an app-level copy does not double-run.
  for (const s of scope.node.findAll().filter((c) => TerraformStack.isStack(c)))
    if (s !== scope) Aspects.of(s).add(aspect);
  return aspect;
}
