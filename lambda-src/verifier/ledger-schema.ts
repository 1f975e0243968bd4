/**
 * The ledger's key schema and record attribute types: the ONE source of truth shared by the
 * verifier Lambda (which writes records), the `<env>-ledger` Terraform stack (which creates the
 * table), the integration tests (which create the same table in dynalite) and `docs/verifier.md`.
 *
 * Dependency-free on purpose: the Terraform stacks import it at synth time and the Lambda bundle
 * tree-shakes it to a few strings.
 *
 * One record per upload attempt. The partition key names the exact object version, so a redelivered
 * S3 event for the same version fails `attribute_not_exists(pk)` and is treated as already done.
 */

/** DynamoDB scalar attribute types used by key attributes. */
export type LedgerKeyAttributeType = 'S' | 'N' | 'B';

/** DynamoDB types used by ledger record attributes. Each attribute has exactly one, always. */
export type LedgerAttributeType = 'S' | 'N' | 'BOOL' | 'L';

/** Table attribute names used in the key schema and the GSI. */
export const LEDGER_PARTITION_KEY = 'pk';
export const LEDGER_SUBJECT_ATTRIBUTE = 'subjectId';
export const LEDGER_RECORDED_AT_ATTRIBUTE = 'recordedAt';

/**
 * `subjectId` of a record whose key names no valid subject (`uploads/x.jpg`, `uploads//x.jpg`, an id with
 * control characters or over 256 characters). `subjectId` is the GSI's hash key, so it is always written
 * and never empty (DynamoDB refuses an empty string in a key attribute); the sentinel is reserved: a key
 * `uploads/(none)/<file>` is itself refused as `INVALID_KEY`, so the sentinel never names a real subject.
 */
export const LEDGER_NO_SUBJECT = '(none)';

/** GSI listing a subject's records in time order (`subjectId` = :s, `recordedAt` between ...). */
export const LEDGER_GSI_BY_SUBJECT = 'bySubject';

/** Prefix of every partition key: `UPLOAD#<bucket>/<key>#<versionId or sequencer>`. */
export const LEDGER_PK_PREFIX = 'UPLOAD#';

export interface LedgerKeyAttribute {
  name: string;
  type: LedgerKeyAttributeType;
}

export interface LedgerGlobalSecondaryIndex {
  name: string;
  hashKey: string;
  rangeKey: string;
  /** `ALL`: the subject index answers audit queries without a second read. */
  projectionType: 'ALL' | 'KEYS_ONLY';
}

export interface LedgerKeySchema {
  /** Partition key of the table (no sort key: one item per upload attempt). */
  hashKey: string;
  /** Every attribute named by a key (table or GSI), with its type: exactly the `attribute` blocks of `aws_dynamodb_table`. */
  attributes: LedgerKeyAttribute[];
  /** Exactly the `global_secondary_index` blocks of `aws_dynamodb_table`. */
  globalSecondaryIndexes: LedgerGlobalSecondaryIndex[];
}

/**
 * The table's key schema. Shaped like the cdktf `DynamodbTableConfig` fields so the ledger stack maps
 * it one to one: `hashKey` -> `hashKey`, `attributes` -> `attribute`, `globalSecondaryIndexes` ->
 * `globalSecondaryIndex`. Deeply frozen: no importer can change another's view of the schema.
 */
