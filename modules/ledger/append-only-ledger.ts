import { Construct } from 'constructs';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { DynamodbResourcePolicy } from '@cdktf/provider-aws/lib/dynamodb-resource-policy';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { AwsContext } from '../core/aws-context';
import type { LedgerKeySchema } from '../../lambda-src/verifier/ledger-schema';

/**
 * Actions that can change or remove existing records, or the table's protections (its policy,
 * point-in-time recovery, deletion protection, TTL that would expire items). Only
 * break-glass may call them: after the first apply, changes to the table go through break-glass.
 */
export const LEDGER_MUTATING_ACTIONS = [
  'dynamodb:BatchWriteItem',
  'dynamodb:DeleteItem',
  'dynamodb:DeleteResourcePolicy',
  'dynamodb:DeleteTable',
  'dynamodb:PartiQLDelete',
  'dynamodb:PartiQLUpdate',
  'dynamodb:PutResourcePolicy',
  'dynamodb:UpdateContinuousBackups',
  'dynamodb:UpdateItem',
  'dynamodb:UpdateTable',
  'dynamodb:UpdateTimeToLive',
] as const;

/** Actions that read records: the readers' and break-glass's alone. */
export const LEDGER_READ_ACTIONS = [
  'dynamodb:BatchGetItem',
  'dynamodb:GetItem',
  'dynamodb:PartiQLSelect',
  'dynamodb:Query',
  'dynamodb:Scan',
] as const;

/**
 * Actions that copy the records somewhere the read restrictions do not follow: an on-demand backup
 * (restorable by anyone allowed RestoreTableFromBackup, which is authorized on the backup, not the
 * table), an export to S3 (can leave the account), a point-in-time restore (a new table under
 * another key), a Kinesis data stream. All take the table as resource in a DynamoDB resource policy
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/rbac-iam-actions.html).
 * `dynamodb:StartAwsBackupJob` (AWS Backup's advanced DynamoDB backups) is not in that list, so it is
 * denied by the account guardrail instead, not here.
 */
export const LEDGER_COPY_ACTIONS = [
  'dynamodb:CreateBackup',
  'dynamodb:EnableKinesisStreamingDestination',
  'dynamodb:ExportTableToPointInTime',
  'dynamodb:RestoreTableToPointInTime',
] as const;

/**
 * Actions that read the table's stream (every change, with the record before and after it): a read path
 * the table's policy does not cover ("the policy attached to a table will contain permissions for access to
 * the table and its indexes": https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/access-control-resource-based.html),
 * so the stream has a policy of its own.
 */
export const LEDGER_STREAM_READ_ACTIONS = [
  'dynamodb:DescribeStream',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
] as const;

/** Changes to the stream's own policy: break-glass's alone. */
export const LEDGER_STREAM_POLICY_ACTIONS = ['dynamodb:DeleteResourcePolicy', 'dynamodb:PutResourcePolicy'] as const;

/** Actions that add records: the writer's alone (and break-glass's, to put back a lost record). */
export const LEDGER_APPEND_ACTIONS = ['dynamodb:PartiQLInsert', 'dynamodb:PutItem'] as const;

export interface AppendOnlyLedgerProps {
  readonly aws: AwsContext;
  readonly tableName: string;
  readonly keySchema: LedgerKeySchema;
  /** Customer-managed key ARN for encryption at rest. */
  readonly kmsKeyArn: string;
  /** The only roles that may add records (`PutItem`). */
  readonly writerRoleArns: readonly string[];
  /** The roles that may read records (besides break-glass). */
  readonly readerRoleArns: readonly string[];
  /**
   * The roles that may copy (back up, export, restore) the table (besides break-glass).
   * @default readerRoleArns
   */
  readonly copierRoleArns?: readonly string[];
  /**
   * The only role that may alter or delete records or the table (break-glass). It may also read,
   * copy and append records: the recovery runbook restores the table, compares and puts back.
   */
  readonly breakGlassRoleArn: string;
  /**
   * DynamoDB deletion protection and Terraform `prevent_destroy`.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * The table's stream (`NEW_AND_OLD_IMAGES`, what the change alerts and the digests read), with a
   * policy of its own that lets only `readerRoleArns` (the stream consumer) and break-glass read it, and
   * only break-glass change that policy. @default no stream
   */
  readonly stream?: { readonly readerRoleArns: readonly string[] };
}

/**
 * The audit ledger: an on-demand DynamoDB table encrypted with a customer-managed key, with
 * point-in-time recovery, deletion protection, and a resource policy that makes it append-only:
 * only the writer (and break-glass, recovering) may `PutItem`, only readers and break-glass read or
 * copy it (backup, export, restore, Kinesis), and nobody but the break-glass role may update,
 * delete, batch-write (which can delete) or drop the table, through the API or PartiQL.
 */
export class AppendOnlyLedger extends Construct {
  public readonly table: DynamodbTable;
  public readonly policyDocument: DataAwsIamPolicyDocument;
  public readonly resourcePolicy: DynamodbResourcePolicy;
  public readonly tableName: string;
  public readonly tableArn: string;
  /** The stream's ARN (its label is the time it was enabled: known only once applied); undefined without a stream. */
  public readonly streamArn: string | undefined;
  public readonly streamPolicy: DynamodbResourcePolicy | undefined;

