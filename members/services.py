"""Operations on members that touch their history: registering, transferring and changing
status. Each runs in a transaction, writes the dated history rows, and raises ValidationError
with a message the form shows. Members are never deleted. Every write of a member row is
kept in its history of changes, naming `by` (partybloc.audit.history), bulk writes too."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from members.models import (
    ACTIVE_STATUSES,
    PARTY_CARD_TAKEN,
    PROBATION_YEARS,
    REASON_LENGTH,
    LeadershipPosition,
    Member,
    MemberPlacement,
    MemberStatusChange,
    Status,
    add_years,
)
from organizations.models import Organization
from organizations.services import move_members
from partybloc import notes
from partybloc.audit.history import attribute
from partybloc.types import User
from reports.snapshot.marks import mark_members_stale, mark_organizations_stale


@transaction.atomic
def register_member(
    member: Member,
    *,
    by: User | None = None,
    came_from: str = "",
    joined_on: datetime.date | None = None,
) -> Member:
    """Save a new member with the status history their dates imply and their first placement.

    came_from names the party organization outside the bloc for a member transferred in.
    """
    if not member.organization.is_cell:
        raise ValidationError({"organization": _("Members belong to a party cell.")})
    member.status = Status.OFFICIAL if member.official_on else Status.PROBATIONARY
    member.status_since = member.official_on or member.admitted_on
    try:
        with transaction.atomic():
            attribute(member, by=by).save()
    except IntegrityError:
        # Someone registered the same national ID or card in the instant since the form was
        # checked: said on the field, and without the database's message (it holds the number).
        raise ValidationError(_numbers_taken(member)) from None
    MemberStatusChange.objects.create(
        member=member,
        status=Status.PROBATIONARY,
        effective_on=member.admitted_on,
        reason=notes.note("admitted"),
        recorded_by=by,
    )
    if member.official_on:
        MemberStatusChange.objects.create(
            member=member,
            status=Status.OFFICIAL,
            effective_on=member.official_on,
            reason=notes.note("recognized"),
            recorded_by=by,
        )
    MemberPlacement.objects.create(
        member=member,
        organization=member.organization,
        started_on=joined_on or member.admitted_on,
        reason=MemberPlacement.Reason.TRANSFER_IN
        if came_from
        else MemberPlacement.Reason.REGISTERED,
        came_from=came_from,
        recorded_by=by,
    )
    mark_members_stale([member.pk], since=min(member.admitted_on, joined_on or member.admitted_on))
    return member


def check_not_stale(member: Member, seen: int | None) -> None:
    """Refuse a change made from a page that showed an older state of the member's record
    (another change was recorded since). Called with the member's row locked."""
    if seen is not None and seen != member.version():
        raise ValidationError(
            _(
                "This member's record was changed by someone else after this page was opened. "
                "Nothing was recorded: open the member's page again, check the new state and "
                "enter the change again if it is still needed."
            ),
            code="stale",
        )


def _numbers_taken(member: Member) -> dict[str, str]:
    others = Member.objects.exclude(pk=member.pk)
    errors = {}
    if others.filter(national_id=member.national_id).exists():
        errors["national_id"] = _("Another member already has this national ID.")
    if (
        member.party_card_number
        and others.filter(party_card_number=member.party_card_number).exists()
    ):
        errors["party_card_number"] = str(PARTY_CARD_TAKEN)
    return errors or {"national_id": _("Another member already has this national ID.")}


def close_posts(
    member: Member,
    *,
    on: datetime.date,
    staying_in: Organization | None = None,
    by: User | None = None,
    reason: str = "",
) -> int:
    """End, on a date, the member's open leadership posts in the organizations they leave:
    every post when the membership ends or leaves the bloc; on a move within the bloc, the
    posts in organizations that do not hold the new cell (a secretary of a committee who moves
    between two of its cells stays its secretary). Returns how many were ended."""
    posts = member.positions.filter(ended_on__isnull=True).select_related("organization")
    if staying_in is not None:
        posts = [p for p in posts if not staying_in.path.startswith(p.organization.path)]
    posts = list(posts)
    for post in posts:
        post.ended_on = max(on, post.started_on)
    bulk_update_with_history(
        posts, LeadershipPosition, ["ended_on"], default_user=by, default_change_reason=reason
    )
    return len(posts)


def _check_effective_date(member: Member, on: datetime.date) -> None:
    if on > timezone.localdate():
        raise ValidationError({"effective_on": _("The date cannot be in the future.")})
    last_change = member.status_changes.order_by("-effective_on").first()
    last_move = member.placements.order_by("-started_on").first()
    latest = max(
        [
            day
            for day in (
                member.admitted_on,
                getattr(last_change, "effective_on", None),
                getattr(last_move, "started_on", None),
            )
            if day
        ]
    )
    if on < latest:
        raise ValidationError(
            {
                "effective_on": _(
                    "The date is before the member's last recorded change (%(date)s)."
                )
                % {"date": latest.strftime("%d/%m/%Y")}
            }
        )


