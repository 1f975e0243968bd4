/**
 * Ledger recovery: restore the table to a point in time into a NEW table (point-in-time recovery
 * never overwrites), compare it with the live ledger, and merge back the records missing from the
 * live one with `attribute_not_exists(pk)` (never overwriting: the ledger is append-only). Records
 * that exist in both but differ are reported for the break-glass procedure, not changed.
 */
import {
  DescribeTableCommand,
  PutItemCommand,
  PutResourcePolicyCommand,
  RestoreTableToPointInTimeCommand,
  ScanCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { LEDGER_PARTITION_KEY, ledgerItemProblems } from '../../lambda-src/verifier/ledger-schema';
import {
  LEDGER_APPEND_ACTIONS,
  LEDGER_COPY_ACTIONS,
  LEDGER_MUTATING_ACTIONS,
  LEDGER_READ_ACTIONS,
} from '../../modules/ledger/append-only-ledger';
import { RecoveryError } from './objects';

export type Item = Record<string, AttributeValue>;

export interface PitrRestoreRequest {
  readonly sourceTable: string;
  readonly targetTable: string;
  /** Point in time to restore; omit for the latest restorable time. */
  readonly restoreTime?: Date;
  /** KMS key (the VaultKey ARN) the restored table is encrypted with. */
  readonly kmsKeyArn: string;
  readonly apply: boolean;
  /** Poll interval and limit while the restore runs. */
  readonly pollMs?: number;
  readonly timeoutMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Told each status the restore reports while it is polled (a restore takes minutes to hours). */
  readonly onProgress?: (message: string) => void;
}

export async function restoreToPointInTime(
  ddb: DynamoDBClient,
  r: PitrRestoreRequest,
): Promise<{ targetArn?: string; status: string }> {
  if (!r.apply)
    return {
      status: `would restore ${r.sourceTable} at ${r.restoreTime?.toISOString() ?? 'latest restorable time'} into ${r.targetTable}`,
    };
  const out = await ddb.send(
    new RestoreTableToPointInTimeCommand({
      SourceTableName: r.sourceTable,
      TargetTableName: r.targetTable,
      ...(r.restoreTime !== undefined ? { RestoreDateTime: r.restoreTime } : { UseLatestRestorableTime: true }),
      SSESpecificationOverride: { Enabled: true, SSEType: 'KMS', KMSMasterKeyId: r.kmsKeyArn },
      BillingModeOverride: 'PAY_PER_REQUEST',
    }),
  );
  const sleep = r.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = Date.now() + (r.timeoutMs ?? 4 * 3600_000);
  let status: string = out.TableDescription?.TableStatus ?? 'CREATING';
  const started = Date.now();
  let polls = 0;
  r.onProgress?.(`restore into ${r.targetTable} started: ${status}`);
  while (status !== 'ACTIVE') {
    if (Date.now() > deadline) throw new RecoveryError(`restore into ${r.targetTable} still ${status} at the timeout`);
    await sleep(r.pollMs ?? 20_000);
    status = (await ddb.send(new DescribeTableCommand({ TableName: r.targetTable }))).Table?.TableStatus ?? 'UNKNOWN';
    polls += 1;
    r.onProgress?.(
      `poll ${polls}: ${r.targetTable} is ${status} (${Math.round((Date.now() - started) / 1000)} s elapsed)`,
    );
  }
  return {
    status,
    ...(out.TableDescription?.TableArn !== undefined ? { targetArn: out.TableDescription.TableArn } : {}),
  };
}

/**
 * The resource policy of a table restored from the ledger (a copy to compare, or the ledger itself put back
 * under its name) until it is merged and deleted, or re-applied as the ledger: nobody but break-glass reads,
 * writes, copies, changes or deletes it. A restore carries no resource policy of its own, and
 * RestoreTableToPointInTime and RestoreTableFromBackup take none
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_RestoreTableToPointInTime.html).
 */
export function restoredLedgerPolicy(tableArn: string, breakGlassRoleArn: string): string {
  const actions = [
    ...new Set([...LEDGER_READ_ACTIONS, ...LEDGER_APPEND_ACTIONS, ...LEDGER_MUTATING_ACTIONS, ...LEDGER_COPY_ACTIONS]),
  ].sort();
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'OnlyBreakGlassUntilMergedOrReapplied',
        Effect: 'Deny',
        Principal: '*',
        Action: actions,
        Resource: [tableArn, `${tableArn}/index/*`],
        Condition: { ArnNotEquals: { 'aws:PrincipalArn': breakGlassRoleArn } },
      },
    ],
  });
}

/** The break-glass role's ARN in the account (and partition) of a table's ARN. */
export function breakGlassArnFor(tableArn: string, breakGlassRoleName: string): string {
  const [, partition, service, , account] = tableArn.split(':');
  if (service !== 'dynamodb' || partition === undefined || account === undefined || !/^\d{12}$/.test(account))
    throw new RecoveryError(`not a DynamoDB table ARN: ${JSON.stringify(tableArn)}`);
  return `arn:${partition}:iam::${account}:role/${breakGlassRoleName}`;
}

