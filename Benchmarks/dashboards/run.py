#!/usr/bin/env python3
"""Dashboards at scale, through the service's GraphQL API, on SQLite and PostgreSQL in one run.

Signs up, creates the measured tenant (with its default "Incident overview": open incidents, MTTA,
MTTR as STAT widgets and incidents by severity per day as a TIMESERIES, over the last 7 days) and
3 noise tenants, then stops the server and seeds the incidents straight into the database (200,000
over the last 365 days in the measured tenant, 20,000 in each noise tenant; sqlite3 executemany in
one transaction, or psql COPY), runs ANALYZE and starts the server again. It then measures, with N
rounds after 5 warm-ups each, the latency seen by the client over loopback of

  - the whole default dashboard (every widget's data in one request),
  - each widget alone: a copy of the default dashboard holding only that widget
    (duplicateDashboard, then removeWidget of the three others), asked with the same query, so the
    server runs exactly the widget's code path; plus the same request without `data`, which is the
    request's cost without any metric,
  - ad-hoc charts through incidentMetrics: 30 days per DAY by SEVERITY, 365 days per WEEK (count,
    MTTR and the median TTR);

and finally a burst: K graphql-transport-ws subscribers to `dashboardUpdates` of the default
dashboard while 1,000 incidents are reported by a few concurrent HTTP clients, listening 3 s after
the last write. Messages arriving within 200 ms of the one before form one push round.

    Benchmarks/dashboards/run.py [--incidents 200000] [--noise-incidents 20000] [--rounds 50]
                                 [--subscribers 5] [--burst 1000] [--writers 4]
                                 [--binary .build/release/lantern] [--postgres-url URL] [--out FILE]
"""
import argparse
import base64
import concurrent.futures
import glob
import hashlib
import json
import math
import os
import random
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid

DAY_MS = 86_400_000
SEVERITIES = ["LOW", "MEDIUM", "HIGH", "CRITICAL"]
SEVERITY_WEIGHTS = [40, 35, 20, 5]
TAGS = ["db", "network", "api", "frontend", "payments", "auth", "k8s", "dns", "cache", "queue", "storage", "tls",
        "deploy", "search", "email", "billing", "mobile", "cdn", "monitoring", "vendor"]
