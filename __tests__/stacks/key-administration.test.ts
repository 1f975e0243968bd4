import { expect } from '@jest/globals';
import { Testing } from 'cdktf';
import { ENVIRONMENTS } from '../../config/environments';
import { KeyAdministrationPolicy } from '../../modules/keys/key-administration-policy';
import { VaultStack } from '../../stacks/vault-stack';

/** The key administration statements every customer-managed key's policy starts from. */
interface Statement {
  readonly sid?: string;
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
