/**
 * The copy of a synthesized stack that `terraform plan` can run offline: the AWS provider the
 * machine's filesystem mirror holds (5.100.0) instead of the pinned 6.x, a local backend, and the
 * upstream stacks' outputs read from local state files. Every change is recorded with its reason,
 * and the list of version differences is explicit: an argument of a newer provider that is not in
 * the list is not dropped, so `terraform plan` fails on it and the generator reports the error.
 *
 * Pure: no file system, no processes (the generator does the I/O).
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../plan-summary/plan-types';

/** One change the shim made to the copy, as recorded next to each fixture. */
export interface ShimRecord {
  readonly id: 'provider-version' | 'backend-local' | 'remote-state-local' | 'aws-region-name' | DroppedArgumentId;
  /** Where in the synthesized JSON (a path, or a count of references). */
  readonly where: string;
  readonly from?: JsonValue;
  readonly to?: JsonValue;
  /** The value of a dropped argument. */
  readonly dropped?: JsonValue;
  /** The provider release that introduced what the shim removes or renames. */
  readonly since?: string;
  readonly why: string;
  /** What a plan made from the copy does not show that a plan of the real stack does. */
  readonly effect?: string;
}

export type DroppedArgumentId = 'sse-blocked-encryption-types' | 'log-group-deletion-protection';

/**
 * Arguments our stacks set that the 5.100.0 schema does not have (each found by `terraform validate`
 * of the 5.100 copies, with the 6.x release that added it). Removed from the copy, value recorded:
 * a plan fixture never pretends they are there.
 */
export const DROPPED_ARGUMENTS: readonly {
  readonly id: DroppedArgumentId;
  readonly type: string;
  /** Path inside the resource block; `*` is every element of a list. */
  readonly path: readonly string[];
  readonly since: string;
  readonly effect: string;
}[] = [
  {
    id: 'sse-blocked-encryption-types',
    type: 'aws_s3_bucket_server_side_encryption_configuration',
    path: ['rule', '*', 'blocked_encryption_types'],
    // hashicorp/terraform-provider-aws CHANGELOG 6.22.0: "blocked_encryption_types" argument.
    since: '6.22.0',
    effect: "the plan does not show the bucket encryption rule's SSE-C block; the real plan does",
  },
  {
    id: 'log-group-deletion-protection',
    type: 'aws_cloudwatch_log_group',
    path: ['deletion_protection_enabled'],
    // hashicorp/terraform-provider-aws CHANGELOG 6.25.0: "deletion_protection_enabled" argument.
    since: '6.25.0',
    effect: "the plan does not show the log group's deletion protection; the real plan does",
  },
];

/** `data.aws_region.<name>.region` (6.0.0) is `.name` in 5.x (and deprecated, same value, in 6.x). */
const REGION_REFERENCE = /\bdata\.aws_region\.([A-Za-z0-9_-]+)\.region\b/g;

export interface ShimOptions {
  /** Path of an upstream stack's local state file, as the copy's remote-state data source reads it. */
  readonly remoteStatePath: (upstream: string) => string;
  /** The provider version in the mirror. @default '5.100.0' */
  readonly providerVersion?: string;
}

/** The stack a `terraform_remote_state` reads, from its key (`dev/dev-keys.tfstate`) or path. */
export function upstreamOf(dataSource: JsonValue | undefined): string {
  const config = isJsonObject(dataSource) && isJsonObject(dataSource.config) ? dataSource.config : {};
  const key = typeof config.key === 'string' ? config.key : typeof config.path === 'string' ? config.path : '';
  const match = /([^/]+)\.tfstate$/.exec(key);
  if (match?.[1] === undefined)
    throw new Error(`cannot tell which stack a remote state reads: config ${JSON.stringify(config)}`);
  return match[1];
}

/** Rewrites every string inside a JSON value. */
function mapStrings(value: JsonValue, fn: (text: string) => string): JsonValue {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn));
  if (isJsonObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn)]));
  return value;
}

