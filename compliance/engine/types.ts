/**
 * Rule, finding and synthesized-model types of the compliance engine.
 *
 * Rules never read construct props: they read the Terraform JSON that cdktf synthesizes
 * (`TerraformStack.toTerraform()`), with references resolved by `model.ts`.
 */

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export type Severity = 'error' | 'warning';

/** Public frameworks a rule maps to. Every id is taken from the source named in docs/compliance-sources.md. */
export type Framework = 'AWS-FSBP' | 'CIS-AWS-3.0' | 'checkov' | 'cdk-nag' | 'NIST-800-53-r5' | 'AWS-docs';

export interface ControlRef {
  readonly framework: Framework;
  readonly id: string;
}

/**
 * One synthesized Terraform element of one stack: a `resource`, a `data` source, or the stack's
 * state `backend` (type `terraform_backend_<kind>`, address `terraform.backend.<kind>`).
 */
export interface TfElement {
  readonly stack: string;
  readonly mode: 'resource' | 'data' | 'backend';
  readonly type: string;
  readonly name: string;
  /** Terraform address: `aws_s3_bucket.x` or `data.aws_iam_policy_document.y`. */
  readonly address: string;
  readonly config: JsonObject;
  /** Construct path from the element's `//.metadata.path`, when cdktf wrote one. */
  readonly constructPath: string;
}

export interface Violation {
  readonly message: string;
  /** The element the finding is reported on; defaults to the element the rule was evaluated on. */
  readonly element?: TfElement;
}

export interface Rule {
  /** Stable id, never reused: `VAULT-<SERVICE>-<NNN>`. */
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  /** Terraform types (`aws_s3_bucket`, `data.aws_iam_policy_document`) the rule is evaluated on. */
  readonly resourceTypes: readonly string[];
  /** One line: why the control matters. */
  readonly rationale: string;
  /** One line: what to change. */
  readonly fix: string;
  readonly controls: readonly ControlRef[];
  readonly check: (element: TfElement, query: ModelQuery) => readonly Violation[];
}

export interface Suppression {
  readonly ruleId: string;
  readonly reason: string;
}

export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly stack: string;
  readonly address: string;
  readonly constructPath: string;
  readonly message: string;
  readonly fix: string;
  /** Set when a suppression on this resource covers the finding; it is then reported, not enforced. */
  readonly suppressed?: { readonly reason: string };
}

/** Normalized IAM policy statement, values rendered to concrete strings. */
export interface PolicyPrincipal {
  readonly type: string;
  readonly identifiers: readonly string[];
}
export interface PolicyCondition {
  readonly test: string;
  readonly variable: string;
  readonly values: readonly string[];
}
export interface PolicyStatement {
  /** The statement id; undefined when the statement has none. */
  readonly sid: string | undefined;
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  /** Empty when the document has no Principal element (identity policy). */
  readonly principals: readonly PolicyPrincipal[];
  readonly notPrincipals: readonly PolicyPrincipal[];
  readonly conditions: readonly PolicyCondition[];
}

/** What rules may ask about the synthesized app. Implemented by `model.ts`. */
export interface ModelQuery {
  /** Every element of the given type in every stack (`aws_s3_bucket`, `data.aws_iam_policy_document`). */
  all(type: string): readonly TfElement[];
  /** The element a reference in `value` points to (follows cross-stack remote-state outputs). */
  target(from: TfElement, value: Json | undefined): { element: TfElement; attribute: string } | undefined;
  /** Concrete string for a value: references replaced by rendered names/ARNs, unknown ones by `«address»`. */
  render(from: TfElement, value: Json | undefined): string | undefined;
  renderList(from: TfElement, value: Json | undefined): string[];
  /**
   * A JSON document held in an attribute (an event pattern): `${jsonencode(...)}` or a JSON string,
   * with references rendered as concrete names and ARNs (unknown ones as `«address»`); undefined when
   * it cannot be read.
   */
  jsonValue(from: TfElement, value: Json | undefined): Json | undefined;
  /** Statements of a policy value: a `data.aws_iam_policy_document` reference or a JSON policy string. */
  policy(from: TfElement, value: Json | undefined): PolicyStatement[] | undefined;
  /** Elements of `type` whose attribute `attribute` refers to `target` (e.g. every aws_s3_bucket_policy of a bucket). */
  referencing(target: TfElement, type: string, attribute: string): TfElement[];
  /** Region an element is created in: its stack's provider's, or the aliased provider's it names. */
  elementRegion(element: TfElement): string;
  /** Account id the model renders `aws_caller_identity` with. */
  readonly accountId: string;
}
