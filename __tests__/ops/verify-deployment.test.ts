/**
 * Deployment checks without AWS. KMS, CloudTrail, GuardDuty have no local server: aws-sdk-client-mock.
 * S3 SSE-KMS and bucket policies are not implemented by s3rver: mocked for that check only. The
 * end-to-end probe runs against s3rver (objects, cleanup) and dynalite (ledger table and GSI).
 */
import {
  CloudTrailClient,
  GetTrailCommand,
  GetTrailStatusCommand,
  ListPublicKeysCommand,
} from '@aws-sdk/client-cloudtrail';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  GetDetectorCommand,
  GetMalwareProtectionPlanCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  ListMalwareProtectionPlansCommand,
} from '@aws-sdk/client-guardduty';
import { DescribeKeyCommand, GetKeyPolicyCommand, GetKeyRotationStatusCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  GetBucketLifecycleConfigurationCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { ENVIRONMENTS } from '../../config/environments';
import { resourceNames } from '../../config/names';
import type { EnvironmentConfig } from '../../config/types';
import { ledgerPartitionKey } from '../../lambda-src/verifier/ledger-schema';
import { checkEndToEnd } from '../../tools/verify-deployment/checks/end-to-end';
import { checkVaultKey } from '../../tools/verify-deployment/checks/key';
import { checkSseKms, newProbe } from '../../tools/verify-deployment/checks/storage';
import { checkRetention, lifecycleProblems, retentionFacts } from '../../tools/verify-deployment/checks/retention';
import { checkGuardDuty } from '../../tools/verify-deployment/checks/threat-detection';
import { checkLogIntegrity, checkTrail } from '../../tools/verify-deployment/checks/trail';
import type { VerifyClients, VerifyContext } from '../../tools/verify-deployment/context';
import { policyDifferences, type SynthesizedStack } from '../../tools/verify-deployment/intent';
import { UsageError } from '../../tools/cli/args';
import { parseArgs, runChecks } from '../../tools/verify-deployment/cli';
import { probePng } from '../../tools/verify-deployment/probe-image';
import { renderTable } from '../../tools/verify-deployment/report';
import { createLedgerTable, startDynamo, startS3, type LocalDynamo, type LocalS3 } from './helpers/local-servers';

const ENV: EnvironmentConfig = ENVIRONMENTS.dev;
const ACCOUNT = '111111111111';
const KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const BUCKET = `${resourceNames(ENV).uploadsBucketPrefix}-${ACCOUNT}`;

const INTENDED_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'KeyAdministration',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/deployer` },
      Action: ['kms:DescribeKey', 'kms:PutKeyPolicy'],
      Resource: '*',
    },
    {
      Sid: 'VerifierUse',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/biometric-vault-dev-verifier` },
      Action: ['kms:Decrypt'],
      Resource: '*',
    },
  ],
});

/** What AWS hands back: same policy, statements and actions in another order, one-element list as a string. */
const LIVE_EQUIVALENT = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'VerifierUse',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/biometric-vault-dev-verifier` },
      Action: 'kms:Decrypt',
      Resource: '*',
    },
    {
      Sid: 'KeyAdministration',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/deployer` },
      Action: ['kms:PutKeyPolicy', 'kms:DescribeKey'],
      Resource: '*',
    },
  ],
});

const KEYS_STACK: SynthesizedStack = {
  resource: {
    aws_kms_alias: { VaultKey_alias: { name: ENV.keyAlias, target_key_id: '${aws_kms_key.VaultKey_key.key_id}' } },
    aws_kms_key: {
      VaultKey_key: {
        enable_key_rotation: true,
        policy: '${data.aws_iam_policy_document.vault-key-policy_document.json}',
      },
    },
  },
};
const KEYS_STATE = JSON.stringify({
  version: 4,
  resources: [
    {
      mode: 'data',
      type: 'aws_iam_policy_document',
      name: 'vault-key-policy_document',
      instances: [{ attributes: { json: INTENDED_POLICY } }],
    },
  ],
});
const THREAT_STACK: SynthesizedStack = {
  resource: {
    aws_guardduty_detector_feature: {
      s3: { name: 'S3_DATA_EVENTS', status: 'ENABLED' },
      lambda: { name: 'LAMBDA_NETWORK_LOGS', status: 'ENABLED' },
      runtime: { name: 'RUNTIME_MONITORING', status: 'DISABLED' },
    },
    aws_guardduty_malware_protection_plan: {
      vault: { protected_resource: [{ s3_bucket: [{ bucket_name: BUCKET }] }] },
    },
  },
};

