/**
 * The ledger's stream consumer: every change DynamoDB Streams delivers (NEW_AND_OLD_IMAGES) is
 *
 * 1. turned into a digest entry (the record's key, the change, the stream's sequence number and server
 *    time, the canonical hash of the record after and before the change, the names of changed attributes);
 * 2. staged, the whole batch as one object under `staging/<hour>/` of the digest bucket, written only if
 *    absent (a redelivered batch finds its object), for the digest job to seal into the next digest;
 * 3. for a MODIFY or a REMOVE, published to the alert topic at once, naming the record's key and the
 *    changed attributes (names only: no value of any attribute, so no biometric data, leaves the ledger),
 *    and counted in a metric.
 *
 * A batch either completes all three or fails as a whole: Lambda retries it (splitting it on repeated
 * failures), and after the event source mapping's retries it goes to the failure queue, whose alarm pages.
 * Delivery is at least once, so a change may be staged or alerted twice; a repeated entry carries the same
 * `eventId` and content, which the digest job and `ledger:verify` recognise as one change.
 */
import { createHash } from 'node:crypto';
import { canonicalItem, canonicalKey, displayKey, itemHash, keyHash, type ItemLike } from './canonical';
import {
  isoSeconds,
  stagingHourPrefix,
  STAGED_BATCH_FORMAT,
  type ChangeEvent,
  type DigestEntry,
  type StagedBatch,
} from './digest-format';
import { canonicalJson } from './canonical';

/** One record of a DynamoDB Streams event as Lambda delivers it (the fields read here). */
export interface StreamRecord {
  readonly eventID?: string;
  readonly eventName?: string;
  readonly eventSourceARN?: string;
  readonly dynamodb?: {
    readonly ApproximateCreationDateTime?: number;
    readonly Keys?: Record<string, unknown>;
    readonly NewImage?: Record<string, unknown>;
    readonly OldImage?: Record<string, unknown>;
    readonly SequenceNumber?: string;
    readonly StreamViewType?: string;
  };
  readonly userIdentity?: { readonly type?: string; readonly principalId?: string };
}

export interface StreamEvent {
  readonly Records?: readonly StreamRecord[];
}

/** A stream record that cannot be turned into a digest entry: the batch fails (and is retried, then dead-lettered). */
export class StreamRecordError extends Error {
  public override readonly name: string = 'StreamRecordError';
  public readonly recordIndex: number;

  public constructor(message: string, recordIndex: number, options?: { cause?: unknown }) {
    super(`stream record ${recordIndex}: ${message}`, options);
    this.recordIndex = recordIndex;
  }
}

/** An alert for one MODIFY or REMOVE: key and attribute names only. */
export interface ChangeAlert {
  readonly environment: string;
  readonly event: Exclude<ChangeEvent, 'INSERT'>;
  readonly key: string;
  readonly changedAttributes: readonly string[];
  readonly eventTime: string;
  readonly eventId: string;
  readonly sequenceNumber: string;
  readonly principal: string | null;
}

/** Where staged batches go: `putIfAbsent` writes the object unless one exists under the key. */
export interface StagingWriter {
  putIfAbsent(key: string, body: Buffer): Promise<'written' | 'exists'>;
}

export interface AlertPublisher {
  publish(alerts: readonly ChangeAlert[]): Promise<void>;
}

export interface ConsumerCounters {
  count(metric: 'inserted' | 'modified' | 'removed', n: number): void;
}

export interface ConsumerDependencies {
  readonly environment: string;
  readonly keyAttributes: readonly string[];
  readonly staging: StagingWriter;
  readonly alerts: AlertPublisher;
  readonly counters: ConsumerCounters;
  readonly now: () => number;
}

export interface ConsumerResult {
  readonly entries: number;
  readonly stagedKey: string | undefined;
  readonly staged: 'written' | 'exists' | 'nothing';
  readonly alerts: number;
}

const EVENTS = new Set<string>(['INSERT', 'MODIFY', 'REMOVE']);

