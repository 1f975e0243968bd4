export { applyCompliance, ComplianceAspect, ComplianceError, evaluateStack, type ComplianceOptions } from './aspect';
export { RULES, NO_RESOURCE_LEVEL_ACTIONS } from './catalogue';
export { SynthesizedModel } from './model';
export { toIamJson } from './policy';
export { controlsTable, summarize, toJson, toMarkdown, toSarif, writeComplianceReports } from './report';
export { suppressRule, SuppressionError } from './suppression';
export type { ControlRef, Finding, Rule, Severity } from './types';
