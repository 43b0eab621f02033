#!/usr/bin/env python3
"""Resumable incident events end to end against live `lantern serve` processes, on SQLite and on
PostgreSQL (issue 17): a graphql-transport-ws subscriber that disconnects and resumes with its
last cursor gets exactly the matching missed events, in order, then live ones; events committed
while a 3,000-event replay is read arrive once; a subscriber resumes on a second instance
(PostgreSQL); Server-Sent Events carry `id:` lines and resume from a real `Last-Event-ID` header;
an expired cursor is CURSOR_EXPIRED; another tenant's cursor and garbage are BAD_USER_INPUT; and
a seeded randomized run of disconnects, reconnects and writes, checked against
`incidentEventHistory`.

    resumable_e2e.py LANTERN_BINARY [POSTGRES_URL]

LANTERN_E2E_SEED fixes the randomized run's seed (it is printed either way).
"""
import asyncio
import collections
import http.client
import json
import os
import random
import socket
import sys
import threading
import time
import traceback
import urllib.parse
import uuid
from concurrent.futures import ThreadPoolExecutor

import websockets

import e2e_support
from e2e_support import FAILURES, As, Server, check, codes, create_database, create_tenant, sign_up

e2e_support.configure(sys.argv[1])
POSTGRES_URL = sys.argv[2] if len(sys.argv) > 2 else None
SEED = int(os.environ.get("LANTERN_E2E_SEED") or random.SystemRandom().randrange(1, 2**31))

SEVERITIES = ["LOW", "MEDIUM", "HIGH", "CRITICAL"]
RANK = {s: i for i, s in enumerate(SEVERITIES)}

EVENT = "id kind sequence cursor at incident { id severity status }"
EVENTS = f"""subscription($f: IncidentEventFilter, $after: String) {{
  incidentEvents(filter: $f, after: $after) {{ {EVENT} }} }}"""
# What a reconnecting EventSource sends: no `after`, the cursor only in Last-Event-ID.
EVENTS_NO_AFTER = f"subscription($f: IncidentEventFilter) {{ incidentEvents(filter: $f) {{ {EVENT} }} }}"
HISTORY = f"""query($after: String, $first: Int, $f: IncidentEventFilter) {{
  incidentEventHistory(after: $after, first: $first, filter: $f) {{
    totalCount pageInfo {{ hasNextPage endCursor }} edges {{ cursor node {{ {EVENT} }} }} }} }}"""

INCIDENT = "id severity status"
REPORT = f"mutation($i: ReportIncidentInput!) {{ reportIncident(input: $i) {{ {INCIDENT} }} }}"
MUTATIONS = {
    "ACKNOWLEDGED": f"mutation($id: ID!) {{ acknowledgeIncident(id: $id) {{ {INCIDENT} }} }}",
    "ASSIGNED": f"mutation($id: ID!, $u: ID!) {{ assignIncident(id: $id, assigneeId: $u) {{ {INCIDENT} }} }}",
    "COMMENTED": f"mutation($id: ID!, $b: String!) {{ commentOnIncident(id: $id, body: $b) {{ {INCIDENT} }} }}",
    "RESOLVED": f"mutation($id: ID!, $r: String!) {{ resolveIncident(id: $id, resolution: $r) {{ {INCIDENT} }} }}",
    "REOPENED": f"mutation($id: ID!) {{ reopenIncident(id: $id) {{ {INCIDENT} }} }}",
}
# The kinds each status allows besides commenting and assigning.
NEXT_KINDS = {"OPEN": ["ACKNOWLEDGED", "RESOLVED"], "ACKNOWLEDGED": ["RESOLVED"], "RESOLVED": ["REOPENED"]}


# ---------------------------------------------------------------------------------------------
# Helpers


def matches(record, flt):
    """Whether an event (a record of ours or a received event) passes an IncidentEventFilter."""
    if not flt:
        return True
    if flt.get("minSeverity") and RANK[record["severity"]] < RANK[flt["minSeverity"]]:
        return False
    if flt.get("incidentId") and record["incident"] != flt["incidentId"]:
        return False
    return True


def event_matches(event, flt):
    """Whether a received event passes an IncidentEventFilter."""
    return matches({"severity": event["incident"]["severity"], "incident": event["incident"]["id"]}, flt)


def shape(event):
    """A received event (subscription or history node) as (kind, incident id, severity)."""
    return (event["kind"], event["incident"]["id"], event["incident"]["severity"])


def record_shape(record):
    return (record["kind"], record["incident"], record["severity"])


def sequences(events):
    return [e["sequence"] for e in events]


def duplicates(values):
    return sorted(v for v, n in collections.Counter(values).items() if n > 1)


def brief(values, limit=12):
    """A list for a message: whole when short, else its ends and length."""
    values = list(values)
    if len(values) <= 2 * limit:
        return str(values)
    return f"{values[:limit]} ... {values[-limit:]} ({len(values)} items)"


def first_difference(actual, expected):
    for index, (a, e) in enumerate(zip(actual, expected)):
        if a != e:
            return f"first difference at index {index}: got {a}, expected {e}"
    if len(actual) != len(expected):
        return f"lengths differ: got {len(actual)}, expected {len(expected)}"
    return "equal"


