"""Roles: who holds (held, takes) which post, where.

A role is found from a title ("X, directeur général d'Infeeny", "est nommée directrice du pôle
Sell-with", "le PDG Carlos Ghosn") or from a headship cue without a title ("a pris la direction
du pôle Build-with", "s'est vu confier le pôle Go-to-market", "la direction …, confiée à X").
Its status comes from the cue nearest the title: appointment words make it ``new``, past-post
words (ex-, ancien, précédemment, jusqu'ici, an imperfect verb) make it ``former``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.components.mentions import (
    DETERMINERS, PREPOSITIONS_DE, SUBJECT_PRONOUNS, MentionIndex, is_finite_verb,
    is_acronym, is_feminine_title, is_imperfect, men_by_first_name,
)
from pipeline.matching import normalize, normalize_unit

APPOSITION_WORDS = {",", "(", ")", "«", "»", '"', "ex", "ancien", "ancienne", "actuel",
                    "actuelle", "nouveau", "nouvelle", "nouvel", "futur", "future", "ans",
                    "précédemment", "jusqu'ici", "désormais", "aujourd'hui", "alors",
                    "jusqu'", "jusqu’", "ici", "jusque-là", "actuellement", "auparavant",
                    "récemment", "déjà", "toujours",
                    "l'", "l’", "le", "la", "son", "sa", "notre", "leur", "lui-même", "elle-même",
                    "qui", "est", "était", "sera", "devient", "reste", "demeure", "-", "–"}
PLACE_SKIP = PREPOSITIONS_DE | {"la", "l'", "l’", "le", "les", "chez", "au", "aux", "sein",
                                "groupe", "société", "filiale", "à", "pour"}
OBJECT_CUES = {"SUCCEEDS", "SUCCEEDED_BY", "REPORTS_TO", "HEADED_BY"}
STATUS_CUES = {"NEW": "new", "FORMER": "former", "CURRENT": "current"}
STATUS_PRIORITY = {"new": 3, "former": 2, "current": 1}


@Language.factory(
    "organigramme_roles",
    assigns=["doc._.roles"],
    requires=["doc.spans"],
    default_config={"status_window": 8, "max_subject_gap": 24},
)
def make_role_extractor(nlp: Language, name: str, status_window: int, max_subject_gap: int
                        ) -> "RoleExtractor":
    return RoleExtractor(name, status_window, max_subject_gap)


class RoleExtractor:
    def __init__(self, name: str, status_window: int = 8, max_subject_gap: int = 24):
        self.name = name
        self.status_window = status_window
        self.max_subject_gap = max_subject_gap

    def __call__(self, doc: Doc) -> Doc:
        doc._.roles = assign_roles(doc, self.status_window, self.max_subject_gap)
        if doc._.units is not None:
            name_units_in_full(doc._.roles, doc._.units)
            doc._.units = keep_held_units(doc._.units, doc._.roles) + \
                units_headed_only(doc._.units, doc._.roles)
        return doc

    def to_disk(self, path, exclude=tuple()):
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "cfg.json").write_text(json.dumps(
            {"status_window": self.status_window, "max_subject_gap": self.max_subject_gap}))

    def from_disk(self, path, exclude=tuple()):
        cfg = json.loads((Path(path) / "cfg.json").read_text())
        self.status_window, self.max_subject_gap = cfg["status_window"], cfg["max_subject_gap"]
        return self


def main_organization(index: MentionIndex) -> str | None:
    """The organisation the article is about: the one whose names occur most often in its
    text (first named on ties). Occurrences are counted in the text, not among the NER's
    mentions: the NER often tags a company once and leaves its later mentions untagged."""
    key_of = {span.text: normalize(index.name(span)) for span in index.orgs.spans}
    if not key_of:
        return None
    # Longest names first: "Microsoft France" is not also counted as "Microsoft".
    names = "|".join(re.escape(form) for form in sorted(key_of, key=len, reverse=True))
    in_names = {i for span in index.people.spans for i in range(span.start_char, span.end_char)}
    counts = Counter(key_of[found.group()] for found in
                     re.finditer(rf"(?<!\w)(?:{names})(?!\w)", index.doc.text)
                     if found.start() not in in_names)  # "Kocher" in "Isabelle Kocher"
    best = max(counts.values(), default=0)
    for span in index.orgs.spans:
        if counts[normalize(index.name(span))] == best:
            return index.name(span)
    return None


def place_after(doc: Doc, index: MentionIndex, i: int, limit: int
                ) -> tuple[Span | None, Span | None, int]:
    """The organisation and/or unit a post is in, named right after it: "de Microsoft France",
    "d'Infeeny", "du pôle Sell-with", "chez Dell", "au sein du groupe X". Returns the end."""
    org = unit = None
    j = i
    while j < limit:
        skipped = j
        while j < limit and j - skipped < 4 and (doc[j].lower_ in PLACE_SKIP
                                                 or _is_kind_word(index, j)):
            j += 1
        if j == skipped and (org or unit):
            break
        found_unit = index.units.starting_at(j)
        found_org = index.orgs.starting_at(j)
        if found_unit is not None and unit is None and org is None:
            unit, j = found_unit, found_unit.end
            continue
        if found_org is not None and org is None and j > skipped:
            org, j = found_org, found_org.end
            break
        break
    end = max((s.end for s in (org, unit) if s is not None), default=i)
    return org, unit, end


def _is_kind_word(index: MentionIndex, j: int) -> bool:
    """"pôle" in "du pôle Build-with", "Division" in "de la Division Plateforme": the kind
    word right before a unit's name."""
    unit = index.units.at.get(j + 1)
    word = index.doc[j]
    return unit is not None and unit.start == j + 1 and (
        word.is_lower or word.lower_ in KIND_WORDS_SINGULAR)


def _is_tight_apposition(gap: Span) -> bool:
    """Only apposition words between a name and a title: "X, 45 ans, ancien directeur", or
    a past participle after the comma: "succède à X, nommé directeur", "X, récemment promu
    directeur" (the title is X's, whatever X is to the clause)."""
    if len(gap) > 7:
        return False
    participles = [t for t in gap if t.pos_ in {"VERB", "AUX"}
                   and "VerbForm=Part" in str(t.morph) and t.lower_ not in APPOSITION_WORDS]
    if len(participles) > 1 or (participles and (not len(gap) or gap[0].text != ",")):
        return False
    return all(t.lower_ in APPOSITION_WORDS or t.like_num or t.is_space or t in participles
               or (participles and t.pos_ == "ADV") for t in gap)


def _is_parenthetical(gap: Span) -> bool:
    """", un vieux compagnon de route,": an aside between commas, with no verb of its own."""
    return (len(gap) >= 2 and gap[0].text == "," and gap[-1].text == ","
            and not any(map(is_finite_verb, gap)))


def object_of_cue(index: MentionIndex, person: Span, labels: set[str] = OBJECT_CUES) -> bool:
    """Is this person the object of a relation cue ("succède à X", "reporte à X", "succéder
    au PDG X")?"""
    j = person.start - 1
    while j >= 0 and (index.doc[j].lower_ in DETERMINERS | PREPOSITIONS_DE
                      or index.titles.at.get(j) is not None):
        j -= 1
    return any(cue.end == j + 1 and cue.label_ in labels
               for cue in index.cues.before(j + 1, max(0, j - 6)))


def subject_of(index: MentionIndex, i: int, sent: Span, max_gap: int) -> tuple[str | None, Span | None]:
    """The person a clause at token i is about: the nearest person before it in the sentence
    (skipping the objects of relation cues), else the person a pronoun or "ce dernier" stands
    for. Returns the name and the mention when it is in the sentence."""
    relative = _relative_antecedent(index, i, sent)
    if relative is not None:
        return index.name(relative), relative
    if sent.start > 0 and index.doc[sent.start].lower_ == "qui" \
            and not index.people.before(i, sent.start):
        # "… confiée à X. Qui est nommée directrice": a relative cut off by a full stop
        last = index.nearest_person_before(sent.start, index.doc[sent.start - 1].sent.start)
        if last is not None:
            return index.name(last), None
    for person in reversed(index.people.before(i, sent.start)):
        if object_of_cue(index, person):
            continue
        if _own_pronoun_subject(index, person.end, i):
            break  # "imitant X, qu'il a critiqué, il s'est attribué le poste": not X's
        if _object_before_coordinated_verb(index, person, i):
            continue  # "A a rencontré B et devrait être nommé DG": A's post, not B's
        if i - person.end <= max_gap or _opens_with_apposition(index, person, i):
            return index.name(person), person
        break
    return resolve_pronoun_before(index, i, sent), None


