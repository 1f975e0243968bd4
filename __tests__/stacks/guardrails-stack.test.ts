import { App, TerraformStack } from 'cdktf';
import { ENVIRONMENTS } from '../../config/environments';
import { resourceNames } from '../../config/names';
import { AwsContext } from '../../modules/core/aws-context';
import { AccountGuardrail, type AccountGuardrailProps } from '../../modules/guardrails/account-guardrail';
import type { JsonObject } from '../../compliance/engine/types';
import { threatEnv } from '../compliance/threat-model';

/**
 * The guardrails stack as the threat model relies on it, beyond what the probes show request by request:
 * which buckets each resource-policy rule protects, whom the boundary fences to which function, and the
 * construct's input checks.
 */
const dev = ENVIRONMENTS.dev;
const t = threatEnv(dev);
const names = resourceNames(dev);
const statements = t.guardrailPolicy.Statement as JsonObject[];
const bySid = (sid: string): JsonObject => {
  const found = statements.find((s) => s.Sid === sid);
  if (found === undefined) throw new Error(`no guardrail statement ${sid}`);
  return found;
};
const list = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : typeof v === 'string' ? [v] : []);
const matches = (pattern: string, arn: string): boolean =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.?+^$|()[\]{}\\]/g, '\\$&'))
      .join('.*')}$`,
  ).test(arn);

describe('the guardrail protects every bucket policy of the environment, each by the right appliers', () => {
  const buckets = t.world.model
    .all('aws_s3_bucket')
    .map((b) => `arn:aws:s3:::${t.world.model.render(b, b.config.bucket) ?? '?'}`);
  const data = list(bySid('ResourcePoliciesOnlyByPipeline').Resource);
  const state = list(bySid('StatePoliciesOnlyByKeyAdministrators').Resource);

  it('finds the seven buckets of the environment', () => {
    expect(buckets.map((b) => b.replace(/-\d{12}$/, '-ACCOUNT')).sort()).toEqual([
      'arn:aws:s3:::biometric-vault-dev-access-logs-ACCOUNT',
      'arn:aws:s3:::biometric-vault-dev-artifacts-ACCOUNT',
      'arn:aws:s3:::biometric-vault-dev-ledger-digests-ACCOUNT',
      'arn:aws:s3:::biometric-vault-dev-state-logs-ACCOUNT',
      'arn:aws:s3:::biometric-vault-dev-trail-ACCOUNT',
      'arn:aws:s3:::biometric-vault-dev-vault-ACCOUNT',
      'arn:aws:s3:::biometric-vault-tfstate-dev-ACCOUNT',
    ]);
  });

  it.each(buckets.map((b) => [b]))('%s is in exactly one of the two rules', (bucket) => {
    const inData = data.some((p) => matches(p, bucket));
    const inState = state.some((p) => matches(p, bucket));
    const isState =
      bucket.endsWith(`:::${dev.stateBucketName}`) || bucket.includes(`:::${names.stateAccessLogBucketPrefix}-`);
    expect({ inData, inState }).toEqual({ inData: !isState, inState: isState });
  });

  it('leaves the state buckets to the key administrators and break-glass, the others to the deployers and break-glass', () => {
    const except = (sid: string): string[] =>
      list(((bySid(sid).Condition as JsonObject).ArnNotEquals as JsonObject)['aws:PrincipalArn']);
    expect(except('StatePoliciesOnlyByKeyAdministrators')).toEqual([
      'arn:aws:iam::111111111111:role/biometric-vault-key-admin',
      'arn:aws:iam::111111111111:role/biometric-vault-break-glass',
    ]);
    expect(except('ResourcePoliciesOnlyByPipeline')).toEqual([
      'arn:aws:iam::111111111111:role/biometric-vault-deployer',
      'arn:aws:iam::111111111111:role/biometric-vault-break-glass',
    ]);
  });
});

describe("the boundary fences the verifier's role to the verifier function", () => {
  const boundary = t.world.managedPolicies.get(`arn:aws:iam::111111111111:policy/${names.permissionsBoundaryPolicy}`);
  const fence = (boundary?.policy.Statement as JsonObject[] | undefined)?.find((s) => s.Sid === 'FencedToItsFunction');

  it('names exactly the role and the function the verifier stack creates', () => {
    const fn = 'arn:aws:lambda:eu-west-1:111111111111:function:biometric-vault-dev-verifier';
    expect(fence?.Condition).toEqual({
      ArnEquals: { 'aws:PrincipalArn': ['arn:aws:iam::111111111111:role/biometric-vault-dev-verifier'] },
      ArnNotLike: { 'lambda:SourceFunctionArn': [fn, `${fn}:*`] },
      BoolIfExists: { 'aws:ViaAWSService': ['false'] },
    });
    const role = t.world.roles.get(names.verifierRole);
    expect(role?.arn).toBe('arn:aws:iam::111111111111:role/biometric-vault-dev-verifier');
    const created = t.world.model
      .all('aws_lambda_function')
      .map((f) => t.world.model.render(f, f.config.function_name));
    expect(created).toContain('biometric-vault-dev-verifier');
  });

  it("covers the role's data actions, not what Lambda does for it outside the function", () => {
    expect(list(fence?.Action).sort()).toEqual([
      'dynamodb:PutItem',
      'rekognition:CompareFaces',
      'rekognition:DetectFaces',
      's3:GetObject',
      's3:GetObjectTagging',
      's3:GetObjectVersion',
      's3:GetObjectVersionTagging',
      's3:ListBucket',
      's3:ListBucketVersions',
      's3:PutObject',
    ]);
  });
});

describe('AccountGuardrail input checks', () => {
  const props = (over: Partial<AccountGuardrailProps>, stack: TerraformStack): AccountGuardrailProps => ({
    aws: new AwsContext(stack, 'aws'),
    policyName: 'g',
    projectRolePattern: 'arn:aws:iam::111111111111:role/p-*',
    projectRoleServices: ['lambda.amazonaws.com'],
    namedRoleArns: [],
    permissionsBoundaryArn: 'arn:aws:iam::111111111111:policy/b',
    functionArn: 'arn:aws:lambda:eu-west-1:111111111111:function:f',
    codeSigningConfigArn: 'arn:aws:lambda:eu-west-1:111111111111:code-signing-config:csc-1',
    signingProfileName: 'p',
    ledgerTableArn: 'arn:aws:dynamodb:eu-west-1:111111111111:table/l',
    protectedBucketArns: [],
    stateBucketArns: [],
    stateApplierArns: ['arn:aws:iam::111111111111:role/key-admin'],
    queueArns: [],
    deployerArns: [],
    signerArns: [],
    ledgerReaderArns: [],
    breakGlassRoleArn: 'arn:aws:iam::111111111111:role/bg',
    ...over,
  });

  it('names every missing list with the value received', () => {
    const stack = new TerraformStack(new App(), 's');
    expect(
      () => new AccountGuardrail(stack, 'g', props({ projectRoleServices: [], stateApplierArns: [] }, stack)),
    ).toThrow(
      'AccountGuardrail "g": projectRoleServices: must name at least one service principal (received []); stateApplierArns: must name at least one role (the key administrators) (received [])',
    );
  });
});

describe('the detection guardrail names what detection depends on beyond the home region', () => {
  const detection = t.detectionGuardrailPolicy.Statement as JsonObject[];
  const detectionSid = (sid: string): JsonObject => {
    const found = detection.find((s) => s.Sid === sid);
    if (found === undefined) throw new Error(`no detection guardrail statement ${sid}`);
    return found;
  };

  it("guards both alert topics' subscriptions, by topic ARN and by subscription ARN", () => {
    const s = detectionSid('SubscriptionsOnlyByPipeline');
    expect(list(s.Action).sort()).toEqual(['sns:SetSubscriptionAttributes', 'sns:Unsubscribe']);
    expect(list(s.Resource).sort()).toEqual([
      'arn:aws:sns:eu-west-1:111111111111:biometric-vault-dev-alert-path-watch',
      'arn:aws:sns:eu-west-1:111111111111:biometric-vault-dev-alert-path-watch:*',
      'arn:aws:sns:eu-west-1:111111111111:biometric-vault-dev-alerts',
      'arn:aws:sns:eu-west-1:111111111111:biometric-vault-dev-alerts:*',
    ]);
  });

  it("guards the environment's rules in its region and in us-east-1, and GuardDuty's managed malware rule", () => {
    expect(list(detectionSid('RulesOnlyByPipeline').Resource).sort()).toEqual([
      'arn:aws:events:eu-west-1:111111111111:rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*',
      'arn:aws:events:eu-west-1:111111111111:rule/biometric-vault-dev-*',
      'arn:aws:events:us-east-1:111111111111:rule/biometric-vault-dev-*',
    ]);
  });

  it('leaves account-wide log policies to break-glass only', () => {
    const s = detectionSid('AccountLogPoliciesOnlyByBreakGlass');
    expect(list(s.Action).sort()).toEqual(['logs:DeleteAccountPolicy', 'logs:PutAccountPolicy']);
    expect(s.Condition).toEqual({
      ArnNotEquals: { 'aws:PrincipalArn': ['arn:aws:iam::111111111111:role/biometric-vault-break-glass'] },
    });
  });

  it('is itself rewritten, deleted or detached only by break-glass (account guardrail)', () => {
    const detectionArn = `arn:aws:iam::111111111111:policy/${names.detectionGuardrailPolicy}`;
    expect(list(bySid('GuardrailsOnlyByBreakGlass').Resource)).toContain(detectionArn);
    const detach = bySid('GuardrailDetachOnlyByBreakGlass').Condition as Record<string, Record<string, unknown>>;
    expect(list(detach.ArnEquals?.['iam:PolicyARN'])).toEqual([
      'arn:aws:iam::111111111111:policy/biometric-vault-dev-guardrail',
      'arn:aws:iam::111111111111:policy/biometric-vault-dev-detection-guardrail',
    ]);
  });
});
