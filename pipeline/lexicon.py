"""Closed word lists: the French words the components compare tokens with, as data.

Every list lives in ``models/lexicon/*.jsonl``, one JSON object a line::

    {"name": "determiners", "words": ["le", "la", "les", "l'", "l’", …], "doc": "why"}

``words`` is a list of words, or an object mapping each word to a value (a pronoun to its
gender, a number word to its number). Lines with the same name add to one list, so a learned
line (``models/lexicon/learned.jsonl``, written by ``organigramme learn``) extends the shipped
list. A line with an unknown key, a name the code does not read, or words of the wrong shape is
a `LexiconError` naming the file and line; a list the code reads and no file defines is an
error naming the list. The code reads lists by name (``lexicon.determiners``); `LISTS` says
which exist.

The components find the lexicon on each doc (``doc._.lexicon``, set by the first component,
``organigramme_lexicon``), so that the plain functions beside them need no extra argument.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import srsly
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extensions import register_extensions

LEXICON_KEYS = {"name", "words", "doc", "source"}

# Every list the code reads, by the file of models/lexicon/ that ships it (the words
# themselves, and what each list is for, are there).
LISTS: dict[str, str] = {}


def _declare(file: str, *names: str) -> None:
    for name in names:
        LISTS[name] = file


_declare("grammar", "no_longer_words", "negations", "restrictive_words", "abbreviations", "and_words", "article_la", "articles_definite",
         "articles_la_les", "articles_singular", "au_aux", "chez_word", "cleft_words",
         "closed_period_openers", "dative_pronouns", "de_word", "de_words", "determiners",
         "du_des", "elided_de", "en_word", "encore_word", "honorifics", "imperfect_endings",
         "mais_word", "object_pronouns", "or_words", "par_word", "people_coordinators",
         "period_joiners", "plural_endings", "possessives", "prepositions_de", "qui_word",
         "reflexive_pronouns", "respectively_words", "soit_word", "stressed_pronouns",
         "subject_pronouns", "subject_pronouns_all", "time_words", "topic_markers")
_declare("organisations", "body_words", "company_name_words", "complement_articles",
         "institution_name_joiners",
         "employer_markers", "employer_slot_words", "former_name_markers", "group_word",
         "name_tail_words", "org_slot_words", "origin_words")
_declare("people", "credit_words", "byline_words", "event_name_words", "feminine_words", "former_prefixes", "masculine_words",
         "name_particles", "named_after_words", "title_lead_words")
_declare("relations", "departure_nouns", "number_words", "post_phrase_words", "seat_words",
         "successor_prepositions", "title_introducers")
_declare("roles", "post_introducers", "titles_written", "appointing_lemmas", "appointing_participles", "apposition_words",
         "avoir_etre", "confide_stems", "copulas_inverted", "description_qualifiers",
         "employer_intro_words", "employer_words", "handover_stems", "list_openers",
         "mais_adverbs", "news_nouns", "object_determiners", "occupied_words",
         "org_list_articles", "place_skip", "plural_determiners", "post_nouns",
         "predicate_introducers", "title_before_name_openers")
_declare("status", "point_in_time_words", "future_verbs", "avoir_lemma", "cumulating_words", "ete_word", "lead_skip_words",
         "pluperfect_auxiliaries")
_declare("titles", "charge_word", "chef_word", "gerund_endings", "in_charge_followers",
         "in_charge_openers", "kind_words", "scope_followers", "scope_prepositions",
         "time_nouns", "title_complement_starters", "title_cut_words")
_declare("units", "descriptive_adjectives", "headed_unit_nouns", "body_kinds", "company_kinds", "direction_kinds", "general_word", "generic_nouns",
         "apposed_unit_kinds", "geographic_kinds", "headship_nouns", "held_only_kinds", "join_words", "kind_words_singular",
         "kinds_written", "lowercase_name_kinds", "naming_words", "pour_word", "quote_marks",
         "sein_word",
         "subsidiary_determiners", "subsidiary_words", "unit_connector_articles",
         "unit_name_connectors", "unit_name_stops")


class LexiconError(ValueError):
    """A word-list file that cannot be used, with the file and line that are wrong."""


@dataclass(frozen=True)
class Lexicon:
    """The word lists of a models folder, by name: ``lexicon.determiners`` is a frozenset
    (or a mapping, for lists of word → value)."""

    lists: Mapping[str, frozenset[str] | Mapping[str, object]] = field(default_factory=dict)

    def __getattr__(self, name: str):
        try:
            return self.lists[name]
        except KeyError:
            raise AttributeError(f"no word list {name!r} (declared lists: pipeline.lexicon"
                                 f".LISTS)") from None

    def __reduce__(self):  # plain data across processes
        return (Lexicon, (dict(self.lists),))

    def to_entries(self) -> Iterator[dict]:
        """One line per list, as written by `to_disk` and read back by `from_entries`."""
        for name in sorted(self.lists):
            words = self.lists[name]
            yield {"name": name, "words": dict(sorted(words.items())) if isinstance(
                words, Mapping) else sorted(words)}

    @classmethod
    def from_entries(cls, entries: Iterator[tuple[str, object]]) -> "Lexicon":
        merged: dict[str, object] = {}
        for where, entry in entries:
            name, words = validate_entry(entry, where)
            kept = merged.get(name)
            if kept is None:
                merged[name] = dict(words) if isinstance(words, dict) else set(words)
            elif isinstance(kept, dict) != isinstance(words, dict):
                raise LexiconError(f"{where}: list {name!r} is a word → value mapping in one "
                                   "line and a plain list in another")
            elif isinstance(kept, dict):
                kept.update(words)
            else:
                kept.update(words)
        missing = sorted(set(LISTS) - set(merged))
        if missing:
            raise LexiconError(f"word list(s) {', '.join(missing)} missing: the code reads "
                               f"them (pipeline.lexicon.LISTS); define them under "
                               f"models/lexicon/")
        return cls({name: words if isinstance(words, dict) else frozenset(words)
                    for name, words in merged.items()})


def validate_entry(entry: object, where: str) -> tuple[str, list | dict]:
    if not isinstance(entry, dict):
        raise LexiconError(f"{where}: a word list must be a JSON object, not "
                           f"{type(entry).__name__}")
    unknown = set(entry) - LEXICON_KEYS
    if unknown:
        raise LexiconError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: "
                           f"{sorted(LEXICON_KEYS)}")
    for key in ("name", "words"):
        if key not in entry:
            raise LexiconError(f"{where}: missing key {key!r}")
    name, words = entry["name"], entry["words"]
    if name not in LISTS:
        raise LexiconError(f"{where}: unknown word list {name!r}: no code reads it "
                           f"(declared lists: pipeline.lexicon.LISTS)")
    if isinstance(words, dict):
        if not all(isinstance(w, str) and w for w in words):
            raise LexiconError(f"{where}: list {name!r}: every word must be a non-empty string")
    elif isinstance(words, list):
        if not all(isinstance(w, str) and w for w in words):
            raise LexiconError(f"{where}: list {name!r}: every word must be a non-empty string")
    else:
        raise LexiconError(f"{where}: 'words' must be a list of words or an object mapping "
                           f"words to values")
    for key in ("doc", "source"):
        if key in entry and not isinstance(entry[key], str):
            raise LexiconError(f"{where}: {key!r} must be a string")
    return name, words


def lexicon_entries(paths: list[Path]) -> Iterator[tuple[str, object]]:
    for path in paths:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            raise LexiconError(f"{path}: cannot read word-list file: {error}") from None
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                yield where, json.loads(line)
            except json.JSONDecodeError as error:
                raise LexiconError(f"{where}: not valid JSON: {error.msg}") from None


def load_lexicon(paths: list[Path]) -> Lexicon:
    """Read and validate word-list files (``models/lexicon/*.jsonl``)."""
    return Lexicon.from_entries(lexicon_entries(paths))


LEXICON_FILE = "lexicon.jsonl"


@Language.factory("organigramme_lexicon", assigns=["doc._.lexicon"])
def make_lexicon_component(nlp: Language, name: str) -> "LexiconComponent":
    register_extensions()
    return LexiconComponent(name)


class LexiconComponent:
    """Puts the pipeline's word lists on each doc (``doc._.lexicon``); saved with the
    pipeline (``lexicon.jsonl``), so a reloaded pipeline reads the same words."""

    def __init__(self, name: str, lexicon: Lexicon | None = None):
        self.name = name
        self.lexicon = lexicon if lexicon is not None else Lexicon()

    def __call__(self, doc: Doc) -> Doc:
        doc._.lexicon = self.lexicon
        return doc

    def to_disk(self, path, exclude=tuple()):
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_jsonl(path / LEXICON_FILE, self.lexicon.to_entries())

    def from_disk(self, path, exclude=tuple()):
        file = Path(path) / LEXICON_FILE
        self.lexicon = Lexicon.from_entries(
            (f"{file}:{n}", entry) for n, entry in enumerate(srsly.read_jsonl(file), start=1))
        return self
