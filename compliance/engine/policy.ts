import type { Json, JsonObject, PolicyCondition, PolicyPrincipal, PolicyStatement } from './types';

/**
 * Policy-document helpers: normalize synthesized `aws_iam_policy_document` blocks and IAM JSON into
 * `PolicyStatement`s, and answer the questions rules ask of them. Matching follows IAM semantics for
 * wildcards (`*`, `?`, case-insensitive actions); condition operators are checked by name and value only.
 */

function isObj(v: Json | undefined): v is JsonObject {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);
}
function list(v: Json | undefined): Json[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

export function statementsFromDataSource(
  config: JsonObject,
  render: (v: Json) => string | undefined,
  renderList: (v: Json | undefined) => string[],
): PolicyStatement[] {
  const principals = (v: Json | undefined): PolicyPrincipal[] =>
    list(v)
      .filter(isObj)
      .map((p) => ({ type: render(p.type ?? '') ?? '', identifiers: renderList(p.identifiers) }));
  return list(config.statement)
    .filter(isObj)
    .map((s) => ({
      sid: typeof s.sid === 'string' ? s.sid : undefined,
      effect: s.effect === 'Deny' ? 'Deny' : 'Allow',
      actions: renderList(s.actions),
      notActions: renderList(s.not_actions),
      resources: renderList(s.resources),
      notResources: renderList(s.not_resources),
      principals: principals(s.principals),
      notPrincipals: principals(s.not_principals),
      conditions: list(s.condition)
        .filter(isObj)
        .map((c) => ({
          test: render(c.test ?? '') ?? '',
          variable: render(c.variable ?? '') ?? '',
          values: renderList(c.values),
        })),
    }));
}

function strings(v: Json | undefined): string[] {
  return list(v).filter((x): x is string => typeof x === 'string');
}

function principalsFromJson(v: Json | undefined): PolicyPrincipal[] {
  if (v === undefined || v === null) return [];
  if (v === '*') return [{ type: '*', identifiers: ['*'] }];
  if (!isObj(v)) return [];
  return Object.entries(v).map(([type, ids]) => ({ type, identifiers: strings(ids) }));
}

/** Statements of an IAM JSON policy document. */
export function statementsFromJson(doc: Json): PolicyStatement[] | undefined {
  if (!isObj(doc)) return undefined;
  return list(doc.Statement)
    .filter(isObj)
    .map((s) => {
      const conditions: PolicyCondition[] = [];
      if (isObj(s.Condition)) {
        for (const [test, vars] of Object.entries(s.Condition)) {
          if (!isObj(vars)) continue;
          for (const [variable, values] of Object.entries(vars))
            conditions.push({ test, variable, values: list(values).map(String) });
        }
      }
      return {
        sid: typeof s.Sid === 'string' ? s.Sid : undefined,
        effect: s.Effect === 'Deny' ? 'Deny' : 'Allow',
        actions: strings(s.Action),
        notActions: strings(s.NotAction),
        resources: strings(s.Resource),
        notResources: strings(s.NotResource),
        principals: principalsFromJson(s.Principal),
        notPrincipals: principalsFromJson(s.NotPrincipal),
        conditions,
      };
    });
}

/** IAM JSON for a list of statements (what Terraform's data source renders), for simulators. */
export function toIamJson(statements: readonly PolicyStatement[]): JsonObject {
  const principal = (ps: readonly PolicyPrincipal[]): Json => {
    if (ps.some((p) => p.type === '*')) return '*';
    const out: JsonObject = {};
    for (const p of ps) out[p.type] = [...((out[p.type] as string[] | undefined) ?? []), ...p.identifiers];
    return out;
  };
  return {
    Version: '2012-10-17',
    Statement: statements.map((s) => {
      const st: JsonObject = { Effect: s.effect };
      if (s.sid !== undefined && s.sid !== '') st.Sid = s.sid;
      if (s.principals.length > 0) st.Principal = principal(s.principals);
      if (s.notPrincipals.length > 0) st.NotPrincipal = principal(s.notPrincipals);
      if (s.actions.length > 0) st.Action = [...s.actions];
      if (s.notActions.length > 0) st.NotAction = [...s.notActions];
      if (s.resources.length > 0) st.Resource = [...s.resources];
      if (s.notResources.length > 0) st.NotResource = [...s.notResources];
      if (s.conditions.length > 0) {
        const cond: JsonObject = {};
        for (const c of s.conditions) {
          const byVar = (isObj(cond[c.test]) ? cond[c.test] : {}) as JsonObject;
          byVar[c.variable] = [...c.values];
          cond[c.test] = byVar;
        }
        st.Condition = cond;
      }
      return st;
    }),
  };
}

/** IAM wildcard match (`*` any run, `?` one char). Actions compare case-insensitively. */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const esc = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${esc}$`, ignoreCase ? 'i' : '').test(value);
}

/** Whether the statement's action list covers `action` (honouring NotAction). */
export function coversAction(s: PolicyStatement, action: string): boolean {
  if (s.notActions.length > 0) return !s.notActions.some((p) => wildcardMatch(p, action, true));
  return s.actions.some((p) => wildcardMatch(p, action, true));
}

export function isWildcardAction(a: string): boolean {
  return a === '*' || /^[a-z0-9-]+:\*$/i.test(a);
}

export function principalIds(s: PolicyStatement, type?: string): string[] {
  return s.principals.filter((p) => type === undefined || p.type === type).flatMap((p) => [...p.identifiers]);
}

/** `Principal: "*"` or `{"AWS": "*"}`. */
export function hasPublicPrincipal(s: PolicyStatement): boolean {
  return s.principals.some((p) => p.type === '*' || (p.type === 'AWS' && p.identifiers.includes('*')));
}

export function conditionValues(s: PolicyStatement, variable: string, tests?: readonly string[]): string[] {
  return s.conditions
    .filter(
      (c) => c.variable.toLowerCase() === variable.toLowerCase() && (tests === undefined || tests.includes(c.test)),
    )
    .flatMap((c) => [...c.values]);
}

export function hasCondition(s: PolicyStatement, variable: string): boolean {
  return s.conditions.some((c) => c.variable.toLowerCase() === variable.toLowerCase());
}

/** Conditions that restrict a public principal to an account, organization, source or VPC. */
const RESTRICTING_KEYS = [
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceowner',
  'aws:principalaccount',
  'aws:principalorgid',
  'aws:principalarn',
  'aws:sourcevpce',
  'aws:sourcevpc',
  'kms:calleraccount',
  'aws:resourceaccount',
];

/** An Allow that anyone (any account, anonymous) could use: public principal without a restricting condition. */
export function isPublicAllow(s: PolicyStatement): boolean {
  if (s.effect !== 'Allow' || !hasPublicPrincipal(s)) return false;
  return !s.conditions.some((c) => RESTRICTING_KEYS.includes(c.variable.toLowerCase()) && !c.values.includes('*'));
}

/**
 * A Deny of non-TLS requests (`Bool aws:SecureTransport = false`, Principal "*"): on `<service>:*`,
 * or, when `requiredActions` is given, on statements that together cover each of those actions.
 */
export function deniesInsecureTransport(
  statements: readonly PolicyStatement[],
  service: string,
  requiredActions?: readonly string[],
): boolean {
  const tls = statements.filter(
    (s) =>
      s.effect === 'Deny' &&
      hasPublicPrincipal(s) &&
      s.conditions.some(
        (c) => c.test === 'Bool' && c.variable.toLowerCase() === 'aws:securetransport' && c.values.includes('false'),
      ),
  );
  if (requiredActions !== undefined) return requiredActions.every((a) => tls.some((s) => coversAction(s, a)));
  return tls.some((s) => s.actions.includes('*') || s.actions.some((a) => a.toLowerCase() === `${service}:*`));
}
