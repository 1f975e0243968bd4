import type { EnvironmentConfig } from '../../config/types';
import { resourceNames, stateKey, type ResourceNames } from '../../config/names';
import type { JsonObject } from '../../compliance/engine/types';
import {
  STREAM_LABEL,
  documentJson,
  keyArn,
  policyWorld,
  synthesizeModel,
  type Decision,
  type PolicyWorld,
  type Probe,
  type ProbePrincipal,
} from './iam-probe';

/**
 * The probes of docs/threat-model.md, by id: each proves one cell of the table from the attacker's
 * position, in every environment (`threat-model.test.ts` keeps the table and this registry in sync).
 *
 * Actors outside the project's stacks (the duty roles, break-glass, an account administrator, another
 * account) hold `Action: "*"` on `Resource: "*"` in their identity policy: a denial then proves that a
 * resource policy, a key policy, a trust policy, a permissions boundary or the guardrail stops the
 * request, never that nobody happened to grant it. The project's own roles have exactly their
 * synthesized policies and permissions boundary (and, where a probe says so, a policy an attacker
 * attached besides).
 *
 * `guardrail` says under which guardrail a probe runs:
 * - none: resource, key and trust policies and boundaries alone (holds in any account);
 * - `scp`: the guardrails (account and detection) attached to the account as AWS Organizations SCPs
 *   (bind everyone, root too);
 * - `iam`: a single account, both guardrails attached to the attacker's identity as managed policies.
 *
 * To add a cell: add a probe here (unique id, `asset.action.actor[.guardrail]`) and a row naming it in
 * the table of docs/threat-model.md. New actors and ARNs go in `ThreatEnv`.
 */

export type Guardrail = 'scp' | 'iam';

export interface ThreatProbe {
  readonly id: string;
  readonly expect: Decision;
  readonly guardrail?: Guardrail;
  readonly build: (t: ThreatEnv) => Omit<Probe, 'expect'>;
}

const ALL_ACTIONS: JsonObject = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/** Everything the probes of one environment name, with concrete ARNs. */
export interface ThreatEnv {
  readonly env: EnvironmentConfig;
  readonly names: ResourceNames;
  readonly account: string;
  readonly region: string;
  readonly world: PolicyWorld;
  /** The guardrail as its SCP documents (identities; code signing and data paths) and as the managed IAM policy. */
  readonly scps: readonly JsonObject[];
  readonly guardrailPolicy: JsonObject;
  /** The detection guardrail (trail, GuardDuty, rules, alarms, log groups; trail log group reads), the same two ways. */
  readonly detectionScp: JsonObject;
  readonly detectionGuardrailPolicy: JsonObject;
  readonly keys: {
    readonly vault: string;
    readonly audit: string;
    readonly state: string;
    readonly alert: string;
    readonly signing: string;
  };
  readonly arn: ReturnType<typeof arns>;
  /** The environment's code-signing config as the model renders its ARN (the id AWS assigns is made up). */
  readonly codeSigningConfigArn: string;
  /** Role ARNs of the actors. */
  readonly role: ReturnType<typeof actorRoles>;
  /** An actor with `*` identity permissions (and, for `iam` probes, the guardrail attached). */
  readonly as: (roleArn: string, guardrail?: Guardrail) => ProbePrincipal;
  readonly root: ProbePrincipal;
  readonly anonymous: ProbePrincipal;
  readonly service: (service: string) => ProbePrincipal;
  /** A project role with its synthesized policies and boundary, plus `attached` policies. */
  readonly projectRole: (name: string, attached?: readonly JsonObject[]) => ProbePrincipal;
  readonly via: (service: string) => string;
}

export const OTHER_ACCOUNT = '999999999999';

