/**
 * The key policies and the key itself, built from literal inputs and compared with the policy a
 * reviewer expects, statement by statement: every action, principal and condition is written out
 * here, none is taken from the constants the policies are built from.
 */
import { expect } from '@jest/globals';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { CustomerManagedKey, type CustomerManagedKeyProps } from '../../modules/core/customer-managed-key';
import { AuditKeyPolicy, type AuditKeyPolicyProps } from '../../modules/keys/audit-key-policy';
import { environmentRoles } from '../../modules/keys/environment-roles';
import { KeyAdministrationPolicy } from '../../modules/keys/key-administration-policy';
import { rolesUseKeyVia } from '../../modules/keys/key-policy-statements';
import { VaultKeyPolicy, type VaultKeyPolicyProps } from '../../modules/keys/vault-key-policy';
import { ENVIRONMENTS } from '../../config/environments';
import { bareStack, readableStatements, synthesized, type BareStack } from '../helpers/construct-synth';
import { resourceAt, type Statement } from '../helpers/synth';
import {
  KEY_ADMINISTRATION,
  KEY_MATERIAL,
  KEY_METADATA,
  KEY_RECOVERY,
  LOG_GROUP_ENCRYPTION,
} from '../helpers/expected-actions';

const role = (name: string): string => `arn:aws:iam::123456789012:role/${name}`;
const ROOT = [{ type: 'AWS', identifiers: ['arn:<partition>:iam::<account>:root'] }];
const principalArn = (...names: string[]) => ({
  test: 'ArnEquals',
  variable: 'aws:PrincipalArn',
  values: names.map(role),
});
const viaService = (...services: string[]) => ({
  test: 'StringEquals',
  variable: 'kms:ViaService',
  values: services.map((s) => `${s}.<region>.<dns-suffix>`),
});
const CALLER_ACCOUNT = { test: 'StringEquals', variable: 'kms:CallerAccount', values: ['<account>'] };
const SOURCE_ACCOUNT = { test: 'StringEquals', variable: 'aws:SourceAccount', values: ['<account>'] };

/** The administration statements every key policy starts with. */
function administration(admins: string[], planners: string[]): Statement[] {
  return [
    {
      sid: 'RootUserRecovery',
      effect: 'Allow',
      principals: ROOT,
      actions: KEY_RECOVERY,
      resources: ['*'],
      condition: [{ test: 'StringEquals', variable: 'aws:PrincipalType', values: ['Account'] }],
    },
    {
      sid: 'KeyAdministration',
      effect: 'Allow',
      principals: ROOT,
      actions: KEY_ADMINISTRATION,
      resources: ['*'],
      condition: [principalArn(...admins)],
    },
    ...(planners.length === 0
      ? []
      : [
          {
            sid: 'KeyMetadataForPlans',
            effect: 'Allow',
            principals: ROOT,
            actions: KEY_METADATA,
            resources: ['*'],
            condition: [principalArn(...planners)],
          },
        ]),
  ];
}

const TABLE_CONTEXT = 'kms:EncryptionContext:aws:dynamodb:tableName';
/** Only the ledger: every DynamoDB call under the key names its table. */
const THE_LEDGER = { test: 'StringEquals', variable: TABLE_CONTEXT, values: ['vault-ledger'] };
/** The ledger, or a copy restored under a name derived from it. */
const LEDGER_OR_COPIES = { test: 'StringLike', variable: TABLE_CONTEXT, values: ['vault-ledger', 'vault-ledger-*'] };
/** The cryptographic calls DynamoDB makes for a table under a customer-managed key. */
const TABLE_CRYPTO = [
  'kms:Decrypt',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
];
const objectsUnder = (prefix: string) => ({
  test: 'StringLike',
  variable: 'kms:EncryptionContext:aws:s3:arn',
  values: [`arn:aws:s3:::vault/${prefix}/*`],
});

function vaultKeyPolicy(
  props: Omit<VaultKeyPolicyProps, 'aws' | 'administration' | 'ledgerTableName'>,
  planners: string[] = [],
) {
  const { stack, aws } = bareStack();
  const admin = new KeyAdministrationPolicy(stack, 'administration', {
    aws,
    administratorArns: [role('key-admin')],
    metadataReaderArns: planners.map(role),
  });
  new VaultKeyPolicy(stack, 'vault', {
    aws,
    administration: admin.document.json,
    ledgerTableName: 'vault-ledger',
    ...props,
  });
  return readableStatements(synthesized(stack), 'vault/document');
}

