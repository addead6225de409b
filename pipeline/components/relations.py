"""Reporting lines and successions between people.

Both start from a cue of the ``cue_rules`` SpanRuler (``doc.spans["cues"]``):

- REPORTS_TO ("reporte à", "rattaché à", "sous l'autorité de", "X lui reportera"): the
  subordinates are the clause's subject — a person, a pronoun, or a group ("Ils … tous les
  trois", "Les deux hommes") resolved to the last people named — and the manager is the person
  (or unit) after the cue, or the one a pronoun ("à elle", "lui") stands for; in "son
  supérieur, X" the subordinate is the one "son" stands for;
- MANAGES ("aura sous sa responsabilité X et Y"): the other way round;
- SUCCEEDS ("succède à", "remplace", "en remplacement de", "lui succède") and SUCCEEDED_BY
  ("Y cède … à X", "remplacé par"): successor and predecessor likewise.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.components.mentions import (
    DETERMINERS, HONORIFICS, OBJECT_PRONOUNS, PREPOSITIONS_DE, MentionIndex, is_finite_verb,
)
from pipeline.components.roles import (
    clean_title, is_speculative, main_organization, object_of_cue, place_after,
    resolve_pronoun_before, subject_of,
)
from pipeline.matching import normalize

NUMBER_WORDS = {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
                "2": 2, "3": 3, "4": 4, "5": 5, "6": 6}
TITLE_INTRODUCERS = {"comme", "que", "poste", "fonction", "fonctions", "titre"}


@Language.factory(
    "organigramme_relations",
    assigns=["doc._.reporting", "doc._.successions"],
    requires=["doc.spans", "doc._.roles"],
    default_config={"max_subject_gap": 30},
)
def make_relation_extractor(nlp: Language, name: str, max_subject_gap: int
                            ) -> "RelationExtractor":
    return RelationExtractor(name, max_subject_gap)


class RelationExtractor:
    def __init__(self, name: str, max_subject_gap: int = 30):
        self.name = name
        self.max_subject_gap = max_subject_gap

    def __call__(self, doc: Doc) -> Doc:
        index = MentionIndex(doc)
        doc._.reporting = find_reporting(index, self.max_subject_gap)
        doc._.successions = find_successions(index, self.max_subject_gap)
        if doc._.roles is not None:
            doc._.successions += successions_after_departures(index, doc._.roles,
                                                              doc._.successions)
            inherit_posts(doc._.roles, doc._.successions)
        return doc

    def to_disk(self, path, exclude=tuple()):
        pass

    def from_disk(self, path, exclude=tuple()):
        return self


def _group_before(index: MentionIndex, cue: Span, exclude: set[str]) -> list[str]:
    """People a plural subject before the cue stands for ("Ils reportent tous les trois")."""
    sent = cue.sent
    plural = [c for c in index.cues.within(sent.start, cue.end) if c.label_ == "PLURAL"]
    if not plural:
        return []
    count = None
    for c in plural:
        for token in c:
            if token.lower_ in NUMBER_WORDS:
                count = NUMBER_WORDS[token.lower_]
    start = min(c.start for c in plural)
    if count and any(c.id_ == "plural-numeral-subject" for c in plural):
        # "Trois managers reportent à X. A, …. B, …. Et C, …": the group is named next
        following = index.people.within(cue.end, len(index.doc))
        names = [n for n in dict.fromkeys(index.name(p) for p in following) if n not in exclude]
        return names[:count]
    in_sentence = [index.name(p) for p in index.people.before(start, sent.start)]
    if in_sentence and count and len(set(in_sentence)) >= count:
        return list(dict.fromkeys(in_sentence))[-count:]
    return index.recent_people(sent.start, count, exclude)


def _subjects(index: MentionIndex, cue: Span, max_gap: int, exclude: set[str]) -> list[str]:
    group = _group_before(index, cue, exclude)
    if group:
        return group
    sent = cue.sent
    name, mention = subject_of(index, cue.start, sent, max_gap)
    if name is None:
        name = _described_subject(index, cue)
        return [name] if name is not None and name not in exclude else []
    if mention is not None and index.units.within(mention.end, cue.start):
        return []  # "A dirigée par X et B placée sous la responsabilité de Y": B is the subject
    names = [name]
    # "X et Y reportent à Z": a coordinated subject
    if mention is not None:
        previous = index.nearest_person_before(mention.start, sent.start)
        if previous is not None and index.doc[previous.end:mention.start].text.strip() == "et":
            names.insert(0, index.name(previous))
    return [n for n in names if n not in exclude]


def _described_subject(index: MentionIndex, cue: Span) -> str | None:
    """"Le directeur général du groupe, qui a succédé à Y, …": a sentence opening on a
    definite title with no name stands for the one person the article gives that title."""
    doc, sent = index.doc, cue.sent
    title = index.titles.starting_at(sent.start + 1)
    if title is None or doc[sent.start].lower_ not in {"le", "la", "l'", "l’"} \
            or index.people.within(title.end, cue.start) or doc[sent.start].i == cue.start:
        return None
    # "du groupe", or nothing: the article's organisation; else the one named
    org = place_after(doc, index, title.end, sent.end)[0]
    org_name = index.name(org) if org is not None else main_organization(index)
    wanted = normalize(clean_title(title))
    holders = {r["person"] for r in doc._.roles or []
               if normalize(r["title"]) == wanted and r["status"] != "former"
               and normalize(r["org"]) == normalize(org_name)}
    return holders.pop() if len(holders) == 1 else None


def _person_after(index: MentionIndex, cue: Span, exclude: set[str]) -> tuple[str | None, Span | None]:
    """The person (or unit) a cue points at: "à Alain Bernard", "du PDG Carlos Ghosn", "à elle"."""
    doc, sent = index.doc, cue.sent
    j = cue.end
    limit = min(sent.end, cue.end + 10)
    if j < sent.end and doc[j].lower_ in {"elle", "lui", "eux", "elles"}:
        return index.antecedent(cue.start, exclude=exclude,
                                gender="Fem" if doc[j].lower_ == "elle" else None), None
    unit = index.units.starting_at(j) or (index.units.starting_at(j + 1)
                                         if j < sent.end and doc[j].lower_ in DETERMINERS else None)
    person = index.first_person_after(j, limit)
    if person is not None:
        between = doc[j:person.start]
        # only determiners, titles and the organisation of the title may stand between
        if all(t.lower_ in DETERMINERS | PREPOSITIONS_DE | HONORIFICS | {",", "au", "aux"}
               or t.pos_ == "ADV"
               or index.titles.at.get(t.i) is not None or index.orgs.at.get(t.i) is not None
               for t in between):
            return index.name(person), person
    if unit is not None:
        return unit.text, unit
    return None, None


def _dative_antecedent(index: MentionIndex, cue: Span, subject: set[str]) -> str | None:
    return index.antecedent(cue.start, exclude=subject)


def _fact(doc: Doc, cue: Span, spans: list[Span | None], rule: str) -> dict:
    present = [s for s in spans if s is not None] + [cue]
    sent = cue.sent
    return {"start": min(s.start_char for s in present), "end": max(s.end_char for s in present),
            "rule": rule, "sent_start": sent.start_char, "sent_end": sent.end_char}


def find_reporting(index: MentionIndex, max_gap: int) -> list[dict]:
    doc = index.doc
    rows, seen = [], set()
    for cue in index.cues.spans:
        if cue.label_ not in {"REPORTS_TO", "MANAGES"}:
            continue
        if any(c.label_ == "SPECULATION" for c in index.cues.within(cue.sent.start, cue.start)):
            continue
        rule = f"reporting:{cue.id_ or cue.label_}"
        if cue.label_ == "MANAGES":
            manager_names = _subjects(index, cue, max_gap, set())
            subordinates = [index.name(p) for p in index.people.within(cue.end, cue.sent.end)]
            pairs = [(s, m) for m in manager_names[:1] for s in subordinates]
        elif cue.id_ == "reports-a-qui-il-repond":
            before = index.nearest_person_before(cue.start, cue.sent.start)
            if before is None:
                continue
            manager = index.name(before)
            pronoun = next(t for t in cue if t.lower_ in {"il", "elle", "ils", "elles"})
            subordinate = index.antecedent(cue.start, exclude={manager},
                                           gender="Fem" if pronoun.lower_ == "elle" else None)
            pairs = [(subordinate, manager)] if subordinate else []
        elif cue.id_ == "reports-son-superieur":
            # "dit de lui son supérieur, X": X manages the one "son" stands for
            manager, _ = _person_after(index, cue, set())
            subordinate = index.antecedent(cue.start, exclude={manager}) if manager else None
            pairs = [(subordinate, manager)] if subordinate else []
        elif cue.id_ == "reports-sous-sa-direction":
            # "Sous sa direction, X reste directeur des flux": "sa" is someone named before
            subordinates = _subjects(index, cue, max_gap, set()) or [
                index.name(p) for p in index.people.within(cue.end, cue.sent.end)[:1]]
            manager = index.antecedent(cue.start, exclude=set(subordinates))
            pairs = [(s, manager) for s in subordinates]
        elif cue[0].lower_ in {"lui", "leur"}:
            subordinates = _subjects(index, cue, max_gap, set())
            manager = _dative_antecedent(index, cue, set(subordinates))
            pairs = [(s, manager) for s in subordinates]
        else:
            manager, manager_span = _person_after(index, cue, set())
            if manager is None:
                continue
            subordinates = _subjects(index, cue, max_gap, {manager})
            if not subordinates:
                # "deux fonctions rattachées à elle : X devient …, et Y …"
                after = manager_span.end if manager_span is not None else cue.end
                subordinates = [index.name(p) for p in index.people.within(after, cue.sent.end)]
            pairs = [(s, manager) for s in subordinates]
        for subordinate, manager in pairs:
            key = (normalize(subordinate), normalize(manager))
            if manager and subordinate != manager and key not in seen:
                seen.add(key)
                rows.append({"subordinate": subordinate, "manager": manager,
                             **_fact(doc, cue, [], rule)})
    return rows


def _title_after(index: MentionIndex, i: int, limit: int) -> str:
    """The post a succession is about: "succède à Y comme directeur général"."""
    doc = index.doc
    for j in range(i, min(limit, i + 6)):
        title = index.titles.starting_at(j)
        if title is not None and any(t.lower_ in TITLE_INTRODUCERS for t in doc[i:j]):
            return title.text
    return ""


def find_successions(index: MentionIndex, max_gap: int) -> list[dict]:
    doc = index.doc
    rows, seen = [], set()
    for cue in index.cues.spans:
        if cue.label_ not in {"SUCCEEDS", "SUCCEEDED_BY"}:
            continue
        sent = cue.sent
        if is_speculative(index, max(sent.start, cue.start - 6), cue.start):
            continue  # "il pourrait prendre la succession de X": a rumour, not a fact
        rule = f"succession:{cue.id_ or cue.label_}"
        subject = _subjects(index, cue, max_gap, set())
        dative = cue[0].lower_ in {"lui", "leur"}
        if cue.id_ == "succeeds-son-predecesseur":
            # "Greg Maffei … Et son prédécesseur Harry L. You …": "son" is the successor
            name, span = _person_after(index, cue, set())
            if name is None or span is None or span.start - cue.end > 2:
                continue
            successors = [index.antecedent(cue.start, exclude={name})]
            predecessors, end = [name], span.end
        elif cue.label_ == "SUCCEEDS":
            successors = subject
            pronoun_object = dative or (cue.start > sent.start
                                        and doc[cue.start - 1].lower_ in OBJECT_PRONOUNS)
            if pronoun_object:
                predecessors = [index.antecedent(cue.start, exclude=set(successors))]
                end = cue.end
            else:
                name, span = _person_after(index, cue, set(successors))
                predecessors, end = [name], (span.end if span is not None else cue.end)
                if span is not None:
                    more = _coordinated_people(index, span.end, sent.end)
                    predecessors += [index.name(p) for p in more]
            if not successors:
                successors = [index.name(p) for p in index.people.within(end, sent.end)]
            if not successors:
                # "la nomination de X comme directeur, en remplacement de Y"
                appointed = _appointed_before(index, cue)
                successors = [index.name(appointed)] if appointed is not None else []
        else:
            predecessors = subject
            if dative:
                successors = [index.antecedent(cue.start, exclude=set(predecessors))]
                end = cue.end
            else:
                j = cue.end
                if cue[-1].lower_ not in {"à", "au", "par"}:
                    while j < sent.end and doc[j].lower_ not in {"à", "au", "par"}:
                        j += 1
                person = index.first_person_after(j, min(sent.end, j + 8))
                successors = [index.name(person)] if person is not None else []
                end = person.end if person is not None else cue.end
        title = _title_after(index, end, sent.end)
        for successor in successors:
            for predecessor in predecessors:
                key = (normalize(successor or ""), normalize(predecessor or ""))
                if successor and predecessor and successor != predecessor and key not in seen:
                    seen.add(key)
                    rows.append({"successor": successor, "predecessor": predecessor,
                                 "title": title, **_fact(doc, cue, [], rule)})
    return rows + _handovers(index, seen)


def _appointed_before(index: MentionIndex, cue: Span) -> Span | None:
    """The person an appointment cue before `cue` in its sentence names ("nomination de X")."""
    for person in reversed(index.people.before(cue.start, cue.sent.start)):
        if object_of_cue(index, person, {"NEW"}):
            return person
    return None


def _handovers(index: MentionIndex, seen: set) -> list[dict]:
    """"La division, jusque-là dirigée par Y, est désormais reprise par X", "le poste laissé
    vacant par Y … est repris par X": the same post headed by one person before and by
    another now is a succession (X succeeds Y)."""
    doc, rows = index.doc, []
    headed = [c for c in index.cues.spans if c.label_ == "HEADED_BY" and c[-1].lower_ == "par"]
    for earlier, later in zip(headed, headed[1:]):
        if earlier.sent.start != later.sent.start:
            continue
        window = index.cues.within(max(earlier.sent.start, earlier.start - 3), earlier.start)
        if earlier.id_ != "headed-by-vacated" and not any(c.label_ == "FORMER" for c in window):
            continue  # "jusque-là dirigée par Y", or "le poste laissé vacant par Y"
        before = index.first_person_after(earlier.end, min(later.start, earlier.end + 4))
        after = index.first_person_after(later.end, min(later.sent.end, later.end + 4))
        if before is None or after is None:
            continue
        successor, predecessor = index.name(after), index.name(before)
        key = (normalize(successor), normalize(predecessor))
        if successor != predecessor and key not in seen:
            seen.add(key)
            rows.append({"successor": successor, "predecessor": predecessor, "title": "",
                         **_fact(doc, earlier, [later, before, after], "succession:handover")})
    return rows


DEPARTURE_NOUNS = {"départ", "démission", "limogeage", "éviction", "révocation", "décès",
                   "retraite"}
DEPARTURE_REACH = 4  # tokens from "le départ" to the name: "le départ fracassant d'X"


def successions_after_departures(index: MentionIndex, roles: list[dict],
                                 known: list[dict]) -> list[dict]:
    """"Après le départ fracassant d'Isabelle Kocher, Engie s'est choisi une nouvelle
    directrice générale, Catherine MacGregor": a sentence telling of one person's departure
    and of another's appointment to a titled post is a succession to that post."""
    doc, rows = index.doc, []
    seen = {(normalize(r["successor"]), normalize(r["predecessor"])) for r in known}
    for cue in index.cues.spans:
        if cue.id_ != "former-departure" or cue[0].lower_ not in DEPARTURE_NOUNS:
            continue
        sent = cue.sent
        leaving = index.first_person_after(cue.end, min(sent.end, cue.end + DEPARTURE_REACH))
        if leaving is None or doc[leaving.start - 1].lower_ not in PREPOSITIONS_DE:
            continue
        predecessor = index.name(leaving)
        taken = [r for r in roles if r["status"] == "new" and r["title"]
                 and r["person"] != predecessor and r["start"] >= leaving.end_char
                 and sent.start_char <= r["start"] < sent.end_char]
        if len({r["person"] for r in taken}) != 1:
            continue  # nobody, or several people appointed: whose post was left is unsaid
        role = taken[0]
        key = (normalize(role["person"]), normalize(predecessor))
        if key not in seen:
            seen.add(key)
            rows.append({"successor": role["person"], "predecessor": predecessor,
                         "title": role["title"],
                         **_fact(doc, cue, [leaving], "succession:after-departure"),
                         "end": max(role["end"], leaving.end_char)})
    return rows


