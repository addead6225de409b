"""Paragraph breaks end sentences.

The parser sometimes runs a sentence across a blank line ("… Microsoft France.\n\nSollicité
…"), which would let a relation reach into the next paragraph. This component, placed before
the parser, marks the first token after a line break as a sentence start; the parser keeps
preset boundaries and decides the rest.
"""

from __future__ import annotations

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


def mark_paragraph_starts(doc: Doc) -> None:
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            nxt = doc[token.i + 1]
            if not nxt.is_space:
                nxt.is_sent_start = True
