"""Extraction: articles in, tables out.

`extract_tables` is the engine every front end calls (the CLI, the tests, a future parallel
engine): it takes any iterable of articles and returns DataFrames. `run_extract` adds the file
side: reading inputs, writing the tables atomically and a ``run.json`` that records the model,
the rules and the counts.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from spacy.language import Language

from pipeline.articles import Article, InputError, Rejected, check_inputs, read_articles
from pipeline.html_text import CleanText, clean_html
from pipeline.nlp import DEFAULT_MODEL, describe, load_pipeline
from pipeline.output import read_table, write_json, write_table
from pipeline.review import REVIEWED_TABLES, carry_over_reviews, write_review_workbook
from pipeline.rules import load_suppressed
from pipeline.tables import (
    article_row, doc_rows, empty_tables, merge_rows, rejected_row, to_frames,
)

log = logging.getLogger("organigramme")

# spaCy refuses texts over nlp.max_length (1,000,000 characters); long pages are cut at
# paragraph breaks into pieces well under it, and offsets are shifted back.
MAX_PIECE_CHARS = 100_000


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
class ExtractResult:
    tables: dict[str, pd.DataFrame]
    processed: int = 0
    rejected: int = 0
    seconds: float = 0.0
    skipped_files: list[str] = field(default_factory=list)


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


def _pieces(records: Iterable[Article | Rejected], rows: dict, on_reject: Callable
            ) -> Iterator[tuple[str, Piece]]:
    for record in records:
        if isinstance(record, Rejected):
            rows["rejected"].append(rejected_row(record))
            on_reject(record)
            continue
        clean = clean_html(record.text)
        if clean.starts is not None:
            record.notes.append("HTML tags and entities removed before extraction")
        parts = split_text(clean.text)
        for number, (offset, piece) in enumerate(parts):
            yield piece, Piece(record, offset, number == len(parts) - 1, clean)


def extract_tables(records: Iterable[Article | Rejected], nlp: Language, batch_size: int = 16,
                   n_process: int = 1, on_article: Callable[[Article], None] | None = None,
                   on_reject: Callable[[Rejected], None] | None = None) -> ExtractResult:
    """Run the pipeline over articles and return every table as a DataFrame."""
    started = time.perf_counter()
    rows = empty_tables()
    result = ExtractResult(tables={})
    on_reject = on_reject or (lambda r: log.warning("rejected %s%s: %s", r.source,
                                                    f":{r.line}" if r.line else "", r.reason))
    stream = _pieces(records, rows, on_reject)
    with nlp.memory_zone():
        for doc, piece in nlp.pipe(stream, as_tuples=True, batch_size=batch_size,
                                   n_process=n_process):
            merge_rows(rows, doc_rows(doc, piece.article.id, to_source=piece.to_source).items())
            if piece.last:
                rows["articles"].append(article_row(piece.article))
                result.processed += 1
                if on_article:
                    on_article(piece.article)
    for rejected in rows["rejected"]:
        rows["articles"].append({"article_id": rejected["article_id"],
                                 "source": rejected["source"], "status": "rejected",
                                 "error": rejected["reason"]})
    result.rejected = len(rows["rejected"])
    result.tables = to_frames(rows)
    result.seconds = time.perf_counter() - started
    return result


def write_tables(tables: dict[str, pd.DataFrame], out_dir: Path, xlsx: bool = False) -> None:
    """Write every table, keeping the verdicts, fixes and additions reviewers made in the
    tables already there."""
    for name, frame in tables.items():
        path = Path(out_dir) / f"{name}.csv"
        if name in REVIEWED_TABLES and path.exists():
            frame = carry_over_reviews(name, frame, read_table(path))
            tables[name] = frame
        write_table(frame, path)
    if xlsx:
        write_review_workbook({name: tables[name] for name in REVIEWED_TABLES},
                              Path(out_dir) / "review.xlsx")


def write_texts(texts: dict[str, str], path: Path) -> None:
    """The articles' texts, for the HTML report (``organigramme report``)."""
    import gzip
    import json

    from pipeline.output import atomic_write_bytes

    lines = "".join(json.dumps({"article_id": k, "text": v}, ensure_ascii=False) + "\n"
                    for k, v in texts.items())
    atomic_write_bytes(path, gzip.compress(lines.encode("utf-8"), mtime=0))


def drop_suppressed(tables: dict[str, pd.DataFrame], suppressed: set[str]) -> None:
    """Facts reviewers marked wrong (learned into the rules folder) are not produced again."""
    if not suppressed:
        return
    for name in ("roles", "reporting", "successions"):
        frame = tables[name]
        tables[name] = frame[~frame["fact_id"].isin(suppressed)].reset_index(drop=True)


def prepare_output(out_dir: str | Path) -> Path:
    """Create the output folder and make sure it can be written, before any work."""
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        raise InputError(f"{out}: output folder not writable ({error.strerror or error})") from None
    return out


def run_extract(inputs: list[str], out_dir: str | Path = "outputs", model: str = DEFAULT_MODEL,
                models_dir: str | Path | None = None, batch_size: int = 16, n_process: int = 1,
                text_column: str = "text", id_column: str = "id",
                nlp: Language | None = None, on_article=None, xlsx: bool = False
                ) -> ExtractResult:
    """Extract every article of the inputs into CSV tables and ``run.json`` under `out_dir`."""
    check_inputs(inputs)
    out = prepare_output(out_dir)
    nlp = nlp or load_pipeline(model, models_dir)
    skipped: list[str] = []
    records = read_articles(inputs, text_column, id_column, skipped)
    texts: dict[str, str] = {}

    def remember(article: Article) -> None:
        texts[article.id] = article.text  # for the report
        if on_article:
            on_article(article)

    result = extract_tables(records, nlp, batch_size, n_process, remember)
    result.skipped_files = skipped
    drop_suppressed(result.tables, load_suppressed(models_dir))
    write_tables(result.tables, out, xlsx)
    write_texts(texts, out / "texts.jsonl.gz")
    write_json({
        **describe(nlp),
        "inputs": [str(i) for i in inputs],
        "articles": result.processed,
        "rejected": result.rejected,
        "skipped_files": skipped,
        "rows": {name: int(len(frame)) for name, frame in result.tables.items()},
        "seconds": round(result.seconds, 3),
    }, out / "run.json")
    return result
