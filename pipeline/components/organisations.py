"""Organisations: ORG mentions from the NER, repaired.

The French NER is weakest on ORG. Candidates are its ORG entities (a national subsidiary
"Microsoft" + "France" joined), names in an employer slot whatever their label ("directeur
d'X", "chez X", "rejoint X", "la société X"), local authorities and companies tagged LOC, ORG
rules, proper nouns after a title, names listed beside organisations and names defined with an
acronym. Then: a function is no employer ("VP Technologie", "directeur du Marketing"), nor is a
body inside an organisation ("Direction des achats"), a place, or a newspaper cited as the
source; a former name "X (ex Y)" is listed under X, and acronyms under their long forms.
"""

from __future__ import annotations

from collections import Counter
from functools import partial

from spacy.attrs import LOWER
from spacy.tokens import Doc, Span

from pipeline.grammar.clauses import apposition_head
from pipeline.grammar.facts import drop_overlaps, facts, tokens_with_text
from pipeline.grammar.tokens import is_capitalized, is_common, is_general_word
from pipeline.matching import normalize_org, strip_accents

# A name does not run across these: "Big Blue : « On ne …»" is "Big Blue".
NAME_BREAKS = {":", ";", "«", "»", "“", "”", '"', ">", "|", "(", ")", "[", "]"}
COUNTRY_LIKE_LABELS = {"LOC"}
PRESS_REACH = 5  # tokens from a title to the press title it works for
FORMER_NAME_REACH = 4  # tokens between the current name and "(ex" / ", l'ex-"
ACRONYM_REACH = 10  # words between an institution's noun and its "(ACRONYM)"


def after_title_preposition(doc: Doc, span: Span, title_tokens: set[int]) -> bool:
    """'directeur général d'Activium': a name right after title + de/chez is an employer."""
    lex = doc._.lexicon
    i = span.start - 1
    if i < 0 or doc[i].lower_ not in lex.org_slot_words:
        return False
    j = i - 1
    while j >= 0 and j >= i - 4:
        if j in title_tokens:
            return True
        if doc[j].is_punct:
            return False
        j -= 1
    return doc[i].lower_ in lex.employer_markers


def find_organizations(doc: Doc, rules: list[Span], is_denied, people: list[Span],
                       title_tokens: set[int], unit_tokens: set[int],
                       extra: list[Span], common: frozenset[str] = frozenset()) -> list[Span]:
    lex = doc._.lexicon
    person_tokens = {i for s in people for i in range(s.start, s.end)}
    person_words = {w for s in people for w in s.kb_id_.split()}
    intro_ends = {s.end for s in rules if s.label_ == "ORG_INTRO"}
    known = facts(doc)
    ents = known["ents"]
    candidates: list[Span] = []
    for index, ent in enumerate(ents):
        if ent.label_ == "ORG":
            span = ent
            # "Microsoft" + "France": the NER splits national subsidiaries in two.
            following = ents[index + 1] if index + 1 < len(ents) else None
            place_end = known["place_ends"].get(ent.end)
            if (following is not None and following.start == ent.end
                    and following.label_ in COUNTRY_LIKE_LABELS and len(following) <= 3):
                span = doc[ent.start:following.end]
            elif place_end is not None and is_capitalized(doc[ent.end]):
                span = doc[ent.start:place_end]  # "Cisco France", the country left untagged
            candidates.append(span)
        elif ent.label_ == "LOC" and (_company_and_country(doc, ent)
                                      or _local_authority(doc, ent)):
            candidates.append(ent)
        elif ent.label_ in {"MISC", "LOC", "PER"} and _in_org_slot(doc, ent, title_tokens,
                                                                    intro_ends):
            if ent.label_ == "LOC" and _is_place_name(doc, ent):
                continue  # "directeur de France" is a scope, not an employer
            candidates.append(ent)
        elif any(i in title_tokens for i in range(ent.start, ent.end)):
            # "Directeur Général d'Orange Espagne" tagged PER: the employer is in it
            last = max(i for i in range(ent.start, ent.end) if i in title_tokens)
            k = last + 1
            while k < ent.end and doc[k].lower_ in lex.prepositions_de | lex.determiners:
                k += 1
            if k < ent.end and k > last + 1 and is_capitalized(doc[k]):
                candidates.append(doc[k:ent.end])
    candidates += [s for s in rules if s.label_ == "ORG"]
    candidates += extra
    candidates += _employers_after_titles(doc, title_tokens, person_tokens)
    candidates += _listed_with_organizations(doc, ents)
    candidates += _named_with_acronym(doc, ents)
    orgs = []
    skipped_before = lex.prepositions_de | lex.determiners | lex.chez_word
    for span in map(partial(_with_name_complement, doc, known["ent_at"]), candidates):
        trimmed = _trim_org(doc, span)
        if trimmed is None or is_denied("ORG", trimmed) or is_denied("ORG", span):
            continue
        start = trimmed.start
        while start < trimmed.end and (start in title_tokens or doc[start].lower_ in
                                       skipped_before):
            start += 1
        if start >= trimmed.end or (start > trimmed.start and not is_capitalized(doc[start])):
            continue
        if _is_portfolio_name(doc, doc[start:trimmed.end], title_tokens) \
                or _is_internal_body(doc[start:trimmed.end]):
            continue
        trimmed = _without_complement(doc, doc[start:trimmed.end], common)
        if trimmed is None or _is_place_name(doc, trimmed):
            continue
        trimmed = doc[trimmed.start:institution_name_end(doc, trimmed, title_tokens)]
        tokens = set(range(trimmed.start, trimmed.end))
        if tokens & person_tokens or tokens & title_tokens or tokens & unit_tokens \
                or trimmed.text in person_words and trimmed.start not in intro_ends:
            continue  # "Dell" alone is Michael Dell, "le groupe Dell" his company
        orgs.append(Span(doc, trimmed.start, trimmed.end, label="ORG"))
    taken = person_tokens | title_tokens | unit_tokens
    orgs += [s for s in _parents_named_alone(doc, orgs) if not taken & set(range(s.start, s.end))]
    orgs = _under_current_names(doc, link_acronyms(doc, drop_overlaps(orgs)))
    return _without_cited_press(doc, orgs, rules, title_tokens)


