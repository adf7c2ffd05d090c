# The two commands a newcomer needs:
#   make demo   builds and prints the gap report of the shipped Quảng Ngãi sample
#   make test   runs the whole test suite
#   make serve  runs the web app on a demo database (the first time, prints an admin's one-time password)
# All three install missing system libraries first (scripts/ensure-deps.sh, apt-get).

SWIFT ?= swift
DEMO_DB := .demo/readiness.sqlite
WEB_DB := .demo/web.sqlite
BIN := .build/debug/readiness
# Debian's Python, which has Debian's python3-selenium (not one of pyenv or a venv).
BROWSER_PYTHON ?= /usr/bin/python3

.PHONY: demo test build deps clean-demo bench bench-web bench-national bench-rush serve browser-test print-test external-checks fuzz release install deb ops-test

deps:
	@scripts/ensure-deps.sh

build: deps
	$(SWIFT) build

demo: build
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm && mkdir -p .demo
	@$(BIN) sample load --db $(DEMO_DB)
	@echo
	@echo "== Bảng A: tính đến 15/09/2025 (Phụ lục 03, Báo cáo -BC/ĐUUBNDT) =="
	@$(BIN) gaps --db $(DEMO_DB) --as-of 2025-09-15 --names 8
	@echo
	@echo "== Bảng C: tính đến 12/12/2025 (Phụ lục 04, Báo cáo 354/BC-SKHCN) =="
	@$(BIN) gaps --db $(DEMO_DB) --as-of 2025-12-12 --names 8
	@echo
	@echo "== Một xã: Xã Đăk Plô, gõ không dấu =="
	@$(BIN) commune "Dak Plo" --db $(DEMO_DB) --as-of 2025-12-12
	@echo
	@echo "== Phụ lục của tỉnh dưới dạng trang web để đính kèm, và kế hoạch mua sắm 2 tỷ đồng =="
	@$(BIN) report --db $(DEMO_DB) --as-of 2025-12-12 --since 2025-09-15 --out .demo/report.html
	@$(BIN) plan --db $(DEMO_DB) --as-of 2025-09-15 --budget 2000000000 --out .demo/plan.xlsx
	@echo "Mở .demo/report.html bằng trình duyệt và .demo/plan.xlsx bằng bảng tính."

# The browser test (scripts/browser_test.py) needs Debian's chromium, its driver and Selenium; the print test
# (scripts/print_test.py: the workbooks read by openpyxl and printed by LibreOffice, page by page, with poppler)
# needs python3-openpyxl, libreoffice-calc-nogui, Calibri's metrics (fonts-crosextra-carlito) and poppler-utils;
# PDF reports are printed by the same chromium; the tests of running it as a service (ops-test) need nginx,
# openssl, curl, systemd's systemd-analyze and dpkg-dev; all installed when missing. Then the checkers nobody
# here wrote (scripts/external-checks.sh): schemathesis on the API, axe-core and vnu on every page as each role;
# they install what they need (Debian's packages, PyPI's tools in .build/external-checkers).
TEST_PACKAGES = unzip chromium chromium-driver python3-selenium python3-openpyxl libreoffice-calc-nogui \
	fonts-crosextra-carlito fonts-liberation poppler-utils $(OPS_TEST_PACKAGES)
test: deps
	@scripts/ensure-deps.sh $(TEST_PACKAGES)
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(BROWSER_PYTHON) scripts/browser_test.py --binary $(BIN)
	$(BROWSER_PYTHON) scripts/print_test.py --binary $(BIN)
	@$(MAKE) --no-print-directory ops-test
	scripts/external-checks.sh $(BIN) --reports

# Only the external checkers, on the last build (ARGS for scripts/external_checks.py, e.g. ARGS="--only axe --keep /tmp/checks").
external-checks: build
	scripts/external-checks.sh $(BIN) $(ARGS)

# The sample's workbooks and PDFs printed and checked page by page; KEEP=DIR leaves the files there.
print-test: build
	@scripts/ensure-deps.sh python3-openpyxl libreoffice-calc-nogui fonts-crosextra-carlito fonts-liberation poppler-utils chromium
	$(BROWSER_PYTHON) scripts/print_test.py --binary $(BIN) $(if $(KEEP),--keep $(KEEP))

# ---- Running it as a service: install, package, units, nginx (docs/operations.md) ----
OPS_TEST_PACKAGES := nginx openssl curl systemd dpkg-dev adduser
PREFIX ?= /usr/local
RELEASE_BIN := .build/release/readiness
# The binary a package carries: the release build, unless DEB_BIN names another (the tests use the debug one).
DEB_BIN ?= $(RELEASE_BIN)
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

# An installation staged under a DESTDIR, the units checked by systemd-analyze, the web app behind nginx over
# HTTPS, and the package installed, run and purged (as root: dpkg -i), all with the debug build.
ops-test:
	@scripts/ensure-deps.sh $(OPS_TEST_PACKAGES)
	scripts/test-install.sh $(BIN)
	scripts/test-units.sh $(BIN)
	$(BROWSER_PYTHON) scripts/nginx_test.py --binary $(BIN)
	$(SUDO) scripts/test-deb.sh $(BIN)

