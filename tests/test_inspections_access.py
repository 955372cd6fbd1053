"""Every inspection URL, every role: allowed (200), outside the scope (404), inside without the
right (403), anonymous (to the login page)."""

import pytest
from django.urls import reverse

from inspections.models import Inspection
from tests import roles
from tests.roles import INSPECTION_ROLES as ROLES
from tests.roles import assert_each_role

pytestmark = pytest.mark.django_db


def expect(default, *seen_by, **overrides):
    return roles.expect(default, *seen_by, roles=ROLES, **overrides)


TEAM_ONE_SEES = {"office": 200, "leader": 200, "inspector": 200, "team_member": 200}
CONCLUDED_SEEN = {**TEAM_ONE_SEES, "inspectorate_secretary": 200}

# (url name, iw attributes for the args, expected status by role)
CASES = [
    ("inspections:list", (), expect(200, outsider=403)),
    ("inspections:detail", ("finance_inspection",), expect(404, TEAM_ONE_SEES)),
    ("inspections:detail", ("health_inspection",), expect(404, office=200, leader=200)),
    ("inspections:detail", ("inspectorate_inspection",), expect(404, CONCLUDED_SEEN)),
    (
        "inspections:finding_create",
        ("finance_inspection",),
        expect(404, TEAM_ONE_SEES, office=403, leader=403),
    ),
    (
        "inspections:finding_edit",
        ("finance_inspection", "finding"),
        expect(404, TEAM_ONE_SEES, office=403, leader=403),
    ),
    (
        "inspections:finding_create",
        ("office_inspection",),  # finalized: nobody edits it any more
        expect(404, office=403, leader=403, inspector=403, team_member=403),
    ),
    (
        "inspections:conclude",
        ("office_inspection",),
        expect(404, TEAM_ONE_SEES, leader=403, team_member=403),
    ),
    ("inspections:conclusion_pdf", ("inspectorate_inspection",), expect(404, CONCLUDED_SEEN)),
    ("inspections:conclusion_pdf", ("finance_inspection",), expect(404)),
    (
        "inspections:remediation_create",
        ("finance_inspection",),
        expect(404, TEAM_ONE_SEES, leader=403),
    ),
    (
        "inspections:remediation_report",
        ("item",),
        expect(404, CONCLUDED_SEEN, leader=403, inspector=403, team_member=403),
    ),
    (
        "inspections:remediation_carry_over",
        ("item",),
        expect(
            404,
            CONCLUDED_SEEN,
            leader=403,
            inspector=403,
            team_member=403,
            inspectorate_secretary=403,
        ),
    ),
    ("inspections:evidence", ("report",), expect(404, CONCLUDED_SEEN)),
    ("inspections:plan_list", (), expect(403, TEAM_ONE_SEES)),
    ("inspections:plan_create", (), expect(403, office=200)),
    ("inspections:plan_detail", ("plan",), expect(404, TEAM_ONE_SEES)),
    (
        "inspections:plan_edit",
        ("plan",),
        expect(404, office=200, leader=403, inspector=403, team_member=403),
    ),
    (
        "inspections:decision_create",
        ("plan",),
        expect(404, office=200, leader=403, inspector=403, team_member=403),
    ),
    (
        "inspections:team_create",
        ("decision",),
        expect(404, office=200, leader=403, inspector=403, team_member=403),
    ),
    ("inspections:complaint_list", (), expect(403, office=200, leader=200)),
    ("inspections:complaint_create", (), expect(403, office=200)),
    ("inspections:complaint_detail", ("complaint",), expect(404, office=200, leader=200)),
    ("inspections:discipline_list", (), expect(200, inspector=403, team_member=403, outsider=403)),
    ("inspections:discipline_create", (), expect(403, office=200)),
]


def _url(iw, name, attributes):
    return reverse(name, args=[getattr(iw, attribute).pk for attribute in attributes])


@pytest.mark.parametrize(
    ("name", "attributes", "expected"),
    CASES,
    ids=[f"{c[0]}-{'-'.join(c[1])}" for c in CASES],
)
def test_each_role_reaches_only_its_scope(world, iw, client, name, attributes, expected):
    assert_each_role(client, world, _url(iw, name, attributes), expected)


def _post_each_role(world, client, url, expected, reset):
    assert_each_role(client, world, url, expected, method="post", before=reset)


def test_only_the_team_leader_finalizes(world, iw, client):
    inspection = iw.finance_inspection

    def reset():
        Inspection.objects.filter(pk=inspection.pk).update(status=Inspection.Status.IN_PROGRESS)

    expected = expect(404, office=403, leader=403, inspector=302, team_member=403)
    _post_each_role(
        world, client, reverse("inspections:finalize", args=[inspection.pk]), expected, reset
    )


def test_team_members_start_their_inspections(world, iw, client):
    inspection = iw.finance_inspection

    def reset():
        Inspection.objects.filter(pk=inspection.pk).update(status=Inspection.Status.PLANNED)

    expected = expect(404, office=403, leader=403, inspector=302, team_member=302)
    _post_each_role(
        world, client, reverse("inspections:start", args=[inspection.pk]), expected, reset
    )


def test_only_office_staff_close(world, iw, client):
    iw.item.status = "done"
    iw.item.done_on = iw.item.deadline
    iw.item.save()
    inspection = iw.inspectorate_inspection

    def reset():
        Inspection.objects.filter(pk=inspection.pk).update(
            status=Inspection.Status.CONCLUDED, closed_on=None
        )

    expected = expect(
        404, office=302, leader=403, inspector=403, team_member=403, inspectorate_secretary=403
    )
    _post_each_role(
        world, client, reverse("inspections:close", args=[inspection.pk]), expected, reset
    )


def test_only_the_team_deletes_a_draft_finding(world, iw, client):
    from inspections.models import Finding

    url = reverse("inspections:finding_delete", args=[iw.finance_inspection.pk, iw.finding.pk])
    expected = expect(404, office=403, leader=403, inspector=302, team_member=302)

    def restore():
        if not Finding.objects.filter(pk=iw.finding.pk).exists():
            iw.finding.save(force_insert=True)

    assert_each_role(client, world, url, expected, method="post", before=restore)
    assert client.get(url).status_code == 405  # never by a link
