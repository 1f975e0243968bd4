import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from 'cdktf';
import { ENVIRONMENTS } from '../../config/environments';
import { resourceNames, stackName } from '../../config/names';
import type { EnvironmentConfig } from '../../config/types';
import { buildEnvironment } from '../../stacks/environment';
import { VerifierStack, type VerifierStackProps } from '../../stacks/verifier-stack';
import { buildVerifierZip } from '../../scripts/build-verifier';
import {
  documentIdOf,
  policyStatements,
  remoteOutput,
  resourceAt,
  resourcesOf,
  synthEnvironments,
  type JsonObject,
  type Statement,
} from '../helpers/synth';
import { present } from '../helpers/present';

const dev = ENVIRONMENTS.dev;
const prod = ENVIRONMENTS.prod;

/** A fixed package, for the standalone stack below. */
const fixtureDir = mkdtempSync(join(tmpdir(), 'verifier-stack-'));
const fixture = {
  zipPath: join(fixtureDir, 'verifier.zip'),
  sha256Base64: 'n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=',
};
writeFileSync(fixture.zipPath, 'fixture');
afterAll(() => rmSync(fixtureDir, { recursive: true, force: true }));

/** Every stack of the environment with the verifier, as `buildEnvironment` wires it (or as it would, until it does). */
function build(app: App, env: EnvironmentConfig): void {
  const stacks = buildEnvironment(app, env);
  if (app.node.tryFindChild(stackName(env, 'verifier')) !== undefined) return;
  new VerifierStack(app, env, {
    vaultKeyArn: stacks.keys.vaultKey.keyArn,
    vaultBucketName: stacks.storage.vaultBucket.bucketName,
    vaultBucketArn: stacks.storage.vaultBucket.bucketArn,
    ledgerTableName: stacks.ledger.ledger.tableName,
    ledgerTableArn: stacks.ledger.ledger.tableArn,
    alertTopicArn: stacks.audit.alertTopicArn,
    codeSigningConfigArn: stacks.guardrails.codeSigningConfigArn,
  });
}

/** The verifier alone, with literal inputs and the given props. */
function standalone(extra: Partial<VerifierStackProps>): JsonObject {
  const app = synthEnvironments([dev], (a, env) => {
    new VerifierStack(a, env, {
      vaultKeyArn: 'arn:aws:kms:eu-west-1:111111111111:key/k',
      vaultBucketName: 'b',
      vaultBucketArn: 'arn:aws:s3:::b',
      ledgerTableName: 't',
      ledgerTableArn: 'arn:aws:dynamodb:eu-west-1:111111111111:table/t',
      codeSigningConfigArn: 'arn:aws:lambda:eu-west-1:111111111111:code-signing-config:csc-0123456789abcdef0',
      package: fixture,
      ...extra,
    });
  });
  return app.stacks['dev-verifier']?.json ?? {};
}

const built = buildVerifierZip();
const synth = synthEnvironments([dev, prod], build);
const stack = synth.stack;
const verifier = stack('dev-verifier');
const names = resourceNames(dev);

const remote = (fromStack: string, resourceType: string, attribute: string): RegExp =>
  remoteOutput(fromStack, resourceType, attribute, { exact: true });
const VAULT_KEY_ARN = remote('dev-keys', 'aws_kms_keyVaultKey_key', 'arn');
const VAULT_BUCKET_ARN = remote('dev-storage', 'aws_s3_bucketvault_bucket', 'arn');
const VAULT_BUCKET_NAME = remote('dev-storage', 'aws_s3_bucketvault_bucket', 'bucket');
const LEDGER_ARN = remote('dev-ledger', 'aws_dynamodb_tableledger_table', 'arn');
const LEDGER_NAME = remote('dev-ledger', 'aws_dynamodb_tableledger_table', 'name');
const ALERT_TOPIC_ARN = remote('dev-audit', 'aws_sns_topicalert-topic', 'arn');
const ACCOUNT = '${data.aws_caller_identity.context_caller_CB9F32B7.account_id}';

const only = (s: JsonObject, type: string): JsonObject => {
  const all = Object.values(resourcesOf(s, type));
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return present(all[0], type);
};
const refOf = (s: JsonObject, type: string, attribute: string): string =>
  `\${${type}.${Object.keys(resourcesOf(s, type))[0]}.${attribute}}`;
const rolePolicy = (s: JsonObject = verifier): Statement[] =>
  policyStatements(s, documentIdOf(only(s, 'aws_iam_role_policy').policy));