def _object_before_coordinated_verb(index: MentionIndex, person: Span, i: int) -> bool:
    """The object of a verb, then "et" and a second verb before token i: the second clause
    shares the first one's subject."""
    doc = index.doc
    if person.start == 0 or doc[person.start - 1].pos_ not in {"VERB", "AUX"}:
        return False
    for j in range(person.end, i - 1):
        if doc[j].lower_ == "et" and (is_finite_verb(doc[j + 1]) or doc[j + 1].pos_ == "AUX"):
            return True
    return False


def _own_pronoun_subject(index: MentionIndex, start: int, i: int) -> bool:
    """A subject pronoun opening a clause (after a comma) between a name and token i: the
    clause at i has a subject of its own."""
    doc = index.doc
    for j in range(max(start, 1), i - 1):
        if doc[j].lower_ in SUBJECT_PRONOUNS and doc[j - 1].text in {",", "–", "-"} \
                and (is_finite_verb(doc[j + 1]) or doc[j + 1].lower_ in {"s'", "s’", "se"}):
            return True
    return False


def _opens_with_apposition(index: MentionIndex, person: Span, i: int) -> bool:
    """"X, 33 ans, cofondateur de A, …, et vice-président de B, succède à Y en tant que
    directeur": a sentence opening on a name and a long apposition is about X, up to token
    i if no verb comes before it or if i is in the main clause (one verb, after the
    apposition's closing comma)."""
    doc = index.doc
    if person.start != person.sent.start or person.end >= i or doc[person.end].text != ",":
        return False
    verbs = [t.i for t in doc[person.end:i] if is_finite_verb(t)]
    if not verbs:
        return doc[i - 1].text == ","
    return len(verbs) == 1 and doc[verbs[0] - 1].text == ","


def _relative_antecedent(index: MentionIndex, i: int, sent: Span) -> Span | None:
    """"confiée à X, 45 ans, qui remplace Y": the subject of a clause opened by "qui" is the
    person the relative pronoun follows, past an apposition, whatever role X plays before."""
    doc = index.doc
    j = i - 1
    while j > sent.start and doc[j].pos_ in {"ADV", "AUX"}:
        j -= 1  # "qui désormais remplace", "qui a pris"
    if j > sent.start and doc[j].lower_ != "qui":
        # "… et qui rejoint le groupe en tant que directeur": i inside the relative clause
        k, verbs = i - 1, 0
        while k > sent.start and i - k <= 8 and doc[k].lower_ != "qui" and not doc[k].is_punct:
            verbs += is_finite_verb(doc[k])
            k -= 1
        j = k if doc[k].lower_ == "qui" and verbs == 1 else j
    if j <= sent.start or doc[j].lower_ != "qui":
        return None
    person = index.nearest_person_before(j, sent.start)
    if person is None:
        return None
    between = doc[person.end:j]
    if len(between) > 12 or any(map(is_finite_verb, between)) \
            or index.people.within(person.end, j):
        return None
    if len(between) and between[0].text != ",":
        return None  # "le conseil de X qui …": X is not plainly the antecedent
    return person


def resolve_pronoun_before(index: MentionIndex, i: int, sent: Span) -> str | None:
    doc = index.doc
    for cue in index.cues.within(sent.start, i):
        if cue.label_ == "ANAPHOR":
            return index.antecedent(cue.start)
    for token in doc[sent.start:i]:
        if token.lower_ in SUBJECT_PRONOUNS:
            described = _described_in_sentence_before(index, sent) \
                or _agent_of_passive_succession_before(index, sent)
            if described is not None:
                return index.name(described)
            return index.antecedent(token.i, gender=SUBJECT_PRONOUNS[token.lower_],
                                    prefer_subject=True)
    return None


def _agent_of_passive_succession_before(index: MentionIndex, sent: Span) -> Span | None:
    """"X est remplacé par Y, … Il sera membre du comité exécutif": after a passive
    succession the story goes on about the newcomer, the agent."""
    if sent.start == 0:
        return None
    previous = index.doc[sent.start - 1].sent
    for cue in index.cues.within(previous.start, previous.end):
        if cue.label_ == "SUCCEEDED_BY" and cue[-1].lower_ == "par":
            return index.first_person_after(cue.end, min(previous.end, cue.end + 3))
    return None


def _described_in_sentence_before(index: MentionIndex, sent: Span) -> Span | None:
    """"L'ancien directeur de TMC, bras droit d'A à D8, sera chargé de … Il va superviser":
    the sentence before had a description for subject, and "il" goes on about its person,
    not about the one it names in passing."""
    if sent.start == 0:
        return None
    previous = index.doc[sent.start - 1].sent
    titles = index.titles.within(previous.start, previous.end)
    return _described_topic(index, titles[0]) if titles else None


def attach_person(index: MentionIndex, title: Span, max_gap: int
                  ) -> tuple[str | None, Span | None, str]:
    """Whose title is this? Returns (name, mention or None, how it was decided)."""
    doc, sent = index.doc, title.sent
    occupant = _occupied_by(index, title)
    if occupant is not None:
        return index.name(occupant), occupant, "occupied-by"
    before = index.nearest_person_before(title.start, sent.start)
    if before is not None and _is_tight_apposition(doc[before.end:title.start]):
        return index.name(before), before, "apposition"
    confided = _confided_to(index, title)
    if confided is not None:
        return index.name(confided), confided, "title-confided"
    previous = _coordinated_title_before(index, title)
    if previous is not None:
        name, mention, how = attach_person(index, previous, max_gap)
        if name and how in {"apposition", "topic", "description"}:
            return name, mention, how  # "X, country manager d'A et VP de B"
    org, unit, end = place_after(doc, index, title.end, sent.end)
    k = past_time_phrase(doc, end, sent.end)
    while k < sent.end and doc[k].text in {",", "«", "»", '"'}:
        k += 1
    if k + 1 < sent.end and doc[k].lower_ in INVERTED_COPULAS \
            and index.people.starting_at(k + 1) is not None:
        k += 1  # "Le troisième directeur général délégué est X"
    after = index.people.starting_at(k)
    p = title.start - 1
    while p > sent.start and doc[p].pos_ == "ADJ" and doc[p].is_lower:
        p -= 1  # "une nouvelle directrice générale, X"
    preceding = doc[p] if p >= sent.start else None
    plural = "Number=Plur" in str(title[0].morph)  # "selon les présidents, X …": not X's
    if after is not None and not plural and (preceding is None or preceding.lower_ in DETERMINERS
                              | PREPOSITIONS_DE | {"au", "aux", ",", "à"}
                              or preceding.is_sent_start):
        return index.name(after), after, "title-before-name"
    fronted = _fronted_apposition_holder(index, title)
    if fronted is not None:
        return index.name(fronted), fronted, "title-before-name"
    if _object_of_appointing_verb(doc, title):
        return None, None, ""  # "X nomme un directeur général": not X's post
    name, mention = subject_of(index, title.start, sent, max_gap)
    if name:
        return name, mention, "subject" if mention is not None else "pronoun"
    if preceding is not None and preceding.lower_ in PREDICATE_INTRODUCERS:
        # "Puis pris la casquette de vice-président …", "Notamment en tant que directeur …":
        # a clause without a subject goes on about the person of the sentence before.
        topic = _previous_topic(index, sent)
        if topic:
            return topic, None, "topic"
    described = _described_topic(index, title)
    if described is not None:
        return index.name(described), None, "description"
    return None, None, ""


DESCRIPTION_QUALIFIERS = {"ancien", "ancienne", "actuel", "actuelle", "ex", "nouveau",
                          "nouvelle", "nouvel", "futur", "future"}
DESCRIPTION_REACH = 3  # sentences back to the person a description stands for
# "le départ du directeur financier": the news about a post's holder, named before
NEWS_NOUNS = {"départ", "arrivée", "nomination", "démission", "promotion", "éviction"}


