import { Construct } from 'constructs';
import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
  type DataAwsIamPolicyDocumentStatementCondition,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import type { AwsContext } from '../core/aws-context';

/** Changes to a role that hand its access to someone else: its trust, its policies, its existence. */
export const ROLE_TAKEOVER_ACTIONS = [
  'iam:AttachRolePolicy',
  'iam:CreateRole',
  'iam:DeleteRole',
  'iam:DeleteRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PassRole',
  'iam:PutRolePolicy',
  'iam:UpdateAssumeRolePolicy',
  'iam:UpdateRole',
] as const;

/**
 * What the pipeline does to the project's roles in a reviewed apply: create one (with the boundary),
 * change its policies and description, pass it to the service it is for.
 */
export const PROJECT_ROLE_PIPELINE_ACTIONS = [
  'iam:AttachRolePolicy',
  'iam:CreateRole',
  'iam:DeleteRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PassRole',
  'iam:PutRolePermissionsBoundary',
  'iam:PutRolePolicy',
  'iam:UpdateRole',
] as const;

/**
 * What changes who a role trusts, or lets a new role with a trust of its creator's choosing inherit the
 * role's ARN (every `aws:PrincipalArn` exception): re-trusting it, deleting it (a recreated role of the
 * same name matches the same ARN), removing its boundary. Break-glass only.
 */
export const ROLE_TRUST_ACTIONS = [
  'iam:DeleteRole',
  'iam:DeleteRolePermissionsBoundary',
  'iam:UpdateAssumeRolePolicy',
] as const;

/** Becoming a role as an IAM principal (a project role is assumed only by the AWS service it trusts). */
export const ROLE_ASSUME_ACTIONS = [
  'sts:AssumeRole',
  'sts:AssumeRoleWithSAML',
  'sts:AssumeRoleWithWebIdentity',
] as const;

/** Changing a managed policy's content or deleting it (the permissions boundary, the guardrail). */
export const POLICY_CHANGE_ACTIONS = [
  'iam:CreatePolicyVersion',
  'iam:DeletePolicy',
  'iam:DeletePolicyVersion',
  'iam:SetDefaultPolicyVersion',
] as const;

/** Changes to what the verifier runs, with which settings, and who may invoke it or where its failures go. */
export const FUNCTION_CHANGE_ACTIONS = [
  'lambda:AddPermission',
  'lambda:CreateFunction',
  'lambda:CreateFunctionUrlConfig',
  'lambda:DeleteFunction',
  'lambda:DeleteFunctionConcurrency',
  'lambda:DeleteFunctionEventInvokeConfig',
  'lambda:PublishVersion',
  'lambda:PutFunctionConcurrency',
  'lambda:PutFunctionEventInvokeConfig',
  'lambda:RemovePermission',
  'lambda:UpdateFunctionCode',
  'lambda:UpdateFunctionConfiguration',
  'lambda:UpdateFunctionEventInvokeConfig',
] as const;

/**
 * Invoking the verifier. Its only caller is its SQS event source mapping, which Lambda runs with the
 * function's execution role and needs no invoke permission from anyone
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html); a direct invocation with
 * a hand-made event would make it record a verdict for an upload S3 never announced.
 */
export const FUNCTION_INVOKE_ACTIONS = [
  'lambda:InvokeAsync',
  'lambda:InvokeFunction',
  'lambda:InvokeFunctionUrl',
] as const;

/** Creating, disabling, retargeting or deleting the event source mapping that feeds the verifier. */
export const EVENT_SOURCE_CHANGE_ACTIONS = [
  'lambda:CreateEventSourceMapping',
  'lambda:DeleteEventSourceMapping',
  'lambda:UpdateEventSourceMapping',
] as const;

/** Deleting a queue or changing its attributes (retention, redrive, policy, key). */
export const QUEUE_CHANGE_ACTIONS = [
  'sqs:AddPermission',
  'sqs:DeleteQueue',
  'sqs:RemovePermission',
  'sqs:SetQueueAttributes',
] as const;

/**
 * Copies of the ledger made or restored outside its table policy: an AWS Backup job (not accepted in a
 * DynamoDB resource policy), and restores of its backups, which are authorized on the backup ARN, to
 * which no resource policy can be attached
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/rbac-iam-actions.html).
 */
