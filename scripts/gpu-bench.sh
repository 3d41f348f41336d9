#!/bin/bash
# Runs on a lent GPU machine that has no Node and no network, from the repository root (bench/NOTES.md,
# "A real GPU"): unpacks what scripts/gpu-bundle.mjs packed into DIR, checks on the GPU that the
# engine (DIR/new) trains as the CPU reference does, benchmarks every bundle DIR/<name>/cli.mjs
# beside PyTorch's cuDNN (bench/cudnn.py) and times the new bundle's kernels. Results go to OUT:
# log.txt (everything printed), bench-<name>.json, cudnn.jsonl.
# Usage: scripts/gpu-bench.sh DIR OUT [configs S,M,B1] [cells rnn,lstm,gru] [profiled configs S,M]
# Environment: CHECK=0 skips the GPU = CPU check; ROUNDS=n benches the bundles n times, interleaved
# (to tell a change from the machine's drift).
set -u
dir=$(realpath "${1:-.gpu}"); out=$(realpath -m "${2:-/tmp/gpu-out}")
configs=${3:-S,M,B1}; cells=${4:-rnn,lstm,gru}; profiled=${5:-S,M}
mkdir -p "$out"
source "$(dirname "$0")/gpu-env.sh"
log="$out/log.txt"
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv,noheader | tee "$log"

# correctness: 30 steps on the GPU and on the CPU reference, the losses step by step
head -c 20000 README.md > /tmp/gpu/text.txt
check() { # name, then train flags
  local name=$1; shift
  for be in webgpu cpu; do
    $node "$dir/new/cli.mjs" train --text /tmp/gpu/text.txt --steps 30 --batch 8 --seq-len 24 --hidden 100 --json --backend $be --out /tmp/gpu/$name-$be.safetensors "$@" > /tmp/gpu/$name-$be.jsonl 2>/dev/null
  done
  python3 -c "
import json,sys
a=[json.loads(l)['loss'] for l in open('/tmp/gpu/$name-webgpu.jsonl') if l.startswith('{')]
b=[json.loads(l)['loss'] for l in open('/tmp/gpu/$name-cpu.jsonl') if l.startswith('{')]
n=min(len(a),len(b)); r=max(abs(x-y)/abs(y) for x,y in zip(a,b)) if n else float('nan')
print('check $name: %d steps, GPU loss %.6f CPU %.6f, most relative difference %.2e' % (n, a[-1] if a else 0, b[-1] if b else 0, r))
" | tee -a "$log"
}
if [ "${CHECK:-1}" != 0 ]; then
  check rnn --cell rnn
  check lstm --cell lstm
  check gru --cell gru
  check lstm-peephole-2l-bi --cell lstm --peephole --layers 2 --bidirectional
  check gru-original-bi --cell gru --gru-variant original --bidirectional
  check rnn-relu-2l --cell rnn --nonlinearity relu --layers 2
fi

for round in $(seq "${ROUNDS:-1}"); do
  for cli in "$dir"/*/cli.mjs; do
    name=$(basename "$(dirname "$cli")")
    mkdir -p "/tmp/gpu/$name"
    (cd "/tmp/gpu/$name" && $node "$cli" bench --backend webgpu --configs "$configs" --cells "$cells" 2>&1) | grep -v '^[0-9]*/[0-9]* ' | sed "s/^/$name $round  /" | tee -a "$log"
  done
done
for cli in "$dir"/*/cli.mjs; do # every round's rows of a bundle, one JSON array
  name=$(basename "$(dirname "$cli")")
  python3 -c "import glob,json,sys; json.dump([r for f in sorted(glob.glob('/tmp/gpu/$name/bench/results/*.json')) for r in json.load(open(f))['rows']], sys.stdout)" > "$out/bench-$name.json" 2>/dev/null
done
PYTHONUNBUFFERED=1 python3 bench/cudnn.py "$configs" "$cells" | tee "$out/cudnn.jsonl"
$node "$dir/new/kernel-times.mjs" "$profiled" lstm,rnn,gru 2>&1 | tee -a "$log"
