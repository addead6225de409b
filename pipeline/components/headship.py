"""Headship without a title: "prend la direction du pôle Build-with", "se voit confier le pôle
Go-to-market", "la direction …, confiée à X", "dirigeait jusqu'ici SPO".

A headship cue (HEADS / HEADS_NEW / HEADED_BY rules, models/cues/headship.jsonl) gives a role
with title "" whose unit or organisation is what is headed: the named unit or organisation the
cue governs, the units of a list ("chapeaute trois entités : A, B et C"), "kind word + de …"
phrases ("la direction des antennes"), or a plain noun phrase ("la distribution volume").
"""

from __future__ import annotations

from copy import copy

from spacy.tokens import Doc, Span

from pipeline.components.status import StatusEvidence, lead_status, status_cue_near
from pipeline.grammar.clauses import (
    negation_of,
    coordinated_subjects, is_kind_word, is_parenthetical, is_speculative, place_after,
    subject_of,
)
from pipeline.grammar.mentions import MentionIndex
from pipeline.grammar.tokens import is_acronym, is_imperfect
from pipeline.components.holders import org_in_clause

KIND_PHRASE_LENGTH = 12
INTRO_REACH = 4  # "la station de radio RTL": words that say what kind of body follows
# Headship rules (models/cues/headship.jsonl ids) read by name: what is headed goes unsaid
# ("assurera la coprésidence"), or the cue only holds right after a name ("X à la présidence").
UNSAID_TARGET_SUFFIX = "-alone"
AFTER_NAME_ONLY_CUE = "heads-a-la-presidence"


def make_role(person, title_text, org, unit, evidence: StatusEvidence, start_char, end_char,
              rule, sent) -> dict:
    """A role row; its status is decided later, from `evidence` (components.status)."""
    return {
        "person": person, "title": title_text, "org": org, "unit": unit, "status": None,
        "evidence": evidence, "start": start_char, "end": end_char, "rule": rule,
        "sent_start": sent.start_char, "sent_end": sent.end_char,
    }


