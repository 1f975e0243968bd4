import { ENVIRONMENTS } from '../../config/environments';
import { resourceNames } from '../../config/names';
import {
  conditionValues,
  dataOf,
  documentIdOf,
  stringAttribute,
  policyStatements,
  resourceAt,
  resourcesOf,
  statement,
  synthEnvironments,
  type JsonObject,
  type Statement,
} from '../helpers/synth';
import { present } from '../helpers/present';
import {
  KEY_ADMINISTRATION,
  KEY_MATERIAL,
  KEY_METADATA,
  KEY_RECOVERY,
  LEDGER_MUTATIONS,
  LEDGER_READS,
} from '../helpers/expected-actions';

const dev = ENVIRONMENTS.dev;
const prod = ENVIRONMENTS.prod;
const synth = synthEnvironments([dev, prod]);
const stack = synth.stack;
const names = resourceNames(dev);
const partition = '${data.aws_partition.context_partition_';
const account = '${data.aws_caller_identity.context_caller_CB9F32B7.account_id}';

/** The concerns, one stack each, in the order they are applied (a stack reads only earlier ones). */
const CONCERN_ORDER = [
  'state',
  'keys',
  'alerting',
  'guardrails',
  'storage',
  'ledger',
  'audit',
  'threat-detection',
  'verifier',
  'ledger-integrity',
];

/** `<service>.<region from data source>.<partition DNS suffix from data source>` */
const regional = (service: string): RegExp =>
  new RegExp(
    `^${service}\\.\\$\\{data\\.aws_region\\.[^}]+\\.region\\}\\.\\$\\{data\\.aws_partition\\.[^}]+\\.dns_suffix\\}$`,
  );

function keyPolicy(keyStack: JsonObject, keyPath: string): Statement[] {
  const key = resourceAt(keyStack, 'aws_kms_key', keyPath);
  return policyStatements(keyStack, documentIdOf(key.policy));
}

function bucketPolicy(s: JsonObject, bucketPath: string): Statement[] {
  const policy = resourceAt(s, 'aws_s3_bucket_policy', `${bucketPath}/policy`);
  return policyStatements(s, documentIdOf(policy.policy));
}

describe('every stack', () => {
  const all = Object.keys(synth.stacks);

  test('both environments synthesize side by side with <env>-<concern> names', () => {
    expect(all).toEqual([
      'dev-alerting',
      'dev-audit',
      'dev-guardrails',
      'dev-keys',
      'dev-ledger',
      'dev-ledger-integrity',
      'dev-state',
      'dev-storage',
      'dev-threat-detection',
      'dev-verifier',
      'prod-alerting',
      'prod-audit',
      'prod-guardrails',
      'prod-keys',
      'prod-ledger',
      'prod-ledger-integrity',
      'prod-state',
      'prod-storage',
      'prod-threat-detection',
      'prod-verifier',
    ]);
  });

  test.each(all)('%s: provider default tags and allowed accounts', (name) => {
    const env = name.startsWith('prod') ? prod : dev;
    const provider = (stack(name).provider as JsonObject).aws as JsonObject[];
    // The audit stack also has a provider for us-east-1, where IAM delivers its events to EventBridge.
    const regions = name.endsWith('-audit') ? [env.region, 'us-east-1'] : [env.region];
    expect(provider.map((p) => [p.region, p.alias ?? null])).toEqual(
      regions.map((r, i) => [r, i === 0 ? null : 'global_events']),
    );
    for (const p of provider)
      expect(p).toMatchObject({ allowed_account_ids: env.allowedAccountIds, default_tags: provider[0]?.default_tags });
    expect(provider[0]).toMatchObject({
      region: env.region,
      allowed_account_ids: env.allowedAccountIds,
      default_tags: [
        {
          tags: {
            Project: 'biometric-vault',
            Environment: env.name,
            DataClassification: 'biometric',
            ManagedBy: 'cdktf',
          },
        },
      ],
    });
  });

  test.each(all.filter((n) => !n.endsWith('-state')))('%s: encrypted S3 backend with S3-native locking', (name) => {
    const env = name.startsWith('prod') ? prod : dev;
    const backend = ((stack(name).terraform as JsonObject).backend as JsonObject).s3;
    expect(backend).toEqual({
      bucket: env.stateBucketName,
      key: `${env.name}/${name}.tfstate`,
      region: env.region,
      encrypt: true,
      // The state key, by full ARN from config: the state bucket accepts writes under no other key.
      kms_key_id:
        env.name === 'prod'
          ? 'arn:aws:kms:eu-central-1:333333333333:key/00000000-0000-4000-8000-000000000003'
          : 'arn:aws:kms:eu-west-1:111111111111:key/00000000-0000-4000-8000-000000000001',
      use_lockfile: true,
    });
  });

  test('the state stack bootstraps on a local backend', () => {
    expect(((stack('dev-state').terraform as JsonObject).backend as JsonObject).local).toEqual({
      // Outside cdktf.out (resolved from cdktf.out/stacks/dev-state/): a re-synth never deletes it.
      path: '../../../terraform-state/dev-state.tfstate',
    });
  });

  test.each(all)('%s: no hard-coded partition, account id or ARN in resources', (name) => {
    const env = name.startsWith('prod') ? prod : dev;
    // Role ARNs named in config (administrators, deployers, data access) and the state key's ARN
    // (remote-state data sources carry the producer's backend settings) are the only literal ARNs.
    const configured = [
      ...env.keyAdministratorRoleArns,
      ...env.alerting.keyAdministratorRoleArns,
      ...env.deployerRoleArns,
      ...env.planRoleArns,
      ...env.signerRoleArns,
      ...env.auditorRoleArns,
      ...env.dataAccess.uploaderRoleArns,
      ...env.dataAccess.enrollerRoleArns,
      ...env.dataAccess.ledgerReaderRoleArns,
      ...env.dataAccess.verificationRoleArns,
      ...env.dataAccess.erasureOperatorRoleArns,
      env.stateKeyArn,
    ];
    let body = JSON.stringify({ resource: stack(name).resource, data: stack(name).data });
    for (const arn of configured) body = body.replaceAll(arn, '');
    expect(body).not.toMatch(/arn:aws:/);
    for (const id of env.allowedAccountIds) {
      // The only literal account ids allowed are inside the configured state bucket name.
      expect(body.replaceAll(env.stateBucketName, '')).not.toContain(id);
    }
  });

  test('stack dependencies only point backwards: state -> keys -> storage, ledger', () => {
    const manifest = JSON.parse(synth.manifest) as { stacks: Record<string, { dependencies: string[] }> };
    const order = (n: string): number => CONCERN_ORDER.indexOf(n.replace(/^[a-z0-9]+-/, ''));
    for (const [name, entry] of Object.entries(manifest.stacks)) {
      for (const dep of entry.dependencies) {
        expect([name, dep, order(dep) < order(name)]).toEqual([name, dep, true]);
        expect(dep.split('-')[0]).toBe(name.split('-')[0]);
      }
    }
    expect(manifest.stacks['dev-storage']?.dependencies).toEqual(expect.arrayContaining(['dev-keys', 'dev-state']));
    expect(manifest.stacks['dev-keys']?.dependencies).toEqual(['dev-state']);
  });
});

