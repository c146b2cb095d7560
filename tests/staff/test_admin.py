"""Every admin page an ELZ editor can reach answers, with the real content loaded."""

import pytest
from django.contrib import admin
from django.urls import reverse


@pytest.mark.django_db
@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.model_name)
def test_changelist_and_change_page_answer_for_a_superuser(superuser_client, model):
    opts = model._meta
    changelist = superuser_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert changelist.status_code == 200
    add = superuser_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    can_add = admin.site._registry[model].has_add_permission(changelist.wsgi_request)
    assert add.status_code == (200 if can_add else 403)  # login records (django-axes) are never added by hand
    obj = model.objects.first()
    if obj is not None:
        change = superuser_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
        assert change.status_code == 200
        history = superuser_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk]))
        assert history.status_code == 200


@pytest.mark.django_db
def test_admin_refuses_a_bad_phone_number_in_dutch(superuser_client):
    from partners.models import Service

    service = Service.objects.get(key="vk-leuven")
    url = reverse("admin:partners_phone_add")
    response = superuser_client.post(url, {"service": service.pk, "number": "016 30 17", "label": "", "order": 0})
    assert response.status_code == 200
    assert "geen geldig Belgisch telefoonnummer" in response.content.decode()


@pytest.mark.django_db
def test_admin_searches_services_by_phone_number(superuser_client):
    response = superuser_client.get(reverse("admin:partners_service_changelist"), {"q": "016 30 17 30"})
    assert response.status_code == 200
    assert "Vertrouwenscentrum" in response.content.decode()
