import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ENVIRONMENTS } from '../config/environments';
import { selectEnvironments } from '../config/select';
import type { EnvironmentConfig } from '../config/types';
import { ConfigValidationError, environmentProblems } from '../config/validate';
import { problemsOf, withPatch } from './helpers/config';

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
