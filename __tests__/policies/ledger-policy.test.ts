/**
 * The append-only ledger, built from literal inputs: its table settings and its resource policy,
 * statement by statement, with every denied action written out.
 */
import {
  AppendOnlyLedger,
  LEDGER_APPEND_ACTIONS,
  LEDGER_COPY_ACTIONS,
  LEDGER_MUTATING_ACTIONS,
  LEDGER_READ_ACTIONS,
  type AppendOnlyLedgerProps,
} from '../../modules/ledger/append-only-ledger';
import { ledgerWriterArns } from '../../modules/ledger/ledger-writers';
import { ENVIRONMENTS } from '../../config/environments';
import type { AwsContext } from '../../modules/core/aws-context';
import { bareStack, readable, readableStatements, resolved, synthesized } from '../helpers/construct-synth';
import { resourceAt, type JsonObject, stringAttribute } from '../helpers/synth';
import { LEDGER_COPIES, LEDGER_MUTATIONS, LEDGER_READS } from '../helpers/expected-actions';

const role = (name: string): string => `arn:aws:iam::123456789012:role/${name}`;
const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const EVERYONE = [{ type: '*', identifiers: ['*'] }];
/** The table's ARN as the policy names it: built from its name, so it is known in the first plan. */
const TABLE = 'arn:<partition>:dynamodb:<region>:<account>:table/vault-ledger';

function ledger(props: Partial<AppendOnlyLedgerProps> = {}): JsonObject {
  const { stack, aws } = bareStack();
  new AppendOnlyLedger(stack, 'ledger', {
    aws,
    tableName: 'vault-ledger',
    keySchema: {
      hashKey: 'pk',
      attributes: [
        { name: 'pk', type: 'S' },
        { name: 'subjectId', type: 'S' },
      ],
      globalSecondaryIndexes: [{ name: 'bySubject', hashKey: 'subjectId', rangeKey: 'pk', projectionType: 'ALL' }],
    },
    kmsKeyArn: KEY,
    writerRoleArns: [role('verifier'), role('second-writer')],
    readerRoleArns: [role('auditor')],
    breakGlassRoleArn: role('break-glass'),
    ...props,
  });
  return synthesized(stack);
}

describe('append-only ledger', () => {
  test('resource policy: nobody but break-glass mutates, only readers read or copy, only writers (and break-glass) append', () => {
    const json = ledger();
    expect(readableStatements(json, 'ledger/policy-document')).toEqual([
      {
        sid: 'DenyRecordMutationExceptBreakGlass',
        effect: 'Deny',
        principals: EVERYONE,
        actions: LEDGER_MUTATIONS,
        resources: [TABLE],
        condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [role('break-glass')] }],
      },
      {
        sid: 'DenyReadsExceptReaders',
        effect: 'Deny',
        principals: EVERYONE,
        actions: LEDGER_READS,
        resources: [TABLE, `${TABLE}/index/*`],
        condition: [
          { test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [role('auditor'), role('break-glass')] },
        ],
      },
      {
        // Copies the read restrictions would not follow: backups, exports, restores, streams.
        sid: 'DenyCopiesExceptReaders',
        effect: 'Deny',
        principals: EVERYONE,
        actions: LEDGER_COPIES,
        resources: [TABLE],
        condition: [
          { test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [role('auditor'), role('break-glass')] },
        ],
      },
      {
        sid: 'DenyAppendExceptWriter',
        effect: 'Deny',
        principals: EVERYONE,
        actions: ['dynamodb:PartiQLInsert', 'dynamodb:PutItem'],
        resources: [TABLE],
        // Break-glass too: recovery puts back a record lost from the table.
        condition: [
          {
            test: 'ArnNotEquals',
            variable: 'aws:PrincipalArn',
            values: [role('verifier'), role('second-writer'), role('break-glass')],
          },
        ],
      },
      {
        sid: 'AllowWriterAppend',
        effect: 'Allow',
        principals: [{ type: 'AWS', identifiers: ['arn:<partition>:iam::<account>:root'] }],
        actions: ['dynamodb:PutItem'],
        resources: [TABLE],
        condition: [
          { test: 'ArnEquals', variable: 'aws:PrincipalArn', values: [role('verifier'), role('second-writer')] },
        ],
      },
    ]);
    const policy = resourceAt(json, 'aws_dynamodb_resource_policy', 'ledger/resource-policy');
    expect(readable(stringAttribute(policy.resource_arn))).toBe('<aws_dynamodb_table.ledger_table.arn>');
    // DynamoDB's acknowledgement that the policy denies the deployer PutResourcePolicy.
    expect(policy.confirm_remove_self_resource_access).toBe(true);
  });

  test('table: on demand, CMK-encrypted, PITR, deletion protection and prevent_destroy, the given key schema', () => {
    expect(resourceAt(ledger(), 'aws_dynamodb_table', 'ledger/table')).toMatchObject({
      name: 'vault-ledger',
      billing_mode: 'PAY_PER_REQUEST',
      hash_key: 'pk',
      attribute: [
        { name: 'pk', type: 'S' },
        { name: 'subjectId', type: 'S' },
      ],
      global_secondary_index: [{ name: 'bySubject', hash_key: 'subjectId', range_key: 'pk', projection_type: 'ALL' }],
      server_side_encryption: { enabled: true, kms_key_arn: KEY },
      point_in_time_recovery: { enabled: true },
      deletion_protection_enabled: true,
      table_class: 'STANDARD',
      lifecycle: { prevent_destroy: true },
    });
  });

  test('deletion protection off only when asked, and then on both sides', () => {
    expect(resourceAt(ledger({ deletionProtection: false }), 'aws_dynamodb_table', 'ledger/table')).toMatchObject({
      deletion_protection_enabled: false,
      lifecycle: { prevent_destroy: false },
    });
  });
});

describe('exported action lists', () => {
  test('are exactly the lists written out here', () => {
    expect([LEDGER_MUTATING_ACTIONS, LEDGER_READ_ACTIONS, LEDGER_COPY_ACTIONS, LEDGER_APPEND_ACTIONS]).toEqual([
      LEDGER_MUTATIONS,
      LEDGER_READS,
      LEDGER_COPIES,
      ['dynamodb:PartiQLInsert', 'dynamodb:PutItem'],
    ]);
  });
});

describe('ledger writers', () => {
  const VERIFIER = 'arn:<partition>:iam::<account>:role/biometric-vault-dev-verifier';

  function writers(configured?: (aws: AwsContext) => string): string[] {
    const { stack, aws } = bareStack();
    const env = { ...ENVIRONMENTS.dev, ...(configured === undefined ? {} : { ledgerWriterRoleArn: configured(aws) }) };
    return (resolved(stack, ledgerWriterArns(env, aws)) as string[]).map(readable);
  }

  test('the verifier, plus the configured writer when it is another role', () => {
    expect(writers()).toEqual([VERIFIER]);
    // Unresolved too, strictly: no undefined slot (toEqual would ignore it) that synthesis would drop silently.
    const { aws } = bareStack();
    expect(ledgerWriterArns({ ...ENVIRONMENTS.dev }, aws)).toStrictEqual([aws.roleArn('biometric-vault-dev-verifier')]);
    expect(writers(() => role('importer'))).toEqual([VERIFIER, role('importer')]);
    // Configured as the verifier itself: listed once.
    expect(writers((aws) => aws.roleArn('biometric-vault-dev-verifier'))).toEqual([VERIFIER]);
  });
});
