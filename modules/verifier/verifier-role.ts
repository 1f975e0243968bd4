import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { AwsContext } from '../core/aws-context';

export interface VerifierRoleProps {
  readonly aws: AwsContext;
  /** Role name: deterministic (`resourceNames(env).verifierRole`), the key and ledger policies name it. */
  readonly roleName: string;
  readonly bucketArn: string;
  /** Key prefixes the function may read, each ending in "/" (uploads and references). */
  readonly readPrefixes: readonly string[];
  /** The single prefix it may list (to find a subject's reference without HeadObject 403s). */
  readonly listPrefix: string;
  /** The single prefix whose object versions it may list (to confirm an upload is gone before recording it). */
  readonly listVersionsPrefix: string;
  /** The queue it drains through its event source (S3's upload notifications). */
  readonly intakeQueueArn: string;
  readonly ledgerTableArn: string;
  readonly vaultKeyArn: string;
  readonly failureQueueArn: string;
  /** Name of the function's log group (created by the stack, so no `logs:CreateLogGroup`). */
  readonly logGroupName: string;
  /**
   * ARN of the permissions boundary the role carries: the most it may ever do, whatever policy is
   * attached to it later. No default: every role the project creates has one.
   */
  readonly permissionsBoundaryArn: string;
}

/**
 * The verifier's execution role, least privilege, one policy document per concern merged into one
 * inline policy:
 * - read: `s3:GetObject`/`GetObjectVersion` on `uploads/*` and `references/*` only, `s3:ListBucket` only
 *   under `references/`, `s3:ListBucketVersions` only under `uploads/`;
 * - drain: receive and delete messages of the intake queue (what the event source does as this role);
 * - analyse: `rekognition:DetectFaces` and `CompareFaces` (no resource-level permissions exist for them);
 * - record: `dynamodb:PutItem` on the ledger table only (the ledger's own policy makes it append-only);
 * - key: `kms:Decrypt` on the vault key only through S3 and DynamoDB of this region and account;
 * - fail: `sqs:SendMessage` to its failure queue, with the key's `GenerateDataKey`/`Decrypt` only through SQS;
 * - observe: create streams and put events in its own log group, and X-Ray segments and telemetry.
 */
export class VerifierRole extends Construct {
  public readonly role: IamRole;
  public readonly policy: IamRolePolicy;
  public readonly document: DataAwsIamPolicyDocument;
  public readonly roleArn: string;

