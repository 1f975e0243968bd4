import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ENVIRONMENTS } from '../config/environments';
import { selectEnvironments } from '../config/select';
import type { EnvironmentConfig } from '../config/types';
import { ConfigValidationError, environmentProblems } from '../config/validate';
import { problemsOf, withPatch } from './helpers/config';
import { signedVerifierPackage } from '../config/verifier-package';

const dev = ENVIRONMENTS.dev;

const devWith = (patch: Record<string, unknown>): EnvironmentConfig => withPatch(dev, patch);

describe('environment config', () => {
  test('every checked-in environment is valid', () => {
    for (const [key, env] of Object.entries(ENVIRONMENTS)) expect(environmentProblems(key, env)).toEqual([]);
  });

  test('the default environment is dev', () => {
    expect(selectEnvironments(undefined).map((e) => e.name)).toEqual(['dev']);
    expect(selectEnvironments('').map((e) => e.name)).toEqual(['dev']);
  });

  test('several environments at once, and all', () => {
    expect(selectEnvironments('dev,prod').map((e) => e.name)).toEqual(['dev', 'prod']);
    expect(selectEnvironments('all').map((e) => e.name)).toEqual(Object.keys(ENVIRONMENTS));
  });

  test('an unknown environment is named with the known ones', () => {
    expect(() => selectEnvironments('qa')).toThrow(
      /VAULT_ENV: unknown environment; known: dev, staging, prod \(received "qa"\)/,
    );
  });

  test.each([
    ['region', 'europe-west', 'environments.dev.region="europe-west"'],
    ['allowedAccountIds', ['12345'], 'environments.dev.allowedAccountIds[0]="12345"'],
    ['allowedAccountIds', [], 'environments.dev.allowedAccountIds=[]'],
    ['imageRetentionDays', 0, 'environments.dev.imageRetentionDays=0'],
    ['logRetentionDays', -5, 'environments.dev.logRetentionDays=-5'],
    ['verifier.faceConfidenceThreshold', 101, 'environments.dev.verifier.faceConfidenceThreshold=101'],
    ['verifier.similarityThreshold', -1, 'environments.dev.verifier.similarityThreshold=-1'],
    ['verifier.similarityThreshold', 0.95, 'environments.dev.verifier.similarityThreshold=0.95'],
    ['stateBucketName', 'Not_A_Bucket', 'environments.dev.stateBucketName="Not_A_Bucket"'],
    ['keyAlias', 'alias/aws/s3', 'environments.dev.keyAlias="alias/aws/s3"'],
    ['alertEmail', 'not-an-email', 'environments.dev.alertEmail="not-an-email"'],
    ['audit.objectLockMode', 'LEGAL', 'environments.dev.audit.objectLockMode="LEGAL"'],
    ['threatDetection.findingSeverityThreshold', 11, 'environments.dev.threatDetection.findingSeverityThreshold=11'],
    ['ledgerIntegrity.digestIntervalMinutes', 20, 'environments.dev.ledgerIntegrity.digestIntervalMinutes=20'],
    ['ledgerIntegrity.digestIntervalMinutes', 7, 'environments.dev.ledgerIntegrity.digestIntervalMinutes=7'],
    ['ledgerIntegrity.settleSeconds', 30, 'environments.dev.ledgerIntegrity.settleSeconds=30'],
    ['ledgerIntegrity.objectLockMode', 'NONE', 'environments.dev.ledgerIntegrity.objectLockMode="NONE"'],
    ['ledgerIntegrity.objectLockDays', 0, 'environments.dev.ledgerIntegrity.objectLockDays=0'],
    ['ledgerIntegrity.digestMemoryMb', 128, 'environments.dev.ledgerIntegrity.digestMemoryMb=128'],
    ['verifier.rekognitionTpsQuota', 0, 'environments.dev.verifier.rekognitionTpsQuota=0'],
    ['verifier.maxConcurrency', 1, 'environments.dev.verifier.maxConcurrency=1'],
    ['verifier.batchSize', 11, 'environments.dev.verifier.batchSize=11'],
    ['verifier.maxReceiveCount', 4, 'environments.dev.verifier.maxReceiveCount=4'],
  ])('rejects %s = %j, naming the field and the value', (field, value, expected) => {
    expect(problemsOf(devWith({ [field]: value }))).toContain(expected);
  });

  test('a 0-1 fraction threshold is explained, not just refused', () => {
    const problems = environmentProblems('dev', devWith({ 'verifier.faceConfidenceThreshold': 0.9 }));
    expect(problems.map((p) => p.message).join('\n')).toMatch(/0-100 scale \(write 90, not 0\.9\)/);
  });

  test('every problem is reported at once', () => {
    const bad = devWith({ region: 'nowhere', imageRetentionDays: 0, 'verifier.faceConfidenceThreshold': 200 });
    expect(() => selectEnvironments('dev', { dev: bad })).toThrow(ConfigValidationError);
    try {
      selectEnvironments('dev', { dev: bad });
    } catch (error) {
      expect((error as ConfigValidationError).problems.map((p) => p.field)).toEqual([
        'environments.dev.region',
        // The state key lives in the environment's region: a region change needs a new state key.
        'environments.dev.stateKeyArn',
        'environments.dev.imageRetentionDays',
        'environments.dev.verifier.faceConfidenceThreshold',
      ]);
    }
  });

  test('the intake event source may not outrun the reserved concurrency', () => {
    const problems = environmentProblems('dev', devWith({ 'verifier.maxConcurrency': 11 }));
    expect(problems).toEqual([
      {
        field: 'environments.dev.verifier.reservedConcurrency',
        value: 10,
        message:
          "must be at least verifier.maxConcurrency (11): the intake queue's event source does not count reserved concurrency, and throttled invocations make SQS hand messages out again",
      },
    ]);
  });

  test("a batch must fit in half the function's time at each instance's share of the Rekognition quota", () => {
    // dev: quota 5, 2 instances, batches of 5: 5 x 2 x 2 / 5 = 4 s. 10 instances of batches of 10: 40 s.
    const problems = environmentProblems('dev', devWith({ 'verifier.maxConcurrency': 10, 'verifier.batchSize': 10 }));
    expect(problems).toEqual([
      {
        field: 'environments.dev.verifier.batchSize',
        value: 10,
        message:
          "a batch must fit in 30 s of the function's time: each instance calls DetectFaces at rekognitionTpsQuota / maxConcurrency per second, up to 2 calls per upload, so batchSize × 2 × maxConcurrency / rekognitionTpsQuota = 40.0 s; lower batchSize or maxConcurrency",
      },
    ]);
    expect(environmentProblems('dev', devWith({ 'verifier.maxConcurrency': 7, 'verifier.batchSize': 10 }))).toEqual([]);
  });

  test('prod refuses weakened controls', () => {
    const prod = JSON.parse(JSON.stringify(ENVIRONMENTS.prod)) as {
      [k: string]: unknown;
      verifier: Record<string, unknown>;
    };
    prod.logRetentionDays = 30;
    prod.deletionProtection = false;
    prod.verifier.allowDetectionOnlyWithoutReference = true;
    const fields = environmentProblems('prod', prod as unknown as EnvironmentConfig).map((p) => p.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'environments.prod.logRetentionDays',
        'environments.prod.deletionProtection',
        'environments.prod.verifier.allowDetectionOnlyWithoutReference',
      ]),
    );
  });

  test.each([
    ['stateKeyArn', 'alias/biometric-vault-tfstate', 'environments.dev.stateKeyArn="alias/biometric-vault-tfstate"'],
    [
      'stateKeyArn',
      'arn:aws:kms:us-east-1:111111111111:key/00000000-0000-4000-8000-000000000001',
      'environments.dev.stateKeyArn="arn:aws:kms:us-east-1:111111111111:key/00000000-0000-4000-8000-000000000001"',
    ],
    [
      'stateKeyArn',
      'arn:aws:kms:eu-west-1:999999999999:key/00000000-0000-4000-8000-000000000001',
      'environments.dev.stateKeyArn="arn:aws:kms:eu-west-1:999999999999:key/00000000-0000-4000-8000-000000000001"',
    ],
    ['verifier.codeSigning', 'Off', 'environments.dev.verifier.codeSigning="Off"'],
    ['signerRoleArns', ['not-an-arn'], 'environments.dev.signerRoleArns[0]="not-an-arn"'],
  ])('rejects %s = %j (state key by ARN in the region and account; code signing)', (field, value, expected) => {
    expect(problemsOf(devWith({ [field]: value }))).toContain(expected);
  });

  test('outside dev: code signing enforced, signers named and never deployers', () => {
    const staging = withPatch(ENVIRONMENTS.staging, {
      'verifier.codeSigning': 'Warn',
      signerRoleArns: ['arn:aws:iam::222222222222:role/biometric-vault-deployer'],
    });
    expect(environmentProblems('staging', staging).map((p) => `${p.field}: ${p.message}`)).toEqual([
      'environments.staging.signerRoleArns: must not repeat a deployer: a role that both signs and deploys could deploy code of its own',
      'environments.staging.verifier.codeSigning: must be "Enforce" outside dev: Lambda must refuse packages the signing profile did not sign',
    ]);
    expect(
      environmentProblems('staging', withPatch(ENVIRONMENTS.staging, { signerRoleArns: [] })).map((p) => p.field),
    ).toEqual(['environments.staging.signerRoleArns']);
  });
});

