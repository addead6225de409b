"""Role holders: whose post a title is, and where the post is.

`attach_person` answers "whose title is this?" by the French constructions that name a
title's holder, tried in order:

    occupied-by        "le poste de DG, occupé actuellement par X"
    apposition         "X, 45 ans, ancien directeur de Y"
    title-confided     "les fonctions de PDG … sont confiées à X"
    (coordinated)      "X, country manager d'A et VP de B": B's title is X's too
    title-before-name  "le PDG Carlos Ghosn", "Le troisième DGD est X", "Ancien DG de Y, X …",
                       "Arrivé en 2003 comme DG de Y, X …"
    subject            "X a été nommé directeur", "X, qui rejoint Y en tant que …"
    pronoun            "Il était auparavant directeur" (coreference)
    topic              "Puis pris la casquette de vice-président …": the sentence before's person
    description        "L'ancienne directrice générale d'X, nommée …" (coreference)

`listed_holders` reads a plural title announcing a list ("deux nouveaux DGA : A et B");
`coordinated_holders` gives a plural title to each coordinated subject; `org_in_clause` and
`coordinated_orgs` say where the post is when the title does not.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from pipeline.grammar.clauses import (
    is_tight_apposition, past_time_phrase, people_coordinated_with, place_after, subject_of,
)
from pipeline.grammar.coreference import described_topic, previous_topic
from pipeline.grammar.mentions import MentionIndex
from pipeline.grammar.tokens import is_capitalized, is_finite_verb, is_plural


def attach_person(index: MentionIndex, title: Span, max_gap: int, towards: str = "both"
                  ) -> tuple[str | None, Span | None, str]:
    """Whose title is this? Returns (name, mention or None, how it was decided).
    `towards` ("both", "before", "ahead"): which coordinated titles may lend their holder;
    a title asked on behalf of the one after it does not ask that one back."""
    doc, sent, lex = index.doc, title.sent, index.lex
    occupant = _occupied_by(index, title)
    if occupant is not None:
        return index.name(occupant), occupant, "occupied-by"
    before = index.nearest_person_before(title.start, sent.start)
    if before is not None and is_tight_apposition(doc[before.end:title.start]):
        return index.name(before), before, "apposition"
    confided = _confided_to(index, title)
    if confided is not None:
        return index.name(confided), confided, "title-confided"
    previous = _coordinated_title_before(index, title) if towards != "ahead" else None
    if previous is not None:
        name, mention, how = attach_person(index, previous, max_gap, towards="before")
        if name and how in {"apposition", "topic", "description", "title-before-name"}:
            # "X, country manager d'A et VP de B", "le directeur financier et secrétaire
            # général d'A, X"
            return name, mention, how
    org, unit, end = place_after(doc, index, title.end, sent.end)
    k = past_time_phrase(doc, end, sent.end)
    while k < sent.end and doc[k].text in {",", "«", "»", '"'}:
        k += 1
    if k + 1 < sent.end and doc[k].lower_ in lex.copulas_inverted \
            and index.people.starting_at(k + 1) is not None:
        k += 1  # "Le troisième directeur général délégué est X"
    after = index.people.starting_at(k)
    p = title.start - 1
    while p > sent.start and doc[p].pos_ == "ADJ" and doc[p].is_lower:
        p -= 1  # "une nouvelle directrice générale, X"
    preceding = doc[p] if p >= sent.start else None
    plural = is_plural(title[0])  # "selon les présidents, X …": not X's
    # "l'ancien député et ancien ministre X": after a title and "et", as after an opener
    after_a_title = preceding is not None and preceding.lower_ in lex.and_words \
        and index.titles.at.get(p - 1) is not None
    if after is not None and not plural and (
            preceding is None or preceding.lower_ in lex.title_before_name_openers
            or preceding.is_sent_start or after_a_title):
        return index.name(after), after, "title-before-name"
    fronted = _fronted_apposition_holder(index, title)
    if fronted is not None:
        return index.name(fronted), fronted, "title-before-name"
    following = coordinated_title_after(index, title, past_adjectives=True) \
        if towards != "before" else None
    if following is not None:
        name, mention, how = attach_person(index, following, max_gap, towards="ahead")
        if name and how == "title-before-name":
            return name, mention, how  # "l'ancien député et ancien ministre X"
    if _object_of_appointing_verb(doc, title):
        return None, None, ""  # "X nomme un directeur général": not X's post
    name, mention = subject_of(index, title.start, sent, max_gap)
    if name:
        return name, mention, "subject" if mention is not None else "pronoun"
    if preceding is not None and preceding.lower_ in lex.predicate_introducers:
        # "Puis pris la casquette de vice-président …", "Notamment en tant que directeur …":
        # a clause without a subject goes on about the person of the sentence before.
        topic = previous_topic(index, sent)
        if topic:
            return topic, None, "topic"
    described = described_topic(index, title)
    if described is not None:
        return index.name(described), None, "description"
    return None, None, ""


def _fronted_apposition_holder(index: MentionIndex, title: Span) -> Span | None:
    """"Ancien directeur général de X entre 2015 et 2019, et premier …, Y était …": a title
    opening the sentence describes the first person named after it, past a comma, when no
    verb comes in between."""
    doc, sent = index.doc, title.sent
    words = index.lex.apposition_words
    if any(not (t.is_punct or t.lower_ in words or t.pos_ == "ADJ")
           for t in doc[sent.start:title.start]) \
            and not _participle_clause_before(index, sent.start, title.start):
        return None
    person = index.first_person_after(title.end, sent.end)
    if person is None or doc[person.start - 1].text != "," \
            or any(map(is_finite_verb, doc[title.end:person.start])):
        return None
    return person


def _participle_clause_before(index: MentionIndex, start: int, end: int) -> bool:
    """"Arrivé en 2003 en tant que directeur …, X", "Nommée en mai directrice …, X": a
    sentence that opens on a past participle, with no finite verb and nobody named before the
    title, describes the subject that follows it."""
    doc = index.doc
    first = doc[start]
    return first.morph.get("VerbForm") == ["Part"] and first.morph.get("Tense") == ["Past"] \
        and is_capitalized(first) \
        and not any(is_finite_verb(t) or index.people.at.get(t.i) is not None
                    for t in doc[start + 1:end])


def _occupied_by(index: MentionIndex, title: Span) -> Span | None:
    """"le poste de directeur …, occupé actuellement par X": the person who holds the post
    named before, with no verb of another clause in between."""
    doc, sent, lex = index.doc, title.sent, index.lex
    for j in range(title.end, min(sent.end - 1, title.end + 12)):
        if doc[j].lower_ in lex.occupied_words:
            k = j + 1
            while k < sent.end and doc[k].pos_ == "ADV":
                k += 1
            if k < sent.end and doc[k].lower_ in lex.par_word:
                return index.people.starting_at(k + 1)
            return None
        if is_finite_verb(doc[j]) or index.people.at.get(j) is not None:
            return None
    return None


def _object_of_appointing_verb(doc: Doc, title: Span) -> bool:
    """"Emmanuel Macron nomme un directeur général", "Engie s'est choisi une nouvelle
    directrice": a title with a determiner after an appointing verb names the one appointed,
    not the subject (the appointed subject of a passive, "est nommé directeur", takes none)."""
    lex = doc._.lexicon
    j = title.start - 1
    while j > title.sent.start and doc[j].pos_ == "ADJ" and doc[j].is_lower:
        j -= 1  # "une nouvelle directrice"
    if j <= title.sent.start or doc[j].lower_ not in lex.object_determiners:
        return False
    verb = doc[j - 1]
    participle = verb.lower_.removesuffix("s").removesuffix("e")  # "nommées" → "nommé"
    return verb.lemma_ in lex.appointing_lemmas or participle in lex.appointing_participles


def _coordinated_title_before(index: MentionIndex, title: Span) -> Span | None:
    """The title this one is coordinated with by "et", or stacked on after a comma: "country
    manager d'Oracle Italie et VP Technologie", "X, directeur général délégué, directeur
    financier" (only its organisation or unit in between)."""
    doc, lex = index.doc, index.lex
    k = title.start - 1
    if k > title.sent.start and doc[k].lower_ in lex.encore_word:
        k -= 1  # "directeur commercial ou encore vice-président"
    if k < 0 or doc[k].lower_ not in lex.and_words | lex.or_words | {","}:
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
    if doc[k].lower_ in lex.and_words and doc[k - 1].text == "," and len(aside) \
            and aside[0].text == "," and not any(map(is_finite_verb, aside)) \
            and not index.people.within(end, k):
        return previous
    return None


