#!/usr/bin/env bash
# Lantern (and GraphQLSwift 4.3.0, in lantern-bench's process) next to graphql-js 16.6 (Debian's
# node-graphql, node, NODE_ENV=production) on ../shared/workloads, one after the other in the same
# run, each pinned to CPU 1, with the same method (warm-up >= 1 s, then 5 repetitions of >= 1 s and
# >= 100 iterations; a figure is the median of the repetitions' means). Ends with a markdown table of
# the rows both measure.
#   Benchmarks/run.sh
# Environment: BENCH_WARMUP_SECONDS, BENCH_REPS, BENCH_REP_SECONDS, BENCH_MIN_ITERS, BENCH_ONLY and
# BENCH_PEER=0 (skip GraphQLSwift) reach both benchmarks; WORKLOAD_DIR (default ../shared/workloads
# from the repository root); SKIP_BUILD=1 reuses .build/release/lantern-bench; SWIFT_BUILD_LOCK
# (default /tmp/swift-build.lock when it exists; empty to disable) serialises the swift build with
# other builds on the machine via flock.
set -euo pipefail
cd "$(dirname "$0")"
bench_dir=$PWD
export WORKLOAD_DIR=${WORKLOAD_DIR:-$(cd .. && cd ../shared/workloads && pwd)}

# (a) graphql-js from Debian, quietly, like http/run.sh installs wrk.
if ! dpkg -s node-graphql > /dev/null 2>&1; then
    (apt-get update -qq && apt-get install -y -qq node-graphql) > /dev/null 2>&1 \
        || { echo "install graphql-js first: apt-get install -y node-graphql"; exit 1; }
fi
command -v node > /dev/null || { echo "node is missing: apt-get install -y nodejs"; exit 1; }

# (b) lantern-bench in release.
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    lock=${SWIFT_BUILD_LOCK-/tmp/swift-build.lock}
    prefix=()
    if [ -n "$lock" ] && [ -e "$lock" ] && command -v flock > /dev/null; then prefix=(flock "$lock"); fi
    log=$(mktemp)
    if ! "${prefix[@]}" swift build -c release --product lantern-bench > "$log" 2>&1; then
        tail -40 "$log"; echo "swift build failed (full log: $log)"; exit 1
    fi
    rm -f "$log"
fi

# (c) both benchmarks, pinned to CPU 1, one after the other.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "== lantern-bench (Lantern, GraphQLSwift 4.3.0)"
taskset -c 1 "$bench_dir/.build/release/lantern-bench" | tee "$tmp/lantern.txt"
echo
echo "== graphql-js ($(node --version), NODE_ENV=production)"
NODE_ENV=production taskset -c 1 node "$bench_dir/graphql-js/bench.mjs" "$WORKLOAD_DIR" | tee "$tmp/graphql-js.txt"
echo

# (d) the rows both measure, merged.
python3 - "$tmp/lantern.txt" "$tmp/graphql-js.txt" <<'PY'
import re, sys

results = {}  # (impl, name) -> µs
for path in sys.argv[1:]:
    for line in open(path, encoding="utf-8"):
        if line.startswith("RESULT "):
            fields = dict(re.findall(r"(\w+)=(\S+)", line))
            results[(fields["impl"], fields["name"])] = float(fields["us"])

rows = [
    ("parse_C", "parse_C"),
    ("validate_C", "validate_C"),
    ("exec_A", "exec_A (from text)"),
    ("exec_A_cached", "exec_A (Lantern document cache / graphql-js pre-parsed, pre-validated)"),
    ("exec_B", "exec_B (from text)"),
    ("exec_B_cached", "exec_B (Lantern document cache / graphql-js pre-parsed, pre-validated)"),
]
def fmt(us):
    return f"{us:,.0f}" if us >= 100 else f"{us:.2f}"
with_swift = any(("GraphQLSwift", key) in results for key, _ in rows)
header = "| benchmark | Lantern µs | graphql-js µs | graphql-js / Lantern |"
rule = "|---|---:|---:|---:|"
if with_swift:
    header += " GraphQLSwift µs |"
    rule += "---:|"
print(header)
print(rule)
for key, label in rows:
    lantern, js = results.get(("Lantern", key)), results.get(("graphql-js", key))
    if lantern is None or js is None:
        continue
    line = f"| {label} | {fmt(lantern)} | {fmt(js)} | {js / lantern:.1f}× |"
    if with_swift:
        swift = results.get(("GraphQLSwift", key))
        line += f" {fmt(swift) if swift is not None else ''} |"
    print(line)
classes, structs = results.get(("Lantern", "exec_A_cached")), results.get(("Lantern", "exec_A_struct_cached"))
if classes and structs:
    print(f"\nLantern exec_A, document cache: struct models {fmt(structs)} µs, class models {fmt(classes)} µs "
          f"(struct / class {structs / classes:.2f}×)")
PY
