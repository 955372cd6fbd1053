"""The demo bloc walked URL by URL: for every URL pattern of the resolver, a recipe that names
the objects to put in its URL (some inside each demo role's scope, one outside all of them),
the door that decides whether a role sees that object, and how to fill its form.

A URL pattern without a recipe fails the walk (tests/test_every_url.py), so a new page cannot
be added without being walked."""

import html.parser
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Model, QuerySet
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from inspections.early_warnings.models import EarlyWarning
from inspections.models import (
    Complaint,
    Decision,
    Finding,
    Inspection,
    Plan,
    RemediationItem,
    RemediationReport,
)
from meetings.models import Attachment, Meeting, MinutesVersion
from members.models import LeadershipPosition, Member
from members.year.models import Candidate, Directive
from organizations import access
from organizations.models import Organization
from partybloc.jobs.models import Job
from partybloc.notifications.models import Notification
from partybloc.registry.choices import Body, DocumentKind
from partybloc.registry.models import IssuedDocument
from reports.models import Report
from reports.services import SOURCE_KIND

# The demo logins (partybloc/demo/users.py) and anonymous (None).
ROLES = ("vanphong", "lanhdao", "danguy", "chibo", "chibocs", "kiemtra", None)
# Logins whose scope is a part of the bloc: objects are chosen inside their scopes (the first
# two found, in this order), and one outside all of them.
SCOPED = ("chibo", "kiemtra", "chibocs", "danguy")
INSIDE = 2


def walk_patterns(patterns=None, prefix="", namespace="") -> Iterator[tuple[str, URLPattern]]:
    """(namespaced name, pattern) of every URL the portal answers."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk_patterns(entry.url_patterns, prefix + str(entry.pattern), inner)
        else:
            yield f"{namespace}{entry.name}", entry


@dataclass(frozen=True)
class Target:
    """One object put into a URL: its label (for the failure message), the URL's kwargs, and
    the object whose door decides who sees it (None: no door, everyone signed in sees it)."""

    label: str
    kwargs: dict
    door: Model | None = None
    # A URL pattern without a name (the admin's catch-all) cannot be reversed: its path.
    path: str | None = None


@dataclass
class Recipe:
    """How to walk one URL pattern: its targets, built from the demo bloc."""

    targets: Callable[["Demo"], list[Target]]
    # Open to anonymous visitors (the sign-in pages): no redirect to the login page expected.
    public: bool = False
    # The admin: one door (office staff) before any object; others are sent to its login.
    office_only: bool = False
    # The URL names nothing that exists (a spent token, e-mail resets switched off): 404.
    missing: bool = False


def _visible(model: type[Model], user) -> QuerySet:
    if model is get_user_model():
        # An account exists for those who see an organization it holds a role in (the view's
        # door, access.account_visible_q; one's own account is not reset here): outside, 404;
        # inside, the right to reset (403 without it).
        visible = model.objects.filter(access.account_visible_q(user)).exclude(pk=user.pk)
        return visible.distinct()
    if model is Directive:
        return model.objects.all()
    return model.objects.visible_to(user)


def sees(user, door: Model | None) -> bool:
    """The role sees the object through the same door the views load it through."""
    if door is None:
        return True
    if user is None:
        return False
    return _visible(type(door), user).filter(pk=door.pk).exists()


def spread(model: type[Model], demo: "Demo", base: QuerySet | None = None) -> list[Model]:
    """Objects of a kind: the first one each scoped role sees, then one none of them sees."""
    queryset = (base if base is not None else model.objects.all()).order_by("pk")
    chosen: list[Model] = []
    hidden = queryset
    for username in SCOPED:
        visible = _visible(model, demo.users[username])
        found = queryset.filter(pk__in=visible.values("pk")).first()
        if found is not None and found not in chosen and len(chosen) < INSIDE:
            chosen.append(found)
        hidden = hidden.exclude(pk__in=visible.values("pk"))
    outside = hidden.first()
    if outside is not None:
        chosen.append(outside)
    return chosen


class Demo:
    """The demo bloc's users and the objects the recipes put into URLs."""

    def __init__(self):
        users = get_user_model().objects
        self.users = {username: users.get(username=username) for username in ROLES if username}


