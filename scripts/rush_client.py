#!/usr/bin/env python3
"""The load of a national deadline-day rush, against a running `readiness serve` (scripts/bench-rush.sh
starts one and calls this). Standard library only: one thread per signed-in person, http.client with
keep-alive, cookies kept per person.

Every commune officer of the accounts file, once, at a start time spread evenly (with jitter, in a
shuffled order) over the first 85 % of --duration, does what a browser does:
  GET /login, POST /login (one-time password)            -> 303 /password
  GET /password, POST /password (their own password)     -> 303 /
  (an account that set its own password before: POST /login -> 303 /, and no password change)
  GET / (their dashboard), GET /communes/CODE
  three records through the commune page's record form (multipart, as the page's enctype says), each
  followed to the page it redirects to; the third with a --photo-bytes JPEG as its evidence
  POST /communes/CODE/review action=submit               -> 303 ?done=reviewed, then that page
with --think seconds (uniform from half to one and a half times) between steps. At most --concurrency
officers are in their session at once; one who cannot start on time starts late (the lateness is printed).
Every province staff account signs in the same way at the start, then reloads its dashboard and its gap
page, --staff-pause seconds (same spread) apart, until the last officer is done.

Requests carry X-Forwarded-For with an address of their own per person, as nginx sends them to a server
with `trusted-proxy = 127.0.0.1` (so the sign-in limit counts each person apart, as deployed).

Per kind of request (sign-in, password change, commune page, record, record with photo, submit,
dashboard, gaps, …): count, errors, p50, p99 and max latency (the whole response read). An error is a
status or redirect other than the expected one, a refused or dropped connection, or no answer within
--timeout seconds (nginx's proxy_read_timeout in dist/nginx is 120 s). A reused keep-alive connection the
server closed meanwhile is retried once on a new one, as browsers do, and not counted as an error.

Prints the table, and writes --out (JSON): the confirmed records, photos and submissions (the 303s that
say so), from which the driver tells events lost after counting the ledger.

Usage: rush_client.py --base http://127.0.0.1:PORT --accounts FILE [--duration 600] [--concurrency 200]
                      [--think 3] [--staff-pause 10] [--photo-bytes 307200] [--timeout 120] [--give-up S] [--out FILE]
FILE: CSV lines role,name,password,code (role commune or province; code the commune's or province's).
"""
import argparse
import csv
import http.client
import json
import os
import random
import re
import resource
import socket
import sys
import threading
import time
import urllib.parse

CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')
FORM_TOKEN = re.compile(r'name="form_token" value="([0-9a-f]*)"')
PERIOD = re.compile(r'name="period" value="([^"]*)"')
SUBMIT = re.compile(r'id="submit-review"')
# Items with no attributes, one per record (three different holdings of the commune).
ITEMS = ["official-pc", "photocopier", "rating-device"]


class Failure(Exception):
    pass


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.times = {}      # kind -> [seconds]
        self.errors = {}     # kind -> count
        self.samples = []    # the first error messages
        self.confirmed = {"records": 0, "photos": 0, "submissions": 0, "officers done": 0, "staff signed in": 0}
        self.retries = 0
        self.late = []       # officers' start lateness (s)
        self.first_error_at = None

    def add(self, kind, seconds):
        with self.lock:
            self.times.setdefault(kind, []).append(seconds)

    def error(self, kind, message, seconds=None, at=None):
        with self.lock:
            self.errors[kind] = self.errors.get(kind, 0) + 1
            if seconds is not None:
                self.times.setdefault(kind, []).append(seconds)
            if len(self.samples) < 20:
                self.samples.append(f"{kind}: {message}" + (f" (at {at:.0f} s)" if at is not None else ""))

    def count(self, what, n=1):
        with self.lock:
            self.confirmed[what] += n


