"""A fluent reader signs off one language of a region's contactfiche in one sitting.

The page "Vertaling nakijken" (`/admin/vertalingen/<elz>/<taal>/`) lists every text of the sheet
beside the Dutch: the content (the translated fields of the sections, lines, services and phone
numbers that the region's contactfiche shows, in its order) and the interface texts of the sheet
(`partners.lib.catalogue`). Each line has a tick "nagekeken": for the content it is the record's
own `translation_checked_<code>` (the same box as in the record's admin form), for the interface
texts `LanguageSignOff.checked_strings`. When every line is ticked, the whole language is signed
off with the reader's name as it may appear on the sheet; the sheet and its PDF then say
"nagekeken door … op …" (`partners.public.languages.Sheet.signed_off`).

A language also goes out and comes back as a PO file for a translator's tool: msgid the Dutch text,
msgstr the translation, msgctxt the record and field (`service:<uuid>:description`,
`entry:<id>:title`, …), and the flag `fuzzy` on every text not yet checked. An import is all or
nothing: a file that is not a PO file, is for another language, names a record that is not on this
region's sheet, translates a Dutch text that changed since, or changes what the user may not
(a shared service, for an ELZ-redacteur) changes nothing and says why in Dutch. What it changes is
saved record by record through the write policy (`partners.staff.policy`, and the tripwire), each
save a history row.

Who may: the staff who may edit the region (`partners.staff.scope`); everyone else gets 403.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import polib
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partners.content.review import save_with_history
from partners.lib.catalogue import fingerprint, interface_texts
from partners.lib.languages import translated_column
from partners.lib.text import validate_single_line
from partners.models import Card, Entry, LanguageSignOff, Phone, Region, Section, Service
from partners.public.languages import sheet_languages
from partners.public.selectors import RegionContent
from partners.staff import policy, scope
from partners.staff.dashboard import admin_url
from partners.translation import TRANSLATED_FIELDS

DUTCH = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
KINDS: dict[str, type] = {"section": Section, "entry": Entry, "service": Service, "phone": Phone}
CONTEXT = re.compile(r"^(?P<kind>section|entry|service|phone):(?P<ident>[0-9A-Za-z-]{1,64}):(?P<field>[a-z_]{1,40})$")
TICK = "nagekeken"  # the name of every tick box; the value is the line's key
SHOWN = "getoond"  # the keys of the lines the page showed (a line added since is left alone)


def record_key(record) -> str:
    """ "service:<uuid>", "entry:12": how a line and a PO file's msgctxt name a record."""
    kind = next(k for k, model in KINDS.items() if isinstance(record, model))
    return f"{kind}:{record.uuid if kind == 'service' else record.pk}"


@dataclass
class Text:
    name: str  # the field: description, title, …
    label: str  # its name in the admin: "wat biedt het, voor wie"
    dutch: str
    translation: str
    is_name: bool = False  # a line's title that names a service: shown as written when untranslated


@dataclass
class Line:
    """One record of the sheet with its texts in Dutch and in the language, and its tick."""

    record: object
    label: str  # how the line is named: the line's title, the service's name, …
    key: str
    kind: str  # "dienst", "regel", …
    texts: list[Text]
    checked: bool
    editable: bool  # the user may tick it (a shared service: the redactie Vlaanderen)
    admin_url: str = ""

    @property
    def translated(self) -> bool:
        """Something of it shows translated on the sheet (else it shows in Dutch and needs no tick)."""
        return any(text.translation for text in self.texts)

    @property
    def needs_check(self) -> bool:
        return self.translated and not self.checked


@dataclass
class Group:
    title: str  # the section's Dutch title
    lines: list[Line] = field(default_factory=list)


@dataclass
class InterfaceLine:
    key: str
    context: str
    dutch: str
    translation: str
    checked: bool


