"""Extraction runs: articles in, tables out.

`extract_tables` collects the rows of every article (`pipeline.annotate`, run by one of the
`pipeline.engines`) into DataFrames, for tests, `evaluate`, and any caller that wants tables
in memory. `run_extract` is the batch run behind the CLI: incremental and resumable through a
SQLite store in the outputs folder, with tables exported chunk by chunk so memory stays flat
on large dumps.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from spacy.language import Language

from pipeline.annotate import Extracted
from pipeline.articles import (
    STDIN_PREFIX, Article, InputError, Rejected, check_inputs, count_records, read_articles,
)
from pipeline.careers import (
    CAREERS_COLUMNS, career_rows, careers_table, dump_identities, previous_careers,
    with_previous_reviews,
)
from pipeline.dask_engine import (
    dask_client, load_on_workers, on_dask, partition_size, worker_count,
)
from pipeline.engines import (
    PipelineSpec, cached_pipeline, in_process, in_worker_pool, spec_for, spec_of,
)
from pipeline.nlp import DEFAULT_MODEL, describe
from pipeline.output import atomic_file, read_table, write_json, write_table_chunks
from pipeline.review import (
    CAREERS, REVIEWED_TABLES, ReviewCarrier, previous_reviews, review_files,
    write_review_workbook,
)
from pipeline.rules import load_identity_reviews, load_suppressed
from pipeline.store import RunStore
from pipeline.tables import (
    COLUMNS, INTEGER_COLUMNS, frame_of, merge_rows, table_columns, to_frames,
)

log = logging.getLogger("organigramme")

COMMIT_SECONDS = 2.0   # commit the run store at least this often,
COMMIT_ARTICLES = 50   # or after this many articles: a crash loses little


@dataclass
class ExtractResult:
    tables: dict[str, pd.DataFrame]
    processed: int = 0
    rejected: int = 0
    skipped: int = 0
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)
    skipped_files: list[str] = field(default_factory=list)
    review_notes: list[str] = field(default_factory=list)
    named: list[str] = field(default_factory=list)  # articles given an id (stdin had none)


def _warn(rejected: Rejected) -> None:
    where = f"{rejected.source}:{rejected.line}" if rejected.line else rejected.source
    log.warning("rejected %s: %s", where, rejected.reason)


def extracted_stream(records: Iterable[Article | Rejected], nlp: Language, spec: PipelineSpec,
                     batch_size: int = 16, n_process: int = 1) -> Iterator[Extracted]:
    """Each record's outcome, in input order, from this process or a pool of workers."""
    if n_process > 1:
        return in_worker_pool(records, nlp, spec, n_process, batch_size)
    return in_process(records, nlp, batch_size)


def extract_tables(records: Iterable[Article | Rejected], nlp: Language, batch_size: int = 16,
                   n_process: int = 1, on_article: Callable[[Article], None] | None = None,
                   on_reject: Callable[[Rejected], None] | None = None,
                   spec: PipelineSpec | None = None) -> ExtractResult:
    """Run the pipeline over articles and return every table as a DataFrame.

    With `n_process` > 1, workers build the pipeline `spec` names (by default, the model
    and rules `nlp` was loaded from); on Linux they inherit `nlp` itself.
    """
    started = time.perf_counter()
    on_reject = on_reject or _warn
    rows = {name: [] for name in COLUMNS}
    result = ExtractResult(tables={})
    spec = spec or spec_of(nlp)
    for item in extracted_stream(records, nlp, spec, batch_size, n_process):
        merge_rows(rows, item.rows.items())
        if item.rejected is not None:
            result.rejected += 1
            on_reject(item.rejected)
        else:
            result.processed += 1
            if on_article:
                on_article(item.article)
    result.tables = to_frames(rows)
    add_careers(result.tables)
    result.counts = {name: len(frame) for name, frame in result.tables.items()}
    result.seconds = time.perf_counter() - started
    return result


SUPPRESSIBLE = ("roles", "reporting", "successions")