def _trim_org(doc: Doc, span: Span) -> Span | None:
    lex = doc._.lexicon
    start, end = span.start, span.end
    keep_lower = (start, end) in facts(doc)["lower_case_names"]
    while start < end and (doc[start].is_punct or doc[start].lower_ in lex.determiners
                           or (doc[start].is_lower and doc[start].lower_ not in lex.group_word
                               and not keep_lower)):
        start += 1
    for k in range(start, end):
        if doc[k].text in NAME_BREAKS or (
                doc[k].text in {"–", "—", "-"} and k + 1 < end and k > start
                and doc[k].whitespace_ and doc[k + 1].lower_ in lex.body_words):
            end = k  # "Mauritius Telecom – Conseil d'administration": a body of it follows
            break
    while end > start and (doc[end - 1].is_punct and doc[end - 1].text not in {"+", "&"}
                           or doc[end - 1].is_space or doc[end - 1].lower_ in lex.name_tail_words):
        end -= 1
    if start >= end or not (keep_lower or any(is_capitalized(t) for t in doc[start:end])):
        return None
    return doc[start:end]


def _in_org_slot(doc: Doc, span: Span, title_tokens: set[int], intro_ends: set[int]) -> bool:
    """Where a name can only be an organisation: "directeur d'X", "chez X", "rejoint X",
    "arrive d'X", "filiale d'X", "la société X", "le géant des services pétroliers X",
    "X, la filiale de Y"."""
    lex = doc._.lexicon
    if after_title_preposition(doc, span, title_tokens) or _presented_as_subsidiary(doc, span):
        return True
    i = span.start - 1
    if i < 0:
        return False
    if doc[i].lower_ in lex.employer_slot_words:
        return True
    if doc[i].lower_ in lex.prepositions_de and i > 0 \
            and doc[i - 1].lower_ in lex.origin_words:  # a school is an institution
        return True
    j = i
    while j >= 0 and i - j < 4 and doc[j].is_lower and not doc[j].is_punct \
            and doc[j].pos_ not in {"VERB", "AUX"}:
        if j + 1 in intro_ends or j in intro_ends:
            return True
        j -= 1
    return j + 1 in intro_ends


SUBSIDIARY_APPOSITION_REACH = 4  # ", la filiale": the apposition's words before "filiale"


def _presented_as_subsidiary(doc: Doc, span: Span) -> bool:
    """"Proparco, la filiale de l'AFD", "X (filiale de Y)": a name its apposition presents as
    a company's subsidiary or part."""
    lex = doc._.lexicon
    k = apposition_head(doc, span.end, len(doc), lambda t: t.lower_ in lex.subsidiary_determiners,
                        SUBSIDIARY_APPOSITION_REACH)
    return k is not None and doc[k].lower_ in lex.subsidiary_words


