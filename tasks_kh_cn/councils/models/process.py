"""The viewflow process proxy for councils: the council is the process artifact."""

from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process


class CouncilProcess(Process):
    class Meta:
        proxy = True
        verbose_name = _("quy trình hội đồng")
        verbose_name_plural = _("quy trình hội đồng")

    @property
    def council(self):
        return self.artifact