describe('keys stack', () => {
  const keys = stack('dev-keys');

  test.each(['VaultKey', 'AuditKey'])(
    '%s: symmetric, rotating yearly, 30-day window, prevent_destroy, lockout check on',
    (id) => {
      const key = resourceAt(keys, 'aws_kms_key', `${id}/key`);
      expect(key).toMatchObject({
        customer_master_key_spec: 'SYMMETRIC_DEFAULT',
        key_usage: 'ENCRYPT_DECRYPT',
        enable_key_rotation: true,
        rotation_period_in_days: 365,
        deletion_window_in_days: 30,
        bypass_policy_lockout_safety_check: false,
        multi_region: false,
        lifecycle: { prevent_destroy: true },
      });
    },
  );

  test('aliases come from config, audit logs get their own key, the ledger digests a signing key', () => {
    expect(resourceAt(keys, 'aws_kms_alias', 'VaultKey/alias').name).toBe(dev.keyAlias);
    expect(resourceAt(keys, 'aws_kms_alias', 'AuditKey/alias').name).toBe(dev.auditKeyAlias);
    expect(resourceAt(keys, 'aws_kms_alias', 'LedgerSigningKey/alias').name).toBe(
      'alias/biometric-vault-dev-ledger-digest-signing',
    );
    expect(Object.keys(resourcesOf(keys, 'aws_kms_key'))).toHaveLength(3);
  });

  describe.each(['VaultKey', 'AuditKey'])('%s policy', (id) => {
    const statements = keyPolicy(keys, `${id}/key`);

    test('no wildcard action and no unconditioned Allow to anyone', () => {
      for (const s of statements) {
        expect(s.actions?.some((a) => a.includes('*'))).toBeFalsy();
        const anyone = s.principals?.some((p) => p.identifiers.includes('*'));
        if (s.effect !== 'Deny') expect([s.sid, anyone]).toEqual([s.sid, false]);
        if (s.effect !== 'Deny') expect([s.sid, (s.condition ?? []).length > 0]).toEqual([s.sid, true]);
      }
    });

    test('account root user only, for recovery', () => {
      const root = statement(statements, 'RootUserRecovery');
      expect(conditionValues(root, 'StringEquals', 'aws:PrincipalType')).toEqual(['Account']);
      expect(root.actions).toEqual(KEY_RECOVERY);
      expect(root.actions?.filter((a) => KEY_MATERIAL.includes(a))).toEqual([]);
    });

    test('administrators cannot use the key', () => {
      const admin = statement(statements, 'KeyAdministration');
      expect(admin.actions?.filter((a) => KEY_MATERIAL.includes(a))).toEqual([]);
      expect(admin.actions).toEqual(KEY_ADMINISTRATION);
      // The named key-administration role from config, never "whoever runs Terraform".
      expect(conditionValues(admin, 'ArnEquals', 'aws:PrincipalArn')).toEqual([
        'arn:aws:iam::111111111111:role/biometric-vault-key-admin',
      ]);
    });

    test('users cannot administer it', () => {
      for (const s of statements.filter(
        (x) => !['RootUserRecovery', 'KeyAdministration', 'AwsResourceGrantsForDeployment'].includes(x.sid ?? ''),
      )) {
        // Changing the key; reading its metadata (plan roles) is not administration.
        const changes = KEY_ADMINISTRATION.filter((a) => !KEY_METADATA.includes(a));
        expect([s.sid, s.actions?.filter((a) => changes.includes(a))]).toEqual([s.sid, []]);
      }
    });
  });

  test('VaultKey: data users only through S3, and through DynamoDB only for the ledger, of this account', () => {
    const s3 = statement(keyPolicy(keys, 'VaultKey/key'), 'DataUseViaS3');
    expect(conditionValues(s3, 'StringEquals', 'kms:ViaService')).toEqual([expect.stringMatching(regional('s3'))]);
    expect(conditionValues(s3, 'StringEquals', 'kms:CallerAccount')).toEqual([account]);
    expect(conditionValues(s3, 'ArnEquals', 'aws:PrincipalArn')?.[0]).toMatch(
      new RegExp(`:role/${names.verifierRole}$`),
    );
    const ledger = statement(keyPolicy(keys, 'VaultKey/key'), 'LedgerUseViaDynamoDB');
    expect(ledger.actions).toEqual(['kms:Decrypt']);
    expect(conditionValues(ledger, 'StringEquals', 'kms:ViaService')).toEqual([
      expect.stringMatching(regional('dynamodb')),
    ]);
    expect(conditionValues(ledger, 'StringEquals', 'kms:EncryptionContext:aws:dynamodb:tableName')).toEqual([
      'biometric-vault-dev-ledger',
    ]);
    for (const x of [s3, ledger]) expect(x.actions).not.toContain('kms:CreateGrant');
  });

  test('VaultKey: CloudWatch Logs only for the verifier log group (encryption context)', () => {
    const s = statement(keyPolicy(keys, 'VaultKey/key'), 'CloudWatchLogsForNamedLogGroups');
    expect(s.principals).toEqual([{ type: 'Service', identifiers: [expect.stringMatching(regional('logs'))] }]);
    expect(conditionValues(s, 'ArnEquals', 'kms:EncryptionContext:aws:logs:arn')?.[0]).toMatch(
      new RegExp(`:log-group:${names.verifierLogGroup}$`),
    );
  });

  test('AuditKey: CloudTrail only for this trail (encryption context and source ARN)', () => {
    const s = statement(keyPolicy(keys, 'AuditKey/key'), 'CloudTrailEncryptLogsOfThisTrail');
    expect(s.actions).toEqual(['kms:GenerateDataKey']);
    expect(conditionValues(s, 'StringLike', 'kms:EncryptionContext:aws:cloudtrail:arn')?.[0]).toMatch(
      new RegExp(`^arn:\\$\\{data\\.aws_partition\\.[^}]+\\}:cloudtrail:\\*:.+:trail/${names.trail}$`),
    );
    expect(conditionValues(s, 'StringEquals', 'aws:SourceArn')?.[0]).toMatch(new RegExp(`:trail/${names.trail}$`));
  });

  test('AuditKey: the data users of the VaultKey get nothing on it', () => {
    const audit = keyPolicy(keys, 'AuditKey/key');
    for (const s of audit) {
      const principals = conditionValues(s, 'ArnEquals', 'aws:PrincipalArn') ?? [];
      expect(principals.some((p) => p.endsWith(`:role/${names.verifierRole}`))).toBe(false);
    }
  });
});

