"""Static files: the apps' files, except those of apps whose front end the project never uses.

viewflow ships its own Material front end (49 MB, including roboto-fontface.css, which
refers to a Roboto-Thin.woff2 that is not in the package). The project uses viewflow only
as a workflow engine with its own templates, so those files are not collected: the
production manifest storage would otherwise stop collectstatic on the missing font.
"""

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles.finders import AppDirectoriesFinder


class ProjectAppDirectoriesFinder(AppDirectoriesFinder):
    """AppDirectoriesFinder over every installed app but STATICFILES_EXCLUDED_APPS."""

    def __init__(self, app_names=None, *args, **kwargs):
        if app_names is None:
            excluded = set(getattr(settings, "STATICFILES_EXCLUDED_APPS", ()))
            app_names = [config.name for config in apps.get_app_configs()
                         if config.name not in excluded]
        super().__init__(app_names, *args, **kwargs)