SERVICES = ["checkout", "login", "search", "billing", "api gateway", "mobile app", "payments", "email", "cdn", "reports"]
SYMPTOMS = ["is slow", "returns 500s", "times out", "is down", "has elevated errors", "drops requests", "is degraded"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values, q):
    """Nearest rank: the smallest value with at least q of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def summary(values):
    return {"n": len(values), "p50": percentile(values, 0.5), "p95": percentile(values, 0.95), "max": max(values)}


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
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                payload = json.loads(response.read())
        except urllib.error.HTTPError as error:
            payload = json.loads(error.read() or b"{}")
            payload.setdefault("errors", [{"message": f"HTTP {error.code}"}])
        if payload.get("errors"):
            raise RuntimeError(json.dumps(payload["errors"])[:500])
        return payload["data"]


def serve(binary, database_url, workdir):
    port = free_port()
    # A long token lifetime: the seeding restarts the server, and one run lasts longer than 15 minutes.
    env = dict(os.environ, LANTERN_LOG_LEVEL="error", LANTERN_COST_BUDGET="2000000000", LANTERN_ACCESS_TOKEN_SECONDS="86400")
    log = open(os.path.join(workdir, "server.log"), "a")
    process = subprocess.Popen([binary, "serve", "--host", "127.0.0.1", "--port", str(port), "--database-url", database_url],
                               cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(600):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/ready", timeout=1):
                return process, port
        except Exception:
            if process.poll() is not None:
                break
            time.sleep(0.1)
    raise RuntimeError("server did not start: " + open(os.path.join(workdir, "server.log")).read()[-2000:])


def stop(process):
    process.terminate()
    process.wait(30)


# ---------------------------------------------------------------------------------------------
# Seeding, straight into the database


INCIDENT_COLUMNS = ("id", "tenant_id", "number", "title", "description", "severity", "status", "reporter_id", "assignee_id",
                    "tags", "created_at", "updated_at", "acknowledged_at", "first_acknowledged_at", "resolved_at",
                    "resolution", "version")


def log_uniform(rng, low, high):
    return math.exp(rng.uniform(math.log(low), math.log(high)))


def incidents(rng, tenant_id, reporter_id, count, now):
    """`count` incidents reported uniformly over the 365 days before `now`, numbered in report order:
    severities weighted 40/35/20/5; 60% RESOLVED (5/6 of them acknowledged first), 20% ACKNOWLEDGED,
    20% OPEN, so 70% acknowledged; acknowledgement 10 s..2 h and resolution 5 min..2 days after the
    report (log-uniform), nothing later than `now`; 0–3 tags of 20. Returns (incident rows, tag rows)."""
    created = sorted(now - rng.randrange(60_000, 365 * DAY_MS) for _ in range(count))
    rows, tag_rows = [], []
    for number, created_at in enumerate(created, start=1):
        incident_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        draw = rng.random()
        acknowledged_at = resolved_at = None
        if draw < 0.6:
            if rng.random() < 5 / 6:
                acknowledged_at = created_at + int(log_uniform(rng, 10, 7200) * 1000)
            resolved_at = created_at + int(log_uniform(rng, 300, 2 * 86400) * 1000)
            if acknowledged_at is not None and resolved_at <= acknowledged_at:
                resolved_at = acknowledged_at + rng.randrange(60_000, 1_800_000)
        elif draw < 0.8:
            acknowledged_at = created_at + int(log_uniform(rng, 10, 7200) * 1000)
        if acknowledged_at is not None and acknowledged_at > now:
            acknowledged_at = resolved_at = None
        if resolved_at is not None and resolved_at > now:
            resolved_at = None
        status = "RESOLVED" if resolved_at is not None else "ACKNOWLEDGED" if acknowledged_at is not None else "OPEN"
        tags = rng.sample(TAGS, rng.choices([0, 1, 2, 3], [30, 35, 25, 10])[0])
        rows.append((incident_id, tenant_id, number, f"{rng.choice(SERVICES).capitalize()} {rng.choice(SYMPTOMS)}",
                     "Seeded by Benchmarks/dashboards/run.py.", rng.choices(SEVERITIES, SEVERITY_WEIGHTS)[0], status,
                     reporter_id, None, json.dumps(tags, separators=(",", ":")), created_at,
                     max(t for t in (created_at, acknowledged_at, resolved_at) if t is not None),
                     acknowledged_at, acknowledged_at, resolved_at, "Fixed." if resolved_at is not None else None, 1))
        tag_rows.extend((tenant_id, incident_id, tag) for tag in tags)
    return rows, tag_rows


def seed_sqlite(path, plan):
    database = sqlite3.connect(path)
    database.execute("PRAGMA busy_timeout = 10000")
    with database:  # one transaction
        for tenant_id, rows, tag_rows in plan:
            database.executemany(f"INSERT INTO incidents ({', '.join(INCIDENT_COLUMNS)}) VALUES ({', '.join('?' * len(INCIDENT_COLUMNS))})",
                                 rows)
            database.executemany("INSERT INTO incident_tags (tenant_id, incident_id, tag) VALUES (?, ?, ?)", tag_rows)
            database.execute("UPDATE tenants SET incident_seq = (SELECT COALESCE(MAX(number), 0) FROM incidents WHERE tenant_id = ?) "
                             "WHERE id = ?", (tenant_id, tenant_id))
    database.execute("ANALYZE")
    database.close()


def psql_binary():
    found = shutil.which("psql") or (sorted(glob.glob("/usr/lib/postgresql/*/bin/psql")) or [None])[-1]
    if not found:
        raise RuntimeError("psql not found (neither on PATH nor under /usr/lib/postgresql/*/bin)")
    return found


def copy_text(value):
    if value is None:
        return "\\N"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def seed_postgres(url, plan):
    script = ["\\set ON_ERROR_STOP on", "BEGIN;"]
    for tenant_id, rows, tag_rows in plan:
        script.append(f"COPY incidents ({', '.join(INCIDENT_COLUMNS)}) FROM STDIN;")
        script.extend("\t".join(copy_text(v) for v in row) for row in rows)
        script.append("\\.")
        script.append("COPY incident_tags (tenant_id, incident_id, tag) FROM STDIN;")
        script.extend("\t".join(copy_text(v) for v in row) for row in tag_rows)
        script.append("\\.")
        script.append(f"UPDATE tenants SET incident_seq = (SELECT COALESCE(MAX(number), 0) FROM incidents WHERE tenant_id = '{tenant_id}') "
                      f"WHERE id = '{tenant_id}';")
    script.append("COMMIT;")
    # VACUUM as well as ANALYZE, so autovacuum does not start on the fresh rows during the measurements.
    script.append("VACUUM (ANALYZE) incidents, incident_tags, tenants;")
    subprocess.run([psql_binary(), url, "-q", "-X"], input="\n".join(script) + "\n", text=True, check=True,
                   stdout=subprocess.DEVNULL)


# ---------------------------------------------------------------------------------------------
# A graphql-transport-ws client on the standard library (RFC 6455, text frames, no extensions)


class WebSocket:
    GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    def __init__(self, port, path="/graphql", protocol="graphql-transport-ws"):
        self.socket = socket.create_connection(("127.0.0.1", port), timeout=10)
        key = base64.b64encode(os.urandom(16)).decode()
        self.socket.sendall((f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                             f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: {protocol}\r\n\r\n").encode())
        self.buffer = bytearray()
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.socket.recv(4096)
            if not chunk:
                raise ConnectionError("closed during the handshake")
            self.buffer += chunk
        end = self.buffer.index(b"\r\n\r\n")
        head = self.buffer[:end].decode("latin-1")
        del self.buffer[:end + 4]
        accept = base64.b64encode(hashlib.sha1((key + self.GUID).encode()).digest()).decode()
        if not head.startswith("HTTP/1.1 101") or accept not in head:
            raise ConnectionError("handshake refused: " + head.splitlines()[0])
        self.lock = threading.Lock()

    def _read(self, count, stopping):
        while len(self.buffer) < count:
            try:
                chunk = self.socket.recv(65536)
            except socket.timeout:
                if stopping():
                    raise ConnectionError("stopped")
                continue
            if not chunk:
                raise ConnectionError("closed")
            self.buffer += chunk
        data = bytes(self.buffer[:count])
        del self.buffer[:count]
        return data

    def send(self, text, opcode=0x1):
        payload = text.encode() if isinstance(text, str) else text
        length = len(payload)
        header = bytearray([0x80 | opcode])
        if length < 126:
            header.append(0x80 | length)
        elif length < 65536:
            header.append(0x80 | 126)
            header += length.to_bytes(2, "big")
        else:
            header.append(0x80 | 127)
            header += length.to_bytes(8, "big")
        mask = os.urandom(4)
        masked = (int.from_bytes(payload, "big") ^ int.from_bytes((mask * (length // 4 + 1))[:length], "big")).to_bytes(length, "big")
        with self.lock:
            self.socket.sendall(bytes(header) + mask + masked)

    def receive(self, stopping=lambda: False):
        """The next text message; answers pings; ConnectionError when closed or stopped."""
        fragments = []
        while True:
            first, second = self._read(2, stopping)
            length = second & 0x7F
            if length == 126:
                length = int.from_bytes(self._read(2, stopping), "big")
            elif length == 127:
                length = int.from_bytes(self._read(8, stopping), "big")
            mask = self._read(4, stopping) if second & 0x80 else None
            payload = self._read(length, stopping)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            opcode = first & 0x0F
            if opcode == 0x9:
                self.send(payload, opcode=0xA)
            elif opcode == 0x8:
                raise ConnectionError(f"closed by the server: {int.from_bytes(payload[:2], 'big') if payload else None}")
            elif opcode in (0x0, 0x1, 0x2):
                fragments.append(payload)
                if first & 0x80:
                    return b"".join(fragments).decode()

    def close(self):
        try:
            self.send(b"\x03\xe8", opcode=0x8)
        except OSError:
            pass
        self.socket.close()


UPDATES = "subscription($id: ID!) { dashboardUpdates(id: $id) { widget { id } data { value } } }"


class Subscriber(threading.Thread):
    """One graphql-transport-ws connection subscribed to a dashboard's updates; keeps each `next`
    with its (monotonic) arrival time."""

    def __init__(self, port, token, tenant, dashboard_id):
        super().__init__(daemon=True)
        self.messages, self.errors = [], []
        self.stopped = threading.Event()
        self.socket = WebSocket(port)
        self.socket.send(json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {token}", "tenant": tenant}}))
        ack = json.loads(self.socket.receive())
        if ack.get("type") != "connection_ack":
            raise RuntimeError(f"no connection_ack: {ack}")
        self.socket.socket.settimeout(0.2)
        self.socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": UPDATES, "variables": {"id": dashboard_id}}}))

    def run(self):
        try:
            while not self.stopped.is_set():
                raw = self.socket.receive(self.stopped.is_set)
                arrived = time.monotonic()
                message = json.loads(raw)
                if message["type"] == "next":
                    if message["payload"].get("errors"):
                        self.errors.extend(message["payload"]["errors"])
                    else:
                        self.messages.append((arrived, message["payload"]["data"]["dashboardUpdates"]))
                elif message["type"] == "error":
                    self.errors.extend(message["payload"])
                elif message["type"] == "ping":
                    self.socket.send(json.dumps({"type": "pong"}))
                elif message["type"] == "complete":
                    return
        except (ConnectionError, OSError) as error:
            if not self.stopped.is_set():
                self.errors.append(str(error))

    def stop(self):
        self.stopped.set()
        self.join(5)
        self.socket.close()


def push_rounds(times, gap=0.2):
    """Arrival times within `gap` seconds of the one before form one round; returns each round's first time."""
    starts, last = [], None
    for arrived in sorted(times):
        if last is None or arrived - last > gap:
            starts.append(arrived)
        last = arrived
    return starts


