/**
 * Environment variables that make a function's runtime load, run or trust something no code signature
 * covers. Lambda code signing checks the deployment package and its layers only
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-codesigning.html), while:
 *
 * - `NODE_OPTIONS` makes Node load the modules it names (`--import`, `--require`, a `data:` URL) before
 *   the handler (https://nodejs.org/api/cli.html#node_optionsoptions); `NODE_PATH` changes where modules
 *   resolve from;
 * - `AWS_LAMBDA_EXEC_WRAPPER` runs a script of its choosing in front of the runtime
 *   (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-modify.html);
 * - `LD_PRELOAD` and `LD_LIBRARY_PATH` load native libraries into the process;
 * - `NODE_EXTRA_CA_CERTS` and `NODE_TLS_REJECT_UNAUTHORIZED` change which TLS peers the function
 *   trusts for every AWS call it makes.
 *
 * The compliance rules refuse them on every function; the constructs refuse them as input.
 */
export const CODE_INJECTION_VARIABLES = [
  'AWS_LAMBDA_EXEC_WRAPPER',
  'LD_LIBRARY_PATH',
  'LD_PRELOAD',
  'NODE_EXTRA_CA_CERTS',
  'NODE_OPTIONS',
  'NODE_PATH',
  'NODE_TLS_REJECT_UNAUTHORIZED',
] as const;
