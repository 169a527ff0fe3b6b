"""A council's decision deadline counted from its meeting follows the Civil Code like every
other deadline."""

import datetime

from tasks_kh_cn.councils.models import MeetingRule
from tasks_kh_cn.councils.services.meetings import decision_due_after


def test_a_calendar_day_decision_deadline_ending_on_a_day_off_moves_to_the_next_working_day(db):
    """27/02/2027 is a Saturday: a decision due 15 days after a meeting on 12/02 is due on
    Monday 01/03 (Civil Code art. 148), as for every other deadline."""
    rule = MeetingRule(decision_days=15, decision_in_working_days=False)
    assert decision_due_after(datetime.date(2027, 2, 12), rule) == datetime.date(2027, 3, 1)
