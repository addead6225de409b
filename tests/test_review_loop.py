"""The review loop: extract → a reviewer corrects the CSVs → learn → extract again."""

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.nlp import add_organigramme_pipes
from pipeline.output import read_table, write_table
from pipeline.rules import DEFAULT_MODELS_DIR, load_rules

runner = CliRunner()

ARTICLES = {
    "altair": "Altair réorganise ses équipes. Claire Fontaine est nommée directrice du pôle "
              "Santé Connectée. Marc Duval, grand argentier d'Altair, reste en poste. "
              "Paul Mercier, président d'Altair, reporte à Anne Leroy.",
    "renault": "Chez Renault, Thomas Garnier remplace Hélène Dubois à la tête de la division "
               "Énergies Marines. Léa Morel, grand argentier de Renault, présente les comptes.",
}
FACTS = ["people", "organizations", "units", "roles", "reporting", "successions"]


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in ARTICLES.items():
        (corpus / f"{name}.txt").write_text(text, encoding="utf-8")
    models = tmp_path / "models"
    shutil.copytree(DEFAULT_MODELS_DIR, models)
    return corpus, models, tmp_path / "out"


def extract(nlp_base, corpus, models, out, monkeypatch):
    # A fresh pipeline per run (rules change between runs), on the session's model weights.
    import copy

    def build(model, models_dir):
        from pipeline.nlp import load_model
        return add_organigramme_pipes(load_model(model), load_rules(models_dir))

    monkeypatch.setattr("pipeline.engines.PipelineSpec.load",
                        lambda spec: build(spec.model, spec.models_dir))
    result = runner.invoke(app, ["extract", str(corpus), "--out", str(out), "--models",
                                 str(models), "--xlsx"])
    assert result.exit_code == 0, result.output
    return {name: read_table(out / f"{name}.csv") for name in FACTS + ["mentions"]}


def facts(frame, columns):
    return set(map(tuple, frame[columns].values))


def test_review_loop(nlp, workspace, monkeypatch):
    corpus, models, out = workspace
    first = extract(nlp, corpus, models, out, monkeypatch)
    assert "Santé Connectée" in set(first["units"].unit)
    assert not (first["roles"].title == "grand argentier").any()
    assert (out / "review.xlsx").exists()

    # The reviewer: one unit is wrong, one reporting line is right, a role was missed.
    units = first["units"].copy()
    units.loc[units.unit == "Santé Connectée", "verdict"] = "wrong"
    write_table(units, out / "units.csv")
    reporting = first["reporting"].copy()
    reporting.loc[:, "verdict"] = "ok"
    reporting.loc[:, "note"] = "checked"
    write_table(reporting, out / "reporting.csv")
    roles = first["roles"].copy()
    missing = {column: "" for column in roles.columns}
    missing.update(article_id="altair", person="Marc Duval", title="grand argentier",
                   org="Altair", status="current", verdict="missing")
    roles = pd.concat([roles, pd.DataFrame([missing])], ignore_index=True)
    write_table(roles, out / "roles.csv")

    learned = runner.invoke(app, ["learn", str(out / "units.csv"), str(out / "roles.csv"),
                                  str(out / "reporting.csv"), "--models", str(models)])
    assert learned.exit_code == 0, learned.output
    assert "learned.jsonl: +2" in learned.output
    lines = [json.loads(l) for l in (models / "entities" / "learned.jsonl").read_text().splitlines()]
    assert {(l["label"], l["pattern"]) for l in lines} == {("NOT_UNIT", "Santé Connectée"),
                                                           ("TITLE", "grand argentier")}
    assert all(l["source"].startswith(("units.csv#", "roles.csv#")) for l in lines)

    second = extract(nlp, corpus, models, out, monkeypatch)
    assert "Santé Connectée" not in set(second["units"].unit)
    found = second["roles"][second["roles"].title == "grand argentier"]
    assert set(zip(found.article_id, found.person)) == {("altair", "Marc Duval"),
                                                        ("renault", "Léa Morel")}
    marc = found[found.person == "Marc Duval"].iloc[0]
    assert marc.rule.startswith("title:") and marc.verdict == "missing"
    assert set(second["reporting"].verdict) == {"ok"} and set(second["reporting"].note) == {"checked"}

    # Nothing else changed.
    keys = {"people": ["article_id", "person"], "organizations": ["article_id", "organization"],
            "units": ["article_id", "unit", "kind", "parent"],
            "roles": ["article_id", "person", "title", "org", "unit", "status"],
            "reporting": ["article_id", "subordinate", "manager"],
            "successions": ["article_id", "successor", "predecessor"]}
    for name, columns in keys.items():
        before, after = facts(first[name], columns), facts(second[name], columns)
        if name == "units":
            before = {f for f in before if f[1] != "Santé Connectée"}
        if name == "roles":
            # the denied unit is no longer named in the role that pointed at it
            after = {f for f in after if f[2] != "grand argentier"}
            before = {f[:4] + ("" if f[4] == "Santé Connectée" else f[4],) + f[5:]
                      for f in before}
        assert before == after, name


