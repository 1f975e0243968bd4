// `npx tsx tools/bin/signing-target.ts`: the command line of tools/ci/signing-target.ts (see there for usage).
import { processIo } from '../cli/io';
import { runSigningTarget } from '../ci/signing-target';

process.exitCode = runSigningTarget(process.argv.slice(2), processIo);
