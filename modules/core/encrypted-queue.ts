import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { SqsQueueRedriveAllowPolicy } from '@cdktf/provider-aws/lib/sqs-queue-redrive-allow-policy';
import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { AwsContext } from './aws-context';

/** An AWS service allowed to send to the queue on behalf of one resource of one account (confused-deputy safe). */
export interface QueueServicePublisher {
  /** Service principal, for example `s3.amazonaws.com`. */
  readonly service: string;
  /** ARN of the resource the service sends for (`aws:SourceArn`), for example the bucket. */
  readonly sourceArn: string;
  /** Account that owns that resource (`aws:SourceAccount`). */
  readonly sourceAccount: string;
}

/** Queue actions that consume messages: whoever holds them can make a message disappear. */
export const SQS_CONSUME_ACTIONS = [
  'sqs:ChangeMessageVisibility',
  'sqs:DeleteMessage',
  'sqs:PurgeQueue',
  'sqs:ReceiveMessage',
] as const;

export interface EncryptedQueueProps {
  /** The account, partition and region: the queue policy names the queue by the ARN of its name. */
  readonly aws: AwsContext;
  readonly queueName: string;
  /** Customer-managed key encrypting messages at rest. */
  readonly kmsKeyArn: string;
  /**
   * Seconds a message is kept. Failure-queue messages are evidence: keep them as long as SQS allows.
   * @default 1209600 (14 days, the SQS maximum)
   */
  readonly messageRetentionSeconds?: number;
  /**
   * Seconds a data key is reused before SQS asks KMS again.
   * @default 300
   */
  readonly kmsDataKeyReusePeriodSeconds?: number;
  /** Seconds a received message stays invisible to other consumers. @default 30 (the SQS default) */
  readonly visibilityTimeoutSeconds?: number;
  /**
   * Where messages go after `maxReceiveCount` receives. The dead-letter queue must keep messages longer than
   * this queue: SQS keeps a moved message's original enqueue time.
   * @default none
   */
  readonly deadLetter?: { readonly queueArn: string; readonly maxReceiveCount: number };
  /** AWS services that may send, each for one source resource and account. @default [] */
  readonly servicePublishers?: readonly QueueServicePublisher[];
  /**
   * Who alone may use the queue: the queue policy denies everyone else, whatever their identity policies
   * grant (an administrator with `sqs:*` included).
   * - `send`: the principals (role ARNs) and service principals that alone may send;
   * - `consume`: the principals that alone may receive, delete, change visibility or purge.
   * @default unrestricted: identity policies and the key policy decide
   */
  readonly exclusiveAccess?: {
    readonly send?: { readonly principalArns: readonly string[]; readonly servicePrincipals: readonly string[] };
    readonly consume?: { readonly principalArns: readonly string[] };
  };
}

/**
 * An SQS queue encrypted with a customer-managed key whose policy refuses any request not made over
 * TLS. Beyond the service publishers it names, it grants nothing: senders and readers need
 * identity-based permissions (and the key's); `exclusiveAccess` narrows who may send and consume.
 */
export class EncryptedQueue extends Construct {
  public readonly queue: SqsQueue;
  public readonly policyDocument: DataAwsIamPolicyDocument;
  public readonly policy: SqsQueuePolicy;
  /** The queue resource's `arn` attribute (a reference: known after the queue is created). */
  public readonly queueArn: string;
  /**
   * The queue's ARN built from its name: known in the first plan, for policies (the queue's own and
   * its senders' and consumers'). It carries no dependency on the queue: anything that needs the
   * queue to exist (an event source, a destination, a redrive policy) takes `queueArn`.
   */
  public readonly knownArn: string;
  public readonly queueName: string;
  public readonly queueUrl: string;

