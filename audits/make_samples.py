"""Regenerate the sample audits of fictional centres: ``python audits/make_samples.py``.

Each sample is made with ``protocheck template`` (the library call behind it) and filled in the way a centre
would: statuses, evidence and comments about the centre and its documents — never about a client. The centres,
people and record numbers are invented. The files are committed, so the README's commands work without this
script; it exists so that anyone can see exactly how they were made and remake them after the catalog changes.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from protocheck.catalog import load_catalog
from protocheck.template import write_template

HERE = Path(__file__).resolve().parent

# Crisis centre «Ласточка» (fictional), Osh, Kyrgyzstan: self-assessment, October 2026.
CENTRE = {
    "centre_name": "Кризисный центр «Ласточка» (вымышленный)",
    "country": "Кыргызстан",
    "audit_date": "2026-10-15",
    "audit_type": "самооценка",
    "auditor": "Директор центра (самооценка)",
    "condition:shelter": "да",
    "condition:helpline": "да",
    "condition:children": "да",
    "condition:medical": "нет",
}
NOT_MET = {
    "AD.8": (
        "Переводчика жестового языка нет; договорённости с обществом глухих нет.",
        "Планируем договор в 2027 году.",
    ),
    "AD.16": ("Журнала отказов нет.", "Отказы обсуждаются устно, не записываются."),
    "STF.2": ("Супервизия не проводится с 2025 года.", "Нет средств на внешнего супервизора."),
    "MON.3": ("Годового анализа нет.", ""),
}
PARTIAL = {
    "GOV.1": ("Протоколы есть для приёма, горячей линии и убежища; для юридической помощи — нет.", ""),
    "GOV.3": ("Протоколы утверждены в 2021 году, с тех пор не пересматривались.", ""),
    "AD.7": ("Пандус есть у входа, санузел недоступен для коляски.", "Ремонт санузла в смете на 2027 год."),
    "AD.9": ("Листовка крупным шрифтом есть; лёгкого для чтения варианта нет.", ""),
    "AD.12": ("Обучение прошли 6 из 11 сотрудниц; ночные дежурные не обучены.", ""),
    "ACC.5": ("Выезды в сёла раз в квартал, только в два района.", "Зависит от грантового транспорта."),
    "SAF.2": ("План безопасности в 14 из 20 просмотренных дел.", ""),
    "CM.7": ("Сроки повторных контактов записаны не везде.", ""),
    "SHE.6": ("План выхода из убежища составляется устно.", ""),
    "CONF.4": (
        "Отчёт донору за 2025 год содержал названия сёл при малых числах.",
        "Исправлено в отчёте за 2026 год.",
    ),
}
MET_EVIDENCE = {
    "AD.1": ("Правила приёма, п. 3; беседа с тремя сотрудницами.", ""),
    "AD.2": ("Правила приёма, п. 3; журнал приёма за 2026 год.", ""),
    "AD.3": ("Правила приёма не требуют справок о здоровье; беседа с администратором.", ""),
    "SAF.1": ("Форма оценки рисков в каждом из 20 просмотренных дел.", ""),
    "ACC.4": ("Правила приёма, п. 5: помощь не зависит от заявления в милицию.", ""),
}


def fill_centre(ws, values: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    for row in ws.iter_rows(min_row=2):
        key = row[2].value
        if key in values:
            row[1].value = values[key]


def crisis_centre_sample(path: Path) -> None:
    write_template(load_catalog("crisis-centre-minimum").catalog, path, "ru")
    wb = load_workbook(path)
    fill_centre(wb["Центр"], CENTRE)
    ws = wb["Ответы"]
    for row in ws.iter_rows(min_row=2):
        cid = row[0].value
        if not cid:
            continue
        if cid in NOT_MET:
            status, (evidence, comment) = "не выполнено", NOT_MET[cid]
        elif cid in PARTIAL:
            status, (evidence, comment) = "частично", PARTIAL[cid]
        else:
            status, (evidence, comment) = "выполнено", MET_EVIDENCE.get(cid, ("", ""))
        row[5].value, row[6].value, row[7].value = status, evidence or None, comment or None
    wb.save(path)


def record_sample(path: Path, standard: str, centre: dict[str, str], rows: list[dict[str, str]]) -> None:
    write_template(load_catalog(standard).catalog, path, "ru")
    wb = load_workbook(path)
    fill_centre(wb["Центр"], centre)
    ws = wb["Записи"]
    ids = [c.value for c in ws[2]]
    for r, values in enumerate(rows, start=3):
        for key, value in values.items():
            ws.cell(row=r, column=ids.index(key) + 1, value=value)
    wb.save(path)


def istanbul_rows() -> list[dict[str, str]]:
    elements = [c.id for _, c in load_catalog("istanbul-protocol").catalog.criteria()]
    rows = []
    for n in range(1, 11):
        custody = "да" if n in (3, 7) else "нет"
        judicial = "да" if n in (2, 3, 8) else "нет"
        statuses = {e: "выполнено" for e in elements}
        for e in ("A4.9", "A4.10", "A4.11"):
            statuses[e] = "не применимо" if n % 3 else "выполнено"
        if n in (4, 6, 9):
            statuses["P6.6"] = "частично"  # the opinion does not interpret the findings
            statuses["A4.12"] = "не выполнено"
        if n in (5, 9):
            statuses["A4.17"] = "не выполнено"
        if n == 7:
            statuses["A4.15"] = "не выполнено"
        row = {
            "Запись": f"МЗ-2026-{n:03d}",
            "custody": custody,
            "judicial": judicial,
            "consent": "да",
            "interpreter": "да" if n == 5 else "нет",
            "physical_findings": "нет" if n == 6 else "да",
            "overall_opinion": "соответствует" if n % 2 else "в высокой степени соответствует",
            **statuses,
        }
        if n == 5:
            row["interpreter_name"] = "Переводчица Б. (штатная)"
        rows.append(row)
    return rows


def case_file_rows() -> list[dict[str, str]]:
    elements = [c.id for _, c in load_catalog("case-file-review").catalog.criteria()]
    rows = []
    for n in range(1, 13):
        closed = n <= 8
        statuses = {e: "выполнено" for e in elements}
        if n in (2, 5, 11):
            statuses["PLAN.4"] = "частично"
        if n in (3, 9):
            statuses["STEP.7"] = "не выполнено"
        if n == 10:
            statuses["CON.1"] = "не выполнено"
        row = {
            "Запись": f"КД-2026-{n + 13:03d}",
            "ipv": "да" if n % 4 else "нет",
            "referred": "да" if n % 3 == 0 else "нет",
            "closed": "да" if closed else "нет",
            "service": "психологическая помощь" if n % 2 else "юридическая помощь",
            **statuses,
        }
        if closed:
            row["closure_reason"] = "цели плана достигнуты"
        rows.append(row)
    return rows


def main() -> None:
    crisis_centre_sample(HERE / "crisis-centre-sample.xlsx")
    record_sample(
        HERE / "istanbul-protocol-sample.xlsx",
        "istanbul-protocol",
        {
            **{k: v for k, v in CENTRE.items() if not k.startswith("condition:")},
            "centre_name": "Медицинский кабинет кризисного центра «Ласточка» (вымышленный)",
            "audit_type": "внешний аудит",
            "auditor": "Внешний эксперт (вымышленный)",
        },
        istanbul_rows(),
    )
    record_sample(
        HERE / "case-file-sample.xlsx",
        "case-file-review",
        {**{k: v for k, v in CENTRE.items() if not k.startswith("condition:")}},
        case_file_rows(),
    )


if __name__ == "__main__":
    main()
