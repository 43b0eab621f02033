#!/usr/bin/env python3
"""Escalation policies, notifications and signed webhooks end to end against live `lantern serve`
processes (issue 16), on SQLite (one instance) and on PostgreSQL (two instances sharing the
database):

1. escalation policies: validation, roles, CRUD, routing by severity and deletion;
2. live escalation: an unacknowledged incident escalates level by level to the right users
   (`myNotifications` over graphql-transport-ws, on both instances), `Incident.escalation`, the
   timeline, `incidentEvents` and the audit log; acknowledging stops it, reopening restarts it,
   LOW urgency never escalates, repeats end EXHAUSTED; `notifications` and `markNotificationsRead`;
3. webhooks: a local receiver verifies every Standard Webhooks signature with the secret
   `createWebhookEndpoint` returned; one message per matching event with the documented body;
   a 30-incident burst across both instances arrives exactly once; retries keep the
   `webhook-id`; `Retry-After`, timeouts, dead letters, redelivery, 410 Gone, disabling,
   secret rotation (two signatures), redirects not followed, roles and validation;
4. isolation: another tenant's policies, endpoints, messages and notifications are NOT_FOUND;
5. safety: without LANTERN_WEBHOOKS_ALLOW_PRIVATE, loopback, private, link-local and metadata
   targets are BAD_USER_INPUT;
6. SIGKILL: pending webhook retries and escalation levels complete after a restart, exactly once;
7. `/metrics` names escalations, webhook attempts and the backlog.

    escalation_webhooks_e2e.py LANTERN_BINARY [POSTGRES_URL]
"""
import asyncio
import base64
import collections
import hashlib
import hmac
import json
import os
import re
import sys
import tempfile
import threading
import time
import traceback
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import websockets

import e2e_support
from e2e_support import FAILURES, As, Server, check, codes, create_database, create_tenant, free_port, gql, sign_up

e2e_support.configure(sys.argv[1])
POSTGRES_URL = sys.argv[2] if len(sys.argv) > 2 else None

# Whatever the caller's environment says, the servers here get exactly these settings.
for _name in ("LANTERN_WEBHOOKS_ALLOW_PRIVATE", "LANTERN_WEBHOOK_RETRY_SCHEDULE", "LANTERN_WEBHOOK_TIMEOUT_SECONDS"):
    os.environ.pop(_name, None)
RETRY_SCHEDULE = [1, 1, 1]  # seconds between attempts: 4 attempts, then DEAD_LETTERED
TIMEOUT_SECONDS = 2
ENVIRONMENT = {
    "LANTERN_WEBHOOKS_ALLOW_PRIVATE": "1",
    "LANTERN_WEBHOOK_RETRY_SCHEDULE": ",".join(map(str, RETRY_SCHEDULE)),
    "LANTERN_WEBHOOK_TIMEOUT_SECONDS": str(TIMEOUT_SECONDS),
    # Polling here is not what is tested: no budget in the way.
    "LANTERN_COST_BUDGET": "100000000",
}

INCIDENT_EVENT_TYPES = ["incident.reported", "incident.acknowledged", "incident.assigned", "incident.commented",
                        "incident.resolved", "incident.reopened", "incident.escalated"]
PAYLOAD_INCIDENT_KEYS = {"id", "number", "title", "description", "severity", "status", "urgency", "tags", "reporterId",
                         "assigneeId", "createdAt", "updatedAt", "acknowledgedAt", "resolvedAt", "resolution"}

# ---------------------------------------------------------------------------------------------
# Operations

POLICY = "id name repeatCount createdAt updatedAt levels { position delaySeconds targets { user { id } } }"
CREATE_POLICY = f"mutation($i: EscalationPolicyInput!) {{ createEscalationPolicy(input: $i) {{ {POLICY} }} }}"
UPDATE_POLICY = f"mutation($id: ID!, $i: EscalationPolicyInput!) {{ updateEscalationPolicy(id: $id, input: $i) {{ {POLICY} }} }}"
DELETE_POLICY = "mutation($id: ID!) { deleteEscalationPolicy(id: $id) }"
GET_POLICY = f"query($id: ID!) {{ escalationPolicy(id: $id) {{ {POLICY} }} }}"
LIST_POLICIES = f"{{ escalationPolicies {{ {POLICY} }} }}"
ROUTING = "defaultPolicy { id } bySeverity { severity policy { id } }"
SET_ROUTING = f"mutation($i: EscalationRoutingInput!) {{ setEscalationRouting(input: $i) {{ {ROUTING} }} }}"
GET_ROUTING = f"{{ escalationRouting {{ {ROUTING} }} }}"

NOTIFICATION = "id kind level createdAt readAt incident { id number }"
NOTIFICATIONS = f"""query($first: Int, $after: String, $u: Boolean) {{
  notifications(first: $first, after: $after, unreadOnly: $u) {{
    totalCount pageInfo {{ hasNextPage endCursor }} edges {{ cursor node {{ {NOTIFICATION} }} }} }} }}"""
MARK_READ = f"mutation($ids: [ID!]!) {{ markNotificationsRead(ids: $ids) {{ {NOTIFICATION} }} }}"
MY_NOTIFICATIONS = f"subscription {{ myNotifications {{ {NOTIFICATION} }} }}"

ESCALATION = "escalation { policy { id } level loop nextAt state }"
INCIDENT = f"id number title status severity urgency createdAt acknowledgedAt resolvedAt resolution assignee {{ id }} {ESCALATION}"
REPORT = f"mutation($i: ReportIncidentInput!) {{ reportIncident(input: $i) {{ {INCIDENT} }} }}"
ACK = f"mutation($id: ID!) {{ acknowledgeIncident(id: $id) {{ {INCIDENT} }} }}"
ASSIGN = f"mutation($id: ID!, $u: ID!) {{ assignIncident(id: $id, assigneeId: $u) {{ {INCIDENT} }} }}"
COMMENT = f"mutation($id: ID!, $b: String!) {{ commentOnIncident(id: $id, body: $b) {{ {INCIDENT} }} }}"
RESOLVE = f"mutation($id: ID!, $r: String!) {{ resolveIncident(id: $id, resolution: $r) {{ {INCIDENT} }} }}"
REOPEN = f"mutation($id: ID!) {{ reopenIncident(id: $id) {{ {INCIDENT} }} }}"
SNAPSHOT = f"""query($id: ID!) {{ incident(id: $id) {{ {INCIDENT}
  timeline(first: 100) {{ edges {{ node {{ kind level at message actor {{ id }} }} }} }} }} }}"""
EVENTS = "subscription { incidentEvents { id kind level sequence actor { id } incident { id status } } }"
HISTORY = """query($f: IncidentEventFilter) { incidentEventHistory(first: 1000, filter: $f) {
  edges { node { kind level sequence incident { id } } } } }"""
AUDIT = "{ auditLog(first: 100) { edges { node { action targetType targetId actor { id } } } } }"

ENDPOINT = "id url description eventTypes enabled disabledReason createdAt updatedAt previousSecretExpiresAt"
CREATE_ENDPOINT = f"mutation($i: CreateWebhookEndpointInput!) {{ createWebhookEndpoint(input: $i) {{ secret endpoint {{ {ENDPOINT} }} }} }}"
UPDATE_ENDPOINT = f"mutation($id: ID!, $i: UpdateWebhookEndpointInput!) {{ updateWebhookEndpoint(id: $id, input: $i) {{ {ENDPOINT} }} }}"
ROTATE = f"mutation($id: ID!) {{ rotateWebhookSecret(id: $id) {{ secret endpoint {{ {ENDPOINT} }} }} }}"
DISABLE = f"mutation($id: ID!) {{ disableWebhookEndpoint(id: $id) {{ {ENDPOINT} }} }}"
ENABLE = f"mutation($id: ID!) {{ enableWebhookEndpoint(id: $id) {{ {ENDPOINT} }} }}"
DELETE_ENDPOINT = "mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }"
GET_ENDPOINT = f"query($id: ID!) {{ webhookEndpoint(id: $id) {{ {ENDPOINT} }} }}"
LIST_ENDPOINTS = f"{{ webhookEndpoints {{ {ENDPOINT} }} }}"
EVENT_TYPES = "{ webhookEventTypes }"
MESSAGE = "id eventType payload status attempts nextAttemptAt createdAt"
MESSAGES = f"""query($e: ID!, $first: Int, $after: String, $s: WebhookMessageStatus) {{
  webhookMessages(endpointId: $e, first: $first, after: $after, status: $s) {{
    totalCount pageInfo {{ hasNextPage endCursor }} edges {{ cursor node {{ {MESSAGE} }} }} }} }}"""
DELIVERY = "id attempt status statusCode latencyMs error attemptedAt message { id status attempts }"
DELIVERIES = f"""query($e: ID!, $first: Int, $after: String, $s: WebhookDeliveryStatus) {{
  webhookDeliveries(endpointId: $e, first: $first, after: $after, status: $s) {{
    totalCount pageInfo {{ hasNextPage endCursor }} edges {{ cursor node {{ {DELIVERY} }} }} }} }}"""
REDELIVER = f"mutation($id: ID!) {{ redeliverWebhookMessage(id: $id) {{ {MESSAGE} }} }}"
ADD_MEMBER = "mutation($i: AddMemberInput!) { addMember(input: $i) { id role } }"


# ---------------------------------------------------------------------------------------------
# Helpers


def ms(text):
    """A DateTime (RFC 3339) as milliseconds since the epoch."""
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)


def now_ms():
    return int(time.time() * 1000)


def section(label, name, function, *args):
    """Runs one part of the scenario; an exception is a failure of that part, not of the rest."""
    print(f"[{label}] {name}", flush=True)
    started = time.monotonic()
    try:
        return function(*args)
    except Exception as error:  # noqa: BLE001 - reported, and the next part still runs
        FAILURES.append(f"[{label}] {name} stopped: {error!r}")
        print(f"  FAIL: [{label}] {name} stopped:")
        traceback.print_exc()
        return None
    finally:
        print(f"  ({time.monotonic() - started:.1f} s)", flush=True)


async def async_section(label, name, function, *args):
    print(f"[{label}] {name}", flush=True)
    started = time.monotonic()
    try:
        return await function(*args)
    except Exception as error:  # noqa: BLE001
        FAILURES.append(f"[{label}] {name} stopped: {error!r}")
        print(f"  FAIL: [{label}] {name} stopped:")
        traceback.print_exc()
        return None
    finally:
        print(f"  ({time.monotonic() - started:.1f} s)", flush=True)


def wait_until(fetch, done, timeout, interval=0.2):
    """Calls `fetch` until `done(value)` or the timeout; returns the last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = fetch()
        if done(value) or time.monotonic() >= deadline:
            return value
        time.sleep(interval)


def level(delay, *users):
    return {"delaySeconds": delay, "targetUserIds": [u.id for u in users]}


def snapshot(actor, incident_id):
    return actor.must(SNAPSHOT, {"id": incident_id}, f"incident {incident_id}")


def escalated_entries(incident):
    return [e["node"] for e in incident["timeline"]["edges"] if e["node"]["kind"] == "ESCALATED"]


def escalation_of(actor, incident_id):
    data, errors = actor("query($id: ID!) { incident(id: $id) { %s } }" % ESCALATION, {"id": incident_id})
    return None if errors or not data or not data["incident"] else data["incident"]["escalation"]


def report(actor, title, severity="HIGH", **extra):
    return actor.must(REPORT, {"i": {"title": title, "severity": severity, **extra}}, f"reportIncident {title}")


def connection(actor, query, variables, what):
    """Every node of a connection (pages of 100)."""
    nodes, after = [], None
    for _ in range(50):
        page = actor.must(query, {**variables, "first": 100, "after": after}, what)
        nodes += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return nodes
        after = page["pageInfo"]["endCursor"]
    raise AssertionError(f"{what} does not end")


def messages(actor, endpoint_id, status=None):
    return connection(actor, MESSAGES, {"e": endpoint_id, "s": status}, "webhookMessages")


def deliveries(actor, endpoint_id, status=None):
    return connection(actor, DELIVERIES, {"e": endpoint_id, "s": status}, "webhookDeliveries")


def member(server, owner_token, tenant, auth, role):
    _, errors, _ = gql(server, ADD_MEMBER, {"i": {"email": auth["user"]["email"], "role": role}}, token=owner_token, tenant=tenant)
    check(not errors, f"addMember {auth['user']['email']} as {role} in {tenant}: {errors}")



# ---------------------------------------------------------------------------------------------
# Standard Webhooks signatures


def signing_key(secret):
    assert secret.startswith("whsec_"), secret
    return base64.b64decode(secret[len("whsec_"):])


def signature(secret, message_id, timestamp, body):
    digest = hmac.new(signing_key(secret), f"{message_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def self_test():
    """The published Standard Webhooks test vector: the receiver's own verification is right."""
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    computed = signature(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, b'{"test": 2432232314}')
    assert computed == "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", computed


