import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { CONCERNS } from '../../config/names';
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
      expect(s.with?.['role-to-assume']).toMatch(
        /^\$\{\{ vars\.AWS_(PLAN|DEPLOY|KEY_ADMIN|SIGNER|VERIFY)_ROLE_ARN \}\}$/,
      );
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
      /ordered-stacks\.ts --env "\$VAULT_ENV" --remote-only[\s\S]*-\(state\|keys\)\$' stacks\.txt > keys\.txt[\s\S]*apply-stacks\.sh keys\.txt[\s\S]*-\(state\|keys\|verifier\)\$' stacks\.txt > data-stacks\.txt[\s\S]*apply-stacks\.sh data-stacks\.txt[\s\S]*sign-verifier\.sh "\$ARTIFACT_BUCKET" "\$SIGNING_PROFILE"[\s\S]*npm run synth[\s\S]*apply-stacks\.sh verifier-stack\.txt/,
    );
    expect(run).toContain('verify:deployment -- --env "$VAULT_ENV"');
    // Separation of duties: state and keys as key administrator, data stacks as deployer, the package
    // signed by the signer (who cannot deploy), the verifier deployed from it by the deployer, checks
    // as verifier.
    const roles = (reusable.jobs.deploy?.steps ?? [])
      .map((s) => s.with?.['role-to-assume'])
      .filter((r) => r !== undefined);
    expect(roles).toEqual([
      '${{ vars.AWS_KEY_ADMIN_ROLE_ARN }}',
      '${{ vars.AWS_DEPLOY_ROLE_ARN }}',
      '${{ vars.AWS_SIGNER_ROLE_ARN }}',
      '${{ vars.AWS_DEPLOY_ROLE_ARN }}',
      '${{ vars.AWS_VERIFY_ROLE_ARN }}',
    ]);
    const script = readFileSync(join(__dirname, '..', '..', '.github', 'scripts', 'apply-stacks.sh'), 'utf8');
    expect(script).toMatch(
      /init -input=false[\s\S]*plan -input=false -no-color -out=tfplan[\s\S]*apply -input=false -no-color tfplan/,
    );
  });
});

describe('sign-verifier.sh (the signing step), with stand-in npm and aws commands', () => {
  const SCRIPT = join(__dirname, '..', '..', '.github', 'scripts', 'sign-verifier.sh');

  /** Runs the script in a scratch directory whose PATH starts with recording `npm` and `aws` stand-ins. */
  function run(args: string[], awsVersion = 'v-unsigned'): { status: number | null; stdout: string; calls: string[] } {
    const dir = mkdtempSync(join(tmpdir(), 'sign-verifier-'));
    try {
      const bin = join(dir, 'bin');
      mkdirSync(bin);
      const log = join(dir, 'calls.log');
      // npm: the build writes the package; aws: answers as S3 and AWS Signer document their outputs.
      writeFileSync(
        join(bin, 'npm'),
        `#!/usr/bin/env bash\necho "npm $*" >> ${log}\nmkdir -p dist/verifier && printf 'zip' > dist/verifier/verifier.zip\n`,
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
    const r = run(['biometric-vault-dev-artifacts-111111111111', 'biometric_vault_dev_verifier']);
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

  it('refuses to sign from an unversioned bucket (AWS Signer needs a version) and prints nothing', () => {
    const r = run(['b', 'p'], 'None');
    expect([r.status, r.stdout]).toEqual([1, '']);
    expect(r.calls.some((c) => c.startsWith('aws signer'))).toBe(false);
  });

  it('exits 64 on bad usage', () => {
    expect(run(['only-a-bucket']).status).toBe(64);
  });
});

describe('ordered stacks', () => {
  it('lists stacks in the dependency order of CONCERNS, per environment, and knows their backends', () => {
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
      expect(CONCERNS[0]).toBe('state');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
