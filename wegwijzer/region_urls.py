from django.urls import path

from . import views

urlpatterns = [
    path("", views.region_home, name="region_home"),
]
