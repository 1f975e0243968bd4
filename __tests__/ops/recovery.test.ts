// Jest's globals from the package: its asymmetric matchers are typed (the ambient @types/jest ones are `any`).
import { expect } from '@jest/globals';
/**
 * Disaster-recovery procedures that can run here. The ledger diff and merge run against dynalite;
 * point-in-time restore (not implemented by dynalite), S3 versions (not implemented by s3rver) and
 * KMS (no local server) run against aws-sdk-client-mock.
 */
import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  RestoreTableToPointInTimeCommand,
  DescribeTableCommand,
  PutResourcePolicyCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { CancelKeyDeletionCommand, DescribeKeyCommand, EnableKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CopyObjectCommand, DeleteObjectCommand, ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { ENVIRONMENTS } from '../../config/environments';
import { resourceNames } from '../../config/names';
import { ledgerKeySchema } from '../../lambda-src/verifier/ledger-schema';
import { runRecovery, type RecoveryClients } from '../../tools/recovery/cli';
import { planRestore, type ObjectVersion } from '../../tools/recovery/objects';
import { startDynamo, type LocalDynamo } from './helpers/local-servers';

const DEV = ENVIRONMENTS.dev;
const KEY_ARN = 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function v(versionId: string, minutes: number, extra: Partial<ObjectVersion> = {}): ObjectVersion {
  return {
    versionId,
    isLatest: false,
    deleteMarker: false,
    lastModified: new Date(Date.UTC(2026, 0, 1, 0, minutes)),
    ...extra,
  };
}

describe('object version recovery: planning', () => {
  it('undeletes by removing the delete markers above the newest version', () => {
    expect(
      planRestore([
        v('dm2', 9, { deleteMarker: true, isLatest: true }),
        v('dm1', 8, { deleteMarker: true }),
        v('v2', 5),
        v('v1', 1),
      ]),
    ).toEqual({
      kind: 'remove-delete-markers',
      markers: ['dm2', 'dm1'],
      restores: 'v2',
    });
  });

  it('recovers an overwritten object by copying the chosen older version', () => {
    expect(planRestore([v('v3', 9, { isLatest: true }), v('v2', 5), v('v1', 1)], 'v2')).toEqual({
      kind: 'copy-version',
      versionId: 'v2',
    });
  });

  it('does nothing for a current version and refuses unknown versions and delete markers', () => {
    expect(planRestore([v('v1', 1, { isLatest: true })]).kind).toBe('nothing');
    expect(planRestore([v('dm', 2, { deleteMarker: true, isLatest: true })])).toMatchObject({
      kind: 'nothing',
      reason: expect.stringContaining('permanently deleted'),
    });
    expect(() => planRestore([v('v1', 1, { isLatest: true })], 'nope')).toThrow('is not a version of this key');
    expect(() => planRestore([v('dm', 2, { deleteMarker: true, isLatest: true }), v('v1', 1)], 'dm')).toThrow(
      'is a delete marker',
    );
  });
});

function clientsWith(overrides: Partial<RecoveryClients>): () => RecoveryClients {
  return () => ({
    s3: new S3Client({ region: 'eu-west-1' }),
    dynamodb: new DynamoDBClient({ region: 'eu-west-1' }),
    kms: new KMSClient({ region: 'eu-west-1' }),
    ...overrides,
  });
}

describe('object version recovery: commands', () => {
  const bucket = 'biometric-vault-dev-vault-111111111111';
  const key = 'uploads/subject-1/face.jpg';

  function s3WithVersions() {
    const s3 = new S3Client({ region: 'eu-west-1' });
    const m = mockClient(s3);
    m.on(ListObjectVersionsCommand).resolves({
      Versions: [
        { Key: key, VersionId: 'v2', IsLatest: false, LastModified: new Date('2026-01-02T00:00:00Z'), Size: 10 },
        { Key: key, VersionId: 'v1', IsLatest: false, LastModified: new Date('2026-01-01T00:00:00Z'), Size: 9 },
        { Key: `${key}.bak`, VersionId: 'other', IsLatest: true, LastModified: new Date('2026-01-05T00:00:00Z') },
      ],
      DeleteMarkers: [{ Key: key, VersionId: 'dm1', IsLatest: true, LastModified: new Date('2026-01-03T00:00:00Z') }],
    });
    m.on(DeleteObjectCommand).resolves({});
    m.on(CopyObjectCommand).resolves({});
    return { s3, m };
  }

  it('plans without changing anything unless --apply', async () => {
    // Prepare
    const { s3, m } = s3WithVersions();
    // Act
    const lines = await runRecovery(
      ['restore-object', '--env', 'dev', '--bucket', bucket, '--key', key],
      clientsWith({ s3 }),
    );
    // Assess
    expect(lines[0]).toBe(
      `PLAN (add --apply to change anything): s3://${bucket}/${key}: remove delete marker(s) dm1, making version v2 current`,
    );
    expect(m.commandCalls(DeleteObjectCommand)).toHaveLength(0);
  });

  it('undeletes an object by deleting exactly its delete marker', async () => {
    // Prepare
    const { s3, m } = s3WithVersions();
    // Act
    await runRecovery(
      ['restore-object', '--env', 'dev', '--bucket', bucket, '--key', key, '--apply'],
      clientsWith({ s3 }),
    );
    // Assess
    expect(m.commandCalls(DeleteObjectCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: bucket, Key: key, VersionId: 'dm1' },
    ]);
  });

  it('restores an older version as a copy under the VaultKey', async () => {
    // Prepare
    const { s3, m } = s3WithVersions();
    // Act
    await runRecovery(
      [
        'restore-object',
        '--env',
        'dev',
        '--bucket',
        bucket,
        '--key',
        key,
        '--version-id',
        'v1',
        '--kms-key-id',
        KEY_ARN,
        '--apply',
      ],
      clientsWith({ s3 }),
    );
    // Assess
    expect(m.commandCalls(CopyObjectCommand)[0]?.args[0].input).toMatchObject({
      Bucket: bucket,
      Key: key,
      CopySource: `${bucket}/uploads/subject-1/face.jpg?versionId=v1`,
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: KEY_ARN,
    });
  });

  it('restores a stack state file from the versioned state bucket', async () => {
    // Prepare
    const s3 = new S3Client({ region: 'eu-west-1' });
    const m = mockClient(s3);
    const stateKey = 'dev/dev-keys.tfstate';
    m.on(ListObjectVersionsCommand, { Bucket: DEV.stateBucketName, Prefix: stateKey }).resolves({
      Versions: [
        { Key: stateKey, VersionId: 's3', IsLatest: true, LastModified: new Date('2026-01-03T00:00:00Z') },
        { Key: stateKey, VersionId: 's2', IsLatest: false, LastModified: new Date('2026-01-02T00:00:00Z') },
      ],
    });
    m.on(CopyObjectCommand).resolves({});
    // Act
    const lines = await runRecovery(
      ['restore-state', '--env', 'dev', '--stack', 'keys', '--version-id', 's2', '--apply'],
      clientsWith({ s3 }),
    );
    // Assess
    expect(lines[0]).toBe(
      `APPLIED: s3://${DEV.stateBucketName}/${stateKey}: copy version s2 onto the key as a new current version`,
    );
    expect(m.commandCalls(CopyObjectCommand)[0]?.args[0].input).toMatchObject({
      CopySource: `${DEV.stateBucketName}/${stateKey}?versionId=s2`,
      // The state bucket accepts only writes under exactly the state key (dev's configured ARN).
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/00000000-0000-4000-8000-000000000001',
    });
  });

  it('refuses a stack that is not a concern', async () => {
    await expect(runRecovery(['restore-state', '--env', 'dev', '--stack', 'web'], clientsWith({}))).rejects.toThrow(
      '--stack must be one of',
    );
  });
});

