import { Construct } from 'constructs';
import { LambdaEventSourceMapping } from '@cdktf/provider-aws/lib/lambda-event-source-mapping';

export interface QueueEventSourceProps {
  readonly queueArn: string;
  readonly functionName: string;
  /**
   * Most concurrent invocations the event source starts (2-1000). Keep the function's reserved concurrency
   * at least this: the event source does not count it, and a throttled invocation hands its messages out again.
   */
  readonly maximumConcurrency: number;
  /** Messages per invocation (1-10, no batching window). @default 10 */
  readonly batchSize?: number;
}

/**
 * An SQS event source mapping that reports partial batch failures (`ReportBatchItemFailures`: only the
 * messages the function names are received again; the rest are deleted) and bounds its concurrency.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html
 */
export class QueueEventSource extends Construct {
  public readonly mapping: LambdaEventSourceMapping;

  public constructor(scope: Construct, id: string, props: QueueEventSourceProps) {
    super(scope, id);
    const batchSize = props.batchSize ?? 10;
    const problems: string[] = [];
    if (!Number.isInteger(props.maximumConcurrency) || props.maximumConcurrency < 2 || props.maximumConcurrency > 1000)
      problems.push(
        `maximumConcurrency: must be an integer from 2 to 1000 (received ${JSON.stringify(props.maximumConcurrency)})`,
      );
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10)
      problems.push(`batchSize: must be an integer from 1 to 10 (received ${JSON.stringify(batchSize)})`);
    if (problems.length > 0) throw new Error(`QueueEventSource ${id}: invalid props:\n  - ${problems.join('\n  - ')}`);
    this.mapping = new LambdaEventSourceMapping(this, 'mapping', {
      eventSourceArn: props.queueArn,
      functionName: props.functionName,
      batchSize,
      functionResponseTypes: ['ReportBatchItemFailures'],
      scalingConfig: { maximumConcurrency: props.maximumConcurrency },
    });
  }
}
