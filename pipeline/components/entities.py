"""Entity resolution: people, organisations, job titles and named units as span groups.

Inputs are the statistical NER (``doc.ents``) and the rule matches of the ``entity_rules``
SpanRuler (``doc.spans["rules"]``: TITLE heads, UNIT_KIND words, fixed UNIT names, learned
PERSON/ORG entries and NOT_* deny entries). Output groups: ``PERSON`` (``kb_id_`` = the person's
longest name), ``ORG``, ``TITLE`` (extended to the whole title) and ``UNIT`` (the unit's name,
``kb_id_`` = its kind word). The French NER is weakest on ORG, so the rules here repair its
usual mistakes: an employer labelled PER or MISC after a title, "Microsoft" + "France" split in
two, a person's honorific inside the name.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import partial
from pathlib import Path

import numpy
from spacy.attrs import LOWER, ORTH, POS
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.symbols import PROPN
from spacy.tokens import Doc, Span, Token

from pipeline.components.mentions import (
    DETERMINERS, HONORIFICS, PREPOSITIONS_DE, is_capitalized,
)
from pipeline.matching import normalize_org, strip_accents

ORG_SLOT_WORDS = PREPOSITIONS_DE | {"chez", "rejoint", "rejoindra", "rejoindre", "quitte",
                                    "quitter", "intègre", "intégrer"}
NAME_CONNECTORS = {"et", "&", "de", "du", "des", "d'", "d’", "-", "+", "/", "en", "for", "of",
                   "and", "la", "l'", "l’"}
TITLE_MODIFIER_POS = {"ADJ"}
KIND_WORDS = {"pôle", "division", "direction", "département", "entité", "unité", "filiale",
              "branche", "segment", "groupe", "société"}
TITLE_COMPLEMENT_STARTERS = {"de", "du", "des", "d'", "d’", "aux", "à", "en"}
# "délégué à la stratégie" is a title, "délégué à l'époque" a time: these nouns end it.
TIME_NOUNS = {"époque", "heure", "moment", "jour", "date", "instant", "occasion"}
COUNTRY_LIKE_LABELS = {"LOC"}
PROPN_ID = int(PROPN)
HYPHEN_ID = get_string_id("-")


@Language.factory(
    "organigramme_entities",
    assigns=["doc.spans"],
    requires=["doc.ents", "token.pos"],
    default_config={"rules_key": "rules"},
)
def make_entity_resolver(nlp: Language, name: str, rules_key: str) -> "EntityResolver":
    return EntityResolver(name, rules_key, common_words(nlp))


def common_words(nlp: Language) -> frozenset[str]:
    """French common nouns and adjectives the model's lemmatizer knows ("marketing",
    "république"): a capitalised one alone is a title's complement, not an employer."""
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return frozenset()
    index = lookups.get_table("lemma_index")
    return frozenset(w for pos in ("noun", "adj") if pos in index for w in index[pos])


class EntityResolver:
    """Turns NER and rule matches into the PERSON / ORG / TITLE / UNIT span groups."""

    def __init__(self, name: str, rules_key: str = "rules", common: frozenset[str] = frozenset()):
        self.name = name
        self.rules_key = rules_key
        self.common = common

    def __call__(self, doc: Doc) -> Doc:
        rules = list(doc.spans.get(self.rules_key, []))
        try:
            resolve_entities(doc, rules, self.common)
        finally:
            _doc_cache.clear()
        return doc

    def to_disk(self, path, exclude=tuple()):
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "cfg.json").write_text(json.dumps({"rules_key": self.rules_key}))

    def from_disk(self, path, exclude=tuple()):
        cfg = json.loads((Path(path) / "cfg.json").read_text())
        self.rules_key = cfg["rules_key"]
        return self


# Doc.ents and doc.spans[...] build new Span objects on every access: what the helpers below
# ask of them is computed once per doc (and cleared after the component runs).
_doc_cache: dict = {}


def _facts(doc: Doc) -> dict:
    if _doc_cache.get("doc") is not doc:
        _doc_cache.clear()
        ents = list(doc.ents)
        # doc.spans builds new Span objects on each pass: one pass, grouped by label
        by_label: dict[str, list[Span]] = {"NATIONALITY": [], "PLACE": [], "ORG_HEAD": [],
                                           "ORG": []}
        for span in doc.spans.get("rules", []):
            if span.label_ in by_label:
                by_label[span.label_].append(span)
        _doc_cache.update(
            doc=doc, ents=ents, ent_at={i: e for e in ents for i in range(e.start, e.end)},
            ent_starts={e.start for e in ents},
            countries={s.id_ for s in by_label["NATIONALITY"]},
            nationality_starts={s.start for s in by_label["NATIONALITY"]},
            places={s.text.lower() for s in by_label["PLACE"]},
            place_ends={s.start: s.end for s in by_label["PLACE"]},
            org_heads={s.start for s in by_label["ORG_HEAD"]},
            # "le tribunal administratif de Paris": a name the rules know, begun in lower case
            lower_case_names={(s.start, s.end) for s in by_label["ORG"] if s[0].is_lower},
            lower_case_name_starts={s.start for s in by_label["ORG"] if s[0].is_lower})
    return _doc_cache


def resolve_entities(doc: Doc, rules: list[Span], common: frozenset[str] = frozenset()) -> None:
    denied = {(s.label_[4:], s.start, s.end) for s in rules if s.label_.startswith("NOT_")}
    denied_texts = {(s.label_[4:], s.text.lower()) for s in rules if s.label_.startswith("NOT_")}

    def is_denied(label: str, span: Span) -> bool:
        return (label, span.start, span.end) in denied or (label, span.text.lower()) in denied_texts

    modifiers = {i for s in rules if s.label_ == "TITLE_MODIFIER" for i in range(s.start, s.end)}
    stops = {i for s in rules if s.label_ == "NOT_TITLE_MODIFIER" for i in range(s.start, s.end)}
    titles = find_titles(doc, rules, is_denied, modifiers, common, stops)
    title_tokens = {i for s in titles for i in range(s.start, s.end)}
    units = find_units(doc, rules, is_denied)
    unit_tokens = {i for s in units for i in range(s.start, s.end)}

    title_starts = {s.start for s in titles}
    people, org_candidates = find_people(doc, rules, is_denied, title_tokens, title_starts)
    orgs = find_organizations(doc, rules, is_denied, people, title_tokens, unit_tokens,
                              org_candidates, common)
    # A title extends up to an organisation or unit named in it: cut it there.
    boundaries = {s.start for s in orgs} | {s.start for s in units} | {s.start for s in people}
    titles = [_cut_title(doc, t, boundaries) for t in titles]
    doc.spans["PERSON"] = people
    doc.spans["ORG"] = orgs
    doc.spans["TITLE"] = [t for t in titles if t is not None]
    doc.spans["UNIT"] = units


