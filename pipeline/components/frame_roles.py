"""Headship without a title, and seats on boards, read from dependency frames.

A frame match (components.frames) gives a cue, a target and maybe a holder token. Here:

- `target_phrase`: what the target token names: a named unit or organisation, the unit after
  a kind word, or a noun phrase ("la direction des achats", "l'usine de Flins", "la zone
  Asie-Pacifique", "les ventes et la distribution");
- `frame_holder`: the person the frame is about: its holder node, else the subject of the cue's
  clause read from the parse (through "va prendre", "avant de diriger", "qui dirigeait", an
  apposition "X, à la tête de Y"), a pronoun resolved by coreference, or, where the parse
  gives none, the token-window subject;
- `verb_time`: the tense of the clause (future, present, past, pluperfect) for the status.

Headship gives a role with title "" and the target as unit (or organisation); joining or
leaving a board gives the seat ("membre", the board as unit).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from pipeline.components.headship import make_role
from pipeline.components.holders import org_in_clause
from pipeline.components.titles import introduced_as_post
from pipeline.components.status import (
    StatusEvidence, dated_before_the_article, status_cue_near,
)
from pipeline.grammar.clauses import (
    is_kind_word, is_speculative, negation_of, place_after, relative_antecedent, subject_of,
    verb_time,
)
from pipeline.grammar.coreference import antecedent
from pipeline.grammar.mentions import MentionIndex
from pipeline.grammar.tokens import is_capitalized, is_finite_verb

MEMBERSHIP = {"JOINS", "MEMBER_OF", "LEAVES_BODY", "HAS_MEMBERS"}
# "ne … plus": the frame says the post is left
NO_LONGER = {"HEADS": "HEADS_LEFT", "MEMBER_OF": "LEAVES_BODY"}
# frames read as successions (components.successions), not as roles
SUCCESSION_FRAMES = {"HANDS_OVER"}
SUBJECT_DEPS = {"nsubj", "nsubj:pass"}
# How far up the parse a cue's clause subject is looked for, and how many tokens a target
# phrase may run.
CLIMB = 6
PHRASE_LENGTH = 12
INTRO_REACH = 4  # "la station de radio RTL": words that say what kind of body follows
APPOSITION_REACH = 30  # tokens from a name to the "qui" of its relative clause


def roles_from_frames(index: MentionIndex, default_org: str | None, max_gap: int
                      ) -> list[dict]:
    doc, lex = index.doc, index.lex
    roles = []
    for frame in doc._.frames or []:
        cue, label = doc[frame["cue"]], frame["label"]
        if label in SUCCESSION_FRAMES:
            continue
        sent = cue.sent
        negation = negation_of(cue)
        if negation == "not" or is_speculative(index, max(sent.start, cue.i - 6), cue.i + 1):
            continue  # "n'intègre pas le comité exécutif", "pourrait prendre la tête de"
        if negation == "no-longer":
            # "ne dirige plus la division": held until now, left
            frame = {**frame, "label": NO_LONGER.get(label, label)}
            label = frame["label"]
        if _completes_a_title(index, cue):
            continue  # "directeur, en charge des ventes": the title's own complement
        targets = []
        for token in coordinated(doc[frame["target"]]):
            if any(t.start <= token.i < t.end for t in targets):
                continue  # "les ventes et la distribution": already in the phrase
            target = target_phrase(index, token, frame["scope"])
            if target is not None:
                targets.append(target)
        membership = label in MEMBERSHIP
        # a seat is on a board; what someone heads is not one
        targets = [t for t in targets if membership == is_body(index, t)]
        if not targets:
            continue
        if membership and _by_virtue_of_a_post(index, cue):
            continue  # "rejoint le comité exécutif en tant que DRH": the post says it
        if label == "HAS_MEMBERS":
            holders = listed_members(index, cue)
        else:
            holders = [frame_holder(index, frame, max_gap)]
        for name, mention in holders:
            if not name:
                continue
            for target in targets:
                roles.append(_frame_role(index, frame, target, name, mention, default_org))
    return roles


def listed_members(index: MentionIndex, cue: Token) -> list[tuple[str, Span]]:
    """The people a board's composition lists after its cue ("est composé de A, B et C",
    "compte cinq membres : A, B (CFO) et C"), whatever the parse makes of the list; not the
    subject of a clause of its own ("…, et C prend la présidence")."""
    found = []
    for mention in index.people.within(cue.i + 1, cue.sent.end):
        if mention.root.dep_ not in SUBJECT_DEPS:
            found.append((index.name(mention), mention))
    return found


def _frame_role(index: MentionIndex, frame: dict, target: Span, name: str,
                mention: Span | None, default_org: str | None) -> dict:
    doc, lex = index.doc, index.lex
    cue, label = doc[frame["cue"]], frame["label"]
    sent = cue.sent
    membership = label in MEMBERSHIP
    if target.label_ == "ORG":
        org, unit = index.name(target), None
    else:
        org, unit = _unit_org(index, target, default_org), target.text
    lower = mention.end if mention is not None and mention.end <= cue.i \
        else max(sent.start, cue.i - 8)
    appointing = _appointing_verb(index, cue)
    if appointing is not None:
        lower = min(lower, appointing.i)  # "X nomme Y aux commandes de Z": the verb says new
    evidence = StatusEvidence("frame", frame_label=label,
                              cue=status_cue_near(index, lower, max(cue.i, target.start)),
                              tense=verb_time(cue),
                              past_year=dated_before_the_article(index, sent.start, cue.i))
    spans = [target] + ([mention] if mention is not None else [])
    title = lex.titles_written["member"] if membership else ""
    return make_role(name, title, org, unit, evidence,
                     min(min(s.start_char for s in spans), cue.idx),
                     max(max(s.end_char for s in spans), cue.idx + len(cue)),
                     f"frame:{frame['id'] or label}", sent)


def _completes_a_title(index: MentionIndex, cue: Token) -> bool:
    """Is the cue part of a title ("directeur … en charge de X"), or a phrase hanging on one
    ("directeur général, chargé des ventes")? A finite verb never is."""
    if index.titles.at.get(cue.i) is not None:
        return True
    return not is_finite_verb(cue) and cue.dep_ in {"nmod", "amod", "acl", "appos"} \
        and index.titles.at.get(cue.head.i) is not None


def _by_virtue_of_a_post(index: MentionIndex, cue: Token) -> bool:
    """A title introduced by "en tant que", "au titre de", "comme" in the cue's clause."""
    return any(introduced_as_post(index.doc, title)
               for title in index.titles.within(cue.i, cue.sent.end))


