#!/usr/bin/env python3
"""Tracing and structured logs end to end (issue 18, section 3), on SQLite:

1. a local OTLP/HTTP receiver (`POST /v1/traces`, the JSON encoding of
   ExportTraceServiceRequest) collects every span `lantern serve` exports when
   LANTERN_OTLP_ENDPOINT names it;
2. one GraphQL request sent with a W3C `traceparent` (a named query with batched fields) yields
   one trace: exactly one `POST /graphql` SERVER span, a child of the incoming parent, with the
   operation's name, type, document id, cost, outcome, request id and tenant; a
   `graphql.batch Incident.reporter` INTERNAL span below it with the field coordinate and the
   batch size; `db.query` CLIENT spans (sqlite, the statement kind), some of them the batch's
   own SQL; times and parents consistent. The tree is printed and saved to
   .build/test-output/trace-one-request.json (every span received: tracing-spans.json);
3. a webhook delivery carries exactly one `traceparent`, naming a `webhook.deliver` span that was exported
   (escalation job spans, `escalation.fire`, are reported when present, not required);
4. LANTERN_LOG_FORMAT=json: every line of the server's output is a JSON object with timestamp,
   level and message, and the traced request is logged with its request id, trace id, tenant and
   operation name;
5. without LANTERN_OTLP_ENDPOINT nothing is exported.

    tracing_e2e.py LANTERN_BINARY
"""
import collections
import gzip
import hashlib
import json
import os
import re
import secrets
import sys
import tempfile
import threading
import time
import traceback
import urllib.error
import urllib.request
import uuid
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_support  # noqa: E402
from e2e_support import FAILURES, Server, check, create_tenant, gql, sign_up  # noqa: E402

e2e_support.configure(sys.argv[1])
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUTPUT = os.path.join(ROOT, ".build", "test-output")
TREE_FILE = os.path.join(OUTPUT, "trace-one-request.json")

# Whatever the caller's environment says, the servers here get exactly the settings below.
for _name in list(os.environ):
    if _name.startswith("OTEL_") or _name.startswith("LANTERN_"):
        del os.environ[_name]

KINDS = {0: "UNSPECIFIED", 1: "INTERNAL", 2: "SERVER", 3: "CLIENT", 4: "PRODUCER", 5: "CONSUMER"}
SQL_KINDS = {"SELECT", "INSERT", "UPDATE", "DELETE", "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE",
             "PRAGMA", "WITH", "REPLACE", "UPSERT", "CREATE", "DROP", "ALTER", "VACUUM", "ANALYZE", "EXPLAIN"}
HEX32 = re.compile(r"^[0-9a-f]{32}$")
HEX16 = re.compile(r"^[0-9a-f]{16}$")
TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")
SLACK_NS = 1_000_000  # 1 ms

BOARD = ("query Board { incidents(first: 5) { edges { node { number title reporter { name } "
         "timeline(first: 3) { edges { node { kind } } } } } } }")
REPORT = "mutation($i: ReportIncidentInput!) { reportIncident(input: $i) { id number } }"
ADD_MEMBER = "mutation($i: AddMemberInput!) { addMember(input: $i) { id role } }"
CREATE_ENDPOINT = ("mutation($i: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $i) "
                   "{ secret endpoint { id url eventTypes enabled } } }")
CREATE_POLICY = "mutation($i: EscalationPolicyInput!) { createEscalationPolicy(input: $i) { id } }"

STARTED = time.time()
WARNINGS = []


def warn(message):
    WARNINGS.append(message)
    print("  NOTE:", message)


def section(name, function, *args):
    """Runs one part; an exception is a failure of that part (the next part still runs)."""
    print(f"[{name}]", flush=True)
    started = time.monotonic()
    try:
        return function(*args)
    except Exception as error:  # noqa: BLE001 - reported, and the next part still runs
        FAILURES.append(f"[{name}] stopped: {error!r}")
        print(f"  FAIL: [{name}] stopped:")
        traceback.print_exc()
        return None
    finally:
        print(f"  ({time.monotonic() - started:.1f} s)", flush=True)


def new_traceparent():
    trace_id, parent_id = secrets.token_hex(16), secrets.token_hex(8)
    return trace_id, parent_id, f"00-{trace_id}-{parent_id}-01"


