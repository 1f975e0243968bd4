/**
 * The VaultKey exists under its alias, is enabled, rotates, and its live key policy is the
 * synthesized one (as Terraform rendered it at the last apply, read from the keys stack's state).
 */
import { DescribeKeyCommand, GetKeyPolicyCommand, GetKeyRotationStatusCommand } from '@aws-sdk/client-kms';
import { errorText, type VerifyContext } from '../context';
import { IntentError, keyPolicySource, policyDifferences, stateAttribute } from '../intent';
import { fail, judge, type CheckResult } from '../report';

const ID = 'vault-key';
const TITLE = 'VaultKey: enabled, rotating, policy as synthesized';

export async function checkVaultKey(ctx: VerifyContext): Promise<CheckResult> {
  const alias = ctx.env.keyAlias;
  const kms = ctx.clients.kms;
  let meta;
  try {
    meta = (await kms.send(new DescribeKeyCommand({ KeyId: alias }))).KeyMetadata;
  } catch (error) {
    return fail(ID, TITLE, [`DescribeKey ${alias}: ${errorText(error)}`]);
  }
  if (meta?.KeyId === undefined) return fail(ID, TITLE, [`DescribeKey ${alias}: no key metadata`]);
  const evidence = [
    `${alias} -> ${meta.Arn ?? meta.KeyId}`,
    `state ${meta.KeyState ?? '?'}, manager ${meta.KeyManager ?? '?'}, created ${meta.CreationDate?.toISOString() ?? '?'}`,
  ];
  let rotation = false;
  try {
    const r = await kms.send(new GetKeyRotationStatusCommand({ KeyId: meta.KeyId }));
    rotation = r.KeyRotationEnabled === true;
    evidence.push(
      `rotation ${rotation ? 'on' : 'off'}${r.RotationPeriodInDays !== undefined ? ` every ${r.RotationPeriodInDays} days` : ''}${r.NextRotationDate !== undefined ? `, next ${r.NextRotationDate.toISOString()}` : ''}`,
    );
  } catch (error) {
    evidence.push(`GetKeyRotationStatus: ${errorText(error)}`);
  }
  const policy = await comparePolicy(ctx, meta.KeyId);
  evidence.push(policy.evidence);
  return judge(ID, TITLE, evidence, [
    [
      meta.KeyState === 'Enabled' && meta.Enabled === true,
      `key state is ${meta.KeyState ?? 'unknown'}, expected Enabled`,
    ],
    [meta.KeyManager === 'CUSTOMER', `key manager is ${meta.KeyManager ?? 'unknown'}, expected CUSTOMER`],
    [rotation, 'automatic rotation is off'],
    [policy.ok, 'key policy differs from the synthesized policy'],
  ]);
}

async function comparePolicy(ctx: VerifyContext, keyId: string): Promise<{ ok: boolean; evidence: string }> {
  const keysStack = ctx.synth('keys');
  if (keysStack === undefined)
    return { ok: false, evidence: 'policy: keys stack not synthesized (run `npm run synth` first)' };
  let intended: string;
  try {
    const source = keyPolicySource(keysStack, ctx.env.keyAlias);
    if (source.kind === 'literal') intended = source.policy;
    else {
      const state = await ctx.state('keys');
      if (state === undefined)
        return { ok: false, evidence: 'policy: no Terraform state for the keys stack in the state bucket' };
      const json = stateAttribute(state, 'data', 'aws_iam_policy_document', source.dataSource, 'json');
      if (typeof json !== 'string')
        return {
          ok: false,
          evidence: `policy: data.aws_iam_policy_document.${source.dataSource} not in the keys stack state`,
        };
      intended = json;
    }
  } catch (error) {
    return { ok: false, evidence: `policy: ${error instanceof IntentError ? error.message : errorText(error)}` };
  }
  let live: string | undefined;
  try {
    live = (await ctx.clients.kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }))).Policy;
  } catch (error) {
    return { ok: false, evidence: `policy: GetKeyPolicy: ${errorText(error)}` };
  }
  if (live === undefined) return { ok: false, evidence: 'policy: GetKeyPolicy returned no policy' };
  const diffs = policyDifferences(live, intended);
  return diffs.length === 0
    ? { ok: true, evidence: 'policy matches the synthesized policy (statement by statement)' }
    : { ok: false, evidence: `policy: ${diffs.join('; ')}` };
}
