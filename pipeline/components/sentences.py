"""Paragraph breaks end sentences.

The parser sometimes runs a sentence across a blank line ("… Microsoft France.\n\nSollicité
…"), which would let a relation reach into the next paragraph. This component, placed before
the parser, marks the first token after a line break as a sentence start; the parser keeps
preset boundaries and decides the rest.
"""

from __future__ import annotations

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("organigramme_sentences", assigns=["token.is_sent_start"])
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
ABBREVIATIONS = {"m.", "mme.", "mm.", "dr.", "pr.", "st.", "ste.", "cf.", "etc.", "p.", "n°"}
CLOSERS = {"»", '"', "”", ")", "’"}


def mark_paragraph_starts(doc: Doc) -> None:
    """Sentence starts from punctuation and line breaks; every other token continues one.

    The French parser's own boundaries split lists and brackets mid-sentence ("quatre pôles
    | solution (Business workplace, Business | applications, …"), so boundaries are fixed
    here and the parser only attaches words within them.
    """
    if not len(doc):
        return
    # Set all boundaries at once: Token.is_sent_start costs a scan of the doc per call.
    starts = numpy.full((len(doc), 1), -1, dtype="int64")
    starts[0, 0] = 1
    ended = False
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text or "\n" in previous.whitespace_:
            ended = True
        elif previous.text in SENTENCE_END and not _is_abbreviation(doc, previous.i):
            ended = True
        if ended and (token.is_space or token.text in CLOSERS
                      or token.is_punct and token.text in SENTENCE_END):
            continue
        if ended:
            starts[token.i, 0] = 1
        ended = False
    doc.from_array([SENT_START], starts.view("uint64"))  # -1 (not a start) as spaCy stores it


def _is_abbreviation(doc: Doc, i: int) -> bool:
    """"M. Dupont", "C. de Margerie": a period after a title or an initial ends nothing."""
    if i == 0:
        return False
    before = doc[i - 1]
    return (before.lower_ + "." in ABBREVIATIONS or (len(before.text) == 1 and before.is_upper))
