/**
 * The summary of one stack's plan: counts per kind of change, the classified changes, drift, and
 * whether anything security-sensitive changes. Pure: rendering is in `render.ts`.
 */
import { attributeChanges, computedAttributes, type DiffOptions } from './attribute-diff';
import { configuredAttributes } from './configuration';
import { classify, type ChangeKind, type ClassifiedChange } from './classify';
import type { ResourceChange, TerraformPlan } from './plan-types';

export type KindCounts = Record<ChangeKind, number>;

export interface StackSummary {
  readonly stack: string;
  readonly terraformVersion?: string;
  readonly counts: KindCounts;
  /** Changes other than no-op, in plan order. */
  readonly changes: readonly ClassifiedChange[];
  /** Objects changed outside Terraform since the last apply (refresh-only view), classified the same way. */
  readonly drift: readonly ClassifiedChange[];
  /** `errored`: the plan did not complete (`terraform plan` failed part way). */
  readonly errored: boolean;
  /** `applyable === false`: nothing to apply (or the plan errored). */
  readonly applyable: boolean;
  /** `complete === false`: the plan leaves changes for a later run (targeted or deferred). */
  readonly complete: boolean;
  /** Output values that change: stacks that read them through remote state are planned on old values. */
  readonly outputChanges: readonly string[];
  /**
   * Why the stack as a whole needs a second reviewer, whatever its resources: the plan errored or is
   * partial, or the stack's state backend changes.
   */
  readonly stackReasons: readonly string[];
}

export function emptyCounts(): KindCounts {
  return { create: 0, update: 0, replace: 0, delete: 0, read: 0, 'no-op': 0, forget: 0 };
}

export function summarizeStack(
  stack: string,
  plan: TerraformPlan,
  options: DiffOptions = {},
  extraReasons: readonly string[] = [],
): StackSummary {
  const counts = emptyCounts();
  const changes: ClassifiedChange[] = [];
  const configuredOf = configuredAttributes(plan);
  const classifyOne = (rc: ResourceChange): ClassifiedChange => {
    const configured = configuredOf(rc);
    const diffOptions: DiffOptions = { ...options, ...(configured !== undefined ? { configured } : {}) };
    return classify(
      rc,
      attributeChanges(rc.change, diffOptions),
      stack,
      configured,
      computedAttributes(rc.change, configured),
    );
  };
  for (const rc of plan.resource_changes ?? []) {
    const classified = classifyOne(rc);
    counts[classified.kind] += 1;
    if (classified.kind !== 'no-op') changes.push(classified);
  }
  const drift = (plan.resource_drift ?? []).map(classifyOne);
  const errored = plan.errored === true;
  const complete = plan.complete !== false;
  const stackReasons = [
    ...(errored ? ['the plan did not complete (terraform plan failed part way): what it would change is unknown'] : []),
    ...(!complete && !errored ? ['the plan is partial (targeted or deferred changes): the rest is unreviewed'] : []),
    ...extraReasons,
  ];
  const outputChanges = Object.entries(plan.output_changes ?? {})
    .filter(([, c]) => !c.actions.every((a) => a === 'no-op'))
    .map(([name]) => name)
    .sort();
  const summary: StackSummary = {
    stack,
    counts,
    changes,
    drift,
    errored,
    applyable: plan.applyable !== false,
    complete,
    outputChanges,
    stackReasons,
    ...(plan.terraform_version !== undefined ? { terraformVersion: plan.terraform_version } : {}),
  };
  return summary;
}

export function securityChanges(summaries: readonly StackSummary[]): { stack: string; change: ClassifiedChange }[] {
  return summaries.flatMap((s) =>
    s.changes.filter((c) => c.security.length > 0).map((change) => ({ stack: s.stack, change })),
  );
}

export function destructiveChanges(summaries: readonly StackSummary[]): { stack: string; change: ClassifiedChange }[] {
  return summaries.flatMap((s) => s.changes.filter((c) => c.destructive).map((change) => ({ stack: s.stack, change })));
}

/**
 * Whether the plans need a second reviewer: a security-sensitive change, drift on a security
 * control, or a stack whose plan cannot be trusted as complete (errored, partial, backend change).
 */
export function needsSecondReview(summaries: readonly StackSummary[]): boolean {
  return (
    securityChanges(summaries).length > 0 ||
    summaries.some((s) => s.stackReasons.length > 0 || s.drift.some((d) => d.security.length > 0))
  );
}
