"""Looking mentions up by position, and resolving pronouns to the people they stand for.

The relation components all ask the same questions of a doc: which person is named at this
token, which is the nearest person before it, whom does "il" / "ce dernier" / "lui" stand for.
`MentionIndex` answers them from the span groups the entity resolver wrote.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span

PREPOSITIONS_DE = {"de", "du", "des", "d'", "d’"}
DETERMINERS = {"le", "la", "les", "l'", "l’", "un", "une", "son", "sa", "ses", "leur", "leurs",
               "notre", "nos", "votre", "ce", "cet", "cette", "ces"}
HONORIFICS = {"m.", "mme", "mlle", "monsieur", "madame", "mademoiselle", "me", "dr", "pr",
              "maître", "docteur", "professeur"}
SUBJECT_PRONOUNS = {"il": "Masc", "elle": "Fem"}
OBJECT_PRONOUNS = {"lui", "le", "la", "l'", "l’", "leur"}
GENDERS_KEY = "organigramme.person_genders"


def is_finite_verb(token) -> bool:
    """A conjugated verb or auxiliary ("succède", "était"): where a new clause begins."""
    return token.pos_ in {"VERB", "AUX"} and "VerbForm=Fin" in str(token.morph)


IMPERFECT_ENDINGS = ("ais", "ait", "aient", "ions", "iez")


def is_imperfect(token) -> bool:
    """"dirigeait", "était": the imperfect, where the tagger says so and the ending agrees
    (it tags some present forms such as "dirige" Tense=Imp)."""
    return "Tense=Imp" in str(token.morph) and token.lower_.endswith(IMPERFECT_ENDINGS)


def is_acronym(token) -> bool:
    """"OCP", "SMS&P", "SPO": a short word of capitals (one small letter allowed)."""
    text = token.text
    letters = [c for c in text if c.isalpha()]
    return (2 <= len(text) <= 10 and len(letters) >= 2
            and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1))


def is_capitalized(token) -> bool:
    text = token.text
    return bool(text) and (text[0].isupper() or (text[0].isdigit() and len(text) > 1
                                                and any(c.isupper() for c in text)))


@dataclass
class Mentions:
    """Mentions of one label, sorted, with a token → mention map."""

    spans: list[Span]

    def __post_init__(self):
        self.spans = sorted(self.spans, key=lambda s: (s.start, s.end))
        self.starts = [s.start for s in self.spans]
        self.at = {}
        for span in self.spans:
            for i in range(span.start, span.end):
                self.at[i] = span

    def starting_at(self, i: int) -> Span | None:
        span = self.at.get(i)
        return span if span is not None and span.start == i else None

    def before(self, i: int, lower: int = 0) -> list[Span]:
        """Mentions that end at or before token i and start at or after `lower`, nearest last."""
        index = bisect_left(self.starts, i)
        return [s for s in self.spans[:index] if s.end <= i and s.start >= lower]

    def within(self, start: int, end: int) -> list[Span]:
        lo, hi = bisect_left(self.starts, start), bisect_left(self.starts, end)
        return [s for s in self.spans[lo:hi] if s.end <= end]


class MentionIndex:
    """People, organisations, titles and units of a doc, by position."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.people = Mentions(list(doc.spans.get("PERSON", [])))
        self.orgs = Mentions(list(doc.spans.get("ORG", [])))
        self.titles = Mentions(list(doc.spans.get("TITLE", [])))
        self.units = Mentions(list(doc.spans.get("UNIT", [])))
        self.cues = Mentions(_longest_relation_cues(list(doc.spans.get("cues", []))))
        # Who is a person does not change after the entity resolver: the genders are worked
        # out once per doc, whichever component builds an index first.
        genders = doc.user_data.get(GENDERS_KEY)
        if genders is None:
            genders = doc.user_data[GENDERS_KEY] = _person_genders(doc, self.people)
        self.genders = genders
        self._rule_starts: dict[str, set[int]] | None = None

    def rule_starts(self, label: str) -> set[int]:
        """Where the entity rules of `label` start ("ORG_INTRO": "la station de radio …");
        doc.spans builds its Spans anew at each reading, so it is read once per index."""
        if self._rule_starts is None:
            self._rule_starts = {}
            for span in self.doc.spans.get("rules", []):
                self._rule_starts.setdefault(span.label_, set()).add(span.start)
        return self._rule_starts.get(label, set())

    @staticmethod
    def name(span: Span) -> str:
        return span.kb_id_ or span.text

    def nearest_person_before(self, i: int, lower: int) -> Span | None:
        found = self.people.before(i, lower)
        return found[-1] if found else None

    def first_person_after(self, i: int, upper: int) -> Span | None:
        found = self.people.within(i, upper)
        return found[0] if found else None

    def antecedent(self, i: int, exclude: set[str] = frozenset(), gender: str | None = None,
                   prefer_subject: bool = False) -> str | None:
        """The last person named before token i who is not excluded and agrees in gender.

        With `prefer_subject` (for "il"/"elle" opening a clause), the last person who was the
        subject of a clause within the three sentences before wins over a later object
        ("… sous Nicolas Sarkozy. … Il travaillera" is about the clause subject).
        """
        candidates = []
        for span in reversed(self.people.before(i)):
            name = self.name(span)
            known = self.genders.get(name)
            if name in exclude or (gender and known and known != gender):
                continue
            candidates.append(span)
        if prefer_subject:
            # "imitant Bill Gates …, il s'est attribué …": a subject pronoun does not stand
            # for a non-subject named earlier in its own sentence
            here = self.doc[i].sent.start
            candidates = [s for s in candidates if s.sent.start != here or _is_subject(s)]
        if not candidates:
            return None
        if prefer_subject:
            # The nearest earlier sentence naming anyone: its only person, else its subject.
            nearest = candidates[0].sent
            if nearest.start != self.doc[i].sent.start:
                in_sentence = [s for s in candidates if s.sent.start == nearest.start]
                if len({self.name(s) for s in in_sentence}) == 1:
                    return self.name(in_sentence[0])
            sentence_start = self.doc[i].sent.start
            horizon = sentence_start
            for _ in range(3):
                if horizon > 0:
                    horizon = self.doc[horizon - 1].sent.start
            for span in candidates:
                if span.start < horizon:
                    break
                if _is_subject(span):
                    return self.name(span)
        return self.name(candidates[0])

    def recent_people(self, i: int, count: int | None, exclude: set[str]) -> list[str]:
        """The `count` last distinct people named before token i, in text order.

        Without a count, the people of the sentence before i (at least two are wanted).
        """
        found: list[str] = []
        sentence_start = self.doc[i].sent.start
        previous = self.doc[sentence_start - 1].sent if sentence_start > 0 else None
        for span in reversed(self.people.before(i)):
            name = self.name(span)
            if name in exclude or name in found:
                continue
            if count is None and previous is not None and span.start < previous.start \
                    and len(found) >= 2:
                break
            found.append(name)
            if count is not None and len(found) == count:
                break
        return list(reversed(found))


