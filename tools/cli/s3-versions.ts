/**
 * Every page of a ListObjectVersions listing, following `NextKeyMarker`/`NextVersionIdMarker` while the
 * answer is truncated (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html). With
 * `EncodingType: 'url'` the markers come back URL-encoded: `decodeMarker` turns them into the keys the next
 * request names.
 */
import {
  ListObjectVersionsCommand,
  type ListObjectVersionsCommandInput,
  type ListObjectVersionsCommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';

export async function* objectVersionPages(
  s3: S3Client,
  input: Omit<ListObjectVersionsCommandInput, 'KeyMarker' | 'VersionIdMarker'>,
  decodeMarker: (marker: string) => string = (m) => m,
): AsyncGenerator<ListObjectVersionsCommandOutput> {
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  for (;;) {
    const page = await s3.send(
      new ListObjectVersionsCommand({
        ...input,
        ...(keyMarker !== undefined ? { KeyMarker: keyMarker } : {}),
        ...(versionIdMarker !== undefined ? { VersionIdMarker: versionIdMarker } : {}),
      }),
    );
    yield page;
    if (page.IsTruncated !== true) return;
    if (page.NextKeyMarker === undefined)
      throw new Error(`ListObjectVersions of ${input.Prefix ?? '(no prefix)'} is truncated but names no NextKeyMarker`);
    keyMarker = decodeMarker(page.NextKeyMarker);
    versionIdMarker = page.NextVersionIdMarker;
  }
}
