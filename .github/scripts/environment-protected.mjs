#!/usr/bin/env node
// Fails unless every GitHub environment named has required reviewers (self-review may be allowed).
// The deploy workflow runs it before planning staging and prod: a job that names an environment which
// does not exist makes GitHub create it without protection, and the apply jobs would then run with no
// one approving. Reads each with GET /repos/{owner}/{repo}/environments/{name} (the job token needs
// `actions: read`; https://docs.github.com/en/rest/deployments/environments?apiVersion=2022-11-28#get-an-environment).
//
//   GITHUB_TOKEN=... GITHUB_REPOSITORY=owner/repo node .github/scripts/environment-protected.mjs <env>...
import { environmentProblems, readEnvironment } from './plan-gate.mjs';

const names = process.argv.slice(2);
if (names.length === 0 || names.some((n) => n.startsWith('-'))) {
  process.stderr.write('usage: environment-protected.mjs <environment>...\n');
  process.exit(64);
}
const problems = [];
for (const name of names) {
  const environment = await readEnvironment(name);
  if (environment.error !== undefined)
    problems.push(`environment ${name} could not be read (${environment.error}): its protection is unknown`);
  else problems.push(...environmentProblems(name, environment.status, environment.body, { selfReview: true }));
}
for (const p of problems) console.log(`::error::${p}`);
if (problems.length === 0) console.log(`protected: ${names.join(', ')}`);
process.exitCode = problems.length === 0 ? 0 : 1;
