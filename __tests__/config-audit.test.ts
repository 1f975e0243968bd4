import { ENVIRONMENTS } from '../config/environments';
import { selectEnvironments } from '../config/select';
import { ConfigValidationError, environmentProblems } from '../config/validate';
import { problemsOf, withPatch } from './helpers/config';

/**
 * Configuration the audit and threat-detection stacks depend on: every problem is named by field
 * and value, and reported together, as in the foundation's config tests.
 */
const dev = ENVIRONMENTS.dev;
const prod = ENVIRONMENTS.prod;

describe('audit and threat-detection configuration', () => {
  test('every checked-in environment uses a CloudWatch Logs retention value', () => {
    // The values PutRetentionPolicy accepts:
    // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
    const accepted = [
      1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
    ];
    const retention = Object.values(ENVIRONMENTS).map((env) => [env.name, env.logRetentionDays]);
    expect(retention).toEqual([
      ['dev', 90],
      ['staging', 365],
      ['prod', 400],
    ]);
    for (const [name, days] of retention) expect([name, accepted.includes(Number(days))]).toEqual([name, true]);
  });

  test('a log retention CloudWatch Logs does not accept is refused with the accepted values', () => {
    const problems = environmentProblems('dev', withPatch(dev, { logRetentionDays: 100 }));
    expect(problems.map((p) => `${p.field}=${JSON.stringify(p.value)}`)).toEqual([
      'environments.dev.logRetentionDays=100',
    ]);
    expect(problems[0]?.message).toMatch(/must be a CloudWatch Logs retention value: 1, 3, 5, .*, 365, 400, .*, 3653/);
  });

  test('an out-of-range retention is reported once (range), not twice', () => {
    expect(problemsOf(withPatch(dev, { logRetentionDays: 5000 }))).toEqual(['environments.dev.logRetentionDays=5000']);
  });

  test.each([
    ['audit.objectLockMode', 'LEGAL_HOLD', 'environments.dev.audit.objectLockMode="LEGAL_HOLD"'],
    ['audit.objectLockDays', 0, 'environments.dev.audit.objectLockDays=0'],
    ['audit.objectLockDays', 401, 'environments.dev.audit.objectLockDays=401'],
    ['audit.transitionToColdDays', 400, 'environments.dev.audit.transitionToColdDays=400'],
    ['audit.trailRetentionDays', 1.5, 'environments.dev.audit.trailRetentionDays=1.5'],
    [
      'threatDetection.existingDetectorId',
      'not-a-detector',
      'environments.dev.threatDetection.existingDetectorId="not-a-detector"',
    ],
    ['threatDetection.findingSeverityThreshold', -1, 'environments.dev.threatDetection.findingSeverityThreshold=-1'],
    ['alertEmail', 'alerts at example.com', 'environments.dev.alertEmail="alerts at example.com"'],
  ])('rejects %s = %j, naming the field and the value', (field, value, expected) => {
    expect(problemsOf(withPatch(dev, { [field]: value }))).toContain(expected);
  });

  test('prod: CloudWatch retention of trail events at least 365 days, trail files at least 365 days', () => {
    const problems = problemsOf(
      withPatch(prod, { logRetentionDays: 180, 'audit.trailRetentionDays': 300, 'audit.objectLockDays': 300 }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'environments.prod.logRetentionDays=180',
        'environments.prod.audit.trailRetentionDays=300',
      ]),
    );
  });

  test('an existing detector id is accepted, and a 32-character id only', () => {
    expect(
      problemsOf(withPatch(dev, { 'threatDetection.existingDetectorId': '0123456789abcdef0123456789abcdef' })),
    ).toEqual([]);
    expect(problemsOf(withPatch(dev, { 'threatDetection.existingDetectorId': '0123456789abcdef' }))).toEqual([
      'environments.dev.threatDetection.existingDetectorId="0123456789abcdef"',
    ]);
  });

  test('every audit problem is reported at once', () => {
    const bad = withPatch(dev, {
      logRetentionDays: 100,
      'audit.objectLockMode': 'NONE',
      'threatDetection.findingSeverityThreshold': 11,
    });
    let caught: unknown;
    try {
      selectEnvironments('dev', { dev: bad });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigValidationError);
    expect((caught as ConfigValidationError).problems.map((p) => p.field)).toEqual([
      'environments.dev.logRetentionDays',
      'environments.dev.audit.objectLockMode',
      'environments.dev.threatDetection.findingSeverityThreshold',
    ]);
    expect((caught as ConfigValidationError).message).toContain(
      'environments.dev.logRetentionDays: must be a CloudWatch Logs retention value',
    );
  });
});
