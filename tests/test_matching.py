"""The comparison rules of GOLD_FORMAT.md."""

import pytest

from pipeline.matching import (
    match_one_to_one, masculine, normalize, normalize_org, normalize_unit, role_matches,
    title_words, unit_matches,
)


def test_normalize_drops_case_accents_apostrophes_hyphens_determiners():
    assert normalize("L’Équipe de la Défense") == "equipe defense"
    assert normalize("Go-to-market") == normalize("go to market")


@pytest.mark.parametrize("a, b", [
    ("pôle Build-with", "Build-with"),
    ("division PME et partenaires", "PME et partenaires"),
    ("Direction du Marketing et des Opérations", "Marketing et Opérations"),
])
def test_unit_kind_word_is_dropped(a, b):
    assert normalize_unit(a) == normalize_unit(b)


def test_unit_kind_word_alone_is_kept():
    assert normalize_unit("directoire") == "directoire"


def test_unit_matches_by_acronym():
    assert unit_matches({"name": "Once Commercial Partner", "acronym": "OCP"},
                        {"name": "One Commercial Partner", "acronym": "OCP"})


def test_org_ignores_groupe_and_legal_form():
    assert normalize_org("groupe Canal +") == normalize_org("Canal +")
    assert normalize_org("Crédit Agricole SA") == normalize_org("Crédit Agricole")


def test_feminine_titles_count_as_masculine():
    assert masculine("directrice") == "directeur"
    assert masculine("presidente") == "president"
    assert title_words("directrice générale") == title_words("directeur général")


def test_title_words_leave_out_unit_and_kind_words():
    assert title_words("directrice du pôle Sell-with", unit="Sell-with") == ["directeur"]


def role(person, title, org=None, unit=None, status="current"):
    return {"person": person, "title": title, "org": org, "unit": unit, "status": status}


def test_role_title_overlap():
    assert role_matches(role("A B", "directeur des ventes"), role("A B", "ex-directrice des ventes"))
    assert not role_matches(role("A B", "président"), role("A B", "directeur des ventes"))


def test_role_without_title_matches_on_unit():
    gold = role("A B", "", unit="Build-with", status="new")
    assert role_matches(role("A B", "", unit="pôle Build-with"), gold)
    assert not role_matches(role("A B", "", unit="Go-to-market"), gold)


def test_roles_plus_asks_for_place_and_status():
    gold = role("A B", "directeur général", org="Infeeny")
    assert role_matches(role("A B", "directeur général", org="Infeeny"), gold, strict=True)
    assert not role_matches(role("A B", "directeur général", org="Infeeny", status="new"), gold,
                            strict=True)
    assert not role_matches(role("A B", "directeur général", org="Azeo"), gold, strict=True)


def test_one_to_one_matching_is_maximal_whatever_the_order():
    same = lambda p, g: p[0] == g[0] or p == "ab"  # "ab" could take either gold item
    pairs, extra, missed = match_one_to_one(["ab", "b"], ["a", "b"], same)
    assert len(pairs) == 2 and not extra and not missed
