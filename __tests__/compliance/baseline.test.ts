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

  it('has at least 60 distinct rules with unique ids, controls, rationale and fix', () => {
    expect(RULES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    for (const r of RULES) {
      expect(r.controls.length).toBeGreaterThan(0);
      expect(r.rationale.length).toBeGreaterThan(10);
      expect(r.fix.length).toBeGreaterThan(5);
    }
  });
});
