"""The write policy (`partners.staff.policy`): one table of who may write what, and a tripwire that fails closed.

The matrix below is the policy as a user meets it: each row is one write by one role, through a
model save (the path every form, inline, import and revert ends in), and whether it is kept.
"""

import ast
import contextvars
import threading
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partners import models as m
from partners.lib.acting import partner_verifies
from partners.staff import guard, policy

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def an(make_editor, leuven):
    return make_editor("an", leuven)


@pytest.fixture
def vlaanderen(django_user_model):
    from django.contrib.auth.models import Group

    policy.ensure_groups()
    user = django_user_model.objects.create_user("vl", is_staff=True)
    user.groups.add(Group.objects.get(name=policy.NATIONAL_GROUP))
    return user


def own_service(leuven, zenne):
    return m.Service.objects.get(key="kind-en-gezin-leuven")


def shared_service(leuven, zenne):
    return m.Service.objects.shared().in_area(region_ids=[leuven.pk], provinces=[leuven.province]).first()


def _set(obj, **values):
    for name, value in values.items():
        setattr(obj, name, value)
    return obj


def _decided_proposal(leuven, zenne):
    service = own_service(leuven, zenne)
    return m.Proposal.objects.create(
        region=leuven, service=service, source=m.ProposalSource.PARTNER, changes={"availability": "x"},
        status=m.ProposalStatus.REJECTED, decided_at=timezone.now(),
    )  # fmt: skip


# (what, write, expected for: editor of Leuven, redactie Vlaanderen). A write returns the record
# to save, or ("delete", record).
WRITES = {
    "own service: description": (lambda lv, z: _set(own_service(lv, z), description="Nieuw."), True, True),
    "own service: werkgebied Vlaanderen": (lambda lv, z: _set(own_service(lv, z), coverage=m.Coverage.FLANDERS), False, True),
    "own service: province": (lambda lv, z: _set(own_service(lv, z), province="antwerpen"), False, True),
    "own service: nagekeken today by me": (lambda lv, z: own_service(lv, z), "verified-by-me", "verified-by-me"),
    "own service: nagekeken by someone else": (
        lambda lv, z: _set(own_service(lv, z), assured_date=timezone.localdate(), assured_by="Iemand anders"),
        False,
        True,
    ),
    "shared service: description": (lambda lv, z: _set(shared_service(lv, z), description="Overschreven."), False, True),
    "other region's service: description": (
        lambda lv, z: _set(m.Service.objects.get(key="hvhk-halle"), description="Overschreven."),
        False,
        True,
    ),
    "own service moved to another region's organisation": (
        lambda lv, z: _set(own_service(lv, z), organization=m.Organization.objects.get(region=z)),
        False,
        True,
    ),
    "own region: intro": (lambda lv, z: _set(lv, intro="Welkom."), True, True),
    "own region: slug": (lambda lv, z: _set(lv, slug="leuven-2"), False, True),
    "own region: own-map flag": (lambda lv, z: _set(lv, has_own_map=not lv.has_own_map), False, True),
    "own region: zone": (lambda lv, z: _set(lv, zone=m.Zone.objects.exclude(pk=lv.zone_id).first()), False, None),
    "new region": (lambda lv, z: m.Region(name="ELZ Nieuw", slug="nieuw", province="antwerpen"), False, True),
    "theme: name": (lambda lv, z: _set(m.Theme.objects.first(), name="Hernoemd"), False, True),
    "zone: name (geography)": (lambda lv, z: _set(m.Zone.objects.first(), name="Hernoemd"), False, True),
    "own entry links a shared service": (
        lambda lv, z: _set(m.Entry.objects.filter(section__region=lv).first(), service=shared_service(lv, z)),
        True,
        True,
    ),
    "own entry links another region's service": (
        lambda lv, z: _set(m.Entry.objects.filter(section__region=lv).first(), service=m.Service.objects.get(key="hvhk-halle")),
        False,
        True,
    ),
    "own tier contact links another region's service": (
        lambda lv, z: _set(m.TierContact.objects.filter(tier__region=lv).first(), service=m.Service.objects.get(key="hvhk-halle")),
        False,
        True,
    ),
    "section made in another region": (
        lambda lv, z: m.Section(region=z, card=m.Card.PARTNERKAART, slug="ingebroken", title="x"),
        False,
        True,
    ),
    "own phone: delete": (lambda lv, z: ("delete", own_service(lv, z).phones.first()), True, True),
    "other region's phone: delete": (
        lambda lv, z: ("delete", m.Phone.objects.filter(service__key="hvhk-halle").first()),
        False,
        True,
    ),
    "a template region: delete": (
        lambda lv, z: ("delete", m.Region.objects.filter(has_own_map=False, organizations__isnull=True).first()),
        False,
        True,
    ),
    "decided proposal: reopened": (lambda lv, z: _set(_decided_proposal(lv, z), status=m.ProposalStatus.OPEN), False, False),
    "decided proposal: other changes": (lambda lv, z: _set(_decided_proposal(lv, z), changes={"name": "x"}), False, False),
    "open proposal: accepted outside the review": (
        lambda lv, z: _set(lv.proposals.create(service=own_service(lv, z), source="partner", changes={"url": "https://a.be"}), status="accepted"),
        False,
        False,
    ),
}  # fmt: skip

