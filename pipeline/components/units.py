"""Units: kind, parent and acronym of each named unit, and subsidiaries presented as such.

- kind: the kind word written before the name ("pôle Build-with" → pôle);
- parent: "pôle X de Y", "X, l'une des trois divisions de Y", "au sein de Y", "filiale de Y",
  else the organisation the article is about;
- acronym: "One Commercial Partner (OCP)", "CSU (pour Customer Success Unit)",
  "SMS&P (PME et partenaires)", "PDM, pour Partner developer manager".
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.components.unit_names import singular
from pipeline.extensions import register_extensions
from pipeline.grammar.clauses import apposition_head, main_organization, place_after
from pipeline.grammar.mentions import MentionIndex
from pipeline.grammar.tokens import is_acronym, is_capitalized
from pipeline.matching import normalize, normalize_unit

# Units named whole by the rules (models/entities/units.jsonl) rather than learned.
LEARNED_RULE_PREFIX = "learned"
# An organisation an apposition presents as a part of another: a unit, and still an
# organisation (it has a name of its own, GOLD_FORMAT lists it in both).
APPOSED_KIND_RULE = "unit:apposed-kind"
APPOSITION_HEAD_REACH = 5  # ", l'une de ses filiales": the apposition's words before its noun


@Language.factory("organigramme_units", assigns=["doc._.units", "doc.spans"],
                  requires=["doc.spans", "doc._.lexicon"])
def make_unit_extractor(nlp: Language, name: str) -> "UnitExtractor":
    register_extensions()
    return UnitExtractor(name)


class UnitExtractor:
    def __init__(self, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.units = describe_units(doc)
        return doc

    def to_disk(self, path, exclude=tuple()):
        pass

    def from_disk(self, path, exclude=tuple()):
        return self


def acronym_of(doc: Doc, unit: Span) -> tuple[str | None, Span]:
    """Find the short form defined beside a unit name; may widen the name to the expansion."""
    sent_end = unit.sent.end
    i = unit.end
    lex = doc._.lexicon
    # NAME (ACR)
    if i + 2 < sent_end + 1 and i < sent_end and doc[i].text == "(" and i + 2 <= sent_end - 1 \
            and (is_acronym(doc[i + 1]) or _initials_of(doc[i + 1], unit)) \
            and doc[i + 2].text == ")":
        return doc[i + 1].text, unit
    # ACR (pour NAME) / ACR (NAME) / ACR, pour NAME
    if len(unit) == 1 and is_acronym(unit[0]) and i < sent_end:
        j = i
        if doc[j].text in {"(", ","}:
            j += 1
            if j < sent_end and doc[j].lower_ in lex.pour_word:
                j += 1
            k = j
            while k < sent_end and doc[k].text not in {")", ",", ";", "."}:
                k += 1
            if k > j and (is_capitalized(doc[j]) or _spells(unit.text, doc[j:k])):
                return unit.text, doc[j:k]
    return None, unit


def _initials_of(short, name: Span) -> bool:
    """"Europe, Moyen-Orient et Afrique (Emea)": a short capitalised word in brackets that
    starts like the name and names nothing else is its acronym, whatever its case (it is often
    the English one)."""
    text = short.text
    return (2 <= len(text) <= 6 and text.isalpha() and text[0].isupper()
            and text[0].lower() == name.text[:1].lower() and short.ent_type_ not in {"PER", "ORG"})


def _spells(acronym: str, expansion: Span) -> bool:
    """"EPG (grandes entreprises et partenaires)": a lower-case gloss counts as the name when
    its words start with the acronym's letters (in any order: glosses are often translated)."""
    initials = {t.text[0].lower() for t in expansion if t.is_alpha and len(t) > 2}
    letters = {c.lower() for c in acronym if c.isalpha()}
    return len(letters) >= 2 and letters <= initials


