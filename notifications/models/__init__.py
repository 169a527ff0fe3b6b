from .calendar import CalendarDay, DayKind
from .deadlines import Deadline, DeadlineRule, DeadlineStatus, DueUnit, RuleAnchor
from .notices import Notice, NoticeEvent, Occurrence
from .outbox import Attempt, Channel, Outbox, OutboxStatus
from .reminders import ChannelPreference, ReminderPolicy, ReminderStep

__all__ = [
    "Attempt", "CalendarDay", "Channel", "ChannelPreference", "DayKind", "Deadline",
    "DeadlineRule", "DeadlineStatus", "DueUnit", "Notice", "NoticeEvent", "Occurrence", "Outbox",
    "OutboxStatus", "ReminderPolicy", "ReminderStep", "RuleAnchor",
]
