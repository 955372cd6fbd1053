"""National IDs out of logs and out of messages (issue 11, item 12): a search never puts its
text in an address (access logs keep addresses), every log handler masks 12- and 9-digit runs,
and a database refusal reaches the job's page as the row and column, not the value."""

import datetime
import io
import logging

import openpyxl
import pytest
from celery import signals
from django.conf import settings
from django.db import IntegrityError, connection
from django.urls import reverse

from members.tasks import import_members
from partybloc.audit.masking import MaskNationalIds, mask_numbers
from partybloc.jobs.models import Job
from partybloc.jobs.services import create_job, run_job
from tests.conftest import make_member
from tests.excel_files import member_row, upload

pytestmark = pytest.mark.django_db


def test_a_search_by_national_id_never_puts_it_in_an_address(world, as_user):
    client = as_user(world.office)
    national_id = world.dao.national_id
    sent = client.post(reverse("members:list"), {"q": national_id, "status": ""})
    assert sent.status_code == 302 and national_id not in sent["Location"]
    page = client.get(sent["Location"])
    assert [member.full_name for member in page.context["page"]] == ["Trần Thị Đào"]
    assert national_id not in page.context["query"]  # the paging and export links
    assert f'value="{national_id}"' in page.content.decode()  # the box still shows it

    export = client.get(f"{reverse('members:export')}?{page.context['query']}")
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).worksheets[0]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Trần Thị Đào"]

    # An old address with the text in it is moved to one with a token.
    moved = client.get(reverse("members:list"), {"q": national_id})
    assert moved.status_code == 302 and national_id not in moved["Location"]
    # A token from a session that ended finds nothing, and says so.
    client.force_login(world.leader)  # a new session
    lost = client.get(sent["Location"])
    assert len(lost.context["page"]) == 5  # the list, unsearched
    assert len(list(lost.context["messages"])) == 1


def test_every_log_handler_masks_national_ids(world):
    assert all(
        "mask_national_ids" in handler.get("filters", [])
        for handler in settings.LOGGING["handlers"].values()
    )
    national_id = world.an.national_id
    try:
        raise IntegrityError(
            f'duplicate key value violates unique constraint "members_member_national_id_key"\n'
            f"DETAIL:  Key (national_id)=({national_id}) already exists."
        )
    except IntegrityError:
        for handler_name, logger_name, level in (
            ("console", "django.request", logging.ERROR),
            ("django.server", "django.server", logging.INFO),
        ):
            handler = logging.getHandlerByName(handler_name)
            stream = io.StringIO()
            previous = handler.setStream(stream)
            try:
                logging.getLogger(logger_name).log(
                    level, "GET /members/?q=%s (CMND 264512345)", national_id, exc_info=True
                )
            finally:
                handler.setStream(previous)
            written = stream.getvalue()
            assert "Key (national_id)=(" in written, handler_name
            assert national_id not in written and "264512345" not in written, written
            assert mask_numbers(national_id) in written and "264****45" in written


def test_a_worker_masks_national_ids_in_the_handlers_it_sets_up(world):
    import partybloc.celery  # noqa: F401 (connects the worker's logging signals)

    stream = io.StringIO()
    logger = logging.getLogger("celery.test.masking")
    logger.addHandler(logging.StreamHandler(stream))
    logger.propagate = False
    signals.after_setup_logger.send(
        sender=None, logger=logger, loglevel=logging.INFO, logfile=None, format="", colorize=False
    )
    logger.error("Task failed: Key (national_id)=(%s) already exists", world.an.national_id)
    assert world.an.national_id not in stream.getvalue()
    assert any(isinstance(f, MaskNationalIds) for f in logger.handlers[0].filters)


def test_an_import_refused_by_the_database_names_the_row_not_the_national_id(
    world, as_user, private_storage
):
    """Between the import's check and its write someone registers one of the file's IDs: the
    database refuses the write, and its message quotes the value. The job's page names the row
    and the column instead, as the check would have, with the marked copy."""
    client = as_user(world.office)
    row = member_row(world.inspectorate)
    national_id = row["Số CCCD"]
    preview = client.post(reverse("members:import"), {"file": upload([row])})
    meanwhile = []

    def someone_registers_it_after_the_check(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not meanwhile and '"national_id" IN' in sql:
            meanwhile.append(
                make_member(
                    world.finance_office,
                    "Đặng Văn Nhanh",
                    national_id=national_id,
                    born=datetime.date(1980, 2, 1),
                    card=False,
                )
            )
        return result

    with connection.execute_wrapper(someone_registers_it_after_the_check):
        client.post(reverse("members:import_confirm", args=[preview.context["token"]]))
    assert meanwhile  # the check ran before the registration, and missed it
    job = Job.objects.get()
    assert job.state == Job.State.FAILED
    assert national_id not in job.reason() and "national_id" not in job.reason()
    assert job.result["errors"] == [
        [2, "Số CCCD", "Số CCCD này đã có trong hồ sơ của một đảng viên khác."]
    ]
    assert job.output_file  # the marked copy
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert national_id not in page and "Số CCCD" in page


def test_an_unexpected_job_error_is_shown_without_its_text(world):
    job = create_job(kind=Job.Kind.MEMBER_IMPORT, by=world.office)
    national_id = world.an.national_id

    def runner(job):
        raise RuntimeError(f"Key (national_id)=({national_id}) already exists.")

    with pytest.raises(RuntimeError):
        run_job(import_members, job.pk, runner)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    # Not even masked: the error's text (values, server paths) stays in the log.
    reason = job.reason()
    assert national_id not in reason and mask_numbers(national_id) not in reason
    assert "national_id" not in reason and str(job.pk) in reason
