"""The incident service on its generated code: a field added to Schema/ without an implementation
must fail `swift build` with a diagnostic naming the generated protocol and the missing method.
Adds a field to Schema/incidents.graphql, builds the LanternService target, checks the compiler's
output, and always restores the file (then rebuilds, so the tree is as it was).

    python3 Tests/e2e/unimplemented_field.py
"""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SDL = os.path.join(ROOT, "Schema", "incidents.graphql")
ADDED = '\nextend type Query {\n  "Not implemented on purpose by Tests/e2e/unimplemented_field.py."\n  incidentCount(status: IncidentStatus): Int!\n}\n'


def build():
    return subprocess.run(["swift", "build", "--target", "LanternService"], cwd=ROOT, capture_output=True, text=True)


def main():
    original = open(SDL, encoding="utf-8").read()
    try:
        with open(SDL, "w", encoding="utf-8") as file:
            file.write(original + ADDED)
        result = build()
    finally:
        with open(SDL, "w", encoding="utf-8") as file:
            file.write(original)
    output = result.stdout + result.stderr
    assert result.returncode != 0, "the build must fail when an SDL field has no implementation"
    errors = [line for line in output.splitlines() if "error:" in line or "note:" in line]
    assert any("does not conform to protocol 'QueryResolvers'" in line for line in errors), "\n".join(errors[:20])
    assert any("incidentCount(_:context:selection:)" in line for line in errors), "\n".join(errors[:20])
    print("unimplemented field: the build failed naming QueryResolvers and incidentCount(_:context:selection:)")
    restored = build()
    assert restored.returncode == 0, restored.stdout[-2000:] + restored.stderr[-2000:]


if __name__ == "__main__":
    sys.exit(main())
