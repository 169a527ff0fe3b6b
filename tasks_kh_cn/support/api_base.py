"""Thin-API plumbing shared by /api/support/ and /api/pilots/.

A case the caller may not see is a 404 (tasks_kh_cn.selectors.visible_cases);
services answer 403 (PermissionDenied with its reason), 400 (Django ValidationError
with Vietnamese field errors) and the transition errors' own codes — never a 500.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from tasks_kh_cn.api.views import api_exception_handler
from tasks_kh_cn.selectors import visible_case_or_404  # noqa: F401 (re-exported)
from workflows.services import TransitionError


def error_response(exc):
    if isinstance(exc, DjangoValidationError):
        # The API's one error shape (tasks_kh_cn.api.views): {"detail", "errors": {field: […]}}.
        errors = (exc.message_dict if hasattr(exc, "error_dict")
                  else {"non_field_errors": exc.messages})
        return Response({"detail": _("Dữ liệu không hợp lệ."),
                         "errors": {key: [str(m) for m in messages]
                                    for key, messages in errors.items()}},
                        status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, TransitionError):
        body = {"detail": exc.message}
        if exc.errors:
            body["errors"] = exc.errors
        return Response(body, status=exc.status_code)
    if isinstance(exc, PermissionDenied):
        return Response({"detail": str(exc) or _("Bạn không có quyền thực hiện thao tác này.")},
                        status=status.HTTP_403_FORBIDDEN)
    return None


class ServiceAPIView(APIView):
    """An APIView whose service errors become 400/403/409 responses with reasons, in the
    API's one error shape (a serializer's errors too)."""

    def get_exception_handler(self):
        return api_exception_handler

    def handle_exception(self, exc):
        response = error_response(exc)
        if response is not None:
            return response
        return super().handle_exception(exc)