export const LEDGER_BACKUP_ACTIONS = [
  'dynamodb:RestoreTableFromAwsBackup',
  'dynamodb:RestoreTableFromBackup',
  'dynamodb:StartAwsBackupJob',
] as const;

export interface AccountGuardrailProps {
  readonly aws: AwsContext;
  /** Name of the managed policy (single-account use); the same rules are the SCPs. */
  readonly policyName: string;
  /** ARN pattern of the roles the project creates, e.g. `arn:aws:iam::<account>:role/biometric-vault-dev-*`. */
  readonly projectRolePattern: string;
  /**
   * The service principals the project's roles are passed to (`iam:PassedToService`): Lambda for the
   * functions' roles, GuardDuty Malware Protection, CloudTrail. A project role passed to any other
   * service is refused, whoever passes it.
   */
  readonly projectRoleServices: readonly string[];
  /** The roles the vault's policies name by ARN (duty roles, break-glass): changed by break-glass only. */
  readonly namedRoleArns: readonly string[];
  /** ARN of the permissions boundary every project role must carry. */
  readonly permissionsBoundaryArn: string;
  /** ARN of the project's functions, or the prefix they share (`*` is appended: versions, aliases, every function of the prefix). */
  readonly functionArn: string;
  /**
   * The verifier's code-signing config: the only one a verifier may be created with or given. Its ARN
   * carries an id AWS assigns, so it is the config's `arn` (known after the first apply).
   */
  readonly codeSigningConfigArn: string;
  /** Name of the AWS Signer profile that signs the verifier's package. */
  readonly signingProfileName: string;
  /** The ledger table's ARN (AWS Backup copies, backup restores). */
  readonly ledgerTableArn: string;
  /** The buckets whose policies nobody but the pipeline (creating them) and break-glass may set (ARNs, `*` allowed). */
  readonly protectedBucketArns: readonly string[];
  /**
   * The state bucket and its access-log bucket: their policies are set by the key administrators who
   * bootstrap `<env>-state` (and break-glass), so the SCP can be attached before the first deploy.
   */
  readonly stateBucketArns: readonly string[];
  /** The key administrators (they apply `<env>-state`). */
  readonly stateApplierArns: readonly string[];
  /** The project's queues (ARNs, `*` allowed): deleted or reconfigured only by the pipeline. */
  readonly queueArns: readonly string[];
  /** The pipeline: may change the project's roles' policies, the verifier, its queues and resource policies. */
  readonly deployerArns: readonly string[];
  /** May sign packages with the signing profile (nobody else may). */
  readonly signerArns: readonly string[];
  /** May copy the ledger with AWS Backup and restore its backups. */
  readonly ledgerReaderArns: readonly string[];
  /** The break-glass role: excepted everywhere but signing, invoking the verifier and assuming project roles. */
  readonly breakGlassRoleArn: string;
  /**
   * Further guardrail policies (the detection guardrail) that only break-glass may rewrite, delete
   * or detach, as this one. @default []
   */
  readonly otherGuardrailPolicyArns?: readonly string[];
}

/** Which SCP a rule goes to: an account takes five SCPs, each at most 5,120 characters. */
export type GuardrailScp = 'identities' | 'code-and-data';

/** One deny rule of a guardrail. */
export interface GuardrailRule {
  readonly sid: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly condition: readonly DataAwsIamPolicyDocumentStatementCondition[];
  /** Rules of one group share their condition and are merged into one SCP statement. */
  readonly group?: string;
  /** @default 'identities' */
  readonly scp?: GuardrailScp;
}

/** `<service>:<resource type>` of an ARN (`iam:role`, `s3:bucket`, `lambda:function`), for merge checks. */
function resourceType(arn: string): string {
  const [, , service = '', , , resource = ''] = arn.split(':');
  if (service === 's3') return 's3:bucket';
  return `${service}:${resource.replace(/^\//, '').split(/[/:]/)[0] ?? ''}`;
}