describe('VAULT_VERIFIER_PACKAGE (the signed package the deploy workflow names)', () => {
  const prod = ENVIRONMENTS.prod;
  const bucket = 'biometric-vault-prod-artifacts-333333333333';

  test('unset or empty: a local build', () => {
    expect(signedVerifierPackage(undefined, [prod])).toBeUndefined();
    expect(() =>
      signedVerifierPackage('s3://elsewhere/x?versionId=1', [prod], 'VAULT_LEDGER_INTEGRITY_PACKAGE'),
    ).toThrow("VAULT_LEDGER_INTEGRITY_PACKAGE: bucket must be prod's artifact bucket");
    expect(signedVerifierPackage(' ', [prod])).toBeUndefined();
  });

  test("a signed package of the environment's artifact bucket, by version", () => {
    expect(signedVerifierPackage(`s3://${bucket}/verifier/signed/abc-123.zip?versionId=v%2B1`, [prod])).toEqual({
      s3Bucket: bucket,
      s3Key: 'verifier/signed/abc-123.zip',
      s3ObjectVersion: 'v+1',
    });
  });

  test.each([
    [`s3://${bucket}/verifier/signed/a.zip`, 'must be s3://<bucket>/verifier/signed/<key>?versionId=<version>'],
    [`s3://someone-elses-bucket/verifier/signed/a.zip?versionId=v1`, "bucket must be prod's artifact bucket"],
    [`s3://${bucket}/verifier/unsigned/a.zip?versionId=v1`, 'key must be under verifier/signed/'],
    [`s3://${bucket}/verifier/signed/a.zip?versionId=null`, 'versionId must be a real version id'],
  ])('refuses %s, naming the variable and the fix', (value, message) => {
    expect(() => signedVerifierPackage(value, [prod])).toThrow(ConfigValidationError);
    expect(() => signedVerifierPackage(value, [prod])).toThrow(`VAULT_VERIFIER_PACKAGE: ${message}`);
  });

  test('names one environment: refused with several selected', () => {
    expect(() =>
      signedVerifierPackage(`s3://${bucket}/verifier/signed/a.zip?versionId=v1`, [ENVIRONMENTS.dev, prod]),
    ).toThrow(/select exactly one environment with VAULT_ENV \(selected: dev, prod\)/);
  });
});

