#!/usr/bin/env python3
"""Runs the full introspection query (every option) through `lantern exec`, builds a client
schema from the result with graphql-core, prints it, and compares with `lantern print-schema`."""
import json, os, subprocess, sys, tempfile
from graphql import build_client_schema, get_introspection_query, print_schema

HERE = os.path.dirname(os.path.abspath(__file__))
LANTERN = os.environ.get("LANTERN", os.path.join(HERE, "..", "..", ".build", "debug", "lantern"))
scope = {}
exec(open(os.path.join(HERE, "cases_schema.py")).read(), scope)
query = get_introspection_query(descriptions=True, specified_by_url=True, directive_is_repeatable=True,
                                schema_description=True, input_value_deprecation=True)
failures = 0
for index in range(6):
    with tempfile.TemporaryDirectory() as tmp:
        schema_path = os.path.join(tmp, "s.graphql"); doc_path = os.path.join(tmp, "q.graphql")
        open(schema_path, "w").write(scope["SDLS"][index]); open(doc_path, "w").write(query)
        result = json.loads(subprocess.run([LANTERN, "exec", "--schema", schema_path, "--document", doc_path],
                                           capture_output=True, text=True).stdout)
        printed = subprocess.run([LANTERN, "print-schema", "--schema", schema_path], capture_output=True, text=True).stdout
        if "errors" in result:
            print(f"schema {index}: errors {result['errors']}"); failures += 1; continue
        client = print_schema(build_client_schema(result["data"]))
        if client.strip() != printed.strip():
            print(f"schema {index} differs:\n{client}\n---\n{printed}"); failures += 1
print(f"{6 - failures}/6 round-trip")
sys.exit(1 if failures else 0)
