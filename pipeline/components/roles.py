"""Roles: who holds (held, takes) which post, where.

A role is found from a title ("X, directeur général d'Infeeny", "est nommée directrice du pôle
Sell-with", "le PDG Carlos Ghosn"; whose title it is: `holders`), from headship or membership
without a title, read from the parse (`frame_roles`: "a pris la direction du pôle Build-with",
"la direction …, confiée à X", "rejoint le comité exécutif") or, where the parse finds none,
from the cue words around it (`headship`), or from "a occupé ce poste" (the post named before). Each role carries the evidence about its
time; its status is decided in one place once the doc's roles are all known (`status`).
"""

from __future__ import annotations

from copy import copy
from pathlib import Path

import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.components.frame_roles import roles_from_frames
from pipeline.components.headship import make_role, roles_from_headship
from pipeline.components.holders import (
    attach_person, coordinated_holders, coordinated_orgs, coordinated_title_after,
    listed_holders, org_in_clause,
)
from pipeline.components.status import (
    ACTUEL_CUE, JUSQU_ICI_CUE, KEPT_POST_CUES, STATUS_PRIORITY, StatusEvidence,
    apply_decisions, block_leads_of_later_posts, cumulates_after, dated_before_the_article,
    held_at_the_time,
    lead_status, leaves_after_apposition, modifies_title, movers_of, retire_replaced_posts,
    status_cue_near, told_in_pluperfect, verb_tense,
)
from pipeline.components.titles import defined_title_acronyms, is_gloss, title_text
from pipeline.extensions import register_extensions
from pipeline.grammar.clauses import (
    is_closed_period, is_speculative, main_organization, object_of_cue, place_after, subject_of,
)
from pipeline.grammar.coreference import is_feminine_title, men_by_first_name
from pipeline.grammar.mentions import MentionIndex
from pipeline.grammar.tokens import is_finite_verb, is_plural
from pipeline.matching import normalize, normalize_unit

# The title rules (models/entities/titles.jsonl ids) that name public offices.
PUBLIC_OFFICE_RULES = {"title-elu", "title-secretaire-d-etat"}
POST_ANAPHOR_REACH = 3  # sentences back to the post "ce poste" names


@Language.factory(
    "organigramme_roles",
    assigns=["doc._.roles", "doc._.units"],
    requires=["doc.spans", "doc._.lexicon", "doc._.units"],
    default_config={"status_window": 8, "max_subject_gap": 24},
)
def make_role_extractor(nlp: Language, name: str, status_window: int, max_subject_gap: int
                        ) -> "RoleExtractor":
    register_extensions()
    return RoleExtractor(name, status_window, max_subject_gap)


class RoleExtractor:
    def __init__(self, name: str, status_window: int = 8, max_subject_gap: int = 24):
        self.name = name
        self.status_window = status_window
        self.max_subject_gap = max_subject_gap

    def __call__(self, doc: Doc) -> Doc:
        doc._.roles = assign_roles(doc, self.status_window, self.max_subject_gap)
        if doc._.units is not None:
            name_units_in_full(doc._.roles, doc._.units)
            employ_at_companies(doc._.roles, doc._.units, doc._.lexicon.company_kinds)
            doc._.units = keep_held_units(doc._.units, doc._.roles) + \
                units_headed_only(doc, doc._.units, doc._.roles)
        return doc

    def to_disk(self, path, exclude=tuple()):
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "cfg.json", {"status_window": self.status_window,
                                             "max_subject_gap": self.max_subject_gap})

    def from_disk(self, path, exclude=tuple()):
        cfg = srsly.read_json(Path(path) / "cfg.json")
        self.status_window, self.max_subject_gap = cfg["status_window"], cfg["max_subject_gap"]
        return self


def assign_roles(doc: Doc, status_window: int = 8, max_subject_gap: int = 24) -> list[dict]:
    index = MentionIndex(doc)
    default_org = main_organization(index)
    roles = roles_from_titles(index, default_org, status_window, max_subject_gap)
    roles += prefer_frames(roles_from_headship(index, default_org, max_subject_gap),
                           roles_from_frames(index, default_org, max_subject_gap))
    roles += roles_from_post_anaphora(index, default_org, max_subject_gap)
    block_leads_of_later_posts(roles)
    apply_decisions(roles)
    roles = merge_roles(sorted(roles, key=lambda r: r["start"]), title_synonyms(doc))
    retire_replaced_posts(roles, movers_of(index, roles, max_subject_gap))
    return without_untitled_repeats(roles)


