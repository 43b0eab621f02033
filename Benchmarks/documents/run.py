#!/usr/bin/env python3
"""Document search at scale, through the service's GraphQL API, on SQLite and PostgreSQL in one run.

Imports N documents of 1–8 KB into one tenant (plus M documents in each of 10 other tenants) with
`createDocument` (20 aliased mutations per request, 4 clients at once), then runs a mix of search
queries — each with 20 results, snippets and facets — and reports the import rate and the
latency percentiles per database, measured by the client over loopback.

    Benchmarks/documents/run.py [--documents 100000] [--other 1000] [--rounds 10]
                                [--binary .build/release/lantern] [--postgres-url URL]
"""
import argparse
import concurrent.futures
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

# The corpus draws words from a Zipf distribution (exponent 1) over 30,000 words, as text does:
# the few most frequent words are in nearly every document, a word of rank 1,000 in about one
# in ten. The named words below sit at ranks 100 to 3,000, where searched-for words do.
NAMED = ("database failover replica primary latency timeout deploy deployment rollback canary queue worker backlog "
         "cache eviction certificate expiry dns resolver nameserver kafka consumer lag postgres vacuum autovacuum "
         "index kubernetes node pressure memory leak heap runbook escalation oncall connection pool "
         "café crème brûlée naïve résumé").split()
VOCABULARY = [f"w{rank}" for rank in range(30000)]
for position, word in enumerate(NAMED):
    VOCABULARY[100 + position * 65] = word
CUMULATIVE = []
_total = 0.0
for _rank in range(len(VOCABULARY)):
    _total += 1.0 / (_rank + 1)
    CUMULATIVE.append(_total)

QUERIES = [
    # selective: one to three words of middle frequency, phrases, prefixes, exclusions, accents
    "kafka consumer", '"connection pool"', "latency -timeout", "deploy*", "canary OR rollback", "certificate expiry",
    "dns OR resolver OR nameserver", "postgres vacuum -autovacuum", "cache eviction", "cafe", "creme brulee",
    "kubernetes node pressure", "memory leak", "w12345", "w20001 OR w29999", '"page oncall"', "escalation runbook", "resume",
    # broad: words in nearly every document (the worst case for ranking and facets)
    "w3", "w5 w7",
]


def words(rng, count):
    return rng.choices(VOCABULARY, cum_weights=CUMULATIVE, k=count)


def document(rng, index):
    size = rng.randrange(1024, 8 * 1024)
    body, length = [], 0
    while length < size:
        sentence = " ".join(words(rng, rng.randrange(6, 16))).capitalize() + "."
        body.append(sentence)
        length += len(sentence) + 1
    return {"title": f"{rng.choice(['Runbook', 'Postmortem', 'Notes'])} {index}: " + " ".join(words(rng, 4)),
            "kind": rng.choice(["RUNBOOK", "POSTMORTEM", "NOTE"]), "body": " ".join(body)[:size],
            "tags": rng.sample(["db", "net", "app", "infra", "k8s", "cache", "queue", "dns", "tls", "storage"], 2)}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    def __init__(self, url):
        self.url = url
        self.token = None
        self.tenant = None

    def post(self, query, variables=None, token=None, tenant=None):
        request = urllib.request.Request(self.url, json.dumps({"query": query, "variables": variables or {}}).encode(),
                                         {"Content-Type": "application/json", "Accept": "application/graphql-response+json"})
        if token or self.token:
            request.add_header("Authorization", f"Bearer {token or self.token}")
        if tenant or self.tenant:
            request.add_header("X-Tenant", tenant or self.tenant)
        with urllib.request.urlopen(request, timeout=120) as response:
            payload = json.loads(response.read())
        if payload.get("errors"):
            raise RuntimeError(json.dumps(payload["errors"])[:500])
        return payload["data"]

    def owner(self, email, slug):
        auth = self.post("mutation($i: SignUpInput!) { signUp(input: $i) { accessToken } }",
                         {"i": {"email": email, "password": "password-123", "name": slug}})["signUp"]
        self.post("mutation($i: CreateTenantInput!) { createTenant(input: $i) { id } }", {"i": {"name": slug, "slug": slug}},
                  token=auth["accessToken"])
        return auth["accessToken"]


