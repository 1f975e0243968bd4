import {
  ConditionalCheckFailedException,
  PutItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { DependencyError, LedgerWriteError, describeAwsError } from './errors';
import { LEDGER_PARTITION_KEY, LEDGER_RECORD_ATTRIBUTES, type LedgerRecordAttributeName } from './ledger-schema';

/** JavaScript value of each DynamoDB type the ledger uses. */
interface TypeValues {
  S: string;
  N: number;
  BOOL: boolean;
  L: readonly string[];
}
type Spec = typeof LEDGER_RECORD_ATTRIBUTES;
type ValueOf<K extends LedgerRecordAttributeName> = TypeValues[Spec[K]['type']];
type AlwaysKeys = {
  [K in LedgerRecordAttributeName]: Spec[K]['always'] extends true ? K : never;
}[LedgerRecordAttributeName];
type OptionalKeys = Exclude<LedgerRecordAttributeName, AlwaysKeys>;

/**
 * One ledger record. Its type is derived from `LEDGER_RECORD_ATTRIBUTES`, so an attribute can only hold
 * the JavaScript type of its single DynamoDB type, and optional attributes are absent or `undefined`
 * (both omitted from the item), never null.
 */
export type LedgerRecord = { readonly [K in AlwaysKeys]: ValueOf<K> } & {
  readonly [K in OptionalKeys]?: ValueOf<K> | undefined;
};

/**
 * Marshals a record attribute by attribute from the schema table, checking each value at run time too
 * (DynamoDB's `ValidationException` for a Number sent as a String cannot happen: a wrong type throws here,
 * before any write). Numbers must be finite.
 */
export function toItem(record: LedgerRecord): Record<string, AttributeValue> {
  const item: Record<string, AttributeValue> = {};
  const values = record as Readonly<Record<string, unknown>>;
  const problems: string[] = [];
  for (const name of Object.keys(values)) {
    if (!Object.prototype.hasOwnProperty.call(LEDGER_RECORD_ATTRIBUTES, name))
      problems.push(`${name}: not in the ledger schema`);
  }
  for (const [name, spec] of Object.entries(LEDGER_RECORD_ATTRIBUTES)) {
    const value = values[name];
    if (value === undefined) {
      if (spec.always) problems.push(`${name}: required`);
      continue;
    }
    switch (spec.type) {
      case 'S':
        if (typeof value === 'string') item[name] = { S: value };
        else problems.push(`${name}: must be a string (S)`);
        break;
      case 'N':
        if (typeof value === 'number' && Number.isFinite(value)) item[name] = { N: String(value) };
        else problems.push(`${name}: must be a finite number (N)`);
        break;
      case 'BOOL':
        if (typeof value === 'boolean') item[name] = { BOOL: value };
        else problems.push(`${name}: must be a boolean (BOOL)`);
        break;
      case 'L':
        if (Array.isArray(value) && value.every((v): v is string => typeof v === 'string'))
          item[name] = { L: value.map((v) => ({ S: v })) };
        else problems.push(`${name}: must be a list of strings (L of S)`);
        break;
    }
  }
  if (problems.length > 0)
    throw new LedgerWriteError(`ledger record does not match the schema: ${problems.join('; ')}`);
  return item;
}

export type PutOutcome = 'written' | 'already-recorded';

/**
 * Appends a record with `attribute_not_exists(pk)`: never overwrites. A redelivered event for the same
 * object version finds its record and is reported as `already-recorded` (not an error).
 */
export async function putRecord(
  dynamodb: DynamoDBClient,
  tableName: string,
  record: LedgerRecord,
): Promise<PutOutcome> {
  const item = toItem(record);
  try {
    await dynamodb.send(
      new PutItemCommand({
        TableName: tableName,
        Item: item,
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': LEDGER_PARTITION_KEY },
      }),
    );
    return 'written';
  } catch (error) {
    if (
      error instanceof ConditionalCheckFailedException ||
      (error instanceof Error && error.name === 'ConditionalCheckFailedException')
    ) {
      return 'already-recorded';
    }
    const { errorName, httpStatus } = describeAwsError(error);
    throw new DependencyError({ service: 'DynamoDB', operation: 'PutItem', errorName, httpStatus }, error);
  }
}
