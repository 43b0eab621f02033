#!/usr/bin/env python3
"""Fault scenarios of issue 19, section 4: a SIGKILL during writes on SQLite, and PostgreSQL
stopped under load.

    faults.py LANTERN_BINARY [--postgres-url URL --pg-data-dir DIR] [--short]

1. Crash on SQLite (WAL): client threads report incidents and comment on them as fast as they
   can, logging every write whose response was a success (incident id and number, comment body).
   After a few seconds the server is killed with SIGKILL, restarted on the same file, and every
   acknowledged write is looked up through GraphQL (the incident by id, its timeline) and, once
   the server is stopped, in the file itself (plus `PRAGMA integrity_check`). Repeated.
2. PostgreSQL outage (only with --postgres-url and --pg-data-dir, a server this script may stop:
   never a shared one): two instances on one new database; writer threads report incidents and
   reader threads list them, and an open-loop prober starts a new report or list every 250 ms,
   logging each request's outcome with timestamps, while a poller asks each instance's
   /health/ready every 200 ms. PostgreSQL is stopped (`pg_ctl -m fast stop`) for
   10 s and started again on the same port. Checked: failures only during the
   outage (plus a short grace), each answered within a few seconds with an error (HTTP 5xx or a
   GraphQL error coded INTERNAL; whatever the server answered is recorded), /health/ready non-200
   during it, success again within 5 s of PostgreSQL's return without a restart, and every
   acknowledged write in the database afterwards (psql).

Exit status 1 when a check fails. --short (for CI): fewer rounds and a shorter outage, < 2 minutes.
"""
import argparse
import collections
import json
import os
import shlex
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
import e2e_support as e2e  # noqa: E402
from e2e_support import check, FAILURES, Server, sign_up, create_tenant  # noqa: E402

# Generous budgets: the point is faults, not rate limits.
ENVIRONMENT = {"LANTERN_COST_BUDGET": "1000000000", "LANTERN_COST_WINDOW_SECONDS": "600"}
REPORT = "mutation($i: ReportIncidentInput!) { reportIncident(input: $i) { id number title } }"
COMMENT = "mutation($id: ID!, $b: String!) { commentOnIncident(id: $id, body: $b) { id } }"
LIST = "{ incidents(first: 5) { totalCount edges { node { number } } } }"
INCIDENT = """query($id: ID!, $after: String) { incident(id: $id) { id number title
  timeline(first: 100, after: $after) { edges { node { kind message } } pageInfo { hasNextPage endCursor } } } }"""
# A request slower than this counts as a hang (the client waits up to REQUEST_TIMEOUT to measure it:
# longer than the server's 30 s execution deadline, whose 503 would then be seen; 15 s with --short).
HANG_SECONDS = 5.0
REQUEST_TIMEOUT = 40.0


def now():
    return time.monotonic()


class Outcome:
    """One request: when it started and ended, what came back, and how it is classified."""
    __slots__ = ("start", "end", "instance", "kind", "status", "codes", "detail", "data", "label", "retry_after")

    def __init__(self, start, end, instance, kind, status, codes, detail, data):
        self.start, self.end, self.instance, self.kind = start, end, instance, kind
        self.status, self.codes, self.detail, self.data = status, codes, detail, data
        self.label = ""
        self.retry_after = None

    @property
    def ok(self):
        return self.status == 200 and not self.codes and self.data is not None

    @property
    def duration(self):
        return self.end - self.start

    def answer(self):
        """What the server answered, as one short string (for grouping)."""
        if self.status is None:
            return f"no HTTP answer: {self.detail}"
        if self.codes:
            return f"HTTP {self.status}, GraphQL errors {self.codes}: {self.detail}"
        if self.data is None:
            return f"HTTP {self.status}, no data: {self.detail}"
        return f"HTTP {self.status} ok"


