/**
 * The verifier's execution role, built from literal inputs: its trust policy and its one inline
 * policy, statement by statement.
 */
import { VerifierRole, type VerifierRoleProps } from '../../modules/verifier/verifier-role';
import { bareStack, readable, readableStatements, synthesized } from '../helpers/construct-synth';
import { resourceAt, type JsonObject, stringAttribute } from '../helpers/synth';

const BUCKET = 'arn:aws:s3:::vault-bucket';
const TABLE = 'arn:aws:dynamodb:eu-west-1:123456789012:table/vault-ledger';
const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const QUEUE = 'arn:aws:sqs:eu-west-1:123456789012:vault-failures';
const INTAKE = 'arn:aws:sqs:eu-west-1:123456789012:vault-intake';
const CALLER_ACCOUNT = { test: 'StringEquals', variable: 'kms:CallerAccount', values: ['<account>'] };

function verifierRole(props: Partial<VerifierRoleProps> = {}): JsonObject {
  const { stack, aws } = bareStack();
  new VerifierRole(stack, 'verifier', {
    aws,
    roleName: 'vault-verifier',
    bucketArn: BUCKET,
    readPrefixes: ['uploads/', 'references/'],
    listPrefix: 'references/',
    listVersionsPrefix: 'uploads/',
    intakeQueueArn: INTAKE,
    ledgerTableArn: TABLE,
    vaultKeyArn: KEY,
    failureQueueArn: QUEUE,
    logGroupName: '/aws/lambda/vault-verifier',
    permissionsBoundaryArn: 'arn:aws:iam::123456789012:policy/vault-boundary',
    ...props,
  });
  return synthesized(stack);
}

describe('verifier role', () => {
  test('trusted by Lambda only', () => {
    const json = verifierRole();
    expect(resourceAt(json, 'aws_iam_role', 'verifier/role')).toMatchObject({
      name: 'vault-verifier',
      description: 'Biometric vault verifier: reads uploads, calls Rekognition, appends ledger records',
      permissions_boundary: 'arn:aws:iam::123456789012:policy/vault-boundary',
    });
    expect(readableStatements(json, 'verifier/trust')).toEqual([
      {
        sid: 'LambdaAssumesRole',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }],
        actions: ['sts:AssumeRole'],
      },
    ]);
  });

  test('reads its prefixes, lists references and upload versions, drains its intake queue, analyses, appends, decrypts via S3 and DynamoDB, fails to its queue, logs and traces', () => {
    const json = verifierRole();
    const policy = resourceAt(json, 'aws_iam_role_policy', 'verifier/policy');
    expect(policy.name).toBe('verifier');
    expect(readable(stringAttribute(policy.role))).toBe('<aws_iam_role.verifier_role.id>');
    expect(readableStatements(json, 'verifier/document')).toEqual([
      {
        sid: 'ReadUploadsAndReferences',
        effect: 'Allow',
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [`${BUCKET}/uploads/*`, `${BUCKET}/references/*`],
      },
      {
        sid: 'ListReferencesOnly',
        effect: 'Allow',
        actions: ['s3:ListBucket'],
        resources: [BUCKET],
        condition: [{ test: 'StringLike', variable: 's3:prefix', values: ['references/*'] }],
      },
      {
        sid: 'ListUploadVersionsOnly',
        effect: 'Allow',
        actions: ['s3:ListBucketVersions'],
        resources: [BUCKET],
        condition: [{ test: 'StringLike', variable: 's3:prefix', values: ['uploads/*'] }],
      },
      {
        sid: 'DrainIntakeQueue',
        effect: 'Allow',
        actions: ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'],
        resources: [INTAKE],
      },
      {
        sid: 'DetectAndCompareFaces',
        effect: 'Allow',
        actions: ['rekognition:CompareFaces', 'rekognition:DetectFaces'],
        resources: ['*'],
      },
      { sid: 'AppendLedgerRecords', effect: 'Allow', actions: ['dynamodb:PutItem'], resources: [TABLE] },
      {
        sid: 'DecryptViaS3AndDynamoDB',
        effect: 'Allow',
        actions: ['kms:Decrypt'],
        resources: [KEY],
        condition: [
          {
            test: 'StringEquals',
            variable: 'kms:ViaService',
            values: ['s3.<region>.<dns-suffix>', 'dynamodb.<region>.<dns-suffix>'],
          },
          CALLER_ACCOUNT,
        ],
      },
      { sid: 'SendToFailureQueue', effect: 'Allow', actions: ['sqs:SendMessage'], resources: [QUEUE] },
      {
        sid: 'EncryptFailureMessagesViaSqs',
        effect: 'Allow',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [KEY],
        condition: [
          { test: 'StringEquals', variable: 'kms:ViaService', values: ['sqs.<region>.<dns-suffix>'] },
          CALLER_ACCOUNT,
        ],
      },
      {
        sid: 'WriteOwnLogs',
        effect: 'Allow',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: ['arn:<partition>:logs:<region>:<account>:log-group:/aws/lambda/vault-verifier:log-stream:*'],
      },
      {
        sid: 'WriteTraces',
        effect: 'Allow',
        actions: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'],
        resources: ['*'],
      },
    ]);
  });

  test('refuses prefixes that are not key prefixes, naming each', () => {
    expect(() => verifierRole({ readPrefixes: ['uploads', 'references/*/'], listPrefix: '*' })).toThrow(
      new Error(
        'VerifierRole verifier: invalid props:\n' +
          '  - readPrefixes[0]: must be a key prefix ending in "/" (received "uploads")\n' +
          '  - readPrefixes[1]: must be a key prefix ending in "/" (received "references/*/")\n' +
          '  - listPrefix: must be a key prefix ending in "/" (received "*")',
      ),
    );
    expect(() => verifierRole({ readPrefixes: [] })).toThrow(
      new Error('VerifierRole verifier: invalid props:\n  - readPrefixes: must name at least one prefix'),
    );
    expect(() => verifierRole({ readPrefixes: ['x/uploads/'] })).toThrow(/readPrefixes\[0\]/);
    expect(() => verifierRole({ listPrefix: 'a/b/' })).toThrow(/listPrefix/);
    expect(() => verifierRole({ readPrefixes: ["a-b_c.d!e'f(g)h/"], listPrefix: 'Z9/' })).not.toThrow();
  });
});
