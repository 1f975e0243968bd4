/**
 * plan-summary's weakening rules one by one: the change, as `terraform show -json` describes it, and
 * the reasons a reviewer reads, written out.
 */
import type { ChangeKind } from '../../tools/plan-summary/classify';
import type { JsonValue, PlanAction, ResourceChange } from '../../tools/plan-summary/plan-types';
import { weakeningReasons } from '../../tools/plan-summary/weakening';

const ACTIONS: Record<ChangeKind, PlanAction[]> = {
  create: ['create'],
  update: ['update'],
  replace: ['delete', 'create'],
  delete: ['delete'],
  read: ['read'],
  'no-op': ['no-op'],
  forget: ['forget'],
};

interface Change {
  before?: JsonValue;
  after?: JsonValue;
  after_unknown?: JsonValue;
  after_sensitive?: JsonValue;
}

function rc(type: string, kind: ChangeKind, change: Change = {}, mode: 'managed' | 'data' = 'managed'): ResourceChange {
  return {
    address: `${type}.x`,
    mode,
    type,
    name: 'x',
    provider_name: 'registry.terraform.io/hashicorp/aws',
    change: { actions: ACTIONS[kind], before: null, after: null, ...change },
  };
}

const reasons = (r: ResourceChange, kind: ChangeKind, stack = 'prod-x'): string[] =>
  weakeningReasons(r, kind, stack).map((x) => `${x.category}: ${x.reason}`);

const env = (variables: Record<string, string>): JsonValue => ({ environment: [{ variables }] });
const lambda = (kind: ChangeKind, before: Record<string, string>, after: Record<string, string>) =>
  rc('aws_lambda_function', kind, { before: env(before), after: env(after) });

describe("the verifier's decision settings", () => {
  it.each([
    ['FACE_CONFIDENCE_THRESHOLD', '95', '90', 'lowered from "95" to "90"'],
    ['SIMILARITY_THRESHOLD', '98', '97.5', 'lowered from "98" to "97.5"'],
    ['MIN_BRIGHTNESS', '20', '10', 'lowered from "20" to "10"'],
    ['MIN_SHARPNESS', '20', '19', 'lowered from "20" to "19"'],
    ['MAX_ABS_YAW_DEGREES', '45', '46', 'raised from "45" to "46"'],
    ['MAX_ABS_PITCH_DEGREES', '30', '40', 'raised from "30" to "40"'],
  ])('%s %s -> %s weakens the decision', (name, from, to, verb) => {
    expect(reasons(lambda('update', { [name]: from }, { [name]: to }), 'update')).toEqual([
      `verifier: verifier decision setting \`${name}\` ${verb}`,
    ]);
  });

  it.each([
    ['FACE_CONFIDENCE_THRESHOLD', '90', '95'],
    ['SIMILARITY_THRESHOLD', '95', '95'],
    ['MIN_BRIGHTNESS', '10', '20'],
    ['MIN_SHARPNESS', '19', '20'],
    ['MAX_ABS_YAW_DEGREES', '46', '45'],
    ['MAX_ABS_PITCH_DEGREES', '40', '30'],
    ['ALLOW_DETECTION_ONLY_WITHOUT_REFERENCE', 'true', 'false'],
  ])('%s %s -> %s does not', (name, from, to) => {
    expect(reasons(lambda('update', { [name]: from }, { [name]: to }), 'update')).toEqual([]);
  });

  it('detection-only switched on, a threshold removed or made unreadable, all weaken', () => {
    expect(
      reasons(
        lambda(
          'update',
          { ALLOW_DETECTION_ONLY_WITHOUT_REFERENCE: 'false', SIMILARITY_THRESHOLD: '98', MIN_SHARPNESS: '20' },
          { ALLOW_DETECTION_ONLY_WITHOUT_REFERENCE: 'true', MIN_SHARPNESS: 'sharp' },
        ),
        'update',
      ),
    ).toEqual([
      'verifier: verifier decision setting `SIMILARITY_THRESHOLD` removed (was "98"; the verifier falls back to its default 95)',
      'verifier: verifier decision setting `MIN_SHARPNESS` set to "sharp", which the verifier refuses: it stops deciding and every upload fails',
      'verifier: verifier decision setting `ALLOW_DETECTION_ONLY_WITHOUT_REFERENCE` switched on (a subject without a reference image can be AUTHORIZED on detection alone)',
    ]);
  });

  it('a new function states its settings: a threshold under its default and detection-only switched on weaken', () => {
    expect(
      reasons(
        lambda('create', {}, { SIMILARITY_THRESHOLD: '10', ALLOW_DETECTION_ONLY_WITHOUT_REFERENCE: 'true' }),
        'create',
      ),
    ).toEqual([
      'verifier: verifier decision setting `SIMILARITY_THRESHOLD` lowered from unset (default 95) to "10"',
      'verifier: verifier decision setting `ALLOW_DETECTION_ONLY_WITHOUT_REFERENCE` switched on (a subject without a reference image can be AUTHORIZED on detection alone)',
    ]);
    // A setting added where there was none is compared with the default it replaces.
    expect(reasons(lambda('update', {}, { SIMILARITY_THRESHOLD: '10' }), 'update')).toEqual([
      'verifier: verifier decision setting `SIMILARITY_THRESHOLD` lowered from unset (default 95) to "10"',
    ]);
    expect(reasons(lambda('update', {}, { SIMILARITY_THRESHOLD: '99' }), 'update')).toEqual([]);
  });

  it('settings the plan cannot show (known after apply, or sensitive) need a reviewer', () => {
    const unknown = (value: JsonValue) =>
      rc('aws_lambda_function', 'update', { before: env({}), after: {}, after_unknown: value });
    const hidden = (value: JsonValue) =>
      rc('aws_lambda_function', 'update', { before: env({}), after: {}, after_sensitive: value });
    for (const r of [unknown({ environment: true }), unknown({ environment: [{ variables: true }] })]) {
      expect(reasons(r, 'update')).toEqual([
        'verifier: decision settings cannot be read in the plan (known after apply)',
      ]);
    }
    for (const r of [hidden({ environment: true }), hidden({ environment: [{ variables: true }] })]) {
      expect(reasons(r, 'update')).toEqual(['verifier: decision settings cannot be read in the plan (sensitive)']);
    }
    expect(reasons(unknown({ environment: [{ variables: false }] }), 'update')).toEqual([]);
  });
});

