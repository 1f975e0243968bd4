/**
 * The stream consumer: stream records to digest entries, staging, and alerts that name the record key and
 * the changed attributes and never an attribute's value. SNS has no local stand-in: aws-sdk-client-mock.
 */
import { PublishBatchCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { SnsAlertPublisher } from '../../lambda-src/ledger-integrity/aws';
import {
  StreamRecordError,
  changedAttributes,
  consumeBatch,
  renderAlert,
  toEntry,
  type ChangeAlert,
  type ConsumerDependencies,
  type StreamRecord,
} from '../../lambda-src/ledger-integrity/stream-consumer';
import { present } from '../helpers/present';
import { T0, ledgerItem } from './support/ledger-world';

const item = ledgerItem(1, T0);
const record = (over: Partial<StreamRecord> = {}, dynamodb: Record<string, unknown> = {}): StreamRecord => ({
  eventID: 'e1',
  eventName: 'INSERT',
  eventSourceARN: 'arn:aws:dynamodb:eu-west-1:111111111111:table/t/stream/x',
  ...over,
  dynamodb: {
    ApproximateCreationDateTime: T0 / 1000,
    Keys: { pk: item.pk },
    NewImage: item,
    SequenceNumber: '000000000000000000001',
    StreamViewType: 'NEW_AND_OLD_IMAGES',
    ...dynamodb,
  },
});

function deps(
  over: Partial<ConsumerDependencies> = {},
): ConsumerDependencies & { staged: string[]; published: ChangeAlert[] } {
  const staged: string[] = [];
  const published: ChangeAlert[] = [];
  return {
    environment: 'prod',
    keyAttributes: ['pk'],
    staging: { putIfAbsent: (k) => Promise.resolve(staged.includes(k) ? 'exists' : (staged.push(k), 'written')) },
    alerts: { publish: (a) => Promise.resolve(void published.push(...a)) },
    counters: { count: () => undefined },
    now: () => T0,
    staged,
    published,
    ...over,
  };
}

test('an INSERT becomes an entry with the record hash and no alert', async () => {
  const d = deps();
  const r = await consumeBatch({ Records: [record()] }, d);
  expect([r.entries, r.staged, r.alerts]).toEqual([1, 'written', 0]);
  expect(r.stagedKey).toMatch(/^staging\/2025\/03\/01\/00\/[0-9a-f]{40}-1\.json$/);
  expect(toEntry(record(), 0, ['pk'])).toEqual(
    expect.objectContaining({
      event: 'INSERT',
      previousSha256: null,
      changedAttributes: [],
      recordedAt: '2025-03-01T00:00:00.000Z',
      eventTime: '2025-03-01T00:00:00Z',
    }),
  );
  expect(d.published).toEqual([]);
});

test('a MODIFY and a REMOVE are alerted with the key and attribute names, never values', async () => {
  const d = deps();
  const changed = {
    ...item,
    decision: { S: 'UNAUTHORIZED' },
    reasons: { L: [{ S: 'NO_MATCH' }] },
    extra: { S: 'secret value' },
  };
  await consumeBatch(
    {
      Records: [
        record({ eventID: 'e2', eventName: 'MODIFY' }, { NewImage: changed, OldImage: item, SequenceNumber: '2' }),
        record(
          {
            eventID: 'e3',
            eventName: 'REMOVE',
            userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' },
          },
          { NewImage: undefined, OldImage: changed, SequenceNumber: '3' },
        ),
      ],
    },
    d,
  );
  expect(d.published.map((a) => [a.event, a.changedAttributes, a.principal])).toEqual([
    ['MODIFY', ['decision', 'extra', 'reasons'], null],
    ['REMOVE', [], 'dynamodb.amazonaws.com'],
  ]);
  const text = d.published.map((a) => JSON.stringify(renderAlert(a))).join('\n');
  expect(text).not.toMatch(/UNAUTHORIZED|NO_MATCH|secret value|image-1/);
  const mail = renderAlert(present(d.published[0], 'the MODIFY alert'));
  expect(mail.subject).toBe('Ledger record changed (prod)');
  expect(mail.message).toContain(`Record: pk=${(item.pk as { S: string }).S}`);
  expect(mail.message).toContain('Changed attributes: decision, extra, reasons');
  expect(mail.message).toContain("the trail's data events for the ledger table name the principal");
  expect(renderAlert(present(d.published[1], 'the REMOVE alert')).message).toContain('Who: dynamodb.amazonaws.com');
});

test('changedAttributes compares canonical values: a renormalized number is no change', () => {
  expect(changedAttributes({ a: { N: '1.50' }, b: { S: 'x' } }, { a: { N: '1.5' }, c: { S: 'y' } })).toEqual([
    'b',
    'c',
  ]);
});

test('a redelivered record in the same batch is staged once; a redelivered batch finds its object', async () => {
  const d = deps();
  await consumeBatch({ Records: [record(), record()] }, d);
  const again = await consumeBatch({ Records: [record()] }, d);
  expect(again.staged).toBe('exists');
  expect(d.staged).toHaveLength(1);
  expect(await consumeBatch({ Records: [] }, d)).toEqual({
    entries: 0,
    stagedKey: undefined,
    staged: 'nothing',
    alerts: 0,
  });
});

test.each([
  [record({ eventName: 'UPDATE' }), 'stream record 1: eventName must be INSERT, MODIFY or REMOVE (received "UPDATE")'],
  [record({ eventID: '' }), 'stream record 1: eventID is missing'],
  [record({}, { SequenceNumber: undefined }), 'dynamodb.SequenceNumber is missing'],
  [record({}, { ApproximateCreationDateTime: undefined }), 'dynamodb.ApproximateCreationDateTime is missing'],
  [record({}, { Keys: undefined }), 'dynamodb.Keys is missing'],
  [
    record({}, { NewImage: undefined, StreamViewType: 'KEYS_ONLY' }),
    'dynamodb.NewImage is missing (the stream must be NEW_AND_OLD_IMAGES; received KEYS_ONLY)',
  ],
  [
    record({ eventName: 'MODIFY' }, { StreamViewType: 'NEW_IMAGE' }),
    'dynamodb.OldImage is missing (the stream must be NEW_AND_OLD_IMAGES; received NEW_IMAGE)',
  ],
  [record({}, { NewImage: { ...item, sizeBytes: { N: 'x' } } }), 'sizeBytes: not a DynamoDB number: "x"'],
  [record({}, { Keys: { other: { S: 'x' } } }), 'key attribute pk is missing'],
])('a malformed record fails the whole batch, nothing staged or alerted: %#', async (bad, message) => {
  const d = deps();
  const error = await consumeBatch({ Records: [record({ eventID: 'ok' }), bad] }, d).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(StreamRecordError);
  expect((error as Error).message).toContain(message);
  expect([d.staged, d.published]).toEqual([[], []]);
});

test('a failed alert fails the batch (after staging, which a retry finds again)', async () => {
  const d = deps({ alerts: { publish: () => Promise.reject(new Error('SNS throttled')) } });
  await expect(
    consumeBatch({ Records: [record({ eventName: 'REMOVE' }, { NewImage: undefined, OldImage: item })] }, d),
  ).rejects.toThrow('SNS throttled');
});

describe('SnsAlertPublisher', () => {
  const alert = (i: number): ChangeAlert => ({
    environment: 'prod',
    event: 'REMOVE',
    key: `{"pk":{"S":"k${i}"}}`,
    changedAttributes: [],
    eventTime: '2025-03-01T00:00:00Z',
    eventId: `e${i}`,
    sequenceNumber: String(i),
    principal: null,
  });

  test('publishes ten alerts per request to the alert topic', async () => {
    const sns = new SNSClient({ region: 'eu-west-1' });
    const m = mockClient(sns);
    m.on(PublishBatchCommand).resolves({ Successful: [], Failed: [] });
    await new SnsAlertPublisher(sns, 'arn:aws:sns:eu-west-1:111111111111:alerts').publish(
      Array.from({ length: 23 }, (_, i) => alert(i)),
    );
    const calls = m.commandCalls(PublishBatchCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => [c.TopicArn, c.PublishBatchRequestEntries?.length])).toEqual([
      ['arn:aws:sns:eu-west-1:111111111111:alerts', 10],
      ['arn:aws:sns:eu-west-1:111111111111:alerts', 10],
      ['arn:aws:sns:eu-west-1:111111111111:alerts', 3],
    ]);
    expect(calls[0]?.PublishBatchRequestEntries?.[0]).toEqual(
      expect.objectContaining({ Id: 'a0', Subject: 'Ledger record deleted (prod)' }),
    );
    m.restore();
  });

  test('an entry SNS refuses fails the publish', async () => {
    const sns = new SNSClient({ region: 'eu-west-1' });
    const m = mockClient(sns);
    m.on(PublishBatchCommand).resolves({
      Failed: [{ Id: 'a0', Code: 'KMSAccessDenied', SenderFault: true, Message: 'no key access' }],
    });
    await expect(
      new SnsAlertPublisher(sns, 'arn:aws:sns:eu-west-1:111111111111:alerts').publish([alert(0)]),
    ).rejects.toThrow('SNS refused 1 alert(s): KMSAccessDenied no key access');
    m.restore();
  });
});
