#!/usr/bin/env python3
"""Trusted documents end to end (issue 18, section 2), on SQLite:

- `lantern trust` refuses a manifest with an invalid document (naming its id, line and column)
  and registers nothing; it registers a Relay-style and an Apollo manifest, printing each
  document's operations and cost; a changed text under a registered id is a conflict;
- requests name trusted documents by Relay's `doc_id` (POST and GET), by `documentId` with the
  document's `sha256:` hash or another prefix, and an unknown id is PERSISTED_QUERY_NOT_FOUND;
- a tenant's TRUSTED_ONLY mode refuses text (FORBIDDEN) and APQ, and runs trusted documents
  (also sent as their exact text); a tenant cannot loosen the server's mode;
- the server's TRUSTED_ONLY mode refuses text before parsing, OWNER keys included; with OWNER
  keys exempt, an OWNER key passes its tenant's TRUSTED_ONLY, an ADMIN key and a session do not;
  the APQ mode takes hashes and refuses bare text;
- a WebSocket subscription's text is refused under TRUSTED_ONLY unless it is a trusted document.

    trusted_documents_e2e.py LANTERN_BINARY
"""
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_support as e2e  # noqa: E402
from e2e_support import check, codes, FAILURES  # noqa: E402

ME = "query Me { viewer { email } }"
INCIDENTS = "query Incidents { incidents(first: 5) { edges { node { number title } } } }"
RESET = "mutation Reset { setDocumentMode(mode: null) { mode effectiveMode } }"
EVENTS = "subscription Events { incidentEvents { kind incident { title } } }"
SIGN_IN = 'mutation { signIn(input: {email: "owner@example.com", password: "password-123"}) { accessToken } }'
REPORT = 'mutation Report { reportIncident(input: {title: "Trusted report", severity: LOW}) { number } }'


def sha(text):
    return hashlib.sha256(text.encode()).hexdigest()


