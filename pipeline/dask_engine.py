"""The Dask engine: the same extraction, on a Dask cluster.

The client reads the inputs (and skips unchanged articles) as the local engine does, cuts the
records into partitions and submits each to the cluster; a worker extracts a partition with
`extract_chunk`, the function the local worker pool runs, on a pipeline it loads once per
worker process. Results come back in input order; each partition's tables are written as
Parquet parts under ``parts/`` and its articles saved to the run store, from which the same
CSV and Parquet tables as a local run are exported.

    organigramme extract dump.jsonl.gz --engine dask                     # LocalCluster
    organigramme extract dump.jsonl.gz --engine dask --scheduler tcp://host:8786
"""

from __future__ import annotations

import logging
import os
import shutil
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.engines import PipelineSpec, cached_pipeline, chunks, extract_chunk
from pipeline.output import atomic_file
from pipeline.tables import COLUMNS, INTEGER_COLUMNS, frame_of, merge_rows

log = logging.getLogger("organigramme")

PARTITION_RETRIES = 2          # a partition whose task fails is run again this many times
DEFAULT_PARTITION_ARTICLES = 250
PARTITIONS_IN_FLIGHT_PER_WORKER = 2
PARTITIONS_PER_WORKER = 4     # by default: small enough that no worker idles long at the end
SCHEDULER_TIMEOUT = "10s"     # how long to try to reach a scheduler before giving up


class DaskUnavailable(RuntimeError):
    """Dask is an optional extra."""


def _distributed():
    try:
        import distributed
    except ImportError:
        raise DaskUnavailable("the Dask engine needs Dask: pip install 'organigramme[dask]'") \
            from None
    return distributed


@contextmanager
def dask_client(scheduler: str | None, workers: int | None = None):
    """A client of the cluster at `scheduler`, or of a LocalCluster on this machine with
    `workers` single-threaded worker processes (one per core by default: the pipeline keeps
    per-doc state and spaCy computes on one core per process)."""
    distributed = _distributed()
    if scheduler:
        try:
            client = distributed.Client(scheduler, timeout=SCHEDULER_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as error:
            raise DaskUnavailable(f"cannot reach the Dask scheduler at {scheduler}: "
                                  f"{error}") from None
        with client:
            yield client
        return
    # The dashboard goes on a free port: a cluster may already hold Dask's usual 8787.
    with distributed.LocalCluster(n_workers=workers or os.cpu_count() or 1,
                                  threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster, \
            distributed.Client(cluster) as client:
        log.info("Dask dashboard: %s", client.dashboard_link)
        yield client


def _load(spec: PipelineSpec) -> str:
    return cached_pipeline(spec).meta["organigramme"]["rules_digest"]


def load_on_workers(client, spec: PipelineSpec) -> None:
    """Load the pipeline on every worker now: a worker whose model or rules differ fails
    the run before any article is sent (`RulesMismatch`, `ModelError`)."""
    client.run(_load, spec)


def partition_size(total: int | None, partitions: int | None, workers: int) -> int:
    """Articles per partition: `partitions` of about equal size; by default enough
    partitions to keep every worker busy to the end, of at most 250 articles each."""
    if not total:
        return DEFAULT_PARTITION_ARTICLES
    if not partitions:
        partitions = max(workers * PARTITIONS_PER_WORKER, -(-total // DEFAULT_PARTITION_ARTICLES))
    return max(1, -(-total // partitions))


def worker_count(client) -> int:
    return max(1, len(client.scheduler_info().get("workers", {})))


def on_dask(records: Iterable, spec: PipelineSpec, client, size: int,
            parts_dir: Path | None = None, batch_size: int = 16) -> Iterator:
    """Each record's `Extracted` outcome, in input order, from the cluster behind `client`."""
    if parts_dir is not None:
        shutil.rmtree(parts_dir, ignore_errors=True)
    in_flight = worker_count(client) * PARTITIONS_IN_FLIGHT_PER_WORKER
    pending: deque = deque()
    number = 0

    def collect(future, index):
        items = future.result()
        if parts_dir is not None:
            write_parts(items, parts_dir, index)
        return items

    for partition in chunks(records, size):
        pending.append((client.submit(extract_chunk, partition, spec, batch_size,
                                      retries=PARTITION_RETRIES, pure=False), number))
        number += 1
        while len(pending) >= in_flight:
            yield from collect(*pending.popleft())
    while pending:
        yield from collect(*pending.popleft())


def write_parts(items: list, parts_dir: Path, index: int) -> None:
    """One partition's tables as Parquet parts: ``parts/<table>/part-00007.parquet``."""
    rows: dict[str, list[dict]] = {}
    for item in items:
        merge_rows(rows, item.rows.items())
    for name in COLUMNS:
        frame = frame_of(name, rows.get(name, []))
        path = parts_dir / name / f"part-{index:05d}.parquet"
        with atomic_file(path) as stream:
            frame.astype({c: "string" for c in frame.columns
                          if c not in INTEGER_COLUMNS}).to_parquet(stream, index=False)
