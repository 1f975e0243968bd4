import { Construct } from 'constructs';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { AwsContext } from './aws-context';

export interface AlertTopicProps {
  readonly aws: AwsContext;
  /** Topic name (the audit key policy may bind SNS's encryption context to it). */
  readonly topicName: string;
  /** Customer-managed key ARN that encrypts messages at rest (the audit key). */
  readonly kmsKeyArn: string;
  /**
   * CloudWatch alarm name prefix whose alarms may publish (`alarm:<prefix>*` in this account and
   * region). Every alarm of the environment is named with it, including other stacks' alarms.
   */
  readonly alarmNamePrefix: string;
  /** Names of the EventBridge rules (default bus, this account and region) that may publish. @default [] */
  readonly eventRuleNames?: readonly string[];
  /** E-mail address subscribed to the topic (the subscription must be confirmed by its owner). @default none */
  readonly email?: string;
}

/**
 * The alert topic: SNS encrypted with a customer-managed key, SHA-256 message signatures, and a
 * topic policy that lets only CloudWatch alarms named with the environment's prefix and the named
 * EventBridge rules of this account publish, and denies publishing without TLS to everyone.
 */
export class AlertTopic extends Construct {
  public readonly topic: SnsTopic;
  public readonly topicArn: string;
  public readonly policyDocument: DataAwsIamPolicyDocument;
  public readonly subscription: SnsTopicSubscription | undefined;

  public constructor(scope: Construct, id: string, props: AlertTopicProps) {
    super(scope, id);
    const { aws } = props;
    const rules = props.eventRuleNames ?? [];
    const problems: string[] = [];
    if (!/^[A-Za-z0-9_.-]+$/.test(props.alarmNamePrefix)) {
      problems.push(
        `alarmNamePrefix: must be letters, digits, ".", "_" or "-" (received ${JSON.stringify(props.alarmNamePrefix)})`,
      );
    }
    rules.forEach((r, i) => {
      if (!/^[A-Za-z0-9_.-]{1,64}$/.test(r))
        problems.push(`eventRuleNames[${i}]: must be an EventBridge rule name (received ${JSON.stringify(r)})`);
    });
    if (props.email !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(props.email)) {
      problems.push(`email: must be an e-mail address (received ${JSON.stringify(props.email)})`);
    }
    if (problems.length > 0) throw new Error(`AlertTopic "${id}": ${problems.join('; ')}`);

    this.topic = new SnsTopic(this, 'topic', {
      name: props.topicName,
      kmsMasterKeyId: props.kmsKeyArn,
      signatureVersion: 2,
    });
    this.topicArn = this.topic.arn;
    // Derived, so the policy document does not reference the topic it is attached to.
    const topicArn = aws.topicArn(props.topicName);
    const sourceAccount = { test: 'StringEquals', variable: 'aws:SourceAccount', values: [aws.accountId] };

    const transport = new DataAwsIamPolicyDocument(this, 'deny-insecure-publish', {
      statement: [
        {
          sid: 'DenyPublishWithoutTls',
          effect: 'Deny',
          principals: [{ type: '*', identifiers: ['*'] }],
          actions: ['sns:Publish'],
          resources: [topicArn],
          condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
        },
      ],
    });
    const sources = new DataAwsIamPolicyDocument(this, 'alert-sources', {
      statement: [
        {
          sid: 'CloudWatchAlarmsOfThisEnvironment',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }],
          actions: ['sns:Publish'],
          resources: [topicArn],
          condition: [
            {
              test: 'ArnLike',
              variable: 'aws:SourceArn',
              values: [aws.arn('cloudwatch', `alarm:${props.alarmNamePrefix}*`)],
            },
            sourceAccount,
          ],
        },
        ...(rules.length === 0
          ? []
          : [
              {
                sid: 'NamedEventBridgeRules',
                effect: 'Allow',
                principals: [{ type: 'Service', identifiers: ['events.amazonaws.com'] }],
                actions: ['sns:Publish'],
                resources: [topicArn],
                condition: [
                  {
                    test: 'ArnEquals',
                    variable: 'aws:SourceArn',
                    values: rules.map((r) => aws.arn('events', `rule/${r}`)),
                  },
                  sourceAccount,
                ],
              },
            ]),
      ],
    });
    this.policyDocument = new DataAwsIamPolicyDocument(this, 'policy-document', {
      sourcePolicyDocuments: [transport.json, sources.json],
    });
    new SnsTopicPolicy(this, 'policy', { arn: this.topic.arn, policy: this.policyDocument.json });

    this.subscription =
      props.email === undefined
        ? undefined
        : new SnsTopicSubscription(this, 'email', {
            topicArn: this.topic.arn,
            protocol: 'email',
            endpoint: props.email,
          });
  }
}