describe("the verifier's code", () => {
  it.each([
    'filename',
    'source_code_hash',
    's3_bucket',
    's3_key',
    's3_object_version',
    'image_uri',
    'handler',
    'runtime',
    'layers',
    'code_signing_config_arn',
    'architectures',
  ])('a change of %s runs new code with access to biometric data', (attribute) => {
    const r = rc('aws_lambda_function', 'update', { before: { [attribute]: 'a' }, after: { [attribute]: 'b' } });
    expect(reasons(r, 'update')).toEqual([
      `verifier: function code changed (\`${attribute}\`): the new code runs with the function's access to biometric data`,
    ]);
    expect(
      reasons(rc('aws_lambda_function', 'replace', { before: { [attribute]: 'a' }, after: {} }), 'replace'),
    ).toHaveLength(1);
  });

  it('names every code attribute that changes, sorted, and ignores the others', () => {
    const r = rc('aws_lambda_function', 'update', {
      before: { runtime: 'nodejs20.x', handler: 'a', memory_size: 128, tags: { a: '1' } },
      after: { runtime: 'nodejs22.x', handler: 'b', memory_size: 256, tags: { a: '2' } },
      after_unknown: { source_code_hash: true },
    });
    expect(reasons(r, 'update')).toEqual([
      "verifier: function code changed (`handler`, `runtime`, `source_code_hash`): the new code runs with the function's access to biometric data",
    ]);
    expect(
      reasons(rc('aws_lambda_function', 'update', { before: { memory_size: 1 }, after: { memory_size: 2 } }), 'update'),
    ).toEqual([]);
    expect(reasons(rc('aws_lambda_function', 'create', { after: { runtime: 'nodejs22.x' } }), 'create')).toEqual([]);
  });
});

