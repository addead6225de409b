"""Annotation in this process: articles in, each article's finished rows out.

`iter_extracted` streams articles through the pipeline (long ones cut into pieces, HTML
cleaned, offsets mapped back to the text as given) and yields each article's rows as soon as
its last piece is done; every engine (`pipeline.engines`) runs it on its chunks.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.articles import Article, Rejected
from pipeline.components.status import YEAR_KEY
from pipeline.html_text import CleanText, clean_html
from pipeline.nlp import memory_zone
from pipeline.tables import article_row, doc_rows, finalize_article, merge_rows, rejected_row

# spaCy refuses texts over nlp.max_length (1,000,000 characters); long pages are cut at
# paragraph breaks into pieces well under it, and offsets are shifted back.
MAX_PIECE_CHARS = 100_000
# Pieces processed per spaCy memory zone (`pipeline.nlp.memory_zone`): strings interned
# while processing them are freed after, so a long run's memory stays flat.
ZONE_PIECES = 1000


def split_text(text: str, max_chars: int = MAX_PIECE_CHARS) -> list[tuple[int, str]]:
    """Cut a text into (offset, piece) at paragraph, then line, then sentence breaks."""
    if len(text) <= max_chars:
        return [(0, text)]
    pieces, start = [], 0
    while start < len(text):
        end = min(len(text), start + max_chars)
        if end < len(text):
            window = text[start:end]
            cut = max(window.rfind("\n\n"), window.rfind("\n"), window.rfind(". "))
            if cut > max_chars // 2:
                end = start + cut + 1
        pieces.append((start, text[start:end]))
        start = end
    return pieces


@dataclass
class Piece:
    """Where a doc comes from: its article, its offset in the cleaned text, whether it is the
    article's last piece, and the cleaned text (to map offsets back to the text as given)."""

    article: Article
    offset: int
    last: bool
    clean: CleanText

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        return self.clean.span_to_source(start + self.offset, end + self.offset)


@dataclass
class Extracted:
    """One input record's outcome: an article with its finished rows, or a rejection."""

    article: Article | None
    rejected: Rejected | None
    rows: dict[str, list[dict]]


def _pieces(records: Iterable[Article | Rejected]) -> Iterator[Rejected | tuple[str, Piece]]:
    for record in records:
        if isinstance(record, Rejected):
            yield record
            continue
        clean = clean_html(record.text)
        if clean.starts is not None:
            record.notes.append("HTML tags and entities removed before extraction")
        parts = split_text(clean.text, MAX_PIECE_CHARS)
        for number, (offset, piece) in enumerate(parts):
            yield piece, Piece(record, offset, number == len(parts) - 1, clean)


def rejection(record: Rejected) -> Extracted:
    row = {"article_id": record.id, "source": record.source, "status": "rejected",
           "error": record.reason}
    return Extracted(None, record, {"rejected": [rejected_row(record)], "articles": [row]})


def _dated_doc(nlp: Language, text: str, article: Article) -> Doc:
    """The tokenized text, knowing the article's year (when its date says it): a post taken
    "en 2014" in an article of 2019 is career history (components.status)."""
    doc = nlp.make_doc(text)
    if article.date and article.date[:4].isdigit():
        doc.user_data[YEAR_KEY] = int(article.date[:4])
    return doc


def iter_extracted(records: Iterable[Article | Rejected], nlp: Language,
                   batch_size: int = 16) -> Iterator[Extracted]:
    """Stream articles through the pipeline in this process; yield each one's finished rows
    as soon as its last piece is done, and each rejected record as it comes."""
    zone = ZONE_PIECES
    stream = _pieces(records)
    pending: dict[str, dict[str, list[dict]]] = {}
    while True:
        chunk = list(islice(stream, zone))
        if not chunk:
            return
        texts = []
        for item in chunk:
            if isinstance(item, Rejected):
                yield rejection(item)
            else:
                texts.append(item)
        with memory_zone(nlp):
            docs = ((_dated_doc(nlp, text, piece.article), piece) for text, piece in texts)
            for doc, piece in nlp.pipe(docs, as_tuples=True, batch_size=batch_size):
                article = piece.article
                rows = pending.setdefault(article.id, {})
                merge_rows(rows, doc_rows(doc, article.id, to_source=piece.to_source).items())
                if piece.last:
                    rows = finalize_article(pending.pop(article.id))
                    rows["articles"] = [article_row(article)]
                    yield Extracted(article, None, rows)
