"""Who a relation cue's subject and object are: "X reporte à Y", "Ils … tous les trois",
"Le directeur général du groupe, qui a succédé à Y", "à elle". Shared by reporting lines and
successions.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from pipeline.components.frame_roles import clause_subject, person_at
from pipeline.components.titles import title_text
from pipeline.grammar.clauses import main_organization, place_after, subject_of
from pipeline.grammar.coreference import antecedent, recent_people
from pipeline.grammar.mentions import MentionIndex
from pipeline.matching import normalize

# "Trois managers reportent à X. A, …. B, …": the group is named after the cue
NUMERAL_SUBJECT_CUE = "plural-numeral-subject"


def cue_subjects(index: MentionIndex, cue: Span, max_gap: int, exclude: set[str]) -> list[str]:
    """The people a cue's clause is about: a group ("Ils … tous les trois"), a person and
    those coordinated with them ("X et Y reportent à Z"), or the person a description opening
    the sentence stands for."""
    group = _group_before(index, cue, exclude)
    if group:
        return group
    sent = cue.sent
    name, mention = subject_of(index, cue.start, sent, max_gap)
    parsed = None  # read from the parse only where the token window leaves a doubt
    if name is None:
        # "X prendra la direction de la zone en juin, succédant ainsi à Y": the parse links
        # a participle clause to its main clause's subject, however far the words run
        parsed = _parsed_subject(index, cue)
        if parsed is not None:
            name, mention = parsed
    if name is None:
        name = _described_subject(index, cue)
        return [name] if name is not None and name not in exclude else []
    if mention is not None and index.units.within(mention.end, cue.start):
        if parsed is None:
            parsed = _parsed_subject(index, cue)
        if parsed is None or parsed[1] != mention:
            # "A dirigée par X et B placée sous la responsabilité de Y": B is the subject
            return []
    names = [name]
    # "X et Y reportent à Z": a coordinated subject
    if mention is not None:
        previous = index.nearest_person_before(mention.start, sent.start)
        if previous is not None and \
                index.doc[previous.end:mention.start].text.strip() in index.lex.and_words:
            names.insert(0, index.name(previous))
    return [n for n in names if n not in exclude]


def _parsed_subject(index: MentionIndex, cue: Span) -> tuple[str, Span | None] | None:
    """The person the parse gives as the subject of the cue's clause, if any."""
    if not index.doc.has_annotation("DEP"):
        return None
    subject = clause_subject(index, cue[0])
    if subject is None:
        return None
    name, mention = person_at(index, subject)
    return (name, mention) if name is not None else None


def _group_before(index: MentionIndex, cue: Span, exclude: set[str]) -> list[str]:
    """People a plural subject before the cue stands for ("Ils reportent tous les trois")."""
    sent = cue.sent
    numbers = index.lex.number_words
    plural = [c for c in index.cues.within(sent.start, cue.end) if c.label_ == "PLURAL"]
    if not plural:
        return []
    count = None
    for c in plural:
        for token in c:
            if token.lower_ in numbers:
                count = numbers[token.lower_]
    start = min(c.start for c in plural)
    if count and any(c.id_ == NUMERAL_SUBJECT_CUE for c in plural):
        # "Trois managers reportent à X. A, …. B, …. Et C, …": the group is named next
        following = index.people.within(cue.end, len(index.doc))
        names = [n for n in dict.fromkeys(index.name(p) for p in following) if n not in exclude]
        return names[:count]
    in_sentence = [index.name(p) for p in index.people.before(start, sent.start)]
    if in_sentence and count and len(set(in_sentence)) >= count:
        return list(dict.fromkeys(in_sentence))[-count:]
    return recent_people(index, sent.start, count, exclude)


def _described_subject(index: MentionIndex, cue: Span) -> str | None:
    """"Le directeur général du groupe, qui a succédé à Y, …": a sentence opening on a
    definite title with no name stands for the one person the article gives that title."""
    doc, sent = index.doc, cue.sent
    title = index.titles.starting_at(sent.start + 1)
    if title is None or doc[sent.start].lower_ not in index.lex.articles_singular \
            or index.people.within(title.end, cue.start) or doc[sent.start].i == cue.start:
        return None
    # "du groupe", or nothing: the article's organisation; else the one named
    org = place_after(doc, index, title.end, sent.end)[0]
    org_name = index.name(org) if org is not None else main_organization(index)
    wanted = normalize(title_text(title))
    holders = {r["person"] for r in doc._.roles or []
               if normalize(r["title"]) == wanted and r["status"] != "former"
               and normalize(r["org"]) == normalize(org_name)}
    return holders.pop() if len(holders) == 1 else None


def person_after(index: MentionIndex, cue: Span, exclude: set[str]
                 ) -> tuple[str | None, Span | None]:
    """The person (or unit) a cue points at: "à Alain Bernard", "du PDG Carlos Ghosn", "à elle"."""
    doc, sent, lex = index.doc, cue.sent, index.lex
    j = cue.end
    limit = min(sent.end, cue.end + 10)
    if j < sent.end and doc[j].lower_ in lex.stressed_pronouns:
        return antecedent(index, cue.start, exclude=exclude,
                          gender=lex.stressed_pronouns[doc[j].lower_] or None), None
    unit = index.units.starting_at(j) or (index.units.starting_at(j + 1)
                                         if j < sent.end and doc[j].lower_ in lex.determiners
                                         else None)
    person = index.first_person_after(j, limit)
    if person is not None:
        between = doc[j:person.start]
        # only determiners, adjectives ("l'inamovible X"), titles and the organisation of the
        # title may stand between, and the post itself ("remplace à ce poste X")
        allowed = lex.determiners | lex.prepositions_de | lex.honorifics | lex.au_aux | {","} \
            | lex.post_nouns | lex.post_phrase_words
        if all(t.lower_ in allowed or t.pos_ == "ADV" or t.pos_ == "ADJ" and t.is_lower
               or index.titles.at.get(t.i) is not None or index.orgs.at.get(t.i) is not None
               for t in between) or _argument_of(person, cue):
            return index.name(person), person
    if unit is not None:
        return unit.text, unit
    return None, None


ARGUMENT_DEPS = {"obj", "obl:arg", "iobj"}


def _argument_of(person: Span, cue: Span) -> bool:
    """The parse makes the person the cue verb's object, past an adjunct: "remplace dès
    lundi X", "a remplacé depuis le 4 septembre X", "succède en juin à X"."""
    root = person.root
    # the parser often reads "à X" after an adjunct as one more adjunct ("succède avec effet
    # immédiat à X"): a person so attached is the verb's argument all the same
    argument = root.dep_ in ARGUMENT_DEPS or root.dep_ == "obl:mod" and any(
        child.dep_ == "case" and child.lower_ in person.doc._.lexicon.successor_prepositions
        for child in root.children)
    return argument and cue.start <= root.head.i < cue.end and root.head.pos_ in {"VERB", "AUX"}


def fact(doc: Doc, cue: Span, spans: list[Span | None], rule: str) -> dict:
    """Offsets, rule and sentence of a relation row stated by `cue`."""
    present = [s for s in spans if s is not None] + [cue]
    sent = cue.sent
    return {"start": min(s.start_char for s in present), "end": max(s.end_char for s in present),
            "rule": rule, "sent_start": sent.start_char, "sent_end": sent.end_char}
