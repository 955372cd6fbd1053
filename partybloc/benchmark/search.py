"""The member search beside the Django admin's member changelist (issue 12: the portal's search
at least twice as fast for the same search and page size, and "nguyen van an" finding the
people named An): one superuser, who sees the whole register on both pages, the admin's page
size set to the portal's for the run."""

import statistics
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from members.models import Member
from partybloc.benchmark.databases import Target
from partybloc.benchmark.pages import SEARCH_TEXT
from partybloc.benchmark.timing import _request, signed_in_client
from partybloc.text import fold

SPEEDUP_FLOOR = 2.0


@dataclass
class SideBySide:
    portal: list[float]
    admin: list[float]
    portal_queries: int
    admin_queries: int
    named_an: int  # active members each of whose names' typed words begins a word of the name
    found: int  # how many of them the portal's search finds
    strays: int  # results that are not (the old substring match: "an" inside "van")

    @property
    def speedup(self) -> float:
        portal = statistics.median(self.portal)
        return statistics.median(self.admin) / portal if portal else 0.0

    def lines(self) -> list[str]:
        portal, admin_median = statistics.median(self.portal), statistics.median(self.admin)
        met = self.speedup >= SPEEDUP_FLOOR
        right = self.found == self.named_an and not self.strays
        return [
            f'| search "{SEARCH_TEXT}", {settings.PAGE_SIZE} a page | median ms | queries |',
            "|---|---|---|",
            f"| member list search | {portal:.0f} | {self.portal_queries} |",
            f"| admin member changelist | {admin_median:.0f} | {self.admin_queries} |",
            "",
            f"The member search is {self.speedup:.1f}× faster than the admin changelist "
            f"(floor ≥ {SPEEDUP_FLOOR:g}×: {'met' if met else 'NOT met'}); it finds "
            f"{self.found} of the {self.named_an} people named Nguyễn Văn An…, "
            f"{self.strays} other (floor: all, none other: {'met' if right else 'NOT met'}).",
        ]


def side_by_side(target: Target, *, repeat: int) -> SideBySide | None:
    """Time both pages on the target, taking turns; None when no superuser is there."""
    with target.active():
        user = get_user_model().objects.filter(is_superuser=True, is_active=True).first()
        if user is None:
            return None
        client = signed_in_client(user)
        posted = client.post(reverse("members:list"), {"q": SEARCH_TEXT})
        portal_url = posted["Location"]
        # The admin's own search on the same folded column, over the whole register as it
        # shows it by default.
        admin_url = reverse("admin:members_member_changelist") + "?" + urlencode({"q": SEARCH_TEXT})
        model_admin = admin.site._registry[Member]
        saved = model_admin.list_per_page
        model_admin.list_per_page = settings.PAGE_SIZE
        portal, admin_times = [], []
        try:
            for url in (portal_url, admin_url):  # warm both: the first request pays imports
                _request(client, url)
            for _ in range(repeat):
                response, elapsed, portal_queries = _request(client, portal_url)
                assert response.status_code == 200, response.status_code
                portal.append(elapsed)
                response, elapsed, admin_queries = _request(client, admin_url)
                assert response.status_code == 200, response.status_code
                admin_times.append(elapsed)
        finally:
            model_admin.list_per_page = saved
        found = Member.objects.active().search(SEARCH_TEXT)
        names = [fold(name).split() for name in found.values_list("full_name", flat=True)]
        named_an = sum(
            1
            for name in Member.objects.active().values_list("full_name", flat=True).iterator()
            if _named_an(fold(name).split())
        )
        return SideBySide(
            portal=portal,
            admin=admin_times,
            portal_queries=portal_queries,
            admin_queries=admin_queries,
            named_an=named_an,
            found=sum(1 for words in names if _named_an(words)),
            strays=sum(1 for words in names if not _named_an(words)),
        )


def _named_an(words: list[str]) -> bool:
    """Nguyễn Văn An, Nguyễn Văn Anh, Nguyễn Thị Văn An…: every typed word begins a word."""
    return all(any(word.startswith(typed) for word in words) for typed in fold(SEARCH_TEXT).split())