describe('storage stack', () => {
  const storage = stack('dev-storage');
  const vaultKeyRef = (s: string): boolean => s.includes('cross-stack-output-aws_kms_keyVaultKey_key');

  test('vault bucket: SSE-KMS with the VaultKey, no S3 Bucket Key (uploaders need no Decrypt), SSE-C blocked', () => {
    const sse = resourceAt(storage, 'aws_s3_bucket_server_side_encryption_configuration', 'vault/encryption');
    const rule = present((sse.rule as JsonObject[])[0], 'the encryption rule');
    const byDefault = rule.apply_server_side_encryption_by_default as JsonObject;
    expect(byDefault.sse_algorithm).toBe('aws:kms');
    expect(vaultKeyRef(stringAttribute(byDefault.kms_master_key_id))).toBe(true);
    expect(rule.bucket_key_enabled).toBe(false);
    expect(rule.blocked_encryption_types).toEqual(['SSE-C']);
  });

  test.each(['vault', 'access-logs'])(
    '%s bucket: public access blocked, ACLs disabled, versioned, no force_destroy, prevent_destroy',
    (b) => {
      expect(resourceAt(storage, 'aws_s3_bucket_public_access_block', `${b}/public-access-block`)).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
      expect(resourceAt(storage, 'aws_s3_bucket_ownership_controls', `${b}/ownership`).rule).toEqual({
        object_ownership: 'BucketOwnerEnforced',
      });
      expect(resourceAt(storage, 'aws_s3_bucket_versioning', `${b}/versioning`).versioning_configuration).toEqual({
        status: 'Enabled',
      });
      expect(resourceAt(storage, 'aws_s3_bucket', `${b}/bucket`)).toMatchObject({
        force_destroy: false,
        lifecycle: { prevent_destroy: true },
      });
    },
  );

  test('vault bucket policy denies non-TLS, TLS < 1.2, and PutObject without SSE-KMS or with another key', () => {
    const statements = bucketPolicy(storage, 'vault');
    expect(conditionValues(statement(statements, 'DenyInsecureTransport'), 'Bool', 'aws:SecureTransport')).toEqual([
      'false',
    ]);
    expect(conditionValues(statement(statements, 'DenyOutdatedTls'), 'NumericLessThan', 's3:TlsVersion')).toEqual([
      '1.2',
    ]);
    const noKms = statement(statements, 'DenyPutWithoutSseKms');
    expect(noKms).toMatchObject({ effect: 'Deny', actions: ['s3:PutObject'] });
    expect(conditionValues(noKms, 'StringNotEquals', 's3:x-amz-server-side-encryption')).toEqual(['aws:kms']);
    const otherKey = statement(statements, 'DenyPutWithOtherKmsKey');
    const keyIds = conditionValues(otherKey, 'StringNotEquals', 's3:x-amz-server-side-encryption-aws-kms-key-id') ?? [];
    expect(keyIds).toHaveLength(1);
    expect(vaultKeyRef(present(keyIds[0], 'a key id'))).toBe(true);
    for (const s of statements.filter((x) => x.sid?.startsWith('Deny'))) {
      expect(s.principals).toEqual([{ type: '*', identifiers: ['*'] }]);
    }
  });

  test('vault bucket: writes only under uploads/ and references/, versions deletable only by break-glass', () => {
    const statements = bucketPolicy(storage, 'vault');
    const outside = statement(statements, 'DenyWritesOutsideVaultPrefixes');
    expect(outside.not_resources?.map((r) => r.replace(/^.*\}\//, ''))).toEqual([
      'uploads/*',
      'references/*',
      'malware-protection-resource-validation-object',
    ]);
    // The validation object is the only key exempt from the SSE-KMS rules, by exact name.
    for (const sid of ['DenyPutWithoutSseKms', 'DenyPutWithOtherKmsKey']) {
      const s = statement(statements, sid);
      expect(s.resources).toBeUndefined();
      expect(s.not_resources?.map((r) => r.replace(/^.*\}\//, ''))).toEqual([
        'malware-protection-resource-validation-object',
      ]);
    }
    const versions = statement(statements, 'DenyVersionDeletionExceptBreakGlass');
    expect(conditionValues(versions, 'ArnNotEquals', 'aws:PrincipalArn')?.[0]).toMatch(
      new RegExp(`:role/${dev.breakGlassRoleName}$`),
    );
  });

  test('lifecycle expires uploads and their old versions after the retention, never references', () => {
    const lifecycle = resourceAt(storage, 'aws_s3_bucket_lifecycle_configuration', 'vault/lifecycle');
    const rules = lifecycle.rule as JsonObject[];
    const uploads = present(
      rules.find((r) => r.id === 'expire-uploaded-images'),
      'the expire-uploaded-images rule',
    );
    expect(uploads).toMatchObject({
      status: 'Enabled',
      filter: [{ prefix: 'uploads/' }],
      expiration: [{ days: dev.imageRetentionDays }],
      noncurrent_version_expiration: [{ noncurrent_days: dev.imageRetentionDays }],
    });
    for (const rule of rules) {
      const prefix = ((rule.filter as JsonObject[] | undefined)?.[0]?.prefix ?? '') as string;
      const expires = rule.expiration !== undefined || rule.noncurrent_version_expiration !== undefined;
      if (expires) expect([rule.id, prefix]).toEqual([rule.id, 'uploads/']);
    }
  });

  test('server access logs of the vault bucket go to the separate access-log bucket', () => {
    const logging = resourceAt(storage, 'aws_s3_bucket_logging', 'vault/access-logging');
    expect(stringAttribute(logging.target_bucket)).toMatch(
      /^\$\{aws_s3_bucket\.access-logs_bucket_[A-Z0-9]+\.bucket\}$/,
    );
    expect(logging.target_prefix).toBe('s3-access-logs/vault/');
  });

  test('access-log bucket: SSE-S3 (log delivery supports no CMK), no Object Lock, delivery only from the buckets that log here', () => {
    const sse = resourceAt(storage, 'aws_s3_bucket_server_side_encryption_configuration', 'access-logs/encryption');
    expect((sse.rule as JsonObject[])[0]?.apply_server_side_encryption_by_default).toEqual({
      sse_algorithm: 'AES256',
    });
    expect(resourceAt(storage, 'aws_s3_bucket', 'access-logs/bucket').object_lock_enabled).toBeUndefined();
    expect(Object.keys(resourcesOf(storage, 'aws_s3_bucket_object_lock_configuration'))).toEqual([]);
    const delivery = statement(bucketPolicy(storage, 'access-logs'), 'S3ServerAccessLogDelivery');
    expect(delivery.principals).toEqual([{ type: 'Service', identifiers: ['logging.s3.amazonaws.com'] }]);
    expect(conditionValues(delivery, 'StringEquals', 'aws:SourceAccount')).toEqual([account]);
    expect(
      conditionValues(delivery, 'ArnLike', 'aws:SourceArn')?.map((a) => a.replace(/^arn:\$\{[^}]+\}/, 'arn:P')),
    ).toEqual([
      'arn:P:s3:::biometric-vault-dev-vault-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}',
      'arn:P:s3:::biometric-vault-dev-artifacts-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}',
      'arn:P:s3:::biometric-vault-dev-trail-${data.aws_caller_identity.context_caller_CB9F32B7.account_id}',
    ]);
    // Access logs name every object key: only the audit-log readers and break-glass read them.
    const reads = statement(bucketPolicy(storage, 'access-logs'), 'DenyObjectReadsExceptReaders');
    expect(conditionValues(reads, 'ArnNotEquals', 'aws:PrincipalArn')).toEqual([
      'arn:aws:iam::111111111111:role/biometric-vault-verification',
      expect.stringMatching(/:role\/biometric-vault-break-glass$/),
    ]);
  });
});