@dataclass
class Review:
    """Everything the page shows for one region and language."""

    region: Region
    code: str
    name: str
    groups: list[Group]
    interface: list[InterfaceLine]
    sign_off: LanguageSignOff | None

    @property
    def lines(self) -> list[Line]:
        return [line for group in self.groups for line in group.lines]

    @property
    def content_left(self) -> list[Line]:
        return [line for line in self.lines if line.needs_check]

    @property
    def interface_left(self) -> list[InterfaceLine]:
        return [line for line in self.interface if not line.checked]

    @property
    def untranslated(self) -> int:
        return sum(1 for line in self.lines for text in line.texts if not text.translation and not text.is_name)

    @property
    def shared_left(self) -> list[Line]:
        return [line for line in self.content_left if not line.editable]

    @property
    def complete(self) -> bool:
        return not self.content_left and not self.interface_left

    @property
    def signed(self) -> bool:
        """Signed off, and still true: nothing unticked or changed since."""
        s = self.sign_off
        return bool(s and s.is_signed and self.complete and s.interface_fingerprint == fingerprint(self.code))

    @property
    def rtl(self) -> bool:
        return self.code.split("-")[0] in settings.LANGUAGES_BIDI


# -- what the sheet shows -------------------------------------------------------------------------


def _texts(record, names, code: str, names_of_services: bool) -> list[Text]:
    texts = []
    for name in names:
        dutch = (getattr(record, translated_column(name, DUTCH)) or "").strip()
        if dutch:
            label = str(type(record)._meta.get_field(name).verbose_name)
            translation = (getattr(record, translated_column(name, code)) or "").strip()
            is_name = names_of_services and name == "title"
            texts.append(Text(name, label, dutch, translation, is_name))
    return texts


def _walk(items, records: list) -> None:
    """The records of the lines `items` (and their sub-lines), each with the fields the sheet shows."""
    for item in items:
        entry, contact = item.entry, item.contact
        service = contact.service if contact else None
        if service is None:
            records.append((entry, ("title", "description"), entry.title_nl_be))
        else:
            own = tuple(name for name in ("title", "description") if getattr(entry, name))
            if own:
                records.append((entry, own, entry.title_nl_be or service.name))
            # the line's own description replaces the service's on the sheet
            shown = ("availability", "application_process") if entry.description else TRANSLATED_FIELDS[Service]
            records.append((service, shown, service.name))
            records.extend((phone, ("label",), f"{service.name} {phone.display}") for phone in service.phones.all())
        _walk(item.children, records)


def _sheet_records(region: Region) -> list[tuple[Section, list[tuple[object, tuple[str, ...], str]]]]:
    """The records of the region's contactfiche in its order, per section, each with the fields shown."""
    result = []
    for card_section in RegionContent(region).card(Card.CONTACTFICHE):
        section = card_section.section
        records: list[tuple[object, tuple[str, ...], str]] = [(section, TRANSLATED_FIELDS[Section], section.title_nl_be)]
        _walk(card_section.entries, records)
        result.append((card_section.section, records))
    return result


def language_name(code: str) -> str:
    names = dict(settings.SHEET_LANGUAGES)
    if code == DUTCH or code not in names:
        raise Http404
    return names[code]


def review(region: Region, code: str, user) -> Review:
    name = language_name(code)
    sign_off = LanguageSignOff.objects.filter(region=region, language=code).first()
    checked_strings = set(sign_off.checked_strings if sign_off else [])
    seen: dict[str, Line] = {}
    groups = []
    own_region = scope.can_edit(user, region)

    def editable(record) -> bool:
        """Sections and lines are the region's own; a service (and its phones) may be shared."""
        if isinstance(record, (Section, Entry)):
            return own_region
        service = record.service if isinstance(record, Phone) else record
        return scope.can_edit(user, service)

    for section, records in _sheet_records(region):
        group = Group(section.title_nl_be)
        for record, names, label in records:
            key = record_key(record)
            texts = _texts(record, names, code, isinstance(record, Entry) and record.service_id is not None)
            if key in seen:  # a service on two lines: its texts once, where it first shows
                known = {text.name for text in seen[key].texts}
                seen[key].texts += [text for text in texts if text.name not in known]
                continue
            if not texts:
                continue
            line = Line(
                record=record,
                label=label,
                key=key,
                kind=str(type(record)._meta.verbose_name),
                texts=texts,
                checked=bool(getattr(record, translated_column("translation_checked", code))),
                editable=editable(record),
                admin_url=admin_url(record),
            )
            seen[key] = line
            group.lines.append(line)
        groups.append(group)
    interface = [
        InterfaceLine(text.key, text.context, text.dutch, text.translation, text.key in checked_strings)
        for text in interface_texts(code)
        if text.translation
    ]
    return Review(region, code, name, groups, interface, sign_off)


