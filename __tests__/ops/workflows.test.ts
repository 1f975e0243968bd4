import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { orderedStacks } from '../../tools/ci/ordered-stacks';
import { runSigningTarget } from '../../tools/ci/signing-target';

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
  if?: string;
  permissions?: Record<string, string> | string;
  steps?: Step[];
  with?: Record<string, unknown>;
  outputs?: Record<string, string>;
}
interface Workflow {
  on: unknown;
  permissions?: unknown;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

const ROOT = join(__dirname, '..', '..');
const DIR = join(ROOT, '.github', 'workflows');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.yml'));
const text = (f: string): string => readFileSync(join(DIR, f), 'utf8');
const workflow = (f: string): Workflow => load(text(f)) as Workflow;
const steps = (w: Workflow): Step[] => Object.values(w.jobs).flatMap((j) => j.steps ?? []);
const needs = (j: Job | undefined): string[] =>
  j?.needs === undefined ? [] : Array.isArray(j.needs) ? j.needs : [j.needs];
const run = (j: Job | undefined): string =>
  (j?.steps ?? [])
    .map((s) => s.run?.trim())
    .filter((r) => r !== undefined)
    .join('\n');
const roleOf = (j: Job | undefined): unknown =>
  j?.steps?.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'))?.with?.['role-to-assume'];

/** The release tags (and their commits) that the workflows pin, read from the actions' repositories. */
const PINNED: Readonly<Record<string, readonly [string, string]>> = {
  'actions/checkout': ['3d3c42e5aac5ba805825da76410c181273ba90b1', 'v7.0.1'],
  'actions/setup-node': ['820762786026740c76f36085b0efc47a31fe5020', 'v7.0.0'],
  'actions/upload-artifact': ['bbbca2ddaa5d8feaa63e36b76fdaad77386f024f', 'v7.0.0'],
  'actions/download-artifact': ['3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c', 'v8.0.1'],
  'actions/github-script': ['ed597411d8f924073f98dfc5c65a23a2325f34cd', 'v8.0.0'],
  'aws-actions/configure-aws-credentials': ['e6de054238d6b7531b4efff3b6587d9aade6a06c', 'v6.2.3'],
  'hashicorp/setup-terraform': ['dfe3c3f87815947d99a8997f908cb6525fc44e9e', 'v4.0.1'],
};

describe('GitHub workflows', () => {
  it('exist for pull requests and main', () => {
    expect(FILES.sort()).toEqual(['deploy-environment.yml', 'deploy.yml', 'plan.yml']);
  });

  it.each(FILES)('%s pins every external action by full commit SHA, the tag named beside it', (file) => {
    // Prepare
    const lines = text(file)
      .split('\n')
      .filter((l) => /^\s*-?\s*uses:/.test(l) && !/uses:\s*\.\//.test(l));
    // Act
    const pins = lines.map((l) => /uses: ([\w.-]+\/[\w.-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$/.exec(l));
    // Assess
    expect(pins.every((m) => m !== null)).toBe(true);
    for (const m of pins) expect([m?.[1], m?.[2], m?.[3]]).toEqual([m?.[1], ...(PINNED[m?.[1] ?? ''] ?? [])]);
  });

  it('Dependabot watches the actions and npm', () => {
    // Prepare
    const config = load(readFileSync(join(ROOT, '.github', 'dependabot.yml'), 'utf8')) as {
      updates: { 'package-ecosystem': string; directory: string }[];
    };
    // Assess
    expect(config.updates.map((u) => [u['package-ecosystem'], u.directory])).toEqual([
      ['github-actions', '/'],
      ['npm', '/'],
    ]);
  });

  it.each(FILES)('%s runs Node 22 and disables the version-check call home', (file) => {
    // Prepare
    const w = workflow(file);
    const nodeSteps = steps(w).filter((s) => s.uses?.startsWith('actions/setup-node@'));
    // Assess
    for (const s of nodeSteps) expect(s.with?.['node-version']).toBe('${{ env.NODE_VERSION }}');
    if (nodeSteps.length > 0) expect(w.env?.NODE_VERSION).toBe('22');
    if (steps(w).some((s) => s.uses?.startsWith('hashicorp/setup-terraform@')))
      expect(w.env?.CHECKPOINT_DISABLE).toBe('1');
  });

  it.each(FILES)('%s grants nothing by default and least permissions per job', (file) => {
    // Prepare
    const w = workflow(file);
    // Assess
    expect(w.permissions).toEqual({});
    for (const [name, job] of Object.entries(w.jobs)) {
      expect(typeof job.permissions).toBe('object');
      const perms = job.permissions as Record<string, string>;
      const usesAws = roleOf(job) !== undefined || job.uses !== undefined;
      const writes = Object.entries(perms)
        .filter(([, level]) => level === 'write')
        .map(([scope]) => scope)
        .sort();
      const allowed = [...(usesAws ? ['id-token'] : []), ...(name === 'comment' ? ['pull-requests'] : [])].sort();
      expect([name, writes]).toEqual([name, allowed]);
    }
    expect(text(file)).not.toMatch(/write-all|read-all/);
  });

  it.each(FILES)('%s assumes each AWS role through OIDC in a job of its own environment', (file) => {
    // Prepare
    const w = workflow(file);
    // Assess
    for (const [name, job] of Object.entries(w.jobs)) {
      const aws = (job.steps ?? []).filter((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
      if (aws.length === 0) continue;
      // One role per job, and the job names an environment: the OIDC subject is then
      // repo:<owner>/<repo>:environment:<name>, which the role's trust names.
      expect([name, aws.length]).toEqual([name, 1]);
      expect([name, typeof job.environment]).toEqual([name, 'string']);
      expect(aws[0]?.with?.['role-to-assume']).toMatch(
        /^\$\{\{ vars\.AWS_(PLAN|DEPLOY|KEY_ADMIN|ALERT_ADMIN|SIGNER|VERIFY)_ROLE_ARN \}\}$/,
      );
      expect(aws[0]?.with?.audience).toBe('sts.amazonaws.com');
    }
    expect(text(file)).not.toMatch(/aws-access-key-id|aws-secret-access-key|secrets\.AWS_/);
  });

  it.each(FILES)('%s documents each role trust as the environment subject next to its job', (file) => {
    // Prepare
    const source = text(file);
    // Assess
    expect(source).not.toMatch(/repo:\S*:pull_request/);
    if (Object.values(workflow(file).jobs).some((j) => roleOf(j) !== undefined))
      expect(source).toMatch(/repo:<owner>\/<repo>:environment:/);
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
    if (tf.length === 0) return;
    const [major, minor] = (w.env?.TERRAFORM_VERSION ?? '0.0').split('.').map(Number);
    expect((major ?? 0) > 1 || ((major ?? 0) === 1 && (minor ?? 0) >= 10)).toBe(true);
  });

  it('every terraform init checks the committed provider lock file', () => {
    // Prepare
    const sources = [
      ...FILES.map(text),
      ...['plan-stacks.sh', 'apply-stacks.sh'].map((f) => readFileSync(join(ROOT, '.github', 'scripts', f), 'utf8')),
    ];
    // Act
    const inits = sources.flatMap((t) =>
      t.split('\n').filter((l) => /terraform\b.*\binit\b/.test(l) && !l.trim().startsWith('#')),
    );
    // Assess
    expect(inits.length).toBeGreaterThanOrEqual(3);
    for (const l of inits) expect(l).toContain('-lockfile=readonly');
  });

  it('says, in the README set-up, that the workflows stay red until the provider lock file is committed', () => {
    // Prepare
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const setUp = readme.slice(readme.indexOf('## Set-up'), readme.indexOf('\n## ', readme.indexOf('## Set-up') + 1));
    const locked = existsSync(join(ROOT, '.terraform.lock.hcl'));
    // Assess: while no lock file is committed, every workflow's `terraform init -lockfile=readonly`
    // fails, and the set-up section must say so and how to fix it.
    if (!locked) {
      expect(setUp).toContain('The plan and deploy workflows stay red until the provider lock file is committed');
      expect(setUp).toContain('-lockfile=readonly');
      expect(setUp).toContain('npm run providers:lock');
      expect(setUp).toMatch(/commit the file/);
    }
    expect(text('plan.yml')).toContain('-lockfile=readonly');
    for (const f of ['plan-stacks.sh', 'apply-stacks.sh'])
      expect(readFileSync(join(ROOT, '.github', 'scripts', f), 'utf8')).toContain('-lockfile=readonly');
    expect(readFileSync(join(ROOT, 'docs', 'bootstrap.md'), 'utf8')).toContain('npm run providers:lock');
  });

  it('names the security team as code owner of the gate and requires its review next to `plan gate`', () => {
    // Prepare
    const owners = readFileSync(join(ROOT, '.github', 'CODEOWNERS'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.startsWith('#'))
      .map((l) => l.split(/\s+/)[0]);
    // Assess
    for (const path of [
      '/.github/',
      '/tools/plan-summary/',
      '/tools/ci/',
      '/scripts/synth.mjs',
      '/compliance/',
      '/config/',
      '/lambda-src/',
    ])
      expect(owners).toContain(path);
    expect(text('plan.yml')).toMatch(/required check `plan gate` AND[\s\S]*"Require review from Code Owners"/);
    expect(readFileSync(join(ROOT, 'docs', 'operations.md'), 'utf8')).toContain(
      'require the check `plan gate` and "Require review from Code Owners"',
    );
  });

  it('runs the code that decides the verdict from the base branch checkout', () => {
    // Prepare
    const w = workflow('plan.yml');
    // Assess
    expect(run(w.jobs.plan)).toContain('npm run --silent --prefix base plan:summary --');
    for (const job of ['comment', 'plan-gate'])
      expect(w.jobs[job]?.steps?.[0]?.with).toMatchObject({
        ref: '${{ github.event.pull_request.base.sha }}',
        'sparse-checkout': '.github/scripts',
      });
  });

  it('plans every stack in dependency order, summarizes with plan:summary and comments once, updated in place', () => {
    // Prepare
    const w = workflow('plan.yml');
    const script = w.jobs.comment?.steps?.find((s) => s.uses?.startsWith('actions/github-script@'))?.with?.script;
    // Assess
    expect(w.on).toEqual({ pull_request: { branches: ['main'] } });
    expect(run(w.jobs.plan)).toMatch(
      /ordered-stacks\.ts --env "\$VAULT_ENV" --remote-only --with-reads[\s\S]*plan-stacks\.sh remote\.txt[\s\S]*plan:summary[\s\S]*--base-synth-dir[\s\S]*--json/,
    );
    expect(run(w.jobs.plan)).toMatch(/--expect[\s\S]*--unplanned/);
    expect(run(w.jobs.validate)).toMatch(/ordered-stacks\.ts[\s\S]*init -backend=false[\s\S]*validate/);
    expect(String(script)).toContain('<!-- biometric-vault:plan-summary -->');
    expect(String(script)).toMatch(/updateComment[\s\S]*createComment/);
    expect(run(w.jobs.plan)).toMatch(/--max-length 20000 --full-report-url "\$RUN_URL"[\s\S]*--full-output/);
    expect(run(w.jobs.plan)).toContain('bash .github/scripts/step-summary.sh');
    expect(run(w.jobs.comment)).toContain('node .github/scripts/plan-comment.mjs --dir summary --out comment.md');
    expect(w.jobs.comment?.outputs?.review).toBe('${{ steps.body.outputs.review }}');
    expect(needs(w.jobs.plan)).toEqual(['validate']);
  });

  it('the second-review gate fails closed: one always-running gate needs every job and the approval', () => {
    // Prepare
    const w = workflow('plan.yml');
    const gate = w.jobs['plan-gate'];
    // Assess
    expect(w.jobs['security-review']).toMatchObject({
      environment: 'security-review',
      if: "${{ needs.comment.outputs.review == 'required' }}",
    });
    expect(w.jobs.comment?.if).toBe('${{ always() }}');
    expect(gate?.if).toBe('${{ always() }}');
    expect(needs(gate).sort()).toEqual(['comment', 'plan', 'security-review', 'test', 'validate']);
    expect(run(gate)).toBe('node .github/scripts/plan-gate.mjs test validate plan comment');
    expect(gate?.permissions).toEqual({ contents: 'read', actions: 'read' });
    expect(gate?.steps?.at(-1)?.env).toMatchObject({ GITHUB_TOKEN: '${{ github.token }}' });
    expect(text('plan.yml')).toMatch(/Mark exactly ONE check required on main[\s\S]*`plan gate`/);
  });

  it('deploys dev, then staging, then prod, from the default branch only', () => {
    // Prepare
    const w = workflow('deploy.yml');
    const reusable = workflow('deploy-environment.yml');
    const defaultBranch = "${{ github.ref == format('refs/heads/{0}', github.event.repository.default_branch) }}";
    // Assess
    expect(w.on).toMatchObject({ push: { branches: ['main'] } });
    expect(
      ['deploy-dev', 'deploy-staging', 'deploy-prod'].map((j) => [j, w.jobs[j]?.with?.environment, needs(w.jobs[j])]),
    ).toEqual([
      ['deploy-dev', 'dev', ['test']],
      ['deploy-staging', 'staging', ['deploy-dev']],
      ['deploy-prod', 'prod', ['deploy-staging']],
    ]);
    expect(w.jobs.test?.if).toBe(defaultBranch);
    expect(reusable.jobs.plan?.if).toBe(defaultBranch);
  });

  it('keeps the roles apart by job and environment, and applies exactly the saved plans', () => {
    // Prepare
    const w = workflow('deploy-environment.yml');
    const jobs = ['sign', 'plan', 'apply-keys', 'apply-alerting', 'apply', 'verify'];
    // Assess
    expect(jobs.map((j) => [j, w.jobs[j]?.environment, roleOf(w.jobs[j])])).toEqual([
      ['sign', '${{ inputs.environment }}-sign', '${{ vars.AWS_SIGNER_ROLE_ARN }}'],
      ['plan', '${{ inputs.environment }}-plan', '${{ vars.AWS_PLAN_ROLE_ARN }}'],
      ['apply-keys', '${{ inputs.environment }}-keys', '${{ vars.AWS_KEY_ADMIN_ROLE_ARN }}'],
      ['apply-alerting', '${{ inputs.environment }}-alerting', '${{ vars.AWS_ALERT_ADMIN_ROLE_ARN }}'],
      ['apply', '${{ inputs.environment }}', '${{ vars.AWS_DEPLOY_ROLE_ARN }}'],
      ['verify', '${{ inputs.environment }}-verify', '${{ vars.AWS_VERIFY_ROLE_ARN }}'],
    ]);
    // The verifier is planned from the package the signer signed; the state and keys stacks are the
    // key administrators'.
    expect(needs(w.jobs.plan)).toEqual(['sign']);
    expect(run(w.jobs.sign)).toMatch(
      /signing-target\.ts --env "\$VAULT_ENV" --account "\$account"[\s\S]*sign-verifier\.sh "\$bucket" "\$profile"/,
    );
    const synth = (w.jobs.plan?.steps ?? []).find((st) => st.run === 'npm run synth');
    expect(synth?.env?.VAULT_VERIFIER_PACKAGE).toBe('${{ needs.sign.outputs.package }}');
    expect(synth?.env?.VAULT_LEDGER_INTEGRITY_PACKAGE).toBe('${{ needs.sign.outputs.ledger_integrity_package }}');
    expect(run(w.jobs.sign)).toMatch(/sign-verifier\.sh "\$bucket" "\$profile" ledger-integrity/);
    expect(run(w.jobs.plan)).toMatch(/grep -E -- '-\(state\|keys\)\$' planned\.txt > keys\.txt/);
    // The alerting stack is the alert administrators': neither the key administrators nor the deployer apply it.
    expect(run(w.jobs.plan)).toMatch(/grep -E -- '-alerting\$' planned\.txt > alerting\.txt/);
    expect(run(w.jobs.plan)).toMatch(/grep -v -E -- '-\(state\|keys\|alerting\)\$' planned\.txt > data\.txt/);
    expect(needs(w.jobs['apply-keys'])).toEqual(['plan']);
    expect(needs(w.jobs['apply-alerting'])).toEqual(['plan', 'apply-keys']);
    expect(needs(w.jobs.apply)).toEqual(['plan', 'apply-keys', 'apply-alerting']);
    expect(run(w.jobs['apply-alerting'])).toBe('bash .github/scripts/apply-stacks.sh alerting.txt');
    expect(run(w.jobs.plan)).toMatch(/plan-stacks\.sh stacks\.txt planned\.txt --defer-on-output-change/);
    expect(run(w.jobs['apply-keys'])).toBe('bash .github/scripts/apply-stacks.sh keys.txt');
    expect(run(w.jobs.apply)).toBe('bash .github/scripts/apply-stacks.sh data.txt');
    expect(run(w.jobs.verify)).toContain('verify:deployment -- --env "$VAULT_ENV"');
    expect(w.jobs.complete?.if).toBe('${{ always() }}');
    const apply = readFileSync(join(ROOT, '.github', 'scripts', 'apply-stacks.sh'), 'utf8');
    expect(apply).toMatch(/apply -input=false -no-color tfplan/);
    expect(apply).not.toMatch(/terraform[^\n]* plan /);
    const plan = readFileSync(join(ROOT, '.github', 'scripts', 'plan-stacks.sh'), 'utf8');
    expect(plan).toMatch(/plan -input=false -lock=false -no-color -out=tfplan[\s\S]*show -json tfplan/);
  });
});

describe('the plan gate', () => {
  /** GitHub's environment, as GET /repos/{owner}/{repo}/environments/security-review answers it. */
  const PROTECTED = {
    name: 'security-review',
    protection_rules: [
      {
        id: 1,
        type: 'required_reviewers',
        prevent_self_review: true,
        reviewers: [{ type: 'Team', reviewer: { id: 7 } }],
      },
      { id: 2, type: 'branch_policy' },
    ],
  };
  let answer: { status: number; body: unknown } = { status: 200, body: PROTECTED };
  let answerFor: Record<string, { status: number; body: unknown }> = {};
  let requests: { url: string; auth: string | undefined }[] = [];
  let api: Server;
  let apiUrl = '';
  beforeAll(async () => {
    api = createServer((req, res) => {
      requests.push({ url: req.url ?? '', auth: req.headers.authorization });
      const reply = answerFor[req.url ?? ''] ?? answer;
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply.body));
    });
    await new Promise<void>((done) => api.listen(0, '127.0.0.1', done));
    apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((done) => api.close(() => done())));
  beforeEach(() => {
    answer = { status: 200, body: PROTECTED };
    answerFor = {};
    requests = [];
  });

  const gate = async (needsJson: unknown, env: Record<string, string> = {}): Promise<{ code: number; out: string }> =>
    new Promise((done) => {
      execFile(
        process.execPath,
        [join(ROOT, '.github', 'scripts', 'plan-gate.mjs'), 'test', 'validate', 'plan', 'comment'],
        {
          env: {
            PATH: process.env.PATH ?? '',
            NEEDS: JSON.stringify(needsJson),
            GITHUB_API_URL: apiUrl,
            GITHUB_REPOSITORY: 'example/vault',
            GITHUB_TOKEN: 'token-1',
            ...env,
          },
          encoding: 'utf8',
        },
        (error, stdout) => done({ code: error === null ? 0 : Number(error.code), out: stdout }),
      );
    });
  const ok = { result: 'success' };
  const jobs = (
    review: unknown,
    approval: string,
    overrides: Record<string, unknown> = {},
  ): Record<string, unknown> => ({
    test: ok,
    validate: ok,
    plan: ok,
    comment: { result: 'success', outputs: review === undefined ? {} : { review } },
    'security-review': { result: approval },
    ...overrides,
  });

  it.each([
    ['clean plans, no review needed', jobs('none', 'skipped'), 0],
    ['sensitive plans, approved', jobs('required', 'success'), 0],
    ['sensitive plans, approval skipped', jobs('required', 'skipped'), 1],
    ['sensitive plans, approval rejected', jobs('required', 'failure'), 1],
    ['a plan job failed (approval skipped)', jobs('required', 'skipped', { plan: { result: 'failure' } }), 1],
    ['a plan job failed although the comment said clean', jobs('none', 'skipped', { plan: { result: 'failure' } }), 1],
    ['the run was cancelled', jobs('none', 'skipped', { plan: { result: 'cancelled' } }), 1],
    ['the comment gave no verdict', jobs(undefined, 'skipped'), 1],
    ['tests did not run', jobs('none', 'skipped', { test: { result: 'skipped' } }), 1],
    ['no job results at all', null, 1],
  ])('%s: exit %i', async (_, needsJson, code) => {
    // Act
    const result = await gate(needsJson);
    // Assess
    expect(result.code).toBe(code);
    if (code !== 0) expect(result.out).toContain('::error::plan gate:');
  });

  it('reads the security-review environment with the job token', async () => {
    // Act
    await gate(jobs('none', 'skipped'));
    // Assess
    expect(requests).toEqual([{ url: '/repos/example/vault/environments/security-review', auth: 'Bearer token-1' }]);
  });

  it.each([
    [
      'the environment does not exist (GitHub would create it unprotected)',
      { status: 404, body: { message: 'Not Found' } },
      'environment security-review does not exist',
    ],
    [
      'no protection rules',
      { status: 200, body: { name: 'security-review', protection_rules: [] } },
      'environment security-review has no required reviewers',
    ],
    [
      'only a wait timer',
      { status: 200, body: { name: 'security-review', protection_rules: [{ type: 'wait_timer', wait_timer: 5 }] } },
      'environment security-review has no required reviewers',
    ],
    [
      'reviewers, but the author may approve',
      {
        status: 200,
        body: {
          protection_rules: [{ type: 'required_reviewers', prevent_self_review: false, reviewers: [{ type: 'User' }] }],
        },
      },
      'turn on "Prevent self-review"',
    ],
    [
      'the token may not read it',
      { status: 403, body: { message: 'Resource not accessible by integration' } },
      'environment security-review could not be read (HTTP 403)',
    ],
  ])('fails when %s, even for an approved review', async (_, response, message) => {
    // Prepare
    answer = response;
    // Act
    const approved = await gate(jobs('required', 'success'));
    const clean = await gate(jobs('none', 'skipped'));
    // Assess
    expect([approved.code, clean.code]).toEqual([1, 1]);
    expect(approved.out).toContain(message);
  });

  it('deploys: fails unless each apply environment has required reviewers (the author may approve a deploy)', async () => {
    // Prepare
    const check = (names: string[]): Promise<{ code: number; out: string }> =>
      new Promise((done) => {
        execFile(
          process.execPath,
          [join(ROOT, '.github', 'scripts', 'environment-protected.mjs'), ...names],
          {
            env: {
              PATH: process.env.PATH ?? '',
              GITHUB_API_URL: apiUrl,
              GITHUB_REPOSITORY: 'example/vault',
              GITHUB_TOKEN: 'token-2',
            },
            encoding: 'utf8',
          },
          (error, stdout) => done({ code: error === null ? 0 : Number(error.code), out: stdout }),
        );
      });
    const selfReview = {
      status: 200,
      body: {
        protection_rules: [{ type: 'required_reviewers', prevent_self_review: false, reviewers: [{ type: 'Team' }] }],
      },
    };
    answerFor = { '/repos/example/vault/environments/prod': selfReview };
    // Act
    const protectedBoth = await check(['prod-keys', 'prod']);
    answerFor['/repos/example/vault/environments/prod-keys'] = { status: 404, body: { message: 'Not Found' } };
    const missingKeys = await check(['prod-keys', 'prod']);
    const usage = await check([]);
    // Assess
    expect(protectedBoth.code).toBe(0);
    expect(missingKeys.code).toBe(1);
    expect(missingKeys.out).toContain('environment prod-keys does not exist');
    expect(usage.code).toBe(64);
    const job = workflow('deploy-environment.yml').jobs.plan;
    const step = job?.steps?.find((st) => st.run?.includes('environment-protected.mjs'));
    expect(step?.run).toBe(
      'node .github/scripts/environment-protected.mjs "$VAULT_ENV-keys" "$VAULT_ENV-alerting" "$VAULT_ENV"',
    );
    expect(job?.permissions).toMatchObject({ actions: 'read' });
    expect(job?.steps?.indexOf(step as Step)).toBe(1);
  });

  it('fails when the API cannot be reached or the token is missing', async () => {
    // Act
    const unreachable = await gate(jobs('none', 'skipped'), { GITHUB_API_URL: 'http://127.0.0.1:9' });
    const noToken = await gate(jobs('none', 'skipped'), { GITHUB_TOKEN: '' });
    // Assess
    expect(unreachable.code).toBe(1);
    expect(unreachable.out).toContain('environment security-review could not be read');
    expect(noToken.code).toBe(1);
  });
});

describe('sign-verifier.sh (the signing step), with stand-in npm and aws commands', () => {
  const SCRIPT = join(__dirname, '..', '..', '.github', 'scripts', 'sign-verifier.sh');

  /** Runs the script in a scratch directory whose PATH starts with recording `npm` and `aws` stand-ins. */
  function sign(args: string[], awsVersion = 'v-unsigned'): { status: number | null; stdout: string; calls: string[] } {
    const dir = mkdtempSync(join(tmpdir(), 'sign-verifier-'));
    try {
      const bin = join(dir, 'bin');
      mkdirSync(bin);
      const log = join(dir, 'calls.log');
      // npm: the build writes the package; aws: answers as S3 and AWS Signer document their outputs.
      writeFileSync(
        join(bin, 'npm'),
        `#!/usr/bin/env bash\necho "npm $*" >> ${log}\nmkdir -p dist/verifier dist/ledger-integrity && printf 'zip' > dist/verifier/verifier.zip && printf 'zip' > dist/ledger-integrity/ledger-integrity.zip\n`,
        { mode: 0o755 },
      );
      writeFileSync(
        join(bin, 'aws'),
        [
          '#!/usr/bin/env bash',
          `echo "aws $*" >> ${log}`,
          'case "$1 $2" in',
          `  "s3api put-object") echo "${awsVersion}" ;;`,
          '  "signer start-signing-job") echo "job-1" ;;',
          '  "signer wait") ;;',
          '  "signer describe-signing-job") echo "verifier/signed/job-1.zip" ;;',
          '  "s3api head-object") echo "v-signed" ;;',
          'esac',
          '',
        ].join('\n'),
        { mode: 0o755 },
      );
      const r = spawnSync('bash', [SCRIPT, ...args], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` },
      });
      const calls = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
      return { status: r.status, stdout: r.stdout, calls };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('uploads the build by its SHA-256, signs that version with the profile, and prints the signed package', () => {
    // Act
    const r = sign(['biometric-vault-dev-artifacts-111111111111', 'biometric_vault_dev_verifier']);
    // Assess
    const sha = '4a70fe9aa6436e02c2dea340fbd1e352e4ef2d8ce6ca52ad25d4b95471fc8bf2'; // sha256 of the 3 bytes "zip"
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      's3://biometric-vault-dev-artifacts-111111111111/verifier/signed/job-1.zip?versionId=v-signed\n',
    );
    expect(r.calls).toEqual([
      'npm run --silent build:verifier',
      `aws s3api put-object --bucket biometric-vault-dev-artifacts-111111111111 --key verifier/unsigned/${sha}.zip --body dist/verifier/verifier.zip --query VersionId --output text`,
      `aws signer start-signing-job --source s3={bucketName=biometric-vault-dev-artifacts-111111111111,key=verifier/unsigned/${sha}.zip,version=v-unsigned} --destination s3={bucketName=biometric-vault-dev-artifacts-111111111111,prefix=verifier/signed/} --profile-name biometric_vault_dev_verifier --query jobId --output text`,
      'aws signer wait successful-signing-job --job-id job-1',
      'aws signer describe-signing-job --job-id job-1 --query signedObject.s3.key --output text',
      'aws s3api head-object --bucket biometric-vault-dev-artifacts-111111111111 --key verifier/signed/job-1.zip --query VersionId --output text',
    ]);
  });

  it('signs the ledger-integrity package the same way, under its own unsigned key', () => {
    const r = sign(['biometric-vault-dev-artifacts-111111111111', 'biometric_vault_dev_verifier', 'ledger-integrity']);
    const sha = '4a70fe9aa6436e02c2dea340fbd1e352e4ef2d8ce6ca52ad25d4b95471fc8bf2';
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      's3://biometric-vault-dev-artifacts-111111111111/verifier/signed/job-1.zip?versionId=v-signed\n',
    );
    expect(r.calls.slice(0, 2)).toEqual([
      'npm run --silent build:ledger-integrity',
      `aws s3api put-object --bucket biometric-vault-dev-artifacts-111111111111 --key verifier/unsigned/ledger-integrity-${sha}.zip --body dist/ledger-integrity/ledger-integrity.zip --query VersionId --output text`,
    ]);
  });

  it('refuses to sign from an unversioned bucket (AWS Signer needs a version) and prints nothing', () => {
    const r = sign(['b', 'p'], 'None');
    expect([r.status, r.stdout]).toEqual([1, '']);
    expect(r.calls.some((c) => c.startsWith('aws signer'))).toBe(false);
  });

  it('exits 64 on bad usage', () => {
    expect(sign(['only-a-bucket']).status).toBe(64);
    expect(sign(['b', 'p', 'another-package']).status).toBe(64);
  });
});

describe('signing-target (the artifact bucket and signing profile the sign job uses)', () => {
  const call = (argv: string[]): { status: number; out: string; err: string } => {
    let out = '';
    let err = '';
    const status = runSigningTarget(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
    return { status, out, err };
  };

  it("prints the environment's artifact bucket in the signer's account and its profile", () => {
    expect(call(['--env', 'prod', '--account', '333333333333'])).toEqual({
      status: 0,
      out: 'biometric-vault-prod-artifacts-333333333333 biometric_vault_prod_verifier\n',
      err: '',
    });
  });

  it.each([
    [['--env', 'prod', '--account', '111111111111'], "is not one of prod's allowedAccountIds (333333333333)"],
    [['--env', 'qa', '--account', '111111111111'], 'unknown environment "qa"'],
    [['--env', 'prod'], '--env and --account are required'],
    [['--evn', 'prod'], 'did you mean --env?'],
  ])('refuses %j with exit 64', (argv, message) => {
    const r = call(argv);
    expect(r.status).toBe(64);
    expect(r.err).toContain(message);
  });
});

describe('the pull-request comment', () => {
  const script = join(ROOT, '.github', 'scripts', 'plan-comment.mjs');
  const verdict = (review: boolean, sensitive = 0): string =>
    JSON.stringify({
      version: 1,
      reviewRequired: review,
      stacks: [{ stack: 'x', sensitive: Array.from({ length: sensitive }, () => ({ address: 'a', reasons: [] })) }],
    });
  const summary = (env: string, text: string): string =>
    `<!-- biometric-vault:plan-summary -->\n## Terraform plan summary\n\n${env}: ${text}\n`;
  function comment(files: Record<string, string>): { code: number | null; out: string; body: string } {
    const dir = mkdtempSync(join(tmpdir(), 'vault-comment-'));
    try {
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
      const r = spawnSync(
        process.execPath,
        [
          script,
          '--dir',
          dir,
          '--out',
          join(dir, 'comment.md'),
          '--url',
          'https://ci.example/run/9',
          'dev',
          'staging',
          'prod',
        ],
        { encoding: 'utf8' },
      );
      return { code: r.status, out: r.stdout, body: readFileSync(join(dir, 'comment.md'), 'utf8') };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const envFiles = (env: string, review: boolean, full: string, short: string): Record<string, string> => ({
    [`${env}.json`]: verdict(review, review ? 3 : 0),
    [`${env}.md`]: summary(env, short),
    [`${env}.full.md`]: summary(env, full),
  });

  it("shows each environment's full report when they fit together, with one marker", () => {
    // Act
    const r = comment({
      ...envFiles('dev', false, 'all of dev', 'dev shortened'),
      ...envFiles('staging', false, 'all of staging', 'staging shortened'),
      ...envFiles('prod', true, 'all of prod', 'prod shortened'),
    });
    // Assess
    expect([r.code, r.out]).toEqual([0, 'review=required\n']);
    expect(r.body.startsWith('<!-- biometric-vault:plan-summary -->\n## Terraform plan summary')).toBe(true);
    expect(r.body.match(/biometric-vault:plan-summary/g)).toHaveLength(1);
    expect(r.body).toMatch(
      /## `dev`\n\ndev: all of dev[\s\S]*## `staging`\n\nstaging: all of staging[\s\S]*## `prod`\n\nprod: all of prod/,
    );
  });

  it('falls back to the shortened summaries to stay within the limit, full reports first in order where they fit', () => {
    // Act
    const r = comment({
      ...envFiles('dev', true, 'x'.repeat(30_000), 'dev shortened'),
      ...envFiles('staging', true, 'y'.repeat(30_000), 'staging shortened'),
      ...envFiles('prod', true, 'z'.repeat(30_000), 'prod shortened'),
    });
    // Assess
    expect(r.body.length).toBeLessThanOrEqual(65_000);
    expect(r.body).toContain('x'.repeat(30_000));
    expect(r.body).toContain('y'.repeat(30_000));
    expect(r.body).toContain('prod: prod shortened');
  });

  it('says so, with the link, for a summary too long even shortened, and requires review without a verdict', () => {
    // Act
    const r = comment({
      ...envFiles('dev', true, 'x'.repeat(70_000), 'x'.repeat(66_000)),
      ...envFiles('staging', false, 'all of staging', 'staging shortened'),
    });
    // Assess
    expect(r.out).toBe('review=required\n');
    expect(r.body.length).toBeLessThanOrEqual(65_000);
    expect(r.body).toContain(
      'The summary of `dev` (3 security-sensitive change(s), a second reviewer is required) is longer than this comment can hold: read it in [the job summary](https://ci.example/run/9).',
    );
    expect(r.body).toContain('staging: all of staging');
    expect(r.body).toContain(':x: No plan verdict: see the `plan prod` job.');
  });

  it('keeps every security-sensitive change, one line each with its reason, when even the shortened summaries do not fit', () => {
    // Prepare: 400 sensitive changes in each of three environments, summaries far over the limit.
    const many = (env: string): string =>
      JSON.stringify({
        version: 1,
        reviewRequired: true,
        stacks: [
          {
            stack: `${env}-verifier`,
            sensitive: Array.from({ length: 400 }, (_, i) => ({
              address: `aws_sqs_queue.q${i}`,
              kind: 'update',
              reasons: [`queue ${i}: redrive policy (failure queue) changed`],
            })),
          },
        ],
      });
    const files = (envs: string[]): Record<string, string> =>
      Object.assign(
        {},
        ...envs.map((env) => ({
          [`${env}.json`]: many(env),
          [`${env}.md`]: summary(env, 'x'.repeat(66_000)),
          [`${env}.full.md`]: summary(env, 'y'.repeat(90_000)),
        })),
      ) as Record<string, string>;
    // Act
    const one = comment({
      ...files(['dev']),
      ...envFiles('staging', false, 'b', 'b'),
      ...envFiles('prod', false, 'c', 'c'),
    });
    const three = comment(files(['dev', 'staging', 'prod']));
    // Assess: 400 changes keep their reasons in full; 1,200 keep at least their addresses.
    expect(one.out).toBe('review=required\n');
    expect(one.body.length).toBeLessThanOrEqual(65_000);
    for (let i = 0; i < 400; i += 1)
      expect(one.body).toContain(
        `\n- \`dev-verifier\` \`aws_sqs_queue.q${i}\` (update): queue ${i}: redrive policy (failure queue) changed\n`,
      );
    expect(three.body.length).toBeLessThanOrEqual(65_000);
    const lines = three.body.split('\n');
    for (const env of ['dev', 'staging', 'prod'])
      for (let i = 0; i < 400; i += 1)
        expect(
          lines.filter((l) => l.startsWith(`- \`${env}-verifier\` \`aws_sqs_queue.q${i}\` (update)`)),
        ).toHaveLength(1);
  });

  it('is clean only when every environment says no review is needed', () => {
    // Act
    const r = comment({
      ...envFiles('dev', false, 'a', 'a'),
      ...envFiles('staging', false, 'b', 'b'),
      ...envFiles('prod', false, 'c', 'c'),
    });
    // Assess
    expect(r.out).toBe('review=none\n');
    expect(r.body).not.toContain('A second review is required');
  });
});

describe('the job summary of a plan report', () => {
  function stepSummary(fullBytes: number): string {
    const dir = mkdtempSync(join(tmpdir(), 'vault-step-'));
    try {
      writeFileSync(join(dir, 'full.md'), 'F'.repeat(fullBytes));
      writeFileSync(join(dir, 'short.md'), 'short report');
      writeFileSync(join(dir, 'summary.md'), '');
      const r = spawnSync(
        'bash',
        [
          join(ROOT, '.github', 'scripts', 'step-summary.sh'),
          join(dir, 'full.md'),
          join(dir, 'short.md'),
          'plan-summary-dev',
        ],
        { env: { ...process.env, GITHUB_STEP_SUMMARY: join(dir, 'summary.md') }, encoding: 'utf8' },
      );
      expect(r.status).toBe(0);
      return readFileSync(join(dir, 'summary.md'), 'utf8');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('is the full report when it fits in 1 MiB, else the summary and the artifact named', () => {
    expect(stepSummary(900_000)).toBe('F'.repeat(900_000));
    const big = stepSummary(1_100_000);
    expect(big).toContain('short report');
    expect(big).toContain('it is in the artifact `plan-summary-dev` of this run');
    expect(big).not.toContain('FFFF');
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
      const data =
        name === 'dev-audit'
          ? {
              terraform_remote_state: {
                'cross-stack-reference-input-dev-keys': { config: { key: 'dev/dev-keys.tfstate' } },
                'cross-stack-reference-input-dev-ledger': { config: { key: 'dev/dev-ledger.tfstate' } },
              },
            }
          : {};
      writeFileSync(join(dir, 'stacks', name, 'cdk.tf.json'), JSON.stringify({ terraform: { backend }, data }));
    }
    // Working files synth kept for a stack it no longer synthesizes: not a stack to run.
    mkdirSync(join(dir, 'stacks', 'staging-state', '.terraform'), { recursive: true });
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
      expect(stacks.find((s) => s.name === 'dev-audit')?.reads).toEqual(['dev-keys', 'dev-ledger']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the plan job's stack lists", () => {
  const script = (): string => {
    const step = workflow('plan.yml').jobs.plan?.steps?.find((s) => s.run?.includes('plan-stacks.sh'));
    return String(step?.run);
  };
  /** Runs the plan step with stand-in `npx` and `npm` and a plan-stacks.sh that records that it ran. */
  function runPlanStep(npx: string): { code: number | null; planned: boolean } {
    const dir = mkdtempSync(join(tmpdir(), 'vault-plan-step-'));
    try {
      mkdirSync(join(dir, 'bin'));
      mkdirSync(join(dir, '.github', 'scripts'), { recursive: true });
      writeFileSync(join(dir, 'bin', 'npx'), `#!/usr/bin/env bash\n${npx}\n`, { mode: 0o755 });
      writeFileSync(join(dir, 'bin', 'npm'), '#!/usr/bin/env bash\nexit 0\n', { mode: 0o755 });
      writeFileSync(join(dir, '.github', 'scripts', 'plan-stacks.sh'), 'touch ran-plans\n: > "$2"\n');
      writeFileSync(join(dir, '.github', 'scripts', 'step-summary.sh'), 'exit 0\n');
      const r = spawnSync('bash', ['-c', script()], {
        cwd: dir,
        env: { PATH: `${join(dir, 'bin')}:${process.env.PATH ?? ''}`, VAULT_ENV: 'dev', GITHUB_SHA: 'abcdef0123' },
        encoding: 'utf8',
      });
      return { code: r.status, planned: existsSync(join(dir, 'ran-plans')) };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('fail the job, before any plan, when listing the stacks fails or lists none', () => {
    // Act
    const remoteFails = runPlanStep('case "$*" in *--remote-only*) exit 3 ;; *) printf "dev-keys\\t\\n" ;; esac');
    const firstFails = runPlanStep('exit 3');
    const none = runPlanStep('exit 0');
    const listed = runPlanStep('printf "dev-keys\\t\\n"');
    // Assess
    expect(remoteFails).toEqual({ code: 3, planned: false });
    expect(firstFails).toEqual({ code: 3, planned: false });
    expect(none.planned).toBe(false);
    expect(none.code).not.toBe(0);
    expect(listed.planned).toBe(true);
  });
});
