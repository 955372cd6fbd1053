"""Pages of long lists whose count does not read the whole list on every page.

Django's Paginator counts every row (`COUNT(*)`) to number the pages: on a province's register
that reads tens of thousands of rows for each page shown. Here the rows are counted only up to
a limit; past it, PostgreSQL's planner estimate stands in, and the page says "about". Two
queries on PostgreSQL whatever the list's length, one elsewhere (SQLite counts exactly)."""

import json
from functools import cached_property

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections

EXACT_UP_TO = 5000


class EstimatingPaginator(Paginator):
    estimated = False

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        connection = connections[queryset.db]
        if connection.vendor != "postgresql":
            return super().count
        estimate = _planner_estimate(queryset)
        counted = queryset.order_by()[: EXACT_UP_TO + 1].count()
        if counted <= EXACT_UP_TO:
            return counted
        self.estimated = True
        return max(estimate, counted)


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
