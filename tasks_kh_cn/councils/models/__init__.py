from .ballots import Ballot, BallotItem, BallotStatus, Outcome, OutcomeResult, Rating, Verdict
from .council import (
    EXCLUDED,
    CasePartner,
    Conflict,
    Council,
    CouncilDossier,
    CouncilMember,
    CouncilStatus,
    MemberRole,
)
from .experts import AcademicRank, Degree, Expert, ExpertConflict, ExpertiseField
from .meetings import Meeting, MeetingRule, PublishedResult, SiteTeam
from .process import CouncilProcess
from .rules import CouncilRule, CouncilType, Criterion, Scale

__all__ = [
    "EXCLUDED", "Ballot", "BallotItem", "BallotStatus", "CasePartner", "Conflict", "Council",
    "CouncilDossier", "CouncilMember", "CouncilProcess", "CouncilRule", "CouncilStatus",
    "CouncilType", "Criterion", "MemberRole", "Outcome", "OutcomeResult", "Rating", "Scale",
    "Verdict", "AcademicRank", "Degree", "Expert", "ExpertConflict", "ExpertiseField",
    "Meeting", "MeetingRule", "PublishedResult", "SiteTeam",
]
