#!/usr/bin/env python3
"""Documents end to end against live `lantern serve` processes, on SQLite and on PostgreSQL:
versions and conflicts, search with facets and snippets, a real GraphQL multipart upload (with
deduplication and the size limit), roles, bulk archiving, document events over
graphql-transport-ws, and isolation between tenants.

    documents_e2e.py LANTERN_BINARY [POSTGRES_URL]
"""
import asyncio
import json
import sys
import urllib.error
import urllib.request
import uuid

import websockets

import e2e_support
from e2e_support import FAILURES, Server, check, codes, create_database, create_tenant, gql, sign_up

e2e_support.configure(sys.argv[1])
POSTGRES_URL = sys.argv[2] if len(sys.argv) > 2 else None

DOCUMENT = "id title kind tags body version sha256 sizeBytes archivedAt createdBy { id } incidents { id }"


def multipart(server, token, tenant, operations, files, preflight=True):
    """A GraphQL multipart request written by hand: operations, map, then the file parts."""
    boundary = "lantern-" + uuid.uuid4().hex
    parts = [("operations", None, None, json.dumps(operations).encode()),
             ("map", None, None, json.dumps({str(i): [path] for i, (path, _, _, _) in enumerate(files)}).encode())]
    parts += [(str(i), name, kind, data) for i, (_, name, kind, data) in enumerate(files)]
    body = b""
    for field, filename, kind, data in parts:
        body += f"--{boundary}\r\n".encode()
        disposition = f'form-data; name="{field}"' + (f'; filename="{filename}"' if filename else "")
        body += f"Content-Disposition: {disposition}\r\n".encode()
        if kind:
            body += f"Content-Type: {kind}\r\n".encode()
        body += b"\r\n" + data + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    request = urllib.request.Request(server.url, data=body, method="POST")
    request.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
    request.add_header("Accept", "application/graphql-response+json")
    request.add_header("Authorization", f"Bearer {token}")
    request.add_header("X-Tenant", tenant)
    if preflight:
        request.add_header("Apollo-Require-Preflight", "true")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


UPLOAD = """mutation($file: Upload!, $input: UploadDocumentInput!) { uploadDocument(file: $file, input: $input) {
  id title kind body sha256 version } }"""