def _without_cited_press(doc: Doc, orgs: list[Span], rules: list[Span],
                         title_tokens: set[int]) -> list[Span]:
    """"Le quotidien Le Figaro a révélé…", "selon Les Echos": a newspaper cited as the
    source of the news is no organisation of the story, unless a title names it as someone's
    employer somewhere in the article ("directeur de la rédaction du Figaro")."""
    determiners = doc._.lexicon.determiners
    press_names = {normalize_org(s.text) for s in rules if s.label_ == "PRESS"}
    intro_ends = {s.end for s in rules if s.label_ == "PRESS_INTRO"}
    press: dict[str, set[str]] = {}
    for org in orgs:
        key = normalize_org(org.kb_id_ or org.text)
        start = org.start - 1 if org.start and doc[org.start - 1].lower_ in determiners \
            else org.start
        if key in press_names or start in intro_ends:
            press.setdefault(key, set()).add(org.text)
    if not press:
        return orgs
    # every place the name is written, the title it completes may have swallowed it
    texts = {text for names in press.values() for text in names}
    employers = set()
    for i in tokens_with_text(doc, {text.split()[0] for text in texts}):
        k = i - 1
        while k >= 0 and i - k <= PRESS_REACH and not doc[k].is_punct:
            if k in title_tokens:
                employers |= {key for key, names in press.items() if doc[i].text in
                              {text.split()[0] for text in names}}
                break
            k -= 1
    cited = set(press) - employers
    return [org for org in orgs if normalize_org(org.kb_id_ or org.text) not in cited]


def _under_current_names(doc: Doc, orgs: list[Span]) -> list[Span]:
    """"TotalEnergies (ex Total)", "SNCF Réseau, l'ex-Réseau ferré de France (RFF)": a former
    name (and its short form) names the organisation just before it; its mentions are
    listed under the current name, or dropped when no current name precedes it."""
    markers = doc._.lexicon.former_name_markers
    current: dict[str, str | None] = {}
    for index, org in enumerate(orgs):
        before = doc[org.start - 1].lower_ if org.start else ""
        if before not in markers and not org[0].lower_.startswith(tuple(
                m for m in markers if m.endswith("-"))):
            continue
        previous = orgs[index - 1] if index else None
        name = (previous.kb_id_ or previous.text) if previous is not None \
            and org.start - previous.end <= FORMER_NAME_REACH else None
        current[normalize_org(org.kb_id_ or org.text)] = name
        short = bracketed_acronym(doc, org.end)
        if short is not None:
            current[normalize_org(short.text)] = name
    renamed = []
    for org in orgs:
        key = normalize_org(org.kb_id_ or org.text)
        if key not in current:
            renamed.append(org)
        elif current[key] is not None:
            renamed.append(Span(doc, org.start, org.end, label="ORG", kb_id=current[key]))
    return renamed


def _is_internal_body(span: Span) -> bool:
    """"Comité des rémunérations", "Direction des achats", "Direction Générale": a body
    inside an organisation, named by what it does (unlike "Conseil Supérieur de
    l'Audiovisuel")."""
    lex = span.doc._.lexicon
    if len(span) >= 2 and span[0].lower_ in lex.headship_nouns \
            and is_general_word(span[1]):
        return True  # "Direction Générale (Exécutive) …": the management, not a company
    return (len(span) >= 3 and span[0].lower_ in lex.body_words
            and span[1].lower_ in lex.prepositions_de and span[2].is_lower)


def _with_name_complement(doc: Doc, ent_at: dict, span: Span) -> Span:
    """"Vecteur" + "d'Image", "Conseil Supérieur" + "de l'Audiovisuel": a name the NER cut
    before its "de" complement, which names nobody and no place of its own."""
    lex = doc._.lexicon
    end, limit = span.end, span.sent.end
    if end + 1 >= limit or doc[end].lower_ not in lex.de_words \
            or not is_capitalized(doc[end - 1]):
        return span
    k = end + 1
    if doc[k].lower_ in lex.article_la:
        k += 1
    start = k
    while k < limit and k - start < 3 and is_capitalized(doc[k]) and doc[k].is_alpha \
            and (k not in ent_at or ent_at[k].label_ == "MISC"):
        k += 1
    if k == start or (start in ent_at and ent_at[start].end > k):
        return span
    return Span(doc, span.start, k, label=span.label_)


