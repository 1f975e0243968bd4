import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { format } from '@cdktf/hcl-tools';
import { parse } from '@cdktf/hcl2json';
import { ENVIRONMENTS } from '../../config/environments';
import type { EnvironmentConfig } from '../../config/types';
import { buildEnvironment } from '../../stacks/environment';
import { present } from './present';

/** A JSON value of synthesized Terraform. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = Record<string, Json>;

/** One synthesized stack: its `cdk.tf.json` text and parsed object. */
export interface SynthesizedStack {
  readonly text: string;
  readonly json: JsonObject;
}

export interface SynthesizedApp {
  readonly stacks: Readonly<Record<string, SynthesizedStack>>;
  readonly manifest: string;
  /** The parsed JSON of one stack (throws when the app has no such stack). */
  readonly stack: (name: string) => JsonObject;
}

/**
 * Synthesizes whole environments the way `npm run synth` does (one App, every stack, so cross-stack
 * outputs and remote-state data sources are complete) into a temporary directory, and reads it back.
 */
export function synthEnvironments(
  envs: readonly EnvironmentConfig[] = [ENVIRONMENTS.dev],
  build: (app: App, env: EnvironmentConfig) => unknown = buildEnvironment,
): SynthesizedApp {
  const outdir = mkdtempSync(join(tmpdir(), 'vault-synth-'));
  try {
    const app = new App({ outdir, skipValidation: false });
    for (const env of envs) build(app, env);
    app.synth();
    const stacks: Record<string, SynthesizedStack> = {};
    for (const name of readdirSync(join(outdir, 'stacks')).sort()) {
      const text = readFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8');
      stacks[name] = { text, json: JSON.parse(text) as JsonObject };
    }
    const stack = (name: string): JsonObject => {
      const found = stacks[name];
      if (found === undefined) throw new Error(`no stack ${name}; synthesized: ${Object.keys(stacks).join(', ')}`);
      return found.json;
    };
    return { stacks, manifest: readFileSync(join(outdir, 'manifest.json'), 'utf8'), stack };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * Synthesizes environments as HCL (`cdk.tf`), formatted as `cdktf synth --hcl` formats it
 * (`@cdktf/hcl-tools`). Returns formatted HCL per stack.
 */
export async function synthEnvironmentsHcl(
  envs: readonly EnvironmentConfig[] = [ENVIRONMENTS.dev],
): Promise<Record<string, string>> {
  const outdir = mkdtempSync(join(tmpdir(), 'vault-synth-hcl-'));
  // `cdktf synth --hcl` sets SYNTH_HCL_OUTPUT; cdktf 0.21's stacks read only this variable, not
  // the App's `hclOutput` option, so set it exactly as the CLI does while the stacks are created.
  const previous = process.env.SYNTH_HCL_OUTPUT;
  process.env.SYNTH_HCL_OUTPUT = 'true';
  try {
    const app = new App({ outdir, hclOutput: true });
    for (const env of envs) buildEnvironment(app, env);
    app.synth();
    const out: Record<string, string> = {};
    for (const name of readdirSync(join(outdir, 'stacks')).sort()) {
      out[name] = await format(readFileSync(join(outdir, 'stacks', name, 'cdk.tf'), 'utf8'));
    }
    return out;
  } finally {
    if (previous === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = previous;
    rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * A cross-stack reference as cdktf synthesizes it in the consuming stack:
 * `${data.terraform_remote_state.cross-stack-reference-input-<from>.outputs.cross-stack-output-<type><id>...<attribute>}`.
 */
export function remoteOutput(
  fromStack: string,
  resourceType: string,
  attribute: string,
  { exact = false } = {},
): RegExp {
  return new RegExp(
    `^\\$\\{data\\.terraform_remote_state\\.cross-stack-reference-input-${fromStack}\\.outputs\\.cross-stack-output-${resourceType}[A-Za-z0-9_-]*${attribute}\\}${exact ? '$' : ''}`,
  );
}

/** Parses HCL back to JSON with `@cdktf/hcl2json` (throws on invalid HCL). */
export async function parseHcl(name: string, hcl: string): Promise<JsonObject> {
  return (await parse(`${name}.tf`, hcl)) as JsonObject;
}

/** The resources of a synthesized stack of one type, by logical id. */
export function resourcesOf(stack: JsonObject, type: string): Record<string, JsonObject> {
  const resource = (stack.resource ?? {}) as Record<string, Record<string, JsonObject>>;
  return resource[type] ?? {};
}

/** The data sources of a synthesized stack of one type, by logical id. */
export function dataOf(stack: JsonObject, type: string): Record<string, JsonObject> {
  const data = (stack.data ?? {}) as Record<string, Record<string, JsonObject>>;
  return data[type] ?? {};
}

/** The single resource of a type whose metadata path ends with `suffix` (e.g. `vault/bucket`). */
export function resourceAt(stack: JsonObject, type: string, suffix: string): JsonObject {
  const matches = Object.values(resourcesOf(stack, type)).filter((r) => metadataPath(r).endsWith(suffix));
  if (matches.length !== 1) {
    throw new Error(`expected one ${type} at *${suffix}, found ${matches.length}`);
  }
  return present(matches[0], `${type} at *${suffix}`);
}

/** The construct path cdktf records in a block's metadata (`dev-storage/vault/bucket`), or ''. */
export function metadataPath(block: JsonObject): string {
  const meta = (block['//'] as JsonObject | undefined)?.metadata as JsonObject | undefined;
  return typeof meta?.path === 'string' ? meta.path : '';
}

/** A synthesized attribute that must be a string (a literal or a `${...}` reference); throws otherwise. */
export function stringAttribute(value: Json | undefined, what = 'the attribute'): string {
  if (typeof value !== 'string') throw new Error(`expected ${what} to be a string, found ${JSON.stringify(value)}`);
  return value;
}

/** A policy statement of a synthesized `aws_iam_policy_document`. */
export interface Statement {
  sid?: string;
  effect?: string;
  actions?: string[];
  not_actions?: string[];
  resources?: string[];
  not_resources?: string[];
  principals?: { type: string; identifiers: string[] }[];
  condition?: { test: string; variable: string; values: string[] }[];
}

/**
 * Every statement of a policy document data source, following `source_policy_documents`
 * references (`${data.aws_iam_policy_document.<id>.json}`) to the documents they merge.
 */
export function policyStatements(stack: JsonObject, documentId: string): Statement[] {
  const docs = dataOf(stack, 'aws_iam_policy_document');
  const seen = new Set<string>();
  const walk = (id: string): Statement[] => {
    if (seen.has(id)) return [];
    seen.add(id);
    const doc = docs[id];
    if (doc === undefined) throw new Error(`no aws_iam_policy_document ${id}`);
    const own = ((doc.statement ?? []) as unknown as Statement[]).slice();
    const sources = (doc.source_policy_documents ?? []) as string[];
    for (const ref of sources) {
      const m = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(ref);
      if (m === null) throw new Error(`unresolvable source policy document ${ref}`);
      own.push(...walk(present(m[1], `the document id in ${ref}`)));
    }
    return own;
  };
  return walk(documentId);
}

/** Logical id of the policy document that a `${data.aws_iam_policy_document.X.json}` reference names. */
export function documentIdOf(reference: Json | undefined): string {
  const m =
    typeof reference === 'string' ? /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(reference) : null;
  const id = m?.[1];
  if (id === undefined) throw new Error(`not a policy document reference: ${JSON.stringify(reference)}`);
  return id;
}

/** The statement with a given sid (throws when absent or repeated). */
export function statement(statements: readonly Statement[], sid: string): Statement {
  const found = statements.filter((s) => s.sid === sid);
  if (found.length !== 1) throw new Error(`expected one statement ${sid}, found ${found.length}`);
  return present(found[0], `statement ${sid}`);
}

/** Condition values of a statement for one test + variable. */
export function conditionValues(s: Statement, test: string, variable: string): string[] | undefined {
  return s.condition?.find((c) => c.test === test && c.variable === variable)?.values;
}
