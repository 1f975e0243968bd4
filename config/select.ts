import { DEFAULT_ENVIRONMENT, ENVIRONMENTS } from './environments';
import type { EnvironmentConfig } from './types';
import { ConfigValidationError, environmentProblems, type ConfigProblem } from './validate';

/**
 * Resolves the `VAULT_ENV` switch to validated environments.
 *
 * - unset or empty: the default environment (`dev`);
 * - `prod`: one environment;
 * - `dev,prod`: several, synthesized side by side (stack names are `<env>-<concern>`);
 * - `all`: every environment in `config/environments.ts`.
 *
 * Every selected environment is validated before anything is built; all problems are reported at once.
 */
export function selectEnvironments(
  selector: string | undefined,
  environments: Readonly<Record<string, EnvironmentConfig>> = ENVIRONMENTS,
): EnvironmentConfig[] {
  const raw = (selector ?? '').trim();
  const names =
    raw === ''
      ? [DEFAULT_ENVIRONMENT]
      : raw === 'all'
        ? Object.keys(environments)
        : raw.split(',').map((s) => s.trim());
  const source = `VAULT_ENV=${raw === '' ? DEFAULT_ENVIRONMENT : raw}`;
  if (names.some((n) => n === '')) {
    // "dev,,prod", ",", "dev,": one message for the list, not one "unknown environment" per gap.
    throw new ConfigValidationError(source, [
      {
        field: 'VAULT_ENV',
        value: selector,
        message: `malformed list: write environment names separated by commas, such as "dev,prod", or "all" (known: ${Object.keys(environments).join(', ')})`,
      },
    ]);
  }
  const problems: ConfigProblem[] = [];
  const selected: EnvironmentConfig[] = [];
  for (const name of names) {
    const env = Object.prototype.hasOwnProperty.call(environments, name) ? environments[name] : undefined;
    if (env === undefined) {
      problems.push({
        field: 'VAULT_ENV',
        value: name,
        message: `unknown environment; known: ${Object.keys(environments).join(', ')}`,
      });
      continue;
    }
    problems.push(...environmentProblems(name, env));
    selected.push(env);
  }
  if (new Set(names).size !== names.length) {
    problems.push({ field: 'VAULT_ENV', value: raw, message: 'names an environment twice' });
  }
  if (problems.length > 0) throw new ConfigValidationError(source, problems);
  return selected;
}
