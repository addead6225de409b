"""A role's status (new / former / current), decided in one place.

Where a role is found, the text's evidence about its time is gathered into a `StatusEvidence`
(the status cue nearest the post, the verb's tense, the word before the holder's name, …). Once
every role of the doc is known, `decide_status` walks `DECISIONS`, an ordered table of named
decisions: the first that applies sets the status, and its name goes into the role's
``status_reason`` column, so a reviewer sees why a row is ``former``. Changes made later with
the whole document in view (a post held "actuellement" by someone who moves, a succession)
are named revisions of the same table (`REVISIONS`), applied through `revise`.

To change how status is decided: add or move a row of `DECISIONS` (or `REVISIONS`), and the
evidence it reads in `StatusEvidence`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from pipeline.grammar.clauses import object_of_cue, place_after, subject_of
from pipeline.grammar.mentions import MentionIndex
from pipeline.grammar.tokens import is_finite_verb

STATUS_CUES = {"NEW": "new", "FORMER": "former", "CURRENT": "current"}
STATUS_PRIORITY = {"new": 3, "former": 2, "current": 1}
DEPARTURE_REACH = 16  # tokens from "le départ de …" to the names it governs

# The cue rules (models/cues/status.jsonl ids) the decisions read by name.
ACTUEL_CUE = "current-actuel"              # "l'actuel président": held now, left if one moves
JUSQU_ICI_CUE = "former-jusqu-ici"         # "jusqu'ici directrice"
KEPT_POST_CUES = {"current-aujourd-hui", "current-stays"}  # "aujourd'hui président", "reste"
AT_THE_TIME_CUE = "former-at-the-time"     # "DG à l'époque"
DEPARTURE_CUE = "former-departure"         # "le départ de X"
IMPERFECT_CUE = "former-imperfect"         # "annonçait"
LEAVE_CUE = "former-leave"                 # "quitte le groupe"


@dataclass
class StatusEvidence:
    """What the text says about the time of one role, gathered where the role is found."""

    source: str                        # "title", "headship", "post-anaphor", "frame"
    cue: Span | None = None            # the status cue nearest the post
    how: str = ""                      # how the holder was found (attach_person's answer)
    lead: str | None = None            # the status a cue right before the holder's name gives
    lead_blocked: bool = False         # … unless the sentence gives the holder a later post
    headship_cue: str = ""             # HEADS / HEADS_NEW / HEADED_BY
    confided_verb: bool = False        # "confiée à X", "attribuée à X", "reprise par X"
    imperfect_verb: bool = False       # "dirigeait", the headship verb in the imperfect
    pluperfect: bool = False           # "avait intégré Y au poste de …"
    cumulating: bool = False           # "… sera également chargée de …"
    closed_period: bool = False        # "de 2011 à 2016", "à l'époque"
    leaves_after: bool = False         # "X, directrice marketing, quitte le groupe"
    succeeded_holder: bool = False     # "succéder au PDG X": X's post is being left
    tense: str = ""                    # the clause's tense: future / present / past / pluperfect
    past_year: bool = False            # "En 1992, X est nommé …": dated before the article
    frame_label: str = ""              # a dependency frame's label: HEADS, JOINS, …

    @property
    def cue_id(self) -> str:
        return self.cue.id_ if self.cue is not None else ""

    @property
    def cue_status(self) -> str | None:
        return STATUS_CUES.get(self.cue.label_) if self.cue is not None else None


@dataclass(frozen=True)
class Decision:
    name: str
    applies: Callable[[StatusEvidence], bool]
    status: str | Callable[[StatusEvidence], str]


# First match wins. Each row: its name (written in status_reason), when it applies, the status.
DECISIONS: list[Decision] = [
    Decision("headship-verb-in-imperfect",  # "X dirigeait la division": held before
             lambda e: e.headship_cue == "HEADS" and e.imperfect_verb, "former"),
    Decision("headship-taken",  # "prend la tête de", "se voit confier"
             lambda e: e.headship_cue == "HEADS_NEW", "new"),
    Decision("post-confided",  # "la division est confiée à X", "les fonctions de PDG … à X"
             lambda e: e.confided_verb or e.how == "title-confided", "new"),
    Decision("cue-before-name",  # "a nommé M. X, président de Y", "le départ de X, DG"
             lambda e: e.lead is not None and not e.lead_blocked, lambda e: e.lead),
    Decision("predecessor-named-by-title",  # "succéder au PDG X"
             lambda e: e.succeeded_holder, "former"),
    Decision("leaves-after-apposition",  # "X, directrice marketing, quitte le groupe"
             lambda e: e.leaves_after, "former"),
    Decision("closed-period",  # "patron d'X de 2011 à 2016", "DG à l'époque"
             lambda e: e.cue is None and e.closed_period, "former"),
    Decision("held-until-now-and-kept",  # "jusqu'ici directrice, sera également chargée"
             lambda e: e.cue_id == JUSQU_ICI_CUE and e.cumulating, "current"),
    Decision("appointment-in-pluperfect",  # "avait été nommé", career history
             lambda e: e.cue_status == "new" and e.pluperfect, "former"),
    Decision("appointment-in-a-past-year",  # "En 1992, X est nommé directeur général"
             lambda e: e.past_year and (e.cue_status == "new"
                                        or e.frame_label in {"HEADS_NEW", "JOINS"}), "former"),
    Decision("post-anaphor-future",  # "occupera ce poste"
             lambda e: e.source == "post-anaphor" and e.tense == "future", "new"),
    Decision("post-anaphor-present",  # "occupe ce poste"
             lambda e: e.source == "post-anaphor" and e.tense == "present", "current"),
    Decision("post-anaphor-past",  # "a occupé ce poste", "occupait ce poste"
             lambda e: e.source == "post-anaphor", "former"),
    Decision("frame-left",  # "quitte la direction de X", "quitte le conseil d'administration"
             lambda e: e.frame_label in {"HEADS_LEFT", "LEAVES_BODY"}, "former"),
    Decision("frame-taken-in-pluperfect",  # "avait pris la tête de X": career history
             lambda e: e.frame_label in {"HEADS_NEW", "JOINS"} and e.tense == "pluperfect",
             "former"),
    Decision("frame-taken",  # "prend la tête de X", "rejoint le comité exécutif"
             lambda e: e.frame_label in {"HEADS_NEW", "JOINS"}, "new"),
    Decision("status-cue",  # the cue nearest the post: "nommé", "ex-", "actuel"
             lambda e: e.cue is not None, lambda e: e.cue_status),
    Decision("frame-future",  # "dirigera le pôle X", "va diriger"
             lambda e: e.source == "frame" and e.tense == "future", "new"),
    Decision("frame-past",  # "a dirigé", "dirigeait", "avait dirigé"
             lambda e: e.source == "frame" and e.tense in {"past", "pluperfect"}, "former"),
    Decision("nothing-said", lambda e: True, "current"),
]

# Decisions taken once the whole document is read, in the order they are applied.
REVISIONS = {
    "held-until-moved": "former",   # "l'actuel DG", then a new post for the same person
    "succeeded": "former",          # the predecessor of a succession leaves the post
    "succeeds-to-post": "new",      # the successor takes the predecessor's post
    "left-to-successor": "former",  # the predecessor held the post the successor takes
    "taken-in-succession": "new",   # "X prend la succession de Y à la tête de Z / comme DG"
}


def decide_status(evidence: StatusEvidence) -> tuple[str, str]:
    """(status, reason): the first decision of `DECISIONS` that applies."""
    for decision in DECISIONS:
        if decision.applies(evidence):
            status = decision.status(evidence) if callable(decision.status) else decision.status
            # the cue's rule id says which words decided: "status-cue:former-jusqu-ici"
            reason = f"{decision.name}:{evidence.cue_id}" if decision.name == "status-cue" \
                else decision.name
            return status, reason
    raise AssertionError("the last decision always applies")


def revise(role: dict, revision: str) -> dict:
    """Set a role's status by one of the named `REVISIONS`; returns the role."""
    role["status"] = REVISIONS[revision]
    role["status_reason"] = revision
    return role


