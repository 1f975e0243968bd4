import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { ENVIRONMENTS } from '../config/environments';
import { buildEnvironment } from '../stacks/environment';

/**
 * `terraform validate` of every synthesized stack, as cdktf's `toBeValidTerraform` does, but with
 * `init -backend=false` so it needs no AWS credentials (cdktf's matcher runs a plain `init`, which
 * would contact the S3 backend). Needs a Terraform binary and the provider registry, so it runs only
 * when `VAULT_TERRAFORM_VALIDATE=1`; the validate job of `.github/workflows/plan.yml` sets it after
 * installing Terraform. Elsewhere it is skipped, and the suite's name says why.
 */
const optedIn = process.env.VAULT_TERRAFORM_VALIDATE === '1';
const hasTerraform = optedIn && spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;
const reason = hasTerraform
  ? ''
  : optedIn
    ? ' [skipped: VAULT_TERRAFORM_VALIDATE=1 but no terraform binary on PATH]'
    : ' [skipped: needs Terraform and the provider registry; set VAULT_TERRAFORM_VALIDATE=1 (the plan workflow does)]';

(hasTerraform ? describe : describe.skip)(`terraform validate${reason}`, () => {
  const dev = ENVIRONMENTS.dev;
  let outdir = '';
  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'vault-validate-'));
    const app = new App({ outdir });
    buildEnvironment(app, dev);
    app.synth();
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  test('every stack of the default environment is valid Terraform', () => {
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as {
      stacks: Record<string, { workingDirectory: string }>;
    };
    const failures: string[] = [];
    for (const [name, stack] of Object.entries(manifest.stacks)) {
      const cwd = join(outdir, stack.workingDirectory);
      const init = spawnSync('terraform', ['init', '-backend=false', '-input=false', '-no-color'], {
        cwd,
        encoding: 'utf8',
      });
      if (init.status !== 0) {
        failures.push(`${name}: terraform init failed\n${init.stderr}`);
        continue;
      }
      const validate = spawnSync('terraform', ['validate', '-json', '-no-color'], { cwd, encoding: 'utf8' });
      const result = JSON.parse(validate.stdout) as {
        valid: boolean;
        diagnostics: { summary: string; detail?: string }[];
      };
      if (!result.valid)
        failures.push(`${name}: ${result.diagnostics.map((d) => `${d.summary} ${d.detail ?? ''}`).join('; ')}`);
    }
    expect(failures).toEqual([]);
  }, 600_000);
});

test('the terraform validate suite says why it is skipped', () => {
  // Guards the skip message itself: a skipped validation must never look like a passed one.
  expect(hasTerraform || reason.includes('[skipped: ')).toBe(true);
});