def post(server, body, token=None, tenant=None):
    request = urllib.request.Request(server.url, data=json.dumps(body).encode(), method="POST")
    request.add_header("Content-Type", "application/json")
    request.add_header("Accept", "application/graphql-response+json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    if tenant:
        request.add_header("X-Tenant", tenant)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def get(server, parameters, token=None, tenant=None):
    request = urllib.request.Request(server.url + "?" + urllib.parse.urlencode(parameters))
    request.add_header("Accept", "application/graphql-response+json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    if tenant:
        request.add_header("X-Tenant", tenant)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def trust(binary, database, manifest, workdir):
    path = os.path.join(workdir, f"manifest-{time.time_ns()}.json")
    with open(path, "w") as f:
        json.dump(manifest, f)
    return subprocess.run([binary, "trust", path, "--database-url", database], capture_output=True, text=True, timeout=120)


def error_codes(payload):
    return codes(payload.get("errors"))


def wait_for_documents(server, token, tenant, expected):
    deadline = time.time() + 15
    while time.time() < deadline:
        status, payload = post(server, {"query": "{ documentPolicy { trustedDocumentCount } }"}, token, tenant)
        if (payload.get("data") or {}).get("documentPolicy", {}).get("trustedDocumentCount") == expected:
            return True
        time.sleep(0.5)
    return False


def main():
    binary = os.path.abspath(sys.argv[1])
    e2e.configure(binary)
    workdir = tempfile.mkdtemp(prefix="lantern-trusted-")
    database = os.path.join(workdir, "lantern.sqlite")
    server = e2e.Server(database_url=database, workdir=workdir)
    try:
        owner = e2e.sign_up(server, "owner@example.com", "Owner")["accessToken"]
        e2e.create_tenant(server, owner, "acme")

        # An invalid document: nothing is registered, and the problem names id, line and column.
        bad = trust(binary, database, {"me": ME, "broken": "query Broken {\n  incidents { nope }\n}"}, workdir)
        check(bad.returncode == 1 and "broken: 2:15:" in bad.stderr and "nope" in bad.stderr,
              f"trust refuses an invalid document, naming it: {bad.returncode} {bad.stderr!r}")
        relay = {"me": ME, "incidents": INCIDENTS, "reset": RESET, "events": EVENTS, "report": REPORT}
        good = trust(binary, database, relay, workdir)
        check(good.returncode == 0 and "5 document(s) trusted: 5 new" in good.stdout and "query Incidents  cost" in good.stdout,
              f"trust registers a Relay manifest: {good.returncode} {good.stdout!r} {good.stderr!r}")
        again = trust(binary, database, relay, workdir)
        check(again.returncode == 0 and "0 new, 5 already registered" in again.stdout, f"trusting again adds nothing: {again.stdout!r}")
        changed = trust(binary, database, {"me": "query Me { viewer { name } }"}, workdir)
        check(changed.returncode != 0 and "already registered with a different text" in (changed.stdout + changed.stderr),
              f"an id with another text is a conflict: {changed.returncode} {changed.stderr[-300:]!r}")
        apollo_body = "query Tenants { viewer { memberships { role } } }"
        apollo = trust(binary, database, {"format": "apollo-persisted-query-manifest", "version": 1, "operations": [
            {"id": sha(apollo_body), "name": "Tenants", "type": "query", "body": apollo_body}]}, workdir)
        check(apollo.returncode == 0 and "1 new" in apollo.stdout, f"trust registers an Apollo manifest: {apollo.stdout!r} {apollo.stderr!r}")
        wrong_id = trust(binary, database, {"format": "apollo-persisted-query-manifest", "version": 1, "operations": [
            {"id": "abc", "name": "X", "type": "query", "body": ME}]}, workdir)
        check(wrong_id.returncode == 1 and "SHA-256" in wrong_id.stderr, f"an Apollo id must be the body's hash: {wrong_id.stderr!r}")
        check(wait_for_documents(server, owner, "acme", 6), "the running server picks up the new documents within 15 s")

        # Naming trusted documents.
        status, payload = post(server, {"doc_id": "me"}, owner, "acme")
        check(status == 200 and payload.get("data", {}).get("viewer", {}).get("email") == "owner@example.com",
              f"POST doc_id runs the trusted document: {status} {payload}")
        status, payload = get(server, {"doc_id": "incidents"}, owner, "acme")
        check(status == 200 and "incidents" in (payload.get("data") or {}), f"GET doc_id: {status} {payload}")
        status, payload = post(server, {"documentId": "sha256:" + sha(ME)}, owner, "acme")
        check(status == 200 and (payload.get("data") or {}).get("viewer"), f"documentId sha256: of a trusted document: {status} {payload}")
        status, payload = post(server, {"documentId": "x-relay:me"}, owner, "acme")
        check(status == 200 and (payload.get("data") or {}).get("viewer"), f"a prefixed documentId names the manifest's id: {status} {payload}")
        status, payload = post(server, {"documentId": "x-relay:nothing"}, owner, "acme")
        check("PERSISTED_QUERY_NOT_FOUND" in error_codes(payload), f"an unknown prefixed id: {status} {payload}")
        status, payload = post(server, {"doc_id": "unknown"}, owner, "acme")
        check("PERSISTED_QUERY_NOT_FOUND" in error_codes(payload), f"an unknown doc_id: {status} {payload}")
        status, payload = post(server, {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": sha(apollo_body)}}}, owner, "acme")
        check(status == 200 and (payload.get("data") or {}).get("viewer"), f"an APQ hash of a trusted document: {status} {payload}")

        # The tenant goes TRUSTED_ONLY.
        data, errors, _ = e2e.gql(server, "mutation { setDocumentMode(mode: TRUSTED_ONLY) { mode serverMode effectiveMode } }",
                                  token=owner, tenant="acme")
        check(not errors and data["setDocumentMode"] == {"mode": "TRUSTED_ONLY", "serverMode": "OPEN", "effectiveMode": "TRUSTED_ONLY"},
              f"an OWNER sets TRUSTED_ONLY: {data} {errors}")
        status, payload = post(server, {"query": "{ viewer { email } }"}, owner, "acme")
        check("FORBIDDEN" in error_codes(payload) and not payload.get("data"), f"text is refused under TRUSTED_ONLY: {status} {payload}")
        status, payload = post(server, {"query": ME}, owner, "acme")
        check(status == 200 and (payload.get("data") or {}).get("viewer"), f"a trusted document's exact text runs: {status} {payload}")
        status, payload = post(server, {"doc_id": "report"}, owner, "acme")
        check(status == 200 and (payload.get("data") or {}).get("reportIncident"), f"a trusted mutation runs: {status} {payload}")
        untrusted = "query Other { viewer { name } }"
        status, payload = post(server, {"query": untrusted, "extensions": {"persistedQuery": {"version": 1, "sha256Hash": sha(untrusted)}}},
                               owner, "acme")
        check("FORBIDDEN" in error_codes(payload), f"an APQ registration is refused under TRUSTED_ONLY: {status} {payload}")
        websocket_checks(server, owner)
        status, payload = post(server, {"doc_id": "reset"}, owner, "acme")
        check(status == 200 and (payload.get("data") or {}).get("setDocumentMode", {}).get("effectiveMode") == "OPEN",
              f"the trusted reset mutation puts the tenant back: {status} {payload}")
        data, errors, _ = e2e.gql(server, "{ viewer { email } }", token=owner, tenant="acme")
        check(not errors, f"text runs again once the tenant follows the server: {errors}")
    finally:
        server.stop()

    server_modes(binary, workdir, database)
    if FAILURES:
        print(f"trusted documents: {len(FAILURES)} failure(s)")
        sys.exit(1)
    print("trusted documents: all checks passed")


def websocket_checks(server, owner):
    """Under TRUSTED_ONLY, a subscription sent as text is refused unless it is a trusted document."""
    import asyncio
    try:
        import websockets
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "websockets"], check=True)
        import websockets

    async def subscribe(query):
        async with websockets.connect(server.ws_url, subprotocols=["graphql-transport-ws"]) as socket:
            await socket.send(json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {owner}", "tenant": "acme"}}))
            json.loads(await socket.recv())
            await socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query}}))
            try:
                message = json.loads(await asyncio.wait_for(socket.recv(), 1.5))
            except asyncio.TimeoutError:
                return "open"
            return message["type"] + " " + json.dumps(message.get("payload"))

    refused = asyncio.run(subscribe("subscription { incidentEvents { kind } }"))
    check(refused.startswith("error") and "FORBIDDEN" in refused, f"an untrusted subscription is refused: {refused}")
    accepted = asyncio.run(subscribe(EVENTS))
    check(accepted == "open", f"a trusted subscription stays open: {accepted}")


