"""The register's pages speak Vietnamese: empty choices, labels, landmarks, the title, and the
way users are addressed ("đồng chí", never "bạn")."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_empty_choices_read_in_vietnamese_on_the_forms(world, as_user):
    office = as_user(world.office)
    pages = [
        reverse("members:create"),
        reverse("organizations:create"),
        reverse("year:candidate_create"),
    ]
    for url in pages:
        html = office.get(url).content.decode()
        assert "Select an option" not in html and "---------" not in html, url
        assert "— chọn —" in html, url
    secretary = as_user(world.finance_office_secretary)
    html = secretary.get(reverse("meetings:start")).content.decode()
    assert "Select an option" not in html and "— chọn —" in html


def test_the_title_the_brand_and_the_breadcrumb_are_vietnamese(world, as_user):
    html = as_user(world.office).get(reverse("members:detail", args=[world.an.pk])).content
    html = html.decode()
    assert re.search(r"<title>[^<]*· Đảng ủy Khối</title>", html)
    assert "partybloc</a>" not in html
    assert 'aria-label="breadcrumb"' not in html and 'aria-label="đường dẫn trang"' in html


def test_users_are_addressed_as_comrade_never_as_ban():
    catalogue = Path(settings.BASE_DIR, "locale/vi/LC_MESSAGES/django.po").read_text()
    translations = "\n".join(entry.split("\nmsgstr", 1)[-1] for entry in catalogue.split("\n\n"))
    assert not re.search(r"\b[Bb]ạn\b", translations)
    for template in Path(settings.BASE_DIR, "templates").rglob("*"):
        if template.is_file():
            assert not re.search(r"\b[Bb]ạn\b", template.read_text()), template


def test_the_directive_page_labels_its_choices_in_vietnamese(world, as_user):
    import datetime

    from members.year.models import Directive

    directive = Directive.objects.create(
        number="05-CT/TW", title="Học tập và làm theo", issued_on=datetime.date(2016, 5, 15)
    )
    url = reverse("year:directive", args=[directive.pk])
    for user in (world.finance_office_secretary, world.finance_staff):
        response = as_user(user).get(url + "?year=2026")
        html = response.content.decode()
        assert ">Member" not in html and ">Organization" not in html
        labels = [
            str(field.label)
            for form in (response.context.get("form"), response.context.get("plan_form"))
            if form
            for field in form.fields.values()
        ]
        assert labels and not {"Member", "Organization"} & set(labels)


def test_the_finding_form_offers_an_empty_choice_in_vietnamese(iw, world, as_user):
    url = reverse("inspections:finding_create", args=[iw.finance_inspection.pk])
    html = as_user(world.inspector).get(url).content.decode()
    assert "Select an option" not in html and "---------" not in html
