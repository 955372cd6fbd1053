"""Every choice of an organization is unambiguous: "name — parent's name" (43 of the demo's
217 organizations share a name), through one field class, with no query per choice."""

import importlib
import inspect
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.db import models

from organizations.forms import OrganizationChoiceField, OrganizationsChoiceField
from organizations.models import Organization, RoleAssignment

APPS = ["members", "organizations", "meetings", "inspections", "reports", "partybloc"]


def our_form_classes():
    for path in Path(settings.BASE_DIR).glob("**/forms.py"):
        relative = path.relative_to(settings.BASE_DIR)
        if relative.parts[0] not in APPS:
            continue
        module = importlib.import_module(".".join(relative.with_suffix("").parts))
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                yield cls


def chooses_an_organization(field) -> bool:
    if not isinstance(field, forms.ModelChoiceField):
        return False
    queryset = field.queryset
    return queryset is not None and issubclass(queryset.model, Organization)


def test_every_form_that_chooses_an_organization_uses_the_one_field():
    offenders, seen = [], 0
    for form_class in our_form_classes():
        for name, field in form_class.base_fields.items():
            if chooses_an_organization(field) or (
                isinstance(field, forms.ModelChoiceField) and field.queryset is None
            ):
                seen += 1
                if not isinstance(field, OrganizationChoiceField | OrganizationsChoiceField):
                    offenders.append(f"{form_class.__module__}.{form_class.__name__}.{name}")
    assert seen > 10
    assert not offenders


def test_model_forms_declare_organizations_as_the_one_field():
    """A ModelForm's organization fields come from the model: each must be declared."""
    for form_class in our_form_classes():
        meta = getattr(form_class, "_meta", None)
        if not getattr(meta, "model", None):
            continue
        for name in form_class.base_fields:
            try:
                model_field = meta.model._meta.get_field(name)
            except Exception:
                continue
            if isinstance(model_field, models.ForeignKey | models.ManyToManyField) and issubclass(
                model_field.related_model, Organization
            ):
                field = form_class.base_fields[name]
                assert isinstance(field, OrganizationChoiceField | OrganizationsChoiceField), (
                    f"{form_class.__name__}.{name}"
                )


@pytest.mark.django_db
def test_a_choice_names_the_parent_and_is_read_without_a_query_per_choice(
    world, django_assert_max_num_queries
):
    field = OrganizationChoiceField(queryset=Organization.objects.order_by("path"))
    with django_assert_max_num_queries(1):
        labels = [label for _value, label in field.choices]
    assert labels[0] == "— chọn —"
    assert "Chi bộ Văn phòng Sở Tài chính — Đảng bộ Sở Tài chính" in labels
    assert "Đảng bộ Khối các cơ quan tỉnh" in labels  # the bloc has no parent


@pytest.mark.django_db
def test_the_pages_name_each_cell_with_its_parent(world, as_user):
    from django.urls import reverse

    from tests.conftest import make_org

    same = make_org("Chi bộ Văn phòng Sở", Organization.Kind.SUBORDINATE_CELL, world.finance)
    make_org("Chi bộ Văn phòng Sở", Organization.Kind.SUBORDINATE_CELL, world.health)
    client = as_user(world.office)
    twice = ["Chi bộ Văn phòng Sở — Đảng bộ Sở Tài chính", "Chi bộ Văn phòng Sở — Đảng bộ Sở Y tế"]
    for url in [
        reverse("members:create"),
        reverse("members:transfer", args=[world.an.pk]),
        reverse("meetings:compliance"),
        reverse("organizations:restructure", args=[world.finance_office.pk]),
    ]:
        html = client.get(url).content.decode()
        for label in twice:
            assert label in html, (url, label)
    RoleAssignment.objects.create(
        user=world.finance_office_secretary,
        organization=same,
        role=RoleAssignment.Role.CELL_SECRETARY,
    )
    start = reverse("meetings:start")
    assert twice[0] in as_user(world.finance_office_secretary).get(start).content.decode()
    html = as_user(world.office).get(reverse("members:list")).content.decode()
    assert "Chi bộ Thanh tra tỉnh — Đảng bộ Khối các cơ quan tỉnh" in html
