"""Whom a pronoun, "ce dernier" or a description stands for, and the people's genders.

No French coreference component works with spaCy 3.8, so these are rules:

- `antecedent`: the last person named before a token, agreeing in gender ("elle"), the
  subject of an earlier clause preferred for a pronoun opening a clause;
- `resolve_pronoun_before`: the person the subject pronoun or anaphor of a clause stands for,
  after a description ("L'ancien directeur de X, …. Il …") or a passive succession
  ("X est remplacé par Y. Il …": Y);
- `described_topic`: "L'ancienne directrice générale d'X, nommée …, a confirmé": a qualified
  title opening a sentence that names nobody describes the person named before;
- `person_genders`: each person's grammatical gender, from first names and nearby words.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span

from pipeline.grammar.mentions import MentionIndex, Mentions
from pipeline.grammar.tokens import is_finite_verb

GENDERS_KEY = "organigramme.person_genders"
# The first-name rules (models/entities/first_names.jsonl ids) and the gender they give.
FIRST_NAME_RULES = {"first-name-f": "Fem", "first-name-m": "Masc"}
DESCRIPTION_REACH = 3  # sentences back to the person a description stands for


def genders_of(index: MentionIndex) -> dict[str, str]:
    """Who is a person does not change after the entity resolver: the genders are worked
    out once per doc, whichever component asks first."""
    doc = index.doc
    genders = doc.user_data.get(GENDERS_KEY)
    if genders is None:
        genders = doc.user_data[GENDERS_KEY] = person_genders(doc, index.people)
    return genders


def antecedent(index: MentionIndex, i: int, exclude: set[str] = frozenset(),
               gender: str | None = None, prefer_subject: bool = False) -> str | None:
    """The last person named before token i who is not excluded and agrees in gender.

    With `prefer_subject` (for "il"/"elle" opening a clause), the last person who was the
    subject of a clause within the three sentences before wins over a later object
    ("… sous Nicolas Sarkozy. … Il travaillera" is about the clause subject).
    """
    genders = genders_of(index)
    candidates = []
    for span in reversed(index.people.before(i)):
        name = index.name(span)
        known = genders.get(name)
        if name in exclude or (gender and known and known != gender):
            continue
        candidates.append(span)
    doc = index.doc
    if prefer_subject:
        # "imitant Bill Gates …, il s'est attribué …": a subject pronoun does not stand
        # for a non-subject named earlier in its own sentence
        here = doc[i].sent.start
        candidates = [s for s in candidates if s.sent.start != here or is_subject(s)]
    if not candidates:
        return None
    if prefer_subject:
        # The nearest earlier sentence naming anyone: its only person, else its subject.
        nearest = candidates[0].sent
        if nearest.start != doc[i].sent.start:
            in_sentence = [s for s in candidates if s.sent.start == nearest.start]
            if len({index.name(s) for s in in_sentence}) == 1:
                return index.name(in_sentence[0])
        horizon = doc[i].sent.start
        for _ in range(3):
            if horizon > 0:
                horizon = doc[horizon - 1].sent.start
        for span in candidates:
            if span.start < horizon:
                break
            if is_subject(span):
                return index.name(span)
    return index.name(candidates[0])


def recent_people(index: MentionIndex, i: int, count: int | None, exclude: set[str]
                  ) -> list[str]:
    """The `count` last distinct people named before token i, in text order.

    Without a count, the people of the sentence before i (at least two are wanted).
    """
    found: list[str] = []
    doc = index.doc
    sentence_start = doc[i].sent.start
    previous = doc[sentence_start - 1].sent if sentence_start > 0 else None
    for span in reversed(index.people.before(i)):
        name = index.name(span)
        if name in exclude or name in found:
            continue
        if count is None and previous is not None and span.start < previous.start \
                and len(found) >= 2:
            break
        found.append(name)
        if count is not None and len(found) == count:
            break
    return list(reversed(found))


def is_subject(span: Span) -> bool:
    """Is this mention the subject of its clause (or a cleft's focus: "c'est X qui", or a
    dislocated topic: "quant à X, elle")?"""
    lex = span.doc._.lexicon
    root = span.root
    if root.dep_.startswith("nsubj"):
        return True
    doc = span.doc
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    if before in lex.cleft_words and after in lex.qui_word:
        return True
    if span.start > 1 and doc[span.start - 2].lower_ in lex.topic_markers and after == ",":
        return True  # "Quant à X, elle …": the dislocated topic is the clause's subject
    return span.start == span.sent.start and after == ","


def resolve_pronoun_before(index: MentionIndex, i: int, sent: Span) -> str | None:
    """The person the anaphor ("ce dernier") or subject pronoun of a clause before token i
    stands for."""
    doc, lex = index.doc, index.lex
    for cue in index.cues.within(sent.start, i):
        if cue.label_ == "ANAPHOR":
            return antecedent(index, cue.start)
    for token in doc[sent.start:i]:
        if token.lower_ in lex.subject_pronouns:
            described = _described_in_sentence_before(index, sent) \
                or _agent_of_passive_succession_before(index, sent)
            if described is not None:
                return index.name(described)
            return antecedent(index, token.i, gender=lex.subject_pronouns[token.lower_],
                              prefer_subject=True)
    return None


def _agent_of_passive_succession_before(index: MentionIndex, sent: Span) -> Span | None:
    """"X est remplacé par Y, … Il sera membre du comité exécutif": after a passive
    succession the story goes on about the newcomer, the agent."""
    if sent.start == 0:
        return None
    previous = index.doc[sent.start - 1].sent
    for cue in index.cues.within(previous.start, previous.end):
        if cue.label_ == "SUCCEEDED_BY" and cue[-1].lower_ in index.lex.par_word:
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
    return described_topic(index, titles[0]) if titles else None


def described_topic(index: MentionIndex, title: Span) -> Span | None:
    """"L'ancienne directrice générale d'Orange France, nommée le 23 avril, a confirmé …":
    a qualified title opening a sentence that names nobody stands for the person the
    sentences before are about (the first one they name)."""
    doc, sent, lex = index.doc, title.sent, index.lex
    opening = [t for t in doc[sent.start:title.start] if not t.is_punct]
    # "Officiellement, le départ du directeur financier d'Oracle lui permet …"
    news = [t for t in opening if t.lower_ in lex.news_nouns]
    if news and doc[news[-1].i + 1].lower_ in lex.prepositions_de:
        opening = [t for t in opening if t.i < news[-1].i or t.i > news[-1].i + 1
                   and t.lower_ not in lex.determiners]
        qualified = True
    else:
        qualified = any(t.lower_ in lex.description_qualifiers for t in opening)
    if not qualified or any(
            t.lower_ not in lex.description_qualifiers | lex.determiners and t.pos_ != "ADV"
            and not (t.pos_ == "ADP" and t.i + 1 < title.start and doc[t.i + 1].pos_ == "ADV")
            for t in opening):  # "De plus, cette ancienne numéro 2 de la SNCF …"
        return None
    # nobody named as the subject: a person before the verb is only a complement ("de X")
    verb = next((t.i for t in doc[title.end:sent.end] if is_finite_verb(t)), sent.end)
    if any(doc[p.start - 1].lower_ not in lex.prepositions_de
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


def previous_topic(index: MentionIndex, sent: Span) -> str | None:
    """The person a sentence that names nobody goes on about: the first person of the
    sentence before, or whom its pronoun or possessive stands for."""
    if any(index.people.within(sent.start, sent.end)):
        return None
    if sent.start == 0:
        return None
    lex = index.lex
    previous = index.doc[sent.start - 1].sent
    found = index.people.before(sent.start, previous.start)
    if found:
        return index.name(found[0])
    if any(t.lower_ in lex.subject_pronouns for t in previous):
        return resolve_pronoun_before(index, previous.end, previous)
    if any(t.lower_ in lex.possessives for t in previous):
        return antecedent(index, previous.start)  # "Sa carrière s'est faite chez X."
    return None


def is_feminine_title(title: Span) -> bool:
    """"directrice générale", "Présidente", "ex-directrice": a title written in the feminine."""
    lex = title.doc._.lexicon
    feminine = lex.feminine_words
    head = title[0].lower_
    for prefix in lex.former_prefixes:
        head = head.removeprefix(prefix)
    return (head in feminine or head.removeprefix("co") in feminine
            or head.endswith(("trice", "trices"))
            or ("Gender=Fem" in str(title[0].morph) and title[0].pos_ == "NOUN"))


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


def person_genders(doc: Doc, people: Mentions) -> dict[str, str]:
    """Grammatical gender of each person, from the words right around their mentions."""
    lex = doc._.lexicon
    votes: dict[str, list[int]] = {}
    for span in people.spans:
        window = list(doc[max(span.sent.start, span.start - 2):span.start]) + \
            list(doc[span.end:min(span.sent.end, span.end + 4)])
        score = 0
        for token in window:
            lower = token.lower_
            if lower in lex.feminine_words:
                score -= 1
            elif lower in lex.masculine_words:
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
