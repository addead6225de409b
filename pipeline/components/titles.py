"""Job titles: TITLE spans grown from the title words the rules find, and their text.

A TITLE rule finds a head word ("directeur", "PDG", "country manager"); `extend_title` grows
it over its modifiers ("général adjoint"), its functional complements ("des ventes", "en
charge de l'industrie"), its scope ("Europe", "de Lyon"), and stops before a named
organisation, person or unit (`cut_title`, once those are known), a clause or punctuation.
`title_text` writes a title as a role row shows it (in the singular); `is_gloss` and
`defined_title_acronyms` tell a gloss ("directeur financier (CFO)") from a post.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from pipeline.grammar.facts import drop_overlaps, facts
from pipeline.grammar.mentions import MentionIndex
from pipeline.grammar.tokens import is_acronym, is_capitalized, is_common, is_plural

TITLE_MODIFIER_POS = {"ADJ"}
# The title rule that a following adjective turns into a description of a company
# ("numéro un mondial du logiciel").
RANK_RULE = "title-numero-un"
# Title rules for occupations ("ingénieur", "consultante"): a post only where a post
# introducer gives it ("entré chez Renault comme ingénieur"); elsewhere mostly a diploma or a
# description ("ingénieur de formation", "ingénieur des Mines").
OCCUPATION_RULE = "occupation"


def find_titles(doc: Doc, rules: list[Span], is_denied, modifiers: set[int],
                common: frozenset[str] = frozenset(), stops: set[int] = frozenset()
                ) -> list[Span]:
    lex = doc._.lexicon
    heads = [s for s in rules if s.label_ == "TITLE" and not is_denied("TITLE", s)]
    titles = []
    for head in drop_overlaps(heads):
        if head.id_ == RANK_RULE and head.end < len(doc) and doc[head.end].pos_ == "ADJ":
            continue  # "numéro un mondial du logiciel" describes a company
        if _inside_organization_name(doc, head):
            continue  # "Axa Investment Managers"
        if head.id_ == OCCUPATION_RULE and not introduced_as_post(doc, head):
            continue
        if head.start and doc[head.start - 1].lower_ in lex.en_word and (
                head[0].lower_.endswith(tuple(lex.gerund_endings))
                or head[0].lower_ in lex.chef_word):
            continue  # "tout en gérant", "en dirigeant" (a gerund); "architecte en chef"
        titles.append(extend_title(doc, head, modifiers, common, stops))
    return drop_overlaps(titles)


def introduced_as_post(doc: Doc, title: Span) -> bool:
    """"comme ingénieur", "en tant que consultante", "en qualité de juriste"."""
    before = doc[max(title.sent.start, title.start - 3):title.start].text.lower()
    return any(before.endswith(w) for w in doc._.lexicon.post_introducers)


def _inside_organization_name(doc: Doc, head: Span) -> bool:
    """A capitalised plural title word within an NER organisation, after its first word
    ("Axa Investment Managers", "Altair Partners"): a name, not a post."""
    ent = facts(doc)["ent_at"].get(head.start)
    return (ent is not None and ent.label_ == "ORG" and ent.start < head.start
            and head.end <= ent.end and len(head) == 1 and is_capitalized(head[0])
            and head[0].lower_.endswith("s"))


def _is_time_phrase(doc: Doc, i: int) -> bool:
    """"à l'époque", "à ce moment", "de cette date": a time, not a title's complement."""
    lex = doc._.lexicon
    for j in range(i + 1, min(len(doc), i + 3)):
        if doc[j].lower_ in lex.time_nouns:
            return True
        if doc[j].lower_ not in lex.determiners:
            return False
    return False


