"""Annotated docs → table rows → DataFrames: the one place where spaCy meets pandas."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from spacy.tokens import Doc, Span

from pipeline.articles import Article, Rejected
from pipeline.matching import normalize, normalize_org, normalize_unit
from pipeline.review import FACT_KEYS, REVIEW_COLUMNS, REVIEWED_TABLES, fact_id

COLUMNS = {
    "articles": ["article_id", "source", "url", "date", "title", "chars", "language", "sha256",
                 "status", "error"],
    # person_id and org_id name one person / organisation across articles: filled when the
    # tables of a dump are put together (`pipeline.careers.identify`)
    "people": ["article_id", "person", "person_id", "mentions", "start", "end"],
    "organizations": ["article_id", "organization", "org_id", "aliases", "mentions", "start",
                      "end"],
    "units": ["article_id", "unit", "kind", "parent", "acronym", "evidence", "start", "end",
              "rule"],
    "roles": ["article_id", "person", "title", "org", "unit", "status", "status_reason",
              "evidence", "start", "end", "rule"],
    "reporting": ["article_id", "subordinate", "manager", "evidence", "start", "end", "rule"],
    "successions": ["article_id", "successor", "predecessor", "title", "evidence", "start",
                    "end", "rule"],
    "mentions": ["article_id", "label", "text", "start", "end", "source"],
    "rejected": ["article_id", "source", "line", "reason"],
}
INTEGER_COLUMNS = {"start", "end", "mentions", "chars", "line"}


def _evidence(text: str, fact: dict) -> str:
    return text[fact["sent_start"]:fact["sent_end"]].strip()


def _shift(offset: int):
    return lambda start, end: (start + offset, end + offset)


def doc_rows(doc: Doc, article_id: str, offset: int = 0, to_source=None) -> dict[str, list[dict]]:
    """Rows of every table for one doc (an article, or a piece of a long one at `offset`).

    `to_source(start, end)` maps the doc's character offsets to the article as given (past
    the piece's offset and any HTML that was cleaned away); by default, a plain shift.
    """
    place = to_source or _shift(offset)
    text = doc.text  # rebuilt on every access: once per doc
    rows: dict[str, list[dict]] = {name: [] for name in COLUMNS if name not in
                                   {"articles", "rejected"}}
    for span in doc.spans.get("PERSON", []):
        start, end = place(span.start_char, span.end_char)
        rows["people"].append({"article_id": article_id, "person": span.kb_id_ or span.text,
                               "mentions": 1, "start": start, "end": end})
    for span in doc.spans.get("ORG", []):
        start, end = place(span.start_char, span.end_char)
        name = span.kb_id_ or span.text
        # another name the article gives it ("Total" for "TotalEnergies (ex Total)", "EDF")
        written = _without_former_prefix(span)
        alias = written if normalize_org(written) != normalize_org(name) else ""
        rows["organizations"].append({"article_id": article_id, "organization": name,
                                      "aliases": alias, "mentions": 1, "start": start,
                                      "end": end})
    for label, group, source in (("PERSON", "PERSON", "ner"), ("ORG", "ORG", "ner+rules"),
                                 ("ROLE", "TITLE", "entity_rules"),
                                 ("UNIT", "UNIT", "entity_rules")):
        for span in doc.spans.get(group, []):
            start, end = place(span.start_char, span.end_char)
            rows["mentions"].append({"article_id": article_id, "label": label, "text": span.text,
                                     "start": start, "end": end, "source": source})
    fact_fields = {
        "units": ("unit", "kind", "parent", "acronym"),
        "roles": ("person", "title", "org", "unit", "status", "status_reason"),
        "reporting": ("subordinate", "manager"),
        "successions": ("successor", "predecessor", "title"),
    }
    for table, fields in fact_fields.items():
        for fact in getattr(doc._, table) or []:
            row = {"article_id": article_id}
            row.update({f: fact.get(f) for f in fields})
            start, end = place(fact["start"], fact["end"])
            row.update({"evidence": _evidence(text, fact), "start": start, "end": end,
                        "rule": fact["rule"]})
            rows[table].append(row)
    return rows


def article_row(article: Article, status: str = "ok", error: str = "") -> dict:
    notes = "; ".join(article.notes)
    return {"article_id": article.id, "source": article.source, "url": article.url,
            "date": article.date, "title": article.title, "chars": len(article.text),
            "language": article.language,
            "sha256": article.sha256, "status": status,
            "error": "; ".join(x for x in (error, notes) if x)}


def _without_former_prefix(span: Span) -> str:
    """An organisation as written, without the prefix that marks a former name
    ("ex-Altair Partners" → "Altair Partners")."""
    text = span.text
    for marker in span.doc._.lexicon.former_name_markers:
        if marker.endswith("-") and text.lower().startswith(marker) and len(text) > len(marker):
            return text[len(marker):]
    return text


def rejected_row(rejected: Rejected) -> dict:
    return {"article_id": rejected.id, "source": rejected.source, "line": rejected.line,
            "reason": rejected.reason}


def _group_mentions(rows: list[dict], key_column: str, normalizer) -> list[dict]:
    """One row per name: mention count, first mention's offsets, longest written form, and
    the other names it goes by (``aliases``, " | " between them)."""
    grouped: dict[str, dict] = {}
    aliases: dict[str, dict[str, None]] = {}
    for row in sorted(rows, key=lambda r: r["start"]):
        key = normalizer(row[key_column])
        if not key:
            continue
        kept = grouped.get(key)
        if kept is None:
            grouped[key] = kept = dict(row)
            aliases[key] = {}
        else:
            kept["mentions"] += row["mentions"]
            if len(row[key_column]) > len(kept[key_column]):
                kept[key_column] = row[key_column]
        if row.get("aliases"):
            aliases[key][row["aliases"]] = None
    for key, kept in grouped.items():
        if "aliases" in kept:
            kept["aliases"] = " | ".join(aliases[key])
    return list(grouped.values())


def _unique(rows: list[dict]) -> list[dict]:
    seen, out = set(), []
    for row in rows:
        key = tuple(sorted((k, str(v)) for k, v in row.items()))
        if key not in seen:
            seen.add(key)
            out.append(row)
    return out


def finalize_article(rows: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """One article's rows as they are stored and written: mentions grouped, duplicates
    dropped, review columns (fact id, verdict, note) added, every column present."""
    out = {name: list(rows.get(name, [])) for name in COLUMNS}
    out["people"] = _group_mentions(out["people"], "person", normalize)
    out["organizations"] = _group_mentions(out["organizations"], "organization", normalize_org)
    for name in ("units", "roles", "reporting", "successions"):
        out[name] = _unique(out[name])
    for name, items in out.items():
        columns = table_columns(name)
        finished = []
        for row in items:
            if name in REVIEWED_TABLES:
                row = {**row, "fact_id": fact_id(name, row["article_id"],
                                                 [row.get(k) for k in FACT_KEYS[name]]),
                       "verdict": "", "note": ""}
            finished.append({column: row.get(column) for column in columns})
        out[name] = finished
    return out


def to_frames(rows: dict[str, list[dict]]) -> dict[str, pd.DataFrame]:
    """Finished rows (see `finalize_article`) as DataFrames with their columns."""
    return {name: frame_of(name, rows.get(name, [])) for name in COLUMNS}


def frame_of(name: str, rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=table_columns(name))
    for column in INTEGER_COLUMNS & set(frame.columns):
        frame[column] = frame[column].astype("Int64")  # whole numbers, blanks allowed
    return frame


def table_columns(name: str) -> list[str]:
    """The columns of a table as written: reviewable tables get fact_id, verdict and note."""
    columns = COLUMNS[name]
    if name in REVIEWED_TABLES:
        return [columns[0], "fact_id", *columns[1:], *REVIEW_COLUMNS]
    return columns


def merge_rows(into: dict[str, list[dict]], more: Iterable[tuple[str, list[dict]]]) -> None:
    for name, items in more:
        into.setdefault(name, []).extend(items)
