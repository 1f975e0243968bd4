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
    alertTopicArn: stacks.alerting.alertTopicArn,
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
const ALERT_TOPIC_ARN = remote('dev-alerting', 'aws_sns_topicalert-topic', 'arn');
const ACCOUNT = '${data.aws_caller_identity.context_caller_CB9F32B7.account_id}';
/** A queue's ARN as the policies name it: built from the queue's name, so it is known in the first plan. */
const knownQueueArn = (name: string): string =>
  `arn:\${data.aws_partition.context_partition_B73F2326.partition}:sqs:\${data.aws_region.context_region_3F66BB3A.region}:${ACCOUNT}:${name}`;

const only = (s: JsonObject, type: string): JsonObject => {
  const all = Object.values(resourcesOf(s, type));
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return present(all[0], type);
};
const refOf = (s: JsonObject, type: string, attribute: string): string =>
  `\${${type}.${Object.keys(resourcesOf(s, type))[0]}.${attribute}}`;
/** The queue named `name`, and the reference to one of its attributes. */
const queueKey = (s: JsonObject, name: string): string =>
  present(Object.entries(resourcesOf(s, 'aws_sqs_queue')).find(([, q]) => q.name === name)?.[0], `queue ${name}`);
const queueRef = (s: JsonObject, name: string, attribute: string): string =>
  `\${aws_sqs_queue.${queueKey(s, name)}.${attribute}}`;
const queuePolicyOf = (s: JsonObject, name: string): Statement[] => {
  const policy = Object.values(resourcesOf(s, 'aws_sqs_queue_policy')).find(
    (p) => p.queue_url === queueRef(s, name, 'url'),
  ) as JsonObject;
  return policyStatements(s, documentIdOf(policy.policy));
};
const rolePolicy = (s: JsonObject = verifier): Statement[] =>
  policyStatements(s, documentIdOf(only(s, 'aws_iam_role_policy').policy));