def most_in_window(starts, window=1.0):
    """The most rounds starting in any half-open window [t, t + window)."""
    best, low = 0, 0
    for high, start in enumerate(starts):
        while start - starts[low] >= window:
            low += 1
        best = max(best, high - low + 1)
    return best


# ---------------------------------------------------------------------------------------------
# The run on one database


DATA = "value previousValue series { key points { t v } } rows { keys value }"
DASHBOARD_DATA = f"query($id: ID!) {{ dashboard(id: $id) {{ widgets {{ id data {{ {DATA} }} }} }} }}"
DASHBOARD_NO_DATA = "query($id: ID!) { dashboard(id: $id) { widgets { id title } } }"
METRICS = f"query($q: MetricQueryInput!, $r: TimeRangeInput!) {{ incidentMetrics(query: $q, timeRange: $r) {{ {DATA} }} }}"
REPORT = "mutation($i: ReportIncidentInput!) { reportIncident(input: $i) { id number } }"
AD_HOC = [
    ("incidentMetrics: 30 d per DAY by SEVERITY (count)",
     {"metric": "INCIDENT_COUNT", "groupBy": ["SEVERITY"], "bucket": "DAY"}, {"from": "now-30d", "to": "now"}),
    ("incidentMetrics: 365 d per WEEK (count)", {"metric": "INCIDENT_COUNT", "bucket": "WEEK"}, {"from": "now-365d", "to": "now"}),
    ("incidentMetrics: 365 d per WEEK (MTTR)", {"metric": "MTTR", "bucket": "WEEK"}, {"from": "now-365d", "to": "now"}),
    ("incidentMetrics: 365 d per WEEK (TTR_P50)", {"metric": "TTR_P50", "bucket": "WEEK"}, {"from": "now-365d", "to": "now"}),
]