def extend_title(doc: Doc, head: Span, modifiers: set[int] = frozenset(),
                 common: frozenset[str] = frozenset(), stops: set[int] = frozenset()) -> Span:
    """Grow a title head over its modifiers and functional complements.

    "directeur" → "directeur général adjoint"; "directrice" → "directrice des ventes";
    "président" → "président, en charge de l'industrie"; it stops before a named organisation,
    person or unit (cut later by `cut_title`), a clause, or punctuation.
    """
    lex = doc._.lexicon
    sent_end = head.sent.end
    end = head.end
    known = facts(doc)
    ent_at = known["ent_at"]
    while end < sent_end:
        token = doc[end]
        lower = token.lower_
        if end in modifiers:  # "Directrice Générale": capitalised, and often tagged ORG
            end += 1
            continue
        if end in stops:  # "le patron célèbre de …": a judgement, not part of the post
            break
        if token.pos_ in TITLE_MODIFIER_POS and token.is_lower and end not in ent_at:
            end += 1
            continue
        if (token.pos_ in {"NOUN", "X", "PROPN"} and token.is_lower and token.is_alpha
                and end not in ent_at and lower not in lex.kind_words
                and end not in known["lower_case_name_starts"]
                and doc[end - 1].pos_ in {"NOUN", "ADJ", "CCONJ", "X", "PROPN"}):
            end += 1  # "directeur ventes et marketing cloud", "directeur data"
            continue
        if lower == "," and end > head.end:
            # "directeur data, digital et marketing": a coordination of modifiers
            k = end
            while k + 1 < sent_end and doc[k].text == "," and doc[k + 1].is_lower \
                    and doc[k + 1].is_alpha and doc[k + 1].pos_ in {"NOUN", "ADJ", "X"}:
                k += 2
            if k > end and k + 1 < sent_end and doc[k].lower_ in lex.and_words \
                    and doc[k + 1].is_lower and doc[k + 1].pos_ in {"NOUN", "ADJ", "X"} and (
                    k + 2 >= sent_end or doc[k + 2].is_punct):
                end = k + 2
                continue
        if (lower in lex.and_words and end + 1 < sent_end and doc[end + 1].pos_ == "NOUN"
                and doc[end + 1].is_lower and doc[end - 1].pos_ == "NOUN"
                and end - 1 >= head.end):
            end += 1
            continue
        if lower in {"-", "–"} and end + 1 < sent_end and doc[end + 1].is_alpha:
            end += 2  # "président-directeur général", "exploration-production"
            continue
        if (is_capitalized(token) and end not in ent_at and is_common(token, common)
                and doc[end - 1].lower_ not in lex.prepositions_de | lex.determiners
                and end not in known["org_heads"] and end not in known["place_ends"]
                and (end == head.end or doc[end - 1].is_lower)):
            end += 1  # "VP Technologie", "directeur Marketing": a function, English-style
            continue
        if (end in ent_at and ent_at[end].label_ == "LOC" and ent_at[end].start == end
                and doc[end - 1].lower_ not in lex.prepositions_de
                and (end == head.end or doc[end - 1].pos_ == "ADJ" or end - 1 in modifiers)):
            end = ent_at[end].end  # "directrice générale Afrique et Méditerranée"
            continue
        place_end = known["place_ends"].get(end)
        if (place_end is not None and (end == head.end or doc[end - 1].is_lower)
                and (place_end >= sent_end or doc[place_end].lower_ in lex.scope_followers)):
            end = place_end  # "directeur commercial Europe de Novartis", the NER saying ORG
            continue
        place = _place_after(doc, end, sent_end)
        if place:
            end = place  # "maire de Lyon", "ambassadeur de France en Italie"
            continue
        if lower in lex.in_charge_openers and end + 1 < sent_end and \
                doc[end + 1].lower_ in lex.in_charge_followers:
            nxt = _complement_end(doc, end + 2 if lower in lex.en_word else end + 1, sent_end,
                                  ent_at, common)
            if nxt > end + 2:
                end = nxt
                continue
        if lower in lex.title_complement_starters and lower not in lex.en_word \
                and not _is_time_phrase(doc, end):
            nxt = _complement_end(doc, end, sent_end, ent_at, common)
            if nxt > end:
                end = nxt
                continue
        if lower in lex.and_words and end + 1 < sent_end \
                and doc[end + 1].lower_ in lex.prepositions_de:
            nxt = _complement_end(doc, end + 1, sent_end, ent_at, common)
            if nxt > end + 1:
                end = nxt
                continue
        if lower == "," and end + 2 < sent_end and doc[end + 1].lower_ in lex.en_word \
                and doc[end + 2].lower_ in lex.charge_word:
            end += 1
            continue
        break
    return Span(doc, head.start, end, label="TITLE", span_id=head.id_)


def _place_after(doc: Doc, i: int, sent_end: int) -> int | None:
    """End of "de Lyon" / "en Italie" / "de la France" starting at token i: a place named
    after a title is its scope, never an employer (PLACE rules)."""
    lex = doc._.lexicon
    if doc[i].lower_ not in lex.scope_prepositions:
        return None
    j = i + 1
    if j < sent_end and doc[j].lower_ in lex.articles_definite:
        j += 1
    end = facts(doc)["place_ends"].get(j)
    if end is None or end > sent_end:
        return None
    # "France Télévisions", "Paris Première", "l'Anjou et du Maine": the place starts a
    # longer name or a list, which the title does not swallow.
    if end < sent_end and (is_capitalized(doc[end]) or doc[end].lower_ in lex.and_words | {"-"}
                           or doc[end].like_num):  # "France 2", a channel
        return None
    return end


def _complement_end(doc: Doc, i: int, sent_end: int, ent_at: dict,
                    common: frozenset[str] = frozenset()) -> int:
    """End of "de la stratégie" / "des ventes partenaires" starting at preposition i."""
    lex = doc._.lexicon
    j = i
    if j < sent_end and doc[j].lower_ in lex.title_complement_starters | lex.charge_word:
        j += 1
    while j < sent_end and doc[j].lower_ in lex.articles_la_les:
        j += 1
    start_noun = j
    if j + 1 < sent_end and doc[j].text in lex.lowercase_name_kinds and doc[j + 1].is_lower \
            and doc[j + 1].is_alpha:
        return i  # "directrice de la division imprimantes": a unit follows, not a function
    name_starts = facts(doc)["lower_case_name_starts"]
    while j < sent_end:
        token = doc[j]
        if j in ent_at and not (j == start_noun and _is_portfolio(doc, j, common)) \
                or j in name_starts:  # "directeur de la caisse régionale de l'Anjou"
            break
        if token.pos_ in {"NOUN", "ADJ"} and (token.is_lower or j == start_noun) \
                or (token.pos_ in {"NOUN", "PROPN"} and is_capitalized(token)
                    and j == start_noun and (token.pos_ == "NOUN" or _is_common_propn(
                        doc, j, sent_end, ent_at, common))
                    and token.lower_ not in lex.kind_words
                    and doc[i].lower_ not in lex.elided_de):
            j += 1
            continue
        if token.lower_ in {"-", "–"} and j + 1 < sent_end and doc[j + 1].is_alpha:
            j += 2
            continue
        break
    if j == start_noun:
        return i
    return j


