#!/usr/bin/env python3
"""Dashboards end to end against live `lantern serve` processes, on SQLite and on PostgreSQL: the
default "Incident overview", dashboard and widget CRUD with roles and the grid rules, metrics
checked against values computed here from the timestamps the service returned (a reopened
incident included), buckets in a time zone, isolation between tenants, debounced live pushes over
graphql-transport-ws (across two instances on PostgreSQL), and CSV and Markdown exports
downloaded and parsed.

    dashboards_e2e.py LANTERN_BINARY [POSTGRES_URL]
"""
import asyncio
import csv
import io
import json
import re
import statistics
import sys
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import datetime, timedelta, timezone

import websockets

import e2e_support
from e2e_support import FAILURES, As, Server, check, codes, create_database, create_tenant, gql, sign_up

e2e_support.configure(sys.argv[1])
POSTGRES_URL = sys.argv[2] if len(sys.argv) > 2 else None

TOLERANCE = 1e-6
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
HOUR, DAY = 3_600_000, 86_400_000
KOLKATA = 5 * HOUR + 30 * 60_000  # UTC+5:30, no daylight saving time

QUERY = "metric groupBy bucket filter { status severity assigneeId tag }"
WIDGET = f"id title kind layout {{ x y w h }} query {{ {QUERY} }}"
DASHBOARD = f"id name description timeRange {{ from to }} timeZone createdBy {{ id }} createdAt updatedAt widgets {{ {WIDGET} }}"
DATA = "from to value previousValue series { key keys points { t v } } rows { keys value }"

CREATE = f"mutation($i: DashboardInput!) {{ createDashboard(input: $i) {{ {DASHBOARD} }} }}"
UPDATE = f"mutation($id: ID!, $i: DashboardUpdateInput!) {{ updateDashboard(id: $id, input: $i) {{ {DASHBOARD} }} }}"
DELETE = "mutation($id: ID!) { deleteDashboard(id: $id) }"
DUPLICATE = f"mutation($id: ID!, $n: String!) {{ duplicateDashboard(id: $id, name: $n) {{ {DASHBOARD} }} }}"
ADD = f"mutation($d: ID!, $i: WidgetInput!) {{ addWidget(dashboardId: $d, input: $i) {{ {WIDGET} }} }}"
EDIT = f"mutation($id: ID!, $i: WidgetUpdateInput!) {{ updateWidget(id: $id, input: $i) {{ {WIDGET} }} }}"
REMOVE = "mutation($id: ID!) { removeWidget(id: $id) }"
GET = f"query($id: ID!) {{ dashboard(id: $id) {{ {DASHBOARD} }} }}"
LIST = f"{{ dashboards(first: 10) {{ totalCount edges {{ cursor node {{ {DASHBOARD} }} }} }} }}"
METRICS = f"""query($q: MetricQueryInput!, $r: TimeRangeInput!, $z: String) {{
  incidentMetrics(query: $q, timeRange: $r, timeZone: $z) {{ {DATA} }} }}"""
WIDGET_DATA = f"query($id: ID!, $r: TimeRangeInput) {{ dashboard(id: $id) {{ widgets {{ id title query {{ metric }} data(timeRange: $r) {{ {DATA} }} }} }} }}"

INCIDENT = "id number title severity status tags createdAt acknowledgedAt resolvedAt resolution"
REPORT = f"mutation($i: ReportIncidentInput!) {{ reportIncident(input: $i) {{ {INCIDENT} }} }}"
ACK = f"mutation($id: ID!) {{ acknowledgeIncident(id: $id) {{ {INCIDENT} }} }}"
RESOLVE = f"mutation($id: ID!, $r: String!) {{ resolveIncident(id: $id, resolution: $r) {{ {INCIDENT} }} }}"
REOPEN = f"mutation($id: ID!) {{ reopenIncident(id: $id) {{ {INCIDENT} }} }}"
ASSIGN = f"mutation($id: ID!, $u: ID!) {{ assignIncident(id: $id, assigneeId: $u) {{ {INCIDENT} }} }}"
EXPORT_INCIDENTS = """mutation($f: ExportFormat!, $filter: IncidentFilter, $r: TimeRangeInput) {
  exportIncidents(format: $f, filter: $filter, timeRange: $r) { url expiresAt rowCount } }"""
EXPORT_AUDIT = "mutation($f: ExportFormat!) { exportAuditLog(format: $f) { url expiresAt rowCount } }"
UPDATES = """subscription($id: ID!) { dashboardUpdates(id: $id) { widget { id title } data { value } } }"""

INCIDENT_COLUMNS = ["number", "id", "title", "severity", "status", "reporter", "assignee", "tags",
                    "created_at", "acknowledged_at", "resolved_at", "resolution"]
AUDIT_COLUMNS = ["at", "action", "actor", "api_key", "target_type", "target_id", "request_id"]


# ---------------------------------------------------------------------------------------------
# Helpers


def ms(text):
    """A DateTime (RFC 3339) as milliseconds since the epoch."""
    instant = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return (instant - EPOCH) // timedelta(milliseconds=1)


def iso(milliseconds):
    """Milliseconds since the epoch as the service writes a DateTime: `2026-11-21T09:30:00.000Z`."""
    instant = EPOCH + timedelta(milliseconds=milliseconds)
    return instant.strftime("%Y-%m-%dT%H:%M:%S.") + f"{milliseconds % 1000:03d}Z"


def now_ms():
    return (datetime.now(timezone.utc) - EPOCH) // timedelta(milliseconds=1)


def close(actual, expected):
    if expected is None or actual is None:
        return actual is None and expected is None
    return isinstance(actual, (int, float)) and abs(actual - expected) <= TOLERANCE


def mean(values):
    return statistics.fmean(values) if values else None


def median(values):
    return statistics.median(values) if values else None


def layout(x, y, w, h):
    return {"x": x, "y": y, "w": w, "h": h}


def box(widget):
    l = widget["layout"]
    return (l["x"], l["y"], l["w"], l["h"])


def row_map(rows):
    return {tuple(row["keys"]): row["value"] for row in rows}


def same_rows(actual, expected, optional_null=()):
    """Rows as {keys: value} equal `expected` (floats within the tolerance); keys in
    `optional_null` may be missing or null."""
    actual = dict(actual)
    for keys in optional_null:
        if keys in actual and actual[keys] is None:
            del actual[keys]
    return set(actual) == set(expected) and all(close(actual[k], expected[k]) for k in expected)


def download(url, headers=None):
    """GET without credentials: (status, headers, body)."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def fetchable(server, url):
    """`url`; or, when it is not an absolute URL of this server (the first export's check records
    that as a failure), its path on this server, so that the file's own checks still run."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "http" and parts.netloc == f"127.0.0.1:{server.port}":
        return url
    return f"http://127.0.0.1:{server.port}{parts.path}"


def bare_line_ends(text):
    """Line ends outside quoted fields that are not CRLF (RFC 4180 allows any inside quotes)."""
    count, quoted, i = 0, False, 0
    while i < len(text):
        c = text[i]
        if c == '"':
            quoted = not quoted
        elif not quoted and c == "\n" and (i == 0 or text[i - 1] != "\r"):
            count += 1
        elif not quoted and c == "\r" and (i + 1 == len(text) or text[i + 1] != "\n"):
            count += 1
        i += 1
    return count


def markdown_cells(line):
    """The cells of a Markdown table row, split at pipes that are not escaped."""
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]]


class Updates:
    """A graphql-transport-ws client subscribed to one dashboard's updates, keeping each `next`
    payload with the (monotonic) time it arrived."""

    def __init__(self, server, token, tenant, dashboard_id):
        self.server, self.token, self.tenant, self.dashboard_id = server, token, tenant, dashboard_id
        self.messages, self.errors, self.closed = [], [], None

    async def start(self):
        self.socket = await websockets.connect(self.server.ws_url, subprotocols=["graphql-transport-ws"])
        await self.socket.send(json.dumps({"type": "connection_init",
                                           "payload": {"authorization": f"Bearer {self.token}", "tenant": self.tenant}}))
        ack = json.loads(await asyncio.wait_for(self.socket.recv(), 10))
        assert ack["type"] == "connection_ack", ack
        await self.socket.send(json.dumps({"id": "1", "type": "subscribe",
                                           "payload": {"query": UPDATES, "variables": {"id": self.dashboard_id}}}))
        self.reader = asyncio.create_task(self.read())
        await asyncio.sleep(0.5)  # the subscription is attached before anything changes
        return self

    async def read(self):
        try:
            async for raw in self.socket:
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
                    await self.socket.send(json.dumps({"type": "pong"}))
        except websockets.ConnectionClosed as closed:
            self.closed = closed.code if hasattr(closed, "code") else closed.rcvd.code

    async def stop(self):
        self.reader.cancel()
        await self.socket.close()