def without_suppressed(name: str, frame: pd.DataFrame, suppressed: set[str]) -> pd.DataFrame:
    """A relation table without the facts reviewers marked wrong (learned into the rules)."""
    if name in SUPPRESSIBLE and suppressed:
        return frame[~frame["fact_id"].isin(suppressed)]
    return frame


def drop_suppressed(tables: dict[str, pd.DataFrame], suppressed: set[str]) -> None:
    for name in SUPPRESSIBLE:
        tables[name] = without_suppressed(name, tables[name], suppressed).reset_index(drop=True)


def with_reviews(name: str, chunks: Iterable[pd.DataFrame], reviews: dict[str, dict]
                 ) -> Iterator[pd.DataFrame]:
    """A table's chunks with the reviewers' work (`previous_reviews` of the outputs folder)
    carried over (verdicts, fixed rows, missing rows), then the reviewer rows no chunk
    produced."""
    if name not in REVIEWED_TABLES:
        yield from chunks
        return
    carrier = ReviewCarrier(name, reviews.get(name, {}))
    for chunk in chunks:
        yield carrier.apply(chunk)
    extra = carrier.leftovers()
    if extra is not None:
        yield extra


def add_careers(tables: dict[str, pd.DataFrame], learned: list[dict] | None = None,
                previous: pd.DataFrame | None = None) -> None:
    """Put a dump's tables together: person_id on people, org_id on organizations, and the
    careers table (`pipeline.careers`), with reviewers' corrections of who is whom (`learned`
    from the models folder, the `previous` careers table of the outputs folder)."""
    identities = dump_identities(tables["people"], tables["organizations"], tables["roles"],
                                 learned or [], previous)
    tables["people"] = identities.label_people(tables["people"])
    tables["organizations"] = identities.label_organizations(tables["organizations"])
    tables[CAREERS] = with_previous_reviews(
        careers_table(career_rows(tables["roles"]), tables["articles"], identities), previous)


def write_tables(tables: dict[str, pd.DataFrame], out_dir: Path, xlsx: bool = False
                 ) -> list[str]:
    """Write in-memory tables, keeping reviewers' work in the tables (and review.xlsx)
    already there; returns the notes on reviews that disagreed."""
    reviewed = review_files(Path(out_dir))  # read once: the fact tables and careers
    reviews, notes = previous_reviews(Path(out_dir), reviewed)
    previous = previous_careers(Path(out_dir), reviewed)
    for name, frame in tables.items():
        path = Path(out_dir) / f"{name}.csv"
        if name == CAREERS:
            frame = with_previous_reviews(frame, previous)
        chunks = list(with_reviews(name, [frame], reviews))
        tables[name] = pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else chunks[0]
        write_table_chunks(chunks, list(frame.columns), path)
    if xlsx:
        write_review_workbook({name: tables[name] for name in (*REVIEWED_TABLES, CAREERS)
                               if name in tables}, Path(out_dir) / "review.xlsx")
    return notes


def write_texts(texts: dict[str, str], path: Path) -> None:
    """The articles' texts, for the HTML report (``organigramme report``)."""
    _write_jsonl_gz(({"article_id": k, "text": v} for k, v in texts.items()), path)


