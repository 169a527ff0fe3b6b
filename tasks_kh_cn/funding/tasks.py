"""Celery beat (daily): lift restrictions whose period has ended; tell hosts of the periods
that open and propose for suspension the cases that missed reports."""

from celery import shared_task

from .closing import lift_ended_restrictions
from .monitoring import sweep_monitoring


@shared_task(name="funding.tasks.lift_ended_restrictions")
def lift_restrictions():
    return lift_ended_restrictions()


@shared_task(name="funding.tasks.sweep_monitoring")
def sweep_monitoring_task():
    return sweep_monitoring()
