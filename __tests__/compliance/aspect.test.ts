import { App, TerraformStack, Testing } from 'cdktf';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyCompliance, ComplianceError } from '../../compliance/engine/aspect';
import { summarize, toSarif, writeComplianceReports } from '../../compliance/engine/report';
import { suppressRule, SuppressionError } from '../../compliance/engine/suppression';
import { ENVIRONMENTS } from '../../config/environments';
import { buildEnvironment } from '../../stacks/environment';
import { buildFixture } from './fixture';

describe('compliance aspect', () => {
  it('fails synth naming stack, resource, rule id and fix', () => {
    // Prepare
    const fx = buildFixture();
    fx.p.vaultKey.addOverride('enable_key_rotation', false);
    applyCompliance(fx.app);
    fx.stacks.forEach((s) => s.prepareStack());
    // Act
    const run = (): unknown => Testing.synth(fx.stacks[0]);
    // Assess
    expect(run).toThrow(ComplianceError);
    expect(run).toThrow(/\[fx-keys\] aws_kms_key\.vault-key .*VAULT-KMS-001[\s\S]*fix: Set enable_key_rotation = true/);
  });

  it('runs through App.synth and collects warnings and suppressions for the report', () => {
    // Prepare
    const fx = buildFixture();
    fx.p.vaultKey.addOverride('enable_key_rotation', false);
    suppressRule(fx.p.vaultKey, 'VAULT-KMS-001', 'test: rotation handled by an external key-rotation runbook');
    fx.p.trailGroup.addOverride('retention_in_days', 90);
    const aspect = applyCompliance(fx.app);
    // Act
    fx.app.synth();
    const report = summarize(aspect.findings());
    // Assess
    expect(report.errors).toBe(0);
    expect(report.suppressed).toBe(1);
    expect(report.findings.find((f) => f.ruleId === 'VAULT-KMS-001')?.suppressed?.reason).toMatch(/runbook/);
    expect(report.findings.filter((f) => f.severity === 'warning').map((f) => f.ruleId)).toEqual(['VAULT-CW-003']);
  });

  it('suppressions name one rule and carry a reason', () => {
    const fx = buildFixture();
    expect(() => suppressRule(fx.p.vaultKey, 'KMS.4', 'a reason that is long enough')).toThrow(SuppressionError);
    expect(() => suppressRule(fx.p.vaultKey, 'VAULT-KMS-001', 'short')).toThrow(/reason/);
  });

  it('writes Markdown, JSON and SARIF 2.1.0 reports', () => {
    // Prepare
    const fx = buildFixture();
    fx.p.trailGroup.addOverride('retention_in_days', 90);
    const aspect = applyCompliance(fx.app, { mode: 'collect' });
    fx.app.synth();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compliance-'));
    // Act
    const files = writeComplianceReports(dir, aspect.findings());
    // Assess
    expect(files.map((f) => path.basename(f))).toEqual([
      'compliance-report.md',
      'compliance-report.json',
      'compliance-report.sarif',
    ]);
    const sarif = JSON.parse(fs.readFileSync(path.join(dir, 'compliance-report.sarif'), 'utf8')) as {
      version: string;
      runs: {
        tool: { driver: { rules: { id: string }[] } };
        results: { ruleId: string; ruleIndex: number; level: string; locations: unknown[] }[];
      }[];
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs).toHaveLength(1);
    const results = sarif.runs.flatMap((run) =>
      run.results.map((r) => ({ ...r, rule: run.tool.driver.rules[r.ruleIndex] })),
    );
    for (const r of results) {
      expect(r.rule?.id).toBe(r.ruleId);
      expect(['error', 'warning', 'note']).toContain(r.level);
      expect(r.locations.length).toBe(1);
    }
    expect(fs.readFileSync(path.join(dir, 'compliance-report.md'), 'utf8')).toContain('VAULT-CW-003');
    expect(toSarif(summarize([]))).toBe(toSarif(summarize([])));
  });

  it('keeps its synth overhead small', () => {
    const fx = buildFixture();
    const aspect = applyCompliance(fx.app, { mode: 'collect' });
    fx.app.synth();
    // Informational bound, far above the measured figure (see docs/compliance.md); no timing assertion beyond a sanity ceiling.
    expect(aspect.elapsedMs).toBeLessThan(5000);
  });
});

/**
 * Our own stacks: zero unsuppressed error-level findings. Every suppression is listed here with its
 * rule, so a new one (or one that silently stops matching) fails the test and gets reviewed.
 */
const EXPECTED_SUPPRESSIONS: Record<string, string[]> = {
  dev: [
    'VAULT-IAM-006 aws_iam_role.trail-log-delivery_role_D06B8BBD',
    'VAULT-KMS-005 aws_kms_key.StateKey_key_AA598777',
    'VAULT-KMS-006 aws_kms_key.AlertKey_key_B9208D7A',
    'VAULT-LAM-011 aws_lambda_function.digest-function_85530D32',
    'VAULT-LAM-011 aws_lambda_function.function_679B3B5A',
    'VAULT-LAM-011 aws_lambda_function.stream-function_1E34A5E0',
    'VAULT-S3-005 aws_s3_bucket.artifacts_bucket_A41425E9',
    'VAULT-SQS-001 aws_sqs_queue.tamper-alerts_forwarder-dead-letter-queue_78EFD8CB',
  ],
  staging: [
    'VAULT-IAM-006 aws_iam_role.trail-log-delivery_role_D06B8BBD',
    'VAULT-KMS-005 aws_kms_key.StateKey_key_AA598777',
    'VAULT-KMS-006 aws_kms_key.AlertKey_key_B9208D7A',
    'VAULT-S3-005 aws_s3_bucket.artifacts_bucket_A41425E9',
    'VAULT-SQS-001 aws_sqs_queue.tamper-alerts_forwarder-dead-letter-queue_78EFD8CB',
  ],
  prod: [
    'VAULT-IAM-006 aws_iam_role.trail-log-delivery_role_D06B8BBD',
    'VAULT-KMS-005 aws_kms_key.StateKey_key_AA598777',
    'VAULT-KMS-006 aws_kms_key.AlertKey_key_B9208D7A',
    'VAULT-S3-005 aws_s3_bucket.artifacts_bucket_A41425E9',
    'VAULT-SQS-001 aws_sqs_queue.tamper-alerts_forwarder-dead-letter-queue_78EFD8CB',
  ],
};

describe.each(Object.values(ENVIRONMENTS))('our $name stacks', (env) => {
  it('have no unsuppressed error-level finding, and every suppression is expected and has a reason', () => {
    // Prepare
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'own-')), skipValidation: true });
    buildEnvironment(app, env);
    const aspect = applyCompliance(app, { mode: 'collect' });
    // Act
    app.synth();
    const findings = aspect.findings();
    // Assess
    const errors = findings
      .filter((f) => f.severity === 'error' && f.suppressed === undefined)
      .map((f) => `${f.ruleId} ${f.address}`);
    expect(errors).toEqual([]);
    const suppressed = findings.filter((f) => f.suppressed !== undefined).map((f) => `${f.ruleId} ${f.address}`);
    expect(suppressed.sort()).toEqual(EXPECTED_SUPPRESSIONS[env.name]);
    for (const f of findings.filter((x) => x.suppressed !== undefined))
      expect(f.suppressed?.reason.length).toBeGreaterThanOrEqual(20);
    expect(app.node.findAll().filter((c) => TerraformStack.isStack(c)).length).toBeGreaterThan(0);
  });
});
