"""Every public route: the zone list, the pages of a region, the partner's link and the HSDS API.

The paths are a contract (BRIEF.md, "Public URLs").
"""

from django.urls import include, path

from partners.public import feedback, steps, views

region_patterns = [
    path("", steps.region_home, name="region_home"),
    path("acuut/", steps.acute, name="acute"),
    path("wegwijzer/", steps.step, name="step_start"),
    path("wegwijzer/<slug:key>/", steps.step, name="step"),
    path("partnerkaart/", views.partnerkaart, name="partnerkaart"),
    path("contactfiche/", views.contactfiche, name="contactfiche"),
    path("partnerkaart.pdf", views.partnerkaart_pdf, name="partnerkaart_pdf"),
    path("contactfiche.pdf", views.contactfiche_pdf, name="contactfiche_pdf"),
    path("melden/<slug:key>/", feedback.report, name="report"),
    path("mis-je-een-dienst/", feedback.missing_service, name="missing_service"),
]

urlpatterns = [
    path("api/hsds/", include("partners.public.hsds_urls")),
    path("", steps.region_list, name="region_list"),
    path("over/", steps.about, name="about"),
    # The partner's link from the yearly mail (before the region pattern, which would take "nakijken").
    path("nakijken/<str:token>/", feedback.verify, name="verify"),
    path("nakijken/<str:token>/wijzig/", feedback.verify_change, name="verify_change"),
    path("<slug:region>/", include(region_patterns)),
]