/**
 * The account guardrail: what no principal but the pipeline (and break-glass) may do to the vault's
 * identities, code and data paths, whatever its identity policies allow. Deny statements only, no
 * `Principal` element, so the same rules are both
 *
 * - SCPs for an AWS Organizations member account (`minified_json`, each within the 5,120-character SCP
 *   limit: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html),
 *   which bind every principal of the account, the root user included, except service-linked roles
 *   (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html). They
 *   bind IAM users and roles of the account only, never an AWS service principal: Lambda assuming the
 *   verifier's role, or running its event source, is not affected by the assume and invoke denies; and
 * - a managed IAM policy for a single account, which binds only the principals it is attached to.
 *
 * Every exception is an `aws:PrincipalArn` condition; the roles those conditions name are themselves
 * protected here, so nobody can become one of them by recreating or re-trusting it.
 *
 * `document` (the IAM policy) has one statement per rule, each with its Sid; `scpDocuments` are the
 * same rules in fewer characters, split in two SCPs (identities; code signing and data paths):
 * no Sids, and the rules of a group (same condition, resources of different types, so no new
 * action/resource pair arises) merged into one statement.
 */
export class AccountGuardrail extends Construct {
  /** One statement per rule, with Sids: the managed IAM policy. */
  public readonly document: DataAwsIamPolicyDocument;
  /** The identities-and-code rules, compacted for the SCP size limit (`minified_json` is the SCP). */
  public readonly scpDocument: DataAwsIamPolicyDocument;
  /** The code-signing and data-path rules, compacted likewise: the second SCP. */
  public readonly dataScpDocument: DataAwsIamPolicyDocument;
  public readonly policy: IamPolicy;
  public readonly policyArn: string;
  public readonly rules: readonly GuardrailRule[];