# -- the ticks and the sign-off ------------------------------------------------------------------


def _sign_off_record(region: Region, code: str) -> LanguageSignOff:
    return LanguageSignOff.objects.filter(region=region, language=code).first() or LanguageSignOff(region=region, language=code)


def save_ticks(current: Review, user, shown: set[str], ticked: set[str]) -> int:
    """Store the ticks of the lines the page showed; returns how many changed."""
    changed = 0
    flag = translated_column("translation_checked", current.code)
    reason = _("Vertaling (%(code)s) nagekeken op de pagina Vertaling nakijken") % {"code": current.code}
    for line in current.lines:
        if line.key not in shown or not line.editable or not line.translated:
            continue
        wanted = line.key in ticked
        if bool(getattr(line.record, flag)) != wanted:
            setattr(line.record, flag, wanted)
            policy.check_write(user, line.record)
            save_with_history(line.record, user, reason)
            line.checked = wanted
            changed += 1
    keys = {line.key for line in current.interface}
    before = set(current.sign_off.checked_strings) if current.sign_off else set()
    after = {key for key in keys if (key in ticked if key in shown else key in before)}
    if after != (before & keys) or before - keys:
        sign_off = current.sign_off or _sign_off_record(current.region, current.code)
        sign_off.checked_strings = sorted(after)
        policy.check_write(user, sign_off)
        save_with_history(sign_off, user, reason)
        current.sign_off = sign_off
        changed += len(after ^ before)
    for line in current.interface:
        line.checked = line.key in after
    return changed


def sign_off_problems(current: Review, reader: str) -> list[str]:
    problems = []
    try:
        validate_single_line(reader)
    except ValidationError as exc:
        problems += exc.messages
    if not reader.strip():
        problems.append(_("Schrijf wie de vertaling nakeek, zoals het op de fiche mag staan."))
    elif len(reader) > LanguageSignOff._meta.get_field("reader").max_length:
        problems.append(_("Die naam is te lang (ten hoogste 120 tekens)."))
    if current.content_left:
        left = len(current.content_left)
        problems.append(
            ngettext(
                "%(count)s tekst van de inhoud is nog niet aangevinkt.",
                "%(count)s teksten van de inhoud zijn nog niet aangevinkt.",
                left,
            )
            % {"count": left}
        )
        if current.shared_left:
            problems.append(
                _("Daarvan horen er %(count)s bij een gedeelde dienst: die vinkt de redactie Vlaanderen aan.")
                % {"count": len(current.shared_left)}
            )
    if current.interface_left:
        problems.append(
            _("%(count)s teksten van de fiche zelf (knoppen, titels) zijn nog niet aangevinkt.")
            % {"count": len(current.interface_left)}
        )
    return problems


def sign(current: Review, user, reader: str) -> None:
    sign_off = current.sign_off or _sign_off_record(current.region, current.code)
    sign_off.reader = reader.strip()
    sign_off.signed_on = timezone.localdate()
    sign_off.signed_by = user
    sign_off.interface_fingerprint = fingerprint(current.code)
    policy.check_write(user, sign_off)
    save_with_history(sign_off, user, _("Taal afgetekend"))
    current.sign_off = sign_off


