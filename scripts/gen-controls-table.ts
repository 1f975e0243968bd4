/**
 * Generates the README security-controls table from the compliance rule catalogue.
 *
 *   npm run controls:table            # print the table
 *   npm run controls:table -- --write # replace the text between the README markers
 *   npm run controls:table -- --check # exit 1 when the README table is stale
 *
 * Only the text between `<!-- controls:start -->` and `<!-- controls:end -->` is ever touched.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { controlsTable } from '../compliance/engine/report';

export const START = '<!-- controls:start -->';
export const END = '<!-- controls:end -->';

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

function main(): void {
  // npm runs scripts from the package root (the bundle itself runs from a cache directory).
  const readmePath = path.resolve(process.cwd(), 'README.md');
  const args = process.argv.slice(2);
  if (!args.includes('--write') && !args.includes('--check')) {
    process.stdout.write(`${controlsTable()}\n`);
    return;
  }
  const readme = fs.readFileSync(readmePath, 'utf8');
  const next = withTable(readme);
  if (next === undefined) {
    process.stderr.write(`README.md has no ${START} ... ${END} markers\n`);
    process.exit(1);
  }
  if (args.includes('--check')) {
    if (next !== readme) {
      process.stderr.write('README security-controls table is stale: run npm run controls:table -- --write\n');
      process.exit(1);
    }
    return;
  }
  fs.writeFileSync(readmePath, next);
}

if (require.main === module) main();