  public constructor(scope: Construct, id: string, props: VerifierRoleProps) {
    super(scope, id);
    const { aws } = props;
    const problems: string[] = [];
    props.readPrefixes.forEach((p, i) => {
      if (!/^[A-Za-z0-9!_.'()-]+\/$/.test(p))
        problems.push(`readPrefixes[${i}]: must be a key prefix ending in "/" (received ${JSON.stringify(p)})`);
    });
    for (const [field, prefix] of [
      ['listPrefix', props.listPrefix],
      ['listVersionsPrefix', props.listVersionsPrefix],
    ] as const)
      if (!/^[A-Za-z0-9!_.'()-]+\/$/.test(prefix))
        problems.push(`${field}: must be a key prefix ending in "/" (received ${JSON.stringify(prefix)})`);
    if (props.readPrefixes.length === 0) problems.push('readPrefixes: must name at least one prefix');
    if (problems.length > 0) throw new Error(`VerifierRole ${id}: invalid props:\n  - ${problems.join('\n  - ')}`);

    const trust = new DataAwsIamPolicyDocument(this, 'trust', {
      statement: [
        {
          sid: 'LambdaAssumesRole',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }],
          actions: ['sts:AssumeRole'],
        },
      ],
    });
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description: 'Biometric vault verifier: reads uploads, calls Rekognition, appends ledger records',
      assumeRolePolicy: trust.json,
      permissionsBoundary: props.permissionsBoundaryArn,
    });
    this.roleArn = this.role.arn;

    const read = new DataAwsIamPolicyDocument(this, 'read-images', {
      statement: [
        {
          sid: 'ReadUploadsAndReferences',
          effect: 'Allow',
          actions: ['s3:GetObject', 's3:GetObjectVersion'],
          resources: props.readPrefixes.map((p) => `${props.bucketArn}/${p}*`),
        },
        {
          sid: 'ListReferencesOnly',
          effect: 'Allow',
          actions: ['s3:ListBucket'],
          resources: [props.bucketArn],
          condition: [{ test: 'StringLike', variable: 's3:prefix', values: [`${props.listPrefix}*`] }],
        },
        {
          // ListObjectVersions needs s3:ListBucketVersions, which takes the s3:prefix condition key.
          // https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html
          sid: 'ListUploadVersionsOnly',
          effect: 'Allow',
          actions: ['s3:ListBucketVersions'],
          resources: [props.bucketArn],
          condition: [{ test: 'StringLike', variable: 's3:prefix', values: [`${props.listVersionsPrefix}*`] }],
        },
      ],
    });
    // The event source mapping polls the queue with the function's execution role.
    // https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
    const drain = new DataAwsIamPolicyDocument(this, 'drain-intake', {
      statement: [
        {
          sid: 'DrainIntakeQueue',
          effect: 'Allow',
          actions: ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'],
          resources: [props.intakeQueueArn],
        },
      ],
    });
    const analyse = new DataAwsIamPolicyDocument(this, 'analyse-faces', {
      statement: [
        {
          sid: 'DetectAndCompareFaces',
          effect: 'Allow',
          actions: ['rekognition:CompareFaces', 'rekognition:DetectFaces'],
          // Rekognition's image operations have no resource-level permissions.
          resources: ['*'],
        },
      ],
    });
    const record = new DataAwsIamPolicyDocument(this, 'append-ledger', {
      statement: [
        {
          sid: 'AppendLedgerRecords',
          effect: 'Allow',
          actions: ['dynamodb:PutItem'],
          resources: [props.ledgerTableArn],
        },
      ],
    });
    const callerAccount = { test: 'StringEquals', variable: 'kms:CallerAccount', values: [aws.accountId] };
    const key = new DataAwsIamPolicyDocument(this, 'vault-key', {
      statement: [
        {
          sid: 'DecryptViaS3AndDynamoDB',
          effect: 'Allow',
          actions: ['kms:Decrypt'],
          resources: [props.vaultKeyArn],
          condition: [
            {
              test: 'StringEquals',
              variable: 'kms:ViaService',
              values: [aws.viaService('s3'), aws.viaService('dynamodb')],
            },
            callerAccount,
          ],
        },
      ],
    });
    const fail = new DataAwsIamPolicyDocument(this, 'failure-queue', {
      statement: [
        {
          sid: 'SendToFailureQueue',
          effect: 'Allow',
          actions: ['sqs:SendMessage'],
          resources: [props.failureQueueArn],
        },
        {
          // Receiving from the encrypted intake queue decrypts; sending to the failure queue makes data keys.
          sid: 'EncryptFailureMessagesViaSqs',
          effect: 'Allow',
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: [props.vaultKeyArn],
          condition: [
            { test: 'StringEquals', variable: 'kms:ViaService', values: [aws.viaService('sqs')] },
            callerAccount,
          ],
        },
      ],
    });
    const observe = new DataAwsIamPolicyDocument(this, 'observe', {
      statement: [
        {
          sid: 'WriteOwnLogs',
          effect: 'Allow',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [`${aws.logGroupArn(props.logGroupName)}:log-stream:*`],
        },
        {
          sid: 'WriteTraces',
          effect: 'Allow',
          actions: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'],
          // X-Ray's PutTraceSegments and PutTelemetryRecords have no resource-level permissions.
          resources: ['*'],
        },
      ],
    });
    this.document = new DataAwsIamPolicyDocument(this, 'document', {
      sourcePolicyDocuments: [read.json, drain.json, analyse.json, record.json, key.json, fail.json, observe.json],
    });
    this.policy = new IamRolePolicy(this, 'policy', {
      name: 'verifier',
      role: this.role.id,
      policy: this.document.json,
    });
  }
}
