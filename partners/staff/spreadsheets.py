"""The spreadsheet side of import and export (`partners.staff.imports`): formats that escape formulas
(OWASP CSV injection) and refuse oversized files, the upload store, and the cell conventions: several
values in one cell separated by "; ", a label in brackets, "ja"/"nee", one column per language.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import timedelta
from uuid import uuid4

import tablib
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields, widgets
from import_export.formats.base_formats import CSV, XLSX
from import_export.tmp_storages import BaseStorage

from partners.models import ImportUpload

SEPARATOR = re.compile(r"\s*[;\n]\s*")
LABELLED = re.compile(r"^(?P<value>.*?)\s*\((?P<label>[^()]*)\)$")


class DatabaseTmpStorage(BaseStorage):
    """Keeps an uploaded import file in the database between its preview and its confirmation."""

    MAX_AGE = timedelta(days=1)

    def save(self, data) -> None:
        if isinstance(data, str):
            data = data.encode(self.encoding or "utf-8")
        if not self.name:
            self.name = uuid4().hex
        ImportUpload.objects.filter(created_at__lt=timezone.now() - self.MAX_AGE).delete()
        ImportUpload.objects.update_or_create(name=self.name, defaults={"data": bytes(data)})

    def read(self):
        upload = ImportUpload.objects.filter(name=self.name).first()
        if upload is None:
            raise FileNotFoundError(_("Het geüploade bestand is verlopen; laad het opnieuw op."))
        data = bytes(upload.data)
        return data if "b" in self.read_mode else data.decode(self.encoding or "utf-8")

    def remove(self) -> None:
        ImportUpload.objects.filter(name=self.name).delete()


# A cell a spreadsheet would run as a formula (OWASP's CSV-injection rule): a text starting with
# = + - @ a tab or a carriage return. The export puts an apostrophe before it, as spreadsheets
# themselves write such a text ("'+32 16 30 17 30", "'==HYPERLINK(…)"); the import takes exactly
# one apostrophe off again, so every value comes back unchanged. A plain number ("-3", the age in
# months before birth) is no formula and stays as it is.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?\d+([.,]\d+)?")


def rewrite_cells(dataset, change) -> None:
    for _row in range(len(dataset)):
        dataset.append([change(cell) for cell in dataset.lpop()])


def quote_formula(cell):
    if not isinstance(cell, str) or NUMBER.fullmatch(cell):
        return cell
    if cell.startswith(FORMULA_START) or (cell.startswith("'") and cell[1:].startswith(("'", *FORMULA_START))):
        return "'" + cell  # an apostrophe already there gets one more, so the import gives back the original
    return cell


def unquote_formula(cell):
    if isinstance(cell, str) and cell.startswith("'") and cell[1:].startswith(("'", *FORMULA_START)):
        return cell[1:]
    return cell


class TooLarge(ValueError):
    """A file over the caps of the import preview (`WEGWIJZER_IMPORT_MAX_BYTES`, `..._MAX_ROWS`)."""


def import_caps_message() -> str:
    return _(
        "Dit bestand is te groot om in één keer te importeren: ten hoogste %(rows)s rijen en %(kb)s kB. "
        "Splits het op in kleinere bestanden en importeer ze na elkaar."
    ) % {"rows": settings.WEGWIJZER_IMPORT_MAX_ROWS, "kb": settings.WEGWIJZER_IMPORT_MAX_BYTES // 1024}


def check_import_size(data) -> None:
    if len(data) > settings.WEGWIJZER_IMPORT_MAX_BYTES:
        raise TooLarge(import_caps_message())


def check_import_rows(count: int) -> None:
    if count > settings.WEGWIJZER_IMPORT_MAX_ROWS:
        raise TooLarge(import_caps_message())


class SpreadsheetSafeCSV(CSV):
    """CSV whose cells a spreadsheet never runs (`quote_formula`), read within the import caps."""

    def export_data(self, dataset, **kwargs):
        rewrite_cells(dataset, quote_formula)
        return super().export_data(dataset, **kwargs)

    def create_dataset(self, in_stream, **kwargs):
        check_import_size(in_stream)
        dataset = super().create_dataset(in_stream, **kwargs)
        check_import_rows(len(dataset))
        return dataset


class SpreadsheetSafeXLSX(XLSX):
    """XLSX whose text cells a spreadsheet never runs (`quote_formula`: openpyxl would store a text
    starting with "=" as a live formula), read within the import caps: the file itself, what it
    unpacks to (a small zip can hold a huge sheet) and the number of rows."""

    def export_data(self, dataset, **kwargs):
        rewrite_cells(dataset, quote_formula)
        return super().export_data(dataset, **kwargs)

    def create_dataset(self, in_stream):
        check_import_size(in_stream)
        try:
            with zipfile.ZipFile(io.BytesIO(in_stream)) as archive:
                unpacked = sum(info.file_size for info in archive.infolist())
        except zipfile.BadZipFile as exc:
            raise ValueError(_("Dit is geen XLSX-bestand.")) from exc
        if unpacked > settings.WEGWIJZER_IMPORT_MAX_BYTES * 20:
            raise TooLarge(import_caps_message())
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(in_stream), read_only=True, data_only=True)
        rows = book.active.iter_rows(values_only=True)
        dataset = tablib.Dataset()
        dataset.headers = list(next(rows, ()))
        for row in rows:
            if len(dataset) >= settings.WEGWIJZER_IMPORT_MAX_ROWS:
                raise TooLarge(import_caps_message())
            dataset.append(list(row)[: len(dataset.headers)] + [None] * (len(dataset.headers) - len(row)))
        return dataset


class YesNoWidget(widgets.BooleanWidget):
    """ "ja" and "nee" in exports; on import also 1/0, true/false, x and an empty cell (= nee)."""

    YES = {"ja", "j", "yes", "y", "x", "1", "true", "waar"}
    NO = {"nee", "n", "no", "0", "false", "onwaar", "", "none"}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = str(value if value is not None else "").strip().casefold()
        if text in ("1.0", "0.0"):
            text = text[0]
        if text in self.YES:
            return True
        if text in self.NO:
            return False
        raise ValueError(_("‘%(value)s’ is geen ja of nee.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return _("ja") if value else _("nee")


def split_cell(value) -> list[str]:
    text = str(value if value is not None else "").strip()
    return [part for part in SEPARATOR.split(text) if part]


def split_labelled(value) -> list[tuple[str, str]]:
    """ "016 30 17 30 (dringend); 0800 13 500" -> [("016 30 17 30", "dringend"), ("0800 13 500", "")]."""
    result = []
    for part in split_cell(value):
        match = LABELLED.match(part)
        result.append((match["value"].strip(), match["label"].strip()) if match else (part, ""))
    return result


def join_labelled(pairs) -> str:
    return "; ".join(f"{value} ({label})" if label else value for value, label in pairs)


def text_field(attribute: str, column: str) -> fields.Field:
    """A text column; an empty cell (None in XLSX) is an empty text."""
    return fields.Field(attribute=attribute, column_name=column, widget=widgets.CharWidget(allow_blank=True))


def translated_columns(columns: dict[str, str]) -> dict[str, fields.Field]:
    """Per language of the contactfiche but Dutch: a column per translated text (`omschrijving_fr`)
    and one saying whether a fluent reader checked it (`vertaling_nagekeken_fr`)."""
    result = {}
    for code, _name in settings.SHEET_LANGUAGES:
        if code == settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
            continue
        suffix = code.replace("-", "_")
        for attribute, column in columns.items():
            result[f"{attribute}_{suffix}"] = text_field(f"{attribute}_{suffix}", f"{column}_{code}")
        result[f"translation_checked_{suffix}"] = fields.Field(
            attribute=f"translation_checked_{suffix}", column_name=f"vertaling_nagekeken_{code}", widget=YesNoWidget()
        )
    return result


SERVICE_TRANSLATIONS = translated_columns(
    {"description": "omschrijving", "application_process": "hoe_aanmelden", "availability": "bereikbaarheid"}
)
ENTRY_TRANSLATIONS = translated_columns({"title": "titel", "description": "omschrijving"})
