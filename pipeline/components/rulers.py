"""A SpanRuler whose token patterns are tried only where their first token can match.

spaCy's Matcher tries every token pattern at every token, and evaluates each pattern's
"IN" / "REGEX" first-token predicate in Python at each of them: measured on the dev set,
the cue rules' 49 token patterns cost more than the rest of the rule components together.
Nearly every pattern starts with a word list ("à", "en", "lui"; the lemmas "nommer",
"rapporter"…), so the ruler indexes patterns by their first token's words, finds in one
vectorised lookup where those words occur, and at each such place runs a Matcher of the
patterns starting with that word on the window they can span. The matches are
those of the plain SpanRuler: a bounded pattern cannot reach past its window, and an
unbounded one ("*", "+") is read to `UNBOUNDED_WINDOW` tokens. A first token given by a
regular expression ("^ex-.+") is anchored the same way: the expression is tried once on each
distinct word of the doc instead of at every token. Patterns whose first token may match
anything (an optional token, no word test) run over the whole doc as before.
"""

from __future__ import annotations

import re
import warnings

import numpy
from spacy.attrs import IDS
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc, Span

# The attributes a first token is indexed by, most selective first.
ANCHOR_ATTRS = ("ORTH", "LOWER", "NORM", "LEMMA", "POS")
ATTR_ALIASES = {"TEXT": "ORTH"}
UNBOUNDED_WINDOW = 32
_REPEAT = re.compile(r"^\{(\d*)(,?)(\d*)\}$")


def _span_length(token: dict) -> int | None:
    """How many tokens a pattern token can take at most; None for no bound."""
    op = token.get("OP")
    if op in (None, "!", "?"):
        return 1
    if op in ("*", "+"):
        return None
    found = _REPEAT.match(op)
    if found is None:
        return None
    low, comma, high = found.groups()
    if high:
        return int(high)
    return None if comma else int(low)


def pattern_window(pattern: list[dict]) -> int:
    """The most tokens a pattern's match can span (`UNBOUNDED_WINDOW` if it has no bound)."""
    total = 0
    for token in pattern:
        length = _span_length(token)
        if length is None:
            return UNBOUNDED_WINDOW
        total += length
    return min(total, UNBOUNDED_WINDOW)


def _required_first_token(pattern: list[dict]) -> dict | None:
    """The first token's tests by attribute name (TEXT read as ORTH), unless that token may
    be skipped ("?", "*"): then a match can start anywhere."""
    if not pattern or pattern[0].get("OP") not in (None, "+"):
        return None
    return {ATTR_ALIASES.get(key.upper(), key.upper()): value for key, value in pattern[0].items()}


def pattern_anchor(pattern: list[dict]) -> tuple[str, list[str]] | None:
    """The attribute and words the first token of `pattern` must have, or None when it
    may match other tokens (no word list, or an optional first token)."""
    first = _required_first_token(pattern)
    for attr in ANCHOR_ATTRS if first else ():
        value = first.get(attr)
        if isinstance(value, str):
            return attr, [value]
        if isinstance(value, dict) and set(value) == {"IN"} and value["IN"] \
                and all(isinstance(v, str) for v in value["IN"]):
            return attr, list(value["IN"])
    return None


def regex_anchor(pattern: list[dict]) -> tuple[str, str] | None:
    """The attribute and regular expression the first token of `pattern` must match, or
    None when it has none (or is optional)."""
    first = _required_first_token(pattern)
    for attr in ANCHOR_ATTRS if first else ():
        value = first.get(attr)
        if isinstance(value, dict) and isinstance(value.get("REGEX"), str):
            return attr, value["REGEX"]
    return None


