#!/usr/bin/env python3
"""Errors in English and Arabic end to end (issue 18, section 4), against a live service:
Accept-Language picks the language of client-facing messages (validation, parsing, domain
refusals, HTTP request problems), English by default; `extensions.code` never changes; the
Arabic arrives as UTF-8 with Arabic letters (no mojibake); a WebSocket session takes its
language from `connection_init`'s `locale`.

    localized_errors_e2e.py LANTERN_BINARY
"""
import asyncio
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_support as e2e  # noqa: E402
from e2e_support import check, FAILURES  # noqa: E402

ARABIC = re.compile("[\u0600-\u06ff]")


def post(server, body, language=None, token=None, tenant=None, raw=None):
    request = urllib.request.Request(server.url, data=raw if raw is not None else json.dumps(body).encode(), method="POST")
    request.add_header("Content-Type", "application/json")
    request.add_header("Accept", "application/graphql-response+json")
    if language:
        request.add_header("Accept-Language", language)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    if tenant:
        request.add_header("X-Tenant", tenant)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def errors_of(body):
    return json.loads(body.decode("utf-8"))["errors"]


def main():
    e2e.configure(os.path.abspath(sys.argv[1]))
    server = e2e.Server()
    try:
        token = e2e.sign_up(server, "arabic@example.com", "Arabic")["accessToken"]
        e2e.create_tenant(server, token, "arabic")
        cases = [
            ("validation", {"query": "{ incidents(first: 1) { nope } }"}, None, None),
            ("syntax", {"query": "{ incidents("}, None, None),
            ("unauthenticated", {"query": "{ incidents(first: 1) { totalCount } }"}, None, None),
            ("domain refusal", {"query": 'mutation { reportIncident(input: {title: "", severity: LOW}) { number } }'}, token, "arabic"),
        ]
        for name, body, auth, tenant in cases:
            _, _, english = post(server, body, None, auth, tenant)
            status, headers, arabic = post(server, body, "ar-EG,ar;q=0.9,en;q=0.5", auth, tenant)
            english_errors, arabic_errors = errors_of(english), errors_of(arabic)
            check(len(english_errors) == len(arabic_errors) and english_errors, f"{name}: same errors in both languages")
            for en, ar in zip(english_errors, arabic_errors):
                check(not ARABIC.search(en["message"]), f"{name}: English by default: {en['message']!r}")
                check(ARABIC.search(ar["message"]) is not None, f"{name}: Arabic with Accept-Language ar: {ar['message']!r}")
                check(en.get("extensions", {}).get("code") == ar.get("extensions", {}).get("code"),
                      f"{name}: the code does not change: {en.get('extensions')} {ar.get('extensions')}")
                check(en.get("locations") == ar.get("locations"), f"{name}: locations kept")
            check(headers.get("Content-Language") == "ar", f"{name}: Content-Language: ar ({headers.get('Content-Language')})")
            check("\ufffd" not in arabic.decode("utf-8") and "Ø" not in arabic.decode("utf-8"), f"{name}: no mojibake")
            print(f"  {name}: {arabic_errors[0]['message']}")
        # A request problem (not JSON at all) in Arabic too.
        status, headers, body = post(server, None, "ar", raw=b"{not json")
        check(status == 400 and ARABIC.search(errors_of(body)[0]["message"]), f"a body that is not JSON: {status} {body[:200]!r}")
        # English stays English when asked, and for languages the catalog does not have.
        for language in ["en-US", "fr", "de, fr;q=0.8", "en;q=1, ar;q=0.5"]:
            _, _, body = post(server, cases[0][1], language)
            check(not ARABIC.search(errors_of(body)[0]["message"]), f"Accept-Language {language!r} gives English")
        websocket(server, token)
    finally:
        server.stop()
    if FAILURES:
        print(f"localized errors: {len(FAILURES)} failure(s)")
        sys.exit(1)
    print("localized errors: all checks passed")


def websocket(server, token):
    try:
        import websockets
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "websockets"], check=True)
        import websockets

    async def run(locale):
        async with websockets.connect(server.ws_url, subprotocols=["graphql-transport-ws"]) as socket:
            payload = {"authorization": f"Bearer {token}", "tenant": "arabic"}
            if locale:
                payload["locale"] = locale
            await socket.send(json.dumps({"type": "connection_init", "payload": payload}))
            json.loads(await socket.recv())
            await socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": "subscription { incidentEvents { nope } }"}}))
            return json.loads(await asyncio.wait_for(socket.recv(), 5))

    arabic = asyncio.run(run("ar"))
    english = asyncio.run(run(None))
    check(arabic["type"] == "error" and ARABIC.search(arabic["payload"][0]["message"]), f"WebSocket locale ar: {arabic}")
    check(english["type"] == "error" and not ARABIC.search(english["payload"][0]["message"]), f"WebSocket default English: {english}")
    check(arabic["payload"][0].get("extensions") == english["payload"][0].get("extensions"), "WebSocket: codes kept")
    print(f"  websocket: {arabic['payload'][0]['message']}")


if __name__ == "__main__":
    main()
