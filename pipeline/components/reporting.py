"""Reporting lines: who reports to whom.

From the REPORTS_TO and MANAGES cues (models/cues/reporting.jsonl):

- REPORTS_TO ("reporte à", "rattaché à", "sous l'autorité de", "X lui reportera"): the
  subordinates are the clause's subject — a person, a pronoun, or a group ("Ils … tous les
  trois", "Les deux hommes") resolved to the last people named — and the manager is the person
  (or unit) after the cue, or the one a pronoun ("à elle", "lui") stands for; in "son
  supérieur, X" the subordinate is the one "son" stands for;
  a unit as the subject ("la division X, dirigée par A, sera rattachée à B") stands for the
  one the sentence says heads it;
- MANAGES ("aura sous sa responsabilité X et Y"): the other way round.
"""

from __future__ import annotations

from pipeline.components.cue_arguments import cue_subjects, fact, person_after
from pipeline.grammar.coreference import antecedent
from pipeline.grammar.mentions import MentionIndex
from pipeline.matching import normalize

# Reporting rules (models/cues/reporting.jsonl ids) whose arguments stand elsewhere.
TO_WHOM_HE_REPORTS_CUE = "reports-a-qui-il-repond"  # "X, à qui il répond": X manages "il"
SUPERIOR_CUE = "reports-son-superieur"              # "son supérieur, X": X manages "son"
UNDER_HIS_DIRECTION_CUE = "reports-sous-sa-direction"  # "Sous sa direction, X reste …"
LIST_REACH = 3  # tokens from the manager to the colon of "rattachées à elle : X …, Y …"


def heads_of_units_before(index: MentionIndex, cue, manager: str, roles) -> list[str]:
    """"La division X, dirigée par A, sera rattachée à B": a unit (or a company) reports, and
    with it the one the same sentence says heads it, before the cue. Where the cue itself
    gives the manager a unit to head ("… et Y placée sous la responsabilité de B"), no unit
    reports."""
    if any(r["person"] == manager and not r["title"] and r["start"] <= cue.start_char < r["end"]
           for r in roles):
        return []
    before = index.doc.text[cue.sent.start_char:cue.start_char]
    heads = []
    for role in roles:
        headed = role["unit"] or role["org"]
        if headed and headed in before and not role["title"] and role["status"] != "former" \
                and role["sent_start"] == cue.sent.start_char and role["end"] <= cue.start_char:
            heads.append(role["person"])
    return heads


def find_reporting(index: MentionIndex, max_gap: int, roles: list[dict] = ()) -> list[dict]:
    doc, lex = index.doc, index.lex
    rows, seen = [], set()
    for cue in index.cues.spans:
        if cue.label_ not in {"REPORTS_TO", "MANAGES"}:
            continue
        if any(c.label_ == "SPECULATION" for c in index.cues.within(cue.sent.start, cue.start)):
            continue
        rule = f"reporting:{cue.id_ or cue.label_}"
        if cue.label_ == "MANAGES":
            manager_names = cue_subjects(index, cue, max_gap, set())
            subordinates = [index.name(p) for p in index.people.within(cue.end, cue.sent.end)]
            pairs = [(s, m) for m in manager_names[:1] for s in subordinates]
        elif cue.id_ == TO_WHOM_HE_REPORTS_CUE:
            before = index.nearest_person_before(cue.start, cue.sent.start)
            if before is None:
                continue
            manager = index.name(before)
            pronoun = next(t for t in cue if t.lower_ in lex.subject_pronouns_all)
            subordinate = antecedent(index, cue.start, exclude={manager},
                                     gender=lex.subject_pronouns_all[pronoun.lower_] or None)
            pairs = [(subordinate, manager)] if subordinate else []
        elif cue.id_ == SUPERIOR_CUE:
            manager, _ = person_after(index, cue, set())
            subordinate = antecedent(index, cue.start, exclude={manager}) if manager else None
            pairs = [(subordinate, manager)] if subordinate else []
        elif cue.id_ == UNDER_HIS_DIRECTION_CUE:
            # "Sous sa direction, X reste directeur des flux": "sa" is someone named before
            subordinates = cue_subjects(index, cue, max_gap, set()) or [
                index.name(p) for p in index.people.within(cue.end, cue.sent.end)[:1]]
            manager = antecedent(index, cue.start, exclude=set(subordinates))
            pairs = [(s, manager) for s in subordinates]
        elif cue[0].lower_ in lex.dative_pronouns:
            subordinates = cue_subjects(index, cue, max_gap, set())
            manager = antecedent(index, cue.start, exclude=set(subordinates))
            pairs = [(s, manager) for s in subordinates]
        else:
            manager, manager_span = person_after(index, cue, set())
            if manager is None:
                continue
            subordinates = cue_subjects(index, cue, max_gap, {manager}) \
                or heads_of_units_before(index, cue, manager, roles)
            if not subordinates:
                # "deux fonctions rattachées à elle : X devient …, et Y …": the people a colon
                # after the manager lists ("l'Allemagne sera sous la responsabilité de M,
                # l'Australie revient à X": X is no subordinate of M)
                after = manager_span.end if manager_span is not None else cue.end
                colon = next((j for j in range(after, min(cue.sent.end, after + LIST_REACH))
                              if doc[j].text == ":"), None)
                subordinates = [index.name(p) for p in index.people.within(colon, cue.sent.end)
                                ] if colon is not None else []
            pairs = [(s, manager) for s in subordinates]
        for subordinate, manager in pairs:
            key = (normalize(subordinate), normalize(manager))
            if manager and subordinate != manager and key not in seen:
                seen.add(key)
                rows.append({"subordinate": subordinate, "manager": manager,
                             **fact(doc, cue, [], rule)})
    return rows
