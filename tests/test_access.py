"""Every URL, every role: allowed (200), outside the scope (404), inside without the right
(403), anonymous (to the login page)."""

import pytest
from django.urls import reverse

from tests.roles import assert_each_role, expect

pytestmark = pytest.mark.django_db

# (url name, world attribute for the pk or None, expected status by role)
CASES = [
    ("home", None, expect(200)),
    # The register's lists are not offered to those who see no part of it.
    ("organizations:tree", None, expect(200, inspector=403, outsider=403)),
    ("organizations:detail", "finance", expect(404, office=200, leader=200, finance_staff=200)),
    ("organizations:children", "finance", expect(404, office=200, leader=200, finance_staff=200)),
    (
        "organizations:detail",
        "finance_office",
        expect(404, office=200, leader=200, finance_staff=200, finance_office_secretary=200),
    ),
    (
        "organizations:detail",
        "inspectorate",
        expect(404, office=200, leader=200, inspectorate_secretary=200),
    ),
    (
        "organizations:edit",
        "finance_office",
        expect(404, office=200, leader=403, finance_staff=200, finance_office_secretary=403),
    ),
    ("organizations:edit", "health", expect(404, office=200, leader=403)),
    ("organizations:create", None, expect(403, office=200, finance_staff=200)),
    (
        "organizations:restructure",
        "finance_office",
        expect(404, office=200, leader=403, finance_staff=200, finance_office_secretary=403),
    ),
    (
        "organizations:restructure",
        "finance",
        expect(404, office=200, leader=403, finance_staff=403),
    ),
    ("organizations:restructure", "bloc", expect(404, office=403, leader=403)),
    (
        "organizations:add_position",
        "finance_office",
        expect(404, office=200, leader=403, finance_staff=200, finance_office_secretary=403),
    ),
    (
        "organizations:regulation_file",
        "inspectorate",
        expect(404, office=200, leader=200, inspectorate_secretary=200),
    ),
    ("members:list", None, expect(200, inspector=403, outsider=403)),
    ("members:create", None, expect(403, office=200, finance_staff=200)),
    (
        "members:detail",
        "an",
        expect(404, office=200, leader=200, finance_staff=200, finance_office_secretary=200),
    ),
    (
        "members:edit",
        "an",
        expect(404, office=200, leader=403, finance_staff=200, finance_office_secretary=403),
    ),
    (
        "members:transfer",
        "an",
        expect(404, office=200, leader=403, finance_staff=200, finance_office_secretary=403),
    ),
    (
        "members:status",
        "an",
        expect(404, office=200, leader=403, finance_staff=200, finance_office_secretary=403),
    ),
    ("members:detail", "anh", expect(404, office=200, leader=200, inspectorate_secretary=200)),
    ("members:edit", "anh", expect(404, office=200, leader=403, inspectorate_secretary=403)),
    ("members:detail", "duc", expect(404, office=200, leader=200)),
]


def _url(world, name, attribute):
    return reverse(name, args=[getattr(world, attribute).pk] if attribute else [])


@pytest.fixture
def with_regulation(world, settings, tmp_path):
    from django.core.files.base import ContentFile

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    world.inspectorate.regulation_file.save("quy-che.pdf", ContentFile(b"%PDF-1.4 quy che\n%%EOF"))
    return world


@pytest.mark.parametrize(
    ("name", "attribute", "expected"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES]
)
def test_each_role_reaches_only_its_scope(with_regulation, client, name, attribute, expected):
    world = with_regulation
    assert_each_role(client, world, _url(world, name, attribute), expected)


def test_position_end_is_refused_outside_scope_and_without_right(world, client):
    from members.models import LeadershipPosition

    position = LeadershipPosition.objects.create(
        organization=world.finance_office,
        member=world.an,
        post="secretary",
        started_on="2025-01-01",
    )
    url = reverse("organizations:end_position", args=[world.finance_office.pk, position.pk])
    expected = expect(404, office=302, leader=403, finance_staff=302, finance_office_secretary=403)

    def reopen():
        position.ended_on = None
        position.save()

    assert_each_role(client, world, url, expected, method="post", before=reopen)


def test_admin_is_for_office_staff_only(world, client):
    client.force_login(world.office)
    assert client.get(reverse("admin:index")).status_code == 200
    world.finance_staff.is_staff = True  # even a staff flag does not open it without the role
    world.finance_staff.save()
    for role in ("finance_staff", "leader", "finance_office_secretary", "outsider"):
        client.force_login(getattr(world, role))
        assert client.get(reverse("admin:index")).status_code == 302


def test_member_list_shows_only_the_cell_to_its_secretary(world, as_user):
    response = as_user(world.finance_office_secretary).get(reverse("members:list"))
    names = {member.full_name for member in response.context["page"]}
    assert names == {"Nguyễn Văn An", "Trần Thị Đào"}


def test_committee_sees_its_subtree_only(world, as_user):
    response = as_user(world.finance_staff).get(reverse("members:list"))
    names = {member.full_name for member in response.context["page"]}
    assert names == {"Nguyễn Văn An", "Trần Thị Đào", "Lê Văn Bình"}


def test_a_crafted_post_cannot_move_a_member_out_of_scope(world, as_user):
    client = as_user(world.finance_staff)
    response = client.post(
        reverse("members:transfer", args=[world.an.pk]),
        {"kind": "within", "to": world.health_office.pk, "effective_on": "01/06/2026"},
    )
    assert response.status_code == 200  # the form again, with an error on the choice
    assert response.context["form"].errors["to"]
    world.an.refresh_from_db()
    assert world.an.organization == world.finance_office


def test_a_crafted_post_cannot_register_a_member_in_another_committee(world, as_user):
    client = as_user(world.finance_staff)
    response = client.post(
        reverse("members:create"),
        {
            "full_name": "Đặng Văn Cường",
            "gender": "male",
            "date_of_birth": "01/01/1980",
            "national_id": "058080123456",
            "admitted_on": "01/01/2010",
            "organization": world.health_office.pk,
            "ethnicity": "Kinh",
            "theory_level": "none",
        },
    )
    assert response.status_code == 200
    assert "organization" in response.context["form"].errors
