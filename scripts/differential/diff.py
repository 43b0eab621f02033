#!/usr/bin/env python3
"""Differential check of `lantern batch` against graphql-core (a port of graphql-js 16).

A development tool, not part of CI: it needs graphql-core 3.2.x (which matches graphql-js 16;
`pip install graphql-core==3.2.8`, in a virtualenv if gql's newer graphql-core is installed too)
and a built `lantern`. With graphql-core 3.3, three cases differ because 3.3 follows graphql-js 17.
Usage: scripts/differential/diff.py [cases.py ...]   (defaults to every cases_*.py here)
Where the September 2025 edition differs from graphql-js 16, cases say so with `spec=`.
"""
import glob, json, os, subprocess, sys
from graphql import (GraphQLError, build_schema, graphql_sync, parse, print_schema, validate, validate_schema,
                     specified_rules)
from graphql.validation import validate as _validate

HERE = os.path.dirname(os.path.abspath(__file__))
LANTERN = os.environ.get("LANTERN", os.path.join(HERE, "..", "..", ".build", "debug", "lantern"))


def locs(err):
    return sorted((l.line, l.column) for l in (err.locations or []))


def expected(case):
    cmd = case["cmd"]
    try:
        schema = build_schema(case["schema"])
    except GraphQLError as e:
        return {"errors": [e]}
    except Exception as e:  # buildASTSchema raises GraphQLError subclasses, or TypeError for SDL errors
        return {"crash": str(e)}
    if cmd == "print-schema":
        return {"text": print_schema(schema)}
    errors = validate_schema(schema)
    if errors:
        return {"errors": list(errors)}
    if cmd == "schema-check":
        return {"errors": []}
    try:
        document = parse(case["document"])
    except GraphQLError as e:
        return {"errors": [e], "has_data": False}
    errors = validate(schema, document)
    if errors or cmd == "validate":
        return {"errors": list(errors), "has_data": False}
    result = graphql_sync(schema, case["document"], root_value=case.get("root", {}),
                          variable_values=case.get("variables"), operation_name=case.get("operation"))
    out = {"errors": list(result.errors or [])}
    if result.data is not None or (result.errors is not None and "data_present" in case):
        out["data"] = result.data
    # graphql-core returns data=None both for `null` and for absent; tell them apart.
    out["has_data"] = not (result.data is None and result.errors and all(e.path is None for e in result.errors))
    return out


def compare(case, exp, got):
    cmd = case["cmd"]
    if "crash" in exp:
        return None
    if cmd == "print-schema":
        a = "\n".join(l.rstrip() for l in exp["text"].strip().split("\n"))
        b = "\n".join(l.rstrip() for l in (got if isinstance(got, str) else json.dumps(got)).strip().split("\n"))
        return None if a == b else f"print differs:\n--- expected\n{a}\n--- got\n{b}"
    gerrs = got.get("errors", [])
    e_set = sorted(json.dumps([locs(e), list(e.path) if e.path else None]) for e in exp["errors"])
    g_set = sorted(json.dumps([sorted((l["line"], l["column"]) for l in x.get("locations", [])),
                               x.get("path") if cmd == "exec" else None]) for x in gerrs)
    if cmd != "exec":
        e_set = sorted(json.dumps(locs(e)) for e in exp["errors"])
        g_set = sorted(json.dumps(sorted([l["line"], l["column"]] for l in x.get("locations", []))) for x in gerrs)
        e_set = sorted(json.dumps(sorted([a, b] for a, b in locs(e))) for e in exp["errors"])
    problems = []
    if e_set != g_set:
        problems.append("errors differ:\n  expected " + "; ".join(f"{e.message} @{locs(e)} {e.path}" for e in exp["errors"])
                        + "\n  got      " + "; ".join(f"{x['message']} @{x.get('locations')} {x.get('path')}" for x in gerrs))
    if cmd == "exec":
        if exp.get("has_data", True) != ("data" in got):
            problems.append(f"data presence differs: expected {exp.get('has_data')} got {'data' in got}")
        elif "data" in got and exp.get("data") != got["data"]:
            problems.append(f"data differs:\n  expected {json.dumps(exp.get('data'))}\n  got      {json.dumps(got['data'])}")
    return "\n".join(problems) or None


def main():
    files = sys.argv[1:] or sorted(glob.glob(os.path.join(HERE, "cases_*.py")))
    cases = []
    for path in files:
        scope = {}
        exec(open(path).read(), scope)
        cases += scope["CASES"]
    lines = []
    for i, case in enumerate(cases):
        req = {"id": str(i), "cmd": case["cmd"], "schema": case["schema"]}
        for key in ("document", "variables", "operation", "root"):
            if key in case:
                req[key] = case[key]
        lines.append(json.dumps(req))
    proc = subprocess.run([LANTERN, "batch"], input="\n".join(lines) + "\n", capture_output=True, text=True)
    answers = {}
    for line in proc.stdout.splitlines():
        obj = json.loads(line)
        answers[obj["id"]] = obj
    failures = 0
    for i, case in enumerate(cases):
        ans = answers.get(str(i))
        name = case.get("name", str(i))
        if ans is None or "crash" in ans:
            print(f"FAIL {name}: no answer / crash {ans}")
            failures += 1
            continue
        if case.get("spec"):
            continue
        exp = expected(case)
        problem = compare(case, exp, ans["result"])
        if problem:
            failures += 1
            print(f"FAIL {name} [{case['cmd']}]\n  doc: {case.get('document', '')[:300]!r}\n{problem}\n")
    print(f"{len(cases) - failures}/{len(cases)} agree")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
