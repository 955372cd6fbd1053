import datetime

import pytest
from django.core.exceptions import ValidationError

from members import services
from members.models import Member, Status
from partybloc.text import fold, name_sort_key
from tests.conftest import make_member

pytestmark = pytest.mark.django_db


def _member(world, **changes):
    fields = dict(
        full_name="Đinh Văn Hùng",
        gender="male",
        date_of_birth=datetime.date(1980, 1, 1),
        national_id="058080999001",
        admitted_on=datetime.date(2005, 1, 1),
        organization=world.inspectorate,
    )
    fields.update(changes)
    return Member(**fields)


@pytest.mark.parametrize("national_id", ["05808099900", "0580809990011", "05808099900A"])
def test_a_national_id_has_twelve_digits(world, national_id):
    with pytest.raises(ValidationError) as error:
        _member(world, national_id=national_id).full_clean()
    assert "national_id" in error.value.error_dict


def test_a_national_id_must_agree_with_gender_and_year_of_birth(world):
    with pytest.raises(ValidationError) as error:
        _member(world, national_id="058185999001").full_clean()  # female, born 1985
    assert "national_id" in error.value.error_dict
    _member(world).full_clean()


def test_national_id_and_party_card_are_unique(world):
    with pytest.raises(ValidationError) as error:
        _member(world, national_id=world.an.national_id).full_clean()
    assert "national_id" in error.value.error_dict
    duplicate_card = _member(world, party_card_number=world.an.party_card_number)
    with pytest.raises(ValidationError):
        duplicate_card.full_clean()


def test_a_party_card_number_is_digits(world):
    with pytest.raises(ValidationError) as error:
        _member(world, party_card_number="AB12").full_clean()
    assert "party_card_number" in error.value.error_dict


def test_a_member_is_admitted_at_eighteen(world):
    with pytest.raises(ValidationError) as error:
        _member(world, admitted_on=datetime.date(1997, 6, 1)).full_clean()
    assert "admitted_on" in error.value.error_dict


def test_registering_writes_the_history_the_dates_imply(world):
    history = list(world.an.status_changes.values_list("status", "effective_on"))
    assert history == [
        (Status.PROBATIONARY, datetime.date(2010, 3, 1)),
        (Status.OFFICIAL, datetime.date(2011, 3, 1)),
    ]
    assert world.an.status == Status.OFFICIAL
    assert world.an.placements.get().organization == world.finance_office


def test_recognition_comes_only_after_twelve_months(world):
    member = make_member(
        world.inspectorate,
        "Lý Thị Hoa",
        gender="female",
        born=datetime.date(1998, 4, 4),
        admitted=datetime.date(2025, 9, 1),
        official=None,
    )
    with pytest.raises(ValidationError):
        services.change_status(member, to=Status.OFFICIAL, on=datetime.date(2026, 8, 1))
    services.change_status(member, to=Status.OFFICIAL, on=datetime.date(2026, 9, 1))
    member.refresh_from_db()
    assert member.status == Status.OFFICIAL and member.official_on == datetime.date(2026, 9, 1)


def test_status_changes_are_kept_and_read_as_of_a_date(world):
    services.change_status(
        world.an, to=Status.EXEMPT, on=datetime.date(2024, 1, 1), reason="Sức khỏe yếu"
    )
    services.change_status(world.an, to=Status.DECEASED, on=datetime.date(2026, 2, 3))
    world.an.refresh_from_db()
    assert world.an.status_on(datetime.date(2023, 12, 31)) == Status.OFFICIAL
    assert world.an.status_on(datetime.date(2025, 1, 1)) == Status.EXEMPT
    assert world.an.status_on(datetime.date(2026, 2, 3)) == Status.DECEASED
    assert world.an.status_changes.count() == 4
    assert not world.an.placements.filter(ended_on__isnull=True).exists()


def test_an_ended_membership_cannot_change_again(world):
    services.change_status(world.an, to=Status.EXPELLED, on=datetime.date(2026, 1, 1))
    with pytest.raises(ValidationError):
        services.change_status(world.an, to=Status.OFFICIAL, on=datetime.date(2026, 2, 1))


def test_a_change_cannot_predate_the_last_one(world):
    with pytest.raises(ValidationError):
        services.change_status(world.an, to=Status.EXEMPT, on=datetime.date(2011, 1, 1))


def test_a_transfer_answers_which_cell_on_a_date(world):
    services.transfer_member(world.an, to=world.inspectorate, on=datetime.date(2025, 7, 1))
    world.an.refresh_from_db()
    assert world.an.organization == world.inspectorate
    assert world.an.organization_on(datetime.date(2025, 6, 30)) == world.finance_office
    assert world.an.organization_on(datetime.date(2025, 7, 1)) == world.inspectorate
    as_of = Member.objects.as_of(datetime.date(2025, 6, 30)).get(pk=world.an.pk)
    assert as_of.organization_on_id == world.finance_office.pk


