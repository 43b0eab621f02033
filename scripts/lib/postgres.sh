# Starts a throwaway PostgreSQL 15 for the tests: installs Debian's server package if it is
# missing, runs initdb in a temporary directory (as the `postgres` user when we are root, since
# initdb refuses root), listens on a free port on 127.0.0.1, and stops and deletes it on exit.
# Source it, then call `postgres_start`; it exports LANTERN_TEST_POSTGRES_URL.

postgres_bin() {
    for dir in /usr/lib/postgresql/*/bin; do
        if [ -x "$dir/initdb" ]; then echo "$dir"; return 0; fi
    done
    return 1
}

postgres_start() {
    if ! postgres_bin > /dev/null; then
        echo "Installing PostgreSQL (Debian package)…"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq && apt-get install -y -qq postgresql > /dev/null
    fi
    local bin; bin=$(postgres_bin)
    PG_DIR=$(mktemp -d /tmp/lantern-pg.XXXXXX)
    PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    local run=()
    if [ "$(id -u)" = 0 ]; then
        chown postgres "$PG_DIR"
        run=(runuser -u postgres --)
    fi
    "${run[@]}" "$bin/initdb" -D "$PG_DIR/data" -A trust -U postgres -E UTF8 > "$PG_DIR/initdb.log"
    "${run[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
        -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off" start > /dev/null
    PG_CTL=("${run[@]}" "$bin/pg_ctl" -D "$PG_DIR/data")
    export LANTERN_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
    echo "PostgreSQL listening on 127.0.0.1:$PG_PORT"
}

postgres_stop() {
    if [ -n "${PG_DIR:-}" ]; then
        "${PG_CTL[@]}" -m immediate stop > /dev/null 2>&1 || true
        rm -rf "$PG_DIR"
        PG_DIR=""
    fi
}
