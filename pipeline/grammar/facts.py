"""What the NER and the entity rules say of a doc, read once per doc.

``Doc.ents`` and ``doc.spans[...]`` build new Span objects on every access: what the entity
helpers ask of them (entities by token, rule matches by label, places, nationalities) is
computed once per doc here and cleared when the entity resolver is done with the doc.
"""

from __future__ import annotations

import numpy
from spacy.attrs import ORTH
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

_doc_cache: dict = {}


def facts(doc: Doc) -> dict:
    if _doc_cache.get("doc") is not doc:
        _doc_cache.clear()
        ents = list(doc.ents)
        # doc.spans builds new Span objects on each pass: one pass, grouped by label
        by_label: dict[str, list[Span]] = {"NATIONALITY": [], "PLACE": [], "ORG_HEAD": [],
                                           "ORG": [], "TITLE": [], "UNIT_KIND": []}
        for span in doc.spans.get("rules", []):
            if span.label_ in by_label:
                by_label[span.label_].append(span)
        _doc_cache.update(
            doc=doc, ents=ents, ent_at={i: e for e in ents for i in range(e.start, e.end)},
            ent_starts={e.start for e in ents},
            countries={s.id_ for s in by_label["NATIONALITY"]},
            nationality_starts={s.start for s in by_label["NATIONALITY"]},
            places={s.text.lower() for s in by_label["PLACE"]},
            place_ends={s.start: s.end for s in by_label["PLACE"]},
            org_heads={s.start for s in by_label["ORG_HEAD"]},
            title_word_ends={s.start: s.end for s in by_label["TITLE"]},  # by start
            unit_kind_starts={s.start for s in by_label["UNIT_KIND"]},
            # "le tribunal administratif de Paris": a name the rules know, begun in lower case
            lower_case_names={(s.start, s.end) for s in by_label["ORG"] if s[0].is_lower},
            lower_case_name_starts={s.start for s in by_label["ORG"] if s[0].is_lower})
    return _doc_cache


def clear_facts() -> None:
    _doc_cache.clear()


def tokens_with_text(doc: Doc, texts: set[str], attr: int = ORTH) -> list[int]:
    """Indices of the tokens whose text (or `attr`, such as LOWER) is one of `texts`: one
    vectorised lookup, where a loop over the doc's tokens costs a Token object each."""
    if not texts or not len(doc):
        return []
    wanted = numpy.fromiter((get_string_id(t) for t in texts), dtype="uint64", count=len(texts))
    return numpy.flatnonzero(numpy.isin(doc.to_array(attr), wanted)).tolist()


def drop_overlaps(spans: list[Span]) -> list[Span]:
    """Keep the longest of overlapping spans (earliest on ties), in text order."""
    chosen: list[Span] = []
    taken: set[int] = set()
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        tokens = set(range(span.start, span.end))
        if tokens & taken:
            continue
        taken |= tokens
        chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)
