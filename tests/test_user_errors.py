"""What a user gets wrong, or what the input does not say, gives one clear line and exit 2 (or a
note in articles.csv), never a traceback; input without ids or in another language is kept."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.articles import split_metadata
from pipeline.cli import app
from pipeline.output import read_table

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def reuse_nlp(nlp):
    return nlp


def test_evaluate_on_a_folder_without_gold_files(tmp_path):
    (tmp_path / "a.txt").write_text("Claire Dumas rejoint Norsys.", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.strip() == (f"error: {tmp_path}: no gold files (an <id>.json beside "
                                     "an <id>.txt) to score against")


def test_an_unreachable_dask_scheduler(reuse_nlp, tmp_path):
    pytest.importorskip("distributed")
    (tmp_path / "a.txt").write_text("Claire Dumas rejoint Norsys.", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path / "a.txt"), "--out", str(tmp_path / "o"),
                                 "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.output
    assert "Traceback" not in result.output


def _stdin(*texts):
    return "".join(json.dumps({"text": text}) + "\n" for text in texts)


def test_articles_from_stdin_without_ids_are_named_and_kept_run_after_run(reuse_nlp, tmp_path):
    out = tmp_path / "out"
    first = runner.invoke(app, ["extract", "-", "--out", str(out)],
                          input=_stdin("Claire Dumas est nommée directrice de Norsys.",
                                       "Paul Girard rejoint Altair."))
    assert first.exit_code == 0, first.output
    assert "2 articles from standard input had no id: named stdin-1, stdin-2" in first.output
    second = runner.invoke(app, ["extract", "-", "--out", str(out)],
                           input=_stdin("Léa Morel rejoint Borealis.",
                                        "Paul Girard rejoint Altair."))
    assert second.exit_code == 0, second.output
    articles = read_table(out / "articles.csv")
    assert dict(zip(articles.article_id, articles.chars.astype(int))) == {
        "stdin-1": 45, "stdin-2": 27, "stdin-3": 27}
    assert "no id on line 1 of standard input: named stdin-3" in set(articles.error)
    assert {"Claire Dumas", "Léa Morel", "Paul Girard"} <= set(read_table(out / "people.csv").person)


@pytest.mark.parametrize("raw, date, text", [
    (" date 2019-05\nZurich - Claire Dumas rejoint Norsys.", "2019-05",
     "Zurich - Claire Dumas rejoint Norsys."),
    (" date 2019-05-14\n\nClaire Dumas rejoint Norsys.", "2019-05-14",
     "Claire Dumas rejoint Norsys."),
    (" date 2019-05 Zurich - Claire Dumas rejoint Norsys.", "2019-05",
     "Zurich - Claire Dumas rejoint Norsys."),
])
def test_a_date_marker_on_its_own_line_is_the_articles_date(raw, date, text):
    assert split_metadata(raw) == (text, None, date)


def test_an_article_not_in_french_is_flagged_and_processed(reuse_nlp, tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "en.txt").write_text(
        "The board of Norsys appointed Claire Dumas as chief financial officer. She will take "
        "over from Paul Girard, who is leaving the company after ten years in the role, and "
        "she will report to the chief executive of the group.", encoding="utf-8")
    (corpus / "fr.txt").write_text(
        "Le conseil de Norsys a nommé Claire Dumas directrice financière. Elle succède à Paul "
        "Girard, qui quitte l'entreprise après dix ans dans ce rôle, et elle reportera au "
        "directeur général du groupe.", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(corpus), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    articles = read_table(tmp_path / "out" / "articles.csv").set_index("article_id")
    assert articles.loc["en", "language"] == "en" and articles.loc["fr", "language"] == "fr"
    assert "not French (looks English): extracted as French" in articles.loc["en", "error"]
    assert articles.loc["en", "status"] == "ok" and articles.loc["fr", "error"] == ""


def test_a_second_run_on_a_folder_another_run_holds(reuse_nlp, tmp_path):
    from pipeline.extract import hold_folder

    out = tmp_path / "out"
    first = runner.invoke(app, ["extract", str(ROOT / "corpus"), "--out", str(out)])
    assert first.exit_code == 0, first.output
    before = {p.name: p.read_bytes() for p in out.glob("*.csv")}
    lock = hold_folder(out)  # as a run still writing would
    try:
        second = runner.invoke(app, ["extract", str(ROOT / "corpus"), "--out", str(out),
                                     "--force"])
    finally:
        lock.close()
    assert second.exit_code == 2
    assert f"{out}: another run holds this folder" in second.output
    assert "Traceback" not in second.output and "database is locked" not in second.output
    assert {p.name: p.read_bytes() for p in out.glob("*.csv")} == before
    third = runner.invoke(app, ["extract", str(ROOT / "corpus"), "--out", str(out)])
    assert third.exit_code == 0, third.output  # the folder is free again