describe('detection', () => {
  it.each([
    ['aws_cloudwatch_metric_alarm', 'alarm'],
    ['aws_cloudwatch_composite_alarm', 'alarm'],
    ['aws_cloudwatch_log_metric_filter', 'metric filter'],
    ['aws_cloudwatch_event_rule', 'EventBridge rule'],
    ['aws_cloudwatch_event_target', 'EventBridge target'],
    ['aws_sns_topic_subscription', 'alert subscription'],
  ])('%s: deleted, unmanaged, replaced or changed is a weakening; created is not', (type, what) => {
    expect(reasons(rc(type, 'delete'), 'delete')).toEqual([`detection: ${what} deleted`]);
    expect(reasons(rc(type, 'forget'), 'forget')).toEqual([`detection: ${what} no longer managed`]);
    expect(reasons(rc(type, 'replace'), 'replace')).toEqual([
      `detection: ${what} replaced: detection is off between delete and create`,
    ]);
    expect(reasons(rc(type, 'update', { before: { threshold: 1 }, after: { threshold: 5 } }), 'update')).toEqual([
      `detection: ${what} changed (\`threshold\`)`,
    ]);
    expect(reasons(rc(type, 'create', { after: { threshold: 1 } }), 'create')).toEqual([]);
  });

  it('names a disabled rule and disabled alarm actions; labels alone change nothing', () => {
    expect(
      reasons(
        rc('aws_cloudwatch_event_rule', 'update', { before: { state: 'ENABLED' }, after: { state: 'DISABLED' } }),
        'update',
      ),
    ).toEqual(['detection: EventBridge rule disabled']);
    expect(
      reasons(
        rc('aws_cloudwatch_metric_alarm', 'update', {
          before: { actions_enabled: true },
          after: { actions_enabled: false },
        }),
        'update',
      ),
    ).toEqual(['detection: alarm actions disabled']);
    expect(
      reasons(
        rc('aws_cloudwatch_metric_alarm', 'update', {
          before: { actions_enabled: false },
          after: { actions_enabled: true },
        }),
        'update',
      ),
    ).toEqual(['detection: alarm changed (`actions_enabled`)']);
    expect(
      reasons(
        rc('aws_cloudwatch_metric_alarm', 'update', {
          before: { tags: { a: '1' }, tags_all: {}, description: 'x', alarm_description: 'y' },
          after: { tags: { a: '2' }, tags_all: { b: '1' }, description: 'z', alarm_description: 'w' },
        }),
        'update',
      ),
    ).toEqual([]);
    expect(
      reasons(rc('aws_cloudwatch_metric_alarm', 'update', { before: { period: 60 }, after: { period: 60 } }), 'update'),
    ).toEqual([]);
  });
});

describe('log retention', () => {
  const group = (kind: ChangeKind, before: JsonValue, after: JsonValue) =>
    rc('aws_cloudwatch_log_group', kind, {
      before: { retention_in_days: before },
      after: { retention_in_days: after },
    });

  it('shortened retention is a weakening (0 and unset mean never expiring); longer or equal is not', () => {
    expect(reasons(group('update', 400, 365), 'update')).toEqual([
      'detection: log retention shortened from 400 days to 365 days',
    ]);
    expect(reasons(group('replace', 0, 30), 'replace')).toEqual([
      'detection: log retention shortened from never expiring to 30 days',
    ]);
    expect(reasons(group('update', null, 1), 'update')).toEqual([
      'detection: log retention shortened from never expiring to 1 days',
    ]);
    expect(reasons(group('update', 30, 30), 'update')).toEqual([]);
    expect(reasons(group('update', 30, 90), 'update')).toEqual([]);
    expect(reasons(group('update', 30, 0), 'update')).toEqual([]);
    expect(reasons(group('create', 400, 1), 'create')).toEqual([]);
    expect(reasons(group('delete', 400, null), 'delete')).toEqual([]);
  });
});

