// Jest's globals from the package: its asymmetric matchers are typed (the ambient @types/jest ones are `any`).
import { expect } from '@jest/globals';
import { ENVIRONMENTS } from '../../config/environments';
import { matchesEventPattern } from '../../compliance/engine/event-pattern';
import type { Json, JsonObject, TfElement } from '../../compliance/engine/types';
import { synthesizeModel } from '../compliance/iam-probe';
import { present } from '../helpers/present';

/**
 * Every tamper rule of dev, as synthesized, against events in the shape CloudTrail delivers them to
 * EventBridge ("AWS API Call via CloudTrail": the envelope of the EventBridge user guide's CloudTrail
 * example, the record fields of CloudTrail's "record contents" reference, the KMS records of the KMS
 * developer guide's DisableKey and ScheduleKeyDeletion examples). For each API call the issue names,
 * one event on a project resource alerts, and the same call on another resource, a read of the same
 * resource, and the same name from another service do not.
 *
 * Names below are how the compliance model renders dev's resources: account 111111111111, region
 * eu-west-1, keys by their construct (`key/dev-keys-VaultKey_key_279D35AE`); the state key is config's.
 */
const ACCOUNT = '111111111111';
const REGION = 'eu-west-1';
const model = synthesizeModel(ENVIRONMENTS.dev, ACCOUNT);

const VAULT_KEY = 'arn:aws:kms:eu-west-1:111111111111:key/dev-keys-VaultKey_key_279D35AE';
const AUDIT_KEY = 'arn:aws:kms:eu-west-1:111111111111:key/dev-keys-AuditKey_key_2A3E472C';
const ALERT_KEY = 'arn:aws:kms:eu-west-1:111111111111:key/dev-alerting-AlertKey_key_B9208D7A';
const SIGNING_KEY = 'arn:aws:kms:eu-west-1:111111111111:key/dev-keys-LedgerSigningKey_key_DEA90042';
const STATE_KEY = 'arn:aws:kms:eu-west-1:111111111111:key/00000000-0000-4000-8000-000000000001';
const OTHER_KEY = 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const TRAIL = 'arn:aws:cloudtrail:eu-west-1:111111111111:trail/biometric-vault-dev-trail';
const ALERT_TOPIC = 'arn:aws:sns:eu-west-1:111111111111:biometric-vault-dev-alerts';
const WATCH_TOPIC = 'arn:aws:sns:eu-west-1:111111111111:biometric-vault-dev-alert-path-watch';
const LEDGER = 'arn:aws:dynamodb:eu-west-1:111111111111:table/biometric-vault-dev-ledger';
const VERIFIER = 'arn:aws:lambda:eu-west-1:111111111111:function:biometric-vault-dev-verifier';

/** The synthesized rules by name, with their patterns as EventBridge receives them. */
const rules = new Map(
  model
    .all('aws_cloudwatch_event_rule')
    .filter((r) => r.stack === 'dev-audit')
    .map((r: TfElement) => [
      present(model.render(r, r.config.name), 'a rule name'),
      model.jsonValue(r, r.config.event_pattern),
    ]),
);
const pattern = (name: string): Json => present(rules.get(name), `rule ${name}`);

/** A management event as EventBridge delivers it: the CloudTrail record under `detail`. */
function apiCall(
  source: string,
  eventName: string,
  requestParameters: JsonObject,
  extra: { resources?: JsonObject[]; region?: string; readOnly?: boolean; errorCode?: string } = {},
): JsonObject {
  const eventSource = `${source === 'aws.monitoring' ? 'monitoring' : source.slice('aws.'.length)}.amazonaws.com`;
  const region = extra.region ?? REGION;
  return {
    version: '0',
    id: '36eb8523-97d0-4518-b33d-ee3579ff19f0',
    'detail-type': 'AWS API Call via CloudTrail',
    source,
    account: ACCOUNT,
    time: '2025-01-20T01:09:13Z',
    region,
    resources: [],
    detail: {
      eventVersion: '1.09',
      userIdentity: {
        type: 'AssumedRole',
        principalId: 'AROAEXAMPLE:session',
        arn: 'arn:aws:sts::111111111111:assumed-role/ops-admin/session',
        accountId: ACCOUNT,
        sessionContext: {
          sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::111111111111:role/ops-admin', userName: 'ops-admin' },
          attributes: { mfaAuthenticated: 'false', creationDate: '2025-01-20T01:05:59Z' },
        },
      },
      eventTime: '2025-01-20T01:09:13Z',
      eventSource,
      eventName,
      awsRegion: region,
      sourceIPAddress: '198.51.100.7',
      userAgent: 'aws-cli/2.15.0',
      requestParameters,
      responseElements: null,
      requestID: '9D767BCC3B4E7487',
      eventID: '24ba271e-d595-4e66-a7fd-9c16cbf8abae',
      readOnly: extra.readOnly ?? false,
      ...(extra.resources !== undefined && { resources: extra.resources }),
      ...(extra.errorCode !== undefined && { errorCode: extra.errorCode, errorMessage: 'denied' }),
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: ACCOUNT,
      eventCategory: 'Management',
    },
  };
}