function auditKeyPolicy(props: Omit<AuditKeyPolicyProps, 'aws' | 'administration'>) {
  const { stack, aws } = bareStack();
  const admin = new KeyAdministrationPolicy(stack, 'administration', { aws, administratorArns: [role('key-admin')] });
  new AuditKeyPolicy(stack, 'audit', { aws, administration: admin.document.json, ...props });
  return readableStatements(synthesized(stack), 'audit/document');
}

describe('key administration statements', () => {
  test('the root user only repairs; administrators manage but never use key material; plan roles only read metadata', () => {
    const statements = vaultKeyPolicy({ dataUserArns: [role('verifier')] }, ['plan']).slice(0, 3);
    expect(statements).toEqual(administration(['key-admin'], ['plan']));
    for (const s of statements)
      expect([s.sid, s.actions?.filter((a) => KEY_MATERIAL.includes(a))]).toEqual([s.sid, []]);
  });

  test('no plan role, no metadata statement', () => {
    expect(vaultKeyPolicy({ dataUserArns: [role('verifier')] }).map((s) => s.sid)).toEqual([
      'RootUserRecovery',
      'KeyAdministration',
      'DataUseViaS3',
      'LedgerUseViaDynamoDB',
      'DynamoDBDescribesKey',
    ]);
  });

  test('a key without administrators is refused', () => {
    const { stack, aws } = bareStack();
    expect(() => new KeyAdministrationPolicy(stack, 'administration', { aws, administratorArns: [] })).toThrow(
      new Error('KeyAdministrationPolicy "administration": administratorArns must not be empty (received [])'),
    );
  });
});

