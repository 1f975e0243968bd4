import { Construct } from 'constructs';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { AwsContext } from './aws-context';

/**
 * Changes that would silence or redirect a topic: its policy, encryption, delivery settings, the topic
 * itself. Removing or muting a subscriber (`Unsubscribe`, `SetSubscriptionAttributes`) is not among
 * the actions a topic policy accepts
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-language-api-permissions-reference.html):
 * the detection guardrail denies those. A new subscription (`Subscribe`, with or without a filter
 * policy) adds a reader and silences nobody, so it is left to IAM.
 */
export const TOPIC_CHANGE_ACTIONS = [
  'sns:AddPermission',
  'sns:DeleteTopic',
  'sns:PutDataProtectionPolicy',
  'sns:RemovePermission',
  'sns:SetTopicAttributes',
] as const;

export interface AlertTopicProps {
  readonly aws: AwsContext;
  /** Topic name. */
  readonly topicName: string;
  /** Customer-managed key ARN that encrypts messages at rest. */
  readonly kmsKeyArn: string;
  /**
   * CloudWatch alarm name prefix whose alarms may publish (`alarm:<prefix>*` in this account and
   * region). Every alarm of the environment is named with it, including other stacks' alarms.
   */
  readonly alarmNamePrefix: string;
  /**
   * Name prefix of the EventBridge rules (default bus, this account and region) that may publish.
   * @default none: no EventBridge rule may publish
   */
  readonly eventRuleNamePrefix?: string;
  /**
   * Whether EventBridge is admitted only for rules named with `eventRuleNamePrefix` (`aws:SourceArn`).
   * `false` admits `events.amazonaws.com` without a condition, the form EventBridge's guide documents
   * ("You can't use Condition blocks in Amazon SNS topic policies for EventBridge",
   * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions):
   * any rule could then publish (spoof an alert, not hide one). @default true
   */
  readonly eventBridgeSourceArnCondition?: boolean;
  /**
   * Roles that publish themselves (break-glass redriving undelivered alerts, a function that raises
   * its own alerts); each also needs the key's `kms:GenerateDataKey` and `kms:Decrypt` through SNS.
   * @default []
   */
  readonly publisherArns?: readonly string[];
  /**
   * The only roles that may change the topic's policy and attributes, or delete it (the roles that
   * apply it, and break-glass). @default unset: no such guard (any principal IAM allows)
   */
  readonly changeableBy?: readonly string[];
  /** E-mail address subscribed to the topic (the subscription must be confirmed by its owner). @default none */
  readonly email?: string;
}

/**
 * The alert topic: SNS encrypted with a customer-managed key, SHA-256 message signatures, and a
 * topic policy that lets only CloudWatch alarms named with the environment's prefix, the
 * environment's EventBridge rules and named roles publish, denies publishing without TLS to
 * everyone, and (with `changeableBy`) refuses every other principal any change to the topic.
 */
export class AlertTopic extends Construct {
  public readonly topic: SnsTopic;
  public readonly topicArn: string;
  public readonly policyDocument: DataAwsIamPolicyDocument;
  public readonly subscription: SnsTopicSubscription | undefined;

  public constructor(scope: Construct, id: string, props: AlertTopicProps) {
    super(scope, id);
    const { aws } = props;
    const problems: string[] = [];
    const namePart = /^[A-Za-z0-9_.-]+$/;
    if (!namePart.test(props.alarmNamePrefix)) {
      problems.push(
        `alarmNamePrefix: must be letters, digits, ".", "_" or "-" (received ${JSON.stringify(props.alarmNamePrefix)})`,
      );
    }
    if (props.eventRuleNamePrefix !== undefined && !/^[A-Za-z0-9_.-]{1,60}$/.test(props.eventRuleNamePrefix)) {
      problems.push(
        `eventRuleNamePrefix: must be the start of an EventBridge rule name (received ${JSON.stringify(props.eventRuleNamePrefix)})`,
      );
    }
    (props.publisherArns ?? []).forEach((arn, i) => {
      if (!/^arn:[^:]+:iam::\d{12}:role\/.+$/.test(arn) && !arn.includes('${'))
        problems.push(`publisherArns[${i}]: must be an IAM role ARN (received ${JSON.stringify(arn)})`);
    });
    if (props.changeableBy?.length === 0) {
      problems.push('changeableBy: must name at least one role when set (received [])');
    }
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
    const everyone = [{ type: '*', identifiers: ['*'] }];

    const guards: DataAwsIamPolicyDocumentStatement[] = [
      {
        sid: 'DenyPublishWithoutTls',
        effect: 'Deny',
        principals: everyone,
        actions: ['sns:Publish'],
        resources: [topicArn],
        condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
      },
      ...(props.changeableBy === undefined
        ? []
        : [
            {
              sid: 'DenyTopicChangesExceptAdministrators',
              effect: 'Deny',
              principals: everyone,
              actions: [...TOPIC_CHANGE_ACTIONS],
              resources: [topicArn],
              condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [...props.changeableBy] }],
            },
          ]),
    ];
    const transport = new DataAwsIamPolicyDocument(this, 'deny-insecure-publish', { statement: guards });
    const rulePrefix = props.eventRuleNamePrefix;
    const publishers = props.publisherArns ?? [];
    const sources = new DataAwsIamPolicyDocument(this, 'alert-sources', {
      statement: [
        {
          // https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger (ArnLike aws:SourceArn)
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
        ...(rulePrefix === undefined
          ? []
          : [
              {
                sid: 'EventBridgeRulesOfThisEnvironment',
                effect: 'Allow',
                principals: [{ type: 'Service', identifiers: ['events.amazonaws.com'] }],
                actions: ['sns:Publish'],
                resources: [topicArn],
                condition:
                  props.eventBridgeSourceArnCondition === false
                    ? []
                    : [
                        {
                          test: 'ArnLike',
                          variable: 'aws:SourceArn',
                          values: [aws.arn('events', `rule/${rulePrefix}*`)],
                        },
                      ],
              },
            ]),
        ...(publishers.length === 0
          ? []
          : [
              {
                sid: 'NamedPublishers',
                effect: 'Allow',
                principals: [{ type: 'AWS', identifiers: [...publishers] }],
                actions: ['sns:Publish'],
                resources: [topicArn],
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