def _plain(_demo) -> list[Target]:
    return [Target("-", {})]


def _by_pk(model: type[Model], base: Callable[[], QuerySet] | None = None, key: str = "pk"):
    def targets(demo: Demo) -> list[Target]:
        objects = spread(model, demo, base() if base else None)
        assert objects, f"the demo bloc has no {model.__name__} to walk"
        return [Target(f"{model.__name__}#{obj.pk}", {key: obj.pk}, obj) for obj in objects]

    return targets


def _nested(
    parent: type[Model],
    child: type[Model],
    relation: str,
    child_key: str,
    base: Callable[[], QuerySet] | None = None,
    child_value: Callable[[Model], object] = lambda child: child.pk,
):
    """A child object in its parent's URL (a finding of an inspection): the parent's door."""

    def targets(demo: Demo) -> list[Target]:
        children = (base() if base else child.objects.all()).order_by("pk")
        parents = spread(parent, demo, parent.objects.filter(pk__in=children.values(relation)))
        assert parents, f"the demo bloc has no {child.__name__} to walk"
        found = []
        for owner in parents:
            item = children.filter(**{relation: owner.pk}).first()
            found.append(
                Target(
                    f"{parent.__name__}#{owner.pk}/{child.__name__}#{item.pk}",
                    {"pk": owner.pk, child_key: child_value(item)},
                    owner,
                )
            )
        return found

    return targets


def _fixed(**kwargs):
    def targets(_demo) -> list[Target]:
        return [Target(repr(kwargs), kwargs)]

    return targets


def _report_jobs(state: str):
    """A report's rendering in a state: a done one has files to download (a failed one has
    none: its download answers 404), a failed one can be retried."""

    def targets(demo: Demo) -> list[Target]:
        rendered = [
            report.pk
            for report in Report.objects.all()
            if report.renderings().filter(state=state).exists()
        ]
        reports = spread(Report, demo, Report.objects.filter(pk__in=rendered))
        assert reports, f"the demo bloc has no {state} report rendering to walk"
        return [
            Target(
                f"Report#{report.pk}",
                {"pk": report.pk, "job_pk": report.renderings().filter(state=state).first().pk},
                report,
            )
            for report in reports
        ]

    return targets


def _issued_reports(demo: Demo) -> list[Target]:
    """A report's issued document in the report's URL: the report's door."""
    issued = IssuedDocument.objects.filter(source_kind=SOURCE_KIND).order_by("pk")
    reports = spread(Report, demo, Report.objects.filter(pk__in=issued.values("source_id")))
    assert reports, "the demo bloc has no issued report to walk"
    return [
        Target(
            f"Report#{report.pk}",
            {"pk": report.pk, "document_pk": issued.filter(source_id=report.pk).first().pk},
            report,
        )
        for report in reports
    ]


def _users(demo: Demo) -> list[Target]:
    # Users whose password the office may reset: one a committee's (in the office's scope).
    users = get_user_model().objects.exclude(is_superuser=True).order_by("pk")
    return [Target(f"user {user.username}", {"pk": user.pk}, user) for user in users[:2]]


def _open_positions() -> QuerySet:
    return LeadershipPosition.objects.filter(ended_on__isnull=True)


