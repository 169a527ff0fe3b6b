"""Ballots: drafted, then submitted, one per member, dossier and round; blind until closed."""

from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from tasks_kh_cn.numbers import localized
from workflows.councils.base import complete_task, council_lock

from ..aggregation import member_acceptance_floor
from ..criteria_labels import criterion_label
from ..errors import CouncilConflict, CouncilNotFound, InvalidBallot
from ..kinds import kind_of
from ..models import (
    Ballot,
    BallotItem,
    BallotStatus,
    Council,
    CouncilDossier,
    CouncilStatus,
    Rating,
    Verdict,
)
from ..permissions import active_member
from ..signals import ballot_submitted
from .meetings import ballot_refusal

# The points a member may give move in steps of a quarter (the ballot form's step since the
# start); a criterion may carry its own "step" in the council's frozen criteria.
DEFAULT_SCORE_STEP = Decimal("0.25")

RATINGS = set(Rating.values)
VERDICTS = set(Verdict.values)


def score_step(criterion: dict) -> Decimal:
    return Decimal(str(criterion.get("step") or DEFAULT_SCORE_STEP))


def on_step(criterion: dict, value) -> Decimal:
    """``value`` rounded to the nearest score the criterion accepts (for generated ballots)."""
    step = score_step(criterion)
    return (Decimal(str(value)) / step).quantize(Decimal(1)) * step


def step_message(criterion: dict) -> str:
    step = score_step(criterion)
    return _("Điểm phải là bội số của %(step)s (ví dụ %(a)s hoặc %(b)s).") % {
        "step": localized(step), "a": localized(5), "b": localized(5 + step)}


def _clean_item(criterion: dict, raw: dict, errors: dict):
    """One criterion's value, validated against its scale; errors in Vietnamese."""
    code, scale = criterion["code"], criterion["scale"]
    comment = str(raw.get("comment", "") or "")[:4000]
    if scale in ("points", "amount"):
        value = raw.get("score")
        if value in (None, ""):
            return None
        try:
            score = Decimal(str(value))
        except (InvalidOperation, ValueError):
            errors[code] = [_("Điểm phải là một số.")]
            return None
        if score < 0 or (scale == "points" and score > criterion["max_score"]):
            errors[code] = [_("Điểm phải từ 0 đến %(max)s.") % {
                "max": localized(criterion["max_score"])}]
            return None
        if scale == "points" and score % score_step(criterion):
            errors[code] = [step_message(criterion)]
            return None
        return {"score": score, "rating": "", "comment": comment}
    allowed = VERDICTS if scale == "pass_fail" else RATINGS
    rating = raw.get("rating") or ""
    if not rating:
        return None
    if rating not in allowed:
        errors[code] = [_("Giá trị đánh giá không hợp lệ.")]
        return None
    return {"score": None, "rating": rating, "comment": comment}


def _context(council, user, dossier):
    council = Council.objects.get(pk=council.pk)
    member = active_member(council, user)
    if member is None:
        raise CouncilNotFound(_("Bạn không phải thành viên hội đồng này."))
    if not member.is_cleared:
        raise CouncilConflict(_("Cần khai báo không có xung đột lợi ích trước khi chấm phiếu."))
    if council.status != CouncilStatus.IN_SESSION:
        raise CouncilConflict(_("Phiên bỏ phiếu không mở."))
    refusal = ballot_refusal(council, member)
    if refusal:
        raise CouncilConflict(refusal)
    if dossier is None:
        dossier = council.dossiers.order_by("id").first()
    elif not isinstance(dossier, CouncilDossier):
        dossier = council.dossiers.filter(case=dossier).first()
    if dossier is None or dossier.council_id != council.pk:
        raise CouncilNotFound(_("Hồ sơ không thuộc hội đồng này."))
    return council, member, dossier