function attributeNames(image: Record<string, unknown> | undefined): string[] {
  return image === undefined ? [] : Object.keys(image).filter((k) => image[k] !== undefined);
}

/** Names of the attributes whose canonical value differs between the two images (added and removed too). */
export function changedAttributes(oldImage: Record<string, unknown>, newImage: Record<string, unknown>): string[] {
  const names = new Set([...attributeNames(oldImage), ...attributeNames(newImage)]);
  const changed: string[] = [];
  for (const name of names) {
    const before = oldImage[name];
    const after = newImage[name];
    if (before === undefined || after === undefined) changed.push(name);
    else if (canonicalItem({ v: before }) !== canonicalItem({ v: after })) changed.push(name);
  }
  return changed.sort();
}

/** The digest entry of one stream record; throws `StreamRecordError` naming what is missing or malformed. */
export function toEntry(record: StreamRecord, index: number, keyAttributes: readonly string[]): DigestEntry {
  return readRecord(record, index, keyAttributes).entry;
}

/** The entry of a stream record, and the record's canonical key in clear (for the alert alone). */
export function readRecord(
  record: StreamRecord,
  index: number,
  keyAttributes: readonly string[],
): { readonly entry: DigestEntry; readonly key: string } {
  const d = record.dynamodb;
  const event = record.eventName ?? '';
  const fail = (message: string, cause?: unknown): never => {
    throw new StreamRecordError(message, index, cause === undefined ? undefined : { cause });
  };
  if (!EVENTS.has(event))
    fail(`eventName must be INSERT, MODIFY or REMOVE (received ${JSON.stringify(record.eventName)})`);
  if (typeof record.eventID !== 'string' || record.eventID === '') fail('eventID is missing');
  if (d === undefined) return fail('dynamodb is missing');
  if (typeof d.SequenceNumber !== 'string' || !/^\d+$/.test(d.SequenceNumber))
    fail('dynamodb.SequenceNumber is missing');
  if (typeof d.ApproximateCreationDateTime !== 'number' || !Number.isFinite(d.ApproximateCreationDateTime))
    fail('dynamodb.ApproximateCreationDateTime is missing');
  if (d.Keys === undefined) fail('dynamodb.Keys is missing');
  const needNew = event !== 'REMOVE';
  const needOld = event !== 'INSERT';
  if (needNew && d.NewImage === undefined)
    fail(`dynamodb.NewImage is missing (the stream must be NEW_AND_OLD_IMAGES; received ${String(d.StreamViewType)})`);
  if (needOld && d.OldImage === undefined)
    fail(`dynamodb.OldImage is missing (the stream must be NEW_AND_OLD_IMAGES; received ${String(d.StreamViewType)})`);
  try {
    const newImage = needNew ? (d.NewImage as Record<string, unknown>) : undefined;
    const oldImage = needOld ? (d.OldImage as Record<string, unknown>) : undefined;
    const recordedAt = (newImage ?? oldImage)?.recordedAt;
    const recordedAtText =
      typeof recordedAt === 'object' && recordedAt !== null && typeof (recordedAt as { S?: unknown }).S === 'string'
        ? (recordedAt as { S: string }).S
        : null;
    const principal =
      record.userIdentity?.principalId !== undefined && record.userIdentity.principalId !== ''
        ? record.userIdentity.principalId
        : null;
    const key = canonicalKey(d.Keys as ItemLike, keyAttributes);
    const entry: DigestEntry = {
      eventId: record.eventID as string,
      event: event as ChangeEvent,
      keySha256: keyHash(key),
      sequenceNumber: d.SequenceNumber as string,
      eventTime: isoSeconds((d.ApproximateCreationDateTime as number) * 1000),
      recordedAt: recordedAtText,
      sha256: newImage === undefined ? null : itemHash(newImage),
      previousSha256: oldImage === undefined ? null : itemHash(oldImage),
      changedAttributes:
        event === 'MODIFY' && newImage !== undefined && oldImage !== undefined
          ? changedAttributes(oldImage, newImage)
          : [],
      principal,
    };
    return { entry, key };
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error), error);
  }
}