RECIPES: dict[str, Recipe] = {
    "home": Recipe(_plain),
    "login": Recipe(_plain, public=True),
    "logout": Recipe(_plain, public=True),
    "password_change": Recipe(_plain),
    # Resets by e-mail answer 404 where no mail server is configured (as in the tests).
    "password_reset": Recipe(_plain, public=True, missing=True),
    "password_reset_done": Recipe(_plain, public=True, missing=True),
    "password_reset_confirm": Recipe(
        _fixed(uidb64="MQ", token="set-password"), public=True, missing=True
    ),
    "password_reset_complete": Recipe(_plain, public=True, missing=True),
    "set_language": Recipe(_plain, public=True),
    "accounts:profile": Recipe(_plain),
    "accounts:verify": Recipe(_plain),
    "accounts:enrol": Recipe(_plain),
    "accounts:remove_device": Recipe(_plain),
    "accounts:users": Recipe(_plain),
    "accounts:reset_password": Recipe(_users),
    "accounts:locks": Recipe(_plain),
    "accounts:notice_email": Recipe(_plain),
    "organizations:tree": Recipe(_plain),
    "organizations:create": Recipe(_plain),
    "organizations:pick": Recipe(_plain),
    "organizations:detail": Recipe(_by_pk(Organization)),
    "organizations:children": Recipe(_by_pk(Organization)),
    "organizations:edit": Recipe(_by_pk(Organization)),
    "organizations:restructure": Recipe(_by_pk(Organization)),
    "organizations:regulation_file": Recipe(
        _by_pk(Organization, lambda: Organization.objects.exclude(regulation_file=""))
    ),
    "organizations:add_position": Recipe(_by_pk(Organization)),
    "organizations:end_position": Recipe(
        _nested(Organization, LeadershipPosition, "organization", "position_pk", _open_positions)
    ),
    "members:list": Recipe(_plain),
    "members:create": Recipe(_plain),
    "members:pick": Recipe(_plain),
    "members:export": Recipe(_plain),
    "members:export_full": Recipe(_plain),
    "members:import": Recipe(_plain),
    "members:import_template": Recipe(_plain),
    "members:import_confirm": Recipe(_fixed(token="no-such-import"), missing=True),
    "members:import_errors": Recipe(_fixed(token="no-such-import"), missing=True),
    "members:import_cancel": Recipe(_fixed(token="no-such-import"), missing=True),
    "members:detail": Recipe(_by_pk(Member)),
    "members:edit": Recipe(_by_pk(Member)),
    "members:transfer": Recipe(_by_pk(Member)),
    "members:status": Recipe(_by_pk(Member)),
    "inspections:list": Recipe(_plain),
    "inspections:detail": Recipe(_by_pk(Inspection)),
    "inspections:start": Recipe(_by_pk(Inspection)),
    "inspections:finding_create": Recipe(_by_pk(Inspection)),
    "inspections:finding_edit": Recipe(_nested(Inspection, Finding, "inspection", "finding_pk")),
    "inspections:finding_delete": Recipe(_nested(Inspection, Finding, "inspection", "finding_pk")),
    "inspections:finalize": Recipe(_by_pk(Inspection)),
    "inspections:conclude": Recipe(_by_pk(Inspection)),
    "inspections:conclusion_pdf": Recipe(_by_pk(Inspection)),
    "inspections:close": Recipe(_by_pk(Inspection)),
    "inspections:remediation_create": Recipe(_by_pk(Inspection)),
    "inspections:remediation_report": Recipe(_by_pk(RemediationItem)),
    "inspections:remediation_carry_over": Recipe(_by_pk(RemediationItem)),
    "inspections:evidence": Recipe(
        lambda demo: [
            Target(f"RemediationReport#{report.pk}", {"pk": report.pk}, report.item)
            for report in _evidence(demo)
        ]
    ),
    "early_warnings:list": Recipe(_plain),
    "early_warnings:refresh": Recipe(_plain),
    "early_warnings:detail": Recipe(_by_pk(EarlyWarning)),
    "inspections:plan_list": Recipe(_plain),
    "inspections:plan_create": Recipe(_plain),
    "inspections:plan_detail": Recipe(_by_pk(Plan)),
    "inspections:plan_edit": Recipe(_by_pk(Plan)),
    "inspections:decision_create": Recipe(_by_pk(Plan)),
    "inspections:team_create": Recipe(
        lambda demo: [
            Target(f"Decision#{decision.pk}", {"pk": decision.pk}, decision.plan)
            for decision in _decisions(demo)
        ]
    ),
    "inspections:complaint_list": Recipe(_plain),
    "inspections:complaint_create": Recipe(_plain),
    "inspections:complaint_detail": Recipe(_by_pk(Complaint)),
    "inspections:discipline_list": Recipe(_plain),
    "inspections:discipline_create": Recipe(_plain),
    "meetings:list": Recipe(_plain),
    "meetings:start": Recipe(_plain),
    "meetings:queue": Recipe(_plain),
    "meetings:compliance": Recipe(_plain),
    "meetings:exemption_create": Recipe(_plain),
    "meetings:detail": Recipe(_by_pk(Meeting)),
    "meetings:edit": Recipe(_by_pk(Meeting, lambda: Meeting.objects.filter(state="draft"))),
    "meetings:autosave": Recipe(_by_pk(Meeting, lambda: Meeting.objects.filter(state="draft"))),
    "meetings:submit": Recipe(_by_pk(Meeting, lambda: Meeting.objects.filter(state="draft"))),
    "meetings:review": Recipe(_by_pk(Meeting, lambda: Meeting.objects.filter(state="submitted"))),
    "meetings:version": Recipe(
        _nested(
            Meeting,
            MinutesVersion,
            "meeting",
            "number",
            child_value=lambda version: version.number,
        )
    ),
    "meetings:pdf": Recipe(_by_pk(Meeting)),
    "meetings:attach": Recipe(_by_pk(Meeting)),
    "meetings:attachment": Recipe(_nested(Meeting, Attachment, "meeting", "attachment_pk")),
    "jobs:detail": Recipe(_by_pk(Job)),
    "jobs:retry": Recipe(_by_pk(Job)),
    "jobs:download": Recipe(_by_pk(Job)),
    "audit:access_log": Recipe(_plain),
    "dashboard:index": Recipe(_plain),
    "year:admissions": Recipe(_plain),
    "year:candidate_create": Recipe(_plain),
    "year:admissions_export": Recipe(_plain),
    "year:candidate": Recipe(_by_pk(Candidate)),
    "year:candidate_step": Recipe(_by_pk(Candidate)),
    "year:candidate_admit": Recipe(_by_pk(Candidate)),
    "year:member_ratings": Recipe(
        _by_pk(Organization, lambda: Organization.objects.filter(kind__endswith="cell"))
    ),
    "year:member_ratings_export": Recipe(
        _by_pk(Organization, lambda: Organization.objects.filter(kind__endswith="cell"))
    ),
    # A cell rates no organization: its page answers 404 by design.
    "year:organization_ratings": Recipe(
        _by_pk(Organization, lambda: Organization.objects.exclude(kind__in=Organization.CELL_KINDS))
    ),
    "year:targets": Recipe(_plain),
    "year:directives": Recipe(_plain),
    "year:directive": Recipe(_by_pk(Directive)),
    "dues:home": Recipe(_plain),
    "dues:book": Recipe(_by_pk(Organization, lambda: _cells())),
    "dues:record_payment": Recipe(_by_pk(Organization, lambda: _cells())),
    "dues:overview": Recipe(
        _by_pk(Organization, lambda: Organization.objects.exclude(kind__in=Organization.CELL_KINDS))
    ),
    "dues:record_remittance": Recipe(_by_pk(Organization)),
    "dues:member": Recipe(_by_pk(Member)),
    # An inspection team opens the dues report of the organizations it inspects on party
    # finance, which its register door does not show: those are left out of the walk.
    "dues:report": Recipe(_by_pk(Organization, lambda: _not_finance_inspected())),
    "dues:report_export": Recipe(_by_pk(Organization, lambda: _not_finance_inspected())),
    "dues:rules": Recipe(_plain),
    "dues:rule_create": Recipe(_plain),
    "dues:rule_edit": Recipe(_fixed(pk=1)),
    "reports:list": Recipe(_plain),
    "reports:report": Recipe(_by_pk(Report)),
    "reports:retry": Recipe(_report_jobs(Job.State.FAILED)),
    "reports:pdf": Recipe(_report_jobs(Job.State.DONE)),
    "reports:docx": Recipe(_report_jobs(Job.State.DONE)),
    "reports:issued_pdf": Recipe(_issued_reports),
    "reports:issued_docx": Recipe(_issued_reports),
    "registry:list": Recipe(_plain),
    "registry:export": Recipe(_plain),
    "registry:pdf": Recipe(_by_pk(IssuedDocument)),
    "registry:docx": Recipe(_by_pk(IssuedDocument)),
    "notifications:list": Recipe(_plain),
    "notifications:read": Recipe(_by_pk(Notification)),
    "notifications:read_all": Recipe(_plain),
}