def coordinated_title_after(index: MentionIndex, title: Span, past_adjectives: bool = False
                            ) -> Span | None:
    """The title right after this one and "et", when this one names no place: "secrétaire
    générale et directrice Amériques du groupe X" (both at X); with `past_adjectives`, also
    past the second title's adjectives ("député et ancien ministre")."""
    doc = index.doc
    j = title.end
    if j >= title.sent.end - 1 or doc[j].lower_ not in index.lex.and_words:
        return None
    j += 1
    while past_adjectives and j < title.sent.end - 1 and doc[j].pos_ == "ADJ" \
            and doc[j].is_lower:
        j += 1
    return index.titles.starting_at(j)


def _confided_to(index: MentionIndex, title: Span) -> Span | None:
    """"Les fonctions de PDG … sont confiées à X": the post goes to the person after the cue."""
    doc, lex = index.doc, index.lex
    if title.start < 2 or doc[title.start - 1].lower_ not in lex.prepositions_de \
            or doc[title.start - 2].lower_ not in lex.post_nouns:
        return None
    for cue in index.cues.within(title.end, min(title.sent.end, title.end + 8)):
        if cue.label_ == "HEADED_BY" and cue[0].lower_.startswith(tuple(lex.confide_stems)):
            return index.first_person_after(cue.end, min(title.sent.end, cue.end + 4))
    return None


