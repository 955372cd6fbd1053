"""The history of changes to the register, read back in words: who changed what, when, from
what to what, with the field names and values users know (Vietnamese labels, choices by
their names, dates as dd/mm/yyyy, organizations and members by name).

django-simple-history keeps a full copy of the row after every save (members, organizations,
leadership posts, complaints, discipline decisions: their `history`); this module compares
each copy with the one before. Who made the change is the request's user
(HistoryRequestMiddleware) or, in a service or a background job, the `by` the service names
(`attribute`)."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from partybloc.notes import shown
from partybloc.people import display_name
from partybloc.types import User

# The change reason of the copies written when the history began, for rows that were already
# in the register (audit/migrations/0003_history_baseline.py writes the same words).
BASELINE_REASON = "history-began"


def attribute(instance: models.Model, *, by: User | None, reason: str = "") -> models.Model:
    """Name who makes the next save of instance, and why, in its history. Without it the
    request's user is named, or nobody (a command)."""
    if by is not None:
        instance._history_user = by
    if reason:
        instance._change_reason = reason
    return instance


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class HistoryEntry:
    at: datetime.datetime
    by: User | None
    kind: str  # "created", "baseline", "changed", "deleted"
    reason: str
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def by_name(self) -> str:
        return display_name(self.by) if self.by is not None else ""


def history_of(instance: models.Model) -> list[HistoryEntry]:
    """The instance's changes, newest first: its creation (or its state when the history
    began), then each save that changed a field it tracks. Saves that changed nothing tracked
    are left out. Two queries, plus one per kind of row its fields point to."""
    records = list(instance.history.select_related("history_user").order_by("history_date", "pk"))
    if not records:
        return []
    fields = [f for f in records[0].tracked_fields if not f.primary_key]
    names = _related_names(fields, records)
    entries = []
    previous = None
    for record in records:
        reason = shown(record.history_change_reason)
        if previous is None or record.history_type == "+":
            kind = "baseline" if reason == BASELINE_REASON else "created"
            entry = HistoryEntry(record.history_date, record.history_user, kind, "")
            if kind == "created":
                entry.reason = reason
        else:
            kind = "deleted" if record.history_type == "-" else "changed"
            entry = HistoryEntry(record.history_date, record.history_user, kind, reason)
            for model_field in fields:
                before = getattr(previous, model_field.attname)
                after = getattr(record, model_field.attname)
                if before != after:
                    entry.changes.append(
                        FieldChange(
                            capfirst(str(model_field.verbose_name)),
                            _shown(model_field, before, names),
                            _shown(model_field, after, names),
                        )
                    )
            if kind == "changed" and not entry.changes:
                previous = record
                continue
        entries.append(entry)
        previous = record
    entries.reverse()
    return entries


def _related_names(fields: list[models.Field], records: list) -> dict:
    """(model, pk) -> its name, for every row the records' foreign keys point to."""
    wanted: dict[type[models.Model], set] = {}
    for model_field in fields:
        if model_field.is_relation and model_field.many_to_one:
            ids = {getattr(record, model_field.attname) for record in records} - {None}
            wanted.setdefault(model_field.related_model, set()).update(ids)
    names = {}
    for model, ids in wanted.items():
        if ids:
            named = display_name if model is get_user_model() else str
            for pk, row in model._default_manager.in_bulk(ids).items():
                names[(model, pk)] = named(row)
    return names


def _shown(model_field: models.Field, value: object, names: dict) -> str:
    if value is None or value == "":
        return "—"
    if model_field.is_relation:
        return names.get((model_field.related_model, value), f"#{value}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    return str(value)