def check_secret(label, secret, what):
    ok = isinstance(secret, str) and secret.startswith("whsec_")
    if ok:
        try:
            ok = 24 <= len(base64.b64decode(secret[6:], validate=True)) <= 64
        except Exception:  # noqa: BLE001
            ok = False
    check(ok, f"[{label}] {what}: the secret is whsec_ and the base64 of 24 to 64 bytes: {secret!r}")


# ---------------------------------------------------------------------------------------------
# The webhook receiver


class Route:
    """One receiving URL (`/hooks/<name>`): how it answers (`respond(n)` for the n-th receipt of a
    webhook-id returns (status, headers, delay in seconds)), the secrets it verifies with, and
    every delivery it received, verified."""

    def __init__(self, receiver, name, respond=None):
        self.receiver, self.name = receiver, name
        self.respond = respond or (lambda n: (200, {}, 0))
        self.secrets = []
        self.deliveries = []
        self.problems = []
        self.lock = threading.Lock()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.receiver.port}/hooks/{self.name}"

    def answer(self, status, headers=None):
        self.respond = lambda n: (status, headers or {}, 0)

    def record(self, headers, body, arrived):
        message_id = headers.get("webhook-id")
        timestamp = headers.get("webhook-timestamp")
        header = headers.get("webhook-signature") or ""
        problems = []
        if not message_id or not message_id.startswith("msg_"):
            problems.append(f"webhook-id {message_id!r}")
        try:
            timestamp_value = int(timestamp)
            if abs(timestamp_value - arrived) > 10:
                problems.append(f"webhook-timestamp {timestamp} is {timestamp_value - arrived:.0f} s from the arrival")
        except (TypeError, ValueError):
            problems.append(f"webhook-timestamp {timestamp!r}")
        if not (headers.get("content-type") or "").startswith("application/json"):
            problems.append(f"content-type {headers.get('content-type')!r}")
        parts = header.split(" ") if header else []
        valid = []
        for part in parts:
            version, _, value = part.partition(",")
            matched = [index for index, secret in enumerate(self.secrets)
                       if version == "v1" and timestamp and hmac.compare_digest(value, signature(secret, message_id, timestamp, body))]
            valid.append(matched)
        if not any(valid):
            problems.append(f"no signature in {header!r} verifies with the endpoint's secret(s)")
        try:
            document = json.loads(body)
        except ValueError:
            document = None
            problems.append(f"the body is not JSON: {body[:200]!r}")
        with self.lock:
            n = 1 + sum(1 for d in self.deliveries if d["id"] == message_id)
            delivery = {"id": message_id, "timestamp": timestamp, "header": header, "parts": len(parts), "valid": valid,
                        "body": body, "json": document, "arrived": arrived, "n": n}
            self.deliveries.append(delivery)
            self.problems += [f"{self.name} {message_id}: {p}" for p in problems]
        return delivery

    def ids(self):
        with self.lock:
            return [d["id"] for d in self.deliveries]

    def of(self, message_id):
        with self.lock:
            return [d for d in self.deliveries if d["id"] == message_id]

    def wait(self, count, timeout, distinct=False):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ids = self.ids()
            if (len(set(ids)) if distinct else len(ids)) >= count:
                break
            time.sleep(0.05)
        return self.deliveries