export const ledgerKeySchema: LedgerKeySchema = deepFreeze({
  hashKey: LEDGER_PARTITION_KEY,
  attributes: [
    { name: LEDGER_PARTITION_KEY, type: 'S' },
    { name: LEDGER_SUBJECT_ATTRIBUTE, type: 'S' },
    { name: LEDGER_RECORDED_AT_ATTRIBUTE, type: 'S' },
  ],
  globalSecondaryIndexes: [
    {
      name: LEDGER_GSI_BY_SUBJECT,
      hashKey: LEDGER_SUBJECT_ATTRIBUTE,
      rangeKey: LEDGER_RECORDED_AT_ATTRIBUTE,
      projectionType: 'ALL',
    },
  ],
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * Partition key of one upload attempt. `version` is the S3 version id, or the event's `sequencer`
 * when the bucket is unversioned (the sequencer orders writes to one key and is stable on redelivery).
 */
export function ledgerPartitionKey(bucket: string, key: string, version: string): string {
  return `${LEDGER_PK_PREFIX}${bucket}/${key}#${version}`;
}

/** One record attribute: its single DynamoDB type and whether every record carries it. */
export interface LedgerAttributeSpec {
  readonly type: LedgerAttributeType;
  /** `true`: in every record. `false`: omitted when not applicable (never written as NULL or another type). */
  readonly always: boolean;
  readonly description: string;
}

/**
 * Every attribute of a ledger record. The writer marshals from this table (and refuses a value of the
 * wrong JavaScript type), the docs table is checked against it, and tests assert every written item
 * matches it.
 */
export const LEDGER_RECORD_ATTRIBUTES = {
  pk: { type: 'S', always: true, description: 'UPLOAD#<bucket>/<key>#<versionId or sequencer>' },
  schemaVersion: { type: 'N', always: true, description: 'Record layout version (1)' },
  recordedAt: { type: 'S', always: true, description: 'ISO 8601 UTC time the decision was recorded' },
  eventTime: { type: 'S', always: true, description: 'ISO 8601 time of the S3 event' },
  subjectId: {
    type: 'S',
    always: true,
    description: 'Subject id from uploads/<subjectId>/<file>; "(none)" when the key names no valid subject',
  },
  bucket: { type: 'S', always: true, description: 'Bucket name' },
  objectKey: { type: 'S', always: true, description: 'Decoded object key' },
  versionId: { type: 'S', always: false, description: 'S3 version id (absent on an unversioned bucket)' },
  sequencer: { type: 'S', always: true, description: "The S3 event's sequencer" },
  sizeBytes: { type: 'N', always: true, description: 'Object size in bytes' },
  contentType: { type: 'S', always: true, description: 'Content-Type stored with the object ("" when none)' },
  detectedFormat: { type: 'S', always: true, description: 'Format sniffed from the bytes: jpeg, png, unknown, unread' },
  sseAlgorithm: { type: 'S', always: true, description: 'Server-side encryption reported by S3 ("" when none)' },
  imageSha256: {
    type: 'S',
    always: false,
    description: 'Hex SHA-256 of the image bytes (absent when the bytes were not read)',
  },
  referenceKey: { type: 'S', always: false, description: 'Reference image compared against (absent when none)' },
  faceCount: { type: 'N', always: false, description: 'Faces found by DetectFaces (absent when not called)' },
  faceConfidence: {
    type: 'N',
    always: false,
    description: 'Confidence of the single face, 0-100 (absent unless exactly one face)',
  },
  similarity: {
    type: 'N',
    always: false,
    description: 'Best CompareFaces similarity, 0-100 (absent when not compared)',
  },
  decision: { type: 'S', always: true, description: 'AUTHORIZED or UNAUTHORIZED' },
  reasons: { type: 'L', always: true, description: 'List of S: machine-readable reasons (empty when AUTHORIZED)' },
  faceConfidenceThreshold: { type: 'N', always: true, description: 'Threshold used, 0-100' },
  similarityThreshold: { type: 'N', always: true, description: 'Threshold used, 0-100' },
  detectionOnlyAllowed: {
    type: 'BOOL',
    always: true,
    description: 'Whether a subject without a reference could be authorized',
  },
  detectFacesRequestId: {
    type: 'S',
    always: false,
    description: 'Rekognition request id of DetectFaces (absent when not called)',
  },
  compareFacesRequestId: {
    type: 'S',
    always: false,
    description: 'Rekognition request id of CompareFaces (absent when not called)',
  },
  functionVersion: { type: 'S', always: true, description: 'Lambda function version that decided' },
  correlationId: { type: 'S', always: true, description: 'Correlation id of the record in the logs' },
} as const satisfies Record<string, LedgerAttributeSpec>;

export type LedgerRecordAttributeName = keyof typeof LEDGER_RECORD_ATTRIBUTES;