@transaction.atomic
def change_status(
    member: Member,
    *,
    to: str,
    on: datetime.date,
    reason: str = "",
    decision_number: str = "",
    by: User | None = None,
    seen: int | None = None,
) -> Member:
    """seen: the version of the record the user's page showed (Member.version)."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    check_not_stale(member, seen)
    if to not in member.allowed_next_statuses():
        raise ValidationError(
            {
                "status": _("A member who is %(current)s cannot become %(new)s.")
                % {"current": member.get_status_display(), "new": Status(to).label}
            }
        )
    _check_effective_date(member, on)
    if to == Status.OFFICIAL and member.status == Status.PROBATIONARY:
        if on < add_years(member.admitted_on, PROBATION_YEARS):
            raise ValidationError(
                {
                    "effective_on": _(
                        "A member is recognized as official only after 12 months of probation "
                        "(on or after %(date)s)."
                    )
                    % {"date": add_years(member.admitted_on, PROBATION_YEARS).strftime("%d/%m/%Y")}
                }
            )
        member.official_on = on
    MemberStatusChange.objects.create(
        member=member,
        status=to,
        effective_on=on,
        reason=reason,
        decision_number=decision_number,
        recorded_by=by,
    )
    member.status, member.status_since = to, on
    attribute(member, by=by, reason=reason).save()
    if to not in ACTIVE_STATUSES:
        # The member's time in the cell ends with their membership; the row stays as history.
        member.placements.filter(ended_on__isnull=True).update(ended_on=on)
        close_posts(member, on=on, by=by, reason=reason)
    mark_members_stale([member.pk], since=on)
    return member


@transaction.atomic
def transfer_member(
    member: Member,
    *,
    to: Organization,
    on: datetime.date,
    note: str = "",
    by: User | None = None,
    seen: int | None = None,
) -> Member:
    """Move an active member to another cell of the bloc. seen: as for change_status."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    check_not_stale(member, seen)
    if not member.is_active:
        raise ValidationError(_("Only an active member can be transferred."))
    if not to.is_cell or not to.is_active:
        raise ValidationError({"to": _("Members can only move to an active party cell.")})
    if to.pk == member.organization_id:
        raise ValidationError({"to": _("The member is already in this cell.")})
    _check_effective_date(member, on)
    move_members([member], to=to, on=on, reason=MemberPlacement.Reason.TRANSFER, by=by, note=note)
    close_posts(member, on=on, staying_in=to, by=by, reason=note)
    member.refresh_from_db()
    return member


@transaction.atomic
def transfer_out(
    member: Member,
    *,
    destination: str,
    on: datetime.date,
    note: str = "",
    by: User | None = None,
    seen: int | None = None,
) -> Member:
    """Move a member out of the bloc to another party organization."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    check_not_stale(member, seen)
    if not member.is_active:
        raise ValidationError(_("Only an active member can be transferred."))
    if not destination.strip():
        raise ValidationError(
            {"destination": _("Name the party organization the member moves to.")}
        )
    _check_effective_date(member, on)
    member.placements.filter(ended_on__isnull=True).update(
        ended_on=on, went_to=destination.strip(), note=note
    )
    MemberStatusChange.objects.create(
        member=member,
        status=Status.TRANSFERRED_OUT,
        effective_on=on,
        reason=notes.note("transferred_out", destination=destination.strip(), limit=REASON_LENGTH),
        recorded_by=by,
    )
    member.status, member.status_since = Status.TRANSFERRED_OUT, on
    attribute(member, by=by, reason=note).save()
    close_posts(member, on=on, by=by, reason=note)
    mark_members_stale([member.pk], since=on)
    return member


@transaction.atomic
def transfer_back_in(
    member: Member,
    *,
    to: Organization,
    on: datetime.date,
    came_from: str,
    by: User | None = None,
    seen: int | None = None,
) -> Member:
    """A member who had moved out of the bloc returns: their record and history continue."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    check_not_stale(member, seen)
    if member.status != Status.TRANSFERRED_OUT:
        raise ValidationError(_("Only a member transferred out can be transferred back in."))
    if not to.is_cell or not to.is_active:
        raise ValidationError({"to": _("Members can only move to an active party cell.")})
    _check_effective_date(member, on)
    status = Status.OFFICIAL if member.official_on else Status.PROBATIONARY
    MemberPlacement.objects.create(
        member=member,
        organization=to,
        started_on=on,
        reason=MemberPlacement.Reason.TRANSFER_IN,
        came_from=came_from,
        recorded_by=by,
    )
    MemberStatusChange.objects.create(
        member=member,
        status=status,
        effective_on=on,
        reason=notes.note("transferred_in", source=came_from, limit=REASON_LENGTH),
        recorded_by=by,
    )
    member.status, member.status_since, member.organization = status, on, to
    attribute(member, by=by).save()
    mark_members_stale([member.pk], since=on)
    return member


