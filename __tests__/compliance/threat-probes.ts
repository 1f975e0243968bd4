import type { JsonObject } from '../../compliance/engine/types';
import { restoredLedgerPolicy } from '../../tools/recovery/ledger';
import type { Decision, Probe } from './iam-probe';
import { ALL_ACTIONS, OTHER_ACCOUNT, type Guardrail, type ThreatEnv, type ThreatProbe } from './threat-model';

/**
 * Every probe of docs/threat-model.md and docs/disaster-recovery.md, by id. `threat-model.test.ts`
 * runs each in dev, staging and prod and checks that the tables name exactly these ids.
 */

type Build = (t: ThreatEnv) => Omit<Probe, 'expect' | 'description'>;

const probe =
  (expect: Decision) =>
  (id: string, description: string, build: Build, guardrail?: Guardrail): ThreatProbe => ({
    id,
    expect,
    ...(guardrail !== undefined && { guardrail }),
    build: (t) => ({ description, ...build(t) }),
  });
const allowed = probe('Allowed');
const denied = probe('ExplicitlyDenied');
const notGranted = probe('ImplicitlyDenied');

const sse = (key: string): Record<string, string> => ({
  's3:x-amz-server-side-encryption': 'aws:kms',
  's3:x-amz-server-side-encryption-aws-kms-key-id': key,
});
const viaS3 = (t: ThreatEnv): Record<string, string> => ({ 'kms:ViaService': t.via('s3') });
const stateContext = (t: ThreatEnv, object: string): Record<string, string> => ({
  'kms:ViaService': t.via('s3'),
  'kms:EncryptionContext:aws:s3:arn': object,
});
/** A call made from within the verifier function's execution environment (Lambda sets the key). */
const fromVerifier = (t: ThreatEnv): Record<string, string> => ({ 'lambda:SourceFunctionArn': t.arn.verifierFunction });
/** A call made from within another function's execution environment. */
const fromOtherFunction = (t: ThreatEnv): Record<string, string> => ({
  'lambda:SourceFunctionArn': t.arn.otherFunction,
});
const tableContext = (t: ThreatEnv, table: string): Record<string, string> => ({
  'kms:ViaService': t.via('dynamodb'),
  'kms:EncryptionContext:aws:dynamodb:tableName': table,
});
const objectContext = (t: ThreatEnv, object: string): Record<string, string> => ({
  'kms:ViaService': t.via('s3'),
  'kms:EncryptionContext:aws:s3:arn': object,
});
/** A trust policy an attacker wrote for a project role: the deployer may assume it. */
const trustingDeployer = (t: ThreatEnv) => ({
  reason: 'the role re-trusted (or created under its name) to trust the deployer',
  policy: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: t.role.deployer }, Action: 'sts:AssumeRole' }],
  },
});
/** The policy `recover restore-ledger` attaches to the restored copy before anything reads or merges it. */
const restoredCopyPolicy = (t: ThreatEnv) => ({
  reason: 'the restored copy of the ledger, protected by recover restore-ledger',
  policy: JSON.parse(restoredLedgerPolicy(t.arn.restoredLedger, t.role.breakGlass)) as JsonObject,
});
const FRESH_BUCKET = 'a bucket being created: it has no policy yet';
const FRESH_TABLE = 'a table being created: it has no resource policy yet';
const ROOT_BUCKET_POLICY =
  'the root user may always put and delete a bucket policy, whatever it denies (Amazon S3 API reference, DeleteBucketPolicy)';
const ROOT_TABLE_POLICY =
  'the root user may always delete a DynamoDB resource policy (DynamoDB API reference, DeleteResourcePolicy)';

/** Bucket-configuration probes: the same change, denied to `actor`, on one bucket. */
function configuration(
  bucket: string,
  actorName: string,
  arnOf: (t: ThreatEnv) => string,
  bucketArn: (t: ThreatEnv) => string,
  actions: readonly string[],
): ThreatProbe[] {
  return actions.map((action) =>
    denied(
      `${bucket}.${action.replace('s3:', '').replace(/^Put|^Delete/, (m) => m.toLowerCase())}.${actorName}`,
      `${actorName} cannot ${action} on the ${bucket}`,
      (t) => ({ principal: t.as(arnOf(t)), action, resource: bucketArn(t) }),
    ),
  );
}

