#!/usr/bin/env node
// The plan workflow's gate: the one check to mark required on main. It runs whatever happened before
// it (`if: always()`) and passes only when every job it names succeeded, the second review is
// settled (not needed: the `security-review` job skipped; or approved: that job succeeded), and the
// `security-review` environment really asks for a second reviewer.
//
//   NEEDS='${{ toJSON(needs) }}' GITHUB_TOKEN=... node .github/scripts/plan-gate.mjs test validate plan comment
//
// Why a gate job: GitHub reports a job skipped by its `if:` as passing a required check, so the
// approval job itself cannot be the required check; a missing, failed or cancelled plan, or a
// comment job that gave no verdict, must fail here instead.
// https://docs.github.com/en/repositories/configuring-branches-and-merges-in-your-repository/managing-protected-branches/troubleshooting-required-status-checks
//
// Why the environment is read: a job that names an environment which does not exist makes GitHub
// create it, without protection rules, and the job runs at once; an environment whose reviewers were
// removed behaves the same. The approval job "succeeding" then proves nothing. The gate reads the
// environment (GET /repos/{owner}/{repo}/environments/{name}, which needs the token's `actions: read`:
// https://docs.github.com/en/rest/deployments/environments?apiVersion=2022-11-28#get-an-environment)
// and fails unless it has required reviewers and prevents self-review.
import { pathToFileURL } from 'node:url';

export const REVIEW_JOB = 'security-review';
export const REVIEW_ENVIRONMENT = 'security-review';

/** The problems with the jobs' results (empty: they pass). */
export function gateProblems(needs, jobs) {
  const problems = [];
  if (needs === null || typeof needs !== 'object') return ['no job results (NEEDS is not a JSON object)'];
  for (const job of jobs) {
    const result = needs[job]?.result;
    if (result !== 'success') problems.push(`${job}: ${result ?? 'did not run'} (must be success)`);
  }
  const review = needs.comment?.outputs?.review;
  const approval = needs[REVIEW_JOB]?.result;
  if (review === 'none') {
    if (approval !== 'skipped')
      problems.push(`${REVIEW_JOB}: ${approval ?? 'missing'} although no review was required`);
  } else if (review === 'required') {
    if (approval !== 'success')
      problems.push(
        `${REVIEW_JOB}: ${approval ?? 'did not run'}: a second reviewer must approve on the security-review environment`,
      );
  } else {
    problems.push(`comment: no review verdict (received ${JSON.stringify(review ?? null)}): treated as not reviewed`);
  }
  return problems;
}

/**
 * The problems with the review environment, from GitHub's answer to "get an environment": `status`
 * the HTTP status (undefined: no answer), `body` the parsed JSON. Empty: at least one required reviewer
 * and, unless `selfReview` is allowed, self-review prevented.
 */
export function environmentProblems(name, status, body, { selfReview = false } = {}) {
  const where = `environment ${name}`;
  if (status === 404)
    return [`${where} does not exist: a job naming it would create it unprotected (create it with required reviewers)`];
  if (status !== 200) return [`${where} could not be read (HTTP ${status ?? 'no answer'}): its protection is unknown`];
  const rules = Array.isArray(body?.protection_rules) ? body.protection_rules : [];
  const reviewers = rules.find((r) => r?.type === 'required_reviewers');
  const problems = [];
  if (reviewers === undefined || !Array.isArray(reviewers.reviewers) || reviewers.reviewers.length === 0)
    problems.push(`${where} has no required reviewers: the approval job would run without anyone approving`);
  else if (!selfReview && reviewers.prevent_self_review !== true)
    problems.push(`${where} lets the author of a change approve it: turn on "Prevent self-review"`);
  return problems;
}

/** Reads the environment from GitHub's REST API; `fetchImpl` is injectable for tests. */
export async function readEnvironment(name, env = process.env, fetchImpl = fetch) {
  const api = env.GITHUB_API_URL ?? 'https://api.github.com';
  if (!env.GITHUB_REPOSITORY || !env.GITHUB_TOKEN)
    return { status: undefined, body: undefined, error: 'GITHUB_REPOSITORY and GITHUB_TOKEN must be set' };
  try {
    const response = await fetchImpl(`${api}/repos/${env.GITHUB_REPOSITORY}/environments/${encodeURIComponent(name)}`, {
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${env.GITHUB_TOKEN}`,
        'x-github-api-version': '2022-11-28',
      },
    });
    const text = await response.text();
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status: response.status, body };
  } catch (error) {
    return { status: undefined, body: undefined, error: error instanceof Error ? error.message : String(error) };
  }
}

async function main() {
  let needs;
  try {
    needs = JSON.parse(process.env.NEEDS ?? 'null');
  } catch {
    needs = null;
  }
  const problems = gateProblems(needs, process.argv.slice(2));
  const environment = await readEnvironment(REVIEW_ENVIRONMENT);
  if (environment.error !== undefined)
    problems.push(
      `environment ${REVIEW_ENVIRONMENT} could not be read (${environment.error}): its protection is unknown`,
    );
  else problems.push(...environmentProblems(REVIEW_ENVIRONMENT, environment.status, environment.body));
  if (problems.length === 0) {
    console.log('plan gate: passed');
  } else {
    for (const p of problems) console.log(`::error::plan gate: ${p}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