def withdraw(current: Review, user) -> None:
    sign_off = current.sign_off
    if sign_off is None or sign_off.signed_on is None:
        return
    sign_off.signed_on = None
    sign_off.signed_by = None
    policy.check_write(user, sign_off)
    save_with_history(sign_off, user, _("Aftekening ingetrokken"))


# -- PO files --------------------------------------------------------------------------------------


def export_po(current: Review) -> str:
    catalogue = polib.POFile(wrapwidth=0)
    catalogue.metadata = {
        "Project-Id-Version": f"wegwijzer contactfiche {current.region.slug}",
        "Language": current.code,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    catalogue.header = (
        f"De contactfiche voor inwoners van {current.region.name}, in {current.name} ({current.code}).\n"
        "msgid: de Nederlandse tekst; msgstr: de vertaling; msgctxt: welke tekst het is (niet wijzigen).\n"
        "‘fuzzy’: nog niet nagekeken door iemand die de taal vlot leest. Haal het weg als je de vertaling nakeek."
    )
    for group in current.groups:
        for line in group.lines:
            for text in line.texts:
                comment = f"{group.title} · {line.kind}: {text.label}"
                if not line.editable:
                    comment += " (gedeeld: alleen de redactie Vlaanderen past dit aan)"
                flags = ["fuzzy"] if text.translation and not line.checked else []
                catalogue.append(
                    polib.POEntry(
                        msgctxt=f"{line.key}:{text.name}",
                        msgid=text.dutch,
                        msgstr=text.translation,
                        comment=comment,
                        flags=flags,
                    )
                )
    return str(catalogue)


class ImportRefused(Exception):
    def __init__(self, problems: list[str]):
        super().__init__(" ".join(problems))
        self.problems = problems


MAX_PROBLEMS = 10


def _parse(data: bytes, code: str) -> polib.POFile:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ImportRefused([_("Dit bestand is geen po-bestand in UTF-8.")]) from None
    if not text.strip():
        raise ImportRefused([_("Dit bestand is leeg.")])
    try:
        catalogue = polib.pofile(text if "\n" in text else text + "\n", wrapwidth=0)
    except (OSError, ValueError, IndexError, KeyError) as exc:
        line = re.search(r"line (\d+)", str(exc))
        where = _(" (fout op regel %(line)s)") % {"line": line[1]} if line else ""
        raise ImportRefused([_("Dit is geen geldig po-bestand%(where)s.") % {"where": where}]) from None
    language = (catalogue.metadata.get("Language") or "").strip().lower().replace("_", "-")
    if language and language != code and language.split("-")[0] != code.split("-")[0]:  # "ar_SA" is Arabic too
        raise ImportRefused(
            [_("Dit bestand is voor de taal ‘%(file)s’, niet voor ‘%(page)s’.") % {"file": language[:20], "page": code}]
        )
    if not [entry for entry in catalogue if not entry.obsolete]:
        raise ImportRefused([_("Er staat geen enkele tekst in dit bestand.")])
    return catalogue


@dataclass
class _Change:
    line: Line
    values: dict[str, str] = field(default_factory=dict)  # field -> new translation
    fuzzy: bool = False


def import_po(current: Review, user, data: bytes) -> list[str]:
    """Apply a PO file to the region's sheet in one language; returns what changed (one text per
    record). Raises ImportRefused, with every problem found, and then changes nothing."""
    if len(data) > settings.WEGWIJZER_IMPORT_MAX_BYTES:
        raise ImportRefused([_("Dit bestand is te groot om in één keer in te lezen.")])
    catalogue = _parse(data, current.code)
    lines = {line.key: line for line in current.lines}
    problems: list[str] = []
    changes: dict[str, _Change] = {}
    seen = set()
    for entry in catalogue:
        if entry.obsolete:
            continue
        where = entry.msgctxt or entry.msgid[:40]
        match = CONTEXT.match(entry.msgctxt or "")
        if match is None:
            problems.append(
                _("‘%(where)s’: de msgctxt zegt niet welke tekst het is (bv. service:<id>:description).") % {"where": where}
            )
            continue
        key, name = f"{match['kind']}:{match['ident']}", match["field"]
        line = lines.get(key)
        if line is None:
            problems.append(
                _("‘%(where)s’ staat niet op de contactfiche van %(region)s (een andere zone, of niet meer op de fiche).")
                % {"where": where, "region": current.region.name}
            )
            continue
        text = next((t for t in line.texts if t.name == name), None)
        if text is None:
            problems.append(_("‘%(where)s’: deze tekst wordt niet vertaald of staat niet op de fiche.") % {"where": where})
            continue
        if entry.msgctxt in seen:
            problems.append(_("‘%(where)s’ staat twee keer in het bestand.") % {"where": where})
            continue
        seen.add(entry.msgctxt)
        if entry.msgid.strip() != text.dutch:
            problems.append(
                _("‘%(where)s’: de Nederlandse tekst is intussen veranderd. Exporteer opnieuw en vertaal de nieuwe tekst.")
                % {"where": where}
            )
            continue
        change = changes.setdefault(key, _Change(line))
        change.fuzzy = change.fuzzy or "fuzzy" in entry.flags
        translation = entry.msgstr.strip()
        if translation and translation != text.translation:  # an empty msgstr leaves the translation as it is
            change.values[name] = translation
    flag = translated_column("translation_checked", current.code)
    todo = []
    for change in changes.values():
        record = change.line.record
        has_translation = any(change.values.get(t.name) or t.translation for t in change.line.texts)
        wanted_checked = has_translation and not change.fuzzy
        if not change.values and wanted_checked == bool(getattr(record, flag)):
            continue
        if not change.line.editable:
            problems.append(
                _("‘%(what)s’ hoort bij een gedeelde dienst of een andere zone: alleen de redactie Vlaanderen past die aan.")
                % {"what": change.line.key}
            )
            continue
        columns = [translated_column(name, current.code) for name in change.values]
        for name, value in change.values.items():
            setattr(record, translated_column(name, current.code), value)
        setattr(record, flag, wanted_checked)
        try:
            record.clean_fields(exclude=[f.name for f in type(record)._meta.fields if f.name not in columns])
        except ValidationError as exc:
            for column, errors in exc.message_dict.items():
                problems.append(f"‘{change.line.key}:{column}’: {' '.join(errors)}")
            continue
        problems += policy.problems(user, record)
        todo.append(change)
    if problems:
        more = len(problems) - MAX_PROBLEMS
        shown = list(dict.fromkeys(problems))[:MAX_PROBLEMS]
        if more > 0:
            shown.append(_("… en nog %(count)s.") % {"count": more})
        raise ImportRefused([_("Niets ingelezen.")] + shown)
    reason = _("Vertaling (%(code)s) ingelezen uit een po-bestand") % {"code": current.code}
    done = []
    for change in todo:
        save_with_history(change.line.record, user, reason)
        done.append(f"{change.line.kind}: {change.line.label}")
    return done


# -- the views -------------------------------------------------------------------------------------


def index_view(site, request: HttpRequest) -> HttpResponse:
    """Every region the user may edit, with each language and whether it is signed off."""
    regions = list(scope.regions_of(request.user).filter(has_own_map=True).order_by("name"))
    if not request.user.has_perm("partners.view_languagesignoff"):
        raise PermissionDenied
    signed = {(s.region_id, s.language): s for s in LanguageSignOff.objects.filter(region__in=regions, signed_on__isnull=False)}
    languages = [language for language in sheet_languages() if not language.is_dutch]
    rows = [(region, [(language, signed.get((region.pk, language.code))) for language in languages]) for region in regions]
    context = {**site.each_context(request), "title": _("Vertalingen van de contactfiche nakijken"), "rows": rows}
    return TemplateResponse(request, "admin/partners/sign_off_index.html", context)


def _region_for(request: HttpRequest, slug: str, write: bool) -> Region:
    """The region, if the user may work on its sheet; else 403 (for a write, with nothing changed)."""
    region = get_object_or_404(Region, slug=slug)
    permission = "partners.change_languagesignoff" if write else "partners.view_languagesignoff"
    if not request.user.has_perm(permission) or not scope.can_edit(request.user, region):
        if write:
            raise policy.Refused(_("Deze eerstelijnszone is niet de jouwe: je kan haar vertaling niet aftekenen."))
        raise PermissionDenied
    return region


def page_url(region: Region, code: str) -> str:
    return reverse("admin:sign_off", args=[region.slug, code])


def sign_off_view(site, request: HttpRequest, slug: str, code: str) -> HttpResponse:
    region = _region_for(request, slug, write=request.method == "POST")
    current = review(region, code, request.user)
    problems: list[str] = []
    reader = current.sign_off.reader if current.sign_off else ""
    if request.method == "POST":
        action = request.POST.get("actie", "bewaren")
        if action == "intrekken":
            withdraw(current, request.user)
            messages.success(request, _("De aftekening is ingetrokken: de fiche zegt weer dat ze nog niet is nagekeken."))
            return HttpResponseRedirect(page_url(region, code))
        changed = save_ticks(current, request.user, set(request.POST.getlist(SHOWN)), set(request.POST.getlist(TICK)))
        reader = request.POST.get("lezer", "")[:500]
        if action == "aftekenen":
            current = review(region, code, request.user)
            problems = sign_off_problems(current, reader)
            if not problems:
                sign(current, request.user, reader)
                messages.success(
                    request,
                    _("%(language)s is afgetekend. De fiche en de pdf zeggen nu wie ze nakeek.") % {"language": current.name},
                )
                return HttpResponseRedirect(page_url(region, code))
        else:
            messages.success(
                request, ngettext("%(count)s vinkje bewaard.", "%(count)s vinkjes bewaard.", changed) % {"count": changed}
            )
            return HttpResponseRedirect(page_url(region, code))
    context = {
        **site.each_context(request),
        "title": _("Vertaling nakijken: %(language)s") % {"language": current.name},
        "review": current,
        "problems": problems,
        "reader": reader,
        "sheet_url": reverse("contactfiche", args=[region.slug]) + f"?taal={code}&tweetalig=1",
        "languages": [language for language in sheet_languages() if not language.is_dutch],
        "tick": TICK,
        "shown": SHOWN,
    }
    return TemplateResponse(request, "admin/partners/sign_off.html", context, status=400 if problems else 200)


def po_export_view(site, request: HttpRequest, slug: str, code: str) -> HttpResponse:
    region = _region_for(request, slug, write=False)
    current = review(region, code, request.user)
    response = HttpResponse(export_po(current), content_type="text/x-gettext-translation; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="contactfiche-{region.slug}-{code}.po"'
    return response


def po_import_view(site, request: HttpRequest, slug: str, code: str) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseRedirect(reverse("admin:sign_off", args=[slug, code]))
    region = _region_for(request, slug, write=True)
    current = review(region, code, request.user)
    upload = request.FILES.get("po_bestand")
    if upload is None:
        messages.error(request, _("Kies een po-bestand om in te lezen."))
        return HttpResponseRedirect(page_url(region, code))
    if upload.size > settings.WEGWIJZER_IMPORT_MAX_BYTES:
        messages.error(request, _("Dit bestand is te groot om in één keer in te lezen."))
        return HttpResponseRedirect(page_url(region, code))
    try:
        done = import_po(current, request.user, upload.read())
    except ImportRefused as refused:
        messages.error(request, " ".join(refused.problems))
        return HttpResponseRedirect(page_url(region, code))
    if done:
        messages.success(
            request,
            ngettext("%(count)s tekst ingelezen: %(what)s.", "%(count)s teksten ingelezen: %(what)s.", len(done))
            % {"count": len(done), "what": "; ".join(done[:10]) + ("; …" if len(done) > 10 else "")},
        )
    else:
        messages.info(request, _("Het bestand verandert niets: alles stond er al zo."))
    return HttpResponseRedirect(page_url(region, code))
