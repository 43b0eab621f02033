#!/usr/bin/env bash
# Generates a typed Python client for the incident service with ariadne-codegen (from PyPI) from
# the schema a live `lantern serve` serves, drives that server with it, and checks the served
# schema against `lantern print-schema` and against graphql-core's client-side build of the
# introspection answer. See test_ariadne.py.
#
#   Tests/clients/ariadne/run.sh LANTERN_BINARY
#
# ariadne-codegen needs graphql-core < 3.3 and the gql client test's gql 4 needs 3.3, so this one
# lives in its own virtualenv under .build (kept between runs; pip only checks it then).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
binary="$(realpath "$1")"
venv="$here/../../../.build/ariadne-venv"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "ariadne-codegen[subscriptions]>=0.19,<0.20" "graphql-core>=3.2.7,<3.3"
exec "$venv/bin/python" "$here/test_ariadne.py" "$binary"
