#!/usr/bin/env python3
"""Drives a live `lantern serve` with Python's gql, a client nobody here wrote: queries over HTTP,
and subscriptions over graphql-transport-ws and the legacy graphql-ws protocol.

Usage: gql_client_test.py http://127.0.0.1:PORT/graphql
"""
import asyncio
import sys

from gql import Client, gql
from gql.transport.aiohttp import AIOHTTPTransport
from gql.transport.exceptions import TransportQueryError
from gql.transport.websockets import WebsocketsTransport

URL = sys.argv[1]
WS_URL = URL.replace("http://", "ws://")
failures = []


def check(name, condition, detail=""):
    print(("ok   " if condition else "FAIL ") + name + ("" if condition else f": {detail}"))
    if not condition:
        failures.append(name)


async def http_queries():
    transport = AIOHTTPTransport(url=URL)
    async with Client(transport=transport, fetch_schema_from_transport=True) as session:
        result = await session.execute(gql("query Incidents($n: Int) { incidents(first: $n) { id severity assignee { name } } }"),
                                       variable_values={"n": 2})
        check("http query with variables", [i["id"] for i in result["incidents"]] == ["1", "2"], result)
        check("introspection via fetch_schema_from_transport", session.client.schema is not None
              and session.client.schema.get_type("Incident") is not None)
        try:
            await session.execute(gql("{ incidents { nope } }"))
            check("validation error raised", False, "no error")
        except Exception as error:  # gql validates locally against the fetched schema first
            check("validation error raised", "nope" in str(error), error)
    transport = AIOHTTPTransport(url=URL)
    async with Client(transport=transport) as session:
        try:
            await session.execute(gql("{ incidents { nope } }"))
            check("server-side validation error", False, "no error")
        except TransportQueryError as error:
            check("server-side validation error", "Cannot query field" in str(error), error)
        except Exception as error:
            check("server-side validation error", "Cannot query field" in str(error), error)


async def websocket(subprotocol):
    transport = WebsocketsTransport(url=WS_URL, subprotocols=[subprotocol], init_payload={"authorization": "Bearer demo"})
    async with Client(transport=transport) as session:
        result = await session.execute(gql("{ incidents(first: 1) { id } }"))
        check(f"{subprotocol}: query over the socket", result == {"incidents": [{"id": "1"}]}, result)
        received = []
        async for event in session.subscribe(gql("subscription { incidentEvents { kind incident { id } } }")):
            received.append(event["incidentEvents"]["incident"]["id"])
            if len(received) == 3:
                break
        check(f"{subprotocol}: subscription events", received == ["1", "2", "3"], received)


async def main():
    await http_queries()
    await websocket(WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL)      # graphql-transport-ws
    await websocket(WebsocketsTransport.APOLLO_SUBPROTOCOL)         # legacy graphql-ws
    print(f"{'all passed' if not failures else str(len(failures)) + ' failed'}")
    sys.exit(1 if failures else 0)


asyncio.run(main())
