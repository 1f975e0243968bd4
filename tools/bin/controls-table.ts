// `npm run controls:table`: the command line of tools/controls-table (see readme-table.ts for usage).
import { resolve } from 'node:path';
import { processIo } from '../cli/io';
import { runControlsTable } from '../controls-table/readme-table';

// npm runs scripts from the package root (the bundle itself runs from a cache directory).
process.exitCode = runControlsTable(process.argv.slice(2), resolve(process.cwd(), 'README.md'), processIo);
