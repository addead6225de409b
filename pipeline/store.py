"""The state of an outputs folder: every extracted article's rows, in SQLite.

Rows are committed article by article (in small transactions), so a crash or Ctrl-C loses at
most the batch being written, and the next run resumes where it stopped. An article already
extracted from the same text (sha256) with the same model and rules (the fingerprint) is
skipped; anything else is extracted again. The CSV tables are exported from here, in chunks,
so memory does not grow with the size of the dump.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    article_id TEXT PRIMARY KEY, sha256 TEXT, fingerprint TEXT
);
CREATE TABLE IF NOT EXISTS facts (
    article_id TEXT NOT NULL, tbl TEXT NOT NULL, seq INTEGER NOT NULL, row TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS facts_by_article ON facts (article_id);
CREATE INDEX IF NOT EXISTS facts_by_table ON facts (tbl, article_id, seq);
"""


class RunStore:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.connection = sqlite3.connect(self.path)
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.execute("PRAGMA synchronous=NORMAL")
        self.connection.executescript(SCHEMA)

    def is_current(self, article_id: str, sha256: str, fingerprint: str) -> bool:
        found = self.connection.execute(
            "SELECT 1 FROM articles WHERE article_id = ? AND sha256 = ? AND fingerprint = ?",
            (article_id, sha256, fingerprint)).fetchone()
        return found is not None

    def save(self, article_id: str, sha256: str, fingerprint: str,
             rows: dict[str, list[dict]]) -> None:
        """Replace an article's rows (within the current transaction)."""
        self.connection.execute("DELETE FROM facts WHERE article_id = ?", (article_id,))
        self.connection.executemany(
            "INSERT INTO facts (article_id, tbl, seq, row) VALUES (?, ?, ?, ?)",
            [(article_id, table, seq, json.dumps(row, ensure_ascii=False, default=_plain))
             for table, items in rows.items() for seq, row in enumerate(items)])
        self.connection.execute(
            "INSERT OR REPLACE INTO articles (article_id, sha256, fingerprint) VALUES (?, ?, ?)",
            (article_id, sha256, fingerprint))

    def clear_rejected(self) -> None:
        """Rejected records are found again by every run's reading: start from none."""
        self.connection.execute("DELETE FROM facts WHERE tbl IN ('rejected', 'rejected_article')")
        self.connection.commit()

    def save_rejected(self, key: str, rejected_row: dict, article_row: dict) -> None:
        self.connection.executemany(
            "INSERT INTO facts (article_id, tbl, seq, row) VALUES (?, ?, 0, ?)",
            [(key, "rejected", json.dumps(rejected_row, ensure_ascii=False, default=_plain)),
             (key, "rejected_article", json.dumps(article_row, ensure_ascii=False,
                                                  default=_plain))])

    def commit(self) -> None:
        self.connection.commit()

    def rows(self, table: str, chunk_size: int = 5000) -> Iterator[list[dict]]:
        """A table's rows in a stable order (article id, then position), chunk by chunk."""
        cursor = self.connection.execute(
            "SELECT row FROM facts WHERE tbl = ? ORDER BY article_id, seq", (table,))
        while True:
            chunk = cursor.fetchmany(chunk_size)
            if not chunk:
                return
            yield [json.loads(row) for (row,) in chunk]

    def ids_with_prefix(self, prefix: str) -> dict[str, str]:
        """sha256 → article id of the stored articles whose id starts with `prefix`."""
        rows = self.connection.execute(
            "SELECT sha256, article_id FROM articles WHERE article_id LIKE ?",
            (prefix.replace("%", "") + "%",)).fetchall()
        return dict(rows)

    def count(self) -> int:
        return self.connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def close(self) -> None:
        self.connection.commit()
        self.connection.close()


def _plain(value):
    """numpy / pandas scalars as JSON."""
    if hasattr(value, "item"):
        return value.item()
    if value is None or value != value:  # NaN, NA
        return None
    return str(value)