def serve(binary, database_url, workdir):
    port = free_port()
    env = dict(os.environ, LANTERN_LOG_LEVEL="error", LANTERN_COST_BUDGET="2000000000")
    log = open(os.path.join(workdir, "server.log"), "w")
    process = subprocess.Popen([binary, "serve", "--host", "127.0.0.1", "--port", str(port), "--database-url", database_url],
                               cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(600):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/ready", timeout=1):
                return process, f"http://127.0.0.1:{port}/graphql"
        except Exception:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


CREATE = "createDocument(input: {i}) {{ id }}"


def import_documents(client, token, tenant, documents, workers=4, batch=10):
    fields = ", ".join(f"$d{i}: CreateDocumentInput!" for i in range(batch))
    mutation = f"mutation({fields}) {{ " + " ".join(f"c{i}: " + CREATE.format(i=f"$d{i}") for i in range(batch)) + " }"

    def send(chunk):
        if len(chunk) < batch:
            partial = ", ".join(f"$d{i}: CreateDocumentInput!" for i in range(len(chunk)))
            text = f"mutation({partial}) {{ " + " ".join(f"c{i}: " + CREATE.format(i=f"$d{i}") for i in range(len(chunk))) + " }"
        else:
            text = mutation
        client.post(text, {f"d{i}": doc for i, doc in enumerate(chunk)}, token=token, tenant=tenant)
        return len(chunk)

    chunks = [documents[i:i + batch] for i in range(0, len(documents), batch)]
    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        done = sum(pool.map(send, chunks))
    return done, time.perf_counter() - start


SEARCH = """query($q: String!) { searchDocuments(query: $q, first: 20) { totalCount
  edges { score snippet node { id title } } facets { kinds { value count } tags { value count } } } }"""


def run(label, binary, database_url, args):
    workdir = tempfile.mkdtemp(prefix=f"lantern-docbench-{label}-")
    process, url = serve(binary, database_url, workdir)
    try:
        client = Client(url)
        token = client.owner(f"bench-{label}@example.com", "main")
        rng = random.Random(1)
        main = [document(rng, i) for i in range(args.documents)]
        total_bytes = sum(len(d["body"].encode()) for d in main)
        count, seconds = import_documents(client, token, "main", main)
        print(f"[{label}] imported {count} documents ({total_bytes / 1e6:.0f} MB of bodies) in {seconds:.1f} s: "
              f"{count / seconds:.0f} documents/s", flush=True)
        for other in range(10):
            other_token = client.owner(f"bench-{label}-{other}@example.com", f"other{other}")
            import_documents(client, other_token, f"other{other}", [document(rng, i) for i in range(args.other)])
        latencies, per_query, totals = [], {}, {}
        for query in QUERIES:  # warm-up
            totals[query] = client.post(SEARCH, {"q": query}, token=token, tenant="main")["searchDocuments"]["totalCount"]
        for _ in range(args.rounds):
            for query in QUERIES:
                start = time.perf_counter()
                client.post(SEARCH, {"q": query}, token=token, tenant="main")
                elapsed = (time.perf_counter() - start) * 1000
                latencies.append(elapsed)
                per_query.setdefault(query, []).append(elapsed)
        latencies.sort()
        p50 = latencies[len(latencies) // 2]
        p95 = latencies[int(len(latencies) * 0.95) - 1]
        print(f"[{label}] search: {len(latencies)} requests, p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {latencies[-1]:.1f} ms", flush=True)
        for query in QUERIES:
            print(f"[{label}]   {query!r:34} matches {totals[query]:6}  median {statistics.median(per_query[query]):7.1f} ms", flush=True)
        return {"rate": count / seconds, "p50": p50, "p95": p95}
    finally:
        process.terminate()
        process.wait(30)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=100000)
    parser.add_argument("--other", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--binary", default=".build/release/lantern")
    parser.add_argument("--postgres-url", default=os.environ.get("LANTERN_TEST_POSTGRES_URL"))
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    results = {"sqlite": run("sqlite", binary, os.path.join(tempfile.mkdtemp(), "bench.sqlite"), args)}
    if args.postgres_url:
        name = "docbench_" + str(int(time.time()))
        subprocess.run(["psql", args.postgres_url, "-q", "-c", f"CREATE DATABASE {name}"], check=True)
        results["postgres"] = run("postgres", binary, args.postgres_url.rsplit("/", 1)[0] + "/" + name, args)
        s, p = results["sqlite"], results["postgres"]
        print(f"PostgreSQL / SQLite: import rate {p['rate'] / s['rate']:.2f}x, search p95 {p['p95'] / s['p95']:.2f}x")
    print(json.dumps(results))


if __name__ == "__main__":
    sys.exit(main())
