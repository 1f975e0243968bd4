#!/usr/bin/env bash
# Applies the stacks listed in $1 (one per line, dependency order) with the current credentials:
# init, plan to a file, apply exactly that plan.
set -euo pipefail
while read -r stack; do
  dir="cdktf.out/stacks/$stack"
  echo "::group::apply $stack"
  terraform -chdir="$dir" init -input=false
  terraform -chdir="$dir" plan -input=false -no-color -out=tfplan
  terraform -chdir="$dir" apply -input=false -no-color tfplan
  echo "::endgroup::"
done < "$1"