def test_out_of_the_bloc_and_back(world):
    services.transfer_out(
        world.an, destination="Đảng bộ tỉnh Khánh Hòa", on=datetime.date(2025, 1, 15)
    )
    world.an.refresh_from_db()
    assert world.an.status == Status.TRANSFERRED_OUT
    assert world.an.placements.get(ended_on=datetime.date(2025, 1, 15)).went_to == (
        "Đảng bộ tỉnh Khánh Hòa"
    )
    assert Member.objects.as_of(datetime.date(2025, 2, 1)).filter(pk=world.an.pk).count() == 0
    services.transfer_back_in(
        world.an,
        to=world.health_office,
        on=datetime.date(2026, 1, 1),
        came_from="Đảng bộ tỉnh Khánh Hòa",
    )
    world.an.refresh_from_db()
    assert world.an.status == Status.OFFICIAL and world.an.organization == world.health_office
    assert world.an.placements.count() == 2


def test_a_transfer_refuses_a_committee_as_destination(world):
    with pytest.raises(ValidationError):
        services.transfer_member(world.an, to=world.finance, on=datetime.date(2026, 1, 1))


def test_search_ignores_diacritics_and_folds_d(world):
    names = lambda text: set(Member.objects.search(text).values_list("full_name", flat=True))  # noqa: E731
    assert names("nguyen van an") == {"Nguyễn Văn An"}
    assert names("Nguyễn Văn An") == {"Nguyễn Văn An"}
    assert names("dao") == {"Trần Thị Đào"}
    assert names("duc") == {"Phạm Minh Đức"}
    assert names("anh vo") == {"Võ Thị Ánh"}
    assert names(world.binh.national_id) == {"Lê Văn Bình"}


def test_search_matches_names_by_whole_words_from_their_start(world):
    for name in ["Nguyễn Văn Tuấn", "Nguyễn Văn Anh", "Nguyễn Thị Lan"]:
        make_member(world.inspectorate, name)
    names = lambda text: set(Member.objects.search(text).values_list("full_name", flat=True))  # noqa: E731
    # "an" is inside "van" and "lan": only names with a word starting "an" are found.
    assert names("nguyen van an") == {"Nguyễn Văn An", "Nguyễn Văn Anh"}
    assert names("an") == {"Nguyễn Văn An", "Nguyễn Văn Anh", "Võ Thị Ánh"}
    assert names("uan") == set()
    assert names("nguy tu") == {"Nguyễn Văn Tuấn"}
    # Digits are found anywhere: the end of a national ID.
    assert names(world.binh.national_id[-6:]) == {"Lê Văn Bình"}


def test_fold_maps_every_vietnamese_letter():
    assert fold("ĐẶNG Thị Ngọc Ẩn  Ưu") == "dang thi ngoc an uu"


def test_names_sort_by_given_name_in_vietnamese_order(world):
    for name in ["Trần Thị Ân", "Lê Anh", "Đỗ Thị An", "Bùi Văn Ăn", "Hồ Văn Dũng", "Lê Văn Đông"]:
        make_member(world.inspectorate, name)
    ordered = list(Member.objects.in_name_order().values_list("full_name", flat=True))
    assert ordered == [
        "Đỗ Thị An",
        "Nguyễn Văn An",
        "Lê Anh",
        "Võ Thị Ánh",
        "Bùi Văn Ăn",
        "Trần Thị Ân",
        "Lê Văn Bình",
        "Hồ Văn Dũng",
        "Trần Thị Đào",
        "Lê Văn Đông",
        "Phạm Minh Đức",
    ]


def test_same_given_name_sorts_by_family_name():
    keys = sorted(["Phạm Văn An", "Đặng Văn An", "Bùi Văn An", "Âu Văn An"], key=name_sort_key)
    assert keys == ["Âu Văn An", "Bùi Văn An", "Đặng Văn An", "Phạm Văn An"]


def test_recognition_due_lists_probationers_within_the_window(world):
    today = datetime.date(2026, 11, 22)
    due = make_member(
        world.inspectorate,
        "Mai Thị Xuân",
        gender="female",
        born=datetime.date(1999, 1, 1),
        admitted=datetime.date(2025, 12, 20),
        official=None,
    )
    make_member(
        world.inspectorate,
        "Mai Văn Hạ",
        born=datetime.date(1999, 1, 1),
        admitted=datetime.date(2026, 6, 1),
        official=None,
    )
    listed = Member.objects.recognition_due(within_days=60, on=today)
    assert list(listed) == [due]
