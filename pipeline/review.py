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
    row; a ``fixed`` row replaces the produced row with the reviewer's values (and, once the
    pipeline produces the fact as the reviewer wrote it, follows that row instead); a
    ``missing`` row the pipeline still does not produce is kept as the reviewer wrote it.
    """

    def __init__(self, table: str, previous: pd.DataFrame | dict[str, dict] | None):
        self.table = table
        if isinstance(previous, dict):
            self.reviews = dict(previous)
        else:
            self.reviews = reviewed_rows(table, previous)
        # a fixed row, by the fact id of the cells the reviewer wrote
        self.fixed_as_written = {written_fact_id(table, row): fid
                                 for fid, row in self.reviews.items()
                                 if row["verdict"] == "fixed"}
        self.produced: set[str] = set()
        self.columns: list[str] | None = None

    def apply(self, chunk: pd.DataFrame) -> pd.DataFrame:
        self.columns = list(chunk.columns)
        if not self.reviews:
            return chunk
        out = chunk.copy().astype(object)
        duplicates = []
        for index, fid in out["fact_id"].items():
            original = fid if fid in self.reviews else self.fixed_as_written.get(fid)
            if original is None:
                continue
            review = self.reviews[original]
            if original in self.produced:
                duplicates.append(index)  # a fix already stands for this fact
                continue
            self.produced.add(original)
            if review["verdict"] == "fixed" and fid == original \
                    and written_fact_id(self.table, review) != fid:
                out.loc[index] = [review.get(c, "") for c in out.columns]  # as reviewed
            else:
                # the verdict follows its fact (a fixed fact the pipeline now produces as
                # the reviewer wrote it keeps the pipeline's evidence and rule)
                out.at[index, "verdict"] = review["verdict"]
                out.at[index, "note"] = review.get("note", "")
        return out.drop(index=duplicates)

    def leftovers(self) -> pd.DataFrame | None:
        """Reviewer rows no produced row carries: missing facts still not found, fixes of
        facts no longer produced."""
        kept = [row for fid, row in self.reviews.items()
                if row["verdict"] in {"missing", "fixed"} and fid not in self.produced]
        if not kept or self.columns is None:
            return None
        return pd.DataFrame(kept).reindex(columns=self.columns)


def reviewed_rows(table: str, frame: pd.DataFrame | None) -> dict[str, dict]:
    """The rows of a table a reviewer gave a verdict or a note, by fact id."""
    if frame is None or frame.empty or "verdict" not in frame.columns:
        return {}
    frame = frame.fillna("").astype(str)
    notes = frame["note"] if "note" in frame.columns else ""
    reviewed = frame[(frame["verdict"].str.strip() != "") | (notes != "")]
    if reviewed.empty:
        return {}
    reviewed = with_fact_ids(table, reviewed)
    rows = {}
    for row in reviewed.to_dict("records"):
        row["verdict"] = row["verdict"].strip().lower()
        rows[row["fact_id"]] = row
    return rows


def written_fact_id(table: str, row: dict) -> str:
    """The fact id of a row's cells as they stand (a fixed row's, as the reviewer wrote it)."""
    return fact_id(table, row.get("article_id", ""),
                   [_typed(key, row.get(key, "")) for key in FACT_KEYS[table]])


CAREERS = "careers"  # reviewed for who is whom (`pipeline.careers`), not for its facts


def table_kind(columns) -> str | None:
    """Which reviewable table a frame is, read from its columns (a renamed export,
    "roles (2).csv", is still the roles): the table all of whose fact columns it has, the
    one with the most of them on ties; a careers table (roles with a person_id) is
    ``careers``."""
    present = set(columns)
    if {"person_id", "title", "fact_id"} <= present:
        return CAREERS
    found = [name for name, keys in FACT_KEYS.items() if set(keys) <= present]
    return max(found, key=lambda name: len(FACT_KEYS[name])) if found else None


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
    """The reviewable tables in a reviewed CSV or ``review.xlsx``: a file or sheet named as a
    table ("roles.csv") is that table; any other ("roles (2).csv", "roles_reviewed.csv",
    "Feuil1") is known by its columns."""
    from pipeline.output import read_table

    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        frames = list(pd.read_excel(path, sheet_name=None, dtype=str,
                                    keep_default_na=False).items())
    else:
        frames = [(path.stem, read_table(path))]
    tables = {}
    for name, frame in frames:
        # a file or sheet named as a table is that table (its missing columns are an error
        # to report); any other name, by its columns
        kind = name if name in FACT_KEYS or name == CAREERS else table_kind(frame.columns)
        if kind is not None:
            tables[kind] = frame
    return tables


def review_files(out: Path) -> list[tuple[Path, dict[str, pd.DataFrame]]]:
    """The reviewable tables of an outputs folder (CSV tables, review.xlsx), oldest file
    first."""
    sources = [(path, read_review_tables(path)) for path in
               [*(out / f"{name}.csv" for name in (*FACT_KEYS, CAREERS)),
                out / "review.xlsx"] if path.exists()]
    sources.sort(key=lambda item: item[0].stat().st_mtime)
    return sources


def previous_reviews(out: Path, sources: list | None = None
                     ) -> tuple[dict[str, dict[str, dict]], list[str]]:
    """What reviewers wrote in an outputs folder, in the CSV tables and in ``review.xlsx``
    (`sources`: `review_files` of it, when already read), by table and fact id; where both
    files review a fact differently, the newer file's word is kept, and said (the returned
    notes)."""
    sources = review_files(out) if sources is None else sources
    merged: dict[str, dict[str, dict]] = {}
    origin: dict[tuple[str, str], Path] = {}
    notes: list[str] = []
    for path, tables in sources:
        for table, frame in tables.items():
            if table not in FACT_KEYS:
                continue
            for fid, row in reviewed_rows(table, frame).items():
                kept = merged.setdefault(table, {}).get(fid)
                if kept is not None and _review_of(kept) != _review_of(row):
                    older = origin[(table, fid)]
                    notes.append(f"{table} {fid}: {older.name} says {_review_of(kept)}, "
                                 f"{path.name} (newer) says {_review_of(row)}: kept "
                                 f"{path.name}'s")
                merged[table][fid] = row
                origin[(table, fid)] = path
    return merged, notes


DESCRIBING = ("status", "kind", "parent", "acronym")  # cells a fix may change beside the keys


def _review_of(row: dict) -> str:
    """What a reviewer said of a row: the verdict, the note, and a fixed row's cells."""
    said = row["verdict"] + (f" ({row['note']})" if row.get("note") else "")
    if row["verdict"] == "fixed":
        table = table_kind(row) or ""
        keys = [*FACT_KEYS.get(table, ()), *(k for k in DESCRIBING if k in row)]
        said += " as " + " | ".join(str(row.get(k, "")) for k in keys)
    return said
