from django.contrib import admin
from django.urls import include, path

from . import views

handler500 = "wegwijzer.views.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("", views.region_list, name="region_list"),
    path("over/", views.about, name="about"),
    path("<slug:region>/", include("wegwijzer.region_urls")),
]
