import { App } from 'cdktf';
import { selectEnvironments } from './config/select';
import { buildEnvironment } from './stacks/environment';

// Validate every selected environment before any construct exists: a bad value stops here.
const environments = selectEnvironments(process.env.VAULT_ENV);
const app = new App();
for (const env of environments) buildEnvironment(app, env);
app.synth();