def timed(client, query, variables, warmups, rounds):
    for _ in range(warmups):
        client.post(query, variables)
    latencies = []
    for _ in range(rounds):
        start = time.perf_counter()
        client.post(query, variables)
        latencies.append((time.perf_counter() - start) * 1000)
    return summary(latencies)


def burst(client, port, token, tenant, dashboard_id, args):
    subscribers = [Subscriber(port, token, tenant, dashboard_id) for _ in range(args.subscribers)]
    for subscriber in subscribers:
        subscriber.start()
    time.sleep(1.5)  # every subscription is attached (the feed has computed its first numbers) before anything changes
    rng = random.Random(7)
    inputs = [{"title": f"Burst incident {i}", "severity": rng.choices(SEVERITIES, SEVERITY_WEIGHTS)[0],
               "tags": rng.sample(TAGS, rng.randrange(0, 3))} for i in range(args.burst)]
    first_write = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(args.writers) as pool:
        numbers = list(pool.map(lambda i: client.post(REPORT, {"i": i})["reportIncident"]["number"], inputs))
    last_write = time.monotonic()
    time.sleep(args.listen)
    for subscriber in subscribers:
        subscriber.stop()
    fresh = client.post(DASHBOARD_DATA, {"id": dashboard_id})["dashboard"]["widgets"]
    fresh_values = {w["id"]: w["data"]["value"] for w in fresh}
    per_subscriber = []
    for subscriber in subscribers:
        starts = push_rounds([arrived for arrived, _ in subscriber.messages])
        gaps = [b - a for a, b in zip(starts, starts[1:])]
        last_values = {}
        for _, update in sorted(subscriber.messages, key=lambda m: m[0]):
            last_values[update["widget"]["id"]] = update["data"]["value"]
        per_subscriber.append({
            "messages": len(subscriber.messages), "rounds": len(starts),
            "max_rounds_in_1s": most_in_window(starts), "min_gap_s": min(gaps) if gaps else None,
            # The mean rate from the first round to the last (rounds - 1 intervals).
            "rounds_per_s": (len(starts) - 1) / (starts[-1] - starts[0]) if len(starts) > 1 else None,
            "round_starts_after_first_write_s": [round(start - first_write, 3) for start in starts],
            "first_round_after_first_write_s": starts[0] - first_write if starts else None,
            "last_round_after_last_write_s": starts[-1] - last_write if starts else None,
            # Every widget's `value` (a TIMESERIES one's too) is over the whole range, so all compare.
            "last_pushed_equals_fresh": all(fresh_values.get(k) == v for k, v in last_values.items()) if last_values else None,
            "errors": subscriber.errors[:3],
        })
    return {"incidents": len(numbers), "writers": args.writers, "write_seconds": last_write - first_write,
            "writes_per_second": len(numbers) / (last_write - first_write), "listen_seconds_after": args.listen,
            "subscribers": per_subscriber}


