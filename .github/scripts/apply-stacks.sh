#!/usr/bin/env bash
# Applies, in order, the saved plan (cdktf.out/stacks/<stack>/tfplan) of each stack listed in $1:
# exactly the plan the plan job showed, never a new one. Terraform refuses a saved plan whose
# stack state changed since it was made ("Saved plan is stale"), so nothing unseen is applied.
set -euo pipefail
while read -r stack; do
  [ -n "$stack" ] || continue
  dir="cdktf.out/stacks/$stack"
  if [ ! -f "$dir/tfplan" ]; then
    echo "::error::no saved plan for $stack"
    exit 1
  fi
  echo "::group::apply $stack (saved plan)"
  terraform -chdir="$dir" init -input=false -lockfile=readonly
  terraform -chdir="$dir" apply -input=false -no-color tfplan
  echo "::endgroup::"
done < "$1"