def _described_topic(index: MentionIndex, title: Span) -> Span | None:
    """"L'ancienne directrice générale d'Orange France, nommée le 23 avril, a confirmé …":
    a qualified title opening a sentence that names nobody stands for the person the
    sentences before are about (the first one they name)."""
    doc, sent = index.doc, title.sent
    opening = [t for t in doc[sent.start:title.start] if not t.is_punct]
    # "Officiellement, le départ du directeur financier d'Oracle lui permet …"
    news = [t for t in opening if t.lower_ in NEWS_NOUNS]
    if news and doc[news[-1].i + 1].lower_ in PREPOSITIONS_DE:
        opening = [t for t in opening if t.i < news[-1].i or t.i > news[-1].i + 1
                   and t.lower_ not in DETERMINERS]
        qualified = True
    else:
        qualified = any(t.lower_ in DESCRIPTION_QUALIFIERS for t in opening)
    if not qualified or any(
            t.lower_ not in DESCRIPTION_QUALIFIERS | DETERMINERS and t.pos_ != "ADV"
            and not (t.pos_ == "ADP" and t.i + 1 < title.start and doc[t.i + 1].pos_ == "ADV")
            for t in opening):  # "De plus, cette ancienne numéro 2 de la SNCF …"
        return None
    # nobody named as the subject: a person before the verb is only a complement ("de X")
    verb = next((t.i for t in doc[title.end:sent.end] if is_finite_verb(t)), sent.end)
    if any(doc[p.start - 1].lower_ not in PREPOSITIONS_DE
           for p in index.people.within(sent.start, verb)):
        return None
    start = sent.start
    for _ in range(DESCRIPTION_REACH):
        if start == 0:
            return None
        previous = doc[start - 1].sent
        # one introduced by a title of their own ("la ministre de la Santé, X") is another
        named = [p for p in index.people.within(previous.start, previous.end)
                 if not _introduced_by_a_title(index, p)]
        if named:
            return named[0]
        start = previous.start
    return None


def _introduced_by_a_title(index: MentionIndex, person: Span) -> bool:
    """"la ministre de la Santé, X": a title ends right before the name (or its comma)."""
    j = person.start - 1
    if j >= 0 and index.doc[j].text == ",":
        j -= 1
    title = index.titles.at.get(j)
    return title is not None and title.end == j + 1


def _fronted_apposition_holder(index: MentionIndex, title: Span) -> Span | None:
    """"Ancien directeur général de X entre 2015 et 2019, et premier …, Y était …": a title
    opening the sentence describes the first person named after it, past a comma, when no
    verb comes in between."""
    doc, sent = index.doc, title.sent
    if any(not (t.is_punct or t.lower_ in APPOSITION_WORDS or t.pos_ == "ADJ")
           for t in doc[sent.start:title.start]):
        return None
    person = index.first_person_after(title.end, sent.end)
    if person is None or doc[person.start - 1].text != "," \
            or any(map(is_finite_verb, doc[title.end:person.start])):
        return None
    return person


OCCUPIED_WORDS = {"occupé", "occupée", "tenu", "tenue", "détenu", "détenue"}


def _occupied_by(index: MentionIndex, title: Span) -> Span | None:
    """"le poste de directeur …, occupé actuellement par X": the person who holds the post
    named before, with no verb of another clause in between."""
    doc, sent = index.doc, title.sent
    for j in range(title.end, min(sent.end - 1, title.end + 12)):
        if doc[j].lower_ in OCCUPIED_WORDS:
            k = j + 1
            while k < sent.end and doc[k].pos_ == "ADV":
                k += 1
            if k < sent.end and doc[k].lower_ == "par":
                return index.people.starting_at(k + 1)
            return None
        if is_finite_verb(doc[j]) or index.people.at.get(j) is not None:
            return None
    return None


APPOINTING_LEMMAS = {"nommer", "désigner", "recruter", "choisir", "embaucher", "débaucher",
                     "promouvoir", "installer"}
OBJECT_DETERMINERS = {"un", "une", "le", "la", "l'", "l’", "son", "sa", "leur", "ses", "des"}


def _object_of_appointing_verb(doc: Doc, title: Span) -> bool:
    """"Emmanuel Macron nomme un directeur général", "Engie s'est choisi une nouvelle
    directrice": a title with a determiner after an appointing verb names the one appointed,
    not the subject (the appointed subject of a passive, "est nommé directeur", takes none)."""
    j = title.start - 1
    while j > title.sent.start and doc[j].pos_ == "ADJ" and doc[j].is_lower:
        j -= 1  # "une nouvelle directrice"
    if j <= title.sent.start or doc[j].lower_ not in OBJECT_DETERMINERS:
        return False
    verb = doc[j - 1]
    participle = verb.lower_.removesuffix("s").removesuffix("e")  # "nommées" → "nommé"
    return verb.lemma_ in APPOINTING_LEMMAS or participle in {
        "nommé", "désigné", "recruté", "choisi", "embauché"}


INVERTED_COPULAS = {"est", "sera", "devient", "deviendra", "reste", "demeure"}
PREDICATE_INTRODUCERS = {"que", "de", "d'", "d’", "comme"}


def _coordinated_title_before(index: MentionIndex, title: Span) -> Span | None:
    """The title this one is coordinated with by "et", or stacked on after a comma: "country
    manager d'Oracle Italie et VP Technologie", "X, directeur général délégué, directeur
    financier" (only its organisation or unit in between)."""
    doc = index.doc
    k = title.start - 1
    if k > title.sent.start and doc[k].lower_ == "encore":
        k -= 1  # "directeur commercial ou encore vice-président"
    if k < 0 or doc[k].lower_ not in {"et", ",", "ou"}:
        return None
    earlier = index.titles.before(k, title.sent.start)
    if not earlier:
        return None
    previous = earlier[-1]
    _, _, end = place_after(doc, index, previous.end, title.sent.end)
    if end == k:
        return previous
    # "cofondateur de Baracoda, numéro 1 mondial des lecteurs …, et vice-président de B":
    # an aside about the organisation between the two, closed by ", et"
    aside = doc[end:k - 1]
    if doc[k].lower_ == "et" and doc[k - 1].text == "," and len(aside) and aside[0].text == "," \
            and not any(map(is_finite_verb, aside)) and not index.people.within(end, k):
        return previous
    return None


def _coordinated_title_after(index: MentionIndex, title: Span) -> Span | None:
    """The title right after this one and "et", when this one names no place: "secrétaire
    générale et directrice Amériques du groupe X" (both at X)."""
    doc = index.doc
    if title.end >= title.sent.end - 1 or doc[title.end].lower_ != "et":
        return None
    return index.titles.starting_at(title.end + 1)


TIME_WORDS = {"de", "depuis", "entre", "en", "à", "et", "jusqu'en", "janvier", "février", "mars",
              "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
              "décembre", "fin", "début", "mi"}


def past_time_phrase(doc: Doc, i: int, limit: int) -> int:
    """End of "de 2011 à 2016" / "depuis 2019" starting at token i (i if there is none)."""
    j = i
    while j < limit and j < i + 6 and (doc[j].lower_ in TIME_WORDS or doc[j].like_num):
        j += 1
    return j if j > i and any(t.like_num for t in doc[i:j]) else i


PLUPERFECT_AUXILIARIES = {"avait", "avaient", "était", "étaient"}
KEPT_POST_CUES = {"current-aujourd-hui", "current-stays"}
# a new post taken "également" / "aussi" is added to the one held until now
CUMULATING_WORDS = {"également", "aussi", "cumulera", "cumule", "conserve", "conservera"}


def told_in_pluperfect(index: MentionIndex, start: int, end: int) -> bool:
    """An appointment verb in the pluperfect ("avait intégré", "avait été nommé") tells
    what happened before the news: the post it gives is history, not new. Only the last
    verb before the post counts ("X, qui avait rejoint Y en 2012, est promu …" is new)."""
    doc = index.doc
    verbs = [t for t in doc[start:end] if t.pos_ in {"VERB", "AUX"}]
    if not verbs or "VerbForm=Part" not in str(verbs[-1].morph) \
            or index.cues.at.get(verbs[-1].i) is None \
            or index.cues.at[verbs[-1].i].label_ != "NEW":
        return False
    j = verbs[-1].i - 1
    while j >= start and (doc[j].pos_ == "ADV" or doc[j].lower_ == "été"):
        j -= 1
    return j >= start and doc[j].lower_ in PLUPERFECT_AUXILIARIES