def _parents_named_alone(doc: Doc, orgs: list[Span]) -> list[Span]:
    """"Salesforce France" found: "Salesforce" named alone elsewhere is the parent company,
    however the NER tagged it there."""
    place_ends = facts(doc)["place_ends"]
    parents = set()
    for org in orgs:
        for k in range(org.start + 1, org.end):
            if place_ends.get(k) == org.end and is_capitalized(doc[k - 1]):
                parents.add(doc[org.start:k].text)  # not "Hôpitaux de Paris"
                break
    found = []
    by_first = {name.split()[0]: name for name in parents}
    for i in tokens_with_text(doc, set(by_first)):
        name = by_first[doc[i].text]
        span = doc.char_span(doc[i].idx, doc[i].idx + len(name))
        if span is not None and span.text == name and (span.start == 0 or not is_capitalized(
                doc[span.start - 1]) or doc[span.start - 1].is_sent_start):
            found.append(Span(doc, span.start, span.end, label="ORG"))
    return found


def _is_portfolio_name(doc: Doc, span: Span, title_tokens: set[int]) -> bool:
    """"VP Technologie", "directeur général Finance, Performance et Achats": capitalised words
    right after a title, with no "de" or "chez" between, name its function, not an employer;
    so do the capitalised words listed after them."""
    lex = doc._.lexicon
    joints = lex.and_words | {",", "&"}
    k = span.start - 1
    while k >= 0 and k not in title_tokens and span.start - k <= 12 and (
            doc[k].lower_ in joints or is_capitalized(doc[k])):
        k -= 1  # back over "Finance, Performance et"
    if k < 0 or k not in title_tokens:
        return False
    employer_words = lex.prepositions_de | lex.determiners | lex.chez_word
    while k >= 0 and k in title_tokens:
        if doc[k].lower_ in employer_words:
            return False  # "cofondateur de la société Baracoda": an employer
        k -= 1
    return True


def _company_and_country(doc: Doc, ent: Span) -> bool:
    """"Nexatel France" tagged LOC: a capitalised name the place rules do not know, then a
    country they do, is a national subsidiary."""
    place_ends = facts(doc)["place_ends"]
    if len(ent) < 2 or ent.start in place_ends or not all(is_capitalized(t) for t in ent):
        return False
    return any(start > ent.start and end == ent.end for start, end in place_ends.items())


def _local_authority(doc: Doc, ent: Span) -> bool:
    """"la Métropole du Grand Paris", "la Région Bretagne" tagged LOC: a capitalised
    institution's noun (ORG_HEAD rules) heading a place names the authority, not the land."""
    return (len(ent) >= 2 and ent.start in facts(doc)["org_heads"]
            and is_capitalized(ent[0]) and not ent[0].is_sent_start
            and not _is_place_name(doc, ent))


def bracketed_acronym(doc: Doc, i: int) -> Span | None:
    """"(AP-HP)", "(CA SA)" right at token i: an upper-case short form in brackets."""
    if i >= len(doc) or doc[i].text != "(":
        return None
    j = i + 1
    while j < len(doc) and j < i + 4 and doc[j].text != ")":
        j += 1
    if j >= len(doc) or doc[j].text != ")" or j == i + 1:
        return None
    short = doc[i + 1:j]
    letters = [c for c in short.text if c.isalpha()]
    if len(letters) < 2 or sum(c.isupper() for c in letters) < len(letters) - 1:
        return None
    return short


def _named_with_acronym(doc: Doc, ents: list[Span]) -> list[Span]:
    """"l'Assistance publique-Hôpitaux de Marseille (AP-HM)": a name the NER did not call an
    organisation, defined with a short form that it does call one elsewhere, or that starts
    with an institution's noun (ORG_HEAD rules)."""
    prepositions = doc._.lexicon.prepositions_de
    org_texts = {e.text for e in ents if e.label_ == "ORG"}
    found = []
    for index, ent in enumerate(ents):
        if ent.label_ not in {"MISC", "LOC"} or len(ent) < 2:
            continue
        end = ent.end
        # "… des hôpitaux" + "de Marseille": the NER often splits the place off
        following = ents[index + 1] if index + 1 < len(ents) else None
        if following is not None and following.label_ == "LOC" and following.start == end + 1 \
                and doc[end].lower_ in prepositions:
            end = following.end
        short = bracketed_acronym(doc, end)
        if short is not None and (short.text in org_texts or ent.start in
                                  facts(doc)["org_heads"]):
            found.append(doc[ent.start:end])
    return found + _spelled_out_before_acronym(doc)


