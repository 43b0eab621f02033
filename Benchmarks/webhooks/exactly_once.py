#!/usr/bin/env python3
"""Webhooks and escalations exactly once across two `lantern serve` instances (issue 16).

A measurement, not a CI test. Two instances share one fresh PostgreSQL database; a local threaded
HTTP receiver verifies every Standard Webhooks signature and records each POST (webhook-id,
arrival time, answer). One tenant has 3 endpoints subscribed to `incident.*` and a default
escalation policy of two levels (1 s and 1 s, level 1 -> one member, level 2 -> another,
repeatCount 0). N incidents are reported through both instances by a thread pool; every second
one is acknowledged ~1.5 s after its report (through the other instance), so some reach level 2
first and some stop before it. The script then waits for the outbox to drain and compares:

- messages the event log implies (events x 3 endpoints) with the outbox and with what arrived:
  distinct webhook-ids, POSTs, webhook-ids answered 2xx more than once (duplicates), signature
  failures, attempts the receiver saw that the server did not record (and the reverse);
- ESCALATED timeline entries per incident, ordered by the event log's sequence (commit order):
  no level ever fires twice or after the acknowledgement committed; unacknowledged incidents get
  levels 1 and 2 exactly once each; acknowledged ones are counted by where the acknowledgement
  found them (after level 2, between the levels, or before level 1 had fired at all); the
  notifications of each target match the firings;
- report -> first delivery of `incident.reported` (p50/p95/max) and deliveries per second.

`--fail-rate F` answers that fraction of POSTs with 500 (LANTERN_WEBHOOK_RETRY_SCHEDULE=1,1,1, so
a message gets 4 attempts). `--kill` SIGKILLs the second instance when half of the incidents are
reported and restarts it on the same database and port; a message whose attempt was in flight at
the kill may then legitimately arrive twice (its lease, 40 s by default, has to run out first):
such duplicates are counted separately as "redelivered after a crash".

    exactly_once.py LANTERN_BINARY POSTGRES_URL [--incidents N] [--fail-rate F] [--kill]
                    [--threads 16] [--ack-after 1.5] [--drain-timeout 300] [--seed 16] [--keep-database]

Exits 1 when an invariant is broken. Prints a table, then one line `SUMMARY {json}`.
"""
import argparse
import base64
import collections
import hashlib
import hmac
import http.client
import json
import math
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ENDPOINTS = 3
RETRY_SCHEDULE = "1,1,1"

# ---------------------------------------------------------------------------------------------
# Signatures (Standard Webhooks 1.0)


def expected_signature(secret, message_id, timestamp, body):
    key = base64.b64decode(secret.split("_", 1)[1])
    mac = hmac.new(key, b"%s.%s." % (message_id.encode(), timestamp.encode()) + body, hashlib.sha256)
    return base64.b64encode(mac.digest()).decode()


def signature_ok(secret, message_id, timestamp, header, body):
    if not (message_id and timestamp and header and timestamp.isdigit()):
        return False
    if abs(time.time() - int(timestamp)) > 300:
        return False
    want = expected_signature(secret, message_id, timestamp, body)
    for candidate in header.split():
        scheme, _, value = candidate.partition(",")
        if scheme == "v1" and hmac.compare_digest(value, want):
            return True
    return False


def check_signing():
    """The specification's published example must verify (else every count below is meaningless)."""
    got = expected_signature("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330",
                             b'{"test": 2432232314}')
    if got != "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=":
        sys.exit(f"signature self-check failed: {got}")


# ---------------------------------------------------------------------------------------------
# The receiver: POST /in/<endpoint index>


