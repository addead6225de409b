"""Entity resolution: people, organisations, job titles and named units as span groups.

Inputs are the statistical NER (``doc.ents``) and the rule matches of the ``entity_rules``
SpanRuler (``doc.spans["rules"]``: TITLE heads, UNIT_KIND words, fixed UNIT names, learned
PERSON/ORG entries and NOT_* deny entries). Output groups: ``PERSON`` (``kb_id_`` = the person's
longest name), ``ORG``, ``TITLE`` (extended to the whole title) and ``UNIT`` (the unit's name,
``kb_id_`` = its kind word). The algorithm of each is in its own module: `titles`,
`unit_names`, `people`, `organisations`; this component runs them in the order they need
one another (titles and units first: a name inside a title is no person; organisations last:
a person's name is no organisation) and cuts each title before the names it swallowed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.components.organisations import find_organizations
from pipeline.components.people import find_people, split_names_after_companies
from pipeline.components.titles import cut_title, find_titles
from pipeline.components.unit_names import find_units
from pipeline.extensions import register_extensions
from pipeline.grammar.facts import clear_facts


@Language.factory(
    "organigramme_entities",
    assigns=["doc.spans"],
    requires=["doc.ents", "token.pos", "doc._.lexicon"],
    default_config={"rules_key": "rules"},
)
def make_entity_resolver(nlp: Language, name: str, rules_key: str) -> "EntityResolver":
    register_extensions()
    # The lemmatizer's tables are read at the first doc: a pipeline loaded from disk only
    # has them once its components are built.
    return EntityResolver(name, rules_key, lambda: common_words(nlp))


def common_words(nlp: Language) -> frozenset[str]:
    """French common nouns and adjectives the model's lemmatizer knows ("marketing",
    "république"): a capitalised one alone is a title's complement, not an employer."""
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return frozenset()
    index = lookups.get_table("lemma_index")
    return frozenset(w for pos in ("noun", "adj") if pos in index for w in index[pos])


class EntityResolver:
    """Turns NER and rule matches into the PERSON / ORG / TITLE / UNIT span groups."""

    def __init__(self, name: str, rules_key: str = "rules",
                 common: Callable[[], frozenset[str]] = frozenset):
        self.name = name
        self.rules_key = rules_key
        self._read_common = common
        self._common: frozenset[str] | None = None

    @property
    def common(self) -> frozenset[str]:
        if self._common is None:
            self._common = self._read_common()
        return self._common

    def __call__(self, doc: Doc) -> Doc:
        rules = list(doc.spans.get(self.rules_key, []))
        try:
            resolve_entities(doc, rules, self.common)
        finally:
            clear_facts()
        return doc

    def to_disk(self, path, exclude=tuple()):
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "cfg.json", {"rules_key": self.rules_key})

    def from_disk(self, path, exclude=tuple()):
        self.rules_key = srsly.read_json(Path(path) / "cfg.json")["rules_key"]
        return self


def cut_before_people(doc: Doc, units: list[Span], people: list[Span]) -> list[Span]:
    """"la division Networking and Security David Goeckeler": a unit's name, read as
    capitalised words, ends where a person's name begins."""
    starts = sorted(p.start for p in people)
    cut = []
    for unit in units:
        inside = next((i for i in starts if unit.start < i < unit.end), None)
        cut.append(unit if inside is None else
                   Span(doc, unit.start, inside, label=unit.label_, kb_id=unit.kb_id_))
    return cut


def resolve_entities(doc: Doc, rules: list[Span], common: frozenset[str] = frozenset()) -> None:
    split_names_after_companies(doc, rules)
    clear_facts()
    denied = {(s.label_[4:], s.start, s.end) for s in rules if s.label_.startswith("NOT_")}
    denied_texts = {(s.label_[4:], s.text.lower()) for s in rules if s.label_.startswith("NOT_")}

    def is_denied(label: str, span: Span) -> bool:
        return (label, span.start, span.end) in denied or (label, span.text.lower()) in denied_texts

    modifiers = {i for s in rules if s.label_ == "TITLE_MODIFIER" for i in range(s.start, s.end)}
    stops = {i for s in rules if s.label_ == "NOT_TITLE_MODIFIER" for i in range(s.start, s.end)}
    titles = find_titles(doc, rules, is_denied, modifiers, common, stops)
    title_tokens = {i for s in titles for i in range(s.start, s.end)}
    units = find_units(doc, rules, is_denied)
    unit_tokens = {i for s in units for i in range(s.start, s.end)}

    title_starts = {s.start for s in titles}
    people, org_candidates = find_people(doc, rules, is_denied, title_tokens, title_starts)
    units = cut_before_people(doc, units, people)
    orgs = find_organizations(doc, rules, is_denied, people, title_tokens, unit_tokens,
                              org_candidates, common)
    # A title extends up to an organisation or unit named in it: cut it there.
    boundaries = {s.start for s in orgs} | {s.start for s in units} | {s.start for s in people}
    doc.spans["PERSON"] = people
    doc.spans["ORG"] = orgs
    doc.spans["TITLE"] = [cut_title(doc, t, boundaries) for t in titles]
    doc.spans["UNIT"] = units
