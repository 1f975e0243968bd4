/**
 * Retention evidence: the vault bucket's lifecycle expires uploaded images (current and noncurrent versions)
 * within `imageRetentionDays`, and no image data under `uploads/` is older than that, give or take the delay
 * S3 documents for lifecycle actions. Evidence names ages and counts, never keys (they carry subject ids).
 *
 * - Current versions expire `Days` after creation; noncurrent versions `NoncurrentDays` after they became
 *   noncurrent, which is when the next newer version or delete marker was written
 *   (https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html).
 * - S3 rounds the expiry to the next midnight UTC and queues the removal asynchronously, so an eligible object
 *   may stay a while (https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-expire-general-considerations.html):
 *   `RETENTION_GRACE_DAYS` allows for it.
 * - Delete markers hold no image data; the lifecycle removes expired ones separately.
 */
import { GetBucketLifecycleConfigurationCommand, type LifecycleRule } from '@aws-sdk/client-s3';
import { objectVersionPages } from '../../cli/s3-versions';
import { UPLOADS_PREFIX } from '../../../modules/storage/bucket-layout';
import { errorText, vaultBucketName, type VerifyContext } from '../context';
import { fail, judge, type CheckResult } from '../report';

const ID = 'retention';
const TITLE = 'Vault bucket: uploaded images expire within imageRetentionDays, none older';

/** Days past eligibility S3 may still hold an object: rounding to midnight UTC plus the asynchronous queue. */
export const RETENTION_GRACE_DAYS = 2;
/** Listing pages read (1000 entries each) before the check stops and says the scan was partial. */
export const RETENTION_MAX_PAGES = 200;

const DAY_MS = 86_400_000;

/** One entry of a ListObjectVersions listing, as far as retention goes. */
export interface ListedEntry {
  readonly key: string;
  readonly deleteMarker: boolean;
  readonly lastModified: Date;
}

export interface RetentionFacts {
  /** Image versions (not delete markers) seen. */
  readonly versions: number;
  /** Age in days of the oldest image data: a current version since written, a noncurrent one since replaced. */
  readonly oldestDays: number | undefined;
  /** Versions held longer than the retention plus the grace. */
  readonly overdue: number;
}

/**
 * Ages of the image data in a listing (keys in order, each key's entries newest first, as S3 lists them):
 * the current version counts from its own write, a noncurrent version from the write that replaced it.
 */
export function retentionFacts(
  entries: readonly ListedEntry[],
  now: Date,
  retentionDays: number,
  graceDays = RETENTION_GRACE_DAYS,
): RetentionFacts {
  let versions = 0;
  let oldest: number | undefined;
  let overdue = 0;
  let previous: ListedEntry | undefined;
  for (const entry of entries) {
    const newer = previous?.key === entry.key ? previous : undefined;
    previous = entry;
    if (entry.deleteMarker) continue;
    versions += 1;
    const since = newer === undefined ? entry.lastModified : newer.lastModified;
    const days = (now.getTime() - since.getTime()) / DAY_MS;
    oldest = oldest === undefined ? days : Math.max(oldest, days);
    if (days > retentionDays + graceDays) overdue += 1;
  }
  return { versions, oldestDays: oldest, overdue };
}

function coversUploads(rule: LifecycleRule): boolean {
  const prefix = rule.Filter?.Prefix ?? rule.Filter?.And?.Prefix;
  return rule.Status === 'Enabled' && prefix !== undefined && UPLOADS_PREFIX.startsWith(prefix);
}

/** Problems of the lifecycle: no enabled rule expiring current and noncurrent uploads within `retentionDays`. */
export function lifecycleProblems(rules: readonly LifecycleRule[], retentionDays: number): string[] {
  const applicable = rules.filter(coversUploads);
  const current = applicable.some((r) => r.Expiration?.Days !== undefined && r.Expiration.Days <= retentionDays);
  const noncurrent = applicable.some(
    (r) =>
      r.NoncurrentVersionExpiration?.NoncurrentDays !== undefined &&
      r.NoncurrentVersionExpiration.NoncurrentDays <= retentionDays,
  );
  return [
    ...(current
      ? []
      : [`no enabled lifecycle rule expires current versions under ${UPLOADS_PREFIX} within ${retentionDays} days`]),
    ...(noncurrent
      ? []
      : [`no enabled lifecycle rule expires noncurrent versions under ${UPLOADS_PREFIX} within ${retentionDays} days`]),
  ];
}

export async function checkRetention(ctx: VerifyContext): Promise<CheckResult> {
  const s3 = ctx.clients.s3;
  const bucket = vaultBucketName(ctx);
  const retention = ctx.env.imageRetentionDays;
  let rules: LifecycleRule[];
  try {
    rules = (await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }))).Rules ?? [];
  } catch (error) {
    return fail(ID, TITLE, [`GetBucketLifecycleConfiguration ${bucket}: ${errorText(error)}`]);
  }
  const entries: ListedEntry[] = [];
  let pages = 0;
  let partial = false;
  try {
    for await (const page of objectVersionPages(s3, { Bucket: bucket, Prefix: UPLOADS_PREFIX })) {
      pages += 1;
      const listed: ListedEntry[] = [
        ...(page.Versions ?? []).map((v) => ({
          key: v.Key ?? '',
          deleteMarker: false,
          lastModified: v.LastModified ?? new Date(0),
        })),
        ...(page.DeleteMarkers ?? []).map((m) => ({
          key: m.Key ?? '',
          deleteMarker: true,
          lastModified: m.LastModified ?? new Date(0),
        })),
      ];
      // S3 lists versions and delete markers apart: put each key's entries back in order, newest first.
      listed.sort((a, b) =>
        a.key < b.key ? -1 : a.key > b.key ? 1 : b.lastModified.getTime() - a.lastModified.getTime(),
      );
      entries.push(...listed);
      if (page.IsTruncated === true && pages >= RETENTION_MAX_PAGES) {
        partial = true;
        break;
      }
    }
  } catch (error) {
    return fail(ID, TITLE, [`ListObjectVersions ${bucket}/${UPLOADS_PREFIX}: ${errorText(error)}`]);
  }
  const facts = retentionFacts(entries, ctx.now(), retention);
  const problems = lifecycleProblems(rules, retention);
  return judge(
    ID,
    TITLE,
    [
      `configured image retention: ${retention} days (imageRetentionDays), plus ${RETENTION_GRACE_DAYS} days for S3's lifecycle delay`,
      `lifecycle rules covering ${UPLOADS_PREFIX}: ${
        rules
          .filter(coversUploads)
          .map((r) => r.ID ?? '(no id)')
          .join(', ') || 'none'
      }`,
      `image versions under ${UPLOADS_PREFIX}: ${facts.versions}${partial ? ` (first ${pages} pages only)` : ''}; oldest image data: ${
        facts.oldestDays === undefined ? 'none' : `${facts.oldestDays.toFixed(1)} days`
      }`,
    ],
    [
      ...problems.map((p): [boolean, string] => [false, p]),
      [
        facts.overdue === 0,
        `${facts.overdue} image version(s) older than ${retention + RETENTION_GRACE_DAYS} days: the lifecycle is not keeping the retention`,
      ],
    ],
  );
}