def test_learn_reports_invalid_rows_and_learns_the_rest(workspace, tmp_path):
    _, models, _ = workspace
    reviewed = tmp_path / "organizations.csv"
    write_table(pd.DataFrame([
        {"article_id": "a", "fact_id": "", "organization": "Inspire Conf", "verdict": "wrong"},
        {"article_id": "a", "fact_id": "", "organization": "Vega", "verdict": "maybe"},
    ]), reviewed)
    result = runner.invoke(app, ["learn", str(reviewed), "--models", str(models), "--dry-run"])
    assert result.exit_code == 0
    assert f"{reviewed}:3: unknown verdict 'maybe'" in result.output
    assert "NOT_ORG" in result.output and "(dry run)" in result.output
    assert not (models / "entities" / "learned.jsonl").exists()


def test_missing_column_is_reported(workspace, tmp_path):
    _, models, _ = workspace
    reviewed = tmp_path / "roles.csv"
    write_table(pd.DataFrame([{"article_id": "a", "person": "X Y", "verdict": "wrong"}]),
                reviewed)
    result = runner.invoke(app, ["learn", str(reviewed), "--models", str(models)])
    assert "missing column(s)" in result.output and "title" in result.output


def test_review_workbook_and_learning_from_it(nlp, tmp_path):
    from openpyxl import load_workbook

    from pipeline.articles import Article
    from pipeline.extract import extract_tables
    from pipeline.learn import learn
    from pipeline.review import REVIEWED_TABLES, write_review_workbook

    models = tmp_path / "models"
    shutil.copytree(DEFAULT_MODELS_DIR, models)
    result = extract_tables([Article("=evil", "Claire Fontaine est nommée directrice du pôle "
                                              "Santé Connectée d'Altair.", "mem")], nlp)
    path = tmp_path / "review.xlsx"
    write_review_workbook({name: result.tables[name] for name in REVIEWED_TABLES}, path)
    book = load_workbook(path)
    assert book.sheetnames == list(REVIEWED_TABLES)
    units = book["units"]
    assert units.freeze_panes == "A2"
    header = [cell.value for cell in units[1]]
    evidence = units.column_dimensions[chr(ord("A") + header.index("evidence"))]
    assert evidence.width == 80
    for sheet in book:
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.value)
    assert units.cell(row=2, column=1).value == "=evil"
    units.cell(row=2, column=header.index("verdict") + 1, value="wrong")
    book.save(path)
    report = learn([path], models)
    assert report.errors == []
    added = report.added[str(models / "entities" / "learned.jsonl")]
    assert [(e["label"], e["pattern"]) for e in added] == [("NOT_UNIT", "Santé Connectée")]


def test_suppressed_facts_are_negative_examples_in_evaluate(nlp, tmp_path):
    from pipeline.evaluate import evaluate_dir
    from pipeline.review import fact_id

    models = tmp_path / "models"
    shutil.copytree(DEFAULT_MODELS_DIR, models)
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "a.txt").write_text("Anne Leroy a été nommée directrice générale d'Altair. "
                                "Marc Duval lui reportera.", encoding="utf-8")
    (gold / "a.json").write_text(json.dumps({"people": [], "organizations": [], "units": [],
                                             "roles": [], "reporting": [], "succession": []}))
    fid = fact_id("reporting", "a", ["Marc Duval", "Anne Leroy"])
    (models / "reviews").mkdir(exist_ok=True)
    (models / "reviews" / "suppressed.jsonl").write_text(
        json.dumps({"table": "reporting", "fact_id": fid, "article_id": "a"}) + "\n")
    evaluation, tables = evaluate_dir(gold, nlp, models)
    assert tables["reporting"].empty
    assert evaluation.scores["reporting"].fp == 0
    assert [e["error"] for e in evaluation.errors if e["list"] == "reporting"] == [
        "suppressed (reviewed wrong)"]