def rounds_of(messages, gap=0.2):
    """Messages arriving within `gap` seconds of the one before form one round."""
    rounds = []
    for arrived, update in sorted(messages, key=lambda m: m[0]):
        if rounds and arrived - rounds[-1][-1][0] <= gap:
            rounds[-1].append((arrived, update))
        else:
            rounds.append([(arrived, update)])
    return rounds


def section(label, name, function, *args):
    """Runs one part of the scenario; an exception is a failure of that part, not of the rest."""
    print(f"[{label}] {name}")
    try:
        return function(*args)
    except Exception as error:  # noqa: BLE001 - reported, and the next part still runs
        FAILURES.append(f"[{label}] {name} stopped: {error!r}")
        print(f"  FAIL: [{label}] {name} stopped:")
        traceback.print_exc()
        return None


async def async_section(label, name, function, *args):
    print(f"[{label}] {name}")
    try:
        return await function(*args)
    except Exception as error:  # noqa: BLE001
        FAILURES.append(f"[{label}] {name} stopped: {error!r}")
        print(f"  FAIL: [{label}] {name} stopped:")
        traceback.print_exc()
        return None


# ---------------------------------------------------------------------------------------------
# 1. The default dashboard


DEFAULT_WIDGETS = [("STAT", "OPEN_INCIDENTS", [], None, (0, 0, 8, 4)),
                   ("STAT", "MTTA", [], None, (8, 0, 8, 4)),
                   ("STAT", "MTTR", [], None, (16, 0, 8, 4)),
                   ("TIMESERIES", "INCIDENT_COUNT", ["SEVERITY"], "DAY", (0, 4, 24, 8))]


def default_dashboard(label, viewer):
    data, errors = viewer(LIST)
    check(not errors, f"[{label}] dashboards(first: 10): {errors}")
    listing = data["dashboards"]
    names = [edge["node"]["name"] for edge in listing["edges"]]
    check(listing["totalCount"] == 1 and names == ["Incident overview"],
          f"[{label}] a new tenant has exactly the default dashboard: totalCount {listing['totalCount']}, names {names}")
    overview = listing["edges"][0]["node"]
    shape = [(w["kind"], w["query"]["metric"], w["query"]["groupBy"], w["query"]["bucket"], box(w)) for w in overview["widgets"]]
    check(shape == DEFAULT_WIDGETS, f"[{label}] the default dashboard's widgets (kind, metric, groupBy, bucket, layout): {shape}")
    check(overview["createdBy"] is None, f"[{label}] the default dashboard has no creator: {overview['createdBy']}")
    data, errors = viewer(GET, {"id": overview["id"]})
    check(not errors and data["dashboard"]["id"] == overview["id"] and data["dashboard"]["widgets"] == overview["widgets"],
          f"[{label}] dashboard(id:) returns the default dashboard as listed: {errors}")
    return overview


# ---------------------------------------------------------------------------------------------
# 2. CRUD, roles and the grid


