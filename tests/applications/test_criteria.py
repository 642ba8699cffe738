from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from applications.choices import ApplicationStatus, Assessment, DecidingBody
from applications.criteria import BY_ID, CRITERIA, assess, criteria_for
from applications.models import Application
from members.choices import OrganisationKind
from tests.factories.applications import ApplicationDocumentFactory, ApplicationFactory
from tests.factories.members import WelfareRegionFactory

pytestmark = pytest.mark.django_db

EXPECTED_IDS = [
    "top-management",
    "joining-decision",
    "network-tasks",
    "host-in-turn",
    "steering-group",
    "welfare-coordinator",
    "elected-official",
    "resources",
    "statutory-task",
    "cross-sector",
    "communication",
    "network-interest",
    "participation",
]


def _application(**values) -> Application:
    """An application with its decision as the first document (none when `deciding_body` is empty)."""
    kind = values.pop("kind", OrganisationKind.MUNICIPALITY)
    if kind == OrganisationKind.WELFARE_REGION:
        values.update(municipality=None, welfare_region=WelfareRegionFactory())
    elif kind != OrganisationKind.MUNICIPALITY:
        values.update(municipality=None, organisation_name="Kuntayhtymä")
    body = values.pop("deciding_body", DecidingBody.COUNCIL)
    decision = {
        "decision": bool(body),
        "deciding_body": body,
        "decision_date": values.pop("decision_date", datetime.date(2023, 6, 13)),
        "decision_section": values.pop("decision_section", ""),
        "decision_record": values.pop("decision_record", ""),
    }
    defaults = {
        "contact_first_name": "Minna",
        "contact_last_name": "Koskinen",
        "official_first_name": "Keijo",
        "official_last_name": "Kaleva",
        "official_title": "",
        "coordinator_first_name": "Tanja",
        "coordinator_last_name": "Tasala",
        "steering_group_exists": True,
        "steering_group_branches": ["education", "social_health"],
        "resources": "Aikaa kokouksiin",
        "website": "https://virrat.example/hyte",
        "confirmations": [c.id for c in CRITERIA if c.declaration],
    }
    return ApplicationFactory(kind=kind, **decision, **{**defaults, **values})


def _result(application: Application, criterion_id: str):
    return BY_ID[criterion_id].assess(application)


def test_catalogue_has_the_thirteen_stable_ids():
    assert [c.id for c in CRITERIA] == EXPECTED_IDS


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_criterion_has_a_text_in_each_language(language):
    with translation.override(language):
        texts = {str(c.text) for c in CRITERIA}
    assert len(texts) == 13


def test_texts_are_translated():
    with translation.override("fi"):
        assert str(BY_ID["participation"].text) != "Takes part in the national network's seminars and meetings."
    with translation.override("sv"):
        assert str(BY_ID["participation"].text) != "Takes part in the national network's seminars and meetings."


@pytest.mark.parametrize(
    ("kind", "body", "expected"),
    [
        (OrganisationKind.MUNICIPALITY, DecidingBody.COUNCIL, Assessment.MET),
        (OrganisationKind.MUNICIPALITY, DecidingBody.EXECUTIVE_BOARD, Assessment.MET),
        (OrganisationKind.MUNICIPALITY, DecidingBody.COMMITTEE, Assessment.NOT_MET),
        (OrganisationKind.MUNICIPALITY, DecidingBody.REGIONAL_COUNCIL, Assessment.NOT_MET),
        (OrganisationKind.MUNICIPALITY, DecidingBody.OTHER, Assessment.TO_CONFIRM),
        (OrganisationKind.MUNICIPALITY, "", Assessment.NOT_MET),
        (OrganisationKind.WELFARE_REGION, DecidingBody.REGIONAL_COUNCIL, Assessment.MET),
        (OrganisationKind.WELFARE_REGION, DecidingBody.REGIONAL_BOARD, Assessment.MET),
        (OrganisationKind.WELFARE_REGION, DecidingBody.COMMITTEE, Assessment.NOT_MET),
        (OrganisationKind.WELFARE_REGION, DecidingBody.COUNCIL, Assessment.NOT_MET),
        (OrganisationKind.JOINT_AUTHORITY, DecidingBody.OTHER, Assessment.TO_CONFIRM),
    ],
)
def test_joining_decision(kind, body, expected):
    assert _result(_application(kind=kind, deciding_body=body), "joining-decision").assessment == expected


def test_virrat_committee_decision_is_flagged_with_a_reason():
    with translation.override("en"):
        result = _result(_application(deciding_body=DecidingBody.COMMITTEE), "joining-decision")
        assert result.assessment == Assessment.NOT_MET
        assert "committee decision alone is not enough" in str(result.reason)


@pytest.mark.parametrize(
    ("exists", "branches", "expected"),
    [
        (False, ["education", "social_health"], Assessment.NOT_MET),
        (True, [], Assessment.NOT_MET),
        (True, ["education"], Assessment.NOT_MET),
        (True, ["education", "social_health"], Assessment.MET),
    ],
)
def test_steering_group(exists, branches, expected):
    application = _application(steering_group_exists=exists, steering_group_branches=branches)
    assert _result(application, "steering-group").assessment == expected


@pytest.mark.parametrize(
    ("criterion_id", "field"),
    [
        ("welfare-coordinator", "coordinator_last_name"),
        ("elected-official", "official_first_name"),
        ("resources", "contact_last_name"),
        ("resources", "resources"),
    ],
)
def test_missing_people_are_not_met(criterion_id, field):
    assert _result(_application(), criterion_id).assessment != Assessment.NOT_MET
    assert _result(_application(**{field: " "}), criterion_id).assessment == Assessment.NOT_MET


