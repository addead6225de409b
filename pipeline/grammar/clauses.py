"""Clause structure from token windows: subjects, appositions, coordination, time phrases and
the place a post is in.

The model's parser is left out of the pipeline (pipeline/nlp.py), so a clause is read from
the mentions around a token:

- `subject_of`: the person a clause at a token is about (the nearest person before it in the
  sentence that is not the object of a relation cue, the antecedent of "qui", or whom a
  pronoun stands for);
- `is_tight_apposition` / `is_parenthetical`: what may stand between a name and its title;
- `place_after`: the organisation and unit named right after a post ("de Microsoft France",
  "du pôle Sell-with", "chez Dell");
- `past_time_phrase` / `is_closed_period`: "de 2011 à 2016", "depuis 2019";
- `people_coordinated_with` / `coordinated_people`: "A, B et C", "A, …, mais aussi B".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from pipeline.grammar.coreference import resolve_pronoun_before
from pipeline.grammar.mentions import MentionIndex
from pipeline.grammar.tokens import is_finite_verb, is_imperfect
from pipeline.matching import normalize

# The cues whose object is a person other than the clause's subject.
OBJECT_CUES = {"SUCCEEDS", "SUCCEEDED_BY", "REPORTS_TO", "HEADED_BY"}
CLAUSE_CLIMB = 6  # how far up the parse a token's verb is looked for


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
    skip = index.lex.place_skip
    org = unit = None
    j = i
    while j < limit:
        skipped = j
        while j < limit and j - skipped < 4 and (doc[j].lower_ in skip or is_kind_word(index, j)):
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


def is_kind_word(index: MentionIndex, j: int) -> bool:
    """"pôle" in "du pôle Build-with", "Division" in "de la Division Plateforme": the kind
    word right before a unit's name."""
    unit = index.units.at.get(j + 1)
    word = index.doc[j]
    return unit is not None and unit.start == j + 1 and (
        word.is_lower or word.lower_ in index.lex.kind_words_singular)


def is_tight_apposition(gap: Span) -> bool:
    """Only apposition words between a name and a title: "X, 45 ans, ancien directeur", or
    a past participle after the comma: "succède à X, nommé directeur", "X, récemment promu
    directeur" (the title is X's, whatever X is to the clause)."""
    if len(gap) > 7:
        return False
    words = gap.doc._.lexicon.apposition_words
    participles = [t for t in gap if t.pos_ in {"VERB", "AUX"}
                   and "VerbForm=Part" in str(t.morph) and t.lower_ not in words]
    if len(participles) > 1 or (participles and (not len(gap) or gap[0].text != ",")):
        return False
    return all(t.lower_ in words or t.like_num or t.is_space or t in participles
               or (participles and t.pos_ == "ADV") for t in gap)


def apposition_head(doc: Doc, end: int, limit: int, skippable: Callable[[Token], bool],
                    reach: int) -> int | None:
    """Where the noun of an apposition opened right after token `end` stands ("X, l'une des
    filiales de Y": "filiales"): past the "," or "(" and the words `skippable` accepts
    (determiners, numbers…), the apposition's first `reach` tokens at most. None when no
    apposition opens there."""
    if end >= limit or doc[end].text not in {",", "("}:
        return None
    k = end + 1
    while k < limit and k < end + reach and skippable(doc[k]):
        k += 1
    return k if k < limit else None


def is_parenthetical(gap: Span) -> bool:
    """", un vieux compagnon de route,": an aside between commas, with no verb of its own."""
    return (len(gap) >= 2 and gap[0].text == "," and gap[-1].text == ","
            and not any(map(is_finite_verb, gap)))


def object_of_cue(index: MentionIndex, person: Span, labels: set[str] = OBJECT_CUES) -> bool:
    """Is this person the object of a relation cue ("succède à X", "reporte à X", "succéder
    au PDG X")?"""
    lex = index.lex
    j = person.start - 1
    while j >= 0 and (index.doc[j].lower_ in lex.determiners | lex.prepositions_de
                      or index.titles.at.get(j) is not None):
        j -= 1
    return any(cue.end == j + 1 and cue.label_ in labels
               for cue in index.cues.before(j + 1, max(0, j - 6)))


