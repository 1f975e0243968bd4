import { App } from 'cdktf';
import { selectOrExit } from './config/app-errors';
import { selectEnvironments } from './config/select';
import { buildEnvironment } from './stacks/environment';
import { applyCompliance, writeComplianceReports } from './compliance';

// Validate every selected environment before any construct exists: a bad value stops here.
const environments = selectOrExit(() => selectEnvironments(process.env.VAULT_ENV), require.main === module);
// No construct stack traces in metadata: faster synth, and nothing machine-specific in the output.
const app = new App({ stackTraces: false });
for (const env of environments) buildEnvironment(app, env);
// Compliance rules run on every stack during synthesis; an unsuppressed error fails it.
const compliance = applyCompliance(app);
app.synth();
writeComplianceReports(app.outdir, compliance.findings());