function clients(overrides: Partial<VerifyClients> = {}): VerifyClients {
  return {
    s3: new S3Client({ region: 'eu-west-1' }),
    kms: new KMSClient({ region: 'eu-west-1' }),
    cloudtrail: new CloudTrailClient({ region: 'eu-west-1' }),
    guardduty: new GuardDutyClient({ region: 'eu-west-1' }),
    dynamodb: new DynamoDBClient({ region: 'eu-west-1' }),
    sns: new SNSClient({ region: 'eu-west-1' }),
    sqs: new SQSClient({ region: 'eu-west-1' }),
    cloudwatch: new CloudWatchClient({ region: 'eu-west-1' }),
    events: new EventBridgeClient({ region: 'eu-west-1' }),
    ...overrides,
  };
}

function context(c: VerifyClients, overrides: Partial<VerifyContext> = {}): VerifyContext {
  let now = Date.parse('2026-01-10T12:00:00Z');
  return {
    env: ENV,
    accountId: ACCOUNT,
    partition: 'aws',
    names: resourceNames(ENV),
    clients: c,
    options: { digestHours: 24, e2eTimeoutMs: 30_000, alertTimeoutMs: 60_000, runId: 'run-1', probeImage: probePng() },
    synth: (concern) => (concern === 'keys' ? KEYS_STACK : concern === 'threat-detection' ? THREAT_STACK : undefined),
    state: (concern) => Promise.resolve(concern === 'keys' ? KEYS_STATE : undefined),
    now: () => new Date(now),
    sleep: (ms) => {
      now += ms;
      return Promise.resolve();
    },
    ...overrides,
  };
}

function mockedKms(policy: string, rotation: boolean): KMSClient {
  const kms = new KMSClient({ region: 'eu-west-1' });
  const m = mockClient(kms);
  m.on(DescribeKeyCommand).resolves({
    KeyMetadata: {
      KeyId: 'k-1',
      Arn: KEY_ARN,
      KeyState: 'Enabled',
      Enabled: true,
      KeyManager: 'CUSTOMER',
      CreationDate: new Date('2026-01-01T00:00:00Z'),
    },
  });
  m.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: rotation, RotationPeriodInDays: 365 });
  m.on(GetKeyPolicyCommand).resolves({ Policy: policy });
  return kms;
}

describe('VaultKey check', () => {
  it('passes an enabled, rotating key whose policy equals the synthesized one up to ordering', async () => {
    // Prepare
    const ctx = context(clients({ kms: mockedKms(LIVE_EQUIVALENT, true) }));
    // Act
    const result = await checkVaultKey(ctx);
    // Assess
    expect(result.status).toBe('pass');
    expect(result.evidence.join('\n')).toContain(`${ENV.keyAlias} -> ${KEY_ARN}`);
  });

  it('fails on rotation off and a statement added outside Terraform, naming it', async () => {
    // Prepare
    const tampered = JSON.parse(INTENDED_POLICY) as { Statement: object[] };
    tampered.Statement.push({
      Sid: 'Backdoor',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 'kms:*',
      Resource: '*',
    });
    const ctx = context(clients({ kms: mockedKms(JSON.stringify(tampered), false) }));
    // Act
    const result = await checkVaultKey(ctx);
    // Assess
    expect(result.status).toBe('fail');
    expect(result.evidence).toEqual(
      expect.arrayContaining([
        'FAILED: automatic rotation is off',
        'policy: statement Backdoor is live but not in the synthesized policy',
      ]),
    );
  });

  it('fails with a reason when the keys stack was not synthesized', async () => {
    // Act
    const result = await checkVaultKey(
      context(clients({ kms: mockedKms(INTENDED_POLICY, true) }), { synth: () => undefined }),
    );
    // Assess
    expect(result.status).toBe('fail');
    expect(result.evidence.join('\n')).toContain('keys stack not synthesized');
  });

  it('compares policies statement by statement', () => {
    expect(policyDifferences(LIVE_EQUIVALENT, INTENDED_POLICY)).toEqual([]);
    expect(policyDifferences(INTENDED_POLICY.replace('kms:Decrypt', 'kms:Encrypt'), INTENDED_POLICY)).toEqual([
      'statement VerifierUse differs',
    ]);
  });
});

