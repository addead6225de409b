"""Where extraction runs: in this process, in a pool of worker processes, or on a Dask cluster.

Every engine runs the same plain function, `extract_records`, on chunks of input records, and
yields each record's `Extracted` outcome in input order; `run_extract` saves them the same
way whatever the engine. A worker loads the spaCy pipeline once (`cached_pipeline`), not per
chunk, and sends back rows, never Docs: the parent only stores them.
"""

from __future__ import annotations

import logging
import multiprocessing
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from spacy.language import Language

from pipeline.annotate import iter_extracted, rejection
from pipeline.articles import Article, Rejected
from pipeline.nlp import exported_meta, load_pipeline
from pipeline.rules import DEFAULT_MODELS_DIR, rules_digest

log = logging.getLogger("organigramme")

# Articles per chunk handed to a worker: large enough that sending rows back costs little
# next to the extraction, small enough that a crash or Ctrl-C loses little.
CHUNK_ARTICLES = 32
# Chunks queued per worker: keeps workers busy while the parent stores results, without
# reading the whole dump ahead into memory.
CHUNKS_IN_FLIGHT_PER_WORKER = 3


@dataclass(frozen=True)
class PipelineSpec:
    """What a worker needs to build the same pipeline as the parent: names, not objects.

    `models_dir` None means the rules shipped with the installed project, wherever it is
    installed on the worker's machine; `digest` is the hash of the rules the parent used,
    so a worker with different rules refuses to run rather than answer differently.
    """

    model: str
    models_dir: str | None
    digest: str

    def load(self) -> Language:
        return load_pipeline(self.model, self.models_dir)


class RulesMismatch(RuntimeError):
    """A worker's rule files are not those of the run that sent it work."""


_pipelines: dict[tuple[str, str | None], Language] = {}


def cached_pipeline(spec: PipelineSpec) -> Language:
    """The pipeline for `spec`, loaded once per process (again when its rules changed)."""
    key = (spec.model, spec.models_dir)
    nlp = _pipelines.get(key)
    if nlp is None or _digest(nlp) != spec.digest:
        nlp = _pipelines[key] = spec.load()
        if _digest(nlp) != spec.digest:
            raise RulesMismatch(
                f"the rules here ({nlp.meta['organigramme'].get('rules_folder')}, digest "
                f"{_digest(nlp)}) are not the run's (digest {spec.digest}): install the same "
                "project and rules on every machine")
    return nlp


def _digest(nlp: Language) -> str:
    return nlp.meta.get("organigramme", {}).get("rules_digest", "")


def remember_pipeline(spec: PipelineSpec, nlp: Language) -> None:
    """Use an already loaded pipeline for `spec` (forked workers inherit it)."""
    _pipelines[(spec.model, spec.models_dir)] = nlp


def spec_for(model: str, models_dir: str | Path | None) -> PipelineSpec:
    """The spec of the pipeline made of `model` and the rules of `models_dir`; a pipeline
    folder saved by `export-pipeline` carries its rules and their digest."""
    exported = exported_meta(model)
    if exported is not None:
        return PipelineSpec(str(Path(model).resolve()), None, exported.get("rules_digest", ""))
    folder = Path(models_dir or DEFAULT_MODELS_DIR).resolve()
    shipped = folder == DEFAULT_MODELS_DIR.resolve()
    return PipelineSpec(model, None if shipped else str(folder), rules_digest(folder))


def spec_of(nlp: Language) -> PipelineSpec:
    """The spec of a pipeline built by `load_pipeline`: its model and its rules."""
    meta = nlp.meta.get("organigramme", {})
    if meta.get("pipeline_path"):
        return spec_for(meta["pipeline_path"], None)
    return spec_for(f"{nlp.meta['lang']}_{nlp.meta['name']}", meta.get("rules_folder") or None)


def chunks(records: Iterable, size: int = CHUNK_ARTICLES) -> Iterator[list]:
    iterator = iter(records)
    while chunk := list(islice(iterator, size)):
        yield chunk


def extract_records(records: list[Article | Rejected], nlp: Language,
                    batch_size: int = 16) -> list:
    """Extract one chunk of records: the function every engine runs.

    An article that makes the pipeline fail is rejected with the error, and the rest of the
    chunk is kept: on a failure the chunk is redone one article at a time.
    """
    try:
        return list(iter_extracted(records, nlp, batch_size))
    except Exception as error:  # noqa: BLE001 (any pipeline failure rejects its article)
        if len(records) == 1:
            record = records[0]
            log.exception("extraction failed on %s", record.id)
            return [rejection(Rejected(record.id, record.source, record.line,
                                       f"extraction failed: {type(error).__name__}: {error}"))]
        return [item for record in records for item in extract_records([record], nlp,
                                                                         batch_size)]


def extract_chunk(records: list, spec: PipelineSpec, batch_size: int = 16) -> list:
    """`extract_records` with the worker's own pipeline (the task pool and Dask workers run)."""
    return extract_records(records, cached_pipeline(spec), batch_size)


def in_process(records: Iterable, nlp: Language, batch_size: int = 16) -> Iterator:
    for chunk in chunks(records):
        yield from extract_records(chunk, nlp, batch_size)


def _start_method() -> str:
    # Forked workers start at once with the parent's pipeline already in memory; where fork
    # is unsafe or missing (macOS, Windows), spawned workers load it by name.
    return "fork" if sys.platform.startswith("linux") else "spawn"


def in_worker_pool(records: Iterable, nlp: Language, spec: PipelineSpec, n_process: int,
                   batch_size: int = 16) -> Iterator:
    """Chunks of records extracted by `n_process` worker processes, results in input order."""
    remember_pipeline(spec, nlp)
    context = multiprocessing.get_context(_start_method())
    pool = context.Pool(n_process)
    pending: deque = deque()
    try:
        for chunk in chunks(records):
            pending.append(pool.apply_async(extract_chunk, (chunk, spec, batch_size)))
            while len(pending) >= n_process * CHUNKS_IN_FLIGHT_PER_WORKER:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
        pool.close()
    finally:
        pool.terminate()
        pool.join()
