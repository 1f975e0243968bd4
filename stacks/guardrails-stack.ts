import type { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import type { EnvironmentConfig } from '../config/types';
import { PROJECT, resourceNames, type ResourceNames } from '../config/names';
import { VaultStack } from './vault-stack';
import { PermissionsBoundary } from '../modules/guardrails/permissions-boundary';
import { AccountGuardrail } from '../modules/guardrails/account-guardrail';
import { DetectionGuardrail } from '../modules/guardrails/detection-guardrail';
import { LambdaCodeSigning } from '../modules/core/lambda-code-signing';
import { environmentRoles } from '../modules/keys/environment-roles';
import { dutyRoleArns } from '../modules/guardrails/duty-roles';
import { MALWARE_MANAGED_RULE_PREFIX } from '../modules/threat-detection/malware-protection';
import { GLOBAL_SERVICE_EVENTS_REGION } from '../modules/audit/tamper-alerts';
import { ledgerCopierArns } from '../modules/ledger/ledger-copiers';

/** The service principals the project's roles are passed to: Lambda, GuardDuty Malware Protection, CloudTrail. */
export const PROJECT_ROLE_SERVICES = [
  'cloudtrail.amazonaws.com',
  'lambda.amazonaws.com',
  'malware-protection-plan.guardduty.amazonaws.com',
] as const;

/**
 * Name prefixes of the environment's data buckets (vault, access logs, trail, artifacts), whose
 * policies the deployer sets when it creates them: every bucket of the environment but the state
 * bucket and its access-log bucket, which the key administrators create.
 */
export function dataBucketPrefixes(names: ResourceNames): string[] {
  return [
    names.uploadsBucketPrefix,
    names.accessLogBucketPrefix,
    names.trailBucketPrefix,
    names.artifactBucketPrefix,
    names.ledgerDigestBucketPrefix,
  ];
}

/**
 * `<env>-guardrails`: what keeps the vault's identities and code its own.
 *
 * - The permissions boundary every role the project creates carries (later stacks name it by its
 *   deterministic ARN; a test checks this stack creates it).
 * - The account guardrail, as a managed IAM policy (attach it to every administrator of a single
 *   account) and as an SCP document (`guardrail_scp_json`, attach it in AWS Organizations): only the
 *   pipeline changes the project's roles and the verifier, only break-glass changes the named roles,
 *   the code-signing setup and (besides the pipeline creating them) resource policies.
 * - The detection guardrail, the same way (`detection_guardrail_scp_json`): only the pipeline stops,
 *   deletes or narrows the trail, GuardDuty, the environment's rules, alarms and watched log groups,
 *   and only auditors and break-glass read the trail's log group.
 * - The AWS Signer profile and the Lambda code-signing config (`Enforce` outside dev) the verifier
 *   deploys under: the deployers cannot sign, the signers cannot deploy.
 *
 * Applied by the deployer, after the keys and before the stacks that create roles. See
 * docs/threat-model.md.
 */
export interface GuardrailsStackProps {
  /** ARN of the VaultKey (keys stack): the only key the project's roles may ever use. */
  readonly vaultKeyArn: string;
  /** ARN of the alert key (alerting stack): the ledger's stream consumer publishes alerts through SNS with it. */
  readonly alertKeyArn: string;
  /** ARN of the ledger digest signing key (keys stack): the digest job signs with it. */
  readonly ledgerSigningKeyArn: string;
}

export class GuardrailsStack extends VaultStack {
  public readonly boundary: PermissionsBoundary;
  public readonly guardrail: AccountGuardrail;
  public readonly detectionGuardrail: DetectionGuardrail;
  public readonly codeSigning: LambdaCodeSigning;
  /** The verifier's code-signing config (verifier stack input). */
  public readonly codeSigningConfigArn: string;

  public constructor(scope: Construct, env: EnvironmentConfig, props: GuardrailsStackProps) {
    super(scope, { env, concern: 'guardrails' });
    const names = resourceNames(env);
    const aws = this.aws;
    const roles = environmentRoles(env);
    const base = `${PROJECT}-${env.name}`;
    const breakGlass = aws.roleArn(env.breakGlassRoleName);
    const verifierFunction = aws.functionArn(names.verifierFunction);

    this.boundary = new PermissionsBoundary(this, 'boundary', {
      aws,
      policyName: names.permissionsBoundaryPolicy,
      dataBucketPrefix: names.uploadsBucketPrefix,
      kmsKeyArn: props.vaultKeyArn,
      ledgerTableName: names.ledgerTable,
      queueNamePrefix: base,
      logGroupPrefixes: [`/aws/lambda/${base}-`, names.trailLogGroup],
      managedRulePrefix: MALWARE_MANAGED_RULE_PREFIX,
      ledgerIntegrity: {
        digestBucketName: `${names.ledgerDigestBucketPrefix}-${aws.accountId}`,
        alertTopicArn: aws.topicArn(names.alertTopic),
        alertTopicKeyArn: props.alertKeyArn,
        signingKeyArn: props.ledgerSigningKeyArn,
        digestFunctionName: names.ledgerDigestFunction,
      },
      eventBusArns: [aws.arn('events', 'event-bus/default')],
      // The verifier's role reads images and appends records only from within the verifier's code.
      // The ledger-integrity roles likewise, each to its own function.
      functionFences: [
        { roleArn: aws.roleArn(names.verifierRole), functionArn: verifierFunction },
        { roleArn: aws.roleArn(names.ledgerStreamRole), functionArn: aws.functionArn(names.ledgerStreamFunction) },
        { roleArn: aws.roleArn(names.ledgerDigestRole), functionArn: aws.functionArn(names.ledgerDigestFunction) },
      ],
    });

    this.codeSigning = new LambdaCodeSigning(this, 'verifier-code-signing', {
      profileName: names.signingProfile,
      untrustedArtifactOnDeployment: env.verifier.codeSigning,
      description: `Biometric vault (${env.name}): the verifier runs only packages signed by ${names.signingProfile}`,
    });
    this.codeSigningConfigArn = this.codeSigning.codeSigningConfigArn;

    this.guardrail = new AccountGuardrail(this, 'guardrail', {
      aws,
      policyName: names.guardrailPolicy,
      projectRolePattern: aws.roleArn(`${base}-*`),
      // The verifier's role to Lambda, the malware-protection role to GuardDuty, the trail's log role to CloudTrail.
      projectRoleServices: [...PROJECT_ROLE_SERVICES],
      namedRoleArns: dutyRoleArns(env, aws),
      permissionsBoundaryArn: this.boundary.policyArn,
      // Every function of the project (verifier, ledger stream consumer, digest job): `<base>-*`.
      functionArn: aws.functionArn(`${base}-`),
      // The config's ARN ends in an id AWS assigns: this policy names it by reference, known once the
      // config exists (the first plan of this stack shows it as known after apply).
      codeSigningConfigArn: this.codeSigningConfigArn,
      signingProfileName: names.signingProfile,
      ledgerTableArn: aws.tableArn(names.ledgerTable),
      protectedBucketArns: dataBucketPrefixes(names).map((p) => aws.bucketArn(`${p}-*`)),
      stateBucketArns: [aws.bucketArn(env.stateBucketName), aws.bucketArn(`${names.stateAccessLogBucketPrefix}-*`)],
      stateApplierArns: roles.administrators,
      queueArns: [aws.queueArn(`${base}-*`)],
      deployerArns: roles.deployers,
      signerArns: roles.signers,
      ledgerReaderArns: ledgerCopierArns(env),
      breakGlassRoleArn: breakGlass,
      otherGuardrailPolicyArns: [aws.policyArn(names.detectionGuardrailPolicy)],
    });

    this.detectionGuardrail = new DetectionGuardrail(this, 'detection-guardrail', {
      aws,
      policyName: names.detectionGuardrailPolicy,
      trailName: names.trail,
      trailLogGroupName: names.trailLogGroup,
      watchedLogGroupNames: [names.trailLogGroup, names.verifierLogGroup],
      eventRuleNamePrefix: names.eventRulePrefix,
      alarmNamePrefix: names.alarmPrefix,
      alertTopicArns: [aws.topicArn(names.alertTopic), aws.topicArn(names.alertPathWatchTopic)],
      managedRuleNamePrefixes: [MALWARE_MANAGED_RULE_PREFIX],
      ...(env.region !== GLOBAL_SERVICE_EVENTS_REGION && { globalEventsRegion: GLOBAL_SERVICE_EVENTS_REGION }),
      pipelineArns: [...roles.deployers, ...env.alerting.keyAdministratorRoleArns, breakGlass],
      logReaderArns: [...roles.auditors, breakGlass],
      breakGlassArns: [breakGlass],
    });

    new TerraformOutput(this, 'permissions_boundary_arn', { value: this.boundary.policyArn });
    new TerraformOutput(this, 'guardrail_policy_arn', { value: this.guardrail.policyArn });
    new TerraformOutput(this, 'guardrail_scp_json', {
      value: this.guardrail.scpDocument.minifiedJson,
      description:
        "The guardrail's identity rules as an SCP (minified, at most 5,120 characters): attach it to this account in AWS Organizations",
    });
    new TerraformOutput(this, 'guardrail_data_scp_json', {
      value: this.guardrail.dataScpDocument.minifiedJson,
      description:
        "The guardrail's code-signing and data-path rules as a second SCP (minified, at most 5,120 characters): attach it with the first",
    });
    new TerraformOutput(this, 'detection_guardrail_policy_arn', { value: this.detectionGuardrail.policyArn });
    new TerraformOutput(this, 'detection_guardrail_scp_json', {
      value: this.detectionGuardrail.scpDocument.minifiedJson,
      description:
        'The detection guardrail as a third SCP (minified, at most 5,120 characters): attach it with the other two',
    });
    new TerraformOutput(this, 'code_signing_config_arn', { value: this.codeSigningConfigArn });
    new TerraformOutput(this, 'signing_profile_name', { value: this.codeSigning.profileName });
  }
}