/** Which tamper rules match an event (both EventBridge-rule watchers match rule tampering). */
const matching = (event: JsonObject): string[] =>
  [...rules.keys()].filter((name) => name.includes('-tamper-') && matchesEventPattern(pattern(name), event)).sort();

const kmsResource = (arn: string): JsonObject[] => [{ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: arn }];

/** [rule, call, request parameters, CloudTrail resources]: one per API call, on a project resource. */
const ALERTING: readonly [string, string, string, JsonObject, JsonObject[]?][] = [
  ['kms', 'aws.kms', 'DisableKey', { keyId: 'dev-keys-VaultKey_key_279D35AE' }, kmsResource(VAULT_KEY)],
  ['kms', 'aws.kms', 'ScheduleKeyDeletion', { keyId: AUDIT_KEY, pendingWindowInDays: 30 }, kmsResource(AUDIT_KEY)],
  ['kms', 'aws.kms', 'PutKeyPolicy', { keyId: ALERT_KEY, policyName: 'default', policy: '{}' }, kmsResource(ALERT_KEY)],
  ['kms', 'aws.kms', 'CancelKeyDeletion', { keyId: '00000000-0000-4000-8000-000000000001' }, kmsResource(STATE_KEY)],
  [
    'kms',
    'aws.kms',
    'PutKeyPolicy',
    { keyId: SIGNING_KEY, policyName: 'default', policy: '{}' },
    kmsResource(SIGNING_KEY),
  ],
  ['kms', 'aws.kms', 'DisableKeyRotation', { keyId: VAULT_KEY }, kmsResource(VAULT_KEY)],
  ['cloudtrail', 'aws.cloudtrail', 'StopLogging', { name: TRAIL }],
  ['cloudtrail', 'aws.cloudtrail', 'DeleteTrail', { name: 'biometric-vault-dev-trail' }],
  ['cloudtrail', 'aws.cloudtrail', 'UpdateTrail', { name: 'biometric-vault-dev-trail', isMultiRegionTrail: false }],
  ['cloudtrail', 'aws.cloudtrail', 'PutEventSelectors', { trailName: 'biometric-vault-dev-trail', eventSelectors: [] }],
  ['cloudtrail', 'aws.cloudtrail', 'PutInsightSelectors', { trailName: TRAIL, insightSelectors: [] }],
  ['guardduty', 'aws.guardduty', 'DeleteDetector', { detectorId: '12abc34d567e8fa901bc2d34e56789f0' }],
  ['guardduty', 'aws.guardduty', 'UpdateDetector', { detectorId: '12abc34d567e8fa901bc2d34e56789f0', enable: false }],
  ['guardduty', 'aws.guardduty', 'DeleteMalwareProtectionPlan', { malwareProtectionPlanId: 'b4c7f464ab3a4EXAMPLE' }],
  ['guardduty', 'aws.guardduty', 'UpdateMalwareProtectionPlan', { malwareProtectionPlanId: 'b4c7f464ab3a4EXAMPLE' }],
  [
    'guardduty',
    'aws.guardduty',
    'DeletePublishingDestination',
    { detectorId: '12abc34d567e8fa901bc2d34e56789f0', destinationId: 'a4b3c2' },
  ],
  ['guardduty', 'aws.guardduty', 'CreateFilter', { detectorId: '12abc34d567e8fa901bc2d34e56789f0', action: 'ARCHIVE' }],
  ['guardduty', 'aws.guardduty', 'UpdateIPSet', { detectorId: '12abc34d567e8fa901bc2d34e56789f0', ipSetId: 'x' }],
  [
    'guardduty',
    'aws.guardduty',
    'ArchiveFindings',
    { detectorId: '12abc34d567e8fa901bc2d34e56789f0', findingIds: ['9ab3f4c1'] },
  ],
  [
    'guardduty',
    'aws.guardduty',
    'DeleteThreatIntelSet',
    { detectorId: '12abc34d567e8fa901bc2d34e56789f0', threatIntelSetId: 'c2b4' },
  ],
  [
    'guardduty',
    'aws.guardduty',
    'UpdateThreatIntelSet',
    { detectorId: '12abc34d567e8fa901bc2d34e56789f0', threatIntelSetId: 'c2b4', activate: false },
  ],
  [
    'events',
    'aws.events',
    'DeleteRule',
    { name: 'DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3ManagedRule-b4c7f464', force: true },
  ],
  [
    'events',
    'aws.events',
    'RemoveTargets',
    { rule: 'DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3ManagedRule-b4c7f464', ids: ['x'], force: true },
  ],
  [
    'logs',
    'aws.logs',
    'AssociateKmsKey',
    {
      logGroupName: '/aws/cloudtrail/biometric-vault-dev',
      kmsKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    },
  ],
  [
    'logs-account',
    'aws.logs',
    'PutAccountPolicy',
    { policyName: 'x', policyType: 'SUBSCRIPTION_FILTER_POLICY', selectionCriteria: 'LogGroupName NOT IN []' },
  ],
  ['logs-account', 'aws.logs', 'DeleteAccountPolicy', { policyName: 'x', policyType: 'DATA_PROTECTION_POLICY' }],
  ['events', 'aws.events', 'DisableRule', { name: 'biometric-vault-dev-tamper-kms' }],
  ['events', 'aws.events', 'DeleteRule', { name: 'biometric-vault-dev-guardduty-findings' }],
  [
    'events',
    'aws.events',
    'RemoveTargets',
    { rule: 'biometric-vault-dev-tamper-events-witness', ids: ['alert-topic'] },
  ],
  ['events', 'aws.events', 'PutTargets', { rule: 'biometric-vault-dev-alert-canary', targets: [] }],
  [
    'logs',
    'aws.logs',
    'DeleteMetricFilter',
    { logGroupName: '/aws/cloudtrail/biometric-vault-dev', filterName: 'biometric-vault-dev-audit-root-account-usage' },
  ],
  ['logs', 'aws.logs', 'DeleteLogGroup', { logGroupName: '/aws/lambda/biometric-vault-dev-verifier' }],
  [
    'logs',
    'aws.logs',
    'PutRetentionPolicy',
    { logGroupName: '/aws/cloudtrail/biometric-vault-dev', retentionInDays: 1 },
  ],
  ['logs', 'aws.logs', 'PutDataProtectionPolicy', { logGroupIdentifier: '/aws/cloudtrail/biometric-vault-dev' }],
  [
    'cloudwatch',
    'aws.monitoring',
    'DeleteAlarms',
    { alarmNames: ['some-other-alarm', 'biometric-vault-dev-audit-cloudtrail-changes'] },
  ],
  ['cloudwatch', 'aws.monitoring', 'DisableAlarmActions', { alarmNames: ['biometric-vault-dev-alerts-undelivered'] }],
  [
    'cloudwatch',
    'aws.monitoring',
    'PutMetricAlarm',
    { alarmName: 'biometric-vault-dev-verifier-errors', actionsEnabled: false },
  ],
  ['sns', 'aws.sns', 'Unsubscribe', { subscriptionArn: `${ALERT_TOPIC}:6b0e71bd-7e97-4d97-80ce-4a0994e55286` }],
  [
    'sns',
    'aws.sns',
    'SetTopicAttributes',
    { topicArn: ALERT_TOPIC, attributeName: 'KmsMasterKeyId', attributeValue: 'alias/aws/sns' },
  ],
  ['sns', 'aws.sns', 'DeleteTopic', { topicArn: WATCH_TOPIC }],
  [
    'sns',
    'aws.sns',
    'SetSubscriptionAttributes',
    { subscriptionArn: `${WATCH_TOPIC}:0f1e2d3c`, attributeName: 'FilterPolicy' },
  ],
  [
    'lambda',
    'aws.lambda',
    'UpdateFunctionCode20150331v2',
    { functionName: 'biometric-vault-dev-verifier', s3Bucket: 'x' },
  ],
  ['lambda', 'aws.lambda', 'UpdateFunctionConfiguration20150331v2', { functionName: VERIFIER }],
  [
    'lambda',
    'aws.lambda',
    'AddPermission20150331v2',
    { functionName: `${VERIFIER}:live`, action: 'lambda:InvokeFunction' },
  ],
  [
    'lambda',
    'aws.lambda',
    'RemovePermission20150331v2',
    { functionName: '111111111111:function:biometric-vault-dev-verifier' },
  ],
  ['lambda', 'aws.lambda', 'DeleteFunction20150331', { functionName: 'biometric-vault-dev-verifier:1' }],
  [
    'lambda',
    'aws.lambda',
    'PutFunctionConcurrency20171031',
    { functionName: 'biometric-vault-dev-verifier', reservedConcurrentExecutions: 0 },
  ],
  // The ledger's stream consumer and digest job, likewise.
  ['lambda', 'aws.lambda', 'UpdateFunctionCode20150331v2', { functionName: 'biometric-vault-dev-ledger-stream' }],
  [
    'lambda',
    'aws.lambda',
    'UpdateFunctionConfiguration20150331v2',
    { functionName: 'arn:aws:lambda:eu-west-1:111111111111:function:biometric-vault-dev-ledger-digest' },
  ],
  [
    'iam',
    'aws.iam',
    'AttachRolePolicy',
    { roleName: 'biometric-vault-dev-verifier', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
  ],
  ['iam', 'aws.iam', 'UpdateAssumeRolePolicy', { roleName: 'biometric-vault-break-glass', policyDocument: '{}' }],
  ['iam', 'aws.iam', 'DeleteRolePermissionsBoundary', { roleName: 'biometric-vault-dev-malware-protection' }],
  [
    'iam',
    'aws.iam',
    'PutRolePolicy',
    { roleName: 'biometric-vault-alert-admin', policyName: 'x', policyDocument: '{}' },
  ],
  [
    'iam',
    'aws.iam',
    'CreatePolicyVersion',
    { policyArn: 'arn:aws:iam::111111111111:policy/biometric-vault-dev-detection-guardrail', setAsDefault: true },
  ],
  ['dynamodb', 'aws.dynamodb', 'PutResourcePolicy', { resourceArn: LEDGER, policy: '{}' }],
  ['dynamodb', 'aws.dynamodb', 'DeleteResourcePolicy', { resourceArn: `${LEDGER}/stream/2025-01-01T00:00:00.000` }],
  [
    'dynamodb',
    'aws.dynamodb',
    'UpdateContinuousBackups',
    {
      tableName: 'biometric-vault-dev-ledger',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: false },
    },
  ],
  [
    'dynamodb',
    'aws.dynamodb',
    'UpdateTable',
    { tableName: 'biometric-vault-dev-ledger', deletionProtectionEnabled: false },
  ],
  ['dynamodb', 'aws.dynamodb', 'UpdateTable', { tableName: LEDGER, streamSpecification: { streamEnabled: false } }],
  ['s3', 'aws.s3', 'PutBucketPolicy', { bucketName: 'biometric-vault-dev-vault-111111111111', policy: '{}' }],
  ['s3', 'aws.s3', 'PutBucketLifecycle', { bucketName: 'biometric-vault-dev-trail-111111111111' }],
  [
    's3',
    'aws.s3',
    'PutBucketVersioning',
    { bucketName: 'biometric-vault-tfstate-dev-111111111111', VersioningConfiguration: { Status: 'Suspended' } },
  ],
  ['s3', 'aws.s3', 'PutObjectLockConfiguration', { bucketName: 'biometric-vault-dev-trail-111111111111' }],
  ['s3', 'aws.s3', 'PutBucketObjectLockConfiguration', { bucketName: 'biometric-vault-dev-trail-111111111111' }],
];