def server_modes(binary, workdir, database):
    server = e2e.Server(database_url=database, workdir=workdir,
                        environment={"LANTERN_DOCUMENT_MODE": "TRUSTED_ONLY", "LANTERN_DOCUMENT_MODE_OWNER_KEYS_EXEMPT": "1"})
    try:
        # Signing in is a document too: under a server-wide TRUSTED_ONLY a client's sign-in must be
        # in its manifest (this one is not), so the sessions below are made while the server is open.
        status, payload = post(server, {"query": SIGN_IN})
        check("FORBIDDEN" in error_codes(payload), f"the server's TRUSTED_ONLY refuses text, even signIn: {status} {payload}")
    finally:
        server.stop()
    open_server = e2e.Server(database_url=database, workdir=workdir)
    try:
        data, errors, _ = e2e.gql(open_server, SIGN_IN)
        check(not errors, f"sign in: {errors}")
        owner = data["signIn"]["accessToken"]
        keys = {}
        for role in ["OWNER", "ADMIN"]:
            data, errors, _ = e2e.gql(open_server, "mutation($role: Role!) { createApiKey(input: {name: \"tooling\", role: $role}) { key } }",
                                      {"role": role}, token=owner, tenant="acme")
            check(not errors, f"create an {role} key: {errors}")
            keys[role] = data["createApiKey"]["key"]
        data, errors, _ = e2e.gql(open_server, "mutation { setDocumentMode(mode: OPEN) { mode } }", token=owner, tenant="acme")
        check(not errors, f"the tenant asks for OPEN: {errors}")
    finally:
        open_server.stop()
    server = e2e.Server(database_url=database, workdir=workdir,
                        environment={"LANTERN_DOCUMENT_MODE": "TRUSTED_ONLY", "LANTERN_DOCUMENT_MODE_OWNER_KEYS_EXEMPT": "1"})
    try:
        status, payload = post(server, {"query": "{ viewer { email } }"}, owner, "acme")
        check("FORBIDDEN" in error_codes(payload), f"a tenant's OPEN does not loosen the server's TRUSTED_ONLY: {status} {payload}")
        status, payload = post(server, {"doc_id": "me"}, owner, "acme")
        check(status == 200 and (payload.get("data") or {}).get("viewer"), f"trusted documents run: {status} {payload}")
        # The server's mode binds everyone, OWNER keys included (anyone may create a tenant and own it).
        status, payload = post(server, {"query": "{ incidents(first: 1) { totalCount } }"}, keys["OWNER"])
        check("FORBIDDEN" in error_codes(payload), f"an OWNER key is not exempt from the server's mode: {status} {payload}")
        # Refused before parsing: an invalid document gets no validation error (no schema hints).
        status, payload = post(server, {"query": "{ incidnts { totalCount } }"})
        check(error_codes(payload) == ["FORBIDDEN"] and "Did you mean" not in json.dumps(payload),
              f"untrusted text is refused before validation: {status} {payload}")
        status, payload = post(server, {"query": "{ incidnts }", "extensions": {"persistedQuery": {"version": 1, "sha256Hash": sha("{ incidnts }")}}})
        check(error_codes(payload) == ["FORBIDDEN"], f"an APQ registration is refused (and not kept): {status} {payload}")
    finally:
        server.stop()
    # An OWNER key may pass its own tenant's stricter mode when the server exempts OWNER keys.
    server = e2e.Server(database_url=database, workdir=workdir, environment={"LANTERN_DOCUMENT_MODE_OWNER_KEYS_EXEMPT": "1"})
    try:
        data, errors, _ = e2e.gql(server, "mutation { setDocumentMode(mode: TRUSTED_ONLY) { effectiveMode } }", token=owner, tenant="acme")
        check(not errors and data["setDocumentMode"]["effectiveMode"] == "TRUSTED_ONLY", f"the tenant goes TRUSTED_ONLY: {errors}")
        status, payload = post(server, {"query": "{ incidents(first: 1) { totalCount } }"}, keys["OWNER"])
        check(status == 200 and not payload.get("errors"), f"an OWNER key is exempt from its tenant's mode: {status} {payload}")
        status, payload = post(server, {"query": "{ incidents(first: 1) { totalCount } }"}, keys["ADMIN"])
        check("FORBIDDEN" in error_codes(payload), f"an ADMIN key is not: {status} {payload}")
        status, payload = post(server, {"query": "{ incidents(first: 1) { totalCount } }"}, owner, "acme")
        check("FORBIDDEN" in error_codes(payload), f"nor is an OWNER's session: {status} {payload}")
        status, payload = post(server, {"query": "mutation { setDocumentMode(mode: null) { effectiveMode } }"}, keys["OWNER"])
        check(status == 200 and (payload.get("data") or {}).get("setDocumentMode", {}).get("effectiveMode") == "OPEN",
              f"the OWNER key puts the tenant back: {status} {payload}")
    finally:
        server.stop()
    server = e2e.Server(database_url=database, workdir=workdir, environment={"LANTERN_DOCUMENT_MODE": "APQ"})
    try:
        query = "query Count { incidents(first: 1) { totalCount } }"
        status, payload = post(server, {"query": query}, owner, "acme")
        check("FORBIDDEN" in error_codes(payload), f"APQ mode refuses bare text: {status} {payload}")
        persisted = {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": sha(query)}}}
        status, payload = post(server, persisted, owner, "acme")
        check("PERSISTED_QUERY_NOT_FOUND" in error_codes(payload), f"APQ mode: an unknown hash first: {status} {payload}")
        status, payload = post(server, dict(persisted, query=query), owner, "acme")
        check(status == 200 and not payload.get("errors"), f"APQ mode: registering with the hash runs: {status} {payload}")
        status, payload = get(server, {"extensions": json.dumps(persisted["extensions"])}, owner, "acme")
        check(status == 200 and not payload.get("errors"), f"APQ mode: the hash alone over GET: {status} {payload}")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
