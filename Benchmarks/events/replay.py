#!/usr/bin/env python3
"""Replaying a long event log to one subscriber (issue 17), on SQLite and PostgreSQL in one run.

Signs up, creates a tenant and reports one incident through the service's GraphQL API (so the
tenant, the incident, its REPORTED timeline entry and log entry 1 are real), then seeds N more
events straight into the database: N COMMENTED timeline entries by that user and log entries
2..N+1 for that incident, each carrying the incident's snapshot as it would be after the comment
(version and updatedAt bumped, as `commentOnIncident` does), and `tenants.event_seq` = N + 1
(sqlite3 executemany in one transaction, or psql COPY; then ANALYZE). The log's entries are 1 ms
apart, starting at the report.

Then, for each reader, on a freshly started server (so VmHWM is this replay's peak): one
graphql-transport-ws subscriber (the `websockets` package, as the e2e tests use) subscribes to

    incidentEvents(after: <cursor of sequence 0>) { sequence cursor kind at message incident { id status } }

and reads until it has N + 1 events, checking that the sequences are exactly 1..N+1 in order. It
records the time to the first event, the time to the last, events/s, and the server's memory:
/proc/<pid>/status VmRSS sampled every 100 ms (with how many events the client had by then),
before the subscription, at the peak, after the replay, and VmHWM. The readers:

  - fast: reads as fast as it can (one Python process; it decodes every message's JSON); it
    replays --repeats times on the same server, one after the other (the first replay is the
    measurement; RSS after each of the others shows whether what the server keeps adds up), then
    once more after --pause seconds without traffic (whether the server gave it back for reuse);
  - slow: sleeps --slow-sleep seconds after every --slow-every events, so the server has to
    wait for it (the point: the server pulls the log a page of 1,000 at a time at the
    client's pace, so its memory should not grow with the backlog);
  - slower: the same after every --slower-every events (a replay longer than the 30 s
    per-event execution deadline).

A reader the server closes with 1008 ("Subscriber is not reading") reconnects and resumes after
the last cursor it received, as a client should; the resumptions are reported.

    Benchmarks/events/replay.py [--events 100000] [--slow-every 5] [--slower-every 2] [--slow-sleep 0.001]
                                [--repeats 3] [--pause 40]
                                [--binary .build/release/lantern] [--postgres-url URL]
                                [--skip-sqlite] [--out FILE]

The binary is copied to a temporary directory and the copy is run (a rebuild meanwhile does not
swap it under the benchmark). The PostgreSQL database is created in the server --postgres-url
names, and dropped at the end.
"""
import argparse
import asyncio
import base64
import glob
import json
import os
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

import websockets

SUBSCRIPTION = """subscription($after: String) {
  incidentEvents(after: $after) { sequence cursor kind at message incident { id status } } }"""
COMMENTS = ["Checked the replica lag again; still within bounds, keeping an eye on it.",
            "Rolled the canary back on two nodes, error rate is dropping.",
            "Paged the database on-call, they are looking at the connection pool.",
            "Customer support reports fewer tickets in the last 15 minutes.",
            "Deploy 4711 is the most likely cause; bisecting the config change."]
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cursor(tenant_id, sequence):
    """EventCursor.encode: base64url without padding of `e1:<tenant id>:<sequence>`."""
    return base64.urlsafe_b64encode(f"e1:{tenant_id}:{sequence}".encode()).decode().rstrip("=")


class Client:
    def __init__(self, url):
        self.url = url
        self.token = None
        self.tenant = None

    def post(self, query, variables=None):
        request = urllib.request.Request(self.url, json.dumps({"query": query, "variables": variables or {}}).encode(),
                                         {"Content-Type": "application/json", "Accept": "application/graphql-response+json"})
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        if self.tenant:
            request.add_header("X-Tenant", self.tenant)
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
    # A long token lifetime: the server is restarted for every reader, with the same token.
    env = dict(os.environ, LANTERN_LOG_LEVEL="error", LANTERN_ACCESS_TOKEN_SECONDS="86400")
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