function mockedS3(
  head: { ServerSideEncryption?: 'aws:kms' | 'AES256'; SSEKMSKeyId?: string },
  plainUploadRefused: boolean,
): S3Client {
  const s3 = new S3Client({ region: 'eu-west-1' });
  const m = mockClient(s3);
  if (plainUploadRefused)
    m.on(PutObjectCommand).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }));
  else m.on(PutObjectCommand).resolves({ VersionId: 'v-plain' });
  m.on(PutObjectCommand, { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: KEY_ARN }).resolves({ VersionId: 'v-1' });
  m.on(HeadObjectCommand).resolves(head);
  return s3;
}

describe('SSE-KMS check', () => {
  it('passes when the probe reads back under the VaultKey and a plain upload is refused', async () => {
    // Prepare
    const ctx = context(
      clients({
        kms: mockedKms(INTENDED_POLICY, true),
        s3: mockedS3({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: KEY_ARN }, true),
      }),
    );
    const probe = newProbe(ctx);
    // Act
    const result = await checkSseKms(ctx, probe);
    // Assess
    expect(result.status).toBe('pass');
    expect(probe).toMatchObject({ uploaded: true, versionId: 'v-1', key: 'uploads/deployment-probe/run-1.png' });
    expect(result.evidence.join('\n')).toContain(`SSEKMSKeyId ${KEY_ARN}`);
  });

  it('fails when an unencrypted upload is accepted or the key is not the VaultKey', async () => {
    // Prepare
    const ctx = context(
      clients({
        kms: mockedKms(INTENDED_POLICY, true),
        s3: mockedS3(
          { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/other' },
          false,
        ),
      }),
    );
    // Act
    const result = await checkSseKms(ctx, newProbe(ctx));
    // Assess
    expect(result.status).toBe('fail');
    expect(result.evidence.filter((e) => e.startsWith('FAILED'))).toHaveLength(2);
  });
});

function mockedTrail(
  status: {
    IsLogging: boolean;
    LatestDeliveryError?: string;
    LatestDigestDeliveryError?: string;
    StartLoggingTime?: Date;
  },
  multiRegion = true,
  /** `LogFileValidationEnabled` as GetTrail reports it; 'absent' when the field is missing. */
  validation: boolean | 'absent' = true,
): CloudTrailClient {
  const ct = new CloudTrailClient({ region: 'eu-west-1' });
  const m = mockClient(ct);
  m.on(GetTrailCommand).resolves({
    Trail: {
      Name: 'biometric-vault-dev-trail',
      TrailARN: `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/biometric-vault-dev-trail`,
      S3BucketName: 'trail-bucket',
      HomeRegion: 'eu-west-1',
      IsMultiRegionTrail: multiRegion,
      ...(validation === 'absent' ? {} : { LogFileValidationEnabled: validation }),
    },
  });
  m.on(GetTrailStatusCommand).resolves({ ...status, LatestDeliveryTime: new Date('2026-01-10T11:55:00Z') });
  m.on(ListPublicKeysCommand).resolves({ PublicKeyList: [] });
  return ct;
}

describe('CloudTrail checks', () => {
  it('passes a logging, multi-region, validated trail without delivery errors', async () => {
    // Act
    const { result } = await checkTrail(context(clients({ cloudtrail: mockedTrail({ IsLogging: true }) })));
    // Assess
    expect(result.status).toBe('pass');
  });

  it('fails a stopped single-region trail with a delivery error, listing each', async () => {
    // Act
    const { result } = await checkTrail(
      context(clients({ cloudtrail: mockedTrail({ IsLogging: false, LatestDeliveryError: 'AccessDenied' }, false) })),
    );
    // Assess
    expect(result.evidence.filter((e) => e.startsWith('FAILED'))).toEqual([
      'FAILED: the trail is not logging',
      'FAILED: the trail is not multi-region',
      'FAILED: last delivery failed: AccessDenied',
    ]);
  });

  it('fails a trail whose log-file validation is off, or not reported, naming it', async () => {
    // Act
    const off = await checkTrail(context(clients({ cloudtrail: mockedTrail({ IsLogging: true }, true, false) })));
    const unreported = await checkTrail(
      context(clients({ cloudtrail: mockedTrail({ IsLogging: true }, true, 'absent') })),
    );
    // Assess
    for (const { result } of [off, unreported]) {
      expect(result.status).toBe('fail');
      expect(result.evidence.filter((e) => e.startsWith('FAILED'))).toEqual(['FAILED: log-file validation is off']);
    }
    expect(off.result.evidence[1]).toContain('validation false');
  });

  it('fails a trail whose last digest delivery failed', async () => {
    // Act
    const { result } = await checkTrail(
      context(clients({ cloudtrail: mockedTrail({ IsLogging: true, LatestDigestDeliveryError: 'AccessDenied' }) })),
    );
    // Assess
    expect(result.evidence.filter((e) => e.startsWith('FAILED'))).toEqual([
      'FAILED: last digest delivery failed: AccessDenied',
    ]);
  });

  it('skips integrity on a trail younger than its first digest, and fails an older trail with no digest', async () => {
    // Prepare
    const s3 = new S3Client({ region: 'eu-west-1' });
    mockClient(s3).on(ListObjectsV2Command).resolves({ Contents: [] });
    const young = context(
      clients({ s3, cloudtrail: mockedTrail({ IsLogging: true, StartLoggingTime: new Date('2026-01-10T11:30:00Z') }) }),
    );
    const old = context(
      clients({ s3, cloudtrail: mockedTrail({ IsLogging: true, StartLoggingTime: new Date('2026-01-01T00:00:00Z') }) }),
    );
    // Act
    const youngResult = await checkLogIntegrity(young, (await checkTrail(young)).facts);
    const oldResult = await checkLogIntegrity(old, (await checkTrail(old)).facts);
    // Assess
    expect(youngResult.status).toBe('skip');
    expect(oldResult.status).toBe('fail');
    expect(oldResult.evidence[0]).toContain('no digest file in s3://trail-bucket');
  });
});

describe('CloudTrail checks: what a reviewer reads', () => {
  const TRAIL_ARN = `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/biometric-vault-dev-trail`;
  const TITLE = 'CloudTrail: logging, multi-region, validation on, delivering';
  /** A CloudTrail client whose GetTrail and GetTrailStatus answer (or fail) as given. */
  function trailClient(
    trail: Promise<object | undefined>,
    status: Promise<object> = Promise.resolve({ IsLogging: true }),
  ): CloudTrailClient {
    const ct = new CloudTrailClient({ region: 'eu-west-1' });
    const m = mockClient(ct);
    m.on(GetTrailCommand).callsFake(() => trail.then((t) => (t === undefined ? {} : { Trail: t })));
    m.on(GetTrailStatusCommand).callsFake(() => status);
    return ct;
  }
  const denied = Object.assign(new Error('not allowed'), { name: 'AccessDeniedException' });

  it('lists the trail, its bucket, its settings and its deliveries, each failure named', async () => {
    // Act
    const healthy = await checkTrail(context(clients({ cloudtrail: mockedTrail({ IsLogging: true }) })));
    const failing = await checkTrail(
      context(
        clients({
          cloudtrail: trailClient(
            Promise.resolve({ Name: 'biometric-vault-dev-trail', S3BucketName: 'b', S3KeyPrefix: 'p', KmsKeyId: 'k' }),
            Promise.resolve({
              IsLogging: true,
              StartLoggingTime: new Date('2026-01-01T00:00:00Z'),
              LatestDeliveryTime: new Date('2026-01-10T11:00:00Z'),
              LatestDeliveryError: 'NoSuchBucket',
              LatestDigestDeliveryTime: new Date('2026-01-10T10:00:00Z'),
              LatestDigestDeliveryError: 'AccessDenied',
            }),
          ),
        }),
      ),
    );
    // Assess
    expect(healthy.result).toEqual({
      id: 'trail',
      title: TITLE,
      status: 'pass',
      evidence: [
        `${TRAIL_ARN} -> s3://trail-bucket/`,
        'logging true since ?; multi-region true; validation true; KMS none',
        'last delivery 2026-01-10T11:55:00.000Z; last digest never',
      ],
    });
    expect(Object.keys(healthy.facts)).toEqual(['trail']);
    expect(healthy.facts.trail?.TrailARN).toBe(TRAIL_ARN);
    expect(failing.result.evidence).toEqual([
      'biometric-vault-dev-trail -> s3://b/p',
      'logging true since 2026-01-01T00:00:00.000Z; multi-region false; validation false; KMS k',
      'last delivery 2026-01-10T11:00:00.000Z ERROR NoSuchBucket; last digest 2026-01-10T10:00:00.000Z ERROR AccessDenied',
      'FAILED: the trail is not multi-region',
      'FAILED: log-file validation is off',
      'FAILED: last delivery failed: NoSuchBucket',
      'FAILED: last digest delivery failed: AccessDenied',
    ]);
    expect(failing.facts.startLogging).toEqual(new Date('2026-01-01T00:00:00Z'));
  });

  it('fails a trail that is not found, cannot be read, or whose status cannot be read, and a trail without deliveries', async () => {
    // Act
    const missing = await checkTrail(context(clients({ cloudtrail: trailClient(Promise.resolve(undefined)) })));
    const unreadable = await checkTrail(context(clients({ cloudtrail: trailClient(Promise.reject(denied)) })));
    const noStatus = await checkTrail(
      context(clients({ cloudtrail: trailClient(Promise.resolve({ Name: 'x' }), Promise.reject(denied)) })),
    );
    const noStatusArn = await checkTrail(
      context(
        clients({
          cloudtrail: trailClient(Promise.resolve({ Name: 'x', TrailARN: TRAIL_ARN }), Promise.reject(denied)),
        }),
      ),
    );
    const silent = await checkTrail(
      context(
        clients({
          cloudtrail: trailClient(
            Promise.resolve({ IsMultiRegionTrail: true, LogFileValidationEnabled: true }),
            Promise.resolve({ IsLogging: true }),
          ),
        }),
      ),
    );
    // Assess
    expect(missing).toEqual({
      result: {
        id: 'trail',
        title: TITLE,
        status: 'fail',
        evidence: ['GetTrail biometric-vault-dev-trail: not found'],
      },
      facts: {},
    });
    expect(unreadable).toEqual({
      result: {
        id: 'trail',
        title: TITLE,
        status: 'fail',
        evidence: ['GetTrail biometric-vault-dev-trail: AccessDeniedException: not allowed'],
      },
      facts: {},
    });
    expect(noStatus.result.evidence).toEqual([
      'biometric-vault-dev-trail',
      'GetTrailStatus: AccessDeniedException: not allowed',
    ]);
    expect(noStatus.facts).toEqual({ trail: { Name: 'x' } });
    expect(noStatusArn.result.evidence[0]).toBe(TRAIL_ARN);
    expect(silent.result.evidence.filter((e) => e.startsWith('FAILED'))).toEqual(['FAILED: no log file delivered yet']);
    expect(silent.result.evidence[0]).toBe('biometric-vault-dev-trail -> s3://?/');
  });

  it('skips integrity without a trail, fails it when validation cannot run, and holds the first-digest grace to two hours', async () => {
    // Prepare
    const s3 = new S3Client({ region: 'eu-west-1' });
    mockClient(s3).on(ListObjectsV2Command).resolves({ Contents: [] });
    const failingS3 = new S3Client({ region: 'eu-west-1' });
    mockClient(failingS3).on(ListObjectsV2Command).rejects(denied);
    const trail = (await checkTrail(context(clients({ cloudtrail: mockedTrail({ IsLogging: true }) })))).facts.trail;
    const ctx = context(clients({ s3, cloudtrail: mockedTrail({ IsLogging: true }) }));
    const at = (iso: string) => ({ ...(trail ? { trail } : {}), startLogging: new Date(iso) });
    // Act
    const none = await checkLogIntegrity(ctx, {});
    const broken = await checkLogIntegrity(
      context(clients({ s3: failingS3, cloudtrail: mockedTrail({ IsLogging: true }) })),
      {
        ...(trail ? { trail } : {}),
      },
    );
    const justYoung = await checkLogIntegrity(ctx, at('2026-01-10T10:00:00.001Z'));
    const twoHours = await checkLogIntegrity(ctx, at('2026-01-10T10:00:00Z'));
    // Assess
    expect(none).toEqual({
      id: 'log-integrity',
      title: 'CloudTrail log-file integrity (digest chain)',
      status: 'skip',
      evidence: ['trail not found (see the CloudTrail check)'],
    });
    expect(broken).toMatchObject({
      status: 'fail',
      evidence: ['validation failed to run: AccessDeniedException: not allowed'],
    });
    const why =
      'no digest file in s3://trail-bucket for eu-west-1 between 2026-01-09T12:00:00.000Z and 2026-01-10T12:00:00.000Z';
    expect(justYoung).toMatchObject({
      status: 'skip',
      evidence: [`${why}; logging started 2026-01-10T10:00:00.001Z, the first digest comes within the hour`],
    });
    expect(twoHours).toMatchObject({ status: 'fail', evidence: [why] });
  });
});

function mockedGuardDuty(
  features: { Name: 'S3_DATA_EVENTS' | 'LAMBDA_NETWORK_LOGS'; Status: 'ENABLED' | 'DISABLED' }[],
  planStatus: 'ACTIVE' | 'ERROR',
): GuardDutyClient {
  const gd = new GuardDutyClient({ region: 'eu-west-1' });
  const m = mockClient(gd);
  m.on(ListDetectorsCommand).resolves({ DetectorIds: ['d'.repeat(32)] });
  m.on(GetDetectorCommand).resolves({ Status: 'ENABLED', ServiceRole: 'r', Features: features });
  m.on(ListMalwareProtectionPlansCommand).resolves({ MalwareProtectionPlans: [{ MalwareProtectionPlanId: 'plan-1' }] });
  m.on(GetMalwareProtectionPlanCommand).resolves({
    Arn: 'arn:aws:guardduty:eu-west-1:111111111111:malware-protection-plan/plan-1',
    Status: planStatus,
    ProtectedResource: { S3Bucket: { BucketName: BUCKET } },
  });
  return gd;
}

describe('GuardDuty check', () => {
  it('passes with the synthesized features enabled and an active malware protection plan on the vault bucket', async () => {
    // Act
    const result = await checkGuardDuty(
      context(
        clients({
          guardduty: mockedGuardDuty(
            [
              { Name: 'S3_DATA_EVENTS', Status: 'ENABLED' },
              { Name: 'LAMBDA_NETWORK_LOGS', Status: 'ENABLED' },
            ],
            'ACTIVE',
          ),
        }),
      ),
    );
    // Assess
    expect(result.status).toBe('pass');
    expect(result.evidence.join('\n')).toContain('malware-protection-plan/plan-1');
  });

  it('fails on a disabled feature and a plan in error', async () => {
    // Act
    const result = await checkGuardDuty(
      context(
        clients({
          guardduty: mockedGuardDuty(
            [
              { Name: 'S3_DATA_EVENTS', Status: 'ENABLED' },
              { Name: 'LAMBDA_NETWORK_LOGS', Status: 'DISABLED' },
            ],
            'ERROR',
          ),
        }),
      ),
    );
    // Assess
    expect(result.evidence.filter((e) => e.startsWith('FAILED'))).toEqual([
      'FAILED: features not enabled: LAMBDA_NETWORK_LOGS',
      'FAILED: no active malware protection plan for the vault bucket',
    ]);
  });
});

describe('end-to-end probe against s3rver and dynalite', () => {
  let s3: LocalS3;
  let ddb: LocalDynamo;

  beforeAll(async () => {
    [s3, ddb] = await Promise.all([startS3([BUCKET]), startDynamo()]);
    await createLedgerTable(ddb.client, resourceNames(ENV).ledgerTable);
  });

  afterAll(async () => {
    await Promise.all([s3.close(), ddb.close()]);
  });

  /**
   * Stands in for the verifier: writes `count` records for the probe key the first time the check waits, of
   * layout `schemaVersion` (1: before the analysed bytes were pinned; 2: today's; 9: no known version).
   */
  function verifierWrites(count: number, runId: string, schemaVersion: '1' | '2' | '9'): VerifyContext['sleep'] {
    let done = false;
    return async () => {
      if (done) return;
      done = true;
      for (let i = 0; i < count; i++) {
        const key = `uploads/deployment-probe/${runId}.png`;
        await ddb.client.send(
          new PutItemCommand({
            TableName: resourceNames(ENV).ledgerTable,
            Item: {
              pk: { S: ledgerPartitionKey(BUCKET, key, `seq-${i}`) },
              schemaVersion: { N: schemaVersion },
              subjectId: { S: 'deployment-probe' },
              recordedAt: { S: `2026-01-10T12:00:0${i}Z` },
              eventTime: { S: `2026-01-10T12:00:0${i}Z` },
              bucket: { S: BUCKET },
              objectKey: { S: key },
              sequencer: { S: `seq-${i}` },
              sizeBytes: { N: '67' },
              contentType: { S: 'image/png' },
              detectedFormat: { S: 'png' },
              sseAlgorithm: { S: 'aws:kms' },
              decision: { S: 'UNAUTHORIZED' },
              reasons: { L: [{ S: 'NO_FACE' }] },
              faceConfidenceThreshold: { N: '90' },
              similarityThreshold: { N: '95' },
              detectionOnlyAllowed: { BOOL: true },
              functionVersion: { S: '3' },
              correlationId: { S: `c-${i}` },
              ...(schemaVersion === '1' ? {} : { usableFaceCount: { N: '0' }, rekognitionInput: { S: 'bytes' } }),
            },
          }),
        );
      }
    };
  }

  function e2eContext(runId: string, writes: number, schemaVersion: '1' | '2' | '9' = '2'): VerifyContext {
    let clock = Date.parse('2026-01-10T12:00:00Z');
    const sleep = verifierWrites(writes, runId, schemaVersion);
    return context(clients({ s3: s3.client, dynamodb: ddb.client, kms: mockedKms(INTENDED_POLICY, true) }), {
      options: { digestHours: 24, e2eTimeoutMs: 20_000, alertTimeoutMs: 60_000, runId, probeImage: probePng() },
      now: () => new Date(clock),
      sleep: async (ms) => {
        clock += ms;
        await sleep(ms);
      },
    });
  }

  it('passes when exactly one ledger record appears, and deletes the probe objects afterwards', async () => {
    // Prepare
    const ctx = e2eContext('run-one', 1);
    // Act
    const heard: string[] = [];
    const { results, cleanup } = await runChecks(ctx, new Set(['end-to-end']), (r) =>
      heard.push(`${r.id} ${r.status}`),
    );
    // Assess
    // Each check is reported as it completes (the unselected ones are not run, so not reported).
    expect(heard).toEqual(['end-to-end pass']);
    const e2e = results.find((r) => r.id === 'end-to-end');
    expect(e2e?.status).toBe('pass');
    expect(e2e?.evidence[0]).toContain(`UPLOAD#${BUCKET}/uploads/deployment-probe/run-one.png#seq-0: schemaVersion 2`);
    expect(cleanup).toEqual([
      `deleted s3://${BUCKET}/uploads/deployment-probe/run-one.png (current object; the non-current version expires with the uploads lifecycle)`,
      `deleted s3://${BUCKET}/uploads/deployment-probe/run-one-unencrypted.txt (current object; the non-current version expires with the uploads lifecycle)`,
    ]);
    const left = await s3.client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'uploads/' }));
    expect(left.KeyCount ?? 0).toBe(0);
  });

  it('fails when no record appears within the timeout', async () => {
    // Prepare
    const ctx = e2eContext('run-none', 0);
    const probe = { ...newProbe(ctx), uploaded: true };
    // Act
    const result = await checkEndToEnd(ctx, probe);
    // Assess
    expect(result.status).toBe('fail');
    expect(result.evidence[0]).toMatch(/^no record for s3:\/\/.*run-none\.png after 2\d\.\d s$/);
  });

  it('accepts a record of the earlier layout (version 1)', async () => {
    const ctx = e2eContext('run-v1', 1, '1');
    const result = await checkEndToEnd(ctx, { ...newProbe(ctx), uploaded: true });
    expect(result.status).toBe('pass');
  });

  it('fails when the record is of no known layout version', async () => {
    const ctx = e2eContext('run-v9', 1, '9');
    const result = await checkEndToEnd(ctx, { ...newProbe(ctx), uploaded: true });
    expect(result.status).toBe('fail');
    expect(result.evidence).toContain(
      'FAILED: not a ledger record of a known version: schemaVersion: not a known record version (1, 2, 3); received {"N":"9"}',
    );
  });

  it('fails when the upload is recorded twice', async () => {
    // Prepare
    const ctx = e2eContext('run-two', 2);
    // Act
    const result = await checkEndToEnd(ctx, { ...newProbe(ctx), uploaded: true });
    // Assess
    expect(result.evidence).toContain('FAILED: expected exactly one ledger record, found 2');
  });
});

