"""A background job's page (its state, polled while it waits or runs), its retry and the
download of what it produced."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organizations import access
from partybloc import notes
from partybloc.audit.models import AccessRecord
from partybloc.audit.services import record_access
from partybloc.downloads import stored_file_response
from partybloc.jobs import services
from partybloc.jobs.models import Job


def _job(request: HttpRequest, pk: int) -> Job:
    return get_object_or_404(
        Job.objects.visible_to(request.user).select_related("created_by", "organization"), pk=pk
    )


def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's state; while it waits or runs, htmx asks again every 2 seconds for the part
    that changes."""
    job = _job(request, pk)
    context = {"job": job, "can_retry": access.can_retry_job(request.user, job)}
    if request.htmx:
        return render(request, "jobs/_job_status.html", context)
    return render(request, "jobs/job_detail.html", context)


def retry(request: HttpRequest, job: Job) -> None:
    """Send a job again, for the job's page and the report's page alike: the right first (403),
    then the service, whose refusal (the job is not failed) becomes the page's message."""
    access.require(access.can_retry_job(request.user, job))
    try:
        job = services.retry_job(job, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if not tell_if_unsent(request, job):
            messages.success(request, _("The job was queued again."))


def tell_if_unsent(request: HttpRequest, job: Job) -> bool:
    """Tell the user when the broker could not take the job: it is recorded and will run."""
    if job.sent is not False:
        return False
    messages.warning(
        request,
        _(
            "The job queue cannot be reached just now. Your request is recorded and will run "
            "by itself when the queue is back."
        ),
    )
    return True


@require_POST
def job_retry(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    retry(request, job)
    return redirect("jobs:detail", pk=job.pk)


def job_download(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if job.kind == Job.Kind.MEMBER_IMPORT:  # the marked copy of a refused file: members' data
        record_access(
            request,
            action=AccessRecord.Action.IMPORT_FILE_DOWNLOADED,
            detail=notes.note("marked_copy_of_job", number=job.pk),
        )
    return stored_file_response(job.output_file)
