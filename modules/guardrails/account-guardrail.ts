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

/** Changes to what the verifier runs, with which settings, and who may invoke it. */
export const FUNCTION_CHANGE_ACTIONS = [
  'lambda:AddPermission',
  'lambda:CreateFunction',
  'lambda:DeleteFunction',
  'lambda:PublishVersion',
  'lambda:PutFunctionConcurrency',
  'lambda:PutFunctionEventInvokeConfig',
  'lambda:UpdateFunctionCode',
  'lambda:UpdateFunctionConfiguration',
] as const;

export interface AccountGuardrailProps {
  readonly aws: AwsContext;
  /** Name of the managed policy (single-account use); the same document is the SCP. */
  readonly policyName: string;
  /** ARN pattern of the roles the project creates, e.g. `arn:aws:iam::<account>:role/biometric-vault-dev-*`. */
  readonly projectRolePattern: string;
  /** The roles the vault's policies name by ARN (duty roles, break-glass): changed by break-glass only. */
  readonly namedRoleArns: readonly string[];
  /** ARN of the permissions boundary every project role must carry. */
  readonly permissionsBoundaryArn: string;
  /** The verifier function's ARN. */
  readonly functionArn: string;
  /** Name of the AWS Signer profile that signs the verifier's package. */
  readonly signingProfileName: string;
  /** The ledger table's ARN (AWS Backup copies). */
  readonly ledgerTableArn: string;
  /** The buckets whose policies nobody but the pipeline (creating them) and break-glass may set (ARNs, `*` allowed). */
  readonly protectedBucketArns: readonly string[];
  /** The pipeline: may change the project's roles, the verifier, the boundary and this guardrail. */
  readonly deployerArns: readonly string[];
  /** May sign packages with the signing profile (nobody else may). */
  readonly signerArns: readonly string[];
  /** May copy the ledger with AWS Backup. */
  readonly ledgerReaderArns: readonly string[];
  /** The break-glass role: excepted everywhere but signing. */
  readonly breakGlassRoleArn: string;
}

/**
 * The account guardrail: what no principal but the pipeline (and break-glass) may do to the vault's
 * identities and code, whatever its identity policies allow. Deny statements only, no `Principal`
 * element, so the same document is both
 *
 * - an SCP for an AWS Organizations member account (`minified_json`, within the 5,120-character SCP
 *   limit: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html),
 *   which binds every principal of the account, the root user included, except service-linked roles
 *   (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html); and
 * - a managed IAM policy for a single account, which binds only the principals it is attached to.
 *
 * Every exception is an `aws:PrincipalArn` condition; the roles those conditions name are themselves
 * protected here, so nobody can become one of them by recreating or re-trusting it.
 *
 * `document` (the IAM policy) has one statement per rule, each with its Sid; `scpDocument` is the
 * same rules in fewer characters: no Sids, and the rules of a group (same condition, resources of
 * different types, so no new action/resource pair arises) merged into one statement.
 */
/** One deny rule of the guardrail. */
interface GuardrailRule {
  readonly sid: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly condition: readonly DataAwsIamPolicyDocumentStatementCondition[];
  /** Rules of one group share their condition and are merged into one SCP statement. */
  readonly group?: string;
}

/** `<service>:<resource type>` of an ARN (`iam:role`, `s3:bucket`, `lambda:function`), for merge checks. */
function resourceType(arn: string): string {
  const [, , service = '', , , resource = ''] = arn.split(':');
  if (service === 's3') return 's3:bucket';
  return `${service}:${resource.replace(/^\//, '').split(/[/:]/)[0] ?? ''}`;
}

export class AccountGuardrail extends Construct {
  /** One statement per rule, with Sids: the managed IAM policy. */
  public readonly document: DataAwsIamPolicyDocument;
  /** The same rules, compacted for the SCP size limit (`minified_json` is the SCP). */
  public readonly scpDocument: DataAwsIamPolicyDocument;
  public readonly policy: IamPolicy;
  public readonly policyArn: string;

