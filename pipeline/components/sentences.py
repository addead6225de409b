"""Sentence boundaries from punctuation and paragraph breaks.

The pipeline leaves the model's parser out (see pipeline/nlp.py), so this component sets
every boundary. A blank line always ends a sentence ("… Microsoft France.\n\nSollicité …"),
so a relation never reaches into the next paragraph.
"""

from __future__ import annotations

import numpy
from spacy.attrs import IS_PUNCT, IS_SPACE, ORTH, SENT_START
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc


@Language.factory("organigramme_sentences", assigns=["token.is_sent_start"],
                  requires=["doc._.lexicon"])
def make_article_sentences(nlp: Language, name: str) -> "ParagraphSentences":
    return ParagraphSentences(name)


class ParagraphSentences:
    def __init__(self, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        mark_paragraph_starts(doc)
        return doc

    def to_disk(self, path, exclude=tuple()):
        pass

    def from_disk(self, path, exclude=tuple()):
        return self


SENTENCE_END = {".", "!", "?", "…", "...", "!»", "?»"}
CLOSERS = {"»", '"', "”", ")", "’"}
SENTENCE_END_IDS = numpy.array([get_string_id(text) for text in SENTENCE_END], dtype="uint64")
CLOSER_IDS = numpy.array([get_string_id(text) for text in CLOSERS], dtype="uint64")


def mark_paragraph_starts(doc: Doc) -> None:
    """Sentence starts from punctuation and line breaks; every other token continues one.

    The French parser's own boundaries split lists and brackets mid-sentence ("quatre pôles
    | solution (Business workplace, Business | applications, …"); here, after each
    sentence end or line break, the first token that is not a space, a closing quote or
    bracket, or more end punctuation starts a sentence.
    """
    length = len(doc)
    if not length:
        return
    # Array lookups, then a loop over the few sentence ends only.
    orth, space, punct = doc.to_array([ORTH, IS_SPACE, IS_PUNCT]).T
    space = space.astype(bool)
    end_mark = numpy.isin(orth, SENTENCE_END_IDS)
    skipped = space | numpy.isin(orth, CLOSER_IDS) | (end_mark & punct.astype(bool))
    ends = [i for i in numpy.flatnonzero(end_mark).tolist() if not _is_abbreviation(doc, i)]
    ends += [i for i in numpy.flatnonzero(space).tolist() if "\n" in doc[i].text]
    starts = numpy.full((length, 1), -1, dtype="int64")
    starts[0, 0] = 1
    for i in ends:
        following = i + 1
        while following < length and skipped[following]:
            following += 1
        if following < length:
            starts[following, 0] = 1
    doc.from_array([SENT_START], starts.view("uint64"))  # -1 (not a start) as spaCy stores it


def _is_abbreviation(doc: Doc, i: int) -> bool:
    """"M. Dupont", "C. de Margerie": a period after a title or an initial ends nothing."""
    if i == 0:
        return False
    before = doc[i - 1]
    return (before.lower_ + "." in doc._.lexicon.abbreviations
            or (len(before.text) == 1 and before.is_upper))