def _spelled_out_before_acronym(doc: Doc) -> list[Span]:
    """"l'Assistance publique des hôpitaux de Paris (AP-HP)": a name begun by a capitalised
    institution's noun and defined by an acronym of its words' initials, however the NER
    tagged it."""
    found = []
    for start in sorted(facts(doc)["org_heads"]):
        if not is_capitalized(doc[start]):
            continue
        limit = min(doc[start].sent.end, start + ACRONYM_REACH)
        for k in range(start + 1, limit):
            if doc[k].is_punct and doc[k].text != "(" and doc[k].text not in {"-", "'", "’"}:
                break
            short = bracketed_acronym(doc, k)
            if short is None:
                continue
            letters = "".join(c for c in short.text if c.isalpha()).upper()
            if letters in _initials(doc[start:k]):
                found.append(doc[start:k])
            break
    return found


def link_acronyms(doc: Doc, orgs: list[Span]) -> list[Span]:
    """"Assistance publique-Hôpitaux de Paris (AP-HP)": the short form names the same
    organisation; every org mention gets ``kb_id_`` = the name it is listed under."""
    long_forms: dict[str, str] = {}
    for org in orgs:
        short = bracketed_acronym(doc, org.end) or acronym_after_or(doc, org)
        if short is not None:
            long_forms[normalize_org(short.text)] = org.text
    linked = [Span(doc, s.start, s.end, label="ORG",
                   kb_id=long_forms.get(normalize_org(s.text), s.text)) for s in orgs]
    return _acronyms_by_initials(doc, linked)


def _initials(span: Span) -> set[str]:
    """"Electricité de France" → {"EDF", "EF"}: the first letters of its words, with and
    without its articles and prepositions."""
    lex = span.doc._.lexicon
    function_words = lex.prepositions_de | lex.determiners | lex.and_words
    words = [t for t in span if t.is_alpha]
    # "Électricité" gives "E": acronyms drop accents
    every = strip_accents("".join(t.text[0] for t in words)).upper()
    content = strip_accents("".join(t.text[0] for t in words
                                    if t.lower_ not in function_words)).upper()
    return {every, content}


def _acronyms_by_initials(doc: Doc, orgs: list[Span]) -> list[Span]:
    """"Electricité de France" once, "EDF" five times, with no "(EDF)" to link them: an
    upper-case name whose letters are the initials of another name is that organisation,
    listed under its full name (as a bracketed acronym is)."""
    names = Counter(s.kb_id_ for s in orgs)
    shorts = {n for n in names if n.isupper() and n.isalpha() and 2 <= len(n) <= 5}
    if not shorts:
        return orgs
    alias: dict[str, str] = {}
    for org in orgs:
        if len(org) < 2 or org.kb_id_ != org.text or org.text in alias:
            continue
        for short in shorts & _initials(org):
            alias[org.text] = alias[short] = org.text
    return [Span(doc, s.start, s.end, label="ORG", kb_id=alias.get(s.kb_id_, s.kb_id_))
            for s in orgs]


def acronym_after_or(doc: Doc, org: Span) -> Span | None:
    """"Société Générale Asset Management ou SGAM": an upper-case word after "ou" whose
    letters are the initials of the name, in order (so "Renault ou PSA" links nothing)."""
    i = org.end
    if i + 1 >= len(doc) or doc[i].lower_ not in doc._.lexicon.or_words:
        return None
    short = doc[i + 1]
    letters = [c for c in short.text if c.isalpha()]
    if len(letters) < 2 or not all(c.isupper() for c in letters):
        return None
    initials = [t.text[0].upper() for t in org if t.text[:1].isalpha() and is_capitalized(t)]
    position = 0
    for letter in letters:
        while position < len(initials) and initials[position] != letter:
            position += 1
        if position == len(initials):
            return None
        position += 1
    return doc[i + 1:i + 2] if initials and letters[0] == initials[0] else None


# words that join the parts of an institution's name ("Caisse de dépôt et placement du
# Québec", "Agence nationale pour la cohésion sociale et l'égalité des chances")
INSTITUTION_NAME_REACH = 12
INSTITUTION_NAME_POS = {"NOUN", "ADJ"}


