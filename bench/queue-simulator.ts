/**
 * An SQS standard queue with a redrive policy, and Lambda's SQS event source mapping in front of a function,
 * as AWS documents them, for the load benchmark (in one process, with the wall clock):
 *
 * - Receiving hands out up to `batchSize` visible messages and hides them for the visibility timeout; each
 *   receive counts (`ApproximateReceiveCount`). A message received more than `maxReceiveCount` times moves
 *   to the dead-letter queue instead of being handed out again.
 *   https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
 * - The event source keeps at most `maximumConcurrency` invocations running, each with one batch; with
 *   `ReportBatchItemFailures`, the messages the function names stay on the queue (visible again after the
 *   visibility timeout), the rest are deleted; a thrown invocation leaves the whole batch.
 *   https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 *
 * Simplifications, stated: every poller starts at once (Lambda starts with five and adds up to 300 a minute,
 * so a maximum concurrency of 10 is reached within seconds); an empty receive waits `pollMs` (long polling).
 */

export interface QueueMessage {
  readonly messageId: string;
  readonly body: string;
  receiveCount: number;
  visibleAt: number;
}

export interface BatchResult {
  readonly batchItemFailures?: readonly { readonly itemIdentifier: string }[];
}

/** One function instance: invoked with one SQS batch at a time. */
export type Invoke = (
  event: unknown,
  context: { awsRequestId: string; getRemainingTimeInMillis: () => number },
) => Promise<unknown>;

export interface SimulatorOptions {
  readonly visibilityTimeoutMs: number;
  readonly maxReceiveCount: number;
  readonly batchSize: number;
  /** Wait after an empty receive. @default 50 */
  readonly pollMs?: number;
  /** The function's timeout, for `getRemainingTimeInMillis`. @default 60000 */
  readonly functionTimeoutMs?: number;
  readonly now?: () => number;
}

export class SimulatedQueue {
  private readonly messages = new Map<string, QueueMessage>();
  public readonly deadLetters: QueueMessage[] = [];
  private next = 0;
  public receives = 0;
  public deletes = 0;

  public constructor(private readonly options: SimulatorOptions) {}

  private now(): number {
    return (this.options.now ?? (() => performance.now()))();
  }

  public send(body: string): void {
    this.next += 1;
    const messageId = `m-${this.next}`;
    this.messages.set(messageId, { messageId, body, receiveCount: 0, visibleAt: this.now() });
  }

  /** Messages waiting or in flight. */
  public get size(): number {
    return this.messages.size;
  }

  public receive(max: number): QueueMessage[] {
    const now = this.now();
    const out: QueueMessage[] = [];
    for (const m of this.messages.values()) {
      if (out.length >= max) break;
      if (m.visibleAt > now) continue;
      if (m.receiveCount >= this.options.maxReceiveCount) {
        this.messages.delete(m.messageId);
        this.deadLetters.push(m);
        continue;
      }
      m.receiveCount += 1;
      m.visibleAt = now + this.options.visibilityTimeoutMs;
      out.push(m);
    }
    this.receives += out.length;
    return out;
  }

  public delete(messageId: string): void {
    if (this.messages.delete(messageId)) this.deletes += 1;
  }

  /** The event a Lambda event source mapping hands the function for these messages. */
  public static event(batch: readonly QueueMessage[]): unknown {
    return {
      Records: batch.map((m) => ({
        messageId: m.messageId,
        receiptHandle: `rh-${m.messageId}-${m.receiveCount}`,
        body: m.body,
        attributes: { ApproximateReceiveCount: String(m.receiveCount), SentTimestamp: '0' },
        messageAttributes: {},
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:111111111111:bench-intake',
        awsRegion: 'us-east-1',
      })),
    };
  }
}

/**
 * Runs the event source mapping: one poller per instance, until `done()` says so. Returns the number of
 * invocations and of messages reported failed.
 */
export async function runEventSource(
  queue: SimulatedQueue,
  instances: readonly Invoke[],
  options: SimulatorOptions,
  done: () => boolean,
): Promise<{ invocations: number; failedMessages: number; thrownInvocations: number }> {
  let invocations = 0;
  let failedMessages = 0;
  let thrownInvocations = 0;
  const timeout = options.functionTimeoutMs ?? 60_000;
  const pollMs = options.pollMs ?? 50;
  await Promise.all(
    instances.map(async (invoke, instance) => {
      while (!done()) {
        const batch = queue.receive(options.batchSize);
        if (batch.length === 0) {
          await new Promise((resolve) => setTimeout(resolve, pollMs));
          continue;
        }
        invocations += 1;
        const started = performance.now();
        const context = {
          awsRequestId: `i${instance}-${invocations}`,
          getRemainingTimeInMillis: () => timeout - (performance.now() - started),
        };
        try {
          const result = (await invoke(SimulatedQueue.event(batch), context)) as BatchResult;
          const failed = new Set((result.batchItemFailures ?? []).map((f) => f.itemIdentifier));
          failedMessages += failed.size;
          for (const m of batch) if (!failed.has(m.messageId)) queue.delete(m.messageId);
        } catch {
          thrownInvocations += 1;
          failedMessages += batch.length;
        }
      }
    }),
  );
  return { invocations, failedMessages, thrownInvocations };
}