describe('npm run synth with invalid config', () => {
  const root = resolve(__dirname, '..');
  let outdir: string;
  beforeEach(() => {
    outdir = join(mkdtempSync(join(tmpdir(), 'vault-cli-')), 'cdktf.out');
  });
  afterEach(() => rmSync(resolve(outdir, '..'), { recursive: true, force: true }));

  test('exits non-zero, names the field and value, and writes no cdktf.out', () => {
    // Prepare
    const env = { ...process.env, VAULT_ENV: 'dev,nosuchenv', VAULT_SYNTH_OUTDIR: outdir };
    // Act
    const run = spawnSync(process.execPath, ['scripts/synth.mjs'], { cwd: root, env, encoding: 'utf8' });
    // Assess
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('VAULT_ENV: unknown environment; known: dev, staging, prod (received "nosuchenv")');
    expect(existsSync(outdir)).toBe(false);
    expect(existsSync(`${outdir}.tmp-${run.pid}`)).toBe(false);
  });
});

describe('configuration checks that close known gaps', () => {
  const prod = ENVIRONMENTS.prod;
  const messages = (env: EnvironmentConfig): string[] =>
    environmentProblems(env.name, env).map((p) => `${p.field}: ${p.message}`);

  test('a role ARN outside the allowed accounts is refused, in every role list', () => {
    // Prepare
    const foreign = 'arn:aws:iam::999999999999:role/biometric-vault-plan';
    const env = devWith({ planRoleArns: [foreign], 'dataAccess.uploaderRoleArns': [foreign] });
    // Act
    const problems = problemsOf(env);
    // Assess
    expect(problems).toEqual([
      `environments.dev.planRoleArns[0]=${JSON.stringify(foreign)}`,
      `environments.dev.dataAccess.uploaderRoleArns[0]=${JSON.stringify(foreign)}`,
    ]);
    expect(messages(env)[0]).toBe(
      "environments.dev.planRoleArns[0]: must be a role in one of the environment's allowedAccountIds (111111111111), not account 999999999999",
    );
  });

  test('prod refuses GOVERNANCE Object Lock; dev and staging may use it', () => {
    // Prepare
    const governance = withPatch(prod, { 'audit.objectLockMode': 'GOVERNANCE' });
    // Act
    const problems = problemsOf(governance);
    // Assess
    expect(problems).toEqual(['environments.prod.audit.objectLockMode="GOVERNANCE"']);
    expect(problemsOf(devWith({ 'audit.objectLockMode': 'GOVERNANCE' }))).toEqual([]);
  });

  test('prod keeps ledger digests in COMPLIANCE mode for at least a year', () => {
    const weakened = withPatch(prod, {
      'ledgerIntegrity.objectLockMode': 'GOVERNANCE',
      'ledgerIntegrity.objectLockDays': 30,
    });
    expect(problemsOf(weakened)).toEqual([
      'environments.prod.ledgerIntegrity.objectLockMode="GOVERNANCE"',
      'environments.prod.ledgerIntegrity.objectLockDays=30',
    ]);
    expect(messages(weakened).join('\n')).toContain('GOVERNANCE lets break-glass delete locked ledger digests');
    expect(problemsOf(devWith({ 'ledgerIntegrity.objectLockMode': 'GOVERNANCE' }))).toEqual([]);
  });

  test.each([0, 0.5, 1, 100.5])('threshold %p is refused with a message that states the accepted range', (value) => {
    // Act
    const text = messages(devWith({ 'verifier.similarityThreshold': value })).join('\n');
    // Assess
    expect(text).toMatch(/above 1 and at most 100|0-1 fraction/);
    expect(text).not.toContain('from 0 to 100');
  });

  test.each([1.5, 50, 100])('threshold %p is accepted', (value) => {
    expect(problemsOf(devWith({ 'verifier.faceConfidenceThreshold': value }))).toEqual([]);
  });

  test('unknown fields are refused at synth, top level and nested, with the nearest known field', () => {
    // Prepare
    const env = devWith({ deletionProtecton: false, 'verifier.similarityTreshold': 50 });
    // Act
    const text = messages(env);
    // Assess
    expect(text).toEqual([
      expect.stringMatching(
        /^environments\.dev\.deletionProtecton: unknown field; did you mean "deletionProtection"\?/,
      ),
      expect.stringMatching(
        /^environments\.dev\.verifier\.similarityTreshold: unknown field; did you mean "similarityThreshold"\?/,
      ),
    ]);
  });

  test('dev names its key administrators and deployers like every environment', () => {
    // Act
    const problems = problemsOf(devWith({ keyAdministratorRoleArns: [], deployerRoleArns: [] }));
    // Assess
    expect(problems).toEqual(['environments.dev.keyAdministratorRoleArns=[]', 'environments.dev.deployerRoleArns=[]']);
    expect(ENVIRONMENTS.dev.keyAdministratorRoleArns).toEqual([
      'arn:aws:iam::111111111111:role/biometric-vault-key-admin',
    ]);
  });

  test('the alert key has administrators of its own: named, not the key administrators, not a deployer', () => {
    // Prepare
    const keyAdmin = 'arn:aws:iam::111111111111:role/biometric-vault-key-admin';
    const deployer = 'arn:aws:iam::111111111111:role/biometric-vault-deployer';
    // Act
    const none = messages(devWith({ 'alerting.keyAdministratorRoleArns': [] }));
    const same = messages(devWith({ 'alerting.keyAdministratorRoleArns': [keyAdmin] }));
    const deploys = messages(devWith({ 'alerting.keyAdministratorRoleArns': [deployer] }));
    // Assess
    expect(none).toEqual([
      'environments.dev.alerting.keyAdministratorRoleArns: must name at least one alert-key administration role (the alert key policy names it; dev too)',
    ]);
    expect(same).toEqual([
      'environments.dev.alerting.keyAdministratorRoleArns: must differ from keyAdministratorRoleArns: one role could otherwise disable the audit key and the alert key that reports it',
    ]);
    expect(problemsOf(devWith({ 'alerting.keyAdministratorRoleArns': [keyAdmin] }))).toEqual([
      `environments.dev.alerting.keyAdministratorRoleArns=[${JSON.stringify(keyAdmin)}]`,
    ]);
    expect(deploys).toEqual([
      'environments.dev.alerting.keyAdministratorRoleArns: must not repeat a deployer: the deployer changes what the alerts watch, and must not also administer their key',
    ]);
    expect(ENVIRONMENTS.dev.alerting.keyAdministratorRoleArns).toEqual([
      'arn:aws:iam::111111111111:role/biometric-vault-alert-admin',
    ]);
  });

  test('the alert key alias differs from the other keys, and the EventBridge condition is a boolean', () => {
    // Act
    const problems = problemsOf(
      devWith({
        'alerting.keyAlias': 'alias/biometric-vault-audit-dev',
        'alerting.eventBridgeSourceArnCondition': 'yes',
      }),
    );
    // Assess
    expect(problems).toEqual([
      'environments.dev.alerting.keyAlias="alias/biometric-vault-audit-dev"',
      'environments.dev.alerting.eventBridgeSourceArnCondition="yes"',
    ]);
    expect(problemsOf(devWith({ 'alerting.keyAlias': 'alias/aws/sns' }))).toEqual([
      'environments.dev.alerting.keyAlias="alias/aws/sns"',
    ]);
    expect(problemsOf(devWith({ 'alerting.keyAdministratorRoleArns': ['arn:aws:iam::999999999999:role/x'] }))).toEqual([
      'environments.dev.alerting.keyAdministratorRoleArns[0]="arn:aws:iam::999999999999:role/x"',
    ]);
  });

  test.each(['dev,,prod', ',', 'dev,', ' , prod'])(
    'a malformed VAULT_ENV list (%j) gives one clear message',
    (value) => {
      // Act
      let error: unknown;
      try {
        selectEnvironments(value);
      } catch (e) {
        error = e;
      }
      // Assess
      expect(error).toBeInstanceOf(ConfigValidationError);
      const problems = (error as ConfigValidationError).problems;
      expect(problems).toHaveLength(1);
      expect(problems[0]?.message).toMatch(/^malformed list: write environment names separated by commas/);
    },
  );
});

describe('npx cdktf synth with invalid config', () => {
  const root = resolve(__dirname, '..');
  let outdir: string;
  beforeEach(() => {
    outdir = mkdtempSync(join(tmpdir(), 'vault-cdktf-'));
  });
  afterEach(() => rmSync(outdir, { recursive: true, force: true }));

  test('shows the problems once, without a stack trace, and fails', () => {
    // Prepare
    const env: NodeJS.ProcessEnv = { ...process.env, VAULT_ENV: 'nope', CHECKPOINT_DISABLE: '1', NO_COLOR: '1' };
    // Act
    const run = spawnSync(join(root, 'node_modules', '.bin', 'cdktf'), ['synth', '--output', outdir], {
      cwd: root,
      env,
      encoding: 'utf8',
    });
    const output = `${run.stdout}${run.stderr}`;
    // Assess
    expect(run.status).toBe(1);
    expect(output.split('VAULT_ENV: unknown environment; known: dev, staging, prod').length - 1).toBe(1);
    expect(output).not.toMatch(/dist\/main\.js:\d+|at selectEnvironments|ConfigValidationError/);
    expect(output).not.toContain('checkpoint-api');
  });
});