class Incidents:
    """Raises incident events as one member of a tenant and keeps what it raised, in the order the
    mutations returned: each event's kind, incident and (the incident's) severity."""

    def __init__(self, actor):
        self.actor = actor
        self.status, self.severity = {}, {}
        self.raised = []
        self.lock = threading.Lock()

    def record(self, kind, incident):
        entry = {"kind": kind, "incident": incident["id"], "severity": incident["severity"]}
        with self.lock:
            self.status[incident["id"]] = incident["status"]
            self.severity[incident["id"]] = incident["severity"]
            self.raised.append(entry)
        return entry

    def report(self, severity, title="Incident"):
        incident = self.actor.must(REPORT, {"i": {"title": title, "severity": severity}}, f"reportIncident {severity}")
        return self.record("REPORTED", incident)

    def act(self, incident_id, kind):
        variables = {"id": incident_id}
        if kind == "ASSIGNED":
            variables["u"] = self.actor.id
        elif kind == "COMMENTED":
            variables["b"] = "Still looking"
        elif kind == "RESOLVED":
            variables["r"] = "Fixed"
        incident = self.actor.must(MUTATIONS[kind], variables, f"{kind} on {incident_id}")
        return self.record(kind, incident)

    def random(self, rng, report_chance=0.3, incident=None):
        """One event of a random kind: a new incident of a random severity, or a valid change to
        `incident` (or a random incident of ours)."""
        with self.lock:
            known = list(self.status)
        if incident is None and (not known or rng.random() < report_chance):
            return self.report(rng.choice(SEVERITIES), f"Random {rng.randrange(10**6)}")
        target = incident or rng.choice(known)
        kind = rng.choice(NEXT_KINDS[self.status[target]] + ["COMMENTED", "ASSIGNED"])
        return self.act(target, kind)


def history(actor, after=None, flt=None, page=1000):
    """Every event of `incidentEventHistory` after `after` (all pages), checking that each edge's
    cursor is its node's cursor; raises on errors."""
    events, cursor, pages = [], after, 0
    while True:
        variables = {"after": cursor, "first": page}
        if flt:
            variables["f"] = flt
        connection = actor.must(HISTORY, variables, f"incidentEventHistory(after: {cursor}, filter: {flt})")
        for edge in connection["edges"]:
            check(edge["cursor"] == edge["node"]["cursor"],
                  f"history edge cursor {edge['cursor']} is the event's cursor {edge['node']['cursor']}")
            events.append(edge["node"])
        pages += 1
        if not connection["pageInfo"]["hasNextPage"] or not connection["edges"]:
            return events
        cursor = connection["pageInfo"]["endCursor"]
        if pages > 200:
            raise AssertionError("incidentEventHistory does not end")


class Subscriber:
    """One graphql-transport-ws connection with one incidentEvents subscription, keeping each
    event received (and when), `next` payloads with errors, `error` messages, `complete`, and
    the close code. `slow` seconds of sleep per event make a slow reader."""

    def __init__(self, server, token, tenant, flt=None, after=None, slow=0.0, slow_for=None):
        self.server, self.token, self.tenant, self.flt, self.after = server, token, tenant, flt, after
        self.slow, self.slow_for = slow, slow_for
        self.events, self.arrivals = [], []
        self.next_errors, self.error_messages = [], []
        self.completed, self.closed = False, None

    async def start(self, settle=0.0):
        self.socket = await websockets.connect(self.server.ws_url, subprotocols=["graphql-transport-ws"], max_queue=64)
        await self.socket.send(json.dumps({"type": "connection_init",
                                           "payload": {"authorization": f"Bearer {self.token}", "tenant": self.tenant}}))
        ack = json.loads(await asyncio.wait_for(self.socket.recv(), 10))
        assert ack["type"] == "connection_ack", ack
        variables = {}
        if self.flt is not None:
            variables["f"] = self.flt
        if self.after is not None:
            variables["after"] = self.after
        await self.socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": EVENTS, "variables": variables}}))
        self.reader = asyncio.create_task(self.read())
        if settle:
            await asyncio.sleep(settle)  # a live-only subscription is attached before anything is raised
        return self

    async def read(self):
        try:
            async for raw in self.socket:
                message = json.loads(raw)
                if message["type"] == "next":
                    payload = message["payload"]
                    if payload.get("errors"):
                        self.next_errors.extend(payload["errors"])
                    if (payload.get("data") or {}).get("incidentEvents"):
                        self.events.append(payload["data"]["incidentEvents"])
                        self.arrivals.append(time.monotonic())
                        if self.slow and (self.slow_for is None or len(self.events) <= self.slow_for):
                            await asyncio.sleep(self.slow)
                elif message["type"] == "error":
                    self.error_messages.append(message["payload"])
                elif message["type"] == "complete":
                    self.completed = True
                elif message["type"] == "ping":
                    await self.socket.send(json.dumps({"type": "pong"}))
        except websockets.ConnectionClosed as closed:
            self.closed = closed.rcvd.code if closed.rcvd else None

    @property
    def problems(self):
        """Anything but events: errors, an ending, a close by the server."""
        found = []
        if self.next_errors:
            found.append(f"errors in next: {self.next_errors}")
        if self.error_messages:
            found.append(f"error messages: {self.error_messages}")
        if self.completed:
            found.append("complete")
        if self.closed is not None:
            found.append(f"closed by the server with {self.closed}")
        return found

    async def wait_for(self, count, timeout=15):
        deadline = time.monotonic() + timeout
        while len(self.events) < count and time.monotonic() < deadline and not self.reader.done():
            await asyncio.sleep(0.02)
        return self.events

    async def wait_for_ending(self, timeout=10):
        deadline = time.monotonic() + timeout
        while not (self.error_messages or self.completed or self.next_errors or self.reader.done()) and time.monotonic() < deadline:
            await asyncio.sleep(0.02)

    async def stop(self):
        """Disconnects: nothing more is read after this."""
        self.reader.cancel()
        try:
            await self.reader
        except (asyncio.CancelledError, Exception):  # noqa: BLE001 - the reader is gone either way
            pass
        await self.socket.close()


