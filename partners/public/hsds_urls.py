"""URLs of the HSDS API: the same endpoints for all regions (/api/hsds/) and per region (/api/hsds/<elz>/).

Paths follow the HSDS OpenAPI file (no trailing slash); a trailing slash is accepted too.
"""

from django.urls import path, re_path

from partners.public import hsds

ENDPOINTS = [
    (r"services/?", hsds.services, "services"),
    (r"services/(?P<id>[^/]+)/?", hsds.service, "service"),
    (r"organizations/?", hsds.organizations, "organizations"),
    (r"organizations/(?P<id>[^/]+)/?", hsds.organization, "organization"),
    (r"service_at_locations/?", hsds.service_at_locations, "service_at_locations"),
    (r"service_at_locations/(?P<id>[^/]+)/?", hsds.service_at_location, "service_at_location"),
    (r"taxonomies/?", hsds.taxonomy_list, "taxonomies"),
    (r"taxonomies/(?P<id>[^/]+)/?", hsds.taxonomy_detail, "taxonomy"),
    (r"taxonomy_terms/?", hsds.taxonomy_term_list, "taxonomy_terms"),
    (r"taxonomy_terms/(?P<id>[^/]+)/?", hsds.taxonomy_term_detail, "taxonomy_term"),
]

urlpatterns = [
    path("", hsds.root, name="hsds_root"),
    path("openapi.json", hsds.openapi, name="hsds_openapi"),
    *[re_path(rf"^{pattern}$", view, name=f"hsds_{name}") for pattern, view, name in ENDPOINTS],
    path("<slug:region>/", hsds.root, name="hsds_region_root"),
    path("<slug:region>/download.json", hsds.download, name="hsds_download"),
    *[re_path(rf"^(?P<region>[-\w]+)/{pattern}$", view, name=f"hsds_region_{name}") for pattern, view, name in ENDPOINTS],
]
