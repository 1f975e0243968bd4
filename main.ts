import { App } from 'cdktf';
import { selectOrExit } from './config/app-errors';
import { selectEnvironments } from './config/select';
import {
  LEDGER_INTEGRITY_PACKAGE_VARIABLE,
  signedVerifierPackage,
  VERIFIER_PACKAGE_VARIABLE,
} from './config/verifier-package';
import { buildEnvironment } from './stacks/environment';
import { applyCompliance, writeComplianceReports } from './compliance';

// Validate every selected environment before any construct exists: a bad value stops here.
const environments = selectOrExit(() => selectEnvironments(process.env.VAULT_ENV), require.main === module);
// The signed verifier package the deploy workflow's signing step wrote (unset: a local build).
const verifierPackage = selectOrExit(
  () => signedVerifierPackage(process.env[VERIFIER_PACKAGE_VARIABLE], environments),
  require.main === module,
);
const ledgerIntegrityPackage = selectOrExit(
  () =>
    signedVerifierPackage(
      process.env[LEDGER_INTEGRITY_PACKAGE_VARIABLE],
      environments,
      LEDGER_INTEGRITY_PACKAGE_VARIABLE,
    ),
  require.main === module,
);
// No construct stack traces in metadata: faster synth, and nothing machine-specific in the output.
const app = new App({ stackTraces: false });
for (const env of environments) {
  buildEnvironment(app, env, {
    ...(verifierPackage !== undefined && { verifierPackage }),
    ...(ledgerIntegrityPackage !== undefined && { ledgerIntegrityPackage }),
  });
}
// Compliance rules run on every stack during synthesis; an unsuppressed error fails it.
const compliance = applyCompliance(app);
app.synth();
writeComplianceReports(app.outdir, compliance.findings());