def crud(label, owner, responder, viewer, admin):
    # Create: RESPONDER yes, VIEWER no; defaults; bad ranges and zones.
    ops = responder.must(CREATE, {"i": {"name": "Ops", "description": "Service health",
                                        "timeRange": {"from": "now-24h", "to": "now"}}}, "createDashboard as RESPONDER")
    check(ops["name"] == "Ops" and ops["description"] == "Service health" and ops["timeRange"] == {"from": "now-24h", "to": "now"}
          and ops["timeZone"] is None and ops["widgets"] == [] and ops["createdBy"] == {"id": responder.id},
          f"[{label}] createDashboard as RESPONDER: {ops}")
    _, errors = viewer(CREATE, {"i": {"name": "Viewer's"}})
    check(codes(errors) == ["FORBIDDEN"], f"[{label}] a VIEWER cannot create a dashboard: {errors}")
    bare = responder.must(CREATE, {"i": {"name": "Bare"}}, "createDashboard with defaults")
    check(bare["timeRange"] == {"from": "now-7d", "to": "now"} and bare["description"] == "" and bare["timeZone"] is None,
          f"[{label}] createDashboard defaults to the last 7 days, no description, UTC: {bare}")
    instant = "2026-03-01T00:00:00Z"
    for bad in [{"from": "yesterday", "to": "now"}, {"from": "now", "to": "now-1h"}, {"from": instant, "to": instant},
                {"from": "now-1h", "to": "now-1h"}, {"from": "now-5x", "to": "now"}, {"from": "now+1h", "to": "now"}]:
        _, errors = responder(CREATE, {"i": {"name": "Bad range", "timeRange": bad}})
        check(codes(errors) == ["BAD_USER_INPUT"], f"[{label}] createDashboard timeRange {bad} is BAD_USER_INPUT: {errors}")
    _, errors = responder(CREATE, {"i": {"name": "Mars", "timeZone": "Mars/Base"}})
    check(codes(errors) == ["BAD_USER_INPUT"], f"[{label}] createDashboard timeZone Mars/Base is BAD_USER_INPUT: {errors}")

    # Update: omitted fields keep their values; zones; VIEWER no.
    data, errors = responder(UPDATE, {"id": ops["id"], "i": {"name": "Ops board"}})
    updated = data and data["updateDashboard"]
    check(not errors and updated["name"] == "Ops board" and updated["description"] == "Service health"
          and updated["timeRange"] == {"from": "now-24h", "to": "now"}, f"[{label}] updateDashboard renames and keeps the rest: {updated} {errors}")
    data, errors = responder(UPDATE, {"id": ops["id"], "i": {"timeZone": "Europe/Berlin"}})
    check(not errors and data["updateDashboard"]["timeZone"] == "Europe/Berlin", f"[{label}] updateDashboard sets a time zone: {data} {errors}")
    data, errors = responder(UPDATE, {"id": ops["id"], "i": {"timeZone": ""}})
    check(not errors and data["updateDashboard"]["timeZone"] is None, f"[{label}] timeZone \"\" returns to UTC: {data} {errors}")
    _, errors = responder(UPDATE, {"id": ops["id"], "i": {"timeZone": "Mars/Base"}})
    check(codes(errors) == ["BAD_USER_INPUT"], f"[{label}] updateDashboard timeZone Mars/Base is BAD_USER_INPUT: {errors}")
    _, errors = responder(UPDATE, {"id": ops["id"], "i": {"timeRange": {"from": "yesterday", "to": "now"}}})
    check(codes(errors) == ["BAD_USER_INPUT"], f"[{label}] updateDashboard timeRange yesterday is BAD_USER_INPUT: {errors}")
    _, errors = viewer(UPDATE, {"id": ops["id"], "i": {"name": "Viewer was here"}})
    check(codes(errors) == ["FORBIDDEN"], f"[{label}] a VIEWER cannot update a dashboard: {errors}")

    # Widgets and the 24-column grid.
    stat = {"title": "Open", "kind": "STAT", "layout": layout(0, 0, 12, 4), "query": {"metric": "OPEN_INCIDENTS"}}
    first = responder.must(ADD, {"d": ops["id"], "i": stat}, "addWidget")
    check(first["title"] == "Open" and first["kind"] == "STAT" and box(first) == (0, 0, 12, 4)
          and first["query"]["metric"] == "OPEN_INCIDENTS" and first["query"]["groupBy"] == [] and first["query"]["bucket"] is None,
          f"[{label}] addWidget returns the widget: {first}")
    for name, bad in [("x + w > 24", layout(20, 10, 8, 4)), ("w < 1", layout(0, 10, 0, 4)), ("h < 1", layout(0, 10, 4, 0)),
                      ("x < 0", layout(-1, 10, 4, 4)), ("y < 0", layout(0, -1, 4, 4)),
                      ("overlapping another widget", layout(6, 2, 12, 4)), ("inside another widget", layout(1, 1, 2, 2))]:
        _, errors = responder(ADD, {"d": ops["id"], "i": dict(stat, layout=bad)})
        check(codes(errors) == ["BAD_USER_INPUT"], f"[{label}] a layout with {name} {bad} is BAD_USER_INPUT: {errors}")
    data, errors = responder(ADD, {"d": ops["id"], "i": {"title": "Severity", "kind": "BAR", "layout": layout(12, 0, 12, 4),
                                                         "query": {"metric": "INCIDENT_COUNT", "groupBy": ["SEVERITY"]}}})
    check(not errors, f"[{label}] a widget touching another's right edge is allowed: {errors}")
    second = data and data["addWidget"]
    data, errors = responder(ADD, {"d": ops["id"], "i": {"title": "Per day", "kind": "TIMESERIES", "layout": layout(0, 4, 24, 4),
                                                         "query": {"metric": "INCIDENT_COUNT", "bucket": "DAY"}}})
    check(not errors and data["addWidget"]["query"]["bucket"] == "DAY", f"[{label}] a widget touching others' bottom edges is allowed: {errors}")
    third = data and data["addWidget"]
    _, errors = responder(ADD, {"d": ops["id"], "i": {"title": "No bucket", "kind": "TIMESERIES", "layout": layout(0, 8, 12, 4),
                                                      "query": {"metric": "INCIDENT_COUNT"}}})
    check(codes(errors) == ["BAD_USER_INPUT"], f"[{label}] a TIMESERIES widget without a bucket is BAD_USER_INPUT: {errors}")
    _, errors = viewer(ADD, {"d": ops["id"], "i": dict(stat, layout=layout(0, 20, 4, 4))})
    check(codes(errors) == ["FORBIDDEN"], f"[{label}] a VIEWER cannot add a widget: {errors}")

    data, errors = responder(EDIT, {"id": first["id"], "i": {"title": "Open now"}})
    check(not errors and data["updateWidget"]["title"] == "Open now" and box(data["updateWidget"]) == (0, 0, 12, 4)
          and data["updateWidget"]["query"]["metric"] == "OPEN_INCIDENTS", f"[{label}] updateWidget renames and keeps the rest: {data} {errors}")
    data, errors = responder(EDIT, {"id": first["id"], "i": {"layout": layout(0, 0, 12, 4)}})
    check(not errors, f"[{label}] a widget does not overlap itself (updateWidget to its own layout): {errors}")
    _, errors = responder(EDIT, {"id": first["id"], "i": {"layout": layout(6, 0, 12, 4)}})
    check(codes(errors) == ["BAD_USER_INPUT"], f"[{label}] updateWidget onto another widget is BAD_USER_INPUT: {errors}")
    _, errors = responder(EDIT, {"id": first["id"], "i": {"layout": layout(16, 0, 12, 4)}})
    check(codes(errors) == ["BAD_USER_INPUT"], f"[{label}] updateWidget off the grid is BAD_USER_INPUT: {errors}")
    if second:
        _, errors = responder(EDIT, {"id": second["id"], "i": {"kind": "TIMESERIES"}})
        check(codes(errors) == ["BAD_USER_INPUT"], f"[{label}] updateWidget to TIMESERIES without a bucket is BAD_USER_INPUT: {errors}")
        data, errors = responder(EDIT, {"id": second["id"], "i": {"kind": "TABLE", "query": {"metric": "MTTA", "groupBy": ["SEVERITY"]}}})
        check(not errors and data["updateWidget"]["kind"] == "TABLE" and data["updateWidget"]["query"]["metric"] == "MTTA",
              f"[{label}] updateWidget changes kind and query: {data} {errors}")
    _, errors = viewer(EDIT, {"id": first["id"], "i": {"title": "Viewer was here"}})
    check(codes(errors) == ["FORBIDDEN"], f"[{label}] a VIEWER cannot update a widget: {errors}")

    data, errors = viewer(GET, {"id": ops["id"]})
    check(not errors, f"[{label}] a VIEWER reads a dashboard: {errors}")
    order = [w["title"] for w in data["dashboard"]["widgets"]] if data and data["dashboard"] else None
    check(order == ["Open now", "Severity", "Per day"], f"[{label}] widgets top to bottom, then left to right: {order}")

    if third:
        _, errors = viewer(REMOVE, {"id": third["id"]})
        check(codes(errors) == ["FORBIDDEN"], f"[{label}] a VIEWER cannot remove a widget: {errors}")
        data, errors = responder(REMOVE, {"id": third["id"]})
        check(not errors and data["removeWidget"] is True, f"[{label}] removeWidget: {data} {errors}")
        data, _ = responder(GET, {"id": ops["id"]})
        check([w["id"] for w in data["dashboard"]["widgets"]] == [first["id"], second and second["id"]],
              f"[{label}] the removed widget is gone: {data}")

    # Duplicate: the same widgets under new ids, created by the caller.
    original = responder.must(GET, {"id": ops["id"]}, "dashboard(id:)")
    _, errors = viewer(DUPLICATE, {"id": ops["id"], "n": "Viewer's copy"})
    check(codes(errors) == ["FORBIDDEN"], f"[{label}] a VIEWER cannot duplicate a dashboard: {errors}")
    copy = owner.must(DUPLICATE, {"id": ops["id"], "n": "Ops copy"}, "duplicateDashboard")

    def shape(widgets):
        return [(w["title"], w["kind"], w["layout"], w["query"]) for w in widgets]
    check(copy["id"] != ops["id"] and copy["name"] == "Ops copy" and copy["createdBy"] == {"id": owner.id}
          and copy["description"] == original["description"] and copy["timeRange"] == original["timeRange"],
          f"[{label}] duplicateDashboard: a new dashboard by the caller: {copy}")
    check(shape(copy["widgets"]) == shape(original["widgets"]) and len(copy["widgets"]) == 2,
          f"[{label}] the copy has the same widgets: {shape(copy['widgets'])} vs {shape(original['widgets'])}")
    check(not {w["id"] for w in copy["widgets"]} & {w["id"] for w in original["widgets"]},
          f"[{label}] the copy's widgets have new ids: {[w['id'] for w in copy['widgets']]}")
    if copy["widgets"]:
        owner(REMOVE, {"id": copy["widgets"][0]["id"]})
        data, _ = owner(GET, {"id": ops["id"]})
        check(len(data["dashboard"]["widgets"]) == 2, f"[{label}] removing a widget of the copy leaves the original alone: {data}")

    # Delete: one's own as RESPONDER; another user's needs ADMIN.
    data, errors = responder(DELETE, {"id": copy["id"]})
    check(codes(errors) == ["FORBIDDEN"], f"[{label}] a RESPONDER cannot delete a dashboard the OWNER created: {data} {errors}")
    data, errors = admin(DELETE, {"id": copy["id"]})
    check(not errors and data["deleteDashboard"] is True, f"[{label}] an ADMIN deletes another user's dashboard: {data} {errors}")
    data, errors = owner(GET, {"id": copy["id"]})
    check(data is not None and data.get("dashboard") is None and codes(errors) == ["NOT_FOUND"],
          f"[{label}] a deleted dashboard is NOT_FOUND: {data} {errors}")
    data, errors = viewer(DELETE, {"id": bare["id"]})
    check(codes(errors) == ["FORBIDDEN"], f"[{label}] a VIEWER cannot delete a dashboard: {errors}")
    data, errors = responder(DELETE, {"id": bare["id"]})
    check(not errors and data["deleteDashboard"] is True, f"[{label}] a RESPONDER deletes their own dashboard: {data} {errors}")

    data, errors = viewer(LIST)
    names = [edge["node"]["name"] for edge in data["dashboards"]["edges"]] if data else None
    check(not errors and names == ["Incident overview", "Ops board"] and data["dashboards"]["totalCount"] == 2,
          f"[{label}] dashboards by name after the deletes: {names} {errors}")
    return ops


# ---------------------------------------------------------------------------------------------
# 3 and 4. Metrics against hand-computed values, and buckets in a time zone


def report(who, title, severity, tags=()):
    incident = who.must(REPORT, {"i": {"title": title, "severity": severity, "tags": list(tags)}}, f"reportIncident {title!r}")
    return {"id": incident["id"], "number": incident["number"], "title": incident["title"], "severity": severity,
            "tags": list(tags), "created": ms(incident["createdAt"]), "createdAt": incident["createdAt"],
            "first_ack": None, "last_resolved": None, "status": "OPEN", "assignee": None}


def acknowledge(who, incident):
    result = who.must(ACK, {"id": incident["id"]}, f"acknowledgeIncident {incident['title']!r}")
    if incident["first_ack"] is None:
        incident["first_ack"] = ms(result["acknowledgedAt"])
        incident["acknowledgedAt"] = result["acknowledgedAt"]
    incident["status"] = "ACKNOWLEDGED"
    return ms(result["acknowledgedAt"])


