import { join } from 'node:path';
import { ENVIRONMENTS } from '../config/environments';
import { expectFileSnapshot, obsoleteSnapshotFiles } from './helpers/file-snapshot';
import { parseHcl, synthEnvironments, synthEnvironmentsHcl, type JsonObject } from './helpers/synth';
import { present } from './helpers/present';

/**
 * The synthesized Terraform of every stack of the default environment, kept as plain files, one
 * stack per file and HCL apart from JSON, so that a pull request's snapshot diff reads like the plan
 * of one stack: `__snapshots__/stacks/<stack>.tf.json` is the stack's `cdk.tf.json` byte for byte,
 * `__snapshots__/stacks/<stack>.tf` its HCL as `cdktf synth --hcl` formats it. They change only
 * through `npm run test:update` (CI runs Jest with --ci, which never writes them; see
 * helpers/file-snapshot.ts). The HCL is parsed back and must declare exactly what the JSON declares:
 * cdktf's HCL output has known bugs (hashicorp/terraform-cdk#3911) that would otherwise pass unnoticed.
 */
const SNAPSHOTS = join(__dirname, '__snapshots__', 'stacks');
const dev = ENVIRONMENTS.dev;
const json = synthEnvironments([dev]);
let hcl: Record<string, string> = {};

beforeAll(async () => {
  hcl = await synthEnvironmentsHcl([dev]);
});

const stackNames = Object.keys(json.stacks);
const snapshotFiles = (name: string): { json: string; hcl: string } => ({
  json: `${name}.tf.json`,
  hcl: `${name}.tf`,
});

test('the default environment has the foundation stacks', () => {
  expect(stackNames).toEqual(expect.arrayContaining(['dev-state', 'dev-keys', 'dev-storage', 'dev-ledger']));
});

describe.each(stackNames)('%s', (name) => {
  test('JSON snapshot', () => {
    expectFileSnapshot(json.stacks[name]?.text, join(SNAPSHOTS, snapshotFiles(name).json));
  });

  test('formatted HCL snapshot', () => {
    expectFileSnapshot(hcl[name], join(SNAPSHOTS, snapshotFiles(name).hcl));
  });

  test('HCL parses back to the same resources, data sources and attribute names as the JSON', async () => {
    const parsed = await parseHcl(name, present(hcl[name], `the HCL of ${name}`));
    const fromJson = declarations(present(json.stacks[name], `stack ${name}`).json, false);
    const fromHcl = declarations(parsed, true);
    expect(fromHcl).toEqual(fromJson);
  });

  test('is valid Terraform JSON for cdktf', () => {
    // toBeValidTerraform runs `terraform validate` and needs a Terraform binary: it runs in the
    // GitHub workflow. Here the structure is checked: a backend, a provider, resources or data.
    const stack = present(json.stacks[name], `stack ${name}`).json;
    expect(stack.terraform).toBeDefined();
    expect((stack.provider as JsonObject).aws).toBeDefined();
  });
});

test('no snapshot file is left for a stack that no longer exists (npm run test:update removes it)', () => {
  const expected = stackNames.flatMap((name) => Object.values(snapshotFiles(name)));
  expect(obsoleteSnapshotFiles(SNAPSHOTS, expected)).toEqual([]);
});

test('snapshots hold no timestamps or machine paths', () => {
  for (const [name, stack] of Object.entries(json.stacks)) {
    expect([name, stack.text.includes(process.cwd())]).toEqual([name, false]);
    expect([name, /\/tmp\/|\\\\Temp\\\\/.test(stack.text)]).toEqual([name, false]);
    expect([name, /20\d\d-\d\d-\d\dT\d\d:\d\d/.test(stack.text)]).toEqual([name, false]);
  }
});

test('two synths of the same input are byte-identical', () => {
  const again = synthEnvironments([dev]);
  expect(Object.keys(again.stacks)).toEqual(stackNames);
  for (const name of stackNames) expect(again.stacks[name]?.text === json.stacks[name]?.text).toBe(true);
  expect(again.manifest).toEqual(json.manifest);
});

/** `resource.<type>.<name>: [attribute names]` and the same for data, sorted. */
function declarations(stack: JsonObject, fromHcl: boolean): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const kind of ['resource', 'data'] as const) {
    const byType = (stack[kind] ?? {}) as Record<string, Record<string, JsonObject | JsonObject[]>>;
    for (const [type, byName] of Object.entries(byType)) {
      for (const [id, body] of Object.entries(byName)) {
        const block = (fromHcl ? (body as JsonObject[])[0] : body) as JsonObject;
        out[`${kind}.${type}.${id}`] = Object.keys(block)
          .filter((k) => k !== '//')
          .sort();
      }
    }
  }
  for (const kind of ['output'] as const) {
    for (const id of Object.keys((stack[kind] ?? {}) as JsonObject)) out[`${kind}.${id}`] = [];
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}