def post(url, query, variables, token, tenant, instance="", kind="", timeout=None):
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    request = urllib.request.Request(url, data=body, method="POST")
    request.add_header("Content-Type", "application/json")
    request.add_header("Accept", "application/graphql-response+json")
    request.add_header("Authorization", f"Bearer {token}")
    request.add_header("X-Tenant", tenant)
    start = now()
    status, raw, detail, retry_after = None, b"", "", None
    try:
        with urllib.request.urlopen(request, timeout=timeout or REQUEST_TIMEOUT) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw, retry_after = error.code, error.read(), error.headers.get("Retry-After")
    except Exception as error:  # refused, reset, timeout: no answer
        detail = f"{type(error).__name__}: {error}"
    end = now()
    data, codes = None, []
    if status is not None:
        try:
            payload = json.loads(raw)
            data = payload.get("data")
            errors = payload.get("errors") or []
            codes = [e.get("extensions", {}).get("code") for e in errors]
            detail = "; ".join(e.get("message", "") for e in errors)[:200]
        except Exception:
            detail = "body: " + raw[:200].decode("utf-8", "replace")
    outcome = Outcome(start, end, instance, kind, status, codes, detail, data)
    outcome.retry_after = retry_after
    return outcome


def timeline_messages(server, token, tenant, incident_id):
    """The incident (id, number, title) and every message on its timeline, through GraphQL."""
    messages, after, incident = [], None, None
    while True:
        outcome = post(server.url, INCIDENT, {"id": incident_id, "after": after}, token, tenant)
        if not outcome.ok:
            raise RuntimeError(f"looking up {incident_id}: {outcome.answer()}")
        incident = outcome.data["incident"]
        if incident is None:
            return None, []
        connection = incident["timeline"]
        messages += [edge["node"]["message"] for edge in connection["edges"]]
        if not connection["pageInfo"]["hasNextPage"]:
            return incident, messages
        after = connection["pageInfo"]["endCursor"]


# ---------------------------------------------------------------------------------------------
# 1. SIGKILL on SQLite

class CrashWriter(threading.Thread):
    """Reports an incident, comments on it twice, and again, until told to stop; logs acks."""

    def __init__(self, index, round_, server, token, tenant, stop, acks):
        super().__init__(daemon=True)
        self.index, self.round, self.server, self.token, self.tenant = index, round_, server, token, tenant
        self.stop, self.acks = stop, acks
        self.failures = 0

    def run(self):
        k = 0
        while not self.stop.is_set():
            k += 1
            title = f"crash r{self.round} t{self.index} #{k}"
            outcome = post(self.server.url, REPORT, {"i": {"title": title, "severity": "LOW", "urgency": "LOW"}},
                           self.token, self.tenant, timeout=10)
            if not outcome.ok:
                self.failures += 1
                if outcome.status is None:
                    time.sleep(0.05)  # the server is gone; do not spin
                continue
            incident = outcome.data["reportIncident"]
            self.acks["incidents"].append((incident["id"], incident["number"], title))
            for c in range(2):
                if self.stop.is_set():
                    return
                body = f"comment r{self.round} t{self.index} #{k}.{c}"
                outcome = post(self.server.url, COMMENT, {"id": incident["id"], "b": body}, self.token, self.tenant, timeout=10)
                if outcome.ok:
                    self.acks["comments"].append((incident["id"], body))
                else:
                    self.failures += 1


def verify_sqlite_acks(server, token, tenant, acks):
    """Looks every acknowledged write up through GraphQL; returns (found, missing lists)."""
    missing_incidents, missing_comments, wrong = [], [], []
    comments_by_incident = collections.defaultdict(set)
    for incident_id, body in acks["comments"]:
        comments_by_incident[incident_id].add(body)
    found_incidents = found_comments = 0
    for incident_id, number, title in acks["incidents"]:
        incident, messages = timeline_messages(server, token, tenant, incident_id)
        if incident is None:
            missing_incidents.append((incident_id, number, title))
            missing_comments += [(incident_id, b) for b in comments_by_incident[incident_id]]
            continue
        if incident["number"] != number or incident["title"] != title:
            wrong.append((incident_id, number, title, incident["number"], incident["title"]))
        found_incidents += 1
        present = set(messages)
        for body in comments_by_incident[incident_id]:
            if body in present:
                found_comments += 1
            else:
                missing_comments.append((incident_id, body))
    return found_incidents, found_comments, missing_incidents, missing_comments, wrong


