// `npm run controls:table`: the command line of tools/controls-table (see controls-doc.ts for usage).
import { resolve } from 'node:path';
import { processIo } from '../cli/io';
import { CONTROLS_DOC, runControlsTable } from '../controls-table/controls-doc';

// npm runs scripts from the package root (the bundle itself runs from a cache directory).
process.exitCode = runControlsTable(process.argv.slice(2), resolve(process.cwd(), CONTROLS_DOC), processIo);
