"""The notification list, marking read, the count in the top bar, the choice of email."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partybloc.notifications import services
from partybloc.notifications.context_processors import unread_notices
from partybloc.notifications.models import EmailPreference, Notification, ReminderRule
from tests.notifications.helpers import d, draft_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def reminded(world):
    """Two late minutes of the finance office cell: its secretary holds two overdue notices,
    the committee staff two escalations."""
    ReminderRule.objects.exclude(code="minutes_overdue").update(enabled=False)
    draft_meeting(world.finance_office, d("2026-10-01"))
    draft_meeting(world.finance_office, d("2026-09-01"), kind="thematic")
    services.run_daily(d("2026-10-20"))
    return Notification.objects.filter(recipient=world.finance_office_secretary)


def test_the_list_shows_the_users_notices_linking_to_the_record(as_user, world, reminded):
    page = as_user(world.finance_office_secretary).get(reverse("notifications:list"))
    assert page.status_code == 200
    html = page.content.decode()
    assert reminded.count() == 2
    for notice in reminded:
        assert f'href="{notice.url}"' in html
    assert "Biên bản" in html and "chưa nộp" in html  # in Vietnamese
    assert "Quá hạn" in html


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    page = client.get(reverse("notifications:list"))
    assert page.status_code == 302 and page["Location"].startswith(reverse("login"))


def test_mark_read_and_the_count_in_the_top_bar(as_user, world, reminded):
    client = as_user(world.finance_office_secretary)
    home = client.get(reverse("home")).content.decode()
    assert '<span class="badge rounded-pill text-bg-warning" data-unread-notices>2</span>' in home
    notice = reminded.first()
    answer = client.post(reverse("notifications:read", args=[notice.pk]))
    assert answer.status_code == 302
    notice.refresh_from_db()
    assert notice.read_at is not None
    home = client.get(reverse("home")).content.decode()
    assert "data-unread-notices>1<" in home
    # The unread tab no longer lists it; "all" still does.
    unread = client.get(reverse("notifications:list")).content.decode()
    assert f'href="{notice.url}"' not in unread
    everything = client.get(reverse("notifications:list") + "?show=all").content.decode()
    assert f'href="{notice.url}"' in everything


def test_mark_all_read(as_user, world, reminded):
    client = as_user(world.finance_office_secretary)
    answer = client.post(reverse("notifications:read_all"), {"next": "/meetings/"})
    assert answer.status_code == 302 and answer["Location"] == "/meetings/"
    assert not reminded.filter(read_at__isnull=True).exists()
    # The committee's notices are not the secretary's to mark.
    assert Notification.objects.filter(recipient=world.finance_staff, read_at__isnull=True).exists()
    assert "data-unread-notices" not in client.get(reverse("home")).content.decode()


def test_someone_elses_notice_is_missing(as_user, world, reminded):
    notice = reminded.first()
    client = as_user(world.finance_staff)
    assert client.post(reverse("notifications:read", args=[notice.pk])).status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None
    assert client.get(reverse("notifications:read", args=[notice.pk])).status_code == 405


def test_a_redirect_goes_only_to_this_site(as_user, world, reminded):
    client = as_user(world.finance_office_secretary)
    answer = client.post(
        reverse("notifications:read", args=[reminded.first().pk]),
        {"next": "https://example.com/"},
    )
    assert answer["Location"] == reverse("notifications:list")


def test_the_list_pages(as_user, world, reminded):
    notice = reminded.first()
    for index in range(25):
        Notification.objects.create(
            recipient=world.finance_office_secretary,
            rule=notice.rule,
            rule_code=notice.rule_code,
            subject_key=f"extra:{index}",
            stage="soon",
            organization=world.finance_office,
            due_on=d("2026-10-30"),
            message=notice.message,
            params=notice.params,
            url=notice.url,
            created_on=d("2026-10-20"),
        )
    client = as_user(world.finance_office_secretary)
    first = client.get(reverse("notifications:list")).content.decode()
    assert "Trang 1/2" in first or "page=2" in first
    assert client.get(reverse("notifications:list") + "?page=2").status_code == 200
    assert client.get(reverse("notifications:list") + "?page=x").status_code == 200


def test_the_count_is_one_query(world, reminded, django_assert_num_queries):
    request = RequestFactory().get("/")
    request.user = world.finance_office_secretary
    with django_assert_num_queries(1):
        assert unread_notices(request) == {"nav_unread_notices": 2}


def test_the_account_page_offers_the_choice_of_email(as_user, world):
    client = as_user(world.finance_office_secretary)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("accounts:notice_email") in page
    assert "Mỗi ngày một thư" in page or "mỗi ngày" in page.lower()


def test_choosing_email_needs_an_address(as_user, world):
    client = as_user(world.finance_office_secretary)
    url = reverse("accounts:notice_email")
    page = client.post(url, {"delivery": "digest", "email": ""})
    assert page.status_code == 200
    assert "Nhập địa chỉ thư điện tử" in page.content.decode()
    assert not EmailPreference.objects.exists()
    answer = client.post(url, {"delivery": "digest", "email": "bithu@example.vn"})
    assert answer.status_code == 302
    preference = EmailPreference.objects.get(user=world.finance_office_secretary)
    assert preference.delivery == "digest"
    world.finance_office_secretary.refresh_from_db()
    assert world.finance_office_secretary.email == "bithu@example.vn"
    assert client.post(url, {"delivery": "garbage"}).status_code == 200


def test_the_list_reads_the_same_few_queries_whatever_its_length(as_user, world, reminded):
    client = as_user(world.finance_office_secretary)
    url = reverse("notifications:list") + "?show=all"
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    notice = reminded.first()
    Notification.objects.bulk_create(
        Notification(
            recipient=world.finance_office_secretary,
            rule=notice.rule,
            rule_code=notice.rule_code,
            subject_key=f"more:{index}",
            stage="overdue",
            organization=world.finance_office,
            due_on=d("2026-10-30"),
            message=notice.message,
            params=notice.params,
            url=notice.url,
            history=[{"stage": "soon", "to": "Nguyễn Văn An", "on": "01/10/2026"}],
            created_on=d("2026-10-20"),
        )
        for index in range(15)
    )
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert "Đã nhắc trước đó" in page.content.decode()
    assert len(many) == len(few)
