/**
 * GuardDuty: the detector is enabled with the features the threat-detection stack enables, and the
 * malware protection plan for the vault bucket is active.
 */
import {
  GetDetectorCommand,
  GetMalwareProtectionPlanCommand,
  ListDetectorsCommand,
  ListMalwareProtectionPlansCommand,
} from '@aws-sdk/client-guardduty';
import { errorText, vaultBucketName, type VerifyContext } from '../context';
import { expectedGuardDutyFeatures, expectsMalwareProtection } from '../intent';
import { fail, judge, type CheckResult } from '../report';

const ID = 'guardduty';
const TITLE = 'GuardDuty: enabled, expected features, malware protection active';

export async function checkGuardDuty(ctx: VerifyContext): Promise<CheckResult> {
  const stack = ctx.synth('threat-detection');
  if (stack === undefined)
    return fail(ID, TITLE, [
      'threat-detection stack not synthesized (run `npm run synth` first, or the stack does not exist yet)',
    ]);
  const expected = expectedGuardDutyFeatures(stack);
  const gd = ctx.clients.guardduty;
  let detectorId = ctx.env.threatDetection.existingDetectorId;
  const evidence: string[] = [];
  try {
    if (detectorId === undefined) {
      const ids = (await gd.send(new ListDetectorsCommand({}))).DetectorIds ?? [];
      detectorId = ids[0];
    }
    if (detectorId === undefined) return fail(ID, TITLE, [`no GuardDuty detector in ${ctx.env.region}`]);
    const d = await gd.send(new GetDetectorCommand({ DetectorId: detectorId }));
    const live = new Map((d.Features ?? []).map((f) => [f.Name ?? '', f]));
    evidence.push(`detector ${detectorId}: ${d.Status ?? '?'}, updated ${d.UpdatedAt ?? '?'}`);
    const missing: string[] = [];
    for (const [name, extras] of expected) {
      const f = live.get(name);
      const extraLive = new Map((f?.AdditionalConfiguration ?? []).map((c) => [c.Name ?? '', c.Status]));
      const extraMissing = extras.filter((e) => extraLive.get(e) !== 'ENABLED');
      if (f?.Status !== 'ENABLED' || extraMissing.length > 0)
        missing.push(`${name}${extraMissing.length > 0 ? ` (${extraMissing.join(', ')})` : ''}`);
    }
    evidence.push(
      `features enabled: ${
        [...live.values()]
          .filter((f) => f.Status === 'ENABLED')
          .map((f) => f.Name)
          .join(', ') || 'none'
      }`,
    );
    const malware = expectsMalwareProtection(stack) ? await malwarePlan(ctx) : undefined;
    if (malware !== undefined) evidence.push(malware.evidence);
    return judge(ID, TITLE, evidence, [
      [d.Status === 'ENABLED', `detector status is ${d.Status ?? 'unknown'}`],
      [missing.length === 0, `features not enabled: ${missing.join(', ')}`],
      [expected.size > 0, 'the synthesized stack enables no detector feature'],
      [malware === undefined || malware.ok, 'no active malware protection plan for the vault bucket'],
    ]);
  } catch (error) {
    return fail(ID, TITLE, [...evidence, `GuardDuty: ${errorText(error)}`]);
  }
}

async function malwarePlan(ctx: VerifyContext): Promise<{ ok: boolean; evidence: string }> {
  const bucket = vaultBucketName(ctx);
  const gd = ctx.clients.guardduty;
  let token: string | undefined;
  do {
    const page = await gd.send(
      new ListMalwareProtectionPlansCommand({ ...(token !== undefined ? { NextToken: token } : {}) }),
    );
    for (const summary of page.MalwareProtectionPlans ?? []) {
      if (summary.MalwareProtectionPlanId === undefined) continue;
      const plan = await gd.send(
        new GetMalwareProtectionPlanCommand({ MalwareProtectionPlanId: summary.MalwareProtectionPlanId }),
      );
      if (plan.ProtectedResource?.S3Bucket?.BucketName !== bucket) continue;
      const issues = (plan.StatusReasons ?? []).map((r) => `${r.Code ?? ''} ${r.Message ?? ''}`.trim()).join('; ');
      return {
        ok: plan.Status === 'ACTIVE',
        evidence: `malware protection plan ${plan.Arn ?? summary.MalwareProtectionPlanId} on ${bucket}: ${plan.Status ?? '?'}${issues ? ` (${issues})` : ''}`,
      };
    }
    token = page.NextToken;
  } while (token !== undefined);
  return { ok: false, evidence: `no malware protection plan protects ${bucket}` };
}