def _cells() -> QuerySet:
    return Organization.objects.filter(kind__in=Organization.CELL_KINDS)


def _not_finance_inspected() -> QuerySet:
    inspected = Inspection.objects.filter(kind=Inspection.Kind.PARTY_FINANCE)
    return Organization.objects.exclude(pk__in=inspected.values("organization"))


def _evidence(demo: Demo) -> list[RemediationReport]:
    reports = RemediationReport.objects.exclude(evidence="").order_by("pk")
    items = spread(
        RemediationItem, demo, RemediationItem.objects.filter(pk__in=reports.values("item"))
    )
    assert items, "the demo bloc has no remediation evidence to walk"
    return [reports.filter(item=item).first() for item in items]


def _decisions(demo: Demo) -> list[Decision]:
    plans = spread(Plan, demo, Plan.objects.filter(pk__in=Decision.objects.values("plan")))
    return [Decision.objects.filter(plan=plan).order_by("pk").first() for plan in plans]


# --- What the demo bloc does not hold: files and jobs ---------------------------------------

PDF = b"%PDF-1.4\n% partybloc walk\n"


def add_files_and_jobs(demo: Demo) -> None:
    """Renderings (done and failed), an import job, scans of minutes, remediation evidence and
    organizations' regulations, inside and outside the scoped logins' scopes, so that every
    download and retry URL has something to walk."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from organizations.models import RoleAssignment

    office, committee_staff = demo.users["vanphong"], demo.users["danguy"]
    holders = {
        a.user.username: a.organization
        for a in RoleAssignment.objects.filter(user__in=demo.users.values()).select_related(
            "organization", "user"
        )
    }
    bloc = holders["vanphong"]
    for scope, by in ((bloc, office), (holders["danguy"], committee_staff)):
        report = Report.objects.create(scope=scope, period="2025", created_by=by)
        for state in (Job.State.DONE, Job.State.FAILED):
            job = Job(
                kind=Job.Kind.REPORT,
                created_by=by,
                organization=scope,
                state=state,
                params={"report_id": report.pk, "language": "vi"},
            )
            if state == Job.State.DONE:
                job.output_file.save("bao-cao.pdf", ContentFile(PDF), save=False)
                job.output_docx.save("bao-cao.docx", ContentFile(b"PK\x03\x04"), save=False)
            job.save()
        # The report as issued, with its files, as reports.services.issue_report keeps it.
        document = IssuedDocument(
            organization=scope,
            body=Body.COMMITTEE,
            year=2025,
            sequence=1,
            kind=DocumentKind.REPORT,
            number="1-BC/ĐU",
            issued_on=timezone.localdate(),
            subject="Báo cáo năm 2025",
            issuer_name=scope.name,
            signer_name="Nguyễn Văn A",
            signer_post="Bí thư",
            source_kind=SOURCE_KIND,
            source_id=report.pk,
            issued_by=by,
        )
        document.pdf.save("bao-cao.pdf", ContentFile(PDF), save=False)
        document.docx.save("bao-cao.docx", ContentFile(b"PK\x03\x04"), save=False)
        document.save()
    import_job = Job(kind=Job.Kind.MEMBER_IMPORT, created_by=committee_staff, state="failed")
    import_job.output_file.save("loi.xlsx", ContentFile(b"PK\x03\x04"), save=False)
    import_job.save()
    cells = [holders["chibo"], holders["chibocs"]]
    others = Organization.objects.exclude(pk__in=[c.pk for c in cells]).filter(
        kind__endswith="cell"
    )
    for cell in [*cells, others.order_by("pk").first()]:
        cell.regulation_file.save("quy-che.pdf", ContentFile(PDF))
        meeting = Meeting.objects.filter(organization=cell).order_by("pk").first()
        if meeting is not None:
            attachment = Attachment(
                meeting=meeting, original_name="bien-ban.pdf", kind="pdf", size=len(PDF)
            )
            attachment.uploaded_by = office
            attachment.file.save("bien-ban.pdf", ContentFile(PDF), save=False)
            attachment.save()
    for item in RemediationItem.objects.order_by("pk")[:40]:
        report = RemediationReport(
            item=item,
            reported_on=timezone.localdate(),
            text="Đã khắc phục một phần",
            status_after=item.status,
            reported_by=office,
        )
        report.evidence.save("minh-chung.pdf", ContentFile(PDF), save=False)
        report.save()


# --- The admin: office staff only; every model's list, add and change page --------------------


def admin_recipe(name: str, pattern: URLPattern) -> Recipe | None:
    """The admin's pages for each registered model, with its first row; the rest of the admin
    (its index, app pages, password and history pages) with that row too."""
    from django.contrib import admin

    views = ("changelist", "add", "change", "delete", "history")
    model = next(
        (
            m
            for m in admin.site._registry
            for view in views
            if name == f"admin:{m._meta.app_label}_{m._meta.model_name}_{view}"
        ),
        None,
    )
    if model is not None:
        keys = set(pattern.pattern.converters)

        def targets(_demo) -> list[Target]:
            if "object_id" not in keys:
                return [Target("-", {})]
            first = model.objects.order_by("pk").first()
            pk = first.pk if first is not None else 999999
            return [Target(f"{model.__name__}#{pk}", {"object_id": str(pk)})]

        return Recipe(targets, office_only=True)
    if name == "admin:auth_user_password_change":
        return Recipe(
            lambda demo: [Target("user", {"id": str(demo.users["chibo"].pk)})], office_only=True
        )
    if name == "admin:view_on_site":
        return Recipe(_fixed(content_type_id="1", object_id="1"), office_only=True, missing=True)
    if name == "admin:None":  # the admin's catch-all: unnamed, walked by its path
        return Recipe(
            lambda _demo: [
                Target("no such page", {}, path=reverse("admin:index") + "no-such-page/")
            ],
            office_only=True,
            missing=True,
        )
    if name in ("admin:password_change", "admin:password_change_done"):
        return Recipe(_plain, office_only=True)
    if name == "admin:app_list":
        return Recipe(_fixed(app_label="members"), office_only=True)
    if name in ("admin:autocomplete", "admin:index", "admin:jsi18n"):
        return Recipe(_plain, office_only=True)
    if name in ("admin:login", "admin:logout"):
        return Recipe(_plain, public=True)
    return None


def recipe_for(name: str, pattern: URLPattern) -> Recipe | None:
    if name in RECIPES:
        return RECIPES[name]
    if name.startswith("admin:"):
        return admin_recipe(name, pattern)
    return None


# --- Rows counted before and after a refused write ----------------------------------------------

# Tables a refused request may write to: the session, the access log (a page that was shown
# records who saw personal data), sign-in attempts.
UNCOUNTED = ("django_session", "audit_accessrecord", "axes_")


def counted_tables() -> list[str]:
    tables = connection.introspection.table_names()
    return sorted(t for t in tables if not t.startswith(UNCOUNTED))


def row_counts(tables: list[str]) -> tuple[int, ...]:
    """The number of rows of every table, in one query."""
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(cursor.fetchone())


# --- Forms: what a browser would send --------------------------------------------------------


@dataclass
class Form:
    action: str | None
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    selects: dict[str, list[str]] = field(default_factory=dict)
    # Named submit buttons (name, value): a browser sends the one clicked.
    buttons: list[tuple[str, str]] = field(default_factory=list)

    def bodies(self) -> list[tuple[str, dict[str, list[str]]]]:
        """The form as shown, sent once by each of its named buttons (or by its only one)."""
        if not self.buttons:
            return [("POST form", as_data(self.fields))]
        return [
            (f"POST form [{name}]", as_data([*self.fields, (name, value)]))
            for name, value in dict.fromkeys(self.buttons)
        ]


class FormParser(html.parser.HTMLParser):
    """The POST forms of a page, with the values a browser would send as shown: the value of
    each input, the selected (else the first non-empty) option, the textarea's text."""

    def __init__(self):
        super().__init__()
        self.forms: list[Form] = []
        self._select: str | None = None
        self._selected: str | None = None
        self._options: list[str] = []
        self._textarea: str | None = None
        self._text = ""

    @property
    def form(self) -> Form | None:
        return self.forms[-1] if self.forms else None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append(Form(a.get("action"), (a.get("method") or "get").lower()))
        elif self.form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "image") and a.get("name"):
                self.form.buttons.append((a["name"], a.get("value", "")))
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                if kind == "radio" and not any(n == a["name"] for n, _ in self.form.fields):
                    self.form.fields.append((a["name"], a.get("value", "on")))
                return
            value = a.get("value") or ""
            if not value and "required" in a:
                value = {"date": today(), "number": "1", "email": "a@example.vn"}.get(
                    kind, "Nội dung kiểm tra"
                )
                if "date" in (a.get("class") or "") or "dd/mm" in (a.get("placeholder") or ""):
                    value = today()
            self.form.fields.append((a["name"], value))
        elif tag == "button" and a.get("name") and (a.get("type") or "submit") == "submit":
            self.form.buttons.append((a["name"], a.get("value", "")))
        elif tag == "select" and a.get("name"):
            self._select, self._selected, self._options = a["name"], None, []
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._options.append(value)
            if "selected" in a:
                self._selected = value
        elif tag == "textarea" and a.get("name"):
            self._textarea, self._text = a["name"], ""

    def handle_data(self, data):
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None and self.form is not None:
            chosen = self._selected
            if chosen is None:
                chosen = next((o for o in self._options if o), "")
            self.form.fields.append((self._select, chosen))
            self.form.selects[self._select] = self._options
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self.form is not None:
            self.form.fields.append((self._textarea, self._text.strip() or "Nội dung kiểm tra"))
            self._textarea = None


