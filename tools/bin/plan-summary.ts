// `npm run plan:summary`: the command line of tools/plan-summary (see cli.ts for usage and exit codes).
import { processIo } from '../cli/io';
import { runCli } from '../plan-summary/cli';

process.exitCode = runCli(process.argv.slice(2), processIo);
