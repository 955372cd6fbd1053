"""Twenty transfers of one member to twenty cells, sent at the same instant from pages that
all showed the same state of the record: exactly one is recorded, the nineteen others are
refused with the message that the record changed (tests/test_stale_changes.py has the pages).

On PostgreSQL the service locks the member's row (select_for_update) and then compares the
version the page carried with the record's: the transfers queue on the lock, the first one
wins and the others read its new version. SQLite has no row locks: its transactions begin
IMMEDIATE (partybloc/settings.py), which serializes the writers on the database lock with the
same outcome. It lives here because the integration tests keep SQLite's test database in a
file: the in-memory one shared between threads answers "database table is locked" instead of
waiting (what a deployed SQLite, a file, does)."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from members.models import LeadershipPosition, MemberPlacement
from organizations.models import Organization
from tests.conftest import make_org
from tests.test_stale_changes import transfer_post


def _transfer_at_once(world, cells) -> list[int]:
    """Each cell's transfer posted by its own user session in its own thread, all released
    together; the HTTP status each one got."""
    url = reverse("members:transfer", args=[world.an.pk])
    seen = world.an.version()
    clients = []
    for _cell in cells:
        client = Client()
        client.force_login(world.office)
        clients.append(client)
    start = threading.Barrier(len(cells))
    results: list[int | Exception] = [0] * len(cells)

    def post(index):
        try:
            start.wait()
            response = clients[index].post(url, transfer_post(world.an, cells[index], seen))
            results[index] = response.status_code
        except Exception as error:  # the test says what it was
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(len(cells))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_transfers_of_one_member_record_exactly_one(world):
    cells = [
        make_org(f"Chi bộ Phòng {i}", Organization.Kind.SUBORDINATE_CELL, world.health)
        for i in range(20)
    ]
    results = _transfer_at_once(world, cells)
    assert sorted(results, key=str) == [200] * 19 + [302], results
    world.an.refresh_from_db()
    assert MemberPlacement.objects.filter(member=world.an).count() == 2  # registered, moved once
    assert world.an.organization in cells
    assert not LeadershipPosition.objects.filter(member=world.an, ended_on__isnull=True).exists()
    assert connection.vendor in ("postgresql", "sqlite")
