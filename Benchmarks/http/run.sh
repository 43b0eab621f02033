#!/usr/bin/env bash
# HTTP throughput: POST /graphql with workload queries A and B, next to a bare route returning the
# same response bytes, in the same run, with wrk on 127.0.0.1.
#   Benchmarks/http/run.sh        (needs wrk: apt-get install wrk; builds lantern in release)
set -euo pipefail
cd "$(dirname "$0")/../.."
W=../shared/workloads
command -v wrk > /dev/null || { (apt-get update -qq && apt-get install -y -qq wrk) > /dev/null 2>&1 || { echo "install wrk first"; exit 1; }; }
swift build -c release --product lantern > /dev/null 2>&1
tmp=$(mktemp -d)
python3 Benchmarks/http/make_root.py "$tmp/root.json"
python3 - "$tmp" "$W" <<'PY'
import json, sys
tmp, w = sys.argv[1], sys.argv[2]
a = open(f"{w}/queryA.graphql").read(); b = open(f"{w}/queryB.graphql").read()
json.dump({"query": a}, open(f"{tmp}/A.body", "w"))
json.dump({"query": b, "variables": json.load(open(f"{w}/queryB.variables.json"))}, open(f"{tmp}/B.body", "w"))
for name in ("A", "B"):
    open(f"{tmp}/{name}.lua", "w").write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
        f'wrk.body = io.open("{tmp}/{name}.body"):read("*a")\n')
PY
port=18099
.build/release/lantern serve --port $port --schema $W/schema.graphql --root "$tmp/root.json" \
    --bare-response /bare/A=$W/A.json --bare-response /bare/B=$W/B.json > "$tmp/server.log" 2>&1 &
server=$!
trap 'kill $server' EXIT
sleep 1
for name in B A; do
    echo "== $name via GraphQL"; wrk -t1 -c32 -d10s --latency -s "$tmp/$name.lua" "http://127.0.0.1:$port/graphql" | grep -E "Requests/sec|50%|99%"
    echo "== $name bare route";  wrk -t1 -c32 -d10s --latency -s "$tmp/$name.lua" "http://127.0.0.1:$port/bare/$name" | grep -E "Requests/sec|50%|99%"
done