def roles_from_titles(index: MentionIndex, default_org: str | None, status_window: int,
                      max_gap: int) -> list[dict]:
    doc, lex = index.doc, index.lex
    roles = []
    men = men_by_first_name(index)
    spelled_out = defined_title_acronyms(index)
    for title in index.titles.spans:
        sent = title.sent
        if is_gloss(index, title):
            continue
        listed = listed_holders(index, title)
        if listed:
            name, mention, how = index.name(listed[0]), None, "plural-list"
        else:
            name, mention, how = attach_person(index, title, max_gap)
            if how in {"subject", "pronoun"} and (is_group_of_holders(index, title)
                                                  or is_in_a_complement(index, title)):
                continue  # "… mais les membres du conseil ont refusé", "auprès du nouveau CEO"
        if not name:
            continue
        if is_feminine_title(title) and name in men:
            continue  # "la Directrice Générale" is not Jean-Pierre's post
        window = _status_window(index, title, mention, how, status_window)
        if is_speculative(index, window[0], min(window[1], title.start) if how != "occupied-by"
                          else window[1]):
            continue
        cue = status_cue_near(index, *window)
        if cue is not None and cue.id_ == ACTUEL_CUE and not modifies_title(index, cue, title):
            cue = None  # "nommer X, actuel président de K, président de S": only K's post
        evidence = StatusEvidence("title", cue=cue, how=how)
        evidence.pluperfect = cue is not None and cue.label_ == "NEW" \
            and told_in_pluperfect(index, *window)
        evidence.cumulating = cue is not None and cue.id_ == JUSQU_ICI_CUE \
            and cumulates_after(index, title)
        evidence.past_year = dated_before_the_article(index, sent.start, title.start)
        org, unit, after_org = place_after(doc, index, title.end, sent.end)
        if org is None and unit is None:
            shared = coordinated_title_after(index, title)
            if shared is not None:
                org, unit, _ = place_after(doc, index, shared.end, sent.end)
        org_text = index.name(org) if org is not None else None
        if org_text is None:
            # A public office (ministre, préfet, secrétaire d'État) is no post in the company
            # the article is about: only an organisation the sentence names will do.
            org_text = org_in_clause(index, title, None if title.id_ in PUBLIC_OFFICE_RULES
                                     else default_org)
        # "Patron d'X de 2011 à 2016, Y …", "X, DG à l'époque"
        evidence.closed_period = cue is None and (is_closed_period(doc, after_org, sent.end)
                                                  or held_at_the_time(index, after_org))
        also = coordinated_orgs(index, org) if org is not None and unit is None else []
        holders = listed or coordinated_holders(index, title, mention)
        units = [unit] if unit is not None else []
        if len(holders) > 1 and any(t.lower_ in lex.respectively_words for t in sent):
            # "directrices respectives des divisions A et B": one unit each, in order
            after = index.units.within(title.end, sent.end)
            if len(after) == len(holders):
                units = after
        for number, holder in enumerate(holders or [None]):
            holder_name = index.name(holder) if holder is not None else name
            holder_unit = units[number] if number < len(units) else (units[0] if units else None)
            spans = [title] + ([holder] if holder is not None else []) + \
                [s for s in (org, holder_unit) if s is not None]
            text = spelled_out.get(title.text) or title_text(title)
            held = copy(evidence)
            role = make_role(holder_name, text, org_text,
                             holder_unit.text if holder_unit is not None else None, held,
                             min(s.start_char for s in spans), max(s.end_char for s in spans),
                             f"title:{how}", sent)
            if cue is not None and cue.id_ == ACTUEL_CUE:
                role["until_moved"] = True
            if cue is not None and cue.id_ in KEPT_POST_CUES:
                role["kept"] = True  # "X, aujourd'hui président": no succession ends it
            if how == "apposition" and (cue is None or cue.id_ == ACTUEL_CUE):
                # "a nommé M. X, DG de Y"; "le départ de X, l'actuelle directrice": the post
                # held now is the one being left
                lead = lead_status(index, mention)
                held.lead = lead if cue is None or lead == "former" else None
                held.leaves_after = leaves_after_apposition(index, title)
            if how == "subject" and cue is None and not evidence.closed_period:
                held.lead = lead_status(index, mention)  # "la nomination de X en tant que DG"
            if how == "title-before-name" and holder is not None:
                if cue is None or cue.id_ == ACTUEL_CUE:
                    # "le président de K, X, a été révoqué", "l'actuel CEO de K, X, quittera"
                    held.leaves_after = leaves_after_apposition(index, holder)
                # "succéder au PDG X": X's post is being left
                held.succeeded_holder = object_of_cue(index, holder, {"SUCCEEDS"})
            roles.append(role)
            if len(also) == 1 and also[0].start == org.end + 1 \
                    and doc[org.end].lower_ in lex.and_words:
                # "directeur des programmes de TMC et NT1": one post over both, the
                # preposition not repeated (unlike "patron d'Atos et d'Eutelsat")
                role["org"] = f"{role['org']} et {index.name(also[0])}"
                role["end"] = max(role["end"], also[0].end_char)
                also = []
            for other in also:  # "directrice générale d'Atos et d'Eutelsat"
                roles.append({**role, "org": index.name(other), "evidence": copy(held),
                              "end": max(role["end"], other.end_char)})
    return roles


