"""Unit names: UNIT spans for the named parts of an organisation (``kb_id_`` = the kind word).

A UNIT_KIND rule finds a kind word ("pôle", "divisions", "direction"); `unit_names_after`
reads the names it introduces: a capitalised name ("pôle Build-with"), a list ("trois pôles :
A, B et C", "quatre pôles (A, B et C)"), a name after an apposition or a naming word ("une
entité unique, X", "baptisée X"), a lower-case name after the kind words that only name units
("le pôle édition"), "la direction du Marketing", a quoted name ("la division « systèmes
sécurisés »"). Fixed names ("comité exécutif") come from
UNIT rules; a unit named again without its kind word is found again.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from pipeline.grammar.facts import drop_overlaps, facts, tokens_with_text
from pipeline.grammar.tokens import is_capitalized, is_finite_verb, is_general_word

UNIT_NAME_SYMBOLS = {"-", "&", "+", "/"}


def find_units(doc: Doc, rules: list[Span], is_denied) -> list[Span]:
    """Named units: "pôle Build-with", "division PME et partenaires", fixed names such as
    "comité exécutif", and enumerations "quatre pôles (A, B et C)". ``kb_id_`` is the kind."""
    units = []
    for span in rules:
        if span.label_ == "UNIT" and not is_denied("UNIT", span):
            # a learned unit carries its kind in its id ("learned:kind=pôle")
            kind = span.id_.split("kind=", 1)[1] if "kind=" in span.id_ else span[0].lower_
            units.append(Span(doc, span.start, span.end, label="UNIT", kb_id=kind))
    named_tokens: set[int] = set()
    for kind in sorted((s for s in rules if s.label_ == "UNIT_KIND"), key=lambda s: s.start):
        if kind.start in named_tokens:
            continue  # a kind word inside a name: "les directions « Service Client, … »"
        kind_word = kind.text.lower()
        named = unit_names_after(doc, kind)
        for start, end in named:
            named_tokens.update(range(start, end))
            span = Span(doc, start, end, label="UNIT", kb_id=singular(kind_word))
            if not is_denied("UNIT", span):
                units.append(span)
    return drop_overlaps(units + _repeated_mentions(doc, units))


def _repeated_mentions(doc: Doc, units: list[Span]) -> list[Span]:
    """"l'Europe", "Build-with" named again without the kind word: the same unit."""
    by_first: dict[str, list[Span]] = {}
    for unit in units:
        if unit.kb_id_ and is_capitalized(unit[0]):
            by_first.setdefault(unit[0].text, []).append(unit)
    found = []
    ent_at = facts(doc)["ent_at"]
    for i in tokens_with_text(doc, set(by_first)):
        for unit in by_first[doc[i].text]:
            end = i + len(unit)
            if end > len(doc) or doc[i:end].text != unit.text:
                continue
            ent = ent_at.get(i)
            if ent is not None and ent.label_ == "ORG" and (ent.start < i or ent.end > end):
                continue  # "la région France" named, then "Oracle France": a company's name
            before = ent_at.get(i - 1) if i else None
            if before is not None and before.label_ == "ORG" and before.end == i:
                continue  # "Cisco" + "France", the NER tagging the company alone
            found.append(Span(doc, i, end, label="UNIT", kb_id=unit.kb_id_))
    return found


def singular(word: str) -> str:
    """A kind word in the singular ("pôles" → "pôle")."""
    if word.endswith(("s", "x")) and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def unit_names_after(doc: Doc, kind: Span) -> list[tuple[int, int]]:
    lex = doc._.lexicon
    sent_end = kind.sent.end
    i = kind.end
    # "quatre pôles solution (A, B, et C)" / "deux segments : X et Y"
    plural = kind.text.lower().endswith(("s", "x"))
    kind_singular = singular(kind.text.lower())
    quoted = _quoted_names(doc, i, sent_end, plural) \
        if kind_singular in lex.kind_words_singular else []
    if quoted:
        return quoted
    j = i
    while j < sent_end and j < i + 3 and doc[j].is_lower and doc[j].is_alpha \
            and doc[j].lower_ not in lex.prepositions_de:
        j += 1
    if plural and j + 1 < sent_end and doc[j].lower_ in lex.prepositions_de \
            and is_capitalized(doc[j + 1]):
        # "trois entités de France Télévisions : A (MFP), B (FTD) et C (FTP)"
        k = j + 1
        while k < sent_end and k < j + 5 and is_capitalized(doc[k]):
            k += 1
        if k < sent_end and doc[k].text == ":":
            j = k
    if plural and j < sent_end and doc[j].text in {"(", ":"}:
        closing = ")" if doc[j].text == "(" else None
        items = _enumeration(doc, j + 1, sent_end, closing)
        if closing is None:  # "trois pôles : Build, Sell et Run"
            items = [name for item in items for name in _split_on_conjunction(doc, *item)]
        if len(items) > 1 or closing is None:
            return items
        # a single bracketed item is a gloss ("services (DGS)", "divisions imprimantes
        # (IPG), …"), not a list: the names are before it
    # "la direction du Marketing et des Opérations"
    k = i + 1 if i < sent_end and doc[i].lower_ in lex.du_des else \
        i + 2 if i + 1 < sent_end and doc[i].lower_ in lex.de_word and doc[i + 1].lower_ in \
        lex.article_la else None
    if k is not None and k < sent_end and is_capitalized(doc[k]) \
            and doc[k].ent_type_ != "ORG" and not _names_a_person(doc[k]) \
            and kind.text.lower() in lex.direction_kinds:
        end = _name_end(doc, k, sent_end)
        return [(kind.start, end)] if end > k else []
    # "une entité unique, Once Commercial Partner (OCP)"
    k = i
    while k < sent_end and k < i + 2 and doc[k].pos_ == "ADJ" and doc[k].is_lower:
        k += 1
    if k < sent_end and doc[k].text == "," and k + 1 < sent_end \
            and is_capitalized(doc[k + 1]) and doc[k + 1].ent_type_ != "PER":
        # after a comma, a lone name the NER calls a person is that person; only right
        # after the kind word is it the unit's
        end = _name_end(doc, k + 1, sent_end)
        if end < sent_end and is_finite_verb(doc[end]):
            return []  # "dans l'organisation partenaire, Nicole apporte …": a new clause
        if end > k + 1 and plural:  # "deux nouvelles chaînes gratuites, D8 et D17"
            return _listed_after(doc, _split_on_conjunction(doc, k + 1, end), sent_end,
                                 split=True)
        return [(k + 1, end)] if end > k + 1 else []
    # "une nouvelle entité baptisée SMB-D", "une division baptisé (en anglais) Technology & …"
    k = i
    while k < sent_end and k < i + 2 and doc[k].pos_ == "ADJ" and doc[k].is_lower \
            and doc[k].lower_ not in lex.naming_words:
        k += 1
    if k == i:
        k = _past_participial_complement(doc, i, sent_end)
    if k + 1 < sent_end and doc[k].text == "," and doc[k + 1].lower_ in lex.naming_words:
        k += 1  # "un nouveau département, baptisé Partner Sales Team (PST)"
    if k < sent_end and doc[k].lower_ in lex.naming_words:
        k = skip_parenthesis(doc, k + 1, sent_end)
        if k < sent_end and is_capitalized(doc[k]) and not _names_a_person(doc[k]):
            end = _name_end(doc, k, sent_end)
            return [(k, end)] if end > k else []
    # "le pôle de sécurité Morpho": a kind word, what the unit does, then its name
    if kind.text in lex.lowercase_name_kinds and i + 2 < sent_end \
            and doc[i].lower_ in lex.de_words \
            and doc[i + 1].is_lower and doc[i + 1].pos_ == "NOUN" \
            and is_capitalized(doc[i + 2]) and not _names_a_person(doc[i + 2]):
        end = _name_end(doc, i + 2, sent_end)
        return [(i + 2, end)] if end > i + 2 else []
    # "le pôle édition", "la division imprimantes": these kind words only ever name units,
    # so a lower-case noun after them is a name too ("Pôle emploi" is a name as a whole)
    if plural and singular(kind.text) in lex.lowercase_name_kinds:
        listed = _bracketed_lowercase_names(doc, i, sent_end)
        if listed:
            return listed
    if kind.text in lex.lowercase_name_kinds and i < sent_end and doc[i].is_lower \
            and doc[i].pos_ in {"NOUN", "ADJ"} and doc[i].is_alpha \
            and i not in facts(doc)["nationality_starts"]:
        end = _lowercase_name_end(doc, i, sent_end)
        if end == i + 1 and (doc[i].lower_ in lex.descriptive_adjectives
                             or doc[i].pos_ == "ADJ" and _agrees_in_number(doc[i], kind[-1])):
            # "la branche européenne", "le pôle ibérique": an adjective agreeing with the
            # kind word describes the unit ("la division imprimantes" names one)
            return []
        return [(i, end)]
    if kind_singular in lex.company_kinds and i + 1 < sent_end \
            and i in facts(doc)["nationality_starts"] and doc[i].is_lower:
        i += 1  # "la filiale jordanienne Jordan Telecom", "la chaîne suisse RTS"
    if i < sent_end and is_general_word(doc[i]):
        return []  # "la Direction Générale (Exécutive)": headship, not a unit named "Générale"
    if i < sent_end and is_capitalized(doc[i]) and not _names_a_person(doc[i]):
        end = _name_end(doc, i, sent_end)
        if not plural:
            end = _listed_name_end(doc, end, sent_end)
        names = [(i, end)] if end > i else []
        if plural and names:
            names = _split_on_conjunction(doc, i, end)
            end = names[-1][1]
        return _listed_after(doc, names, sent_end) if plural else names
    return []


# a quoted name is a short noun phrase, not a quotation ("« pour davantage de … »")
QUOTED_NAME_MAX_TOKENS = 8
QUOTED_NAME_STARTS = {"NOUN", "PROPN", "ADJ", "X", "NUM"}
QUOTED_NAME_EXCLUDED = {"VERB", "AUX", "PRON", "SCONJ"}


def _says_something(token) -> bool:
    """A verb other than a participle (one used as an adjective: "systèmes embarqués")."""
    if token.pos_ == "VERB" and token.morph.get("VerbForm") == ["Part"]:
        return False
    return token.pos_ in QUOTED_NAME_EXCLUDED


def _quoted_names(doc: Doc, i: int, sent_end: int, plural: bool) -> list[tuple[int, int]]:
    """"la division « systèmes d'information »", "les activités « défense »", "les
    directions « Business », « Qualité » et « Achats »": a name in quotation marks right
    after the kind word (and its adjectives) is the unit's name, whatever its case."""
    lex = doc._.lexicon
    k = i
    while k < sent_end and k < i + 2 and doc[k].is_lower and doc[k].pos_ == "ADJ":
        k += 1  # "les directions opérationnelles « … »"
    names = []
    while k < sent_end and doc[k].text in lex.quote_marks:
        close = next((j for j in range(k + 1, min(sent_end, k + QUOTED_NAME_MAX_TOKENS + 2))
                      if doc[j].text in lex.quote_marks), None)
        if close is None:
            break
        start = k + 1
        while start < close and doc[start].lower_ in lex.determiners:
            start += 1  # "« l'avionique »": the article is not part of the name
        inside = doc[start:close]
        if not len(inside) or inside[0].pos_ not in QUOTED_NAME_STARTS \
                or any(_says_something(t) for t in inside):
            break
        if plural and "," in {t.text for t in inside}:
            names.extend(_split_on_conjunction(doc, start, close))
        else:
            names.append((start, close))
        if not plural:
            break
        k = close + 1
        if k < sent_end and doc[k].text == ",":
            k += 1
        if k < sent_end and doc[k].lower_ in lex.and_words:
            k += 1
    return names


