/**
 * The AWS side of the ledger-integrity functions: the digest bucket (S3), the signing key (KMS) and the
 * alert topic (SNS), behind the small interfaces the logic uses, so tests run the same logic against
 * local servers.
 */
import { createHash } from 'node:crypto';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { GetPublicKeyCommand, SignCommand, type KMSClient } from '@aws-sdk/client-kms';
import { PublishBatchCommand, type SNSClient } from '@aws-sdk/client-sns';
import { SIGNATURE_ALGORITHM } from './digest-format';
import type { DigestSigner, DigestStore } from './digest-job';
import { renderAlert, type AlertPublisher, type ChangeAlert, type StagingWriter } from './stream-consumer';

function status(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : '';
}

/**
 * The digest bucket. Writes are SSE-KMS under exactly the bucket's key (the bucket policy refuses
 * anything else), carry a SHA-256 checksum (an Object-Locked bucket requires an integrity checksum on
 * PutObject: https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html), and are
 * conditional: `If-None-Match: *` makes S3 refuse to overwrite an existing key with 412
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html). A HEAD first answers the
 * common case without a failed write, and on servers that ignore the condition.
 */
export class S3DigestStore implements DigestStore, StagingWriter {
  /**
   * @param headBeforePut whether to HEAD a key before writing it (needs `s3:GetObject`; the stream consumer,
   *   which may only write, relies on `If-None-Match` alone). @default true
   */
  public constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly kmsKeyArn: string,
    private readonly headBeforePut = true,
  ) {}

  public async list(prefix: string): Promise<{ key: string; lastModified: number }[]> {
    const out: { key: string; lastModified: number }[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: prefix,
          ...(token !== undefined && { ContinuationToken: token }),
        }),
      );
      for (const o of page.Contents ?? []) {
        if (o.Key !== undefined && o.LastModified !== undefined)
          out.push({ key: o.Key, lastModified: o.LastModified.getTime() });
      }
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return out;
  }

  public async get(key: string): Promise<Buffer | undefined> {
    try {
      const r = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (r.Body === undefined) return Buffer.alloc(0);
      return Buffer.from(await r.Body.transformToByteArray());
    } catch (error) {
      if (errorName(error) === 'NoSuchKey' || status(error) === 404) return undefined;
      throw error;
    }
  }

  private async exists(key: string): Promise<boolean> {
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      if (errorName(error) === 'NotFound' || status(error) === 404) return false;
      throw error;
    }
  }

  public async putIfAbsent(key: string, body: Buffer, contentType = 'application/json'): Promise<'written' | 'exists'> {
    if (this.headBeforePut && (await this.exists(key))) return 'exists';
    try {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          ContentType: contentType,
          IfNoneMatch: '*',
          ChecksumSHA256: createHash('sha256').update(body).digest('base64'),
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: this.kmsKeyArn,
        }),
      );
      return 'written';
    } catch (error) {
      // 412: another writer created it between the HEAD and the PUT. 409: a concurrent conditional write.
      if (status(error) === 412 || status(error) === 409 || errorName(error) === 'PreconditionFailed') return 'exists';
      throw error;
    }
  }
}

/**
 * The digest signing key in KMS: RSA, `SIGN_VERIFY`. The job sends the SHA-256 of the signing string with
 * `MessageType: DIGEST` ("A message and its hash digest are considered to be the same message",
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_Sign.html), so the signature verifies offline as an
 * ordinary SHA-256 RSA signature over the signing string. PKCS#1 v1.5 signatures are deterministic: a retry
 * of an interval signs it identically.
 */
export class KmsDigestSigner implements DigestSigner {
  private cachedPublicKey: Buffer | undefined;

  public constructor(
    private readonly kms: KMSClient,
    public readonly keyArn: string,
  ) {}

  public async publicKey(): Promise<Buffer> {
    if (this.cachedPublicKey !== undefined) return this.cachedPublicKey;
    const r = await this.kms.send(new GetPublicKeyCommand({ KeyId: this.keyArn }));
    if (r.PublicKey === undefined) throw new Error(`KMS returned no public key for ${this.keyArn}`);
    if (r.KeyUsage !== undefined && r.KeyUsage !== 'SIGN_VERIFY')
      throw new Error(`${this.keyArn} is a ${r.KeyUsage} key, not SIGN_VERIFY`);
    if (r.SigningAlgorithms !== undefined && !r.SigningAlgorithms.includes(SIGNATURE_ALGORITHM))
      throw new Error(`${this.keyArn} does not support ${SIGNATURE_ALGORITHM}`);
    this.cachedPublicKey = Buffer.from(r.PublicKey);
    return this.cachedPublicKey;
  }

  public async sign(message: Buffer): Promise<Buffer> {
    const r = await this.kms.send(
      new SignCommand({
        KeyId: this.keyArn,
        Message: createHash('sha256').update(message).digest(),
        MessageType: 'DIGEST',
        SigningAlgorithm: SIGNATURE_ALGORITHM,
      }),
    );
    if (r.Signature === undefined) throw new Error(`KMS returned no signature from ${this.keyArn}`);
    return Buffer.from(r.Signature);
  }
}

/** Publishes alerts to the alert topic, ten per request (SNS PublishBatch's limit). */
export class SnsAlertPublisher implements AlertPublisher {
  public constructor(
    private readonly sns: SNSClient,
    private readonly topicArn: string,
  ) {}

  public async publish(alerts: readonly ChangeAlert[]): Promise<void> {
    for (let i = 0; i < alerts.length; i += 10) {
      const chunk = alerts.slice(i, i + 10);
      const r = await this.sns.send(
        new PublishBatchCommand({
          TopicArn: this.topicArn,
          PublishBatchRequestEntries: chunk.map((alert, j) => {
            const { subject, message } = renderAlert(alert);
            return { Id: `a${i + j}`, Subject: subject, Message: message };
          }),
        }),
      );
      const failed = r.Failed ?? [];
      if (failed.length > 0)
        throw new Error(
          `SNS refused ${failed.length} alert(s): ${failed.map((f) => `${String(f.Code)} ${String(f.Message)}`).join('; ')}`,
        );
    }
  }
}