def roles_from_headship(index: MentionIndex, default_org: str | None, max_gap: int
                        ) -> list[dict]:
    roles = []
    lex = index.lex
    for cue in index.cues.spans:
        if cue.label_ not in {"HEADS", "HEADS_NEW", "HEADED_BY"}:
            continue
        sent = cue.sent
        evidence = StatusEvidence("headship", headship_cue=cue.label_)
        if cue.label_ == "HEADED_BY":
            targets = _targets_before(index, cue)
            person = index.first_person_after(cue.end, min(sent.end, cue.end + 12))
            if not targets or person is None:
                continue
            name, mention = index.name(person), person
            evidence.confided_verb = cue[0].lower_.startswith(tuple(lex.handover_stems))
            evidence.cue = status_cue_near(index, max(sent.start, cue.start - 8), cue.end)
        else:
            # "assurera la coprésidence à titre transitoire": what is headed goes unsaid, so
            # it is the organisation the article is about
            unsaid = cue.id_.endswith(UNSAID_TARGET_SUFFIX)
            targets = [] if unsaid else _targets_after(index, cue.end, sent.end,
                                                       allow_phrase=cue.label_ == "HEADS_NEW")
            if not targets and not (unsaid and default_org):
                continue
            name, mention = subject_of(index, cue.start, sent, max_gap)
            if cue.id_ == AFTER_NAME_ONLY_CUE and (mention is None or
                                                   cue.start - mention.end > 1):
                continue  # "X à la présidence de Y" only, never a clause away
            if name is None and unsaid:
                continue
            if name is None:
                after = index.first_person_after(targets[-1].end,
                                                 min(sent.end, targets[-1].end + 14))
                if after is None:
                    continue
                name, mention = index.name(after), after
            if cue.label_ == "HEADS":
                lower = mention.end if mention is not None and mention.end <= cue.start \
                    else max(sent.start, cue.start - 8)
                evidence.cue = status_cue_near(index, lower, cue.end)
                if evidence.cue is None and mention is not None and (
                        cue.start - mention.end <= 1
                        or is_parenthetical(index.doc[mention.end:cue.start])):
                    evidence.lead = lead_status(index, mention)
                evidence.imperfect_verb = is_imperfect(cue[0])
        if is_speculative(index, max(sent.start, cue.start - 6), cue.end) \
                or negation_of(cue[0]):
            continue  # a rumour; "ne dirigera jamais", "ne dirige plus" (the frames say)
        if not targets:
            spans = [cue] + ([mention] if mention is not None else [])
            roles.append(make_role(name, "", default_org, None, copy(evidence),
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
            roles.append(make_role(index.name(holder) if holder is not None else name, "",
                                   org, unit, copy(evidence),
                                   min(s.start_char for s in spans),
                                   max(s.end_char for s in spans),
                                   f"headship:{cue.id_ or cue.label_}", sent))
    return roles


def _targets_after(index: MentionIndex, i: int, limit: int, allow_phrase: bool = True
                   ) -> list[Span]:
    """What a headship cue governs: a named unit or organisation ("la direction du pôle
    Build-with"), the units of a list ("chapeaute trois entités : A, B et C"), or a plain
    noun phrase ("prend la direction de la distribution volume")."""
    doc, lex = index.doc, index.lex
    skipped = lex.place_skip | lex.determiners
    j = i
    while j < limit and j < i + 5 and (doc[j].lower_ in skipped
                                       or is_kind_word(index, j) or doc[j].like_num
                                       or (j == i and doc[j].pos_ == "ADV")
                                       or _in_status_phrase(index, j, i)):
        j += 1
    if j + 3 < limit and doc[j].lower_ in lex.kind_words_singular \
            and doc[j + 1].lower_ in lex.de_words and doc[j + 2].is_lower \
            and doc[j + 2].pos_ == "NOUN" and index.units.starting_at(j + 3) is not None:
        j += 3  # "le pôle de sécurité Morpho"
    named = index.units.starting_at(j) or index.orgs.starting_at(j) \
        or _organisation_after_its_kind(index, j, limit)
    if named is not None:
        return [named]
    if j < limit and is_acronym(doc[j]) and index.titles.at.get(j) is None:
        return [Span(doc, j, j + 1, label="UNIT")]  # "qui dirigeait jusqu'ici SPO", untagged
    if j < limit and doc[j].lower_.rstrip("s") in lex.kind_words_singular and \
            doc[j].lower_.endswith("s"):
        listed = index.units.within(j, limit)
        if listed:
            return listed
    listed = _kind_phrases(doc, j, limit)
    if listed:
        return listed
    phrase = noun_phrase(doc, j, limit) if allow_phrase else None
    return [phrase] if phrase is not None else []


def _kind_phrases(doc: Doc, j: int, limit: int) -> list[Span]:
    """"superviser la direction de la veille et des nouveaux formats, la direction des
    antennes et la direction des chaînes TNT": each "kind word + de …" of a list is a unit
    named in full."""
    lex = doc._.lexicon
    found = []
    while j + 2 < limit and doc[j].lower_ in lex.kind_words_singular \
            and doc[j + 1].lower_ in lex.prepositions_de:
        phrase = noun_phrase(doc, j, limit, KIND_PHRASE_LENGTH, complements=True)
        if phrase is None or len(phrase) < 3:
            break
        found.append(phrase)
        k = phrase.end
        if k < limit and doc[k].text == ",":
            k += 1
        if k < limit and doc[k].lower_ in lex.and_words:
            k += 1
        if k < limit and doc[k].lower_ in lex.articles_singular:
            k += 1
        if k == phrase.end:
            break
        j = k
    return found


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
    return cue is not None and cue.start >= i and cue.label_ in {"NEW", "FORMER", "CURRENT"}


def noun_phrase(doc: Doc, j: int, limit: int, length: int = 7,
                complements: bool = False) -> Span | None:
    """"distribution volume", "avant-vente", "information", "antenne et des programmes":
    a lowercase noun with its modifiers and "de" complements, as a unit name. With
    `complements`, also a comma list of them and an adjective before their noun ("des
    antennes, de la programmation et de l'interactivité", "de nouveaux formats")."""
    lex = doc._.lexicon
    if j >= limit or doc[j].pos_ != "NOUN" or not doc[j].is_lower \
            or doc[j].lower_ in lex.generic_nouns:
        return None
    joints = lex.prepositions_de | lex.and_words | {"-"}
    end = j + 1
    while end < limit and end - j < length:
        token = doc[end]
        if token.is_lower and token.pos_ in {"NOUN", "ADJ"} or complements and is_acronym(token):
            end += 1  # "chaînes TNT"
        elif token.lower_ in joints or complements and \
                token.text == "," and end + 1 < limit and doc[end + 1].lower_ in lex.prepositions_de:
            k = end + 1
            if token.lower_ in lex.and_words | {","} and k < limit \
                    and doc[k].lower_ in lex.prepositions_de:
                k += 1  # "antenne et des programmes"
            article = k < limit and doc[k].lower_ in lex.article_la
            k += article
            if complements and k + 1 < limit and doc[k].pos_ == "ADJ" and doc[k].is_lower:
                k += 1  # "de nouveaux formats"
            if complements and k < limit and doc[k].lower_ in lex.kind_words_singular:
                break  # "… et la direction des chaînes": the next unit of the list
            if k < limit and doc[k].pos_ == "NOUN" and (doc[k].is_lower or article):
                end = k + 1
            elif complements and k < limit and doc[k].text[:1].isupper() \
                    and token.lower_ in lex.and_words | {","}:
                end = k + 1  # "des contenus digitaux et de MyTF1" (not "… de TF1", its org)
            else:
                break
        else:
            break
    return Span(doc, j, end, label="UNIT")


def _targets_before(index: MentionIndex, cue: Span) -> list[Span]:
    """What a passive headship cue is about: "la direction du Marketing, confiée à X",
    "La direction de l'avant-vente a été confiée à X", "la division jusque-là conduite par X"."""
    doc, sent, lex = index.doc, cue.sent, index.lex
    units = index.units.before(cue.start, sent.start)
    named = units + index.orgs.before(cue.start, sent.start)
    described = _kind_phrase_before(index, cue)
    if described is not None and all(s.end <= described.start for s in named):
        return [described]  # "… le développement du pôle luxe dirigé par X": that pôle
    if named:
        last = max(named, key=lambda s: s.end)
        if last.label_ == "ORG" and units:
            # "le département EPG (…) d'Altair, dirigé par X": X heads the unit, not Altair
            unit = max(units, key=lambda s: s.end)
            between = doc[unit.end:last.start]
            if all(t.lower_ in lex.prepositions_de or t.is_punct or t.lower_ in lex.determiners
                   or t.is_lower for t in between) and len(between) <= 8:
                return [unit]
        return [last]
    after_noun = lex.prepositions_de | lex.general_word
    for j in range(cue.start - 1, sent.start - 1, -1):
        if doc[j].lower_ in lex.headship_nouns \
                and j + 1 < cue.start and doc[j + 1].lower_ in after_noun:
            k = j + 1
            while k < cue.start and doc[k].lower_ in after_noun | lex.article_la:
                k += 1
            phrase = noun_phrase(doc, k, cue.start)
            if phrase is not None:
                return [phrase]
    return []


KIND_PHRASE_REACH = 3  # lower-case words between a kind word and the participle after it


def _kind_phrase_before(index: MentionIndex, cue: Span) -> Span | None:
    """"le pôle luxe dirigé par X", "la direction juridique, pilotée par X": a kind word and
    the lower-case words naming the part, right before the participle."""
    doc, lex = index.doc, index.lex
    end = cue.start - (cue.start > cue.sent.start and doc[cue.start - 1].text == ",")
    j = end - 1
    while j > cue.sent.start and end - j <= KIND_PHRASE_REACH and doc[j].is_lower \
            and doc[j].pos_ in {"NOUN", "ADJ"} and doc[j].lower_ not in lex.kind_words_singular:
        j -= 1
    if j + 1 >= end or doc[j].lower_ not in lex.kind_words_singular:
        return None
    return Span(doc, j + 1, end, label="UNIT")


def _unit_org(index: MentionIndex, unit: Span, default_org: str | None) -> str | None:
    org, _, _ = place_after(index.doc, index, unit.end, unit.sent.end)
    if org is not None:
        return index.name(org)
    return org_in_clause(index, unit, default_org)