function arns(env: EnvironmentConfig, account: string, region: string, names: ResourceNames) {
  const s3 = (bucket: string): string => `arn:aws:s3:::${bucket}`;
  const vault = s3(`${names.uploadsBucketPrefix}-${account}`);
  const trail = s3(`${names.trailBucketPrefix}-${account}`);
  const state = s3(env.stateBucketName);
  const ledger = `arn:aws:dynamodb:${region}:${account}:table/${names.ledgerTable}`;
  const lambda = `arn:aws:lambda:${region}:${account}`;
  return {
    vaultBucket: vault,
    upload: `${vault}/uploads/subject-1/attempt.jpg`,
    probeUpload: `${vault}/uploads/deployment-probe/run-1.png`,
    reference: `${vault}/references/subject-1.jpg`,
    accessLogBucket: s3(`${names.accessLogBucketPrefix}-${account}`),
    accessLog: `${s3(`${names.accessLogBucketPrefix}-${account}`)}/s3-access-logs/vault/2025-01-01-x`,
    trailBucket: trail,
    trailLog: `${trail}/cloudtrail/AWSLogs/${account}/CloudTrail/${region}/2025/01/01/${account}_CloudTrail_${region}_20250101T0000Z_x.json.gz`,
    stateBucket: state,
    stateLogBucket: s3(`${names.stateAccessLogBucketPrefix}-${account}`),
    state: (concern: Parameters<typeof stateKey>[1]) => `${state}/${stateKey(env, concern)}`,
    artifactBucket: s3(`${names.artifactBucketPrefix}-${account}`),
    signedPackage: `${s3(`${names.artifactBucketPrefix}-${account}`)}/verifier/signed/job-1.zip`,
    ledger,
    ledgerIndex: `${ledger}/index/bySubject`,
    ledgerStream: `${ledger}/stream/${STREAM_LABEL}`,
    digestBucket: s3(`${names.ledgerDigestBucketPrefix}-${account}`),
    digest: `${s3(`${names.ledgerDigestBucketPrefix}-${account}`)}/digests/2025/01/01/${env.name}-ledger-digest-20250101T001500Z.json.gz`,
    stagedBatch: `${s3(`${names.ledgerDigestBucketPrefix}-${account}`)}/staging/2025/01/01/00/0123456789abcdef-10.json`,
    ledgerStreamFunction: `${lambda}:function:${names.ledgerStreamFunction}`,
    ledgerDigestFunction: `${lambda}:function:${names.ledgerDigestFunction}`,
    ledgerStreamRole: `arn:aws:iam::${account}:role/${names.ledgerStreamRole}`,
    ledgerDigestRole: `arn:aws:iam::${account}:role/${names.ledgerDigestRole}`,
    verifierFunction: `${lambda}:function:${names.verifierFunction}`,
    /** A function someone else created (the verifier's role passed to new code). */
    otherFunction: `${lambda}:function:exfil`,
    eventSourceMapping: `${lambda}:event-source-mapping:0f6f4d5e-0000-4000-8000-000000000001`,
    ledgerBackup: `${ledger}/backup/01700000000000-abcdefgh`,
    /** A copy of the ledger restored under another name (runbook: `<ledger>-restored-<stamp>`). */
    restoredLedger: `${ledger}-restored-20250101T0000Z`,
    restoredLedgerName: `${names.ledgerTable}-restored-20250101T0000Z`,
    /** A table restored under a name of the restorer's choosing. */
    ledgerCopy: `arn:aws:dynamodb:${region}:${account}:table/ledger-copy`,
    intakeQueue: `arn:aws:sqs:${region}:${account}:${names.verifierIntakeQueue}`,
    failureQueue: `arn:aws:sqs:${region}:${account}:${names.verifierFailureQueue}`,
    codeSigningConfig: `${lambda}:code-signing-config:csc-0123456789abcdef0`,
    /** A code-signing config that is not the environment's (another team's, or the attacker's own). */
    foreignCodeSigningConfig: `${lambda}:code-signing-config:csc-0fedcba9876543210`,
    signingProfile: `arn:aws:signer:${region}:${account}:/signing-profiles/${names.signingProfile}`,
    signingJob: `arn:aws:signer:${region}:${account}:/signing-jobs/job-1`,
    verifierRole: `arn:aws:iam::${account}:role/${names.verifierRole}`,
    malwareRole: `arn:aws:iam::${account}:role/${names.malwareProtectionRole}`,
    boundaryPolicy: `arn:aws:iam::${account}:policy/${names.permissionsBoundaryPolicy}`,
    guardrailPolicy: `arn:aws:iam::${account}:policy/${names.guardrailPolicy}`,
    detectionGuardrailPolicy: `arn:aws:iam::${account}:policy/${names.detectionGuardrailPolicy}`,
    unrelatedRole: `arn:aws:iam::${account}:role/some-other-workload`,
    alertTopic: `arn:aws:sns:${region}:${account}:${names.alertTopic}`,
    watchTopic: `arn:aws:sns:${region}:${account}:${names.alertPathWatchTopic}`,
    alertDeadLetterQueue: `arn:aws:sqs:${region}:${account}:${names.alertDeadLetterQueue}`,
    trail: `arn:aws:cloudtrail:${region}:${account}:trail/${names.trail}`,
    trailLogGroup: `arn:aws:logs:${region}:${account}:log-group:${names.trailLogGroup}`,
    detector: `arn:aws:guardduty:${region}:${account}:detector/12abc34d567e8fa901bc2d34e56789f0`,
    malwarePlan: `arn:aws:guardduty:${region}:${account}:malware-protection-plan/b4c7f464ab3a4EXAMPLE`,
    tamperRule: `arn:aws:events:${region}:${account}:rule/${names.eventRulePrefix}tamper-kms`,
    /** The us-east-1 rule that forwards IAM's events to the environment's region. */
    forwarderRule: `arn:aws:events:us-east-1:${account}:rule/${names.eventRulePrefix}global-events-to-${region}`,
    /** The rule GuardDuty Malware Protection for S3 manages (its suffix is AWS's). */
    malwareManagedRule: `arn:aws:events:${region}:${account}:rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3ManagedRule-b4c7f464`,
    alarm: `arn:aws:cloudwatch:${region}:${account}:alarm:${names.alarmPrefix}audit-cloudtrail-changes`,
  };
}