def resolve(who, incident, resolution="Fixed"):
    result = who.must(RESOLVE, {"id": incident["id"], "r": resolution}, f"resolveIncident {incident['title']!r}")
    incident["last_resolved"] = ms(result["resolvedAt"])
    incident["resolvedAt"] = result["resolvedAt"]
    incident["resolution"] = resolution
    incident["status"] = "RESOLVED"


def reopen(who, incident):
    who.must(REOPEN, {"id": incident["id"]}, f"reopenIncident {incident['title']!r}")
    incident["status"] = "OPEN"


def tta(incident):
    return None if incident["first_ack"] is None else (incident["first_ack"] - incident["created"]) / 1000


def ttr(incident):
    return (incident["last_resolved"] - incident["created"]) / 1000 if incident["status"] == "RESOLVED" else None


def expected_metric(metric, incidents):
    """The metric over these incidents, by the definitions of the issue."""
    if metric == "INCIDENT_COUNT":
        return float(len(incidents))
    if metric == "OPEN_INCIDENTS":
        return float(sum(1 for i in incidents if i["status"] in ("OPEN", "ACKNOWLEDGED")))
    ttas = [tta(i) for i in incidents if tta(i) is not None]
    ttrs = [ttr(i) for i in incidents if ttr(i) is not None]
    return {"MTTA": mean(ttas), "MTTR": mean(ttrs), "TTA_P50": median(ttas), "TTR_P50": median(ttrs)}[metric]


def work_incidents(owner):
    """Six incidents, each through its own lifecycle with measured gaps."""
    i1 = report(owner, "Checkout latency", "HIGH", ["api", "db"])
    time.sleep(0.30)
    acknowledge(owner, i1)
    time.sleep(0.40)
    resolve(owner, i1)

    i2 = report(owner, "Login errors", "LOW", ["api"])
    time.sleep(0.20)
    acknowledge(owner, i2)

    i3 = report(owner, "Disk filling up", "HIGH")
    owner.must(ASSIGN, {"id": i3["id"], "u": owner.id}, "assignIncident")
    i3["assignee"] = owner.id

    # Reopened: its TTA is the first acknowledgement, its TTR the last resolution.
    i4 = report(owner, "Payments down", "CRITICAL", ["db"])
    time.sleep(0.25)
    acknowledge(owner, i4)
    time.sleep(0.35)
    resolve(owner, i4, "Restarted")
    first_resolution = i4["last_resolved"]
    time.sleep(0.10)
    reopen(owner, i4)
    time.sleep(0.20)
    second_ack = acknowledge(owner, i4)
    time.sleep(0.30)
    resolve(owner, i4, "Failed over")
    i4["second_ack"], i4["first_resolution"] = second_ack, first_resolution

    # Resolved without an acknowledgement: a TTR, no TTA.
    i5 = report(owner, "Certificate expired", "MEDIUM")
    time.sleep(0.50)
    resolve(owner, i5, "Renewed")

    # Acknowledged, resolved, reopened: a TTA, no TTR (not RESOLVED now).
    i6 = report(owner, "Queue backlog", "HIGH", ["api"])
    time.sleep(0.15)
    acknowledge(owner, i6)
    time.sleep(0.10)
    resolve(owner, i6)
    reopen(owner, i6)
    return [i1, i2, i3, i4, i5, i6]


