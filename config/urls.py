from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from notifications.api import DeadlineListView

from .health import healthz


def favicon(request):
    """Resolved per request: under production settings the hashed name comes from the
    manifest that collectstatic writes, which does not exist when the URLs are imported
    (``manage.py check --deploy`` before collectstatic)."""
    return HttpResponsePermanentRedirect(static("tasks_kh_cn/favicon.ico"))


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page says: send them to the static icon.
    path("favicon.ico", favicon, name="favicon"),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file (no inline script: CSP), and the
    # page's assets come from drf-spectacular-sidecar's static files (works offline).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(
        url_name="api-schema", template_name="api/swagger_ui.html"), name="api-docs"),
    path("api/support/", include("tasks_kh_cn.support.urls")),
    path("api/pilots/", include("tasks_kh_cn.pilots.urls")),
    path("api/councils/", include("tasks_kh_cn.councils.urls")),
    path("api/funding/", include("tasks_kh_cn.funding.urls")),
    path("api/changes/", include("tasks_kh_cn.changes.urls")),
    path("api/", include("tasks_kh_cn.api.urls")),
    # After the api/ include: Django falls through to it when that include has no match.
    path("api/deadlines/", DeadlineListView.as_view(), name="api-deadlines"),
    path("notifications/", include("notifications.urls")),
    # The domain pages (case-page sections, priorities, the plan report) before the catch-all.
    path("", include("tasks_kh_cn.support.web_urls")),
    path("", include("tasks_kh_cn.pilots.web_urls")),
    path("", include("tasks_kh_cn.changes.web_urls")),
    path("", include("tasks_kh_cn.funding.web_urls")),
    path("", include("tasks_kh_cn.plan.web_urls")),
    path("", include("tasks_kh_cn.views.urls")),
]
# No /media/ route, in DEBUG either: dossier files are served only by the permission-checked
# download view (web:document-download).

# JSON under /api/, the translated pages elsewhere (config/errors.py).
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
