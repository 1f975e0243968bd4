// Jest's globals from the package: its asymmetric matchers are typed (the ambient @types/jest ones are `any`).
import { expect } from '@jest/globals';
import { Testing } from 'cdktf';
import { ENVIRONMENTS } from '../../config/environments';
import { resourceNames } from '../../config/names';
import type { EnvironmentConfig } from '../../config/types';
import { VaultStack } from '../../stacks/vault-stack';
import { FindingAlerts } from '../../modules/threat-detection/finding-alerts';
import { GuardDutyDetector } from '../../modules/core/guard-duty-detector';
import { MalwareProtection } from '../../modules/threat-detection/malware-protection';
import {
  conditionValues,
  dataOf,
  documentIdOf,
  metadataPath,
  stringAttribute,
  policyStatements,
  resourceAt,
  resourcesOf,
  statement,
  synthEnvironments,
  type JsonObject,
  remoteOutput,
} from '../helpers/synth';

const dev = ENVIRONMENTS.dev;
const prod = ENVIRONMENTS.prod;
const EXISTING = '0123456789abcdef0123456789abcdef';
const adopting: EnvironmentConfig = {
  ...dev,
  name: 'adopt',
  threatDetection: { existingDetectorId: EXISTING, findingSeverityThreshold: 7 },
};
const synth = synthEnvironments([dev, prod, adopting]);
const stack = synth.stack;
const td = stack('dev-threat-detection');
const names = resourceNames(dev);

const remote = remoteOutput;
const VAULT_BUCKET_NAME = remote('dev-storage', 'aws_s3_bucketvault_bucket', 'bucket');
const VAULT_KEY_ARN = remote('dev-keys', 'aws_kms_keyVaultKey_key', 'arn');
const AUDIT_KEY_ARN = remote('dev-keys', 'aws_kms_keyAuditKey_key', 'arn');
const TOPIC_ARN = remote('dev-alerting', 'aws_sns_topicalert-topic', 'arn');
const DEAD_LETTER_QUEUE_ARN = remote('dev-alerting', 'aws_sqs_queuealert-dead-letter-queue', 'arn');
const idOf = (s: JsonObject, type: string, suffix: string): string => {
  const found = Object.entries(resourcesOf(s, type)).find(([, r]) => metadataPath(r).endsWith(suffix));
  if (found === undefined) throw new Error(`no ${type} at ${suffix}`);
  return `${type}.${found[0]}`;
};

describe('GuardDuty detector', () => {
  test('created with 15-minute finding publishing', () => {
    expect(resourceAt(td, 'aws_guardduty_detector', 'guardduty/detector')).toMatchObject({
      enable: true,
      finding_publishing_frequency: 'FIFTEEN_MINUTES',
    });
  });

  test('S3 data event protection and Lambda network activity monitoring on, as detector features', () => {
    const features = Object.values(resourcesOf(td, 'aws_guardduty_detector_feature'));
    expect(features.map((f) => [f.name, f.status]).sort()).toEqual([
      ['LAMBDA_NETWORK_LOGS', 'ENABLED'],
      ['S3_DATA_EVENTS', 'ENABLED'],
    ]);
    for (const f of features)
      expect(f.detector_id).toBe(`\${${idOf(td, 'aws_guardduty_detector', 'guardduty/detector')}.id}`);
    // The deprecated `datasources` block is not used.
    expect(resourceAt(td, 'aws_guardduty_detector', 'guardduty/detector')).not.toHaveProperty('datasources');
  });

  test('an existing detector id from config is adopted: no detector is created, features go on it', () => {
    const adopted = stack('adopt-threat-detection');
    expect(Object.keys(resourcesOf(adopted, 'aws_guardduty_detector'))).toHaveLength(0);
    const data = Object.entries(dataOf(adopted, 'aws_guardduty_detector'));
    expect(data).toHaveLength(1);
    expect(data[0]?.[1].id).toBe(EXISTING);
    const ref = `\${data.aws_guardduty_detector.${data[0]?.[0]}.id}`;
    const features = Object.values(resourcesOf(adopted, 'aws_guardduty_detector_feature'));
    expect(features).toHaveLength(2);
    for (const f of features) expect(f.detector_id).toBe(ref);
    expect(resourceAt(adopted, 'aws_guardduty_publishing_destination', 'findings-export/destination').detector_id).toBe(
      ref,
    );
  });

  test('the construct refuses a malformed detector id and a frequency it cannot apply to an adopted detector', () => {
    const scope = new VaultStack(Testing.app(), { env: dev, concern: 'threat-detection' });
    expect(() => new GuardDutyDetector(scope, 'a', { existingDetectorId: 'nope' })).toThrow(
      /existingDetectorId: must be a 32-character detector id \(received "nope"\)/,
    );
    expect(
      () => new GuardDutyDetector(scope, 'b', { existingDetectorId: EXISTING, findingPublishingFrequency: 'ONE_HOUR' }),
    ).toThrow(/findingPublishingFrequency: cannot be set on an adopted detector/);
  });
});