# None: not asked (that write fails for another reason, e.g. a zone has one region).
MATRIX = [
    (what, role, expected[i])
    for what, (_, *expected) in WRITES.items()
    for i, role in enumerate(["editor", "national"])
    if expected[i] is not None
]


@pytest.mark.django_db
@pytest.mark.parametrize(("what", "role", "expected"), MATRIX, ids=[f"{role}: {what}" for what, role, _ in MATRIX])
def test_the_permission_matrix(what, role, expected, leuven, an, vlaanderen, request):
    user = an if role == "editor" else vlaanderen
    zenne = request.getfixturevalue("zenne") if "other region" in what else None
    target = WRITES[what][0](leuven, zenne)  # made as the test (a system write); written as the user
    if expected == "verified-by-me":
        target.assured_date, target.assured_by = timezone.localdate(), policy.verifier_name(user)
        expected = True
    delete = isinstance(target, tuple)
    obj = target[1] if delete else target
    pk = obj.pk
    with guard.acting_as(user):
        if expected:
            with transaction.atomic():
                obj.delete() if delete else obj.save()
            if delete:
                assert not type(obj).objects.filter(pk=pk).exists()
        else:
            before = policy.stored(obj)
            with pytest.raises(policy.Refused), transaction.atomic():
                obj.delete() if delete else obj.save()
            after = type(obj).objects.filter(pk=pk).first() if pk else None
            if before is None:
                assert after is None
            else:
                assert (
                    after is not None
                    and policy.changed_fields(after, [f.attname for f in obj._meta.concrete_fields], before) == []
                )


@pytest.mark.django_db
def test_a_visitor_writes_nothing_but_the_two_public_writes(leuven, rf):
    """No login: refused, except a new report or proposal, and the partner's verification of its one service."""
    from django.contrib.auth.models import AnonymousUser

    from partners.lib.acting import submitting

    visitor = AnonymousUser()
    service = m.Service.objects.get(key="kind-en-gezin-leuven")
    assert policy.problems(visitor, _set(service, description="x"))
    service.refresh_from_db()
    report = m.Report(region=leuven, service=service, kind=m.ReportKind.PHONE)
    assert policy.problems(visitor, report)
    with submitting(m.Report):
        assert policy.problems(visitor, report) == []
        assert policy.problems(visitor, _set(m.Report(region=leuven, service=service, kind="phone"), status="resolved"))
        assert policy.problems(visitor, m.Proposal(region=leuven, service=service, source="partner"))
    _set(service, assured_date=timezone.localdate(), assured_by="de partner")
    assert policy.problems(visitor, service)
    with partner_verifies(service.pk):
        assert policy.problems(visitor, service) == []
    assert policy.delete_problems(visitor, service)
    assert policy.m2m_problems(visitor, service, "regions", [leuven.pk])


# -- the tripwire fails closed -------------------------------------------------------------------


