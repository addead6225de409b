"""People: PERSON mentions grouped under each person's longest name.

Candidates are the NER's PER entities, the PERSON rules (first names, learned names) and names
the NER missed in apposition to a title ("Delphine Ernotte, la nouvelle présidente"). Then:
honorifics are trimmed, things named after people ("la promotion René Char") and bylines are
left out, a single word in an employer slot ("directeur d'Activium") goes to the organisations,
short forms ("Kocher", "C. de Margerie") join the full name, and a name spelt two ways is one
person.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy
from spacy.attrs import ORTH, POS
from spacy.strings import get_string_id
from spacy.symbols import PROPN
from spacy.tokens import Doc, Span

from pipeline.components.organisations import after_title_preposition
from pipeline.grammar.facts import drop_overlaps, facts, tokens_with_text
from pipeline.grammar.tokens import is_capitalized
from pipeline.matching import strip_accents

PROPN_ID = int(PROPN)
HYPHEN_ID = get_string_id("-")
CREDIT_LINE_TOKENS = 8
BYLINE_LINE_TOKENS = 14  # "Par AFP Par X Y © 2026 AFP | 12/03/2026 à 10h05"


def find_people(doc: Doc, rules: list[Span], is_denied, title_tokens: set[int],
                title_starts: set[int] = frozenset()) -> tuple[list[Span], list[Span]]:
    """Person mentions with ``kb_id_`` set to the person's longest name.

    Returns the people and the PER spans that are better read as organisations (a single
    word right after "directeur de", which no full name of the article explains).
    """
    lex = doc._.lexicon
    candidates = [e for e in facts(doc)["ents"] if e.label_ == "PER"]
    candidates += [s for s in rules if s.label_ == "PERSON"]
    candidates += _rescued_people(doc, title_starts, title_tokens)
    as_orgs_early: list[Span] = []
    mentions = []
    first_name_starts = {s.start for s in rules if s.label_ == "PERSON"}
    intro_starts = {s.start for s in rules if s.label_ == "ORG_INTRO"}
    for span in candidates:
        if is_denied("PERSON", span) or _named_after_a_person(doc, span):
            continue
        trimmed = trim_person(doc, span)
        if trimmed is None or any(i in title_tokens for i in range(trimmed.start, trimmed.end)):
            continue
        if any(t.text in lex.company_name_words for t in trimmed[1:]):
            as_orgs_early.append(trimmed)  # "Attila Technologies": a company's name
            continue
        if _named_company(doc, trimmed):
            as_orgs_early.append(Span(doc, trimmed.start, trimmed.end + 1, label="ORG"))
            continue
        if any(t.text in lex.event_name_words for t in trimmed[1:]):
            continue  # "Imagine Cup": an event, neither a person nor an organisation
        if trimmed.start not in first_name_starts and introduced_as_company(
                doc, trimmed.start, intro_starts):
            as_orgs_early.append(trimmed)  # "le cabinet d'avocats McCarthy Tetrault"
            continue
        mentions += _split_run_together(trimmed, first_name_starts)
    # "Ancien DAF de Norsk Kraft": a "name" in an employer slot is an organisation, unless
    # it starts with a known first name.
    name_words = {w.lower() for m in mentions if len(m.text.split()) >= 2 for w in m.text.split()}
    kept = []
    for m in mentions:
        known = len(m.text.split()) == 1 and m.text.lower() in name_words
        # "d'isabelle Kocher": a first name typed in lower case still starts a person's name
        typo = (len(m) > 1 and m[0].is_lower and m[0].pos_ == "PROPN"
                and m[0].lower_ not in lex.determiners | lex.prepositions_de
                and is_capitalized(m[-1]))
        if m.start not in first_name_starts and not known and not typo \
                and after_title_preposition(doc, m, title_tokens):
            as_orgs_early.append(m)
        else:
            kept.append(m)
    mentions = kept
    full_names = [m for m in mentions if len(m.text.split()) >= 2]
    full_name_texts = sorted({m.text for m in full_names})
    by_token: dict[str, list[str]] = {}
    for m in full_names:
        for word in m.text.split():
            by_token.setdefault(word.lower(), []).append(m.text)
    people, as_orgs = [], []
    seen = set()
    for m in mentions:
        if (m.start, m.end) in seen:
            continue
        seen.add((m.start, m.end))
        words = m.text.split()
        if len(words) >= 2:
            canonical = _longest_containing(m.text, full_name_texts)
        else:
            owners = by_token.get(m.text.lower(), [])
            if owners:
                canonical = max(owners, key=len)
            elif after_title_preposition(doc, m, title_tokens):
                as_orgs.append(m)
                continue
            else:
                # a lone first name or surname no full name explains is not reported
                continue
        span = Span(doc, m.start, m.end, label="PERSON", kb_id=canonical)
        people.append(span)
    people += _repeated_names(doc, people, title_tokens)
    people = [span for span in people if not _is_credit(doc, span)]
    return _merge_spelling_variants(doc, drop_overlaps(people)), as_orgs + as_orgs_early


# lower-case words between a word that says what kind of body follows and the body's name
# ("le cabinet de conseil en recrutement X")
INTRO_COMPLEMENT_REACH = 6
INTRO_COMPLEMENT_POS = {"NOUN", "ADJ", "ADP", "DET"}


def introduced_as_company(doc: Doc, start: int, intro_starts: set[int]) -> bool:
    """"le cabinet d'avocats McCarthy Tetrault", "le laboratoire Schering Plough", "l'allemand
    Hannover Rück": a name right after the word that says what kind of body it is (and that
    word's lower-case complement), or after a nationality used as a noun, is a body's name.
    "le cabinet de Paul Girard" is his: "de" right before the name makes it a person's."""
    j = start - 1
    if j < 0 or doc[j].lower_ in doc._.lexicon.prepositions_de:
        return False
    # "l'allemand Hannover Rück"; "le Britannique Alex Cresswell", capitalised, is a person
    if j in facts(doc)["nationality_starts"] and doc[j].is_lower and j > 0 \
            and doc[j - 1].lower_ in doc._.lexicon.articles_definite:
        return True
    while j >= 0 and start - j <= INTRO_COMPLEMENT_REACH:
        if j in intro_starts:
            return True
        if not (doc[j].is_lower and doc[j].pos_ in INTRO_COMPLEMENT_POS
                or doc[j].text in {"'", "’"}):
            return False  # "le fabricant indique que X": a new clause, X its subject
        j -= 1
    return False