def today() -> str:
    return timezone.localdate().strftime("%d/%m/%Y")


def page_form(html_text: str, path: str) -> Form | None:
    """The page's own POST form (posting to the page itself), if it has one."""
    parser = FormParser()
    parser.feed(html_text)
    for form in parser.forms:
        if form.method == "post" and form.action in (None, "", path):
            return form
    return None


def as_data(fields: list[tuple[str, str]]) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    return data


GARBAGE_VALUES = (
    "\x00",
    "' OR 1=1 --",
    "31/12/9999",
    "-1",
    "99999999999999999999",
    "<script>x</script>",
    "",
)
GARBAGE_NAMES = (
    "organization",
    "member",
    "kind",
    "action",
    "revision",
    "year",
    "period",
    "state",
    "to",
    "next",
    "language",
    "form-TOTAL_FORMS",
    "form-INITIAL_FORMS",
)


def garbage(form: Form | None, seed: int) -> dict[str, str]:
    """Every field the page has (or the names forms commonly use) filled with values no form
    should accept: a NUL character, a date in year 9999, numbers too large, markup."""
    names = [name for name, _ in form.fields] if form else list(GARBAGE_NAMES)
    return {
        name: GARBAGE_VALUES[(index + seed) % len(GARBAGE_VALUES)]
        for index, name in enumerate(dict.fromkeys(names))
    }