def metrics(label, owner, viewer):
    incidents = work_incidents(owner)
    i1, i2, i3, i4, i5, i6 = incidents
    check(i4["second_ack"] > i4["first_ack"] and i4["last_resolved"] > i4["first_resolution"],
          f"[{label}] the reopened incident was acknowledged and resolved twice at later times: {i4}")
    time.sleep(0.05)  # `now` of the next requests is after every write
    future = iso(now_ms() + 60_000)
    recent = {"from": "now-1h", "to": future}
    last_hour = {"from": "now-1h", "to": "now"}

    def measure(query, time_range=recent, zone=None, who=viewer):
        data, errors = who(METRICS, {"q": query, "r": time_range, "z": zone})
        check(not errors, f"[{label}] incidentMetrics {query} over {time_range}: {errors}")
        return data["incidentMetrics"] if data else {}

    print(f"  TTA (s): {[tta(i) for i in incidents]}")
    print(f"  TTR (s): {[ttr(i) for i in incidents]}")
    for metric in ["INCIDENT_COUNT", "OPEN_INCIDENTS", "MTTA", "MTTR", "TTA_P50", "TTR_P50"]:
        expected = expected_metric(metric, incidents)
        result = measure({"metric": metric})
        check(close(result.get("value"), expected), f"[{label}] {metric} over the last hour: expected {expected}, got {result.get('value')}")
        result = measure({"metric": metric}, last_hour)
        previous = 0.0 if metric in ("INCIDENT_COUNT", "OPEN_INCIDENTS") else None
        check(close(result.get("value"), expected) and close(result.get("previousValue"), previous),
              f"[{label}] {metric} over [now-1h, now): value {result.get('value')} (expected {expected}), "
              f"previousValue {result.get('previousValue')} (expected {previous})")
        if result:
            span = ms(result["to"]) - ms(result["from"])
            check(span == HOUR and abs(ms(result["to"]) - now_ms()) < 30_000,
                  f"[{label}] {metric} data from/to are the resolved range [now-1h, now): {result['from']} {result['to']}")

    # The reopened incident on its own: first acknowledgement, last resolution.
    check(tta(i4) == (i4["first_ack"] - i4["created"]) / 1000 and ttr(i4) == (i4["last_resolved"] - i4["created"]) / 1000,
          "bookkeeping of the reopened incident")
    result = measure({"metric": "MTTA", "filter": {"severity": "CRITICAL"}})
    check(close(result.get("value"), tta(i4)),
          f"[{label}] the reopened incident's TTA is from its first acknowledgement: expected {tta(i4)} "
          f"(not {(i4['second_ack'] - i4['created']) / 1000}), got {result.get('value')}")
    result = measure({"metric": "MTTR", "filter": {"severity": "CRITICAL"}})
    check(close(result.get("value"), ttr(i4)),
          f"[{label}] the reopened incident's TTR is to its last resolution: expected {ttr(i4)} "
          f"(not {(i4['first_resolution'] - i4['created']) / 1000}), got {result.get('value')}")

    # Filters.
    high = [i for i in incidents if i["severity"] == "HIGH"]
    for metric in ["INCIDENT_COUNT", "OPEN_INCIDENTS", "MTTA", "MTTR"]:
        expected = expected_metric(metric, high)
        result = measure({"metric": metric, "filter": {"severity": "HIGH"}})
        check(close(result.get("value"), expected), f"[{label}] {metric} of HIGH incidents: expected {expected}, got {result.get('value')}")
    for query, expected in [({"metric": "INCIDENT_COUNT", "filter": {"tag": "api"}}, 3.0),
                            ({"metric": "INCIDENT_COUNT", "filter": {"assigneeId": owner.id}}, 1.0),
                            ({"metric": "MTTA", "filter": {"tag": "db"}}, mean([tta(i1), tta(i4)]))]:
        result = measure(query)
        check(close(result.get("value"), expected), f"[{label}] {query}: expected {expected}, got {result.get('value')}")
    resolved = sum(1 for i in incidents if i["status"] == "RESOLVED")
    result = measure({"metric": "INCIDENT_COUNT", "filter": {"status": "RESOLVED"}})
    check(close(result.get("value"), float(resolved)), f"[{label}] RESOLVED incidents: expected {resolved}, got {result.get('value')}")
    for bad in [{"metric": "INCIDENT_COUNT", "groupBy": ["SEVERITY", "SEVERITY"]},
                {"metric": "INCIDENT_COUNT", "groupBy": ["SEVERITY", "STATUS", "TAG"]}]:
        _, errors = viewer(METRICS, {"q": bad, "r": recent})
        check(codes(errors) == ["BAD_USER_INPUT"], f"[{label}] incidentMetrics {bad} is BAD_USER_INPUT: {errors}")
    for bad in [{"from": "yesterday", "to": "now"}, {"from": "now", "to": "now-1h"}]:
        _, errors = viewer(METRICS, {"q": {"metric": "INCIDENT_COUNT"}, "r": bad})
        check(codes(errors) == ["BAD_USER_INPUT"], f"[{label}] incidentMetrics timeRange {bad} is BAD_USER_INPUT: {errors}")
    _, errors = viewer(METRICS, {"q": {"metric": "INCIDENT_COUNT", "bucket": "DAY"}, "r": recent, "z": "Mars/Base"})
    check(codes(errors) == ["BAD_USER_INPUT"], f"[{label}] incidentMetrics timeZone Mars/Base is BAD_USER_INPUT: {errors}")

    # Rows and series through a dashboard's widgets.
    board = owner.must(CREATE, {"i": {"name": "Metrics", "timeRange": {"from": "now-1h", "to": future}}}, "createDashboard Metrics")
    specs = [("By severity", "BAR", (0, 0, 12, 4), {"metric": "INCIDENT_COUNT", "groupBy": ["SEVERITY"]}),
             ("By tag", "BAR", (12, 0, 12, 4), {"metric": "INCIDENT_COUNT", "groupBy": ["TAG"]}),
             ("By status", "TABLE", (0, 4, 12, 4), {"metric": "INCIDENT_COUNT", "groupBy": ["STATUS"]}),
             ("By assignee", "TABLE", (12, 4, 12, 4), {"metric": "INCIDENT_COUNT", "groupBy": ["ASSIGNEE"]}),
             ("MTTA by severity", "BAR", (0, 8, 12, 4), {"metric": "MTTA", "groupBy": ["SEVERITY"]}),
             ("Count per hour", "TIMESERIES", (12, 8, 12, 4), {"metric": "INCIDENT_COUNT", "bucket": "HOUR"}),
             ("MTTA per hour", "TIMESERIES", (0, 12, 12, 4), {"metric": "MTTA", "bucket": "HOUR"}),
             ("High", "STAT", (12, 12, 12, 4), {"metric": "INCIDENT_COUNT", "filter": {"severity": "HIGH"}}),
             ("TTR median per hour", "TIMESERIES", (0, 16, 12, 4), {"metric": "TTR_P50", "bucket": "HOUR"})]
    for title, kind, (x, y, w, h), query in specs:
        owner.must(ADD, {"d": board["id"], "i": {"title": title, "kind": kind, "layout": layout(x, y, w, h), "query": query}},
                   f"addWidget {title}")

    def widget_data(time_range=None):
        data, errors = viewer(WIDGET_DATA, {"id": board["id"], "r": time_range})
        check(not errors, f"[{label}] Widget.data over {time_range}: {errors}")
        return {w["title"]: w["data"] for w in data["dashboard"]["widgets"]} if data else {}

    data = widget_data()
    expected = {("CRITICAL",): 1.0, ("HIGH",): 3.0, ("LOW",): 1.0, ("MEDIUM",): 1.0}
    check(same_rows(row_map(data["By severity"]["rows"]), expected),
          f"[{label}] BAR INCIDENT_COUNT by SEVERITY: expected {expected}, got {data['By severity']['rows']}")
    expected = {("api",): 3.0, ("db",): 2.0, (None,): 2.0}
    check(same_rows(row_map(data["By tag"]["rows"]), expected),
          f"[{label}] BAR INCIDENT_COUNT by TAG (once per tag, untagged null): expected {expected}, got {data['By tag']['rows']}")
    check(close(data["By tag"]["value"], 6.0), f"[{label}] the TAG widget's value counts each incident once: {data['By tag']['value']}")
    expected = {("OPEN",): 2.0, ("ACKNOWLEDGED",): 1.0, ("RESOLVED",): 3.0}
    check(same_rows(row_map(data["By status"]["rows"]), expected),
          f"[{label}] TABLE INCIDENT_COUNT by STATUS: expected {expected}, got {data['By status']['rows']}")
    expected = {(owner.id,): 1.0, (None,): 5.0}
    check(same_rows(row_map(data["By assignee"]["rows"]), expected),
          f"[{label}] TABLE INCIDENT_COUNT by ASSIGNEE: expected {expected}, got {data['By assignee']['rows']}")
    expected = {("CRITICAL",): tta(i4), ("HIGH",): mean([tta(i1), tta(i6)]), ("LOW",): tta(i2)}
    check(same_rows(row_map(data["MTTA by severity"]["rows"]), expected, optional_null=[("MEDIUM",)]),
          f"[{label}] BAR MTTA by SEVERITY (MEDIUM has nothing to measure): expected {expected}, got {data['MTTA by severity']['rows']}")
    check(close(data["High"]["value"], 3.0) and close(data["High"]["previousValue"], 0.0),
          f"[{label}] STAT with filter severity HIGH: {data['High']}")

    # Hourly series over three whole UTC hours around the incidents: every bucket present.
    hour = incidents[0]["created"] // HOUR * HOUR
    starts = [hour - HOUR, hour, hour + HOUR]
    hours = {"from": iso(starts[0]), "to": iso(hour + 2 * HOUR)}
    data = widget_data(hours)

    def in_bucket(start, length=HOUR):
        return [i for i in incidents if start <= i["created"] < start + length]
    for title, metric in [("Count per hour", "INCIDENT_COUNT"), ("MTTA per hour", "MTTA"), ("TTR median per hour", "TTR_P50")]:
        series = data[title]["series"]
        expected = [(iso(start), expected_metric(metric, in_bucket(start))) for start in starts]
        actual = [(p["t"], p["v"]) for p in series[0]["points"]] if len(series) == 1 else None
        check(len(series) == 1 and series[0]["key"] is None and series[0]["keys"] == [] and actual is not None
              and [t for t, _ in actual] == [t for t, _ in expected] and all(close(a, e) for (_, a), (_, e) in zip(actual, expected)),
              f"[{label}] TIMESERIES {metric} per HOUR over {hours}: expected {expected}, got {series}")
        check(close(data[title]["value"], expected_metric(metric, incidents)),
              f"[{label}] TIMESERIES {metric} value over the whole range: expected {expected_metric(metric, incidents)}, got {data[title]['value']}")
    result = measure({"metric": "INCIDENT_COUNT", "bucket": "HOUR"}, hours)
    points = [(p["t"], p["v"]) for s in result.get("series", []) for p in s["points"]]
    expected = [(iso(start), float(len(in_bucket(start)))) for start in starts]
    check(points == expected, f"[{label}] incidentMetrics with bucket HOUR gives the series: expected {expected}, got {result.get('series')}")

    # The default dashboard of this tenant over its own range (the last 7 days).
    data, errors = viewer(LIST)
    overview = next(e["node"] for e in data["dashboards"]["edges"] if e["node"]["name"] == "Incident overview")
    data, errors = viewer(WIDGET_DATA, {"id": overview["id"], "r": None})
    check(not errors, f"[{label}] the default dashboard's data: {errors}")
    by_metric = {w["query"]["metric"]: w["data"] for w in data["dashboard"]["widgets"]}
    for metric, previous in [("OPEN_INCIDENTS", 0.0), ("MTTA", None), ("MTTR", None)]:
        got = by_metric[metric]
        check(close(got["value"], expected_metric(metric, incidents)) and close(got["previousValue"], previous),
              f"[{label}] default dashboard {metric}: expected {expected_metric(metric, incidents)} / previous {previous}, "
              f"got {got['value']} / {got['previousValue']}")
    daily = by_metric["INCIDENT_COUNT"]
    first_day = ms(daily["from"]) // DAY * DAY
    days = [iso(t) for t in range(first_day, ms(daily["to"]), DAY)]
    sums = {s["key"]: sum(p["v"] for p in s["points"]) for s in daily["series"]}
    check(ms(daily["to"]) - ms(daily["from"]) == 7 * DAY and all([p["t"] for p in s["points"]] == days for s in daily["series"]),
          f"[{label}] default dashboard per day: every day of the last 7 present ({days}): {daily['series']}")
    check(sums == {"CRITICAL": 1, "HIGH": 3, "LOW": 1, "MEDIUM": 1} and [s["keys"] for s in daily["series"]] == [[k] for k in sums],
          f"[{label}] default dashboard incidents by severity per day: {sums}")

    # A time zone: DAY buckets start at local midnight (18:30 UTC in Kolkata).
    zoned = owner.must(CREATE, {"i": {"name": "Kolkata", "timeZone": "Asia/Kolkata"}}, "createDashboard with a time zone")
    check(zoned["timeZone"] == "Asia/Kolkata", f"[{label}] the dashboard keeps its time zone: {zoned['timeZone']}")
    owner.must(ADD, {"d": zoned["id"], "i": {"title": "Per local day", "kind": "TIMESERIES", "layout": layout(0, 0, 24, 6),
                                             "query": {"metric": "INCIDENT_COUNT", "bucket": "DAY"}}}, "addWidget Per local day")
    today = incidents[0]["created"] // DAY * DAY
    two_days = {"from": iso(today - DAY), "to": iso(today + DAY)}
    data, errors = viewer(WIDGET_DATA, {"id": zoned["id"], "r": two_days})
    check(not errors, f"[{label}] Widget.data in Asia/Kolkata: {errors}")
    local_starts = []
    start = (today - DAY + KOLKATA) // DAY * DAY - KOLKATA  # local midnight at or before `from`
    while start < today + DAY:
        local_starts.append(start)
        start += DAY
    expected = [(iso(s), float(len(in_bucket(s, DAY)))) for s in local_starts]
    series = data["dashboard"]["widgets"][0]["data"]["series"] if data else []
    actual = [(p["t"], p["v"]) for s in series for p in s["points"]]
    check(actual == expected and all(t.endswith("T18:30:00.000Z") for t, _ in actual),
          f"[{label}] DAY buckets in Asia/Kolkata start at 18:30Z over {two_days}: expected {expected}, got {actual}")
    result = measure({"metric": "INCIDENT_COUNT", "bucket": "DAY"}, two_days, "Asia/Kolkata")
    actual = [(p["t"], p["v"]) for s in result.get("series", []) for p in s["points"]]
    check(actual == expected, f"[{label}] incidentMetrics(timeZone: Asia/Kolkata) DAY buckets: expected {expected}, got {actual}")

    # Documents.
    result = measure({"metric": "DOCUMENT_COUNT"})
    check(close(result.get("value"), 0.0), f"[{label}] DOCUMENT_COUNT before any document: {result.get('value')}")
    for title, tags in [("Failover runbook", ["runbook", "db"]), ("Postmortem", ["db"])]:
        owner.must("mutation($i: CreateDocumentInput!) { createDocument(input: $i) { id } }",
                   {"i": {"title": title, "kind": "NOTE", "body": "Text.", "tags": tags}}, "createDocument")
    time.sleep(0.05)
    result = measure({"metric": "DOCUMENT_COUNT"})
    check(close(result.get("value"), 2.0), f"[{label}] DOCUMENT_COUNT after two documents: {result.get('value')}")
    result = measure({"metric": "DOCUMENT_COUNT", "filter": {"tag": "runbook"}})
    check(close(result.get("value"), 1.0), f"[{label}] DOCUMENT_COUNT with tag runbook: {result.get('value')}")
    result = measure({"metric": "INCIDENT_COUNT"})
    check(close(result.get("value"), 6.0), f"[{label}] documents do not count as incidents: {result.get('value')}")
    return incidents


