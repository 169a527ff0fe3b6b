"""Browser stories (issue 13): what users do, through the pages, in Debian's Chromium.

Run by tests/smoke/production.sh after prod_smoke.py, against the same gunicorn and the seeded
demo; never collected by pytest. Playwright from PyPI drives /usr/bin/chromium; nothing is
downloaded. Each story fails the run (exit 1) with what it saw:

- (every demo role's home at desktop size and at 390×844 is prod_smoke.py's, which logs in
  each role anyway);
- an enterprise's new proposal refused for one bad field keeps everything else it typed, and
  the amounts typed with thousands separators;
- withdrawing that draft: the server refuses it until the consequence is confirmed;
- every irreversible action any role is offered on the cases it can open carries the
  confirmation box; the ordinary actions come before them;
- an enterprise opening another organisation's case gets the 404 page;
- the enterprise's proposal then goes on through the pages: submitted, returned with a reason
  that the case page shows at the top, resubmitted, taken to the identification council.

    python tests/smoke/browser_stories.py http://127.0.0.1:8000 ci-artifacts
"""

import argparse
import re
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright
from prod_smoke import CHROMIUM_ARGS, PASSWORD

# tasks_kh_cn/demo.py's people, and the identification council the story forms from them.
DEMO_NAMES = {"reviewer1": "PGS.TS. Nguyễn Văn Hải", "reviewer2": "TS. Lê Thị Hoa",
              "reviewer3": "TS. Phạm Văn Khôi", "reviewer4": "ThS. Đỗ Thị Lan",
              "reviewer5": "TS. Hoàng Văn Minh", "reviewer6": "PGS.TS. Vũ Thị Nga",
              "secretary1": "Nguyễn Thị Thu"}
COUNCIL = [("reviewer1", "chair"), ("secretary1", "secretary"), ("reviewer2", "reviewer"),
           ("reviewer3", "reviewer"), ("reviewer4", "member"), ("reviewer5", "member"),
           ("reviewer6", "member")]
OFFICERS = {"officer1": "Hoàng Minh Tuấn", "officer2": "Đỗ Thị Hằng"}  # tasks_kh_cn/demo.py
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]"
       b"/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 72 72]>>endobj\n"
       b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
       b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n160\n%%EOF\n")


