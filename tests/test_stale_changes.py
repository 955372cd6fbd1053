"""A change made from a page that showed an older state of a member's record is refused with
a clear message: the page carries the version of the record it showed (Member.version), and
the service compares it with the record's, the row locked."""

import pytest
from django.urls import reverse

STALE = "Hồ sơ của đảng viên này vừa được người khác thay đổi"


def transfer_post(member, cell, seen, day="01/10/2026"):
    return {"kind": "within", "to": cell.pk, "effective_on": day, "seen": seen}


@pytest.mark.django_db
def test_a_transfer_from_a_page_opened_before_another_transfer_is_refused(world, as_user):
    client = as_user(world.office)
    url = reverse("members:transfer", args=[world.an.pk])
    seen = client.get(url).context["form"]["seen"].value()
    first = client.post(url, transfer_post(world.an, world.finance_budget, seen))
    assert first.status_code == 302
    second = client.post(url, transfer_post(world.an, world.health_office, seen))
    assert second.status_code == 200
    [message] = second.context["form"].non_field_errors()
    assert message.startswith(STALE)
    assert second.content.decode().count(STALE) == 1
    assert f'value="{world.health_office.pk}" selected' in second.content.decode()  # kept
    world.an.refresh_from_db()
    assert world.an.organization == world.finance_budget


@pytest.mark.django_db
def test_a_status_change_from_a_page_opened_before_a_transfer_is_refused(world, as_user):
    client = as_user(world.office)
    status_url = reverse("members:status", args=[world.an.pk])
    seen = client.get(status_url).context["form"]["seen"].value()
    transfer_url = reverse("members:transfer", args=[world.an.pk])
    client.post(transfer_url, transfer_post(world.an, world.finance_budget, world.an.version()))
    response = client.post(
        status_url, {"status": "deceased", "effective_on": "02/10/2026", "seen": seen}
    )
    assert response.status_code == 200
    assert str(response.context["form"].non_field_errors()[0]).startswith(STALE)
    world.an.refresh_from_db()
    assert world.an.status == "official"


@pytest.mark.django_db
def test_a_page_without_its_version_is_refused_in_vietnamese(world, as_user):
    response = as_user(world.office).post(
        reverse("members:transfer", args=[world.an.pk]),
        {"kind": "within", "to": world.finance_budget.pk, "effective_on": "01/10/2026"},
    )
    assert response.status_code == 200
    assert "Trang này đã cũ" in response.content.decode()
    world.an.refresh_from_db()
    assert world.an.organization == world.finance_office
