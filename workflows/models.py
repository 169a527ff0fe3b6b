"""Viewflow process proxies. Domain data lives on the case; the process only says who acts next."""

from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process


class CaseProcess(Process):
    """One process per task case; the case is the process artifact."""

    class Meta:
        proxy = True
        verbose_name = _("quy trình nhiệm vụ")
        verbose_name_plural = _("quy trình nhiệm vụ")

    @property
    def case(self):
        return self.artifact
