import { Testing, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AwsContext } from '../../modules/core/aws-context';
import { AppendOnlyLedger } from '../../modules/ledger/append-only-ledger';
import { ledgerKeySchema } from '../../lambda-src/verifier/ledger-schema';

interface Statement {
  readonly sid?: string;
  readonly condition?: readonly { readonly test: string; readonly variable: string; readonly values: string[] }[];
}

/** The ledger construct on its own: without an erasure role or a stream, it grants neither. */
function synth(erasure: boolean): { ledger: AppendOnlyLedger; statements: Statement[] } {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'ledger-alone');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const aws = new AwsContext(stack, 'context');
  const ledger = new AppendOnlyLedger(stack, 'ledger', {
    aws,
    tableName: 'ledger',
    keySchema: ledgerKeySchema,
    kmsKeyArn: 'arn:aws:kms:eu-west-1:111111111111:key/00000000-0000-4000-8000-000000000001',
    writerRoleArns: ['arn:aws:iam::111111111111:role/writer'],
    readerRoleArns: ['arn:aws:iam::111111111111:role/reader'],
    breakGlassRoleArn: 'arn:aws:iam::111111111111:role/break-glass',
    ...(erasure
      ? {
          erasure: {
            roleArns: ['arn:aws:iam::111111111111:role/eraser'],
            subjectIndexName: 'bySubject',
            recordKeyPrefix: 'ERASURE#',
          },
        }
      : {}),
  });
  const json = JSON.parse(Testing.synth(stack)) as {
    data: { aws_iam_policy_document: Record<string, { statement?: Statement[] }> };
  };
  const statements = Object.values(json.data.aws_iam_policy_document).flatMap((d) => d.statement ?? []);
  return { ledger, statements };
}

describe('AppendOnlyLedger', () => {
  it('without an erasure role or a stream: no erasure exception, no erasure statement, no stream policy', () => {
    const { ledger, statements } = synth(false);
    expect(ledger.streamArn).toBeUndefined();
    expect(ledger.streamPolicy).toBeUndefined();
    expect(statements.map((s) => s.sid).filter((sid) => sid?.includes('Erasure') === true)).toEqual([]);
    const append = statements.find((s) => s.sid === 'DenyAppendExceptWriter');
    expect(append?.condition?.[0]?.values).toEqual([
      'arn:aws:iam::111111111111:role/writer',
      'arn:aws:iam::111111111111:role/break-glass',
    ]);
  });

  it('with an erasure role: it appends only ERASURE# records and reads only through the subject index', () => {
    const { statements } = synth(true);
    expect(statements.flatMap((s) => (s.sid?.includes('Erasure') === true ? [s.sid] : [])).sort()).toEqual([
      'AllowErasureAppend',
      'DenyErasureQueriesOfTheTable',
      'DenyErasureReadsExceptSubjectIndex',
      'DenyErasureRoleOtherRecords',
      'DenyErasureRolePartiQLInserts',
      'DenyWritersErasureRecords',
    ]);
    expect(statements.find((s) => s.sid === 'DenyWritersErasureRecords')?.condition?.[0]?.values).toEqual([
      'arn:aws:iam::111111111111:role/writer',
    ]);
  });
});
