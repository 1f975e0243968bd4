#!/usr/bin/env bash
# Plans, with the current credentials, the stacks listed in $1 (lines "<stack>\t<stacks it reads>",
# dependency order, from `ordered-stacks --with-reads`): init against the committed provider lock
# file (-lockfile=readonly), `plan -out=tfplan`, `show -json` to plan.json, in cdktf.out/stacks/<stack>/.
# Writes the stacks it planned to $2, one per line.
#
#   plan-stacks.sh <stacks-file> <planned-file> [--defer-on-output-change]
#
# A failed plan is reported and the next stacks are still planned (the summary shows them); the
# script exits 1 at the end, so the job fails. With --defer-on-output-change (deploys), a stack that
# reads a stack whose plan changes outputs, or that failed or was deferred, is not planned: its plan
# would use the old values. It is listed in deferred.txt and planned by the next run.
set -euo pipefail
stacks="$1"
planned="$2"
defer="${3:-}"
: > "$planned"
: > deferred.txt
changed=" "
failed=0
while IFS=$'\t' read -r stack reads; do
  [ -n "$stack" ] || continue
  dir="cdktf.out/stacks/$stack"
  if [ "$defer" = "--defer-on-output-change" ]; then
    blocked=""
    for r in ${reads//,/ }; do
      case "$changed" in *" $r "*) blocked="$r" ;; esac
    done
    if [ -n "$blocked" ]; then
      echo "::notice::$stack deferred: it reads $blocked, whose outputs change in this run"
      echo "$stack" >> deferred.txt
      changed="$changed$stack "
      continue
    fi
  fi
  echo "::group::plan $stack"
  if terraform -chdir="$dir" init -input=false -lockfile=readonly &&
    terraform -chdir="$dir" plan -input=false -lock=false -no-color -out=tfplan &&
    terraform -chdir="$dir" show -json tfplan > "$dir/plan.json"; then
    echo "$stack" >> "$planned"
    if jq -e '[(.output_changes // {})[] | select(.actions != ["no-op"])] | length > 0' "$dir/plan.json" > /dev/null; then
      changed="$changed$stack "
    fi
  else
    echo "::error::terraform plan failed for $stack"
    failed=1
    changed="$changed$stack "
  fi
  echo "::endgroup::"
done < "$stacks"
exit "$failed"
