/**
 * End to end: the probe face image uploaded under the probe subject yields exactly one ledger
 * record within the timeout, and it is a record of a known layout version (`ledgerItemProblems`: every
 * version the verifier ever wrote is accepted). Records are found through the `bySubject` index and matched
 * on the probe's object key; they stay in the ledger (append-only), under the probe subject.
 */
import { QueryCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import {
  LEDGER_GSI_BY_SUBJECT,
  LEDGER_SUBJECT_ATTRIBUTE,
  ledgerItemProblems,
} from '../../../lambda-src/verifier/ledger-schema';
import { errorText, PROBE_SUBJECT, type VerifyContext } from '../context';
import { fail, judge, skip, type CheckResult } from '../report';
import type { Probe } from './storage';

const ID = 'end-to-end';
const TITLE = 'End to end: probe upload -> exactly one ledger record';

/** Extra wait after the first record appears, to catch a duplicate write. */
const SETTLE_MS = 5_000;
const POLL_MS = 3_000;

export async function checkEndToEnd(ctx: VerifyContext, probe: Probe): Promise<CheckResult> {
  if (!probe.uploaded) return skip(ID, TITLE, 'the probe image was not uploaded (see the SSE-KMS check)');
  const started = ctx.now().getTime();
  const deadline = started + ctx.options.e2eTimeoutMs;
  let records: Record<string, AttributeValue>[];
  try {
    records = await probeRecords(ctx, probe);
    while (records.length === 0 && ctx.now().getTime() < deadline) {
      await ctx.sleep(POLL_MS);
      records = await probeRecords(ctx, probe);
    }
    if (records.length > 0) {
      await ctx.sleep(SETTLE_MS);
      records = await probeRecords(ctx, probe);
    }
  } catch (error) {
    return fail(ID, TITLE, [`Query ${ctx.names.ledgerTable} (${LEDGER_GSI_BY_SUBJECT}): ${errorText(error)}`]);
  }
  const elapsed = ((ctx.now().getTime() - started) / 1000).toFixed(1);
  const evidence = records.map(
    (r) =>
      `record ${r.pk?.S ?? '?'}: schemaVersion ${r.schemaVersion?.N ?? '?'}, decision ${r.decision?.S ?? '?'}, recordedAt ${r.recordedAt?.S ?? '?'}, correlationId ${r.correlationId?.S ?? '?'}`,
  );
  if (records.length === 0) evidence.push(`no record for s3://${probe.bucket}/${probe.key} after ${elapsed} s`);
  else evidence.push(`observed within ${elapsed} s`);
  const problems = records.flatMap((r) => ledgerItemProblems(r));
  return judge(ID, TITLE, evidence, [
    [records.length === 1, `expected exactly one ledger record, found ${records.length}`],
    [problems.length === 0, `not a ledger record of a known version: ${problems.join('; ')}`],
  ]);
}

async function probeRecords(ctx: VerifyContext, probe: Probe): Promise<Record<string, AttributeValue>[]> {
  const out: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await ctx.clients.dynamodb.send(
      new QueryCommand({
        TableName: ctx.names.ledgerTable,
        IndexName: LEDGER_GSI_BY_SUBJECT,
        KeyConditionExpression: '#s = :s',
        FilterExpression: '#k = :k',
        ExpressionAttributeNames: { '#s': LEDGER_SUBJECT_ATTRIBUTE, '#k': 'objectKey' },
        ExpressionAttributeValues: { ':s': { S: PROBE_SUBJECT }, ':k': { S: probe.key } },
        ...(start !== undefined ? { ExclusiveStartKey: start } : {}),
      }),
    );
    out.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return out;
}