describe('VaultKey policy', () => {
  test('every duty in its own statement, through one service of this account, with the narrowest actions', () => {
    const statements = vaultKeyPolicy(
      {
        dataUserArns: [role('verifier')],
        s3Writers: [
          { sid: 'PutUploadsViaS3', arns: [role('uploader')], objects: ['arn:aws:s3:::vault/uploads/*'] },
          { sid: 'PutReferencesViaS3', arns: [role('enroller')], objects: ['arn:aws:s3:::vault/references/*'] },
        ],
        s3RestorerArns: [role('break-glass')],
        ledgerReaderArns: [role('auditor'), role('break-glass')],
        s3ScannerArns: [role('malware-scan')],
        deployerArns: [role('deployer')],
        functionEnvironmentReaderArns: [role('plan')],
        functionNames: ['vault-verifier'],
        restorerArns: [role('break-glass')],
        queueUserArns: [role('verifier')],
        queueReaderArns: [role('break-glass')],
        logGroupNames: ['/aws/lambda/vault-verifier'],
      },
      ['plan'],
    );
    expect(statements).toEqual([
      ...administration(['key-admin'], ['plan']),
      {
        sid: 'DataUseViaS3',
        effect: 'Allow',
        principals: ROOT,
        actions: ['kms:Decrypt', 'kms:DescribeKey'],
        resources: ['*'],
        condition: [principalArn('verifier'), viaService('s3'), CALLER_ACCOUNT],
      },
      {
        // Ledger records only: DynamoDB names the table in the encryption context of every call.
        sid: 'LedgerUseViaDynamoDB',
        effect: 'Allow',
        principals: ROOT,
        actions: ['kms:Decrypt'],
        resources: ['*'],
        condition: [principalArn('verifier'), viaService('dynamodb'), CALLER_ACCOUNT, THE_LEDGER],
      },
      {
        // Uploaders put under their own prefix, never read back: no kms:Decrypt, no kms:DescribeKey.
        sid: 'PutUploadsViaS3',
        effect: 'Allow',
        principals: ROOT,
        actions: ['kms:GenerateDataKey'],
        resources: ['*'],
        condition: [principalArn('uploader'), viaService('s3'), CALLER_ACCOUNT, objectsUnder('uploads')],
      },
      {
        sid: 'PutReferencesViaS3',
        effect: 'Allow',
        principals: ROOT,
        actions: ['kms:GenerateDataKey'],
        resources: ['*'],
        condition: [principalArn('enroller'), viaService('s3'), CALLER_ACCOUNT, objectsUnder('references')],
      },
      {
        sid: 'RestoreObjectsViaS3',
        effect: 'Allow',
        principals: ROOT,
        actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey'],
        resources: ['*'],
        condition: [principalArn('break-glass'), viaService('s3'), CALLER_ACCOUNT],
      },
      {
        sid: 'ReadLedgerViaDynamoDB',
        effect: 'Allow',
        principals: ROOT,
        actions: ['kms:Decrypt'],
        resources: ['*'],
        condition: [principalArn('auditor', 'break-glass'), viaService('dynamodb'), CALLER_ACCOUNT, LEDGER_OR_COPIES],
      },
      {
        sid: 'ScanObjectsViaS3',
        effect: 'Allow',
        principals: ROOT,
        actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey'],
        resources: ['*'],
        condition: [principalArn('malware-scan'), viaService('s3'), CALLER_ACCOUNT],
      },
      {
        sid: 'QueueUseViaSqs',
        effect: 'Allow',
        principals: ROOT,
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        condition: [principalArn('verifier'), viaService('sqs'), CALLER_ACCOUNT],
      },
      {
        sid: 'QueueReadViaSqs',
        effect: 'Allow',
        principals: ROOT,
        actions: ['kms:Decrypt', 'kms:DescribeKey'],
        resources: ['*'],
        condition: [principalArn('break-glass'), viaService('sqs'), CALLER_ACCOUNT],
      },
      {
        sid: 'DynamoDBDescribesKey',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['dynamodb.amazonaws.com'] }],
        actions: ['kms:DescribeKey'],
        resources: ['*'],
        condition: [SOURCE_ACCOUNT],
      },
      {
        // Creating or restoring a CMK-encrypted table: DynamoDB's grant for itself and the key's metadata.
        sid: 'CreateTablesViaDynamoDB',
        effect: 'Allow',
        principals: ROOT,
        actions: ['kms:CreateGrant', 'kms:DescribeKey'],
        resources: ['*'],
        condition: [principalArn('deployer', 'break-glass'), viaService('dynamodb'), CALLER_ACCOUNT],
      },
      {
        sid: 'DeployLedgerViaDynamoDB',
        effect: 'Allow',
        principals: ROOT,
        actions: TABLE_CRYPTO,
        resources: ['*'],
        condition: [principalArn('deployer'), viaService('dynamodb'), CALLER_ACCOUNT, THE_LEDGER],
      },
      {
        sid: 'RestoreLedgerViaDynamoDB',
        effect: 'Allow',
        principals: ROOT,
        actions: TABLE_CRYPTO,
        resources: ['*'],
        condition: [principalArn('break-glass'), viaService('dynamodb'), CALLER_ACCOUNT, LEDGER_OR_COPIES],
      },
      {
        sid: 'DeployFunctionEnvironmentViaLambda',
        effect: 'Allow',
        principals: ROOT,
        actions: ['kms:CreateGrant', 'kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt'],
        resources: ['*'],
        condition: [principalArn('deployer'), viaService('lambda'), CALLER_ACCOUNT],
      },
      {
        sid: 'ReadFunctionEnvironmentViaLambda',
        effect: 'Allow',
        principals: ROOT,
        actions: ['kms:Decrypt'],
        resources: ['*'],
        condition: [
          principalArn('plan'),
          viaService('lambda'),
          CALLER_ACCOUNT,
          { test: 'StringEquals', variable: 'kms:EncryptionContext:LambdaFunctionName', values: ['vault-verifier'] },
        ],
      },
      {
        sid: 'CloudWatchLogsForNamedLogGroups',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['logs.<region>.<dns-suffix>'] }],
        actions: LOG_GROUP_ENCRYPTION,
        resources: ['*'],
        condition: [
          {
            test: 'ArnEquals',
            variable: 'kms:EncryptionContext:aws:logs:arn',
            values: ['arn:<partition>:logs:<region>:<account>:log-group:/aws/lambda/vault-verifier'],
          },
        ],
      },
    ]);
  });

  test('a duty with no role gets no statement (empty lists included)', () => {
    const sids = vaultKeyPolicy({
      dataUserArns: [role('verifier')],
      s3Writers: [{ sid: 'PutNothingViaS3', arns: [], objects: ['arn:aws:s3:::vault/x/*'] }],
      s3RestorerArns: [],
      ledgerReaderArns: [],
      s3ScannerArns: [],
      deployerArns: [],
      restorerArns: [],
      functionEnvironmentReaderArns: [],
      functionNames: ['vault-verifier'],
      queueUserArns: [],
      queueReaderArns: [],
      logGroupNames: [],
    }).map((s) => s.sid);
    expect(sids).toEqual([
      'RootUserRecovery',
      'KeyAdministration',
      'DataUseViaS3',
      'LedgerUseViaDynamoDB',
      'DynamoDBDescribesKey',
    ]);
  });

  test('restorers alone still get the DynamoDB deployment statement; environment readers need the function name', () => {
    const statements = vaultKeyPolicy({
      dataUserArns: [role('verifier')],
      restorerArns: [role('break-glass')],
      functionEnvironmentReaderArns: [role('plan')],
    });
    expect(statements.map((s) => s.sid)).toEqual([
      'RootUserRecovery',
      'KeyAdministration',
      'DataUseViaS3',
      'LedgerUseViaDynamoDB',
      'DynamoDBDescribesKey',
      'CreateTablesViaDynamoDB',
      'RestoreLedgerViaDynamoDB',
    ]);
    expect(statements.at(-2)?.condition?.[0]).toEqual(principalArn('break-glass'));
    expect(statements.at(-1)?.condition?.[0]).toEqual(principalArn('break-glass'));
  });

  test('the function name without environment readers grants nothing, and no duty at all makes no document', () => {
    const { stack, aws } = bareStack();
    const admin = new KeyAdministrationPolicy(stack, 'administration', { aws, administratorArns: [role('key-admin')] });
    const policy = new VaultKeyPolicy(stack, 'vault', {
      aws,
      administration: admin.document.json,
      dataUserArns: [role('verifier')],
      ledgerTableName: 'vault-ledger',
      functionNames: ['vault-verifier'],
    });
    expect(policy.deployment).toBeUndefined();
    expect(policy.serviceUse).toBeUndefined();
    expect(readableStatements(synthesized(stack), 'vault/document').map((s) => s.sid)).toEqual([
      'RootUserRecovery',
      'KeyAdministration',
      'DataUseViaS3',
      'LedgerUseViaDynamoDB',
      'DynamoDBDescribesKey',
    ]);
  });

  test('environment readers and the function name alone make the deployment document', () => {
    const sids = vaultKeyPolicy({
      dataUserArns: [role('verifier')],
      functionEnvironmentReaderArns: [role('plan')],
      functionNames: ['vault-verifier'],
    }).map((s) => s.sid);
    expect(sids).toEqual([
      'RootUserRecovery',
      'KeyAdministration',
      'DataUseViaS3',
      'LedgerUseViaDynamoDB',
      'DynamoDBDescribesKey',
      'ReadFunctionEnvironmentViaLambda',
    ]);
  });
  test('a service sends to the named encrypted queues only, one statement per service; a service naming no queue gets none', () => {
    const statements = vaultKeyPolicy({
      dataUserArns: [role('verifier')],
      queueServicePublishers: [
        { service: 'events.amazonaws.com', queueNames: [] },
        { service: 's3.amazonaws.com', queueNames: ['vault-verifier-intake', 'vault-verifier-intake-2'] },
        { service: 'sns.amazonaws.com', queueNames: ['vault-fanout'] },
      ],
    });
    expect(statements.slice(5)).toEqual([
      {
        sid: 'ServicePublishesToNamedQueues0',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['s3.amazonaws.com'] }],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        condition: [
          {
            test: 'StringEquals',
            variable: 'kms:EncryptionContext:aws:sqs:arn',
            values: [
              'arn:<partition>:sqs:<region>:<account>:vault-verifier-intake',
              'arn:<partition>:sqs:<region>:<account>:vault-verifier-intake-2',
            ],
          },
        ],
      },
      {
        sid: 'ServicePublishesToNamedQueues1',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['sns.amazonaws.com'] }],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        condition: [
          {
            test: 'StringEquals',
            variable: 'kms:EncryptionContext:aws:sqs:arn',
            values: ['arn:<partition>:sqs:<region>:<account>:vault-fanout'],
          },
        ],
      },
    ]);
    expect(statements.slice(0, 5).map((s) => s.sid)).toEqual([
      'RootUserRecovery',
      'KeyAdministration',
      'DataUseViaS3',
      'LedgerUseViaDynamoDB',
      'DynamoDBDescribesKey',
    ]);

    const { stack, aws } = bareStack();
    const admin = new KeyAdministrationPolicy(stack, 'administration', { aws, administratorArns: [role('key-admin')] });
    const none = new VaultKeyPolicy(stack, 'vault', {
      aws,
      administration: admin.document.json,
      dataUserArns: [role('verifier')],
      ledgerTableName: 'vault-ledger',
      queueServicePublishers: [{ service: 's3.amazonaws.com', queueNames: [] }],
    });
    expect(none.serviceUse).toBeUndefined();
  });
});

