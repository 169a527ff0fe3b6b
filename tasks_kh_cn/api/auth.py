"""API tokens: obtain (username/password), log out (this token), log out everywhere.

Tokens are django-rest-knox's: stored hashed, expiring after REST_KNOX["TOKEN_TTL"]. The
password goes through ``django.contrib.auth.authenticate(request=…)`` so that django-axes
counts each failure and refuses a locked-out username+IP like the login page does; DRF's
scoped throttle bounds how fast one client may try at all.
"""

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from knox.views import LoginView as KnoxLoginView
from knox.views import LogoutAllView as KnoxLogoutAllView
from knox.views import LogoutView as KnoxLogoutView
from rest_framework import serializers, status
from rest_framework.exceptions import NotAuthenticated, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from tasks_kh_cn.accounts import lockout_detail

from .views import api_exception_handler


class CredentialsSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, style={"input_type": "password"},
                                     trim_whitespace=False, write_only=True)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    expiry = serializers.DateTimeField()


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


class TokenView(KnoxLoginView):
    """POST username/password (JSON or form) → ``{"token": …, "expiry": …}``."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    parser_classes = (JSONParser, FormParser, MultiPartParser)
    throttle_classes = (ScopedRateThrottle,)
    throttle_scope = "auth_token"

    def get_exception_handler(self):
        return api_exception_handler

    @extend_schema(
        request=CredentialsSerializer, auth=[],
        responses={200: TokenSerializer,
                   400: OpenApiResponse(description=_("Sai tên đăng nhập hoặc mật khẩu")),
                   429: OpenApiResponse(DetailSerializer,
                                        description=_("Tạm khoá hoặc gửi quá nhanh"))})
    def post(self, request, format=None):
        credentials = CredentialsSerializer(data=request.data)
        credentials.is_valid(raise_exception=True)
        user = authenticate(request=request, **credentials.validated_data)
        # axes flags the request it was given when this username+IP is (now) locked out.
        if getattr(request, "axes_locked_out", False):
            return Response({"detail": lockout_detail()}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        if user is None:
            raise ValidationError(
                {"non_field_errors": [_("Tên đăng nhập hoặc mật khẩu không đúng.")]})
        request.user = user
        return super().post(request, format=format)


class LogoutView(KnoxLogoutView):
    """POST with ``Authorization: Token …``: that token stops working (204)."""

    def get_exception_handler(self):
        return api_exception_handler

    @extend_schema(request=None, responses={204: None})
    def post(self, request, format=None):
        if request.auth is None:  # signed in some other way: there is no token to revoke
            raise NotAuthenticated(_("Cần gửi token cần thu hồi trong tiêu đề Authorization."))
        return super().post(request, format=format)


class LogoutAllView(KnoxLogoutAllView):
    """POST with ``Authorization: Token …``: every token of the caller stops working (204)."""

    def get_exception_handler(self):
        return api_exception_handler

    @extend_schema(request=None, responses={204: None})
    def post(self, request, format=None):
        return super().post(request, format=format)
