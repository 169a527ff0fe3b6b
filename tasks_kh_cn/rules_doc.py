"""The whole rule set as Markdown (Vietnamese), generated from the data so it cannot drift.

``manage.py print_rules`` prints it and writes ``docs/rules.md``; a test fails when the file
differs from what the seeded data gives. Every row shows its version (effective date), its
legal text and article, and whether its figure is verified or a default assumption.
"""

import json

from django.utils import translation

from notifications.models import DeadlineRule

from .changes.models import ChangeRule
from .councils.models import CouncilRule, Criterion
from .models import RuleFigure, RuleSet
from .support.models import SupportPolicy

VERIFIED, ASSUMED = "đã kiểm chứng", "**giả định mặc định**"


def _flag(assumed: bool) -> str:
    return ASSUMED if assumed else VERIFIED


def _cell(value) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ").strip() or "—"


def _date(day) -> str:
    return day.strftime("%d/%m/%Y") if day else "—"


def _table(header: list[str], rows: list[list]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return out + [""]


def _councils(rule_set) -> list[str]:
    rows = []
    for rule in CouncilRule.objects.filter(rule_set=rule_set).order_by("council_type",
                                                                        "effective_from", "id"):
        params = ", ".join(f"{k} = {json.dumps(v, ensure_ascii=False)}"
                           for k, v in sorted(rule.parameters.items()))
        rows.append([rule.get_council_type_display(), _date(rule.effective_from),
                     f"{rule.min_members}–{rule.max_members}", rule.quorum,
                     rule.ballots_due_days, params, rule.legal_basis, rule.legal_article,
                     _flag(rule.is_default_assumption)])
    return ["### Hội đồng", ""] + _table(
        ["Hội đồng", "Phiên bản (hiệu lực từ)", "Thành viên", "Có mặt", "Hạn phiếu (ngày)",
         "Ngưỡng", "Văn bản", "Điều, khoản", "Số liệu"], rows)


def _criteria(rule_set) -> list[str]:
    rows = [[c.get_council_type_display(), c.task_kind or "mọi loại", c.label,
             c.max_score or c.get_scale_display(), c.legal_basis]
            for c in Criterion.objects.filter(rule_set=rule_set).order_by(
                "council_type", "task_kind", "position", "code")]
    return ["### Tiêu chí đánh giá", ""] + _table(
        ["Hội đồng", "Loại nhiệm vụ", "Tiêu chí", "Điểm tối đa / thang", "Căn cứ"], rows)


def _roll(rule) -> str:
    if rule.unit == "working_days":
        return "—"  # counted in working days: it never ends on a day off
    return "chuyển" if rule.roll_to_working_day else "không chuyển"


def _deadlines(rule_set) -> list[str]:
    rows = []
    for rule in DeadlineRule.objects.filter(rule_set=rule_set).order_by("position", "code",
                                                                        "effective_from"):
        rows.append([rule.code, rule.title, _date(rule.effective_from),
                     f"{rule.amount} {rule.get_unit_display()}", rule.get_anchor_display(),
                     rule.trigger, _roll(rule),
                     rule.legal_basis, rule.legal_article, _flag(rule.is_default_assumption)])
    return ["### Thời hạn", "",
            "Thời hạn tính theo ngày, tháng mà ngày cuối là ngày nghỉ thì chuyển sang ngày làm "
            "việc tiếp theo (Bộ luật Dân sự 2015 Điều 148), trừ khi quy tắc ghi “không chuyển”.",
            ""] + _table(
        ["Mã", "Nghĩa vụ", "Phiên bản", "Thời hạn", "Mốc tính", "Phát sinh khi",
         "Ngày nghỉ", "Văn bản", "Điều, khoản", "Số liệu"], rows)


def _changes(rule_set) -> list[str]:
    rows = [[_date(r.effective_from), r.max_extensions,
             f"{r.max_extension_long} / {r.max_extension_short}",
             f"{'≥' if r.long_task_threshold_inclusive else '>'} {r.long_task_months}",
             r.decision_days, r.legal_basis, r.legal_article, _flag(r.is_default_assumption)]
            for r in ChangeRule.objects.filter(rule_set=rule_set).order_by("effective_from")]
    return ["### Gia hạn, điều chỉnh", "",
            "Hạn cuối đề nghị gia hạn: quy tắc thời hạn `extension_request_cutoff` (một nguồn).",
            ""] + _table(
        ["Phiên bản", "Số lần gia hạn", "Gia hạn tối đa dài / ngắn (tháng)",
         "Nhiệm vụ dài (tháng)", "Quyết định trong (ngày)", "Văn bản", "Điều, khoản",
         "Số liệu"], rows)


def _figures(rule_set) -> list[str]:
    rows = [[f.code, f.label, _date(f.effective_from),
             json.dumps(f.value, ensure_ascii=False), f.legal_basis, f.legal_article,
             _flag(f.is_default_assumption)]
            for f in RuleFigure.objects.filter(rule_set=rule_set).order_by("code",
                                                                            "effective_from")]
    return ["### Số liệu khác", ""] + _table(
        ["Mã", "Nội dung", "Phiên bản", "Giá trị", "Văn bản", "Điều, khoản", "Số liệu"], rows)


def _support() -> list[str]:
    out = ["## Mức hỗ trợ doanh nghiệp (TT 35/2021/TT-BTC Điều 11)", ""]
    for policy in SupportPolicy.objects.order_by("effective_from", "id"):
        out += [f"### {policy.name}", "",
                f"- Hiệu lực: {_date(policy.effective_from)} – {_date(policy.effective_to)}",
                f"- Nghị quyết: {policy.resolution_number or '—'}",
                f"- Căn cứ: {_cell(policy.legal_basis)}",
                f"- Số liệu: {_flag(policy.is_default_assumption)}",
                f"- Không hỗ trợ lại cùng nội dung trong {policy.repeat_window_months} tháng", ""]
        levels = [[lv.get_size_class_display(),
                   lv.item.name if lv.item_id else (lv.get_group_display() or "mọi nội dung"),
                   f"{lv.share_percent.normalize():f}%", f"{lv.ceiling:,}".replace(",", "."),
                   f"{lv.ceiling_women_led:,}".replace(",", ".") if lv.ceiling_women_led
                   else "—"]
                  for lv in policy.levels.select_related("item").order_by(
                      "size_class", "item__code", "group")]
        out += _table(["Quy mô", "Nội dung", "Tỷ lệ", "Tối đa (VNĐ)",
                       "Tối đa, DN do phụ nữ làm chủ"], levels)
        caps = [[c.get_size_class_display(), f"{c.cap:,}".replace(",", "."),
                 f"{c.cap_women_led:,}".replace(",", ".") if c.cap_women_led else "—",
                 c.legal_article]
                for c in policy.yearly_caps.order_by("size_class")]
        if caps:
            out += _table(["Quy mô", "Tối đa mỗi năm (VNĐ)", "DN do phụ nữ làm chủ",
                           "Điều, khoản"], caps)
    return out


def render_rules() -> str:
    with translation.override("vi"):
        out = ["# Bộ quy tắc áp dụng", "",
               "Sinh tự động bằng `python manage.py print_rules` từ dữ liệu; không sửa tay.",
               "Mỗi nhiệm vụ áp dụng phiên bản có hiệu lực vào ngày nộp đề xuất "
               "(`TaskCase.rules_as_of`).", ""]
        for rule_set in RuleSet.objects.order_by("effective_from", "code"):
            out += [f"## {rule_set.name} (`{rule_set.code}`)", "",
                    f"- Hiệu lực: {_date(rule_set.effective_from)} – "
                    f"{_date(rule_set.effective_to)}",
                    f"- Căn cứ: {_cell(rule_set.legal_basis)}", ""]
            for part in (_councils, _criteria, _deadlines, _changes, _figures):
                out += part(rule_set)
        out += _support()
    return "\n".join(out).rstrip() + "\n"