def _modifies_title(index: MentionIndex, cue: Span, title: Span) -> bool:
    """Is an adjective cue ("actuel", "l'actuelle") part of the title's own noun phrase?"""
    between = index.doc[cue.end:title.start]
    return all(t.lower_ in DETERMINERS or t.pos_ == "ADJ" for t in between)


def _held_at_the_time(index: MentionIndex, i: int) -> bool:
    """"X, directeur général délégué à l'époque": a past marker right after the post."""
    return any(cue.id_ == "former-at-the-time" for cue in index.cues.within(i, i + 4)
               if cue.start <= i + 1)


def is_closed_period(doc: Doc, i: int, limit: int) -> bool:
    """"de 2011 à 2016" right at token i: a post held over a period that is over."""
    end = past_time_phrase(doc, i, limit)
    words = [t.lower_ for t in doc[i:end]]
    return bool(words) and words[0] in {"de", "entre"} and ("à" in words or "et" in words) \
        and sum(t.like_num for t in doc[i:end]) >= 2


def _confided_to(index: MentionIndex, title: Span) -> Span | None:
    """"Les fonctions de PDG … sont confiées à X": the post goes to the person after the cue."""
    doc = index.doc
    if title.start < 2 or doc[title.start - 1].lower_ not in PREPOSITIONS_DE \
            or doc[title.start - 2].lower_ not in {"fonctions", "poste", "postes", "fonction"}:
        return None
    for cue in index.cues.within(title.end, min(title.sent.end, title.end + 8)):
        if cue.label_ == "HEADED_BY" and cue[0].lower_.startswith(("confi", "attribu")):
            return index.first_person_after(cue.end, min(title.sent.end, cue.end + 4))
    return None


def _previous_topic(index: MentionIndex, sent: Span) -> str | None:
    if any(index.people.within(sent.start, sent.end)):
        return None
    if sent.start == 0:
        return None
    previous = index.doc[sent.start - 1].sent
    found = index.people.before(sent.start, previous.start)
    if found:
        return index.name(found[0])
    if any(t.lower_ in SUBJECT_PRONOUNS for t in previous):
        return resolve_pronoun_before(index, previous.end, previous)
    if any(t.lower_ in POSSESSIVES for t in previous):
        return index.antecedent(previous.start)  # "Sa carrière s'est faite chez X."
    return None


POSSESSIVES = {"son", "sa", "ses"}


def status_cue_near(index: MentionIndex, start: int, end: int) -> Span | None:
    """The status cue nearest to `end` in [start, end), if any."""
    best = None
    for cue in index.cues.within(start, end):
        if cue.label_ in STATUS_CUES and (best is None or cue.end > best.end):
            best = cue
    return best


def status_near(index: MentionIndex, start: int, end: int) -> str | None:
    cue = status_cue_near(index, start, end)
    return STATUS_CUES[cue.label_] if cue is not None else None


def lead_status(index: MentionIndex, mention: Span) -> str | None:
    """A cue right before a name governs its apposition: "a nommé M. X, président de Y",
    "le départ de X, directrice générale". The one a successor replaces leaves the post
    apposed to his name: "remplace X, directeur financier"."""
    doc = index.doc
    if object_of_cue(index, mention, {"SUCCEEDS"}):
        return "former"
    j = mention.start - 1
    while j >= mention.sent.start and mention.start - j <= 4 and (
            doc[j].lower_ in DETERMINERS | PREPOSITIONS_DE | {"m.", "mme", ",", "deux", "trois"}
            or doc[j].pos_ in {"ADJ", "NUM"}):
        j -= 1
    cue = index.cues.at.get(j)
    if cue is not None and cue.label_ in {"NEW", "FORMER"} and cue.end == j + 1:
        if cue.label_ == "NEW" and _narrated_in_imperfect(index, cue):
            return None  # "annonçait le recrutement de X en tant que CEO": held since then
        return STATUS_CUES[cue.label_]
    # "le départ à la retraite le 1er janvier de X", "le départ de deux dirigeants, A, …, et
    # B": a departure noun governs the names of the verbless stretch after it
    for cue in reversed(index.cues.within(mention.sent.start, mention.start)):
        if cue.id_ == "former-departure":
            between = doc[cue.end:mention.start]
            if len(between) <= DEPARTURE_REACH and not any(map(is_finite_verb, between)):
                return "former"
            break
    return None


DEPARTURE_REACH = 16


def _narrated_in_imperfect(index: MentionIndex, cue: Span, reach: int = 4) -> bool:
    """Is an appointment noun the object of a verb in the imperfect ("annonçait la nomination
    de X")? Then the appointment is past news, not this article's."""
    return any(other.id_ == "former-imperfect" and cue.start - other.end <= reach
               for other in index.cues.within(max(cue.sent.start, cue.start - reach - 1),
                                              cue.start))


def leaves_after_apposition(index: MentionIndex, title: Span) -> bool:
    """"X, directrice marketing, quitte elle aussi le groupe": the verb after the apposition
    says the post is being left."""
    doc = index.doc
    j = title.end
    while j < min(title.sent.end, title.end + 4) and doc[j].text != ",":
        j += 1
    if j >= title.sent.end or doc[j].text != ",":
        return False
    for k in range(j + 1, min(title.sent.end, j + 4)):
        cue = index.cues.at.get(k)
        if cue is not None and cue.id_ == "former-leave" and cue.start == k:
            return True
        if doc[k].pos_ in {"VERB", "AUX"}:
            return False
    return False


def is_speculative(index: MentionIndex, start: int, end: int) -> bool:
    return any(c.label_ == "SPECULATION" for c in index.cues.within(start, end))


def _make_role(person, title_text, org, unit, status, start_char, end_char, rule, sent):
    return {
        "person": person, "title": title_text, "org": org, "unit": unit, "status": status,
        "start": start_char, "end": end_char, "rule": rule,
        "sent_start": sent.start_char, "sent_end": sent.end_char,
    }


def clean_title(title: Span) -> str:
    """The title as written, in the singular ("directrices respectives" → "directrice
    respective"), without quotes or a trailing comma."""
    if "Number=Plur" not in str(title.root.morph) and "Number=Plur" not in str(title[0].morph):
        return title.text.strip(" ,«»\"")
    parts = []
    for token in title:
        if token.lower_ in RESPECTIVELY:
            continue
        text = token.text
        if "Number=Plur" in str(token.morph) and token.is_lower and len(text) > 3:
            if text.endswith("aux"):
                text = text[:-3] + "al"
            elif text.endswith(("s", "x")):
                text = text[:-1]
        parts.append(text + token.whitespace_)
    return "".join(parts).strip(" ,«»\"")


RESPECTIVELY = {"respectif", "respective", "respectifs", "respectives", "respectivement"}


def coordinated_holders(index: MentionIndex, title: Span, mention: Span | None) -> list[Span]:
    """"Carole Benichou et Pauline Maillard sont … directrices": a plural title is held by
    each of the coordinated people before it."""
    if mention is None or mention.end > title.start \
            or "Number=Plur" not in str(title[0].morph):
        return [mention] if mention is not None else []
    return people_coordinated_with(index, mention)


def people_coordinated_with(index: MentionIndex, mention: Span) -> list[Span]:
    """"A, B et C": the people coordinated before a mention by "," or "et", and it."""
    holders, current = [mention], mention
    while True:
        previous = index.nearest_person_before(current.start, mention.sent.start)
        if previous is None or index.doc[previous.end:current.start].text.strip() not in {"et",
                                                                                         ","}:
            return holders
        holders.insert(0, previous)
        current = previous


def coordinated_subjects(index: MentionIndex, mention: Span | None, verb: Span) -> list:
    """"Hermen Hulst et Hideaki Nishino partageaient …": the people coordinated before a
    subject, when the verb is plural; else the subject alone."""
    if mention is None or mention.end > verb.start or "Number=Plur" not in str(verb[0].morph):
        return [mention]
    return people_coordinated_with(index, mention)