def post(server, query, variables=None, token=None, tenant=None, headers=None):
    """POSTs a GraphQL request with extra headers; returns (HTTP status, payload, response headers)."""
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    request = urllib.request.Request(server.url, data=body, method="POST")
    request.add_header("Content-Type", "application/json")
    request.add_header("Accept", "application/graphql-response+json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    if tenant:
        request.add_header("X-Tenant", tenant)
    for key, value in (headers or {}).items():
        request.add_header(key, value)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read()), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}"), dict(error.headers)


def must(server, query, variables, token, tenant, what, headers=None):
    status, payload, _ = post(server, query, variables, token, tenant, headers)
    if payload.get("errors") or not payload.get("data"):
        raise AssertionError(f"{what}: HTTP {status} {payload.get('errors')}")
    return next(iter(payload["data"].values()))


def read_body(request):
    if "chunked" in (request.headers.get("Transfer-Encoding") or "").lower():
        body = b""
        while True:
            size = int(request.rfile.readline().strip().split(b";")[0], 16)
            if size == 0:
                while request.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass
                return body
            body += request.rfile.read(size)
            request.rfile.readline()
    return request.rfile.read(int(request.headers.get("Content-Length") or 0))


def answer(request, status, body=b"", content_type=None):
    try:
        request.send_response(status)
        if content_type:
            request.send_header("Content-Type", content_type)
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)
    except OSError:
        pass


# ---------------------------------------------------------------------------------------------
# The OTLP/HTTP receiver


def nanos(value, what, problems):
    """A fixed64 time in nanoseconds: a string of digits (the JSON encoding) or a number."""
    if isinstance(value, str) and value.isdigit():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    problems.append(f"{what} is not a number of nanoseconds: {value!r}")
    return None


def decode_value(value):
    """An OTLP AnyValue as a Python value (intValue: int even when sent as a string)."""
    if not isinstance(value, dict):
        return None
    if "stringValue" in value:
        return value["stringValue"]
    if "boolValue" in value:
        return bool(value["boolValue"])
    if "intValue" in value:
        return int(value["intValue"])
    if "doubleValue" in value:
        return float(value["doubleValue"])
    if "arrayValue" in value:
        return [decode_value(v) for v in (value["arrayValue"] or {}).get("values", [])]
    if "kvlistValue" in value:
        return decode_attributes((value["kvlistValue"] or {}).get("values", []))
    if "bytesValue" in value:
        return value["bytesValue"]
    return None


def decode_attributes(attributes):
    return {a.get("key"): decode_value(a.get("value")) for a in attributes or []}


def hex_id(value, pattern, what, problems, empty_ok=False):
    if value in (None, "") and empty_ok:
        return ""
    if isinstance(value, str) and pattern.match(value.lower()):
        if value.lower() in ("0" * 32, "0" * 16):
            problems.append(f"{what} is all zeros")
        return value.lower()
    problems.append(f"{what} is not hex of the right length: {value!r}")
    return str(value)