def split_names_after_companies(doc: Doc, rules: list[Span]) -> None:
    """"le PDG de Renault Carlos Ghosn", "la directrice de Norsys Julie Roux": the NER often
    reads a company and the name after it as one entity. Where a known first name starts
    inside an entity, after capitalised words that are neither a title, a nationality nor an
    honorific, the entity is split: the words before are an organisation, the rest a person.
    Rewrites ``doc.ents``; call before anything reads them."""
    first_names = {s.start for s in rules if s.label_ == "PERSON"}
    if not first_names:
        return
    describing = {i for s in rules if s.label_ in {"TITLE", "NATIONALITY", "PLACE"}
                  for i in range(s.start, s.end)}
    honorifics = doc._.lexicon.honorifics
    ents, changed = [], False
    for ent in doc.ents:
        inside = next((i for i in range(ent.start + 1, ent.end - 1)
                       if i in first_names and is_capitalized(doc[i + 1])), None)
        if inside is None or ent.start in first_names or ent.label_ not in {"PER", "ORG"} \
                or any(not is_capitalized(t) or t.i in describing or t.lower_ in honorifics
                       for t in doc[ent.start:inside]):
            ents.append(ent)
            continue
        ents += [Span(doc, ent.start, inside, label="ORG"), Span(doc, inside, ent.end, label="PER")]
        changed = True
    if changed:
        doc.ents = ents


def _split_run_together(span: Span, first_name_starts: set[int]) -> list[Span]:
    """"sous l'autorité de Philippe Petitcolin Olivier Andries a acquis …": two names the
    lost full stop ran together, split where a known first name follows a first name and a
    surname."""
    for i in range(span.start + 2, span.end):
        if i in first_name_starts and i - 2 in first_name_starts \
                and is_capitalized(span.doc[i - 1]):
            return [span.doc[span.start:i], *_split_run_together(span.doc[i:span.end],
                                                                  first_name_starts)]
    return [span]


