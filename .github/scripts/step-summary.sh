#!/usr/bin/env bash
# Appends a plan report to the job summary. GitHub shows a step's summary only up to 1 MiB
# (https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#adding-a-job-summary):
# the full report when it fits under that with a margin, else the shortened summary and a pointer to
# the artifact that holds the full report.
#
#   step-summary.sh <full.md> <short.md> <artifact name>
set -euo pipefail
full="$1"
short="$2"
artifact="$3"
limit=$((1024 * 1024 - 32 * 1024))
if [ "$(wc -c < "$full")" -le "$limit" ]; then
  cat "$full"
else
  cat "$short"
  printf '\n> [!NOTE]\n> The full report is larger than a job summary holds (1 MiB): it is in the artifact `%s` of this run.\n' "$artifact"
fi >> "$GITHUB_STEP_SUMMARY"
