import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENVIRONMENTS } from '../../config/environments';
import { RULES } from '../../compliance/rules';
import type { JsonObject } from '../../compliance/engine/types';
import { runProbe, type Decision } from './iam-probe';
import { resolve, threatEnv, type ThreatEnv, type ThreatProbe } from './threat-model';
import { THREAT_PROBES } from './threat-probes';

/**
 * docs/threat-model.md is kept true here: its table and the probe registry name the same probes,
 * each row's decision is what its probes prove, each control it names exists, and every probe holds
 * in dev, staging and prod. The recovery runbook's steps name their probes too.
 */

const DOCS = join(__dirname, '..', '..', 'docs');
const THREAT_MODEL = readFileSync(join(DOCS, 'threat-model.md'), 'utf8');
const RUNBOOK = readFileSync(join(DOCS, 'disaster-recovery.md'), 'utf8');

type RowDecision = 'allowed' | 'denied' | 'not prevented' | 'outside IAM';
interface Row {
  readonly line: number;
  readonly asset: string;
  readonly actor: string;
  readonly action: string;
  readonly decision: string;
  readonly control: string;
  readonly probes: readonly string[];
}

/** The table between the markers, one row per asset × actor × action. */
function tableRows(markdown: string): Row[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf('<!-- threat-table:start -->');
  const end = lines.indexOf('<!-- threat-table:end -->');
  if (start < 0 || end < start) throw new Error('docs/threat-model.md: no threat table markers');
  return lines
    .slice(start + 3, end)
    .map((text, i) => ({ text, line: start + 4 + i }))
    .map(({ text, line }) => {
      const cells = text
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim());
      if (cells.length !== 6) throw new Error(`docs/threat-model.md:${line}: expected 6 cells, got ${cells.length}`);
      const [asset = '', actor = '', action = '', decision = '', control = '', probes = ''] = cells;
      return {
        line,
        asset,
        actor,
        action,
        decision,
        control,
        probes: [...probes.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? ''),
      };
    });
}

const ROWS = tableRows(THREAT_MODEL);
const BY_ID = new Map(THREAT_PROBES.map((p) => [p.id, p]));
const DENIED: readonly Decision[] = ['ExplicitlyDenied', 'ImplicitlyDenied'];
const DECISIONS: readonly RowDecision[] = ['allowed', 'denied', 'not prevented', 'outside IAM'];
const RULE_IDS = new Set(RULES.map((r) => r.id));
/** Probe ids the runbook names (`runbook.<...>`, not the `runbook.*` wildcard of its prose). */
const runbookIds = new Set([...RUNBOOK.matchAll(/`(runbook\.[A-Za-z0-9.-]+)`/g)].map((m) => m[1] ?? ''));

/**
 * The paths the threat model closes, each with probes that fail on the policies synthesized before
 * (they were allowed, or denied for the wrong reason) and the compliance rule that fails synth if the
 * control is removed.
 */