describe('tamper rules: each listed API call on a project resource alerts', () => {
  it.each(
    ALERTING.map(
      ([rule, source, name, params, resources]) =>
        [`${rule}: ${name} ${JSON.stringify(params).slice(0, 70)}`, rule, source, name, params, resources] as const,
    ),
  )('%s', (_title, rule, source, name, params, resources) => {
    // Prepare: IAM delivers its events in us-east-1; the home rule sees them forwarded, region kept.
    const event = apiCall(source, name, params, {
      ...(resources !== undefined && { resources }),
      ...(rule === 'iam' && { region: 'us-east-1' }),
    });
    // Act / Assess
    expect(matching(event)).toEqual(
      rule === 'events'
        ? ['biometric-vault-dev-tamper-events', 'biometric-vault-dev-tamper-events-witness']
        : [`biometric-vault-dev-tamper-${rule}`],
    );
  });

  it('a denied call alerts too (CloudTrail delivers it with its errorCode)', () => {
    const event = apiCall('aws.kms', 'DisableKey', { keyId: VAULT_KEY }, { errorCode: 'AccessDeniedException' });
    expect(matching(event)).toEqual(['biometric-vault-dev-tamper-kms']);
  });

  it("a KMS call whose request parameters were truncated still alerts through the record's resources", () => {
    const event = apiCall('aws.kms', 'PutKeyPolicy', {}, { resources: kmsResource(AUDIT_KEY) });
    expect(matching(event)).toEqual(['biometric-vault-dev-tamper-kms']);
  });
});

