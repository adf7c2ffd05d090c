#!/usr/bin/python3
"""End-to-end test of the web app in a real headless browser (Debian's chromium, through Selenium and
chromium-driver): a commune officer records a VCS terminal with a photo of its handover minutes in the
record form itself, attaches one more file to it later, and submits; province staff approve, and make a
procurement plan; the dashboard's count of communes without a VCS terminal drops by one.

Usage: scripts/browser_test.py [--binary .build/debug/readiness] [--screenshots DIR]
The server runs on 127.0.0.1 on a free port over a temporary copy of the sample, and is stopped at the end.
"""
import argparse, json, os, re, signal, struct, subprocess, sys, tempfile, time, unicodedata, urllib.request, zlib

import openpyxl

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait


def png_bytes():
    """A small valid PNG (8x8, grey): the 'photo' of the handover minutes."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + b"\x80" * 8 for _ in range(8))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def run(binary, *args):
    """The command's output in English, which this script reads."""
    return subprocess.run([binary, *args, "--lang", "en"], check=True, capture_output=True, text=True)


def one_time_password(output):
    found = re.search(r"one-time password:\s*(\S+)", output.stdout)
    if not found:
        sys.exit(f"cannot find the one-time password in: {output.stdout!r} {output.stderr!r}")
    return found.group(1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/debug/readiness")
    parser.add_argument("--screenshots", help="also save screenshots of the main pages at 360 and 1280 px here")
    options = parser.parse_args()
    binary = os.path.abspath(options.binary)
    work = tempfile.mkdtemp(prefix="readiness-browser-")
    db = os.path.join(work, "web.sqlite")
    run(binary, "sample", "load", "--db", db)

    # A commune that has no VCS terminal today, and its officer; the province's staff.
    gaps = json.loads(run(binary, "gaps", "--db", db, "--format", "json").stdout)
    vcs = next(r for r in gaps["rules"] if r["id"] == "vcs-terminal")
    commune = vcs["communes"][0]["code"]
    commune_name = vcs["communes"][0]["name"]
    officer_password = one_time_password(run(binary, "user", "add", "xa-test", "--role", "commune", "--commune", commune, "--db", db))
    staff_password = one_time_password(run(binary, "user", "add", "tinh-test", "--role", "province", "--province", "51", "--db", db))
    admin_password = one_time_password(run(binary, "user", "add", "admin-test", "--role", "admin", "--db", db))

    server = subprocess.Popen([binary, "serve", "--db", db, "--host", "127.0.0.1", "--port", "0", "--lang", "en"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    browser = None
    try:
        base = None
        deadline = time.time() + 60
        while base is None and time.time() < deadline:
            line = server.stderr.readline()
            if not line and server.poll() is not None:
                sys.exit("the server stopped: " + server.stderr.read())
            found = re.search(r"serving (http://127\.0\.0\.1:\d+)/", line)
            if found:
                base = found.group(1)
        if base is None:
            sys.exit("the server did not say where it listens within 60 s")

        chrome = webdriver.ChromeOptions()
        chrome.binary_location = "/usr/bin/chromium"
        for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000"]:
            chrome.add_argument(argument)
        browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=chrome)
        browser.set_page_load_timeout(60)

        def arrive(fragment):
            """Waits until the page the last click led to is shown: a click does not wait for the navigation it starts."""
            try:
                WebDriverWait(browser, 60).until(lambda b: fragment in b.current_url)
            except TimeoutException:
                sys.exit(f"expected a page with {fragment!r} in its address, still on {browser.current_url}: "
                         + browser.find_element(By.TAG_NAME, "main").text)

        def sign_in(name, one_time):
            browser.delete_all_cookies()
            browser.get(base + "/login")
            browser.find_element(By.NAME, "name").send_keys(name)
            browser.find_element(By.NAME, "password").send_keys(one_time)
            browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
            # The one-time password must be replaced.
            arrive("/password")
            own = "a sentence only I know " + name
            browser.find_element(By.NAME, "current").send_keys(one_time)
            browser.find_element(By.NAME, "password").send_keys(own)
            browser.find_element(By.NAME, "confirmation").send_keys(own)
            browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
            WebDriverWait(browser, 60).until(lambda b: "/password" not in b.current_url)

        def vcs_short():
            browser.get(base + "/")
            return int(browser.find_element(By.ID, "coverage-vcs-terminal").get_attribute("data-short"))

        sign_in("xa-test", officer_password)
        before = vcs_short()
        browser.get(f"{base}/communes/{commune}")
        browser.find_element(By.CSS_SELECTOR, "#item option[value='vcs-terminal']").click()
        browser.find_element(By.ID, "working").clear()
        browser.find_element(By.ID, "working").send_keys("1")
        # The item's attributes are fields of their type: a checkbox for "meets the online-meeting requirements".
        box = browser.find_element(By.ID, "attr-vcs-terminal-meets_hnth")
        assert box.is_displayed(), "the chosen item's attributes are shown"
        assert not browser.find_element(By.ID, "attr-data-network-link-bandwidth_mbps").is_displayed(), \
            "another item's attributes are hidden"
        if not box.is_selected():
            box.click()
        browser.find_element(By.ID, "note").send_keys("bàn giao theo biên bản")
        # The photo of the handover minutes goes with the record, in the same form.
        photo = os.path.join(work, "bien-ban-ban-giao.png")
        with open(photo, "wb") as f:
            f.write(png_bytes())
        browser.find_element(By.ID, "record-evidence").send_keys(photo)
        browser.find_element(By.ID, "record-button").click()
        arrive("done=recorded-with-evidence")
        assert len(browser.find_elements(By.CSS_SELECTOR, "a.evidence")) == 1, "the photo is listed with its event"
        # One more file, attached to the same event later.
        browser.find_element(By.ID, "evidence-file").send_keys(photo)
        browser.find_element(By.ID, "attach-button").click()
        arrive("done=attached")
        assert len(browser.find_elements(By.CSS_SELECTOR, "a.evidence")) == 2, "both files are listed with the event"
        assert not browser.find_elements(By.CSS_SELECTOR, "nav a[href='/plan']"), "a commune officer has no plan page"

        # The officer downloads the commune's template from the import page, fills it in a spreadsheet
        # program's way (openpyxl), uploads it and confirms.
        browser.get(base + "/import")
        href = browser.find_element(By.ID, "template-filled").get_attribute("href")
        cookies = "; ".join(f"{c['name']}={c['value']}" for c in browser.get_cookies())
        with urllib.request.urlopen(urllib.request.Request(href, headers={"Cookie": cookies})) as response:
            template = os.path.join(work, "template.xlsx")
            with open(template, "wb") as f:
                f.write(response.read())
        book = openpyxl.load_workbook(template)
        sheet = book[book.sheetnames[0]]
        header = next(r for r in range(1, 20) if sheet.cell(r, 1).value and "item" in str(sheet.cell(r, 1).value).lower())
        row = next(r for r in range(header + 1, sheet.max_row + 1) if sheet.cell(r, 1).value == "photocopier")
        sheet.cell(row, 4).value = 2
        filled = os.path.join(work, "filled.xlsx")
        book.save(filled)
        browser.find_element(By.ID, "file").send_keys(filled)
        browser.find_element(By.CSS_SELECTOR, "main form[action='/import'] button[type=submit]").click()
        WebDriverWait(browser, 60).until(lambda b: b.find_elements(By.CSS_SELECTOR, "form[action='/import/confirm'] button"))
        browser.find_element(By.CSS_SELECTOR, "form[action='/import/confirm'] button").click()
        arrive("/import?done=")
        assert "filled.xlsx" in browser.page_source, "the import's result names the file it imported"
        browser.get(f"{base}/communes/{commune}")
        browser.find_element(By.ID, "submit-review").click()
        arrive("done=reviewed")

        def screenshots(pages):
            """Each page at 360 and 1280 px wide, as tall as the page (at most 4000 px)."""
            if not options.screenshots:
                return
            os.makedirs(options.screenshots, exist_ok=True)
            for width in (360, 1280):
                for name, path in pages.items():
                    browser.set_window_size(width, 1000)
                    browser.get(base + path)
                    height = browser.execute_script("return document.documentElement.scrollHeight")
                    browser.set_window_size(width, min(max(height, 600), 4000))
                    browser.save_screenshot(os.path.join(options.screenshots, f"{name}-{width}.png"))
            browser.set_window_size(1280, 1000)

        screenshots({"commune-officer": f"/communes/{commune}"})

        sign_in("tinh-test", staff_password)
        # Staff find the commune by typing its name without diacritics, and open it from the review queue.
        browser.get(base + "/communes")
        typed = unicodedata.normalize("NFD", commune_name.replace("đ", "d").replace("Đ", "D")).encode("ascii", "ignore").decode()
        typed = typed.lower().split(" ", 1)[1] if typed.lower().startswith(("xa ", "phuong ")) else typed.lower()
        browser.find_element(By.ID, "commune-search").send_keys(typed)
        entry = browser.find_element(By.CSS_SELECTOR, f"#queue-submitted li[data-code='{commune}']")
        assert entry.is_displayed(), f"typing {typed!r} finds {commune_name}"
        hidden = [li for li in browser.find_elements(By.CSS_SELECTOR, "li[data-code]") if not li.is_displayed()]
        assert len(hidden) > 80, f"typing {typed!r} narrows the list ({len(hidden)} hidden)"
        entry.find_element(By.TAG_NAME, "a").click()
        arrive(f"/communes/{commune}")
        browser.find_element(By.ID, "approve").click()
        arrive("done=reviewed")
        after = vcs_short()
        assert after == before - 1, f"communes without a VCS terminal: {before} before, {after} after"

        # A procurement plan of 2 billion đồng, from the form.
        browser.get(base + "/plan")
        browser.find_element(By.ID, "budget").send_keys("2e9")
        browser.find_element(By.ID, "plan-button").click()
        WebDriverWait(browser, 60).until(lambda b: b.find_elements(By.ID, "plan-total"))
        assert browser.find_elements(By.CSS_SELECTOR, "#plan-lines tbody tr"), "the plan lists its lines"
        assert browser.find_element(By.CSS_SELECTOR, "a[href*='/downloads/plan.xlsx']"), "the plan offers its .xlsx"

        screenshots({"dashboard": "/", "gaps": "/gaps?rule=vcs-terminal", "review": f"/communes/{commune}",
                     "plan": "/plan?budget=2e9&as-of=2025-09-15", "import": "/import", "audit": "/audit"})

        sign_in("admin-test", admin_password)
        browser.get(base + "/admin/users")
        assert "xa-test" in browser.find_element(By.TAG_NAME, "main").text, "the admin sees the accounts"
        screenshots({"users": "/admin/users"})

        # The admin adds three officers from a CSV and gets the printable sheet of their one-time passwords.
        codes = [c["code"] for c in vcs["communes"][:3]]
        officers_csv = os.path.join(work, "can-bo-xa.csv")
        with open(officers_csv, "w", encoding="utf-8") as f:
            f.write("Mã xã,Họ và tên,Điện thoại hoặc e-mail\n")
            for i, code in enumerate(codes):
                f.write(f"{code},Cán bộ số {i + 1},09123456{i:02d}\n")
        browser.get(base + "/admin/users")
        browser.find_element(By.ID, "file").send_keys(officers_csv)
        browser.find_element(By.ID, "add-many-button").click()
        WebDriverWait(browser, 60).until(lambda b: b.find_elements(By.CSS_SELECTOR, "table.passwords"))
        sheet = browser.find_elements(By.CSS_SELECTOR, "table.passwords tbody tr")
        assert len(sheet) == 3, f"the sheet lists the three accounts, not {len(sheet)}"
        issued = [(row.find_elements(By.TAG_NAME, "code")[0].text, row.find_element(By.CSS_SELECTOR, "code.otp").text) for row in sheet]
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        assert not browser.find_element(By.CSS_SELECTOR, "nav.nav").is_displayed(), "the printed sheet leaves the navigation out"
        assert browser.find_element(By.CSS_SELECTOR, "table.passwords").is_displayed(), "the printed sheet shows the passwords"
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        sign_in(*issued[0])
        print(f"browser test: 1 passed, 0 failed (communes without a VCS terminal: {before} -> {after})")
    finally:
        if browser is not None:
            browser.quit()
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
