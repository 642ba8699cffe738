"""The joining criteria of the network, with stable ids, and their automatic assessment.

Some criteria can be judged from the application's data (who decided, the steering group, the
named people); the others are declarations that a coordinator confirms.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from applications.choices import AdministrativeBranch, Assessment, DecidingBody
from members.choices import OrganisationKind

if TYPE_CHECKING:
    from applications.models import Application

ALL_KINDS = frozenset(OrganisationKind.values)
PUBLIC_BODIES = frozenset({OrganisationKind.MUNICIPALITY, OrganisationKind.WELFARE_REGION})


@dataclass(frozen=True)
class Result:
    assessment: str
    reason: str | Promise

    @property
    def label(self) -> str:
        return Assessment(self.assessment).label


def _no_evidence(application: Application) -> str:
    return ""


def _always_answered(application: Application) -> bool:
    return True


@dataclass(frozen=True)
class Criterion:
    # The stable id is for the code and the stored data; people read the title and the text.
    id: str
    title: str | Promise
    group: str | Promise
    text: str | Promise
    kinds: frozenset[str]
    assess: Callable[[Application], Result]
    # A declaration the applicant confirms with a tick; a coordinator checks it.
    declaration: bool = False
    # What in the application the automatic result rests on, shown to the coordinator who reviews it.
    evidence: Callable[[Application], str] = _no_evidence
    # Whether the applicant has answered anything the criterion is judged on; a draft shows the
    # criterion as not answered yet until then, rather than as not met.
    answered: Callable[[Application], bool] = _always_answered

    def applies_to(self, kind: str) -> bool:
        return kind in self.kinds


DECLARED = Result(Assessment.TO_CONFIRM, _("Confirmed by the applicant; a coordinator checks it."))
NOT_ANSWERED = Result(Assessment.NOT_ANSWERED, _("The application does not answer this yet."))
NOT_DECLARED = Result(Assessment.NOT_MET, _("The applicant has not confirmed this."))


def _declaration(criterion_id: str) -> Callable[[Application], Result]:
    def assess(application: Application) -> Result:
        return DECLARED if criterion_id in (application.confirmations or []) else NOT_DECLARED

    return assess


def _joining_decision(application: Application) -> Result:
    decision = application.decision_that_counts
    body = decision.deciding_body if decision else ""
    if decision is None:
        return Result(Assessment.NOT_MET, _("The deciding body and the date of the decision are not given."))
    if application.kind == OrganisationKind.MUNICIPALITY:
        if body in (DecidingBody.COUNCIL, DecidingBody.EXECUTIVE_BOARD):
            return Result(Assessment.MET, _("Decided by the council or the executive board."))
        if body == DecidingBody.COMMITTEE:
            return Result(
                Assessment.NOT_MET,
                _("A committee decision alone is not enough: the council or the executive board must decide."),
            )
        if body in (DecidingBody.REGIONAL_COUNCIL, DecidingBody.REGIONAL_BOARD):
            return Result(Assessment.NOT_MET, _("A municipality decides by its council or executive board."))
        return Result(Assessment.TO_CONFIRM, _("Another body decided; a coordinator checks whether it may."))
    if application.kind == OrganisationKind.WELFARE_REGION:
        if body in (DecidingBody.REGIONAL_COUNCIL, DecidingBody.REGIONAL_BOARD):
            return Result(Assessment.MET, _("Decided by the regional council or the regional executive board."))
        if body == DecidingBody.OTHER:
            return Result(Assessment.TO_CONFIRM, _("Another body decided; a coordinator checks whether it may."))
        return Result(
            Assessment.NOT_MET,
            _("A welfare region decides by its regional council or regional executive board."),
        )
    return Result(Assessment.TO_CONFIRM, _("A coordinator checks that the organisation's governing body decided."))


def _steering_group(application: Application) -> Result:
    if not application.steering_group_exists:
        return Result(Assessment.NOT_MET, _("There is no steering group."))
    branches = len(application.steering_group_branches or [])
    if branches < 2:
        return Result(
            Assessment.NOT_MET,
            _("The steering group must have representatives of at least two administrative branches."),
        )
    return Result(Assessment.MET, _("A steering group of several administrative branches exists."))


def _named(first: str, last: str, missing: str | Promise, present: str | Promise) -> Result:
    if first.strip() and last.strip():
        return Result(Assessment.MET, present)
    return Result(Assessment.NOT_MET, missing)


def _welfare_coordinator(application: Application) -> Result:
    return _named(
        application.coordinator_first_name,
        application.coordinator_last_name,
        _("No welfare coordinator is named."),
        _("A welfare coordinator is named."),
    )


def _elected_official(application: Application) -> Result:
    return _named(
        application.official_first_name,
        application.official_last_name,
        _("No responsible elected official is named."),
        _("A responsible elected official is named."),
    )


def _resources(application: Application) -> Result:
    if not (application.contact_first_name.strip() and application.contact_last_name.strip()):
        return Result(Assessment.NOT_MET, _("No contact person is named to take part in the network."))
    if not application.resources.strip():
        return Result(Assessment.NOT_MET, _("The resources are not described."))
    return Result(Assessment.TO_CONFIRM, _("Resources are described; a coordinator checks them."))


def _communication(application: Application) -> Result:
    if not application.website:
        return Result(Assessment.NOT_MET, _("No web page on health and welfare promotion is given."))
    return _declaration("communication")(application)


def _decision_evidence(application: Application) -> str:
    return application.decision_display


def _declared(criterion_id: str) -> Callable[[Application], bool]:
    return lambda application: criterion_id in (application.confirmations or [])


def _decision_given(application: Application) -> bool:
    return application.form_decision is not None or application.decision_that_counts is not None


def _steering_group_answered(application: Application) -> bool:
    return application.steering_group_exists or bool(application.steering_group_branches)


def _names_given(prefix: str) -> Callable[[Application], bool]:
    return lambda application: bool(
        getattr(application, f"{prefix}_first_name").strip() or getattr(application, f"{prefix}_last_name").strip()
    )


def _resources_answered(application: Application) -> bool:
    return bool(application.resources.strip())


def _communication_answered(application: Application) -> bool:
    return bool(application.website) or "communication" in (application.confirmations or [])


def _steering_group_evidence(application: Application) -> str:
    if not application.steering_group_exists:
        return ""
    return ", ".join(str(AdministrativeBranch(b).label) for b in application.steering_group_branches or [])


def _welfare_coordinator_evidence(application: Application) -> str:
    names = (application.coordinator_first_name, application.coordinator_last_name, application.coordinator_title)
    return " ".join(part for part in names if part)


def _elected_official_evidence(application: Application) -> str:
    names = (application.official_first_name, application.official_last_name, application.official_title)
    return " ".join(part for part in names if part)


COMMITMENT = _("Commitment")
COMMITS_TO = _("The organisation commits to")
ARRANGEMENTS = _("Administrative arrangements")
ACTIVITIES = _("Activities")
NATIONAL = _("National network")

CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "top-management",
        _("Responsibility of the top management"),
        COMMITMENT,
        _("Responsibility for health and welfare promotion lies with the top management."),
        ALL_KINDS,
        _declaration("top-management"),
        declaration=True,
        answered=_declared("top-management"),
    ),
    Criterion(
        "joining-decision",
        _("Decision to join"),
        COMMITMENT,
        _(
            "Joining is decided by the council or at least the executive board (for a welfare region, "
            "the regional council or the regional executive board). A committee decision alone is not enough."
        ),
        ALL_KINDS,
        _joining_decision,
        evidence=_decision_evidence,
        answered=_decision_given,
    ),
    Criterion(
        "network-tasks",
        _("Common tasks of the network"),
        COMMITS_TO,
        _("The organisation carries out the tasks that the network agrees on together."),
        ALL_KINDS,
        _declaration("network-tasks"),
        declaration=True,
        answered=_declared("network-tasks"),
    ),
    Criterion(
        "host-in-turn",
        _("Hosting meetings in turn"),
        COMMITS_TO,
        _("The organisation prepares and hosts network meetings in turn with the other members."),
        ALL_KINDS,
        _declaration("host-in-turn"),
        declaration=True,
        answered=_declared("host-in-turn"),
    ),
    Criterion(
        "steering-group",
        _("Steering group"),
        ARRANGEMENTS,
        _(
            "A health and welfare promotion management or steering group made of representatives of "
            "different administrative branches."
        ),
        ALL_KINDS,
        _steering_group,
        evidence=_steering_group_evidence,
        answered=_steering_group_answered,
    ),
    Criterion(
        "welfare-coordinator",
        _("Welfare coordinator"),
        ARRANGEMENTS,
        _("A named welfare coordinator or equivalent."),
        ALL_KINDS,
        _welfare_coordinator,
        evidence=_welfare_coordinator_evidence,
        answered=_names_given("coordinator"),
    ),
    Criterion(
        "elected-official",
        _("Responsible elected official"),
        ARRANGEMENTS,
        _("A named responsible elected official for the network's activities."),
        ALL_KINDS,
        _elected_official,
        evidence=_elected_official_evidence,
        answered=_names_given("official"),
    ),
    Criterion(
        "resources",
        _("Resources"),
        ARRANGEMENTS,
        _(
            "Enough resources that the contact person and the elected official can attend network meetings "
            "and build their competence (remote attendance is possible)."
        ),
        ALL_KINDS,
        _resources,
        evidence=lambda application: application.resources,
        answered=_resources_answered,
    ),
    Criterion(
        "statutory-task",
        _("Statutory promotion task"),
        ACTIVITIES,
        _("Actively carries out the statutory health and welfare promotion task."),
        PUBLIC_BODIES,
        _declaration("statutory-task"),
        declaration=True,
        answered=_declared("statutory-task"),
    ),
    Criterion(
        "cross-sector",
        _("Work across administrative branches"),
        ACTIVITIES,
        _(
            "Develops promotion and narrows welfare and health inequalities across all administrative "
            "branches, involving residents."
        ),
        ALL_KINDS,
        _declaration("cross-sector"),
        declaration=True,
        answered=_declared("cross-sector"),
    ),
    Criterion(
        "communication",
        _("Communication"),
        ACTIVITIES,
        _("Communicates about health and welfare promotion, e.g. on its website."),
        ALL_KINDS,
        _communication,
        declaration=True,
        evidence=lambda application: application.website,
        answered=_communication_answered,
    ),
    Criterion(
        "network-interest",
        _("Interest in the network"),
        NATIONAL,
        _(
            "Shows interest in working in the network and in joint development; shares good practices and "
            "learns from others."
        ),
        ALL_KINDS,
        _declaration("network-interest"),
        declaration=True,
        answered=_declared("network-interest"),
    ),
    Criterion(
        "participation",
        _("Participation in meetings"),
        NATIONAL,
        _("Takes part in the national network's seminars and meetings."),
        ALL_KINDS,
        _declaration("participation"),
        declaration=True,
        answered=_declared("participation"),
    ),
)

BY_ID: dict[str, Criterion] = {criterion.id: criterion for criterion in CRITERIA}
DECLARATIONS: tuple[Criterion, ...] = tuple(criterion for criterion in CRITERIA if criterion.declaration)


@dataclass(frozen=True)
class CriterionAssessment:
    criterion: Criterion
    result: Result
    explanation: str = ""


def criteria_for(kind: str) -> list[Criterion]:
    return [criterion for criterion in CRITERIA if criterion.applies_to(kind)]


def _result(criterion: Criterion, application: Application, pending_unanswered: bool) -> Result:
    if pending_unanswered and not criterion.answered(application):
        return NOT_ANSWERED
    return criterion.assess(application)


def assess(application: Application, *, pending_unanswered: bool = False) -> list[CriterionAssessment]:
    """Every criterion that applies to the application's kind, with its automatic result.

    With `pending_unanswered`, a criterion the applicant has not answered at all is "not answered
    yet" rather than "not met": what a draft shows while it is being written.
    """
    explanations = application.explanations or {}
    return [
        CriterionAssessment(
            criterion, _result(criterion, application, pending_unanswered), explanations.get(criterion.id, "")
        )
        for criterion in criteria_for(application.kind)
    ]