/** Removes `path` under `node`, pushing what it removed (with where) to `found`. */
function dropPath(
  node: JsonValue | undefined,
  path: readonly string[],
  where: string,
  found: { where: string; value: JsonValue }[],
): void {
  const [head, ...rest] = path;
  if (head === undefined || node === undefined) return;
  if (head === '*') {
    if (Array.isArray(node)) node.forEach((n, i) => dropPath(n, rest, `${where}[${i}]`, found));
    else if (isJsonObject(node)) dropPath(node, rest, where, found); // a single block written as an object
    return;
  }
  if (!isJsonObject(node)) return;
  if (rest.length === 0) {
    const value = node[head];
    if (value !== undefined) {
      found.push({ where: `${where}.${head}`, value });
      Reflect.deleteProperty(node, head);
    }
    return;
  }
  dropPath(node[head], rest, `${where}.${head}`, found);
}

/**
 * A copy of a synthesized stack that plans offline, and every change made to it. The input is not
 * modified.
 */
export function shimStack(cdkJson: JsonObject, options: ShimOptions): { json: JsonObject; shims: ShimRecord[] } {
  const providerVersion = options.providerVersion ?? '5.100.0';
  const json = structuredClone(cdkJson);
  const shims: ShimRecord[] = [];
  const terraform = isJsonObject(json.terraform) ? json.terraform : {};
  json.terraform = terraform;

  const providers = isJsonObject(terraform.required_providers) ? terraform.required_providers : {};
  const aws = providers.aws;
  if (isJsonObject(aws) && aws.version !== providerVersion) {
    shims.push({
      id: 'provider-version',
      where: 'terraform.required_providers.aws.version',
      from: aws.version ?? null,
      to: providerVersion,
      why: 'the filesystem mirror holds only this version',
    });
    aws.version = providerVersion;
  }

  const local = { local: { path: 'terraform.tfstate' } };
  shims.push({
    id: 'backend-local',
    where: 'terraform.backend',
    from: terraform.backend ?? null,
    to: local,
    why: 'no S3 offline; a first plan starts from an empty state',
  });
  terraform.backend = local;

  const data = isJsonObject(json.data) ? json.data : {};
  const remote = isJsonObject(data.terraform_remote_state) ? data.terraform_remote_state : {};
  for (const [name, dataSource] of Object.entries(remote)) {
    if (!isJsonObject(dataSource)) continue;
    const upstream = upstreamOf(dataSource);
    const path = options.remoteStatePath(upstream);
    const config = isJsonObject(dataSource.config) ? dataSource.config : {};
    shims.push({
      id: 'remote-state-local',
      where: `data.terraform_remote_state.${name}`,
      from: { backend: dataSource.backend ?? null, key: config.key ?? null },
      to: { backend: 'local', path },
      why: `the outputs of ${upstream} come from a local state file written after its plan`,
    });
    dataSource.backend = 'local';
    dataSource.config = { path };
  }

  let regionReferences = 0;
  for (const section of ['data', 'resource', 'output', 'locals', 'module'] as const) {
    const value = json[section];
    if (value === undefined) continue;
    json[section] = mapStrings(value, (text) =>
      text.replace(REGION_REFERENCE, (_match, name: string) => {
        regionReferences += 1;
        return `data.aws_region.${name}.name`;
      }),
    );
  }
  if (regionReferences > 0)
    shims.push({
      id: 'aws-region-name',
      where: `${regionReferences} reference(s) to data.aws_region.*.region`,
      from: 'region',
      to: 'name',
      since: '6.0.0',
      why: '6.x names `region` the attribute 5.x calls `name`; both are the provider region',
    });

  const resources = isJsonObject(json.resource) ? json.resource : {};
  for (const rule of DROPPED_ARGUMENTS) {
    const ofType = resources[rule.type];
    if (!isJsonObject(ofType)) continue;
    for (const [name, block] of Object.entries(ofType)) {
      const found: { where: string; value: JsonValue }[] = [];
      dropPath(block, rule.path, `${rule.type}.${name}`, found);
      for (const f of found)
        shims.push({
          id: rule.id,
          where: f.where,
          dropped: f.value,
          since: rule.since,
          why: `argument added in provider ${rule.since}, absent from ${providerVersion}`,
          effect: rule.effect,
        });
    }
  }
  return { json, shims };
}
