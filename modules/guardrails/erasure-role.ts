import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { AwsContext } from '../core/aws-context';

/** What the erasure role does to the vault bucket: delete object versions (and markers) by version id. */
export const ERASURE_DELETE_ACTIONS = ['s3:DeleteObject', 's3:DeleteObjectVersion'] as const;

export interface ErasureRoleProps {
  readonly aws: AwsContext;
  /** Role name: deterministic (`resourceNames(env).erasureRole`); the bucket, ledger and key policies name it. */
  readonly roleName: string;
  /** Roles that may assume it (the people who carry out erasure requests). At least one. */
  readonly operatorRoleArns: readonly string[];
  readonly bucketArn: string;
  /** Key prefixes whose versions it may list and delete, each ending in "/" (`uploads/`, `references/`). */
  readonly subjectPrefixes: readonly string[];
  readonly ledgerTableArn: string;
  /** The ledger's subject index, the only place it reads records (the hashes the verifier recorded). */
  readonly subjectIndexName: string;
  /** Partition key prefix of the only records it may append (`ERASURE#`). */
  readonly recordKeyPrefix: string;
  /** The VaultKey, which encrypts the ledger: decrypt only through DynamoDB. */
  readonly vaultKeyArn: string;
  /** No default: every role the project creates has one. */
  readonly permissionsBoundaryArn: string;
}

/**
 * The role `npm run erase` runs as: the one identity besides break-glass that may destroy biometric data,
 * and only a subject's: list object versions under `uploads/` and `references/`, delete versions there,
 * read the ledger's subject index (the verifier's hashes), append erasure records and nothing else to the
 * ledger. It cannot read an image (no `s3:GetObject*`; the bucket's read deny), delete anything outside
 * those prefixes (and the bucket denies it too), or write a verification decision (`dynamodb:LeadingKeys`
 * here and in the ledger's policy). Assumed only by the operator roles config names.
 */
export class ErasureRole extends Construct {
  public readonly role: IamRole;
  public readonly policy: IamRolePolicy;
  public readonly document: DataAwsIamPolicyDocument;
  public readonly roleArn: string;

  public constructor(scope: Construct, id: string, props: ErasureRoleProps) {
    super(scope, id);
    const { aws } = props;
    const problems: string[] = [];
    if (props.operatorRoleArns.length === 0) problems.push('operatorRoleArns: must name at least one role');
    if (props.subjectPrefixes.length === 0) problems.push('subjectPrefixes: must name at least one prefix');
    props.subjectPrefixes.forEach((p, i) => {
      if (!/^[A-Za-z0-9!_.'()-]+\/$/.test(p))
        problems.push(`subjectPrefixes[${i}]: must be a key prefix ending in "/" (received ${JSON.stringify(p)})`);
    });
    if (!/^[A-Z]+#$/.test(props.recordKeyPrefix))
      problems.push(
        `recordKeyPrefix: must be capitals ending in "#" (received ${JSON.stringify(props.recordKeyPrefix)})`,
      );
    if (problems.length > 0) throw new Error(`ErasureRole ${id}: invalid props:\n  - ${problems.join('\n  - ')}`);

    const trust = new DataAwsIamPolicyDocument(this, 'trust', {
      statement: [
        {
          sid: 'OperatorsAssumeRole',
          effect: 'Allow',
          principals: [{ type: 'AWS', identifiers: [...props.operatorRoleArns] }],
          actions: ['sts:AssumeRole'],
        },
      ],
    });
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description: "Biometric vault erasure: deletes a subject's image and reference versions, appends erasure records",
      assumeRolePolicy: trust.json,
      permissionsBoundary: props.permissionsBoundaryArn,
      maxSessionDuration: 3600,
    });
    this.roleArn = this.role.arn;

    const objects = new DataAwsIamPolicyDocument(this, 'subject-objects', {
      statement: [
        {
          // ListObjectVersions needs s3:ListBucketVersions, which takes the s3:prefix condition key: no listing
          // without a prefix, none outside the subject prefixes.
          // https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html
          sid: 'ListSubjectVersions',
          effect: 'Allow',
          actions: ['s3:ListBucketVersions'],
          resources: [props.bucketArn],
          condition: [{ test: 'StringLike', variable: 's3:prefix', values: props.subjectPrefixes.map((p) => `${p}*`) }],
        },
        {
          // A versioned delete needs s3:DeleteObjectVersion; DeleteObject's permission list names s3:DeleteObject
          // too. https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObject.html
          sid: 'DeleteSubjectVersions',
          effect: 'Allow',
          actions: [...ERASURE_DELETE_ACTIONS],
          resources: props.subjectPrefixes.map((p) => `${props.bucketArn}/${p}*`),
        },
      ],
    });
    const ledger = new DataAwsIamPolicyDocument(this, 'erasure-records', {
      statement: [
        {
          sid: 'ReadSubjectIndex',
          effect: 'Allow',
          actions: ['dynamodb:Query'],
          resources: [`${props.ledgerTableArn}/index/${props.subjectIndexName}`],
        },
        {
          // LeadingKeys is the partition key of the item put; ForAllValues needs the Null guard, or a request
          // without the key would match. https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html
          sid: 'AppendErasureRecordsOnly',
          effect: 'Allow',
          actions: ['dynamodb:PutItem'],
          resources: [props.ledgerTableArn],
          condition: [
            {
              test: 'ForAllValues:StringLike',
              variable: 'dynamodb:LeadingKeys',
              values: [`${props.recordKeyPrefix}*`],
            },
            { test: 'Null', variable: 'dynamodb:LeadingKeys', values: ['false'] },
            { test: 'StringEqualsIfExists', variable: 'dynamodb:ReturnValues', values: ['NONE'] },
          ],
        },
        {
          // DynamoDB decrypts the table key as the principal that accesses the table.
          // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.usagenotes.html
          sid: 'LedgerKeyThroughDynamoDB',
          effect: 'Allow',
          actions: ['kms:Decrypt'],
          resources: [props.vaultKeyArn],
          condition: [
            { test: 'StringEquals', variable: 'kms:ViaService', values: [aws.viaService('dynamodb')] },
            { test: 'StringEquals', variable: 'kms:CallerAccount', values: [aws.accountId] },
          ],
        },
      ],
    });
    this.document = new DataAwsIamPolicyDocument(this, 'policy-document', {
      sourcePolicyDocuments: [objects.json, ledger.json],
    });
    this.policy = new IamRolePolicy(this, 'policy', {
      name: 'erase-subjects',
      role: this.role.id,
      policy: this.document.json,
    });
  }
}