# --- English on a Vietnamese page --------------------------------------------------------------

# The attributes a person hears (a screen reader) or sees (a tooltip, a hint, a picture's text).
SPOKEN_ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")
# Words that stay as they are in Vietnamese: brand and product names, file kinds, the date
# format's letters, and the name of the English language in the language menu.
ALLOWED_WORDS = {
    "english",
    "excel",
    "word",
    "pdf",
    "docx",
    "xlsx",
    "email",
    "google",
    "authenticator",
    "microsoft",
    "freeotp",
    "totp",
    "dd",
    "mm",
    "yyyy",
    "web",
    # The demo logins, shown as the accounts' names on the office's pages.
    "vanphong",
    "lanhdao",
    "danguy",
    "chibo",
    "chibocs",
    "kiemtra",
}
# A Vietnamese syllable written without its marks: an initial, one to three vowels, a final.
# An ASCII word that is not one (nor a code in capitals) is taken for English.
_SYLLABLE = re.compile(
    r"(ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdghklmnprstvx])?[aeiouy]{1,3}(ng|nh|ch|[cmnpt])?",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]+")
# Not words at all: a file's fingerprint (a run of 16 or more hex digits), a stored file's
# name (a path with a slash and an extension), a report's placeholder ([[key]], [[key.previous]]),
# and the admin's summary of a stored password (its hashing algorithm, its masked salt and hash).
_NOT_WORDS = re.compile(
    r"\b[0-9a-f]{16,}\b|[\w.-]+(?:/[\w.-]+)+\.[a-z0-9]{2,5}\b|\[\[[\w.]+\]\]"
    r"|\b(?:md5|pbkdf2_sha256|pbkdf2_sha1|argon2|bcrypt_sha256|scrypt)\b|[\w+/=]*\*{4,}",
    re.IGNORECASE,
)