def apply_decisions(roles: list[dict]) -> None:
    """Decide every role's status from its evidence (``role["evidence"]``, then removed)."""
    for role in roles:
        evidence = role.pop("evidence")
        role["status"], role["status_reason"] = decide_status(evidence)


def block_leads_of_later_posts(roles: list[dict]) -> None:
    """"Il a nommé M. X, président de Y": the verb before the name makes the apposed post new,
    unless the sentence gives the person another post ("l'arrivée de X, DG de A, au poste
    de …": the apposition is the post held)."""
    for role in roles:
        evidence = role["evidence"]
        if evidence.source != "title" or not evidence.lead:
            continue
        evidence.lead_blocked = any(
            r is not role and r["person"] == role["person"]
            and r["sent_start"] == role["sent_start"] and r["end"] > role["end"]
            and r["rule"] != "title:apposition"  # not "X, DG de A et président de B"
            for r in roles)


# --- the evidence --------------------------------------------------------------------------

def status_cue_near(index: MentionIndex, start: int, end: int) -> Span | None:
    """The status cue nearest to `end` in [start, end), if any."""
    best = None
    for cue in index.cues.within(start, end):
        if cue.label_ in STATUS_CUES and (best is None or cue.end > best.end):
            best = cue
    return best


def modifies_title(index: MentionIndex, cue: Span, title: Span) -> bool:
    """Is an adjective cue ("actuel", "l'actuelle") part of the title's own noun phrase?"""
    between = index.doc[cue.end:title.start]
    return all(t.lower_ in index.lex.determiners or t.pos_ == "ADJ" for t in between)


