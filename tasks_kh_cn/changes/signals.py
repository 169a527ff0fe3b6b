"""Signals of the change-request part (no imports of the services, so listeners such as the
deadline engine can import them without a loop).

``case_end_date_changed`` (kwargs ``case``, ``old_end_date``, ``new_end_date``) is sent inside
the transaction that approves an extension: deadlines anchored on the end move with it.
"""

from django.dispatch import Signal

case_end_date_changed = Signal()
