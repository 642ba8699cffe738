from __future__ import annotations

import datetime
import io

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory
from pypdf import PdfWriter

from applications.choices import ApplicationStatus, DecidingBody, DocumentKind
from applications.models import Application, ApplicationDocument, CriterionReview
from members.choices import OrganisationKind
from tervekunta.models import StatusChange
from tests.factories.members import MunicipalityFactory


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


DECLARED = [
    "top-management",
    "network-tasks",
    "host-in-turn",
    "statutory-task",
    "cross-sector",
    "communication",
    "network-interest",
    "participation",
]


class ApplicationDocumentFactory(DjangoModelFactory):
    """A decision to join with its PDF; the traits `minutes` and `other` build the other kinds."""

    class Meta:
        model = ApplicationDocument

    application = factory.SubFactory("tests.factories.applications.ApplicationFactory", decision=False)
    kind = DocumentKind.JOINING_DECISION
    deciding_body = DecidingBody.EXECUTIVE_BOARD
    decision_date = datetime.date(2025, 4, 18)
    section = "KH 18.04.2025 § 85"
    record = "123/00.00.00/2025"
    file = factory.LazyFunction(lambda: ContentFile(pdf_bytes(), name="document.pdf"))

    class Params:
        joining_decision = factory.Trait(kind=DocumentKind.JOINING_DECISION)
        minutes = factory.Trait(kind=DocumentKind.MINUTES, deciding_body="", decision_date=None, record="")
        other = factory.Trait(kind=DocumentKind.OTHER, deciding_body="", decision_date=None, section="", record="")


class ApplicationFactory(DjangoModelFactory):
    """A complete application; `status=` with the traits below builds each status.

    The decision to join is its first document, given as `deciding_body=`, `decision_date=`,
    `decision_section=`, `decision_record=` and `minutes=` (None for no file); `decision=False`
    leaves the application without documents.
    """

    class Meta:
        model = Application
        skip_postgeneration_save = True

    kind = OrganisationKind.MUNICIPALITY
    municipality = factory.SubFactory(MunicipalityFactory)
    organisation_name = factory.LazyAttribute(lambda o: o.municipality.name_fi if o.municipality else "Kuntayhtymä")
    language = "fi"
    applicant_name = factory.Faker("name", locale="fi_FI")
    applicant_title = "hyvinvointijohtaja"
    applicant_email = factory.Sequence(lambda n: f"applicant{n}@kunta.example")
    applicant_phone = "050 123 4567"
    contact_first_name = "Minna"
    contact_last_name = "Koskinen"
    contact_title = "hyvinvointijohtaja"
    contact_email = factory.Sequence(lambda n: f"contact{n}@kunta.example")
    contact_phone = "050 309 9165"
    official_first_name = "Keijo"
    official_last_name = "Kaleva"
    official_title = "hyvinvointilautakunnan jäsen"
    official_email = "keijo.kaleva@kunta.example"
    coordinator_first_name = "Tanja"
    coordinator_last_name = "Tasala"
    coordinator_title = "hyvinvointikoordinaattori"
    steering_group_exists = True
    steering_group_branches = ["education", "social_health", "technical"]
    resources = "Työaikaa verkoston kokouksiin."
    website = "https://kunta.example/hyvinvointi"
    confirmations = factory.LazyFunction(lambda: list(DECLARED))
    status = ApplicationStatus.DRAFT

    first_document = factory.Maybe(
        "decision",
        factory.RelatedFactory(
            ApplicationDocumentFactory,
            factory_related_name="application",
            deciding_body=factory.SelfAttribute("..deciding_body"),
            decision_date=factory.SelfAttribute("..decision_date"),
            section=factory.SelfAttribute("..decision_section"),
            record=factory.SelfAttribute("..decision_record"),
            file=factory.SelfAttribute("..minutes"),
        ),
    )

    class Params:
        decision = True
        deciding_body = DecidingBody.EXECUTIVE_BOARD
        decision_date = datetime.date(2025, 4, 18)
        decision_section = "KH 18.04.2025 § 85"
        decision_record = "123/00.00.00/2025"
        minutes = factory.LazyFunction(lambda: ContentFile(pdf_bytes(), name="minutes.pdf"))
        submitted = factory.Trait(status=ApplicationStatus.SUBMITTED, submitted_at=factory.LazyFunction(timezone.now))
        info_requested = factory.Trait(
            status=ApplicationStatus.INFO_REQUESTED,
            submitted_at=factory.LazyFunction(timezone.now),
            info_request="Onko päätös viety kaupunginhallitukseen?",
        )
        in_review = factory.Trait(status=ApplicationStatus.IN_REVIEW, submitted_at=factory.LazyFunction(timezone.now))
        joint = factory.Trait(
            kind=OrganisationKind.JOINT_AUTHORITY, municipality=None, organisation_name="Kuntayhtymä X"
        )


class ApplicationStatusChangeFactory(DjangoModelFactory):
    class Meta:
        model = StatusChange
        exclude = ["application"]

    application = factory.SubFactory(ApplicationFactory, submitted=True)
    record = factory.SelfAttribute("application")
    old_status = ApplicationStatus.DRAFT
    new_status = ApplicationStatus.SUBMITTED


class CriterionReviewFactory(DjangoModelFactory):
    class Meta:
        model = CriterionReview

    application = factory.SubFactory(ApplicationFactory, submitted=True)
    criterion = "joining-decision"
    verdict = "met"
    comment = "Kaupunginhallitus päätti."
