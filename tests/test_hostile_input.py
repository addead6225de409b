"""Broken and hostile input: the run goes on, bad records are listed, nothing is injected."""

import csv
import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import pipeline.extract
from pipeline.articles import Article, Rejected, read_jsonl_lines, read_articles
from pipeline.cli import app
from pipeline.extract import extract_tables
from pipeline.html_text import clean_html
from pipeline.output import read_table

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"
runner = CliRunner()

EXPECTED_REJECTED = {
    ("binary", "binary.txt", None, "binary file, not text"),
    ("empty", "empty.txt", None, "empty text"),
    (None, "records.jsonl", 2, "malformed JSON"),
    (None, "records.jsonl", 3, "JSON value is a list, not an object"),
    ("no-text", "records.jsonl", 4, "missing 'text' field"),
    ("number-text", "records.jsonl", 5, "'text' is not a string"),
    ("blank", "records.jsonl", 6, "empty text"),
    (None, "truncated.jsonl.gz", None, "unreadable from here on"),
    ("locked", "locked.txt", None, "unreadable file"),
}


@pytest.fixture
def hostile_corpus(tmp_path, monkeypatch):
    corpus = tmp_path / "in"
    shutil.copytree(HOSTILE, corpus)
    (corpus / "loop").symlink_to(corpus, target_is_directory=True)  # a symlink loop
    long_text = ("Le marché progresse encore cette année selon les analystes du secteur.\n" * 1700
                 + "Claire Fontaine est nommée directrice générale d'Altair.")
    (corpus / "very_long.txt").write_text(long_text, encoding="utf-8")
    locked = corpus / "locked.txt"
    locked.write_text("Texte illisible.", encoding="utf-8")
    # Tests run as root in CI, where chmod 000 does not stop reading: fail the read instead.
    original = Path.read_bytes

    def read_bytes(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    return corpus


def test_extract_over_hostile_corpus(nlp, hostile_corpus, tmp_path, monkeypatch):
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(hostile_corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "skipped (not an article file)" in result.output and "notes.md" in result.output

    rejected = read_table(out / "rejected.csv")
    found = set()
    for row in rejected.to_dict("records"):
        reason = next(r for *_, r in EXPECTED_REJECTED if row["reason"].startswith(r))
        found.add((row["article_id"] or None, Path(row["source"]).name,
                   int(row["line"]) if row["line"] and Path(row["source"]).name == "records.jsonl"
                   else None, reason))
    assert found == EXPECTED_REJECTED

    articles = read_table(out / "articles.csv").set_index("article_id")
    kept = set(articles[articles.status == "ok"].index)
    assert {"windows_1252", "utf8_bom", "crlf", "nul_bytes", "html_debris", "ok-1", "ok-1~2",
            "very_long", "gz-0"} <= kept
    assert "decoded as windows-1252" in articles.loc["windows_1252", "error"]
    assert "duplicate id" in articles.loc["ok-1~2", "error"]

    roles = read_table(out / "roles.csv")
    people = set(roles.person)
    assert {"Hélène Dubois", "Claire Fontaine", "Marc Lefort"} <= people
    long_row = roles[roles.article_id == "very_long"].iloc[0]
    text = (hostile_corpus / "very_long.txt").read_text(encoding="utf-8")
    assert text[int(long_row.start):int(long_row.end)].startswith("Claire Fontaine est nommée")


def test_html_offsets_point_into_the_text_as_given(nlp):
    raw = (HOSTILE / "html_debris.txt").read_text(encoding="utf-8")
    result = extract_tables([Article("h", raw, "mem")], nlp)
    people = result.tables["people"].set_index("person")
    start, end = people.loc["Hélène Dubois", ["start", "end"]]
    assert raw[start:end] == "H&eacute;l&egrave;ne Dubois"
    assert "<p>" not in " ".join(result.tables["roles"].evidence)


def test_usage_errors_exit_non_zero(tmp_path):
    missing = runner.invoke(app, ["extract", str(tmp_path / "nope.jsonl")])
    assert missing.exit_code == 2 and "no such file or folder" in missing.output
    (tmp_path / "a.txt").write_text("Texte.", encoding="utf-8")
    bad_model = runner.invoke(app, ["extract", str(tmp_path / "a.txt"), "--model", "xx_none"])
    assert bad_model.exit_code == 2 and "not installed" in bad_model.output
    blocker = tmp_path / "file"
    blocker.write_text("x")
    not_a_dir = runner.invoke(app, ["extract", str(tmp_path / "a.txt"), "--out",
                                    str(blocker / "out")])
    assert not_a_dir.exit_code == 2 and "output folder" in not_a_dir.output


def test_bad_rule_file_is_a_usage_error(tmp_path):
    models = tmp_path / "models"
    shutil.copytree(Path(pipeline.extract.__file__).resolve().parent.parent / "models", models)
    with (models / "cues" / "status.jsonl").open("a") as handle:
        handle.write('{"label": "NEW", "pattern": [{"LEMA": "nommer"}]}\n')
    (tmp_path / "a.txt").write_text("Texte.", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path / "a.txt"), "--models", str(models)])
    assert result.exit_code == 2
    assert "status.jsonl:" in result.output and "invalid token pattern" in result.output


DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def test_csv_injection_is_neutralised_in_every_table(nlp, tmp_path, monkeypatch):
    dump = tmp_path / "evil.jsonl"
    dump.write_text(json.dumps({
        "id": "=HYPERLINK(\"http://x\")", "title": "@SUM(A1:A9)", "url": "+33",
        "text": "-Claire Fontaine, directrice générale de =Altair, quitte le groupe. "
                "=cmd|' /C calc'!A0 est nommé président."}) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert runner.invoke(app, ["extract", str(dump), "--out", str(out)]).exit_code == 0
    for path in out.glob("*.csv"):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    assert not cell.startswith(DANGEROUS), (path.name, cell)
    articles = read_table(out / "articles.csv")
    assert articles.loc[0, "article_id"] == "=HYPERLINK(\"http://x\")"  # restored on reading
    assert articles.loc[0, "title"] == "@SUM(A1:A9)"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.binary(max_size=60), max_size=8))
def test_jsonl_reader_never_raises(lines):
    records = list(read_jsonl_lines(enumerate(lines, start=1), "fuzz.jsonl", "fuzz"))
    assert all(isinstance(r, (Article, Rejected)) for r in records)
    for record in records:
        if isinstance(record, Rejected):
            assert record.source == "fuzz.jsonl" and record.reason


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_extract_arbitrary_text(nlp, text):
    result = extract_tables([Article("t", text, "mem")], nlp)
    plain = clean_html(text).starts is None
    for name in ("mentions", "roles", "units", "reporting", "successions", "people",
                 "organizations"):
        for row in result.tables[name].to_dict("records"):
            assert 0 <= row["start"] <= row["end"] <= len(text)
            if name == "mentions" and plain:
                assert text[row["start"]:row["end"]] == row["text"]


def test_article_ids_never_name_files(nlp, tmp_path, monkeypatch):
    """No output file is named after an article id: a hostile id cannot escape the folder."""
    from pipeline.report import write_report

    dump = tmp_path / "ids.jsonl"
    dump.write_text("\n".join(json.dumps({"id": evil, "text": "Claire Fontaine est nommée "
                                          "directrice générale d'Altair."})
                              for evil in ("../../escape", "/etc/passwd", "a/../../b")) + "\n",
                    encoding="utf-8")
    out = tmp_path / "work" / "out"
    assert runner.invoke(app, ["extract", str(dump), "--out", str(out), "--xlsx"]).exit_code == 0
    write_report(out)
    written = {p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file()}
    assert all(str(p).startswith(("work/out/", "ids.jsonl")) for p in written), written
    assert set(read_table(out / "articles.csv").article_id) == {"../../escape", "/etc/passwd",
                                                                "a/../../b"}