TIMELINE_COLUMNS = ("id", "tenant_id", "incident_id", "kind", "actor_user_id", "actor_key_id", "at", "message", "assignee_id")
LOG_COLUMNS = ("tenant_id", "sequence", "entry_id", "incident_id", "severity", "incident", "at")
# EventLogRows.Snapshot's properties in declaration order (what JSONEncoder writes; nil ones are left out).
SNAPSHOT_KEYS = ("id", "tenantID", "number", "title", "description", "severity", "status", "reporterID", "assigneeID", "tags",
                 "createdAt", "updatedAt", "acknowledgedAt", "firstAcknowledgedAt", "resolvedAt", "resolution", "version")


def plan_events(tenant_id, incident_id, user_id, reported, count):
    """`reported` is log entry 1 (its snapshot as a dict, and its `at`). Returns (timeline rows, log rows,
    the incident's last version, its last updatedAt)."""
    snapshot, start = reported
    timeline, log = [], []
    for i in range(1, count + 1):
        entry_id = str(uuid.uuid4())
        at = start + i
        timeline.append((entry_id, tenant_id, incident_id, "COMMENTED", user_id, None, at,
                         f"{COMMENTS[i % len(COMMENTS)]} (update {i})", None))
        after = dict(snapshot, updatedAt=at, version=snapshot["version"] + i)
        body = json.dumps({k: after[k] for k in SNAPSHOT_KEYS if after.get(k) is not None}, separators=(",", ":"))
        log.append((tenant_id, i + 1, entry_id, incident_id, snapshot["severity"], body, at))
    return timeline, log, snapshot["version"] + count, start + count


def seed_sqlite(path, tenant_id, incident_id, user_id, count):
    database = sqlite3.connect(path)
    database.execute("PRAGMA busy_timeout = 10000")
    (body, at), = database.execute("SELECT incident, at FROM incident_event_log WHERE tenant_id = ? AND sequence = 1",
                                   (tenant_id,)).fetchall()
    timeline, log, version, updated = plan_events(tenant_id, incident_id, user_id, (json.loads(body), at), count)
    start = time.perf_counter()
    with database:  # one transaction
        database.executemany(f"INSERT INTO timeline_entries ({', '.join(TIMELINE_COLUMNS)}) "
                             f"VALUES ({', '.join('?' * len(TIMELINE_COLUMNS))})", timeline)
        database.executemany(f"INSERT INTO incident_event_log ({', '.join(LOG_COLUMNS)}) VALUES ({', '.join('?' * len(LOG_COLUMNS))})",
                             log)
        database.execute("UPDATE incidents SET version = ?, updated_at = ? WHERE id = ?", (version, updated, incident_id))
        database.execute("UPDATE tenants SET event_seq = ? WHERE id = ?", (count + 1, tenant_id))
    database.execute("ANALYZE")
    database.close()
    return time.perf_counter() - start, sum(len(row[5]) for row in log) / len(log)


def psql_binary():
    found = shutil.which("psql") or (sorted(glob.glob("/usr/lib/postgresql/*/bin/psql")) or [None])[-1]
    if not found:
        raise RuntimeError("psql not found (neither on PATH nor under /usr/lib/postgresql/*/bin)")
    return found


def psql(url, *arguments, **keywords):
    return subprocess.run([psql_binary(), url, "-q", "-X", *arguments], check=True, text=True, **keywords)


def copy_text(value):
    if value is None:
        return "\\N"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def seed_postgres(url, tenant_id, incident_id, user_id, count):
    row = psql(url, "-A", "-t", "-F", "\t", "-c",
               f"SELECT incident, at FROM incident_event_log WHERE tenant_id = '{tenant_id}' AND sequence = 1",
               capture_output=True).stdout.strip()
    body, at = row.rsplit("\t", 1)
    timeline, log, version, updated = plan_events(tenant_id, incident_id, user_id, (json.loads(body), int(at)), count)
    script = ["\\set ON_ERROR_STOP on", "BEGIN;", f"COPY timeline_entries ({', '.join(TIMELINE_COLUMNS)}) FROM STDIN;"]
    script.extend("\t".join(copy_text(v) for v in row) for row in timeline)
    script += ["\\.", f"COPY incident_event_log ({', '.join(LOG_COLUMNS)}) FROM STDIN;"]
    script.extend("\t".join(copy_text(v) for v in row) for row in log)
    script += ["\\.", f"UPDATE incidents SET version = {version}, updated_at = {updated} WHERE id = '{incident_id}';",
               f"UPDATE tenants SET event_seq = {count + 1} WHERE id = '{tenant_id}';", "COMMIT;",
               # VACUUM as well as ANALYZE, so autovacuum does not start on the fresh rows during the replays.
               "VACUUM (ANALYZE) timeline_entries, incident_event_log, incidents, tenants;"]
    start = time.perf_counter()
    psql(url, input="\n".join(script) + "\n", stdout=subprocess.DEVNULL)
    return time.perf_counter() - start, sum(len(row[5]) for row in log) / len(log)


