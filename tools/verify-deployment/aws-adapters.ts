/**
 * The digest validator's storage and public-key sources, backed by the AWS SDK v3.
 */
import { ListPublicKeysCommand, type CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { IntegrityStore, PublicKeySource, TrailPublicKey } from './digest-validator';

export function s3IntegrityStore(s3: S3Client): IntegrityStore {
  return {
    async list(bucket, prefix) {
      const out: { key: string; lastModified?: Date }[] = [];
      let token: string | undefined;
      do {
        const page = await s3.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: prefix,
            ...(token !== undefined ? { ContinuationToken: token } : {}),
          }),
        );
        for (const o of page.Contents ?? [])
          if (o.Key !== undefined)
            out.push({ key: o.Key, ...(o.LastModified !== undefined ? { lastModified: o.LastModified } : {}) });
        token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
      } while (token !== undefined);
      return out;
    },
    async get(bucket, key) {
      try {
        const r = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        if (r.Body === undefined) return { body: new Uint8Array(), metadata: r.Metadata ?? {} };
        return { body: await r.Body.transformToByteArray(), metadata: r.Metadata ?? {} };
      } catch (error) {
        if (error instanceof Error && (error.name === 'NoSuchKey' || error.name === 'NotFound')) return undefined;
        throw error;
      }
    },
  };
}

export function cloudTrailPublicKeys(cloudtrail: CloudTrailClient): PublicKeySource {
  return async (start, end) => {
    const keys: TrailPublicKey[] = [];
    let token: string | undefined;
    do {
      const page = await cloudtrail.send(
        new ListPublicKeysCommand({
          StartTime: start,
          EndTime: end,
          ...(token !== undefined ? { NextToken: token } : {}),
        }),
      );
      for (const k of page.PublicKeyList ?? [])
        if (k.Fingerprint !== undefined && k.Value !== undefined)
          keys.push({ fingerprint: k.Fingerprint, value: k.Value });
      token = page.NextToken;
    } while (token !== undefined);
    return keys;
  };
}
