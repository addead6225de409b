"""Reporting lines and successions between people (the algorithms: `reporting`,
`successions`); a successor then takes the predecessor's post in the roles."""

from __future__ import annotations

from pathlib import Path

import srsly
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.components.reporting import find_reporting
from pipeline.components.successions import (
    find_successions, inherit_posts, posts_named_by_successions, retire_successors_current_posts,
    successors_posts_are_taken, successions_after_departures,
)
from pipeline.extensions import register_extensions
from pipeline.grammar.clauses import main_organization, object_of_cue
from pipeline.grammar.mentions import MentionIndex


@Language.factory(
    "organigramme_relations",
    assigns=["doc._.reporting", "doc._.successions", "doc._.roles"],
    requires=["doc.spans", "doc._.roles", "doc._.lexicon"],
    default_config={"max_subject_gap": 30},
)
def make_relation_extractor(nlp: Language, name: str, max_subject_gap: int
                            ) -> "RelationExtractor":
    register_extensions()
    return RelationExtractor(name, max_subject_gap)


class RelationExtractor:
    def __init__(self, name: str, max_subject_gap: int = 30):
        self.name = name
        self.max_subject_gap = max_subject_gap

    def __call__(self, doc: Doc) -> Doc:
        index = MentionIndex(doc)
        doc._.reporting = find_reporting(index, self.max_subject_gap, doc._.roles or [])
        if doc._.roles is not None:
            doc._.reporting = within_organisations(doc._.reporting, doc._.roles, index)
        doc._.successions = find_successions(index, self.max_subject_gap)
        if doc._.roles is not None:
            doc._.successions += successions_after_departures(index, doc._.roles,
                                                              doc._.successions)
            successors_posts_are_taken(doc._.roles, doc._.successions)
            inherit_posts(doc._.roles, doc._.successions, index.lex.seat_words)
            posts_named_by_successions(index, doc._.roles, doc._.successions,
                                       main_organization(index))
            retire_successors_current_posts(doc._.roles, doc._.successions)
        return doc

    def to_disk(self, path, exclude=tuple()):
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "cfg.json", {"max_subject_gap": self.max_subject_gap})

    def from_disk(self, path, exclude=tuple()):
        self.max_subject_gap = srsly.read_json(Path(path) / "cfg.json")["max_subject_gap"]
        return self


def within_organisations(reporting: list[dict], roles: list[dict], index: MentionIndex
                         ) -> list[dict]:
    """A reporting line is one of an organisation chart: the article states a post or
    someone's appointment ("a recruté X chez Altair"), or the sentence names the organisation
    or unit ("Chez Borealis, X reporte à Y"). "Elle travaille sous sa direction", of an
    actress and a film director in a review that gives nobody a post, is none."""
    if roles or any(object_of_cue(index, person, {"NEW"}) for person in index.people.spans):
        return reporting
    places = [(s.start_char, s.end_char) for s in index.orgs.spans + index.units.spans]
    return [r for r in reporting
            if any(r["sent_start"] <= start and end <= r["sent_end"] for start, end in places)]
