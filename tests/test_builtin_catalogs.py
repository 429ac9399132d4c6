"""The built-in catalogs are held to more than the schema: both languages, sources, coverage of what they promise."""

from __future__ import annotations

from pathlib import Path

import pytest

from protocheck.catalog import builtin_paths, load_catalog
from protocheck.models import Catalog, Text

BUILTIN = {p.stem: p for p in builtin_paths()}


def texts_of(catalog: Catalog) -> list[tuple[str, Text | None]]:
    found: list[tuple[str, Text | None]] = [("title", catalog.title), ("notice", catalog.notice)]
    found += [(f"condition {c.id}", c.question) for c in catalog.conditions]
    found += [(f"field {f.id}", f.label) for f in catalog.fields]
    found += [(f"rule {r.id}", r.message) for r in catalog.rules]
    for section in catalog.sections:
        found.append((f"section {section.id}", section.title))
        for c in section.criteria:
            found += [
                (f"{c.id} text", c.text),
                (f"{c.id} guidance", c.guidance),
                (f"{c.id} rationale", c.rationale),
            ]
            found += [(f"{c.id} evidence", e.text) for e in c.evidence]
    return found


def test_the_three_builtin_catalogs_exist_and_file_names_are_ids() -> None:
    assert set(BUILTIN) == {"crisis-centre-minimum", "istanbul-protocol", "case-file-review"}
    for stem, path in BUILTIN.items():
        assert load_catalog(path).catalog.id == stem


@pytest.mark.parametrize("name", sorted(BUILTIN))
def test_every_text_in_english_and_russian_with_sources(name: str) -> None:
    catalog = load_catalog(BUILTIN[name]).catalog
    assert catalog.status == "compiled" and catalog.notice is not None
    for where, text in texts_of(catalog):
        assert text is not None, f"{name}: {where} missing"
        assert text.root.get("en", "").strip() and text.root.get("ru", "").strip(), f"{name}: {where}"
        assert any("а" <= ch <= "я" for ch in text.root["ru"].lower()), f"{name}: {where} ru is not Russian"
    for _, crit in catalog.criteria():
        assert crit.sources, f"{name}: {crit.id} has no source"
        for source in crit.sources:
            assert source.locator and source.status is not None, f"{name}: {crit.id} source incomplete"
        assert crit.evidence, f"{name}: {crit.id} has no evidence hint"


def test_compiled_catalog_never_claims_to_be_the_official_text() -> None:
    catalog = load_catalog("crisis-centre-minimum").catalog
    assert catalog.notice is not None
    assert "NOT the official text" in catalog.notice.get("en")
    assert "НЕ официальный текст" in catalog.notice.get("ru")
    assert catalog.effective == "2026-01-01"


def test_crisis_centre_catalog_size_sections_and_applicability() -> None:
    catalog = load_catalog("crisis-centre-minimum").catalog
    assert len(catalog.criteria()) >= 60
    assert [s.id for s in catalog.sections] == [
        "GOV",
        "ACC",
        "AD",
        "SAF",
        "CM",
        "PSY",
        "LEG",
        "MED",
        "SHE",
        "CHI",
        "REF",
        "STF",
        "CONF",
        "MON",
    ]
    assert {c.id for c in catalog.conditions} == {"shelter", "helpline", "children", "medical"}
    by_section = {s.id: s for s in catalog.sections}
    assert all(c.applies_if == ["shelter"] for c in by_section["SHE"].criteria)
    assert all(c.applies_if == ["children"] for c in by_section["CHI"].criteria)
    # criteria that apply to every centre refuse N/A (SAF.3, protection orders, is the one documented exception)
    assert [c.id for _, c in catalog.criteria() if not c.applies_if and c.na_allowed] == ["SAF.3"]


AD_TOPICS = [
    "gender-identity",
    "drug-use",
    "hiv-health-status",
    "disability-physical-access",
    "disability-sign-language",
    "disability-accessible-information",
    "disability-contact-without-phone",
    "sex-work",
    "migrant-status",
    "psychiatric-conditions",
    "non-discrimination-policy",
    "staff-training",
    "discrimination-complaints",
    "refusal-monitoring",
    "hiv-sti-information",
    "drug-use-confidentiality-children",
]


def test_anti_discrimination_block_covers_every_group_each_with_its_own_criterion() -> None:
    catalog = load_catalog("crisis-centre-minimum").catalog
    ad = next(s for s in catalog.sections if s.id == "AD")
    tags = [tag for c in ad.criteria for tag in c.tags]
    for topic in AD_TOPICS:
        assert tags.count(topic) == 1, topic
    assert all(len([t for t in c.tags if t in AD_TOPICS]) <= 1 for c in ad.criteria)
    admission = {"gender-identity", "drug-use", "hiv-health-status", "sex-work", "migrant-status"}
    for crit in ad.criteria:
        if admission & set(crit.tags):
            assert crit.severity.value == "critical", crit.id


def test_istanbul_protocol_has_every_principle_6b_item_and_annex_iv_section() -> None:
    catalog = load_catalog("istanbul-protocol").catalog
    assert catalog.kind == "record-review"
    tags = {t: c for _, c in catalog.criteria() for t in c.tags}
    for item in ("i", "ii", "iii", "iv", "v"):
        assert tags[f"ip-6b-{item}"].severity.value == "critical"
    assert tags["ip-6a-consent"].severity.value == "critical"
    assert tags["ip-6a-privacy"].severity.value == "critical"
    for n in range(1, 18):
        assert tags[f"annex-iv-{n}"].severity.value in ("major", "minor"), n
    for n in (2, 3, 14):
        assert tags[f"annex-iv-{n}"].applies_if == ["judicial"]
    assert tags["annex-iv-15"].applies_if == ["custody"]
    assert tags["annex-iv-1-custody"].applies_if == ["custody"]
    opinion = catalog.field("overall_opinion")
    assert opinion is not None and [v.code for v in opinion.vocabulary or []] == ["NC", "C", "HC", "T", "D"]
    assert [v.label.get("en") for v in opinion.vocabulary or []] == [
        "not consistent with",
        "consistent with",
        "highly consistent with",
        "typical of",
        "diagnostic of",
    ]
    documents = {s.document for _, c in catalog.criteria() for s in c.sources}
    assert any("2004" in d for d in documents) and any("2022" in d for d in documents)
    assert {r.id for r in catalog.rules} >= {"consent-reason", "interpreter-name", "no-findings-not-nc"}


def test_case_file_review_elements() -> None:
    catalog = load_catalog("case-file-review").catalog
    tags = {t: c for _, c in catalog.criteria() for t in c.tags}
    for tag in (
        "consent-before-intake",
        "risk-assessment",
        "action-plan-needs",
        "follow-up-each-action",
        "closure-reason",
        "service-protocol",
        *(f"step-{n}" for n in range(1, 7)),
        "steps-in-order",
    ):
        assert tag in tags, tag
    assert tags["safety-plan"].applies_if == ["ipv"]
    assert tags["referral-consent"].applies_if == ["referred"]


def test_builtin_files_are_utf8_without_tabs() -> None:
    for path in BUILTIN.values():
        text = Path(path).read_text(encoding="utf-8")
        assert "\t" not in text
