"""Writes for enterprise support. Each service checks who acts and raises field-level reasons.

Visibility (404) is the caller's job (views use ``can_view_case``); these services
answer 403 through ``PermissionDenied`` with the reason, and 400 through
``ValidationError`` with Vietnamese field errors.
"""

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tasks_kh_cn.models import CaseKind, Document, DocumentKind, Organisation, TaskCase
from tasks_kh_cn.services.documents import upload_document
from workflows.lifecycle import Status
from workflows.permissions import is_host_member

from .calculator import assess_item
from .models import SupportEvidence, SupportItem, SupportItemRequest, SupportRequest
from .selectors import earlier_support, host_problems, policy_for_case

# The support items are part of the application dossier (TT 20/2023 art. 5 as the template).
EDITABLE_STATUSES = {Status.DRAFT, Status.RETURNED, Status.LISTED, Status.DOSSIER_RETURNED}
# Evidence of application is given when the work is done, for acceptance (TT 11/2014).
EVIDENCE_STATUSES = {Status.IN_PROGRESS, Status.ACCEPTANCE_PREPARING, Status.ACCEPTANCE_RETURNED}


def record_title(label: str, item: SupportItem) -> str:
    """A document's title names its item in Vietnamese, whoever uploads it: the title is the
    dossier's record (as the documents the department issues are)."""
    with translation.override("vi"):
        return _(label) % {"item": item.name}


def _require_host(case, user):
    is_host_member(user, case).require()


def _require_kind(case):
    if case.kind != CaseKind.ENTERPRISE_SUPPORT:
        raise ValidationError(
            {"case": [_("Nhiệm vụ này không phải nhiệm vụ hỗ trợ doanh nghiệp.")]})


def _require_status(case, allowed, message):
    if case.status not in allowed:
        raise ValidationError({"case": [message % {"status": case.get_status_display()}]})


def _case_document(case, document, kind_label):
    if document is None:
        return None
    if not isinstance(document, Document):
        document = Document.objects.filter(pk=document, case=case).first()
    if document is None or document.case_id != case.pk:
        raise ValidationError({kind_label: [_("Tài liệu không thuộc nhiệm vụ này.")]})
    return document


def _fresh(case_id) -> TaskCase:
    """The case as committed: a caller's instance may hold an old status."""
    return TaskCase.objects.select_related("host").get(pk=case_id)


def _lock_enterprise(case: TaskCase) -> TaskCase:
    """Serialise support writes per enterprise (the repeat check spans all its cases); re-read
    the case so its status is the committed one."""
    Organisation.objects.select_for_update().filter(pk=case.host_id).values("pk").first()
    return _fresh(case.pk)


@transaction.atomic
def open_support_request(*, case: TaskCase, user) -> SupportRequest:
    """The case's request, opened under the policy in force when the case started (frozen)."""
    _require_kind(case)
    case = _lock_enterprise(case)
    _require_host(case, user)
    existing = SupportRequest.objects.filter(case=case).first()
    if existing is not None:
        existing.case = case
        return existing
    _require_status(case, EDITABLE_STATUSES,
                    _("Không thể lập đề nghị hỗ trợ khi nhiệm vụ ở trạng thái “%(status)s”."))
    problems = host_problems(case.host)
    if problems:
        raise ValidationError({"host": problems})
    policy = policy_for_case(case)
    if policy is None:
        raise ValidationError({"policy": [_("Chưa có mức hỗ trợ nào có hiệu lực.")]})
    return SupportRequest.objects.create(case=case, policy=policy, size_class=case.host.size_class)


@transaction.atomic
def add_support_item(*, case: TaskCase, user, item: SupportItem, cost_estimate: int,
                     requested_amount: int | None = None, quotation=None, quotation_file=None,
                     note: str = "") -> SupportItemRequest:
    """Add a catalogue item with its cost estimate; refuse it with reasons when it cannot be.

    Without ``requested_amount`` the enterprise asks for the full supportable amount.
    """
    request = open_support_request(case=case, user=user)
    case = request.case
    _require_status(case, EDITABLE_STATUSES,
                    _("Không thể sửa đề nghị hỗ trợ khi nhiệm vụ ở trạng thái “%(status)s”."))
    errors = {}
    if cost_estimate is None or cost_estimate <= 0:
        errors["cost_estimate"] = [_("Dự toán chi phí phải lớn hơn 0.")]
    if requested_amount is not None and requested_amount < 0:
        errors["requested_amount"] = [_("Kinh phí đề nghị hỗ trợ không được âm.")]
    if request.items.filter(item=item).exists():
        errors["item"] = [_("Nội dung “%(item)s” đã có trong đề nghị.") % {"item": item.shown_name}]
    if errors:
        raise ValidationError(errors)

    granted, pending = earlier_support(host_id=case.host_id, item_ids=[item.pk],
                                       policy=request.policy, exclude_case_id=case.pk)
    assessment = assess_item(
        item=item, cost_estimate=cost_estimate, requested_amount=requested_amount,
        size_class=request.size_class, levels=list(request.policy.levels.all()),
        previous_grant=granted.get(item.pk), pending_in=pending.get(item.pk),
        policy=request.policy, women_led=case.host.women_led,
    )
    if not assessment.ok:
        raise ValidationError(assessment.errors)
    document = _case_document(case, quotation, "quotation")
    if quotation_file is not None:
        document = upload_document(case=case, kind=DocumentKind.QUOTATION,
                                   title=record_title(gettext_noop("Báo giá: %(item)s"), item),
                                   uploaded=quotation_file, user=user,
                                   field="quotation_file").document
    return SupportItemRequest.objects.create(
        request=request, item=item, cost_estimate=cost_estimate,
        requested_amount=assessment.supportable if requested_amount is None else requested_amount,
        quotation=document, note=note,
    )


