#!/usr/bin/python3
"""The web app behind Debian's nginx with the shipped site (dist/nginx/readiness.conf), as a province runs it:
over HTTPS (a certificate this test makes with openssl) and HTTP/2, a user signs in and loads a page; the
cookies are Secure and named __Host-; the app's log names the client's own address, not nginx's; the
per-address sign-in limit stops one address and not another, and a client cannot pick its address by
sending its own X-Forwarded-For.

Usage: scripts/nginx_test.py [--binary .build/debug/readiness]
Everything listens on 127.0.0.1 on free ports and is stopped at the end; clients come from 127.0.0.2 and
127.0.0.3 (the whole of 127/8 is this machine).
"""
import argparse, http.client, json, os, re, shutil, socket, ssl, subprocess, sys, tempfile, time, urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
SITE = os.path.join(HERE, "..", "dist", "nginx", "readiness.conf")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fail(message, *logs):
    for name, path in logs:
        if os.path.exists(path):
            print(f"--- {name}:\n" + open(path, encoding="utf-8", errors="replace").read()[-4000:], file=sys.stderr)
    sys.exit("nginx test: " + message)


class Client:
    """An HTTPS client from one loopback address, keeping its cookies (as a browser would)."""

    def __init__(self, port, source):
        self.port, self.source, self.cookies, self.set_cookies = port, source, {}, []
        self.context = ssl.create_default_context()
        self.context.check_hostname = False
        self.context.verify_mode = ssl.CERT_NONE

    def request(self, method, path, form=None, headers=None):
        connection = http.client.HTTPSConnection("127.0.0.1", self.port, context=self.context,
                                                 source_address=(self.source, 0), timeout=30)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for value in response.headers.get_all("Set-Cookie") or []:
            self.set_cookies.append(value)
            name, _, rest = value.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        return response, text

    def csrf(self, page):
        found = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page)
        if not found:
            sys.exit("nginx test: no csrf_token in the page")
        return found.group(1)

    def sign_in(self, name, password):
        _, page = self.request("GET", "/login")
        return self.request("POST", "/login", form={"csrf_token": self.csrf(page), "name": name, "password": password})