def _is_common_propn(doc: Doc, j: int, sent_end: int, ent_at: dict,
                     common: frozenset[str]) -> bool:
    """"du Marketing et de la Stratégie": a common word the tagger calls a proper noun,
    neither a place nor the start of a longer name ("l'Alliance Renault-Nissan")."""
    return (is_common(doc[j], common)
            and not (j in ent_at and ent_at[j].label_ in {"LOC", "PER"})
            and not (j + 1 < sent_end and is_capitalized(doc[j + 1])))


def _is_portfolio(doc: Doc, i: int, common: frozenset[str]) -> bool:
    """"ministre de la Culture", "directeur du Marketing": a capitalised common noun after a
    lower-case article, the NER's ORG notwithstanding (not an institution's head noun)."""
    return (i > 0 and doc[i - 1].text in doc._.lexicon.complement_articles
            and is_capitalized(doc[i]) and is_common(doc[i], common)
            and i not in facts(doc)["org_heads"])


def cut_title(doc: Doc, title: Span, boundaries: set[int]) -> Span:
    """A title up to the first organisation, unit or person named in it, without the
    preposition, article or conjunction the cut leaves dangling."""
    end = title.end
    for i in range(title.start + 1, title.end):
        if i in boundaries:
            end = i
            break
    dangling = doc._.lexicon.title_cut_words
    # the words the title rule matched stay whole ("numéro un de Y": "un" is no dangling
    # article), unless the cut falls inside them ("membre du | comité exécutif")
    matched_end = facts(doc)["title_word_ends"].get(title.start, 0)
    floor = matched_end if title.start + 1 < matched_end <= end else title.start + 1
    while end > floor and doc[end - 1].lower_ in dangling:
        end -= 1
    return Span(doc, title.start, end, label="TITLE", span_id=title.id_)


def title_text(title: Span) -> str:
    """The title as written, in the singular ("directrices respectives" → "directrice
    respective"), without quotes or a trailing comma."""
    if "Number=Plur" not in str(title.root.morph) and not is_plural(title[0]):
        return title.text.strip(" ,«»\"")
    lex = title.doc._.lexicon
    parts = []
    for token in title:
        if token.lower_ in lex.respectively_words:
            continue
        text = token.text
        if is_plural(token) and token.is_lower and len(text) > 3:
            # the longest ending first: "-aux" → "-al" before "-x" → ""
            for plural, singular in sorted(lex.plural_endings.items(),
                                           key=lambda item: -len(item[0])):
                if text.endswith(plural):
                    text = text[:len(text) - len(plural)] + singular
                    break
        parts.append(text + token.whitespace_)
    return "".join(parts).strip(" ,«»\"")


def is_gloss(index: MentionIndex, title: Span) -> bool:
    """A title in brackets right after another one glosses it: "directeur financier (CFO)";
    so does one after ", soit": "le poste de directeur …, soit le numéro 2 du groupe"."""
    doc, lex = index.doc, index.lex
    k = title.start - 1
    while k > title.sent.start and doc[k].lower_ in lex.determiners:
        k -= 1
    if k > title.sent.start and doc[k].lower_ in lex.soit_word and doc[k - 1].text == "," \
            and index.titles.before(k, title.sent.start):
        return True
    return glossed_title(index, title) is not None


def glossed_title(index: MentionIndex, title: Span) -> Span | None:
    """The title right before the brackets this one stands in: "directeur financier (CFO)"."""
    doc = index.doc
    for j in range(title.start - 1, max(title.sent.start, title.start - 8) - 1, -1):
        if doc[j].text == ")":
            return None
        if doc[j].text == "(":
            return index.titles.at.get(j - 1) if j > 0 else None
    return None


def defined_title_acronyms(index: MentionIndex) -> dict[str, str]:
    """"3 nouveaux directeurs généraux adjoints (DGA)": the article defines "DGA"; a post
    it later names by the acronym is written in full, in the singular."""
    doc, defined = index.doc, {}
    for title in index.titles.spans:
        if not (is_acronym(title[0]) and len(title) == 1 and title.start > 0
                and doc[title.start - 1].text == "("
                and title.end < len(doc) and doc[title.end].text == ")"):
            continue
        glossed = glossed_title(index, title)
        if glossed is not None:
            defined[title.text] = " ".join(t.lemma_ if t.is_lower else t.text for t in glossed)
    return defined