@pytest.mark.django_db
def test_an_editors_queryset_update_is_refused(an, leuven):
    own = m.Service.objects.filter(key="kind-en-gezin-leuven")
    shared = m.Service.objects.filter(organization__region__isnull=True)[:1].get()
    with guard.acting_as(an):
        with pytest.raises(policy.Refused), transaction.atomic():
            own.update(coverage=m.Coverage.FLANDERS)
        with pytest.raises(policy.Refused), transaction.atomic():
            m.Service.objects.filter(pk=shared.pk).update(name="Overschreven door een ELZ-redacteur")
        with pytest.raises(policy.Refused), transaction.atomic():
            m.Phone.objects.filter(service__in=own).update(number="016000000")
    assert own.get().coverage == m.Coverage.REGIONS
    assert m.Service.objects.get(pk=shared.pk).name == shared.name


@pytest.mark.django_db
def test_an_editors_bulk_create_and_bulk_update_are_refused(an, leuven):
    other = m.Region.objects.exclude(pk=leuven.pk).first()
    with guard.acting_as(an):
        with pytest.raises(policy.Refused), transaction.atomic():
            m.Section.objects.bulk_create([m.Section(region=other, card="partnerkaart", slug="ingebroken", title="x")])
        own = list(m.Section.objects.filter(region=leuven)[:1])
        own[0].title = "Bulk"
        with pytest.raises(policy.Refused), transaction.atomic():
            m.Section.objects.bulk_update(own, ["title"])
    assert not m.Section.objects.filter(slug="ingebroken").exists()
    assert not m.Section.objects.filter(title="Bulk").exists()


@pytest.mark.django_db
def test_a_thread_started_by_an_editor_writes_nothing(an, leuven):
    """contextvars and the request do not follow into a new thread: no actor, so refused."""
    service = m.Service.objects.get(key="kind-en-gezin-leuven")
    service.coverage = m.Coverage.FLANDERS
    raised = []

    def write():
        try:
            service.save()
        except policy.Refused as exc:
            raised.append(exc)
        finally:
            connection.close()

    with guard.acting_as(an):
        thread = threading.Thread(target=write)
        thread.start()
        thread.join()
    assert len(raised) == 1
    assert m.Service.objects.get(pk=service.pk).coverage == m.Coverage.REGIONS


@pytest.mark.django_db
def test_a_write_with_no_actor_is_refused_outside_a_system_write(leuven):
    """Outside `system_write()` (a command, a loader) and without a user, nothing is written."""
    from partners.lib.acting import system_write

    def attempt():
        section = m.Section.objects.filter(region=leuven).first()
        section.title = "Zonder gebruiker"
        with pytest.raises(policy.Refused, match="geen aangemelde gebruiker"), transaction.atomic():
            section.save()
        with pytest.raises(policy.Refused), transaction.atomic():
            section.delete()
        with pytest.raises(policy.Refused), transaction.atomic():
            m.Section.objects.filter(pk=section.pk).update(title="Zonder gebruiker")
        with system_write("test"):
            section.save()

    contextvars.Context().run(attempt)  # a fresh context: none of the test's own system_write
    assert m.Section.objects.filter(title="Zonder gebruiker").count() == 1


@pytest.mark.django_db
def test_deleting_rendered_pdfs_does_not_read_the_pdfs(leuven):
    """The tripwire listens to the guarded models only, so other deletes stay one DELETE (no blob is loaded)."""
    m.RenderedPdf.objects.create(region=leuven, card="partnerkaart", variant="x", version=timezone.now(), pdf=b"%PDF" * 1000)
    with CaptureQueriesContext(connection) as queries:
        m.RenderedPdf.objects.filter(region=leuven).delete()
    assert [q["sql"].split()[0] for q in queries.captured_queries] == ["DELETE"]
    assert not m.RenderedPdf.objects.exists()


def test_every_guarded_model_has_the_tripwire_and_checked_bulk_writes():
    from django.db.models.signals import pre_delete, pre_save

    from partners.models.fields import CheckedQuerySet

    for model in policy.GUARDED:
        assert pre_save.has_listeners(model) and pre_delete.has_listeners(model), model
        assert isinstance(model._default_manager.all(), CheckedQuerySet), model
    assert not pre_delete.has_listeners(m.RenderedPdf)


# -- staff code writes record by record -------------------------------------------------------------


