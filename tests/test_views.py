"""What a user does through the pages: forms that refuse bad input in Vietnamese and keep
what was typed, the restructure preview, the home page, and steady query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import Member, Status
from organizations.models import Organization
from partybloc import pagination
from tests.conftest import make_member

pytestmark = pytest.mark.django_db


def test_registering_a_member_with_bad_input_keeps_what_was_typed(world, as_user):
    client = as_user(world.office)
    typed = {
        "full_name": "Nguyễn Thị Hồng Nhung",
        "gender": "female",
        "date_of_birth": "12/05/1990",
        "national_id": "05819012345",
        "admitted_on": "01/03/2015",
        "organization": world.inspectorate.pk,
        "ethnicity": "Chăm",
        "theory_level": "intermediate",
        "job": "Chuyên viên",
    }
    response = client.post(reverse("members:create"), typed)
    assert response.status_code == 200
    assert "12 chữ số" in response.content.decode()
    form = response.context["form"]
    assert "national_id" in form.errors
    html = response.content.decode()
    assert 'value="Nguyễn Thị Hồng Nhung"' in html and 'value="Chuyên viên"' in html
    assert not Member.objects.filter(full_name="Nguyễn Thị Hồng Nhung").exists()


def test_form_errors_are_in_vietnamese(world, as_user):
    response = as_user(world.office).post(reverse("members:create"), {"full_name": "An"})
    errors = " ".join(str(e) for errors in response.context["form"].errors.values() for e in errors)
    assert "Trường này là bắt buộc." in errors
    assert "đầy đủ họ, tên đệm và tên" in errors


def test_registering_a_member_through_the_page(world, as_user):
    response = as_user(world.office).post(
        reverse("members:create"),
        {
            "full_name": "Nguyễn Thị Hồng Nhung",
            "gender": "female",
            "date_of_birth": "12/05/1990",
            "national_id": "058190123456",
            "admitted_on": "01/03/2015",
            "official_on": "01/03/2016",
            "organization": world.inspectorate.pk,
            "ethnicity": "Chăm",
            "theory_level": "intermediate",
        },
    )
    member = Member.objects.get(full_name="Nguyễn Thị Hồng Nhung")
    assert response.status_code == 302 and response["Location"] == reverse(
        "members:detail", args=[member.pk]
    )
    assert member.status == Status.OFFICIAL and member.date_of_birth == datetime.date(1990, 5, 12)


def test_a_transfer_through_the_page_shows_in_the_history(world, as_user):
    client = as_user(world.finance_staff)
    response = client.post(
        reverse("members:transfer", args=[world.an.pk]),
        {
            "kind": "within",
            "to": world.finance_budget.pk,
            "effective_on": "01/10/2026",
            "note": "Theo Quyết định 12-QĐ/ĐU",
            "seen": world.an.version(),
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("members:detail", args=[world.an.pk])).content.decode()
    assert "Chi bộ Phòng Ngân sách" in page and "01/10/2026" in page
    assert "Theo Quyết định 12-QĐ/ĐU" in page


def test_a_refused_status_change_explains_why_and_keeps_the_input(world, as_user):
    response = as_user(world.office).post(
        reverse("members:status", args=[world.an.pk]),
        {
            "status": "exempt",
            "effective_on": "01/01/2009",
            "reason": "Tuổi cao",
            "seen": world.an.version(),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["effective_on"]
    assert 'value="Tuổi cao"' in response.content.decode()
    world.an.refresh_from_db()
    assert world.an.status == Status.OFFICIAL


def test_a_future_date_is_refused(world, as_user):
    response = as_user(world.office).post(
        reverse("members:status", args=[world.an.pk]),
        {
            "status": "exempt",
            "effective_on": "01/01/2099",
            "seen": world.an.version(),
        },
    )
    assert response.context["form"].errors["effective_on"]


def test_creating_a_subordinate_cell_under_a_grassroots_cell_is_refused(world, as_user):
    response = as_user(world.office).post(
        reverse("organizations:create"),
        {
            "name": "Chi bộ sai chỗ",
            "kind": "subordinate_cell",
            "parent": world.inspectorate.pk,
            "founded_on": "01/01/2026",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert 'value="Chi bộ sai chỗ"' in response.content.decode()
    assert not Organization.objects.filter(name="Chi bộ sai chỗ").exists()


def test_committee_staff_add_a_cell_under_their_committee(world, as_user):
    response = as_user(world.finance_staff).post(
        reverse("organizations:create"),
        {
            "name": "Chi bộ Phòng Giá công sản",
            "kind": "subordinate_cell",
            "parent": world.finance.pk,
            "founded_on": "01/02/2026",
            "host_agency_name": "Sở Tài chính",
            "workforce": "120",
        },
    )
    assert response.status_code == 302
    cell = Organization.objects.get(name="Chi bộ Phòng Giá công sản")
    assert cell.parent == world.finance and cell.host_agency.workforce == 120


def test_a_working_regulation_must_be_a_pdf_or_word_file(world, as_user, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    client = as_user(world.office)
    url = reverse("organizations:edit", args=[world.inspectorate.pk])
    base = {
        "name": world.inspectorate.name,
        "founded_on": "01/01/2000",
        "regulation_adopted_on": "01/06/2025",
    }
    fake = SimpleUploadedFile(
        "quy-che.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    response = client.post(url, {**base, "regulation_file": fake})
    assert response.status_code == 200 and "regulation_file" in response.context["form"].errors
    pdf = b"%PDF-1.4 real\n%%EOF"
    real = SimpleUploadedFile("quy-che.pdf", pdf, content_type="application/pdf")
    assert client.post(url, {**base, "regulation_file": real}).status_code == 302
    download = client.get(reverse("organizations:regulation_file", args=[world.inspectorate.pk]))
    assert b"".join(download.streaming_content) == pdf


def test_restructure_shows_a_preview_then_carries_out(world, as_user):
    client = as_user(world.office)
    url = reverse("organizations:restructure", args=[world.health.pk])
    data = {
        "action": "merge",
        "on": "01/03/2026",
        "into": world.finance.pk,
        "decision": "30-QĐ/ĐUK",
    }
    preview = client.post(url, data)
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Chi bộ Văn phòng Sở Y tế" in html  # the cell that would move
    world.health.refresh_from_db()
    assert world.health.ended_on is None  # a preview changes nothing
    done = client.post(url, {**data, "confirm": "1"})
    assert done.status_code == 302
    world.health.refresh_from_db()
    assert world.health.ended_on == datetime.date(2026, 3, 1)
    assert world.health.end_decision == "30-QĐ/ĐUK"


def test_a_split_through_the_page_assigns_each_member(world, as_user):
    client = as_user(world.finance_staff)
    url = reverse("organizations:restructure", args=[world.finance_office.pk])
    data = {
        "action": "split",
        "on": "01/04/2026",
        "new_names": "Chi bộ Văn phòng 1\nChi bộ Văn phòng 2",
        f"assign-{world.an.pk}-part": "1",
        f"assign-{world.dao.pk}-part": "0",
        "confirm": "1",
    }
    assert client.post(url, data).status_code == 302
    world.refresh()
    assert world.an.organization.name == "Chi bộ Văn phòng 2"
    assert world.dao.organization.name == "Chi bộ Văn phòng 1"


def test_a_restructure_error_shows_on_its_field(world, as_user):
    client = as_user(world.office)
    url = reverse("organizations:restructure", args=[world.health.pk])
    unnamed = client.post(url, {"action": "merge", "on": "01/03/2026"})
    assert list(unnamed.context["form"].errors) == ["into"]
    future = client.post(url, {"action": "merge", "on": "01/03/2099", "into": world.finance.pk})
    assert list(future.context["form"].errors) == ["on"]  # the service's refusal, on its field
    assert 'value="01/03/2099"' in future.content.decode()
    twice = client.post(url, {"action": "split", "on": "01/03/2026", "new_names": "A\nA"})
    assert list(twice.context["form"].errors) == ["new_names"]
    world.health.refresh_from_db()
    assert world.health.ended_on is None


def test_a_split_row_error_shows_on_its_row_and_keeps_the_other_choices(world, as_user):
    client = as_user(world.finance_staff)
    url = reverse("organizations:restructure", args=[world.finance_office.pk])
    data = {
        "action": "split",
        "on": "01/04/2026",
        "new_names": "Chi bộ Văn phòng 1\nChi bộ Văn phòng 2",
        f"assign-{world.an.pk}-part": "1",
        f"assign-{world.dao.pk}-part": "2",  # a third part that the names no longer list
        "confirm": "1",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    rows = {row.item: row for row in response.context["split_rows"]}
    assert list(rows[world.dao].errors) == ["part"] and not rows[world.an].errors
    assert rows[world.an]["part"].value() == "1"
    world.refresh()
    assert world.finance_office.ended_on is None


def test_a_split_asks_where_each_one_goes_before_its_preview(world, as_user):
    client = as_user(world.finance_staff)
    url = reverse("organizations:restructure", args=[world.finance_office.pk])
    names = "Chi bộ Văn phòng 1\nChi bộ Văn phòng 2"
    first = client.post(url, {"action": "split", "on": "01/04/2026", "new_names": names})
    assert first.context["plan"] is None and first.context["split_rows"].errors
    chosen = {row["part"].html_name: row["part"].value() for row in first.context["split_rows"]}
    second = client.post(url, {"action": "split", "on": "01/04/2026", "new_names": names, **chosen})
    assert second.context["plan"].kind == "split"


def test_home_lists_probationers_due_in_scope(world, as_user):
    from django.utils import timezone

    today = timezone.localdate()
    make_member(
        world.finance_office,
        "Mai Thị Xuân",
        gender="female",
        born=datetime.date(1999, 1, 1),
        official=None,
        admitted=today.replace(year=today.year - 1) + datetime.timedelta(days=20),
    )
    make_member(
        world.inspectorate,
        "Mai Văn Thu",
        born=datetime.date(1999, 1, 1),
        official=None,
        admitted=today.replace(year=today.year - 1) + datetime.timedelta(days=20),
    )
    page = as_user(world.finance_office_secretary).get(reverse("home")).content.decode()
    assert "Mai Thị Xuân" in page and "Mai Văn Thu" not in page


def test_the_tree_as_of_a_past_date(world, as_user):
    response = as_user(world.leader).get(reverse("organizations:tree"), {"on": "2026-01-01"})
    assert response.status_code == 200
    names = [org.name for org, _depth, _count in response.context["rows"]]
    assert names[0] == "Đảng bộ Khối các cơ quan tỉnh" and "Chi bộ Thanh tra tỉnh" in names


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _more_members(world, count):
    for index in range(count):
        cell = [world.finance_office, world.health_office, world.inspectorate][index % 3]
        make_member(cell, f"Hoàng Văn Thêm {index}")


@pytest.mark.parametrize(
    "url_name", ["members:list", "organizations:tree", "home", "meetings:list", "year:admissions"]
)
def test_list_pages_make_the_same_number_of_queries_as_data_grows(world, client, url_name):
    client.force_login(world.office)
    url = reverse(url_name)
    before = _queries(client, url)
    _more_members(world, 60)
    from tests.conftest import make_org

    for index in range(5):
        make_org(f"Chi bộ thêm {index}", Organization.Kind.GRASSROOTS_CELL, world.bloc)
    assert _queries(client, url) == before


def test_member_search_makes_the_same_number_of_queries_as_the_register_grows(world, client):
    client.force_login(world.office)
    make_member(world.inspectorate, "Hoàng Văn Thêm")
    url = client.post(reverse("members:list"), {"q": "hoang van"})["Location"]
    before = _queries(client, url)
    _more_members(world, 60)
    assert _queries(client, url) == before


def test_a_long_register_is_counted_to_a_limit_then_estimated(world, client, monkeypatch, settings):
    """PostgreSQL only: elsewhere the count is exact (and one query)."""
    if connection.vendor != "postgresql":
        pytest.skip("the planner's estimate is PostgreSQL's")
    monkeypatch.setattr(pagination, "EXACT_UP_TO", 10)
    settings.PAGE_SIZE = 5
    client.force_login(world.office)
    url = reverse("members:list")
    short = client.get(url)
    assert not short.context["page"].paginator.estimated
    before = _queries(client, url)
    _more_members(world, 60)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE members_member")
    long = client.get(url)
    assert long.context["page"].paginator.estimated
    assert "Tổng số: khoảng" in long.content.decode()
    assert long.context["page"].paginator.count > 10
    assert _queries(client, url) == before


def test_organization_page_queries_do_not_grow_with_members(world, client):
    client.force_login(world.office)
    url = reverse("organizations:detail", args=[world.finance.pk])
    before = _queries(client, url)
    _more_members(world, 30)
    assert _queries(client, url) == before


def test_vietnamese_whatever_the_browser_asks_and_english_when_chosen(world, as_user):
    client = as_user(world.leader)
    english_browser = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
    assert "Xin chào" in client.get(reverse("home"), **english_browser).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Hello" in client.get(reverse("home")).content.decode()


def test_office_staff_assign_roles_in_the_admin(world, as_user):
    from organizations.models import RoleAssignment

    client = as_user(world.office)
    world.office.is_superuser = True
    world.office.save()
    response = client.post(
        reverse("admin:organizations_roleassignment_add"),
        {
            "user": world.outsider.pk,
            "organization": world.health.pk,
            "role": "committee_staff",
        },
    )
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user=world.outsider, organization=world.health).exists()
    client.force_login(world.outsider)
    assert client.get(reverse("organizations:detail", args=[world.health.pk])).status_code == 200


def test_unknown_pages_answer_in_vietnamese(world, as_user):
    response = as_user(world.leader).get("/members/999999/")
    assert response.status_code == 404


def test_a_search_alone_lists_active_members_only(world, as_user):
    from members.services import change_status

    change_status(world.binh, to=Status.DECEASED, on=datetime.date(2026, 1, 2))
    client = as_user(world.office)
    searched = client.post(reverse("members:list"), {"q": "van"}, follow=True)
    assert {m.full_name for m in searched.context["page"]} == {"Nguyễn Văn An"}
    everyone = client.post(reverse("members:list"), {"q": "van", "status": ""}, follow=True)
    everyone = everyone.context["page"]
    assert {m.full_name for m in everyone} == {"Nguyễn Văn An", "Lê Văn Bình"}


def test_the_admins_plan_form_refuses_an_organization_id_past_the_database(world, as_user):
    """A posted id too large for the database is an unknown choice on the field (it was a
    server error on SQLite)."""
    client = as_user(world.office)
    world.office.is_superuser = True
    world.office.save()
    response = client.post(
        reverse("admin:inspections_plan_add"),
        {"number": "01-KH/UBKT", "title": "Kiểm tra", "targets": ["99999999999999999999"]},
    )
    assert response.status_code == 200
    assert "targets" in response.context["adminform"].form.errors


def test_a_short_list_is_paged_by_its_keys_in_its_order(world, client, monkeypatch, settings):
    """PostgreSQL only: a list under the limit is counted by its keys and each page read by
    them; the pages hold the rows the ordered list holds there, the last one short."""
    if connection.vendor != "postgresql":
        pytest.skip("the keys are read on PostgreSQL only")
    settings.PAGE_SIZE = 4
    _more_members(world, 6)
    client.force_login(world.office)
    members = Member.objects.visible_to(world.office).active().in_name_order()
    expected = list(members.values_list("pk", flat=True))
    seen = []
    for number in range(1, (len(expected) + 3) // 4 + 1):
        page = client.get(reverse("members:list"), {"page": number}).context["page"]
        assert page.paginator._keys is not None and page.paginator.count == len(expected)
        seen += [member.pk for member in page]
    assert seen == expected