# The release build (Foundation linked statically: libxml2's development files).
release: deps
	@scripts/ensure-deps.sh libxml2-dev
	$(SWIFT) build -c release --product readiness

# The release binary in PREFIX/bin and the shipped files in PREFIX/share/readiness, where it finds them;
# DESTDIR= stages it elsewhere (for a package).
install: release
	scripts/install-files.sh $(RELEASE_BIN) $(PREFIX) $(DESTDIR)

# The Debian package in .build/deb/ (dpkg-deb): binary, shipped files, systemd units, /etc/readiness, the
# readiness user and /var/lib/readiness (see docs/operations.md).
deb:
	@scripts/ensure-deps.sh dpkg-dev
	@if [ "$(DEB_BIN)" = "$(RELEASE_BIN)" ]; then $(MAKE) --no-print-directory release; fi
	scripts/make-deb.sh $(DEB_BIN) .build/deb

browser-test: build
	@scripts/ensure-deps.sh chromium chromium-driver python3-selenium python3-openpyxl
	$(BROWSER_PYTHON) scripts/browser_test.py --binary $(BIN) $(if $(SCREENSHOTS),--screenshots $(SCREENSHOTS))

# The web app on http://127.0.0.1:8080/ over the sample, with an account "admin" whose one-time password
# is printed when it is created (never a built-in one); `readiness user password admin --db .demo/web.sqlite` gives a new one.
serve: build
	@mkdir -p .demo
	@[ -f $(WEB_DB) ] || $(BIN) sample load --db $(WEB_DB)
	@$(BIN) user list --role admin --db $(WEB_DB) 2>/dev/null | grep -q . || $(BIN) user add admin --role admin --db $(WEB_DB)
	$(BIN) serve --db $(WEB_DB)

# Every speed and memory target, in one run (release build; the first run generates the national ledgers,
# which takes a while; later runs reuse them from .build/bench-national):
#   import speed against sqlite3's .import, and gaps on the result (see docs/recording-and-import.md);
#   the web app's speed (bench-web);
#   national scale at 0.2 M, 2 M and 10 M events (bench-national; SIZES="200000 2000000" for a shorter run);
#   a national deadline-day rush through the server, ten minutes (bench-rush; RUSH_DURATION=120 COMMUNES=300
#   for a shorter run: bench-web reads DURATION as its own).
# The benches build in release mode, which links Foundation statically and so needs libxml2's development
# files (libxml2-dev).
bench:
	@scripts/ensure-deps.sh sqlite3 bc wrk curl time libxml2-dev
	@scripts/bench-import.sh
	@scripts/bench-web.sh
	@SIZES="$(SIZES)" RUNS="$(RUNS)" scripts/bench-national.sh
	@DURATION="$(RUSH_DURATION)" COMMUNES="$(COMMUNES)" scripts/bench-rush.sh

# The web app under load (wrk: dashboard and gap page, p99 and errors) and recording through its form (median);
# release build, on a temporary copy of the sample (see docs/web-app.md).
bench-web:
	@scripts/ensure-deps.sh sqlite3 bc wrk curl libxml2-dev
	@scripts/bench-web.sh

# National scale: import and reports on generated national ledgers (3,321 communes), side by side with sqlite3,
# with peak memory (release build): 0.2 M, 2 M and 10 M events unless SIZES says otherwise; RUNS=3 by default.
bench-national:
	@scripts/ensure-deps.sh sqlite3 time libxml2-dev
	@SIZES="$(SIZES)" RUNS="$(RUNS)" scripts/bench-national.sh

# A national deadline-day rush (release build, loopback, `readiness serve` with dist/readiness.conf's settings):
# the 2 M-event national database with 3,321 officers and 34 province staff; within DURATION seconds (600)
# every officer signs in, replaces the one-time password, records three changes (one with a 300 KB photo)
# and submits, while the staff reload dashboard and gap page. p50/p99 per page and write, errors, events
# lost (the ledger counted after), database growth, server CPU and peak memory, restore time after.
# COMMUNES=N runs N officers only; the first run also makes the database and its 3,355 accounts
# (.build/bench-rush; bcrypt makes that take minutes). See scripts/bench-rush.sh for the other knobs.
bench-rush:
	@scripts/ensure-deps.sh sqlite3 libxml2-dev
	@DURATION="$(DURATION)" COMMUNES="$(COMMUNES)" scripts/bench-rush.sh

# A short run of each reader's fuzzer (libFuzzer, address sanitizer): FUZZ_SECONDS each, 45 by default.
# Built apart, into .build-fuzz; crashes are written to .build-fuzz/crashes/ (see scripts/fuzz.sh).
fuzz: build
	@scripts/fuzz.sh

clean-demo:
	rm -rf .demo
