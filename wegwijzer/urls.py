from django.contrib import admin
from django.urls import include, path

from partners.public import feedback

from . import views

handler500 = "wegwijzer.views.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("api/hsds/", include("partners.public.hsds_urls")),
    path("", views.region_list, name="region_list"),
    path("over/", views.about, name="about"),
    # The partner's link from the yearly mail (before the region pattern, which would take "nakijken").
    path("nakijken/<str:token>/", feedback.verify, name="verify"),
    path("nakijken/<str:token>/wijzig/", feedback.verify_change, name="verify_change"),
    path("<slug:region>/", include("wegwijzer.region_urls")),
]