def _looks_like_a_queryset(node) -> bool:
    """`X.objects.filter(...).update(...)`, `queryset.update(...)`; not `some.dict.update(a=1)`."""
    if isinstance(node, ast.Call):  # .filter(...).update, .all().update
        return True
    if isinstance(node, ast.Attribute):
        return node.attr in ("objects", "_default_manager", "_base_manager") or "queryset" in node.attr or node.attr == "qs"
    return isinstance(node, ast.Name) and ("queryset" in node.id or node.id in ("qs", "objs", "services", "records"))


def _bulk_writes(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name = node.func.attr
            if name in ("bulk_create", "bulk_update", "bulk_create_with_history", "bulk_update_with_history"):
                found.append(f"{path.name}:{node.lineno} {name}")
            elif name == "update" and not node.args and node.keywords and _looks_like_a_queryset(node.func.value):
                found.append(f"{path.name}:{node.lineno} update")
    return found


def test_staff_code_does_not_write_in_bulk():
    """`update()`, `bulk_create`, `bulk_update` skip every per-record rule and the history: staff code saves one by one."""
    files = sorted((ROOT / "partners" / "staff").rglob("*.py"))
    assert len(files) > 5
    assert [hit for path in files for hit in _bulk_writes(path)] == []


def test_the_bulk_write_check_sees_the_usual_spellings(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "qs.update(coverage=1)\nM.objects.bulk_create([])\nM.objects.bulk_update([], ['a'])\nd.update({})\n"
        "M.objects.filter(pk=1).update(name='x')\nqueryset.update(name='x')\nself.counts.update(a=1)\n"
    )
    hits = [hit.split()[1] for hit in _bulk_writes(sample)]
    assert hits == ["update", "bulk_create", "bulk_update", "update", "update"]


# -- the rules table in the docs -----------------------------------------------------------------------


def test_docs_admin_shows_the_rules_table_of_the_policy():
    docs = (ROOT / "docs" / "admin.md").read_text()
    assert policy.rules_table() in docs, "docs/admin.md: paste `policy.rules_table()` (see the test's message)"


@pytest.mark.django_db
def test_the_admin_forms_take_their_read_only_fields_from_the_policy(an, vlaanderen, leuven, rf):
    from django.contrib import admin

    from partners.staff.admins import ReferenceDataAdmin

    request = rf.get("/")
    request.user = an
    region_admin = admin.site._registry[m.Region]
    assert set(policy.RULES[m.Region].national_only) <= set(region_admin.get_readonly_fields(request, leuven))
    service_admin = admin.site._registry[m.Service]
    service = m.Service.objects.get(key="kind-en-gezin-leuven")
    assert {"coverage", "province", "assured_date", "assured_by"} <= set(service_admin.get_readonly_fields(request, service))
    request.user = vlaanderen
    assert not {"coverage", "province", "slug"} & set(service_admin.get_readonly_fields(request, service))
    assert {"assured_date", "assured_by"} <= set(service_admin.get_readonly_fields(request, service))
    assert "slug" not in region_admin.get_readonly_fields(request, leuven)
    request.user = an
    for model, model_admin in admin.site._registry.items():
        if model in policy.RULES and not isinstance(model_admin, ReferenceDataAdmin):
            assert set(policy.readonly_fields(an, model)) <= set(model_admin.get_readonly_fields(request)), model
    for model in policy.REFERENCE:
        if model in admin.site._registry:
            assert not admin.site._registry[model].has_change_permission(request)


@pytest.mark.django_db
def test_an_editors_save_reads_the_stored_row_once(leuven, an):
    """The policy's tripwire and the content versions both need the row as stored: one read serves both."""
    service = m.Service.objects.get(key="tejo")
    service.description = "Gratis therapie voor jongeren."
    table = connection.ops.quote_name(m.Service._meta.db_table)
    with guard.acting_as(an), CaptureQueriesContext(connection) as queries:
        service.save()
    row_reads = [
        q["sql"]
        for q in queries
        if q["sql"].startswith("SELECT") and f"FROM {table} WHERE {table}." in q["sql"] and "LIMIT 1" in q["sql"]
    ]
    assert len(row_reads) == 1, row_reads
    assert m.Service.objects.get(pk=service.pk).description == "Gratis therapie voor jongeren."