  public constructor(scope: Construct, id: string, props: AccountGuardrailProps) {
    super(scope, id);
    const { aws } = props;
    const bg = props.breakGlassRoleArn;
    const pipeline = [...new Set([...props.deployerArns, bg])];
    const except = (arns: readonly string[]): DataAwsIamPolicyDocumentStatementCondition[] => [
      { test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [...new Set(arns)] },
    ];
    const problems: string[] = [];
    if (props.projectRoleServices.length === 0)
      problems.push('projectRoleServices: must name at least one service principal (received [])');
    if (props.stateApplierArns.length === 0)
      problems.push('stateApplierArns: must name at least one role (the key administrators) (received [])');
    if (problems.length > 0) throw new Error(`AccountGuardrail "${id}": ${problems.join('; ')}`);
    this.policyArn = aws.policyArn(props.policyName);
    const guardrailPolicies = [this.policyArn, ...(props.otherGuardrailPolicyArns ?? [])];
    // `*` after the name: the profile and its versions, the function and its versions and aliases
    // (and any name that begins with the project's, which only the project creates).
    const profile = aws.arn('signer', `/signing-profiles/${props.signingProfileName}*`);
    const codeSigningConfigs = aws.arn('lambda', 'code-signing-config:*');
    const functions = [`${props.functionArn}*`];

    const rules: GuardrailRule[] = [
      {
        sid: 'ProjectRolesOnlyByPipeline',
        actions: [...PROJECT_ROLE_PIPELINE_ACTIONS],
        resources: [props.projectRolePattern],
        condition: except(pipeline),
        group: 'pipeline',
      },
      {
        // Once a project role exists, nobody but break-glass changes whom it trusts or deletes it (which
        // would let a role of the same name, with any trust, inherit every exception made for its ARN).
        // Terraform never re-trusts a role it created; replacing one is a break-glass apply.
        sid: 'ProjectRoleTrustOnlyByBreakGlass',
        actions: [...ROLE_TRUST_ACTIONS],
        resources: [props.projectRolePattern],
        condition: except([bg]),
      },
      {
        // A project role is assumed only by the AWS service its trust names: no principal of the
        // account, break-glass included, becomes it, whatever a trust policy (rewritten, or written by
        // whoever created the role) says. SCPs do not bind service principals, so Lambda, GuardDuty and
        // CloudTrail still assume their roles.
        sid: 'ProjectRolesAssumedOnlyByServices',
        actions: [...ROLE_ASSUME_ACTIONS],
        resources: [props.projectRolePattern],
        condition: [],
        group: 'nobody',
      },
      {
        // Passing a role names the service it goes to (`iam:PassedToService`): a project role goes only
        // to the service it is for, whoever passes it.
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PassedToService
        sid: 'ProjectRolesPassedOnlyToTheirServices',
        actions: ['iam:PassRole'],
        resources: [props.projectRolePattern],
        condition: [
          { test: 'StringNotEquals', variable: 'iam:PassedToService', values: [...props.projectRoleServices] },
        ],
      },
      {
        // The boundary and the guardrail are created by the pipeline's first apply (CreatePolicy);
        // rewriting or deleting them afterwards is a break-glass apply of `<env>-guardrails`.
        sid: 'GuardrailsOnlyByBreakGlass',
        actions: [...POLICY_CHANGE_ACTIONS],
        resources: [props.permissionsBoundaryArn, ...guardrailPolicies],
        condition: except([bg]),
        group: 'break-glass',
      },
      {
        sid: 'VerifierOnlyByPipeline',
        actions: [...FUNCTION_CHANGE_ACTIONS],
        resources: functions,
        condition: except(pipeline),
        group: 'pipeline',
      },
      {
        sid: 'VerifierInvokedByNobody',
        actions: [...FUNCTION_INVOKE_ACTIONS],
        resources: functions,
        condition: [],
        group: 'nobody',
        scp: 'code-and-data',
      },
      {
        // The root user may always replace a bucket policy or delete a table's resource policy,
        // unless an SCP denies it (Amazon S3 and DynamoDB API references, DeleteBucketPolicy,
        // DeleteResourcePolicy): as an SCP, this is the rule that stops it. The pipeline is excepted
        // so that it can create a new bucket's policy; once created, the policy itself refuses the
        // pipeline any change (break-glass only).
        sid: 'ResourcePoliciesOnlyByPipeline',
        actions: [
          'dynamodb:DeleteResourcePolicy',
          'dynamodb:PutResourcePolicy',
          's3:DeleteBucketPolicy',
          's3:PutBucketPolicy',
        ],
        resources: [...props.protectedBucketArns, props.ledgerTableArn],
        condition: except(pipeline),
        group: 'pipeline-resources',
        scp: 'code-and-data',
      },
      {
        // The key administrators bootstrap `<env>-state` (its buckets' policies come last in that apply),
        // so the SCP may be attached before the environment's first deploy.
        sid: 'StatePoliciesOnlyByKeyAdministrators',
        actions: ['s3:DeleteBucketPolicy', 's3:PutBucketPolicy'],
        resources: [...props.stateBucketArns],
        condition: except([...props.stateApplierArns, bg]),
        scp: 'code-and-data',
      },
      {
        sid: 'QueuesOnlyByPipeline',
        actions: [...QUEUE_CHANGE_ACTIONS],
        resources: [...props.queueArns],
        condition: except(pipeline),
        group: 'pipeline-resources',
        scp: 'code-and-data',
      },
      {
        // The event source mapping is named by the function it feeds (`lambda:FunctionArn`, which Lambda
        // sets on these three actions); disabling or deleting it stops verification.
        sid: 'VerifierEventSourceOnlyByPipeline',
        actions: [...EVENT_SOURCE_CHANGE_ACTIONS],
        resources: ['*'],
        condition: [{ test: 'ArnLike', variable: 'lambda:FunctionArn', values: functions }, ...except(pipeline)],
        scp: 'code-and-data',
      },
      {
        sid: 'NamedRolesOnlyByBreakGlass',
        actions: [...ROLE_TAKEOVER_ACTIONS, 'iam:DeleteRolePermissionsBoundary', 'iam:PutRolePermissionsBoundary'],
        resources: [...new Set([...props.namedRoleArns, bg])],
        condition: except([bg]),
        group: 'break-glass',
      },
      {
        sid: 'CodeSigningOnlyByBreakGlass',
        actions: [
          'lambda:DeleteCodeSigningConfig',
          'lambda:DeleteFunctionCodeSigningConfig',
          'lambda:PutFunctionCodeSigningConfig',
          'lambda:UpdateCodeSigningConfig',
          'signer:AddProfilePermission',
          'signer:CancelSigningProfile',
          'signer:RevokeSignature',
          'signer:RevokeSigningProfile',
        ],
        resources: [...functions, codeSigningConfigs, profile, aws.arn('signer', '/signing-jobs/*')],
        condition: except([bg]),
        group: 'break-glass',
      },
      {
        sid: 'ProjectRolesKeepBoundary',
        actions: ['iam:CreateRole', 'iam:PutRolePermissionsBoundary'],
        resources: [props.projectRolePattern],
        condition: [
          { test: 'StringNotEquals', variable: 'iam:PermissionsBoundary', values: [props.permissionsBoundaryArn] },
        ],
      },
      {
        sid: 'GuardrailDetachOnlyByBreakGlass',
        actions: ['iam:DetachGroupPolicy', 'iam:DetachRolePolicy', 'iam:DetachUserPolicy'],
        resources: ['*'],
        condition: [{ test: 'ArnEquals', variable: 'iam:PolicyARN', values: guardrailPolicies }, ...except([bg])],
      },
      {
        // Exactly this environment's code-signing config, for everyone: a config of someone else's
        // profile (or one that only warns) would otherwise satisfy a condition on any config.
        sid: 'VerifierOnlySignedCode',
        actions: ['lambda:CreateFunction', 'lambda:PutFunctionCodeSigningConfig'],
        resources: functions,
        condition: [
          { test: 'ArnNotEquals', variable: 'lambda:CodeSigningConfigArn', values: [props.codeSigningConfigArn] },
        ],
        scp: 'code-and-data',
      },
      {
        // Creating a config is harmless on its own (only the pinned one is accepted above); the pipeline
        // creates this environment's.
        sid: 'CodeSigningConfigsOnlyByPipeline',
        actions: ['lambda:CreateCodeSigningConfig'],
        resources: ['*'],
        condition: except(pipeline),
        scp: 'code-and-data',
      },
      {
        sid: 'SigningOnlyBySigners',
        actions: ['signer:StartSigningJob'],
        resources: [profile],
        condition: except(props.signerArns),
        scp: 'code-and-data',
      },
      {
        sid: 'LedgerBackupsOnlyByReaders',
        actions: [...LEDGER_BACKUP_ACTIONS],
        // The ledger, copies named after it (`<ledger>-restored-*`, the runbook's), and their backups.
        resources: [props.ledgerTableArn, `${props.ledgerTableArn}/backup/*`, `${props.ledgerTableArn}-*`],
        condition: except([...props.ledgerReaderArns, bg]),
        scp: 'code-and-data',
      },
    ];
    this.rules = rules;

    this.document = new DataAwsIamPolicyDocument(this, 'document', {
      statement: rules.map((r) => ({
        sid: r.sid,
        effect: 'Deny',
        actions: [...r.actions],
        resources: [...r.resources],
        condition: [...r.condition],
      })),
    });
    const inScp = (scp: GuardrailScp): GuardrailRule[] => rules.filter((r) => (r.scp ?? 'identities') === scp);
    this.scpDocument = new DataAwsIamPolicyDocument(this, 'scp-document', {
      statement: compact(id, inScp('identities')),
    });
    this.dataScpDocument = new DataAwsIamPolicyDocument(this, 'scp-data-document', {
      statement: compact(id, inScp('code-and-data')),
    });
    this.policy = new IamPolicy(this, 'policy', {
      name: props.policyName,
      description:
        'Biometric vault guardrail: attach to every administrator of a single account (in an organization, use the same rules as SCPs)',
      policy: this.document.json,
    });
  }
}

