import { blocks, bool, str } from '../engine/model';
import { coversAction, hasPublicPrincipal } from '../engine/policy';
import type { Rule } from '../engine/types';
import {
  awsDocs,
  ckv,
  cmkOf,
  denialsExceptNamed,
  fail,
  fsbp,
  nag,
  nist,
  ok,
  principalExceptions,
  publicPolicyRule,
  when,
} from './helpers';
import type { ModelQuery, PolicyStatement, TfElement } from '../engine/types';

/** The table's resource policy statements and its ARN as the policy names it, or undefined without one. */
function tablePolicy(
  t: TfElement,
  q: ModelQuery,
  attribute: 'arn' | 'stream_arn' = 'arn',
): { policy: TfElement; statements: PolicyStatement[]; arn: string } | undefined {
  // A table's policy names the table's ARN; its stream's policy names the stream's (a resource of its own).
  const pol = q.all('aws_dynamodb_resource_policy').find((p) => {
    const target = q.target(p, p.config.resource_arn);
    return target?.element === t && target.attribute === attribute;
  });
  if (pol === undefined) return undefined;
  return {
    policy: pol,
    statements: q.policy(pol, pol.config.policy) ?? [],
    arn: q.render(pol, pol.config.resource_arn) ?? '',
  };
}

/** DynamoDB rules, in report order. */
export const DYNAMODB_RULES: readonly Rule[] = [
  {
    id: 'VAULT-DDB-001',
    title: 'Table has point-in-time recovery',
    severity: 'error',
    resourceTypes: ['aws_dynamodb_table'],
    rationale: 'PITR restores the ledger to any second of the last 35 days.',
    fix: 'Set point_in_time_recovery { enabled = true }.',
    controls: [
      ...fsbp('DynamoDB.2'),
      ...ckv('CKV_AWS_28'),
      ...nag('AwsSolutions-DDB3', 'NIST.800.53.R5-DynamoDBPITREnabled'),
    ],
    check: (t) =>
      when(bool(blocks(t.config.point_in_time_recovery)[0]?.enabled) !== true, 'point_in_time_recovery not enabled'),
  },
  {
    id: 'VAULT-DDB-002',
    title: 'Table is encrypted with a customer-managed key',
    severity: 'error',
    resourceTypes: ['aws_dynamodb_table'],
    rationale: 'The AWS-owned default key is outside our key policy.',
    fix: 'Set server_side_encryption { enabled = true, kms_key_arn = <aws_kms_key>.arn }.',
    controls: ckv('CKV_AWS_119'),
    check: (t, q) => {
      const sse = blocks(t.config.server_side_encryption)[0];
      return when(
        bool(sse?.enabled) !== true || cmkOf(q, t, sse?.kms_key_arn) === undefined,
        'no SSE with a customer-managed key',
      );
    },
  },
  {
    id: 'VAULT-DDB-003',
    title: 'Table has deletion protection',
    severity: 'error',
    resourceTypes: ['aws_dynamodb_table'],
    rationale: 'Deleting the ledger destroys the audit record.',
    fix: 'Set deletion_protection_enabled = true.',
    controls: fsbp('DynamoDB.6'),
    check: (t) => when(bool(t.config.deletion_protection_enabled) !== true, 'deletion_protection_enabled is not true'),
  },
  {
    id: 'VAULT-DDB-004',
    title: 'Table capacity scales with demand',
    severity: 'warning',
    resourceTypes: ['aws_dynamodb_table'],
    rationale: 'Throttled ledger writes fail verifications.',
    fix: 'Use billing_mode = PAY_PER_REQUEST (or add application auto scaling).',
    controls: [...fsbp('DynamoDB.1'), ...ckv('CKV2_AWS_16')],
    check: (t) =>
      when(
        str(t.config.billing_mode) !== 'PAY_PER_REQUEST',
        `billing_mode is ${str(t.config.billing_mode) ?? 'PROVISIONED'}`,
      ),
  },
  {
    id: 'VAULT-DDB-005',
    title: 'Ledger resource policy makes records append-only',
    severity: 'error',
    resourceTypes: ['aws_dynamodb_table'],
    rationale: 'Only a break-glass role may update or delete audit records or the table.',
    fix: 'Add aws_dynamodb_resource_policy denying UpdateItem, DeleteItem, BatchWriteItem and DeleteTable to every principal but the break-glass role.',
    controls: nist('AU-9', 'AC-6'),
    check: (t, q) => {
      const p = tablePolicy(t, q);
      if (p === undefined) return fail('no aws_dynamodb_resource_policy');
      const { policy: pol, statements: st } = p;
      const missing = [
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:DeleteTable',
      ].filter((a) => !st.some((s) => s.effect === 'Deny' && coversAction(s, a) && hasPublicPrincipal(s)));
      return when(missing.length > 0, `resource policy does not deny ${missing.join(', ')}`, pol);
    },
  },
  publicPolicyRule('VAULT-DDB-006', 'aws_dynamodb_resource_policy', 'policy', 'Table resource', nist('AC-3', 'AC-6')),
  {
    id: 'VAULT-DDB-007',
    title: 'Ledger copies (backup, export, restore, streaming) only by named readers',
    severity: 'error',
    resourceTypes: ['aws_dynamodb_table'],
    rationale:
      'A backup, an export to S3, a point-in-time restore or a Kinesis stream is a copy the read restrictions do not follow.',
    fix: 'Deny dynamodb:CreateBackup, ExportTableToPointInTime, RestoreTableToPointInTime and EnableKinesisStreamingDestination to Principal "*" except the readers and break-glass (aws:PrincipalArn).',
    controls: [...nist('AC-3', 'AC-6'), ...awsDocs('DynamoDB-rbac-iam-actions')],
    check: (t, q) => {
      const p = tablePolicy(t, q);
      if (p === undefined) return fail('no aws_dynamodb_resource_policy');
      const open = [
        'dynamodb:CreateBackup',
        'dynamodb:EnableKinesisStreamingDestination',
        'dynamodb:ExportTableToPointInTime',
        'dynamodb:RestoreTableToPointInTime',
      ].filter((a) => denialsExceptNamed(p.statements, a, p.arn).length === 0);
      return when(open.length > 0, `copies not restricted to named principals: ${open.join(', ')}`, p.policy);
    },
  },
  {
    id: 'VAULT-DDB-008',
    title: 'Who may correct ledger records may also read and append them (recovery)',
    severity: 'error',
    resourceTypes: ['aws_dynamodb_table'],
    rationale:
      'Recovery compares a restored copy with the ledger and puts lost records back: a break-glass role denied reads or appends cannot follow the runbook.',
    fix: 'Add the principal excepted from the mutation deny (break-glass) to the exceptions of the read and append denies.',
    controls: nist('CP-9', 'AU-9'),
    check: (t, q) => {
      const p = tablePolicy(t, q);
      if (p === undefined) return fail('no aws_dynamodb_resource_policy');
      const correctors = denialsExceptNamed(p.statements, 'dynamodb:UpdateItem', p.arn).flatMap(principalExceptions);
      const lacking = ['dynamodb:PutItem', 'dynamodb:Scan', 'dynamodb:RestoreTableToPointInTime'].flatMap((a) =>
        denialsExceptNamed(p.statements, a, p.arn)
          .filter((s) => correctors.some((c) => !principalExceptions(s).includes(c)))
          .map(() => a),
      );
      return when(lacking.length > 0, `the record correctors are denied ${[...new Set(lacking)].join(', ')}`, p.policy);
    },
  },
  {
    id: 'VAULT-DDB-009',
    title: 'An append-only ledger streams every change with its before and after images',
    severity: 'error',
    resourceTypes: ['aws_dynamodb_table'],
    rationale:
      'IAM cannot force a condition on PutItem: a principal allowed to write (the writer, break-glass, a restore) can overwrite a record. The stream is what turns every change into an alert and a digest entry.',
    fix: 'Set stream_enabled = true and stream_view_type = NEW_AND_OLD_IMAGES on the ledger table (AppendOnlyLedger stream).',
    controls: nist('AU-9', 'AU-10', 'SI-7'),
    check: (t, q) => {
      if (tablePolicy(t, q) === undefined) return ok;
      return when(
        bool(t.config.stream_enabled) !== true || str(t.config.stream_view_type) !== 'NEW_AND_OLD_IMAGES',
        `stream_enabled ${JSON.stringify(t.config.stream_enabled ?? null)}, stream_view_type ${JSON.stringify(t.config.stream_view_type ?? null)}`,
      );
    },
  },
  {
    id: 'VAULT-DDB-010',
    title: "The ledger's stream is read only by named principals, and its policy changed only by named principals",
    severity: 'error',
    resourceTypes: ['aws_dynamodb_table'],
    rationale:
      "A stream carries every record before and after each change, and the table's policy does not cover it: without a policy of its own, any principal allowed dynamodb:GetRecords reads the ledger around the table's read restrictions.",
    fix: 'Attach an aws_dynamodb_resource_policy to the stream denying GetRecords, GetShardIterator and DescribeStream, and PutResourcePolicy/DeleteResourcePolicy, to Principal "*" except named roles.',
    controls: [...nist('AC-3', 'AC-6'), ...awsDocs('DynamoDB-rbac-streams')],
    check: (t, q) => {
      if (bool(t.config.stream_enabled) !== true) return ok;
      const p = tablePolicy(t, q, 'stream_arn');
      if (p === undefined) return fail('the stream has no aws_dynamodb_resource_policy');
      const open = [
        'dynamodb:DescribeStream',
        'dynamodb:GetRecords',
        'dynamodb:GetShardIterator',
        'dynamodb:PutResourcePolicy',
        'dynamodb:DeleteResourcePolicy',
      ].filter((a) => denialsExceptNamed(p.statements, a, p.arn).length === 0);
      return when(open.length > 0, `stream: not denied to all but named principals: ${open.join(', ')}`, p.policy);
    },
  },
];
