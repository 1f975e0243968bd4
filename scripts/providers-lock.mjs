#!/usr/bin/env node
// `npm run providers:lock`: writes `.terraform.lock.hcl`, the checksums of the Terraform providers
// every stack uses, for the platforms operators and CI run on. `npm run synth` copies it into each
// stack, and every `terraform init` in the workflows runs with `-lockfile=readonly`, so a provider
// whose checksum differs from the committed one is refused. Needs Terraform and access to the
// provider registry; run it after changing the provider version, then commit the file.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './ts-bundle.mjs';

const PLATFORMS = ['linux_amd64', 'linux_arm64', 'darwin_amd64', 'darwin_arm64', 'windows_amd64'];
const stacks = join(root, 'cdktf.out', 'stacks');

function fail(message) {
  process.stderr.write(`providers:lock: ${message}\n`);
  process.exit(1);
}

if (process.argv.length > 2) {
  process.stderr.write(
    'usage: npm run providers:lock   (no options; writes .terraform.lock.hcl from the synthesized stacks)\n',
  );
  process.exit(process.argv.includes('--help') || process.argv.includes('-h') ? 0 : 64);
}
if (!existsSync(stacks)) fail('no synthesized stacks: run `VAULT_ENV=all npm run synth` first');
// Every stack must require the same providers: one lock file serves them all.
const required = new Map();
for (const name of readdirSync(stacks)) {
  const file = join(stacks, name, 'cdk.tf.json');
  if (!existsSync(file)) continue;
  required.set(name, JSON.stringify(JSON.parse(readFileSync(file, 'utf8')).terraform?.required_providers ?? {}));
}
const distinct = [...new Set(required.values())];
if (distinct.length !== 1)
  fail(`stacks require different providers: ${[...required].map(([k, v]) => `${k} ${v}`).join('; ')}`);
const work = mkdtempSync(join(tmpdir(), 'providers-lock-'));
try {
  writeFileSync(
    join(work, 'providers.tf.json'),
    JSON.stringify({ terraform: { required_providers: JSON.parse(distinct[0]) } }),
  );
  process.stdout.write(`providers:lock: ${distinct[0]} for ${PLATFORMS.join(', ')}\n`);
  const run = spawnSync('terraform', ['providers', 'lock', ...PLATFORMS.map((p) => `-platform=${p}`)], {
    cwd: work,
    stdio: 'inherit',
    env: { ...process.env, CHECKPOINT_DISABLE: '1' },
  });
  if (run.error !== undefined) fail(`cannot run terraform: ${run.error.message}`);
  if (run.status !== 0) fail(`terraform providers lock failed (exit ${run.status}); it needs the provider registry`);
  cpSync(join(work, '.terraform.lock.hcl'), join(root, '.terraform.lock.hcl'));
  process.stdout.write('providers:lock: wrote .terraform.lock.hcl; commit it, then `npm run synth`\n');
} finally {
  rmSync(work, { recursive: true, force: true });
}