def trim_person(doc: Doc, span: Span) -> Span | None:
    """The name in an NER person span: without honorifics, bare letters, punctuation, nor
    what follows a lower-case word that is no particle of a name."""
    lex = doc._.lexicon
    honorifics = lex.honorifics
    start, end = span.start, span.end
    while start < end and (doc[start].lower_ in honorifics or doc[start].is_punct
                           or _is_bare_letter(doc, start)):
        start += 1
    # "Edouard Philippe à Matignon": a lower-case word that is no particle ends the name
    particles = lex.name_particles
    end = next((i for i in range(start + 1, end)
                if doc[i].is_lower and doc[i].is_alpha and doc[i].lower_ not in particles), end)
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space
                           or doc[end - 1].is_lower and doc[end - 1].lower_ not in particles):
        end -= 1  # "Léa Martin - photos": a name ends on a name
    if start >= end or not any(is_capitalized(t) for t in doc[start:end]):
        return None
    return doc[start:end]


def _is_bare_letter(doc: Doc, i: int) -> bool:
    """"A Mayol, Montpellier …" ("À Mayol"), "le P Smart": a capital letter with no full
    stop after it is no initial ("J. Martin") but a word of its own."""
    token = doc[i]
    return len(token.text) == 1 and token.text.isupper() \
        and (i + 1 >= len(doc) or doc[i + 1].text != ".")


def _name_shaped(span: Span) -> bool:
    """Two to four capitalised words, as a person's name is written."""
    particles = span.doc._.lexicon.name_particles
    tokens = [t for t in span if not t.is_punct or t.text == "-"]
    return 2 <= len(tokens) <= 4 and all(
        t.text[:1].isupper() and not t.is_upper or t.lower_ in particles
        for t in tokens) and tokens[0].text[:1].isupper()


def _followed_by_title(doc: Doc, span: Span, title_starts: set[int]) -> bool:
    """"Delphine Ernotte, la nouvelle présidente": a name in apposition to a title."""
    lex = doc._.lexicon
    j = span.end
    if j >= len(doc) or doc[j].text != ",":
        return False
    j += 1
    for _ in range(4):
        if j in title_starts:
            return True
        if j < len(doc) and (doc[j].lower_ in lex.determiners or doc[j].pos_ == "ADJ"
                             or doc[j].like_num or doc[j].lower_ in lex.title_lead_words):
            j += 1
            continue
        return False
    return False


def _rescued_people(doc: Doc, title_starts: set[int], title_tokens: set[int]) -> list[Span]:
    """Names the NER missed or mislabelled (LOC, MISC) that stand in apposition to a title."""
    known = facts(doc)
    found = [e for e in known["ents"] if e.label_ in {"LOC", "MISC"}]
    blocked = set(known["ent_at"]) | title_tokens
    tags = doc.to_array([POS, ORTH]).reshape(len(doc), 2)
    in_name = (tags[:, 0] == PROPN_ID) | (tags[:, 1] == HYPHEN_ID)
    i = 0
    for start in numpy.flatnonzero(tags[:, 0] == PROPN_ID).tolist():
        if start < i or start in blocked:
            continue
        i = start
        while i < len(doc) and i - start < 4 and in_name[i] and i not in blocked:
            i += 1
        found.append(doc[start:i])
    return [s for s in found if _name_shaped(s) and _followed_by_title(doc, s, title_starts)]


def spelling_key(name: str) -> str:
    """"Rodolphe Bellmer" and "Rodolphe Belmer", "Gilles Pelisson" and "Gilles Pélisson":
    the same name without accents, case or doubled letters."""
    folded = strip_accents(name).lower()
    return re.sub(r"(\w)\1+", r"\1", folded)


def _merge_spelling_variants(doc: Doc, people: list[Span]) -> list[Span]:
    """A full name spelt two ways in one article (a typo, a dropped accent, a letter more or
    less, a surname cut short) is one person, listed under the spelling the article uses
    most (the longer one on ties)."""
    counts = Counter(span.kb_id_ for span in people)
    by_key: dict[str, str] = {}
    kept: list[str] = []
    for name, _ in sorted(counts.items(), key=lambda item: (-item[1], -len(item[0]))):
        if len(name.split()) < 2:
            continue
        key = spelling_key(name)
        if key in by_key:
            continue
        variant_of = next((other for other in kept if is_misspelling(name, other)), None)
        by_key[key] = variant_of or name
        if variant_of is None:
            kept.append(name)
    return [Span(doc, s.start, s.end, label="PERSON",
                 kb_id=by_key.get(spelling_key(s.kb_id_), s.kb_id_)) for s in people]


