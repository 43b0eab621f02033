"""The path a new user follows: Examples/IncidentBoard, a separate SwiftPM package that depends on
this repository, generates its code with the LanternCodegen plugin and mounts LanternHTTP on its own
Hummingbird router. Builds it from a clean scratch directory, runs it, and talks to it over HTTP and
graphql-transport-ws.

    python3 Tests/e2e/example_package.py [--reuse-build]
"""
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE = os.path.join(ROOT, "Examples", "IncidentBoard")


def post(url, query, variables=None, headers=None, status=200):
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    request = urllib.request.Request(url, body, {"Content-Type": "application/json",
                                                 "Accept": "application/graphql-response+json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            code, payload, response_headers = response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        code, payload, response_headers = error.code, error.read(), dict(error.headers)
    assert code == status, (code, payload)
    return json.loads(payload), response_headers


async def over_websocket(url):
    import websockets  # installed with gql[websockets] by scripts/test
    async with websockets.connect(url.replace("http", "ws", 1), subprotocols=["graphql-transport-ws"]) as socket:
        await socket.send(json.dumps({"type": "connection_init", "payload": {"user": "ws-user"}}))
        assert json.loads(await socket.recv())["type"] == "connection_ack"
        await socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": {
            "query": "mutation { reportIncident(title: \"over ws\") { reportedBy status } }"}}))
        message = json.loads(await socket.recv())
        assert message == {"id": "1", "type": "next", "payload": {"data": {"reportIncident": {
            "reportedBy": "ws-user", "status": "OPEN"}}}}, message
        assert json.loads(await socket.recv()) == {"id": "1", "type": "complete"}


def breaking_change_fails_the_build(scratch):
    """Removing an enum value the baseline has must stop `swift build` with a diagnostic naming it;
    restoring the schema builds again."""
    schema = os.path.join(EXAMPLE, "Sources", "IncidentBoard", "Schema", "board.graphql")
    original = open(schema).read()
    assert "enum Severity { LOW MEDIUM HIGH }" in original
    try:
        open(schema, "w").write(original.replace("enum Severity { LOW MEDIUM HIGH }", "enum Severity { MEDIUM HIGH }"))
        build = subprocess.run(["swift", "build", "--package-path", EXAMPLE, "--scratch-path", scratch],
                               capture_output=True, text=True)
        output = build.stdout + build.stderr
        assert build.returncode != 0, "a breaking change built"
        assert "error: breaking change" in output and "Severity.LOW" in output, output[-3000:]
    finally:
        open(schema, "w").write(original)
    subprocess.run(["swift", "build", "--package-path", EXAMPLE, "--scratch-path", scratch], check=True,
                   capture_output=True)
    print("example package: removing Severity.LOW against the baseline fails swift build with a diagnostic")


def main():
    scratch = os.path.join(EXAMPLE, ".build")
    if "--reuse-build" not in sys.argv and os.path.exists(scratch):
        shutil.rmtree(scratch)
    subprocess.run(["swift", "build", "--package-path", EXAMPLE, "--scratch-path", scratch], check=True)
    binary = os.path.join(scratch, "debug", "IncidentBoard")
    server = subprocess.Popen([binary], env={**os.environ, "PORT": "0"}, stdout=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline().strip()
        assert line.startswith("IncidentBoard at http://127.0.0.1:"), line
        url = line.split(" at ", 1)[1]

        reported, headers = post(url, 'mutation($t: String!) { reportIncident(title: $t, severity: HIGH) { id title severity status reportedBy } }',
                                 {"t": "Checkout is down"}, {"X-User": "ada"})
        assert reported == {"data": {"reportIncident": {"id": "1", "title": "Checkout is down", "severity": "HIGH",
                                                        "status": "OPEN", "reportedBy": "ada"}}}, reported
        # The application's own middleware ran around the mounted GraphQL route.
        assert headers.get("X-Served-By") == "IncidentBoard", headers
        post(url, 'mutation { reportIncident(title: "Slow search") { id } }')
        post(url, 'mutation { resolveIncident(id: "1") { status } }')
        listed, _ = post(url, "{ open: incidents(status: OPEN) { title reportedBy } all: incidents { id status } }")
        assert listed == {"data": {"open": [{"title": "Slow search", "reportedBy": "anonymous"}],
                                   "all": [{"id": "2", "status": "OPEN"}, {"id": "1", "status": "RESOLVED"}]}}, listed
        refused, _ = post(url, 'mutation { reportIncident(title: "") { id } }')
        assert refused["data"] is None and refused["errors"][0]["message"] == "A title is required.", refused
        invalid, _ = post(url, "{ incidents { nope } }", status=422)
        assert "nope" in invalid["errors"][0]["message"] and "data" not in invalid, invalid
        with urllib.request.urlopen(url.replace("/graphql", "/schema.graphql"), timeout=10) as response:
            assert "reportIncident(title: String!, severity: Severity = MEDIUM): Incident!" in response.read().decode()
        asyncio.run(over_websocket(url))
        print("example package: built from a clean scratch path, served, queried over HTTP and WebSocket")
    finally:
        server.terminate()
        server.wait(timeout=15)
    breaking_change_fails_the_build(scratch)


if __name__ == "__main__":
    main()