/** The rules as SCP statements: each group merged into one (where its first rule stands), no Sids. */
export function compact(id: string, rules: readonly GuardrailRule[]): DataAwsIamPolicyDocumentStatement[] {
  const groups = new Map<string, GuardrailRule[]>();
  for (const r of rules) if (r.group !== undefined) groups.set(r.group, [...(groups.get(r.group) ?? []), r]);
  for (const members of groups.values()) {
    // Merging is exact only when members share their condition and no member's resources share a
    // type with another member's: an action of one member then matches no resource of another.
    const types = members.map((m) => new Set(m.resources.map(resourceType)));
    members.forEach((m, i) => {
      const clash = members
        .slice(i + 1)
        .find(
          (n, j) =>
            JSON.stringify(n.condition) !== JSON.stringify(m.condition) ||
            [...(types[i + j + 1] ?? [])].some((t) => types[i]?.has(t) === true) ||
            m.resources.includes('*') ||
            n.resources.includes('*'),
        );
      if (clash !== undefined)
        throw new Error(`AccountGuardrail "${id}": rules ${m.sid} and ${clash.sid} cannot share an SCP statement`);
    });
  }
  const out: DataAwsIamPolicyDocumentStatement[] = [];
  for (const r of rules) {
    const members = r.group === undefined ? [r] : (groups.get(r.group) ?? []);
    if (members[0] !== r) continue;
    out.push({
      effect: 'Deny',
      actions: [...new Set(members.flatMap((m) => m.actions))],
      resources: [...new Set(members.flatMap((m) => m.resources))],
      condition: [...r.condition],
    });
  }
  return out;
}
