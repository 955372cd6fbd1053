"""The admin is for the bloc office, in Vietnamese like the rest of the portal: its pages (the
index, each model's list, add and change forms) carry no English and never say "bạn" (issue
10). The walk's English scan (tests/test_every_url.py) reads the same pages on the demo bloc;
this reads them on the small world, quickly."""

import re

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation

from partybloc.accounts.admin import permission_label
from tests.walker import english_on

pytestmark = pytest.mark.django_db


def _pages(world):
    yield reverse("admin:index")
    for model in admin.site._registry:
        meta = model._meta
        name = f"admin:{meta.app_label}_{meta.model_name}"
        yield reverse(f"{name}_changelist")
        yield reverse(f"{name}_add")
        first = model.objects.order_by("pk").first()
        if first is not None:
            yield reverse(f"{name}_change", args=[first.pk])
            yield reverse(f"{name}_history", args=[first.pk])
    yield reverse("admin:auth_user_change", args=[world.office.pk])  # the permissions widget
    yield reverse("admin:auth_user_password_change", args=[world.office.pk])


def test_the_admin_speaks_vietnamese_to_the_office(world, client):
    world.office.is_superuser = True  # every model's pages
    world.office.save()
    client.force_login(world.office)
    # The world's logins (bithu_thanhtra, …) are names, not English.
    logins = {
        part
        for username in get_user_model().objects.values_list("username", flat=True)
        for part in re.split(r"[\W\d_]+", username)
    }
    found = []
    for url in _pages(world):
        response = client.get(url, headers={"accept-language": "vi"})
        if response.status_code == 403:  # an admin that adds or changes nothing (the log)
            continue
        assert response.status_code == 200, url
        for piece in english_on(response.content.decode()):
            if set(piece.rsplit(": ", 1)[1].split(", ")) - logins:
                found.append(f"{url}: {piece}")
    assert not found, "\n".join(dict.fromkeys(found))


def test_a_permission_is_named_in_the_readers_language():
    permission = Permission.objects.get(codename="view_member")
    assert permission.name == "Can view party member"  # as Django stored it
    with translation.override("vi"):
        assert permission_label(permission) == "Đảng viên | đảng viên | Được xem đảng viên"
    with translation.override("en"):
        assert permission_label(permission).endswith("| Can view party member")