PLURAL_DETERMINERS = {"les", "des", "aux", "ces", "leurs", "nos", "deux", "trois", "quatre"}
LIST_OPENERS = {"il", "s'", "s’", "agit", "s'agit", "s’agit", "de", "d'", "d’", "à", "savoir"}


def listed_holders(index: MentionIndex, title: Span, reach: int = 20) -> list[Span]:
    """"deux nouveaux directeurs généraux adjoints : A, directeur financier, et B", "les trois
    cofondateurs (A, B, C)", "les deux présidents du groupe, A et B": a plural title
    announcing a list holds for each person of the list, appositions skipped."""
    doc = index.doc
    sent_end = title.sent.end
    # "co-CEO du groupe : A et B": an invariable title, plural by the list after a colon
    # or by its determiners ("aux deux autres nouveaux DGA")
    plural = "Number=Plur" in str(title[0].morph) or any(
        t.lower_ in PLURAL_DETERMINERS or t.like_num
        for t in doc[max(title.sent.start, title.start - 4):title.start])
    opening = place_after(doc, index, title.end, sent_end)[2]  # "les cofondateurs d'X (…)"
    while opening < sent_end and opening - title.end < 3 and doc[opening].lower_ in PLACE_SKIP:
        opening += 1  # "les deux présidents du groupe, …"
    if opening >= sent_end or doc[opening].text not in {":", "(", ","}:
        return []
    first = opening + 1
    while first < sent_end and first - opening <= 4 and doc[first].lower_ in LIST_OPENERS:
        first += 1  # "…, il s'agit de A et de B", "…, à savoir A et B"
    person = index.people.starting_at(first)
    holders = []
    while person is not None:
        holders.append(person)
        following = None
        inside = False  # an aside in brackets "(HUPNVS, AP-HP)" is skipped
        for j in range(person.end, min(sent_end - 1, person.end + reach)):
            token = doc[j]
            if token.text == ")" and doc[opening].text == "(" or is_finite_verb(token):
                break
            if token.text in {"(", ")"}:
                inside = token.text == "("
            if token.lower_ in {",", "et"} and not inside:
                k = j + 1
                while k < j + 3 and doc[k].lower_ in PREPOSITIONS_DE | {"et"}:
                    k += 1  # "…, et de B"
                following = index.people.starting_at(k)
                if following is not None:
                    break
        person = following
    closed = False  # "… et B", "… et de B"
    if len(holders) >= 2:
        k = holders[-1].start - 1
        k -= doc[k].lower_ in PREPOSITIONS_DE
        closed = doc[k].lower_ == "et"
    if doc[opening].text == "," and not closed:
        return []  # after a comma, only a list closed by "et": "les deux présidents, A et B"
    if not plural and not (doc[opening].text == ":" and closed):
        return []
    return holders


def defined_title_acronyms(index: MentionIndex) -> dict[str, str]:
    """"3 nouveaux directeurs généraux adjoints (DGA)": the article defines "DGA"; a post
    it later names by the acronym is written in full, in the singular."""
    doc, defined = index.doc, {}
    for title in index.titles.spans:
        if not (is_acronym(title[0]) and len(title) == 1 and title.start > 0
                and doc[title.start - 1].text == "("
                and title.end < len(doc) and doc[title.end].text == ")"):
            continue
        glossed = _glossed_title(index, title)
        if glossed is not None:
            defined[title.text] = " ".join(t.lemma_ if t.is_lower else t.text for t in glossed)
    return defined


def is_gloss(index: MentionIndex, title: Span) -> bool:
    """A title in brackets right after another one glosses it: "directeur financier (CFO)";
    so does one after ", soit": "le poste de directeur …, soit le numéro 2 du groupe"."""
    doc = index.doc
    k = title.start - 1
    while k > title.sent.start and doc[k].lower_ in DETERMINERS:
        k -= 1
    if k > title.sent.start and doc[k].lower_ == "soit" and doc[k - 1].text == "," \
            and index.titles.before(k, title.sent.start):
        return True
    return _glossed_title(index, title) is not None


def _glossed_title(index: MentionIndex, title: Span) -> Span | None:
    """The title right before the brackets this one stands in: "directeur financier (CFO)"."""
    doc = index.doc
    for j in range(title.start - 1, max(title.sent.start, title.start - 8) - 1, -1):
        if doc[j].text == ")":
            return None
        if doc[j].text == "(":
            return index.titles.at.get(j - 1) if j > 0 else None
    return None


# The title rules (models/entities/titles.jsonl ids) that name public offices.
PUBLIC_OFFICE_RULES = {"title-elu", "title-secretaire-d-etat"}


def roles_from_titles(index: MentionIndex, default_org: str | None, status_window: int,
                      max_gap: int) -> list[dict]:
    doc = index.doc
    roles = []
    men = men_by_first_name(index)
    spelled_out = defined_title_acronyms(index)
    for title in index.titles.spans:
        sent = title.sent
        if is_gloss(index, title):
            continue
        listed = listed_holders(index, title)
        if listed:
            name, mention, how = index.name(listed[0]), None, "plural-list"
        else:
            name, mention, how = attach_person(index, title, max_gap)
        if not name:
            continue
        if is_feminine_title(title) and name in men:
            continue  # "la Directrice Générale" is not Jean-Pierre's post
        if mention is not None and mention.end <= title.start:
            window_start = mention.end
        elif how == "title-before-name" or how == "plural-list" and \
                "Number=Plur" in str(title[0].morph):
            window_start = title.start - 3  # "l'ancien PDG X", "les nouveaux DG : A et B"
        else:
            window_start = title.start - status_window
        if how in {"pronoun", "topic"}:
            window_start = title.start - 2 * status_window
        if how in {"subject", "apposition"} and mention is not None and mention.end == title.start \
                and mention.start > sent.start and doc[mention.start - 1].lower_ == "et":
            # "A deviendra directeur général et B président": the verb is A's clause's
            window_start = sent.start
        window_start = max(sent.start, window_start)
        # "le poste de DG, occupé actuellement par X": what is said of X lies between
        window = (title.end, mention.start) if how == "occupied-by" else (window_start, title.end)
        if is_speculative(index, window[0], min(window[1], title.start) if how != "occupied-by"
                          else window[1]):
            continue
        cue = status_cue_near(index, *window)
        if cue is not None and cue.id_ == "current-actuel" and \
                not _modifies_title(index, cue, title):
            cue = None  # "nommer X, actuel président de K, président de S": only K's post
        status = STATUS_CUES[cue.label_] if cue is not None else "current"
        if status == "new" and told_in_pluperfect(index, *window):
            status = "former"  # "En 2010, X avait intégré Y au poste de …": career history
        if cue is not None and cue.id_ == "former-jusqu-ici" and any(
                t.lower_ in CUMULATING_WORDS for t in doc[title.end:sent.end]):
            status = "current"  # "jusqu'ici directrice de W9, sera également chargée de …"
        org, unit, after_org = place_after(doc, index, title.end, sent.end)
        if org is None and unit is None:
            shared = _coordinated_title_after(index, title)
            if shared is not None:
                org, unit, _ = place_after(doc, index, shared.end, sent.end)
        org_text = index.name(org) if org is not None else None
        if org_text is None:
            # A public office (ministre, préfet, secrétaire d'État) is no post in the company
            # the article is about: only an organisation the sentence names will do.
            org_text = _org_in_clause(index, title, None if title.id_ in PUBLIC_OFFICE_RULES
                                      else default_org)
        if cue is None and (is_closed_period(doc, after_org, sent.end)
                            or _held_at_the_time(index, after_org)):
            status = "former"  # "Patron d'X de 2011 à 2016, Y …", "X, DG à l'époque"
        if how == "title-confided":
            status = "new"  # "les fonctions de PDG … sont confiées à X"
        also = coordinated_orgs(index, org) if org is not None and unit is None else []
        holders = listed or coordinated_holders(index, title, mention)
        units = [unit] if unit is not None else []
        if len(holders) > 1 and any(t.lower_ in RESPECTIVELY for t in sent):
            # "directrices respectives des divisions A et B": one unit each, in order
            after = index.units.within(title.end, sent.end)
            if len(after) == len(holders):
                units = after
        for number, holder in enumerate(holders or [None]):
            holder_name = index.name(holder) if holder is not None else name
            holder_unit = units[number] if number < len(units) else (units[0] if units else None)
            spans = [title] + ([holder] if holder is not None else []) + \
                [s for s in (org, holder_unit) if s is not None]
            title_text = spelled_out.get(title.text) or clean_title(title)
            role = _make_role(holder_name, title_text, org_text,
                              holder_unit.text if holder_unit is not None else None, status,
                              min(s.start_char for s in spans), max(s.end_char for s in spans),
                              f"title:{how}", sent)
            if cue is not None and cue.id_ == "current-actuel":
                role["until_moved"] = True
            if cue is not None and cue.id_ in KEPT_POST_CUES:
                role["kept"] = True  # "X, aujourd'hui président": no succession ends it
            if how == "apposition" and (cue is None or cue.id_ == "current-actuel"):
                # "a nommé M. X, DG de Y"; "le départ de X, l'actuelle directrice": the post
                # held now is the one being left
                lead = lead_status(index, mention)
                role["lead_status"] = lead if cue is None or lead == "former" else None
                if leaves_after_apposition(index, title):
                    role["status"] = "former"
            if how == "subject" and cue is None and status == "current":
                # "la nomination de X en tant que directeur"
                role["lead_status"] = lead_status(index, mention)
            if how == "title-before-name" and holder is not None and \
                    object_of_cue(index, holder, {"SUCCEEDS"}):
                role["status"] = "former"  # "succéder au PDG X": X's post is being left
            roles.append(role)
            if len(also) == 1 and also[0].start == org.end + 1 \
                    and doc[org.end].lower_ == "et":
                # "directeur des programmes de TMC et NT1": one post over both, the
                # preposition not repeated (unlike "patron d'Atos et d'Eutelsat")
                role["org"] = f"{role['org']} et {index.name(also[0])}"
                role["end"] = max(role["end"], also[0].end_char)
                also = []
            for other in also:  # "directrice générale d'Atos et d'Eutelsat"
                roles.append({**role, "org": index.name(other),
                              "end": max(role["end"], other.end_char)})
    return roles


