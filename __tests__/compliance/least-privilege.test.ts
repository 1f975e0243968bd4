import { ENVIRONMENTS } from '../../config/environments';
import { resourceNames } from '../../config/names';
import type { EnvironmentConfig } from '../../config/types';
import type { JsonObject } from '../../compliance/engine/types';
import {
  STREAM_LABEL,
  keyArn,
  policyWorld,
  resourcePolicyFor,
  runProbe,
  synthesizeModel,
  type PolicyWorld,
  type Probe,
  type ProbePrincipal,
} from './iam-probe';

/**
 * Proofs of least privilege: the synthesized policies of the dev environment, evaluated
 * TOGETHER by an IAM policy simulator (@cloud-copilot/iam-simulate, AGPL-3.0, test-only, never shipped):
 * for each request, the principal's synthesized identity policies and the synthesized resource policy
 * of the resource (bucket, key, table, topic, queue, role trust, function), same-account and
 * cross-account semantics, explicit deny first, KMS key policies authoritative.
 *
 * Principals outside our stacks (break-glass, key administrator, an account administrator, another
 * account) are given `AdministratorAccess`-like identity policies: the strongest identity grant, so
 * a denial proves that the resource side stops it, not that nobody granted it.
 *
 * Rows marked `finding` assert the current synthesized behaviour of a known problem (see
 * docs/compliance-findings.md); when the owning stack is fixed the row fails and must be flipped.
 */

const ACCOUNT = '111111111111';
const OTHER_ACCOUNT = '999999999999';
/** dev with its duties given to named roles (test names, so the probes read as what they prove). */
const role = (name: string): string => `arn:aws:iam::111111111111:role/${name}`;
const env: EnvironmentConfig = {
  ...ENVIRONMENTS.dev,
  keyAdministratorRoleArns: [role('terraform-key-admin')],
  deployerRoleArns: [role('terraform-deployer')],
  planRoleArns: [role('terraform-plan')],
  alerting: { ...ENVIRONMENTS.dev.alerting, keyAdministratorRoleArns: [role('alert-admin')] },
  dataAccess: {
    uploaderRoleArns: [role('uploader')],
    enrollerRoleArns: [role('enrollment')],
    ledgerReaderRoleArns: [role('auditor')],
    verificationRoleArns: [],
    erasureOperatorRoleArns: [],
  },
};
const REGION = env.region; // eu-west-1
const names = resourceNames(env);

// ---------------------------------------------------------------- names and ARNs (dev, concrete)
const VAULT_BUCKET = `arn:aws:s3:::${names.uploadsBucketPrefix}-${ACCOUNT}`;
const ACCESS_LOG_BUCKET = `arn:aws:s3:::${names.accessLogBucketPrefix}-${ACCOUNT}`;
const TRAIL_BUCKET = `arn:aws:s3:::${names.trailBucketPrefix}-${ACCOUNT}`;
const STATE_BUCKET = `arn:aws:s3:::${env.stateBucketName}`;
const LEDGER = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${names.ledgerTable}`;
const OTHER_TABLE = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/some-other-table`;
const TRAIL = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/${names.trail}`;
const OTHER_TRAIL = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/someone-elses-trail`;
const TRAIL_LOG_GROUP = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${names.trailLogGroup}`;
const VERIFIER_LOG_GROUP = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${names.verifierLogGroup}`;
const ALERT_TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:${names.alertTopic}`;
const WATCH_TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:biometric-vault-dev-alert-path-watch`;
const FINDINGS_RULE = `arn:aws:events:${REGION}:${ACCOUNT}:rule/biometric-vault-dev-guardduty-findings`;
const TAMPER_RULE = `arn:aws:events:${REGION}:${ACCOUNT}:rule/biometric-vault-dev-tamper-kms`;
const DLQ = `arn:aws:sqs:${REGION}:${ACCOUNT}:biometric-vault-dev-alerts-undelivered`;
const FORWARDER_RULE = `arn:aws:events:us-east-1:${ACCOUNT}:rule/biometric-vault-dev-global-events-to-${REGION}`;
const FORWARDER_DLQ = `arn:aws:sqs:us-east-1:${ACCOUNT}:biometric-vault-dev-global-events-undelivered`;
const FORWARDER_ROLE = `arn:aws:iam::${ACCOUNT}:role/biometric-vault-dev-global-events-forwarder`;
const HOME_BUS = `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/default`;
const FAILURE_QUEUE = `arn:aws:sqs:${REGION}:${ACCOUNT}:${names.verifierFailureQueue}`;
const INTAKE_QUEUE = `arn:aws:sqs:${REGION}:${ACCOUNT}:${names.verifierIntakeQueue}`;
const TRAIL_ROLE = `arn:aws:iam::${ACCOUNT}:role/${names.trailLogRole}`;
const MALWARE_ROLE = `arn:aws:iam::${ACCOUNT}:role/${names.malwareProtectionRole}`;
const VERIFIER_ROLE = `arn:aws:iam::${ACCOUNT}:role/${names.verifierRole}`;
const DETECTOR = `arn:aws:guardduty:${REGION}:${ACCOUNT}:detector/12abc34d567e8fa901bc2d34e56789f0`;
const VIA = (service: string): string => `${service}.${REGION}.amazonaws.com`;
const LEDGER_STREAM = `${LEDGER}/stream/${STREAM_LABEL}`;
const DIGEST_BUCKET = `arn:aws:s3:::${names.ledgerDigestBucketPrefix}-${ACCOUNT}`;
const DIGEST_OBJECT = `${DIGEST_BUCKET}/digests/2025/01/01/dev-ledger-digest-20250101T001500Z.json.gz`;
const STAGED_OBJECT = `${DIGEST_BUCKET}/staging/2025/01/01/00/0123456789abcdef-10.json`;
const STREAM_ROLE = `arn:aws:iam::${ACCOUNT}:role/${names.ledgerStreamRole}`;
const DIGEST_ROLE = `arn:aws:iam::${ACCOUNT}:role/${names.ledgerDigestRole}`;
const SCHEDULER_ROLE = `arn:aws:iam::${ACCOUNT}:role/${names.ledgerDigestSchedulerRole}`;
const DIGEST_FUNCTION = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${names.ledgerDigestFunction}`;
const VERIFIER_FUNCTION = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${names.verifierFunction}`;
const STREAM_FAILURE_QUEUE = `arn:aws:sqs:${REGION}:${ACCOUNT}:${names.ledgerStreamFailureQueue}`;
const DIGEST_DLQ = `arn:aws:sqs:${REGION}:${ACCOUNT}:${names.ledgerDigestDeadLetterQueue}`;
const SCHEDULE = `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule/default/${names.ledgerDigestSchedule}`;
const TRAIL_OBJECT = `${TRAIL_BUCKET}/cloudtrail/AWSLogs/${ACCOUNT}/CloudTrail/${REGION}/2025/01/01/${ACCOUNT}_CloudTrail_${REGION}_20250101T0000Z_x.json.gz`;

/** The configured key administrator (and deployer) of the probe environment. */
const KEY_ADMIN_ARN = `arn:aws:iam::${ACCOUNT}:role/terraform-key-admin`;
const DEPLOYER_ARN = `arn:aws:iam::${ACCOUNT}:role/terraform-deployer`;
const FILL: Record<string, string> = {};

// ---------------------------------------------------------------- principals
const ADMIN_POLICY: JsonObject = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
};
const admin = (arn: string): ProbePrincipal => ({ kind: 'external', arn, identity: [ADMIN_POLICY] });
const verifier: ProbePrincipal = { kind: 'role', name: names.verifierRole };
const malwareRole: ProbePrincipal = { kind: 'role', name: names.malwareProtectionRole };
const trailRole: ProbePrincipal = { kind: 'role', name: names.trailLogRole };
const streamRole: ProbePrincipal = { kind: 'role', name: names.ledgerStreamRole };
const digestRole: ProbePrincipal = { kind: 'role', name: names.ledgerDigestRole };
const schedulerRole: ProbePrincipal = { kind: 'role', name: names.ledgerDigestSchedulerRole };
const opsAdmin = admin(`arn:aws:iam::${ACCOUNT}:role/ops-admin`);
const breakGlass = admin(`arn:aws:iam::${ACCOUNT}:role/${env.breakGlassRoleName}`);
const keyAdmin = admin(KEY_ADMIN_ARN);
const alertAdmin = admin(role('alert-admin'));
const forwarder: ProbePrincipal = { kind: 'role', name: 'biometric-vault-dev-global-events-forwarder' };
const deployer = admin(DEPLOYER_ARN);
const ledgerReader = admin(role('auditor'));
const otherAccount = admin(`arn:aws:iam::${OTHER_ACCOUNT}:role/attacker`);
const anonymous: ProbePrincipal = { kind: 'anonymous' };
const root: ProbePrincipal = { kind: 'root', account: ACCOUNT };
const service = (s: string): ProbePrincipal => ({ kind: 'service', service: s });