def _appointing_verb(index: MentionIndex, cue: Token) -> Token | None:
    """The active appointing verb a cue's phrase completes ("nomme Y à la tête de Z")."""
    token = cue
    for _ in range(CLIMB):
        if token.lemma_ in index.lex.appointing_lemmas and token.pos_ == "VERB":
            return token
        if token.head is token:
            return None
        token = token.head
    return None


def coordinated(token: Token) -> list[Token]:
    """A target and the targets coordinated with it: "dirige A et B", "le projet X puis
    l'usine Y"."""
    found, stack = [token], [token]
    while stack:
        for child in stack.pop().children:
            if child.dep_ == "conj" and child not in found:
                found.append(child)
                stack.append(child)
    return found


def is_body(index: MentionIndex, target: Span) -> bool:
    """A board or committee: "comité exécutif", "conseil d'administration", "directoire"."""
    kind = target.kb_id_ or target[0].lower_
    return target.label_ == "UNIT" and (kind in index.lex.body_kinds
                                        or target[0].lower_ in index.lex.body_kinds)


def target_phrase(index: MentionIndex, token: Token, scope: bool = False) -> Span | None:
    """What a frame's target token names: the unit or organisation at it (or after its kind
    word), a place, else the noun phrase it heads, as a UNIT span, if a unit noun heads it
    ("l'usine de Flins") or, for a `scope` ("en charge des ventes"), whatever function it
    names; None for a person, a pronoun, or a kind word with no name ("la filiale
    française")."""
    doc, lex = index.doc, index.lex
    i = token.i
    if index.people.at.get(i) is not None or token.pos_ == "PRON":
        return None
    unit = index.units.at.get(i)
    if unit is None and is_kind_word(index, i):
        unit = index.units.at.get(i + 1)
    if unit is not None:
        return unit
    org = index.orgs.at.get(i)
    if org is not None:
        return org
    if token.lower_ in lex.headship_nouns:
        # "la direction du pôle X", "la présidence de Norsys": what the noun governs
        for child in token.children:
            if child.dep_ == "nmod" and (index.units.at.get(child.i) is not None
                                         or index.orgs.at.get(child.i) is not None
                                         or is_kind_word(index, child.i)):
                return target_phrase(index, child, scope)
            if child.dep_ == "nmod" and child.i in index.rule_starts("ORG_INTRO"):
                # "la direction générale du chimiste PCAS": the company the words describe;
                # "la direction du géant jaune" names none, and no unit either
                return _organisation_after_its_kind(index, child.i)
    named = _organisation_after_its_kind(index, i)
    if named is not None:
        return named  # "à la tête de la station de radio RTL", "la direction de l'allemand X"
    if token.dep_ == "nmod" and token.head.lower_ in lex.headed_unit_nouns \
            and token.head.i < i and index.units.at.get(token.head.i) is None:
        # "une direction des programmes dirigée par X": the participle hangs on the
        # complement, the unit is the whole phrase
        return target_phrase(index, token.head, scope)
    if token.pos_ not in {"NOUN", "PROPN"} or token.lower_ in lex.generic_nouns \
            or token.lower_ in lex.time_words or token.like_num:
        return None
    end = _phrase_end(index, i)
    named = index.units.within(i, end)
    if named:
        return named[0]  # "le pôle de sécurité Morpho": the unit the phrase names
    phrase = Span(doc, i, end, label="UNIT", kb_id=token.lower_ if token.is_lower else "")
    place = token.ent_type_ == "LOC" and token.pos_ == "PROPN"  # "l'Allemagne", a country
    headed = token.lower_ in lex.headed_unit_nouns
    if headed and all(t.lower_ in lex.headed_unit_nouns or t.pos_ == "ADJ" or t.is_punct
                      for t in phrase):
        return None  # "la filiale française", "les activités": a kind with no name
    if not (place or headed or scope):
        return None  # "pilote la stratégie de la marque": no part of an organisation
    return phrase