def english_words(text: str) -> list[str]:
    """The words of a text that are neither Vietnamese nor allowed."""
    found = []
    text = _NOT_WORDS.sub(" ", unicodedata.normalize("NFC", text))
    for word in _WORD.findall(text):
        if not word.isascii() or word.isupper() or word.lower() in ALLOWED_WORDS:
            continue
        if len(word) > 1 and not _SYLLABLE.fullmatch(word):
            found.append(word)
    return found


class TextParser(html.parser.HTMLParser):
    """A page's text as a person meets it: the text outside scripts and styles, and the
    spoken attributes of every element."""

    def __init__(self):
        super().__init__()
        self.chunks: list[tuple[str, str]] = []  # (where, text)
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._hidden += 1
        for name, value in attrs:
            if name in SPOKEN_ATTRIBUTES and value:
                self.chunks.append((f"[{name}] ", value))

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.chunks.append(("", data.strip()))


# Users are addressed as "đồng chí", never "bạn" (Django's own Vietnamese says "bạn").
_BAN = re.compile(r"\b[Bb]ạn\b")


def english_on(html_text: str) -> list[str]:
    """The pieces of a page that carry English, each with its English words, and those that
    address the reader as "bạn"."""
    parser = TextParser()
    parser.feed(html_text)
    found = []
    for where, chunk in parser.chunks:
        words = english_words(chunk)
        if _BAN.search(unicodedata.normalize("NFC", chunk)):
            words.append("bạn")
        if words:
            found.append(f"{where}{chunk[:80]!r}: {', '.join(words)}")
    return found