class AnchoredSpanRuler(SpanRuler):
    """`span_ruler` with the same patterns, config and output, matched where they can start."""

    def clear(self) -> None:
        super().clear()
        self._index_token_patterns()

    def add_patterns(self, patterns: list[dict]) -> None:
        # Phrase patterns (matched on LOWER) need tokens only: without this, the components
        # before the ruler would tag every phrase (W012), at build and at `from_disk`.
        with warnings.catch_warnings(), self.nlp.select_pipes(enable=[]):
            warnings.filterwarnings("ignore", message=r"\[W012\]")
            super().add_patterns(patterns)
        self._index_token_patterns()

    def _index_token_patterns(self) -> None:
        self.matcher = self._new_matcher(validate=self.validate)
        # (attribute, word hash) → a Matcher of the patterns starting with that word, their
        # first token pinned to it (an exact attribute test instead of a Python set lookup),
        # and the longest window they need.
        self.anchored: dict[tuple[str, int], tuple[Matcher, int]] = {}
        # (attribute, compiled expression, Matcher of the pattern, window) for the patterns
        # whose first token is a regular expression.
        self.regex_anchored: list[tuple[str, re.Pattern, Matcher, int]] = []
        strings = self.nlp.vocab.strings
        for entry in self._patterns:
            pattern = entry["pattern"]
            if not isinstance(pattern, list):
                continue
            key = repr((entry["label"], entry.get("id", "")))
            anchor = pattern_anchor(pattern)
            if anchor is None:
                regex = regex_anchor(pattern)
                if regex is None:
                    self.matcher.add(key, [pattern])
                else:
                    matcher = self._new_matcher(False)
                    matcher.add(key, [pattern])
                    self.regex_anchored.append(
                        (regex[0], re.compile(regex[1]), matcher, pattern_window(pattern)))
                continue
            attr, words = anchor
            rest = {k: v for k, v in pattern[0].items()
                    if ATTR_ALIASES.get(k.upper(), k.upper()) != attr}
            length = pattern_window(pattern)
            for word in words:
                slot = (attr, strings.add(word))
                # Patterns were validated when the ruler took them. A repeated first token
                # ("+") may go on with the list's other words: it keeps its whole list.
                matcher, window = self.anchored.get(slot) or (self._new_matcher(False), 0)
                first = pattern[0] if "OP" in pattern[0] else {**rest, attr: word}
                matcher.add(key, [[first, *pattern[1:]]])
                self.anchored[slot] = (matcher, max(window, length))
        self._anchor_keys = {
            attr: numpy.array([h for a, h in self.anchored if a == attr], dtype="uint64")
            for attr in sorted({attr for attr, _ in self.anchored})}
        self._columns = sorted(set(self._anchor_keys)
                               | {attr for attr, *_ in self.regex_anchored})

    def _new_matcher(self, validate: bool) -> Matcher:
        return Matcher(self.nlp.vocab, validate=validate, fuzzy_compare=self.matcher_fuzzy_compare)

    def anchored_matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """Matches of the anchored patterns: at each token whose word starts some patterns,
        those patterns' Matcher run on the window they can span."""
        if not self._columns or not len(doc):
            return []
        values = doc.to_array([IDS[attr] for attr in self._columns]).reshape(len(doc), -1)
        column = {attr: values[:, i] for i, attr in enumerate(self._columns)}
        starts = []
        for attr, keys in self._anchor_keys.items():
            words = column[attr]
            starts += [(i, *self.anchored[(attr, int(words[i]))])
                       for i in numpy.flatnonzero(numpy.isin(words, keys)).tolist()]
        strings = doc.vocab.strings
        for attr, expression, matcher, window in self.regex_anchored:
            words = column[attr]
            found = [h for h in numpy.unique(words).tolist() if expression.search(strings[h])]
            starts += [(i, matcher, window)
                       for i in numpy.flatnonzero(numpy.isin(words, found)).tolist()]
        return [(key, i, i + end) for i, matcher, window in starts
                for key, start, end in matcher(doc[i:min(len(doc), i + window)]) if start == 0]

    def match(self, doc: Doc) -> list[Span]:
        self._require_patterns()
        matches = self.anchored_matches(doc)
        # An empty Matcher warns at every call (W036).
        for matcher in (self.matcher, self.phrase_matcher):
            if len(matcher):
                matches.extend(matcher(doc))
        labels = self._match_label_id_map
        return sorted({Span(doc, start, end, label=labels[key]["label"], span_id=labels[key]["id"])
                       for key, start, end in matches if start != end})


@Language.factory(
    "anchored_span_ruler",
    assigns=["doc.spans"],
    default_config={"spans_key": "ruler", "phrase_matcher_attr": None, "validate": False,
                    "overwrite": True},
)
def make_anchored_span_ruler(nlp: Language, name: str, spans_key: str | None,
                             phrase_matcher_attr: str | None, validate: bool,
                             overwrite: bool) -> AnchoredSpanRuler:
    return AnchoredSpanRuler(nlp, name, spans_key=spans_key,
                             phrase_matcher_attr=phrase_matcher_attr, validate=validate,
                             overwrite=overwrite)
