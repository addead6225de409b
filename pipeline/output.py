"""Writing and reading the tables safely.

- Atomic: a table is written to a temporary file in the same folder and renamed over the old
  one, so a crash or Ctrl-C never leaves a half-written CSV.
- Spreadsheet-safe: UTF-8 with a BOM (Excel shows accents) and, as OWASP recommends against CSV
  injection, a text cell that starts with ``= + - @``, a tab or a carriage return gets a leading
  ``'``. `read_table` takes it off again, so a round trip is lossless (a cell that already began
  with ``'`` before such a character gets one more quote, and loses one on reading).
"""

from __future__ import annotations

import json
import os
from contextlib import ExitStack, contextmanager
import re
import tempfile
from pathlib import Path

import pandas as pd

_DANGEROUS = re.compile(r"^'*[=+\-@\t\r]")
_NEUTRALISED = re.compile(r"^'+[=+\-@\t\r]")


def _is_dangerous(value) -> bool:
    return isinstance(value, str) and bool(_DANGEROUS.match(value))


def neutralise_cell(value):
    return "'" + value if _is_dangerous(value) else value


def restore_cell(value):
    if isinstance(value, str) and _NEUTRALISED.match(value):
        return value[1:]
    return value


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            dangerous = _dangerous(values)
            if dangerous.any():
                out[column] = values.astype(object).mask(dangerous, "'" + values[dangerous])
    return out


def _dangerous(values: pd.Series) -> pd.Series:
    """Which cells `neutralise_cell` quotes: one vectorised regex match on a string column."""
    try:
        return values.str.match(_DANGEROUS.pattern, na=False).astype(bool)
    except (AttributeError, TypeError):  # a column mixing strings with other values
        return values.map(_is_dangerous).astype(bool)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_file(path: Path, mode: str = "wb", **kwargs):
    """Open a temporary file beside `path`, renamed over it only when the block succeeds:
    an interruption leaves the previous file intact and no half-written one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes 0600; tables are for sharing
    try:
        with os.fdopen(handle, mode, **kwargs) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


def atomic_write_bytes(path: Path, data: bytes) -> None:
    with atomic_file(path) as stream:
        stream.write(data)


def write_table(frame: pd.DataFrame, path: Path) -> None:
    write_table_chunks([frame], list(frame.columns), path)


def write_table_chunks(chunks, columns: list[str], path: Path, parquet: Path | None = None,
                       integer_columns: frozenset[str] = frozenset()) -> None:
    """Write a table from an iterable of DataFrames, one chunk in memory at a time: as a CSV
    at `path` and, with `parquet`, as a Parquet file too (values as they are, typed:
    `integer_columns` as 64-bit integers, the rest as strings)."""
    with ExitStack() as files:
        stream = files.enter_context(atomic_file(path, "w", encoding="utf-8-sig", newline=""))
        pd.DataFrame(columns=columns).to_csv(stream, index=False, lineterminator="\n")
        writer = None
        if parquet is not None:
            import pyarrow as pa
            import pyarrow.parquet as pq

            schema = pa.schema([(c, pa.int64() if c in integer_columns else pa.string())
                                for c in columns])
            target = files.enter_context(atomic_file(parquet))
            writer = files.enter_context(pq.ParquetWriter(target, schema))
        for chunk in chunks:
            chunk = chunk.reindex(columns=columns)
            neutralise(chunk).to_csv(stream, index=False, header=False, lineterminator="\n")
            if writer is not None:
                writer.write_table(pa.Table.from_pandas(_typed(chunk, integer_columns),
                                                        schema=schema, preserve_index=False))


def _typed(frame: pd.DataFrame, integer_columns: frozenset[str]) -> pd.DataFrame:
    """One type per column, as Parquet wants: whole numbers or blanks, strings or nulls
    (rows reviewers added come back from the CSV as text)."""
    out = frame.copy()
    for column in out.columns:
        if column in integer_columns:
            out[column] = pd.to_numeric(out[column].replace("", None),
                                        errors="coerce").astype("Int64")
        else:
            out[column] = out[column].astype("str")  # None and NaN stay missing
    return out


def read_table(path: Path) -> pd.DataFrame:
    """Read a table written by `write_table` (or edited by a reviewer) back, losslessly."""
    frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    for column in frame.columns:
        frame[column] = frame[column].map(restore_cell)
    return frame


def write_json(data: dict, path: Path) -> None:
    atomic_write_bytes(path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode())