def _listed_after(doc: Doc, names: list[tuple[int, int]], sent_end: int,
                  split: bool = False) -> list[tuple[int, int]]:
    """After a plural kind word, the names listed on after the first ones, each after a comma
    or "et": "les divisions SMS&P (PME et partenaires) et EPG (…)", "trois divisions, A, B et
    C"."""
    joints = doc._.lexicon.and_words | {","}
    names = list(names)
    j = skip_parenthesis(doc, names[-1][1], sent_end)
    while j + 1 < sent_end and doc[j].lower_ in joints and is_capitalized(doc[j + 1]) \
            and not _names_a_person(doc[j + 1]):
        nxt = _name_end(doc, j + 1, sent_end)
        names.extend(_split_on_conjunction(doc, j + 1, nxt) if split else [(j + 1, nxt)])
        j = skip_parenthesis(doc, nxt, sent_end)
    return names


def _agrees_in_number(adjective, noun) -> bool:
    plural = "Number=Plur" in str(adjective.morph)
    return plural == ("Number=Plur" in str(noun.morph) or noun.lower_.endswith(("s", "x")))


def _listed_name_end(doc: Doc, end: int, sent_end: int) -> int:
    """"la région Europe, Moyen-Orient et Afrique": after a singular kind word, a name goes
    on over a comma list of capitalised names that "et" closes (before other punctuation)."""
    and_words = doc._.lexicon.and_words
    j = end
    while j + 1 < sent_end and doc[j].text == "," and is_capitalized(doc[j + 1]):
        j = _name_end(doc, j + 1, sent_end)
    if j > end and j + 1 < sent_end and doc[j].lower_ in and_words \
            and is_capitalized(doc[j + 1]):
        return _name_end(doc, j + 1, sent_end)
    # the last name may have taken the "et" in ("Moyen-Orient et Afrique")
    return j if j > end and any(t.lower_ in and_words for t in doc[end:j]) else end


