"""Pages of long case lists whose count stops at a bound.

Counting every case that matches a filter costs a pass over all of them (at 100,000 cases,
with the deadline filters, a probe per case) on each page view, only to print "Page 3 of
5,000". The lists count at most ``COUNT_CAP`` rows instead — ``SELECT COUNT(*) FROM (… LIMIT
cap + 1)``, which PostgreSQL stops as soon as it has found them — and say so: the page
reads "more than 1,000 cases" and offers the pages up to the bound; narrowing the filters
(or the Excel export, up to 100,000 rows) reaches the rest.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

# 50 pages of 20: beyond that, a person filters rather than pages.
COUNT_CAP = 1_000


class CappedPaginator(Paginator):
    """A Paginator over a QuerySet whose ``count`` is at most ``cap``; ``capped`` says whether
    more rows match than were counted."""

    def __init__(self, object_list, per_page, *args, cap=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def counted(self) -> int:
        # No ORDER BY: the order (and the next-deadline annotation it needs) does not change
        # how many rows match, and without it the database may stop at cap + 1 rows.
        # Only the key: the annotations (the next deadline) are not computed for counting.
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.cap)

    @cached_property
    def capped(self) -> bool:
        return self.counted > self.cap