@dataclass(frozen=True)
class _Column:
    """A column of the member's own row, copied by _insert_from_members."""

    name: str


def _insert_from_members(
    model: type[models.Model], ids: list[int], values: dict, *, where: str = ""
) -> None:
    """One row of `model` per member of `ids`, in member id order: each column takes a
    constant, or (a _Column) the member row's column."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(column) for column in values)
    member_table = quote(Member._meta.db_table)
    for start in range(0, len(ids), BULK_CHUNK):
        chunk = ids[start : start + BULK_CHUNK]
        selected, params = [], []
        for value in values.values():
            if isinstance(value, _Column):
                selected.append(f"{member_table}.{quote(value.name)}")
            else:
                selected.append("%s")
                params.append(value)
        condition = f"{quote('id')} IN ({', '.join(['%s'] * len(chunk))})"
        if where:
            condition += f" AND {where}"
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "
                f"SELECT {', '.join(selected)} FROM {member_table} WHERE {condition} "
                f"ORDER BY {member_table}.{quote('id')}",
                [*params, *chunk],
            )


# Members whose rows are copied by one statement (well under SQLite's 32,766 parameters).
BULK_CHUNK = 5000


@transaction.atomic
def register_members_bulk(
    members: list[Member], *, by: User | None = None, reason: str = ""
) -> list[Member]:
    """register_member for many new members at once (imports): the same member fields, status
    changes, first placement and first copy in the history of changes, written in a few bulk
    inserts instead of six per member."""
    for member in members:
        if not member.organization.is_cell:
            raise ValidationError({"organization": _("Members belong to a party cell.")})
        # What Member.save() and register_member do, which bulk_create does not call.
        member.full_name = " ".join(member.full_name.split())
        member.party_card_number = member.party_card_number or None
        member.status = Status.OFFICIAL if member.official_on else Status.PROBATIONARY
        member.status_since = member.official_on or member.admitted_on
        member.refresh_derived()
    Member.objects.bulk_create(members, batch_size=500)
    # The rows that go with each member are copied from the members' own rows by the
    # database (INSERT … SELECT): built as 40,000 Python objects they cost a 10,000-row
    # import seconds. The rows simple_history's bulk_create_with_history and register_member
    # write: the first copy in the history of changes, the status changes, the placement.
    # As the ORM would send it (SQLite keeps naive UTC text).
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    by_id = by.pk if by is not None else None
    ids = [member.pk for member in members]
    history = Member.history.model
    kept = {field.attname for field in Member._meta.concrete_fields}
    copied = [field.column for field in history._meta.concrete_fields if field.attname in kept]
    _insert_from_members(
        history,
        ids,
        {
            **{column: _Column(column) for column in copied},
            "history_date": now,
            "history_change_reason": reason,
            "history_type": "+",
            "history_user_id": by_id,
        },
    )
    common = {"member_id": _Column("id"), "recorded_by_id": by_id, "recorded_at": now}
    _insert_from_members(
        MemberStatusChange,
        ids,
        {
            **common,
            "status": Status.PROBATIONARY.value,
            "effective_on": _Column("admitted_on"),
            "reason": notes.note("admitted"),
            "decision_number": "",
        },
    )
    _insert_from_members(
        MemberStatusChange,
        ids,
        {
            **common,
            "status": Status.OFFICIAL.value,
            "effective_on": _Column("official_on"),
            "reason": notes.note("recognized"),
            "decision_number": "",
        },
        where="official_on IS NOT NULL",
    )
    _insert_from_members(
        MemberPlacement,
        ids,
        {
            **common,
            "organization_id": _Column("organization_id"),
            "started_on": _Column("admitted_on"),
            "ended_on": None,
            "reason": MemberPlacement.Reason.REGISTERED.value,
            "came_from": "",
            "went_to": "",
            "note": "",
        },
    )
    first_admitted: dict[int, datetime.date] = {}
    for member in members:
        cell = member.organization_id
        first_admitted[cell] = min(first_admitted.get(cell, member.admitted_on), member.admitted_on)
    for cell, since in first_admitted.items():
        mark_organizations_stale([cell], since=since)
    return members
