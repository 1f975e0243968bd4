// `npm run plan:fixtures`: the command line of tools/offline-plan (see cli.ts for usage and exit codes).
import { processIo } from '../cli/io';
import { runCli } from '../offline-plan/cli';

void runCli(process.argv.slice(2), processIo).then((code) => {
  process.exitCode = code;
});