async def events(server, token, tenant, into):
    socket = await websockets.connect(server.ws_url, subprotocols=["graphql-transport-ws"])
    await socket.send(json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {token}", "tenant": tenant}}))
    assert json.loads(await asyncio.wait_for(socket.recv(), 10))["type"] == "connection_ack"
    await socket.send(json.dumps({"id": "d", "type": "subscribe", "payload": {
        "query": "subscription { documentEvents { kind documentId document { title version } actor { id } } }"}}))

    async def read():
        async for raw in socket:
            message = json.loads(raw)
            if message["type"] == "next":
                into.append(message["payload"].get("data", {}).get("documentEvents") or message["payload"])
    task = asyncio.create_task(read())
    await asyncio.sleep(0.3)
    return socket, task


async def scenario(server, label):
    owner = sign_up(server, f"doc-owner-{label}@example.com", "Owner")
    token = owner["accessToken"]
    slug = f"docs-{label}"
    create_tenant(server, token, slug)
    stranger = sign_up(server, f"doc-stranger-{label}@example.com", "Stranger")
    create_tenant(server, stranger["accessToken"], f"other-{label}")
    responder = sign_up(server, f"doc-responder-{label}@example.com", "Responder")
    _, errors, _ = gql(server, "mutation($i: AddMemberInput!) { addMember(input: $i) { id } }",
                       {"i": {"email": responder["user"]["email"], "role": "RESPONDER"}}, token=token, tenant=slug)
    check(not errors, f"[{label}] add a responder: {errors}")

    received = []
    socket, reader = await events(server, token, slug, received)

    incident, _, _ = gql(server, 'mutation { reportIncident(input: {title: "API down", severity: HIGH}) { id } }', token=token, tenant=slug)
    incident_id = incident["reportIncident"]["id"]
    data, errors, _ = gql(server, f"""mutation($i: CreateDocumentInput!) {{ createDocument(input: $i) {{ {DOCUMENT} }} }}""",
                          {"i": {"title": "API failover runbook", "kind": "RUNBOOK", "body": "Fail over the <api> to the café region.",
                                 "tags": ["API", "failover"], "incidentIds": [incident_id]}}, token=token, tenant=slug)
    check(not errors, f"[{label}] createDocument: {errors}")
    document = data["createDocument"]
    check(document["version"] == 1 and document["tags"] == ["api", "failover"] and len(document["sha256"]) == 64,
          f"[{label}] a new document is version 1 with its hash: {document}")
    check(document["incidents"] == [{"id": incident_id}], f"[{label}] attached to its incident")

    update = "mutation($id: ID!, $v: Int!, $i: UpdateDocumentInput!) { updateDocument(id: $id, expectedVersion: $v, input: $i) { version body } }"
    data, errors, _ = gql(server, update, {"id": document["id"], "v": 1, "i": {"body": "Fail over the API. Then page the DBA."}},
                          token=token, tenant=slug)
    check(not errors and data["updateDocument"]["version"] == 2, f"[{label}] update makes version 2: {data} {errors}")
    _, errors, _ = gql(server, update, {"id": document["id"], "v": 1, "i": {"title": "stale"}}, token=token, tenant=slug)
    check(codes(errors) == ["CONFLICT"], f"[{label}] a stale expectedVersion is CONFLICT: {codes(errors)}")

    search = """query($q: String!, $f: DocumentFilter) { searchDocuments(query: $q, filter: $f) { totalCount
      edges { cursor score snippet node { id title } } facets { kinds { value count } tags { value count } } } }"""
    data, errors, _ = gql(server, search, {"q": "failover OR dba"}, token=token, tenant=slug)
    result = data and data["searchDocuments"]
    check(not errors and result["totalCount"] == 1 and "<mark>" in result["edges"][0]["snippet"],
          f"[{label}] search finds it with a marked snippet: {result} {errors}")
    check(result and result["facets"]["tags"] == [{"value": "api", "count": 1}, {"value": "failover", "count": 1}],
          f"[{label}] facets over the matches: {result and result['facets']}")
    _, errors, _ = gql(server, search, {"q": "-failover"}, token=token, tenant=slug)
    check(codes(errors) == ["BAD_USER_INPUT"], f"[{label}] a query of exclusions only is BAD_USER_INPUT: {codes(errors)}")

    # The upload: a real multipart request, deduplicated by hash, limited to 1 MiB.
    text = "# Postmortem\n\nThe cache expired at 09:30.\n".encode()
    status, payload = multipart(server, token, slug, {"query": UPLOAD, "variables": {"file": None, "input": {"kind": "POSTMORTEM"}}},
                                [("variables.file", "cache-outage.md", "text/markdown", text)])
    uploaded = (payload.get("data") or {}).get("uploadDocument")
    check(status == 200 and uploaded and uploaded["title"] == "cache-outage" and uploaded["body"] == text.decode(),
          f"[{label}] multipart upload creates a document: {status} {payload}")
    status, again = multipart(server, token, slug, {"query": UPLOAD, "variables": {"file": None, "input": {"kind": "NOTE", "title": "copy"}}},
                              [("variables.file", "copy.md", "text/markdown", text)])
    check(uploaded and (again.get("data") or {}).get("uploadDocument", {}).get("id") == uploaded["id"],
          f"[{label}] a byte-identical upload returns the existing document: {again}")
    words = " ".join(f"word{i % 5000} line{i}" for i in range(120000)).encode()
    exact = (words + b" " * (1024 * 1024))[:1024 * 1024]
    status, largest = multipart(server, token, slug, {"query": UPLOAD, "variables": {"file": None, "input": {"kind": "NOTE"}}},
                                [("variables.file", "largest.txt", "text/plain", exact)])
    check(status == 200 and (largest.get("data") or {}).get("uploadDocument"),
          f"[{label}] a file of exactly 1 MiB is accepted: {status} {str(largest)[:300]}")
    status, big = multipart(server, token, slug, {"query": UPLOAD, "variables": {"file": None, "input": {"kind": "NOTE"}}},
                            [("variables.file", "big.txt", "text/plain", b"x" * (1024 * 1024 + 1))])
    check(status == 413 and "BAD_USER_INPUT" in json.dumps(big), f"[{label}] a file over 1 MiB is 413: {status} {big}")
    status, binary = multipart(server, token, slug, {"query": UPLOAD, "variables": {"file": None, "input": {"kind": "NOTE"}}},
                               [("variables.file", "bad.md", "text/markdown", b"\xff\xfe not utf-8")])
    check(codes(binary.get("errors")) == ["BAD_USER_INPUT"], f"[{label}] invalid UTF-8 is BAD_USER_INPUT: {binary}")
    status, _ = multipart(server, token, slug, {"query": UPLOAD, "variables": {"file": None, "input": {"kind": "NOTE"}}},
                          [("variables.file", "x.md", "text/markdown", b"hello")], preflight=False)
    check(status == 400, f"[{label}] a multipart request without a preflight header is refused: {status}")

    # Another tenant sees none of it.
    other = stranger["accessToken"]
    data, errors, _ = gql(server, "query($id: ID!) { document(id: $id) { id } }", {"id": document["id"]}, token=other, tenant=f"other-{label}")
    check(codes(errors) == ["NOT_FOUND"], f"[{label}] another tenant's document is NOT_FOUND: {errors}")
    data, errors, _ = gql(server, search, {"q": "failover OR cache"}, token=other, tenant=f"other-{label}")
    check(not errors and data["searchDocuments"]["totalCount"] == 0 and data["searchDocuments"]["facets"]["tags"] == [],
          f"[{label}] another tenant's search finds nothing: {data} {errors}")

    # Roles, bulk archive, delete.
    _, errors, _ = gql(server, "mutation($id: ID!) { deleteDocument(id: $id) }", {"id": document["id"]},
                       token=responder["accessToken"], tenant=slug)
    check(codes(errors) == ["FORBIDDEN"], f"[{label}] a RESPONDER cannot delete: {codes(errors)}")
    data, errors, _ = gql(server, "mutation($ids: [ID!]!) { archiveDocuments(ids: $ids) { id ok error { code } } }",
                          {"ids": [document["id"], "no-such-document"]}, token=responder["accessToken"], tenant=slug)
    check(not errors and [r["ok"] for r in data["archiveDocuments"]] == [True, False]
          and data["archiveDocuments"][1]["error"]["code"] == "NOT_FOUND", f"[{label}] bulk archive, each on its own: {data} {errors}")
    data, errors, _ = gql(server, "{ documents { totalCount } archived: documents(filter: {archived: true}) { totalCount } }",
                          token=token, tenant=slug)
    check(not errors and data["documents"]["totalCount"] == 2 and data["archived"]["totalCount"] == 1,
          f"[{label}] archived documents are listed only when asked for: {data}")
    data, errors, _ = gql(server, "mutation($id: ID!) { deleteDocument(id: $id) }", {"id": document["id"]}, token=token, tenant=slug)
    check(not errors and data["deleteDocument"] is True, f"[{label}] the OWNER deletes: {errors}")

    await asyncio.sleep(0.5)
    kinds = [event.get("kind") for event in received]
    check(kinds[:5] == ["CREATED", "UPDATED", "CREATED", "CREATED", "ARCHIVED"] and kinds[-1] == "DELETED",
          f"[{label}] document events reach the tenant's subscriber in order: {kinds}")
    reader.cancel()
    await socket.close()


async def main():
    server = Server()
    try:
        await scenario(server, "sqlite")
    finally:
        server.stop()
    if POSTGRES_URL:
        server = Server(create_database(POSTGRES_URL, "lantern_docs_" + uuid.uuid4().hex[:8]))
        try:
            await scenario(server, "postgres")
        finally:
            server.stop()
    else:
        FAILURES.append("no PostgreSQL URL given: the PostgreSQL scenario did not run")
    if FAILURES:
        print(f"{len(FAILURES)} document check(s) failed")
        sys.exit(1)
    print("documents end to end: all checks passed")


asyncio.run(main())
