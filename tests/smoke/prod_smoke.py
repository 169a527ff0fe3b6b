"""The production smoke: each demo role in a real browser against gunicorn.

Run by tests/smoke/production.sh (CI's last step), never collected by pytest. Debian's
Chromium (/usr/bin/chromium) driven by Playwright from PyPI; nothing is downloaded. For each
demo role: log in through the login page, take a full-page screenshot of the home page (at
desktop size and on a 390×844 phone, where nothing may be wider than the screen), then
follow every same-origin link that page shows. Fails (exit 1) on any 5xx (a page or any asset
it loads), a Content-Security-Policy violation, an uncaught script error, a failed login,
or a missing page that is not the Vietnamese 404 page.

    python tests/smoke/prod_smoke.py http://127.0.0.1:8000 ci-artifacts
"""

import argparse
import sys
import time
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

ROLES = ["enterprise1", "reviewer1", "secretary1", "officer1", "lead1", "approver1", "finance1",
         "admin"]
PASSWORD = "demo12345"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
MAX_LINKS_PER_ROLE = 80  # bounds the run; the demo dashboards show fewer


class Smoke:
    def __init__(self, base: str, out: Path):
        self.base = base.rstrip("/")
        self.origin = urlsplit(self.base).netloc
        self.out = out
        self.failures: list[str] = []
        self.pages = 0

    def fail(self, message: str) -> None:
        self.failures.append(message)
        print(f"FAIL {message}", flush=True)

    def watch(self, page, role: str) -> None:
        """Every response, console message and script error of the page is checked."""
        page.on("response", lambda r: r.status >= 500 and self.fail(f"{role}: {r.status} {r.url}"))
        page.on("pageerror", lambda e: self.fail(f"{role}: script error on {page.url}: {e}"))

        def console(message):
            text = message.text
            if "Content Security Policy" in text or "Content-Security-Policy" in text:
                self.fail(f"{role}: CSP violation on {page.url}: {text}")
            elif message.type == "error":
                print(f"  console error ({role}) on {page.url}: {text}", flush=True)
        page.on("console", console)

    def same_origin_links(self, page) -> list[str]:
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        links = []
        for href in hrefs:
            url = urldefrag(href).url
            if urlsplit(url).netloc == self.origin and url not in links:
                links.append(url)
        return links

    def log_in(self, page, role: str) -> bool:
        page.goto(f"{self.base}/accounts/login/")
        page.fill("#id_username", role)
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        if "/accounts/login/" in page.url or not page.query_selector("form.logout"):
            self.fail(f"{role}: login failed, still on {page.url}")
            return False
        return True

    def visit(self, context, page, role: str, url: str) -> None:
        try:
            response = page.goto(url)
            status = response.status if response else 0
        except PlaywrightError as error:
            if "Download is starting" not in str(error):
                raise
            # A file (a dossier document, the minutes): the browser hands it to the download
            # manager, so ask with the context's cookies instead.
            answer = context.request.get(url)
            status = answer.status
            answer.dispose()
            if status >= 500:
                self.fail(f"{role}: {status} {url}")
        self.pages += 1
        print(f"  {status} {url}", flush=True)

    def role(self, browser, role: str) -> None:
        started = time.monotonic()
        # Behind nginx the app sees X-Forwarded-Proto: https, so its Secure cookies work.
        context = browser.new_context(locale="vi-VN", viewport=DESKTOP,
                                      extra_http_headers={"X-Forwarded-Proto": "https"})
        page = context.new_page()
        self.watch(page, role)
        try:
            if not self.log_in(page, role):
                return
            home = page.url
            page.screenshot(path=str(self.out / f"{role}-home.png"), full_page=True)
            self.phone(page, role)
            links = self.same_origin_links(page)
            print(f"{role}: {len(links)} links on {home}", flush=True)
            for url in links[:MAX_LINKS_PER_ROLE]:
                self.visit(context, page, role, url)
            if role == "admin":
                # The admin must work under the CSP too: every page its index links to.
                page.goto(f"{self.base}/admin/")
                admin_links = [u for u in self.same_origin_links(page) if u not in links]
                print(f"{role}: {len(admin_links)} links on /admin/", flush=True)
                first_rows = []
                for url in admin_links[:MAX_LINKS_PER_ROLE]:
                    self.visit(context, page, role, url)
                    row = page.query_selector("#result_list tbody th a[href]")
                    if row:  # a change list: its first object's change form too
                        first_rows.append(urldefrag(row.evaluate("a => a.href")).url)
                for url in first_rows:
                    self.visit(context, page, role, url)
            page.goto(home)
        except Exception as error:  # noqa: BLE001 - any error fails the smoke, with its cause
            self.fail(f"{role}: {type(error).__name__}: {error}")
        finally:
            context.close()
            print(f"{role}: done in {time.monotonic() - started:.1f}s", flush=True)

    def phone(self, page, role: str) -> None:
        """The home page on a phone (390×844): screenshot, and nothing wider than the screen."""
        page.set_viewport_size(PHONE)
        page.reload()
        page.screenshot(path=str(self.out / f"{role}-home-phone.png"), full_page=True)
        wide = page.evaluate("() => document.documentElement.scrollWidth")
        if wide > PHONE["width"] + 1:
            self.fail(f"{role}: the home page is {wide}px wide on a phone")
        page.set_viewport_size(DESKTOP)

    def csp_canary(self, browser) -> None:
        """The detector itself is tested: an inline script injected into a real page must be
        refused by the browser and reported on the console, or the smoke proves nothing."""
        context = browser.new_context(extra_http_headers={"X-Forwarded-Proto": "https"})
        page = context.new_page()
        reports = []
        page.on("console", lambda m: "Content Security Policy" in m.text and reports.append(m.text))
        page.goto(f"{self.base}/accounts/login/")
        page.evaluate("""() => { const s = document.createElement("script");
            s.textContent = "window.cspCanary = 1"; document.head.appendChild(s); }""")
        page.wait_for_timeout(300)
        ran = page.evaluate("() => window.cspCanary === 1")
        context.close()
        if ran or not reports:
            self.fail(f"CSP canary: inline script ran={ran}, reported={bool(reports)}")

    def anonymous(self, browser) -> None:
        context = browser.new_context(locale="vi-VN",
                                      extra_http_headers={"X-Forwarded-Proto": "https"})
        page = context.new_page()
        self.watch(page, "anonymous")
        try:
            response = page.goto(f"{self.base}/khong-co-trang-nay/")
            if response.status != 404 or "Không tìm thấy trang" not in page.content():
                self.fail(f"missing page: {response.status}, not the Vietnamese 404 page")
            page.screenshot(path=str(self.out / "404.png"), full_page=True)
            # Swagger UI from the project's own static files, under the CSP.
            page.goto(f"{self.base}/api/docs/")
            page.wait_for_selector(".swagger-ui .info .title", timeout=20_000)
            page.screenshot(path=str(self.out / "api-docs.png"))
            self.pages += 2
        except Exception as error:  # noqa: BLE001
            self.fail(f"anonymous: {type(error).__name__}: {error}")
        finally:
            context.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="e.g. http://127.0.0.1:8000")
    parser.add_argument("out", type=Path, help="folder for the screenshots")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    smoke = Smoke(args.base, args.out)
    started = time.monotonic()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            smoke.csp_canary(browser)
            smoke.anonymous(browser)
            for role in ROLES:
                smoke.role(browser, role)
        finally:
            browser.close()
    print(f"smoke: {len(ROLES)} roles, {smoke.pages} pages, {len(smoke.failures)} failures, "
          f"{time.monotonic() - started:.0f}s", flush=True)
    return 1 if smoke.failures else 0


if __name__ == "__main__":
    sys.exit(main())
