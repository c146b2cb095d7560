from django.urls import path

from partners.public import feedback
from partners.public import views as partner_views

from . import views

urlpatterns = [
    path("", views.region_home, name="region_home"),
    path("acuut/", views.acute, name="acute"),
    path("wegwijzer/", views.step, name="step_start"),
    path("wegwijzer/<slug:key>/", views.step, name="step"),
    path("partnerkaart/", partner_views.partnerkaart, name="partnerkaart"),
    path("contactfiche/", partner_views.contactfiche, name="contactfiche"),
    path("partnerkaart.pdf", partner_views.partnerkaart_pdf, name="partnerkaart_pdf"),
    path("contactfiche.pdf", partner_views.contactfiche_pdf, name="contactfiche_pdf"),
    path("melden/<slug:key>/", feedback.report, name="report"),
]
