"""A member import too large for the request, run by a real Celery worker through Redis."""

import os
import time

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from members.models import Member, MemberPlacement, MemberStatusChange
from members.tasks import import_members
from partybloc.jobs import services
from partybloc.jobs.models import Job
from tests.excel_files import many_rows, upload, workbook_bytes
from tests.integration.conftest import wait_for

pytestmark = pytest.mark.django_db(transaction=True)

BIRTH = "Ngày sinh (dd/mm/yyyy)"


def test_a_large_import_runs_on_the_worker_from_queued_to_done(
    world, client, celery_worker, settings
):
    settings.IMPORT_SYNC_MAX_ROWS = 2
    client.force_login(world.office)
    response = client.post(
        reverse("members:import"), {"file": upload(many_rows(world.inspectorate, 5))}
    )
    assert response.context["as_job"]
    response = client.post(reverse("members:import_confirm", args=[response.context["token"]]))
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])

    job = wait_for(job)
    assert (job.state, job.attempts, job.result["imported"]) == ("done", 1, 5), job.error
    imported = Member.objects.in_subtree(world.inspectorate).exclude(pk=world.anh.pk)
    assert imported.count() == 5
    assert MemberStatusChange.objects.filter(member__in=imported).count() == 10
    assert (
        MemberPlacement.objects.filter(member__in=imported, recorded_by=world.office).count() == 5
    )
    page = client.get(reverse("jobs:detail", args=[job.pk]))
    assert 'hx-trigger="every 2s"' not in page.content.decode()


def test_a_bad_row_fails_the_job_and_a_retry_with_the_fixed_file_imports(world, celery_worker):
    rows = many_rows(world.inspectorate, 4)
    birth, rows[2][BIRTH] = rows[2][BIRTH], "1980"
    job = services.create_job(
        kind=Job.Kind.MEMBER_IMPORT,
        by=world.office,
        input_file=ContentFile(workbook_bytes(rows), "dang-vien.xlsx"),
    )
    services.enqueue(job)
    job = wait_for(job)
    assert job.state == Job.State.FAILED
    assert job.result["errors"][0][:2] == [4, BIRTH]
    assert job.output_file  # the marked copy, written by the worker
    assert Member.objects.count() == 5  # the world's members only: nothing imported

    rows[2][BIRTH] = birth
    job.input_file.save("fixed.xlsx", ContentFile(workbook_bytes(rows)))
    services.retry_job(job, by=world.office)
    job = wait_for(job)
    assert (job.state, job.attempts) == ("done", 2), job.error
    assert Member.objects.count() == 9
    assert not job.output_file  # the marked copy of the failed attempt is no longer offered

    # A message sent twice (a lost acknowledgement): the done job is not redone.
    import_members.delay(job.pk).get(timeout=30)
    job.refresh_from_db()
    assert job.attempts == 2 and Member.objects.count() == 9


# 10,000 rows with PARTYBLOC_BENCHMARK=1; a few otherwise, so the path is always exercised.
ROWS = 10_000 if os.environ.get("PARTYBLOC_BENCHMARK") else 50


def test_the_same_file_in_the_request_and_on_the_worker(
    world, client, celery_worker, settings, capsys
):
    """Upload (every row checked, the preview shown), then the import: in the request, and
    as a job on the worker. Prints the times; asserts only that both imports happened."""
    client.force_login(world.office)
    timings = {}
    for path, threshold in (("in the request", ROWS), ("as a job on the worker", ROWS - 1)):
        settings.IMPORT_SYNC_MAX_ROWS = threshold
        content = upload(many_rows(world.inspectorate, ROWS))
        started = time.perf_counter()
        response = client.post(reverse("members:import"), {"file": content})
        checked = time.perf_counter()
        assert not response.context["errors"]
        client.post(reverse("members:import_confirm", args=[response.context["token"]]))
        job = wait_for(Job.objects.latest("pk"), timeout=600)
        assert (job.state, job.result.get("imported")) == ("done", ROWS), job.error
        timings[path] = (checked - started, time.perf_counter() - checked)
    with capsys.disabled():
        for path, (check, load) in timings.items():
            print(f"\n{ROWS} rows {path}: upload and check {check:.1f} s, import {load:.1f} s")
