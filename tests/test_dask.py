"""The Dask engine gives the local engine's tables, retries failed partitions, rejects bad
records and re-runs incrementally."""

import gzip
import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from test_batch_runs import article_text

from pipeline.articles import Article, Rejected
from pipeline.cli import app
from pipeline.engines import spec_of
from pipeline.output import read_table

distributed = pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parent.parent
TABLES = ["articles", "people", "organizations", "units", "roles", "reporting", "successions",
          "mentions", "rejected"]
runner = CliRunner()


@pytest.fixture(scope="module")
def dump(tmp_path_factory):
    """The bundled corpus plus 20 written articles and two broken lines, as one JSONL dump."""
    folder = tmp_path_factory.mktemp("dask")
    lines = [json.dumps({"id": f"gen-{i}", "text": article_text(i)}, ensure_ascii=False)
             for i in range(20)]
    lines.insert(7, '{"id": "cut-off", "text": "Claire Fon')
    lines.insert(15, json.dumps({"id": "no-text"}))
    path = folder / "dump.jsonl.gz"
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8")))
    return [str(ROOT / "corpus" / "seed_ocp.txt"), str(ROOT / "corpus" / "sample_altair.txt"),
            str(path)]


def sorted_tables(out: Path) -> dict[str, pd.DataFrame]:
    tables = {}
    for name in TABLES:
        frame = read_table(out / f"{name}.csv")
        tables[name] = frame.sort_values(list(frame.columns)).reset_index(drop=True)
    return tables


def extract(args: list[str]):
    result = runner.invoke(app, ["extract", *args])
    assert result.exit_code == 0, result.output
    return result


def test_dask_engine_gives_the_local_tables(nlp, dump, tmp_path):
    local, on_dask = tmp_path / "local", tmp_path / "dask"
    extract([*dump, "--out", str(local)])
    extract([*dump, "--out", str(on_dask), "--engine", "dask", "--n-process", "2",
             "--partitions", "4"])
    expected, got = sorted_tables(local), sorted_tables(on_dask)
    for name in TABLES:
        pd.testing.assert_frame_equal(expected[name], got[name], obj=name)
    assert len(got["roles"]) > 20 and len(got["rejected"]) == 2
    for name in ("roles", "people"):
        assert pd.read_parquet(on_dask / f"{name}.parquet").shape[0] == len(got[name])
    parts = sorted((on_dask / "parts" / "roles").glob("part-*.parquet"))
    assert len(parts) == 4
    assert sum(len(pd.read_parquet(p)) for p in parts) == len(got["roles"])
    assert json.loads((on_dask / "run.json").read_text())["engine"] == "dask"


def test_dask_engine_on_a_running_cluster_is_incremental(nlp, dump, tmp_path):
    out = tmp_path / "out"
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1,
                                  dashboard_address=":0") as cluster:
        address = cluster.scheduler_address
        first = extract([*dump, "--out", str(out), "--engine", "dask", "--scheduler", address])
        assert "22 articles extracted" in first.output and "2 rejected" in first.output
        again = extract([*dump, "--out", str(out), "--engine", "dask", "--scheduler", address])
    assert "0 articles extracted" in again.output and "22 unchanged" in again.output
    assert len(read_table(out / "rejected.csv")) == 2


def test_a_failed_partition_is_retried(nlp, monkeypatch, tmp_path):
    import pipeline.dask_engine as dask_engine

    real = dask_engine.extract_chunk
    tries = tmp_path / "tries"  # the task runs on a copy of this function: count on disk

    def flaky(records, spec, batch_size):
        with (tries).open("a") as log:
            log.write(records[0].id + "\n")
        if records[0].id == "a3" and tries.read_text().split().count("a3") == 1:
            raise OSError("worker lost its scratch disk")
        return real(records, spec, batch_size)

    monkeypatch.setattr(dask_engine, "extract_chunk", flaky)
    records = [Article(f"a{i}", article_text(i), "mem") for i in range(8)]
    records.insert(3, Rejected("bad", "mem", 4, "not valid JSON"))
    with distributed.Client(processes=False, n_workers=1, threads_per_worker=1,
                            dashboard_address=":0") as client:
        items = list(dask_engine.on_dask(records, spec_of(nlp), client, size=4))
    assert sorted(tries.read_text().split()) == ["a0", "a3", "a3", "a7"]
    assert sorted(i.article.id if i.article else i.rejected.id for i in items) == \
        ["a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "bad"]
    assert all(i.rows["roles"] for i in items if i.article)