describe('ledger recovery', () => {
  let ddb: LocalDynamo;
  const live = resourceNames(DEV).ledgerTable;
  const restored = `${live}-restored-test`;

  /**
   * A ledger record as the verifier writes it: version 1 for odd numbers (written before the analysed
   * bytes were pinned), version 2 for even ones. Readers accept both.
   */
  function record(pk: string, decision: string): Record<string, AttributeValue> {
    const n = Number(pk.slice(-1));
    const common: Record<string, AttributeValue> = {
      pk: { S: pk },
      schemaVersion: { N: n % 2 === 1 ? '1' : '2' },
      subjectId: { S: 's-1' },
      recordedAt: { S: `2026-01-01T00:00:0${n}Z` },
      eventTime: { S: `2026-01-01T00:00:0${n}Z` },
      bucket: { S: 'b' },
      objectKey: { S: 'k' },
      sequencer: { S: `0${n}` },
      sizeBytes: { N: '2048' },
      contentType: { S: 'image/jpeg' },
      detectedFormat: { S: 'jpeg' },
      sseAlgorithm: { S: 'aws:kms' },
      decision: { S: decision },
      reasons: { L: decision === 'AUTHORIZED' ? [] : [{ S: 'NO_MATCH' }] },
      faceConfidenceThreshold: { N: '90' },
      similarityThreshold: { N: '95' },
      detectionOnlyAllowed: { BOOL: false },
      functionVersion: { S: '3' },
      correlationId: { S: `req/${n}` },
    };
    return n % 2 === 1 ? common : { ...common, usableFaceCount: { N: '1' }, rekognitionInput: { S: 'bytes' } };
  }

  beforeAll(async () => {
    ddb = await startDynamo();
    for (const table of [live, restored]) {
      await ddb.client.send(
        new CreateTableCommand({
          TableName: table,
          BillingMode: 'PAY_PER_REQUEST',
          KeySchema: [{ AttributeName: ledgerKeySchema.hashKey, KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: ledgerKeySchema.hashKey, AttributeType: 'S' }],
        }),
      );
    }
    // The restore point held records 1-4 and an item that is no ledger record (6); since then 2 was deleted,
    // 3 altered, 5 written.
    for (const n of [1, 2, 3, 4])
      await ddb.client.send(new PutItemCommand({ TableName: restored, Item: record(`UPLOAD#b/k#${n}`, 'AUTHORIZED') }));
    await ddb.client.send(
      new PutItemCommand({
        TableName: restored,
        Item: { ...record('UPLOAD#b/k#6', 'AUTHORIZED'), schemaVersion: { N: '9' } },
      }),
    );
    for (const [n, d] of [
      [1, 'AUTHORIZED'],
      [3, 'UNAUTHORIZED'],
      [4, 'AUTHORIZED'],
      [5, 'AUTHORIZED'],
    ] as const) {
      await ddb.client.send(new PutItemCommand({ TableName: live, Item: record(`UPLOAD#b/k#${n}`, d) }));
    }
  });

  afterAll(async () => {
    await ddb.close();
  });

  const local = (): (() => RecoveryClients) => clientsWith({ dynamodb: ddb.client });

  it('finds deleted, altered and newer records', async () => {
    // Act
    const lines = await runRecovery(['ledger-diff', '--env', 'dev', '--restored', restored], local());
    // Assess
    expect(lines).toEqual([
      `${restored}: 5 records; ${live}: 4 records`,
      `record versions in ${restored}: 1: 2, 2: 2`,
      'not a ledger record of a known version (never put back): 1',
      '  ! UPLOAD#b/k#6: schemaVersion: not a known record version (1, 2, 3); received {"N":"9"}',
      'missing from the live ledger (deleted since the restore point): 1',
      '  - UPLOAD#b/k#2',
      'altered since the restore point (break-glass review, not changed here): 1',
      '  ~ UPLOAD#b/k#3',
      'written after the restore point: 1',
    ]);
  });

  it('puts back only the missing records, never overwriting, and is idempotent', async () => {
    // Act
    const planned = await runRecovery(['ledger-merge', '--env', 'dev', '--restored', restored], local());
    const applied = await runRecovery(['ledger-merge', '--env', 'dev', '--restored', restored, '--apply'], local());
    const again = await runRecovery(['ledger-diff', '--env', 'dev', '--restored', restored], local());
    // Assess
    expect(planned[planned.length - 1]).toContain('1 missing record(s) would be put back');
    expect(applied[applied.length - 1]).toContain('1 missing record(s) put back');
    expect(again).toContain('missing from the live ledger (deleted since the restore point): 0');
    expect(again).toContain('  ~ UPLOAD#b/k#3');
    // The item of no known version was never put back.
    const six = await ddb.client.send(new GetItemCommand({ TableName: live, Key: { pk: { S: 'UPLOAD#b/k#6' } } }));
    expect(six.Item).toBeUndefined();
  });

  it('restores to a point in time into a new table encrypted with the VaultKey and waits for it', async () => {
    // Prepare (dynalite has no point-in-time recovery)
    const dynamodb = new DynamoDBClient({ region: 'eu-west-1' });
    const dm = mockClient(dynamodb);
    dm.on(RestoreTableToPointInTimeCommand).resolves({
      TableDescription: {
        TableStatus: 'CREATING',
        TableArn: `arn:aws:dynamodb:eu-west-1:111111111111:table/${live}-restored-20260110T120000`,
      },
    });
    dm.on(DescribeTableCommand).resolves({ Table: { TableStatus: 'ACTIVE' } });
    dm.on(PutResourcePolicyCommand).resolves({});
    const kms = new KMSClient({ region: 'eu-west-1' });
    mockClient(kms)
      .on(DescribeKeyCommand)
      .resolves({ KeyMetadata: { KeyId: 'k', Arn: KEY_ARN } });
    const progress: string[] = [];
    // Act
    const lines = await runRecovery(
      ['restore-ledger', '--env', 'dev', '--to', '2026-01-10T11:00:00Z', '--apply'],
      clientsWith({ dynamodb, kms }),
      () => new Date('2026-01-10T12:00:00Z'),
      () => Promise.resolve(),
      (m) => progress.push(m),
    );
    // Assess
    expect(dm.commandCalls(RestoreTableToPointInTimeCommand)[0]?.args[0].input).toEqual({
      SourceTableName: live,
      TargetTableName: `${live}-restored-20260110T120000`,
      RestoreDateTime: new Date('2026-01-10T11:00:00Z'),
      SSESpecificationOverride: { Enabled: true, SSEType: 'KMS', KMSMasterKeyId: KEY_ARN },
      BillingModeOverride: 'PAY_PER_REQUEST',
    });
    expect(lines[0]).toMatch(/^APPLIED: ACTIVE/);
    // Before anything reads or merges the copy, it carries a policy that lets only break-glass near it.
    const copy = `arn:aws:dynamodb:eu-west-1:111111111111:table/${live}-restored-20260110T120000`;
    expect(dm.commandCalls(PutResourcePolicyCommand).map((call) => call.args[0].input)).toEqual([
      { ResourceArn: copy, Policy: expect.any(String) },
    ]);
    const policy = JSON.parse(dm.commandCalls(PutResourcePolicyCommand)[0]?.args[0].input.Policy ?? '{}') as unknown;
    expect(policy).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'OnlyBreakGlassUntilMergedOrReapplied',
          Effect: 'Deny',
          Principal: '*',
          Action: [
            'dynamodb:BatchGetItem',
            'dynamodb:BatchWriteItem',
            'dynamodb:CreateBackup',
            'dynamodb:DeleteItem',
            'dynamodb:DeleteResourcePolicy',
            'dynamodb:DeleteTable',
            'dynamodb:EnableKinesisStreamingDestination',
            'dynamodb:ExportTableToPointInTime',
            'dynamodb:GetItem',
            'dynamodb:PartiQLDelete',
            'dynamodb:PartiQLInsert',
            'dynamodb:PartiQLSelect',
            'dynamodb:PartiQLUpdate',
            'dynamodb:PutItem',
            'dynamodb:PutResourcePolicy',
            'dynamodb:Query',
            'dynamodb:RestoreTableToPointInTime',
            'dynamodb:Scan',
            'dynamodb:UpdateContinuousBackups',
            'dynamodb:UpdateItem',
            'dynamodb:UpdateTable',
            'dynamodb:UpdateTimeToLive',
          ],
          Resource: [copy, `${copy}/index/*`],
          Condition: {
            ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/biometric-vault-break-glass' },
          },
        },
      ],
    });
    expect(lines[1]).toBe(`APPLIED: attached the break-glass-only policy to ${copy}`);
    // The polling is reported as it goes: a real restore takes minutes to hours.
    expect(progress).toEqual([
      `restore into ${live}-restored-20260110T120000 started: CREATING`,
      expect.stringMatching(new RegExp(`^poll 1: ${live}-restored-20260110T120000 is ACTIVE \\(\\d+ s elapsed\\)$`)),
    ]);
  });

  it('plans a restore without restoring or attaching anything', async () => {
    const dynamodb = new DynamoDBClient({ region: 'eu-west-1' });
    const dm = mockClient(dynamodb);
    const kms = new KMSClient({ region: 'eu-west-1' });
    mockClient(kms)
      .on(DescribeKeyCommand)
      .resolves({ KeyMetadata: { KeyId: 'k', Arn: KEY_ARN } });
    const lines = await runRecovery(
      ['restore-ledger', '--env', 'dev'],
      clientsWith({ dynamodb, kms }),
      () => new Date('2026-01-10T12:00:00Z'),
    );
    expect(dm.calls()).toEqual([]);
    expect(lines[1]).toBe(
      `PLAN (add --apply to change anything): would attach the break-glass-only policy to ${live}-restored-20260110T120000 once it is ACTIVE`,
    );
  });

  it('attaches the break-glass-only policy to a table restored by hand (the ledger re-attached under its name)', async () => {
    const dynamodb = new DynamoDBClient({ region: 'eu-west-1' });
    const dm = mockClient(dynamodb);
    const arn = `arn:aws:dynamodb:eu-west-1:111111111111:table/${live}`;
    dm.on(DescribeTableCommand).resolves({ Table: { TableStatus: 'ACTIVE', TableArn: arn } });
    dm.on(PutResourcePolicyCommand).resolves({});
    const planned = await runRecovery(['protect-restored', '--env', 'dev', '--table', live], clientsWith({ dynamodb }));
    expect(dm.commandCalls(PutResourcePolicyCommand)).toHaveLength(0);
    expect(planned).toEqual([
      `PLAN (add --apply to change anything): would attach the break-glass-only policy to ${arn}`,
    ]);
    const applied = await runRecovery(
      ['protect-restored', '--env', 'dev', '--table', live, '--apply'],
      clientsWith({ dynamodb }),
    );
    expect(applied).toEqual([`APPLIED: attached the break-glass-only policy to ${arn}`]);
    expect(dm.commandCalls(PutResourcePolicyCommand)[0]?.args[0].input.ResourceArn).toBe(arn);
  });

  it('reports the records each scan has seen', async () => {
    // Prepare
    const progress: string[] = [];
    // Act
    await runRecovery(['ledger-diff', '--env', 'dev', '--restored', restored], local(), undefined, undefined, (m) =>
      progress.push(m),
    );
    // Assess
    // (the restored table holds 4 records and the item of no known version; the live table 5 records after
    // the merge test above put one back)
    expect(progress.sort()).toEqual([`${restored}: 5 record(s) scanned, done`, `${live}: 5 record(s) scanned, done`]);
  });
});