def describe_units(doc: Doc) -> list[dict]:
    index = MentionIndex(doc)
    default_org = main_organization(index)
    units: dict[str, dict] = {}
    fixed_names = {(r.start, r.end) for r in doc.spans.get("rules", [])
                   if r.label_ == "UNIT" and not r.id_.startswith(LEARNED_RULE_PREFIX)}
    for span in index.units.spans:
        if any(index.people.at.get(i) is not None for i in range(span.start, span.end)):
            continue  # "l'organisation de Nicole Dezen": a person, not a unit's name
        acronym, name = acronym_of(doc, span)
        kind = span.kb_id_ or None
        # "comité exécutif", "directoire": named whole by the rules
        rule = "unit-fixed-name" if (span.start, span.end) in fixed_names else "unit-name"
        if kind and normalize(name.text) == normalize(kind) and rule != "unit-fixed-name":
            continue  # a kind word alone ("le pôle") names no unit
        parent = _parent_of(index, span, default_org, acronym)
        _add_unit(units, name.text, kind, parent, acronym, span, rule)
        if (rule == "unit-fixed-name" and kind in index.lex.held_only_kinds
                or kind in index.lex.geographic_kinds and _is_place(name)) \
                and not _is_held_here(index, span):
            # A board ("conseil d'administration") or a region is a unit of the article only
            # when someone holds, joins or heads it; the roles component keeps those (see
            # keep_held_units). An executive committee is one whenever it is named.
            units[normalize_unit(name.text)].setdefault("held_only", True)
    national = national_subsidiary_countries(doc)
    denied_units = {r.text.lower() for r in doc.spans.get("rules", []) if r.label_ == "NOT_UNIT"}
    org_names = {s.text for s in index.orgs.spans}
    for org in index.orgs.spans:
        parent = subsidiary_parent(index, org, default_org)
        kind, rule = index.lex.kinds_written["subsidiary"], "subsidiary"
        if not parent:
            base, _, country = org.text.rpartition(" ")
            if country in national and base in org_names:
                parent, rule = base, "subsidiary:national"
        if not parent:
            presented = presented_as_a_part(index, org, default_org)
            if presented is not None:
                (kind, parent), rule = presented, APPOSED_KIND_RULE
        if (parent or rule == APPOSED_KIND_RULE) \
                and org.text.lower() not in denied_units:  # a reviewer said it is none
            _add_unit(units, org.text, kind, parent, None, org, rule)
    fold_acronym_mentions(units)
    drop_unit_names_from_orgs(doc, units.values())
    add_companies_among_units(doc, index.units.spans)
    return list(units.values())


def fold_acronym_mentions(units: dict[str, dict]) -> None:
    """"Partner Sales Team (PST)" then "PST gère …": a unit named by another's acronym is
    that unit."""
    by_acronym = {normalize(u["acronym"]): u for u in units.values() if u["acronym"]}
    for key, unit in list(units.items()):
        full = by_acronym.get(normalize(unit["unit"]))
        if full is not None and full is not unit:
            for field in ("kind", "parent"):
                full[field] = full[field] or unit[field]
            del units[key]


def _is_held_here(index: MentionIndex, span: Span) -> bool:
    """Does the text put someone in this unit right here: "président du conseil de
    surveillance", "rejoindra le comité exécutif", "le conseil, présidé par X"?"""
    doc = index.doc
    lower = max(span.sent.start, span.start - 4)
    for j in range(lower, span.start):
        if doc[j].lower_ in index.lex.join_words or index.titles.at.get(j) is not None:
            return True
        cue = index.cues.at.get(j)
        if cue is not None and cue.label_ in {"NEW", "HEADS", "HEADS_NEW"}:
            return True
    for cue in index.cues.within(span.end, min(span.sent.end, span.end + 8)):
        if cue.label_ == "HEADED_BY":
            return True
    return False


def _is_place(name: Span) -> bool:
    """"zones géographiques (France, Europe, …)": a region named by a place."""
    return len(name.ents) == 1 and name.ents[0].label_ == "LOC" \
        and name.ents[0].start == name.start and name.ents[0].end == name.end


def drop_unit_names_from_orgs(doc: Doc, units) -> None:
    """Names of units are not organisations, though the NER often labels them ORG; a
    subsidiary is both (its kind is one of the company kinds: a group's subsidiaries and its
    TV channels are listed among organisations too, GOLD_FORMAT)."""
    company_kinds = doc._.lexicon.company_kinds
    keys = {normalize_unit(u["unit"]) for u in units
            if u["kind"] not in company_kinds and u["rule"] != APPOSED_KIND_RULE}
    keys |= {normalize(u["acronym"]) for u in units if u["acronym"]}
    keys.discard("")
    doc.spans["ORG"] = [s for s in doc.spans.get("ORG", [])
                        if normalize_unit(s.text) not in keys and normalize(s.text) not in keys]


def add_companies_among_units(doc: Doc, unit_spans: list[Span]) -> None:
    """"ses chaînes gratuites, D8 et D17": a named unit of a company kind is an organisation."""
    company_kinds = doc._.lexicon.company_kinds
    orgs = list(doc.spans.get("ORG", []))
    taken = {i for span in orgs for i in range(span.start, span.end)}
    denied = {s.text.lower() for s in doc.spans.get("rules", []) if s.label_ == "NOT_ORG"}
    for span in unit_spans:
        if span.kb_id_ in company_kinds and span[0].text[:1].isupper() \
                and span.text.lower() not in denied and span[0].lower_ not in denied \
                and not any(i in taken for i in range(span.start, span.end)):
            orgs.append(Span(doc, span.start, span.end, label="ORG"))
    doc.spans["ORG"] = sorted(orgs, key=lambda s: (s.start, s.end))


def _add_unit(units: dict, name: str, kind, parent, acronym, span: Span, rule: str) -> None:
    key = normalize_unit(name)
    if not key:
        return
    kept = units.get(key)
    if kept is None:
        units[key] = {"unit": name, "kind": kind, "parent": parent, "acronym": acronym,
                      "start": span.start_char, "end": span.end_char,
                      "sent_start": span.sent.start_char, "sent_end": span.sent.end_char,
                      "rule": rule}
    else:
        for field, value in (("kind", kind), ("acronym", acronym), ("parent", parent)):
            if not kept[field] and value:
                kept[field] = value


