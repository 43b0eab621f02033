"""What the end-to-end scripts share: a live `lantern serve` process on a free port, GraphQL over
HTTP, and the sign-up and tenant steps every scenario starts with. `configure(binary)` names the
binary; `FAILURES` collects failed checks.
"""
import json
import os
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

BINARY = None
FAILURES = []


def configure(binary):
    global BINARY
    BINARY = os.path.abspath(binary)


def check(condition, message):
    if not condition:
        FAILURES.append(message)
        print("  FAIL:", message)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One `lantern serve` process on a free port, in its own working directory; `arguments` are
    further options of `serve`."""

    def __init__(self, database_url=None, workdir=None, environment=None, arguments=()):
        self.port = free_port()
        self.workdir = workdir or tempfile.mkdtemp(prefix="lantern-e2e-")
        # `environment` may override the quiet default log level (dict(..., **environment) could not).
        env = {**os.environ, "LANTERN_LOG_LEVEL": "warning", **(environment or {})}
        args = [BINARY, "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        if database_url:
            args += ["--database-url", database_url]
        args += list(arguments)
        self.log = open(os.path.join(self.workdir, "server.log"), "w")
        self.process = subprocess.Popen(args, cwd=self.workdir, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health/ready", timeout=1) as response:
                    if response.status == 200:
                        return
            except Exception:
                if self.process.poll() is not None:
                    break
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("server did not become ready: " + open(os.path.join(self.workdir, "server.log")).read())

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/graphql"

    @property
    def ws_url(self):
        return f"ws://127.0.0.1:{self.port}/graphql"

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


def gql(server, query, variables=None, token=None, tenant=None):
    """POSTs a GraphQL request; returns (data, errors, response headers)."""
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    request = urllib.request.Request(server.url, data=body, method="POST")
    request.add_header("Content-Type", "application/json")
    request.add_header("Accept", "application/graphql-response+json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    if tenant:
        request.add_header("X-Tenant", tenant)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            payload = json.loads(response.read())
            headers = dict(response.headers)
    except urllib.error.HTTPError as error:
        payload = json.loads(error.read())
        headers = dict(error.headers)
    return payload.get("data"), payload.get("errors"), headers


def codes(errors):
    return [e.get("extensions", {}).get("code") for e in errors or []]


AUTH = "accessToken refreshToken expiresAt user { id email name }"


def sign_up(server, email, name, password="password-123"):
    data, errors, _ = gql(server, f"mutation($i: SignUpInput!) {{ signUp(input: $i) {{ {AUTH} }} }}",
                          {"i": {"email": email, "password": password, "name": name}})
    assert not errors, errors
    return data["signUp"]


def create_tenant(server, token, slug):
    data, errors, _ = gql(server, "mutation($i: CreateTenantInput!) { createTenant(input: $i) { id slug name } }",
                          {"i": {"name": slug.title(), "slug": slug}}, token=token)
    assert not errors, errors
    return data["createTenant"]


class As:
    """Requests as one user in one tenant: `alice(QUERY, variables)` returns (data, errors)."""

    def __init__(self, server, auth, tenant):
        self.server, self.token, self.tenant = server, auth["accessToken"], tenant
        self.id = auth["user"]["id"]

    def on(self, server):
        """The same user and tenant on another instance."""
        other = As.__new__(As)
        other.server, other.token, other.tenant, other.id = server, self.token, self.tenant, self.id
        return other

    def __call__(self, query, variables=None):
        data, errors, _ = gql(self.server, query, variables, token=self.token, tenant=self.tenant)
        return data, errors

    def must(self, query, variables, what):
        """The result's only field; raises (ending the section) when the request failed."""
        data, errors = self(query, variables)
        if errors or not data:
            raise AssertionError(f"{what}: {errors}")
        return next(iter(data.values()))


def create_database(postgres_url, name):
    subprocess.run(["psql", postgres_url, "-q", "-c", f"CREATE DATABASE {name}"], check=True)
    return postgres_url.rsplit("/", 1)[0] + "/" + name
