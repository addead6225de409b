"""The extraction engine end to end: tables, offsets, long texts, bad records, serialisation."""

import json

import pandas as pd
import spacy

from pipeline.articles import Article, Rejected
from pipeline.annotate import split_text
from pipeline.extract import extract_tables
from pipeline.tables import COLUMNS, table_columns

TEXT = ("Guillaume Rochette, directeur général d'Infeeny, approuve. "
        "Claire Fontaine est nommée directrice du pôle Santé Connectée d'Altair. "
        "Elle succède à Marc Lefort.")


def test_tables_have_their_columns_and_evidence(nlp):
    result = extract_tables([Article("a1", TEXT, "mem")], nlp)
    for name, columns in COLUMNS.items():
        assert list(result.tables[name].columns) == table_columns(name)
    roles = result.tables["roles"]
    row = roles[roles.person == "Claire Fontaine"].iloc[0]
    assert row.evidence == "Claire Fontaine est nommée directrice du pôle Santé Connectée d'Altair."
    assert TEXT[row.start:row.end].startswith("Claire Fontaine est nommée directrice")
    assert row.rule.startswith("title:")
    people = result.tables["people"]
    assert people.set_index("person").loc["Claire Fontaine", "mentions"] == 1
    assert set(result.tables["successions"].predecessor) == {"Marc Lefort"}


def test_every_offset_points_at_its_text(nlp):
    result = extract_tables([Article("a1", TEXT, "mem")], nlp)
    for _, row in result.tables["mentions"].iterrows():
        assert TEXT[row.start:row.end] == row.text


def test_rejected_records_are_reported_and_others_kept(nlp):
    records = [Rejected(None, "dump.jsonl", 2, "malformed JSON: x"), Article("ok", TEXT, "mem")]
    result = extract_tables(records, nlp, on_reject=lambda r: None)
    assert result.processed == 1 and result.rejected == 1
    assert result.tables["rejected"].to_dict("records") == [
        {"article_id": None, "source": "dump.jsonl", "line": 2, "reason": "malformed JSON: x"}]
    assert set(result.tables["articles"].status) == {"ok", "rejected"}
    assert len(result.tables["roles"]) >= 2


def test_long_article_is_cut_and_offsets_stay_right(nlp, monkeypatch):
    filler = "Le marché progresse encore cette année selon les analystes du secteur.\n" * 40
    text = filler + TEXT
    pieces = split_text(text, max_chars=1000)
    assert len(pieces) > 2 and "".join(p for _, p in pieces) == text
    from pipeline import annotate
    pieces_seen = []
    real_split = annotate.split_text
    monkeypatch.setattr(annotate, "MAX_PIECE_CHARS", 1000)
    monkeypatch.setattr(annotate, "split_text",
                        lambda text, size: pieces_seen.append(real_split(text, size))
                        or pieces_seen[-1])
    result = extract_tables([Article("long", text, "mem")], nlp)
    assert len(pieces_seen[0]) > 2  # the article really went through the pipeline in pieces
    mentions = result.tables["mentions"]
    assert not mentions.empty
    for _, row in mentions.iterrows():
        assert text[row.start:row.end] == row.text
    assert "Claire Fontaine" in set(result.tables["people"].person)


def test_pipeline_round_trips_through_disk(nlp, tmp_path):
    nlp.to_disk(tmp_path / "pipe")
    reloaded = spacy.load(tmp_path / "pipe")
    texts = [TEXT]
    before = [doc._.roles for doc in nlp.pipe(texts)]
    after = [doc._.roles for doc in reloaded.pipe(texts)]
    assert before == after and before[0]