@transaction.atomic
def remove_support_item(*, item_request: SupportItemRequest, user) -> None:
    case = _lock_enterprise(item_request.request.case)
    _require_host(case, user)
    _require_status(case, EDITABLE_STATUSES,
                    _("Không thể sửa đề nghị hỗ trợ khi nhiệm vụ ở trạng thái “%(status)s”."))
    item_request.delete()


def _check_evidence(item, fields, on):
    errors = {}
    if item.requires_certificate:
        for name, label in (("certificate_number", _("số giấy chứng nhận")),
                            ("certification_body", _("tổ chức chứng nhận")),
                            ("valid_from", _("ngày hiệu lực")), ("valid_until", _("ngày hết hạn"))):
            if not fields.get(name):
                errors[name] = [_("Cần nhập %(label)s.") % {"label": label}]
    valid_from, valid_until = fields.get("valid_from"), fields.get("valid_until")
    if valid_from and valid_until and valid_until <= valid_from:
        errors.setdefault("valid_until", []).append(_("Ngày hết hạn phải sau ngày hiệu lực."))
    elif valid_until and valid_until < on:
        errors.setdefault("valid_until", []).append(
            _("Giấy chứng nhận đã hết hiệu lực ngày %(date)s.")
            % {"date": valid_until.strftime("%d/%m/%Y")})
    if item.requires_audit_report and not fields.get("audit_report"):
        errors["audit_report"] = [_("Cần báo cáo đánh giá việc áp dụng.")]
    return errors


@transaction.atomic
def record_evidence(*, item_request: SupportItemRequest, user, certificate_number="",
                    certification_body="", valid_from=None, valid_until=None, audit_report=None,
                    audit_report_file=None, on=None) -> SupportEvidence:
    """Evidence that the item was applied, for acceptance; sets the upkeep check's due date.

    The due date (``maintenance_due_on``) is the policy's ``maintenance_check_months`` after
    the evidence; the notifications app turns it into a deadline.
    """
    request = item_request.request
    case = _fresh(request.case_id)
    _require_host(case, user)
    _require_status(case, EVIDENCE_STATUSES,
                    _("Chỉ ghi nhận minh chứng khi nhiệm vụ đang thực hiện hoặc chuẩn bị nghiệm "
                      "thu (hiện tại: “%(status)s”)."))
    on = on or timezone.localdate()
    document = _case_document(case, audit_report, "audit_report")
    if audit_report_file is not None:
        document = upload_document(
            case=case, kind=DocumentKind.EVIDENCE,
            title=record_title(gettext_noop("Báo cáo đánh giá: %(item)s"),
                               item_request.item),
            uploaded=audit_report_file, user=user, field="audit_report_file").document
    fields = dict(certificate_number=certificate_number.strip(),
                  certification_body=certification_body.strip(), valid_from=valid_from,
                  valid_until=valid_until, audit_report=document)
    errors = _check_evidence(item_request.item, fields, on)
    if errors:
        raise ValidationError(errors)
    due = on + relativedelta(months=request.policy.maintenance_check_months)
    evidence, _created = SupportEvidence.objects.update_or_create(
        item_request=item_request,
        defaults=dict(fields, recorded_on=on, recorded_by=user, maintenance_due_on=due,
                      maintenance_checked_on=None, maintained=None, maintenance_note=""),
    )
    return evidence


@transaction.atomic
def record_maintenance_check(*, evidence: SupportEvidence, user, valid_until=None,
                             certificate_number="", audit_report=None, note="",
                             on=None) -> SupportEvidence:
    """The "maintained" check: the certificate (renewed or not) must still be valid on the day.

    Items without a certificate (5S, Kaizen…) are maintained when a surveillance or
    self-assessment report is given.
    """
    item_request = evidence.item_request
    case = _fresh(item_request.request.case_id)
    _require_host(case, user)
    on = on or timezone.localdate()
    document = _case_document(case, audit_report, "audit_report")
    if valid_until:
        evidence.valid_until = valid_until
    if certificate_number.strip():
        evidence.certificate_number = certificate_number.strip()
    if item_request.item.requires_certificate:
        maintained = bool(evidence.valid_until and evidence.valid_until >= on)
    else:
        maintained = document is not None
        if not maintained:
            raise ValidationError({"audit_report": [_("Cần báo cáo đánh giá duy trì.")]})
    evidence.maintenance_checked_on = on
    evidence.maintained = maintained
    evidence.maintenance_note = note or (
        "" if maintained else _("Giấy chứng nhận không còn hiệu lực tại ngày kiểm tra."))
    evidence.save()
    return evidence


def mark_approved(case: TaskCase, on=None) -> None:
    """The approval decision grants the support: the date counts for the repeat window."""
    SupportRequest.objects.filter(case=case, approved_on__isnull=True).update(
        approved_on=on or timezone.localdate())