class Sink:
    def __init__(self, fail_rate, seed):
        self.fail_rate = fail_rate
        self.random = random.Random(seed)
        self.secrets = {}
        self.posts = []  # dicts: endpoint, id, arrived, status, signed, type, incident
        self.lock = threading.Lock()
        self.httpd = None

    def start(self):
        sink = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                sink.receive(self)

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 256

        self.httpd = Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    @property
    def port(self):
        return self.httpd.server_address[1]

    def url(self, endpoint):
        return f"http://127.0.0.1:{self.port}/in/{endpoint}"

    @staticmethod
    def body_of(request):
        if (request.headers.get("Transfer-Encoding") or "").lower() == "chunked":
            chunks = []
            while True:
                size = int(request.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if not size:
                    request.rfile.readline()
                    return b"".join(chunks)
                chunks.append(request.rfile.read(size))
                request.rfile.readline()
        return request.rfile.read(int(request.headers.get("Content-Length") or 0))

    def receive(self, request):
        arrived = time.time()
        body = self.body_of(request)
        endpoint = request.path.rsplit("/", 1)[-1]
        message_id = request.headers.get("webhook-id")
        signed = endpoint in self.secrets and signature_ok(self.secrets[endpoint], message_id, request.headers.get("webhook-timestamp"),
                                                           request.headers.get("webhook-signature"), body)
        try:
            document = json.loads(body)
            kind, incident = document.get("type"), ((document.get("data") or {}).get("incident") or {}).get("id")
        except ValueError:
            kind = incident = None
        with self.lock:
            status = 401 if not signed else (500 if self.random.random() < self.fail_rate else 200)
            self.posts.append({"endpoint": endpoint, "id": message_id, "arrived": arrived, "status": status, "signed": signed,
                               "type": kind, "incident": incident})
        answer = b"no" if status == 401 else b"ok"
        try:
            request.send_response(status)
            request.send_header("Content-Length", str(len(answer)))
            request.end_headers()
            request.wfile.write(answer)
        except OSError:
            pass

    def snapshot(self):
        with self.lock:
            return list(self.posts)

    def stop(self):
        if self.httpd:
            self.httpd.shutdown()
            self.httpd.server_close()


# ---------------------------------------------------------------------------------------------
# Servers


def unused_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Instance:
    """One `lantern serve`; `kill()` SIGKILLs it, `start()` again reuses its port and log."""

    def __init__(self, name, binary, database_url, environment):
        self.name, self.binary, self.database_url = name, binary, database_url
        self.environment = environment
        self.port = unused_port()
        self.workdir = tempfile.mkdtemp(prefix=f"lantern-exactly-once-{name}-")
        self.log_path = os.path.join(self.workdir, "server.log")
        self.process = None
        self.starts = 0

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/graphql"

    def start(self, timeout=60):
        log = open(self.log_path, "a")
        log.write(f"--- start {self.starts + 1} at {time.time():.3f}\n")
        log.flush()
        self.process = subprocess.Popen([self.binary, "serve", "--host", "127.0.0.1", "--port", str(self.port),
                                         "--database-url", self.database_url],
                                        cwd=self.workdir, env=self.environment, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        self.starts += 1
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health/ready", timeout=1) as response:
                    if response.status == 200:
                        return time.time()
            except (OSError, http.client.HTTPException):
                time.sleep(0.05)
        raise RuntimeError(f"{self.name} did not become ready; log {self.log_path}:\n" + open(self.log_path).read()[-3000:])

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def metrics(self):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/metrics", timeout=10) as response:
                text = response.read().decode()
        except (OSError, http.client.HTTPException):
            return {}
        totals = collections.Counter()
        for line in text.splitlines():
            if line.startswith("lantern_webhook_attempts_total") or line.startswith("lantern_escalations_fired_total"):
                name, _, value = line.rpartition(" ")
                totals[name] += float(value)
        return dict(totals)

    def log_problems(self):
        """Warning and error lines of the log, without their timestamps, with how often each came."""
        with open(self.log_path, errors="replace") as log:
            lines = [line.rstrip().split(" ", 1)[-1] for line in log
                     if any(f" {level} " in line for level in ("warning", "error", "critical"))]
        return collections.Counter(line[:300] for line in lines)


# ---------------------------------------------------------------------------------------------
# GraphQL over HTTP, with failover while an instance is down


class Unreachable(Exception):
    pass


def post_graphql(url, query, variables, token=None, tenant=None, timeout=30):
    request = urllib.request.Request(url, data=json.dumps({"query": query, "variables": variables or {}}).encode(), method="POST")
    request.add_header("Content-Type", "application/json")
    request.add_header("Accept", "application/graphql-response+json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    if tenant:
        request.add_header("X-Tenant", tenant)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            payload = json.loads(response.read())
    except urllib.error.HTTPError as error:
        raw = error.read()
        try:
            payload = json.loads(raw)
        except ValueError:
            raise Unreachable(f"HTTP {error.code}: {raw[:200]!r}") from None
    except (OSError, http.client.HTTPException, ValueError) as error:
        raise Unreachable(repr(error)) from None
    return payload.get("data"), payload.get("errors")


class Client:
    """Requests as one user in one tenant, preferring an instance and falling over to the other."""

    def __init__(self, instances, token, tenant, stats):
        self.instances, self.token, self.tenant, self.stats = instances, token, tenant, stats

    def __call__(self, query, variables=None, prefer=0, tries=40):
        for attempt in range(tries):
            instance = self.instances[(prefer + attempt) % len(self.instances)]
            try:
                return post_graphql(instance.url, query, variables, self.token, self.tenant)
            except Unreachable:
                self.stats["failovers"] += 1
                time.sleep(0.1 if attempt % 2 == 0 else 0.3)
        raise RuntimeError(f"no instance answered {query[:60]!r}")

    def must(self, query, variables=None, prefer=0):
        data, errors = self(query, variables, prefer)
        if errors or not data:
            raise RuntimeError(f"{query[:70]!r}: {errors}")
        return next(iter(data.values()))

    def pages(self, query, variables, prefer=0):
        after = None
        while True:
            page = self.must(query, dict(variables, after=after), prefer)
            yield from (edge["node"] for edge in page["edges"])
            if not page["pageInfo"]["hasNextPage"]:
                return
            after = page["pageInfo"]["endCursor"]


SIGN_UP = "mutation($i: SignUpInput!) { signUp(input: $i) { accessToken user { id email } } }"
CREATE_TENANT = "mutation($i: CreateTenantInput!) { createTenant(input: $i) { id slug } }"
ADD_MEMBER = "mutation($i: AddMemberInput!) { addMember(input: $i) { id } }"
CREATE_ENDPOINT = "mutation($i: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $i) { secret endpoint { id url } } }"
CREATE_POLICY = "mutation($i: EscalationPolicyInput!) { createEscalationPolicy(input: $i) { id levels { position delaySeconds } } }"
ROUTE = "mutation($i: EscalationRoutingInput!) { setEscalationRouting(input: $i) { defaultPolicy { id } } }"
REPORT = "mutation($i: ReportIncidentInput!) { reportIncident(input: $i) { id number createdAt } }"
ACK = "mutation($id: ID!) { acknowledgeIncident(id: $id) { id status acknowledgedAt } }"
PENDING = "query($e: ID!) { webhookMessages(endpointId: $e, first: 1, status: PENDING) { totalCount } }"
MESSAGES = """query($e: ID!, $after: String) { webhookMessages(endpointId: $e, first: 100, after: $after) {
  pageInfo { hasNextPage endCursor } edges { node { id eventType status attempts } } } }"""
INCIDENTS = """query($after: String) { incidents(first: 100, after: $after) { pageInfo { hasNextPage endCursor }
  edges { node { id number title status createdAt acknowledgedAt escalation { level loop state nextAt }
  timeline(first: 20) { edges { node { kind level at } } } } } } }"""
ACTIVE = """query($after: String) { incidents(first: 100, after: $after) { pageInfo { hasNextPage endCursor }
  edges { node { escalation { state } } } } }"""
HISTORY = """query($after: String) { incidentEventHistory(first: 1000, after: $after) { pageInfo { hasNextPage endCursor }
  edges { node { kind level sequence incident { id } } } } }"""
NOTIFICATION_COUNT = "{ notifications(first: 1) { totalCount } }"


def epoch(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def percentile(values, p):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))]


def create_database(postgres_url, name):
    subprocess.run(["psql", postgres_url, "-q", "-v", "ON_ERROR_STOP=1", "-c", f"CREATE DATABASE {name}"], check=True)
    return postgres_url.rsplit("/", 1)[0] + "/" + name


def drop_database(postgres_url, name):
    subprocess.run(["psql", postgres_url, "-q", "-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=False)


# ---------------------------------------------------------------------------------------------


def run(args):
    check_signing()
    binary = os.path.abspath(args.binary)
    database_name = "lantern_exactly_once_" + uuid.uuid4().hex[:8]
    database_url = create_database(args.postgres_url, database_name)
    environment = {k: v for k, v in os.environ.items() if not k.startswith("LANTERN_")}
    environment.update(LANTERN_WEBHOOKS_ALLOW_PRIVATE="1", LANTERN_LOG_LEVEL="warning",
                       LANTERN_WEBHOOK_RETRY_SCHEDULE=RETRY_SCHEDULE,
                       LANTERN_COST_BUDGET="1000000000")  # the polling below is not what is measured
    sink = Sink(args.fail_rate, args.seed).start()
    instances = [Instance("a", binary, database_url, environment), Instance("b", binary, database_url, environment)]
    stats = collections.Counter()
    try:
        instances[0].start()  # first alone: it applies the migrations
        instances[1].start()
        return measure(args, sink, instances, stats)
    finally:
        for instance in instances:
            instance.stop()
        sink.stop()
        if not args.keep_database:
            drop_database(args.postgres_url, database_name)
        else:
            print(f"database kept: {database_url}")


def measure(args, sink, instances, stats):
    run_id = uuid.uuid4().hex[:8]
    a = instances[0]

    def account(name):
        data, errors = post_graphql(a.url, SIGN_UP, {"i": {"email": f"{name}-{run_id}@example.com", "password": "password-123",
                                                            "name": name.title()}})
        if errors:
            raise RuntimeError(errors)
        return data["signUp"]

    owner_auth, first_auth, second_auth = account("owner"), account("first"), account("second")
    slug = f"exactly-once-{run_id}"
    data, errors = post_graphql(a.url, CREATE_TENANT, {"i": {"name": "Exactly once", "slug": slug}}, owner_auth["accessToken"])
    if errors:
        raise RuntimeError(errors)
    owner = Client(instances, owner_auth["accessToken"], slug, stats)
    for who in (first_auth, second_auth):
        owner.must(ADD_MEMBER, {"i": {"email": who["user"]["email"], "role": "RESPONDER"}})
    endpoints = []
    for index in range(ENDPOINTS):
        created = owner.must(CREATE_ENDPOINT, {"i": {"url": sink.url(index), "description": f"sink {index}", "eventTypes": ["incident.*"]}})
        sink.secrets[str(index)] = created["secret"]
        endpoints.append(created["endpoint"]["id"])
    policy = owner.must(CREATE_POLICY, {"i": {"name": "Two levels", "repeatCount": 0, "levels": [
        {"delaySeconds": 1, "targetUserIds": [first_auth["user"]["id"]]},
        {"delaySeconds": 1, "targetUserIds": [second_auth["user"]["id"]]}]}})
    owner.must(ROUTE, {"i": {"defaultPolicyId": policy["id"]}})

    # --- drive: reports through both instances; every second incident acknowledged ~ack-after later
    n = args.incidents
    sent = {}  # incident id -> wall time just before its reportIncident was sent
    ack_queue = collections.deque()
    ack_results = collections.Counter()
    reported = threading.Semaphore(0)
    done_reporting = threading.Event()
    kill = {}
    lock = threading.Lock()

    def report(i):
        started = time.time()
        incident = owner.must(REPORT, {"i": {"title": f"Exactly once {i}", "severity": "HIGH"}}, prefer=i % 2)
        finished = time.time()
        with lock:
            sent[incident["id"]] = started
            if i % 2 == 0:
                ack_queue.append((finished + args.ack_after, incident["id"], i))
        reported.release()
        return incident

    def acknowledge(incident_id, i):
        data, errors = owner(ACK, {"id": incident_id}, prefer=(i + 1) % 2)
        ack_results["ok" if not errors else "error " + ",".join(str((e.get("extensions") or {}).get("code")) for e in errors)] += 1

    def acker(pool):
        while True:
            with lock:
                head = ack_queue[0] if ack_queue else None
            if head is None:
                if done_reporting.is_set():
                    return
                time.sleep(0.01)
                continue
            delay = head[0] - time.time()
            if delay > 0:
                time.sleep(min(delay, 0.05))
                continue
            with lock:
                ack_queue.popleft()
            pool.submit(acknowledge, head[1], head[2])

    def killer():
        for _ in range(n // 2):
            reported.acquire()
        victim = instances[1]
        kill["pid"] = victim.process.pid
        kill["at"] = time.time()
        victim.kill()
        time.sleep(args.down)
        try:
            kill["ready"] = victim.start()
        except RuntimeError as error:
            kill["ready"] = time.time()
            kill["error"] = str(error)
            print("  the restart failed:", error, flush=True)

    print(f"{n} incidents through 2 instances ({args.threads} threads), fail rate {args.fail_rate:.0%}"
          f"{', SIGKILL of instance b half way' if args.kill else ''}; database {instances[0].database_url.rsplit('/', 1)[1]}", flush=True)
    began = time.time()
    kill_thread = threading.Thread(target=killer, daemon=True) if args.kill else None
    if kill_thread:
        kill_thread.start()
    with ThreadPoolExecutor(max(1, args.threads // 2)) as ack_pool:
        ack_thread = threading.Thread(target=acker, args=(ack_pool,))
        ack_thread.start()
        try:
            with ThreadPoolExecutor(args.threads) as pool:
                list(pool.map(report, range(n)))
        finally:
            reports_done = time.time()
            done_reporting.set()
            for _ in range(n):  # a killer still waiting goes on
                reported.release()
            ack_thread.join()
    acks_done = time.time()
    if kill_thread:
        kill_thread.join(120)
    print(f"  reported {n} in {reports_done - began:.1f} s ({n / (reports_done - began):.0f}/s); acknowledgements done "
          f"{acks_done - began:.1f} s after the start: {dict(ack_results)}", flush=True)
    if kill:
        print(f"  instance b (pid {kill['pid']}) SIGKILLed {kill['at'] - began:.1f} s after the start, ready again "
              f"{kill['ready'] - kill['at']:.1f} s later", flush=True)

    # --- drain: no PENDING message on any endpoint and no escalation still ACTIVE
    deadline = time.time() + args.drain_timeout
    drained = None
    while time.time() < deadline:
        pending = sum(owner.must(PENDING, {"e": e})["totalCount"] for e in endpoints)
        if pending == 0:
            active = sum(1 for node in owner.pages(ACTIVE, {}) if (node["escalation"] or {}).get("state") == "ACTIVE")
            if active == 0:
                pending = sum(owner.must(PENDING, {"e": e})["totalCount"] for e in endpoints)
                if pending == 0:
                    drained = time.time()
                    break
        time.sleep(0.5)
    if drained is None:
        print(f"  the outbox did not drain within {args.drain_timeout} s", flush=True)
    else:
        print(f"  drained {drained - began:.1f} s after the start ({drained - acks_done:.1f} s after the last acknowledgement)", flush=True)
    time.sleep(args.grace)  # a late duplicate would arrive by now

    return verify(args, owner, first_auth, second_auth, slug, stats, sink, instances, endpoints, sent, kill,
                  {"began": began, "reports_done": reports_done, "acks_done": acks_done, "drained": drained, "acks": dict(ack_results)})


def verify(args, owner, first_auth, second_auth, slug, stats, sink, instances, endpoints, sent, kill, phases):
    posts = sink.snapshot()
    violations = []

    # Server truth: incidents with their timelines, the event log, the outbox.
    incidents = list(owner.pages(INCIDENTS, {}))
    events = list(owner.pages(HISTORY, {}))
    outbox = {}
    for index, endpoint in enumerate(endpoints):
        for message in owner.pages(MESSAGES, {"e": endpoint}):
            outbox[message["id"]] = dict(message, endpoint=str(index))

    # -- escalations
    level1 = collections.Counter()
    level2 = collections.Counter()
    higher = 0
    # acknowledged incidents by where their escalation stood at the acknowledgement
    acked = collections.Counter()  # "after level 2", "between 1 and 2", "before level 1"
    acked_before_level1_ages = []  # how old such an incident was when it was acknowledged
    unacked = unacked_ok = 0
    level2_lag = []  # level 2 firing - (level 1 firing + 1 s)
    level1_lag = []  # level 1 firing - report
    final_states = collections.Counter()
    inverted = []  # ESCALATED committed before the ACKNOWLEDGED but timestamped after it (seconds)
    logged = collections.defaultdict(list)  # incident id -> [(sequence, kind, level)] in commit order
    for event in events:
        logged[event["incident"]["id"]].append((event["sequence"], event["kind"], event["level"]))
    for incident in incidents:
        entries = [e["node"] for e in incident["timeline"]["edges"]]
        fired = [e for e in entries if e["kind"] == "ESCALATED"]
        by_level = collections.Counter(e["level"] for e in fired)
        level1[by_level[1]] += 1
        level2[by_level[2]] += 1
        higher += sum(count for lvl, count in by_level.items() if lvl not in (1, 2))
        final_states[(incident["escalation"] or {}).get("state")] += 1
        number = incident["number"]
        for lvl, count in by_level.items():
            if count > 1 or lvl not in (1, 2):
                violations.append(f"incident {number}: level {lvl} fired {count} times")
        one = next((epoch(e["at"]) for e in fired if e["level"] == 1), None)
        two = next((epoch(e["at"]) for e in fired if e["level"] == 2), None)
        if one is not None:
            level1_lag.append(one - epoch(incident["createdAt"]))
        if two is not None and one is None:
            violations.append(f"incident {number}: level 2 fired without level 1")
        if one is not None and two is not None:
            level2_lag.append(two - one - 1.0)
        if incident["acknowledgedAt"]:
            acked_at = epoch(incident["acknowledgedAt"])
            # Commit order is the event log's sequence (the tenant row is held until commit); the
            # timestamps are taken before each transaction, so they may disagree by a little.
            ack_sequence = min((q for q, kind, _ in logged[incident["id"]] if kind == "ACKNOWLEDGED"), default=None)
            late = [(lvl, q - ack_sequence) for q, kind, lvl in logged[incident["id"]]
                    if kind == "ESCALATED" and ack_sequence is not None and q > ack_sequence]
            if late:
                violations.append(f"incident {number}: fired after the acknowledgement committed (level, sequences later): {late}")
            inverted += [epoch(e["at"]) - acked_at for e in fired if epoch(e["at"]) > acked_at]
            if two is not None:
                acked["after level 2"] += 1
            elif one is not None:
                acked["between levels 1 and 2"] += 1
            else:
                acked["before level 1"] += 1
                acked_before_level1_ages.append(acked_at - epoch(incident["createdAt"]))
        else:
            unacked += 1
            if by_level[1] == 1 and by_level[2] == 1:
                unacked_ok += 1
            else:
                violations.append(f"incident {number} (unacknowledged): level 1 fired {by_level[1]}, level 2 {by_level[2]} times")
    firings = sum(1 for e in events if e["kind"] == "ESCALATED")
    timeline_firings = sum(k * v for k, v in level1.items()) + sum(k * v for k, v in level2.items()) + higher
    if firings != timeline_firings:
        violations.append(f"ESCALATED events in the log {firings} != ESCALATED timeline entries {timeline_firings}")
    sequences = [e["sequence"] for e in events]
    if sorted(sequences) != list(range(1, len(events) + 1)):
        violations.append(f"event log sequences are not exactly 1..{len(events)}")
    first_notes = Client(instances, first_auth["accessToken"], slug, stats).must(NOTIFICATION_COUNT)["totalCount"]
    second_notes = Client(instances, second_auth["accessToken"], slug, stats).must(NOTIFICATION_COUNT)["totalCount"]
    level1_fired = sum(1 for e in events if e["kind"] == "ESCALATED" and e["level"] == 1)
    level2_fired = sum(1 for e in events if e["kind"] == "ESCALATED" and e["level"] == 2)
    if first_notes != level1_fired or second_notes != level2_fired:
        violations.append(f"notifications {first_notes}/{second_notes} != level 1/2 firings {level1_fired}/{level2_fired}")
    # A report whose answer was lost in the kill and that the client sent again may exist twice:
    # the client's doing, not counted as a violation. A report the client saw succeed must exist.
    extra_incidents = len(incidents) - len(sent)
    lost = set(sent) - {i["id"] for i in incidents}
    if lost:
        violations.append(f"{len(lost)} incidents whose report succeeded do not exist")

    # -- webhooks
    expected = len(events) * ENDPOINTS
    status_counts = collections.Counter(m["status"] for m in outbox.values())
    per_id = collections.defaultdict(list)
    for post in posts:
        per_id[post["id"]].append(post)
    received_ids = set(per_id)
    accepted = {i: [p for p in ps if p["status"] == 200] for i, ps in per_id.items()}
    duplicated = {i: ps for i, ps in accepted.items() if len(ps) > 1}
    crash_redelivered, other_duplicates = {}, {}
    for message_id, ps in duplicated.items():
        if kill and ps[0]["arrived"] <= kill["at"] < ps[-1]["arrived"] and len(ps) == 2:
            crash_redelivered[message_id] = ps
        else:
            other_duplicates[message_id] = ps
    bad_signatures = sum(1 for p in posts if not p["signed"])
    unknown = received_ids - set(outbox)
    never_received = [i for i, m in outbox.items() if m["status"] == "DELIVERED" and not accepted.get(i)]
    delivered_not_recorded = [i for i, ps in accepted.items() if ps and i in outbox and outbox[i]["status"] != "DELIVERED"]
    unrecorded_attempts = sum(max(0, len(per_id.get(i, [])) - m["attempts"]) for i, m in outbox.items())
    unseen_attempts = sum(max(0, m["attempts"] - len(per_id.get(i, []))) for i, m in outbox.items())
    wrong_endpoint = sum(1 for i, ps in per_id.items() if i in outbox and any(p["endpoint"] != outbox[i]["endpoint"] for p in ps))
    by_kind = collections.Counter(m["eventType"] for m in outbox.values())
    event_kinds = collections.Counter("incident." + e["kind"].lower() for e in events)
    if len(outbox) != expected or any(by_kind[k] != v * ENDPOINTS for k, v in event_kinds.items()):
        violations.append(f"outbox holds {len(outbox)} messages {dict(by_kind)}, the event log implies {expected} {dict(event_kinds)} x {ENDPOINTS}")
    if status_counts.get("PENDING"):
        violations.append(f"{status_counts['PENDING']} messages still PENDING")
    if other_duplicates:
        sample = list(other_duplicates.items())[:3]
        violations.append(f"{len(other_duplicates)} webhook-ids accepted more than once (not explained by the kill): "
                          + "; ".join(f"{i} at {[round(p['arrived'] - phases['began'], 3) for p in ps]}" for i, ps in sample))
    if bad_signatures:
        violations.append(f"{bad_signatures} POSTs whose signature did not verify")
    if unknown:
        violations.append(f"{len(unknown)} webhook-ids received that are not in the outbox")
    if never_received:
        violations.append(f"{len(never_received)} messages DELIVERED per the server but never answered 200 here: {never_received[:3]}")
    if delivered_not_recorded:
        violations.append(f"{len(delivered_not_recorded)} messages answered 200 here but not DELIVERED per the server: "
                          f"{[(i, outbox[i]['status'], outbox[i]['attempts']) for i in delivered_not_recorded[:3]]}")
    if wrong_endpoint:
        violations.append(f"{wrong_endpoint} webhook-ids arrived at another endpoint than their own")
    if unrecorded_attempts and not kill:
        violations.append(f"{unrecorded_attempts} POSTs the server did not count as attempts")
    if unseen_attempts:
        violations.append(f"{unseen_attempts} attempts counted by the server never arrived here")
    dead = [i for i, m in outbox.items() if m["status"] == "DEAD_LETTERED"]
    for message_id in dead:
        answers = [p["status"] for p in per_id.get(message_id, [])]
        if len(answers) < 4 or 200 in answers:
            violations.append(f"dead letter {message_id} after answers {answers} (expected four 500s)")

    # -- latency and throughput
    first_post, first_accept = {}, {}
    for post in posts:
        if post["type"] == "incident.reported" and post["incident"] in sent:
            key = (post["endpoint"], post["incident"])
            first_post.setdefault(key, post["arrived"])
            if post["status"] == 200:
                first_accept.setdefault(key, post["arrived"])
    to_first = [t - sent[incident] for (_, incident), t in first_post.items()]
    to_accept = [t - sent[incident] for (_, incident), t in first_accept.items()]
    arrivals = sorted(p["arrived"] for p in posts)
    span = (arrivals[-1] - arrivals[0]) if len(arrivals) > 1 else 0
    per_instance = {instance.name: instance.metrics() for instance in instances}
    log_lines = {instance.name: instance.log_problems() for instance in instances}
    log_problems = {name: sum(lines.values()) for name, lines in log_lines.items()}

    fire_times = sorted(epoch(e["node"]["at"]) for i in incidents for e in i["timeline"]["edges"] if e["node"]["kind"] == "ESCALATED")
    fire_rate = round(len(fire_times) / (fire_times[-1] - fire_times[0]), 1) if len(fire_times) > 1 and fire_times[-1] > fire_times[0] else None

    def ms3(values):
        return [None if percentile(values, p) is None else round(percentile(values, p) * 1000) for p in (50, 95, 100)]

    summary = {
        "incidents": len(incidents), "fail_rate": args.fail_rate, "kill": bool(kill),
        "events": len(events), "messages_expected": expected, "messages_in_outbox": len(outbox),
        "outbox_status": dict(status_counts), "distinct_ids_received": len(received_ids),
        "distinct_ids_accepted": sum(1 for ps in accepted.values() if ps), "posts": len(posts),
        "posts_500": sum(1 for p in posts if p["status"] == 500), "duplicates": len(other_duplicates),
        "redelivered_after_crash": len(crash_redelivered), "bad_signatures": bad_signatures,
        "unrecorded_attempts": unrecorded_attempts, "unseen_attempts": unseen_attempts,
        "level1_counts": {str(k): v for k, v in sorted(level1.items())}, "level2_counts": {str(k): v for k, v in sorted(level2.items())},
        "escalations_fired": firings, "unacknowledged": unacked, "unacknowledged_levels_1_and_2_once": unacked_ok,
        "acknowledged": dict(acked), "acknowledged_before_level1_age_ms": ms3(acked_before_level1_ages),
        "timestamp_inversions": len(inverted), "firings_per_s": fire_rate, "escalation_states": {str(k): v for k, v in final_states.items()},
        "notifications": [first_notes, second_notes],
        "report_to_first_post_ms": ms3(to_first), "report_to_first_200_ms": ms3(to_accept),
        "level1_after_report_ms": ms3(level1_lag), "level2_late_ms": ms3(level2_lag),
        "posts_per_s": round(len(posts) / span, 1) if span else None,
        "report_s": round(phases["reports_done"] - phases["began"], 1),
        "drain_s": None if phases["drained"] is None else round(phases["drained"] - phases["began"], 1),
        "extra_incidents": extra_incidents, "failovers": stats["failovers"], "acks": phases["acks"], "log_warnings": log_problems,
        "per_instance_metrics": per_instance, "violations": len(violations),
    }
    if kill:
        summary["restart_error"] = kill.get("error")
        summary["kill_at_s"] = round(kill["at"] - phases["began"], 1)
        summary["restart_ready_s"] = round(kill["ready"] - kill["at"], 1)
        summary["crash_redelivery_gap_s"] = [round(ps[1]["arrived"] - ps[0]["arrived"], 1) for ps in crash_redelivered.values()][:20]

    rows = [
        ("incidents (server) / reported by the client", f"{len(incidents)} / {len(sent)}"),
        ("events in the log (REPORTED/ESCALATED/ACKNOWLEDGED)", f"{len(events)} {dict(collections.Counter(e['kind'] for e in events))}"),
        ("messages expected (events x 3) / in the outbox", f"{expected} / {len(outbox)}"),
        ("outbox status", ", ".join(f"{k} {v}" for k, v in sorted(status_counts.items()))),
        ("distinct webhook-ids received / answered 200", f"{len(received_ids)} / {summary['distinct_ids_accepted']}"),
        ("POSTs in all / answered 500 (injected)", f"{len(posts)} / {summary['posts_500']}"),
        ("webhook-ids answered 200 more than once", str(len(other_duplicates))),
        ("  redelivered after the crash (in flight at SIGKILL)", str(len(crash_redelivered)) if kill else "-"),
        ("signature failures", str(bad_signatures)),
        ("POSTs not counted as attempts / attempts never seen", f"{unrecorded_attempts} / {unseen_attempts}"),
        ("unacknowledged: levels 1 and 2 each exactly once", f"{unacked_ok} of {unacked}"),
        ("acknowledged after level 2 / between 1 and 2 / before level 1",
         f"{acked['after level 2']} / {acked['between levels 1 and 2']} / {acked['before level 1']}"),
        ("  age at the ack of those acked before level 1 p50/p95/max", "/".join(str(v) for v in ms3(acked_before_level1_ages)) + " ms"),
        ("incidents whose level 1 fired 0 / 1 / 2+ times", f"{level1.get(0, 0)} / {level1.get(1, 0)} / {sum(v for k, v in level1.items() if k > 1)}"),
        ("incidents whose level 2 fired 0 / 1 / 2+ times", f"{level2.get(0, 0)} / {level2.get(1, 0)} / {sum(v for k, v in level2.items() if k > 1)}"),
        ("firings committed after the acknowledgement", str(sum(1 for v in violations if "after the acknowledgement" in v))),
        ("  firings committed before the ack but timestamped after it", f"{len(inverted)} (by at most {round(max(inverted, default=0) * 1000)} ms)"),
        ("escalation firings per second (first to last ESCALATED)", f"{fire_rate}"),
        ("escalations fired (events) / notifications level 1, 2", f"{firings} / {first_notes}, {second_notes}"),
        ("final escalation states", ", ".join(f"{k} {v}" for k, v in sorted(final_states.items(), key=str))),
        ("report -> first POST of incident.reported p50/p95/max", "/".join(str(v) for v in ms3(to_first)) + " ms"),
        ("report -> first 200 of incident.reported p50/p95/max", "/".join(str(v) for v in ms3(to_accept)) + " ms"),
        ("level 1 after the report p50/p95/max", "/".join(str(v) for v in ms3(level1_lag)) + " ms"),
        ("level 2 later than due (level 1 + 1 s) p50/p95/max", "/".join(str(v) for v in ms3(level2_lag)) + " ms"),
        ("POSTs per second (first to last arrival)", f"{summary['posts_per_s']} ({len(posts)} in {span:.1f} s)"),
        ("reports took / drained after", f"{summary['report_s']} s / {summary['drain_s']} s"),
        ("client failovers between instances", str(stats["failovers"])),
        ("server log lines with error/warning (a, b)", f"{log_problems['a']}, {log_problems['b']}"),
    ]
    if kill:
        rows.append(("SIGKILL at / ready again after", f"{summary['kill_at_s']} s / {summary['restart_ready_s']} s"))
    width = max(len(r[0]) for r in rows)
    print()
    for label, value in rows:
        print(f"{label.ljust(width)}  {value}")
    print(f"{'per instance /metrics (since its last start)'.ljust(width)}  {json.dumps(per_instance)}")
    for name, lines in log_lines.items():
        for line, count in lines.most_common(8):
            print(f"  log {name} x{count}: {line}")
    if violations:
        print(f"\n{len(violations)} invariant violation(s):")
        for violation in violations[:30]:
            print("  -", violation[:400])
    else:
        print("\nall invariants hold")
    print("SUMMARY " + json.dumps(summary, separators=(",", ":")), flush=True)
    return 1 if violations else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("binary")
    parser.add_argument("postgres_url")
    parser.add_argument("--incidents", type=int, default=500)
    parser.add_argument("--fail-rate", type=float, default=0.0)
    parser.add_argument("--kill", action="store_true")
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--ack-after", type=float, default=1.5, help="seconds after its report that every second incident is acknowledged")
    parser.add_argument("--down", type=float, default=1.0, help="seconds between the SIGKILL and the restart")
    parser.add_argument("--drain-timeout", type=float, default=300)
    parser.add_argument("--grace", type=float, default=3.0, help="seconds to wait for late duplicates after draining")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--keep-database", action="store_true")
    args = parser.parse_args()
    if not 0 <= args.fail_rate < 1:
        parser.error("--fail-rate is a fraction in [0, 1)")
    sys.exit(run(args))


if __name__ == "__main__":
    main()