def _parent_of(index: MentionIndex, unit: Span, default_org: str | None,
               acronym: str | None) -> str | None:
    doc = index.doc
    org, _, _ = place_after(doc, index, unit.end, unit.sent.end)
    # "la division Nova Services (NS)": the bracket gives the unit's own acronym, however the
    # NER labels it, not the organisation it belongs to
    if org is not None and org.text not in {unit.text, acronym}:
        return index.name(org)
    # "au sein de X"
    sent = unit.sent
    for token in doc[sent.start:unit.start]:
        if token.lower_ in index.lex.sein_word and token.i + 2 < sent.end:
            target = index.orgs.starting_at(token.i + 2) or index.units.starting_at(token.i + 2)
            if target is not None and target.text != unit.text:
                return target.text
    return default_org if default_org not in {unit.text, acronym} else None


def presented_as_a_part(index: MentionIndex, org: Span, default_org: str | None
                        ) -> tuple[str, str | None] | None:
    """(kind, parent) of an organisation the apposition after it presents as a part of
    another: "Axa Corporate Solutions, l'entité dédiée aux risques d'entreprises", "Altair
    Energies, l'une des deux entités issues de la scission", "Norsys Bank (la branche bancaire
    du groupe Norsys)". The parent is the organisation the apposition names, else the one the
    article is about."""
    doc, lex = index.doc, index.lex
    sent_end = org.sent.end
    if org.start - 1 == org.sent.start and doc[org.start - 1].pos_ == "ADP":
        return None  # "Chez Norsys, l'entité logistique recrute": the clause's subject
    # "l'une des deux entités", "la nouvelle branche"
    k = apposition_head(doc, org.end, sent_end,
                        lambda t: t.lower_ in lex.subsidiary_determiners or t.like_num
                        or t.pos_ == "ADJ" and t.is_lower, APPOSITION_HEAD_REACH)
    if k is None or doc[k].lower_ not in lex.apposed_unit_kinds:
        return None
    if index.units.at.get(k) is not None or index.units.starting_at(k + 1) is not None:
        return None  # "… de Norsys, l'Unité Clinique et …": a unit of its own, listed next
    kind = singular(doc[k].lower_)
    for m in range(k + 1, min(sent_end, k + 8)):
        if doc[m].text in {")", ",", ";"}:
            break
        if doc[m].lower_ in lex.prepositions_de and m + 1 < sent_end:
            named = index.orgs.starting_at(m + 1)
            if named is None and doc[m + 1].lower_ in lex.group_word:
                named = index.orgs.starting_at(m + 2)
            if named is not None and named.text != org.text:
                return kind, index.name(named)
    return kind, default_org if default_org != index.name(org) else None


def national_subsidiary_countries(doc: Doc) -> set[str]:
    """Countries whose subsidiary the text names as such: "la filiale française" → France."""
    countries = set()
    subsidiary = doc._.lexicon.subsidiary_words
    for span in doc.spans.get("rules", []):
        if span.label_ == "NATIONALITY" and span.start > 0 \
                and doc[span.start - 1].lower_ in subsidiary:
            countries.add(span.id_)
    return countries


def subsidiary_parent(index: MentionIndex, org: Span, default_org: str | None = None
                      ) -> str | None:
    """The parent of an organisation the text presents as a subsidiary: "X, filiale de Y",
    "X (la filiale … d'Y)", "X, l'une des filiales du groupe" (the article's organisation,
    `default_org`), "X, sa filiale"."""
    doc, lex = index.doc, index.lex
    sent_end = org.sent.end
    j = org.end
    k = apposition_head(doc, j, sent_end, lambda t: t.lower_ in lex.subsidiary_determiners,
                        APPOSITION_HEAD_REACH)
    if k is not None and doc[k].lower_ in lex.subsidiary_words:
        m = k + 1
        while m < sent_end and m < k + 8 and doc[m].text not in {")", ",", "."}:
            if doc[m].lower_ in lex.prepositions_de:
                start = m + 1
                if start < sent_end and doc[start].lower_ in lex.articles_definite:
                    start += 1  # "filiale de l'Agence française de développement"
                parent = index.orgs.starting_at(start)
                if parent is not None:
                    return index.name(parent)
                if start < sent_end and doc[start].lower_ in lex.group_word:
                    # "X, l'une des filiales du groupe": the group the article is about
                    return default_org if default_org != index.name(org) else None
            m += 1
        if any(doc[t].lower_ in lex.possessives for t in range(j + 1, k)):
            # "Dynaction … CMD, sa filiale": the one whose subsidiary it is, named before
            before = index.orgs.before(org.start, org.sent.start)
            if before:
                return index.name(before[-1])
    return None
