"""Forms of the council pages. They check the shape of what was typed; the services check
the rules (composition, blind ballots, quorum) and their errors land on the same fields."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from tasks_kh_cn.confirmations import (
    CONFIRM_FIELD,
    ConfirmationForm,
    require_confirmation,
    with_confirmation,
)
from tasks_kh_cn.fields import MarkedDecimalField, MoneyField
from tasks_kh_cn.models import TaskCase
from tasks_kh_cn.numbers import localized
from tasks_kh_cn.people import person_name
from workflows.lifecycle import TERMINAL
from workflows.services import all_transitions

from ..criteria_labels import criterion_label
from ..kinds import KINDS, kind_of
from ..models import CouncilType, MemberRole, Rating, Verdict
from ..services.ballots import score_step, step_message
from ..services.decisions import PAYLOADS, decision_transition
from ..services.forming import eligible_people


def people_choices(exclude=()):
    """Users who may sit on a council (``forming.eligible_people``), as (pk, name) once."""
    users = (eligible_people().select_related("profile").exclude(pk__in=list(exclude))
             .order_by("first_name", "last_name", "username"))
    return [(str(u.pk), person_name(u)) for u in users]


def council_types_for(case):
    """Council types that sit in the case's current status (the kind rows' ``sits_in``)."""
    return [(kind.code, kind.title) for kind in KINDS.values() if kind.sits_in == case.status]


class CouncilForm(forms.Form):
    """Thành lập hội đồng: one row per seat (person, role); empty rows are ignored."""

    council_type = forms.ChoiceField(label=_("Loại hội đồng"))
    number = forms.CharField(label=_("Số quyết định thành lập"), max_length=64, required=False)
    products = forms.CharField(
        label=_("Sản phẩm được đánh giá (mỗi dòng một sản phẩm)"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Chỉ dùng cho hội đồng nghiệm thu."))
    candidates = forms.MultipleChoiceField(
        label=_("Hồ sơ cùng tuyển chọn"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Hội đồng tuyển chọn có thể so sánh nhiều hồ sơ cùng đặt hàng."),
        error_messages={"invalid_choice": _("Hồ sơ này không ở bước tuyển chọn.")})
    # Where the service's composition errors go (its errors dict uses the key "members").
    members = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, case, rows, people, types, **kwargs):
        kwargs.setdefault("auto_id", "id_council_%s")
        super().__init__(*args, **kwargs)
        self.case, self.rows = case, rows
        self.competing = {}
        self.fields["council_type"].choices = types
        if any(value == CouncilType.SELECTION for value, _label in types):
            self.competing = {str(c.pk): c for c in TaskCase.objects.filter(
                status=case.status).exclude(pk=case.pk).order_by("code")}
            self.fields["candidates"].choices = [
                (pk, f"{c.code} — {c.title}") for pk, c in self.competing.items()]
        else:
            del self.fields["candidates"]
        self.fields["council_type"].error_messages["invalid_choice"] = _(
            "Loại hội đồng này không thành lập được ở bước hiện tại của nhiệm vụ.")
        person = [("", _("— Chọn người —")), *people]
        roles = [("", _("— Vai trò —")), *MemberRole.choices]
        for i in range(rows):
            self.fields[f"user_{i}"] = forms.ChoiceField(
                label=_("Thành viên %(n)s") % {"n": i + 1}, choices=person, required=False,
                error_messages={"invalid_choice": _(
                    "Người này không có vai trò thành viên hội đồng hoặc thư ký.")})
            self.fields[f"role_{i}"] = forms.ChoiceField(
                label=_("Vai trò"), choices=roles, required=False,
                error_messages={"invalid_choice": _("Vai trò không hợp lệ.")})
            self.fields[f"vice_{i}"] = forms.BooleanField(
                label=_("Được ủy quyền chủ trì"), required=False)

    def seat_rows(self):
        return [(self[f"user_{i}"], self[f"role_{i}"], self[f"vice_{i}"])
                for i in range(self.rows)]

    def clean(self):
        data = super().clean()
        users = get_user_model().objects.in_bulk(
            [int(data[f"user_{i}"]) for i in range(self.rows) if data.get(f"user_{i}")])
        specs, seen = [], set()
        for i in range(self.rows):
            pk, role = data.get(f"user_{i}"), data.get(f"role_{i}")
            vice = data.get(f"vice_{i}")
            if not pk and not role:
                continue
            if not pk:
                self.add_error(f"user_{i}", _("Cần chọn người cho vị trí này."))
                continue
            if not role:
                self.add_error(f"role_{i}", _("Cần chọn vai trò."))
                continue
            if pk in seen:
                self.add_error(f"user_{i}", _("Người này đã được chọn ở vị trí khác."))
                continue
            if vice and role != MemberRole.VICE_CHAIR:
                self.add_error(f"vice_{i}", _("Chỉ phó chủ tịch mới được ủy quyền chủ trì."))
                continue
            seen.add(pk)
            specs.append({"user": users[int(pk)], "role": role, "authorised_vice_chair": vice})
        if not specs and not self.errors:
            self.add_error("members", _("Cần chọn thành viên hội đồng."))
        data["specs"] = specs
        data["candidate_cases"] = [self.competing[pk] for pk in data.get("candidates") or []]
        data["product_list"] = [line.strip() for line in data.get("products", "").splitlines()
                                if line.strip()]
        return data


class ConflictForm(forms.Form):
    CHOICES = [("no", _("Tôi không có xung đột lợi ích với hồ sơ được đánh giá")),
               ("yes", _("Tôi có xung đột lợi ích"))]
    has_conflict = forms.ChoiceField(
        label=_("Khai báo xung đột lợi ích"), choices=CHOICES, widget=forms.RadioSelect,
        error_messages={"required": _("Cần chọn một phương án."),
                        "invalid_choice": _("Cần chọn một phương án.")})
    note = forms.CharField(label=_("Nội dung xung đột lợi ích"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_conflict_%s")
        super().__init__(*args, **kwargs)


def _points_field(criterion):
    limit = criterion["max_score"]
    step = score_step(criterion)
    message = _("Điểm phải từ 0 đến %(max)s.") % {"max": localized(limit)}
    return MarkedDecimalField(
        label=criterion_label(criterion), required=False, min_value=0, max_value=limit,
        max_digits=6, decimal_places=2, step_size=step,
        widget=forms.TextInput(attrs={"data-points": "1", "data-max": limit}),
        error_messages={"invalid": _("Điểm phải là một số."), "min_value": message,
                        "step_size": step_message(criterion),
                        "max_value": message,
                        "max_decimal_places": _("Điểm lẻ tối đa 2 chữ số thập phân."),
                        "max_digits": message, "max_whole_digits": message})


def _amount_field(criterion):
    return MoneyField(
        label=criterion_label(criterion), required=False, min_value=0,
        error_messages={"invalid": _("Số tiền phải là số nguyên (VNĐ)."),
                        "min_value": _("Số tiền không được âm.")})


class BallotForm(forms.Form):
    """The member's ballot for one dossier, generated from the council's frozen criteria."""

    def __init__(self, *args, council, dossier, **kwargs):
        kwargs.setdefault("prefix", f"d{dossier.pk}")
        super().__init__(*args, **kwargs)
        self.council, self.dossier = council, dossier
        self.criteria = council.criteria
        for criterion in self.criteria:
            code, scale = criterion["code"], criterion["scale"]
            if scale == "points":
                field = _points_field(criterion)
            elif scale == "amount":
                field = _amount_field(criterion)
            else:
                choices = Verdict.choices if scale == "pass_fail" else Rating.choices
                field = forms.ChoiceField(
                    label=criterion_label(criterion), choices=choices, required=False,
                    widget=forms.RadioSelect,
                    error_messages={"invalid_choice": _("Giá trị đánh giá không hợp lệ.")})
            self.fields[f"v_{code}"] = field
            self.fields[f"c_{code}"] = forms.CharField(
                label=_("Nhận xét"), required=False, max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}))
        if kind_of(council).overall == "rating":
            # TT 11/2014: the member's own conclusion, checked against the item ratings.
            self.fields["overall"] = forms.ChoiceField(
                label=_("Kết luận chung"), choices=Rating.choices, required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": _("Kết luận không hợp lệ.")})
        self.fields["comment"] = forms.CharField(
            label=_("Ý kiến chung"), required=False, max_length=4000,
            widget=forms.Textarea(attrs={"rows": 3}))
        # Submitting is final (the ballot is then read-only): the view asks for this box when
        # the member submits, not when they save a draft.
        with_confirmation(self, _("phiếu đã nộp không sửa được nữa."), required=False)

    def confirm_submission(self) -> bool:
        """For a submission: False, with the box's error, when the box is not ticked."""
        return require_confirmation(self)

    def rows(self):
        return [{"criterion": c, "value": self[f"v_{c['code']}"],
                 "comment": self[f"c_{c['code']}"]} for c in self.criteria]

    def items(self) -> dict:
        out = {}
        for criterion in self.criteria:
            code = criterion["code"]
            value = self.cleaned_data.get(f"v_{code}")
            comment = self.cleaned_data.get(f"c_{code}", "")
            if value in (None, "") and not comment:
                continue
            key = "score" if criterion["scale"] in ("points", "amount") else "rating"
            out[code] = {key: value, "comment": comment}
        return out

    def add_service_errors(self, errors: dict):
        for key, messages in errors.items():
            name = f"v_{key}" if f"v_{key}" in self.fields else key
            if key == "items":  # "still missing": the criteria by label
                for criterion in self.criteria:
                    if criterion_label(criterion) in messages:
                        self.add_error(f"v_{criterion['code']}", _("Cần đánh giá tiêu chí này."))
                continue
            for message in messages if isinstance(messages, list) else [messages]:
                self.add_error(name if name in self.fields else None, str(message))


