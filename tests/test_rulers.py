"""The anchored span ruler finds exactly what spaCy's own SpanRuler finds."""

import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.components.rulers import (
    UNBOUNDED_WINDOW, pattern_anchor, pattern_window, regex_anchor,
)

WORDS = ["à", "la", "tête", "de", "en", "remplacement", "il", "lui", "reporte", "Marie"]
OPS = [None, None, None, "?", "*", "+", "{1,2}"]


def token_specs():
    word_test = st.one_of(
        st.sampled_from(WORDS).map(lambda w: {"LOWER": w.lower()}),
        st.lists(st.sampled_from(WORDS), min_size=1, max_size=3, unique=True).map(
            lambda ws: {"LOWER": {"IN": [w.lower() for w in ws]}}),
        st.sampled_from(WORDS).map(lambda w: {"ORTH": w}),
        st.just({"LOWER": {"REGEX": "^r"}}),
        st.just({"ORTH": {"REGEX": "[ea]$"}}),
        st.just({"IS_TITLE": True}),
    )
    return st.tuples(word_test, st.sampled_from(OPS)).map(
        lambda pair: {**pair[0], **({"OP": pair[1]} if pair[1] else {})})


patterns = st.lists(st.lists(token_specs(), min_size=1, max_size=4), min_size=1, max_size=6)
texts = st.lists(st.sampled_from(WORDS), min_size=0, max_size=40).map(" ".join)


def build(nlp, factory, token_patterns):
    ruler = nlp.add_pipe(factory, name=factory, config={"spans_key": factory})
    ruler.add_patterns([{"label": f"L{i % 2}", "id": f"p{i}", "pattern": pattern}
                        for i, pattern in enumerate(token_patterns)]
                       + [{"label": "P", "pattern": "la tête"}])
    return ruler


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(patterns, st.lists(texts, min_size=1, max_size=4))
def test_same_spans_as_spacy_span_ruler(token_patterns, sample_texts):
    nlp = spacy.blank("fr")
    plain = build(nlp, "span_ruler", token_patterns)
    anchored = build(nlp, "anchored_span_ruler", token_patterns)
    for text in sample_texts:
        doc = nlp.make_doc(text)
        expected = [(s.start, s.end, s.label_, s.id_) for s in plain.match(doc)
                    if s.end - s.start <= UNBOUNDED_WINDOW]
        found = [(s.start, s.end, s.label_, s.id_) for s in anchored.match(doc)]
        assert found == expected


def test_anchor_is_the_first_token_word_list():
    assert pattern_anchor([{"LEMMA": {"IN": ["nommer", "désigner"]}}, {"LOWER": "à"}]) == (
        "LEMMA", ["nommer", "désigner"])
    assert pattern_anchor([{"TEXT": "N°"}]) == ("ORTH", ["N°"])
    # An optional or regex first token can start anywhere: not anchored.
    assert pattern_anchor([{"LOWER": "ex", "OP": "?"}, {"LOWER": "pdg"}]) is None
    assert pattern_anchor([{"LOWER": {"REGEX": "^ex-"}}]) is None


def test_regex_anchor_is_the_first_token_expression():
    assert regex_anchor([{"LOWER": {"REGEX": "^ex-"}}, {"LOWER": "pdg"}]) == ("LOWER", "^ex-")
    assert regex_anchor([{"TEXT": {"REGEX": "^C[A-Z]O$"}}]) == ("ORTH", "^C[A-Z]O$")
    assert regex_anchor([{"LOWER": {"REGEX": "^ex-"}, "OP": "?"}]) is None
    assert regex_anchor([{"IS_TITLE": True}]) is None


def test_window_is_the_longest_match():
    assert pattern_window([{"LOWER": "a"}, {"LOWER": "b", "OP": "?"}, {"OP": "{1,3}"}]) == 5
    assert pattern_window([{"LOWER": "a"}, {"OP": "*"}]) == UNBOUNDED_WINDOW


def test_pipeline_rulers_survive_disk_round_trip(nlp, tmp_path):
    ruler = nlp.get_pipe("cue_rules")
    ruler.to_disk(tmp_path / "cues")
    copy = spacy.blank("fr").add_pipe("anchored_span_ruler", config={"spans_key": "cues"})
    copy.from_disk(tmp_path / "cues")
    doc = nlp("Elle reporte directement à Paul Martin et lui succède à la tête du pôle.")
    assert [(s.start, s.end, s.label_) for s in copy.match(doc)] == \
        [(s.start, s.end, s.label_) for s in doc.spans["cues"]]
