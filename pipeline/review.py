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


class ReviewCarrier:
    """Keeps what reviewers wrote in the previous version of a table, chunk by chunk.

    ``ok``/``wrong``/``missing`` verdicts and notes follow the fact id onto the newly produced
    row; a ``fixed`` row replaces the produced row with the reviewer's values; a ``missing``
    row the pipeline still does not produce is kept as the reviewer wrote it.
    """

    def __init__(self, table: str, previous: pd.DataFrame | None):
        self.reviews: dict[str, dict] = {}
        if previous is not None and not previous.empty and "verdict" in previous.columns:
            previous = previous.fillna("").astype(str)
            reviewed = previous[(previous["verdict"] != "") | (previous.get("note", "") != "")]
            if not reviewed.empty:
                reviewed = with_fact_ids(table, reviewed)
                self.reviews = {row["fact_id"]: row for row in reviewed.to_dict("records")}
        self.produced: set[str] = set()
        self.columns: list[str] | None = None

    def apply(self, chunk: pd.DataFrame) -> pd.DataFrame:
        self.columns = list(chunk.columns)
        if not self.reviews:
            return chunk
        self.produced |= set(chunk["fact_id"])
        out = chunk.copy()
        replaced = []
        for index, fid in out["fact_id"].items():
            review = self.reviews.get(fid)
            if review is None:
                continue
            if review["verdict"] == "fixed":
                replaced.append(index)
                out = out.astype(object)
                out.loc[index] = [review.get(c, "") for c in out.columns]  # as reviewed
            else:
                out.at[index, "verdict"] = review["verdict"]
                out.at[index, "note"] = review.get("note", "")
        return out

    def leftovers(self) -> pd.DataFrame | None:
        """Reviewer rows no produced row carries: missing facts still not found, fixes of
        facts no longer produced."""
        kept = [row for fid, row in self.reviews.items()
                if row["verdict"] in {"missing", "fixed"} and fid not in self.produced]
        if not kept or self.columns is None:
            return None
        return pd.DataFrame(kept).reindex(columns=self.columns)


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
