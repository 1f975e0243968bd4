import { blocks, num, str } from '../engine/model';
import { coversAction, wildcardMatch } from '../engine/policy';
import type { Rule } from '../engine/types';
import {
  arnOf,
  awsDocs,
  ckv,
  cmkOf,
  fsbp,
  functionOf,
  nag,
  nist,
  principalExceptions,
  redriveOf,
  sourceQueueOf,
  when,
} from './helpers';
import type { ModelQuery, PolicyStatement } from '../engine/types';
import { CODE_INJECTION_VARIABLES } from '../../modules/core/lambda-environment';

const SUPPORTED_RUNTIMES = ['nodejs20.x', 'nodejs22.x', 'python3.12', 'python3.13', 'java21', 'provided.al2023'];

/** Deny statements of the account guardrail (managed policies without a Principal) that reach `arn`. */
function guardrailDenies(q: ModelQuery, arn: string): PolicyStatement[] {
  return q
    .all('aws_iam_policy')
    .flatMap((p) => q.policy(p, p.config.policy) ?? [])
    .filter((s) => s.effect === 'Deny' && s.principals.length === 0 && s.resources.some((x) => wildcardMatch(x, arn)));
}

/** Lambda rules, in report order. */
export const LAMBDA_RULES: readonly Rule[] = [
  {
    id: 'VAULT-LAM-001',
    title: 'Functions trace with X-Ray',
    severity: 'error',
    resourceTypes: ['aws_lambda_function'],
    rationale: 'Traces show every downstream call a request made.',
    fix: 'Set tracing_config { mode = Active }.',
    controls: [...ckv('CKV_AWS_50'), ...nag('Serverless-LambdaTracing')],
    check: (f) => when(str(blocks(f.config.tracing_config)[0]?.mode) !== 'Active', 'tracing mode is not Active'),
  },
  {
    id: 'VAULT-LAM-002',
    title: 'Functions have reserved concurrency',
    severity: 'error',
    resourceTypes: ['aws_lambda_function'],
    rationale: 'Bounds Rekognition spend and blast radius of a flood of uploads.',
    fix: 'Set reserved_concurrent_executions from config.',
    controls: [...ckv('CKV_AWS_115'), ...nag('NIST.800.53.R5-LambdaConcurrency')],
    check: (f) =>
      when((num(f.config.reserved_concurrent_executions) ?? -1) <= 0, 'reserved_concurrent_executions not set'),
  },
  {
    id: 'VAULT-LAM-003',
    title: 'Function environment is encrypted with a customer-managed key',
    severity: 'error',
    resourceTypes: ['aws_lambda_function'],
    rationale: 'Environment variables name tables and keys; encrypt them under our key.',
    fix: 'Set kms_key_arn to an aws_kms_key ARN.',
    controls: ckv('CKV_AWS_173'),
    check: (f, q) =>
      when(
        f.config.environment !== undefined && cmkOf(q, f, f.config.kms_key_arn) === undefined,
        'kms_key_arn is not a customer-managed key',
      ),
  },
  {
    id: 'VAULT-LAM-004',
    title: 'Failed async invocations go to a destination',
    severity: 'error',
    resourceTypes: ['aws_lambda_function'],
    rationale: 'Nothing may be lost: events that exhaust retries must land on the failure queue.',
    fix: 'Add aws_lambda_function_event_invoke_config with destination_config.on_failure (or dead_letter_config).',
    controls: [
      ...ckv('CKV_AWS_116'),
      ...nag('Serverless-LambdaDLQ', 'Serverless-LambdaAsyncFailureDestination', 'NIST.800.53.R5-LambdaDLQ'),
    ],
    check: (f, q) => {
      const eic = q.referencing(f, 'aws_lambda_function_event_invoke_config', 'function_name');
      const has =
        eic.some((e) => blocks(blocks(e.config.destination_config)[0]?.on_failure).length > 0) ||
        blocks(f.config.dead_letter_config).length > 0;
      return when(!has, 'no on-failure destination or DLQ');
    },
  },
  {
    id: 'VAULT-LAM-005',
    title: 'Functions use a supported runtime',
    severity: 'error',
    resourceTypes: ['aws_lambda_function'],
    rationale: 'Deprecated runtimes stop receiving security patches.',
    fix: `Use one of ${SUPPORTED_RUNTIMES.join(', ')}.`,
    controls: [...fsbp('Lambda.2'), ...nag('Serverless-LambdaLatestVersion')],
    check: (f) =>
      when(!SUPPORTED_RUNTIMES.includes(str(f.config.runtime) ?? ''), `runtime ${str(f.config.runtime) ?? 'unset'}`),
  },
  {
    id: 'VAULT-LAM-006',
    title: 'Functions set timeout and memory explicitly',
    severity: 'warning',
    resourceTypes: ['aws_lambda_function'],
    rationale: 'The 3 s / 128 MB defaults are rarely right for image verification.',
    fix: 'Set timeout and memory_size.',
    controls: nag('Serverless-LambdaDefaultTimeout', 'Serverless-LambdaDefaultMemorySize'),
    check: (f) =>
      when(f.config.timeout === undefined || f.config.memory_size === undefined, 'timeout or memory_size not set'),
  },
  {
    id: 'VAULT-LAM-007',
    title: 'No secrets in function environment',
    severity: 'error',
    resourceTypes: ['aws_lambda_function'],
    rationale: 'Environment values are readable by anyone with GetFunctionConfiguration.',
    fix: 'Keep secrets in Secrets Manager/SSM and pass their names.',
    controls: ckv('CKV_AWS_45'),
    check: (f, q) => {
      const vars = blocks(f.config.environment).flatMap((e) =>
        Object.entries(
          typeof e.variables === 'object' && e.variables !== null && !Array.isArray(e.variables) ? e.variables : {},
        ),
      );
      const bad = vars.filter(
        ([k, v]) =>
          /secret|password|passwd|private_key|access_key/i.test(k) || /AKIA[0-9A-Z]{16}/.test(q.render(f, v) ?? ''),
      );
      return when(bad.length > 0, `secret-like variables: ${bad.map(([k]) => k).join(', ')}`);
    },
  },
  {
    id: 'VAULT-LAM-008',
    title: 'Service invoke permissions name source ARN and account',
    severity: 'error',
    resourceTypes: ['aws_lambda_permission'],
    rationale: 'Without source_arn and source_account, any bucket in any account could invoke the function.',
    fix: 'Set source_arn (the vault bucket ARN) and source_account.',
    controls: ckv('CKV_AWS_364'),
    check: (p) =>
      when(
        str(p.config.principal)?.endsWith('.amazonaws.com') === true &&
          (p.config.source_arn === undefined || p.config.source_account === undefined),
        'service principal without source_arn and source_account',
      ),
  },
  {
    id: 'VAULT-LAM-009',
    title: 'Function policies are not public',
    severity: 'error',
    resourceTypes: ['aws_lambda_permission'],
    rationale: 'A "*" principal lets anyone invoke the function.',
    fix: 'Name the invoking service principal.',
    controls: fsbp('Lambda.1'),
    check: (p) => when(str(p.config.principal) === '*' && p.config.source_account === undefined, 'principal "*"'),
  },
  {
    id: 'VAULT-LAM-010',
    title: 'Function has its own log group with retention',
    severity: 'error',
    resourceTypes: ['aws_lambda_function'],
    rationale: 'Otherwise Lambda creates /aws/lambda/<name> unencrypted with infinite retention.',
    fix: 'Create aws_cloudwatch_log_group /aws/lambda/<function_name> (or set logging_config.log_group).',
    controls: nag('Serverless-CloudWatchLogGroupRetentionPeriod', 'NIST.800.53.R5-CloudWatchLogGroupRetentionPeriod'),
    check: (f, q) => {
      const logging = blocks(f.config.logging_config)[0];
      const explicit = logging === undefined ? undefined : q.render(f, logging.log_group);
      const expected = explicit ?? `/aws/lambda/${q.render(f, f.config.function_name) ?? ''}`;
      const g = q.all('aws_cloudwatch_log_group').find((lg) => q.render(lg, lg.config.name) === expected);
      return when(
        g === undefined || (num(g.config.retention_in_days) ?? 0) <= 0,
        `no log group ${expected} with retention`,
      );
    },
  },
  {
    id: 'VAULT-LAM-011',
    title: 'Functions run only code signed by an allowed profile (Enforce)',
    severity: 'error',
    resourceTypes: ['aws_lambda_function'],
    rationale:
      'Without an enforced code-signing config, anyone allowed UpdateFunctionCode (the deployer, a stolen credential) runs code of their own as the function role.',
    fix: 'Set code_signing_config_arn to an aws_lambda_code_signing_config with policies.untrusted_artifact_on_deployment = Enforce.',
    controls: [...nist('SI-3'), ...awsDocs('Lambda-configuration-codesigning')],
    check: (f, q) => {
      const config = q.target(f, f.config.code_signing_config_arn)?.element;
      if (config?.type !== 'aws_lambda_code_signing_config') return when(true, 'no code-signing config');
      const policy = str(blocks(config.config.policies)[0]?.untrusted_artifact_on_deployment) ?? 'Warn';
      return when(policy !== 'Enforce', `untrusted artifacts are ${policy === 'Warn' ? 'only warned about' : policy}`);
    },
  },
  {
    id: 'VAULT-LAM-012',
    title: 'Queue event sources report partial batch failures and end in a dead-letter queue',
    severity: 'error',
    resourceTypes: ['aws_lambda_event_source_mapping'],
    rationale:
      'Without ReportBatchItemFailures one failed message returns the whole batch; without a dead-letter queue a message that keeps failing expires unseen.',
    fix: 'Set function_response_types = ["ReportBatchItemFailures"] and a redrive_policy on the source queue.',
    controls: [...awsDocs('Lambda-services-sqs-errorhandling'), ...nag('Serverless-SQSRedrivePolicy')],
    check: (m, q) => {
      const queue = sourceQueueOf(q, m);
      if (queue === undefined) return [];
      const reports = q.renderList(m, m.config.function_response_types).includes('ReportBatchItemFailures');
      const dlq = redriveOf(q, queue)?.deadLetter;
      return [
        ...when(!reports, 'function_response_types lacks ReportBatchItemFailures'),
        ...when(dlq === undefined, 'the source queue has no dead-letter queue'),
      ];
    },
  },
  {
    id: 'VAULT-LAM-013',
    title: 'Queue event sources bound their concurrency within the reserved concurrency',
    severity: 'error',
    resourceTypes: ['aws_lambda_event_source_mapping'],
    rationale:
      "Unbounded pollers overrun downstream quotas (Rekognition) and, above the function's reserved concurrency, are throttled into handing messages out again.",
    fix: "Set scaling_config.maximum_concurrency, at most the function's reserved_concurrent_executions.",
    controls: awsDocs('Lambda-services-sqs-scaling'),
    check: (m, q) => {
      if (sourceQueueOf(q, m) === undefined) return [];
      const max = num(blocks(m.config.scaling_config)[0]?.maximum_concurrency);
      const reserved = (() => {
        const fn = functionOf(q, m);
        return fn === undefined ? undefined : num(fn.config.reserved_concurrent_executions);
      })();
      if (max === undefined) return when(true, 'scaling_config.maximum_concurrency not set');
      return when(
        reserved === undefined || reserved < max,
        `maximum_concurrency ${max} above reserved concurrency ${reserved ?? 'unset'}`,
      );
    },
  },
  {
    id: 'VAULT-LAM-014',
    title: 'Function environments load no code outside the signed package',
    severity: 'error',
    resourceTypes: ['aws_lambda_function'],
    rationale:
      'Code signing checks the package and layers, never the environment: NODE_OPTIONS=--import=..., an exec wrapper or a preloaded library runs code of its own as the function role, and extra CAs let a peer impersonate AWS.',
    fix: 'Remove NODE_OPTIONS, NODE_PATH, AWS_LAMBDA_EXEC_WRAPPER, LD_PRELOAD, LD_LIBRARY_PATH, NODE_EXTRA_CA_CERTS and NODE_TLS_REJECT_UNAUTHORIZED from the environment; do in code what they did (process.setSourceMapsEnabled).',
    controls: [...nist('SI-7', 'CM-5'), ...awsDocs('Lambda-configuration-codesigning')],
    check: (f) => {
      const vars = blocks(f.config.environment)[0]?.variables;
      const names = vars !== null && typeof vars === 'object' && !Array.isArray(vars) ? Object.keys(vars) : [];
      const bad = names.filter((n) => (CODE_INJECTION_VARIABLES as readonly string[]).includes(n));
      return when(bad.length > 0, `environment sets ${bad.join(', ')}`);
    },
  },
  {
    id: 'VAULT-LAM-015',
    title: "A function's code-signing config is exactly its own, and only break-glass changes it",
    severity: 'error',
    resourceTypes: ['aws_lambda_function'],
    rationale:
      'A guardrail that accepts any code-signing config lets whoever can create one (with a profile of their own, or Warn) attach it and deploy unsigned code.',
    fix: "In the account guardrail: Deny lambda:CreateFunction and lambda:PutFunctionCodeSigningConfig on the function when lambda:CodeSigningConfigArn is not exactly its config's ARN, and lambda:PutFunctionCodeSigningConfig and DeleteFunctionCodeSigningConfig except one principal (break-glass).",
    controls: [...nist('SI-7', 'CM-5'), ...awsDocs('Lambda-configuration-codesigning')],
    check: (f, q) => {
      const config = q.target(f, f.config.code_signing_config_arn)?.element;
      if (config?.type !== 'aws_lambda_code_signing_config') return [];
      const fn = arnOf(q, f);
      const own = arnOf(q, config);
      const denies = guardrailDenies(q, fn);
      const pinned = ['lambda:CreateFunction', 'lambda:PutFunctionCodeSigningConfig'].filter(
        (a) =>
          !denies.some(
            (s) =>
              coversAction(s, a) &&
              s.conditions.some(
                (c) =>
                  c.test === 'ArnNotEquals' &&
                  c.variable.toLowerCase() === 'lambda:codesigningconfigarn' &&
                  c.values.length === 1 &&
                  c.values[0] === own,
              ),
          ),
      );
      const changeable = ['lambda:PutFunctionCodeSigningConfig', 'lambda:DeleteFunctionCodeSigningConfig'].filter(
        (a) => !denies.some((s) => coversAction(s, a) && principalExceptions(s).length === 1),
      );
      return [
        ...when(pinned.length > 0, `no guardrail pins ${pinned.join(', ')} of ${fn} to ${own}`),
        ...when(changeable.length > 0, `no guardrail leaves ${changeable.join(', ')} of ${fn} to one principal`),
      ];
    },
  },
  {
    id: 'VAULT-LAM-016',
    title: 'Functions fed by an event source are invoked by no principal of the account',
    severity: 'error',
    resourceTypes: ['aws_lambda_event_source_mapping'],
    rationale:
      'An event source mapping needs no invoke permission; anyone else who may invoke the function hands it events of their own (a verdict for an upload S3 never announced).',
    fix: 'In the account guardrail: Deny lambda:InvokeFunction, InvokeAsync and InvokeFunctionUrl on the function, with no exception.',
    controls: [...nist('AC-3', 'SI-10'), ...awsDocs('Lambda-services-sqs-configure')],
    check: (m, q) => {
      const fn = functionOf(q, m);
      if (fn === undefined) return [];
      const arn = arnOf(q, fn);
      const open = ['lambda:InvokeFunction', 'lambda:InvokeAsync', 'lambda:InvokeFunctionUrl'].filter(
        (a) => !guardrailDenies(q, arn).some((s) => coversAction(s, a) && s.conditions.length === 0),
      );
      return when(open.length > 0, `no guardrail denies ${open.join(', ')} of ${arn} to every principal`);
    },
  },
];