describe('verifier stack', () => {
  test('uses the deterministic names other stacks derive ARNs from', () => {
    expect(only(verifier, 'aws_lambda_function').function_name).toBe(names.verifierFunction);
    expect(only(verifier, 'aws_iam_role').name).toBe(names.verifierRole);
    expect(only(verifier, 'aws_cloudwatch_log_group').name).toBe(names.verifierLogGroup);
    expect(only(verifier, 'aws_sqs_queue').name).toBe(names.verifierFailureQueue);
  });

  test('Node.js 22 on arm64, active tracing, reserved concurrency, environment encrypted with the VaultKey', () => {
    const fn = only(verifier, 'aws_lambda_function');
    expect(fn).toMatchObject({
      runtime: 'nodejs22.x',
      architectures: ['arm64'],
      handler: 'index.handler',
      tracing_config: { mode: 'Active' },
      reserved_concurrent_executions: dev.verifier.reservedConcurrency,
      source_code_hash: built.sha256Base64,
      role: refOf(verifier, 'aws_iam_role', 'arn'),
    });
    expect(fn.kms_key_arn).toMatch(VAULT_KEY_ARN);
    // A path relative to the stack directory: the same on every machine.
    expect(fn.filename).toMatch(/^assets\/function_package_[0-9A-F]+\/[0-9A-F]{32}\/verifier\.zip$/);
    expect(fn.depends_on).toEqual([
      `aws_cloudwatch_log_group.${Object.keys(resourcesOf(verifier, 'aws_cloudwatch_log_group'))[0]}`,
      `aws_iam_role_policy.${Object.keys(resourcesOf(verifier, 'aws_iam_role_policy'))[0]}`,
    ]);
  });

  test.each([
    ['dev', dev],
    ['prod', prod],
  ])('%s: thresholds and the detection-only switch come from the environment config', (name, env) => {
    const vars = ((only(stack(`${name}-verifier`), 'aws_lambda_function').environment as JsonObject).variables ??
      {}) as JsonObject;
    expect(vars).toMatchObject({
      FACE_CONFIDENCE_THRESHOLD: String(env.verifier.faceConfidenceThreshold),
      SIMILARITY_THRESHOLD: String(env.verifier.similarityThreshold),
      ALLOW_DETECTION_ONLY_WITHOUT_REFERENCE: String(env.verifier.allowDetectionOnlyWithoutReference),
    });
    expect(Object.keys(vars).sort()).toEqual([
      'ALLOW_DETECTION_ONLY_WITHOUT_REFERENCE',
      'FACE_CONFIDENCE_THRESHOLD',
      'LEDGER_TABLE_NAME',
      'NODE_OPTIONS',
      'SIMILARITY_THRESHOLD',
      'VAULT_KEY_ARN',
    ]);
    expect(Number(vars.FACE_CONFIDENCE_THRESHOLD)).toBeGreaterThan(1);
  });

  test('the function is told the ledger table and the VaultKey ARN (not an alias)', () => {
    const vars = (only(verifier, 'aws_lambda_function').environment as JsonObject).variables as JsonObject;
    expect(vars.LEDGER_TABLE_NAME).toMatch(LEDGER_NAME);
    expect(vars.VAULT_KEY_ARN).toMatch(VAULT_KEY_ARN);
  });

  test('log group: retention from config, encrypted with the VaultKey', () => {
    const group = only(verifier, 'aws_cloudwatch_log_group');
    expect(group.retention_in_days).toBe(dev.logRetentionDays);
    expect(group.kms_key_id).toMatch(VAULT_KEY_ARN);
    expect(only(stack('prod-verifier'), 'aws_cloudwatch_log_group').retention_in_days).toBe(prod.logRetentionDays);
  });

  test('asynchronous invocation: bounded retries and age, failures to the encrypted, TLS-only queue', () => {
    expect(only(verifier, 'aws_lambda_function_event_invoke_config')).toMatchObject({
      function_name: refOf(verifier, 'aws_lambda_function', 'function_name'),
      maximum_retry_attempts: dev.verifier.maxAsyncRetries,
      maximum_event_age_in_seconds: 21600,
      destination_config: { on_failure: { destination: refOf(verifier, 'aws_sqs_queue', 'arn') } },
    });
    const queue = only(verifier, 'aws_sqs_queue');
    expect(queue.kms_master_key_id).toMatch(VAULT_KEY_ARN);
    expect(queue.message_retention_seconds).toBe(1209600);
    const policy = policyStatements(verifier, documentIdOf(only(verifier, 'aws_sqs_queue_policy').policy));
    expect(policy).toEqual([
      {
        sid: 'DenyWithoutTls',
        effect: 'Deny',
        principals: [{ type: '*', identifiers: ['*'] }],
        actions: ['sqs:*'],
        resources: [refOf(verifier, 'aws_sqs_queue', 'arn')],
        condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
      },
    ]);
  });

  test('least privilege: exactly these actions on exactly these resources', () => {
    const statements = rolePolicy();
    const summary = statements.map((s) => ({
      sid: s.sid,
      effect: s.effect,
      actions: s.actions,
      resources: s.resources,
    }));
    expect(summary.map((s) => s.sid)).toEqual([
      'ReadUploadsAndReferences',
      'ListReferencesOnly',
      'DetectAndCompareFaces',
      'AppendLedgerRecords',
      'DecryptViaS3AndDynamoDB',
      'SendToFailureQueue',
      'EncryptFailureMessagesViaSqs',
      'WriteOwnLogs',
      'WriteTraces',
    ]);
    const bySid = (sid: string): Statement =>
      present(
        statements.find((s) => s.sid === sid),
        `statement ${sid}`,
      );
    for (const s of statements) expect(s.effect).toBe('Allow');
    expect(statements.flatMap((s) => s.actions ?? []).sort()).toEqual(
      [
        'dynamodb:PutItem',
        'kms:Decrypt',
        'kms:Decrypt',
        'kms:GenerateDataKey',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'rekognition:CompareFaces',
        'rekognition:DetectFaces',
        's3:GetObject',
        's3:GetObjectVersion',
        's3:ListBucket',
        'sqs:SendMessage',
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ].sort(),
    );
    const read = bySid('ReadUploadsAndReferences').resources ?? [];
    expect(read).toHaveLength(2);
    expect(read[0]).toMatch(
      /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-dev-storage\.[^}]+arn\}\/uploads\/\*$/,
    );
    expect(read[1]).toMatch(
      /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-dev-storage\.[^}]+arn\}\/references\/\*$/,
    );
    expect(bySid('ListReferencesOnly').resources?.[0]).toMatch(VAULT_BUCKET_ARN);
    expect(bySid('ListReferencesOnly').condition).toEqual([
      { test: 'StringLike', variable: 's3:prefix', values: ['references/*'] },
    ]);
    expect(bySid('AppendLedgerRecords').resources?.[0]).toMatch(LEDGER_ARN);
    for (const sid of ['DecryptViaS3AndDynamoDB', 'EncryptFailureMessagesViaSqs']) {
      expect(bySid(sid).resources).toHaveLength(1);
      expect(bySid(sid).resources?.[0]).toMatch(VAULT_KEY_ARN);
      expect(bySid(sid).condition?.find((c) => c.variable === 'kms:CallerAccount')?.values).toEqual([ACCOUNT]);
    }
    const via = (sid: string): string[] =>
      bySid(sid).condition?.find((c) => c.variable === 'kms:ViaService')?.values ?? [];
    expect(via('DecryptViaS3AndDynamoDB').map((v) => v.split('.')[0])).toEqual(['s3', 'dynamodb']);
    expect(via('EncryptFailureMessagesViaSqs').map((v) => v.split('.')[0])).toEqual(['sqs']);
    expect(bySid('SendToFailureQueue').resources).toEqual([refOf(verifier, 'aws_sqs_queue', 'arn')]);
    expect(bySid('WriteOwnLogs').resources?.[0]).toContain(`:log-group:${names.verifierLogGroup}:log-stream:*`);
    // Wildcard resources only where the service has no resource-level permissions.
    const wildcards = statements.filter((s) => (s.resources ?? []).includes('*')).map((s) => s.sid);
    expect(wildcards).toEqual(['DetectAndCompareFaces', 'WriteTraces']);
  });

  test('only Lambda assumes the role', () => {
    const role = only(verifier, 'aws_iam_role');
    expect(policyStatements(verifier, documentIdOf(role.assume_role_policy))).toEqual([
      {
        sid: 'LambdaAssumesRole',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }],
        actions: ['sts:AssumeRole'],
      },
    ]);
  });

  test('S3 invokes it for every object created under uploads/, scoped by source ARN and account', () => {
    expect(only(verifier, 'aws_lambda_permission')).toMatchObject({
      action: 'lambda:InvokeFunction',
      principal: 's3.amazonaws.com',
      function_name: refOf(verifier, 'aws_lambda_function', 'function_name'),
      source_account: ACCOUNT,
    });
    expect(only(verifier, 'aws_lambda_permission').source_arn).toMatch(VAULT_BUCKET_ARN);
    const notification = only(verifier, 'aws_s3_bucket_notification');
    expect(notification.bucket).toMatch(VAULT_BUCKET_NAME);
    expect(notification).toMatchObject({
      // GuardDuty Malware Protection needs the bucket's EventBridge notification: keep it on.
      eventbridge: true,
      lambda_function: [
        {
          events: ['s3:ObjectCreated:*'],
          filter_prefix: 'uploads/',
          id: 'verify-uploads',
          lambda_function_arn: refOf(verifier, 'aws_lambda_function', 'arn'),
        },
      ],
      depends_on: [`aws_lambda_permission.${Object.keys(resourcesOf(verifier, 'aws_lambda_permission'))[0]}`],
    });
  });

  test('alarms on errors, throttles, failure-queue depth and the UNAUTHORIZED rate, to the alert topic', () => {
    const alarms = Object.values(resourcesOf(verifier, 'aws_cloudwatch_metric_alarm'));
    expect(alarms.map((a) => a.alarm_name).sort()).toEqual(
      ['errors', 'failure-queue', 'throttles', 'unauthorized-rate'].map((n) => `biometric-vault-dev-verifier-${n}`),
    );
    for (const a of alarms) {
      expect((a.alarm_actions as string[])[0]).toMatch(ALERT_TOPIC_ARN);
      expect(a.treat_missing_data).toBe('notBreaching');
    }
    const unauthorized = resourceAt(verifier, 'aws_cloudwatch_metric_alarm', 'alarms/unauthorized-rate');
    expect(unauthorized).toMatchObject({
      namespace: 'BiometricVault',
      metric_name: 'DecisionUnauthorized',
      dimensions: { service: 'verifier' },
      threshold: dev.verifier.unauthorizedAlarmThreshold,
    });
    expect(
      resourceAt(stack('prod-verifier'), 'aws_cloudwatch_metric_alarm', 'alarms/unauthorized-rate').threshold,
    ).toBe(prod.verifier.unauthorizedAlarmThreshold);
    expect(resourceAt(verifier, 'aws_cloudwatch_metric_alarm', 'alarms/failure-queue')).toMatchObject({
      namespace: 'AWS/SQS',
      metric_name: 'ApproximateNumberOfMessagesVisible',
      threshold: 1,
    });
  });

  test('without an alert topic the alarms exist and notify nobody', () => {
    const alarms = Object.values(resourcesOf(standalone({}), 'aws_cloudwatch_metric_alarm'));
    expect(alarms).toHaveLength(4);
    for (const a of alarms) expect(a).not.toHaveProperty('alarm_actions');
  });

  test('deploys the package it is given', () => {
    expect(only(standalone({}), 'aws_lambda_function').source_code_hash).toBe(fixture.sha256Base64);
  });

  test("by default it deploys the reproducible build: source_code_hash is the zip's base64 SHA-256", () => {
    const fn = only(verifier, 'aws_lambda_function');
    expect(fn.source_code_hash).toBe(built.sha256Base64);
    expect(fn.filename).toMatch(/^assets\/function_package_[0-9A-F]+\/[0-9A-F]{32}\/verifier\.zip$/);
  });

  test('deploys a signed package from S3 by object version, under the code-signing config', () => {
    // Prepare
    const signed = {
      s3Bucket: 'biometric-vault-dev-artifacts-111111111111',
      s3Key: 'verifier/signed/job-1.zip',
      s3ObjectVersion: 'v-7',
    };
    // Act
    const fn = only(standalone({ package: signed }), 'aws_lambda_function');
    // Assess
    expect(fn).toMatchObject({
      s3_bucket: 'biometric-vault-dev-artifacts-111111111111',
      s3_key: 'verifier/signed/job-1.zip',
      s3_object_version: 'v-7',
      code_signing_config_arn: 'arn:aws:lambda:eu-west-1:111111111111:code-signing-config:csc-0123456789abcdef0',
    });
    expect(fn.filename).toBeUndefined();
    expect(fn.source_code_hash).toBeUndefined();
  });

  test('the environment stack attaches the code-signing config of the guardrails stack', () => {
    expect(only(verifier, 'aws_lambda_function').code_signing_config_arn).toMatch(
      remote('dev-guardrails', 'aws_lambda_code_signing_config', 'arn'),
    );
  });

  test.each([
    [{ s3Bucket: 'B', s3Key: 'k', s3ObjectVersion: 'v' }, 'package.s3Bucket: must be a bucket name'],
    [{ s3Bucket: 'b-b', s3Key: ' ', s3ObjectVersion: 'v' }, 'package.s3Key: must be an object key'],
    [{ s3Bucket: 'b-b', s3Key: 'k', s3ObjectVersion: 'null' }, 'package.s3ObjectVersion: must be the version id'],
  ])('refuses a signed package %j', (pkg, message) => {
    expect(() => standalone({ package: pkg })).toThrow(message);
  });

  test('synthesizes to identical JSON twice (no plan noise)', () => {
    const again = synthEnvironments([dev], build);
    expect(again.stacks['dev-verifier']?.text).toBe(synth.stacks['dev-verifier']?.text);
  });
});
