"""The project's error views: JSON under /api/, the Vietnamese (or English) pages elsewhere.

An API client never receives an HTML page: DRF answers its own errors inside its views, and
these handlers answer what reaches Django instead: an unknown /api/ URL (404), an exception
DRF re-raises or one raised in a middleware (500), and a database that cannot be reached
(503, so a client or a load balancer knows to retry rather than report a bug).
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

API_PREFIX = "/api/"


def is_api_request(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


def page_not_found(request, exception=None):
    if is_api_request(request):
        return JsonResponse({"detail": _("Không tìm thấy.")}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if not is_api_request(request):
        return defaults.server_error(request)
    # Django calls this view inside its `except` block, so the exception is at hand: an
    # unreachable database is a temporary outage (503), anything else is our bug (500).
    exception = sys.exc_info()[1]
    if isinstance(exception, (OperationalError, InterfaceError)):
        response = JsonResponse(
            {"detail": _("Cơ sở dữ liệu tạm thời không truy cập được. Vui lòng thử lại sau.")},
            status=503,
        )
        response["Retry-After"] = "30"
        return response
    return JsonResponse({"detail": _("Lỗi hệ thống. Vui lòng thử lại sau ít phút.")}, status=500)
