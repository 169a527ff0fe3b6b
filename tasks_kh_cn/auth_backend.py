"""The login backend: Django's ModelBackend, asking the database less on every page.

Two of ModelBackend's public methods are overridden:

- ``get_user`` loads the user of a session with their profile: every page names its user in
  the header by their full name, one query fewer on each;
- ``get_all_permissions`` (behind ``user.has_perm``, which every list asks to know whether the
  user sees every case) is read with the user's roles, groups and organisations in the one
  query that ``workflows.permissions.know_roles_and_organisations`` makes per request, not in
  two queries of its own (the user's permissions, their groups').

Everything else (``authenticate``, ``user_can_authenticate``, ``with_perm`` …) is Django's.
tests/test_auth_backend.py compares the answers with Django's own ModelBackend's, so a change
of Django's rules fails there.
"""

from asgiref.sync import sync_to_async
from django.contrib.auth import backends, get_user_model

from workflows.permissions import global_permissions


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id):
        # get(), as Django's own backend: first() would order by the key, and Django compares
        # each selected column (the user's and the profile's) with an ORDER BY.
        try:
            user = get_user_model()._default_manager.select_related("profile").get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        return global_permissions(user_obj)

    async def aget_all_permissions(self, user_obj, obj=None):
        return await sync_to_async(self.get_all_permissions)(user_obj, obj)
