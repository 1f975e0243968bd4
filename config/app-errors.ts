import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigValidationError } from './validate';

/** What `reportConfigError` touches: the process, replaceable in tests. */
export interface AppProcess {
  readonly env: NodeJS.ProcessEnv;
  readonly stderr: (text: string) => void;
  readonly exit: (code: number) => never;
}

const realProcess: AppProcess = {
  env: process.env,
  stderr: (text) => process.stderr.write(text),
  exit: (code) => process.exit(code),
};

/**
 * Runs `select` (configuration validation). When the app runs as its own process (`npx cdktf synth`
 * runs `node dist/main.js`), a configuration error is printed once, as the list of problems,
 * without the bundle's stack trace, and the process ends. Elsewhere (`npm run synth` loads the app
 * in-process and prints the error itself; tests) the error is thrown as usual.
 *
 * The cdktf CLI prints a failed app's stderr twice (live, then again under "Command output on
 * stderr"). So under the CLI (it sets `CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS`) the app removes
 * any earlier `manifest.json` from the output directory and exits 0: the CLI then stops with its own
 * one-line "was not created" error and exit status 1, and the problems appear once.
 */
export function selectOrExit<T>(select: () => T, runAsProcess: boolean, proc: AppProcess = realProcess): T {
  try {
    return select();
  } catch (error) {
    if (!(error instanceof ConfigValidationError) || !runAsProcess) throw error;
    proc.stderr(`${error.message}\nNothing was synthesized: fix config/environments.ts or VAULT_ENV.\n`);
    const outdir = proc.env.CDKTF_OUTDIR;
    if (proc.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS === undefined || outdir === undefined) return proc.exit(1);
    const manifest = join(outdir, 'manifest.json');
    if (existsSync(manifest)) rmSync(manifest);
    return proc.exit(0);
  }
}