/** Key of a staged batch: the hour of the consumer's clock, and a hash of the batch's event ids (a redelivery finds it). */
export function stagedBatchKey(entries: readonly DigestEntry[], nowMs: number): string {
  const id = createHash('sha256')
    .update(entries.map((e) => e.eventId).join('\n'))
    .digest('hex')
    .slice(0, 40);
  return `${stagingHourPrefix(nowMs)}${id}-${entries.length}.json`;
}

export function alertFor(entry: DigestEntry, key: string, environment: string): ChangeAlert | undefined {
  if (entry.event === 'INSERT') return undefined;
  return {
    environment,
    event: entry.event,
    key,
    changedAttributes: entry.event === 'REMOVE' ? [] : entry.changedAttributes,
    eventTime: entry.eventTime,
    eventId: entry.eventId,
    sequenceNumber: entry.sequenceNumber,
    principal: entry.principal,
  };
}

/** The subject (at most 100 characters) and text of an alert e-mail. */
export function renderAlert(alert: ChangeAlert): { subject: string; message: string } {
  const what = alert.event === 'MODIFY' ? 'changed' : 'deleted';
  const subject = `Ledger record ${what} (${alert.environment})`.slice(0, 100);
  const lines = [
    `A record of the ${alert.environment} ledger was ${what}. Ledger records are append-only: unless this is a`,
    'documented break-glass recovery, treat it as tampering (docs/ledger-integrity.md, "Responding to an alert").',
    '',
    `Change: ${alert.event}`,
    `Record: ${displayKey(alert.key)}`,
    ...(alert.event === 'MODIFY' ? [`Changed attributes: ${alert.changedAttributes.join(', ') || '(none)'}`] : []),
    `Time (DynamoDB): ${alert.eventTime}`,
    `Stream event: ${alert.eventId} (sequence ${alert.sequenceNumber})`,
    alert.principal === null
      ? "Who: DynamoDB Streams does not say; the trail's data events for the ledger table name the principal."
      : `Who: ${alert.principal}`,
  ];
  return { subject, message: lines.join('\n') };
}

/** Handles one batch: entries, staging, alerts, counts. Throws on any failure (the batch is retried whole). */
export async function consumeBatch(event: StreamEvent, deps: ConsumerDependencies): Promise<ConsumerResult> {
  const records = event.Records ?? [];
  const entries: DigestEntry[] = [];
  const keys: string[] = [];
  const seen = new Set<string>();
  let streamArn = '';
  records.forEach((r, i) => {
    const { entry, key } = readRecord(r, i, deps.keyAttributes);
    if (streamArn === '' && typeof r.eventSourceARN === 'string') streamArn = r.eventSourceARN;
    if (seen.has(entry.eventId)) return;
    seen.add(entry.eventId);
    entries.push(entry);
    keys.push(key);
  });
  if (entries.length === 0) return { entries: 0, stagedKey: undefined, staged: 'nothing', alerts: 0 };

  const batch: StagedBatch = { format: STAGED_BATCH_FORMAT, streamArn, entries };
  const key = stagedBatchKey(entries, deps.now());
  const staged = await deps.staging.putIfAbsent(key, Buffer.from(canonicalJson(batch), 'utf8'));

  const alerts = entries
    .map((e, i) => alertFor(e, keys[i] ?? '', deps.environment))
    .filter((a): a is ChangeAlert => a !== undefined);
  if (alerts.length > 0) await deps.alerts.publish(alerts);

  const count = (e: ChangeEvent): number => entries.filter((x) => x.event === e).length;
  deps.counters.count('inserted', count('INSERT'));
  deps.counters.count('modified', count('MODIFY'));
  deps.counters.count('removed', count('REMOVE'));
  return { entries: entries.length, stagedKey: key, staged, alerts: alerts.length };
}