def crash_scenario(rounds, write_seconds, threads):
    print(f"== crash: SIGKILL during writes on SQLite ({rounds} rounds, {threads} writers, ~{write_seconds} s each)")
    workdir = tempfile.mkdtemp(prefix="lantern-faults-sqlite-")
    server = Server(workdir=workdir, environment=ENVIRONMENT)
    owner = sign_up(server, "crash@example.com", "Crash")
    token = owner["accessToken"]
    create_tenant(server, token, "crash")
    acks = {"incidents": [], "comments": []}
    results = []
    try:
        for round_ in range(1, rounds + 1):
            before = (len(acks["incidents"]), len(acks["comments"]))
            stop = threading.Event()
            writers = [CrashWriter(i, round_, server, token, "crash", stop, acks) for i in range(threads)]
            for w in writers:
                w.start()
            time.sleep(write_seconds)
            server.process.kill()  # SIGKILL: no drain, no checkpoint
            server.process.wait()
            server.log.close()
            stop.set()
            for w in writers:
                w.join(30)
            check(not any(w.is_alive() for w in writers), f"round {round_}: a writer did not stop after the kill")
            new_incidents = len(acks["incidents"]) - before[0]
            new_comments = len(acks["comments"]) - before[1]
            restart = now()
            os.rename(os.path.join(workdir, "server.log"), os.path.join(workdir, f"server-{round_}.log"))
            server = Server(workdir=workdir, environment=ENVIRONMENT)  # same ./lantern.sqlite
            ready_after = now() - restart
            found_i, found_c, missing_i, missing_c, wrong = verify_sqlite_acks(server, token, "crash", acks)
            result = {
                "round": round_, "ackedIncidentsThisRound": new_incidents, "ackedCommentsThisRound": new_comments,
                "ackedIncidents": len(acks["incidents"]), "foundIncidents": found_i, "missingIncidents": len(missing_i),
                "ackedComments": len(acks["comments"]), "foundComments": found_c, "missingComments": len(missing_c),
                "wrongIncidents": len(wrong), "restartToReadySeconds": round(ready_after, 2),
                "unacknowledgedFailures": sum(w.failures for w in writers),
            }
            results.append(result)
            print(f"  round {round_}: killed after {write_seconds} s; this round acknowledged {new_incidents} incidents and "
                  f"{new_comments} comments; after restart (ready in {ready_after:.1f} s) found "
                  f"{found_i}/{len(acks['incidents'])} incidents, {found_c}/{len(acks['comments'])} comments (cumulative)")
            check(not missing_i, f"round {round_}: acknowledged incidents missing after SIGKILL: {missing_i[:10]}")
            check(not missing_c, f"round {round_}: acknowledged comments missing after SIGKILL: {missing_c[:10]}")
            check(not wrong, f"round {round_}: incidents with another number or title: {wrong[:10]}")
            check(new_incidents > 0, f"round {round_}: no write was acknowledged before the kill")
    finally:
        server.stop()
    # The file itself, with the server stopped: every acknowledged row, one number per incident, intact.
    database = sqlite3.connect(os.path.join(workdir, "lantern.sqlite"))
    integrity = database.execute("PRAGMA integrity_check").fetchone()[0]
    journal = database.execute("PRAGMA journal_mode").fetchone()[0]
    rows = {r[0]: (r[1], r[2]) for r in database.execute("SELECT id, number, title FROM incidents")}
    messages = {(r[0], r[1]) for r in database.execute("SELECT incident_id, message FROM timeline_entries WHERE kind = 'COMMENTED'")}
    duplicates = database.execute("SELECT COUNT(*) FROM (SELECT tenant_id, number FROM incidents GROUP BY 1, 2 HAVING COUNT(*) > 1)").fetchone()[0]
    database.close()
    in_file_i = sum(1 for i, n, t in acks["incidents"] if rows.get(i) == (n, t))
    in_file_c = sum(1 for c in acks["comments"] if c in messages)
    print(f"  file: integrity_check={integrity}, journal_mode={journal}, {in_file_i}/{len(acks['incidents'])} acknowledged incidents "
          f"and {in_file_c}/{len(acks['comments'])} acknowledged comments in the file ({len(rows)} incidents in all: "
          f"{len(rows) - in_file_i} committed without the client hearing)")
    check(integrity == "ok", f"integrity_check after the kills: {integrity}")
    check(journal == "wal", f"journal_mode is {journal}, not wal")
    check(in_file_i == len(acks["incidents"]) and in_file_c == len(acks["comments"]), "acknowledged writes missing from the file")
    check(duplicates == 0, f"{duplicates} duplicate incident numbers")
    return {"rounds": results, "integrity": integrity, "journalMode": journal,
            "incidentsInFile": len(rows), "ackedIncidentsInFile": in_file_i, "ackedCommentsInFile": in_file_c}


