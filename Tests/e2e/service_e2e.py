#!/usr/bin/env python3
"""End-to-end tests of the incident service: drives live `lantern serve` processes over HTTP and
graphql-transport-ws, on SQLite (no configuration) and on PostgreSQL, including tenant isolation
and an event crossing from one instance to another through LISTEN/NOTIFY.

    service_e2e.py LANTERN_BINARY [POSTGRES_URL]
"""
import asyncio
import http.client
import json
import os
import sys
import tempfile
import time
import uuid

import websockets

import e2e_support
from e2e_support import AUTH, FAILURES, Server, check, codes, create_database, create_tenant, gql, sign_up

e2e_support.configure(sys.argv[1])
BINARY = e2e_support.BINARY
POSTGRES_URL = sys.argv[2] if len(sys.argv) > 2 else None


REPORT = """mutation($i: ReportIncidentInput!) { reportIncident(input: $i) {
  id number title status severity tags reporter { id } } }"""

EVENTS = """subscription($f: IncidentEventFilter) { incidentEvents(filter: $f) {
  id kind at actor { id } incident { id number status assignee { id } resolution } } }"""


class Subscriber:
    """A graphql-transport-ws client with one subscription, collecting `next` payloads."""

    def __init__(self, server, token, tenant, variables=None):
        self.server, self.token, self.tenant, self.variables = server, token, tenant, variables or {}
        self.events, self.errors, self.closed = [], [], None

    async def start(self):
        self.socket = await websockets.connect(self.server.ws_url, subprotocols=["graphql-transport-ws"])
        payload = {"authorization": f"Bearer {self.token}"} if self.token else {}
        if self.tenant:
            payload["tenant"] = self.tenant
        await self.socket.send(json.dumps({"type": "connection_init", "payload": payload}))
        ack = json.loads(await asyncio.wait_for(self.socket.recv(), 10))
        assert ack["type"] == "connection_ack", ack
        await self.socket.send(json.dumps({"id": "1", "type": "subscribe",
                                           "payload": {"query": EVENTS, "variables": self.variables}}))
        self.reader = asyncio.create_task(self.read())
        await asyncio.sleep(0.3)  # the subscription is attached before events are raised
        return self

    async def read(self):
        try:
            async for raw in self.socket:
                message = json.loads(raw)
                if message["type"] == "next":
                    if message["payload"].get("errors"):
                        self.errors.extend(message["payload"]["errors"])
                    else:
                        self.events.append(message["payload"]["data"]["incidentEvents"])
                elif message["type"] == "error":
                    self.errors.extend(message["payload"])
                elif message["type"] == "ping":
                    await self.socket.send(json.dumps({"type": "pong"}))
        except websockets.ConnectionClosed as closed:
            self.closed = closed.code if hasattr(closed, "code") else closed.rcvd.code

    async def wait_for(self, count, timeout=10):
        deadline = time.time() + timeout
        while len(self.events) < count and time.time() < deadline:
            await asyncio.sleep(0.05)
        return self.events

    async def stop(self):
        self.reader.cancel()
        await self.socket.close()


