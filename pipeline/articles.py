"""Reading articles from files, folders and exports, one at a time.

Every reader yields `Article` or `Rejected` records and never raises on bad content: a broken
record becomes a `Rejected` naming its file and line, and the run goes on. Usage errors (an input
that does not exist) raise `InputError` before anything is read.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
CSV_SUFFIXES = (".csv", ".csv.gz")
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + JSONL_SUFFIXES + CSV_SUFFIXES

_URL_HEADER = re.compile(r"\Aurl:[ \t]*(?P<url>\S*)[ \t]*\r?\n(?:[ \t]*\r?\n)?")
# " date 2019-05 Zurich (awp) - …", or the date alone on the line before the text
_DATE_MARKER = re.compile(r"\A\s*date[ \t]+(?P<date>\d{4}-\d{2}(?:-\d{2})?)"
                          r"(?:[ \t]+|[ \t]*\r?\n\s*)")


STDIN_SOURCE, STDIN_PREFIX = "<stdin>", "stdin"


class InputError(Exception):
    """A usage error: the input cannot be read at all (missing path, unknown format)."""


@dataclass
class Article:
    id: str
    text: str
    source: str
    line: int | None = None
    url: str | None = None
    date: str | None = None
    title: str | None = None
    notes: list[str] = field(default_factory=list)
    language: str = "fr"
    # an id the reader made up (standard input gives none): the run names the article
    provisional_id: bool = False

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass
class Rejected:
    id: str | None
    source: str
    line: int | None
    reason: str


def decode_bytes(data: bytes) -> tuple[str, str | None]:
    """Decode UTF-8 (with or without BOM); fall back to Windows-1252, common in French exports.

    Returns the text and a note when it was not plain UTF-8.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8 BOM removed"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "decoded as windows-1252"


def split_metadata(raw: str) -> tuple[str, str | None, str | None]:
    """Take the optional ``url: …`` header line and leading `` date YYYY-MM`` marker off a text."""
    url = date = None
    match = _URL_HEADER.match(raw)
    if match:
        url = match.group("url") or None
        raw = raw[match.end():]
    match = _DATE_MARKER.match(raw)
    if match:
        date = match.group("date")
        raw = raw[match.end():]
    return raw, url, date


def clean_text(text: str) -> tuple[str, list[str]]:
    """Normalise line ends and drop NUL bytes, which spaCy and spreadsheets choke on."""
    notes = []
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        text = text.replace("\x00", "")
        notes.append("NUL bytes removed")
    return text, notes


_BINARY_MAGIC = (b"\x89PNG", b"%PDF", b"PK\x03\x04", b"\x1f\x8b", b"GIF8", b"\xff\xd8\xff",
                 b"\x7fELF", b"\xd0\xcf\x11\xe0")
_TEXT_CONTROLS = {9, 10, 12, 13}


def _looks_binary(data: bytes) -> bool:
    """A file type's magic number, or more than 5% control bytes in the first 4 KiB (text in
    any 8-bit French encoding has almost none; a few stray NULs are cleaned instead)."""
    sample = data[:4096]
    if not sample:
        return False
    if sample.startswith(_BINARY_MAGIC):
        return True
    controls = sum(1 for byte in sample if byte < 32 and byte not in _TEXT_CONTROLS)
    return controls > len(sample) // 20


def _make_article(article_id: str, raw: str, source: str, line: int | None,
                  url=None, date=None, title=None, notes=()) -> Article | Rejected:
    text, cleaned_notes = clean_text(raw)
    text, header_url, header_date = split_metadata(text)
    if not text.strip():
        return Rejected(article_id, source, line, "empty text")
    article = Article(article_id, text, source, line, url or header_url, date or header_date,
                      title, list(notes) + cleaned_notes)
    article.language = language_of(text)
    if article.language != "fr":
        article.notes.append(f"not French (looks {LANGUAGE_NAMES[article.language]}): "
                             "extracted as French")
    return article


LANGUAGE_NAMES = {"fr": "French", "en": "English", "it": "Italian", "es": "Spanish",
                  "de": "German", "pt": "Portuguese", "nl": "Dutch"}
LANGUAGE_SAMPLE = 3000  # characters read to tell the language
LANGUAGE_WORDS = 20     # fewer words than this say nothing
_WORD = re.compile(r"[a-zà-öø-ÿœ]+")
_stop_words: dict[str, frozenset[str]] = {}


