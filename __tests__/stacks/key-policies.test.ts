import { expect } from '@jest/globals';
import { Testing } from 'cdktf';
import { ENVIRONMENTS } from '../../config/environments';
import { KeyAdministrationPolicy } from '../../modules/keys/key-administration-policy';
import { rolesUseKeyVia } from '../../modules/keys/key-policy-statements';
import { VaultStack } from '../../stacks/vault-stack';

/** The key administration statements every customer-managed key's policy starts from. */
interface Statement {
  readonly sid?: string;
  readonly effect?: string;
  readonly resources?: string[];
  readonly principals?: { type: string; identifiers: string[] }[];
  readonly actions?: string[];
  readonly condition?: { test: string; variable: string; values: string[] }[];
}

const ADMIN = 'arn:aws:iam::111111111111:role/alert-admin';
const PLANNER = 'arn:aws:iam::111111111111:role/planner';

function statementsOf(props: { administratorArns: string[]; metadataReaderArns?: string[] }): Statement[] {
  const scope = new VaultStack(Testing.app(), { env: ENVIRONMENTS.dev, concern: 'keys' });
  new KeyAdministrationPolicy(scope, 'administration', { aws: scope.aws, ...props });
  const synthesized = JSON.parse(Testing.synth(scope)) as {
    data: { aws_iam_policy_document: Record<string, { statement: Statement[] }> };
  };
  const documents = Object.entries(synthesized.data.aws_iam_policy_document).filter(([name]) =>
    name.startsWith('administration_document'),
  );
  expect(documents).toHaveLength(1);
  return documents[0]?.[1].statement ?? [];
}

describe('KeyAdministrationPolicy', () => {
  test('refuses a key without administrators, naming the field', () => {
    const scope = new VaultStack(Testing.app(), { env: ENVIRONMENTS.dev, concern: 'keys' });
    expect(() => new KeyAdministrationPolicy(scope, 'nobody', { aws: scope.aws, administratorArns: [] })).toThrow(
      'KeyAdministrationPolicy "nobody": administratorArns must not be empty (received [])',
    );
  });

  test('without metadata readers: root recovery and the administrators, nothing for plan roles', () => {
    const statements = statementsOf({ administratorArns: [ADMIN] });
    expect(statements.map((s) => s.sid)).toEqual(['RootUserRecovery', 'KeyAdministration']);
    expect(statements[1]?.condition).toEqual([{ test: 'ArnEquals', variable: 'aws:PrincipalArn', values: [ADMIN] }]);
  });

  test('metadata readers read the key metadata and policy only, and have no administrative or cryptographic action', () => {
    const statements = statementsOf({ administratorArns: [ADMIN], metadataReaderArns: [PLANNER] });
    const readers = statements.find((s) => s.sid === 'KeyMetadataForPlans');
    expect(readers?.condition).toEqual([{ test: 'ArnEquals', variable: 'aws:PrincipalArn', values: [PLANNER] }]);
    expect([...(readers?.actions ?? [])].sort()).toEqual([
      'kms:DescribeKey',
      'kms:GetKeyPolicy',
      'kms:GetKeyRotationStatus',
      'kms:ListKeyRotations',
      'kms:ListResourceTags',
    ]);
  });
});

describe('rolesUseKeyVia', () => {
  const scope = new VaultStack(Testing.app(), { env: ENVIRONMENTS.dev, concern: 'keys' });
  const reader = 'arn:aws:iam::111111111111:role/break-glass';

  test('names no role: no statement (a principal condition without a value would match nobody)', () => {
    expect(rolesUseKeyVia(scope.aws, 'Readers', undefined, ['kms:Decrypt'], 'sqs')).toEqual([]);
    expect(rolesUseKeyVia(scope.aws, 'Readers', [], ['kms:Decrypt'], 'sqs')).toEqual([]);
  });

  test('the named roles of this account, through the one service of this region, with any further condition', () => {
    const further = { test: 'StringLike', variable: 'kms:EncryptionContext:aws:s3:arn', values: ['arn:aws:s3:::b/*'] };
    const [statement, ...more] = rolesUseKeyVia(scope.aws, 'Readers', [reader], ['kms:Decrypt'], 'sqs', [
      further,
    ]) as Statement[];
    expect(more).toEqual([]);
    expect(statement?.sid).toBe('Readers');
    expect(statement?.effect).toBe('Allow');
    expect(statement?.actions).toEqual(['kms:Decrypt']);
    expect(statement?.resources).toEqual(['*']);
    expect(statement?.principals).toEqual([{ type: 'AWS', identifiers: [scope.aws.rootArn] }]);
    const condition = statement?.condition ?? [];
    expect(condition.map((c) => `${c.test} ${c.variable}`)).toEqual([
      'ArnEquals aws:PrincipalArn',
      'StringEquals kms:ViaService',
      'StringEquals kms:CallerAccount',
      'StringLike kms:EncryptionContext:aws:s3:arn',
    ]);
    expect(condition[0]?.values).toEqual([reader]);
    expect(condition[1]?.values).toEqual([scope.aws.viaService('sqs')]);
    expect(condition[2]?.values).toEqual([scope.aws.accountId]);
    expect(condition[3]).toEqual(further);
  });
});
