"""``protocheck template``: an audit workbook a centre director can fill without help.

Written with openpyxl. The drop-downs show their arrow (``showDropDown`` stays False: in openpyxl True *hides*
it), refuse other values with a message and prompt on entry; their lists live on a hidden sheet referenced by
range, so they work in Excel and LibreOffice alike. Requirement texts are protected against accidental edits
(no password: a director who needs to can unprotect), while the cells to fill stay editable.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .i18n import N_, tr
from .models import Catalog
from .sheets import fit_to_width, save, set_height, text_lines
from .vocab import STATUS_CHOICES, Status

INSTRUCTIONS_WIDTH = 110
CENTRE_LABEL_WIDTH = 60
SHEET_NAMES = {
    "en": {"instructions": "Instructions", "centre": "Centre", "responses": "Responses", "lists": "Lists"},
    "ru": {"instructions": "Инструкция", "centre": "Центр", "responses": "Ответы", "lists": "Списки"},
}
YES_NO = {"en": ("yes", "no"), "ru": ("да", "нет")}
AUDIT_TYPE_CHOICES = {"en": ("self-assessment", "external"), "ru": ("самооценка", "внешний аудит")}
COUNTRIES = {
    "en": ("Kazakhstan", "Kyrgyzstan", "Tajikistan", "Uzbekistan"),
    "ru": ("Казахстан", "Кыргызстан", "Таджикистан", "Узбекистан"),
}

META_ROWS = [
    ("standard", N_("Standard (do not change)")),
    ("standard_version", N_("Standard version (do not change)")),
    ("profile", N_("Accreditation profile (do not change; empty if none)")),
    ("centre_name", N_("Centre name")),
    ("country", N_("Country")),
    ("audit_date", N_("Audit date (YYYY-MM-DD)")),
    ("audit_type", N_("Audit type")),
    ("auditor", N_("Auditor")),
]

INSTRUCTIONS = [
    N_("How to fill in this audit workbook"),
    "",
    N_(
        "1. On the sheet «{centre}», write the centre's name, country, the audit date, the audit type and the "
        "auditor, and answer every question about the centre's services (yes or no). The answers decide which "
        "requirements apply: for example, the shelter requirements apply only if the centre runs a shelter."
    ),
    N_(
        "2. On the sheet «{responses}», for every requirement choose a status in the «{status}» column from the "
        "drop-down list: {met} — fully in place; {partial} — in place only in part; {not_met} — not in place; "
        "{na} — only where the requirement allows it. Leave the cell empty if you have not checked it yet."
    ),
    N_(
        "3. In «{evidence}», write what you saw: the document, the observation, who you interviewed. In "
        "«{comment}», anything the reader should know."
    ),
    N_(
        "4. Describe the centre and its documents only. Never write the name or any detail of a client: where "
        "you refer to a case, use its reference number."
    ),
    N_(
        "5. Save the file (it can stay in .xlsx, or be saved as .ods or .xls) and score it with: "
        "protocheck score FILE.xlsx"
    ),
    "",
    N_(
        "How the score is computed: each requirement has a weight (critical 3, major 2, minor 1). Met counts "
        "fully, partial counts half, not met and not assessed count zero; requirements that do not apply are "
        "left out. Score = 100 × points earned / points possible."
    ),
]


def write_template(catalog: Catalog, output: Path, lang: str) -> None:
    """Write the fill-in workbook for ``catalog`` in ``lang`` (record reviews get a records sheet)."""
    if catalog.kind == "record-review":
        from .records import write_records_template

        write_records_template(catalog, output, lang)
        return
    from openpyxl import Workbook

    wb = Workbook()
    names = SHEET_NAMES.get(lang, SHEET_NAMES["en"])
    lists = lists_sheet(wb, names["lists"], lang)
    instructions = wb.active
    instructions.title = names["instructions"]
    centre = wb.create_sheet(names["centre"])
    responses = wb.create_sheet(names["responses"])
    _instructions(instructions, catalog, lang, names)
    write_centre_sheet(centre, catalog, lang, lists)
    _responses(responses, catalog, lang, lists)
    wb.move_sheet(lists.sheet, offset=len(wb.sheetnames) - 1 - wb.sheetnames.index(lists.sheet.title))
    wb.active = wb.sheetnames.index(centre.title)
    fix_properties(wb, catalog)
    save(wb, output)


def fix_properties(wb: Any, catalog: Catalog) -> None:
    import datetime

    stamp = datetime.datetime(2000, 1, 1)
    wb.properties.creator = "protocheck"
    wb.properties.title = f"{catalog.id} {catalog.version}"
    wb.properties.created = stamp
    wb.properties.modified = stamp


class Lists:
    """Ranges on the hidden lists sheet that the drop-downs refer to."""

    def __init__(self, sheet: Any):
        self.sheet = sheet
        self.ranges: dict[str, str] = {}
        self.next_col = 1

    def add(self, name: str, values: list[str]) -> str:
        from openpyxl.utils import get_column_letter

        col = get_column_letter(self.next_col)
        self.sheet.cell(row=1, column=self.next_col, value=name)
        for i, value in enumerate(values, start=2):
            self.sheet.cell(row=i, column=self.next_col, value=value)
        title = self.sheet.title.replace("'", "''")
        ref = f"'{title}'!${col}$2:${col}${len(values) + 1}"
        self.ranges[name] = ref
        self.next_col += 1
        return ref


def lists_sheet(wb: Any, title: str, lang: str) -> Lists:
    """The hidden sheet every template's drop-downs read from, in the template's language."""
    sheet = wb.create_sheet(title)
    sheet.sheet_state = "hidden"
    lists = Lists(sheet)
    choices = STATUS_CHOICES.get(lang, STATUS_CHOICES["en"])
    lists.add(
        "status", [choices[s] for s in (Status.met, Status.partial, Status.not_met, Status.not_applicable)]
    )
    lists.add("yes_no", list(YES_NO.get(lang, YES_NO["en"])))
    lists.add("audit_type", list(AUDIT_TYPE_CHOICES.get(lang, AUDIT_TYPE_CHOICES["en"])))
    lists.add("country", list(COUNTRIES.get(lang, COUNTRIES["en"])))
    # for requirements that apply to every centre: the drop-down does not offer a word the reader refuses
    lists.add("status_no_na", [choices[s] for s in (Status.met, Status.partial, Status.not_met)])
    return lists


def dropdown(ref: str, lang: str, prompt: str, strict: bool = True) -> Any:
    """A list validation that shows its arrow, prompts, and (when ``strict``) refuses other values."""
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(type="list", formula1=ref, allow_blank=True, showDropDown=False)
    dv.showInputMessage = True
    dv.promptTitle = tr("Choose from the list", lang)[:32]
    dv.prompt = prompt[:255]
    dv.showErrorMessage = True
    dv.errorStyle = "stop" if strict else "information"
    dv.errorTitle = tr("Value not in the list", lang)[:32]
    dv.error = tr("Choose one of the values in the drop-down list.", lang)[:255]
    return dv


def styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Font, PatternFill, Protection

    return {
        "header_font": Font(bold=True),
        "header_fill": PatternFill("solid", fgColor="DDE5F0"),
        "input_fill": PatternFill("solid", fgColor="FFF8DC"),
        "wrap": Alignment(wrap_text=True, vertical="top"),
        "unlocked": Protection(locked=False),
    }


def _instructions(sheet: Any, catalog: Catalog, lang: str, names: dict[str, str]) -> None:
    from openpyxl.styles import Alignment, Font

    choices = STATUS_CHOICES.get(lang, STATUS_CHOICES["en"])
    sheet.column_dimensions["A"].width = INSTRUCTIONS_WIDTH
    title = f"{catalog.title.get(lang)} ({catalog.id} {catalog.version})"
    sheet.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
    row = 2
    if catalog.notice:
        cell = sheet.cell(row=row, column=1, value=catalog.notice.get(lang))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.font = Font(italic=True)
        set_height(sheet, row, text_lines(catalog.notice.get(lang), INSTRUCTIONS_WIDTH))
        row += 1
    row += 1
    for msgid in INSTRUCTIONS:
        text = (
            tr(
                msgid,
                lang,
                centre=names["centre"],
                responses=names["responses"],
                status=tr("Status", lang),
                evidence=tr("Evidence", lang),
                comment=tr("Comment", lang),
                met=choices[Status.met],
                partial=choices[Status.partial],
                not_met=choices[Status.not_met],
                na=choices[Status.not_applicable],
            )
            if msgid
            else ""
        )
        cell = sheet.cell(row=row, column=1, value=text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        set_height(sheet, row, text_lines(text, INSTRUCTIONS_WIDTH))
        if row == 4:
            cell.font = Font(bold=True)
        row += 1
    fit_to_width(sheet, landscape=False)
    sheet.protection.sheet = True


def write_centre_sheet(sheet: Any, catalog: Catalog, lang: str, lists: Lists) -> None:
    """Label | answer | hidden machine key; the key lets the reader find rows whatever the language."""
    st = styles()
    sheet.column_dimensions["A"].width = CENTRE_LABEL_WIDTH
    sheet.column_dimensions["B"].width = 40
    sheet.column_dimensions["C"].hidden = True
    for col, text in enumerate((tr("Item", lang), tr("Answer", lang), "key"), start=1):
        cell = sheet.cell(row=1, column=col, value=text)
        cell.font, cell.fill = st["header_font"], st["header_fill"]
    rows: list[tuple[str, str, str | None]] = [(key, tr(label, lang), None) for key, label in META_ROWS]
    if catalog.kind == "assessment":  # a record review asks its conditions per record, on the records sheet
        rows += [(f"condition:{c.id}", c.question.get(lang), "yes_no") for c in catalog.conditions]
    list_for = {"audit_type": "audit_type", "country": "country"}
    validations: dict[str, Any] = {}
    for index, (key, label, list_name) in enumerate(rows, start=2):
        sheet.cell(row=index, column=1, value=label).alignment = st["wrap"]
        set_height(sheet, index, text_lines(label, CENTRE_LABEL_WIDTH))
        sheet.cell(row=index, column=3, value=key)
        value_cell = sheet.cell(row=index, column=2)
        value_cell.alignment = st["wrap"]
        if key == "standard":
            value_cell.value = catalog.id
            continue
        if key == "standard_version":
            value_cell.value = catalog.version
            continue
        value_cell.protection = st["unlocked"]
        value_cell.fill = st["input_fill"]
        name = list_name or list_for.get(key)
        if key == "audit_date":
            from openpyxl.worksheet.datavalidation import DataValidation

            dv = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True)
            dv.showErrorMessage = True
            dv.errorTitle = tr("Not a date", lang)[:32]
            dv.error = tr("Write the date as YYYY-MM-DD, e.g. 2026-03-15.", lang)
            dv.showInputMessage = True
            dv.prompt = tr("Write the date as YYYY-MM-DD, e.g. 2026-03-15.", lang)
            dv.add(value_cell.coordinate)
            sheet.add_data_validation(dv)
            value_cell.number_format = "yyyy-mm-dd"
        elif name:
            if name not in validations:
                validations[name] = dropdown(
                    lists.ranges[name],
                    lang,
                    tr("Choose a value from the list.", lang),
                    strict=(name != "country"),
                )
                sheet.add_data_validation(validations[name])
            validations[name].add(value_cell.coordinate)
    sheet.freeze_panes = "A2"
    fit_to_width(sheet, landscape=False)
    sheet.protection.sheet = True


def _responses(sheet: Any, catalog: Catalog, lang: str, lists: Lists) -> None:
    st = styles()
    headers = [
        ("ID", 10),
        (tr("Section", lang), 22),
        (tr("Requirement", lang), 60),
        (tr("Severity", lang), 12),
        (tr("What to look for", lang), 45),
        (tr("Status", lang), 16),
        (tr("Evidence", lang), 40),
        (tr("Comment", lang), 40),
    ]
    from openpyxl.utils import get_column_letter

    for col, (text, width) in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=col, value=text)
        cell.font, cell.fill, cell.alignment = st["header_font"], st["header_fill"], st["wrap"]
        sheet.column_dimensions[get_column_letter(col)].width = width
    row = 2
    for section, crit in catalog.criteria():
        hint = "\n".join(f"• {e.text.get(lang)}" for e in crit.evidence)
        severity = tr(crit.severity.value, lang)
        if crit.applies_if:
            severity += "\n(" + tr("only if", lang) + ": " + ", ".join(crit.applies_if) + ")"
        values = [crit.id, f"{section.id} {section.title.get(lang)}", crit.text.get(lang), severity, hint]
        for col, value in enumerate(values, start=1):
            sheet.cell(row=row, column=col, value=value).alignment = st["wrap"]
        set_height(sheet, row, max(text_lines(v, w) for v, (_, w) in zip(values, headers, strict=False)))
        for col in (6, 7, 8):
            cell = sheet.cell(row=row, column=col)
            cell.protection = st["unlocked"]
            cell.alignment = st["wrap"]
            cell.fill = st["input_fill"]
        row += 1
    last = row - 1
    prompt = tr("met, partial, not met, or n/a where allowed", lang)
    validations = {name: dropdown(lists.ranges[name], lang, prompt) for name in ("status", "status_no_na")}
    for index, (_, crit) in enumerate(catalog.criteria(), start=2):
        # N/A is offered only where the reader accepts it: allowed, or the requirement depends on a service
        validations["status" if crit.na_allowed or crit.applies_if else "status_no_na"].add(f"F{index}")
    for dv in validations.values():
        if dv.sqref:
            sheet.add_data_validation(dv)
    sheet.freeze_panes = "B2"
    fit_to_width(sheet, landscape=True, title_rows="1:1")
    sheet.auto_filter.ref = f"A1:H{max(last, 1)}"
    sheet.protection.sheet = True
    sheet.protection.autoFilter = False
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