  public constructor(scope: Construct, id: string, props: AccountGuardrailProps) {
    super(scope, id);
    const { aws } = props;
    const bg = props.breakGlassRoleArn;
    const pipeline = [...new Set([...props.deployerArns, bg])];
    const except = (arns: readonly string[]): DataAwsIamPolicyDocumentStatementCondition[] => [
      { test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [...arns] },
    ];
    this.policyArn = aws.policyArn(props.policyName);
    // `*` after the name: the profile and its versions, the function and its versions and aliases
    // (and any name that begins with the project's, which only the project creates).
    const profile = aws.arn('signer', `/signing-profiles/${props.signingProfileName}*`);
    const codeSigningConfigs = aws.arn('lambda', 'code-signing-config:*');
    const functions = [`${props.functionArn}*`];

    const rules: GuardrailRule[] = [
      {
        sid: 'ProjectRolesOnlyByPipeline',
        actions: [...ROLE_TAKEOVER_ACTIONS, 'iam:PutRolePermissionsBoundary'],
        resources: [props.projectRolePattern],
        condition: except(pipeline),
        group: 'pipeline',
      },
      {
        sid: 'GuardrailsOnlyByPipeline',
        actions: [
          'iam:CreatePolicyVersion',
          'iam:DeletePolicy',
          'iam:DeletePolicyVersion',
          'iam:SetDefaultPolicyVersion',
        ],
        resources: [props.permissionsBoundaryArn, this.policyArn],
        condition: except(pipeline),
        group: 'pipeline',
      },
      {
        sid: 'VerifierOnlyByPipeline',
        actions: [...FUNCTION_CHANGE_ACTIONS],
        resources: functions,
        condition: except(pipeline),
        group: 'pipeline',
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
        group: 'pipeline',
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
        sid: 'ProjectBoundaryRemovalOnlyByBreakGlass',
        actions: ['iam:DeleteRolePermissionsBoundary'],
        resources: [props.projectRolePattern],
        condition: except([bg]),
      },
      {
        sid: 'GuardrailDetachOnlyByPipeline',
        actions: ['iam:DetachGroupPolicy', 'iam:DetachRolePolicy', 'iam:DetachUserPolicy'],
        resources: ['*'],
        condition: [{ test: 'ArnEquals', variable: 'iam:PolicyARN', values: [this.policyArn] }, ...except(pipeline)],
      },
      {
        sid: 'VerifierOnlySignedCode',
        actions: ['lambda:CreateFunction', 'lambda:PutFunctionCodeSigningConfig'],
        resources: functions,
        condition: [{ test: 'ArnNotLike', variable: 'lambda:CodeSigningConfigArn', values: [codeSigningConfigs] }],
      },
      {
        // A code-signing config of someone else's profile would satisfy VerifierOnlySignedCode.
        sid: 'CodeSigningConfigsOnlyByPipeline',
        actions: ['lambda:CreateCodeSigningConfig'],
        resources: ['*'],
        condition: except(pipeline),
      },
      {
        sid: 'SigningOnlyBySigners',
        actions: ['signer:StartSigningJob'],
        resources: [profile],
        condition: except(props.signerArns),
      },
      {
        // Not accepted in a DynamoDB resource policy, so denied here.
        sid: 'LedgerBackupsOnlyByReaders',
        actions: ['dynamodb:StartAwsBackupJob'],
        resources: [props.ledgerTableArn],
        condition: except([...new Set([...props.ledgerReaderArns, bg])]),
      },
    ];

    this.document = new DataAwsIamPolicyDocument(this, 'document', {
      statement: rules.map((r) => ({
        sid: r.sid,
        effect: 'Deny',
        actions: [...r.actions],
        resources: [...r.resources],
        condition: [...r.condition],
      })),
    });
    this.scpDocument = new DataAwsIamPolicyDocument(this, 'scp-document', { statement: compact(id, rules) });
    this.policy = new IamPolicy(this, 'policy', {
      name: props.policyName,
      description:
        'Biometric vault guardrail: attach to every administrator of a single account (in an organization, use the same document as an SCP)',
      policy: this.document.json,
    });
  }
}

/** The rules as SCP statements: each group merged into one (where its first rule stands), no Sids. */
function compact(id: string, rules: readonly GuardrailRule[]): DataAwsIamPolicyDocumentStatement[] {
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
