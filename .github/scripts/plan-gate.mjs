#!/usr/bin/env node
// The plan workflow's gate: the one check to mark required on main. It runs whatever happened before
// it (`if: always()`) and passes only when every job it names succeeded and the second review is
// settled: not needed (the `security-review` job skipped) or approved (that job succeeded).
//
//   NEEDS='${{ toJSON(needs) }}' node .github/scripts/plan-gate.mjs test validate plan comment
//
// Why a gate job: GitHub reports a job skipped by its `if:` as passing a required check, so the
// approval job itself cannot be the required check; a missing, failed or cancelled plan, or a
// comment job that gave no verdict, must fail here instead.
// https://docs.github.com/en/repositories/configuring-branches-and-merges-in-your-repository/managing-protected-branches/troubleshooting-required-status-checks
const REVIEW_JOB = 'security-review';

/** Returns the problems (empty: the gate passes). */
function gateProblems(needs, jobs) {
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

let needs;
try {
  needs = JSON.parse(process.env.NEEDS ?? 'null');
} catch {
  needs = null;
}
const problems = gateProblems(needs, process.argv.slice(2));
if (problems.length === 0) {
  console.log('plan gate: passed');
} else {
  for (const p of problems) console.log(`::error::plan gate: ${p}`);
  process.exitCode = 1;
}