# ---------------------------------------------------------------------------------------------
# 2. PostgreSQL outage

class PostgresControl:
    """Stops and starts the PostgreSQL whose data directory is `data_dir`, on the same options."""

    def __init__(self, data_dir):
        self.data_dir = os.path.abspath(data_dir)
        with open(os.path.join(self.data_dir, "postmaster.opts")) as f:
            words = shlex.split(f.read())
        self.bin = os.path.dirname(words[0])
        options, skip = [], False
        for i, word in enumerate(words[1:]):
            if skip:
                skip = False
                continue
            if word == "-D":
                skip = True
                continue
            options.append(word)
        self.options = " ".join(shlex.quote(o) for o in options)
        self.log = os.path.join(os.path.dirname(self.data_dir), "faults-restart.log")
        self.run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def stop(self):
        return subprocess.run(self.run_as + [os.path.join(self.bin, "pg_ctl"), "-D", self.data_dir, "-m", "fast", "-w", "stop"],
                              capture_output=True, text=True, timeout=60)

    def start(self):
        return subprocess.run(self.run_as + [os.path.join(self.bin, "pg_ctl"), "-D", self.data_dir, "-l", self.log, "-w",
                                             "-o", self.options, "start"], capture_output=True, text=True, timeout=60)


class Client(threading.Thread):
    """Writes (reports) or reads (lists) continuously on its instances, logging every outcome."""

    def __init__(self, index, kind, servers, token, tenant, stop, log):
        super().__init__(daemon=True)
        self.index, self.kind, self.servers, self.token, self.tenant, self.stop, self.log = index, kind, servers, token, tenant, stop, log

    def run(self):
        k = 0
        while not self.stop.is_set():
            k += 1
            instance = (self.index + k) % len(self.servers)
            server = self.servers[instance]
            if self.kind == "write":
                title = f"outage w{self.index} #{k}"
                outcome = post(server.url, REPORT, {"i": {"title": title, "severity": "LOW", "urgency": "LOW"}},
                               self.token, self.tenant, instance=instance, kind="write")
                outcome.label = title
                if outcome.ok:
                    incident = outcome.data["reportIncident"]
                    check(incident["title"] == title, f"wrong title acknowledged: {incident}")
            else:
                outcome = post(server.url, LIST, None, self.token, self.tenant, instance=instance, kind="read")
            self.log.append(outcome)
            if not outcome.ok:
                time.sleep(0.05)


class OpenLoop(threading.Thread):
    """Starts a new request every `interval` whatever became of the earlier ones (a closed-loop
    client stuck on one request would stop probing): alternately a report and a list, on
    alternate instances, each in its own thread."""

    def __init__(self, servers, token, tenant, stop, log, interval=0.25):
        super().__init__(daemon=True)
        self.servers, self.token, self.tenant, self.stop, self.log, self.interval = servers, token, tenant, stop, log, interval
        self.threads = []

    def one(self, k):
        instance = (k // 2) % len(self.servers)
        server = self.servers[instance]
        if k % 2 == 0:
            title = f"outage open-loop #{k}"
            outcome = post(server.url, REPORT, {"i": {"title": title, "severity": "LOW", "urgency": "LOW"}},
                           self.token, self.tenant, instance=instance, kind="write")
            outcome.label = title
        else:
            outcome = post(server.url, LIST, None, self.token, self.tenant, instance=instance, kind="read")
        self.log.append(outcome)

    def run(self):
        k = 0
        while not self.stop.is_set():
            thread = threading.Thread(target=self.one, args=(k,), daemon=True)
            thread.start()
            self.threads.append(thread)
            k += 1
            time.sleep(self.interval)


class ReadinessPoller(threading.Thread):
    def __init__(self, instance, server, stop, log):
        super().__init__(daemon=True)
        self.instance, self.server, self.stop, self.log = instance, server, stop, log

    def run(self):
        url = f"http://127.0.0.1:{self.server.port}/health/ready"
        while not self.stop.is_set():
            start = now()
            try:
                with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT) as response:
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            except Exception as error:
                status = type(error).__name__
            end = now()
            self.log.append((start, end, self.instance, status))
            time.sleep(max(0.0, 0.2 - (end - start)))


