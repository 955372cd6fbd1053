"""A background job's page (its state, polled while it waits or runs), its retry and the
download of what it produced."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organizations import access
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
        services.retry_job(job, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The job was queued again."))


@require_POST
def job_retry(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    retry(request, job)
    return redirect("jobs:detail", pk=job.pk)


def job_download(request: HttpRequest, pk: int) -> HttpResponse:
    return stored_file_response(_job(request, pk).output_file)
