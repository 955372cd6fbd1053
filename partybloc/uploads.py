"""Uploads bounded while they arrive, not after: a request that declares a body larger than any
upload the portal takes is answered 413 before a byte of it is read, and a file that grows past
UPLOAD_MAX_BYTES stops being stored at that point (its form then says it is too large)."""

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.shortcuts import render

# Room for the form's other fields and the multipart framing around the one file a form sends.
FORM_ALLOWANCE = 1024 * 1024


def max_request_bytes() -> int:
    return settings.UPLOAD_MAX_BYTES + FORM_ALLOWANCE


class RefuseLargeBodiesMiddleware:
    """Answer 413 with a Vietnamese page to a request whose Content-Length is over what any
    form of the portal sends, before anything reads the body (CSRF's check reads the form, so
    this runs first: it is a request-phase middleware, and CSRF checks in the view phase). The
    TLS proxy should refuse such a body first (nginx `client_max_body_size`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > max_request_bytes():
            # No "Connection: close" here: WSGI forbids a hop-by-hop header (the server closes a
            # connection whose body was not read on its own).
            return render(
                request,
                "413.html",
                {"size": settings.UPLOAD_MAX_BYTES // (1024 * 1024)},
                status=413,
            )
        return self.get_response(request)


class TooLargeUpload(UploadedFile):
    """What is left of a file cut off at the limit: its name and the bytes it had reached, no
    content. The form's size check (partybloc.forms.check_upload_size) refuses it."""

    def __init__(self, name: str, content_type: str, received: int):
        import io

        super().__init__(io.BytesIO(), name=name, content_type=content_type, size=received)


class SizeLimitedUploadHandler(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS: passes a file's chunks on to the memory or temporary-file
    handler until it passes UPLOAD_MAX_BYTES, then keeps none (nothing more is held or written)
    and gives the form a TooLargeUpload in its place."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        self.too_large = False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_MAX_BYTES:
            self.too_large = True
            return None  # the handlers after this one get nothing more of this file
        return raw_data

    def file_complete(self, file_size):
        if self.too_large:
            return TooLargeUpload(self.file_name, self.content_type, self.received)
        return None