# --- people -----------------------------------------------------------------------------

def _trim_person(doc: Doc, span: Span) -> Span | None:
    start, end = span.start, span.end
    while start < end and (doc[start].lower_ in HONORIFICS or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if start >= end or not any(is_capitalized(t) for t in doc[start:end]):
        return None
    return doc[start:end]


def _after_title_preposition(doc: Doc, span: Span, title_tokens: set[int]) -> bool:
    """'directeur général d'Activium': a name right after title + de/chez is an employer."""
    i = span.start - 1
    if i < 0 or doc[i].lower_ not in ORG_SLOT_WORDS:
        return False
    j = i - 1
    while j >= 0 and j >= i - 4:
        if j in title_tokens:
            return True
        if doc[j].is_punct:
            return False
        j -= 1
    return doc[i].lower_ in {"chez", "rejoint", "rejoindra", "rejoindre", "intègre"}


def _name_shaped(span: Span) -> bool:
    """Two to four capitalised words, as a person's name is written."""
    tokens = [t for t in span if not t.is_punct or t.text == "-"]
    return 2 <= len(tokens) <= 4 and all(
        t.text[:1].isupper() and not t.is_upper or t.lower_ in {"de", "du", "van", "von", "le",
                                                                 "la", "d'", "d’", "-"}
        for t in tokens) and tokens[0].text[:1].isupper()


def _followed_by_title(doc: Doc, span: Span, title_starts: set[int]) -> bool:
    """"Delphine Ernotte, la nouvelle présidente": a name in apposition to a title."""
    j = span.end
    if j >= len(doc) or doc[j].text != ",":
        return False
    j += 1
    for _ in range(4):
        if j in title_starts:
            return True
        if j < len(doc) and (doc[j].lower_ in DETERMINERS or doc[j].pos_ == "ADJ"
                             or doc[j].like_num or doc[j].lower_ in {"ans", ",", "ex", "ancien",
                                                                      "ancienne"}):
            j += 1
            continue
        return False
    return False


def _rescued_people(doc: Doc, title_starts: set[int], title_tokens: set[int]) -> list[Span]:
    """Names the NER missed or mislabelled (LOC, MISC) that stand in apposition to a title."""
    facts = _facts(doc)
    found = [e for e in facts["ents"] if e.label_ in {"LOC", "MISC"}]
    blocked = set(facts["ent_at"]) | title_tokens
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


def find_people(doc: Doc, rules: list[Span], is_denied, title_tokens: set[int],
                title_starts: set[int] = frozenset()) -> tuple[list[Span], list[Span]]:
    """Person mentions with ``kb_id_`` set to the person's longest name.

    Returns the people and the PER spans that are better read as organisations (a single
    word right after "directeur de", which no full name of the article explains).
    """
    candidates = [e for e in _facts(doc)["ents"] if e.label_ == "PER"]
    candidates += [s for s in rules if s.label_ == "PERSON"]
    candidates += _rescued_people(doc, title_starts, title_tokens)
    as_orgs_early: list[Span] = []
    mentions = []
    for span in candidates:
        if is_denied("PERSON", span) or _named_after_a_person(doc, span):
            continue
        trimmed = _trim_person(doc, span)
        if trimmed is None or any(i in title_tokens for i in range(trimmed.start, trimmed.end)):
            continue
        mentions.append(trimmed)
    # "Ancien DAF de Norsk Kraft": a "name" in an employer slot is an organisation, unless
    # it starts with a known first name.
    first_name_starts = {s.start for s in rules if s.label_ == "PERSON"}
    name_words = {w.lower() for m in mentions if len(m.text.split()) >= 2 for w in m.text.split()}
    kept = []
    for m in mentions:
        known = len(m.text.split()) == 1 and m.text.lower() in name_words
        # "d'isabelle Kocher": a first name typed in lower case still starts a person's name
        typo = (len(m) > 1 and m[0].is_lower and m[0].pos_ == "PROPN"
                and m[0].lower_ not in DETERMINERS | PREPOSITIONS_DE and is_capitalized(m[-1]))
        if m.start not in first_name_starts and not known and not typo \
                and _after_title_preposition(doc, m, title_tokens):
            as_orgs_early.append(m)
        else:
            kept.append(m)
    mentions = kept
    full_names = [m for m in mentions if len(m.text.split()) >= 2 or "-" in m.text.strip("-")]
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
            elif _after_title_preposition(doc, m, title_tokens):
                as_orgs.append(m)
                continue
            else:
                # a lone first name or surname no full name explains is not reported
                continue
        span = Span(doc, m.start, m.end, label="PERSON", kb_id=canonical)
        people.append(span)
    people += _repeated_names(doc, people, title_tokens)
    people = [span for span in people if not _is_credit(doc, span)]
    return _merge_spelling_variants(doc, _drop_overlaps(people)), as_orgs + as_orgs_early


def spelling_key(name: str) -> str:
    """"Rodolphe Bellmer" and "Rodolphe Belmer", "Gilles Pelisson" and "Gilles Pélisson":
    the same name without accents, case or doubled letters."""
    folded = strip_accents(name).lower()
    return re.sub(r"(\w)\1+", r"\1", folded)


def _merge_spelling_variants(doc: Doc, people: list[Span]) -> list[Span]:
    """A full name spelt two ways in one article (a typo, a dropped accent) is one person,
    listed under the spelling the article uses most."""
    counts = Counter(span.kb_id_ for span in people)
    by_key: dict[str, str] = {}
    for name, _ in counts.most_common():
        if len(name.split()) >= 2:
            by_key.setdefault(spelling_key(name), name)
    return [Span(doc, s.start, s.end, label="PERSON",
                 kb_id=by_key.get(spelling_key(s.kb_id_), s.kb_id_)) for s in people]


# Things named after people: "la promotion René Char" (ENA), "le porte-aéronefs Jeanne
# d'Arc", "l'affaire Benalla", "le lycée Henri-IV".
NAMED_AFTER_WORDS = {"promotion", "porte-avions", "porte-aéronefs", "frégate", "navire",
                     "affaire", "lycée", "collège", "rue", "avenue", "boulevard", "quai",
                     "prix", "fondation", "stade", "musée", "hôpital", "université"}


def _named_after_a_person(doc: Doc, span: Span) -> bool:
    first = span[0].lower_
    j = span.start - 1
    while j >= 0 and (doc[j].text in {'"', "«", "“", ":"} or doc[j].is_space):
        j -= 1  # past the quotes around the name
    return first in NAMED_AFTER_WORDS or (j >= 0 and doc[j].lower_ in NAMED_AFTER_WORDS)


BYLINE_WORDS = {"par", "by"}
CREDIT_LINE_TOKENS = 8


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
    return (doc[start].lower_ in BYLINE_WORDS and start + 1 == span.start
            and end - start <= CREDIT_LINE_TOKENS)


def _repeated_names(doc: Doc, people: list[Span], title_tokens: set[int]) -> list[Span]:
    """Later mentions of a known person the NER did not tag: the full name or the surname."""
    forms: dict[str, str] = {}
    for span in people:
        canonical = span.kb_id_
        words = canonical.split()
        forms.setdefault(canonical, canonical)
        if len(words) >= 2 and len(words[-1]) > 2 and words[-1][0].isupper():
            forms.setdefault(words[-1], canonical)
    ent_tokens = _facts(doc)["ent_at"]
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


def tokens_with_text(doc: Doc, texts: set[str], attr: int = ORTH) -> list[int]:
    """Indices of the tokens whose text (or `attr`, such as LOWER) is one of `texts`: one
    vectorised lookup, where a loop over the doc's tokens costs a Token object each."""
    if not texts or not len(doc):
        return []
    wanted = numpy.fromiter((get_string_id(t) for t in texts), dtype="uint64", count=len(texts))
    return numpy.flatnonzero(numpy.isin(doc.to_array(attr), wanted)).tolist()


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


# --- organisations ----------------------------------------------------------------------

# A name does not run across these: "Big Blue : « On ne …»" is "Big Blue".
NAME_BREAKS = {":", ";", "«", "»", "“", "”", '"', ">", "|", "(", ")", "[", "]"}
NAME_TAIL_WORDS = {"de", "du", "des", "d'", "d’", "et", "la", "le", "les", "l'", "l’", "à", "au",
                   "aux", "en", "sur", "pour"}


def _trim_org(doc: Doc, span: Span) -> Span | None:
    start, end = span.start, span.end
    keep_lower = (start, end) in _facts(doc)["lower_case_names"]
    while start < end and (doc[start].is_punct or doc[start].lower_ in DETERMINERS
                           or (doc[start].is_lower and doc[start].lower_ != "groupe"
                               and not keep_lower)):
        start += 1
    for k in range(start, end):
        if doc[k].text in NAME_BREAKS or (
                doc[k].text in {"–", "—", "-"} and k + 1 < end and k > start
                and doc[k].whitespace_ and doc[k + 1].lower_ in BODY_WORDS):
            end = k  # "Mauritius Telecom – Conseil d'administration": a body of it follows
            break
    while end > start and (doc[end - 1].is_punct and doc[end - 1].text not in {"+", "&"}
                           or doc[end - 1].is_space or doc[end - 1].lower_ in NAME_TAIL_WORDS):
        end -= 1
    if start >= end or not (keep_lower or any(is_capitalized(t) for t in doc[start:end])):
        return None
    return doc[start:end]


EMPLOYER_SLOT_WORDS = {"chez", "rejoint", "rejoindra", "rejoindre", "rejoignent", "intègre",
                       "intégrer", "quitte", "quitter", "quittera", "rallie", "rallié",
                       "rachète", "racheter", "racheté", "rachetée"}


def _in_org_slot(doc: Doc, span: Span, title_tokens: set[int], intro_ends: set[int]) -> bool:
    """Where a name can only be an organisation: "directeur d'X", "chez X", "rejoint X",
    "arrive d'X", "filiale d'X", "la société X", "le géant des services pétroliers X"."""
    if _after_title_preposition(doc, span, title_tokens):
        return True
    i = span.start - 1
    if i < 0:
        return False
    if doc[i].lower_ in EMPLOYER_SLOT_WORDS:
        return True
    if doc[i].lower_ in PREPOSITIONS_DE and i > 0 and doc[i - 1].lower_ in {
            "arrive", "arrivé", "arrivée", "vient", "venu", "venue", "filiale", "issu", "issue",
            "passé", "passée", "ancien", "ancienne", "patron", "patronne", "actionnaire",
            "diplômé", "diplômée", "diplômés", "diplômées"}:  # a school is an institution
        return True
    j = i
    while j >= 0 and i - j < 4 and doc[j].is_lower and not doc[j].is_punct \
            and doc[j].pos_ not in {"VERB", "AUX"}:
        if j + 1 in intro_ends or j in intro_ends:
            return True
        j -= 1
    return j + 1 in intro_ends


def find_organizations(doc: Doc, rules: list[Span], is_denied, people: list[Span],
                       title_tokens: set[int], unit_tokens: set[int],
                       extra: list[Span], common: frozenset[str] = frozenset()) -> list[Span]:
    person_tokens = {i for s in people for i in range(s.start, s.end)}
    person_words = {w for s in people for w in s.kb_id_.split()}
    intro_ends = {s.end for s in rules if s.label_ == "ORG_INTRO"}
    facts = _facts(doc)
    ents = facts["ents"]
    candidates: list[Span] = []
    for index, ent in enumerate(ents):
        if ent.label_ == "ORG":
            span = ent
            # "Microsoft" + "France": the NER splits national subsidiaries in two.
            following = ents[index + 1] if index + 1 < len(ents) else None
            place_end = facts["place_ends"].get(ent.end)
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
            while k < ent.end and doc[k].lower_ in PREPOSITIONS_DE | DETERMINERS:
                k += 1
            if k < ent.end and k > last + 1 and is_capitalized(doc[k]):
                candidates.append(doc[k:ent.end])
    candidates += [s for s in rules if s.label_ == "ORG"]
    candidates += extra
    candidates += _employers_after_titles(doc, title_tokens, person_tokens)
    candidates += _listed_with_organizations(doc, ents)
    candidates += _named_with_acronym(doc, ents)
    orgs = []
    for span in map(partial(_with_name_complement, doc, facts["ent_at"]), candidates):
        trimmed = _trim_org(doc, span)
        if trimmed is None or is_denied("ORG", trimmed) or is_denied("ORG", span):
            continue
        start = trimmed.start
        while start < trimmed.end and (start in title_tokens or doc[start].lower_ in
                                       PREPOSITIONS_DE | DETERMINERS | {"chez"}):
            start += 1
        if start >= trimmed.end or (start > trimmed.start and not is_capitalized(doc[start])):
            continue
        if _is_portfolio_name(doc, doc[start:trimmed.end], title_tokens) \
                or _is_internal_body(doc[start:trimmed.end]):
            continue
        trimmed = _without_complement(doc, doc[start:trimmed.end], common)
        if trimmed is None or _is_place_name(doc, trimmed):
            continue
        tokens = set(range(trimmed.start, trimmed.end))
        if tokens & person_tokens or tokens & title_tokens or tokens & unit_tokens \
                or trimmed.text in person_words:
            continue
        orgs.append(Span(doc, trimmed.start, trimmed.end, label="ORG"))
    taken = person_tokens | title_tokens | unit_tokens
    orgs += [s for s in _parents_named_alone(doc, orgs) if not taken & set(range(s.start, s.end))]
    orgs = _under_current_names(doc, link_acronyms(doc, _drop_overlaps(orgs)))
    return _without_cited_press(doc, orgs, rules, title_tokens)


PRESS_REACH = 5  # tokens from a title to the press title it works for


def _without_cited_press(doc: Doc, orgs: list[Span], rules: list[Span],
                         title_tokens: set[int]) -> list[Span]:
    """"Le quotidien Le Figaro a révélé…", "selon Les Echos": a newspaper cited as the
    source of the news is no organisation of the story, unless a title names it as someone's
    employer somewhere in the article ("directeur de la rédaction du Figaro")."""
    press_names = {normalize_org(s.text) for s in rules if s.label_ == "PRESS"}
    intro_ends = {s.end for s in rules if s.label_ == "PRESS_INTRO"}
    press: dict[str, set[str]] = {}
    for org in orgs:
        key = normalize_org(org.kb_id_ or org.text)
        start = org.start - 1 if org.start and doc[org.start - 1].lower_ in DETERMINERS \
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


FORMER_NAME_MARKERS = {"ex", "ex-", "anciennement", "précédemment", "autrefois"}
FORMER_NAME_REACH = 4  # tokens between the current name and "(ex" / ", l'ex-"


def _under_current_names(doc: Doc, orgs: list[Span]) -> list[Span]:
    """"TotalEnergies (ex Total)", "SNCF Réseau, l'ex-Réseau ferré de France (RFF)": a former
    name (and its short form) names the organisation just before it; its mentions are
    listed under the current name, or dropped when no current name precedes it."""
    current: dict[str, str | None] = {}
    for index, org in enumerate(orgs):
        before = doc[org.start - 1].lower_ if org.start else ""
        if before not in FORMER_NAME_MARKERS and not org[0].lower_.startswith("ex-"):
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


BODY_WORDS = {"comité", "commission", "conseil", "direction", "département", "service"}


def _is_internal_body(span: Span) -> bool:
    """"Comité des rémunérations", "Direction des achats": a body inside an organisation,
    named by what it does in lower case (unlike "Conseil Supérieur de l'Audiovisuel")."""
    return (len(span) >= 3 and span[0].lower_ in BODY_WORDS
            and span[1].lower_ in PREPOSITIONS_DE and span[2].is_lower)


def _with_name_complement(doc: Doc, ent_at: dict, span: Span) -> Span:
    """"Vecteur" + "d'Image", "Conseil Supérieur" + "de l'Audiovisuel": a name the NER cut
    before its "de" complement, which names nobody and no place of its own."""
    end, limit = span.end, span.sent.end
    if end + 1 >= limit or doc[end].lower_ not in {"de", "d'", "d’"} \
            or not is_capitalized(doc[end - 1]):
        return span
    k = end + 1
    if doc[k].lower_ in {"la", "l'", "l’"}:
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
    place_ends = _facts(doc)["place_ends"]
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
    k = span.start - 1
    while k >= 0 and k not in title_tokens and span.start - k <= 12 and (
            doc[k].lower_ in {",", "et", "&"} or is_capitalized(doc[k])):
        k -= 1  # back over "Finance, Performance et"
    if k < 0 or k not in title_tokens:
        return False
    while k >= 0 and k in title_tokens:
        if doc[k].lower_ in PREPOSITIONS_DE | DETERMINERS | {"chez"}:
            return False  # "cofondateur de la société Baracoda": an employer
        k -= 1
    return True


def _company_and_country(doc: Doc, ent: Span) -> bool:
    """"Nexatel France" tagged LOC: a capitalised name the place rules do not know, then a
    country they do, is a national subsidiary."""
    place_ends = _facts(doc)["place_ends"]
    if len(ent) < 2 or ent.start in place_ends or not all(is_capitalized(t) for t in ent):
        return False
    return any(start > ent.start and end == ent.end for start, end in place_ends.items())


def _local_authority(doc: Doc, ent: Span) -> bool:
    """"la Métropole du Grand Paris", "la Région Bretagne" tagged LOC: a capitalised
    institution's noun (ORG_HEAD rules) heading a place names the authority, not the land."""
    return (len(ent) >= 2 and ent.start in _facts(doc)["org_heads"]
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
    org_texts = {e.text for e in ents if e.label_ == "ORG"}
    found = []
    for index, ent in enumerate(ents):
        if ent.label_ not in {"MISC", "LOC"} or len(ent) < 2:
            continue
        end = ent.end
        # "… des hôpitaux" + "de Marseille": the NER often splits the place off
        following = ents[index + 1] if index + 1 < len(ents) else None
        if following is not None and following.label_ == "LOC" and following.start == end + 1 \
                and doc[end].lower_ in PREPOSITIONS_DE:
            end = following.end
        short = bracketed_acronym(doc, end)
        if short is not None and (short.text in org_texts or ent.start in
                                  _facts(doc)["org_heads"]):
            found.append(doc[ent.start:end])
    return found + _spelled_out_before_acronym(doc)


ACRONYM_REACH = 10  # words between an institution's noun and its "(ACRONYM)"


def _spelled_out_before_acronym(doc: Doc) -> list[Span]:
    """"l'Assistance publique des hôpitaux de Paris (AP-HP)": a name begun by a capitalised
    institution's noun and defined by an acronym of its words' initials, however the NER
    tagged it."""
    found = []
    for start in sorted(_facts(doc)["org_heads"]):
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
    words = [t for t in span if t.is_alpha]
    every = "".join(t.text[0] for t in words).upper()
    content = "".join(t.text[0] for t in words
                      if t.lower_ not in PREPOSITIONS_DE | DETERMINERS | {"et"}).upper()
    return {every, content}


def _acronyms_by_initials(doc: Doc, orgs: list[Span]) -> list[Span]:
    """"Electricité de France" once, "EDF" five times, with no "(EDF)" to link them: an
    upper-case name whose letters are the initials of another name is that organisation,
    listed under the form the article uses most."""
    names = Counter(s.kb_id_ for s in orgs)
    shorts = {n for n in names if n.isupper() and n.isalpha() and 2 <= len(n) <= 5}
    if not shorts:
        return orgs
    alias: dict[str, str] = {}
    for org in orgs:
        if len(org) < 2 or org.kb_id_ != org.text or org.text in alias:
            continue
        for short in shorts & _initials(org):
            alias[org.text] = alias[short] = max((org.text, short), key=names.__getitem__)
    return [Span(doc, s.start, s.end, label="ORG", kb_id=alias.get(s.kb_id_, s.kb_id_))
            for s in orgs]


def acronym_after_or(doc: Doc, org: Span) -> Span | None:
    """"Société Générale Asset Management ou SGAM": an upper-case word after "ou" whose
    letters are the initials of the name, in order (so "Renault ou PSA" links nothing)."""
    i = org.end
    if i + 1 >= len(doc) or doc[i].lower_ != "ou":
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


COMPLEMENT_ARTICLES = {"du", "des", "la", "l'", "l’", "aux", "au"}


def _without_complement(doc: Doc, span: Span, common: frozenset[str]) -> Span | None:
    """"directeur du Marketing", "ministre de la Cohésion des territoires", "président de la
    République": a capitalised common word after an article starts a function, not a name
    (organisations take a bare "de": "patron de Jeep", "PDG d'Orange"). The span is no
    organisation, unless it goes on as a name ("la Société Générale"), starts with an
    institution's noun (ORG_HEAD rules) or names the employer after "chez" ("directrice de la
    Finance chez Engie" → "Engie")."""
    article = doc[span.start - 1] if span.start else None
    # A capitalised article belongs to the name ("La Poste"); an institution's head noun
    # starts a name ("l'Agence nationale de cohésion des territoires").
    if article is None or article.text not in COMPLEMENT_ARTICLES \
            or not _is_common(span[0], common) or span.start in _facts(doc)["org_heads"]:
        return span
    for k in range(span.start + 1, span.end - 1):
        if doc[k].lower_ == "chez" and is_capitalized(doc[k + 1]):
            return doc[k + 1:span.end]
    rest = [t for t in span[1:] if t.is_alpha and t.lower_ not in PREPOSITIONS_DE | DETERMINERS]
    if all(t.is_lower for t in rest):
        return None
    return span


def _is_common(token: Token, common: frozenset[str]) -> bool:
    forms = {token.lower_, token.lemma_.lower(), token.lower_.rstrip("sx")}
    # a capital often loses its accent: "l'Etat" is "l'État" (an acronym keeps its letters)
    if token.text[:1] == "E" and not token.is_upper:
        forms |= {"é" + form[1:] for form in forms if form[:1] == "e"}
    return bool(forms & common)


def _is_place_name(doc: Doc, ent: Span) -> bool:
    """A country, region or city (PLACE rules, or a country named by a nationality rule)."""
    facts = _facts(doc)
    return ent.text in facts["countries"] or ent.text.lower() in facts["places"]


def _listed_with_organizations(doc: Doc, ents: list[Span]) -> list[Span]:
    """"Capgemini, Accenture, Avanade, HP": names listed beside organisations are ones too."""
    found = []
    for index, ent in enumerate(ents):
        if ent.label_ not in {"MISC", "LOC"} or len(ent) > 3 or _is_place_name(doc, ent):
            continue
        for other in ents[max(0, index - 1):index] + ents[index + 1:index + 2]:
            if other.label_ != "ORG":
                continue
            lo, hi = (other.end, ent.start) if other.start < ent.start else (ent.end, other.start)
            if 0 < hi - lo <= 2 and all(t.text in {",", "et", "ou"} for t in doc[lo:hi]):
                found.append(ent)
                break
    return found


def _employers_after_titles(doc: Doc, title_tokens: set[int], person_tokens: set[int]
                            ) -> list[Span]:
    """Proper nouns right after "title de|d'|chez" that the NER left unlabelled."""
    found = []
    ent_tokens = _facts(doc)["ent_at"]
    for i in tokens_with_text(doc, {"d'", "d’", "de", "chez"}, attr=LOWER):
        if not 0 < i < len(doc) - 1 or (i - 1) not in title_tokens:
            continue
        j = i + 1
        while j < len(doc) and doc[j].pos_ == "PROPN" and is_capitalized(doc[j]) \
                and j not in ent_tokens and j not in person_tokens and j not in title_tokens:
            j += 1
        if j > i + 1:
            found.append(doc[i + 1:j])
    return found


# --- titles -----------------------------------------------------------------------------

def find_titles(doc: Doc, rules: list[Span], is_denied, modifiers: set[int],
                common: frozenset[str] = frozenset(), stops: set[int] = frozenset()
                ) -> list[Span]:
    heads = [s for s in rules if s.label_ == "TITLE" and not is_denied("TITLE", s)]
    titles = []
    for head in _drop_overlaps(heads):
        if head.id_ == "title-numero-un" and head.end < len(doc) and doc[head.end].pos_ == "ADJ":
            continue  # "numéro un mondial du logiciel" describes a company
        if _inside_organization_name(doc, head):
            continue  # "Axa Investment Managers"
        if head.start and doc[head.start - 1].lower_ == "en" and (
                head[0].lower_.endswith("ant") or head[0].lower_ == "chef"):
            continue  # "tout en gérant", "en dirigeant" (a gerund); "architecte en chef"
        titles.append(extend_title(doc, head, modifiers, common, stops))
    return _drop_overlaps(titles)


def _inside_organization_name(doc: Doc, head: Span) -> bool:
    """A capitalised plural title word within an NER organisation, after its first word
    ("Axa Investment Managers", "Altair Partners"): a name, not a post."""
    ent = _facts(doc)["ent_at"].get(head.start)
    return (ent is not None and ent.label_ == "ORG" and ent.start < head.start
            and head.end <= ent.end and len(head) == 1 and is_capitalized(head[0])
            and head[0].lower_.endswith("s"))


def _is_time_phrase(doc: Doc, i: int) -> bool:
    """"à l'époque", "à ce moment", "de cette date": a time, not a title's complement."""
    for j in range(i + 1, min(len(doc), i + 3)):
        if doc[j].lower_ in TIME_NOUNS:
            return True
        if doc[j].lower_ not in DETERMINERS:
            return False
    return False


def extend_title(doc: Doc, head: Span, modifiers: set[int] = frozenset(),
                 common: frozenset[str] = frozenset(), stops: set[int] = frozenset()) -> Span:
    """Grow a title head over its modifiers and functional complements.

    "directeur" → "directeur général adjoint"; "directrice" → "directrice des ventes";
    "président" → "président, en charge de l'industrie"; it stops before a named organisation,
    person or unit (cut later by `_cut_title`), a clause, or punctuation.
    """
    sent_end = head.sent.end
    end = head.end
    ent_at = _facts(doc)["ent_at"]
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
                and end not in ent_at and lower not in KIND_WORDS
                and end not in _facts(doc)["lower_case_name_starts"]
                and doc[end - 1].pos_ in {"NOUN", "ADJ", "CCONJ", "X", "PROPN"}):
            end += 1  # "directeur ventes et marketing cloud", "directeur data"
            continue
        if lower == "," and end > head.end:
            # "directeur data, digital et marketing": a coordination of modifiers
            k = end
            while k + 1 < sent_end and doc[k].text == "," and doc[k + 1].is_lower \
                    and doc[k + 1].is_alpha and doc[k + 1].pos_ in {"NOUN", "ADJ", "X"}:
                k += 2
            if k > end and k + 1 < sent_end and doc[k].lower_ == "et" and doc[k + 1].is_lower \
                    and doc[k + 1].pos_ in {"NOUN", "ADJ", "X"} and (
                    k + 2 >= sent_end or doc[k + 2].is_punct):
                end = k + 2
                continue
        if (lower == "et" and end + 1 < sent_end and doc[end + 1].pos_ == "NOUN"
                and doc[end + 1].is_lower and doc[end - 1].pos_ == "NOUN"
                and end - 1 >= head.end):
            end += 1
            continue
        if lower in {"-", "–"} and end + 1 < sent_end and doc[end + 1].is_alpha:
            end += 2  # "président-directeur général", "exploration-production"
            continue
        if (is_capitalized(token) and end not in ent_at and _is_common(token, common)
                and doc[end - 1].lower_ not in PREPOSITIONS_DE | DETERMINERS
                and end not in _facts(doc)["org_heads"] and end not in _facts(doc)["place_ends"]
                and (end == head.end or doc[end - 1].is_lower)):
            end += 1  # "VP Technologie", "directeur Marketing": a function, English-style
            continue
        if (end in ent_at and ent_at[end].label_ == "LOC" and ent_at[end].start == end
                and doc[end - 1].lower_ not in PREPOSITIONS_DE
                and (end == head.end or doc[end - 1].pos_ == "ADJ" or end - 1 in modifiers)):
            end = ent_at[end].end  # "directrice générale Afrique et Méditerranée"
            continue
        place_end = _facts(doc)["place_ends"].get(end)
        if (place_end is not None and (end == head.end or doc[end - 1].is_lower)
                and (place_end >= sent_end or doc[place_end].lower_ in PREPOSITIONS_DE
                     | {",", "chez", "au", "à"})):
            end = place_end  # "directeur commercial Europe de Novartis", the NER saying ORG
            continue
        place = _place_after(doc, end, sent_end)
        if place:
            end = place  # "maire de Lyon", "ambassadeur de France en Italie"
            continue
        if lower in {"en", "chargé", "chargée"} and end + 1 < sent_end and \
                doc[end + 1].lower_ in {"charge", "de", "du", "des", "d'", "d’"}:
            nxt = _complement_end(doc, end + 2 if lower == "en" else end + 1, sent_end, ent_at,
                                  common)
            if nxt > end + 2:
                end = nxt
                continue
        if lower in TITLE_COMPLEMENT_STARTERS and lower != "en" and not _is_time_phrase(doc, end):
            nxt = _complement_end(doc, end, sent_end, ent_at, common)
            if nxt > end:
                end = nxt
                continue
        if lower == "et" and end + 1 < sent_end and doc[end + 1].lower_ in PREPOSITIONS_DE:
            nxt = _complement_end(doc, end + 1, sent_end, ent_at, common)
            if nxt > end + 1:
                end = nxt
                continue
        if lower == "," and end + 2 < sent_end and doc[end + 1].lower_ == "en" \
                and doc[end + 2].lower_ == "charge":
            end += 1
            continue
        break
    return Span(doc, head.start, end, label="TITLE", span_id=head.id_)


def _place_after(doc: Doc, i: int, sent_end: int) -> int | None:
    """End of "de Lyon" / "en Italie" / "de la France" starting at token i: a place named
    after a title is its scope, never an employer (PLACE rules)."""
    if doc[i].lower_ not in {"de", "d'", "d’", "en"}:
        return None
    j = i + 1
    if j < sent_end and doc[j].lower_ in {"la", "l'", "l’", "le", "les"}:
        j += 1
    end = _facts(doc)["place_ends"].get(j)
    if end is None or end > sent_end:
        return None
    # "France Télévisions", "Paris Première", "l'Anjou et du Maine": the place starts a
    # longer name or a list, which the title does not swallow.
    if end < sent_end and (is_capitalized(doc[end]) or doc[end].lower_ in {"et", "-"}
                           or doc[end].like_num):  # "France 2", a channel
        return None
    return end


def _complement_end(doc: Doc, i: int, sent_end: int, ent_at: dict,
                    common: frozenset[str] = frozenset()) -> int:
    """End of "de la stratégie" / "des ventes partenaires" starting at preposition i."""
    j = i
    if j < sent_end and doc[j].lower_ in TITLE_COMPLEMENT_STARTERS | {"charge"}:
        j += 1
    while j < sent_end and doc[j].lower_ in {"la", "l'", "l’", "les"}:
        j += 1
    start_noun = j
    if j + 1 < sent_end and doc[j].text in LOWERCASE_NAME_KINDS and doc[j + 1].is_lower \
            and doc[j + 1].is_alpha:
        return i  # "directrice de la division imprimantes": a unit follows, not a function
    name_starts = _facts(doc)["lower_case_name_starts"]
    while j < sent_end:
        token = doc[j]
        if j in ent_at and not (j == start_noun and _is_portfolio(doc, j, common)) \
                or j in name_starts:  # "directeur de la caisse régionale de l'Anjou"
            break
        if token.pos_ in {"NOUN", "ADJ"} and (token.is_lower or j == start_noun) \
                or (token.pos_ in {"NOUN", "PROPN"} and is_capitalized(token)
                    and j == start_noun and (token.pos_ == "NOUN" or _is_common_propn(
                        doc, j, sent_end, ent_at, common))
                    and token.lower_ not in KIND_WORDS and doc[i].lower_ not in {"d'", "d’"}):
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
    return (_is_common(doc[j], common)
            and not (j in ent_at and ent_at[j].label_ in {"LOC", "PER"})
            and not (j + 1 < sent_end and is_capitalized(doc[j + 1])))


def _is_portfolio(doc: Doc, i: int, common: frozenset[str]) -> bool:
    """"ministre de la Culture", "directeur du Marketing": a capitalised common noun after a
    lower-case article, the NER's ORG notwithstanding (not an institution's head noun)."""
    return (i > 0 and doc[i - 1].text in COMPLEMENT_ARTICLES and is_capitalized(doc[i])
            and _is_common(doc[i], common) and i not in _facts(doc)["org_heads"])


def _cut_title(doc: Doc, title: Span, boundaries: set[int]) -> Span | None:
    end = title.end
    for i in range(title.start + 1, title.end):
        if i in boundaries:
            end = i
            break
    # drop a dangling preposition/determiner/conjunction left by the cut
    while end > title.start + 1 and (doc[end - 1].lower_ in PREPOSITIONS_DE | DETERMINERS
                                     | {"et", "à", "aux", "en", ",", "-", "chez", "groupe",
                                        "société"}):
        end -= 1
    return Span(doc, title.start, end, label="TITLE", span_id=title.id_)


# --- units ------------------------------------------------------------------------------

def find_units(doc: Doc, rules: list[Span], is_denied) -> list[Span]:
    """Named units: "pôle Build-with", "division PME et partenaires", fixed names such as
    "comité exécutif", and enumerations "quatre pôles (A, B et C)". ``kb_id_`` is the kind."""
    units = []
    for span in rules:
        if span.label_ == "UNIT" and not is_denied("UNIT", span):
            # a learned unit carries its kind in its id ("learned:kind=pôle")
            kind = span.id_.split("kind=", 1)[1] if "kind=" in span.id_ else span[0].lower_
            units.append(Span(doc, span.start, span.end, label="UNIT", kb_id=kind))
    for kind in (s for s in rules if s.label_ == "UNIT_KIND"):
        kind_word = kind.text.lower()
        named = unit_names_after(doc, kind)
        for start, end in named:
            span = Span(doc, start, end, label="UNIT", kb_id=_singular(kind_word))
            if not is_denied("UNIT", span):
                units.append(span)
    return _drop_overlaps(units + _repeated_mentions(doc, units))


def _repeated_mentions(doc: Doc, units: list[Span]) -> list[Span]:
    """"l'Europe", "Build-with" named again without the kind word: the same unit."""
    by_first: dict[str, list[Span]] = {}
    for unit in units:
        if unit.kb_id_ and is_capitalized(unit[0]):
            by_first.setdefault(unit[0].text, []).append(unit)
    found = []
    ent_at = _facts(doc)["ent_at"]
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


def _singular(word: str) -> str:
    if word.endswith(("s", "x")) and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


NAMING_WORDS = {"baptisé", "baptisée", "baptisés", "baptisées", "dénommé", "dénommée",
                "appelé", "appelée", "intitulé", "intitulée", "nommé", "nommée"}
LOWERCASE_NAME_KINDS = {"pôle", "pole", "division", "branche", "segment", "business unit"}


def unit_names_after(doc: Doc, kind: Span) -> list[tuple[int, int]]:
    sent_end = kind.sent.end
    i = kind.end
    # "quatre pôles solution (A, B, et C)" / "deux segments : X et Y"
    plural = kind.text.lower().endswith(("s", "x"))
    j = i
    while j < sent_end and j < i + 3 and doc[j].is_lower and doc[j].is_alpha \
            and doc[j].lower_ not in PREPOSITIONS_DE:
        j += 1
    if plural and j + 1 < sent_end and doc[j].lower_ in PREPOSITIONS_DE \
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
    k = i + 1 if i < sent_end and doc[i].lower_ in {"du", "des"} else \
        i + 2 if i + 1 < sent_end and doc[i].lower_ == "de" and doc[i + 1].lower_ in {
            "la", "l'", "l’"} else None
    if k is not None and k < sent_end and is_capitalized(doc[k]) \
            and doc[k].ent_type_ not in {"ORG", "PER"} \
            and kind.text.lower() in {"direction", "département", "service", "directions"}:
        end = _name_end(doc, k, sent_end)
        return [(kind.start, end)] if end > k else []
    # "une entité unique, Once Commercial Partner (OCP)"
    k = i
    while k < sent_end and k < i + 2 and doc[k].pos_ == "ADJ" and doc[k].is_lower:
        k += 1
    if k < sent_end and doc[k].text == "," and k + 1 < sent_end \
            and is_capitalized(doc[k + 1]) and not doc[k + 1].ent_type_ == "PER":
        end = _name_end(doc, k + 1, sent_end)
        if end > k + 1 and plural:  # "deux nouvelles chaînes gratuites, D8 et D17"
            return _split_on_conjunction(doc, k + 1, end)
        return [(k + 1, end)] if end > k + 1 else []
    # "une nouvelle entité baptisée SMB-D", "une division baptisé (en anglais) Technology & …"
    k = i
    while k < sent_end and k < i + 2 and doc[k].pos_ == "ADJ" and doc[k].is_lower \
            and doc[k].lower_ not in NAMING_WORDS:
        k += 1
    if k + 1 < sent_end and doc[k].text == "," and doc[k + 1].lower_ in NAMING_WORDS:
        k += 1  # "un nouveau département, baptisé Partner Sales Team (PST)"
    if k < sent_end and doc[k].lower_ in NAMING_WORDS:
        k = _skip_parenthesis(doc, k + 1, sent_end)
        if k < sent_end and is_capitalized(doc[k]) and doc[k].ent_type_ != "PER":
            end = _name_end(doc, k, sent_end)
            return [(k, end)] if end > k else []
    # "le pôle de sécurité Morpho": a kind word, what the unit does, then its name
    if kind.text in LOWERCASE_NAME_KINDS and i + 2 < sent_end and doc[i].lower_ in {"de", "d'",
                                                                                     "d’"} \
            and doc[i + 1].is_lower and doc[i + 1].pos_ == "NOUN" \
            and is_capitalized(doc[i + 2]) and doc[i + 2].ent_type_ != "PER":
        end = _name_end(doc, i + 2, sent_end)
        return [(i + 2, end)] if end > i + 2 else []
    # "le pôle édition", "la division imprimantes": these kind words only ever name units,
    # so a lower-case noun after them is a name too ("Pôle emploi" is a name as a whole)
    if plural and _singular(kind.text) in LOWERCASE_NAME_KINDS:
        listed = _bracketed_lowercase_names(doc, i, sent_end)
        if listed:
            return listed
    if kind.text in LOWERCASE_NAME_KINDS and i < sent_end and doc[i].is_lower \
            and doc[i].pos_ in {"NOUN", "ADJ"} and doc[i].is_alpha \
            and i not in _facts(doc)["nationality_starts"]:
        return [(i, _lowercase_name_end(doc, i, sent_end))]
    if i < sent_end and is_capitalized(doc[i]) and doc[i].ent_type_ != "PER":
        end = _name_end(doc, i, sent_end)
        names = [(i, end)] if end > i else []
        if plural and names:
            names = _split_on_conjunction(doc, i, end)
            end = names[-1][1]
        # "les divisions SMS&P (PME et partenaires) et EPG (…)"
        if plural:
            j = _skip_parenthesis(doc, end, sent_end)
            while j + 1 < sent_end and doc[j].lower_ in {"et", ","} and is_capitalized(doc[j + 1]):
                nxt = _name_end(doc, j + 1, sent_end)
                names.append((j + 1, nxt))
                j = _skip_parenthesis(doc, nxt, sent_end)
        return names
    return []


def _lowercase_name_end(doc: Doc, i: int, sent_end: int) -> int:
    """"imprimantes professionnelles", "ventes et marketing", "exploration-production": a
    noun with its adjectives and the words joined to it by "et" or a hyphen."""
    end = i + 1
    while end + 1 < sent_end and (doc[end].pos_ == "ADJ" and doc[end].is_lower or (
            doc[end].lower_ in {"et", "-"} and doc[end + 1].is_lower
            and doc[end + 1].pos_ in {"NOUN", "ADJ"})):
        end += 1 if doc[end].pos_ == "ADJ" else 2
    return end


def _bracketed_lowercase_names(doc: Doc, i: int, sent_end: int) -> list[tuple[int, int]]:
    """"les divisions imprimantes (IPG), postes travail (PSG) et serveurs-stockage-logiciels
    (TSG)": lower-case names, each with its acronym in brackets (two at least)."""
    names, j = [], i
    while j < sent_end:
        end = j
        while end < sent_end and end - j < 6 and (
                doc[end].is_lower and doc[end].is_alpha or doc[end].text == "-"):
            end += 1
        if end == j or end >= sent_end or doc[end].text != "(":
            break
        names.append((j, end))
        j = _skip_parenthesis(doc, end, sent_end)
        if j < sent_end and doc[j].text == ",":
            j += 1
        if j < sent_end and doc[j].lower_ == "et":
            j += 1
    return names if len(names) >= 2 else []


def _split_on_conjunction(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """"Europe et Amérique du Nord" after a plural kind word names two units."""
    names, begin = [], start
    for j in range(start + 1, end - 1):
        if doc[j].lower_ in {"et", ","} and is_capitalized(doc[j + 1]):
            names.append((begin, j))
            begin = j + 1
    names.append((begin, end))
    return names


def _skip_parenthesis(doc: Doc, i: int, sent_end: int) -> int:
    if i < sent_end and doc[i].text == "(":
        j = i + 1
        while j < sent_end and doc[j].text != ")":
            j += 1
        return min(j + 1, sent_end)
    return i


def _enumeration(doc: Doc, i: int, sent_end: int, closing: str | None) -> list[tuple[int, int]]:
    names = []
    j = i
    while j < sent_end and (closing is None or doc[j].text != closing):
        while j < sent_end and doc[j].lower_ in {",", "et", "ou"}:
            j += 1
        if j >= sent_end or not is_capitalized(doc[j]):
            break
        # inside a bracketed list an item runs to the next comma: "Business workplace"
        end = j + 1
        while end < sent_end and doc[end].text not in {",", ")", ";"} and \
                not (doc[end].lower_ == "et" and doc[end - 1].text == ","):
            end += 1
        if closing is None:
            end = min(end, _name_end(doc, j, sent_end, allow_lower=True))
        names.append((j, end))
        j = end
        if closing is None:
            # "deux divisions : A dirigée par X et B placée sous …": skip to the next item
            while j < sent_end and doc[j].text not in {",", ";"} and doc[j].lower_ != "et":
                j += 1
            if j + 1 < sent_end and doc[j + 1].ent_type_ == "PER":
                break
    return names


def _name_end(doc: Doc, i: int, sent_end: int, allow_lower: bool = True) -> int:
    """End of a unit name starting at capitalised token i: "Build-with", "PME et partenaires",
    "Plateforme et Ecosystème", "Data et Intelligence artificielle"."""
    j = i + 1
    while j < sent_end:
        token = doc[j]
        lower = token.lower_
        if token.is_space or (token.is_punct and lower not in {"-", "&", "+", "/"}):
            break
        if lower in {"-", "&", "+", "/"}:
            if j + 1 < sent_end and not doc[j + 1].is_punct:
                j += 2
                continue
            break
        if lower in NAME_CONNECTORS:
            k = j + 1
            while k < sent_end and doc[k].lower_ in {"la", "l'", "l’", "des", "du", "de"}:
                k += 1
            if k < sent_end and doc[k].lower_ in KIND_WORDS | {"groupe"}:
                break  # "Systèmes et la division …", "Innovation du Groupe"
            if k < sent_end and (is_capitalized(doc[k]) or
                                 (allow_lower and lower in {"et", "&"} and doc[k].pos_ == "NOUN")):
                if lower in PREPOSITIONS_DE and k in _facts(doc)["ent_starts"]:
                    break  # "division PME de Microsoft": Microsoft is the parent
                j = k + 1
                continue
            break
        if is_capitalized(token) or (token.like_num and is_capitalized(doc[j - 1])):
            j += 1  # "Microsoft 365"
            continue
        if allow_lower and token.is_lower and token.pos_ in {"NOUN", "ADJ"} \
                and is_capitalized(doc[j - 1]) and token.lower_ not in {"unique"}:
            j += 1
            continue
        break
    return j


def _drop_overlaps(spans: list[Span]) -> list[Span]:
    """Keep the longest of overlapping spans (earliest on ties), in text order."""
    chosen: list[Span] = []
    taken: set[int] = set()
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        tokens = set(range(span.start, span.end))
        if tokens & taken:
            continue
        taken |= tokens
        chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)