EMPLOYER_WORDS = {"chez", "rejoint", "rejoindre", "rejoindra", "rejoignent", "intègre",
                  "intégrer", "intégrera", "intégré", "intégrée", "quitte", "quitter",
                  "quittera", "rallie", "rallié", "ralliée"}


def coordinated_orgs(index: MentionIndex, org: Span) -> list[Span]:
    """The organisations coordinated with `org`: "de Téva et Paris Première", "d'Atos,
    d'Eutelsat et de Canal+". A comma list counts only when "et" / "ou" closes it: after
    "PDG de Renault," a new clause may start with another organisation."""
    doc, sent_end = index.doc, org.sent.end
    found: list[Span] = []
    j = org.end
    while j + 1 < sent_end and doc[j].text in {",", "et", "ou"}:
        closing = doc[j].text != ","
        j += 1
        while j < sent_end and doc[j].lower_ in PREPOSITIONS_DE | {"l'", "l’", "la", "le"}:
            j += 1
        following = index.orgs.starting_at(j)
        if following is None:
            break
        found.append(following)
        if closing:
            return found + _added_with_mais(index, following.end)
        j = following.end
    return []


def _added_with_mais(index: MentionIndex, j: int) -> list[Span]:
    """", mais surtout de Canal+", ", mais aussi d'Orange": one more organisation after a
    closed list."""
    doc = index.doc
    words = [t.lower_ for t in doc[j:j + 3]]
    if words[:2] not in ([",", "mais"], ["mais"]):
        return []
    k = j + words.index("mais") + 1
    while k < len(doc) and (doc[k].lower_ in {"surtout", "aussi", "également", "encore"}
                            or doc[k].lower_ in PREPOSITIONS_DE | {"l'", "l’", "la", "le"}):
        k += 1
    following = index.orgs.starting_at(k)
    return [following] if following is not None and following.sent == doc[j].sent else []


def _org_in_clause(index: MentionIndex, title: Span, default_org: str | None) -> str | None:
    """The organisation a sentence names as employer ("rejoint Oracle en tant que CFO",
    "chez Dell"), else the article's main organisation: measured on the dev set, the nearest
    organisation of the sentence is more often a client, a parent or a former employer."""
    doc, sent = index.doc, title.sent
    for token in doc[sent.start:sent.end]:
        if token.lower_ in EMPLOYER_WORDS:
            j = token.i + 1
            while j < sent.end and doc[j].lower_ in DETERMINERS | {"groupe", "société"}:
                j += 1
            org = index.orgs.starting_at(j)
            if org is not None:
                return index.name(org)
    return default_org


def roles_from_headship(index: MentionIndex, default_org: str | None, max_gap: int
                        ) -> list[dict]:
    roles = []
    for cue in index.cues.spans:
        if cue.label_ not in {"HEADS", "HEADS_NEW", "HEADED_BY"}:
            continue
        sent = cue.sent
        if cue.label_ == "HEADED_BY":
            targets = _targets_before(index, cue)
            person = index.first_person_after(cue.end, min(sent.end, cue.end + 12))
            if not targets or person is None:
                continue
            name, mention = index.name(person), person
            status = "new" if cue[0].lower_.startswith(("confi", "attribu", "repris")) \
                else status_near(index, max(sent.start, cue.start - 8), cue.end) or "current"
        else:
            # "assurera la coprésidence à titre transitoire": what is headed goes unsaid, so
            # it is the organisation the article is about
            unsaid = cue.id_.endswith("-alone")
            targets = [] if unsaid else _targets_after(index, cue.end, sent.end,
                                                       allow_phrase=cue.label_ == "HEADS_NEW")
            if not targets and not (unsaid and default_org):
                continue
            name, mention = subject_of(index, cue.start, sent, max_gap)
            if cue.id_ == "heads-a-la-presidence" and (mention is None or cue.start - mention.end > 1):
                continue  # "X à la présidence de Y" only, never a clause away
            if name is None and unsaid:
                continue
            if name is None:
                after = index.first_person_after(targets[-1].end,
                                                 min(sent.end, targets[-1].end + 14))
                if after is None:
                    continue
                name, mention = index.name(after), after
            if cue.label_ == "HEADS_NEW":
                status = "new"
            else:
                lower = mention.end if mention is not None and mention.end <= cue.start \
                    else max(sent.start, cue.start - 8)
                status = status_near(index, lower, cue.end) or (
                    mention is not None and (cue.start - mention.end <= 1
                                             or _is_parenthetical(index.doc[mention.end:cue.start]))
                    and lead_status(index, mention)) or "current"
                if is_imperfect(cue[0]):
                    status = "former"
        if is_speculative(index, max(sent.start, cue.start - 6), cue.end):
            continue
        if not targets:
            spans = [cue] + ([mention] if mention is not None else [])
            roles.append(_make_role(name, "", default_org, None, status,
                                    min(s.start_char for s in spans),
                                    max(s.end_char for s in spans),
                                    f"headship:{cue.id_}", sent))
        # "A et B partageaient la direction de X": a plural verb, each coordinated subject
        holders = coordinated_subjects(index, mention, cue) if cue.label_ != "HEADED_BY" \
            else [mention]
        for target, holder in ((t, h) for t in targets for h in holders):
            is_unit = target.label_ != "ORG"
            unit = target.text if is_unit else None
            org = index.name(target) if not is_unit else _unit_org(index, target, default_org)
            spans = [cue, target] + ([holder] if holder is not None else [])
            roles.append(_make_role(index.name(holder) if holder is not None else name, "",
                                    org, unit, status,
                                    min(s.start_char for s in spans),
                                    max(s.end_char for s in spans),
                                    f"headship:{cue.id_ or cue.label_}", sent))
    return roles


POST_ANAPHOR_REACH = 3  # sentences back to the post "ce poste" names


