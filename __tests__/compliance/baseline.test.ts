import { buildFixture } from './fixture';
import { evaluateApp } from './harness';
import { RULES } from '../../compliance/rules';

describe('compliance fixture', () => {
  it('has no finding from any rule (so every weakened case below fails only because of its weakening)', () => {
    // Prepare
    const fx = buildFixture();
    // Act
    const { findings } = evaluateApp(fx.app, fx.stacks);
    // Assess
    expect(findings.map((f) => `${f.ruleId} ${f.stack} ${f.address}: ${f.message}`)).toEqual([]);
  });

  it('has exactly these 130 rules, numbered per service, each with controls, rationale and fix', () => {
    const perService: [string, number][] = [
      ['KMS', 12],
      ['S3', 22],
      ['DDB', 10],
      ['CT', 13],
      ['CW', 14],
      ['GD', 7],
      ['LAM', 16],
      ['IAM', 15],
      ['SNS', 5],
      ['SQS', 10],
      ['EVB', 4],
      ['TF', 2],
    ];
    const expected = perService.flatMap(([service, count]) =>
      Array.from({ length: count }, (_, i) => `VAULT-${service}-${String(i + 1).padStart(3, '0')}`),
    );
    expect(expected).toHaveLength(130);
    // Rules are listed by file; an id added to a service later may stand before its predecessors.
    expect(RULES.map((r) => r.id).sort()).toEqual([...expected].sort());
    for (const r of RULES) {
      expect(r.controls.length).toBeGreaterThan(0);
      expect(r.rationale.length).toBeGreaterThan(10);
      expect(r.fix.length).toBeGreaterThan(5);
    }
  });
});
