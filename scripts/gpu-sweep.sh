#!/bin/bash
# Runs on a lent GPU machine (see gpu-env.sh): the default sweep of each memory task with the
# bundled CLI (DIR/new/cli.mjs) on the GPU, as the page runs it; one JSON line per point in
# OUT/sweep-<task>.jsonl, and each sweep's wall time in OUT/log.txt.
# Usage: scripts/gpu-sweep.sh DIR OUT [tasks copy,recall,parity,brackets,counting,order] [extra sweep flags]
set -u
dir=$(realpath "${1:-.gpu}"); out=$(realpath -m "${2:-/tmp/gpu-out}")
tasks=${3:-recall,copy,parity,brackets,counting,order}; shift $(( $# < 3 ? $# : 3 ))
mkdir -p "$out"
source "$(dirname "$0")/gpu-env.sh"
log="$out/log.txt"
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader | tee "$log"
for task in ${tasks//,/ }; do
  start=$(date +%s.%N)
  $node "$dir/new/cli.mjs" sweep --task "$task" --backend webgpu --json "$@" > "$out/sweep-$task.jsonl" 2>> "$log"
  echo "$task: $(python3 -c "print(round($(date +%s.%N) - $start, 1))") s" | tee -a "$log"
done
