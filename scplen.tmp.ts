import { ENVIRONMENTS } from './config/environments';
import { threatEnv } from './__tests__/compliance/threat-model';
for (const e of Object.values(ENVIRONMENTS)) { const t = threatEnv(e); console.log(e.name, t.codeSigningConfigArn, t.scps.map((s) => `${JSON.stringify(s).length}/${(s.Statement as unknown[]).length}`).join(' ')); }