describe('verifier stack', () => {
  test('uses the deterministic names other stacks derive ARNs from', () => {
    expect(only(verifier, 'aws_lambda_function').function_name).toBe(names.verifierFunction);
    expect(only(verifier, 'aws_iam_role').name).toBe(names.verifierRole);
    expect(only(verifier, 'aws_cloudwatch_log_group').name).toBe(names.verifierLogGroup);
    expect(Object.values(resourcesOf(verifier, 'aws_sqs_queue')).map((q) => q.name)).toEqual([
      names.verifierFailureQueue,
      names.verifierIntakeQueue,
    ]);
    expect(names.verifierIntakeQueue).toBe('biometric-vault-dev-verifier-intake');
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
      REKOGNITION_TPS: String(env.verifier.rekognitionTpsQuota),
      REKOGNITION_CONCURRENCY: String(env.verifier.maxConcurrency),
    });
    expect(Object.keys(vars).sort()).toEqual([
      'ALLOW_DETECTION_ONLY_WITHOUT_REFERENCE',
      'FACE_CONFIDENCE_THRESHOLD',
      'LEDGER_TABLE_NAME',
      'REKOGNITION_CONCURRENCY',
      'REKOGNITION_TPS',
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

  test('direct (asynchronous) invocations: bounded retries and age, failures to the encrypted failure queue', () => {
    const failures = names.verifierFailureQueue;
    expect(only(verifier, 'aws_lambda_function_event_invoke_config')).toMatchObject({
      function_name: refOf(verifier, 'aws_lambda_function', 'function_name'),
      maximum_retry_attempts: dev.verifier.maxAsyncRetries,
      maximum_event_age_in_seconds: 21600,
      destination_config: { on_failure: { destination: queueRef(verifier, failures, 'arn') } },
    });
    const queue = resourcesOf(verifier, 'aws_sqs_queue')[queueKey(verifier, failures)] as JsonObject;
    expect(queue.kms_master_key_id).toMatch(VAULT_KEY_ARN);
    expect(queue.message_retention_seconds).toBe(1209600);
    // Nothing may invoke it directly any more: S3 sends to the intake queue.
    expect(resourcesOf(verifier, 'aws_lambda_permission')).toEqual({});
  });

  test('S3 notifies the encrypted intake queue of every object created under uploads/, once its policy admits S3', () => {
    const intake = names.verifierIntakeQueue;
    const notification = only(verifier, 'aws_s3_bucket_notification');
    expect(notification.bucket).toMatch(VAULT_BUCKET_NAME);
    expect(notification).toMatchObject({
      // GuardDuty Malware Protection needs the bucket's EventBridge notification: keep it on.
      eventbridge: true,
      queue: [
        {
          events: ['s3:ObjectCreated:*'],
          filter_prefix: 'uploads/',
          id: 'verify-uploads',
          queue_arn: queueRef(verifier, intake, 'arn'),
        },
      ],
    });
    expect(notification).not.toHaveProperty('lambda_function');
    const intakePolicyKey = present(
      Object.entries(resourcesOf(verifier, 'aws_sqs_queue_policy')).find(
        ([, p]) => p.queue_url === queueRef(verifier, intake, 'url'),
      )?.[0],
      'the intake queue policy',
    );
    expect(notification.depends_on).toEqual([`aws_sqs_queue_policy.${intakePolicyKey}`]);
  });

  test('intake queue: VaultKey, 7 days, visibility six times the 60 s timeout, failure queue after maxReceiveCount', () => {
    const intake = resourcesOf(verifier, 'aws_sqs_queue')[queueKey(verifier, names.verifierIntakeQueue)] as JsonObject;
    expect(intake.kms_master_key_id).toMatch(VAULT_KEY_ARN);
    expect(intake).toMatchObject({
      message_retention_seconds: 604800,
      visibility_timeout_seconds: 360,
      redrive_policy: `\${jsonencode({"deadLetterTargetArn" = ${queueRef(verifier, names.verifierFailureQueue, 'arn').slice(2, -1)}, "maxReceiveCount" = 10})}`,
    });
    expect(only(verifier, 'aws_sqs_queue_redrive_allow_policy')).toEqual(
      expect.objectContaining({
        queue_url: queueRef(verifier, names.verifierFailureQueue, 'url'),
        redrive_allow_policy: `\${jsonencode({"redrivePermission" = "byQueue", "sourceQueueArns" = [${queueRef(verifier, names.verifierIntakeQueue, 'arn').slice(2, -1)}]})}`,
      }),
    );
  });

  test('intake queue policy: S3 sends only for the vault bucket of this account; only S3 and break-glass send, only the verifier and break-glass consume', () => {
    // The policy names the queue by the ARN of its name: the queue is created with exactly that name.
    expect(
      resourcesOf(verifier, 'aws_sqs_queue')[queueKey(verifier, 'biometric-vault-dev-verifier-intake')],
    ).toBeDefined();
    const arn = knownQueueArn('biometric-vault-dev-verifier-intake');
    const everyone = [{ type: '*', identifiers: ['*'] }];
    const breakGlass = `arn:\${data.aws_partition.context_partition_B73F2326.partition}:iam::${ACCOUNT}:role/biometric-vault-break-glass`;
    const verifierRole = `arn:\${data.aws_partition.context_partition_B73F2326.partition}:iam::${ACCOUNT}:role/biometric-vault-dev-verifier`;
    const statements = queuePolicyOf(verifier, names.verifierIntakeQueue);
    expect(statements.map((st) => st.sid)).toEqual([
      'DenyWithoutTls',
      'ServicePublisher0',
      'OnlyNamedSendersSend',
      'OnlyNamedConsumersConsume',
    ]);
    expect(statements[1]).toMatchObject({
      effect: 'Allow',
      principals: [{ type: 'Service', identifiers: ['s3.amazonaws.com'] }],
      actions: ['sqs:SendMessage'],
      resources: [arn],
    });
    expect(statements[1]?.condition?.[0]).toMatchObject({ test: 'ArnLike', variable: 'aws:SourceArn' });
    expect(statements[1]?.condition?.[0]?.values[0]).toMatch(VAULT_BUCKET_ARN);
    expect(statements[1]?.condition?.[1]).toEqual({
      test: 'StringEquals',
      variable: 'aws:SourceAccount',
      values: [ACCOUNT],
    });
    expect(statements[2]).toEqual({
      sid: 'OnlyNamedSendersSend',
      effect: 'Deny',
      principals: everyone,
      actions: ['sqs:SendMessage'],
      resources: [arn],
      condition: [
        { test: 'StringNotEquals', variable: 'aws:PrincipalServiceName', values: ['s3.amazonaws.com'] },
        { test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [breakGlass] },
      ],
    });
    expect(statements[3]).toEqual({
      sid: 'OnlyNamedConsumersConsume',
      effect: 'Deny',
      principals: everyone,
      actions: ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:PurgeQueue', 'sqs:ReceiveMessage'],
      resources: [arn],
      condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [verifierRole, breakGlass] }],
    });
    expect(queuePolicyOf(verifier, names.verifierFailureQueue).map((st) => st.sid)).toEqual([
      'DenyWithoutTls',
      'OnlyNamedConsumersConsume',
    ]);
  });

  test.each([
    ['dev', dev],
    ['prod', prod],
  ])('%s: the event source drains with bounded concurrency and reports partial batch failures', (name, env) => {
    const s = stack(`${name}-verifier`);
    expect(only(s, 'aws_lambda_event_source_mapping')).toMatchObject({
      event_source_arn: queueRef(s, resourceNames(env).verifierIntakeQueue, 'arn'),
      function_name: refOf(s, 'aws_lambda_function', 'function_name'),
      batch_size: env.verifier.batchSize,
      function_response_types: ['ReportBatchItemFailures'],
      scaling_config: { maximum_concurrency: env.verifier.maxConcurrency },
    });
    expect(env.verifier.reservedConcurrency).toBeGreaterThanOrEqual(env.verifier.maxConcurrency);
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
      'ListUploadVersionsOnly',
      'DrainIntakeQueue',
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
        's3:ListBucketVersions',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
        'sqs:ReceiveMessage',
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
    expect(bySid('ListUploadVersionsOnly').resources?.[0]).toMatch(VAULT_BUCKET_ARN);
    expect(bySid('ListUploadVersionsOnly').condition).toEqual([
      { test: 'StringLike', variable: 's3:prefix', values: ['uploads/*'] },
    ]);
    expect(bySid('DrainIntakeQueue').resources).toEqual([knownQueueArn('biometric-vault-dev-verifier-intake')]);
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
    expect(bySid('SendToFailureQueue').resources).toEqual([knownQueueArn('biometric-vault-dev-verifier-failures')]);
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

  test('alarms on errors, throttles, failure-queue depth, intake age, the UNAUTHORIZED rate and unusable references, to the alert topic', () => {
    const alarms = Object.values(resourcesOf(verifier, 'aws_cloudwatch_metric_alarm'));
    expect(alarms.map((a) => a.alarm_name).sort()).toEqual(
      ['errors', 'failure-queue', 'intake-age', 'reference-unusable', 'throttles', 'unauthorized-rate'].map(
        (n) => `biometric-vault-dev-verifier-${n}`,
      ),
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
    expect(resourceAt(verifier, 'aws_cloudwatch_metric_alarm', 'alarms/intake-age')).toMatchObject({
      namespace: 'AWS/SQS',
      metric_name: 'ApproximateAgeOfOldestMessage',
      comparison_operator: 'GreaterThanThreshold',
      threshold: 3600,
    });
    expect(resourceAt(verifier, 'aws_cloudwatch_metric_alarm', 'alarms/reference-unusable')).toMatchObject({
      namespace: 'BiometricVault',
      metric_name: 'ReferenceUnusable',
      dimensions: { service: 'verifier' },
      comparison_operator: 'GreaterThanOrEqualToThreshold',
      threshold: 1,
    });
  });

  test('without an alert topic the alarms exist and notify nobody', () => {
    const alarms = Object.values(resourcesOf(standalone({}), 'aws_cloudwatch_metric_alarm'));
    expect(alarms).toHaveLength(6);
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