def _write(council, member, dossier, items, overall, comment):
    """The draft with ``items`` written in, every item it now has by criterion, and the
    items to write: nothing is saved here (``_store`` saves it all once the caller has set
    the ballot's status). Items are read once and written in one statement each for the new
    and the changed ones, not one get-or-create per criterion; a new ballot is inserted
    once, with its final status, not inserted and then updated."""
    # Under the council's lock (council_lock): nobody else writes this ballot meanwhile.
    ballot = Ballot.objects.filter(council=council, member=member, dossier=dossier,
                                   round=council.round).first()
    created = ballot is None
    if created:
        ballot = Ballot(council=council, member=member, dossier=dossier, round=council.round)
    elif ballot.status == BallotStatus.SUBMITTED:
        raise CouncilConflict(_("Phiếu đã nộp, không sửa được."))
    errors, values = {}, {}
    criteria = {c["code"]: c for c in council.criteria}
    for code, raw in (items or {}).items():
        if code not in criteria:
            errors[code] = [_("Tiêu chí không có trong phiếu.")]
            continue
        value = _clean_item(criteria[code], raw if isinstance(raw, dict) else {"score": raw},
                            errors)
        if value is not None:
            values[code] = value
    if overall and overall not in RATINGS | VERDICTS:
        errors["overall"] = [_("Kết luận không hợp lệ.")]
    if errors:
        raise InvalidBallot(_("Phiếu có nội dung không hợp lệ."), errors=errors)
    written = {} if created else {item.criterion: item for item in ballot.items.all()}
    new, changed = [], []
    for code, value in values.items():
        item = written.get(code)
        if item is None:
            written[code] = item = BallotItem(ballot=ballot, criterion=code, **value)
            new.append(item)
        else:
            for field, field_value in value.items():
                setattr(item, field, field_value)
            changed.append(item)
    ballot.overall = overall or ballot.overall
    ballot.comment = comment if comment is not None else ballot.comment
    return ballot, written, (new, changed)


def _store(ballot, items) -> None:
    """The ballot (inserted or updated), then its new and changed items (``_write``)."""
    new, changed = items
    ballot.save()
    BallotItem.objects.bulk_create(new)  # each item's ballot_id is read from the saved ballot
    if changed:
        BallotItem.objects.bulk_update(changed, ["score", "rating", "comment"])


def save_ballot(*, council, user, items, dossier=None, overall="", comment=None) -> Ballot:
    """Save a draft: some criteria may still be empty. Nobody else can read it."""
    with council_lock(council):
        council, member, dossier = _context(council, user, dossier)
        ballot, _written, to_write = _write(council, member, dossier, items, overall, comment)
        _store(ballot, to_write)
        return ballot


def _finalise(council, ballot, values):
    """Every criterion filled (``values``: the ballot's items by criterion); the member's
    conclusion derived or checked (TT 06/2023, TT 11)."""
    missing = [criterion_label(c) for c in council.criteria if c["code"] not in values]
    if missing:
        raise InvalidBallot(_("Phiếu còn thiếu: %(items)s.") % {"items": ", ".join(missing)},
                            errors={"items": missing})
    overall = kind_of(council).overall
    if overall == "verdict":
        # TT 06/2023: "Thực hiện" only when every criterion is "Đạt yêu cầu".
        ballot.overall = (Verdict.MEETS if all(v.rating == Verdict.MEETS for v in values.values())
                          else Verdict.FAILS)
    elif overall == "rating":
        ratings = {code: item.rating for code, item in values.items()}
        floor = member_acceptance_floor(ratings)
        if not ballot.overall:
            raise InvalidBallot(_("Cần chọn kết luận chung."),
                                errors={"overall": [_("Cần chọn kết luận chung.")]})
        if floor == Rating.FAIL and ballot.overall != Rating.FAIL:
            raise InvalidBallot(_("Báo cáo hoặc quá 1/4 sản phẩm không đạt: kết luận phải là "
                                  "“Không đạt”."), errors={"overall": [_("Phải là “Không đạt”.")]})
        if floor == Rating.PASS and ballot.overall == Rating.EXCELLENT:
            raise InvalidBallot(_("Có nội dung “Không đạt”: không thể kết luận “Xuất sắc”."),
                                errors={"overall": [_("Không thể là “Xuất sắc”.")]})


def submit_ballot(*, council, user, items=None, dossier=None, overall="", comment=None) -> Ballot:
    """Submit (after saving ``items``); once the member's ballots for every dossier are in,
    their seat's task in the process is done."""
    with council_lock(council) as process:
        council, member, dossier = _context(council, user, dossier)
        ballot, written, to_write = _write(council, member, dossier, items, overall, comment)
        _finalise(council, ballot, written)
        ballot.status = BallotStatus.SUBMITTED
        ballot.submitted_at = timezone.now()
        _store(ballot, to_write)
        submitted = Ballot.objects.filter(member=member, round=council.round,
                                          status=BallotStatus.SUBMITTED).values("dossier_id")
        pending = council.dossiers.exclude(pk__in=submitted)
        if not pending.exists():
            complete_task(process, "cast_ballot", user, seat=member.seat)
            ballot_submitted.send(sender=Ballot, council=council, member=member)
    return ballot
