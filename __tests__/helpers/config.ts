import type { EnvironmentConfig } from '../../config/types';
import { environmentProblems } from '../../config/validate';
import { present } from './present';

/**
 * A deep copy of `base` with fields replaced: `{ region: 'x', 'verifier.similarityThreshold': 0.9 }`
 * (one level of nesting, as the config has).
 */
export function withPatch(base: EnvironmentConfig, patch: Record<string, unknown>): EnvironmentConfig {
  const copy = JSON.parse(JSON.stringify(base)) as Record<string, Record<string, unknown>>;
  for (const [path, value] of Object.entries(patch)) {
    const [head, tail] = path.split('.') as [string, string | undefined];
    if (tail === undefined) (copy as Record<string, unknown>)[head] = value;
    else present(copy[head], `the config section ${head}`)[tail] = value;
  }
  return copy as unknown as EnvironmentConfig;
}

/** Every problem of an environment as `field=<value as JSON>`. */
export function problemsOf(env: EnvironmentConfig): string[] {
  return environmentProblems(env.name, env).map((p) => `${p.field}=${JSON.stringify(p.value)}`);
}
