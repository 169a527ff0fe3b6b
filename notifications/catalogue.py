"""The notice table as first installed (migration 0006 writes these rows; from then on
they are the administrator's, edited in the admin). Each row: the event code, its name,
who is told, the channels, and the words in Vietnamese and English.

Template variables: ``case`` (code, title, host), ``actor_name``, ``url`` and what the
emitting service passes (``reason``, ``due_on``, ``amount`` …). SMS go to the urgent ones.
"""

H, OFF, A, F, LEADS, P = "host", "officer", "approvers", "finance", "leads", "addressees"

D_VI = '{{ due_on|date:"d/m/Y" }}'
D_EN = '{{ due_on|date:"j F Y" }}'
CASE_VI = "nhiệm vụ “{{ case.title }}” ({{ case.code }})"
CASE_EN = "task “{{ case.title }}” ({{ case.code }})"

EVENTS = [
    ("proposal_submitted", "Đề xuất được nộp", {OFF}, False,
     "Đề xuất {{ case.code }} đã được nộp", "Proposal {{ case.code }} submitted",
     f"{{{{ case.host.name }}}} đã nộp đề xuất {CASE_VI}. Đề nghị kiểm tra tính hợp lệ.",
     f"{{{{ case.host.name }}}} submitted the proposal for the {CASE_EN}. Please check it is "
     "complete and valid.", ""),
    ("dossier_submitted", "Hồ sơ được nộp", {OFF}, False,
     "Hồ sơ {{ case.code }} đã được nộp", "Dossier {{ case.code }} submitted",
     f"{{{{ case.host.name }}}} đã nộp {{{{ what }}}} của {CASE_VI}.",
     f"{{{{ case.host.name }}}} submitted the {{{{ what_en }}}} of the {CASE_EN}.", ""),
    ("proposal_returned", "Hồ sơ bị trả lại để bổ sung", {H}, True,
     "Hồ sơ {{ case.code }} cần bổ sung", "Dossier {{ case.code }} returned for completion",
     f"Hồ sơ của {CASE_VI} được trả lại để bổ sung.\nLý do: {{{{ reason }}}}\n"
     f"{{% if due_on %}}Hạn nộp lại: {D_VI}.{{% endif %}}",
     f"The dossier of the {CASE_EN} was returned for completion.\nReason: {{{{ reason }}}}\n"
     f"{{% if due_on %}}Resubmit by {D_EN}.{{% endif %}}",
     f"KH&CN: ho so {{{{ case.code }}}} can bo sung{{% if due_on %}}, han {D_VI}{{% endif %}}."),
    ("proposal_accepted", "Hồ sơ được tiếp nhận", {H}, False,
     "Hồ sơ {{ case.code }} đã được tiếp nhận", "Dossier {{ case.code }} accepted",
     f"Hồ sơ của {CASE_VI} đã được tiếp nhận. Bước tiếp theo: {{{{ next_step }}}}.",
     f"The dossier of the {CASE_EN} was accepted. Next step: {{{{ next_step_en }}}}.", ""),
    ("proposal_rejected", "Đề xuất không được chấp nhận", {H, OFF}, False,
     "Nhiệm vụ {{ case.code }} không được chấp nhận", "Task {{ case.code }} not accepted",
     f"{CASE_VI[0].upper()}{CASE_VI[1:]} không được chấp nhận.\nLý do: {{{{ reason }}}}",
     f"The {CASE_EN} was not accepted.\nReason: {{{{ reason }}}}", ""),
    ("case_withdrawn", "Hồ sơ được rút", {OFF}, False,
     "Hồ sơ {{ case.code }} đã được rút", "Dossier {{ case.code }} withdrawn",
     f"{{{{ case.host.name }}}} đã rút hồ sơ {CASE_VI}.",
     f"{{{{ case.host.name }}}} withdrew the {CASE_EN}.", ""),
    ("council_invitation", "Mời tham gia hội đồng", {P}, True,
     "Mời tham gia {{ council_name }} — {{ case.code }}",
     "Invitation to the {{ council_name_en }} — {{ case.code }}",
     f"Trân trọng mời ông/bà tham gia {{{{ council_name }}}} của {CASE_VI}."
     f"{{% if due_on %}}\nPhiếu đánh giá cần nộp trước {D_VI}.{{% endif %}}",
     f"You are invited to sit on the {{{{ council_name_en }}}} of the {CASE_EN}."
     f"{{% if due_on %}}\nBallots are due by {D_EN}.{{% endif %}}",
     "KH&CN: moi tham gia hoi dong nhiem vu {{ case.code }}."),
    ("meeting_scheduled", "Lịch họp hội đồng", {P}, True,
     "Lịch họp hội đồng — {{ case.code }}", "Council meeting — {{ case.code }}",
     f"Hội đồng của {CASE_VI} họp lúc {{{{ meeting_at|date:\"H:i d/m/Y\" }}}} tại "
     "{{ place }}.{% if papers_on %}\nTài liệu gửi trước {{ papers_on|date:\"d/m/Y\" }}."
     "{% endif %}",
     f"The council of the {CASE_EN} meets at {{{{ meeting_at|date:\"H:i, j F Y\" }}}}, "
     "{{ place }}.{% if papers_on %}\nPapers are sent by {{ papers_on|date:\"j F Y\" }}."
     "{% endif %}",
     "KH&CN: hop hoi dong {{ case.code }} luc {{ meeting_at|date:\"H:i d/m/Y\" }}."),
    ("ballot_window_opened", "Mở phiếu đánh giá", {P}, False,
     "Mở phiếu đánh giá vòng {{ round }} — {{ case.code }}",
     "Ballots open, round {{ round }} — {{ case.code }}",
     f"Phiếu đánh giá vòng {{{{ round }}}} của {CASE_VI} đã mở."
     f"{{% if due_on %}} Hạn nộp phiếu: {D_VI}.{{% endif %}}",
     f"Round {{{{ round }}}} ballots of the {CASE_EN} are open."
     f"{{% if due_on %}} Due by {D_EN}.{{% endif %}}", ""),
    ("council_round_closed", "Kết thúc vòng đánh giá", {OFF, P}, False,
     "Đã kết thúc vòng {{ round }} — {{ case.code }}", "Round {{ round }} closed — {{ case.code }}",
     f"Vòng đánh giá {{{{ round }}}} của {{{{ council_name }}}} ({CASE_VI}) đã kết thúc.",
     f"Round {{{{ round }}}} of the {{{{ council_name_en }}}} ({CASE_EN}) is closed.", ""),
    ("council_decision", "Quyết định sau hội đồng", {H, OFF}, False,
     "Kết quả hội đồng — {{ case.code }}", "Council outcome — {{ case.code }}",
     f"Kết quả của {{{{ council_name }}}} đối với {CASE_VI}: {{{{ outcome }}}}.",
     f"Outcome of the {{{{ council_name_en }}}} for the {CASE_EN}: {{{{ outcome_en }}}}.", ""),
    ("contract_ready", "Hợp đồng sẵn sàng để ký", {H}, True,
     "Hợp đồng {{ case.code }} chờ ký", "Contract {{ case.code }} ready to sign",
     f"Hợp đồng thực hiện {CASE_VI} đã sẵn sàng. Đề nghị tổ chức chủ trì ký và tải lên bản ký.",
     f"The contract of the {CASE_EN} is ready. Please sign it and upload the signed copy.",
     "KH&CN: hop dong {{ case.code }} da san sang de ky."),
    ("contract_signed", "Tổ chức chủ trì đã ký hợp đồng", {A, OFF}, False,
     "Hợp đồng {{ case.code }} chờ Sở ký", "Contract {{ case.code }} awaits countersignature",
     f"{{{{ case.host.name }}}} đã ký hợp đồng {CASE_VI}; chờ Sở ký.",
     f"{{{{ case.host.name }}}} signed the contract of the {CASE_EN}; it awaits the "
     "department's signature.", ""),
    ("contract_countersigned", "Hợp đồng đã có hiệu lực", {H, OFF, F}, False,
     "Hợp đồng {{ case.code }} đã được ký đủ", "Contract {{ case.code }} countersigned",
     f"Hợp đồng {CASE_VI} đã được hai bên ký; nhiệm vụ bắt đầu thực hiện.",
     f"The contract of the {CASE_EN} is signed by both sides; implementation starts.", ""),
    ("tranche_requested", "Đề nghị tạm ứng", {F, OFF}, False,
     "Đề nghị tạm ứng — {{ case.code }}", "Advance requested — {{ case.code }}",
     "{% load humanize %}" f"{{{{ case.host.name }}}} đề nghị tạm ứng {{{{ amount|intcomma }}}} đồng "
     f"cho {CASE_VI}.",
     "{% load humanize %}" f"{{{{ case.host.name }}}} requested an advance of "
     f"{{{{ amount|intcomma }}}} VND for the {CASE_EN}.", ""),
    ("tranche_paid", "Đã chuyển tạm ứng", {H}, False,
     "Đã tạm ứng — {{ case.code }}", "Advance paid — {{ case.code }}",
     "{% load humanize %}" f"Sở đã chuyển tạm ứng {{{{ amount|intcomma }}}} đồng cho {CASE_VI}.",
     "{% load humanize %}" f"The department paid an advance of {{{{ amount|intcomma }}}} VND "
     f"for the {CASE_EN}.", ""),
    ("report_due", "Đến kỳ báo cáo định kỳ", {H}, True,
     "Báo cáo định kỳ — {{ case.code }}", "Periodic report due — {{ case.code }}",
     f"Đến kỳ báo cáo tiến độ {CASE_VI}{{% if due_on %}}, hạn {D_VI}{{% endif %}}.",
     f"A progress report of the {CASE_EN} is due{{% if due_on %}} by {D_EN}{{% endif %}}.",
     f"KH&CN: bao cao dinh ky {{{{ case.code }}}}{{% if due_on %}} han {D_VI}{{% endif %}}."),
    ("report_received", "Đã nhận báo cáo định kỳ", {OFF}, False,
     "Báo cáo định kỳ đã nộp — {{ case.code }}", "Periodic report received — {{ case.code }}",
     f"{{{{ case.host.name }}}} đã nộp báo cáo định kỳ của {CASE_VI}.",
     f"{{{{ case.host.name }}}} submitted a periodic report of the {CASE_EN}.", ""),
    ("report_returned", "Báo cáo định kỳ bị trả lại", {H}, True,
     "Báo cáo định kỳ cần bổ sung — {{ case.code }}", "Periodic report returned — {{ case.code }}",
     f"Báo cáo định kỳ của {CASE_VI} được trả lại.\nLý do: {{{{ reason }}}}",
     f"The periodic report of the {CASE_EN} was returned.\nReason: {{{{ reason }}}}",
     "KH&CN: bao cao dinh ky {{ case.code }} can bo sung."),
    ("inspection_notice", "Thông báo kiểm tra", {H}, True,
     "Thông báo kiểm tra — {{ case.code }}", "Inspection notice — {{ case.code }}",
     f"Sở sẽ kiểm tra tình hình thực hiện {CASE_VI} vào ngày "
     "{{ inspection_on|date:\"d/m/Y\" }}.",
     f"The department will inspect the {CASE_EN} on {{{{ inspection_on|date:\"j F Y\" }}}}.",
     "KH&CN: kiem tra nhiem vu {{ case.code }} ngay {{ inspection_on|date:\"d/m/Y\" }}."),
    ("change_requested", "Đề nghị điều chỉnh", {A, OFF}, False,
     "Đề nghị {{ kind }} — {{ case.code }}", "Change requested: {{ kind_en }} — {{ case.code }}",
     f"{{{{ case.host.name }}}} đề nghị {{{{ kind }}}} đối với {CASE_VI}.\nLý do: {{{{ reason }}}}",
     f"{{{{ case.host.name }}}} requested a change ({{{{ kind_en }}}}) to the {CASE_EN}.\n"
     "Reason: {{ reason }}", ""),
    ("change_decided", "Quyết định về đề nghị điều chỉnh", {H, OFF}, False,
     "{% if approved %}Chấp thuận{% else %}Không chấp thuận{% endif %} đề nghị {{ kind }} — "
     "{{ case.code }}",
     "Change {% if approved %}approved{% else %}refused{% endif %}: {{ kind_en }} — "
     "{{ case.code }}",
     f"Đề nghị {{{{ kind }}}} của {CASE_VI} "
     "{% if approved %}được chấp thuận{% else %}không được chấp thuận{% endif %}."
     "{% if note %}\nÝ kiến: {{ note }}{% endif %}",
     f"The {{{{ kind_en }}}} request for the {CASE_EN} was "
     "{% if approved %}approved{% else %}refused{% endif %}.{% if note %}\nNote: {{ note }}"
     "{% endif %}", ""),
    ("extension_approved", "Gia hạn được chấp thuận", {H, OFF, F}, True,
     "Gia hạn nhiệm vụ {{ case.code }}", "Extension approved — {{ case.code }}",
     f"{CASE_VI[0].upper()}{CASE_VI[1:]} được gia hạn đến ngày "
     "{{ new_end_on|date:\"d/m/Y\" }}.",
     f"The {CASE_EN} is extended to {{{{ new_end_on|date:\"j F Y\" }}}}.",
     "KH&CN: nhiem vu {{ case.code }} gia han den {{ new_end_on|date:\"d/m/Y\" }}."),
    ("implementation_finished", "Kết thúc thực hiện", {OFF}, False,
     "Kết thúc thực hiện — {{ case.code }}", "Implementation finished — {{ case.code }}",
     f"{{{{ case.host.name }}}} báo kết thúc thực hiện {CASE_VI} và chuẩn bị hồ sơ nghiệm thu.",
     f"{{{{ case.host.name }}}} finished implementing the {CASE_EN} and is preparing the "
     "acceptance dossier.", ""),
    ("acceptance_result", "Kết quả nghiệm thu", {H, OFF}, True,
     "Kết quả nghiệm thu — {{ case.code }}", "Acceptance result — {{ case.code }}",
     f"Kết quả nghiệm thu {CASE_VI}: {{{{ result }}}}.",
     f"Acceptance result of the {CASE_EN}: {{{{ result_en }}}}.",
     "KH&CN: ket qua nghiem thu {{ case.code }} da co."),
    ("recognition", "Công nhận kết quả", {H, F}, False,
     "Công nhận kết quả — {{ case.code }}", "Results recognised — {{ case.code }}",
     f"Kết quả {CASE_VI} đã được công nhận{{% if decision %}} (quyết định {{{{ decision }}}})"
     "{% endif %}.",
     f"The results of the {CASE_EN} were recognised{{% if decision %}} (decision "
     "{{ decision }}){% endif %}.", ""),
    ("settlement", "Quyết toán", {H, OFF}, False,
     "Quyết toán — {{ case.code }}", "Settlement — {{ case.code }}",
     "{% load humanize %}" f"Kinh phí {CASE_VI} đã được quyết toán"
     "{% if amount %}: {{ amount|intcomma }} đồng{% endif %}.",
     "{% load humanize %}" f"The budget of the {CASE_EN} was settled"
     "{% if amount %}: {{ amount|intcomma }} VND{% endif %}.", ""),
    ("refund_due", "Phải hoàn trả kinh phí", {H, F}, True,
     "Hoàn trả kinh phí — {{ case.code }}", "Refund due — {{ case.code }}",
     "{% load humanize %}" f"{CASE_VI[0].upper()}{CASE_VI[1:]} phải hoàn trả "
     f"{{{{ amount|intcomma }}}} đồng{{% if due_on %}} trước ngày {D_VI}{{% endif %}}.",
     "{% load humanize %}" f"The {CASE_EN} must refund {{{{ amount|intcomma }}}} VND"
     f"{{% if due_on %}} by {D_EN}{{% endif %}}.",
     "KH&CN: nhiem vu {{ case.code }} phai hoan tra kinh phi."),
    ("restriction", "Hạn chế tham gia", {H}, True,
     "Hạn chế tham gia nhiệm vụ KH&CN", "Restricted from S&T tasks",
     "{{ case.host.name }} bị hạn chế đăng ký chủ trì nhiệm vụ KH&CN"
     "{% if until_on %} đến ngày {{ until_on|date:\"d/m/Y\" }}{% endif %}.\n"
     "Lý do (nhiệm vụ {{ case.code }}): {{ reason }}",
     "{{ case.host.name }} may not host S&T tasks"
     "{% if until_on %} until {{ until_on|date:\"j F Y\" }}{% endif %}.\n"
     "Reason (task {{ case.code }}): {{ reason }}",
     "KH&CN: to chuc bi han che tham gia nhiem vu KH&CN."),
    ("task_suspended", "Tạm dừng nhiệm vụ", {H, OFF, F}, True,
     "Tạm dừng nhiệm vụ {{ case.code }}", "Task {{ case.code }} suspended",
     f"{CASE_VI[0].upper()}{CASE_VI[1:]} bị tạm dừng.\nLý do: {{{{ reason }}}}",
     f"The {CASE_EN} is suspended.\nReason: {{{{ reason }}}}",
     "KH&CN: nhiem vu {{ case.code }} bi tam dung."),
    ("task_resumed", "Tiếp tục nhiệm vụ", {H, OFF, F}, False,
     "Tiếp tục nhiệm vụ {{ case.code }}", "Task {{ case.code }} resumed",
     f"{CASE_VI[0].upper()}{CASE_VI[1:]} được tiếp tục thực hiện.",
     f"The {CASE_EN} is resumed.", ""),
    ("task_terminated", "Chấm dứt hợp đồng", {H, OFF, F}, True,
     "Chấm dứt nhiệm vụ {{ case.code }}", "Task {{ case.code }} terminated",
     f"Hợp đồng thực hiện {CASE_VI} bị chấm dứt.\nLý do: {{{{ reason }}}}",
     f"The contract of the {CASE_EN} is terminated.\nReason: {{{{ reason }}}}",
     "KH&CN: hop dong nhiem vu {{ case.code }} bi cham dut."),
    ("desk_reassigned", "Được giao xử lý", {P}, False,
     "Được giao xử lý — {{ case.code }}", "Assigned to you — {{ case.code }}",
     f"{{{{ actor_name }}}} giao cho ông/bà bước “{{{{ step }}}}” của {CASE_VI}."
     "{% if reason %}\nLý do: {{ reason }}{% endif %}",
     f"{{{{ actor_name }}}} assigned you the step “{{{{ step_en }}}}” of the {CASE_EN}."
     "{% if reason %}\nReason: {{ reason }}{% endif %}", ""),
]


