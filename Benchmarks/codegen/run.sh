#!/usr/bin/env bash
# Build cost of schema-first code: generates a large schema (hundreds of types), times the
# generator on it and the compiler on its output the way `swift build` compiles a target (debug:
# one frontend job per file, in parallel; release: whole-module with -num-threads = cores, as
# SwiftPM passes), and checks that a no-change rebuild of the fixture target compiles nothing.
# Run from the repository root after `swift build`.
#   Benchmarks/codegen/run.sh [OBJECT_TYPES] [--release-only]
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
types=${1:-400}
modes=${2:-all}
cores=$(nproc)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$types" > "$work/big.graphql" <<'PY'
import sys
n = int(sys.argv[1])
print('scalar DateTime')
print('type Query {')
for i in range(n):
    print(f'  t{i}(id: ID!): T{i}')
print('}')
print('type Mutation {')
for i in range(0, n, 4):
    print(f'  update{i}(id: ID!, input: Input{i}!): T{i}!')
print('}')
for i in range(0, n, 8):
    print(f'enum E{i} {{ A{i} B{i} C{i} D{i} }}')
    print(f'interface Node{i} {{ id: ID! }}')
for i in range(n):
    iface = f' implements Node{i - i % 8}' if True else ''
    print(f'"Type {i}."')
    print(f'type T{i}{iface} {{')
    print('  id: ID!\n  name: String!\n  count: Int\n  ratio: Float\n  flag: Boolean!\n  at: DateTime')
    print(f'  kind: E{i - i % 8}!')
    print(f'  next: T{(i + 1) % n}')
    print(f'  children(first: Int = 10, after: String): [T{(i + 7) % n}!]!')
    print('}')
for i in range(0, n, 4):
    print(f'input Input{i} {{ name: String count: Int kind: E{i - i % 8} tags: [String!] }}')
for i in range(0, n, 20):
    print(f'union U{i} = T{i} | T{i + 1} | T{i + 2}')
PY

codegen=.build/release/lantern-codegen
[ -x "$codegen" ] || swift build -c release --product lantern-codegen > /dev/null
# The generated code imports LanternCodegenRuntime and LanternExecution: release builds of them.
swift build -c release --target LanternCodegenRuntime > /dev/null
echo "schema: $(wc -l < "$work/big.graphql") lines, $types object types"
python3 - "$codegen" "$work" <<'PY'
import subprocess, sys, time
codegen, work = sys.argv[1], sys.argv[2]
runs = []
for _ in range(5):
    start = time.perf_counter()
    subprocess.run([codegen, "--output-directory", work, f"{work}/big.graphql"], check=True)
    runs.append(time.perf_counter() - start)
print(f"generator: median {sorted(runs)[2] * 1000:.0f} ms over 5 runs")
PY
files=("$work/GeneratedSchema.swift" "$work/GeneratedModels.swift" "$work/GeneratedDispatch.swift")
echo "generated: $(cat "${files[@]}" | wc -l) lines of Swift in ${#files[@]} files"

timed() {
    local label=$1; shift
    local start end
    start=$(date +%s.%N)
    (cd "$work" && "$@")
    end=$(date +%s.%N)
    echo "compile generated code ($label): $(python3 -c "print(f'{$end - $start:.1f}')") s"
}
if [ "$modes" != "--release-only" ]; then
    modules=.build/debug/Modules
    [ -d "$modules" ] || modules=.build/debug
    timed "debug: -Onone, a job per file, -j $cores" \
        swiftc -parse-as-library -swift-version 6 -Onone -j "$cores" -module-name BigAPI -I "$root/$modules" -c "${files[@]}"
fi
timed "release: -O -wmo -num-threads $cores" \
    swiftc -parse-as-library -swift-version 6 -O -wmo -num-threads "$cores" -module-name BigAPI -I "$root/.build/release/Modules" -c "${files[@]}"
[ "$modes" = "--release-only" ] && exit 0

swift build --target CodegenFixture > /dev/null
start=$(date +%s.%N)
out=$(swift build --target CodegenFixture 2>&1)
end=$(date +%s.%N)
if echo "$out" | grep -q "Compiling\|Generating"; then
    echo "no-change rebuild: REBUILT something:"; echo "$out"; exit 1
fi
echo "no-change rebuild of CodegenFixture: nothing compiled or generated ($(python3 -c "print(f'{$end - $start:.1f}')") s)"