def _is_subject(span: Span) -> bool:
    """Is this mention the subject of its clause (or a cleft's focus: "c'est X qui")?"""
    root = span.root
    if root.dep_.startswith("nsubj"):
        return True
    doc = span.doc
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    if before in {"est", "c'est", "c’est"} and after == "qui":
        return True
    return span.start == span.sent.start and after == ","


RELATION_CUES = {"REPORTS_TO", "MANAGES", "SUCCEEDS", "SUCCEEDED_BY", "HEADS", "HEADS_NEW",
                 "HEADED_BY"}


CUE_FAMILIES = {"REPORTS_TO": "reporting", "MANAGES": "reporting",
                "SUCCEEDS": "succession", "SUCCEEDED_BY": "succession",
                "HEADS": "headship", "HEADS_NEW": "headship", "HEADED_BY": "headship"}


def _longest_relation_cues(cues: list[Span]) -> list[Span]:
    """Of two cues of one relation, one inside the other, the longer says more: "remplacé
    par" (the subject is replaced) wins over "remplacé" (the subject replaces)."""
    relation = [c for c in cues if c.label_ in RELATION_CUES]
    kept = []
    for cue in cues:
        family = CUE_FAMILIES.get(cue.label_)
        if family and any(
                CUE_FAMILIES[other.label_] == family and other.start <= cue.start
                and cue.end <= other.end and len(other) > len(cue) for other in relation):
            continue
        kept.append(cue)
    return kept


_FEMININE_WORDS = {"mme", "madame", "mlle", "elle", "directrice", "présidente", "nommée",
                   "désignée", "promue", "ex-directrice", "fondatrice", "cofondatrice",
                   "patronne", "déléguée", "administratrice", "vice-présidente", "conseillère",
                   "dirigeante", "elue", "élue", "arrivée", "remplaçante", "directrices"}
_MASCULINE_WORDS = {"m.", "monsieur", "directeur", "président", "nommé", "désigné", "promu",
                    "ex-directeur", "fondateur", "cofondateur", "patron", "délégué",
                    "administrateur", "vice-président", "conseiller", "dirigeant", "élu",
                    "remplaçant", "homme"}


def is_feminine_title(title: Span) -> bool:
    """"directrice générale", "Présidente", "ex-directrice": a title written in the feminine."""
    head = title[0].lower_.removeprefix("ex-")
    return (head in _FEMININE_WORDS or head.removeprefix("co") in _FEMININE_WORDS
            or head.endswith(("trice", "trices"))
            or ("Gender=Fem" in str(title[0].morph) and title[0].pos_ == "NOUN"))


FIRST_NAME_RULES = {"first-name-f": "Fem", "first-name-m": "Masc"}


def _first_name_genders(doc: Doc, people: Mentions) -> Iterator[tuple[str, str]]:
    """(person, "Fem"/"Masc") for each mention starting on a first name of the rules."""
    for span in doc.spans.get("rules", []):
        if span.label_ == "PERSON" and span.id_ in FIRST_NAME_RULES:
            person = people.at.get(span.start)
            if person is not None:
                yield person.kb_id_ or person.text, FIRST_NAME_RULES[span.id_]


def men_by_first_name(index: MentionIndex) -> set[str]:
    """People whose first name is a man's ("Jean-Pierre Clamadieu"): surer than the words
    around their mentions, which may be another person's."""
    return {name for name, gender in _first_name_genders(index.doc, index.people)
            if gender == "Masc"}


def _person_genders(doc: Doc, people: Mentions) -> dict[str, str]:
    """Grammatical gender of each person, from the words right around their mentions."""
    votes: dict[str, list[int]] = {}
    for span in people.spans:
        window = list(doc[max(span.sent.start, span.start - 2):span.start]) + \
            list(doc[span.end:min(span.sent.end, span.end + 4)])
        score = 0
        for token in window:
            lower = token.lower_
            if lower in _FEMININE_WORDS:
                score -= 1
            elif lower in _MASCULINE_WORDS:
                score += 1
        votes.setdefault(span.kb_id_ or span.text, []).append(score)
    for name, gender in _first_name_genders(doc, people):
        votes.setdefault(name, []).append(-3 if gender == "Fem" else 3)
    genders = {}
    for name, scores in votes.items():
        total = sum(scores)
        if total:
            genders[name] = "Fem" if total < 0 else "Masc"
    return genders
