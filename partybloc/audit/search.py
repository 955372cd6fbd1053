"""Search text kept out of addresses. A search of the register (a name, a national ID) is sent
by POST, and the page answers with a redirect to its own address carrying the filters and a
token in place of the text; the session keeps the text under the token. So the text never
reaches an access log (the web server's, a proxy's), the browser's history or an address
copied from the address bar, while paging, filtering and exporting the results work as before
within the session. An old address with the text in it is moved the same way."""

import uuid

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect

SESSION_KEY = "searches"
TOKEN = "s"
KEPT = 50  # the session keeps this many searches, the latest


def search_redirect(request: HttpRequest, *, field: str = "q") -> HttpResponse | None:
    """The redirect that moves a search's text out of the address (sent by POST, or found in
    the address); None when there is nothing to move. The text's token replaces any earlier
    one; the page number is dropped (a new search starts on its first page)."""
    if request.method == "POST":
        params = request.POST.copy()
        params.pop("csrfmiddlewaretoken", None)
    elif field in request.GET:
        params = request.GET.copy()
    else:
        return None
    text = " ".join(params.pop(field, [""])[-1].split())
    params.pop(TOKEN, None)
    params.pop("page", None)
    if text:
        params[TOKEN] = keep_search(request, text)
    query = params.urlencode()
    return redirect(f"{request.path}?{query}" if query else request.path)


def keep_search(request: HttpRequest, text: str) -> str:
    searches = request.session.get(SESSION_KEY, {})
    token = uuid.uuid4().hex[:12]
    searches[token] = text
    request.session[SESSION_KEY] = dict(list(searches.items())[-KEPT:])
    return token


def with_search_text(request: HttpRequest, params: QueryDict, *, field: str = "q") -> QueryDict:
    """The address's parameters with the kept text back under field, for the filter form.
    A token the session does not know (it ended) gives no text: `search_lost` says so."""
    params = params.copy()
    params.pop(field, None)
    token = params.pop(TOKEN, [""])[-1]
    if token:
        text = request.session.get(SESSION_KEY, {}).get(token)
        if text is not None:
            params[field] = text
    return params


def search_lost(request: HttpRequest, params: QueryDict) -> bool:
    token = params.get(TOKEN)
    return bool(token) and token not in request.session.get(SESSION_KEY, {})
