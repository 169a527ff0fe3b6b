"""The project's URLs plus two that fail, to see the 500 page and the API's JSON 500."""

from django.urls import path

from config.urls import *  # noqa: F403 - the project's urlpatterns and error handlers
from config.urls import urlpatterns as project_urlpatterns


def boom(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("boom/", boom), path("api/boom/", boom), *project_urlpatterns]
