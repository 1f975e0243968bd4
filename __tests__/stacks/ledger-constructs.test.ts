import { expect } from '@jest/globals';
import { Testing } from 'cdktf';
import { ENVIRONMENTS } from '../../config/environments';
import { ledgerKeySchema } from '../../lambda-src/verifier/ledger-schema';
import { AppendOnlyLedger } from '../../modules/ledger/append-only-ledger';
import { VaultKeyPolicy } from '../../modules/keys/vault-key-policy';
import { VaultStack } from '../../stacks/vault-stack';

/**
 * The ledger's stream and the VaultKey's digest-bucket statements are optional in their constructs:
 * without them nothing may read a stream or the digest bucket's objects; with them only the named roles may.
 */
interface Statement {
  readonly sid?: string;
  readonly effect?: string;
  readonly actions?: string[];
  readonly resources?: string[];
  readonly condition?: { test: string; variable: string; values: string[] }[];
}
interface Synthesized {
  readonly resource: {
    readonly aws_dynamodb_table: Record<string, Record<string, unknown>>;
    readonly aws_dynamodb_resource_policy?: Record<string, { resource_arn: string }>;
  };
  readonly data: { readonly aws_iam_policy_document: Record<string, { statement?: Statement[] }> };
}

const WRITER = 'arn:aws:iam::111111111111:role/writer';
const READER = 'arn:aws:iam::111111111111:role/reader';
const BREAK_GLASS = 'arn:aws:iam::111111111111:role/break-glass';
const CONSUMER = 'arn:aws:iam::111111111111:role/stream-consumer';
const DIGEST_JOB = 'arn:aws:iam::111111111111:role/digest-job';
const AUDITOR = 'arn:aws:iam::111111111111:role/auditor';

function ledger(stream?: { readerRoleArns: string[] }): { synthesized: Synthesized; construct: AppendOnlyLedger } {
  const scope = new VaultStack(Testing.app(), { env: ENVIRONMENTS.dev, concern: 'ledger' });
  const construct = new AppendOnlyLedger(scope, 'ledger', {
    aws: scope.aws,
    tableName: 'ledger-under-test',
    keySchema: ledgerKeySchema,
    kmsKeyArn: 'arn:aws:kms:eu-west-1:111111111111:key/test',
    writerRoleArns: [WRITER],
    readerRoleArns: [READER],
    breakGlassRoleArn: BREAK_GLASS,
    ...(stream !== undefined && { stream }),
  });
  return { synthesized: JSON.parse(Testing.synth(scope)) as Synthesized, construct };
}

function documents(synthesized: Synthesized, prefix: string): Statement[] {
  return Object.entries(synthesized.data.aws_iam_policy_document)
    .filter(([name]) => name.startsWith(prefix))
    .flatMap(([, d]) => d.statement ?? []);
}

describe('AppendOnlyLedger stream', () => {
  test('without a stream: the table streams nothing and has one resource policy, the table’s', () => {
    const { synthesized, construct } = ledger();
    const [table] = Object.values(synthesized.resource.aws_dynamodb_table);
    expect(table?.stream_enabled).toBeUndefined();
    expect(table?.stream_view_type).toBeUndefined();
    expect(construct.streamArn).toBeUndefined();
    expect(construct.streamPolicy).toBeUndefined();
    expect(Object.keys(synthesized.resource.aws_dynamodb_resource_policy ?? {})).toHaveLength(1);
    expect(documents(synthesized, 'ledger_stream-policy-document')).toEqual([]);
  });

  test('with a stream: new and old images, readable only by the consumer and break-glass, policy changed only by break-glass', () => {
    const { synthesized, construct } = ledger({ readerRoleArns: [CONSUMER] });
    const [table] = Object.values(synthesized.resource.aws_dynamodb_table);
    expect(table?.stream_enabled).toBe(true);
    expect(table?.stream_view_type).toBe('NEW_AND_OLD_IMAGES');
    expect(construct.streamArn).toBeDefined();
    expect(construct.streamPolicy).toBeDefined();
    expect(Object.keys(synthesized.resource.aws_dynamodb_resource_policy ?? {})).toHaveLength(2);
    const statements = documents(synthesized, 'ledger_stream-policy-document');
    expect(statements.map((s) => [s.sid, s.effect, s.actions, s.condition])).toEqual([
      [
        'DenyStreamReadsExceptConsumer',
        'Deny',
        ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
        [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [CONSUMER, BREAK_GLASS] }],
      ],
      [
        'DenyStreamPolicyChangesExceptBreakGlass',
        'Deny',
        ['dynamodb:DeleteResourcePolicy', 'dynamodb:PutResourcePolicy'],
        [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [BREAK_GLASS] }],
      ],
    ]);
    // Both statements apply to the stream (the table's `stream_arn`), not to the table.
    const [tableId] = Object.keys(synthesized.resource.aws_dynamodb_table);
    expect(statements.map((s) => s.resources)).toEqual([
      [`\${aws_dynamodb_table.${tableId}.stream_arn}`],
      [`\${aws_dynamodb_table.${tableId}.stream_arn}`],
    ]);
  });
});

function vaultKeyStatements(digestBucket?: { arn: string; writerArns: string[]; readerArns: string[] }): Statement[] {
  const scope = new VaultStack(Testing.app(), { env: ENVIRONMENTS.dev, concern: 'keys' });
  new VaultKeyPolicy(scope, 'vault-key-policy', {
    aws: scope.aws,
    administration: '{}',
    dataUserArns: [WRITER],
    ledgerTableName: 'ledger-under-test',
    ...(digestBucket !== undefined && { digestBucket }),
  });
  return documents(JSON.parse(Testing.synth(scope)) as Synthesized, 'vault-key-policy_data-use');
}

describe('VaultKeyPolicy digest bucket', () => {
  test('without a digest bucket: no role may use the key for digest objects', () => {
    const statements = vaultKeyStatements();
    expect(statements.map((s) => s.sid)).not.toContain('WriteLedgerDigestsViaS3');
    expect(statements.map((s) => s.sid)).not.toContain('ReadLedgerDigestsViaS3');
    expect(
      statements.flatMap((s) => s.condition ?? []).filter((c) => c.variable === 'kms:EncryptionContext:aws:s3:arn'),
    ).toEqual([]);
  });

  test('with a digest bucket: writers make data keys and readers decrypt, through S3, for its objects only', () => {
    const statements = vaultKeyStatements({
      arn: 'arn:aws:s3:::digests-111111111111',
      writerArns: [DIGEST_JOB],
      readerArns: [AUDITOR],
    });
    const bySid = new Map(statements.map((s) => [s.sid, s]));
    const objectsOnly = {
      test: 'ArnLike',
      variable: 'kms:EncryptionContext:aws:s3:arn',
      values: ['arn:aws:s3:::digests-111111111111/*'],
    };
    expect(bySid.get('WriteLedgerDigestsViaS3')?.actions).toEqual(['kms:DescribeKey', 'kms:GenerateDataKey']);
    expect(bySid.get('WriteLedgerDigestsViaS3')?.condition).toEqual(
      expect.arrayContaining([{ test: 'ArnEquals', variable: 'aws:PrincipalArn', values: [DIGEST_JOB] }, objectsOnly]),
    );
    expect(bySid.get('ReadLedgerDigestsViaS3')?.actions).toEqual(['kms:Decrypt', 'kms:DescribeKey']);
    expect(bySid.get('ReadLedgerDigestsViaS3')?.condition).toEqual(
      expect.arrayContaining([{ test: 'ArnEquals', variable: 'aws:PrincipalArn', values: [AUDITOR] }, objectsOnly]),
    );
  });
});
