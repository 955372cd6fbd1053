"""Operations of inspection work: forming teams and their inspections, the inspection's steps
(start, finalize findings, conclude, close), remediation progress, receiving letters (a mixed
letter is split) and recording discipline (an expulsion goes through the member's history).
Each runs in a transaction and raises ValidationError with a message the form shows."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inspections.models import (
    Complaint,
    Decision,
    DisciplineDecision,
    DisciplineForm,
    Inspection,
    RemediationItem,
    RemediationReport,
    Subject,
    Team,
    TeamMember,
    discipline_rule,
    member_subject,
)
from members.models import Member, Status
from members.services import change_status
from organizations.models import Organization
from partybloc.audit.history import attribute
from partybloc.types import User


@transaction.atomic
def form_team(
    decision: Decision,
    *,
    name: str,
    leader: User,
    members: Iterable[User],
    organizations: Iterable[Organization],
    kind: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
) -> Team:
    """A team of the decision, with its leader and members, and one inspection of the given
    kind for each organization it visits."""
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("An inspection must end after it starts.")})
    if not organizations:
        raise ValidationError({"organizations": _("Choose the organizations the team visits.")})
    plan = decision.plan
    targets = set(plan.targets.values_list("pk", flat=True))
    outside = [org.name for org in organizations if org.pk not in targets]
    if outside:
        raise ValidationError(
            {
                "organizations": _("Not among the plan's organizations: %(names)s.")
                % {"names": ", ".join(outside)}
            }
        )
    taken = list(
        Inspection.objects.filter(plan=plan, kind=kind, organization__in=organizations).values_list(
            "organization__name", flat=True
        )
    )
    if taken:
        raise ValidationError(
            {
                "organizations": _(
                    "Already given an inspection of this kind in the plan: %(names)s."
                )
                % {"names": ", ".join(taken)}
            }
        )
    if Team.objects.filter(decision=decision, name=name).exists():
        raise ValidationError({"name": _("This decision already has a team of this name.")})
    team = Team.objects.create(decision=decision, name=name)
    TeamMember.objects.create(team=team, user=leader, is_leader=True)
    TeamMember.objects.bulk_create(
        TeamMember(team=team, user=user) for user in members if user.pk != leader.pk
    )
    Inspection.objects.bulk_create(
        Inspection(
            plan=plan,
            team=team,
            organization=organization,
            kind=kind,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        for organization in organizations
    )
    return team


def _locked(inspection: Inspection) -> Inspection:
    return Inspection.objects.select_for_update().get(pk=inspection.pk)


@transaction.atomic
def start_inspection(inspection: Inspection, *, by: User) -> Inspection:
    inspection = _locked(inspection)
    if inspection.status != Inspection.Status.PLANNED:
        raise ValidationError(_("Only a planned inspection can be started."))
    inspection.status = Inspection.Status.IN_PROGRESS
    inspection.save(update_fields=["status"])
    return inspection


@transaction.atomic
def finalize_findings(inspection: Inspection, *, by: User) -> Inspection:
    """The team leader closes the draft: findings can no longer be changed."""
    inspection = _locked(inspection)
    if not inspection.is_drafting:
        raise ValidationError(_("The findings of this inspection are already finalized."))
    if not inspection.findings.exists():
        raise ValidationError(_("Record at least one finding before finalizing."))
    inspection.status = Inspection.Status.FINDINGS_FINALIZED
    inspection.finalized_by, inspection.finalized_at = by, timezone.now()
    inspection.save(update_fields=["status", "finalized_by", "finalized_at"])
    return inspection


@transaction.atomic
def conclude_inspection(
    inspection: Inspection, *, number: str, on: datetime.date, by: User
) -> Inspection:
    """Issue the conclusion notice: the inspected organization sees the inspection from now."""
    inspection = _locked(inspection)
    if inspection.status != Inspection.Status.FINDINGS_FINALIZED:
        raise ValidationError(_("Finalize the findings before issuing the conclusion."))
    if on < inspection.starts_on:
        raise ValidationError({"concluded_on": _("The conclusion cannot precede the inspection.")})
    if (
        Inspection.objects.filter(conclusion_number=number.strip())
        .exclude(pk=inspection.pk)
        .exists()
    ):
        raise ValidationError(
            {"conclusion_number": _("Another conclusion notice already has this number.")}
        )
    inspection.status = Inspection.Status.CONCLUDED
    inspection.conclusion_number, inspection.concluded_on = number.strip(), on
    inspection.save(update_fields=["status", "conclusion_number", "concluded_on"])
    return inspection


@transaction.atomic
def close_inspection(
    inspection: Inspection, *, by: User, on: datetime.date | None = None
) -> Inspection:
    """Close once every remediation item is done or explicitly carried over."""
    inspection = _locked(inspection)
    if inspection.status != Inspection.Status.CONCLUDED:
        raise ValidationError(_("Only a concluded inspection can be closed."))
    pending = inspection.remediation_items.pending().count()
    if pending:
        raise ValidationError(
            _(
                "Remediation items still pending: %(count)d. Mark each one done or carry it "
                "over before closing."
            )
            % {"count": pending}
        )
    inspection.status, inspection.closed_on = Inspection.Status.CLOSED, on or timezone.localdate()
    inspection.save(update_fields=["status", "closed_on"])
    return inspection


@transaction.atomic
def report_progress(
    item: RemediationItem,
    *,
    text: str,
    status: str,
    on: datetime.date,
    evidence: File | None = None,
    by: User,
) -> RemediationReport:
    """The owner organization reports on an item; 'done' settles it."""
    item = RemediationItem.objects.select_for_update().get(pk=item.pk)
    if item.status not in RemediationItem.PENDING:
        raise ValidationError(_("This item is already settled."))
    if status not in (*RemediationItem.PENDING, RemediationItem.Status.DONE):
        raise ValidationError({"status": _("Report an item as in progress or done.")})
    if on > timezone.localdate():
        raise ValidationError({"reported_on": _("The date cannot be in the future.")})
    report = RemediationReport.objects.create(
        item=item, reported_on=on, text=text, status_after=status, reported_by=by
    )
    if evidence:
        report.evidence.save(evidence.name, evidence, save=True)
    item.status = status
    item.done_on = on if status == RemediationItem.Status.DONE else None
    item.save(update_fields=["status", "done_on"])
    return report


@transaction.atomic
def carry_over(
    item: RemediationItem, *, note: str, by: User, on: datetime.date | None = None
) -> RemediationItem:
    """Leave an item to a later inspection, with the reason and the day: it no longer blocks
    closing."""
    item = RemediationItem.objects.select_for_update().get(pk=item.pk)
    if item.status not in RemediationItem.PENDING:
        raise ValidationError(_("This item is already settled."))
    if not note.strip():
        raise ValidationError({"note": _("Say why the item is carried over.")})
    item.status, item.carry_over_note = RemediationItem.Status.CARRIED_OVER, note.strip()
    item.carried_over_on = on or timezone.localdate()
    item.save(update_fields=["status", "carry_over_note", "carried_over_on"])
    return item


MIXED = "mixed"


@transaction.atomic
def receive_letter(*, kind: str, by: User | None = None, **fields: object) -> list[Complaint]:
    """Register a letter; one mixing a complaint and a denunciation becomes two records, the
    denunciation pointing to the complaint it was split from."""
    if fields.get("anonymous"):
        fields["sender"] = ""
    kinds = [Complaint.Kind.COMPLAINT, Complaint.Kind.DENUNCIATION] if kind == MIXED else [kind]
    records, first = [], None
    for each in kinds:
        record = Complaint(kind=each, split_from=first, recorded_by=by, **fields)
        record.full_clean()
        attribute(record, by=by).save()
        first = first or record
        records.append(record)
    return records


@transaction.atomic
def record_discipline(
    *,
    number: str,
    decided_on: datetime.date,
    issuing_body: str,
    form: str,
    reason: str,
    member: Member | None = None,
    organization: Organization | None = None,
    inspection: Inspection | None = None,
    complaint: Complaint | None = None,
    by: User | None = None,
) -> DisciplineDecision:
    """A discipline decision, checked against the rule in force on its date; an expulsion
    changes the member's status through their history."""
    if (member is None) == (organization is None):
        raise ValidationError(_("A decision disciplines either a member or an organization."))
    if member is not None:
        status_then = member.status_on(decided_on)
        if status_then not in (Status.PROBATIONARY, Status.OFFICIAL, Status.EXEMPT):
            raise ValidationError(
                {"member": _("The member was not an active party member on that date.")}
            )
        subject = member_subject(status_then)
    else:
        subject = Subject.ORGANIZATION
    rule = discipline_rule(subject, decided_on)
    if rule is None or form not in rule.forms:
        if subject == Subject.PROBATIONARY_MEMBER:
            message = _("A probationary member can only be reprimanded or warned.")
        else:
            message = _("This form of discipline does not apply to a %(subject)s.") % {
                "subject": Subject(subject).label
            }
        raise ValidationError({"form": message})
    decision = DisciplineDecision(
        number=number.strip(),
        decided_on=decided_on,
        issuing_body=issuing_body,
        form=form,
        reason=reason,
        member=member,
        organization=organization,
        subject=subject,
        inspection=inspection,
        complaint=complaint,
        recorded_by=by,
    )
    decision.full_clean()
    attribute(decision, by=by).save()
    if form == DisciplineForm.EXPULSION:
        change_status(
            member,
            to=Status.EXPELLED,
            on=decided_on,
            reason=_("Expelled from the Party: %(reason)s") % {"reason": reason},
            decision_number=decision.number,
            by=by,
        )
    return decision