def is_group_of_holders(index: MentionIndex, title: Span) -> bool:
    """"les membres du conseil", "des directeurs": a plural title after a determiner names a
    group, the noun phrase of its own clause, not the post of the clause's subject (a list
    after it is read by `listed_holders`)."""
    doc = index.doc
    return title.start > title.sent.start and is_plural(title[0]) \
        and doc[title.start - 1].lower_ in index.lex.plural_determiners


def is_in_a_complement(index: MentionIndex, title: Span) -> bool:
    """"conseiller auprès du nouveau CEO", "rattaché au directeur financier": a title after a
    contracted article ("du", "au", "aux"), its adjectives aside, is someone else's, the
    complement of a preposition, not what the clause says of its subject."""
    doc, lex = index.doc, index.lex
    j = title.start - 1
    while j > title.sent.start and doc[j].pos_ == "ADJ" and doc[j].is_lower:
        j -= 1
    return j >= title.sent.start and doc[j].lower_ in lex.au_aux | lex.du_des


def prefer_frames(by_cues: list[dict], by_frames: list[dict]) -> list[dict]:
    """Headship read from the parse and from cue words: where both say the same person
    heads something in the same sentence, the parse's reading is kept (it delimits what is
    headed by the syntax), unless it names only an organisation where the cue words name a
    unit of it; the cue words' reading remains where the parse found nothing."""
    framed: dict[tuple, list[dict]] = {}
    for role in by_frames:
        if not role["title"]:
            framed.setdefault((role["person"], role["sent_start"]), []).append(role)
    kept_cues, dropped_frames = [], set()
    for role in by_cues:
        rivals = framed.get((role["person"], role["sent_start"]), [])
        if not rivals:
            kept_cues.append(role)
        elif role["unit"] and not any(r["unit"] for r in rivals):
            kept_cues.append(role)  # "le département EPG d'Altair, dirigé par X"
            dropped_frames |= {id(r) for r in rivals}
    return kept_cues + [r for r in by_frames if id(r) not in dropped_frames]


def _status_window(index: MentionIndex, title: Span, mention: Span | None, how: str,
                   status_window: int) -> tuple[int, int]:
    """The tokens whose status cues speak of this post."""
    doc, sent = index.doc, title.sent
    if mention is not None and mention.end <= title.start:
        window_start = mention.end
    elif how == "title-before-name" or how == "plural-list" and \
            is_plural(title[0]):
        window_start = title.start - 3  # "l'ancien PDG X", "les nouveaux DG : A et B"
    else:
        window_start = title.start - status_window
    if how in {"pronoun", "topic"}:
        window_start = title.start - 2 * status_window
    if how in {"subject", "apposition"} and mention is not None and mention.end == title.start \
            and mention.start > sent.start and doc[mention.start - 1].lower_ in index.lex.and_words:
        # "A deviendra directeur général et B président": the verb is A's clause's
        window_start = sent.start
    window_start = max(sent.start, window_start)
    # "le poste de DG, occupé actuellement par X": what is said of X lies between
    return (title.end, mention.start) if how == "occupied-by" else (window_start, title.end)


