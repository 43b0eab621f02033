#!/usr/bin/env python3
"""A binary copied alone to an empty directory serves the service: it migrates a new SQLite
database from the migrations built into it, answers GraphQL, and `lantern version` and
`lantern doctor` work there; invalid settings stop startup with a message naming them.

    deploy_e2e.py LANTERN_BINARY
"""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_support as e2e
from e2e_support import check, FAILURES


def main():
    source = os.path.abspath(sys.argv[1])
    alone = tempfile.mkdtemp(prefix="lantern-alone-")
    binary = os.path.join(alone, "lantern")
    shutil.copy2(source, binary)
    clean = {k: v for k, v in os.environ.items() if not k.startswith("LANTERN_") and k != "DATABASE_URL"}

    version = subprocess.run([binary, "version"], cwd=alone, env=clean, capture_output=True, text=True, timeout=60)
    check(version.returncode == 0 and "migrations" in version.stdout and "latest 0008" in version.stdout,
          f"lantern version: {version.returncode} {version.stdout!r} {version.stderr!r}")

    # A fresh directory: nothing but the binary (no Migrations/, no source tree).
    e2e.configure(binary)
    workdir = tempfile.mkdtemp(prefix="lantern-alone-work-")
    server = e2e.Server(workdir=workdir, environment={"LANTERN_WEBHOOKS_ALLOW_PRIVATE": "0"})
    try:
        auth = e2e.sign_up(server, "alone@example.com", "Alone")
        e2e.create_tenant(server, auth["accessToken"], "alone")
        data, errors, _ = e2e.gql(server, 'mutation { reportIncident(input: {title: "From a lone binary", severity: LOW}) { number } }',
                               token=auth["accessToken"], tenant="alone")
        check(not errors and data["reportIncident"]["number"] == 1, f"a lone binary serves the service: {data} {errors}")
    finally:
        server.stop()
    check(sorted(os.listdir(alone)) == ["lantern"], f"nothing was written next to the binary: {os.listdir(alone)}")

    doctor = subprocess.run([binary, "doctor", "--database-url", os.path.join(workdir, "lantern.sqlite")], cwd=alone, env=clean,
                            capture_output=True, text=True, timeout=60)
    check(doctor.returncode == 0 and "none pending" in doctor.stdout and "Ready to serve." in doctor.stdout,
          f"lantern doctor on the served database: {doctor.returncode} {doctor.stdout!r} {doctor.stderr!r}")
    fresh = subprocess.run([binary, "doctor", "--database-url", os.path.join(alone, "new.sqlite")], cwd=alone, env=clean,
                           capture_output=True, text=True, timeout=60)
    check(fresh.returncode == 0 and "pending" in fresh.stdout, f"doctor on a new database reports pending migrations: {fresh.stdout!r}")
    os.remove(os.path.join(alone, "new.sqlite")) if os.path.exists(os.path.join(alone, "new.sqlite")) else None
    weak = subprocess.run([binary, "doctor", "--database-url", os.path.join(workdir, "lantern.sqlite")], cwd=alone,
                          env=dict(clean, LANTERN_JWT_SECRET="short"), capture_output=True, text=True, timeout=60)
    check(weak.returncode == 1 and "LANTERN_JWT_SECRET" in weak.stdout, f"doctor refuses a short JWT secret: {weak.returncode} {weak.stdout!r}")

    # Invalid settings stop startup, naming the setting.
    for env, args, needle in [
        ({"LANTERN_PORT": "eighty"}, [], "LANTERN_PORT"),
        ({"LANTERN_ACCESS_TOKEN_SECONDS": "-5"}, [], "LANTERN_ACCESS_TOKEN_SECONDS"),
        ({"LANTERN_WEBHOOK_RETRY_SCHEDULE": "5,soon"}, [], "LANTERN_WEBHOOK_RETRY_SCHEDULE"),
        ({"LANTERN_LOG_LEVEL": "loud"}, [], "LANTERN_LOG_LEVEL"),
        ({"LANTERN_JWT_SECRET": "too-short"}, [], "LANTERN_JWT_SECRET"),
        ({}, ["--status-policy", "audit2052"], "--status-policy"),
    ]:
        port = [] if "LANTERN_PORT" in env else ["--port", "0"]  # the flag would take precedence over the variable
        try:
            run = subprocess.run([binary, "serve", "--database-url", os.path.join(workdir, "bad.sqlite")] + port + args,
                                 cwd=workdir, env=dict(clean, **env), capture_output=True, text=True, timeout=30)
        except subprocess.TimeoutExpired:
            check(False, f"serve with {env or args} should stop at once, but it is serving")
            continue
        output = run.stdout + run.stderr
        check(run.returncode != 0 and needle in output and "Fatal error" not in output,
              f"serve with {env or args} stops with a message naming {needle}: {run.returncode} {output[-300:]!r}")

    shutil.rmtree(alone, ignore_errors=True)
    shutil.rmtree(workdir, ignore_errors=True)
    if FAILURES:
        print(f"deploy: {len(FAILURES)} failure(s)")
        sys.exit(1)
    print("deploy: a lone binary serves; version, doctor and strict settings work")


if __name__ == "__main__":
    main()
