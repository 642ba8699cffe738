"""The retention schedule of personal data: what is kept, how long after which event, and why.

Each app declares the rules for its own records in `<app>/retention.py` as `RULES`; this
module finds them in every installed app (as the admin finds `admin.py`), so it names no app.
The same rules drive `manage.py purge_personal_data` (the daily job), the coordinator's
retention page and the retention section of the privacy notice: the notice cannot promise
what the job does not do.

A rule's `due(now)` is the queryset of the records whose time has come at `now` and that still
hold personal data, so a second run finds nothing; its `remove(queryset)` deletes them (see
`tervekunta.deletion`) or clears their personal fields and returns how many records of each
kind went.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.db import models, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tervekunta.erasure import Reason, record_erasure
from tervekunta.outbox import delete_messages


@dataclass(frozen=True)
class Rule:
    key: str
    # A short name of the kind of record, for the coordinator's page.
    title: str | Promise
    # What is kept, how long after which event, what happens then and why: the notice's words.
    what: str | Promise
    period: str | Promise
    outcome: str | Promise
    why: str | Promise
    # The records whose time has come at a moment (one queryset per table the rule covers).
    due: Callable[[datetime.datetime], list[models.QuerySet]]
    # Deletes or clears them; returns how many rows of each kind ("app.model") went.
    remove: Callable[[list[models.QuerySet]], dict[str, int]]
    # The place in the notice's list.
    order: int = 100

    def count(self, now: datetime.datetime) -> int:
        return sum(queryset.count() for queryset in self.due(now))


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same time `months` calendar months earlier (the last day of a shorter month)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def schedule() -> list[Rule]:
    """Every app's retention rules, in the notice's order."""
    rules: list[Rule] = []
    for config in apps.get_app_configs():
        name = f"{config.name}.retention"
        if find_spec(name) is None:
            continue
        rules += getattr(import_module(name), "RULES", [])
    return sorted(rules, key=lambda rule: (rule.order, rule.key))


def due_counts(now: datetime.datetime) -> dict[str, int]:
    """How many records each rule would remove at `now`."""
    return {rule.key: rule.count(now) for rule in schedule()}


def purge(now: datetime.datetime, *, dry_run: bool = False) -> dict[str, int]:
    """Remove (or with `dry_run`, only count) what the schedule says is due at `now`. Each rule
    runs in its own transaction with its erasure records. Returns how many records each rule
    removed or cleared."""
    done: dict[str, int] = {}
    for rule in schedule():
        with transaction.atomic():
            querysets = rule.due(now)
            done[rule.key] = sum(queryset.count() for queryset in querysets)
            if dry_run or not done[rule.key]:
                continue
            record_erasure(reason=Reason.RETENTION, counts=rule.remove(querysets))
    return done


# --- the project's own records: login records and the outbox ---------------------------------

LOGIN_RECORDS_DAYS = 90
DELIVERED_MESSAGES_DAYS = 90


def _login_records_due(now: datetime.datetime) -> list[models.QuerySet]:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    cutoff = now - datetime.timedelta(days=LOGIN_RECORDS_DAYS)
    return [model.objects.filter(attempt_time__lt=cutoff) for model in (AccessAttempt, AccessLog, AccessFailureLog)]


def _delete_all(querysets: list[models.QuerySet]) -> dict[str, int]:
    """Delete rows that nothing else refers to and that have no history of their own."""
    return {queryset.model._meta.label_lower: queryset.delete()[0] for queryset in querysets}


def _delivered_messages_due(now: datetime.datetime) -> list[models.QuerySet]:
    from post_office.models import STATUS, Email

    cutoff = now - datetime.timedelta(days=DELIVERED_MESSAGES_DAYS)
    return [Email.objects.filter(status=STATUS.sent, last_updated__lt=cutoff)]


def _remove_delivered_messages(querysets: list[models.QuerySet]) -> dict[str, int]:
    return delete_messages(list(querysets[0].values_list("pk", flat=True)))


RULES = [
    Rule(
        key="login_records",
        title=_("Login records"),
        what=_("Login records: the user name, the network address and browser, and the time of each sign-in attempt"),
        period=_("90 days after the attempt"),
        outcome=_("the records are deleted"),
        why=_(
            "They are needed to stop password guessing and to look into misuse of an account; a "
            "misuse comes to light within weeks."
        ),
        due=_login_records_due,
        remove=_delete_all,
        order=80,
    ),
    Rule(
        key="delivered_messages",
        title=_("Delivered e-mail messages"),
        what=_("E-mail messages the service has sent (recipient, subject and text) and their delivery log"),
        period=_("90 days after delivery"),
        outcome=_("the records are deleted"),
        why=_(
            "A coordinator may need to check what was sent and that it arrived while the matter is "
            "current. Messages that could not be delivered stay until a coordinator has dealt with them."
        ),
        due=_delivered_messages_due,
        remove=_remove_delivered_messages,
        order=90,
    ),
]