describe('state stack', () => {
  const state = stack('dev-state');

  test('state bucket: named from config, versioned, encrypted under the state key, TLS-only, prevent_destroy', () => {
    expect(resourceAt(state, 'aws_s3_bucket', 'state/bucket')).toMatchObject({
      bucket: dev.stateBucketName,
      lifecycle: { prevent_destroy: true },
    });
    expect(resourceAt(state, 'aws_s3_bucket_versioning', 'state/versioning').versioning_configuration).toEqual({
      status: 'Enabled',
    });
    const sse = resourceAt(state, 'aws_s3_bucket_server_side_encryption_configuration', 'state/encryption');
    expect((sse.rule as JsonObject[])[0]?.apply_server_side_encryption_by_default).toEqual({
      sse_algorithm: 'aws:kms',
      kms_master_key_id: '${aws_kms_key.StateKey_key_AA598777.arn}',
    });
    // No S3 Bucket Key: each state object is its own KMS encryption context.
    expect(((sse.rule as JsonObject[])[0] as JsonObject).bucket_key_enabled).toBe(false);
    const statements = bucketPolicy(state, 'state');
    expect(statement(statements, 'DenyInsecureTransport').effect).toBe('Deny');
    expect(statement(statements, 'DenyStateDeletionExceptBreakGlass')).toMatchObject({
      actions: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
      not_resources: [
        `arn:\${data.aws_partition.context_partition_B73F2326.partition}:s3:::${dev.stateBucketName}/*.tflock`,
      ],
    });
    expect(resourceAt(state, 'aws_s3_bucket_logging', 'state/access-logging')).toMatchObject({
      target_prefix: 's3-access-logs/state/',
    });
  });
});

