"""String normalisation and fact matching, exactly as ../shared/GOLD_FORMAT.md states them.

Kept apart from `evaluate` (which reads files and prints) so that the rules of the
comparison can be tested on their own and reused by the review loop.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

# The contract's word lists (GOLD_FORMAT.md), as data beside this module.
_FORMAT = json.loads((Path(__file__).with_name("gold_format.json")).read_text(encoding="utf-8"))
DETERMINERS = set(_FORMAT["determiners"])
ELIDED_DETERMINERS = tuple(_FORMAT["elided_determiners"])
APOSTROPHES = "'’`´"
HYPHENS = "-‐‑‒–—"
# A unit's leading kind word is dropped unless it is the whole name.
UNIT_KIND_WORDS = list(_FORMAT["unit_kind_words"])
# An organisation's leading "groupe" and trailing legal form are ignored.
ORG_LEADING_WORD = _FORMAT["org_leading_word"]
ORG_LEGAL_FORMS = list(_FORMAT["org_legal_forms"])
# Feminine title words count as their masculine forms.
_FEMININE_SUFFIXES = [tuple(pair) for pair in _FORMAT["feminine_suffixes"]]


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str | None) -> list[str]:
    """Lower-case, accent-free words with determiners, apostrophes and hyphens removed.

    Hyphens separate words here (``ex-directrice`` → ``ex``, ``directrice``) so that a
    title's words can be compared one by one; `normalize` joins them back.
    """
    if not text:
        return []
    text = strip_accents(text.lower())
    for apostrophe in APOSTROPHES:
        text = text.replace(apostrophe, "'")
    for hyphen in HYPHENS:
        text = text.replace(hyphen, " ")
    out = []
    for word in re.split(r"[\s,;:()\[\]«»\"“”/.]+", text):
        for elided in ELIDED_DETERMINERS:
            if word.startswith(elided) and len(word) > len(elided):
                word = word[len(elided):]
        word = word.replace("'", "")
        if word and word not in DETERMINERS:
            out.append(word)
    return out


@lru_cache(maxsize=20_000)
def normalize(text: str | None) -> str:
    # Called for every mention of every article (grouping, fact ids): names repeat a lot.
    return " ".join(words(text))


def masculine(word: str) -> str:
    for feminine, masc in _FEMININE_SUFFIXES:
        if word.endswith(feminine) and len(word) > len(feminine) + 2:
            return word[: -len(feminine)] + masc
    return word


def normalize_person(name: str | None) -> str:
    return normalize(name)


def normalize_org(name: str | None) -> str:
    tokens = words(name)
    if len(tokens) > 1 and tokens[0] == ORG_LEADING_WORD:
        tokens = tokens[1:]
    text = " ".join(tokens)
    changed = True
    while changed and text:
        changed = False
        for form in ORG_LEGAL_FORMS:
            suffix = " " + normalize(form)
            if text.endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)]
                changed = True
    return text


def normalize_unit(name: str | None) -> str:
    text = normalize(name)
    for kind in sorted(UNIT_KIND_WORDS, key=len, reverse=True):
        if text.startswith(kind + " "):
            return text[len(kind) + 1:]
    return text


def token_f1(predicted: Sequence[str], gold: Sequence[str]) -> float:
    if not predicted or not gold:
        return 0.0
    remaining = list(gold)
    common = 0
    for word in predicted:
        if word in remaining:
            remaining.remove(word)
            common += 1
    if not common:
        return 0.0
    precision, recall = common / len(predicted), common / len(gold)
    return 2 * precision * recall / (precision + recall)


_KIND_TOKENS = {w for kind in UNIT_KIND_WORDS for w in kind.split()}


def title_words(title: str | None, org: str | None = None, unit: str | None = None) -> list[str]:
    """A title's content words: masculine forms, without kind words or words of its unit/org."""
    context = {masculine(w) for w in words(org) + words(unit)}
    return [
        w for w in (masculine(w) for w in words(title))
        if w not in context and w not in _KIND_TOKENS
    ]


def names_match(normalizer: Callable[[str | None], str], a: str | None, b: str | None) -> bool:
    na, nb = normalizer(a), normalizer(b)
    return bool(na) and na == nb


def unit_matches(predicted: dict, gold: dict) -> bool:
    keys_p = {normalize_unit(predicted.get("name")), normalize(predicted.get("acronym"))}
    keys_g = {normalize_unit(gold.get("name")), normalize(gold.get("acronym"))}
    return bool((keys_p & keys_g) - {""})


def _place_f1(a: str | None, b: str | None) -> float:
    return token_f1(words(a), words(b))


def role_matches(predicted: dict, gold: dict, strict: bool = False) -> bool:
    """`roles` matching, or `roles+` with ``strict`` (org or unit and status agree too)."""
    if normalize_person(predicted["person"]) != normalize_person(gold["person"]):
        return False
    if gold.get("title"):
        title_ok = token_f1(
            title_words(predicted.get("title"), predicted.get("org"), predicted.get("unit")),
            title_words(gold["title"], gold.get("org"), gold.get("unit")),
        ) >= 0.5
    elif gold.get("unit"):
        title_ok = _place_f1(predicted.get("unit"), gold["unit"]) >= 0.5
    else:
        title_ok = _place_f1(predicted.get("org"), gold.get("org")) >= 0.5
    if not title_ok:
        return False
    if not strict:
        return True
    place_ok = (
        _place_f1(predicted.get("org"), gold.get("org")) >= 0.5
        or _place_f1(predicted.get("unit"), gold.get("unit")) >= 0.5
        or (not gold.get("org") and not gold.get("unit")
            and not predicted.get("org") and not predicted.get("unit"))
    )
    return place_ok and predicted.get("status") == gold.get("status")


def reporting_matches(predicted: dict, gold: dict) -> bool:
    return (normalize_person(predicted["subordinate"]) == normalize_person(gold["subordinate"])
            and normalize_person(predicted["manager"]) == normalize_person(gold["manager"]))


def succession_matches(predicted: dict, gold: dict) -> bool:
    return (normalize_person(predicted["successor"]) == normalize_person(gold["successor"])
            and normalize_person(predicted["predecessor"]) == normalize_person(gold["predecessor"]))


def match_one_to_one(predicted: Sequence, gold: Sequence, same: Callable[[object, object], bool]):
    """Largest one-to-one pairing (Kuhn's augmenting paths), so that the order of rows
    never changes a score; returns (pairs, unmatched predicted, unmatched gold) as indices."""
    candidates = [[g for g, item in enumerate(gold) if same(p, item)] for p in predicted]
    owner: dict[int, int] = {}

    def assign(p_index: int, seen: set[int]) -> bool:
        for g_index in candidates[p_index]:
            if g_index in seen:
                continue
            seen.add(g_index)
            if g_index not in owner or assign(owner[g_index], seen):
                owner[g_index] = p_index
                return True
        return False

    for p_index in range(len(predicted)):
        assign(p_index, set())
    pairs = sorted((p, g) for g, p in owner.items())
    matched_p = {p for p, _ in pairs}
    extra = [p for p in range(len(predicted)) if p not in matched_p]
    missed = [g for g in range(len(gold)) if g not in owner]
    return pairs, extra, missed
