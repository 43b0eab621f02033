#!/usr/bin/env python3
"""Writes the workload's data (../shared/workloads/README.md) as a JSON root value for
`lantern serve --schema schema.graphql --root root.json`."""
import json, sys
NAMES = ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra", "Barbara Liskov",
         "Donald Knuth", "Margaret Hamilton", "Ken Thompson", "Frances Allen", "John Backus"]
SEV = ["LOW", "MEDIUM", "HIGH", "CRITICAL"]; ST = ["OPEN", "ACKNOWLEDGED", "RESOLVED"]
KINDS = ["created", "acknowledged", "comment", "escalated", "resolved"]
users = [{"id": f"user-{u}", "name": NAMES[u], "email": f"user{u}@example.com"} for u in range(10)]
incidents = []
for i in range(1, 101):
    day, hour, minute = 1 + (i - 1) // 24, (i - 1) % 24, (i * 7) % 60
    date = f"2024-03-{day:02}T{hour:02}:"
    incidents.append({"id": str(i), "title": f"Incident {i}: elevated error rate on service-{i % 7}",
                      "severity": SEV[i % 4], "status": ST[i % 3], "createdAt": date + f"{minute:02}:00Z",
                      "assignee": users[i % 10], "tags": [f"team-{i % 5}", f"region-{i % 3}", f"service-{i % 7}"],
                      "timeline": [{"at": date + f"{(k * 10 + i % 10):02}:00Z", "kind": KINDS[k],
                                    "message": f'incident {i} event {k}: "{KINDS[k]}"'} for k in range(5)]})
json.dump({"incidents": incidents}, open(sys.argv[1], "w"))
