"""The project's URLs: the admin, the health check, and the public site (every public route is in
partners/public/urls.py)."""

from django.contrib import admin
from django.urls import include, path

from wegwijzer import errors

handler400 = "wegwijzer.errors.bad_request"
handler403 = "wegwijzer.errors.permission_denied"
handler404 = "wegwijzer.errors.page_not_found"
handler500 = "wegwijzer.errors.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", errors.healthz, name="healthz"),
    path("", include("partners.public.urls")),
]