def _lowercase_name_end(doc: Doc, i: int, sent_end: int) -> int:
    """"imprimantes professionnelles", "ventes et marketing", "exploration-production": a
    noun with its adjectives and the words joined to it by "et" or a hyphen."""
    joints = doc._.lexicon.and_words | {"-"}
    end = i + 1
    while end + 1 < sent_end and (doc[end].pos_ == "ADJ" and doc[end].is_lower or (
            doc[end].lower_ in joints and doc[end + 1].is_lower
            and doc[end + 1].pos_ in {"NOUN", "ADJ"})):
        end += 1 if doc[end].pos_ == "ADJ" else 2
    return end


def _bracketed_lowercase_names(doc: Doc, i: int, sent_end: int) -> list[tuple[int, int]]:
    """"les divisions imprimantes (IPG), postes travail (PSG) et serveurs-stockage-logiciels
    (TSG)": lower-case names, each with its acronym in brackets (two at least)."""
    and_words = doc._.lexicon.and_words
    names, j = [], i
    while j < sent_end:
        end = j
        while end < sent_end and end - j < 6 and (
                doc[end].is_lower and doc[end].is_alpha or doc[end].text == "-"):
            end += 1
        if end == j or end >= sent_end or doc[end].text != "(":
            break
        names.append((j, end))
        j = skip_parenthesis(doc, end, sent_end)
        if j < sent_end and doc[j].text == ",":
            j += 1
        if j < sent_end and doc[j].lower_ in and_words:
            j += 1
    return names if len(names) >= 2 else []


