#!/usr/bin/env python3
"""The in-browser GraphQL explorer (issue 18 §1) in headless Chromium: `GET /graphql` with
`Accept: text/html` serves it under a strict Content-Security-Policy (and does not when
introspection is off); in the browser the schema loads, completion offers the fields of the type
at the cursor, a query runs with the headers pane's credentials, a subscription streams an
incident reported over HTTP, the documentation pane navigates between types, user data is shown
as text, the panes persist across a reload, and the console stays free of errors (CSP violations
are reported there).

    explorer_e2e.py LANTERN_BINARY

Installs Chromium, chromedriver (apt) and Selenium (pip) when they are missing. With
LANTERN_EXPLORER_DIR set, the server reads the explorer's files from that directory
(`--explorer-dir`, for development) instead of the copies built into the binary. Screenshots go
to .build/test-output/explorer.png and explorer-subscription.png.
"""
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_support as e2e
from e2e_support import check, FAILURES

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUTPUT = os.path.join(ROOT, ".build", "test-output")
CSP_SCRIPT = "script-src 'self'"


def ensure_tools():
    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        install = ["apt-get", "install", "-y", "-q", "chromium", "chromium-driver"]
        if subprocess.run(install, env=env, stdout=subprocess.DEVNULL).returncode != 0:
            subprocess.run(["apt-get", "update", "-q"], env=env, stdout=subprocess.DEVNULL, check=True)
            subprocess.run(install, env=env, stdout=subprocess.DEVNULL, check=True)
    try:
        import selenium  # noqa: F401
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "selenium"], check=True)


def fetch(url, accept=None):
    """GET: (status, headers, body text)."""
    request = urllib.request.Request(url)
    if accept:
        request.add_header("Accept", accept)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8", "replace")


def server_arguments():
    directory = os.environ.get("LANTERN_EXPLORER_DIR")
    return ["--explorer-dir", os.path.abspath(directory)] if directory else []


def check_http(server):
    base = f"http://127.0.0.1:{server.port}"
    status, headers, body = fetch(server.url, "text/html,application/xhtml+xml,*/*;q=0.8")
    served = status == 200 and headers.get("Content-Type", "").startswith("text/html")
    check(served, f"GET /graphql (Accept: text/html) serves HTML: {status} {headers.get('Content-Type')}")
    check(CSP_SCRIPT in headers.get("Content-Security-Policy", ""),
          f"the explorer is served with a CSP with {CSP_SCRIPT}: {headers.get('Content-Security-Policy')!r}")
    check("/explorer/explorer.js" in body, "the page loads /explorer/explorer.js")
    status, headers, body = fetch(base + "/explorer/explorer.js")
    check(status == 200 and "javascript" in headers.get("Content-Type", "") and "graphql-transport-ws" in body,
          f"/explorer/explorer.js is JavaScript: {status} {headers.get('Content-Type')}")
    status, headers, _ = fetch(base + "/explorer/explorer.css")
    check(status == 200 and headers.get("Content-Type", "").startswith("text/css"),
          f"/explorer/explorer.css is CSS: {status} {headers.get('Content-Type')}")
    # A GraphQL client's GET still gets GraphQL.
    status, headers, body = fetch(server.url + "?query=%7B__typename%7D", "application/json")
    check(status == 200 and '"__typename"' in body, f"GET /graphql?query= still answers GraphQL: {status} {body[:200]}")
    return served


def check_without_introspection():
    server = e2e.Server(arguments=["--no-introspection"] + server_arguments())
    try:
        status, headers, body = fetch(server.url, "text/html")
        served = status == 200 and headers.get("Content-Type", "").startswith("text/html") and "explorer.js" in body
        check(not served, f"without introspection the explorer is not served: {status} {headers.get('Content-Type')}")
    finally:
        server.stop()


def start_browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1500,900", "--no-first-run", "--disable-extensions"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # An explicit chromedriver: Selenium Manager would otherwise try to download one.
    return webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)


