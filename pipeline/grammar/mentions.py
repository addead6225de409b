"""Looking mentions up by position.

The relation components all ask the same questions of a doc: which person is named at this
token, which is the nearest person before it, which cue ends here. `MentionIndex` answers them
from the span groups the entity resolver wrote (``PERSON``, ``ORG``, ``TITLE``, ``UNIT``) and
the cue rules' matches (``doc.spans["cues"]``).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Doc, Span


@dataclass
class Mentions:
    """Mentions of one label, sorted, with a token → mention map."""

    spans: list[Span]

    def __post_init__(self):
        self.spans = sorted(self.spans, key=lambda s: (s.start, s.end))
        self.starts = [s.start for s in self.spans]
        self.at = {}
        for span in self.spans:
            for i in range(span.start, span.end):
                self.at[i] = span

    def starting_at(self, i: int) -> Span | None:
        span = self.at.get(i)
        return span if span is not None and span.start == i else None

    def before(self, i: int, lower: int = 0) -> list[Span]:
        """Mentions that end at or before token i and start at or after `lower`, nearest last."""
        index = bisect_left(self.starts, i)
        return [s for s in self.spans[:index] if s.end <= i and s.start >= lower]

    def within(self, start: int, end: int) -> list[Span]:
        lo, hi = bisect_left(self.starts, start), bisect_left(self.starts, end)
        return [s for s in self.spans[lo:hi] if s.end <= end]


class MentionIndex:
    """People, organisations, titles, units and relation cues of a doc, by position, and the
    doc's word lists (`lex`)."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.lex = doc._.lexicon
        self.people = Mentions(list(doc.spans.get("PERSON", [])))
        self.orgs = Mentions(list(doc.spans.get("ORG", [])))
        self.titles = Mentions(list(doc.spans.get("TITLE", [])))
        self.units = Mentions(list(doc.spans.get("UNIT", [])))
        self.cues = Mentions(_longest_relation_cues(list(doc.spans.get("cues", []))))
        self._rule_starts: dict[str, set[int]] | None = None

    def rule_starts(self, label: str) -> set[int]:
        """Where the entity rules of `label` start ("ORG_INTRO": "la station de radio …");
        doc.spans builds its Spans anew at each reading, so it is read once per index."""
        if self._rule_starts is None:
            self._rule_starts = {}
            for span in self.doc.spans.get("rules", []):
                self._rule_starts.setdefault(span.label_, set()).add(span.start)
        return self._rule_starts.get(label, set())

    @staticmethod
    def name(span: Span) -> str:
        return span.kb_id_ or span.text

    def nearest_person_before(self, i: int, lower: int) -> Span | None:
        found = self.people.before(i, lower)
        return found[-1] if found else None

    def first_person_after(self, i: int, upper: int) -> Span | None:
        found = self.people.within(i, upper)
        return found[0] if found else None


RELATION_CUES = {"REPORTS_TO", "MANAGES", "SUCCEEDS", "SUCCEEDED_BY", "HEADS", "HEADS_NEW",
                 "HEADED_BY"}
CUE_FAMILIES = {"REPORTS_TO": "reporting", "MANAGES": "reporting",
                "SUCCEEDS": "succession", "SUCCEEDED_BY": "succession",
                "HEADS": "headship", "HEADS_NEW": "headship", "HEADED_BY": "headship"}


def _longest_relation_cues(cues: list[Span]) -> list[Span]:
    """Of two cues of one relation, one inside the other, the longer says more: "remplacé
    par" (the subject is replaced) wins over "remplacé" (the subject replaces)."""
    relation = [c for c in cues if c.label_ in RELATION_CUES]
    kept = []
    for cue in cues:
        family = CUE_FAMILIES.get(cue.label_)
        if family and any(
                CUE_FAMILIES[other.label_] == family and other.start <= cue.start
                and cue.end <= other.end and len(other) > len(cue) for other in relation):
            continue
        kept.append(cue)
    return kept