def _organisation_after_its_kind(index: MentionIndex, i: int) -> Span | None:
    """"la station de radio RTL", "la société X", "l'allemand X": an organisation named after
    the lower-case words (ORG_INTRO rules, or a nationality) that say what it is."""
    if i not in index.rule_starts("ORG_INTRO") and i not in index.rule_starts("NATIONALITY"):
        return None
    doc = index.doc
    for k in range(i + 1, min(doc[i].sent.end, i + INTRO_REACH + 1)):
        found = index.orgs.starting_at(k)
        if found is not None:
            return found
        if not doc[k].is_lower:
            return None
    return None


def _phrase_end(index: MentionIndex, i: int) -> int:
    """The end of the noun phrase starting at token i: its nouns, adjectives and names, the
    complements joined by "de" / "et" that name no organisation or person ("direction des
    achats", "ventes et distribution", "région Europe, Moyen-Orient et Afrique"), not a time,
    a clause or an aside."""
    doc, lex = index.doc, index.lex
    limit = min(doc[i].sent.end, i + PHRASE_LENGTH)
    end = i + 1
    while end < limit:
        token = doc[end]
        if index.people.at.get(end) is not None or index.orgs.at.get(end) is not None:
            break
        if token.pos_ in {"NOUN", "ADJ", "PROPN"} and token.lower_ not in lex.time_words \
                and not token.like_num:
            end += 1
            continue
        if token.text in {"-", "&"} and end + 1 < limit and doc[end + 1].is_alpha:
            end += 2
            continue
        joint = token.lower_ in lex.prepositions_de | lex.and_words or token.text == ","
        if joint:
            k = end + 1
            while k < limit and doc[k].lower_ in lex.articles_definite | lex.prepositions_de:
                k += 1
            if k >= limit or index.people.at.get(k) is not None \
                    or index.orgs.at.get(k) is not None:
                break  # "… de Norsys": the organisation it belongs to
            nxt = doc[k]
            if token.text == ",":
                # "région Europe, Moyen-Orient et Afrique": a list of names closed by "et"
                if not (is_capitalized(nxt) and _list_closes(doc, k, limit)):
                    break
            if nxt.pos_ in {"NOUN", "PROPN"} and not nxt.like_num \
                    and nxt.lower_ not in lex.generic_nouns | lex.time_words:
                end = k + 1
                continue
        break
    return end