  public constructor(scope: Construct, id: string, props: EncryptedQueueProps) {
    super(scope, id);
    const retention = props.messageRetentionSeconds ?? 1_209_600;
    const reuse = props.kmsDataKeyReusePeriodSeconds ?? 300;
    const visibility = props.visibilityTimeoutSeconds ?? 30;
    const problems: string[] = [];
    const check = (ok: boolean, field: string, value: unknown, message: string): void => {
      if (!ok) problems.push(`${field}: ${message} (received ${JSON.stringify(value)})`);
    };
    check(
      Number.isInteger(retention) && retention >= 60 && retention <= 1_209_600,
      'messageRetentionSeconds',
      retention,
      'must be an integer from 60 to 1209600',
    );
    check(
      Number.isInteger(reuse) && reuse >= 60 && reuse <= 86_400,
      'kmsDataKeyReusePeriodSeconds',
      reuse,
      'must be an integer from 60 to 86400',
    );
    check(
      Number.isInteger(visibility) && visibility >= 0 && visibility <= 43_200,
      'visibilityTimeoutSeconds',
      visibility,
      'must be an integer from 0 to 43200',
    );
    const maxReceive = props.deadLetter?.maxReceiveCount;
    if (maxReceive !== undefined)
      check(
        Number.isInteger(maxReceive) && maxReceive >= 1 && maxReceive <= 1000,
        'deadLetter.maxReceiveCount',
        maxReceive,
        'must be an integer from 1 to 1000',
      );
    const exclusive = props.exclusiveAccess;
    if (exclusive?.send !== undefined)
      check(
        exclusive.send.principalArns.length + exclusive.send.servicePrincipals.length > 0,
        'exclusiveAccess.send',
        exclusive.send,
        'must name at least one sender',
      );
    if (exclusive?.consume !== undefined)
      check(
        exclusive.consume.principalArns.length > 0,
        'exclusiveAccess.consume',
        exclusive.consume,
        'must name at least one consumer',
      );
    if (problems.length > 0) throw new Error(`EncryptedQueue ${id}: invalid props:\n  - ${problems.join('\n  - ')}`);

    this.queue = new SqsQueue(this, 'queue', {
      name: props.queueName,
      kmsMasterKeyId: props.kmsKeyArn,
      kmsDataKeyReusePeriodSeconds: reuse,
      messageRetentionSeconds: retention,
      ...(props.visibilityTimeoutSeconds === undefined ? {} : { visibilityTimeoutSeconds: visibility }),
      ...(props.deadLetter === undefined
        ? {}
        : {
            redrivePolicy: Fn.jsonencode({
              deadLetterTargetArn: props.deadLetter.queueArn,
              maxReceiveCount: props.deadLetter.maxReceiveCount,
            }),
          }),
    });
    this.queueArn = this.queue.arn;
    this.knownArn = props.aws.queueArn(props.queueName);
    this.queueName = this.queue.name;
    this.queueUrl = this.queue.url;
    const everyone = [{ type: '*', identifiers: ['*'] }];
    const statements: DataAwsIamPolicyDocumentStatement[] = [
      {
        sid: 'DenyWithoutTls',
        effect: 'Deny',
        principals: everyone,
        actions: ['sqs:*'],
        resources: [this.knownArn],
        condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
      },
      ...(props.servicePublishers ?? []).map((p, i): DataAwsIamPolicyDocumentStatement => ({
        sid: `ServicePublisher${i}`,
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: [p.service] }],
        actions: ['sqs:SendMessage'],
        resources: [this.knownArn],
        condition: [
          { test: 'ArnLike', variable: 'aws:SourceArn', values: [p.sourceArn] },
          { test: 'StringEquals', variable: 'aws:SourceAccount', values: [p.sourceAccount] },
        ],
      })),
    ];
    const send = exclusive?.send;
    if (send !== undefined)
      statements.push({
        sid: 'OnlyNamedSendersSend',
        effect: 'Deny',
        principals: everyone,
        actions: ['sqs:SendMessage'],
        resources: [this.knownArn],
        condition: [
          ...(send.servicePrincipals.length === 0
            ? []
            : [{ test: 'StringNotEquals', variable: 'aws:PrincipalServiceName', values: [...send.servicePrincipals] }]),
          ...(send.principalArns.length === 0
            ? []
            : [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [...send.principalArns] }]),
        ],
      });
    const consume = exclusive?.consume;
    if (consume !== undefined)
      statements.push({
        sid: 'OnlyNamedConsumersConsume',
        effect: 'Deny',
        principals: everyone,
        actions: [...SQS_CONSUME_ACTIONS],
        resources: [this.knownArn],
        condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [...consume.principalArns] }],
      });
    this.policyDocument = new DataAwsIamPolicyDocument(this, 'tls-only', { statement: statements });
    this.policy = new SqsQueuePolicy(this, 'policy', { queueUrl: this.queue.url, policy: this.policyDocument.json });
  }

  /**
   * Lets only these queues use this one as their dead-letter queue (SQS `byQueue` redrive permission). A
   * resource of its own, so the source queue (which names this one in its redrive policy) can be created first.
   */
  public allowRedriveFrom(id: string, sourceQueueArns: readonly string[]): SqsQueueRedriveAllowPolicy {
    return new SqsQueueRedriveAllowPolicy(this, id, {
      queueUrl: this.queue.url,
      redriveAllowPolicy: Fn.jsonencode({ redrivePermission: 'byQueue', sourceQueueArns: [...sourceQueueArns] }),
    });
  }
}