class Page:
    """The explorer in the browser, with the waits the checks need."""

    def __init__(self, driver):
        from selenium.webdriver.common.by import By
        from selenium.webdriver.common.keys import Keys
        self.driver, self.By, self.Keys = driver, By, Keys
        self.console = []

    def find(self, css):
        return self.driver.find_element(self.By.CSS_SELECTOR, css)

    def all(self, css):
        return self.driver.find_elements(self.By.CSS_SELECTOR, css)

    def wait(self, condition, what, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                value = condition()
                if value:
                    return value
            except Exception:  # an element replaced while it was read: try again
                pass
            time.sleep(0.05)
        raise AssertionError(f"timed out after {timeout}s waiting for {what}")

    def text(self, css):
        return self.find(css).text

    def attribute(self, css, name):
        return self.find(css).get_attribute(name)

    def clear_and_type(self, css, text):
        element = self.find(css)
        element.click()
        element.send_keys(self.Keys.CONTROL, "a")
        element.send_keys(self.Keys.DELETE)
        if text:
            element.send_keys(text)  # one key event per character, as a person types

    def collect_console(self):
        self.console += self.driver.get_log("browser")

    def wait_schema(self):
        state = self.wait(lambda: self.attribute("#schema-status", "data-state") in ("loaded", "error")
                          and self.attribute("#schema-status", "data-state"), "the schema to load", timeout=20)
        check(state == "loaded", f"the schema loads: {self.text('#schema-status')}")

    def completions(self):
        popup = self.find("#completions")
        if not popup.is_displayed():
            return []
        return [item.get_attribute("data-name") for item in self.all("#completion-list li")]


def browse(server, page, auth, tenant, seen_title):
    driver, Keys = page.driver, page.Keys
    driver.get(server.url)
    page.wait(lambda: page.find("#editor").is_displayed(), "the editor")
    page.wait_schema()

    # The headers pane, then the schema again with them.
    page.find("#tab-headers").click()
    page.clear_and_type("#headers", f'{{"Authorization": "Bearer {auth["accessToken"]}", "X-Tenant": "{tenant}"}}')
    check(page.text("#input-error") == "", f"the headers are valid JSON: {page.text('#input-error')!r}")
    page.find("#reload-schema").click()
    page.wait_schema()

    # Completion: the fields of Query after `query {`.
    page.clear_and_type("#editor", "query { inc")
    offered = page.wait(page.completions, "the completion popup")
    check("incidents" in offered and "incident" in offered, f"`query {{ inc` offers incidents: {offered}")
    check("viewer" not in offered, f"completion filters by the prefix: {offered}")
    page.find("#editor").send_keys(Keys.ESCAPE)
    check(not page.find("#completions").is_displayed(), "Escape closes the completion popup")

    # Arguments inside a field's parentheses.
    page.clear_and_type("#editor", "{ incidents(fi")
    offered = page.wait(page.completions, "argument completion")
    check(offered == ["first", "filter"], f"`incidents(fi` offers its arguments: {offered}")

    # The type at the cursor follows the field's return type: User's fields, accepted with Tab.
    page.clear_and_type("#editor", "{ viewer { ema")
    offered = page.wait(page.completions, "completion in viewer")
    check(offered == ["email"], f"`viewer {{ ema` offers User.email only: {offered}")
    page.find("#editor").send_keys(Keys.TAB)
    value = page.find("#editor").get_attribute("value")
    check(value == "{ viewer { email", f"Tab accepts the completion: {value!r}")
    page.find("#editor").send_keys(" } incidents { totalCount edges { node { title severity } } } }")
    fields = [span.text for span in page.all("#highlight .t-field")]
    check(fields[:2] == ["viewer", "email"] and "title" in fields, f"fields are highlighted: {fields}")
    check(not page.all("#highlight .t-unknown"), "no field of the query is marked unknown")
    check(page.text("#operation") == "query (anonymous)", f"the operation at the cursor: {page.text('#operation')!r}")

    page.find("#editor").send_keys(Keys.CONTROL, Keys.ENTER)
    page.wait(lambda: page.attribute("#result", "data-state") == "done", "the query's result")
    shown = page.text("#result")
    check(auth["user"]["email"] in shown, f"the result shows the viewer's email: {shown[:300]!r}")
    check(seen_title in shown, f"the result shows the incident's title as text: {shown[:600]!r}")
    check(not page.all("#result b"), "user data is not interpreted as HTML")
    check(page.text("#status").startswith("HTTP 200"), f"the status line shows the HTTP status: {page.text('#status')!r}")
    os.makedirs(OUTPUT, exist_ok=True)
    driver.save_screenshot(os.path.join(OUTPUT, "explorer.png"))

    # A syntax error: the server's answer is shown with its status.
    page.clear_and_type("#editor", "{ viewer { ")
    page.find("#run").click()
    page.wait(lambda: page.attribute("#result", "data-state") == "done", "the syntax error's answer")
    check(page.text("#status").startswith("HTTP 400") and "errors" in page.text("#result"),
          f"a syntax error shows HTTP 400 and the errors: {page.text('#status')!r}")
    page.collect_console()  # the 400 above is logged by Chromium as a failed resource load

    # A subscription: events arrive as an incident is reported over HTTP.
    page.clear_and_type("#editor", "subscription Live { incidentEvents { kind sequence incident { number title } } }")
    check(page.text("#operation") == "subscription Live", f"the operation is the subscription: {page.text('#operation')!r}")
    page.find("#run").click()
    page.wait(lambda: page.attribute("#result", "data-state") == "subscribed", "connection_ack and subscribe", timeout=15)
    check(page.find("#stop").is_enabled(), "Stop is enabled while subscribed")
    title = None
    for attempt in range(1, 4):  # the subscribe message may still be in flight when the first report commits
        time.sleep(0.3)
        title = f"Streamed to the explorer {attempt}"
        data, errors, _ = e2e.gql(server, 'mutation($i: ReportIncidentInput!) { reportIncident(input: $i) { number } }',
                                  {"i": {"title": title, "severity": "HIGH"}}, token=auth["accessToken"], tenant=tenant)
        check(not errors, f"reportIncident over HTTP: {errors}")
        try:
            page.wait(lambda: title in page.text("#result"), "the streamed event", timeout=5)
            break
        except AssertionError:
            title = None
    check(title is not None, f"the subscription streams the reported incident: {page.text('#result')[:500]!r}")
    shown = page.text("#result")
    check("#1" in shown and "REPORTED" in shown, f"events are numbered and show their payload: {shown[:300]!r}")
    driver.save_screenshot(os.path.join(OUTPUT, "explorer-subscription.png"))
    page.find("#stop").click()
    page.wait(lambda: "stopped" in page.text("#result"), "Stop")
    check(not page.find("#stop").is_enabled(), "Stop is disabled once stopped")
    check(page.attribute("#result", "data-state") == "done", "the result is done after Stop")

    # The documentation pane: root types, a type, a type it links to, back.
    if "closed" in (page.attribute("#docs", "class") or ""):
        page.find("#toggle-docs").click()
    page.wait(lambda: page.all("#docs-body a[data-type='Query']"), "the root types in the docs")
    page.find("#docs-body a[data-type='Query']").click()
    page.wait(lambda: page.text("#docs-title") == "Query", "the Query type's page")
    entry = page.find("#docs-body [data-field='incidents']")
    check("first: Int = 20" in entry.text and "IncidentConnection!" in entry.text,
          f"the docs show a field's arguments and type: {entry.text!r}")
    entry.find_element(page.By.CSS_SELECTOR, "a[data-type='IncidentConnection']").click()
    page.wait(lambda: page.text("#docs-title") == "IncidentConnection", "navigation to IncidentConnection")
    check(page.all("#docs-body [data-field='totalCount']"), "IncidentConnection's fields are listed")
    page.find("#docs-back").click()
    page.wait(lambda: page.text("#docs-title") == "Query", "Back to Query")

    # The panes persist across a reload.
    page.collect_console()
    driver.refresh()
    page.wait_schema()
    headers = page.find("#headers").get_attribute("value")
    check(auth["accessToken"] in headers and tenant in headers, "the headers pane persists across a reload")
    check("incidentEvents" in page.find("#editor").get_attribute("value"), "the editor persists across a reload")
    page.collect_console()


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    started = time.time()
    for name in ("explorer.png", "explorer-subscription.png", "explorer-failure.png"):
        if os.path.exists(os.path.join(OUTPUT, name)):
            os.remove(os.path.join(OUTPUT, name))
    ensure_tools()
    e2e.configure(sys.argv[1])

    check_without_introspection()
    server = e2e.Server(arguments=server_arguments())
    driver = None
    try:
        if not check_http(server):
            raise SystemExit("explorer_e2e: the explorer is not served; skipping the browser checks\n  - "
                             + "\n  - ".join(FAILURES))
        auth = e2e.sign_up(server, "explorer@example.com", "Explorer")
        e2e.create_tenant(server, auth["accessToken"], "explorer")
        seen_title = "<b>Database down</b> & \"quoted\""
        _, errors, _ = e2e.gql(server, 'mutation($i: ReportIncidentInput!) { reportIncident(input: $i) { number } }',
                               {"i": {"title": seen_title, "severity": "CRITICAL"}},
                               token=auth["accessToken"], tenant="explorer")
        check(not errors, f"reportIncident: {errors}")

        driver = start_browser()
        page = Page(driver)
        try:
            browse(server, page, auth, "explorer", seen_title.replace('"', '\\"'))
        except AssertionError as error:
            check(False, str(error))
            try:
                os.makedirs(OUTPUT, exist_ok=True)
                driver.save_screenshot(os.path.join(OUTPUT, "explorer-failure.png"))
                print("  failure screenshot:", os.path.join(OUTPUT, "explorer-failure.png"))
            except Exception:
                pass
        page.collect_console()
        # Expected: the 400 of the syntax-error run. Anything else SEVERE (a CSP violation, a
        # script error, a failed load) is a failure.
        severe = [entry["message"] for entry in page.console if entry.get("level") == "SEVERE"
                  and "status of 400" not in entry["message"]]
        check(not severe, f"no errors in the browser console: {severe}")
    finally:
        if driver:
            driver.quit()
        server.stop()

    for name in ("explorer.png", "explorer-subscription.png", "explorer-failure.png"):
        path = os.path.join(OUTPUT, name)
        if os.path.exists(path):
            print("screenshot:", path)
    elapsed = time.time() - started
    if FAILURES:
        print(f"explorer_e2e: {len(FAILURES)} failure(s) in {elapsed:.1f}s")
        for failure in FAILURES:
            print("  -", failure)
        sys.exit(1)
    print(f"explorer_e2e: all checks passed in {elapsed:.1f}s")


if __name__ == "__main__":
    main()