def roles_from_post_anaphora(index: MentionIndex, default_org: str | None, max_gap: int
                             ) -> list[dict]:
    """"Son prédécesseur, X, a occupé ce poste durant 13 ans": the subject held the post
    named last before (in this sentence or the few before); the tense says when."""
    doc, roles = index.doc, []
    # "ce poste" said again a few sentences on names the post the last one named
    last: tuple[Span, Span] | None = None  # (that cue, its post)
    for cue in index.cues.spans:
        if cue.label_ != "POST_ANAPHOR":
            continue
        sent = cue.sent
        # "Leur prédécesseur, X, a occupé ce poste": the name before the verb, whatever
        # else it is the object of
        mention = index.nearest_person_before(cue.start, sent.start)
        if mention is not None and not any(is_finite_verb(t) and t.lemma_ not in {"avoir", "être"}
                                           for t in doc[mention.end:cue.start]):
            name = index.name(mention)
        else:
            name, mention = subject_of(index, cue.start, sent, max_gap)
        lower = sent.start
        for _ in range(POST_ANAPHOR_REACH):
            if lower > 0:
                lower = doc[lower - 1].sent.start
        # not a post in the subject's own apposition ("X, aujourd'hui président, a occupé")
        named = [t for t in index.titles.before(cue.start, lower)
                 if t.end <= (mention.start if mention is not None else sent.start)
                 and not is_gloss(index, t)]  # "directeur général des services (DGS)"
        chained = last is not None and last[0].start >= lower
        title = last[1] if chained else (named[-1] if named else None)
        if not name or title is None:
            continue
        last = (cue, title)
        org, unit, _ = place_after(doc, index, title.end, title.sent.end)
        status = _tense_status(doc, cue[0], sent)
        spans = [cue] + ([mention] if mention is not None else [])
        roles.append(_make_role(name, clean_title(title),
                                index.name(org) if org is not None else default_org,
                                unit.text if unit is not None else None, status,
                                min(s.start_char for s in spans), max(s.end_char for s in spans),
                                f"title:{cue.id_}", sent))
    return roles


def _tense_status(doc: Doc, verb: Token, sent: Span) -> str:
    """"occupera ce poste" new, "occupe ce poste" current, "a occupé", "occupait" former."""
    morph = str(verb.morph)
    if "Tense=Fut" in morph:
        return "new"
    compound = any(t.lemma_ == "avoir" for t in doc[max(sent.start, verb.i - 3):verb.i])
    return "current" if "Tense=Pres" in morph and not compound else "former"


def _targets_after(index: MentionIndex, i: int, limit: int, allow_phrase: bool = True
                   ) -> list[Span]:
    """What a headship cue governs: a named unit or organisation ("la direction du pôle
    Build-with"), the units of a list ("chapeaute trois entités : A, B et C"), or a plain
    noun phrase ("prend la direction de la distribution volume")."""
    doc = index.doc
    j = i
    while j < limit and j < i + 5 and (doc[j].lower_ in PLACE_SKIP | DETERMINERS
                                       or _is_kind_word(index, j) or doc[j].like_num
                                       or (j == i and doc[j].pos_ == "ADV")
                                       or _in_status_phrase(index, j, i)):
        j += 1
    if j + 3 < limit and doc[j].lower_ in KIND_WORDS_SINGULAR and doc[j + 1].lower_ in {
            "de", "d'", "d’"} and doc[j + 2].is_lower and doc[j + 2].pos_ == "NOUN" \
            and index.units.starting_at(j + 3) is not None:
        j += 3  # "le pôle de sécurité Morpho"
    named = index.units.starting_at(j) or index.orgs.starting_at(j) \
        or _organisation_after_its_kind(index, j, limit)
    if named is not None:
        return [named]
    if j < limit and is_acronym(doc[j]) and index.titles.at.get(j) is None:
        return [Span(doc, j, j + 1, label="UNIT")]  # "qui dirigeait jusqu'ici SPO", untagged
    if j < limit and doc[j].lower_.rstrip("s") in KIND_WORDS_SINGULAR and \
            doc[j].lower_.endswith("s"):
        listed = index.units.within(j, limit)
        if listed:
            return listed
    listed = _kind_phrases(doc, j, limit)
    if listed:
        return listed
    phrase = noun_phrase(doc, j, limit) if allow_phrase else None
    return [phrase] if phrase is not None else []


KIND_PHRASE_LENGTH = 12


def _kind_phrases(doc: Doc, j: int, limit: int) -> list[Span]:
    """"superviser la direction de la veille et des nouveaux formats, la direction des
    antennes et la direction des chaînes TNT": each "kind word + de …" of a list is a unit
    named in full."""
    found = []
    while j + 2 < limit and doc[j].lower_ in KIND_WORDS_SINGULAR \
            and doc[j + 1].lower_ in PREPOSITIONS_DE:
        phrase = noun_phrase(doc, j, limit, KIND_PHRASE_LENGTH, complements=True)
        if phrase is None or len(phrase) < 3:
            break
        found.append(phrase)
        k = phrase.end
        if k < limit and doc[k].text == ",":
            k += 1
        if k < limit and doc[k].lower_ == "et":
            k += 1
        if k < limit and doc[k].lower_ in {"la", "le", "l'", "l’"}:
            k += 1
        if k == phrase.end:
            break
        j = k
    return found


INTRO_REACH = 4  # "la station de radio RTL": words that say what kind of body follows


def _organisation_after_its_kind(index: MentionIndex, j: int, limit: int) -> Span | None:
    """"à la tête de la station de radio RTL", "de la société X": an organisation named
    after the lower-case words that say what it is (ORG_INTRO rules)."""
    doc = index.doc
    if j not in index.rule_starts("ORG_INTRO"):
        return None
    for k in range(j + 1, min(limit, j + INTRO_REACH + 1)):
        found = index.orgs.starting_at(k)
        if found is not None:
            return found
        if not doc[k].is_lower:
            return None
    return None


def _in_status_phrase(index: MentionIndex, j: int, i: int) -> bool:
    """"jusqu'ici", "désormais" between a headship verb and what it governs."""
    cue = index.cues.at.get(j)
    return cue is not None and cue.start >= i and cue.label_ in STATUS_CUES


# Nouns that name the whole of something, not a part that someone could head.
GENERIC_NOUNS = {"entreprise", "groupe", "société", "instance", "structure", "organisation",
                 "ensemble", "équipe", "équipes", "maison", "firme", "stratégie", "liste"}

KIND_WORDS_SINGULAR = {"pôle", "division", "direction", "département", "entité", "unité",
                       "filiale", "branche", "segment", "activité", "chaîne", "service"}


def noun_phrase(doc: Doc, j: int, limit: int, length: int = 7,
                complements: bool = False) -> Span | None:
    """"distribution volume", "avant-vente", "information", "antenne et des programmes":
    a lowercase noun with its modifiers and "de" complements, as a unit name. With
    `complements`, also a comma list of them and an adjective before their noun ("des
    antennes, de la programmation et de l'interactivité", "de nouveaux formats")."""
    if j >= limit or doc[j].pos_ != "NOUN" or not doc[j].is_lower \
            or doc[j].lower_ in GENERIC_NOUNS:
        return None
    end = j + 1
    while end < limit and end - j < length:
        token = doc[end]
        if token.is_lower and token.pos_ in {"NOUN", "ADJ"} or complements and is_acronym(token):
            end += 1  # "chaînes TNT"
        elif token.lower_ in PREPOSITIONS_DE | {"et", "-"} or complements and \
                token.text == "," and end + 1 < limit and doc[end + 1].lower_ in PREPOSITIONS_DE:
            k = end + 1
            if token.lower_ in {"et", ","} and k < limit and doc[k].lower_ in PREPOSITIONS_DE:
                k += 1  # "antenne et des programmes"
            article = k < limit and doc[k].lower_ in {"la", "l'", "l’"}
            k += article
            if complements and k + 1 < limit and doc[k].pos_ == "ADJ" and doc[k].is_lower:
                k += 1  # "de nouveaux formats"
            if complements and k < limit and doc[k].lower_ in KIND_WORDS_SINGULAR:
                break  # "… et la direction des chaînes": the next unit of the list
            if k < limit and doc[k].pos_ == "NOUN" and (doc[k].is_lower or article):
                end = k + 1
            elif complements and k < limit and doc[k].text[:1].isupper() \
                    and token.lower_ in {"et", ","}:
                end = k + 1  # "des contenus digitaux et de MyTF1" (not "… de TF1", its org)
            else:
                break
        else:
            break
    return Span(doc, j, end, label="UNIT")


