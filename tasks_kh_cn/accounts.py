"""API tokens end with the credentials that earned them.

A knox token outlives nothing that should end it: a password change (through the password
page, the admin, ``changepassword`` or ``set_password()`` + ``save()`` in a service) and a
deactivation both delete every token of the user. The password hook is Django's public
``password_changed()`` of the password validators, which ``AbstractBaseUser.save()`` calls
after any ``set_password()``: one place, at the model layer, for every path.
"""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.shortcuts import render
from django.utils.translation import gettext as _
from knox.models import get_token_model


def revoke_api_tokens(*, user) -> int:
    """Delete every API token of ``user``; returns how many there were."""
    if user.pk is None:
        return 0
    deleted, _details = get_token_model().objects.filter(user=user).delete()
    return deleted


class RevokeTokensOnPasswordChange:
    """Listed in AUTH_PASSWORD_VALIDATORS for its ``password_changed`` hook; accepts any
    password (the other validators judge it)."""

    def validate(self, password, user=None):
        return None

    def password_changed(self, password, user=None):
        if user is not None:
            revoke_api_tokens(user=user)

    def get_help_text(self):
        return _("Đổi mật khẩu sẽ thu hồi mọi mã truy cập API (token) của bạn.")


@receiver(post_save, sender=settings.AUTH_USER_MODEL,
          dispatch_uid="tasks_kh_cn.revoke_tokens_of_inactive_user")
def revoke_tokens_of_inactive_user(sender, instance, **kwargs):
    """A deactivated account keeps no way into the API (knox alone would only refuse it)."""
    if not instance.is_active:
        revoke_api_tokens(user=instance)


def lockout_detail() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _("Tài khoản tạm bị khoá vì đăng nhập sai quá nhiều lần. "
             "Vui lòng thử lại sau %(minutes)s phút.") % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the login page answers a locked-out attempt with a page that
    says why and for how long (429), not axes' bare English text."""
    return render(request, "registration/locked_out.html", {"detail": lockout_detail()},
                  status=429)