def subject_of(index: MentionIndex, i: int, sent: Span, max_gap: int
               ) -> tuple[str | None, Span | None]:
    """The person a clause at token i is about: the nearest person before it in the sentence
    (skipping the objects of relation cues), else the person a pronoun or "ce dernier" stands
    for. Returns the name and the mention when it is in the sentence."""
    relative = relative_antecedent(index, i, sent)
    if relative is not None:
        return index.name(relative), relative
    if sent.start > 0 and index.doc[sent.start].lower_ in index.lex.qui_word \
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
        if doc[j].lower_ in index.lex.and_words and (
                is_finite_verb(doc[j + 1]) or doc[j + 1].pos_ == "AUX"):
            return True
    return False


def _own_pronoun_subject(index: MentionIndex, start: int, i: int) -> bool:
    """A subject pronoun opening a clause (after a comma) between a name and token i: the
    clause at i has a subject of its own."""
    doc, lex = index.doc, index.lex
    for j in range(max(start, 1), i - 1):
        if doc[j].lower_ in lex.subject_pronouns and doc[j - 1].text in {",", "–", "-"} \
                and (is_finite_verb(doc[j + 1]) or doc[j + 1].lower_ in lex.reflexive_pronouns):
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


# "lui-même", "elle-même", "eux-mêmes": an emphatic pronoun repeating the subject
EMPHATIC_ENDINGS = ("-même", "-mêmes")


def relative_antecedent(index: MentionIndex, i: int, sent: Span) -> Span | None:
    """"confiée à X, 45 ans, qui remplace Y": the subject of a clause opened by "qui" is the
    person the relative pronoun follows, past an apposition, whatever role X plays before."""
    doc, qui = index.doc, index.lex.qui_word
    j = i - 1
    while j > sent.start and (doc[j].pos_ in {"ADV", "AUX"}
                              or doc[j].lower_.endswith(EMPHATIC_ENDINGS)):
        j -= 1  # "qui désormais remplace", "qui a pris", "qui lui-même succède"
    if j > sent.start and doc[j].lower_ not in qui:
        # "… et qui rejoint le groupe en tant que directeur": i inside the relative clause
        k, verbs = i - 1, 0
        while k > sent.start and i - k <= 8 and doc[k].lower_ not in qui and not doc[k].is_punct:
            verbs += is_finite_verb(doc[k])
            k -= 1
        j = k if doc[k].lower_ in qui and verbs == 1 else j
    if j <= sent.start or doc[j].lower_ not in qui:
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


def past_time_phrase(doc: Doc, i: int, limit: int) -> int:
    """End of "de 2011 à 2016" / "depuis 2019" starting at token i (i if there is none)."""
    words = doc._.lexicon.time_words
    j = i
    while j < limit and j < i + 6 and (doc[j].lower_ in words or doc[j].like_num):
        j += 1
    return j if j > i and any(t.like_num for t in doc[i:j]) else i


def is_closed_period(doc: Doc, i: int, limit: int) -> bool:
    """"de 2011 à 2016" right at token i: a post held over a period that is over."""
    lex = doc._.lexicon
    end = past_time_phrase(doc, i, limit)
    words = [t.lower_ for t in doc[i:end]]
    return bool(words) and words[0] in lex.closed_period_openers \
        and any(w in lex.period_joiners for w in words) \
        and sum(t.like_num for t in doc[i:end]) >= 2


APPOSITION_REACH = 20  # tokens of an aside between two coordinated people ("A, 45 ans, et B")


def people_coordinated_with(index: MentionIndex, mention: Span) -> list[Span]:
    """"A, B et C", "A, présidente de K, et B, président de L": the people coordinated
    before a mention by "," or "et" (past an aside set off by commas), and it."""
    holders, current = [mention], mention
    joints = index.lex.and_words | {","}
    while True:
        previous = index.nearest_person_before(current.start, mention.sent.start)
        if previous is None or not _coordinating(index, index.doc[previous.end:current.start],
                                                 joints):
            return holders
        holders.insert(0, previous)
        current = previous


def _coordinating(index: MentionIndex, between: Span, joints: set[str]) -> bool:
    """"et", ",", or ", <aside>, et": what may join two coordinated people."""
    if between.text.strip() in joints:
        return True
    # ", 45 ans, et", ", présidente de K, et": an aside without a verb, then ", et"
    if len(between) < 4 or len(between) > APPOSITION_REACH or between[0].text != "," \
            or between[-1].lower_ not in index.lex.and_words or between[-2].text != ",":
        return False
    return not any(is_finite_verb(t) or t.pos_ in {"PRON", "SCONJ"} for t in between)