class EventStream:
    """One Server-Sent Events request (graphql-sse distinct connections mode) read on its own
    thread: GET with the operation in the URL (or POST with a JSON body), `Accept:
    text/event-stream`, the credential and tenant as headers, and `Last-Event-ID` when given.
    Keeps every SSE event as {event, id, data}."""

    def __init__(self, server, token, tenant, query, variables=None, last_event_id=None, method="GET"):
        self.server, self.token, self.tenant = server, token, tenant
        self.query, self.variables, self.last_event_id, self.method = query, variables, last_event_id, method
        self.messages, self.status, self.content_type, self.ended, self.failure = [], None, None, False, None
        self.stopping = False

    def start(self):
        self.connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        headers = {"Accept": "text/event-stream", "Authorization": f"Bearer {self.token}", "X-Tenant": self.tenant}
        if self.last_event_id is not None:
            headers["Last-Event-ID"] = self.last_event_id
        if self.method == "GET":
            parameters = {"query": self.query}
            if self.variables is not None:
                parameters["variables"] = json.dumps(self.variables)
            self.connection.request("GET", "/graphql?" + urllib.parse.urlencode(parameters), headers=headers)
        else:
            headers["Content-Type"] = "application/json"
            body = json.dumps({"query": self.query, "variables": self.variables or {}})
            self.connection.request("POST", "/graphql", body=body, headers=headers)
        self.response = self.connection.getresponse()
        self.status, self.content_type = self.response.status, self.response.getheader("Content-Type")
        self.connection.sock.settimeout(None)
        self.thread = threading.Thread(target=self.read, daemon=True)
        self.thread.start()
        return self

    def read(self):
        event, identifier, data = None, None, []
        try:
            while True:
                line = self.response.readline()
                if not line:
                    break
                line = line.decode("utf-8").rstrip("\n").rstrip("\r")
                if line == "":
                    if event is not None or data:
                        text = "\n".join(data)
                        self.messages.append({"event": event or "message", "id": identifier,
                                              "data": json.loads(text) if text.strip() else None})
                    event, identifier, data = None, None, []
                elif line.startswith(":"):
                    continue
                else:
                    field, _, value = line.partition(":")
                    value = value[1:] if value.startswith(" ") else value
                    if field == "event":
                        event = value
                    elif field == "id":
                        identifier = value
                    elif field == "data":
                        data.append(value)
        except Exception as error:  # noqa: BLE001 - closed by us, or a broken stream (recorded)
            if not self.stopping:
                self.failure = repr(error)
        self.ended = True

    @property
    def nexts(self):
        return [m for m in self.messages if m["event"] == "next"]

    @property
    def events(self):
        return [m["data"]["data"]["incidentEvents"] for m in self.nexts
                if m["data"] and (m["data"].get("data") or {}).get("incidentEvents")]

    @property
    def errors(self):
        return [e for m in self.nexts if m["data"] for e in m["data"].get("errors") or []]

    def wait_for(self, count, timeout=15):
        deadline = time.monotonic() + timeout
        while len(self.events) < count and time.monotonic() < deadline and not self.ended:
            time.sleep(0.02)
        return self.events

    def wait_for_ending(self, timeout=10):
        deadline = time.monotonic() + timeout
        while not self.ended and time.monotonic() < deadline:
            time.sleep(0.02)

    def close(self):
        """Drops the connection, as a client losing its network would."""
        self.stopping = True
        try:
            self.connection.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.connection.close()
        self.thread.join(5)


async def async_section(label, name, function, *args):
    """Runs one scenario; an exception is a failure of that scenario, not of the rest."""
    print(f"[{label}] {name}")
    started = time.monotonic()
    try:
        return await function(*args)
    except Exception as error:  # noqa: BLE001 - reported, and the next scenario still runs
        FAILURES.append(f"[{label}] {name} stopped: {error!r}")
        print(f"  FAIL: [{label}] {name} stopped:")
        traceback.print_exc()
        return None
    finally:
        print(f"  ({time.monotonic() - started:.1f} s)")


def new_tenant(server, owner_auth, name):
    slug = f"{name}-{uuid.uuid4().hex[:8]}"
    create_tenant(server, owner_auth["accessToken"], slug)
    return As(server, owner_auth, slug)


async def run(function, *args):
    return await asyncio.to_thread(function, *args)


def check_log_consecutive(label, actor, incidents, what):
    """The tenant's whole log: sequences 1..n, as many events as were raised, each id once."""
    everything = history(actor)
    seqs = sequences(everything)
    check(seqs == list(range(1, len(seqs) + 1)),
          f"[{label}] {what}: the unfiltered log's sequences are 1..n: {first_difference(seqs, list(range(1, len(seqs) + 1)))}; {brief(seqs)}")
    check(len(everything) == len(incidents.raised),
          f"[{label}] {what}: the log holds every event raised: {len(everything)} logged, {len(incidents.raised)} raised")
    check(not duplicates([e["id"] for e in everything]), f"[{label}] {what}: event ids repeat in the log: {duplicates([e['id'] for e in everything])}")
    check(collections.Counter(shape(e) for e in everything) == collections.Counter(record_shape(r) for r in incidents.raised),
          f"[{label}] {what}: the log's events (kind, incident, severity) are the ones raised")
    return everything


# ---------------------------------------------------------------------------------------------
# 1. Resume over graphql-transport-ws