def language_of(text: str) -> str:
    """The article's language, by the share of each language's stop words (spaCy's lists)
    among its words: "fr" unless another language's clearly outweighs French."""
    if not _stop_words:
        import importlib
        for code in LANGUAGE_NAMES:
            module = importlib.import_module(f"spacy.lang.{code}.stop_words")
            _stop_words[code] = frozenset(module.STOP_WORDS)
    words = _WORD.findall(text[:LANGUAGE_SAMPLE].lower())
    if len(words) < LANGUAGE_WORDS:
        return "fr"
    shares = {code: sum(w in stop for w in words) / len(words)
              for code, stop in _stop_words.items()}
    best = max(shares, key=shares.get)
    return best if shares[best] > 1.5 * shares["fr"] else "fr"


def read_text_file(path: Path) -> Iterator[Article | Rejected]:
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        yield Rejected(path.stem, source, None, f"unreadable file: {error.strerror or error}")
        return
    if _looks_binary(data):
        yield Rejected(path.stem, source, None, "binary file, not text")
        return
    text, note = decode_bytes(data)
    yield _make_article(path.stem, text, source, None, notes=[note] if note else [])


def _open_lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """Lines of a possibly gzipped file; a truncated archive ends with an OSError/EOFError."""
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rb") as handle:
        for number, line in enumerate(handle, start=1):
            yield number, line


def _record_to_article(record, source: str, line: int, fallback_id: str) -> Article | Rejected:
    if not isinstance(record, dict):
        return Rejected(None, source, line, f"JSON value is a {type(record).__name__}, not an object")
    article_id = record.get("id")
    provisional = article_id in (None, "")
    article_id = fallback_id if provisional else str(article_id)
    text = record.get("text")
    if not isinstance(text, str):
        reason = "missing 'text' field" if text is None else "'text' is not a string"
        return Rejected(article_id, source, line, reason)
    def optional(key):
        value = record.get(key)
        return None if value is None else str(value)
    article = _make_article(article_id, text, source, line, optional("url"), optional("date"),
                            optional("title"))
    if provisional and isinstance(article, Article) and source == STDIN_SOURCE:
        article.provisional_id = True  # the run names it (stdin-1, stdin-2, …)
    return article


def read_jsonl_lines(lines: Iterable[tuple[int, bytes]], source: str, stem: str
                     ) -> Iterator[Article | Rejected]:
    number = 0
    try:
        for number, raw in lines:
            if not raw.strip():
                continue
            text, note = decode_bytes(raw)
            try:
                record = json.loads(text)
            except json.JSONDecodeError as error:
                yield Rejected(None, source, number, f"malformed JSON: {error.msg}")
                continue
            item = _record_to_article(record, source, number, f"{stem}-{number}")
            if note and isinstance(item, Article):
                item.notes.append(note)
            yield item
    except (OSError, EOFError, zlib.error) as error:
        yield Rejected(None, source, number + 1, f"unreadable from here on: {error}")


def read_jsonl_file(path: Path) -> Iterator[Article | Rejected]:
    stem = path.name.split(".")[0]
    try:
        yield from read_jsonl_lines(_open_lines(path), str(path), stem)
    except OSError as error:  # raised on open (permissions)
        yield Rejected(None, str(path), None, f"unreadable file: {error.strerror or error}")


def read_csv_file(path: Path, text_column: str = "text", id_column: str = "id"
                  ) -> Iterator[Article | Rejected]:
    """CSV exports, streamed row by row (the csv module handles quoted newlines)."""
    source, stem = str(path), path.name.split(".")[0]
    try:
        raw = gzip.open(path, "rb") if path.name.endswith(".gz") else open(path, "rb")
    except OSError as error:
        yield Rejected(None, source, None, f"unreadable file: {error.strerror or error}")
        return
    with raw, io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="") as handle:
        reader = csv.DictReader(handle)
        try:
            if reader.fieldnames is None or text_column not in reader.fieldnames:
                yield Rejected(None, source, 1, f"no '{text_column}' column in the header")
                return
            for row in reader:
                line = reader.line_num
                record = {key: row.get(key) for key in ("url", "date", "title")}
                record.update(id=row.get(id_column), text=row.get(text_column))
                yield _record_to_article(record, source, line, f"{stem}-{line}")
        except (OSError, EOFError, zlib.error, csv.Error) as error:
            yield Rejected(None, source, reader.line_num, f"unreadable from here on: {error}")