# ---------------------------------------------------------------------------------------------
# The server's memory and CPU


def status_kb(pid, field):
    with open(f"/proc/{pid}/status") as file:
        for line in file:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/{pid}/status")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as file:
        fields = file.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime


class Sampler(threading.Thread):
    """VmRSS of `pid` every `interval` seconds, each with the number of events the reader had then."""

    def __init__(self, pid, progress, interval=0.1):
        super().__init__(daemon=True)
        self.pid, self.progress, self.interval = pid, progress, interval
        self.samples = []  # (seconds since start, VmRSS kB, events received)
        self.stopped = threading.Event()

    def run(self):
        start = time.monotonic()
        while not self.stopped.is_set():
            self.samples.append((time.monotonic() - start, status_kb(self.pid, "VmRSS"), self.progress[0]))
            self.stopped.wait(self.interval)

    def stop(self):
        self.stopped.set()
        self.join(5)
        return self.samples


# ---------------------------------------------------------------------------------------------
# One subscriber


async def replay(port, token, tenant_slug, after, expected, slow_every, slow_sleep, progress):
    """Subscribes after `after` and reads until `expected` events came; returns what it saw. When
    the server closes the connection with 1008 (it took the subscriber for one that stopped
    reading), it does what a client should: reconnects and resumes after the last cursor it got
    (counted in `resumes`)."""
    received, out_of_order, duplicates, kinds, received_bytes, resumes = 0, 0, 0, {}, 0, []
    expect_next, first, last, first_at = 1, None, None, None
    started = time.perf_counter()
    client_cpu = time.process_time()
    while received < expected:
        try:
            async with websockets.connect(f"ws://127.0.0.1:{port}/graphql", subprotocols=["graphql-transport-ws"], compression=None,
                                          max_size=1 << 20, ping_interval=None) as socket_:
                await socket_.send(json.dumps({"type": "connection_init",
                                               "payload": {"authorization": f"Bearer {token}", "tenant": tenant_slug}}))
                ack = json.loads(await asyncio.wait_for(socket_.recv(), 10))
                if ack.get("type") != "connection_ack":
                    raise RuntimeError(f"no connection_ack: {ack}")
                resume_after = last["cursor"] if last else after
                await socket_.send(json.dumps({"id": "1", "type": "subscribe",
                                               "payload": {"query": SUBSCRIPTION, "variables": {"after": resume_after}}}))
                while received < expected:
                    raw = await asyncio.wait_for(socket_.recv(), 60)
                    message = json.loads(raw)
                    if message["type"] == "ping":
                        await socket_.send(json.dumps({"type": "pong"}))
                        continue
                    if message["type"] != "next" or message["payload"].get("errors"):
                        raise RuntimeError(f"after {received} events: {raw[:500]}")
                    event = message["payload"]["data"]["incidentEvents"]
                    if first_at is None:
                        first_at = time.perf_counter()
                        first = event
                    received_bytes += len(raw)
                    received += 1
                    progress[0] = received
                    sequence = event["sequence"]
                    if sequence < expect_next:
                        duplicates += 1
                    elif sequence > expect_next:
                        out_of_order += sequence - expect_next  # events skipped
                        expect_next = sequence + 1
                    else:
                        expect_next += 1
                    kinds[event["kind"]] = kinds.get(event["kind"], 0) + 1
                    last = event
                    if slow_every and received % slow_every == 0:
                        await asyncio.sleep(slow_sleep)
                finished = time.perf_counter()
                client_cpu = time.process_time() - client_cpu
                await socket_.send(json.dumps({"id": "1", "type": "complete"}))
        except websockets.exceptions.ConnectionClosedError as error:
            if error.rcvd is None or error.rcvd.code != 1008 or len(resumes) >= 100:
                raise
            resumes.append({"after_events": received, "at_s": round(time.perf_counter() - started, 2), "reason": error.rcvd.reason})
    return {"received": received, "first_event_s": first_at - started, "total_s": finished - started,
            "events_per_s": received / (finished - started), "bytes": received_bytes, "client_cpu_s": client_cpu,
            "skipped": out_of_order, "duplicates": duplicates, "in_order_1_to_n": out_of_order == 0 and duplicates == 0
            and first["sequence"] == 1 and last["sequence"] == expected,
            "first": first, "last": last, "kinds": kinds, "resumes": resumes}