describe('VaultKey pending deletion', () => {
  function kmsIn(state: 'PendingDeletion' | 'Enabled' | 'PendingImport') {
    const kms = new KMSClient({ region: 'eu-west-1' });
    const m = mockClient(kms);
    m.on(DescribeKeyCommand)
      .resolvesOnce({
        KeyMetadata: {
          KeyId: 'k-1',
          Arn: KEY_ARN,
          KeyState: state,
          ...(state === 'PendingDeletion' ? { DeletionDate: new Date('2026-02-01T00:00:00Z') } : {}),
        },
      })
      .resolves({ KeyMetadata: { KeyId: 'k-1', Arn: KEY_ARN, KeyState: 'Enabled' } });
    m.on(CancelKeyDeletionCommand).resolves({});
    m.on(EnableKeyCommand).resolves({});
    return { kms, m };
  }

  it('cancels the deletion, then enables the key (cancel leaves it disabled)', async () => {
    // Prepare
    const { kms, m } = kmsIn('PendingDeletion');
    // Act
    const lines = await runRecovery(['rescue-key', '--env', 'dev', '--apply'], clientsWith({ kms }));
    // Assess
    expect(m.commandCalls(CancelKeyDeletionCommand)).toHaveLength(1);
    expect(m.commandCalls(EnableKeyCommand)).toHaveLength(1);
    expect(lines).toEqual([
      `${DEV.keyAlias} -> ${KEY_ARN}: PendingDeletion (deletion scheduled for 2026-02-01T00:00:00.000Z)`,
      'APPLIED: CancelKeyDeletion k-1, EnableKey k-1; now Enabled',
    ]);
  });

  it('does nothing to an enabled key and refuses an unrecoverable state', async () => {
    // Act
    const enabled = await runRecovery(
      ['rescue-key', '--env', 'dev', '--apply'],
      clientsWith({ kms: kmsIn('Enabled').kms }),
    );
    // Assess
    expect(enabled[1]).toBe('nothing to do: the key is enabled');
    await expect(
      runRecovery(['rescue-key', '--env', 'dev'], clientsWith({ kms: kmsIn('PendingImport').kms })),
    ).rejects.toThrow('not recoverable by cancel/enable');
  });
});