def psql(url, sql):
    return subprocess.run(["psql", url, "-X", "-q", "-t", "-A", "-F", "\t", "-c", sql], check=True,
                          capture_output=True, text=True, timeout=60).stdout


def outage_scenario(postgres_url, data_dir, outage_seconds, before_seconds, after_seconds, writers, readers, instances):
    print(f"== outage: PostgreSQL stopped for {outage_seconds} s under load ({instances} instances, {writers} writers, {readers} readers)")
    control = PostgresControl(data_dir)
    database_url = e2e.create_database(postgres_url, f"lantern_faults_{os.getpid()}")
    servers = [Server(database_url, environment=ENVIRONMENT) for _ in range(instances)]
    print("  instance logs: " + ", ".join(os.path.join(s.workdir, "server.log") for s in servers))
    owner = sign_up(servers[0], "outage@example.com", "Outage")
    token = owner["accessToken"]
    create_tenant(servers[0], token, "outage")
    log, ready_log, stop = [], [], threading.Event()
    clients = [Client(i, "write", servers, token, "outage", stop, log) for i in range(writers)]
    clients += [Client(writers + i, "read", servers, token, "outage", stop, log) for i in range(readers)]
    pollers = [ReadinessPoller(i, s, stop, ready_log) for i, s in enumerate(servers)]
    open_loop = OpenLoop(servers, token, "outage", stop, log)
    pollers.append(open_loop)
    origin = now()
    for thread in clients + pollers:
        thread.start()
    time.sleep(before_seconds)
    outage_start = now()
    stopped = control.stop()
    outage_stopped = now()
    check(stopped.returncode == 0, f"pg_ctl stop: {stopped.stdout} {stopped.stderr}")
    time.sleep(max(0.0, outage_seconds - (outage_stopped - outage_start)))
    restart_issued = now()
    started = control.start()
    outage_end = now()
    check(started.returncode == 0, f"pg_ctl start: {started.stdout} {started.stderr}")
    time.sleep(after_seconds)
    stop.set()
    for thread in clients + pollers + open_loop.threads:
        thread.join(REQUEST_TIMEOUT + 5)
    check(not any(t.is_alive() for t in clients + pollers + open_loop.threads), "a client is still waiting for an answer")
    alive = [s.process.poll() is None for s in servers]
    check(all(alive), f"an instance exited during the outage: {alive}")

    def at(t):
        return round(t - origin, 2)

    log.sort(key=lambda o: o.start)
    failures = [o for o in log if not o.ok]
    successes = [o for o in log if o.ok]
    outside = [o for o in failures if o.end < outage_start - 0.05 or o.start > outage_end + 5.0]
    hangs = [o for o in log if o.duration > HANG_SECONDS]
    answers = collections.Counter((o.kind, o.answer()) for o in failures)
    after = [o for o in successes if o.end > outage_end]
    first_success_after = min((o.end for o in after), default=None)
    first_success_per_instance = {}
    for i in range(instances):
        first_success_per_instance[i] = min((at(o.end) for o in after if o.instance == i), default=None)
    # Readiness: transitions per instance.
    flips = []
    for i in range(instances):
        previous = None
        for start, end, instance, status in sorted(r for r in ready_log if r[2] == i):
            state = "ready" if status == 200 else f"not ready ({status})"
            if state != previous:
                flips.append((at(end), i, state, round(end - start, 2)))
                previous = state
    ready_during = [r for r in ready_log if r[3] == 200 and r[0] > outage_stopped + 0.5 and r[1] < restart_issued]
    not_ready_during = [r for r in ready_log if r[3] != 200 and r[0] >= outage_start and r[1] <= outage_end + 1]
    slow_ready = [r for r in ready_log if r[1] - r[0] > HANG_SECONDS]
    ready_again = {}
    for i in range(instances):
        ready_again[i] = min((at(r[1]) for r in ready_log if r[2] == i and r[3] == 200 and r[0] > outage_end), default=None)

    timeline = {
        "outageStart": at(outage_start), "postgresStopped": at(outage_stopped), "restartIssued": at(restart_issued),
        "outageEnd": at(outage_end),
        "firstFailure": at(min(o.end for o in failures)) if failures else None,
        "lastFailure": at(max(o.end for o in failures)) if failures else None,
        "firstSuccessAfter": at(first_success_after) if first_success_after else None,
        "firstSuccessAfterPerInstance": first_success_per_instance,
        "readyAgainPerInstance": ready_again,
        "readinessFlips": flips,
    }
    print("  timeline (seconds since load began):")
    for key, value in timeline.items():
        if key != "readinessFlips":
            print(f"    {key}: {value}")
    for t, i, state, took in flips:
        print(f"    readiness instance {i} at {t}: {state} (probe took {took} s)")
    print(f"  requests: {len(log)} ({len(successes)} ok, {len(failures)} failed); "
          f"longest {max((o.duration for o in log), default=0):.2f} s; longest failure "
          f"{max((o.duration for o in failures), default=0):.2f} s")
    for (kind, answer), count in answers.most_common():
        print(f"    {count:5d} × {kind}: {answer}")
    shown = failures if len(failures) <= 20 else failures[:10] + failures[-10:]
    print(f"  failed requests{' (first and last 10)' if len(failures) > 20 else ''}: start → end (s), instance, kind, answer")
    for o in shown:
        print(f"    {at(o.start):7.2f} → {at(o.end):7.2f}  #{o.instance} {o.kind:5s} {o.answer()}")
    slow_ok = [o for o in successes if o.duration > HANG_SECONDS]
    if slow_ok:
        print(f"  {len(slow_ok)} successful requests took longer than {HANG_SECONDS} s (held until PostgreSQL returned), "
              f"started {at(slow_ok[0].start)}…{at(slow_ok[-1].start)}, longest {max(o.duration for o in slow_ok):.2f} s")
    failed_during = [o for o in failures if o not in outside]
    if failed_during:
        durations = sorted(o.duration for o in failed_during)
        print(f"  failures during the outage took median {durations[len(durations) // 2]:.2f} s, max {durations[-1]:.2f} s")
    started_during = [o for o in log if outage_stopped <= o.start < restart_issued]
    if started_during:
        durations = sorted(o.duration for o in started_during)
        print(f"  requests started while PostgreSQL was down: {len(started_during)}: "
              f"{sum(1 for o in started_during if o.ok)} succeeded (after it returned), "
              f"{sum(1 for o in started_during if not o.ok)} failed; took median {durations[len(durations) // 2]:.2f} s, "
              f"max {durations[-1]:.2f} s; answered before PostgreSQL returned: "
              f"{sum(1 for o in started_during if o.end < outage_end)}")
    after_window = [o for o in log if o.start > outage_end + 5.0]
    print(f"  after outage end + 5 s: {len(after_window)} requests, {sum(1 for o in after_window if not o.ok)} failed")

    # Every acknowledged write is in the database.
    acked = [(o.data["reportIncident"]["id"], o.data["reportIncident"]["number"], o.data["reportIncident"]["title"])
             for o in log if o.kind == "write" and o.ok]
    rows = {}
    for line in psql(database_url, "SELECT id, number, title FROM incidents").splitlines():
        incident_id, number, title = line.split("\t")
        rows[incident_id] = (int(number), title)
    missing = [a for a in acked if rows.get(a[0]) != (a[1], a[2])]
    duplicates = psql(database_url, "SELECT COUNT(*) FROM (SELECT tenant_id, number FROM incidents GROUP BY 1, 2 HAVING COUNT(*) > 1) d").strip()
    print(f"  acknowledged writes: {len(acked)}, in the database: {len(acked) - len(missing)}, missing: {len(missing)} "
          f"({len(rows)} incidents in the database)")
    titles = {title for _, title in rows.values()}
    unanswered = [o for o in log if o.kind == "write" and o.status is None]
    if unanswered:
        print(f"  writes never answered: {len(unanswered)}, of which committed: "
              f"{sum(1 for o in unanswered if o.label in titles)} ({', '.join(o.label for o in unanswered)})")

    # Unexpected answers during the outage. A request refused before execution (its context needs
    # the database) is 503 with Retry-After and INTERNAL; one whose resolver failed once execution
    # had started is 200 with INTERNAL (GraphQL over HTTP). A 500 would mean an outage error the
    # server did not recognise as one.
    allowed_codes = {"INTERNAL"}

    def expected(o):
        if not o.codes or set(o.codes) - allowed_codes:
            return False
        return (o.status == 503 and o.retry_after is not None) or o.status == 200
    odd = [o for o in failed_during if o.status is not None and not expected(o)]
    for server in servers:
        server.stop()
    psql(postgres_url, f"DROP DATABASE IF EXISTS lantern_faults_{os.getpid()} WITH (FORCE)")

    check(failures, "no request failed while PostgreSQL was stopped (was it stopped?)")
    check(not outside, f"{len(outside)} requests failed outside the outage (+5 s): "
                       f"{[(at(o.start), at(o.end), o.kind, o.answer()) for o in outside[:5]]}")
    check(not hangs, f"{len(hangs)} requests took longer than {HANG_SECONDS} s: "
                     f"{[(at(o.start), round(o.duration, 1), o.kind, o.answer()) for o in hangs[:5]]}")
    check(not odd, f"failures during the outage other than 503 (with Retry-After) or 200, with INTERNAL: {[o.answer() for o in odd[:5]]}")
    check(not ready_during, f"/health/ready answered 200 while PostgreSQL was stopped: {[(at(r[0]), r[2]) for r in ready_during[:5]]}")
    check(not_ready_during, "/health/ready never said 'not ready' during the outage")
    check(not slow_ready, f"/health/ready took longer than {HANG_SECONDS} s: {[(at(r[0]), round(r[1] - r[0], 1), r[3]) for r in slow_ready[:5]]}")
    for i in range(instances):
        first = first_success_per_instance[i]
        check(first is not None and first - at(outage_end) <= 5.0,
              f"instance {i}: no success within 5 s of PostgreSQL's return (first at {first}, back at {at(outage_end)})")
        check(ready_again[i] is not None and ready_again[i] - at(outage_end) <= 5.0,
              f"instance {i}: /health/ready not 200 within 5 s of PostgreSQL's return (at {ready_again[i]})")
    check(not missing, f"{len(missing)} acknowledged writes missing: {missing[:10]}")
    check(duplicates == "0", f"{duplicates} duplicate incident numbers")
    return {"timeline": timeline, "requests": len(log), "failed": len(failures), "failedOutside": len(outside),
            "startedDuringOutage": len(started_during),
            "answeredBeforePostgresReturned": sum(1 for o in started_during if o.end < outage_end),
            "hangs": len(hangs), "answers": {f"{k} | {a}": c for (k, a), c in answers.items()},
            "acknowledged": len(acked), "missing": len(missing)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("binary")
    parser.add_argument("--postgres-url", help="a PostgreSQL this script may stop and start (not a shared one)")
    parser.add_argument("--pg-data-dir", help="that server's data directory (its postmaster.opts gives the options)")
    parser.add_argument("--short", action="store_true", help="fewer rounds, shorter phases around the 10 s outage (CI)")
    parser.add_argument("--json", help="write the measurements to this file")
    args = parser.parse_args()
    e2e.configure(args.binary)
    global REQUEST_TIMEOUT
    if args.short:
        REQUEST_TIMEOUT = 15.0
    started = now()
    results = {}
    if args.short:
        results["crash"] = crash_scenario(rounds=2, write_seconds=3, threads=8)
    else:
        results["crash"] = crash_scenario(rounds=3, write_seconds=5, threads=8)
    if args.postgres_url and args.pg_data_dir:
        if args.short:
            results["outage"] = outage_scenario(args.postgres_url, args.pg_data_dir, outage_seconds=10, before_seconds=4,
                                                after_seconds=8, writers=4, readers=2, instances=2)
        else:
            results["outage"] = outage_scenario(args.postgres_url, args.pg_data_dir, outage_seconds=10, before_seconds=5,
                                                after_seconds=15, writers=6, readers=2, instances=2)
    else:
        print("== outage: skipped (needs --postgres-url and --pg-data-dir)")
    print(f"total {now() - started:.0f} s")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2, default=str)
    if FAILURES:
        print(f"{len(FAILURES)} check(s) failed:")
        for failure in FAILURES:
            print("  -", failure)
        sys.exit(1)
    print("faults: all checks passed")


if __name__ == "__main__":
    main()