# ---------------------------------------------------------------------------------------------
# 5. Isolation


def isolation(label, stranger, owner_t1, overview, metrics_owner):
    stranger_incident = report(stranger, "Stranger's incident", "LOW")
    data, errors = stranger(GET, {"id": overview["id"]})
    check(data is not None and data.get("dashboard") is None and codes(errors) == ["NOT_FOUND"],
          f"[{label}] another tenant's dashboard is NOT_FOUND: {data} {errors}")
    widget_id = overview["widgets"][0]["id"]
    for what, query, variables in [
        ("addWidget", ADD, {"d": overview["id"], "i": {"title": "x", "kind": "STAT", "layout": layout(0, 40, 4, 4),
                                                        "query": {"metric": "INCIDENT_COUNT"}}}),
        ("deleteDashboard", DELETE, {"id": overview["id"]}),
        ("updateDashboard", UPDATE, {"id": overview["id"], "i": {"name": "pwned"}}),
        ("duplicateDashboard", DUPLICATE, {"id": overview["id"], "n": "stolen"}),
        ("updateWidget", EDIT, {"id": widget_id, "i": {"title": "pwned"}}),
        ("removeWidget", REMOVE, {"id": widget_id}),
    ]:
        _, errors = stranger(query, variables)
        check(codes(errors) == ["NOT_FOUND"], f"[{label}] {what} on another tenant's dashboard is NOT_FOUND: {errors}")
    data, errors = owner_t1(GET, {"id": overview["id"]})
    check(not errors and data["dashboard"]["name"] == "Incident overview" and len(data["dashboard"]["widgets"]) == 4
          and data["dashboard"]["widgets"][0]["title"] == overview["widgets"][0]["title"],
          f"[{label}] the dashboard is unchanged: {data} {errors}")
    data, errors = stranger(LIST)
    check(not errors and [e["node"]["name"] for e in data["dashboards"]["edges"]] == ["Incident overview"]
          and data["dashboards"]["edges"][0]["node"]["id"] != overview["id"], f"[{label}] another tenant lists only its own dashboard: {data}")
    recent = {"from": "now-1h", "to": iso(now_ms() + 60_000)}
    for metric, expected in [("INCIDENT_COUNT", 1.0), ("OPEN_INCIDENTS", 1.0), ("MTTA", None), ("DOCUMENT_COUNT", 0.0)]:
        data, errors = stranger(METRICS, {"q": {"metric": metric}, "r": recent})
        check(not errors and close(data["incidentMetrics"]["value"], expected),
              f"[{label}] the stranger's {metric} counts only its tenant: expected {expected}, got {data and data['incidentMetrics']} {errors}")
    data, errors = stranger(METRICS, {"q": {"metric": "INCIDENT_COUNT", "groupBy": ["SEVERITY"]}, "r": recent})
    rows = data and (data["incidentMetrics"]["rows"] or [])
    check(not errors and all(r["keys"] != ["HIGH"] and r["keys"] != ["CRITICAL"] for r in rows),
          f"[{label}] another tenant's severities do not show: {rows}")
    data, errors = metrics_owner(METRICS, {"q": {"metric": "INCIDENT_COUNT"}, "r": recent})
    check(not errors and close(data["incidentMetrics"]["value"], 6.0),
          f"[{label}] the first tenant's count is unchanged by the stranger's incident: {data} {errors}")
    return stranger_incident


# ---------------------------------------------------------------------------------------------
# 6. Live updates, debounced


async def live(label, owner, stranger, server, peer):
    overview = next(e["node"] for e in owner.must(LIST, None, "dashboards")["edges"])
    metric_of = {w["id"]: w["query"]["metric"] for w in overview["widgets"]}
    open_widget = next(w for w, m in metric_of.items() if m == "OPEN_INCIDENTS")
    mtta_widget = next(w for w, m in metric_of.items() if m == "MTTA")
    stranger_overview = next(e["node"] for e in stranger.must(LIST, None, "dashboards")["edges"])

    # Subscribing to another tenant's dashboard is refused.
    nosy = await Updates(server, stranger.token, stranger.tenant, overview["id"]).start()
    await asyncio.sleep(0.3)
    check(codes(nosy.errors) == ["NOT_FOUND"] and not nosy.messages,
          f"[{label}] dashboardUpdates of another tenant's dashboard is NOT_FOUND: {nosy.errors} {nosy.messages}")
    await nosy.stop()

    watcher = await Updates(server, owner.token, owner.tenant, overview["id"]).start()
    remote = await Updates(peer, owner.token, owner.tenant, overview["id"]).start() if peer else None
    outsider = await Updates(server, stranger.token, stranger.tenant, stranger_overview["id"]).start()
    await asyncio.sleep(0.5)
    check(not watcher.errors, f"[{label}] dashboardUpdates subscription: {watcher.errors}")
    before = len(watcher.messages)
    before_remote = len(remote.messages) if remote else 0
    if before:
        print(f"  note: {before} message(s) before any write (an initial snapshot?): {[m for _, m in watcher.messages]}")

    def burst():
        reported = []
        for n in range(20):
            reported.append(report(owner, f"Burst {n}", "MEDIUM"))
            time.sleep(0.1)
        return reported, time.monotonic()
    started = time.monotonic()
    reported, last_write = await asyncio.to_thread(burst)
    print(f"  20 incidents reported in {last_write - started:.2f} s")
    await asyncio.sleep(max(0.0, last_write + 4.0 - time.monotonic()))

    def analyse(messages, who):
        rounds = rounds_of(messages)
        check(len(messages) >= 1, f"[{label}] {who}: at least one push after 20 incidents: none arrived")
        if not messages:
            return rounds
        pushed = [(round(t - started, 3), metric_of.get(u["widget"]["id"], u["widget"]["id"]), u["data"]["value"]) for t, u in messages]
        print(f"  {who}: {len(messages)} push(es) in {len(rounds)} round(s): {pushed}")
        opens = [u["data"]["value"] for _, u in messages if u["widget"]["id"] == open_widget]
        check(opens and close(opens[-1], 20.0), f"[{label}] {who}: the Open incidents widget's last push is 20: {opens}")
        starts = [r[0][0] for r in rounds]
        gaps = [round(b - a, 3) for a, b in zip(starts, starts[1:])]
        check(all(gap >= 0.9 for gap in gaps), f"[{label}] {who}: rounds of pushes are at least 0.9 s apart (debounced): gaps {gaps}")
        # From just before the first write to the last push; 50 ms for timer jitter (a push right
        # away, then one each second, gives n rounds in n - 1 seconds exactly).
        elapsed = messages[-1][0] - started
        check(len(rounds) <= elapsed + 1 + 0.05, f"[{label}] {who}: {len(rounds)} rounds in {elapsed:.3f} s is more than one a second")
        for number, r in enumerate(rounds):
            ids = [u["widget"]["id"] for _, u in r]
            check(len(ids) == len(set(ids)), f"[{label}] {who}: round {number} pushes a widget more than once: {ids}")
        last = {}
        for _, u in messages:
            wid, value = u["widget"]["id"], u["data"]["value"]
            check(wid not in last or last[wid] != value,
                  f"[{label}] {who}: widget {metric_of.get(wid)} pushed again with unchanged data (value {value})")
            last[wid] = value
        unchanged = {metric_of.get(u["widget"]["id"]) for _, u in messages} & {"MTTA", "MTTR"}
        check(not unchanged, f"[{label}] {who}: reporting incidents changes no MTTA/MTTR, yet they were pushed: {unchanged}")
        return rounds

    analyse(watcher.messages[before:], "subscriber")
    if remote:
        analyse(remote.messages[before_remote:], "subscriber on another instance")

    # Acknowledging one incident changes only MTTA: the only widget pushed.
    mark = len(watcher.messages)
    target = reported[0]
    await asyncio.to_thread(acknowledge, owner, target)
    await asyncio.sleep(2.5)
    after = watcher.messages[mark:]
    pushed = {metric_of.get(u["widget"]["id"]) for _, u in after}
    check(pushed == {"MTTA"}, f"[{label}] after an acknowledgement only the MTTA widget is pushed (Open incidents still counts it): "
                              f"{[(metric_of.get(u['widget']['id']), u['data']['value']) for _, u in after]}")
    mtta = [u["data"]["value"] for _, u in after if u["widget"]["id"] == mtta_widget]
    check(mtta and close(mtta[-1], tta(target)), f"[{label}] the pushed MTTA is that incident's TTA {tta(target)}: {mtta}")
    check(not outsider.messages, f"[{label}] another tenant's dashboard subscriber received {outsider.messages}")
    for subscriber in (watcher, remote, outsider):
        if subscriber:
            await subscriber.stop()


