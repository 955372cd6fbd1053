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
    Finding,
    Inspection,
    Plan,
    RemediationItem,
    RemediationReport,
    Subject,
    Team,
    TeamMember,
    discipline_rule,
    member_subject,
)
from members.models import REASON_LENGTH, Member, Status
from members.services import change_status
from organizations.models import Organization
from partybloc import notes
from partybloc.audit.history import attribute
from partybloc.documents import render_pdf
from partybloc.registry import services as registry
from partybloc.registry.choices import Body, DocumentKind
from partybloc.registry.issuers import Issuer, committee_name, issuer_of, signers
from partybloc.registry.services import Letterhead, Printed
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
    inspection: Inspection,
    *,
    on: datetime.date,
    by: User,
    signed_by: str = "",
    deputy: bool = False,
    number: str | None = None,
) -> Inspection:
    """Issue the conclusion notice: the inspected organization sees the inspection from now.
    The notice takes its number from the register of the body that decided the inspection and
    is kept as printed. `number` records a notice issued outside the portal (a past one being
    loaded) under the number it bears."""
    inspection = _locked(inspection)
    if inspection.status != Inspection.Status.FINDINGS_FINALIZED:
        raise ValidationError(_("Finalize the findings before issuing the conclusion."))
    if on < inspection.starts_on:
        raise ValidationError({"concluded_on": _("The conclusion cannot precede the inspection.")})
    inspection.status = Inspection.Status.CONCLUDED
    inspection.concluded_on = on
    if number is not None:
        inspection.conclusion_number = number.strip()
    else:
        plan = inspection.plan
        bloc = Organization.objects.get(parent__isnull=True, kind=Organization.Kind.BLOC)
        issuer = issuer_of(bloc, body=plan.decided_by, on=on)

        def render(letterhead: Letterhead) -> Printed:
            inspection.conclusion_number = letterhead.number
            context = conclusion_context(inspection, letterhead=letterhead)
            return Printed(pdf=render_pdf("inspections/conclusion_notice.html", context))

        document = registry.issue_document(
            organization=bloc,
            body=plan.decided_by,
            kind=DocumentKind.NOTICE,
            issued_on=on,
            place=plan.place,
            subject=conclusion_subject(inspection),
            signer_name=signed_by,
            deputy=deputy,
            recipients=conclusion_recipients(inspection, issuer),
            render=render,
            by=by,
            source_kind=NOTICE_SOURCE,
            source_id=inspection.pk,
        )
        inspection.conclusion_number = document.number
    inspection.save(update_fields=["status", "conclusion_number", "concluded_on"])
    return inspection


NOTICE_SOURCE = "inspection"


def _bloc() -> Organization:
    return Organization.objects.get(parent__isnull=True, kind=Organization.Kind.BLOC)


@transaction.atomic
def create_plan(
    plan: Plan, *, targets: Iterable[Organization], signed_by: str, deputy: bool, by: User
) -> Plan:
    """Save a new plan under the next number of its deciding body's register."""
    document = registry.issue_document(
        organization=_bloc(),
        body=plan.decided_by,
        kind=DocumentKind.PLAN,
        issued_on=plan.issued_on,
        place=plan.place,
        subject=plan.title,
        signer_name=signed_by,
        deputy=deputy,
        recipients=[org.name for org in targets] + ["Lưu Văn phòng"],
        render=registry.unprinted,
        by=by,
        source_kind="plan",
    )
    plan.number, plan.created_by = document.number, by
    plan.save()
    plan.targets.set(targets)
    document.source_id = plan.pk
    document.save(update_fields=["source_id"])
    return plan


