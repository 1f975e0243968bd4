export {
  applyCompliance,
  ComplianceAspect,
  ComplianceError,
  evaluateStack,
  type ComplianceOptions,
} from './engine/aspect';
export { RULES, NO_RESOURCE_LEVEL_ACTIONS } from './rules';
export { SynthesizedModel } from './engine/model';
export { toIamJson } from './engine/policy';
export { controlsTable, summarize, toJson, toMarkdown, toSarif, writeComplianceReports } from './engine/report';
export { suppressRule, SuppressionError } from './engine/suppression';
export type { ControlRef, Finding, Rule, Severity } from './engine/types';
