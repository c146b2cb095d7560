"""The public page cache's middleware: warm public pages are served before sessions, CSRF, auth and
messages run. The keys, the stores and their bounds are in cache.py beside it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponseBase
from django.urls import Resolver404, resolve

from partners.public import cache
from wegwijzer.errors import DATABASE_DOWN_ERRORS, page_not_found


class PublicPageCacheMiddleware:
    """Serve warm public pages before sessions, CSRF, auth and messages run (as WhiteNoise serves files).

    Only GET requests for views declared with `partners.public.cache.public_page`. A warm page costs
    one cache read (the region's version) and no template; the security headers and the CSP still
    come from the middleware above this one. A cold page runs the whole stack and is stored on the
    way out. A page of one record that declares `exists` answers a URL naming no such record with
    a 404 before any cache read: no query beyond the version, nothing stored. See
    partners/public/cache.py for the keys and their bounds.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method != "GET":
            return self.get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        spec = cache.spec_of(match.func)
        if spec is None:
            return self.get_response(request)
        request.get_host()  # the Host check (DisallowedHost: 400) before anything is served
        try:
            slot = cache.page_slot(request, spec, match.kwargs.get(spec.region) if spec.region else None)
            if spec.exists is not None and (slot is None or not spec.exists(match.kwargs, slot.token)):
                return page_not_found(request, Http404())  # no such region or record (JSON under /api/)
            response = cache.cached_page(slot, request) if slot is not None else None
        except DATABASE_DOWN_ERRORS:
            return self.get_response(request)  # the view fails the same way and answers 503
        if slot is None:
            return self.get_response(request)
        if response is not None:
            return response
        response = self.get_response(request)
        cache.store_page(request, slot, response)
        return response