def roles_from_post_anaphora(index: MentionIndex, default_org: str | None, max_gap: int
                             ) -> list[dict]:
    """"Son prédécesseur, X, a occupé ce poste durant 13 ans": the subject held the post
    named last before (in this sentence or the few before); the tense says when."""
    doc, roles = index.doc, []
    auxiliaries = index.lex.avoir_etre
    # "ce poste" said again a few sentences on names the post the last one named
    last: tuple[Span, Span] | None = None  # (that cue, its post)
    for cue in index.cues.spans:
        if cue.label_ != "POST_ANAPHOR":
            continue
        sent = cue.sent
        # "Leur prédécesseur, X, a occupé ce poste": the name before the verb, whatever
        # else it is the object of
        mention = index.nearest_person_before(cue.start, sent.start)
        if mention is not None and not any(is_finite_verb(t) and t.lemma_ not in auxiliaries
                                           for t in doc[mention.end:cue.start]):
            name = index.name(mention)
        else:
            name, mention = subject_of(index, cue.start, sent, max_gap)
        lower = sent.start
        for _ in range(POST_ANAPHOR_REACH):
            if lower > 0:
                lower = doc[lower - 1].sent.start
        # not a post in the subject's own apposition ("X, aujourd'hui président, a occupé")
        named = [t for t in index.titles.before(cue.start, lower)
                 if t.end <= (mention.start if mention is not None else sent.start)
                 and not is_gloss(index, t)]  # "directeur général des services (DGS)"
        chained = last is not None and last[0].start >= lower
        title = last[1] if chained else (named[-1] if named else None)
        if not name or title is None:
            continue
        last = (cue, title)
        org, unit, _ = place_after(doc, index, title.end, title.sent.end)
        evidence = StatusEvidence("post-anaphor", tense=verb_tense(doc, cue[0], sent))
        spans = [cue] + ([mention] if mention is not None else [])
        roles.append(make_role(name, title_text(title),
                               index.name(org) if org is not None else default_org,
                               unit.text if unit is not None else None, evidence,
                               min(s.start_char for s in spans), max(s.end_char for s in spans),
                               f"title:{cue.id_}", sent))
    return roles


def title_synonyms(doc: Doc) -> dict[str, str]:
    """"cfo" → "directeur financier": the posts the TITLE_SYNONYM rules say are one."""
    return {normalize(s.text): normalize(s.id_) for s in doc.spans.get("rules", [])
            if s.label_ == "TITLE_SYNONYM"}


def merge_roles(roles: list[dict], synonyms: dict[str, str] | None = None) -> list[dict]:
    """One row per person and post; a post stated twice (or as "CFO" and "directeur
    financier") keeps its first wording and its strongest status, with that status's reason."""
    synonyms = synonyms or {}
    merged: dict[tuple, dict] = {}
    for role in roles:
        title = normalize(role["title"])
        key = (role["person"], synonyms.get(title, title), normalize(role["unit"]),
               normalize(role["org"]) if role["title"] else "")
        if not role["title"]:
            key = key + (normalize(role["org"]) if not role["unit"] else "",)
        kept = merged.get(key)
        if kept is None:
            merged[key] = role
        elif STATUS_PRIORITY[role["status"]] > STATUS_PRIORITY[kept["status"]]:
            kept["status"], kept["status_reason"] = role["status"], role["status_reason"]
    return list(merged.values())


def without_untitled_repeats(roles: list[dict]) -> list[dict]:
    """"nommé PDG d'EDF … il prendra la tête d'EDF": a headship with no title and no unit
    says again what a titled post in the same organisation, with the same status, says."""
    titled = {(r["person"], normalize(r["org"]), r["status"]) for r in roles if r["title"]}
    return [r for r in roles if r["title"] or r["unit"]
            or (r["person"], normalize(r["org"]), r["status"]) not in titled]


