"""Words the portal writes into the register at the time of a change are shown in the
reader's language, whatever language the writer had chosen (partybloc.notes)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from members import services
from members.models import MemberStatusChange
from organizations import services as organization_services
from partybloc.notes import note, shown

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 6, 1)


def test_a_transfer_out_recorded_in_english_reads_in_vietnamese(world, as_user):
    with translation.override("en"):  # the writer had chosen English
        services.transfer_out(world.an, destination="Đảng bộ tỉnh Khánh Hòa", on=DAY)
    stored = MemberStatusChange.objects.filter(member=world.an).last().reason
    assert "Transferred" not in stored and "Chuyển" not in stored  # neither language kept
    client = as_user(world.office)
    html = client.get(reverse("members:detail", args=[world.an.pk])).content.decode()
    assert "Transferred out to" not in html
    assert shown(stored) in html and "Đảng bộ tỉnh Khánh Hòa" in html
    with translation.override("en"):
        assert shown(stored) == "Transferred out to Đảng bộ tỉnh Khánh Hòa"


def test_a_merge_carried_out_in_english_reads_in_vietnamese_in_the_history(world, as_user):
    with translation.override("en"):
        plan = organization_services.plan_merge(
            world.finance_office, into=world.finance_budget, on=DAY
        )
        organization_services.carry_out(plan, by=world.office)
    html = as_user(world.office).get(reverse("members:detail", args=[world.an.pk])).content
    html = html.decode()
    assert "merged into" not in html
    with translation.override("vi"):
        vietnamese = plan.describe()
    assert vietnamese != "Chi bộ Văn phòng Sở Tài chính merged into Chi bộ Phòng Ngân sách"
    assert vietnamese in html  # the placement's note and the history's reason


def test_registration_reasons_follow_the_reader(world):
    reasons = MemberStatusChange.objects.filter(member=world.an).values_list("reason", flat=True)
    with translation.override("en"):
        assert [shown(r) for r in reasons] == [
            "Admitted to the Party",
            "Recognized as an official member",
        ]
    with translation.override("vi"):
        assert "Admitted to the Party" not in [shown(r) for r in reasons]


def test_what_a_user_typed_is_shown_as_typed_and_a_long_note_still_fits():
    assert shown("Theo Quyết định 12-QĐ/ĐU") == "Theo Quyết định 12-QĐ/ĐU"
    assert shown("") == "" and shown(None) == ""
    long = note("transferred_out", destination="Đ" * 300, limit=255)
    assert len(long) == 255 and shown(long) == long
