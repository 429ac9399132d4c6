"""The scoring formula on hand-computed cases (pure functions, no files)."""

from __future__ import annotations

from typing import Any

import pytest

from protocheck.models import Catalog
from protocheck.scoring import Answer, score
from protocheck.vocab import Status

M, P, N, NA, NS = Status.met, Status.partial, Status.not_met, Status.not_applicable, Status.not_assessed


def catalog(*criteria: tuple[str, str, dict[str, Any]], **extra: Any) -> Catalog:
    """Criteria as (id, severity, extra keys); sections are the id's prefix."""
    sections: dict[str, list[dict[str, Any]]] = {}
    for cid, severity, more in criteria:
        sections.setdefault(cid.split(".")[0], []).append(
            {"id": cid, "text": {"en": cid}, "severity": severity, **more}
        )
    return Catalog.model_validate(
        {
            "id": "t",
            "version": "1",
            "title": {"en": "T"},
            "sections": [{"id": s, "title": {"en": s}, "criteria": c} for s, c in sections.items()],
            **extra,
        }
    )


def answers(**statuses: Status) -> dict[str, Answer]:
    return {k.replace("_", "."): Answer(v) for k, v in statuses.items()}


def test_weighted_score_by_hand() -> None:
    # weights 3, 2, 1: earned 3×1 + 2×0.5 + 1×0 = 4 of 6 → 66.67 %
    cat = catalog(("A.1", "critical", {}), ("A.2", "major", {}), ("A.3", "minor", {}))
    result = score(cat, answers(A_1=M, A_2=P, A_3=N), {})
    assert (result.score.earned, result.score.possible, result.score.percent) == (4.0, 6.0, 66.67)
    assert result.score.coverage == 100.0
    # no critical criterion fails, 66.67 ≥ 60 but < 80 → conditional
    assert result.outcome == "conditional"
    assert [r.code for r in result.reasons] == ["score_below_compliant"]


def test_weight_overrides_severity() -> None:
    # A.1 is minor but weighs 4; A.2 critical weighs 3: earned 4×1 + 3×0 = 4 of 7 → 57.14 %
    cat = catalog(("A.1", "minor", {"weight": 4}), ("A.2", "critical", {}))
    result = score(cat, answers(A_1=M, A_2=N), {})
    assert (result.score.earned, result.score.possible, result.score.percent) == (4.0, 7.0, 57.14)
    assert result.criteria[0].weight == 4.0
    assert result.outcome == "non_compliant"
    assert result.reasons[0].code == "critical_not_met" and result.reasons[0].criteria == ["A.2"]


def test_catalog_weights_and_thresholds_can_be_set() -> None:
    cat = catalog(
        ("A.1", "critical", {}),
        ("A.2", "minor", {}),
        scoring={"weights": {"critical": 10, "minor": 1}, "thresholds": {"compliant": 95, "conditional": 50}},
    )
    result = score(cat, answers(A_1=M, A_2=N), {})
    assert result.score.percent == 90.91  # 10 of 11
    # compliant by the default 80, but this catalog asks 95
    assert result.outcome == "conditional"
    assert [r.code for r in result.reasons] == ["score_below_compliant"]
    assert score(cat, answers(A_1=M, A_2=N), {}, thresholds=(90, 50)).outcome == "compliant"


def test_compliant_needs_full_coverage_critical_met_and_threshold() -> None:
    cat = catalog(
        ("A.1", "critical", {}),
        ("A.2", "minor", {}),
        ("A.3", "minor", {}),
        ("A.4", "minor", {}),
        ("A.5", "minor", {}),
        ("A.6", "minor", {}),
    )
    # 3 + 1 + 1 + 1 + 1 + 0 = 7 of 8 = 87.5 %, everything assessed, critical met → compliant
    result = score(cat, answers(A_1=M, A_2=M, A_3=M, A_4=M, A_5=M, A_6=N), {})
    assert result.score.percent == 87.5
    assert result.outcome == "compliant"
    assert result.reasons == []
    # the same with one minor not assessed: 87.5 % still, but coverage 5/6 → conditional
    result = score(cat, answers(A_1=M, A_2=M, A_3=M, A_4=M, A_5=M, A_6=NS), {})
    assert result.score.coverage == 83.33
    assert result.outcome == "conditional"
    assert [r.code for r in result.reasons] == ["coverage_incomplete"]


def test_critical_partial_is_conditional_not_compliant() -> None:
    # critical partial: 3×0.5 + 2 + 2 + 2 = 7.5 of 9 = 83.33 %; ≥ 80 but a critical is only partial
    cat = catalog(("A.1", "critical", {}), ("A.2", "major", {}), ("A.3", "major", {}), ("A.4", "major", {}))
    result = score(cat, answers(A_1=P, A_2=M, A_3=M, A_4=M), {})
    assert result.score.percent == 83.33
    assert result.outcome == "conditional"
    assert result.reasons[0].code == "critical_partial"


def test_critical_not_assessed_is_non_compliant_even_with_high_score() -> None:
    cat = catalog(("A.1", "critical", {}), *[(f"A.{i}", "major", {}) for i in range(2, 20)])
    statuses = {f"A_{i}": M for i in range(2, 20)}
    result = score(cat, answers(A_1=NS, **statuses), {})
    assert result.score.percent == 92.31  # 36 of 39
    assert result.outcome == "non_compliant"
    assert result.reasons[0].code == "critical_not_assessed"