def coordinated_subjects(index: MentionIndex, mention: Span | None, verb: Span) -> list:
    """"Hermen Hulst et Hideaki Nishino partageaient …": the people coordinated before a
    subject, when the verb is plural; else the subject alone."""
    if mention is None or mention.end > verb.start or "Number=Plur" not in str(verb[0].morph):
        return [mention]
    return people_coordinated_with(index, mention)


def coordinated_people(index: MentionIndex, i: int, sent_end: int, reach: int = 25
                       ) -> list[Span]:
    """People coordinated with the one ending at token i, past their appositions:
    "remplaçant non seulement A, président depuis 2017, mais aussi B" → [B]."""
    doc = index.doc
    coordinators = [tuple(words.split()) for words in index.lex.people_coordinators]
    found = []
    j = i
    limit = min(sent_end, i + reach)
    while j < limit:
        token = doc[j]
        if is_finite_verb(token) and token.is_lower:
            break  # a new clause
        for words in coordinators:
            if tuple(t.lower_ for t in doc[j:j + len(words)]) == words:
                k = j + len(words)
                person = index.people.starting_at(k)
                if person is not None:
                    found.append(person)
                    j = person.end
                    limit = min(sent_end, j + reach)
                    break
        else:
            j += 1
    return found


def is_speculative(index: MentionIndex, start: int, end: int) -> bool:
    """A rumour or a scenario between two tokens ("pourrait", "serait pressenti")."""
    return any(c.label_ == "SPECULATION" for c in index.cues.within(start, end))





def verb_time(cue: Token, depth: int = CLAUSE_CLIMB) -> str:
    """The tense of the clause of a cue: "future" ("dirigera", "va diriger"), "present",
    "past" ("a dirigé", "dirigeait"), "pluperfect" ("avait dirigé"), or "" (no finite verb:
    an apposition "X, à la tête de Y")."""
    lex = cue.doc._.lexicon
    if cue.pos_ in {"NOUN", "PROPN"}:
        copulas = [c for c in cue.children if c.dep_ == "cop"]
        if copulas:
            return verb_time(copulas[0], depth)  # "était à la tête de", "sera en charge de"
        if cue.dep_ not in {"obj", "obl:arg", "xcomp"}:
            return ""  # "À la tête de X depuis 2019, Y a doublé …": not the main verb's time
    verb = cue
    for _ in range(CLAUSE_CLIMB):
        if verb.pos_ in {"VERB", "AUX"}:
            break
        if verb.head is verb:
            return ""
        verb = verb.head
    else:
        return ""
    if verb.pos_ not in {"VERB", "AUX"}:
        return ""
    morph = str(verb.morph)
    auxiliaries = [c for c in verb.children if c.dep_ == "aux:tense"]
    if auxiliaries:
        return "pluperfect" if is_imperfect(auxiliaries[0]) else "past"
    if "Tense=Fut" in morph or "Mood=Cnd" in morph:
        return "future"
    if is_imperfect(verb):
        return "past"
    if "VerbForm=Inf" in morph and verb.head is not verb:
        if verb.dep_ == "xcomp" and verb.head.lemma_ in lex.future_verbs:
            return "future"  # "va diriger", "doit prendre"
        # "est entré chez X avant de diriger Y": the tense of the clause it completes
        return verb_time(verb.head, depth - 1) if depth else ""
    if "Tense=Pres" in morph:
        return "present"
    return ""


RESTRICTION_REACH = 5  # "ne compte donc plus que": the "que" of "ne … que" after the verb


def negation_of(cue: Token) -> str:
    """"not" for a negative clause ("n'intègre pas"), "no-longer" for "ne … plus" ("ne dirige
    plus la division"), "" otherwise ("ne … que" restricts: "ne dirige plus que X")."""
    lex = cue.doc._.lexicon
    verb = cue
    for _ in range(CLAUSE_CLIMB):
        if verb.pos_ in {"VERB", "AUX"} or verb.head is verb:
            break
        verb = verb.head
    words = {child.lower_ for child in verb.children}
    if not words & lex.negations:
        return ""
    after = verb.doc[verb.i + 1:min(verb.sent.end, verb.i + RESTRICTION_REACH)]
    if any(t.lower_ in lex.restrictive_words for t in after):
        return ""  # "ne compte plus que cinq membres": only these, a fact stated
    return "no-longer" if words & lex.no_longer_words else "not"