def run(label, binary, database_url, args):
    workdir = tempfile.mkdtemp(prefix=f"lantern-dashbench-{label}-")
    process, port = serve(binary, database_url, workdir)
    result = {}
    try:
        client = Client(f"http://127.0.0.1:{port}/graphql")
        auth = client.post("mutation($i: SignUpInput!) { signUp(input: $i) { accessToken user { id } } }",
                           {"i": {"email": f"bench-{label}@example.com", "password": "password-123", "name": "Bench"}})["signUp"]
        client.token, user_id = auth["accessToken"], auth["user"]["id"]
        tenants = {}
        for slug in ["bench"] + [f"noise{n}" for n in range(1, args.noise_tenants + 1)]:
            tenants[slug] = client.post("mutation($i: CreateTenantInput!) { createTenant(input: $i) { id } }",
                                        {"i": {"name": slug.title(), "slug": slug}})["createTenant"]["id"]
        client.tenant = "bench"
        edges = client.post("{ dashboards(first: 10) { edges { node { id name widgets { id title kind } } } } }")["dashboards"]["edges"]
        overview = next(e["node"] for e in edges if e["node"]["name"] == "Incident overview")
        # One copy of the dashboard per widget, holding only that widget.
        singles = []
        for widget in overview["widgets"]:
            copy = client.post("mutation($id: ID!, $n: String!) { duplicateDashboard(id: $id, name: $n) { id widgets { id title } } }",
                               {"id": overview["id"], "n": f"Only {widget['title']}"})["duplicateDashboard"]
            for other in copy["widgets"]:
                if other["title"] != widget["title"]:
                    client.post("mutation($id: ID!) { removeWidget(id: $id) }", {"id": other["id"]})
            singles.append((widget, copy["id"]))
        stop(process)

        rng = random.Random(1)
        now = int(time.time() * 1000)
        start = time.perf_counter()
        plan = []
        for slug, tenant_id in tenants.items():
            rows, tag_rows = incidents(rng, tenant_id, user_id, args.incidents if slug == "bench" else args.noise_incidents, now)
            plan.append((tenant_id, rows, tag_rows))
        generated = time.perf_counter() - start
        start = time.perf_counter()
        if label == "sqlite":
            seed_sqlite(database_url, plan)
        else:
            seed_postgres(database_url, plan)
        loaded = time.perf_counter() - start
        main_rows = plan[0][1]
        result["data"] = {
            "incidents": len(main_rows), "noise_tenants": args.noise_tenants, "noise_incidents_each": args.noise_incidents,
            "tag_rows": sum(len(t) for _, _, t in plan),
            "resolved": sum(r[6] == "RESOLVED" for r in main_rows) / len(main_rows),
            "acknowledged": sum(r[12] is not None for r in main_rows) / len(main_rows),
            "last_7_days": sum(r[10] >= now - 7 * DAY_MS for r in main_rows),
            "generate_seconds": generated, "load_seconds": loaded,
        }
        print(f"[{label}] seeded {sum(len(r) for _, r, _ in plan)} incidents ({len(main_rows)} in the measured tenant, "
              f"{result['data']['last_7_days']} of them in the last 7 days) in {generated:.1f} s + {loaded:.1f} s (load, ANALYZE)",
              flush=True)

        process, port = serve(binary, database_url, workdir)
        client.url = f"http://127.0.0.1:{port}/graphql"
        # The machine is shared: the load average next to the figures says whether anything else ran.
        result["load_average_before"] = os.getloadavg()
        latency = {}
        latency["dashboard: all 4 widgets"] = timed(client, DASHBOARD_DATA, {"id": overview["id"]}, args.warmups, args.rounds)
        latency["dashboard: without data"] = timed(client, DASHBOARD_NO_DATA, {"id": overview["id"]}, args.warmups, args.rounds)
        for widget, dashboard_id in singles:
            latency[f"widget: {widget['title']} ({widget['kind']})"] = timed(client, DASHBOARD_DATA, {"id": dashboard_id},
                                                                            args.warmups, args.rounds)
        for name, query, time_range in AD_HOC:
            latency[name] = timed(client, METRICS, {"q": query, "r": time_range}, args.warmups, args.rounds)
        for name, figures in latency.items():
            print(f"[{label}] {name:52} p50 {figures['p50']:8.1f} ms  p95 {figures['p95']:8.1f} ms  max {figures['max']:8.1f} ms",
                  flush=True)
        result["latency_ms"] = latency

        result["burst"] = burst(client, port, client.token, "bench", overview["id"], args)
        result["load_average_after"] = os.getloadavg()
        print(f"[{label}] load average (1, 5, 15 min) before the measurements {fmt_load(result['load_average_before'])}, "
              f"after {fmt_load(result['load_average_after'])}", flush=True)
        b = result["burst"]
        print(f"[{label}] burst: {b['incidents']} incidents in {b['write_seconds']:.1f} s ({b['writes_per_second']:.0f}/s, "
              f"{b['writers']} clients)", flush=True)
        for n, s in enumerate(b["subscribers"], start=1):
            print(f"[{label}]   subscriber {n}: {s['messages']} messages in {s['rounds']} rounds, at most {s['max_rounds_in_1s']} "
                  f"in any 1 s, min gap {fmt_s(s['min_gap_s'])}, mean {fmt_rate(s['rounds_per_s'])}, "
                  f"last pushed = fresh: {s['last_pushed_equals_fresh']}"
                  + (f", errors {s['errors']}" if s["errors"] else ""), flush=True)
        return result
    finally:
        if process.poll() is None:
            stop(process)