NAMES_EN = {
    "proposal_submitted": "Proposal submitted", "dossier_submitted": "Dossier submitted",
    "proposal_returned": "Dossier returned for completion",
    "proposal_accepted": "Dossier accepted", "proposal_rejected": "Proposal not accepted",
    "case_withdrawn": "Dossier withdrawn", "council_invitation": "Council invitation",
    "meeting_scheduled": "Council meeting scheduled", "ballot_window_opened": "Ballots open",
    "council_round_closed": "Council round closed", "council_decision": "Decision after a council",
    "contract_ready": "Contract ready to sign", "contract_signed": "Contract signed by the host",
    "contract_countersigned": "Contract countersigned", "tranche_requested": "Advance requested",
    "tranche_paid": "Advance paid", "report_due": "Periodic report due",
    "report_received": "Periodic report received", "report_returned": "Periodic report returned",
    "inspection_notice": "Inspection notice", "change_requested": "Change requested",
    "change_decided": "Change request decided", "extension_approved": "Extension approved",
    "implementation_finished": "Implementation finished", "acceptance_result": "Acceptance result",
    "recognition": "Results recognised", "settlement": "Settlement", "refund_due": "Refund due",
    "restriction": "Restriction from S&T tasks", "task_suspended": "Task suspended",
    "task_resumed": "Task resumed", "task_terminated": "Contract terminated",
    "desk_reassigned": "A step assigned to you",
}


def rows():
    """The catalogue as NoticeEvent field values."""
    for code, name, who, sms, subj_vi, subj_en, body_vi, body_en, sms_text in EVENTS:
        yield {
            "code": code, "name": name, "name_en": NAMES_EN[code], "to_host": H in who,
            "to_officer": OFF in who,
            "to_approvers": A in who, "to_finance": F in who, "to_leads": LEADS in who,
            "to_addressees": P in who, "in_app": True, "email": True, "sms": sms,
            "subject_vi": subj_vi, "subject_en": subj_en, "body_vi": body_vi,
            "body_en": body_en, "sms_text": sms_text,
        }
