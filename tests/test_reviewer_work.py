"""A reviewer's work is never lost: verdicts typed in review.xlsx or in the CSVs survive
re-runs, learn reads renamed exports and workbooks, fixes come back once. Every test runs the
commands as a user does (CLI), on files edited the way a reviewer edits them."""

import os
import shutil

import pandas as pd
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.nlp import add_organigramme_pipes, load_model
from pipeline.output import read_table, write_table
from pipeline.rules import DEFAULT_MODELS_DIR, load_rules

runner = CliRunner()
ARTICLES = {
    "altair": "Claire Fontaine est nommée directrice du pôle Santé Connectée d'Altair. "
              "Marc Duval, directeur financier d'Altair, lui reporte.",
    "norsys": "Norsys Italie, filiale de Norsys, est dirigée par Paul Girard. Léa Morel, "
              "grand argentier de Norsys, présente les comptes.",
}


@pytest.fixture
def folder(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in ARTICLES.items():
        (corpus / f"{name}.txt").write_text(text, encoding="utf-8")
    models = tmp_path / "models"
    shutil.copytree(DEFAULT_MODELS_DIR, models)
    return corpus, models, tmp_path / "out"


def run(corpus, models, out, monkeypatch, *extra):
    """`organigramme extract` with the rules of `models` (a pipeline built on them)."""
    monkeypatch.setattr("pipeline.engines.PipelineSpec.load", lambda spec: add_organigramme_pipes(
        load_model(spec.model), load_rules(spec.models_dir)))
    result = runner.invoke(app, ["extract", str(corpus), "--out", str(out), "--models",
                                 str(models), *extra])
    assert result.exit_code == 0, result.output
    return result


def edit_workbook(path, sheet_name, where, **cells):
    """Set cells of the rows of a sheet where `where(row)` holds, as a reviewer in Excel."""
    book = load_workbook(path)
    sheet = book[sheet_name]
    header = [cell.value for cell in sheet[1]]
    edited = 0
    for row in sheet.iter_rows(min_row=2):
        values = dict(zip(header, (cell.value for cell in row)))
        if where(values):
            for column, value in cells.items():
                row[header.index(column)].value = value
            edited += 1
    book.save(path)
    assert edited, f"no row of {sheet_name} to edit"


def later(path):
    """Make `path` newer than everything else in its folder (file times are coarse)."""
    newest = max(p.stat().st_mtime for p in path.parent.iterdir())
    os.utime(path, (newest + 5, newest + 5))


def test_verdicts_typed_in_the_workbook_survive_a_rerun(folder, monkeypatch):
    corpus, models, out = folder
    run(corpus, models, out, monkeypatch, "--xlsx")
    edit_workbook(out / "review.xlsx", "roles", lambda r: r["person"] == "Claire Fontaine",
                  verdict="ok", note="vu dans le communiqué")
    edit_workbook(out / "review.xlsx", "reporting", lambda r: r["subordinate"] == "Marc Duval",
                  verdict="wrong")
    run(corpus, models, out, monkeypatch, "--xlsx")
    roles = read_table(out / "roles.csv")
    claire = roles[roles.person == "Claire Fontaine"]
    assert set(claire.verdict) == {"ok"} and set(claire.note) == {"vu dans le communiqué"}
    assert set(read_table(out / "reporting.csv").verdict) == {"wrong"}
    again = pd.read_excel(out / "review.xlsx", sheet_name="roles", dtype=str,
                          keep_default_na=False)
    assert set(again[again.person == "Claire Fontaine"].verdict) == {"ok"}


def test_where_the_workbook_and_a_csv_disagree_the_newer_wins_and_it_is_said(folder,
                                                                            monkeypatch):
    corpus, models, out = folder
    run(corpus, models, out, monkeypatch, "--xlsx")
    roles = read_table(out / "roles.csv")
    roles.loc[roles.person == "Claire Fontaine", "verdict"] = "ok"
    write_table(roles, out / "roles.csv")
    edit_workbook(out / "review.xlsx", "roles", lambda r: r["person"] == "Claire Fontaine",
                  verdict="wrong")
    later(out / "review.xlsx")
    result = run(corpus, models, out, monkeypatch, "--xlsx")
    roles = read_table(out / "roles.csv")
    assert set(roles[roles.person == "Claire Fontaine"].verdict) == {"wrong"}
    assert "review: roles" in result.output and "roles.csv says ok" in result.output
    assert "review.xlsx (newer) says wrong" in result.output


@pytest.mark.parametrize("name", ["roles (2).csv", "roles_reviewed.csv", "export.csv"])
def test_learn_reads_a_renamed_table_by_its_columns(folder, monkeypatch, name):
    corpus, models, out = folder
    run(corpus, models, out, monkeypatch)
    roles = read_table(out / "roles.csv")
    roles.loc[roles.person == "Marc Duval", "verdict"] = "wrong"
    renamed = out.parent / name
    write_table(roles, renamed)
    result = runner.invoke(app, ["learn", str(renamed), "--models", str(models)])
    assert result.exit_code == 0, result.output
    assert "suppressed.jsonl: +1" in result.output
    run(corpus, models, out, monkeypatch)
    assert "Marc Duval" not in set(read_table(out / "roles.csv").person)


def test_learn_reads_the_workbook(folder, monkeypatch):
    corpus, models, out = folder
    run(corpus, models, out, monkeypatch, "--xlsx")
    edit_workbook(out / "review.xlsx", "units", lambda r: r["unit"] == "Santé Connectée",
                  verdict="wrong")
    result = runner.invoke(app, ["learn", str(out / "review.xlsx"), "--models", str(models)])
    assert result.exit_code == 0 and "NOT_UNIT" in result.output, result.output
    run(corpus, models, out, monkeypatch)
    assert "Santé Connectée" not in set(read_table(out / "units.csv").unit)


def test_learn_on_a_missing_file_names_it_and_exits_2(folder):
    _, models, out = folder
    result = runner.invoke(app, ["learn", str(out / "nope.csv"), "--models", str(models)])
    assert result.exit_code == 2
    assert "nope.csv: no such file" in result.output


def test_a_fixed_row_comes_back_once(folder, monkeypatch):
    corpus, models, out = folder
    run(corpus, models, out, monkeypatch)
    roles = read_table(out / "roles.csv")
    fixed = {column: "" for column in roles.columns}
    fixed.update(article_id="norsys", person="Léa Morel", title="grand argentier",
                 org="Norsys", status="current", verdict="fixed", note="titre ajouté")
    roles = pd.concat([roles, pd.DataFrame([fixed])], ignore_index=True)
    write_table(roles, out / "roles.csv")
    learned = runner.invoke(app, ["learn", str(out / "roles.csv"), "--models", str(models)])
    assert learned.exit_code == 0 and "grand argentier" in learned.output, learned.output
    for _ in range(2):  # the pipeline now finds the post as the reviewer wrote it
        run(corpus, models, out, monkeypatch)
        roles = read_table(out / "roles.csv")
        lea = roles[(roles.person == "Léa Morel") & (roles.title == "grand argentier")]
        assert len(lea) == 1, lea
        assert lea.iloc[0].verdict == "fixed" and lea.iloc[0].note == "titre ajouté"
        assert lea.iloc[0].rule.startswith("title:")


def test_wrong_on_a_subsidiary_removes_it(folder, monkeypatch):
    corpus, models, out = folder
    run(corpus, models, out, monkeypatch)
    units = read_table(out / "units.csv")
    assert "Norsys Italie" in set(units.unit)
    units.loc[units.unit == "Norsys Italie", "verdict"] = "wrong"
    write_table(units, out / "units_checked.csv")
    result = runner.invoke(app, ["learn", str(out / "units_checked.csv"), "--models",
                                 str(models)])
    assert result.exit_code == 0, result.output
    run(corpus, models, out, monkeypatch)
    assert "Norsys Italie" not in set(read_table(out / "units.csv").unit)