def test_all_not_applicable_is_null_never_zero_or_hundred() -> None:
    cat = catalog(
        ("A.1", "major", {"na_allowed": True}),
        ("A.2", "minor", {"applies_if": ["shelter"]}),
        conditions=[{"id": "shelter", "question": {"en": "Shelter?"}}],
    )
    result = score(cat, answers(A_1=NA, A_2=M), {"shelter": False})
    assert result.score.percent is None
    assert result.score.coverage is None
    assert (result.score.earned, result.score.possible) == (0.0, 0.0)
    assert result.outcome == "not_applicable"
    assert result.sections[0].percent is None
    assert result.gaps == []


def test_all_not_assessed_scores_zero_with_zero_coverage() -> None:
    cat = catalog(("A.1", "critical", {}), ("A.2", "minor", {}))
    result = score(cat, {}, {})
    assert (result.score.percent, result.score.coverage, result.score.possible) == (0.0, 0.0, 4.0)
    assert result.outcome == "non_compliant"
    assert [g.id for g in result.gaps] == ["A.1", "A.2"]


def test_not_applicable_leaves_the_denominator() -> None:
    # A.2 (major) marked N/A: 3×1 + 1×0 = 3 of 4 = 75 %
    cat = catalog(("A.1", "critical", {}), ("A.2", "major", {"na_allowed": True}), ("A.3", "minor", {}))
    result = score(cat, answers(A_1=M, A_2=NA, A_3=N), {})
    assert (result.score.earned, result.score.possible, result.score.percent) == (3.0, 4.0, 75.0)
    na = result.criteria[1]
    assert na.status is NA and na.credit is None and na.na_reason == "marked"


def test_condition_makes_criterion_not_applicable_with_reason() -> None:
    cat = catalog(
        ("A.1", "major", {}),
        ("S.1", "minor", {"applies_if": ["shelter"]}),
        conditions=[{"id": "shelter", "question": {"en": "Shelter?"}}],
    )
    off = score(cat, answers(A_1=M, S_1=N), {"shelter": False})
    s1 = off.criteria[1]
    assert (s1.status, s1.na_reason, s1.unmet_conditions) == (NA, "condition", ["shelter"])
    assert off.score.percent == 100.0
    on = score(cat, answers(A_1=M, S_1=N), {"shelter": True})
    assert on.score.percent == 66.67
    unanswered = score(cat, answers(A_1=M, S_1=N), {"shelter": None})
    assert unanswered.criteria[1].status is NA


def test_section_scores_by_hand() -> None:
    cat = catalog(("A.1", "critical", {}), ("A.2", "minor", {}), ("B.1", "major", {}), ("B.2", "major", {}))
    result = score(cat, answers(A_1=M, A_2=N, B_1=P, B_2=NS), {})
    a, b = result.sections
    assert (a.earned, a.possible, a.percent, a.coverage) == (3.0, 4.0, 75.0, 100.0)
    assert (b.earned, b.possible, b.percent, b.coverage) == (1.0, 4.0, 25.0, 50.0)
    assert (result.score.earned, result.score.possible, result.score.percent) == (4.0, 8.0, 50.0)


def test_gaps_order_severity_then_credit_then_catalog_order() -> None:
    cat = catalog(
        ("A.1", "minor", {}),
        ("A.2", "critical", {}),
        ("A.3", "major", {}),
        ("A.4", "critical", {}),
        ("A.5", "major", {}),
        ("A.6", "major", {}),
    )
    result = score(cat, answers(A_1=N, A_2=P, A_3=P, A_4=N, A_5=N, A_6=M), {})
    assert [g.id for g in result.gaps] == ["A.4", "A.2", "A.5", "A.3", "A.1"]


def test_percentages_round_half_up_from_exact_fractions() -> None:
    # 1 of 3 equal weights = 33.333… → 33.33; 2 of 3 → 66.67; 1 of 8 = 12.5 exactly
    cat = catalog(("A.1", "minor", {}), ("A.2", "minor", {}), ("A.3", "minor", {}))
    assert score(cat, answers(A_1=M, A_2=N, A_3=N), {}).score.percent == 33.33
    assert score(cat, answers(A_1=M, A_2=M, A_3=N), {}).score.percent == 66.67
    cat8 = catalog(("A.1", "minor", {"weight": 1}), ("A.2", "minor", {"weight": 7}))
    assert score(cat8, answers(A_1=M, A_2=N), {}).score.percent == 12.5
    # 0.125 % steps: weight 1 of 800 → 0.125 → half up → 0.13
    cat800 = catalog(("A.1", "minor", {"weight": 1}), ("A.2", "minor", {"weight": 799}))
    assert score(cat800, answers(A_1=M, A_2=N), {}).score.percent == 0.13


@pytest.mark.parametrize(
    ("statuses", "percent", "outcome"),
    [
        ({"A_1": M, "A_2": M}, 100.0, "compliant"),
        ({"A_1": P, "A_2": M}, 70.0, "conditional"),  # 1.5 + 2 = 3.5 of 5
        ({"A_1": M, "A_2": N}, 60.0, "conditional"),  # exactly the conditional threshold, critical met
        ({"A_1": M, "A_2": P}, 80.0, "compliant"),  # exactly the compliant threshold, all assessed
        ({"A_1": P, "A_2": N}, 30.0, "non_compliant"),  # below 60
        ({"A_1": N, "A_2": M}, 40.0, "non_compliant"),  # critical not met
    ],
)
def test_outcome_table(statuses: dict[str, Status], percent: float, outcome: str) -> None:
    cat = catalog(("A.1", "critical", {}), ("A.2", "major", {}))
    result = score(cat, answers(**statuses), {})
    assert (result.score.percent, result.outcome) == (percent, outcome)