const PATHS: readonly { path: string; probes: readonly string[]; rules: readonly string[] }[] = [
  {
    path: '1. uploaders and enrollment read images',
    probes: ['image.read.uploader', 'image.decrypt.uploader', 'image.read.enrollment', 'image.decrypt.enrollment'],
    rules: ['VAULT-S3-019'],
  },
  {
    path: '2. identity takeover',
    probes: [
      'verifier-role.UpdateAssumeRolePolicy.account-admin.scp',
      'verifier-role.PassRole.account-admin.scp',
      'verifier-role.CreateRole.account-admin.scp',
      'verifier-role.attached-admin.read-elsewhere',
      'verifier-code.update.account-admin.scp',
      'verifier-code.sign.deployer.scp',
    ],
    rules: ['VAULT-IAM-011', 'VAULT-IAM-012', 'VAULT-LAM-011'],
  },
  {
    path: '3. ledger copies',
    probes: [
      'ledger.CreateBackup.account-admin',
      'ledger.EnableKinesisStreamingDestination.account-admin',
      'ledger.StartAwsBackupJob.account-admin.scp',
    ],
    rules: ['VAULT-DDB-007'],
  },
  {
    path: '4. bucket protections',
    probes: [
      'vault-bucket.putBucketPolicy.deployer',
      'vault-bucket.putEncryptionConfiguration.account-admin',
      'access-log-bucket.putBucketPolicy.deployer',
      'state-bucket.putLifecycleConfiguration.deployer',
    ],
    rules: ['VAULT-S3-020'],
  },
  {
    path: '5. state',
    probes: [
      'state.read.account-admin',
      'state.write.account-admin',
      'state.decrypt.account-admin',
      'state.write-keys-state.deployer',
    ],
    rules: ['VAULT-TF-001', 'VAULT-TF-002', 'VAULT-CT-012'],
  },
  {
    path: '6. recovery runbook',
    probes: [
      'runbook.ledger.put.break-glass',
      'runbook.object.copy-decrypt.break-glass',
      'runbook.state.write.break-glass',
    ],
    rules: ['VAULT-DDB-008'],
  },
  {
    path: '7. takeover with a pipeline credential',
    probes: [
      'verifier-role.UpdateAssumeRolePolicy.deployer.scp',
      'verifier-role.assume-retrusted.deployer.scp',
      'verifier-role.PassRole-to-ec2.deployer.scp',
      'image.read.verifier-role-in-other-function',
      'image.read.verifier-role-outside-lambda',
      'guardrail.CreatePolicyVersion.deployer.scp',
    ],
    rules: ['VAULT-IAM-013', 'VAULT-IAM-014'],
  },
  {
    path: '8. code signing bypassed',
    probes: ['verifier-code.foreign-signing-config.deployer.scp', 'verifier-code.put-signing-config.deployer.scp'],
    rules: ['VAULT-LAM-014', 'VAULT-LAM-015'],
  },
  {
    path: '9. forged records by invocation',
    probes: ['verifier-code.invoke.account-admin.scp', 'verifier-code.invoke.deployer.scp'],
    rules: ['VAULT-LAM-016'],
  },
  {
    path: '10. ledger backups and restored copies',
    probes: ['ledger-backup.restore.deployer.scp', 'ledger-copy.decrypt.deployer', 'ledger-copy.Scan.deployer'],
    rules: ['VAULT-KMS-010'],
  },
  {
    path: '11. the verification pipeline cut',
    probes: [
      'vault-bucket.putBucketNotification.account-admin',
      'intake.DeleteEventSourceMapping.account-admin.scp',
      'intake.SetQueueAttributes.account-admin.scp',
    ],
    rules: ['VAULT-S3-020'],
  },
  {
    path: '12. bootstrap under the SCP',
    probes: ['bootstrap.state-policy.key-admin.scp', 'first-apply.vault-policy.deployer.scp'],
    rules: ['VAULT-IAM-012'],
  },
  {
    path: '13. enrollment uploads',
    probes: ['image.put.enrollment', 'image.encrypt.enrollment'],
    rules: ['VAULT-S3-021'],
  },
  {
    path: '15. one action silenced every alert',
    probes: [
      'alert-key.DisableKey.key-admin',
      'alert-topic.DeleteTopic.key-admin',
      'alert-key.encrypt.eventbridge',
      'trail.StopLogging.account-admin.scp',
      'guardduty.DeleteDetector.account-admin.scp',
      'trail-log-group.GetLogEvents.account-admin.scp',
      'alert-dlq.PurgeQueue.account-admin',
    ],
    rules: [
      'VAULT-EVB-004',
      'VAULT-GD-007',
      'VAULT-SNS-004',
      'VAULT-KMS-011',
      'VAULT-CT-013',
      'VAULT-CW-014',
      'VAULT-SQS-009',
      'VAULT-SQS-010',
    ],
  },
  {
    path: '16. ledger tampering unnoticed',
    probes: [
      'ledger-stream.read.account-admin',
      'signing-key.sign.verifier',
      'ledger.PutItem.digest-job',
      'ledger-digests.forge.break-glass',
      'ledger-digests.delete.account-admin',
    ],
    rules: ['VAULT-DDB-009', 'VAULT-DDB-010', 'VAULT-KMS-012', 'VAULT-S3-022'],
  },
];