def fmt_s(value):
    return "-" if value is None else f"{value:.3f} s"


def fmt_load(values):
    return "/".join(f"{v:.2f}" for v in values)


def fmt_rate(value):
    return "-" if value is None else f"{value:.2f} rounds/s"


def table(results):
    labels = list(results)
    lines = ["| measurement | " + " | ".join(f"{l} p50 | {l} p95 | {l} max" for l in labels) + " |",
             "|---|" + "---:|" * (3 * len(labels))]
    for name in results[labels[0]]["latency_ms"]:
        cells = []
        for label in labels:
            f = results[label]["latency_ms"][name]
            cells += [f"{f['p50']:.1f}", f"{f['p95']:.1f}", f"{f['max']:.1f}"]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "| burst | " + " | ".join(labels) + " |", "|---|" + "---:|" * len(labels)]
    rows = {
        "incidents reported / s": lambda b: f"{b['incidents']} in {b['write_seconds']:.1f} s ({b['writes_per_second']:.0f}/s)",
        "messages per subscriber": lambda b: "/".join(str(s["messages"]) for s in b["subscribers"]),
        "push rounds per subscriber": lambda b: "/".join(str(s["rounds"]) for s in b["subscribers"]),
        "max rounds in any 1 s": lambda b: str(max(s["max_rounds_in_1s"] for s in b["subscribers"])),
        "min gap between rounds": lambda b: fmt_s(min((s["min_gap_s"] for s in b["subscribers"] if s["min_gap_s"] is not None),
                                                      default=None)),
        "mean rounds / s (first to last round)": lambda b: fmt_rate(max((s["rounds_per_s"] for s in b["subscribers"]
                                                                        if s["rounds_per_s"] is not None), default=None)),
        "last pushed values = fresh query": lambda b: "/".join(str(s["last_pushed_equals_fresh"]) for s in b["subscribers"]),
    }
    for name, cell in rows.items():
        lines.append(f"| {name} | " + " | ".join(cell(results[l]["burst"]) for l in labels) + " |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--incidents", type=int, default=200000)
    parser.add_argument("--noise-tenants", type=int, default=3)
    parser.add_argument("--noise-incidents", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--warmups", type=int, default=5)
    parser.add_argument("--subscribers", type=int, default=5)
    parser.add_argument("--burst", type=int, default=1000)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--listen", type=float, default=3.0, help="seconds to keep listening after the last write")
    parser.add_argument("--binary", default=".build/release/lantern")
    parser.add_argument("--postgres-url", default=os.environ.get("LANTERN_TEST_POSTGRES_URL"))
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--out", help="also write the results as JSON to this file")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    results = {}
    if not args.skip_sqlite:
        results["sqlite"] = run("sqlite", binary, os.path.join(tempfile.mkdtemp(), "bench.sqlite"), args)
    if args.postgres_url:
        name = "dashbench_" + str(int(time.time()))
        subprocess.run([psql_binary(), args.postgres_url, "-q", "-X", "-c", f"CREATE DATABASE {name}"], check=True)
        results["postgres"] = run("postgres", binary, args.postgres_url.rsplit("/", 1)[0] + "/" + name, args)
    if not results:
        parser.error("nothing to run: --skip-sqlite without --postgres-url")
    print()
    print(table(results))
    misses = [f"{label}: dashboard p95 {r['latency_ms']['dashboard: all 4 widgets']['p95']:.1f} ms" for label, r in results.items()
              if r["latency_ms"]["dashboard: all 4 widgets"]["p95"] > 100]
    for label, r in results.items():
        subscribers = r["burst"]["subscribers"]
        if max(s["max_rounds_in_1s"] for s in subscribers) > 1:
            gap = min(s["min_gap_s"] for s in subscribers if s["min_gap_s"] is not None)
            misses.append(f"{label}: {max(s['max_rounds_in_1s'] for s in subscribers)} rounds within 1 s (min gap {gap:.3f} s)")
    print("\ntargets (default dashboard p95 <= 100 ms; <= 1 push round per second per subscriber): "
          + ("met" if not misses else "NOT met: " + "; ".join(misses)))
    if args.out:
        with open(args.out, "w") as file:
            json.dump({"args": vars(args), "results": results}, file, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
