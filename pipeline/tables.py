"""Annotated docs → table rows → DataFrames: the one place where spaCy meets pandas."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from spacy.tokens import Doc

from pipeline.articles import Article, Rejected
from pipeline.matching import normalize, normalize_org, normalize_unit
from pipeline.review import REVIEW_COLUMNS, REVIEWED_TABLES, add_review_columns

COLUMNS = {
    "articles": ["article_id", "source", "url", "date", "title", "chars", "sha256", "status",
                 "error"],
    "people": ["article_id", "person", "mentions", "start", "end"],
    "organizations": ["article_id", "organization", "mentions", "start", "end"],
    "units": ["article_id", "unit", "kind", "parent", "acronym", "evidence", "start", "end",
              "rule"],
    "roles": ["article_id", "person", "title", "org", "unit", "status", "evidence", "start",
              "end", "rule"],
    "reporting": ["article_id", "subordinate", "manager", "evidence", "start", "end", "rule"],
    "successions": ["article_id", "successor", "predecessor", "title", "evidence", "start",
                    "end", "rule"],
    "mentions": ["article_id", "label", "text", "start", "end", "source"],
    "rejected": ["article_id", "source", "line", "reason"],
}
INTEGER_COLUMNS = {"start", "end", "mentions", "chars", "line"}
FACT_TABLES = ("people", "organizations", "units", "roles", "reporting", "successions")


def _evidence(doc: Doc, fact: dict) -> str:
    return doc.text[fact["sent_start"]:fact["sent_end"]].strip()


def _shift(offset: int):
    return lambda start, end: (start + offset, end + offset)


def doc_rows(doc: Doc, article_id: str, offset: int = 0, to_source=None) -> dict[str, list[dict]]:
    """Rows of every table for one doc (an article, or a piece of a long one at `offset`).

    `to_source(start, end)` maps the doc's character offsets to the article as given (past
    the piece's offset and any HTML that was cleaned away); by default, a plain shift.
    """
    place = to_source or _shift(offset)
    rows: dict[str, list[dict]] = {name: [] for name in COLUMNS if name not in
                                   {"articles", "rejected"}}
    for span in doc.spans.get("PERSON", []):
        start, end = place(span.start_char, span.end_char)
        rows["people"].append({"article_id": article_id, "person": span.kb_id_ or span.text,
                               "mentions": 1, "start": start, "end": end})
    for span in doc.spans.get("ORG", []):
        start, end = place(span.start_char, span.end_char)
        rows["organizations"].append({"article_id": article_id,
                                      "organization": span.kb_id_ or span.text,
                                      "mentions": 1, "start": start, "end": end})
    for label, group, source in (("PERSON", "PERSON", "ner"), ("ORG", "ORG", "ner+rules"),
                                 ("ROLE", "TITLE", "entity_rules"),
                                 ("UNIT", "UNIT", "entity_rules")):
        for span in doc.spans.get(group, []):
            start, end = place(span.start_char, span.end_char)
            rows["mentions"].append({"article_id": article_id, "label": label, "text": span.text,
                                     "start": start, "end": end, "source": source})
    fact_fields = {
        "units": ("unit", "kind", "parent", "acronym"),
        "roles": ("person", "title", "org", "unit", "status"),
        "reporting": ("subordinate", "manager"),
        "successions": ("successor", "predecessor", "title"),
    }
    for table, fields in fact_fields.items():
        for fact in getattr(doc._, table) or []:
            row = {"article_id": article_id}
            row.update({f: fact.get(f) for f in fields})
            start, end = place(fact["start"], fact["end"])
            row.update({"evidence": _evidence(doc, fact), "start": start, "end": end,
                        "rule": fact["rule"]})
            rows[table].append(row)
    return rows


def article_row(article: Article, status: str = "ok", error: str = "") -> dict:
    notes = "; ".join(article.notes)
    return {"article_id": article.id, "source": article.source, "url": article.url,
            "date": article.date, "title": article.title, "chars": len(article.text),
            "sha256": article.sha256, "status": status,
            "error": "; ".join(x for x in (error, notes) if x)}


def rejected_row(rejected: Rejected) -> dict:
    return {"article_id": rejected.id, "source": rejected.source, "line": rejected.line,
            "reason": rejected.reason}


def empty_tables() -> dict[str, list[dict]]:
    return {name: [] for name in COLUMNS}


def _group_mentions(frame: pd.DataFrame, key_column: str, normalizer) -> pd.DataFrame:
    """One row per article and name: mention count, first mention's offsets, longest form."""
    if frame.empty:
        return frame
    frame = frame.assign(_key=frame[key_column].map(normalizer),
                         _len=frame[key_column].str.len())
    frame = frame[frame["_key"] != ""]
    counts = frame.groupby(["article_id", "_key"], sort=False)["mentions"].sum()
    longest = frame.sort_values("_len", ascending=False, kind="stable") \
        .groupby(["article_id", "_key"], sort=False)[key_column].first()
    firsts = frame.sort_values("start", kind="stable") \
        .groupby(["article_id", "_key"], sort=False)[["start", "end"]].first()
    out = firsts.join(counts).join(longest).reset_index()
    return out.sort_values(["article_id", "start"], kind="stable")


def to_frames(rows: dict[str, list[dict]]) -> dict[str, pd.DataFrame]:
    frames = {name: pd.DataFrame(rows.get(name, []), columns=columns)
              for name, columns in COLUMNS.items()}
    frames["people"] = _group_mentions(frames["people"], "person", normalize)
    frames["organizations"] = _group_mentions(frames["organizations"], "organization",
                                              normalize_org)
    for name, columns in COLUMNS.items():
        frame = frames[name].reindex(columns=columns).reset_index(drop=True)
        for column in INTEGER_COLUMNS & set(columns):
            frame[column] = frame[column].astype("Int64")  # whole numbers, blanks allowed
        frames[name] = frame
    for name in ("units", "roles", "reporting", "successions"):
        frames[name] = frames[name].drop_duplicates().reset_index(drop=True)
    for name in REVIEWED_TABLES:
        frames[name] = add_review_columns(name, frames[name])
    return frames


def table_columns(name: str) -> list[str]:
    """The columns of a table as written: reviewable tables get fact_id, verdict and note."""
    columns = COLUMNS[name]
    if name in REVIEWED_TABLES:
        return [columns[0], "fact_id", *columns[1:], *REVIEW_COLUMNS]
    return columns


def merge_rows(into: dict[str, list[dict]], more: Iterable[tuple[str, list[dict]]]) -> None:
    for name, items in more:
        into.setdefault(name, []).extend(items)