class Stories:
    def __init__(self, browser, base: str, out: Path):
        self.browser = browser
        self.base = base.rstrip("/")
        self.out = out
        self.failures: list[str] = []

    def fail(self, message: str) -> None:
        self.failures.append(message)
        print(f"FAIL {message}", flush=True)

    def check(self, condition, message: str) -> bool:
        if not condition:
            self.fail(message)
        return bool(condition)

    def session(self, role: str, viewport=DESKTOP):
        context = self.browser.new_context(locale="vi-VN", viewport=viewport,
                                           extra_http_headers={"X-Forwarded-Proto": "https"})
        page = context.new_page()
        page.on("pageerror", lambda e: self.fail(f"{role}: script error on {page.url}: {e}"))
        page.goto(f"{self.base}/accounts/login/")
        page.fill("#id_username", role)
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        self.check("/accounts/login/" not in page.url, f"{role}: login failed")
        return context, page

    def post(self, page, selector: str):
        """Click a submit button and return the response of the page it leads to."""
        with page.expect_navigation() as navigation:
            page.click(selector)
        return navigation.value

    # --- stories ---------------------------------------------------------------------
    def new_proposal(self) -> str:
        """A refused proposal keeps what was typed; the fixed one is created. Returns its URL."""
        context, page = self.session("enterprise1")
        page.goto(f"{self.base}/cases/new/")
        typed = {"#id_title": "Ứng dụng IoT giám sát chuỗi lạnh (thử nghiệm trình duyệt)",
                 "#id_summary": "Mục tiêu: giảm 20% hao hụt.\nNội dung: cảm biến, phần mềm.",
                 "#id_requested_budget": "1.200.000.000", "#id_co_funding": "mười triệu"}
        for selector, value in typed.items():
            page.fill(selector, value)
        response = self.post(page, "main form button[type=submit]")
        self.check(response.status == 400, f"new proposal with a bad amount: {response.status}")
        for selector, value in typed.items():
            kept = page.input_value(selector)
            self.check(kept == value, f"new proposal lost {selector}: {kept!r} for {value!r}")
        self.check(page.locator("#id_co_funding ~ .errorlist, .has-error .errorlist").count(),
                   "new proposal: no field error beside the bad amount")
        page.screenshot(path=str(self.out / "story-validation-error.png"), full_page=True)
        page.fill("#id_co_funding", "300.000.000")
        response = self.post(page, "main form button[type=submit]")
        self.check(re.search(r"/cases/\d+/$", page.url), f"proposal not created: {page.url}")
        self.check("1.200.000.000" in page.content(), "the budget is not shown with separators")
        url = page.url
        context.close()
        return url

    def confirmation_guards_withdrawal(self) -> None:
        context, page = self.session("enterprise1")
        page.goto(f"{self.base}/cases/new/")
        page.fill("#id_title", "Đề xuất sẽ rút (thử nghiệm trình duyệt)")
        self.post(page, "main form button[type=submit]")
        zone = page.locator("#danger-zone")
        last = page.evaluate("() => document.querySelector('#actions > :last-child')?.id")
        self.check(last == "danger-zone", f"draft: the danger zone is not last ({last})")
        zone.locator("summary", has_text="Rút hồ sơ").click()
        form = zone.locator("form").first
        form.locator("textarea").fill("Không còn vốn đối ứng")
        response = self.post(page, "#danger-zone form button.danger")
        self.check(response.status == 400, f"withdraw without confirming: {response.status}")
        self.check("Hãy đánh dấu xác nhận" in page.content(), "withdraw: no word on the box")
        self.check("Không còn vốn đối ứng" in page.content(), "withdraw: the reason was lost")
        page.screenshot(path=str(self.out / "story-confirmation.png"), full_page=True)
        page.locator("#danger-zone input[name=confirm]").first.check()
        self.post(page, "#danger-zone form button.danger")
        self.check("Đã rút" in page.locator(".heading").inner_text(), "withdraw did not happen")
        context.close()

    def every_irreversible_action_is_guarded(self) -> None:
        for role in ("enterprise1", "officer1", "approver1"):
            context, page = self.session(role)
            page.goto(f"{self.base}/cases/")
            links = page.eval_on_selector_all(
                "main a[href]", "els => els.map(e => e.href).filter(h => /\\/cases\\/\\d+\\/$/.test(h))")
            for url in list(dict.fromkeys(links))[:12]:
                page.goto(url)
                for form in page.locator("#danger-zone form").all():
                    self.check(form.locator("input[name=confirm]").count() == 1,
                               f"{role}: an irreversible action without confirmation on {url}")
                danger = page.locator("#danger-zone")
                if danger.count() and page.locator("#actions > details.action").count():
                    first = page.evaluate("""() => {
                        const all = [...document.querySelectorAll('#actions details.action')];
                        return all.length ? all[0].classList.contains('danger') : false; }""")
                    self.check(not first, f"{role}: an irreversible action comes first on {url}")
            context.close()

    def other_organisations_case_is_404(self) -> None:
        context, page = self.session("enterprise2")
        page.goto(f"{self.base}/cases/")
        theirs = set(page.eval_on_selector_all("main a[href]", "els => els.map(e => e.href)"))
        context.close()
        context, page = self.session("enterprise1")
        page.goto(f"{self.base}/cases/")
        mine = set(page.eval_on_selector_all("main a[href]", "els => els.map(e => e.href)"))
        foreign = sorted(u for u in theirs - mine if re.search(r"/cases/\d+/$", u))
        if self.check(foreign, "no case of another organisation to try"):
            response = page.goto(foreign[0])
            self.check(response.status == 404 and "Không tìm thấy" in page.content(),
                       f"another organisation's case answered {response.status}")
            page.screenshot(path=str(self.out / "story-404.png"), full_page=True)
        context.close()

    def proposal_through_the_pages(self, url: str) -> None:
        """Upload, submit; the officer returns it with a reason the host sees at the top;
        resubmitted; the officer sends it to the identification council."""
        context, page = self.session("enterprise1")
        page.goto(url)
        page.locator("#documents summary").click()
        page.select_option("#id_upload_kind", "proposal_form")
        page.set_input_files("#id_upload_file", files=[{
            "name": "phieu-de-xuat.pdf", "mimeType": "application/pdf", "buffer": PDF}])
        self.post(page, "#documents form button[type=submit]")
        self.act(page, "Nộp đề xuất")
        self.check("Đã nộp đề xuất" in page.locator(".heading").inner_text(), "not submitted")
        context.close()

        officer, page = self.session(self.officer_of(url))
        page.goto(url)
        if page.locator("form[action*='/claim/'] button").count():
            self.post(page, "form[action*='/claim/'] button")
        self.act(page, "Yêu cầu bổ sung đề xuất", comment="Bổ sung dự toán chi tiết")
        officer.close()

        context, page = self.session("enterprise1", PHONE)
        page.goto(url)
        banner = page.locator("#last-reason")
        self.check(banner.count() and "Bổ sung dự toán chi tiết" in banner.inner_text(),
                   "the reason of the return is not at the top of the case page")
        page.screenshot(path=str(self.out / "story-returned-phone.png"), full_page=True)
        self.act(page, "Nộp lại đề xuất")
        context.close()

        officer, page = self.session(self.officer_of(url))
        page.goto(url)
        self.act(page, "Đề xuất hợp lệ, đưa ra hội đồng xác định")
        self.check(page.locator("#council-hint a[href='#councils']").count(),
                   "at the council's step the panel does not point to the council")
        self.check(page.locator("svg.fsm").count(), "no state machine picture")
        page.screenshot(path=str(self.out / "story-council-step.png"), full_page=True)
        officer.close()

    def identification_council_through_the_pages(self, url: str) -> None:
        """The officer forms the council on the case page; each member declares and votes on
        the council page; the secretary closes the round; the approver's button says what the
        decision does, and the case is listed."""
        officer, page = self.session(self.officer_of(url))
        page.goto(url)
        form = page.locator("#council-form")
        if form.get_attribute("open") is None:
            form.locator("summary").click()
        page.fill("#id_council_number", "99/QĐ-SKHCN")
        for i, (login, role) in enumerate(COUNCIL):
            page.select_option(f"#id_council_user_{i}", label=DEMO_NAMES[login])
            page.select_option(f"#id_council_role_{i}", role)
        self.post(page, "#council-form button[type=submit]")
        council = page.url  # forming it leads to the council's page
        officer.close()
        if not self.check(re.search(r"/councils/\d+/$", council), f"no council formed: {council}"):
            return
        for login, _role in COUNCIL:
            member, page = self.session(login)
            page.goto(council)
            page.check("#my-conflict input[type=radio][value=no]")
            self.post(page, "#my-conflict button[type=submit]")
            for fieldset in page.locator(".ballot-form fieldset.criterion").all():
                fieldset.locator("input[type=radio]").first.check()
            self.post(page, ".ballot-form button[value=submit]")
            self.check("Đã nộp phiếu" in page.content(), f"{login}: ballot not submitted")
            if login == "secretary1":
                secretary_page = page
                secretary = member
            else:
                member.close()
        secretary_page.goto(council)
        self.post(secretary_page, "form[action$='/close/'] button[type=submit]")
        secretary.close()
        approver, page = self.session("approver1")
        page.goto(council)
        button = page.locator("#decide-button")
        self.check(button.count() and "Phê duyệt vào danh mục đặt hàng" in button.inner_text(),
                   "the decider's button does not say what it does")
        page.fill("#id_decide_decision_number", "100/QĐ-UBND")
        page.fill("#id_decide_decision_date", time.strftime("%Y-%m-%d"))
        page.screenshot(path=str(self.out / "story-decide.png"), full_page=True)
        self.post(page, "#decide-button")
        page.goto(url)
        self.check("Trong danh mục đặt hàng" in page.locator(".heading").inner_text(),
                   "the case is not listed after the council's decision")
        page.screenshot(path=str(self.out / "story-listed.png"), full_page=True)
        approver.close()

    def officer_of(self, url: str) -> str:
        """The demo officer the case was given to on submission (the least loaded)."""
        context, page = self.session("lead1")
        page.goto(url)
        handling = page.locator("dl.fields").inner_text()
        context.close()
        return next((login for login, name in OFFICERS.items() if name in handling), "officer1")

    def act(self, page, label: str, comment: str | None = None) -> None:
        action = page.locator("#actions details.action", has=page.locator("summary", has_text=label))
        if not self.check(action.count(), f"no action {label!r} on {page.url}"):
            return
        action = action.first
        if action.get_attribute("open") is None:
            action.locator("summary").click()
        if comment is not None:
            action.locator("textarea").first.fill(comment)
        with page.expect_navigation() as navigation:
            action.locator("button[type=submit]").click()
        self.check(navigation.value.status == 200, f"{label}: {navigation.value.status}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base")
    parser.add_argument("out", type=Path)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, headless=True,
                                             args=CHROMIUM_ARGS)
        stories = Stories(browser, args.base, args.out)
        try:
            for story in (stories.confirmation_guards_withdrawal,
                          stories.every_irreversible_action_is_guarded,
                          stories.other_organisations_case_is_404):
                print(f"story: {story.__name__}", flush=True)
                try:
                    story()
                except Exception as error:  # noqa: BLE001 - any error fails the run, with its cause
                    stories.fail(f"{story.__name__}: {type(error).__name__}: {error}")
            print("story: new_proposal, proposal_through_the_pages", flush=True)
            try:
                url = stories.new_proposal()
                stories.proposal_through_the_pages(url)
                print("story: identification_council_through_the_pages", flush=True)
                stories.identification_council_through_the_pages(url)
            except Exception as error:  # noqa: BLE001
                stories.fail(f"proposal story: {type(error).__name__}: {error}")
        finally:
            browser.close()
    print(f"browser stories: {len(stories.failures)} failures, "
          f"{time.monotonic() - started:.0f}s", flush=True)
    return 1 if stories.failures else 0


if __name__ == "__main__":
    sys.exit(main())
