"""Rule files are validated on load: a mistake names its file and line."""

import json
import shutil

import pytest

from pipeline.rules import DEFAULT_MODELS_DIR, RuleError, load_rules


@pytest.fixture
def models(tmp_path):
    target = tmp_path / "models"
    shutil.copytree(DEFAULT_MODELS_DIR, target)
    return target


def append(path, entry):
    with path.open("a", encoding="utf-8") as handle:
        handle.write((entry if isinstance(entry, str) else json.dumps(entry)) + "\n")
    return sum(1 for _ in path.open(encoding="utf-8"))


def test_project_rules_load():
    rules = load_rules()
    assert rules.entities and rules.cues and len(rules.digest) == 16


@pytest.mark.parametrize("entry, message", [
    ({"label": "TITLE", "patern": "grand argentier"}, "unknown key(s) ['patern']"),
    ({"label": "TITEL", "pattern": "grand argentier"}, "unknown label 'TITEL'"),
    ({"label": "TITLE", "pattern": [{"LOWR": "x"}]}, "invalid token pattern"),
    ({"label": "TITLE"}, "missing key 'pattern'"),
    ("{broken", "not valid JSON"),
])
def test_bad_rule_names_file_and_line(models, entry, message):
    path = models / "entities" / "titles.jsonl"
    line = append(path, entry)
    with pytest.raises(RuleError) as error:
        load_rules(models)
    assert f"{path}:{line}:" in str(error.value)
    assert message in str(error.value)


def test_rule_digest_changes_with_rules(models):
    before = load_rules(models).digest
    append(models / "entities" / "titles.jsonl", {"label": "TITLE", "pattern": "grand argentier"})
    assert load_rules(models).digest != before


def test_compiled_cue_patterns_match_as_written(nlp):
    """The loader rewrites patterns for speed (word lists as phrases, MORPH sets as regexes):
    the spans found must be those the rules as written find."""
    from spacy.pipeline import SpanRuler

    text = ("Elle dirigera la filiale. Il dirigeait auparavant le pôle Europe, qu'il quittera "
            "en mai. Ils lui reportent directement. Marie Dupont, ex-directrice, remplace "
            "Paul Martin, qui prendra ses fonctions le 3 juin. Trois directeurs régionaux "
            "dépendent désormais d'elle.")
    written = SpanRuler(nlp, name="written", spans_key="written")
    rules = load_rules()
    written.add_patterns([{k: v for k, v in e.items() if k != "source"} for e in rules.cues])
    doc = written(nlp(text))
    expected = {(s.start, s.end, s.label_, s.id_) for s in doc.spans["written"]}
    found = {(s.start, s.end, s.label_, s.id_) for s in doc.spans["cues"]}
    assert found == expected
    labels = {s.label_ for s in doc.spans["cues"]}
    assert {"NEW", "FORMER", "REPORTS_TO", "SUCCEEDS"} <= labels


def test_er_verbs_in_e_are_lemmatized(nlp):
    """The French rules have no "-e → -er": "quitte", "laisse" would match no verb rule."""
    doc = nlp("Elle quitte le groupe et laisse la présidence à Paul Martin.")
    assert {t.lemma_ for t in doc if t.pos_ == "VERB"} >= {"quitter", "laisser"}


def test_a_rule_ending_in_an_elided_word_matches_running_text(nlp):
    """"à la tête d'" tokenizes alone as "d" + "'": the rule must still match "d'Altair"."""
    doc = nlp("Altair a nommé Paul Girard à la tête d'Altair Santé.")
    assert ("à la tête d'", "HEADS") in {(s.text, s.label_) for s in doc.spans["cues"]}
