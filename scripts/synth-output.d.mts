// Types of scripts/synth-output.mjs, for the tests that call it.
export function isTerraformWorkingFile(name: string): boolean;
export function installLockFile(outdir: string, lockFile: string): number;
export function replaceOutput(staging: string, outdir: string): string[];