class Receiver:
    """A local HTTP server receiving webhooks on /hooks/<route name>."""

    def __init__(self, port=None):
        self.port = port or free_port()
        self.routes = {}
        self.strays = []
        self.httpd = None

    def route(self, name, respond=None):
        route = Route(self, name, respond)
        self.routes[name] = route
        return route

    def start(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                receiver.handle(self)

            def do_GET(self):
                receiver.strays.append(("GET", self.path))
                self.send_response(405)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def stop(self):
        if self.httpd:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.httpd = None

    @staticmethod
    def read_body(request):
        if "chunked" in (request.headers.get("Transfer-Encoding") or "").lower():
            body = b""
            while True:
                size = int(request.rfile.readline().strip().split(b";")[0], 16)
                if size == 0:
                    request.rfile.readline()
                    return body
                body += request.rfile.read(size)
                request.rfile.readline()
        return request.rfile.read(int(request.headers.get("Content-Length") or 0))

    def handle(self, request):
        arrived = time.time()
        body = self.read_body(request)
        name = request.path.split("?")[0].rsplit("/", 1)[-1]
        route = self.routes.get(name) if request.path.startswith("/hooks/") else None
        if route is None:
            self.strays.append(("POST", request.path))
            status, headers, delay = 404, {}, 0
        else:
            delivery = route.record({k.lower(): v for k, v in request.headers.items()}, body, arrived)
            status, headers, delay = route.respond(delivery["n"])
            delivery["answered"] = status
        if delay:
            time.sleep(delay)
        try:
            payload = b"ok"
            request.send_response(status)
            for key, value in headers.items():
                request.send_header(key, value)
            request.send_header("Content-Length", str(len(payload)))
            request.end_headers()
            request.wfile.write(payload)
        except OSError:
            pass  # the sender gave up (a timeout test)


def route_clean(label, route, what):
    check(not route.problems, f"[{label}] {what}: every delivery is well formed and verifies: {route.problems[:5]}")


def create_endpoint(label, actor, route, event_types, description=""):
    created = actor.must(CREATE_ENDPOINT, {"i": {"url": route.url, "description": description, "eventTypes": event_types}},
                         f"createWebhookEndpoint {route.name}")
    check_secret(label, created["secret"], f"createWebhookEndpoint {route.name}")
    route.secrets.append(created["secret"])
    endpoint = created["endpoint"]
    check(endpoint["url"] == route.url and endpoint["eventTypes"] == event_types and endpoint["enabled"] is True
          and endpoint["disabledReason"] is None and endpoint["description"] == description,
          f"[{label}] createWebhookEndpoint {route.name} returns what was asked: {endpoint}")
    return endpoint


# ---------------------------------------------------------------------------------------------
# graphql-transport-ws


class Feed:
    """One graphql-transport-ws connection with one subscription, keeping each item of `field`
    with its arrival time, errors, and the close code."""

    def __init__(self, server, actor, query, field, name):
        self.server, self.actor, self.query, self.field, self.name = server, actor, query, field, name
        self.items, self.arrivals, self.errors, self.closed = [], [], [], None

    async def start(self):
        self.socket = await websockets.connect(self.server.ws_url, subprotocols=["graphql-transport-ws"])
        await self.socket.send(json.dumps({"type": "connection_init",
                                           "payload": {"authorization": f"Bearer {self.actor.token}", "tenant": self.actor.tenant}}))
        ack = json.loads(await asyncio.wait_for(self.socket.recv(), 10))
        assert ack["type"] == "connection_ack", ack
        await self.socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": self.query, "variables": {}}}))
        self.reader = asyncio.create_task(self.read())
        return self

    async def read(self):
        try:
            async for raw in self.socket:
                message = json.loads(raw)
                if message["type"] == "next":
                    payload = message["payload"]
                    if payload.get("errors"):
                        self.errors.extend(payload["errors"])
                    if (payload.get("data") or {}).get(self.field):
                        self.items.append(payload["data"][self.field])
                        self.arrivals.append(time.monotonic())
                elif message["type"] == "error":
                    self.errors.extend(message["payload"])
                elif message["type"] == "complete":
                    self.errors.append({"message": "complete"})
                elif message["type"] == "ping":
                    await self.socket.send(json.dumps({"type": "pong"}))
        except websockets.ConnectionClosed as closed:
            self.closed = closed.rcvd.code if closed.rcvd else None

    async def wait_for(self, predicate, timeout):
        deadline = time.monotonic() + timeout
        while not predicate(self.items) and time.monotonic() < deadline and not self.reader.done():
            await asyncio.sleep(0.02)
        return self.items

    async def stop(self):
        self.reader.cancel()
        await self.socket.close()


def about(items, incident_id):
    """Notifications (or events) of one incident as their levels, in arrival order."""
    return [item["level"] for item in items if item["incident"]["id"] == incident_id]


# ---------------------------------------------------------------------------------------------
# 1. Policies: validation, roles, CRUD; routing


def policy_admin(label, t):
    admin, owner, r1, r2, r3, viewer, stranger = (t["esc"][n] for n in ["admin", "owner", "r1", "r2", "r3", "viewer", "stranger"])
    members = [owner, admin, r1, r2, r3, viewer]
    bad = [
        ("no levels", {"name": "Bad", "levels": []}),
        ("delaySeconds 0", {"name": "Bad", "levels": [level(0, r1)]}),
        ("delaySeconds 86401", {"name": "Bad", "levels": [level(86401, r1)]}),
        ("no targets", {"name": "Bad", "levels": [level(5)]}),
        ("11 targets", {"name": "Bad", "levels": [level(5, *(members + members[:5]))]}),
        ("repeatCount 10", {"name": "Bad", "levels": [level(5, r1)], "repeatCount": 10}),
        ("repeatCount -1", {"name": "Bad", "levels": [level(5, r1)], "repeatCount": -1}),
        ("an empty name", {"name": "", "levels": [level(5, r1)]}),
        ("a 101-character name", {"name": "n" * 101, "levels": [level(5, r1)]}),
        ("21 levels", {"name": "Bad", "levels": [level(1, r1)] * 21}),
    ]
    for what, policy in bad:
        _, errors = admin(CREATE_POLICY, {"i": policy})
        check(codes(errors) == ["BAD_USER_INPUT"], f"[{label}] createEscalationPolicy with {what} is BAD_USER_INPUT: {errors}")
    # "1 to 10 members of the tenant" is an input rule like the others: BAD_USER_INPUT.
    for what, user_id in [("a user of another tenant", stranger.id), ("an id that is no user", "usr_" + "0" * 20)]:
        _, errors = admin(CREATE_POLICY, {"i": {"name": "Bad", "levels": [{"delaySeconds": 5, "targetUserIds": [r1.id, user_id]}]}})
        check(codes(errors) == ["BAD_USER_INPUT"], f"[{label}] createEscalationPolicy targeting {what} is BAD_USER_INPUT: {errors}")
    listed = admin.must(LIST_POLICIES, {}, "escalationPolicies")
    check(listed == [], f"[{label}] no refused policy was created: {[p['name'] for p in listed]}")

    # Roles: ADMIN creates; RESPONDER and VIEWER cannot; VIEWER reads.
    for who, actor in [("RESPONDER", r1), ("VIEWER", viewer)]:
        _, errors = actor(CREATE_POLICY, {"i": {"name": "Mine", "levels": [level(5, r1)]}})
        check(codes(errors) == ["FORBIDDEN"], f"[{label}] a {who} cannot create a policy: {errors}")
    boundaries = admin.must(CREATE_POLICY, {"i": {"name": "Boundaries", "levels": [level(86400, *members), level(1, r1)],
                                                  "repeatCount": 9}}, "createEscalationPolicy at the bounds")
    check(boundaries["repeatCount"] == 9 and [l["position"] for l in boundaries["levels"]] == [1, 2]
          and [l["delaySeconds"] for l in boundaries["levels"]] == [86400, 1]
          and [t["user"]["id"] for t in boundaries["levels"][0]["targets"]] == [m.id for m in members]
          and [t["user"]["id"] for t in boundaries["levels"][1]["targets"]] == [r1.id],
          f"[{label}] a policy at the bounds (86,400 s, repeatCount 9) keeps its levels and targets in order: {boundaries}")
    beta = admin.must(CREATE_POLICY, {"i": {"name": "Beta", "levels": [level(5, r1), level(10, r2, r3)]}}, "createEscalationPolicy Beta")
    check(beta["repeatCount"] == 0, f"[{label}] repeatCount defaults to 0: {beta['repeatCount']}")
    alpha = admin.must(CREATE_POLICY, {"i": {"name": "Alpha", "levels": [level(5, r3)], "repeatCount": 2}}, "createEscalationPolicy Alpha")
    data, errors = viewer(LIST_POLICIES)
    names = [p["name"] for p in (data or {}).get("escalationPolicies") or []]
    check(not errors and names == ["Alpha", "Beta", "Boundaries"], f"[{label}] a VIEWER lists the policies by name: {names} {errors}")
    data, errors = viewer(GET_POLICY, {"id": beta["id"]})
    check(not errors and data["escalationPolicy"] == beta, f"[{label}] escalationPolicy(id:) as a VIEWER: {data} {errors}")

    # Update and delete.
    _, errors = r1(UPDATE_POLICY, {"id": beta["id"], "i": {"name": "Mine", "levels": [level(5, r1)]}})
    check(codes(errors) == ["FORBIDDEN"], f"[{label}] a RESPONDER cannot update a policy: {errors}")
    _, errors = admin(UPDATE_POLICY, {"id": beta["id"], "i": {"name": "Beta", "levels": [level(0, r1)]}})
    check(codes(errors) == ["BAD_USER_INPUT"], f"[{label}] updateEscalationPolicy with delaySeconds 0 is BAD_USER_INPUT: {errors}")
    time.sleep(0.01)
    updated = admin.must(UPDATE_POLICY, {"id": beta["id"], "i": {"name": "Bravo", "levels": [level(7, r2)], "repeatCount": 3}},
                         "updateEscalationPolicy")
    check(updated["id"] == beta["id"] and updated["name"] == "Bravo" and updated["repeatCount"] == 3
          and [(l["position"], l["delaySeconds"], [x["user"]["id"] for x in l["targets"]]) for l in updated["levels"]] == [(1, 7, [r2.id])]
          and updated["createdAt"] == beta["createdAt"] and ms(updated["updatedAt"]) > ms(beta["updatedAt"]),
          f"[{label}] updateEscalationPolicy replaces name, levels and repeat count, keeps createdAt: {updated}")
    data, errors = viewer(GET_POLICY, {"id": beta["id"]})
    check(not errors and data["escalationPolicy"] == updated, f"[{label}] the update is read back: {data} {errors}")
    _, errors = r1(DELETE_POLICY, {"id": alpha["id"]})
    check(codes(errors) == ["FORBIDDEN"], f"[{label}] a RESPONDER cannot delete a policy: {errors}")
    for policy in (alpha, beta, boundaries):
        data, errors = admin(DELETE_POLICY, {"id": policy["id"]})
        check(not errors and data["deleteEscalationPolicy"] is True, f"[{label}] deleteEscalationPolicy {policy['name']}: {data} {errors}")
    data, errors = admin(GET_POLICY, {"id": alpha["id"]})
    check(codes(errors) == ["NOT_FOUND"] and (data or {}).get("escalationPolicy") is None,
          f"[{label}] a deleted policy is NOT_FOUND: {data} {errors}")
    _, errors = admin(DELETE_POLICY, {"id": alpha["id"]})
    check(codes(errors) == ["NOT_FOUND"], f"[{label}] deleting a deleted policy is NOT_FOUND: {errors}")
    _, errors = admin(UPDATE_POLICY, {"id": alpha["id"], "i": {"name": "Back", "levels": [level(5, r1)]}})
    check(codes(errors) == ["NOT_FOUND"], f"[{label}] updating a deleted policy is NOT_FOUND: {errors}")


def routing(label, t):
    owner, r1, r2 = (t["route"][n] for n in ["owner", "r1", "r2"])
    default = owner.must(CREATE_POLICY, {"i": {"name": "Default", "levels": [level(60, r1), level(60, r2)]}}, "createEscalationPolicy Default")
    critical = owner.must(CREATE_POLICY, {"i": {"name": "Critical", "levels": [level(60, r2), level(60, r1)]}}, "createEscalationPolicy Critical")
    explicit = owner.must(CREATE_POLICY, {"i": {"name": "Explicit", "levels": [level(60, r1), level(60, r2)]}}, "createEscalationPolicy Explicit")
    data, errors = r1(GET_ROUTING)
    check(not errors and data["escalationRouting"] == {"defaultPolicy": None, "bySeverity": []},
          f"[{label}] a new tenant routes nowhere: {data} {errors}")
    unrouted = report(owner, "Unrouted", "CRITICAL")
    check(unrouted["escalation"] is None and unrouted["urgency"] == "HIGH",
          f"[{label}] without routing or a policy an incident does not escalate (urgency HIGH by default): {unrouted}")

    _, errors = r1(SET_ROUTING, {"i": {"defaultPolicyId": default["id"]}})
    check(codes(errors) == ["FORBIDDEN"], f"[{label}] a RESPONDER cannot set the routing: {errors}")
    _, errors = owner(SET_ROUTING, {"i": {"bySeverity": [{"severity": "HIGH", "policyId": default["id"]},
                                                       {"severity": "HIGH", "policyId": critical["id"]}]}})
    check(codes(errors) == ["BAD_USER_INPUT"], f"[{label}] two routes for one severity are BAD_USER_INPUT: {errors}")
    _, errors = owner(SET_ROUTING, {"i": {"defaultPolicyId": "esc_" + "0" * 20}})
    check(codes(errors) == ["NOT_FOUND"], f"[{label}] routing to a policy that does not exist is NOT_FOUND: {errors}")
    wanted = {"defaultPolicy": {"id": default["id"]}, "bySeverity": [{"severity": "CRITICAL", "policy": {"id": critical["id"]}}]}
    data, errors = owner(SET_ROUTING, {"i": {"defaultPolicyId": default["id"], "bySeverity": [{"severity": "CRITICAL", "policyId": critical["id"]}]}})
    check(not errors and data["setEscalationRouting"] == wanted, f"[{label}] setEscalationRouting: {data} {errors}")
    data, errors = r1(GET_ROUTING)
    check(not errors and data["escalationRouting"] == wanted, f"[{label}] escalationRouting read back: {data} {errors}")

    by_severity = report(owner, "Routed by severity", "CRITICAL")
    by_default = report(owner, "Routed by default", "MEDIUM")
    named = report(owner, "Named policy", "CRITICAL", escalationPolicyId=explicit["id"])
    low = report(owner, "Low urgency", "CRITICAL", urgency="LOW")
    for incident, policy, what in [(by_severity, critical, "the CRITICAL route"), (by_default, default, "the default route"),
                                   (named, explicit, "the policy the report names")]:
        escalation = incident["escalation"]
        check(escalation is not None and escalation["policy"] == {"id": policy["id"]} and escalation["state"] == "ACTIVE"
              and escalation["loop"] == 0 and escalation["level"] in (0, 1),
              f"[{label}] an incident reported under {what} escalates with {policy['name']}: {escalation}")
    check(low["escalation"] is None and low["urgency"] == "LOW", f"[{label}] a LOW-urgency incident does not escalate despite routing: {low}")
    for incident in (by_severity, by_default, named):
        escalation = wait_until(lambda: escalation_of(owner, incident["id"]), lambda e: e and e["level"] >= 1, 5)
        check(escalation and escalation["level"] == 1 and escalation["state"] == "ACTIVE",
              f"[{label}] level 1 of {incident['title']!r} fires at once: {escalation}")
    r1_list = r1.must(NOTIFICATIONS, {"first": 20}, "notifications as r1 in the routing tenant")
    r2_list = r2.must(NOTIFICATIONS, {"first": 20}, "notifications as r2 in the routing tenant")
    check(sorted(e["node"]["incident"]["id"] for e in r1_list["edges"]) == sorted([by_default["id"], named["id"]]),
          f"[{label}] r1 is told of the incidents whose level 1 names r1: {[e['node'] for e in r1_list['edges']]}")
    check([e["node"]["incident"]["id"] for e in r2_list["edges"]] == [by_severity["id"]],
          f"[{label}] r2 is told of the CRITICAL-routed incident: {[e['node'] for e in r2_list['edges']]}")

    # Deleting a policy stops its escalations and removes its routes.
    owner.must(DELETE_POLICY, {"id": default["id"]}, "deleteEscalationPolicy Default")
    escalation = escalation_of(owner, by_default["id"])
    check(escalation and escalation["state"] == "STOPPED" and escalation["policy"] is None and escalation["nextAt"] is None,
          f"[{label}] an escalation under a deleted policy is STOPPED with no policy: {escalation}")
    data, errors = owner(GET_ROUTING)
    check(not errors and data["escalationRouting"] == {"defaultPolicy": None, "bySeverity": wanted["bySeverity"]},
          f"[{label}] deleting the default policy removes its route only: {data} {errors}")
    for incident in (by_severity, named):
        resolved = owner.must(RESOLVE, {"id": incident["id"], "r": "Done"}, "resolveIncident")
        check(resolved["escalation"] and resolved["escalation"]["state"] == "STOPPED" and resolved["escalation"]["nextAt"] is None,
              f"[{label}] resolving stops the escalation (in the mutation's own result): {resolved['escalation']}")
    data, errors = owner(SET_ROUTING, {"i": {}})
    check(not errors and data["setEscalationRouting"] == {"defaultPolicy": None, "bySeverity": []},
          f"[{label}] setEscalationRouting with nothing clears the routing: {data} {errors}")


# ---------------------------------------------------------------------------------------------
# 2. Live escalation


async def escalation_live(label, t, server, peer):
    esc = t["esc"]
    owner, admin, r1, r2, r3, viewer = (esc[n] for n in ["owner", "admin", "r1", "r2", "r3", "viewer"])
    other = peer or server

    def on(actor, instance):
        return actor.on(instance) if instance is not server else actor

    async def run(function, *args, **kwargs):
        return await asyncio.to_thread(function, *args, **kwargs)

    main_policy = admin.must(CREATE_POLICY, {"i": {"name": "Main", "levels": [level(1, r1, r2), level(2, r3)], "repeatCount": 1}},
                             "createEscalationPolicy Main")
    loop_policy = admin.must(CREATE_POLICY, {"i": {"name": "Loop", "levels": [level(1, admin), level(1, admin)], "repeatCount": 1}},
                             "createEscalationPolicy Loop")
    zero_policy = admin.must(CREATE_POLICY, {"i": {"name": "Once", "levels": [level(1, owner)], "repeatCount": 0}},
                             "createEscalationPolicy Once")
    feeds = {"r1": Feed(server, r1, MY_NOTIFICATIONS, "myNotifications", "r1"),
             "r2": Feed(other, on(r2, other), MY_NOTIFICATIONS, "myNotifications", "r2"),
             "r3": Feed(other, on(r3, other), MY_NOTIFICATIONS, "myNotifications", "r3"),
             "admin": Feed(server, admin, MY_NOTIFICATIONS, "myNotifications", "admin"),
             "owner": Feed(other, on(owner, other), MY_NOTIFICATIONS, "myNotifications", "owner"),
             "viewer": Feed(server, viewer, MY_NOTIFICATIONS, "myNotifications", "viewer"),
             # r1 in another tenant: that tenant's notifications only.
             "r1-route": Feed(other, on(t["route"]["r1"], other), MY_NOTIFICATIONS, "myNotifications", "r1 in the routing tenant")}
    events = Feed(other, on(owner, other), EVENTS, "incidentEvents", "incidentEvents")
    for feed in list(feeds.values()) + [events]:
        await feed.start()
    await asyncio.sleep(0.5)  # the subscriptions are attached before anything happens

    main = await run(report, owner, "Nobody looks", "HIGH", escalationPolicyId=main_policy["id"])
    looping = await run(report, on(owner, other), "Nobody ever looks", "MEDIUM", escalationPolicyId=loop_policy["id"])
    once = await run(report, owner, "Looked at once", "LOW", escalationPolicyId=zero_policy["id"])
    low = await run(report, on(owner, other), "Not urgent", "CRITICAL", escalationPolicyId=main_policy["id"], urgency="LOW")
    check(main["urgency"] == "HIGH" and main["escalation"] and main["escalation"]["policy"] == {"id": main_policy["id"]}
          and main["escalation"]["state"] == "ACTIVE", f"[{label}] reportIncident with a policy: {main}")
    check(low["urgency"] == "LOW" and low["escalation"] is None, f"[{label}] a LOW-urgency incident has no escalation: {low}")

    # Level 1 (r1, r2) at once, then level 2 (r3) a second later; acknowledged as soon as r3 hears.
    await feeds["r1"].wait_for(lambda items: about(items, main["id"]), 5)
    await feeds["r2"].wait_for(lambda items: about(items, main["id"]), 5)
    first = await run(snapshot, owner, main["id"])
    fired = escalated_entries(first)
    check(fired and fired[0]["level"] == 1 and ms(fired[0]["at"]) - ms(main["createdAt"]) <= 2000,
          f"[{label}] level 1 fires at once (within ~1 s of the report): reported {main['createdAt']}, {fired}")
    escalation = first["escalation"]
    if fired and escalation and escalation["state"] == "ACTIVE" and escalation["level"] == fired[-1]["level"]:
        delay = main_policy["levels"][escalation["level"] - 1]["delaySeconds"] * 1000
        check(escalation["nextAt"] and abs(ms(escalation["nextAt"]) - (ms(fired[-1]["at"]) + delay)) <= 1000,
              f"[{label}] nextAt is the firing plus the level's delay: {escalation} after {fired[-1]}")
    check(escalation and escalation["loop"] == 0 and escalation["level"] in (1, 2) and escalation["state"] == "ACTIVE",
          f"[{label}] Incident.escalation after level 1: {escalation}")
    await feeds["r3"].wait_for(lambda items: about(items, main["id"]), 6)
    acknowledged = await run(r1.must, ACK, {"id": main["id"]}, "acknowledgeIncident")
    check(acknowledged["escalation"] and acknowledged["escalation"]["state"] == "STOPPED" and acknowledged["escalation"]["nextAt"] is None
          and acknowledged["escalation"]["level"] == 2 and acknowledged["escalation"]["loop"] == 0,
          f"[{label}] acknowledging after level 2 stops the escalation at level 2: {acknowledged['escalation']}")
    await asyncio.sleep(3.5)  # longer than level 2's delay: loop 1 would have begun
    for name, levels in [("r1", [1]), ("r2", [1]), ("r3", [2])]:
        check(about(feeds[name].items, main["id"]) == levels,
              f"[{label}] {name} heard of the incident at levels {levels} (none after the acknowledgement): {about(feeds[name].items, main['id'])}")
    if feeds["r1"].items and feeds["r3"].items and about(feeds["r3"].items, main["id"]):
        gap = ms(feeds["r3"].items[0]["createdAt"]) - ms(feeds["r1"].items[0]["createdAt"])
        check(950 <= gap <= 2500, f"[{label}] level 2 fires level 1's delay (1 s) after it: {gap} ms")
    state = await run(escalation_of, owner, main["id"])
    check(state and state["state"] == "STOPPED" and state["level"] == 2 and state["loop"] == 0 and state["nextAt"] is None,
          f"[{label}] a few seconds after the acknowledgement: {state}")

    # A policy run twice (repeatCount 1), and one run once (repeatCount 0): EXHAUSTED.
    looped = await run(wait_until, lambda: escalation_of(owner, looping["id"]), lambda e: e and e["state"] != "ACTIVE", 10)
    check(looped and looped["state"] == "EXHAUSTED" and looped["level"] == 2 and looped["loop"] == 1 and looped["nextAt"] is None
          and looped["policy"] == {"id": loop_policy["id"]}, f"[{label}] levels 1, 2, then once more, then EXHAUSTED: {looped}")
    ran_once = await run(wait_until, lambda: escalation_of(owner, once["id"]), lambda e: e and e["state"] != "ACTIVE", 6)
    check(ran_once and ran_once["state"] == "EXHAUSTED" and ran_once["level"] == 1 and ran_once["loop"] == 0 and ran_once["nextAt"] is None,
          f"[{label}] repeatCount 0: one level, then EXHAUSTED: {ran_once}")
    await asyncio.sleep(1.5)
    check(about(feeds["admin"].items, looping["id"]) == [1, 2, 1, 2],
          f"[{label}] the looping policy's target heard levels 1, 2, 1, 2 and nothing after EXHAUSTED: {about(feeds['admin'].items, looping['id'])}")
    check(about(feeds["owner"].items, once["id"]) == [1], f"[{label}] repeatCount 0 notified once: {about(feeds['owner'].items, once['id'])}")
    loop_timeline = await run(snapshot, owner, looping["id"])
    loop_levels = [e["level"] for e in escalated_entries(loop_timeline)]
    check(loop_levels == [1, 2, 1, 2], f"[{label}] the looping incident's timeline has ESCALATED 1, 2, 1, 2: {loop_levels}")
    at = [ms(e["at"]) for e in escalated_entries(loop_timeline)]
    check(all(950 <= b - a <= 2500 for a, b in zip(at, at[1:])), f"[{label}] 1 s between the looping incident's levels: {at}")

    # Resolve and reopen: level 1 again, from the top; then acknowledged.
    await run(r1.must, RESOLVE, {"id": main["id"], "r": "Went away"}, "resolveIncident")
    reopened = await run(on(owner, other).must, REOPEN, {"id": main["id"]}, "reopenIncident")
    check(reopened["escalation"] and reopened["escalation"]["state"] == "ACTIVE" and reopened["escalation"]["loop"] == 0
          and reopened["escalation"]["level"] in (0, 1), f"[{label}] reopening restarts the escalation: {reopened['escalation']}")
    await feeds["r1"].wait_for(lambda items: len(about(items, main["id"])) >= 2, 5)
    restarted = await run(escalation_of, owner, main["id"])
    check(restarted and restarted["state"] == "ACTIVE" and restarted["level"] == 1 and restarted["loop"] == 0,
          f"[{label}] after the reopening level 1 fired again: {restarted}")
    stopped = await run(r2.must, ACK, {"id": main["id"]}, "acknowledgeIncident after reopening")
    check(stopped["escalation"] and stopped["escalation"]["state"] == "STOPPED", f"[{label}] acknowledged again: {stopped['escalation']}")
    await asyncio.sleep(2)
    for name, levels in [("r1", [1, 1]), ("r2", [1, 1]), ("r3", [2])]:
        check(about(feeds[name].items, main["id"]) == levels, f"[{label}] {name} after the reopening: {about(feeds[name].items, main['id'])} (expected {levels})")
    check(not feeds["viewer"].items, f"[{label}] a member no level names hears nothing: {feeds['viewer'].items}")
    check(not any(about(feed.items, low["id"]) for feed in feeds.values()), f"[{label}] nobody hears of the LOW-urgency incident")
    check(not feeds["r1-route"].items, f"[{label}] r1's subscription in another tenant hears nothing of this one: {feeds['r1-route'].items}")
    for name, feed in feeds.items():
        check(not feed.errors and feed.closed is None, f"[{label}] {name}'s myNotifications: errors {feed.errors}, closed {feed.closed}")
        check(all(item["kind"] == "ESCALATION" and item["readAt"] is None for item in feed.items),
              f"[{label}] {name}'s pushed notifications are unread ESCALATIONs: {feed.items}")

    # The timeline, the event log and the audit log.
    final = await run(snapshot, owner, main["id"])
    kinds = [(e["node"]["kind"], e["node"]["level"]) for e in final["timeline"]["edges"]]
    expected = [("REPORTED", None), ("ESCALATED", 1), ("ESCALATED", 2), ("ACKNOWLEDGED", None), ("RESOLVED", None),
                ("REOPENED", None), ("ESCALATED", 1), ("ACKNOWLEDGED", None)]
    check(kinds == expected, f"[{label}] the timeline: {kinds}")
    check(all(e["actor"] is None for e in escalated_entries(final)), f"[{label}] ESCALATED entries have no actor: {escalated_entries(final)}")
    low_timeline = await run(snapshot, owner, low["id"])
    check(not escalated_entries(low_timeline) and low_timeline["escalation"] is None,
          f"[{label}] the LOW-urgency incident never escalated: {low_timeline['escalation']} {escalated_entries(low_timeline)}")
    check(not events.errors and about([e for e in events.items if e["kind"] == "ESCALATED"], main["id"]) == [1, 2, 1]
          and about([e for e in events.items if e["kind"] == "ESCALATED"], looping["id"]) == [1, 2, 1, 2],
          f"[{label}] incidentEvents carries each ESCALATED event once, with its level: "
          f"{[(e['kind'], e['level'], e['incident']['id'][-6:]) for e in events.items]} {events.errors}")
    sequences = [e["sequence"] for e in events.items]
    check(sequences == sorted(set(sequences)), f"[{label}] incidentEvents in log order, none twice: {sequences}")
    check(all(e["actor"] is None for e in events.items if e["kind"] == "ESCALATED"), f"[{label}] ESCALATED events have no actor")
    audit = await run(owner.must, AUDIT, {}, "auditLog")
    escalations = [e["node"] for e in audit["edges"] if "escalat" in e["node"]["action"].lower() and e["node"]["targetId"] == main["id"]]
    check(len(escalations) == 3, f"[{label}] one audit entry per firing of the incident (3) naming it: {escalations}")

    # notifications and markNotificationsRead.
    listing = await run(r1.must, NOTIFICATIONS, {"first": 20}, "notifications as r1")
    nodes = [e["node"] for e in listing["edges"]]
    check(listing["totalCount"] == 2 and [n["incident"]["id"] for n in nodes] == [main["id"]] * 2
          and [n["level"] for n in nodes] == [1, 1] and all(n["kind"] == "ESCALATION" and n["readAt"] is None for n in nodes),
          f"[{label}] r1's notifications in this tenant: {listing['totalCount']} {nodes}")
    check(sorted(n["id"] for n in nodes) == sorted(n["id"] for n in feeds["r1"].items),
          f"[{label}] the notifications listed are those pushed: {[n['id'] for n in nodes]} vs {[n['id'] for n in feeds['r1'].items]}")
    check(len(nodes) == 2 and ms(nodes[0]["createdAt"]) >= ms(nodes[1]["createdAt"]), f"[{label}] notifications newest first: {nodes}")
    page = await run(r1.must, NOTIFICATIONS, {"first": 1}, "notifications(first: 1)")
    rest = await run(r1.must, NOTIFICATIONS, {"first": 1, "after": page["pageInfo"]["endCursor"]}, "notifications(after:)")
    check(page["pageInfo"]["hasNextPage"] and [e["node"]["id"] for e in page["edges"] + rest["edges"]] == [n["id"] for n in nodes]
          and not rest["pageInfo"]["hasNextPage"], f"[{label}] notifications page by cursor: {page} {rest}")
    if len(nodes) == 2:
        newest, oldest = nodes
        marked = await run(r1.must, MARK_READ, {"ids": [oldest["id"]]}, "markNotificationsRead")
        check(len(marked) == 1 and marked[0]["id"] == oldest["id"] and marked[0]["readAt"],
              f"[{label}] markNotificationsRead returns the notification read: {marked}")
        unread = await run(r1.must, NOTIFICATIONS, {"u": True}, "notifications(unreadOnly: true)")
        check(unread["totalCount"] == 1 and [e["node"]["id"] for e in unread["edges"]] == [newest["id"]],
              f"[{label}] unreadOnly after marking one: {unread}")
        await asyncio.sleep(0.05)
        again = await run(r1.must, MARK_READ, {"ids": [oldest["id"], newest["id"]]}, "markNotificationsRead both")
        read_at = {n["id"]: n["readAt"] for n in again}
        check(marked and read_at.get(oldest["id"]) == marked[0]["readAt"] and read_at.get(newest["id"]),
              f"[{label}] marking again keeps the first read time and marks the other: {again}")
        unread = await run(r1.must, NOTIFICATIONS, {"u": True}, "notifications(unreadOnly: true)")
        everything = await run(r1.must, NOTIFICATIONS, {}, "notifications")
        check(unread["totalCount"] == 0 and not unread["edges"] and everything["totalCount"] == 2,
              f"[{label}] all read: unreadOnly {unread['totalCount']}, all {everything['totalCount']}")
        r3_note = feeds["r3"].items[0]["id"] if feeds["r3"].items else None
        if r3_note:
            _, errors = await run(r1, MARK_READ, {"ids": [r3_note]})
            check(codes(errors) == ["NOT_FOUND"], f"[{label}] marking another member's notification read is NOT_FOUND: {errors}")
            r3_list = await run(r3.must, NOTIFICATIONS, {"u": True}, "notifications as r3")
            check(r3_list["totalCount"] == 1, f"[{label}] r3's notification is still unread: {r3_list}")
        _, errors = await run(r1, MARK_READ, {"ids": ["ntf_" + "0" * 20]})
        check(codes(errors) == ["NOT_FOUND"], f"[{label}] marking an unknown notification is NOT_FOUND: {errors}")
    for feed in list(feeds.values()) + [events]:
        await feed.stop()


# ---------------------------------------------------------------------------------------------
# 3. Webhooks


def check_payload(label, what, delivery, event_type, tenant, incident, actor, sequence, extra=None):
    body = delivery["json"] or {}
    data = body.get("data") or {}
    problems = []
    if body.get("type") != event_type:
        problems.append(("type", body.get("type")))
    try:
        ms(body.get("timestamp"))
    except Exception:  # noqa: BLE001
        problems.append(("timestamp", body.get("timestamp")))
    if data.get("tenant") != {"id": tenant["id"], "slug": tenant["slug"]}:
        problems.append(("tenant", data.get("tenant")))
    sent = data.get("incident") or {}
    if not PAYLOAD_INCIDENT_KEYS <= set(sent):
        problems.append(("incident keys missing", sorted(PAYLOAD_INCIDENT_KEYS - set(sent))))
    for key in ("id", "number", "title", "severity", "status", "urgency"):
        if sent.get(key) != incident[key]:
            problems.append((key, sent.get(key), incident[key]))
    if sent.get("assigneeId") != (incident["assignee"] or {}).get("id"):
        problems.append(("assigneeId", sent.get("assigneeId")))
    if sent.get("resolution") != incident["resolution"]:
        problems.append(("resolution", sent.get("resolution")))
    if data.get("actor") != actor:
        problems.append(("actor", data.get("actor"), actor))
    if sequence is not None and data.get("sequence") != sequence:
        problems.append(("sequence", data.get("sequence"), sequence))
    for key, value in (extra or {}).items():
        if data.get(key) != value:
            problems.append((key, data.get(key), value))
    check(not problems, f"[{label}] {what}: the body of {event_type}: {problems} in {body}")


def lifecycle(label, server, t, receiver):
    """Every change of an incident yields exactly one message per matching endpoint."""
    owner, admin, r1 = (t["hooks"][n] for n in ["owner", "admin", "r1"])
    tenant = t["tenants"]["hooks"]
    data, errors = admin(EVENT_TYPES)
    check(not errors and set(INCIDENT_EVENT_TYPES) <= set(data["webhookEventTypes"]),
          f"[{label}] webhookEventTypes lists the incident event types: {data} {errors}")
    everything = receiver.route(f"all-{label}")
    some = receiver.route(f"some-{label}")
    all_endpoint = create_endpoint(label, admin, everything, ["incident.*"], "Everything")
    some_endpoint = create_endpoint(label, admin, some, ["incident.reported", "incident.resolved"])
    listed = admin.must(LIST_ENDPOINTS, {}, "webhookEndpoints")
    check([e["id"] for e in listed] == [all_endpoint["id"], some_endpoint["id"]], f"[{label}] webhookEndpoints oldest first: {listed}")
    data, errors = admin(GET_ENDPOINT, {"id": all_endpoint["id"]})
    check(not errors and data["webhookEndpoint"] == all_endpoint, f"[{label}] webhookEndpoint(id:): {data} {errors}")

    created = owner.must("mutation { createApiKey(input: {name: \"hooks\", role: RESPONDER}) { key apiKey { id } } }", {}, "createApiKey")
    key = As.__new__(As)
    key.server, key.token, key.tenant, key.id = server, created["key"], None, None
    results = []  # (event type, incident after the change, actor in the body, extra data)
    incident = report(r1, "Webhooks watch this")
    results.append(("incident.reported", incident, {"userId": r1.id}, {}))
    incident = r1.must(ACK, {"id": incident["id"]}, "acknowledgeIncident")
    results.append(("incident.acknowledged", incident, {"userId": r1.id}, {}))
    incident = owner.must(ASSIGN, {"id": incident["id"], "u": r1.id}, "assignIncident")
    results.append(("incident.assigned", incident, {"userId": owner.id}, {}))
    incident = r1.must(COMMENT, {"id": incident["id"], "b": "Looking into it"}, "commentOnIncident")
    results.append(("incident.commented", incident, {"userId": r1.id}, {"message": "Looking into it"}))
    incident = r1.must(RESOLVE, {"id": incident["id"], "r": "Restarted it"}, "resolveIncident")
    results.append(("incident.resolved", incident, {"userId": r1.id}, {"message": "Restarted it"}))
    incident = owner.must(REOPEN, {"id": incident["id"]}, "reopenIncident")
    results.append(("incident.reopened", incident, {"userId": owner.id}, {}))
    by_key = key.must(REPORT, {"i": {"title": "Reported by a key", "severity": "LOW"}}, "reportIncident with an API key")
    results.append(("incident.reported", by_key, {"apiKeyId": created["apiKey"]["id"]}, {}))

    everything.wait(len(results), 10)
    some.wait(3, 5)
    time.sleep(1.5)  # anything more would be a duplicate
    history = admin.must(HISTORY, {}, "incidentEventHistory")
    sequence_of = collections.defaultdict(list)
    for edge in history["edges"]:
        node = edge["node"]
        sequence_of[(node["incident"]["id"], "incident." + node["kind"].lower())].append(node["sequence"])
    check(len(everything.deliveries) == len(results) and len(set(everything.ids())) == len(results),
          f"[{label}] incident.* received one message per change ({len(results)}): {len(everything.deliveries)} deliveries, "
          f"{len(set(everything.ids()))} ids, types {[d['json'] and d['json'].get('type') for d in everything.deliveries]}")
    received = {}
    for delivery in everything.deliveries:
        body = delivery["json"] or {}
        received.setdefault((((body.get("data") or {}).get("incident") or {}).get("id"), body.get("type")), []).append(delivery)
    for event_type, after, actor, extra in results:
        got = received.get((after["id"], event_type), [])
        check(len(got) == 1, f"[{label}] one {event_type} message for {after['title']!r}: {len(got)}")
        if got:
            sequences = sequence_of.get((after["id"], event_type), [])
            check_payload(label, "incident.*", got[0], event_type, tenant, after, actor, sequences[0] if len(sequences) == 1 else None, extra)
    some_types = sorted((d["json"] or {}).get("type") for d in some.deliveries)
    check(some_types == ["incident.reported", "incident.reported", "incident.resolved"] and len(set(some.ids())) == 3,
          f"[{label}] an endpoint for reported and resolved gets those only, once each: {some_types}")
    route_clean(label, everything, "incident.*")
    route_clean(label, some, "reported and resolved")

    stored = messages(admin, all_endpoint["id"])
    by_id = {m["id"]: m for m in stored}
    check(len(stored) == len(results) and all(m["status"] == "DELIVERED" and m["attempts"] == 1 and m["nextAttemptAt"] is None for m in stored),
          f"[{label}] webhookMessages: {len(results)} DELIVERED after one attempt: {[(m['eventType'], m['status'], m['attempts']) for m in stored]}")
    check(set(by_id) == set(everything.ids()), f"[{label}] the messages' ids are the webhook-ids received")
    for delivery in everything.deliveries:
        message = by_id.get(delivery["id"])
        check(message and message["payload"] == delivery["body"].decode() and message["eventType"] == (delivery["json"] or {}).get("type"),
              f"[{label}] webhookMessages payload is the exact body sent for {delivery['id']}")
    attempts = deliveries(admin, all_endpoint["id"])
    check(len(attempts) == len(results) and all(a["status"] == "SUCCEEDED" and a["statusCode"] == 200 and a["attempt"] == 1
                                                 and a["latencyMs"] >= 0 and a["error"] is None and a["message"]["id"] in by_id for a in attempts),
          f"[{label}] webhookDeliveries: one SUCCEEDED attempt (200) per message: {attempts[:3]}")
    check([ms(a["attemptedAt"]) for a in attempts] == sorted((ms(a["attemptedAt"]) for a in attempts), reverse=True),
          f"[{label}] webhookDeliveries newest first")
    failed = admin.must(DELIVERIES, {"e": all_endpoint["id"], "s": "FAILED"}, "webhookDeliveries(status: FAILED)")
    check(failed["totalCount"] == 0, f"[{label}] no FAILED attempts: {failed['totalCount']}")
    return everything, all_endpoint, some, some_endpoint


def burst(label, t, receiver, server, peer, everything, all_endpoint, some, some_endpoint):
    """30 incidents reported across the instances, then acknowledged: each message arrives once."""
    admin = t["hooks"]["admin"]
    actors = [t["hooks"]["r1"], t["hooks"]["r1"].on(peer) if peer else t["hooks"]["r1"]]
    before_all, before_some = len(everything.deliveries), len(some.deliveries)
    count = 30
    with ThreadPoolExecutor(6) as pool:
        incidents = list(pool.map(lambda i: report(actors[i % 2], f"Burst {i}", "MEDIUM"), range(count)))
    with ThreadPoolExecutor(6) as pool:
        list(pool.map(lambda pair: actors[(pair[0] + 1) % 2].must(ACK, {"id": pair[1]["id"]}, "acknowledgeIncident"), enumerate(incidents)))
    expected_all = before_all + 2 * count
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (len(set(everything.ids())) < expected_all or len(set(some.ids())) < before_some + count):
        time.sleep(0.1)
    time.sleep(2)  # duplicates would arrive by now
    new = everything.deliveries[before_all:]
    ids = [d["id"] for d in new]
    duplicated = sorted(i for i, n in collections.Counter(ids).items() if n > 1)
    check(len(new) == 2 * count and len(set(ids)) == 2 * count and not duplicated,
          f"[{label}] {count} reports and {count} acknowledgements{' on two instances' if peer else ''}: "
          f"{len(new)} deliveries of {len(set(ids))} messages (expected {2 * count} of {2 * count}); duplicated {duplicated[:5]}")
    seen = collections.Counter(((d["json"] or {}).get("type"), (((d["json"] or {}).get("data") or {}).get("incident") or {}).get("id")) for d in new)
    check(all(seen[(kind, i["id"])] == 1 for i in incidents for kind in ("incident.reported", "incident.acknowledged")),
          f"[{label}] each incident's reported and acknowledged message once: {[k for k, n in seen.items() if n != 1][:5]}")
    new_some = some.deliveries[before_some:]
    check(len(new_some) == count and len(set(d["id"] for d in new_some)) == count
          and all((d["json"] or {}).get("type") == "incident.reported" for d in new_some),
          f"[{label}] the reported-and-resolved endpoint got the {count} reports once each: {len(new_some)} deliveries")
    route_clean(label, everything, "burst")
    stored = messages(admin, all_endpoint["id"])
    check(len(stored) == expected_all and all(m["status"] == "DELIVERED" and m["attempts"] == 1 for m in stored),
          f"[{label}] after the burst every message is DELIVERED after one attempt: {collections.Counter((m['status'], m['attempts']) for m in stored)}")
    attempts = admin.must(DELIVERIES, {"e": all_endpoint["id"], "first": 1}, "webhookDeliveries")
    check(attempts["totalCount"] == expected_all, f"[{label}] one attempt per message: {attempts['totalCount']} for {expected_all}")

    # Deleting the endpoints: they are gone and receive nothing more.
    for endpoint in (all_endpoint, some_endpoint):
        data, errors = admin(DELETE_ENDPOINT, {"id": endpoint["id"]})
        check(not errors and data["deleteWebhookEndpoint"] is True, f"[{label}] deleteWebhookEndpoint: {data} {errors}")
        data, errors = admin(GET_ENDPOINT, {"id": endpoint["id"]})
        check(codes(errors) == ["NOT_FOUND"] and (data or {}).get("webhookEndpoint") is None,
              f"[{label}] a deleted endpoint is NOT_FOUND: {data} {errors}")
    settled_all, settled_some = len(everything.deliveries), len(some.deliveries)
    report(actors[0], "After the endpoints were deleted")
    time.sleep(1.5)
    check(len(everything.deliveries) == settled_all and len(some.deliveries) == settled_some,
          f"[{label}] deleted endpoints receive nothing: {len(everything.deliveries) - settled_all}, {len(some.deliveries) - settled_some}")


def fresh(label, t, server, name):
    """A tenant of its own for one webhook scenario (the owner is its OWNER)."""
    slug = f"{name}-{t['run']}-{label[:2]}"
    create_tenant(server, t["auth"]["owner"]["accessToken"], slug)
    return As(server, t["auth"]["owner"], slug)


def retries(label, t, server, receiver):
    """500 twice, then 200: three attempts with one webhook-id, visible in webhookDeliveries."""
    owner = fresh(label, t, server, "flaky")
    route = receiver.route(f"flaky-{label}", lambda n: (500, {}, 0) if n <= 2 else (200, {}, 0))
    endpoint = create_endpoint(label, owner, route, ["incident.reported"])
    report(owner, "Flaky receiver")
    route.wait(3, 10)
    time.sleep(1.5)
    ids = route.ids()
    check(len(ids) == 3 and len(set(ids)) == 1, f"[{label}] 500, 500, 200: three attempts with one webhook-id: {ids}")
    arrivals = [d["arrived"] for d in route.deliveries]
    gaps = [round(b - a, 2) for a, b in zip(arrivals, arrivals[1:])]
    check(len(gaps) == 2 and all(0.85 <= g <= 3.0 for g in gaps), f"[{label}] the retries follow the schedule (1 s ±10%): {gaps}")
    timestamps = [int(d["timestamp"]) for d in route.deliveries if (d["timestamp"] or "").isdigit()]
    check(timestamps == sorted(timestamps) and len(set(timestamps)) >= 2,
          f"[{label}] webhook-timestamp is each attempt's time: {timestamps}")
    route_clean(label, route, "retries")
    stored = messages(owner, endpoint["id"])
    check(len(stored) == 1 and stored[0]["status"] == "DELIVERED" and stored[0]["attempts"] == 3 and stored[0]["id"] == (ids or [None])[0],
          f"[{label}] the message is DELIVERED after 3 attempts: {stored}")
    attempts = deliveries(owner, endpoint["id"])
    shape = [(a["attempt"], a["status"], a["statusCode"]) for a in attempts]
    check(shape == [(3, "SUCCEEDED", 200), (2, "FAILED", 500), (1, "FAILED", 500)],
          f"[{label}] webhookDeliveries newest first: {shape}")
    check(all(a["latencyMs"] >= 0 and a["message"]["id"] == stored[0]["id"] for a in attempts) if stored else False,
          f"[{label}] attempts name their message and latency: {attempts}")
    failed = owner.must(DELIVERIES, {"e": endpoint["id"], "s": "FAILED"}, "webhookDeliveries(status: FAILED)")
    check(failed["totalCount"] == 2 and all(e["node"]["status"] == "FAILED" for e in failed["edges"]),
          f"[{label}] webhookDeliveries(status: FAILED): {failed['totalCount']}")
    page = owner.must(DELIVERIES, {"e": endpoint["id"], "first": 2}, "webhookDeliveries(first: 2)")
    rest = owner.must(DELIVERIES, {"e": endpoint["id"], "first": 2, "after": page["pageInfo"]["endCursor"]}, "webhookDeliveries(after:)")
    check(page["totalCount"] == 3 and page["pageInfo"]["hasNextPage"] and [e["node"]["attempt"] for e in page["edges"] + rest["edges"]] == [3, 2, 1],
          f"[{label}] webhookDeliveries pages by cursor: {page['pageInfo']} {[e['node']['attempt'] for e in page['edges'] + rest['edges']]}")


def retry_after(label, t, server, receiver):
    owner = fresh(label, t, server, "later")
    route = receiver.route(f"later-{label}", lambda n: (503, {"Retry-After": "3"}, 0) if n == 1 else (200, {}, 0))
    create_endpoint(label, owner, route, ["incident.reported"])
    report(owner, "Come back later")
    route.wait(2, 10)
    arrivals = [d["arrived"] for d in route.deliveries]
    gap = arrivals[1] - arrivals[0] if len(arrivals) >= 2 else None
    check(gap is not None and 2.95 <= gap <= 6, f"[{label}] Retry-After: 3 puts the next attempt at least 3 s later (the schedule says 1): {gap}")
    route_clean(label, route, "Retry-After")


def timeout(label, t, server, receiver):
    owner = fresh(label, t, server, "slow")
    route = receiver.route(f"slow-{label}", lambda n: (200, {}, TIMEOUT_SECONDS + 1.5) if n == 1 else (200, {}, 0))
    endpoint = create_endpoint(label, owner, route, ["incident.reported"])
    report(owner, "Slow receiver")
    route.wait(2, 10)
    time.sleep(0.5)
    attempts = wait_until(lambda: deliveries(owner, endpoint["id"]), lambda a: len(a) >= 2, 5)
    shape = [(a["attempt"], a["status"], a["statusCode"]) for a in attempts]
    check(shape == [(2, "SUCCEEDED", 200), (1, "FAILED", None)], f"[{label}] an answer slower than the timeout is a failed attempt: {shape}")
    if len(attempts) == 2:
        first = attempts[1]
        check(first["error"] and (TIMEOUT_SECONDS * 1000 - 200) <= first["latencyMs"] <= (TIMEOUT_SECONDS + 1.4) * 1000,
              f"[{label}] the timed-out attempt has an error and lasted about {TIMEOUT_SECONDS} s: {first}")
    check(len(set(route.ids())) == 1, f"[{label}] the retry after a timeout keeps the webhook-id: {route.ids()}")
    route_clean(label, route, "timeout")


def dead_letter(label, t, server, receiver):
    """Always 500: schedule + 1 attempts, DEAD_LETTERED; redelivered by hand."""
    owner = fresh(label, t, server, "dead")
    route = receiver.route(f"dead-{label}", lambda n: (500, {}, 0))
    endpoint = create_endpoint(label, owner, route, ["incident.reported"])
    report(owner, "Nobody answers")
    attempts_expected = len(RETRY_SCHEDULE) + 1
    dead = wait_until(lambda: messages(owner, endpoint["id"], "DEAD_LETTERED"), lambda m: m, 15)
    time.sleep(2)
    ids = route.ids()
    check(len(ids) == attempts_expected and len(set(ids)) == 1, f"[{label}] {attempts_expected} attempts with one webhook-id, then none: {ids}")
    check(len(dead) == 1 and dead[0]["attempts"] == attempts_expected and dead[0]["nextAttemptAt"] is None,
          f"[{label}] webhookMessages(status: DEAD_LETTERED): {dead}")
    pending = messages(owner, endpoint["id"], "PENDING")
    check(not pending, f"[{label}] nothing PENDING after the dead letter: {pending}")
    failed = owner.must(DELIVERIES, {"e": endpoint["id"], "s": "FAILED"}, "webhookDeliveries(status: FAILED)")
    check(failed["totalCount"] == attempts_expected and all(e["node"]["statusCode"] == 500 for e in failed["edges"]),
          f"[{label}] {attempts_expected} FAILED attempts with 500: {failed['totalCount']}")
    route_clean(label, route, "dead letter")
    if not dead:
        return
    route.answer(200)
    redelivered = owner.must(REDELIVER, {"id": dead[0]["id"]}, "redeliverWebhookMessage")
    check(redelivered["id"] == dead[0]["id"], f"[{label}] redeliverWebhookMessage returns the message: {redelivered}")
    route.wait(attempts_expected + 1, 6)
    time.sleep(1)
    ids = route.ids()
    check(len(ids) == attempts_expected + 1 and len(set(ids)) == 1, f"[{label}] the redelivery is sent once, with the same webhook-id: {ids}")
    after = wait_until(lambda: messages(owner, endpoint["id"]), lambda m: m and m[0]["status"] == "DELIVERED", 3)
    check(after and after[0]["status"] == "DELIVERED" and after[0]["payload"] == dead[0]["payload"],
          f"[{label}] a redelivered message that succeeds is DELIVERED: {after}")
    succeeded = owner.must(DELIVERIES, {"e": endpoint["id"], "s": "SUCCEEDED"}, "webhookDeliveries(status: SUCCEEDED)")
    check(succeeded["totalCount"] == 1 and succeeded["edges"][0]["node"]["statusCode"] == 200,
          f"[{label}] the redelivery is a SUCCEEDED attempt: {succeeded}")
    route_clean(label, route, "redelivery")


def gone(label, t, server, receiver):
    """410 disables the endpoint and dead-letters the message; enabling resumes deliveries."""
    owner = fresh(label, t, server, "gone")
    route = receiver.route(f"gone-{label}", lambda n: (410, {}, 0))
    endpoint = create_endpoint(label, owner, route, ["incident.*"])
    report(owner, "Gone")
    disabled = wait_until(lambda: owner.must(GET_ENDPOINT, {"id": endpoint["id"]}, "webhookEndpoint"), lambda e: not e["enabled"], 6)
    check(not disabled["enabled"] and "410" in (disabled["disabledReason"] or ""),
          f"[{label}] a 410 disables the endpoint, saying why: {disabled}")
    stored = messages(owner, endpoint["id"])
    check(len(stored) == 1 and stored[0]["status"] == "DEAD_LETTERED" and stored[0]["attempts"] == 1,
          f"[{label}] the message answered 410 is DEAD_LETTERED after one attempt: {stored}")
    report(owner, "While disabled")
    time.sleep(2)
    check(len(route.deliveries) == 1, f"[{label}] a disabled endpoint receives nothing: {len(route.deliveries)} deliveries")
    route.answer(200)
    enabled = owner.must(ENABLE, {"id": endpoint["id"]}, "enableWebhookEndpoint")
    check(enabled["enabled"] and enabled["disabledReason"] is None, f"[{label}] enableWebhookEndpoint: {enabled}")
    third = report(owner, "After enabling")
    route.wait(2, 6)
    time.sleep(1)
    titles = [(((d["json"] or {}).get("data") or {}).get("incident") or {}).get("title") for d in route.deliveries]
    check("After enabling" in titles and titles.count("Gone") == 1, f"[{label}] deliveries resume after enabling: {titles}")
    kept = [(json.loads(m["payload"])["data"]["incident"]["title"], m["status"]) for m in messages(owner, endpoint["id"])]
    print(f"  note: [{label}] an event while the endpoint was disabled: {'delivered after enabling' if 'While disabled' in titles else 'not delivered'}; "
          f"messages kept: {kept}")
    disabled = owner.must(DISABLE, {"id": endpoint["id"]}, "disableWebhookEndpoint")
    check(not disabled["enabled"] and disabled["disabledReason"], f"[{label}] disableWebhookEndpoint by hand gives a reason: {disabled}")
    settled = len(route.deliveries)
    owner.must(COMMENT, {"id": third["id"], "b": "Anyone?"}, "commentOnIncident")
    time.sleep(1.5)
    check(len(route.deliveries) == settled, f"[{label}] nothing is delivered after disableWebhookEndpoint: {len(route.deliveries) - settled}")
    route_clean(label, route, "410")


def rotation(label, t, server, receiver):
    owner = fresh(label, t, server, "rotate")
    route = receiver.route(f"rotate-{label}")
    endpoint = create_endpoint(label, owner, route, ["incident.reported"])
    report(owner, "Before the rotation")
    route.wait(1, 6)
    check(route.deliveries and route.deliveries[0]["parts"] == 1 and route.deliveries[0]["valid"] == [[0]],
          f"[{label}] before a rotation one signature, by the secret: {route.deliveries[:1]}")
    rotated = owner.must(ROTATE, {"id": endpoint["id"]}, "rotateWebhookSecret")
    check_secret(label, rotated["secret"], "rotateWebhookSecret")
    check(rotated["secret"] != route.secrets[0] and rotated["endpoint"]["id"] == endpoint["id"],
          f"[{label}] rotateWebhookSecret gives a new secret for the same endpoint")
    expires = rotated["endpoint"]["previousSecretExpiresAt"]
    check(expires and abs(ms(expires) - (now_ms() + 86_400_000)) <= 300_000,
          f"[{label}] the old secret signs for 24 hours: previousSecretExpiresAt {expires}")
    route.secrets.append(rotated["secret"])
    report(owner, "After the rotation")
    route.wait(2, 6)
    after = route.deliveries[1:2]
    check(after and after[0]["parts"] == 2 and sorted(i for v in after[0]["valid"] for i in v) == [0, 1]
          and all(len(v) == 1 for v in after[0]["valid"]),
          f"[{label}] after a rotation two signatures, one by each secret: "
          f"{[(d['header'], d['valid']) for d in after]}")
    route_clean(label, route, "rotation")


def redirect(label, t, server, receiver):
    owner = fresh(label, t, server, "redirect")
    target = receiver.route(f"redirected-{label}")
    route = receiver.route(f"redirect-{label}", lambda n: (307, {"Location": target.url}, 0))
    endpoint = create_endpoint(label, owner, route, ["incident.reported"])
    report(owner, "Moved")
    route.wait(1, 6)
    attempts = wait_until(lambda: deliveries(owner, endpoint["id"]), lambda a: a, 3)
    check(attempts and attempts[-1]["status"] == "FAILED" and attempts[-1]["statusCode"] == 307,
          f"[{label}] a redirect is a failed attempt with its status: {attempts[-1:]}")
    data, errors = owner(DELETE_ENDPOINT, {"id": endpoint["id"]})
    check(not errors and data["deleteWebhookEndpoint"], f"[{label}] deleteWebhookEndpoint: {errors}")
    settled = len(route.deliveries)
    time.sleep(2.5)
    check(not target.deliveries, f"[{label}] redirects are not followed: the target got {len(target.deliveries)}")
    check(len(route.deliveries) - settled <= 1, f"[{label}] a deleted endpoint's retries stop: {len(route.deliveries) - settled} more")


def endpoint_admin(label, t):
    owner, admin, r1, viewer = (t["hooks"][n] for n in ["owner", "admin", "r1", "viewer"])
    url = "http://127.0.0.1:9/hooks/nowhere"
    for who, actor in [("RESPONDER", r1), ("VIEWER", viewer)]:
        _, errors = actor(CREATE_ENDPOINT, {"i": {"url": url, "eventTypes": ["incident.reported"]}})
        check(codes(errors) == ["FORBIDDEN"], f"[{label}] a {who} cannot create a webhook endpoint: {errors}")
        _, errors = actor(LIST_ENDPOINTS)
        check(codes(errors) == ["FORBIDDEN"], f"[{label}] a {who} cannot list webhook endpoints: {errors}")
    for what, i in [("no event types", {"url": url, "eventTypes": []}),
                    ("an unknown event type", {"url": url, "eventTypes": ["incident.exploded"]}),
                    ("21 event types", {"url": url, "eventTypes": ["incident.reported"] * 21}),
                    ("an ftp URL", {"url": "ftp://127.0.0.1/hooks", "eventTypes": ["incident.reported"]}),
                    ("a file URL", {"url": "file:///etc/passwd", "eventTypes": ["incident.reported"]}),
                    ("a javascript URL", {"url": "javascript:alert(1)", "eventTypes": ["incident.reported"]}),
                    ("no URL at all", {"url": "not a url", "eventTypes": ["incident.reported"]}),
                    ("a 2,001-character URL", {"url": "http://127.0.0.1/" + "a" * 1984, "eventTypes": ["incident.reported"]})]:
        _, errors = admin(CREATE_ENDPOINT, {"i": i})
        check(codes(errors) == ["BAD_USER_INPUT"], f"[{label}] createWebhookEndpoint with {what} is BAD_USER_INPUT: {errors}")
    created = admin.must(CREATE_ENDPOINT, {"i": {"url": url, "description": "Scratch", "eventTypes": ["incident.reported"]}},
                         "createWebhookEndpoint as ADMIN")
    endpoint = created["endpoint"]
    _, errors = r1(UPDATE_ENDPOINT, {"id": endpoint["id"], "i": {"description": "Mine"}})
    check(codes(errors) == ["FORBIDDEN"], f"[{label}] a RESPONDER cannot update an endpoint: {errors}")
    _, errors = r1(DELIVERIES, {"e": endpoint["id"]})
    check(codes(errors) == ["FORBIDDEN"], f"[{label}] a RESPONDER cannot read webhookDeliveries: {errors}")
    _, errors = r1(ROTATE, {"id": endpoint["id"]})
    check(codes(errors) == ["FORBIDDEN"], f"[{label}] a RESPONDER cannot rotate a secret: {errors}")
    time.sleep(0.01)
    updated = admin.must(UPDATE_ENDPOINT, {"id": endpoint["id"], "i": {"description": "Renamed"}}, "updateWebhookEndpoint")
    check(updated["description"] == "Renamed" and updated["url"] == url and updated["eventTypes"] == ["incident.reported"]
          and ms(updated["updatedAt"]) > ms(endpoint["updatedAt"]) and updated["createdAt"] == endpoint["createdAt"],
          f"[{label}] updateWebhookEndpoint changes only what it is given: {updated}")
    updated = admin.must(UPDATE_ENDPOINT, {"id": endpoint["id"], "i": {"eventTypes": ["incident.resolved", "incident.escalated"]}},
                         "updateWebhookEndpoint eventTypes")
    # (The contract does not say whether eventTypes keep the order given.)
    check(sorted(updated["eventTypes"]) == ["incident.escalated", "incident.resolved"] and updated["description"] == "Renamed",
          f"[{label}] updateWebhookEndpoint eventTypes: {updated}")
    for what, i in [("an ftp URL", {"url": "ftp://127.0.0.1/x"}), ("no event types", {"eventTypes": []})]:
        _, errors = admin(UPDATE_ENDPOINT, {"id": endpoint["id"], "i": i})
        check(codes(errors) == ["BAD_USER_INPUT"], f"[{label}] updateWebhookEndpoint with {what} is BAD_USER_INPUT: {errors}")
    data, errors = admin(DELETE_ENDPOINT, {"id": endpoint["id"]})
    check(not errors and data["deleteWebhookEndpoint"] is True, f"[{label}] deleteWebhookEndpoint: {errors}")


# ---------------------------------------------------------------------------------------------
# 4. Isolation


def isolation(label, t, receiver):
    stranger, r1_there = t["other"]["stranger"], t["other"]["r1"]
    owner, admin, r1 = t["esc"]["owner"], t["hooks"]["admin"], t["esc"]["r1"]
    route = receiver.route(f"stranger-{label}")
    policy = stranger.must(CREATE_POLICY, {"i": {"name": "Theirs", "levels": [level(60, stranger, r1_there)]}}, "createEscalationPolicy as the stranger")
    endpoint = create_endpoint(label, stranger, route, ["incident.*"])
    incident = report(stranger, "Their incident", escalationPolicyId=policy["id"])
    route.wait(2, 6)  # reported and escalated
    notes = wait_until(lambda: stranger.must(NOTIFICATIONS, {}, "notifications as the stranger"), lambda n: n["totalCount"] >= 1, 5)
    theirs = wait_until(lambda: r1_there.must(NOTIFICATIONS, {}, "notifications as r1 in the other tenant"), lambda n: n["totalCount"] >= 1, 5)
    message = (messages(stranger, endpoint["id"]) or [None])[0]
    check(notes["edges"] and theirs["edges"] and message, f"[{label}] the other tenant has a notification and a message: {notes} {message}")
    if not (notes["edges"] and theirs["edges"] and message):
        return
    note, r1_note = notes["edges"][0]["node"], theirs["edges"][0]["node"]
    delivered = len(route.deliveries)

    def refused(actor, query, variables, what):
        data, errors = actor(query, variables)
        check(codes(errors) == ["NOT_FOUND"], f"[{label}] another tenant's {what} is NOT_FOUND: {data} {errors}")

    refused(owner, GET_POLICY, {"id": policy["id"]}, "policy (escalationPolicy)")
    refused(owner, UPDATE_POLICY, {"id": policy["id"], "i": {"name": "Mine", "levels": [level(5, owner)]}}, "policy (update)")
    refused(owner, DELETE_POLICY, {"id": policy["id"]}, "policy (delete)")
    refused(owner, SET_ROUTING, {"i": {"defaultPolicyId": policy["id"]}}, "policy (setEscalationRouting default)")
    refused(owner, SET_ROUTING, {"i": {"bySeverity": [{"severity": "LOW", "policyId": policy["id"]}]}}, "policy (setEscalationRouting bySeverity)")
    refused(owner, REPORT, {"i": {"title": "Borrowed", "severity": "LOW", "escalationPolicyId": policy["id"]}}, "policy (reportIncident)")
    refused(admin, GET_ENDPOINT, {"id": endpoint["id"]}, "endpoint (webhookEndpoint)")
    refused(admin, UPDATE_ENDPOINT, {"id": endpoint["id"], "i": {"url": "http://127.0.0.1:9/mine"}}, "endpoint (update)")
    refused(admin, ROTATE, {"id": endpoint["id"]}, "endpoint (rotateWebhookSecret)")
    refused(admin, DISABLE, {"id": endpoint["id"]}, "endpoint (disable)")
    refused(admin, ENABLE, {"id": endpoint["id"]}, "endpoint (enable)")
    refused(admin, DELETE_ENDPOINT, {"id": endpoint["id"]}, "endpoint (delete)")
    refused(admin, DELIVERIES, {"e": endpoint["id"]}, "endpoint (webhookDeliveries)")
    refused(admin, MESSAGES, {"e": endpoint["id"]}, "endpoint (webhookMessages)")
    refused(admin, REDELIVER, {"id": message["id"]}, "message (redeliverWebhookMessage)")
    refused(owner, MARK_READ, {"ids": [note["id"]]}, "notification (markNotificationsRead)")
    # The same user, acting in another of their tenants, cannot reach a notification of this one.
    refused(r1, MARK_READ, {"ids": [r1_note["id"]]}, "notification of the same user (markNotificationsRead in another tenant)")
    mine = r1.must(NOTIFICATIONS, {"first": 100}, "notifications as r1")
    check(incident["id"] not in [e["node"]["incident"]["id"] for e in mine["edges"]],
          f"[{label}] a user's notifications in one tenant leave out another tenant's")
    check(policy["id"] not in [p["id"] for p in owner.must(LIST_POLICIES, {}, "escalationPolicies")],
          f"[{label}] escalationPolicies leaves out another tenant's")
    check(endpoint["id"] not in [e["id"] for e in admin.must(LIST_ENDPOINTS, {}, "webhookEndpoints")],
          f"[{label}] webhookEndpoints leaves out another tenant's")

    # Nothing changed for its owner.
    data, errors = stranger(GET_POLICY, {"id": policy["id"]})
    check(not errors and data["escalationPolicy"]["name"] == "Theirs", f"[{label}] the other tenant's policy is intact: {data} {errors}")
    data, errors = stranger(GET_ENDPOINT, {"id": endpoint["id"]})
    check(not errors and data["webhookEndpoint"]["enabled"] and data["webhookEndpoint"]["url"] == route.url
          and data["webhookEndpoint"]["previousSecretExpiresAt"] is None, f"[{label}] the other tenant's endpoint is intact: {data} {errors}")
    unread = stranger.must(NOTIFICATIONS, {"u": True}, "notifications(unreadOnly) as the stranger")
    check(unread["totalCount"] == 1, f"[{label}] the other tenant's notification is still unread: {unread}")
    data, errors = owner(GET_ROUTING)
    check(not errors and data["escalationRouting"]["defaultPolicy"] is None, f"[{label}] no route to another tenant's policy: {data}")
    stranger.must(COMMENT, {"id": incident["id"], "b": "Still ours"}, "commentOnIncident")
    route.wait(delivered + 1, 5)
    time.sleep(1)
    check(len(route.deliveries) == delivered + 1 and route.deliveries[-1]["valid"] == [[0]],
          f"[{label}] no redelivery happened and the secret was not rotated: "
          f"{len(route.deliveries) - delivered} new, {[d['valid'] for d in route.deliveries[delivered:]]}")
    route_clean(label, route, "isolation")
    stranger.must(RESOLVE, {"id": incident["id"], "r": "Done"}, "resolveIncident")


# ---------------------------------------------------------------------------------------------
# 5. Safety: no private targets without LANTERN_WEBHOOKS_ALLOW_PRIVATE


def safety(label, database_url, receiver):
    strict = Server(database_url, environment={k: v for k, v in ENVIRONMENT.items() if k != "LANTERN_WEBHOOKS_ALLOW_PRIVATE"})
    try:
        run = uuid.uuid4().hex[:8]
        auth = sign_up(strict, f"strict-{run}@example.com", "Strict")
        create_tenant(strict, auth["accessToken"], f"strict-{run}")
        owner = As(strict, auth, f"strict-{run}")
        for url in [receiver.route(f"private-{label}").url, "http://127.0.0.1/hooks", "http://localhost/hooks", "http://[::1]/hooks",
                    "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/hooks", "http://192.168.1.1/hooks",
                    "http://172.16.0.1/hooks", "http://0.0.0.0/hooks", "http://[fd00::1]/hooks", "http://[::ffff:127.0.0.1]/hooks",
                    "http://127.1/hooks", "http://2130706433/hooks"]:
            _, errors = owner(CREATE_ENDPOINT, {"i": {"url": url, "eventTypes": ["incident.reported"]}})
            check(codes(errors) == ["BAD_USER_INPUT"], f"[{label}] without LANTERN_WEBHOOKS_ALLOW_PRIVATE, {url} is BAD_USER_INPUT: {errors}")
        _, errors = owner(CREATE_ENDPOINT, {"i": {"url": "gopher://example.com/", "eventTypes": ["incident.reported"]}})
        check(codes(errors) == ["BAD_USER_INPUT"], f"[{label}] a gopher URL is BAD_USER_INPUT: {errors}")
        check(owner.must(LIST_ENDPOINTS, {}, "webhookEndpoints") == [], f"[{label}] no refused endpoint was created")
    finally:
        strict.stop()


# ---------------------------------------------------------------------------------------------
# 6. SIGKILL with pending work


def restart(label, database_url, receiver, instances):
    """Pending work (a webhook retry, the next escalation level) survives SIGKILL of every instance."""
    environment = dict(ENVIRONMENT, LANTERN_WEBHOOK_RETRY_SCHEDULE="4,4,4")
    workdir = tempfile.mkdtemp(prefix="lantern-e2e-")
    servers = [Server(database_url, workdir if i == 0 else None, environment) for i in range(instances)]
    replacement = None
    up = Receiver()  # its port stays closed until after the kill
    try:
        server = servers[0]
        run = uuid.uuid4().hex[:8]
        auth = {n: sign_up(server, f"kill-{n}-{run}@example.com", n.title()) for n in ["owner", "first", "second"]}
        slug = f"kill-{run}"
        create_tenant(server, auth["owner"]["accessToken"], slug)
        for n in ["first", "second"]:
            member(server, auth["owner"]["accessToken"], slug, auth[n], "RESPONDER")
        owner, first, second = (As(server, auth[n], slug) for n in ["owner", "first", "second"])
        policy = owner.must(CREATE_POLICY, {"i": {"name": "Survives", "levels": [level(5, first), level(2, second)]}}, "createEscalationPolicy")
        down = up.route(f"down-{label}")
        escalated = receiver.route(f"escalated-{label}")
        down_endpoint = create_endpoint(label, owner, down, ["incident.reported"])
        escalated_endpoint = create_endpoint(label, owner, escalated, ["incident.escalated"])
        incident = report(owner, "Survives a crash", escalationPolicyId=policy["id"])

        # Before the kill: the report's message failed once (refused), recorded, and waits 4 s;
        # level 1 fired (its webhook delivered); level 2 is due 5 s after it.
        refused = wait_until(lambda: deliveries(owner, down_endpoint["id"]), lambda d: d, TIMEOUT_SECONDS + 4)
        check(len(refused) == 1 and refused[0]["status"] == "FAILED" and refused[0]["statusCode"] is None and refused[0]["error"],
              f"[{label}] the first attempt to a closed port is a FAILED attempt without a status code: {refused}")
        check(refused and refused[0]["latencyMs"] < 1000 and "refused" in (refused[0]["error"] or "").lower(),
              f"[{label}] a refused connection fails at once, saying so (not after the {TIMEOUT_SECONDS} s timeout): {refused}")
        pending = messages(owner, down_endpoint["id"])
        check(pending and pending[0]["status"] == "PENDING" and pending[0]["attempts"] == 1 and pending[0]["nextAttemptAt"],
              f"[{label}] before the kill the report's message failed once and waits: {pending}")
        escalated.wait(1, 5)
        state = wait_until(lambda: escalation_of(owner, incident["id"]), lambda e: e and e["level"] >= 1, 5)
        check(state and state["level"] == 1 and state["state"] == "ACTIVE" and state["nextAt"],
              f"[{label}] before the kill level 1 fired and level 2 is pending: {state}")
        # Level 1's webhook is delivered and recorded: nothing is in flight at the kill.
        wait_until(lambda: messages(owner, escalated_endpoint["id"]), lambda m: m and all(x["status"] == "DELIVERED" for x in m), 3)
        due = [ms(pending[0]["nextAttemptAt"])] if pending and pending[0]["nextAttemptAt"] else []
        level2_due = ms(state["nextAt"]) if state and state["nextAt"] else None

        for instance in servers:
            instance.process.kill()
            instance.process.wait()
            instance.log.close()
        killed = time.time()
        os.replace(os.path.join(workdir, "server.log"), os.path.join(workdir, "server-killed.log"))
        print(f"  SIGKILLed {instances} instance(s) {((due[0] / 1000 - killed) if due else 0):.1f} s before the retry and "
              f"{((level2_due / 1000 - killed) if level2_due else 0):.1f} s before level 2 were due")
        up.start()
        replacement = Server(database_url, workdir, environment)
        ready = time.time()
        owner = owner.on(replacement)

        down.wait(1, 12)
        final = wait_until(lambda: escalation_of(owner, incident["id"]), lambda e: e and e["state"] != "ACTIVE", 12)
        time.sleep(2.5)
        check(len(down.deliveries) == 1 and len(set(down.ids())) == 1 and (not pending or down.ids() == [pending[0]["id"]]),
              f"[{label}] after the restart the pending message is delivered once: {down.ids()}")
        if down.deliveries and due:
            arrival = down.deliveries[0]["arrived"]
            check(arrival > killed and arrival <= max(due[0] / 1000, ready) + 2.5,
                  f"[{label}] the retry ran after the restart, on time (due {due[0] / 1000 - ready:+.1f} s from readiness, "
                  f"arrived {arrival - ready:+.1f} s)")
        attempts = deliveries(owner, down_endpoint["id"])
        shape = [(a["attempt"], a["status"], a["statusCode"]) for a in attempts]
        check(shape == [(2, "SUCCEEDED", 200), (1, "FAILED", None)] and attempts[-1]["error"],
              f"[{label}] webhookDeliveries across the restart: {shape}")
        route_clean(label, down, "restart")
        check(final and final["state"] == "EXHAUSTED" and final["level"] == 2 and final["loop"] == 0,
              f"[{label}] level 2 fired after the restart and the policy ran out: {final}")
        entries = escalated_entries(snapshot(owner, incident["id"]))
        check([e["level"] for e in entries] == [1, 2], f"[{label}] ESCALATED levels across the restart: {[e['level'] for e in entries]}")
        if len(entries) == 2 and level2_due:
            fired = ms(entries[1]["at"]) / 1000
            check(fired >= killed and fired <= max(level2_due / 1000, ready) + 2.5,
                  f"[{label}] level 2 fired after the restart, on time (due {level2_due / 1000 - ready:+.1f} s from readiness, "
                  f"fired {fired - ready:+.1f} s)")
        for who, actor, levels in [("level 1's target", first, [1]), ("level 2's target", second, [2])]:
            notes = actor.on(replacement).must(NOTIFICATIONS, {}, "notifications")
            check([e["node"]["level"] for e in notes["edges"]] == levels, f"[{label}] {who} was notified once: {notes}")
        hooks = [(d["json"] or {}).get("data", {}).get("level") for d in escalated.deliveries]
        check(sorted(hooks) == [1, 2] and len(set(escalated.ids())) == 2,
              f"[{label}] one incident.escalated webhook per level across the restart: levels {hooks}, ids {escalated.ids()}")
        route_clean(label, escalated, "escalated across the restart")
    finally:
        for instance in servers:
            if instance.process.poll() is None:
                instance.stop()
        if replacement:
            replacement.stop()
        up.stop()


# ---------------------------------------------------------------------------------------------
# 7. Metrics


def metrics(label, server):
    with urllib.request.urlopen(f"http://127.0.0.1:{server.port}/metrics", timeout=10) as response:
        text = response.read().decode()
    samples = [line for line in text.splitlines() if line and not line.startswith("#")]
    for what, pattern in [("escalations fired", r"escalat"), ("webhook attempts", r"webhook"),
                          ("a webhook latency histogram", r"webhook.*_bucket"), ("the outbox backlog", r"backlog|outbox")]:
        check(any(re.search(pattern, line, re.I) for line in samples), f"[{label}] /metrics has a sample for {what} (/{pattern}/)")


# ---------------------------------------------------------------------------------------------


async def scenario(label, database_url=None, fresh_database=None):
    server = Server(database_url, environment=ENVIRONMENT)
    peer = Server(database_url, environment=ENVIRONMENT) if database_url else None
    receiver = Receiver().start()
    started = time.monotonic()
    try:
        run = uuid.uuid4().hex[:8]
        auth = {n: sign_up(server, f"esc-{n}-{run}@example.com", n.title())
                for n in ["owner", "admin", "r1", "r2", "r3", "viewer", "stranger"]}
        slugs = {name: f"{name}-{run}" for name in ["esc", "route", "hooks", "other"]}
        tenants = {}
        for name in ["esc", "route", "hooks"]:
            tenants[name] = create_tenant(server, auth["owner"]["accessToken"], slugs[name])
        tenants["other"] = create_tenant(server, auth["stranger"]["accessToken"], slugs["other"])
        roles = {"esc": [("admin", "ADMIN"), ("r1", "RESPONDER"), ("r2", "RESPONDER"), ("r3", "RESPONDER"), ("viewer", "VIEWER")],
                 "route": [("r1", "RESPONDER"), ("r2", "RESPONDER")],
                 "hooks": [("admin", "ADMIN"), ("r1", "RESPONDER"), ("viewer", "VIEWER")],
                 "other": [("r1", "RESPONDER")]}
        for name, members in roles.items():
            owner_token = auth["stranger" if name == "other" else "owner"]["accessToken"]
            for who, role in members:
                member(server, owner_token, slugs[name], auth[who], role)
        t = {"run": run, "auth": auth, "tenants": tenants}
        for name in ["esc", "route", "hooks", "other"]:
            t[name] = {who: As(server, auth[who], slugs[name]) for who in auth}

        section(label, "1a. escalation policies: validation, roles, CRUD", policy_admin, label, t)
        section(label, "1b. routing by severity; deleting a routed policy", routing, label, t)
        await async_section(label, "2. live escalation" + (" across two instances" if peer else ""), escalation_live, label, t, server, peer)
        hooks = section(label, "3a. webhooks: one signed message per matching event", lifecycle, label, server, t, receiver)
        if hooks:
            section(label, "3b. webhooks: a burst" + (" across two instances" if peer else "") + ", each message once",
                    burst, label, t, receiver, server, peer, *hooks)
        else:
            FAILURES.append(f"[{label}] 3b. did not run (3a failed)")
        section(label, "3c. retries keep the webhook-id", retries, label, t, server, receiver)
        section(label, "3d. Retry-After", retry_after, label, t, server, receiver)
        section(label, "3e. a timeout", timeout, label, t, server, receiver)
        section(label, "3f. dead letter and redelivery", dead_letter, label, t, server, receiver)
        section(label, "3g. 410 Gone, enable, disable", gone, label, t, server, receiver)
        section(label, "3h. secret rotation", rotation, label, t, server, receiver)
        section(label, "3i. redirects are not followed", redirect, label, t, server, receiver)
        section(label, "3j. endpoint roles and validation", endpoint_admin, label, t)
        section(label, "4. isolation", isolation, label, t, receiver)
        section(label, "7. metrics", metrics, label, server)
        check(not receiver.strays, f"[{label}] requests to unknown receiver paths: {receiver.strays[:5]}")
        if peer:
            peer.stop()
            peer = None
        section(label, "5. safety without LANTERN_WEBHOOKS_ALLOW_PRIVATE", safety, label, fresh_database and fresh_database(), receiver)
        section(label, "6. SIGKILL with pending work" + (" (both instances)" if database_url else ""), restart, label,
                fresh_database and fresh_database(), receiver, 2 if database_url else 1)
    finally:
        server.stop()
        if peer:
            peer.stop()
        receiver.stop()
    print(f"[{label}] {time.monotonic() - started:.1f} s", flush=True)


async def main():
    self_test()
    await scenario("sqlite")
    if POSTGRES_URL:
        def fresh_database():
            return create_database(POSTGRES_URL, "lantern_hooks_" + uuid.uuid4().hex[:8])
        await scenario("postgres", fresh_database(), fresh_database)
    else:
        FAILURES.append("no PostgreSQL URL given: the PostgreSQL scenario did not run")
    if FAILURES:
        print(f"\n{len(FAILURES)} escalation/webhook check(s) failed:")
        for failure in FAILURES:
            print("  -", failure[:600])
        sys.exit(1)
    print("escalation, notifications and webhooks end to end: all checks passed")


asyncio.run(main())
