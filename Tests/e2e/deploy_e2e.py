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
import time

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
    check(version.returncode == 0 and "migrations" in version.stdout and "latest 00" in version.stdout,
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
        # A configuration file is stricter: its unknown keys stop startup too.
        ({}, ["--config", write_config(workdir, 'port = "eighty"\n')], "lantern.toml: port must be"),
        ({}, ["--config", write_config(workdir, "prot = 8080\n")], "unknown setting 'prot'"),
        ({}, ["--config", write_config(workdir, "introspection = 'maybe'\n")], "lantern.toml: introspection must be"),
        ({}, ["--config", write_config(workdir, "cost_budget = 1.5\n")], "'cost_budget' must be"),
        ({}, ["--config", write_config(workdir, "port = 80 80\n")], "lantern.toml:1:"),
        ({}, ["--config", os.path.join(workdir, "missing.toml")], "Cannot read the configuration file"),
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

    configuration_file(binary, clean, workdir)
    backups(binary, clean)
    shutil.rmtree(alone, ignore_errors=True)
    shutil.rmtree(workdir, ignore_errors=True)
    if FAILURES:
        print(f"deploy: {len(FAILURES)} failure(s)")
        sys.exit(1)
    print("deploy: a lone binary serves; version, doctor and strict settings work")


def write_config(directory, text):
    """A new directory per file, each file named lantern.toml (the name the messages must show)."""
    path = os.path.join(tempfile.mkdtemp(dir=directory), "lantern.toml")
    with open(path, "w") as f:
        f.write(text)
    return path


def configuration_file(binary, clean, workdir):
    """`serve --config lantern.toml` takes every setting from the file; a variable wins over it."""
    import socket
    import urllib.error
    import urllib.request
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    path = write_config(workdir, "\n".join([
        "# Lantern's settings, as the LANTERN_* variables without the prefix.",
        'host = "127.0.0.1"',
        f"port = {port}",
        f'database_url = "{os.path.join(workdir, "configured.sqlite")}"',
        'jwt_secret = "a-configuration-file-secret-of-40-bytes!!"',
        "introspection = false",
        'trusted_proxies = ["10.0.0.10", "10.0.0.11"]',
        "webhook_retry_schedule = [5, 300, 1800]",
        "",
    ]))

    def status(url):
        try:
            return urllib.request.urlopen(url, timeout=5).status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            return None

    for env, expected_schema in [({}, 404), ({"LANTERN_INTROSPECTION": "1"}, 200)]:
        process = subprocess.Popen([binary, "serve", "--config", path], cwd=workdir, env=dict(clean, **env),
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            for _ in range(200):
                if status(f"http://127.0.0.1:{port}/health") == 200:
                    break
                time.sleep(0.1)
            check(status(f"http://127.0.0.1:{port}/health") == 200, f"serve --config listens on the file's port {port}")
            schema = status(f"http://127.0.0.1:{port}/schema.graphql")
            check(schema == expected_schema, f"introspection from the file ({env or 'no variable'}): /schema.graphql {schema}, expected {expected_schema}")
        finally:
            process.terminate()
            output = process.communicate(timeout=30)[0]
        check("unknown setting" not in output, f"a valid file gives no warnings: {output[-300:]!r}")
    check(os.path.exists(os.path.join(workdir, "configured.sqlite")), "the file's database_url was used")

    # The other commands read the same file: doctor checks the configured database and secret,
    # backup copies it, and a broken file stops them as it stops serve.
    doctor = subprocess.run([binary, "doctor", "--config", path], cwd=workdir, env=clean, capture_output=True, text=True, timeout=60)
    check(doctor.returncode == 0 and "configured.sqlite" in doctor.stdout and "none pending" in doctor.stdout
          and "lantern.toml: jwt_secret has 41 bytes" in doctor.stdout,
          f"doctor --config checks the file's database and secret: {doctor.returncode} {doctor.stdout!r} {doctor.stderr!r}")
    backup = subprocess.run([binary, "backup", "--config", path, "--to", "from-config.sqlite"], cwd=workdir, env=clean,
                            capture_output=True, text=True, timeout=60)
    check(backup.returncode == 0 and os.path.exists(os.path.join(workdir, "from-config.sqlite")),
          f"backup --config backs up the file's database: {backup.returncode} {backup.stdout!r} {backup.stderr!r}")
    broken = write_config(workdir, "databse_url = 'x.sqlite'\n")
    for command in (["migrate"], ["backup", "--to", "never.sqlite"]):
        refused = subprocess.run([binary, *command, "--config", broken], cwd=workdir, env=clean, capture_output=True, text=True, timeout=60)
        check(refused.returncode != 0 and "unknown setting 'databse_url'" in refused.stderr,
              f"{command[0]} --config refuses a file with a typo: {refused.returncode} {refused.stderr[-300:]!r}")
    bad_doctor = subprocess.run([binary, "doctor", "--config", broken], cwd=workdir, env=clean, capture_output=True, text=True, timeout=60)
    check(bad_doctor.returncode == 1 and "[FAIL] configuration" in bad_doctor.stdout,
          f"doctor reports a broken file: {bad_doctor.returncode} {bad_doctor.stdout!r}")


def backups(binary, clean):
    """`lantern backup` while the server takes writes, `lantern restore` into a new file, a server
    on the restored database answering the same; the server's own scheduled backups, pruned."""
    import threading
    import time
    workdir = tempfile.mkdtemp(prefix="lantern-backup-")
    server = e2e.Server(workdir=workdir, environment={"LANTERN_BACKUP_INTERVAL": "1", "LANTERN_BACKUP_DIR": "scheduled",
                                                      "LANTERN_BACKUP_KEEP": "2"})
    acknowledged, stop = [], threading.Event()
    try:
        auth = e2e.sign_up(server, "backup@example.com", "Backup")
        e2e.create_tenant(server, auth["accessToken"], "backup")

        def write():
            while not stop.is_set():
                data, errors, _ = e2e.gql(server, 'mutation { reportIncident(input: {title: "Under load", severity: LOW}) { number } }',
                                          token=auth["accessToken"], tenant="backup")
                if not errors:
                    acknowledged.append(data["reportIncident"]["number"])

        writers = [threading.Thread(target=write) for _ in range(3)]
        for writer in writers:
            writer.start()
        time.sleep(1.0)
        before = list(acknowledged)
        backup = subprocess.run([binary, "backup", "--database-url", "lantern.sqlite", "--to", "manual/online.sqlite"], cwd=workdir, env=clean,
                                capture_output=True, text=True, timeout=120)
        time.sleep(2.5)  # the scheduled backups run meanwhile, under the same load
        stop.set()
        for writer in writers:
            writer.join()
        check(backup.returncode == 0 and "Backed up" in backup.stdout, f"lantern backup during writes: {backup.returncode} {backup.stdout!r} {backup.stderr!r}")
        scheduled = sorted(os.listdir(os.path.join(workdir, "scheduled"))) if os.path.isdir(os.path.join(workdir, "scheduled")) else []
        files = [n for n in scheduled if n.endswith(".sqlite")]
        check(1 <= len(files) <= 2 and all(n + ".manifest.json" in scheduled for n in files),
              f"scheduled backups every second, the newest 2 kept with manifests: {scheduled}")
    finally:
        stop.set()
        server.stop()
    restore = subprocess.run([binary, "restore", "--database-url", "restored/lantern.sqlite", "--from", "manual/online.sqlite"], cwd=workdir,
                             env=clean, capture_output=True, text=True, timeout=120)
    check(restore.returncode == 0 and "matches the manifest" in restore.stdout, f"lantern restore: {restore.returncode} {restore.stdout!r} {restore.stderr!r}")
    again = subprocess.run([binary, "restore", "--database-url", "restored/lantern.sqlite", "--from", "manual/online.sqlite"], cwd=workdir,
                           env=clean, capture_output=True, text=True, timeout=120)
    check(again.returncode != 0 and "holds a database" in again.stderr, f"restoring over a database is refused: {again.returncode} {again.stderr!r}")
    restored_dir = os.path.join(workdir, "restored")
    second = e2e.Server(workdir=restored_dir)
    try:
        auth = e2e.gql(second, 'mutation { signIn(input: {email: "backup@example.com", password: "password-123"}) { accessToken } }')[0]["signIn"]
        data, errors, _ = e2e.gql(second, "{ incidents(first: 100) { totalCount edges { node { number } } } }", token=auth["accessToken"],
                                  tenant="backup")
        numbers = set()
        total = data["incidents"]["totalCount"] if data else 0
        after = None
        while data and not errors:
            numbers |= {edge["node"]["number"] for edge in data["incidents"]["edges"]}
            if len(data["incidents"]["edges"]) < 100:
                break
            after = data["incidents"]["edges"][-1].get("cursor")
            data, errors, _ = e2e.gql(second, "query($a: String) { incidents(first: 100, after: $a) { edges { cursor node { number } } } }",
                                      {"a": after}, token=auth["accessToken"], tenant="backup")
        print(f"  backup under load: {len(before)} incidents acknowledged before `lantern backup` began, {len(acknowledged)} in all, "
              f"{total} in the restored database; scheduled backups kept: {files}")
        check(not errors and set(before) <= numbers and total >= len(before),
              f"the restored service has every incident acknowledged before the backup began: {len(before)} acknowledged, {total} restored, "
              f"missing {sorted(set(before) - numbers)[:5]} {errors}")
    finally:
        second.stop()
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