def _list_closes(doc, k: int, limit: int) -> bool:
    """Is the comma list whose item starts at token k closed by "et" before any other
    punctuation?"""
    and_words = doc._.lexicon.and_words
    for j in range(k, limit):
        if doc[j].lower_ in and_words:
            return True
        if doc[j].is_punct and doc[j].text not in {",", "-"}:
            return False
    return False


def frame_holder(index: MentionIndex, frame: dict, max_gap: int
                 ) -> tuple[str | None, Span | None]:
    """The person a frame is about (name, mention in the sentence or None)."""
    doc = index.doc
    cue = doc[frame["cue"]]
    if frame["holder"] is not None:
        return person_at(index, doc[frame["holder"]])
    subject = clause_subject(index, cue)
    if subject is not None:
        return person_at(index, subject)
    return subject_of(index, cue.i, cue.sent, max_gap)


def clause_subject(index: MentionIndex, cue: Token) -> Token | None:
    """The subject of the clause a cue is in, read from the parse: the verb's subject, up
    through infinitives ("va prendre"), coordinated and adverbial clauses ("avant de
    diriger"), and objects ("prend la tête de"); a person the cue's phrase is in apposition
    to ("X, à la tête de Y, …")."""
    token = cue
    appointing = index.lex.appointing_lemmas
    for _ in range(CLIMB):
        if token.lemma_ in appointing and token.pos_ == "VERB" \
                and not any(c.dep_ == "aux:pass" for c in token.children):
            # "X nomme Y à la tête de Z": the one appointed, not the one appointing
            named = index.first_person_after(token.i + 1, min(token.sent.end, token.i + 3))
            return named.root if named is not None else None
        subjects = [c for c in token.children if c.dep_ in SUBJECT_DEPS]
        if subjects:
            return subjects[0]
        if token.lower_ in index.lex.news_nouns:
            # "la nomination de X à la tête de Y", "l'arrivée de X à la direction de Y"
            named = [c for c in token.children if index.people.at.get(c.i) is not None]
            if named:
                return named[0]
        head = token.head
        if head is token:
            return None
        if index.people.at.get(head.i) is not None and token.dep_ in {
                "nmod", "appos", "acl", "obl:mod", "amod"}:
            return head
        token = head
    return None


def person_at(index: MentionIndex, token: Token) -> tuple[str | None, Span | None]:
    """The person a token names or stands for: a name, "il"/"elle", "qui"."""
    lex = index.lex
    mention = index.people.at.get(token.i)
    if mention is not None:
        return index.name(mention), mention
    title = index.titles.at.get(token.i)
    if title is not None:
        # "Le patron de Rado, Matthias Breschan, … est nommé": the name in apposition
        named = [c for c in token.children
                 if c.dep_ in {"appos", "flat:name"} and index.people.at.get(c.i) is not None]
        mention = index.people.at.get(named[0].i) if named else None
        if mention is None:
            org_end = place_after(index.doc, index, title.end, token.sent.end)[2]
            k = org_end + 1 if org_end < token.sent.end and index.doc[org_end].text == "," \
                else org_end
            mention = index.people.starting_at(k)
        if mention is not None:
            return index.name(mention), mention
    lower = token.lower_
    if lower in lex.subject_pronouns:
        return antecedent(index, token.i, gender=lex.subject_pronouns[lower],
                          prefer_subject=True), None
    if lower in lex.qui_word:
        relative = relative_antecedent(index, token.i + 1, token.sent)
        if relative is not None:
            return index.name(relative), relative
        head = token.head.head  # "X, qui dirigeait …": the relative clause's noun
        mention = index.people.at.get(head.i)
        if mention is None:
            # "X, ex-directrice des ventes de la division Y, qui a pris …": the name before
            # the apposition, with no verb and no other name in between
            before = index.nearest_person_before(token.i, max(token.sent.start,
                                                              token.i - APPOSITION_REACH))
            if before is not None and not any(is_finite_verb(t)
                                              for t in index.doc[before.end:token.i]):
                mention = before
        if mention is not None:
            return index.name(mention), mention
    return None, None


def _unit_org(index: MentionIndex, unit: Span, default_org: str | None) -> str | None:
    org, _, _ = place_after(index.doc, index, unit.end, unit.sent.end)
    if org is not None:
        return index.name(org)
    return org_in_clause(index, unit, default_org)