def ballot_initial(ballot) -> dict:
    if ballot is None:
        return {}
    initial = {"overall": ballot.overall, "comment": ballot.comment}
    for item in ballot.items.all():
        value = item.score if item.score is not None else item.rating
        if item.score is not None and item.score == item.score.to_integral_value():
            value = int(item.score)
        initial[f"v_{item.criterion}"] = value
        initial[f"c_{item.criterion}"] = item.comment
    return initial


class ReplaceForm(forms.Form):
    user = forms.ChoiceField(label=_("Người thay thế"),
                             error_messages={"required": _("Cần chọn người thay thế."),
                                             "invalid_choice": _(
                                                 "Người này không thể thay thế vào hội đồng.")})

    def __init__(self, *args, people, member, **kwargs):
        kwargs.setdefault("prefix", f"m{member.pk}")
        super().__init__(*args, **kwargs)
        self.member = member
        self.fields["user"].choices = [("", _("— Chọn người —")), *people]


class DecideForm(forms.Form):
    """What the decision carries onto the case (the payload of the case transition)."""

    decision_number = forms.CharField(label=_("Số quyết định"), max_length=64, required=False)
    decision_date = forms.DateField(label=_("Ngày quyết định"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"},
                                                           format="%Y-%m-%d"),
                                    error_messages={"invalid": _("Ngày không hợp lệ.")})
    minutes_number = forms.CharField(label=_("Số biên bản"), max_length=64, required=False)
    comment = forms.CharField(label=_("Ý kiến"), max_length=4000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, council, outcome, **kwargs):
        kwargs.setdefault("auto_id", "id_decide_%s")
        super().__init__(*args, **kwargs)
        keep = {"comment"}
        # The fields of the case transition the kind's row names for this outcome.
        transition = kind_of(council).outcomes.get(outcome.result) if outcome else None
        if transition == "list_task":
            keep |= {"decision_number", "decision_date"}
        if transition in ("record_acceptance", "fail_acceptance"):
            keep |= {"minutes_number"}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        self.council, self.outcome, self.transition = council, outcome, None
        if outcome is not None and outcome.result != "tie":
            # The decision moves the case (or ends it): nobody can take it back.
            self.transition = decision_transition(council, outcome)
            ends = all_transitions()[self.transition].target in TERMINAL
            with_confirmation(self, _("hồ sơ của nhiệm vụ kết thúc; không thể hoàn tác.") if ends
                              else _("quyết định được ghi vào nhiệm vụ, nhiệm vụ chuyển sang "
                                     "bước tiếp theo; không thể hoàn tác."))

    def clean(self):
        """The case transition's own payload form says what the decision must carry (the one
        validation path the service runs again): its field errors are shown with the box's,
        at once, rather than after the box is ticked."""
        cleaned = super().clean()
        if self.transition is not None:
            data = PAYLOADS[self.transition](self.outcome, self.payload(), "")
            checked = all_transitions()[self.transition].custom["payload"](
                data, case=self.council.case)
            if not checked.is_valid():
                for name, errors in checked.errors.items():
                    if name in self.fields and name not in self.errors:
                        for error in errors:
                            self.add_error(name, error)
        return cleaned

    def payload(self) -> dict:
        return {k: (v.isoformat() if hasattr(v, "isoformat") else v)
                for k, v in self.cleaned_data.items() if k != CONFIRM_FIELD and v not in (None, "")}


class CloseRoundForm(ConfirmationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, consequence=_(
            "phiên bỏ phiếu kết thúc, thành viên không nộp hay sửa phiếu được nữa."), **kwargs)


class SecondRoundForm(forms.Form):
    reason = forms.CharField(label=_("Lý do bỏ phiếu lại"), max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Cần nêu lý do.")})

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_second_%s")
        super().__init__(*args, **kwargs)