MISSPELT_MIN_LENGTH = 5  # a surname this long may differ by one letter and be the same
CUT_MIN_LENGTH = 5       # a surname cut after this many letters is the same ("Merca…")
GENDER_ENDING = 2        # the last letters of a first name, which may mark its gender


def is_misspelling(name: str, other: str) -> bool:
    """"Philippe Petiticolin" for "Philippe Petitcolin", "François Kayat" for "François
    Khayat", "Françoise Merca" for "Françoise Mercadal-Delasalles": the same first name, and
    a surname one letter away or cut short; or the same surname and a first name one letter
    away ("Rodophe Belmer")."""
    first, _, surname = spelling_key(name).partition(" ")
    other_first, _, other_surname = spelling_key(other).partition(" ")
    if surname and surname == other_surname and first != other_first:
        # "Rodophe Belmer" for "Rodolphe Belmer": the first name one letter away, but not in
        # its ending, where French first names mark gender ("Denis" and "Denise",
        # "Alexandre" and "Alexandra", "Stéphane" and "Stéphanie" are two people)
        short = min(first, other_first, key=len)
        differs_at = next((k for k, (a, b) in enumerate(zip(first, other_first)) if a != b),
                          len(short))
        return len(short) >= MISSPELT_MIN_LENGTH and differs_at < len(short) - GENDER_ENDING \
            and _one_edit_apart(first, other_first)
    if first != other_first or not surname or not other_surname or surname == other_surname:
        return False
    if len(surname) >= CUT_MIN_LENGTH and other_surname.startswith(surname):
        return True
    return min(len(surname), len(other_surname)) >= MISSPELT_MIN_LENGTH \
        and _one_edit_apart(surname, other_surname)


def _one_edit_apart(a: str, b: str) -> bool:
    """One letter inserted, deleted or changed."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k in range(len(a)) if a[k] != b[k]), len(a))
    return a[i + (len(a) == len(b)):] == b[i + 1:]


def _named_company(doc: Doc, span: Span) -> bool:
    """"Louis Hachette group", "Roland Berger Partners": a founder's name followed by a word
    that makes it a company's, which the NER left out of the name."""
    return span.end < len(doc) and not doc[span.end].is_sent_start \
        and doc[span.end].text.capitalize() in doc._.lexicon.company_name_words


def _named_after_a_person(doc: Doc, span: Span) -> bool:
    """Things named after people: "la promotion René Char" (ENA), "le porte-aéronefs Jeanne
    d'Arc", "l'affaire Benalla", "le lycée Henri-IV"."""
    named_after = doc._.lexicon.named_after_words
    first = span[0].lower_
    j = span.start - 1
    while j >= 0 and (doc[j].text in {'"', "«", "“", ":"} or doc[j].is_space):
        j -= 1  # past the quotes around the name
    return first in named_after or (j >= 0 and doc[j].lower_ in named_after)