def measure(label, reader, binary, database_url, workdir, token, tenant_id, expected, slow_every, slow_sleep, repeats=1, pause=0):
    """On a fresh server: `repeats` replays one after the other (the first is the measurement; the
    others show whether what the server holds after a replay adds up), then, with `pause`, one
    more after `pause` seconds of quiet (whether what it held was given back for reuse)."""
    process, port = serve(binary, database_url, workdir)
    try:
        client = Client(f"http://127.0.0.1:{port}/graphql")
        client.token, client.tenant = token, "bench"
        # A warm-up request, so "before" is a server that has answered GraphQL already.
        head = client.post("{ incidentEventHistory(first: 1) { totalCount } }")["incidentEventHistory"]["totalCount"]
        time.sleep(1)
        runs = [one_replay(process.pid, port, token, tenant_id, expected, slow_every, slow_sleep) for _ in range(repeats)]
        if pause and repeats > 1:
            time.sleep(pause)
            runs.append(one_replay(process.pid, port, token, tenant_id, expected, slow_every, slow_sleep))
            runs[-1]["after_pause_s"] = pause
    finally:
        stop(process)
    result = runs[0]
    result.update({"reader": reader, "history_total_count": head,
                   "repeats": [{k: r.get(k) for k in ("total_s", "events_per_s", "in_order_1_to_n", "rss_before_mb", "rss_peak_mb",
                                                      "rss_after_mb", "vmhwm_mb", "after_pause_s")} for r in runs]})
    r = result
    print(f"[{label}] {reader}: {r['received']} events in {r['total_s']:.2f} s ({r['events_per_s']:.0f} events/s, "
          f"{r['bytes'] / r['total_s'] / 1e6:.1f} MB/s of messages), first after {r['first_event_s'] * 1000:.0f} ms; "
          f"sequences 1..{expected} in order: {r['in_order_1_to_n']} (skipped {r['skipped']}, duplicates {r['duplicates']}); "
          f"kinds {r['kinds']}; closed by the server and resumed {len(r['resumes'])} times"
          + (f" (after {', '.join(str(x['after_events']) for x in r['resumes'])} events: {r['resumes'][0]['reason']})"
             if r["resumes"] else ""), flush=True)
    print(f"[{label}] {reader}: server RSS before {r['rss_before_mb']:.1f} MB, peak {r['rss_peak_mb']:.1f} MB "
          f"(at {r['rss_peak_at_events']} events), at 10%/50%/90% of the events {r['rss_at_10pct_mb']:.1f}/"
          f"{r['rss_at_50pct_mb']:.1f}/{r['rss_at_90pct_mb']:.1f} MB, after {r['rss_after_mb']:.1f} MB; VmHWM "
          f"{r['vmhwm_before_mb']:.1f} MB before, {r['vmhwm_mb']:.1f} MB after; CPU: server {r['server_cpu_s']:.1f} s, "
          f"client {r['client_cpu_s']:.1f} s", flush=True)
    for n, again in enumerate(r["repeats"][1:], start=2):
        when = f"after {again['after_pause_s']} s without traffic" if again["after_pause_s"] else "right after the one before"
        print(f"[{label}] {reader}, replay {n} on the same server, {when}: {again['total_s']:.2f} s ({again['events_per_s']:.0f} events/s, "
              f"in order: {again['in_order_1_to_n']}), RSS before {again['rss_before_mb']:.1f} MB, peak {again['rss_peak_mb']:.1f} MB, "
              f"after {again['rss_after_mb']:.1f} MB, VmHWM {again['vmhwm_mb']:.1f} MB", flush=True)
    return result


