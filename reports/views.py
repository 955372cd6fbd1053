from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organizations import access
from reports import services
from reports.models import Job


def _job(request, pk):
    return get_object_or_404(
        Job.objects.visible_to(request.user).select_related("created_by"), pk=pk
    )


def job_detail(request, pk):
    """The job's state; while it waits or runs, htmx asks again every 2 seconds for the part
    that changes."""
    job = _job(request, pk)
    context = {"job": job, "can_retry": access.can_retry_job(request.user, job)}
    if request.htmx:
        return render(request, "reports/_job_status.html", context)
    return render(request, "reports/job_detail.html", context)


@require_POST
def job_retry(request, pk):
    job = _job(request, pk)
    access.require(access.can_retry_job(request.user, job))
    try:
        services.retry_job(job, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The job was queued again."))
    return redirect("reports:detail", pk=job.pk)


def job_download(request, pk):
    job = _job(request, pk)
    if not job.output_file:
        raise Http404
    return FileResponse(
        job.output_file.open("rb"),
        as_attachment=True,
        filename=job.output_file.name.rsplit("/", 1)[-1],
    )
