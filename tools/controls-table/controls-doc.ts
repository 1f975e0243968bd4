/**
 * The security-controls table of `docs/controls.md`, generated from the compliance rule catalogue.
 *
 *   npm run controls:table            # print the table
 *   npm run controls:table -- --write # replace the text between the markers in docs/controls.md
 *   npm run controls:table -- --check # exit 1 when the table in docs/controls.md is stale
 *
 * Only the text between `<!-- controls:start -->` and `<!-- controls:end -->` is ever touched.
 * Entry point: `tools/bin/controls-table.ts`.
 */
import { controlsTable } from '../../compliance/engine/report';
import { readCommandLine } from '../cli/args';
import type { CliIo } from '../cli/io';

export const START = '<!-- controls:start -->';
export const END = '<!-- controls:end -->';

/** The document that holds the table, relative to the package root. */
export const CONTROLS_DOC = 'docs/controls.md';

const USAGE = `usage: controls-table [--write | --check]   (exit 0 done, 1 ${CONTROLS_DOC} stale or without markers, 64 bad usage)`;

/** The block between the markers, as generated. */
export function generatedBlock(): string {
  return `${START}\n${controlsTable()}\n${END}`;
}

/** Replaces the marked block of `doc`; undefined when the markers are missing. */
export function withTable(doc: string): string | undefined {
  const s = doc.indexOf(START);
  const e = doc.indexOf(END);
  if (s < 0 || e < s) return undefined;
  return `${doc.slice(0, s)}${generatedBlock()}${doc.slice(e + END.length)}`;
}

/** The command: prints the table, or writes or checks it in the document at `docPath`; returns the exit status. */
export function runControlsTable(argv: readonly string[], docPath: string, io: CliIo): number {
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
  const doc = io.readFile(docPath);
  const next = withTable(doc);
  if (next === undefined) {
    io.stderr(`${CONTROLS_DOC} has no ${START} ... ${END} markers\n`);
    return 1;
  }
  if (values.check === true) {
    if (next !== doc) {
      io.stderr(`the security-controls table in ${CONTROLS_DOC} is stale: run npm run controls:table -- --write\n`);
      return 1;
    }
    return 0;
  }
  io.writeFile(docPath, next);
  return 0;
}