# ---------------------------------------------------------------------------------------------
# 7. Exports


def exports(label, server, owner_m, incidents, owner_t1, responder_t1, admin_t1, viewer_t1):
    tricky = 'He said "stop", then\nleft, twice'
    extra = [report(owner_m, "=cmd|' /C calc'!A0", "LOW"), report(owner_m, "@SUM(1+1)", "LOW"),
             report(owner_m, "-2+3 errors", "LOW"), report(owner_m, tricky, "LOW", ["a|b"])]
    everything = incidents + extra
    started = now_ms()
    link = owner_m.must(EXPORT_INCIDENTS, {"f": "CSV"}, "exportIncidents CSV")
    check(re.fullmatch(rf"http://127\.0\.0\.1:{server.port}/exports/[^/?#]+", link["url"]) is not None,
          f"[{label}] the export URL is absolute: {link['url']}")
    check(15 * 60_000 - 60_000 <= ms(link["expiresAt"]) - started <= 15 * 60_000 + 60_000,
          f"[{label}] an export expires in 15 minutes: {link['expiresAt']}")
    check(link["rowCount"] == len(everything), f"[{label}] exportIncidents rowCount: expected {len(everything)}, got {link['rowCount']}")

    status, headers, body = download(fetchable(server, link["url"]))
    check(status == 200, f"[{label}] GET {link['url']} without credentials: {status} {body[:300]!r}")
    check(headers.get("Content-Type") == "text/csv; charset=utf-8", f"[{label}] CSV Content-Type: {headers.get('Content-Type')}")
    disposition = headers.get("Content-Disposition") or ""
    check(re.fullmatch(r'attachment; filename="[^"/\\]+\.csv"', disposition) is not None,
          f"[{label}] CSV Content-Disposition: {disposition!r}")
    check(not body.startswith(b"\xef\xbb\xbf"), f"[{label}] the CSV has no byte order mark: {body[:10]!r}")
    text = body.decode("utf-8")
    check(text.endswith("\r\n") and bare_line_ends(text) == 0,
          f"[{label}] CSV records end with CRLF: {bare_line_ends(text)} other line end(s); ends {text[-20:]!r}")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, records = (rows[0], rows[1:]) if rows else ([], [])
    check(set(INCIDENT_COLUMNS) <= set(header), f"[{label}] CSV incident columns: {header}")
    check(len(records) == link["rowCount"], f"[{label}] the CSV has a header and rowCount ({link['rowCount']}) rows: {len(records)}")
    column = {name: index for index, name in enumerate(header)}
    if set(INCIDENT_COLUMNS) <= set(header):
        by_id = {r[column["id"]]: r for r in records if len(r) == len(header)}
        check(len(by_id) == len(records), f"[{label}] every CSV row has {len(header)} cells: {[len(r) for r in records]}")

        def cell(incident, name):
            return by_id.get(incident["id"], [None] * len(header))[column[name]]
        check(set(by_id) == {i["id"] for i in everything}, f"[{label}] the CSV holds exactly the tenant's incidents")
        formula, at, minus, quoted = extra
        check(cell(formula, "title") == "'=cmd|' /C calc'!A0", f"[{label}] a formula title is prefixed with ': {cell(formula, 'title')!r}")
        check(cell(at, "title") == "'@SUM(1+1)", f"[{label}] a title starting with @ is prefixed: {cell(at, 'title')!r}")
        check(cell(minus, "title") == "'-2+3 errors", f"[{label}] a title starting with - is prefixed: {cell(minus, 'title')!r}")
        check(cell(quoted, "title") == tricky, f"[{label}] a title with a comma, quotes and a newline round-trips: {cell(quoted, 'title')!r}")
        for incident in everything:
            row = by_id.get(incident["id"])
            if row is None:
                continue
            problems = []
            if row[column["number"]] != str(incident["number"]):
                problems.append(("number", row[column["number"]]))
            if incident not in extra[:3] and row[column["title"]] != incident["title"]:
                problems.append(("title", row[column["title"]]))
            if row[column["severity"]] != incident["severity"] or row[column["status"]] != incident["status"]:
                problems.append(("severity/status", row[column["severity"]], row[column["status"]]))
            if row[column["reporter"]] != owner_m.id or row[column["assignee"]] != (incident["assignee"] or ""):
                problems.append(("reporter/assignee", row[column["reporter"]], row[column["assignee"]]))
            if row[column["tags"]] != ";".join(incident["tags"]):
                problems.append(("tags", row[column["tags"]]))
            if not row[column["created_at"]] or ms(row[column["created_at"]]) != incident["created"]:
                problems.append(("created_at", row[column["created_at"]], incident["createdAt"]))
            resolved = row[column["resolved_at"]]
            if incident["status"] == "RESOLVED" and (not resolved or ms(resolved) != incident["last_resolved"]):
                problems.append(("resolved_at", resolved, incident.get("resolvedAt")))
            if incident["first_ack"] is None and row[column["acknowledged_at"]]:
                problems.append(("acknowledged_at", row[column["acknowledged_at"]]))
            if incident["status"] == "RESOLVED" and row[column["resolution"]] != incident["resolution"]:
                problems.append(("resolution", row[column["resolution"]]))
            check(not problems, f"[{label}] CSV row of {incident['title']!r} ({incident['status']}): {problems}")
        i1 = incidents[0]
        acknowledged = cell(i1, "acknowledged_at")
        check(acknowledged and ms(acknowledged) == i1["first_ack"], f"[{label}] CSV acknowledged_at: {acknowledged} vs {i1['acknowledgedAt']}")

    link = owner_m.must(EXPORT_INCIDENTS, {"f": "CSV", "filter": {"severity": "HIGH"}, "r": {"from": "now-1h", "to": "now"}},
                        "exportIncidents filtered")
    status, _, body = download(fetchable(server, link["url"]))
    records = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))[1:]
    high = sum(1 for i in everything if i["severity"] == "HIGH")
    check(status == 200 and link["rowCount"] == high and len(records) == high,
          f"[{label}] exportIncidents with filter severity HIGH: rowCount {link['rowCount']}, rows {len(records)}, expected {high}")

    # Markdown.
    link = owner_m.must(EXPORT_INCIDENTS, {"f": "MARKDOWN"}, "exportIncidents MARKDOWN")
    status, headers, body = download(fetchable(server, link["url"]))
    check(status == 200 and headers.get("Content-Type") == "text/markdown; charset=utf-8",
          f"[{label}] Markdown download: {status} {headers.get('Content-Type')}")
    disposition = headers.get("Content-Disposition") or ""
    check(re.fullmatch(r'attachment; filename="[^"/\\]+\.md"', disposition) is not None,
          f"[{label}] Markdown Content-Disposition: {disposition!r}")
    lines = [line.rstrip("\r") for line in body.decode("utf-8").split("\n")]
    table = [line for line in lines if line.startswith("|")]
    check(len(table) == link["rowCount"] + 2 == len(everything) + 2,
          f"[{label}] a Markdown table of a header, a separator and {len(everything)} rows (a newline in a title must not break it): "
          f"{len(table)} table lines; {lines[:3]}")
    if len(table) >= 2:
        header = markdown_cells(table[0])
        check(set(INCIDENT_COLUMNS) <= set(header), f"[{label}] Markdown header: {table[0]}")
        check(re.fullmatch(r"\|(\s*:?-{3,}:?\s*\|)+", table[1]) is not None, f"[{label}] Markdown separator row: {table[1]!r}")
        widths = {len(markdown_cells(line)) for line in table}
        check(widths == {len(header)}, f"[{label}] every Markdown row has {len(header)} cells (pipes escaped): {widths}")
        formula_rows = [line for line in table if "cmd" in line]
        check(len(formula_rows) == 1 and "cmd\\|'" in formula_rows[0], f"[{label}] a pipe in a cell is escaped as \\|: {formula_rows}")
        escaped_tag = "a\\|b"
        tag_rows = [line for line in table if escaped_tag in line]
        check(len(tag_rows) == 1, f"[{label}] the tag a|b appears escaped as {escaped_tag}: {[line for line in table if 'a|b' in line]}")

    # Tokens.
    base, token = fetchable(server, link["url"]).rsplit("/", 1)
    for wrong in [base + "/" + "A" * len(token), base + "/" + token[:-1] + ("B" if token[-1] != "B" else "C")]:
        status, _, _ = download(wrong)
        check(status == 404, f"[{label}] GET with a wrong token {wrong} is 404: {status}")
    status, _, again = download(fetchable(server, link["url"]))
    check(status == 200 and again == body, f"[{label}] an export downloads again until it expires: {status}")

    # The audit log: ADMIN and above.
    data, errors = viewer_t1(EXPORT_INCIDENTS, {"f": "CSV"})
    check(not errors and data["exportIncidents"]["rowCount"] == 0, f"[{label}] a VIEWER exports (no) incidents: {data} {errors}")
    if not errors:
        status, _, body = download(fetchable(server, data["exportIncidents"]["url"]))
        rows = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
        check(status == 200 and len(rows) == 1 and set(INCIDENT_COLUMNS) <= set(rows[0]),
              f"[{label}] an empty export is its header: {status} {body!r}")
    _, errors = responder_t1(EXPORT_AUDIT, {"f": "CSV"})
    check(codes(errors) == ["FORBIDDEN"], f"[{label}] a RESPONDER cannot export the audit log: {errors}")
    data, errors = admin_t1(EXPORT_AUDIT, {"f": "CSV"})
    check(not errors and data["exportAuditLog"]["rowCount"] > 0, f"[{label}] an ADMIN exports the audit log: {data} {errors}")
    link = owner_t1.must(EXPORT_AUDIT, {"f": "CSV"}, "exportAuditLog as OWNER")
    status, headers, body = download(fetchable(server, link["url"]))
    check(status == 200 and headers.get("Content-Type") == "text/csv; charset=utf-8",
          f"[{label}] audit log download: {status} {headers.get('Content-Type')}")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
    header, records = (rows[0], rows[1:]) if rows else ([], [])
    check(set(AUDIT_COLUMNS) <= set(header), f"[{label}] audit CSV columns: {header}")
    check(link["rowCount"] > 0 and len(records) == link["rowCount"], f"[{label}] audit CSV rows: rowCount {link['rowCount']}, rows {len(records)}")
    if set(AUDIT_COLUMNS) <= set(header):
        column = {name: index for index, name in enumerate(header)}
        actions = [r[column["action"]] for r in records]
        check("tenant.create" in actions and actions.count("member.add") == 3, f"[{label}] the audit export has the tenant's entries: {actions}")
        check(all(r[column["at"]] and ms(r[column["at"]]) > 0 and r[column["request_id"]] for r in records),
              f"[{label}] audit rows carry a time and a request id: {records[:3]}")
        adds = [r for r in records if r[column["action"]] == "member.add"]
        check(all(r[column["actor"]] == owner_t1.id for r in adds), f"[{label}] audit actor is the user id: {adds}")
    link = owner_t1.must(EXPORT_AUDIT, {"f": "MARKDOWN"}, "exportAuditLog MARKDOWN")
    status, headers, body = download(fetchable(server, link["url"]))
    table = [line for line in body.decode("utf-8").split("\n") if line.startswith("|")]
    check(status == 200 and headers.get("Content-Type") == "text/markdown; charset=utf-8" and len(table) == link["rowCount"] + 2,
          f"[{label}] audit log as Markdown: {status} {headers.get('Content-Type')} {len(table)} lines for {link['rowCount']} rows")


