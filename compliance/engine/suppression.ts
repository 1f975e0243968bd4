import type { IConstruct } from 'constructs';
import type { Suppression } from './types';

/**
 * Suppressions: one rule, on one resource, with a written reason. They are stored as construct
 * metadata on the resource (or data source) they cover, read back by the aspect through the
 * element's construct path, and listed in every report. A suppression never hides a finding from
 * the report; it only keeps an error-level finding from failing synth.
 */
export const SUPPRESSION_METADATA = 'vault:compliance-suppression';

const RULE_ID = /^VAULT-[A-Z0-9]+-\d{3}$/;

export class SuppressionError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'SuppressionError';
  }
}

/** Suppresses `ruleId` on exactly `resource`. The reason must explain why the control does not apply. */
export function suppressRule(resource: IConstruct, ruleId: string, reason: string): void {
  const problems: string[] = [];
  if (!RULE_ID.test(ruleId)) problems.push(`ruleId must look like VAULT-S3-001 (received ${JSON.stringify(ruleId)})`);
  if (reason.trim().length < 20)
    problems.push(`reason must explain the exception in at least 20 characters (received ${JSON.stringify(reason)})`);
  if (problems.length > 0) throw new SuppressionError(`suppressRule on ${resource.node.path}: ${problems.join('; ')}`);
  resource.node.addMetadata(SUPPRESSION_METADATA, { ruleId, reason: reason.trim() } satisfies Suppression);
}

function isSuppression(v: unknown): v is Suppression {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as Suppression).ruleId === 'string' &&
    typeof (v as Suppression).reason === 'string'
  );
}

/** Suppressions declared in a construct tree, keyed by construct path. */
export function suppressionsByPath(root: IConstruct): Map<string, Suppression[]> {
  const out = new Map<string, Suppression[]>();
  for (const c of root.node.findAll()) {
    for (const m of c.node.metadata) {
      if (m.type !== SUPPRESSION_METADATA || !isSuppression(m.data)) continue;
      const list = out.get(c.node.path) ?? [];
      list.push(m.data);
      out.set(c.node.path, list);
    }
  }
  return out;
}