describe('the ledger table', () => {
  const table = (kind: ChangeKind, before: JsonValue, after: JsonValue) =>
    rc('aws_dynamodb_table', kind, { before, after });
  const on = { point_in_time_recovery: [{ enabled: true }], deletion_protection_enabled: true };
  const off = { point_in_time_recovery: [{ enabled: false }], deletion_protection_enabled: false };

  it('point-in-time recovery or deletion protection turned off, on update, replace or create', () => {
    const both = [
      'data-protection: point-in-time recovery turned off',
      'data-protection: deletion protection turned off',
    ];
    expect(reasons(table('update', on, off), 'update')).toEqual(both);
    expect(reasons(table('replace', on, off), 'replace')).toEqual(both);
    expect(reasons(table('create', off, off), 'create')).toEqual(both);
    expect(reasons(table('update', off, off), 'update')).toEqual([]);
    expect(reasons(table('update', off, on), 'update')).toEqual([]);
    expect(reasons(table('delete', on, off), 'delete')).toEqual([]);
    expect(reasons(table('update', on, { ...on, deletion_protection_enabled: false }), 'update')).toEqual([
      'data-protection: deletion protection turned off',
    ]);
  });
});

describe('bucket protections, GuardDuty and state', () => {
  it.each([
    ['aws_s3_bucket_object_lock_configuration', 'Object Lock configuration'],
    ['aws_s3_bucket_lifecycle_configuration', 'lifecycle (expiry and transitions)'],
    ['aws_s3_bucket_versioning', 'versioning'],
  ])('%s changed, replaced, deleted or unmanaged; never created', (type, what) => {
    expect(reasons(rc(type, 'update'), 'update')).toEqual([`data-protection: protected bucket's ${what} changed`]);
    expect(reasons(rc(type, 'replace'), 'replace')).toEqual([`data-protection: protected bucket's ${what} replaced`]);
    expect(reasons(rc(type, 'delete'), 'delete')).toEqual([`data-protection: protected bucket's ${what} deleted`]);
    expect(reasons(rc(type, 'forget'), 'forget')).toEqual([`data-protection: protected bucket's ${what} unmanaged`]);
    expect(reasons(rc(type, 'create'), 'create')).toEqual([]);
  });

  it('GuardDuty: the detector, a feature, the malware plan', () => {
    expect(
      reasons(rc('aws_guardduty_detector', 'update', { before: { enable: true }, after: { enable: false } }), 'update'),
    ).toEqual(['threat-detection: GuardDuty setting: detector disabled']);
    expect(
      reasons(
        rc('aws_guardduty_detector_feature', 'update', {
          before: { name: 'S3_DATA_EVENTS', status: 'ENABLED' },
          after: { name: 'S3_DATA_EVENTS', status: 'DISABLED' },
        }),
        'update',
      ),
    ).toEqual(['threat-detection: GuardDuty feature "S3_DATA_EVENTS" disabled']);
    expect(
      reasons(rc('aws_guardduty_detector_feature', 'delete', { after: { name: 'LAMBDA_NETWORK_LOGS' } }), 'delete'),
    ).toEqual(['threat-detection: GuardDuty feature "LAMBDA_NETWORK_LOGS" deleted']);
    expect(
      reasons(
        rc('aws_guardduty_detector_feature', 'update', {
          before: { status: 'DISABLED' },
          after: { status: 'DISABLED' },
        }),
        'update',
      ),
    ).toEqual(['threat-detection: GuardDuty feature unset changed']);
    expect(reasons(rc('aws_guardduty_malware_protection_plan', 'replace'), 'replace')).toEqual([
      'threat-detection: Malware Protection plan replaced',
    ]);
    expect(
      reasons(
        rc('aws_guardduty_detector', 'update', { before: { enable: false }, after: { enable: false } }),
        'update',
      ),
    ).toEqual(['threat-detection: GuardDuty setting changed']);
    expect(reasons(rc('aws_guardduty_detector', 'create'), 'create')).toEqual([]);
  });

  it('every change in a state stack touches the state bucket; reads, no-ops and data sources never weaken', () => {
    expect(reasons(rc('aws_s3_bucket', 'create'), 'create', 'prod-state')).toEqual([
      'state: the Terraform state bucket (every stack keeps its state there)',
    ]);
    expect(reasons(rc('aws_s3_bucket', 'create'), 'create', 'prod-statement')).toEqual([]);
    expect(reasons(rc('aws_s3_bucket_versioning', 'no-op'), 'no-op', 'prod-state')).toEqual([]);
    expect(reasons(rc('aws_s3_bucket_versioning', 'read'), 'read', 'prod-state')).toEqual([]);
    expect(reasons(rc('aws_s3_bucket_versioning', 'delete', {}, 'data'), 'delete', 'prod-state')).toEqual([]);
  });
});
