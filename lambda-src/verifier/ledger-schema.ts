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
 *
 * Records are append-only, so every layout ever written stays readable: each layout is a numbered version
 * (`LEDGER_RECORD_VERSIONS`, written in `schemaVersion`), the verifier writes `LEDGER_SCHEMA_VERSION`, and
 * readers check an item against the version it names (`ledgerItemProblems`).
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
 * when the object has no distinct version (an unversioned bucket, or the `"null"` version of a bucket
 * whose versioning is suspended): the sequencer orders writes to one key and is stable on redelivery,
 * so two uploads of the same key never share a record.
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
 * Reasons a version-2 record may carry, in the policy's order of evaluation. Only properties of the image
 * (and of the subject's enrolled reference): `REKOGNITION_INVALID_S3_OBJECT` and `REKOGNITION_INVALID_PARAMETER`
 * are gone, because those Rekognition errors are faults (retried), never decisions.
 */
export const LEDGER_REASONS_V2 = [
  'INVALID_KEY',
  'NOT_AN_IMAGE_SUFFIX',
  'OBJECT_NOT_FOUND',
  'TOO_LARGE',
  'NOT_ENCRYPTED_WITH_VAULT_KEY',
  'NOT_AN_IMAGE',
  'REKOGNITION_INVALID_IMAGE_FORMAT',
  'REKOGNITION_IMAGE_TOO_LARGE',
  'NO_FACE',
  'MULTIPLE_FACES',
  'LOW_CONFIDENCE',
  'POSE_OUT_OF_BOUNDS',
  'LOW_QUALITY',
  'NO_REFERENCE',
  'REFERENCE_UNUSABLE',
  'NO_MATCH',
] as const;

/**
 * Reasons a version-3 record may carry: version 2's, and `IMAGE_TOO_SMALL` (an image whose header states
 * less than 80 pixels of width or height, Rekognition's minimum, decided before any Rekognition call).
 */
export const LEDGER_REASONS_V3 = [
  ...LEDGER_REASONS_V2.slice(0, LEDGER_REASONS_V2.indexOf('NOT_AN_IMAGE') + 1),
  'IMAGE_TOO_SMALL',
  ...LEDGER_REASONS_V2.slice(LEDGER_REASONS_V2.indexOf('NOT_AN_IMAGE') + 1),
] as const;

/**
 * Reasons a version-1 record may carry (the layout written before the analysed bytes were pinned): version
 * 2's, and two Rekognition errors that were recorded as decisions then. Frozen: records are append-only, so
 * readers keep accepting every reason ever written.
 */
export const LEDGER_REASONS_V1: readonly string[] = [
  ...LEDGER_REASONS_V2.slice(0, LEDGER_REASONS_V2.indexOf('NO_FACE')),
  'REKOGNITION_INVALID_S3_OBJECT',
  'REKOGNITION_INVALID_PARAMETER',
  ...LEDGER_REASONS_V2.slice(LEDGER_REASONS_V2.indexOf('NO_FACE')),
];

/**
 * Attributes of a version-1 record. Frozen: version 1 is what the ledger already holds; a new layout is a
 * new version, and readers accept every version (`ledgerItemProblems`).
 */
export const LEDGER_RECORD_ATTRIBUTES_V1 = {
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

/**
 * Attributes of a version-2 record: version 1's, with the analysed image and the reference pinned.
 * Rekognition analyses exactly the bytes whose SHA-256 is `imageSha256` (sent as bytes, or as the exact S3
 * object version), and compares them with the exact reference version `referenceVersionId` whose bytes hash
 * to `referenceSha256`. Faces are counted at the confidence threshold, and `faceConfidence`/`similarity`
 * belong to the one face that was checked.
 */
export const LEDGER_RECORD_ATTRIBUTES_V2 = {
  ...LEDGER_RECORD_ATTRIBUTES_V1,
  schemaVersion: { type: 'N', always: true, description: 'Record layout version (2)' },
  versionId: {
    type: 'S',
    always: false,
    description: 'S3 version id (absent on an unversioned bucket or for a "null" version)',
  },
  imageSha256: {
    type: 'S',
    always: false,
    description: 'Hex SHA-256 of the image bytes, the bytes Rekognition analysed (absent when not read)',
  },
  rekognitionInput: {
    type: 'S',
    always: false,
    description:
      'How the image reached Rekognition: bytes; above 5 MB s3-object-version, or s3-object when unversioned (absent when not sent)',
  },
  faceCount: {
    type: 'N',
    always: false,
    description: 'Faces found by DetectFaces, any confidence (absent when not called)',
  },
  usableFaceCount: {
    type: 'N',
    always: false,
    description: 'Faces at or above the confidence threshold (absent when DetectFaces was not called)',
  },
  faceConfidence: {
    type: 'N',
    always: false,
    description: 'Confidence of the checked face, 0-100 (absent unless exactly one usable face)',
  },
  referenceKey: { type: 'S', always: false, description: 'Reference image found for the subject (absent when none)' },
  referenceVersionId: {
    type: 'S',
    always: false,
    description: 'Version of the reference that was checked and compared (absent when none or unversioned)',
  },
  referenceSha256: {
    type: 'S',
    always: false,
    description: 'Hex SHA-256 of the reference bytes compared against (absent when not read)',
  },
  referenceFaceCount: {
    type: 'N',
    always: false,
    description: 'Faces at or above the confidence threshold in the reference (absent when not checked)',
  },
  similarity: {
    type: 'N',
    always: false,
    description: 'CompareFaces similarity of the checked face, 0-100 (absent when not compared or not matched)',
  },
} as const satisfies Record<string, LedgerAttributeSpec>;

/** Attributes of a version-3 record: version 2's; only the reasons grow (`LEDGER_REASONS_V3`). */
export const LEDGER_RECORD_ATTRIBUTES_V3 = {
  ...LEDGER_RECORD_ATTRIBUTES_V2,
  schemaVersion: { type: 'N', always: true, description: 'Record layout version (3)' },
} as const satisfies Record<string, LedgerAttributeSpec>;

/** The layout the verifier writes today. */
export const LEDGER_SCHEMA_VERSION = 3;

/** Every attribute of the record the verifier writes today (`LEDGER_SCHEMA_VERSION`). */
export const LEDGER_RECORD_ATTRIBUTES = LEDGER_RECORD_ATTRIBUTES_V3;
export type LedgerRecordAttributeName = keyof typeof LEDGER_RECORD_ATTRIBUTES;

/** Reasons of the record the verifier writes today. */
export const LEDGER_REASONS = LEDGER_REASONS_V3;

/** Every record layout readers must accept, by `schemaVersion`. */
export const LEDGER_RECORD_VERSIONS: Readonly<
  Record<
    number,
    { readonly attributes: Readonly<Record<string, LedgerAttributeSpec>>; readonly reasons: readonly string[] }
  >
> = {
  1: { attributes: LEDGER_RECORD_ATTRIBUTES_V1, reasons: LEDGER_REASONS_V1 },
  2: { attributes: LEDGER_RECORD_ATTRIBUTES_V2, reasons: LEDGER_REASONS_V2 },
  3: { attributes: LEDGER_RECORD_ATTRIBUTES_V3, reasons: LEDGER_REASONS_V3 },
};

/** A DynamoDB attribute value as stored (`{ S: "..." }`, the shape the SDK returns; no SDK import here). */
export type StoredAttributeValue = object;

function field(value: StoredAttributeValue | undefined, type: string): unknown {
  return value === undefined ? undefined : (value as Readonly<Record<string, unknown>>)[type];
}

/**
 * What is wrong with a ledger item read back from the table (empty: it is a record of a known version).
 * Readers (deployment verification, recovery) accept every version in `LEDGER_RECORD_VERSIONS`: each
 * attribute must belong to the item's version with exactly its one type, every `always` attribute must be
 * there, the decision is AUTHORIZED or UNAUTHORIZED, and every reason is one that version knows.
 */
export function ledgerItemProblems(item: Readonly<Record<string, StoredAttributeValue>>): string[] {
  const versionText = field(item.schemaVersion, 'N');
  const version = typeof versionText === 'string' ? Number(versionText) : Number.NaN;
  const layout = LEDGER_RECORD_VERSIONS[version];
  if (layout === undefined)
    return [
      `schemaVersion: not a known record version (${Object.keys(LEDGER_RECORD_VERSIONS).join(', ')}); received ${JSON.stringify(item.schemaVersion)}`,
    ];
  const problems: string[] = [];
  for (const [name, value] of Object.entries(item)) {
    const spec = layout.attributes[name];
    const types = Object.keys(value);
    if (spec === undefined) problems.push(`${name}: not an attribute of version ${version}`);
    else if (types.length !== 1 || types[0] !== spec.type)
      problems.push(`${name}: must be of type ${spec.type} (received ${types.join(', ') || 'nothing'})`);
  }
  for (const [name, spec] of Object.entries(layout.attributes))
    if (spec.always && item[name] === undefined) problems.push(`${name}: required in version ${version}`);
  const decision = field(item.decision, 'S');
  if (decision !== undefined && decision !== 'AUTHORIZED' && decision !== 'UNAUTHORIZED')
    problems.push(`decision: must be AUTHORIZED or UNAUTHORIZED (received ${JSON.stringify(decision)})`);
  const reasons = field(item.reasons, 'L');
  if (Array.isArray(reasons)) {
    for (const reason of reasons as readonly StoredAttributeValue[]) {
      const text = field(reason, 'S');
      if (typeof text !== 'string' || !layout.reasons.includes(text))
        problems.push(`reasons: ${JSON.stringify(text ?? reason)} is not a reason of version ${version}`);
    }
  }
  return problems;
}