/** Key ARNs are known only from the synthesized keys stack (the model renders `key/<stack>-<name>`). */
interface Keys {
  readonly vault: string;
  readonly audit: string;
  readonly state: string;
  readonly alert: string;
  readonly signing: string;
}

const sseKms = (key: string) => ({
  's3:x-amz-server-side-encryption': 'aws:kms',
  's3:x-amz-server-side-encryption-aws-kms-key-id': key,
});

interface Row extends Probe {
  /** Documents current behaviour of a known problem (docs/compliance-findings.md). */
  readonly finding?: string;
}

function probes(k: Keys): Row[] {
  const uploads = `${VAULT_BUCKET}/uploads/2025/subject-1/attempt.jpg`;
  const references = `${VAULT_BUCKET}/references/subject-1.jpg`;
  return [
    // ------------------------------------------------ verifier (identity policy from the verifier stack)
    {
      description: 'verifier reads uploads/*',
      principal: verifier,
      action: 's3:GetObject',
      resource: uploads,
      expect: 'Allowed',
    },
    {
      description: 'verifier reads references/*',
      principal: verifier,
      action: 's3:GetObject',
      resource: references,
      expect: 'Allowed',
    },
    {
      description: 'verifier lists references/',
      principal: verifier,
      action: 's3:ListBucket',
      resource: VAULT_BUCKET,
      context: { 's3:prefix': 'references/subject-1' },
      expect: 'Allowed',
    },
    {
      description: 'verifier cannot list uploads/',
      principal: verifier,
      action: 's3:ListBucket',
      resource: VAULT_BUCKET,
      context: { 's3:prefix': 'uploads/' },
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'verifier lists the versions of an upload (to confirm it is gone)',
      principal: verifier,
      action: 's3:ListBucketVersions',
      resource: VAULT_BUCKET,
      context: { 's3:prefix': 'uploads/subject-1/attempt.jpg' },
      expect: 'Allowed',
    },
    {
      description: 'verifier cannot list versions outside uploads/',
      principal: verifier,
      action: 's3:ListBucketVersions',
      resource: VAULT_BUCKET,
      context: { 's3:prefix': 'references/' },
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'verifier cannot list every version of the bucket',
      principal: verifier,
      action: 's3:ListBucketVersions',
      resource: VAULT_BUCKET,
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'verifier reads nothing outside uploads/ and references/',
      principal: verifier,
      action: 's3:GetObject',
      resource: `${VAULT_BUCKET}/exports/all.csv`,
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'verifier reads no other bucket (trail logs)',
      principal: verifier,
      action: 's3:GetObject',
      resource: TRAIL_OBJECT,
      expect: 'ExplicitlyDenied',
    },
    {
      description:
        'verifier cannot overwrite an upload, even with the right SSE-KMS headers (only uploaders write uploads)',
      principal: verifier,
      action: 's3:PutObject',
      resource: uploads,
      context: sseKms(k.vault),
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'verifier cannot delete an upload',
      principal: verifier,
      action: 's3:DeleteObject',
      resource: uploads,
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'verifier cannot delete an object version (bucket policy denies)',
      principal: verifier,
      action: 's3:DeleteObjectVersion',
      resource: references,
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'verifier cannot read without TLS',
      principal: verifier,
      action: 's3:GetObject',
      resource: uploads,
      context: { 'aws:SecureTransport': 'false' },
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'verifier appends to the ledger',
      principal: verifier,
      action: 'dynamodb:PutItem',
      resource: LEDGER,
      expect: 'Allowed',
    },
    {
      description: 'verifier cannot update ledger items',
      principal: verifier,
      action: 'dynamodb:UpdateItem',
      resource: LEDGER,
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'verifier cannot delete ledger items',
      principal: verifier,
      action: 'dynamodb:DeleteItem',
      resource: LEDGER,
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'verifier touches no other table',
      principal: verifier,
      action: 'dynamodb:PutItem',
      resource: OTHER_TABLE,
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'verifier decrypts with the vault key via S3',
      principal: verifier,
      action: 'kms:Decrypt',
      resource: k.vault,
      context: { 'kms:ViaService': VIA('s3') },
      expect: 'Allowed',
    },
    {
      description: 'verifier decrypts with the vault key via DynamoDB, for the ledger',
      principal: verifier,
      action: 'kms:Decrypt',
      resource: k.vault,
      context: { 'kms:ViaService': VIA('dynamodb'), 'kms:EncryptionContext:aws:dynamodb:tableName': names.ledgerTable },
      expect: 'Allowed',
    },
    {
      description: 'verifier cannot decrypt with the vault key via DynamoDB for another table',
      principal: verifier,
      action: 'kms:Decrypt',
      resource: k.vault,
      context: {
        'kms:ViaService': VIA('dynamodb'),
        'kms:EncryptionContext:aws:dynamodb:tableName': 'some-other-table',
      },
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'verifier cannot decrypt with the vault key directly',
      principal: verifier,
      action: 'kms:Decrypt',
      resource: k.vault,
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'verifier cannot decrypt with the vault key via another service',
      principal: verifier,
      action: 'kms:Decrypt',
      resource: k.vault,
      context: { 'kms:ViaService': VIA('secretsmanager') },
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'verifier cannot decrypt with the audit key',
      principal: verifier,
      action: 'kms:Decrypt',
      resource: k.audit,
      context: { 'kms:ViaService': VIA('s3') },
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'verifier sends to its failure queue',
      principal: verifier,
      action: 'sqs:SendMessage',
      resource: FAILURE_QUEUE,
      expect: 'Allowed',
    },
    {
      description: 'verifier encrypts failure messages with the vault key via SQS',
      principal: verifier,
      action: 'kms:GenerateDataKey',
      resource: k.vault,
      context: { 'kms:ViaService': VIA('sqs') },
      expect: 'Allowed',
    },
    {
      description: 'verifier cannot send failure messages without TLS',
      principal: verifier,
      action: 'sqs:SendMessage',
      resource: FAILURE_QUEUE,
      context: { 'aws:SecureTransport': 'false' },
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'verifier cannot read its failure queue',
      principal: verifier,
      action: 'sqs:ReceiveMessage',
      resource: FAILURE_QUEUE,
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'verifier cannot pass roles',
      principal: verifier,
      action: 'iam:PassRole',
      resource: MALWARE_ROLE,
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'Lambda assumes the verifier role',
      principal: service('lambda.amazonaws.com'),
      action: 'sts:AssumeRole',
      resource: VERIFIER_ROLE,
      expect: 'Allowed',
    },
    {
      description: 'an account administrator cannot assume the verifier role',
      principal: opsAdmin,
      action: 'sts:AssumeRole',
      resource: VERIFIER_ROLE,
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'another account cannot assume the verifier role',
      principal: otherAccount,
      action: 'sts:AssumeRole',
      resource: VERIFIER_ROLE,
      expect: 'ImplicitlyDenied',
    },

    // ------------------------------------------------ intake queue: only S3 announces uploads, only the verifier consumes
    {
      description: 'S3 notifies the intake queue of uploads to the vault bucket (this account)',
      principal: service('s3.amazonaws.com'),
      action: 'sqs:SendMessage',
      resource: INTAKE_QUEUE,
      context: { 'aws:SourceArn': VAULT_BUCKET, 'aws:SourceAccount': ACCOUNT },
      expect: 'Allowed',
    },
    {
      description: 'S3 cannot notify the intake queue for another bucket',
      principal: service('s3.amazonaws.com'),
      action: 'sqs:SendMessage',
      resource: INTAKE_QUEUE,
      context: { 'aws:SourceArn': 'arn:aws:s3:::someone-elses-bucket', 'aws:SourceAccount': OTHER_ACCOUNT },
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'an administrator cannot slip an event into the intake queue',
      principal: opsAdmin,
      action: 'sqs:SendMessage',
      resource: INTAKE_QUEUE,
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'the verifier cannot send to its own intake queue',
      principal: verifier,
      action: 'sqs:SendMessage',
      resource: INTAKE_QUEUE,
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'break-glass can send to the intake queue (redrive from the failure queue)',
      principal: breakGlass,
      action: 'sqs:SendMessage',
      resource: INTAKE_QUEUE,
      expect: 'Allowed',
    },
    {
      description: 'the verifier receives uploads from the intake queue',
      principal: verifier,
      action: 'sqs:ReceiveMessage',
      resource: INTAKE_QUEUE,
      expect: 'Allowed',
    },
    {
      description: 'the verifier deletes handled messages from the intake queue',
      principal: verifier,
      action: 'sqs:DeleteMessage',
      resource: INTAKE_QUEUE,
      expect: 'Allowed',
    },
    {
      description: 'the verifier reads the intake queue attributes (event source mapping)',
      principal: verifier,
      action: 'sqs:GetQueueAttributes',
      resource: INTAKE_QUEUE,
      expect: 'Allowed',
    },
    {
      description: 'the verifier cannot purge the intake queue',
      principal: verifier,
      action: 'sqs:PurgeQueue',
      resource: INTAKE_QUEUE,
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'an administrator cannot receive uploads from the intake queue',
      principal: opsAdmin,
      action: 'sqs:ReceiveMessage',
      resource: INTAKE_QUEUE,
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'an administrator cannot make uploads disappear (purge the intake queue)',
      principal: opsAdmin,
      action: 'sqs:PurgeQueue',
      resource: INTAKE_QUEUE,
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'an administrator cannot delete intake messages',
      principal: opsAdmin,
      action: 'sqs:DeleteMessage',
      resource: INTAKE_QUEUE,
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'intake requests without TLS are denied',
      principal: verifier,
      action: 'sqs:ReceiveMessage',
      resource: INTAKE_QUEUE,
      context: { 'aws:SecureTransport': 'false' },
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'an administrator cannot purge the failure queue (evidence of unverified uploads)',
      principal: opsAdmin,
      action: 'sqs:PurgeQueue',
      resource: FAILURE_QUEUE,
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'break-glass receives from the failure queue (to redrive)',
      principal: breakGlass,
      action: 'sqs:ReceiveMessage',
      resource: FAILURE_QUEUE,
      expect: 'Allowed',
    },
    {
      description: 'S3 uses the vault key for messages of the intake queue only',
      principal: service('s3.amazonaws.com'),
      action: 'kms:GenerateDataKey',
      resource: k.vault,
      context: { 'kms:EncryptionContext:aws:sqs:arn': INTAKE_QUEUE },
      expect: 'Allowed',
    },
    {
      description: 'S3 cannot use the vault key for another queue',
      principal: service('s3.amazonaws.com'),
      action: 'kms:GenerateDataKey',
      resource: k.vault,
      context: { 'kms:EncryptionContext:aws:sqs:arn': FAILURE_QUEUE },
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'S3 cannot decrypt with the vault key outside an intake-queue context',
      principal: service('s3.amazonaws.com'),
      action: 'kms:Decrypt',
      resource: k.vault,
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'the verifier decrypts intake messages with the vault key via SQS',
      principal: verifier,
      action: 'kms:Decrypt',
      resource: k.vault,
      context: { 'kms:ViaService': VIA('sqs') },
      expect: 'Allowed',
    },

    // ------------------------------------------------ vault bucket: encryption, prefixes, TLS, outsiders
    {
      description: 'an uploader uploads with SSE-KMS and the vault key',
      principal: admin(role('uploader')),
      action: 's3:PutObject',
      resource: uploads,
      context: sseKms(k.vault),
      expect: 'Allowed',
    },
    {
      description: 'PutObject without SSE headers is denied (even to an administrator)',
      principal: opsAdmin,
      action: 's3:PutObject',
      resource: uploads,
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'PutObject with SSE-S3 is denied',
      principal: opsAdmin,
      action: 's3:PutObject',
      resource: uploads,
      context: { 's3:x-amz-server-side-encryption': 'AES256' },
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'PutObject with SSE-KMS but no key id (bucket default) is denied',
      principal: opsAdmin,
      action: 's3:PutObject',
      resource: uploads,
      context: { 's3:x-amz-server-side-encryption': 'aws:kms' },
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'PutObject with another KMS key (the audit key) is denied',
      principal: opsAdmin,
      action: 's3:PutObject',
      resource: uploads,
      context: sseKms(k.audit),
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'PutObject outside uploads/ and references/ is denied',
      principal: opsAdmin,
      action: 's3:PutObject',
      resource: `${VAULT_BUCKET}/exports/all.csv`,
      context: sseKms(k.vault),
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'requests without TLS are denied (vault bucket)',
      principal: opsAdmin,
      action: 's3:GetObject',
      resource: references,
      context: { 'aws:SecureTransport': 'false' },
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'requests with TLS 1.1 are denied (vault bucket)',
      principal: opsAdmin,
      action: 's3:GetObject',
      resource: references,
      context: { 's3:TlsVersion': '1.1' },
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'an administrator cannot delete object versions of the vault',
      principal: opsAdmin,
      action: 's3:DeleteObjectVersion',
      resource: references,
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'break-glass can delete object versions of the vault',
      principal: breakGlass,
      action: 's3:DeleteObjectVersion',
      resource: references,
      expect: 'Allowed',
    },
    {
      description: 'another account gets nothing from the vault bucket',
      principal: otherAccount,
      action: 's3:GetObject',
      resource: references,
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'another account cannot list the vault bucket',
      principal: otherAccount,
      action: 's3:ListBucket',
      resource: VAULT_BUCKET,
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'an anonymous principal gets nothing from the vault bucket',
      principal: anonymous,
      action: 's3:GetObject',
      resource: uploads,
      expect: 'ExplicitlyDenied',
    },

    // ------------------------------------------------ malware protection role (identity + bucket + key policies)
    {
      description: 'malware scanner reads uploads/*',
      principal: malwareRole,
      action: 's3:GetObject',
      resource: uploads,
      expect: 'Allowed',
    },
    {
      description: 'malware scanner reads no references',
      principal: malwareRole,
      action: 's3:GetObject',
      resource: references,
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'malware scanner tags scanned uploads',
      principal: malwareRole,
      action: 's3:PutObjectTagging',
      resource: uploads,
      expect: 'Allowed',
    },
    {
      description: 'malware scanner cannot delete uploads',
      principal: malwareRole,
      action: 's3:DeleteObject',
      resource: uploads,
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'malware scanner decrypts with the vault key via S3',
      principal: malwareRole,
      action: 'kms:Decrypt',
      resource: k.vault,
      context: { 'kms:ViaService': VIA('s3') },
      expect: 'Allowed',
    },
    {
      description: 'malware scanner cannot decrypt with the vault key directly',
      principal: malwareRole,
      action: 'kms:Decrypt',
      resource: k.vault,
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'malware scanner generates vault data keys via S3 (its validation object)',
      principal: malwareRole,
      action: 'kms:GenerateDataKey',
      resource: k.vault,
      context: { 'kms:ViaService': VIA('s3') },
      expect: 'Allowed',
    },
    {
      description: 'malware scanner cannot generate vault data keys outside S3',
      principal: malwareRole,
      action: 'kms:GenerateDataKey',
      resource: k.vault,
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'malware scanner manages only its EventBridge managed rule',
      principal: malwareRole,
      action: 'events:PutRule',
      resource: `arn:aws:events:${REGION}:${ACCOUNT}:rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3abc`,
      context: { 'events:ManagedBy': 'malware-protection-plan.guardduty.amazonaws.com' },
      expect: 'Allowed',
    },
    {
      description: 'malware scanner cannot change other EventBridge rules',
      principal: malwareRole,
      action: 'events:PutRule',
      resource: FINDINGS_RULE,
      context: { 'events:ManagedBy': 'malware-protection-plan.guardduty.amazonaws.com' },
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'malware scanner writes its validation object without SSE headers (the one exempt key)',
      principal: malwareRole,
      action: 's3:PutObject',
      resource: `${VAULT_BUCKET}/malware-protection-resource-validation-object`,
      expect: 'Allowed',
    },
    {
      description:
        'the validation-object SSE exemption is bound to the scanner: an administrator may not write that key',
      principal: opsAdmin,
      action: 's3:PutObject',
      resource: `${VAULT_BUCKET}/malware-protection-resource-validation-object`,
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'the SSE exemption is one exact key: a similar key without SSE headers is denied',
      principal: opsAdmin,
      action: 's3:PutObject',
      resource: `${VAULT_BUCKET}/malware-protection-resource-validation-object-2`,
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'malware scanner writes nothing else at the bucket root',
      principal: malwareRole,
      action: 's3:PutObject',
      resource: `${VAULT_BUCKET}/other-object`,
      context: sseKms(k.vault),
      expect: 'ExplicitlyDenied',
    },

    // ------------------------------------------------ KMS: duties of administrators, root, services
    // LP-2: the key administrator is the named key-administration role of config (keyAdmin).
    {
      description: 'the key administrator can schedule vault key deletion',
      principal: keyAdmin,
      action: 'kms:ScheduleKeyDeletion',
      resource: k.vault,
      expect: 'Allowed',
    },
    {
      description: 'the key administrator cannot decrypt with the vault key (via S3)',
      principal: keyAdmin,
      action: 'kms:Decrypt',
      resource: k.vault,
      context: { 'kms:ViaService': VIA('s3') },
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'the key administrator cannot decrypt with the audit key',
      principal: keyAdmin,
      action: 'kms:Decrypt',
      resource: k.audit,
      context: { 'kms:ViaService': VIA('s3') },
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'the deployer lets DynamoDB create a grant for the table',
      principal: deployer,
      action: 'kms:CreateGrant',
      resource: k.vault,
      context: { 'kms:ViaService': VIA('dynamodb'), 'kms:GrantIsForAWSResource': 'true' },
      expect: 'Allowed',
    },
    {
      description: 'the deployer encrypts through Lambda (the function environment)',
      principal: deployer,
      action: 'kms:Encrypt',
      resource: k.vault,
      context: { 'kms:ViaService': VIA('lambda') },
      expect: 'Allowed',
    },
    {
      description: 'the deployer cannot decrypt uploads through S3',
      principal: deployer,
      action: 'kms:Decrypt',
      resource: k.vault,
      context: { 'kms:ViaService': VIA('s3') },
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'the deployer cannot administer the key',
      principal: deployer,
      action: 'kms:ScheduleKeyDeletion',
      resource: k.vault,
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'the key administrator cannot use the key through DynamoDB (deployers do)',
      principal: keyAdmin,
      action: 'kms:Decrypt',
      resource: k.vault,
      context: { 'kms:ViaService': VIA('dynamodb') },
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'the key administrator cannot create a grant for itself',
      principal: keyAdmin,
      action: 'kms:CreateGrant',
      resource: k.vault,
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'an account administrator (not a key administrator) cannot schedule key deletion',
      principal: opsAdmin,
      action: 'kms:ScheduleKeyDeletion',
      resource: k.vault,
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'an account administrator cannot decrypt biometric data',
      principal: opsAdmin,
      action: 'kms:Decrypt',
      resource: k.vault,
      context: { 'kms:ViaService': VIA('s3') },
      expect: 'ImplicitlyDenied',
    },
    {
      // The runbook's restore of an overwritten image copies the good version (decrypt, then encrypt).
      description: 'break-glass decrypts biometric data through S3 (restoring an overwritten image)',
      principal: breakGlass,
      action: 'kms:Decrypt',
      resource: k.vault,
      context: { 'kms:ViaService': VIA('s3') },
      expect: 'Allowed',
    },
    {
      description: 'break-glass cannot decrypt with the vault key directly',
      principal: breakGlass,
      action: 'kms:Decrypt',
      resource: k.vault,
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'the root user can cancel a scheduled key deletion',
      principal: root,
      action: 'kms:CancelKeyDeletion',
      resource: k.vault,
      expect: 'Allowed',
    },
    {
      description: 'the root user cannot schedule key deletion',
      principal: root,
      action: 'kms:ScheduleKeyDeletion',
      resource: k.vault,
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'the root user cannot decrypt with the vault key',
      principal: root,
      action: 'kms:Decrypt',
      resource: k.vault,
      context: { 'kms:ViaService': VIA('s3') },
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'another account cannot decrypt with the vault key',
      principal: otherAccount,
      action: 'kms:Decrypt',
      resource: k.vault,
      context: { 'kms:ViaService': VIA('s3') },
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'CloudWatch Logs encrypts the verifier log group with the vault key',
      principal: service(VIA('logs')),
      action: 'kms:GenerateDataKey',
      resource: k.vault,
      context: { 'kms:EncryptionContext:aws:logs:arn': VERIFIER_LOG_GROUP },
      expect: 'Allowed',
    },
    {
      description: 'CloudWatch Logs cannot use the vault key for another log group',
      principal: service(VIA('logs')),
      action: 'kms:GenerateDataKey',
      resource: k.vault,
      context: { 'kms:EncryptionContext:aws:logs:arn': TRAIL_LOG_GROUP },
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'CloudTrail encrypts log files of our trail with the audit key',
      principal: service('cloudtrail.amazonaws.com'),
      action: 'kms:GenerateDataKey',
      resource: k.audit,
      context: {
        'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${ACCOUNT}:trail/${names.trail}`,
        'aws:SourceArn': TRAIL,
      },
      expect: 'Allowed',
    },
    {
      description: 'CloudTrail cannot use the audit key for another trail',
      principal: service('cloudtrail.amazonaws.com'),
      action: 'kms:GenerateDataKey',
      resource: k.audit,
      context: { 'kms:EncryptionContext:aws:cloudtrail:arn': OTHER_TRAIL, 'aws:SourceArn': OTHER_TRAIL },
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'CloudTrail cannot use the vault key',
      principal: service('cloudtrail.amazonaws.com'),
      action: 'kms:GenerateDataKey',
      resource: k.vault,
      context: {
        'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${ACCOUNT}:trail/${names.trail}`,
        'aws:SourceArn': TRAIL,
      },
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'break-glass reads audit logs with the audit key via S3',
      principal: breakGlass,
      action: 'kms:Decrypt',
      resource: k.audit,
      context: { 'kms:ViaService': VIA('s3') },
      expect: 'Allowed',
    },
    {
      description: 'break-glass cannot decrypt with the audit key directly',
      principal: breakGlass,
      action: 'kms:Decrypt',
      resource: k.audit,
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'alarms of this account use the audit key for the alert-path watch topic',
      principal: service('cloudwatch.amazonaws.com'),
      action: 'kms:GenerateDataKey',
      resource: k.audit,
      context: { 'aws:SourceAccount': ACCOUNT },
      expect: 'Allowed',
    },
    {
      description: "another account's alarms cannot use the audit key",
      principal: service('cloudwatch.amazonaws.com'),
      action: 'kms:GenerateDataKey',
      resource: k.audit,
      context: { 'aws:SourceAccount': OTHER_ACCOUNT },
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'EventBridge never uses the audit key (the alert topic has a key of its own)',
      principal: service('events.amazonaws.com'),
      action: 'kms:GenerateDataKey',
      resource: k.audit,
      context: { 'aws:SourceAccount': ACCOUNT },
      expect: 'ImplicitlyDenied',
    },

    // ------------------------------------------------ the alert key
    {
      description: 'alarms of this account use the alert key (alert topic)',
      principal: service('cloudwatch.amazonaws.com'),
      action: 'kms:GenerateDataKey',
      resource: k.alert,
      context: { 'aws:SourceAccount': ACCOUNT },
      expect: 'Allowed',
    },
    {
      description: "another account's alarms cannot use the alert key",
      principal: service('cloudwatch.amazonaws.com'),
      action: 'kms:Decrypt',
      resource: k.alert,
      context: { 'aws:SourceAccount': OTHER_ACCOUNT },
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'EventBridge uses the alert key without source conditions (unsupported for encrypted topics)',
      principal: service('events.amazonaws.com'),
      action: 'kms:GenerateDataKey',
      resource: k.alert,
      expect: 'Allowed',
    },
    {
      description: 'CloudTrail cannot use the alert key',
      principal: service('cloudtrail.amazonaws.com'),
      action: 'kms:GenerateDataKey',
      resource: k.alert,
      context: { 'aws:SourceArn': TRAIL },
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'break-glass decrypts the alert dead-letter queue through SQS',
      principal: breakGlass,
      action: 'kms:Decrypt',
      resource: k.alert,
      context: { 'kms:ViaService': VIA('sqs') },
      expect: 'Allowed',
    },
    {
      description: 'break-glass republishes an undelivered alert through SNS (redrive)',
      principal: breakGlass,
      action: 'kms:GenerateDataKey',
      resource: k.alert,
      context: { 'kms:ViaService': VIA('sns') },
      expect: 'Allowed',
    },
    {
      description: 'break-glass cannot decrypt with the alert key directly',
      principal: breakGlass,
      action: 'kms:Decrypt',
      resource: k.alert,
      expect: 'ImplicitlyDenied',
    },
    {
      description: "the audit key's administrator cannot disable the alert key",
      principal: keyAdmin,
      action: 'kms:DisableKey',
      resource: k.alert,
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'the alert administrator administers the alert key',
      principal: alertAdmin,
      action: 'kms:ScheduleKeyDeletion',
      resource: k.alert,
      expect: 'Allowed',
    },
    {
      description: 'the alert administrator cannot disable the audit key',
      principal: alertAdmin,
      action: 'kms:DisableKey',
      resource: k.audit,
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'the alert administrator cannot decrypt alerts',
      principal: alertAdmin,
      action: 'kms:Decrypt',
      resource: k.alert,
      context: { 'kms:ViaService': VIA('sqs') },
      expect: 'ImplicitlyDenied',
    },

    // ------------------------------------------------ CloudTrail: bucket, role trust, role permissions
    {
      description: 'CloudTrail checks the trail bucket ACL for our trail',
      principal: service('cloudtrail.amazonaws.com'),
      action: 's3:GetBucketAcl',
      resource: TRAIL_BUCKET,
      context: { 'aws:SourceArn': TRAIL, 'aws:SourceAccount': ACCOUNT },
      expect: 'Allowed',
    },
    {
      description: 'CloudTrail writes under its prefix on behalf of our trail',
      principal: service('cloudtrail.amazonaws.com'),
      action: 's3:PutObject',
      resource: TRAIL_OBJECT,
      context: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': TRAIL, 'aws:SourceAccount': ACCOUNT },
      expect: 'Allowed',
    },
    {
      description: 'CloudTrail cannot write on behalf of another trail',
      principal: service('cloudtrail.amazonaws.com'),
      action: 's3:PutObject',
      resource: TRAIL_OBJECT,
      context: {
        's3:x-amz-acl': 'bucket-owner-full-control',
        'aws:SourceArn': OTHER_TRAIL,
        'aws:SourceAccount': ACCOUNT,
      },
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'CloudTrail cannot write outside its prefix',
      principal: service('cloudtrail.amazonaws.com'),
      action: 's3:PutObject',
      resource: `${TRAIL_BUCKET}/elsewhere/x.json.gz`,
      context: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': TRAIL, 'aws:SourceAccount': ACCOUNT },
      expect: 'ImplicitlyDenied',
    },
    {
      description: "CloudTrail cannot write another account's log prefix",
      principal: service('cloudtrail.amazonaws.com'),
      action: 's3:PutObject',
      resource: `${TRAIL_BUCKET}/cloudtrail/AWSLogs/${OTHER_ACCOUNT}/x.json.gz`,
      context: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': TRAIL, 'aws:SourceAccount': ACCOUNT },
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'CloudTrail cannot delete trail logs',
      principal: service('cloudtrail.amazonaws.com'),
      action: 's3:DeleteObject',
      resource: TRAIL_OBJECT,
      context: { 'aws:SourceArn': TRAIL, 'aws:SourceAccount': ACCOUNT },
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'CloudTrail cannot write into the GuardDuty findings prefix',
      principal: service('cloudtrail.amazonaws.com'),
      action: 's3:PutObject',
      resource: `${TRAIL_BUCKET}/guardduty-findings/x.jsonl.gz`,
      context: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': TRAIL, 'aws:SourceAccount': ACCOUNT },
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'GuardDuty exports findings with the audit key',
      principal: service('guardduty.amazonaws.com'),
      action: 's3:PutObject',
      resource: `${TRAIL_BUCKET}/guardduty-findings/x.jsonl.gz`,
      context: { ...sseKms(k.audit), 'aws:SourceArn': DETECTOR, 'aws:SourceAccount': ACCOUNT },
      expect: 'Allowed',
    },
    {
      description: 'GuardDuty cannot export findings with another key',
      principal: service('guardduty.amazonaws.com'),
      action: 's3:PutObject',
      resource: `${TRAIL_BUCKET}/guardduty-findings/x.jsonl.gz`,
      context: { ...sseKms(k.vault), 'aws:SourceArn': DETECTOR, 'aws:SourceAccount': ACCOUNT },
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'no IAM principal writes into the trail bucket (not even break-glass)',
      principal: breakGlass,
      action: 's3:PutObject',
      resource: TRAIL_OBJECT,
      context: sseKms(k.audit),
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'an administrator cannot delete trail logs',
      principal: opsAdmin,
      action: 's3:DeleteObject',
      resource: TRAIL_OBJECT,
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'an administrator cannot delete trail log versions',
      principal: opsAdmin,
      action: 's3:DeleteObjectVersion',
      resource: TRAIL_OBJECT,
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'the key administrator cannot delete trail logs',
      principal: keyAdmin,
      action: 's3:DeleteObjectVersion',
      resource: TRAIL_OBJECT,
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'an administrator cannot bypass governance retention',
      principal: opsAdmin,
      action: 's3:BypassGovernanceRetention',
      resource: TRAIL_OBJECT,
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'an administrator cannot replace the trail bucket policy',
      principal: opsAdmin,
      action: 's3:PutBucketPolicy',
      resource: TRAIL_BUCKET,
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'an administrator cannot shorten trail log lifecycle',
      principal: opsAdmin,
      action: 's3:PutLifecycleConfiguration',
      resource: TRAIL_BUCKET,
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'break-glass can delete trail log versions (Object Lock retention still applies)',
      principal: breakGlass,
      action: 's3:DeleteObjectVersion',
      resource: TRAIL_OBJECT,
      expect: 'Allowed',
    },
    {
      description: 'requests without TLS are denied (trail bucket)',
      principal: breakGlass,
      action: 's3:GetObject',
      resource: TRAIL_OBJECT,
      context: { 'aws:SecureTransport': 'false' },
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'an anonymous principal gets nothing from the trail bucket',
      principal: anonymous,
      action: 's3:GetObject',
      resource: TRAIL_OBJECT,
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'CloudTrail assumes the log-delivery role for our trail',
      principal: service('cloudtrail.amazonaws.com'),
      action: 'sts:AssumeRole',
      resource: TRAIL_ROLE,
      context: { 'aws:SourceArn': TRAIL, 'aws:SourceAccount': ACCOUNT },
      expect: 'Allowed',
    },
    // CloudTrail documents that the CloudWatch Logs role's trust supports no aws:SourceArn/SourceAccount
    // (confused-deputy prevention does not apply to it): any trail's delivery may assume it, and it can
    // write nothing but this trail's streams of this log group (next probes).
    {
      description:
        'CloudTrail assumes the log-delivery role without source keys (documented: not supported for this role)',
      principal: service('cloudtrail.amazonaws.com'),
      action: 'sts:AssumeRole',
      resource: TRAIL_ROLE,
      context: { 'aws:SourceArn': OTHER_TRAIL, 'aws:SourceAccount': ACCOUNT },
      expect: 'Allowed',
    },
    {
      description: 'an account administrator cannot assume the log-delivery role',
      principal: opsAdmin,
      action: 'sts:AssumeRole',
      resource: TRAIL_ROLE,
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'the log-delivery role writes CloudTrail streams of the trail log group',
      principal: trailRole,
      action: 'logs:PutLogEvents',
      resource: `${TRAIL_LOG_GROUP}:log-stream:${ACCOUNT}_CloudTrail_${REGION}`,
      expect: 'Allowed',
    },
    {
      description: 'the log-delivery role writes no other log group',
      principal: trailRole,
      action: 'logs:PutLogEvents',
      resource: `${VERIFIER_LOG_GROUP}:log-stream:${ACCOUNT}_CloudTrail_${REGION}`,
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'the log-delivery role cannot delete the log group',
      principal: trailRole,
      action: 'logs:DeleteLogGroup',
      resource: `${TRAIL_LOG_GROUP}:*`,
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'GuardDuty Malware Protection assumes its role for this account',
      principal: service('malware-protection-plan.guardduty.amazonaws.com'),
      action: 'sts:AssumeRole',
      resource: MALWARE_ROLE,
      context: { 'aws:SourceAccount': ACCOUNT },
      expect: 'Allowed',
    },
    {
      description: 'GuardDuty Malware Protection of another account cannot assume the role',
      principal: service('malware-protection-plan.guardduty.amazonaws.com'),
      action: 'sts:AssumeRole',
      resource: MALWARE_ROLE,
      context: { 'aws:SourceAccount': OTHER_ACCOUNT },
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'Lambda cannot assume the malware protection role',
      principal: service('lambda.amazonaws.com'),
      action: 'sts:AssumeRole',
      resource: MALWARE_ROLE,
      context: { 'aws:SourceAccount': ACCOUNT },
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'another account cannot assume the malware protection role',
      principal: otherAccount,
      action: 'sts:AssumeRole',
      resource: MALWARE_ROLE,
      expect: 'ImplicitlyDenied',
    },

    // ------------------------------------------------ ledger (DynamoDB resource policy)
    {
      description: 'an administrator cannot update ledger items',
      principal: opsAdmin,
      action: 'dynamodb:UpdateItem',
      resource: LEDGER,
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'an administrator cannot delete ledger items',
      principal: opsAdmin,
      action: 'dynamodb:DeleteItem',
      resource: LEDGER,
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'an administrator cannot rewrite ledger items through PartiQL',
      principal: opsAdmin,
      action: 'dynamodb:PartiQLUpdate',
      resource: LEDGER,
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'an administrator cannot batch-write (delete) ledger items',
      principal: opsAdmin,
      action: 'dynamodb:BatchWriteItem',
      resource: LEDGER,
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'an administrator cannot drop the ledger table',
      principal: opsAdmin,
      action: 'dynamodb:DeleteTable',
      resource: LEDGER,
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'only the writer appends: an administrator cannot PutItem',
      principal: opsAdmin,
      action: 'dynamodb:PutItem',
      resource: LEDGER,
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'break-glass can correct a ledger item',
      principal: breakGlass,
      action: 'dynamodb:UpdateItem',
      resource: LEDGER,
      expect: 'Allowed',
    },
    {
      description: 'another account cannot read the ledger',
      principal: otherAccount,
      action: 'dynamodb:GetItem',
      resource: LEDGER,
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'the deployer cannot scan the ledger',
      principal: deployer,
      action: 'dynamodb:Scan',
      resource: LEDGER,
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'an account administrator cannot export the ledger',
      principal: opsAdmin,
      action: 'dynamodb:ExportTableToPointInTime',
      resource: LEDGER,
      expect: 'ExplicitlyDenied',
    },
    {
      description: "a ledger reader queries a subject's records",
      principal: ledgerReader,
      action: 'dynamodb:Query',
      resource: `${LEDGER}/index/bySubject`,
      expect: 'Allowed',
    },
    {
      description: 'break-glass restores the ledger to a point in time',
      principal: breakGlass,
      action: 'dynamodb:RestoreTableToPointInTime',
      resource: LEDGER,
      expect: 'Allowed',
    },

    // ------------------------------------------------ alert topic (SNS) and findings dead-letter queue (SQS)
    {
      description: 'alarms of this environment publish to the alert topic',
      principal: service('cloudwatch.amazonaws.com'),
      action: 'sns:Publish',
      resource: ALERT_TOPIC,
      context: {
        'aws:SourceArn': `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:biometric-vault-dev-audit-root-activity`,
        'aws:SourceAccount': ACCOUNT,
      },
      expect: 'Allowed',
    },
    {
      description: "another environment's alarms cannot publish to the alert topic",
      principal: service('cloudwatch.amazonaws.com'),
      action: 'sns:Publish',
      resource: ALERT_TOPIC,
      context: {
        'aws:SourceArn': `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:biometric-vault-prod-audit-root-activity`,
        'aws:SourceAccount': ACCOUNT,
      },
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'the GuardDuty findings rule publishes to the alert topic',
      principal: service('events.amazonaws.com'),
      action: 'sns:Publish',
      resource: ALERT_TOPIC,
      context: { 'aws:SourceArn': FINDINGS_RULE, 'aws:SourceAccount': ACCOUNT },
      expect: 'Allowed',
    },
    {
      description: "an EventBridge rule not named with the environment's prefix cannot publish to the alert topic",
      principal: service('events.amazonaws.com'),
      action: 'sns:Publish',
      resource: ALERT_TOPIC,
      context: { 'aws:SourceArn': `arn:aws:events:${REGION}:${ACCOUNT}:rule/other`, 'aws:SourceAccount': ACCOUNT },
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'publishing without TLS is denied',
      principal: opsAdmin,
      action: 'sns:Publish',
      resource: ALERT_TOPIC,
      context: { 'aws:SecureTransport': 'false' },
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'an anonymous principal cannot subscribe to the alert topic',
      principal: anonymous,
      action: 'sns:Subscribe',
      resource: ALERT_TOPIC,
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'another account cannot publish to the alert topic',
      principal: otherAccount,
      action: 'sns:Publish',
      resource: ALERT_TOPIC,
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'break-glass republishes an undelivered alert to the alert topic',
      principal: breakGlass,
      action: 'sns:Publish',
      resource: ALERT_TOPIC,
      expect: 'Allowed',
    },
    {
      description: "the deployer cannot change the alert topic's policy or delete it",
      principal: deployer,
      action: 'sns:SetTopicAttributes',
      resource: ALERT_TOPIC,
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'the alert administrator changes the alert topic',
      principal: alertAdmin,
      action: 'sns:SetTopicAttributes',
      resource: ALERT_TOPIC,
      expect: 'Allowed',
    },
    {
      description: 'alarms of this environment publish to the alert-path watch topic',
      principal: service('cloudwatch.amazonaws.com'),
      action: 'sns:Publish',
      resource: WATCH_TOPIC,
      context: {
        'aws:SourceArn': `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:biometric-vault-dev-audit-alert-key-tampered`,
        'aws:SourceAccount': ACCOUNT,
      },
      expect: 'Allowed',
    },
    {
      description: 'EventBridge rules cannot publish to the alert-path watch topic',
      principal: service('events.amazonaws.com'),
      action: 'sns:Publish',
      resource: WATCH_TOPIC,
      context: { 'aws:SourceArn': TAMPER_RULE, 'aws:SourceAccount': ACCOUNT },
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'the alert administrator cannot delete the alert-path watch topic',
      principal: alertAdmin,
      action: 'sns:DeleteTopic',
      resource: WATCH_TOPIC,
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'the findings rule dead-letters to the alert dead-letter queue',
      principal: service('events.amazonaws.com'),
      action: 'sqs:SendMessage',
      resource: DLQ,
      context: { 'aws:SourceArn': FINDINGS_RULE },
      expect: 'Allowed',
    },
    {
      description: 'a tamper rule dead-letters to the alert dead-letter queue',
      principal: service('events.amazonaws.com'),
      action: 'sqs:SendMessage',
      resource: DLQ,
      context: { 'aws:SourceArn': TAMPER_RULE },
      expect: 'Allowed',
    },
    {
      description: "a rule not named with the environment's prefix cannot send to the dead-letter queue",
      principal: service('events.amazonaws.com'),
      action: 'sqs:SendMessage',
      resource: DLQ,
      context: { 'aws:SourceArn': `arn:aws:events:${REGION}:${ACCOUNT}:rule/other` },
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'reading the dead-letter queue without TLS is denied',
      principal: breakGlass,
      action: 'sqs:ReceiveMessage',
      resource: DLQ,
      context: { 'aws:SecureTransport': 'false' },
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'break-glass reads the alert dead-letter queue',
      principal: breakGlass,
      action: 'sqs:ReceiveMessage',
      resource: DLQ,
      expect: 'Allowed',
    },
    {
      description: 'an account administrator cannot read or purge the alert dead-letter queue',
      principal: opsAdmin,
      action: 'sqs:PurgeQueue',
      resource: DLQ,
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'the deployer cannot change or delete the alert dead-letter queue',
      principal: deployer,
      action: 'sqs:SetQueueAttributes',
      resource: DLQ,
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'another account cannot read the dead-letter queue',
      principal: otherAccount,
      action: 'sqs:ReceiveMessage',
      resource: DLQ,
      expect: 'ExplicitlyDenied',
    },

    // ------------------------------------------------ IAM's events forwarded from us-east-1
    {
      description: 'EventBridge assumes the forwarding role for the us-east-1 rule',
      principal: service('events.amazonaws.com'),
      action: 'sts:AssumeRole',
      resource: FORWARDER_ROLE,
      context: { 'aws:SourceArn': FORWARDER_RULE, 'aws:SourceAccount': ACCOUNT },
      expect: 'Allowed',
    },
    {
      description: 'another rule cannot assume the forwarding role',
      principal: service('events.amazonaws.com'),
      action: 'sts:AssumeRole',
      resource: FORWARDER_ROLE,
      context: { 'aws:SourceArn': TAMPER_RULE, 'aws:SourceAccount': ACCOUNT },
      expect: 'ImplicitlyDenied',
    },
    {
      description: "the forwarding role puts events on the environment's default bus",
      principal: forwarder,
      action: 'events:PutEvents',
      resource: HOME_BUS,
      expect: 'Allowed',
    },
    {
      description: 'the forwarding role puts events on no other bus',
      principal: forwarder,
      action: 'events:PutEvents',
      resource: `arn:aws:events:${REGION}:${OTHER_ACCOUNT}:event-bus/default`,
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'the forwarding rule dead-letters to its us-east-1 queue',
      principal: service('events.amazonaws.com'),
      action: 'sqs:SendMessage',
      resource: FORWARDER_DLQ,
      context: { 'aws:SourceArn': FORWARDER_RULE },
      expect: 'Allowed',
    },
    {
      description: 'another rule cannot send to the forwarding dead-letter queue',
      principal: service('events.amazonaws.com'),
      action: 'sqs:SendMessage',
      resource: FORWARDER_DLQ,
      context: { 'aws:SourceArn': TAMPER_RULE },
      expect: 'ImplicitlyDenied',
    },

    // ------------------------------------------------ state bucket and access-log bucket
    {
      description: 'S3 delivers access logs of this environment under s3-access-logs/',
      principal: service('logging.s3.amazonaws.com'),
      action: 's3:PutObject',
      resource: `${ACCESS_LOG_BUCKET}/s3-access-logs/vault/2025-01-01-00-00-00-x`,
      context: { 'aws:SourceArn': VAULT_BUCKET, 'aws:SourceAccount': ACCOUNT },
      expect: 'Allowed',
    },
    {
      description: "S3 cannot deliver another environment's access logs",
      principal: service('logging.s3.amazonaws.com'),
      action: 's3:PutObject',
      resource: `${ACCESS_LOG_BUCKET}/s3-access-logs/x`,
      context: {
        'aws:SourceArn': 'arn:aws:s3:::biometric-vault-prod-vault-333333333333',
        'aws:SourceAccount': ACCOUNT,
      },
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'S3 cannot deliver access logs outside s3-access-logs/',
      principal: service('logging.s3.amazonaws.com'),
      action: 's3:PutObject',
      resource: `${ACCESS_LOG_BUCKET}/elsewhere/x`,
      context: { 'aws:SourceArn': VAULT_BUCKET, 'aws:SourceAccount': ACCOUNT },
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'an administrator cannot delete access logs',
      principal: opsAdmin,
      action: 's3:DeleteObject',
      resource: `${ACCESS_LOG_BUCKET}/s3-access-logs/vault/x`,
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'break-glass can delete access logs',
      principal: breakGlass,
      action: 's3:DeleteObject',
      resource: `${ACCESS_LOG_BUCKET}/s3-access-logs/vault/x`,
      expect: 'Allowed',
    },
    {
      description: 'an administrator cannot delete Terraform state versions',
      principal: opsAdmin,
      action: 's3:DeleteObjectVersion',
      resource: `${STATE_BUCKET}/dev/dev-keys.tfstate`,
      expect: 'ExplicitlyDenied',
    },
    {
      description: "S3 delivers the state bucket's access logs",
      principal: service('logging.s3.amazonaws.com'),
      action: 's3:PutObject',
      resource: `arn:aws:s3:::biometric-vault-dev-state-logs-${ACCOUNT}/s3-access-logs/state/2025-01-01-00-00-00-x`,
      context: { 'aws:SourceArn': STATE_BUCKET, 'aws:SourceAccount': ACCOUNT },
      expect: 'Allowed',
    },
    {
      description: 'an administrator cannot write a verifier package (signers only)',
      principal: opsAdmin,
      action: 's3:PutObject',
      resource: `arn:aws:s3:::biometric-vault-dev-artifacts-${ACCOUNT}/verifier/signed/job.zip`,
      expect: 'ExplicitlyDenied',
    },
    {
      description: 'the deployer decrypts state through S3',
      principal: deployer,
      action: 'kms:Decrypt',
      resource: k.state,
      context: {
        'kms:ViaService': VIA('s3'),
        'kms:EncryptionContext:aws:s3:arn': `${STATE_BUCKET}/dev/dev-ledger.tfstate`,
      },
      expect: 'Allowed',
    },
    {
      description: 'an administrator cannot decrypt state',
      principal: opsAdmin,
      action: 'kms:Decrypt',
      resource: k.state,
      context: {
        'kms:ViaService': VIA('s3'),
        'kms:EncryptionContext:aws:s3:arn': `${STATE_BUCKET}/dev/dev-ledger.tfstate`,
      },
      expect: 'ImplicitlyDenied',
    },
    {
      description: 'requests without TLS are denied (state bucket)',
      principal: opsAdmin,
      action: 's3:GetObject',
      resource: `${STATE_BUCKET}/dev/dev-keys.tfstate`,
      context: { 'aws:SecureTransport': 'false' },
      expect: 'ExplicitlyDenied',
    },
    ...ledgerIntegrityProbes(k),
  ];
}