describe('ledger stack', () => {
  const ledger = stack('dev-ledger');
  const table = resourceAt(ledger, 'aws_dynamodb_table', 'ledger/table');

  test('on demand, CMK-encrypted with the VaultKey, PITR, deletion protection', () => {
    expect(table).toMatchObject({
      name: names.ledgerTable,
      billing_mode: 'PAY_PER_REQUEST',
      point_in_time_recovery: { enabled: true },
      deletion_protection_enabled: true,
      lifecycle: { prevent_destroy: true },
    });
    const sse = table.server_side_encryption as JsonObject;
    expect(sse.enabled).toBe(true);
    expect(stringAttribute(sse.kms_key_arn)).toContain('cross-stack-output-aws_kms_keyVaultKey_key');
  });

  test("key schema is the verifier's: one record per upload attempt, queryable by subject and time", () => {
    expect(table.hash_key).toBe('pk');
    expect(table.range_key).toBeUndefined();
    expect(table.attribute).toEqual([
      { name: 'pk', type: 'S' },
      { name: 'subjectId', type: 'S' },
      { name: 'recordedAt', type: 'S' },
    ]);
    expect(table.global_secondary_index).toEqual([
      { name: 'bySubject', hash_key: 'subjectId', range_key: 'recordedAt', projection_type: 'ALL' },
    ]);
  });

  test('resource policy: append-only, only the writer puts, only break-glass mutates', () => {
    const policy = resourceAt(ledger, 'aws_dynamodb_resource_policy', 'ledger/resource-policy');
    const statements = policyStatements(ledger, documentIdOf(policy.policy));
    const mutate = statement(statements, 'DenyRecordMutationExceptBreakGlass');
    expect(mutate.effect).toBe('Deny');
    expect(mutate.actions).toEqual(LEDGER_MUTATIONS);
    expect(conditionValues(mutate, 'ArnNotEquals', 'aws:PrincipalArn')?.[0]).toMatch(
      new RegExp(`:role/${dev.breakGlassRoleName}$`),
    );
    const put = statement(statements, 'DenyAppendExceptWriter');
    expect(put.actions).toEqual(['dynamodb:PartiQLInsert', 'dynamodb:PutItem']);
    expect(conditionValues(put, 'ArnNotEquals', 'aws:PrincipalArn')?.[0]).toMatch(
      new RegExp(`:role/${names.verifierRole}$`),
    );
    const allow = statements.filter((s) => s.effect === 'Allow');
    expect(allow.map((s) => s.sid)).toEqual(['AllowWriterAppend', 'AllowErasureAppend']);
    expect(allow.map((s) => s.actions)).toEqual([['dynamodb:PutItem'], ['dynamodb:PutItem']]);
    // The erasure role appends only ERASURE# records; the writers none of them.
    expect(statement(statements, 'AllowErasureAppend').condition).toEqual([
      {
        test: 'ArnEquals',
        variable: 'aws:PrincipalArn',
        values: [expect.stringMatching(/:role\/biometric-vault-dev-erasure$/)],
      },
      { test: 'ForAllValues:StringLike', variable: 'dynamodb:LeadingKeys', values: ['ERASURE#*'] },
      { test: 'Null', variable: 'dynamodb:LeadingKeys', values: ['false'] },
    ]);
    expect(statement(statements, 'DenyErasureRoleOtherRecords').condition?.[1]).toEqual({
      test: 'ForAnyValue:StringNotLike',
      variable: 'dynamodb:LeadingKeys',
      values: ['ERASURE#*'],
    });
    expect(statement(statements, 'DenyWritersErasureRecords').condition?.[1]).toEqual({
      test: 'ForAnyValue:StringLike',
      variable: 'dynamodb:LeadingKeys',
      values: ['ERASURE#*'],
    });
  });

  test('prod uses the prod names and keeps deletion protection', () => {
    const prodTable = resourceAt(stack('prod-ledger'), 'aws_dynamodb_table', 'ledger/table');
    expect(prodTable.name).toBe(resourceNames(prod).ledgerTable);
    expect(prodTable.deletion_protection_enabled).toBe(true);
  });
});

