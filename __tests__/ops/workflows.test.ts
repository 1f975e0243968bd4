import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { orderedStacks } from '../../tools/ci/ordered-stacks';

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
interface Job {
  'runs-on'?: string;
  uses?: string;
  needs?: string | string[];
  environment?: string;
  permissions?: Record<string, string> | string;
  steps?: Step[];
  with?: Record<string, unknown>;
}
interface Workflow {
  on: unknown;
  permissions?: unknown;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

const DIR = join(__dirname, '..', '..', '.github', 'workflows');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.yml'));
const text = (f: string): string => readFileSync(join(DIR, f), 'utf8');
const workflow = (f: string): Workflow => load(text(f)) as Workflow;
const steps = (w: Workflow): Step[] => Object.values(w.jobs).flatMap((j) => j.steps ?? []);
const needs = (j: Job | undefined): string[] =>
  j?.needs === undefined ? [] : Array.isArray(j.needs) ? j.needs : [j.needs];

describe('GitHub workflows', () => {
  it('exist for pull requests and main', () => {
    expect(FILES.sort()).toEqual(['deploy-environment.yml', 'deploy.yml', 'plan.yml']);
  });

  it.each(FILES)('%s pins every external action by full commit SHA with its version beside it', (file) => {
    // Prepare
    const lines = text(file)
      .split('\n')
      .filter((l) => /^\s*-?\s*uses:/.test(l));
    // Act
    const external = lines.filter((l) => !/uses:\s*\.\//.test(l));
    // Assess
    for (const line of external) expect(line).toMatch(/uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    expect(
      steps(workflow(file))
        .filter((s) => s.uses !== undefined && !s.uses.startsWith('./'))
        .every((s) => /@[0-9a-f]{40}$/.test(s.uses ?? '')),
    ).toBe(true);
  });

  it.each(FILES)('%s grants nothing by default and least permissions per job', (file) => {
    // Prepare
    const w = workflow(file);
    // Assess
    expect(w.permissions).toEqual({});
    for (const [name, job] of Object.entries(w.jobs)) {
      expect(typeof job.permissions).toBe('object');
      const perms = job.permissions as Record<string, string>;
      const usesAws =
        (job.steps ?? []).some((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@')) ||
        job.uses !== undefined;
      const writes = Object.entries(perms)
        .filter(([, level]) => level === 'write')
        .map(([scope]) => scope)
        .sort();
      const allowed = [...(usesAws ? ['id-token'] : []), ...(name === 'comment' ? ['pull-requests'] : [])].sort();
      expect([name, writes]).toEqual([name, allowed]);
    }
    expect(text(file)).not.toMatch(/write-all|read-all/);
  });

  it.each(FILES)('%s assumes AWS roles through OIDC, never stored keys', (file) => {
    // Prepare
    const aws = steps(workflow(file)).filter((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    // Assess
    for (const s of aws) {
      expect(s.with?.['role-to-assume']).toMatch(/^\$\{\{ vars\.AWS_(PLAN|DEPLOY|KEY_ADMIN|VERIFY)_ROLE_ARN \}\}$/);
      expect(Object.keys(s.with ?? {})).not.toEqual(expect.arrayContaining(['aws-access-key-id']));
    }
    expect(text(file)).not.toMatch(/aws-access-key-id|aws-secret-access-key|secrets\.AWS_/);
  });

  it.each(FILES)('%s pins Terraform >= 1.10 and disables the wrapper that would corrupt `show -json`', (file) => {
    // Prepare
    const w = workflow(file);
    const tf = steps(w).filter((s) => s.uses?.startsWith('hashicorp/setup-terraform@'));
    // Assess
    for (const s of tf) {
      expect(s.with?.terraform_version).toBe('${{ env.TERRAFORM_VERSION }}');
      expect(s.with?.terraform_wrapper).toBe(false);
    }
    const [major, minor] = (w.env?.TERRAFORM_VERSION ?? '0.0').split('.').map(Number);
    expect((major ?? 0) > 1 || ((major ?? 0) === 1 && (minor ?? 0) >= 10)).toBe(true);
  });

  it('plans every stack in dependency order, summarizes with plan:summary and comments once, updated in place', () => {
    // Prepare
    const w = workflow('plan.yml');
    const planRun = (w.jobs.plan?.steps ?? []).map((s) => s.run ?? '').join('\n');
    const validateRun = (w.jobs.validate?.steps ?? []).map((s) => s.run ?? '').join('\n');
    const scriptInput = w.jobs.comment?.steps?.find((s) => s.uses?.startsWith('actions/github-script@'))?.with?.script;
    const script = typeof scriptInput === 'string' ? scriptInput : '';
    // Assess
    expect(w.on).toEqual({ pull_request: { branches: ['main'] } });
    expect(planRun).toMatch(
      /ordered-stacks\.ts --env "\$VAULT_ENV" --remote-only[\s\S]*terraform -chdir="\$dir" init[\s\S]*plan -input=false[\s\S]*show -json tfplan[\s\S]*npm run --silent plan:summary/,
    );
    expect(validateRun).toMatch(/ordered-stacks\.ts[\s\S]*init -backend=false[\s\S]*validate/);
    expect(script).toContain('<!-- biometric-vault:plan-summary -->');
    expect(script).toMatch(/updateComment[\s\S]*createComment/);
    expect(needs(w.jobs.plan)).toEqual(['validate']);
    expect(w.jobs['second-review']).toMatchObject({
      environment: 'security-review',
      if: "${{ needs.comment.outputs.sensitive == 'true' }}",
    });
  });

  it('deploys dev, then staging, then prod, each behind its environment, stack by stack in order, then verifies', () => {
    // Prepare
    const w = workflow('deploy.yml');
    const reusable = workflow('deploy-environment.yml');
    const run = (reusable.jobs.deploy?.steps ?? []).map((s) => s.run ?? '').join('\n');
    // Assess
    expect(w.on).toMatchObject({ push: { branches: ['main'] } });
    expect(
      ['deploy-dev', 'deploy-staging', 'deploy-prod'].map((j) => [j, w.jobs[j]?.with?.environment, needs(w.jobs[j])]),
    ).toEqual([
      ['deploy-dev', 'dev', ['test']],
      ['deploy-staging', 'staging', ['deploy-dev']],
      ['deploy-prod', 'prod', ['deploy-staging']],
    ]);
    expect(reusable.jobs.deploy?.environment).toBe('${{ inputs.environment }}');
    expect(run).toMatch(
      /ordered-stacks\.ts --env "\$VAULT_ENV" --remote-only[\s\S]*-keys\$' stacks\.txt > keys\.txt[\s\S]*apply-stacks\.sh keys\.txt[\s\S]*apply-stacks\.sh data-stacks\.txt/,
    );
    expect(run).toContain('verify:deployment -- --env "$VAULT_ENV"');
    // Separation of duties: keys as key administrator, data stacks as deployer, checks as verifier.
    const roles = (reusable.jobs.deploy?.steps ?? [])
      .map((s) => s.with?.['role-to-assume'])
      .filter((r) => r !== undefined);
    expect(roles).toEqual([
      '${{ vars.AWS_KEY_ADMIN_ROLE_ARN }}',
      '${{ vars.AWS_DEPLOY_ROLE_ARN }}',
      '${{ vars.AWS_VERIFY_ROLE_ARN }}',
    ]);
    const script = readFileSync(join(__dirname, '..', '..', '.github', 'scripts', 'apply-stacks.sh'), 'utf8');
    expect(script).toMatch(
      /init -input=false[\s\S]*plan -input=false -no-color -out=tfplan[\s\S]*apply -input=false -no-color tfplan/,
    );
  });
});

describe('ordered stacks', () => {
  it('lists stacks in dependency order (state, keys, storage, ledger, audit, threat detection, verifier), per environment, and knows their backends', () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'ops-stacks-'));
    const names = [
      'prod-verifier',
      'dev-ledger',
      'dev-state',
      'prod-keys',
      'dev-audit',
      'dev-keys',
      'dev-threat-detection',
    ];
    for (const name of names) {
      mkdirSync(join(dir, 'stacks', name), { recursive: true });
      const backend = name.endsWith('-state')
        ? { local: { path: 'terraform.tfstate' } }
        : { s3: { bucket: 'b', key: 'k' } };
      writeFileSync(join(dir, 'stacks', name, 'cdk.tf.json'), JSON.stringify({ terraform: { backend } }));
    }
    try {
      // Act
      const stacks = orderedStacks(dir);
      // Assess
      expect(stacks.map((s) => s.name)).toEqual([
        'dev-state',
        'dev-keys',
        'dev-ledger',
        'dev-audit',
        'dev-threat-detection',
        'prod-keys',
        'prod-verifier',
      ]);
      expect(stacks.filter((s) => s.backend === 'local').map((s) => s.name)).toEqual(['dev-state']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