# ---------------------------------------------------------------------------------------------


async def scenario(server, label, peer=None):
    run = uuid.uuid4().hex[:8]
    auth = {name: sign_up(server, f"dash-{name}-{run}@example.com", name.title())
            for name in ["owner", "responder", "viewer", "admin", "stranger"]}
    crud_slug, other_slug, metrics_slug, live_slug = f"dash-{run}", f"else-{run}", f"metrics-{run}", f"live-{run}"
    create_tenant(server, auth["owner"]["accessToken"], crud_slug)
    for name, role in [("responder", "RESPONDER"), ("viewer", "VIEWER"), ("admin", "ADMIN")]:
        _, errors, _ = gql(server, "mutation($i: AddMemberInput!) { addMember(input: $i) { id } }",
                           {"i": {"email": auth[name]["user"]["email"], "role": role}}, token=auth["owner"]["accessToken"], tenant=crud_slug)
        check(not errors, f"[{label}] add a {role}: {errors}")
    create_tenant(server, auth["stranger"]["accessToken"], other_slug)
    create_tenant(server, auth["owner"]["accessToken"], metrics_slug)
    create_tenant(server, auth["owner"]["accessToken"], live_slug)
    owner, responder, viewer, admin = (As(server, auth[n], crud_slug) for n in ["owner", "responder", "viewer", "admin"])
    stranger = As(server, auth["stranger"], other_slug)
    metrics_owner = As(server, auth["owner"], metrics_slug)
    live_owner = As(server, auth["owner"], live_slug)
    started = time.monotonic()

    overview = section(label, "1. the default dashboard", default_dashboard, label, viewer)
    section(label, "2. dashboard and widget CRUD, roles, the grid", crud, label, owner, responder, viewer, admin)
    incidents = section(label, "3-4. metrics against hand-computed values; a time zone", metrics, label, metrics_owner, metrics_owner)
    if overview:
        section(label, "5. isolation", isolation, label, stranger, owner, overview, metrics_owner)
    else:
        FAILURES.append(f"[{label}] 5. isolation did not run (no default dashboard)")
    await async_section(label, "6. live updates, debounced" + (" (and on a second instance)" if peer else ""),
                        live, label, live_owner, stranger, server, peer)
    if incidents:
        section(label, "7. exports", exports, label, server, metrics_owner, incidents, owner, responder, admin, viewer)
    else:
        FAILURES.append(f"[{label}] 7. exports did not run (the metrics data set failed)")
    print(f"[{label}] {time.monotonic() - started:.1f} s")


async def main():
    server = Server()
    try:
        await scenario(server, "sqlite")
    finally:
        server.stop()
    if POSTGRES_URL:
        url = create_database(POSTGRES_URL, "lantern_dash_" + uuid.uuid4().hex[:8])
        server, peer = Server(url), None
        try:
            peer = Server(url)
            await scenario(server, "postgres", peer)
        finally:
            server.stop()
            if peer:
                peer.stop()
    else:
        FAILURES.append("no PostgreSQL URL given: the PostgreSQL scenario did not run")
    if FAILURES:
        print(f"{len(FAILURES)} dashboard check(s) failed")
        sys.exit(1)
    print("dashboards end to end: all checks passed")


asyncio.run(main())