/**
 * Attaches `restoredLedgerPolicy` to a restored table, as soon as it is ACTIVE and before anything reads or
 * merges it. Until then the VaultKey's policy already keeps every principal but the ledger readers and
 * break-glass from decrypting or writing it (only tables named after the ledger, and only they, may use
 * the key through DynamoDB).
 */
export async function protectRestoredTable(
  ddb: DynamoDBClient,
  tableArn: string,
  breakGlassRoleName: string,
  apply: boolean,
): Promise<string> {
  const policy = restoredLedgerPolicy(tableArn, breakGlassArnFor(tableArn, breakGlassRoleName));
  if (!apply) return `would attach the break-glass-only policy to ${tableArn}`;
  try {
    await ddb.send(new PutResourcePolicyCommand({ ResourceArn: tableArn, Policy: policy }));
  } catch (error) {
    throw new RecoveryError(`attach the break-glass-only policy to ${tableArn}`, { cause: error });
  }
  return `attached the break-glass-only policy to ${tableArn}`;
}

/** Every record of a ledger table by partition key; `onProgress` hears the count after each page. */
export async function scanAll(
  ddb: DynamoDBClient,
  table: string,
  onProgress?: (message: string) => void,
): Promise<Map<string, Item>> {
  const items = new Map<string, Item>();
  let start: Item | undefined;
  let seen = 0;
  do {
    const page = await ddb.send(
      new ScanCommand({
        TableName: table,
        ConsistentRead: true,
        ...(start !== undefined ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      const pk = item[LEDGER_PARTITION_KEY]?.S;
      if (pk !== undefined) items.set(pk, item);
    }
    seen += page.Items?.length ?? 0;
    start = page.LastEvaluatedKey;
    onProgress?.(`${table}: ${seen} record(s) scanned${start !== undefined ? ', more to come' : ', done'}`);
  } while (start !== undefined);
  return items;
}

export interface LedgerDiff {
  /** In the restored table, not in the live ledger: deleted since the restore point. */
  readonly missing: readonly string[];
  /**
   * In the restored table but no ledger record of a known version (`ledgerItemProblems`): reported with their
   * problems, never merged back.
   */
  readonly unreadable: readonly { readonly pk: string; readonly problems: readonly string[] }[];
  /** Records of the restored table per `schemaVersion` (every version ever written is a record). */
  readonly versions: Readonly<Record<string, number>>;
  /** In both, with different attributes: altered since the restore point. */
  readonly altered: readonly string[];
  /** In the live ledger only: written after the restore point (expected). */
  readonly newer: readonly string[];
}

export function diffLedgers(restored: ReadonlyMap<string, Item>, live: ReadonlyMap<string, Item>): LedgerDiff {
  const missing: string[] = [];
  const altered: string[] = [];
  const unreadable: { pk: string; problems: string[] }[] = [];
  const versions: Record<string, number> = {};
  for (const [pk, item] of restored) {
    const problems = ledgerItemProblems(item);
    if (problems.length > 0) {
      unreadable.push({ pk, problems });
      continue;
    }
    const version = item.schemaVersion?.N ?? '?';
    versions[version] = (versions[version] ?? 0) + 1;
    const current = live.get(pk);
    if (current === undefined) missing.push(pk);
    else if (canonical(current) !== canonical(item)) altered.push(pk);
  }
  const newer = [...live.keys()].filter((pk) => !restored.has(pk));
  return {
    missing: missing.sort(),
    altered: altered.sort(),
    newer: newer.sort(),
    unreadable: unreadable.sort((a, b) => (a.pk < b.pk ? -1 : a.pk > b.pk ? 1 : 0)),
    versions,
  };
}

function canonical(item: Item): string {
  const sortKeys = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sortKeys)
      : typeof v === 'object' && v !== null
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
          )
        : v;
  return JSON.stringify(sortKeys(item));
}

/** Puts back every missing record, each only if its `pk` is still absent. Returns the pks written. */
export async function mergeMissing(
  ddb: DynamoDBClient,
  liveTable: string,
  restored: ReadonlyMap<string, Item>,
  diff: LedgerDiff,
  apply: boolean,
): Promise<string[]> {
  const written: string[] = [];
  for (const pk of diff.missing) {
    const item = restored.get(pk);
    if (item === undefined) continue;
    if (apply) {
      try {
        await ddb.send(
          new PutItemCommand({
            TableName: liveTable,
            Item: item,
            ConditionExpression: 'attribute_not_exists(#pk)',
            ExpressionAttributeNames: { '#pk': LEDGER_PARTITION_KEY },
          }),
        );
      } catch (error) {
        if (error instanceof Error && error.name === 'ConditionalCheckFailedException') continue;
        throw new RecoveryError(`put back ${pk} into ${liveTable}`, { cause: error });
      }
    }
    written.push(pk);
  }
  return written;
}