  public constructor(scope: Construct, id: string, props: AppendOnlyLedgerProps) {
    super(scope, id);
    const protect = props.deletionProtection ?? true;
    const schema = props.keySchema;

    this.table = new DynamodbTable(this, 'table', {
      name: props.tableName,
      billingMode: 'PAY_PER_REQUEST',
      hashKey: schema.hashKey,
      attribute: schema.attributes.map((a) => ({ name: a.name, type: a.type })),
      globalSecondaryIndex: schema.globalSecondaryIndexes.map((g) => ({
        name: g.name,
        hashKey: g.hashKey,
        rangeKey: g.rangeKey,
        projectionType: g.projectionType,
      })),
      serverSideEncryption: { enabled: true, kmsKeyArn: props.kmsKeyArn },
      pointInTimeRecovery: { enabled: true },
      deletionProtectionEnabled: protect,
      ...(props.stream !== undefined && { streamEnabled: true, streamViewType: 'NEW_AND_OLD_IMAGES' }),
      tableClass: 'STANDARD',
      lifecycle: { preventDestroy: protect },
    });
    this.tableName = this.table.name;
    this.tableArn = this.table.arn;
    // The resource policy names the table by the ARN of its name: known in the first plan.
    const tableArn = props.aws.tableArn(props.tableName);

    const everyone = [{ type: '*', identifiers: ['*'] }];
    const immutability = new DataAwsIamPolicyDocument(this, 'immutability', {
      statement: [
        {
          sid: 'DenyRecordMutationExceptBreakGlass',
          effect: 'Deny',
          principals: everyone,
          actions: [...LEDGER_MUTATING_ACTIONS],
          resources: [tableArn],
          condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [props.breakGlassRoleArn] }],
        },
      ],
    });
    const reads = new DataAwsIamPolicyDocument(this, 'reads', {
      statement: [
        {
          sid: 'DenyReadsExceptReaders',
          effect: 'Deny',
          principals: everyone,
          actions: [...LEDGER_READ_ACTIONS],
          resources: [tableArn, `${tableArn}/index/*`],
          condition: [
            {
              test: 'ArnNotEquals',
              variable: 'aws:PrincipalArn',
              values: [...props.readerRoleArns, props.breakGlassRoleArn],
            },
          ],
        },
        {
          sid: 'DenyCopiesExceptReaders',
          effect: 'Deny',
          principals: everyone,
          actions: [...LEDGER_COPY_ACTIONS],
          resources: [tableArn],
          condition: [
            {
              test: 'ArnNotEquals',
              variable: 'aws:PrincipalArn',
              values: [...(props.copierRoleArns ?? props.readerRoleArns), props.breakGlassRoleArn],
            },
          ],
        },
      ],
    });
    const append = new DataAwsIamPolicyDocument(this, 'append', {
      statement: [
        {
          sid: 'DenyAppendExceptWriter',
          effect: 'Deny',
          principals: everyone,
          actions: [...LEDGER_APPEND_ACTIONS],
          resources: [tableArn],
          condition: [
            {
              test: 'ArnNotEquals',
              variable: 'aws:PrincipalArn',
              values: [...props.writerRoleArns, props.breakGlassRoleArn],
            },
          ],
        },
        {
          sid: 'AllowWriterAppend',
          effect: 'Allow',
          principals: [{ type: 'AWS', identifiers: [props.aws.rootArn] }],
          actions: ['dynamodb:PutItem'],
          resources: [tableArn],
          condition: [{ test: 'ArnEquals', variable: 'aws:PrincipalArn', values: [...props.writerRoleArns] }],
        },
      ],
    });
    this.policyDocument = new DataAwsIamPolicyDocument(this, 'policy-document', {
      sourcePolicyDocuments: [immutability.json, reads.json, append.json],
    });
    this.resourcePolicy = new DynamodbResourcePolicy(this, 'resource-policy', {
      resourceArn: this.table.arn,
      policy: this.policyDocument.json,
      // The policy denies PutResourcePolicy to all but break-glass, including the deployer that
      // writes it: DynamoDB requires this explicit acknowledgement. Later changes need break-glass.
      confirmRemoveSelfResourceAccess: true,
    });

    if (props.stream === undefined) {
      this.streamArn = undefined;
      this.streamPolicy = undefined;
    } else {
      this.streamArn = this.table.streamArn;
      // A stream policy takes effect only for its own ARN (rbac-examples.html), which holds the time the
      // stream was enabled: it cannot be derived from a name, so this one policy is known only after apply.
      const streamDocument = new DataAwsIamPolicyDocument(this, 'stream-policy-document', {
        statement: [
          {
            sid: 'DenyStreamReadsExceptConsumer',
            effect: 'Deny',
            principals: everyone,
            actions: [...LEDGER_STREAM_READ_ACTIONS],
            resources: [this.table.streamArn],
            condition: [
              {
                test: 'ArnNotEquals',
                variable: 'aws:PrincipalArn',
                values: [...props.stream.readerRoleArns, props.breakGlassRoleArn],
              },
            ],
          },
          {
            sid: 'DenyStreamPolicyChangesExceptBreakGlass',
            effect: 'Deny',
            principals: everyone,
            actions: [...LEDGER_STREAM_POLICY_ACTIONS],
            resources: [this.table.streamArn],
            condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [props.breakGlassRoleArn] }],
          },
        ],
      });
      this.streamPolicy = new DynamodbResourcePolicy(this, 'stream-resource-policy', {
        resourceArn: this.table.streamArn,
        policy: streamDocument.json,
        confirmRemoveSelfResourceAccess: true,
      });
    }
  }
}