export const THREAT_PROBES: readonly ThreatProbe[] = [
  // ------------------------------------------------------------------ images (uploads/) and references
  allowed('image.put.uploader', 'the capture device uploads an image with SSE-KMS under the VaultKey', (t) => ({
    principal: t.as(t.role.uploader),
    action: 's3:PutObject',
    resource: t.arn.upload,
    context: sse(t.keys.vault),
  })),
  allowed('image.encrypt.uploader', 'the capture device gets a data key for its upload through S3', (t) => ({
    principal: t.as(t.role.uploader),
    action: 'kms:GenerateDataKey',
    resource: t.keys.vault,
    context: objectContext(t, t.arn.upload),
  })),
  notGranted('reference.encrypt.uploader', 'the capture device gets no data key for a reference', (t) => ({
    principal: t.as(t.role.uploader),
    action: 'kms:GenerateDataKey',
    resource: t.keys.vault,
    context: objectContext(t, t.arn.reference),
  })),
  denied('image.put.enrollment', 'enrollment cannot upload an image to verify (as any subject)', (t) => ({
    principal: t.as(t.role.enrollment),
    action: 's3:PutObject',
    resource: t.arn.upload,
    context: sse(t.keys.vault),
  })),
  notGranted('image.encrypt.enrollment', 'enrollment gets no data key for an upload', (t) => ({
    principal: t.as(t.role.enrollment),
    action: 'kms:GenerateDataKey',
    resource: t.keys.vault,
    context: objectContext(t, t.arn.upload),
  })),
  allowed('reference.encrypt.enrollment', 'enrollment gets a data key for a reference through S3', (t) => ({
    principal: t.as(t.role.enrollment),
    action: 'kms:GenerateDataKey',
    resource: t.keys.vault,
    context: objectContext(t, t.arn.reference),
  })),
  denied('image.put.account-admin', 'an account administrator cannot upload an image to verify', (t) => ({
    principal: t.as(t.role.accountAdmin),
    action: 's3:PutObject',
    resource: t.arn.upload,
    context: sse(t.keys.vault),
  })),
  allowed('image.put-probe.verification', 'the verification role uploads its probe image', (t) => ({
    principal: t.as(t.role.verification),
    action: 's3:PutObject',
    resource: t.arn.probeUpload,
    context: sse(t.keys.vault),
  })),
  denied('image.put.verification', 'the verification role cannot upload as a subject', (t) => ({
    principal: t.as(t.role.verification),
    action: 's3:PutObject',
    resource: t.arn.upload,
    context: sse(t.keys.vault),
  })),
  ...(['accountAdmin', 'uploader', 'deployer'] as const).map((actor) =>
    denied(
      `vault-bucket.list.${kebab(actor)}`,
      `${kebab(actor)} cannot list the vault bucket (keys name subjects)`,
      (t) => ({
        principal: t.as(t.role[actor]),
        action: 's3:ListBucket',
        resource: t.arn.vaultBucket,
      }),
    ),
  ),
  allowed('vault-bucket.list.verifier', 'the verifier lists references (from within its function)', (t) => ({
    principal: t.projectRole(t.names.verifierRole),
    action: 's3:ListBucket',
    resource: t.arn.vaultBucket,
    context: { ...fromVerifier(t), 's3:prefix': 'references/subject-1' },
  })),
  denied('image.read.uploader', 'the capture device cannot read images (bucket policy)', (t) => ({
    principal: t.as(t.role.uploader),
    action: 's3:GetObject',
    resource: t.arn.upload,
  })),
  notGranted('image.decrypt.uploader', 'the capture device cannot decrypt images (key policy)', (t) => ({
    principal: t.as(t.role.uploader),
    action: 'kms:Decrypt',
    resource: t.keys.vault,
    context: viaS3(t),
  })),
  denied('image.read.enrollment', 'enrollment cannot read uploaded images', (t) => ({
    principal: t.as(t.role.enrollment),
    action: 's3:GetObject',
    resource: t.arn.upload,
  })),
  denied('reference.read.enrollment', 'enrollment cannot read enrolled references back', (t) => ({
    principal: t.as(t.role.enrollment),
    action: 's3:GetObjectVersion',
    resource: t.arn.reference,
  })),
  notGranted('image.decrypt.enrollment', 'enrollment cannot decrypt images', (t) => ({
    principal: t.as(t.role.enrollment),
    action: 'kms:Decrypt',
    resource: t.keys.vault,
    context: viaS3(t),
  })),
  allowed('reference.put.enrollment', 'enrollment writes a reference image', (t) => ({
    principal: t.as(t.role.enrollment),
    action: 's3:PutObject',
    resource: t.arn.reference,
    context: sse(t.keys.vault),
  })),
  denied('reference.put.uploader', 'the capture device cannot write a reference image', (t) => ({
    principal: t.as(t.role.uploader),
    action: 's3:PutObject',
    resource: t.arn.reference,
    context: sse(t.keys.vault),
  })),
  denied('reference.put.account-admin', 'an account administrator cannot write a reference image', (t) => ({
    principal: t.as(t.role.accountAdmin),
    action: 's3:PutObject',
    resource: t.arn.reference,
    context: sse(t.keys.vault),
  })),
  allowed('image.read.verifier', 'the verifier reads an upload (from within its function)', (t) => ({
    principal: t.projectRole(t.names.verifierRole),
    action: 's3:GetObjectVersion',
    resource: t.arn.upload,
    context: fromVerifier(t),
  })),
  // ------------------------------------------------------------------ uploads awaiting verification (intake queue)
  allowed('intake.send.s3', 'S3 announces an upload of the vault bucket (this account) to the intake queue', (t) => ({
    principal: t.service('s3.amazonaws.com'),
    action: 'sqs:SendMessage',
    resource: t.arn.intakeQueue,
    context: { 'aws:SourceArn': t.arn.vaultBucket, 'aws:SourceAccount': t.account },
  })),
  notGranted('intake.send.other-bucket', 'S3 cannot announce uploads of another bucket to the intake queue', (t) => ({
    principal: t.service('s3.amazonaws.com'),
    action: 'sqs:SendMessage',
    resource: t.arn.intakeQueue,
    context: { 'aws:SourceArn': 'arn:aws:s3:::someone-elses-bucket', 'aws:SourceAccount': OTHER_ACCOUNT },
  })),
  denied('intake.send.account-admin', 'an account administrator cannot slip an event into the intake queue', (t) => ({
    principal: t.as(t.role.accountAdmin),
    action: 'sqs:SendMessage',
    resource: t.arn.intakeQueue,
  })),
  denied('intake.send.deployer', 'the deployer cannot slip an event into the intake queue', (t) => ({
    principal: t.as(t.role.deployer),
    action: 'sqs:SendMessage',
    resource: t.arn.intakeQueue,
  })),
  allowed('intake.receive.verifier', 'the verifier drains the intake queue', (t) => ({
    principal: t.projectRole(t.names.verifierRole),
    action: 'sqs:ReceiveMessage',
    resource: t.arn.intakeQueue,
  })),
  allowed('intake.delete.verifier', 'the verifier deletes the messages it handled', (t) => ({
    principal: t.projectRole(t.names.verifierRole),
    action: 'sqs:DeleteMessage',
    resource: t.arn.intakeQueue,
  })),
  denied('intake.receive.account-admin', 'an account administrator cannot take uploads off the intake queue', (t) => ({
    principal: t.as(t.role.accountAdmin),
    action: 'sqs:ReceiveMessage',
    resource: t.arn.intakeQueue,
  })),
  denied('intake.purge.account-admin', 'an account administrator cannot purge the intake queue', (t) => ({
    principal: t.as(t.role.accountAdmin),
    action: 'sqs:PurgeQueue',
    resource: t.arn.intakeQueue,
  })),
  denied('intake.purge.deployer', 'the deployer cannot purge the intake queue', (t) => ({
    principal: t.as(t.role.deployer),
    action: 'sqs:PurgeQueue',
    resource: t.arn.intakeQueue,
  })),
  allowed('intake.send.break-glass', 'break-glass redrives failed uploads back to the intake queue', (t) => ({
    principal: t.as(t.role.breakGlass),
    action: 'sqs:SendMessage',
    resource: t.arn.intakeQueue,
  })),
  denied('failures.purge.account-admin', 'an account administrator cannot purge the failure queue', (t) => ({
    principal: t.as(t.role.accountAdmin),
    action: 'sqs:PurgeQueue',
    resource: t.arn.failureQueue,
  })),
  allowed('failures.receive.break-glass', 'break-glass reads the failure queue (to redrive it)', (t) => ({
    principal: t.as(t.role.breakGlass),
    action: 'sqs:ReceiveMessage',
    resource: t.arn.failureQueue,
  })),
  allowed('reference.read.verifier', 'the verifier reads a reference', (t) => ({
    principal: t.projectRole(t.names.verifierRole),
    action: 's3:GetObject',
    resource: t.arn.reference,
    context: fromVerifier(t),
  })),
  allowed(
    'image.read-for-verifier.rekognition',
    "Rekognition reads an image the verifier names, with the verifier's permissions (forward session)",
    (t) => ({
      principal: t.projectRole(t.names.verifierRole),
      action: 's3:GetObjectVersion',
      resource: t.arn.upload,
      context: { 'aws:ViaAWSService': 'true', 'aws:CalledVia': 'rekognition.amazonaws.com' },
    }),
  ),
  denied(
    'image.read.verifier-role-in-other-function',
    "the verifier's role, passed to another function, reads no image from there (fence)",
    (t) => ({
      principal: t.projectRole(t.names.verifierRole),
      action: 's3:GetObject',
      resource: t.arn.upload,
      context: fromOtherFunction(t),
    }),
  ),
  denied(
    'image.read.verifier-role-outside-lambda',
    "a session of the verifier's role used outside Lambda (assumed, or its credentials carried off) reads no image",
    (t) => ({ principal: t.projectRole(t.names.verifierRole), action: 's3:GetObject', resource: t.arn.upload }),
  ),
  denied(
    'ledger.append.verifier-role-in-other-function',
    "the verifier's role, passed to another function, appends no record from there (fence)",
    (t) => ({
      principal: t.projectRole(t.names.verifierRole),
      action: 'dynamodb:PutItem',
      resource: t.arn.ledger,
      context: fromOtherFunction(t),
    }),
  ),
  denied(
    'image.analyse.verifier-role-outside-lambda',
    "a session of the verifier's role used outside Lambda asks Rekognition nothing",
    (t) => ({ principal: t.projectRole(t.names.verifierRole), action: 'rekognition:DetectFaces', resource: '*' }),
  ),
  allowed('image.decrypt.verifier', 'the verifier decrypts images through S3', (t) => ({
    principal: t.projectRole(t.names.verifierRole),
    action: 'kms:Decrypt',
    resource: t.keys.vault,
    context: viaS3(t),
  })),
  allowed('image.read.malware-scanner', 'GuardDuty Malware Protection reads an upload', (t) => ({
    principal: t.projectRole(t.names.malwareProtectionRole),
    action: 's3:GetObject',
    resource: t.arn.upload,
  })),
  allowed('image.head-probe.verification', 'the verification role reads its own probe upload (HeadObject)', (t) => ({
    principal: t.as(t.role.verification),
    action: 's3:GetObject',
    resource: t.arn.probeUpload,
  })),
  denied('image.read.verification', "the verification role cannot read a subject's image", (t) => ({
    principal: t.as(t.role.verification),
    action: 's3:GetObject',
    resource: t.arn.upload,
  })),
  notGranted('image.decrypt.verification', 'the verification role cannot decrypt images', (t) => ({
    principal: t.as(t.role.verification),
    action: 'kms:Decrypt',
    resource: t.keys.vault,
    context: viaS3(t),
  })),
  ...(['deployer', 'plan', 'keyAdmin', 'auditor', 'signer', 'accountAdmin'] as const).map((actor) =>
    denied(`image.read.${kebab(actor)}`, `${kebab(actor)} cannot read images`, (t) => ({
      principal: t.as(t.role[actor]),
      action: 's3:GetObject',
      resource: t.arn.upload,
    })),
  ),
  notGranted('image.decrypt.account-admin', 'an account administrator cannot decrypt images', (t) => ({
    principal: t.as(t.role.accountAdmin),
    action: 'kms:Decrypt',
    resource: t.keys.vault,
    context: viaS3(t),
  })),
  denied('image.read.other-account', 'another account cannot read images', (t) => ({
    principal: t.as(t.role.otherAccount),
    action: 's3:GetObject',
    resource: t.arn.upload,
  })),
  denied('image.read.anonymous', 'an anonymous caller cannot read images', (t) => ({
    principal: t.anonymous,
    action: 's3:GetObject',
    resource: t.arn.upload,
  })),
  denied('image.read-without-tls.verifier', 'no image is read without TLS, even by the verifier', (t) => ({
    principal: t.projectRole(t.names.verifierRole),
    action: 's3:GetObject',
    resource: t.arn.upload,
    context: { 'aws:SecureTransport': 'false' },
  })),
  denied('image.put-unencrypted.account-admin', 'nobody uploads without SSE-KMS under the VaultKey', (t) => ({
    principal: t.as(t.role.accountAdmin),
    action: 's3:PutObject',
    resource: t.arn.upload,
  })),
  denied('image.delete-version.account-admin', 'an account administrator cannot delete image versions', (t) => ({
    principal: t.as(t.role.accountAdmin),
    action: 's3:DeleteObjectVersion',
    resource: t.arn.upload,
  })),

  // ------------------------------------------------------------------ bucket protections
  ...configuration(
    'vault-bucket',
    'deployer',
    (t) => t.role.deployer,
    (t) => t.arn.vaultBucket,
    ['s3:PutBucketPolicy', 's3:PutLifecycleConfiguration', 's3:PutBucketVersioning', 's3:PutBucketLogging'],
  ),
  ...configuration(
    'vault-bucket',
    'account-admin',
    (t) => t.role.accountAdmin,
    (t) => t.arn.vaultBucket,
    [
      's3:DeleteBucketPolicy',
      's3:PutEncryptionConfiguration',
      's3:PutBucketPublicAccessBlock',
      's3:PutBucketOwnershipControls',
      's3:PutBucketObjectLockConfiguration',
      's3:PutReplicationConfiguration',
    ],
  ),
  ...configuration(
    'vault-bucket',
    'account-admin',
    (t) => t.role.accountAdmin,
    (t) => t.arn.vaultBucket,
    ['s3:PutBucketNotification', 's3:PutInventoryConfiguration'],
  ),
  ...configuration(
    'vault-bucket',
    'deployer',
    (t) => t.role.deployer,
    (t) => t.arn.vaultBucket,
    ['s3:PutInventoryConfiguration', 's3:PutAnalyticsConfiguration'],
  ),
  allowed(
    'vault-bucket.putBucketNotification.deployer',
    "the deployer points the uploads' notifications at the intake queue (verifier stack)",
    (t) => ({ principal: t.as(t.role.deployer), action: 's3:PutBucketNotification', resource: t.arn.vaultBucket }),
  ),
  allowed(
    'vault-bucket.putBucketNotification.malware-scanner',
    "GuardDuty Malware Protection turns on the bucket's EventBridge notifications through its role",
    (t) => ({
      principal: t.projectRole(t.names.malwareProtectionRole),
      action: 's3:PutBucketNotification',
      resource: t.arn.vaultBucket,
    }),
  ),
  ...configuration(
    'trail-bucket',
    'deployer',
    (t) => t.role.deployer,
    (t) => t.arn.trailBucket,
    ['s3:PutBucketNotification'],
  ),
  allowed('vault-bucket.putLifecycleConfiguration.break-glass', 'break-glass changes the vault lifecycle', (t) => ({
    principal: t.as(t.role.breakGlass),
    action: 's3:PutLifecycleConfiguration',
    resource: t.arn.vaultBucket,
  })),
  allowed(
    'vault-bucket.putBucketPolicy.root',
    'the root user replaces the vault bucket policy (AWS override; single account)',
    (t) => ({
      principal: t.root,
      action: 's3:PutBucketPolicy',
      resource: t.arn.vaultBucket,
      resourcePolicyOverride: ROOT_BUCKET_POLICY,
    }),
  ),
  denied(
    'vault-bucket.putBucketPolicy.root.scp',
    'the root user cannot replace the vault bucket policy under the SCP',
    (t) => ({
      principal: t.root,
      action: 's3:PutBucketPolicy',
      resource: t.arn.vaultBucket,
      resourcePolicyOverride: ROOT_BUCKET_POLICY,
    }),
    'scp',
  ),
  ...configuration(
    'access-log-bucket',
    'deployer',
    (t) => t.role.deployer,
    (t) => t.arn.accessLogBucket,
    ['s3:PutLifecycleConfiguration', 's3:PutBucketPolicy'],
  ),
  ...configuration(
    'trail-bucket',
    'deployer',
    (t) => t.role.deployer,
    (t) => t.arn.trailBucket,
    ['s3:PutBucketPolicy', 's3:PutLifecycleConfiguration'],
  ),
  ...configuration(
    'trail-bucket',
    'account-admin',
    (t) => t.role.accountAdmin,
    (t) => t.arn.trailBucket,
    ['s3:PutBucketObjectLockConfiguration', 's3:PutBucketVersioning'],
  ),
  ...configuration(
    'state-bucket',
    'deployer',
    (t) => t.role.deployer,
    (t) => t.arn.stateBucket,
    ['s3:PutBucketPolicy', 's3:PutLifecycleConfiguration', 's3:PutBucketVersioning'],
  ),
  ...configuration(
    'state-bucket',
    'key-admin',
    (t) => t.role.keyAdmin,
    (t) => t.arn.stateBucket,
    ['s3:PutEncryptionConfiguration', 's3:PutBucketLogging'],
  ),
  ...configuration(
    'artifact-bucket',
    'deployer',
    (t) => t.role.deployer,
    (t) => t.arn.artifactBucket,
    ['s3:PutBucketPolicy', 's3:PutBucketVersioning'],
  ),

  // ------------------------------------------------------------------ access logs
  denied('access-logs.delete.account-admin', 'an account administrator cannot delete access logs', (t) => ({
    principal: t.as(t.role.accountAdmin),
    action: 's3:DeleteObject',
    resource: t.arn.accessLog,
  })),
  denied(
    'access-logs.read.account-admin',
    'an account administrator cannot read access logs (they name every key)',
    (t) => ({
      principal: t.as(t.role.accountAdmin),
      action: 's3:GetObject',
      resource: t.arn.accessLog,
    }),
  ),
  denied('state-logs.read.deployer', 'the deployer cannot read the state bucket access logs', (t) => ({
    principal: t.as(t.role.deployer),
    action: 's3:GetObject',
    resource: `${t.arn.stateLogBucket}/s3-access-logs/state/2025-01-01-x`,
  })),
  allowed('access-logs.read.audit-log-reader', 'an audit-log reader reads access logs', (t) => ({
    principal: t.as(t.role.auditLogReader),
    action: 's3:GetObject',
    resource: t.arn.accessLog,
  })),
  notGranted(
    'access-logs.deliver.other-project-bucket',
    "S3 cannot deliver another bucket's logs here, even one named like the project's",
    (t) => ({
      principal: t.service('logging.s3.amazonaws.com'),
      action: 's3:PutObject',
      resource: t.arn.accessLog,
      context: {
        'aws:SourceArn': `arn:aws:s3:::biometric-vault-${t.env.name}-forged-logs`,
        'aws:SourceAccount': t.account,
      },
    }),
  ),
  allowed('access-logs.deliver.s3', 'S3 delivers the vault bucket access logs', (t) => ({
    principal: t.service('logging.s3.amazonaws.com'),
    action: 's3:PutObject',
    resource: t.arn.accessLog,
    context: { 'aws:SourceArn': t.arn.vaultBucket, 'aws:SourceAccount': t.account },
  })),
  allowed('state-logs.deliver.s3', 'S3 delivers the state bucket access logs', (t) => ({
    principal: t.service('logging.s3.amazonaws.com'),
    action: 's3:PutObject',
    resource: `${t.arn.stateLogBucket}/s3-access-logs/state/2025-01-01-x`,
    context: { 'aws:SourceArn': t.arn.stateBucket, 'aws:SourceAccount': t.account },
  })),
  denied('state-logs.delete.account-admin', 'an account administrator cannot delete state access logs', (t) => ({
    principal: t.as(t.role.accountAdmin),
    action: 's3:DeleteObjectVersion',
    resource: `${t.arn.stateLogBucket}/s3-access-logs/state/2025-01-01-x`,
  })),

  // ------------------------------------------------------------------ audit logs and digests (trail bucket)
  allowed('trail-logs.read.audit-log-reader', 'an audit-log reader reads trail logs and digests', (t) => ({
    principal: t.as(t.role.auditLogReader),
    action: 's3:GetObject',
    resource: t.arn.trailLog,
  })),
  allowed('trail-logs.decrypt.audit-log-reader', 'an audit-log reader decrypts them through S3', (t) => ({
    principal: t.as(t.role.auditLogReader),
    action: 'kms:Decrypt',
    resource: t.keys.audit,
    context: viaS3(t),
  })),
  ...(['accountAdmin', 'deployer', 'keyAdmin', 'uploader'] as const).map((actor) =>
    denied(`trail-logs.read.${kebab(actor)}`, `${kebab(actor)} cannot read trail logs`, (t) => ({
      principal: t.as(t.role[actor]),
      action: 's3:GetObject',
      resource: t.arn.trailLog,
    })),
  ),
  notGranted('trail-logs.decrypt.account-admin', 'an account administrator cannot decrypt trail logs', (t) => ({
    principal: t.as(t.role.accountAdmin),
    action: 'kms:Decrypt',
    resource: t.keys.audit,
    context: viaS3(t),
  })),
  denied('trail-logs.forge.account-admin', 'an account administrator cannot write (forge) a log file', (t) => ({
    principal: t.as(t.role.accountAdmin),
    action: 's3:PutObject',
    resource: t.arn.trailLog,
    context: sse(t.keys.audit),
  })),
  denied('trail-logs.forge.break-glass', 'not even break-glass writes a log file', (t) => ({
    principal: t.as(t.role.breakGlass),
    action: 's3:PutObject',
    resource: t.arn.trailLog,
    context: sse(t.keys.audit),
  })),
  denied('trail-logs.delete.account-admin', 'an account administrator cannot delete log versions', (t) => ({
    principal: t.as(t.role.accountAdmin),
    action: 's3:DeleteObjectVersion',
    resource: t.arn.trailLog,
  })),
  denied('trail-logs.bypass-retention.account-admin', 'an account administrator cannot bypass retention', (t) => ({
    principal: t.as(t.role.accountAdmin),
    action: 's3:BypassGovernanceRetention',
    resource: t.arn.trailLog,
  })),
  allowed('trail-logs.delete.break-glass', 'break-glass deletes a log version (Object Lock still applies)', (t) => ({
    principal: t.as(t.role.breakGlass),
    action: 's3:DeleteObjectVersion',
    resource: t.arn.trailLog,
  })),

  // ------------------------------------------------------------------ ledger
  allowed('ledger.append.verifier', 'the verifier appends a record (from within its function)', (t) => ({
    principal: t.projectRole(t.names.verifierRole),
    action: 'dynamodb:PutItem',
    resource: t.arn.ledger,
    context: fromVerifier(t),
  })),
  allowed(
    'ledger.overwrite.verifier',
    'the verifier may PutItem over an existing record as far as IAM goes (only its conditional write stops it)',
    (t) => ({
      principal: t.projectRole(t.names.verifierRole),
      action: 'dynamodb:PutItem',
      resource: t.arn.ledger,
      context: fromVerifier(t),
    }),
  ),
  ...(['UpdateItem', 'DeleteItem'] as const).map((a) =>
    denied(`ledger.${a}.verifier`, `the verifier cannot ${a}`, (t) => ({
      principal: t.projectRole(t.names.verifierRole),
      action: `dynamodb:${a}`,
      resource: t.arn.ledger,
    })),
  ),
  ...(['PutItem', 'UpdateItem', 'DeleteItem', 'PartiQLUpdate', 'BatchWriteItem', 'DeleteTable'] as const).map((a) =>
    denied(`ledger.${a}.account-admin`, `an account administrator cannot ${a}`, (t) => ({
      principal: t.as(t.role.accountAdmin),
      action: `dynamodb:${a}`,
      resource: t.arn.ledger,
    })),
  ),
  allowed('ledger.read.auditor', "a ledger reader queries a subject's records", (t) => ({
    principal: t.as(t.role.auditor),
    action: 'dynamodb:Query',
    resource: t.arn.ledgerIndex,
  })),
  ...(['deployer', 'accountAdmin', 'uploader', 'plan', 'otherAccount'] as const).map((actor) =>
    denied(`ledger.read.${kebab(actor)}`, `${kebab(actor)} cannot read the ledger`, (t) => ({
      principal: t.as(t.role[actor]),
      action: 'dynamodb:Scan',
      resource: t.arn.ledger,
    })),
  ),
  ...(
    [
      'CreateBackup',
      'ExportTableToPointInTime',
      'RestoreTableToPointInTime',
      'EnableKinesisStreamingDestination',
    ] as const
  ).flatMap((a) =>
    (['accountAdmin', 'deployer'] as const).map((actor) =>
      denied(`ledger.${a}.${kebab(actor)}`, `${kebab(actor)} cannot copy the ledger (${a})`, (t) => ({
        principal: t.as(t.role[actor]),
        action: `dynamodb:${a}`,
        resource: t.arn.ledger,
      })),
    ),
  ),
  denied('ledger.CreateBackup.verification', 'the verification role reads its record but copies nothing', (t) => ({
    principal: t.as(t.role.verification),
    action: 'dynamodb:CreateBackup',
    resource: t.arn.ledger,
  })),
  denied('ledger.ExportTableToPointInTime.verification', 'the verification role exports nothing', (t) => ({
    principal: t.as(t.role.verification),
    action: 'dynamodb:ExportTableToPointInTime',
    resource: t.arn.ledger,
  })),
  allowed('ledger.CreateBackup.auditor', 'a ledger reader may back it up', (t) => ({
    principal: t.as(t.role.auditor),
    action: 'dynamodb:CreateBackup',
    resource: t.arn.ledger,
  })),
  allowed(
    'ledger.StartAwsBackupJob.account-admin',
    'an account administrator starts an AWS Backup job of the ledger (single account, no guardrail)',
    (t) => ({ principal: t.as(t.role.accountAdmin), action: 'dynamodb:StartAwsBackupJob', resource: t.arn.ledger }),
  ),
  denied(
    'ledger.StartAwsBackupJob.account-admin.scp',
    'an account administrator cannot start an AWS Backup job of the ledger under the SCP',
    (t) => ({ principal: t.as(t.role.accountAdmin), action: 'dynamodb:StartAwsBackupJob', resource: t.arn.ledger }),
    'scp',
  ),
  denied(
    'ledger.StartAwsBackupJob.account-admin.iam',
    'an account administrator with the guardrail attached cannot start an AWS Backup job of the ledger',
    (t) => ({
      principal: t.as(t.role.accountAdmin, 'iam'),
      action: 'dynamodb:StartAwsBackupJob',
      resource: t.arn.ledger,
    }),
  ),
  ...(['PutResourcePolicy', 'UpdateContinuousBackups', 'UpdateTable', 'UpdateTimeToLive'] as const).map((a) =>
    denied(`ledger.${a}.deployer`, `the deployer cannot ${a} after the first apply`, (t) => ({
      principal: t.as(t.role.deployer),
      action: `dynamodb:${a}`,
      resource: t.arn.ledger,
    })),
  ),
  allowed(
    'ledger.DeleteResourcePolicy.root',
    "the root user deletes the ledger's resource policy (AWS override; single account)",
    (t) => ({
      principal: t.root,
      action: 'dynamodb:DeleteResourcePolicy',
      resource: t.arn.ledger,
      resourcePolicyOverride: ROOT_TABLE_POLICY,
    }),
  ),
  denied(
    'ledger.DeleteResourcePolicy.root.scp',
    "the root user cannot delete the ledger's resource policy under the SCP",
    (t) => ({
      principal: t.root,
      action: 'dynamodb:DeleteResourcePolicy',
      resource: t.arn.ledger,
      resourcePolicyOverride: ROOT_TABLE_POLICY,
    }),
    'scp',
  ),

  // ------------------------------------------------------------------ ledger integrity (stream, digests, signing key)
  ...(['PutItem', 'UpdateItem'] as const).map((a) =>
    denied(`ledger.${a}.digest-job`, `the digest job cannot ${a} a ledger record`, (t) => ({
      principal: t.projectRole(t.names.ledgerDigestRole),
      action: `dynamodb:${a}`,
      resource: t.arn.ledger,
    })),
  ),
  denied('ledger.PutItem.stream-consumer', 'the stream consumer cannot append a ledger record', (t) => ({
    principal: t.projectRole(t.names.ledgerStreamRole),
    action: 'dynamodb:PutItem',
    resource: t.arn.ledger,
  })),
  allowed('ledger-stream.read.stream-consumer', 'the stream consumer reads the ledger stream', (t) => ({
    principal: t.projectRole(t.names.ledgerStreamRole),
    action: 'dynamodb:GetRecords',
    resource: t.arn.ledgerStream,
  })),
  ...(
    [
      ['account-admin', 'accountAdmin'],
      ['deployer', 'deployer'],
      ['auditor', 'auditor'],
      ['plan', 'plan'],
    ] as const
  ).map(([actor, r]) =>
    denied(`ledger-stream.read.${actor}`, `${actor} cannot read the ledger stream`, (t) => ({
      principal: t.as(t.role[r]),
      action: 'dynamodb:GetRecords',
      resource: t.arn.ledgerStream,
    })),
  ),
  denied('ledger-stream.read.digest-job', 'the digest job cannot read the ledger stream', (t) => ({
    principal: t.projectRole(t.names.ledgerDigestRole),
    action: 'dynamodb:GetShardIterator',
    resource: t.arn.ledgerStream,
  })),
  ...(['PutResourcePolicy', 'DeleteResourcePolicy'] as const).map((a) =>
    denied(`ledger-stream.${a}.deployer`, `the deployer cannot ${a} on the ledger stream`, (t) => ({
      principal: t.as(t.role.deployer),
      action: `dynamodb:${a}`,
      resource: t.arn.ledgerStream,
    })),
  ),
  allowed('signing-key.sign.digest-job', 'the digest job signs a SHA-256 digest', (t) => ({
    principal: t.projectRole(t.names.ledgerDigestRole),
    action: 'kms:Sign',
    resource: t.keys.signing,
    context: { 'kms:SigningAlgorithm': 'RSASSA_PKCS1_V1_5_SHA_256', 'kms:MessageType': 'DIGEST' },
  })),
  denied('signing-key.sign.verifier', 'the verifier cannot sign digests', (t) => ({
    principal: t.projectRole(t.names.verifierRole),
    action: 'kms:Sign',
    resource: t.keys.signing,
    context: { 'kms:SigningAlgorithm': 'RSASSA_PKCS1_V1_5_SHA_256', 'kms:MessageType': 'DIGEST' },
  })),
  denied('signing-key.sign.stream-consumer', 'the stream consumer cannot sign digests', (t) => ({
    principal: t.projectRole(t.names.ledgerStreamRole),
    action: 'kms:Sign',
    resource: t.keys.signing,
    context: { 'kms:SigningAlgorithm': 'RSASSA_PKCS1_V1_5_SHA_256', 'kms:MessageType': 'DIGEST' },
  })),
  ...(
    [
      ['account-admin', 'accountAdmin'],
      ['key-admin', 'keyAdmin'],
      ['deployer', 'deployer'],
      ['break-glass', 'breakGlass'],
    ] as const
  ).map(([actor, r]) =>
    denied(`signing-key.sign.${actor}`, `${actor} cannot sign digests`, (t) => ({
      principal: t.as(t.role[r]),
      action: 'kms:Sign',
      resource: t.keys.signing,
      context: { 'kms:SigningAlgorithm': 'RSASSA_PKCS1_V1_5_SHA_256', 'kms:MessageType': 'DIGEST' },
    })),
  ),
  denied('signing-key.sign.root', 'the root user cannot sign digests', (t) => ({
    principal: t.root,
    action: 'kms:Sign',
    resource: t.keys.signing,
    context: { 'kms:SigningAlgorithm': 'RSASSA_PKCS1_V1_5_SHA_256', 'kms:MessageType': 'DIGEST' },
  })),
  ...(
    [
      ['auditor', 'auditor'],
      ['account-admin', 'accountAdmin'],
    ] as const
  ).map(([actor, r]) =>
    allowed(`signing-key.GetPublicKey.${actor}`, `${actor} reads the signing key's public key`, (t) => ({
      principal: t.as(t.role[r]),
      action: 'kms:GetPublicKey',
      resource: t.keys.signing,
    })),
  ),
  notGranted(
    'signing-key.GetPublicKey.other-account',
    "another account cannot read the signing key's public key",
    (t) => ({
      principal: t.as(t.role.otherAccount),
      action: 'kms:GetPublicKey',
      resource: t.keys.signing,
    }),
  ),
  allowed('ledger-digests.write.digest-job', 'the digest job writes a digest', (t) => ({
    principal: t.projectRole(t.names.ledgerDigestRole),
    action: 's3:PutObject',
    resource: t.arn.digest,
    // From within the digest job: its role's data actions are fenced to its function.
    context: { ...sse(t.keys.vault), 'lambda:SourceFunctionArn': t.arn.ledgerDigestFunction },
  })),
  allowed('ledger-digests.stage.stream-consumer', 'the stream consumer stages a batch', (t) => ({
    principal: t.projectRole(t.names.ledgerStreamRole),
    action: 's3:PutObject',
    resource: t.arn.stagedBatch,
    context: { ...sse(t.keys.vault), 'lambda:SourceFunctionArn': t.arn.ledgerStreamFunction },
  })),
  ...(
    [
      ['account-admin', 'accountAdmin'],
      ['break-glass', 'breakGlass'],
    ] as const
  ).map(([actor, r]) =>
    denied(`ledger-digests.forge.${actor}`, `${actor} cannot write (forge) a digest`, (t) => ({
      principal: t.as(t.role[r]),
      action: 's3:PutObject',
      resource: t.arn.digest,
      context: sse(t.keys.vault),
    })),
  ),
  denied('ledger-digests.forge.stream-consumer', 'the stream consumer cannot write a digest', (t) => ({
    principal: t.projectRole(t.names.ledgerStreamRole),
    action: 's3:PutObject',
    resource: t.arn.digest,
    context: sse(t.keys.vault),
  })),
  ...(
    [
      ['delete', 's3:DeleteObjectVersion', 'accountAdmin', 'account-admin'],
      ['bypass-retention', 's3:BypassGovernanceRetention', 'accountAdmin', 'account-admin'],
      ['retention', 's3:PutObjectRetention', 'deployer', 'deployer'],
      ['legal-hold', 's3:PutObjectLegalHold', 'deployer', 'deployer'],
    ] as const
  ).map(([what, action, r, actor]) =>
    denied(`ledger-digests.${what}.${actor}`, `${actor} cannot ${action} on a digest`, (t) => ({
      principal: t.as(t.role[r]),
      action,
      resource: t.arn.digest,
    })),
  ),
  denied('ledger-digests.delete.digest-job', 'the digest job cannot delete a digest', (t) => ({
    principal: t.projectRole(t.names.ledgerDigestRole),
    action: 's3:DeleteObjectVersion',
    resource: t.arn.digest,
  })),
  allowed(
    'ledger-digests.delete.break-glass',
    'break-glass deletes a digest version (Object Lock still applies)',
    (t) => ({
      principal: t.as(t.role.breakGlass),
      action: 's3:DeleteObjectVersion',
      resource: t.arn.digest,
    }),
  ),
  allowed('ledger-digests.read.auditor', 'a ledger reader reads digests', (t) => ({
    principal: t.as(t.role.auditor),
    action: 's3:GetObject',
    resource: t.arn.digest,
  })),
  allowed('ledger-digests.decrypt.auditor', 'a ledger reader decrypts digests through S3', (t) => ({
    principal: t.as(t.role.auditor),
    action: 'kms:Decrypt',
    resource: t.keys.vault,
    context: { 'kms:ViaService': t.via('s3'), 'kms:EncryptionContext:aws:s3:arn': t.arn.digest },
  })),
  notGranted(
    'ledger-digests.decrypt-images.auditor',
    'a ledger reader cannot decrypt images with the digest statement',
    (t) => ({
      principal: t.as(t.role.auditor),
      action: 'kms:Decrypt',
      resource: t.keys.vault,
      context: { 'kms:ViaService': t.via('s3'), 'kms:EncryptionContext:aws:s3:arn': t.arn.upload },
    }),
  ),
  ...(
    [
      ['account-admin', 'accountAdmin'],
      ['uploader', 'uploader'],
    ] as const
  ).map(([actor, r]) =>
    denied(`ledger-digests.read.${actor}`, `${actor} cannot read digests`, (t) => ({
      principal: t.as(t.role[r]),
      action: 's3:GetObject',
      resource: t.arn.digest,
    })),
  ),
  ...configuration(
    'ledger-digest-bucket',
    'deployer',
    (t) => t.role.deployer,
    (t) => t.arn.digestBucket,
    ['s3:PutBucketPolicy', 's3:PutLifecycleConfiguration', 's3:PutBucketObjectLockConfiguration'],
  ),
  ...(
    [
      ['ledger-stream', 'ledgerStreamRole'],
      ['ledger-digest', 'ledgerDigestRole'],
    ] as const
  ).map(([name, r]) =>
    notGranted(`${name}-role.assume.account-admin`, `an account administrator cannot assume the ${name} role`, (t) => ({
      principal: t.as(t.role.accountAdmin),
      action: 'sts:AssumeRole',
      resource: t.arn[r],
    })),
  ),
  denied(
    'ledger-integrity-code.update.account-admin.scp',
    'an account administrator cannot change the digest job under the SCP',
    (t) => ({
      principal: t.as(t.role.accountAdmin),
      action: 'lambda:UpdateFunctionCode',
      resource: t.arn.ledgerDigestFunction,
    }),
    'scp',
  ),
  denied(
    'ledger-integrity-code.update-stream.account-admin.scp',
    'an account administrator cannot change the stream consumer under the SCP',
    (t) => ({
      principal: t.as(t.role.accountAdmin),
      action: 'lambda:UpdateFunctionCode',
      resource: t.arn.ledgerStreamFunction,
    }),
    'scp',
  ),

  // ------------------------------------------------------------------ keys
  allowed('vault-key.ScheduleKeyDeletion.key-admin', 'the key administrator may schedule key deletion', (t) => ({
    principal: t.as(t.role.keyAdmin),
    action: 'kms:ScheduleKeyDeletion',
    resource: t.keys.vault,
  })),
  notGranted('vault-key.decrypt.key-admin', 'the key administrator cannot decrypt with the VaultKey', (t) => ({
    principal: t.as(t.role.keyAdmin),
    action: 'kms:Decrypt',
    resource: t.keys.vault,
    context: viaS3(t),
  })),
  notGranted('audit-key.decrypt.key-admin', 'the key administrator cannot decrypt with the audit key', (t) => ({
    principal: t.as(t.role.keyAdmin),
    action: 'kms:Decrypt',
    resource: t.keys.audit,
    context: viaS3(t),
  })),
  ...(['ScheduleKeyDeletion', 'PutKeyPolicy', 'DisableKey'] as const).flatMap((a) =>
    (['accountAdmin', 'deployer'] as const).map((actor) =>
      notGranted(`vault-key.${a}.${kebab(actor)}`, `${kebab(actor)} cannot ${a} the VaultKey`, (t) => ({
        principal: t.as(t.role[actor]),
        action: `kms:${a}`,
        resource: t.keys.vault,
      })),
    ),
  ),
  notGranted('vault-key.decrypt.deployer', 'the deployer cannot decrypt images', (t) => ({
    principal: t.as(t.role.deployer),
    action: 'kms:Decrypt',
    resource: t.keys.vault,
    context: viaS3(t),
  })),
  notGranted('vault-key.decrypt.root', 'the root user cannot decrypt with the VaultKey', (t) => ({
    principal: t.root,
    action: 'kms:Decrypt',
    resource: t.keys.vault,
    context: viaS3(t),
  })),
  allowed('vault-key.PutKeyPolicy.root', 'the root user may repair the key policy (recovery)', (t) => ({
    principal: t.root,
    action: 'kms:PutKeyPolicy',
    resource: t.keys.vault,
  })),
  notGranted('vault-key.decrypt.other-account', 'another account cannot decrypt with the VaultKey', (t) => ({
    principal: t.as(t.role.otherAccount),
    action: 'kms:Decrypt',
    resource: t.keys.vault,
    context: viaS3(t),
  })),
  notGranted('audit-key.decrypt.verifier', 'the verifier cannot decrypt audit logs', (t) => ({
    principal: t.projectRole(t.names.verifierRole),
    action: 'kms:Decrypt',
    resource: t.keys.audit,
    context: viaS3(t),
  })),
  allowed('vault-key.metadata.plan', 'the plan role reads key metadata', (t) => ({
    principal: t.as(t.role.plan),
    action: 'kms:DescribeKey',
    resource: t.keys.vault,
  })),
  notGranted(
    'state-key.PutKeyPolicy.account-admin',
    'an account administrator cannot change the state key policy',
    (t) => ({
      principal: t.as(t.role.accountAdmin),
      action: 'kms:PutKeyPolicy',
      resource: t.keys.state,
    }),
  ),

  // ------------------------------------------------------------------ Terraform state
  allowed('state.read.deployer', 'the deployer reads state', (t) => ({
    principal: t.as(t.role.deployer),
    action: 's3:GetObject',
    resource: t.arn.state('ledger'),
  })),
  allowed('state.write.deployer', "the deployer writes a data stack's state under the state key", (t) => ({
    principal: t.as(t.role.deployer),
    action: 's3:PutObject',
    resource: t.arn.state('ledger'),
    context: sse(t.keys.state),
  })),
  allowed('state.encrypt.deployer', 'the deployer encrypts state through S3', (t) => ({
    principal: t.as(t.role.deployer),
    action: 'kms:GenerateDataKey',
    resource: t.keys.state,
    context: stateContext(t, t.arn.state('ledger')),
  })),
  allowed('state.read-keys-state.deployer', "the deployer reads the keys stack's outputs (remote state)", (t) => ({
    principal: t.as(t.role.deployer),
    action: 's3:GetObject',
    resource: t.arn.state('keys'),
  })),
  denied('state.write-keys-state.deployer', "the deployer cannot rewrite the keys stack's state", (t) => ({
    principal: t.as(t.role.deployer),
    action: 's3:PutObject',
    resource: t.arn.state('keys'),
    context: sse(t.keys.state),
  })),
  denied('state.write-other-key.deployer', 'nobody writes state under another key', (t) => ({
    principal: t.as(t.role.deployer),
    action: 's3:PutObject',
    resource: t.arn.state('ledger'),
    context: sse(t.keys.vault),
  })),
  denied('state.write-unencrypted.deployer', 'nobody writes state without SSE-KMS', (t) => ({
    principal: t.as(t.role.deployer),
    action: 's3:PutObject',
    resource: t.arn.state('ledger'),
  })),
  denied('state.delete-version.deployer', 'the deployer cannot delete state versions', (t) => ({
    principal: t.as(t.role.deployer),
    action: 's3:DeleteObjectVersion',
    resource: t.arn.state('ledger'),
  })),
  allowed('state.read.plan', 'the plan role reads state', (t) => ({
    principal: t.as(t.role.plan),
    action: 's3:GetObject',
    resource: t.arn.state('verifier'),
  })),
  allowed('state.decrypt.plan', 'the plan role decrypts state through S3', (t) => ({
    principal: t.as(t.role.plan),
    action: 'kms:Decrypt',
    resource: t.keys.state,
    context: stateContext(t, t.arn.state('verifier')),
  })),
  denied('state.write.plan', 'the plan role writes no state', (t) => ({
    principal: t.as(t.role.plan),
    action: 's3:PutObject',
    resource: t.arn.state('verifier'),
    context: sse(t.keys.state),
  })),
  denied('state.lock.plan', 'the plan role writes no lock file (plans run with -lock=false)', (t) => ({
    principal: t.as(t.role.plan),
    action: 's3:PutObject',
    resource: `${t.arn.state('verifier')}.tflock`,
    context: sse(t.keys.state),
  })),
  allowed('state.write-keys-state.key-admin', "the key administrator writes the keys stack's state", (t) => ({
    principal: t.as(t.role.keyAdmin),
    action: 's3:PutObject',
    resource: t.arn.state('keys'),
    context: sse(t.keys.state),
  })),
  allowed('state.encrypt-keys-state.key-admin', "the key administrator encrypts the keys stack's state", (t) => ({
    principal: t.as(t.role.keyAdmin),
    action: 'kms:GenerateDataKey',
    resource: t.keys.state,
    context: stateContext(t, t.arn.state('keys')),
  })),
  denied('state.write-ledger-state.key-admin', "the key administrator cannot write a data stack's state", (t) => ({
    principal: t.as(t.role.keyAdmin),
    action: 's3:PutObject',
    resource: t.arn.state('ledger'),
    context: sse(t.keys.state),
  })),
  notGranted(
    'state.encrypt-ledger-state.key-admin',
    "the key administrator cannot use the state key for a data stack's state",
    (t) => ({
      principal: t.as(t.role.keyAdmin),
      action: 'kms:GenerateDataKey',
      resource: t.keys.state,
      context: stateContext(t, t.arn.state('ledger')),
    }),
  ),
  ...(['accountAdmin', 'uploader', 'auditor', 'signer'] as const).map((actor) =>
    denied(`state.read.${kebab(actor)}`, `${kebab(actor)} cannot read state`, (t) => ({
      principal: t.as(t.role[actor]),
      action: 's3:GetObject',
      resource: t.arn.state('keys'),
    })),
  ),
  denied('state.write.account-admin', 'an account administrator cannot rewrite state', (t) => ({
    principal: t.as(t.role.accountAdmin),
    action: 's3:PutObject',
    resource: t.arn.state('verifier'),
    context: sse(t.keys.state),
  })),
  notGranted('state.decrypt.account-admin', 'an account administrator cannot decrypt state', (t) => ({
    principal: t.as(t.role.accountAdmin),
    action: 'kms:Decrypt',
    resource: t.keys.state,
    context: stateContext(t, t.arn.state('keys')),
  })),
  denied('state.read.verifier', 'the verifier cannot read state', (t) => ({
    principal: t.projectRole(t.names.verifierRole),
    action: 's3:GetObject',
    resource: t.arn.state('verifier'),
  })),

  // ------------------------------------------------------------------ the verifier's code
  allowed(
    'verifier-code.update.deployer.scp',
    "the deployer updates the verifier's code (signed, by a reviewed apply)",
    (t) => ({
      principal: t.as(t.role.deployer),
      action: 'lambda:UpdateFunctionCode',
      resource: t.arn.verifierFunction,
    }),
    'scp',
  ),
  allowed(
    'verifier-code.update.account-admin',
    "an account administrator updates the verifier's code (single account, no guardrail)",
    (t) => ({
      principal: t.as(t.role.accountAdmin),
      action: 'lambda:UpdateFunctionCode',
      resource: t.arn.verifierFunction,
    }),
  ),
  denied(
    'verifier-code.update.account-admin.scp',
    "an account administrator cannot update the verifier's code under the SCP",
    (t) => ({
      principal: t.as(t.role.accountAdmin),
      action: 'lambda:UpdateFunctionCode',
      resource: t.arn.verifierFunction,
    }),
    'scp',
  ),
  denied(
    'verifier-code.update.account-admin.iam',
    "an account administrator with the guardrail attached cannot update the verifier's code",
    (t) => ({
      principal: t.as(t.role.accountAdmin, 'iam'),
      action: 'lambda:UpdateFunctionCode',
      resource: t.arn.verifierFunction,
    }),
  ),
  ...(['UpdateFunctionConfiguration', 'AddPermission', 'DeleteFunction', 'PublishVersion'] as const).map((a) =>
    denied(
      `verifier-code.${a}.account-admin.scp`,
      `an account administrator cannot ${a} the verifier under the SCP`,
      (t) => ({ principal: t.as(t.role.accountAdmin), action: `lambda:${a}`, resource: t.arn.verifierFunction }),
      'scp',
    ),
  ),
  denied(
    'verifier-code.create-unsigned.deployer.scp',
    'nobody creates the verifier without a code-signing config of this account under the SCP',
    (t) => ({ principal: t.as(t.role.deployer), action: 'lambda:CreateFunction', resource: t.arn.verifierFunction }),
    'scp',
  ),
  denied(
    'verifier-code.detach-signing.deployer.scp',
    "the deployer cannot remove the verifier's code-signing config under the SCP",
    (t) => ({
      principal: t.as(t.role.deployer),
      action: 'lambda:DeleteFunctionCodeSigningConfig',
      resource: t.arn.verifierFunction,
    }),
    'scp',
  ),
  denied(
    'verifier-code.weaken-signing.deployer.scp',
    'the deployer cannot change the code-signing config (to Warn) under the SCP',
    (t) => ({
      principal: t.as(t.role.deployer),
      action: 'lambda:UpdateCodeSigningConfig',
      resource: t.arn.codeSigningConfig,
    }),
    'scp',
  ),
  allowed(
    'verifier-code.weaken-signing.break-glass.scp',
    'break-glass may change the code-signing config',
    (t) => ({
      principal: t.as(t.role.breakGlass),
      action: 'lambda:UpdateCodeSigningConfig',
      resource: t.arn.codeSigningConfig,
    }),
    'scp',
  ),
  denied(
    'verifier-code.own-signing-config.account-admin.scp',
    'an account administrator cannot create a code-signing config of their own under the SCP',
    (t) => ({ principal: t.as(t.role.accountAdmin), action: 'lambda:CreateCodeSigningConfig', resource: '*' }),
    'scp',
  ),
  allowed(
    'verifier-code.sign.signer.scp',
    "the signer signs a package with the environment's profile",
    (t) => ({ principal: t.as(t.role.signer), action: 'signer:StartSigningJob', resource: t.arn.signingProfile }),
    'scp',
  ),
  ...(['deployer', 'accountAdmin', 'breakGlass'] as const).map((actor) =>
    denied(
      `verifier-code.sign.${kebab(actor)}.scp`,
      `${kebab(actor)} cannot sign a package under the SCP`,
      (t) => ({ principal: t.as(t.role[actor]), action: 'signer:StartSigningJob', resource: t.arn.signingProfile }),
      'scp',
    ),
  ),
  denied(
    'verifier-code.revoke-signature.account-admin.scp',
    "an account administrator cannot revoke a package's signature under the SCP",
    (t) => ({ principal: t.as(t.role.accountAdmin), action: 'signer:RevokeSignature', resource: t.arn.signingJob }),
    'scp',
  ),
  allowed('verifier-code.package-write.signer', 'the signer writes packages to the artifact bucket', (t) => ({
    principal: t.as(t.role.signer),
    action: 's3:PutObject',
    resource: t.arn.signedPackage,
  })),
  denied('verifier-code.package-write.deployer', 'the deployer cannot write a package', (t) => ({
    principal: t.as(t.role.deployer),
    action: 's3:PutObject',
    resource: t.arn.signedPackage,
  })),
  allowed('verifier-code.package-read.deployer', 'the deployer reads the signed package (Lambda deploys it)', (t) => ({
    principal: t.as(t.role.deployer),
    action: 's3:GetObjectVersion',
    resource: t.arn.signedPackage,
  })),
  denied('verifier-code.package-read.account-admin', 'an account administrator cannot read packages', (t) => ({
    principal: t.as(t.role.accountAdmin),
    action: 's3:GetObject',
    resource: t.arn.signedPackage,
  })),
  denied('verifier-code.package-delete.signer', 'the signer cannot delete packages', (t) => ({
    principal: t.as(t.role.signer),
    action: 's3:DeleteObjectVersion',
    resource: t.arn.signedPackage,
  })),

  // ------------------------------------------------------------------ the verifier's identity (its role)
  notGranted('verifier-role.assume.account-admin', 'an account administrator cannot assume the verifier role', (t) => ({
    principal: t.as(t.role.accountAdmin),
    action: 'sts:AssumeRole',
    resource: t.arn.verifierRole,
  })),
  notGranted('verifier-role.assume.other-account', 'another account cannot assume the verifier role', (t) => ({
    principal: t.as(t.role.otherAccount),
    action: 'sts:AssumeRole',
    resource: t.arn.verifierRole,
  })),
  allowed(
    'verifier-role.UpdateAssumeRolePolicy.account-admin',
    'an account administrator re-trusts the verifier role (single account, no guardrail)',
    (t) => ({
      principal: t.as(t.role.accountAdmin),
      action: 'iam:UpdateAssumeRolePolicy',
      resource: t.arn.verifierRole,
    }),
  ),
  denied(
    'verifier-role.UpdateAssumeRolePolicy.account-admin.iam',
    'an account administrator with the guardrail attached cannot re-trust the verifier role',
    (t) => ({
      principal: t.as(t.role.accountAdmin, 'iam'),
      action: 'iam:UpdateAssumeRolePolicy',
      resource: t.arn.verifierRole,
    }),
  ),
  ...(
    ['UpdateAssumeRolePolicy', 'PutRolePolicy', 'AttachRolePolicy', 'PassRole', 'DeleteRole', 'CreateRole'] as const
  ).map((a) =>
    denied(
      `verifier-role.${a}.account-admin.scp`,
      `an account administrator cannot ${a} the verifier role under the SCP`,
      (t) => ({
        principal: t.as(t.role.accountAdmin),
        action: `iam:${a}`,
        resource: t.arn.verifierRole,
        ...(a === 'CreateRole' && { context: { 'iam:PermissionsBoundary': t.arn.boundaryPolicy } }),
      }),
      'scp',
    ),
  ),
  allowed(
    'verifier-role.UpdateAssumeRolePolicy.root',
    'the root user re-trusts the verifier role (single account: nothing but an SCP binds the root user)',
    (t) => ({ principal: t.root, action: 'iam:UpdateAssumeRolePolicy', resource: t.arn.verifierRole }),
  ),
  denied(
    'verifier-role.UpdateAssumeRolePolicy.root.scp',
    'the root user cannot re-trust the verifier role under the SCP',
    (t) => ({ principal: t.root, action: 'iam:UpdateAssumeRolePolicy', resource: t.arn.verifierRole }),
    'scp',
  ),
  allowed(
    'verifier-role.CreateRole.deployer.scp',
    'the deployer creates the verifier role with the permissions boundary',
    (t) => ({
      principal: t.as(t.role.deployer),
      action: 'iam:CreateRole',
      resource: t.arn.verifierRole,
      context: { 'iam:PermissionsBoundary': t.arn.boundaryPolicy },
    }),
    'scp',
  ),
  denied(
    'verifier-role.create-without-boundary.deployer.scp',
    'not even the deployer creates a project role without the boundary under the SCP',
    (t) => ({ principal: t.as(t.role.deployer), action: 'iam:CreateRole', resource: t.arn.verifierRole }),
    'scp',
  ),
  denied(
    'verifier-role.remove-boundary.deployer.scp',
    "the deployer cannot remove a project role's boundary under the SCP",
    (t) => ({
      principal: t.as(t.role.deployer),
      action: 'iam:DeleteRolePermissionsBoundary',
      resource: t.arn.verifierRole,
    }),
    'scp',
  ),
  notGranted(
    'verifier-role.attached-admin.read-elsewhere',
    'the verifier role with AdministratorAccess attached still reads no other bucket, even from its function (boundary)',
    (t) => ({
      principal: t.projectRole(t.names.verifierRole, [ALL_ACTIONS]),
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::someone-elses-bucket/data.csv',
      context: fromVerifier(t),
    }),
  ),
  notGranted(
    'verifier-role.attached-admin.iam',
    'the verifier role with AdministratorAccess attached still cannot create roles (boundary)',
    (t) => ({
      principal: t.projectRole(t.names.verifierRole, [ALL_ACTIONS]),
      action: 'iam:CreateRole',
      resource: t.arn.unrelatedRole,
    }),
  ),
  notGranted(
    'malware-role.attached-admin.other-table',
    'the malware-protection role with AdministratorAccess attached writes no other table (boundary)',
    (t) => ({
      principal: t.projectRole(t.names.malwareProtectionRole, [ALL_ACTIONS]),
      action: 'dynamodb:PutItem',
      resource: `arn:aws:dynamodb:${t.region}:${t.account}:table/some-other-table`,
    }),
  ),

  // ------------------------------------------------------------------ ledger copies: backups, restored tables, the key
  ...(['deployer', 'accountAdmin'] as const).map((actor) =>
    denied(
      `ledger-backup.restore.${kebab(actor)}.scp`,
      `${kebab(actor)} cannot restore a backup of the ledger under the SCP`,
      (t) => ({
        principal: t.as(t.role[actor]),
        action: 'dynamodb:RestoreTableFromBackup',
        resource: t.arn.ledgerBackup,
      }),
      'scp',
    ),
  ),
  denied(
    'ledger-backup.restore.account-admin.iam',
    'an account administrator with the guardrail attached cannot restore a backup of the ledger',
    (t) => ({
      principal: t.as(t.role.accountAdmin, 'iam'),
      action: 'dynamodb:RestoreTableFromBackup',
      resource: t.arn.ledgerBackup,
    }),
  ),
  denied(
    'ledger-backup.restore-copy-backup.deployer.scp',
    'the deployer cannot restore a backup of a restored copy of the ledger under the SCP',
    (t) => ({
      principal: t.as(t.role.deployer),
      action: 'dynamodb:RestoreTableFromBackup',
      resource: `${t.arn.restoredLedger}/backup/01700000000000-abcdefgh`,
    }),
    'scp',
  ),
  allowed(
    'ledger-backup.restore.auditor.scp',
    'a ledger reader restores a backup of the ledger',
    (t) => ({
      principal: t.as(t.role.auditor),
      action: 'dynamodb:RestoreTableFromBackup',
      resource: t.arn.ledgerBackup,
    }),
    'scp',
  ),
  notGranted(
    'ledger-copy.decrypt.deployer',
    'the deployer cannot decrypt a copy of the ledger restored under another name',
    (t) => ({
      principal: t.as(t.role.deployer),
      action: 'kms:Decrypt',
      resource: t.keys.vault,
      context: tableContext(t, 'ledger-copy'),
    }),
  ),
  notGranted(
    'ledger-copy.encrypt.deployer',
    'the deployer cannot write into a restored copy of the ledger (data keys)',
    (t) => ({
      principal: t.as(t.role.deployer),
      action: 'kms:GenerateDataKey',
      resource: t.keys.vault,
      context: tableContext(t, t.arn.restoredLedgerName),
    }),
  ),
  notGranted('ledger-copy.decrypt.verifier', "the verifier's role cannot decrypt any table but the ledger", (t) => ({
    principal: t.projectRole(t.names.verifierRole),
    action: 'kms:Decrypt',
    resource: t.keys.vault,
    context: { ...tableContext(t, 'ledger-copy'), ...fromVerifier(t) },
  })),
  notGranted(
    'ledger-copy.decrypt.auditor',
    'a ledger reader cannot decrypt a copy restored under a name not derived from the ledger',
    (t) => ({
      principal: t.as(t.role.auditor),
      action: 'kms:Decrypt',
      resource: t.keys.vault,
      context: tableContext(t, 'ledger-copy'),
    }),
  ),
  ...(
    [
      ['deployer', 'dynamodb:Scan'],
      ['deployer', 'dynamodb:PutItem'],
      ['accountAdmin', 'dynamodb:Query'],
      ['auditor', 'dynamodb:PutItem'],
    ] as const
  ).map(([actor, action]) =>
    denied(
      `ledger-copy.${action.replace('dynamodb:', '')}.${kebab(actor)}`,
      `${kebab(actor)} cannot ${action} the restored copy of the ledger while it waits to be compared and merged`,
      (t) => ({
        principal: t.as(t.role[actor]),
        action,
        resource: t.arn.restoredLedger,
        replacedResourcePolicy: restoredCopyPolicy(t),
      }),
    ),
  ),
  allowed(
    'runbook.ledger.restored-scan.break-glass',
    'break-glass reads the protected restored copy (ledger-diff, ledger-merge)',
    (t) => ({
      principal: t.as(t.role.breakGlass),
      action: 'dynamodb:Scan',
      resource: t.arn.restoredLedger,
      replacedResourcePolicy: restoredCopyPolicy(t),
    }),
  ),
  allowed(
    'ledger.encrypt.deployer',
    'the deployer creates the ledger under the VaultKey (data keys for the ledger)',
    (t) => ({
      principal: t.as(t.role.deployer),
      action: 'kms:GenerateDataKey',
      resource: t.keys.vault,
      context: tableContext(t, t.names.ledgerTable),
    }),
  ),
  allowed('ledger.decrypt.verifier', 'the verifier appends to the ledger (DynamoDB decrypts its table key)', (t) => ({
    principal: t.projectRole(t.names.verifierRole),
    action: 'kms:Decrypt',
    resource: t.keys.vault,
    context: tableContext(t, t.names.ledgerTable),
  })),
  allowed('ledger.decrypt.auditor', 'a ledger reader decrypts ledger records through DynamoDB', (t) => ({
    principal: t.as(t.role.auditor),
    action: 'kms:Decrypt',
    resource: t.keys.vault,
    context: tableContext(t, t.names.ledgerTable),
  })),

  // ------------------------------------------------------------------ the verifier's code and configuration
  ...(['deployer', 'accountAdmin'] as const).map((actor) =>
    denied(
      `verifier-code.foreign-signing-config.${kebab(actor)}.scp`,
      `${kebab(actor)} cannot give the verifier a code-signing config that is not the environment's`,
      (t) => ({
        principal: t.as(t.role[actor]),
        action: 'lambda:PutFunctionCodeSigningConfig',
        resource: t.arn.verifierFunction,
        context: { 'lambda:CodeSigningConfigArn': t.arn.foreignCodeSigningConfig },
      }),
      'scp',
    ),
  ),
  denied(
    'verifier-code.put-signing-config.deployer.scp',
    "the deployer cannot change the verifier's code-signing config, even to the environment's",
    (t) => ({
      principal: t.as(t.role.deployer),
      action: 'lambda:PutFunctionCodeSigningConfig',
      resource: t.arn.verifierFunction,
      context: { 'lambda:CodeSigningConfigArn': t.codeSigningConfigArn },
    }),
    'scp',
  ),
  denied(
    'verifier-code.create-foreign-signing.deployer.scp',
    "the deployer cannot create the verifier under a code-signing config that is not the environment's",
    (t) => ({
      principal: t.as(t.role.deployer),
      action: 'lambda:CreateFunction',
      resource: t.arn.verifierFunction,
      context: { 'lambda:CodeSigningConfigArn': t.arn.foreignCodeSigningConfig },
    }),
    'scp',
  ),
  allowed(
    'verifier-code.create-signed.deployer.scp',
    "the deployer creates the verifier under the environment's code-signing config (first apply)",
    (t) => ({
      principal: t.as(t.role.deployer),
      action: 'lambda:CreateFunction',
      resource: t.arn.verifierFunction,
      context: { 'lambda:CodeSigningConfigArn': t.codeSigningConfigArn },
    }),
    'scp',
  ),
  allowed(
    'verifier-code.UpdateFunctionConfiguration.deployer.scp',
    "the deployer changes the verifier's configuration, environment included (reviewed apply; IAM cannot tell which variables)",
    (t) => ({
      principal: t.as(t.role.deployer),
      action: 'lambda:UpdateFunctionConfiguration',
      resource: t.arn.verifierFunction,
    }),
    'scp',
  ),
  allowed(
    'signing-profile.create.deployer.scp',
    "the deployer creates a signing profile of its own (harmless: the code-signing config trusts only the environment's)",
    (t) => ({ principal: t.as(t.role.deployer), action: 'signer:PutSigningProfile', resource: '*' }),
    'scp',
  ),
  ...(['accountAdmin', 'deployer', 'breakGlass'] as const).map((actor) =>
    denied(
      `verifier-code.invoke.${kebab(actor)}.scp`,
      `${kebab(actor)} cannot invoke the verifier with an event of its own under the SCP`,
      (t) => ({ principal: t.as(t.role[actor]), action: 'lambda:InvokeFunction', resource: t.arn.verifierFunction }),
      'scp',
    ),
  ),
  denied(
    'verifier-code.invoke.account-admin.iam',
    'an account administrator with the guardrail attached cannot invoke the verifier',
    (t) => ({
      principal: t.as(t.role.accountAdmin, 'iam'),
      action: 'lambda:InvokeFunction',
      resource: t.arn.verifierFunction,
    }),
  ),
  allowed(
    'verifier-code.invoke.account-admin',
    'an account administrator invokes the verifier (single account, no guardrail)',
    (t) => ({
      principal: t.as(t.role.accountAdmin),
      action: 'lambda:InvokeFunction',
      resource: t.arn.verifierFunction,
    }),
  ),
  ...(
    [
      'RemovePermission',
      'UpdateFunctionEventInvokeConfig',
      'DeleteFunctionEventInvokeConfig',
      'DeleteFunctionConcurrency',
    ] as const
  ).map((a) =>
    denied(
      `verifier-code.${a}.account-admin.scp`,
      `an account administrator cannot ${a} the verifier under the SCP`,
      (t) => ({ principal: t.as(t.role.accountAdmin), action: `lambda:${a}`, resource: t.arn.verifierFunction }),
      'scp',
    ),
  ),
  ...(['UpdateEventSourceMapping', 'DeleteEventSourceMapping'] as const).map((a) =>
    denied(
      `intake.${a}.account-admin.scp`,
      `an account administrator cannot ${a} the verifier's event source under the SCP`,
      (t) => ({
        principal: t.as(t.role.accountAdmin),
        action: `lambda:${a}`,
        resource: t.arn.eventSourceMapping,
        context: { 'lambda:FunctionArn': t.arn.verifierFunction },
      }),
      'scp',
    ),
  ),
  allowed(
    'intake.UpdateEventSourceMapping.deployer.scp',
    "the deployer updates the verifier's event source (reviewed apply)",
    (t) => ({
      principal: t.as(t.role.deployer),
      action: 'lambda:UpdateEventSourceMapping',
      resource: t.arn.eventSourceMapping,
      context: { 'lambda:FunctionArn': t.arn.verifierFunction },
    }),
    'scp',
  ),
  ...(['SetQueueAttributes', 'DeleteQueue'] as const).flatMap((a) =>
    (['intakeQueue', 'failureQueue'] as const).map((queue) =>
      denied(
        `${queue === 'intakeQueue' ? 'intake' : 'failures'}.${a}.account-admin.scp`,
        `an account administrator cannot ${a} on the ${queue === 'intakeQueue' ? 'intake' : 'failure'} queue under the SCP`,
        (t) => ({ principal: t.as(t.role.accountAdmin), action: `sqs:${a}`, resource: t.arn[queue] }),
        'scp',
      ),
    ),
  ),

  // ------------------------------------------------------------------ the verifier's identity: trust, assume, pass
  ...(['UpdateAssumeRolePolicy', 'DeleteRole', 'DeleteRolePermissionsBoundary'] as const).map((a) =>
    denied(
      `verifier-role.${a}.deployer.scp`,
      `the deployer cannot ${a} the verifier role under the SCP (break-glass only)`,
      (t) => ({ principal: t.as(t.role.deployer), action: `iam:${a}`, resource: t.arn.verifierRole }),
      'scp',
    ),
  ),
  denied(
    'malware-role.UpdateAssumeRolePolicy.deployer.scp',
    'the deployer cannot re-trust the malware-protection role (a reader of every image) under the SCP',
    (t) => ({ principal: t.as(t.role.deployer), action: 'iam:UpdateAssumeRolePolicy', resource: t.arn.malwareRole }),
    'scp',
  ),
  allowed(
    'verifier-role.UpdateAssumeRolePolicy.break-glass.scp',
    'break-glass may re-trust a project role (a break-glass apply replacing it)',
    (t) => ({ principal: t.as(t.role.breakGlass), action: 'iam:UpdateAssumeRolePolicy', resource: t.arn.verifierRole }),
    'scp',
  ),
  ...(['deployer', 'breakGlass', 'accountAdmin'] as const).map((actor) =>
    denied(
      `verifier-role.assume-retrusted.${kebab(actor)}.scp`,
      `${kebab(actor)} cannot assume the verifier role under the SCP, even where its trust was rewritten to allow it`,
      (t) => ({
        principal: t.as(t.role[actor]),
        action: 'sts:AssumeRole',
        resource: t.arn.verifierRole,
        replacedResourcePolicy: {
          ...trustingDeployer(t),
          policy: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { AWS: t.role[actor] }, Action: 'sts:AssumeRole' }],
          },
        },
      }),
      'scp',
    ),
  ),
  allowed(
    'verifier-role.assume-retrusted.deployer',
    'the deployer assumes a verifier role whose trust was rewritten to allow it (no SCP)',
    (t) => ({
      principal: t.as(t.role.deployer),
      action: 'sts:AssumeRole',
      resource: t.arn.verifierRole,
      replacedResourcePolicy: trustingDeployer(t),
    }),
  ),
  allowed(
    'verifier-role.PassRole-to-lambda.deployer.scp',
    'the deployer passes the verifier role to Lambda (creating or configuring the verifier)',
    (t) => ({
      principal: t.as(t.role.deployer),
      action: 'iam:PassRole',
      resource: t.arn.verifierRole,
      context: { 'iam:PassedToService': 'lambda.amazonaws.com' },
    }),
    'scp',
  ),
  denied(
    'verifier-role.PassRole-to-ec2.deployer.scp',
    'the deployer cannot pass the verifier role to a service it is not for (an instance of its own)',
    (t) => ({
      principal: t.as(t.role.deployer),
      action: 'iam:PassRole',
      resource: t.arn.verifierRole,
      context: { 'iam:PassedToService': 'ec2.amazonaws.com' },
    }),
    'scp',
  ),

  // ------------------------------------------------------------------ first apply and bootstrap under the SCP
  allowed(
    'bootstrap.state-policy.key-admin.scp',
    "the key administrator sets the new state bucket's policy (bootstrap of <env>-state with the SCP attached)",
    (t) => ({
      principal: t.as(t.role.keyAdmin),
      action: 's3:PutBucketPolicy',
      resource: t.arn.stateBucket,
      resourcePolicyOverride: FRESH_BUCKET,
    }),
    'scp',
  ),
  allowed(
    'bootstrap.state-log-policy.key-admin.scp',
    "the key administrator sets the new state access-log bucket's policy (bootstrap with the SCP attached)",
    (t) => ({
      principal: t.as(t.role.keyAdmin),
      action: 's3:PutBucketPolicy',
      resource: t.arn.stateLogBucket,
      resourcePolicyOverride: FRESH_BUCKET,
    }),
    'scp',
  ),
  denied(
    'bootstrap.state-policy.deployer.scp',
    "the deployer cannot set the state bucket's policy under the SCP",
    (t) => ({
      principal: t.as(t.role.deployer),
      action: 's3:PutBucketPolicy',
      resource: t.arn.stateBucket,
      resourcePolicyOverride: FRESH_BUCKET,
    }),
    'scp',
  ),
  denied(
    'bootstrap.vault-policy.key-admin.scp',
    "the key administrator cannot set a data bucket's policy under the SCP",
    (t) => ({
      principal: t.as(t.role.keyAdmin),
      action: 's3:PutBucketPolicy',
      resource: t.arn.vaultBucket,
      resourcePolicyOverride: FRESH_BUCKET,
    }),
    'scp',
  ),
  allowed(
    'first-apply.vault-policy.deployer.scp',
    "the deployer sets the new vault bucket's policy (first apply with the SCP attached)",
    (t) => ({
      principal: t.as(t.role.deployer),
      action: 's3:PutBucketPolicy',
      resource: t.arn.vaultBucket,
      resourcePolicyOverride: FRESH_BUCKET,
    }),
    'scp',
  ),
  allowed(
    'first-apply.ledger-policy.deployer.scp',
    "the deployer sets the new ledger's resource policy (first apply with the SCP attached)",
    (t) => ({
      principal: t.as(t.role.deployer),
      action: 'dynamodb:PutResourcePolicy',
      resource: t.arn.ledger,
      resourcePolicyOverride: FRESH_TABLE,
    }),
    'scp',
  ),
  allowed(
    'first-apply.signing-config.deployer.scp',
    "the deployer creates the environment's code-signing config (first apply with the SCP attached)",
    (t) => ({ principal: t.as(t.role.deployer), action: 'lambda:CreateCodeSigningConfig', resource: '*' }),
    'scp',
  ),

  // ------------------------------------------------------------------ the duty roles and the guardrail itself
  denied(
    'duty-roles.UpdateAssumeRolePolicy.deployer.scp',
    'the deployer cannot re-trust the break-glass role under the SCP',
    (t) => ({ principal: t.as(t.role.deployer), action: 'iam:UpdateAssumeRolePolicy', resource: t.role.breakGlass }),
    'scp',
  ),
  denied(
    'duty-roles.PutRolePolicy.account-admin.scp',
    "an account administrator cannot change the enrollment role's policies under the SCP",
    (t) => ({ principal: t.as(t.role.accountAdmin), action: 'iam:PutRolePolicy', resource: t.role.enrollment }),
    'scp',
  ),
  denied(
    'duty-roles.AttachRolePolicy.deployer.scp',
    'the deployer cannot widen its own role under the SCP',
    (t) => ({ principal: t.as(t.role.deployer), action: 'iam:AttachRolePolicy', resource: t.role.deployer }),
    'scp',
  ),
  allowed(
    'duty-roles.PutRolePolicy.break-glass.scp',
    "break-glass may change a duty role's policies",
    (t) => ({ principal: t.as(t.role.breakGlass), action: 'iam:PutRolePolicy', resource: t.role.enrollment }),
    'scp',
  ),
  denied(
    'guardrail.CreatePolicyVersion.account-admin.scp',
    'an account administrator cannot rewrite the permissions boundary under the SCP',
    (t) => ({
      principal: t.as(t.role.accountAdmin),
      action: 'iam:CreatePolicyVersion',
      resource: t.arn.boundaryPolicy,
    }),
    'scp',
  ),
  denied(
    'guardrail.CreatePolicyVersion.deployer.scp',
    'the deployer cannot rewrite the boundary once it exists (a break-glass apply does)',
    (t) => ({ principal: t.as(t.role.deployer), action: 'iam:CreatePolicyVersion', resource: t.arn.boundaryPolicy }),
    'scp',
  ),
  denied(
    'guardrail.DeletePolicy.deployer.scp',
    'the deployer cannot delete the guardrail',
    (t) => ({ principal: t.as(t.role.deployer), action: 'iam:DeletePolicy', resource: t.arn.guardrailPolicy }),
    'scp',
  ),
  allowed(
    'guardrail.CreatePolicyVersion.break-glass.scp',
    'break-glass updates the boundary and the guardrail (a break-glass apply of the guardrails stack)',
    (t) => ({ principal: t.as(t.role.breakGlass), action: 'iam:CreatePolicyVersion', resource: t.arn.guardrailPolicy }),
    'scp',
  ),
  denied(
    'guardrail.detach.deployer.scp',
    'the deployer cannot detach the guardrail from an administrator',
    (t) => ({
      principal: t.as(t.role.deployer),
      action: 'iam:DetachRolePolicy',
      resource: t.role.accountAdmin,
      context: { 'iam:PolicyARN': t.arn.guardrailPolicy },
    }),
    'scp',
  ),
  denied(
    'guardrail.detach.account-admin.iam',
    'an account administrator cannot detach the guardrail from itself',
    (t) => ({
      principal: t.as(t.role.accountAdmin, 'iam'),
      action: 'iam:DetachRolePolicy',
      resource: t.role.accountAdmin,
      context: { 'iam:PolicyARN': t.arn.guardrailPolicy },
    }),
  ),
  allowed(
    'guardrail.escape.account-admin.iam',
    'an account administrator with the guardrail attached can still create an unguarded role (single account)',
    (t) => ({
      principal: t.as(t.role.accountAdmin, 'iam'),
      action: 'iam:CreateRole',
      resource: t.arn.unrelatedRole,
    }),
  ),

  // ------------------------------------------------------------------ silencing detection: the alert path
  ...(['DisableKey', 'ScheduleKeyDeletion', 'PutKeyPolicy'] as const).map((a) =>
    notGranted(`alert-key.${a}.key-admin`, `the audit key's administrator cannot ${a} on the alert key`, (t) => ({
      principal: t.as(t.role.keyAdmin),
      action: `kms:${a}`,
      resource: t.keys.alert,
    })),
  ),
  allowed(
    'audit-key.DisableKey.key-admin',
    'the key administrator may disable the audit key (its duty); the alert key is not theirs',
    (t) => ({ principal: t.as(t.role.keyAdmin), action: 'kms:DisableKey', resource: t.keys.audit }),
  ),
  allowed('alert-key.DisableKey.alert-admin', 'the alert administrator may disable the alert key (its duty)', (t) => ({
    principal: t.as(t.role.alertAdmin),
    action: 'kms:DisableKey',
    resource: t.keys.alert,
  })),
  ...(['audit', 'vault'] as const).map((k) =>
    notGranted(`${k}-key.DisableKey.alert-admin`, `the alert administrator cannot disable the ${k} key`, (t) => ({
      principal: t.as(t.role.alertAdmin),
      action: 'kms:DisableKey',
      resource: t.keys[k],
    })),
  ),
  notGranted('alert-key.decrypt.alert-admin', 'the alert administrator cannot decrypt alerts', (t) => ({
    principal: t.as(t.role.alertAdmin),
    action: 'kms:Decrypt',
    resource: t.keys.alert,
    context: { 'kms:ViaService': t.via('sqs') },
  })),
  ...(['deployer', 'accountAdmin'] as const).map((actor) =>
    notGranted(`alert-key.DisableKey.${kebab(actor)}`, `${kebab(actor)} cannot disable the alert key`, (t) => ({
      principal: t.as(t.role[actor]),
      action: 'kms:DisableKey',
      resource: t.keys.alert,
    })),
  ),
  denied(
    'alert-topic.SetTopicAttributes.deployer',
    "the deployer cannot change the alert topic's policy or key",
    (t) => ({
      principal: t.as(t.role.deployer),
      action: 'sns:SetTopicAttributes',
      resource: t.arn.alertTopic,
    }),
  ),
  denied('alert-topic.DeleteTopic.account-admin', 'an account administrator cannot delete the alert topic', (t) => ({
    principal: t.as(t.role.accountAdmin),
    action: 'sns:DeleteTopic',
    resource: t.arn.alertTopic,
  })),
  denied('alert-topic.DeleteTopic.key-admin', 'the key administrator cannot delete the alert topic', (t) => ({
    principal: t.as(t.role.keyAdmin),
    action: 'sns:DeleteTopic',
    resource: t.arn.alertTopic,
  })),
  allowed('alert-topic.SetTopicAttributes.alert-admin', 'the alert administrator changes the alert topic', (t) => ({
    principal: t.as(t.role.alertAdmin),
    action: 'sns:SetTopicAttributes',
    resource: t.arn.alertTopic,
  })),
  denied(
    'watch-topic.DeleteTopic.alert-admin',
    'the alert administrator cannot delete the alert-path watch topic',
    (t) => ({
      principal: t.as(t.role.alertAdmin),
      action: 'sns:DeleteTopic',
      resource: t.arn.watchTopic,
    }),
  ),
  // Subscriptions: not topic-policy actions, so the detection guardrail denies them (SCP or policy).
  // The simulator authorizes them against the `topic` resource type, as the Service Authorization
  // Reference lists them; the guardrail names the subscription ARNs (`<topic-arn>:*`) as well.
  ...(
    [
      ['alert-topic', 'Unsubscribe', 'accountAdmin'],
      ['alert-topic', 'SetSubscriptionAttributes', 'plan'],
      ['watch-topic', 'Unsubscribe', 'keyAdmin'],
      ['watch-topic', 'SetSubscriptionAttributes', 'accountAdmin'],
    ] as const
  ).map(([topic, a, actor]) =>
    denied(
      `${topic}.${a}.${kebab(actor)}.scp`,
      `${kebab(actor)} cannot ${a} a subscriber of the ${topic} under the SCP`,
      (t) => ({
        principal: t.as(t.role[actor]),
        action: `sns:${a}`,
        resource: t.arn[topic === 'alert-topic' ? 'alertTopic' : 'watchTopic'],
      }),
      'scp',
    ),
  ),
  denied(
    'alert-topic.Unsubscribe.account-admin.iam',
    'an account administrator with the guardrails attached cannot remove the alert subscriber',
    (t) => ({
      principal: t.as(t.role.accountAdmin, 'iam'),
      action: 'sns:Unsubscribe',
      resource: t.arn.alertTopic,
    }),
  ),
  allowed(
    'alert-topic.Unsubscribe.account-admin',
    'an account administrator removes the alert subscriber (single account, no guardrail): reported on the watch topic',
    (t) => ({ principal: t.as(t.role.accountAdmin), action: 'sns:Unsubscribe', resource: t.arn.alertTopic }),
  ),
  allowed(
    'alert-topic.Unsubscribe.alert-admin.scp',
    'the alert administrator changes the alert subscription (its duty): reported on the watch topic',
    (t) => ({ principal: t.as(t.role.alertAdmin), action: 'sns:Unsubscribe', resource: t.arn.alertTopic }),
    'scp',
  ),
  denied('alert-dlq.PurgeQueue.account-admin', 'an account administrator cannot purge undelivered alerts', (t) => ({
    principal: t.as(t.role.accountAdmin),
    action: 'sqs:PurgeQueue',
    resource: t.arn.alertDeadLetterQueue,
  })),
  denied('alert-dlq.ReceiveMessage.deployer', 'the deployer cannot read undelivered alerts', (t) => ({
    principal: t.as(t.role.deployer),
    action: 'sqs:ReceiveMessage',
    resource: t.arn.alertDeadLetterQueue,
  })),
  denied(
    'alert-dlq.SetQueueAttributes.deployer',
    "the deployer cannot change the dead-letter queue's policy or key",
    (t) => ({
      principal: t.as(t.role.deployer),
      action: 'sqs:SetQueueAttributes',
      resource: t.arn.alertDeadLetterQueue,
    }),
  ),
  allowed('alert-topic.publish.alarm', 'an alarm of the environment publishes to the alert topic', (t) => ({
    principal: t.service('cloudwatch.amazonaws.com'),
    action: 'sns:Publish',
    resource: t.arn.alertTopic,
    context: { 'aws:SourceArn': t.arn.alarm, 'aws:SourceAccount': t.account },
  })),
  allowed('alert-topic.publish.tamper-rule', 'a tamper rule of the environment publishes to the alert topic', (t) => ({
    principal: t.service('events.amazonaws.com'),
    action: 'sns:Publish',
    resource: t.arn.alertTopic,
    context: { 'aws:SourceArn': t.arn.tamperRule, 'aws:SourceAccount': t.account },
  })),
  allowed(
    'alert-key.encrypt.eventbridge',
    'EventBridge encrypts for the alert topic without source conditions',
    (t) => ({
      principal: t.service('events.amazonaws.com'),
      action: 'kms:GenerateDataKey',
      resource: t.keys.alert,
    }),
  ),
  notGranted(
    'alert-topic.publish.other-account-alarm',
    "another account's alarm cannot publish to the alert topic",
    (t) => ({
      principal: t.service('cloudwatch.amazonaws.com'),
      action: 'sns:Publish',
      resource: t.arn.alertTopic,
      context: {
        'aws:SourceArn': `arn:aws:cloudwatch:${t.region}:${OTHER_ACCOUNT}:alarm:${t.names.alarmPrefix}x`,
        'aws:SourceAccount': OTHER_ACCOUNT,
      },
    }),
  ),
  notGranted(
    'alert-topic.publish.other-rule',
    "a rule not named with the environment's prefix cannot publish",
    (t) => ({
      principal: t.service('events.amazonaws.com'),
      action: 'sns:Publish',
      resource: t.arn.alertTopic,
      context: {
        'aws:SourceArn': `arn:aws:events:${t.region}:${t.account}:rule/spoof`,
        'aws:SourceAccount': t.account,
      },
    }),
  ),

  allowed(
    'state.write-alerting-state.alert-admin',
    "the alert administrator writes the alerting stack's state",
    (t) => ({
      principal: t.as(t.role.alertAdmin),
      action: 's3:PutObject',
      resource: t.arn.state('alerting'),
      context: sse(t.keys.state),
    }),
  ),
  allowed(
    'state.encrypt-alerting-state.alert-admin',
    "the alert administrator encrypts the alerting stack's state",
    (t) => ({
      principal: t.as(t.role.alertAdmin),
      action: 'kms:GenerateDataKey',
      resource: t.keys.state,
      context: stateContext(t, t.arn.state('alerting')),
    }),
  ),
  denied(
    'state.write-keys-state.alert-admin',
    "the alert administrator cannot rewrite the keys stack's state",
    (t) => ({
      principal: t.as(t.role.alertAdmin),
      action: 's3:PutObject',
      resource: t.arn.state('keys'),
      context: sse(t.keys.state),
    }),
  ),
  denied(
    'state.write-alerting-state.deployer',
    "the deployer cannot rewrite the alerting stack's state (where alerts go)",
    (t) => ({
      principal: t.as(t.role.deployer),
      action: 's3:PutObject',
      resource: t.arn.state('alerting'),
      context: sse(t.keys.state),
    }),
  ),
  denied(
    'state.write-alerting-state.key-admin',
    "the key administrator cannot rewrite the alerting stack's state",
    (t) => ({
      principal: t.as(t.role.keyAdmin),
      action: 's3:PutObject',
      resource: t.arn.state('alerting'),
      context: sse(t.keys.state),
    }),
  ),

  // ------------------------------------------------------------------ silencing detection: trail, GuardDuty, rules, alarms
  ...(['StopLogging', 'DeleteTrail', 'PutEventSelectors'] as const).map((a) =>
    denied(
      `trail.${a}.account-admin.scp`,
      `an account administrator cannot ${a} under the SCP`,
      (t) => ({
        principal: t.as(t.role.accountAdmin),
        action: `cloudtrail:${a}`,
        resource: t.arn.trail,
      }),
      'scp',
    ),
  ),
  denied(
    'trail.StopLogging.key-admin.scp',
    'the key administrator cannot stop the trail under the SCP',
    (t) => ({
      principal: t.as(t.role.keyAdmin),
      action: 'cloudtrail:StopLogging',
      resource: t.arn.trail,
    }),
    'scp',
  ),
  denied(
    'trail.StopLogging.account-admin.iam',
    'an account administrator with the guardrail attached cannot stop the trail',
    (t) => ({
      principal: t.as(t.role.accountAdmin, 'iam'),
      action: 'cloudtrail:StopLogging',
      resource: t.arn.trail,
    }),
  ),
  allowed(
    'trail.StopLogging.account-admin',
    'an account administrator stops the trail (single account, no guardrail)',
    (t) => ({
      principal: t.as(t.role.accountAdmin),
      action: 'cloudtrail:StopLogging',
      resource: t.arn.trail,
    }),
  ),
  allowed(
    'trail.StopLogging.root',
    'the root user stops the trail (single account: nothing but an SCP binds it)',
    (t) => ({
      principal: t.root,
      action: 'cloudtrail:StopLogging',
      resource: t.arn.trail,
    }),
  ),
  denied(
    'trail.StopLogging.root.scp',
    'the root user cannot stop the trail under the SCP',
    (t) => ({
      principal: t.root,
      action: 'cloudtrail:StopLogging',
      resource: t.arn.trail,
    }),
    'scp',
  ),
  allowed(
    'trail.UpdateTrail.deployer.scp',
    'the pipeline updates the trail (reviewed apply)',
    (t) => ({
      principal: t.as(t.role.deployer),
      action: 'cloudtrail:UpdateTrail',
      resource: t.arn.trail,
    }),
    'scp',
  ),
  ...(
    [
      ['DeleteDetector', (t: ThreatEnv) => t.arn.detector],
      ['UpdateDetector', (t: ThreatEnv) => t.arn.detector],
      ['CreateFilter', (t: ThreatEnv) => `${t.arn.detector}/filter/archive-everything`],
      ['CreateIPSet', () => '*'],
      ['DeleteMalwareProtectionPlan', (t: ThreatEnv) => t.arn.malwarePlan],
    ] as const
  ).map(([a, resource]) =>
    denied(
      `guardduty.${a}.account-admin.scp`,
      `an account administrator cannot ${a} under the SCP`,
      (t) => ({
        principal: t.as(t.role.accountAdmin),
        action: `guardduty:${a}`,
        resource: resource(t),
      }),
      'scp',
    ),
  ),
  allowed(
    'guardduty.DeleteDetector.account-admin',
    'an account administrator deletes the detector (single account, no guardrail)',
    (t) => ({
      principal: t.as(t.role.accountAdmin),
      action: 'guardduty:DeleteDetector',
      resource: t.arn.detector,
    }),
  ),
  ...(['DisableRule', 'RemoveTargets', 'DeleteRule'] as const).map((a) =>
    denied(
      `rules.${a}.account-admin.scp`,
      `an account administrator cannot ${a} a tamper rule under the SCP`,
      (t) => ({
        principal: t.as(t.role.accountAdmin),
        action: `events:${a}`,
        resource: t.arn.tamperRule,
      }),
      'scp',
    ),
  ),
  allowed(
    'rules.PutRule.deployer.scp',
    'the pipeline changes a rule (reviewed apply, and reported)',
    (t) => ({
      principal: t.as(t.role.deployer),
      action: 'events:PutRule',
      resource: t.arn.tamperRule,
    }),
    'scp',
  ),
  allowed(
    'rules.DisableRule.account-admin',
    'an account administrator disables a tamper rule (single account, no guardrail)',
    (t) => ({
      principal: t.as(t.role.accountAdmin),
      action: 'events:DisableRule',
      resource: t.arn.tamperRule,
    }),
  ),
  ...(['DisableAlarmActions', 'DeleteAlarms'] as const).map((a) =>
    denied(
      `alarms.${a}.account-admin.scp`,
      `an account administrator cannot ${a} under the SCP`,
      (t) => ({
        principal: t.as(t.role.accountAdmin),
        action: `cloudwatch:${a}`,
        resource: t.arn.alarm,
      }),
      'scp',
    ),
  ),
  ...(['DeleteMetricFilter', 'PutRetentionPolicy', 'DeleteLogGroup'] as const).map((a) =>
    denied(
      `trail-log-group.${a}.account-admin.scp`,
      `an account administrator cannot ${a} on the trail's log group under the SCP`,
      (t) => ({
        principal: t.as(t.role.accountAdmin),
        action: `logs:${a}`,
        resource: t.arn.trailLogGroup,
      }),
      'scp',
    ),
  ),

  ...(['AssociateKmsKey', 'DisassociateKmsKey'] as const).map((a) =>
    denied(
      `trail-log-group.${a}.account-admin.scp`,
      `an account administrator cannot ${a} on the trail's log group under the SCP`,
      (t) => ({ principal: t.as(t.role.accountAdmin), action: `logs:${a}`, resource: t.arn.trailLogGroup }),
      'scp',
    ),
  ),
  allowed(
    'trail-log-group.AssociateKmsKey.alert-admin.scp',
    "the alert administrator (a pipeline role) may replace the log group's key: reported by tamper-logs and the ingestion heartbeat",
    (t) => ({ principal: t.as(t.role.alertAdmin), action: 'logs:AssociateKmsKey', resource: t.arn.trailLogGroup }),
    'scp',
  ),
  ...(['accountAdmin', 'alertAdmin', 'deployer'] as const).map((actor) =>
    denied(
      `logs.PutAccountPolicy.${kebab(actor)}.scp`,
      `${kebab(actor)} cannot put an account-wide subscription-filter policy under the SCP`,
      (t) => ({ principal: t.as(t.role[actor]), action: 'logs:PutAccountPolicy', resource: '*' }),
      'scp',
    ),
  ),
  allowed(
    'logs.PutAccountPolicy.break-glass.scp',
    'break-glass may put an account-wide log policy',
    (t) => ({ principal: t.as(t.role.breakGlass), action: 'logs:PutAccountPolicy', resource: '*' }),
    'scp',
  ),
  ...(['DisableRule', 'RemoveTargets', 'DeleteRule'] as const).map((a) =>
    denied(
      `rules.${a}-forwarder.account-admin.scp`,
      `an account administrator cannot ${a} the us-east-1 forwarder of IAM's events under the SCP`,
      (t) => ({ principal: t.as(t.role.accountAdmin), action: `events:${a}`, resource: t.arn.forwarderRule }),
      'scp',
    ),
  ),
  ...(['DeleteRule', 'RemoveTargets'] as const).map((a) =>
    denied(
      `rules.${a}-malware-managed.account-admin.scp`,
      `an account administrator cannot ${a} GuardDuty's managed malware rule under the SCP`,
      (t) => ({ principal: t.as(t.role.accountAdmin), action: `events:${a}`, resource: t.arn.malwareManagedRule }),
      'scp',
    ),
  ),
  ...(
    [
      ['ArchiveFindings', () => '*'],
      ['DeleteThreatIntelSet', (t: ThreatEnv) => `${t.arn.detector}/threatintelset/c2b4`],
      ['UpdateThreatIntelSet', (t: ThreatEnv) => `${t.arn.detector}/threatintelset/c2b4`],
    ] as const
  ).map(([a, resource]) =>
    denied(
      `guardduty.${a}.account-admin.scp`,
      `an account administrator cannot ${a} under the SCP`,
      (t) => ({ principal: t.as(t.role.accountAdmin), action: `guardduty:${a}`, resource: resource(t) }),
      'scp',
    ),
  ),
  ...(['CreatePolicyVersion', 'DeletePolicy', 'SetDefaultPolicyVersion'] as const).map((a) =>
    denied(
      `detection-guardrail.${a}.account-admin.iam`,
      `an account administrator with the guardrails attached cannot ${a} on the detection guardrail`,
      (t) => ({
        principal: t.as(t.role.accountAdmin, 'iam'),
        action: `iam:${a}`,
        resource: t.arn.detectionGuardrailPolicy,
      }),
    ),
  ),
  denied(
    'detection-guardrail.detach.account-admin.iam',
    'an account administrator cannot detach the detection guardrail from itself',
    (t) => ({
      principal: t.as(t.role.accountAdmin, 'iam'),
      action: 'iam:DetachRolePolicy',
      resource: t.role.accountAdmin,
      context: { 'iam:PolicyARN': t.arn.detectionGuardrailPolicy },
    }),
  ),
  denied(
    'detection-guardrail.CreatePolicyVersion.deployer.scp',
    'the deployer cannot rewrite the detection guardrail (a break-glass apply does)',
    (t) => ({
      principal: t.as(t.role.deployer),
      action: 'iam:CreatePolicyVersion',
      resource: t.arn.detectionGuardrailPolicy,
    }),
    'scp',
  ),

  // ------------------------------------------------------------------ the trail's log group: read by auditors only
  allowed(
    'trail-log-group.StartQuery.audit-log-reader.scp',
    "the audit-log reader queries the trail's log group",
    (t) => ({
      principal: t.as(t.role.auditLogReader),
      action: 'logs:StartQuery',
      resource: t.arn.trailLogGroup,
    }),
    'scp',
  ),
  allowed(
    'trail-log-group.GetLogEvents.break-glass.scp',
    "break-glass reads the trail's log group",
    (t) => ({
      principal: t.as(t.role.breakGlass),
      action: 'logs:GetLogEvents',
      resource: `${t.arn.trailLogGroup}:log-stream:x`,
    }),
    'scp',
  ),
  ...(
    [
      ['GetLogEvents', 'accountAdmin'],
      ['StartQuery', 'deployer'],
      ['FilterLogEvents', 'keyAdmin'],
      ['CreateExportTask', 'accountAdmin'],
      ['StartLiveTail', 'alertAdmin'],
      ['PutSubscriptionFilter', 'plan'],
    ] as const
  ).map(([a, actor]) =>
    denied(
      `trail-log-group.${a}.${kebab(actor)}.scp`,
      `${kebab(actor)} cannot ${a} on the trail's log group under the SCP`,
      (t) => ({
        principal: t.as(t.role[actor]),
        action: `logs:${a}`,
        resource: a === 'GetLogEvents' ? `${t.arn.trailLogGroup}:log-stream:x` : t.arn.trailLogGroup,
      }),
      'scp',
    ),
  ),
  denied(
    'trail-log-group.GetLogEvents.account-admin.iam',
    "an account administrator with the guardrail attached cannot read the trail's log group",
    (t) => ({
      principal: t.as(t.role.accountAdmin, 'iam'),
      action: 'logs:GetLogEvents',
      resource: `${t.arn.trailLogGroup}:log-stream:x`,
    }),
  ),
  allowed(
    'trail-log-group.GetLogEvents.account-admin',
    "an account administrator reads the trail's log group (single account, no guardrail)",
    (t) => ({
      principal: t.as(t.role.accountAdmin),
      action: 'logs:GetLogEvents',
      resource: `${t.arn.trailLogGroup}:log-stream:x`,
    }),
  ),
  notGranted(
    'trail-log-group.GetLogEvents.verifier-attached-admin',
    "the verifier role with AdministratorAccess attached cannot read the trail's log group (boundary)",
    (t) => ({
      principal: t.projectRole(t.names.verifierRole, [ALL_ACTIONS]),
      action: 'logs:GetLogEvents',
      resource: `${t.arn.trailLogGroup}:log-stream:x`,
    }),
  ),

  // ------------------------------------------------------------------ recovery runbook (docs/disaster-recovery.md)
  allowed('runbook.ledger.restore.break-glass', 'break-glass restores the ledger to a point in time', (t) => ({
    principal: t.as(t.role.breakGlass),
    action: 'dynamodb:RestoreTableToPointInTime',
    resource: t.arn.ledger,
  })),
  allowed('runbook.ledger.restore-key.break-glass', 'break-glass lets DynamoDB use the VaultKey for the copy', (t) => ({
    principal: t.as(t.role.breakGlass),
    action: 'kms:CreateGrant',
    resource: t.keys.vault,
    context: { 'kms:ViaService': t.via('dynamodb'), 'kms:GrantIsForAWSResource': 'true' },
  })),
  allowed('runbook.ledger.scan.break-glass', 'break-glass reads the ledger to compare it', (t) => ({
    principal: t.as(t.role.breakGlass),
    action: 'dynamodb:Scan',
    resource: t.arn.ledger,
  })),
  allowed(
    'runbook.ledger.decrypt.break-glass',
    'break-glass decrypts the restored copy through DynamoDB (a table named after the ledger)',
    (t) => ({
      principal: t.as(t.role.breakGlass),
      action: 'kms:Decrypt',
      resource: t.keys.vault,
      context: tableContext(t, t.arn.restoredLedgerName),
    }),
  ),
  allowed(
    'runbook.ledger.restored-policy.break-glass',
    'break-glass attaches the ledger-restore policy to the restored copy before comparing or merging',
    (t) => ({
      principal: t.as(t.role.breakGlass),
      action: 'dynamodb:PutResourcePolicy',
      resource: t.arn.restoredLedger,
    }),
  ),
  allowed('runbook.ledger.put.break-glass', 'break-glass puts a lost record back (ledger-merge, manual put)', (t) => ({
    principal: t.as(t.role.breakGlass),
    action: 'dynamodb:PutItem',
    resource: t.arn.ledger,
  })),
  ...(
    [
      ['unprotect', 'UpdateTable'],
      ['backup', 'CreateBackup'],
      ['drop', 'DeleteTable'],
      ['policy', 'PutResourcePolicy'],
      ['pitr', 'UpdateContinuousBackups'],
    ] as const
  ).map(([step, a]) =>
    allowed(`runbook.ledger.${step}.break-glass`, `break-glass may ${a} (re-attach, re-apply)`, (t) => ({
      principal: t.as(t.role.breakGlass),
      action: `dynamodb:${a}`,
      resource: t.arn.ledger,
    })),
  ),
  allowed('runbook.object.versions.break-glass', "break-glass lists an object's versions", (t) => ({
    principal: t.as(t.role.breakGlass),
    action: 's3:ListBucketVersions',
    resource: t.arn.vaultBucket,
  })),
  allowed('runbook.object.undelete.break-glass', 'break-glass removes a delete marker', (t) => ({
    principal: t.as(t.role.breakGlass),
    action: 's3:DeleteObjectVersion',
    resource: t.arn.reference,
  })),
  allowed('runbook.object.copy-read.break-glass', 'break-glass reads the good version', (t) => ({
    principal: t.as(t.role.breakGlass),
    action: 's3:GetObjectVersion',
    resource: t.arn.reference,
  })),
  allowed('runbook.object.copy-write.break-glass', 'break-glass writes it back under the VaultKey', (t) => ({
    principal: t.as(t.role.breakGlass),
    action: 's3:PutObject',
    resource: t.arn.reference,
    context: sse(t.keys.vault),
  })),
  allowed('runbook.object.copy-decrypt.break-glass', 'break-glass decrypts the good version through S3', (t) => ({
    principal: t.as(t.role.breakGlass),
    action: 'kms:Decrypt',
    resource: t.keys.vault,
    context: viaS3(t),
  })),
  allowed('runbook.object.copy-encrypt.break-glass', 'break-glass encrypts the copy through S3', (t) => ({
    principal: t.as(t.role.breakGlass),
    action: 'kms:GenerateDataKey',
    resource: t.keys.vault,
    context: viaS3(t),
  })),
  ...(['CancelKeyDeletion', 'EnableKey'] as const).map((a) =>
    allowed(`runbook.key.${a}.key-admin`, `the key administrator may ${a} (rescue-key)`, (t) => ({
      principal: t.as(t.role.keyAdmin),
      action: `kms:${a}`,
      resource: t.keys.vault,
    })),
  ),
  allowed('runbook.key.CancelKeyDeletion.root', 'the root user may cancel a key deletion', (t) => ({
    principal: t.root,
    action: 'kms:CancelKeyDeletion',
    resource: t.keys.vault,
  })),
  allowed('runbook.state.versions.break-glass', "break-glass lists a state file's versions", (t) => ({
    principal: t.as(t.role.breakGlass),
    action: 's3:ListBucketVersions',
    resource: t.arn.stateBucket,
  })),
  allowed('runbook.state.read-version.break-glass', 'break-glass reads an older state version', (t) => ({
    principal: t.as(t.role.breakGlass),
    action: 's3:GetObjectVersion',
    resource: t.arn.state('ledger'),
  })),
  allowed('runbook.state.write.break-glass', 'break-glass writes it back under the state key', (t) => ({
    principal: t.as(t.role.breakGlass),
    action: 's3:PutObject',
    resource: t.arn.state('ledger'),
    context: sse(t.keys.state),
  })),
  allowed('runbook.state.decrypt.break-glass', 'break-glass decrypts state through S3', (t) => ({
    principal: t.as(t.role.breakGlass),
    action: 'kms:Decrypt',
    resource: t.keys.state,
    context: stateContext(t, t.arn.state('ledger')),
  })),
  allowed('runbook.state.encrypt.break-glass', 'break-glass encrypts state through S3', (t) => ({
    principal: t.as(t.role.breakGlass),
    action: 'kms:GenerateDataKey',
    resource: t.keys.state,
    context: stateContext(t, t.arn.state('ledger')),
  })),
  allowed('runbook.state.unlock.deployer', 'the deployer releases a stale lock (force-unlock)', (t) => ({
    principal: t.as(t.role.deployer),
    action: 's3:DeleteObject',
    resource: `${t.arn.state('ledger')}.tflock`,
  })),
  allowed('runbook.alerts.receive.break-glass', 'break-glass reads undelivered alerts', (t) => ({
    principal: t.as(t.role.breakGlass),
    action: 'sqs:ReceiveMessage',
    resource: t.arn.alertDeadLetterQueue,
  })),
  allowed('runbook.alerts.decrypt.break-glass', 'break-glass decrypts them through SQS', (t) => ({
    principal: t.as(t.role.breakGlass),
    action: 'kms:Decrypt',
    resource: t.keys.alert,
    context: { 'kms:ViaService': t.via('sqs') },
  })),
  allowed('runbook.alerts.publish.break-glass', 'break-glass republishes each to the alert topic', (t) => ({
    principal: t.as(t.role.breakGlass),
    action: 'sns:Publish',
    resource: t.arn.alertTopic,
  })),
  allowed('runbook.alerts.encrypt.break-glass', 'break-glass encrypts for the alert topic through SNS', (t) => ({
    principal: t.as(t.role.breakGlass),
    action: 'kms:GenerateDataKey',
    resource: t.keys.alert,
    context: { 'kms:ViaService': t.via('sns') },
  })),
  allowed('runbook.alerts.delete.break-glass', 'break-glass deletes a redriven message', (t) => ({
    principal: t.as(t.role.breakGlass),
    action: 'sqs:DeleteMessage',
    resource: t.arn.alertDeadLetterQueue,
  })),
  allowed(
    'runbook.state.write-state-state.key-admin',
    'the key administrator migrates the state stack into its bucket',
    (t) => ({
      principal: t.as(t.role.keyAdmin),
      action: 's3:PutObject',
      resource: t.arn.state('state'),
      context: sse(t.keys.state),
    }),
  ),
];

function kebab(camel: string): string {
  return camel.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