def test_declarations_need_the_applicants_tick():
    assert _result(_application(), "host-in-turn").assessment == Assessment.TO_CONFIRM
    assert _result(_application(confirmations=[]), "host-in-turn").assessment == Assessment.NOT_MET


def test_communication_needs_a_web_page():
    assert _result(_application(website=""), "communication").assessment == Assessment.NOT_MET


def test_kinds_each_criterion_applies_to():
    assert len(criteria_for(OrganisationKind.MUNICIPALITY)) == 13
    assert len(criteria_for(OrganisationKind.WELFARE_REGION)) == 13
    assert "statutory-task" not in [c.id for c in criteria_for(OrganisationKind.JOINT_AUTHORITY)]


def test_assess_carries_the_applicants_explanation():
    application = _application(deciding_body=DecidingBody.COMMITTEE, explanations={"joining-decision": "KH 8/2023"})
    item = next(a for a in assess(application) if a.criterion.id == "joining-decision")
    assert item.explanation == "KH 8/2023"


EVIDENCE = {
    "joining-decision": "Valtuusto 13.6.2023 HYVLTK 13.06.2023 § 26, 257/05.00.00/2023",
    "steering-group": "Opetus ja varhaiskasvatus, Sosiaali- ja terveyspalvelut",
    "welfare-coordinator": "Tanja Tasala hyvinvointikoordinaattori",
    "elected-official": "Keijo Kaleva",
    "resources": "Aikaa kokouksiin",
    "communication": "https://virrat.example/hyte",
}


@pytest.mark.parametrize("criterion", CRITERIA, ids=lambda c: c.id)
def test_each_criterion_shows_its_own_evidence(criterion):
    application = _application(
        decision_section="HYVLTK 13.06.2023 § 26",
        decision_record="257/05.00.00/2023",
        coordinator_title="hyvinvointikoordinaattori",
    )
    with translation.override("fi"):
        assert criterion.evidence(application) == EVIDENCE.get(criterion.id, "")


def test_no_steering_group_is_no_evidence():
    assert BY_ID["steering-group"].evidence(_application(steering_group_exists=False)) == ""


def test_a_later_board_decision_counts_beside_the_committee_decision():
    # Virrat: the committee decided first; the city board's decision, added later, is the one that counts.
    application = _application(deciding_body=DecidingBody.COMMITTEE, decision_section="HYVLTK 13.06.2023 § 26")
    assert _result(application, "joining-decision").assessment == Assessment.NOT_MET
    board = ApplicationDocumentFactory(
        application=application,
        deciding_body=DecidingBody.EXECUTIVE_BOARD,
        decision_date=datetime.date(2023, 9, 4),
        section="§ 212",
    )
    application = Application.objects.get(pk=application.pk)
    assert application.decision_that_counts == board
    assert application.documents.count() == 2
    assert _result(application, "joining-decision").assessment == Assessment.MET
    with translation.override("fi"):
        assert (
            BY_ID["joining-decision"].evidence(application)
            == "Kunnan- tai kaupunginhallitus 4.9.2023 § 212, 123/00.00.00/2025"
        )


def test_a_later_committee_decision_does_not_outweigh_the_board():
    application = _application(deciding_body=DecidingBody.EXECUTIVE_BOARD)
    ApplicationDocumentFactory(
        application=application, deciding_body=DecidingBody.COMMITTEE, decision_date=datetime.date(2024, 1, 1)
    )
    application = Application.objects.get(pk=application.pk)
    assert application.decision_that_counts.deciding_body == DecidingBody.EXECUTIVE_BOARD
    assert _result(application, "joining-decision").assessment == Assessment.MET


def test_minutes_and_other_documents_are_no_decision():
    application = _application(deciding_body="")
    ApplicationDocumentFactory(application=application, minutes=True)
    ApplicationDocumentFactory(application=application, other=True)
    assert application.decision_that_counts is None
    assert _result(application, "joining-decision").assessment == Assessment.NOT_MET


def test_a_fresh_draft_shows_criteria_as_not_answered_rather_than_not_met():
    draft = ApplicationFactory(
        decision=False,
        status=ApplicationStatus.DRAFT,
        confirmations=[],
        steering_group_exists=False,
        steering_group_branches=[],
        official_first_name="",
        official_last_name="",
        coordinator_first_name="",
        coordinator_last_name="",
        resources="",
        website="",
    )
    pending = assess(draft, pending_unanswered=True)
    assert {item.result.assessment for item in pending} == {Assessment.NOT_ANSWERED}
    assert Assessment.NOT_MET in {item.result.assessment for item in assess(draft)}


def test_an_answered_criterion_shows_its_result_in_a_draft():
    draft = ApplicationFactory(deciding_body=DecidingBody.COMMITTEE, confirmations=["host-in-turn"])
    results = {item.criterion.id: item.result.assessment for item in assess(draft, pending_unanswered=True)}
    assert results["joining-decision"] == Assessment.NOT_MET
    assert results["host-in-turn"] == Assessment.TO_CONFIRM
    assert results["top-management"] == Assessment.NOT_ANSWERED


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_criterion_has_a_title_that_is_not_its_id(language):
    with translation.override(language):
        titles = [str(c.title) for c in CRITERIA]
    assert len(set(titles)) == 13
    assert not {c.id for c in CRITERIA} & set(titles)