def _split_on_conjunction(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """"Europe et Amérique du Nord" after a plural kind word names two units."""
    joints = doc._.lexicon.and_words | {","}
    names, begin = [], start
    for j in range(start + 1, end - 1):
        if doc[j].lower_ in joints and is_capitalized(doc[j + 1]):
            names.append((begin, j))
            begin = j + 1
    names.append((begin, end))
    return names


PARTICIPIAL_COMPLEMENT_REACH = 8  # "dédiée à la nutrition infantile": words up to the comma


def _past_participial_complement(doc: Doc, i: int, sent_end: int) -> int:
    """"une business unit dédiée à la nutrition infantile, baptisée X": past a participle
    saying what the unit does, to the comma before the naming word; else i."""
    if i >= sent_end or not doc[i].is_lower or doc[i].morph.get("VerbForm") != ["Part"]:
        return i
    for k in range(i + 1, min(sent_end, i + 1 + PARTICIPIAL_COMPLEMENT_REACH)):
        if doc[k].text == ",":
            return k
        if is_finite_verb(doc[k]) or doc[k].is_punct:
            return i
    return i


def skip_parenthesis(doc: Doc, i: int, sent_end: int) -> int:
    """The token after the bracketed aside starting at token i (i if none starts there)."""
    if i < sent_end and doc[i].text == "(":
        j = i + 1
        while j < sent_end and doc[j].text != ")":
            j += 1
        return min(j + 1, sent_end)
    return i


def _enumeration(doc: Doc, i: int, sent_end: int, closing: str | None) -> list[tuple[int, int]]:
    lex = doc._.lexicon
    joints = lex.and_words | lex.or_words | {","}
    names = []
    j = i
    while j < sent_end and (closing is None or doc[j].text != closing):
        while j < sent_end and doc[j].lower_ in joints:
            j += 1
        if j >= sent_end or not is_capitalized(doc[j]):
            break
        # inside a bracketed list an item runs to the next comma: "Business workplace"
        end = j + 1
        while end < sent_end and doc[end].text not in {",", ")", ";"} and \
                not (doc[end].lower_ in lex.and_words and doc[end - 1].text == ","):
            end += 1
        if closing is None:
            end = min(end, _name_end(doc, j, sent_end, allow_lower=True))
        names.append((j, end))
        j = end
        if closing is None:
            # "deux divisions : A dirigée par X et B placée sous …": skip to the next item
            while j < sent_end and doc[j].text not in {",", ";"} \
                    and doc[j].lower_ not in lex.and_words:
                j += 1
            if j + 1 < sent_end and doc[j + 1].ent_type_ == "PER":
                break
    return names


def _names_a_person(token) -> bool:
    """Is the token in what the NER calls a person with a first and a last name? A single
    word it calls a person after a kind word is the unit's name ("la division Zéphyr")."""
    if token.ent_type_ != "PER":
        return False
    ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
    return ent is None or len(ent) > 1


def _name_end(doc: Doc, i: int, sent_end: int, allow_lower: bool = True) -> int:
    """End of a unit name starting at capitalised token i: "Build-with", "PME et partenaires",
    "Plateforme et Ecosystème", "Data et Intelligence artificielle"."""
    lex = doc._.lexicon
    ampersand = lex.and_words | {"&"}
    j = i + 1
    while j < sent_end:
        token = doc[j]
        lower = token.lower_
        if token.is_space or (token.is_punct and lower not in UNIT_NAME_SYMBOLS):
            break
        if lower in UNIT_NAME_SYMBOLS:
            if j + 1 < sent_end and not doc[j + 1].is_punct:
                j += 2
                continue
            break
        if lower in lex.unit_name_connectors:
            k = j + 1
            while k < sent_end and doc[k].lower_ in lex.unit_connector_articles:
                k += 1
            if k < sent_end and (doc[k].lower_ in lex.kind_words
                                 or k in facts(doc)["unit_kind_starts"]):
                break  # "Systèmes et la division …", "Innovation du Groupe", "A et la zone B"
            if k in facts(doc)["title_word_ends"]:
                break  # "la zone A et président de Thales UK": a second post, not the name
            if k < sent_end and (is_capitalized(doc[k]) or
                                 (allow_lower and lower in ampersand and doc[k].pos_ == "NOUN")):
                if lower in lex.prepositions_de and k in facts(doc)["ent_starts"]:
                    break  # "division PME de Microsoft": Microsoft is the parent
                j = k + 1
                continue
            break
        if is_capitalized(token) or (token.like_num and is_capitalized(doc[j - 1])):
            j += 1  # "Microsoft 365"
            continue
        if allow_lower and token.is_lower and token.pos_ in {"NOUN", "ADJ"} \
                and is_capitalized(doc[j - 1]) and token.lower_ not in lex.unit_name_stops:
            j += 1
            continue
        break
    return j