/** The ledger-integrity stack's roles, the ledger's stream, the digest bucket and the signing key. */
function ledgerIntegrityProbes(k: Keys): Row[] {
  const digestContext = { 'kms:ViaService': VIA('s3'), 'kms:EncryptionContext:aws:s3:arn': DIGEST_OBJECT };
  const signing = { 'kms:SigningAlgorithm': 'RSASSA_PKCS1_V1_5_SHA_256', 'kms:MessageType': 'DIGEST' };
  const row = (
    description: string,
    principal: ProbePrincipal,
    action: string,
    resource: string,
    expect: Row['expect'],
    context?: Row['context'],
  ): Row => ({ description, principal, action, resource, expect, ...(context !== undefined && { context }) });
  return [
    row('the stream consumer reads the ledger stream', streamRole, 'dynamodb:GetRecords', LEDGER_STREAM, 'Allowed'),
    row('the stream consumer decrypts the stream via DynamoDB', streamRole, 'kms:Decrypt', k.vault, 'Allowed', {
      'kms:ViaService': VIA('dynamodb'),
      'kms:EncryptionContext:aws:dynamodb:tableName': names.ledgerTable,
    }),
    row('the stream consumer stages a batch', streamRole, 's3:PutObject', STAGED_OBJECT, 'Allowed', sseKms(k.vault)),
    row('the stream consumer encrypts batches via S3', streamRole, 'kms:GenerateDataKey', k.vault, 'Allowed', {
      'kms:ViaService': VIA('s3'),
      'kms:EncryptionContext:aws:s3:arn': STAGED_OBJECT,
    }),
    row(
      'the stream consumer cannot write a digest',
      streamRole,
      's3:PutObject',
      DIGEST_OBJECT,
      'ExplicitlyDenied',
      sseKms(k.vault),
    ),
    row('the stream consumer cannot read digests', streamRole, 's3:GetObject', DIGEST_OBJECT, 'ExplicitlyDenied'),
    row('the stream consumer cannot write the ledger', streamRole, 'dynamodb:PutItem', LEDGER, 'ExplicitlyDenied'),
    row('the stream consumer cannot read the ledger table', streamRole, 'dynamodb:Scan', LEDGER, 'ExplicitlyDenied'),
    row('the stream consumer publishes alerts', streamRole, 'sns:Publish', ALERT_TOPIC, 'Allowed'),
    row(
      'the stream consumer encrypts alerts with the alert key via SNS',
      streamRole,
      'kms:GenerateDataKey',
      k.alert,
      'Allowed',
      {
        'kms:ViaService': VIA('sns'),
        'kms:EncryptionContext:aws:sns:topicArn': ALERT_TOPIC,
      },
    ),
    row(
      'the stream consumer cannot use the alert key outside SNS',
      streamRole,
      'kms:GenerateDataKey',
      k.alert,
      'ImplicitlyDenied',
    ),
    row(
      'the stream consumer cannot use the audit key, even via SNS for the alert topic',
      streamRole,
      'kms:GenerateDataKey',
      k.audit,
      'ImplicitlyDenied',
      {
        'kms:ViaService': VIA('sns'),
        'kms:EncryptionContext:aws:sns:topicArn': ALERT_TOPIC,
      },
    ),
    row(
      'the stream consumer sends failed batches to its queue',
      streamRole,
      'sqs:SendMessage',
      STREAM_FAILURE_QUEUE,
      'Allowed',
    ),
    row('the stream consumer cannot sign', streamRole, 'kms:Sign', k.signing, 'ExplicitlyDenied', signing),
    row(
      'Lambda assumes the stream consumer role',
      service('lambda.amazonaws.com'),
      'sts:AssumeRole',
      STREAM_ROLE,
      'Allowed',
    ),
    row('the digest job signs SHA-256 digests', digestRole, 'kms:Sign', k.signing, 'Allowed', signing),
    row('the digest job cannot sign a raw message', digestRole, 'kms:Sign', k.signing, 'ImplicitlyDenied', {
      ...signing,
      'kms:MessageType': 'RAW',
    }),
    row('the digest job reads the public key', digestRole, 'kms:GetPublicKey', k.signing, 'Allowed'),
    row('the digest job reads staged batches', digestRole, 's3:GetObject', STAGED_OBJECT, 'Allowed'),
    row('the digest job writes a digest', digestRole, 's3:PutObject', DIGEST_OBJECT, 'Allowed', sseKms(k.vault)),
    row(
      'the digest job uses the vault key via S3 for the digest bucket',
      digestRole,
      'kms:Decrypt',
      k.vault,
      'Allowed',
      digestContext,
    ),
    row('the digest job cannot write the ledger', digestRole, 'dynamodb:PutItem', LEDGER, 'ExplicitlyDenied'),
    row('the digest job cannot change a record', digestRole, 'dynamodb:UpdateItem', LEDGER, 'ExplicitlyDenied'),
    row(
      'the digest job cannot read the ledger stream',
      digestRole,
      'dynamodb:GetRecords',
      LEDGER_STREAM,
      'ExplicitlyDenied',
    ),
    row(
      'the digest job cannot delete a digest',
      digestRole,
      's3:DeleteObjectVersion',
      DIGEST_OBJECT,
      'ExplicitlyDenied',
    ),
    row('the digest job sends failures to its queue', digestRole, 'sqs:SendMessage', DIGEST_DLQ, 'Allowed'),
    row(
      'Lambda assumes the digest job role',
      service('lambda.amazonaws.com'),
      'sts:AssumeRole',
      DIGEST_ROLE,
      'Allowed',
    ),
    row('the verifier cannot sign digests', verifier, 'kms:Sign', k.signing, 'ExplicitlyDenied', signing),
    row('the scheduler invokes the digest job', schedulerRole, 'lambda:InvokeFunction', DIGEST_FUNCTION, 'Allowed'),
    row(
      'the scheduler cannot invoke the verifier',
      schedulerRole,
      'lambda:InvokeFunction',
      VERIFIER_FUNCTION,
      'ImplicitlyDenied',
    ),
    row('the scheduler dead-letters to its queue', schedulerRole, 'sqs:SendMessage', DIGEST_DLQ, 'Allowed'),
    row(
      'EventBridge Scheduler assumes its role for this schedule',
      service('scheduler.amazonaws.com'),
      'sts:AssumeRole',
      SCHEDULER_ROLE,
      'Allowed',
      {
        'aws:SourceArn': SCHEDULE,
        'aws:SourceAccount': ACCOUNT,
      },
    ),
    row(
      'EventBridge Scheduler cannot assume it for another schedule',
      service('scheduler.amazonaws.com'),
      'sts:AssumeRole',
      SCHEDULER_ROLE,
      'ImplicitlyDenied',
      {
        'aws:SourceArn': `${SCHEDULE}-other`,
        'aws:SourceAccount': ACCOUNT,
      },
    ),
    row('an account administrator cannot sign', opsAdmin, 'kms:Sign', k.signing, 'ExplicitlyDenied', signing),
    row('an account administrator reads the public key', opsAdmin, 'kms:GetPublicKey', k.signing, 'Allowed'),
    row('another account cannot read the public key', otherAccount, 'kms:GetPublicKey', k.signing, 'ImplicitlyDenied'),
    row(
      'an account administrator cannot read the ledger stream',
      opsAdmin,
      'dynamodb:GetRecords',
      LEDGER_STREAM,
      'ExplicitlyDenied',
    ),
    row('break-glass may read the ledger stream', breakGlass, 'dynamodb:GetShardIterator', LEDGER_STREAM, 'Allowed'),
    row(
      'the deployer cannot change the stream policy',
      deployer,
      'dynamodb:PutResourcePolicy',
      LEDGER_STREAM,
      'ExplicitlyDenied',
    ),
    row('a ledger reader reads digests', ledgerReader, 's3:GetObject', DIGEST_OBJECT, 'Allowed'),
    row('a ledger reader decrypts digests via S3', ledgerReader, 'kms:Decrypt', k.vault, 'Allowed', digestContext),
    row('an account administrator cannot read digests', opsAdmin, 's3:GetObject', DIGEST_OBJECT, 'ExplicitlyDenied'),
    row(
      'an account administrator cannot delete a digest version',
      opsAdmin,
      's3:DeleteObjectVersion',
      DIGEST_OBJECT,
      'ExplicitlyDenied',
    ),
    row(
      'break-glass cannot forge a digest',
      breakGlass,
      's3:PutObject',
      DIGEST_OBJECT,
      'ExplicitlyDenied',
      sseKms(k.vault),
    ),
    row(
      'break-glass may delete a digest version (Object Lock still refuses a locked one)',
      breakGlass,
      's3:DeleteObjectVersion',
      DIGEST_OBJECT,
      'Allowed',
    ),
    row(
      'the deployer cannot shorten a digest retention',
      deployer,
      's3:PutObjectRetention',
      DIGEST_OBJECT,
      'ExplicitlyDenied',
    ),
    row(
      'nothing is written outside the evidence prefixes',
      breakGlass,
      's3:PutObject',
      `${DIGEST_BUCKET}/exports/x.json`,
      'ExplicitlyDenied',
      sseKms(k.vault),
    ),
  ];
}

