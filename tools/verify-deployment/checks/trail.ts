/**
 * CloudTrail: the trail is logging, multi-region, with log-file validation, and its last delivery
 * had no error; and log-file integrity over the last hours, validated as `aws cloudtrail
 * validate-logs` does it (see ../digest-validator.ts).
 */
import { GetTrailCommand, GetTrailStatusCommand, type Trail } from '@aws-sdk/client-cloudtrail';
import { cloudTrailPublicKeys, s3IntegrityStore } from '../aws-adapters';
import { errorText, type VerifyContext } from '../context';
import { NON_FAILING, validateLogIntegrity } from '../digest-validator';
import { fail, judge, skip, type CheckResult } from '../report';

const TRAIL_ID = 'trail';
const TRAIL_TITLE = 'CloudTrail: logging, multi-region, validation on, delivering';
const INTEGRITY_ID = 'log-integrity';
const INTEGRITY_TITLE = 'CloudTrail log-file integrity (digest chain)';

export interface TrailFacts {
  readonly trail?: Trail;
  readonly startLogging?: Date;
}

export async function checkTrail(ctx: VerifyContext): Promise<{ result: CheckResult; facts: TrailFacts }> {
  const name = ctx.names.trail;
  let trail: Trail | undefined;
  try {
    trail = (await ctx.clients.cloudtrail.send(new GetTrailCommand({ Name: name }))).Trail;
  } catch (error) {
    return { result: fail(TRAIL_ID, TRAIL_TITLE, [`GetTrail ${name}: ${errorText(error)}`]), facts: {} };
  }
  if (trail === undefined) return { result: fail(TRAIL_ID, TRAIL_TITLE, [`GetTrail ${name}: not found`]), facts: {} };
  let status;
  try {
    status = await ctx.clients.cloudtrail.send(new GetTrailStatusCommand({ Name: trail.TrailARN ?? name }));
  } catch (error) {
    return {
      result: fail(TRAIL_ID, TRAIL_TITLE, [trail.TrailARN ?? name, `GetTrailStatus: ${errorText(error)}`]),
      facts: { trail },
    };
  }
  const evidence = [
    `${trail.TrailARN ?? name} -> s3://${trail.S3BucketName ?? '?'}/${trail.S3KeyPrefix ?? ''}`,
    `logging ${String(status.IsLogging ?? false)} since ${status.StartLoggingTime?.toISOString() ?? '?'}; multi-region ${String(trail.IsMultiRegionTrail ?? false)}; validation ${String(trail.LogFileValidationEnabled ?? false)}; KMS ${trail.KmsKeyId ?? 'none'}`,
    `last delivery ${status.LatestDeliveryTime?.toISOString() ?? 'never'}${status.LatestDeliveryError ? ` ERROR ${status.LatestDeliveryError}` : ''}; last digest ${status.LatestDigestDeliveryTime?.toISOString() ?? 'never'}${status.LatestDigestDeliveryError ? ` ERROR ${status.LatestDigestDeliveryError}` : ''}`,
  ];
  const result = judge(TRAIL_ID, TRAIL_TITLE, evidence, [
    [status.IsLogging === true, 'the trail is not logging'],
    [trail.IsMultiRegionTrail === true, 'the trail is not multi-region'],
    [trail.LogFileValidationEnabled === true, 'log-file validation is off'],
    [status.LatestDeliveryTime !== undefined, 'no log file delivered yet'],
    [!status.LatestDeliveryError, `last delivery failed: ${status.LatestDeliveryError ?? ''}`],
    [!status.LatestDigestDeliveryError, `last digest delivery failed: ${status.LatestDigestDeliveryError ?? ''}`],
  ]);
  return {
    result,
    facts: { trail, ...(status.StartLoggingTime !== undefined ? { startLogging: status.StartLoggingTime } : {}) },
  };
}

/** A trail's first digest arrives within about an hour of logging starting. */
const FIRST_DIGEST_GRACE_MS = 2 * 60 * 60 * 1000;

export async function checkLogIntegrity(ctx: VerifyContext, facts: TrailFacts): Promise<CheckResult> {
  const trail = facts.trail;
  if (trail?.S3BucketName === undefined)
    return skip(INTEGRITY_ID, INTEGRITY_TITLE, 'trail not found (see the CloudTrail check)');
  const end = ctx.now();
  const start = new Date(end.getTime() - ctx.options.digestHours * 3600_000);
  const home = trail.HomeRegion ?? ctx.env.region;
  let report;
  try {
    report = await validateLogIntegrity(
      {
        bucket: trail.S3BucketName,
        ...(trail.S3KeyPrefix !== undefined ? { prefix: trail.S3KeyPrefix } : {}),
        accountId: ctx.accountId,
        regions: [home],
        ...(trail.Name !== undefined ? { trailName: trail.Name } : {}),
        start,
        end,
      },
      s3IntegrityStore(ctx.clients.s3),
      cloudTrailPublicKeys(ctx.clients.cloudtrail),
    );
  } catch (error) {
    return fail(INTEGRITY_ID, INTEGRITY_TITLE, [`validation failed to run: ${errorText(error)}`]);
  }
  if (report.digestsChecked === 0) {
    const young =
      facts.startLogging !== undefined && end.getTime() - facts.startLogging.getTime() < FIRST_DIGEST_GRACE_MS;
    const why = `no digest file in s3://${trail.S3BucketName} for ${home} between ${start.toISOString()} and ${end.toISOString()}`;
    return young
      ? skip(
          INTEGRITY_ID,
          INTEGRITY_TITLE,
          `${why}; logging started ${facts.startLogging.toISOString()}, the first digest comes within the hour`,
        )
      : fail(INTEGRITY_ID, INTEGRITY_TITLE, [why]);
  }
  const evidence = [
    `${report.digestsValid}/${report.digestsChecked} digest files valid, ${report.logsValid}/${report.logsChecked} log files valid, region ${home}`,
    `covered ${report.covered?.from ?? '?'} .. ${report.covered?.to ?? '?'}`,
    ...report.findings.map((f) => `${NON_FAILING.has(f.kind) ? 'note' : f.kind}: ${f.object} ${f.detail}`),
  ];
  return judge(INTEGRITY_ID, INTEGRITY_TITLE, evidence, [[report.ok, 'missing, changed or unsigned files (above)']]);
}
