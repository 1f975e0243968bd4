// How `npm run synth` puts a new synthesis in place of `cdktf.out` without losing anything Terraform
// wrote there. Synthesis goes to a staging directory; `replaceOutput` then moves, stack by stack,
// Terraform's own working files from the old output into the new one before the swap:
//
//   .terraform/            the initialised backend (it records the previous backend, which
//                          `terraform init -migrate-state` migrates from) and the provider links
//   .terraform.lock.hcl    provider checksums, unless synthesis wrote the project's pinned one
//   *.tfstate, *.tfstate.backup, terraform.tfstate.d/   any state kept in a stack directory
//
// A stack directory that holds such files but is no longer synthesized keeps them (and nothing
// else). Plans (`tfplan`, `plan.json`) are derived from the old configuration and are not kept.
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Whether a file in a stack directory belongs to Terraform (kept across synths). */
export function isTerraformWorkingFile(name) {
  return (
    name === '.terraform' ||
    name === '.terraform.lock.hcl' ||
    name === 'terraform.tfstate.d' ||
    name.endsWith('.tfstate') ||
    name.endsWith('.tfstate.backup')
  );
}

/**
 * Copies the project's pinned provider lock file (when the repository has one) into every
 * synthesized stack, so `terraform init -lockfile=readonly` checks provider checksums.
 */
export function installLockFile(outdir, lockFile) {
  const stacks = join(outdir, 'stacks');
  if (!existsSync(lockFile) || !existsSync(stacks)) return 0;
  const names = readdirSync(stacks);
  for (const name of names) cpSync(lockFile, join(stacks, name, '.terraform.lock.hcl'));
  return names.length;
}

/**
 * Replaces `outdir` by `staging`, carrying Terraform's working files of every stack directory over.
 * Returns the paths (relative to the stacks directory) that were carried over.
 */
export function replaceOutput(staging, outdir) {
  const kept = [];
  const oldStacks = join(outdir, 'stacks');
  if (existsSync(oldStacks)) {
    for (const stack of readdirSync(oldStacks, { withFileTypes: true })) {
      if (!stack.isDirectory()) continue;
      const from = join(oldStacks, stack.name);
      const to = join(staging, 'stacks', stack.name);
      for (const name of readdirSync(from)) {
        if (!isTerraformWorkingFile(name)) continue;
        // Synthesis wrote the project's pinned lock file: it replaces the old one.
        if (existsSync(join(to, name))) continue;
        mkdirSync(to, { recursive: true });
        renameSync(join(from, name), join(to, name));
        kept.push(`${stack.name}/${name}`);
      }
    }
  }
  rmSync(outdir, { recursive: true, force: true });
  renameSync(staging, outdir);
  return kept;
}