describe('tamper rules: unrelated calls do not alert', () => {
  it.each<[string, JsonObject]>([
    [
      "DisableKey on a key that is not the project's",
      apiCall('aws.kms', 'DisableKey', { keyId: OTHER_KEY }, { resources: kmsResource(OTHER_KEY) }),
    ],
    [
      'DescribeKey (a read) on the VaultKey',
      apiCall('aws.kms', 'DescribeKey', { keyId: VAULT_KEY }, { readOnly: true, resources: kmsResource(VAULT_KEY) }),
    ],
    [
      'Decrypt with the audit key',
      apiCall('aws.kms', 'Decrypt', { keyId: AUDIT_KEY }, { readOnly: true, resources: kmsResource(AUDIT_KEY) }),
    ],
    ['StopLogging of another trail', apiCall('aws.cloudtrail', 'StopLogging', { name: 'someone-elses-trail' })],
    ['StartLogging of the trail', apiCall('aws.cloudtrail', 'StartLogging', { name: 'biometric-vault-dev-trail' })],
    [
      'GetDetector',
      apiCall('aws.guardduty', 'GetDetector', { detectorId: '12abc34d567e8fa901bc2d34e56789f0' }, { readOnly: true }),
    ],
    ["DisableRule of another team's rule", apiCall('aws.events', 'DisableRule', { name: 'nightly-report' })],
    [
      'DeleteLogGroup of another log group',
      apiCall('aws.logs', 'DeleteLogGroup', { logGroupName: '/aws/lambda/other' }),
    ],
    [
      'AssociateKmsKey of another log group',
      apiCall('aws.logs', 'AssociateKmsKey', { logGroupName: '/aws/lambda/other', kmsKeyId: OTHER_KEY }),
    ],
    ['DeleteAlarms of other alarms', apiCall('aws.monitoring', 'DeleteAlarms', { alarmNames: ['cpu-high'] })],
    [
      'SetAlarmState of the canary (what verify:deployment does)',
      apiCall('aws.monitoring', 'SetAlarmState', {
        alarmName: 'biometric-vault-dev-alert-canary',
        stateValue: 'ALARM',
      }),
    ],
    [
      'Unsubscribe from another topic',
      apiCall('aws.sns', 'Unsubscribe', {
        subscriptionArn: 'arn:aws:sns:eu-west-1:111111111111:biometric-vault-dev-alerts-archive:6b0e',
      }),
    ],
    ['Publish to the alert topic', apiCall('aws.sns', 'Publish', { topicArn: ALERT_TOPIC })],
    [
      'UpdateFunctionCode of another function',
      apiCall('aws.lambda', 'UpdateFunctionCode20150331v2', { functionName: 'other-function' }),
    ],
    [
      'GetFunction of the verifier',
      apiCall(
        'aws.lambda',
        'GetFunction20150331v2',
        { functionName: 'biometric-vault-dev-verifier' },
        { readOnly: true },
      ),
    ],
    [
      'AttachRolePolicy of another role',
      apiCall(
        'aws.iam',
        'AttachRolePolicy',
        { roleName: 'some-other-workload', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
        { region: 'us-east-1' },
      ),
    ],
    [
      'UpdateTable of another table',
      apiCall('aws.dynamodb', 'UpdateTable', { tableName: 'orders', deletionProtectionEnabled: false }),
    ],
    [
      'PutItem on the ledger (a data event)',
      apiCall('aws.dynamodb', 'PutItem', { tableName: 'biometric-vault-dev-ledger' }),
    ],
    ['PutBucketPolicy of another bucket', apiCall('aws.s3', 'PutBucketPolicy', { bucketName: 'marketing-site' })],
    [
      'PutBucketTagging of the vault bucket',
      apiCall('aws.s3', 'PutBucketTagging', { bucketName: 'biometric-vault-dev-vault-111111111111' }),
    ],
    ['a KMS-named call from another service', apiCall('aws.sns', 'DisableKey', { keyId: VAULT_KEY })],
  ])('%s', (_title, event) => {
    expect(matching(event)).toEqual([]);
  });

  it('the events rules do not match a console sign-in or a finding', () => {
    const signIn = {
      ...apiCall('aws.signin', 'ConsoleLogin', {}),
      'detail-type': 'AWS Console Sign In via CloudTrail',
    };
    expect(matching(signIn)).toEqual([]);
  });
});

describe('IAM: delivered only in us-east-1, forwarded to the environment region', () => {
  const forwarder = model
    .all('aws_cloudwatch_event_rule')
    .find((r) => model.render(r, r.config.name) === `biometric-vault-dev-global-events-to-${REGION}`);
  const rule = present(forwarder, 'the forwarding rule');

  it('the forwarding rule is created by the us-east-1 provider and matches the same IAM calls', () => {
    expect(rule.config.provider).toBe('aws.global_events');
    expect(model.elementRegion(rule)).toBe('us-east-1');
    const event = apiCall(
      'aws.iam',
      'PutRolePolicy',
      { roleName: 'biometric-vault-dev-verifier' },
      { region: 'us-east-1' },
    );
    expect(matchesEventPattern(present(model.jsonValue(rule, rule.config.event_pattern), 'pattern'), event)).toBe(true);
    const other = apiCall('aws.iam', 'PutRolePolicy', { roleName: 'another-team' }, { region: 'us-east-1' });
    expect(matchesEventPattern(present(model.jsonValue(rule, rule.config.event_pattern), 'pattern'), other)).toBe(
      false,
    );
  });

  it('forwards to the default bus of the environment region, with a role and a us-east-1 dead-letter queue', () => {
    const target = present(
      model.all('aws_cloudwatch_event_target').find((t) => model.target(t, t.config.rule)?.element === rule),
      'the forwarding target',
    );
    expect(model.render(target, target.config.arn)).toBe('arn:aws:events:eu-west-1:111111111111:event-bus/default');
    expect(model.render(target, target.config.role_arn)).toBe(
      'arn:aws:iam::111111111111:role/biometric-vault-dev-global-events-forwarder',
    );
    const queue = present(model.target(target, (target.config.dead_letter_config as JsonObject).arn), 'the queue');
    expect(model.elementRegion(queue.element)).toBe('us-east-1');
  });

  it('an environment in us-east-1 needs no forwarding rule', () => {
    const east = synthesizeModel({ ...ENVIRONMENTS.dev, name: 'east', region: 'us-east-1' }, ACCOUNT);
    const names = east.all('aws_cloudwatch_event_rule').map((r) => east.render(r, r.config.name));
    expect(names).toContain('biometric-vault-east-tamper-iam');
    expect(names.filter((n) => n?.includes('global-events'))).toEqual([]);
    expect(east.all('aws_iam_role').map((r) => east.render(r, r.config.name))).not.toContain(
      'biometric-vault-east-global-events-forwarder',
    );
  });
});

describe('GuardDuty findings: the types that hide or weaken detection at any severity', () => {
  const td = model.all('aws_cloudwatch_event_rule').filter((r) => r.stack === 'dev-threat-detection');
  const findings = present(
    td.find((r) => model.render(r, r.config.name) === 'biometric-vault-dev-guardduty-findings'),
    'findings rule',
  );
  const findingsPattern = present(model.jsonValue(findings, findings.config.event_pattern), 'pattern');
  // The envelope of GuardDuty's "CloudWatch event format" page; type and severity are members of the finding.
  const finding = (type: string, severity: number): JsonObject => ({
    version: '0',
    id: 'cd2d702e-ab31-411b-9344-793ce56b1bc7',
    'detail-type': 'GuardDuty Finding',
    source: 'aws.guardduty',
    account: ACCOUNT,
    time: '2025-01-20T00:00:00Z',
    region: REGION,
    resources: [],
    detail: { schemaVersion: '2.0', accountId: ACCOUNT, region: REGION, type, severity, title: type },
  });

  it.each<[string, number, boolean]>([
    ['Stealth:IAMUser/CloudTrailLoggingDisabled', 2, true],
    ['Stealth:S3/ServerAccessLoggingDisabled', 2, true],
    ['Policy:IAMUser/RootCredentialUsage', 2, true],
    ['Policy:S3/BucketBlockPublicAccessDisabled', 2, true],
    ['PenTest:IAMUser/KaliLinux', 5, true],
    ['CredentialAccess:IAMUser/AnomalousBehavior', 5, true],
    ['Recon:EC2/PortProbeUnprotectedPort', 2, false],
    ['Discovery:S3/AnomalousBehavior', 2, false],
    ['Discovery:S3/AnomalousBehavior', 4, true],
    ['UnauthorizedAccess:IAMUser/MaliciousIPCaller', 8, true],
  ])('%s at severity %d: routed %s', (type, severity, routed) => {
    expect(matchesEventPattern(findingsPattern, finding(type, severity))).toBe(routed);
  });

  it('malware scan results keep their own rule', () => {
    const scan = {
      ...finding('', 0),
      'detail-type': 'GuardDuty Malware Protection Object Scan Result',
      detail: {
        s3ObjectDetails: { bucketName: 'biometric-vault-dev-vault-111111111111', objectKey: 'uploads/s/x.jpg' },
        scanResultDetails: { scanResultStatus: 'THREATS_FOUND' },
      },
    };
    const malware = present(
      td.find((r) => model.render(r, r.config.name) === 'biometric-vault-dev-malware-scan-alerts'),
      'malware rule',
    );
    expect(matchesEventPattern(findingsPattern, scan)).toBe(false);
    expect(matchesEventPattern(present(model.jsonValue(malware, malware.config.event_pattern), 'p'), scan)).toBe(true);
  });
});

describe('every tamper rule alerts the alert topic, with its dead-letter queue', () => {
  it.each([...rules.keys()].filter((n) => n.includes('-tamper-')))('%s', (name) => {
    const rule = present(
      model.all('aws_cloudwatch_event_rule').find((r) => model.render(r, r.config.name) === name),
      name,
    );
    expect(rule.config.state).toBe('ENABLED');
    const targets = model
      .all('aws_cloudwatch_event_target')
      .filter((t) => model.target(t, t.config.rule)?.element === rule);
    expect(targets.map((t) => model.render(t, t.config.arn))).toEqual([ALERT_TOPIC]);
    expect(targets.map((t) => model.render(t, (t.config.dead_letter_config as JsonObject).arn))).toEqual([
      'arn:aws:sqs:eu-west-1:111111111111:biometric-vault-dev-alerts-undelivered',
    ]);
  });

  it('covers every service the tamper catalogue names', () => {
    expect([...rules.keys()].filter((n) => n.includes('-tamper-')).sort()).toEqual(
      [
        'cloudtrail',
        'cloudwatch',
        'dynamodb',
        'events',
        'events-witness',
        'guardduty',
        'iam',
        'kms',
        'lambda',
        'logs',
        'logs-account',
        's3',
        'sns',
      ].map((s) => `biometric-vault-dev-tamper-${s}`),
    );
  });
});
