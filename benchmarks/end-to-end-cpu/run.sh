#!/usr/bin/env bash
# End-to-end CPU per call: the sample runtime (Release) on a Unix socket, driven by Debian's grpcio
# (PodSandboxStatus, 1 and 8 callers), in three states: tracing off, every call sampled with no
# export, every call sampled and exported over OTLP/gRPC to a local receiver. Reports the runtime
# process's CPU time (user + system, from /proc) per call and the calls per second.
# Usage: benchmarks/end-to-end-cpu/run.sh [CALLS] [RUNTIME ARGS...]   (default 20000; needs python3-grpcio, protoc,
# grpc_python_plugin). RUNTIME ARGS go to every runtime started, e.g. --Logging:LogLevel:Default Warning.
set -euo pipefail
cd "$(dirname "$0")/../.."
calls=${1:-20000}
shift || true
runtime_args=("$@")
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

sed 's/ \[debug_redact = true\]//' src/Cri.Protos/Protos/runtime_v1.proto > "$work/runtime_v1.proto"
protoc -I "$work" --python_out "$work" --grpc_python_out "$work" --plugin=protoc-gen-grpc_python=/usr/bin/grpc_python_plugin "$work/runtime_v1.proto"
dotnet build -c Release samples/Cri.SampleRuntime -o "$work/runtime" >/dev/null

port=$((20000 + RANDOM % 20000))
/usr/bin/python3 benchmarks/end-to-end-cpu/receiver.py "$port" &
ticks=$(getconf CLK_TCK)

measure() {
  local name=$1 callers=$2; shift 2
  local socket="$work/cri.sock"
  dotnet "$work/runtime/Cri.SampleRuntime.dll" serve --listen "unix://$socket" --SampleRuntime:LatencyScale 0 "${runtime_args[@]}" "$@" >/dev/null 2>&1 &
  local pid=$!
  for _ in $(seq 100); do [ -S "$socket" ] && break; sleep 0.1; done
  # Warm-up: JIT and tiering, pools, the first export.
  /usr/bin/python3 benchmarks/end-to-end-cpu/load.py "$work" "unix://$socket" 5000 "$callers" >/dev/null
  local before after rate
  before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  rate=$(/usr/bin/python3 benchmarks/end-to-end-cpu/load.py "$work" "unix://$socket" "$calls" "$callers")
  after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  awk -v n="$name" -v c="$callers" -v t="$((after - before))" -v hz="$ticks" -v calls="$calls" -v r="$rate" \
    'BEGIN { printf "| %s | %d | %.1f µs | %d |\n", n, c, t / hz / calls * 1e6, r }'
}

echo "| state | callers | runtime CPU per call | calls/s |"
echo "|---|---:|---:|---:|"
for callers in 1 8; do
  measure "tracing off" "$callers"
  measure "sampled, no export" "$callers" --enable-tracing --tracing-sampling-rate-per-million 1000000 --CriTracingHosting:ExportToCollector false
  measure "sampled, OTLP to a local receiver" "$callers" --enable-tracing --tracing-sampling-rate-per-million 1000000 --tracing-endpoint "127.0.0.1:$port"
done
