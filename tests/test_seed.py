"""The article the project was born from: every list scores 1.0, as the README promises."""

import json
from pathlib import Path

import pytest

from pipeline.articles import read_articles
from pipeline.evaluate import LISTS, Evaluation, predicted_facts, score_article
from pipeline.extract import extract_tables

ROOT = Path(__file__).resolve().parent.parent
SEED_TEXT = ROOT / "corpus" / "seed_ocp.txt"
SEED_GOLD = Path(__file__).resolve().parent / "data" / "seed_ocp.json"


@pytest.fixture(scope="module")
def seed_evaluation(nlp):
    result = extract_tables(read_articles([SEED_TEXT]), nlp)
    evaluation = Evaluation()
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    score_article(predicted_facts(result.tables, "seed_ocp"), gold, evaluation, "seed_ocp")
    return evaluation, result.tables


@pytest.mark.parametrize("name", LISTS)
def test_seed_list_f1(seed_evaluation, name):
    evaluation, _ = seed_evaluation
    assert evaluation.scores[name].f1 == 1.0, [e for e in evaluation.errors if e["list"] == name]


def test_seed_reporting_rows(seed_evaluation):
    _, tables = seed_evaluation
    rows = set(map(tuple, tables["reporting"][["subordinate", "manager"]].values))
    assert rows == {("Agnès Van de Walle", "Alain Bernard"), ("Luc Badier", "Alain Bernard"),
                    ("Raissa Lamrani", "Alain Bernard")}
