"""Pages of long lists whose count does not read the whole list on every page.

Django's Paginator counts every row (`COUNT(*)`) to number the pages: on a province's register
that reads tens of thousands of rows for each page shown. Here the rows are counted only up to
a limit (reading their keys); past it, PostgreSQL's planner estimate stands in, and the page
says "about". Under the limit the page is read by its keys. Two queries before the page's on
PostgreSQL whatever the list's length, one elsewhere (SQLite counts exactly)."""

import json
from functools import cached_property

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections

EXACT_UP_TO = 5000


class EstimatingPaginator(Paginator):
    estimated = False
    # The keys of the whole list in its order, when it holds EXACT_UP_TO rows or fewer.
    _keys: list | None = None

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        connection = connections[queryset.db]
        if connection.vendor != "postgresql":
            return super().count
        estimate = _planner_estimate(queryset)
        # The keys, not a bare count: a short list (a search) is then read a page at a time by
        # its keys, and its filter (the trigram scan of a search) runs once, not once to count
        # and again for the page.
        keys = list(queryset.values_list("pk", flat=True)[: EXACT_UP_TO + 1])
        if len(keys) <= EXACT_UP_TO:
            self._keys = keys
            return len(keys)
        self.estimated = True
        return max(estimate, len(keys))

    def page(self, number):
        number = self.validate_number(number)  # counts, so self._keys is known after
        if self._keys is None:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = self._keys[bottom:top]
        rows = {row.pk: row for row in self.object_list.filter(pk__in=keys)}
        return self._get_page([rows[key] for key in keys if key in rows], number, self)


def _planner_estimate(queryset) -> int:
    try:
        sql, params = queryset.order_by().query.sql_with_params()
    except EmptyResultSet:  # a filter no row can meet (none())
        return 0
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):  # a driver that does not parse JSON
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])