class OTLPReceiver:
    """`POST /v1/traces` with the OTLP JSON encoding: 200 `{}`, every span kept (flattened)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.spans = {}      # (traceId, spanId) -> span
        self.exports = []    # (arrival time, span count)
        self.strays = []     # other requests: (method, path, content type)
        self.problems = []
        self.httpd = None
        self.port = None

    def start(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                receiver.handle(self)

            def do_GET(self):
                receiver.strays.append(("GET", self.path, None))
                answer(self, 404)

            do_PUT = do_GET

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def stop(self):
        if self.httpd:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.httpd = None

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"

    def handle(self, request):
        arrived = time.time()
        body = read_body(request)
        path = request.path.split("?")[0]
        content_type = (request.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if path != "/v1/traces":
            with self.lock:
                self.strays.append(("POST", request.path, content_type))
            return answer(request, 404)
        encoding = (request.headers.get("Content-Encoding") or "").lower()
        try:
            if encoding == "gzip":
                body = gzip.decompress(body)
            elif encoding == "deflate":
                body = zlib.decompress(body)
        except Exception as error:  # noqa: BLE001
            with self.lock:
                self.problems.append(f"an export's body does not decompress as {encoding}: {error!r}")
            return answer(request, 400)
        if content_type != "application/json":
            with self.lock:
                self.problems.append(f"an export is {content_type or 'without Content-Type'}, not application/json "
                                     f"({len(body)} bytes)")
            return answer(request, 415)
        try:
            document = json.loads(body)
            spans, problems = self.flatten(document, arrived)
        except Exception as error:  # noqa: BLE001
            with self.lock:
                self.problems.append(f"an export is not an ExportTraceServiceRequest: {error!r} {body[:300]!r}")
            return answer(request, 400)
        with self.lock:
            self.exports.append((arrived, len(spans)))
            self.problems += problems
            for span in spans:
                key = (span["traceId"], span["spanId"])
                if key in self.spans:
                    self.problems.append(f"span {span['name']} {key} was exported twice")
                self.spans[key] = span
        answer(request, 200, b"{}", "application/json")

    @staticmethod
    def flatten(document, arrived):
        spans, problems = [], []
        for resource_spans in document.get("resourceSpans") or []:
            resource = decode_attributes((resource_spans.get("resource") or {}).get("attributes"))
            for scope_spans in resource_spans.get("scopeSpans") or []:
                scope = (scope_spans.get("scope") or {}).get("name")
                for raw in scope_spans.get("spans") or []:
                    name = raw.get("name")
                    what = f"span {name!r}"
                    kind = raw.get("kind", 0)
                    if not (isinstance(kind, int) and kind in KINDS):
                        problems.append(f"{what}: kind {kind!r} is not an OTLP SpanKind number")
                    status = raw.get("status") or {}
                    code = status.get("code", 0)
                    if not (isinstance(code, int) and code in (0, 1, 2)):
                        problems.append(f"{what}: status.code {code!r} is not 0, 1 or 2")
                    spans.append({
                        "traceId": hex_id(raw.get("traceId"), HEX32, f"{what} traceId", problems),
                        "spanId": hex_id(raw.get("spanId"), HEX16, f"{what} spanId", problems),
                        "parentSpanId": hex_id(raw.get("parentSpanId"), HEX16, f"{what} parentSpanId", problems, empty_ok=True),
                        "name": name,
                        "kind": kind,
                        "start": nanos(raw.get("startTimeUnixNano"), f"{what} startTimeUnixNano", problems),
                        "end": nanos(raw.get("endTimeUnixNano"), f"{what} endTimeUnixNano", problems),
                        "attributes": decode_attributes(raw.get("attributes")),
                        "status": {"code": code, "message": status.get("message", "")},
                        "events": [{"name": e.get("name"), "attributes": decode_attributes(e.get("attributes"))}
                                   for e in raw.get("events") or []],
                        "links": [{"traceId": (link.get("traceId") or "").lower(), "spanId": (link.get("spanId") or "").lower()}
                                  for link in raw.get("links") or []],
                        "resource": resource,
                        "scope": scope,
                        "arrived": arrived,
                    })
        return spans, problems

    def all(self):
        with self.lock:
            return list(self.spans.values())

    def trace(self, trace_id):
        return [s for s in self.all() if s["traceId"] == trace_id]

    def export_count(self):
        with self.lock:
            return len(self.exports) + len(self.strays) + len(self.problems)

    def wait(self, done, timeout, interval=0.1):
        """Polls the spans received until `done(spans)` or the timeout; returns the last result."""
        deadline = time.monotonic() + timeout
        while True:
            result = done(self.all())
            if result or time.monotonic() >= deadline:
                return result
            time.sleep(interval)


# ---------------------------------------------------------------------------------------------
# The webhook receiver


class WebhookReceiver:
    """POSTs to /hooks/<anything>: answered 200, kept with their headers (lower-cased)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.deliveries = []
        self.httpd = None
        self.port = None

    def start(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                arrived = time.time()
                body = read_body(self)
                with receiver.lock:
                    receiver.deliveries.append({"path": self.path, "arrived": arrived, "body": body,
                                                "headers": {k.lower(): v for k, v in self.headers.items()},
                                                "traceparents": self.headers.get_all("traceparent") or []})
                answer(self, 200, b"ok")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def stop(self):
        if self.httpd:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.httpd = None

    def url(self, name):
        return f"http://127.0.0.1:{self.port}/hooks/{name}"

    def received(self):
        with self.lock:
            return list(self.deliveries)


# ---------------------------------------------------------------------------------------------
# Span trees


def kind_name(kind):
    return KINDS.get(kind, str(kind))


def ancestors(span, by_id):
    """The span's ancestors inside its trace, nearest first (stops at a parent not in the trace)."""
    chain, seen = [], set()
    parent = span["parentSpanId"]
    while parent and parent in by_id and parent not in seen:
        seen.add(parent)
        chain.append(by_id[parent])
        parent = by_id[parent]["parentSpanId"]
    return chain


def duration_ms(span):
    if span["start"] is None or span["end"] is None:
        return None
    return (span["end"] - span["start"]) / 1e6


def short(value, limit=70):
    text = json.dumps(value) if not isinstance(value, str) else value
    return text if len(text) <= limit else text[:limit - 1] + "…"


KEY_ATTRIBUTES = ["graphql.operation.name", "graphql.operation.type", "graphql.document.id", "lantern.cost",
                  "lantern.outcome", "lantern.tenant", "lantern.request_id", "http.request.method",
                  "http.response.status_code", "graphql.field.coordinate", "graphql.batch.size", "db.system",
                  "db.operation.name"]


def describe(span):
    attributes = span["attributes"]
    keys = [k for k in KEY_ATTRIBUTES if k in attributes] + sorted(k for k in attributes if k not in KEY_ATTRIBUTES)
    shown = " ".join(f"{k}={short(attributes[k], 40 if k == 'graphql.document.id' else 70)}" for k in keys)
    took = duration_ms(span)
    status = {1: " OK", 2: " ERROR"}.get(span["status"]["code"], "")
    return f"{span['name']} [{kind_name(span['kind'])}{status}] {'?' if took is None else f'{took:.2f}'} ms  {shown}".rstrip()


def tree_lines(root, children, depth=0):
    lines = ["  " * depth + describe(root)]
    for child in children.get(root["spanId"], []):
        lines += tree_lines(child, children, depth + 1)
    return lines


def tree_json(root, children, origin):
    return {"name": root["name"], "kind": kind_name(root["kind"]), "spanId": root["spanId"],
            "parentSpanId": root["parentSpanId"], "startOffsetMs": round((root["start"] - origin) / 1e6, 3),
            "durationMs": None if duration_ms(root) is None else round(duration_ms(root), 3),
            "status": root["status"], "attributes": root["attributes"], "events": root["events"],
            "links": root["links"], "children": [tree_json(c, children, origin) for c in children.get(root["spanId"], [])]}


def children_of(spans):
    children = {}
    for span in sorted(spans, key=lambda s: (s["start"] or 0, s["name"] or "")):
        children.setdefault(span["parentSpanId"], []).append(span)
    return children


# ---------------------------------------------------------------------------------------------
# The scenario


def setup(server):
    """Three users, one tenant, one incident reported by each (so each incident has its own reporter)."""
    run = uuid.uuid4().hex[:8]
    users = {n: sign_up(server, f"trace-{n}-{run}@example.com", f"Trace {n.title()}") for n in ["owner", "ana", "bo"]}
    slug = f"trace-{run}"
    create_tenant(server, users["owner"]["accessToken"], slug)
    for who in ["ana", "bo"]:
        _, errors, _ = gql(server, ADD_MEMBER, {"i": {"email": users[who]["user"]["email"], "role": "RESPONDER"}},
                           token=users["owner"]["accessToken"], tenant=slug)
        assert not errors, f"addMember {who}: {errors}"
    for who, title in [("owner", "Disk full on db-1"), ("ana", "Checkout latency"), ("bo", "Certificate expires")]:
        must(server, REPORT, {"i": {"title": title, "severity": "HIGH", "urgency": "LOW"}}, users[who]["accessToken"],
             slug, f"reportIncident as {who}")
    return {"users": users, "slug": slug, "token": users["owner"]["accessToken"]}


def traced_request(server, receiver, t):
    trace_id, parent_id, header = new_traceparent()
    status, payload, headers = post(server, BOARD, token=t["token"], tenant=t["slug"], headers={"traceparent": header})
    check(status == 200 and not payload.get("errors") and payload.get("data"),
          f"the traced Board request answers 200 with data: HTTP {status} {payload.get('errors')}")
    edges = ((payload.get("data") or {}).get("incidents") or {}).get("edges") or []
    print(f"  sent traceparent {header}; {len(edges)} incidents returned")
    t.update(trace_id=trace_id, parent_id=parent_id, traceparent=header, returned=len(edges), response_headers=headers)

    def request_span(spans):
        return [s for s in spans if s["traceId"] == trace_id and s["name"] == "POST /graphql"]

    found = receiver.wait(request_span, 10)
    check(found, f"the request's span (trace {trace_id}) arrives at the OTLP receiver within 10 s "
                 f"(exports received: {len(receiver.exports)}, spans: {len(receiver.all())}, "
                 f"problems: {receiver.problems[:3]}, strays: {receiver.strays[:3]})")
    if found:
        time.sleep(1.5)  # spans ending after the response (or exported in the next batch)
    return trace_id


def check_tree(receiver, t):
    trace_id, parent_id = t["trace_id"], t["parent_id"]
    spans = receiver.trace(trace_id)
    by_id = {s["spanId"]: s for s in spans}
    children = children_of(spans)
    print(f"  {len(spans)} spans in trace {trace_id}")

    # The request's span.
    named = [s for s in spans if s["name"] == "POST /graphql"]
    below_remote = [s for s in spans if s["parentSpanId"] == parent_id]
    check(len(named) == 1, f"exactly one 'POST /graphql' span in the trace: {len(named)}")
    check(len(below_remote) == 1 and below_remote[0]["name"] == "POST /graphql",
          f"exactly one span is the child of the incoming parent {parent_id}, the 'POST /graphql' span: "
          f"{[(s['name'], s['spanId']) for s in below_remote]}")
    if not named:
        roots = [s for s in spans if s["parentSpanId"] not in by_id]
        for root in roots:
            print("\n".join("    " + line for line in tree_lines(root, children)))
        raise AssertionError("no request span: the rest of the tree cannot be checked")
    request = named[0]
    a = request["attributes"]
    check(request["kind"] == 2, f"the request span's kind is 2 (SERVER): {request['kind']!r}")
    check(request["traceId"] == trace_id, f"the request span's traceId is the incoming one: {request['traceId']}")
    check(request["parentSpanId"] == parent_id,
          f"the request span's parentSpanId is the incoming parent id {parent_id}: {request['parentSpanId']!r}")

    def attribute(key, predicate, expected):
        value = a.get(key, "<absent>")
        check(key in a and predicate(value), f"request span attribute {key} is {expected}: {value!r}")

    def is_int(v):
        return isinstance(v, int) and not isinstance(v, bool)

    attribute("http.request.method", lambda v: v == "POST", "'POST'")
    attribute("http.response.status_code", lambda v: is_int(v) and v == 200, "200 (an int)")
    attribute("graphql.operation.name", lambda v: v == "Board", "'Board'")
    attribute("graphql.operation.type", lambda v: v == "query", "'query'")
    attribute("graphql.document.id", lambda v: isinstance(v, str) and re.match(r"^sha256:[0-9a-f]{64}$", v) is not None,
              "'sha256:' and 64 hex digits")
    attribute("lantern.cost", lambda v: (is_int(v) or isinstance(v, float)) and v > 0, "a number > 0")
    attribute("lantern.outcome", lambda v: v == "success", "'success'")
    attribute("lantern.request_id", lambda v: isinstance(v, str) and v != "", "a non-empty string")
    attribute("lantern.tenant", lambda v: v == t["slug"], f"the tenant's slug {t['slug']!r}")
    document_id = a.get("graphql.document.id")
    if isinstance(document_id, str) and document_id != "sha256:" + hashlib.sha256(BOARD.encode()).hexdigest():
        print("  (graphql.document.id is not the SHA-256 of the exact text sent; fine if it hashes a normalized form)")
    t["request_id"] = a.get("lantern.request_id")

    # The batch of Incident.reporter.
    batches = [s for s in spans if (s["name"] or "").startswith("graphql.batch")]
    reporter = [s for s in batches if s["name"] == "graphql.batch Incident.reporter"]
    good = [s for s in reporter
            if s["kind"] == 1 and request in ancestors(s, by_id)
            and s["attributes"].get("graphql.field.coordinate") == "Incident.reporter"
            and is_int(s["attributes"].get("graphql.batch.size"))
            and s["attributes"].get("graphql.batch.size") == t["returned"]]
    check(good, f"a 'graphql.batch Incident.reporter' span, kind 1 (INTERNAL), below the request span, with "
                f"graphql.field.coordinate='Incident.reporter' and graphql.batch.size={t['returned']} (an int): "
                + (f"found {[(s['kind'], request in ancestors(s, by_id), s['attributes']) for s in reporter]}" if reporter
                   else f"none; batch spans: {[s['name'] for s in batches]}"))
    for s in batches:
        check(s["kind"] == 1 and request in ancestors(s, by_id),
              f"batch span {s['name']!r} is INTERNAL and below the request span: kind {s['kind']}")
        coordinate = s["name"].removeprefix("graphql.batch").strip()
        check(s["attributes"].get("graphql.field.coordinate") == coordinate and is_int(s["attributes"].get("graphql.batch.size")),
              f"batch span {s['name']!r} has graphql.field.coordinate={coordinate!r} and an int graphql.batch.size: {s['attributes']}")

    # SQL statements.
    queries = [s for s in spans if s["name"] == "db.query"]
    check(len(queries) >= 2, f"several 'db.query' spans in the trace: {len(queries)}")
    for s in queries:
        qa = s["attributes"]
        check(s["kind"] == 3, f"db.query span {s['spanId']} is kind 3 (CLIENT): {s['kind']!r}")
        check(qa.get("db.system") == "sqlite", f"db.query span {s['spanId']} has db.system='sqlite': {qa.get('db.system')!r}")
        check(qa.get("db.operation.name") in SQL_KINDS,
              f"db.query span {s['spanId']} has db.operation.name, a statement kind: {qa.get('db.operation.name')!r}")
    in_batches = [s for s in queries if any((p["name"] or "").startswith("graphql.batch") for p in ancestors(s, by_id))]
    in_reporter = [s for s in in_batches if any(p["name"] == "graphql.batch Incident.reporter" for p in ancestors(s, by_id))]
    check(in_batches, f"some db.query spans are below a batch span (the batch's own SQL): {len(in_batches)} of {len(queries)}")
    check(in_reporter, "the Incident.reporter batch's SQL is a db.query span below it")

    # Times and parents.
    now_ns = time.time_ns()
    for s in spans:
        label = f"span {s['name']!r} {s['spanId']}"
        if s["start"] is None or s["end"] is None:
            continue  # already a receiver problem
        check(s["start"] <= s["end"], f"{label}: start <= end ({s['start']} > {s['end']})")
        check(STARTED * 1e9 - 60e9 <= s["start"] <= now_ns + 60e9,
              f"{label}: startTimeUnixNano is wall-clock time (Unix epoch): {s['start']}")
        if s is request:
            continue
        parent = by_id.get(s["parentSpanId"])
        check(parent is not None, f"{label}: its parentSpanId {s['parentSpanId']!r} is a span of the trace")
        if parent is not None and parent["start"] is not None:
            check(s["start"] >= parent["start"] - SLACK_NS,
                  f"{label} starts {(parent['start'] - s['start']) / 1e6:.3f} ms before its parent {parent['name']!r}")

    # Print and save.
    lines = tree_lines(request, children)
    print(f"\n  The trace of one request (traceparent {t['traceparent']}):")
    print(f"  (remote parent {parent_id})")
    print("\n".join("    " + line for line in lines))
    print()
    strays = [s for s in spans if s is not request and request not in ancestors(s, by_id)]
    for s in strays:
        print("    not below the request span: " + describe(s))
    os.makedirs(OUTPUT, exist_ok=True)
    with open(TREE_FILE, "w") as f:
        json.dump({"traceparent": t["traceparent"], "traceId": trace_id, "remoteParentSpanId": parent_id,
                   "resource": request["resource"], "scope": request["scope"], "spanCount": len(spans),
                   "text": lines, "tree": tree_json(request, children, request["start"] or 0),
                   "notBelowRequest": [tree_json(s, children, request["start"] or 0) for s in strays]}, f, indent=2)
    print(f"  saved {os.path.relpath(TREE_FILE, ROOT)}; resource: {request['resource']}; scope: {request['scope']!r}")
    t["tree"] = lines


def webhook(server, receiver, hooks, t):
    token, slug = t["token"], t["slug"]
    created = must(server, CREATE_ENDPOINT, {"i": {"url": hooks.url("traced"), "description": "tracing e2e",
                                                   "eventTypes": ["incident.reported", "incident.escalated"]}},
                   token, slug, "createWebhookEndpoint")
    check(created["endpoint"]["enabled"], f"the webhook endpoint is enabled: {created}")
    owner_id = t["users"]["owner"]["user"]["id"]
    policy = must(server, CREATE_POLICY, {"i": {"name": "Trace escalation", "repeatCount": 0, "levels": [
        {"delaySeconds": 1, "targetUserIds": [owner_id]}, {"delaySeconds": 1, "targetUserIds": [owner_id]}]}},
        token, slug, "createEscalationPolicy")
    report_trace, _, header = new_traceparent()
    must(server, REPORT, {"i": {"title": "Webhook with a trace", "severity": "CRITICAL", "escalationPolicyId": policy["id"]}},
         token, slug, "reportIncident (webhook)", headers={"traceparent": header})
    deadline = time.monotonic() + 8
    while time.monotonic() < deadline and len(hooks.received()) < 3:  # reported, escalated level 1, level 2
        time.sleep(0.1)
    deliveries = hooks.received()

    def event_type(delivery):
        try:
            return json.loads(delivery["body"]).get("type")
        except (ValueError, AttributeError):
            return "?"

    print(f"  {len(deliveries)} webhook deliveries: {[event_type(d) for d in deliveries]}")
    check(deliveries, "a webhook delivery arrives within 8 s")
    wanted = []
    for d in deliveries:
        values = d["traceparents"]
        check(len(values) == 1, f"the webhook POST carries exactly one traceparent header: {values}")
        for value in values:
            match = TRACEPARENT.match(value)
            check(match and match.group(1) != "0" * 32 and match.group(2) != "0" * 16,
                  f"the webhook POST's traceparent is 00-<32 hex>-<16 hex>-<2 hex>: {value!r}")
            if match:
                wanted.append((match.group(1), match.group(2), value))
    if not wanted:
        return

    def delivered(spans):
        keys = {(s["traceId"], s["spanId"]) for s in spans if s["name"] == "webhook.deliver"}
        return all((trace, span) in keys for trace, span, _ in wanted)

    receiver.wait(delivered, 10)
    spans = receiver.all()
    by_key = {(s["traceId"], s["spanId"]): s for s in spans}
    for trace, span_id, value in wanted:
        span = by_key.get((trace, span_id))
        check(span is not None and span["name"] == "webhook.deliver",
              f"the traceparent {value} names an exported 'webhook.deliver' span: "
              + (f"that span is {span['name']!r}" if span else
                 f"none (webhook.deliver spans: {[(s['traceId'], s['spanId']) for s in spans if s['name'] == 'webhook.deliver'][:5]})"))
        if span is None:
            continue
        check(span["kind"] in (1, 3), f"the webhook.deliver span's kind is 1 or 3: {span['kind']!r}")
        trace_spans = receiver.trace(trace)
        by_id = {s["spanId"]: s for s in trace_spans}
        chain = [span] + ancestors(span, by_id)
        print("  webhook trace: " + " ← ".join(describe(s) for s in chain))
        if trace == report_trace:
            print("  (the webhook.deliver span is in the trace of the request that reported the incident)")
    if all(trace != report_trace for trace, _, _ in wanted):
        print(f"  (no webhook.deliver span continues the reporting request's trace {report_trace}; "
              "links: " + str([s["links"] for s in spans if s["name"] == "webhook.deliver"][:3]) + ")")
    fired = [s for s in receiver.all() if s["name"] == "escalation.fire"]
    if fired:
        print(f"  {len(fired)} escalation.fire span(s): " + "; ".join(describe(s) for s in fired[:3]))
        for s in fired:
            check(s["kind"] in (1, 3), f"escalation.fire span {s['spanId']} is kind 1 or 3 (it is a job): {s['kind']!r}")
    else:
        warn("no 'escalation.fire' span was exported although an escalation policy fired (optional in this test)")


def json_logs(server, ready_offset, t):
    with open(os.path.join(server.workdir, "server.log"), "rb") as f:
        data = f.read()
    lines, offset = [], 0
    for raw in data.split(b"\n"):
        lines.append((offset, raw))
        offset += len(raw) + 1
    records, bad = [], []
    for start, raw in lines:
        text = raw.decode("utf-8", "replace").strip()
        if not text:
            continue
        try:
            record = json.loads(text)
        except ValueError:
            record = None
        if not isinstance(record, dict):
            if start >= ready_offset:
                bad.append(text[:200])
            continue
        records.append(record)
    print(f"  {len(records)} JSON log lines, {len(bad)} other lines after the server was ready")
    check(not bad, f"every line the server writes once ready is a JSON object: {bad[:3]}")
    check(records, "the server writes JSON log lines")
    missing = [r for r in records if not all(k in r for k in ("timestamp", "level", "message"))]
    check(not missing, f"every JSON log line has timestamp, level and message: {missing[:2]}")

    def field(record, key):
        if key in record:
            return record[key]
        nested = record.get("metadata")
        return nested.get(key) if isinstance(nested, dict) else None

    nested = [r for r in records if "trace_id" not in r and isinstance(r.get("metadata"), dict) and "trace_id" in r["metadata"]]
    if nested:
        print("  (trace_id and the other fields are under 'metadata', not at the top level)")
    traced = [r for r in records if field(r, "trace_id") == t["trace_id"]]
    complete = [r for r in traced if field(r, "request_id") and field(r, "tenant") == t["slug"] and field(r, "operation") == "Board"]
    check(complete, f"a log line of the traced request has request_id, trace_id={t['trace_id']}, tenant={t['slug']!r} and "
                    f"operation='Board': {len(traced)} line(s) with that trace_id: {traced[:2]}; "
                    f"some other lines: {records[-3:]}")
    if complete:
        print("  " + json.dumps(complete[0])[:400])
        if t.get("request_id"):
            check(any(field(r, "request_id") == t["request_id"] for r in complete),
                  f"the log's request_id is the span's lantern.request_id {t['request_id']!r}: "
                  f"{[field(r, 'request_id') for r in complete]}")


def tracing_off(receiver):
    """A server without LANTERN_OTLP_ENDPOINT exports nothing, even for a request with a traceparent."""
    before = receiver.export_count()
    workdir = tempfile.mkdtemp(prefix="lantern-trace-off-")
    server = Server(os.path.join(workdir, "lantern.sqlite"), workdir,
                    {"LANTERN_LOG_FORMAT": "json", "LANTERN_LOG_LEVEL": "info", "LANTERN_WEBHOOKS_ALLOW_PRIVATE": "1"})
    try:
        t = setup(server)
        _, _, header = new_traceparent()
        status, payload, _ = post(server, BOARD, token=t["token"], tenant=t["slug"], headers={"traceparent": header})
        check(status == 200 and not payload.get("errors"), f"without export, the request still answers 200: {status} {payload}")
        time.sleep(3)
    finally:
        server.stop()
    after = receiver.export_count()
    check(after == before, f"without LANTERN_OTLP_ENDPOINT no request reaches the OTLP receiver: {after - before} did")


def main():
    receiver = OTLPReceiver().start()
    hooks = WebhookReceiver().start()
    workdir = tempfile.mkdtemp(prefix="lantern-trace-")
    print(f"OTLP receiver on {receiver.endpoint}; server workdir {workdir}")
    environment = {"LANTERN_OTLP_ENDPOINT": receiver.endpoint, "LANTERN_LOG_FORMAT": "json",
                   "LANTERN_LOG_LEVEL": "info", "LANTERN_WEBHOOKS_ALLOW_PRIVATE": "1"}
    server = Server(os.path.join(workdir, "lantern.sqlite"), workdir, environment)
    ready_offset = os.path.getsize(os.path.join(workdir, "server.log"))
    t = None
    try:
        t = section("1. setup: three users, a tenant, three incidents", setup, server)
        if t:
            traced = section("2. one traced request", traced_request, server, receiver, t)
            if traced and receiver.trace(t["trace_id"]):
                section("3. the span tree of that request", check_tree, receiver, t)
            else:
                FAILURES.append("[3] the span tree was not checked: no span of the request's trace arrived")
            section("4. a webhook delivery carries traceparent", webhook, server, receiver, hooks, t)
    finally:
        server.stop()
        hooks.stop()
    if t and "trace_id" in t:
        section("5. JSON logs", json_logs, server, ready_offset, t)
    check(not receiver.problems, f"every export is well-formed OTLP JSON: {receiver.problems[:5]}")
    check(not receiver.strays, f"no requests to other receiver paths: {receiver.strays[:5]}")
    section("6. tracing is off without LANTERN_OTLP_ENDPOINT", tracing_off, receiver)
    receiver.stop()

    spans = receiver.all()
    print(f"\n{len(receiver.exports)} OTLP exports, {len(spans)} spans received in {time.time() - STARTED:.1f} s")
    os.makedirs(OUTPUT, exist_ok=True)
    with open(os.path.join(OUTPUT, "tracing-spans.json"), "w") as f:
        json.dump(sorted(spans, key=lambda s: s["start"] or 0), f, indent=1)
    keys = {(s["traceId"], s["spanId"]) for s in spans}
    names = collections.Counter(s["name"] for s in spans)
    roots = collections.Counter(s["name"] for s in spans if (s["traceId"], s["parentSpanId"]) not in keys)
    print("  spans by name: " + ", ".join(f"{n} {c}" for n, c in names.most_common(10)))
    print("  trace roots by name: " + ", ".join(f"{n} {c}" for n, c in roots.most_common(10)))
    for warning in WARNINGS:
        print("  note:", warning)
    if FAILURES:
        print(f"\n{len(FAILURES)} tracing check(s) failed:")
        for failure in FAILURES:
            print("  -", failure[:800])
        sys.exit(1)
    print("tracing and JSON logs end to end: all checks passed")


main()
