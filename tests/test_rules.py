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


@pytest.mark.parametrize("entry, message", [
    ({"name": "determiners", "wrds": ["le"]}, "unknown key(s) ['wrds']"),
    ({"name": "determinants", "words": ["le"]}, "unknown word list 'determinants'"),
    ({"name": "determiners", "words": "le"}, "'words' must be a list of words"),
    ({"name": "determiners", "words": ["le", ""]}, "every word must be a non-empty string"),
    ({"words": ["le"]}, "missing key 'name'"),
    ({"name": "number_words", "words": ["deux"]}, "mapping in one line and a plain list"),
    ("[1, 2", "not valid JSON"),
])
def test_bad_word_list_names_file_and_line(models, entry, message):
    path = models / "lexicon" / "grammar.jsonl"
    line = append(path, entry)
    with pytest.raises(RuleError) as error:
        load_rules(models)
    assert message in str(error.value)
    if "mapping in one line" not in message:
        assert f"{path}:{line}:" in str(error.value)


def test_a_word_list_the_code_reads_must_exist(models):
    path = models / "lexicon" / "status.jsonl"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if '"name": "cumulating_words"' not in line]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(RuleError, match="word list.*cumulating_words missing"):
        load_rules(models)


def test_lines_of_one_word_list_add_up(models):
    append(models / "lexicon" / "learned.jsonl",
           {"name": "cumulating_words", "words": ["simultanément"], "source": "review"})
    lexicon = load_rules(models).lexicon
    assert {"simultanément", "également"} <= lexicon.cumulating_words


def test_a_rule_id_the_code_reads_must_exist(models):
    path = models / "cues" / "status.jsonl"
    text = path.read_text(encoding="utf-8")
    assert '"id": "former-jusqu-ici"' in text
    path.write_text(text.replace('"id": "former-jusqu-ici"', '"id": "former-jusquici"'),
                    encoding="utf-8")
    with pytest.raises(RuleError, match="rule id 'former-jusqu-ici' \\(FORMER\\) missing"):
        load_rules(models)


def test_every_word_list_the_code_reads_is_declared():
    """A list read in the code but not declared would only fail on the doc that reaches it."""
    import ast

    from pipeline.lexicon import LISTS

    read = set()
    for path in (DEFAULT_MODELS_DIR.parent / "pipeline").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and (
                    isinstance(node.value, ast.Name) and node.value.id in {"lex", "lexicon"}
                    or isinstance(node.value, ast.Attribute) and node.value.attr in {
                        "lex", "lexicon"}) and node.attr not in {"lists", "to_entries",
                                                                 "from_entries"}:
                read.add(node.attr)
    assert read and read <= set(LISTS), sorted(read - set(LISTS))