def told_in_pluperfect(index: MentionIndex, start: int, end: int) -> bool:
    """An appointment verb in the pluperfect ("avait intégré", "avait été nommé") tells
    what happened before the news: the post it gives is history, not new. Only the last
    verb before the post counts ("X, qui avait rejoint Y en 2012, est promu …" is new)."""
    doc, lex = index.doc, index.lex
    verbs = [t for t in doc[start:end] if t.pos_ in {"VERB", "AUX"}]
    if not verbs or "VerbForm=Part" not in str(verbs[-1].morph) \
            or index.cues.at.get(verbs[-1].i) is None \
            or index.cues.at[verbs[-1].i].label_ != "NEW":
        return False
    j = verbs[-1].i - 1
    while j >= start and (doc[j].pos_ == "ADV" or doc[j].lower_ in lex.ete_word):
        j -= 1
    return j >= start and doc[j].lower_ in lex.pluperfect_auxiliaries


YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")
YEAR_KEY = "organigramme.year"  # the article's year, when its date is known


def article_year(doc: Doc) -> int | None:
    """The year the article speaks from: its date's (set by the annotation step), else the
    latest year its text names."""
    year = doc.user_data.get(YEAR_KEY)
    if year:
        return int(year)
    years = [int(found) for found in YEAR.findall(doc.text)]
    return max(years) if years else None


def dated_before_the_article(index: MentionIndex, start: int, end: int) -> bool:
    """A year earlier than the article's, introduced as a point in time ("En 1992, …",
    "en mars 2014", "dès 2010") in [start, end): the clause tells career history."""
    doc, lex = index.doc, index.lex
    reference = None
    for token in doc[start:end]:
        if not (token.like_num and YEAR.fullmatch(token.text)):
            continue
        before = [t.lower_ for t in doc[max(start, token.i - 3):token.i]]
        if not any(word in lex.point_in_time_words for word in before):
            continue
        if reference is None:
            reference = article_year(doc)
        if reference is not None and int(token.text) < reference:
            return True
    return False


def held_at_the_time(index: MentionIndex, i: int) -> bool:
    """"X, directeur général délégué à l'époque": a past marker right after the post."""
    return any(cue.id_ == AT_THE_TIME_CUE for cue in index.cues.within(i, i + 4)
               if cue.start <= i + 1)


def cumulates_after(index: MentionIndex, title: Span) -> bool:
    """"… sera également chargée de …", "cumulera": the new post is added to this one."""
    words = index.lex.cumulating_words
    return any(t.lower_ in words for t in index.doc[title.end:title.sent.end])


def lead_status(index: MentionIndex, mention: Span) -> str | None:
    """A cue right before a name governs its apposition: "a nommé M. X, président de Y",
    "le départ de X, directrice générale". The one a successor replaces leaves the post
    apposed to his name: "remplace X, directeur financier"."""
    doc, lex = index.doc, index.lex
    if object_of_cue(index, mention, {"SUCCEEDS"}):
        return "former"
    skipped = lex.determiners | lex.prepositions_de | lex.lead_skip_words
    j = mention.start - 1
    while j >= mention.sent.start and mention.start - j <= 4 and (
            doc[j].lower_ in skipped or doc[j].pos_ in {"ADJ", "NUM"}):
        j -= 1
    cue = index.cues.at.get(j)
    if cue is not None and cue.label_ in {"NEW", "FORMER"} and cue.end == j + 1:
        if cue.label_ == "NEW" and _narrated_in_imperfect(index, cue):
            return None  # "annonçait le recrutement de X en tant que CEO": held since then
        return STATUS_CUES[cue.label_]
    # "le départ à la retraite le 1er janvier de X", "le départ de deux dirigeants, A, …, et
    # B": a departure noun governs the names of the verbless stretch after it
    for cue in reversed(index.cues.within(mention.sent.start, mention.start)):
        if cue.id_ == DEPARTURE_CUE:
            between = doc[cue.end:mention.start]
            if len(between) <= DEPARTURE_REACH and not any(map(is_finite_verb, between)):
                return "former"
            break
    return None


