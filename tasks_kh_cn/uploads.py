"""Refuse a dossier file over DOCUMENT_MAX_BYTES while it streams in, not after it arrived.

Django's default handlers keep the whole file (in memory, then in a temporary file) before
any validator sees its size. ``DocumentSizeLimitHandler`` runs first:

* when the request's Content-Length already says the file is too large, it claims the file
  (``StopFutureHandlers``: no later handler opens memory or a temporary file for it) and drops
  every chunk, so nothing of it is kept;
* otherwise it counts the chunks it passes on and stops the upload (``StopUpload``) the moment
  the file passes the limit; Django then discards what the later handlers kept.

Either way the rest of the body is read and dropped rather than the connection reset, and the
refused file stands in ``request.FILES`` as a ``RefusedUpload`` (its size, no content), so the
form or serializer expecting it reports the size error on its own field through the one
validator, ``tasks_kh_cn.validators.document_file_type``.
"""

import io

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers, StopUpload

# Room in a request for the multipart headers and the form's other (short) fields.
FORM_ALLOWANCE = 64 * 1024


class RefusedUpload(UploadedFile):
    """A file refused as too large: its name and the size seen, nothing of its content."""

    def __init__(self, name, size, content_type=None):
        super().__init__(file=io.BytesIO(), name=name, content_type=content_type, size=size)


class DocumentSizeLimitHandler(FileUploadHandler):
    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.limit = settings.DOCUMENT_MAX_BYTES
        # Every upload form carries one file: a body this large holds a file over the limit.
        self.body_too_large = content_length > self.limit + FORM_ALLOWANCE
        self.request.refused_uploads = {}

    def new_file(self, field_name, file_name, content_type, content_length, charset=None,
                 content_type_extra=None):
        super().new_file(field_name, file_name, content_type, content_length, charset,
                         content_type_extra)
        self.received = 0
        self.dropping = self.body_too_large or (content_length or 0) > self.limit
        if self.dropping:
            raise StopFutureHandlers

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.dropping:
            return None
        if self.received > self.limit:
            self.request.refused_uploads[self.field_name] = RefusedUpload(
                self.file_name, self.received, self.content_type)
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        if self.dropping:
            return RefusedUpload(self.file_name, self.received, self.content_type)
        return None


class RefusedUploadMiddleware:
    """Parse a multipart body before the view and put a file stopped mid-stream back in
    ``request.FILES`` as its ``RefusedUpload`` (DRF reuses the parsed ``request.FILES``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type == "multipart/form-data":
            files = request.FILES
            for field, refused in getattr(request, "refused_uploads", {}).items():
                if field not in files:
                    files[field] = refused
        return self.get_response(request)