async def scenario(server, label):
    """Sign up, create a tenant, add a member, report and work an incident while a subscriber
    receives every event; a user of another tenant sees nothing of it."""
    print(f"[{label}] lifecycle, roles and isolation")
    run = uuid.uuid4().hex[:8]
    alice = sign_up(server, f"alice-{run}@example.com", "Alice")
    bob = sign_up(server, f"bob-{run}@example.com", "Bob")
    carol = sign_up(server, f"carol-{run}@example.com", "Carol")
    eve = sign_up(server, f"eve-{run}@example.com", "Eve")
    acme, evil = f"acme-{run}", f"evil-{run}"
    create_tenant(server, alice["accessToken"], acme)
    create_tenant(server, eve["accessToken"], evil)
    A, B, C, E = alice["accessToken"], bob["accessToken"], carol["accessToken"], eve["accessToken"]

    data, errors, _ = gql(server, "mutation($i: AddMemberInput!) { addMember(input: $i) { role user { email } tenant { slug } } }",
                          {"i": {"email": bob["user"]["email"], "role": "RESPONDER"}}, token=A, tenant=acme)
    check(not errors and data["addMember"]["role"] == "RESPONDER" and data["addMember"]["tenant"]["slug"] == acme, f"addMember: {errors}")
    gql(server, "mutation($i: AddMemberInput!) { addMember(input: $i) { role } }",
        {"i": {"email": carol["user"]["email"], "role": "VIEWER"}}, token=A, tenant=acme)
    data, errors, _ = gql(server, "{ viewer { id email name memberships { role tenant { id slug name } } } }", token=B)
    check(not errors and data["viewer"]["memberships"][0]["tenant"]["slug"] == acme, f"viewer: {data} {errors}")

    watcher = await Subscriber(server, A, acme).start()
    critical_only = await Subscriber(server, A, acme, {"f": {"minSeverity": "CRITICAL"}}).start()
    outsider = await Subscriber(server, E, evil).start()

    data, errors, headers = gql(server, REPORT, {"i": {"title": "Checkout down", "description": "500s everywhere",
                                                       "severity": "HIGH", "tags": ["payments"]}}, token=B, tenant=acme)
    check(not errors, f"report: {errors}")
    incident = data["reportIncident"]
    check(incident["number"] == 1 and incident["status"] == "OPEN" and incident["reporter"]["id"] == bob["user"]["id"], f"reported: {incident}")
    iid = incident["id"]
    steps = [
        ("mutation($id: ID!) { acknowledgeIncident(id: $id) { status acknowledgedAt } }", {"id": iid}, B),
        ("mutation($id: ID!, $u: ID!) { assignIncident(id: $id, assigneeId: $u) { assignee { id } } }", {"id": iid, "u": bob["user"]["id"]}, A),
        ("mutation($id: ID!) { commentOnIncident(id: $id, body: \"Rolling back\") { id } }", {"id": iid}, B),
        ("mutation($id: ID!) { resolveIncident(id: $id, resolution: \"Rolled back\") { status resolution resolvedAt } }", {"id": iid}, B),
        ("mutation($id: ID!) { reopenIncident(id: $id) { status resolution } }", {"id": iid}, A),
    ]
    for query, variables, token in steps:
        data, errors, _ = gql(server, query, variables, token=token, tenant=acme)
        check(not errors, f"{query.split('{')[1].strip()}: {errors}")
    data, errors, _ = gql(server, "mutation($id: ID!) { reopenIncident(id: $id) { status } }", {"id": iid}, token=A, tenant=acme)
    check(codes(errors) == ["CONFLICT"], f"illegal transition must be CONFLICT: {errors}")

    events = await watcher.wait_for(6)
    kinds = [e["kind"] for e in events]
    check(kinds == ["REPORTED", "ACKNOWLEDGED", "ASSIGNED", "COMMENTED", "RESOLVED", "REOPENED"], f"subscriber got {kinds}")
    check(all(e["incident"]["id"] == iid for e in events), "events carry the incident")
    if len(events) == 6:
        check(events[2]["incident"]["assignee"]["id"] == bob["user"]["id"], "ASSIGNED carries the assignee")
        check(events[4]["incident"]["status"] == "RESOLVED" and events[4]["incident"]["resolution"] == "Rolled back", "RESOLVED state")
        check(events[0]["actor"]["id"] == bob["user"]["id"] and events[1]["actor"]["id"] == bob["user"]["id"], "actors")

    data, errors, _ = gql(server, REPORT, {"i": {"title": "Everything is on fire", "severity": "CRITICAL"}}, token=B, tenant=acme)
    critical_events = await critical_only.wait_for(1)
    check([e["incident"]["number"] for e in critical_events] == [2], f"minSeverity filter: {critical_events}")

    # The incident through queries, with its timeline.
    data, errors, _ = gql(server, """query($id: ID!) { incident(id: $id) { number title status severity tags
        reporter { email } assignee { email } createdAt acknowledgedAt resolvedAt resolution
        timeline(first: 10) { totalCount edges { cursor node { kind actor { email } message } } } } }""",
                          {"id": iid}, token=C, tenant=acme)
    check(not errors, f"viewer reads: {errors}")
    timeline = [edge["node"]["kind"] for edge in data["incident"]["timeline"]["edges"]]
    check(timeline == ["REPORTED", "ACKNOWLEDGED", "ASSIGNED", "COMMENTED", "RESOLVED", "REOPENED"], f"timeline {timeline}")
    data, errors, _ = gql(server, """{ incidents(first: 1, filter: {status: OPEN}) { totalCount
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { number } } } }""", token=C, tenant=acme)
    page = data["incidents"]
    check(page["totalCount"] == 2 and page["pageInfo"]["hasNextPage"] and page["edges"][0]["node"]["number"] == 2, f"page 1: {page}")
    data, errors, _ = gql(server, "query($after: String) { incidents(first: 1, after: $after) { edges { node { number } } pageInfo { hasNextPage } } }",
                          {"after": page["pageInfo"]["endCursor"]}, token=C, tenant=acme)
    check([e["node"]["number"] for e in data["incidents"]["edges"]] == [1] and not data["incidents"]["pageInfo"]["hasNextPage"], f"page 2: {data}")
    data, _, _ = gql(server, '{ incidents(filter: {tag: "payments", severity: HIGH}) { totalCount } }', token=C, tenant=acme)
    check(data["incidents"]["totalCount"] == 1, f"tag filter: {data}")

    # Roles.
    data, errors, _ = gql(server, REPORT, {"i": {"title": "x", "severity": "LOW"}}, token=C, tenant=acme)
    check(codes(errors) == ["FORBIDDEN"], f"VIEWER cannot report: {errors}")
    data, errors, _ = gql(server, "{ auditLog(first: 5) { totalCount } }", token=B, tenant=acme)
    check(codes(errors) == ["FORBIDDEN"], f"RESPONDER cannot read the audit log: {errors}")
    data, errors, _ = gql(server, "{ auditLog(first: 50) { totalCount edges { node { action actor { email } targetType targetId at requestId } } } }",
                          token=A, tenant=acme)
    actions = [e["node"]["action"] for e in data["auditLog"]["edges"]]
    for action in ["tenant.create", "member.add", "incident.report", "incident.acknowledge", "incident.assign",
                   "incident.comment", "incident.resolve", "incident.reopen"]:
        check(action in actions, f"audit log has {action}: {actions}")
    check(all(e["node"]["requestId"] for e in data["auditLog"]["edges"]), "audit entries carry the request id")

    # Another tenant sees nothing of it: queries, mutations and subscriptions.
    data, errors, _ = gql(server, "query($id: ID!) { incident(id: $id) { title } }", {"id": iid}, token=E, tenant=evil)
    check(data["incident"] is None and codes(errors) == ["NOT_FOUND"], f"other tenant's incident: {data} {errors}")
    data, errors, _ = gql(server, "query($id: ID!) { incident(id: $id) { title } }", {"id": iid}, token=E)
    check(data["incident"] is None and codes(errors) == ["NOT_FOUND"], f"other tenant's incident (default tenant): {errors}")
    data, errors, _ = gql(server, "query($id: ID!) { incident(id: $id) { title } }", {"id": iid}, token=E, tenant=acme)
    check(codes(errors) == ["FORBIDDEN"], f"naming a tenant you are not in: {errors}")
    data, errors, _ = gql(server, "query($id: ID!) { incident(id: $id) { title } }", {"id": str(uuid.uuid4())}, token=E, tenant=acme)
    check(codes(errors) == ["FORBIDDEN"], "the same refusal for an unknown id")
    data, errors, _ = gql(server, "{ incidents { totalCount edges { node { id } } } }", token=E, tenant=evil)
    check(data["incidents"]["totalCount"] == 0, f"other tenant's list: {data}")
    for query, variables in [
        ("mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }", {"id": iid}),
        ("mutation($id: ID!) { commentOnIncident(id: $id, body: \"pwned\") { id } }", {"id": iid}),
        ("mutation($id: ID!) { resolveIncident(id: $id, resolution: \"pwned\") { id } }", {"id": iid}),
        ("mutation($id: ID!, $u: ID!) { assignIncident(id: $id, assigneeId: $u) { id } }", {"id": iid, "u": eve["user"]["id"]}),
    ]:
        data, errors, _ = gql(server, query, variables, token=E, tenant=evil)
        check(codes(errors) == ["NOT_FOUND"], f"other tenant's mutation must be NOT_FOUND: {errors}")
    nosy = Subscriber(server, E, acme)
    await nosy.start()
    await asyncio.sleep(0.3)
    check(codes(nosy.errors) == ["FORBIDDEN"] and not nosy.events, f"subscribing to another tenant: {nosy.errors}")
    await nosy.stop()
    targeted = Subscriber(server, E, evil, {"f": {"incidentId": iid}})
    await targeted.start()
    await asyncio.sleep(0.3)
    check(codes(targeted.errors) == ["NOT_FOUND"], f"subscribing to another tenant's incident: {targeted.errors}")
    await targeted.stop()
    data, errors, _ = gql(server, "query($id: ID!) { incident(id: $id) { status timeline { totalCount } } }", {"id": iid}, token=A, tenant=acme)
    check(data["incident"]["status"] == "OPEN" and data["incident"]["timeline"]["totalCount"] == 6, f"nothing changed: {data}")
    await asyncio.sleep(0.3)
    check(outsider.events == [], f"other tenant's subscriber received {outsider.events}")

    # Credentials.
    data, errors, _ = gql(server, "{ incidents { totalCount } }")
    check(codes(errors) == ["UNAUTHENTICATED"], f"no credential: {errors}")
    data, errors, _ = gql(server, "{ incidents { totalCount } }", token="garbage", tenant=acme)
    check(codes(errors) == ["UNAUTHENTICATED"], f"bad token: {errors}")
    data, errors, _ = gql(server, "mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { key apiKey { id prefix role } } }",
                          {"i": {"name": "ci", "role": "RESPONDER"}}, token=A, tenant=acme)
    key, key_id = data["createApiKey"]["key"], data["createApiKey"]["apiKey"]["id"]
    check(key.startswith("lk_" + data["createApiKey"]["apiKey"]["prefix"]), "key carries its prefix")
    data, errors, _ = gql(server, REPORT, {"i": {"title": "From CI", "severity": "LOW"}}, token=key)
    check(not errors and data["reportIncident"]["number"] == 3 and data["reportIncident"]["reporter"] is None, f"API key implies tenant: {errors}")
    data, errors, _ = gql(server, "{ incidents { totalCount } }", token=key, tenant=evil)
    check(codes(errors) == ["FORBIDDEN"], f"API key with another tenant: {errors}")
    gql(server, "mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }", {"id": key_id}, token=A, tenant=acme)
    data, errors, _ = gql(server, "{ incidents { totalCount } }", token=key)
    check(codes(errors) == ["UNAUTHENTICATED"], f"revoked key: {errors}")

    data, errors, _ = gql(server, f"mutation($t: String!) {{ refreshSession(refreshToken: $t) {{ {AUTH} }} }}", {"t": alice["refreshToken"]})
    check(not errors and data["refreshSession"]["refreshToken"] != alice["refreshToken"], f"refresh: {errors}")
    fresh = data["refreshSession"]
    data, errors, _ = gql(server, "mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }", {"t": alice["refreshToken"]})
    check(codes(errors) == ["UNAUTHENTICATED"], "a refresh token works once")
    # Replaying a rotated token revokes its family: the newer refresh and access tokens stop too.
    data, errors, _ = gql(server, "{ viewer { id } }", token=fresh["accessToken"])
    check(codes(errors) == ["UNAUTHENTICATED"], f"access token of a revoked family: {errors}")
    data, errors, _ = gql(server, "mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }", {"t": fresh["refreshToken"]})
    check(codes(errors) == ["UNAUTHENTICATED"], f"refresh token of a revoked family: {errors}")
    data, errors, _ = gql(server, f"mutation($i: SignInInput!) {{ signIn(input: $i) {{ {AUTH} }} }}",
                          {"i": {"email": alice["user"]["email"], "password": "password-123"}})
    check(not errors, f"sign in again: {errors}")
    again = data["signIn"] if data else {"accessToken": ""}
    data, errors, _ = gql(server, "mutation { signOut }", token=again["accessToken"])
    check(not errors and data["signOut"] is True, f"signOut: {errors}")
    data, errors, _ = gql(server, "{ viewer { id } }", token=again["accessToken"])
    check(codes(errors) == ["UNAUTHENTICATED"], "signed-out access token")

    data, errors, _ = gql(server, "mutation($i: SignUpInput!) { signUp(input: $i) { accessToken } }",
                          {"i": {"email": alice["user"]["email"], "password": "password-123", "name": "Again"}})
    check(codes(errors) == ["CONFLICT"], f"duplicate email: {errors}")
    data, errors, _ = gql(server, "mutation($i: CreateTenantInput!) { createTenant(input: $i) { id } }",
                          {"i": {"name": "Dup", "slug": acme}}, token=B)
    check(codes(errors) == ["CONFLICT"], f"duplicate slug: {errors}")
    data, errors, _ = gql(server, "mutation($i: SignUpInput!) { signUp(input: $i) { accessToken } }",
                          {"i": {"email": "not-an-email", "password": "password-123", "name": "X"}})
    check(codes(errors) == ["BAD_USER_INPUT"], f"bad email: {errors}")
    for _ in range(5):
        gql(server, "mutation($i: SignInInput!) { signIn(input: $i) { accessToken } }",
            {"i": {"email": carol["user"]["email"], "password": "wrong-password"}})
    data, errors, _ = gql(server, "mutation($i: SignInInput!) { signIn(input: $i) { accessToken } }",
                          {"i": {"email": carol["user"]["email"], "password": "password-123"}})
    check(codes(errors) == ["RATE_LIMITED"], f"sign-in rate limit: {errors}")

    for subscriber in (watcher, critical_only, outsider):
        await subscriber.stop()