describe('findings export', () => {
  const destination = resourceAt(td, 'aws_guardduty_publishing_destination', 'findings-export/destination');

  test("to the isolated bucket's own findings prefix, encrypted with the audit key", () => {
    expect(destination.destination_type).toBe('S3');
    expect(destination.destination_arn).toMatch(remote('dev-audit', 'aws_s3_buckettrail-bucket', 'arn'));
    expect(stringAttribute(destination.destination_arn).endsWith('}/guardduty-findings/')).toBe(true);
    expect(destination.kms_key_arn).toMatch(AUDIT_KEY_ARN);
  });

  test('after the detector features, on the created detector', () => {
    expect(destination.detector_id).toBe(`\${${idOf(td, 'aws_guardduty_detector', 'guardduty/detector')}.id}`);
    expect(destination.depends_on).toEqual(
      expect.arrayContaining([
        idOf(td, 'aws_guardduty_detector_feature', 'feature-s3-data-events'),
        idOf(td, 'aws_guardduty_detector_feature', 'feature-lambda-network-logs'),
      ]),
    );
  });
});

describe('malware protection for S3', () => {
  const plan = resourceAt(td, 'aws_guardduty_malware_protection_plan', 'malware-protection/plan');
  const role = resourceAt(td, 'aws_iam_role', 'malware-protection/role');
  const rolePolicy = resourceAt(td, 'aws_iam_role_policy', 'malware-protection/policy');
  const statements = policyStatements(td, documentIdOf(rolePolicy.policy));
  const bucketArn =
    /^arn:\$\{data\.aws_partition\.[^}]+\}:s3:::\$\{data\.terraform_remote_state\.cross-stack-reference-input-dev-storage\.outputs\.[^}]+bucket\}/;

  test("scans only the vault bucket's uploads/ and tags results", () => {
    expect(plan.protected_resource).toEqual([
      { s3_bucket: [{ bucket_name: expect.stringMatching(VAULT_BUCKET_NAME), object_prefixes: ['uploads/'] }] },
    ]);
    expect(plan.actions).toEqual([{ tagging: [{ status: 'ENABLED' }] }]);
    expect(plan.role).toBe(`\${${idOf(td, 'aws_iam_role', 'malware-protection/role')}.arn}`);
  });

  test('the plan is created after its role policy (GuardDuty validates the role)', () => {
    expect(plan.depends_on).toEqual([idOf(td, 'aws_iam_role_policy', 'malware-protection/policy')]);
  });

  test("the role has the VaultKey policy's deterministic name and trusts only the plan service of this account", () => {
    expect(role.name).toBe(names.malwareProtectionRole);
    const trust = statement(
      policyStatements(td, documentIdOf(role.assume_role_policy)),
      'GuardDutyMalwareProtectionForS3',
    );
    expect(trust.principals).toEqual([
      { type: 'Service', identifiers: ['malware-protection-plan.guardduty.amazonaws.com'] },
    ]);
    expect(trust.actions).toEqual(['sts:AssumeRole']);
    expect(conditionValues(trust, 'StringEquals', 'aws:SourceAccount')).toEqual([
      '${data.aws_caller_identity.context_caller_CB9F32B7.account_id}',
    ]);
  });

  test('EventBridge: only its own managed rule, created only as managed by the plan service', () => {
    const manage = statement(statements, 'ManageOwnEventBridgeRule');
    expect(manage.actions).toEqual([
      'events:DeleteRule',
      'events:PutRule',
      'events:PutTargets',
      'events:RemoveTargets',
    ]);
    expect(manage.resources).toEqual([
      expect.stringMatching(
        /:events:\$\{[^}]+\}:\$\{[^}]+\}:rule\/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3\*$/,
      ),
    ]);
    expect(conditionValues(manage, 'StringEquals', 'events:ManagedBy')).toEqual([
      'malware-protection-plan.guardduty.amazonaws.com',
    ]);
    expect(statement(statements, 'MonitorOwnEventBridgeRule').resources).toEqual(manage.resources);
  });

  test('S3: bucket notification and ownership on the vault bucket, objects only under uploads/, one validation object', () => {
    expect(statement(statements, 'EnableBucketEventBridgeNotifications').resources).toEqual([
      expect.stringMatching(new RegExp(`${bucketArn.source}$`)),
    ]);
    expect(statement(statements, 'CheckBucketOwnership').actions).toEqual(['s3:ListBucket']);
    expect(statement(statements, 'PutValidationObject')).toMatchObject({ actions: ['s3:PutObject'] });
    expect(statement(statements, 'PutValidationObject').resources).toEqual([
      expect.stringMatching(new RegExp(`${bucketArn.source}/malware-protection-resource-validation-object$`)),
    ]);
    for (const sid of ['ReadScannedObjects', 'TagScanResults']) {
      expect(statement(statements, sid).resources).toEqual([
        expect.stringMatching(new RegExp(`${bucketArn.source}/uploads/\\*$`)),
      ]);
    }
    expect(statement(statements, 'TagScanResults').actions).toEqual([
      's3:GetObjectTagging',
      's3:GetObjectVersionTagging',
      's3:PutObjectTagging',
      's3:PutObjectVersionTagging',
    ]);
  });

  test('KMS: only the VaultKey, only through S3 of this region', () => {
    const key = statement(statements, 'VaultKeyViaS3');
    expect(key.actions).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    expect(key.resources).toEqual([expect.stringMatching(VAULT_KEY_ARN)]);
    expect(conditionValues(key, 'StringEquals', 'kms:ViaService')).toEqual([
      expect.stringMatching(
        /^s3\.\$\{data\.aws_region\.[^}]+\.region\}\.\$\{data\.aws_partition\.[^}]+\.dns_suffix\}$/,
      ),
    ]);
  });

  test('no wildcard action and no wildcard resource beyond the managed rule prefix and the scanned prefix', () => {
    for (const s of statements) {
      expect([s.sid, s.actions?.some((a) => a.includes('*'))]).toEqual([s.sid, false]);
      for (const r of s.resources ?? []) expect([s.sid, r === '*']).toEqual([s.sid, false]);
    }
  });

  test('the construct refuses an empty prefix list (the whole bucket) and prefixes without "/"', () => {
    const scope = new VaultStack(Testing.app(), { env: dev, concern: 'threat-detection' });
    const base = { aws: scope.aws, bucketName: 'b', kmsKeyArn: 'k', roleName: 'r', permissionsBoundaryArn: 'p' };
    expect(() => new MalwareProtection(scope, 'a', { ...base, objectPrefixes: [] })).toThrow(
      /objectPrefixes: must list 1 to 5 prefixes/,
    );
    expect(() => new MalwareProtection(scope, 'b', { ...base, objectPrefixes: ['uploads'] })).toThrow(
      /objectPrefixes\[0\]: must be a key prefix ending in "\/"/,
    );
  });
});