describe('command line and report', () => {
  it('collects every usage problem before failing', () => {
    // Act
    let error: unknown;
    try {
      parseArgs(['--env', 'nope', '--only', 'trail,bogus', '--digest-hours', '0', 'stray']);
    } catch (e) {
      error = e;
    }
    // Assess
    expect(error).toBeInstanceOf(UsageError);
    const message = (error as Error).message;
    for (const part of [
      'unexpected argument "stray"',
      'unknown environment',
      'unknown check "bogus"',
      '--digest-hours must be an integer',
    ])
      expect(message).toContain(part);
  });

  it('renders a table with evidence and a closing count', () => {
    // Act
    const text = renderTable([
      { id: 'a', title: 'A check', status: 'pass', evidence: ['arn:aws:kms:...', 'rotation on'] },
      { id: 'b', title: 'B', status: 'fail', evidence: ['FAILED: x'] },
    ]);
    // Assess
    expect(text).toContain('A check  PASS    arn:aws:kms:...');
    expect(text).toContain('                 rotation on');
    expect(text).toContain('1 passed, 1 failed, 0 skipped');
  });
});

describe('retention: the lifecycle keeps imageRetentionDays (30 days in dev)', () => {
  const now = new Date('2026-01-10T12:00:00Z');
  const daysAgo = (d: number): Date => new Date(now.getTime() - d * 86_400_000);
  const RULE = {
    ID: 'expire-uploaded-images',
    Status: 'Enabled' as const,
    Filter: { Prefix: 'uploads/' },
    Expiration: { Days: 30 },
    NoncurrentVersionExpiration: { NoncurrentDays: 30 },
  };
  const RULES = [RULE];

  it('ages a current version from its write and a noncurrent one from the write that replaced it', () => {
    const facts = retentionFacts(
      [
        { key: 'uploads/a/1.jpg', deleteMarker: true, lastModified: daysAgo(10) },
        { key: 'uploads/a/1.jpg', deleteMarker: false, lastModified: daysAgo(60) },
        { key: 'uploads/b/1.jpg', deleteMarker: false, lastModified: daysAgo(31.5) },
      ],
      now,
      30,
    );
    // a/1.jpg version 60 days old but noncurrent for 10; b/1.jpg current for 31.5 (inside the 2-day grace).
    expect(facts).toEqual({ versions: 2, oldestDays: 31.5, overdue: 0 });
    expect(retentionFacts([{ key: 'k', deleteMarker: false, lastModified: daysAgo(32.5) }], now, 30).overdue).toBe(1);
    expect(retentionFacts([], now, 30)).toEqual({ versions: 0, oldestDays: undefined, overdue: 0 });
  });

  it('names a lifecycle that does not expire uploads, or expires them later than configured', () => {
    expect(lifecycleProblems(RULES, 30)).toEqual([]);
    expect(lifecycleProblems([{ ...RULE, Status: 'Disabled' as const }], 30)).toHaveLength(2);
    expect(lifecycleProblems([{ ...RULE, Expiration: { Days: 90 } }], 30)).toEqual([
      'no enabled lifecycle rule expires current versions under uploads/ within 30 days',
    ]);
    expect(lifecycleProblems([{ ...RULE, Filter: { Prefix: 'references/' } }], 30)).toHaveLength(2);
  });

  it('passes on the live bucket when nothing is older, and fails naming counts, never keys, when something is', async () => {
    const s3 = new S3Client({ region: 'eu-west-1' });
    const m = mockClient(s3);
    m.on(GetBucketLifecycleConfigurationCommand, { Bucket: BUCKET }).resolves({ Rules: RULES });
    m.on(ListObjectVersionsCommand)
      .resolvesOnce({
        IsTruncated: true,
        NextKeyMarker: 'uploads/a/1.jpg',
        NextVersionIdMarker: 'v1',
        Versions: [{ Key: 'uploads/a/1.jpg', VersionId: 'v1', IsLatest: true, LastModified: daysAgo(3) }],
      })
      .resolvesOnce({
        IsTruncated: false,
        Versions: [{ Key: 'uploads/subject-x/2.jpg', VersionId: 'v2', IsLatest: true, LastModified: daysAgo(45) }],
      });
    const ctx = context(clients({ s3 }), { now: () => now });
    const failed = await checkRetention(ctx);
    expect(failed.status).toBe('fail');
    expect(failed.evidence).toContain('image versions under uploads/: 2; oldest image data: 45.0 days');
    expect(failed.evidence.join(' ')).not.toContain('subject-x');
    expect(failed.evidence.at(-1)).toBe(
      'FAILED: 1 image version(s) older than 32 days: the lifecycle is not keeping the retention',
    );
    m.on(ListObjectVersionsCommand).resolves({
      Versions: [{ Key: 'uploads/a/1.jpg', VersionId: 'v1', IsLatest: true, LastModified: daysAgo(3) }],
    });
    expect((await checkRetention(ctx)).status).toBe('pass');
  });
});