describe('audit key policy', () => {
  const CLOUDTRAIL = [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }];
  const TRAIL = 'arn:<partition>:cloudtrail:<region>:<account>:trail/vault-trail';

  test('CloudTrail for this trail only, logs for the named group, alarms for the watch topic (never EventBridge), readers via S3', () => {
    const statements = auditKeyPolicy({
      trailName: 'vault-trail',
      logGroupNames: ['vault-trail-events'],
      readerArns: [role('break-glass'), role('auditor')],
      watchTopicName: 'vault-alert-path-watch',
      trailBucketName: 'vault-trail-bucket',
    });
    expect(statements).toEqual([
      ...administration(['key-admin'], []),
      {
        sid: 'CloudTrailEncryptLogsOfThisTrail',
        effect: 'Allow',
        principals: CLOUDTRAIL,
        actions: ['kms:GenerateDataKey'],
        resources: ['*'],
        condition: [
          {
            test: 'StringLike',
            variable: 'kms:EncryptionContext:aws:cloudtrail:arn',
            values: ['arn:<partition>:cloudtrail:*:<account>:trail/vault-trail'],
          },
          { test: 'StringEquals', variable: 'aws:SourceArn', values: [TRAIL] },
        ],
      },
      {
        sid: 'CloudTrailObjectsUnderBucketDefaultEncryption',
        effect: 'Allow',
        principals: CLOUDTRAIL,
        actions: ['kms:GenerateDataKey'],
        resources: ['*'],
        condition: [
          { test: 'StringEquals', variable: 'aws:SourceArn', values: [TRAIL] },
          viaService('s3'),
          {
            test: 'ArnLike',
            variable: 'kms:EncryptionContext:aws:s3:arn',
            values: ['arn:<partition>:s3:::vault-trail-bucket/cloudtrail/AWSLogs/<account>/*'],
          },
        ],
      },
      {
        sid: 'CloudTrailDescribeKey',
        effect: 'Allow',
        principals: CLOUDTRAIL,
        actions: ['kms:DescribeKey'],
        resources: ['*'],
        condition: [{ test: 'StringEquals', variable: 'aws:SourceArn', values: [TRAIL] }],
      },
      {
        sid: 'CloudWatchLogsForAuditLogGroups',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['logs.<region>.<dns-suffix>'] }],
        actions: LOG_GROUP_ENCRYPTION,
        resources: ['*'],
        condition: [
          {
            test: 'ArnEquals',
            variable: 'kms:EncryptionContext:aws:logs:arn',
            values: ['arn:<partition>:logs:<region>:<account>:log-group:vault-trail-events'],
          },
        ],
      },
      {
        sid: 'AlarmsPublishToWatchTopic',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        condition: [SOURCE_ACCOUNT],
      },
      {
        sid: 'GuardDutyExportsFindings',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['guardduty.amazonaws.com'] }],
        actions: ['kms:GenerateDataKey'],
        resources: ['*'],
        condition: [
          SOURCE_ACCOUNT,
          {
            test: 'ArnLike',
            variable: 'aws:SourceArn',
            values: ['arn:<partition>:guardduty:<region>:<account>:detector/*'],
          },
        ],
      },
      {
        sid: 'AuditReadersViaS3',
        effect: 'Allow',
        principals: ROOT,
        actions: ['kms:Decrypt', 'kms:DescribeKey'],
        resources: ['*'],
        condition: [principalArn('break-glass', 'auditor'), viaService('s3'), CALLER_ACCOUNT],
      },
    ]);
  });

  test('without the optional names: no bucket-default statement, no publisher at all', () => {
    const statements = auditKeyPolicy({
      trailName: 'vault-trail',
      logGroupNames: ['vault-trail-events'],
      readerArns: [role('auditor')],
    });
    expect(statements.map((s) => s.sid)).toEqual([
      'RootUserRecovery',
      'KeyAdministration',
      'CloudTrailEncryptLogsOfThisTrail',
      'CloudTrailDescribeKey',
      'CloudWatchLogsForAuditLogGroups',
      'GuardDutyExportsFindings',
      'AuditReadersViaS3',
    ]);
  });

  test("the trail's key prefix bounds S3's use of the key", () => {
    const statements = auditKeyPolicy({
      trailName: 'vault-trail',
      logGroupNames: ['vault-trail-events'],
      readerArns: [role('auditor')],
      trailBucketName: 'vault-trail-bucket',
      trailKeyPrefix: 'trail-files',
    });
    const s = statements.find((x) => x.sid === 'CloudTrailObjectsUnderBucketDefaultEncryption');
    expect(s?.condition?.[2]?.values).toEqual([
      'arn:<partition>:s3:::vault-trail-bucket/trail-files/AWSLogs/<account>/*',
    ]);
  });
});

