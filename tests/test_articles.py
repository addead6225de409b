"""Readers: every input format, metadata, and bad records that must not stop a run."""

import gzip
import json

import pytest

from pipeline.articles import Article, InputError, Rejected, read_articles, split_metadata


def test_url_line_and_date_marker_are_metadata():
    text, url, date = split_metadata("url: https://x.fr/a\n\n date 2017-09 Le texte.")
    assert (text, url, date) == ("Le texte.", "https://x.fr/a", "2017-09")


def test_txt_folder_recursive_and_other_files_noted(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("url: https://x.fr/a\n\nBonjour.", encoding="utf-8")
    (tmp_path / "b.txt").write_text(" date 2024-01-05 Texte b.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored")
    skipped = []
    records = list(read_articles([tmp_path], skipped=skipped))
    assert [(r.id, r.url, r.date, r.text) for r in records] == [
        ("b", None, "2024-01-05", "Texte b."), ("a", "https://x.fr/a", None, "Bonjour.")]
    assert skipped == [str(tmp_path / "notes.md")]


def test_jsonl_gz_with_bad_lines(tmp_path):
    path = tmp_path / "dump.jsonl.gz"
    lines = [json.dumps({"id": "1", "text": "Un.", "url": "u", "date": "2024", "title": "T"}),
             "{not json",
             json.dumps(["a list"]),
             json.dumps({"id": "4"}),
             json.dumps({"id": "5", "text": "   "}),
             json.dumps({"id": "1", "text": "Doublon."})]
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    records = list(read_articles([path]))
    articles = [r for r in records if isinstance(r, Article)]
    rejected = [r for r in records if isinstance(r, Rejected)]
    assert [(a.id, a.title) for a in articles] == [("1", "T"), ("1~2", None)]
    assert "duplicate id" in articles[1].notes[0]
    assert [(r.line, r.reason.split(":")[0]) for r in rejected] == [
        (2, "malformed JSON"), (3, "JSON value is a list, not an object"),
        (4, "missing 'text' field"), (5, "empty text")]
    assert all(r.source == str(path) for r in rejected)


def test_windows_1252_text_is_decoded_and_noted(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Hélène est nommée présidente.".encode("cp1252"))
    (article,) = read_articles([path])
    assert article.text == "Hélène est nommée présidente."
    assert article.notes == ["decoded as windows-1252"]


def test_csv_export(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text('id,body\n7,"Ligne un,\nligne deux."\n', encoding="utf-8")
    (article,) = read_articles([path], text_column="body")
    assert (article.id, article.text) == ("7", "Ligne un,\nligne deux.")


def test_missing_input_is_a_usage_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        list(read_articles([tmp_path / "absent"]))


def test_truncated_gzip_keeps_what_was_read(tmp_path):
    path = tmp_path / "cut.jsonl.gz"
    payload = "".join(json.dumps({"id": str(i), "text": "Texte " * 50}) + "\n" for i in range(200))
    data = gzip.compress(payload.encode())
    path.write_bytes(data[: len(data) // 2])
    records = list(read_articles([path]))
    assert any(isinstance(r, Article) for r in records)
    assert isinstance(records[-1], Rejected) and "unreadable" in records[-1].reason
