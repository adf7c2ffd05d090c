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

.PHONY: demo test build deps clean-demo bench bench-web bench-national serve browser-test external-checks fuzz

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

# The browser test (scripts/browser_test.py) needs Debian's chromium, its driver and Selenium: installed when missing.
# Then the checkers nobody here wrote (scripts/external-checks.sh): schemathesis on the API, axe-core and vnu on
# every page as each role; they install themselves (Debian's packages, PyPI's tools in .build/external-checkers).
test: deps
	@scripts/ensure-deps.sh unzip chromium chromium-driver python3-selenium python3-openpyxl
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(BROWSER_PYTHON) scripts/browser_test.py --binary $(BIN)
	scripts/external-checks.sh $(BIN)

# Only the external checkers, on the last build (ARGS for scripts/external_checks.py, e.g. ARGS="--only axe --keep /tmp/checks").
external-checks: build
	scripts/external-checks.sh $(BIN) $(ARGS)

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
#   national scale at 0.2 M, 2 M and 10 M events (bench-national; SIZES="200000 2000000" for a shorter run).
# The benches build in release mode, which links Foundation statically and so needs libxml2's development
# files (libxml2-dev).
bench:
	@scripts/ensure-deps.sh sqlite3 bc wrk curl time libxml2-dev
	@scripts/bench-import.sh
	@scripts/bench-web.sh
	@SIZES="$(SIZES)" RUNS="$(RUNS)" scripts/bench-national.sh

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

# A short run of each reader's fuzzer (libFuzzer, address sanitizer): FUZZ_SECONDS each, 45 by default.
# Built apart, into .build-fuzz; crashes are written to .build-fuzz/crashes/ (see scripts/fuzz.sh).
fuzz: build
	@scripts/fuzz.sh

clean-demo:
	rm -rf .demo