async def resume_ws(label, owner, rng):
    high = {"minSeverity": "HIGH"}
    incidents = Incidents(owner)
    first = await Subscriber(owner.server, owner.token, owner.tenant, high).start(settle=0.4)
    # Some live events first: two of them match.
    for severity in ["LOW", "HIGH", "MEDIUM", "CRITICAL"]:
        await run(incidents.report, severity, f"Before {severity}")
    await run(incidents.act, incidents.raised[1]["incident"], "COMMENTED")  # on the HIGH one
    expected_before = [record_shape(r) for r in incidents.raised if matches(r, high)]
    await first.wait_for(len(expected_before))
    await asyncio.sleep(0.3)
    check(not first.problems, f"[{label}] the first connection: {first.problems}")
    check([shape(e) for e in first.events] == expected_before,
          f"[{label}] live events before disconnecting are the matching ones: got {[shape(e) for e in first.events]}, expected {expected_before}")
    if not first.events:
        raise AssertionError("no live event arrived before disconnecting")
    cursor = first.events[-1]["cursor"]
    last_sequence = first.events[-1]["sequence"]
    await first.stop()
    mark = len(incidents.raised)

    # 50 events while away: every severity and kind, some filtered out.
    for n in range(50):
        if n % 6 == 0:
            await run(incidents.report, SEVERITIES[(n // 6) % 4], f"Away {n}")
        else:
            await run(incidents.random, rng, 0.15)
    away = incidents.raised[mark:]
    missed = [r for r in away if matches(r, high)]
    kinds = collections.Counter(r["kind"] for r in away)
    check(0 < len(missed) < len(away), f"[{label}] (test) some of the 50 events match the filter, some do not: {len(missed)} of {len(away)}")
    print(f"  50 events while away: {len(missed)} match minSeverity HIGH; kinds {dict(kinds)}")
    logged_missed = await run(history, owner, cursor, high)

    resumed = await Subscriber(owner.server, owner.token, owner.tenant, high, after=cursor).start()
    await resumed.wait_for(len(missed))
    await asyncio.sleep(0.3)
    replayed = list(resumed.events)
    check([shape(e) for e in replayed] == [record_shape(r) for r in missed],
          f"[{label}] the resumed subscription replays exactly the matching missed events in order: "
          f"{first_difference([shape(e) for e in replayed], [record_shape(r) for r in missed])}")
    check(sequences(replayed) == sequences(logged_missed),
          f"[{label}] the replay is incidentEventHistory(after: cursor, filter: HIGH): "
          f"got {brief(sequences(replayed))}, history {brief(sequences(logged_missed))}")
    check(all(e["sequence"] > last_sequence for e in replayed),
          f"[{label}] nothing at or before the cursor (sequence {last_sequence}) is replayed: {brief(sequences(replayed))}")

    # Then live events on the same subscription.
    mark = len(incidents.raised)
    for severity in ["CRITICAL", "LOW", "HIGH", "MEDIUM", "HIGH"]:
        await run(incidents.report, severity, f"After {severity}")
    for _ in range(5):
        await run(incidents.random, rng, 0.0)
    live = [r for r in incidents.raised[mark:] if matches(r, high)]
    await resumed.wait_for(len(missed) + len(live))
    await asyncio.sleep(0.5)
    check(not resumed.problems, f"[{label}] the resumed connection: {resumed.problems}")
    got = [shape(e) for e in resumed.events]
    expected = [record_shape(r) for r in missed + live]
    check(got == expected, f"[{label}] the resumed subscription: the missed events, then live ones, each once: {first_difference(got, expected)}")
    received = sequences(resumed.events)
    check(not duplicates(received) and received == sorted(received),
          f"[{label}] the resumed subscription's sequences increase, none repeated: {brief(received)}")
    logged = await run(history, owner, cursor, high)
    check(received == sequences(logged),
          f"[{label}] everything received after resuming is incidentEventHistory(after: cursor, filter: HIGH): "
          f"{first_difference(received, sequences(logged))}")
    check([e["cursor"] for e in resumed.events] == [e["cursor"] for e in logged],
          f"[{label}] the subscription's cursors are the history's")
    everything = await run(check_log_consecutive, label, owner, incidents, "after resuming")
    check([shape(e) for e in everything] == [record_shape(r) for r in incidents.raised],
          f"[{label}] the log's order is the order the (sequential) mutations committed")
    beyond = [shape(e) for e in everything if e["sequence"] > last_sequence and event_matches(e, high)]
    check(beyond == got, f"[{label}] the matching part of the unfiltered log after the cursor is what the subscriber received")
    await resumed.stop()
    return cursor


# ---------------------------------------------------------------------------------------------
# 2. The seam: events committed while a long replay is read


def raise_fast(incidents, count, workers=8):
    """`count` events from `workers` threads, each reporting its own incidents and commenting on
    them (no two threads change the same incident). Returns the seconds it took."""
    started = time.monotonic()

    def work(share):
        own = None
        for n in range(share):
            if n % 25 == 0:
                own = incidents.report(SEVERITIES[n % 4], f"Bulk {n}")["incident"]
            else:
                incidents.act(own, "COMMENTED")
    shares = [count // workers + (1 if i < count % workers else 0) for i in range(workers)]
    with ThreadPoolExecutor(workers) as pool:
        for future in [pool.submit(work, share) for share in shares]:
            future.result()
    return time.monotonic() - started


async def seam(label, owner):
    incidents = Incidents(owner)
    # A live-only subscriber, attached before anything is raised, sees every event of the bulk
    # writes (from 8 clients at once) once, in log order.
    watcher = await Subscriber(owner.server, owner.token, owner.tenant).start(settle=0.4)
    seconds = await run(raise_fast, incidents, 3000)
    print(f"  3,000 events raised in {seconds:.1f} s")
    await watcher.wait_for(len(incidents.raised), timeout=30)
    await asyncio.sleep(0.3)
    received = sequences(watcher.events)
    expected = list(range(1, len(incidents.raised) + 1))
    check(received == expected and not watcher.problems,
          f"[{label}] a live subscriber (no `after`) during concurrent writes gets every event once, in log order: "
          f"{first_difference(received, expected)}; duplicates {brief(duplicates(received))}; "
          f"missing {brief(sorted(set(expected) - set(received)))}; {watcher.problems}")
    await watcher.stop()
    start = owner.must(HISTORY, {"first": 1}, "incidentEventHistory(first: 1)")["edges"]
    if not start:
        raise AssertionError("the log is empty after 3,000 events")
    cursor, from_sequence = start[0]["cursor"], start[0]["node"]["sequence"]
    check(from_sequence == 1, f"[{label}] the tenant's first event is sequence 1: {from_sequence}")
    backlog = len(incidents.raised)

    # 100 more events from another thread, starting just before the subscription is sent (so that
    # some commit before it is attached and some while the server reads the log) and going on while a slow reader (about 1 ms per
    # event over the backlog) takes seconds to consume the replay.
    subscriber = Subscriber(owner.server, owner.token, owner.tenant, None, after=cursor, slow=0.001, slow_for=backlog)
    writes = []

    def writer():
        for n in range(100):
            if n % 3:
                incidents.act(incidents.raised[n * 7]["incident"], "COMMENTED")
            else:
                incidents.report("HIGH", f"During {n}")
            writes.append(time.monotonic())
    thread = threading.Thread(target=writer)
    thread.start()
    await subscriber.start()
    await run(thread.join)
    total = len(incidents.raised)
    await subscriber.wait_for(total - from_sequence, timeout=60)
    await asyncio.sleep(1.0)
    check(not subscriber.problems, f"[{label}] the replaying connection: {subscriber.problems}")
    received = sequences(subscriber.events)
    expected = list(range(from_sequence + 1, total + 1))
    check(received == expected,
          f"[{label}] the subscriber received exactly sequences {from_sequence + 1}..{total}, each once, in order: "
          f"{first_difference(received, expected)}; duplicates {brief(duplicates(received))}; "
          f"missing {brief(sorted(set(expected) - set(received)))}")
    # Was the seam exercised? Writes that finished before the first replayed event arrived, and
    # before the last backlog event was read.
    first_read = subscriber.arrivals[0] if subscriber.arrivals else None
    backlog_read = next((t for e, t in zip(subscriber.events, subscriber.arrivals) if e["sequence"] >= backlog), None)
    early = sum(1 for t in writes if first_read is None or t < first_read)
    during = sum(1 for t in writes if backlog_read is None or t < backlog_read)
    print(f"  of the 100 writes, {early} committed before the first replayed event arrived and {during} before the "
          f"{backlog - from_sequence}-event replay had been read")
    check(during > 0, f"[{label}] (test) writes happened during the replay: {during}")
    await subscriber.stop()
    await run(check_log_consecutive, label, owner, incidents, "after the seam test")


# ---------------------------------------------------------------------------------------------
# 3. Resume on another instance (PostgreSQL)


async def two_instances(label, owner, peer_server, rng):
    medium = {"minSeverity": "MEDIUM"}
    incidents = Incidents(owner)
    on_a = await Subscriber(owner.server, owner.token, owner.tenant, medium).start(settle=0.4)
    for severity in ["MEDIUM", "LOW", "CRITICAL"]:
        await run(incidents.report, severity, f"On A {severity}")
    before = [record_shape(r) for r in incidents.raised if matches(r, medium)]
    await on_a.wait_for(len(before))
    await asyncio.sleep(0.3)
    check(not on_a.problems and [shape(e) for e in on_a.events] == before,
          f"[{label}] instance A's subscriber before disconnecting: {[shape(e) for e in on_a.events]} {on_a.problems}")
    if not on_a.events:
        raise AssertionError("no event arrived on instance A")
    cursor = on_a.events[-1]["cursor"]
    await on_a.stop()

    mark = len(incidents.raised)
    for n in range(30):
        await run(incidents.random, rng, 0.3)
    missed = [r for r in incidents.raised[mark:] if matches(r, medium)]
    on_b = await Subscriber(peer_server, owner.token, owner.tenant, medium, after=cursor).start()
    await on_b.wait_for(len(missed))
    await asyncio.sleep(0.3)
    check([shape(e) for e in on_b.events] == [record_shape(r) for r in missed],
          f"[{label}] resumed on instance B: exactly the missed matching events in order: "
          f"{first_difference([shape(e) for e in on_b.events], [record_shape(r) for r in missed])}")

    mark = len(incidents.raised)
    for n in range(10):
        await run(incidents.random, rng, 0.3)
    live = [r for r in incidents.raised[mark:] if matches(r, medium)]
    await on_b.wait_for(len(missed) + len(live))
    await asyncio.sleep(0.5)
    check(not on_b.problems, f"[{label}] instance B's connection: {on_b.problems}")
    got, expected = [shape(e) for e in on_b.events], [record_shape(r) for r in missed + live]
    check(got == expected, f"[{label}] instance B: the missed events, then the live ones raised on A: {first_difference(got, expected)}")
    logged_b = await run(history, owner.on(peer_server), cursor, medium)
    logged_a = await run(history, owner, cursor, medium)
    check(sequences(on_b.events) == sequences(logged_b) == sequences(logged_a),
          f"[{label}] instance B's events are the history after the cursor (on B {brief(sequences(logged_b))}, "
          f"on A {brief(sequences(logged_a))}): got {brief(sequences(on_b.events))}")
    await on_b.stop()
    await run(check_log_consecutive, label, owner, incidents, "two instances")


# ---------------------------------------------------------------------------------------------
# 4. Server-Sent Events and Last-Event-ID


def check_ids(label, stream, what):
    bad = [(m["id"], (((m["data"] or {}).get("data") or {}).get("incidentEvents") or {}).get("cursor")) for m in stream.nexts]
    bad = [(i, c) for i, c in bad if i is None or i != c]
    check(not bad, f"[{label}] {what}: every `next` has an `id:` line equal to the event's cursor: mismatches {bad[:5]}")


def sse(label, owner, rng):
    medium = {"minSeverity": "MEDIUM"}
    incidents = Incidents(owner)
    first = EventStream(owner.server, owner.token, owner.tenant, EVENTS_NO_AFTER, {"f": medium}).start()
    check(first.status == 200 and (first.content_type or "").startswith("text/event-stream"),
          f"[{label}] GET /graphql with Accept: text/event-stream: {first.status} {first.content_type}")
    time.sleep(0.4)
    for severity in ["HIGH", "LOW", "MEDIUM", "CRITICAL"]:
        incidents.report(severity, f"SSE {severity}")
    before = [record_shape(r) for r in incidents.raised if matches(r, medium)]
    first.wait_for(len(before))
    time.sleep(0.2)
    check([shape(e) for e in first.events] == before and not first.errors,
          f"[{label}] the first stream's events: {[shape(e) for e in first.events]} {first.errors}, expected {before}")
    check_ids(label, first, "the first stream")
    if not first.nexts:
        raise AssertionError(f"no SSE event arrived: {first.messages} {first.failure}")
    last_id = first.nexts[-1]["id"]
    first.close()

    mark = len(incidents.raised)
    for _ in range(15):
        incidents.random(rng, 0.3)
    missed = [r for r in incidents.raised[mark:] if matches(r, medium)]
    again = EventStream(owner.server, owner.token, owner.tenant, EVENTS_NO_AFTER, {"f": medium}, last_event_id=last_id).start()
    check(again.status == 200, f"[{label}] the reconnection with Last-Event-ID: {again.status}")
    again.wait_for(len(missed))
    time.sleep(0.3)
    check([shape(e) for e in again.events] == [record_shape(r) for r in missed],
          f"[{label}] a reconnection with Last-Event-ID (no `after`) gets exactly the missed matching events: "
          f"{first_difference([shape(e) for e in again.events], [record_shape(r) for r in missed])}")
    mark = len(incidents.raised)
    for _ in range(6):
        incidents.random(rng, 0.3)
    live = [r for r in incidents.raised[mark:] if matches(r, medium)]
    again.wait_for(len(missed) + len(live))
    time.sleep(0.5)
    got, expected = [shape(e) for e in again.events], [record_shape(r) for r in missed + live]
    check(got == expected and not again.errors and not again.ended,
          f"[{label}] after Last-Event-ID: the missed events, then live ones, each once: {first_difference(got, expected)}; "
          f"errors {again.errors}; ended {again.ended} {again.failure}")
    check_ids(label, again, "the resumed stream")
    logged = history(owner, last_id, medium)
    check(sequences(again.events) == sequences(logged),
          f"[{label}] the resumed stream is incidentEventHistory(after: Last-Event-ID): got {brief(sequences(again.events))}, "
          f"history {brief(sequences(logged))}")
    again.close()

    # POST (graphql-sse also allows it) with a Last-Event-ID from the middle of the log.
    everything = history(owner)
    middle = everything[len(everything) // 2]
    expected = [e for e in everything if e["sequence"] > middle["sequence"] and event_matches(e, medium)]
    posted = EventStream(owner.server, owner.token, owner.tenant, EVENTS_NO_AFTER, {"f": medium},
                         last_event_id=middle["cursor"], method="POST").start()
    posted.wait_for(len(expected))
    time.sleep(0.3)
    check(posted.status == 200 and sequences(posted.events) == sequences(expected) and not posted.errors,
          f"[{label}] POST with Last-Event-ID resumes too: {posted.status} got {brief(sequences(posted.events))}, "
          f"expected {brief(sequences(expected))} {posted.errors}")
    check_ids(label, posted, "the POSTed stream")
    posted.close()
    check_log_consecutive(label, owner, incidents, "SSE")


# ---------------------------------------------------------------------------------------------
# 5. An expired cursor


async def expired(label, database_url):
    server = Server(database_url, environment={"LANTERN_EVENT_RETENTION_SECONDS": "2", "LANTERN_RETENTION_INTERVAL_SECONDS": "1"})
    try:
        auth = sign_up(server, f"retention-{uuid.uuid4().hex[:8]}@example.com", "Retention")
        owner = new_tenant(server, auth, "retention")
        incidents = Incidents(owner)
        for severity in ["LOW", "HIGH", "MEDIUM"]:
            await run(incidents.report, severity, "Soon forgotten")
        early = (await run(history, owner))[0]
        check(early["sequence"] == 1, f"[{label}] the first event: {early}")
        await asyncio.sleep(4.0)
        await run(incidents.report, "CRITICAL", "Kept")
        kept = await run(history, owner)
        check(sequences(kept) == [4], f"[{label}] after 4 s with a 2 s retention only the newest event is kept: {sequences(kept)}")

        _, errors = await run(owner, HISTORY, {"after": early["cursor"], "first": 10})
        check(codes(errors) == ["CURSOR_EXPIRED"], f"[{label}] incidentEventHistory(after: an expired cursor) is CURSOR_EXPIRED: {errors}")

        ws = await Subscriber(server, owner.token, owner.tenant, None, after=early["cursor"]).start()
        await ws.wait_for_ending()
        await asyncio.sleep(0.2)
        found = [codes(payload) for payload in ws.error_messages]
        check(found == [["CURSOR_EXPIRED"]] and not ws.events,
              f"[{label}] incidentEvents(after: an expired cursor) over graphql-transport-ws is an `error` message with "
              f"CURSOR_EXPIRED: error messages {ws.error_messages}, errors in next {ws.next_errors}, "
              f"complete {ws.completed}, events {len(ws.events)}")
        await ws.stop()

        for what, variables, last_id in [("`after`", {"after": early["cursor"]}, None), ("Last-Event-ID", {}, early["cursor"])]:
            stream = await run(lambda: EventStream(server, owner.token, owner.tenant, EVENTS if variables else EVENTS_NO_AFTER,
                                                   variables, last_event_id=last_id).start())
            await run(stream.wait_for_ending)
            check(codes(stream.errors) == ["CURSOR_EXPIRED"] and not stream.events and stream.ended,
                  f"[{label}] an expired cursor as {what} over SSE: errors {stream.errors}, events {len(stream.events)}, "
                  f"ended {stream.ended}, messages {stream.messages[:3]}")
            await run(stream.close)

        # The newest cursor still resumes.
        newest = kept[-1]["cursor"] if kept else None
        if newest:
            data, errors = await run(owner, HISTORY, {"after": newest, "first": 10})
            check(not errors and data["incidentEventHistory"]["edges"] == [],
                  f"[{label}] the newest cursor is not expired: {data} {errors}")
    finally:
        server.stop()


# ---------------------------------------------------------------------------------------------
# 6. Another tenant's cursor, garbage


async def foreign_cursors(label, server, owner_auth, cursor_of_a, tenant_a):
    stranger_auth = sign_up(server, f"stranger-{uuid.uuid4().hex[:8]}@example.com", "Stranger")
    stranger = new_tenant(server, stranger_auth, "stranger")
    # The owner of tenant A in a second tenant of theirs: a member of both.
    own_other = new_tenant(server, owner_auth, "second")
    Incidents(stranger).report("LOW", "The stranger's own")
    Incidents(own_other).report("LOW", "The owner's other tenant")

    for who, actor in [("a user of tenant B only", stranger), ("tenant A's owner acting in their tenant B", own_other)]:
        ws = await Subscriber(server, actor.token, actor.tenant, None, after=cursor_of_a).start()
        await ws.wait_for_ending()
        await run(Incidents(tenant_a).report, "CRITICAL", "Not for tenant B")
        await asyncio.sleep(0.5)
        check([codes(p) for p in ws.error_messages] == [["BAD_USER_INPUT"]] and not ws.events,
              f"[{label}] {who} subscribing with tenant A's cursor: an `error` message with BAD_USER_INPUT and no event: "
              f"error messages {ws.error_messages}, errors in next {ws.next_errors}, events {[shape(e) for e in ws.events]}")
        await ws.stop()
        _, errors = await run(actor, HISTORY, {"after": cursor_of_a, "first": 10})
        check(codes(errors) == ["BAD_USER_INPUT"], f"[{label}] {who}: incidentEventHistory with tenant A's cursor: {errors}")
        stream = await run(lambda: EventStream(server, actor.token, actor.tenant, EVENTS_NO_AFTER, None, last_event_id=cursor_of_a).start())
        await run(stream.wait_for_ending)
        check(codes(stream.errors) == ["BAD_USER_INPUT"] and not stream.events,
              f"[{label}] {who}: SSE with tenant A's cursor as Last-Event-ID: errors {stream.errors}, events {stream.events}")
        await run(stream.close)

    incidents_page = tenant_a.must("{ incidents(first: 1) { edges { cursor } } }", None, "incidents")["edges"]
    garbage = ["garbage", "", "ZTE6", "e1:not-a-tenant:1", "////", "ZTE6YmE4OTdmNDEtZGNhMC00MzllLThjYmMtMTVjM2RlMDNjNjU2Ong"]
    if incidents_page:
        garbage.append(incidents_page[0]["cursor"])
    for bad in garbage:
        ws = await Subscriber(server, tenant_a.token, tenant_a.tenant, None, after=bad).start()
        await ws.wait_for_ending()
        check([codes(p) for p in ws.error_messages] == [["BAD_USER_INPUT"]] and not ws.events,
              f"[{label}] incidentEvents(after: {bad!r}) is an `error` message with BAD_USER_INPUT: "
              f"{ws.error_messages} {ws.next_errors} events {len(ws.events)}")
        await ws.stop()
        _, errors = await run(tenant_a, HISTORY, {"after": bad, "first": 10})
        check(codes(errors) == ["BAD_USER_INPUT"], f"[{label}] incidentEventHistory(after: {bad!r}): {errors}")
    stream = await run(lambda: EventStream(server, tenant_a.token, tenant_a.tenant, EVENTS_NO_AFTER, None, last_event_id="garbage").start())
    await run(stream.wait_for_ending)
    check(codes(stream.errors) == ["BAD_USER_INPUT"] and not stream.events,
          f"[{label}] SSE with Last-Event-ID: garbage: errors {stream.errors}, events {len(stream.events)}")
    await run(stream.close)
    for first in [1001, -1]:
        _, errors = await run(tenant_a, HISTORY, {"first": first})
        check(codes(errors) == ["BAD_USER_INPUT"], f"[{label}] incidentEventHistory(first: {first}) is BAD_USER_INPUT: {errors}")


# ---------------------------------------------------------------------------------------------
# 7. Randomized disconnects, reconnects and writes


class Resumer:
    """A client that keeps its last cursor across connections."""

    def __init__(self, name, actor, flt, start_cursor):
        self.name, self.actor, self.flt, self.start_cursor = name, actor, flt, start_cursor
        self.connections, self.current = [], None

    @property
    def received(self):
        return [e for c in self.connections for e in c.events]

    @property
    def last_cursor(self):
        received = self.received
        return received[-1]["cursor"] if received else self.start_cursor

    async def connect(self):
        self.current = await Subscriber(self.actor.server, self.actor.token, self.actor.tenant, self.flt, after=self.last_cursor).start()
        self.connections.append(self.current)

    async def disconnect(self):
        await self.current.stop()
        self.current = None


async def randomized(label, owner, rng, rounds=300):
    incidents = Incidents(owner)
    target = await run(incidents.report, "MEDIUM", "The watched incident")
    first = (await run(history, owner))[0]
    check(first["incident"]["id"] == target["incident"], f"[{label}] the first event is the watched incident's report")
    resumers = [Resumer("unfiltered", owner, None, first["cursor"]),
                Resumer("minSeverity HIGH", owner, {"minSeverity": "HIGH"}, first["cursor"]),
                Resumer("incidentId", owner, {"incidentId": target["incident"]}, first["cursor"])]
    for resumer in resumers:
        await resumer.connect()
    actions = collections.Counter()
    started = time.monotonic()
    for _ in range(rounds):
        roll = rng.random()
        connected = [r for r in resumers if r.current]
        away = [r for r in resumers if not r.current]
        if roll < 0.2 and connected:
            await rng.choice(connected).disconnect()
            actions["disconnect"] += 1
        elif roll < 0.4 and away:
            await rng.choice(away).connect()
            actions["reconnect"] += 1
        else:
            watched = rng.random() < 0.3
            await run(incidents.random, rng, 0.25, target["incident"] if watched else None)
            actions["event"] += 1
        if rng.random() < 0.3:
            await asyncio.sleep(rng.choice([0.001, 0.005, 0.02]))
    for resumer in resumers:
        if not resumer.current:
            await resumer.connect()
    print(f"  {rounds} rounds in {time.monotonic() - started:.1f} s: {dict(actions)}; "
          f"connections per subscriber {[len(r.connections) for r in resumers]}")

    for resumer in resumers:
        expected = await run(history, owner, first["cursor"], resumer.flt)
        deadline = time.monotonic() + 20
        while len(resumer.received) < len(expected) and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.5)  # anything extra (a repeat) would arrive now
        got = sequences(resumer.received)
        check(got == sequences(expected),
              f"[{label}] seed {SEED}: {resumer.name}'s events over {len(resumer.connections)} connections are the log's matching "
              f"events after the first: {first_difference(got, sequences(expected))}; duplicates {brief(duplicates(got))}; "
              f"missing {brief(sorted(set(sequences(expected)) - set(got)))}; extra {brief(sorted(set(got) - set(sequences(expected))))}")
        mine = [record_shape(r) for r in incidents.raised[1:] if matches(r, resumer.flt)]
        check([shape(e) for e in resumer.received] == mine,
              f"[{label}] seed {SEED}: {resumer.name}'s events are the matching events raised, in order: "
              f"{first_difference([shape(e) for e in resumer.received], mine)}")
        problems = [(n, c.problems) for n, c in enumerate(resumer.connections) if c.problems]
        check(not problems, f"[{label}] seed {SEED}: {resumer.name}'s connections: {problems}")
        await resumer.disconnect()
    await run(check_log_consecutive, label, owner, incidents, "randomized")


# ---------------------------------------------------------------------------------------------


async def scenario(server, label, retention_database, database_url=None):
    run_id = uuid.uuid4().hex[:8]
    auth = sign_up(server, f"resume-{run_id}@example.com", "Owner")
    rng = random.Random(f"{SEED}-{label}")
    started = time.monotonic()
    tenant_a = new_tenant(server, auth, "resume")
    cursor = await async_section(label, "1. resume over graphql-transport-ws", resume_ws, label, tenant_a, rng)
    await async_section(label, "2. events committed during a 3,000-event replay", seam, label, new_tenant(server, auth, "seam"))
    if database_url:
        # The second instance only for this part: it would otherwise share the CPU during the bulk writes.
        peer = Server(database_url)
        try:
            await async_section(label, "3. disconnect from instance A, resume on instance B", two_instances, label,
                                new_tenant(server, auth, "peer"), peer, rng)
        finally:
            peer.stop()
    await async_section(label, "4. Server-Sent Events: id lines and Last-Event-ID", run, sse, label, new_tenant(server, auth, "sse"), rng)
    await async_section(label, "5. an expired cursor", expired, label, retention_database)
    if cursor:
        await async_section(label, "6. another tenant's cursor, garbage cursors", foreign_cursors, label, server, auth, cursor, tenant_a)
    else:
        FAILURES.append(f"[{label}] 6. did not run (scenario 1 gave no cursor)")
    await async_section(label, f"7. randomized (seed {SEED})", randomized, label, new_tenant(server, auth, "random"), rng)
    print(f"[{label}] {time.monotonic() - started:.1f} s")


async def main():
    print(f"seed {SEED} (LANTERN_E2E_SEED={SEED} repeats the randomized run)")
    server = Server()
    try:
        await scenario(server, "sqlite", None)
    finally:
        server.stop()
    if POSTGRES_URL:
        suffix = uuid.uuid4().hex[:8]
        url = create_database(POSTGRES_URL, "lantern_resume_" + suffix)
        # The retention test trims every tenant's log: it gets a database of its own.
        retention_url = create_database(POSTGRES_URL, "lantern_retain_" + suffix)
        server = Server(url)
        try:
            await scenario(server, "postgres", retention_url, url)
        finally:
            server.stop()
    else:
        FAILURES.append("no PostgreSQL URL given: the PostgreSQL scenario did not run")
    if FAILURES:
        print(f"{len(FAILURES)} resumable-subscription check(s) failed (seed {SEED})")
        sys.exit(1)
    print("resumable subscriptions end to end: all checks passed")


asyncio.run(main())
