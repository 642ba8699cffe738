from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from applications.choices import Assessment, DecidingBody
from applications.criteria import BY_ID, CRITERIA, assess, criteria_for
from applications.models import Application
from members.choices import OrganisationKind

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
    defaults = {
        "kind": OrganisationKind.MUNICIPALITY,
        "deciding_body": DecidingBody.COUNCIL,
        "decision_date": datetime.date(2023, 6, 13),
        "contact_first_name": "Minna",
        "contact_last_name": "Koskinen",
        "official_first_name": "Keijo",
        "official_last_name": "Kaleva",
        "coordinator_first_name": "Tanja",
        "coordinator_last_name": "Tasala",
        "steering_group_exists": True,
        "steering_group_branches": ["education", "social_health"],
        "resources": "Aikaa kokouksiin",
        "website": "https://virrat.example/hyte",
        "confirmations": [c.id for c in CRITERIA if c.declaration],
    }
    return Application(**{**defaults, **values})


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
    "joining-decision": "Valtuusto, 13.06.2023, HYVLTK 13.06.2023 § 26 257/05.00.00/2023",
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