describe('rolesUseKeyVia', () => {
  test('names no role: no statement (a principal condition without a value would match nobody)', () => {
    const { aws } = bareStack();
    expect(rolesUseKeyVia(aws, 'Readers', undefined, ['kms:Decrypt'], 'sqs')).toEqual([]);
    expect(rolesUseKeyVia(aws, 'Readers', [], ['kms:Decrypt'], 'sqs')).toEqual([]);
  });

  test('the named roles of this account, through the one service of this region, with any further condition', () => {
    const { stack, aws } = bareStack();
    const further = { test: 'StringLike', variable: 'kms:EncryptionContext:aws:s3:arn', values: ['arn:aws:s3:::b/*'] };
    new DataAwsIamPolicyDocument(stack, 'via', {
      statement: rolesUseKeyVia(aws, 'Readers', [role('break-glass')], ['kms:Decrypt'], 'sqs', [further]),
    });
    expect(readableStatements(synthesized(stack), 'via')).toEqual([
      {
        sid: 'Readers',
        effect: 'Allow',
        principals: ROOT,
        actions: ['kms:Decrypt'],
        resources: ['*'],
        condition: [principalArn('break-glass'), viaService('sqs'), CALLER_ACCOUNT, further],
      },
    ]);
  });
});

describe('customer-managed key', () => {
  function key(props: Partial<CustomerManagedKeyProps> = {}): { unit: BareStack; build: () => CustomerManagedKey } {
    const unit = bareStack();
    return {
      unit,
      build: () =>
        new CustomerManagedKey(unit.stack, 'k', {
          description: 'test key',
          alias: 'alias/vault-test',
          policy: '{}',
          ...props,
        }),
    };
  }

  test('symmetric, rotating every 365 days, 30-day deletion window, lockout check on, prevent_destroy', () => {
    const { unit, build } = key();
    build();
    const json = synthesized(unit.stack);
    expect(resourceAt(json, 'aws_kms_key', 'k/key')).toMatchObject({
      description: 'test key',
      key_usage: 'ENCRYPT_DECRYPT',
      customer_master_key_spec: 'SYMMETRIC_DEFAULT',
      is_enabled: true,
      enable_key_rotation: true,
      rotation_period_in_days: 365,
      deletion_window_in_days: 30,
      multi_region: false,
      bypass_policy_lockout_safety_check: false,
      policy: '{}',
      lifecycle: { prevent_destroy: true },
    });
    expect(resourceAt(json, 'aws_kms_alias', 'k/alias')).toMatchObject({ name: 'alias/vault-test' });
    expect(resourceAt(json, 'aws_kms_alias', 'k/alias').target_key_id).toMatch(
      /^\$\{aws_kms_key\.k_key_[A-F0-9]+\.key_id\}$/,
    );
  });

  test.each([
    [90, 7],
    [2560, 30],
  ])('rotation %i days and a %i-day window are accepted at the limits', (rotation, window) => {
    const { unit, build } = key({
      rotationPeriodInDays: rotation,
      deletionWindowInDays: window,
      preventDestroy: false,
    });
    build();
    expect(resourceAt(synthesized(unit.stack), 'aws_kms_key', 'k/key')).toMatchObject({
      enable_key_rotation: true,
      rotation_period_in_days: rotation,
      deletion_window_in_days: window,
      lifecycle: { prevent_destroy: false },
    });
  });

  test('refuses a rotation period, deletion window or alias out of range, naming every problem', () => {
    expect(() => key({ rotationPeriodInDays: 89, deletionWindowInDays: 6, alias: 'alias/aws/s3' }).build()).toThrow(
      new Error(
        'CustomerManagedKey "k": deletionWindowInDays: must be an integer from 7 to 30 (received 6); rotationPeriodInDays: must be an integer from 90 to 2560 (received 89); alias: must be "alias/<name>" outside "alias/aws/" (received "alias/aws/s3")',
      ),
    );
    expect(() => key({ rotationPeriodInDays: 2561, deletionWindowInDays: 31 }).build()).toThrow(
      /deletionWindowInDays: .* \(received 31\); rotationPeriodInDays: .* \(received 2561\)$/,
    );
    expect(() => key({ rotationPeriodInDays: 365.5 }).build()).toThrow(/\(received 365\.5\)$/);
    expect(() => key({ deletionWindowInDays: 7.5 }).build()).toThrow(/\(received 7\.5\)$/);
    expect(() => key({ alias: 'vault-test' }).build()).toThrow(/alias: .*\(received "vault-test"\)$/);
    expect(() => key({ alias: 'alias/vault test' }).build()).toThrow(/alias: /);
    expect(() => key({ alias: 'alias/' }).build()).toThrow(/alias: /);
    expect(() => key({ alias: 'xalias/vault' }).build()).toThrow(/alias: /);
  });

  test("with an expected ARN, plan and apply fail unless the key's ARN is exactly that ARN; without one, no check", () => {
    const { unit, build } = key({
      expectedArn: {
        arn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        errorMessage: 'The state key is not the key the backend names.',
      },
    });
    build();
    expect(resourceAt(synthesized(unit.stack), 'aws_kms_key', 'k/key').lifecycle).toEqual({
      prevent_destroy: true,
      postcondition: [
        {
          condition: '${self.arn == "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"}',
          error_message: 'The state key is not the key the backend names.',
        },
      ],
    });
    const plain = key();
    plain.build();
    expect(resourceAt(synthesized(plain.unit.stack), 'aws_kms_key', 'k/key').lifecycle).toEqual({
      prevent_destroy: true,
    });
  });
});

describe('environment roles', () => {
  test('every duty is the named roles config gives it, never the role running Terraform', () => {
    const env = {
      ...ENVIRONMENTS.dev,
      keyAdministratorRoleArns: [role('key-admin')],
      deployerRoleArns: [role('deployer')],
      planRoleArns: [role('plan')],
      signerRoleArns: [role('signer')],
      auditorRoleArns: [role('auditor')],
      dataAccess: {
        uploaderRoleArns: [role('uploader')],
        enrollerRoleArns: [role('enroller')],
        ledgerReaderRoleArns: [role('ledger-reader')],
        verificationRoleArns: [role('verification')],
        erasureOperatorRoleArns: [role('privacy-officer')],
      },
    };
    expect(environmentRoles(env)).toEqual({
      administrators: [role('key-admin')],
      deployers: [role('deployer')],
      planReaders: [role('plan')],
      signers: [role('signer')],
      uploaders: [role('uploader')],
      enrollers: [role('enroller')],
      erasureOperators: [role('privacy-officer')],
      ledgerReaders: [role('ledger-reader')],
      verifiers: [role('verification')],
      auditors: [role('auditor')],
    });
  });
});