test('no ARN is built from a literal partition (config-named roles and the state key aside)', () => {
  for (const [name, s] of Object.entries(synth.stacks)) {
    // An ARN inside an event pattern (JSON in a string) ends in an escaped quote.
    const arns = (s.text.match(/"arn:[^"]*"/g) ?? [])
      .map((a) => a.replace(/\\"$/, '"'))
      .filter(
        (a) =>
          !/^"arn:aws:iam::\d{12}:role\/[\w+=,.@-]+"$/.test(a) &&
          a !== `"${dev.stateKeyArn}"` &&
          a !== `"${prod.stateKeyArn}"`,
      );
    for (const arn of arns) expect([name, arn.startsWith(`"arn:${partition}`)]).toEqual([name, true]);
  }
});

test('after bootstrap, the state stack keeps its own state in the bucket, locked, under the state key', () => {
  const migrated = present(
    synthEnvironments([{ ...dev, stateBackend: 's3' }]).stacks['dev-state'],
    'stack dev-state',
  ).json;
  expect(((migrated.terraform as JsonObject).backend as JsonObject).s3).toEqual({
    bucket: dev.stateBucketName,
    key: 'dev/dev-state.tfstate',
    region: dev.region,
    encrypt: true,
    kms_key_id: 'arn:aws:kms:eu-west-1:111111111111:key/00000000-0000-4000-8000-000000000001',
    use_lockfile: true,
  });
  // From then on, a plan fails when the configured key is not the state key (instead of writing
  // state the bucket would refuse).
  const key = resourceAt(migrated, 'aws_kms_key', 'StateKey/key');
  expect((key.lifecycle as JsonObject).postcondition).toEqual([
    {
      condition: '${self.arn == "arn:aws:kms:eu-west-1:111111111111:key/00000000-0000-4000-8000-000000000001"}',
      error_message:
        "config stateKeyArn (arn:aws:kms:eu-west-1:111111111111:key/00000000-0000-4000-8000-000000000001) is not this environment's state key: set it to the state_key_arn output of dev-state",
    },
  ]);
});

describe('separated duties with configured roles (prod)', () => {
  const keys = stack('prod-keys');
  const vault = keyPolicy(keys, 'VaultKey/key');
  const principalsOf = (sid: string): string[] =>
    conditionValues(statement(vault, sid), 'ArnEquals', 'aws:PrincipalArn') ?? [];
  const viaOf = (sid: string): string[] =>
    (conditionValues(statement(vault, sid), 'StringEquals', 'kms:ViaService') ?? []).map((v) => v.split('.')[0] ?? '');
  const breakGlass = `:role/${prod.breakGlassRoleName}`;

  test('administrators, deployers, plan roles and data roles are the configured ones, each in its own statement', () => {
    expect(principalsOf('KeyAdministration')).toEqual([...prod.keyAdministratorRoleArns]);
    expect(statement(vault, 'KeyMetadataForPlans')).toMatchObject({ actions: KEY_METADATA });
    expect(principalsOf('KeyMetadataForPlans')).toEqual([...prod.planRoleArns]);
    expect(principalsOf('PutUploadsViaS3')).toEqual([...prod.dataAccess.uploaderRoleArns]);
    expect(principalsOf('PutReferencesViaS3')).toEqual([...prod.dataAccess.enrollerRoleArns]);
    expect(principalsOf('RestoreObjectsViaS3')).toEqual([expect.stringMatching(new RegExp(`${breakGlass}$`))]);
    // Ledger readers, break-glass, the stream consumer (the stream is encrypted with the table's key) and the
    // erasure role (the subject index and its erasure records).
    expect(principalsOf('ReadLedgerViaDynamoDB').slice(0, -3)).toEqual([...prod.dataAccess.ledgerReaderRoleArns]);
    expect(principalsOf('ReadLedgerViaDynamoDB').slice(-3)).toEqual([
      expect.stringMatching(new RegExp(`${breakGlass}$`)),
      expect.stringMatching(/:role\/biometric-vault-prod-ledger-stream$/),
      expect.stringMatching(/:role\/biometric-vault-prod-erasure$/),
    ]);
  });

  test('deployers use the key only through DynamoDB (for the ledger) and Lambda, as AWS requires to create the ledger and the encrypted environment', () => {
    expect(principalsOf('CreateTablesViaDynamoDB').slice(0, -1)).toEqual([...prod.deployerRoleArns]);
    expect(statement(vault, 'CreateTablesViaDynamoDB').actions).toEqual(['kms:CreateGrant', 'kms:DescribeKey']);
    expect(principalsOf('DeployLedgerViaDynamoDB')).toEqual([...prod.deployerRoleArns]);
    expect(viaOf('DeployLedgerViaDynamoDB')).toEqual(['dynamodb']);
    expect(
      conditionValues(
        statement(vault, 'DeployLedgerViaDynamoDB'),
        'StringEquals',
        'kms:EncryptionContext:aws:dynamodb:tableName',
      ),
    ).toEqual(['biometric-vault-prod-ledger']);
    // Break-glass restores the ledger under its own name or one derived from it.
    expect(principalsOf('RestoreLedgerViaDynamoDB')).toEqual([expect.stringMatching(new RegExp(`${breakGlass}$`))]);
    expect(
      conditionValues(
        statement(vault, 'RestoreLedgerViaDynamoDB'),
        'StringLike',
        'kms:EncryptionContext:aws:dynamodb:tableName',
      ),
    ).toEqual(['biometric-vault-prod-ledger', 'biometric-vault-prod-ledger-*']);
    expect(principalsOf('DeployFunctionEnvironmentViaLambda')).toEqual([...prod.deployerRoleArns]);
    expect(viaOf('DeployFunctionEnvironmentViaLambda')).toEqual(['lambda']);
    expect(statement(vault, 'DeployFunctionEnvironmentViaLambda').actions).toEqual([
      'kms:CreateGrant',
      'kms:Decrypt',
      'kms:DescribeKey',
      'kms:Encrypt',
    ]);
    for (const sid of ['CreateTablesViaDynamoDB', 'DeployLedgerViaDynamoDB', 'DeployFunctionEnvironmentViaLambda']) {
      const administration = KEY_ADMINISTRATION.filter((a) => a !== 'kms:DescribeKey');
      expect(statement(vault, sid).actions?.filter((a) => administration.includes(a))).toEqual([]);
    }
  });

  test('the verifier only decrypts, through S3 and (for the ledger) DynamoDB; uploads only through S3, each writer under its prefix', () => {
    expect(statement(vault, 'DataUseViaS3').actions).toEqual(['kms:Decrypt', 'kms:DescribeKey']);
    expect(viaOf('DataUseViaS3')).toEqual(['s3']);
    expect(viaOf('LedgerUseViaDynamoDB')).toEqual(['dynamodb']);
    // Uploaders and enrollment put objects with data keys, and never decrypt (no read-back); each only
    // for objects under its own prefix (S3's encryption context names the object).
    for (const [sid, prefix] of [
      ['PutUploadsViaS3', 'uploads'],
      ['PutReferencesViaS3', 'references'],
    ] as const) {
      expect(statement(vault, sid).actions).toEqual(['kms:GenerateDataKey']);
      expect(viaOf(sid)).toEqual(['s3']);
      expect(
        conditionValues(statement(vault, sid), 'StringLike', 'kms:EncryptionContext:aws:s3:arn')?.map((a) =>
          a.replace(/^arn:\$\{[^}]+\}:s3:::biometric-vault-prod-vault-\$\{[^}]+\}/, 'VAULT'),
        ),
      ).toEqual([`VAULT/${prefix}/*`]);
    }
  });

  test("plan roles decrypt only the project's function environments, through Lambda", () => {
    const s = statement(vault, 'ReadFunctionEnvironmentViaLambda');
    expect(s.actions).toEqual(['kms:Decrypt']);
    expect(principalsOf('ReadFunctionEnvironmentViaLambda')).toEqual([...prod.planRoleArns]);
    expect(viaOf('ReadFunctionEnvironmentViaLambda')).toEqual(['lambda']);
    expect(conditionValues(s, 'StringEquals', 'kms:EncryptionContext:LambdaFunctionName')).toEqual([
      'biometric-vault-prod-verifier',
      'biometric-vault-prod-ledger-stream',
      'biometric-vault-prod-ledger-digest',
    ]);
  });

  test('named roles need no session-context lookup (no iam:GetRole on the caller), in dev too', () => {
    for (const concern of ['keys', 'storage', 'ledger']) {
      expect([concern, Object.keys(dataOf(stack(`prod-${concern}`), 'aws_iam_session_context'))]).toEqual([
        concern,
        [],
      ]);
    }
    expect(Object.keys(dataOf(stack('dev-keys'), 'aws_iam_session_context'))).toHaveLength(0);
  });

  test('ledger records are read, backed up, exported, restored or streamed only by ledger readers and break-glass', () => {
    const policy = resourceAt(stack('prod-ledger'), 'aws_dynamodb_resource_policy', 'ledger/resource-policy');
    const statements = policyStatements(stack('prod-ledger'), documentIdOf(policy.policy));
    const reads = statement(statements, 'DenyReadsExceptReaders');
    expect(reads.actions).toEqual(LEDGER_READS);
    expect(reads.resources?.[1]).toMatch(/\/index\/\*$/);
    const copies = statement(statements, 'DenyCopiesExceptReaders');
    expect(copies.actions).toEqual([
      'dynamodb:CreateBackup',
      'dynamodb:EnableKinesisStreamingDestination',
      'dynamodb:ExportTableToPointInTime',
      'dynamodb:RestoreTableToPointInTime',
    ]);
    // The verification role reads its probe's record; it copies nothing. The erasure role reads too, only the
    // subject index (its own deny statements), after break-glass.
    const readers = {
      reads: [
        'arn:aws:iam::333333333333:role/biometric-vault-auditor',
        'arn:aws:iam::333333333333:role/biometric-vault-verification',
      ],
      copies: ['arn:aws:iam::333333333333:role/biometric-vault-auditor'],
    };
    const copiers = conditionValues(copies, 'ArnNotEquals', 'aws:PrincipalArn') ?? [];
    expect(copiers.slice(0, -1)).toEqual(readers.copies);
    expect(copiers.at(-1)).toMatch(new RegExp(`${breakGlass}$`));
    const readersOfRecords = conditionValues(reads, 'ArnNotEquals', 'aws:PrincipalArn') ?? [];
    expect(readersOfRecords.slice(0, -2)).toEqual(readers.reads);
    expect(readersOfRecords.at(-2)).toMatch(new RegExp(`${breakGlass}$`));
    expect(readersOfRecords.at(-1)).toMatch(/:role\/biometric-vault-prod-erasure$/);
  });

  test('break-glass may append (put back a lost record), besides the verifier', () => {
    const policy = resourceAt(stack('prod-ledger'), 'aws_dynamodb_resource_policy', 'ledger/resource-policy');
    const append = statement(
      policyStatements(stack('prod-ledger'), documentIdOf(policy.policy)),
      'DenyAppendExceptWriter',
    );
    const allowed = conditionValues(append, 'ArnNotEquals', 'aws:PrincipalArn') ?? [];
    expect(allowed).toHaveLength(3);
    expect(allowed[0]).toMatch(/:role\/biometric-vault-prod-verifier$/);
    expect(allowed[1]).toMatch(new RegExp(`${breakGlass}$`));
    expect(allowed[2]).toMatch(/:role\/biometric-vault-prod-erasure$/);
  });

  test('references are written only by enrollment and break-glass', () => {
    const s = statement(bucketPolicy(stack('prod-storage'), 'vault'), 'DenyReferenceWritesExceptEnrollment');
    expect(s).toMatchObject({ effect: 'Deny', actions: ['s3:DeleteObject', 's3:PutObject'] });
    const allowed = conditionValues(s, 'ArnNotEquals', 'aws:PrincipalArn') ?? [];
    expect(allowed.slice(0, -2)).toEqual([...prod.dataAccess.enrollerRoleArns]);
    expect(allowed.at(-2)).toMatch(new RegExp(`${breakGlass}$`));
    // The erasure role deletes references too, and nothing outside the subject prefixes.
    expect(allowed.at(-1)).toMatch(/:role\/biometric-vault-prod-erasure$/);
    const outside = statement(bucketPolicy(stack('prod-storage'), 'vault'), 'DenyErasureOutsideSubjectPrefixes');
    expect(outside).toMatchObject({ effect: 'Deny', actions: ['s3:DeleteObject', 's3:DeleteObjectVersion'] });
    expect(outside.not_resources).toEqual([
      expect.stringMatching(/:s3:::biometric-vault-prod-vault-.*\/uploads\/\*$/),
      expect.stringMatching(/:s3:::biometric-vault-prod-vault-.*\/references\/\*$/),
    ]);
  });

  test('the ledger policy also protects itself, PITR, deletion protection and TTL, and DynamoDB is told so', () => {
    const policy = resourceAt(stack('prod-ledger'), 'aws_dynamodb_resource_policy', 'ledger/resource-policy');
    expect(policy.confirm_remove_self_resource_access).toBe(true);
    const mutate = statement(
      policyStatements(stack('prod-ledger'), documentIdOf(policy.policy)),
      'DenyRecordMutationExceptBreakGlass',
    );
    expect(mutate.actions).toEqual(
      expect.arrayContaining([
        'dynamodb:PutResourcePolicy',
        'dynamodb:UpdateContinuousBackups',
        'dynamodb:UpdateTable',
        'dynamodb:UpdateTimeToLive',
      ]),
    );
  });
});