def site_for_test(work, app_port, https_port, http_port):
    """The shipped site, changed only in what a test must change: ports, loopback, the certificate."""
    site = open(SITE, encoding="utf-8").read()
    replacements = [
        ("server 127.0.0.1:8080;", f"server 127.0.0.1:{app_port};"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("/etc/ssl/certs/ssl-cert-snakeoil.pem", os.path.join(work, "cert.pem")),
        ("/etc/ssl/private/ssl-cert-snakeoil.key", os.path.join(work, "key.pem")),
    ]
    for old, new in replacements:
        if old not in site:
            sys.exit(f"nginx test: the shipped site no longer has {old!r}; update this test with it")
        site = site.replace(old, new)
    site = "\n".join(line for line in site.splitlines() if "listen [::]" not in line)
    temp = os.path.join(work, "nginx-temp")
    os.makedirs(temp, mode=0o777)
    os.chmod(temp, 0o1777)
    main = f"""
daemon off;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    access_log {work}/nginx-access.log;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
{site}
}}
"""
    path = os.path.join(work, "nginx.conf")
    open(path, "w", encoding="utf-8").write(main)
    return path


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/debug/readiness")
    binary = os.path.abspath(parser.parse_args().binary)
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    work = tempfile.mkdtemp(prefix="readiness-nginx-")
    os.chmod(work, 0o755)
    app_log, nginx_log = os.path.join(work, "app.log"), os.path.join(work, "nginx-error.log")

    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    "-keyout", os.path.join(work, "key.pem"), "-out", os.path.join(work, "cert.pem")],
                   check=True, capture_output=True)
    db = os.path.join(work, "web.sqlite")
    subprocess.run([binary, "sample", "load", "--db", db], check=True, capture_output=True)
    added = subprocess.run([binary, "user", "add", "admin-test", "--role", "admin", "--db", db, "--lang", "en"],
                           check=True, capture_output=True, text=True)
    password = re.search(r"one-time password:\s*(\S+)", added.stdout).group(1)

    app_port, https_port, http_port = free_port(), free_port(), free_port()
    settings = os.path.join(work, "readiness.conf")  # none of this machine's /etc/readiness/readiness.conf
    open(settings, "w").close()
    app = subprocess.Popen([binary, "serve", "--db", db, "--host", "127.0.0.1", "--port", str(app_port), "--secure-cookies",
                            "--trusted-proxy", "127.0.0.1", "--log-format", "json", "--lang", "en", "--config", settings],
                           stdout=subprocess.DEVNULL, stderr=open(app_log, "w"))
    config = site_for_test(work, app_port, https_port, http_port)
    proxy = None
    try:
        for _ in range(300):
            if "serving http://" in open(app_log, encoding="utf-8").read():
                break
            if app.poll() is not None:
                fail("the app stopped at start", ("app log", app_log))
            time.sleep(0.1)
        tested = subprocess.run([nginx, "-t", "-c", config], capture_output=True, text=True)
        if tested.returncode != 0:
            fail("nginx -t refuses the shipped site:\n" + tested.stderr)
        proxy = subprocess.Popen([nginx, "-c", config], stderr=subprocess.PIPE)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", https_port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)

        # HTTP/2 over TLS, as a browser speaks it (curl); HSTS on every answer; http:// sends to https://.
        curl = subprocess.run(["curl", "-sk", "--http2", "--interface", "127.0.0.2", "-o", "/dev/null", "-D", "-", "-w", "%{http_version}",
                               f"https://127.0.0.1:{https_port}/login"], capture_output=True, text=True)
        if not curl.stdout.strip().endswith("2"):
            fail(f"not HTTP/2: {curl.stdout!r}", ("nginx log", nginx_log))
        if "strict-transport-security: max-age=63072000" not in curl.stdout.lower():
            fail(f"no HSTS header: {curl.stdout!r}")
        plain = http.client.HTTPConnection("127.0.0.1", http_port, timeout=10)
        plain.request("GET", "/login")
        answer = plain.getresponse()
        if answer.status != 301 or not answer.getheader("Location", "").startswith("https://"):
            fail(f"http:// is not sent to https:// ({answer.status})")

        # Sign in from 127.0.0.2 and load a page: Secure __Host- cookies.
        user = Client(https_port, "127.0.0.2")
        response, _ = user.sign_in("admin-test", password)
        if response.status != 303 or response.getheader("Location") != "/password":
            fail(f"sign-in through nginx answered {response.status} {response.getheader('Location')}", ("app log", app_log))
        response, page = user.request("GET", "/password")
        if response.status != 200 or 'name="csrf_token"' not in page:
            fail(f"the page after sign-in answered {response.status}")
        session = [c for c in user.set_cookies if c.startswith("__Host-readiness_session=")]
        if not session or "Secure" not in session[-1] or "Path=/" not in session[-1] or "Domain" in session[-1]:
            fail(f"no Secure __Host- session cookie: {user.set_cookies}")
        if not any(c.startswith("__Host-readiness_csrf=") and "Secure" in c for c in user.set_cookies):
            fail(f"no Secure __Host- CSRF cookie: {user.set_cookies}")

        # 127.0.0.3 guesses passwords (sending an X-Forwarded-For of its own choosing): it is stopped, as itself.
        attacker = Client(https_port, "127.0.0.3")
        statuses = []
        for i in range(14):
            _, page = attacker.request("GET", "/login")
            response, _ = attacker.request("POST", "/login", headers={"X-Forwarded-For": f"10.9.8.{i}"},
                                           form={"csrf_token": attacker.csrf(page), "name": f"nobody-{i}", "password": "wrong"})
            statuses.append(response.status)
        if 429 not in statuses:
            fail(f"the sign-in limit never stopped 127.0.0.3: {statuses}", ("app log", app_log))
        # …and 127.0.0.2, behind the same nginx, still signs in.
        other = Client(https_port, "127.0.0.2")
        response, _ = other.sign_in("admin-test", password)
        if response.status != 303:
            fail(f"127.0.0.2 was stopped by 127.0.0.3's failures ({response.status}): all clients share nginx's address",
                 ("app log", app_log))

        # The app's log: one JSON line per request, with the client's own address, never nginx's.
        time.sleep(0.3)
        entries = [json.loads(line) for line in open(app_log, encoding="utf-8") if line.startswith("{")]
        requests = [e for e in entries if e.get("message") == "request"]
        clients = {e.get("client") for e in requests}
        if not {"127.0.0.2", "127.0.0.3"} <= clients or "127.0.0.1" in clients or any(c.startswith("10.9.8.") for c in clients):
            fail(f"the log's client addresses are {sorted(clients)}", ("app log", app_log))
        signed_in = [e for e in requests if e.get("route") == "/password" and e.get("status") == "200"]
        if not signed_in or not signed_in[0].get("account"):
            fail("the log does not name the account of a signed-in request", ("app log", app_log))
        refused = [e for e in entries if e.get("message") == "sign-in refused"]
        if not refused or refused[-1].get("address") != "127.0.0.3":
            fail("the refused sign-ins are not logged with 127.0.0.3", ("app log", app_log))

        # /metrics is not served through nginx.
        response, _ = other.request("GET", "/metrics")
        if response.status != 404:
            fail(f"/metrics through nginx answered {response.status}")
        print("nginx test: HTTPS, HTTP/2, HSTS, Secure __Host- cookies, forwarded addresses in the log and the sign-in limit: ok")
    finally:
        if proxy is not None:
            proxy.terminate()
            proxy.wait(10)
        app.terminate()
        app.wait(30)
    if app.returncode != 0:
        fail(f"the app exited with {app.returncode} on SIGTERM", ("app log", app_log))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
