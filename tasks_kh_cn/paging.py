"""Pages of long case lists whose count stops at a bound.

Counting every case that matches a filter costs a pass over all of them (at 100,000 cases,
with the deadline filters, a probe per case) on each page view, only to print "Page 3 of
5,000". The lists count at most ``COUNT_CAP`` rows instead and say so: the page reads "more
than 1,000 cases" and offers the pages up to the bound; narrowing the filters (or the Excel
export, up to 100,000 rows) reaches the rest.

One pass, not two: the keys of the first ``cap + 1`` matching rows, in the list's order, are
read once (``SELECT id … ORDER BY … LIMIT cap + 1``, which PostgreSQL stops once it has them);
their number is the count, and a page is its slice of them, read by primary key through the
same queryset (so the same permission filter and the same annotations). Counting and then
reading a page each walked the filtered cases (the deadline filters probe each one).
"""

from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property

# 50 pages of 20: beyond that, a person filters rather than pages.
COUNT_CAP = 1_000


class CappedPaginator(Paginator):
    """A Paginator over an ordered QuerySet whose ``count`` is at most ``cap``; ``capped``
    says whether more rows match than were counted."""

    def __init__(self, object_list, per_page, *args, cap=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def keys(self) -> list:
        """The primary keys of the first ``cap + 1`` matching rows, in the list's order."""
        return list(self.object_list.values_list("pk", flat=True)[: self.cap + 1])

    @cached_property
    def count(self) -> int:
        return min(len(self.keys), self.cap)

    @cached_property
    def capped(self) -> bool:
        return len(self.keys) > self.cap

    def page(self, number):
        """The rows of page ``number``: its slice of the keys, read in one query."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        wanted = self.keys[bottom:top]
        rows = ({row.pk: row for row in self.object_list.filter(pk__in=wanted).order_by()}
                if wanted else {})
        # A row that stopped matching between the two reads is left out, never replaced.
        return Page([rows[pk] for pk in wanted if pk in rows], number, self)