def institution_name_end(doc: Doc, org: Span, title_tokens: set[int]) -> int:
    """Where the name of an institution ends: the NER often stops it at the first "et" or
    before its place ("l'Ecole supérieure de chimie industrielle | de Lyon", "l'Union nationale
    de l'aide | , des soins et des services aux domiciles (UNA)"). A name that begins with an
    institution's noun (ORG_HEAD rules) and ends in lower case goes on over lower-case nouns
    and adjectives joined by de/et/pour/à (a comma only before another "de" complement), and
    over a final "de" + place; no verb, title or other punctuation."""
    lex = doc._.lexicon
    if org.start not in facts(doc)["org_heads"] or not org[-1].is_lower:
        return org.end
    joints = lex.prepositions_de | lex.and_words | lex.determiners | lex.institution_name_joiners
    sent_end = org.sent.end
    end = j = org.end
    while j < sent_end and j - org.end < INSTITUTION_NAME_REACH:
        token = doc[j]
        if j in title_tokens:
            break
        if token.text == "," and j + 1 < sent_end and doc[j + 1].lower_ in lex.prepositions_de:
            j += 1
        elif token.lower_ in joints:
            j += 1
        elif token.is_lower and token.pos_ in INSTITUTION_NAME_POS:
            j += 1
            end = j
        else:
            place = facts(doc)["ent_at"].get(j)
            if doc[j - 1].lower_ in lex.prepositions_de and place is not None \
                    and place.label_ == "LOC" and place.start == j:
                end = place.end  # "… de Lyon", "… du Québec"
            break
    return end


def _without_complement(doc: Doc, span: Span, common: frozenset[str]) -> Span | None:
    """"directeur du Marketing", "ministre de la Cohésion des territoires", "président de la
    République": a capitalised common word after an article starts a function, not a name
    (organisations take a bare "de": "patron de Jeep", "PDG d'Orange"). The span is no
    organisation, unless it goes on as a name ("la Société Générale"), starts with an
    institution's noun (ORG_HEAD rules) or names the employer after "chez" ("directrice de la
    Finance chez Engie" → "Engie")."""
    lex = doc._.lexicon
    article = doc[span.start - 1] if span.start else None
    # A capitalised article belongs to the name ("La Poste"); an institution's head noun
    # starts a name ("l'Agence nationale de cohésion des territoires").
    if article is None or article.text not in lex.complement_articles \
            or not is_common(span[0], common) or span.start in facts(doc)["org_heads"]:
        return span
    for k in range(span.start + 1, span.end - 1):
        if doc[k].lower_ in lex.chez_word and is_capitalized(doc[k + 1]):
            return doc[k + 1:span.end]
    rest = [t for t in span[1:] if t.is_alpha
            and t.lower_ not in lex.prepositions_de | lex.determiners]
    if all(t.is_lower for t in rest):
        return None
    return span


def _is_place_name(doc: Doc, ent: Span) -> bool:
    """A country, region or city (PLACE rules, or a country named by a nationality rule)."""
    known = facts(doc)
    return ent.text in known["countries"] or ent.text.lower() in known["places"]


def _listed_with_organizations(doc: Doc, ents: list[Span]) -> list[Span]:
    """"Capgemini, Accenture, Avanade, HP": names listed beside organisations are ones too."""
    lex = doc._.lexicon
    joints = lex.and_words | lex.or_words | {","}
    found = []
    for index, ent in enumerate(ents):
        if ent.label_ not in {"MISC", "LOC"} or len(ent) > 3 or _is_place_name(doc, ent):
            continue
        for other in ents[max(0, index - 1):index] + ents[index + 1:index + 2]:
            if other.label_ != "ORG":
                continue
            lo, hi = (other.end, ent.start) if other.start < ent.start else (ent.end, other.start)
            if 0 < hi - lo <= 2 and all(t.text in joints for t in doc[lo:hi]):
                found.append(ent)
                break
    return found


def _employers_after_titles(doc: Doc, title_tokens: set[int], person_tokens: set[int]
                            ) -> list[Span]:
    """Proper nouns right after "title de|d'|chez" that the NER left unlabelled."""
    lex = doc._.lexicon
    found = []
    ent_tokens = facts(doc)["ent_at"]
    for i in tokens_with_text(doc, set(lex.de_words | lex.chez_word), attr=LOWER):
        if not 0 < i < len(doc) - 1 or (i - 1) not in title_tokens:
            continue
        j = i + 1
        while j < len(doc) and doc[j].pos_ == "PROPN" and is_capitalized(doc[j]) \
                and j not in ent_tokens and j not in person_tokens and j not in title_tokens:
            j += 1
        if j > i + 1:
            found.append(doc[i + 1:j])
    return found