def _walk(folder: Path) -> Iterator[Path]:
    """Files below a folder in a stable order, following no symlinked folder twice."""
    seen: set[tuple[int, int]] = set()

    def visit(directory: Path) -> Iterator[Path]:
        try:
            stat = directory.stat()
        except OSError:
            return
        key = (stat.st_dev, stat.st_ino)
        if key in seen:
            return
        seen.add(key)
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()
            except OSError:
                continue
            if is_dir:
                yield from visit(path)
            else:
                yield path

    yield from visit(folder)


def is_supported(path: Path) -> bool:
    return path.name.lower().endswith(SUPPORTED_SUFFIXES)


def read_path(path: Path, text_column: str = "text", id_column: str = "id"
              ) -> Iterator[Article | Rejected]:
    name = path.name.lower()
    if name.endswith(TEXT_SUFFIXES):
        yield from read_text_file(path)
    elif name.endswith(JSONL_SUFFIXES):
        yield from read_jsonl_file(path)
    elif name.endswith(CSV_SUFFIXES):
        yield from read_csv_file(path, text_column, id_column)
    else:
        raise InputError(f"{path}: unsupported file type (expected .txt, .jsonl[.gz], .csv[.gz])")


def iter_input_files(inputs: Iterable[str | Path], skipped: list[str] | None = None
                     ) -> Iterator[Path]:
    for item in inputs:
        path = Path(item)
        if str(item) == "-":
            yield path
        elif path.is_dir():
            for file in _walk(path):
                if is_supported(file):
                    yield file
                elif skipped is not None and not file.name.startswith("."):
                    skipped.append(str(file))
        elif path.exists() or path.is_symlink():
            yield path
        else:
            raise InputError(f"{path}: no such file or folder")


def check_inputs(paths: Iterable[str | Path]) -> None:
    """Fail fast on usage errors, before any work: every input must exist."""
    paths = list(paths)
    if not paths:
        raise InputError("no input given")
    for path in paths:
        if str(path) != "-" and not Path(path).exists() and not Path(path).is_symlink():
            raise InputError(f"{path}: no such file or folder")


def read_articles(inputs: Iterable[str | Path], text_column: str = "text", id_column: str = "id",
                  skipped: list[str] | None = None) -> Iterator[Article | Rejected]:
    """Every article of the inputs (files, folders, ``-`` for JSONL on stdin), streamed.

    Article ids are made unique: a repeated id gets a ``~2``, ``~3`` suffix and a note.
    """
    paths = list(inputs)
    check_inputs(paths)
    seen: dict[str, int] = {}
    for path in iter_input_files(paths, skipped):
        if str(path) == "-":
            stream = ((n, line) for n, line in enumerate(sys.stdin.buffer, start=1))
            records = read_jsonl_lines(stream, STDIN_SOURCE, STDIN_PREFIX)
        else:
            records = read_path(path, text_column, id_column)
        for record in records:
            if isinstance(record, Article):
                count = seen.get(record.id, 0) + 1
                seen[record.id] = count
                if count > 1:
                    record.notes.append(f"duplicate id {record.id!r} renamed")
                    record.id = f"{record.id}~{count}"
                    seen[record.id] = 1
            yield record


def count_records(inputs: Iterable[str | Path]) -> int | None:
    """How many records the inputs hold, for a progress bar's ETA (None for standard input).

    A cheap pass: files are counted, JSONL lines counted, CSV rows counted, nothing parsed.
    """
    total = 0
    for path in iter_input_files(list(inputs)):
        name = path.name.lower()
        if str(path) == "-":
            return None
        try:
            if name.endswith(TEXT_SUFFIXES):
                total += 1
            elif name.endswith(JSONL_SUFFIXES):
                total += sum(1 for _, line in _open_lines(path) if line.strip())
            elif name.endswith(CSV_SUFFIXES):
                opener = gzip.open if name.endswith(".gz") else open
                with opener(path, "rt", encoding="utf-8", errors="replace", newline="") as f:
                    total += max(0, sum(1 for _ in csv.reader(f)) - 1)
        except (OSError, EOFError, zlib.error, csv.Error):
            continue
    return total
