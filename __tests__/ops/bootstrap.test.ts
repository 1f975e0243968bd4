/**
 * The documented bootstrap of `<env>-state` (docs/bootstrap.md), with stand-ins for what Terraform
 * writes: `npm run synth`; `terraform init && terraform apply` on the local backend (stand-in state
 * and `.terraform/`); switch `stateBackend` to 's3'; `npm run synth` again; then the state must still
 * be where the recorded backend says, for `terraform init -migrate-state` to move it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { App } from 'cdktf';
import { ENVIRONMENTS } from '../../config/environments';
import { buildEnvironment } from '../../stacks/environment';
import { installLockFile, isTerraformWorkingFile, replaceOutput } from '../../scripts/synth-output.mjs';

const ROOT = resolve(__dirname, '..', '..');

interface Backend {
  readonly local?: { readonly path: string };
  readonly s3?: { readonly bucket: string; readonly key: string };
}

function backendOf(outdir: string, stack: string): Backend {
  const json = JSON.parse(readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as {
    terraform: { backend: Backend };
  };
  return json.terraform.backend;
}

function npmRunSynth(outdir: string): void {
  const run = spawnSync(process.execPath, ['scripts/synth.mjs'], {
    cwd: ROOT,
    env: { ...process.env, VAULT_ENV: 'dev', VAULT_SYNTH_OUTDIR: outdir },
    encoding: 'utf8',
  });
  expect([run.status, run.stderr]).toEqual([0, '']);
}

describe('bootstrap of the state stack', () => {
  let work: string;
  let outdir: string;
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'vault-bootstrap-'));
    outdir = join(work, 'cdktf.out');
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it('keeps the local state and the initialised backend through every synth, up to the migrate step', () => {
    // Prepare: 1. npm run synth (dev is on its local backend).
    npmRunSynth(outdir);
    const stackDir = join(outdir, 'stacks', 'dev-state');
    const local = backendOf(outdir, 'dev-state').local;
    expect(local?.path).toBe('../../../terraform-state/dev-state.tfstate');
    const statePath = resolve(stackDir, local?.path ?? '');
    // The state file lives beside cdktf.out, never inside it.
    expect(relative(outdir, statePath).startsWith('..')).toBe(true);
    // 2. terraform init && terraform apply (stand-ins for what they write).
    const state = JSON.stringify({ version: 4, serial: 3, lineage: 'bootstrap-lineage', resources: ['bucket'] });
    const backendRecord = JSON.stringify({ version: 3, backend: { type: 'local', config: { path: local?.path } } });
    mkdirSync(dirname(statePath), { recursive: true });
    writeFileSync(statePath, state);
    mkdirSync(join(stackDir, '.terraform'), { recursive: true });
    writeFileSync(join(stackDir, '.terraform', 'terraform.tfstate'), backendRecord);
    writeFileSync(join(stackDir, '.terraform.lock.hcl'), '# provider checksums\n');
    // A state file left in the stack directory by an earlier layout is not deleted either.
    writeFileSync(join(stackDir, 'terraform.dev-state.tfstate'), state);

    // Act: 3. a plain re-synth (what deleted the state before), then 4. the switch to the S3 backend
    // and 5. npm run synth (in-process here, with the edited configuration).
    npmRunSynth(outdir);
    const afterResynth = readFileSync(statePath, 'utf8');
    const staging = join(work, 'staging');
    const app = new App({ outdir: staging, stackTraces: false });
    buildEnvironment(app, { ...ENVIRONMENTS.dev, stateBackend: 's3' });
    app.synth();
    const kept = replaceOutput(staging, outdir);

    // Assess: 6. what `terraform init -migrate-state` needs is intact.
    expect(afterResynth).toBe(state);
    expect(backendOf(outdir, 'dev-state')).toMatchObject({
      s3: { bucket: 'biometric-vault-tfstate-dev-111111111111', key: 'dev/dev-state.tfstate' },
    });
    expect(kept.sort()).toEqual([
      'dev-state/.terraform',
      'dev-state/.terraform.lock.hcl',
      'dev-state/terraform.dev-state.tfstate',
    ]);
    expect(readFileSync(join(stackDir, '.terraform', 'terraform.tfstate'), 'utf8')).toBe(backendRecord);
    // The recorded (previous) backend still resolves to the untouched state file.
    const recorded = JSON.parse(readFileSync(join(stackDir, '.terraform', 'terraform.tfstate'), 'utf8')) as {
      backend: { config: { path: string } };
    };
    expect(readFileSync(resolve(stackDir, recorded.backend.config.path), 'utf8')).toBe(state);
    expect(existsSync(join(stackDir, 'terraform.dev-state.tfstate'))).toBe(true);
  });

  it('keeps the working files of a stack that is no longer synthesized, and only those', () => {
    // Prepare
    const old = join(outdir, 'stacks', 'prod-state');
    mkdirSync(join(old, '.terraform'), { recursive: true });
    writeFileSync(join(old, 'cdk.tf.json'), '{}');
    writeFileSync(join(old, 'tfplan'), 'old plan');
    writeFileSync(join(old, 'prod-state.tfstate'), '{"serial":1}');
    const staging = join(work, 'staging');
    mkdirSync(join(staging, 'stacks', 'dev-state'), { recursive: true });
    // Act
    const kept = replaceOutput(staging, outdir);
    // Assess
    expect(kept.sort()).toEqual(['prod-state/.terraform', 'prod-state/prod-state.tfstate']);
    expect(existsSync(join(outdir, 'stacks', 'prod-state', 'cdk.tf.json'))).toBe(false);
    expect(existsSync(join(outdir, 'stacks', 'prod-state', 'tfplan'))).toBe(false);
    expect(readFileSync(join(outdir, 'stacks', 'prod-state', 'prod-state.tfstate'), 'utf8')).toBe('{"serial":1}');
  });

  it('installs the project provider lock file in every stack, replacing the one found there', () => {
    // Prepare
    const lock = join(work, 'project.lock.hcl');
    writeFileSync(lock, '# pinned checksums\n');
    for (const stack of ['dev-keys', 'dev-state']) mkdirSync(join(outdir, 'stacks', stack), { recursive: true });
    writeFileSync(join(outdir, 'stacks', 'dev-keys', '.terraform.lock.hcl'), '# stale\n');
    // Act
    const installed = installLockFile(outdir, lock);
    const none = installLockFile(outdir, join(work, 'absent.lock.hcl'));
    // Assess
    expect([installed, none]).toEqual([2, 0]);
    for (const stack of ['dev-keys', 'dev-state'])
      expect(readFileSync(join(outdir, 'stacks', stack, '.terraform.lock.hcl'), 'utf8')).toBe('# pinned checksums\n');
  });

  it.each([
    ['.terraform', true],
    ['.terraform.lock.hcl', true],
    ['terraform.tfstate', true],
    ['dev-state.tfstate.backup', true],
    ['terraform.tfstate.d', true],
    ['cdk.tf.json', false],
    ['tfplan', false],
    ['plan.json', false],
    ['assets', false],
  ])('%s is Terraform working file: %s', (name, expected) => {
    expect(isTerraformWorkingFile(name)).toBe(expected);
  });
});
