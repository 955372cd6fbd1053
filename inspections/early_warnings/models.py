"""Early warnings (cảnh báo sớm): a member who missed cell meetings or party dues three months
in a year without a good reason (Điều lệ Đảng, article 8), and the organizations at risk.

A warning is a row, raised and kept up to date by services.refresh_warnings: while open its
evidence follows the data; when the condition no longer holds it is marked resolved, and it is
closed by a decision recorded with its reason. A warning is never deleted."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from inspections.early_warnings.choices import (
    MEMBER_KINDS,
    WarningDecision,
    WarningKind,
    WarningState,
)
from organizations import access


class EarlyWarningQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access.early_warning_scope_q(user))

    def open(self):
        return self.filter(state=WarningState.OPEN)

    def settled(self):
        return self.exclude(state=WarningState.OPEN)

    def about_members(self):
        return self.filter(kind__in=MEMBER_KINDS)

    def about_organizations(self):
        return self.exclude(kind__in=MEMBER_KINDS)

    def in_subtree(self, organization):
        return self.filter(organization__path__startswith=organization.path)

    def open_counts(self) -> dict[str, int]:
        """Open warnings about members and about organizations, and in all: one query."""
        counts = self.open().aggregate(
            members=models.Count("pk", filter=Q(kind__in=MEMBER_KINDS)),
            total=models.Count("pk"),
        )
        return {**counts, "organizations": counts["total"] - counts["members"]}


class EarlyWarning(models.Model):
    Kind = WarningKind
    State = WarningState
    Decision = WarningDecision

    kind = models.CharField(_("kind of warning"), max_length=24, choices=WarningKind.choices)
    # Set for a warning about a member; then organization is the member's cell.
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("party member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="early_warnings",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="early_warnings",
    )
    # The year the condition is counted in (the Charter's "in a year"; a term's first year for
    # a congress): with the kind and the subject, what makes a warning the same warning.
    year = models.PositiveSmallIntegerField(_("year"))
    # What the warning rests on, as plain data (months, meetings, items), each naming its record.
    evidence = models.JSONField(_("evidence"), default=list)
    # Months missed, meetings or items overdue: what the lists sort and show.
    weight = models.PositiveIntegerField(_("months or items counted"), default=0)
    state = models.CharField(
        _("state"), max_length=10, choices=WarningState.choices, default=WarningState.OPEN
    )
    raised_on = models.DateField(_("raised on"))
    checked_on = models.DateField(_("last checked on"))
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    decision = models.CharField(
        _("decision"), max_length=16, choices=WarningDecision.choices, blank=True
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decision recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = EarlyWarningQuerySet.as_manager()

    class Meta:
        verbose_name = _("early warning")
        verbose_name_plural = _("early warnings")
        ordering = ["-year", "-weight", "pk"]
        indexes = [models.Index(fields=["state", "kind"])]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "member", "year"],
                condition=Q(member__isnull=False),
                name="early_warning_once_per_member",
            ),
            models.UniqueConstraint(
                fields=["kind", "organization", "year"],
                condition=Q(member__isnull=True),
                name="early_warning_once_per_organization",
            ),
            models.CheckConstraint(
                condition=~Q(state="closed")
                | (~Q(decision="") & ~Q(decision_reason="") & Q(decided_by__isnull=False)),
                name="early_warning_closed_with_a_decision",
            ),
        ]

    def __str__(self):
        subject = self.member if self.member_id else self.organization
        return f"{self.get_kind_display()} — {subject} — {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("early_warnings:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state == WarningState.OPEN

    @property
    def about_member(self) -> bool:
        return self.kind in MEMBER_KINDS

    def summary(self) -> str:
        """One line: how much the warning rests on."""
        count = self.weight
        if self.kind == WarningKind.MEMBER_MEETINGS:
            return ngettext(
                "%(count)s month without a reason in %(year)s",
                "%(count)s months without a reason in %(year)s",
                count,
            ) % {"count": count, "year": self.year}
        if self.kind in (WarningKind.MEMBER_DUES, WarningKind.MEETINGS_SKIPPED):
            return ngettext(
                "%(count)s month in %(year)s", "%(count)s months in %(year)s", count
            ) % {"count": count, "year": self.year}
        if self.kind == WarningKind.MINUTES_OVERDUE:
            return ngettext("%(count)s minute overdue", "%(count)s minutes overdue", count) % {
                "count": count
            }
        if self.kind == WarningKind.REMEDIATION_OVERDUE:
            return ngettext(
                "%(count)s item past its deadline", "%(count)s items past their deadline", count
            ) % {"count": count}
        if self.kind == WarningKind.DUES_UNPAID:
            members = sum(e.get("members", 0) for e in self.evidence if e.get("kind") == "arrears")
            months = sum(1 for e in self.evidence if e.get("kind") == "remittance_missing")
            return (
                ngettext(
                    "%(count)s member three months or more in arrears",
                    "%(count)s members three months or more in arrears",
                    members,
                )
                % {"count": members}
                + "; "
                + ngettext("%(count)s month not remitted", "%(count)s months not remitted", months)
                % {"count": months}
            )
        if self.kind == WarningKind.NO_CONGRESS:
            return gettext("Term %(term)s") % {"term": self.evidence[0].get("term", "")}
        return ""

    def evidence_rows(self) -> list[dict]:
        """The evidence as the page lists it: a date, what happened, a link to its record, and
        whether it counts (an absence with a reason is listed but does not count)."""
        return [_evidence_row(self, entry) for entry in self.evidence]


def _day(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _evidence_row(warning: EarlyWarning, entry: dict) -> dict:
    kind = entry.get("kind")
    row = {"on": _day(entry.get("on")), "text": "", "url": "", "counts": True, "note": ""}
    if kind == "absence":
        row["url"] = reverse("meetings:detail", args=[entry["meeting"]])
        row["counts"] = not entry.get("excused")
        if entry.get("excused"):
            row["text"] = gettext("Absent with a reason from the regular meeting")
            row["note"] = entry.get("reason", "")
        else:
            row["text"] = gettext("Absent without a reason from the regular meeting")
    elif kind == "unpaid_month":
        row["text"] = gettext("Party dues of the month not paid")
        row["url"] = reverse("dues:member", args=[warning.member_id])
    elif kind == "skipped_month":
        month = row["on"]
        row["text"] = gettext("No regular meeting held or excused this month")
        row["url"] = (
            reverse("meetings:compliance")
            + f"?organization={warning.organization_id}&start={month:%Y-%m}&end={month:%Y-%m}"
        )
    elif kind == "overdue_minutes":
        row["text"] = ngettext(
            "Minutes not submitted, %(days)s day past the deadline",
            "Minutes not submitted, %(days)s days past the deadline",
            entry.get("days", 0),
        ) % {"days": entry.get("days", 0)}
        row["url"] = reverse("meetings:detail", args=[entry["meeting"]])
    elif kind == "remediation":
        row["text"] = gettext("Remediation past its deadline: %(what)s") % {
            "what": entry.get("description", "")
        }
        row["url"] = reverse("inspections:detail", args=[entry["inspection"]])
    elif kind == "arrears":
        row["text"] = ngettext(
            "%(members)s member in arrears, %(months)s month unpaid in all",
            "%(members)s members in arrears, %(months)s months unpaid in all",
            entry.get("members", 0),
        ) % {"members": entry.get("members", 0), "months": entry.get("months", 0)}
        row["url"] = reverse("dues:book", args=[warning.organization_id])
    elif kind == "remittance_missing":
        row["text"] = gettext(
            "Dues collected this month (%(amount)s đ) and no remittance recorded"
        ) % {"amount": f"{entry.get('collected', 0):,}".replace(",", ".")}
        row["url"] = reverse("dues:book", args=[warning.organization_id])
    elif kind == "congress":
        held = _day(entry.get("congress_held_on"))
        row["text"] = (
            gettext("Last congress held on %(date)s, before the term %(term)s")
            % {"date": held.strftime("%d/%m/%Y"), "term": entry.get("term", "")}
            if held
            else gettext("No congress recorded for the term %(term)s")
            % {"term": entry.get("term", "")}
        )
        row["url"] = reverse("organizations:detail", args=[warning.organization_id])
    return row


class WarningRefresh(models.Model):
    """One run of refresh_warnings, with what it did: the page refreshes when none ran today."""

    ran_on = models.DateField(db_index=True)
    ran_at = models.DateTimeField(auto_now_add=True)
    raised = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    reopened = models.PositiveIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)
    open_after = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-ran_at"]
        verbose_name = _("early warnings run")
        verbose_name_plural = _("early warnings runs")

    def __str__(self):
        return f"{self.ran_on:%d/%m/%Y}: +{self.raised} ~{self.updated} -{self.resolved}"