async def wait_closed(subscriber, timeout=5):
    deadline = time.time() + timeout
    while subscriber.closed is None and time.time() < deadline:
        await asyncio.sleep(0.05)
    return subscriber.closed


def open_event_stream(server, token, tenant):
    """A graphql-sse request for the incident events; returns (response, lines read so far)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request("POST", "/graphql", body=json.dumps({"query": EVENTS}),
                       headers={"content-type": "application/json", "accept": "text/event-stream",
                                "authorization": f"Bearer {token}", "x-tenant": tenant})
    return connection.getresponse()


async def revocation(server, label):
    print(f"[{label}] revocation reaches open connections")
    run = uuid.uuid4().hex[:8]
    owner = sign_up(server, f"revoke-{run}@example.com", "Revoker")
    slug = f"r-{run}"
    create_tenant(server, owner["accessToken"], slug)

    listener = await Subscriber(server, owner["accessToken"], slug).start()
    started = time.time()
    data, errors, _ = gql(server, "mutation { signOut }", token=owner["accessToken"])
    check(not errors, f"signOut: {errors}")
    check(await wait_closed(listener) == 4403, f"signOut closes the session's WebSocket with 4403: {listener.closed}")
    check(time.time() - started < 3, f"the WebSocket closed {time.time() - started:.2f}s after signOut")

    again = gql(server, f"mutation($i: SignInInput!) {{ signIn(input: $i) {{ {AUTH} }} }}",
                {"i": {"email": f"revoke-{run}@example.com", "password": "password-123"}})[0]["signIn"]
    data, errors, _ = gql(server, "mutation { createApiKey(input: {name: \"ws\", role: VIEWER}) { key apiKey { id } } }",
                          token=again["accessToken"], tenant=slug)
    check(not errors, f"createApiKey: {errors}")
    key_listener = await Subscriber(server, data["createApiKey"]["key"], None).start()
    gql(server, "mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }", {"id": data["createApiKey"]["apiKey"]["id"]},
        token=again["accessToken"], tenant=slug)
    check(await wait_closed(key_listener) == 4403, f"revokeApiKey closes the key's WebSocket with 4403: {key_listener.closed}")

    stream = await asyncio.to_thread(open_event_stream, server, again["accessToken"], slug)
    check(stream.status == 200, f"event stream opened: {stream.status}")
    await asyncio.sleep(0.3)
    gql(server, "mutation { signOut }", token=again["accessToken"])
    tail = await asyncio.wait_for(asyncio.to_thread(stream.read), 5)
    check(b"event: complete" in tail, f"signOut ends the event stream: {tail[-200:]!r}")


async def expiry():
    print("[sqlite] an access token's expiry closes its WebSocket with 4401")
    server = Server(environment={"LANTERN_ACCESS_TOKEN_SECONDS": "2"})
    try:
        run = uuid.uuid4().hex[:8]
        owner = sign_up(server, f"expiry-{run}@example.com", "Expiring")
        create_tenant(server, owner["accessToken"], f"e-{run}")
        listener = await Subscriber(server, owner["accessToken"], f"e-{run}").start()
        check(await wait_closed(listener, timeout=6) == 4401, f"expired token closes with 4401: {listener.closed}")
    finally:
        server.stop()


async def cross_instance(postgres_url):
    print("[postgres] an event raised on one instance reaches a subscriber on another")
    first, second = Server(postgres_url), None
    try:
        second = Server(postgres_url)
        run = uuid.uuid4().hex[:8]
        owner = sign_up(first, f"owner-{run}@example.com", "Owner")
        create_tenant(first, owner["accessToken"], f"x-{run}")
        listener = await Subscriber(second, owner["accessToken"], f"x-{run}").start()
        await asyncio.sleep(0.5)
        data, errors, _ = gql(first, REPORT, {"i": {"title": "Seen elsewhere", "severity": "MEDIUM"}},
                              token=owner["accessToken"], tenant=f"x-{run}")
        check(not errors, f"report on the first instance: {errors}")
        events = await listener.wait_for(1)
        check([e["kind"] for e in events] == ["REPORTED"] and events and events[0]["incident"]["id"] == data["reportIncident"]["id"],
              f"second instance received {events}")
        print("[postgres] signOut on one instance closes the session's WebSocket on another")
        gql(first, "mutation { signOut }", token=owner["accessToken"])
        check(await wait_closed(listener) == 4403, f"the other instance closed the WebSocket with 4403: {listener.closed}")
        await listener.stop()
    finally:
        first.stop()
        if second:
            second.stop()


async def main():
    workdir = tempfile.mkdtemp(prefix="lantern-e2e-sqlite-")
    server = Server(workdir=workdir)
    try:
        check(os.path.exists(os.path.join(workdir, "lantern.sqlite")), "serve without configuration creates ./lantern.sqlite")
        await scenario(server, "sqlite")
        await revocation(server, "sqlite")
    finally:
        server.stop()
    await expiry()
    if POSTGRES_URL:
        url = create_database(POSTGRES_URL, "lantern_e2e_" + uuid.uuid4().hex[:8])
        server = Server(url)
        try:
            await scenario(server, "postgres")
            await revocation(server, "postgres")
        finally:
            server.stop()
        await cross_instance(url)
    else:
        FAILURES.append("no PostgreSQL URL given: the PostgreSQL and cross-instance scenarios did not run")
    if FAILURES:
        print(f"{len(FAILURES)} end-to-end check(s) failed")
        sys.exit(1)
    print("end-to-end: all checks passed")


asyncio.run(main())
