"""Celery beat: lift restrictions whose period has ended (daily)."""

from celery import shared_task

from .closing import lift_ended_restrictions


@shared_task(name="funding.tasks.lift_ended_restrictions")
def lift_restrictions():
    return lift_ended_restrictions()
