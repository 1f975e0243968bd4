#!/usr/bin/env node
// Runs the verifier's esbuild bundle with its two source transforms, for scripts/build-verifier.ts.
// esbuild runs plugins only in its asynchronous API, and the builder must stay synchronous (a Terraform
// stack calls it while synthesizing), so the builder runs this script as a child process: build options
// (plain JSON, from `verifierBuildOptions`) on stdin, the output files (base64) and any errors on stdout.
//
// The transforms (each exact, checked by the bundle tests that run the artifact against the stand-ins):
// - SDK schema keys: the AWS SDK's generated schema modules write trait objects with computed keys naming
//   module constants (`{ [_hE]: 403 }` with `const _hE = "httpError"`). esbuild must assume a computed key
//   may have side effects, so it keeps every schema of the service, used or not (~55 KB of S3 alone). The
//   transform writes each such key as the string literal the constant holds, which is the same object, so
//   esbuild drops the schemas the verifier never uses.
// - X-Ray parameter whitelist: the X-Ray SDK records request parameters of AWS calls in trace subsegments
//   from a whitelist that includes S3 object keys and prefixes (which carry subject ids). The verifier's
//   own whitelist (`lambda-src/verifier/xray-aws-whitelist.json`) replaces it: bucket and table names only.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

const SCHEMA_MODULE = /[\\/]@aws-sdk[\\/]client-[a-z0-9-]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/;
const XRAY_WHITELIST = /[\\/]aws-xray-sdk-core[\\/]dist[\\/]lib[\\/]resources[\\/]aws_whitelist\.json$/;

/** Rewrites `[_name]:` computed keys whose name is a module-level string constant into that literal. */
export function literalSchemaKeys(source) {
  const constants = new Map();
  for (const m of source.matchAll(/^const (_[A-Za-z0-9_]+) = ("(?:[^"\\\n]|\\.)*");$/gm)) constants.set(m[1], m[2]);
  let unresolved = 0;
  const contents = source.replace(/\[(_[A-Za-z0-9_]+)\]:/g, (whole, name) => {
    const literal = constants.get(name);
    if (literal === undefined) {
      unresolved += 1;
      return whole;
    }
    return `${literal}:`;
  });
  return { contents, unresolved };
}

function plugins(root) {
  return [
    {
      name: 'verifier-substitutions',
      setup(build) {
        build.onLoad({ filter: SCHEMA_MODULE }, (args) => {
          const { contents, unresolved } = literalSchemaKeys(readFileSync(args.path, 'utf8'));
          if (unresolved > 0)
            return { errors: [{ text: `${args.path}: ${unresolved} computed key(s) not naming a string constant` }] };
          return { contents, loader: 'js' };
        });
        build.onLoad({ filter: XRAY_WHITELIST }, () => ({
          contents: readFileSync(join(root, 'lambda-src', 'verifier', 'xray-aws-whitelist.json'), 'utf8'),
          loader: 'json',
        }));
      },
    },
  ];
}

async function main() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const options = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const esbuild = require('esbuild');
  let result;
  try {
    result = await esbuild.build({ ...options, write: false, plugins: plugins(options.absWorkingDir) });
  } catch (error) {
    result = { errors: error.errors ?? [{ text: String(error) }], outputFiles: [] };
  }
  process.stdout.write(
    JSON.stringify({
      errors: result.errors.map((e) => e.text),
      outputFiles: (result.outputFiles ?? []).map((f) => ({
        path: f.path,
        contents: Buffer.from(f.contents).toString('base64'),
      })),
    }),
  );
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  main().catch((error) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
