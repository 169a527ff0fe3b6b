from .calls import Call
from .cases import CaseCodeCounter, CaseKind, TaskCase
from .delegations import Delegation
from .documents import Document, DocumentKind, DocumentVersion
from .facts import UserFact
from .history import AppendOnlyError, TransitionLog
from .organisations import (
    District,
    Membership,
    Organisation,
    OrganisationKind,
    Profile,
    Sector,
    SizeClass,
    classify_size,
)
from .rules import DossierStage, RequiredDocument, RuleFigure, RuleSet

__all__ = [
    "AppendOnlyError", "Call", "CaseCodeCounter", "CaseKind", "Delegation", "District", "Document",
    "DocumentKind", "DocumentVersion", "DossierStage", "Membership", "Organisation",
    "OrganisationKind", "Profile", "RequiredDocument", "RuleFigure", "RuleSet", "Sector", "SizeClass",
    "TaskCase", "TransitionLog", "UserFact", "classify_size",
]