def one_replay(pid, port, token, tenant_id, expected, slow_every, slow_sleep):
    before_kb, hwm_before_kb, cpu_before = status_kb(pid, "VmRSS"), status_kb(pid, "VmHWM"), cpu_seconds(pid)
    progress = [0]
    sampler = Sampler(pid, progress)
    sampler.start()
    try:
        result = asyncio.run(replay(port, token, "bench", cursor(tenant_id, 0), expected, slow_every, slow_sleep, progress))
        server_cpu = cpu_seconds(pid) - cpu_before
        time.sleep(1)  # the connection is closed; what the server keeps
    finally:
        samples = sampler.stop()
    after_kb, hwm_kb = status_kb(pid, "VmRSS"), status_kb(pid, "VmHWM")
    peak = max(samples, key=lambda s: s[1])

    def rss_at(fraction):
        """The first sample taken once the reader had at least `fraction` of the events."""
        return next((s[1] for s in samples if s[2] >= fraction * expected), 0) / 1024

    result.update({
        "server_cpu_s": server_cpu, "samples": len(samples),
        "rss_before_mb": before_kb / 1024, "rss_peak_mb": peak[1] / 1024, "rss_peak_at_events": peak[2],
        "rss_after_mb": after_kb / 1024, "vmhwm_before_mb": hwm_before_kb / 1024, "vmhwm_mb": hwm_kb / 1024,
        "rss_at_10pct_mb": rss_at(0.1), "rss_at_50pct_mb": rss_at(0.5), "rss_at_90pct_mb": rss_at(0.9),
        "rss_timeline": [(round(t, 1), round(kb / 1024, 1), n) for t, kb, n in samples[::max(1, len(samples) // 40)]],
    })
    return result


# ---------------------------------------------------------------------------------------------
# The run on one database


def run(label, binary, database_url, workdir, args):
    process, port = serve(binary, database_url, workdir)
    result = {}
    try:
        client = Client(f"http://127.0.0.1:{port}/graphql")
        auth = client.post("mutation($i: SignUpInput!) { signUp(input: $i) { accessToken user { id } } }",
                           {"i": {"email": f"bench-{label}@example.com", "password": "password-123", "name": "Bench"}})["signUp"]
        client.token, user_id = auth["accessToken"], auth["user"]["id"]
        tenant_id = client.post("mutation($i: CreateTenantInput!) { createTenant(input: $i) { id } }",
                                {"i": {"name": "Bench", "slug": "bench"}})["createTenant"]["id"]
        client.tenant = "bench"
        incident_id = client.post("mutation($i: ReportIncidentInput!) { reportIncident(input: $i) { id } }",
                                  {"i": {"title": "Checkout is slow", "description": "p95 latency above 2 s since 14:02.",
                                         "severity": "HIGH", "tags": ["checkout", "db"]}})["reportIncident"]["id"]
        if label == "sqlite":
            stop(process)  # SQLite: nobody else writes while the seed runs
        if label == "sqlite":
            seconds, snapshot_bytes = seed_sqlite(database_url, tenant_id, incident_id, user_id, args.events)
        else:
            seconds, snapshot_bytes = seed_postgres(database_url, tenant_id, incident_id, user_id, args.events)
        if process.poll() is None:
            stop(process)
        result["data"] = {"events": args.events + 1, "seeded": args.events, "seed_seconds": seconds,
                          "snapshot_bytes_mean": snapshot_bytes}
        print(f"[{label}] seeded {args.events} events (log entries 2..{args.events + 1}, snapshots of {snapshot_bytes:.0f} bytes) "
              f"in {seconds:.1f} s", flush=True)
        result["load_average_before"] = os.getloadavg()
        for reader, every in (("fast", 0), ("slow", args.slow_every), ("slower", args.slower_every)):
            if reader != "fast" and not every:
                continue
            result[reader] = measure(label, reader, binary, database_url, workdir, client.token, tenant_id, args.events + 1,
                                     every, args.slow_sleep, args.repeats if reader == "fast" else 1, args.pause)
        result["load_average_after"] = os.getloadavg()
        print(f"[{label}] load average (1, 5, 15 min) before {fmt_load(result['load_average_before'])}, "
              f"after {fmt_load(result['load_average_after'])}", flush=True)
        return result
    finally:
        if process.poll() is None:
            stop(process)


def fmt_load(values):
    return "/".join(f"{v:.2f}" for v in values)


READERS = ("fast", "slow", "slower")


def table(results, args):
    columns = [(label, reader) for label, r in results.items() for reader in READERS if reader in r]
    lines = ["| | " + " | ".join(f"{label} {reader}" for label, reader in columns) + " |", "|---|" + "---:|" * len(columns)]
    rows = [
        ("events received (sequences 1..N in order)", lambda r: f"{r['received']} ({'yes' if r['in_order_1_to_n'] else 'NO'})"),
        ("time to first event", lambda r: f"{r['first_event_s'] * 1000:.0f} ms"),
        ("time to all events", lambda r: f"{r['total_s']:.2f} s"),
        ("events/s", lambda r: f"{r['events_per_s']:.0f}"),
        ("closed by the server (1008) and resumed", lambda r: str(len(r["resumes"]))),
        ("server CPU / client CPU", lambda r: f"{r['server_cpu_s']:.1f} s / {r['client_cpu_s']:.1f} s"),
        ("server RSS before", lambda r: f"{r['rss_before_mb']:.1f} MB"),
        ("server RSS at 10% / 50% / 90% of the events",
         lambda r: f"{r['rss_at_10pct_mb']:.1f} / {r['rss_at_50pct_mb']:.1f} / {r['rss_at_90pct_mb']:.1f} MB"),
        ("server RSS peak (100 ms samples)", lambda r: f"{r['rss_peak_mb']:.1f} MB"),
        ("server RSS 1 s after", lambda r: f"{r['rss_after_mb']:.1f} MB"),
        ("server VmHWM (process lifetime)", lambda r: f"{r['vmhwm_mb']:.1f} MB"),
        ("server RSS after each replay on the same server", lambda r: " / ".join(
            ("" if not x["after_pause_s"] else f"(pause {x['after_pause_s']:g} s) ") + f"{x['rss_after_mb']:.0f}" for x in r["repeats"]) + " MB"),
    ]
    for name, cell in rows:
        lines.append(f"| {name} | " + " | ".join(cell(results[label][reader]) for label, reader in columns) + " |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100000, help="events seeded after the real REPORTED one")
    parser.add_argument("--slow-every", type=int, default=5, help="the slow reader sleeps after this many events (0: no slow reader)")
    parser.add_argument("--slower-every", type=int, default=2,
                        help="the slower reader sleeps after this many events (0: no slower reader)")
    parser.add_argument("--slow-sleep", type=float, default=0.001, help="seconds the slow readers sleep each time")
    parser.add_argument("--repeats", type=int, default=3,
                        help="replays by the fast reader on the same server (the first is measured; RSS after each is shown)")
    parser.add_argument("--pause", type=float, default=40,
                        help="then one more replay by the fast reader after this many seconds without traffic (0: none)")
    parser.add_argument("--binary", default=".build/release/lantern")
    parser.add_argument("--postgres-url", default=os.environ.get("LANTERN_TEST_POSTGRES_URL"))
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--out", help="also write the results as JSON to this file")
    args = parser.parse_args()
    # Run a copy: another build may replace the binary while this runs.
    copy_dir = tempfile.mkdtemp(prefix="lantern-replaybench-bin-")
    binary = os.path.join(copy_dir, "lantern")
    shutil.copy2(os.path.abspath(args.binary), binary)
    results = {}
    try:
        if not args.skip_sqlite:
            workdir = tempfile.mkdtemp(prefix="lantern-replaybench-sqlite-")
            results["sqlite"] = run("sqlite", binary, os.path.join(workdir, "bench.sqlite"), workdir, args)
            shutil.rmtree(workdir)  # kept (with the server's log) when the run failed
        if args.postgres_url:
            name = "replaybench_" + str(int(time.time()))
            psql(args.postgres_url, "-c", f"CREATE DATABASE {name}")
            try:
                workdir = tempfile.mkdtemp(prefix="lantern-replaybench-postgres-")
                results["postgres"] = run("postgres", binary, args.postgres_url.rsplit("/", 1)[0] + "/" + name, workdir, args)
                shutil.rmtree(workdir)
            finally:
                psql(args.postgres_url, "-c", f"DROP DATABASE IF EXISTS {name}")
    finally:
        shutil.rmtree(copy_dir, ignore_errors=True)
    if not results:
        parser.error("nothing to run: --skip-sqlite without --postgres-url")
    print()
    print(table(results, args))
    if args.out:
        with open(args.out, "w") as file:
            json.dump({"args": vars(args), "results": results}, file, indent=2)
    return 0 if all(r[reader]["in_order_1_to_n"] for r in results.values() for reader in READERS if reader in r) else 1


if __name__ == "__main__":
    sys.exit(main())