describe('docs/threat-model.md and the probe registry agree', () => {
  it('has probes with unique ids', () => {
    expect(THREAT_PROBES.length).toBe(BY_ID.size);
  });

  it.each(ROWS.map((r) => [`line ${r.line}: ${r.asset} / ${r.actor} / ${r.action}`, r]))('%s', (_title, row) => {
    // A decision the table knows, probes that exist, and probes that prove that decision.
    expect(DECISIONS).toContain(row.decision);
    const missing = row.probes.filter((id) => !BY_ID.has(id));
    expect(missing).toEqual([]);
    const expects = row.probes.map((id) => BY_ID.get(id)?.expect);
    if (row.decision === 'denied') {
      expect(row.probes.length).toBeGreaterThan(0);
      for (const e of expects) expect(DENIED).toContain(e);
    } else if (row.decision === 'allowed' || row.decision === 'not prevented') {
      expect(row.probes.length).toBeGreaterThan(0);
      for (const e of expects) expect(e).toBe('Allowed');
    } else {
      // outside IAM: IAM alone lets it through (any probe shows that); a compliance rule keeps the control on.
      for (const e of expects) expect(e).toBe('Allowed');
      expect(row.control).toMatch(/VAULT-[A-Z0-9]+-\d{3}/);
    }
    for (const rule of row.control.match(/VAULT-[A-Z0-9]+-\d{3}/g) ?? []) expect(RULE_IDS).toContain(rule);
  });

  it('names every probe of the registry in the table or in the recovery runbook', () => {
    const named = new Set([...ROWS.flatMap((r) => r.probes), ...runbookIds]);
    expect(THREAT_PROBES.map((p) => p.id).filter((id) => !named.has(id))).toEqual([]);
  });

  it("names in the runbook only probes that exist and allow the runbook's step, and every runbook probe", () => {
    const runbookProbes = THREAT_PROBES.filter((p) => p.id.startsWith('runbook.'));
    expect([...runbookIds].filter((id) => BY_ID.get(id)?.expect !== 'Allowed')).toEqual([]);
    expect(runbookProbes.map((p) => p.id).filter((id) => !runbookIds.has(id))).toEqual([]);
  });

  it.each(PATHS.map((p) => [p.path, p]))('path %s: its probes and rules exist and the doc names its rules', (_t, p) => {
    for (const id of p.probes) expect([id, BY_ID.get(id)?.expect !== undefined]).toEqual([id, true]);
    for (const rule of p.rules) {
      expect(RULE_IDS).toContain(rule);
      expect(THREAT_MODEL).toContain(rule);
    }
  });
});

/** Sids of every policy document the environment synthesizes (the names the Control column cites). */
function sids(t: ThreatEnv): Set<string> {
  const out = new Set<string>();
  for (const doc of t.world.model.all('data.aws_iam_policy_document')) {
    for (const s of t.world.model.documentStatements(doc)) if (s.sid !== undefined) out.add(s.sid);
  }
  return out;
}

/** The SCP as Terraform renders `minified_json` at most: every list kept a list (single items would be shorter). */
function scpLength(scp: JsonObject): number {
  return JSON.stringify(scp).length;
}

describe.each(Object.values(ENVIRONMENTS).map((e) => [e.name, e] as const))(
  '%s: the threat model holds',
  (_name, env) => {
    const t = threatEnv(env);

    it('names only controls (statement ids) its synthesized policies have', () => {
      const known = sids(t);
      const cited = ROWS.flatMap((r) => [...r.control.matchAll(/`([A-Z][A-Za-z]+)`/g)].map((m) => m[1] ?? ''));
      expect([...new Set(cited)].filter((sid) => !known.has(sid))).toEqual([]);
    });

    it('keeps each guardrail SCP within the 5,120-character SCP limit, with Deny statements and no Principal', () => {
      expect(t.scps).toHaveLength(2);
      for (const scp of [...t.scps, t.detectionScp]) {
        expect(scpLength(scp)).toBeLessThanOrEqual(5120);
        for (const s of scp.Statement as JsonObject[]) {
          expect(s.Effect).toBe('Deny');
          expect(s.Principal).toBeUndefined();
        }
      }
    });

    it.each(THREAT_PROBES.map((p) => [p.id, p] as const))('%s', async (_id, p: ThreatProbe) => {
      // Prepare
      const probe = resolve(t, p);
      // Act
      const result = await runProbe(t.world, probe);
      // Assess: the decision, and that the simulator used every context key the probe set.
      expect({ decision: result.decision, error: result.error, ignored: result.ignoredContextKeys }).toEqual({
        decision: p.expect,
        error: undefined,
        ignored: [],
      });
    });

    it('decides alike with the guardrail as an SCP and as an IAM policy attached to the caller', async () => {
      // Each SCP is its IAM policy compacted (no Sids, merged statements): for every caller the IAM
      // policies can be attached to, both must give the same answer.
      const differences: string[] = [];
      for (const p of THREAT_PROBES.filter((x) => x.guardrail === 'scp')) {
        const probe = resolve(t, p);
        if (probe.principal.kind !== 'external') continue;
        const viaScp = (await runProbe(t.world, probe)).decision;
        const viaIam = (
          await runProbe(t.world, {
            ...probe,
            principal: {
              ...probe.principal,
              identity: [...probe.principal.identity, t.guardrailPolicy, t.detectionGuardrailPolicy],
            },
            serviceControlPolicies: [],
          })
        ).decision;
        if (viaScp !== viaIam) differences.push(`${p.id}: SCP ${viaScp}, IAM policy ${viaIam}`);
      }
      expect(differences).toEqual([]);
    });
  },
);
