/**
 * Encryption at rest as `aws s3api head-object` shows it: a probe image uploaded with SSE-KMS under
 * the VaultKey reads back with `SSEKMSKeyId` equal to the VaultKey, and an upload without SSE-KMS
 * is refused by the bucket policy. The probe objects are listed for deletion after the run.
 */
import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import { DeleteObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { errorName, errorText, PROBE_SUBJECT, vaultBucketName, type VerifyContext } from '../context';
import { fail, judge, type CheckResult } from '../report';

const ID = 'sse-kms';
const TITLE = 'Vault bucket: SSE-KMS with VaultKey, unencrypted upload refused';

/** The probe upload shared with the end-to-end check, and every key written, for cleanup. */
export interface Probe {
  readonly bucket: string;
  readonly key: string;
  versionId?: string;
  uploaded: boolean;
  readonly written: Set<string>;
}

export function newProbe(ctx: VerifyContext): Probe {
  return {
    bucket: vaultBucketName(ctx),
    key: `uploads/${PROBE_SUBJECT}/${ctx.options.runId}.png`,
    uploaded: false,
    written: new Set(),
  };
}

export async function checkSseKms(ctx: VerifyContext, probe: Probe): Promise<CheckResult> {
  const s3 = ctx.clients.s3;
  let keyArn: string | undefined;
  try {
    keyArn = (await ctx.clients.kms.send(new DescribeKeyCommand({ KeyId: ctx.env.keyAlias }))).KeyMetadata?.Arn;
  } catch (error) {
    return fail(ID, TITLE, [`DescribeKey ${ctx.env.keyAlias}: ${errorText(error)}`]);
  }
  if (keyArn === undefined) return fail(ID, TITLE, [`DescribeKey ${ctx.env.keyAlias}: no ARN`]);
  const evidence: string[] = [];
  try {
    probe.written.add(probe.key);
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: probe.bucket,
        Key: probe.key,
        Body: ctx.options.probeImage,
        ContentType: 'image/png',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: keyArn,
        // No Bucket Key (the bucket has none either): uploaders hold kms:GenerateDataKey, not Decrypt.
      }),
    );
    probe.uploaded = true;
    if (put.VersionId !== undefined) probe.versionId = put.VersionId;
    evidence.push(`put s3://${probe.bucket}/${probe.key} version ${put.VersionId ?? '(unversioned)'}`);
  } catch (error) {
    return fail(ID, TITLE, [`PutObject with SSE-KMS s3://${probe.bucket}/${probe.key}: ${errorText(error)}`]);
  }
  let head;
  try {
    head = await s3.send(
      new HeadObjectCommand({
        Bucket: probe.bucket,
        Key: probe.key,
        ...(probe.versionId !== undefined ? { VersionId: probe.versionId } : {}),
      }),
    );
    evidence.push(
      `head-object: ServerSideEncryption ${head.ServerSideEncryption ?? 'none'}, SSEKMSKeyId ${head.SSEKMSKeyId ?? 'none'}, BucketKeyEnabled ${String(head.BucketKeyEnabled ?? false)}`,
    );
  } catch (error) {
    return fail(ID, TITLE, [...evidence, `HeadObject: ${errorText(error)}`]);
  }
  // The same upload without any encryption header must be denied by the bucket policy. A
  // non-image suffix keeps the verifier from recording it should the policy let it through.
  const plainKey = `uploads/${PROBE_SUBJECT}/${ctx.options.runId}-unencrypted.txt`;
  let refused = false;
  try {
    probe.written.add(plainKey);
    await s3.send(new PutObjectCommand({ Bucket: probe.bucket, Key: plainKey, Body: 'probe' }));
    evidence.push(`upload without SSE-KMS to ${plainKey} was ACCEPTED`);
  } catch (error) {
    refused = errorName(error) === 'AccessDenied' || /access denied|explicit deny/i.test(errorText(error));
    evidence.push(`upload without SSE-KMS refused: ${errorText(error)}`);
  }
  return judge(ID, TITLE, evidence, [
    [
      head.ServerSideEncryption === 'aws:kms',
      `ServerSideEncryption is ${head.ServerSideEncryption ?? 'none'}, expected aws:kms`,
    ],
    [head.SSEKMSKeyId === keyArn, `SSEKMSKeyId ${head.SSEKMSKeyId ?? 'none'} is not the VaultKey ${keyArn}`],
    [refused, 'an upload without SSE-KMS was not refused with AccessDenied'],
  ]);
}

/**
 * Deletes every probe key (the ledger keeps its records: it is append-only). Only the current object
 * is deleted, leaving a delete marker: the vault bucket denies `DeleteObjectVersion` to everyone but
 * break-glass, and the uploads lifecycle expires the non-current version after the image retention.
 */
export async function cleanUpProbe(ctx: VerifyContext, probe: Probe): Promise<string[]> {
  const notes: string[] = [];
  for (const key of probe.written) {
    try {
      await ctx.clients.s3.send(new DeleteObjectCommand({ Bucket: probe.bucket, Key: key }));
      notes.push(
        `deleted s3://${probe.bucket}/${key} (current object; the non-current version expires with the uploads lifecycle)`,
      );
    } catch (error) {
      if (errorName(error) === 'NoSuchKey' || errorName(error) === 'NotFound') continue;
      notes.push(`could not delete s3://${probe.bucket}/${key}: ${errorText(error)}`);
    }
  }
  return notes;
}