@transaction.atomic
def create_decision(decision: Decision, *, signed_by: str, deputy: bool, by: User) -> Decision:
    """Save a decision forming teams under the next number of the plan's deciding body."""
    plan = decision.plan
    document = registry.issue_document(
        organization=_bloc(),
        body=plan.decided_by,
        kind=DocumentKind.DECISION,
        issued_on=decision.decided_on,
        place=plan.place,
        subject=f"Thành lập tổ kiểm tra thực hiện Kế hoạch số {plan.number}",
        signer_name=signed_by,
        deputy=deputy,
        recipients=["Như Điều 3", "Lưu Văn phòng"],
        render=registry.unprinted,
        by=by,
        source_kind="decision",
    )
    decision.number = document.number
    decision.save()
    document.source_id = decision.pk
    document.save(update_fields=["source_id"])
    return decision


def conclusion_subject(inspection: Inspection) -> str:
    """What the notice is about: "Kết luận kiểm tra thường xuyên đối với Chi bộ …"."""
    return f"Kết luận {inspection.get_kind_display()} đối với {inspection.organization.name}"


def conclusion_recipients(inspection: Inspection, issuer: Issuer) -> list[str]:
    """The inspected organization's committee (the Đảng ủy, not the Đảng bộ), its superior
    committee when it is a subordinate cell, the standing committee when the inspection
    committee issues, and the file."""
    organization = inspection.organization
    recipients = [committee_name(organization)]
    if organization.kind == Organization.Kind.SUBORDINATE_CELL:
        recipients.append(committee_name(organization.parent))
    if issuer.body == "ỦY BAN KIỂM TRA":
        recipients.append("Ban Thường vụ Đảng ủy Khối (báo cáo)")
    recipients.append("Lưu Văn phòng")
    return recipients


def conclusion_context(inspection: Inspection, *, letterhead: Letterhead | None = None) -> dict:
    """What the notice prints. Without a letterhead (a notice recorded before the register),
    the issuer follows the plan and the signer is the bloc's secretary on the day."""
    plan = inspection.plan
    findings = list(inspection.findings.all())
    if letterhead is None:
        bloc = Organization.objects.get(parent__isnull=True, kind=Organization.Kind.BLOC)
        issuer = issuer_of(bloc, body=plan.decided_by, on=inspection.concluded_on)
        signer = next(iter(signers(bloc, inspection.concluded_on)), None)
        letterhead = Letterhead(
            issuer=issuer,
            number=inspection.conclusion_number,
            issued_on=inspection.concluded_on,
            place=plan.place,
            signer_name=signer.member.full_name
            if signer and plan.decided_by == Body.COMMITTEE
            else "",
            deputy=bool(signer and signer.post == signer.Post.DEPUTY),
            recipients=conclusion_recipients(inspection, issuer),
        )
    return {
        "inspection": inspection,
        "plan": plan,
        "superior": letterhead.issuer.superior,
        "issuer": letterhead.issuer.body,
        "number": letterhead.printed_number,
        "date_line": letterhead.date_line,
        "concluding_body": letterhead.issuer.name,
        "subject_line": (f"{inspection.get_kind_display()} đối với {inspection.organization.name}"),
        # Numbered in the notice: only the categories that have findings.
        "sections": [
            (label, section)
            for value, label in Finding.Category.choices
            if (section := [f for f in findings if f.category == value])
        ],
        "items": list(inspection.remediation_items.select_related("owner")),
        "signature": letterhead.signature,
        "signed_by": letterhead.signer_name,
        "recipients": letterhead.recipients,
    }


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
def carry_over(item: RemediationItem, *, note: str, by: User) -> RemediationItem:
    """Leave an item to a later inspection, with the reason: it no longer blocks closing."""
    item = RemediationItem.objects.select_for_update().get(pk=item.pk)
    if item.status not in RemediationItem.PENDING:
        raise ValidationError(_("This item is already settled."))
    if not note.strip():
        raise ValidationError({"note": _("Say why the item is carried over.")})
    item.status, item.carry_over_note = RemediationItem.Status.CARRIED_OVER, note.strip()
    item.save(update_fields=["status", "carry_over_note"])
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
            reason=notes.note("expelled", reason=reason, limit=REASON_LENGTH),
            decision_number=decision.number,
            by=by,
        )
    return decision
