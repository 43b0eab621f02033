#!/usr/bin/env python3
"""Opens N idle graphql-transport-ws subscribers against a running `lantern serve` and reports
the server's resident memory before and after.
Usage: idle_subscribers.py PORT SERVER_PID N"""
import asyncio, json, resource, sys
import websockets

port, pid, count = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
count = min(count, hard - 100)


def rss_kib():
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])


async def subscriber(index, ready):
    socket = await websockets.connect(f"ws://127.0.0.1:{port}/graphql", subprotocols=["graphql-transport-ws"],
                                      ping_interval=None, max_queue=None)
    await socket.send(json.dumps({"type": "connection_init"}))
    await socket.recv()
    await socket.send(json.dumps({"id": "1", "type": "subscribe",
                                  "payload": {"query": "subscription { incidentEvents { kind } }"}}))
    await socket.recv()  # the first event; the next one is an hour away
    ready.append(index)
    return socket


async def main():
    before = rss_kib()
    ready = []
    sockets = []
    for start in range(0, count, 500):
        sockets += await asyncio.gather(*(subscriber(i, ready) for i in range(start, min(count, start + 500))))
    await asyncio.sleep(2)
    after = rss_kib()
    print(f"{len(ready)} idle subscribers; server RSS {before // 1024} MiB -> {after // 1024} MiB; "
          f"{(after - before) / max(1, len(ready)):.1f} KiB per subscriber")
    await asyncio.gather(*(s.close() for s in sockets))


asyncio.run(main())
