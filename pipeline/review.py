"""Reviewable tables: stable fact ids, verdict and note columns, and reviewers' work kept.

A reviewer writes ``ok`` or ``wrong`` in `verdict`, or edits cells and writes ``fixed``, or adds
a row the pipeline missed with ``missing``. Re-running ``extract`` into the same folder keeps
that work: verdicts follow their `fact_id`, fixed and missing rows stay as the reviewer wrote
them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from pipeline.matching import normalize

VERDICTS = {"ok", "wrong", "fixed", "missing"}
REVIEW_COLUMNS = ("verdict", "note")

# The cells that say which fact a row is; the rest (evidence, offsets, status) describe it.
FACT_KEYS = {
    "people": ("person",),
    "organizations": ("organization",),
    "units": ("unit",),
    "roles": ("person", "title", "org", "unit"),
    "reporting": ("subordinate", "manager"),
    "successions": ("successor", "predecessor"),
    "mentions": ("label", "text", "start"),
}
REVIEWED_TABLES = tuple(FACT_KEYS)


def fact_id(table: str, article_id: str, values: list) -> str:
    """Same article and same fact → same id, whatever the run."""
    parts = [table, str(article_id)] + [normalize(str(v)) if isinstance(v, str) else
                                        "" if v is None or pd.isna(v) else str(v)
                                        for v in values]
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


def add_review_columns(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """`fact_id` after `article_id`, empty `verdict` and `note` last."""
    keys = FACT_KEYS[table]
    ids = [fact_id(table, row[0], list(row[1:]))
           for row in frame[["article_id", *keys]].itertuples(index=False, name=None)]
    out = frame.copy()
    out.insert(1, "fact_id", pd.Series(ids, index=frame.index, dtype=object))
    for column in REVIEW_COLUMNS:
        out[column] = ""
    return out


def carry_over_reviews(table: str, produced: pd.DataFrame, previous: pd.DataFrame | None
                       ) -> pd.DataFrame:
    """Keep what reviewers wrote in the previous version of a table.

    ``ok``/``wrong``/``missing`` verdicts and notes follow the fact id onto the newly produced
    row; a ``fixed`` row replaces the produced row with the reviewer's values; a ``missing``
    row the pipeline still does not produce is kept as the reviewer wrote it.
    """
    if previous is None or previous.empty or "verdict" not in previous.columns:
        return produced
    previous = previous.fillna("").astype(str)
    reviewed = previous[(previous["verdict"] != "") | (previous.get("note", "") != "")]
    if reviewed.empty:
        return produced
    reviewed = with_fact_ids(table, reviewed)
    by_id = {row["fact_id"]: row for row in reviewed.to_dict("records")}
    out = produced.copy()
    replaced = []
    for index, fid in out["fact_id"].items():
        review = by_id.get(fid)
        if review is None:
            continue
        if review["verdict"] == "fixed":
            replaced.append(index)
        else:
            out.at[index, "verdict"] = review["verdict"]
            out.at[index, "note"] = review.get("note", "")
    produced_ids = set(out["fact_id"])
    kept = [row for row in reviewed.to_dict("records")
            if row["verdict"] == "fixed"
            or (row["verdict"] == "missing" and row["fact_id"] not in produced_ids)]
    out = out.drop(index=replaced)
    if kept:
        extra = pd.DataFrame(kept).reindex(columns=out.columns)
        out = pd.concat([out.astype(object), extra.astype(object)], ignore_index=True)
    return out.reset_index(drop=True)


def with_fact_ids(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Reviewer-added rows come without a fact id: compute it from their cells."""
    frame = frame.copy()
    keys = FACT_KEYS[table]
    if "fact_id" not in frame.columns:
        frame["fact_id"] = ""
    for index, row in frame.iterrows():
        if not row["fact_id"] and all(k in frame.columns for k in keys):
            values = [_typed(key, row[key]) for key in keys]
            frame.at[index, "fact_id"] = fact_id(table, row["article_id"], values)
    return frame


def _typed(key: str, value):
    """Cells read back from CSV are strings; offsets are hashed as numbers."""
    if key == "start" and value not in ("", None):
        return int(float(value))
    return None if value == "" else value


def write_review_workbook(tables: dict[str, pd.DataFrame], path: Path) -> None:
    """``review.xlsx``: one sheet per table, header frozen, evidence wide, strings never
    stored as formulas."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import TYPE_STRING
    from openpyxl.utils import get_column_letter

    from pipeline.output import atomic_write_bytes

    book = Workbook()
    book.remove(book.active)
    for name, frame in tables.items():
        sheet = book.create_sheet(title=name[:31])
        sheet.append(list(frame.columns))
        for row in frame.astype(object).where(frame.notna(), None).itertuples(index=False):
            sheet.append([_excel_value(v) for v in row])
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = TYPE_STRING  # "=…" stays text, never a formula
        sheet.freeze_panes = "A2"
        for index, column in enumerate(frame.columns, start=1):
            width = 80 if column == "evidence" else min(40, max(10, len(column) + 2))
            sheet.column_dimensions[get_column_letter(index)].width = width
    import io
    buffer = io.BytesIO()
    book.save(buffer)
    atomic_write_bytes(path, buffer.getvalue())


def _excel_value(value):
    if value is None:
        return None
    if hasattr(value, "item"):  # numpy / pandas scalars
        return value.item()
    return value


def read_review_tables(path: Path) -> dict[str, pd.DataFrame]:
    """Tables from a reviewed CSV (its stem names the table) or from ``review.xlsx``."""
    from pipeline.output import read_table

    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        sheets = pd.read_excel(path, sheet_name=None, dtype=str, keep_default_na=False)
        return {name: frame for name, frame in sheets.items()}
    return {path.stem: read_table(path)}