function actorRoles(env: EnvironmentConfig, account: string) {
  const first = (list: readonly string[], duty: string): string => {
    const [arn] = list;
    if (arn === undefined)
      throw new Error(`${env.name}: no ${duty} role configured (the probes need every duty named)`);
    return arn;
  };
  return {
    uploader: first(env.dataAccess.uploaderRoleArns, 'uploader'),
    enrollment: first(env.dataAccess.enrollerRoleArns, 'enrollment'),
    auditor: first(env.dataAccess.ledgerReaderRoleArns, 'ledger reader'),
    auditLogReader: first(env.auditorRoleArns, 'audit-log reader'),
    verification: first(env.dataAccess.verificationRoleArns, 'verification'),
    deployer: first(env.deployerRoleArns, 'deployer'),
    plan: first(env.planRoleArns, 'plan'),
    keyAdmin: first(env.keyAdministratorRoleArns, 'key administrator'),
    alertAdmin: first(env.alerting.keyAdministratorRoleArns, 'alert-key administrator'),
    signer: first(env.signerRoleArns, 'signer'),
    breakGlass: `arn:aws:iam::${account}:role/${env.breakGlassRoleName}`,
    accountAdmin: `arn:aws:iam::${account}:role/ops-admin`,
    otherAccount: `arn:aws:iam::${OTHER_ACCOUNT}:role/attacker`,
  };
}

/** Synthesizes one environment, as configured, and indexes everything the probes need. */
export function threatEnv(env: EnvironmentConfig): ThreatEnv {
  const account = env.allowedAccountIds[0] ?? '111111111111';
  const region = env.region;
  const names = resourceNames(env);
  const model = synthesizeModel(env, account);
  const world = policyWorld(model);
  const scpDocuments = ['/guardrail/scp-document', '/guardrail/scp-data-document'].map((path) => {
    const doc = model.all('data.aws_iam_policy_document').find((e) => e.constructPath.endsWith(path));
    if (doc === undefined) throw new Error(`${env.name}: no guardrail SCP document ${path}`);
    return doc;
  });
  const guardrail = world.managedPolicies.get(`arn:aws:iam::${account}:policy/${names.guardrailPolicy}`);
  if (guardrail === undefined) throw new Error(`${env.name}: no guardrail policy`);
  const scps = scpDocuments.map((d) => documentJson(model, d));
  const csc = model.all('aws_lambda_code_signing_config');
  const cscArn =
    csc.length === 1 && csc[0] !== undefined ? model.render(csc[0], `\${${csc[0].address}.arn}`) : undefined;
  if (cscArn === undefined) throw new Error(`${env.name}: expected one code-signing config, found ${csc.length}`);
  const detectionScpDocument = model
    .all('data.aws_iam_policy_document')
    .find((e) => e.constructPath.endsWith('/detection-guardrail/scp-document'));
  if (detectionScpDocument === undefined) throw new Error(`${env.name}: no detection guardrail SCP document`);
  const detection = world.managedPolicies.get(`arn:aws:iam::${account}:policy/${names.detectionGuardrailPolicy}`);
  if (detection === undefined) throw new Error(`${env.name}: no detection guardrail policy`);
  return {
    env,
    names,
    codeSigningConfigArn: cscArn,
    account,
    region,
    world,
    scps,
    guardrailPolicy: guardrail.policy,
    detectionScp: documentJson(model, detectionScpDocument),
    detectionGuardrailPolicy: detection.policy,
    keys: {
      vault: keyArn(world, env.keyAlias),
      audit: keyArn(world, env.auditKeyAlias),
      state: keyArn(world, names.stateKeyAlias),
      alert: keyArn(world, env.alerting.keyAlias),
      signing: keyArn(world, names.ledgerSigningKeyAlias),
    },
    arn: arns(env, account, region, names),
    role: actorRoles(env, account),
    as: (arn, mode) => ({
      kind: 'external',
      arn,
      identity: mode === 'iam' ? [ALL_ACTIONS, guardrail.policy, detection.policy] : [ALL_ACTIONS],
    }),
    root: { kind: 'root', account },
    anonymous: { kind: 'anonymous' },
    service: (service) => ({ kind: 'service', service }),
    projectRole: (name, attached = []) => ({ kind: 'role', name, extraIdentity: attached }),
    via: (service) => `${service}.${region}.amazonaws.com`,
  };
}

/** The probe, with the SCP attached when the probe runs under the organization guardrail. */
export function resolve(t: ThreatEnv, p: ThreatProbe): Probe {
  const built = p.build(t);
  return {
    ...built,
    ...(p.guardrail === 'scp' && { serviceControlPolicies: [...t.scps, t.detectionScp] }),
    expect: p.expect,
  };
}

export { ALL_ACTIONS };
