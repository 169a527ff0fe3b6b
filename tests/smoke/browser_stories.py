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
  that the case page shows at the top, resubmitted, taken to the identification council;
- and on to `completed`, each step by the role that owns it: the registration dossier, the
  selection council, finance's budget appraisal, approval, the contract sent, both signed
  scans uploaded on the funding page, an advance requested, checked, paid and accounted for,
  the acceptance dossier and council (nine seats), the results registered, recognition,
  settlement, the liquidation minutes signed by both sides, liquidation; the history names
  every actor by full name. (No periodic report is due: implementation starts today.)

``--listed URL [--from-acceptance]`` takes one listed (or acceptance-council) case from there
to completion alone, to rerun that part against a copy of the database.

    python tests/smoke/browser_stories.py http://127.0.0.1:8000 ci-artifacts
"""

import argparse
import datetime
import re
import sys
import time
import zoneinfo
from pathlib import Path

from playwright.sync_api import sync_playwright
from prod_smoke import CHROMIUM_ARGS, PASSWORD

# The product's calendar (settings.TIME_ZONE): from 17:00 UTC the machine's date is already
# yesterday there, and a payment dated "today" by the machine would be before its request.
PRODUCT_TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def product_today() -> str:
    return datetime.datetime.now(PRODUCT_TZ).strftime("%Y-%m-%d")

# tasks_kh_cn/demo.py's people, and the identification council the story forms from them.
DEMO_NAMES = {"reviewer1": "PGS.TS. Nguyễn Văn Hải", "reviewer2": "TS. Lê Thị Hoa",
              "reviewer3": "TS. Phạm Văn Khôi", "reviewer4": "ThS. Đỗ Thị Lan",
              "reviewer5": "TS. Hoàng Văn Minh", "reviewer6": "PGS.TS. Vũ Thị Nga",
              "reviewer7": "TS. Bùi Văn Phúc", "reviewer8": "ThS. Mai Thị Quyên",
              "secretary1": "Nguyễn Thị Thu"}
COUNCIL = [("reviewer1", "chair"), ("secretary1", "secretary"), ("reviewer2", "reviewer"),
           ("reviewer3", "reviewer"), ("reviewer4", "member"), ("reviewer5", "member"),
           ("reviewer6", "member")]
# The acceptance council has nine seats (its kind's rule row): two more members.
ACCEPTANCE_COUNCIL = [*COUNCIL, ("reviewer7", "member"), ("reviewer8", "member")]
OFFICERS = {"officer1": "Hoàng Minh Tuấn", "officer2": "Đỗ Thị Hằng"}  # tasks_kh_cn/demo.py
PEOPLE = {"enterprise1": "Lê Văn An", "approver1": "Lê Quang Vinh", "finance1": "Phạm Thị Xuân"}
# The registration and acceptance dossiers the demo rule set requires (RequiredDocument rows).
APPRAISAL_DOCUMENTS = ("application", "technical_proposal", "budget_estimate",
                       "organisation_profile", "leader_cv", "legal_status")
ACCEPTANCE_DOCUMENTS = ("acceptance_request", "final_report", "summary_report",
                        "product_report", "self_evaluation", "funds_report")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# On a phone: (cells of stacked tables beyond their card's right edge, the first three visible
# figure cells (td.num) of a stacked table without their column's name). A table stacks when
# its cells carry data-label (app.css).
STACKED_TABLES = """() => {
  let out = 0; const bare = [];
  for (const table of document.querySelectorAll('table.cases')) {
    if (!table.querySelector('td[data-label]')) continue;
    const edge = (table.closest('.card') || document.body).getBoundingClientRect().right;
    for (const cell of table.querySelectorAll('td, th')) {
      if (!cell.offsetParent) continue;
      if (cell.getBoundingClientRect().right > edge + 1) out += 1;
      if (cell.tagName === 'TD' && cell.classList.contains('num') && !cell.dataset.label
          && bare.length < 3)
        bare.push(cell.textContent.trim().slice(0, 40));
    }
  }
  return [out, bare];
}"""
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
        self.logged_in: dict[str, dict] = {}  # role → the cookies of its first login
        self.officers: dict[str, str] = {}  # case URL → the login of its officer

    def fail(self, message: str) -> None:
        self.failures.append(message)
        print(f"FAIL {message}", flush=True)

    def check(self, condition, message: str) -> bool:
        if not condition:
            self.fail(message)
        return bool(condition)

    def session(self, role: str, viewport=DESKTOP):
        """A fresh browser context logged in as ``role``: through the login page the first
        time, then with the cookies that login left (a story changes hands ~60 times)."""
        context = self.browser.new_context(locale="vi-VN", viewport=viewport,
                                           extra_http_headers={"X-Forwarded-Proto": "https"},
                                           storage_state=self.logged_in.get(role))
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.on("pageerror", lambda e: self.fail(f"{role}: script error on {page.url}: {e}"))
        if role in self.logged_in:
            return context, page
        page.goto(f"{self.base}/accounts/login/")
        page.fill("#id_username", role)
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        if self.check("/accounts/login/" not in page.url, f"{role}: login failed"):
            self.logged_in[role] = context.storage_state()
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

    def language_keeps_the_address(self) -> None:
        """Filtered by htmx, the list keeps its filters when the language changes; a refused
        form's page (a POST address) changes language back to the page of the form."""
        context, page = self.session("officer1")
        page.goto(f"{self.base}/cases/")
        self.header_counts_are_readable(page)
        page.select_option("#id_kind", "pilot_model")
        page.wait_for_url(re.compile(r"kind=pilot_model"))
        with page.expect_navigation():
            page.select_option("form.lang select[name=language]", "en")
        self.check("kind=pilot_model" in page.url and page.locator("html[lang=en]").count(),
                   f"changing language lost the list's filters: {page.url}")
        with page.expect_navigation():
            page.select_option("form.lang select[name=language]", "vi")
        context.close()
        context, page = self.session("enterprise1")
        page.goto(f"{self.base}/cases/new/")
        page.fill("#id_title", "Đổi ngôn ngữ sau khi bị từ chối (thử nghiệm trình duyệt)")
        self.post(page, "main form button[type=submit]")
        case_url = page.url
        page.locator("#danger-zone summary").first.click()
        response = self.post(page, "#danger-zone form button.danger")  # the box not ticked
        self.check(response.status == 400, f"withdraw without confirming: {response.status}")
        with page.expect_navigation() as navigation:
            page.select_option("form.lang select[name=language]", "en")
        self.check(navigation.value.status == 200 and page.url == case_url,
                   f"changing language on a refused form's page led to {page.url} "
                   f"({navigation.value.status}), not back to {case_url}")
        with page.expect_navigation():
            page.select_option("form.lang select[name=language]", "vi")
        context.close()

    def header_counts_are_readable(self, page) -> None:
        """The unread notices' count in the header (white on a pale pill, once): its text
        and background contrast at least 4.5:1 (WCAG AA)."""
        badge = page.locator(".notices-link .badge")
        if not badge.count():
            # No unread notice yet (the smoke starts no worker to fan them out): the count is
            # drawn by the page's own stylesheet on a stand-in element in the header's link.
            page.evaluate("""() => { const b = document.createElement("span");
                b.className = "badge"; b.textContent = "3";
                document.querySelector(".notices-link").appendChild(b); }""")
        ratio = badge.first.evaluate("""el => {
            const lum = c => { const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(v => {
                v = v / 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
            const style = getComputedStyle(el);
            const [a, b] = [lum(style.color), lum(style.backgroundColor)].sort((x, y) => y - x);
            return (a + 0.05) / (b + 0.05); }""")
        self.check(ratio >= 4.5, f"the header's unread count contrasts {ratio:.1f}:1 only")

    def case_pages_fit_a_phone(self) -> None:
        """Every case page a host or an officer lists is no wider than a 390 px phone (the
        support items' table once made three of them 477 px wide)."""
        for role in ("enterprise2", "officer1"):
            context, page = self.session(role, viewport=PHONE)
            page.goto(f"{self.base}/cases/")
            # The list's filters once pushed its results 1,130 px down a 844 px screen.
            top = page.evaluate("() => document.querySelector('#case-results')"
                                ".getBoundingClientRect().top + window.scrollY")
            self.check(top < PHONE["height"],
                       f"{role}: the list's results start {top:.0f}px down a phone's screen")
            links = page.eval_on_selector_all(
                "main a[href]", "els => els.map(e => e.href).filter(h => /\\/cases\\/\\d+\\/$/.test(h))")
            self.check(links, f"{role}: no case in the list to open on a phone")
            urls = list(dict.fromkeys(links))[:15]
            if role == "officer1":
                urls += [f"{self.base}/plan/statistics/", f"{self.base}/plan/report/"]
            for url in urls:
                page.goto(url)
                wide = page.evaluate("() => document.documentElement.scrollWidth")
                self.check(wide <= PHONE["width"] + 1, f"{role}: {url} is {wide}px wide on a phone")
                # A table that stacks on a phone stays inside its card (the support items
                # stuck out by 7 px), and each of its figures says its column.
                out, bare = page.evaluate(STACKED_TABLES)
                self.check(not out, f"{role}: {url}: {out} stacked cells stick out of their card")
                self.check(not bare, f"{role}: {url}: stacked figures without their column: {bare}")
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
        council = self.council_through_the_pages(url, "99/QĐ-SKHCN")
        if council is None:
            return
        approver, page = self.session("approver1")
        page.goto(council)
        button = page.locator("#decide-button")
        self.check(button.count() and "Phê duyệt vào danh mục đặt hàng" in button.inner_text(),
                   "the decider's button does not say what it does")
        page.fill("#id_decide_decision_number", "100/QĐ-UBND")
        page.fill("#id_decide_decision_date", product_today())
        response = self.post(page, "#decide-button")  # the box unticked
        self.check(response.status == 400 and page.locator("#decide .has-error").count()
                   and page.input_value("#id_decide_decision_number") == "100/QĐ-UBND",
                   "the council's decision was taken without its confirmation")
        page.check("#id_decide_confirm")
        page.screenshot(path=str(self.out / "story-decide.png"), full_page=True)
        self.post(page, "#decide-button")
        page.goto(url)
        self.check("Trong danh mục đặt hàng" in page.locator(".heading").inner_text(),
                   "the case is not listed after the council's decision")
        page.screenshot(path=str(self.out / "story-listed.png"), full_page=True)
        approver.close()

    def council_through_the_pages(self, url: str, number: str, seats=COUNCIL) -> str | None:
        """The officer forms the case's next council on the case page (the full names offered
        in the seats); each member declares no conflict and submits a ballot on the council
        page; the secretary closes the round. Returns the council page's URL."""
        officer, page = self.session(self.officer_of(url))
        page.goto(url)
        form = page.locator("#council-form")
        if not self.check(form.count(), f"no council form on {url} ({self.status(page)})"):
            officer.close()
            return None
        if form.get_attribute("open") is None:
            form.locator("summary").click()
        page.fill("#id_council_number", number)
        for i, (login, role) in enumerate(seats):
            page.select_option(f"#id_council_user_{i}", label=DEMO_NAMES[login])
            page.select_option(f"#id_council_role_{i}", role)
        self.post(page, "#council-form button[type=submit]")
        council = page.url  # forming it leads to the council's page
        if not self.check(re.search(r"/councils/\d+/$", council),
                          f"council {number} not formed: {self.errors(page)}"):
            page.screenshot(path=str(self.out / "story-council-refused.png"), full_page=True)
            officer.close()
            return None
        officer.close()
        secretary = None
        for login, _role in seats:
            member, page = self.session(login)
            page.goto(council)
            page.check("#my-conflict input[type=radio][value=no]")
            self.post(page, "#my-conflict button[type=submit]")
            for fieldset in page.locator(".ballot-form fieldset.criterion").all():
                radios = fieldset.locator("input[type=radio]")
                if radios.count():
                    radios.first.check()  # the best mark: "Đạt", "Xuất sắc"
                    continue
                number_input = fieldset.locator("input[type=number], input[type=text]").first
                number_input.fill(number_input.get_attribute("data-max") or "5")
            response = self.post(page, ".ballot-form button[value=submit]")  # box not ticked
            self.check(response.status == 400 and "Hãy đánh dấu xác nhận" in page.content(),
                       f"{login}: a ballot was submitted without its confirmation")
            page.check(".ballot-form input[name$='-confirm']")
            self.post(page, ".ballot-form button[value=submit]")
            self.check("Đã nộp phiếu" in page.content(),
                       f"{login}: ballot not submitted on {council}: {self.errors(page)}")
            if login == "secretary1":
                secretary = (member, page)
            else:
                member.close()
        member, page = secretary
        page.goto(council)
        names = page.locator("#round").inner_text()
        self.check(all(DEMO_NAMES[login] in names for login, _ in seats),
                   "the round does not name every member")
        response = self.post(page, "form[action$='/close/'] button[type=submit]")  # unticked
        self.check(response.status == 400 and "hãy đánh dấu xác nhận" in page.content(),
                   f"the round of {council} closed without its confirmation")
        page.check("form[action$='/close/'] input[name=confirm]")
        self.post(page, "form[action$='/close/'] button[type=submit]")
        member.close()
        return council

    def decide_on_council_page(self, council: str, label: str, fields: dict) -> None:
        approver, page = self.session("approver1")
        page.goto(council)
        button = page.locator("#decide-button")
        if self.check(button.count() and label in button.inner_text(),
                      f"the decider's button on {council} is not {label!r}"):
            self.fill(page.locator("#decide form"), fields)
            page.check("#id_decide_confirm")
            self.post(page, "#decide-button")
            self.check(not page.locator("#decide .errorlist").count(),
                       f"{label}: {self.errors(page)}")
        approver.close()

    def to_completion(self, url: str) -> None:
        """From the listing to `completed`, each step by the role that owns it, on its page."""
        today = product_today()
        # The host's registration dossier (TT 20/2023): every document the rules require.
        context, page = self.session("enterprise1")
        page.goto(url)
        for kind in APPRAISAL_DOCUMENTS:
            self.upload(page, kind)
        self.act(page, "Nộp hồ sơ đăng ký")
        context.close()
        self.as_role(self.officer_of(url), url, "Mở hồ sơ, đưa ra hội đồng tuyển chọn")
        council = self.council_through_the_pages(url, "101/QĐ-SKHCN")
        if council is None:
            return
        self.decide_on_council_page(council, "Chấp nhận kết quả tuyển chọn",
                                    {"comment": "Chọn tổ chức chủ trì theo kết quả hội đồng"})
        self.as_role("enterprise1", url, "Nộp thuyết minh hoàn thiện")
        self.as_role("finance1", url, "Hoàn thành thẩm định kinh phí",
                     {"appraised_budget": "1.000.000.000"})
        self.as_role("approver1", url, "Phê duyệt nhiệm vụ", {
            "approved_budget": "1.000.000.000", "lump_sum_mode": "final_product",
            "duration_months": "12"})
        self.as_role(self.officer_of(url), url, "Gửi hợp đồng để ký",
                     {"first_advance": "500.000.000"})
        funding = url + "funding/"
        # Both signed scans on the funding page: the host's, then the department's.
        for role, transition, fields in (
                ("enterprise1", "Ký hợp đồng", None),
                ("approver1", "Ký hợp đồng (bên giao)", {"start_date": today})):
            context, page = self.session(role)
            page.goto(funding)
            self.sign_first(page, "Hợp đồng", role)
            page.goto(url)
            self.act(page, transition, fields=fields)
            context.close()
        # An advance: requested by the host, checked and paid by finance, then accounted for.
        context, page = self.session("enterprise1")
        page.goto(funding)
        self.fill(page.locator("#request form"), {"amount": "500000000",
                                                  "note": "Tạm ứng đợt 1 theo hợp đồng"})
        self.post(page, "#request form button[type=submit]")
        self.check(not page.locator("#request .errorlist").count(),
                   f"advance request: {self.errors(page)}")
        context.close()
        context, page = self.session("finance1")
        page.goto(funding)
        self.post(page, "#tranches form[action*='/check/'] button")
        self.fill(page.locator("#tranches form[action*='/pay/']"),
                  {"paid_on": today, "reference": "UNC-0015"})
        page.check("#tranches form[action*='/pay/'] input[name$='-confirm']")
        self.post(page, "#tranches form[action*='/pay/'] button")
        self.check("500.000.000" in page.locator("#balance").inner_text(),
                   "the balance does not show the paid advance")
        advances = page.locator("#tranches").inner_text()
        self.check(PEOPLE["enterprise1"] in advances and PEOPLE["finance1"] in advances,
                   "the advance does not name who asked and who checked it")
        context.close()
        self.as_role("enterprise1", url, "Kết thúc thực hiện, chuẩn bị nghiệm thu")
        context, page = self.session("enterprise1")
        page.goto(funding)
        page.locator("#tranches details.action summary",
                     has_text="Thanh toán tạm ứng").first.click()
        form = page.locator("#tranches form[action*='/settle']").first
        self.fill(form, {"amount": "500000000", "description": "Chi thiết bị, công lao động"})
        form.locator("input[type=file]").set_input_files(files=[{
            "name": "chung-tu.pdf", "mimeType": "application/pdf", "buffer": PDF}])
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
        self.check(not page.locator("#tranches .errorlist").count(),
                   f"settlement: {self.errors(page)}")
        # The acceptance dossier.
        page.goto(url)
        for kind in ACCEPTANCE_DOCUMENTS:
            self.upload(page, kind)
        self.act(page, "Nộp hồ sơ nghiệm thu")
        context.close()
        context, page = self.session("finance1")
        page.goto(funding)
        self.post(page, "#tranches form[action*='/accept/'] button")
        context.close()
        self.as_role(self.officer_of(url), url, "Hồ sơ hợp lệ, đưa ra hội đồng nghiệm thu")
        self.acceptance_to_completion(url)

    def acceptance_to_completion(self, url: str) -> None:
        """The acceptance council, results registration, recognition, settlement and the
        liquidation minutes signed by both sides, to `completed`."""
        today = product_today()
        funding = url + "funding/"
        council = self.council_through_the_pages(url, "104/QĐ-SKHCN", ACCEPTANCE_COUNCIL)
        if council is None:
            return
        self.decide_on_council_page(council, "Ghi nhận kết quả nghiệm thu đạt",
                                    {"minutes_number": "05/BB-HĐNT"})
        self.as_role("enterprise1", url, "Nộp hồ sơ hoàn thiện sau nghiệm thu")
        # The results registered (NĐ 11/2014) on the funding page by the host.
        context, page = self.session("enterprise1")
        page.goto(funding)
        self.fill(page.locator("#closing form"), {"certificate_number": "12/2026/ĐKKQ",
                                                  "certificate_date": today})
        self.post(page, "#closing form button[type=submit]")
        context.close()
        self.as_role("approver1", url, "Công nhận kết quả")
        self.as_role("finance1", url, "Quyết toán kinh phí", {"settled_amount": "500.000.000"})
        for role in ("enterprise1", "approver1"):
            context, page = self.session(role)
            page.goto(funding)
            self.sign_first(page, "Biên bản thanh lý", role)
            context.close()
        officer, page = self.session(self.officer_of(url))
        page.goto(url)
        self.act(page, "Thanh lý hợp đồng")
        self.check("Hoàn thành" in page.locator(".heading").inner_text(),
                   f"the case is not completed: {self.status(page)}")
        # Every role that acted is named in the history by full name, never by login.
        history = page.locator("#history").inner_text()
        officer_name = OFFICERS[self.officer_of(url)]
        for name in (PEOPLE["enterprise1"], PEOPLE["approver1"], PEOPLE["finance1"],
                     officer_name):
            self.check(name in history, f"the history does not name {name}")
        self.check(not re.search(r"\b(enterprise|approver|finance|officer)\d\b", history),
                   "a login in the history")
        page.screenshot(path=str(self.out / "story-completed.png"), full_page=True)
        officer.close()

    def as_role(self, role: str, url: str, label: str, fields: dict | None = None) -> None:
        context, page = self.session(role)
        page.goto(url)
        if page.locator("form[action*='/claim/'] button").count():
            self.post(page, "form[action*='/claim/'] button")
        self.act(page, label, fields=fields)
        context.close()

    def upload(self, page, kind: str) -> None:
        upload = page.locator("#documents details").first
        if upload.get_attribute("open") is None:
            upload.locator("summary").click()
        page.select_option("#id_upload_kind", kind)
        page.set_input_files("#id_upload_file", files=[{
            "name": f"{kind}.pdf", "mimeType": "application/pdf", "buffer": PDF}])
        response = self.post(page, "#documents form button[type=submit]")
        self.check(response.status == 200, f"upload {kind}: {response.status} {self.errors(page)}")

    def sign_first(self, page, title: str, role: str) -> None:
        """Upload this side's signed scan of the latest issued document titled ``title``."""
        item = page.locator("#documents li", has_text=title).last
        if not self.check(item.count() and item.locator("details.action").count(),
                          f"{role}: nothing to sign for {title!r} on {page.url}"):
            return
        item.locator("details.action summary").click()
        item.locator("input[type=file]").set_input_files(files=[{
            "name": "ban-ky.pdf", "mimeType": "application/pdf", "buffer": PDF}])
        with page.expect_navigation():
            item.locator("button[type=submit]").click()
        self.check(not page.locator("#documents .errorlist").count(),
                   f"{role}: signing {title!r}: {self.errors(page)}")

    def fill(self, scope, fields: dict) -> None:
        """Fill the named fields (a form prefix before the name is allowed)."""
        for name, value in fields.items():
            field = scope.locator(f"[name={name}], [name$='-{name}']").first
            if not self.check(field.count(), f"no field {name!r} on {scope.page.url}"):
                continue
            if field.evaluate("e => e.tagName") == "SELECT":
                field.select_option(value)
            else:
                field.fill(value)

    def status(self, page) -> str:
        heading = page.locator(".heading")
        return heading.first.inner_text().replace("\n", " ") if heading.count() else page.url

    def errors(self, page) -> str:
        found = page.locator(".errorlist, .msg.error").all_inner_texts()
        return "; ".join(t.strip() for t in found if t.strip())[:400] or page.url

    def officer_of(self, url: str) -> str:
        """The demo officer the case was given to on submission (the least loaded)."""
        if url not in self.officers:
            context, page = self.session("lead1")
            page.goto(url)
            handling = page.locator("dl.fields").inner_text()
            context.close()
            found = next((login for login, name in OFFICERS.items() if name in handling), None)
            if found is None:
                return "officer1"
            self.officers[url] = found
        return self.officers[url]

    def act(self, page, label: str, comment: str | None = None,
            fields: dict | None = None) -> None:
        action = page.locator("#actions details.action", has=page.locator("summary", has_text=label))
        if not self.check(action.count(),
                          f"no action {label!r} on {page.url} ({self.status(page)}): "
                          f"{self.errors(page)}"):
            page.screenshot(path=str(self.out / "story-missing-action.png"), full_page=True)
            return
        action = action.first
        if action.get_attribute("open") is None:
            action.locator("summary").click()
        if comment is not None:
            action.locator("textarea").first.fill(comment)
        if fields:
            self.fill(action, fields)
        with page.expect_navigation() as navigation:
            action.locator("button[type=submit]").click()
        self.check(navigation.value.status == 200,
                   f"{label}: {navigation.value.status} {self.errors(page)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base")
    parser.add_argument("out", type=Path)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--listed", help="only take this listed case's URL to completion")
    parser.add_argument("--from-acceptance", action="store_true",
                        help="with --listed: the case is at its acceptance council already")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, headless=True,
                                             args=CHROMIUM_ARGS)
        stories = Stories(browser, args.base, args.out)
        try:
            if args.listed:
                try:
                    (stories.acceptance_to_completion if args.from_acceptance
                     else stories.to_completion)(args.listed)
                except Exception as error:  # noqa: BLE001
                    stories.fail(f"to_completion: {type(error).__name__}: {error}")
                return 1 if stories.failures else 0
            for story in (stories.confirmation_guards_withdrawal,
                          stories.every_irreversible_action_is_guarded,
                          stories.language_keeps_the_address,
                          stories.case_pages_fit_a_phone,
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
                print("story: to_completion", flush=True)
                stories.to_completion(url)
            except Exception as error:  # noqa: BLE001
                stories.fail(f"proposal story: {type(error).__name__}: {error}")
        finally:
            browser.close()
    print(f"browser stories: {len(stories.failures)} failures, "
          f"{time.monotonic() - started:.0f}s", flush=True)
    return 1 if stories.failures else 0


if __name__ == "__main__":
    sys.exit(main())