describe('finding routing', () => {
  const findings = resourceAt(td, 'aws_cloudwatch_event_rule', 'finding-alerts/findings-rule');
  const malware = resourceAt(td, 'aws_cloudwatch_event_rule', 'finding-alerts/malware-rule');

  test('rule names are the ones the alert topic policy allows', () => {
    expect([findings.name, malware.name]).toEqual([
      'biometric-vault-dev-guardduty-findings',
      'biometric-vault-dev-malware-scan-alerts',
    ]);
  });

  test.each([
    ['dev-threat-detection', dev.threatDetection.findingSeverityThreshold],
    ['prod-threat-detection', prod.threatDetection.findingSeverityThreshold],
    ['adopt-threat-detection', 7],
  ])(
    '%s: GuardDuty findings at or above the configured severity, and the types that hide or weaken detection at any severity',
    (name, threshold) => {
      const rule = resourceAt(stack(name), 'aws_cloudwatch_event_rule', 'finding-alerts/findings-rule');
      expect(rule.event_pattern).toBe(
        `\${jsonencode({"source" = ["aws.guardduty"], "detail-type" = ["GuardDuty Finding"], "detail" = {"$or" = [{"severity" = [{"numeric" = [">=", ${threshold}]}]}, {"type" = [{"prefix" = "Stealth:"}, {"prefix" = "Policy:"}, {"prefix" = "PenTest:"}, {"prefix" = "CredentialAccess:"}]}]}})}`,
      );
      expect(rule.state).toBe('ENABLED');
    },
  );

  test('the construct refuses a list of always-routed prefixes without one of the four', () => {
    const scope = new VaultStack(Testing.app(), { env: dev, concern: 'threat-detection' });
    const base = {
      resourcePrefix: 'p',
      topicArn: 't',
      deadLetterQueueArn: 'q',
      minimumSeverity: 4,
      scannedBucketName: 'b',
    };
    expect(() => new FindingAlerts(scope, 'a', { ...base, alwaysRoutedTypePrefixes: ['Stealth:', 'Policy:'] })).toThrow(
      'alwaysRoutedTypePrefixes: must include "PenTest:" (received ["Stealth:","Policy:"]); alwaysRoutedTypePrefixes: must include "CredentialAccess:"',
    );
  });

  test('malware scan results of the vault bucket with threats found (or no verdict)', () => {
    const pattern = stringAttribute(malware.event_pattern);
    expect(pattern).toContain('"detail-type" = ["GuardDuty Malware Protection Object Scan Result"]');
    expect(pattern).toContain('"scanResultStatus" = ["THREATS_FOUND", "UNSUPPORTED", "ACCESS_DENIED", "FAILED"]');
    expect(pattern).not.toContain('NO_THREATS_FOUND');
    expect(pattern).toMatch(
      /"bucketName" = \[data\.terraform_remote_state\.cross-stack-reference-input-dev-storage\.outputs\.[^\]]+bucket\]/,
    );
  });

  test('both rules target the alert topic of the alerting stack, with its dead-letter queue', () => {
    const targets = Object.values(resourcesOf(td, 'aws_cloudwatch_event_target'));
    expect(targets).toHaveLength(2);
    for (const t of targets) {
      expect(t.arn).toMatch(TOPIC_ARN);
      expect(stringAttribute((t.dead_letter_config as JsonObject).arn)).toMatch(DEAD_LETTER_QUEUE_ARN);
    }
    expect(targets.map((t) => t.rule).sort()).toEqual(
      [
        `\${${idOf(td, 'aws_cloudwatch_event_rule', 'findings-rule')}.name}`,
        `\${${idOf(td, 'aws_cloudwatch_event_rule', 'malware-rule')}.name}`,
      ].sort(),
    );
    // The stack keeps no queue or alarm of its own: the alert path is the alerting stack's.
    expect(Object.keys(resourcesOf(td, 'aws_sqs_queue'))).toEqual([]);
  });

  test('threat detection comes after the keys, storage and alerting stacks', () => {
    const manifest = JSON.parse(synth.manifest) as { stacks: Record<string, { dependencies: string[] }> };
    expect(manifest.stacks['dev-threat-detection']?.dependencies).toEqual(
      expect.arrayContaining(['dev-alerting', 'dev-keys', 'dev-storage']),
    );
  });
});

// JSON and formatted-HCL snapshots of this stack, with the HCL parse-back check, are in
// __tests__/synth-output.test.ts, which covers every stack of the environment.