// ---------------------------------------------------------------- the proofs

// Probe rows are built from placeholder key ARNs for the table (test names) and resolved per test.
const PLACEHOLDER_KEYS: Keys = {
  vault: 'VAULT_KEY_ARN',
  audit: 'AUDIT_KEY_ARN',
  state: 'STATE_KEY_ARN',
  alert: 'ALERT_KEY_ARN',
  signing: 'SIGNING_KEY_ARN',
};
const ROWS = probes(PLACEHOLDER_KEYS);
const resolveKeys = (s: string): string =>
  s
    .replace(PLACEHOLDER_KEYS.vault, keys.vault)
    .replace(PLACEHOLDER_KEYS.audit, keys.audit)
    .replace(PLACEHOLDER_KEYS.state, keys.state)
    .replace(PLACEHOLDER_KEYS.alert, keys.alert)
    .replace(PLACEHOLDER_KEYS.signing, keys.signing);
/** The verifier role's own calls come from within the verifier function (Lambda names it in every request). */
function resolved(row: Row): Probe {
  // Each execution role's own calls come from within its function (Lambda names it in every request).
  const ownFunction: Record<string, string> = {
    [names.verifierRole]: VERIFIER_FUNCTION,
    [names.ledgerStreamRole]: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${names.ledgerStreamFunction}`,
    [names.ledgerDigestRole]: DIGEST_FUNCTION,
  };
  const fn = row.principal.kind === 'role' ? ownFunction[row.principal.name] : undefined;
  const context: Record<string, string | readonly string[]> =
    fn === undefined ? {} : { 'lambda:SourceFunctionArn': fn };
  for (const [k, v] of Object.entries(row.context ?? {}))
    context[k] = typeof v === 'string' ? resolveKeys(v) : v.map(resolveKeys);
  return { ...row, resource: resolveKeys(row.resource), context };
}

// Prepare (once): synthesize dev and index its policies; the probe rows are the table below.
const world = policyWorld(synthesizeModel(env, ACCOUNT), FILL);
const keys: Keys = {
  vault: keyArn(world, env.keyAlias),
  audit: keyArn(world, env.auditKeyAlias),
  state: keyArn(world, names.stateKeyAlias),
  alert: keyArn(world, env.alerting.keyAlias),
  signing: keyArn(world, names.ledgerSigningKeyAlias),
};

describe(`least privilege (${env.name}, account ${ACCOUNT}, ${REGION}): synthesized policies evaluated together`, () => {
  it('has 241 probes, 89 allowed and 152 denied, over every kind of policy', () => {
    // Exact: a probe that disappears (or is added) shows here, not only as one test name fewer.
    expect(ROWS.length).toBe(241);
    expect(ROWS.filter((r) => r.expect === 'Allowed').length).toBe(89);
    expect(ROWS.filter((r) => r.expect !== 'Allowed').length).toBe(152);
    const kinds = new Set(world.resourcePolicies.map((p) => p.source.split(' ')[1]?.split('.')[0]));
    expect([...kinds].sort()).toEqual(
      expect.arrayContaining([
        'aws_dynamodb_resource_policy',
        'aws_iam_role',
        'aws_kms_key',
        'aws_s3_bucket_policy',
        'aws_sns_topic_policy',
        'aws_sqs_queue_policy',
      ]),
    );
  });

  it('evaluates identity policies of every synthesized role (none is managed or unresolvable)', () => {
    for (const [name, role] of world.roles) {
      expect([name, role.identity.length > 0]).toEqual([name, true]);
    }
  });

  it('exercises every synthesized role and every resource policy with at least one probe', () => {
    const rows = ROWS.map(resolved);
    const probedRoles = new Set(rows.flatMap((r) => (r.principal.kind === 'role' ? [r.principal.name] : [])));
    const probedPolicies = new Set(rows.map((r) => resourcePolicyFor(world, r.resource)?.source));
    expect([...world.roles.keys()].filter((r) => !probedRoles.has(r))).toEqual([]);
    expect(world.resourcePolicies.map((p) => p.source).filter((p) => !probedPolicies.has(p))).toEqual([]);
  });

  for (const row of ROWS) {
    const title = `${row.expect === 'Allowed' ? 'ALLOW' : 'DENY '} ${row.description}${row.finding === undefined ? '' : ` [finding ${row.finding}]`}`;
    test(title, async () => {
      // Prepare
      const probe = resolved(row);
      // Act
      const result = await runProbe(world, probe);
      // Assess: the decision, and that the simulator used every context key the probe set
      // (a dropped key would make the probe prove something else) and found the governing policy.
      expect({ decision: result.decision, error: result.error, ignored: result.ignoredContextKeys }).toEqual({
        decision: row.expect,
        error: undefined,
        ignored: [],
      });
      if (row.principal.kind !== 'role' && row.principal.kind !== 'external')
        expect(result.resourcePolicy).toBeDefined();
    });
  }
});

describe('the probe harness itself', () => {
  const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/self-test`;
  const mini = (policy: JsonObject): PolicyWorld => ({
    accountId: ACCOUNT,
    region: REGION,
    model: world.model,
    roles: new Map(),
    managedPolicies: new Map(),
    resourcePolicies: [{ source: 'self-test key policy', arn: KEY, governs: (r) => r === KEY, policy }],
  });
  const ecPolicy: JsonObject = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: VIA('logs') },
        Action: 'kms:GenerateDataKey',
        Resource: '*',
        Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': TRAIL_LOG_GROUP } },
      },
    ],
  };
  const ecProbe = (group: string): Probe => ({
    description: 'self-test',
    principal: service(VIA('logs')),
    action: 'kms:GenerateDataKey',
    resource: KEY,
    context: { 'kms:EncryptionContext:aws:logs:arn': group },
    expect: 'Allowed',
  });

  it('evaluates kms:EncryptionContext conditions (allowed on a match, denied otherwise) on the fallback engine', async () => {
    // Act
    const match = await runProbe(mini(ecPolicy), ecProbe(TRAIL_LOG_GROUP));
    const other = await runProbe(mini(ecPolicy), ecProbe(VERIFIER_LOG_GROUP));
    // Assess
    expect([match.decision, match.engine]).toEqual(['Allowed', 'validated+encryption-context']);
    expect([other.decision, other.engine]).toEqual(['ImplicitlyDenied', 'validated+encryption-context']);
  });

  it('reports a context key the simulator would silently drop instead of passing', async () => {
    // Act: s3:x-amz-server-side-encryption does not apply to GetObject
    const r = await runProbe(world, {
      description: 'self-test',
      principal: opsAdmin,
      action: 's3:GetObject',
      resource: `${VAULT_BUCKET}/uploads/x`,
      context: { 's3:x-amz-server-side-encryption': 'aws:kms' },
      expect: 'Allowed',
    });
    // Assess
    expect(r.ignoredContextKeys).toEqual(['s3:x-amz-server-side-encryption']);
  });

  it('fails on an unknown role instead of probing without identity policies', async () => {
    await expect(
      runProbe(world, {
        description: 'self-test',
        principal: { kind: 'role', name: 'no-such-role' },
        action: 's3:GetObject',
        resource: `${VAULT_BUCKET}/uploads/x`,
        expect: 'ImplicitlyDenied',
      }),
    ).rejects.toThrow(/no role no-such-role/);
  });
});