class Browser:
    """One person's browser: a keep-alive connection, cookies, their own client address."""

    def __init__(self, base, address, timeout, stats, started):
        u = urllib.parse.urlsplit(base)
        self.host, self.port = u.hostname, u.port
        self.address = address
        self.timeout = timeout
        self.stats = stats
        self.started = started
        self.cookies = {}
        self.conn = None

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def _take_cookies(self, response):
        for header in response.msg.get_all("Set-Cookie") or []:
            first, _, rest = header.partition(";")
            name, _, value = first.strip().partition("=")
            attrs = rest.lower()
            if "max-age=0" in attrs or "1970" in attrs or value == "":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value

    def request(self, kind, method, path, body=None, content_type=None, expect=200, location=None):
        """The response's body, after checking its status (and, for a redirect, where it points)."""
        headers = {"X-Forwarded-For": self.address, "User-Agent": "rush-client", "Accept": "text/html"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = content_type
        t0 = time.perf_counter()
        for attempt in (1, 2):
            reused = self.conn is not None
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as e:
                self.close()
                if reused and attempt == 1:
                    with self.stats.lock:
                        self.stats.retries += 1
                    t0 = time.perf_counter()
                    continue
                self.stats.error(kind, f"{method} {path}: {type(e).__name__}: {e}", at=time.monotonic() - self.started)
                raise Failure(kind)
            except (socket.timeout, TimeoutError, OSError, http.client.HTTPException) as e:
                self.close()
                self.stats.error(kind, f"{method} {path}: {type(e).__name__}: {e}", time.perf_counter() - t0,
                                 at=time.monotonic() - self.started)
                raise Failure(kind)
        elapsed = time.perf_counter() - t0
        self._take_cookies(response)
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        where = response.getheader("Location", "")
        if response.status != expect or (location is not None and not location(where)):
            snippet = re.sub(r"\s+", " ", re.sub(r"<[^>]*>", " ", data.decode("utf-8", "replace")))[:160]
            self.stats.error(kind, f"{method} {path}: {response.status} {where} {snippet}", elapsed,
                             at=time.monotonic() - self.started)
            raise Failure(kind)
        self.stats.add(kind, elapsed)
        return data.decode("utf-8", "replace"), where

    def form(self, kind, path, fields, expect=303, location=None):
        body = urllib.parse.urlencode(fields).encode()
        return self.request(kind, "POST", path, body, "application/x-www-form-urlencoded", expect, location)

    def multipart(self, kind, path, fields, files, expect=303, location=None):
        boundary = "----rush" + os.urandom(12).hex()
        parts = []
        for name, value in fields:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, filename, ctype, data in files:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                         f'Content-Type: {ctype}\r\n\r\n'.encode() + data + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request(kind, "POST", path, b"".join(parts), f"multipart/form-data; boundary={boundary}", expect, location)

    def sign_in(self, name, one_time, own, prefix):
        """A sign-in; when it was with a one-time password (redirected to /password), one's own set then;
        the dashboard it lands on."""
        page, _ = self.request("login page", "GET", "/login")
        token = first(CSRF, page, "login page")
        _, where = self.form("sign-in", "/login", {"name": name, "password": one_time, "csrf_token": token},
                             location=lambda w: w.endswith("/password") or w.endswith("/"))
        if not where.endswith("/password"):  # an account whose own password was set on an earlier day
            self.request(f"dashboard ({prefix})", "GET", "/")
            return
        page, _ = self.request("password page", "GET", "/password")
        token = first(CSRF, page, "password page")
        self.form("password change", "/password", {"current": one_time, "password": own, "confirmation": own, "csrf_token": token},
                  location=lambda w: w.endswith("/"))
        self.request(f"dashboard ({prefix})", "GET", "/")


def first(pattern, text, kind):
    m = pattern.search(text)
    if not m:
        raise Failure(f"{kind}: no {pattern.pattern!r} on the page")
    return m.group(1)


def photo(size):
    """A JPEG by its first bytes (all the server checks), of random content: no two alike, as photos are."""
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + os.urandom(max(0, size - 22)) + b"\xff\xd9"


def pause(mean, stop=None):
    if mean <= 0:
        return
    seconds = random.uniform(0.5 * mean, 1.5 * mean)
    if stop is None:
        time.sleep(seconds)
    else:
        stop.wait(seconds)


def officer(args, stats, started, account, index):
    name, one_time, code = account["name"], account["password"], account["code"]
    b = Browser(args.base, f"10.{index >> 16 & 255}.{index >> 8 & 255}.{index & 255}", args.timeout, stats, started)
    where = None
    try:
        b.sign_in(name, one_time, f"rush {name} own passphrase", "officer")
        pause(args.think)
        page, _ = b.request("commune page", "GET", f"/communes/{code}")
        for i, item in enumerate(ITEMS):
            pause(args.think)
            fields = [("csrf_token", first(CSRF, page, "commune page")), ("form_token", first(FORM_TOKEN, page, "commune page")),
                      ("item", item), ("working", str(random.randint(1, 9))), ("broken", "0"), ("on", ""),
                      ("note", f"rush {i + 1}")]
            with_photo = i == len(ITEMS) - 1
            files = [("evidence", f"bien-ban-{code}.jpg", "image/jpeg", photo(args.photo_bytes))] if with_photo \
                else [("evidence", "", "application/octet-stream", b"")]
            done = "recorded-with-evidence" if with_photo else "recorded"
            _, where = b.multipart("record with photo" if with_photo else "record", f"/communes/{code}/record", fields, files,
                                   location=lambda w, d=done: w.endswith(f"/communes/{code}?done={d}"))
            stats.count("records")
            if with_photo:
                stats.count("photos")
            page, _ = b.request("commune page", "GET", where)
        pause(args.think)
        if not SUBMIT.search(page):
            raise Failure("no submit button on the commune page")
        _, where = b.form("submit", f"/communes/{code}/review",
                          {"csrf_token": first(CSRF, page, "commune page"), "period": first(PERIOD, page, "commune page"),
                           "action": "submit"},
                          location=lambda w: w.endswith(f"/communes/{code}?done=reviewed"))
        stats.count("submissions")
        b.request("commune page", "GET", where)
        stats.count("officers done")
    except Failure as f:
        if str(f).startswith("no ") or ": no " in str(f):
            stats.error("page content", f"{name}: {f}")
    finally:
        b.close()


def staff(args, stats, started, account, index, stop):
    b = Browser(args.base, f"172.16.{index // 256}.{index % 256 + 1}", args.timeout, stats, started)
    try:
        time.sleep(random.uniform(0, min(30.0, args.duration / 10)))
        b.sign_in(account["name"], account["password"], f"rush {account['name']} own passphrase", "staff")
        stats.count("staff signed in")
        while not stop.is_set():
            for kind, path in (("dashboard (staff)", "/"), ("gaps (staff)", "/gaps")):
                pause(args.staff_pause, stop)
                if stop.is_set():
                    break
                try:
                    b.request(kind, "GET", path)
                except Failure:
                    pass
    except Failure:
        pass
    finally:
        b.close()


def percentile(values, p):
    v = sorted(values)
    if not v:
        return float("nan")
    k = max(0, min(len(v) - 1, int(round(p / 100 * len(v) + 0.5)) - 1))
    return v[k]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--base", required=True)
    p.add_argument("--accounts", required=True)
    p.add_argument("--duration", type=float, default=600)
    p.add_argument("--concurrency", type=int, default=200)
    p.add_argument("--think", type=float, default=3)
    p.add_argument("--staff-pause", type=float, default=10)
    p.add_argument("--photo-bytes", type=int, default=300 * 1024)
    p.add_argument("--timeout", type=float, default=120)
    p.add_argument("--seed", type=int, default=20251215)
    p.add_argument("--give-up", type=float, help="seconds after which no officer starts (default 3 × duration)")
    p.add_argument("--out")
    args = p.parse_args()
    random.seed(args.seed)
    if args.give_up is None:
        args.give_up = 3 * args.duration

    with open(args.accounts, newline="") as f:
        accounts = [dict(zip(("role", "name", "password", "code"), row)) for row in csv.reader(f) if row]
    officers = [a for a in accounts if a["role"] == "commune"]
    staffers = [a for a in accounts if a["role"] == "province"]
    random.shuffle(officers)
    spread = 0.85 * args.duration
    starts = sorted((i + random.random()) * spread / max(1, len(officers)) for i in range(len(officers)))

    stats = Stats()
    stop = threading.Event()
    started = time.monotonic()
    print(f"rush: {len(officers)} officers over {args.duration:.0f} s (starts spread over {spread:.0f} s, at most "
          f"{args.concurrency} at once, {args.think:g} s between steps), {len(staffers)} staff reloading every "
          f"{args.staff_pause:g} s, photo {args.photo_bytes // 1024} KB", flush=True)
    staff_threads = [threading.Thread(target=staff, args=(args, stats, started, a, i, stop), daemon=True)
                     for i, a in enumerate(staffers)]
    for t in staff_threads:
        t.start()

    slots = threading.BoundedSemaphore(args.concurrency)
    threads = []

    def run(account, index):
        try:
            officer(args, stats, started, account, index)
        finally:
            slots.release()

    last_report = started
    not_started = 0
    for i, (account, start) in enumerate(zip(officers, starts)):
        delay = start - (time.monotonic() - started)
        if delay > 0:
            time.sleep(delay)
        while not slots.acquire(timeout=5) and time.monotonic() - started <= args.give_up:
            pass
        if time.monotonic() - started > args.give_up:
            not_started = len(officers) - i
            print(f"  gave up after {args.give_up:.0f} s: {not_started} officers not started", flush=True)
            break
        stats.late.append(max(0.0, (time.monotonic() - started) - start))
        t = threading.Thread(target=run, args=(account, i), daemon=True)
        t.start()
        threads.append(t)
        now = time.monotonic()
        if now - last_report >= 60:
            last_report = now
            with stats.lock:
                print(f"  {now - started:5.0f} s: {i + 1} officers started, {stats.confirmed['officers done']} done, "
                      f"{sum(stats.errors.values())} errors", flush=True)
    for t in threads:
        t.join()
    officers_done_at = time.monotonic() - started
    # Staff keep reloading until the officers are done, and at least for the duration.
    remaining = args.duration - officers_done_at
    if remaining > 0:
        time.sleep(remaining)
    stop.set()
    for t in staff_threads:
        t.join(timeout=args.timeout + 5)
    elapsed = time.monotonic() - started

    usage = resource.getrusage(resource.RUSAGE_SELF)
    if not_started:
        print(f"\n{not_started} OFFICERS NEVER STARTED (the run gave up after {args.give_up:.0f} s)")
    print(f"\nall officers done after {officers_done_at:.0f} s (target: within {args.duration:.0f} s); run {elapsed:.0f} s; "
          f"officer starts late by p50 {percentile(stats.late, 50):.1f} s, max {max(stats.late, default=0):.1f} s; "
          f"client CPU {usage.ru_utime + usage.ru_stime:.0f} s")
    order = ["login page", "sign-in", "password page", "password change", "dashboard (officer)", "commune page", "record",
             "record with photo", "submit", "dashboard (staff)", "gaps (staff)", "page content"]
    kinds = [k for k in order if k in stats.times or k in stats.errors] + \
            sorted(k for k in set(stats.times) | set(stats.errors) if k not in order)
    print(f"{'kind':22} {'count':>7} {'errors':>7} {'p50 ms':>9} {'p99 ms':>9} {'max ms':>9}")
    table = {}
    for k in kinds:
        v = stats.times.get(k, [])
        row = {"count": len(v), "errors": stats.errors.get(k, 0), "p50_ms": percentile(v, 50) * 1000,
               "p99_ms": percentile(v, 99) * 1000, "max_ms": max(v, default=float("nan")) * 1000}
        table[k] = row
        print(f"{k:22} {row['count']:7d} {row['errors']:7d} {row['p50_ms']:9.1f} {row['p99_ms']:9.1f} {row['max_ms']:9.1f}")
    total_errors = sum(stats.errors.values())
    requests = sum(len(v) for v in stats.times.values())
    print(f"requests {requests} ({requests / elapsed:.1f}/s), errors {total_errors} (target 0), retried on a closed "
          f"keep-alive connection {stats.retries}")
    print("confirmed: " + ", ".join(f"{k} {v}" for k, v in stats.confirmed.items()))
    for s in stats.samples:
        print("  error: " + s)
    if args.out:
        with open(args.out, "w") as f:
            json.dump({"confirmed": stats.confirmed, "errors": total_errors, "requests": requests, "elapsed_s": elapsed,
                       "officers_done_at_s": officers_done_at, "officers": len(officers), "not_started": not_started, "staff": len(staffers),
                       "client_cpu_s": usage.ru_utime + usage.ru_stime, "kinds": table, "samples": stats.samples}, f, indent=1)


if __name__ == "__main__":
    main()