def _narrated_in_imperfect(index: MentionIndex, cue: Span, reach: int = 4) -> bool:
    """Is an appointment noun the object of a verb in the imperfect ("annonçait la nomination
    de X")? Then the appointment is past news, not this article's."""
    return any(other.id_ == IMPERFECT_CUE and cue.start - other.end <= reach
               for other in index.cues.within(max(cue.sent.start, cue.start - reach - 1),
                                              cue.start))


LEAVING_VERB_REACH = 4  # "a été révoqué", "ont ainsi été démis": auxiliaries, adverbs, a verb


def leaves_after_apposition(index: MentionIndex, span: Span) -> bool:
    """"X, directrice marketing, quitte elle aussi le groupe", "A, vice-président, et B,
    directeur général, ont été démis de leurs fonctions", "le président de K, X, a été
    révoqué": the verb after the apposition (or after the name a title precedes) says the
    post is being left. `span` is the apposed title, or the name after the title."""
    doc = index.doc
    sent_end = span.sent.end
    if span.start > 0 and doc[span.start - 1].text == "," \
            and index.people.starting_at(span.start) is not None \
            and _verb_group_leaves(index, span.end, sent_end):
        # "Directrice financière depuis 2015, X quittera le groupe": the fronted title's holder
        # is the subject of the leaving verb right after the name
        return True
    # past the place of the post: "X, membre du comité exécutif de Norsys, quitte …"
    end = max(span.end, place_after(doc, index, span.end, sent_end)[2])
    j = end
    while j < min(sent_end, end + 4) and doc[j].text != ",":
        j += 1
    if j >= sent_end or doc[j].text != ",":
        return False
    k = j + 1
    if k + 1 < sent_end and doc[k].lower_ in index.lex.stressed_pronouns \
            and doc[k + 1].text == ",":
        k += 2  # "L'actuel CEO de K, X, lui, quittera le pays"
    if k < sent_end and doc[k].lower_ in index.lex.and_words:
        # "A, vice-président, et B, directeur général, ont été démis": the last of the list
        person = index.people.starting_at(k + 1)
        if person is None:
            return False
        # past B's own apposition, if any, to the verb they share
        titled = index.titles.starting_at(person.end + 1) \
            if person.end < sent_end and doc[person.end].text == "," else None
        if titled is not None:
            return leaves_after_apposition(index, titled)
        return _verb_group_leaves(index, person.end, sent_end)
    return _verb_group_leaves(index, k, sent_end)


def _verb_group_leaves(index: MentionIndex, k: int, sent_end: int) -> bool:
    """Is the verb group starting at k ("a été révoqué", "quitte elle aussi", "va quitter")
    headed by a leaving verb?"""
    doc = index.doc
    for m in range(k, min(sent_end, k + LEAVING_VERB_REACH)):
        # "quittera" is both a leaving verb and a future: any cue starting here counts
        if any(cue.id_ == LEAVE_CUE and cue.start == m
               for cue in index.cues.within(m, sent_end)):
            return True
        if doc[m].pos_ == "VERB" or doc[m].is_punct:
            return False
    return False


def verb_tense(doc: Doc, verb: Token, sent: Span) -> str:
    """"occupera" future, "occupe" present, "a occupé" / "occupait" past."""
    morph = str(verb.morph)
    if "Tense=Fut" in morph:
        return "future"
    avoir = doc._.lexicon.avoir_lemma
    compound = any(t.lemma_ in avoir for t in doc[max(sent.start, verb.i - 3):verb.i])
    return "present" if "Tense=Pres" in morph and not compound else "past"


# --- revisions with the whole document in view ----------------------------------------------

def movers_of(index: MentionIndex, roles: list[dict], max_gap: int) -> set[str]:
    """People who take a post in the article: a new role, or the subject of an appointment
    or succession cue ("va prendre la tête de …", "remplaçant X")."""
    movers = {r["person"] for r in roles if r["status"] == "new"}
    for cue in index.cues.spans:
        if cue.label_ in {"HEADS_NEW", "SUCCEEDS"}:
            name, _ = subject_of(index, cue.start, cue.sent, max_gap)
            if name:
                movers.add(name)
    return movers


def retire_replaced_posts(roles: list[dict], movers: set[str]) -> None:
    """A post said to be held "actuellement" is former once its holder moves anywhere. A post
    named without such a word stays current when its holder takes another: posts are often
    cumulated ("X, directeur financier, est nommé directeur général adjoint"), and
    GOLD_FORMAT makes a post former only when the text says it is left or was held until now."""
    for role in roles:
        if role.pop("until_moved", False) and role["person"] in movers \
                and role["status"] == "current":
            revise(role, "held-until-moved")