COORDINATORS = {("et",), ("mais", "aussi"), ("mais", "également"), ("ainsi", "que")}


def _coordinated_people(index: MentionIndex, i: int, sent_end: int, reach: int = 25
                        ) -> list[Span]:
    """People coordinated with the one ending at token i, past their appositions:
    "remplaçant non seulement A, président depuis 2017, mais aussi B" → [B]."""
    doc = index.doc
    found = []
    j = i
    limit = min(sent_end, i + reach)
    while j < limit:
        token = doc[j]
        if is_finite_verb(token) and token.is_lower:
            break  # a new clause
        for words in COORDINATORS:
            if tuple(t.lower_ for t in doc[j:j + len(words)]) == words:
                k = j + len(words)
                person = index.people.starting_at(k)
                if person is not None:
                    found.append(person)
                    j = person.end
                    limit = min(sent_end, j + reach)
                    break
        else:
            j += 1
    return found


SEAT_WORDS = {"membre", "administrateur", "administratrice"}


def is_seat(title: str) -> bool:
    """"membre du comité exécutif", "administrateur": a seat among others, which a
    successor joins without taking it from the one succeeded."""
    return bool(title) and title.split()[0].lower() in SEAT_WORDS


def inherit_posts(roles: list[dict], successions: list[dict]) -> None:
    """A successor takes the predecessor's post, and the predecessor leaves it.

    "Doug Ostermann lui succède" after "Natalie Knight, la directrice financière" gives
    Ostermann the post (new) and makes Knight's former.
    """
    for succession in successions:
        successor, predecessor = succession["successor"], succession["predecessor"]
        held = [r for r in roles if r["person"] == predecessor and r["status"] != "new"]
        taken = [r for r in roles if r["person"] == successor and r["status"] == "new"]
        posts = {(normalize(r["title"]), normalize(r["unit"]), normalize(r["org"]))
                 for r in roles if r["person"] == successor}
        # Which post the successor takes: the one the succession names, else the
        # predecessor's only post (of several, the text does not say which).
        inherited = [r for r in held if normalize(succession["title"]) == normalize(r["title"])] \
            if succession["title"] else (held if len(held) == 1 else [])
        for role in held:
            if role.get("kept") and role not in inherited:
                continue  # "son prédécesseur, X, aujourd'hui président": still president
            role["status"] = "former"
            key = (normalize(role["title"]), normalize(role["unit"]), normalize(role["org"]))
            # A successor the text gives a new post takes that one, unless the succession
            # names the post it hands on ("lui cède son titre de vice-président").
            if key not in posts and role in inherited and (succession["title"] or not taken):
                roles.append({**role, "person": successor, "status": "new",
                              "rule": "succession:inherit"})
        if not held:
            # The predecessor leaves the post the successor takes, unless the text gives
            # the predecessor that very title as a new post ("succédera à Y, nommé DG").
            new_posts = {(normalize(r["title"]), normalize(r["org"])) for r in roles
                         if r["person"] == predecessor and r["status"] == "new"}
            for role in taken:
                if (normalize(role["title"]), normalize(role["org"])) not in new_posts \
                        and not is_seat(role["title"]):
                    roles.append({**role, "person": predecessor, "status": "former",
                                  "rule": "succession:inherit"})
