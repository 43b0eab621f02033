#!/usr/bin/env python3
"""Fan-out latency: the time for one incident event to reach N WebSocket subscribers.

Starts `lantern serve` (the incident service, a fresh SQLite database), opens N graphql-transport-ws
subscribers to `incidentEvents` in one tenant, then reports incidents one at a time and records,
for every subscriber, the time from sending the mutation to receiving the event.

    Benchmarks/http/fanout.py [LANTERN_BINARY] [SUBSCRIBERS] [EVENTS]

The clients run in one Python process on the same machine as the server, so the figures include
the client's own scheduling of N sockets: an upper bound on the server's share.
"""
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

import websockets

BINARY = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/release/lantern")
SUBSCRIBERS = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
EVENTS = int(sys.argv[3]) if len(sys.argv) > 3 else 20


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(url, query, variables=None, token=None, tenant=None):
    request = urllib.request.Request(url, data=json.dumps({"query": query, "variables": variables or {}}).encode(), method="POST")
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    if tenant:
        request.add_header("X-Tenant", tenant)
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())


async def subscriber(url, token, received, ready):
    socket_ = await websockets.connect(url, subprotocols=["graphql-transport-ws"], max_queue=None)
    await socket_.send(json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {token}", "tenant": "fan"}}))
    await socket_.recv()
    await socket_.send(json.dumps({"id": "1", "type": "subscribe",
                                   "payload": {"query": "subscription { incidentEvents { kind incident { number } } }"}}))
    ready.append(1)
    async for raw in socket_:
        message = json.loads(raw)
        if message["type"] == "next":
            number = message["payload"]["data"]["incidentEvents"]["incident"]["number"]
            received.setdefault(number, []).append(time.perf_counter())


async def main():
    workdir = tempfile.mkdtemp(prefix="lantern-fanout-")
    port = free_port()
    server = subprocess.Popen([BINARY, "serve", "--port", str(port)], cwd=workdir,
                              env=dict(os.environ, LANTERN_LOG_LEVEL="warning"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health/ready")
                break
            except Exception:
                time.sleep(0.1)
        url = f"http://127.0.0.1:{port}/graphql"
        auth = post(url, "mutation { signUp(input: {email: \"fan@example.com\", password: \"password-1\", name: \"Fan\"}) { accessToken } }")
        token = auth["data"]["signUp"]["accessToken"]
        post(url, "mutation { createTenant(input: {name: \"Fan\", slug: \"fan\"}) { id } }", token=token)
        received, ready = {}, []
        tasks = [asyncio.create_task(subscriber(f"ws://127.0.0.1:{port}/graphql", token, received, ready)) for _ in range(SUBSCRIBERS)]
        while len(ready) < SUBSCRIBERS:
            await asyncio.sleep(0.1)
        await asyncio.sleep(1)
        all_latencies, last_latencies = [], []
        loop = asyncio.get_running_loop()
        for number in range(1, EVENTS + 1):
            start = time.perf_counter()
            await loop.run_in_executor(None, lambda: post(url, "mutation { reportIncident(input: {title: \"Fan-out\", severity: HIGH}) { number } }",
                                                          token=token, tenant="fan"))
            deadline = time.time() + 10
            while len(received.get(number, [])) < SUBSCRIBERS and time.time() < deadline:
                await asyncio.sleep(0.005)
            times = received.get(number, [])
            latencies = [(t - start) * 1000 for t in times]
            all_latencies += latencies
            if len(times) == SUBSCRIBERS:
                last_latencies.append(max(latencies))
            else:
                print(f"event {number}: only {len(times)} of {SUBSCRIBERS} delivered within 10 s")
            await asyncio.sleep(0.2)
        all_latencies.sort()
        p = lambda q: all_latencies[min(len(all_latencies) - 1, int(q * len(all_latencies)))]
        print(f"{SUBSCRIBERS} subscribers, {EVENTS} events, {len(all_latencies)} deliveries")
        print(f"delivery latency (mutation sent -> event received): p50 {p(0.5):.1f} ms, p99 {p(0.99):.1f} ms, max {all_latencies[-1]:.1f} ms")
        print(f"time until the last subscriber has it: median {statistics.median(last_latencies):.1f} ms, worst {max(last_latencies):.1f} ms")
        for task in tasks:
            task.cancel()
    finally:
        server.terminate()
        server.wait()


asyncio.run(main())