def _targets_before(index: MentionIndex, cue: Span) -> list[Span]:
    """What a passive headship cue is about: "la direction du Marketing, confiée à X",
    "La direction de l'avant-vente a été confiée à X", "la division jusque-là conduite par X"."""
    doc, sent = index.doc, cue.sent
    units = index.units.before(cue.start, sent.start)
    named = units + index.orgs.before(cue.start, sent.start)
    if named:
        last = max(named, key=lambda s: s.end)
        if last.label_ == "ORG" and units:
            # "le département EPG (…) d'Altair, dirigé par X": X heads the unit, not Altair
            unit = max(units, key=lambda s: s.end)
            between = doc[unit.end:last.start]
            if all(t.lower_ in PREPOSITIONS_DE or t.is_punct or t.lower_ in DETERMINERS
                   or t.is_lower for t in between) and len(between) <= 8:
                return [unit]
        return [last]
    for j in range(cue.start - 1, sent.start - 1, -1):
        if doc[j].lower_ in {"direction", "présidence", "tête", "responsabilité"} \
                and j + 1 < cue.start and doc[j + 1].lower_ in PREPOSITIONS_DE | {"générale"}:
            k = j + 1
            while k < cue.start and doc[k].lower_ in PREPOSITIONS_DE | {"générale", "la",
                                                                         "l'", "l’"}:
                k += 1
            phrase = noun_phrase(doc, k, cue.start)
            if phrase is not None:
                return [phrase]
    return []


def _unit_org(index: MentionIndex, unit: Span, default_org: str | None) -> str | None:
    org, _, _ = place_after(index.doc, index, unit.end, unit.sent.end)
    if org is not None:
        return index.name(org)
    return _org_in_clause(index, unit, default_org)


def title_synonyms(doc: Doc) -> dict[str, str]:
    """"cfo" → "directeur financier": the posts the TITLE_SYNONYM rules say are one."""
    return {normalize(s.text): normalize(s.id_) for s in doc.spans.get("rules", [])
            if s.label_ == "TITLE_SYNONYM"}


def merge_roles(roles: list[dict], synonyms: dict[str, str] | None = None) -> list[dict]:
    """One row per person and post; a post stated twice (or as "CFO" and "directeur
    financier") keeps its first wording and its strongest status."""
    synonyms = synonyms or {}
    merged: dict[tuple, dict] = {}
    for role in roles:
        title = normalize(role["title"])
        key = (role["person"], synonyms.get(title, title), normalize(role["unit"]),
               normalize(role["org"]) if role["title"] else "")
        if not role["title"]:
            key = key + (normalize(role["org"]) if not role["unit"] else "",)
        kept = merged.get(key)
        if kept is None:
            merged[key] = role
        elif STATUS_PRIORITY[role["status"]] > STATUS_PRIORITY[kept["status"]]:
            kept["status"] = role["status"]
    return list(merged.values())


def apply_lead_status(roles: list[dict]) -> None:
    """"Il a nommé M. X, président de Y": the verb before the name makes the apposed post new,
    unless the sentence gives the person another post ("l'arrivée de X, DG de A, au poste
    de …": the apposition is the post held)."""
    for role in roles:
        lead = role.pop("lead_status", None)
        if not lead:
            continue
        others = [r for r in roles if r is not role and r["person"] == role["person"]
                  and r["sent_start"] == role["sent_start"] and r["end"] > role["end"]
                  and r["rule"] != "title:apposition"]  # not "X, DG de A et président de B"
        if not others:
            role["status"] = lead


def movers_of(index: MentionIndex, roles: list[dict], max_gap: int) -> set[str]:
    """People who take a post in the article: a new role, or the subject of an appointment
    or succession cue ("va prendre la tête de …", "remplaçant X")."""
    movers = {r["person"] for r in roles if r["status"] == "new"}
    for cue in index.cues.spans:
        if cue.label_ in {"HEADS_NEW", "SUCCEEDS"}:
            name, _ = subject_of(index, cue.start, cue.sent, max_gap)
            if name:
                movers.add(name)
    return movers


def retire_replaced_posts(roles: list[dict], movers: set[str] | None = None) -> None:
    """A post said to be held "actuellement" is former once its holder moves anywhere. A post
    named without such a word stays current when its holder takes another: posts are often
    cumulated ("X, directeur financier, est nommé directeur général adjoint"), and
    GOLD_FORMAT makes a post former only when the text says it is left or was held until now."""
    if movers is None:
        movers = {r["person"] for r in roles if r["status"] == "new"}
    for role in roles:
        if role.pop("until_moved", False) and role["person"] in movers \
                and role["status"] == "current":
            role["status"] = "former"


def name_units_in_full(roles: list[dict], units: list[dict]) -> None:
    """A unit named by its short form ("EPG") is written as its full name in the roles."""
    full = {u["acronym"]: u["unit"] for u in units if u.get("acronym")}
    for role in roles:
        if role["unit"] in full:
            role["unit"] = full[role["unit"]]


def keep_held_units(units: list[dict], roles: list[dict]) -> list[dict]:
    """Boards and regions are units of the article only when someone holds, joins or heads
    them (GOLD_FORMAT: "comités … when someone joins, heads or is grouped in them")."""
    held = {normalize_unit(r["unit"]) for r in roles if r["unit"]}
    held |= {normalize_unit(w) for r in roles for w in [r["title"]] if r["title"]}
    kept = []
    for unit in units:
        if unit.pop("held_only", False):
            keys = {normalize_unit(unit["unit"]), normalize(unit["acronym"])} - {""}
            if not keys & held and not any(k in title for k in keys for title in held):
                continue
        kept.append(unit)
    return kept


def units_headed_only(units: list[dict], roles: list[dict]) -> list[dict]:
    """Units the text only names as headed or joined ("prend la tête de la direction des
    programmes"): someone heads them, so they are units of the article (GOLD_FORMAT)."""
    known = {normalize_unit(u["unit"]) for u in units}
    found = []
    for role in roles:
        unit = role["unit"]
        if role["title"] or not unit or normalize_unit(unit) in known:
            continue
        words = unit.split()
        # only "kind word + de + name" ("direction des programmes"): a bare noun after "la
        # direction de" ("l'antenne") is a function, not a unit
        if len(words) < 3 or words[0].lower() not in KIND_WORDS_SINGULAR \
                or words[1].lower() not in {"de", "du", "des", "d'", "d’"} and \
                not words[1].lower().startswith(("d'", "d’")):
            continue
        known.add(normalize_unit(unit))
        kind = words[0].lower()
        found.append({"unit": unit, "kind": kind, "parent": role["org"], "acronym": None,
                      "start": role["start"], "end": role["end"],
                      "sent_start": role["sent_start"], "sent_end": role["sent_end"],
                      "rule": "unit-headed"})
    return found


def assign_roles(doc: Doc, status_window: int = 8, max_subject_gap: int = 24) -> list[dict]:
    index = MentionIndex(doc)
    default_org = main_organization(index)
    roles = roles_from_titles(index, default_org, status_window, max_subject_gap)
    roles += roles_from_headship(index, default_org, max_subject_gap)
    roles += roles_from_post_anaphora(index, default_org, max_subject_gap)
    apply_lead_status(roles)
    roles = merge_roles(sorted(roles, key=lambda r: r["start"]), title_synonyms(doc))
    retire_replaced_posts(roles, movers_of(index, roles, max_subject_gap))
    return without_untitled_repeats(roles)


def without_untitled_repeats(roles: list[dict]) -> list[dict]:
    """"nommé PDG d'EDF … il prendra la tête d'EDF": a headship with no title and no unit
    says again what a titled post in the same organisation, with the same status, says."""
    titled = {(r["person"], normalize(r["org"]), r["status"]) for r in roles if r["title"]}
    return [r for r in roles if r["title"] or r["unit"]
            or (r["person"], normalize(r["org"]), r["status"]) not in titled]
