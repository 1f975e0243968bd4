/**
 * The README security-controls table, generated from the compliance rule catalogue.
 *
 *   npm run controls:table            # print the table
 *   npm run controls:table -- --write # replace the text between the README markers
 *   npm run controls:table -- --check # exit 1 when the README table is stale
 *
 * Only the text between `<!-- controls:start -->` and `<!-- controls:end -->` is ever touched.
 * Entry point: `tools/bin/controls-table.ts`.
 */
import { controlsTable } from '../../compliance/engine/report';
import { readCommandLine } from '../cli/args';
import type { CliIo } from '../cli/io';

export const START = '<!-- controls:start -->';
export const END = '<!-- controls:end -->';

const USAGE =
  'usage: controls-table [--write | --check]   (exit 0 done, 1 README stale or without markers, 64 bad usage)';

/** The README block between the markers, as generated. */
export function generatedBlock(): string {
  return `${START}\n${controlsTable()}\n${END}`;
}

/** Replaces the marked block of `readme`; undefined when the markers are missing. */
export function withTable(readme: string): string | undefined {
  const s = readme.indexOf(START);
  const e = readme.indexOf(END);
  if (s < 0 || e < s) return undefined;
  return `${readme.slice(0, s)}${generatedBlock()}${readme.slice(e + END.length)}`;
}

/** The command: prints the table, or writes or checks it in the README at `readmePath`; returns the exit status. */
export function runControlsTable(argv: readonly string[], readmePath: string, io: CliIo): number {
  const line = readCommandLine(
    'controls-table',
    USAGE,
    argv,
    { write: { type: 'boolean' }, check: { type: 'boolean' } },
    io,
  );
  if (typeof line === 'number') return line;
  const { values } = line;
  if (values.write !== true && values.check !== true) {
    io.stdout(`${controlsTable()}\n`);
    return 0;
  }
  const readme = io.readFile(readmePath);
  const next = withTable(readme);
  if (next === undefined) {
    io.stderr(`README.md has no ${START} ... ${END} markers\n`);
    return 1;
  }
  if (values.check === true) {
    if (next !== readme) {
      io.stderr('README security-controls table is stale: run npm run controls:table -- --write\n');
      return 1;
    }
    return 0;
  }
  io.writeFile(readmePath, next);
  return 0;
}