def _is_credit(doc: Doc, span: Span) -> bool:
    """A byline or a photo credit, which GOLD_FORMAT leaves out: a short line "par X", or a
    name followed by "/ AGENCY" ("— X / POOL / AFP")."""
    if span.end + 1 < len(doc) and doc[span.end].text == "/" and doc[span.end + 1].is_upper:
        return True
    start = span.start
    while start > 0 and "\n" not in doc[start - 1].text:
        start -= 1
    end = span.end
    while end < len(doc) and "\n" not in doc[end].text:
        end += 1
    lex = doc._.lexicon
    if doc[start].lower_ in lex.byline_words and start + 1 == span.start \
            and end - start <= CREDIT_LINE_TOKENS:
        return True
    # "Par AFP Par Claire Dubois © 2026 AFP": a byline line naming the agency, then the author
    if doc[start].lower_ in lex.byline_words and doc[span.start - 1].lower_ in lex.byline_words \
            and end - start <= BYLINE_LINE_TOKENS:
        return True
    ends_line = end - span.end <= 2
    if end == span.end and (_signs_off(doc, start, span.start) or _signs_off(
            doc, span.start, next((t.i + 1 for t in span if t.text in DASHES), span.start))):
        return True  # the NER may take the initials in: "MC - Didier Plowy" as one name
    # "…, directeur général d'Auchan France - photos X": a credit word right before a name
    # that ends its line credits it, however long the caption it closes
    j = span.start - 1
    while j > start and doc[j].text in {":", "-", "–", "—"}:
        j -= 1
    if ends_line and j >= start and doc[j].lower_ in lex.credit_words:
        return True
    # "(Edité par X)", "Publié le 12-09-2017 par X", "photos X": the credit words shortly
    # before the name, on a line of its own or in brackets
    start = max(start, span.sent.start)  # the caption a credit ends, not the whole line
    bracketed = [t for t in doc[max(start, span.start - 3):span.start] if t.text == "("]
    line = doc[bracketed[-1].i if bracketed else start:span.start]
    closes = ends_line and end - start <= CREDIT_LINE_TOKENS + 4
    return (closes or bool(bracketed)) and any(t.lower_ in lex.credit_words for t in line)


SENTENCE_ENDS = {".", "!", "?", "»"}
DASHES = {"-", "–", "—"}
CREDIT_INITIALS_LENGTH = 4  # "MC - X", "AFP - X": a photographer's or agency's initials


def _signs_off(doc: Doc, line_start: int, name_start: int) -> bool:
    """"… de l'informatique des CFF. Julien Culet", "MC - Didier Plowy": a name closing its
    line right after the line's last sentence, or after initials and a dash, signs the text
    or credits a photo."""
    k = name_start - 1
    if k < line_start:
        return False  # a name alone on its line may be an item of a list
    if doc[k].text in SENTENCE_ENDS:
        return True
    return doc[k].text in DASHES and k > line_start and all(
        t.is_upper and len(t) <= CREDIT_INITIALS_LENGTH for t in doc[line_start:k])


def _repeated_names(doc: Doc, people: list[Span], title_tokens: set[int]) -> list[Span]:
    """Later mentions of a known person the NER did not tag: the full name or the surname."""
    forms: dict[str, str] = {}
    for span in people:
        canonical = span.kb_id_
        words = canonical.split()
        forms.setdefault(canonical, canonical)
        if len(words) >= 2 and len(words[-1]) > 2 and words[-1][0].isupper():
            forms.setdefault(words[-1], canonical)
    ent_tokens = facts(doc)["ent_at"]
    text = doc.text  # Doc.text is rebuilt on every access
    found = []
    # A token can start a form only if its text begins the form.
    prefixes = {form[:k] for form in forms for k in range(1, len(form) + 1)}
    for i in tokens_with_text(doc, prefixes):
        if not doc[i].text[:1].isupper() or i in ent_tokens or i in title_tokens:
            continue
        for form, canonical in forms.items():
            span = _match_form(doc, text, i, form)
            if span is not None and not any(t in ent_tokens for t in range(span.start, span.end)):
                found.append(Span(doc, span.start, span.end, label="PERSON", kb_id=canonical))
    return found


def _match_form(doc: Doc, text: str, i: int, form: str) -> Span | None:
    """The tokens from i whose text is exactly `form`, if any."""
    end_char = doc[i].idx + len(form)
    if text[doc[i].idx:end_char] != form:
        return None
    return doc.char_span(doc[i].idx, end_char)


def _longest_containing(text: str, full_names: list[str]) -> str:
    """The longest full name that contains this one, or that it abbreviates ("C. de
    Margerie" → "Christophe de Margerie")."""
    best = text
    first, _, rest = text.partition(" ")
    initial = first[0] if len(first) == 2 and first.endswith(".") and first[0].isupper() \
        else None
    for other in full_names:
        if len(other) <= len(best):
            continue
        if f" {text} " in f" {other} " or (initial and other.startswith(initial)
                                          and other.endswith(" " + rest)
                                          and not other.partition(" ")[0].endswith(".")):
            best = other
    return best