def name_units_in_full(roles: list[dict], units: list[dict]) -> None:
    """A unit named by its short form ("EPG") is written as its full name in the roles."""
    full = {u["acronym"]: u["unit"] for u in units if u.get("acronym")}
    for role in roles:
        if role["unit"] in full:
            role["unit"] = full[role["unit"]]


def employ_at_companies(roles: list[dict], units: list[dict], company_kinds) -> None:
    """A subsidiary or a channel is a company of its own: a post in it is a post at that
    company ("prend la tête de la filiale jordanienne Jordan Telecom" → org Jordan Telecom),
    the subsidiary staying a unit of its parent in the units table."""
    companies = {normalize_unit(u["unit"]) for u in units if u["kind"] in company_kinds}
    for role in roles:
        if role["unit"] and normalize_unit(role["unit"]) in companies:
            role["org"], role["unit"] = role["unit"], None


def keep_held_units(units: list[dict], roles: list[dict]) -> list[dict]:
    """Boards and regions are units of the article only when someone holds, joins or heads
    them (GOLD_FORMAT: "comités … when someone joins, heads or is grouped in them")."""
    held = {normalize_unit(r["unit"]) for r in roles if r["unit"]}
    held |= {normalize_unit(w) for r in roles for w in [r["title"]] if r["title"]}
    kept = []
    for unit in units:
        if unit.pop("held_only", False):
            keys = {normalize_unit(unit["unit"]), normalize(unit["acronym"])} - {""}
            if not keys & held and not any(k in title for k in keys for title in held):
                continue
        kept.append(unit)
    return kept


def _complement_is_no_function(doc: Doc, role: dict, unit: str, intro_starts: set[int]
                               ) -> bool:
    """"prend la direction de l'allemand Hannover Rück", "la direction du géant jaune": the
    complement introduces a company (a nationality, "géant", "groupe"), and "la direction de
    l'usine Figueruelas" heads the unit it names: neither is a unit called "direction de …"."""
    at = doc.text.find(unit, role["start"], role["end"])
    span = doc.char_span(at, at + len(unit), alignment_mode="expand") if at >= 0 else None
    if span is None or len(span) < 3:
        return False
    lex = doc._.lexicon
    i = span.start + 2
    while i < span.end and doc[i].lower_ in lex.determiners:
        i += 1  # "de la", "de l'"
    if i >= span.end:
        return False
    # "de l'usine" (one unit, singular), not "des marques" (a function over all of them)
    return i in intro_starts or doc[i].lower_ in lex.headed_unit_nouns \
        and doc[i - 1].lower_ in lex.articles_singular


def units_headed_only(doc: Doc, units: list[dict], roles: list[dict]) -> list[dict]:
    """Units the text only names as headed or joined ("prend la tête de la direction des
    programmes"): someone heads them, so they are units of the article (GOLD_FORMAT)."""
    lex = doc._.lexicon
    elided = tuple(lex.elided_de)
    known = {normalize_unit(u["unit"]) for u in units}
    intro_starts: set[int] | None = None  # read from the rules once a phrase needs it
    found = []
    for role in roles:
        unit = role["unit"]
        if role["title"] or not unit or normalize_unit(unit) in known:
            continue
        words = unit.split()
        # only "kind word + de + name" ("direction des programmes"): a bare noun after "la
        # direction de" ("l'antenne") is a function, not a unit
        if len(words) < 3 or words[0].lower() not in lex.kind_words_singular \
                or words[1].lower() not in lex.prepositions_de and \
                not words[1].lower().startswith(elided):
            continue
        if intro_starts is None:
            intro_starts = {s.start for s in doc.spans.get("rules", [])
                            if s.label_ in {"NATIONALITY", "ORG_INTRO"}}
        if _complement_is_no_function(doc, role, unit, intro_starts):
            continue
        known.add(normalize_unit(unit))
        kind = words[0].lower()
        found.append({"unit": unit, "kind": kind, "parent": role["org"], "acronym": None,
                      "start": role["start"], "end": role["end"],
                      "sent_start": role["sent_start"], "sent_end": role["sent_end"],
                      "rule": "unit-headed"})
    return found