def _write_jsonl_gz(rows: Iterable[dict], path: Path) -> None:
    """Stream rows into a gzipped JSONL file: a long run's texts never sit in memory whole."""
    with atomic_file(path) as stream, gzip.GzipFile(filename="", fileobj=stream, mode="wb",
                                                       mtime=0) as archive:
        for row in rows:
            archive.write((json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8"))


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


STORE_NAME = "state.sqlite"
LOCK_NAME = ".organigramme.lock"  # held while a run writes the folder
PARTS_DIR = "parts"  # the Dask engine's per-partition Parquet tables


def export_tables(store: RunStore, out: Path, suppressed: set[str], xlsx: bool = False,
                  learned_identities: list[dict] | None = None) -> tuple[dict, list[str]]:
    """Write every CSV table from the store, chunk by chunk, with the reviewers' work in the
    folder (CSV tables and review.xlsx) carried over, person and org ids across the whole
    store, and the careers table; returns row counts and the notes on reviews that
    disagreed."""
    counts = {}
    reviewed = review_files(out)  # read once: the fact tables and careers
    reviews, notes = previous_reviews(out, reviewed)
    previous = previous_careers(out, reviewed)
    sources = {"articles": ("articles", "rejected_article")}

    def stored(name: str) -> Iterator[pd.DataFrame]:
        for source in sources.get(name, (name,)):
            for rows in store.rows(source):
                yield without_suppressed(name, frame_of(name, rows), suppressed)

    def whole(name: str) -> pd.DataFrame:
        return pd.concat([frame_of(name, []), *stored(name)], ignore_index=True)

    # who is whom needs every article's people, organisations and roles at once (a few
    # short columns per row, where the tables themselves are written chunk by chunk)
    identities = dump_identities(whole("people"), whole("organizations"), whole("roles"),
                                 learned_identities or [], previous)
    labelled = {"people": identities.label_people,
                "organizations": identities.label_organizations}
    roles_written: list[pd.DataFrame] = []

    def counted(name: str, chunks: Iterable[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        counts[name] = 0
        for chunk in chunks:
            counts[name] += len(chunk)
            if name == "roles":
                roles_written.append(chunk)
            yield chunk

    for name in COLUMNS:
        path = out / f"{name}.csv"
        chunks = (labelled[name](c) if name in labelled else c for c in stored(name))
        write_table_chunks(counted(name, with_reviews(name, chunks, reviews)),
                           table_columns(name), path, parquet=out / f"{name}.parquet",
                           integer_columns=INTEGER_COLUMNS)
    roles = pd.concat([frame_of("roles", []), *roles_written], ignore_index=True)
    careers = with_previous_reviews(careers_table(career_rows(roles), whole("articles"),
                                                  identities), previous)
    counts[CAREERS] = len(careers)
    write_table_chunks([careers], CAREERS_COLUMNS, out / f"{CAREERS}.csv",
                       parquet=out / f"{CAREERS}.parquet")
    _write_jsonl_gz((row for rows in store.rows("text", chunk_size=200) for row in rows),
                    out / "texts.jsonl.gz")
    if xlsx:
        tables = {name: read_table(out / f"{name}.csv") for name in (*REVIEWED_TABLES, CAREERS)}
        write_review_workbook(tables, out / "review.xlsx")
    return counts, notes


class AnonymousNames:
    """Names for articles read without an id (standard input): ``stdin-1``, ``stdin-2``, …
    after those the outputs folder already holds, the same name again for a text it already
    holds, so a weekly run adds to the last one instead of overwriting it."""

    def __init__(self, store: RunStore):
        self.known = store.ids_with_prefix(f"{STDIN_PREFIX}-")
        numbers = [int(i.rsplit("-", 1)[1]) for i in self.known.values()
                   if i.rsplit("-", 1)[1].isdigit()]
        self.next = max(numbers, default=0) + 1

    def name(self, article: Article) -> None:
        given = self.known.get(article.sha256)
        if given is None:
            given = f"{STDIN_PREFIX}-{self.next}"
            self.next += 1
            self.known[article.sha256] = given
        article.notes.append(f"no id on line {article.line} of standard input: named {given}")
        article.id = given


ENGINES = ("local", "dask")


def run_extract(inputs: list[str], out_dir: str | Path = "outputs", model: str = DEFAULT_MODEL,
                models_dir: str | Path | None = None, batch_size: int = 16, n_process: int = 1,
                text_column: str = "text", id_column: str = "id",
                nlp: Language | None = None, on_article=None, xlsx: bool = False,
                force: bool = False, engine: str = "local", scheduler: str | None = None,
                partitions: int | None = None) -> ExtractResult:
    """Extract the inputs into the tables of `out_dir`, incrementally.

    Articles already extracted from the same text with the same model and rules are skipped
    (`force` redoes them); each article's rows are committed to ``state.sqlite`` as soon as
    it is done, so an interrupted run resumes where it stopped.

    `engine` "local" runs here, in `n_process` processes; "dask" on the Dask cluster at
    `scheduler` or, without one, on a LocalCluster of `n_process` workers (one per core if
    1), in about `partitions` partitions.
    """
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    started = time.perf_counter()
    check_inputs(inputs)
    out = prepare_output(out_dir)
    lock = hold_folder(out)
    try:
        return _run_extract(inputs, out, model, models_dir, batch_size, n_process, text_column,
                            id_column, nlp, on_article, xlsx, force, engine, scheduler,
                            partitions, started)
    finally:
        lock.close()


def hold_folder(out: Path):
    """Hold the outputs folder for this run: a second run on the same folder at once would
    interleave its tables with this one's. Returns the open lock file (closing it lets go)."""
    import fcntl

    handle = open(out / LOCK_NAME, "a+", encoding="utf-8")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.seek(0)
        holder = handle.read().strip()
        handle.close()
        raise InputError(f"{out}: another run holds this folder"
                         + (f" (process {holder})" if holder else "")
                         + "; wait for it to finish, or write to another --out") from None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    return handle


def _run_extract(inputs, out, model, models_dir, batch_size, n_process, text_column, id_column,
                 nlp, on_article, xlsx, force, engine, scheduler, partitions, started
                 ) -> ExtractResult:
    suppressed = load_suppressed(models_dir)
    learned_identities = load_identity_reviews(models_dir)
    spec = spec_for(model, models_dir)
    nlp = nlp or cached_pipeline(spec)
    info = describe(nlp)
    fingerprint = f"{info['model']}={info['model_version']}|rules={info['rules_digest']}"
    store = RunStore(out / STORE_NAME)
    store.clear_rejected()
    result = ExtractResult(tables={})
    skipped_files: list[str] = []

    anonymous = AnonymousNames(store)

    def still_to_do(records):
        for record in records:
            if isinstance(record, Article) and record.provisional_id:
                anonymous.name(record)
                result.named.append(record.id)
            if isinstance(record, Article) and not force and \
                    store.is_current(record.id, record.sha256, fingerprint):
                result.skipped += 1
                if on_article:
                    on_article(record)
                continue
            yield record

    records = still_to_do(read_articles(inputs, text_column, id_column, skipped_files))
    last_commit = time.monotonic()
    uncommitted = 0
    resources = ExitStack()
    try:
        if engine == "dask":
            client = resources.enter_context(
                dask_client(scheduler, n_process if n_process > 1 else None))
            load_on_workers(client, spec)
            size = partition_size(count_records(inputs), partitions, worker_count(client))
            stream = on_dask(records, spec, client, size, out / PARTS_DIR, batch_size)
        else:
            stream = extracted_stream(records, nlp, spec, batch_size, n_process)
        for item in stream:
            if item.rejected is not None:
                rejected = item.rejected
                result.rejected += 1
                _warn(rejected)
                key = f"~rejected:{rejected.source}:{rejected.line}:{rejected.id}"
                store.save_rejected(key, item.rows["rejected"][0], item.rows["articles"][0])
            else:
                article = item.article
                rows = dict(item.rows)
                rows["text"] = [{"article_id": article.id, "text": article.text}]
                store.save(article.id, article.sha256, fingerprint, rows)
                result.processed += 1
                if on_article:
                    on_article(article)
            uncommitted += 1
            if uncommitted >= COMMIT_ARTICLES or time.monotonic() - last_commit > COMMIT_SECONDS:
                store.commit()
                last_commit, uncommitted = time.monotonic(), 0
        store.commit()
        resources.close()
        counts, result.review_notes = export_tables(store, out, suppressed, xlsx,
                                                    learned_identities)
        total = store.count()
    finally:
        resources.close()
        store.close()
    result.skipped_files = skipped_files
    result.counts = counts
    result.seconds = time.perf_counter() - started
    write_json({
        **info,
        "inputs": [str(i) for i in inputs],
        "engine": engine,
        "articles": total,
        "new_or_changed": result.processed,
        "skipped_unchanged": result.skipped,
        "rejected": result.rejected,
        "skipped_files": skipped_files,
        "rows": counts,
        "seconds": round(result.seconds, 3),
    }, out / "run.json")
    return result