def coordinated_holders(index: MentionIndex, title: Span, mention: Span | None) -> list[Span]:
    """"Carole Benichou et Pauline Maillard sont … directrices": a plural title is held by
    each of the coordinated people before it."""
    if mention is None or mention.end > title.start \
            or not is_plural(title[0]):
        return [mention] if mention is not None else []
    return people_coordinated_with(index, mention)


def listed_holders(index: MentionIndex, title: Span, reach: int = 20) -> list[Span]:
    """"deux nouveaux directeurs généraux adjoints : A, directeur financier, et B", "les trois
    cofondateurs (A, B, C)", "les deux présidents du groupe, A et B": a plural title
    announcing a list holds for each person of the list, appositions skipped."""
    doc, lex = index.doc, index.lex
    sent_end = title.sent.end
    # "co-CEO du groupe : A et B": an invariable title, plural by the list after a colon
    # or by its determiners ("aux deux autres nouveaux DGA")
    plural = is_plural(title[0]) or any(
        t.lower_ in lex.plural_determiners or t.like_num
        for t in doc[max(title.sent.start, title.start - 4):title.start])
    opening = place_after(doc, index, title.end, sent_end)[2]  # "les cofondateurs d'X (…)"
    while opening < sent_end and opening - title.end < 3 and doc[opening].lower_ in lex.place_skip:
        opening += 1  # "les deux présidents du groupe, …"
    if opening >= sent_end or doc[opening].text not in {":", "(", ","}:
        return []
    first = opening + 1
    while first < sent_end and first - opening <= 4 and doc[first].lower_ in lex.list_openers:
        first += 1  # "…, il s'agit de A et de B", "…, à savoir A et B"
    joints = lex.and_words | {","}
    before_next = lex.prepositions_de | lex.and_words
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
            if token.lower_ in joints and not inside:
                k = j + 1
                while k < j + 3 and doc[k].lower_ in before_next:
                    k += 1  # "…, et de B"
                following = index.people.starting_at(k)
                if following is not None:
                    break
        person = following
    closed = False  # "… et B", "… et de B"
    if len(holders) >= 2:
        k = holders[-1].start - 1
        k -= doc[k].lower_ in lex.prepositions_de
        closed = doc[k].lower_ in lex.and_words
    if doc[opening].text == "," and not closed:
        return []  # after a comma, only a list closed by "et": "les deux présidents, A et B"
    if not plural and not (doc[opening].text == ":" and closed):
        return []
    return holders


def coordinated_orgs(index: MentionIndex, org: Span) -> list[Span]:
    """The organisations coordinated with `org`: "de Téva et Paris Première", "d'Atos,
    d'Eutelsat et de Canal+". A comma list counts only when "et" / "ou" closes it: after
    "PDG de Renault," a new clause may start with another organisation."""
    doc, sent_end, lex = index.doc, org.sent.end, index.lex
    joints = lex.and_words | lex.or_words | {","}
    found: list[Span] = []
    j = org.end
    while j + 1 < sent_end and doc[j].text in joints:
        closing = doc[j].text != ","
        j += 1
        while j < sent_end and doc[j].lower_ in lex.org_list_articles:
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
    doc, lex = index.doc, index.lex
    words = [t.lower_ for t in doc[j:j + 3]]
    if not ((len(words) >= 2 and words[0] == "," and words[1] in lex.mais_word)
            or (len(words) == 1 and words[0] in lex.mais_word)):
        return []
    k = j + next(n for n, w in enumerate(words) if w in lex.mais_word) + 1
    while k < len(doc) and (doc[k].lower_ in lex.mais_adverbs
                            or doc[k].lower_ in lex.org_list_articles):
        k += 1
    following = index.orgs.starting_at(k)
    return [following] if following is not None and following.sent == doc[j].sent else []


def org_in_clause(index: MentionIndex, title: Span, default_org: str | None) -> str | None:
    """The organisation a sentence names as employer ("rejoint Oracle en tant que CFO",
    "chez Dell"), else the article's main organisation: measured on the dev set, the nearest
    organisation of the sentence is more often a client, a parent or a former employer."""
    doc, sent, lex = index.doc, title.sent, index.lex
    for token in doc[sent.start:sent.end]:
        if token.lower_ in lex.employer_words:
            j = token.i + 1
            while j < sent.end and doc[j].lower_ in lex.determiners | lex.employer_intro_words:
                j += 1
            org = index.orgs.starting_at(j)
            if org is not None:
                return index.name(org)
    return default_org
